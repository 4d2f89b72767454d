"""Live preview: regenerate the docs folder when content or templates change, render it with MkDocs
and serve it with MkDocs' live-reload server.

The server is MkDocs' own (``mkdocs.livereload.LiveReloadServer``: it watches ``docs_dir``,
``mkdocs.yml`` and the theme, and reloads the browser); the build it runs is the one of
``digest-site build`` (``build.run_mkdocs``, with the collection's settings), into a staging
folder swapped in only on success. So a broken digest, theme override or ``mkdocs.yml`` is
reported like a broken digest, and the preview keeps serving the last good site, where
``mkdocs serve`` printed a traceback and held every request until the error was fixed.
"""

from __future__ import annotations

import errno
import logging
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .build import TOPICS_SUGGESTED, BuildReport, generate_docs, run_mkdocs
from .config import Project, load_project
from .errors import DigestSiteError, InputError, printable, shown_problems
from .lock import project_lock
from .writer import publish, staging

log = logging.getLogger("digest_site")
POLL_SECONDS = 1.0
KEEPS = "digest-site: the preview keeps the last good site until this is fixed"


def serve(project: Project, dev_addr: str) -> None:
    """Serve the project on ``dev_addr`` (``IP:PORT``) until Ctrl-C. Raises :class:`DigestSiteError`
    (or :class:`InputError`) when the address is bad or there is no good site to serve at first."""
    from mkdocs.livereload import LiveReloadServer

    host, port = parse_address(dev_addr)
    regenerate(project.root, raise_errors=True)
    site_dir = Path(tempfile.mkdtemp(prefix="digest-site-serve-")) / "site"
    try:
        render(project.root, site_dir, raise_errors=True)  # nothing to serve yet: an error ends serve
        server = LiveReloadServer(builder=lambda: render(project.root, site_dir), host=host, port=port,
                                  root=str(site_dir), mount_path=mount_path(project.site_url))
        server.error_handler = lambda code: _error_page(site_dir, code)
        for path in (project.docs_dir, project.root / "mkdocs.yml", project.templates_dir / "theme"):
            if path.exists():
                server.watch(str(path))
        _run(server, project)
    finally:
        shutil.rmtree(site_dir.parent, ignore_errors=True)


def mount_path(site_url: str) -> str:
    """Where the preview serves the site: the path of its address (``/repo/`` of
    ``https://owner.github.io/repo/``), as ``mkdocs serve`` does. The 404 page names that path in
    its links, since it is shown at any depth: served at ``/``, it was unstyled and its links broken.
    Decoded, as the server compares it with a request's decoded path: ``site_url`` is stored
    percent-encoded (``/caf%C3%A9/``), and the site was served at ``/caf%25C3%25A9/``."""
    return unquote(urlsplit(site_url).path) or "/"


def parse_address(dev_addr: str) -> tuple[str, int]:
    """``IP:PORT`` checked as MkDocs checks ``dev_addr``, and the port in range."""
    from mkdocs.config.config_options import IpAddress, ValidationError

    try:
        address = IpAddress().validate(dev_addr)
    except ValidationError as exc:
        raise DigestSiteError(f"--dev-addr {dev_addr!r}: {exc}") from None
    if not 1 <= address.port <= 65535:
        raise DigestSiteError(f"--dev-addr {dev_addr!r}: the port must be 1 to 65535, got {address.port}")
    return address.host, address.port


class _ServingOn(logging.Filter):
    """MkDocs' server says where it serves at its INFO level, which digest-site shows only with -v:
    let that one line through, so that a preview says which address to open."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or "] Serving on " in f"] {record.getMessage()}"  # "[12:00:00] Serving on"


def _say_where(logger: logging.Logger) -> None:
    if not logger.isEnabledFor(logging.INFO):
        logger.setLevel(logging.INFO)
        logger.addFilter(_ServingOn())


def _way_on(exc: OSError, server) -> str:
    """For a port in use (step 4's `python3 -m http.server` left running on 8000, say), how to
    serve beside it: the next port, with -a."""
    if exc.errno != errno.EADDRINUSE:
        return ""
    host, port = server.server_address[:2]
    host = f"[{host}]" if ":" in host else host  # (an IPv6 address)
    return f" (another server is running there: stop it, or give another port: digest-site serve -a {host}:{port + 1})"


def _run(server, project: Project) -> None:
    _say_where(logging.getLogger("mkdocs.livereload"))
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(project, stop), daemon=True, name="digest-site-watch")
    watcher.start()
    try:
        server.serve()
    except KeyboardInterrupt:
        log.warning("digest-site: preview stopped")
    except OSError as exc:  # the address is taken or cannot be bound
        raise DigestSiteError(f"cannot serve on {server.url}: {exc.strerror or exc}{_way_on(exc, server)}") from None
    finally:
        stop.set()
        server.shutdown()


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def watched(project: Project) -> list[Path]:
    """What the generator reads: ``mkdocs.yml`` (its ``use_directory_urls`` shapes every link of the
    generated pages, its palette the stylesheet, its ``site_name`` and ``site_url`` the pages and
    feeds: MkDocs' own watch of it renders the pages again, not the Markdown), the content, the page
    templates and assets, and the theme, whose ``partials/ds-palette.html`` the generator renders
    into the site's stylesheet (MkDocs' own watch of the theme renders the pages again, not the
    stylesheet)."""
    return [project.root / "mkdocs.yml", project.content_dir,
            *(project.templates_dir / part for part in ("pages", "assets", "theme"))]


def snapshot(paths: list[Path]) -> tuple:
    """What identifies the watched files' state: path, size and modification time of each file, and
    of each file under a folder."""
    state = []
    for folder in paths:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else (folder,):
            if path.is_file():
                stat = path.stat()
                state.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(state)


def watch(project: Project, stop: threading.Event) -> None:
    last = snapshot(watched(project))
    while not stop.wait(POLL_SECONDS):
        now = snapshot(watched(project))
        if now != last:
            last = now
            regenerate(project.root)


def regenerate(root: Path, raise_errors: bool = False) -> bool:
    """Regenerate the docs folder; on an error, report it and keep the last good pages (or, with
    ``raise_errors`` and no pages yet, raise it)."""
    try:
        project = load_project(root)
        report = BuildReport()
        stats = generate_docs(project, report)
    except (InputError, DigestSiteError) as exc:
        if raise_errors and not _has_pages(root):
            raise
        _report(exc)
        return False
    _warn(report)
    log.warning("digest-site: regenerated (%d written, %d removed)", stats.written, stats.removed)
    return True


def _warn(report: BuildReport) -> None:
    """The regeneration's warnings and notes, as `build` shows them: the preview showed only its
    errors, so an unknown option of collection.yml (a typo) or a title without its abstract went
    unsaid while editing."""
    for line in shown_problems(report.problems):
        log.warning("%s", printable(line))
    if report.topics_suggested:
        log.warning("%s", TOPICS_SUGGESTED)


def render(root: Path, site_dir: Path, raise_errors: bool = False) -> None:
    """Render the docs folder into ``site_dir``, swapped in only on success; an error is reported
    (or raised, with ``raise_errors``) and the last good site stays."""
    try:
        project = load_project(root)
        with project_lock(project.docs_dir), staging(site_dir) as staged:  # not while docs are rewritten
            run_mkdocs(project, staged, strict=False)
            publish(staged, site_dir)
    except (InputError, DigestSiteError) as exc:
        if raise_errors:
            raise
        _report(exc)


def _has_pages(root: Path) -> bool:
    try:
        return (load_project(root).docs_dir / "index.md").is_file()
    except (InputError, DigestSiteError):
        return False


def _report(exc: Exception) -> None:
    if isinstance(exc, InputError):
        for problem in exc.problems:
            log.error("%s", problem)
    else:
        log.error("digest-site: error: %s", exc)
    log.error(KEEPS)
