"""The records that flow through the pipeline.

A reader turns a digest file into :class:`Entry` records (what the file said, verbatim).
The build merges entries of all digests into :class:`Paper` records, and each later stage
returns new papers with more fields filled (:func:`replaced`); nothing is mutated.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field
from typing import TypeVar

R = TypeVar("R")


def replaced(record: R, **changes) -> R:
    """``dataclasses.replace(record, **changes)`` for the records here, three times as fast (it
    copies the fields instead of calling ``__init__`` with all of them: at 100,000 papers the
    stages make about 700,000 copies). The records have no ``__post_init__``, no ``init=False``
    field and no cached attribute, so the copy is the record ``replace`` makes. The names are
    checked by ``<=`` of the two key views, which makes no set: the set difference took half the
    time of a copy (1.8 µs against 1.0; about 60,000 copies of an incremental build at 10,000 papers)."""
    if not changes.keys() <= record.__dataclass_fields__.keys():
        unknown = changes.keys() - record.__dataclass_fields__.keys()
        raise TypeError(f"{type(record).__name__} has no field {sorted(unknown)[0]!r}")
    return copied(record, changes)


def copied(record: R, *changes) -> R:
    """:func:`replaced` without checking the names, for changes known to name fields of the record
    (each a mapping or pairs of name and value, set in order): the build's own copies, made from
    the cache's records by the ten thousand, need not pay for a dictionary of them and its check."""
    copy = object.__new__(type(record))
    fields = vars(copy)
    fields.update(vars(record))
    for change in changes:
        fields.update(change)
    return copy


@dataclass(frozen=True)
class Source:
    """Where a record came from: a file and a 1-based line number."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Entry:
    """One paper as one digest file gave it. Text is verbatim (only line ends normalised)."""

    title: str
    abstract: str
    source: Source
    authors: tuple[str, ...] = ()
    id: str = ""
    url: str = ""
    date: str = ""  # ISO 8601 date (YYYY-MM-DD, or YYYY-MM or YYYY for a reference) or ""
    categories: tuple[str, ...] = ()
    extra_urls: tuple[str, ...] = ()  # links the record gives beside its abstract: code, project, PDF, DOI
    et_al: bool = False  # the record cut its list of authors short ("et al.", "and others"): more than named


@dataclass(frozen=True)
class Digest:
    """One digest file: its name (file stem), date and entries in file order."""

    name: str
    path: str
    date: str  # ISO date or "" when neither the file name nor the entries give one
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Link:
    """A cleaned http(s) link found in an abstract (or the record's url)."""

    url: str
    kind: str  # "code" | "notebook" | "video" | "project" | "paper"


@dataclass(frozen=True)
class TopicMatch:
    """Why a paper got a topic: the topic slug, a score, and the terms that matched."""

    topic: str
    score: float
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    """A topic from ``content/topics.yml`` (or suggested by ``topics suggest``)."""

    slug: str
    name: str
    description: str
    keywords: tuple[str, ...] = ()
    parent: str = ""  # a subtopic's topic slug; "" for a topic
    # the papers topics.yml files here whatever they match (``papers:``, each an id or a title with
    # its line): applied to the matches (topics.pin_papers), so no part of a topic's identity
    papers: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)
    # the slugs of its earlier pages (``aliases:``, each with its line), whose addresses redirect to
    # its page (generator.aliases): they change no match, so no part of its identity either
    aliases: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    def stored(self) -> list:
        """The topic as the build cache keeps a suggested one (:meth:`of_stored` reads it back)."""
        return [self.slug, self.name, self.description, list(self.keywords), self.parent]

    @classmethod
    def of_stored(cls, stored: list) -> Topic:
        slug, name, description, keywords, parent = stored
        return cls(slug, name, description, tuple(keywords), parent)


@dataclass(frozen=True)
class Paper:
    """A paper of the collection, merged over every digest it appeared in."""

    key: str  # identity: the id when known, else the normalised title
    slug: str
    title: str  # verbatim
    abstract: str  # verbatim
    source: Source  # the entry the text was taken from
    authors: tuple[str, ...] = ()
    et_al: bool = False  # more authors than named (see Entry): cards and pages say "et al.", BibTeX "and others"
    id: str = ""
    url: str = ""
    date: str = ""
    categories: tuple[str, ...] = ()
    extra_urls: tuple[str, ...] = ()  # links the record gives beside its abstract (see Entry)
    digests: tuple[str, ...] = ()  # digest names, oldest first
    lines: tuple[int, ...] = ()  # its record's line in each of those digests' files (their pages' order)
    # enrich
    title_text: str = ""  # plain text: TeX converted ("GA-S³"), for <title>, listings, search
    abstract_text: str = ""
    title_html: str = ""  # escaped HTML, TeX as MathML, for the paper's page
    abstract_html: str = ""
    links: tuple[Link, ...] = ()
    summary: str = ""  # one sentence of the abstract for listings (plain text)
    topics: tuple[TopicMatch, ...] = ()
    related: tuple[str, ...] = ()  # slugs, most similar first
    keywords: tuple[str, ...] = field(default=(), compare=False)  # top TF-IDF terms, for search


def new_paper(**fields) -> Paper:
    """``Paper(**fields)`` at a third of the cost, made as :func:`replaced` copies a record (the
    fields set, no frozen ``__init__`` setting 22 of them one by one): the build makes 16,500
    at 10,000 papers (the papers, then the topic model's records) before anything is reused.
    The fields are copied from a paper made by ``__init__`` (:data:`_BLANK`), whose attributes
    share their keys with every other paper's: a dictionary filled from a plain one does not,
    and took three times the memory (832 bytes a paper against 280; +350 MB at 100,000 papers)."""
    if fields.keys() - _PAPER_FIELDS.keys() or _PAPER_REQUIRED - fields.keys():
        return Paper(**fields)  # (its error)
    return copied(_BLANK, fields)


_PAPER_FIELDS = {name: f.default for name, f in Paper.__dataclass_fields__.items()}  # (in order)
_PAPER_REQUIRED = frozenset(name for name, default in _PAPER_FIELDS.items() if default is MISSING)
_BLANK = Paper(**{name: None for name in _PAPER_REQUIRED})  # every other field its default
