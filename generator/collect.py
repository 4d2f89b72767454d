"""Merge the entries of every digest into one paper per identity, each with a stable slug."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence

from slugify import slugify

from . import texmath
from .errors import Problem
from .model import Digest, Entry, Paper

SAFE_ID = re.compile(r"[a-z0-9](?:[a-z0-9.]{0,62}[a-z0-9])?")
RESERVED = frozenset("con prn aux nul com1 com2 com3 com4 com5 com6 com7 com8 com9 lpt1 lpt2 lpt3 lpt4 lpt5 lpt6 lpt7 lpt8 lpt9".split())
SLUG_WORDS = 60


def identity(entry: Entry) -> str:
    """A paper's identity: its id when it has one, else its title folded for case and spacing."""
    if entry.id:
        return "id:" + entry.id.strip().casefold()
    return "title:" + " ".join(unicodedata.normalize("NFKC", entry.title).casefold().split())


def slug_for(entry: Entry) -> str:
    """A readable, path-safe slug that depends only on the entry itself.

    A plain lowercase id such as ``2309.10986`` is used as it is. Anything else is slugified
    and suffixed with a hash of the identity, so titles differing only in case, punctuation or
    TeX never collide and a paper's slug never changes when other papers are added.
    """
    key = identity(entry)
    if entry.id and SAFE_ID.fullmatch(entry.id) and entry.id.split(".")[0] not in RESERVED:
        return entry.id
    readable = entry.id or texmath.to_text(entry.title)
    base = slugify(readable, max_length=SLUG_WORDS, word_boundary=True) or "paper"
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{base}-{digest}"


def collect(digests: Sequence[Digest]) -> tuple[list[Paper], list[Problem]]:
    """One Paper per identity, in order of first appearance; later digests update the text."""
    merged: dict[str, list[tuple[Digest, Entry]]] = {}
    problems: list[Problem] = []
    for digest in sorted(digests, key=lambda d: (d.date or "9999", d.name)):
        seen: dict[str, Entry] = {}
        for entry in digest.entries:
            key = identity(entry)
            if key in seen:
                problems.append(_duplicate(entry, seen[key]))
                continue
            seen[key] = entry
            merged.setdefault(key, []).append((digest, entry))
    return [_paper(key, sightings) for key, sightings in merged.items()], problems


def _duplicate(entry: Entry, first: Entry) -> Problem:
    same = entry.abstract == first.abstract
    detail = "" if same else " (its abstract differs; the first one is kept)"
    return Problem(entry.source.path, entry.source.line,
                   f"duplicate of the paper at line {first.source.line}{detail}", "warning")


def _paper(key: str, sightings: list[tuple[Digest, Entry]]) -> Paper:
    latest = sightings[-1][1]
    text_from = next((e for _, e in reversed(sightings) if e.abstract), latest)
    return Paper(
        key=key,
        slug=slug_for(sightings[0][1]),
        title=text_from.title,
        abstract=text_from.abstract,
        source=text_from.source,
        authors=_first((e.authors for _, e in reversed(sightings)), ()),
        id=latest.id,
        url=_first(e.url for _, e in reversed(sightings)),
        date=_first(e.date for _, e in reversed(sightings)) or sightings[0][0].date,
        categories=_first((e.categories for _, e in reversed(sightings)), ()),
        digests=tuple(d.name for d, _ in sightings),
    )


def _first(values: Iterable, default=""):
    """The first non-empty value (sightings are passed newest first)."""
    return next((v for v in values if v), default)
