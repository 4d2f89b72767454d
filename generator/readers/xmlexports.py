"""The XML exports of reference databases, read by ``xmlfeed`` from their root element:

- **PubMed XML** (``<PubmedArticleSet>``, what E-utilities' ``efetch`` and PubMed's XML export
  give): each ``<PubmedArticle>`` (and ``<PubmedBookArticle>``) is turned into the tags of its
  MEDLINE record and read by :func:`generator.readers.medline.medline_record`, so both formats
  give the same paper;
- **EndNote XML** (``<xml><records>``, EndNote's and Mendeley's export): each ``<record>``, its
  text runs (``<style>``) joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from xml.etree.ElementTree import Element

from generator.errors import Problem
from generator.readers.medline import medline_record
from generator.readers.values import first_last, paper_id

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
    abstract, the date of ``year`` and ``pub-dates`` ("Sep 21"), the id from the DOI
    (``electronic-resource-num``) or an arXiv URL, the first URL, keywords as categories."""
    for record in root.iterfind("records/record"):
        urls = [_text(u) for u in record.iterfind("urls/related-urls/url")]
        urls += [_text(u) for u in record.iterfind("urls/pdf-urls/url")]
        doi = _text(record.find("electronic-resource-num"))
        year = _text(record.find("dates/year"))
        day = _MONTH_DAY.fullmatch(_text(record.find("dates/pub-dates/date")))
        yield {
            "title": _text(record.find("titles/title")),
            "abstract": _text(record.find("abstract")),
            "authors": [first_last(_text(a)) for a in record.iterfind("contributors/authors/author") if _text(a)],
            "id": paper_id(*urls, doi),
            "url": next((u for u in urls if u), ""),
            "date": f"{day.group(2)} {day.group(1)} {year}" if day and year else year,
            "categories": [_text(k) for k in record.iterfind("keywords/keyword") if _text(k)],
            "links": [f"https://doi.org/{doi}"] if doi.startswith("10.") else [],
        }, getattr(record, "line", 1)


def _text(element: Element | None) -> str:
    """An element's text, its inline markup (``<i>``, ``<style>``) dropped, runs of space as one."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""
