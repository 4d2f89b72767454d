"""Plain text whose papers are labelled blocks: ``Title: …``, ``Authors: …``, ``Abstract: …``.

That is what copying an arXiv listing page gives (an ``arXiv:2309.12345 [pdf, other]`` line, then
``Title:``, ``Authors:``, ``Comments:``, ``Subjects:`` and ``Abstract:``), what arXiv's daily
mailing holds (``arXiv:…``, ``Date:``, ``Title:``, ``Authors:``, ``Categories:``, then the abstract
between two ``\\\\`` lines, records apart by lines of dashes), and how newsletters and hand-written
lists write papers. :func:`generator.readers.plaintext.read_plain_text` hands a file here when a
line starts with ``Title:`` and another with another label (or a mailing's ``\\\\``).

A ``Title:`` starts a paper; an arXiv id line before it is that paper's id. A line without a label
continues the title, authors or abstract above it (they wrap), up to a blank line, and any other
field when it is indented (as a mailing wraps ``Comments:``); else it starts the abstract of a paper
that has none (an arXiv listing's abstract follows ``Subjects:`` unlabelled). Between ``\\\\``
lines, the abstract goes on over blank lines (its paragraphs). Labels this reader has no field for
(``Journal-ref:``, ``MSC-class:``) are skipped with their lines; ``Comments:`` is read for its
links (a code or project page) alone; other text outside a paper is reported once and ignored.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Sequence

from generator.errors import Problem
from generator.model import Entry
from generator.ids import doi_url
from generator.readers.bylines import DANGLING, names_only
from generator.readers.fields import entry_from_record
from generator.readers.values import paper_id

Result = tuple[list[Entry], list[Problem]]
Line = tuple[int, str]  # (its number, its text)

FIELDS = {  # label (lowercase) → the shared field name, or None for labels read and dropped
    "title": "title", "authors": "authors", "author": "authors", "abstract": "abstract", "summary": "abstract",
    "subjects": "categories", "categories": "categories", "keywords": "categories", "doi": "doi",
    "date": "date", "submitted": "date", "published": "date", "url": "url", "link": "url",
    "comments": "comments", "journal-ref": None, "report-no": None, "msc-class": None, "acm-class": None,
    "license": None, "journal": None, "venue": None,
}
WRAPPED = ("title", "authors", "abstract")  # fields whose text wraps onto unlabelled lines
SKIPPED = ""  # the field of a label read and dropped (its indented lines are dropped too)
_LABEL = re.compile(rf"({'|'.join(map(re.escape, FIELDS))})\s*:\s*(.*)", re.IGNORECASE)
# "[1] arXiv:2309.12345 [pdf, other]", and a /new listing's "arXiv:2309.12345 (cross-list from cs.AI) [pdf]" or "(replaced)"
_ID_LINE = re.compile(r"(?:\[\d+\]\s*)?arXiv:\s*(\S+?)(?:\s+\((?:cross-list from [\w.-]+|replaced)\))?(?:\s+\[[^\]]*\])?(?:\s+\S+)?")
_SEPARATOR = re.compile(r"-{5,}|={5,}|_{5,}")
_MAILING_END = re.compile(r"\\\\\s*\(\s*(\S+)")  # "\\ ( https://arxiv.org/abs/2309.12345 ,  1234kb)"
_CODE = r"(?:[a-z]+(?:-[a-z]+)?\.[A-Za-z-]+|[a-z]+-[a-z]+)"  # "cs.CL", "math.AG", "hep-th": not "learning"
_CODES = re.compile(rf"{_CODE}(?:\s+{_CODE})*")  # a mailing's "Categories: cs.CL cs.LG"
_SIZE = re.compile(r"\s*\(\d+kb[^)]*\)\s*$", re.IGNORECASE)  # a mailing's "(1234kb)"


def is_labelled(lines: Sequence[Line]) -> bool:
    """Whether the content lines are labelled papers: a ``Title:`` line, and a line of another
    label (``Abstract:``, ``Authors:``, ``Link:``…) or a mailing's ``\\\\``."""
    labels = {m.group(1).lower() for _, text in lines if (m := _LABEL.match(text))}
    return "title" in labels and bool(labels - {"title"} or any(t == "\\\\" for _, t in lines))


def read_labelled(lines: Sequence[tuple[int, str, bool]], path: str) -> Result:
    """Entries of labelled papers. ``lines``: every line (blank ones too) with its number, its text
    stripped, and whether it was indented (a mailing indents what continues a field)."""
    problems: list[Problem] = []
    records: list[tuple[int, dict[str, list[str]]]] = []
    record: dict[str, list[str]] | None = None  # the paper being read; None between papers
    pending: dict[str, list[str]] = {}  # what comes before a paper's Title: (its id, a mailing's Date:)
    field: str | None = None  # the field unlabelled lines continue
    quoted, stray = False, False  # quoted: between a mailing's "\\" lines
    for number, text, indented in lines:
        label = None if quoted else _LABEL.match(text)
        if quoted and (text == "\\\\" or _MAILING_END.match(text)):
            quoted, field = False, None
            if end := _MAILING_END.match(text):
                record.setdefault("url", []).append(end.group(1))
                record = None
        elif quoted:
            record.setdefault("abstract", []).append(text)
        elif end := _MAILING_END.match(text):  # a replaced paper's, with no abstract
            if record is not None:
                record.setdefault("url", []).append(end.group(1))
            record, field = None, None
        elif _SEPARATOR.fullmatch(text) or not text:
            field = None
            record = None if text else record
        elif (found := _ID_LINE.fullmatch(text)) and not label:
            record, field, pending = None, None, {"id": [found.group(1)]}
        elif text == "\\\\":
            quoted = record is not None and "title" in record and "abstract" not in record
            field = "abstract" if quoted else None
        elif label:
            name = FIELDS[label.group(1).lower()]
            if name == "title":
                record, pending = pending, {}
                records.append((number, record))
            if name is not None:
                (pending if record is None else record).setdefault(name, []).append(label.group(2))
            field = (name or SKIPPED) if record is not None else None
        elif record is not None and field == "title" and _unlabelled_authors(record, text, indented):
            field = "authors"  # a listing's names without "Authors:" under its one-line title
            record[field] = [text]
        elif record is not None and (field in WRAPPED or field is not None and indented):
            if field != SKIPPED:
                record[field].append(text)
        elif record is not None and "title" in record and "abstract" not in record:
            field = "abstract"  # unlabelled prose after a paper's fields: its abstract (an arXiv listing's)
            record[field] = [text]
        elif not stray:
            stray = True
            problems.append(Problem(path, number, "text outside a labelled paper (a paper starts with 'Title:'): "
                                                  "ignored", "warning"))
    entries = []
    for line, record in records:  # a paper without an abstract is said, as in plain text
        entry, found = entry_from_record(_shared(record), path, line)
        problems += found
        entries += [entry] if entry else []
    return entries, problems


def _unlabelled_authors(record: dict[str, list[str]], text: str, indented: bool) -> bool:
    """Whether ``text``, under a title, is the paper's names without "Authors:", as a copied arXiv
    listing may give them (its title is one line): only names, in a paper of an arXiv id line,
    under a title that does not end with a word a title does not end with ("… for") or indented
    (a mailing's wrapped title)."""
    last = record["title"][-1].split()[-1:] if record["title"][-1].split() else [""]
    return ("id" in record and "authors" not in record and not indented and last[0] not in DANGLING
            and names_only(text))


def _shared(record: dict[str, list[str]]) -> dict[str, object]:
    """A labelled paper's lines under the shared field names."""
    values = {name: " ".join(" ".join(lines).split()) for name, lines in record.items() if name != "abstract"}
    if "abstract" in record:
        values["abstract"] = _paragraphs(record["abstract"])
    categories = values.pop("categories", "")
    if categories:
        values["categories"] = categories.split() if _CODES.fullmatch(categories) else categories
    if "date" in values:
        values["date"] = _date(values["date"])
    doi = paper_id(values.pop("doi", ""))
    values["id"] = paper_id(values.get("id", "")) or values.get("id") or doi
    values["links"] = [doi_url(doi)] if doi.startswith("10.") else []
    return values


def _paragraphs(lines: list[str]) -> str:
    """Wrapped lines joined; a blank line (between a mailing's ``\\\\`` lines) parts paragraphs."""
    return "\n\n".join(" ".join(p.split()) for p in "\n".join(lines).split("\n\n") if p.strip())


def _date(text: str) -> str:
    """A mailing's ``Thu, 21 Sep 2023 17:59:59 GMT (1234kb)`` as ``2023-09-21``; else as written."""
    text = _SIZE.sub("", text)
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return text
