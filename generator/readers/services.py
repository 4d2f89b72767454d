"""Records of the services and exports people have, recognised from their own keys (never from
the file name) and turned into the field names every reader shares (``fields.FIELD_NAMES``).

- **Hugging Face daily papers** (``/api/daily_papers``): ``{"paper": {"id", "title", "summary",
  "authors": [{"name"}], "publishedAt", "githubRepo", "projectPage", …}, …}``;
- **OpenAlex** works (``/works``): ``{"id": "https://openalex.org/W…", "title", "authorships":
  [{"author": {"display_name"}}], "abstract_inverted_index", "publication_date", "doi",
  "primary_location", "primary_topic", …}``;
- **CSL-JSON** (Zotero, Better BibTeX): ``{"type", "title", "author": [{"family", "given"}],
  "issued": {"date-parts": [[2023, 9, 21]]}, "DOI", "URL", "number", "abstract", …}`` (or a
  citation item holding one, ``{"id", "uris", "itemData": {…}}``: Mendeley's), and
  Crossref's works, which are nearly CSL-JSON (``"title": ["…"]``, a JATS ``abstract``);
- **arXiv's metadata** (the Kaggle snapshot, one object per line): ``{"id", "title", "authors",
  "authors_parsed": [["Last", "First", ""]], "categories": "cs.LG stat.ML", "versions":
  [{"created": "Mon, 2 Apr 2007 …"}], "doi", "update_date", …}``;
- **INSPIRE-HEP** literature (``hits.hits``): ``{"metadata": {"titles": [{"title"}], "abstracts":
  [{"value"}], "authors": [{"full_name"}], "arxiv_eprints": [{"value", "categories"}], "dois",
  "preprint_date", "control_number", …}}``;
- **NASA ADS** search answers (``response.docs``): ``{"bibcode", "title": […], "author": […],
  "abstract", "identifier": ["arXiv:…", …], "doi": […], "pubdate": "2023-09-00", "keyword", …}``;
- **JSON Feed** items (``items`` of jsonfeed.org's feeds): ``{"id", "url", "title", "summary",
  "content_text" or "content_html", "date_published", "authors": [{"name"}], "tags"}``;
- **Europe PMC** search results (``resultList.result``): ``{"title", "authorString",
  "authorList": {"author": [{"firstName", "lastName"}]}, "abstractText" (HTML), "pmid", "doi",
  "firstPublicationDate", "keywordList": {"keyword": […]}, …}``;
- **dblp** search results (``result.hits.hit``): ``{"info": {"title": "….", "authors": {"author":
  [{"text"}]}, "year", "doi", "ee", …}}`` (dblp has no abstracts);
- **OpenReview** notes (``notes``): ``{"forum", "content": {"title": {"value"}, "abstract",
  "authors", "keywords", "pdf", …}, "pdate", "cdate", …}`` (API 2 wraps each value in
  ``{"value": …}``; API 1 does not);
- **digest-site's own** ``papers.json`` (a collection merging another's): ``{"id", "slug", "url" (the
  page, relative to that site), "title", "title_text", "abstract", "summary", "source_url", "links":
  [{"url", "kind"}], "topic_slugs", …}``;
- **Zotero's web API** items (as ``pyzotero`` gives them): ``{"key", "data": {"itemType", "title",
  "creators": [{"creatorType", "firstName", "lastName"} or {"name"}], "abstractNote", "date",
  "url", "DOI", "archiveID": "arXiv:…", "extra", "tags": [{"tag"}]}}``, or their ``data`` alone.

Each service's record is told by :data:`RECOGNISED`, tried in order.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Mapping
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from generator.ids import bare_doi, doi_url
from generator.readers.values import (announced_date, announced_summary, arxiv_mentions, arxiv_unwrapped, as_list,
                                      as_mapping, first_last, html_to_text, name_list, paper_id, split_text, strings)


def recognised(record: Mapping[str, object]) -> dict[str, object] | None:
    """The record under the shared field names when it is one of a known service's, else None."""
    adapt = next((adapter for test, adapter in RECOGNISED if test(record)), None)
    return adapt(record) if adapt else None


def hugging_face(record: Mapping[str, object]) -> dict[str, object]:
    """A daily-papers item: the paper's fields, with the item's title and summary as fallbacks (and
    a scraper's ``{"paper": {"title", "abstract", "date", "doi", …}}``'s fields under their usual
    names, where Hugging Face's leave them empty: its date, DOI, URL and categories were dropped)."""
    paper = record["paper"]
    adapted = {
        "title": paper.get("title", record.get("title")),
        "abstract": arxiv_unwrapped(next((v for v in (paper.get("summary"), paper.get("abstract"), record.get("summary"))
                                          if v), None)),
        "authors": name_list(paper.get("authors")),
        "id": paper.get("id", ""),
        "date": paper.get("publishedAt", record.get("publishedAt", "")),
        "links": [url for url in (paper.get("githubRepo"), paper.get("projectPage")) if isinstance(url, str)],
    }
    own = {k: v for k, v in paper.items() if v or k not in ("summary", "abstract")}  # an empty "summary" is none:
    return {**own, **{k: v for k, v in adapted.items() if v not in (None, "", [])}}  # a warning, as a missing one is


def is_openalex(record: Mapping[str, object]) -> bool:
    """OpenAlex works have an ``https://openalex.org/W…`` id and ``authorships``."""
    return str(record.get("id", "")).startswith("https://openalex.org/W") and "authorships" in record


def openalex(record: Mapping[str, object]) -> dict[str, object]:
    """An OpenAlex work: its title as text (OpenAlex keeps publishers' ``<i>`` and ``<sub>``), its
    abstract rebuilt from the inverted index OpenAlex gives instead of text, its authors from
    ``authorships``, the arXiv id of any location (else the DOI), and the subfield of its primary
    topic as its category."""
    primary = as_mapping(record.get("primary_location"))
    landings = [as_mapping(location).get("landing_page_url") for location in [primary, *as_list(record.get("locations"))]]
    subfield = as_mapping(as_mapping(record.get("primary_topic")).get("subfield")).get("display_name")
    doi = record.get("doi")
    adapted = {
        "title": html_text(record.get("title") or record.get("display_name")),
        "abstract": inverted_abstract(record.get("abstract_inverted_index")),
        "authors": [name for a in as_list(record.get("authorships"))
                    if isinstance(name := as_mapping(as_mapping(a).get("author")).get("display_name"), str)],
        "id": paper_id(*landings, doi),
        "url": next((url for url in landings if isinstance(url, str) and url), doi if isinstance(doi, str) else ""),
        "date": record.get("publication_date", ""),
        "categories": [subfield] if isinstance(subfield, str) else [],
        "links": [doi] if isinstance(doi, str) and doi else [],
    }
    return {k: v for k, v in adapted.items() if v is not None}


def is_openalex_table(record: Mapping[str, object]) -> bool:
    """A row of OpenAlex's works CSV (its web page's export): the work's id and its authors' names
    in a column named by their path, ``authorships.author.display_name``."""
    return str(record.get("id", "")).startswith("https://openalex.org/W") and OPENALEX_AUTHORS in record


OPENALEX_AUTHORS = "authorships.author.display_name"


def openalex_table(record: Mapping[str, object]) -> dict[str, object]:
    """A row of OpenAlex's works CSV, read as its JSON (:func:`openalex`) is: the authors (the CSV
    joins a list's values with "|"), the arXiv id of a landing page, else the DOI, as the id (the
    row's OpenAlex address made another page for a paper the collection has), the subfield."""
    def listed(key: str) -> list[str]:
        return [value.strip() for value in str(record.get(key) or "").split("|") if value.strip()]

    doi = str(record.get("doi") or "")
    landings = listed("primary_location.landing_page_url") + listed("locations.landing_page_url")
    abstract = record.get("abstract")
    return {k: v for k, v in {
        "title": html_text(record.get("title") or record.get("display_name")),
        "abstract": html_text(abstract) if isinstance(abstract, str) and abstract else None,
        "authors": listed(OPENALEX_AUTHORS),
        "id": paper_id(*landings, doi),  # (none from OpenAlex's own address, as from its JSON)
        "url": landings[0] if landings else doi or str(record["id"]),
        "date": record.get("publication_date", ""),
        "categories": listed("primary_topic.subfield.display_name"),
        "links": [doi] if doi else [],
    }.items() if v is not None}


def inverted_abstract(index: object) -> str | None:
    """The text of OpenAlex's ``abstract_inverted_index`` (each word → its positions); None
    without one (the paper has no abstract)."""
    if not isinstance(index, Mapping) or not index:
        return None
    placed = sorted((position, word) for word, positions in index.items() if isinstance(word, str)
                    for position in as_list(positions) if isinstance(position, int))
    return " ".join(word for _, word in placed)


def is_csl(record: Mapping[str, object]) -> bool:
    """CSL-JSON items have a ``type`` and an ``issued`` date or ``author`` name objects; or, when
    they have neither (a report, a web page), a CSL type and a field of CSL's own spelling."""
    authors = record.get("author")
    named = isinstance(authors, list) and any(isinstance(a, Mapping) for a in authors)
    if "type" not in record:
        return False
    return isinstance(record.get("issued"), Mapping) or named or (
        isinstance(record.get("type"), str) and record["type"] in CSL_TYPES and "authors" not in record
        and any(key in record for key in _CSL_OWN))


# CSL 1.0.2's item types, and the fields of an item no other export spells so.
CSL_TYPES = frozenset("""article article-journal article-magazine article-newspaper bill book broadcast chapter
    classic collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing
    interview legal_case legislation manuscript map motion_picture musical_score pamphlet paper-conference patent
    performance periodical personal_communication post post-weblog regulation report review review-book software
    song speech standard thesis treaty webpage""".split())
_CSL_OWN = ("DOI", "URL", "ISSN", "ISBN", "container-title", "citation-key", "accessed", "collection-title")


def csl(record: Mapping[str, object]) -> dict[str, object]:
    """A CSL-JSON item; its ``id`` is a citation key, so the id comes from arXiv fields or the DOI.
    Zotero writes an item's Extra field as ``note``: its ``arXiv: 2309.12345`` line gives the id
    (a report or web page has no arXiv field), and its links are the paper's, as BibTeX's note's are.
    Crossref's works give the title as a list (holding HTML and MathML: ``<i>``, ``<mml:math>``),
    the date as ``published`` and the abstract in JATS. CSL's own titles are rich text too (``<i>``,
    ``<sup>``, ``<span class="nocase">``, as Zotero keeps a species' name): read as text, where a
    page showed the tags."""
    title = record.get("title")
    note = record.get("note") if isinstance(record.get("note"), str) else ""
    doi = bare_doi(record.get("DOI")) or bare_doi(record.get("doi"))
    adapted = {
        "title": html_text(next((t for t in title if isinstance(t, str)), None) if isinstance(title, list) else title),
        "abstract": html_text(jats_text(record.get("abstract", ""))),
        "authors": [csl_name(a) for a in as_list(record.get("author")) if isinstance(a, Mapping)],
        "id": paper_id(record.get("number"), record.get("archive_location"), *arxiv_mentions(note.splitlines()), doi,
                       record.get("URL")),
        "url": record.get("URL", ""),
        "date": csl_date(record.get("issued") or record.get("published")),
        "categories": split_text(record.get("keyword")) or strings(record.get("subject")),
        "links": [doi_url(doi)] if doi else [],
        "comments": note,
    }
    return {k: v for k, v in adapted.items() if v is not None}


def csl_name(name: Mapping[str, object]) -> str:
    """``{"given": "Jörg", "family": "Müller"}`` → "Jörg Müller"; ``{"literal": …}`` as it is, and
    Crossref's ``{"name": "LHCb Collaboration"}`` (a group) too."""
    literal = name.get("literal") or name.get("name")
    if isinstance(literal, str) and literal:
        return literal
    family = name.get("family") if isinstance(name.get("family"), str) else ""
    particles = [name.get(key) for key in ("dropping-particle", "non-dropping-particle")]
    parts = (name.get("given"), *unrepeated(particles, family), family, name.get("suffix"))
    return " ".join(p for p in parts if isinstance(p, str) and p)


def unrepeated(particles: list, family: str) -> list[str]:
    """A name's particles ("van der"), none or those its family name does not begin with already:
    an export giving both ``"family": "van der Berg"`` and ``"non-dropping-particle": "van der"``
    was read as "Piet van der van der Berg"."""
    given = [" ".join(p.split()) for p in particles if isinstance(p, str) and p.strip()]
    head = family.casefold() + " "
    if given and head.startswith(" ".join(given).casefold() + " "):
        return []
    return [p for p in given if not head.startswith(p.casefold() + " ")]


def csl_date(issued: object) -> str:
    """``{"date-parts": [[2023, 9]]}`` → "2023-09"; a ``raw`` or ``literal`` date as it is. CSL 0.8's
    list, as pandoc-citeproc and older citeproc-js exports write it (``[{"year": "2020", "month":
    "5"}]``), and a date written as text (pandoc's ``"issued": "2020-05-01"``) too: their papers
    had no date, without a word."""
    if isinstance(issued, str):
        return issued
    if isinstance(issued, list) and issued and isinstance(issued[0], Mapping):
        issued = {"date-parts": [[issued[0][key] for key in ("year", "month", "day") if key in issued[0]]]}
    if not isinstance(issued, Mapping):
        return ""
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = [str(p) for p in parts[0][:3] if isinstance(p, int | str) and str(p).isdigit()]
        return "-".join([numbers[0].zfill(4)] + [n.zfill(2) for n in numbers[1:]]) if numbers else ""
    text = issued.get("raw") or issued.get("literal") or ""
    return text if isinstance(text, str) else ""


def jats_text(abstract: object) -> object:
    """The text of a JATS abstract (``<jats:title>Abstract</jats:title><jats:p>…</jats:p>``, as
    Crossref gives it): its paragraphs, a blank line apart, without the heading. Anything else,
    or JATS that ``defusedxml`` cannot read (or refuses: entities), is returned as it is."""
    if not isinstance(abstract, str) or "<jats:" not in abstract:
        return abstract
    try:
        root = fromstring(f'<abstract {_NAMESPACES}>{abstract}</abstract>')
    except (ParseError, DefusedXmlException):
        return abstract
    paragraphs = [" ".join("".join(p.itertext()).split()) for p in root.iter(f"{{{_JATS}}}p")]
    return "\n\n".join(p for p in paragraphs if p) or " ".join("".join(root.itertext()).split())


_JATS = "http://www.ncbi.nlm.nih.gov/JATS1"
# The prefixes Crossref's JATS uses: its own, MathML's (<mml:math> in an abstract) and XLink's.
_NAMESPACES = (f'xmlns:jats="{_JATS}" xmlns:mml="http://www.w3.org/1998/Math/MathML" '
               'xmlns:xlink="http://www.w3.org/1999/xlink"')


def is_arxiv_metadata(record: Mapping[str, object]) -> bool:
    """arXiv's metadata records (OAI-PMH, as the Kaggle snapshot gives them) have ``authors_parsed``
    or ``versions`` beside a ``submitter``."""
    return "authors_parsed" in record or "versions" in record and "submitter" in record

_INITIALS = re.compile(r"\. -(?=\w)")  # authors_parsed writes "C.-P." as "C. -P."


def arxiv_metadata(record: Mapping[str, object]) -> dict[str, object]:
    """An arXiv metadata record: authors from ``authors_parsed`` ("Last", "First", "Jr"), the date of
    the first version, categories split on spaces, a DOI as a link."""
    parsed = [_INITIALS.sub(".-", " ".join(str(part) for part in (name[1], name[0], *name[2:]) if part))
              for name in as_list(record.get("authors_parsed")) if isinstance(name, list) and len(name) >= 2]
    versions = [v.get("created") for v in as_list(record.get("versions")) if isinstance(v, Mapping)]
    identifier = record.get("id", "")
    doi = record.get("doi")
    adapted = {
        "title": record.get("title"),
        "abstract": arxiv_unwrapped(record.get("abstract", "")),
        "authors": parsed or record.get("authors"),
        "id": identifier,
        "url": f"https://arxiv.org/abs/{identifier}" if isinstance(identifier, str) and identifier else None,
        "date": next((v for v in versions if isinstance(v, str)), None) or record.get("update_date"),
        "categories": record["categories"].split() if isinstance(record.get("categories"), str) else None,
        "links": [doi_url(doi.split()[0])] if isinstance(doi, str) and doi.strip() else [],
        "comments": record.get("comments"),
    }
    return {k: v for k, v in adapted.items() if v is not None}


def inspire(metadata: Mapping[str, object]) -> dict[str, object]:
    """An INSPIRE-HEP record's metadata: its first title and abstract as text (abstracts hold
    ``<b>`` and ``<i>``), authors "Last, First" as "First Last", the arXiv id (else the DOI), its
    INSPIRE page, the preprint date (else the first imprint's), and its arXiv categories (else
    INSPIRE's)."""
    eprints = [as_mapping(e) for e in as_list(metadata.get("arxiv_eprints"))]
    dois = [d.get("value") for d in map(as_mapping, as_list(metadata.get("dois"))) if isinstance(d.get("value"), str)]
    number = metadata.get("control_number")
    imprint = next((as_mapping(i).get("date") for i in as_list(metadata.get("imprints"))), None)
    adapted = {
        "title": html_text(next((t.get("title") for t in map(as_mapping, as_list(metadata.get("titles")))
                                 if t.get("title")), None)),
        "abstract": html_text(next((a.get("value") for a in map(as_mapping, as_list(metadata.get("abstracts")))
                                    if a.get("value")), "")),
        "authors": [first_last(a["full_name"]) for a in map(as_mapping, as_list(metadata.get("authors")))
                    if isinstance(a.get("full_name"), str)],
        "id": paper_id(*(e.get("value") for e in eprints), *dois),
        "url": f"https://inspirehep.net/literature/{number}" if isinstance(number, int) else "",
        "date": metadata.get("preprint_date") or imprint or "",
        "categories": next((e.get("categories") for e in eprints if e.get("categories")), None)
        or [c.get("term") for c in map(as_mapping, as_list(metadata.get("inspire_categories"))) if c.get("term")],
        "links": [doi_url(doi) for doi in dois[:1]],
    }
    return {k: v for k, v in adapted.items() if v is not None}


def ads(record: Mapping[str, object]) -> dict[str, object]:
    """A NASA ADS document: the first of its titles, its title and abstract as text (ADS writes
    ``H<SUB>2</SUB>O`` and parts abstracts with ``<P />``), authors "Last, First" as "First Last", the
    arXiv id of its identifiers (else its DOI), its ADS page, ``pubdate`` without ADS' "-00" day
    or month, and its keywords."""
    title, bibcode, author = record.get("title"), record.get("bibcode"), record.get("author")
    dois = strings(record.get("doi")) or ([record["doi"]] if isinstance(record.get("doi"), str) else [])
    date = record.get("pubdate")
    adapted = {
        "title": html_text(next(iter(strings(title) or []), None) if isinstance(title, list) else title),
        "abstract": html_text(record.get("abstract", "")),
        "authors": [first_last(a) for a in strings(author) or []] if isinstance(author, list) else author,
        "id": paper_id(*(strings(record.get("identifier")) or [record.get("identifier")]), *dois),
        "url": f"https://ui.adsabs.harvard.edu/abs/{bibcode}" if isinstance(bibcode, str) and bibcode.isprintable()
        and "/" not in bibcode else "",
        "date": re.sub(r"(?:-00)+$", "", date) if isinstance(date, str) else None,
        "categories": strings(record.get("keyword")) or [],
        "links": [doi_url(doi) for doi in dois[:1]],
    }
    return {k: v for k, v in adapted.items() if v is not None}


def json_feed_item(item: Mapping[str, object]) -> dict[str, object]:
    """A JSON Feed item: its summary (else its text, else its HTML as text) as the abstract, the
    id from its URLs or id only when they name an arXiv paper or a DOI (a feed's ids are its own),
    ``date_published``, ``tags`` as categories; authors from ``authors`` (or version 1's ``author``),
    "Doe, Jane" as "Jane Doe"."""
    urls = [item.get(key) for key in ("url", "external_url", "id")]
    author = item.get("author")
    names = name_list(item.get("authors")) or name_list([author] if isinstance(author, Mapping) else None) or []
    adapted = {
        "title": item.get("title"),
        "abstract": item.get("summary") or item.get("content_text") or html_text(item.get("content_html", "")),
        "authors": [first_last(name) for name in names],
        "id": paper_id(*urls),
        "url": next((u for u in urls if isinstance(u, str) and u.startswith(("https://", "http://"))), ""),
        "date": item.get("date_published") or item.get("date_modified") or "",
        "categories": strings(item.get("tags")) or [],
    }
    return {k: v for k, v in adapted.items() if v is not None}


def is_reader_item(record: Mapping[str, object]) -> bool:
    """An item of a feed reader's stream (Feedly's and Inoreader's exports, Google Reader's API):
    its text in ``summary`` or ``content`` as ``{"content": HTML}``, its links in ``alternate``
    or ``canonical``, the feed's own id in ``originId``."""
    return (any(isinstance(record.get(key), Mapping) and "content" in record[key] for key in ("summary", "content"))
            and any(key in record for key in ("originId", "alternate", "canonical")))


def reader_item(record: Mapping[str, object]) -> dict[str, object]:
    """A feed reader's item: the abstract from its summary's HTML (less arXiv's "Announce Type"
    prefix), the id from the feed's own id (arXiv's ``oai:arXiv.org:…``) or its links, never the
    reader's item id; the date from ``published`` (Unix time, in seconds or milliseconds); the
    labels of ``categories`` (Inoreader's ``user/…/label/X``, Feedly's ``{"label": …}``), never a
    reader's states (starred, read)."""
    text = next(as_mapping(record[key]).get("content") for key in ("summary", "content")
                if isinstance(record.get(key), Mapping) and "content" in record[key])
    links = [as_mapping(link).get("href") for key in ("canonical", "alternate") for link in as_list(record.get(key))]
    labels = [label.rpartition("/label/")[2] if isinstance(label, str) and "/label/" in label
              else as_mapping(label).get("label") if isinstance(label, Mapping)
              else None if isinstance(label, str) and label.startswith("user/") else label
              for label in as_list(record.get("categories"))]
    summary = html_to_text(text) if isinstance(text, str) else None
    adapted = {
        "title": html_to_text(title) if isinstance(title := record.get("title"), str) else title,  # (its entities too)
        "abstract": announced_summary(summary) if summary is not None else None,
        "authors": record.get("author"),
        "id": paper_id(record.get("originId"), *links),
        "url": next((url for url in links if isinstance(url, str) and url.startswith(("https://", "http://"))), ""),
        "date": announced_date(summary, record.get("published", "")),
        "categories": [label for label in labels if isinstance(label, str) and label],
    }
    return {k: v for k, v in adapted.items() if v is not None}


def is_europe_pmc(record: Mapping[str, object]) -> bool:
    """Europe PMC's results name their authors in ``authorString`` and their abstract ``abstractText``."""
    return "authorString" in record or "abstractText" in record


def europe_pmc(record: Mapping[str, object]) -> dict[str, object]:
    """A Europe PMC result: authors "First Last" (or a group's ``collectiveName``) from
    ``authorList`` (else ``authorString``, "Smith J, Doe A."), its title and abstract as text (they hold HTML: ``<i>in vivo</i>``), the DOI as the id (else ``PMID:…``), its
    Europe PMC page as the URL, the first publication date and the keywords."""
    listed = [as_mapping(a) for a in as_list(as_mapping(record.get("authorList")).get("author"))]
    authors = [" ".join(n for n in (a.get("firstName"), a.get("lastName")) if isinstance(n, str) and n)
               or a.get("fullName") or a.get("collectiveName") for a in listed]
    written = record.get("authorString")
    doi, pmid = record.get("doi"), record.get("pmid")
    source, number = record.get("source"), record.get("id")
    adapted = {
        "title": html_text(record.get("title")),
        "abstract": html_text(record.get("abstractText", "")),
        "authors": [a for a in authors if isinstance(a, str) and a]
        or ([a.strip().rstrip(".") for a in written.split(",") if a.strip(" .")] if isinstance(written, str) else []),
        "id": paper_id(doi) or (f"PMID:{pmid}" if isinstance(pmid, str) and pmid.isdigit() else ""),
        "url": f"https://europepmc.org/article/{source}/{number}" if isinstance(source, str) and isinstance(number, str)
        and source.isalnum() and number.isalnum() else "",
        "date": record.get("firstPublicationDate") or record.get("pubYear"),
        "categories": strings(as_mapping(record.get("keywordList")).get("keyword")) or [],
        "links": [doi_url(doi)] if isinstance(doi, str) and doi else [],
    }
    return {k: v for k, v in adapted.items() if v is not None}


def html_text(abstract: object) -> object:
    """The text of an abstract written in HTML (Europe PMC's: ``<h4>Background</h4>…<i>in vivo</i>``):
    tags removed, entities decoded, each heading starting a paragraph ("Background: …").
    Text without an end tag of such HTML (``p < 0.05``, ``a<b and c>d``) is returned as it is."""
    if not isinstance(abstract, str):
        return abstract
    if not _HTML_TAG.search(abstract):  # its entities all the same: Crossref's "R&amp;D" was shown so
        return _ENTITY.sub(_character, abstract)
    paragraphs = [" ".join(p.split()) for p in html_to_text(abstract).split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


# An end tag (or <br>, or ADS' "<P />") marks HTML: "a<b and c>d" alone stays text. Crossref's
# titles hold MathML ("<mml:math …>…</mml:math>"), read as text as HTML is.
_HTML_TAG = re.compile(r"</(?:h[1-6]|p|i|b|em|strong|sup|sub|span|div|sc|u|(?:mml:)?math)\s*>|<(?:br|p)\s*/?>",
                       re.IGNORECASE)


_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|nbsp|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


def _character(entity: re.Match) -> str:
    """The character an entity names; one that names none (a surrogate's "&#xD800;") as written."""
    found = html.unescape(entity[0])
    return entity[0] if found == "\ufffd" else found


def dblp(info: Mapping[str, object]) -> dict[str, object]:
    """A dblp hit's ``info``: its title without the period dblp ends every title with, authors
    without dblp's homonym numbers ("Wei Zhang 0001"), the arXiv id of its links (else the DOI), the year."""
    title = info.get("title")
    if isinstance(title, str) and title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    found = as_mapping(info.get("authors")).get("author")
    authors = [a.get("text") if isinstance(a, Mapping) else a for a in (found if isinstance(found, list) else [found])]
    links = [e for e in (info.get("ee") if isinstance(info.get("ee"), list) else [info.get("ee")]) if isinstance(e, str)]
    volume = info.get("volume")
    adapted = {
        "title": title,
        "authors": [_HOMONYM.sub("", a) for a in authors if isinstance(a, str) and a],
        "id": paper_id(*links, info.get("doi"), volume if isinstance(volume, str) and volume.startswith("abs/") else None),
        "url": next(iter(links), info.get("url", "")),
        "date": info.get("year", ""),
        "links": links[1:],
    }
    return {k: v for k, v in adapted.items() if v is not None}


_HOMONYM = re.compile(r"\s+\d{4}$")


def is_openreview(record: Mapping[str, object]) -> bool:
    """OpenReview notes hold their fields in ``content``, beside the ``forum`` they open."""
    content = record.get("content")
    return isinstance(content, Mapping) and "title" in content and ("forum" in record or "invitation" in record
                                                                    or "invitations" in record)


def openreview(record: Mapping[str, object]) -> dict[str, object]:
    """An OpenReview note: each ``content`` value (API 2 wraps them in ``{"value": …}``), the forum's
    page as the URL and its PDF as a link, keywords as categories, and the date of publication
    (``pdate``), else of creation, from its milliseconds."""
    content = {key: value.get("value") if isinstance(value, Mapping) else value
               for key, value in as_mapping(record.get("content")).items()}
    forum = record.get("forum") or record.get("id")
    pdf = content.get("pdf")
    stamp = next((record[key] for key in ("pdate", "odate", "cdate", "tcdate")
                  if isinstance(record.get(key), int) and not isinstance(record.get(key), bool)), None)
    adapted = {
        "title": content.get("title"),
        "abstract": content.get("abstract", ""),
        "authors": strings(content.get("authors")) or [],
        "url": f"https://openreview.net/forum?id={forum}" if isinstance(forum, str) and _OPENREVIEW_ID.fullmatch(forum)
        else "",
        "date": _from_milliseconds(stamp) if stamp is not None else "",
        "categories": strings(content.get("keywords")) or [],
        "links": [f"https://openreview.net{pdf}" if pdf.startswith("/") else pdf] if isinstance(pdf, str) and pdf else [],
    }
    return {k: v for k, v in adapted.items() if v is not None}


_OPENREVIEW_ID = re.compile(r"[A-Za-z0-9_-]+")


def _from_milliseconds(stamp: int) -> str:
    """The UTC date of a time in milliseconds since 1970, or "" when out of range."""
    try:
        return datetime.datetime.fromtimestamp(stamp / 1000, datetime.timezone.utc).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return ""


def zotero_item(data: Mapping[str, object]) -> dict[str, object]:
    """A Zotero item's ``data``: its authors (creators of type author, else all), the arXiv id of
    ``archiveID``, ``extra``, the URL or the DOI (else the DOI), its date as Zotero writes it, and
    its tags as categories."""
    creators = [as_mapping(c) for c in as_list(data.get("creators"))]
    authors = [c for c in creators if c.get("creatorType") == "author"] or creators
    extra = data.get("extra")
    doi = data.get("DOI")
    adapted = {
        "title": data.get("title"),
        "abstract": data.get("abstractNote", ""),
        "authors": [c["name"] if isinstance(c.get("name"), str) else
                    " ".join(n for n in (c.get("firstName"), c.get("lastName")) if isinstance(n, str) and n)
                    for c in authors],
        "id": paper_id(*arxiv_mentions([data.get("archiveID"), *(extra.splitlines() if isinstance(extra, str) else [])]),
                       data.get("url"), doi),
        "url": data.get("url", ""),
        "date": data.get("date", ""),
        "categories": [t["tag"] for t in map(as_mapping, as_list(data.get("tags"))) if isinstance(t.get("tag"), str)],
        "links": [doi_url(doi)] if isinstance(doi, str) and doi else [],
    }
    return {k: v for k, v in adapted.items() if v is not None}


def is_digest_site_export(record: Mapping[str, object]) -> bool:
    """A record of another digest-site's ``papers.json``: its page's slug beside its plain title."""
    return "slug" in record and "title_text" in record and "source_url" in record


def digest_site_export(record: Mapping[str, object]) -> dict[str, object]:
    """A digest-site export's record as the paper it was: the paper's own address is ``source_url``
    (its ``url`` is that site's page, relative to its root: read as the address, a fork merging the
    export lost every paper's link to arXiv or the publisher)."""
    return {**{k: v for k, v in record.items() if k not in ("url", "source_url", "summary")},
            "url": record.get("source_url") or ""}


RECOGNISED: list[tuple[Callable[[Mapping], bool], Callable[[Mapping], dict[str, object]]]] = [
    (lambda r: isinstance(r.get("paper"), Mapping), hugging_face),
    (is_digest_site_export, digest_site_export),
    (is_openalex, openalex),
    (is_openalex_table, openalex_table),
    (is_csl, csl),
    # CSL's citation items ({"id", "uris", "itemData": {CSL item}}), as Mendeley and Zotero keep them in a
    # document's citations, and Mendeley's CSL-JSON: each read as its item (it was "paper has no title")
    (lambda r: isinstance(r.get("itemData"), Mapping) and is_csl(r["itemData"]), lambda r: csl(r["itemData"])),
    (is_arxiv_metadata, arxiv_metadata),
    (lambda r: isinstance(r.get("metadata"), Mapping) and "titles" in r["metadata"], lambda r: inspire(r["metadata"])),
    (lambda r: "bibcode" in r, ads),
    (lambda r: "content_text" in r or "content_html" in r, json_feed_item),
    (is_reader_item, reader_item),
    (is_europe_pmc, europe_pmc),
    (lambda r: isinstance(r.get("info"), Mapping) and "title" in r["info"], lambda r: dblp(r["info"])),
    (is_openreview, openreview),
    (lambda r: "itemType" in r and "creators" in r, zotero_item),
    (lambda r: isinstance(r.get("data"), Mapping) and "itemType" in r["data"], lambda r: zotero_item(r["data"])),
]
