"""Machine-readable output: ``papers.json`` (split by month for large collections) and the
Atom/RSS feeds (site-wide and per topic)."""

from __future__ import annotations

import hashlib
import html
import json
import os
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from datetime import datetime, timezone
from importlib import metadata
from itertools import islice
from pathlib import Path

from feedgen.feed import FeedGenerator

from .cache import encoded
from .links import checked_url
from .model import Paper, Topic
from .parallel import cores
from .render_cache import paper_hashes

EPOCH = "1970-01-01"
FEEDGEN = f"feedgen {metadata.version('feedgen')}, lxml {metadata.version('lxml')}"  # they write the feeds' bytes
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
        **({"et_al": True} if p.et_al else {}),
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
                  dates: Sequence[str], split_from: int = SPLIT_FROM, reuse: Reuse | None = None,
                  hashes: Sequence[str] | None = None) -> dict[str, bytes]:
    """``papers.json`` for a collection of fewer than ``split_from`` papers. A larger one gets
    ``papers-index.json`` and one gzipped ``papers.json`` per month of the papers' first digest
    (``export/papers-2025-01.json.gz``, same records): at 100,000 papers a single file would
    be about 200 MB, which no browser or ``jq`` opens comfortably. Each part is compressed a
    few papers at a time (:func:`segmented`), and with ``reuse`` the records and compressed
    segments of the last build are taken up again where their papers are the same (``hashes``:
    the papers' :func:`generator.render_cache.paper_hashes` when known)."""
    if len(papers) < split_from:
        return {"papers.json": papers_json(papers, topic_names, urls).encode("utf-8")}
    months: dict[str, list[int]] = {}
    for i, date in enumerate(dates):
        months.setdefault(date[:7] if len(date) >= 7 else UNDATED, []).append(i)
    order = sorted(months, reverse=True)
    reuse = reuse if reuse is not None else Reuse()
    hashes = paper_hashes(papers) if hashes is None else hashes
    files = {}
    with ThreadPoolExecutor(cores()) as pool:
        for month in order:
            path = f"export/papers-{month}.json.gz"
            files[path] = reuse.part(path, [papers[i] for i in months[month]], [urls[i] for i in months[month]],
                                     topic_names, pool, [hashes[i] for i in months[month]])
    shards = []
    for month in order:
        path = f"export/papers-{month}.json.gz"
        shards.append({"month": "" if month == UNDATED else month, "path": path, "papers": len(months[month]),
                       "bytes": len(files[path]), "sha256": hashlib.sha256(files[path]).hexdigest()})
    index = {"papers": len(papers), "format": "one gzipped JSON array of papers per month, newest first",
             "shards": shards}
    files[INDEX] = (json.dumps(index, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files


def record_key(url: str, whole: str) -> str:
    """A hash of what :func:`_record` reads of a paper but its topics' names (:meth:`Reuse.part`
    compares those once a part; the code is the build cache's to know): of ``whole``, the hash of
    all its fields (:func:`generator.render_cache.paper_hashes`, made once a build for the render
    stage), and its ``url``. Hashing the fields read here again took 0.1 s at 10,000 papers; the
    record holds the paper's related papers, so a change to another of its fields (its source
    line, its keywords) seldom remakes a record that would have stayed."""
    return read_hash((whole, url)).hex()[:KEY_CHARS]


KEY_CHARS = 32  # of a record's or a segment's SHA-256 kept (128 bits)
SEGMENT = 8  # papers a compressed segment of a papers.json part holds, on average
WINDOW = 8192  # bytes before a segment its compression may refer to (32,768: 5% smaller parts, twice the segments to redo)
GZIP_START = b"\x1f\x8b\x08\x00\x00\x00\x00\x00"  # a gzip header's magic, deflate, no flags, mtime 0
GZIP_HEADER = GZIP_START + b"\x00\xff"  # no extra flags, of no operating system
LAST_BLOCK = b"\x03\x00"  # an empty final deflate block


def segmented(data: bytes, ends: Sequence[int], level: int, held: Mapping[str, bytes],
              pool: ThreadPoolExecutor | None = None) -> tuple[bytes, list[list]]:
    """``data`` gzipped as one deflate stream of segments (``data`` cut at ``ends``), each
    compressed alone, after the ``WINDOW`` bytes before it (zlib's preset dictionary, as pigz
    does), and ended on a byte boundary: a segment's bytes depend only on its own data and those
    ``WINDOW`` bytes, so a build takes up the segments of the last one whose data are the same
    (``held``: by :func:`segment_key`) and compresses the rest. Returns the file's bytes and
    each segment's key and length. (Cut every 8 papers, a part is 8% larger than gzipped
    whole: segments alone, 20%; a digest changes the records of ~200 papers of 10,000.)"""
    starts = [0, *ends[:-1]]
    keys = [segment_key(data, start, end) for start, end in zip(starts, ends)]
    todo = [(key, start, end) for key, start, end in zip(keys, starts, ends) if key not in held]
    work = (partial(_deflated, data, start, end, level) for _, start, end in todo)
    made = dict(zip((key for key, _, _ in todo), pool.map(_call, work) if pool else map(_call, work)))
    packed = [held[key] if key in held else made[key] for key in keys]
    return GZIP_HEADER + b"".join(packed) + LAST_BLOCK + _trailer(data), [[key, len(p)] for key, p in zip(keys, packed)]


def _trailer(data: bytes) -> bytes:
    """A gzip file's end: the CRC and size of its ``data``."""
    return zlib.crc32(data).to_bytes(4, "little") + (len(data) & 0xFFFFFFFF).to_bytes(4, "little")


def cuts(papers: Sequence[Paper], every: int) -> list[bool]:
    """Per paper, whether a segment ends after it: when its slug's CRC is a multiple of ``every``,
    so that where a new paper goes moves no other cut."""
    return [zlib.crc32(p.slug.encode("utf-8", "surrogatepass")) % every == 0 for p in papers]


def segment_ends(lengths: Sequence[int], cut: Iterable[bool], start: int, gap: int, size: int) -> list[int]:
    """Where the segments of ``size`` bytes of data end (:func:`segmented`): after each piece but
    the last whose ``cut`` is true (pieces of ``lengths`` from byte ``start``, ``gap`` bytes after
    each), and at the end."""
    ends, end = [], start
    for length, after in zip(lengths[:-1], cut):
        end += length + gap
        if after:
            ends.append(end)
    return [*ends, size]


def segment_key(data: bytes, start: int, end: int) -> str:
    """A hash of a segment's data (``data[start:end]``) and of the window before it."""
    view = memoryview(data)
    window = view[max(0, start - WINDOW):start]
    digest = hashlib.sha256(len(window).to_bytes(4, "little"))
    digest.update(window)
    digest.update(view[start:end])
    return digest.hexdigest()[:KEY_CHARS]


def _deflated(data: bytes, start: int, end: int, level: int) -> bytes:
    view = memoryview(data)
    window = bytes(view[max(0, start - WINDOW):start])
    packer = (zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS, zdict=window) if window
              else zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS))
    return packer.compress(view[start:end]) + packer.flush(zlib.Z_SYNC_FLUSH)


def _call(fn: Callable[[], bytes]) -> bytes:
    return fn()


def export_path(papers: int, split_from: int = SPLIT_FROM) -> str:
    """The file a reader opens first: ``papers.json``, or the index of its monthly parts."""
    return "papers.json" if papers < split_from else INDEX


def feed(title: str, description: str, site_url: str, self_path: str,
         papers: Sequence[Paper], urls: Sequence[str], dates: Sequence[str], home: str = "",
         author: str = "", rss_path: str = "rss.xml", language: str = "en", rss: bool = True,
         keys: Sequence[str] = (), held: Sequence[dict[str, bytes]] = ()) -> tuple[bytes, bytes]:
    """An Atom and an RSS feed of ``papers``, the feed of the page ``home`` (its URL from the site's
    root). Dates come from the digests, never the clock. Without the site's address, links are
    relative to the feed's own place: a topic's feed in ``feeds/`` links ``../papers/…`` (its
    ``papers/…`` pointed into ``feeds/``). The feed's author is ``author`` (the collection's),
    else its title: RFC 4287 (4.1.1) requires one unless every entry names its own, and a paper
    of a digest without authors (the daily email's) names none. With the site's address, each
    feed links itself (``rel="self"``; the RSS one ``rss_path``), as feed validators ask. The
    feeds are in the site's ``language`` (RSS ``<language>``, Atom ``xml:lang``). Without
    ``rss``, the RSS feed is not made (b"").

    With the entries' ``keys`` (:func:`entry_keys`) and ``held``, the bytes of entries made
    before (Atom's and RSS's, by key: :meth:`Reuse.feed`), feedgen writes only the other entries,
    and each is put in its place between the feed's first lines and its last: a feed is the
    same whichever entries it holds, and an entry the same in every feed of the same place
    (feedgen took 2.5 ms a topic feed, for the one or two new papers of most)."""
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)  # RSS names authors only as <dc:creator> (its <author> is an e-mail address)
    base = feed_base(site_url, self_path)
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
    kinds = held[:1 + rss] if len(keys) == len(papers) and len(held) >= 1 + rss else ()
    todo = [i for i, key in enumerate(keys) if any(key not in known for known in kinds)] if kinds else range(len(papers))
    entries = [(_entry(fg.add_entry(), papers[i], base + urls[i], dates[i] or EPOCH), _synopsis(papers[i]))
               for i in reversed(todo)]
    atom = _spliced(fg.atom_str(pretty=True), ATOM, keys, todo, kinds[0]) if kinds else fg.atom_str(pretty=True)
    if not rss or atom is None:
        return (atom, b"") if atom is not None else feed(title, description, site_url, self_path, papers, urls,
                                                         dates, home, author, rss_path, language, rss)
    if site_url:
        fg.link([{"href": base + rss_path, "rel": "self", "type": "application/rss+xml"}, home_link], replace=True)
    # RSS readers (and this tool's own RSS reader) take an item's <description> as HTML: the text
    # goes escaped, or "k<n" and "<code>" would be read as tags (Atom's <summary> is plain text);
    # so is the channel's (feedparser's "text/html"), where a collection.yml description's "<svg>" was a tag
    fg.description(html.escape(description or title or "Papers", quote=False))
    for entry, text in entries:
        entry.description(html.escape(text, quote=False))
    made = _spliced(fg.rss_str(pretty=True), RSS, keys, todo, kinds[1]) if kinds else fg.rss_str(pretty=True)
    return (atom, made) if made is not None else feed(title, description, site_url, self_path, papers, urls, dates,
                                                      home, author, rss_path, language, rss)


# An entry's first line in an Atom feed and an RSS one, and what ends the feed: lxml writes each
# entry (the last children of the feed) indented on lines of its own, and escapes every "<" of
# a text or an attribute, so that these lines begin nothing else.
ATOM = (b"  <entry>\n", b"</feed>\n")
RSS = (b"    <item>\n", b"  </channel>\n</rss>\n")


def _spliced(data: bytes, kind: tuple[bytes, bytes], keys: Sequence[str], todo: Sequence[int],
             held: dict[str, bytes]) -> bytes | None:
    """The feed ``data`` (feedgen's, of the entries ``todo``) with every entry of ``keys`` in
    its place, the ``held`` ones taken from there; the ones made are added to ``held``. None
    when ``data`` is not cut as expected (then the feed is made whole)."""
    first, end = kind
    at = data.find(first)
    head = data[:at] if at >= 0 else data[:-len(end)]
    if not data.endswith(end) or (at >= 0) != bool(todo) or end in head:
        return None
    made = [first + piece for piece in data[len(head) + len(first):len(data) - len(end)].split(first)] if todo else []
    if len(made) != len(todo):
        return None
    held.update((keys[i], piece) for i, piece in zip(todo, made))
    return head + b"".join([held[key] for key in keys]) + end


def feed_base(site_url: str, self_path: str) -> str:
    """What a feed's links to pages start with: the site's address, else the way up from the feed."""
    return site_url.rstrip("/") + "/" if site_url else "../" * self_path.count("/")


def entry_keys(papers: Sequence[Paper], urls: Sequence[str], dates: Sequence[str], base: str,
               known: dict[int, bytes] | None = None) -> list[str]:
    """A hash of what each entry of a feed is made of: the paper's texts (:func:`feed_key`), its
    link (``base`` and its URL) and its date (and feedgen's version, which writes its bytes)."""
    known = {} if known is None else known
    return [read_hash((FEEDGEN, _paper_read(p, known), base + url, date or EPOCH)).hex()[:KEY_CHARS]
            for p, url, date in zip(papers, urls, dates)]


def feed_key(*arguments: object, papers: Sequence[Paper], known: dict[int, bytes] | None = None) -> str:
    """A hash of what :func:`feed` makes a feed of: its ``arguments`` and what it reads of
    ``papers`` (with feedgen's version, which writes the bytes), for :meth:`Reuse.made_of`. Each
    paper's texts are hashed in marshal's bytes (:func:`read_hash`; their ``repr`` took 0.2 s for
    the 190 feeds of 10,000 papers), once a build with ``known`` (by the paper's ``id``: a paper
    is in its topics' feeds and its topics' parents')."""
    known = {} if known is None else known
    digest = hashlib.sha256(repr((FEEDGEN, arguments)).encode("utf-8", "surrogatepass"))
    for p in papers:
        digest.update(_paper_read(p, known))
    return digest.hexdigest()


def _paper_read(p: Paper, known: dict[int, bytes]) -> bytes:
    """The hash of what a feed's entry reads of the paper ``p``, made once with ``known``."""
    read = known.get(id(p))
    if read is None:
        read = known[id(p)] = read_hash((p.slug, p.title_text, p.title, p.summary, p.abstract_text, p.authors[:20]))
    return read


def read_hash(read: tuple) -> bytes:
    """The SHA-256 of ``read`` (texts, numbers and tuples of them) as :func:`generator.cache.encoded`
    writes it: a key of a paper's texts made in a few microseconds."""
    return hashlib.sha256(encoded(read)).digest()


def _synopsis(paper: Paper) -> str:
    return paper.summary or paper.abstract_text or "(no abstract)"


def _paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs, escaped (a blank line parts them): "k<n" is no tag."""
    return "".join(f"<p>{html.escape(part.strip(), quote=False)}</p>" for part in text.split("\n\n") if part.strip())


def _entry(entry, paper: Paper, url: str, date: str):
    entry.id(url if url.startswith("http") else f"urn:digest-site:paper:{paper.slug}")
    entry.title(paper.title_text or paper.title or "(untitled)")
    entry.link(href=url)
    entry.summary(_synopsis(paper))
    if paper.abstract_text and paper.abstract_text != paper.summary:
        # the whole abstract, as arXiv's and bioRxiv's feeds give it: a reader deciding from the
        # feed alone saw one sentence (Atom's <content type="html">, RSS's <content:encoded>)
        entry.content(_paragraphs(paper.abstract_text), type="html")
    entry.published(_date(date))
    entry.updated(_date(date))
    for author in paper.authors[:20]:
        entry.author(name=author)
        entry.dc.dc_creator(author)
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
    """``data`` gzipped as the site stores it: no timestamp, so the same bytes every build, on
    every Python: the header is written here (:data:`UNIX`), as ``gzip.compress`` wrote it
    up to Python 3.12; from 3.13 it names no operating system (255, not 3), and a site built
    on 3.13 differed from 3.11's in every gzipped search file."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return GZIP_START + bytes([XFL.get(level, 0), UNIX]) + packer.compress(data) + packer.flush() + _trailer(data)


UNIX = 3  # the header's operating system byte
XFL = {9: 2, 1: 4}  # the header's "extra flags" byte for a level, as gzip and zlib write it (else 0)


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


REUSED = "export"  # the build cache's records of what the last build exported (Reuse)
KINDS = ("bib", "files", "parts")  # its records: BibTeX entries, gzipped files, papers.json parts
# What a gzipped file's bytes depend on besides its data (the code: the cache file's header)
GZIP_CONTEXT = f"zlib {zlib.ZLIB_RUNTIME_VERSION}, level {GZIP_LEVEL}"


@dataclass
class Reuse:
    """What the last build exported, for this one to take up again (the build cache's ``export``
    records): each BibTeX entry under a hash of what it is made of (``bibtex.entry_key``); each
    feed's path with the key of what it was made of and the SHA-256 of its bytes (``files``);
    and each segmented file's segments (:func:`segmented`), with the SHA-256 of its bytes and,
    for a papers.json part, its papers' :func:`record_key` (``parts``). A segment, a feed, or a
    record of a part is read back from the docs folder (the file's bytes checked against their
    hash) instead of made again, and the BibTeX entries of the papers a digest did not change
    are not made again (10,000 of them took 0.5 s).
    ``made`` holds what this build made, for :meth:`save`; a worker process returns its own."""

    docs: Path | None = None
    entries: dict[str, str] = field(default_factory=dict)
    files: dict[str, list] = field(default_factory=dict)
    parts: dict[str, dict] = field(default_factory=dict)
    made: dict[str, dict] = field(default_factory=lambda: {"bib": {}, "files": {}, "parts": {}})

    @classmethod
    def load(cls, cache, docs: Path | None) -> Reuse:
        """``cache``'s records (a BuildCache; None or a --full build's: none), if made with this zlib."""
        found = cache.load(REUSED) if cache is not None else {}
        if found.get("context") != GZIP_CONTEXT or not all(isinstance(found.get(k), dict) for k in KINDS):
            found = {}
        return cls(docs, found.get("bib", {}), found.get("files", {}), found.get("parts", {}))

    def save(self, cache, made: Sequence[dict]) -> None:
        """Keep the entries and files of this build (``made``: each part's :attr:`made`)."""
        bib = {key: self.entries[key] if text is None else text for part in made for key, text in part["bib"].items()}
        files = {path: hashes for part in made for path, hashes in part["files"].items()}
        parts = {path: notes for part in made for path, notes in part.get("parts", {}).items()}
        if cache is not None and (bib != self.entries or files != self.files or parts != self.parts):
            cache.save(REUSED, {"context": GZIP_CONTEXT, "bib": bib, "files": files, "parts": parts})

    def part(self, path: str, papers: Sequence[Paper], urls: Sequence[str], topic_names: Mapping[str, str],
             pool: ThreadPoolExecutor | None = None, hashes: Sequence[str] | None = None) -> bytes:
        """The gzipped papers.json part ``path`` of ``papers`` (:func:`segmented`, cut after each
        paper whose slug's CRC is a multiple of ``SEGMENT``: where a new paper goes moves no other
        cut). A record whose paper reads the same (:func:`record_key`) is the last build's line of
        the part, and a segment of the same data is the last build's: a digest changes a few
        hundred records of 10,000, and made again and gzipped whole, the parts took 1.2 s of CPU.
        ``hashes``: the papers' :func:`generator.render_cache.paper_hashes`, when known."""
        hashes = paper_hashes(papers) if hashes is None else hashes
        keys = [record_key(url, whole) for url, whole in zip(urls, hashes)]
        records, held = self._last_part(path)
        renamed = self._renamed(path, topic_names)
        if renamed is None:
            records = {}
        elif renamed:  # the records of papers of a topic named otherwise are made again
            records = {key: line for key, line, p in zip(keys, map(records.get, keys), papers)
                       if line and not any(m.topic in renamed for m in p.topics)}
        lines = [records.get(key) or json.dumps(_record(p, url, topic_names), ensure_ascii=False).encode("utf-8")
                 for key, p, url in zip(keys, papers, urls)]
        data = b"[\n" + b",\n".join(lines) + b"\n]\n"
        ends = segment_ends([len(line) for line in lines], cuts(papers, SEGMENT), 2, 2, len(data))
        return self._noted(path, *segmented(data, ends, GZIP_LEVEL, held, pool), keys=keys, names=dict(topic_names))

    def _renamed(self, path: str, names: Mapping[str, str]) -> set[str] | None:
        """The topics whose names (a record shows each of its paper's, else its slug) differ from
        those of the last build's part ``path`` (None: not known)."""
        last = self.parts.get(path)
        then = last.get("names") if isinstance(last, dict) else None
        if not isinstance(then, dict):
            return None
        return {slug for slug in {*then, *names} if then.get(slug, slug) != names.get(slug, slug)}

    def packed(self, path: str, data: bytes, ends: Sequence[int], pool: ThreadPoolExecutor | None = None) -> bytes:
        """``data`` gzipped in segments that end at ``ends`` (:func:`segmented`), the last build's
        segments of the file ``path`` where their data are the same."""
        return self._noted(path, *segmented(data, ends, GZIP_LEVEL, self._last_segments(path)[1], pool))

    def _noted(self, path: str, packed: bytes, segments: list[list], **notes) -> bytes:
        self.made.setdefault("parts", {})[path] = {**notes, "segments": segments,
                                                   "sha256": hashlib.sha256(packed).hexdigest()}
        return packed

    def _last_part(self, path: str) -> tuple[dict[str, bytes], dict[str, bytes]]:
        """The records and the compressed segments of the last build's part ``path``, by key, if
        the docs folder holds it still as made (else none)."""
        packed, held = self._last_segments(path)
        keys = self.parts[path].get("keys") if packed is not None else None
        try:
            lines = zlib.decompress(packed, 16 + zlib.MAX_WBITS).split(b"\n") if isinstance(keys, list) else []
        except zlib.error:
            return {}, {}
        if len(lines) != len(keys or ()) + 3:
            return {}, {}
        records = {key: line[:-1] if line.endswith(b",") else line for key, line in zip(keys, lines[1:-2])}
        return records, held

    def _last_segments(self, path: str) -> tuple[bytes | None, dict[str, bytes]]:
        """The last build's file ``path`` and its compressed segments by key, if the docs folder
        holds it still as made (else None and none)."""
        last = self.parts.get(path)
        if not isinstance(last, dict) or not isinstance(last.get("segments"), list):
            return None, {}
        packed = self._held(path, str(last.get("sha256")))
        if packed is None:
            return None, {}
        held, at = {}, len(GZIP_HEADER)
        try:
            for key, length in last["segments"]:
                held[key], at = packed[at:at + length], at + length
        except (TypeError, ValueError):
            return None, {}
        return (packed, held) if at + len(LAST_BLOCK) + 8 == len(packed) else (None, {})

    def made_of(self, key: str, make: Callable[[], dict[str, bytes]], paths: Sequence[str],
                entries: Callable[[], list[str]] | None = None) -> dict[str, bytes]:
        """``make()`` (the files ``paths``), or the docs folder's files the last build made under
        the same ``key``, a hash of everything ``make`` reads: a digest leaves the feeds of most
        topics as they were (feedgen took about 0.5 s of CPU for 190 feeds at 10,000 papers).
        A feed's record holds its ``entries()`` keys too (:meth:`feed`): the last build's when the
        key is the same (they are made of what it is made of)."""
        lasts = [self.files.get(path) for path in paths]
        same = all(isinstance(last, list) and len(last) == 2 + (entries is not None) and last[0] == key for last in lasts)
        held = {path: self._held(path, str(last[1])) for path, last in zip(paths, lasts)} if same else {}
        made = held if same and None not in held.values() else make()
        kept = [] if entries is None else [lasts[0][2] if made is held else entries()]
        for path in paths:
            self.made["files"][path] = [key, hashlib.sha256(made[path]).hexdigest(), *kept]
        return made

    def feed(self, key: str, entries: Callable[[], list[str]], make: Callable[[list[dict[str, bytes]]], dict[str, bytes]],
             paths: Sequence[str]) -> dict[str, bytes]:
        """:meth:`made_of` for a feed (its Atom file, then its RSS one: ``paths``) whose entries'
        :func:`entry_keys` are ``entries()``: made again, it is given the entries of the last
        build's files of it, by key (Atom's, RSS's), for :func:`feed` to take up."""
        return self.made_of(key, lambda: make([self._entries(path, kind) for path, kind in zip(paths, (ATOM, RSS))]),
                            paths, entries)

    def _entries(self, path: str, kind: tuple[bytes, bytes]) -> dict[str, bytes]:
        """The entries of the last build's feed ``path`` by key, if the docs folder holds it still as
        made (else none)."""
        last = self.files.get(path)
        if not (isinstance(last, list) and len(last) == 3 and isinstance(last[2], list)):
            return {}
        data = self._held(path, str(last[1]))
        first, end = kind
        at = data.find(first) if data is not None and data.endswith(end) else -1
        if at < 0:
            return {}
        pieces = data[at + len(first):len(data) - len(end)].split(first)
        if len(pieces) != len(last[2]) or not all(isinstance(key, str) for key in last[2]):
            return {}
        return {key: first + piece for key, piece in zip(last[2], pieces)}

    def _held(self, path: str, digest: str) -> bytes | None:
        """The docs folder's file ``path`` if its bytes have the SHA-256 ``digest`` (a link or a FIFO
        put there is not read: the writer will replace it)."""
        if self.docs is None:
            return None
        try:
            if not stat.S_ISREG(os.lstat(self.docs / path).st_mode):
                return None
            data = (self.docs / path).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == digest else None
