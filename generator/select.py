"""Which papers of a digest enter the collection: ``include`` and ``exclude`` of collection.yml.

A filter holds keywords (words or phrases, matched case-insensitively as whole words in the
title or abstract, each word also in its plural) and source categories (matched as the full label, "Computation and Language
(cs.CL)", the code in its parentheses, "cs.CL", or the archive, "cs"; one holding ``*`` or ``?`` is a shell pattern of
any of those, "cs.*", "math.A?": compared whole, "cs.*" matched no paper, and a collection kept none). With ``include``, a paper
enters only when it matches one of its keywords or categories; ``exclude`` then removes every
paper matching one of its own. A filter's ``papers`` name papers one by one, by id (in any form),
title or slug, as ``topics.yml``'s ``papers`` do: ``exclude: {papers: [2401.00001]}`` takes one
paper down from the site, in every digest that lists it, a later one too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase

from .categories import arxiv_category
from .collect import identities, identity, identity_hash, in_order, name_forms, slug_for, title_key
from .errors import Problem
from .model import Digest, Entry

_CODE = re.compile(r"\(([^()]+)\)\s*$")
WILDCARDS = re.compile(r"[*?]")  # a category given as a shell pattern ("cs.*")


@dataclass(frozen=True)
class Filter:
    keywords: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    papers: tuple[tuple[str, int], ...] = ()  # (an id, title or slug of a paper; its line in collection.yml)

    def __bool__(self) -> bool:
        return bool(self.keywords or self.categories or self.papers)


def select(digests: Sequence[Digest], include: Filter, exclude: Filter) -> tuple[list[Digest], int]:
    """The digests with only the papers the filters let in, and how many were left out."""
    if not include and not exclude:
        return list(digests), 0
    keys = identities([e for d in in_order(digests) for e in d.entries]) if include.papers or exclude.papers else {}
    matches_include, matches_exclude = matcher(include, digests, keys), matcher(exclude, digests, keys)
    kept, dropped = [], 0
    for digest in digests:
        entries = tuple(e for e in digest.entries
                        if (not include or matches_include(e)) and not (exclude and matches_exclude(e)))
        dropped += len(digest.entries) - len(entries)
        kept.append(replace(digest, entries=entries))
    return kept, dropped


def matcher(chosen: Filter, digests: Sequence[Digest] = (), keys: dict[int, str] | None = None):
    """A test of whether an entry matches one of the filter's keywords or categories, or is a
    record of a paper it names (among ``digests``, whose entries' identities are ``keys``)."""
    named = set().union(*named_papers(digests, chosen.papers, keys or {}).values())
    words = re.compile(r"(?<!\w)(?:" + "|".join(_phrase(k) for k in chosen.keywords) + r")(?!\w)",
                       re.IGNORECASE) if chosen.keywords else None
    patterns = tuple(given.casefold() for given in chosen.categories if WILDCARDS.search(given))
    categories = {c.casefold() for given in chosen.categories if not WILDCARDS.search(given)
                  for c in (given, arxiv_category(given))}  # as read

    def matches(entry: Entry) -> bool:
        if named and keys and keys.get(id(entry)) in named:  # (every record of the paper: ids and titles vary)
            return True
        if categories or patterns:
            names = set(category_names(entry.categories))
            if names & categories or any(fnmatchcase(name, pattern) for name in names for pattern in patterns):
                return True
        return bool(words and (words.search(entry.title) or words.search(entry.abstract)))

    return matches


def about_kept(problems: Sequence[Problem], digests: Sequence[Digest], chosen: Sequence[Digest]) -> list[Problem]:
    """The problems but the warnings and notes at a record the filters left out of ``digests``
    (``chosen``: what :func:`select` kept of them): a "paper has no abstract" of a paper the site
    does not hold is noise, in every build of a collection keeping a few categories of an arXiv
    day. Errors stay: the file must still read, as filters may change."""
    kept = {id(e) for d in chosen for e in d.entries}
    gone = {(e.source.path, e.source.line) for d in digests for e in d.entries if id(e) not in kept}
    return [p for p in problems if p.is_error or (p.path, p.line) not in gone] if gone else list(problems)


def unnamed(digests: Sequence[Digest], include: Filter, exclude: Filter, where: str) -> list[Problem]:
    """A problem at (``where``) each name of the filters' ``papers`` that names no paper of the
    digests: a warning under ``include`` (a paper wanted is missing), a note under ``exclude`` (a
    paper taken down is in no digest: its records were removed too, or the name has a typo)."""
    if not include.papers and not exclude.papers:
        return []
    keys = identities([e for d in in_order(digests) for e in d.entries])
    return [Problem(where, line, f"{option}: no paper of the collection has the id, title or slug {text!r}", level)
            for option, chosen, level in (("include", include, "warning"), ("exclude", exclude, "note"))
            for (text, line), found in named_papers(digests, chosen.papers, keys).items() if not found]


def named_papers(digests: Sequence[Digest], names: Sequence[tuple[str, int]],
                 keys: dict[int, str]) -> dict[tuple[str, int], set[str]]:
    """Each name of ``names`` → the identities of the papers it names: a paper's id in any form
    (``2401.00001``, ``arXiv:2401.00001v2``, its arXiv or DOI address), its title (ignoring case
    and spacing) or its slug, as any of its records gives them. A paper is one identity over
    every record (``keys``), so that a record of it without the id, or with another title, goes too."""
    if not names:
        return {}
    wanted = {}  # a form of a name → the names
    for name in names:
        for form in name_forms(name[0]):
            wanted.setdefault(form, []).append(name)
    hashes = {text.rpartition("-")[2] for text, _ in names if _SLUG_HASH.fullmatch(text)}
    found: dict[tuple[str, int], set[str]] = {name: set() for name in names}
    for entry in (e for d in digests for e in d.entries):
        for form in _forms(entry, hashes):
            for name in wanted.get(form, ()):
                found[name].add(keys.get(id(entry), identity(entry)))
    return found


_SLUG_HASH = re.compile(r"[a-z0-9-]+-[0-9a-f]{8}")  # a slug made of a title or id: its identity's hash ends it


def _forms(entry: Entry, hashes: set[str]) -> Iterable[str]:
    """What names the paper of ``entry``: its identity, title and, when a name ends with the hash
    of its identity, its slug (python-slugify takes 20 µs a title: made only then)."""
    own = identity(entry)
    yield own
    yield title_key(entry.title)
    if hashes and identity_hash(own) in hashes:
        yield slug_for(entry)


def category_names(labels: Iterable[str]) -> Iterable[str]:
    """Each label, its code ("cs.CL" of "Computation and Language (cs.CL)") and archive ("cs")."""
    for label in labels:
        found = _CODE.search(label)
        code = (found.group(1) if found else label).strip()
        yield from (label.strip().casefold(), code.casefold(), code.split(".")[0].casefold())


def _phrase(keyword: str) -> str:
    """A keyword as a pattern: its words in order, any whitespace between them, each also in its
    plural ("large language model" matches "large language models")."""
    return r"\s+".join(_word(word) for word in keyword.split())


def _word(word: str) -> str:
    """``word`` as a pattern that also matches its plural. Nothing is taken off a word: "news"
    must not match "new", nor "means" "mean"."""
    lower = word.lower()
    if len(lower) > 2 and lower.endswith("y") and lower[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    return re.escape(word) + "(?:s|es)?"
