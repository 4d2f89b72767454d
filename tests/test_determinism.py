"""Same content, same bytes: two builds of one collection give byte-identical sites.

The two builds differ in everything that must not matter: the project's folder, the current
folder, hash seeds, time zone, locale, file modification times and the wall clock (another day
where Debian's ``faketime`` is installed; a Turkish locale, whose dotless i breaks a naive
lower-casing, where one is generated). Run with the curated topics and with topics suggested
from the papers (clustering must be seeded too). Apart: the umask, and a Windows checkout.
"""

from __future__ import annotations

import locale
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_project as make_empty_project

ROOT = Path(__file__).resolve().parent.parent
DIGESTS = {
    "2026-11-24-trending.txt": ROOT / "tests" / "data" / "seed-digest.txt",
    **{p.name: p for p in (ROOT / "tests" / "fixtures" / "hostile").glob("2026-*")},
}


def make_project(folder: Path, topics: bool) -> Path:
    return make_empty_project(folder, {name: source.read_bytes() for name, source in DIGESTS.items()}, topics=topics)



def start_build(folder: Path, site: Path, cwd: Path, umask: int = -1, prefix: tuple[str, ...] = (),
                **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*prefix, sys.executable, "-m", "generator", "-C", str(folder), "build", "--site-dir", str(site)],
        cwd=cwd, env={**clean_env(), **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, umask=umask)


def finish(process: subprocess.Popen) -> None:
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err


TURKISH = "tr_TR.UTF-8"


def has_locale(name: str) -> bool:
    saved = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, name)
        return True
    except locale.Error:
        return False
    finally:
        locale.setlocale(locale.LC_ALL, saved)


def another_day() -> tuple[str, ...]:
    """A command prefix that runs a build with its clock on another day and year (nothing where
    ``faketime`` is not installed)."""
    return ("faketime", "2041-07-04 23:30:00") if shutil.which("faketime") else ()


def clean_env() -> dict[str, str]:
    """The environment without SOURCE_DATE_EPOCH: the output must not need it."""
    return {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(one: Path, two: Path) -> None:
    a, b = files(one), files(two)
    assert sorted(a) == sorted(b), set(a) ^ set(b)
    differing = [name for name in a if a[name] != b[name]]
    assert differing == [], f"{len(differing)} files differ, e.g. {differing[:5]}"


@pytest.mark.slow
@pytest.mark.parametrize("topics", [True, False], ids=["curated-topics", "suggested-topics"])
def test_two_builds_are_byte_identical(tmp_path, topics):
    first = make_project(tmp_path / "first" / "project", topics)
    second = make_project(tmp_path / "else where é" / "deeper 論文" / "copy", topics)
    for path in (second / "content" / "digests").iterdir():
        os.utime(path, (1_000_000_000, 1_000_000_000))
    one = start_build(first, tmp_path / "site-one", cwd=first, PYTHONHASHSEED="1", TZ="UTC", LC_ALL="C.UTF-8")
    two = start_build(second, tmp_path / "site-two", cwd=tmp_path, prefix=another_day(), PYTHONHASHSEED="2",
                      TZ="Pacific/Kiritimati", LC_ALL=TURKISH if has_locale(TURKISH) else "C")
    finish(one)
    finish(two)
    assert_same_tree(tmp_path / "site-one", tmp_path / "site-two")
    assert_same_tree(first / "build" / "docs", second / "build" / "docs")
    assert len(files(tmp_path / "site-one")) > 300


def modes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in sorted(folder.rglob("*"))}


def test_the_site_is_readable_by_everyone_whatever_the_umask(tmp_path):
    """Under a private account's ``umask 077`` the site's files were 0600 and its folders 0700:
    a web server running as another user answered 403 for every page. Under ``umask 002`` they
    were 0664: the same input, another site. Files are 0644 and folders 0755 under both."""
    found = {}
    for umask in (0o077, 0o002):
        folder = make_empty_project(tmp_path / f"umask-{umask:03o}",
                                    {"2026-11-24-trending.txt": DIGESTS["2026-11-24-trending.txt"].read_bytes()})
        finish(start_build(folder, folder / "site", cwd=folder, umask=umask))
        found[umask] = {**modes(folder / "site"), **{f"docs/{k}": v for k, v in modes(folder / "build" / "docs").items()}}
    assert found[0o077] == found[0o002]
    assert set(found[0o077].values()) == {0o644, 0o755}
    assert found[0o077]["index.html"] == 0o644 and found[0o077]["papers"] == 0o755


def test_a_locale_of_another_encoding_builds_the_same_site(tmp_path):
    """Python decodes file names by the locale's encoding (UTF-8 mode aside): under ``C`` without
    its coercion to C.UTF-8 (as under ``tr_TR.ISO-8859-9``) the page ``über.md`` was another
    name, and the build failed or linked the page at another URL. The command starts again in
    UTF-8 mode there."""
    digests = {"2026-11-24-trending.txt": DIGESTS["2026-11-24-trending.txt"].read_bytes()}
    unicode, other = (make_empty_project(tmp_path / name, digests) for name in ("unicode", "other"))
    for folder in (unicode, other):
        (folder / "content" / "pages").mkdir()
        (folder / "content" / "pages" / "über.md").write_text("# Über\n\nAbout [the papers](index.md).\n",
                                                           encoding="utf-8")
    builds = [start_build(unicode, unicode / "site", cwd=unicode, LC_ALL="C.UTF-8"),
              start_build(other, other / "site", cwd=other, LC_ALL="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0")]
    for process in builds:
        finish(process)
    assert (other / "site" / "über" / "index.html").is_file()
    assert_same_tree(unicode / "site", other / "site")


def windows_checkout(folder: Path) -> None:
    """``folder``'s text files as a Windows user may have them: checked out with git's
    ``core.autocrlf`` (CRLF line ends) and saved by an editor that writes a UTF-8 BOM."""
    for path in folder.rglob("*"):
        data = path.read_bytes() if path.is_file() else b"\0"
        if b"\0" not in data:
            path.write_bytes(b"\xef\xbb\xbf" + data.removeprefix(b"\xef\xbb\xbf").replace(b"\n", b"\r\n"))


def test_a_windows_checkout_builds_the_same_site(tmp_path):
    """The digests, topics.yml, collection.yml, mkdocs.yml and every template with CRLF line ends
    and a BOM: the scripts were published with CRLF (other bytes), and a template's BOM was kept in
    the pages (mid-page for an included one; two before ``<!doctype html>``, which puts browsers in
    quirks mode) and in the stylesheet (where it broke search.css's first rule)."""
    digests = {"2026-11-24-trending.txt": DIGESTS["2026-11-24-trending.txt"].read_bytes()}
    unix, windows = (make_empty_project(tmp_path / name, digests) for name in ("unix", "windows"))
    windows_checkout(windows)
    assert (windows / "site_templates" / "theme" / "main.html").read_bytes().startswith(b"\xef\xbb\xbf")
    builds = [start_build(folder, folder / "site", cwd=folder) for folder in (unix, windows)]
    for process in builds:
        finish(process)
    assert_same_tree(unix / "site", windows / "site")
    assert_same_tree(unix / "build" / "docs", windows / "build" / "docs")


def test_the_tree_comparison_sees_one_changed_byte(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "f.html").write_bytes(b"same")
    assert_same_tree(tmp_path / "a", tmp_path / "b")
    (tmp_path / "b" / "sub" / "f.html").write_bytes(b"samE")
    with pytest.raises(AssertionError):
        assert_same_tree(tmp_path / "a", tmp_path / "b")
