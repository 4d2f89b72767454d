"""A rebuild with nothing to do: the inputs and the outputs are those the last build left.

After every build, the build cache's ``last-build.json`` records a hash of everything the build
read (the code, the versions of every installed package, the build's options and working
folder, ``mkdocs.yml``, the content folder, the topics and logo files, the templates and theme
overrides), the size and modification time of every file of the docs folder and the site it
left, and its report (the counts and problems the command line prints). A build whose inputs
hash the same, and whose docs folder and site still hold exactly those files, would make the
same bytes: it reports the last build's counts and problems and changes nothing. Anything else
(an input edited, a site or docs file touched, added or removed, another version, a damaged
record) runs the build, which then reuses what it can. A ``mkdocs.yml`` that reads the
environment (``!ENV``), inherits another file or runs hooks is always built: not all of its
inputs are files recorded here.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Collection, Iterator, Mapping
from importlib import metadata
from pathlib import Path

from . import templates, writer
from .cache import BuildCache, code_fingerprint, file_sha256, sha256
from .config import Project
from .errors import Problem

NAME = "last-build"  # the build cache's file: last-build.json
UNTRACKED = (b"!ENV", b"INHERIT", b"hooks")  # in mkdocs.yml: inputs beyond the files hashed here
FIELDS = ("papers", "digests", "topics", "topics_suggested", "date")  # of the report, with its problems
Known = Collection[str] | Mapping[str, list[int]] | None  # a folder's files, or its files' stamps: see outputs


def inputs_hash(project: Project, options: dict) -> str | None:
    """The hash of everything a build of ``project`` with ``options`` reads; None when that is
    not known (see ``UNTRACKED``)."""
    config = _bytes(project.root / "mkdocs.yml")
    if config is None or any(word in config for word in UNTRACKED):
        return None
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(sha256("\0".join(_installed()).encode("utf-8", "surrogatepass")).encode())  # MkDocs plugins
    # and themes too, whatever mkdocs.yml names
    digest.update(repr(sorted(options.items())).encode("utf-8", "surrogatepass"))
    digest.update(repr((os.getcwd(), str(project.root.resolve()), str(project.docs_dir.resolve()),
                        str(project.site_dir.resolve()), project.site_url)).encode("utf-8", "surrogatepass"))
    digest.update(config)
    layers = [folder for part in templates.PARTS for folder in templates.layers(project.templates_dir, part)]
    # (the collection's whole templates folder too: a file the build never reads there is warned about)
    folders = [project.content_dir, project.templates_dir, *layers, *([Path(project.theme_dir)] if project.theme_dir else [])]
    folders = list({folder.resolve(): folder for folder in folders}.values())  # each once (custom_dir may be a layer)
    files = [project.topics_file, *([project.root / project.settings.logo] if project.settings.logo else [])]
    found = (p for folder in folders for p in sorted(_files(folder)) if "__pycache__" not in p.parts)  # (the
    # defaults' package is imported: Python may write its bytecode there)
    for path in dict.fromkeys([*found, *files]):  # each once
        digest.update(b"\0" + str(path).encode("utf-8", "surrogatepass") + b"\0")
        try:
            if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or a device: never read here (the build reports it)
                return None
            digest.update(file_sha256(path).encode())
        except OSError:  # missing (an optional file) or unreadable
            digest.update(b"-")
    return digest.hexdigest()


def outputs(project: Project, known: dict[str, Known] | None = None) -> str:
    """The SHA-256 of the folder, path, size and mtime (ns) of every file of the docs folder and
    the site (kept as the list, it was 2 MB of JSON to write and read at 10,000 papers). The files
    of a folder that ``known`` lists (``"docs"``, ``"site"``: what the build just left there) are
    not looked for: listing the site's 10,000 page folders took 0.1 s; nor, when it maps them to
    their stamps (size and mtime first: ``writer.SyncStats.stamps``), looked at again: the 13,000
    ``lstat`` calls of a 10,000-paper docs folder took 0.1-0.6 s on a busy machine. A list that
    is wrong gives another hash, and a rebuild: never a build taken as up to date."""
    known = known or {}
    folders = (("docs", project.docs_dir), ("site", project.site_dir))
    # each field ended by a NUL, which no path holds: a JSON list of the stamps took 0.05 s more
    stamps = "".join(f"{name}\0{rel}\0{size}\0{mtime}\0" for name, folder in folders
                     for rel, size, mtime in sorted(_stamps_of(folder.resolve(), known.get(name), name != "site")))
    return sha256(stamps.encode("utf-8", "surrogatepass"))


def unchanged(project: Project, cache: BuildCache, inputs: str | None) -> dict | None:
    """The last build's report when it has nothing to change, else None."""
    if inputs is None:
        return None
    record = cache.load(NAME)
    if record.get("inputs") != inputs or record.get("outputs") != outputs(project):
        return None
    return record.get("report")


def record(project: Project, cache: BuildCache, inputs: str | None, report,
           known: dict[str, Known] | None = None) -> None:
    """Note a finished build (after its site is published; ``known``: see :func:`outputs`)."""
    if inputs is None:
        return
    changes = {id(p) for p in report.changes}  # (true of the last build alone: not said again)
    cache.save(NAME, {"inputs": inputs, "outputs": outputs(project, known), "report": {
        **{name: getattr(report, name) for name in FIELDS},
        "problems": [list(vars(p).values()) for p in report.problems if id(p) not in changes],
        "skipped": [list(vars(p).values()) for p in report.skipped]}})


def restore(report, saved: dict) -> None:
    """Fill ``report`` with a recorded one."""
    for name in FIELDS:
        setattr(report, name, saved[name])
    report.problems += [Problem(*fields) for fields in saved["problems"]]
    report.skipped += [Problem(*fields) for fields in saved["skipped"]]
    report.up_to_date = True


def _installed() -> list[str]:
    """Every installed distribution's metadata (its name and version among them), as written:
    parsed, twice a distribution (name, then version), it took 0.05-0.15 s of every build."""
    return sorted(dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "" for dist in metadata.distributions())


def _files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        # a link to a folder too (the build refuses one in content/pages/; not seen, a build after
        # it was made was "up to date")
        yield from (path for path in folder.rglob("*") if path.is_symlink() or not path.is_dir())


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _stamps_of(folder: Path, files: Known, hidden: bool) -> Iterator[tuple[str, int, int]]:
    """:func:`_stamps`, of ``files`` when they are known (a missing one: the folder is listed),
    as given when they are a mapping to their stamps (:attr:`generator.writer.SyncStats.stamps`)."""
    if files is None:
        return _stamps(folder, hidden)
    if isinstance(files, Mapping):
        return iter([(rel, found[0], found[1]) for rel, found in files.items()])
    root = os.fspath(folder)
    try:
        return iter([(rel, (found := os.lstat(f"{root}/{rel}")).st_size, found.st_mtime_ns) for rel in files])
    except OSError:
        return _stamps(folder, hidden)


def _stamps(folder: Path, hidden: bool = True) -> Iterator[tuple[str, int, int]]:
    """``(relative POSIX path, size, mtime_ns)`` of every entry but folders under ``folder``; without
    ``hidden``, but the owner's (:func:`generator.writer.owners`: a site's, a gh-pages worktree's
    ``.git``, changes with every commit)."""
    pending = [("", str(folder))]
    while pending:
        prefix, path = pending.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            if not hidden and writer.owners(prefix + entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append((f"{prefix}{entry.name}/", entry.path))
            else:
                found = entry.stat(follow_symlinks=False)
                yield f"{prefix}{entry.name}", found.st_size, found.st_mtime_ns
