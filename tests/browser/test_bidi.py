"""Right-to-left text and bidi controls of digests and topics.yml beside the site's own words, in
real headless Chromium: where each character is drawn, not the DOM's order.

A topic name ending in an unclosed U+202E (RIGHT-TO-LEFT OVERRIDE) showed "12 papers" as "srepap
21" on the topics page, an author's reversed the card's date and the authors after it, and an
Arabic or Hebrew topic name pulled the paper count after it inside it (the count drawn on the
name's left). Each check reads the characters' boxes (a Range per character) and asks that the
site's own text is drawn left to right (the pages are left-to-right) and after the name before it.
"""

from __future__ import annotations

import json

import pytest

from conftest import RESULTS_PAGE_IN, make_project, type_in_header_box, watched_tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RLO = "\u202e"
GRASPING = f"Grasping{RLO}"  # a topic name whose override is never closed
FILLERS = 10  # papers more of GRASPING's: its count has two digits ("12 papers")
PAPERS = [
    {"title": "عنوان عربي عن الإمساك بالروبوت", "abstract": "We study robot grasping with tactile sensing.",
     "authors": ["سارة أحمد", "Bo Li"], "date": "2024-01-02", "id": "2401.00001", "categories": ["cs.RO"]},
    {"title": f"Walking robots {RLO}reversed", "abstract": "Legged robots learn walking gaits on rough terrain.",
     "authors": [f"Ann{RLO}", "Cy Ng", "Di Wu", "Ed Xu", "Fay Yu"], "date": "2024-01-03", "id": "2401.00002",
     "categories": ["cs.LG", f"Robotik{RLO}", "cs.AI"]},
    {"title": "כותרת בעברית על נהיגה", "abstract": "Autonomous driving policies for driving in traffic.",
     "authors": ["דנה כהן"], "date": "2024-01-04", "id": "2401.00003", "categories": ["cs.CV"]},
    *({"title": f"Grasping study {i}", "abstract": f"Robot grasping of object {i}.", "authors": [f"{RLO}Author {i}"],
       "date": "2024-01-01", "id": f"2401.0010{i}"} for i in range(FILLERS)),
]
TOPICS = {"topics": [
    {"name": GRASPING, "description": "Robots that grasp.", "keywords": ["grasping"]},
    {"name": "روبوتات المشي", "description": "Walking robots.", "keywords": ["walking", "legged"]},
    {"name": "נהיגה", "description": "Driving.", "keywords": ["driving"]},
]}
# For each element of a selector, its characters but spaces and bidi controls, in the DOM's order, as
# [character, left, right] of the box each is drawn in (from the characters of `needle` only, if given)
DRAWN = """([selector, needle]) => [...document.querySelectorAll(selector)].map(element => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT), nodes = [];
  let text = "";
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  const from = needle ? text.indexOf(needle) : 0, to = needle ? from + needle.length : text.length, drawn = [];
  for (let i = Math.max(from, 0); from >= 0 && i < to; i++) {
    if (/[\\s\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]/.test(text[i])) continue;
    const [node, start] = nodes.filter(n => n[1] <= i).pop(), range = document.createRange();
    range.setStart(node, i - start); range.setEnd(node, i - start + 1);
    const box = range.getBoundingClientRect();
    drawn.push([text[i], box.left, box.right]);
  }
  return drawn;
})"""


@pytest.fixture(scope="module")
def base(tmp_path_factory, serve_folder) -> str:
    from generator.build import build
    from generator.config import load_project

    lines = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in PAPERS)
    folder = make_project(tmp_path_factory.mktemp("bidi") / "project", {"2024-01-05-rtl.jsonl": lines}, topics=False)
    (folder / "content" / "topics.yml").write_text(json.dumps(TOPICS, ensure_ascii=False), encoding="utf-8")
    build(load_project(folder))
    return serve_folder(folder / "site")


@pytest.fixture
def tab(browser, base):
    with watched_tab(browser, base) as tab:
        yield tab


def drawn(tab, selector: str, needle: str | None = None) -> list[list]:
    """The drawn characters of each element of ``selector`` (holding ``needle``, if given)."""
    found = [chars for chars in tab.evaluate(DRAWN, [selector, needle]) if chars]
    assert found, (selector, needle)
    return found


def in_order(chars: list) -> str:
    """The characters as drawn, left to right; asserted to be their own order (a text of the site's)."""
    shown = "".join(c for c, _, _ in sorted(chars, key=lambda c: c[1]))
    assert shown == "".join(c for c, _, _ in chars), shown
    return shown


def after(before: list, chars: list) -> None:
    """``chars`` are drawn right of every character of ``before`` (half a pixel of leeway)."""
    assert min(left for _, left, _ in chars) >= max(right for _, _, right in before) - 0.5, (before, chars)


def test_paper_counts_stay_in_order_after_any_topic_name(tab):
    tab.goto(tab.base + "topics/")
    names, counts = drawn(tab, ".ds-topic-index dt a"), drawn(tab, ".ds-topic-index dt .ds-count")
    assert len(names) == len(counts) == len(TOPICS["topics"])
    assert [in_order(count) for count in counts] == [f"{FILLERS + 1}papers", "1paper", "1paper"]
    for name, count in zip(names, counts):
        after(name, count)
    tab.goto(tab.base)
    for name, count in zip(drawn(tab, ".ds-topics li > a"), drawn(tab, ".ds-topics .ds-count")):
        in_order(count)
        after(name, count)
    assert tab.errors == []


@pytest.mark.parametrize("page", ["digests/2024-01-05-rtl/", "search/?q=robots"])
def test_a_cards_date_and_other_authors_stay_in_order_after_any_author(tab, page):
    tab.goto(tab.base + page)
    if "search" in page:
        tab.wait_for_selector("#ds-search-results > li")
        tab.wait_for_function(RESULTS_PAGE_IN)
    authors, dates = drawn(tab, ".ds-meta span"), drawn(tab, ".ds-meta time")
    assert len(authors) == len(dates) >= 2
    for names, date in zip(authors, dates):
        assert in_order(date).startswith("2024-01-0")
        after(names, date)
    in_order(drawn(tab, ".ds-meta span", "Cy Ng, Di Wu et al.")[0])  # the names after Ann's override
    assert tab.errors == []


def test_a_papers_authors_categories_and_pager_stay_in_order(tab):
    tab.goto(tab.base + "papers/2401.00002/")
    in_order(drawn(tab, ".ds-paper__authors", "Cy Ng, Di Wu, Ed Xu, Fay Yu")[0])
    in_order(drawn(tab, ".ds-paper__source", "; Artificial Intelligence (cs.AI)")[0])
    tab.goto(tab.base + "papers/2401.00001/")  # its next paper is the one whose title holds an override
    # its authors, Arabic first, run right to left (flush right) as its first name's letters say
    assert tab.evaluate("""() => { const p = document.querySelector('.ds-paper__authors'), r = document.createRange();
        r.selectNodeContents(p); return Math.round(p.getBoundingClientRect().right - r.getBoundingClientRect().right); }""") == 0
    title, arrow = drawn(tab, ".ds-pager--paper a[rel=next]", "reversed"), drawn(tab, ".ds-pager--paper a[rel=next]", "→")
    after(title[0], arrow[0])  # (the override put "→" before "reversed")
    assert tab.errors == []


def test_the_header_dropdown_keeps_its_own_line_in_order_below_any_title(tab):
    tab.goto(tab.base)
    type_in_header_box(tab, "walking")
    titles = drawn(tab, ".ds-search-dropdown [role=option]:not(.ds-search-dropdown__all)")
    assert titles and in_order(drawn(tab, ".ds-search-dropdown__all")[0]).startswith("1result")
    assert tab.errors == []
