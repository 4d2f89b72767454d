"""Page weight, in bytes of generated HTML (never time).

- A paper page is at most 8 KB plus its own text: the shell (head, header, nav, footer, scripts,
  section headings, related papers, links to its topics and digests) is paid once, not per page.
  Its own text is what only it holds: the title (in <title> and <h1>), the meta description (its
  summary), authors, abstract, id, dates and categories, the URLs of its links, its BibTeX entry
  and the values of its citation meta tags.
- A listing page stays under 150 KB whatever the digest's size: a 3,000-paper digest is split
  into static pages.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from conftest import DATA, make_project
from htmltext import card_count

SHELL_BUDGET = 8 * 1024
LISTING_BUDGET = 150 * 1024
OWN_HTML = [  # elements whose inner HTML is the paper's own text (TeX shown as MathML included)
    re.compile(r"<title>(.*?)</title>", re.S),
    re.compile(r'<meta name="description" content="([^"]*)">'),
    re.compile(r'<h1 class="ds-paper__title">(.*?)</h1>', re.S),
    re.compile(r'<p class="ds-paper__authors">(.*?)</p>', re.S),
    re.compile(r'<p class="ds-abstract">(.*?)</p>\n<h2 id="ds-cite">', re.S),
    re.compile(r'<code id="ds-bibtex">(.*?)</code>', re.S),  # its BibTeX entry
    re.compile(r'<meta (?:name="citation_|property="og:)(?!type|site_name)\w+" content="([^"]*)">'),  # citation tags
]
OWN_TEXT = [  # elements whose text and link targets are the paper's own (their tags are shell)
    re.compile(r'<p class="ds-paper__source">(.*?)</p>', re.S),
    re.compile(r'<p class="ds-paper__links">(.*?)</p>', re.S),
]
TAG = re.compile(r"<[^>]+>")
HREF = re.compile(r'href="([^"]*)"')


def own_bytes(page: str) -> int:
    """Bytes of ``page`` that are the paper's own text."""
    total = 0
    for pattern in OWN_HTML:
        total += sum(len(m.group(1).encode()) for m in pattern.finditer(page))
    for pattern in OWN_TEXT:
        for m in pattern.finditer(page):
            inner = m.group(1)
            text = html.unescape(TAG.sub("", inner))
            total += len(text.encode()) + sum(len(h.encode()) for h in HREF.findall(inner))
    return total


def shell_bytes(path: Path) -> int:
    page = path.read_text(encoding="utf-8")
    return len(page.encode()) - own_bytes(page)


def test_a_paper_page_is_at_most_8_kb_plus_its_own_text(seed_site):
    pages = sorted((seed_site / "site" / "papers").glob("*/index.html"))
    assert len(pages) == 205
    shells = {path.parent.name: shell_bytes(path) for path in pages}
    heaviest = max(shells, key=shells.get)
    assert shells[heaviest] <= SHELL_BUDGET, (heaviest, shells[heaviest])
    assert min(shells.values()) > 1000  # the measure sees the shell at all


@pytest.fixture(scope="module")
def arxiv_site(tmp_path_factory) -> Path:
    """The arXiv day (authors, ids, categories, dates), generated and rendered by MkDocs."""
    from generator.build import build
    from generator.config import load_project

    folder = make_project(tmp_path_factory.mktemp("arxiv") / "project",
                          {"2023-09-21-arxiv.csv": (DATA / "arxiv-2023-09-21.csv").read_bytes()})
    build(load_project(folder))
    return folder / "site"


@pytest.mark.slow
def test_paper_pages_with_authors_and_ids_stay_within_the_budget(arxiv_site):
    pages = sorted((arxiv_site / "papers").glob("*/index.html"))
    assert len(pages) > 100
    shells = {path.parent.name: shell_bytes(path) for path in pages}
    heaviest = max(shells, key=shells.get)
    assert shells[heaviest] <= SHELL_BUDGET, (heaviest, shells[heaviest])


@pytest.mark.slow
def test_listing_pages_stay_under_150_kb(arxiv_site):
    listings = [p for folder in ("digests", "topics") for p in (arxiv_site / folder).rglob("index.html")]
    listings += [arxiv_site / "index.html", arxiv_site / "archive" / "index.html"]
    sizes = {p.relative_to(arxiv_site).as_posix(): p.stat().st_size for p in listings}
    assert max(sizes.values()) < LISTING_BUDGET, max(sizes.items(), key=lambda kv: kv[1])
    assert any("/2/" in name for name in sizes)  # the day's digest is long enough to be paginated


@pytest.mark.slow
def test_a_3000_paper_digest_is_split_into_light_pages(tmp_path):
    """Generated Markdown of one 3,000-paper digest: 60 pages of 50 cards, each far under the budget
    (a listing page's HTML is its Markdown body plus the page shell, under 8 KB as tested above)."""
    import csv
    import json

    from generator.build import BuildReport, generate
    from generator.config import load_project

    with (DATA / "arxiv-2023-09-21.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = [{"title": f"{row['title']} (part {i // len(rows) + 1})", "abstract": row["abstract"],
                "authors": row["authors"], "id": f"2309.{i:05d}", "date": "2023-09-21"}
               for i, row in zip(range(3000), rows * 3)]
    digest = "\n".join(json.dumps(r) for r in records)
    folder = make_project(tmp_path / "project", {"2023-09-21-big.jsonl": digest})
    files = generate(load_project(folder), BuildReport()).files
    pages = {path: data for path, data in files.items() if path.startswith("digests/2023-09-21-big") and path.endswith(".md")}
    assert len(pages) == 60
    assert sum(card_count(data) for data in pages.values()) == 3000
    assert max(len(data) for data in pages.values()) + SHELL_BUDGET < LISTING_BUDGET


# --- what pages carry, so that the site fits 1 GB at 100,000 papers (issue 15) -----------------

CARD = re.compile(r"<li>(?:<span class=\"ds-new\">New</span> )?<a href=\"[^\"]*papers/([^/\"]+)/\">.*?</li>", re.S)
CHIP = re.compile(r'<a href="[^"]*?([^/"]+)/">')  # a topic chip's slug (a badge's <a> has a class first)
PARENT = re.compile(r'<p class="ds-topic__parent">A subtopic of <a href="[^"]*?([^/"]+)/">')


def seed_pages(seed_site: Path, folder: str) -> dict[str, str]:
    site = seed_site / "site"
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted((site / folder).rglob("index.html"))}


def test_every_page_links_one_stylesheet_and_no_scheme_button(seed_site):
    """One stylesheet (the site's CSS, search's CSS and the palette's colours in one file): one
    request per page. The light/dark button is digest-site.js's to add, so a reader without
    JavaScript is not offered a button that does nothing."""
    pages = seed_pages(seed_site, "")
    assert len(pages) > 230
    for name, page in pages.items():
        assert re.findall(r'<link rel="stylesheet" href="([^"]*)">', page) == \
            ["../" * name.count("/") + "assets/digest-site/digest-site.css"], name
        assert 'class="ds-scheme"' not in page and "<button" not in page.split("<main")[0], name
    script = (seed_site / "site/assets/digest-site/digest-site.js").read_text(encoding="utf-8")
    assert 'button.className = "ds-scheme"' in script and "header.appendChild(button)" in script


def test_listing_cards_show_at_most_three_other_topics_and_no_pdf_badge(seed_site):
    """A card's topic chips are the paper's first three topics that the page is not about (its own
    topic, and on a subtopic's page the parent topic too); its badges are code, project and video,
    never the PDF (the paper's page links that)."""
    records = {r["slug"]: r for r in json.loads((seed_site / "site/papers.json").read_text(encoding="utf-8"))}
    listings = seed_pages(seed_site, "topics") | seed_pages(seed_site, "digests")
    listings["index.html"] = (seed_site / "site/index.html").read_text(encoding="utf-8")
    cards = 0
    for name, page in listings.items():
        assert "ds-badge--pdf" not in page and ">PDF</a>" not in page, name
        shown = set()
        if name.startswith("topics/") and name != "topics/index.html":
            shown = {name.split("/")[1], *PARENT.findall(page)}
        for card in CARD.finditer(page):
            topics = records[card.group(1)]["topic_slugs"]
            tags = re.search(r'<p class="ds-tags">(.*?)</p>', card.group(0))
            chips = CHIP.findall(tags.group(1)) if tags else []
            assert chips == [t for t in topics if t not in shown][:3], (name, card.group(1))
            cards += 1
    assert cards > 400  # (seed papers have at most 3 topics: tests/test_render.py has cards with more)


def test_paper_pages_show_three_matched_terms_per_topic_and_three_related_papers(seed_site):
    """The topic evidence ("matched …") names the three strongest terms; papers.json keeps them all."""
    pages = seed_pages(seed_site, "papers")
    evidence = [span for page in pages.values() for span in re.findall(r"<span>matched (.*?)</span>", page)]
    assert evidence and max(span.count(", ") for span in evidence) == 2
    related = [len(re.findall(r"<li>", ol)) for page in pages.values()
               for ol in re.findall(r'<ol class="ds-related">(.*?)</ol>', page, re.S)]
    assert related and max(related) == 3


def test_paper_pages_carry_a_footer_only_for_a_copyright(seed_site, tmp_path):
    """The credit line is on every page but the papers' (a large collection has 100,000 of them);
    a copyright set in mkdocs.yml is on every page, papers included."""
    pages = seed_pages(seed_site, "")
    for name, page in pages.items():
        paper = name.startswith("papers/")
        assert ('<footer class="ds-footer">' in page) is not paper, name
    from generator.build import build
    from generator.config import load_project

    folder = make_project(tmp_path / "p", {"2024-01-01-d.txt": "A paper on robots\nWe study robots walking.\n"})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "copyright: '© 2026 <b>Lab</b>'\n", encoding="utf-8")
    build(load_project(folder))
    paper = next((folder / "site/papers").rglob("index.html")).read_text(encoding="utf-8")
    assert '<footer class="ds-footer">© 2026 <b>Lab</b> · Built with digest-site' in paper


def test_materials_generator_false_leaves_out_the_credit_line(tmp_path):
    """`extra: {generator: false}`, Material's option to leave out its "Made with" line, left the
    credit "Built with digest-site and MkDocs" on every page: only a copy of the whole page shell
    took it away. Without a copyright the pages have no footer then; with one, it alone."""
    from generator.build import build
    from generator.config import load_project

    folder = make_project(tmp_path / "p", {"2024-01-01-d.txt": "A paper on robots\nWe study robots walking.\n"})
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "extra:\n  generator: false\n", encoding="utf-8")
    build(load_project(folder))
    pages = [path.read_text(encoding="utf-8") for path in (folder / "site").rglob("*.html")]
    assert len(pages) > 5 and not any("Built with" in page or "<footer" in page for page in pages)
    config.write_text(text + "extra:\n  generator: false\ncopyright: '© 2026 Lab'\n", encoding="utf-8")
    build(load_project(folder))
    for path in (folder / "site").rglob("*.html"):
        assert '<footer class="ds-footer">© 2026 Lab\n</footer>' in path.read_text(encoding="utf-8"), path


def test_the_readme_says_what_search_js_weighs():
    """The README said search.js was "about 10 KB gzipped" when it had grown to 19 KB: the figure
    it gives (what the header box's first focus loads) is to stay within a fifth of the file's."""
    import gzip

    root = Path(__file__).resolve().parent.parent
    said = re.search(r"`search\.js`, about (\d+) KB gzipped", (root / "README.md").read_text(encoding="utf-8"))
    weighs = len(gzip.compress((root / "site_templates/assets/search.js").read_bytes())) / 1024
    assert said and abs(int(said.group(1)) - weighs) <= weighs / 5, (said and said.group(0), round(weighs, 1))


def test_no_arrow_of_a_link_can_go_to_a_line_of_its_own(seed_site):
    """On a phone "→" went to a line alone after "2023-09-22 · stress" (pagers), or after "All 205
    papers of this digest" (home): the space beside every arrow of a link is a no-break space."""
    import re

    loose = re.compile(r" [→](?=\s*</a>)|<a[^>]*>\s*[←] ")
    pages = sorted((seed_site / "site").rglob("*.html"))
    found = [(page.relative_to(seed_site).as_posix(), m.group(0)) for page in pages
             for m in loose.finditer(page.read_text(encoding="utf-8"))]
    assert any("→</a>" in page.read_text(encoding="utf-8") for page in pages[:50]) and not found, found[:5]
