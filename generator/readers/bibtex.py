"""BibTeX (``.bib``), as reference managers export it (Zotero, Better BibTeX, JabRef, arXiv).

``bibtexparser`` (2.x) splits the file into entries and knows each one's line; ``pylatexenc``
decodes TeX in the values: ``Bal{\\'a}zs`` becomes "Balázs", ``{LHC}`` becomes "LHC", while
``$…$`` math is kept for the pipeline to render. Names are split before they are decoded, so a
braced corporate author (``{The ATLAS Collaboration}``) stays whole; each becomes its display
form, "First von Last, Jr." → "First von Last Jr."; "and others" (et al.) names nobody.

The id is the arXiv id of ``eprint`` (or Mendeley's ``arxivId``, of an ``arXiv:…`` in ``journal``
or ``note`` as Google Scholar writes it, of ``volume = {abs/…}`` as Semantic Scholar and dblp
write it, or of the DOI or URL), else the DOI; the date is ``date``,
else ``year`` and ``month`` (``2023`` or ``2023-09``). A block the parser cannot read is an error
at its line; the entries around it are still read.
"""

from __future__ import annotations

import logging

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateBlockKeyBlock, Entry as BibEntry, ParsingFailedBlock

from generator.errors import Problem
from generator.model import Entry
from generator.readers.fields import entries_of
from generator.readers.values import arxiv_mentions, paper_id
from generator.readers.tex import decode_tex

Result = tuple[list[Entry], list[Problem]]
# The parser logs each block it cannot read, without the file's name: read_bibtex reports it as
# a problem at its file:line instead. (It still logs errors: those are its own bugs.)
logging.getLogger("bibtexparser").setLevel(logging.ERROR)
_OTHERS = "others"  # BibTeX's "and others": et al., not an author
_DECODED = ("title", "abstract", "keywords", "primaryclass")


def read_bibtex(text: str, path: str) -> Result:
    """Entries of a BibTeX file (entries with errors left out) and the problems."""
    try:
        library = bibtexparser.parse_string(text, append_middleware=[
            middlewares.NormalizeFieldKeys(), middlewares.SeparateCoAuthors(), middlewares.SplitNameParts(),
            middlewares.MonthIntMiddleware(allow_inplace_modification=True)])
    except Exception as err:  # noqa: BLE001 - a parser bug must not end the build without a file:line
        return [], [Problem(path, 1, f"could not read BibTeX: {err}")]
    problems = [_failed(block, path) for block in library.failed_blocks]
    entries = entries_of(((block.start_line + 1, bib_record(block)) for block in library.entries), path, problems)
    return entries, problems


def bib_record(entry: BibEntry) -> dict[str, object]:
    """The entry under the shared field names."""
    values = {key: decode_tex(value) if key in _DECODED else value for key, value in _strings(entry).items()}
    doi = values.get("doi", "")
    return {
        "title": values.get("title"),
        "abstract": values.get("abstract", ""),
        "authors": [shown for shown in map(display_name, entry.fields_dict.get("author", _NoField).value or [])
                    if shown != _OTHERS],
        "id": paper_id(values.get("eprint"), values.get("arxivid"), *_arxiv_mentions(values), doi, values.get("url")),
        "url": values.get("url", ""),
        "date": values.get("date") or _year_month(values.get("year", ""), entry),
        "categories": _categories(values),
        "links": [f"https://doi.org/{doi.removeprefix('https://doi.org/')}"] if doi else [],
    }


def _arxiv_mentions(values: dict[str, str]) -> list[str]:
    """arXiv ids written where exports put them: Google Scholar's ``journal={arXiv preprint
    arXiv:2309.12345}``, NASA ADS' ``eid = {arXiv:2309.12345}``, a ``note``; Semantic Scholar's and
    dblp's ``volume = {abs/2309.12345}`` beside ``journal = {ArXiv}`` (or ``CoRR``)."""
    found = arxiv_mentions(values.get(key, "") for key in ("journal", "eid", "note", "howpublished", "pages"))
    volume = values.get("volume", "")
    if volume.startswith("abs/") and values.get("journal", "").strip().lower() in ("arxiv", "corr"):
        found.append(volume[4:])
    return found


def display_name(name: object) -> str:
    """A split name (``NameParts``) as "First von Last Jr.", TeX decoded."""
    if isinstance(name, str):
        return " ".join(decode_tex(name).split())
    parts = [*name.first, *name.von, *name.last, *name.jr]
    return " ".join(" ".join(decode_tex(part) for part in parts).split())


def _strings(entry: BibEntry) -> dict[str, str]:
    return {field.key: str(field.value) for field in entry.fields if field.key != "author"}


def _year_month(year: str, entry: BibEntry) -> str:
    month = entry.fields_dict.get("month", _NoField).value
    if not year.strip().isdigit():
        return year
    return f"{year.strip()}-{month:02d}" if isinstance(month, int) and 1 <= month <= 12 else year.strip()


def _categories(values: dict[str, str]) -> list[str]:
    listed = [values.get("primaryclass", "")] + values.get("keywords", "").replace(";", ",").split(",")
    return list(dict.fromkeys(c.strip() for c in listed if c.strip()))


def _failed(block: ParsingFailedBlock, path: str) -> Problem:
    line = (block.start_line or 0) + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        return Problem(path, line, f"duplicate entry key {block.key!r}: this entry is left out", "warning")
    said = getattr(block.error, "abort_reason", None) or str(block.error or "")
    reason = next(iter(said.strip().splitlines()), "") or "unreadable entry"
    return Problem(path, line, f"invalid BibTeX: {reason}")


class _NoField:
    value = None
