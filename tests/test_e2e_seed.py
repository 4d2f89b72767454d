"""The real seed digest, built end to end with MkDocs: every paper, exactly, and findable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.readers import read_digest
from conftest import search_results as stored_results
from htmltext import element_text, shown_text, title_of

SEED = Path(__file__).parent / "data" / "seed-digest.txt"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(seed_site: Path) -> Path:
    return seed_site / "site"


@pytest.fixture(scope="module")
def exported(site: Path) -> list[dict]:
    return json.loads((site / "papers.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_entries():
    digest, problems = read_digest(SEED)
    assert not [p for p in problems if p.is_error]
    return digest.entries


def page(site: Path, record: dict) -> str:
    return (site / record["url"] / "index.html").read_text(encoding="utf-8")


def test_every_seed_paper_is_exported_once(exported, seed_entries):
    assert len(seed_entries) == 205
    assert [r["title"] for r in exported] == [e.title for e in seed_entries]
    assert len({r["slug"] for r in exported}) == 205


def test_papers_json_has_the_documented_fields(exported):
    fields = {"id", "slug", "url", "title", "title_text", "abstract", "authors", "topics", "links", "digests", "related"}
    for record in exported:
        assert fields <= record.keys()
        assert record["digests"] == ["2026-11-24-trending"]
        assert record["url"] == f"papers/{record['slug']}/"
        assert all(link["url"].startswith(("http://", "https://")) for link in record["links"])


def test_every_paper_page_shows_its_exact_title_and_abstract(site, exported, seed_entries):
    for record, entry in zip(exported, seed_entries):
        html = page(site, record)
        assert title_of(html) == f"{record['title_text']} - Trending Papers Digest"
        assert element_text(html, "ds-paper__title") == shown_text(entry.title)
        assert element_text(html, "ds-abstract") == shown_text(entry.abstract)


def test_tex_title_is_plain_text_in_title_and_mathml_on_the_page(site, exported):
    record = next(r for r in exported if "$^3$" in r["title"])
    assert "S³" in record["title_text"] and "$" not in record["title_text"]
    html = page(site, record)
    assert "$" not in title_of(html)
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML"' in html


def test_link_buttons_are_the_cleaned_links(site, exported):
    with_links = [r for r in exported if r["links"]]
    assert len(with_links) >= 50
    for record in with_links:
        html = page(site, record)
        for link in record["links"]:
            assert f'href="{link["url"]}"' in html


def test_paper_pages_are_not_in_the_navigation(site, exported):
    html = page(site, exported[0])
    (nav,) = re.findall(r'<nav aria-label="Site">.*?</nav>', html, re.S)
    assert 1 <= nav.count("<a ") <= 10
    assert "/papers/" not in nav


def test_topic_pages_list_every_paper_of_the_topic(site, exported):
    by_topic: dict[str, set[str]] = {}
    for record in exported:
        for slug in record["topic_slugs"]:
            by_topic.setdefault(slug, set()).add(record["slug"])
    for slug, members in by_topic.items():
        html = (site / "topics" / slug / "index.html").read_text(encoding="utf-8")
        assert set(re.findall(r'href="\.\./\.\./papers/([^/"]+)/"', html)) == members


def test_site_loads_nothing_from_other_hosts(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', html), path
    assert not (site / "search" / "search_index.json").exists()  # Material's search plugin is off


def search_results(site) -> list[dict]:
    """The result documents of the search index, in ref order."""
    return stored_results(site / "assets/digest-site/search")


def test_search_results_point_at_paper_pages(site, exported):
    docs = search_results(site)
    assert [d["u"] for d in docs] == [r["url"] for r in exported]
    assert [d["t"] for d in docs] == [r["title_text"] for r in exported]
    assert all((site / d["u"] / "index.html").is_file() for d in docs)


def test_home_archive_search_and_feeds_exist(site):
    for path in ("index.html", "topics/index.html", "archive/index.html", "search/index.html",
                 "digests/2026-11-24-trending/index.html", "feed.xml", "rss.xml", "papers.json",
                 "assets/digest-site/search.js"):
        assert (site / path).is_file(), path
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "205 papers · " in home and "1 digest<" in home  # "1 digest", never "1 digests"
    assert "Latest digest" in home


def test_the_home_and_topic_pages_name_their_feeds_for_feed_readers(site):
    # feed readers find a page's feed by its <link rel="alternate">: the topic feeds were linked nowhere
    import re as regex

    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Trending Papers Digest (Atom)" href="feed.xml">' in home
    assert '<link rel="alternate" type="application/rss+xml" title="Trending Papers Digest (RSS)" href="rss.xml">' in home  # (was nowhere)
    # each named as its feed names itself: a topic's said "Atom feed" in a reader's subscribe dialog
    topic = site / "topics/legged-locomotion-and-humanoids/index.html"
    href = regex.search(r'<link rel="alternate" type="application/atom\+xml" title="Trending Papers Digest: Legged locomotion and humanoids '
                        r'\(Atom\)" href="([^"]+)">', topic.read_text(encoding="utf-8")).group(1)
    assert href == f"../../feeds/{topic.parent.name}.xml" and (topic.parent / href).resolve().is_file()
