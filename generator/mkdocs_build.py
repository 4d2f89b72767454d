"""MkDocs' own build, with the pages outside the nav rendered by worker processes.

MkDocs renders one page at a time: at 10,000 papers that is three quarters of a build. Paper,
topic and digest pages are ``not_in_nav``: no other page shows their content, so each can be
read, converted and written on its own. ``build`` is ``mkdocs.commands.build.build`` step for
step (MkDocs 1.x ends at 1.6.1, so its steps no longer change), except that those pages are
spread over ``parallel.map_items``. The output is the same, byte for byte (tested against
``mkdocs build``), and so are the messages: a worker returns the log records of its pages, and
they are logged here page by page in MkDocs' order of pages (a page's reading and templating
messages together, where MkDocs logs every page's reading first), and strict mode counts them.

With plugins in ``mkdocs.yml``, MkDocs' own ``build`` runs instead: their page events may
collect data across pages, which workers would lose. So it does on any MkDocs but
:data:`FOLLOWED_VERSION`, whose private steps (``_populate_page``, ``_build_page``, …) ``_build``
calls: another version may have changed them. Small sites, one core or no ``fork`` get
the same steps with the pages rendered in this process (``parallel.map_items`` decides).
"""

from __future__ import annotations

import gc
import json
import logging
import os
import posixpath
import stat
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import jinja2

from mkdocs import utils
from mkdocs.commands import build as mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, _file_sort_key, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from . import cache, front_matter, html_block, parallel, templates, writer
from .cache import Rendered

LOGGER = "mkdocs"
FOLLOWED_VERSION = "1.6.1"  # the MkDocs whose build steps _build follows (pinned in pyproject.toml)
log = logging.getLogger("mkdocs.commands.build")  # MkDocs' progress messages, as MkDocs logs them
# Pages to render from which workers are started (parallel.MIN_ITEMS, 1,000, was the threshold):
# at 10,000 papers on 2 cores, a digest that made 880 pages anew took this stage 1.03-1.48 s in
# one process and 0.78-0.95 s with a worker (5 runs each); one of 272 pages, 0.61-0.65 s either way.
RENDERED_IN_WORKERS = 400


def build(config: MkDocsConfig, page_cache: cache.BuildCache | None = None,
          published: Path | None = None, stamps: dict[str, list[int]] | None = None) -> dict[str, str]:
    """``mkdocs build`` of ``config`` (its ``site_dir`` must be empty or absent), reusing the
    HTML of pages outside the nav that ``page_cache`` holds for the same Markdown and setup
    (``stamps``: of the docs folder's files, by path, as the build just wrote or found them).
    Returns the pages not written because the ``published`` site holds them already (their
    paths in the site → the cache's file; see :func:`generator.writer.publish`). Plugins are told
    that the build starts and ends, as ``mkdocs build`` tells them: one that sets itself up at its
    start (Material's ``optimize``, its thread pool) failed without it."""
    config.plugins.on_startup(command="build", dirty=False)
    try:
        if len(config.plugins) or mkdocs_version() != FOLLOWED_VERSION:
            mkdocs.build(config)
            return {}
        return _own_build(config, page_cache, published, stamps)
    finally:
        config.plugins.on_shutdown()


def _own_build(config: MkDocsConfig, page_cache: cache.BuildCache | None, published: Path | None,
               stamps: dict[str, list[int]] | None) -> dict[str, str]:
    """:func:`_build` with MkDocs' strict-mode count of warnings and its abort on a ``BuildError``."""
    warnings = utils.CountHandler()
    warnings.setLevel(logging.WARNING)
    said = _captured_log.Handler([])  # (what the warnings say: StrictAbort.said)
    said.setLevel(logging.WARNING)
    logger = logging.getLogger(LOGGER)
    if config.strict:
        logger.addHandler(warnings)
        logger.addHandler(said)
    try:
        with parallel.cycle_collection(False):  # but while pages render (_build): see there
            kept = _build(config, page_cache, published, stamps or {})
        if counts := warnings.get_counts():
            raise StrictAbort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} in strict mode!",
                              [message for _, _, message in said.records])
    except BuildError as exc:
        logger.error(str(exc))
        raise Abort("Aborted with a BuildError!") from None
    finally:
        logger.removeHandler(warnings)
        logger.removeHandler(said)
    return kept


class StrictAbort(Abort):
    """MkDocs' abort of a strict build on its warnings, with what they said (``said``), for the
    build to tell those of its own settings' lines at them (a nav entry naming no page)."""

    def __init__(self, message: str, said: list[str]):
        super().__init__(message)
        self.said = said


def _build(config: MkDocsConfig, page_cache: cache.BuildCache | None, published: Path | None,
           stamps: dict[str, list[int]]) -> dict[str, str]:
    start = time.monotonic()
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    log.info("Cleaning site directory")
    utils.clean_directory(config.site_dir)
    log.info(f"Building documentation to directory: {config.site_dir}")

    files = _docs_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(_Templates(env), config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    listing = files.documentation_pages
    files.documentation_pages = _listed(listing, [f for f in doc_files if f.inclusion.is_in_nav()])
    nav = get_navigation(files, config)  # (it makes the pages of those and of the files the nav names)
    files.documentation_pages = _listed(listing, doc_files)  # (files change no more)
    _add_pages([file for file in doc_files if file.page is None], config)
    nav = config.plugins.on_nav(nav, config=config, files=files)

    shown = {id(page) for page in nav.pages}
    in_nav = [file for file in doc_files if id(file.page) in shown]
    outside = [file for file in doc_files if id(file.page) not in shown]
    for file in in_nav:  # their titles are in every page's nav
        mkdocs._populate_page(file.page, config, files)
    env = config.plugins.on_env(env, config=config, files=files)
    env.bytecode_cache = env.bytecode_cache or templates.InProcess()

    stored = cache.PageCache(page_cache, _fingerprint(config, nav)) if page_cache else None
    site = os.path.join(published, "") if published else None  # (paths as strings, joined by hand: two per page)
    # A published site to update (writer.publish): the pages go to one flat folder (writer.PLACED),
    # and the files it holds already are not copied
    flat = stored is not None and stored.cache.read and site is not None and os.path.isdir(site)
    folder = os.path.join(config.site_dir, writer.PLACED, "")
    held, held_stamps, placed = _copy_static_files(files, config.docs_dir, site if flat else None, folder)
    for template in config.theme.static_templates:
        mkdocs._build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        mkdocs._build_extra_template(template, files, config, nav)
    for file in in_nav:
        mkdocs._build_page(file.page, config, doc_files, nav, env)

    def render(file: File) -> tuple[Rendered, str | None]:
        page = file.page
        read: list[str | None] = []  # the SHA-256 of the Markdown as read
        page.render = partial(html_block.render, page)  # one HTML block needs no Python-Markdown
        page.read_source = partial(_read_source, page, read=read)  # nor its front matter PyYAML's constructor
        with _captured_log() as records, _recorded_lookups(files) as lookups:
            mkdocs._populate_page(page, config, files)
            mkdocs._build_page(page, config, doc_files, nav, env)
        del page.render, page.read_source
        links = {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()}
        page.markdown = page.content = page.toc = None  # this page is done: free its text
        page.meta = {}  # and its front matter (a paper's abstract again): a worker renders half the site
        anchors = None if page.present_anchor_ids is None else tuple(sorted(page.present_anchor_ids))
        html = _file_hash(file.abs_dest_path)
        digest = (read or [None])[0]  # the Markdown's SHA-256, as read just now
        # A page of HTML and read Markdown is stored here, in the worker (save lists it):
        seen = stored.cache.store(file.abs_dest_path, html) if stored and html and digest else None
        return Rendered(html, anchors, links, tuple(records), lookups), digest, seen

    if flat:
        for number, file in enumerate(outside):
            file.abs_dest_path = f"{folder}{number}.html"
    pages = [cache.Source(f.src_uri, *stored.source_hash(f.src_uri, f.abs_src_path, stamps.get(f.src_uri)),
                          f.abs_dest_path, site + f.dest_uri if site else None) for f in outside] if stored else []
    rendered = stored.reuse(pages, lambda path: _url(files.get_file_from_path(path))) if stored else {}
    reused = set(rendered)
    todo = sorted((f for f in outside if f.src_uri not in reused), key=lambda f: -os.path.getsize(f.abs_src_path))
    if stored:
        stored.start_storing()
    # This process's own work above and below (the records of every page, the files and links of
    # the site) makes many objects and little cyclic garbage: with the cycle collector off there,
    # a new digest's MkDocs stage at 10,000 papers took 2.0-2.4 s instead of 2.7-3.0 s; a full
    # build's peak memory in the stage rose 35 MB at 10,000 papers, the build's peak 12 MB at 100,000.
    # Rendering makes more (templates' contexts): the collector runs there, in the workers as here,
    # over the objects made since: what the build holds already is frozen (gc.freeze), else the
    # first collection once it is on walked all of it (at 10,000 papers, 0.04-0.07 s).
    gc.freeze()
    try:
        with parallel.cycle_collection(True):
            made = dict(zip((f.src_uri for f in todo),
                            parallel.map_items(render, todo, RENDERED_IN_WORKERS)))  # largest first
    finally:
        gc.unfreeze()
    rendered.update((uri, page) for uri, (page, _, _) in made.items())
    anchor_sets: dict[tuple[str, ...], set[str]] = {}  # one set for the pages of the same anchors (all papers')
    for file in outside:  # MkDocs' order, for the messages
        page = rendered[file.src_uri]
        anchors = None if page.anchors is None else anchor_sets.setdefault(page.anchors, set(page.anchors))
        file.page.present_anchor_ids = anchors
        file.page.links_to_anchors = {files.get_file_from_path(uri): dict(found) for uri, found in page.links.items()}
        for name, level, message in page.records:
            logging.getLogger(name).log(level, message)
    if stored:  # the pages the cache knew nothing of were hashed as the workers read them
        stored.save([p if p.sha256 else p._replace(sha256=made[p.uri][1]) for p in pages], rendered,
                    {uri: seen for uri, (_, _, seen) in made.items()})

    for file in doc_files:
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    config.plugins.on_post_build(config=config)
    log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds")
    dest = {f.src_uri: f.dest_uri for f in outside}
    if not stored:
        return {}
    written = {f.dest_uri: f.abs_dest_path for f in outside
               if flat and f.src_uri not in stored.kept and rendered[f.src_uri].html}  # (no HTML: no file)
    written.update(placed)
    return writer.Held({dest[uri]: path for uri, path in stored.kept.items()} | held,
                       {dest[uri]: stored.blobs[uri] for uri in stored.kept} | held_stamps,  # (the published files')
                       written)


def _listed(listing: Callable[..., list[File]], pages: list[File]) -> Callable[..., list[File]]:
    """``Files.documentation_pages`` of files that no longer change, whose included pages are
    ``pages``: MkDocs asks for them four more times (the nav, each theme template), each a pass
    over every file of the site."""

    def documentation_pages(*, inclusion: Callable[[InclusionLevel], bool] = InclusionLevel.is_included) -> list[File]:
        return list(pages) if inclusion is InclusionLevel.is_included else listing(inclusion=inclusion)
    return documentation_pages


def _add_pages(files: list[File], config: MkDocsConfig) -> None:
    """``Page(None, file, config)`` of MkDocs 1.6.1 for each of ``files``, as ``get_navigation``
    makes it for a page outside the nav, with the build date worked out once: the date's
    ``strftime`` and each attribute set one by one took a tenth of the stage when every page's
    HTML is reused (10,700 pages at 10,000 papers)."""
    date = utils.get_build_date()
    site_url, edit = config.get("site_url", None), (config.get("repo_url", None), config.get("edit_uri"),
                                                   config.get("edit_uri_template"))
    for file in files:
        page = object.__new__(Page)
        file.page = page
        page.__dict__.update(file=file, children=None, previous_page=None, next_page=None)
        page.active = False  # (a property)
        page.update_date = date
        page._set_canonical_url(site_url)
        page._set_edit_url(*edit)
        page.__dict__.update(markdown=None, _title_from_render=None, content=None, toc=[], meta={})


def _docs_files(config: MkDocsConfig) -> Files:
    """``get_files`` of MkDocs 1.6.1 (the docs folder's files, README.md left out beside an
    index.md), with each ``File`` made as ``File.__init__`` makes it but without its path object:
    at 10,000 papers the 13,000 paths made a quarter of the stage's time when every page's HTML is
    reused. Paths as Windows writes them get MkDocs' own ``get_files``."""
    docs, site, directory_urls = config["docs_dir"], config["site_dir"], config["use_directory_urls"]
    if os.sep != "/" or not all(os.path.isabs(path) and os.path.normpath(path) == path != "/" for path in (docs, site)):
        return get_files(config)
    files: list[File] = []
    conflicting: list[tuple[File, File]] = []
    for folder, folders, names in os.walk(docs, followlinks=True):
        relative = os.path.relpath(folder, docs)
        prefix = "" if relative == "." else relative + "/"
        folders.sort()
        _sort_names(names)
        by_dest: dict[str, File] = {}
        for name in names:
            file = _new_file(prefix + name, docs, site, directory_urls)
            first = by_dest.setdefault(file.dest_uri, file)
            if first is not file:
                conflicting.append((first, file))
            files.append(file)
    set_exclusions(files, config)
    for first, other in conflicting:  # as get_files: a README.md beside an index.md is left out
        if other.inclusion.is_included():
            if first.inclusion.is_included():
                logging.getLogger("mkdocs.structure.files").warning(
                    f"Excluding '{first.src_uri}' from the site because it conflicts with '{other.src_uri}'.")
            if first in files:
                files.remove(first)
        elif other in files:
            files.remove(other)
    return Files(files)


def _sort_names(names: list[str]) -> None:
    """``names.sort(key=_file_sort_key)`` (MkDocs 1.6.1: an ``index`` or ``README`` first, then
    by name) without a key made for each of a folder's 10,000 paper pages."""
    names.sort()
    first = [name for name in names if name.startswith(("index", "README")) and not _file_sort_key(name)[0]]
    if first:
        names[:] = first + [name for name in names if name not in first]


class _Templates:
    """What ``Files.add_files_from_theme`` asks of the theme's Jinja environment (MkDocs 1.6.1:
    ``list_templates`` and a filter that drops every path with a part starting with a dot), with
    the theme folders listed without those parts: Material keeps 14,300 of its 14,500 files in
    ``.icons``, and listing them took 0.06 s of every build (filtering them as much again)."""

    def __init__(self, env: jinja2.Environment):
        self.env = env

    def list_templates(self, filter_func: Callable[[str], bool]) -> list[str]:
        loader = self.env.loader
        if type(loader) is not jinja2.FileSystemLoader:
            return self.env.list_templates(filter_func=filter_func)
        return [name for name in _undotted(loader) if filter_func(name)]


def _undotted(loader: jinja2.FileSystemLoader) -> list[str]:
    """``loader.list_templates()`` (Jinja2 3.1) but the paths with a part starting with a dot."""
    found = set()
    for folder in loader.searchpath:
        for top, folders, names in os.walk(folder, followlinks=loader.followlinks):
            folders[:] = [name for name in folders if not name.startswith(".")]
            for name in names:
                template = os.path.join(top, name)[len(folder):].strip(os.path.sep).replace(os.path.sep, "/")
                if template[:2] == "./":
                    template = template[2:]
                if not template.startswith(".") and "/." not in template:
                    found.add(template)
    return sorted(found)


def _new_file(uri: str, docs: str, site: str, directory_urls: bool) -> File:
    """``File(uri, docs, site, directory_urls)`` for a clean POSIX ``uri`` and folders (absolute,
    normalised), with the paths MkDocs works out when they are first read already set: its
    ``src_path`` setter makes a ``PurePath`` to give back the same string, and each cached
    property takes a lock."""
    file = object.__new__(File)
    dest = _dest_uri(uri, directory_urls)
    file.__dict__.update(src_uri=uri, src_dir=docs, dest_dir=site, use_directory_urls=directory_urls,
                         inclusion=InclusionLevel.UNDEFINED, dest_uri=dest, abs_src_path=f"{docs}/{uri}",
                         abs_dest_path=f"{site}/{dest}")
    return file


def _dest_uri(uri: str, directory_urls: bool) -> str:
    """``File.dest_uri`` of MkDocs 1.6.1 (``File._get_dest_path``) for a clean POSIX ``uri``."""
    if not utils.is_markdown_file(uri):
        return uri
    parent, _, filename = uri.rpartition("/")
    stem = posixpath.splitext(filename)[0]
    name = "index" if stem == "README" else stem
    tail = f"{name}.html" if not directory_urls or name == "index" else f"{name}/index.html"
    return f"{parent}/{tail}" if parent else tail


def _copy_static_files(files: Files, docs_dir: str, published: str | None = None,
                       folder: str = "") -> tuple[dict[str, str], dict[str, list[int]], dict[str, str]]:
    """``Files.copy_static_files`` of MkDocs 1.6.1, with the docs folder's files hard-linked
    into the site instead of copied (a copy costs several file system calls: about 6 s for the
    17,000 search, feed and export files of 100,000 papers). The generator never writes into a
    docs file, it replaces it (:func:`generator.writer.sync_tree`), and the site is published
    by renames: a link never sees another build's bytes. The theme's files are copied.

    The files the ``published`` site (its path, with a separator at the end) holds already are
    left out: a docs file linked there by an earlier build (the same file), a theme file of the
    same bytes. Returned as :func:`generator.writer.publish` keeps them (path in the site →
    a file of those bytes), with their stamps there: a digest leaves most of them as they were,
    and each folder of the built site that held only such files took an ``rmdir`` when it went.
    The others go to ``folder`` (:data:`generator.writer.PLACED`), as the pages do, and are
    returned third (path in the site → the file written)."""
    own = os.path.join(os.path.abspath(docs_dir), "")
    held: dict[str, str] = {}
    stamps: dict[str, list[int]] = {}
    placed: dict[str, str] = {}
    for number, file in enumerate(files):
        if file.is_documentation_page() or not InclusionLevel.is_included(file.inclusion):
            continue
        source = file.abs_src_path
        found = _published(source, published + file.dest_uri, source.startswith(own)) \
            if published and file._content is None and source else None
        if found is not None:
            held[file.dest_uri] = source if source.startswith(own) else published + file.dest_uri
            stamps[file.dest_uri] = found
            continue
        if published:
            file.abs_dest_path = placed[file.dest_uri] = f"{folder}s{number}"
        if file._content is None and source and source.startswith(own):
            logging.getLogger("mkdocs.structure.files").debug(f"Copying media file: '{file.src_uri}'")
            writer.link_or_copy(source, file.abs_dest_path)
        else:
            file.copy_file()
    return held, stamps, placed


def _published(source: str, target: str, linked: bool) -> list[int] | None:
    """The stamp of ``target``, a published file, when it holds ``source``'s bytes: the same file
    (``linked``: a docs file), else a regular file of the same bytes; None otherwise."""
    try:
        found, theirs = os.lstat(target), os.stat(source)
        if not stat.S_ISREG(found.st_mode):
            return None
        if linked:
            same = os.path.samestat(found, theirs)
        elif found.st_size != theirs.st_size:
            return None
        else:
            with open(source, "rb") as one, open(target, "rb") as other:
                same = one.read() == other.read()
    except OSError:
        return None
    return writer.stamp_of(found) if same else None


def _content(file: File, read: list[str | None] | None) -> str:
    """``file.content_string`` (MkDocs 1.6.1: the file decoded as UTF-8 with an optional BOM, line
    ends as Python's text mode reads them), with the SHA-256 of the bytes read appended to ``read``."""
    if file.abs_src_path is None or file.generated_by is not None or read is None:
        return file.content_string
    with open(file.abs_src_path, "rb") as handle:
        data = handle.read()
    text = data.decode("utf-8-sig")
    read.append(cache.sha256(data))
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _read_source(page: Page, config: MkDocsConfig, read: list[str | None] | None = None) -> None:
    """``Page.read_source`` of MkDocs 1.6.1, with the front matter read by
    :func:`generator.front_matter.get_data`: the same values, faster. The SHA-256 of the bytes
    read from the docs folder goes to ``read`` (for the page cache: hashed here, in a worker)."""
    source = config.plugins.on_page_read_source(page=page, config=config)
    if source is None:
        try:
            source = _content(page.file, read)
        except OSError:
            logging.getLogger("mkdocs.structure.pages").error(f"File not found: {page.file.src_path}")
            raise
        except ValueError:
            logging.getLogger("mkdocs.structure.pages").error(f"Encoding error reading file: {page.file.src_path}")
            raise
    page.markdown, page.meta = front_matter.get_data(source)


def mkdocs_version() -> str:
    import mkdocs as package

    return package.__version__


def _fingerprint(config: MkDocsConfig, nav) -> str:
    """What the HTML of every page outside the nav depends on besides its own Markdown: the
    code and libraries, the configuration as loaded (``mkdocs.yml`` with what ``collection.yml``
    sets: palette, logo, theme folders), the files of the theme folders that are not a library's
    own, and the nav shown on every page."""
    settings = {key: value for key, value in config.items() if key not in ("site_dir", "theme", "plugins")}
    settings["theme"] = dict(config.theme)  # its options: palette, logo, features, language, …
    shown = [(page.title or "", page.url, page.file.src_uri) for page in nav.pages]
    own = [Path(folder) for folder in config.theme.dirs if not _in_library(Path(folder))]
    # The project's folders by their place in it (the folder with its separator: "/p/", never the
    # "/p" of "/papers"): a project moved (a runner's other workspace, a renamed folder) renders
    # the same HTML, and keeps its pages.
    root = json.dumps(os.path.join(os.path.dirname(os.path.abspath(config.config_file_path)), ""))[1:-1]
    text = json.dumps(settings, sort_keys=True, default=repr).replace(root, "<project>/")
    return cache.page_fingerprint(text, own, shown)


def _in_library(folder: Path) -> bool:
    """Whether a theme folder ships with MkDocs or Material (their versions are in the fingerprint)."""
    import material

    libraries = (Path(material.__file__).parent, Path(utils.__file__).parent.parent)
    return any(folder.resolve().is_relative_to(library.resolve()) for library in libraries)


def _url(file: File | None) -> str | None:
    return file.url if file else None


def _file_hash(path: str) -> str:
    try:
        return cache.file_sha256(path)
    except FileNotFoundError:  # MkDocs writes no file for a page of empty output
        return ""


class _recorded_lookups:
    """The files a page's links looked up while MkDocs rendered it (path → URL or None)."""

    def __init__(self, files: Files):
        self.files = files

    def __enter__(self) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        lookup = self.files.get_file_from_path

        def record(path: str) -> File | None:
            file = lookup(path)
            found[path] = _url(file)
            return file

        self.files.get_file_from_path = record
        return found

    def __exit__(self, *exc: object) -> None:
        del self.files.get_file_from_path


class _captured_log:
    """The ``mkdocs`` log records of one page, to be logged by the parent after the pages render,
    and stored with the page (a page reused says them again). In the parent (small inputs, a
    chunk redone) they were logged as they came and stored with none: a broken link an
    overridden template wrote failed a strict build, and the next build, reusing its pages,
    passed and published them. A page that fails logs them as it fails."""

    class Handler(logging.Handler):
        def __init__(self, records: list[tuple[str, int, str]]):
            super().__init__()
            self.records = records

        def emit(self, record: logging.LogRecord) -> None:
            self.records.append((record.name, record.levelno, record.getMessage()))

    def __enter__(self) -> list[tuple[str, int, str]]:
        self.records: list[tuple[str, int, str]] = []
        self.logger = logging.getLogger(LOGGER)
        self.saved = (self.logger.handlers, self.logger.propagate)
        self.logger.handlers, self.logger.propagate = [self.Handler(self.records)], False
        return self.records

    def __exit__(self, kind: object, *exc: object) -> None:
        self.logger.handlers, self.logger.propagate = self.saved
        if kind is not None and not parallel.in_worker():
            for name, level, message in self.records:
                logging.getLogger(name).log(level, message)
