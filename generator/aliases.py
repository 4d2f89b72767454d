"""The earlier addresses of renamed topics, kept: ``topics.yml``'s ``aliases``.

A topic renamed, or merged into another, had a page (``topics/OLD/``) and a feed
(``feeds/OLD.xml``) that readers linked and subscribed to. A static site cannot answer with an
HTTP redirect, so each alias gets a small page that sends its reader on, as Hugo's aliases and
MkDocs' ``redirects`` plugin do (``pages/redirect.html.j2``: an immediate ``<meta http-equiv=
"refresh">``, a canonical link for search engines, ``noindex``, and a link for a reader whose
browser does not follow), and a copy of the topic's feed, which feed readers keep reading. The
pages come from ``topics.yml`` alone, never from what an earlier build published, so a clean
clone's full build makes the same files; they are static files to MkDocs, so no sitemap or
search index lists them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import jinja2

from .errors import Problem
from .model import Topic
from .render import Urls, page_url


@dataclass(frozen=True)
class Alias:
    slug: str  # the address's slug: topics/SLUG/
    topic: Topic  # the topic it sends readers to


def aliases(chosen: Sequence[Topic], topics: Sequence[Topic], where: str) -> tuple[list[Alias], list[Problem]]:
    """The aliases of the topics file's topics (``chosen``) among the build's ``topics``, and a
    warning at each one this build cannot keep: a suggested subtopic took its slug (its page is
    that one's), or its topic has no page (no paper of the collection has it)."""
    pages = {t.slug: t for t in topics}
    found, problems = [], []
    for topic in chosen:
        for slug, line in topic.aliases:
            if slug in pages or topic.slug not in pages:
                why = (f"topics/{slug}/ is the page of '{pages[slug].name}'" if slug in pages
                       else f"'{topic.name}' has no page")
                problems.append(Problem(where, line, f"the alias '{slug}' makes no page: {why}", "warning"))
            else:
                found.append(Alias(slug, pages[topic.slug]))
    return found, problems


def alias_pages(found: Sequence[Alias], env: jinja2.Environment, directory_urls: bool, site_url: str,
                language: str) -> dict[str, bytes]:
    """Each alias's page, at the path MkDocs would give a page ``topics/SLUG.md``."""
    template = env.get_template("redirect.html.j2")
    files = {}
    for alias in found:
        page = f"topics/{alias.slug}.md"
        url = page_url(page, directory_urls)
        target = f"topics/{alias.topic.slug}.md"
        path = url + "index.html" if url.endswith("/") else url
        relative = Urls(page, directory_urls).topic(alias.topic.slug)
        files[path] = template.render(name=alias.topic.name, url=relative, language=language,
                                      canonical=_absolute(site_url, target, directory_urls) or relative).encode("utf-8")
    return files


def _absolute(site_url: str, page: str, directory_urls: bool) -> str:
    """A page's full address (as :func:`generator.render.absolute_url` makes it), when the site's is known."""
    return site_url.rstrip("/") + "/" + page_url(page, directory_urls) if site_url else ""


def alias_feeds(found: Sequence[Alias], files: Mapping[str, bytes]) -> dict[str, bytes]:
    """A copy of each aliased topic's feed at the alias's feed address (``feeds/SLUG.xml``): its
    entries' ids are the papers' addresses, so a subscriber of the old feed sees no entry twice."""
    return {f"feeds/{a.slug}.xml": files[f"feeds/{a.topic.slug}.xml"] for a in found if f"feeds/{a.topic.slug}.xml" in files}


def published(found: Sequence[Alias]) -> list[Topic]:
    """The aliases as topics whose pages this build makes (for the notes of pages gone)."""
    return [Topic(slug=a.slug, name=a.topic.name, description="") for a in found]
