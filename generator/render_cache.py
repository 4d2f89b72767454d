"""Pages' Markdown from earlier builds, reused when nothing their template read has changed.

A paper page (or a listing page) is a function of its own inputs (its paper; the listing's
place and the slugs of its papers), the page templates and code, a few site-wide values, and
what its template reads of the rest of the collection: the papers it shows or links to (their
titles, say) and entries of the collection-wide lookups (a digest's title, a topic's name). Rendering records those reads: the other papers and the lookup dictionaries are
handed to the template wrapped, and every attribute or key read is noted. The cache
(``markdown.json`` in the build cache) keeps, per page, a hash of its own inputs, the reads, a
hash of the values read, and the SHA-256 of the Markdown made. A later build reuses the page when
the inputs hash the same, the values of the recorded reads hash the same, and the docs folder
still holds those exact bytes (the docs folder is where the Markdown is kept: it is read back and
checked against the hash). Anything else (a missing or damaged cache, another code or template
version, a page edited or removed) renders the page again, so a stale cache costs time only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from .cache import BuildCache, code_fingerprint, sha256

log = logging.getLogger("digest_site")
NAME = "markdown"  # the cache file: markdown.json


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


class Reads:
    """What one page's template read: ``("key", lookup, key)``, ``("all", lookup)``,
    ``("paper", slug, attribute)`` and ``("own", attribute)`` (of the page's own ``inputs`` that
    are left out of its key, such as a listing page's place in a listing that grows) records."""

    def __init__(self) -> None:
        self.found: set[tuple[str, ...]] = set()

    def lookups(self, lookups: Mapping[str, Any]) -> dict[str, Any]:
        """``lookups`` with each dictionary wrapped so that its reads are recorded."""
        return {name: _Lookup(name, value, self.found) if isinstance(value, Mapping) else value
                for name, value in lookups.items()}

    def paper(self, paper: Any) -> Any:
        return None if paper is None else _SeenPaper(paper, self.found)

    def own(self, value: Any, recorded: Sequence[str]) -> Any:
        """``value`` (the page's own) with reads of its ``recorded`` attributes recorded."""
        return _SeenOwn(value, recorded, self.found)

    def sorted(self) -> list[list[str]]:
        return sorted(list(read) for read in self.found)


class _Lookup(Mapping):
    """A lookup dictionary that records the keys read (and the whole of it when iterated)."""

    def __init__(self, name: str, data: Mapping, found: set):
        self.name, self.data, self.found = name, data, found

    def __getitem__(self, key: Any) -> Any:
        self.found.add(("key", self.name, key) if isinstance(key, str) else ("all", self.name))
        return self.data[key]

    def __iter__(self) -> Iterator:
        self.found.add(("all", self.name))
        return iter(self.data)

    def __len__(self) -> int:
        self.found.add(("all", self.name))
        return len(self.data)


class _SeenPaper:
    """Another paper as a template sees it: each attribute read is recorded."""

    __slots__ = ("_paper", "_found")

    def __init__(self, paper: Any, found: set):
        self._paper, self._found = paper, found

    def __getattr__(self, name: str) -> Any:
        self._found.add(("paper", self._paper.slug, name))
        return getattr(self._paper, name)

    def _whole(self) -> Any:
        self._found.add(("paper", self._paper.slug, "*"))
        return self._paper

    def __str__(self) -> str:
        return str(self._whole())

    def __eq__(self, other: object) -> bool:
        return self._whole() == (other._whole() if isinstance(other, _SeenPaper) else other)

    def __hash__(self) -> int:
        return hash(self._whole())


class _SeenOwn:
    """A page's own value (its listing) as its template sees it: reads of the attributes left
    out of the page's key are recorded; the others are in the key."""

    __slots__ = ("_value", "_recorded", "_found")

    def __init__(self, value: Any, recorded: Sequence[str], found: set):
        self._value, self._recorded, self._found = value, recorded, found

    def __getattr__(self, name: str) -> Any:
        if name in self._recorded:
            self._found.add(("own", name))
        return getattr(self._value, name)


def value_of(read: Sequence[str], lookups: Mapping[str, Any], by_slug: Mapping[str, Any],
             own: Mapping[str, Any] | None = None) -> Any:
    """The value ``read`` finds in this build's collection (``own``: the page's own values)."""
    kind, name, *rest = read
    if kind == "own":
        return (own or {}).get(name, MISSING)
    if kind == "paper":
        paper = by_slug.get(name)
        return MISSING if paper is None else paper if rest[0] == "*" else getattr(paper, rest[0], MISSING)
    value = lookups.get(name, MISSING)
    if kind == "key":
        return value.get(rest[0], MISSING) if isinstance(value, Mapping) else MISSING
    return value


def reads_hash(reads: Sequence[Sequence[str]], lookups: Mapping[str, Any], by_slug: Mapping[str, Any],
               known: dict[tuple, bytes] | None = None, own: Mapping[str, Any] | None = None) -> str:
    """The hash of the values ``reads`` find; ``known`` keeps each read's part for the next pages
    (pages read the same titles and names: at 10,000 papers, 460,000 reads of about 100,000),
    but of the page's ``own`` values."""
    digest = hashlib.sha256()
    known = {} if known is None else known
    for read in reads:
        shared = read[0] != "own"  # the same value on every page
        part = known.get(tuple(read)) if shared else None
        if part is None:
            part = repr((list(read), value_of(read, lookups, by_slug, own))).encode("utf-8", "surrogatepass")
            if shared:
                known[tuple(read)] = part
        digest.update(part)
    return digest.hexdigest()


def base_fingerprint(template_dirs: Sequence[Path], constants: Sequence[Any]) -> str:
    """What every page depends on: the code and libraries, the page templates, and ``constants``
    (site-wide values; their ``repr`` is hashed)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for folder in template_dirs:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(repr(list(constants)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    """One page's record: the hash of its own inputs, its template's reads, the hash of the
    values they found, and the SHA-256 of the Markdown made."""

    inputs: str
    reads: str  # the reads, sorted, as compact JSON: one string a page (lists of lists were a third
    # of the build's memory growth in the render stage at 100,000 papers, and a listing page has hundreds)
    values: str
    markdown: str


@dataclass(frozen=True)
class MarkdownCache:
    """Paper pages kept in ``docs_dir`` by earlier builds, described in the build cache; valid
    for the page templates of ``template_dirs`` and the site-wide values hashed in ``base``."""

    cache: BuildCache
    docs_dir: Path
    template_dirs: tuple[Path, ...]
    base: str = ""
    known: dict[tuple, bytes] = field(default_factory=dict, init=False, repr=False, compare=False)  # see reads_hash

    def with_constants(self, constants: Sequence[Any]) -> MarkdownCache:
        """This cache for a site whose site-wide values are ``constants``."""
        return replace(self, base=base_fingerprint(self.template_dirs, constants))

    def loaded(self) -> MarkdownCache:
        """This cache with its records read (before worker processes are forked: they share them)."""
        self.stored  # noqa: B018 - loads the cached property
        return self

    @cached_property
    def stored(self) -> dict[str, list]:
        found = self.cache.load(NAME)
        return found.get("pages", {}) if found.get("base") == self.base else {}

    def page(self, path: str, inputs: object, make: Callable[[Reads], str], lookups: Mapping[str, Any],
             by_slug: Mapping[str, Any], own: Mapping[str, Any] | None = None) -> tuple[str, str, Entry, bool]:
        """``(path, markdown, entry, reused)``: the page kept in the docs folder when ``inputs``
        and the values its template read (of the collection, and of ``own``: the page's values
        left out of ``inputs``) are unchanged, else ``make``'s, with its reads recorded."""
        key = sha256(repr(inputs).encode("utf-8", "surrogatepass"))
        record = self.stored.get(path)
        if record and record[0] == key:
            entry = Entry(*record)
            same = reads_hash(json.loads(entry.reads), lookups, by_slug, self.known, own) == entry.values
            text = self._read(path, entry.markdown) if same else None
            if text is not None:
                return path, text, entry, True
        reads = Reads()
        text = make(reads)
        found = reads.sorted()
        values = reads_hash(found, lookups, by_slug, self.known, own)
        return path, text, Entry(key, json.dumps(found, separators=(",", ":")), values,
                                 sha256(text.encode("utf-8"))), False

    def _read(self, path: str, expected: str) -> str | None:
        try:
            with open(os.path.join(self.docs_dir, path), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        return data.decode("utf-8") if sha256(data) == expected else None

    def save(self, pages: Sequence[tuple[str, Entry | None, bool]]) -> None:
        """Store the entries of ``pages`` (path, entry or None, reused) unless the cache holds
        exactly them (writing it is a second or two)."""
        kept = [(path, e) for path, e, _ in pages if e is not None]
        log.info("render: %d of %d pages reused from the cache", sum(reused for *_, reused in pages), len(kept))
        records = {path: [e.inputs, e.reads, e.values, e.markdown] for path, e in kept}
        if records != self.stored:
            self.cache.save(NAME, {"base": self.base, "pages": records})
