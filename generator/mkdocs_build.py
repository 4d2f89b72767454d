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

import logging
import os
import time

from mkdocs import utils
from mkdocs.commands import build as mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation

from . import parallel

LOGGER = "mkdocs"
FOLLOWED_VERSION = "1.6.1"  # the MkDocs whose build steps _build follows (pinned in pyproject.toml)
log = logging.getLogger("mkdocs.commands.build")  # MkDocs' progress messages, as MkDocs logs them


def build(config: MkDocsConfig) -> None:
    """``mkdocs build`` of ``config`` (its ``site_dir`` must be empty or absent)."""
    if len(config.plugins) or mkdocs_version() != FOLLOWED_VERSION:
        mkdocs.build(config)
        return
    warnings = utils.CountHandler()
    warnings.setLevel(logging.WARNING)
    logger = logging.getLogger(LOGGER)
    if config.strict:
        logger.addHandler(warnings)
    try:
        _build(config)
        if counts := warnings.get_counts():
            raise Abort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} in strict mode!")
    except BuildError as exc:
        logger.error(str(exc))
        raise Abort("Aborted with a BuildError!") from None
    finally:
        logger.removeHandler(warnings)


def _build(config: MkDocsConfig) -> None:
    start = time.monotonic()
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    log.info("Cleaning site directory")
    utils.clean_directory(config.site_dir)
    log.info(f"Building documentation to directory: {config.site_dir}")

    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)

    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    shown = {id(page) for page in nav.pages}
    in_nav = [file for file in doc_files if id(file.page) in shown]
    outside = [file for file in doc_files if id(file.page) not in shown]
    for file in in_nav:  # their titles are in every page's nav
        mkdocs._populate_page(file.page, config, files)
    env = config.plugins.on_env(env, config=config, files=files)

    files.copy_static_files(inclusion=InclusionLevel.is_included)
    for template in config.theme.static_templates:
        mkdocs._build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        mkdocs._build_extra_template(template, files, config, nav)
    for file in in_nav:
        mkdocs._build_page(file.page, config, doc_files, nav, env)

    def render(file: File) -> tuple[set[str] | None, dict[str, dict[str, str]], list[tuple[str, int, str]]]:
        with _captured_log() as records:
            mkdocs._populate_page(file.page, config, files)
            mkdocs._build_page(file.page, config, doc_files, nav, env)
        page = file.page
        links = {target.src_uri: anchors for target, anchors in (page.links_to_anchors or {}).items()}
        page.markdown = page.content = page.toc = None  # this page is done: free its text
        return page.present_anchor_ids, links, records

    largest_first = sorted(outside, key=lambda f: -os.path.getsize(f.abs_src_path))
    rendered = dict(zip((f.src_uri for f in largest_first), parallel.map_items(render, largest_first)))
    for file in outside:  # MkDocs' order, for the messages
        anchors, links, records = rendered[file.src_uri]
        file.page.present_anchor_ids = anchors
        file.page.links_to_anchors = {files.get_file_from_path(uri): found for uri, found in links.items()}
        for name, level, message in records:
            logging.getLogger(name).log(level, message)

    for file in doc_files:
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    config.plugins.on_post_build(config=config)
    log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds")


def mkdocs_version() -> str:
    import mkdocs as package

    return package.__version__


class _captured_log:
    """In a worker, the ``mkdocs`` log records of one page, to be logged by the parent; in the
    parent (small inputs, a chunk redone) they are logged as they come."""

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
        if parallel.in_worker():
            self.logger.handlers, self.logger.propagate = [self.Handler(self.records)], False
        return self.records

    def __exit__(self, *exc: object) -> None:
        self.logger.handlers, self.logger.propagate = self.saved
