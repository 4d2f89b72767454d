"""The build, top to bottom: read → collect → enrich → topics → related → render → index → export → write → MkDocs.

Each step is a pure function of records except ``write`` and ``mkdocs``; ``BuildReport`` carries
timings per stage and every problem found, for the CLI and the benchmark. A rebuild whose inputs
and outputs are those the last build left does nothing (``up_to_date``).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import logging
import os
import posixpath
import re
import time
import traceback
import unicodedata
import urllib.parse
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

import jinja2
import yaml
from mkdocs.utils import is_markdown_file
from mkdocs.utils.meta import YAML_RE

from . import (bibtex, export, hosting, parallel, render, render_cache, search_site, site_settings, sitemap, stylesheet,
               templates, up_to_date, vectors, writer, yaml_files)
from .aliases import (Alias, PageAlias, alias_files, alias_pages, aliases, earlier_site_pages, kept_pages, page_alias_files,
                      page_alias_pages, page_aliases, parent_pages)
from .aliases import published as published_aliases
from .cache import BuildCache, enrich_all, read_all
from .collect import (RESERVED, addresses_moved, collect, digests_moved, missing_records, moved, published,
                      published_addresses,
                      published_paper_topics, published_topics, topics_gone, topics_moved)
from .config import RETIRED_CSS, Project, key_line, load_mkdocs
from .errors import NO_LINE, LINK, DigestSiteError, InputError, Problem
from .errors import display_path as _display
from .lock import project_lock
from .model import Digest, Paper, Topic
from .readers import not_a_digest, read_digest, set_aside
from .render_cache import MarkdownCache
from .related import topic_bonus
from .related_memo import related_papers
from .select import about_kept, select, unnamed
from .subtopics import file_others
from .topic_memo import match_topics, suggested_topics, topic_words
from .topics import load_topics_file, main_topics, model_digests, model_records, pin_papers

log = logging.getLogger("digest_site")
DIGEST_NAME_CHARS = 121  # the longest digest name, before its extension (scaffold.MAX_NAME fits it)
DIGEST_NAME = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{DIGEST_NAME_CHARS - 1}}}")
# The suffixes of the files the build writes beside a digest's page, digests/NAME/: a digest named
# "2026-01-01-x.bib" had its page where "2026-01-01-x"'s BibTeX file goes, and the build stopped
# at "File exists", naming neither digest
BESIDE_PAGE = (".bib", ".bib.gz")
# The names MkDocs gives a folder's own page (index.md, README.md): a digest "README.json" beside
# "index.json" failed the build at "Excluding 'digests/README.md' … conflicts with 'digests/index.md'"
# (either alone is the folder's page, linked where MkDocs puts it)
FOLDER_PAGE = ("index", "readme")
ASSETS = ("digest-site.js", "search.js")  # copied as they are (the stylesheets are one built file: stylesheet.py)
# Papers up to which a build that reuses earlier builds' work makes the search files, and the exports
# (papers.json, feeds, BibTeX files), each in a forked process beside the render stage: a new
# digest's rebuild of 10,000 papers took 1.2 s to make the search files and 0.5 s the exports, the
# rendering of its pages 0.7 s, each on one core of two. Their copies of what they read cost memory:
# a full build of 30,000 papers (every page rendered, on every core already) peaked at 1,399 MB with
# the search's and 969 MB without, for no gain in time; at 100,000 papers the peak would pass its 3 GB target.
SEARCH_BESIDE_UP_TO = 30_000
EXPORT_IN_WORKERS = 5000  # papers from which worker processes make the exports, BibTeX files and feeds
READ_IN_WORKERS = 20_000_000  # bytes of digest files from which worker processes read them (about 10,000 papers)
DEFAULT_FEED_SIZE = 50  # papers in each feed at least, unless collection.yml sets feed_size
FEED_AT_MOST = 1000  # and at most (about 700 KB of Atom), unless it sets more


@dataclass
class BuildReport:
    papers: int = 0
    digests: int = 0
    topics: int = 0
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    topics_suggested: bool = False  # no topics file: the build suggested the topics
    topics_curated: bool = True  # False without a topics file, or with one that says `suggested: true`
    pages: dict = field(default_factory=dict)  # the paper pages made: collect.published
    # problems telling what changed since the last build (pages moved or gone, addresses changed): a
    # rebuild with nothing changed since this one does not say them again (up_to_date.record)
    changes: list[Problem] = field(default_factory=list)
    up_to_date: bool = False  # nothing changed since the last build: it did nothing (up_to_date.py)
    date: str = ""  # the newest digest's date: the site's date (sitemap.xml.gz's mtime), never the clock
    announce: Callable[[str], None] | None = None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self.announce:
            self.announce(name)
        parallel.release_freed_memory()  # what earlier stages freed, given back before this one allocates
        start = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


@dataclass(frozen=True)
class Generated:
    """The docs folder's files (relative POSIX path → bytes, the spooled file holding them, or
    ``Kept``: held by the docs folder already); counts and dates go to the report."""

    files: dict[str, bytes | writer.Spooled | writer.Kept]


def build(project: Project, *, skip_invalid: bool = False, strict: bool = True, full: bool = False,
          report: BuildReport | None = None) -> BuildReport:
    """Generate the Markdown site into ``docs_dir`` and render it with MkDocs into ``site_dir``,
    reusing what earlier builds left in the build cache unless ``full``."""
    report = report or BuildReport()
    cache = BuildCache.of(project.root, full=full)
    if os.path.ismount(project.site_dir.resolve()):
        raise DigestSiteError(mount_point(project.site_dir.resolve()))
    with writer.published_modes(), project_lock(project.docs_dir, waiting=_waiting), \
            no_cycle_collection():  # (MkDocs turns it on to render)
        writer.clear_abandoned(project.site_dir.resolve())  # a killed build's half-done update undone first,
        # whatever this build does (an input error stops it before the staging, which undid it too)
        with report.stage("last build"):
            inputs = up_to_date.inputs_hash(project, {"skip_invalid": skip_invalid, "strict": strict})
            last = up_to_date.unchanged(project, cache, inputs)
        if last is not None:  # the last build's site, from the same inputs: nothing to do
            up_to_date.restore(report, last)
            return report
        docs = _generate_docs(project, report, skip_invalid, cache)
        site_dir = project.site_dir.resolve()  # a linked site_dir (a web server's folder) stays a link
        with writer.staging(site_dir) as staged:
            with report.stage("mkdocs"):
                kept = run_mkdocs(project, staged, strict=strict, date=report.date, cache=cache, published=site_dir,
                                  stamps=docs.stamps)
            with report.stage("publish"):
                site = writer.publish(staged, site_dir, kept)
                cache.history().save(PUBLISHED, report.pages)
                report.problems += site_size(project, site_dir, site)
        with report.stage("last build"):
            up_to_date.record(project, cache, inputs, report, {"docs": docs.stamps or docs.files, "site": site})
    return report


def undo_killed_update(root: Path, site_dir: Path | None = None) -> None:
    """What a killed build left half done beside the site undone, for a build that stops at an error
    in its settings before :func:`build` runs (which undoes it first): the last good site stays as
    it was, as when the error is a digest's. Nothing is done when ``mkdocs.yml`` cannot be read."""
    try:
        mkdocs = load_mkdocs(root / "mkdocs.yml")
    except InputError:
        return
    with writer.published_modes(), project_lock(Path(mkdocs["docs_dir"]), waiting=_waiting):
        writer.clear_abandoned((site_dir or Path(mkdocs["site_dir"])).resolve())


def site_size(project: Project, site_dir: Path, site: dict | set | None) -> list[Problem]:
    """A warning when the published site nears GitHub Pages' limit (:mod:`generator.hosting`),
    named at the settings file whose filters keep it smaller (``site``: what publish returned)."""
    where = project.settings_file if project.settings_file.is_file() else project.root / "mkdocs.yml"
    return hosting.size_warning(hosting.site_files(site_dir, site if isinstance(site, dict) else None), _display(where))


def mount_point(site_dir: Path) -> str:
    """Why a site_dir that is a file system's root (a Docker volume, a mounted share) cannot be
    published to: the site is built in a folder beside it and swapped in by renames, which fail
    between file systems (the build failed at its end with 'Device or resource busy')."""
    return (f"site_dir {site_dir} is a mount point (the root of a file system of its own), and the build publishes "
            f"the site by renaming folders beside it, which cannot be done there: choose a folder inside it, such as "
            f"{site_dir / 'public'} (with --site-dir or site_dir in mkdocs.yml); nothing was changed")


def generate_docs(project: Project, report: BuildReport, *, skip_invalid: bool = False,
                  cache: BuildCache | None = None) -> writer.SyncStats:
    """Generate the Markdown site and bring ``docs_dir`` up to date with it."""
    with writer.published_modes(), project_lock(project.docs_dir, waiting=_waiting):
        return _generate_docs(project, report, skip_invalid, cache)


def _generate_docs(project: Project, report: BuildReport, skip_invalid: bool,
                   cache: BuildCache | None) -> writer.SyncStats:
    with writer.spool(project.docs_dir) as spool:  # pages go to disk as they are rendered
        generated = generate(project, report, skip_invalid=skip_invalid, cache=cache, spool=spool)
        with report.stage("write"):
            return writer.sync_tree(project.docs_dir, generated.files, spool)


def _waiting(message: str) -> None:
    log.warning("digest-site: %s", message)


def generate(project: Project, report: BuildReport, *, skip_invalid: bool = False,
             cache: BuildCache | None = None, spool: writer.Spool | None = None) -> Generated:
    """Every generator stage: nothing is written to the docs folder if any of them fails (but the
    cache). With a ``spool``, the files are written there as they are made instead of being
    held in memory (at 100,000 papers, gigabytes)."""
    with no_cycle_collection():
        try:
            return _generate(project, report, skip_invalid, cache, spool)
        finally:
            vectors.forget()


def no_cycle_collection() -> AbstractContextManager[None]:
    """The stages make millions of long-lived objects and next to no reference cycles: Python's
    cycle collector would walk them again and again and free nothing. Off, the generator takes
    about 15% less CPU time at 10,000 papers, with the same peak memory (measured). A build keeps
    it off from start to end (but while MkDocs renders pages: :mod:`generator.mkdocs_build`): on
    in the write, publish and last-build stages, it walked the same objects there, which still
    live: at 10,000 papers 0.5 s of a full build, 0.07 s of a new digest's (measured)."""
    return parallel.cycle_collection(False)


def _generate(project: Project, report: BuildReport, skip_invalid: bool, cache: BuildCache | None,
              spool: writer.Spool | None) -> Generated:
    with report.stage("read"):
        digests = read_digests(project.digests_dir, report, skip_invalid, project.settings.field_map, cache)
        digests = select_papers(project, digests, report)
        papers, duplicates = collect(digests, cache)
        report.pages = published(papers) | published_addresses(project.site_url, project.directory_urls)
        before = cache.history().load(PUBLISHED) if cache else None  # the last build's pages (None: no cache)
        report.changes += earlier_record(before, _display(project.digests_dir))
        moving, unmoved = page_aliases(project.settings.aliases, papers, {d.name for d in digests},
                                       _display(project.settings_file))  # collection.yml's `aliases:`
        report.changes += pages_moved(papers, report.pages, digests, before, _display(project.digests_dir), moving)
        report.changes += addresses_changed(project, report.pages, before)
        report.problems += duplicates + unmoved + report.changes
        report.problems += [Problem(_display(path), line, why, "warning")
                            for path, line, why in templates.unused(project.templates_dir)]
    with report.stage("enrich"):
        papers = enrich_all(papers, cache)
        model = model_records(digests, papers)  # (the papers' plain texts: enriched)
        chosen = choose_topics(project, papers, model, report, cache)
        matched, topics = match_topics(papers, chosen, model, cache)
        papers, pinned = pin_papers(matched, chosen, _display(project.topics_file), topics)  # topics.yml's `papers:`
        report.problems += pinned
        papers, topics = file_others(papers, topics)  # "Other papers" subtopics, pinned papers too
        kept, unkept = aliases(chosen, topics, _display(project.topics_file))  # topics.yml's `aliases:`
        where = _display(project.topics_file), "" if project.topics_file.is_file() else _display(project.digests_dir)
        gone = topic_pages_gone([*topics, *published_aliases(kept)], report, before, *where)
        report.pages |= published_paper_topics(papers, topics)
        renamed = {alias.slug: alias.topic.slug for alias in kept}  # (a topic under a new slug, its old one an alias)
        gone += [] if before is None else topics_moved(report.pages, before, *where, renamed=renamed)
        report.changes += gone
        report.problems += unkept + gone
    keep = spool.keep if spool else dict
    reusing = cache is not None and cache.read  # else every page is rendered, on every core already
    beside = reusing and len(papers) <= SEARCH_BESIDE_UP_TO
    shown = displayed(project, papers, topics, digests)  # (without related papers: the search files hold none)
    urls = paper_urls(shown, project.directory_urls)

    def search() -> dict[str, bytes | writer.Spooled]:
        return keep(search_site.search_files(shown, urls, project.directory_urls, cache))

    with parallel.beside(search, when=beside) as searched:  # from here: it reads no related papers
        with report.stage("related"):
            papers = related_papers(papers, cache, k=project.settings.related, model=model,
                                    words=topic_words(main_topics(topics)),
                                    settled={d.name for d in model_digests(digests)},
                                    topic_bonus=topic_bonus(papers, suggested=not report.topics_curated))
        vectors.forget()  # no later stage compares texts: the two fits (35 MB at 10,000 papers) would only hold memory
        del model  # (the records of up to every digest, again): held here, forked workers would inherit them too
        collection = displayed(project, papers, topics, digests)
        report.papers, report.digests, report.topics = len(papers), len(digests), len(topics)
        report.date = max((d.date for d in digests), default="")

        def exports() -> dict[str, bytes | writer.Spooled]:
            exported = export_files(project, collection, urls, cache)
            return keep(exported | alias_files(kept, exported) | page_alias_files(moving, exported))

        if beside:
            collection.hashes  # noqa: B018 - made once, before the fork: both stages read them
        with parallel.beside(exports, when=beside) as exported:
            with report.stage("render"):
                files = render_files(project, collection, spool, cache, kept, moving)
            with report.stage("export"):
                files.update(exported())
        with report.stage("search"):  # what is left of it: it ran beside related, render and export
            files.update(searched())
    files.update(own_pages(project.pages_dir, files))
    files.update(earlier_site_files(project, moving, files, report))
    files.update(sitemap.robots(project.site_url, files))
    return Generated(files)


def earlier_site_files(project: Project, moving: Sequence[PageAlias], files: dict, report: BuildReport) -> dict[str, bytes]:
    """The pages at an earlier site's addresses that collection.yml's ``aliases`` keep
    (:func:`generator.aliases.earlier_site_pages`: ``posts/nice-slam/`` of a Quarto or MkDocs site),
    where the site has no file of its own (``files``: the docs folder's, own pages too; MkDocs' 404
    page and sitemap); made as the mkdocs-redirects plugin makes them, without its cost (a plugin
    makes MkDocs build in one process). Made once the own pages are known, so that an own page at
    the same address wins, with a warning (not refused as "a path the build makes")."""
    if all(alias.of_this_site for alias in moving):
        return {}
    taken = {_place(path) for path in files} | set(MKDOCS_MAKES)
    made, problems = earlier_site_pages(moving, render.environment(project.templates_dir), project.directory_urls,
                                        project.site_url, project.language, lambda path: _place(path) in taken,
                                        _display(project.settings_file))
    report.problems += problems
    return made


def own_pages(folder: Path, generated: dict) -> dict[str, bytes]:
    """The files of ``content/pages/`` (Markdown pages such as ``about.md``, and the images they
    show), for the docs folder's root as they are: MkDocs renders them with the theme, and
    ``mkdocs.yml``'s ``nav`` may link them. One with the path of a file the build makes is refused."""
    if folder.is_symlink():  # (its files would be read from wherever it points)
        raise InputError([Problem(_display(folder.parent) + os.sep + folder.name, NO_LINE, f"the folder is {LINK}")])
    if not folder.exists():
        return {}
    files, problems = {}, []
    taken = {_place(path) for path in generated} | set(MKDOCS_MAKES)
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        rel = "/".join(parts)
        if any(map(set_aside, parts)) or (path.is_dir() and not path.is_symlink()):
            continue
        shown = _display(path.parent) + os.sep + path.name  # (a link's own path, not its target's)
        if path.is_symlink():
            problems.append(Problem(shown, 1, f"the page is {LINK}"))
        elif not path.is_file():  # a FIFO (reading it waited forever), a socket, a device
            problems.append(Problem(shown, 1, "not a regular file: copy the file in instead"))
        elif _place(rel) in taken or parts[0].casefold() in GENERATED_FOLDERS:
            problems.append(Problem(_display(path), 1, f"{rel} is a path the build makes (its pages live under "
                                                       f"{', '.join(f'{f}/' for f in GENERATED_FOLDERS)} and beside "
                                                       "them): rename the file"))
        else:
            files[rel] = path.read_bytes()
            if rel.endswith(".md"):
                problems += _links_to_no_page(_display(path), rel, files[rel], generated)
                problems += _front_matter_problems(_display(path), files[rel])
    if problems:
        raise InputError(problems)
    return files


def _front_matter_problems(shown: str, data: bytes) -> list[Problem]:
    """An error at the line of an own page's front matter that is no YAML mapping: MkDocs then publishes
    it, "title: [unclosed" and all, as the page's text (a heading), and says nothing; read as the
    owner's YAML files are (:func:`generator.yaml_files.compose_text`: nested past any need, MkDocs'
    reading of it ended the build in a RecursionError)."""
    found = YAML_RE.match(data.decode("utf-8", errors="replace").replace("\r\n", "\n"))
    if not found:
        return []
    try:
        node = yaml_files.compose_text(found.group(1), shown, first_line=2)  # (the page's first line is the "---")
    except InputError as exc:
        return [dataclasses.replace(problem, message=problem.message.replace(
            "not valid YAML: ", "the front matter (between the --- lines) is not valid YAML, and would be published as "
                                "the page's text: ", 1)) for problem in exc.problems]
    if isinstance(node, yaml.MappingNode):
        return []
    return [Problem(shown, 2, "the front matter (between the --- lines) is no mapping of options (title: …), and "
                              "would be published as the page's text")]


# A Markdown link's or image's target (inline, or a reference's definition), up to a title or the end
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:\s|$)", re.MULTILINE)


def _links_to_no_page(shown: str, rel: str, data: bytes, generated: Collection[str]) -> list[Problem]:
    """An error at each line of an own page that links a page of the build's own folders that this
    build does not make: a paper that collection.yml's ``exclude`` takes down (MkDocs' strict link
    check failed the build, naming no file or line, and the paper stayed published), or one that
    left the collection."""
    text = data.decode("utf-8", errors="replace")
    found = []
    for match in _LINK_TARGET.finditer(text):
        target = (match.group(1) or match.group(2)).split("#", 1)[0].split("?", 1)[0]
        if not target.endswith(".md") or "://" in target:
            continue
        page = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
        if page.split("/", 1)[0] in ("papers", "topics", "digests") and page not in generated:
            line = text.count("\n", 0, match.start()) + 1
            source = page.removesuffix("/index.md") + ".md"  # ("topics/robotics/index.md" names the page's folder)
            if page.endswith("/index.md") and source in generated:
                found.append(Problem(shown, line, f"links {target}, which is no page: the page at that address is made "
                                                  f"from {posixpath.relpath(source, posixpath.dirname(rel) or '.')}; link that"))
                continue
            kind = {"papers": "a paper", "topics": "a topic", "digests": "a digest"}[page.split("/", 1)[0]]
            why = ("a paper collection.yml's include or exclude leaves out (a takedown too), or one no digest holds now"
                   if kind == "a paper" else f"{kind} renamed or removed" + (
                       " (a renamed topic's earlier address is kept by its 'aliases', for readers: link its new page)"
                       if kind == "a topic" else ""))
            found.append(Problem(shown, line, f"links {target}, which is no page of this build: {why}; "
                                              "remove the link or change it"))
    return found


GENERATED_FOLDERS = ("papers", "topics", "digests", "assets")  # of the docs folder: the build's own
MKDOCS_MAKES = ("sitemap.xml", "sitemap.xml.gz", "404.html")  # written by MkDocs over a file of the same name


def _place(rel: str) -> str:
    """Where MkDocs puts a docs folder's file, compared ignoring case (as names of Windows and macOS
    are): a page by its URL whatever use_directory_urls says, so that ``topics.md``,
    ``topics/index.md`` and ``topics/README.md`` are one place (one of them was left out or
    replaced the other without a word: an own ``search/index.md`` replaced the search page)."""
    rel = rel.casefold()
    if is_markdown_file(rel):
        stem = rel.rpartition(".")[0]
        head, _, name = stem.rpartition("/")
        return head if name in ("index", "readme") else stem
    if rel == "index.html" or rel.endswith("/index.html"):  # where a page of that folder's URL is written:
        return rel[:-len("index.html")].rstrip("/")         # MkDocs left it out, or failed on index.html
    return rel


def pages_moved(papers: list[Paper], pages: dict, digests: list[Digest], before: dict | None,
                folder: str, kept: Sequence[PageAlias] = ()) -> list[Problem]:
    """The paper and digest pages of the last build (``before``: the cache's record, read by
    ``--full`` builds too; None without a cache) that are gone or moved
    (:func:`generator.collect.moved`; ``pages``: this build's); a build records its pages once its
    site is published."""
    if before is None:
        return []
    return (moved(papers, pages, before, digests, folder, kept_pages(kept, "papers/"))
            + digests_moved(pages, before, digests, folder, kept_pages(kept, "digests/")))


def earlier_record(before: dict | None, folder: str) -> list[Problem]:
    """A note when the last build's record (``before``) is an earlier version's, lacking what this build
    compares (:func:`generator.collect.missing_records`): an upgrade's first build, often the push of a
    digest too, said nothing of a digest renamed, papers in other topics or a changed ``site_url``."""
    lacking = [] if before is None else missing_records(before)
    if not lacking:
        return []
    return [Problem(folder, NO_LINE, f"the last build was made by an earlier version of digest-site, whose record of the "
                                     f"site it published holds no {' nor '.join(lacking)}: what of those this build "
                                     "changed (pages moved, feeds showing old papers as new) is not told this once",
                    "note")]


PUBLISHED = "published"  # the build cache's file: the last build's paper, digest and topic pages


def addresses_changed(project: Project, pages: dict, before: dict | None) -> list[Problem]:
    """A problem when every page's address changed since the last published build
    (:func:`generator.collect.addresses_moved`), at the file that sets what changed."""
    if before is None:
        return []
    config = project.root / "mkdocs.yml"
    in_config = project.site_url and not (project.settings.site_url or project.site_url_option)
    files = {"use_directory_urls": config, "site_url": config if in_config else project.settings_file}
    return addresses_moved(pages, before, lambda key: _setting_at(files[key], key),  # (read only when one changed)
                           given="--site-url" if project.site_url_option else "")


def _setting_at(path: Path, key: str) -> tuple[str, int]:
    """The file that sets ``key`` and the line that names it, commented out or not (1 when none
    does: its default). A site_url set by ``--site-url``, or set nowhere since the last build,
    is told at ``collection.yml``, where it is set (mkdocs.yml only when it sets one): the note named
    ``mkdocs.yml:1``, a comment, of a site_url taken out of ``collection.yml``."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    return _display(path), key_line(text, key) or 1


def topic_pages_gone(topics: list, report: BuildReport, before: dict | None, topics_file: str,
                     digests: str = "") -> list[Problem]:
    """The topic pages of the last build that are gone (:func:`generator.collect.topics_gone`);
    this build's are recorded with its paper and digest pages."""
    report.pages |= published_topics(topics)
    return [] if before is None else topics_gone(report.pages, before, topics_file, digests)


def read_digests(folder: Path, report: BuildReport, skip_invalid: bool,
                 field_map: dict[str, str] | None = None, cache: BuildCache | None = None) -> list[Digest]:
    """Read every digest file (what ``cache`` holds of earlier builds' readings is reused); errors
    abort the build unless ``skip_invalid`` (then they are listed)."""
    paths = digest_paths(folder)
    digests, problems = [], folders_in(folder)

    def read_many(todo: list[Path]) -> list[tuple[Digest, list[Problem]]]:
        large = sum(_size(path) for path in todo) >= READ_IN_WORKERS  # else forking costs more than it saves
        return parallel.map_items(lambda path: read_digest(path, display_path=_display(path), field_map=field_map),
                                  todo, min_items=2 if large else parallel.NEVER)

    for digest, found in read_all(paths, read_many, _display, field_map, cache):
        problems += found
        digests.append(digest)
    problems = [dataclasses.replace(p, message=in_settings(p.message)) if "--field " in p.message else p for p in problems]
    errors = [p for p in problems if p.is_error]
    report.problems += [p for p in problems if not p.is_error]
    if errors and not skip_invalid:
        raise InputError(errors, skippable=True)
    report.skipped += errors
    digests = [d for d in digests if d.entries]  # a digest skipped whole gets no page
    if paths and not digests:
        raise InputError([Problem(_display(folder), NO_LINE, "no papers: the digests folder holds no readable paper")])
    if not paths:  # a new collection: its site says how to add the first digest
        report.problems.append(Problem(_display(folder), NO_LINE, "no digests yet: add one with `digest-site add FILE`",
                                       "warning"))
    return digests


def in_settings(message: str) -> str:
    """A reader's advice to give ``--field NAME=PATH`` (of ``check``, ``add`` and ``new``), as a
    build's: the mapping under ``fields:`` in collection.yml (``build --field`` is no option)."""
    message = message.replace(", or under fields: in collection.yml", "")
    return _FIELD_OPTIONS.sub(lambda m: "fields: {" + ", ".join(f"{name}: {path}" for name, path in
                                                                  _FIELD_OPTION.findall(m[0])) + "} in content/collection.yml", message)


_FIELD_OPTION = re.compile(r"--field (\S+?)=(\S+?)(?=[\s),;]|$)")
_FIELD_OPTIONS = re.compile(rf"{_FIELD_OPTION.pattern}(?: {_FIELD_OPTION.pattern})*")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # read_digest reports it
        return 0


def select_papers(project: Project, digests: list[Digest], report: BuildReport) -> list[Digest]:
    """Only the papers collection.yml's ``include`` and ``exclude`` let in."""
    settings = project.settings
    chosen, dropped = select(digests, settings.include, settings.exclude)
    if dropped:
        log.info("%d papers left out by the include/exclude filters of collection.yml", dropped)
        report.problems = about_kept(report.problems, digests, chosen)
    report.problems += unnamed(digests, settings.include, settings.exclude, _display(project.settings_file))
    chosen = [d for d in chosen if d.entries]
    if digests and not chosen:
        settings_file = project.settings_file
        text = settings_file.read_text(encoding="utf-8", errors="replace") if settings_file.is_file() else ""
        line = key_line(text, "include" if settings.include else "exclude") or 1  # (the filter's line)
        raise InputError([Problem(_display(project.settings_file), line,
                                  "no papers: the include and exclude filters leave out every paper")])
    return chosen


def digest_paths(folder: Path) -> list[Path]:
    if folder.is_symlink():
        raise InputError([Problem(_display(folder), NO_LINE, f"the digests folder is {LINK}")])
    if not folder.is_dir():
        raise InputError([Problem(_display(folder), NO_LINE, "no digests folder: add a digest with `digest-site add FILE`")])
    paths = sorted(p for p in folder.iterdir()  # not a folder: FIFOs and devices are read, and refused
                   if (p.is_symlink() or not p.is_dir()) and not set_aside(p.name))
    bad = [Problem(_display(p), 1, reason) for p in paths if (reason := _bad_name(p))]
    bad += _same_names(paths)
    if bad:
        raise InputError(bad)
    return paths


def folders_in(folder: Path) -> list[Problem]:
    """A warning for each folder in the digests folder: digests are read from the folder itself,
    and a year's digests moved into ``content/digests/2024/`` left the site without a word."""
    try:
        inside = sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))
    except OSError:  # digest_paths reports it
        return []
    return [Problem(_display(p), NO_LINE, f"a folder: digests in folders are not read; move its files into {_display(folder)}",
                    "warning") for p in inside]


def _same_names(paths: list[Path]) -> list[Problem]:
    """A digest's name is its page's URL: two files may not share one, even ignoring case; nor may
    ``index`` and ``README``, both MkDocs' name for the folder's own page (digests/ itself)."""
    first: dict[str, Path] = {}
    problems = []
    for path in paths:
        name = path.stem.casefold()
        taken = first.setdefault(FOLDER_PAGE[0] if name in FOLDER_PAGE else name, path)
        if taken is not path:
            why = ("both are MkDocs' name for the digests folder's own page" if name in FOLDER_PAGE
                   and taken.stem.casefold() != name else "names become URLs, compared ignoring case")
            problems.append(Problem(_display(path), 1, f"the digest name is taken by {taken.name} ({why}): rename one"))
    return problems


def _bad_name(path: Path) -> str | None:
    if path.is_symlink():
        return f"the digest is {LINK}"
    if reason := not_a_digest(path):
        return reason
    if not DIGEST_NAME.fullmatch(path.stem):
        return ("digest file names may hold only ASCII letters and digits, '.', '-' and '_', start with a letter or "
                f"a digit and have at most {DIGEST_NAME_CHARS} characters before the extension (they become URLs)")
    if path.stem.split(".")[0].lower() in RESERVED:
        return f"the digest name {path.stem!r} is reserved on Windows (it becomes a folder of the site): rename the file"
    if path.stem.lower().endswith(BESIDE_PAGE):
        return (f"the digest name {path.stem!r} ends as the BibTeX file beside each digest's page does "
                "(digests/NAME.bib): its page could take another digest's BibTeX file's place: rename the file")
    return None


TOPICS_SUGGESTED = ("digest-site: no content/topics.yml: topics were suggested from the papers (to curate them, "
                    "save a proposed set: digest-site topics suggest > content/topics.yml)")  # for report.topics_suggested


def choose_topics(project: Project, papers: list[Paper], model: list[Paper], report: BuildReport,
                  cache: BuildCache | None) -> tuple[Topic, ...]:
    """The topics file's topics, else topics suggested from the ``model``'s records, as the cache
    keeps them (:func:`generator.topic_memo.suggested_topics`); ``report`` says which, and whether
    they are suggested ones: a file that says ``suggested: true``, or none."""
    if project.topics_file.is_file():
        topics, suggested = load_topics_file(project.topics_file)
        report.topics_curated = not suggested
        return topics
    report.topics_suggested, report.topics_curated = True, False
    return suggested_topics(papers, model, cache)


def displayed(project: Project, papers: list[Paper], topics: Sequence[Topic], digests: Sequence[Digest]) -> render.Collection:
    """What the pages show: the papers in display order, the digests newest first."""
    return render.Collection(project.site_name, project.settings, tuple(display_order(papers, digests, project.settings.sort)),
                             tuple(topics), tuple(sorted(digests, key=lambda d: (d.date, d.name), reverse=True)),
                             project.site_url)


def display_order(papers: list[Paper], digests: Sequence[Digest], sort: str = "digest") -> list[Paper]:
    """Newest digest first; within a digest, the digest's own order (``sort: digest``), the dates
    their cards show, newest first (``date``, as :func:`render.digest_order`), or their titles (``title``)."""
    rank = {d.name: i for i, d in enumerate(sorted(digests, key=lambda d: (d.date, d.name)))}
    if sort == "date":
        dates = {d.name: d.date for d in digests}
        papers = sorted(papers, key=lambda p: render.date_order(render.shown_date(p, dates)),
                        reverse=True)  # stable: ties keep the digest's order
    elif sort == "title":
        papers = sorted(papers, key=lambda p: title_order(p.title_text))
    return sorted(papers, key=lambda p: -rank[p.digests[0]])


def title_order(title: str) -> tuple[str, str]:
    """A title's place in ``sort: title``: its letters without their accents, ignoring case, then
    as written (composed): "Über" went after "Zebra", and a title written decomposed (NFD)
    elsewhere than the same title composed."""
    decomposed = unicodedata.normalize("NFKD", title)
    return ("".join(c for c in decomposed if not unicodedata.combining(c)).casefold(),
            unicodedata.normalize("NFC", title).casefold())


def render_files(project: Project, collection: render.Collection, spool: writer.Spool | None = None,
                 cache: BuildCache | None = None, kept: Sequence[Alias] = (),
                 moving: Sequence[PageAlias] = ()) -> dict[str, bytes | writer.Spooled | writer.Kept]:
    """Every page, as bytes or (with a ``spool``) written there by the workers that render them;
    with a ``cache``, pages whose inputs are unchanged are those the docs folder holds already;
    and the pages at the topics', papers' and digests' earlier addresses (``kept`` and ``moving``:
    :mod:`generator.aliases`)."""
    env = render.environment(project.templates_dir, render_cache.Compiled(cache.folder, cache.read) if cache else None)
    memo = MarkdownCache(cache, project.docs_dir, tuple(templates.layers(project.templates_dir, "pages")),
                         unread=spool is not None) if cache else None

    def keep(path: str, text: str, reused: bool) -> bytes | writer.Spooled | writer.Kept:
        data = text.encode("utf-8")
        return writer.Kept(len(data)) if reused and spool else spool.put(path, data) if spool else data

    try:
        files = dict(render.render_pages(collection, env, project.directory_urls, keep, memo))
        files.update(alias_pages(kept, env, project.directory_urls, project.site_url, project.language, files))
        files.update(page_alias_pages(moving, env, project.directory_urls, project.site_url, project.language, files))
        files.update(parent_pages(collection.topics, collection.topic_members, env, project.directory_urls,
                                  project.site_url, project.language))
        files[stylesheet.STYLESHEET] = stylesheet.stylesheet(project)  # (renders the theme's ds-palette.html)
    except jinja2.TemplateError as exc:
        raise template_error(exc) from None
    except RecursionError:  # a page template that extends or includes itself
        raise page_recursion_error(project) from None
    except Exception as exc:  # a filter called wrongly in an owner's template (a TypeError), 1 / 0, …
        if not from_own_template(exc, project):
            raise
        raise template_error(exc) from None
    for name in ASSETS:
        files[f"assets/digest-site/{name}"] = templates.asset(templates.find(project.templates_dir, "assets", name))
    files.update(site_settings.logo_file(project))
    return files


def paper_urls(collection: render.Collection, directory_urls: bool) -> list[str]:
    """Each paper's page URL from the site root, in display order."""
    return [render.page_url(f"papers/{p.slug}.md", directory_urls) for p in collection.papers]


def feed_size(chosen: int | None, collection: render.Collection, members: Sequence[int] | None = None,
              fresh: Sequence[bool] | None = None) -> int:
    """Papers in a feed (of the papers ``members``, a topic's: default, every paper): ``chosen``
    (``feed_size``), else every one of them first seen in the newest
    digests and at least 50 (papers come newest digest first): a subscriber to a site of daily
    200-paper digests saw 50 of each, and never the rest. The newest digests are those of the
    newest one's date: of a day's two digests (one per field, say), the other's papers came after
    the newest's in the feed, and a feed of the newest's alone never held them. At most 1,000:
    a library of 10,000 papers made into one digest (``new --from library.bib``) was a feed of
    6.6 MB, and 5.5 MB of RSS, that every subscriber's reader fetched again and again. A topic's
    feed counts the topic's papers alone: with the site's count, each of 600 topic feeds of a
    100,000-paper site of 200-paper digests held 200 papers, 75 MB, and the site passed 1 GB.
    ``fresh`` is :func:`fresh_papers` when known (a build asks for each of 190 topics)."""
    if chosen is not None:
        return chosen
    if not collection.digests:
        return DEFAULT_FEED_SIZE
    if fresh is None or members is None:
        count = sum(fresh_papers(collection, members) if fresh is None else fresh)
    else:
        count = sum(fresh[i] for i in members)
    return min(FEED_AT_MOST, max(DEFAULT_FEED_SIZE, count))


def fresh_papers(collection: render.Collection, members: Sequence[int] | None = None) -> list[bool]:
    """Whether each paper (of ``members``: default, every one) was first seen in the newest
    digests (:func:`feed_size`)."""
    newest = collection.digests[0] if collection.digests else None
    papers = collection.papers if members is None else [collection.papers[i] for i in members]
    if newest is None:
        return [False] * len(papers)
    names = {d.name for d in collection.digests if d.date == newest.date} if newest.date else {newest.name}
    return [bool(p.digests) and p.digests[0] in names for p in papers]


def export_files(project: Project, collection: render.Collection, urls: list[str],
                 cache: BuildCache | None = None) -> dict[str, bytes]:
    """``papers.json`` (or its index and monthly parts), the BibTeX files and the Atom/RSS feeds,
    site-wide and per topic: independent parts, made by worker processes in a large collection.
    With a ``cache``, BibTeX entries, feeds, papers.json records and compressed segments the last
    build made of the same are taken up again (:class:`generator.export.Reuse`)."""
    reuse = export.Reuse.load(cache, project.docs_dir) if cache is not None else export.Reuse()
    papers, names = collection.papers, collection.topic_names
    digest_dates = {d.name: d.date for d in collection.digests}
    dates = [digest_dates.get(p.digests[0], "") or p.date for p in papers]
    site = project.site_url.rstrip("/") + "/" if project.site_url else ""
    fresh = fresh_papers(collection)
    size = feed_size(project.settings.feed_size, collection, fresh=fresh)
    known: dict[int, bytes] = {}  # each shown paper's feed_key hash, in this process
    hashes = collection.hashes  # (made here, if the render stage did not: the workers share them)

    def feeds(paths: Sequence[str], title: str, description: str, chosen: Sequence[int],
              home: str = "") -> dict[str, bytes]:
        """The Atom feed (and the RSS one: two ``paths``) of the ``chosen`` papers, or the last build's."""
        shown, links, days = [papers[i] for i in chosen], [urls[i] for i in chosen], [dates[i] for i in chosen]
        settings = (project.site_url, project.settings.author, project.language)

        @lru_cache(maxsize=None)  # (made once, for the feed and its record)
        def entries() -> list[str]:
            return export.entry_keys(shown, links, days, export.feed_base(project.site_url, paths[0]), known)

        def make(held: list[dict[str, bytes]]) -> dict[str, bytes]:
            return dict(zip(paths, export.feed(title, description, project.site_url, paths[0], shown, links, days,
                                               home, author=project.settings.author, language=project.language,
                                               rss=len(paths) > 1, keys=entries(), held=held)))
        return reuse.feed(export.feed_key(title, description, paths, links, days, home, settings, papers=shown,
                                          known=known), entries, make, paths)

    def site_feeds() -> dict[str, bytes]:
        return feeds(("feed.xml", "rss.xml"), project.site_name, project.settings.description,
                     range(min(size, len(papers))))

    def topic_feed(topic: Topic) -> dict[str, bytes]:
        members = collection.topic_members[topic.slug]
        return feeds((export.topic_feed_path(topic),), f"{project.site_name}: {topic.name}", topic.description,
                     members[:feed_size(project.settings.feed_size, collection, members, fresh)],
                     render.page_url(f"topics/{topic.slug}.md", project.directory_urls))

    parts: list[Callable[[], dict[str, bytes]]] = [  # the two large parts at the two ends: a worker starts
        lambda: export.papers_export(papers, names, urls, dates, reuse=reuse, hashes=hashes),  # from the first, this process from the last
        site_feeds,
        *(partial(topic_feed, topic) for topic in collection.topics),
        lambda: bibtex.bib_files(papers, [site + url if site else "" for url in urls],
                                 dict(collection.topic_members),  # (a topic with subtopics too: its address stays)
                                 reuse=reuse, hashes=hashes),
    ]
    def run(part: Callable[[], dict[str, bytes]]) -> tuple[dict[str, bytes], dict]:
        reuse.made = {"bib": {}, "files": {}, "parts": {}}  # what this part made, for reuse.save
        return part(), reuse.made

    files: dict[str, bytes] = {}
    made = parallel.map_items(run, parts, min_items=2 if len(papers) >= EXPORT_IN_WORKERS else parallel.NEVER)
    for part, _ in made:
        files |= part
    reuse.save(cache, [notes for _, notes in made])
    return files


def run_mkdocs(project: Project, site_dir: Path, *, strict: bool, date: str = "",
               cache: BuildCache | None = None, published: Path | None = None,
               stamps: dict[str, list[int]] | None = None) -> dict[str, str]:
    """Render the docs folder to HTML with MkDocs, into ``site_dir``, reusing cached pages;
    ``date`` (the newest digest's) dates the sitemap; ``stamps``: those of the docs folder's files
    as the build left them (``writer.SyncStats.stamps``). Returns the cached pages left out of
    ``site_dir`` because the ``published`` site holds them already (for ``writer.publish``)."""
    from mkdocs import utils
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from . import mkdocs_build

    try:
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict,
                             **site_settings.overrides(project))
        site_settings.apply(config, project)
        with source_date(date):
            if stamps and os.path.realpath(config.docs_dir) != os.path.realpath(project.docs_dir):
                stamps = None  # (another folder's)
            kept = mkdocs_build.build(config, cache, published, stamps)
            if bool(config.use_directory_urls) != project.directory_urls:  # a plugin changed it in on_config
                raise DigestSiteError(
                    f"{_display(project.root / 'mkdocs.yml')}: a plugin turned use_directory_urls "
                    f"{'on' if config.use_directory_urls else 'off'}, but the generated pages link as mkdocs.yml "
                    f"says: set 'use_directory_urls: {str(bool(config.use_directory_urls)).lower()}' in mkdocs.yml")
            if missing := missing_extras(config, site_dir, {*kept, *getattr(kept, "placed", ())}):
                one = len(missing) == 1
                key, entry = missing[0]  # (at the line naming it: it named mkdocs.yml alone)
                place = _setting_at(project.root / "mkdocs.yml", key.removeprefix("theme.") if key.startswith("theme.") else entry)
                message = (f"{', '.join(f'{key} {entry!r}' for key, entry in missing)} {'is' if one else 'are'} not in "
                           f"the site, but every page links {'it' if one else 'them'}: put the file in site_templates/theme/ "
                           f"(copied into the site as it is), or fix the path")
                if strict:
                    raise InputError([Problem(*place, message)])
                log.warning("%s", Problem(*place, message, "warning"))
            sitemap.split(site_dir, config.site_url or "", utils.get_build_timestamp())
            return kept
    except MkDocsException as exc:
        said = getattr(exc, "said", ())
        if at_lines := nav_problems(project, said) + own_link_problems(project, said):
            raise InputError(at_lines) from None
        raise DigestSiteError(f"MkDocs failed: {exc}") from None
    except jinja2.TemplateError as exc:  # in a theme override of site_templates/theme
        raise template_error(exc) from None
    except RecursionError:  # a theme template that extends itself: Jinja finds it again and again
        raise recursion_error(project) from None
    except Exception as exc:  # raised by a line of a theme override: `{{ 1 / 0 }}`, `{{ x|int(1, 2, 3) }}`
        if not from_own_template(exc, project):
            raise
        raise template_error(exc) from None


SHELL_STYLESHEETS = ("assets/digest-site/digest-site.css", RETIRED_CSS)


# MkDocs' warning of a nav entry naming a page the docs folder does not hold
_NAV_NOT_FOUND = re.compile(r"A reference to '(.+)' is included in the 'nav' configuration, which is not found")


def nav_problems(project: Project, said: Sequence[str]) -> list[Problem]:
    """The warnings of a strict MkDocs build (``said``) that name a nav entry of mkdocs.yml that is
    no page, each as an error at that entry's line: a pull request's broken nav failed with
    "Aborted with 1 warnings in strict mode!", no file or line to annotate."""
    config = project.root / "mkdocs.yml"
    missing = [m.group(1) for m in map(_NAV_NOT_FOUND.search, said) if m]
    if not missing:
        return []
    text = config.read_text(encoding="utf-8", errors="replace")
    return [Problem(_display(config), _nav_line(text, page), f"the nav names {page}, which is no page of the site "
                    "(own pages are content/pages/*.md, named from there)") for page in missing]


# MkDocs' warning of a page's link it cannot follow (a file not in the docs folder, an anchor not on
# the page, a link to an excluded page): the page's path in the docs folder, the link as written
_PAGE_LINK = re.compile(r"^Doc file '(.+?)' contains (?:a link|an absolute link|an unrecognized relative link"
                        r"|a link to) '(.+?)'")


def own_link_problems(project: Project, said: Sequence[str]) -> list[Problem]:
    """The warnings of a strict MkDocs build (``said``) about a link of an own page
    (``content/pages/``), each as an error at the link's line of that file: a pull request's broken
    link in ``about.md`` failed with MkDocs' words naming ``about.md`` alone, no file or line to annotate."""
    problems = []
    for found in filter(None, map(_PAGE_LINK.match, said)):
        page, link = found.groups()
        path = project.pages_dir / page
        if not (page.endswith(".md") and path.is_file()):
            continue  # (a generated page's, or a theme's)
        text = path.read_text(encoding="utf-8", errors="replace")
        at = _link_at(text, link)
        said_of_it = found.string[found.end(1) + 2:].strip()  # "contains a link 'x.md', but …"
        message = said_of_it.replace("contains ", "the page contains ", 1).replace(
            "not found among documentation files", "neither a file of content/pages/ nor a page the build makes", 1)
        problems.append(Problem(_display(path), at, message))
    return problems


def _link_at(text: str, link: str) -> int:
    """The line of ``text`` where the link ``link`` is written (as a Markdown link's or reference's
    target: :data:`_LINK_TARGET`, else anywhere); 1 when it is not found as written (an HTML
    entity, a ``%20``)."""
    at = next((m.start() for m in _LINK_TARGET.finditer(text) if (m.group(1) or m.group(2)) == link), None)
    at = text.find(link) if at is None else at
    return 1 if at < 0 else text.count("\n", 0, at) + 1


def _nav_line(text: str, page: str) -> int:
    at = re.search(rf"^[^#\n]*:\s*[\"']?{re.escape(page)}[\"']?\s*$", text, re.MULTILINE)
    return text.count("\n", 0, at.start()) + 1 if at else 1


def missing_extras(config, site_dir: Path, kept: Collection[str] = ()) -> list[tuple[str, str]]:
    """The stylesheets and scripts of ``extra_css`` and ``extra_javascript``, and the favicon and
    logo of ``theme``, that name a file of the site which MkDocs did not write (a typo, or a file
    kept in a folder MkDocs does not copy): MkDocs links them from every page without a word.
    ``kept``: the files left out of ``site_dir`` (those the published site holds already, and
    those written outside its tree)."""
    missing = []
    linked = [(key, entry) for key in ("extra_css", "extra_javascript") for entry in config[key]]
    linked += [(f"theme.{key}", config.theme[key]) for key in ("favicon", "logo") if config.theme.get(key)]
    for key, entry in linked:
        if str(entry) in SHELL_STYLESHEETS:
            continue  # linked by main.html itself, or not at all (an older mkdocs.yml's search.css: config warns)
        path = urllib.parse.urlsplit(str(entry))
        if path.scheme or path.netloc or path.path.startswith("/") or not path.path:
            continue  # another site's, or the server's root: not the site's to hold
        rel = urllib.parse.unquote(path.path)
        if not (site_dir / rel).is_file() and posixpath.normpath(rel) not in kept:
            missing.append((key, str(entry)))
    return missing


# The latest SOURCE_DATE_EPOCH MkDocs can write (gzip's mtime in sitemap.xml.gz is 32 bits: early
# 2106); the earliest is 1970's first second. A reading list of classic papers, its digest dated by
# its newest one (1948), or a paper dated 9999, stopped the build with an "internal error"
LAST_EPOCH = 2**32 - 1


@contextmanager
def source_date(date: str) -> Iterator[None]:
    """MkDocs dates the sitemap (the mtime in ``sitemap.xml.gz``, and a theme's ``<lastmod>``) by
    ``SOURCE_DATE_EPOCH``, else by the clock: set it to ``date`` (ISO) for the render."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    # (a digest named without a date has its newest paper's, perhaps "2019" or "2019-05": its first day)
    day = datetime.date.fromisoformat((date + "-01-01")[:10]) if date else datetime.date(1970, 1, 1)
    os.environ["SOURCE_DATE_EPOCH"] = str(min(max(calendar.timegm(day.timetuple()), 0), LAST_EPOCH))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def recursion_error(project: Project) -> DigestSiteError:
    """A theme template of the collection's that extends the template of its own name (Material's
    habit, ``{% extends "main.html" %}`` in an overriding main.html), named with what to extend."""
    folders = [Path(project.theme_dir)] if project.theme_dir else []  # (mkdocs.yml's custom_dir, absolute)
    own = [_display(path) for folder in [*folders, project.templates_dir / "theme"]
           for path in templates.self_extending(folder)]
    where = f"{', '.join(own)} extends itself" if own else "a theme template extends or includes itself"
    return DigestSiteError(f"{where}: Jinja would read it again forever; an overriding main.html extends "
                           "\"ds-base.html\", digest-site's page shell, and fills its blocks")


def page_recursion_error(project: Project) -> DigestSiteError:
    """A page template of the collection's that extends or includes the template of its own name,
    which is itself (``{% extends "paper.md.j2" %}`` in an owner's paper.md.j2, meant as the
    default's): the build stopped with "internal error: RecursionError", naming no file."""
    own = [_display(path) for path in templates.self_extending(project.templates_dir / "pages", "*.j2")]
    where = f"{', '.join(own)} extends or includes itself" if own else "a page template extends or includes itself"
    return DigestSiteError(f"{where}: Jinja would read it again forever; the default page templates have "
                           "no blocks to fill: copy the default and change the copy (README: Templates)")


def from_own_template(exc: Exception, project: Project) -> bool:
    """Whether a template of the collection's (its templates folder, or mkdocs.yml's
    ``custom_dir``) raised ``exc``: its owner's mistake, to name at its line as a template error,
    not digest-site's (a filter called with the wrong arguments, ``names(sep=", ")``, stopped the
    build with "internal error: TypeError … please report it", naming no file)."""
    own = [project.templates_dir.resolve(), *([Path(project.theme_dir).resolve()] if project.theme_dir else [])]
    frames = [Path(f.filename).resolve() for f in traceback.extract_tb(exc.__traceback__) if not f.filename.endswith(".py")]
    return any(folder in path.parents for path in frames for folder in own)


def template_error(exc: Exception) -> DigestSiteError | InputError:
    """A mistake in a template, named by the file and line of the innermost template frame, and
    by the template being rendered when that is another: a line of an owner's main.html that
    reads ``page.meta`` fails on the 404 page alone (Material's 404.html, whose ``page`` is none),
    and the error named main.html's line only, which every other page renders."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.endswith(".py")]
    outer = Path(frames[0].filename).name if frames else ""
    rendering = f" (rendering {outer})" if outer and outer != Path(frames[-1].filename).name else ""
    said = (exc.message if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}") or type(exc).__name__
    if not frames:
        return DigestSiteError(f"a template: template error: {said}")
    # as every other file's error is told (the pull request check annotates such lines: "digest-site:
    # error: site_templates/…:33: template error: …" it left as it was)
    return InputError([Problem(_display(Path(frames[-1].filename)), frames[-1].lineno or 1,
                               f"template error: {said}{rendering}")])
