"""Render the collection to Markdown pages with YAML front matter, from ``site_templates/pages``.

Templates receive records and escape everything they print; page bodies are HTML blocks, so
digest text never becomes Markdown structure. Front matter is written by the YAML library.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from urllib.parse import urlsplit

import jinja2
import yaml
from markupsafe import Markup, escape

from . import texmath
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


def render_pages(collection: Collection, env: jinja2.Environment, directory_urls: bool) -> Iterator[tuple[str, str]]:
    """Yield ``(path, markdown)`` for every page of the site."""
    shared = _shared(collection)
    yield from _paper_pages(collection, env, directory_urls, shared)
    yield from _index_pages(collection, env, directory_urls, shared)


def _shared(c: Collection) -> dict:
    by_slug = {p.slug: p for p in c.papers}
    counts = {t.slug: 0 for t in c.topics}
    for p in c.papers:
        for m in p.topics:
            counts[m.topic] = counts.get(m.topic, 0) + 1
    return {
        "by_slug": by_slug,
        "topic_names": {t.slug: t.name for t in c.topics},
        "topic_counts": counts,
        "digest_titles": {d.name: digest_title(d) for d in c.digests},
        "site_name": c.site_name,
        "settings": c.settings,
        "link_labels": LINK_LABELS,
    }


def digest_title(digest: Digest) -> str:
    name = digest.name
    if digest.date and name.startswith(digest.date):
        rest = name[len(digest.date):].strip("-_ ").replace("-", " ").replace("_", " ")
        return f"{digest.date} · {rest}" if rest else digest.date
    return name


def _paper_pages(c: Collection, env: jinja2.Environment, directory_urls: bool, shared: dict):
    template = env.get_template("paper.md.j2")
    for paper in c.papers:
        path = f"papers/{paper.slug}.md"
        yield path, template.render(
            paper=paper,
            u=Urls(path, directory_urls),
            front_matter=front_matter(paper_front_matter(paper)),
            title_html=keep_whitespace(texmath.to_html(paper.title)),
            abstract_html=keep_whitespace(texmath.to_html(paper.abstract)),
            links=paper.links,
            source_url=safe_url(paper.url) if paper.url else None,
            related=[shared["by_slug"][s] for s in paper.related if s in shared["by_slug"]],
            **_without(shared, "by_slug"),
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


def _without(d: dict, *keys: str) -> dict:
    return {k: v for k, v in d.items() if k not in keys}


def _index_pages(c: Collection, env: jinja2.Environment, directory_urls: bool, shared: dict):
    ctx = _without(shared, "by_slug")
    simple = {"index.md": "home.md.j2", "topics/index.md": "topics.md.j2", "archive.md": "archive.md.j2",
              "search.md": "search.md.j2"}
    titles = {"index.md": c.site_name, "topics/index.md": "Topics", "archive.md": "Digest archive", "search.md": "Search"}
    latest = c.digests[0] if c.digests else None
    latest_papers = [p for p in c.papers if latest and latest.name in p.digests]
    extra = {
        "papers": c.papers, "topics": c.topics, "digests": c.digests, "latest": latest,
        "latest_papers": latest_papers[: c.settings.listing_size], "latest_count": len(latest_papers),
        "digest_counts": {d.name: sum(d.name in p.digests for p in c.papers) for d in c.digests},
    }
    for path, name in simple.items():
        meta = {"title": html.escape(titles[path], quote=False), "hide": ["toc"]}
        if path == "search.md":
            meta["template"] = "search-page.html"
        yield path, env.get_template(name).render(
            u=Urls(path, directory_urls), front_matter=front_matter(meta), **extra, **ctx)
    yield from _topic_pages(c, env, directory_urls, ctx)
    yield from _digest_pages(c, env, directory_urls, ctx)


def _topic_pages(c: Collection, env: jinja2.Environment, directory_urls: bool, ctx: dict):
    template = env.get_template("topic.md.j2")
    for topic in c.topics:
        path = f"topics/{topic.slug}.md"
        papers = [p for p in c.papers if any(m.topic == topic.slug for m in p.topics)]
        papers.sort(key=lambda p: -next(m.score for m in p.topics if m.topic == topic.slug))
        meta = {"title": html.escape(topic.name, quote=False), "hide": ["toc"]}
        yield path, template.render(topic=topic, papers=papers, u=Urls(path, directory_urls),
                                    front_matter=front_matter(meta), **ctx)


def _digest_pages(c: Collection, env: jinja2.Environment, directory_urls: bool, ctx: dict):
    template = env.get_template("digest.md.j2")
    for digest in c.digests:
        path = f"digests/{digest.name}.md"
        papers = [p for p in c.papers if digest.name in p.digests]
        meta = {"title": html.escape(digest_title(digest), quote=False), "hide": ["toc"]}
        yield path, template.render(digest=digest, papers=papers, u=Urls(path, directory_urls),
                                    front_matter=front_matter(meta), **ctx)
