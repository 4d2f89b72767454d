"""Digest readers: a digest file in, a :class:`Digest` of verbatim entries and problems out.

    digest, problems = read_digest(pathlib.Path("content/digests/2026-11-24.txt"))

Nothing here raises on bad content or an unreadable file: each problem is a
:class:`Problem` naming ``path:line``. Records with an error are left out of the digest
(each named by an error); a whole-file problem gives an empty digest and line 1 or the
line of the first bad byte. Problems come sorted by line.

Modules: ``decoding`` (bytes to text), ``fields`` (values to an entry, shared rules),
``records`` (field names, mappings and dotted paths), ``services`` (the records of Hugging Face,
OpenAlex, CSL-JSON, arXiv's metadata, INSPIRE, ADS, JSON Feed, Europe PMC, dblp, OpenReview and
Zotero's API, recognised from their keys), ``values`` (ids, names and lists every reader needs),
``plaintext`` (.txt), ``labelled`` (.txt of ``Title:``/``Abstract:`` blocks: arXiv listings and
mailings), ``jsonfile`` (.json, .jsonl), ``csvfile`` (.csv, .tsv), ``xmlfeed`` (.xml, .atom,
.rss: Atom and RSS), ``xmlexports`` (.xml: PubMed's and EndNote's XML), ``bibtex`` (.bib), ``ris``
(.ris, and Web of Science's plain text), ``medline`` (.nbib: PubMed), ``tex`` (TeX in names and
BibTeX). The suffix picks the syntax, but for ``.txt``, the
name other exports are often saved under: a ``.txt`` holding BibTeX, RIS, Web of Science's or
PubMed's export, JSON, JSON Lines, Atom or RSS, or a table whose header names a title column (a
spreadsheet's "Text (Tab delimited)"), is read as such (``sniffed``). What a file holds (an arXiv
API result, a Hugging Face export, CSL-JSON) is recognised from its content.
"""

from __future__ import annotations

import pathlib
import re

from generator.errors import NO_LINE, Problem
from generator.model import Digest, Entry
from generator.readers.bibtex import read_bibtex
from generator.readers.csvfile import held_instead, is_table, read_csv, tab_separated
from generator.readers.decoding import DecodeError, read_text
from generator.readers.fields import valid_date
from generator.readers.jsonfile import parses, read_json, read_jsonl, starts_json_lines
from generator.readers.medline import read_medline
from generator.readers.plaintext import read_plain_text
from generator.readers.records import FieldMap
from generator.readers.ris import read_endnote, read_ris, read_wos
from generator.readers.xmlfeed import read_feed

__all__ = ["SUPPORTED_SUFFIXES", "not_a_digest", "read_digest"]

_READERS = {".txt": read_plain_text, ".json": read_json, ".jsonl": read_jsonl, ".csv": read_csv, ".tsv": read_csv,
            ".xml": read_feed, ".atom": read_feed, ".rss": read_feed, ".bib": read_bibtex, ".ris": read_ris, ".enw": read_endnote,
            ".nbib": read_medline}
_MAPPED = (read_json, read_jsonl, read_csv)  # the readers a configured field mapping applies to
SUPPORTED_SUFFIXES = tuple(_READERS)

_DATE_IN_NAME = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")


def read_digest(
    path: pathlib.Path, display_path: str | None = None, field_map: FieldMap | None = None
) -> tuple[Digest, list[Problem]]:
    """The digest in ``path`` and the problems found; ``display_path`` names it in both.

    ``field_map`` (the configuration's ``fields``) maps JSON, JSONL and CSV fields by dotted path."""
    shown = str(path) if display_path is None else display_path
    entries, problems = _read_entries(path, shown, field_map)
    digest = Digest(
        name=path.stem, path=shown, date=digest_date(path.stem, entries), entries=tuple(entries)
    )
    problems += named_date_problems(path.stem, shown, digest.date)
    return digest, sorted(problems, key=lambda problem: problem.line)


DATE_LIKE = re.compile(r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)")  # 2023-02-30, 2023-9-26


NO_DATE_IN_NAME = "in the file name is no date"


def named_date_problems(stem: str, shown: str, date: str) -> list[Problem]:
    """A warning for a file name whose date is no date (``2023-02-30-weekly``, ``2023-9-26-x``):
    the digest is dated by its newest paper instead, or not at all, without a word."""
    like = DATE_LIKE.search(stem)
    if not like or ((real := _DATE_IN_NAME.search(stem)) and valid_date(real.group(0))):
        return []
    dated = f"dated by its newest paper instead ({date})" if date else "undated instead"
    return [Problem(shown, 1, f"{like.group(0)} {NO_DATE_IN_NAME} (YYYY-MM-DD, a real day): the digest is "
                              f"{dated}; rename the file", "warning")]


def not_a_digest(path: pathlib.Path) -> str | None:
    """Why ``path`` cannot be a digest by its suffix, or None."""
    if path.suffix.lower() in _READERS:
        return None  # (a folder named so is "not a regular file (a folder)" at its line, as read)
    if path.is_dir():  # ("it has no extension" said of a folder)
        return (f"not a digest: a folder; give its digest files instead ({path.name or path}/*.json, say) "
                "or one file at a time")
    return f"{NOT_DIGEST_TYPE} {', '.join(SUPPORTED_SUFFIXES)}{_HINTS.get(path.suffix.lower(), '')}"


def set_aside(name: str) -> bool:
    """Whether a file of the digests (or pages) folder is no one's to read: hidden (``.DS_Store``,
    Vim's ``.x.swp``) or an editor's leftover (Emacs' ``x.txt~`` and ``#x.txt#``, ``x.txt.bak``,
    ``x.txt.orig``). A backup beside its digest was "not a digest" and "the digest name is taken",
    and the build, and ``check``, stopped at it before reading any other digest."""
    return name.startswith(".") or name.endswith("~") or (name.startswith("#") and name.endswith("#")) \
        or name.lower().endswith(LEFTOVERS)


LEFTOVERS = (".bak", ".orig", ".swp")


NOT_DIGEST_TYPE, UNREAD_TYPE = "not a digest: the file type must be one of", "unsupported file type"


_SPREADSHEET = ": a spreadsheet; save it as CSV (in Excel, File → Save As → CSV UTF-8) and use the .csv"
_HINTS = {  # what to do instead, for the files people try first
    **dict.fromkeys((".xlsx", ".xls", ".ods", ".numbers"), _SPREADSHEET),
    ".pdf": ": a digest lists papers (titles and abstracts), it is not a paper; export the list from your "
            "reference manager (BibTeX, RIS or CSV)",
    **dict.fromkeys((".html", ".htm"), ": a web page; export the papers from the site instead (most offer "
                                       "BibTeX, RIS or CSV), or copy each title and abstract into a .txt"),
    **dict.fromkeys((".md", ".markdown", ".docx", ".doc", ".odt", ".rtf"),
                    ": a document; copy each title and its abstract into a .txt (a title line, then its abstract), "
                    "or export the papers from your reference manager (BibTeX, RIS or CSV)"),
    **dict.fromkeys((".gz", ".zip", ".bz2", ".xz"),
                    ": a compressed file; decompress it first (gunzip FILE, or unzip) and use the file inside (a large "
                    "digest-site's export, export/papers-2025-01.json.gz, holds a papers.json)"),
    "": (": it has no extension, as `curl -o` or a browser's Save As can leave an export: rename it with its "
         "format's (.json for JSON, as Hugging Face's API answers; .atom for the arXiv API's answer; .bib for BibTeX)"),
    ".refer": ": a Refer file; save it with the .enw extension (EndNote's tagged format, which is read)",
    ".rdf": ": Zotero's RDF export is not read; export the collection as BibTeX or CSL JSON instead "
            "(an RSS 1.0 feed saved as .rdf, such as arXiv's: rename it to .xml)",
}


def _read_entries(path: pathlib.Path, shown: str, field_map: FieldMap | None) -> tuple[list[Entry], list[Problem]]:
    reader = _READERS.get(path.suffix.lower())
    if reader is None and path.is_dir():
        return [], [Problem(shown, NO_LINE, not_a_digest(path) or "")]
    if reader is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        message = f"{UNREAD_TYPE} {path.suffix!r} (supported: {supported}){_HINTS.get(path.suffix.lower(), '')}"
        return [], [Problem(shown, 1, message)]
    try:
        text = read_text(path)
    except DecodeError as err:
        return [], [Problem(shown, err.line, err.message)]
    reader = sniffed(text, field_map) if reader is read_plain_text else reader
    options = {"field_map": field_map} if field_map and reader in _MAPPED else {}
    entries, problems = reader(text, shown, **options) if text.strip() else ([], [])
    if not entries and not any(problem.is_error for problem in problems):  # (PubMed's records named .ris: how to name them)
        own = path.suffix.lower().lstrip(".")
        problems = [*problems, Problem(shown, 1, "no papers found" + (held_instead(text, own) if text.strip() else ""))]
    return entries, problems


# A few lines a program writes before the records ("This file was created with JabRef 2.10.",
# ScienceDirect's "Provider: Elsevier", "Database: …"): skipped in looking for the first record.
_PREAMBLE = r"(?:[^\n]*\n){0,8}?"
# "@article{key,", or @string/@preamble/@comment, after % comments: "@Home (2020): …" is a title
_BIBTEX_START = re.compile(_PREAMBLE + r"\s*(?:%[^\n]*\n\s*)*@(?:[a-zA-Z]+\s*[{(]\s*[^,\s{}()]*\s*,|"
                                       r"(?:string|preamble|comment)\s*[{(])", re.IGNORECASE)
_RIS_START = re.compile(_PREAMBLE + r"\s*TY {1,2}- ")  # (some tools write one space)
_MEDLINE_START = re.compile(r"\s*PMID- ")
_WOS_START = re.compile(r"\s*FN .*\n(?:VR .*\n)?\s*PT ")  # "FN Clarivate Analytics Web of Science"
# EndNote's tagged export ("EndNote Export" style, .enw) and Refer: "%0 Journal Article", then "%T Title", "%A …"
_ENDNOTE_TAGGED_START = re.compile(_PREAMBLE + r"\s*%0 [^\n]*\n%[0-9A-Z@!#$&()*+^|~?\]>] ")
_FEED_START = re.compile(r"\s*<(?:\?xml|rss|feed|rdf:RDF|PubmedArticleSet|xml>|!DOCTYPE\s+PubmedArticleSet)\b")


def sniffed(text: str, field_map: FieldMap | None = None):
    """The reader of a ``.txt`` file's content: BibTeX, an Atom or RSS feed (or PubMed's or
    EndNote's XML), RIS, Web of Science's
    plain-text export, PubMed's MEDLINE format, JSON (a whole document,
    or one object per line), a table whose header row names a title column among others, or one
    of tab-separated columns (:func:`tab_separated`: without a title column, an error); else
    plain text (a title starting with "[" or "{" stays a title: JSON is taken only when it parses)."""
    if _BIBTEX_START.match(text):
        return read_bibtex
    if _FEED_START.match(text):
        return read_feed
    if _RIS_START.match(text):
        return read_ris
    if _WOS_START.match(text):
        return read_wos
    if _MEDLINE_START.match(text):
        return read_medline
    if _ENDNOTE_TAGGED_START.match(text):
        return read_endnote
    if text.lstrip()[:1] in ("[", "{"):
        if parses(text):
            return read_json
        if starts_json_lines(text):  # a first line "[1]" is JSON, but no JSON Lines record
            return read_jsonl
    return read_csv if is_table(text, field_map) or tab_separated(text) else read_plain_text


def digest_date(stem: str, entries: list[Entry]) -> str:
    """The first YYYY-MM-DD in the file name if it is a real date, else the latest entry date."""
    match = _DATE_IN_NAME.search(stem)
    if match and valid_date(match.group(0)):
        return match.group(0)
    return max((entry.date for entry in entries), default="")
