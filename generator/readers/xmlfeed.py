"""Atom and RSS feeds (``.xml``, ``.atom``, ``.rss``), recognised by their root element.

- **arXiv API** results (Atom): ``<id>http://arxiv.org/abs/2309.10986v2</id>``, titles wrapped
  over lines, ``<author><name>``, ``<category term>``, ``<link title="pdf">`` and
  ``<link title="doi">``, ``<arxiv:doi>``; an error feed (``…/api/errors#…``) is reported.
- **arXiv announcement feeds**: Atom and RSS 2.0 (``<dc:creator>A, B and C</dc:creator>``,
  ``Announce Type: new Abstract: …`` summaries), and the older RSS 1.0 (RDF) with HTML in
  ``<description>`` and ``<dc:creator>``.
- any other Atom, RSS 2.0 or RSS 1.0 feed (a journal's ``<dc:creator>Lee, Ann</dc:creator>``, one
  element an author; an Atom ``<content>`` (RSS's ``<content:encoded>``) when there is no summary,
  or when it is longer and holds most of the summary's words (:func:`_fuller`), and HTML titles as text);
- and the XML exports of PubMed and EndNote, and arXiv's OAI-PMH (:mod:`generator.readers.xmlexports`).

The standard library's parser reads the XML, through ``defusedxml``: a feed is data from
elsewhere, and entity declarations (billion laughs, external entities) are refused; HTML's named
entities (``&eacute;``), which many feeds use undeclared, are read as the characters they name.
Each element records the line its start tag is on, so every entry is named by ``file:line``.
"""

from __future__ import annotations

import email.utils
import re
from html import escape
from html.entities import html5
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from generator.errors import Problem
from generator.ids import arxiv_id, bare_doi, doi_url
from generator.model import Entry
from generator.readers.fields import entry_from_record
from generator.readers.values import (announced_date, announced_summary, announcement, first_last, html_to_text,
                                      wrapped_summary)
from generator.readers.xmlexports import OAI, endnote_records, oai_records, pubmed_articles

Result = tuple[list[Entry], list[Problem]]
Element = ElementTree.Element

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
RSS1 = "{http://purl.org/rss/1.0/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"  # RSS's <content:encoded>
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"

_OLD_TITLE_TAIL = re.compile(r"\.?\s*\(arXiv:\S+(?:\s+\[[^\]]*\])?(?:\s+\w+)?\)\s*$")


def read_feed(text: str, path: str) -> Result:
    """Entries of an Atom or RSS feed, and the problems (never raises)."""
    root, problem = parse(text, path)
    if root is None:
        return [], [problem]
    reader = _FEEDS.get(root.tag)
    if reader is None:
        name = root.tag.split("}")[-1]
        return [], [Problem(path, root.line, f"not an Atom or RSS feed, PubMed XML, EndNote XML or arXiv's "
                                             f"OAI-PMH (the root element is <{name}>)")]
    entries, problems = [], []
    for record, line in reader(root, path, problems):
        entry, found = entry_from_record(record, path, line, warn_no_abstract=False)
        problems += found
        entries += [entry] if entry else []
    if not entries and not problems and reader in (atom_entries, rss_items):
        problems.append(Problem(path, root.line, _EMPTY_FEED))
    return entries, problems


# arXiv's announcement feeds hold no items on the days nothing is announced (weekends, holidays):
# such a file was "no papers found", which said nothing of why
_EMPTY_FEED = ("the feed holds no entries (arXiv's announcement feeds are empty on the days nothing is announced, "
               "weekends and holidays): save it again on an announcement day")


class _Element(ElementTree.Element):
    line = 1  # the line of the start tag, set by _LineBuilder


class _LineBuilder(ElementTree.TreeBuilder):
    """Builds elements that know the line of their start tag (``element.line``)."""

    def __init__(self) -> None:
        super().__init__(element_factory=_Element)
        self.parser: DefusedXMLParser | None = None

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        element.line = self.parser.parser.CurrentLineNumber
        return element


def parse(text: str, path: str) -> tuple[Element | None, Problem | None]:
    """The root element, or a problem naming the line where the XML goes wrong."""
    builder = _LineBuilder()
    parser = builder.parser = DefusedXMLParser(target=builder)
    try:
        parser.feed(html_entities_as_references(text))
        return parser.close(), None
    except ElementTree.ParseError as err:
        from generator.readers.csvfile import held_instead  # (csvfile imports readers of XML's records)

        return None, Problem(path, err.position[0], f"invalid XML: {err}{held_instead(text, 'xml')}")
    except DefusedXmlException as err:  # (its message is its repr: "EntitiesForbidden(name='lol', system_id=None, …)")
        line, name = parser.parser.CurrentLineNumber, getattr(err, "name", None)
        return None, Problem(path, line, f"refused: the XML declares entities ({f'{name!r}, ' if name else ''}which can expand "
                                         "to gigabytes or read other files); feeds never need them")


def html_entities_as_references(text: str) -> str:
    """``text`` with HTML's named entities (``&nbsp;``, ``&eacute;``, ``&mdash;``) as numeric
    character references (``&#160;``), which XML reads without a DTD: many real feeds use them,
    feed readers read them, and the parser said "undefined entity". XML's own five (``&amp;``…)
    and text in CDATA sections, comments and processing instructions are left as they are. No
    entity is declared or expanded, so ``defusedxml`` still refuses a feed that declares one; and
    a line is as long in lines as it was, so a problem's line is still its line."""
    return _MARKUP_OR_ENTITY.sub(_reference, text) if "&" in text else text


# A CDATA section, a comment or a processing instruction (kept as it is), or a named entity
_MARKUP_OR_ENTITY = re.compile(r"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<\?.*?\?>|&([A-Za-z][A-Za-z0-9]*);", re.DOTALL)
_XML_ENTITIES = frozenset(("amp", "lt", "gt", "quot", "apos"))


def _reference(found: re.Match) -> str:
    name = found.group(1)
    if name is None or name in _XML_ENTITIES or f"{name};" not in html5:
        return found.group(0)
    return "".join(f"&#{ord(char)};" for char in html5[f"{name};"])


def atom_entries(root: Element, path: str, problems: list[Problem]):
    """(record, line) of each ``<entry>``; an arXiv API error entry becomes a problem, and an
    answer holding only a page of its results a note."""
    for entry in root.iter(f"{ATOM}entry"):
        entry_id = _text(entry, f"{ATOM}id")
        if "arxiv.org/api/errors" in entry_id:
            problems.append(Problem(path, entry.line, f"the arXiv API answered with an error: "
                                                      f"{_text(entry, f'{ATOM}summary') or entry_id}"))
            continue
        yield _atom_record(entry, entry_id), entry.line
    problems.extend(_found_none(root, path) or _a_page_of(root, path))


def _found_none(root: Element, path: str) -> list[Problem]:
    """An error when an API's answer says its query found nothing (``totalResults`` 0, a typo in
    the query): the file's "no papers found" said nothing of why."""
    total = root.find(f"{OPENSEARCH}totalResults")
    if total is None or _count(total) != 0 or root.find(f"{ATOM}entry") is not None:
        return []
    return [Problem(path, total.line, "the query of this API answer found no papers (totalResults is 0): check its "
                                      "search terms or ids (e.g. at https://arxiv.org/search) and query again")]


OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def _a_page_of(root: Element, path: str) -> list[Problem]:
    """A note when an API's answer (arXiv's, with OpenSearch's counts) holds fewer entries than its
    query found: arXiv answers 10 unless asked for more, so an ``id_list`` of 150 ids saved
    without ``max_results`` gave 10 papers, and nothing said the others were left out."""
    total, start = root.find(f"{OPENSEARCH}totalResults"), root.find(f"{OPENSEARCH}startIndex")
    counts = [_count(element) for element in (total, start)]
    held = sum(1 for _ in root.iter(f"{ATOM}entry"))
    if total is None or counts[0] is None or counts[0] <= (counts[1] or 0) + held:
        return []
    first = (counts[1] or 0) + 1
    shown = f"{first:,} to {first + held - 1:,}" if held else "none"
    return [Problem(path, total.line, f"this answer holds results {shown} of the {counts[0]:,} its query found: "
                                      "ask for the others with max_results= and start= (the arXiv API gives 10 "
                                      "unless asked, at most 2,000 at a time) and add them too", "note")]


def _count(element: Element | None) -> int | None:
    text = (element.text or "").strip() if element is not None else ""
    return int(text) if text.isdigit() else None


def _atom_record(entry: Element, entry_id: str) -> dict[str, object]:
    links = {link.get("title") or link.get("rel") or "alternate": link.get("href", "")
             for link in entry.findall(f"{ATOM}link")}
    doi = _arxiv_doi(entry)
    texts = [entry.find(f"{ATOM}summary"), entry.find(f"{ATOM}content")]
    read = [_content(e) for e in texts]
    summary = _fuller(*read)
    chosen = texts[read.index(summary)]  # (HTML's blocks are run together; a text's paragraphs kept)
    html = chosen is not None and chosen.get("type") in (*_HTML_TYPES, "xhtml")
    return {
        "title": _title(_content(entry.find(f"{ATOM}title"))),
        "abstract": announced_summary(summary) if html else wrapped_summary(summary),
        "authors": _names([_text(a, f"{ATOM}name") for a in entry.findall(f"{ATOM}author")]) or _creators(entry),
        "id": arxiv_id(entry_id) or arxiv_id(links.get("alternate", "")) or "",
        "url": links.get("alternate", "") or (entry_id if entry_id.startswith("http") else ""),
        "date": announced_date(summary, _text(entry, f"{ATOM}published") or _text(entry, f"{ATOM}updated")),
        "categories": _unique([c.get("term", "") for c in entry.findall(f"{ATOM}category")]),
        "links": [url for url in (links.get("pdf"), links.get("doi") or (doi_url(doi) if doi else None))
                  if url],
        "comments": _text(entry, f"{ARXIV}comment"),
    }


def rss_items(root: Element, path: str, problems: list[Problem]):
    """(record, line) of each ``<item>`` of RSS 2.0 (``<rss><channel>``) or RSS 1.0 (RDF)."""
    namespace = RSS1 if root.tag == f"{RDF}RDF" else ""
    for item in root.iter(f"{namespace}item"):
        yield _rss_record(item, namespace), item.line


def _rss_record(item: Element, ns: str) -> dict[str, object]:
    link = _text(item, f"{ns}link") or _text(item, f"{ns}guid")
    described = _text(item, f"{ns}description")  # (an arXiv announcement's is text: "a <think> block" was dropped as a tag)
    summary = _fuller(described if announcement(described) else html_to_text(described),
                      html_to_text(_text(item, f"{CONTENT}encoded")))
    doi = _arxiv_doi(item)
    return {
        "title": _title(_OLD_TITLE_TAIL.sub("", _text(item, f"{ns}title"))),
        "abstract": announced_summary(summary),
        "authors": _creators(item) or _names([name for author in item.findall(f"{ns}author")
                                              if (name := _rss_author("".join(author.itertext())))]),
        "id": arxiv_id(link) or arxiv_id(_text(item, f"{ns}guid").removeprefix("oai:arXiv.org:")) or "",
        "url": link,
        "date": announced_date(summary, _rss_date(_text(item, f"{ns}pubDate") or _text(item, f"{DC}date"))),
        "categories": _unique([c.text.strip() for c in item.findall(f"{ns}category") if c.text]
                              or _subjects(item)),
        "links": [doi_url(doi)] if doi else [],
    }


def _fuller(summary: str, content: str) -> str:
    """The summary; the content when there is none, or when it is longer and holds SUMMARY_HELD of
    the summary's words: a feed giving an excerpt and the whole abstract (digest-site's own: one
    sentence of it, its opening "In this work," dropped, then the abstract) was read as its excerpt."""
    if summary and len(content) > len(summary):
        words, held = set(re.findall(r"\w+", summary.casefold())), set(re.findall(r"\w+", content.casefold()))
        if words and len(words & held) >= SUMMARY_HELD * len(words):
            return content
    return summary or content


SUMMARY_HELD = 0.8  # of an excerpt's words in a feed entry's content, for the content to be its whole text


def _arxiv_doi(element: Element) -> str:
    """The published version's DOI: the API's ``<arxiv:doi>``, the announcement feeds'
    ``<arxiv:DOI>`` (a replaced version's, beside its ``<arxiv:journal_reference>``), the first of
    several (arXiv keeps them space-separated), bare or as a ``doi.org`` address."""
    text = _text(element, f"{ARXIV}doi") or _text(element, f"{ARXIV}DOI")
    return bare_doi(text.split()[0]) if text.split() else ""


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return "".join(found.itertext()) if found is not None else ""


def _content(element: Element | None) -> str:
    """An Atom text construct (a title, summary or content) as plain text: ``type="html"`` is HTML
    escaped in the XML, its tags dropped and entities decoded once (the site escapes text itself);
    ``type="xhtml"`` is XML elements, read as that HTML is (their text alone ran paragraphs
    together: "First para.Second para."); anything else is text."""
    if element is None:
        return ""
    if element.get("type") == "xhtml":
        return html_to_text(_as_html(element))
    text = "".join(element.itertext())
    return html_to_text(text) if element.get("type") in _HTML_TYPES else text


def _as_html(element: Element) -> str:
    """The HTML of an element's content: its elements by their local names, their text escaped
    (walked with a stack, not recursion: a feed may nest elements thousands deep)."""
    parts = [escape(element.text or "", quote=False)]
    stack = [(child, False) for child in reversed(element)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag.rpartition("}")[2]
        if closing:
            parts.append(f"</{tag}>" + escape(node.tail or "", quote=False))
            continue
        parts.append(f"<{tag}>" + escape(node.text or "", quote=False))
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return "".join(parts)


_HTML_TYPES = ("html", "text/html")  # a <content>'s type may be a media type


def _title(text: str) -> str:
    return " ".join(text.split())


def _creators(element: Element) -> list[str] | str:
    """``<dc:creator>`` names, maybe as HTML links (see ``_names``)."""
    return _names([html_to_text("".join(creator.itertext())) for creator in element.findall(f"{DC}creator")])


def _names(texts: list[str]) -> list[str] | str:
    """Several elements are one author each, ``"Lee, Ann"`` read as "Ann Lee" (a journal's TOC);
    one element may hold every author (arXiv's "A, B and C"): it is left a string, which
    ``entry_from_record`` splits as it splits a CSV's authors (a lone "Yau, Shing-Tung" is one)."""
    names = [" ".join(text.split()) for text in texts]
    if len(names) == 1:
        return names[0]
    return [first_last(name) for name in names if name]


def _rss_author(text: str) -> str:
    """An RSS 2.0 ``<author>``'s name: "ann@example.org (Ann Lee)" is Ann Lee, and an address
    alone names nobody; a name alone, as many feeds write it, is that name."""
    address, _, name = text.strip().partition(" (")
    if "@" in address and " " not in address:
        return name.removesuffix(")").strip()
    return text.strip()


def _subjects(item: Element) -> list[str]:
    return [s.strip() for subject in item.findall(f"{DC}subject") for s in (subject.text or "").split(";")]


def _rss_date(text: str) -> str:
    """An RSS (RFC 822) date as ``YYYY-MM-DD``; an ISO date (``dc:date``) as it is."""
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return text.strip()


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


_FEEDS: dict[str, Callable] = {
    f"{ATOM}feed": atom_entries,
    "rss": rss_items,
    f"{RDF}RDF": rss_items,
    "PubmedArticleSet": pubmed_articles,
    "xml": endnote_records,
    f"{OAI}OAI-PMH": oai_records,
}
