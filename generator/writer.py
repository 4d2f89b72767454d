"""The only module that writes output: the generated docs folder and the published site.

``sync_tree`` writes a file only when its bytes changed and removes files that are no longer
generated, so MkDocs' live reload and ``--dirty`` builds see only real changes. ``staging`` and
``publish`` build the site in a sibling folder and swap it in only on success, so a failed or
interrupted build leaves the last published site exactly as it was; what a killed build left
beside it is cleared by the next build.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class SyncStats:
    written: int
    unchanged: int
    removed: int


SAME, CHANGED, NEW = "same", "changed", "new"  # a file's state against the bytes it should hold


def sync_tree(dest: Path, files: Mapping[str, bytes]) -> SyncStats:
    """Make ``dest`` hold exactly ``files`` (relative POSIX paths → bytes)."""
    written, unchanged = _update_files(dest, files)
    removed = _remove_stale(dest, {str(_safe(rel)) for rel in files})
    return SyncStats(written, unchanged, removed)


def _update_files(dest: Path, files: Mapping[str, bytes]) -> tuple[int, int]:
    """Write those of ``files`` whose bytes changed; returns how many were written and unchanged."""
    dest.mkdir(parents=True, exist_ok=True)
    written = unchanged = 0
    folders = {str(dest)}  # made or found already
    for rel, data in sorted(files.items()):
        target = os.path.join(dest, _safe(rel))
        found = _compare(target, data)
        if found == SAME:
            unchanged += 1
            continue
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        if found == CHANGED:
            _write_atomic(Path(target), data)  # a reader (mkdocs serve) never sees half a page
        else:
            with open(target, "wb") as handle:
                handle.write(data)
        written += 1
    return written, unchanged


def _compare(target: str, data: bytes) -> str:
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return NEW
    if stat.S_ISREG(found.st_mode) and found.st_size == len(data):
        with open(target, "rb") as handle:
            if handle.read() == data:
                return SAME
    return CHANGED


def _safe(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    return path


def _write_atomic(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def _remove_stale(dest: Path, keep: set[str]) -> int:
    """Remove the files (and links) under ``dest`` not in ``keep``, then the folders left empty."""
    removed = 0
    for folder, subfolders, names in os.walk(dest, topdown=False):
        rel = os.path.relpath(folder, dest).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        links = [name for name in subfolders if os.path.islink(os.path.join(folder, name))]
        for name in sorted(names + links):
            if prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
                removed += 1
        if folder != str(dest) and not os.listdir(folder):
            os.rmdir(folder)
    return removed


@contextmanager
def staging(site_dir: Path) -> Iterator[Path]:
    """A fresh folder beside ``site_dir`` to build into; removed unless published."""
    clear_abandoned(site_dir)
    tmp = site_dir.with_name(f".{site_dir.name}.building-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def publish(built: Path, site_dir: Path) -> None:
    """Swap the finished build in for the published site; on any failure or Ctrl-C, put it back."""
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    try:
        if site_dir.exists():
            os.replace(site_dir, old)
        os.replace(built, site_dir)
    except BaseException:
        if old.exists() and not site_dir.exists():
            os.replace(old, site_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def clear_abandoned(site_dir: Path) -> None:
    """Remove what killed builds left beside ``site_dir``: their staging folders, and their moved-aside
    site, which is put back if it was moved aside but never replaced."""
    pattern = re.compile(rf"\.{re.escape(site_dir.name)}\.(building|old)-(\d+)")
    for path in sorted(site_dir.parent.glob(f".{site_dir.name}.*-*")):
        found = pattern.fullmatch(path.name)
        if not found or _running(int(found.group(2))):
            continue
        if found.group(1) == "old" and not site_dir.exists():
            os.replace(path, site_dir)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    if os.name != "posix":  # no cheap, safe liveness check: leave the folder alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: a process of another user
        pass
    return True


def add_file(target: Path, data: bytes, *, force: bool = False) -> None:
    """Add an input file (a digest) without ever overwriting one unless ``force``. A digest is
    named by its file's stem, ignoring case (it becomes a URL): a file of the same stem in another
    format is the same digest, reported as existing, and replaced under ``force``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    same = [p for p in sorted(target.parent.iterdir())
            if p.stem.casefold() == target.stem.casefold() and p.name != target.name]
    if same and not force:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(same[0]))
    if force:
        _write_atomic(target, data)
        for path in same:
            path.unlink()
        return
    with open(target, "xb") as handle:  # "x": fails if the file exists, even in a race
        handle.write(data)
