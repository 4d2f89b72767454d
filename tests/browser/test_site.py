"""A reader's path through the seed site in real headless Chromium: home → topic → paper → search."""

from __future__ import annotations

import pytest
from conftest import RESULTS_PAGE_IN, watched_tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def page(browser, seed_site, serve_folder):
    base = serve_folder(seed_site / "site")
    with watched_tab(browser, base) as tab:
        yield tab


def test_home_topic_paper_and_search(page):
    page.goto(page.base)
    assert "Trending Papers Digest" in page.title()
    page.locator(".ds-topics a").first.click()
    page.wait_for_url("**/topics/*/")  # wait_for_load_state alone may return before the click navigates
    topic_name = page.locator("h1").first.inner_text()
    first = page.locator(".ds-cards > li > a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/papers/*/")
    assert page.locator(".ds-paper__title").inner_text() == title
    assert topic_name in page.locator(".ds-why").first.inner_text()

    word = max((w for w in title.split() if w.isalpha()), key=len)
    box = page.locator(".ds-header-search input")
    box.fill(word)
    box.press("Enter")
    page.wait_for_selector("#ds-search-results > li")
    page.wait_for_function(RESULTS_PAGE_IN)
    assert "/search/" in page.url and f"q={word}" in page.url
    results = page.locator("#ds-search-results > li > a")
    titles = results.all_inner_texts()
    assert title in titles
    results.nth(titles.index(title)).click()
    page.wait_for_load_state()
    assert page.locator(".ds-paper__title").inner_text() == title
    assert page.errors == []


def test_search_deep_link_and_typing(page):
    page.goto(page.base + "search/?q=soccer")
    page.wait_for_selector("#ds-search-results > li")
    page.wait_for_function(RESULTS_PAGE_IN)
    assert any("Soccer" in t for t in page.locator("#ds-search-results > li > a").all_inner_texts())
    assert page.locator("#ds-search-results > li > p:not([class])").first.inner_text().strip()
    page.fill("#ds-search-input", "locomotion")
    page.wait_for_function("location.search.includes('locomotion')")
    page.wait_for_selector("#ds-search-results > li")
    assert "match" in page.locator("#ds-search-status").inner_text()
    page.fill("#ds-search-input", "zzzznotaword")
    page.wait_for_function("document.getElementById('ds-search-status').innerText.startsWith('No papers')")
    assert page.errors == []


@pytest.mark.parametrize(("path", "words"), [
    ("papers/sparse-attention-for-long-documents-1a2b3c4d/", "sparse attention for long documents"),
    ("papers/2309.11394v2/index.html", "2309.11394v2"),
    ("digests/", ""),
    ("topics/robot-learning/3/", "robot learning"),  # a listing's third page
    ("papers/a%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/", "a<img src=x onerror=alert(1)>"),
])
def test_a_dead_link_lands_on_a_search_for_the_words_of_its_address(page, seed_site, path, words):
    """Material's 404 page said "404 - Not found" and nothing more: a reader who followed a dead link
    (a typo, a paper taken down, an address cut short) had to find the way on alone. The page a
    host serves for it (here as GitHub Pages does: the site's 404.html, status 404) offers the
    search, filled in with the address's words, which stay text."""
    missing = page.base + path
    body = (seed_site / "site/404.html").read_text(encoding="utf-8")
    page.route(missing, lambda route: route.fulfill(status=404, body=body, content_type="text/html"))
    page.goto(missing)
    box = page.locator(".ds-notfound__search input")
    assert page.locator("h1").inner_text() == "Page not found" and box.input_value() == words
    assert page.locator("img").count() == 0
    box.fill("soccer")
    box.press("Enter")
    page.wait_for_selector("#ds-search-results > li")
    assert "/search/?q=soccer" in page.url
    assert page.errors == []
