"""Live preview: regenerate the docs folder when content or templates change; MkDocs serves it.

MkDocs' own server watches ``docs_dir`` (and the theme), so regenerating — which writes only the
files whose bytes changed — is all it takes for the browser to reload.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from .build import BuildReport, generate_docs
from .config import Project, load_project
from .errors import DigestSiteError, InputError

log = logging.getLogger("digest_site")
POLL_SECONDS = 1.0


def serve(project: Project, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    regenerate(project.root)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(project, stop), daemon=True, name="digest-site-watch")
    watcher.start()
    try:
        mkdocs_serve(config_file=str(project.root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True,
                     watch_theme=True, hooks=[str(Path(__file__).with_name("mkdocs_hooks.py"))])
    finally:
        stop.set()


def watched(project: Project) -> list[Path]:
    return [project.content_dir, project.templates_dir / "pages", project.templates_dir / "assets"]


def snapshot(folders: list[Path]) -> tuple:
    """What identifies the watched files' state: path, size and modification time of each."""
    state = []
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
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


def regenerate(root: Path) -> bool:
    """Regenerate; on bad input, report it and keep serving the last good pages."""
    try:
        stats = generate_docs(load_project(root), BuildReport())
    except InputError as exc:
        for problem in exc.problems:
            log.error("%s", problem)
        log.error("digest-site: the preview keeps the last good pages until this is fixed")
        return False
    except DigestSiteError as exc:
        log.error("digest-site: error: %s", exc)
        return False
    log.warning("digest-site: regenerated (%d written, %d removed)", stats.written, stats.removed)
    return True
