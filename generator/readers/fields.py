"""Field values to an :class:`Entry`: the rules every reader shares.

Text stays verbatim except for four things: line ends become LF, leading and trailing
whitespace (``str.strip``) goes, control characters other than tab and newline
(C0, DEL and C1), lone surrogates and U+FFFE/U+FFFF are removed with a warning, and in titles
runs of spaces, tabs and line breaks become one space (exports wrap long titles). Ids are the
exception: they are stored canonical (:func:`generator.ids.normalize_id`), so ``arXiv:2401.00001v2``
and ``2401.00001`` are one paper. Records with an error give no entry.
"""

from __future__ import annotations

import ast
import calendar
import datetime
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from generator.categories import arxiv_category, without_covered_archives
from generator.errors import Problem, brief, plural
from generator.ids import ARXIV_ARCHIVES, arxiv_id, arxiv_id_of_page, doi_url, normalize_id
from generator.links import extract_links, safe_url
from generator.model import Entry, Source
from generator.readers.decoding import LINE_END
from generator.readers.records import FieldMap, adapt, field_key
from generator.readers.services import jats_text, unrepeated
from generator.readers.tex import decode_name
from generator.readers.values import (NAME_SUFFIX, arxiv_unwrapped, arxiv_wrapped, family_first, first_last, initials_first,
                                      publisher_markup)

MAX_TITLE_CHARS = 2_000
MAX_ABSTRACT_CHARS = 200_000
MAX_LITERAL_CHARS = 100_000  # longer author lists are split on commas, not parsed

# Field name -> the column or key names that give it, the first present winning (compared as
# ``field_key`` writes them: "arXiv ID", "arxiv-id" and "arxiv_id" are one name).
FIELD_NAMES = {
    "title": ("title",),
    "abstract": ("abstract", "summary"),
    "authors": ("authors",),
    "id": ("id", "paper_id", "arxiv_id"),
    "url": ("url",),
    "date": ("date", "published", "publishedat"),
    "categories": ("categories", "subjects"),
    "links": ("links",),
    "comments": ("comments",),  # arXiv's: "Code: https://github.com/…", read for its links alone
}
# Then the names other exports give them: a spreadsheet's ("Paper Title", "Link", "Published Date"),
# Zotero's CSV export's ("Author", "Abstract Note", "Publication Year", "DOI", "Url", "Manual Tags") and
# Semantic Scholar's ("publicationDate", "year", "fieldsOfStudy"), bioRxiv's ("category"), Scopus'
# CSV's ("Author Keywords"), Publish or Perish's ("ArticleURL"), IEEE Xplore's ("Document Title"),
# Springer Link's ("Item Title", "Item DOI"), Web of Science's ("Article Title"), a hand-made
# spreadsheet's ("Author names", "Authors list", "Creator", "Pub Date", "Paper Link"; its "Author(s)"
# and Lens' "Author/s" are "authors", as ``field_key`` writes them) and the ``arxiv`` Python
# package's results ("entry_id"), and a reading list's (or a daily-arXiv generator's) "arXiv URL", "Abs URL", "abs" or "PDF".
# They are taken only when their value is text (a string; a list of strings for authors and
# categories; a year may be a number), so a JSON whose "tags" are objects reads as before.
OTHER_NAMES = {
    "title": ("paper_title", "document_title", "item_title", "article_title"),
    "abstract": ("abstract_note",),
    "authors": ("author", "author_names", "author_name", "author_list", "authors_list", "creator", "creators"),
    "id": ("arxiv", "arxivid", "universal_paper_id", "eprint", "doi", "item_doi", "entry_id"),  # (CORE's "arxivId", alphaXiv's)
    "url": ("link", "paper_url", "paper_link", "articleurl", "arxiv_url", "arxiv_link", "abs_url", "abstract_url", "abs",
            "pdf_url", "pdf_link", "pdf", "source"),
    "date": ("published_date", "publication_date", "publicationdate", "date_published", "first_publication_date",
             "online_date", "publisheddate", "pub_date", "year", "publication_year", "yearpublished"),  # (CORE's "publishedDate", "yearPublished")
    "categories": ("keywords", "tags", "manual_tags", "author_keywords", "category", "fieldsofstudy"),
}
# Of those, the names that hold a URL in some tables and something else in others (Publish or
# Perish's "Source" is a venue, "arXiv"; a "PDF" column may hold a file's path): taken only as a URL.
URL_ONLY_NAMES = frozenset({"arxiv_url", "arxiv_link", "abs_url", "abstract_url", "abs", "pdf_url", "pdf_link", "pdf",
                            "source"})

# Columns of a paper's code repository or project page, read as its links when they hold an
# http(s) URL: a reading list's "Code" or "GitHub", Papers with Code's "repo_url", the "githubRepo"
# and "projectPage" of a paper Hugging Face gives alone (``/api/papers/ID``, or a list of them).
# Only a "links" column was read: the paper's page had no code badge, without a word.
LINK_NAMES = frozenset({"code", "code_url", "code_link", "github", "github_url", "github_link", "github_repo",
                        "githubrepo", "repo", "repo_url", "repository", "repository_url", "project_page", "projectpage",
                        "project_url", "project_link", "website"})

# C0 (less tab and newline), DEL, C1, and what is not text at all: lone surrogates (JSON can
# escape them; UTF-8 cannot hold them) and U+FFFE/U+FFFF. XML (the feeds) allows none of these.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Of those, the ones that break a line or a page (vertical tab: Word's manual line break; form feed:
# pdftotext's page break; the file, group, record and unit separators; NEL): a space, not nothing
# ("Attention\vis all you need" read "Attentionis all you need")
BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1f\x85]+")
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?(?![\d-])")
_AND = re.compile(r"\s+(?:and|&)\s+")  # "A and B", "A, B & C"
_NOT_SHOWN = r"(?:\s*\(\s*\d[\d,]*\s+(?:additional|more)\s+authors?\s+not\s+shown\s*\))?"  # arXiv's listings
_ET_AL = re.compile(r"et(?:\.\s*|\s+)al\.?" + _NOT_SHOWN + r"|others|\.\.\.|…", re.IGNORECASE)  # a list cut short: nobody's name
# (also written "et.al.", as the daily-arXiv generators' tables write it: "Shumon Koga et.al.")
_CUT_SHORT = re.compile(r"(?:(?:[,;]\s*|\s+)(?:and\s+)?et(?:\.\s*|\s+)al\.?" + _NOT_SHOWN
                        + r"|(?:,|\s+and)\s+others|\s*(?:\.\.\.|…))\s*$",
                        re.IGNORECASE)  # "…, et al.", "…, et al. (22 additional authors not shown)", "… and others", "…" ending a list
# Columns of the exports whose text holds their publishers' markup (IEEE Xplore's formulas, Scopus'
# scripts: see ``publisher_markup``); another record's tags are its text, shown as written
_MARKUP_EXPORTS = frozenset({"document_title", "ieee_terms", "eid", "author_full_names", "author(s)_id"})
_CITATION_AUTHORS = re.compile(r"[^,;.]+ [A-Z]{1,3}(?:, [^,;.]+ [A-Z]{1,3})*\.")
_INITIALS = re.compile(r"(?:[^\W\d_]\.[ -]?)+")  # "J.", "A. B.", "J.-P."
_AUTHOR_ID = re.compile(r"\s*\(\d+\)")  # Scopus' author id after a full name
_INVISIBLE = frozenset({"Zs", "Zl", "Zp", "Cf", "Cc"})  # spaces, zero-width and format characters, controls
_ARXIV_CODE = re.compile(r"([a-z]+(?:-[a-z]+)?)(?:\.[A-Za-z][A-Za-z-]*)?")  # an archive, or its subject class
# Scopus' "[No abstract available]", and "(no abstract)", which a digest-site feed says of a paper
# without one (a feed of another collection, read back, showed it as the paper's abstract)
_NO_ABSTRACT = re.compile(r"[\[(]?\s*no abstract(?:(?: is)? available)?\.?\s*[\])]?", re.IGNORECASE)
# A title's runs of spaces, tabs and line breaks become one space, with any other white space
# beside them (U+00A0, U+2009, U+3000 next to a space showed as a double space); a lone no-break
# or thin space between two words ("Fig.\u00a01", "10\u2009km") is the author's and stays.
_SPACES = re.compile(r"\s*[ \t\n\u2028\u2029]\s*")


class Fields:
    """Problems found while turning one record's values into an entry."""

    def __init__(self, path: str, line: int):
        self.source = Source(path, line)
        self.problems: list[Problem] = []

    def error(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.source.path, line or self.source.line, message))

    def warn(self, message: str, line: int | None = None) -> None:
        path, at = self.source.path, line or self.source.line
        self.problems.append(Problem(path, at, message, "warning"))

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


def clean_text(value: str, fields: Fields, name: str, line: int | None = None) -> str:
    """Normalise line ends, make other breaks (:data:`BREAKS`) spaces, remove control characters
    (warning), strip the ends."""
    value = BREAKS.sub(" ", LINE_END.sub("\n", value))
    found = sorted(set(CONTROL.findall(value)))
    if found:
        codes = ", ".join(f"U+{ord(c):04X}" for c in found)
        fields.warn(f"{name}: removed control characters ({codes})", line)
        value = CONTROL.sub("", value)
    return value.strip()


def check_length(value: str, fields: Fields, name: str, line: int | None = None) -> None:
    """An error when a title or abstract is longer than its limit."""
    limit = MAX_TITLE_CHARS if name == "title" else MAX_ABSTRACT_CHARS
    if len(value) > limit:
        message = f"{name} is too long ({len(value):,} characters; the limit is {limit:,})"
        fields.error(message, line)


def lookup(record: Mapping[str, object], prefer_paper_ids: bool = True) -> dict[str, object]:
    """The record's values by field name (keys compared as ``field_key`` writes them; others are
    ignored): of a field's names present, the first with a value that is not empty; for the id,
    the first that is an arXiv id or a DOI, when another is not (a database's row ``id`` 1, 2, 3
    or a service's own, beside its ``arxiv_id`` or ``doi``), unless ``prefer_paper_ids`` is false
    (the id is mapped)."""
    keyed = {field_key(key): value for key, value in record.items()}
    found = {}
    for field, names in FIELD_NAMES.items():
        present = [keyed[name] for name in names if keyed.get(name) is not None]
        present += [text for name in OTHER_NAMES.get(field, ())
                    if name in keyed and (text := _as_text(keyed[name], name))]  # (most records have none)
        if present:
            found[field] = next((value for value in present if value != ""), present[0])
            if field == "id" and prefer_paper_ids and len(present) > 1 and not names_a_paper(found[field]):
                found[field] = next((value for value in present if names_a_paper(value)), found[field])
    full = keyed.get("author_full_names")  # Scopus: "Zhang, Yu-Hang (57200000001); …" beside "Zhang Y.-H.; …"
    if isinstance(full, str) and full.strip():
        found["authors"] = _AUTHOR_ID.sub("", full)
    elif "item_doi" in keyed and isinstance(found.get("authors"), str):  # Springer Link's CSV
        found["authors"] = _run_together(found["authors"])
    online, year = keyed.get("online_date"), keyed.get("publication_year")
    if found.get("date") is online and isinstance(year, str) and re.fullmatch(r"\d{4}", year.strip()) and (
            isinstance(online, str) and year.strip() not in online):
        found["date"] = year.strip()  # IEEE Xplore's: a 2023 volume's paper put online in 2022 is cited as of 2023
    pmid = keyed.get("pmid")
    if not found.get("url") and isinstance(pmid, str) and pmid.strip().isdigit():  # PubMed's CSV: its page
        found["url"] = f"https://pubmed.ncbi.nlm.nih.gov/{pmid.strip()}/"
    return found


# Springer Link's CSV writes its authors with nothing between them ("Son The NguyenTheja
# TulabandhulaDuy Nguyen", "Quoc V. LeSimon S. Du"): a lowercase letter followed by a capital
# starts the next name, but not after "Mc" or "Mac" ("McDonald Smith")
_MAC = re.compile(r"(?<![^\W\d_])Ma?c$")


def _run_together(text: str) -> str:
    """Names run together, apart ("; " between them); names set apart already as they are. Springer
    writes each name's given name and surname, so a piece of one word is part of a name with a
    capital inside ("Jake VanderPlas", "OpenAI", "JoAnn Smith", "Yann LeCun"), as is a piece
    after a lowercase particle ("Neil deGrasse Tyson"): they stay one name."""
    if any(mark in text for mark in ",;&") or " and " in text:
        return text
    names: list[str] = []
    for piece in _pieces(text):
        if names and (" " not in piece.strip() or " " not in names[-1].strip()
                      or (names[-1].split() or [""])[-1][:1].islower()):
            names[-1] += piece
        else:
            names.append(piece)
    return "; ".join(names)


def _pieces(text: str) -> Iterator[str]:
    """``text`` cut where a lowercase letter meets a capital (any script's: "Paweł KowalskiŁukasz")."""
    start = 0
    for i in range(1, len(text)):
        if text[i - 1].islower() and text[i].isupper() and not _MAC.search(text, 0, i):
            yield text[start:i]
            start = i
    yield text[start:]


def could_give(field: str, value: object) -> bool:
    """Whether a value of a column not read could be ``field``'s (a note names such columns): text
    with a letter for authors, prose of 20 words or more for an abstract (Dimensions' "Source title"
    is none), an arXiv id or DOI for an id (Publish or Perish's "Cites" is none), a date for a date."""
    if field == "authors":
        return isinstance(value, list) or isinstance(value, str) and any(c.isalpha() for c in value)
    if field == "abstract":
        return isinstance(value, str) and len(value.split()) >= 20
    if field == "id":
        return names_a_paper(value)
    if field == "date":
        return isinstance(value, str) and any(valid_date(text) for text in (written_date(value), value.strip()[:10])
                                              if _ISO_DATE.fullmatch(text))
    return False


def names_a_paper(value: object) -> bool:
    """Whether an id value is an arXiv id or a DOI (not a row number or a service's own key)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return False
    return bool(arxiv_id(value)) or normalize_id(value).startswith("10.")


def _is_http(value: object) -> bool:
    return isinstance(value, str) and value.lstrip().lower().startswith(("http://", "https://"))


def names_of(field: str) -> tuple[str, ...]:
    """Every column or key name that gives ``field`` (FIELD_NAMES', then OTHER_NAMES')."""
    return FIELD_NAMES[field] + OTHER_NAMES.get(field, ())


def _as_text(value: object, name: str) -> str | list[str] | None:
    """A value of one of OTHER_NAMES as a field takes it, or None."""
    if name in URL_ONLY_NAMES:
        return value if _is_http(value) else None
    if isinstance(value, str) or isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    if isinstance(value, list) and value and all(isinstance(_named(v), str) for v in value):
        return [_named(v) for v in value]  # feedparser's tags [{"term": "cs.IT"}] (arxiv-sanity), {"label": …}, {"name": …}
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:  # a year
        return str(value)
    return None


def entry_from_record(
    record: Mapping[str, object], path: str, line: int, *, warn_no_abstract: bool = True,
    field_map: FieldMap | None = None, csl_item: bool = False,
) -> tuple[Entry | None, list[Problem]]:
    """An entry from a JSON object, CSV row or a reader's record (``None`` on error) and its problems:
    a warning when its abstract is missing or empty, unless ``warn_no_abstract`` is false.

    The record is first recognised (Hugging Face, CSL-JSON; ``csl_item``: read as CSL-JSON) or
    mapped (``field_map``): see ``records``.
    """
    if kind := library_item_kind(record):
        return None, [Problem(path, line, f"a Zotero {kind} (its item type), not a paper: left out", "warning")]
    adapted, mapped = adapt(record, field_map, csl_item)
    # (a mapping of another export, whose id path this record lacks, leaves the id chosen as unmapped:
    # CORE's own numeric "id" gives way to its "arxivId" or "doi"; so does one that a recognised
    # export reads its own way, see records.applied)
    looked = lookup(adapted, "id" not in mapped)
    values, fields = _unshift_arxiv_columns(looked, Fields(path, line))
    marked = publisher_markup if _MARKUP_EXPORTS & {field_key(key) for key in record} else str
    title = collapse_spaces(marked(_text(values.get("title"), fields, "title", field_map)))
    abstract = marked(jats_text(_text(values.get("abstract", ""), fields, "abstract", field_map)))  # (Zotero's CSV's)
    if len(abstract) < 80 and _NO_ABSTRACT.fullmatch(abstract.strip()):  # Scopus' "[No abstract available]"
        abstract = values.pop("abstract") and ""
    if "title" in values and all(unicodedata.category(c) in _INVISIBLE for c in title) and not fields.failed:
        fields.error("title is empty" + (" (it has no visible character)" if title else ""))  # zero-width ones
    if warn_no_abstract and not abstract and values is looked and (  # (a shifted row's empty abstract is told already)
            "abstract" not in values or isinstance(values["abstract"], str) and _gives_abstract(record, field_map)):
        fields.warn("paper has no abstract")
    url, *more_urls = several_urls(_string(values.get("url", ""), fields, "url"))
    if url and ":" in url and not safe_url(url):  # (left out of the pages without a word; not "N/A", a
        fields.warn(f"url: {brief(url)} is no http(s) address a page can link: left out")  # spreadsheet's none)
    links = _links(values.get("links"), fields) + named_links(adapted, fields) + tuple(more_urls)
    identifier = (_identifier(values.get("id", ""), fields) or arxiv_id(url) or arxiv_id_of_page(url)
                  or next((found for link in links if (found := arxiv_id(link))), ""))
    if arxiv_id(identifier) and (doi := _doi_beside(adapted)) and not any(normalize_id(link) == doi for link in links):
        links += (doi_url(doi),)  # the DOI beside an arXiv id (CORE's, Dimensions', Semantic Scholar's
        # externalIds): a record of another source giving only the DOI is this paper, not a second page
    if identifier and identifier not in url and arxiv_id(url) == identifier:  # a scraper's "abs/2309.1089"
        url = f"https://arxiv.org/abs/{identifier}"  # (a number lost its zero: the id is repaired, so is its page)
    authors, et_al = without_et_al(_names(values.get("authors"), fields, "authors", _split_authors))
    entry = Entry(
        title=title,
        abstract=arxiv_unwrapped(abstract) if arxiv_id(identifier) and arxiv_wrapped(abstract) else abstract,
        source=fields.source,
        authors=tuple(map(decode_name, authors)),
        id=identifier,
        url=url,
        date=iso_date(_date_text(values.get("date", ""), fields), fields),
        categories=without_covered_archives(tuple(dict.fromkeys(map(arxiv_category, _names(
            values.get("categories"), fields, "categories", _split_categories))))),  # one spelling: cs.LG
        extra_urls=tuple(dict.fromkeys(links + _comment_links(values.get("comments")))),
        et_al=et_al or adapted.get("et_al") is True,  # (papers.json's, read back)
    )
    return (None if fields.failed else entry), fields.problems


# Zotero's items that are no papers, which its CSV export and web API list beside the papers: a
# library's standalone notes and files ("Full Text PDF", "Smith - 2020 - Paper.pdf" read as papers'
# titles, a note as "title is empty", an error that stopped the build)
_NOT_PAPERS = frozenset({"note", "attachment", "annotation"})


def library_item_kind(record: Mapping[str, object]) -> str:
    """The kind of a Zotero item that is no paper (its CSV's "Item Type", its API's ``itemType``,
    at the top or in ``data``), else ""."""
    for level in (record, record.get("data")):
        if isinstance(level, Mapping):
            kind = next((level[key] for key in _ITEM_TYPE if key in level), None)
            if isinstance(kind, str) and kind.strip().lower() in _NOT_PAPERS:
                return kind.strip().lower()
    return ""


_ITEM_TYPE = ("Item Type", "itemType", "item_type")  # (Zotero's CSV's column, its API's key)


def _gives_abstract(record: Mapping[str, object], field_map: FieldMap | None) -> bool:
    """Whether a record's own field gives its abstract (a CSV's cell, a JSON record's "abstract": "",
    empty, said nothing while a missing one was a warning), not an export's reader (a CSL item
    without one is read with "", as a BibTeX entry without one is, without a word)."""
    return bool(field_map and "abstract" in field_map) or any(field_key(key) in names_of("abstract") for key in record)


def entries_of(records: Iterable[tuple[int, Mapping[str, object]]], path: str, problems: list[Problem]) -> list[Entry]:
    """The entries of a reference file's records, each (its line, its fields under the shared
    names), and their problems added to ``problems``. A reference often has no abstract: that
    is no warning."""
    entries = []
    for line, record in records:
        entry, found = entry_from_record(record, path, line, warn_no_abstract=False)
        problems += found
        entries += [entry] if entry else []
    return entries


def collapse_spaces(title: str) -> str:
    """A title's runs of spaces, tabs and line breaks as one space (exports wrap long titles)."""
    return _SPACES.sub(" ", title)


def _unshift_arxiv_columns(values: dict[str, object], fields: Fields) -> tuple[dict[str, object], Fields]:
    """arXiv listing scrapes sometimes shift a row: ``Subjects: …`` lands in the abstract column and
    ``Journal-ref: …`` in the subjects column. Take the subjects back; the abstract is missing."""
    abstract, subjects = values.get("abstract"), values.get("categories")
    if (isinstance(abstract, str) and abstract.startswith("Subjects: ")
            and isinstance(subjects, str) and subjects.startswith(("Journal-ref:", "Comments:", "DOI:"))):
        fields.warn("the abstract column holds the subjects (a shifted row): subjects taken from it, abstract left empty")
        values = {**values, "categories": abstract.removeprefix("Subjects: "), "abstract": ""}
    return values, fields


def _text(value: object, fields: Fields, name: str, field_map: FieldMap | None = None) -> str:
    if value is None:
        fields.error(f"paper has no {name}")
        return ""
    if not isinstance(value, str):
        path = (field_map or {}).get(name)
        first = (f"; to read its first item, map it with [0] (--field {name}={_first_of(path)})"
                 if path and isinstance(value, list) and value and isinstance(value[0], str) else "")  # HAL's title_s: ["…"]
        fields.error(f"{name} must be a string, got {type_name(value)}{first}")
        return ""
    text = clean_text(value, fields, name)
    check_length(text, fields, name)
    return text


def _doi_beside(record: Mapping[str, object]) -> str:
    """The DOI a record's ``doi`` field gives (canonical), else ""; the arXiv DOI is none, nor a
    field of two DOIs ("10.1/a; 10.1/b" was one link to neither, "…/a;%2010.1/b")."""
    value = next((v for k, v in record.items() if field_key(k) in ("doi", "item_doi") and isinstance(v, str)), "")
    doi = normalize_id(value.strip()) if value.strip() else ""
    return doi if _ONE_DOI.fullmatch(doi) and not arxiv_id(doi) else ""


_ONE_DOI = re.compile(r"10\.\d{4,9}/\S+", re.ASCII)


def _first_of(path: str) -> str:
    """``path`` reading the first item of the list it gives: ``title_s[0]``; a path through a list
    (DataCite's ``attributes.titles[].title``) takes that list's first item, ``attributes.titles[0].title``,
    as ``[0]`` after it would take each title's first character."""
    return path.replace("[]", "[0]") if "[]" in path else f"{path}[0]"


def _identifier(value: object, fields: Fields) -> str:
    """The id in its canonical form (:func:`generator.ids.normalize_id`); a number is accepted,
    as JSON and spreadsheets give arXiv ids (``2401.00001``)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return normalize_id(value)
    if not isinstance(value, str):
        infinite = isinstance(value, float) and not isinstance(value, bool)  # (the finite ones were read above)
        fields.error(f"id must be a string or a number, got {f'{value!r} (not a finite number)' if infinite else type_name(value)}")
        return ""
    return normalize_id(clean_text(value, fields, "id"))


def _date_text(value: object, fields: Fields) -> str:
    """A date's text; a number is a year (``2023``), or a Unix time in seconds or milliseconds
    (``1695300000``, as scrapers and databases write it), read as a UTC date."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        if 1000 <= value <= 9999 and value == int(value):
            return str(int(value))
        if value == int(value) and _COMPACT_DATE.fullmatch(compact := str(int(value))):
            return compact  # 20230921, as a script writes int(strftime("%Y%m%d"))
        for scale in (1, 1000):  # seconds from 1973 to 2286, or milliseconds
            if 1e8 <= value / scale < 1e10:
                return datetime.datetime.fromtimestamp(value / scale, datetime.timezone.utc).date().isoformat()
        fields.error(f"date must be a string, a year or a Unix time, got the number {value!r}")
        return ""
    return _string(value, fields, "date")


def several_urls(url: str) -> list[str]:
    """A URL field's addresses: Mendeley writes every URL of a paper into one field, a space
    apart ("http://arxiv.org/abs/1810.04805 https://github.com/…"), which was no address at all
    (the page and papers.json had no link to the paper). The first is the paper's URL, the
    others its links; any other text is one value, as it is."""
    if not url or url.startswith(("http://", "https://")) and url[-1] not in ",;>" and not _URL_BREAK.search(url):
        return [url]  # (most: as it is)
    parts = [with_scheme(part.strip("<>").rstrip(",;")) for part in _URL_BREAK.split(url) if part.strip("<>,;")]
    return parts if len(parts) > 1 and all(_is_http(part) for part in parts) else [with_scheme(url.strip("<>").rstrip(",;"))]


# Between a cell's addresses: spaces, or a comma or semicolon before the next ("https://arxiv.org/abs/…,
# https://github.com/…" gave the URL "…abs/2407.00002," and no arXiv id); an address in angle brackets
# ("<https://…>", as e-mail writes one) is that address
_URL_BREAK = re.compile(r"\s+|[,;](?=\s*<?(?:https?://|www\.))")


# An address written without its scheme, as a spreadsheet's cell holds it ("github.com/o/r",
# "www.example.org"): a host of dotted names ending in letters, then a path, or "www." first (a
# file's name, "paper.pdf", is no address)
_BARE_ADDRESS = re.compile(r"(?:www\.)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}[/?#]\S*|www\.(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}", re.ASCII)


def with_scheme(url: str) -> str:
    """``url`` with "https://" before it when it is an address written without one: a code cell's
    "github.com/o/r" was no link (only http(s) addresses are), and a paper's "arxiv.org/abs/…" no
    address in papers.json; any other text as it is."""
    if url.startswith(("http://", "https://")):
        return url
    return f"https://{url.strip()}" if _BARE_ADDRESS.fullmatch(url.strip()) else url


def _string(value: object, fields: Fields, name: str) -> str:
    if not isinstance(value, str):
        fields.error(f"{name} must be a string, got {type_name(value)}")
        return ""
    return clean_text(value, fields, name)


# A person as an object: its whole name, else its given and family names (ChemRxiv's firstName and
# lastName, Lens' first_name and last_name, OSF's given_name and family_name; Crossref's and
# CSL-JSON's given and family are read as their records are)
_WHOLE_NAME = ("name", "full_name", "fullname", "display_name", "displayname", "literal")  # (CSL's "literal": a group)
_GIVEN_NAME = ("firstname", "first_name", "given_name", "givenname", "given", "forename", "fore_name")
_FAMILY_NAME = ("lastname", "last_name", "family_name", "familyname", "family", "surname")
_MIDDLE_NAME = ("middlename", "middle_name", "middle_names", "middlenames")  # (OSF's "middle_names")
_PARTICLES = ("dropping_particle", "non_dropping_particle")  # CSL-JSON's, mapped by --field
_NAME_KEYS = {*_WHOLE_NAME, *_GIVEN_NAME, *_FAMILY_NAME}


def _person(value: Mapping) -> str | None:
    """A person's name from an object holding it (see above): "" when its name keys hold only
    blanks (Semantic Scholar's {"authorId": null, "name": ""}: no name, not a paper to refuse), or
    None when it has none of them."""
    name = value.get("name")
    if isinstance(name, str) and name.strip():  # most exports' {"name": "Ann Lee", …}: as fast as before
        return name.strip()
    if not any(field_key(key) in _NAME_KEYS and isinstance(text, str) for key, text in value.items()):
        return None
    keyed = {field_key(key): text.strip() for key, text in value.items() if isinstance(text, str) and text.strip()}
    whole = next((keyed[key] for key in _WHOLE_NAME if key in keyed), None)
    if whole:
        return whole
    family = next((keyed[key] for key in _FAMILY_NAME if key in keyed), "")
    given = next((keyed[key] for key in _GIVEN_NAME if key in keyed), "")
    if family_first(family, given):
        return family + given
    middle = next((keyed[key] for key in _MIDDLE_NAME if key in keyed), "")
    particles = unrepeated([keyed.get(key, "") for key in _PARTICLES], family) if family else []  # CSL's "van der"
    return " ".join(part for part in (given, middle, *particles, family, keyed.get("suffix", "") if family else "")
                    if part)  # "A. Lee Jr.", "Jan van der Berg"


def _names(value: object, fields: Fields, name: str, split) -> tuple[str, ...]:
    """A list of strings, or one string split into names."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = split(value)
    if isinstance(value, list | tuple):  # [{"name": "A B"}], as Hugging Face and others give authors
        value = [v if not isinstance(v, Mapping) or (person := _person(v)) is None else person for v in value]
        if name == "authors" and len(value) > 1 and all(isinstance(v, str) and "," in v for v in value):
            value = [first_last(v) for v in value]  # ["Lee, Ann", "Chen, Bo"], as a reference manager lists them
        elif name == "authors":  # a paper's only author, [{"name": "Terekhov, Andrew V."}] (CORE's), or one
            # of several beside a name without a comma, ["Lovelace, Ada", "Li Na"], ["Doe, Jane", "OpenAI"]:
            # it was kept so, and one author had two spellings across papers
            value = [first_last(v) if isinstance(v, str) and v.count(",") == 1 and _last_and_first(*v.split(",")) else v
                     for v in value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        held = next((v for v in value if not isinstance(v, str)), None) if isinstance(value, list | tuple) else None
        got = type_name(value) if held is None else f"a list of {type_name(held)}s" + (
            f" (with {', '.join(map(str, list(held)[:6]))}): map the one holding the text with --field {name}=PATH[].KEY"
            if isinstance(held, Mapping) and held else "")
        fields.error(f"{name} must be a list of strings or a string, got {got}")
        return ()
    cleaned = (collapse_spaces(clean_text(v, fields, name)) for v in value)  # a name is one line, as a title
    return tuple(v for v in cleaned if v)


def _named(value: object) -> object:
    """An object's own text: a tag's "term" (feedparser's), "label" or "name"; None for others."""
    return next((value[key] for key in ("term", "label", "name") if isinstance(value.get(key), str)), None) \
        if isinstance(value, Mapping) else None


_API_LINKS = frozenset({"self", "related", "first", "last", "next", "prev", "meta"})  # JSON:API's own, not the paper's


def named_links(record: Mapping[str, object], fields: Fields | None = None) -> tuple[str, ...]:
    """The URLs of a record's code and project columns (:data:`LINK_NAMES`), in the record's order;
    another value is warned of (to ``fields``) when it is text that is no address ("none" and the
    like, a spreadsheet's empty cells, are no link given)."""
    found = []
    for key in _link_keys(tuple(record)):
        if not isinstance(value := record[key], str) or not value.strip():
            continue
        if _is_http(url := with_scheme(value).strip()):
            found.append(url)
        elif fields is not None and ":" in value:  # (an address of another scheme: javascript:, file:, ftp:)
            fields.warn(f"{key}: {brief(value)} is no http(s) address: left out")
    return tuple(found)


@lru_cache(maxsize=256)  # (a file's records have the same keys, record after record)
def _link_keys(keys: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(key for key in keys if field_key(key) in LINK_NAMES)


def _comment_links(value: object) -> tuple[str, ...]:
    """The links of a record's comments (arXiv's "ICML 2024 (Oral). Code: https://github.com/NVlabs/DoRA",
    "Website: https://…"), after the record's own: a paper's code or project page given only there
    was lost, as the comment is no abstract. A link to a paper is left out, and gives no id: a
    comment names other papers ("extends https://arxiv.org/abs/…", which became the page's "Paper" badge)."""
    return tuple(link.url for link in extract_links(value) if link.kind != "paper") if isinstance(value, str) else ()


def _links(value: object, fields: Fields) -> tuple[str, ...]:
    """Extra links a record names (a code repository, a PDF, a DOI): a URL or a list of URLs, or
    of objects with their URL in "href" (feedparser's links, as arxiv-sanity keeps them) or "url"
    (CORE's ``{"type": "download", "url": …}``)."""
    value = [value] if isinstance(value, str) else value
    if value is None:
        return ()
    if isinstance(value, Mapping):  # named links ({"pdf": …, "code": …}; JSON:API's {"self", "html", "preprint_doi"})
        value = [url for key, url in value.items() if key not in _API_LINKS and _is_http(url) and "/api/" not in url]  # (Zenodo's)
    if not isinstance(value, list | tuple):
        fields.warn(f"links must be a URL or a list of URLs, got {type_name(value)}; ignored")
        return ()
    items = [_link_url(v) for v in value]  # (each item by itself: a list of URLs and objects lost every link)
    if unread := [v for v, url in zip(value, items) if url is None]:
        fields.warn(f"links: {plural(len(unread), 'item')} neither a URL nor an object with one in \"url\" or \"href\" "
                    f"({', '.join(brief(v) for v in unread[:2])}{', …' if len(unread) > 2 else ''}): left out")
    urls = [with_scheme(url) for url in (clean_text(v, fields, "links") for v in items if v is not None) if url]
    if others := [url for url in urls if not _is_http(url)]:  # (a link "github.com/o/r" was left out without a word)
        shown = ", ".join(brief(url) for url in others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        fields.warn(f"links: {shown} {'is no http(s) address' if len(others) == 1 else 'are no http(s) addresses'}: left out")
    return tuple(url for url in urls if _is_http(url))


def _link_url(item: object) -> str | None:
    """A links list's item's URL: the item, or its "href" (feedparser's links) or "url" (CORE's); None: none."""
    if isinstance(item, Mapping):
        item = item.get("href") if isinstance(item.get("href"), str) else item.get("url")
    return item if isinstance(item, str) else None


def author_names(text: str) -> tuple[tuple[str, ...], bool]:
    """The names of one author string, split and decoded as every reader's (a plain-text byline's),
    and whether the list was cut short (:func:`without_et_al`)."""
    names = (collapse_spaces(decode_name(name.strip())) for name in _split_authors(collapse_spaces(text)))
    return without_et_al([name for name in names if name])


# The full-width and ideographic marks Chinese and Japanese part names with: "王小明，李华" and
# "山田太郎、佐藤花子" were one author each
CJK_LIST_MARKS = str.maketrans({"\uff0c": ", ", "\u3001": ", ", "\uff1b": "; "})


def without_et_al(names: Sequence[str]) -> tuple[tuple[str, ...], bool]:
    """The names but the marks of a list cut short ("et al.", "others", "…": nobody's name), and
    whether there was one: a paper's page and BibTeX entry must not claim the names are all."""
    named = tuple(name for name in names if not _ET_AL.fullmatch(name))
    return named, len(named) < len(names)


ET_AL = "et al."  # what :func:`_split_authors` puts after the names of a list cut short


def _split_authors(text: str) -> list[str]:
    """Author names from one string (see ``_author_names``); "et al." (or "and others", "…") once
    after them (:data:`ET_AL`) when the list was cut short."""
    # (runs of spaces made these patterns slow: seconds for 30,000)
    text = text if text.isascii() else text.translate(CJK_LIST_MARKS)
    text, cut = without_cut_mark(" ".join(_one_name_a_line(text).split()))
    if "(" in text and _listed_affiliations(text):  # arXiv's "Ann Lee (1), Bo Chen (1 and 2) ((1) MIT, (2) …)"
        text = " ".join(_AFFILIATION.sub(" ", text).split()).rstrip(",; ")
    split = _author_names(text)
    named = [name for name in split if not _ET_AL.fullmatch(name.strip())]
    return named + [ET_AL] if cut or len(named) < len(split) else named


def without_cut_mark(text: str) -> tuple[str, bool]:
    """``text`` without the mark that ends a list of names cut short ("…, et al.", "… and others",
    "…"), and whether it had one."""
    kept = _CUT_SHORT.sub("", text)
    return kept, kept != text


def _one_name_a_line(text: str) -> str:
    """Names written one a line (a spreadsheet's cell, Alt+Enter between them: "Ann Lee⏎Bo Chen",
    or "Lee, Ann⏎Chen, Bo") with "; " between them: the lines were joined into one name, "Ann Lee
    Bo Chen". A list wrapped over lines (commas or "and" between its names) is left as it is."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2 or ";" in text or _AND.search(text) or any(line.endswith(",") for line in lines):
        return text
    named = all("," not in line for line in lines) or all(
        line.count(",") == 1 and _last_and_first(*line.split(",")) for line in lines)
    return "; ".join(lines) if named else text


# A parenthesised affiliation or affiliation number after a name, as arXiv asks authors to write
# them ("Ann Lee (1), Bo Chen (1 and 2) ((1) MIT, (2) Universidad de Chile)", "Dan Eve (MIT, USA)"),
# in its OAI-PMH arXivRaw records, listings and mailings: one level of nested parentheses
_AFFILIATION = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)")


def _listed_affiliations(text: str) -> bool:
    """Whether the names' parentheses are affiliations: some hold a comma, a number or nested
    parentheses, which split on commas would make names of (not a lone "Robert (Bob) Smith")."""
    return any("," in group or "(" in group.strip()[1:] or re.search(r"\d", group) for group in _AFFILIATION.findall(text))


def _author_names(text: str) -> list[str]:
    """Author names from one string, in the forms sources use:

    - a Python list literal, ``"['Ann Lee', 'Bo Chen']"`` (arXiv scrapes);
    - ``;`` between names: ``"Ann Lee; Bo Chen"``, ``"Lee, Ann; Chen, Bo"``;
    - ``and`` between names, BibTeX style: ``"Lee, Ann and Chen, Bo"``;
    - commas (and a last ``and`` or ``&``): ``"Ann Lee, Bo Chen and Cy Dee"``;
    - one ``"Last, First"`` name: ``"Lee, Ann"``;
    - surnames and initials between commas: ``"Smith, J., Doe, A. and Lee, K."`` (a journal's feed);
    - PubMed's citation form, a period after the last initials: ``"Smith J, Doe AB."``, and
      groups after a ``;``: ``"Smith J, Doe AB; COVID Study Group."``.

    A name given as ``Last, First`` becomes ``First Last``.
    """
    listed = _list_literal(text)
    if listed is not None:
        return listed
    if _CITATION_AUTHORS.fullmatch(text.strip()):  # PubMed's "Smith J, Doe AB.": the period ends the list
        return [initials_first(name) for name in text.strip()[:-1].split(",")]
    people, _, groups = text.strip().partition(";")
    if groups and text.strip().endswith(".") and _CITATION_AUTHORS.fullmatch(people.strip() + "."):
        # PubMed's CSV, a consortium after the people: "Papi A, Ison MG; AReSVi-006 Study Group."
        return [initials_first(name) for name in people.split(",")] + groups.strip()[:-1].split(";")
    if ";" in text:
        return [first_last(_initials_first(name)) for name in text.split(";")]
    names = _AND.split(text)
    if len(names) > 1 and all(_name_commas(name) == 1 for name in names):
        return [first_last(name) for name in names]
    turned = [name for name in names if "," in name]  # "Curie, Marie and Albert Einstein" (was "Curie", "Marie", …)
    if len(names) > 1 and turned and all(_name_commas(name) == 1 and _last_and_first(*name.split(",")[:2]) for name in turned):
        return [first_last(name) if name in turned else name for name in names]
    if len(names) == 1 and text.count(",") == 2 and _name_commas(text) == 1 and _last_and_first(*text.split(",")[:2]):
        return [first_last(text)]  # a paper's only author, "Smith, John, Jr."
    names = [part for name in names for part in name.split(",")]
    if len(names) == 2 and text.count(",") == 1 and _last_and_first(*names):  # (not "Mausam and Daniel S. Weld")
        return [first_last(text)]
    return _surnames_and_initials(names) or _last_first_pairs(names) or _suffixes_joined(names)


def _last_first_pairs(parts: list[str]) -> list[str] | None:
    """"Doe, Jane, Smith, John" (a spreadsheet's "Last, First" names between commas): each two
    words a name, when there are four or more, each one word, capitalised; None otherwise. Each
    word was an author of its own ("Doe", "Jane", "Smith", "John")."""
    words = [part.strip() for part in parts if part.strip()]
    if len(words) < 4 or len(words) % 2 or not all(w[:1].isupper() and len(w.split()) == 1 and w.isalpha() for w in words):
        return None
    return [f"{first} {last}" for last, first in zip(words[::2], words[1::2])]


_LAST_SUFFIX = re.compile(r",\s*(?:" + NAME_SUFFIX + r")\s*$")
_SUFFIX_PART = re.compile(r"(?:Jr|Sr)\.?|II|III|IV|2nd|3rd")  # (not "V", an initial as often)


def _name_commas(name: str) -> int:
    """The commas of a name besides its suffix's: "Smith, John, Jr." has one, as "Smith, John"."""
    return name.count(",") - (name.count(",") == 2 and bool(_LAST_SUFFIX.search(name)))


def _suffixes_joined(names: list[str]) -> list[str]:
    """Names split on commas with a suffix that was between two of them ending the name before it:
    "John Smith, Jr., Ann Lee" is John Smith Jr. and Ann Lee (no author "Jr.")."""
    joined: list[str] = []
    for name in names:
        if joined and _SUFFIX_PART.fullmatch(name.strip()):
            joined[-1] = f"{joined[-1].rstrip()} {name.strip()}"
        else:
            joined.append(name)
    return joined


def _last_and_first(last: str, first: str) -> bool:
    """Whether the two parts of a name with one comma are a surname and given names: one word
    (after any lowercase particles, "van der Berg") before the comma, and given names after it, as
    Zotero's CSV writes a paper's only author ("Terekhov, Andrew V.", "Nguyen, Son The"); "Ann
    Lee, Bo Chen" and "Mausam, Daniel S. Weld" (a one-word name, then a full name: an initial
    before a word) are two people, as "王小明, 李华" is (a Chinese family name is one or two characters)."""
    surname, given = last.split(), first.split()
    if not (surname and given and all(word.islower() for word in surname[:-1])
            and last.strip()[:1].isalpha() and first.strip()[:1].isalpha()):
        return False
    if family_first(last.strip(), first.strip()):
        return len(last.strip()) <= 2
    return not any(_INITIAL.fullmatch(word) for word in given[:-1]) or bool(_INITIAL.fullmatch(given[-1]))


_INITIAL = re.compile(r"[^\W\d_](?:\.|\.?-[^\W\d_]\.?)?")  # "V.", "V", "J.-P."


def _initials_first(name: str) -> str:
    """Scopus' "Zhang Y.-H." as "Y.-H. Zhang" (dotted initials after the surname); any other name as it is."""
    match = _TRAILING_INITIALS.fullmatch(name.strip()) if len(name) < 100 else None  # (a name, not a padded cell)
    return f"{match.group(2)} {match.group(1)}" if match else name


_TRAILING_INITIALS = re.compile(r"([^\W\d][^,.]*?)\s+(" + _INITIALS.pattern + ")")


def _surnames_and_initials(parts: list[str]) -> list[str] | None:
    """``["Smith", " J.", "Doe", " A."]`` as ``["J. Smith", "A. Doe"]``: each surname followed by its
    initials (no full name is initials only); None when the parts do not alternate so."""
    parts = [part.strip() for part in parts if part.strip()]
    lasts, firsts = parts[::2], parts[1::2]
    if (len(lasts) != len(firsts) or not all(_INITIALS.fullmatch(first) for first in firsts)
            or any(_INITIALS.fullmatch(last) for last in lasts)):
        return None
    return [f"{first} {last}" for last, first in zip(lasts, firsts)]


def _list_literal(text: str) -> list[str] | None:
    """The strings of a Python list literal, or None when ``text`` is not one."""
    if not text.lstrip().startswith("[") or len(text) > MAX_LITERAL_CHARS:
        return None
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    is_names = isinstance(value, list) and all(isinstance(v, str) for v in value)
    return value if is_names else None


def _split_categories(text: str) -> list[str]:
    """``"Numerical Analysis (math.NA); General Economics (econ.GN)"``; without a ``;``, commas
    part tags (Notion's and Airtable's ``"RLHF, Alignment"``) but not one name's parts
    (``"Computational Engineering, Finance, and Science (cs.CE)"``); arXiv's codes, spaces between."""
    listed = _list_literal(text)  # "['cs.CL', 'cs.AI']", a Python list a script wrote into a table
    if listed is not None:
        return listed
    if ";" in text:
        return text.split(";")
    codes = text.split()
    if len(codes) > 1 and all((m := _ARXIV_CODE.fullmatch(code)) and m.group(1) in ARXIV_ARCHIVES for code in codes):
        return codes  # "cs.CL cs.AI stat.ML", as arXiv's metadata has them
    parts = text.split(",")
    if "(" in text or any(part.strip().startswith("and ") for part in parts):
        return [text]
    return parts


# How the file being read writes a date of two numbers up to 12 ("03/02/2024"): "dmy" or "mdy" when
# another of its dates says so (a "25/12/2023" in the same table), else None (:func:`dates_in_order`)
DATE_ORDER: ContextVar[str | None] = ContextVar("DATE_ORDER", default=None)


@contextmanager
def dates_in_order(cells: Iterable[str]) -> Iterator[None]:
    """Within the block, a day and a month ``written_date`` cannot tell apart are read in the order
    the slashed or dashed dates among ``cells`` (a table's) show: day first when one has a first
    number over 12 and none a second, month first the other way round."""
    day_first = month_first = False
    for cell in cells:
        if (match := _SLASHED.fullmatch(cell.strip())) and len(match.group(1)) <= 2 and len(match.group(4)) == 4:
            first, second = int(match.group(1)), int(match.group(3))
            day_first |= first > 12 >= second
            month_first |= second > 12 >= first
    token = DATE_ORDER.set("dmy" if day_first and not month_first else "mdy" if month_first and not day_first else None)
    try:
        yield
    finally:
        DATE_ORDER.reset(token)


def iso_date(text: str, fields: Fields) -> str:
    """``YYYY-MM-DD`` from an ISO date or date-time, or ``YYYY-MM`` or ``YYYY`` (a reference's year),
    or from the forms spreadsheets and feeds write (``written_date``); else, with a warning, the
    one year it names ("Spring 2022"), or ""."""
    written = written_date(text)
    if written and valid_date(written):
        return written
    match = _ISO_DATE.match(text.strip())
    if match and valid_date(match.group(0)) and not written:
        return match.group(0)
    if (zero := _ZERO_DAY.fullmatch(text.strip())) and zero.group(2) <= "12":  # ADS' month, "2023-09-00": only its year was read
        return zero.group(1) if zero.group(2) == "00" else f"{zero.group(1)}-{zero.group(2)}"
    years = set(_YEAR.findall(text))
    year = years.pop() if len(years) == 1 else ""  # "Spring 2022", "05/06/2023": the year is sure
    if written == _AMBIGUOUS:
        fields.warn(f"date {text!r} could be day/month or month/day: only its year is read (write it as YYYY-MM-DD)")
    elif year:
        fields.warn(f"date {text!r} is not a full date: only its year is read")
    elif text:
        fields.warn(f"date {text!r} is not a date (write it as YYYY-MM-DD, YYYY-MM or YYYY); ignored")
    return year


_MONTHS = {name.lower(): number for names in (calendar.month_name, calendar.month_abbr)
           for number, name in enumerate(names) if name} | {"sept": 9}
_SLASHED = re.compile(r"(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})(?![\d/.-])")
# "Sep 21, 2023", "21 September 2023", and Excel's "d-mmm-yyyy", "21-Sep-2023" (only its year was read)
_NAMED = re.compile(r"(?:[a-z]{3,9},?\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?(?:\s+|-(?=[a-z])))?([a-z]{3,9})\.?,?(?:\s+|-(?=\d))"
                    r"(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})(?!\d)", re.IGNORECASE)
_ZERO_DAY = re.compile(r"(\d{4})-(\d\d)-00")  # a month (or a year: "2023-00-00") as ADS and some others write it
_COMPACT_DATE = re.compile(r"((?:19|20)\d\d)(0[1-9]|1[0-2])([0-2]\d|3[01])")
_AMBIGUOUS = "ambiguous"
# Excel's numbers of dates: days since 1899-12-30 (its 1900 leap day counted), from 1954 to 2119
_EXCEL_SERIAL = re.compile(r"([2-7]\d{4})(?:\.\d+)?")
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Excel's "d-mmm-yy" and "mmm-yy": a day, a month's name, a year of two digits
_SHORT_YEAR = re.compile(r"(?:(\d{1,2})-)?([A-Za-z]{3,9})-(\d\d)")  # (not "Sep 21": EndNote's day)


def _century(year: str) -> str:
    """A year of two digits as Excel reads one: 00 to 29 are 2000 to 2029, 30 to 99 1930 to 1999."""
    return f"{20 if int(year) < 30 else 19}{year}"


_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|2\d\d\d)(?!\d)")


def written_date(text: str) -> str:
    """An ISO date from ``20230921``, ``2023/09/21``, ``2023-9-1``, ``21/09/2023`` or ``9/21/2023`` (day and month told apart
    by a number over 12, else ``_AMBIGUOUS``, unless they are equal), ``21.09.2023`` or ``06.10.2022`` (day
    first: the dotted form is the day's, wherever a spreadsheet writes it; month first only past 12),
    ``Sep 21, 2023``, ``21 September 2023``, ``21-Sep-2023``, ``September 2023`` or RFC 822's ``Thu, 21 Sep 2023
    10:00:00 GMT``; "" for anything else. Not checked to be a real day."""
    text = text.strip()
    if match := _COMPACT_DATE.fullmatch(text):  # ISO 8601's basic form, 20230921 (arXiv scrapers write it)
        return "-".join(match.groups())
    if match := _EXCEL_SERIAL.fullmatch(text):  # a date cell Excel saved as its number of days: 45355
        return (EXCEL_EPOCH + datetime.timedelta(days=int(match.group(1)))).isoformat()
    if match := _SHORT_YEAR.fullmatch(text):  # Excel's "4-Mar-24", "Mar-24"
        text = " ".join(filter(None, (match.group(1), match.group(2), _century(match.group(3)))))
    if match := _SLASHED.match(text):
        a, separator, b, c = match.groups()
        if len(a) == 4 and len(c) <= 2:
            return f"{a}-{int(b):02d}-{int(c):02d}"
        c = _century(c) if len(c) == 2 and len(a) <= 2 and separator == "/" else c  # "3/4/24", "12/25/23"
        if len(c) != 4 or len(a) > 2:
            return ""
        first, second = int(a), int(b)
        if first > 12 >= second or first == second or separator == "." and second <= 12:  # (dots: day first)
            return f"{c}-{second:02d}-{first:02d}"
        if second > 12 >= first:
            return f"{c}-{first:02d}-{second:02d}"
        if first > 12 or second > 12:
            return ""
        order = DATE_ORDER.get()  # (the table's other dates may say which comes first)
        return f"{c}-{second:02d}-{first:02d}" if order == "dmy" else f"{c}-{first:02d}-{second:02d}" if order == "mdy" else _AMBIGUOUS
    if (match := _NAMED.match(text)) and (month := _MONTHS.get(match.group(2).lower())):
        day, year = match.group(1) or match.group(3), match.group(4)
        return f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}"
    return ""


def valid_date(text: str) -> bool:
    """Whether ``text`` is a real ISO date, or a year or month of one."""
    full = text + "-01" * (2 - text.count("-")) if len(text) < 10 else text
    try:
        datetime.date.fromisoformat(full)
    except ValueError:
        return False
    return True


def type_name(value: object) -> str:
    """JSON's name for a value's type."""
    names = {bool: "boolean", int: "number", float: "number", str: "string",
             list: "list", tuple: "list", dict: "object", type(None): "null"}
    return names.get(type(value), type(value).__name__)
