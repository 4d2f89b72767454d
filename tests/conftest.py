"""Shared fixtures: a throwaway copy of the project, the built seed site, a static server, Chromium."""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import json
import os
import shutil
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores a fixed set of examples (reproducible runs); locally each run explores new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def make_project(folder: Path, digests: dict[str, str | bytes] | None = None, topics: bool = True) -> Path:
    """A project folder with the repo's mkdocs.yml, templates and settings, and the given digests."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "site_templates", folder / "site_templates")
    (folder / "content" / "digests").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "collection.yml", folder / "content" / "collection.yml")
    if topics:
        shutil.copy(ROOT / "content" / "topics.yml", folder / "content" / "topics.yml")
    for name, data in (digests or {}).items():
        target = folder / "content" / "digests" / name
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


def type_in_header_box(tab, text: str):
    """The header's search box, ``text`` typed into it key by key, once its dropdown shows it."""
    box = tab.locator(".ds-header-search input")
    box.click()
    box.type(text, delay=20)
    wait_for_dropdown(tab)
    return box


def wait_for_dropdown(tab) -> None:
    """Until the header box's dropdown is the one of all the box holds: on a slow machine a pause
    between keys lets it show "d" of "diffus" first."""
    tab.wait_for_function("() => (document.getElementById('ds-search-option-all') || {}).textContent"
                          "?.includes('\u201c' + document.querySelector('.ds-header-search input').value + '\u201d')")

def search_json(data: bytes):
    """A search file's JSON: the site stores them gzipped (``meta.json`` apart)."""
    return json.loads(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)


def search_build(folder: Path) -> Path:
    """The folder of the search files ``meta.json`` in ``folder`` names (this build's)."""
    return folder / json.loads((folder / "meta.json").read_bytes())["build"]


def search_results(folder: Path) -> list[dict]:
    """The result documents of a built site's search files (``folder``), in ref order."""
    meta = json.loads((folder / "meta.json").read_bytes())
    files = [folder / "c" / meta["cards"][i // meta["perGroup"]] / f"{i}.json.gz"  # numbered from the oldest paper:
             for i in range(-(-meta["papers"] // meta["perFile"]))]  # file 0 holds the last refs
    return [doc for path in files for doc in search_json(path.read_bytes())][::-1]


def tree_hash(folder: Path) -> str:
    """A hash of every path and file's bytes under ``folder`` ("" when it does not exist)."""
    if not folder.exists():
        return ""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@pytest.fixture
def project(tmp_path: Path):
    """Factory: ``project({"2024-01-01-x.txt": "..."})`` → a project folder."""
    return functools.partial(make_project, tmp_path / "project")


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The seed digest built into a full site, once per test session."""
    from generator.build import build
    from generator.config import load_project

    folder = make_project(tmp_path_factory.mktemp("seed") / "project",
                          {"2026-11-24-trending.txt": (DATA / "seed-digest.txt").read_bytes()})
    build(load_project(folder))
    return folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that drops a connection mid-file (a page closed, a fetch cancelled) is no
        error of the site; anything else is printed as the server prints it."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def serve_folder():
    """Factory: serve a folder on 127.0.0.1 and return its base URL (stopped at session end)."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = _QuietServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """A real headless Debian Chromium driven by Playwright. Missing: a failure in CI, a skip locally."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) for browser tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# Search results come card by card: a page of them is in when "Show more" appears again, or when
# every result the status line counts is shown.
RESULTS_PAGE_IN = ("!document.getElementById('ds-search-more').hidden || document.querySelectorAll("
                   "'#ds-search-results > li').length === parseInt(document.getElementById('ds-search-status').innerText)")


@contextmanager
def watched_tab(browser, base: str):
    """A new tab that records page errors and failed requests in ``tab.errors``; ``tab.base`` is the site's URL."""
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    # a request the page no longer needs is aborted when it navigates (the header's dropdown, on Enter)
    tab.on("requestfailed", lambda req: req.failure == "net::ERR_ABORTED" or errors.append(f"failed: {req.url}"))
    tab.base, tab.errors = base, errors
    try:
        yield tab
    finally:
        context.close()
