"""The only module that writes output: the generated docs folder and the published site.

``sync_tree`` writes a file only when its bytes changed and removes files that are no longer
generated, so MkDocs' live reload and ``--dirty`` builds see only real changes. The docs folder
belongs to the tool: a manifest (:data:`MANIFEST`) lists every file it wrote there, a folder
holding any other file is refused, and only listed files are ever removed. ``staging`` and
``publish`` build the site in a sibling folder and swap it in only on success, so a failed or
interrupted build leaves the last published site exactly as it was; what a killed build left
beside it is cleared by the next build.

Large builds do not hold their pages in memory: ``spool`` gives a folder beside the docs folder
that pages are written to as they are rendered (by the worker processes), and ``sync_tree`` then
moves each one into place, or drops it when the docs folder already holds the same bytes; a
docs folder that does not exist yet is the spool itself, renamed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import DigestSiteError


# The umask of every file and folder a build makes: files rw-r--r--, folders rwxr-xr-x, whatever
# the user's. Under ``umask 077`` (a private account's) the site's files were 0600, which a web
# server running as another user cannot read (403 on every page), and the same input gave another
# site (umask 002's were 0664); the site is built to be published.
UMASK = 0o022


@contextmanager
def published_modes() -> Iterator[None]:
    """Files and folders made in the block (and by the processes it forks) get the modes of
    :data:`UMASK`; the process's own umask is put back at its end."""
    saved = os.umask(UMASK)
    try:
        yield
    finally:
        os.umask(saved)


@dataclass(frozen=True)
class SyncStats:
    written: int
    unchanged: int
    removed: int
    # what the folder then holds (relative POSIX paths), its manifest too; not part of the counts compared
    files: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    # the stamp (generator.cache.stamp) of each of those files as the sync left it, when it looked
    # at every one: later stages need not ``stat`` 13,000 files again (None: they look)
    stamps: dict[str, list[int]] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Spooled:
    """A generated file written to a spool folder already: where, and how many bytes."""

    path: str
    size: int
    # whether the docs folder held other bytes when it was spooled (then compared already: the
    # write need not read both files again; at 10,000 papers a digest spools 2,100 of them)
    differs: bool = False


@dataclass(frozen=True)
class Kept:
    """A generated file the docs folder holds already, as the build just checked (its bytes are
    those of an earlier build's page, read back and compared with their hash): its size."""

    size: int


@dataclass(frozen=True)
class Spool:
    """A folder for generated files, beside the docs folder (the same file system, so a file
    moves into place by a rename); see :func:`spool`."""

    folder: Path
    docs: Path | None = None  # the docs folder the spooled files go to
    # Files written in the folder itself, each named by a hash of its path, not in a tree of
    # folders: a docs folder that exists already takes them one by one, and the spool's folders,
    # left empty, took an ``rmdir`` each (here 2-3 ms apiece, 14 folders for a new digest).
    flat: bool = False

    def put(self, rel: str, data: bytes) -> Spooled | Kept:
        """Write the file of docs path ``rel``, at that path in the spool (a docs folder that
        does not exist yet then becomes the spool by one rename: :func:`sync_tree`); writing it
        again (a chunk redone) replaces it. Not atomically (the spool is private to this build,
        and a chunk is redone only once the process that ran it has left it), so with no
        temporary file and rename per page. A file the docs folder holds already, byte for byte,
        is not written (``Kept``): making a file costs more than reading one on some file systems
        (here, 0.3-0.6 ms against 0.03), and a digest leaves most feeds and search files as they were."""
        if self.docs is not None and _compare(os.path.join(self.docs, _clean(rel)), data) == SAME:
            return Kept(len(data))
        if self.flat:
            path = os.path.join(self.folder, hashlib.sha1(_clean(rel).encode("utf-8", "surrogatepass")).hexdigest())
        else:
            path = os.path.join(self.folder, _clean(rel))
        try:
            handle = open(path, "wb")
        except FileNotFoundError:  # its folder's first file
            os.makedirs(os.path.dirname(path), exist_ok=True)
            handle = open(path, "wb")
        with handle:
            handle.write(data)
        return Spooled(path, len(data), self.docs is not None)

    def keep(self, files: Mapping[str, bytes]) -> dict[str, Spooled | Kept]:
        return {rel: self.put(rel, data) for rel, data in files.items()}


@contextmanager
def spool(docs_dir: Path) -> Iterator[Spool]:
    """A fresh spool folder beside ``docs_dir``, removed afterwards with what was not moved."""
    with staging(docs_dir) as folder:
        yield Spool(folder, docs_dir, flat=has_entries(docs_dir))


SAME, CHANGED, NEW = "same", "changed", "new"  # a file's state against the bytes it should hold
# In the docs folder: the files the tool wrote there, one relative path a line. A dot file, so
# MkDocs leaves it out of the site (its default exclude_docs).
MANIFEST = ".digest-site-files"
MANIFEST_HEADER = "# Files digest-site generated in this folder; it removes only these. Do not edit. (2)"
# the header of the manifests earlier versions wrote, which have no end line: read as they are
OLD_MANIFEST_HEADER = "# Files digest-site generated in this folder; it removes only these. Do not edit."
_OWN_TEMPORARY = re.compile(r"\..+\.tmp-(\d+)")  # what _write_atomic leaves if killed


class NotOwned(DigestSiteError):
    """The docs folder holds files the tool did not write."""


def sync_tree(dest: Path, files: Mapping[str, bytes | Spooled | Kept], spool: Spool | None = None) -> SyncStats:
    """Make ``dest`` hold exactly ``files`` (relative POSIX paths → bytes, the spooled file
    holding them, which is moved into place, or :class:`Kept`). Raises :class:`NotOwned`,
    before writing anything, when ``dest`` holds a file the tool did not write. When ``dest``
    is absent or empty (a first build, a fresh clone in CI) and every file is in ``spool`` or
    bytes, the spool becomes ``dest`` by one rename instead of a rename per file (at 100,000
    papers, 120,000 renames: about 18 s)."""
    if spool is not None and _vacant(dest) and all(
            isinstance(data, bytes) or (isinstance(data, Spooled) and data.path == os.path.join(spool.folder, rel))
            for rel, data in files.items()):
        for rel, data in files.items():
            if isinstance(data, bytes):
                spool.put(rel, data)
        _write_manifest(spool.folder, {_clean(rel) for rel in files})
        if os.path.lexists(dest):
            dest.rmdir()
        os.replace(spool.folder, dest)
        return SyncStats(len(files), 0, 0, frozenset({_clean(rel) for rel in files} | {MANIFEST}))
    keep = {_clean(rel) for rel in files}
    owned, listed = _claim(dest, keep)
    every = owned | keep
    if not (listed and every == owned):  # first: an interrupted build leaves nothing unlisted
        _write_manifest(dest, every)
    written, unchanged, stamps = _update_files(dest, files)
    removed = _remove_stale(dest, owned - keep)
    if every != keep:  # (else the manifest lists them already: 13,000 lines at 10,000 papers)
        _write_manifest(dest, keep)
    stamps[MANIFEST] = stamp_of(os.lstat(dest / MANIFEST))
    return SyncStats(written, unchanged, removed, frozenset(keep | {MANIFEST}), stamps)


def _vacant(dest: Path) -> bool:
    """Whether ``dest`` is absent or an empty folder (not a link to one)."""
    if not os.path.lexists(dest):
        return True
    return not dest.is_symlink() and dest.is_dir() and not has_entries(dest)


def has_entries(folder: Path) -> bool:
    """Whether ``folder`` exists and holds anything."""
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except FileNotFoundError:
        return False


def claim(dest: Path, generated: set[str]) -> set[str]:
    """The files of ``dest`` the tool wrote (from its manifest); raises :class:`NotOwned` if ``dest``
    holds others. A folder without a manifest (built before there was one) is taken over only
    when every file in it is one about to be generated."""
    return _claim(dest, generated)[0]


def _claim(dest: Path, generated: set[str]) -> tuple[set[str], bool]:
    """:func:`claim`, and whether those files are what a manifest of this version lists (whole)."""
    if not os.path.lexists(dest):
        return set(), False
    if dest.is_symlink() or not dest.is_dir():
        raise NotOwned(f"docs_dir {dest} is not a folder: choose a folder of its own, such as build/docs")
    listed, current = _manifest(dest)
    present = _present_files(dest)
    if listed is DAMAGED:  # ours, cut short or garbled (a cache archive half restored): the folder is ours whole
        return present, False
    strangers = sorted(present - (listed if listed is not None else generated))
    if strangers:
        shown = ", ".join(strangers[:3]) + (f" and {len(strangers) - 3} more" if len(strangers) > 3 else "")
        raise NotOwned(f"docs_dir {dest} holds files digest-site did not write ({shown}); it never removes "
                       "such files. Point docs_dir in mkdocs.yml at a folder of its own (such as build/docs), "
                       "or move those files out")
    return (listed, current) if listed is not None else (present, False)


DAMAGED: set[str] = set()  # _read_manifest: a manifest that is there but not whole


def _read_manifest(dest: Path) -> set[str] | None:
    """The files the manifest lists; None without one; :data:`DAMAGED` (compared by identity)
    when it does not end with the line that counts and hashes the others, as one cut short or
    garbled (or written by a version before that line) does."""
    return _manifest(dest)[0]


def _manifest(dest: Path) -> tuple[set[str] | None, bool]:
    """:func:`_read_manifest`, and whether the manifest holds the bytes this version would write
    for those files (then it need not be written again)."""
    try:
        data = (dest / MANIFEST).read_bytes()
    except FileNotFoundError:
        return None, False
    body, _, end = data.rstrip(b"\n").rpartition(b"\n")
    if end != _end_line(body + b"\n"):
        # an earlier version's manifest is whole as it is: taken as damaged, the folder was taken
        # whole, and a file its owner put there since (which that version refused) was removed
        old = data.decode("utf-8", "replace").splitlines()
        if old[:1] == [OLD_MANIFEST_HEADER] and data.endswith(b"\n"):
            return {line for line in old[1:] if line}, False
        return DAMAGED, False
    lines = body.decode("utf-8").splitlines()
    listed = {line for line in lines[1:] if line}
    return listed, data == _manifest_bytes(listed)


def _write_manifest(dest: Path, files: set[str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    _write_atomic(dest / MANIFEST, _manifest_bytes(files))


def _manifest_bytes(files: set[str]) -> bytes:
    body = "\n".join([MANIFEST_HEADER, *sorted(files), ""]).encode("utf-8")
    return body + _end_line(body) + b"\n"


def _end_line(body: bytes) -> bytes:
    return b"# end: sha256 " + hashlib.sha256(body).hexdigest().encode()


def owners(rel: str) -> bool:
    """Whether the site's entry ``rel`` (a relative POSIX path) is in a hidden entry of its top
    folder: the owner's, which a build leaves as it is, as MkDocs' own does (a gh-pages worktree's
    ``.git``, a ``.nojekyll``: a build removed them without a word). No built file is named so."""
    return rel.startswith(".")


def _present_files(dest: Path, hidden: bool = True) -> set[str]:
    """Every file and link under ``dest`` (relative POSIX paths) but the manifest, and without
    ``hidden``, but those the owner's (:func:`owners`); what killed builds of this tool left
    half-written is removed. By ``os.scandir``, whose entries tell a
    folder from a link without a ``stat``: ``os.walk``, a link check and ``relpath`` per folder
    took 0.5 s for a 10,000-paper build's site, built site and docs folder; this, 0.2 s."""
    found = set()
    pending = [("", os.fspath(dest))]
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # as os.walk: a folder that cannot be read is passed over
            continue
        for entry in entries:
            if not hidden and owners(prefix + entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append((f"{prefix}{entry.name}/", entry.path))
                continue
            temporary = _OWN_TEMPORARY.fullmatch(entry.name)
            if temporary and not _running(int(temporary.group(1))):
                os.unlink(entry.path)
            elif not temporary and prefix + entry.name != MANIFEST:
                found.add(prefix + entry.name)
    return found


def _update_files(dest: Path, files: Mapping[str, bytes | Spooled | Kept]) -> tuple[int, int, dict[str, list[int]]]:
    """Write those of ``files`` whose bytes changed; returns how many were written and unchanged,
    and each file's stamp (:func:`stamp_of`) once written or found the same."""
    dest.mkdir(parents=True, exist_ok=True)
    written = unchanged = 0
    stamps = {}
    folders = {str(dest)}  # made or found already
    for rel, data in sorted(files.items()):
        rel = _clean(rel)
        target = os.path.join(dest, rel)
        found, seen = _compared(target, data)
        if found == SAME:
            stamps[rel] = stamp_of(seen)
            unchanged += 1
            continue
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        if isinstance(data, Spooled):
            os.replace(data.path, target)  # a rename: a reader never sees half a page
        elif found == CHANGED:
            _write_atomic(Path(target), data)  # a reader (mkdocs serve) never sees half a page
        else:
            with open(target, "wb") as handle:
                handle.write(data)
        stamps[rel] = stamp_of(os.lstat(target))
        written += 1
    return written, unchanged, stamps


def stamp_of(found: os.stat_result) -> list[int]:
    """A file's size and modification time (ns): :func:`generator.cache.stamp`."""
    return [found.st_size, found.st_mtime_ns]


def _compare(target: str, data: bytes | Spooled | Kept) -> str:
    return _compared(target, data)[0]


def _compared(target: str, data: bytes | Spooled | Kept) -> tuple[str, os.stat_result | None]:
    """:func:`_compare`, and the target's ``lstat`` (a regular file's when SAME)."""
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        found = None
    if isinstance(data, Kept):
        if found is None or not stat.S_ISREG(found.st_mode) or found.st_size != data.size:
            raise DigestSiteError(f"{target} was changed while the site was built: build again")
        return SAME, found
    if found is None:
        return NEW, found
    if isinstance(data, Spooled) and data.differs:
        return CHANGED, found
    size = data.size if isinstance(data, Spooled) else len(data)
    if stat.S_ISREG(found.st_mode) and found.st_size == size:
        with open(target, "rb") as handle:
            if handle.read() == _bytes(data):
                return SAME, found
    return CHANGED, found


def _bytes(data: bytes | Spooled) -> bytes:
    if isinstance(data, Spooled):
        with open(data.path, "rb") as handle:
            return handle.read()
    return data


def _safe(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    return path


def _clean(rel: str) -> str:
    """``str(_safe(rel))`` without making a path of a relative path that is clean already, as
    generated ones are (a 10,000-paper build checks 29,000 paths: 0.5 s as path objects)."""
    parts = rel.split("/")
    if "" in parts or "." in parts or ".." in parts:
        return str(_safe(rel))
    return rel


def _write_atomic(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    with _removed_on_failure(tmp):
        tmp.write_bytes(data)
        os.replace(tmp, target)


@contextmanager
def _removed_on_failure(tmp: Path) -> Iterator[None]:
    """Remove the temporary file ``tmp`` if the block fails: one cut short by a full disk held
    the space it took, and none of the build cache's was ever removed."""
    try:
        yield
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _remove_stale(dest: Path, stale: set[str]) -> int:
    """Remove the files in ``stale`` (the tool's own, no longer generated), then the folders they
    leave empty."""
    removed = 0
    root = os.fspath(dest)  # paths as strings: a digest makes the last build's 1,700 search files stale
    for rel in sorted(stale, reverse=True):
        rel = _clean(rel)
        try:
            os.unlink(os.path.join(root, rel))
        except FileNotFoundError:
            continue
        removed += 1
        folder = rel.rpartition("/")[0]
        while folder:
            try:
                os.rmdir(os.path.join(root, folder))
            except OSError:  # not empty
                break
            folder = folder.rpartition("/")[0]
    return removed


@contextmanager
def staging(site_dir: Path) -> Iterator[Path]:
    """A fresh folder beside ``site_dir`` to build into; removed unless published."""
    clear_abandoned(site_dir)
    tmp = site_dir.with_name(f".{site_dir.name}.building-{os.getpid()}")
    remove(tmp)
    tmp.mkdir(parents=True)
    try:
        yield tmp
    finally:
        remove(tmp)


class Held(dict):
    """The ``kept`` files of :func:`publish` (relative POSIX path → the build cache's copy), with
    the stamps (``generator.cache.stamp``) the build found them with in the published site, and
    the files the build wrote outside its tree (``placed``: relative POSIX path → where it is,
    in the built folder's :data:`PLACED` folder)."""

    def __init__(self, files: Mapping[str, str], stamps: Mapping[str, list[int]],
                 placed: Mapping[str, str] | None = None):
        super().__init__(files)
        self.stamps = dict(stamps)
        self.placed = dict(placed or {})


# In a built site's folder: pages written in one flat folder rather than each in a folder of its
# own (papers/SLUG/index.html). Moved into the published site, they left their folders empty, and
# the built folder's removal then took an ``rmdir`` for each: here 2-3 ms apiece, 0.6-1 s for the
# 270 pages of a new digest at 10,000 papers. A dot folder: MkDocs writes no file of such a name.
PLACED = ".digest-site-pages"


def publish(built: Path, site_dir: Path,
            kept: Mapping[str, str] | None = None) -> dict[str, list[int]] | set[str] | None:
    """Put the finished build in the place of the published site; on any failure or Ctrl-C, the
    published site stays as it was.

    ``kept``: the site's files (relative POSIX path → the build cache's copy) that the build did
    not write because the published site holds them already (the same file as the cache's,
    hard-linked; :class:`Held` may name files ``placed`` outside the built tree too). Then the
    published site is updated in place (:func:`_update_site`): only the
    files that changed move, instead of the whole site (at 10,000 papers, tens of thousands of
    folders and files made and removed). Without ``kept``, or when the update fails (a
    read-only site), the built folder is completed and swapped in whole. Returns the files the
    site then holds (relative POSIX paths) when it was updated in place, mapped to their stamps
    where they could be taken (those of ``kept`` as :class:`Held` gives them), else None."""
    placed = getattr(kept, "placed", {})
    if kept and site_dir.is_dir() and not site_dir.is_symlink():
        try:
            site = _update_site(built, site_dir, set(kept), placed)
        except OSError:  # undone: the swap below may still work (it only renames the site folder)
            pass
        else:
            return _stamps(site_dir, site, getattr(kept, "stamps", {}))
    for rel, source in placed.items():  # into their places in the built tree
        target = built / _safe(rel)
        os.makedirs(target.parent, exist_ok=True)
        os.replace(source, target)
    if placed:
        os.rmdir(built / PLACED)
    for rel, source in (kept or {}).items():  # (the site's file is the cache's: it may have been removed since)
        link_or_copy(source if os.path.lexists(source) else site_dir / _safe(rel), built / _safe(rel))
    _swap(built, site_dir)
    return None


def _stamps(folder: Path, files: set[str], known: Mapping[str, list[int]]) -> dict[str, list[int]] | set[str]:
    """The stamp of each of ``files`` in ``folder``: as ``known`` gives it, else as ``lstat`` does
    (the 10,000 pages a digest leaves as they were need no second ``stat``: see ``up_to_date``)."""
    root = os.fspath(folder)
    try:
        return {rel: known.get(rel) or stamp_of(os.lstat(os.path.join(root, rel))) for rel in files}
    except OSError:  # gone already: up_to_date lists the folder
        return files


def _swap(built: Path, site_dir: Path) -> None:
    """``built`` in the place of ``site_dir``, with the owner's entries of ``site_dir`` (:func:`owners`)."""
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    carried = [entry.name for entry in _entries(site_dir) if owners(entry.name)]
    try:
        for name in carried:
            os.replace(site_dir / name, built / name)
        if site_dir.exists():
            os.replace(site_dir, old)
        os.replace(built, site_dir)
    except BaseException:
        if old.exists() and not site_dir.exists():
            os.replace(old, site_dir)
        for name in carried:
            if os.path.lexists(built / name) and not os.path.lexists(site_dir / name):
                os.replace(built / name, site_dir / name)
        raise
    remove(old)


def _entries(folder: Path) -> list[os.DirEntry]:
    """The entries of ``folder`` (none when it is missing, or is a link: :func:`publish` replaces a link whole)."""
    if folder.is_symlink():
        return []
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _update_site(built: Path, site_dir: Path, kept: set[str], placed: Mapping[str, str] | None = None) -> set[str]:
    """Make ``site_dir`` hold the files of ``built`` and ``placed`` (relative POSIX path → the
    file, in the built folder's :data:`PLACED` folder) and keep those of ``kept``, moving only what
    differs, as one transaction: each step is first noted in a journal beside the site
    (``.SITE.update-PID``, with the replaced files), and undone from it on any failure or
    Ctrl-C, or by the next build (:func:`clear_abandoned`) after a kill."""
    placed = placed or {}
    source = os.fspath(built)  # paths as strings: tens of thousands of them
    sources = {rel: os.path.join(source, rel) for rel in _present_files(built) if not rel.startswith(PLACED + "/")}
    sources.update(placed)
    new = set(sources)
    present = _present_files(site_dir, hidden=False)
    missing = kept - present
    if missing:
        raise FileNotFoundError(errno.ENOENT, "a kept file is missing from the site", sorted(missing)[0])
    work = site_dir.with_name(f".{site_dir.name}.update-{os.getpid()}")
    remove(work)
    (work / "old").mkdir(parents=True)
    site = os.fspath(site_dir)
    folders = _folders_of(present)  # the site's folders known to be there: not made again
    with open(work / JOURNAL, "w", encoding="utf-8") as journal:
        try:
            for rel in sorted(new):
                target = os.path.join(site, rel)
                if rel in present and _same_file(sources[rel], target):
                    continue
                if rel in present:
                    _step(journal, "moved", rel, target, _aside(work, rel))
                _make_folders(journal, site, rel, folders)
                _step(journal, "added", rel, sources[rel], target)
            gone = present - new - kept
            for rel in sorted(gone, reverse=True):
                _step(journal, "moved", rel, os.path.join(site, rel), _aside(work, rel))
            _remove_empty_folders(journal, site, _folders_of(gone) - _folders_of(new | kept))
            journal.write("done\n")
        except BaseException:
            journal.close()
            _undo(work, site_dir, built, placed)
            raise
    remove(work)
    return new | kept


JOURNAL = "journal"


def _aside(work: Path, rel: str) -> Path:
    """Where an update keeps the site's file ``rel`` it replaced or removed: in one flat folder,
    named by a hash of its path (a tree of thousands of folders cost as much to make and remove
    as the files)."""
    return work / "old" / hashlib.sha1(rel.encode("utf-8", "surrogatepass")).hexdigest()


def _same_file(a: str, b: str) -> bool:
    try:
        first, second = os.lstat(a), os.lstat(b)
        if os.path.samestat(first, second):  # one file, linked twice (a static file of the docs folder)
            return stat.S_ISREG(first.st_mode)
        if not (stat.S_ISREG(first.st_mode) and stat.S_ISREG(second.st_mode)) or first.st_size != second.st_size:
            return False
        with open(a, "rb") as one, open(b, "rb") as other:
            return one.read() == other.read()
    except OSError:
        return False


def _step(journal, kind: str, rel: str, source: Path | str, target: Path | str) -> None:
    """Note, then move ``source`` to ``target`` (its folder made when missing)."""
    journal.write(f"{kind}\t{rel}\n")
    journal.flush()
    os.replace(source, target)


def _folders_of(files: Iterable[str]) -> set[str]:
    """Every folder holding one of ``files`` (relative POSIX paths), at any depth."""
    folders: set[str] = set()
    for rel in files:
        folder = rel.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def _make_folders(journal, site: str, rel: str, folders: set[str]) -> None:
    """Make the folders of ``rel`` the site lacks; ``folders``: those it has (added to)."""
    parts = rel.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        folder = "/".join(parts[:depth])
        if folder in folders:
            continue
        if not _real_folder(os.path.join(site, folder)):  # (an empty folder is not in ``folders``)
            journal.write(f"made\t{folder}\n")
            journal.flush()
            os.mkdir(os.path.join(site, folder))
        folders.add(folder)


def _real_folder(path: str) -> bool:
    """Whether ``path`` is a folder, not a link to one: a link the site holds where the build has a
    folder (``site/topics`` linked by hand to a folder elsewhere) is a file the update replaces, and
    ``mkdir`` then fails, so the whole site is swapped in; the build's files were written through the
    link, outside the site, and the link removed (the site lost every page under it)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _remove_empty_folders(journal, site: str, emptied: set[str]) -> None:
    """Remove the folders of ``emptied`` (those that held only removed files) found empty,
    innermost first: each is listed once, not once per file removed from it (0.3-0.5 s for the
    1,700 search files of a 10,000-paper site's last build)."""
    for folder in sorted(emptied, reverse=True):  # "a/b" before "a"
        if not has_entries(os.path.join(site, folder)):  # (one made by hand may hold an empty folder)
            journal.write(f"emptied\t{folder}\n")
            journal.flush()
            os.rmdir(os.path.join(site, folder))


def _undo(work: Path, site_dir: Path, built: Path | None = None, placed: Mapping[str, str] | None = None) -> None:
    """Put the site back as it was before the update noted in ``work``'s journal (unless it was
    done), the files it added back into ``built`` (or where ``placed`` says; else removed), then
    remove ``work``."""
    placed = placed or {}
    try:
        lines = (work / JOURNAL).read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    if "done" not in lines:
        for line in reversed(lines):
            kind, _, rel = line.partition("\t")
            target = site_dir / _safe(rel)
            if kind == "added" and built is not None and os.path.lexists(target):
                os.replace(target, placed.get(rel) or built / rel)
            elif kind == "added":
                target.unlink(missing_ok=True)
            elif kind == "moved" and os.path.lexists(kept := _aside(work, rel)):
                os.replace(kept, target)
            elif kind == "moved" and os.path.lexists(work / "old" / _safe(rel)):  # left by an earlier version
                os.replace(work / "old" / _safe(rel), target)
            elif kind == "made" and target.is_dir() and not any(target.iterdir()):
                target.rmdir()
            elif kind == "emptied":
                target.mkdir(exist_ok=True)
    remove(work)


def clear_abandoned(site_dir: Path) -> None:
    """Remove what killed builds left beside ``site_dir``: their staging folders, and their moved-aside
    site, which is put back if it was moved aside but never replaced; an update of the site they
    left half done is undone."""
    pattern = re.compile(rf"\.{re.escape(site_dir.name)}\.(building|old|update)-(\d+)")
    for path in sorted(site_dir.parent.glob(f".{site_dir.name}.*-*")):
        found = pattern.fullmatch(path.name)
        if not found or _running(int(found.group(2))):
            continue
        if found.group(1) == "old" and not site_dir.exists():
            os.replace(path, site_dir)
        elif found.group(1) == "update" and path.is_dir() and site_dir.is_dir():
            _undo(path, site_dir)
        else:
            remove(path)


def remove(path: Path) -> None:
    """Remove a file, link or folder, read-only ones too (a site copied from a read-only medium);
    nothing when it does not exist. Best effort: what cannot be removed is left for the next build."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, **{"onexc" if sys.version_info >= (3, 12) else "onerror": _make_writable})


def _make_writable(function, failed: str, _exc_info) -> None:
    """rmtree's error handler: let the owner write the parent folder (and the file), then retry."""
    try:
        for path in {os.path.dirname(failed), failed}:
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, stat.S_IMODE(os.lstat(path).st_mode) | stat.S_IRWXU)
        function(failed)
    except OSError:
        pass


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


def write_cache_file(target: Path, pieces: Iterable[bytes], header: Callable[[str], bytes]) -> None:
    """Replace a file of the build cache atomically (a reader sees the old file or the new one)
    by ``header(SHA-256 of the body)`` and the body, written as its ``pieces`` come. The header's
    length may not depend on the hash: it is written last, over a placeholder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    digest = hashlib.sha256()
    with _removed_on_failure(tmp):
        with open(tmp, "wb") as handle:
            placeholder = header(digest.hexdigest())
            handle.write(placeholder)
            for piece in pieces:
                digest.update(piece)
                handle.write(piece)
            final = header(digest.hexdigest())
            if len(final) != len(placeholder):
                raise ValueError("a cache file's header changed length with its hash")
            handle.seek(0)
            handle.write(final)
        os.replace(tmp, target)


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """``target`` becomes a hard link to ``source`` (no bytes copied), or a copy where the file
    system has no hard links; an existing ``target`` is replaced."""
    try:
        os.link(source, target)  # the common case, a new file in an existing folder: one call
        return
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
    except OSError:  # it exists (replaced below, atomically), or no hard links here
        pass
    target = Path(target)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    os.replace(tmp, target)
    if os.path.lexists(tmp):  # target was a link to source already: rename does nothing then
        os.unlink(tmp)


def remove_files(folder: Path, rels: set[str]) -> int:
    """Remove the files ``rels`` (relative POSIX paths) under ``folder`` (the build cache's), then
    the folders left empty."""
    return _remove_stale(folder, rels)


def remove_files_except(folder: Path, keep: set[str]) -> int:
    """Remove the files under ``folder`` (the build cache's) whose relative POSIX paths are not
    in ``keep``, then the folders left empty."""
    found = {Path(top, name).relative_to(folder).as_posix() for top, _, names in os.walk(folder) for name in names}
    return _remove_stale(folder, found - keep)


def same_digests(target: Path) -> list[Path]:
    """The files of ``target``'s folder that are its digest: the same stem, ignoring case, in any
    format (a digest's name is its URL)."""
    if not target.parent.is_dir():
        return []
    return [p for p in sorted(target.parent.iterdir()) if p.stem.casefold() == target.stem.casefold()]


def add_file(target: Path, data: bytes, *, force: bool = False) -> None:
    """Add an input file (a digest) without ever overwriting one unless ``force``: see :func:`add_files`."""
    add_files([(target, data)], force=force)


def add_files(files: list[tuple[Path, bytes]], *, force: bool = False) -> None:
    """Add input files (digests), all or none, without ever overwriting one unless ``force``. A
    digest is named by its file's stem, ignoring case (it becomes a URL): a file of the same stem
    in another format is the same digest, reported as existing, and replaced under ``force``.

    Every file is written beside its place first, then each is moved there: a write that fails
    (a full disk) left the file cut short in the digests folder, where it then stood in the way of
    adding it again and was built as a digest of fewer papers, or a last paper cut short."""
    written: list[tuple[Path, Path]] = []
    try:
        for target, data in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            same = [p for p in same_digests(target) if p.name != target.name]
            if same and not force:
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(same[0]))
            tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
            written.append((tmp, target))
            tmp.write_bytes(data)
        for tmp, target in written:
            if force:
                os.replace(tmp, target)
                for path in same_digests(target):
                    if path.name != target.name:
                        path.unlink()
            else:
                _link_new(tmp, target)
    finally:
        for tmp, _ in written:
            tmp.unlink(missing_ok=True)


def _link_new(source: Path, target: Path) -> None:
    """Give ``source`` the new name ``target``; fails if ``target`` exists, even in a race (but
    where the file system has no hard links)."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (a FAT drive, some network shares)
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        os.replace(source, target)


def create_tree(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write a new project into ``folder``, which must be absent or empty (its parent must exist).
    Nothing outside ``folder`` is touched; if writing fails, what was written is removed again."""
    created = not folder.exists()
    if not created and (not folder.is_dir() or any(folder.iterdir())):
        raise FileExistsError(errno.ENOTEMPTY, "not an empty folder", str(folder))
    folder.mkdir(exist_ok=True)
    try:
        for rel, data in sorted(files.items()):
            target = folder / _safe(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as handle:
                handle.write(data)
    except BaseException:
        for child in list(folder.iterdir()):
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        if created:
            folder.rmdir()
        raise
