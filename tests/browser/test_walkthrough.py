"""README, "Publish your own collection", step by step: new → add → build → open in Chromium → search.

The steps are the README's commands, run through the CLI's entry point in a folder outside the
repository: scaffold from the arXiv-day CSV, add a BibTeX file and an arXiv API result, build.
"""

from __future__ import annotations

import re

import pytest

from conftest import DATA, watched_tab
from generator.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SOURCES = DATA / "sources"


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    home = tmp_path_factory.mktemp("walkthrough")
    lab = home / "my-digest"
    assert main(["new", str(lab), "--title", "Our reading list", "--from", str(DATA / "arxiv-2023-09-21.csv")]) == 0
    assert main(["-C", str(lab), "add", str(SOURCES / "zotero-reading-list.bib")]) == 0
    assert main(["-C", str(lab), "add", str(SOURCES / "arxiv-api-retrieval.atom")]) == 0
    assert main(["-C", str(lab), "build"]) == 0
    return lab


@pytest.fixture
def page(browser, collection, serve_folder):
    base = serve_folder(collection / "site")
    with watched_tab(browser, base) as tab:
        yield tab


def results(page, query: str) -> list[str]:
    page.goto(page.base)
    page.locator(".ds-header-search input").fill(query)
    page.locator(".ds-header-search input").press("Enter")
    page.wait_for_selector("#ds-search-results > li")
    page.wait_for_load_state("networkidle")  # every index shard fetched: leaving the page aborts none
    return page.locator("#ds-search-results > li > a").all_inner_texts()


def test_the_walkthrough_gives_a_searchable_site(page):
    page.goto(page.base)
    assert "Our reading list" in page.title()
    found = results(page, "retrieval")
    assert "Dense Passage Retrieval with Late Interaction for Long-Context Question Answering" in found  # Atom
    assert "Retrieval Augmented Generation for Low-Resource Languages: A Survey" in found  # BibTeX
    lhc = results(page, "LHC")
    assert lhc[0] == "Precision Measurements at the LHC with Machine-Learned Jet Taggers"  # {LHC} decoded
    page.locator("#ds-search-results > li > a").first.click()
    page.wait_for_load_state()
    body = page.locator("article.ds-paper").inner_text()
    assert "Péter Balázs" in body and "The ATLAS Collaboration" in body  # TeX accents decoded
    assert page.locator("a[href='https://doi.org/10.1103/PhysRevD.108.052001']").count() == 1  # the DOI link
    assert "Transformers versus LSTMs for electronic trading" in results(page, "LSTMs")  # the CSV's papers
    assert page.errors == []


def test_names_without_their_accents_category_codes_and_pasted_ids_are_found(page):
    lhc = "Precision Measurements at the LHC with Machine-Learned Jet Taggers"
    assert results(page, "Balazs")[0] == lhc  # "Péter Balázs", typed without accents
    assert len(results(page, "cs.CL")) >= 20  # the CSV's "Computation and Language (cs.CL)"
    # the filter is labelled as arXiv names it (readers keep the code), and its name is searched too
    assert "Computation and Language (cs.CL)" in page.locator(".ds-facet", has_text="Category").inner_text()
    assert len(results(page, "computation and language")) >= 20
    # a link to the filter from before the readers kept the code filters as the code does
    counts = []
    for cat in ("cs.CL", "Computation and Language (cs.CL)"):
        page.goto(page.base + "search/?q=language&cat=" + cat.replace(" ", "%20"))
        page.wait_for_selector("#ds-search-results > li")
        page.wait_for_load_state("networkidle")
        counts.append(page.locator("#ds-search-status").inner_text())
        assert page.locator(".ds-facet [aria-pressed=true]").inner_text().startswith("Computation and Language (cs.CL)")
    assert counts[0] == counts[1], counts
    dense = "Dense Passage Retrieval with Late Interaction for Long-Context Question Answering"
    for query in ("https://arxiv.org/abs/2405.01234v2", "arXiv:2405.01234", "2405.01234v1", "arxiv.org/pdf/2405.01234.pdf",
                  "arXiv 2405.01234"):
        assert results(page, query) == [dense], query
    assert page.errors == []


def test_the_collection_has_topics_feeds_and_digests(collection):
    site = collection / "site"
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 50 and "Our reading list" in feed
    digests = sorted(p.name for p in (site / "digests").iterdir() if p.is_dir())
    assert any(re.fullmatch(r"2023-09-21-arxiv", d) for d in digests)
    assert "2024-05-07-arxiv-api-retrieval" in digests  # dated by its newest paper: that moves no page
    assert len([p for p in (site / "topics").iterdir() if p.is_dir()]) >= 5
