"""The earlier addresses of renamed topics, kept: ``topics.yml``'s ``aliases``; the numbered
pages of a topic's listing, kept when it gets subtopics (:func:`parent_pages`); and the earlier
addresses of papers' and digests' pages, kept: ``collection.yml``'s ``aliases``
(:func:`page_aliases`: a page moved, a digest file renamed, or a paper's page of a site moved from).

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
from .collect import DIGEST_PAGES, paper_finder
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
class PageAlias:
    """An earlier address of a paper's or a digest's page (``collection.yml``'s ``aliases``)."""

    old: str  # the address: a page of the docs folder (papers/SLUG.md, digests/NAME.md), or an earlier site's file
    target: str  # the page it sends readers to: papers/SLUG.md or digests/NAME.md
    name: str  # that page's title, as plain text
    line: int  # of collection.yml

    @property
    def of_this_site(self) -> bool:
        """Whether the address is a page of this site (papers/SLUG/, digests/NAME/, as MkDocs writes pages)."""
        return self.old.endswith(".md")

    @property
    def kind(self) -> str:
        return "digest" if self.target.startswith(DIGEST_PAGES) else "paper"


def page_aliases(named: Sequence[tuple[str, str, int]], papers: Sequence[Paper], digests: Collection[str],
                 where: str) -> tuple[list[PageAlias], list[Problem]]:
    """collection.yml's ``aliases`` (``named``: the address, the name of the paper or digest its
    page is now, line) among the build's ``papers`` and ``digests`` (their names), and a warning at
    each one this build cannot keep: its address is a page of the site now, or the name is no
    paper's or digest's (``where``: collection.yml, shown). An address in digests/ names a digest
    (by its name, as its file's, or its page's address); any other, a paper."""
    if not named:
        return [], []  # (no pass over the papers)
    find, pages = paper_finder(papers), {f"papers/{p.slug}.md": p.title for p in papers}
    pages |= {f"{DIGEST_PAGES}{name}.md": name for name in digests}
    found, problems = [], []
    for old, name, line in named:
        if old.startswith(DIGEST_PAGES):  # (its name as options.earlier_addresses read it)
            target = f"{DIGEST_PAGES}{name}.md" if name in digests else None
            title, missing = name, f"no digest of the collection is named {name!r}"
        else:
            at = find(name)
            target = None if at is None else f"papers/{papers[at].slug}.md"
            title, missing = "" if at is None else texmath.to_text(papers[at].title), \
                f"no paper of the collection has the id, title or slug {name!r}"
        if old in pages or target is None:
            why = f"{page_url(old, True)} is the page of {clipped(pages[old])!r}" if old in pages else missing
            problems.append(Problem(where, line, f"the alias '{_shown(old)}' makes no page: {why}", "warning"))
        else:
            found.append(PageAlias(old, target, title, line))
    return found, problems


def kept_pages(found: Sequence[PageAlias], folder: str) -> set[str]:
    """The slugs or names of the pages of ``folder`` (``papers/``, ``digests/``) whose earlier
    addresses ``found`` keeps."""
    return {a.old[len(folder):-len(".md")] for a in found if a.of_this_site and a.old.startswith(folder)}


def _shown(old: str) -> str:
    """An alias's address as a reader writes it (the site's root page's as "index.html", not "")."""
    return page_url(old, True) if old.endswith(".md") else old.removesuffix("index.html") or old


def page_alias_pages(found: Sequence[PageAlias], env: jinja2.Environment, directory_urls: bool, site_url: str,
                     language: str, pages: Iterable[str] = ()) -> dict[str, bytes]:
    """The page at each alias's address of this site's (``papers/SLUG/``, ``digests/NAME/``), at
    the path MkDocs would give the page ``papers/SLUG.md``, that sends its reader to the page it
    names; and one for each numbered page of a digest's listing among ``pages`` (the site's
    Markdown paths: a renamed digest's page 2 is its old name's)."""
    found = [alias for alias in found if alias.of_this_site]
    if not found:
        return {}  # (no pass over the site's pages)
    template = env.get_template("redirect.html.j2")
    numbered = _numbered(pages, {a.target[len(DIGEST_PAGES):-len(".md")] for a in found if a.kind == "digest"},
                         DIGEST_PAGES)
    files = {}
    for alias in found:
        old, target = alias.old.removesuffix(".md"), alias.target.removesuffix(".md")
        for n in ["", *(f"/{n}" for n in numbered.get(target[len(DIGEST_PAGES):], ()))]:
            files.update(_redirect(template, f"{old}{n}.md", f"{target}{n}.md", alias.name, directory_urls, site_url,
                                   language, alias.kind))
    return files


def earlier_site_pages(found: Sequence[PageAlias], env: jinja2.Environment, directory_urls: bool, site_url: str,
                       language: str, clashes: Callable[[str], bool], where: str) -> tuple[dict[str, bytes], list[Problem]]:
    """The page at each alias's address of an earlier site's, at the file it names, that sends its
    reader to the paper's page; unless the site has a file of its own there (``clashes``: whether
    it has one at a path): a warning at the alias's line of ``where``, collection.yml."""
    files, problems = {}, []
    for alias in found:
        if alias.of_this_site:
            continue
        if clashes(alias.old):
            problems.append(Problem(where, alias.line, f"the alias '{_shown(alias.old)}' makes no page: the site has a "
                                                       "page or file of its own there", "warning"))
            continue
        url = page_url(alias.target, directory_urls)
        relative = posixpath.relpath(url, posixpath.dirname(alias.old) or ".") + ("/" if url.endswith("/") else "")
        files[alias.old] = env.get_template("redirect.html.j2").render(
            name=alias.name, url=relative, language=language, kind=alias.kind,
            canonical=_absolute(site_url, alias.target, directory_urls) or relative).encode("utf-8")
    return files, problems


def page_alias_files(found: Sequence[PageAlias], files: Mapping[str, bytes]) -> dict[str, bytes]:
    """A copy of each aliased digest's BibTeX file at the alias's address (``digests/OLD.bib``,
    or ``.bib.gz``), which the old page linked."""
    copies = {}
    for alias in found:
        if alias.kind == "digest" and alias.of_this_site:
            for ending in (".bib", ".bib.gz"):
                if (path := alias.target.removesuffix(".md") + ending) in files:
                    copies[alias.old.removesuffix(".md") + ending] = files[path]
    return copies


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
    numbered = _numbered(pages, {alias.topic.slug for alias in found}, "topics/")
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
    (the page of a ``kind``, "topic", "paper" or "digest", named ``name``)."""
    url = page_url(old, directory_urls)
    relative = Urls(old, directory_urls).page(target)
    return {url + "index.html" if url.endswith("/") else url: template.render(
        name=name, url=relative, language=language, canonical=_absolute(site_url, target, directory_urls) or relative,
        kind=kind).encode("utf-8")}


def _numbered(pages: Iterable[str], slugs: Collection[str], folder: str) -> dict[str, list[int]]:
    """Slug (of ``slugs``) → the numbers of the numbered pages of its listing in ``folder``
    (``topics/``, ``digests/``) among ``pages``."""
    found: dict[str, list[int]] = {}
    if not slugs:
        return found  # (no pass over the site's pages)
    for path in pages:
        if path.startswith(folder) and path.endswith(".md") and path.count("/") == 2:
            slug, number = path[len(folder):-len(".md")].split("/")
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
