"""Pages' Markdown from earlier builds, reused when nothing their template read has changed.

A paper page (or a listing page) is a function of its own inputs (its paper; the listing's
place and the slugs of its papers), the page templates and code, a few site-wide values, and
what its template reads of the rest of the collection: the papers it shows or links to (their
titles, say) and entries of the collection-wide lookups (a digest's title, a topic's name).
Rendering records those reads: the other papers and the lookup dictionaries are handed to the
template wrapped, and every attribute or key read is noted. The cache (``markdown.json`` in the
build cache) keeps, per page, a hash of its own inputs, the reads, the SHA-256 of the Markdown
made and the docs file's stamp; and the last build's hashes of every paper and of each of its
fields (:func:`paper_hashes`), and of each lookup entry (:func:`lookup_hashes`). A later build
reuses the page when its inputs hash the same, none of the values it read changed, and the docs
folder still holds those exact bytes (the docs folder is where the Markdown is kept). Anything
else (a missing or damaged cache, another code or template version, a page edited or removed)
renders the page again, so a stale cache costs time only.

A new digest's rebuild checks every one of ~10,700 pages at 10,000 papers and renders a few
hundred, so a page's check costs next to nothing:

- what changed is found once, not page by page (:attr:`MarkdownCache.changed`): each paper is
  hashed whole, and a paper whose hash differs from the last build's (a few hundred: new papers,
  papers given new related papers) field by field; lookup entries likewise;
- a page's reads are kept as tokens (:func:`encode`: the slugs of the papers read, grouped by
  the fields read; the lookup entries; its own values): a page none of whose tokens changed is
  unchanged, found by splitting one string; one that read a changed paper is made again only
  if it read a changed field (a paper given new related papers changes only the pages that show
  those: not the pages listing it);
- the docs file is trusted while its stamp (size and modification time) is the one recorded
  when this tool wrote it (in the spool: a rename moves it into place) or last read it and found
  the bytes recorded (:func:`generator.cache.stamp`, which says why not its inode); any other
  file is read and checked against that hash.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from . import templates, writer
from .cache import BuildCache, code_fingerprint, encoded, sha256, stamp
from .model import Paper

log = logging.getLogger("digest_site")
NAME = "markdown"  # the cache file: markdown.json
# Marks that begin a token of a page's reads (encode): never the first character of a slug
ATTRS, OWN, LOOKUP = "\x1d", "\x1e", "\x1f"


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


class Reads:
    """What one page's template read: ``("key", lookup, key)``, ``("all", lookup)``,
    ``("paper", slug, attribute)`` and ``("own", name)`` (of the page's own values that are left
    out of its key, such as a listing page's place in a listing that grows) records."""

    def __init__(self) -> None:
        self.found: set[tuple[str, ...]] = set()

    def lookups(self, lookups: Mapping[str, Any]) -> dict[str, Any]:
        """``lookups`` with each dictionary wrapped so that its reads are recorded."""
        return {name: _Lookup(name, value, self.found) if isinstance(value, Mapping) else value
                for name, value in lookups.items()}

    def paper(self, paper: Any) -> Any:
        return None if paper is None else _SeenPaper(paper, self.found)

    def own(self, value: Any, recorded: Sequence[str], prefix: str = "") -> Any:
        """``value`` (the page's own) with reads of its ``recorded`` attributes recorded, as
        ``prefix`` and the attribute's name. With a ``prefix``, the value is left out of the
        page's key whole: reading anything else records ``prefix*``, the value itself."""
        return _SeenOwn(value, recorded, self.found, prefix)

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


def lookup_data(lookup: Mapping | None) -> Mapping | None:
    """A lookup dictionary as it is, reads not recorded (``lookup`` itself when not wrapped)."""
    return lookup.data if type(lookup) is _Lookup else lookup


class _Seen:
    """What :class:`_SeenPaper` and :class:`_SeenOwn` share: the value read whole (``_whole``,
    which records that) when a template prints, compares or hashes it."""

    __slots__ = ()

    def _whole(self) -> Any:
        raise NotImplementedError

    def __str__(self) -> str:
        return str(self._whole())

    def __eq__(self, other: object) -> bool:
        return self._whole() == (other._whole() if isinstance(other, _Seen) else other)

    def __hash__(self) -> int:
        return hash(self._whole())


class _SeenPaper(_Seen):
    """Another paper as a template sees it: each attribute read is recorded (a field's by a
    property, :func:`_field`: a listing page reads 450 fields, and the failed look-up that
    calls ``__getattr__`` took a fifth of the time of the page)."""

    __slots__ = ("_paper", "_found")

    def __init__(self, paper: Any, found: set):
        self._paper, self._found = paper, found

    def __getattr__(self, name: str) -> Any:
        self._found.add(("paper", self._paper.slug, name))
        return getattr(self._paper, name)

    def _whole(self) -> Any:
        self._found.add(("paper", self._paper.slug, "*"))
        return self._paper


class _SeenOwn(_Seen):
    """A page's own value (its listing, its digest) as its template sees it: reads of the
    attributes left out of the page's key are recorded; the others are in the key."""

    __slots__ = ("_value", "_recorded", "_found", "_prefix")

    def __init__(self, value: Any, recorded: Sequence[str], found: set, prefix: str):
        self._value, self._recorded, self._found, self._prefix = value, recorded, found, prefix

    def __getattr__(self, name: str) -> Any:
        if name in self._recorded:
            self._found.add(("own", self._prefix + name))
        elif self._prefix:
            self._whole()
        return getattr(self._value, name)

    def _whole(self) -> Any:
        self._found.add(("own", self._prefix + "*"))
        return self._value


def encode(found: Iterable[Sequence[str]], own: Mapping[str, Any] | None = None) -> str | None:
    """A page's reads as tokens, a line each: ``LOOKUP name`` (a lookup read whole), ``LOOKUP
    name LOOKUP key`` (an entry), ``OWN name OWN repr(value)`` (an own value, as it was), and
    the papers read grouped by the fields read, ``ATTRS a,b,…`` then their slugs (a listing page
    reads the same eight fields of fifty papers): a tenth of the reads as JSON, and a page is
    checked by splitting one string. None when a name would make the tokens ambiguous (a line
    end, a mark at a slug's start): such a page is not kept."""
    papers: dict[str, list[str]] = {}
    tokens = []
    names = []  # of the lookups and own values read
    for read in found:
        kind = read[0]
        if kind == "paper":
            papers.setdefault(read[1], []).append(read[2])
            continue
        names.append(read[1])
        if kind == "own":
            tokens.append(own_token(read[1], own))
        else:
            tokens.append(LOOKUP + read[1] if kind == "all" else LOOKUP + read[1] + LOOKUP + read[2])
    groups: dict[str, list[str]] = {}
    attributes_read = set()
    for slug, attributes in papers.items():
        attributes_read.update(attributes)
        groups.setdefault(",".join(sorted(attributes)), []).append(slug)
    tokens.sort()
    for attributes, slugs in sorted(groups.items()):
        tokens.append(ATTRS + attributes)
        tokens += sorted(slugs)
    text = "\n".join(tokens)
    if any(LOOKUP in name or OWN in name for name in names) or text.count("\n") != len(tokens) - 1 or any(
            not slug or slug[0] in MARKS for slug in papers) or any("," in a for a in attributes_read):
        return None
    return text


MARKS = (ATTRS, OWN, LOOKUP)


def own_token(name: str, own: Mapping[str, Any] | None) -> str:
    """The token of the page's own value ``name`` (:func:`encode`)."""
    return OWN + name + OWN + repr((own or {}).get(name, MISSING))


def lookup_hashes(lookups: Mapping[str, Any]) -> dict[str, str]:
    """Token (:func:`encode`) → the SHA-256 of its value's ``repr``, for each lookup dictionary
    and each of its entries (a few hundred: topics and digests)."""
    hashes = {}
    for name, value in lookups.items():
        if isinstance(value, Mapping):
            hashes[LOOKUP + name] = sha256(encoded(value, marshalled=False))
            hashes.update((LOOKUP + name + LOOKUP + key, sha256(encoded(entry, marshalled=False)))
                          for key, entry in value.items() if isinstance(key, str))
    return hashes


def paper_fields(p: Paper) -> tuple:
    """The fields of a paper in :data:`FIELDS`' order, its records as tuples: what marshal
    writes (tests/test_render_cache.py checks that each field counts)."""
    return (p.key, p.slug, p.title, p.abstract, (p.source.path, p.source.line), p.authors, p.et_al, p.id, p.url, p.date,
            p.categories, p.extra_urls, p.digests, p.lines, p.title_text, p.abstract_text, p.title_html,
            p.abstract_html, tuple([(link.url, link.kind) for link in p.links]), p.summary,
            tuple([(m.topic, m.score, m.terms) for m in p.topics]), p.related, p.keywords)


PAPER_FIELDS = tuple(f.name for f in dataclasses.fields(Paper))
# A field made of others, compared as the real ones are: the slugs of a paper's topics that are
# no subtopic (:func:`main_topics`). A card shows these on every page but its subtopics' topic's
# (render.Cards): a topic that gets subtopics changes its papers' ``topics``, not what their cards
# show on the digests' pages and other topics' pages (at 10,000 papers, the digest that took a topic
# past 500 papers made 406 such listing pages again, each the same as before).
MAIN_TOPICS = "main_topics"
FIELDS = (*PAPER_FIELDS, MAIN_TOPICS)


def _field(name: str) -> property:
    """The field ``name`` of a :class:`_SeenPaper`'s paper, its read recorded."""
    def read(self: _SeenPaper) -> Any:
        self._found.add(("paper", self._paper.slug, name))
        return getattr(self._paper, name)
    return property(read)


for _name in PAPER_FIELDS:
    setattr(_SeenPaper, _name, _field(_name))
SeenPaper = _SeenPaper  # (render.Cards reads papers through it as the card macro does)


def unwrapped(paper: Any) -> tuple[Any, set | None]:
    """A paper as a template was given it, and the set its reads are recorded in (None: none)."""
    return (paper._paper, paper._found) if type(paper) is _SeenPaper else (paper, None)
FIELD_HASH = 16  # hex digits of each field's hash kept (field_hashes)


def paper_hashes(papers: Sequence[Paper]) -> list[str]:
    """The SHA-256 of each paper's fields (a paper's ``repr`` took eight times as long: 0.7 s
    at 10,000 papers)."""
    return [sha256(encoded(paper_fields(p))) for p in papers]


def field_hashes(paper: Paper, subtopics: Container[str] = frozenset()) -> str:
    """The hashes of the paper's :data:`FIELDS`, one after the other (64 bits each): made only for
    the papers whose :func:`paper_hashes` changed, to tell which fields did. ``subtopics``: the
    collection's subtopics' slugs (:func:`main_topics`)."""
    return "".join(sha256(encoded(value))[:FIELD_HASH] for value in (*paper_fields(paper), main_topics(paper, subtopics)))


def main_topics(paper: Paper, subtopics: Container[str]) -> tuple[str, ...]:
    """The slugs of the paper's topics that are none of ``subtopics``, in order: all that its card
    names on a page that shows no topic with subtopics (:data:`MAIN_TOPICS`)."""
    return tuple([m.topic for m in paper.topics if m.topic not in subtopics])


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
    """One page's record: the hash of its own inputs, its template's reads (:func:`encode`), the
    SHA-256 of the Markdown made, and the docs file's :func:`generator.cache.stamp` when known to hold it."""

    inputs: str
    reads: str
    markdown: str
    stamp: list | None = None


@dataclass(frozen=True)
class MarkdownCache:
    """Paper pages kept in ``docs_dir`` by earlier builds, described in the build cache; valid
    for the page templates of ``template_dirs`` and the site-wide values hashed in ``base``.
    With ``unread``, a page whose docs file's stamp vouches for its bytes is not read: it is given
    as :class:`generator.writer.Kept` (for a build that writes its pages through a spool)."""

    cache: BuildCache
    docs_dir: Path
    template_dirs: tuple[Path, ...]
    unread: bool = False
    base: str = ""
    papers: dict[str, str] = field(default_factory=dict)  # slug → its paper_hashes' hash, this build's
    by_slug: Mapping[str, Paper] = field(default_factory=dict)
    lookups: dict[str, str] = field(default_factory=dict)  # lookup_hashes, this build's
    subtopics: frozenset[str] = frozenset()  # the slugs of this build's subtopics (main_topics)

    def for_site(self, constants: Sequence[Any], papers: Sequence[Paper], hashes: Sequence[str],
                 lookups: Mapping[str, Any]) -> MarkdownCache:
        """This cache for a site whose site-wide values are ``constants``, whose papers are
        ``papers`` (their :func:`paper_hashes`: ``hashes``) and whose lookups are ``lookups``,
        with what changed found (before worker processes are forked: they share it)."""
        memo = replace(self, base=base_fingerprint(self.template_dirs, constants),
                       papers={p.slug: h for p, h in zip(papers, hashes)}, by_slug={p.slug: p for p in papers},
                       lookups=lookup_hashes(lookups), subtopics=frozenset(lookups.get("topic_parents", ())))
        memo.fields  # noqa: B018 - finds what changed
        return memo

    @cached_property
    def stored(self) -> dict[str, Any]:
        found = self.cache.load(NAME)
        if (found.get("base") != self.base or not all(isinstance(found.get(part), dict) for part in PARTS)
                or not isinstance(found.get("subtopics"), list) or not all(isinstance(s, str) for s in found["subtopics"])):
            return {**dict.fromkeys(PARTS, {}), "subtopics": []}
        return {part: found[part] for part in (*PARTS, "subtopics")}

    @cached_property
    def changed(self) -> frozenset[str]:
        """The tokens (:func:`encode`) whose values differ from the last build's: the slugs of
        papers changed, added or removed, and lookup entries (and whole lookups) likewise. A paper
        one of whose topics became a subtopic, or ceased to be one, counts as changed: its
        :func:`main_topics` may have changed with its fields the same."""
        then = {slug: record[0] for slug, record in self.stored["papers"].items()}
        found = set()
        for now, before in ((self.papers, then), (self.lookups, self.stored["lookups"])):
            found.update(token for token, value in now.items() if before.get(token) != value)
            found.update(token for token in before if token not in now)
        moved = self.subtopics.symmetric_difference(self.stored["subtopics"])
        if moved:
            found.update(slug for slug, paper in self.by_slug.items() if any(m.topic in moved for m in paper.topics))
        return frozenset(found)

    @cached_property
    def fields(self) -> dict[str, str]:
        """Slug → :func:`field_hashes` of each paper changed since the last build, to compare with
        its fields then (a paper new to the cache has its hashed where its page is made: a full
        build's 10,000 papers were a third of a second of this process's time)."""
        before = self.stored["papers"]
        return {slug: field_hashes(self.by_slug[slug], self.subtopics) for slug in self.changed
                if slug in before and slug in self.papers}

    def new_fields(self, paper: Paper) -> str | None:
        """:func:`field_hashes` of ``paper`` when the cache is to learn them (see :attr:`fields`)."""
        slug = paper.slug  # (of the paper hashed under its slug: the last of two with one slug, as by_slug)
        if slug in self.changed and slug not in self.fields and self.by_slug[slug] is paper:
            return field_hashes(paper, self.subtopics)
        return None

    @cached_property
    def changed_fields(self) -> dict[str, frozenset[str] | None]:
        """Slug of a changed paper → the names of its fields that changed (None: every one, for
        a paper added or removed)."""
        found: dict[str, frozenset[str] | None] = {}
        for slug in self.changed:
            before, now = self.stored["papers"].get(slug), self.fields.get(slug)
            if before is None or now is None:
                found[slug] = None
                continue
            found[slug] = frozenset(name for i, name in enumerate(FIELDS)
                                    if before[1][i * FIELD_HASH:(i + 1) * FIELD_HASH] != now[i * FIELD_HASH:(i + 1) * FIELD_HASH])
        return found

    def reused(self, path: str, inputs: object, own: Mapping[str, Any] | None = None) -> tuple[str | None, Entry] | None:
        """``(markdown, entry)`` of the page kept in the docs folder when ``inputs`` and the values
        its template read (of the collection, and of ``own``: the page's values left out of
        ``inputs``) are unchanged (markdown None: not read, see ``unread``), else None."""
        record = self.stored["pages"].get(path)
        if not record or record[0] != key(inputs) or not self._same_reads(record[1], own):
            return None
        return self._kept(path, Entry(*record))

    def _same_reads(self, reads: str, own: Mapping[str, Any] | None) -> bool:
        """Whether every value ``reads`` (:func:`encode`) found is unchanged."""
        tokens = reads.split("\n") if reads else []
        if self.changed.isdisjoint(tokens) and OWN not in reads:
            return True
        attributes: list[str] = []
        for token in tokens:
            mark = token[0]
            if mark == ATTRS:
                attributes = token[1:].split(",")
            elif mark == OWN:
                if token != own_token(token[1:].partition(OWN)[0], own):
                    return False
            elif token in self.changed:
                if mark == LOOKUP:
                    return False
                fields = self.changed_fields[token]
                if fields is None or any(a in fields or a not in FIELDS for a in attributes):
                    return False
        return True

    @cached_property
    def docs_folder(self) -> str:
        """The docs folder with a separator at its end: a page's file is joined by hand (10,000
        calls of ``os.path.join`` with a Path took 0.05 s)."""
        return os.path.join(self.docs_dir, "")

    def _kept(self, path: str, entry: Entry) -> tuple[str | None, Entry] | None:
        """The docs file's Markdown (None when ``unread`` and its stamp is the recorded one) and
        the entry with the file's stamp, or None when the file no longer holds the page."""
        target = self.docs_folder + path
        if self.unread and entry.stamp is not None and stamp(target) == entry.stamp:
            return None, entry
        try:
            with open(target, "rb") as handle:
                found = stamp(handle.fileno())  # before reading: a later change changes it
                data = handle.read()
        except OSError:
            return None
        return (data.decode("utf-8"), replace(entry, stamp=found)) if sha256(data) == entry.markdown else None

    @staticmethod
    def made(inputs: object, make: Callable[[Reads], str], own: Mapping[str, Any] | None = None) -> tuple[str, Entry | None]:
        """``make``'s Markdown, with its reads recorded, and its entry (None when its reads cannot
        be kept: :func:`encode`)."""
        reads = Reads()
        text = make(reads)
        tokens = encode(reads.found, own)
        return text, None if tokens is None else Entry(key(inputs), tokens, sha256(text.encode("utf-8")))

    @staticmethod
    def written(entry: Entry, kept: Any) -> Entry:
        """``entry`` of a page just made, with the stamp of the spool's file that holds it (it
        becomes the docs file by a rename); without one, its docs file is read next time."""
        return replace(entry, stamp=stamp(kept.path)) if isinstance(kept, writer.Spooled) else entry

    def save(self, pages: Sequence[tuple[str, Entry | None, bool]], fields: Mapping[str, str]) -> None:
        """Store the entries of ``pages`` (path, entry or None, reused) and this build's hashes,
        with the ``fields`` (slug → :meth:`new_fields`) of the papers new to the cache, unless the
        cache holds exactly them (the patch of a digest's rebuild is small)."""
        kept = [(path, e) for path, e, _ in pages if e is not None]
        log.info("render: %d of %d pages reused from the cache", sum(reused for *_, reused in pages), len(kept))
        stored = self.stored["papers"]
        papers = {slug: stored[slug] if slug not in self.changed else
                  [value, self.fields.get(slug) or fields.get(slug) or field_hashes(self.by_slug[slug], self.subtopics)]
                  for slug, value in self.papers.items()}
        records = {"base": self.base, "papers": papers, "lookups": self.lookups,
                   "pages": {path: [e.inputs, e.reads, e.markdown, e.stamp] for path, e in kept},
                   "subtopics": sorted(self.subtopics)}
        if records != {"base": self.base, **self.stored}:
            self.cache.save(NAME, records)


class Compiled(templates.InProcess):
    """The page templates as Jinja compiles them, kept in the build cache (``templates/``): compiling
    them took a tenth of a second of each process that renders pages, in every build. A file is
    named by the code fingerprint (which holds Jinja's version and the environment's options) and
    the template's name; it holds Jinja's check of the template's source, and is read only when
    its SHA-256 (its first line) matches its bytes. With ``read`` False (``--full``), nothing is read.

    The template's path is left out of the name (Jinja's own key holds it): the rest of the cache
    holds for a project moved or copied to another folder (a CI runner's workspace, say), where
    the page templates were compiled again: 0.045 s of CPU in every build (measured on a copy of
    a 10,000-paper project). A template read back names the path it is loaded from
    (:func:`generator.templates.placed`), as its errors do."""

    def __init__(self, folder: Path, read: bool = True):
        self.folder, self.read = folder / "templates", read

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(name)

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / sha256(f"{code_fingerprint()}\0{bucket.key}".encode())

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not self.read:
            return
        try:
            digest, _, data = self._path(bucket).read_bytes().partition(b"\n")
        except OSError:
            return
        if digest.decode("ascii", "replace") == sha256(data):
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            writer.write_cache_file(self._path(bucket), [bucket.bytecode_to_string()], lambda digest: digest.encode() + b"\n")
        except OSError:  # the cache is optional
            pass


PARTS = ("papers", "lookups", "pages")  # of markdown.json, beside its base


def key(inputs: object) -> str:
    """The hash of a page's own inputs (anything with a stable ``repr``), as
    :func:`generator.cache.encoded` writes them: a paper page's (texts and lists of them) in
    marshal's bytes, four times as fast as their ``repr``."""
    return sha256(encoded(inputs))
