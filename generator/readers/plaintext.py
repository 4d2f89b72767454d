"""The plain-text digest: a title line, then an abstract line, for each paper.

This is what copying a "trending papers" web page gives, so a few lines of page chrome
(:data:`PAGE_CHROME`) are dropped, and "Subscribe" glued to the first title after chrome
("SubscribeBehavior Generation…") is cut off. Blank lines are ignored.

Which line is which is decided by :func:`looks_like_abstract`, so a title without an
abstract is never paired with the next title: it is kept, empty abstract, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice

from generator.errors import Problem
from generator.model import Entry
from generator.readers.fields import Fields, check_length, clean_text

PAGE_CHROME = (
    re.compile(r"Get trending papers in your email inbox( once a day)?!"),
    re.compile(r"Subscribe"),
)
GLUED_CHROME = "Subscribe"

Line = tuple[int, str]  # (1-based line number, text)

ABSTRACT_MIN_WORDS = 40  # titles in the seed have at most 20 words, abstracts at least 59
SCAN_CHARS = 10_000  # sentences are looked for this far into a line, to stay fast
# A sentence ends with a period after a word (not an initial such as "J." or "e.g.", nor an
# abbreviation) or after a bracket or quote, then the line ends or a space and anything but a
# lowercase letter follows.
ABBREVIATIONS = ("vs", "al", "cf", "Dr", "Mr", "Ms", "St", "Fig", "Eq", "No")
_SENTENCE_END = re.compile(  # the period comes first so that other characters fail fast
    r"""\.(?:(?<=\w\w\.)|(?<=[)\]"'%]\.))"""
    + "".join(rf"(?<!\b{word}\.)" for word in ABBREVIATIONS)
    + r"(?=\s+[^\sa-z]|\s*$)"
)


def looks_like_abstract(line: str) -> bool:
    """Prose, not a title: many words, two sentences, or a long line ending with a period.

    Titles are short and rarely end with "." (they may end with "?" or contain one).
    """
    words = len(line.split(None, ABSTRACT_MIN_WORDS))
    if words > ABSTRACT_MIN_WORDS:
        return True
    sentences = len(list(islice(_SENTENCE_END.finditer(line, 0, SCAN_CHARS), 2)))
    return sentences >= 2 or (line.endswith(".") and words >= 8)


def read_plain_text(text: str, path: str) -> tuple[list[Entry], list[Problem]]:
    """Entries of a plain-text digest (entries with errors left out) and the problems."""
    lines, problems = _content_lines(text, path)
    entries = []
    for title, abstract in _pairs(lines):
        entry, found = _entry(path, title, abstract)
        problems += found
        entries += [entry] if entry else []
    return entries, problems


def _content_lines(text: str, path: str) -> tuple[list[Line], list[Problem]]:
    """Each line that is neither blank nor page chrome, cleaned, and the cleaning warnings."""
    fields, lines, after_chrome = Fields(path, 1), [], True
    for number, raw in enumerate(text.split("\n"), 1):
        line = clean_text(raw, fields, "line", number)
        if any(chrome.fullmatch(line) for chrome in PAGE_CHROME):
            after_chrome = True
        elif line:
            lines.append((number, _unglue_chrome(line) if after_chrome else line))
            after_chrome = False
    return lines, fields.problems


def _unglue_chrome(line: str) -> str:
    """``"SubscribeBehavior …"`` -> ``"Behavior …"``; ``"Subscribe to X"`` stays."""
    rest = line.removeprefix(GLUED_CHROME)
    return rest if rest != line and rest[:1].isupper() else line


def _pairs(lines: Iterable[Line]) -> Iterator[tuple[Line | None, Line | None]]:
    """(title, abstract) pairs; a title without abstract or an abstract without title has None."""
    title = None
    for line in lines:
        if looks_like_abstract(line[1]):
            yield title, line
            title = None
        else:
            if title:
                yield title, None
            title = line
    if title:
        yield title, None


def _entry(path: str, title: Line | None, abstract: Line | None):
    """The entry of a title line and its abstract line (None when in error), and problems."""
    if title is None:
        return None, [Problem(path, abstract[0], "abstract has no title")]
    fields = Fields(path, title[0])
    check_length(title[1], fields, "title")
    if abstract is None:
        fields.warn("title has no abstract")
    else:
        check_length(abstract[1], fields, "abstract", abstract[0])
    text = abstract[1] if abstract else ""
    entry = Entry(title=title[1], abstract=text, source=fields.source)
    return (None if fields.failed else entry), fields.problems
