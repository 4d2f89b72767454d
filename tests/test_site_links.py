"""Every address a built site holds leads somewhere: each internal href, src and action of every
page, each link of the feeds and the sitemap, and each page the search files name is a file of the
site (a folder's index.html where URLs are folders, never a folder where they are not), each
#anchor an id of its page, and each absolute address is under site_url. Built as sites are
published: at a host's root with no site_url, and on a project site's sub-path
(https://owner.github.io/lab-papers/, as the publishing workflow builds) with folder URLs and with
`use_directory_urls: false` (a bucket without index documents, a USB stick)."""

from __future__ import annotations

import functools
import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import DATA, make_project, search_json
from generator.build import build
from generator.config import load_project

SUB_PATH = "https://owner.github.io/lab-papers/"
NO_SITE_URL = "http://site.invalid/"  # where a site without site_url is taken to be, to resolve its links
CONFIGS = {"folders at the root": ("", True), "folders on a sub-path": (SUB_PATH, True),
           "files on a sub-path": (SUB_PATH, False)}
NOINDEX = '<meta name="robots" content="noindex">'
LATER = "Robots That Walk Again\nWe study walking in depth. We propose a method for walking and show it works well.\n"


class _Links(HTMLParser):
    """A page's addresses (href, src, action, srcset) and ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.urls.append(value)
            elif name == "srcset" and value:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "id" and value:
                self.ids.add(value)


@functools.lru_cache(maxsize=None)  # a page's #ds-main link asks for its own ids
def parsed(path: Path) -> _Links:
    page = _Links()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def xml_urls(data: bytes) -> list[str]:
    """The addresses of a feed or sitemap: Atom's link hrefs and http ids, RSS's links and guids, locs."""
    text = gzip.decompress(data).decode() if data[:2] == b"\x1f\x8b" else data.decode()
    return (re.findall(r'<link href="([^"]*)"', text)
            + re.findall(r"<(?:link|loc|guid[^>]*|id)>(https?://[^<]*|[^<:]*/[^<]*)</", text))


def search_urls(site: Path) -> list[str]:
    """The pages the search files name: each topic and digest of meta.json, each paper's card."""
    folder = site / "assets/digest-site/search"
    meta = json.loads((folder / "meta.json").read_bytes())
    cards = [doc["u"] for path in sorted(folder.glob("c/*/*.json.gz")) for doc in search_json(path.read_bytes())]
    assert len(cards) == meta["papers"]
    return [t[2] for t in meta["topics"]] + [d[2] for d in meta["digests"]] + cards


def addresses(site: Path) -> list[tuple[str, str]]:
    """(file of the site, address it holds) for every page, feed, sitemap and the search files."""
    found = [(path.relative_to(site).as_posix(), url) for path in sorted(site.rglob("*.html")) for url in parsed(path).urls]
    for path in sorted([*site.rglob("*.xml"), *site.rglob("*.xml.gz")]):
        found += [(path.relative_to(site).as_posix(), url) for url in xml_urls(path.read_bytes())]
    return found + [("search", url) for url in search_urls(site)]


def problem(site: Path, root: str, folders: bool, source: str, url: str) -> str | None:
    """What is wrong with ``url`` (held by ``source``, served at ``root`` + ``source``), or None."""
    if urlsplit(url).scheme in ("mailto", "data") or url.startswith("urn:"):
        return None
    if url.startswith("/") and source != "404.html":  # the 404 page alone is shown at any depth
        return "a root-relative address (the site is not at the host's root)"
    if source == "404.html" and not url.startswith(("/", "#", "http")):
        return "a relative address on the 404 page, which is shown at any depth"
    full = urljoin(root + ("" if source == "search" else source), url)
    if urlsplit(full).netloc != urlsplit(root).netloc:
        return None  # another site's
    if not full.startswith(root):
        return f"outside the site ({full})"
    rel, _, anchor = unquote(full[len(root):]).partition("#")
    target = site / rel.partition("?")[0]
    if target.is_dir() and (rel.endswith("/") or rel == ""):
        if not folders and not (rel == "" and source.endswith(".xml")):  # a feed's link to the home page
            return "a folder, where pages are files"
        target = target / "index.html"
    if not target.is_file():
        return "no such file"
    if anchor and anchor not in parsed(target).ids:
        return f"no #{anchor} in {target.relative_to(site)}"
    return None


@pytest.fixture(scope="module", params=list(CONFIGS))
def built(request, tmp_path_factory):
    """(site folder, site_url, folder URLs) of the seed and a later digest built under one configuration."""
    site_url, folders = CONFIGS[request.param]
    folder = make_project(tmp_path_factory.mktemp("links") / "project",
                          {"2026-11-24-trending.txt": (DATA / "seed-digest.txt").read_bytes(), "2026-11-25-later.txt": LATER})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + ("" if folders else "use_directory_urls: false\n"), encoding="utf-8")
    topics = folder / "content/topics.yml"  # a topic's earlier address: a page that sends readers on
    topics.write_text(topics.read_text(encoding="utf-8").replace("  - name: Robot manipulation\n",
                                                                 "  - name: Robot manipulation\n    aliases: [robots]\n"))
    build(load_project(folder, site_url=site_url or None))
    return folder / "site", site_url, folders


def test_every_address_of_the_site_leads_to_one_of_its_files(built):
    site, site_url, folders = built
    found = addresses(site)
    broken = {f"{source}: {url}: {what}" for source, url in found
              if (what := problem(site, site_url or NO_SITE_URL, folders, source, url))}
    assert len(found) > 5000 and not broken, sorted(broken)[:20]


def test_the_sitemap_lists_every_page_at_its_published_address(built):
    """Every page but the 404 page and those at topics' earlier addresses (topics.yml's ``aliases``),
    which ask search engines not to index them."""
    site, site_url, folders = built
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if p.name != "404.html" and NOINDEX not in p.read_text(encoding="utf-8"))
    assert (site / ("topics/robots/index.html" if folders else "topics/robots.html")).is_file()
    listed = sorted(xml_urls((site / "sitemap.xml").read_bytes()))
    published = sorted(site_url + (re.sub(r"(^|/)index\.html$", r"\1", p) if folders else p) for p in pages)
    assert listed == (published if site_url else [])  # no site_url: an empty sitemap, no relative <loc>
