"""RIS digests (``.ris``): the reference format of EndNote, Mendeley, Zotero, Web of Science,
Scopus, IEEE Xplore, the ACM and most publishers' "export citation".

Each record runs from a ``TY  - `` line to an ``ER  - `` line. The records are found here, each
with its line, and ``rispy`` reads each one's tags (its table of tag names, multi-line values
and list tags such as ``AU``, ``KW`` and ``UR``). A record cut short (no ``ER`` line before the
next ``TY`` or the end of the file) is read with a warning at its line; text between records
is reported and ignored.
"""

from __future__ import annotations

import re

import rispy

from generator.errors import Problem
from generator.model import Entry
from generator.readers.fields import entry_from_record, first_last
from generator.readers.records import paper_id

Result = tuple[list[Entry], list[Problem]]
_TAG = re.compile(r"([A-Z][A-Z0-9])  -(?: |$)")  # "TY  - JOUR": a tag, two spaces, a hyphen
_END = "ER  - "


def read_ris(text: str, path: str) -> Result:
    """Entries of a RIS file (records with errors left out) and the problems."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for line, block in _records(text, path, problems):
        try:
            (values,) = rispy.loads(block)
        except Exception as err:  # noqa: BLE001 - a parser bug must not end the build without a file:line
            problems.append(Problem(path, line, f"could not read this RIS record: {err}"))
            continue
        entry, found = entry_from_record(ris_record(values), path, line, warn_no_abstract=False)
        problems += found
        entries += [entry] if entry else []
    return entries, problems


def _records(text: str, path: str, problems: list[Problem]) -> list[tuple[int, str]]:
    """(line of its TY, its text ending with an ER line) of each record."""
    records, start, block, stray = [], 0, [], 0
    for number, line in enumerate(text.split("\n"), 1):
        match = _TAG.match(line)
        tag = match.group(1) if match else None
        if tag == "TY":
            if start:
                problems.append(Problem(path, start, "RIS record has no 'ER  -' line before the next record: "
                                                     "read up to it", "warning"))
                records.append((start, "\n".join([*block, _END])))
            start, block = number, [line]
        elif start:
            block.append(line)
            if tag == "ER":
                records.append((start, "\n".join(block)))
                start, block = 0, []
        elif line.strip() and not stray:
            stray = number
            problems.append(Problem(path, number, "text outside a RIS record (a record starts with 'TY  - '): ignored",
                                    "warning"))
    if start:
        problems.append(Problem(path, start, "RIS record has no 'ER  -' line: the file may be cut short; "
                                             "read to its end", "warning"))
        records.append((start, "\n".join([*block, _END])))
    return records


def ris_record(values: dict) -> dict[str, object]:
    """A record's tags (as ``rispy`` names them) under the shared field names: authors as
    "First Last", the id from the DOI or a URL (arXiv's first), the date from ``DA``, ``PY`` or
    ``Y1`` (``2023/09/21/`` → "2023-09-21"), the keywords as categories, the DOI as a link."""
    urls = [url for url in values.get("urls") or [] if url]
    doi = values.get("doi", "").strip()
    authors = values.get("authors") or values.get("first_authors") or []
    return {
        "title": values.get("title") or values.get("primary_title") or values.get("translated_title"),
        "abstract": values.get("abstract") or values.get("notes_abstract") or "",
        "authors": [first_last(name) for name in authors],
        "id": paper_id(*urls, doi),
        "url": urls[0] if urls else "",
        "date": ris_date(values.get("date") or values.get("year") or values.get("publication_year") or ""),
        "categories": [k for k in values.get("keywords") or [] if k],
        "links": [f"https://doi.org/{doi.removeprefix('https://doi.org/')}"] if doi else [],
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
