"""Search on the seed site in real headless Chromium: ranking against lunr.js on one full index,
recall of every title word and sampled abstract words, and what a reader does with it."""

from __future__ import annotations

import importlib.resources
import json
import os
import random
import re
import shutil
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, quote, urljoin, urlsplit

import pytest
from lunr.index import Index
from lunr.query import QueryPresence
from lunr.stop_word_filter import WORDS as STOP_WORDS

from conftest import RESULTS_PAGE_IN, search_build, type_in_header_box, wait_for_dropdown, watched_tab
from generator import build, search_index, search_site
from generator.build import BuildReport, generate
from generator.config import load_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUERIES = [
    "diffusion", "transformer", "hallucination", "curriculum", "reinforcement learning", "world model",
    "robot manipulation", "language models", "agent", "benchmark", "video generation", "graph neural",
    "retrieval augmented", "reasoning", "policy", "tactile", "soccer", "locomotion", "multimodal", "dataset",
    "evaluation", "humanoid", "planning", "simulation", "social network", "parallel thinking",
    "math reasoning", "latent", "tokens", "attention", "code generation", "speech", "3d", "navigation",
    "safety", "large language model agents",
]
TRIM = re.compile(r"^\W*?(\w+)\W*?$")


@pytest.fixture(scope="module")
def base(seed_site, serve_folder) -> str:
    return serve_folder(seed_site / "site")


@pytest.fixture(scope="module")
def full_index(seed_site) -> str:
    """lunr.py's one full index of the same documents (the reference lunr.js searches)."""
    seen = []
    with pytest.MonkeyPatch.context() as patch:  # the collection the build gives the search stage
        real = search_site.search_files
        patch.setattr(search_site, "search_files", lambda collection, *rest: seen.append(collection) or real(collection, *rest))
        patch.setattr(build, "SEARCH_BESIDE_UP_TO", -1)  # in this process, where ``seen`` is
        generate(load_project(seed_site), BuildReport())
    collection = seen[0]
    return search_index.build_index(search_index.search_documents(collection.papers, collection.topic_names))


@pytest.fixture(scope="module")
def papers(seed_site) -> list[dict]:
    return json.loads((seed_site / "site" / "papers.json").read_text(encoding="utf-8"))


@pytest.fixture
def tab(browser, base):
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.base = base
    yield page
    assert page.errors == []
    context.close()


@contextmanager
def site_tab(browser, serve_folder, folder: Path):
    """A tab (``tab.base`` set) on the site of the project in ``folder``, built first; closed after."""
    from generator.build import build
    from generator.config import load_project

    build(load_project(folder))
    context = browser.new_context()
    tab = context.new_page()
    tab.base = serve_folder(folder / "site")
    try:
        yield tab
    finally:
        context.close()


LUNR_JS = importlib.resources.files("mkdocs").joinpath("contrib/search/templates/search/lunr.js")


def ready(tab, url: str) -> None:
    """Open the search page (or another page) and wait until search.js is there."""
    tab.goto(tab.base + url)
    tab.wait_for_function("window.dsSearch !== undefined")


def titles_found(tab, queries: list[str]) -> dict[str, list[str]]:
    """Each query's results, as the titles of the papers found, sorted."""
    return tab.evaluate("""async (queries) => {
      const out = {};
      for (const q of queries) {
        const hits = (await dsSearch.search(q, false)).hits;
        out[q] = (await dsSearch.docs(hits.map(h => h.ref))).map(d => d.t).sort();
      }
      return out;
    }""", queries)


def show_all(tab, total: int) -> None:
    """Wait for the first page of results, then ask for more until all ``total`` are shown."""
    count = "document.querySelectorAll('#ds-search-results > li').length"
    tab.wait_for_function(f"{count} === {min(total, 20)}")
    while tab.evaluate(count) < total:
        shown = tab.evaluate(count)
        tab.click("#ds-search-more")
        tab.wait_for_function(f"{count} === {min(total, shown + 20)}")  # (a page's cards come in one by one)
    assert tab.locator("#ds-search-more").is_hidden()


def query_words(query: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", query.lower()) if w and w not in STOP_WORDS]


# --- ranking and recall ---------------------------------------------------------------------------

RANK = """async ([serialized, queries]) => {
  const index = lunr.Index.load(JSON.parse(serialized));
  const out = [];
  for (const [query, words] of queries) {
    const reference = index.query(q => words.forEach(w => q.term(w, {presence: lunr.Query.presence.REQUIRED})));
    const mine = (await dsSearch.search(query, false)).hits;
    out.push({query, lunr: reference.map(h => [+h.ref, h.score]), shards: mine.map(h => [h.ref, h.score])});
  }
  return out;
}"""


def test_shards_rank_as_lunr_js_on_the_full_index(tab, full_index):
    ready(tab, "search/")
    tab.add_script_tag(path=LUNR_JS)  # the reference: lunr.js 2.3.9 as MkDocs ships it (the site does not load it)
    found = tab.evaluate(RANK, [full_index, [[q, query_words(q)] for q in QUERIES]])
    python = Index.load(json.loads(full_index))
    overlaps = []
    for result in found:
        reference = [ref for ref, _ in result["lunr"]]
        mine = [ref for ref, _ in result["shards"]]
        query = python.create_query()
        for word in query_words(result["query"]):
            query.term(word, presence=QueryPresence.REQUIRED)
        lunr_py = [int(hit["ref"]) for hit in python.query(query)]
        assert sorted(mine) == sorted(reference) == sorted(lunr_py), result["query"]  # the same papers match
        for (a, x), (b, y) in zip(result["lunr"], result["shards"]):
            assert abs(x - y) < 1e-9, result["query"]
        top = set(reference[:10])
        overlaps.append(len(top & set(mine[:10])) / max(1, len(top)))
        assert set(lunr_py[:10]) == top or len(lunr_py) > 10, result["query"]
    assert sum(1 for r in found if r["lunr"]) >= 30
    assert sum(overlaps) / len(overlaps) >= 0.95, overlaps


def surface_words(text: str) -> list[str]:
    """A text's words as a reader would type them: lunr's separator, punctuation trimmed."""
    words = []
    for token in re.split(r"[\s\-]+", unicodedata.normalize("NFKC", text).lower()):
        match = TRIM.match(token)
        if match and match.group(1) not in STOP_WORDS:
            words.append(match.group(1))
    return words


RECALL = """async (words) => {
  const out = {};
  for (const w of words) out[w] = (await dsSearch.search(w, false)).hits.map(h => h.ref);
  return out;
}"""


def test_every_title_word_and_sampled_abstract_words_find_every_paper_holding_them(tab, papers):
    titles = [set(surface_words(p["title_text"])) for p in papers]
    abstracts = [set(surface_words(p["abstract"])) for p in papers]
    title_words = sorted(set().union(*titles))
    abstract_words = sorted(set().union(*abstracts) - set(title_words))
    sample = random.Random(12).sample(abstract_words, 400)
    ready(tab, "search/")
    found = tab.evaluate(RECALL, title_words + sample)
    missed = {}
    for word in title_words + sample:
        holding = {i for i in range(len(papers)) if word in titles[i] or word in abstracts[i]}
        if holding - set(found[word]):
            missed[word] = sorted(holding - set(found[word]))
    assert len(title_words) > 800
    assert missed == {}


@pytest.mark.parametrize("query, title", [
    ("GA-S3", "GA-S³: Comprehensive Social Network Simulation with Group Agents"),
    ("Parallel-R1", "Parallel-R1: Towards Parallel Thinking via Reinforcement Learning"),
    ("rStar2-Agent", "rStar2-Agent: Agentic Reasoning Technical Report"),
    ("rstar2", "rStar2-Agent: Agentic Reasoning Technical Report"),
    # as the site's own BibTeX writes it (a word of TeX math the index holds as its text is left out)
    ("GA-S$^3$: Comprehensive Social Network Simulation with Group Agents",
     "GA-S³: Comprehensive Social Network Simulation with Group Agents"),
    # TeX's script typed without dollars ("G_2", "R^2"), as the index has it from math
    ("GA-S^3 simulation", "GA-S³: Comprehensive Social Network Simulation with Group Agents"),
    ("GA-S^{3}", "GA-S³: Comprehensive Social Network Simulation with Group Agents"),
    # a phone's apostrophe: "No papers match “When They’re Right”"
    ("When They\u2019re Right", "Thinking Out Loud: Do Reasoning Models Know When They're Right?"),
    # a soft hyphen and a zero-width space copied with a query, which found nothing
    ("Paral\u00adlel\u200b-R1", "Parallel-R1: Towards Parallel Thinking via Reinforcement Learning"),
])
def test_hyphenated_and_tex_titles_are_found_first(tab, query, title):
    ready(tab, f"search/?q={query}")
    first = tab.locator("#ds-search-results > li > a").first
    first.wait_for()
    assert first.inner_text() == title
    assert tab.locator("#ds-search-results > li").first.locator("mark").count() >= 1


# --- what a reader does ---------------------------------------------------------------------------


def test_nothing_loads_until_the_box_is_used(tab):
    asked: list[str] = []
    tab.on("request", lambda request: asked.append(request.url))
    tab.goto(tab.base)
    tab.wait_for_load_state("networkidle")
    assert not [u for u in asked if re.search(r"lunr\.js|search\.js|/search/", u)], asked
    tab.focus(".ds-header-search input")
    tab.wait_for_function("window.dsSearch !== undefined")
    assert any(u.endswith("search.js") for u in asked)


def test_the_dropdown_opens_again_when_the_box_is_tapped_again(tab):
    """Closed by a tap elsewhere, it stayed closed when the box was tapped again: a phone, with no
    arrow key to open it, had to type the words again."""
    tab.goto(tab.base)
    box = type_in_header_box(tab, "diffus")
    tab.locator("#ds-search-dropdown [role=option]").first.wait_for()
    tab.locator("footer").first.click()  # elsewhere on the page
    tab.locator("#ds-search-dropdown").wait_for(state="hidden")
    box.click()
    tab.locator("#ds-search-dropdown [role=option]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"


def test_dropdown_as_you_type_with_the_keyboard(tab):
    tab.goto(tab.base)
    box = type_in_header_box(tab, "diffus")
    options = tab.locator("#ds-search-dropdown [role=option]")
    assert box.get_attribute("aria-expanded") == "true"
    titles = options.all_inner_texts()
    assert 2 <= len(titles) <= 9 and "Diffusion" in titles[0]
    assert tab.locator("#ds-search-dropdown mark").first.inner_text().lower().startswith("diffus")
    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("ArrowUp")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    box.press("Escape")
    assert tab.locator("#ds-search-dropdown").is_hidden()
    box.press("ArrowDown")  # opens it again
    options.first.wait_for()
    box.press("ArrowDown")
    with tab.expect_navigation():
        box.press("Enter")
    assert "/papers/" in tab.url
    assert tab.locator("h1").first.inner_text() == titles[0]


def test_a_list_typed_past_loads_no_result_files(tab):
    """On a phone's slow link each key's search came in after the next key was typed, and the
    dropdown asked for the result files of every list it would not show ("dif", "diff", …):
    "diffusion" typed at four keys a second loaded 20 files of cards for a list of 8 titles. The
    search files answer here only once the word is typed: the files asked for are the last list's."""
    tab.goto(tab.base)
    held, cards, typed = [], [], []

    def hold(route):
        route.continue_() if typed else held.append(route)

    tab.route("**/assets/digest-site/search/**", hold)
    tab.on("request", lambda request: "/search/c/" in request.url and cards.append(request.url))
    box = tab.locator(".ds-header-search input")
    box.click()
    box.type("diffusion", delay=150)  # (a pause longer than the box waits before it searches)
    tab.wait_for_function("window.dsSearch !== undefined")
    typed.append(True)
    for route in held:
        route.continue_()
    wait_for_dropdown(tab)
    refs = tab.evaluate("async () => (await dsSearch.search('diffusion', true)).hits.slice(0, 8).map(h => h.ref)")
    meta = tab.evaluate("dsSearch.meta()")
    files = {(meta["papers"] - 1 - ref) // meta["perFile"] for ref in refs}
    assert sorted({int(url.rsplit("/", 1)[1].split(".")[0]) for url in cards}) == sorted(files)


def test_typing_on_after_the_arrow_keys_leaves_no_option_active(tab):
    """The box named the option the arrow keys were on (aria-activedescendant) after more letters
    redrew the list: "diffus", ArrowDown twice, "ion" left it naming the new list's second option,
    which a screen reader then announced as chosen, though none was and Enter opened the search page."""
    tab.goto(tab.base)
    box = type_in_header_box(tab, "diffus")
    box.press("ArrowDown")
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "ds-search-option-1"
    box.type("ion", delay=20)
    wait_for_dropdown(tab)
    assert tab.locator("#ds-search-dropdown [aria-selected=true]").count() == 0
    assert box.get_attribute("aria-activedescendant") is None


@pytest.mark.parametrize("options", [{"color_scheme": "light"}, {"color_scheme": "dark"}, {"forced_colors": "active"}],
                         ids=["light", "dark", "forced-colours"])
def test_the_option_the_arrow_keys_are_on_is_marked_visibly(browser, base, options):
    """The focus stays in the box (aria-activedescendant), so the option the arrow keys are on is
    all a sighted keyboard user sees of where Enter goes: it is outlined. Its background alone was
    the dropdown's own white in the light scheme, 1.1:1 in the dark one, and gone with forced colours."""
    context = browser.new_context(**options)
    try:
        tab = context.new_page()
        tab.goto(base)
        box = type_in_header_box(tab, "diffus")
        box.press("ArrowDown")
        box.press("ArrowDown")
        look = ("a => { const s = getComputedStyle(a); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 "
                "? 'outlined ' + s.outlineColor : 'plain'; }")
        chosen = tab.locator("#ds-search-option-1").evaluate(look)
        others = {tab.locator(f"#ds-search-option-{i}").evaluate(look) for i in (0, 2)}
        assert chosen.startswith("outlined") and others == {"plain"}, (chosen, others)
        background = tab.locator("#ds-search-dropdown").evaluate("e => getComputedStyle(e).backgroundColor")
        assert chosen != f"outlined {background}"  # the outline is not the dropdown's own colour
    finally:
        context.close()


def test_with_forced_colours_the_dropdown_has_an_edge(browser, base):
    """The dropdown, over the page's text, was marked off by its shadow alone: forced colours
    (Windows' contrast themes) drop shadows, and its options ran into the paper's title below
    them with nothing between."""
    context = browser.new_context(forced_colors="active")
    try:
        tab = context.new_page()
        tab.goto(base + "papers/behavior-generation-with-latent-actions-9eaf84b6/")
        type_in_header_box(tab, "diffus")
        edge = tab.locator("#ds-search-dropdown").evaluate(
            "e => { const s = getComputedStyle(e); return [s.borderBottomStyle, parseFloat(s.borderBottomWidth),"
            " s.borderBottomColor, s.backgroundColor]; }")
        assert edge[0] != "none" and edge[1] >= 1 and edge[2] != edge[3], edge
    finally:
        context.close()


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["laptop", "phone"])
def test_dropdown_shows_under_the_box_on_screen(browser, base, size):
    """The dropdown opens right below the header box, within the first screen, on a laptop and a phone."""
    with watched_tab(browser, base) as tab:
        tab.set_viewport_size({"width": size[0], "height": size[1]})
        tab.goto(tab.base)
        box = type_in_header_box(tab, "diffus")
        below, under = box.bounding_box(), tab.locator("#ds-search-dropdown").bounding_box()
        assert below["y"] + below["height"] <= under["y"] <= below["y"] + below["height"] + 16, (below, under)
        assert under["y"] + under["height"] <= size[1] and under["x"] >= 0 and under["x"] + under["width"] <= size[0]
        assert tab.locator("#ds-search-option-0").is_visible()
        assert tab.evaluate("window.scrollY") == 0
        assert not tab.errors


@pytest.mark.parametrize("query", ["plan", "learn", "the", "diffus", "robot"])
def test_the_dropdowns_count_is_the_search_pages(tab, query):
    """The dropdown reads its last word as the beginning of longer words ("plan" is on its way to
    "planar"); the search page its "All N results" link opens does not: N is what that page shows
    ("plan": 32 in the dropdown, 28 on the page; "the": 46, and the page searches no common word)."""
    tab.goto(tab.base)
    type_in_header_box(tab, query)
    label = tab.locator("#ds-search-option-all").inner_text()
    with tab.expect_navigation():
        tab.click("#ds-search-option-all")
    tab.wait_for_function("/match/.test(document.getElementById('ds-search-status').textContent)")
    status = tab.locator("#ds-search-status").inner_text()
    shown = re.match(r"(\d+) papers? match", status)
    if shown:
        expected = f"All {shown[1]} results" if int(shown[1]) > 1 else "1 result"
        assert label.startswith(expected + " for \u201c"), (label, status)
    else:
        assert status.startswith("No papers match") and not re.search(r"\d", label), (label, status)


def test_enter_opens_the_results_page(tab):
    tab.goto(tab.base)
    box = tab.locator(".ds-header-search input")
    box.fill("curriculum")
    with tab.expect_navigation():
        box.press("Enter")
    assert "/search/" in tab.url and "q=curriculum" in tab.url
    tab.locator("#ds-search-results > li").first.wait_for()
    assert tab.locator("#ds-search-status").inner_text().startswith("4 papers match")


def test_results_are_cards_with_highlights_and_more_on_demand(tab):
    ready(tab, "search/?q=models")
    cards = tab.locator("#ds-search-results > li")
    tab.wait_for_function(RESULTS_PAGE_IN)
    total = int(tab.locator("#ds-search-status").inner_text().split()[0])
    assert total > 40 and cards.count() == 20
    card = cards.first
    assert card.locator(":scope > a").get_attribute("href").startswith(tab.base + "papers/")
    assert card.locator("p.ds-meta time").count() == 1
    assert card.locator(":scope > p:not([class]) mark").count() >= 1
    assert card.locator("p.ds-tags a:not(.ds-badge)").count() >= 1
    assert all(c.locator("p.ds-tags a:not(.ds-badge)").count() <= 3 for c in cards.all())  # as listing cards:
    assert cards.locator(".ds-badge--pdf").count() == 0  # at most 3 topics, no PDF badge (the paper's page has it)
    show_all(tab, total)
    assert cards.count() == total


def test_show_more_clicked_twice_keeps_the_ranked_order(tab):
    """A second "Show more" while a page is still coming in must not append the next page amid it."""
    ready(tab, "search/?q=models")
    count = "document.querySelectorAll('#ds-search-results > li').length"
    tab.wait_for_function(f"{count} === 20")
    tab.evaluate("() => { const more = document.getElementById('ds-search-more'); more.click(); more.click(); }")
    tab.wait_for_function(f"{count} === 40 && !document.getElementById('ds-search-more').hidden")
    shown = tab.locator("#ds-search-results > li > a").evaluate_all("links => links.map(a => a.href)")
    ranked = tab.evaluate("""async () => {
      const found = await dsSearch.search("models", false);
      const docs = await dsSearch.docs(found.hits.slice(0, 40).map(h => h.ref));
      return docs.map(d => d.u);
    }""")
    assert shown == [urljoin(tab.base, u) for u in ranked]


def test_results_typed_past_load_no_more_result_files(tab):
    """A page of results asks for its first card's file, then the others': typing on in the box
    meanwhile (a phone's slow link) left them coming for cards no longer shown ("robot learning"
    typed at four keys a second on a 3,000-paper site loaded 35 result files for 20 cards). Here
    the result files answer only once the query is changed: those asked for are the first
    query's first card's and the second query's."""
    ready(tab, "search/")
    held, cards, changed = [], [], []

    def hold(route):
        route.continue_() if changed else held.append(route)

    tab.route("**/assets/digest-site/search/c/**", hold)
    tab.on("request", lambda request: "/search/c/" in request.url and cards.append(request.url))
    with tab.expect_request(lambda request: "/search/c/" in request.url):  # the first card's file
        tab.fill("#ds-search-input", "robot")
    tab.fill("#ds-search-input", "robot policy")
    tab.wait_for_function("location.search === '?q=robot+policy'")
    changed.append(True)
    for route in held:
        route.continue_()
    tab.wait_for_function(RESULTS_PAGE_IN)
    files = tab.evaluate("""async () => {
      const m = await dsSearch.meta(), first = (await dsSearch.search('robot', false)).hits[0].ref;
      const then = (await dsSearch.search('robot policy', false)).hits.slice(0, 20).map(h => h.ref);
      return [first, ...then].map(r => Math.floor((m.papers - 1 - r) / m.perFile));
    }""")
    assert len(files) > 2 and sorted({int(url.rsplit("/", 1)[1].split(".")[0]) for url in cards}) == sorted(set(files))


def test_cards_of_results_no_longer_shown_are_not_added_to_the_next_ones(tab):
    """The list is emptied as soon as the query changes, but the results shown stayed current
    until the new ones were found: on a phone's slow link, cards of the old results still coming
    were added to the emptied list, and "diffusion" typed in the box showed 34 cards, 14 of
    "diffusio" before its own 20. Here the old results' first card comes while the new query's
    postings are held back: it is not shown, and the list is then the new results' alone."""
    ready(tab, "search/")
    held, release = {"c": [], "p": []}, {"p"}  # the first query's postings come, its cards wait

    def hold(route):
        kind = "c" if "/search/c/" in route.request.url else "p"
        route.continue_() if kind in release else held[kind].append(route)

    tab.route(re.compile(r"/assets/digest-site/search/(c|[0-9a-f]+/p)/"), hold)
    with tab.expect_request(lambda request: "/search/c/" in request.url):  # the first card's file
        tab.fill("#ds-search-input", "robot")
    posts = tab.evaluate("""async () => {
      const m = await dsSearch.meta(), file = t => m.post.filter(f => f <= t).length;
      return [file(dsSearch.termOf('robot')), file(dsSearch.termOf('agent')),
              (await dsSearch.search('robot', false)).hits[0].ref];
    }""")
    assert posts[0] != posts[1]  # the second query waits for a file the first did not load
    release.discard("p")
    tab.fill("#ds-search-input", "agent")
    tab.wait_for_function("location.search === '?q=agent'")
    release.add("c")
    for route in held["c"]:
        route.continue_()
    tab.evaluate("async (ref) => { await dsSearch.docs([ref]); await new Promise(r => setTimeout(r)); }", posts[2])
    assert tab.evaluate("document.querySelectorAll('#ds-search-results > li').length") == 0
    release.add("p")
    for route in held["p"]:
        route.continue_()
    tab.wait_for_function(RESULTS_PAGE_IN)
    shown = tab.locator("#ds-search-results > li > a").evaluate_all("links => links.map(a => a.href)")
    ranked = tab.evaluate("""async () => {
      const found = await dsSearch.search("agent", false);
      return (await dsSearch.docs(found.hits.slice(0, 20).map(h => h.ref))).map(d => d.u);
    }""")
    assert shown == [urljoin(tab.base, u) for u in ranked]


def test_back_from_a_result_shows_the_cards_shown_before_at_the_same_place(tab):
    """A reader who asked for more results and opened the 45th came Back to the first 20 at the
    top of the page (it is made again from its URL): the cards shown, the scroll and the card
    followed are kept in the history entry, as they are for a query left for another."""
    ready(tab, "search/?q=models")
    count = "document.querySelectorAll('#ds-search-results > li').length"
    more = "!document.getElementById('ds-search-more').hidden"
    for shown in (20, 40):
        tab.wait_for_function(f"{count} === {shown} && {more}")
        tab.click("#ds-search-more")
    tab.wait_for_function(f"{count} === 60")
    link = tab.locator("#ds-search-results > li:nth-child(45) > a")
    link.scroll_into_view_if_needed()
    href, scroll = link.get_attribute("href"), tab.evaluate("scrollY")
    assert scroll > 2000
    with tab.expect_navigation():
        link.click()
    assert tab.url == href
    tab.go_back()
    tab.wait_for_function(f"{count} === 60 && Math.abs(scrollY - {scroll}) < 2")
    assert tab.evaluate("document.activeElement.href") == href
    assert tab.locator("#ds-search-more").is_visible()

    tab.fill("#ds-search-input", "robot")  # another query, then Back to the first one's 60 cards
    tab.press("#ds-search-input", "Enter")
    tab.wait_for_function("location.search === '?q=robot' && document.getElementById('ds-search-status').innerText.includes('match')")
    tab.go_back()
    tab.wait_for_function(f"{count} === 60 && location.search === '?q=models'")


def test_facets_filter_count_and_deep_link(tab, papers):
    ready(tab, "search/?q=robot")
    tab.locator("#ds-search-results > li").first.wait_for()
    total = int(tab.locator("#ds-search-status").inner_text().split()[0])
    topic = tab.locator("button[data-facet=topic]").first
    slug, count = topic.get_attribute("data-value"), int(topic.locator(".ds-facet__count").inner_text())
    assert 0 < count < total
    topic.click()
    tab.wait_for_function(f"location.search.includes('topic={slug}')")
    tab.wait_for_function(f"document.getElementById('ds-search-status').innerText.startsWith('{count} paper')")
    assert tab.locator(f"button[data-facet=topic][data-value='{slug}']").get_attribute("aria-pressed") == "true"
    by_url = {p["url"]: p for p in papers}
    show_all(tab, count)
    hrefs = tab.locator("#ds-search-results > li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) == count
    assert all(slug in by_url[urlsplit(h).path.lstrip("/")]["topic_slugs"] for h in hrefs)

    tab.go_back()
    tab.wait_for_function(f"document.getElementById('ds-search-status').innerText.startsWith('{total} paper')")
    assert "topic=" not in tab.url
    tab.go_forward()
    tab.wait_for_function(f"document.getElementById('ds-search-status').innerText.startsWith('{count} paper')")

    slug = "llm-reasoning"
    ready(tab, f"search/?q=reasoning&topic={slug}&code=1&sort=date")
    cards = tab.locator("#ds-search-results > li")
    cards.first.wait_for()
    assert tab.input_value("#ds-search-sort") == "date"
    with_code = [p for p in papers if slug in p["topic_slugs"] and any(l["kind"] in ("code", "notebook") for l in p["links"])]
    assert 0 < cards.count() <= len(with_code)
    assert all(c.locator(".ds-badge--code").count() == 1 for c in cards.all())
    dates = cards.locator(".ds-meta time").all_inner_texts()
    assert dates == sorted(dates, reverse=True)
    assert parse_qs(urlsplit(tab.url).query) == {"q": ["reasoning"], "topic": [slug], "code": ["1"], "sort": ["date"]}


def test_filters_without_words_list_the_papers_they_let_through(tab, papers):
    """?topic=SLUG without q (a filter's link, or the words taken away) said "Type words to
    search": it lists the topic's papers, newest digest first, and the filter can be let go."""
    slug = "llm-reasoning"
    ready(tab, f"search/?topic={slug}")
    tab.wait_for_function("/match/.test(document.getElementById('ds-search-status').textContent)")
    members = [p["title"] for p in papers if slug in p["topic_slugs"]]
    assert tab.locator("#ds-search-status").inner_text().startswith(f"{len(members)} paper")
    assert 20 < len(members) <= 40  # two pages: "Show 2 more" (show_all clicks again when the first of two is in)
    tab.wait_for_function("document.querySelectorAll('#ds-search-results > li > a').length === 20")
    tab.click("#ds-search-more")
    tab.wait_for_function(f"document.querySelectorAll('#ds-search-results > li > a').length === {len(members)}")
    shown = tab.locator("#ds-search-results > li > a").all_inner_texts()
    assert sorted(shown) == sorted(members) and len(shown) == len(members)
    assert shown == [p["title"] for p in papers if slug in p["topic_slugs"]]  # in the site's order
    ready(tab, "search/?topic=a-renamed-topic")
    tab.wait_for_function("/filters/.test(document.getElementById('ds-search-status').textContent)")
    assert tab.locator("#ds-search-status").inner_text() == "No papers match these filters."
    ready(tab, "search/?q=models&sort=bogus")  # an unknown sort is relevance, and the box says so
    tab.wait_for_function("/match/.test(document.getElementById('ds-search-status').textContent)")
    assert tab.evaluate("document.getElementById('ds-search-sort').selectedIndex") == 0  # (-1: a blank box)
    ready(tab, "search/?sort=date")  # a sort alone filters nothing
    tab.wait_for_function("/Type words/.test(document.getElementById('ds-search-status').textContent)")
    assert tab.errors == []


def test_a_digest_named_by_its_date_is_not_dated_twice_in_its_filter(tab):
    # "2026-11-24-trending (2026-11-24)": 1,100 such rows after three years of daily digests
    ready(tab, "search/?q=robot")
    button = tab.locator("button[data-facet=digest]").first
    button.wait_for()
    assert button.evaluate("b => b.firstChild.textContent") == "2026-11-24-trending "


def test_the_filter_in_use_is_shown_pressed_and_can_be_let_go(tab):
    """A facet lists its twelve most frequent values; the one in use is listed too when it is not
    among them (a new query keeps the filters) or is no value of the site (a link from before a
    topic was renamed): else "N papers match (of M before filters)" named no filter to let go."""
    ready(tab, "search/?q=models")
    tab.locator("button[data-facet=topic]").first.wait_for()
    total = int(tab.locator("#ds-search-status").inner_text().split()[0])
    listed = tab.locator("button[data-facet=topic]").evaluate_all("bs => bs.map(b => b.dataset.value)")
    slugs = tab.evaluate("async () => (await dsSearch.meta()).topics.map(t => t[1])")
    assert len(listed) == 12
    unlisted = next(s for s in slugs if s not in listed)
    for slug in (unlisted, "a-renamed-topic"):
        ready(tab, f"search/?q=models&topic={slug}")
        tab.wait_for_function("/match/.test(document.getElementById('ds-search-status').textContent)")
        pressed = tab.locator("button[data-facet=topic][aria-pressed=true]")
        pressed.wait_for()
        assert pressed.get_attribute("data-value") == slug
        pressed.click()
        tab.wait_for_function(f"document.getElementById('ds-search-status').innerText.startsWith('{total} paper')")
        assert "topic=" not in tab.url


def test_facets_from_the_keyboard_keep_the_focus(browser, base):
    """A facet pressed with Enter keeps the focus on its button once the results are redrawn, and a
    date typed digit by digit is the date asked for (the first digit of its year searched, and the
    redrawn field took the focus and the other digits away)."""
    with watched_tab(browser, base) as tab:
        ready(tab, "search/?q=robot")
        topic = tab.locator("button[data-facet=topic]").first
        slug = topic.get_attribute("data-value")
        topic.focus()
        tab.keyboard.press("Enter")
        tab.wait_for_function(f"location.search.includes('topic={slug}')")
        pressed = f"button[data-facet=topic][data-value='{slug}'][aria-pressed=true]"
        tab.locator(pressed).wait_for()
        assert tab.evaluate(f"document.activeElement.matches(\"{pressed}\")")
        tab.keyboard.press("Enter")  # and off again, still from the keyboard
        tab.wait_for_function("!location.search.includes('topic=')")
        tab.locator(f"button[data-facet=topic][data-value='{slug}'][aria-pressed=false]").wait_for()
        assert tab.evaluate("document.activeElement.dataset.facet") == "topic"

        field = tab.locator("#ds-search-facets input[name=from]")
        field.focus()
        for key in "11252026":  # the seed's digest is of 2026-11-24; the fields are mm/dd/yyyy in en-US
            tab.keyboard.press(key)
            tab.wait_for_timeout(50)
        tab.wait_for_function("location.search.includes('from=2026-11-25')")
        tab.wait_for_function("document.getElementById('ds-search-status').innerText.includes('with these filters')")
        assert tab.evaluate("document.activeElement.name") == "from"
        assert tab.input_value("#ds-search-facets input[name=from]") == "2026-11-25"
        assert not tab.errors


@pytest.mark.parametrize("query, follows", [("robto", "robotics"), ("diffusion models for motion planning", "planning")],
                         ids=["did-you-mean", "without-one-word"])
def test_a_suggestion_followed_from_the_keyboard_leaves_the_focus_in_the_box(tab, query, follows):
    """A suggestion ("Did you mean: robotics", "without one: …") is a link in the status line,
    which the search it starts rewrites: followed with Enter, the focus fell to <body> with it (a
    screen reader lost its place). It goes to the search box, which holds the new query."""
    tab.goto(tab.base + "search/?q=" + query)
    link = tab.locator("#ds-search-status a").first
    link.wait_for()
    link.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("/papers? match/.test(document.getElementById('ds-search-status').textContent)")
    assert tab.evaluate("document.activeElement.id") == "ds-search-input"
    assert follows in tab.input_value("#ds-search-input")


@pytest.mark.parametrize("query", ["", "?q=zzzxqy"], ids=["no-query", "no-results"])
def test_an_empty_results_list_or_filter_region_is_not_announced(tab, query):
    """Before a query the page held an empty list and an empty "Filter the results" region, and
    after a query no paper matched, the empty list: a screen reader's landmark and list keys
    stopped on them ("list, 0 items"). Hidden while empty, they keep their place on the screen."""
    tab.goto(tab.base + "search/" + query)
    tab.wait_for_function("/match|Type words/.test(document.getElementById('ds-search-status').textContent)")
    tree = tab.locator("main").aria_snapshot()
    assert "- list" not in tree, tree
    if not query:
        assert "complementary" not in tree, tree
    tab.goto(tab.base + "search/?q=robot")
    tab.wait_for_selector("#ds-search-facets .ds-facet")
    tree = tab.locator("main").aria_snapshot()
    assert "- list" in tree and 'complementary "Filter the results"' in tree


def test_zero_results_suggest_words_of_the_index(tab):
    ready(tab, "search/?q=difusion")
    tab.wait_for_function("document.querySelector('.ds-search-suggest') !== null")
    assert tab.locator("#ds-search-status").inner_text().startswith("No papers match “difusion”")
    suggestion = tab.locator(".ds-search-suggest a", has_text="diffusion")
    suggestion.click()
    tab.wait_for_function("location.search === '?q=diffusion'")
    tab.locator("#ds-search-results > li").first.wait_for()
    ready(tab, "search/?q=locomtion")
    tab.wait_for_function("document.querySelector('.ds-search-suggest a') !== null")
    assert "locomotion" in tab.locator(".ds-search-suggest").inner_text()
    for typo, word in (("nueral", "neural"), ("rboot", "robot")):  # a typo in its first two letters: nothing was offered
        ready(tab, "search/?q=" + typo)
        tab.wait_for_function("document.querySelector('.ds-search-suggest') !== null")
        assert word in tab.locator(".ds-search-suggest").inner_text(), typo


@pytest.mark.parametrize("query", ["\U0001f917", "\u2192"])
def test_a_word_of_one_character_is_suggested_no_words_of_one_or_two(tab, query):
    """An emoji is two UTF-16 units, and every word of one or two letters was two edits from it:
    "Did you mean: using, up, uh, ut, v" for 🤗."""
    ready(tab, "search/?q=" + quote(query))
    tab.wait_for_function("document.querySelector('.ds-search-suggest') !== null")
    assert tab.locator(".ds-search-suggest a").count() == 0
    assert "Try fewer or shorter words" in tab.locator("#ds-search-status").inner_text()


def test_a_short_word_is_suggested_words_few_edits_from_it(tab):
    """Two edits from a word of two letters are every word of one or two, and more: "jp" was offered
    "gpt, gap, gpu, mapping, ii", "xq" "using, up, uh, ut, v". A word of two letters is offered the
    words it begins only, one of three or four words one edit from it; longer ones two."""
    ready(tab, "search/?q=xq%20diffusion")
    tab.wait_for_function("document.querySelector('.ds-search-suggest') !== null")
    assert tab.locator(".ds-search-suggest a").all_inner_texts() == ["diffusion"]  # the query without "xq"
    suggested = {w: tab.evaluate("w => dsSearch.suggestions(w)", w) for w in ("jp", "xq", "rl", "gpt5", "grpah", "difusion")}
    assert suggested["jp"] == suggested["xq"] == []
    assert suggested["rl"] and all(s.startswith("rl") for s in suggested["rl"])
    assert "gpt4" in suggested["gpt5"] and all(len(s) <= 5 for s in suggested["gpt5"])
    assert "graph" in suggested["grpah"] and "diffusion" in suggested["difusion"]
    # the nearest first: "nueral" was offered "neutral, unreal, neural" (neural one swap away), "modle"
    # "modeling, more, module, mobile, modes" ("more" two edits away, "module" and "modes" one)
    assert tab.evaluate("w => dsSearch.suggestions(w)", "nueral")[0] == "neural"
    modle = tab.evaluate("w => dsSearch.suggestions(w)", "modle")
    assert max(modle.index("module"), modle.index("modes")) < modle.index("more")


def test_a_word_like_no_word_of_the_index_is_offered_the_query_without_it(tab):
    """"🤗 diffusion", "diffusion qqqzzx": nothing is like the unknown word, and the page said only
    to try fewer words; it offers the query less that word, as it does for words no paper holds
    together."""
    for query in ("\U0001f917 diffusion", "diffusion qqqzzx"):
        ready(tab, "search/?q=" + quote(query))
        tab.wait_for_function("document.querySelector('.ds-search-suggest') !== null")
        offer = tab.locator(".ds-search-suggest a")
        assert offer.all_inner_texts() == ["diffusion"]
        offer.click()
        tab.wait_for_function("location.search === '?q=diffusion'")
        tab.locator("#ds-search-results > li").first.wait_for()


def test_the_status_quotes_the_query_without_the_space_typed_after_it(tab):
    ready(tab, "search/?q=difusion%20")
    tab.wait_for_function("document.querySelector('.ds-search-suggest') !== null")
    assert tab.locator("#ds-search-status").inner_text().startswith("No papers match “difusion”.")


def test_words_no_paper_holds_together_are_offered_the_query_less_one_of_them(tab):
    """Each word is some paper's, no paper holds both: the page offers the query less each word
    (which finds papers), not words like each word, which find nothing either ("soccers",
    "hallucinations")."""
    ready(tab, "search/")
    counts = tab.evaluate("""async () => Promise.all(["soccer hallucination", "soccer", "hallucination"].map(
        async q => (await dsSearch.search(q, false)).hits.length))""")
    assert counts[0] == 0 and counts[1] and counts[2]
    ready(tab, "search/?q=soccer hallucination")
    tab.wait_for_function("document.querySelector('.ds-search-suggest') !== null")
    status = tab.locator("#ds-search-status").inner_text()
    assert status.startswith("No papers match “soccer hallucination”. No paper holds all of its words")
    assert sorted(tab.locator(".ds-search-suggest a").all_inner_texts()) == ["hallucination", "soccer"]
    fewest = "soccer" if counts[1] <= counts[2] else "hallucination"
    assert f"({min(counts[1:])} paper" in status
    tab.locator(".ds-search-suggest a").first.click()
    tab.wait_for_function(f"location.search === '?q={fewest}'")
    tab.wait_for_function(f"document.querySelectorAll('#ds-search-results > li').length === {min(min(counts[1:]), 20)}")


def test_words_in_quotes_are_said_not_to_be_searched_as_a_phrase(tab):
    """"world model" in quotes is a phrase to other search engines: the page found the papers
    holding both words anywhere, as without quotes, and did not say so."""
    for query, said in (('"world model"', True), ("\u201cworld model\u201d", True), ("world model", False), ('"diffusion"', False)):
        ready(tab, "search/?q=" + quote(query))
        tab.locator("#ds-search-results > li").first.wait_for()
        status = tab.locator("#ds-search-status").inner_text()
        assert ("Quotes do not search a phrase" in status) == said, (query, status)
    total = tab.evaluate("dsSearch.search('diffusion', false).then(f => f.hits.length)")
    assert status.startswith(f"{total} papers match")  # quotes around one word change nothing


def test_a_word_begun_finds_the_words_it_begins(tab):
    """No paper holds "hallucinat": the page shows those with words that begin with it, and says so."""
    ready(tab, "search/?q=hallucinat")
    tab.locator("#ds-search-results > li").first.wait_for()
    status = tab.locator("#ds-search-status").inner_text()
    assert status.startswith("5 papers match.") and "begin with it" in status
    assert "hallucinat" in tab.locator("#ds-search-results mark").first.inner_text().lower()


def test_a_word_found_by_a_shorter_stem_is_said_to_be_found_by_its_beginning(tab):
    """No paper holds "constructor": the papers shown have "Construction" and "Constructing" (the
    term construct, which "constructor" begins with), and the page said they had words that begin
    with "constructor"."""
    ready(tab, "search/?q=constructor")
    tab.locator("#ds-search-results > li").first.wait_for()
    status = tab.locator("#ds-search-status").inner_text()
    assert "No paper holds “constructor” as a word: these have words that begin as it does, with “construct”." in status
    assert "begin with it" not in status
    assert all(m.lower().startswith("construct") for m in tab.locator("#ds-search-results mark").all_inner_texts())


def test_a_word_some_paper_holds_with_words_none_holds_it_with_is_not_said_to_be_held_by_none(tab):
    """Many papers hold "data", none with "hallucination": the papers shown have "Datasets", and
    the page said that no paper holds "data" as a word."""
    ready(tab, "search/?q=hallucination%20data")
    tab.locator("#ds-search-results > li").first.wait_for()
    status = tab.locator("#ds-search-status").inner_text()
    assert "No paper holds all of its words: these have words that begin with “data”." in status
    assert "as a word" not in status
    assert tab.evaluate("dsSearch.search('data', false).then(f => f.hits.length)") > 1


def test_a_word_no_paper_holds_is_not_matched_by_a_short_word_it_begins_with(tab):
    """"gomez" begins with the seed's term "go" (Go-Explore): no paper holds it, nor a word it begins."""
    ready(tab, "search/?q=gomez")
    tab.wait_for_function("document.querySelector('#ds-search-status').textContent.startsWith('No papers')")
    assert tab.locator("#ds-search-results > li").count() == 0


def test_a_common_word_alone_is_said_to_be_unsearched_not_expanded(tab):
    ready(tab, "search/?q=the")  # a stop word: it began "theory" and "thermal", 500 papers "matched"
    tab.wait_for_function("document.querySelector('#ds-search-status').textContent.startsWith('No papers')")
    assert "Common words such as “the” are not searched" in tab.locator("#ds-search-status").inner_text()
    assert tab.locator("#ds-search-results > li").count() == 0


def test_a_browser_that_cannot_unpack_gzip_is_told_so(tab):
    """The search files are stored gzipped and unpacked by DecompressionStream: an older browser
    without it gets a plain message, not a stack of errors."""
    tab.add_init_script("delete window.DecompressionStream")
    ready(tab, "search/?q=diffusion")
    tab.wait_for_function("document.getElementById('ds-search-status').textContent.indexOf('cannot unpack') >= 0")
    status = tab.locator("#ds-search-status").inner_text()
    assert status.startswith("Search is unavailable: this browser cannot unpack the search files") and "archive" in status
    assert tab.locator("#ds-search-results > li").count() == 0


def test_search_files_of_another_version_are_refused_not_misread(tab):
    """A browser may keep an older page or script while the site's search files are rebuilt in a
    newer format (the cards were once numbered by ref): the script says so instead of showing the
    wrong cards."""
    def older(route):
        found = route.fetch()
        meta = json.loads(found.body())
        assert meta["version"] == search_site.VERSION
        route.fulfill(response=found, body=json.dumps({**meta, "version": meta["version"] - 1}))

    tab.route("**/meta.json", older)
    ready(tab, "search/?q=diffusion")
    tab.wait_for_function("document.getElementById('ds-search-status').textContent.indexOf('reload') >= 0")
    status = tab.locator("#ds-search-status").inner_text()
    assert status.startswith("Search is unavailable: the site's search files are of another version") and "reload the page" in status
    assert tab.locator("#ds-search-results > li").count() == 0


def test_without_javascript_the_page_says_so_and_points_elsewhere(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "search/")
    message = page.locator(".ds-search-nojs")
    assert "needs JavaScript" in message.inner_text()
    assert message.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))") == \
        ["../topics/", "../archive/", "../papers.json"]
    context.close()


def test_the_query_pipeline_is_lunr_py_s(tab):
    """Queries are stemmed by the port of lunr.py's stemmer (lunr.js's differs on a final y) and
    filtered by lunr's stop words: the same terms as the index, for every word of the test data."""
    from lunr.stemmer import porter_stemmer
    from lunr.stop_word_filter import WORDS

    from conftest import DATA

    text = (DATA / "seed-digest.txt").read_text(encoding="utf-8") + (DATA / "arxiv-2023-09-21.csv").read_text(encoding="utf-8")
    vocabulary = sorted(set(re.findall(r"[a-z]+", text.lower())) | {"days", "fly", "try", "lay", "ies", "yy", "sky"})
    ready(tab, "search/")
    stems = tab.evaluate("words => words.map(w => dsSearch.porter(w))", vocabulary)
    assert [porter_stemmer.stem(w) for w in vocabulary] == stems
    tab.evaluate("dsSearch.meta()")  # the stop words come with meta.json, from lunr.py
    assert tab.evaluate("words => words.filter(w => dsSearch.termOf(w) === '')", sorted(WORDS)) == sorted(WORDS)


def test_an_initial_beside_a_name_is_left_out_of_the_query(tab):
    """Authors are indexed by their full names: "E. Chattopadhyay" found nothing, the initial a
    required word no paper holds. A lone initial is still searched."""
    ready(tab, "search/")
    counts = tab.evaluate("""async () => Promise.all(["diffusion", "D. diffusion", "diffusion J.-P.", "D."].map(
        async q => (await dsSearch.search(q, false)).hits.length))""")
    assert counts[0] and counts[1] == counts[2] == counts[0] and counts[3] != counts[0]


def test_a_word_with_a_dot_inside_is_found_in_parentheses(tab):
    """lunr's trimmer keeps a word with a dot inside whole: "(cs.CL)" or "(github.com)" found
    nothing where "cs.CL" and "github.com" found papers."""
    ready(tab, "search/")
    counts = tab.evaluate("""async () => Promise.all(["github.com", "(github.com)", "“github.com”,"].map(
        async q => (await dsSearch.search(q, false)).hits.length))""")
    assert counts[0] and counts == [counts[0]] * 3


def test_a_word_without_letters_or_digits_is_not_searched(tab):
    """"&" and a pasted title's "$-$" are no words: an abstract's lone "&" made "Transformers &
    LSTMs" find only the papers holding it too."""
    ready(tab, "search/")
    tab.evaluate("dsSearch.meta()")
    assert tab.evaluate("ws => ws.map(w => dsSearch.termOf(w))", ["&", "$", "+", "…", "—", "ab&", "c++", "3", "∞", "🤗"]) == [
        "", "", "", "", "", "ab", "c", "3", "∞", "🤗"]  # a symbol of its own is a word (an index may hold it)


def test_arxivs_own_doi_of_a_paper_is_searched_as_its_id(tab):
    """arXiv's abstract page gives each paper a DOI (10.48550/arXiv.ID): pasted, it is the id the index holds."""
    from generator.search_index import fold, words

    ready(tab, "search/")
    tab.evaluate("dsSearch.meta()")
    cases = {"https://doi.org/10.48550/arXiv.2309.11495": "2309.11495", "10.48550/ARXIV.2309.11495v2": "2309.11495",
             "doi:10.48550/arXiv.hep-th/9901001": "hep-th/9901001", "10.1103/PhysRevD.108.052001": "10.1103/PhysRevD.108.052001"}
    assert tab.evaluate("cases => cases.map(c => dsSearch.words(c))", list(cases)) == [
        [w.lower() for w in words(fold(bare))] for bare in cases.values()]


def test_a_typo_is_suggested_the_word_whose_term_it_is_near(tab, seed_site):
    """A word is shown as its first spelling ("humanoids" for the term humanoid): a typo two letters
    from the term but three from that spelling ("humaniod") is suggested the word all the same."""
    import gzip

    def distance(a: str, b: str) -> int:
        row = list(range(len(b) + 1))
        for i in range(1, len(a) + 1):
            prev, row[0] = row[0], i
            for k in range(1, len(b) + 1):
                prev, row[k] = row[k], min(row[k] + 1, row[k - 1] + 1, prev + (a[i - 1] != b[k - 1]))
        return row[-1]

    folder = search_build(seed_site / "site/assets/digest-site/search") / "d"
    entries = [e for f in folder.glob("*.json.gz") for e in json.loads(gzip.decompress(f.read_bytes()))]
    terms = {e[0] for e in entries}
    cases = []
    for term, _, *shown in entries:
        if shown and term.isalpha() and len(term) >= 7 and shown[0].startswith(term) and len(shown[0]) > len(term):
            typo = term[:-3] + term[-2] + term[-3] + term[-1]  # two letters swapped: "humanoid" → "humaniod"
            if typo not in terms and distance(typo, shown[0]) > 2:
                cases.append((typo, shown[0]))
    assert cases
    typo, word = max(cases, key=lambda c: len(c[0]))  # a long word: few others near it
    ready(tab, "search/")
    tab.evaluate("dsSearch.meta()")
    assert word in tab.evaluate("w => dsSearch.suggestions(w)", typo), (typo, word)


def test_a_typo_of_two_swapped_letters_is_one_edit(tab, seed_site):
    """Two neighbouring letters swapped is the commonest typo: "trasnformer" is two edits from
    "transformers" (a swap and the "s"), not three, and is suggested it."""
    import gzip

    folder = search_build(seed_site / "site/assets/digest-site/search") / "d"
    entries = [e for f in folder.glob("*.json.gz") for e in json.loads(gzip.decompress(f.read_bytes()))]
    terms = {e[0] for e in entries}
    cases = []
    for term, count, *shown in entries:
        word = shown[0] if shown else term
        if word.isalpha() and len(word) >= 9 and word[2] != word[3] and count >= 3:
            typo = word[:2] + word[3] + word[2] + word[4:-1]  # "transformers" → "trasnformer"
            if typo not in terms and not any(t.startswith(typo) for t in terms):
                cases.append((count, typo, word))
    assert cases
    _, typo, word = max(cases)  # the most used such word: the first near one suggested
    ready(tab, "search/")
    tab.evaluate("dsSearch.meta()")
    assert word in tab.evaluate("w => dsSearch.suggestions(w)", typo), (typo, word)


def test_a_query_is_folded_as_the_index_folds_text(tab):
    """search.js' fold (TeX accents, NFKC, Latin accents) against search_index.fold: the same
    words, or a query would miss what the index holds ("Schr\\"odinger" pasted from a page)."""
    from generator.search_index import fold, words

    cases = ['Schr\\"odinger equation', "Erd{\\H o}s, Erd\\H{o}s", "caf{\\'e} Fran\\c{c}ois Fran\\c cois",
             'na\\"{\\i}ve Stra{\\ss}e {\\o}re \\ss{} \\~n \\v{s}', "C:\\old\\path", "Gómez ﬁne GA-S³ Ωmega", "plain text",
             "基于大语言模型的中文医学问答系统", "GPT模型と要約", "日本語 𠮷野家 医", "ｶﾀｶﾅ テスト",
             "Søren Østergaard, Łukasz Işık, Đorđe, Straße, Æsir œuvre Þór", "强化学习，深度学习。「引用」",
             "ディープ・ラーニング ｶﾀｶﾅ・ﾃｽﾄ", "강화학습을 위한 모델의", "Navier–Stokes, Kähler—Einstein, A‐B"]
    ready(tab, "search/")
    tab.evaluate("dsSearch.meta()")  # the separator comes with meta.json
    assert tab.evaluate("cases => cases.map(c => dsSearch.words(c))", cases) == [
        [w.lower() for w in words(fold(c))] for c in cases]


def test_possessives_and_slashed_words_are_words_in_queries_as_in_the_index(tab):
    """"Bird's" is "bird" and "Force/Torque" two words, in the index and in the query alike (lunr
    kept "bird'" and "force/torque", which "bird" and "torque" never found); highlights follow."""
    from generator.search_index import fold, words

    ready(tab, "search/")
    tab.evaluate("dsSearch.meta()")
    cases = ["Force/Torque sensor", "Bird\u2019s Eye View", "LLM's Behavior", "DT/PT correspondence", "it's Ross's.",
             "10.1103/PhysRevD.108.052001", "l'sé"]
    assert tab.evaluate("cases => cases.map(c => dsSearch.words(c))", cases) == [
        [w.lower() for w in words(fold(c))] for c in cases]
    ready(tab, "search/?q=surgery+LLM")
    first = tab.locator("#ds-search-results > li > a").first
    first.wait_for()
    assert first.inner_text() == "Model Surgery: Modulating LLM's Behavior Via Simple Parameter Editing"
    assert "LLM's" in first.locator("mark").all_inner_texts()
    assert not tab.errors


def test_on_a_phone_fields_have_16px_text_and_controls_a_finger_can_tap(browser, base):
    """iOS Safari zooms into a focused field of text under 16px; a tap target is 44px tall."""
    with watched_tab(browser, base) as tab:
        tab.set_viewport_size({"width": 390, "height": 844})
        ready(tab, "search/?q=robot")
        tab.locator("#ds-search-facets input[name=from]").wait_for()
        sizes = tab.evaluate("""() => [...document.querySelectorAll(
            '.ds-header-search input, #ds-search-input, #ds-search-sort, #ds-search-facets input[type=date]')]
            .map(e => [e.id || e.name || e.className, parseFloat(getComputedStyle(e).fontSize)])""")
        assert len(sizes) == 5 and all(size >= 16 for _, size in sizes), sizes
        assert tab.locator("#ds-search-sort").bounding_box()["height"] >= 44
        # a reader's larger text (the browser's font size, here 200%) reaches the fields too: they
        # kept 16px while the page around them doubled
        tab.evaluate("document.documentElement.style.fontSize = '200%'")
        sizes = tab.evaluate("""() => [...document.querySelectorAll(
            '.ds-header-search input, #ds-search-input, #ds-search-sort, #ds-search-facets input[type=date]')]
            .map(e => [e.id || e.name || e.className, parseFloat(getComputedStyle(e).fontSize)])""")
        assert all(size >= 32 for _, size in sizes), sizes
        tab.evaluate("dispatchEvent(new Event('resize'))")
        # and they fit the phone's row: the query's field, at its own width of 20 characters of 32px, did not
        assert tab.evaluate("document.scrollingElement.scrollWidth") <= 390
        assert tab.locator("#ds-search-input").bounding_box()["width"] < 390
        tab.set_viewport_size({"width": 320, "height": 700})  # the narrowest phones: the sort and the facets fit too
        assert tab.evaluate("document.scrollingElement.scrollWidth") <= 320
        assert not tab.errors


def test_british_spellings_find_what_american_ones_find(tab):
    """search.js spells a query's words as search_index.american does (its table comes with
    meta.json), so "behaviour" finds the papers of "behavior" and the other way round."""
    from conftest import DATA
    from generator.search_index import american

    ready(tab, "search/")
    tab.evaluate("dsSearch.meta()")
    text = (DATA / "seed-digest.txt").read_text(encoding="utf-8") + (DATA / "arxiv-2023-09-21.csv").read_text(encoding="utf-8")
    vocabulary = sorted(set(re.findall(r"[a-z]+", text.lower())) | {"behaviour", "optimisation", "haemo", "centres"}
                        | {"\U00020000\U00020001ise", "\U0001d7ceabise"})  # letters of two UTF-16 units: counted as Python counts
    assert tab.evaluate("words => words.map(w => dsSearch.american(w))", vocabulary) == [american(w) for w in vocabulary]

    def found(query: str) -> list:
        return tab.evaluate("async q => (await dsSearch.search(q, false)).hits.map(h => [h.ref, h.score])", query)

    assert found("behaviour") == found("behavior") != []
    assert found("optimisation behaviours") == found("optimization behaviors") != []
    assert not tab.errors


def test_on_a_phone_a_link_leads_from_the_results_to_the_filters_and_back(browser, base):
    """On a phone the facets come after every result (4,600 px down at 20 results, in a column
    a quarter of the screen wide): a link at the top leads to them, one after them back."""
    with watched_tab(browser, base) as tab:
        tab.set_viewport_size({"width": 390, "height": 844})
        ready(tab, "search/?q=robot")
        tab.locator("button[data-facet=topic]").first.wait_for()
        jump = tab.locator(".ds-facets-jump")
        assert jump.is_visible() and jump.bounding_box()["y"] < 844
        top = "document.getElementById('{}').getBoundingClientRect().top"
        assert tab.locator("#ds-search-facets").bounding_box()["width"] > 300  # the screen's width
        assert tab.evaluate(top.format("ds-search-facets")) > 844  # below the fold, after the results
        jump.click()
        tab.wait_for_function(f"{top.format('ds-search-facets')} > -5 && {top.format('ds-search-facets')} < 400")
        back = tab.locator(".ds-results-jump")
        back.click()
        tab.wait_for_function(f"{top.format('ds-search-status')} > -5 && {top.format('ds-search-status')} < 400")
        tab.set_viewport_size({"width": 1366, "height": 768})
        assert not jump.is_visible() and not back.is_visible()  # beside the results, no need
        assert not tab.errors


CARDS = "document.querySelectorAll('#ds-search-results > li').length"
MORE = "!document.getElementById('ds-search-more').hidden"


def test_forward_to_a_filter_left_by_back_shows_it_as_it_was(browser, base):
    """A filter's history entry had a place (the cards shown, the scroll) only when the reader
    left it by a link of the page: left by Back, Forward made its results again from the first
    20, the view wherever the emptied list put it (on a phone, among the results, the filter
    pressed far below the screen). Now it comes back as it was left."""
    with watched_tab(browser, base) as tab:
        tab.set_viewport_size({"width": 390, "height": 844})
        ready(tab, "search/?q=models")
        tab.wait_for_function(f"{CARDS} === 20 && {MORE}")
        topic = tab.locator("button[data-facet=topic]").nth(1)
        slug = topic.get_attribute("data-value")
        topic.click()
        tab.wait_for_function(f"location.search.includes('topic={slug}')")
        tab.wait_for_function(RESULTS_PAGE_IN)
        pressed = tab.locator(f"button[data-facet=topic][data-value='{slug}']")
        tab.evaluate("new Promise(done => requestAnimationFrame(() => setTimeout(done)))")  # (a frame on: all is in)
        shown, where = tab.evaluate(CARDS), pressed.bounding_box()["y"]
        assert 0 <= where < 844
        tab.go_back()
        tab.wait_for_function(f"!location.search.includes('topic=') && {CARDS} === 20")
        tab.go_forward()
        tab.wait_for_function(f"location.search.includes('topic={slug}')")
        tab.wait_for_function(RESULTS_PAGE_IN)
        pressed.wait_for()
        tab.evaluate("new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
        assert tab.evaluate(CARDS) == shown and abs(pressed.bounding_box()["y"] - where) < 2
        assert pressed.get_attribute("aria-pressed") == "true"
        assert not tab.errors


def test_on_a_phone_the_cards_do_not_move_when_the_filters_come(browser, base):
    """The filters are drawn once the first cards are in, and the link to them above the results
    appeared then, moving every card down: a layout shift of 0.026 on each search on a phone.
    It holds its place, hidden, until they come."""
    with watched_tab(browser, base) as tab:
        tab.set_viewport_size({"width": 390, "height": 844})
        held = []
        tab.route("**/facets.json.gz", lambda route: held.append(route))
        tab.goto(tab.base + "search/?q=models")
        tab.wait_for_function(f"{CARDS} === 20")  # ("Show more" waits for the filters)
        first = tab.locator("#ds-search-results > li").first
        before = first.bounding_box()["y"]
        assert not tab.locator(".ds-facets-jump").is_visible() and held
        for route in held:
            route.continue_()
        tab.locator("button[data-facet=topic]").first.wait_for()
        assert tab.locator(".ds-facets-jump").is_visible()
        assert first.bounding_box()["y"] == before
        assert not tab.errors


def test_on_a_phone_the_links_to_the_parts_of_the_page_keep_the_results_shown(browser, base):
    """"Filters ↓" (and the skip link) make a history entry of the same query, and the page made
    its results again for it: after "Show more", the first 20 cards, with the filters moved under
    the reader's finger. The cards stay, no search file is asked for again, the filters are on
    the screen, and Back returns to where the link was followed, with the same cards."""
    with watched_tab(browser, base) as tab:
        tab.set_viewport_size({"width": 390, "height": 844})
        ready(tab, "search/?q=models")
        tab.wait_for_function(f"{CARDS} === 20 && {MORE}")
        tab.click("#ds-search-more")
        tab.wait_for_function(f"{CARDS} === 40 && {MORE}")
        tab.locator("button[data-facet=topic]").first.wait_for()
        tab.evaluate("scrollTo(0, 0)")
        asked = []
        tab.on("request", lambda request: "/assets/digest-site/search" in request.url and asked.append(request.url))
        tab.click(".ds-facets-jump")
        tab.wait_for_function("location.hash === '#ds-search-facets'")
        tab.wait_for_function(RESULTS_PAGE_IN)
        assert tab.evaluate(CARDS) == 40 and tab.locator("#ds-search-more").is_visible()
        assert -5 < tab.locator("#ds-search-facets").bounding_box()["y"] < 400
        tab.go_back()
        tab.wait_for_function("location.hash === ''")
        tab.wait_for_function(RESULTS_PAGE_IN)
        assert tab.evaluate(CARDS) == 40 and tab.evaluate("scrollY") < 5  # where "Filters ↓" was followed
        tab.focus(".ds-skip")
        tab.keyboard.press("Enter")
        tab.wait_for_function("location.hash === '#ds-main'")
        tab.wait_for_function(RESULTS_PAGE_IN)
        assert tab.evaluate(CARDS) == 40
        assert asked == [] and not tab.errors


def test_on_a_phone_a_filter_pressed_below_the_results_stays_where_it_was(browser, base):
    """On a phone the filters come after the results, which a filter makes again above it: the
    emptied list cut the page short, and the view was left wherever that put it, among the new
    results, the pressed filter thousands of pixels below the screen. It stays where it was
    tapped, pressed, and so does a filter let go (on a wide screen nothing above it moves)."""
    with watched_tab(browser, base) as tab:
        tab.set_viewport_size({"width": 390, "height": 844})
        ready(tab, "search/?q=models")
        tab.wait_for_function(f"{CARDS} === 20 && {MORE}")
        topic = tab.locator("button[data-facet=topic]").nth(1)
        topic.scroll_into_view_if_needed()
        slug, count = topic.get_attribute("data-value"), topic.locator(".ds-facet__count").inner_text()
        before = topic.bounding_box()["y"]
        assert 0 <= before < 844
        topic.click()
        pressed = tab.locator(f"button[data-facet=topic][data-value='{slug}']")
        tab.wait_for_function(f"document.getElementById('ds-search-status').innerText.startsWith('{count} paper')")
        tab.wait_for_function(RESULTS_PAGE_IN)
        assert pressed.get_attribute("aria-pressed") == "true"
        assert abs(pressed.bounding_box()["y"] - before) < 2
        pressed.click()  # let go: all the results again above it
        tab.wait_for_function("!location.search.includes('topic=')")
        tab.wait_for_function(f"{CARDS} === 20 && {MORE}")
        assert pressed.get_attribute("aria-pressed") == "false"
        assert abs(pressed.bounding_box()["y"] - before) < 2
        assert not tab.errors


@pytest.fixture(scope="module")
def deployed(seed_site, tmp_path_factory, serve_folder):
    """The seed site and a rebuild of it with three more papers (every ref moves by three), served
    from a link that ``deploy`` points at one or the other, as a host swaps a site."""
    root = tmp_path_factory.mktemp("deploy")
    project = root / "project"
    shutil.copytree(seed_site, project, symlinks=True)
    (project / "content/digests/2026-11-25-more.txt").write_text(
        "Quadruped locomotion on ice\nWe teach a quadruped robot locomotion on ice.\n"
        "Locomotion of snakes\nSnake robots learn locomotion in sand.\n"
        "A survey of locomotion\nWe survey legged locomotion.\n", encoding="utf-8")
    build.build(load_project(project))
    live = root / "live"

    def deploy(site: Path) -> None:
        (root / "next").symlink_to(site)
        os.replace(root / "next", live)

    deploy(seed_site / "site")
    return serve_folder(live), deploy, seed_site / "site", project / "site"


def shown(tab) -> tuple[str, list[str]]:
    tab.wait_for_function(RESULTS_PAGE_IN)
    return (tab.locator("#ds-search-status").inner_text(),
            tab.locator("#ds-search-results > li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))"))


def fresh_results(browser, base: str, query: str) -> tuple[str, list[str]]:
    with watched_tab(browser, base) as fresh:
        fresh.goto(f"{base}search/?q={query}")
        return shown(fresh)


def test_a_tab_open_across_a_deploy_searches_the_new_build(browser, deployed):
    """The search files of one build are not mixed with another's: a tab that read the old
    meta.json asks for the old build's files, finds them gone, reads meta.json again and searches
    the new build (a shared folder gave it the new files, where its terms and refs were elsewhere:
    "No papers match", or the wrong cards)."""
    base, deploy, old, new = deployed
    deploy(old)
    with watched_tab(browser, base) as tab:
        tab.goto(base + "search/?q=models")
        before = shown(tab)
        deploy(new)
        try:
            tab.locator("#ds-search-input").fill("locomotion")
            tab.locator("#ds-search-input").press("Enter")
            tab.wait_for_function("document.getElementById('ds-search-status').textContent.indexOf('locomotion') < 0")
            after = shown(tab)
            assert after == fresh_results(browser, base, "locomotion")
            assert any("/papers/quadruped-locomotion-on-ice" in href for href in after[1])
        finally:
            deploy(old)
    assert before == fresh_results(browser, base, "models")
    assert fresh_results(browser, base, "locomotion")[0] != after[0]  # the old build has three fewer


def test_a_meta_json_the_browser_kept_from_the_last_build_is_read_again(browser, deployed):
    """GitHub Pages lets browsers keep files ten minutes: a page may get the last build's
    meta.json with the new build's site; it reads meta.json again once that build's files are gone."""
    base, deploy, old, new = deployed
    kept = (old / "assets/digest-site/search/meta.json").read_bytes()
    asked = []

    def cached_once(route):
        asked.append(route.request.url)
        if len(asked) == 1:
            route.fulfill(status=200, body=kept, content_type="application/json")
        else:
            route.continue_()

    deploy(new)
    try:
        with watched_tab(browser, base) as tab:
            tab.route("**/meta.json", cached_once)
            tab.goto(base + "search/?q=locomotion")
            assert shown(tab) == fresh_results(browser, base, "locomotion")
            assert len(asked) == 2
    finally:
        deploy(old)


def test_a_search_page_opened_from_a_file_says_to_serve_the_site(browser, seed_site):
    """From the file system (a site on a USB stick) the browser loads no search file: the page
    said only "Failed to fetch"; it says what to do."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((seed_site / "site/search/index.html").as_uri() + "?q=robot")
        page.wait_for_function("document.getElementById('ds-search-status').textContent.indexOf('unavailable') >= 0")
        status = page.locator("#ds-search-status").inner_text()
        assert "a page opened from a file cannot load the search files; serve the site over http(s)" in status
    finally:
        context.close()


def test_chinese_and_japanese_matches_are_highlighted_and_the_snippet_is_around_them(tab):
    """A Chinese or Japanese title is one "word" between spaces: its match (a pair of characters
    the index holds, "医学" of "中文医学问答") was never highlighted, and the snippet was the
    summary, not the text around the match. The characters of each matched pair are marked."""
    ready(tab, "search/")
    tab.evaluate("dsSearch.meta()")
    abstract = "近年来，人工智能发展迅速。" * 12 + "本文提出一种面向中文医学问答的方法，实验表明其有效。"
    html = tab.evaluate("""([title, abstract, query]) => dsSearch.meta().then(m => dsSearch.search(query, false).then(found => {
        const doc = {t: title, u: "papers/x/", a: "", d: "", b: abstract, s: "近年来，人工智能发展迅速。", c: [], l: []};
        const li = dsSearch.card(doc, m, dsSearch.matcher([{expanded: [{term: "医学"}, {term: "gpt"}, {term: "模型"}]}]));
        return [li.querySelector("a").innerHTML, li.querySelector("p:not([class])").innerHTML];
    }))""", ["基于GPT模型的中文医学问答系统", abstract, "医学"])
    assert html[0] == "基于<mark>GPT模型</mark>的中文<mark>医学</mark>问答系统"
    assert "中文<mark>医学</mark>问答" in html[1] and html[1].startswith("… ") and len(html[1]) < 130, html[1]


def test_a_single_chinese_character_is_highlighted_and_cjk_words_get_no_suggestions(tab):
    """One character ("医") is a query of its own (the index holds single characters beside the
    pairs): its matches are marked; and no "Did you mean" is made of the collection's commonest
    pairs (any pair is two edits from any other: "方法, 模型" was offered for 機械学習)."""
    ready(tab, "search/")
    tab.evaluate("dsSearch.meta()")
    html = tab.evaluate("""(title) => dsSearch.meta().then(m => {
        const doc = {t: title, u: "papers/x/", a: "", d: "", b: "", s: "", c: [], l: []};
        return dsSearch.card(doc, m, dsSearch.matcher([{expanded: [{term: "医"}]}])).querySelector("a").innerHTML;
    })""", "中医与西医学")
    assert html == "中<mark>医</mark>与西<mark>医</mark>学"
    html = tab.evaluate("""(title) => dsSearch.meta().then(m => {
        const doc = {t: title, u: "papers/x/", a: "", d: "", b: "", s: "", c: [], l: []};
        const terms = [{term: "学习"}, {term: "学"}, {term: "习"}];  // the query 学习: its pair and its characters
        return dsSearch.card(doc, m, dsSearch.matcher([{expanded: terms}])).querySelector("a").innerHTML;
    })""", "中文医学问答的深度学习方法")
    assert html == "中文医学问答的深度<mark>学习</mark>方法"  # not the 学 of 医学: a character alone only when typed alone
    assert tab.evaluate("w => dsSearch.suggestions(w)", "機械学習") == []
    assert tab.evaluate("w => dsSearch.words(w)", "医") == ["医"]


def test_a_meta_json_naming_another_address_as_its_build_is_refused(tab):
    """The build folder comes from meta.json: one naming an address (a tampered or foreign file)
    would have made the search load its files from another site."""
    asked = []

    def foreign(route):
        found = route.fetch()
        route.fulfill(response=found, body=json.dumps({**json.loads(found.body()), "build": "https://evil.example/x"}))

    tab.route("**/meta.json", foreign)
    tab.on("request", lambda request: asked.append(request.url))
    ready(tab, "search/?q=diffusion")
    tab.wait_for_function("document.getElementById('ds-search-status').textContent.indexOf('unavailable') >= 0")
    assert "meta.json names no build folder" in tab.locator("#ds-search-status").inner_text()
    assert not any("evil.example" in url for url in asked)


def test_a_chinese_word_no_paper_holds_with_another_is_offered_as_typed(browser, tmp_path, serve_folder):
    """The query less one word was made of the clauses' words: a Chinese word's pairs and single
    characters ("医学 language" offered "医学 医 学"), and "医学 图像" offered nothing, its
    characters left in each query less one word."""
    from conftest import make_project

    folder = make_project(tmp_path / "p", {"2024-01-01-a.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in (
        {"id": "2401.00001", "title": "中文医学问答系统", "abstract": "本文提出一个中文医学问答系统。"},
        {"id": "2401.00002", "title": "深度学习在图像识别中的应用", "abstract": "我们研究图像识别。"},
        {"id": "2401.00003", "title": "A large language model", "abstract": "We present a language model."}))})
    with site_tab(browser, serve_folder, folder) as tab:
        for query, offered in (("医学 language", ["language", "医学"]), ("医学 图像", ["医学", "图像"])):
            tab.goto(tab.base + "search/?q=" + query)
            tab.wait_for_function("document.querySelector('.ds-search-suggest') !== null")
            assert "No paper holds all of its words; without one" in tab.locator("#ds-search-status").inner_text()
            assert sorted(tab.locator(".ds-search-suggest a").all_inner_texts()) == sorted(offered)


def test_a_site_without_papers_yet_searches_without_asking_for_files_it_has_not(browser, tmp_path, serve_folder):
    """A new collection's site, published before its first digest, has no postings or dictionary
    files: a query asked for p/0.json.gz and d/0.json.gz all the same, and the search page said
    "Search is unavailable: …/p/0.json.gz: HTTP 404" (the header box's dropdown failed the same way)."""
    from conftest import make_project

    folder = make_project(tmp_path / "p", {})
    missing: list[str] = []
    with site_tab(browser, serve_folder, folder) as tab:
        tab.on("response", lambda response: response.status >= 400 and missing.append(response.url))
        ready(tab, "search/?q=robot")
        tab.wait_for_function("/No papers match/.test(document.getElementById('ds-search-status').textContent)")
        box = tab.locator(".ds-header-search input")
        box.fill("robo")
        assert tab.evaluate("dsSearch.search('robo', true).then(r => r.hits.length)") == 0
        tab.wait_for_timeout(500)  # the dropdown's own search, after its pause
        assert missing == []


def test_sorting_and_filtering_by_date_use_the_date_each_card_shows(browser, tmp_path, serve_folder):
    """Search sorted and filtered by the digest's date while each card shows the paper's own: "date,
    newest first" listed 2024, 2023, 2024-05-14, …, and "from 2024-05-10" kept papers of 2023 (their
    digest was newer) but dropped one of 2024-05-07. A year or a month alone counts as its first day
    (a tie keeps the listing's order); a paper of no date of its own by its first digest's, which its
    card shows."""
    from conftest import make_project

    def jsonl(*records):
        return "\n".join(json.dumps({"title": title, "abstract": "A language model.", **({"date": date} if date else {})})
                         for title, date in records)

    folder = make_project(tmp_path / "p", {
        "2024-06-01-new.jsonl": jsonl(("Model of a year before", "2023"), ("Model of a year", "2024"),
                                      ("Model of a month", "2024-05"), ("Model of the new year", "2024-01-01")),
        "2024-05-14-old.jsonl": jsonl(("Model of a week before", "2024-05-07"), ("Model undated", ""),
                                      ("Model of a day", "2024-05-15"))})
    with site_tab(browser, serve_folder, folder) as tab:
        def shown(query: str) -> list[str]:
            ready(tab, "search/?" + query)
            tab.wait_for_function("/match/.test(document.getElementById('ds-search-status').textContent)")
            tab.wait_for_function(RESULTS_PAGE_IN)
            return tab.locator("#ds-search-results > li .ds-meta time").all_inner_texts()

        assert shown("q=model&sort=date") == ["2024-05-15", "2024-05-14", "2024-05-07", "2024-05", "2024", "2024-01-01", "2023"]
        assert sorted(shown("q=language+model&from=2024-05-10")) == ["2024-05-14", "2024-05-15"]
        assert shown("q=model&from=2024-05-01&to=2024-05-10&sort=date") == ["2024-05-07", "2024-05"]
        assert sorted(shown("q=model&from=2024-01-01&to=2024-01-01")) == ["2024", "2024-01-01"]
        assert shown("q=model&to=2023-12-31") == ["2023"]


def test_a_pubmed_id_or_a_biorxiv_address_finds_its_paper(browser, tmp_path, serve_folder):
    """A paper of PubMed without a DOI is "PMID:37700001": the bare number PubMed shows, its PubMed
    address or "PMID: 37700001" found nothing; nor did a pasted bioRxiv address, whose DOI did."""
    from conftest import DATA, make_project

    sources = DATA / "sources"
    folder = make_project(tmp_path / "p", {
        "2023-09-21-pubmed.nbib": (sources / "pubmed-set.nbib").read_bytes().split(b"\nPMID- 37700002")[0],  # (its last has no title)
        "2023-09-21-biorxiv.json": (sources / "biorxiv-details-2023-09-21.json").read_bytes()})
    with site_tab(browser, serve_folder, folder) as tab:
        for query, title in (("37700001", "Sleep and memory in fruit flies."),
                             ("PMID:37700001", "Sleep and memory in fruit flies."),
                             ("PMID: 37700001", "Sleep and memory in fruit flies."),
                             ("https://pubmed.ncbi.nlm.nih.gov/37700001/", "Sleep and memory in fruit flies."),
                             ("https://www.biorxiv.org/content/10.1101/2023.09.18.558000v2.full",
                              "Protein folding dynamics in crowded cells"),
                             ("biorxiv.org/content/10.1101/2023.09.18.558000v1.full.pdf",
                              "Protein folding dynamics in crowded cells"),
                             ("10.1101/2023.09.18.558000", "Protein folding dynamics in crowded cells")):
            ready(tab, "search/?q=" + quote(query))
            tab.wait_for_function("/match/.test(document.getElementById('ds-search-status').textContent)")
            status = tab.locator("#ds-search-status").inner_text()
            assert status.startswith("1 paper matches."), (query, status)
            assert tab.locator("#ds-search-results > li > a").first.inner_text().startswith(title), query


def test_a_german_name_is_found_with_its_umlaut_or_with_an_e(browser, tmp_path, serve_folder):
    """"Mueller" found no paper by "Müller" (indexed "muller"), nor "Müller" one by "Mueller":
    each spelling now finds both, the one written with an "e" among the authors only, and
    "Michael" (an "ae" that is no "ä") finds no "Michał"."""
    from conftest import make_project

    records = [{"id": "2401.0000%d" % i, "title": title, "abstract": "We study it.", "authors": authors}
               for i, (title, authors) in enumerate((
                   ("Sparse coding of images", ["Anna Müller", "Lutz Schröder"]),
                   ("Polarimetry of dust", ["Florian Mueller"]),
                   ("Graph colouring bounds", ["Michał Nowak"]),
                   ("Pot experiments with soil", ["Jan Kowalski"])), start=1)]
    folder = make_project(tmp_path / "p", {"2024-01-01-a.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in records)})
    with site_tab(browser, serve_folder, folder) as tab:
        ready(tab, "search/")
        found = titles_found(tab, ["Müller", "Mueller", "Muller", "Schroeder", "Michael", "poet"])
    both = ["Polarimetry of dust", "Sparse coding of images"]
    assert found["Müller"] == found["Mueller"] == both
    assert found["Muller"] == ["Sparse coding of images"]  # (no umlaut to write with an "e")
    assert found["Schroeder"] == ["Sparse coding of images"]
    assert found["Michael"] == []
    assert found["poet"] == []  # its "Pot" is no author's


def test_a_word_is_found_with_or_without_its_hyphens(browser, tmp_path, serve_folder):
    """lunr splits "pre-training" at its hyphen: "pretraining" found only the papers that write it
    so (on the arXiv day 28 of the 120 that use the word), "GPT4" no "GPT-4". The index also holds
    a hyphenated word joined, and a hyphenated query also seeks it joined; numbers ("2-3") are
    left as they are."""
    from conftest import make_project

    records = [{"id": "2401.0000%d" % i, "title": title, "abstract": abstract, "authors": ["A. Author"]}
               for i, (title, abstract) in enumerate((
                   ("Scaling laws", "We study pre-training of GPT-4 and a multi-agent setting, 2-3 times."),
                   ("Adapters", "Parameter-efficient finetuning for pretraining and GPT4."),
                   ("Unrelated", "Soil samples in 23 plots.")), start=1)]
    folder = make_project(tmp_path / "p", {"2024-01-01-a.jsonl": "\n".join(json.dumps(r) for r in records)})
    with site_tab(browser, serve_folder, folder) as tab:
        ready(tab, "search/")
        found = titles_found(tab, ["pretraining", "pre-training", "GPT4", "GPT-4", "multiagent", "fine-tuning", "parameterefficient", "23"])
    both = ["Adapters", "Scaling laws"]
    assert found["pretraining"] == found["pre-training"] == both
    assert found["GPT4"] == found["GPT-4"] == both
    assert found["multiagent"] == ["Scaling laws"]
    assert found["fine-tuning"] == ["Adapters"]  # (its "finetuning"; no paper holds "fine" and "tuning")
    assert found["parameterefficient"] == ["Adapters"]
    assert found["23"] == ["Unrelated"]  # "2-3" is no "23"


def test_a_japanese_name_typed_without_its_space_finds_it(browser, tmp_path, serve_folder):
    """"山田太郎" typed for the author "山田 太郎" found nothing: its pair 田太 spans the space, and
    no paper holds it. A pair no paper holds is left out of a run of which a paper holds another
    pair (its characters are still sought); a run none of whose pairs is held finds nothing."""
    from conftest import make_project

    records = [{"id": "2401.00001", "title": "深層学習による画像認識", "abstract": "画像認識の手法。", "authors": ["山田 太郎"]},
               {"id": "2401.00002", "title": "中文医学问答系统", "abstract": "本文提出一个系统。", "authors": ["王小明"]}]
    folder = make_project(tmp_path / "p", {"2024-01-01-a.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in records)})
    with site_tab(browser, serve_folder, folder) as tab:
        ready(tab, "search/")
        found = tab.evaluate("""async (queries) => {
          const out = {};
          for (const q of queries) out[q] = (await dsSearch.search(q, false)).hits.length;
          return out;
        }""", ["山田太郎", "山田 太郎", "深層学習画像", "王小明", "王明", "田山太郎", "機械翻訳", "山田太郎 系统"])
    assert found == {"山田太郎": 1, "山田 太郎": 1, "深層学習画像": 1,  # (深層学習による画像認識)
                     "王小明": 1, "王明": 0, "田山太郎": 0, "機械翻訳": 0, "山田太郎 系统": 0}


def test_the_authors_a_query_matched_are_marked_on_its_cards(browser, tmp_path, serve_folder):
    """A search for an author ("Gomez", "Mueller") marked nothing on any card: the title and the
    snippet hold no such word, and the names were not marked. They are, as the title's words."""
    from conftest import make_project

    records = [{"id": "2401.00001", "title": "Parsing with pointers", "abstract": "We parse.",
                "authors": ["Carlos Gómez-Rodríguez", "Ann Lee", "Anna Müller"]}]
    folder = make_project(tmp_path / "p", {"2024-01-01-a.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in records)})
    with site_tab(browser, serve_folder, folder) as tab:
        for query, marked in (("gomez", ["Gómez"]), ("Lee", ["Lee"]), ("Mueller parsing", ["Müller"]), ("pointers", [])):
            ready(tab, "search/?q=" + quote(query))
            meta = tab.locator("#ds-search-results > li .ds-meta span").first
            meta.wait_for()
            assert meta.locator("mark").all_inner_texts() == marked, query
            assert meta.inner_text() == "Carlos Gómez-Rodríguez, Ann Lee, Anna Müller"
        assert meta.locator("bdi").all_inner_texts() == ["Ann Lee", "Anna Müller"]  # the others isolated, as before


def test_a_matched_word_is_marked_without_the_punctuation_around_it(tab):
    """"Policy:" and "Policies." were marked whole, their colon and full stop in the highlight: the
    index holds the word without them (lunr's trimmer), and so does the mark now."""
    ready(tab, "search/?q=" + quote("diffusion policy rdp"))
    tab.wait_for_function(RESULTS_PAGE_IN)
    title = tab.locator("#ds-search-results > li > a").first
    assert title.inner_text().startswith("Reactive Diffusion Policy: Slow-Fast Visual-Tactile Policy Learning")
    assert title.locator("mark").all_inner_texts() == ["Diffusion", "Policy", "Policy"]
    marks = tab.locator("#ds-search-results mark").all_inner_texts()
    assert "RDP" in marks and "Policy:" not in marks  # ("(RDP)," in the snippet)
    assert [m for m in marks if not re.fullmatch(r"\w(.*\w)?", m)] == []


def test_a_reference_as_cited_finds_its_authors_papers(browser, tmp_path, serve_folder):
    """"Gómez-Rodríguez et al." found nothing (the index holds "et al." from abstracts, not beside
    the name) and was offered "et al.", the papers that cite so; "Gómez-Rodríguez et al. (2031)"
    was offered years ("Did you mean: 2020"). "et al." after a name is not searched, a number is
    offered no other, and the query without the year is."""
    from conftest import make_project

    records = [{"id": "2401.00001", "title": "Parsing with pointers", "abstract": "We parse.", "authors": ["Carlos Gómez-Rodríguez"]},
               {"id": "2401.00002", "title": "Tagging in 2020", "abstract": "As Smith et al. (2020) show, we tag.", "authors": ["Ann Lee"]}]
    folder = make_project(tmp_path / "p", {"2024-01-01-a.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in records)})
    with site_tab(browser, serve_folder, folder) as tab:
        ready(tab, "search/?q=" + quote("Gómez-Rodríguez et al."))
        tab.wait_for_function(RESULTS_PAGE_IN)
        assert tab.locator("#ds-search-status").inner_text().startswith("1 paper matches.")
        assert tab.locator("#ds-search-results > li > a").all_inner_texts() == ["Parsing with pointers"]
        ready(tab, "search/?q=" + quote("Gómez-Rodríguez et al. (2031)"))
        tab.wait_for_function("document.querySelector('.ds-search-suggest') !== null")
        assert tab.locator(".ds-search-suggest a").all_inner_texts() == ["Gómez-Rodríguez"]
        assert tab.evaluate("w => dsSearch.suggestions(w)", "2031") == []
        assert tab.evaluate("q => dsSearch.search(q, false).then(f => f.hits.length)", "et al") == 1  # alone, it is searched


@pytest.mark.parametrize("scheme, forced", [("light", "none"), ("dark", "none"), ("light", "active")],
                         ids=["light", "dark", "forced-colours"])
def test_the_filter_in_use_stands_out_from_the_others_and_the_page(browser, base, scheme, forced):
    """The filter in use had the page's own background in the light scheme (--ds-surface, white on
    white), one of 1.1:1 on the dark one, and none with forced colours: only its bold text told it
    from the filters beside it. It is drawn as the pressed sort button is, at least 3:1 from the
    page (WCAG 1.4.11), in the system's highlight colours with forced colours."""
    context = browser.new_context(color_scheme=scheme, forced_colors=forced)
    try:
        tab = context.new_page()
        tab.goto(base + "search/?q=robot&topic=robot-manipulation")
        pressed = tab.locator("button[data-facet=topic][aria-pressed=true]")
        pressed.wait_for()
        # the colour behind an element: its own, else the page's (a transparent one shows the page's)
        look = ("e => { const c = getComputedStyle(e).backgroundColor;"
                " return /^rgba\\(.*, 0\\)$/.test(c) ? getComputedStyle(document.body).backgroundColor : c; }")
        page = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        other = tab.locator("button[data-facet=topic][aria-pressed=false]").first.evaluate(look)
        shown = pressed.evaluate(look)
        assert shown not in (page, other), (shown, page, other)
        assert contrast(shown, page) >= 3, (shown, page)
    finally:
        context.close()


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two CSS colours written rgb(r, g, b)."""
    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("query, offered", [("soccer-finance", ["finance", "soccer"]), ("diffusion-qqqzzx", ["diffusion"])],
                         ids=["both-known", "one-unknown"])
def test_a_hyphenated_query_no_paper_matches_is_offered_less_one_of_its_parts(tab, query, offered):
    """"soccer-finance" is searched as two words, which no paper holds together: "soccer finance"
    offered each alone, "soccer-finance" words spelled like each ("succeed", "financial"), whose
    links led on to "soccer-financial"; "diffusion-qqqzzx" said "Try fewer or shorter words"."""
    tab.goto(tab.base + "search/?q=" + query)
    tab.wait_for_function("document.querySelector('.ds-search-suggest') !== null")
    status = tab.locator("#ds-search-status").inner_text()
    assert "No paper holds all of its words; without one" in status, status
    assert sorted(tab.locator(".ds-search-suggest a").all_inner_texts()) == offered


@pytest.mark.parametrize("query, written", [("GPT4", "GPT-4"), ("multiagent", "Multi-Agent")])
def test_a_word_found_as_its_hyphenated_parts_joined_is_marked_whole(tab, query, written):
    """The index holds "GPT-4" as "GPT4" too, so "GPT4" finds it, but no card marked it: the card's
    words were matched one part at a time, and the snippet missed it too."""
    ready(tab, "search/?q=" + query)
    tab.wait_for_function(RESULTS_PAGE_IN)
    cards = tab.locator("#ds-search-results > li").all()
    marked = [m for card in cards for m in card.locator("mark").all_inner_texts()]
    assert marked and all(m.replace("-", "").lower() == query.lower() for m in marked), marked
    assert written in marked
    assert all(card.locator("mark").count() for card in cards)  # each card shows why it was found


def test_a_word_of_tex_math_alone_finds_no_paper_by_its_letters(tab):
    """"$\\alpha$" no paper holds as typed was searched as the beginning of a word: "1 paper
    matches. No paper holds “$\\alpha$” as a word: these have words that begin with it" (AlphaPose).
    A word of TeX math is searched as typed or not at all."""
    ready(tab, "search/?q=" + quote("$\\alpha$"))
    tab.wait_for_function("/match/.test(document.getElementById('ds-search-status').textContent)")
    assert tab.locator("#ds-search-status").inner_text().startswith("No papers match")
    assert tab.evaluate("q => dsSearch.search(q, true).then(f => f.hits.length)", "robot $\\alpha$") == (
        tab.evaluate("q => dsSearch.search(q, true).then(f => f.hits.length)", "robot"))


def test_operators_of_other_search_engines_are_said_to_be_none(tab):
    """"robot -learning" and "robot NOT learning" found the papers holding both words, the opposite
    of what was asked, and "robot OR quadruped" fewer than "quadruped" alone, without a word said."""
    for query, said in (("robot -learning", True), ("robot NOT learning", True), ("robot OR quadruped", True),
                        ("-robot", True), ("vision-language robot", False), ("robot learning", False), ("GPT-4", False)):
        ready(tab, "search/?q=" + quote(query))
        tab.locator("#ds-search-results > li").first.wait_for()
        status = tab.locator("#ds-search-status").inner_text()
        assert ("are no operators here" in status) == said, (query, status)


def test_marks_searched_as_nothing_are_said_when_nothing_matches_too(tab):
    """"C++" found the 40 papers of "c" without a word, and an operator was explained only when
    something matched ("diffusion OR qqqzzx": "No papers match", and nothing of OR)."""
    for query, note in (("robot C++", "“+” and “#” are no part of a word here"), ("robot C#", "are no part of a word"),
                        ("robot OR qqqzzx", "are no operators here")):
        ready(tab, "search/?q=" + quote(query))
        tab.wait_for_function("/match/.test(document.getElementById('ds-search-status').textContent)")
        assert note in tab.locator("#ds-search-status").inner_text(), query
    ready(tab, "search/?q=" + quote("robot C"))
    tab.wait_for_function("/match/.test(document.getElementById('ds-search-status').textContent)")
    assert "no part of a word" not in tab.locator("#ds-search-status").inner_text()


def test_a_filter_with_more_than_twelve_values_shows_them_all_on_demand(tab):
    """The twelve values with most results were shown, and nothing said there were more: in a
    daily collection most digests, and here half the topics, could not be picked."""
    ready(tab, "search/?q=learning")
    tab.locator(".ds-facet").first.wait_for()
    topics = tab.locator(".ds-facet").filter(has_text="Topic")
    values = topics.locator("button.ds-facet__value:not(.ds-facet__more)")
    assert values.count() == 12
    more = topics.locator("button.ds-facet__more")
    total = int(more.inner_text().split()[-1])
    assert total > 12
    more.focus()
    tab.keyboard.press("Enter")
    assert values.count() == total and more.count() == 0
    assert tab.evaluate("document.activeElement === document.querySelectorAll('.ds-facet')[0]"
                        ".querySelectorAll('button.ds-facet__value')[12]")
    values.nth(total - 1).click()  # one of those past the twelfth filters as any other
    tab.wait_for_function("location.search.indexOf('topic=') >= 0")
    tab.locator("#ds-search-results > li").first.wait_for()
    assert topics.locator("button.ds-facet__value[aria-pressed='true']").count() == 1
