"""The search files of the site, under ``assets/digest-site/search/``: what ``search.js`` loads.

- ``meta.json``: the files' format version (``search.js`` refuses another one: a page the
  browser kept from an older build), the folder of this build's other files (``BUILD/``, named by
  their hash: :func:`in_build_folder`), the number of papers, the fields, the first term of each
  postings and dictionary file, and the names behind facet numbers (topics, digests, categories);

and in ``BUILD/``:

- ``p/N.json.gz``, ``d/N.json.gz``: postings and dictionary by term range (``search_shards``);
- ``c/N.json.gz``: what results show (their cards), ``DOCS_PER_FILE`` papers per file,
  numbered from the oldest paper (ref r is entry ``p % DOCS_PER_FILE`` of file ``p // DOCS_PER_FILE``, where
  ``p = papers - 1 - r``): plain title, URL, authors, date, summary, plain abstract (for the snippet),
  its best three topics and its links but the PDF (a result is a listing card);
- ``facets.json.gz``: for each facet value, its papers (refs, delta-encoded), loaded only by the
  search page (the header's dropdown has no facets).

A query loads ``meta.json``, the postings files of its terms and the result files of the
papers shown; nothing else. Refs are display order (newest digest first), so sorting by date
is sorting by ref.

Every file but ``meta.json`` (which the search page preloads) is stored gzipped: a server would
send them gzipped anyway, so a query moves the same bytes, and the site holds 2.5 times fewer
(2.49 → 0.98 KB per paper at 10,000 papers at ``GZIP_LEVEL``, measured). ``search.js`` unpacks
them with the browser's ``DecompressionStream``, and reads them as they are when a server
already did (one that sends ``.gz`` files with ``Content-Encoding: gzip``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import partial

from . import parallel, search_index, search_shards, spelling
from .cache import BuildCache
from .export import gzipped, gzipped_each
from .model import Paper
from .render import Collection, badges, page_url, short_authors

FOLDER = "assets/digest-site/search/"
DOCS_PER_FILE = 8
VERSION = 3  # of these files' format, which search.js checks (2: cards counted from the oldest paper; 3: in a build's folder)
BUILD_ID = 16  # hex digits of the hash naming a build's folder
CHUNK = 125 * DOCS_PER_FILE  # papers per task of the workers (each makes the result files starting in it)
CODE_KINDS = ("code", "notebook")
CARD_TOPICS = 3  # a result is a listing card (pages/_macros.md.j2): its best topics, its links but the PDF
STEMS = "search-stems"  # the build cache's file of word → lunr term
META = "meta.json"  # the one file stored as it is: the search page preloads it
GZIP_LEVEL = 4  # level 6 (the exports') takes twice the CPU for 1.7% fewer bytes (10,000 papers, measured)
BATCH = 64  # files handed to the compressing threads at a time


def search_files(collection: Collection, urls: Sequence[str], directory_urls: bool = True,
                 cache: BuildCache | None = None) -> dict[str, bytes]:
    """Every search file, by path from the docs folder. The stems of the words met are kept in
    ``cache``: the next build runs lunr's stemmer only on new words.

    Chunks of papers are split into words (trimmed and stemmed) and made result files on every
    core; then this process numbers the words and makes the postings files, with no worker alive
    (done beside a forked worker, that work took the 100,000-paper build's peak memory from 2.8 to
    3.2–3.3 GB: the pages either process writes are copied)."""
    topics = list(collection.topics)
    topic_number = {t.slug: i for i, t in enumerate(topics)}
    categories = sorted({c for p in collection.papers for c in p.categories})
    category_number = {c: i for i, c in enumerate(categories)}
    digest_number = {d.name: i for i, d in enumerate(collection.digests)}
    digest_dates = {d.name: d.date for d in collection.digests}
    papers = collection.papers
    stems = cache.load(STEMS) if cache else {}
    chunks = parallel.map_items(partial(_chunk, papers=papers, urls=urls, topic_names=collection.topic_names,
                                        topic_number=topic_number, digest_dates=digest_dates, known=stems),
                                range(0, len(papers), CHUNK), 2)
    results = [file for _, files in chunks for file in files]
    words = [chunk_words for chunk_words, _ in chunks]
    del chunks
    post = search_shards.postings_of(_drained(words), len(papers))
    if cache and post.stems != stems:
        cache.save(STEMS, post.stems)
    post_firsts: list[str] = []
    dict_firsts: list[str] = []
    files = dict(gzipped_each(search_shards.shard_stream(post, FOLDER, post_firsts, dict_firsts), GZIP_LEVEL, BATCH))
    del post
    files.update(results)
    del results
    facets = _json({
        "topic": _inverted(([topic_number[m.topic] for m in p.topics if m.topic in topic_number] for p in papers), len(topics)),
        "digest": _inverted(([digest_number[d] for d in p.digests if d in digest_number] for p in papers), len(digest_number)),
        "category": _inverted(([category_number[c] for c in p.categories] for p in papers), len(categories)),
        "code": _deltas([i for i, p in enumerate(papers) if any(link.kind in CODE_KINDS for link in p.links)]),
    })
    files[f"{FOLDER}facets.json.gz"] = gzipped(facets, GZIP_LEVEL)
    build, files = in_build_folder(files)
    files[f"{FOLDER}{META}"] = _json({
        "version": VERSION,
        "build": build,  # the folder of this build's files
        "papers": len(papers),
        "fields": search_index.FIELD_NAMES,
        "separator": search_index.SEPARATOR.pattern,  # the query is split and filtered as the index was
        "stopWords": sorted(search_shards.STOP_WORDS),
        "spelling": spelling.SPELLING,  # British spellings searched as American ones
        "letters": search_index.STROKED,  # letters with a stroke or a ligature, searched as plain ones
        "perFile": DOCS_PER_FILE,
        "post": post_firsts,
        "dict": dict_firsts,
        "topics": [[t.name, t.slug, page_url(f"topics/{t.slug}.md", directory_urls)] for t in topics],
        "digests": [[d.name, d.date, page_url(f"digests/{d.name}.md", directory_urls)] for d in collection.digests],
        "categories": categories,
    })
    return files


def in_build_folder(files: dict[str, bytes]) -> tuple[str, dict[str, bytes]]:
    """The files moved from ``FOLDER`` into ``FOLDER/BUILD/``, where BUILD hashes their paths and
    bytes, and BUILD. A page that read one build's ``meta.json`` (a tab left open across a deploy,
    or ``meta.json`` kept by the browser's cache, for ten minutes on GitHub Pages) asks for files of
    its build only: once they are gone it gets "not found" and reads ``meta.json`` again, where a
    shared folder gave it the next build's files, in which its terms and refs are not where its
    ``meta.json`` says (a search found nothing, or the wrong papers)."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    build = digest.hexdigest()[:BUILD_ID]
    return build, {f"{FOLDER}{build}/{path.removeprefix(FOLDER)}": data for path, data in files.items()}


def _chunk(start: int, papers: Sequence[Paper], urls: Sequence[str], topic_names: dict[str, str],
           topic_number: dict[str, int], digest_dates: dict[str, str],
           known: dict[str, str]) -> tuple[search_shards.ChunkWords, list[tuple[str, bytes]]]:
    """In a worker: the words of the CHUNK papers from ``start``, and their result files (gzipped)."""
    words = search_shards.chunk_words(search_index.search_documents(papers[start:start + CHUNK], topic_names), known)
    return words, _result_files(start, papers, urls, topic_number, digest_dates)


def _drained(items: list) -> Iterator:
    """The items of a list in order, each dropped from it once given (freed once used)."""
    items.reverse()
    while items:
        yield items.pop()


def _result_files(start: int, papers: Sequence[Paper], urls: Sequence[str], topic_number: dict[str, int],
                  digest_dates: dict[str, str]) -> list[tuple[str, bytes]]:
    """The result files whose newest paper is one of the CHUNK papers from ``start`` (refs, newest
    first), gzipped, in the order of those papers: each file once over all chunks."""
    n = len(papers)
    files = []
    for ref in range(start, min(start + CHUNK, n)):
        if ref and (n - ref) % DOCS_PER_FILE:  # not a file's newest paper
            continue
        first = (n - 1 - ref) // DOCS_PER_FILE * DOCS_PER_FILE  # its oldest paper's place, from the oldest
        refs = [n - 1 - place for place in range(first, min(first + DOCS_PER_FILE, n))]
        files.append((f"{FOLDER}c/{first // DOCS_PER_FILE}.json.gz",
                      gzipped(_json([_result(papers[r], urls[r], topic_number, digest_dates) for r in refs]), GZIP_LEVEL)))
    return files


def _result(paper: Paper, url: str, topic_number: dict[str, int], digest_dates: dict[str, str]) -> dict:
    date = paper.date or digest_dates.get(paper.digests[0], "")
    return {
        "t": paper.title_text,
        "u": url,
        "a": short_authors(paper.authors),  # as listing cards show them
        "d": date,
        "s": paper.summary,
        "b": paper.abstract_text,
        "c": [topic_number[m.topic] for m in paper.topics if m.topic in topic_number][:CARD_TOPICS],
        "l": [[b.kind, b.label, b.url] for b in badges(paper) if b.kind != "pdf"],
    }


def _inverted(values_per_paper: Iterable[list[int]], count: int) -> list[list[int]]:
    """value → its papers' refs (delta-encoded), from each paper's values."""
    refs: list[list[int]] = [[] for _ in range(count)]
    for ref, values in enumerate(values_per_paper):
        for value in dict.fromkeys(values):
            refs[value].append(ref)
    return [_deltas(r) for r in refs]


def _deltas(refs: list[int]) -> list[int]:
    return [b - a for a, b in zip([0, *refs], refs)]


def _json(data) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
