"""The earlier addresses of renamed topics, kept: ``topics.yml``'s ``aliases``; the numbered
pages of a topic's listing, kept when it gets subtopics (:func:`parent_pages`); and the earlier
addresses of papers' pages, kept: ``collection.yml``'s ``aliases`` (:func:`paper_aliases`: a page
moved, or a page of a site moved from).

A topic renamed, or merged into another, had a page (``topics/OLD/``) and a feed
(``feeds/OLD.xml``) that readers linked and subscribed to. A static site cannot answer with an
HTTP redirect, so each alias gets a small page that sends its reader on, as Hugo's aliases and
MkDocs' ``redirects`` plugin do (``pages/redirect.html.j2``: an immediate ``<meta http-equiv=
"refresh">``, a canonical link for search engines, ``noindex``, and a link for a reader whose
browser does not follow), and a copy of the topic's feed, which feed readers keep reading. The
pages come from ``topics.yml`` and ``collection.yml`` alone, never from what an earlier build published, so a clean
clone's full build makes the same files; they are static files to MkDocs, so no sitemap or
search index lists them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import jinja2

from . import pagination, texmath
from .collect import paper_finder
from .errors import Problem, clipped
from .model import Paper, Topic
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


@dataclass(frozen=True)
class PaperAlias:
    old: str  # the earlier address: a page of the docs folder, papers/SLUG.md, or an earlier site's file (.html)
    paper: Paper  # the paper it sends readers to
    line: int  # of collection.yml

    @property
    def of_this_site(self) -> bool:
        """Whether the address is a paper page's of this site (papers/SLUG/, as MkDocs writes pages)."""
        return self.old.endswith(".md")


def paper_aliases(named: Sequence[tuple[str, str, int]], papers: Sequence[Paper],
                  where: str) -> tuple[list[PaperAlias], list[Problem]]:
    """collection.yml's ``aliases`` (``named``: the address, the paper's name, line) among the
    build's ``papers``, and a warning at each one this build cannot keep: its address is a paper's
    page now, or the name is no paper's (``where``: collection.yml, shown)."""
    if not named:
        return [], []  # (no pass over the papers)
    find, pages = paper_finder(papers), {f"papers/{p.slug}.md": p for p in papers}
    found, problems = [], []
    for old, name, line in named:
        at = find(name)
        if old in pages or at is None:
            why = (f"{page_url(old, True)} is the page of {clipped(pages[old].title)!r}" if old in pages
                   else f"no paper of the collection has the id, title or slug {name!r}")
            problems.append(Problem(where, line, f"the alias '{_shown(old)}' makes no page: {why}", "warning"))
        else:
            found.append(PaperAlias(old, papers[at], line))
    return found, problems


def _shown(old: str) -> str:
    return page_url(old, True) if old.endswith(".md") else old.removesuffix("index.html")


def paper_alias_pages(found: Sequence[PaperAlias], env: jinja2.Environment, directory_urls: bool, site_url: str,
                      language: str, clashes: Callable[[str], bool] | None = None,
                      where: str = "") -> tuple[dict[str, bytes], list[Problem]]:
    """The page at each alias's address that sends its reader to the paper's page. Without
    ``clashes``: those of this site's paper pages (``papers/SLUG/``), at the path MkDocs would give
    the page ``papers/SLUG.md``. With it (whether the site has a file of its own at a path): those
    of an earlier site's pages, at that file, unless the site has one there (a warning at the
    alias's line of ``where``, collection.yml)."""
    template = env.get_template("redirect.html.j2") if found else None
    files, problems = {}, []
    for alias in found:
        if alias.of_this_site != (clashes is None):
            continue
        target, title = f"papers/{alias.paper.slug}.md", texmath.to_text(alias.paper.title)
        if alias.of_this_site:
            files.update(_redirect(template, alias.old, target, title, directory_urls, site_url, language, "paper"))
        elif clashes(alias.old):
            problems.append(Problem(where, alias.line, f"the alias '{_shown(alias.old)}' makes no page: the site has a "
                                                       "page or file of its own there", "warning"))
        else:
            url = page_url(target, directory_urls)
            relative = posixpath.relpath(url, posixpath.dirname(alias.old) or ".") + ("/" if url.endswith("/") else "")
            files[alias.old] = template.render(
                name=title, url=relative, language=language, kind="paper",
                canonical=_absolute(site_url, target, directory_urls) or relative).encode("utf-8")
    return files, problems


def alias_pages(found: Sequence[Alias], env: jinja2.Environment, directory_urls: bool, site_url: str,
                language: str, pages: Iterable[str] = ()) -> dict[str, bytes]:
    """Each alias's page, at the path MkDocs would give a page ``topics/SLUG.md``, and one for
    each numbered page of its topic's listing among ``pages`` (the site's Markdown paths:
    ``topics/TOPIC/3.md`` gets ``topics/SLUG/3/``, which sends its reader to that page). A
    listing's numbered page always holds the same papers (:func:`generator.pagination.from_oldest`),
    so a renamed topic's page 3 is the old one's; a link to a later page of a topic merged into
    a smaller one is left to the 404 page."""
    if not found:
        return {}  # (no pass over the site's pages)
    template = env.get_template("redirect.html.j2")
    numbered = _numbered(pages, {alias.topic.slug for alias in found})
    files = {}
    for alias in found:
        for old, target in [(f"topics/{alias.slug}.md", f"topics/{alias.topic.slug}.md"),
                            *((f"topics/{alias.slug}/{n}.md", f"topics/{alias.topic.slug}/{n}.md")
                              for n in numbered.get(alias.topic.slug, ()))]:
            files.update(_redirect(template, old, target, alias.topic.name, directory_urls, site_url, language))
    return files


def parent_pages(topics: Sequence[Topic], members: Mapping[str, Sequence[int]], env: jinja2.Environment,
                 directory_urls: bool, site_url: str, language: str) -> dict[str, bytes]:
    """A page at each numbered address the listing of a topic with subtopics would have, sending
    its reader to the topic's page: such a topic's page lists only its newest papers, and its
    subtopics' pages the rest, so a topic that got subtopics (one past ``suggest.SUBTOPICS_FROM``
    papers gets suggested ones) lost the numbered pages it had, and links to them broke. Made
    from the topic's size alone, as :func:`generator.pagination.from_oldest` numbers its pages."""
    parents = {t.parent for t in topics if t.parent}
    template = env.get_template("redirect.html.j2") if parents else None
    files = {}
    for topic in topics:
        if topic.slug in parents:
            landing = f"topics/{topic.slug}.md"
            for page in pagination.from_oldest(members.get(topic.slug, ()), landing, pagination.PAGE_SIZE)[1:]:
                files.update(_redirect(template, page.path, landing, topic.name, directory_urls, site_url, language))
    return files


def _redirect(template: jinja2.Template, old: str, target: str, name: str, directory_urls: bool, site_url: str,
              language: str, kind: str = "topic") -> dict[str, bytes]:
    """The page at the address MkDocs would give the page ``old`` that sends its reader to ``target``
    (the page of a ``kind``, "topic" or "paper", named ``name``)."""
    url = page_url(old, directory_urls)
    relative = Urls(old, directory_urls).page(target)
    return {url + "index.html" if url.endswith("/") else url: template.render(
        name=name, url=relative, language=language, canonical=_absolute(site_url, target, directory_urls) or relative,
        kind=kind).encode("utf-8")}


def _numbered(pages: Iterable[str], slugs: Collection[str]) -> dict[str, list[int]]:
    """Topic slug (of ``slugs``) → the numbers of its listing's numbered pages among ``pages``."""
    found: dict[str, list[int]] = {}
    for path in pages:
        if path.startswith("topics/") and path.endswith(".md") and path.count("/") == 2:
            slug, number = path[len("topics/"):-len(".md")].split("/")
            if slug in slugs and number.isdigit():
                found.setdefault(slug, []).append(int(number))
    return {slug: sorted(numbers) for slug, numbers in found.items()}


def _absolute(site_url: str, page: str, directory_urls: bool) -> str:
    """A page's full address (as :func:`generator.render.absolute_url` makes it), when the site's is known."""
    return site_url.rstrip("/") + "/" + page_url(page, directory_urls) if site_url else ""


def alias_files(found: Sequence[Alias], files: Mapping[str, bytes]) -> dict[str, bytes]:
    """A copy of each aliased topic's feed and BibTeX file at the alias's addresses
    (``feeds/OLD.xml``, ``topics/OLD.bib``): the feed's entries' ids are the papers' addresses, so a
    subscriber of the old feed sees no entry twice; the old topic page linked the ``.bib``."""
    copies = {}
    for alias in found:
        for kind, ending in (("feeds", ".xml"), ("topics", ".bib"), ("topics", ".bib.gz")):
            if (path := f"{kind}/{alias.topic.slug}{ending}") in files:
                copies[f"{kind}/{alias.slug}{ending}"] = files[path]
    return copies


def published(found: Sequence[Alias]) -> list[Topic]:
    """The aliases as topics whose pages this build makes (for the notes of pages gone)."""
    return [Topic(slug=a.slug, name=a.topic.name, description="") for a in found]
