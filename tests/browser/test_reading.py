"""The reading experience in real headless Chromium: keyboard, schemes without JavaScript, print."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOPIC = "topics/robot-manipulation/"
PAPER = "papers/behavior-generation-with-latent-actions-9eaf84b6/"
DARK_BACKGROUND = "rgb(22, 24, 29)"


@pytest.fixture(scope="module")
def base(seed_site, serve_folder) -> str:
    return serve_folder(seed_site / "site")


@pytest.fixture
def open_page(browser, base):
    contexts = []

    def opener(path: str, **options):
        context = browser.new_context(**options)
        contexts.append(context)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.goto(base + path)
        tab.errors = errors
        return tab

    yield opener
    for context in contexts:
        context.close()


def focused(tab) -> dict:
    return tab.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {tag: e.tagName, cls: e.className, text: (e.textContent || '').trim().slice(0, 60),
                outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }""")


def test_the_first_tab_reaches_a_skip_link_that_skips_to_the_content(open_page):
    tab = open_page(TOPIC)
    tab.keyboard.press("Tab")
    first = focused(tab)
    assert first["cls"] == "ds-skip" and tab.locator(".ds-skip").is_visible()
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('main') !== null")


def test_every_control_shows_visible_focus_from_the_keyboard(open_page):
    tab = open_page("")
    seen = []
    for _ in range(40):  # the header, the home page's search box and button, the first cards
        tab.keyboard.press("Tab")
        element = focused(tab)
        seen.append(element)
        assert element["outline"], element
    assert {e["tag"] for e in seen} >= {"A", "INPUT", "BUTTON"}


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two computed rgb()/rgba() colours (opaque)."""
    def luminance(colour: str) -> float:
        channels = [float(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3]]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_header_search_box_focus_ring_stands_out_from_the_header(open_page, scheme):
    """The header's focus rings took the text's colour, meant for its links (white on indigo); the
    search box's text is the page's (#1f2328), and its ring, outside the box on the header's
    indigo, was 2.3:1 in the light scheme (WCAG 1.4.11 asks 3:1)."""
    tab = open_page("", color_scheme=scheme)
    for _ in range(20):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.matches('.ds-header-search input')"):
            break
    ring, header = tab.evaluate("""() => [getComputedStyle(document.activeElement).outlineColor,
                                          getComputedStyle(document.querySelector('.ds-header')).backgroundColor]""")
    assert contrast(ring, header) >= 3, (ring, header)


@pytest.mark.parametrize("path", ["", "topics/"])
def test_a_long_word_in_a_topics_name_breaks_on_a_small_phone(open_page, path):
    """On a 320 px phone with the text at 200%, the seed's "User behaviour modelling and
    recommendation" did not break in "recommendation", wider than its line: the home page scrolled
    sideways (343 px in 320) and the topics page too (337 px)."""
    tab = open_page(path, viewport={"width": 320, "height": 640})
    tab.evaluate("document.documentElement.style.fontSize = '200%'")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path, box", [("", ".ds-header-search input"), ("", ".ds-home__search input"),
                                       ("search/", "#ds-search-input")])
def test_a_search_boxs_placeholder_is_legible(open_page, scheme, path, box):
    """The home and search pages' boxes kept the browser's placeholder grey (#757575), 3.5:1 on the
    dark scheme's box ("Search titles, abstracts, authors, topics, ids"); axe does not check a
    placeholder's colour."""
    tab = open_page(path, color_scheme=scheme)
    text, background = tab.locator(box).evaluate(
        "e => [getComputedStyle(e, '::placeholder').color, getComputedStyle(e).backgroundColor]")
    assert contrast(text, background) >= 4.5, (text, background)


def test_arrow_keys_move_between_cards(open_page):
    tab = open_page(TOPIC)
    titles = tab.locator(".ds-cards > li > a")
    titles.first.focus()
    tab.keyboard.press("ArrowDown")
    assert focused(tab)["text"] == titles.nth(1).inner_text()[:60]
    tab.keyboard.press("ArrowUp")
    assert focused(tab)["text"] == titles.first.inner_text()[:60]


def test_the_sort_buttons_fit_a_phone_and_text_zoom(open_page):
    """On a 360 px phone the sort bar squeezed its buttons: "List order" broke over two lines, a
    button twice as tall as its neighbours, and "Sort this page:" too; with the text at 200% the
    bar pushed "Title" off the screen and the whole page scrolled sideways (519 px in 360)."""
    tab = open_page("digests/2026-11-24-trending/", viewport={"width": 360, "height": 740})  # 5 pages
    assert tab.locator(".ds-sort").inner_text().startswith("Sort this page:")
    buttons = tab.locator(".ds-sort button")
    assert buttons.count() == 3
    heights = buttons.evaluate_all("bs => bs.map(b => Math.round(b.getBoundingClientRect().height))")
    assert max(heights) == min(heights), heights
    label = tab.locator(".ds-sort").evaluate("""s => { const r = document.createRange();
        r.selectNodeContents(s.firstChild); return r.getClientRects().length; }""")
    assert label == 1  # "Sort this page:" on one line
    line = tab.locator(".ds-sort").evaluate("s => parseFloat(getComputedStyle(s).fontSize) * 2.5")
    assert max(heights) < line, heights  # each button's label on one line
    tab.evaluate("document.documentElement.style.fontSize = '200%'")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_cards_date_goes_to_a_line_of_its_own_on_a_phone(open_page):
    """The date is one word (it never breaks at its hyphens) and followed the authors with no
    break between them: at 360 px and the text at 200%, "…Luke Mathieson · 2023-09-21" ran past
    the screen's edge, its last digits cut (search results, topic and digest listings alike)."""
    tab = open_page(TOPIC, viewport={"width": 360, "height": 740})
    tab.evaluate("document.documentElement.style.fontSize = '200%'")
    meta = tab.locator(".ds-cards .ds-meta:has(time)").first
    meta.evaluate("""m => { m.querySelector('span')?.remove(); const s = document.createElement('span');
        s.textContent = 'David Robert Pratten, Luke Mathieson'; m.prepend(s); }""")  # as _macros.md.j2 writes it
    right = meta.locator("time").evaluate("t => t.getBoundingClientRect().right")
    assert right <= tab.evaluate("document.documentElement.clientWidth"), right
    separator = meta.locator("time").evaluate("t => getComputedStyle(t, '::before').content")
    assert "·" in separator  # still shown


def test_arrow_down_goes_from_the_search_box_to_the_results(open_page):
    tab = open_page("search/?q=robot")
    # cards come in one at a time as their files load: with one card in, ArrowDown from it has
    # nowhere to go (a CI run pressed it before the second came, and the focus stayed put)
    tab.wait_for_selector("#ds-search-results > li:nth-child(2)")
    tab.focus("#ds-search-input")
    tab.keyboard.press("ArrowDown")
    first = focused(tab)
    assert first["tag"] == "A" and tab.evaluate("document.activeElement.closest('#ds-search-results > li') !== null")
    tab.keyboard.press("ArrowDown")
    assert focused(tab)["text"] != first["text"]
    tab.keyboard.press("ArrowUp")
    tab.keyboard.press("ArrowUp")
    assert tab.evaluate("document.activeElement.id") == "ds-search-input"


@pytest.mark.parametrize("scheme, background", [("dark", DARK_BACKGROUND), ("light", "rgb(255, 255, 255)")])
def test_the_scheme_follows_the_system_without_javascript(open_page, scheme, background):
    tab = open_page(PAPER, color_scheme=scheme, java_script_enabled=False)
    color = tab.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
    assert color == background
    assert tab.locator(".ds-scheme").count() == 0  # the button needs JavaScript: digest-site.js adds it


def test_the_scheme_button_switches_and_is_remembered(open_page, base):
    tab = open_page(PAPER, color_scheme="light")
    button = tab.locator(".ds-scheme")
    assert button.is_visible() and button.inner_text() == "Dark theme"
    button.click()
    assert tab.locator("body").evaluate("b => getComputedStyle(b).backgroundColor") == DARK_BACKGROUND
    tab.goto(base + TOPIC)
    assert tab.locator("body").evaluate("b => getComputedStyle(b).backgroundColor") == DARK_BACKGROUND
    assert tab.locator(".ds-scheme").inner_text() == "Light theme"
    assert tab.errors == []


def older(tab, *names: str) -> None:
    """The site's stylesheet as a browser without these CSS functions or pseudo-classes reads it
    (light-dark(): Safari before 17.5, Chrome before 123; :has(): Firefox ESR 115, Safari 15.0 to
    15.3; color-mix(): Chrome 109, Safari before 16.2): each an unknown one."""
    def rewrite(route):
        found = route.fetch()
        text = found.text()
        for name in names:
            text = text.replace(name + "(", name + "-unknown(")
        route.fulfill(response=found, body=text)
    tab.route("**/digest-site.css", rewrite)


STYLE = "(e, p) => getComputedStyle(e)[p]"


@pytest.mark.parametrize("scheme, background, link", [("light", "rgb(255, 255, 255)", "rgb(64, 81, 181)"),
                                                      ("dark", DARK_BACKGROUND, "rgb(156, 165, 217)")])
def test_a_browser_without_light_dark_shows_the_colours(browser, base, scheme, background, link):
    """Without light-dark() every colour variable was invalid: no header colour, links like the
    text, fields and buttons without borders or backgrounds."""
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    older(tab, "light-dark")
    tab.goto(base + TOPIC)
    assert tab.locator(".ds-header").evaluate(STYLE, "backgroundColor") == "rgb(64, 81, 181)"
    assert tab.locator("body").evaluate(STYLE, "backgroundColor") == background
    assert tab.locator(".ds-cards > li > a").first.evaluate(STYLE, "color") == link
    assert tab.locator(".ds-header-search input").evaluate(STYLE, "backgroundColor") == \
        ("rgb(255, 255, 255)" if scheme == "light" else "rgb(30, 33, 40)")
    tab.locator(".ds-scheme").click()  # the button's choice wins over the system's
    other = "rgb(255, 255, 255)" if scheme == "dark" else DARK_BACKGROUND
    assert tab.locator("body").evaluate(STYLE, "backgroundColor") == other
    context.close()


def test_a_browser_without_has_or_color_mix_styles_the_header_s_box_and_button(open_page):
    """A rule that held the header's box and button had a :has() selector too, and was dropped
    whole without :has(); without color-mix() their border was none."""
    tab = open_page("")
    older(tab, ":has", "color-mix")
    tab.reload()
    for control in (".ds-header-search input", ".ds-scheme"):
        box = tab.locator(control)
        assert [box.evaluate(STYLE, p) for p in ("borderTopStyle", "borderTopWidth", "fontSize")] == ["solid", "1px", "14.4px"]


def test_listings_page_through_without_javascript(open_page, base):
    tab = open_page("digests/2026-11-24-trending/", java_script_enabled=False)
    assert tab.locator(".ds-cards > li").count() == 50
    tab.locator(".ds-pager a[rel=next]").click()
    tab.wait_for_load_state()
    assert tab.url == base + "digests/2026-11-24-trending/2/" and tab.locator(".ds-cards > li").count() == 50


def test_sorting_a_listing_by_title(open_page):
    tab = open_page("digests/2026-11-24-trending/")
    before = tab.locator(".ds-cards > li > a").all_text_contents()
    tab.get_by_role("button", name="Title").click()
    after = tab.locator(".ds-cards > li > a").all_text_contents()
    assert sorted(after) == sorted(before) and after != before
    assert after[0].casefold() <= after[len(after) // 2].casefold() <= after[-1].casefold()
    tab.get_by_role("button", name="List order").click()
    assert tab.locator(".ds-cards > li > a").all_text_contents() == before


def test_a_sorted_listing_is_sorted_again_after_back(open_page):
    """Back from a paper showed the listing in its list order, scrolled to where the sorted one
    was: the reader landed among other cards."""
    tab = open_page("digests/2026-11-24-trending/")
    tab.get_by_role("button", name="Title").click()
    after = tab.locator(".ds-cards > li > a").all_text_contents()
    tab.locator(".ds-cards > li > a").nth(8).click()
    tab.wait_for_load_state()
    assert "/papers/" in tab.url
    tab.go_back()
    tab.wait_for_load_state()
    assert tab.locator(".ds-cards > li > a").all_text_contents() == after
    assert tab.get_by_role("button", name="Title").get_attribute("aria-pressed") == "true"
    assert tab.errors == []


def test_print_hides_the_chrome_and_shows_link_targets(open_page):
    tab = open_page(PAPER)
    tab.emulate_media(media="print")
    assert not tab.locator(".ds-header-search").is_visible() and not tab.locator(".ds-header").is_visible()
    assert not tab.locator(".ds-paper__cite-actions").is_visible()  # "Copy BibTeX" does nothing on paper
    assert tab.locator(".ds-bibtex").is_visible()
    after = tab.locator(".ds-paper__links a").first.evaluate("a => getComputedStyle(a, '::after').content")
    assert tab.locator(".ds-paper__links a").first.get_attribute("href") in after


@pytest.mark.parametrize("path", ["search/", TOPIC])
def test_print_has_no_blank_page(open_page, path):
    tab = open_page(path)
    pdf = tab.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    words = len(tab.evaluate("document.querySelector('main').innerText").split())
    assert pages >= 1
    assert pages <= 1 + words // 250, (path, pages, words)  # at least ~250 words a page: none blank


def test_with_forced_colours_the_current_page_and_the_pressed_sort_stand_out(open_page):
    """Windows' contrast themes (forced colours) drop author backgrounds, which alone marked the
    current page of a listing and the pressed sort button: both looked like their neighbours."""
    tab = open_page("digests/2026-11-24-trending/", forced_colors="active")
    # a transparent background shows the page's (Canvas): only the colour counts, not its alpha
    look = ("e => { const s = getComputedStyle(e), rgb = c => c.replace(/^rgba\\((\\d+), (\\d+), (\\d+), [\\d.]+\\)$/, 'rgb($1, $2, $3)');"
            " return [rgb(s.backgroundColor), s.color]; }")
    current = tab.locator(".ds-pager__pages a[aria-current=page]").evaluate(look)
    other = tab.locator(".ds-pager__pages a:not([aria-current])").first.evaluate(look)
    assert current != other, (current, other)
    pressed = tab.locator(".ds-sort button[aria-pressed=true]").evaluate(look)
    released = tab.locator(".ds-sort button[aria-pressed=false]").first.evaluate(look)
    assert pressed != released, (pressed, released)


@pytest.mark.parametrize("path, selector", [(PAPER, "[data-ds-copy]"), ("", ".ds-home__search button"),
                                            ("search/?q=robot", ".ds-search-form button"), ("search/?q=robot", "#ds-search-more")])
def test_with_forced_colours_a_button_keeps_its_edge(open_page, path, selector):
    """A button drawn by its background alone ("Copy BibTeX", the Search buttons, "Show 20 more")
    lost it with forced colours and read as a line of plain text beside the page's."""
    tab = open_page(path, forced_colors="active")
    button = tab.locator(selector)
    button.wait_for(state="visible")
    edge = button.evaluate("b => { const s = getComputedStyle(b); return [s.borderTopStyle, parseFloat(s.borderTopWidth),"
                           " s.borderTopColor, getComputedStyle(document.body).backgroundColor]; }")
    assert edge[0] != "none" and edge[1] >= 1 and edge[2] != edge[3], edge


def test_a_title_with_a_formula_is_named_whole(open_page):
    """Chromium leaves MathML out of the name of the element around it: the heading of "GA-S³:
    Comprehensive Social Network…" was "GA-S : Comprehensive…" in the accessibility tree, as a
    screen reader's list of headings reads it. It is named by the title's plain text."""
    tab = open_page("papers/ga-s3-comprehensive-social-network-simulation-with-group-dd102fbd/")
    tab.wait_for_selector(".ds-paper__title math")
    tree = tab.context.new_cdp_session(tab).send("Accessibility.getFullAXTree")["nodes"]
    headings = [n["name"]["value"] for n in tree if n.get("role", {}).get("value") == "heading" and "name" in n]
    assert headings[0].startswith("GA-S\u00b3: Comprehensive Social Network"), headings[:1]


@pytest.mark.parametrize("path, selector", [(TOPIC, ".ds-tags > a:not(.ds-badge)"), (PAPER, ".ds-why a")])
def test_with_forced_colours_a_topic_chip_keeps_its_edge(open_page, path, selector):
    """A card's topic chips and a paper's topics were drawn by their background alone: forced
    colours drop it, and "Robot manipulation Imitation learning" ran together as one line of text
    beside the badges, which keep their edge."""
    tab = open_page(path, forced_colors="active")
    edge = tab.locator(selector).first.evaluate(
        "a => { const s = getComputedStyle(a); return [s.borderTopStyle, parseFloat(s.borderTopWidth),"
        " s.borderTopColor, getComputedStyle(document.body).backgroundColor]; }")
    assert edge[0] != "none" and edge[1] >= 1 and edge[2] != edge[3], edge


@pytest.mark.parametrize("path", [PAPER, TOPIC])
def test_a_badges_dot_is_not_part_of_its_name(open_page, path):
    """A badge's coloured dot is decoration: a screen reader read "black circle Code" for every badge."""
    tab = open_page(path)
    badges = tab.locator("a.ds-badge")
    assert badges.count() > 0
    names = [badges.nth(i).aria_snapshot() for i in range(badges.count())]
    assert not [n for n in names if "\u25cf" in n], names
    assert tab.locator("a.ds-badge").first.evaluate("a => getComputedStyle(a, '::before').content").startswith('"\u25cf"')


def test_copying_bibtex_says_what_happened_in_a_status_line(open_page):
    """The copy's result is said in a live region, which a screen reader announces (a focused
    button's label changing to "Copied" is not announced), and a copy the browser refuses says so
    (it said nothing: the button seemed dead)."""
    tab = open_page(PAPER, permissions=["clipboard-read", "clipboard-write"])
    copy = tab.get_by_role("button", name="Copy BibTeX")
    copy.focus()
    tab.keyboard.press("Enter")
    status = tab.locator(".ds-paper__cite-actions [role=status]")
    status.filter(has_text="Copied to the clipboard.").wait_for()
    assert tab.get_by_role("button", name="Copy BibTeX").is_visible()  # the button still says what it does
    refused = open_page(PAPER)
    refused.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')); }")
    refused.get_by_role("button", name="Copy BibTeX").click()
    refused.locator(".ds-paper__cite-actions [role=status]").filter(has_text="Could not copy").wait_for()
    assert tab.errors == [] and refused.errors == []


def test_the_copy_status_does_not_move_the_download_button(open_page):
    """"Copied to the clipboard." was put between the two buttons: on a phone it wrapped and
    pushed "Download .bib" onto the next line, 52 px to the left, right where the finger was going;
    on a laptop it moved it 200 px to the right. The buttons stay put, side by side, one height."""
    for viewport in ({"width": 360, "height": 740}, {"width": 1366, "height": 768}):
        tab = open_page(PAPER, viewport=viewport, permissions=["clipboard-read", "clipboard-write"])
        copy, download = tab.get_by_role("button", name="Copy BibTeX"), tab.get_by_role("link", name="Download .bib")
        copy.scroll_into_view_if_needed()
        before = download.bounding_box()
        assert round(copy.bounding_box()["height"]) == round(before["height"])
        assert abs(copy.bounding_box()["y"] - before["y"]) < 1
        copy.click()
        tab.get_by_role("status").filter(has_text="Copied to the clipboard.").wait_for()
        assert download.bounding_box() == before, viewport


def test_previous_and_next_paper_sit_side_by_side_on_a_phone(open_page):
    """Each link is at most half the row, but with the row's gap the two were wider than it: on a
    phone "next →" wrapped under "← previous", both on the left in five narrow lines, the
    other half of the screen empty. They share the row, "next →" on the right."""
    tab = open_page(PAPER, viewport={"width": 360, "height": 740})
    tab.locator(".ds-pager--paper a[rel=next]").click()  # a paper with both neighbours
    before, after = (tab.locator(f".ds-pager--paper a[rel={rel}]").bounding_box() for rel in ("prev", "next"))
    row = tab.locator(".ds-pager--paper").bounding_box()
    assert abs(before["y"] - after["y"]) < 1
    assert before["x"] + before["width"] < after["x"]
    assert abs(after["x"] + after["width"] - (row["x"] + row["width"])) < 1


def test_a_phone_s_home_page_shows_papers_below_the_header_s_search_box(open_page):
    """The home page repeated the header's search form, its button on a row of its own: the first
    paper began 515-650 px down a 740 px screen. On a phone the header's box alone searches."""
    tab = open_page("", viewport={"width": 360, "height": 740})
    assert tab.locator(".ds-header-search input").is_visible() and not tab.locator(".ds-home__search").is_visible()
    assert tab.locator(".ds-cards > li > a").first.bounding_box()["y"] < 740 - 100  # a paper on the first screen
    wide = open_page("", viewport={"width": 1366, "height": 768})
    assert wide.locator(".ds-home__search").is_visible()


def test_bibtex_copies_and_downloads_as_shown(open_page, tmp_path):
    """A paper's Cite block: "Copy BibTeX" puts the shown entry on the clipboard, and
    "Download .bib" saves the same text as SLUG.bib; pybtex reads it back with the page's key."""
    from pybtex.database import parse_string

    tab = open_page(PAPER, permissions=["clipboard-read", "clipboard-write"])
    shown = tab.locator("#ds-bibtex").inner_text()
    copy = tab.get_by_role("button", name="Copy BibTeX")
    copy.click()
    tab.get_by_role("status").filter(has_text="Copied to the clipboard.").wait_for()
    assert tab.evaluate("navigator.clipboard.readText()") == shown
    with tab.expect_download() as info:
        tab.get_by_role("link", name="Download .bib").click()
    download = info.value
    slug = PAPER.rstrip("/").split("/")[-1]
    assert download.suggested_filename == f"{slug}.bib"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    saved = target.read_text(encoding="utf-8")
    assert saved == shown
    assert list(parse_string(saved, "bibtex").entries) == [slug]
    assert tab.errors == []

PHONE = {"width": 360, "height": 740}


def records_site(browser, tmp_path, serve_folder, records: list[dict], viewport: dict | None = None,
                 language: str = "en"):
    """A tab, at ``viewport``, on a site (of mkdocs.yml's ``language``) built of one JSON Lines
    digest of ``records``, and the site's address (close ``tab.context`` when done)."""
    from conftest import make_project
    from generator.build import build
    from generator.config import load_project

    folder = make_project(tmp_path / "p", {"2024-01-01-a.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in records)})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  language: en\n", f"  language: {language}\n"),
                      encoding="utf-8")
    build(load_project(folder))
    base = serve_folder(folder / "site")
    return browser.new_context(**({"viewport": viewport} if viewport else {})).new_page(), base


def test_long_words_in_the_pager_related_papers_and_authors_break_on_a_phone(browser, tmp_path, serve_folder):
    """A word wider than half a phone's row did not break in the paper page's "← previous / next →"
    links: the arXiv day's "Software Compartmentalization Trade-Offs…" made its neighbour's page
    367 px wide in a 360 px screen, and with the text at 200% most of the seed site's paper pages
    scrolled sideways (up to 466 px), as did a related paper's "psychopathological" and a long
    surname in the author line; in a listing's card, that surname was cut at the screen's edge."""
    tab, base = records_site(browser, tmp_path, serve_folder, [
        {"id": "2309.11327", "title": "Leveraging Data Collection and Unsupervised Learning for Code Compartmentalization",
         "authors": ["Ann Lee"], "abstract": "We study software compartmentalization with hardware capabilities."},
        {"id": "2309.11331", "title": "Gold-YOLO: Efficient Object Detector via Gather-and-Distribute Mechanism",
         "authors": ["Hubert Blaine Wolfeschlegelsteinhausenbergerdorff"],
         "abstract": "We study software compartmentalization and psychopathological computations."},
        {"id": "2309.11332", "title": "Software Compartmentalization Trade-Offs with Hardware Capabilities",
         "authors": ["Ann Lee"], "abstract": "Emergence of psychopathological computations in software compartmentalization."},
        {"id": "2309.11333", "title": "Emergence of psychopathological computations in large language models",
         "authors": ["Ann Lee"], "abstract": "Psychopathological computations in software compartmentalization."}], PHONE)
    try:
        for paper in ("2309.11327", "2309.11331", "2309.11332", "2309.11333"):
            tab.goto(base + f"papers/{paper}/")
            assert tab.locator(".ds-pager--paper a").count() >= 1 and tab.locator(".ds-related li").count() >= 1
            for size in ("100%", "200%"):
                tab.evaluate(f"document.documentElement.style.fontSize = '{size}'")
                assert tab.evaluate("document.documentElement.scrollWidth") <= 360, (paper, size)
        tab.goto(base + "digests/2024-01-01-a/")  # a card's author line: the surname was cut at the screen's edge
        tab.evaluate("document.documentElement.style.fontSize = '200%'")
        meta = tab.locator(".ds-cards .ds-meta:has-text('Wolfeschlegelsteinhausenbergerdorff')")
        assert meta.evaluate("m => m.scrollWidth <= m.clientWidth && m.getBoundingClientRect().right <= 360")
    finally:
        tab.context.close()


def test_right_to_left_text_runs_right_to_left(browser, tmp_path, serve_folder):
    """An Arabic or Hebrew title, abstract or author list was laid out left to right: aligned
    left, its final period before its first word. Each paragraph now takes its first strong
    letter's direction, as dir="auto" would; English stays as it was."""
    tab, base = records_site(browser, tmp_path, serve_folder, [
        {"id": "2401.00001", "title": "نموذج لغوي كبير لمعالجة اللغة العربية", "authors": ["أحمد علي"],
         "abstract": "نقدم نموذجا لغويا كبيرا للغة العربية."},
        {"id": "2401.00002", "title": "A large language model for English", "authors": ["Ann Lee"],
         "abstract": "We present a model."}])
    gaps = """selector => [...document.querySelectorAll(selector)].map(e => { const r = document.createRange();
        r.selectNodeContents(e); const t = r.getBoundingClientRect(), b = e.getBoundingClientRect();
        return [Math.round(t.left - b.left) > 0, Math.round(b.right - t.right) > 0]; })"""  # [space left, space right]
    try:
        tab.goto(base + "papers/2401.00001/")
        for selector in (".ds-paper__title", ".ds-paper__authors", ".ds-abstract"):
            assert tab.evaluate(gaps, selector) == [[True, False]], selector  # right-aligned
        tab.goto(base + "papers/2401.00002/")
        for selector in (".ds-paper__title", ".ds-abstract"):
            assert tab.evaluate(gaps, selector) == [[False, True]], selector
        tab.goto(base + "digests/2024-01-01-a/")
        assert tab.evaluate("""() => [...document.querySelectorAll('.ds-cards > li')].map(li =>
            getComputedStyle(li).unicodeBidi)""") == ["plaintext", "plaintext"]
    finally:
        tab.context.close()


def test_a_right_to_left_site_is_mirrored(browser, tmp_path, serve_folder):
    """An Arabic site's pages are right to left (dir="rtl"), but digest-site's stylesheet placed
    things by left and right: the site's name was pushed off the header's right edge, the header
    search's dropdown hung off the screen's left edge, the BibTeX entry read "misc{key@", and a
    paper's English topic chip sat at the far left, away from its heading."""
    tab, base = records_site(browser, tmp_path, serve_folder, [
        {"id": "2401.00001", "title": "نموذج لغوي كبير لمعالجة اللغة العربية", "authors": ["أحمد علي"],
         "abstract": "نقدم نموذجا لغويا كبيرا للغة العربية للروبوتات."},
        {"id": "2401.00002", "title": "A robot learning model", "authors": ["Ann Lee"],
         "abstract": "We present a robot model."}], {"width": 1280, "height": 800}, language="ar")
    try:
        tab.goto(base + "papers/2401.00001/")
        assert tab.evaluate("document.documentElement.dir") == "rtl"
        # the site's name is the header's first item: at its right end, the others to its left
        assert tab.evaluate("""() => { const h = document.querySelector('.ds-header'), name = h.firstElementChild;
            const pad = parseFloat(getComputedStyle(h).paddingRight);
            return [Math.round(h.getBoundingClientRect().right - pad - name.getBoundingClientRect().right),
                    [...h.children].slice(1).every(e => e.getBoundingClientRect().right < name.getBoundingClientRect().left)]; }""") == [0, True]
        # the entry starts at the left of its block
        assert tab.evaluate("""() => { const code = document.querySelector('.ds-bibtex code'), r = document.createRange();
            r.setStart(code.firstChild, 0); r.setEnd(code.firstChild, 1);
            return [r.toString(), Math.round(r.getBoundingClientRect().left - code.parentElement.getBoundingClientRect().left)]; }""") == ["@", 0]
        # a topic chip ends where its list does, on the right
        assert tab.evaluate("""() => { const a = document.querySelector('.ds-why a');
            return Math.round(a.parentElement.getBoundingClientRect().right - a.getBoundingClientRect().right); }""") == 0
        tab.locator(".ds-header-search input").type("robot")
        tab.wait_for_selector(".ds-search-dropdown:not([hidden])")
        left, right = tab.evaluate("""() => { const r = document.querySelector('.ds-search-dropdown').getBoundingClientRect();
            return [r.left, innerWidth - r.right]; }""")
        assert left >= 0 and right >= 0, (left, right)
    finally:
        tab.context.close()


def test_a_wide_formula_scrolls_in_its_own_box_and_printing_opens_the_author_list(browser, tmp_path, serve_folder):
    """MathML does not break lines: a long formula made the whole paper page scroll sideways on a
    phone (561 px of page in a 320 px screen). It scrolls in a box of its own, reached from the
    keyboard; and printing opens the folded list of a paper's many authors."""
    formula = "$" + "+".join(rf"\lambda_{i}\mathcal{{L}}_{{\mathrm{{term{i}}}}}" for i in range(1, 9)) + "$"
    tab, base = records_site(browser, tmp_path, serve_folder, [
        {"id": "2401.00001", "title": f"A loss of many terms, {formula}", "authors": [f"Author {i}" for i in range(30)],
         "abstract": f"We minimise {formula} over the data and report results."}], {"width": 320, "height": 568})
    try:
        tab.goto(base + "papers/2401.00001/")
        tab.wait_for_selector(".ds-wide-math math")
        assert tab.evaluate("document.documentElement.scrollWidth") <= 320
        box = tab.locator(".ds-abstract .ds-wide-math")
        assert box.evaluate("b => b.scrollWidth > b.clientWidth && b.tabIndex === 0")
        # the title's and the abstract's each named: two regions "Formula" (axe's landmark-unique)
        assert tab.locator(".ds-wide-math").evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))") == [
            "Formula 1 of 2", "Formula 2 of 2"]
        assert not tab.locator("details.ds-paper__all-authors").evaluate("d => d.open")
        tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert tab.locator("details.ds-paper__all-authors").evaluate("d => d.open")
    finally:
        tab.context.close()


def test_a_long_text_in_a_formula_is_not_cut_on_a_phone(browser, tmp_path, serve_folder):
    """arXiv abstracts give a code link as ``$\\href{URL}{\\text{URL}}$``: its MathML ``<mtext>``
    took the abstract's line breaking, so on a phone it broke after "edgehetero-" inside a box one
    line high, and the rest of the address was not shown at all (no scroll box: the formula was
    never wider than its paragraph). It stays one line, in a box of its own that scrolls."""
    url = "https://github.com/lyvykhang/edgehetero-nodeproppred"
    tab, base = records_site(browser, tmp_path, serve_folder, [
        {"id": "2401.00001", "title": "Edge-heterogeneous graphs", "authors": ["Ann Lee"],
         "abstract": f"We classify articles. The implementation is available at:$\\href{{{url}}}{{\\text{{{url}}}}}$."}],
        PHONE)
    try:
        tab.goto(base + "papers/2401.00001/")
        tab.wait_for_selector(".ds-abstract math mtext")
        assert tab.evaluate("document.documentElement.scrollWidth") <= 360
        # the address's width on one line, in the formula's font: the box scrolls over all of it
        whole = tab.locator(".ds-abstract mtext").evaluate("""t => { const s = document.createElement('span');
            s.style.font = getComputedStyle(t).font; s.style.whiteSpace = 'nowrap'; s.textContent = t.textContent;
            document.body.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w; }""")
        box = tab.locator(".ds-abstract .ds-wide-math")
        assert box.count() == 1  # it was cut at the paragraph's width, in no box
        assert box.evaluate("b => b.scrollWidth > b.clientWidth && b.tabIndex === 0")
        assert box.evaluate("b => b.scrollWidth") >= whole - 1
    finally:
        tab.context.close()


def test_a_wide_display_formula_scrolls_in_its_own_box(browser, tmp_path, serve_folder):
    """A display formula ($$…$$, \\[…\\]) is a block as wide as its paragraph, its content
    overflowing it: measured by its box alone it was never wider than its paragraph, and the whole
    paper page scrolled sideways on a phone (2,706 px of page in a 360 px screen)."""
    formula = " + ".join(f"a_{{{i}}} x^{{{i}}}" for i in range(1, 40))
    tab, base = records_site(browser, tmp_path, serve_folder, [
        {"id": f"2401.0000{n}", "title": "A wide display formula", "authors": ["Ann Lee"],
         "abstract": f"We consider\n{opening} f(x) = {formula} {closing}\nwhich is wide."}
        for n, (opening, closing) in enumerate((("$$", "$$"), ("\\[", "\\]")), 1)], PHONE)
    try:
        for paper in ("2401.00001", "2401.00002"):
            tab.goto(base + f"papers/{paper}/")
            tab.wait_for_selector(".ds-abstract math[display=block]")
            assert tab.evaluate("document.documentElement.scrollWidth") <= 360
            assert tab.locator(".ds-wide-math").evaluate("b => b.scrollWidth > b.clientWidth && b.tabIndex === 0")
            # a stop of the Tab key says what it is: a bare focusable span was announced as nothing
            # (axe's focus-order-semantics), the formula read with no word of why the focus is there
            assert tab.get_by_role("region", name="Formula").count() == 1
    finally:
        tab.context.close()


def test_an_owners_page_shows_what_its_markdown_extensions_write(browser, tmp_path, serve_folder):
    """An About page of content/pages/ with a table, an admonition, code and toc's permalinks (the
    Markdown extensions of mkdocs.yml) was shown without Material's stylesheets, which style them:
    the table had no rules between its cells ("a b / 1 2"), the note was a bare line of text and
    every heading ended in a "¶" link; a wide table or code block made a phone's page scroll."""
    from conftest import make_project
    from generator.build import build
    from generator.config import load_project

    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": "A paper on robots\nWe study robots walking.\n"})
    (folder / "content/pages").mkdir(parents=True)
    (folder / "content/pages/about.md").write_text(
        "# About the lab\n\n| name | role |\n|---|---|\n| Ann | " + "very-long-cell-" * 12 + " |\n\n"
        "!!! note \"Reading\"\n    We read `papers` on Mondays.\n\n> A quote.\n\n"
        "```\n" + "a_long_line_of_code = 1; " * 12 + "\n```\n", encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "markdown_extensions:\n  - admonition\n  - tables\n  - toc:\n      permalink: true\n", encoding="utf-8")
    build(load_project(folder))
    base = serve_folder(folder / "site")
    tab = browser.new_context(viewport={"width": 360, "height": 640}).new_page()
    try:
        tab.goto(base + "about/")
        style = "(s, p) => getComputedStyle(document.querySelector(s))[p]"
        assert tab.evaluate(f"({style})('td', 'borderTopStyle')") == "solid"
        assert tab.evaluate(f"({style})('.admonition', 'borderInlineStartStyle')") == "solid"
        assert tab.evaluate(f"({style})('.admonition', 'backgroundColor')") != "rgba(0, 0, 0, 0)"
        assert tab.evaluate(f"({style})('blockquote', 'borderInlineStartStyle')") == "solid"
        assert tab.evaluate(f"({style})('.admonition code', 'backgroundColor')") != "rgba(0, 0, 0, 0)"
        assert tab.evaluate(f"({style})('.headerlink', 'opacity')") == "0"
        tab.hover("h1")
        assert tab.evaluate(f"({style})('.headerlink', 'opacity')") == "1"
        assert tab.evaluate("document.documentElement.scrollWidth") <= 360
        # the generated pages are one element inside <main>: none of this reaches them
        tab.goto(base + "papers/" + next(p.name for p in (folder / "site/papers").iterdir()) + "/")
        assert tab.evaluate(f"({style})('.ds-bibtex', 'borderTopStyle')") == "none"
        assert tab.evaluate(f"({style})('.ds-bibtex code', 'backgroundColor')") == "rgba(0, 0, 0, 0)"
    finally:
        tab.context.close()


def test_text_in_another_script_says_its_language_wherever_it_is_shown(browser, tmp_path, serve_folder):
    """The pages are lang="en", and a screen reader reads what no element says otherwise of in that
    voice: a Japanese title, a Russian abstract, Chinese authors' names were read by an English
    voice (letter by letter, or not at all), on the paper's page, in listings, search results and
    the header's dropdown. Latin text says nothing: the page's language reads it. A Japanese
    paper's names in kanji are Japanese (they were "zh": read in Mandarin)."""
    from conftest import RESULTS_PAGE_IN, type_in_header_box

    records = [{"id": "2401.00001", "title": "大規模言語モデルにおける推論の評価", "authors": ["山田 太郎", "李 小龙"],
                "abstract": "Мы оцениваем рассуждения больших языковых моделей (LLM) на новом наборе задач."},
               {"id": "2401.00002", "title": "Reasoning in large language models", "authors": ["Ann Lee"],
                "abstract": "We evaluate reasoning in large language models (LLM)."}]
    tab, base = records_site(browser, tmp_path, serve_folder, records)
    language = "([s, i]) => document.querySelectorAll(s)[i || 0].closest('[lang]').lang"
    try:
        tab.goto(base + "papers/2401.00001/")
        shown = {s: tab.evaluate(language, [s]) for s in (".ds-paper__title", ".ds-paper__authors", ".ds-abstract")}
        assert shown == {".ds-paper__title": "ja", ".ds-paper__authors": "ja", ".ds-abstract": "ru"}
        tab.goto(base + "digests/2024-01-01-a/")
        cards = tab.locator(".ds-cards > li")
        japanese = next(i for i in range(cards.count()) if "推論" in cards.nth(i).inner_text())
        for s, expected in ((".ds-cards > li > a", "ja"), (".ds-meta span", "ja"), (".ds-cards > li > p:not([class])", "ru")):
            assert tab.evaluate(language, [s, japanese]) == expected, s
            assert tab.evaluate(language, [s, 1 - japanese]) == "en", s
        tab.goto(base + "search/?q=llm")
        tab.wait_for_function(RESULTS_PAGE_IN)
        results = tab.locator("#ds-search-results > li")
        assert results.count() == 2
        japanese = next(i for i in range(2) if "推論" in results.nth(i).inner_text())
        for s, expected in (("#ds-search-results > li > a", "ja"), ("#ds-search-results .ds-meta span", "ja"),
                            ("#ds-search-results > li > p:not([class])", "ru")):
            assert tab.evaluate(language, [s, japanese]) == expected, s
            assert tab.evaluate(language, [s, 1 - japanese]) == "en", s
        tab.goto(base + "archive/")
        type_in_header_box(tab, "llm")
        options = tab.locator(".ds-search-dropdown__option a:not(#ds-search-option-all)")
        assert sorted(options.evaluate_all("os => os.map(o => o.closest('[lang]').lang)")) == ["en", "ja"]
    finally:
        tab.context.close()
