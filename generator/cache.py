"""What earlier builds computed, kept in one folder (``.digest-site/cache/``) that CI can keep.

Four kinds of work are reused, each keyed by a hash of everything it depends on:

- per digest file, what the readers made of it (its entries and problems), keyed by the file's
  bytes, the path its problems name and the field mapping;
- per paper, the results of ``enrich`` (TeX as text and MathML, links, summary), keyed by the
  paper's title, abstract, id and url;
- per paper, what its words give the search index, and each search result file, keyed by a
  hash of what they are made of (:class:`generator.search_site.Kept`);
- per page outside the nav (papers, topics, digests), MkDocs' HTML and what MkDocs found in it
  (anchors, links to anchors, messages, the files its links resolved to), keyed by the page's
  Markdown and a fingerprint of the code, the library versions, ``mkdocs.yml``, the theme
  overrides and the nav (see :mod:`generator.mkdocs_build`).

Every records file starts with a header line naming the cache format, the fingerprint of the
code and library versions, and the size and SHA-256 of the records after it, as ``marshal``
writes them; a build that changed few records appends them the same way, as a patch
(:class:`BuildCache`). HTML is stored under its own SHA-256.
A file that is missing, unreadable, of another format or version, or whose bytes do not match
its hash is ignored (the work is done again), so a corrupted or stale cache costs time and
never changes the site. ``--full`` builds read nothing from the cache and write it afresh.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import stat as stat_module
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from . import parallel, writer
from .enrich import enrich
from .errors import Problem
from .model import Digest, Entry, Link, Paper, copied
from .model import Source as Origin
from .vectors import plain_record, remember_plain

log = logging.getLogger("digest_site")
FOLDER = ".digest-site/cache"  # under the project root; git-ignored, kept by the CI workflow
FORMAT = "digest-site-cache 4"  # 4: records as marshal writes them, after their size; 3: a line of JSON
JSON_PIECE = 1000  # a dict of more entries is written an entry at a time (see _json_pieces, _marshal_pieces)
LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pyyaml",
             "pylatexenc", "latex2mathml", "scikit-learn", "numpy", "scipy", "lunr", "python-slugify",
             "text-unidecode")  # (the slugs' transliteration: collect.SlugBases keeps slugs)


@cache
def code_fingerprint() -> str:
    """A hash of the generator's source and the versions of Python and the libraries it runs."""
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=;".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path | str) -> str:
    """The SHA-256 of a file's bytes, read a block at a time (a digest may be hundreds of MB), or
    at once when small: ``file_digest`` makes a buffer of 256 KB each call, which took as long as
    reading and hashing a page of HTML (at 10,000 pages, 0.3 s against 0.15); raises OSError."""
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size <= SMALL_FILE:
            return hashlib.sha256(handle.read()).hexdigest()
        return hashlib.file_digest(handle, "sha256").hexdigest()


SMALL_FILE = 1 << 20  # bytes: read at once to be hashed


def encoded(value: object, marshalled: bool = True) -> bytes:
    """``value`` as marshal's version 2 writes it, which holds values only (no references, no
    mark of interned text), so equal values give equal bytes: a key of texts, numbers and tuples
    of them made in a few microseconds; else (marshal refuses a record or a ``str`` of another
    type) as its ``repr``."""
    if marshalled:
        try:
            return b"m" + marshal.dumps(value, 2)
        except ValueError:
            pass
    return b"r" + repr(value).encode("utf-8", "surrogatepass")


def texts_hash(texts: Sequence[str], rest: object = ()) -> str:
    """The SHA-256 of ``texts``, each after its length (no two lists give the same bytes), and of
    ``repr(rest)``: a key of a paper's texts made four times faster than from their JSON (an
    ASCII text encodes as a copy of itself; JSON or ``repr`` scan every character)."""
    return with_rest(texts_digest(texts), rest)


def texts_digest(texts: Sequence[str]):
    """The hash object of :func:`texts_hash` before its ``rest``: keys of the same texts with
    other rests (:func:`with_rest`) hash the texts once."""
    digest = hashlib.sha256()
    for text in texts:
        data = text.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest


def with_rest(digest, rest: object) -> str:
    """:func:`texts_hash` of the texts of ``digest`` (:func:`texts_digest`, left as it is) and ``rest``."""
    digest = digest.copy()
    digest.update(repr(rest).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _json_pieces(value: object) -> Iterator[bytes]:
    """``json.dumps(value, sort_keys=True, separators=(",", ":"))`` encoded, in pieces: a large
    dict an entry at a time, everything else whole."""
    if not isinstance(value, dict) or len(value) <= JSON_PIECE:
        yield json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
        return
    yield b"{"
    for i, key in enumerate(sorted(value)):
        yield (b"," if i else b"") + json.dumps(key).encode() + b":"
        yield from _json_pieces(value[key])
    yield b"}"


def _marshal_pieces(value: object) -> Iterator[bytes]:
    """``marshal.dumps(_plain(value), 2)`` in pieces, as :func:`_json_pieces`: a large dict an
    entry at a time. Version 2 writes values only (no references back), so a dict's bytes are
    its entries' bytes between ``{`` and ``0``, and equal records give equal bytes."""
    if type(value) is not dict or len(value) <= JSON_PIECE or not all(type(key) is str for key in value):
        yield marshal.dumps(_plain(value), 2)
        return
    yield b"{"
    for key, inner in value.items():
        yield marshal.dumps(key, 2)
        yield from _marshal_pieces(inner)
    yield b"0"


_SCALARS = frozenset({str, int, float, bool, type(None), bytes})  # (bytes: records of a BuildCache alone)


def _plain(value: object) -> object:
    """``value`` as its JSON would be read back (what a records file gave before it held
    ``marshal``'s bytes, and what callers compare with): tuples as lists, and a dict keyed by
    other than texts, or a value of another type, through JSON itself. Bytes, which JSON has
    not, are kept as they are (a :class:`HistoryCache`, stored as JSON, refuses them). The containers already
    plain are kept as they are (no copy)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list or isinstance(value, (list, tuple)):  # (a named tuple too)
        if kind is list and all(type(item) in _SCALARS for item in value):
            return value
        items = [_plain(item) for item in value]
        return value if kind is list and all(a is b for a, b in zip(items, value)) else items
    if kind is dict and all(type(key) is str for key in value):
        changed = {key: made for key, inner in value.items()
                   if type(inner) not in _SCALARS and (made := _plain(inner)) is not inner}
        return {**value, **changed} if changed else value
    return json.loads(json.dumps(value))


@dataclass(frozen=True)
class BuildCache:
    """The cache folder; ``read`` is False for ``--full`` builds (they only write it).

    A records file is a full segment (a header line, then the records) and then up to PATCHES
    patch segments, each what one build changed (:func:`_patch`): a build that adds a digest
    appends the few records it made instead of writing every record again (at 10,000 papers,
    0.5 s of the rebuild). Each segment's header holds the size and SHA-256 of its records;
    a file with any segment damaged or cut short is ignored whole.

    The records are stored as ``marshal`` (version 2) writes them, each segment's body read
    at once by its size: at 10,000 papers, the 17 loads of a build took 0.55 s of CPU as lines
    of JSON (0.15 s splitting the lines off, 0.3 s decoding them) and 0.3 s this way. ``marshal``
    reads bytes of its own version only; the code fingerprint in the header names the Python
    release, and a body is decoded only once its SHA-256 matched (``marshal`` trusts its bytes).
    A records file keeps the name it had as JSON (``NAME.json``)."""

    folder: Path
    read: bool = True
    # name → (the records as read, patches in the file, the file's stamp then): what save compares with
    loaded: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, root: Path, *, full: bool = False) -> BuildCache:
        return cls(root / FOLDER, read=not full)

    def load(self, name: str) -> dict:
        """The records stored under ``name``, or {} when there are none that can be trusted."""
        if not self.read:
            return {}
        path = self.folder / f"{name}.json"
        try:
            with open(path, "rb") as handle:  # each line read as it is, not split off a copy of the file
                records, patches = self._segments(handle)
                seen = stamp(handle.fileno())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:  # json.JSONDecodeError and UnicodeDecodeError too
            log.info("ignoring the cache file %s: %s", path, exc)
            return {}
        self.loaded[name] = (records, patches, seen)
        return {key: dict(value) if isinstance(value, dict) else value for key, value in records.items()}

    def _segments(self, handle) -> tuple[dict, int]:
        """The records of a file's full segment with its patches applied, and the patches' number."""
        records, patches = None, 0
        while header := handle.readline():
            expected = json.loads(header)
            if not isinstance(expected, dict):
                raise ValueError("no header")
            patch = expected.pop("patch", False)
            body = self._body(handle, expected)
            if expected != self._header(body) or patch != (records is not None):
                raise ValueError("another format or version, or damaged")
            value = self._decoded(body)
            del body
            if not isinstance(value, dict):
                raise ValueError("not records")
            records = value if records is None else _patched(records, value)
            patches += patch
        if records is None:
            raise ValueError("empty")
        return records, patches

    def save(self, name: str, records: dict) -> None:
        """Append what changed since ``load`` as a patch when that is small beside the file, else
        write the file whole, a piece at a time: at 100,000 papers the records are hundreds of MB,
        and their JSON text, its bytes and the file's bytes were three copies of them at once."""
        path = self.folder / f"{name}.json"
        before, patches, seen = self.loaded.pop(name, (None, PATCHES, None))
        if patches < PATCHES and seen is not None and stamp(path) == seen:
            patch = _patch(before, records)
            if not patch:
                return
            # (a patch of few entries is encoded; one of many only when they are few beside the records)
            small = (size := _entries(patch)) < PATCH_ENTRIES or size * PATCH_SHARE < _entries(records)
            body = b"".join(self._encoded(patch)) if small else b""
            if small and len(body) * PATCH_SHARE < seen[0]:
                header = json.dumps({**self._header(body), "patch": True}).encode()
                with open(path, "ab") as handle:
                    handle.write(self._segment(header, body))
                return
        counted = _Counted(self._encoded(records))
        writer.write_cache_file(path, counted, lambda body_sha256: self._header_line(body_sha256, counted.size))

    def _header(self, body: bytes | memoryview) -> dict:
        return self._header_of(sha256(body), len(body))

    @staticmethod
    def _header_of(body_sha256: str, size: int) -> dict:
        return {"format": FORMAT, "code": code_fingerprint(), "sha256": body_sha256, "size": f"{size:012d}"}

    def _header_line(self, body_sha256: str, size: int) -> bytes:
        return json.dumps(self._header_of(body_sha256, size)).encode() + b"\n"

    # How a segment's records are encoded, framed and read back (HistoryCache: a line of JSON).

    @staticmethod
    def _encoded(records: dict) -> Iterator[bytes]:
        return _marshal_pieces(records)

    @staticmethod
    def _decoded(body: bytes | memoryview) -> object:
        try:
            return marshal.loads(body)
        except (EOFError, TypeError) as exc:  # (its SHA-256 matched: bytes of another marshal)
            raise ValueError(str(exc)) from None

    @staticmethod
    def _segment(header: bytes, body: bytes) -> bytes:
        """A patch segment as appended to a file (which ends with a segment's body)."""
        return b"\n" + header + b"\n" + body

    @staticmethod
    def _body(handle, header: dict) -> bytes | memoryview:
        """A segment's body, after its header line: as many bytes as the header says, then the
        line end before the next segment (or the file's end)."""
        size = header.get("size")
        if not isinstance(size, str) or not size.isdigit():
            raise ValueError("a segment of no size")
        size = int(size)
        if size > os.fstat(handle.fileno()).st_size - handle.tell():  # (read would make room for it first)
            raise ValueError("cut short")
        body = handle.read(size)
        if len(body) != size or handle.read(1) not in (b"", b"\n"):
            raise ValueError("cut short or damaged")
        return body

    def history(self) -> BuildCache:
        """This cache for a record of what was published (the last build's pages), which no
        version of the code derived from the inputs and a ``--full`` build reads too: its header
        holds no code fingerprint (an upgrade, or a new Python or library release, dropped it,
        and with it the warnings the record is kept for)."""
        return HistoryCache(self.folder, loaded=self.loaded)

    # --- stored files (HTML pages), each named by the SHA-256 of its bytes ------------------

    def blob(self, digest: str) -> str:
        """The stored file ``digest``'s path: a string, not a Path (made for every page a build keeps)."""
        return f"{self.blobs_folder}{digest[:2]}{os.sep}{digest}"

    @cached_property
    def blobs_folder(self) -> str:
        """The folder of stored files, with a separator at its end (:meth:`blob`: joined by hand)."""
        return os.path.join(self.folder, "html", "")

    def verified(self, digest: str, seen: list | None = None) -> list | None:
        """The :func:`stamp` of the stored file ``digest``, or None when it is missing or damaged.
        A file whose stamp is still ``seen`` (as it was when stored or last checked) is trusted
        without being read; any other is read and checked against its name."""
        path = self.blob(digest)
        found = stamp(path)
        try:
            if found is None or found != seen:
                if file_sha256(path) != digest:
                    log.info("ignoring the damaged cache file %s", path)
                    return None
        except OSError:
            return None
        return found

    def store(self, source: Path | str, digest: str) -> list | None:
        """Keep ``source`` as the stored file ``digest``; its :func:`stamp`."""
        blob = self.blob(digest)
        writer.link_or_copy(source, blob)
        return stamp(blob)

    def keep_blobs(self, digests: set[str], known: set[str] | None = None) -> None:
        """Remove the stored files no longer needed: those of ``known`` (the files the cache listed)
        not in ``digests``, or, without ``known``, every other file of the folder (a walk over
        every stored page: seconds at 10,000 papers)."""
        if known is None:
            writer.remove_files_except(self.folder / "html", {f"{d[:2]}/{d}" for d in digests})
        else:
            writer.remove_files(self.folder / "html", {f"{d[:2]}/{d}" for d in known - digests})


PATCHES = 8  # patch segments a records file takes before it is written whole again
PATCH_SHARE = 4  # a patch is appended when at most a quarter of the file's size
PATCH_ENTRIES = 10_000  # a patch of fewer entries (_entries) is encoded without counting the records'


class _Counted:
    """The pieces of a file's body, counting their bytes as they are given."""

    def __init__(self, pieces: Iterator[bytes]):
        self.pieces, self.size = pieces, 0

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.pieces:
            self.size += len(piece)
            yield piece


@dataclass(frozen=True)
class HistoryCache(BuildCache):
    """:meth:`BuildCache.history`: records whose header names the cache format, not the code;
    stored as a line of JSON (FORMAT 3), which any later Python reads as this one wrote it."""

    @staticmethod
    def _header_of(body_sha256: str, size: int) -> dict:
        return {"format": HISTORY_FORMAT, "sha256": body_sha256}

    @staticmethod
    def _encoded(records: dict) -> Iterator[bytes]:
        return _json_pieces(records)

    @staticmethod
    def _decoded(body: bytes | memoryview) -> object:
        return json.loads(body)

    @staticmethod
    def _body(handle, header: dict) -> bytes | memoryview:
        line = handle.readline()
        return line[:-1] if line.endswith(b"\n") else line  # (small: a copy)


HISTORY_FORMAT = "digest-site-cache 3"


def _patch(old: dict, new: dict) -> dict:
    """What turns ``old`` into ``new``: keys removed (``del``), keys whose value changed (``set``),
    and, for values that are both dicts (``{"base": …, "entries": {…}}``), the same one level
    down (``sub``); empty when they are equal."""
    patch: dict = {}
    removed = [key for key in old if key not in new]
    changed, inner = {}, {}
    for key, value in new.items():
        was = old.get(key, _GONE)
        if was is value:  # (a record as loaded: equal to itself, and not compared item by item)
            continue
        if isinstance(value, dict) and isinstance(was, dict):
            if part := _patch(was, value):
                if part.get("sub"):  # two levels down: the value whole
                    changed[key] = value
                else:
                    inner[key] = part
        elif was is _GONE or was != value:
            changed[key] = value
    for name, part in (("del", removed), ("set", changed), ("sub", inner)):
        if part:
            patch[name] = part
    return patch


_GONE = object()


def _entries(value: object, depth: int = 4) -> int:
    """About how much JSON ``value`` is: its keys and list items, a few levels down (the same
    measure for records and for a patch of them)."""
    if isinstance(value, dict) and depth:
        return sum(1 + _entries(inner, depth - 1) for inner in value.values())
    return len(value) if isinstance(value, list) else 0


def _patched(records: dict, patch: dict) -> dict:
    """``records`` with ``patch`` (:func:`_patch`) applied, in place."""
    for key in patch.get("del", ()):
        records.pop(key, None)
    records.update(patch.get("set", {}))
    for key, part in patch.get("sub", {}).items():
        target = records.get(key)
        if not isinstance(target, dict):
            raise ValueError("a patch of records that are not there")
        for inner in part.get("del", ()):
            target.pop(inner, None)
        target.update(part.get("set", {}))
    return records


def stamp(path: Path | str | int) -> list | None:
    """What changes when a file is written or replaced: its size and modification time (ns);
    None when it is missing. The build cache trusts a file it wrote (or checked) whose stamp is
    unchanged: comparing stamps costs a ``stat``, checking the bytes a read and a hash.
    ``path`` may be an open file's descriptor.

    Not the inode or device: GitHub's ``actions/cache`` restores the cache folder, docs folder
    and site (GNU tar, POSIX format) with every time to the nanosecond and every inode new, and
    with them in the stamp, each of a 10,000-paper site's files was read and hashed again at
    every CI build (about a second). Writing a file, or replacing it by another, gives it the
    time of that write; a copy that keeps the time (``cp -a``, tar) keeps the bytes too."""
    try:
        return writer.stamp_of(os.stat(path))
    except OSError:
        return None


# --- digest files --------------------------------------------------------------------------

DIGESTS = "digests"  # the build cache's file of digest files as read


def read_all(paths: Sequence[Path], read_many: Callable[[list[Path]], list[tuple[Digest, list[Problem]]]],
             shown: Callable[[Path], str], context: object,
             cache: BuildCache | None, save: bool = True) -> list[tuple[Digest, list[Problem]]]:
    """``read_many(paths)``, reusing earlier builds' readings of digest files: each is keyed by
    what the reading depends on, the file's bytes, the path its problems name (``shown``) and
    ``context`` (the field mapping); the code, by the cache file's header. A BibTeX digest of
    1,102 papers takes 1.2 s to read (TeX decoded in its fields), its stored reading 5 ms. A
    file that changed while it was read is not stored: it is read again next time. Without
    ``save``, the cache is only read (``add`` and ``check``: the build stores the readings)."""
    if cache is None:
        return read_many(list(paths))
    stored = cache.load(DIGESTS)
    seen = [stamp(path) for path in paths]  # before the hash: a file written since has another stamp
    keys = [_read_key(path, shown(path), context) for path in paths]
    todo = [path for path, key in zip(paths, keys) if key not in stored]
    made = dict(zip(todo, read_many(todo)))
    records = {key: stored[key] for key in keys if key in stored}
    for path, key, before in zip(paths, keys, seen):
        if path in made and key is not None and stamp(path) == before:
            records[key] = _reading_record(*made[path])
    log.info("read: %d of %d digest files reused from the cache", len(paths) - len(todo), len(paths))
    if save and records.keys() != stored.keys():
        cache.save(DIGESTS, records)
    return [made[path] if path in made else _reading(stored[key]) for path, key in zip(paths, keys)]


def _read_key(path: Path, shown: str, context: object) -> str | None:
    """None for what is not a regular file (a FIFO would block the hash) or cannot be read."""
    try:
        if not stat_module.S_ISREG(os.stat(path).st_mode):
            return None
        return texts_hash([file_sha256(path), shown], context)
    except OSError:
        return None


def _reading_record(digest: Digest, problems: list[Problem]) -> list:
    entries = [[e.title, e.abstract, "" if e.source.path == digest.path else e.source.path, e.source.line,
                list(e.authors), e.id, e.url, e.date, list(e.categories), list(e.extra_urls), e.et_al] for e in digest.entries]
    return [digest.name, digest.path, digest.date, entries, [[p.path, p.line, p.message, p.level] for p in problems]]


def _reading(record: list) -> tuple[Digest, list[Problem]]:
    name, path, date, entries, problems = record
    return (Digest(name, path, date, tuple(
        Entry(title, abstract, Origin(source or path, line), tuple(authors), id_, url, day, tuple(categories),
              tuple(extra_urls), et_al)
        for title, abstract, source, line, authors, id_, url, day, categories, extra_urls, et_al in entries)),
        [Problem(*problem) for problem in problems])


# --- enrich ------------------------------------------------------------------------------

def enrich_all(papers: Sequence[Paper], cache: BuildCache | None) -> list[Paper]:
    """``enrich`` of every paper, reusing earlier builds' results for papers of the same text."""
    if cache is None:
        return parallel.map_items(enrich, papers)
    stored = cache.load("enrich")
    keys = [enrich_key(p) for p in papers]
    todo = {key: p for p, key in zip(papers, keys) if key not in stored}  # the same text once
    made = dict(zip(todo, parallel.map_items(enrich, list(todo.values()))))
    fresh = {key: _record(p) for key, p in made.items()}
    log.info("enrich: %d of %d papers reused from the cache", len(papers) - len(todo), len(papers))
    records = {key: stored.get(key) or fresh[key] for key in keys}
    if records.keys() != stored.keys():  # else it holds these records already
        cache.save("enrich", records)
    # A paper enriched just now is that result itself; the others are made from their records.
    return [made[key] if todo.get(key) is p else _enriched(p, records[key]) for p, key in zip(papers, keys)]


def enrich_key(paper: Paper) -> str:
    """What ``enrich`` reads of a paper."""
    return texts_hash([paper.title, paper.abstract, paper.id, paper.url, *paper.extra_urls], len(paper.extra_urls))


ENRICHED = ("title_text", "abstract_text", "title_html", "abstract_html", "summary", "url")
LINKS, PLAIN = len(ENRICHED), len(ENRICHED) + 1  # a record's links, and vectors.plain_record


def _record(paper: Paper) -> list:
    return [*(getattr(paper, name) for name in ENRICHED), [[link.url, link.kind] for link in paper.links],
            plain_record(paper)]


def _enriched(paper: Paper, record: list) -> Paper:
    """``paper`` with its stored ``enrich`` results (:func:`generator.model.copied`: 10,000 a build),
    its plain texts remembered (:func:`generator.vectors.remember_plain`)."""
    # (zip stops at ENRICHED's end: the record's links are set after them)
    paper = copied(paper, zip(ENRICHED, record), (("links", tuple(Link(url, kind) for url, kind in record[LINKS])),))
    remember_plain(paper, record[PLAIN])
    return paper


# --- MkDocs pages --------------------------------------------------------------------------

class Rendered(NamedTuple):
    """What MkDocs made of one page: the SHA-256 of its HTML ("" when it wrote none), its anchors,
    its links to other pages' anchors, its log records, and the files its links looked up (path
    → that file's URL, or None when there was none). A tuple: a build makes one for each of the
    10,700 pages of 10,000 papers, and a frozen dataclass took four times as long to make."""

    html: str
    anchors: tuple[str, ...] | None
    links: dict[str, dict[str, str]]  # target page → {anchor: the link as written}
    records: tuple[tuple[str, int, str], ...]
    lookups: dict[str, str | None]

    def to_json(self) -> list:
        """As JSON gives it back (lists, not tuples): compared with what the cache holds as it is."""
        return [self.html, None if self.anchors is None else list(self.anchors), self.links,
                [list(record) for record in self.records], self.lookups]

    @classmethod
    def from_json(cls, data: list) -> Rendered:
        html, anchors, links, records, lookups = data
        return cls(html, None if anchors is None else tuple(anchors), links,
                   tuple(tuple(r) for r in records) if records else (), lookups)


@dataclass(frozen=True)
class PageCache:
    """Pages rendered by earlier builds with the same ``fingerprint`` (code, libraries, MkDocs
    configuration, theme overrides, nav); each is keyed by the SHA-256 of its Markdown."""

    cache: BuildCache
    fingerprint: str
    blobs: dict[str, list] = field(default_factory=dict)  # src_uri → stamp of the reused HTML
    kept: dict[str, str] = field(default_factory=dict)  # src_uri → the HTML the published site holds

    @cached_property
    def stored(self) -> dict[str, list]:
        """src_uri → [SHA-256 of the Markdown, Rendered, stamp of the HTML, stamp of the Markdown]."""
        found = self.cache.load("pages")
        pages = found.get("pages", {}) if found.get("fingerprint") == self.fingerprint else {}
        return pages if all(len(entry) == 4 for entry in pages.values()) else {}

    def source_hash(self, uri: str, path: str, seen: list | None = None) -> tuple[str | None, list | None]:
        """The SHA-256 of the docs page ``uri`` at ``path``, and the file's :func:`stamp` (taken
        before it is read, or ``seen`` by the build as it wrote the docs folder): the stored hash
        while the stamp is the one stored with it. None for a page the cache holds nothing of
        (nothing to compare): the worker that renders it hashes the bytes it reads
        (``Source.sha256`` is filled in before :meth:`save`)."""
        entry = self.stored.get(uri)
        found = seen or stamp(path)
        if entry is None:
            return None, found
        if found is not None and entry[3] == found:
            return entry[0], found
        with open(path, "rb") as handle:
            return sha256(handle.read()), found

    def reuse(self, pages: Sequence[Source], lookup: Callable[[str], str | None]) -> dict[str, Rendered]:
        """Of the ``pages``, those whose stored HTML still holds: the same Markdown, the same files
        behind its links; their HTML is put at their destination, or, when the published site
        holds that very file already, noted in ``kept`` (for :func:`generator.writer.publish`).
        A published file whose stamp is the one stored for the HTML (size and time) is that stored
        file, as stored or last checked: the cache's copy needs no ``stat`` then
        (one per page, a tenth of the stage's time at 10,000 papers)."""
        stored = self.stored
        reused = {}
        for page in pages:
            entry = stored.get(page.uri)
            if entry is None or entry[0] != page.sha256:
                continue
            rendered = Rendered.from_json(entry[1])
            if not rendered.html or any(lookup(path) != url for path, url in rendered.lookups.items()):
                continue
            published = None if page.published is None else stamp(page.published)
            seen = published if published is not None and published == entry[2] else \
                self.cache.verified(rendered.html, entry[2])
            if seen is None:
                continue
            if published == seen:  # the very same file
                self.kept[page.uri] = self.cache.blob(rendered.html)
            else:
                writer.link_or_copy(self.cache.blob(rendered.html), page.destination)
            reused[page.uri] = rendered
            self.blobs[page.uri] = seen
        log.info("MkDocs: %d of %d pages outside the nav reused from the cache", len(reused), len(pages))
        return reused

    @cached_property
    def unlisted(self) -> bool:
        """Whether the HTML folder may hold files that pages.json does not list: a build stopped
        after storing pages and before listing them, or there is no list to trust. Then
        :meth:`save` walks the folder; else it removes the listed files no longer needed."""
        folder = self.cache.folder / "html"
        return os.path.lexists(folder / UNLISTED) or (not self.stored and writer.has_entries(folder))

    def start_storing(self) -> None:
        """From now on pages may be stored (``cache.store``, by the workers that render them)
        before :meth:`save` lists them: a mark in the folder says so until it has."""
        if not self.unlisted:  # (else the mark is there already, or save walks the folder anyway)
            folder = self.cache.folder / "html"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / UNLISTED).touch()

    def save(self, pages: Sequence[Source], rendered: dict[str, Rendered],
             stored_by_workers: dict[str, list | None] | None = None) -> None:
        """Store the pages as rendered (the new ones' HTML too, unless ``stored_by_workers``
        gives its stamp already), with the stamps of their files."""
        entries = {}
        done = stored_by_workers or {}
        stored = self.stored
        for page in pages:
            found = rendered[page.uri]
            if not found.html or page.sha256 is None:  # no HTML, or Markdown not read from the docs folder
                continue
            seen = self.blobs.get(page.uri) or done.get(page.uri) or self.cache.store(page.destination, found.html)
            entry = stored.get(page.uri)
            if entry is not None and page.uri in self.blobs and entry[2:] == [seen, page.stamp] \
                    and entry[0] == page.sha256:  # a page reused as stored: the same list (compared by identity)
                entries[page.uri] = entry
            else:
                entries[page.uri] = [page.sha256, found.to_json(), seen, page.stamp]
        if self.unlisted or not self.stored or entries != self.stored:
            self.cache.save("pages", {"fingerprint": self.fingerprint, "pages": entries})
            listed = None if self.unlisted else {entry[1][0] for entry in self.stored.values()}  # None: any file
            self.cache.keep_blobs({entry[1][0] for entry in entries.values()}, listed)
        writer.remove_files(self.cache.folder / "html", {UNLISTED})


UNLISTED = ".unlisted"  # in the cache's HTML folder while it may hold pages pages.json does not list


class Source(NamedTuple):
    """A page outside the nav: its ``src_uri``, the SHA-256 and :func:`stamp` of its Markdown,
    where its HTML goes, and where the published site holds it (None: no published site). A
    tuple, as :class:`Rendered` is (one a page)."""

    uri: str
    sha256: str | None  # None until the worker that renders the page has read it (see PageCache.source_hash);
    # None after, for a page whose Markdown was not read from the docs folder: it is not stored
    stamp: list | None
    destination: str
    published: str | None = None


def page_fingerprint(settings: str, theme_dirs: Sequence[Path], nav: Sequence[tuple[str, str, str]]) -> str:
    """What every page's HTML depends on besides its Markdown: ``settings`` (the configuration,
    serialised), the files of ``theme_dirs`` and the nav. A theme that prints the build date gets
    the date (``SOURCE_DATE_EPOCH``) too."""
    digest = hashlib.sha256(code_fingerprint().encode() + settings.encode())
    for folder in theme_dirs:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + data)
            if b"build_date" in data:
                digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    digest.update(json.dumps(list(nav)).encode())
    return digest.hexdigest()
