"""Layout under content that stresses it, in real headless Chromium: a digest of extreme papers (a
title of 500 characters, 1,000 authors with long particles, unbroken chemical names, URLs and DOIs,
TeX inline, displayed and broken, abstracts of one line and of 5,000 words and none, titles in
Japanese, Arabic, Hindi and emoji, 31 links and 20 categories) built with the arXiv day of
tests/data, read on phones (touch, device scale 2 and 3) and a desktop, and printed."""

from __future__ import annotations

import json
import re

import pytest

from conftest import DATA, make_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONES = {"360": {"viewport": {"width": 360, "height": 640}, "device_scale_factor": 3},
          "390": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2}}
DEVICES = {**{f"phone {name}": {**options, "is_mobile": True, "has_touch": True} for name, options in PHONES.items()},
           "desktop": {"viewport": {"width": 1280, "height": 800}}}
WORDS = "quantum neural field lattice gauge scattering transformer robust boson learning".split()
CHEMICAL = ("N-[(2S,3R)-4-[(2S,3S,4aS,8aS)-3-(tert-butylcarbamoyl)-3,4,4a,5,6,7,8,8a-octahydro-1H-isoquinolin-2-yl]"
            "-3-hydroxy-1-phenylbutan-2-yl]-2-(quinoline-2-carbonylamino)butanediamide")
LONG_FORMULA = "$" + " + ".join(f"a_{{{i}}}" for i in range(1, 23)) + "$"
WIDE_DISPLAY = "\\[ f(x) = " + " + ".join(f"c_{{{i}}} x^{{{i}}}" for i in range(1, 30)) + " \\]"


def prose(words: int, start: int = 0) -> str:
    return " ".join(WORDS[(start + i * 7) % len(WORDS)] for i in range(words)) + "."


def stress_records() -> list[dict]:
    """The extreme papers, one JSON Lines record each (ids 2309.900NN, so that tests find them)."""
    particles = ["Maria de los Ángeles van der Berg-Fernández y Gasset", "Jean-Baptiste de La Rochefoucauld-Montbel d'Aubigné",
                 "Ludwig Maximilian von und zu Liechtenstein-Hohenberg"]
    links = ([f"https://github.com/org{i}/a-repository-with-a-long-name-{i}" for i in range(15)]
             + [f"https://project{i}.example.org/" for i in range(10)]
             + [f"https://www.youtube.com/watch?v=abc{i}" for i in range(5)] + ["https://doi.org/10.1000/xyz123"])
    categories = ["cs.LG", "cs.AI", "cs.CV", "cs.CL", "cs.RO", "stat.ML", "math.OC", "eess.SY", "eess.IV", "q-bio.NC",
                  "physics.comp-ph", "cond-mat.stat-mech", "quant-ph", "hep-th", "astro-ph.CO", "econ.GN", "q-fin.ST",
                  "nlin.CD", "math-ph", "cs.NE"]
    papers = [
        ("A " + " ".join(["Very Long and Extremely Detailed Investigation into the Asymptotic Behaviour of"] * 6) + " Everything",
         ["Ann Lee", "Bo Chen"], prose(60), {}),
        ("Observation of a new particle in the search for the Standard Model Higgs boson with the ATLAS detector",
         particles + [f"Firstname{i} Lastname{i}" for i in range(997)], prose(120), {"categories": ["hep-ex", "hep-ph"]}),
        (f"Synthesis of {CHEMICAL} and Pneumonoultramicroscopicsilicovolcanoconiosis", ["Chem Ist"],
         f"We make {CHEMICAL}. Code at https://github.com/someorganisation/an-extremely-long-repository-name-that-never-breaks"
         "/tree/main/src/very/deep/path/to/file_with_long_name.py and data at doi:10.1000/182/this.is.a.very.long.doi.suffix."
         "that.keeps.going.and.going. See https://example.org/?q=" + "a" * 300 + " and " + "Supercalifragilistic" * 8 + ".",
         {"links": ["https://example.org/?q=" + "b" * 200]}),
        (r"On $\frac{1}{2}$-Lipschitz maps and the $\mathbb{R}^{n\times n}$ spectrum of $\begin{pmatrix} a & b \\ c & d\end{pmatrix}$",
         ["Tex Pert"], rf"We prove $\sum_{{i=1}}^{{\infty}} \frac{{1}}{{i^2}} = \frac{{\pi^2}}{{6}}$. Display: \[ \int_0^\infty e^{{-x^2}}\,dx "
         rf"= \frac{{\sqrt{{\pi}}}}{{2}} \] and a long formula {LONG_FORMULA} and a wide display {WIDE_DISPLAY} and an "
         r"environment \begin{align} a &= b \end{align}. Broken: $\frac{a}{ and $\unknowncommand{z}$ and a lone $ dollar.", {}),
        (r"Broken $\frac{1}{ title and \left( unbalanced", ["Bro Ken"], r"\[ \frac{1}{2 \] unterminated and $$ x^2 " + prose(20), {}),
        ("A short one", ["Shor T"], "One line.",  # (a category of one long word ran the search page's filters past a phone's edge)
         {"categories": ["cs.LG", "Computer_Science_Information_Retrieval_And_Natural_Language_Processing_Combined"]}),
        ("A five-thousand-word abstract", ["Long Winded"], " ".join(prose(100, n) for n in range(50)), {}),
        ("No abstract at all in this record", ["Empty Abstract"], "", {}),
        ("大規模言語モデルにおける推論能力の評価と改善に関する包括的研究：日本語ベンチマークを用いた実験的検証と分析",
         ["山田 太郎", "李 小龙", "김민수"], "本研究では、大規模言語モデルの推論能力を評価する。" * 20, {}),
        ("نموذج لغوي كبير للغة العربية: التدريب والتقييم على مجموعة بيانات واسعة النطاق", ["محمد عبد الله"],
         "نقدم نموذجا لغويا كبيرا للغة العربية. " * 15, {}),
        ("हिंदी भाषा के लिए बड़े भाषा मॉडल का प्रशिक्षण और मूल्यांकन: एक व्यापक अध्ययन", ["राम कुमार"],
         "हम हिंदी भाषा के लिए एक बड़ा भाषा मॉडल प्रस्तुत करते हैं। " * 15, {}),
        ("🚀🔥 EmojiNet: 🤖 Robots that 😂 laugh 👨‍👩‍👧‍👦 with families 🏳️‍🌈 and flags 🇯🇵🇫🇷", ["Emo Ji"], "We 🧪 test 🎉. " + prose(30), {}),
        ("Many links and many categories", ["Link Er"], "Links: " + " ".join(links[:5]) + " " + prose(30),
         {"links": links, "categories": categories}),
        ("Sixteen authors", [f"Jean-Christophe-Alexandre de la Fontaine-Villeneuve {i}" for i in range(16)], prose(30), {}),
    ]
    return [{"id": f"2309.900{n:02d}", "title": title, "authors": authors, "abstract": abstract, "date": "2023-09-22",
             "categories": ["cs.LG"], **extra} for n, (title, authors, abstract, extra) in enumerate(papers, 1)]


@pytest.fixture(scope="module")
def stress_site(tmp_path_factory):
    """The stress digest and the arXiv day, built into one site: its folder."""
    from generator.build import build
    from generator.config import load_project

    folder = make_project(tmp_path_factory.mktemp("stress") / "project", {
        "2023-09-21-arxiv.csv": (DATA / "arxiv-2023-09-21.csv").read_bytes(),
        "2023-09-22-stress.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in stress_records())})
    settings = folder / "content/collection.yml"  # a title of one long word ran every page 173 px past a phone's screen
    settings.write_text(settings.read_text(encoding="utf-8") + "title: Literaturempfehlungsdatenbankverwaltungsgruppe\n",
                        encoding="utf-8")
    build(load_project(folder))
    return folder / "site"


@pytest.fixture(scope="module")
def base(stress_site, serve_folder) -> str:
    return serve_folder(stress_site)


def page_types(site) -> dict[str, str]:
    """A path of each kind of page: every stress paper's, and a topic's and a digest's later pages."""
    papers = {p["id"]: p["url"] for p in json.loads((site / "papers.json").read_bytes())}
    topic = next(p.parent.parent for p in sorted(site.glob("topics/*/2/index.html")))
    return {**{f"paper {n}": papers[f"2309.900{n:02d}"] for n in range(1, 15)},
            "home": "", "topics": "topics/", "topic": f"topics/{topic.name}/", "topic page 2": f"topics/{topic.name}/2/",
            "digest": "digests/2023-09-22-stress/", "digest page 2": "digests/2023-09-21-arxiv/2/",
            "archive": "archive/", "search": "search/?q=quantum", "search 2": "search/?q=short+one", "404": "404.html"}


@pytest.fixture
def open_tab(browser):
    contexts = []

    def opener(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield opener
    for context in contexts:
        context.close()


def visit(tab, url: str) -> None:
    """The page at ``url``, every card laid out (a home page's past the 50th are not until near, content-visibility)."""
    tab.goto(url)
    if "search/" in url:
        tab.wait_for_selector("#ds-search-results > li")
    tab.add_style_tag(content=".ds-cards > li { content-visibility: visible !important; }")


# Elements shown (not in a closed <details>, a [hidden] element or the off-screen skip link)
SHOWN = """e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
        && !e.closest('details:not([open]) > :not(summary), [hidden], .ds-skip'); }"""

PAST_THE_EDGE = f"""() => {{ const shown = {SHOWN}, width = document.documentElement.clientWidth;
    const scrolls = e => {{ for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)
        if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true; return false; }};
    return [...document.body.querySelectorAll('*')].filter(e => shown(e) && !scrolls(e)).filter(e => {{
        const r = e.getBoundingClientRect(); return r.right > width + 1 || r.left < -1; }})
        .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40)).slice(0, 5); }}"""

SMALL_TEXT = f"""() => {{ const shown = {SHOWN}, found = new Set(), walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());) {{ const e = n.parentElement;
        if (n.textContent.trim() && !e.closest('math') && shown(e) && parseFloat(getComputedStyle(e).fontSize) < 12)
            found.add(e.tagName + '.' + e.className + ' ' + getComputedStyle(e).fontSize + ': ' + n.textContent.trim().slice(0, 30)); }}
    return [...found]; }}"""

# WCAG 2.2's target size (2.5.8): 24 by 24 px, or a 24 px circle on its centre that meets no other
# target nor another small target's circle; a link in a sentence is exempt
CROWDED_TARGETS = f"""() => {{ const shown = {SHOWN};
    const targets = [...document.querySelectorAll('a[href], button, input, select, summary, [tabindex="0"]')].filter(shown);
    const boxes = targets.map(t => t.getBoundingClientRect()), small = r => r.width < 24 || r.height < 24;
    const inSentence = t => getComputedStyle(t).display === 'inline'
        && [...t.parentElement.childNodes].some(n => n.nodeType === 3 && n.textContent.trim().length > 1);
    return targets.filter((t, i) => {{ const r = boxes[i];
        if (!small(r) || inSentence(t)) return false;
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        return boxes.some((o, j) => j !== i && !t.contains(targets[j]) && !targets[j].contains(t) && (
            Math.max(o.left - x, 0, x - o.right) ** 2 + Math.max(o.top - y, 0, y - o.bottom) ** 2 < 144
            || small(o) && (o.left + o.width / 2 - x) ** 2 + (o.top + o.height / 2 - y) ** 2 < 576)); }})
        .map(t => t.tagName + '.' + t.className + ': ' + t.textContent.trim().slice(0, 30)); }}"""


@pytest.mark.parametrize("device", DEVICES)
def test_no_page_runs_past_the_screen(stress_site, base, open_tab, device):
    """No page of any kind scrolls sideways, or holds anything past the screen's edges but in a
    box that scrolls (a wide formula's)."""
    tab = open_tab(color_scheme="dark" if device == "desktop" else "light", **DEVICES[device])
    for kind, path in page_types(stress_site).items():
        visit(tab, base + path)
        assert tab.evaluate("document.documentElement.scrollWidth") <= DEVICES[device]["viewport"]["width"], kind
        assert tab.evaluate(PAST_THE_EDGE) == [], kind


def test_without_javascript_a_wide_formula_scrolls_in_its_paragraph(stress_site, base, open_tab):
    """digest-site.js gives a formula wider than its paragraph a box that scrolls; without
    JavaScript, the abstract's 22-term formula made the whole paper page scroll sideways on a
    phone (902 px in 360)."""
    tab = open_tab(java_script_enabled=False, **DEVICES["phone 360"])
    tab.goto(base + page_types(stress_site)["paper 4"])
    assert tab.locator(".ds-wide-math").count() == 0
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    assert tab.locator(".ds-abstract").evaluate("a => a.scrollWidth > a.clientWidth")  # the formula is there, scrolled to
    tab.goto(base + page_types(stress_site)["paper 3"])  # a link at the abstract's edge: its focus ring is not cut
    link = tab.locator(".ds-abstract a").first
    link.focus()
    assert link.evaluate("a => a.matches(':focus-visible') && parseFloat(getComputedStyle(a).outlineWidth) > 0")
    ring = link.evaluate("""a => { const s = getComputedStyle(a), r = a.getClientRects()[1] || a.getClientRects()[0],
        p = a.parentElement.getBoundingClientRect(), room = parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset);
        return r.left - room >= p.left && r.right + room <= p.right; }""")
    assert ring


@pytest.mark.parametrize("device", DEVICES)
def test_text_is_at_least_12px_and_targets_24px(stress_site, base, open_tab, device):
    """Every text is 12 px or more, a formula's scripts apart (math's own sizes); every control
    is a target of 24 px or stands clear of the others. The digest's "New" mark was 11.2 px."""
    tab = open_tab(**DEVICES[device])
    for kind, path in page_types(stress_site).items():
        visit(tab, base + path)
        assert tab.evaluate(SMALL_TEXT) == [], kind
        assert tab.evaluate(CROWDED_TARGETS) == [], kind


def test_a_scripts_group_is_kept_in_a_cards_title_and_the_tabs(stress_site, base, open_tab):
    """Cards and the browser's tab show a title's TeX as plain text: "$\\mathbb{R}^{n\\times n}$"
    read "ℝ^n× n", the braces of its superscript dropped (the real numbers to the n, times n)."""
    tab = open_tab()
    tab.goto(base + "digests/2023-09-22-stress/")
    card = tab.locator(".ds-cards > li > a", has_text="Lipschitz").inner_text()
    tab.goto(base + page_types(stress_site)["paper 4"])
    for text in (card, tab.title()):
        assert re.search(r"ℝ\^\(n\s*×\s*n\)", text), text


# Whether a pager link's arrow is on the line of the word beside it (of the run from that word's
# first character to the arrow, every box on one line)
ARROW_WITH_ITS_WORD = r"""links => links.map(a => {
    const chars = [], walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());) for (let i = 0; i < n.length; i++) chars.push([n, i]);
    const unit = ([n, i]) => n.data.charCodeAt(i), at = chars.findIndex(c => [0x2190, 0x2192].includes(unit(c)));
    const step = at === 0 ? 1 : -1;
    let word = at + step;
    while (/[\s\u2066-\u2069]/.test(String.fromCharCode(unit(chars[word])))) word += step;
    if (unit(chars[word]) >= 0xDC00 && unit(chars[word]) <= 0xDFFF) word -= 1;  // the emoji's first half
    const [first, last] = [chars[Math.min(at, word)], chars[Math.max(at, word)]], run = document.createRange();
    run.setStart(first[0], first[1]); run.setEnd(last[0], last[1] + 1);
    const tops = [...run.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top));
    return [a.textContent, Math.max(...tops) - Math.min(...tops) < 4]; })"""


@pytest.mark.parametrize("phone", PHONES)
def test_a_pagers_arrow_never_goes_to_a_line_alone(stress_site, base, open_tab, phone):
    """A pager's link is half a phone's row: "2023-09-22 · stress →" (the digest after the arXiv
    day's) broke before its arrow, left alone on a line of its own as if a link of its own."""
    tab = open_tab(**DEVICES[f"phone {phone}"])
    kinds = page_types(stress_site)
    for kind in ["digest", "digest page 2", *(k for k in kinds if k.startswith("paper "))]:
        tab.goto(base + kinds[kind])
        links = tab.locator(".ds-pager--paper > a, .ds-pager--digest a").evaluate_all(ARROW_WITH_ITS_WORD)
        assert links and all(together for _, together in links), (kind, links)


def printed(tab, base: str, path: str):
    """The page at ``path`` in print media (printing opens the long author list: beforeprint)."""
    tab.goto(base + path)
    tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    tab.emulate_media(media="print")
    return tab


def test_a_printed_badge_keeps_its_label_whole_and_its_address_on_a_line_of_its_own(stress_site, base, open_tab):
    """Printing a paper page adds each link's address after it; in a badge, a flex box of one line,
    a long project page's address squeezed the label "Project page" to two letters a line."""
    tab = printed(open_tab(viewport={"width": 700, "height": 1000}), base, page_types(stress_site)["paper 3"])
    badges = tab.locator(".ds-paper__links a.ds-badge")
    assert badges.count() >= 2
    lines = badges.evaluate_all("""bs => bs.map(b => { const label = document.createRange(), host = b.querySelector('span');
        label.selectNodeContents(b.firstChild);
        return [b.firstChild.textContent.trim(), label.getClientRects().length, host.getClientRects().length,
                getComputedStyle(b, '::after').content.includes(b.href)]; })""")
    assert [line[1:] for line in lines] == [[1, 1, True]] * len(lines), lines


def test_a_printed_author_list_names_each_author_once(stress_site, base, open_tab):
    """Printing opens the folded list of 1,000 authors; its first ten names, "and 990 more" and
    the list's "All 1,000 authors" were printed above it too."""
    tab = printed(open_tab(), base, page_types(stress_site)["paper 2"])
    assert tab.locator("details.ds-paper__all-authors p").is_visible()
    assert not tab.locator(".ds-paper__authors").is_visible()
    assert not tab.locator("details.ds-paper__all-authors summary").is_visible()
    tab.emulate_media(media="screen")  # on screen, the list stays as it is
    assert tab.locator(".ds-paper__authors").is_visible() and tab.locator("details.ds-paper__all-authors summary").is_visible()


def test_a_printed_abstract_shows_each_address_once(stress_site, base, open_tab):
    """The abstract's links are their own addresses: printed, each was followed by itself again."""
    tab = printed(open_tab(), base, page_types(stress_site)["paper 3"])
    after = "as => as.map(a => [a.textContent, getComputedStyle(a, '::after').content])"
    links = tab.locator(".ds-abstract a").evaluate_all(after)
    assert len(links) == 2 and all(content == "none" for _, content in links), links
    badge, content = tab.locator(".ds-paper__links a.ds-badge").first.evaluate(f"a => ({after})([a])[0]")
    assert content.startswith('" <https://github.com/'), (badge, content)  # a badge's address is printed


@pytest.mark.parametrize("phone", PHONES)
def test_a_printed_wide_formula_is_shown_whole(stress_site, base, open_tab, phone):
    """A formula wider than a phone scrolls in a box of its own; paper does not scroll, and the
    printed page showed the formula cut at the box's edge (a₁ + … + a₁₇ + a of a₁ + … + a₂₂)."""
    tab = printed(open_tab(**DEVICES[f"phone {phone}"]), base, page_types(stress_site)["paper 4"])
    abstract = tab.locator(".ds-abstract")
    boxes = abstract.locator(".ds-wide-math")
    assert boxes.count() >= 2  # the long inline formula and the wide display
    assert boxes.evaluate_all("bs => bs.every(b => b.scrollWidth <= b.clientWidth || getComputedStyle(b).overflowX === 'visible')")
    right = abstract.evaluate("a => a.getBoundingClientRect().right")
    terms = abstract.locator(".ds-wide-math msub, .ds-wide-math msup").evaluate_all(
        "ts => ts.map(t => [t.textContent, t.getBoundingClientRect().right])")
    assert {"a22", "x29"} <= {t for t, _ in terms}
    assert [t for t, r in terms if r > right + 1] == []
