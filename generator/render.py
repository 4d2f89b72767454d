"""Render the collection to Markdown pages with YAML front matter, from ``site_templates/pages``.

Templates receive records and escape everything they print; page bodies are HTML blocks, so
digest text never becomes Markdown structure. Front matter is written by the YAML library.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePath
from urllib.parse import urlsplit

import jinja2
import yaml
from markupsafe import Markup, escape

from . import parallel
from .links import safe_url
from .model import Digest, Paper, Topic

try:  # libyaml is ~10x faster and ships in PyYAML's wheels
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as Dumper

LINK_LABELS = {"code": "Code", "notebook": "Notebook", "video": "Video", "project": "Project page", "paper": "Paper"}


@dataclass(frozen=True)
class Collection:
    """Everything the pages show, in display order (newest digest first)."""

    site_name: str
    settings: object
    papers: tuple[Paper, ...]
    topics: tuple[Topic, ...]
    digests: tuple[Digest, ...]  # newest first

    @cached_property
    def topic_names(self) -> dict[str, str]:
        return {t.slug: t.name for t in self.topics}

    @cached_property
    def topic_members(self) -> dict[str, list[int]]:
        """Topic slug → the indexes of its papers, in display order."""
        members: dict[str, list[int]] = {t.slug: [] for t in self.topics}
        for i, paper in enumerate(self.papers):
            for match in paper.topics:
                members.setdefault(match.topic, []).append(i)
        return members


def page_url(page: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a Markdown file, relative to the site root."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        folder = stem.removesuffix("index")
        return folder if directory_urls else folder + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


class Urls:
    """Relative links from one page, so the site works from any folder and offline."""

    def __init__(self, page: str, directory_urls: bool):
        self.directory_urls = directory_urls
        self.root = "../" * page_url(page, directory_urls).count("/")

    def page(self, page: str) -> str:
        return self.root + page_url(page, self.directory_urls) or "./"

    def file(self, path: str) -> str:
        return self.root + path

    def paper(self, slug: str) -> str:
        return self.page(f"papers/{slug}.md")

    def topic(self, slug: str) -> str:
        return self.page(f"topics/{slug}.md")

    def digest(self, name: str) -> str:
        return self.page(f"digests/{name}.md")


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir / "pages"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["t"] = text
    env.filters["host"] = lambda url: urlsplit(url).hostname or ""
    return env


def text(value: str) -> Markup:
    """Escape digest text for an HTML block."""
    return keep_whitespace(str(escape(value)))


def keep_whitespace(markup: str) -> Markup:
    """Line ends and tabs as entities: they keep the HTML block in one piece, and Python-Markdown
    (which expands tabs to spaces) leaves them as they are."""
    return Markup(markup.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;"))


def front_matter(data: dict) -> Markup:
    body = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return Markup(f"---\n{body}---\n")


def render_pages(collection: Collection, env: jinja2.Environment, directory_urls: bool) -> list[tuple[str, str]]:
    """``(path, markdown)`` for every page of the site, rendered by worker processes when the
    collection is large. The listing pages go first: they are the slowest, and so are spread
    best when started first."""
    site = Site.of(collection, env, directory_urls)
    jobs = [*_index_jobs(collection), *((render_paper, p) for p in collection.papers)]
    return parallel.map_items(lambda job: job[0](job[1], site), jobs)


@dataclass(frozen=True)
class Site:
    """What every page shares: the collection, the templates and the collection-wide lookups."""

    collection: Collection
    env: jinja2.Environment
    directory_urls: bool
    by_slug: dict[str, Paper]
    by_topic: dict[str, list[Paper]]  # in display order
    by_digest: dict[str, list[Paper]]
    lookups: dict  # for every template: topic names and counts, digest titles, settings, …

    @classmethod
    def of(cls, c: Collection, env: jinja2.Environment, directory_urls: bool) -> Site:
        by_topic = {slug: [c.papers[i] for i in members] for slug, members in c.topic_members.items()}
        by_digest: dict[str, list[Paper]] = {d.name: [] for d in c.digests}
        for p in c.papers:
            for name in p.digests:
                by_digest.setdefault(name, []).append(p)
        lookups = {
            "topic_names": c.topic_names,
            "topic_counts": {slug: len(papers) for slug, papers in by_topic.items()},
            "digest_titles": {d.name: digest_title(d) for d in c.digests},
            "site_name": c.site_name,
            "settings": c.settings,
            "link_labels": LINK_LABELS,
        }
        return cls(c, env, directory_urls, {p.slug: p for p in c.papers}, by_topic, by_digest, lookups)


def digest_title(digest: Digest) -> str:
    name = digest.name
    if digest.date and name.startswith(digest.date):
        rest = name[len(digest.date):].strip("-_ ").replace("-", " ").replace("_", " ")
        return f"{digest.date} · {rest}" if rest else digest.date
    return name


def render_paper(paper: Paper, site: Site) -> tuple[str, str]:
    path = f"papers/{paper.slug}.md"
    return path, site.env.get_template("paper.md.j2").render(
        paper=paper,
        u=Urls(path, site.directory_urls),
        front_matter=front_matter(paper_front_matter(paper)),
        title_html=keep_whitespace(paper.title_html),
        abstract_html=keep_whitespace(paper.abstract_html),
        links=paper.links,
        source_url=safe_url(paper.url) if paper.url else None,
        related=[site.by_slug[s] for s in paper.related if s in site.by_slug],
        **site.lookups,
    )


def paper_front_matter(paper: Paper) -> dict:
    """Front matter of a paper page: ``title`` is HTML-escaped plain text for the theme (MkDocs
    themes print it unescaped); ``paper`` holds the text verbatim and why each topic was given.
    Everything else about the paper is in ``papers.json``."""
    return {
        "title": html.escape(paper.title_text, quote=False),
        "paper": {
            "id": paper.id,
            "slug": paper.slug,
            "title": paper.title,
            "abstract": paper.abstract,
            "topics": [{"topic": m.topic, "score": m.score, "terms": list(m.terms)} for m in paper.topics],
            "source": f"{PurePath(paper.source.path).name}:{paper.source.line}",  # file in content/digests
        },
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


def _render_simple(path: str, site: Site) -> tuple[str, str]:
    c = site.collection
    name, title = SIMPLE_PAGES[path]
    meta = {"title": html.escape(title or c.site_name, quote=False), "hide": ["toc"]}
    if path == "search.md":
        meta["template"] = "search-page.html"
    latest = c.digests[0] if c.digests else None
    latest_papers = site.by_digest[latest.name] if latest else []
    return path, site.env.get_template(name).render(
        u=Urls(path, site.directory_urls), front_matter=front_matter(meta),
        papers=c.papers, topics=c.topics, digests=c.digests, latest=latest,
        latest_papers=latest_papers[: c.settings.listing_size], latest_count=len(latest_papers),
        digest_counts={name: len(papers) for name, papers in site.by_digest.items()},
        **site.lookups)


def _render_topic(topic: Topic, site: Site) -> tuple[str, str]:
    path = f"topics/{topic.slug}.md"
    papers = sorted(site.by_topic.get(topic.slug, []),
                    key=lambda p: -next(m.score for m in p.topics if m.topic == topic.slug))
    meta = {"title": html.escape(topic.name, quote=False), "hide": ["toc"]}
    return path, site.env.get_template("topic.md.j2").render(
        topic=topic, papers=papers, u=Urls(path, site.directory_urls), front_matter=front_matter(meta), **site.lookups)


def _render_digest(digest: Digest, site: Site) -> tuple[str, str]:
    path = f"digests/{digest.name}.md"
    papers = site.by_digest[digest.name]
    meta = {"title": html.escape(digest_title(digest), quote=False), "hide": ["toc"]}
    return path, site.env.get_template("digest.md.j2").render(
        digest=digest, papers=papers, u=Urls(path, site.directory_urls), front_matter=front_matter(meta), **site.lookups)
