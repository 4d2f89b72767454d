"""The plain-text digest: a title line, then an abstract line, for each paper.

This is what copying a "trending papers" web page gives, so a few lines of page chrome
(:data:`PAGE_CHROME`) are dropped, and "Subscribe" glued to the first title after chrome
("SubscribeBehavior Generation…") is cut off. Blank lines are ignored.

Lines alternate title, abstract, and that decides the pairs, whatever the lines look like (a
short abstract such as "N/A", a title ending with a period). Only where the alternation breaks
do the lines' looks (:func:`prose`) decide, over the whole file at once: a title without an
abstract is kept, empty abstract, with a warning naming its line; an abstract without a title
is an error naming its line.

Papers written as labelled blocks (``Title: …``, ``Abstract: …``: a copied arXiv listing, arXiv's
mailing) are read by :mod:`generator.readers.labelled` instead.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Iterator, Sequence

from generator.errors import Problem
from generator.ids import doi_url
from generator.model import Entry
from generator.readers.bylines import DANGLING, Byline, byline, few_words, one_a_line
from generator.readers.chrome import ARXIV_FIELD, dated, is_chrome, labelled_abstract, names_user, unlabelled, untagged
from generator.readers.fields import (Fields, author_names, check_length, clean_text, collapse_spaces, valid_date,
                                      written_date)
from generator.readers.labelled import is_labelled, read_labelled
from generator.readers.listed import LINK_ONLY, identifies, unmarked, without_links
from generator.summary import split_sentences

PAGE_CHROME = (
    re.compile(r"Get trending papers in your email inbox( once a day)?!"),
    re.compile(r"Subscribe"),
)
GLUED_CHROME = "Subscribe"
# A rule between papers ("---", "* * *", "====", "———"), as notes and Markdown put them: no title
# or abstract (a "---" line was read as a paper's title, and the pairs after it went wrong)
SEPARATOR = re.compile(r"(?:[-*_=~#•·—–] ?){3,}")

Line = tuple[int, str]  # (1-based line number, text)

PROSE_CACHE = 4_096  # lines whose look is kept: each pass over a file asks again of the lines near its line
ABSTRACT_MIN_WORDS = 40  # titles in the seed have at most 20 words, abstracts at least 59
SCAN_CHARS = 1_000  # sentences are looked for this far into a line: two are found well before
TITLE_MAX_WORDS = 25  # a line of more words is never taken for a title by its look
# Costs of reading a line in a role, in units of "one doubtful line". A break in the
# alternation (a title without abstract, an abstract without title) costs BREAK, so it is
# chosen only where it saves reading at least that much prose as titles (or titles as prose).
BREAK = 2
NEVER_TITLE, STRONG_PROSE, SOME_PROSE = 5, 3, 1  # NEVER_TITLE costs more than two breaks
# A file with this many lines of prose has abstracts that read as such: there, a tag-like line
# (:func:`_tag_like`) costs NEVER_TITLE as an abstract (a page's task tags under an abstract,
# "Language Modelling" / "Large Language Model", were a paper; now each is a title without
# abstract, a warning at its line)
PROSE_ABSTRACTS = 2
TAG_MAX_WORDS = 3


# What sources put where an abstract is missing; never a title.
PLACEHOLDER = re.compile(r"(?:abstract )?(?:not available|n/?a|tbd|tba|none|missing|no abstract|-+|\?+)\.?",
                         re.IGNORECASE)


@functools.lru_cache(maxsize=PROSE_CACHE)
def prose(line: str) -> int:
    """How much ``line`` reads as an abstract rather than a title: :data:`NEVER_TITLE` for many
    words, :data:`STRONG_PROSE` for two sentences ending with a period or a placeholder ("N/A"),
    :data:`SOME_PROSE` for a long line ending with a period, else 0. Titles are short and rarely
    end with "." (they may end with "?" or hold one)."""
    words = len(line.split(None, ABSTRACT_MIN_WORDS))
    words += 0 if line.isascii() else len(UNSPACED.findall(line, 0, SCAN_CHARS)) // CHARS_PER_WORD
    if words > ABSTRACT_MIN_WORDS:
        return STRONG_PROSE if _long_title(line) else NEVER_TITLE
    if PLACEHOLDER.fullmatch(line) or sum(s.endswith(FULL_STOPS) for s in split_sentences(line[:SCAN_CHARS])) >= 2:
        return STRONG_PROSE
    return SOME_PROSE if line.endswith(FULL_STOPS) and words >= 8 and not title_cased(line) else 0


LONG_TITLE_MAX_WORDS = 80  # the longest titles (a survey's, a consortium's) run to 50 words and more


def _long_title(line: str) -> bool:
    """Whether a line of many words may still be a title: it has no sentence ending with a full
    stop, and does not trail off ("…"). Such a line costs what a line of two sentences does as a
    title: read against the lines around it, a long title between abstracts is a title (it cost
    more than two breaks, and a file alternating title and abstract lost that paper, both of its
    lines an "abstract has no title")."""
    if line.rstrip().endswith((*FULL_STOPS, "…")) or len(line.split(None, LONG_TITLE_MAX_WORDS)) > LONG_TITLE_MAX_WORDS:
        return False
    return not any(s.endswith(FULL_STOPS) for s in split_sentences(line[:SCAN_CHARS]))


# Scripts written without spaces between words (Chinese, Japanese, Thai): a line of them was one
# "word", so no abstract read as prose, and a digest with one paper lacking its abstract was read
# as a list of titles, its abstracts among them. About two characters make a word.
UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CHARS_PER_WORD = 2
FULL_STOPS = (".", "\u3002", "\uff0e")  # ".", "。", "．"


def looks_like_abstract(line: str) -> bool:
    return prose(line) > 0


def _title_look(line: str) -> int:
    """1 when ``line`` reads as a title (Title Case, or few words with no closing punctuation and
    no link), else 0."""
    if PLACEHOLDER.fullmatch(line) or "://" in line or len(line.split(None, TITLE_MAX_WORDS)) > TITLE_MAX_WORDS:
        return 0
    return int(title_cased(line) or not line.rstrip().endswith((".", ")", "]", "…")))  # ("!" and "?" may end one)


TITLE_CASE_SHARE = 0.75  # of the longer words capitalised, as in "Learning to Plan with Language Models"
SMALL_WORDS = frozenset("with from into over onto upon than that when what which versus".split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def title_cased(line: str) -> bool:
    """Most words of four letters or more (but small words such as "with") start with a capital."""
    words = _long_words(line)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


def _long_words(line: str) -> list[str]:
    """The words of four letters or more, but small words such as "with", that Title Case capitalises."""
    return [w for w in _WORD.findall(line[:SCAN_CHARS]) if len(w) >= 4 and w.lower() not in SMALL_WORDS]


def read_plain_text(text: str, path: str) -> tuple[list[Entry], list[Problem]]:
    """Entries of a plain-text digest (entries with errors left out) and the problems; papers
    written as labelled blocks (``Title: …``) are read by :mod:`generator.readers.labelled`."""
    lines, dates, problems = _content_lines(text, path)
    if is_labelled(lines):
        sink = Fields(path, 1)  # the cleaning's warnings are in ``problems`` already
        every = [(number, clean_text(raw, sink, "line", number), raw[:1] in " \t")
                 for number, raw in enumerate(text.split("\n"), 1)]
        entries, found = read_labelled(every, path)
        return entries, problems + found
    fields = [number for number, text in lines if ARXIV_FIELD.fullmatch(text)]  # (each ends its paper's lines)
    lines, heading = unmarked([line for line in lines if not ARXIV_FIELD.fullmatch(line[1])])
    problems += [Problem(path, number, "above the list's first numbered or bulleted line: a heading, not a paper; "
                                       "ignored", "warning") for number, _ in heading]
    lines, sections = _without_headings(lines)
    problems += [Problem(path, number, f"a Markdown heading over a section of the list, not a paper: {text!r} ignored",
                         "note") for number, text in sections]
    lines, ends = _joined_wraps(lines)
    lines, links = without_links(lines, prose, _bare_title)
    lines, bylines, starts = _without_bylines(lines)
    lines = [(number, unlabelled(text)) for number, text in _joined_snippets(lines, ends, starts)]
    entries, found = _title_list(lines, path) if _titles_only(lines) else _paired(lines, path, fields)
    return [_annotated(entry, numbers, bylines, links, dates) for entry, numbers in entries], problems + found


HEADING = re.compile(r"#{1,6}[ \t]+\S.*")  # a Markdown heading: "## Week 1", "# Reading list"


def _without_headings(lines: Sequence[Line]) -> tuple[list[Line], list[Line]]:
    """The lines without the Markdown headings over sections of the list ("## Week 1" over a
    title and its abstract, or over another heading), and those headings. A heading over an
    abstract is its paper's title, verbatim as every title ("## A Title" then the abstract: notes
    written in Markdown, or a title that starts with "#"): over a line that reads as one, or over
    the one line before the next heading. A section heading was read as a paper's title without
    abstract."""
    kept: list[Line] = []
    sections: list[Line] = []
    texts = [text for _, text in lines] + ["", ""]
    for i, (number, text) in enumerate(lines):
        after, then = texts[i + 1], texts[i + 2]
        if not HEADING.fullmatch(text) or (after and not HEADING.fullmatch(after)
                                           and (looks_like_abstract(after) or not then or HEADING.fullmatch(then))):
            kept.append((number, text))
        else:
            sections.append((number, text))
    return kept, sections


Read = tuple[list[tuple[Entry, tuple[int, ...]]], list[Problem]]  # entries, each with its lines' numbers; problems


def _paired(lines: Sequence[Line], path: str, ends: Sequence[int] = ()) -> Read:
    """The entries of title and abstract lines (see :func:`_pairs`), and the problems."""
    entries, problems = [], []
    for title, abstract in _pairs(lines, ends):
        entry, found = _entry(path, title, abstract)
        problems += found
        entries += [(entry, tuple(line[0] for line in (title, abstract) if line))] if entry else []
    return entries, problems


def _annotated(entry: Entry, numbers: tuple[int, ...], bylines: dict[int, Byline], links: dict[int, list[str]],
               dates: dict[int, str]) -> Entry:
    """``entry`` with what the lines ``numbers`` had beside their text: a byline under the title
    (:mod:`.bylines`), links and ids (:mod:`.listed`), a page's date under the title or abstract."""
    for number in numbers:
        entry = _bylined(entry, bylines[number]) if number in bylines else entry
        entry = dataclasses.replace(entry, date=dates[number]) if number in dates and not entry.date else entry
    held = [link for number in numbers for link in links.get(number, [])]
    return _linked(entry, held) if held else entry


def _linked(entry: Entry, links: list[str]) -> Entry:
    """``entry`` with its links: the first naming a paper gives its id (and, a web address, its
    page); the others are links beside the abstract (code, project), as other readers give them."""
    ids = [identifies(link) for link in links]
    paper = entry.id or next((found for found in ids if found), "")
    page = next((link for link, found in zip(links, ids) if found and link.lower().startswith("http")), "")
    beside = tuple(link for link, found in zip(links, ids) if not found and link.lower().startswith("http"))
    beside += (doi_url(paper),) if paper.startswith("10.") and not page else ()
    return dataclasses.replace(entry, id=paper, url=entry.url or page, extra_urls=entry.extra_urls + beside)


def _without_bylines(lines: Sequence[Line]) -> tuple[list[Line], dict[int, Byline], set[int]]:
    """The lines but the bylines (:mod:`.bylines`), each byline by the number of the title line
    above it, and the numbers of the lines right under a byline."""
    kept: list[Line] = []
    found: dict[int, Byline] = {}
    starts: set[int] = set()
    i = 0
    while i < len(lines):
        above = kept[-1] if kept and i and kept[-1] == lines[i - 1] and few_words(lines[i][1]) and not prose(
            kept[-1][1]) else None
        run = _name_run(lines, i) if above else 0
        below = lines[i + max(run, 1)][1] if i + max(run, 1) < len(lines) else ""
        names = above and (byline(lines[i][1], True, prose(below) > 0, labelled_abstract(below)) if run < 2 else
                           one_a_line([text for _, text in lines[i:i + run]], prose(below) > 0))
        if names:
            found[above[0]] = names
            i += max(run, 1)
            starts.update({lines[i][0]} if i < len(lines) else set())
        else:
            kept.append(lines[i])
            i += 1
    return kept, found, starts


def _name_run(lines: Sequence[Line], start: int) -> int:
    """How many lines from ``start`` on are each one person's name alone (:func:`.bylines.one_a_line`)."""
    end = start
    while end < len(lines) and one_a_line([lines[end][1]] * 2, True):
        end += 1
    return end - start


def _with_bylines(entries: list[Entry], bylines: dict[int, Byline]) -> list[Entry]:
    """The entries, each with the authors (and the arXiv id) of the byline under its title."""
    return [_bylined(entry, bylines[entry.source.line]) if entry.source.line in bylines else entry for entry in entries]


def _bylined(entry: Entry, names: Byline) -> Entry:
    authors, et_al = author_names(names.authors)
    return dataclasses.replace(entry, authors=authors, id=entry.id or names.id, et_al=et_al or names.cut)


def _content_lines(text: str, path: str) -> tuple[list[Line], dict[int, str], list[Problem]]:
    """Each line that is neither blank, a rule ("---") nor page chrome (:mod:`.chrome`), cleaned;
    the dates chrome lines give ("Published on Feb 14, 2025"), by the number of the line above
    them (its paper's title or abstract); and the cleaning warnings."""
    fields, lines, dates, after_chrome, label = Fields(path, 1), [], {}, True, ""
    for number, raw in enumerate(text.split("\n"), 1):
        line = clean_text(raw, fields, "line", number)
        if any(chrome.fullmatch(line) for chrome in PAGE_CHROME) or is_chrome(line) or names_user(label, line):
            after_chrome = True
            if lines and (day := written_date(dated(line))) and valid_date(day):
                dates.setdefault(lines[-1][0], day)
        elif line and not SEPARATOR.fullmatch(line):
            lines.append((number, untagged(_unglue_chrome(line) if after_chrome else line)))
            after_chrome = False
        label = line if line else label
    return lines, dates, fields.problems




def _joined_wraps(lines: Sequence[Line]) -> tuple[list[Line], dict[int, int]]:
    """The lines, a title wrapped after a word it cannot end with joined to the next line (the
    very next: a blank line between them ends the title), under the first line's number; and the
    number of each joined line's last line."""
    joined: list[Line] = []
    ends: dict[int, int] = {}
    for number, text in lines:
        last = joined[-1] if joined else None
        if last and number == ends[last[0]] + 1 and _dangles(last[1]) and not prose(text):
            joined[-1], ends[last[0]] = (last[0], f"{last[1]} {text}"), number
        else:
            joined.append((number, text))
            ends[number] = number
    return joined, ends


def _joined_snippets(lines: Sequence[Line], ends: dict[int, int], starts: set[int]) -> list[Line]:
    """The lines, an abstract wrapped mid-sentence joined (:func:`_wraps_prose`), where an abstract
    surely starts: under a byline (``starts``), as in an alert's snippet. Elsewhere a title in
    sentence case, then an abstract starting in lower case, would read as such a wrap."""
    joined: list[Line] = []
    tails: dict[int, str] = {}  # a joined line's last line
    for number, text in lines:
        last = joined[-1] if joined else None
        if last and last[0] in tails and number == ends[last[0]] + 1 and _wraps_prose(tails[last[0]], text):
            joined[-1], ends[last[0]], tails[last[0]] = (last[0], f"{last[1]} {text}"), ends[number], text
        else:
            joined.append((number, text))
            tails.update({number: text} if number in starts else {})
    return joined


WRAP_MAX_CHARS = 120  # e-mail wraps at 72 to 80 characters, Scholar's snippets at about 90; a longer line is no wrap
WRAP_MIN_WORDS = 8  # a wrapped line of prose is a full line of words
_ENDS_SENTENCE = (".", "!", "?", ":", ";", "…", '"', "”", ")")


def _wraps_prose(last: str, text: str) -> bool:
    """Whether ``text`` goes on with the sentence of ``last``, a line of prose wrapped (an alert's
    snippet, a pasted e-mail): ``last`` is a full line of words not ending a sentence, and ``text``
    starts with a word in lower case ("… the cornerstone of large language" / "models (LLMs). We …")."""
    if len(last) > WRAP_MAX_CHARS or last.endswith(_ENDS_SENTENCE):
        return False
    first = text.split(None, 1)[0]
    return first.isalpha() and first.islower() and len(last.split()) >= WRAP_MIN_WORDS and not title_cased(last)


def _bare_title(text: str) -> bool:
    """Whether ``text``, a line's start before a link, is a title, not the start of an abstract's
    last sentence ("We release a model. Code is at"): no sentence ends in it, nor a word a title
    does not end with."""
    return not prose(text) and ". " not in text and text.split()[-1] not in DANGLING


def _dangles(text: str) -> bool:
    """Whether ``text`` (a title's lines so far) ends with a word a title does not end with."""
    words = text.rsplit(None, 2)[-2:]
    return len(words) == 2 and words[-1] in DANGLING and not prose(text.replace("\n", " "))


TITLE_LIST_MIN_LINES = 3  # two lines are as likely one paper with a short abstract as two titles


def _titles_only(lines: Sequence[Line]) -> bool:
    """Whether the lines are a reading list of titles alone: every one of three or more lines
    reads as a title and none as an abstract (such a list was read as pairs, every second title
    taken for the abstract of the one before). Two lines stay a title and its abstract, unless
    the second is in Title Case too."""
    many = len(lines) >= TITLE_LIST_MIN_LINES or len(lines) == 2 and title_cased(lines[1][1])
    return many and all(_title_look(text) and not prose(text) and not _lower_case_start(text) for _, text in lines) \
        and not _alternating_case(lines)


def _lower_case_start(text: str) -> bool:
    """Whether ``text`` starts with a word in lower case: a note, not a title ("xLSTM", "mPLUG" are none)."""
    first = text.split(None, 1)[0]
    return first.isalpha() and first.islower()


def _alternating_case(lines: Sequence[Line]) -> bool:
    """Whether the lines alternate a title in Title Case and a line that is not: a title and a
    short note each, not a list of titles (a list mixing both cases stays in doubt: pairs)."""
    return all((_capitalised_share(text) >= TITLE_CASE_SHARE) == (i % 2 == 0) for i, (_, text) in enumerate(lines))


def _capitalised_share(line: str) -> float:
    """The share of the longer words (as :func:`title_cased` counts them) that start with a capital."""
    words = _long_words(line)
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def _title_list(lines: Sequence[Line], path: str) -> Read:
    """A reading list's entries, a title a line; one warning says that none has an abstract."""
    entries, problems = [], []
    for line in _blocks(lines):
        entry, found = _entry(path, line, None)
        problems += [problem for problem in found if problem.message != "title has no abstract"]
        entries += [(entry, (line[0],))] if entry else []
    note = f"no line reads as an abstract: read as a list of {len(entries)} titles without abstracts"
    return entries, [Problem(path, lines[0][0], note, "warning"), *problems]


WRAPPED_LINES = 3  # a title a narrow window wraps takes two lines, three at the most; more are several titles


def _blocks(lines: Sequence[Line]) -> list[Line]:
    """A list whose titles stand apart by blank lines: the lines of each part joined (a title
    wrapped over two lines is one title). Parts are taken so only when most are one line and none
    is longer than a title wraps (:data:`WRAPPED_LINES`)."""
    parts: list[list[Line]] = []
    for number, text in lines:
        if parts and number == parts[-1][-1][0] + 1:
            parts[-1].append((number, text))
        else:
            parts.append([(number, text)])
    if len(parts) < 2 or sum(len(part) == 1 for part in parts) * 2 <= len(parts) or max(map(len, parts)) > WRAPPED_LINES:
        return list(lines)
    return [(part[0][0], " ".join(text for _, text in part)) for part in parts]


def _unglue_chrome(line: str) -> str:
    """``"SubscribeBehavior …"`` -> ``"Behavior …"``; ``"Subscribe to X"`` stays."""
    rest = line.removeprefix(GLUED_CHROME)
    return rest if rest != line and rest[:1].isupper() else line


def _pairs(lines: Sequence[Line], ends: Sequence[int] = ()) -> Iterator[tuple[Line | None, Line | None]]:
    """(title, abstract) pairs; a title without abstract or an abstract without title has None.

    Lines alternate title, abstract: that is the rule. Where the alternation breaks is the
    cheapest reading of the whole file (dynamic programming over the lines), where each break
    costs :data:`BREAK` and each line read against its look costs what :func:`prose` and
    :func:`_title_look` say. Ties keep the alternation. A line numbered in ``ends`` (an arXiv
    page's "Subjects: …", left out) ends a paper: the lines around it are no pair (a listing's
    title without abstract took the next paper's title for its abstract).
    """
    steps = _cheapest_reading(lines, ends)
    i = 0
    while i < len(lines):
        step = steps[i]
        yield (lines[i], lines[i + 1]) if step == PAIR else (lines[i], None) if step == TITLE_ONLY else (None, lines[i])
        i += 2 if step == PAIR else 1


PAIR, TITLE_ONLY, ABSTRACT_ONLY = "pair", "title only", "abstract only"


def _cheapest_reading(lines: Sequence[Line], ends: Sequence[int] = ()) -> list[str]:
    """For each line that starts a step of the cheapest reading, what the step is (never a pair
    across a line of ``ends``)."""
    looks = [(prose(text), _title_look(text)) for _, text in lines]
    ends = sorted(ends)

    def apart(i: int) -> bool:  # whether a line of ``ends`` lies between lines i and i + 1
        at = bisect.bisect_right(ends, lines[i][0])
        return at < len(ends) and ends[at] < lines[i + 1][0]

    strict = _prose_abstracts(looks)
    cost = [0] * (len(lines) + 1)
    steps = [PAIR] * len(lines)
    for i in range(len(lines) - 1, -1, -1):
        options = [(BREAK + looks[i][0] + cost[i + 1], TITLE_ONLY),
                   (BREAK + (0 if looks[i][0] >= STRONG_PROSE else 2) + cost[i + 1], ABSTRACT_ONLY)]
        if i + 1 < len(lines) and not apart(i):
            abstract = NEVER_TITLE if strict and _tag_like(lines[i + 1][1], looks[i + 1]) else looks[i + 1][1]
            options.insert(0, (looks[i][0] + abstract + cost[i + 2], PAIR))
        cost[i], steps[i] = min(options, key=lambda option: option[0])  # min keeps the first of ties
    return steps


def _prose_abstracts(looks: Sequence[tuple[int, int]]) -> bool:
    """Whether the lines' looks (:func:`prose`, :func:`_title_look`) show abstracts that read as prose."""
    return sum(look[0] > 0 for look in looks) >= PROSE_ABSTRACTS


def _tag_like(text: str, look: tuple[int, int]) -> bool:
    """A few capitalised words reading as a title, nothing else ("Object Localization"): a page's tag."""
    words = text.split(None, TAG_MAX_WORDS) if look == (0, 1) else []
    return 0 < len(words) <= TAG_MAX_WORDS and all(w[0].isupper() and w.replace("-", "").isalnum() for w in words)


def _entry(path: str, title: Line | None, abstract: Line | None):
    """The entry of a title line and its abstract line (None when in error), and problems."""
    if title is None:
        return None, [Problem(path, abstract[0], "abstract has no title")]
    fields = Fields(path, title[0])
    check_length(title[1], fields, "title")
    if LINK_ONLY.fullmatch(title[1]):  # a reading list of links: nothing to show but the link
        fields.error("a link or an id, not a title: a digest gives each paper's title and abstract (for arXiv "
                     "ids, save what the arXiv API answers: https://export.arxiv.org/api/query?id_list=ID1,ID2)")
    if abstract is None:
        fields.warn("title has no abstract")
    else:
        check_length(abstract[1], fields, "abstract", abstract[0])
    text = abstract[1] if abstract else ""
    entry = Entry(title=collapse_spaces(title[1]), abstract=text, source=fields.source)
    return (None if fields.failed else entry), fields.problems
