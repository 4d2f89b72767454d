"""Paginated listings: page sizes, links between pages, and which pages change as a list grows."""

from __future__ import annotations

from generator import pagination


def test_from_start_keeps_order_and_links_every_page():
    pages = pagination.from_start(list(range(120)), "digests/d.md", size=50)
    assert [p.path for p in pages] == ["digests/d.md", "digests/d/2.md", "digests/d/3.md"]
    assert [list(p.items) for p in pages] == [list(range(50)), list(range(50, 100)), list(range(100, 120))]
    assert (pages[0].previous, pages[0].next) == (None, "digests/d/2.md")
    assert (pages[2].previous, pages[2].next) == ("digests/d/2.md", None)
    assert pages[1].numbered == ((1, "digests/d.md"), (2, "digests/d/2.md"), (3, "digests/d/3.md"))
    assert [p.first_item for p in pages] == [1, 51, 101]


def test_a_short_list_is_one_page_without_links():
    (page,) = pagination.from_start([1, 2], "digests/d.md")
    assert page.items == (1, 2) and page.numbered == () and page.next is None
    (page,) = pagination.from_oldest([], "topics/t.md")
    assert page.items == () and page.path == "topics/t.md" and page.older is None


def test_from_oldest_shows_newest_first_and_cuts_from_the_oldest():
    newest_first = list(range(119, -1, -1))  # 120 items, 119 the newest
    pages = pagination.from_oldest(newest_first, "topics/t.md", size=50)
    assert [p.path for p in pages] == ["topics/t.md", "topics/t/2.md", "topics/t/1.md"]
    assert pages[0].items == tuple(range(119, 99, -1))  # the newest 20, newest first
    assert pages[2].items == tuple(range(49, -1, -1))  # numbered page 1: the oldest 50
    assert (pages[0].older, pages[1].newer, pages[1].older, pages[2].newer) == (
        "topics/t/2.md", "topics/t.md", "topics/t/1.md", "topics/t/2.md")
    assert [n for n, _ in pages[0].numbered] == [3, 2, 1] and pages[1].numbered == ()


def shown(page: pagination.ListingPage) -> tuple:
    """What a topic's numbered page shows (it shows no totals, which change as the list grows)."""
    return page.items, page.newer, page.older, page.landing, page.numbered, page.number


def test_growing_a_list_leaves_full_numbered_pages_unchanged():
    before = {p.path: p for p in pagination.from_oldest(list(range(119, -1, -1)), "topics/t.md", size=50)}
    for grown in (125, 150, 151, 260):
        after = {p.path: p for p in pagination.from_oldest(list(range(grown - 1, -1, -1)), "topics/t.md", size=50)}
        changed = {path for path in before if path != "topics/t.md" and shown(before[path]) != shown(after[path])}
        assert changed <= {"topics/t/2.md"}  # at most the page whose "newer" link was the landing page
        assert all(before[path].items == after[path].items for path in before if path != "topics/t.md")


def test_every_page_holds_at_most_page_size_items():
    for n in (0, 1, 49, 50, 51, 3000):
        for pages in (pagination.from_start(range(n), "d.md"), pagination.from_oldest(range(n), "t.md")):
            assert all(len(p.items) <= pagination.PAGE_SIZE for p in pages)
            assert sum(len(p.items) for p in pages) == n


def test_every_card_of_a_listing_page_is_laid_out_at_once():
    """digest-site.css lays out a page's first PAGE_SIZE cards at once (content-visibility from the
    next one on): a card left for later stands at a guessed height, which tools measure
    (tests/browser/test_axe.py). A larger PAGE_SIZE must move that line of the stylesheet too."""
    import re
    from pathlib import Path

    css = (Path(__file__).parent.parent / "site_templates/assets/digest-site.css").read_text(encoding="utf-8")
    firsts = {int(n) for n in re.findall(r"\.ds-cards > li:nth-child\(n\+(\d+)\)", css)}
    assert firsts == {pagination.PAGE_SIZE + 1}
