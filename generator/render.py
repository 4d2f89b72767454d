"""Render the collection to Markdown pages with YAML front matter, from ``site_templates/pages``.

Templates receive records and escape everything they print; page bodies are HTML blocks, so
digest text never becomes Markdown structure. Front matter is written by the YAML library.
"""

from __future__ import annotations

import calendar
import dataclasses
import html
import re
from collections import Counter
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape
from mkdocs.structure.files import File

from . import bibtex, citation, front_matter as yaml_front_matter, pagination, parallel, render_cache, templates, writer
from .categories import category_label
from .errors import DigestSiteError, display_path, plural
from .export import export_path, topic_feed_path
from .ids import arxiv_id, bare_doi, doi_url
from .languages import lang_attribute
from .links import safe_url
from .model import Digest, Link, Paper, Topic, TopicMatch
from .render_cache import MarkdownCache

# Link kind (links.py) → the badge it shows as: (badge class, label). Cards and paper pages show
# the four badges of the card contract (search results render the same markup from JS).
BADGES = {"code": ("code", "Code"), "notebook": ("code", "Notebook"), "project": ("project", "Project page"),
          "video": ("video", "Video"), "paper": ("pdf", "PDF")}
AUTHORS_SHOWN = 3  # a card names this many authors, then "et al."; lists of four or fewer are shown whole
# An http(s) URL in escaped abstract text; ``safe_url`` trims and checks it before it becomes a link.
URL_IN_TEXT = re.compile(r"https?://(?:(?!&(?:#39|#34|#x27|#x22|quot|lt|gt);)[^\s<>\"'{}\\])+", re.IGNORECASE)
TAG = re.compile(r"(<[^>]*>)")


@dataclass(frozen=True)
class Collection:
    """Everything the pages show, in display order (newest digest first)."""

    site_name: str
    settings: object
    papers: tuple[Paper, ...]
    topics: tuple[Topic, ...]
    digests: tuple[Digest, ...]  # newest first
    site_url: str = ""  # the published site's address, "" when unknown

    @cached_property
    def hashes(self) -> list[str]:
        """Each paper's :func:`render_cache.paper_hashes`: made once, for the render stage's cache
        and the export stage's keys (and before the export's workers are forked: they share it)."""
        return render_cache.paper_hashes(self.papers)

    @cached_property
    def topic_names(self) -> dict[str, str]:
        return {t.slug: t.name for t in self.topics}

    @cached_property
    def digest_neighbours(self) -> dict[str, tuple[str, str]]:
        """Digest name → the names of the digests before and after it in time ("" at either end):
        a reader of a daily digest goes on to the next day's from its page."""
        names = [d.name for d in reversed(self.digests)]
        return {name: (names[i - 1] if i else "", names[i + 1] if i + 1 < len(names) else "")
                for i, name in enumerate(names)}

    @cached_property
    def topic_members(self) -> dict[str, list[int]]:
        """Topic slug → the indexes of its papers, in display order."""
        members: dict[str, list[int]] = {t.slug: [] for t in self.topics}
        for i, paper in enumerate(self.papers):
            for match in paper.topics:
                members.setdefault(match.topic, []).append(i)
        return members


@lru_cache(maxsize=None)
def page_url(page: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a Markdown file, relative to the site root ("" for the home page):
    MkDocs' own ``File.url``, so a digest named ``README`` or ``index`` links where MkDocs puts it.
    A plain page (``papers/2501.00001.md``: lowercase letters, digits, ``.``, ``-``, ``_``, not
    ``index``) is named here as MkDocs names it (a ``File`` costs 10 µs: 0.1 s at 10,000 papers)."""
    if PLAIN_PAGE.fullmatch(page) and page.rpartition("/")[2] != "index.md":
        return page[:-3] + ("/" if directory_urls else ".html")
    url = File(page, None, None, directory_urls).url
    return "" if url == "./" else url


PLAIN_PAGE = re.compile(r"(?:[a-z0-9][a-z0-9._-]*/)*[a-z0-9][a-z0-9._-]*\.md")


class Urls:
    """Relative links from one page, so the site works from any folder and offline. A page in
    this one's folder (a paper's related papers, a topic's other topics) is linked from there:
    ``../b/``, not ``../../papers/b/``."""

    def __init__(self, page: str, directory_urls: bool):
        self.directory_urls = directory_urls
        here = page_url(page, directory_urls)
        self.root = "../" * here.count("/")
        self.folder = here[: here.rstrip("/").rfind("/") + 1]  # "papers/" for papers/a/ (or papers/a.html)
        self.up = "../" * (here.count("/") - self.folder.count("/"))

    def page(self, page: str) -> str:
        url = page_url(page, self.directory_urls)
        if self.folder and url.startswith(self.folder):
            return self.up + url[len(self.folder):] or "./"
        return self.root + url or "./"

    def file(self, path: str) -> str:
        return self.root + path

    def paper(self, slug: str) -> str:
        return self.page(f"papers/{slug}.md")

    def topic(self, slug: str) -> str:
        return self.page(f"topics/{slug}.md")

    def digest(self, name: str) -> str:
        return self.page(f"digests/{name}.md")


def environment(templates_dir: Path, compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """Page templates from the collection's ``templates_dir/pages``, else the packaged defaults;
    as compiled by an earlier build when ``compiled`` holds them (:class:`render_cache.Compiled`)."""
    env = jinja2.Environment(
        bytecode_cache=compiled,
        loader=templates.loader(templates.layers(templates_dir, "pages")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # one build, one environment: no look at the templates' mtimes per page
    )
    env.filters["t"] = text
    env.filters["host"] = lambda url: urlsplit(url).hostname or ""
    env.filters["short_authors"] = short_authors
    env.filters["isolated"] = isolated
    env.filters["names"] = names
    env.filters["category_label"] = category_label
    env.filters["card_authors"] = card_authors
    env.filters["badges"] = badges
    env.filters["other_links"] = other_links
    env.filters["other_topics"] = other_topics
    env.filters["lang"] = lang_attribute
    return env


def shipped_cards(env: jinja2.Environment) -> None:
    """Put :class:`Cards` in the place of the ``cards`` macro of ``_macros.md.j2`` (the module that
    every ``{% from "_macros.md.j2" import cards %}`` of ``env`` gets) when the template ``env``
    loads is the shipped one, byte for byte: a collection that overrides ``_macros.md.j2`` keeps
    its own macros, rendered by Jinja. (Called where pages are rendered: an environment that
    renders none loads no template.)"""
    try:
        source = env.loader.get_source(env, MACROS)[0]
    except jinja2.TemplateNotFound:
        return
    if source == (templates.DEFAULTS / "pages" / MACROS).read_text(encoding="utf-8"):
        module = env.get_template(MACROS).module
        if not isinstance(module.cards, Cards):
            module.cards = Cards(module.cards)
        return
    module = env.get_template(MACROS).module
    macro = getattr(module, "cards", None)
    if type(macro) is jinja2.runtime.Macro and "topic_parents" not in macro.arguments and not macro.catch_kwargs:
        module.cards = _WithoutParents(macro)


class _WithoutParents:
    """An overriding ``cards`` macro copied before the thirty-seventh session, which takes no
    ``topic_parents``: called as the shipped page templates call it, without that argument (its
    cards name subtopics everywhere, as they did), where Jinja refused the call ("macro 'cards'
    takes no keyword argument 'topic_parents'") and the build failed at the page template."""

    def __init__(self, macro: jinja2.runtime.Macro):
        self.macro = macro

    def __call__(self, *args: Any, topic_parents: Any = None, **kwargs: Any) -> Any:
        return self.macro(*args, **kwargs)


MACROS = "_macros.md.j2"
CARD_TOPICS, SUMMARY_CHARS = 3, 200  # as the shipped _macros.md.j2 sets them


class Cards:
    """The shipped ``cards`` macro in Python: the same bytes, with the same reads of the papers
    and lookups (a page's reads are recorded for its cache, :class:`render_cache.Reads`). Jinja's
    card took 30-45 µs a card, and cards are most of a listing page: a build that made 512 listing
    pages (22,748 cards, of 10,000 papers) spent a second on them. What a card says of its paper
    alone (title, authors, summary, badges) is made once a build (``parts``: a paper has a card in
    two or three listings), and what depends on the page (links, chips, "New", the digest's date)
    for each card. A call with anything but the records a page is rendered with (papers,
    :class:`Urls`, dictionaries) is the macro's (``macro``)."""

    def __init__(self, macro: Callable[..., str]):
        self.macro = macro
        self.parts: dict[int, tuple] = {}  # id of a paper → :func:`card_parts` (which holds the paper)

    def __call__(self, papers: Any, u: Any, topic_names: Any, digest_dates: Any, new_in: Any = None,
                 shown: Any = (), topic_parents: Any = None) -> Markup:
        if not (type(u) is Urls and isinstance(papers, (list, tuple)) and isinstance(topic_names, Mapping)
                and isinstance(digest_dates, Mapping) and isinstance(new_in, (str, type(None)))
                and isinstance(shown, (list, tuple)) and isinstance(topic_parents, (Mapping, type(None)))
                and all(type(p) in PAPERS for p in papers)):
            return self.macro(papers, u, topic_names, digest_dates, new_in, shown, topic_parents)
        chips: dict[str, str] = {}  # topic → its chip on this page (the cards of a topic's page share a few)
        allowed: dict[str, bool] = {}  # topic → whether a card of this page may name it (other_topics)
        reads = topic_reads(shown, topic_parents)
        return Markup("".join(['<ol class="ds-cards">\n', *(self.card(p, u, topic_names, digest_dates, new_in, shown,
                                                                       topic_parents, chips, allowed, reads)
                                                             for p in papers), "</ol>"]))

    def card(self, p: Any, u: Urls, topic_names: Mapping, digest_dates: Mapping, new_in: str | None,
             shown: Sequence[str], topic_parents: Mapping | None, chips: dict[str, str], allowed: dict[str, bool],
             reads_of_topics: tuple[str, tuple, tuple]) -> str:
        """One card, as the shipped ``card`` macro writes it (its comment says what a card holds);
        ``chips``: the topic chips made for the page so far; ``allowed``: the topics looked at so
        far, and whether a chip may name them (:func:`other_topics`: a page reads each once, where
        the filter read a topic's parent for each card: about a seventh of a listing page's time);
        ``reads_of_topics``: what the card's chips read of its paper (:func:`topic_reads`)."""
        paper, found = render_cache.unwrapped(p)
        parts = self.parts.get(id(paper))
        if parts is None or parts[0] is not paper:
            if len(self.parts) >= PARTS_KEPT:
                self.parts.clear()
            parts = self.parts[id(paper)] = card_parts(paper)
        _, reads, title, authors, summary, links = parts
        if found is not None:
            found.update(reads)
            field, entries, listings = reads_of_topics
            found.add(("paper", paper.slug, field))
            found.update(entries)
            found.update(("key", CHIP_TOPICS, f"{topic} {paper.slug}") for topic in listings)
            if new_in:
                found.add(("paper", paper.slug, "digests"))
        date = paper.date or digest_dates.get(paper.digests[0], "")
        new = '<span class="ds-new">New</span> ' if new_in and paper.digests[0] == new_in else ""
        out = [f'<li>{new}<a href="{esc(u.paper(paper.slug))}"{title[0]}>{title[1]}</a>']
        if authors or date:
            out.append(f'<p class="ds-meta">{authors}<time>{esc(date)}</time></p>' if date else
                       f'<p class="ds-meta">{authors}</p>')
        out.append(summary)
        topics = []
        for m in paper.topics:
            ok = allowed.get(m.topic)
            if ok is None:
                ok = allowed[m.topic] = bool(other_topics((m,), shown, 1, topic_parents))
            if ok:
                topics.append(m)
                if len(topics) == CARD_TOPICS:
                    break
        if topics or links:
            out.append('<p class="ds-tags">')
            for m in topics:
                chip = chips.get(m.topic)
                if chip is None:
                    chip = chips[m.topic] = (f'<a href="{esc(u.topic(m.topic))}"{lang_attribute(topic_names[m.topic])}>'
                                             f'{esc_text(topic_names[m.topic])}</a> ')
                out.append(chip)
            out.append(links)
            out.append("</p>")
        out.append("</li>\n")
        return "".join(out)


PAPERS = (Paper, render_cache.SeenPaper)  # a paper, or a paper whose reads are recorded


def topic_reads(shown: Sequence[str], topic_parents: Mapping | None) -> tuple[str, tuple, tuple[str, ...]]:
    """What a card's chips read of its paper on a page that shows the topics ``shown``: the field
    (``topics``, or :data:`render_cache.MAIN_TOPICS`), the lookup entries, and the shown topics
    with subtopics, whose :data:`CHIP_TOPICS` entry of the paper it reads. A card names a subtopic
    only on its topic's pages (:func:`other_topics`), so it reads the paper's topics that are no
    subtopic, whether each shown topic has subtopics and, for each that has, the paper's topics but
    the subtopics of other topics: a topic that gets subtopics changes the pages of its own
    listing, not the other listings of its papers. ``topic_parents``' reads are recorded as the
    chips look at each topic."""
    parents = render_cache.lookup_data(topic_parents)
    if parents is None:
        return "topics", (), ()
    named = [t for t in shown if isinstance(t, str) and t]
    having = set(parents.values())
    return (render_cache.MAIN_TOPICS, tuple(("key", "subtopics", t) for t in named),
            tuple(t for t in named if t in having))


# A lookup for the render cache alone (no template is given it; its name is no template variable):
# "TOPIC SLUG" → what a card of the paper may name on the topic's pages (chip_topics).
CHIP_TOPICS = "chip topics"


def chip_topics(collection: Collection) -> dict[str, tuple[str, ...]]:
    """"TOPIC SLUG" → the slugs of the paper's topics but the subtopics of other topics, in order,
    for each topic of which the paper has a subtopic: all its card may name on that topic's pages
    (:func:`topic_reads`). A digest that gives another of its topics subtopics leaves it as it was."""
    parents = {t.slug: t.parent for t in collection.topics if t.parent}
    found = {}
    for p in collection.papers:
        for parent in {parents[m.topic] for m in p.topics if m.topic in parents}:
            found[f"{parent} {p.slug}"] = tuple([m.topic for m in p.topics if parents.get(m.topic, parent) == parent])
    return found


PARTS_KEPT = 20_000  # papers whose card parts a build keeps at once (a 100,000-paper build: 20 MB)


def card_parts(paper: Paper) -> tuple:
    """``(paper, reads, title, authors, summary, badges)``: the parts of the paper's cards that
    depend on it alone, escaped as Jinja escapes (:func:`esc`), and what the card macro reads of
    the paper to make a card, as :class:`render_cache.Reads` records it (with what it reads for
    the rest: its slug, date; its digests when undated; its topics are read by the card)."""
    reads = render_cache.Reads()
    p = reads.paper(paper)
    title = lang_attribute(p.title_text), esc_text(p.title_text)  # the title link's lang="…" (or nothing), its text
    authors = f"<span{lang_attribute(p.authors, p.title_text)}>{card_authors(p.authors, p.et_al)}</span>" if p.authors else ""
    summary = f"<p{lang_attribute(p.summary)}>{esc_text(truncate(p.summary, SUMMARY_CHARS, False, '…', 0))}</p>" if p.summary else ""
    links = "".join(f'<a class="ds-badge ds-badge--{esc(b.kind)}" href="{esc(b.url)}" rel="nofollow noreferrer">{esc(b.label)}</a> '
                    for b in badges(p, pdf=False))
    p.slug  # noqa: B018 - read for each card (and its topics, by the card: topic_reads)
    if not p.date:
        p.digests  # noqa: B018 - the digest's date is the card's
    return paper, frozenset(reads.found), title, authors, summary, links


def esc(value: str) -> str:
    """``markupsafe.escape(value)`` as a string (a Markup object a value took twice as long)."""
    if type(value) is not str:
        return str(escape(value))
    return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")


def esc_text(value: str) -> str:
    """:func:`text` as a string."""
    return esc(value).replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")


def truncate(s: str, length: int, killwords: bool, end: str, leeway: int) -> str:
    """Jinja's ``truncate`` filter (which takes no environment but for its default leeway)."""
    return jinja2.filters.do_truncate(None, s, length, killwords, end, leeway)


@dataclass(frozen=True)
class Badge:
    kind: str  # code | project | video | pdf | doi (a DOI in the PDF badge's place)
    label: str
    url: str


def shown_authors(authors: tuple[str, ...], et_al: bool = False) -> tuple[tuple[str, ...], bool]:
    """The authors a card names, and whether "et al." follows them: up to four are all named, and
    "et al." follows those of a list its source cut short (``et_al``: ``Paper.et_al``)."""
    return (authors, et_al and bool(authors)) if len(authors) <= AUTHORS_SHOWN + 1 else (authors[:AUTHORS_SHOWN], True)


def short_authors(authors: tuple[str, ...], et_al: bool = False) -> str:
    """"A, B, C et al." (:func:`shown_authors`) as plain text: a filter of overriding templates."""
    shown, more = shown_authors(authors, et_al)
    return ", ".join(shown) + (" et al." if more else "")


def card_authors(authors: tuple[str, ...], et_al: bool = False) -> Markup:
    """"A, B, C et al." (:func:`shown_authors`), the names escaped and isolated (:func:`names`)."""
    shown, more = shown_authors(authors, et_al)
    return Markup(names(shown) + (" et al." if more else ""))


def names(values: Sequence[str], separator: str = ", ") -> Markup:
    """Names joined in one element (authors, categories, matched terms), each that can reorder the
    names beside it in a ``<bdi>`` (:func:`isolated`): an author ending in an unclosed
    right-to-left override showed the names after it backwards, two Arabic ones swapped places.
    The first stays outside unless it holds a bidi control (whose effect the ``<bdi>`` ends): a
    paragraph takes the direction of its first letter outside isolates, and an Arabic or Hebrew
    list is to run right to left (digest-site.css)."""
    return Markup(separator.join(isolated(value) if i or BIDI_CONTROL.search(value) else esc_text(value)
                                 for i, value in enumerate(values)))


def isolated(value: str) -> Markup:
    """Digest text escaped as :func:`text`, in a ``<bdi>`` when it can reorder the text beside it
    (``BIDI``), for a text that shares its element with others or the site's own words: a list's
    names (:func:`names`), a pager's title before its "→" (an override in it put the arrow inside
    the title). Text without right-to-left letters or bidi controls, most text, costs no byte:
    this is on every card and paper page. (Text alone in its element is isolated by
    digest-site.css instead.)"""
    escaped = esc_text(value)
    return Markup(f"<bdi>{escaped}</bdi>" if BIDI.search(value) else escaped)


# A character that can move text beside it: a letter of a right-to-left script (Hebrew, Arabic,
# Syriac, Thaana, N'Ko and the rest of U+0590-U+08FF, their presentation forms, those of the
# supplementary planes), an Arabic digit (all of bidi classes R, AL and AN lie in these ranges:
# tests/test_render.py checks), or an explicit embedding, override or isolate and its end
BIDI = re.compile("[\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefe"
                  "\U00010800-\U00010fff\U0001e800-\U0001efff]")
BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")  # an embedding, override or isolate, or their end


def badges(paper: Paper, pdf: bool = True) -> list[Badge]:
    """The paper's links as badges, one per kind of link (its first), and its arXiv PDF (not with
    ``pdf=False``: a listing's card leaves the PDF to the paper's page). A link to the paper's
    own arXiv page or PDF (any version, http or https) is left to the links of its id
    (``_id_links.md.j2``): an arXiv feed's ``http://arxiv.org/pdf/…v1`` gave a second PDF badge.
    A DOI link is styled as the DOI links of ids are (it had the PDF badge's colour)."""
    shown: dict[str, Badge] = {}
    for _, kind, badge in _link_badges(paper):
        shown.setdefault(kind, badge)
    if "pdf" not in shown and paper.id and arxiv_id(paper.id) == paper.id:  # its PDF is arxiv.org/pdf/ID
        shown["pdf"] = Badge("pdf", "PDF", f"https://arxiv.org/pdf/{paper.id}")
    return [shown[kind] for kind in ("code", "project", "video", "pdf") if kind in shown and (pdf or kind != "pdf")]


def _link_badges(paper: Paper) -> Iterator[tuple[Link, str, Badge]]:
    """Each of the paper's links with its kind and its badge, but links to its own arXiv page or PDF."""
    own = None  # the paper's arXiv id, looked up for its first link to a paper (most have none)
    for link in paper.links:
        kind, label = BADGES[link.kind]
        if link.kind == "paper":
            own = citation.identifiers(paper).arxiv if own is None else own
            if own and arxiv_id(link.url) == own:
                continue
        label = paper_label(link.url) if link.kind == "paper" else label
        url = doi_url(bare_doi(link.url)) if label == "DOI" else link.url  # one resolver:
        yield link, kind, Badge("doi" if label == "DOI" else kind, label, url)  # the id's DOI link is this one


def other_links(paper: Paper) -> list[Badge]:
    """The paper's links that no badge shows (a badge is the first link of its kind) and its
    abstract does not link: a second repository named in an arXiv comment, or a record's list of
    links, was only in papers.json."""
    shown = {badge.url for badge in badges(paper)}
    found = []
    for link, _, badge in _link_badges(paper):  # (the abstract links a URL as written: a DOI's badge has doi.org's)
        if badge.url not in shown and link.url not in paper.abstract:
            shown.add(badge.url)
            found.append(badge)
    return found


def paper_label(url: str) -> str:
    """A link to a paper named for what it opens: "PDF" (a ``.pdf``, arXiv's or OpenReview's
    ``/pdf``), "DOI" (doi.org), else "Paper" (an abstract or landing page)."""
    parts = urlsplit(url)
    if parts.path.lower().endswith(".pdf") or parts.path.startswith("/pdf"):
        return "PDF"
    host = parts.hostname or ""
    return "DOI" if host == "doi.org" or host.endswith(".doi.org") else "Paper"


def other_topics(matches: Sequence[TopicMatch], shown: Container[str], limit: int,
                 parents: Mapping[str, str] | None = None) -> list[TopicMatch]:
    """The first ``limit`` of ``matches`` whose topic is not one of ``shown`` (Jinja's
    ``rejectattr``, ``list`` and a slice were an eighth of the time of a listing page); given
    ``parents`` (subtopic → its topic: the ``topic_parents`` lookup), a subtopic only where its
    topic is shown. A card so names the paper's topics, and on a topic's own pages the subtopic
    it has there: not "Other papers in X" beside X on a digest's page. A topic that gets
    subtopics (a large one, or when suggestions are made again) then changes the pages of its
    papers and its own listing, not every listing that shows one of its papers (at 10,000
    papers, the digest that took a topic past 500 papers changed 134 digest pages and 198 topic
    pages, most of them for those chips; 6 and 88 since)."""
    if parents is None:
        return [m for m in matches if m.topic not in shown][:limit]
    chips = []
    for m in matches:
        if m.topic not in shown and (m.topic not in parents or parents[m.topic] in shown):
            chips.append(m)
            if len(chips) == limit:
                break
    return chips


def linkify(markup: str) -> Markup:
    """Escaped HTML with each safe http(s) URL of its text (never inside a tag or MathML) made a link."""
    parts = TAG.split(markup)
    in_math = False
    for i, part in enumerate(parts):  # even parts are text, odd parts are tags
        if i % 2:
            in_math = part.startswith("<math") or (in_math and not part.startswith("</math"))
        elif not in_math:  # MathML holds no links
            parts[i] = URL_IN_TEXT.sub(_link, part)
    return Markup("".join(parts))


def _link(match: re.Match) -> str:
    """An outside link, as the templates write them: ``rel="nofollow noreferrer"`` (noreferrer
    implies noopener, which is written nowhere for that reason)."""
    raw = html.unescape(match.group())
    url = safe_url(raw)
    if not url:
        return match.group()
    end = len(raw)  # the link ends where safe_url's trimming (punctuation, brackets) begins
    while end > 1 and safe_url(raw[:end - 1]) == url:
        end -= 1
    return f'<a href="{escape(url)}" rel="nofollow noreferrer">{escape(raw[:end])}</a>{escape(raw[end:])}'


def text(value: str) -> Markup:
    """Escape digest text for an HTML block."""
    return keep_whitespace(str(escape(value)))


def keep_whitespace(markup: str) -> Markup:
    """Line ends and tabs as entities: they keep the HTML block in one piece, and Python-Markdown
    (which expands tabs to spaces) leaves them as they are."""
    return Markup(markup.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;"))


def front_matter(data: dict) -> Markup:
    """The page's front matter, as PyYAML writes it (``generator/front_matter.py``: faster, same bytes)."""
    return Markup(f"---\n{yaml_front_matter.dump(data)}---\n")


def page_markdown(template: jinja2.Template, **context: Any) -> str:
    """A page's Markdown from ``template``, which must begin with the page's front matter:
    MkDocs reads front matter only at a page's very start, and an owner's template that wrote a
    line above it (a banner) published it as Markdown, the digest's verbatim title and abstract in
    it as HTML (a title's ``<script>`` ran); one without it gave pages their file's name as title."""
    text = template.render(**context)
    if not text.startswith(context["front_matter"]):
        source = Path(template.filename or "").read_text(encoding="utf-8", errors="replace") if template.filename else ""
        line = next((i for i, row in enumerate(source.splitlines(), 1) if "front_matter" in row), 1)
        raise DigestSiteError(
            f"{display_path(Path(template.filename or template.name))}:{line}: the pages it makes do not begin with "
            "{{ front_matter }}: MkDocs would show the front matter as text, the digest's verbatim title and abstract "
            "in it as HTML (a <script> in a title would run); write {{ front_matter }} before anything else")
    return text


def render_pages(collection: Collection, env: jinja2.Environment, directory_urls: bool,
                 keep: Callable[[str, str, bool], Any] | None = None,
                 memo: MarkdownCache | None = None) -> list[tuple[str, Any]]:
    """``(path, markdown)`` for every page of the site; ``(path, keep(path, markdown, reused))``
    with ``keep``, called where the page was rendered (it may write the page to disk, so that
    no process holds every page). Paper and listing pages that ``memo`` holds for the same
    inputs are reused (``reused``; a page it does not read is given as ``writer.Kept``): they
    are checked here, and only the others are rendered, by worker processes when they are many.
    The listing pages are rendered last, by the build's own process (it starts from the last
    chunks, ``parallel.map_items``): their cards read every paper, which in a forked worker
    would copy every paper's memory. They come first in the result."""
    shipped_cards(env)
    site = Site.of(collection, env, directory_urls)
    if memo:
        papers = collection.papers
        hashes = collection.hashes
        site = dataclasses.replace(site, hashes=tuple(hashes),
                                   memo=memo.for_site(site_constants(site), papers, hashes,
                                                      {**site.lookups, CHIP_TOPICS: chip_topics(collection)}))
    listings = [page for job, item in _index_jobs(collection) for page in job(item, site)]
    pages = [*listings, *(render_paper(i, site) for i in range(len(collection.papers)))]
    kept = [site.reused(page) for page in pages]
    todo = [i for i in (*range(len(listings), len(pages)), *range(len(listings))) if kept[i] is None]
    made = dict(zip(todo, parallel.map_items(lambda i: _made(pages[i], site, keep), todo,
                                             min_items=RENDERED_IN_WORKERS)))
    done = [made[i] if i in made else _reused(page, *kept[i], keep) for i, page in enumerate(pages)]
    if site.memo:
        site.memo.save([(page.path, entry, i not in made) for i, (page, (_, entry, _)) in enumerate(zip(pages, done))],
                       {page.paper.slug: fields for page, (_, _, fields) in zip(pages, done) if fields})
    return [(page.path, value) for page, (value, _, _) in zip(pages, done)]


def _made(page: Page, site: Site, keep: Callable[[str, str, bool], Any] | None) -> tuple:
    """``(keep's value or the markdown, entry, field hashes)`` of a page made now (in a worker);
    the hashes of its paper's fields when the cache is to learn them."""
    text, entry = site.made(page)
    value = keep(page.path, text, False) if keep else text
    if site.memo is None:
        return value, entry, None
    return value, entry and site.memo.written(entry, value), page.paper and site.memo.new_fields(page.paper)


def _reused(page: Page, text: str | None, entry: render_cache.Entry,
            keep: Callable[[str, str, bool], Any] | None) -> tuple:
    """``(keep's value or the markdown, entry, None)`` of a page reused; unread (``text`` None),
    it is the docs folder's file as it is."""
    if text is None:
        return writer.Kept(entry.stamp[0]), entry, None
    return keep(page.path, text, True) if keep else text, entry, None


# Pages to make from which workers are started. A page takes about 0.6 ms, and a worker about
# 0.1 s of CPU of its own to start (the memory it copies as it reads, the templates it loads).
# Measured at 10,000 papers on 2 cores: a new digest's 258 pages took the build's process 0.57 s
# with a worker and 0.59 s without, and without it 0.17 s less CPU in all and 0.07 s less wall;
# 510 pages, 0.08 s more of the build's process without (0.22 s less in all, about the same wall).
RENDERED_IN_WORKERS = 400


@dataclass(frozen=True)
class Page:
    """A page to make: its path, its own inputs (anything with a stable ``repr``; None: made
    every build), how to make it (given a :class:`render_cache.Reads` to record what it reads,
    or None), its own values left out of ``inputs``, whose reads are recorded, and for a
    paper's page, its paper."""

    path: str
    inputs: object
    make: Callable[[render_cache.Reads | None], str]
    own: Mapping[str, Any] | None = None
    paper: Paper | None = None  # a paper's page: its paper


@dataclass(frozen=True)
class Site:
    """What every page shares: the collection, the templates and the collection-wide lookups."""

    collection: Collection
    env: jinja2.Environment
    directory_urls: bool
    by_slug: dict[str, Paper]
    by_topic: dict[str, list[Paper]]  # in display order
    by_digest: dict[str, list[Paper]]
    position: dict[str, int]  # paper key → its index in the newest digest it appeared in
    lookups: dict  # for every template: topic names and counts, digest titles, settings, …
    memo: MarkdownCache | None = None  # pages of earlier builds
    hashes: tuple[str, ...] = ()  # with a memo, render_cache.paper_hashes of the papers

    def reused(self, page: Page) -> tuple[str | None, render_cache.Entry] | None:
        """``(markdown, entry)`` of the page kept by an earlier build (:meth:`MarkdownCache.reused`),
        or None when it must be made."""
        if self.memo is None or page.inputs is None:
            return None
        return self.memo.reused(page.path, page.inputs, page.own)

    def made(self, page: Page) -> tuple[str, render_cache.Entry | None]:
        """The page's Markdown, made with its reads recorded when it is cached, and its entry."""
        if self.memo is None or page.inputs is None:
            return page.make(None), None
        return self.memo.made(page.inputs, page.make, page.own)

    @classmethod
    def of(cls, c: Collection, env: jinja2.Environment, directory_urls: bool) -> Site:
        by_topic = {slug: [c.papers[i] for i in members] for slug, members in c.topic_members.items()}
        by_digest: dict[str, list[Paper]] = {d.name: [] for d in c.digests}
        for p in c.papers:
            for name in p.digests:
                by_digest.setdefault(name, []).append(p)
        dates = {d.name: d.date for d in c.digests}
        by_digest = {name: digest_order(papers, name, getattr(c.settings, "sort", "digest"), dates)
                     for name, papers in by_digest.items()}
        position = {p.key: i for name, papers in by_digest.items() for i, p in enumerate(papers)
                    if p.digests[-1] == name}
        lookups = {
            "topic_names": c.topic_names,
            "subtopics": subtopics_of(c.topics),
            "topic_parents": {t.slug: t.parent for t in c.topics if t.parent},  # subtopic → its topic
            "papers_export": export_path(len(c.papers)),
            "bib": bibtex.suffix(len(c.papers)),  # the bulk .bib files' suffix (gzipped in large collections)
            "topic_counts": {slug: len(papers) for slug, papers in by_topic.items()},
            "digest_titles": {d.name: digest_title(d) for d in c.digests},
            "digest_dates": {d.name: d.date for d in c.digests},
            "site_name": c.site_name,
            "settings": c.settings,
        }
        return cls(c, env, directory_urls, {p.slug: p for p in c.papers}, by_topic, by_digest, position, lookups)


def digest_order(papers: list[Paper], name: str, sort: str, digest_dates: Mapping[str, str]) -> list[Paper]:
    """The papers of the digest ``name`` in the order of its page: the file's (``sort: digest``),
    else by the date each card shows, newest first (:func:`date_order`; of no date at all, last),
    or by title, ties in the file's order. (The collection's order, newest digest first, put the
    papers first seen in a digest before those it listed again.)"""
    ordered = sorted(papers, key=lambda p: p.lines[p.digests.index(name)] if len(p.lines) == len(p.digests) else 0)
    if sort == "date":  # (stable: ties keep the file's order)
        ordered.sort(key=lambda p: date_order(shown_date(p, digest_dates)), reverse=True)
    elif sort == "title":
        ordered.sort(key=lambda p: p.title_text.casefold())
    return ordered


def subtopics_of(topics: tuple[Topic, ...]) -> dict[str, list[Topic]]:
    """Topic slug → its subtopics, in file order (empty for a topic without and a subtopic)."""
    children: dict[str, list[Topic]] = {t.slug: [] for t in topics}
    for topic in topics:
        if topic.parent in children:
            children[topic.parent].append(topic)
    return children


def digest_title(digest: Digest) -> str:
    name = digest.name
    if digest.date and name.startswith(digest.date):
        rest = name[len(digest.date):].strip("-_ ").replace("-", " ").replace("_", " ")
        return f"{digest.date} · {rest}" if rest else digest.date
    return name


def paper_path(paper: Paper) -> str:
    return f"papers/{paper.slug}.md"


def render_paper(i: int, site: Site) -> Page:
    """The page of the collection's ``i``-th paper, keyed by its hash, its date and the slugs of
    the papers it links to."""
    paper = site.collection.papers[i]
    before, after = neighbours(paper, site)
    others = [s for s in paper.related if s in site.by_slug]  # the slugs of related(paper, site)
    others += (before.slug if before else None, after.slug if after else None)
    inputs = (site.hashes[i], paper_date(paper, site), others) if site.hashes else None
    return Page(paper_path(paper), inputs, lambda reads: _paper_page(paper, site, reads), paper=paper)


def _paper_page(paper: Paper, site: Site, reads: render_cache.Reads | None) -> str:
    """The paper's page; with ``reads``, what its template reads of other papers and of the
    lookups is recorded there."""
    path = paper_path(paper)
    entry = bibtex.entry(paper, absolute_url(site, path))
    seen = reads.paper if reads else (lambda other: other)
    return page_markdown(site.env.get_template("paper.md.j2"),
        paper=paper,
        u=Urls(path, site.directory_urls),
        front_matter=front_matter(paper_front_matter(paper)),
        id_links=citation.identifiers(paper).links,
        id_labels=citation.LABELS,
        bibtex=entry,
        title_html=keep_whitespace(paper.title_html),
        abstract_html=linkify(keep_whitespace(paper.abstract_html)),
        source_url=safe_url(paper.url) if paper.url else None,
        related=[seen(p) for p in related(paper, site)],
        neighbours=tuple(seen(p) for p in neighbours(paper, site)),
        **(reads.lookups(site.lookups) if reads else site.lookups),
    )


def site_constants(site: Site) -> list:
    """What every page depends on besides the templates and code, its own inputs and the
    lookup dictionaries (whose entries its template reads are recorded)."""
    return [site.directory_urls, site.collection.site_url,
            sorted((k, v) for k, v in site.lookups.items() if not isinstance(v, Mapping))]


def paper_date(paper: Paper, site: Site) -> str:
    return shown_date(paper, site.lookups["digest_dates"])


def shown_date(paper: Paper, digest_dates: Mapping[str, str]) -> str:
    """The date a paper's cards show: its own, else its first digest's (a record without one)."""
    return paper.date or digest_dates.get(paper.digests[0], "")


def date_order(date: str) -> str:
    """A date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or "") as listings and the search sort and
    filter by it: a month or a year alone as its first day ("2024" as 2024-01-01, tied with it),
    so that "date, newest first" lists "2024" after 2024-05-14 and before 2023, and "from
    2024-01-01" keeps it. (By the digest's date, search listed 2024, 2023, then 2024-05-14.)"""
    return date + "-01-01"[len(date) - 4:] if len(date) in (4, 7) else date


def related(paper: Paper, site: Site) -> list[Paper]:
    return [site.by_slug[s] for s in paper.related if s in site.by_slug]


def neighbours(paper: Paper, site: Site) -> tuple[Paper | None, Paper | None]:
    """The papers before and after ``paper`` in the newest digest it appeared in."""
    papers, i = site.by_digest[paper.digests[-1]], site.position[paper.key]
    return (papers[i - 1] if i else None), (papers[i + 1] if i + 1 < len(papers) else None)


def absolute_url(site: Site, path: str) -> str:
    """A page's full address, when the site's is known."""
    base = site.collection.site_url
    return base.rstrip("/") + "/" + page_url(path, site.directory_urls) if base else ""


def page_meta(title: str, description: str) -> dict:
    """A page's ``title`` and meta ``description`` for the theme, HTML-escaped, quotes too: MkDocs
    themes print both unescaped, and into attributes (Material's base.html writes the description
    into one, where an abstract's ``"><script>`` ran; a fork's ``title="{{ page.title }}"`` let a
    title's ``" onfocus="…`` run), so they hold text as HTML."""
    return {"title": html.escape(f"\u2068{title}\u2069" if EMBEDDING.search(title) else title),
            "description": html.escape(description)}


# An override or embedding (U+202A-U+202E) or isolate (U+2066-U+2069) a title opens: in the window's
# title it ran on into the site's own " - Site name", reversed; isolated (FSI … PDI) it stops at the title's end
EMBEDDING = re.compile("[\u202a-\u202e\u2066-\u2069]")


def paper_front_matter(paper: Paper) -> dict:
    """Front matter of a paper page: ``title`` and ``description`` (the summary), HTML-escaped
    plain text for the theme (:func:`page_meta`);
    ``paper`` holds the text verbatim and why each topic was given; ``citation`` is what the
    page's head tells reference managers (``theme/partials/ds-meta.html``), dated by the paper's
    own date only. Everything else about the paper is in ``papers.json``."""
    return {
        **page_meta(paper.title_text, paper.summary),
        "paper": {
            "id": paper.id,
            "slug": paper.slug,
            "title": paper.title,
            "abstract": paper.abstract,
            "topics": [{"topic": m.topic, "score": m.score, "terms": list(m.terms)} for m in paper.topics],
            "source": f"{PurePath(paper.source.path).name}:{paper.source.line}",  # file in content/digests
        },
        "citation": citation.meta(paper, paper.date),
    }


def _index_jobs(c: Collection) -> list[tuple]:
    simple = [(_render_simple, page) for page in SIMPLE_PAGES]
    return [*simple, *((_render_topic, t) for t in c.topics), *((_render_digest, d) for d in c.digests)]


SIMPLE_PAGES = {  # path: template, title (None: the site's name)
    "index.md": ("home.md.j2", None),
    "topics/index.md": ("topics.md.j2", "Topics"),
    "archive.md": ("archive.md.j2", "Digest archive"),
    "search.md": ("search.md.j2", "Search"),
}


def _render_simple(path: str, site: Site) -> list[Page]:
    """A page of the whole collection (home, topics, archive, search): it changes with every
    digest, so it is always made."""
    return [Page(path, None, lambda reads: _simple_page(path, site))]


def _simple_page(path: str, site: Site) -> str:
    c = site.collection
    name, title = SIMPLE_PAGES[path]
    meta = page_meta(title or c.site_name, _description(path, c))
    if path == "index.md":
        meta["feed"] = "feed.xml"
    latest = c.digests[0] if c.digests else None
    latest_papers = site.by_digest[latest.name] if latest else []
    new_counts = Counter(p.digests[0] for p in c.papers if p.digests)  # papers first seen in each digest
    if latest:  # its new papers first: a daily reader's home page showed 20 papers of the day, none new, and no mark
        latest_papers = sorted(latest_papers, key=lambda p: p.digests[0] != latest.name)
    return page_markdown(site.env.get_template(name),
        u=Urls(path, site.directory_urls), front_matter=front_matter(meta),
        papers=c.papers, topics=c.topics, digests=c.digests, latest=latest,
        latest_papers=latest_papers[: c.settings.listing_size], latest_count=len(latest_papers),
        digest_counts={name: len(papers) for name, papers in site.by_digest.items()},
        new_counts={name: new_counts[name] for name in site.by_digest},
        months=archive_months(c.digests) if path == "archive.md" else (),
        **site.lookups)


@dataclass(frozen=True)
class Month:
    """The archive's digests of one month (``anchor``: its heading's id, ``m-2024-05``)."""

    anchor: str
    label: str  # "May 2024", or "Undated"
    year: str
    digests: tuple[Digest, ...]
    short: str = ""  # "May", its link beside its year at the top of the archive ("" for a year alone)


def archive_months(digests: Sequence[Digest]) -> list[Month]:
    """The digests (newest first) by month, in their order: a daily collection's archive holds
    hundreds of them a year, and a reader looking for last March's jumps there from the top."""
    months: dict[str, list[Digest]] = {}
    for d in digests:  # a digest whose name has no date is dated by its newest paper: perhaps a year alone
        months.setdefault(d.date[:7], []).append(d)
    return [Month(f"m-{key}" if key else "undated", _month_label(key), key[:4], tuple(found),
                  calendar.month_abbr[int(key[5:7])] if len(key) == 7 else "")
            for key, found in months.items()]


def _month_label(key: str) -> str:
    """"May 2024" for ``2024-05``; a year alone (a BibTeX file's newest paper dated ``2019``) as it is."""
    if len(key) == 7:
        return f"{calendar.month_name[int(key[5:7])]} {key[:4]}"
    return key or "Undated"


def _description(path: str, c: Collection) -> str:
    """Each page's own meta description."""
    return {
        "index.md": c.settings.description,
        "topics/index.md": f"The {len(c.topics)} topics of {c.site_name}, with their reading lists.",
        "archive.md": f"Every digest of {c.site_name}, newest first: {plural(len(c.digests), 'digest')} "
                      f"of {plural(len(c.papers), 'paper')}.",
        "search.md": f"Search the titles, authors and topics of {plural(len(c.papers), 'paper')}.",
    }[path]


def _render_topic(topic: Topic, site: Site) -> list[Page]:
    """A topic's pages. A topic with subtopics has one page, its newest papers and its
    subtopics: every paper is listed on its subtopic's pages, and listing it twice took a
    quarter of the site at 10,000 papers."""
    papers = site.by_topic.get(topic.slug, [])  # newest first: pages are cut from the oldest
    description = f"{topic.description} {plural(len(papers), 'paper')}.".strip()
    landing = f"topics/{topic.slug}.md"
    if site.lookups["subtopics"].get(topic.slug):
        listings = [dataclasses.replace(pagination.from_start(papers[:pagination.PAGE_SIZE], landing)[0],
                                        total=len(papers))]
    else:
        listings = pagination.from_oldest(papers, landing)
    return [_listing_page("topic.md.j2", listing, site, topic.name, description, topic, topic=topic)
            for listing in listings]


def _render_digest(digest: Digest, site: Site) -> list[Page]:
    """A digest's pages. The digest is left out of their key (its ``repr``, every entry's text,
    took a tenth of a second a build at 10,000 papers): what the template reads of it is recorded."""
    papers = site.by_digest[digest.name]
    title = digest_title(digest)
    description = f"{plural(len(papers), 'paper')} of the digest {title}."
    new = sum(p.digests[0] == digest.name for p in papers)  # first seen in this digest
    older, newer = site.collection.digest_neighbours[digest.name]
    return [_listing_page("digest.md.j2", listing, site, title, description, (new, older, newer), digest=digest,
                          new_count=new, older=older, newer=newer)
            for listing in pagination.from_start(papers, f"digests/{digest.name}.md")]


# A listing page's place in its listing: every page of a topic's listing gets a new total when the
# topic gains a paper, and a new first position, though pages after the first show neither.
LISTING_PLACE = ("total", "first_item")


def _listing_page(template: str, listing: pagination.ListingPage, site: Site, title: str, description: str,
                  inputs: object, **context) -> Page:
    """One page of a paginated listing: the card list and its pager. Pages after the first say
    only what stays true as the collection grows (no totals), so that they stay unchanged.
    ``inputs`` stands for ``context`` in the page's cache key, but for its ``digest``, whose
    reads are recorded."""
    if listing.path != listing.landing:
        title, description = f"{title}, page {listing.number}", f"Page {listing.number} of {title}."
    meta = page_meta(title, description)
    if isinstance(context.get("topic"), Topic):  # its Atom feed, for feed readers to find (theme/ds-base.html)
        meta["feed"] = topic_feed_path(context["topic"])
        meta["feed_title"] = html.escape(context["topic"].name)  # (its feed's title: the site's name and this)
    own = {name: getattr(listing, name) for name in LISTING_PLACE} | {"*": listing}  # in the key only if read
    digest = context.get("digest")
    if digest is not None:
        own |= {f"digest.{name}": value for name, value in vars(digest).items()} | {"digest.*": digest}
    key = (template, dataclasses.replace(listing, items=tuple(p.slug for p in listing.items), **dict.fromkeys(LISTING_PLACE, 0)),
           meta, inputs)

    def make(reads: render_cache.Reads | None) -> str:
        shown, values = listing, context
        if reads:
            shown = reads.own(dataclasses.replace(listing, items=tuple(map(reads.paper, listing.items))), LISTING_PLACE)
            if digest is not None:
                values = {**context, "digest": reads.own(digest, tuple(vars(digest)), "digest.")}
        return page_markdown(site.env.get_template(template),
            listing=shown, papers=shown.items, u=Urls(listing.path, site.directory_urls),
            front_matter=front_matter(meta), **values, **(reads.lookups(site.lookups) if reads else site.lookups))

    return Page(listing.path, key, make, own)
