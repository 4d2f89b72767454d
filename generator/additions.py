"""What a new digest brings to the collection: papers new to it, papers it knows already, and
records rejected with why. A paper is known by the build's own rule (:func:`collect.collect`):
the same id in any of its forms, or, without ids, the same normalised title."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cache import BuildCache, read_all
from .collect import collect
from .errors import Problem, clipped, display_path
from .model import Digest, Paper
from .readers import SUPPORTED_SUFFIXES, digest_date, read_digest, set_aside


@dataclass(frozen=True)
class Additions:
    new: tuple[Paper, ...]  # first seen in the new digest
    known: tuple[Paper, ...]  # seen in an earlier digest too
    rejected: tuple[Problem, ...]  # records with errors, each with its file:line and why
    warnings: tuple[Problem, ...] = ()  # what the build will warn of its records: a paper twice in it, a wrong id
    slugs: frozenset[str] = frozenset()  # the pages of the collection with the new digest


def classify(existing: Sequence[Digest], digest: Digest, problems: Sequence[Problem]) -> Additions:
    """The papers of ``digest`` (under the name it will have), against the ``existing`` digests."""
    papers, found = collect([*existing, digest])
    mine = [p for p in papers if digest.name in p.digests]
    paths = {entry.source.path for entry in digest.entries}
    return Additions(new=tuple(p for p in mine if p.digests == (digest.name,)),
                     known=tuple(p for p in mine if p.digests != (digest.name,)),
                     rejected=tuple(p for p in problems if p.is_error),
                     warnings=tuple(p for p in found if p.level == "warning" and _about(p, paths))
                     + _repeated(existing, digest, papers, mine) + _told_twice(papers, mine, digest.name),
                     slugs=frozenset(p.slug for p in papers))


REPEATED_FROM = 2  # papers: a note of one paper an earlier note listed alone is no list fetched twice


def _repeated(existing: Sequence[Digest], digest: Digest, papers: Sequence[Paper], mine: Sequence[Paper]) -> tuple[Problem, ...]:
    """A warning when ``digest`` lists the very papers of an earlier digest, no more and no fewer:
    a day's list fetched twice (a daily job run again, a feed unchanged over a weekend) was added
    as "0 new, 34 already known", and the site got a second page of the same papers."""
    if len(mine) < REPEATED_FROM:
        return ()
    shared = set.intersection(*(set(p.digests) for p in mine)) - {digest.name}
    sizes = {name: 0 for name in shared}
    for paper in papers:
        for name in shared.intersection(paper.digests):
            sizes[name] += 1
    same = [d for d in existing if sizes.get(d.name) == len(mine)]
    if not same:
        return ()
    return (Problem(digest.path, 1, f"it lists the same {len(mine):,} papers as {same[0].path}, no more and no fewer: "
                                    "the same list fetched twice? Its page would repeat that digest's", "warning"),)


SAME_ABSTRACT_FROM = 200  # characters: two papers sharing an abstract this long are one paper told twice


def _told_twice(papers: Sequence[Paper], mine: Sequence[Paper], name: str) -> tuple[Problem, ...]:
    """A warning for each paper new to the collection whose abstract, word for word, is an earlier
    paper's: one paper under a corrected title ("Behaviour" for "Behavior", a word added), or
    under two ids, which the build keeps as two pages."""
    earlier: dict[str, Paper] = {}
    for paper in papers:
        if paper.digests != (name,) and len(paper.abstract) >= SAME_ABSTRACT_FROM:
            earlier.setdefault(_words_of(paper.abstract), paper)
    return tuple(Problem(p.source.path, p.source.line,
                         f"its abstract is word for word that of {other.source} ({clipped(other.title)!r}), a paper "
                         "of another title or id: if they are one paper, give both records one title or one id, "
                         "or the site lists it twice", "warning")
                 for p in mine if p.digests == (name,) and len(p.abstract) >= SAME_ABSTRACT_FROM
                 and (other := earlier.get(_words_of(p.abstract))))


def _words_of(text: str) -> str:
    """A text's words as compared ignoring case, spacing and Unicode's forms (NFD's "é" is NFC's)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _about(problem: Problem, paths: Collection[str]) -> bool:
    """Whether ``problem`` is about a record of the files at ``paths``: at one of them, or naming
    one (a record of the collection whose id a new record takes: the build warns at the newer one)."""
    return problem.path in paths or any(f"{path}:" in problem.message for path in paths)


def existing_digests(folder: Path, replaced: Collection[str], field_map=None,
                     cache: BuildCache | None = None) -> list[Digest]:
    """The readable digests of the collection, but those named in ``replaced`` (any case), whose
    records with errors are left out (the build reports them); the last build's readings of them
    that ``cache`` holds are reused (at 700 daily digests, ``add`` read 24 MB of files again)."""
    if not folder.is_dir():
        return []
    names = {name.casefold() for name in replaced}
    paths = sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink() and not set_aside(p.name)
                   and p.suffix.lower() in SUPPORTED_SUFFIXES and p.stem.casefold() not in names)
    readings = read_all(paths, lambda todo: [read_digest(path, display_path(path), field_map=field_map) for path in todo],
                        display_path, field_map, cache, save=False)
    return [digest for digest, _ in readings]


def renamed(digest: Digest, name: str) -> Digest:
    """``digest`` under its file name in the collection, dated as that name dates it."""
    return dataclasses.replace(digest, name=name, date=digest_date(name, list(digest.entries)))


def moved_pages(existing: Sequence[Digest], added: Additions) -> list[str]:
    """The paper pages of the collection ``existing`` that the digest ``added`` (:func:`classify`)
    would move (each paper's first record gives its URL: a digest dated before one that listed a
    paper without an id, say, and giving the id, gives the paper another)."""
    return sorted({p.slug for p in collect(list(existing))[0]} - added.slugs)
