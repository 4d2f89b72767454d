"""Hostile digest text: it never changes the page structure, never runs, and is shown verbatim.

One site is built from ``tests/fixtures/hostile`` (the same payloads as JSON, plain text and
CSV: ``<script>``, event handlers, ``javascript:``/``data:`` URLs, Markdown structure, front-matter
separators, Jinja, YAML specials, HTML entities, TeX that hides HTML) and every output is read
back: the Markdown's front matter, every HTML page, papers.json, the search files and the feeds.
Another has payloads as the collection's title, description, author and topic, and records of
control characters, lone surrogates, BibTeX's specials and bidi overrides: its XML files are read
by a strict parser and its .bib files by bibtexparser, pybtex and the site's own reader.
"""

from __future__ import annotations

import csv
import html
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import make_project, search_json, search_results, tree_hash
from mkdocs.utils import meta

from generator import texmath
from generator import render
from generator.render import EMBEDDING
from generator.readers.bibtex import read_bibtex

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
SITE_NAME = "Trending Papers Digest"
SAFE_SCHEMES = ("http://", "https://", "mailto:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "img", "style", "base", "form-action", "frame", "template"}
PAPER_SECTIONS = {"Abstract", "Topics", "Appeared in", "Source", "Related papers", "Cite"}
ARTICLE_TAGS = ({"article", "h1", "h2", "p", "section", "a", "span", "ol", "ul", "li", "nav", "time"}
                | {"pre", "code", "button"}  # the BibTeX block
                | {"bdi"}  # a name that can reorder the text beside it (render.isolated)
                | texmath.MATHML_TAGS)
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
EXECUTED_MARKER = Path("/tmp/digest-site-pwned")  # what the !!python/object payload would create


# --- building the payload site ------------------------------------------------------------



def build(folder: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=folder,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def payload_digests() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(HOSTILE.glob("2026-*"))}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    EXECUTED_MARKER.unlink(missing_ok=True)
    folder = make_project(tmp_path_factory.mktemp("hostile") / "project", payload_digests())
    build(folder)
    return folder


@pytest.fixture(scope="module")
def suggested_site(tmp_path_factory) -> Path:
    """The same payloads without topics.yml: topic names and slugs come from hostile text."""
    folder = make_project(tmp_path_factory.mktemp("hostile-suggested") / "project", payload_digests(), topics=False)
    build(folder)
    return folder


def expected_papers() -> list[dict]:
    """Title and abstract of every payload record, read straight from the fixture files (in titles,
    runs of spaces, tabs and line breaks are one space: exports wrap long titles)."""
    records = [{"title": r["title"].strip(), "abstract": r["abstract"].strip()}
               for r in json.loads((HOSTILE / "2026-02-02-payloads.json").read_text(encoding="utf-8"))]
    lines = [line for line in (HOSTILE / "2026-02-01-payloads.txt").read_text(encoding="utf-8").split("\n") if line]
    records += [{"title": t.strip(), "abstract": a.strip()} for t, a in zip(lines[::2], lines[1::2])]
    with open(HOSTILE / "2026-01-31-payloads.csv", newline="", encoding="utf-8") as handle:
        records += [{"title": row["title"].strip(), "abstract": row["abstract"].strip()} for row in csv.DictReader(handle)]
    return [{**r, "title": re.sub(r"[ \t\n]+", " ", r["title"])} for r in records]


def papers_json(site_root: Path) -> dict[str, dict]:
    records = json.loads((site_root / "site" / "papers.json").read_text(encoding="utf-8"))
    return {r["title"]: r for r in records}


def html_pages(site_root: Path) -> list[Path]:
    return sorted((site_root / "site").rglob("*.html"))


# --- reading HTML back ----------------------------------------------------------------------


class Page(HTMLParser):
    """Every element of a page (tag, attributes), the text of chosen elements, inline scripts."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[str]] = {}
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag not in self.VOID:
            self.stack.append((tag, attributes))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
        for tag, attributes in self.stack:
            for key in self._keys(tag, attributes):
                self.texts.setdefault(key, []).append(data)

    @staticmethod
    def _keys(tag: str, attributes: dict[str, str]) -> list[str]:
        return [tag] + [f".{name}" for name in attributes.get("class", "").split()]

    def text(self, key: str) -> str | None:
        parts = self.texts.get(key)
        return None if parts is None else "".join(parts)


def article_elements(source: str) -> list[tuple[str, dict[str, str]]]:
    start = source.index('<article class="ds-paper">')
    end = source.index("</article>", start) + len("</article>")
    return Page(source[start:end]).elements


def squash(text: str) -> str:
    return " ".join(text.split())


def url_is_safe(value: str) -> bool:
    compact = "".join(ch for ch in value if not ch.isspace() and ord(ch) >= 0x20).lower()
    if ":" not in compact.split("/")[0].split("?")[0].split("#")[0]:
        return True  # relative: no scheme
    return compact.startswith(SAFE_SCHEMES)


# --- nothing runs, nothing changes the structure ----------------------------------------------


def text_attribute(tag: str, name: str) -> bool:
    """An attribute that holds digest text, escaped, as data never markup: a meta description (the
    summary), a paper title's aria-label (its plain text, when it holds TeX)."""
    return tag == "meta" or (tag == "h1" and name == "aria-label")


def test_every_page_is_free_of_injected_markup(hostile_site):
    pages = html_pages(hostile_site)
    assert len(pages) > 100
    for path in pages:
        page = Page(path.read_text(encoding="utf-8"))
        for tag, attributes in page.elements:
            assert tag not in FORBIDDEN_TAGS, (path, tag, attributes)
            for name, value in attributes.items():
                assert not name.startswith("on"), (path, tag, name, value)
                if not text_attribute(tag, name):
                    assert "__pwned" not in value, (path, tag, name, value)
                if name in URL_ATTRIBUTES:
                    assert url_is_safe(value), (path, tag, name, value)
            if tag == "script" and "src" in attributes:
                assert ":" not in attributes["src"] and attributes["src"].endswith(".js"), (path, attributes)
        assert not any("__pwned" in script for script in page.scripts), path


def test_paper_pages_keep_the_template_structure(hostile_site):
    for path in sorted((hostile_site / "site" / "papers").rglob("index.html")):
        source = path.read_text(encoding="utf-8")
        elements = article_elements(source)
        tags = [tag for tag, _ in elements]
        assert set(tags) <= ARTICLE_TAGS, (path, set(tags) - ARTICLE_TAGS)
        assert tags.count("h1") == 1 and tags.count("article") == 1, path
        page = Page(source)
        assert [a.get("class") for tag, a in page.elements if tag == "h1"] == ["ds-paper__title"]
        sections = {squash(t) for t in page.texts.get("h2", [])}
        assert sections <= PAPER_SECTIONS, (path, sections)
        assert source.count('<article class="ds-paper">') == 1


def test_paper_pages_show_title_and_abstract_verbatim(hostile_site):
    by_title = papers_json(hostile_site)
    checked = labelled = 0
    for expected in expected_papers():
        record = by_title[expected["title"]]
        assert record["abstract"] == expected["abstract"]
        page = Page((hostile_site / "site" / record["url"] / "index.html").read_text(encoding="utf-8"))
        title = record["title_text"]  # (isolated when it opens an override: it reversed " - Site name")
        title = "\u2068" + title + "\u2069" if EMBEDDING.search(title) else title
        assert page.text("title") == f"{title} - {SITE_NAME}"
        labels = [a["aria-label"] for tag, a in page.elements if tag == "h1" and "aria-label" in a]
        assert labels in ([], [record["title_text"]]), labels  # a title with a formula is named by its plain text
        labelled += bool(labels)
        if texmath.has_math(expected["title"]) or texmath.has_math(expected["abstract"]):
            continue  # shown as MathML: checked in test_tex_cannot_smuggle_html
        # as text, TeX's markup outside math read ("a --- b" is "a — b": texmath.to_text)
        assert squash(page.text(".ds-paper__title")) == squash(texmath.to_text(expected["title"]))
        assert page.text(".ds-abstract") == texmath.to_text(expected["abstract"])
        checked += 1
    assert checked > 100 and labelled


def test_tex_cannot_smuggle_html(hostile_site):
    tex = [p for p in expected_papers() if texmath.has_math(p["title"]) or texmath.has_math(p["abstract"])]
    assert tex
    by_title = papers_json(hostile_site)
    for expected in tex:
        record = by_title[expected["title"]]
        elements = article_elements((hostile_site / "site" / record["url"] / "index.html").read_text(encoding="utf-8"))
        assert {tag for tag, _ in elements} <= ARTICLE_TAGS
        for tag, attributes in elements:
            allowed = {"class", "href", "rel", "xmlns", "encoding", "id", "aria-labelledby", "aria-label"}
            assert set(attributes) <= texmath.MATHML_ATTRS | allowed, (tag, attributes)


def test_front_matter_round_trips_every_payload(hostile_site):
    by_title = papers_json(hostile_site)
    docs = hostile_site / "build" / "docs"
    for expected in expected_papers():
        record = by_title[expected["title"]]
        body, data = meta.get_data((docs / "papers" / f"{record['slug']}.md").read_text(encoding="utf-8"))
        assert data["paper"]["title"] == expected["title"]
        assert data["paper"]["abstract"] == expected["abstract"]
        assert data["title"] == render.page_meta(record["title_text"], "")["title"]  # quotes too: a theme may print it in an attribute
        assert html.unescape(data["title"]).removeprefix("\u2068").removesuffix("\u2069") == record["title_text"]
        assert set(data) == {"title", "description", "paper", "citation"}, "a payload added front-matter keys"
        assert data["citation"]["title"] == record["title_text"]
        assert data["description"] == html.escape(record["summary"])  # Material's base.html prints it raw
        assert body.lstrip().startswith('<article class="ds-paper">')


def test_every_record_is_exported_verbatim(hostile_site):
    by_title = papers_json(hostile_site)
    expected = expected_papers()
    assert len(by_title) == len(expected) == 115
    for paper in expected:
        assert by_title[paper["title"]]["abstract"] == paper["abstract"]


def test_search_files_hold_the_plain_text(hostile_site):
    search = hostile_site / "site" / "assets" / "digest-site" / "search"
    docs = search_results(search)
    records = json.loads((hostile_site / "site" / "papers.json").read_text(encoding="utf-8"))
    assert [d["t"] for d in docs] == [r["title_text"] for r in records]
    assert [d["u"] for d in docs] == [r["url"] for r in records]
    stored = [p for p in search.rglob("*") if p.is_file()]
    assert {p.name for p in stored if not p.name.endswith(".json.gz")} == {"meta.json"}
    for path in stored:
        search_json(path.read_bytes())


def test_feeds_are_well_formed_and_hold_the_plain_text(hostile_site):
    records = json.loads((hostile_site / "site" / "papers.json").read_text(encoding="utf-8"))
    titles = {r["title_text"] for r in records}
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.parse(hostile_site / "site" / "feed.xml").getroot().findall(f"{atom}entry")
    assert entries and {e.findtext(f"{atom}title") for e in entries} <= titles
    for link in ET.parse(hostile_site / "site" / "feed.xml").getroot().iter(f"{atom}link"):
        assert url_is_safe(link.get("href", ""))
    rss_titles = {i.findtext("title") for i in ET.parse(hostile_site / "site" / "rss.xml").getroot().iter("item")}
    assert rss_titles and rss_titles <= titles
    for feed in (hostile_site / "site" / "feeds").glob("*.xml"):
        ET.parse(feed)


def test_no_link_leaves_http(hostile_site):
    for record in json.loads((hostile_site / "site" / "papers.json").read_text(encoding="utf-8")):
        for link in record["links"]:
            assert link["url"].startswith(("http://", "https://")), link
            assert not any(ch in link["url"] for ch in "\"'<> "), link


def test_nothing_is_written_outside_the_project_or_executed(hostile_site):
    assert not EXECUTED_MARKER.exists()
    names = {p.name for p in hostile_site.parent.rglob("*")}
    assert "passwd" not in names
    for path in (hostile_site / "site").rglob("*"):
        rel = path.relative_to(hostile_site / "site")
        for part in rel.parts:
            assert part.split(".")[0].upper() not in WINDOWS_RESERVED, rel
            assert part not in ("..", "") and "\\" not in part and ":" not in part, rel


def test_hostile_ids_are_text(hostile_site):
    by_title = papers_json(hostile_site)
    ids = {r["id"]: r for r in by_title.values() if r["id"]}
    assert set(ids) >= {"../../etc/passwd", "CON", "<img src=x onerror=window.__pwned=1>", "javascript:window.__pwned=1"}
    for raw_id, record in ids.items():
        page = Page((hostile_site / "site" / record["url"] / "index.html").read_text(encoding="utf-8"))
        assert page.text(".ds-paper__id") == raw_id
        assert "/" not in record["slug"] and record["slug"].split(".")[0].upper() not in WINDOWS_RESERVED


def test_suggested_topics_from_hostile_text_are_safe(suggested_site):
    topics = suggested_site / "site" / "topics"
    assert any(p.is_dir() for p in topics.iterdir())
    for path in html_pages(suggested_site):
        for tag, attributes in Page(path.read_text(encoding="utf-8")).elements:
            assert tag not in FORBIDDEN_TAGS, (path, tag)
            for name, value in attributes.items():
                assert not name.startswith("on"), (path, tag, name, value)
                assert text_attribute(tag, name) or "__pwned" not in value, (path, tag, name, value)
                if name in URL_ATTRIBUTES:
                    assert url_is_safe(value), (path, tag, name, value)
    for path in (suggested_site / "site").rglob("*"):
        for part in path.relative_to(suggested_site / "site").parts:
            assert part.split(".")[0].upper() not in WINDOWS_RESERVED


def test_the_payload_files_hold_every_kind_of_attack():
    text = "\n".join(p["title"] + "\n" + p["abstract"] for p in expected_papers())
    for needle in ("<script>", "onerror=", "javascript:", "data:", "\n# ", "|---|", "```", "\n---\n",
                   "{{", "{%", ": ", "# ", "\"", "'", "- ", "&anchor", "!!python/object", "&lt;", "&#60;",
                   "\u202e", "\u200b", "🧪", "$\\text{<script>"):
        assert needle in text, needle


def test_a_summary_is_no_markup_in_a_page_head_whatever_theme_template_prints_it(tmp_path):
    # a fork's main.html extending Material's base.html (which writes page.meta.description into
    # an attribute unescaped), or a plain `mkdocs build` of generated docs: the abstract's quote
    # closed the attribute and its <script> ran
    import json

    from conftest import make_project
    from generator.build import build
    from generator.config import load_project

    abstract = "We study the \"><script>alert('desc')</script><x y=\" effect of retrieval. More text follows here."
    folder = make_project(tmp_path / "p", {"2023-10-06-q.json": json.dumps(
        [{"title": "Quoted summary <b>paper</b>", "abstract": abstract, "id": "2310.00005"}])})
    (folder / "site_templates/theme").mkdir(parents=True, exist_ok=True)
    (folder / "site_templates/theme/main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    build(load_project(folder))
    page = (folder / "site/papers/2310.00005/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    head = page[: page.index("</head>")]
    assert '<meta name="description" content="We study the &#34;&gt;&lt;script&gt;' in head or \
        '<meta name="description" content="We study the &quot;&gt;&lt;script&gt;' in head
    assert "<title>Quoted summary &lt;b&gt;paper&lt;/b&gt;" in head


def test_a_title_is_no_markup_in_an_attribute_a_theme_override_prints_it_in(tmp_path):
    # a fork's main.html writing page.title into attributes (og:title, a share link's title): the
    # title's quote closed the attribute, and its onfocus ran in Chromium (<, > and & were escaped)
    import json

    from conftest import make_project
    from generator.build import build
    from generator.config import load_project

    title = "Sharing\" onfocus=\"document.title='PWNED'\" autofocus x=\" and 'single' quotes"
    folder = make_project(tmp_path / "p", {"2023-10-06-q.json": json.dumps(
        [{"title": title, "abstract": "An abstract about sharing.", "id": "2310.00006"}])})
    (folder / "site_templates/theme").mkdir(parents=True, exist_ok=True)
    (folder / "site_templates/theme/main.html").write_text(
        '{% extends "ds-base.html" %}\n{% block extrahead %}{{ super() }}<meta property="og:title" content="{{ page.title }}">'
        "<meta name=\"x\" content='{{ page.title }}'>{% endblock %}\n", encoding="utf-8")
    build(load_project(folder))
    page = (folder / "site/papers/2310.00006/index.html").read_text(encoding="utf-8")
    assert 'onfocus="' not in page and 'autofocus x="' not in page  # (escaped, they are the title's text)
    shown = html.escape(title)
    assert f'<meta property="og:title" content="{shown}">' in page and f"<meta name=\"x\" content='{shown}'>" in page
    assert f"<title>{shown} - " in page  # (the browser reads the entities back: the title as written)


# --- the collection's own texts, and characters XML and BibTeX cannot take as they are ---------

SETTING = "<script>window.__pwned=1</script> \"><svg onload=window.__pwned=1> {{ 7*7 }} ${7*7} # h [x](javascript:alert(1)) | `t` <!-- ]]> &amp; \u202eevil"
CONTROL = "".join(map(chr, [*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20)]))
TEX_THAT_RUNS = (r"Keeps $\frac{a}{b}$ but not $\input{/etc/passwd}$, \(\immediate\write18{id}\), "
                 r"$x^^5cinput{/etc/hosts}$, $\def\alpha{\openout1=x}\alpha$ or $\begin{filecontents}{x}y\end{filecontents}$")
AWKWARD = [  # (title, abstract, authors) of JSON records, written with json.dumps: "\ud800" is a JSON escape
    (f"Control {CONTROL}\ufffe characters Zx01", f"Abstract{CONTROL} of Zx01 about retrieval.", ["Ann Lee", f"Bo{CONTROL}Chen"]),
    ("Lone \ud800 surrogate Zx02", "Abstract \udfff of Zx02 about retrieval.", ["Smith and", "Eve"]),
    ("TeX $x<y$ 100% #1 {brace} } \\ back ]]> Zx03", "Abstract of Zx03 about retrieval, 50% {off}.", ["R. {Roe}", "D\\'iaz, J."]),
    ("Bidi \u202eevil and עברית 漢字 🧪 " + "W" * 300 + " Zx04", "Abstract of Zx04 about retrieval.", ["\u202eEve"]),
    # TeX that a citing document would run: a math segment is kept as TeX in .bib files
    (TEX_THAT_RUNS + " Zx05", "Abstract of Zx05 about retrieval.", ["Ann Lee"]),
]


@pytest.fixture(scope="module")
def settings_site(tmp_path_factory) -> Path:
    """A site whose title, description, author and topic are payloads, of records holding control
    characters, lone surrogates, BibTeX's specials and bidi overrides."""
    records = "".join(json.dumps({"id": f"x-{i}", "title": t, "abstract": a, "authors": au, "date": "2026-03-01"}) + "\n"
                      for i, (t, a, au) in enumerate(AWKWARD))
    folder = make_project(tmp_path_factory.mktemp("hostile-settings") / "project", {"2026-03-01-awkward.jsonl": records})
    settings = {"title": "Site " + SETTING, "description": "Description " + SETTING, "author": "Author " + SETTING}
    (folder / "content/collection.yml").write_text(json.dumps(settings), encoding="utf-8")  # JSON is YAML
    topic = {"name": "Retrieval " + SETTING, "description": "About " + SETTING, "keywords": ["retrieval"]}
    (folder / "content/topics.yml").write_text(json.dumps({"topics": [topic]}), encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('site_url: ""', 'site_url: "https://example.org/lab/"'),
                      encoding="utf-8")
    build(folder)
    return folder / "site"


def test_the_collections_texts_are_shown_verbatim_on_every_page(settings_site):
    title, description, author = ("Site " + SETTING, "Description " + SETTING, "Author " + SETTING)
    pages = html_pages(settings_site.parent)
    assert {p.relative_to(settings_site).as_posix() for p in pages} >= {"index.html", "404.html", "search/index.html",
                                                                         "archive/index.html", "topics/index.html"}
    for path in pages:
        page = Page(path.read_text(encoding="utf-8"))
        assert page.text("title").endswith(title), path
        metas = {a.get("name") or a.get("property"): a.get("content") for tag, a in page.elements if tag == "meta"}
        assert metas["author"] == author, path
        assert tag_free(page), path
    home = Page((settings_site / "index.html").read_text(encoding="utf-8"))
    assert home.text("h1") == title and home.text(".ds-home__description") == description
    topic_page = next(p for p in pages if p.parent.parent.name == "topics")
    topic = Page(topic_page.read_text(encoding="utf-8"))
    assert topic.text("h1") == "Retrieval " + SETTING and topic.text(".ds-topic__description") == "About " + SETTING


def tag_free(page: Page) -> bool:
    return not any(tag in FORBIDDEN_TAGS or tag == "svg" or any(name.startswith("on") for name in attributes)
                   for tag, attributes in page.elements)


def test_paper_meta_tags_hold_each_text_verbatim(settings_site):
    records = json.loads((settings_site / "papers.json").read_text(encoding="utf-8"))
    assert len(records) == len(AWKWARD)
    for record in records:
        page = Page((settings_site / record["url"] / "index.html").read_text(encoding="utf-8"))
        metas = [(a.get("name") or a.get("property"), a.get("content")) for tag, a in page.elements if tag == "meta"]
        assert ("citation_title", record["title_text"]) in metas and ("og:title", record["title_text"]) in metas
        assert [content for name, content in metas if name == "citation_author"] == record["authors"]
        assert ("description", record["summary"]) in metas
        assert not any(0xD800 <= ord(ch) <= 0xDFFF or ch in CONTROL or ch == "\ufffe" for ch in json.dumps(record, ensure_ascii=False))


def test_every_xml_file_is_well_formed_and_the_feeds_name_the_site_verbatim(settings_site):
    from lxml import etree  # feedgen's own XML library: strict, as a feed reader's parser is

    xml_files = sorted(settings_site.rglob("*.xml"))
    assert {p.name for p in xml_files} >= {"feed.xml", "rss.xml", "sitemap.xml"} and list(settings_site.glob("feeds/*.xml"))
    for path in xml_files:
        etree.fromstring(path.read_bytes(), etree.XMLParser(recover=False, resolve_entities=False))
        ET.parse(path)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(settings_site / "feed.xml").getroot()
    assert feed.findtext(f"{atom}title") == "Site " + SETTING and feed.findtext(f"{atom}subtitle") == "Description " + SETTING
    assert feed.findtext(f"{atom}author/{atom}name") == "Author " + SETTING
    topic_feed = ET.parse(next(settings_site.glob("feeds/*.xml"))).getroot()
    assert "Retrieval " + SETTING in topic_feed.findtext(f"{atom}title")


def test_every_bib_file_parses_with_one_entry_and_its_authors_for_each_paper(settings_site):
    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors
    from pybtex.database import parse_string

    records = {r["slug"]: r for r in json.loads((settings_site / "papers.json").read_text(encoding="utf-8"))}
    files = sorted(settings_site.rglob("*.bib"))
    assert len(files) >= 3  # papers.bib, the digest's and the topic's
    for path in files:
        text = path.read_text(encoding="utf-8")
        library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
        assert library.failed_blocks == [] and len(library.entries) == text.count("\n@") + text.startswith("@"), path
        pybtex = parse_string(text, "bibtex").entries
        for entry in library.entries:
            authors = records[entry.key]["authors"]
            assert len(entry.fields_dict["author"].value) == len(authors) == len(pybtex[entry.key].persons["author"]), entry.key
        read, problems = read_bibtex(text, path.name)  # the names as a reference manager reads them back
        assert problems == [] and len(read) == len(library.entries)
        for entry in read:  # each entry's url is its paper's page, papers/SLUG/
            assert list(entry.authors) == records[entry.url.rstrip("/").rsplit("/", 1)[-1]]["authors"], entry.url


# --- files of the collection that are links to files outside it -------------------------------


def link_out(folder: Path, secret: Path, rel: str, holding: str) -> None:
    """``folder/rel`` as a link to ``secret``, or, given the name of a file it ``holding``, as a link
    to a folder outside the project holding it, with ``secret``'s text in that file."""
    if not holding:
        (folder / rel).unlink()
        (folder / rel).symlink_to(secret)
        return
    elsewhere = secret.parent / Path(rel).name
    (folder / rel).rename(elsewhere)
    (elsewhere / holding).write_bytes(secret.read_bytes())
    (folder / rel).symlink_to(elsewhere, target_is_directory=True)


LINKED = [  # (path, the file a linked folder holds, what the error calls it)
    ("content/topics.yml", "", "file"), ("content/collection.yml", "", "file"), ("content", "topics.yml", "folder"),
    ("site_templates/assets/search.css", "", "template"),
    ("site_templates/theme", "robots.txt", "folder"),  # (a theme's file MkDocs publishes as it is)
]


@pytest.mark.parametrize(("rel", "holding", "what"), LINKED)
def test_a_linked_content_or_template_file_or_folder_publishes_nothing(tmp_path, rel, holding, what):
    # a pull request can turn content/topics.yml into a link to any file of the CI machine: the
    # build read it and published its text as topic names on every page (site_templates'
    # search.css, that file's text in the site's stylesheet)
    secret = tmp_path / "outside" / "secret.yml"
    secret.parent.mkdir()
    secret.write_text("topics:\n  - name: SECRET-TOKEN-123\n    keywords: [retrieval]\n", encoding="utf-8")
    folder = make_project(tmp_path / "project", {"2026-01-01-good.txt": (ROOT / "tests/data/seed-digest.txt").read_bytes()})
    build(folder)
    published = tree_hash(folder / "site")
    link_out(folder, secret, rel, holding)
    expected = f"{rel}{'' if what == 'folder' else ':1'}: error: the {what} is a symbolic link"  # (a folder has no lines)
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=folder, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert expected in result.stderr and "SECRET" not in result.stderr + result.stdout, result.stderr
    assert tree_hash(folder / "site") == published  # the last good site stays


def test_a_digest_name_cannot_write_a_line_of_its_own_into_the_ci_log(tmp_path):
    # git lets a file name hold a line break: the pull request check printed "…/2026-01-01-a",
    # then a line "::warning file=README.md::…", a workflow command GitHub's runner obeys
    command = "::warning file=README.md,line=1::Security notice: SECRET"
    name = f"2026-01-01-a\n{command}\u2028\x1b[2J.txt"
    folder = make_project(tmp_path / "project", {name: "A paper about retrieval\nIts abstract, about retrieval.\n"})
    shown = "2026-01-01-a\\n" + command + "\\u2028\\x1b[2J.txt"
    for argv in (["check", str(folder / "content/digests" / name)], ["build"]):
        result = subprocess.run([sys.executable, "-m", "generator", *argv], cwd=folder, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 1 and shown in result.stdout + result.stderr, result.stderr
        lines = (result.stdout + result.stderr).splitlines()
        assert not any(line.startswith("::") or "\x1b" in line for line in lines), lines
    assert not (folder / "site").exists()
    # an error that is no problem of a file (add's "… in its name is no date"), naming one
    undated = tmp_path / f"2023-02-30-a\n{command}.json"
    undated.write_text('[{"title": "A paper", "abstract": "Its abstract."}]', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "add", str(undated)], cwd=folder, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 1 and f"2023-02-30-a\\n{command}.json: 2023-02-30 in its name is no date" in result.stderr
    assert not any(line.startswith("::") for line in result.stderr.splitlines()), result.stderr


def test_bib_files_keep_math_as_tex_but_no_command_that_reads_writes_or_defines(settings_site):
    # "$\input{/etc/passwd}$" in a title was written to the .bib files as it is: LaTeX, citing
    # the paper, read that file into the citing document
    files = sorted(settings_site.rglob("*.bib"))
    pages = [p for p in html_pages(settings_site.parent) if "Zx05" in p.read_text(encoding="utf-8")]
    cites = [html.unescape(Page(p.read_text(encoding="utf-8")).text("code") or "") for p in pages]
    texts = [p.read_text(encoding="utf-8") for p in files] + [c for c in cites if "@misc" in c]
    assert len(texts) > len(files) and all("Zx05" in t for t in texts)
    for text in texts:
        assert r"$\frac{a}{b}$" in text
        for command in (r"\input", r"\immediate", r"\write", r"\def", r"\openout", r"\begin{filecontents}", "^^"):
            assert command not in text, command


def test_the_rss_channel_description_is_text_to_a_reader_that_reads_it_as_html(settings_site):
    # feedparser (and so many readers) take RSS <description>, the channel's too, as HTML: the
    # collection's description "<svg onload=…>" was one escape short of a tag there
    channel = ET.parse(settings_site / "rss.xml").getroot().find("channel")
    described = channel.findtext("description")
    assert "<" not in described and html.unescape(described) == "Description " + SETTING
    assert all("<" not in item.findtext("description") for item in channel.iter("item"))


# --- MkDocs plugins that render pages as Jinja templates --------------------------------------

TEMPLATED = {"2026-01-06-jinja.json": json.dumps([{
    "id": "2601.00001", "title": "Templated {{ 7*7 }} title {% raw %}",
    "abstract": "Its abstract {{ config.__class__ }} about {% if true %}retrieval{% endif %}."}])}


@pytest.mark.parametrize("plugin", ["macros", "markdownextradata"])
def test_a_plugin_that_renders_every_page_as_jinja_is_an_error_at_its_line(tmp_path, plugin):
    # with mkdocs-macros in mkdocs.yml, a title's "{{ 7*7 }}" was shown as "49": digest text ran
    # as a template, and through one as Python, in the build of a pull request
    folder = make_project(tmp_path / "project", TEMPLATED)
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("plugins: []", f"plugins:\n  - {plugin}"), encoding="utf-8")
    line = text[:text.index("plugins: []")].count("\n") + 2
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--no-strict"], cwd=folder,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"mkdocs.yml:{line}: error: plugins: {plugin} renders every page's Markdown as a Jinja template" in result.stderr
    assert not (folder / "site").exists()


def test_macros_forced_to_render_the_generated_pages_is_an_error_at_its_line(tmp_path):
    # render_by_default: false let it in, and its force_render_paths rendered the digests' pages:
    # a title's "{{ cycler.__init__.__globals__.os.popen(…) }}" ran a shell command in the build
    folder = make_project(tmp_path / "project", TEMPLATED)
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins: []", "plugins:\n  - macros:\n"
                      "      render_by_default: false\n      force_render_paths: 'digests/**'"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=folder, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1 and "plugins: macros renders every page's Markdown as a Jinja template" in result.stderr
    assert "remove its force_render_paths" in result.stderr and not (folder / "site").exists()


def test_macros_rendering_only_the_pages_that_ask_leaves_digest_text_as_written(tmp_path):
    folder = make_project(tmp_path / "project", TEMPLATED)
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "plugins: []", "plugins:\n  - macros:\n      render_by_default: false"), encoding="utf-8")
    build(folder)
    page = Page((folder / "site/papers/2601.00001/index.html").read_text(encoding="utf-8"))
    assert page.text(".ds-paper__title").strip() == "Templated {{ 7*7 }} title {% raw %}"
    assert page.text(".ds-abstract") == "Its abstract {{ config.__class__ }} about {% if true %}retrieval{% endif %}."


# --- dates outside the years a build's tools can write -----------------------------------------


@pytest.mark.parametrize(("name", "date"), [("classics.json", "1948-07-01"), ("typo.json", "9999-12-31"),
                                            ("year-one.json", "0001-01-01"), ("1969-12-31-old.json", "")])
def test_a_digest_dated_before_1970_or_after_2106_builds(tmp_path, name, date):
    # a reading list of classic papers, its digest dated by its newest paper (1948), or a date
    # typed 9999: the build stopped with "internal error: argument out of range" (MkDocs writes
    # the digest's date as sitemap.xml.gz's 32-bit mtime)
    record = {"id": "classic-1", "title": "A mathematical theory of retrieval", "abstract": "Its abstract.", "date": date}
    folder = make_project(tmp_path / "project", {name: json.dumps([{k: v for k, v in record.items() if v}])})
    build(folder)
    assert json.loads((folder / "site/papers.json").read_text(encoding="utf-8"))[0]["date"] == (date or "")
    assert (folder / "site/sitemap.xml.gz").is_file()


def test_a_digest_name_that_is_another_digests_bibtex_file_is_an_error_naming_it(tmp_path):
    # "2026-01-01-x.bib.json" has its page at digests/2026-01-01-x.bib/, where the BibTeX file of
    # "2026-01-01-x.json" goes: the build stopped at "File exists: …/.site.building-…/digests/…"
    names = ("2026-01-01-x.json", "2026-01-01-x.bib.json", "2026-01-02-y.bib.gz.json")
    folder = make_project(tmp_path / "project", {name: json.dumps([{"title": f"Paper {i} about retrieval",
                                                                    "abstract": f"Abstract {i} about retrieval."}])
                                                 for i, name in enumerate(names)})
    for argv in (["build"], ["check", *sorted(str(p) for p in (folder / "content/digests").iterdir())]):
        result = subprocess.run([sys.executable, "-m", "generator", *argv], cwd=folder, capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        for name in ("2026-01-01-x.bib", "2026-01-02-y.bib.gz"):
            assert f"{name}.json:1: error: the digest name '{name}' ends as the BibTeX file" in result.stderr, result.stderr
    assert not (folder / "site").exists()


def test_add_names_a_bib_json_export_so_that_the_build_takes_it(tmp_path):
    # `add refs.bib.json` named it 2026-01-03-refs.bib.json, a name the build refuses (above)
    source = tmp_path / "refs.bib.json"
    source.write_text(json.dumps([{"title": "A paper about retrieval", "abstract": "Its abstract."}]), encoding="utf-8")
    folder = make_project(tmp_path / "project", {})
    added = subprocess.run([sys.executable, "-m", "generator", "add", str(source), "--date", "2026-01-03"], cwd=folder,
                           capture_output=True, text=True, timeout=300)
    assert added.returncode == 0, added.stderr
    assert [p.name for p in (folder / "content/digests").iterdir()] == ["2026-01-03-refs-bib.json"]
    build(folder)


def test_digests_named_index_and_readme_are_an_error_naming_them(tmp_path):
    # "index.json" had its page at digests/ itself, and "README.json" beside it failed the build
    # with MkDocs' "Excluding 'digests/README.md' from the site because it conflicts with …"
    names = ("index.json", "README.json", "2026-01-02-c.json")
    folder = make_project(tmp_path / "project", {name: json.dumps([{"title": f"Paper {i} about retrieval",
                                                                    "abstract": f"Abstract {i} about retrieval."}])
                                                 for i, name in enumerate(names)})
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=folder, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert ("index.json:1: error: the digest name is taken by README.json (both are MkDocs' name for the digests "
            "folder's own page): rename one") in result.stderr
    assert not (folder / "site").exists()
    (folder / "content/digests/index.json").unlink()  # README alone is the folder's page (tests/test_build.py)
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=folder, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr


def test_check_does_not_read_a_digest_of_the_collection_that_is_a_link(tmp_path):
    # the build refuses such a digest before reading it, but the pull request check read it: the
    # file it pointed to had its columns (a secret's name, a key) listed in the check's public log
    secret = tmp_path / "outside.csv"
    secret.write_text("SECRET_KEY,OTHER_SECRET\nabc,def\n", encoding="utf-8")
    folder = make_project(tmp_path / "project", {})
    link = folder / "content/digests/2026-01-05-link.csv"
    link.symlink_to(secret)
    result = subprocess.run([sys.executable, "-m", "generator", "check", str(link)], cwd=folder, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 1 and "2026-01-05-link.csv:1: error: the digest is a symbolic link" in result.stderr
    assert "SECRET" not in result.stdout + result.stderr, result.stderr
