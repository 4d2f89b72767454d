"""A sitemap search engines accept at any size.

MkDocs writes one ``sitemap.xml`` (and ``sitemap.xml.gz``) listing every page when ``site_url``
is set. The sitemap protocol (sitemaps.org) allows at most 50,000 URLs and 50 MB per file: a
collection of 100,000 papers has over 100,000 pages, and search engines reject the whole file.
Above the limit, :func:`split` cuts MkDocs' sitemap into ``sitemap-1.xml.gz``,
``sitemap-2.xml.gz``, … (same entries, same order; the protocol allows gzipped sitemaps, and
plain parts would add about 110 bytes per page to the site) and makes ``sitemap.xml`` (and its
``.gz``) their sitemap index, so the address search engines are given stays the same.
"""

from __future__ import annotations

import gzip
import io
import re
import urllib.parse
from collections.abc import Collection
from pathlib import Path
from xml.sax.saxutils import escape

NAME = "sitemap.xml"
ROBOTS = "robots.txt"
MAX_URLS = 50_000  # per sitemap file (sitemaps.org)
MAX_BYTES = 50_000_000  # per sitemap file, uncompressed (sitemaps.org: 50 MB)
URLSET = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
ENTRY = re.compile(r"<url>.*?</url>", re.S)


def split(site: Path, site_url: str, mtime: int, max_urls: int | None = None) -> list[str]:
    """Split ``site``'s sitemap when it is over the limits; returns the files written (none when
    it is within them, or absent). ``site_url`` is the site's address (the parts' locations) and
    ``mtime`` the timestamp stored in the gzip header (MkDocs' own: the build's date)."""
    path = site / NAME
    if not site_url or not path.exists():
        return []
    max_urls = max_urls or MAX_URLS
    text = path.read_text(encoding="utf-8")
    entries = ENTRY.findall(text)
    if len(entries) <= max_urls and len(text.encode("utf-8")) <= MAX_BYTES:
        return []
    parts = _parts(entries, max_urls)
    base = site_url.rstrip("/") + "/"
    written = []
    for number, part in enumerate(parts, 1):
        name = f"sitemap-{number}.xml.gz"
        text = URLSET + "".join(f"{e}\n" for e in part) + "</urlset>\n"
        (site / name).write_bytes(_gzipped(text.encode("utf-8"), name, mtime))
        written.append(name)
    index = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
             + "".join(f"<sitemap><loc>{escape(base + name)}</loc></sitemap>\n" for name in written)
             + "</sitemapindex>\n").encode("utf-8")
    path.write_bytes(index)
    (site / f"{NAME}.gz").write_bytes(_gzipped(index, f"{NAME}.gz", mtime))
    return [*written, NAME, f"{NAME}.gz"]


def _parts(entries: list[str], max_urls: int) -> list[list[str]]:
    """``entries`` in order, cut into parts of at most ``max_urls`` entries and MAX_BYTES bytes."""
    overhead = len(URLSET) + len("</urlset>\n")
    parts: list[list[str]] = [[]]
    size = overhead
    for entry in entries:
        grown = size + len(entry.encode("utf-8")) + 1
        if parts[-1] and (len(parts[-1]) == max_urls or grown > MAX_BYTES):
            parts.append([])
            grown = overhead + len(entry.encode("utf-8")) + 1
        parts[-1].append(entry)
        size = grown
    return parts


def _gzipped(data: bytes, filename: str, mtime: int) -> bytes:
    """As MkDocs gzips the sitemap: the file's name and the build's date in the header."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=filename, mode="wb", mtime=mtime) as out:
        out.write(data)
    return buffer.getvalue()


def robots(site_url: str, files: Collection[str]) -> dict[str, bytes]:
    """``robots.txt`` for a site published at a host's root (a custom domain, a user's
    ``owner.github.io``), naming the sitemap, so that crawlers find it without being told in each
    search engine's console: ``{}`` when the site's ``files`` hold one (``content/pages/robots.txt``,
    the owner's), when there is no ``site_url`` (and so no sitemap), or when the site lives under a
    path (crawlers read ``/robots.txt`` of the host alone, which a project's site does not own)."""
    path = urllib.parse.urlsplit(site_url).path
    if not site_url or path not in ("", "/") or ROBOTS in files:
        return {}
    return {ROBOTS: f"User-agent: *\nDisallow:\n\nSitemap: {site_url.rstrip('/')}/{NAME}\n".encode()}
