"""Machine-readable output: ``papers.json`` (split by month for large collections) and the
Atom/RSS feeds (site-wide and per topic)."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from itertools import islice

from feedgen.feed import FeedGenerator

from .links import checked_url
from .model import Paper, Topic
from .parallel import cores

EPOCH = "1970-01-01"
SPLIT_FROM = 5000  # papers from which papers.json is split by month (5,000 papers: about 10 MB)
INDEX = "papers-index.json"
UNDATED = "undated"


def papers_json(papers: Sequence[Paper], topic_names: Mapping[str, str], urls: Sequence[str]) -> str:
    """Every paper, in display order; ``url`` is relative to the site root."""
    records = (_record(p, url, topic_names) for p, url in zip(papers, urls))
    # One paper per line: readable diffs between builds, and json's C encoder (indent= is Python-only)
    return "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"


def _record(p: Paper, url: str, topic_names: Mapping[str, str]) -> dict:
    return {
        "id": p.id,
        "slug": p.slug,
        "url": url,
        "title": p.title,
        "title_text": p.title_text,
        "abstract": p.abstract,
        "summary": p.summary,
        "authors": list(p.authors),
        "date": p.date,
        "categories": list(p.categories),
        "source_url": checked_url(p.url),  # as the page links it: http(s) only
        "topics": [topic_names.get(m.topic, m.topic) for m in p.topics],
        "topic_slugs": [m.topic for m in p.topics],
        "links": [{"url": link.url, "kind": link.kind} for link in p.links],
        "digests": list(p.digests),
        "related": list(p.related),
    }


def papers_export(papers: Sequence[Paper], topic_names: Mapping[str, str], urls: Sequence[str],
                  dates: Sequence[str], split_from: int = SPLIT_FROM) -> dict[str, bytes]:
    """``papers.json`` for a collection of fewer than ``split_from`` papers. A larger one gets
    ``papers-index.json`` and one gzipped ``papers.json`` per month of the papers' first digest
    (``export/papers-2025-01.json.gz``, same records): at 100,000 papers a single file would
    be about 200 MB, which no browser or ``jq`` opens comfortably."""
    if len(papers) < split_from:
        return {"papers.json": papers_json(papers, topic_names, urls).encode("utf-8")}
    months: dict[str, list[int]] = {}
    for i, date in enumerate(dates):
        months.setdefault(date[:7] if len(date) >= 7 else UNDATED, []).append(i)
    order = sorted(months, reverse=True)
    texts = ((f"export/papers-{month}.json", papers_json([papers[i] for i in months[month]], topic_names,
                                                          [urls[i] for i in months[month]]).encode("utf-8"))
             for month in order)
    files = dict(gzipped_each(texts, GZIP_LEVEL, batch=1))  # a month compressed while the next is made
    shards = []
    for month in order:
        path = f"export/papers-{month}.json.gz"
        shards.append({"month": "" if month == UNDATED else month, "path": path, "papers": len(months[month]),
                       "bytes": len(files[path]), "sha256": hashlib.sha256(files[path]).hexdigest()})
    index = {"papers": len(papers), "format": "one gzipped JSON array of papers per month, newest first",
             "shards": shards}
    files[INDEX] = (json.dumps(index, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files


def export_path(papers: int, split_from: int = SPLIT_FROM) -> str:
    """The file a reader opens first: ``papers.json``, or the index of its monthly parts."""
    return "papers.json" if papers < split_from else INDEX


def feed(title: str, description: str, site_url: str, self_path: str,
         papers: Sequence[Paper], urls: Sequence[str], dates: Sequence[str], home: str = "",
         author: str = "", rss_path: str = "rss.xml", language: str = "en") -> tuple[bytes, bytes]:
    """An Atom and an RSS feed of ``papers``, the feed of the page ``home`` (its URL from the site's
    root). Dates come from the digests, never the clock. Without the site's address, links are
    relative to the feed's own place: a topic's feed in ``feeds/`` links ``../papers/…`` (its
    ``papers/…`` pointed into ``feeds/``). The feed's author is ``author`` (the collection's),
    else its title: RFC 4287 (4.1.1) requires one unless every entry names its own, and a paper
    of a digest without authors (the daily email's) names none. With the site's address, each
    feed links itself (``rel="self"``; the RSS one ``rss_path``), as feed validators ask. The
    feeds are in the site's ``language`` (RSS ``<language>``, Atom ``xml:lang``)."""
    fg = FeedGenerator()
    base = site_url.rstrip("/") + "/" if site_url else "../" * self_path.count("/")
    fg.id(site_url.rstrip("/") + "/" + self_path if site_url else f"urn:digest-site:{self_path}")
    fg.title(title or "Papers")
    fg.description(description or title or "Papers")
    fg.author(name=author or title or "Papers")
    fg.language(language)
    home_link = {"href": base + home or "./", "rel": "alternate"}  # last: feedgen's RSS <link> is the last link
    if site_url:
        fg.link(href=base + self_path, rel="self", type="application/atom+xml")
    fg.link(home_link)
    newest = max(dates, default=EPOCH) or EPOCH
    fg.updated(_date(newest))
    fg.lastBuildDate(_date(newest))
    entries = [(_entry(fg.add_entry(), paper, base + url, date or EPOCH), _synopsis(paper))
               for paper, url, date in reversed(list(zip(papers, urls, dates)))]
    atom = fg.atom_str(pretty=True)
    if site_url:
        fg.link([{"href": base + rss_path, "rel": "self", "type": "application/rss+xml"}, home_link], replace=True)
    # RSS readers (and this tool's own RSS reader) take an item's <description> as HTML: the text
    # goes escaped, or "k<n" and "<code>" would be read as tags (Atom's <summary> is plain text)
    for entry, text in entries:
        entry.description(html.escape(text, quote=False))
    return atom, fg.rss_str(pretty=True)


def _synopsis(paper: Paper) -> str:
    return paper.summary or paper.abstract_text or "(no abstract)"


def _entry(entry, paper: Paper, url: str, date: str):
    entry.id(url if url.startswith("http") else f"urn:digest-site:paper:{paper.slug}")
    entry.title(paper.title_text or paper.title or "(untitled)")
    entry.link(href=url)
    entry.summary(_synopsis(paper))
    entry.published(_date(date))
    entry.updated(_date(date))
    for author in paper.authors[:20]:
        entry.author(name=author)
    return entry


def _date(iso: str) -> datetime:
    """``iso``'s day; a month or a year (a digest named without a date has its newest paper's,
    perhaps ``2024`` or ``2024-05``) is its first day, not the epoch (every entry of such a feed
    was dated 1970, last in a reader's list)."""
    try:
        return datetime.fromisoformat((iso + "-01-01")[:10]).replace(tzinfo=timezone.utc)
    except ValueError:
        return datetime.fromisoformat(EPOCH).replace(tzinfo=timezone.utc)


def topic_feed_path(topic: Topic) -> str:
    return f"feeds/{topic.slug}.xml"


GZIP_LEVEL = 6  # 9: 25% more CPU for 0.3% smaller papers.json parts (measured)


def gzipped(data: bytes, level: int = GZIP_LEVEL) -> bytes:
    """``data`` gzipped as the site stores it: no timestamp, so the same bytes every build."""
    return gzip.compress(data, level, mtime=0)


def gzipped_each(files: Iterable[tuple[str, bytes]], level: int, batch: int = 64) -> Iterator[tuple[str, bytes]]:
    """Each ``(path, data)`` as the site stores it, ``(path.gz, gzipped data)``, in order,
    compressed on every core (zlib lets go of the interpreter's lock) while this thread makes
    the next ``batch`` of files: only two batches' data wait in memory."""
    files = iter(files)
    waiting: list = []
    with ThreadPoolExecutor(cores()) as pool:
        while chunk := list(islice(files, batch)):
            compressing = [(f"{path}.gz", pool.submit(gzipped, data, level)) for path, data in chunk]
            yield from ((path, future.result()) for path, future in waiting)
            waiting = compressing
        yield from ((path, future.result()) for path, future in waiting)
