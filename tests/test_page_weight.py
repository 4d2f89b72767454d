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
    re.compile(r'<p class="ds-abstract">(.*?)</p>\n</section>', re.S),
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
