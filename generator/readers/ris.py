"""Tagged reference files: RIS (``.ris``), the format of EndNote, Mendeley, Zotero, Scopus, IEEE
Xplore, the ACM and most publishers' "export citation"; and Web of Science's "plain text" export
(``savedrecs.txt``, read as a ``.txt`` that starts with ``FN``).

A RIS record runs from a ``TY  - `` line to an ``ER  - `` line (``TY - `` and ``ER - `` in a
file written with one space before each dash); a Web of Science record from a
``PT `` line to an ``ER`` line. The records are found here, each with its line, and ``rispy``
reads each one's tags (its tables of tag names, values over several lines, list tags such as
``AU``, ``KW`` and ``UR``). A record cut short (no ``ER`` line before the next record or the end
of the file) is read with a warning at its line; text between records is reported and ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

import rispy

from generator.errors import Problem
from generator.model import Entry
from generator.ids import bare_doi, doi_url
from generator.readers.fields import entries_of, written_date
from generator.readers.values import arxiv_mentions, first_last, paper_id

Result = tuple[list[Entry], list[Problem]]


class Tagged(NamedTuple):
    """A tagged format: how its records start and end, and how ``rispy`` reads one."""

    name: str
    start: str  # the tag a record starts with
    tag: re.Pattern  # a line with a tag
    end: str  # the line that ends a record
    parser: type  # rispy's parser of the format
    record: Callable[[dict], dict[str, object]]  # rispy's names of a record's tags → the shared field names
    header: frozenset[str] = frozenset()  # tags outside records: the file's own
    written: str = ""  # how the file writes a record's start, when it is not ``start`` (EndNote's "%0")


def read_ris(text: str, path: str) -> Result:
    """Entries of a RIS file (records with errors left out) and the problems."""
    return _read(two_spaced(text), path, RIS)


def two_spaced(text: str) -> str:
    """RIS whose tags have one space before the dash (``TY - JOUR``, as several tools write it)
    with RIS's two. Only a file whose records all start so is changed: in a file of two-space
    tags, a wrapped abstract's line such as "US - based" is text."""
    if _TWO_SPACE_START.search(text) or not _ONE_SPACE_START.search(text):
        return text
    return _ONE_SPACE_TAG.sub(r"\1  -", text)


_TWO_SPACE_START = re.compile(r"^TY  -", re.MULTILINE)
_ONE_SPACE_START = re.compile(r"^TY -(?: |$)", re.MULTILINE)
_ONE_SPACE_TAG = re.compile(r"^([A-Z][A-Z0-9]) -(?= |$)", re.MULTILINE)


def read_wos(text: str, path: str) -> Result:
    """Entries of a Web of Science plain-text export (records with errors left out) and the problems."""
    return _read(text, path, WOS)


def _read(text: str, path: str, tagged: Tagged) -> Result:
    problems: list[Problem] = []
    records = _parsed(_records(text, path, problems, tagged), path, problems, tagged)
    return entries_of(records, path, problems), problems


def _parsed(records: list[tuple[int, str]], path: str, problems: list[Problem], tagged: Tagged):
    """(line, fields under the shared names) of each record that rispy reads."""
    for line, block in records:
        try:
            (values,) = rispy.loads(_abstract_once(block) if tagged.parser is rispy.RisParser else block,
                                    implementation=tagged.parser)
        except Exception as err:  # noqa: BLE001 - a parser bug must not end the build without a file:line
            problems.append(Problem(path, line, f"could not read this {tagged.name} record: {err}"))
            continue
        yield line, tagged.record(values)


def _abstract_once(block: str) -> str:
    """A RIS record whose abstract goes on over several ``AB`` (or ``N2``) lines in a row, as one:
    EndNote writes a structured abstract a line a section ("Background: …", "Methods: …"), and
    rispy kept the first section alone."""
    lines, last = block.split("\n"), ""
    for i, line in enumerate(lines):
        tag = line[:2] if line[2:6] == "  - " or line[2:] == "  -" else ""
        if tag in ("AB", "N2") and last == tag:
            lines[i] = line[6:]  # (rispy reads an untagged line as going on with the tag before it)
        elif tag:
            last = tag
    return "\n".join(lines)


def _records(text: str, path: str, problems: list[Problem], tagged: Tagged) -> list[tuple[int, str]]:
    """(line of its first tag, its text ending with an ER line) of each record."""
    records, start, block, stray = [], 0, [], 0
    name = tagged.name
    for number, line in enumerate(text.split("\n"), 1):
        match = tagged.tag.match(line)
        tag = match.group(1) if match else None
        if tag == tagged.start:
            if start:
                if not tagged.written:  # (EndNote has no end line: its next record ends one)
                    problems.append(Problem(path, start, f"{name} record has no 'ER' line before the next record: "
                                                         "read up to it", "warning"))
                records.append((start, "\n".join([*block, tagged.end])))
            start, block = number, [line]
        elif start:
            block.append(line)
            if tag == "ER":
                records.append((start, "\n".join(block)))
                start, block = 0, []
        elif line.strip() and tag not in tagged.header and not stray:
            stray = number
            problems.append(Problem(path, number, f"text outside {'an' if name[0] in 'AEIOU' else 'a'} {name} record "
                                                  f"(a record starts with '{tagged.written or tagged.start}'): ignored", "warning"))
    if start:
        problems.append(Problem(path, start, f"{name} record has no 'ER' line: the file may be cut short; "
                                             "read to its end", "warning"))
        records.append((start, "\n".join([*block, tagged.end])))
    return records


_JOURNALS = ("journal_name", "secondary_title", "alternate_title1", "alternate_title2", "alternate_title3", "notes")


def ris_record(values: dict) -> dict[str, object]:
    """A record's tags (as ``rispy`` names them) under the shared field names: authors as
    "First Last", the id from a URL, an ``arXiv:…`` journal (Google Scholar's ``JO  - arXiv preprint
    arXiv:2309.12345``) or the DOI (arXiv's first), the date from ``DA``, ``PY`` or
    ``Y1`` (``2023/09/21/`` → "2023-09-21"), the keywords as categories, the DOI as a link."""
    urls = [url for url in values.get("urls") or [] if url]
    doi = values.get("doi", "").strip()
    authors = values.get("authors") or values.get("first_authors") or []
    return {
        "title": values.get("title") or values.get("primary_title") or values.get("translated_title"),
        "abstract": values.get("abstract") or values.get("notes_abstract") or "",
        "authors": [first_last(name) for name in authors],
        "id": paper_id(*urls, *arxiv_mentions(values.get(key) for key in _JOURNALS), doi),
        "url": urls[0] if urls else "",
        "date": ris_date(values.get("date") or values.get("year") or values.get("publication_year") or ""),
        "categories": [k for k in values.get("keywords") or [] if k],
        "links": [doi_url(bare_doi(doi))] if doi else [],
    }


def ris_date(text: str) -> str:
    """RIS's ``YYYY/MM/DD/other`` as ``YYYY-MM-DD`` (``2023///`` → "2023", ``2023/09//`` →
    "2023-09"); any other text as it is, for the date reader to judge."""
    parts = text.strip().split("/")
    if not re.fullmatch(r"\d{4}", parts[0]):
        return text.strip()
    numbers = [parts[0]]
    for part in parts[1:3]:
        if not part.isdigit():
            break
        numbers.append(part.zfill(2))
    return "-".join(numbers)


def wos_record(values: dict) -> dict[str, object]:
    """A Web of Science record's tags (as ``rispy`` names them) under the shared field names: the
    full author names (``AF``) as "First Last", then the group authors (``CA``), the date of ``PD``
    and ``PY`` (``SEP 21`` and
    ``2023``; an early-access record has neither, only ``EA``, ``SEP 2023``), the author keywords
    (``DE``) as categories, the DOI as the id and a link."""
    doi = values.get("doi", "").strip()
    authors = values.get("author_full_name") or values.get("authors") or []
    day, year = values.get("publication_date", "").strip(), values.get("publication_year", "").strip()
    return {
        "title": values.get("document_title"),
        "abstract": values.get("abstract", ""),
        "authors": [first_last(name) for name in authors] + list(values.get("group_authors") or []),  # CA: a group
        "id": paper_id(doi),
        "date": f"{day} {year}" if day and year else year or values.get("early_access_date", "").strip(),
        "categories": [k.strip() for k in values.get("author_keywords", "").split(";") if k.strip()],
        "links": [doi_url(doi)] if doi else [],
    }


WOS_COLUMNS = frozenset({"PT", "TI", "UT"})  # in the header of Web of Science's tab-delimited export


def wos_row(row: dict[str, str]) -> dict[str, object]:
    """A row of Web of Science's tab-delimited export, whose columns are its plain-text tags
    (``TI``, ``AF``, ``AB``, ``PD``, ``PY``, ``EA``, ``DI``, ``DE``; names separated by ``;``), as
    :func:`wos_record` reads a record."""
    def names(column: str) -> list[str]:
        return [name.strip() for name in row.get(column, "").split(";") if name.strip()]

    return wos_record({"document_title": row.get("TI") or None, "abstract": row.get("AB", ""),
                       "author_full_name": names("AF"), "authors": names("AU"), "group_authors": names("CA"),
                       "publication_date": row.get("PD", ""), "publication_year": row.get("PY", ""),
                       "early_access_date": row.get("EA", ""),
                       "doi": row.get("DI", ""), "author_keywords": row.get("DE", "")})


RIS = Tagged("RIS", "TY", re.compile(r"([A-Z][A-Z0-9])  -(?: |$)"), "ER  - ", rispy.RisParser, ris_record)
WOS = Tagged("Web of Science", "PT", re.compile(r"([A-Z][A-Z0-9])(?: |$)"), "ER", rispy.WokParser, wos_record,
             frozenset({"FN", "VR", "EF"}))


# EndNote's tagged export (its "EndNote Export" style, .enw, and Google Scholar's "EndNote" link):
# "%0 Journal Article", "%T Title", "%A Lee, Ann", …, a blank line between records. Read as the
# RIS it maps to, line for line (so every problem keeps its line): its tags as RIS's, and each
# blank line that ends a record as RIS's "ER  - ".
def endnote_record(values: dict) -> dict[str, object]:
    """An EndNote record as :func:`ris_record` reads RIS, but its ``%8`` date without a year
    ("Sep 21", EndNote's usual form) completed by the ``%D`` year, as EndNote XML's pub-dates are;
    a ``%8`` that is no date then leaves the year."""
    record = ris_record(values)
    day, year = str(values.get("date") or "").strip(), str(values.get("year") or "").strip()
    if day and re.fullmatch(r"\d{4}", year) and not re.search(r"(?<!\d)\d{4}(?!\d)", day):
        record["date"] = f"{day} {year}" if written_date(f"{day} {year}") else year
    return record


ENDNOTE = RIS._replace(name="EndNote", record=endnote_record, written="%0")
_ENDNOTE_TAGS = {"0": "TY", "T": "TI", "A": "AU", "E": "A2", "D": "PY", "8": "DA", "X": "AB", "R": "DO", "U": "UR",
                 "K": "KW", "J": "JO", "B": "T2", "V": "VL", "N": "IS", "P": "SP", "@": "SN", "I": "PB", "C": "CY"}
_ENDNOTE_TYPES = {"journal article": "JOUR", "electronic article": "EJOUR", "conference proceedings": "CONF",
                  "conference paper": "CPAPER", "report": "RPRT", "thesis": "THES", "book": "BOOK",
                  "book section": "CHAP", "web page": "ELEC", "preprint": "JOUR"}
_ENDNOTE_LINE = re.compile(r"%([0-9A-Z@!#$&()*+^|~?\]>])(?: (.*))?$")


def read_endnote(text: str, path: str) -> Result:
    """Entries of an EndNote tagged file (records with errors left out) and the problems."""
    lines, open_record = [], False
    given = [line.rstrip("\r") for line in text.split("\n")]
    for number, line in enumerate(given):
        if tagged := _ENDNOTE_LINE.match(line):
            tag, value = _ENDNOTE_TAGS.get(tagged[1], "N1"), tagged[2] or ""  # (a tag RIS has no field for: a note)
            if tag == "TY":
                value, open_record = _ENDNOTE_TYPES.get(value.strip().lower(), "GEN"), True
            lines.append(f"{tag}  - {value}")
        elif not line.strip() and open_record and _ends_record(given, number):
            lines.append(ENDNOTE.end)
            open_record = False
        else:
            lines.append(line)
    if open_record:
        lines.append(ENDNOTE.end)
    return _read("\n".join(lines), path, ENDNOTE)


def _ends_record(lines: list[str], blank: int) -> bool:
    """Whether the blank line ``blank`` ends an EndNote record: the next line with text starts the
    next record ("%0"), or there is none (a blank line inside an abstract goes on with it)."""
    following = next((line for line in lines[blank + 1:] if line.strip()), None)
    return following is None or following.lstrip("\ufeff").startswith("%0")
