"""A rebuild with nothing changed does nothing; any change to an input or an output builds.

Issue 11: the build costs in proportion to what changed. With the inputs (code, options,
mkdocs.yml, content, templates) and the outputs (docs folder, site) as the last build left them,
the build reports the last build's counts and problems and touches no file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import make_project
from generator.build import build
from generator.cache import FOLDER
from generator.config import load_project
from generator.up_to_date import NAME
from test_determinism import assert_same_tree
from test_incremental import full_build, jsonl, seed_entries
from test_workflows import cached_paths


@pytest.fixture
def built(tmp_path):
    entries = seed_entries()
    folder = make_project(tmp_path / "project", {"2026-11-01-first.jsonl": jsonl(entries[:20]),
                                                 "2026-11-02-second.jsonl": jsonl(entries[20:30]) + "not json\n"})
    first = build(load_project(folder), skip_invalid=True)
    assert not first.up_to_date and first.skipped
    return folder, first, entries


def stamps(folder: Path) -> dict[str, tuple[int, int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size)
            for p in folder.rglob("*") if p.is_file()}


def test_a_rebuild_with_nothing_changed_touches_nothing_and_reports_the_last_build(built):
    folder, first, _ = built
    before = {name: stamps(folder / name) for name in ("site", "build/docs", FOLDER)}
    again = build(load_project(folder), skip_invalid=True)
    assert again.up_to_date
    assert (again.papers, again.topics, again.digests, again.date) == (first.papers, first.topics, first.digests, first.date)
    assert again.skipped == first.skipped and again.problems == first.problems  # the CLI prints them again
    assert {name: stamps(folder / name) for name in before} == before


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_size_other_bytes(path: Path) -> None:
    data = path.read_bytes()
    stat = path.stat()
    path.write_bytes(data[:-1] + (b"x" if data[-1:] != b"x" else b"y"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))


CHANGES = {
    "a new digest": lambda f, e: (f / "content/digests/2026-11-03-third.jsonl").write_text(jsonl(e[30:35])),
    "a digest edited": lambda f, e: (f / "content/digests/2026-11-01-first.jsonl").write_text(jsonl(e[:19])),
    "topics.yml edited": lambda f, e: _edit(f / "content/topics.yml", "  - name:", "  - name: Edited\n    slug: edited\n"
                                            "    keywords: [edited]\n  - name:"),
    "collection.yml edited": lambda f, e: _edit(f / "content/collection.yml", "listing_size: 20", "listing_size: 19"),
    "mkdocs.yml edited": lambda f, e: _edit(f / "mkdocs.yml", "site_name: ", "site_name: Edited "),
    "a page template edited": lambda f, e: _edit(f / "site_templates/pages/paper.md.j2", ">Abstract</h2>", ">Summary</h2>"),
    "a site page edited": lambda f, e: _same_size_other_bytes(f / "site/index.html"),
    "a site page removed": lambda f, e: (f / "site/index.html").unlink(),
    "a file added to the site": lambda f, e: (f / "site/extra.html").write_text("<p>not ours</p>"),
    "a docs page edited": lambda f, e: _same_size_other_bytes(next((f / "build/docs/papers").glob("*.md"))),
    "the record damaged": lambda f, e: _same_size_other_bytes(f / FOLDER / f"{NAME}.json"),
}


@pytest.mark.slow
@pytest.mark.parametrize("change", CHANGES)
def test_any_change_to_an_input_or_an_output_builds_the_site_anew(built, change, tmp_path):
    folder, _, entries = built
    CHANGES[change](folder, entries)
    report = build(load_project(folder), skip_invalid=True)
    assert not report.up_to_date
    assert_same_tree(folder / "site", full_build(folder, tmp_path, skip_invalid=True))
    assert build(load_project(folder), skip_invalid=True).up_to_date  # and then it is


def test_other_options_or_a_full_build_build_again(built):
    folder, *_ = built
    assert not build(load_project(folder), skip_invalid=True, strict=False).up_to_date
    assert not build(load_project(folder), skip_invalid=True, strict=False, full=True).up_to_date
    assert build(load_project(folder), skip_invalid=True, strict=False).up_to_date


def test_a_configuration_that_reads_the_environment_is_always_built(built, monkeypatch):
    folder, *_ = built
    monkeypatch.setenv("DIGEST_SITE_TEST_NAME", "From the environment")
    _edit(folder / "mkdocs.yml", "site_name: Trending Papers Digest", "site_name: !ENV DIGEST_SITE_TEST_NAME")
    assert not build(load_project(folder), skip_invalid=True).up_to_date
    assert not build(load_project(folder), skip_invalid=True).up_to_date


def _tar_cached_folders(folder: Path, archive: Path) -> None:
    """The build job's cached folders, stored as ``actions/cache`` stores them on Linux: GNU tar
    in POSIX format (modification times to the nanosecond), one archive (hard links kept)."""
    listed = archive.with_suffix(".txt")
    listed.write_text("\n".join(cached_paths("build")) + "\n")
    subprocess.run(["tar", "--posix", "-cf", str(archive), "-P", "-C", str(folder), "--files-from", str(listed)], check=True)


def _untar_cached_folders(folder: Path, archive: Path) -> None:
    """A fresh runner's cached folders: removed, then extracted (every inode new)."""
    for rel in cached_paths("build"):
        shutil.rmtree(folder / rel)
    subprocess.run(["tar", "-xf", str(archive), "-P", "-C", str(folder)], check=True)


@pytest.mark.skipif(shutil.which("tar") is None, reason="no tar command")
def test_the_workflows_folders_restored_as_actions_cache_restores_them_are_still_up_to_date(built, tmp_path):
    # actions/cache on Linux: GNU tar in POSIX format (modification times kept to the nanosecond),
    # the folders of the step's path list, then extracted on a fresh runner at the same path.
    folder, *_ = built
    _tar_cached_folders(folder, tmp_path / "cache.tar")
    _untar_cached_folders(folder, tmp_path / "cache.tar")
    assert build(load_project(folder), skip_invalid=True).up_to_date


@pytest.mark.skipif(shutil.which("tar") is None, reason="no tar command")
def test_a_digest_built_on_restored_folders_reads_no_file_more_than_on_the_folders_left_in_place(
        built, tmp_path, monkeypatch):
    # The cache trusts the files it wrote by their stamps (size and time): a restore that keeps the
    # times but gives every file a new inode must not make it read and hash each stored page again.
    from generator import cache, render_cache

    folder, _, entries = built
    _tar_cached_folders(folder, tmp_path / "cache.tar")
    (folder / "content/digests/2026-11-03-third.jsonl").write_text(jsonl(entries[30:35]), encoding="utf-8")
    monkeypatch.setenv("DIGEST_SITE_WORKERS", "1")  # every read in this process, where it is seen
    read: list[str] = []

    def recording(path, mode="r", *args, **kwargs):
        found = Path(path).resolve() if isinstance(path, (str, os.PathLike)) else None
        if found is not None and "r" in mode and found.is_relative_to(folder.resolve()) and found.suffix != ".json":
            read.append(found.relative_to(folder.resolve()).as_posix())
        return open(path, mode, *args, **kwargs)

    for module in (cache, render_cache):
        monkeypatch.setattr(module, "open", recording, raising=False)

    def written() -> set[str]:  # the output files a build writes: those whose times it changes
        before = {name: stamps(folder / name) for name in ("site", "build/docs")}
        build(load_project(folder), skip_invalid=True)
        return {f"{name}/{rel}" for name, found in before.items() for rel, stamp in stamps(folder / name).items()
                if rel not in found or found[rel][1] != stamp[1]}

    written_in_place, read_in_place, read[:] = written(), sorted(read), []
    _untar_cached_folders(folder, tmp_path / "cache.tar")
    assert written() == written_in_place
    assert sorted(read) == read_in_place
    assert_same_tree(folder / "site", full_build(folder, tmp_path, skip_invalid=True))


def test_a_rebuild_after_a_build_that_updated_the_site_in_place_is_up_to_date(built, monkeypatch):
    # The build that updates the published site in place records the files it left (the docs
    # folder's and the site's) without listing the folders again: the same hash as a listing.
    from generator import up_to_date
    from generator.up_to_date import outputs

    folder, _, entries = built
    (folder / "content/digests/2026-11-03-third.jsonl").write_text(jsonl(entries[30:35]), encoding="utf-8")
    recorded = []
    record = up_to_date.record
    monkeypatch.setattr(up_to_date, "record", lambda *args: recorded.append(args[-1]) or record(*args))
    third = build(load_project(folder), skip_invalid=True)
    assert not third.up_to_date and all(recorded[0].values())  # both folders' files known
    again = build(load_project(folder), skip_invalid=True)
    assert again.up_to_date
    project = load_project(folder)
    assert outputs(project, {"site": ["index.html"]}) != outputs(project)  # a wrong list: another hash
