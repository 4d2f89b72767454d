"""The site's size as GitHub Pages counts it, and the build's warning before the limit."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator import hosting, writer
from generator.build import build
from generator.config import load_project

PAPERS = "First paper title\nWe study one thing. We find another thing.\n"
TAR = shutil.which("tar")


def pages_tar_size(folder: Path) -> int:
    """The bytes of the archive actions/upload-pages-artifact makes of ``folder`` (GNU tar, hard
    links stored as files)."""
    done = subprocess.run([TAR, "--hard-dereference", "-cf", "-", "-C", str(folder), "."], capture_output=True, check=True)
    return len(done.stdout)


@pytest.mark.skipif(TAR is None, reason="GNU tar is not installed")
def test_the_estimate_is_the_size_of_the_archive_github_pages_counts(tmp_path):
    folder = tmp_path / "site"
    (folder / "papers" / ("a-long-slug-" * 9)).mkdir(parents=True)  # a path over tar's 100-byte name field
    (folder / "papers" / ("a-long-slug-" * 9) / "index.html").write_bytes(b"x" * 1500)
    (folder / "search" / "shards").mkdir(parents=True)
    for size in (0, 1, 511, 512, 513, 10240, 70000):
        (folder / "search" / "shards" / f"part-{size}.json").write_bytes(b"y" * size)
    (folder / "über.html").write_bytes(b"z" * 100)  # a non-ASCII name: its bytes are counted
    (folder / "linked.html").hardlink_to(folder / "über.html")  # stored twice by Pages' tar
    assert hosting.archive_size(hosting.site_files(folder)) == pages_tar_size(folder)


@pytest.mark.skipif(TAR is None, reason="GNU tar is not installed")
def test_the_estimate_holds_for_a_built_site_from_the_stamps_publishing_gives(project, monkeypatch):
    folder = project({"2026-01-01-a.txt": PAPERS})
    build(load_project(folder))
    assert hosting.archive_size(hosting.site_files(folder / "site")) == pages_tar_size(folder / "site")  # listed
    given = []  # what publishing returns when it updates the site in place: each file's stamp
    real = writer.publish
    monkeypatch.setattr(writer, "publish", lambda *args, **kwargs: given.append(real(*args, **kwargs)) or given[-1])
    (folder / "content" / "digests" / "2026-01-02-b.txt").write_text(PAPERS.replace("First", "Second"), encoding="utf-8")
    build(load_project(folder))
    assert isinstance(given[-1], dict)
    assert hosting.archive_size(hosting.site_files(folder / "site", given[-1])) == pages_tar_size(folder / "site")


def test_a_site_near_the_limit_is_warned_of_at_the_settings_file(project, monkeypatch):
    folder = project({"2026-01-01-a.txt": PAPERS})
    monkeypatch.chdir(folder)
    report = build(load_project(folder))
    assert not [p for p in report.problems if "GitHub Pages" in p.message]
    size = hosting.archive_size(hosting.site_files(folder / "site"))

    monkeypatch.setattr(hosting, "PAGES_LIMIT", int(size / 0.95))  # the site is at 95% of the limit
    report = build(load_project(folder), full=True)  # (the site swapped in whole: listed)
    warned = [p for p in report.problems if "GitHub Pages" in p.message]
    assert [(p.path, p.line, p.level) for p in warned] == [("content/collection.yml", 1, "warning")]
    assert "is near" in warned[0].message and "include" in warned[0].message

    again = build(load_project(folder))  # nothing changed: the last build's report, its warning too
    assert again.up_to_date and [str(p) for p in again.problems if "GitHub Pages" in p.message] == [str(warned[0])]

    monkeypatch.setattr(hosting, "PAGES_LIMIT", size // 2)  # over it, after a digest (the site updated in place)
    (folder / "content" / "digests" / "2026-01-02-b.txt").write_text(PAPERS.replace("First", "Second"), encoding="utf-8")
    report = build(load_project(folder))
    assert ["is over" in p.message for p in report.problems if "GitHub Pages" in p.message] == [True]
