"""The hostile payload site in real headless Chromium: every page and every search result is
opened, and no payload runs or changes the page; each one is shown as plain text.

The payloads (``tests/fixtures/hostile``) try to set ``window.__pwned``, open dialogs, load an
image ``x``, or navigate to ``javascript:``/``data:`` URLs. An init script makes any write to
``window.__pwned`` observable even if a later script deletes it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from conftest import RESULTS_PAGE_IN, make_project

from generator import texmath
from generator.render import EMBEDDING

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
SITE_NAME = "Trending Papers Digest"
TRAP = """
Object.defineProperty(window, "__pwned", {
  configurable: false,
  get() { return undefined; },
  set(value) { (window.__pwnedWrites = window.__pwnedWrites || []).push(String(value)); },
});
"""
MARKERS = {"zq": 40, "zt": 35, "zc": 40}  # the payload sets and how many papers each has


# --- the site, a server and a browser -----------------------------------------------------------


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> Path:
    folder = make_project(tmp_path_factory.mktemp("payload-browser") / "project",
                          {path.name: path.read_bytes() for path in HOSTILE.glob("2026-*")})
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=folder,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture(scope="module")
def base_url(payload_site, serve_folder):
    return serve_folder(payload_site)


class Watched:
    """A tab and everything suspicious it saw: dialogs, page errors, console errors, odd requests."""

    def __init__(self, context, base: str):
        self.tab = context.new_page()
        self.base = base
        self.incidents: list[str] = []
        self.tab.on("dialog", self._dialog)
        self.tab.on("pageerror", lambda exc: self.incidents.append(f"page error: {exc}"))
        self.tab.on("console", self._console)
        self.tab.on("request", self._request)

    def _dialog(self, dialog) -> None:
        self.incidents.append(f"dialog: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    def _console(self, message) -> None:
        if message.type in ("error", "assert"):
            self.incidents.append(f"console {message.type}: {message.text}")

    def _request(self, request) -> None:
        url, path = request.url, urlsplit(request.url).path
        if not url.startswith(self.base) or path.endswith("/x") or "__pwned" in path:
            self.incidents.append(f"request: {url}")

    def open(self, url: str) -> None:
        self.tab.goto(url if "://" in url else self.base + url, wait_until="load")

    def assert_clean(self, where: str) -> None:
        writes = self.tab.evaluate("window.__pwnedWrites || []")
        scheme = self.tab.evaluate("location.protocol")
        assert writes == [], f"{where}: a payload ran"
        assert scheme == "http:", f"{where}: navigated to {scheme}"
        assert self.incidents == [], f"{where}: {self.incidents}"


@pytest.fixture
def browser_tab(browser, base_url):
    context = browser.new_context(java_script_enabled=True)
    context.add_init_script(TRAP)
    watched = Watched(context, base_url)
    yield watched
    context.close()


@pytest.fixture(scope="module")
def papers(payload_site) -> list[dict]:
    return json.loads((payload_site / "papers.json").read_text(encoding="utf-8"))


def squash(text: str) -> str:
    return " ".join(text.split())


def visible(text: str) -> str:
    """Text as ``white-space: pre-line`` shows it: spaces collapsed, lines kept, line ends trimmed."""
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip("\n")


# --- the tests ------------------------------------------------------------------------------------


def test_the_trap_catches_a_payload_that_runs(browser_tab):
    """The detector itself: a page that does run a payload is caught."""
    browser_tab.tab.set_content('<img src="data:," onerror="window.__pwned=1"><p>x</p>')
    browser_tab.tab.wait_for_function("(window.__pwnedWrites || []).length > 0")
    with pytest.raises(AssertionError):
        browser_tab.assert_clean("self-test")


PAPER_PAGE = """() => {
  const all = (selector) => [...document.querySelectorAll(selector)];
  const one = (selector) => all(selector).map((e) => [e.textContent, e.innerText]);
  return {
    title: document.title,
    description: all("meta[name=description]").map((e) => e.getAttribute("content")),
    articles: all("article.ds-paper").length, headings: all("article.ds-paper h1").length,
    active: all("article script, article img, article iframe, article style").length,
    math: all(".ds-paper__title math, .ds-abstract math").length,
    shownTitle: one(".ds-paper__title"), shownAbstract: one(".ds-abstract"),
  };
}"""


def test_every_paper_page_shows_its_payload_as_text_and_runs_nothing(browser_tab, papers):
    """What a paper page shows, read in one round trip a page (115 pages)."""
    assert len(papers) == sum(MARKERS.values())
    for paper in papers:
        browser_tab.open(paper["url"])
        where, page = paper["url"], browser_tab.tab.evaluate(PAPER_PAGE)
        title = paper["title_text"]  # (isolated when it opens an override: it reversed " - Site name")
        title = "\u2068" + title + "\u2069" if EMBEDDING.search(title) else title
        assert page["title"] == f"{title} - {SITE_NAME}", where
        assert page["description"] == [paper["summary"]], where
        assert (page["articles"], page["headings"], page["active"]) == (1, 1, 0), where
        if not (texmath.has_math(paper["title"]) or texmath.has_math(paper["abstract"])):
            # as text, TeX's markup outside math read ("a --- b" is "a — b": texmath.to_text)
            shown_title, shown_abstract = texmath.to_text(paper["title"]), texmath.to_text(paper["abstract"])
            [(title_content, title_inner)], [(abstract_content, abstract_inner)] = \
                page["shownTitle"], page["shownAbstract"]
            assert title_content == shown_title, where
            assert squash(title_inner) == squash(shown_title), where
            assert abstract_content == shown_abstract, where
            assert abstract_inner == visible(shown_abstract), where
        else:
            assert page["math"] > 0, where
        browser_tab.assert_clean(where)


def test_listing_pages_show_titles_as_text(browser_tab, payload_site, papers):
    titles = {squash(p["title_text"]) for p in papers}
    pages = ["", "archive/", "topics/"] + [
        f"{path.parent.relative_to(payload_site).as_posix()}/" for folder in ("digests", "topics")
        for path in sorted((payload_site / folder).glob("*/**/index.html"))]  # every page of long listings
    listed: set[str] = set()
    for url in pages:
        browser_tab.open(url)
        texts = [squash(t) for t in browser_tab.tab.locator(".ds-cards > li > a").all_text_contents()]
        assert set(texts) <= titles, url
        listed.update(texts)
        browser_tab.assert_clean(url or "home")
    assert listed == titles


def test_payload_links_in_a_listing_lead_to_their_papers(browser_tab, papers):
    tab = browser_tab.tab
    by_text = {squash(p["title_text"]): p for p in papers}
    browser_tab.open("digests/2026-02-02-payloads/")
    links = tab.locator(".ds-cards > li > a")
    assert links.count() == min(MARKERS["zq"], 50)  # one page of the paginated listing
    for i in range(0, links.count(), 3):
        link = links.nth(i)
        paper = by_text[squash(link.inner_text())]
        link.click()
        tab.wait_for_load_state("load")
        assert tab.url == browser_tab.base + paper["url"]
        browser_tab.assert_clean(paper["url"])
        tab.go_back(wait_until="load")


def test_every_paper_is_a_search_result_shown_as_text(browser_tab, papers):
    tab = browser_tab.tab
    by_marker = {marker: {squash(p["title_text"]) for p in papers if re.search(rf"\b{marker}\d\d\b", p["title_text"], re.I)}
                 for marker in MARKERS}
    for marker, expected in by_marker.items():
        assert len(expected) == MARKERS[marker]
        browser_tab.open(f"search/?q={marker}")
        tab.wait_for_selector("#ds-search-results > li")
        tab.wait_for_function(RESULTS_PAGE_IN)
        while tab.locator("#ds-search-more").is_visible():
            tab.click("#ds-search-more")
            tab.wait_for_function(RESULTS_PAGE_IN)
        results = [squash(t) for t in tab.locator("#ds-search-results > li > a").all_text_contents()]
        assert set(results) == expected, marker
        assert tab.locator("#ds-search-results script, #ds-search-results img").count() == 0
        browser_tab.assert_clean(f"search {marker}")


def test_search_results_open_their_papers(browser_tab, papers):
    tab = browser_tab.tab
    for paper in papers[::9]:
        marker = re.search(r"\bZ[qtc]\d\d\b", paper["title_text"]).group(0)
        browser_tab.open(f"search/?q={marker.lower()}")
        result = tab.locator("#ds-search-results > li > a").first
        result.wait_for()
        assert squash(result.inner_text()) == squash(paper["title_text"])
        result.click()
        tab.wait_for_load_state("load")
        assert tab.url == browser_tab.base + paper["url"]
        browser_tab.assert_clean(f"result {marker}")


@pytest.mark.parametrize("query", [
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "javascript:window.__pwned=1",
    "{{ 7*7 }} ${7*7} #{7*7}",
])
def test_hostile_queries_are_text(browser_tab, query):
    browser_tab.open(f"search/?q={quote(query)}")
    tab = browser_tab.tab
    tab.wait_for_function("document.getElementById('ds-search-status').innerText.includes('match')")
    assert tab.input_value("#ds-search-input") == query
    status = tab.locator("#ds-search-status").inner_text()
    assert "match" in status
    if status.startswith("No papers"):
        assert query in status
    browser_tab.assert_clean(query)
