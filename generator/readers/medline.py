"""PubMed's MEDLINE format (``.nbib``, or a ``.txt`` starting with ``PMID-``): what PubMed's
"Save → PubMed format" and "Cite → NBIB" give, and EndNote and Zotero import.

A record starts at its ``PMID- `` line and runs to the next one; each line is a tag of up to four
letters padded to four columns, ``- ``, and its value, which lines starting with six spaces
continue. The one parser of it in a library is Biopython's, a large dependency for these few
lines, so it is read here.
"""

from __future__ import annotations

import calendar
import re

from generator.errors import Problem
from generator.model import Entry
from generator.ids import doi_url
from generator.readers.fields import entries_of
from generator.readers.values import first_last, initials_first

Result = tuple[list[Entry], list[Problem]]
_TAG = re.compile(r"([A-Z]{2,4}) {0,2}- ")  # "PMID- 37000001", "TI  - Title", "FAU - Smith, John"
_CONTINUED = "      "
_DOI = re.compile(r"(10\.\S+) \[doi\]")


def read_medline(text: str, path: str) -> Result:
    """Entries of a MEDLINE file (records with errors left out) and the problems."""
    problems: list[Problem] = []
    records = [(line, medline_record(tags)) for line, tags in _records(text, path, problems)]
    return entries_of(records, path, problems), problems


def _records(text: str, path: str, problems: list[Problem]) -> list[tuple[int, dict[str, list[str]]]]:
    """(line of its PMID, its tags' values in order) of each record."""
    records: list[tuple[int, dict[str, list[str]]]] = []
    tags: dict[str, list[str]] | None = None
    last = ""
    for number, line in enumerate(text.split("\n"), 1):
        match = _TAG.match(line)
        if match and match.group(1) == "PMID":
            tags = {}
            records.append((number, tags))
        if tags is None:
            if line.strip():
                problems.append(Problem(path, number, "text before the first MEDLINE record (a record starts "
                                                      "with 'PMID- '): ignored", "warning"))
                tags = {}  # said once
            continue
        if match:
            last = match.group(1)
            for tag in _PLACED.get(last, (last,)):
                tags.setdefault(tag, []).append(line[match.end():].strip())
        elif line.startswith(_CONTINUED) and last in tags:
            for tag in _PLACED.get(last, (last,)):
                tags[tag][-1] = f"{tags[tag][-1]} {line.strip()}"
    return records


# A group author (CN, "The COVID-19 Genomics UK Consortium") is an author in its place among the
# people's full (FAU) and short (AU) names.
_PLACED = {"CN": ("CN", "FAU", "AU")}


def medline_record(tags: dict[str, list[str]]) -> dict[str, object]:
    """A record's tags under the shared field names: the authors (:func:`_authors`), the date of
    ``DP`` ("2023 Sep 21"), the DOI of an ``AID`` (else ``PMID:…``) as the id, the PubMed page as
    the URL, ``OT`` keywords as categories."""
    pmid = (tags.get("PMID") or [""])[0]
    doi = next((m.group(1) for aid in tags.get("AID", []) if (m := _DOI.fullmatch(aid))), "")
    title = tags.get("TI") or tags.get("BTI")
    return {
        "title": title[0] if title else None,
        "abstract": " ".join(tags.get("AB", [])),
        "authors": _authors(tags),
        "id": doi or (f"PMID:{pmid}" if pmid else ""),
        "url": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else "",
        "date": medline_date((tags.get("DP") or [""])[0]),
        "categories": [k for k in tags.get("OT", []) if k],
        "links": [doi_url(doi)] if doi else [],
    }


def _authors(tags: dict[str, list[str]]) -> list[str]:
    """The full author names (``FAU``, else the short ``AU`` of a record with more of them) as
    "First Last", and groups (``CN``) as written: a group's name may hold a comma."""
    groups = set(tags.get("CN", []))
    full, short = tags.get("FAU", []), tags.get("AU", [])
    names, shape = (full, first_last) if len(full) >= len(short) else (short, initials_first)  # ("Smith JA": no comma)
    return [name if name in groups else shape(name) for name in names]


def medline_date(text: str) -> str:
    """``2023 Sep 21`` → "21 Sep 2023", ``2023 Sep`` → "Sep 2023", for the date reader; a year
    alone, or anything else ("2023 Spring"), as it is."""
    parts = text.split()
    if len(parts) >= 2 and re.fullmatch(r"[A-Za-z]{3}-\d{4}", parts[1]):  # an issue of two years, "2023 Dec-2024 Jan"
        return parts[0]  # (was read "Jan Dec-2024 2023", December 2024)
    if len(parts) >= 2 and re.fullmatch(r"\d{4}", parts[0]) and parts[1][:3].lower() in _MONTHS:
        return " ".join([*parts[2:3], parts[1], parts[0]])
    return text


_MONTHS = frozenset(name.lower() for name in calendar.month_abbr if name)
