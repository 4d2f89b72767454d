"""The XML exports of reference databases, read by ``xmlfeed`` from their root element:

- **PubMed XML** (``<PubmedArticleSet>``, what E-utilities' ``efetch`` and PubMed's XML export
  give): each ``<PubmedArticle>`` (and ``<PubmedBookArticle>``) is turned into the tags of its
  MEDLINE record and read by :func:`generator.readers.medline.medline_record`, so both formats
  give the same paper;
- **EndNote XML** (``<xml><records>``, EndNote's and Mendeley's export): each ``<record>``, its
  text runs (``<style>``) joined;
- **arXiv's OAI-PMH** answers (``<OAI-PMH>``, ``ListRecords`` or ``GetRecord``, arXiv's bulk
  harvest): each ``<record>`` in any of arXiv's three metadata formats, ``arXiv``, ``arXivRaw``
  and ``oai_dc``; a deleted record is skipped, an OAI error (``noRecordsMatch``) reported.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable, Iterator
from xml.etree.ElementTree import Element

from generator.errors import Problem
from generator.ids import doi_url
from generator.readers.medline import medline_record
from generator.readers.values import SCRIPTS, first_last, paper_id, scripted

_MONTH_DAY = re.compile(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})")  # EndNote's pub-date "Sep 21"


def pubmed_articles(root: Element, path: str, problems: list[Problem]) -> Iterator[tuple[dict, int]]:
    """(record, line) of each ``<PubmedArticle>``, and of each ``<PubmedBookArticle>`` (a book or
    chapter of NCBI's Bookshelf, such as GeneReviews)."""
    for article in root.iter():
        tags = _ARTICLES.get(article.tag)
        if tags:
            yield medline_record(tags(article)), getattr(article, "line", 1)


def _medline_tags(article: Element) -> dict[str, list[str]]:
    """The MEDLINE tags of a PubMed XML article: PMID, TI, AB (sections as "LABEL: text"), FAU
    and CN (:func:`_author_tags`), DP ("2023 Sep 21"), AID (the DOI) and OT (keywords)."""
    citation = article.find("MedlineCitation")
    citation = citation if citation is not None else article
    dois = [_text(i) for i in article.iterfind("PubmedData/ArticleIdList/ArticleId") if i.get("IdType") == "doi"]
    dois += [_text(i) for i in citation.iterfind("Article/ELocationID") if i.get("EIdType") == "doi"]
    return {
        "PMID": [_text(citation.find("PMID"))],
        "TI": [_text(citation.find("Article/ArticleTitle")) or _text(citation.find("Article/VernacularTitle"))],
        "AB": _sections(citation.iterfind("Article/Abstract/AbstractText")),
        **_author_tags(citation.findall("Article/AuthorList/Author")),
        "DP": [_pub_date(citation.find("Article/Journal/JournalIssue/PubDate"))],
        "AID": [f"{doi} [doi]" for doi in dois[:1] if doi],
        "OT": [_text(k) for k in citation.iterfind("KeywordList/Keyword")],
    }


def _book_tags(article: Element) -> dict[str, list[str]]:
    """The MEDLINE tags of a ``<PubmedBookArticle>``'s ``<BookDocument>``, as for an article: its
    chapter's title (TI), else the book's (BTI), its authors (not its editors) and its book's date."""
    book = article.find("BookDocument")
    book = book if book is not None else article
    ids = [*book.iterfind("ArticleIdList/ArticleId"), *article.iterfind("PubmedBookData/ArticleIdList/ArticleId")]
    dois = [_text(i) for i in ids if i.get("IdType") == "doi"]
    authors = [a for names in book.iterfind("AuthorList") if names.get("Type", "authors") == "authors"
               for a in names.iterfind("Author")]
    return {
        "PMID": [_text(book.find("PMID"))],
        "TI": [t for t in [_text(book.find("ArticleTitle"))] if t],
        "BTI": [_text(book.find("Book/BookTitle"))],
        "AB": _sections(book.iterfind("Abstract/AbstractText")),
        **_author_tags(authors),
        "DP": [_pub_date(book.find("Book/PubDate"))],
        "AID": [f"{doi} [doi]" for doi in dois[:1] if doi],
        "OT": [_text(k) for k in book.iterfind("KeywordList/Keyword")],
    }


def _sections(parts: Iterable[Element]) -> list[str]:
    """An abstract's ``<AbstractText>`` parts, a labelled one as "LABEL: text"."""
    labelled = [(part.get("Label"), _text(part)) for part in parts]
    return [f"{label}: {text}" if label else text for label, text in labelled if text]


def _author_tags(authors: list[Element]) -> dict[str, list[str]]:
    """FAU, each author as "Last, First, Suffix" or a collective name, and CN, the collective names."""
    people = [", ".join(n for n in (_text(a.find(part)) for part in ("LastName", "ForeName", "Suffix")) if n)
              or _text(a.find("CollectiveName")) for a in authors]
    return {"FAU": [a for a in people if a], "CN": [g for a in authors if (g := _text(a.find("CollectiveName")))]}


_ARTICLES = {"PubmedArticle": _medline_tags, "PubmedBookArticle": _book_tags}


def _pub_date(date: Element | None) -> str:
    """``<Year>2023</Year><Month>Sep</Month><Day>21</Day>`` (or ``<MedlineDate>``) as MEDLINE's DP."""
    if date is None:
        return ""
    medline = _text(date.find("MedlineDate"))
    if medline:
        return medline
    month = _text(date.find("Month"))
    if month.isdigit() and 1 <= int(month) <= 12:
        month = ("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())[int(month) - 1]
    return " ".join(p for p in (_text(date.find("Year")), month, _text(date.find("Day"))) if p)


def endnote_records(root: Element, path: str, problems: list[Problem]) -> Iterator[tuple[dict, int]]:
    """(record, line) of each EndNote ``<record>``: title, authors ("Last, First" as "First Last"),
    abstract, the date of ``year`` and ``pub-dates`` ("Sep 21", or a whole date: "2023/09/21"), the id from the DOI
    (``electronic-resource-num``) or an arXiv URL, the first URL, keywords as categories."""
    for record in root.iterfind("records/record"):
        urls = [_text(u) for u in record.iterfind("urls/related-urls/url")]
        urls += [_text(u) for u in record.iterfind("urls/pdf-urls/url")]
        doi = _text(record.find("electronic-resource-num"))
        year = _text(record.find("dates/year"))
        published = _text(record.find("dates/pub-dates/date"))
        day = _MONTH_DAY.fullmatch(published)
        yield {
            "title": _text(record.find("titles/title")),
            "abstract": _text(record.find("abstract")),
            "authors": [first_last(_text(a)) for a in record.iterfind("contributors/authors/author") if _text(a)],
            "id": paper_id(*urls, doi),
            "url": next((u for u in urls if u), ""),
            "date": (f"{day.group(2)} {day.group(1)} {year}" if day and year
                     else published if year and re.search(rf"(?<!\d){re.escape(year)}(?!\d)", published) else year),
            "categories": [_text(k) for k in record.iterfind("keywords/keyword") if _text(k)],
            "links": [doi_url(doi)] if doi.startswith("10.") else [],
        }, getattr(record, "line", 1)


def _text(element: Element | None) -> str:
    """An element's text, its inline markup (``<i>``, ``<style>``) dropped but superscripts and
    subscripts (:func:`generator.readers.values.scripted`: 10⁶, not 106), runs of space as one."""
    return " ".join(_inline(element).split()) if element is not None else ""


def _inline(element: Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):  # (not a comment or processing instruction)
            name = child.tag.rpartition("}")[2]
            inner = _inline(child)
            parts.append(scripted(inner, name) if name in SCRIPTS else inner)
        parts.append(child.tail or "")
    return "".join(parts)


OAI = "{http://www.openarchives.org/OAI/2.0/}"
_ARXIV_OAI = "{http://arxiv.org/OAI/arXiv/}"
_ARXIV_RAW = "{http://arxiv.org/OAI/arXivRaw/}"
_OAI_DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
_DC = "{http://purl.org/dc/elements/1.1/}"


def oai_records(root: Element, path: str, problems: list[Problem]) -> Iterator[tuple[dict, int]]:
    """(record, line) of each ``<record>`` of an OAI-PMH answer (:data:`_OAI_FORMATS`); an OAI
    ``<error>`` becomes a problem."""
    for error in root.iterfind(f"{OAI}error"):
        problems.append(Problem(path, getattr(error, "line", 1),
                                f"the OAI-PMH answer is an error: {error.get('code', '')} {_text(error)}".rstrip()))
    for record in root.iter(f"{OAI}record"):
        header = record.find(f"{OAI}header")
        if header is not None and header.get("status") == "deleted":
            continue
        metadata = record.find(f"{OAI}metadata")
        for element in metadata if metadata is not None else []:
            if reader := _OAI_FORMATS.get(element.tag):
                yield reader(element), getattr(record, "line", 1)


def _arxiv_oai(meta: Element) -> dict:
    """arXiv's ``arXiv`` format: ``<authors><author><keyname>``, ``<forenames>``, ``<suffix>``."""
    def field(name: str) -> str:
        return _text(meta.find(_ARXIV_OAI + name))

    names = [" ".join(n for n in (_text(a.find(_ARXIV_OAI + "forenames")), _text(a.find(_ARXIV_OAI + "keyname")),
                                  _text(a.find(_ARXIV_OAI + "suffix"))) if n)
             for a in meta.iterfind(f"{_ARXIV_OAI}authors/{_ARXIV_OAI}author")]
    return _arxiv_fields(field("id"), field("title"), field("abstract"), names, field("created"),
                         field("categories"), field("doi"), field("comments"))


def _arxiv_raw(meta: Element) -> dict:
    """arXiv's ``arXivRaw`` format: the authors as submitted (one string, TeX accents), dated by the
    first ``<version>``'s ``<date>`` (RFC 2822)."""
    def field(name: str) -> str:
        return _text(meta.find(_ARXIV_RAW + name))

    first = meta.find(f"{_ARXIV_RAW}version/{_ARXIV_RAW}date")
    try:
        date = email.utils.parsedate_to_datetime(_text(first)).date().isoformat() if first is not None else ""
    except (TypeError, ValueError):
        date = ""
    return _arxiv_fields(field("id"), field("title"), field("abstract"), field("authors"), date,
                         field("categories"), field("doi"), field("comments"))


def _oai_dc(meta: Element) -> dict:
    """Dublin Core: ``<dc:creator>`` "Last, First" each, the first ``<dc:description>`` (the
    abstract; a later one is the comments), the first ``<dc:date>`` (the first version's)."""
    def texts(name: str) -> list[str]:
        return [_text(e) for e in meta.iterfind(_DC + name) if _text(e)]

    identifiers = texts("identifier")
    return {"title": next(iter(texts("title")), None), "abstract": next(iter(texts("description")), ""),
            "authors": [first_last(name) for name in texts("creator")], "id": paper_id(*identifiers),
            "url": next((i for i in identifiers if i.startswith("http")), ""),
            "date": next(iter(texts("date")), ""), "categories": texts("subject"),
            "comments": " ".join(texts("description")[1:])}


def _arxiv_fields(arxiv: str, title: str, abstract: str, authors: list[str] | str, date: str, categories: str,
                  doi: str, comments: str) -> dict:
    found = paper_id(arxiv)
    return {"title": title or None, "abstract": abstract, "authors": authors, "id": found or paper_id(doi),
            "url": f"https://arxiv.org/abs/{found}" if found else "", "date": date, "categories": categories.split(),
            "links": [doi_url(doi)] if doi.startswith("10.") else [], "comments": comments}


_OAI_FORMATS = {f"{_ARXIV_OAI}arXiv": _arxiv_oai, f"{_ARXIV_RAW}arXivRaw": _arxiv_raw, _OAI_DC: _oai_dc}
