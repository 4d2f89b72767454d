"""Which papers of a digest enter the collection: ``include`` and ``exclude`` of collection.yml.

A filter holds keywords (words or phrases, matched case-insensitively as whole words in the
title or abstract, each word also in its plural) and source categories (matched as the full label, "Computation and Language
(cs.CL)", the code in its parentheses, "cs.CL", or the archive, "cs"). With ``include``, a paper
enters only when it matches one of its keywords or categories; ``exclude`` then removes every
paper matching one of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .categories import arxiv_category
from .model import Digest, Entry

_CODE = re.compile(r"\(([^()]+)\)\s*$")


@dataclass(frozen=True)
class Filter:
    keywords: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.keywords or self.categories)


def select(digests: Sequence[Digest], include: Filter, exclude: Filter) -> tuple[list[Digest], int]:
    """The digests with only the papers the filters let in, and how many were left out."""
    if not include and not exclude:
        return list(digests), 0
    matches_include, matches_exclude = matcher(include), matcher(exclude)
    kept, dropped = [], 0
    for digest in digests:
        entries = tuple(e for e in digest.entries
                        if (not include or matches_include(e)) and not (exclude and matches_exclude(e)))
        dropped += len(digest.entries) - len(entries)
        kept.append(replace(digest, entries=entries))
    return kept, dropped


def matcher(chosen: Filter):
    """A test of whether an entry matches one of the filter's keywords or categories."""
    words = re.compile(r"(?<!\w)(?:" + "|".join(_phrase(k) for k in chosen.keywords) + r")(?!\w)",
                       re.IGNORECASE) if chosen.keywords else None
    categories = {c.casefold() for given in chosen.categories for c in (given, arxiv_category(given))}  # as read

    def matches(entry: Entry) -> bool:
        if categories and categories & set(category_names(entry.categories)):
            return True
        return bool(words and (words.search(entry.title) or words.search(entry.abstract)))

    return matches


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
