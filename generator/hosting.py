"""How large the published site is as GitHub Pages counts it, and a warning before it is too large.

GitHub Pages refuses sites over 1 GB, and what it counts is the tar archive of ``site/`` that
``actions/upload-pages-artifact`` makes (GNU tar): each file's bytes rounded up to 512-byte blocks,
a 512-byte header for each file and folder, and a long-name entry for each path of 100 bytes or more.
A site of daily digests reaches that in a year or two (about 10 KB a paper), and the deployment then
fails at GitHub a year after the collection began, with no word from the build: so the build
warns once the archive passes :data:`WARN_SHARE` of the limit.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .errors import Problem

PAGES_LIMIT = 10**9  # bytes: GitHub's "1 GB" (taken as 10^9, the smaller reading)
WARN_SHARE = 0.9  # of PAGES_LIMIT, from which the build warns
BLOCK = 512  # tar's block
RECORD = 20 * BLOCK  # GNU tar's default blocking: the archive is a whole number of these
NAME_FIELD = 100  # bytes of a header's name field: a longer path needs a long-name entry first


def archive_size(files: Iterable[tuple[str, int]]) -> int:
    """The size of GNU tar's archive of a folder holding ``files`` (relative POSIX path, size)
    as ``tar -cf - -C site .`` writes it (paths start "./"); an estimate within a few blocks."""
    total, folders = 0, {""}
    for rel, size in files:
        total += _entry(f"./{rel}", size)
        folder = rel.rpartition("/")[0]
        while folder not in folders:  # (its parents, up to the first one seen)
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    total += sum(_entry(f"./{folder}/" if folder else "./", 0) for folder in folders)
    total += 2 * BLOCK  # the two zero blocks that end an archive
    return -(-total // RECORD) * RECORD


def _entry(name: str, size: int) -> int:
    length = len(name.encode("utf-8", "surrogateescape"))
    long_name = BLOCK + _blocks(length + 1) if length >= NAME_FIELD else 0
    return long_name + BLOCK + _blocks(size)


def _blocks(size: int) -> int:
    return -(-size // BLOCK) * BLOCK


def site_files(site_dir: Path, stamps: Mapping[str, Sequence[int]] | None = None) -> list[tuple[str, int]]:
    """Each file of ``site_dir`` with its size: from ``stamps`` (relative path → size and
    modification time, as :func:`generator.writer.publish` gives them) when known, else listed."""
    if stamps is not None:
        return [(rel, found[0]) for rel, found in stamps.items()]
    root, files = os.fspath(site_dir), []
    for folder, _, names in os.walk(root):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in names:
            path = os.path.join(folder, name)
            files.append((name if rel == "." else f"{rel}/{name}", os.lstat(path).st_size))
    return files


def size_warning(files: Iterable[tuple[str, int]], where: str) -> list[Problem]:
    """A warning at ``where`` (the settings file, whose filters keep a site smaller) when the
    site's archive passes :data:`WARN_SHARE` of GitHub Pages' limit."""
    size = archive_size(files)
    if size < WARN_SHARE * PAGES_LIMIT:
        return []
    verb = "is over" if size > PAGES_LIMIT else "is near"
    return [Problem(where, 1, f"the site is {size / 1e6:,.0f} MB as GitHub Pages counts it (the tar archive of "
                              f"the site folder) and {verb} the {PAGES_LIMIT / 1e9:g} GB GitHub Pages publishes: "
                              "keep fewer papers with this file's `include`/`exclude` filters or fewer digests, "
                              "or host the site where larger sites are allowed (README: Publishing)", "warning")]
