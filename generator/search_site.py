"""The search files of the site, under ``assets/digest-site/search/``: what ``search.js`` loads.

- ``meta.json``: the files' format version (``search.js`` refuses another one: a page the
  browser kept from an older build), the folder of this build's other files (``BUILD/``, named by
  their hash: :func:`in_build_folder`), the number of papers, the fields, the first term of each
  postings and dictionary file, and the names behind facet numbers (topics, digests, categories);

and in ``BUILD/``:

- ``p/N.json.gz``, ``d/N.json.gz``: postings and dictionary by term range (``search_shards``);
- ``facets.json.gz``: for each facet value, its papers (refs, delta-encoded), and each paper's
  date as it sorts (``YYYYMMDD``, 0 for none: :func:`date_number`; delta-encoded), loaded only by
  the search page (the header's dropdown has no facets) when a filter or the date sort needs it;

and, outside it, in folders that outlive a build:

- ``c/GROUP/N.json.gz``: what results show (their cards), ``DOCS_PER_FILE`` papers per file,
  numbered from the oldest paper (ref r is entry ``p % DOCS_PER_FILE`` of file ``p // DOCS_PER_FILE``, where
  ``p = papers - 1 - r``): plain title, URL, authors (the names a card shows, ``e`` when "et al." follows), date, summary, plain abstract (for the snippet),
  its best three topics (slugs of ``meta.topics``) and its links but the PDF (a result is a listing card). File N is in
  the folder of group ``N // CARD_GROUP``, named by a hash of what its files are made of
  (:func:`card_groups`; ``meta.cards`` lists the names, oldest group first): a digest leaves
  the files of the earlier groups where they were, and only the last group's and those of
  papers edited are written (in the build's folder, all 1,257 result files of 10,000 papers
  were a new path each digest, written, moved, linked into the site and published again). A page
  of an older build asks for its own groups, found gone once they changed (as its build folder).

A query loads ``meta.json``, the postings files of its terms and the result files of the
papers shown; nothing else. Refs are display order (newest digest first); sorting or filtering
by date reads the dates of ``facets.json`` (by the digests' order and dates, a paper of 2023 in a
newer digest came before one of 2024-05-14, and passed "from 2024-05-10").

Every file but ``meta.json`` (which the search page preloads) is stored gzipped: a server would
send them gzipped anyway, so a query moves the same bytes, and the site holds 2.5 times fewer
(2.49 → 0.98 KB per paper at 10,000 papers at ``GZIP_LEVEL``, measured). ``search.js`` unpacks
them with the browser's ``DecompressionStream``, and reads them as they are when a server
already did (one that sends ``.gz`` files with ``Content-Encoding: gzip``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from functools import partial
from itertools import repeat

import numpy as np

from . import parallel, search_index, search_shards, spelling, texmath
from .cache import BuildCache
from .categories import category_label
from .export import gzipped, gzipped_each
from .languages import names_language, script_language
from .model import Paper
from .render import Collection, badges, date_order, page_url, shown_authors, shown_date

log = logging.getLogger("digest_site")
FOLDER = "assets/digest-site/search/"
DOCS_PER_FILE = 8
VERSION = 6  # of these files' format, which search.js checks (2: cards counted from the oldest paper; 3: in a build's folder; 4: cards in groups' folders; 5: papers' dates in the facets; 6: a card's authors a list)
BUILD_ID = 16  # hex digits of the hash naming a build's folder, and of a group of result files'
CARD_GROUP = 32  # result files per group (its folder); 40 groups at 10,000 papers, 391 at 100,000
CHUNK = 125 * DOCS_PER_FILE  # papers per task of the workers (each makes the result files starting in it)
CODE_KINDS = ("code", "notebook")
CARD_TOPICS = 3  # a result is a listing card (pages/_macros.md.j2): its best topics, its links but the PDF
KEPT = "search"  # the build cache's file of each paper's rows, each result file and their strings (Kept)
KEY_BYTES = 16  # of the hashes keying papers and result files
META = "meta.json"  # the one file stored as it is: the search page preloads it
GZIP_LEVEL = 4  # level 6 (the exports') takes twice the CPU for 1.7% fewer bytes (10,000 papers, measured)
BATCH = 64  # files handed to the compressing threads at a time


def search_files(collection: Collection, urls: Sequence[str], directory_urls: bool = True,
                 cache: BuildCache | None = None) -> dict[str, bytes]:
    """Every search file, by path from the docs folder. What a paper's words give the postings
    (:class:`search_shards.Rows`) and each result file are kept in ``cache``, keyed by what
    they are made of (:func:`_paper_keys`): the next build splits and stems the words of new or
    changed papers only, and makes only the result files whose papers changed (numbered from
    the oldest paper, the others keep their place when a digest is added). The postings are
    weighed again from every paper's rows: their weights follow the number of papers.

    Chunks of papers not kept are split into words (trimmed and stemmed) and made result files
    on every core; then this process numbers the words and makes the postings files, with no
    worker alive (done beside a forked worker, that work took the 100,000-paper build's peak
    memory from 2.8 to 3.2–3.3 GB: the pages either process writes are copied)."""
    topics = list(collection.topics)
    topic_number = {t.slug: i for i, t in enumerate(topics)}
    categories = sorted({c for p in collection.papers for c in p.categories})
    category_number = {c: i for i, c in enumerate(categories)}
    digest_number = {d.name: i for i, d in enumerate(collection.digests)}
    digest_dates = {d.name: d.date for d in collection.digests}
    papers = collection.papers
    names = collection.topic_names
    main = frozenset(t.slug for t in topics if not t.parent)  # the topics cards show
    keys, shown = zip(*(_paper_keys(p, url, digest_dates, names, main) for p, url in zip(papers, urls))) if papers else ((), ())
    kept = Kept(cache.load(KEPT) if cache else {}, CONTEXT)
    card_keys = _card_keys(shown)
    new_papers = [k not in kept.where for k in keys]
    new_cards = [k not in kept.cards for k in card_keys]
    chunks = parallel.map_items(partial(_chunk, papers=papers, urls=urls, topic_names=collection.topic_names,
                                        main=main, digest_dates=digest_dates,
                                        new_papers=new_papers, new_cards=new_cards),
                                range(0, len(papers), CHUNK), 2)
    results = [file for _, files in chunks for file in files]
    with ThreadPoolExecutor(1) as pool:  # packs the rows of new papers, when kept (started once asked: after the fork)
        for start, (chunk_words, _) in zip(range(0, len(papers), CHUNK), _drained(chunks)):
            if chunk_words is not None:
                before = len(kept.strings.texts)
                kept.add([k for k, new in zip(keys[start:start + CHUNK], new_papers[start:start + CHUNK]) if new],
                         search_shards.rows_of(chunk_words, kept.strings), before, pool if cache else None)
            del chunk_words
        for key, (_, data) in zip((k for k, new in zip(card_keys, new_cards) if new), results):
            kept.cards[key] = data
        rows = kept.rows(keys)
        cards = {len(card_keys) - 1 - i: kept.cards[key] for i, key in enumerate(card_keys)}  # newest paper's file first
        if cache:
            cache.save(KEPT, kept.records(keys, card_keys, rows))
    strings = kept.strings.texts
    del kept
    post = search_shards.postings_of(rows, strings)
    del rows, strings
    post_firsts: list[str] = []
    dict_firsts: list[str] = []
    files = dict(gzipped_each(search_shards.shard_stream(post, FOLDER, post_firsts, dict_firsts), GZIP_LEVEL, BATCH))
    del post
    groups = card_groups(card_keys)
    shared = {f"{FOLDER}c/{groups[number // CARD_GROUP]}/{number}.json.gz": data for number, data in cards.items()}
    del results, cards
    facets = _json({
        "topic": _inverted(([topic_number[m.topic] for m in p.topics if m.topic in topic_number] for p in papers), len(topics)),
        "digest": _inverted(([digest_number[d] for d in p.digests if d in digest_number] for p in papers), len(digest_number)),
        "category": _inverted(([category_number[c] for c in p.categories] for p in papers), len(categories)),
        "code": _deltas([i for i, p in enumerate(papers) if any(link.kind in CODE_KINDS for link in p.links)]),
        "date": _deltas([date_number(shown_date(p, digest_dates)) for p in papers]),
    })
    files[f"{FOLDER}facets.json.gz"] = gzipped(facets, GZIP_LEVEL)
    build, files = in_build_folder(files, shared)
    files.update(shared)
    files[f"{FOLDER}{META}"] = _json({
        "version": VERSION,
        "build": build,  # the folder of this build's files
        "papers": len(papers),
        "fields": search_index.FIELD_NAMES,
        "separator": search_index.SEPARATOR.pattern,  # the query is split and filtered as the index was
        "stopWords": sorted(search_shards.STOP_WORDS),
        "spelling": spelling.SPELLING,  # British spellings searched as American ones
        "letters": search_index.STROKED,  # letters with a stroke or a ligature, searched as plain ones
        "scripts": {"^": texmath.SUPERSCRIPTS, "_": texmath.SUBSCRIPTS},  # TeX's scripts as the index has them
        "perFile": DOCS_PER_FILE,
        "perGroup": CARD_GROUP,
        "cards": groups,  # the folder of each group of result files, oldest first
        "post": post_firsts,
        "dict": dict_firsts,
        "topics": [[t.name, t.slug, page_url(f"topics/{t.slug}.md", directory_urls)] for t in topics],
        "digests": [[d.name, d.date, page_url(f"digests/{d.name}.md", directory_urls)] for d in collection.digests],
        "categories": categories,
        "categoryNames": [category_label(c) for c in categories],  # as shown (search.js: else the categories)
    })
    return files


class Kept:
    """What the search stage keeps in the build cache for the next build (``KEPT``): the rows
    (:class:`search_shards.Rows`) of each paper, packed in segments (those of a build's new
    papers, each with the paper keys and the new strings its rows number), each result file
    (gzipped) by its key, and the CONTEXT they were made in. Records that do not hold
    together (rows with numbers of no string) are all ignored. Packed rows, paper keys and
    result files are kept as bytes (the cache's ``marshal`` holds them as they are): as base64
    and hex texts they were a third larger, and decoding them every build took 0.05 s."""

    def __init__(self, records: dict, context: str):
        self.context = context
        self.strings = search_shards.Strings()
        self.segments: list[list] = []  # as stored: [packed rows, new strings, paper keys (joined)]
        self.parts: list[search_shards.Rows] = []  # each segment's rows
        self.where: dict[bytes, tuple[int, int]] = {}  # paper key → (segment, document in it)
        self.cards: dict[bytes, bytes] = {}  # key → gzipped result file
        if records.get("context") != context:
            return
        strings = search_shards.Strings()
        try:
            segments = [records["segments"][str(i)] for i in range(len(records["segments"]))]
            for packed, texts, joined in segments:
                strings.update(zip(texts, range(len(strings.texts), len(strings.texts) + len(texts))))
                strings.texts += texts
                rows = search_shards.Rows.unpacked(packed)
                keys = _split(joined)
                if (len(strings) != len(strings.texts) or not set(map(type, texts)) <= {str}
                        or len(keys) != len(rows.counts) or not rows.numbered_below(len(strings.texts))):
                    raise ValueError("segment of other strings")
                self.where.update(zip(keys, zip(repeat(len(self.parts)), range(len(keys)))))
                self.parts.append(rows)
            cards = {bytes.fromhex(key): data for key, data in records["cards"].items()}
            if not set(map(type, cards.values())) <= {bytes}:
                raise ValueError("result files of another type")
        except (KeyError, TypeError, ValueError, AttributeError, zlib.error) as exc:
            log.info("ignoring the search files' cache: %s", exc)
            self.where, self.parts = {}, []
            return
        self.strings, self.segments, self.cards = strings, segments, cards

    def add(self, keys: Sequence[bytes], rows: search_shards.Rows, before: int, pool: Executor | None) -> None:
        """Keep the rows of new papers, whose new strings are those from number ``before``; they
        are packed by ``pool`` meanwhile (zlib lets go of the interpreter's lock: 0.15 s of
        10,000 papers done on another core), if at all."""
        for i, key in enumerate(keys):
            self.where[key] = (len(self.parts), i)
        self.parts.append(rows)
        self.segments.append([pool and pool.submit(search_shards.Rows.packed, rows), self.strings.texts[before:],
                              b"".join(keys)])

    def rows(self, keys: Sequence[bytes]) -> search_shards.Rows:
        """The rows of the papers of ``keys``, in order (once: the segments' rows are let go).
        Papers in order in a segment are taken as a slice of it: a digest's papers are one run
        in the last segment, the others a few runs in the rest (one copy of the rows, where
        joining then taking each paper's rows were two, and an index of every row)."""
        parts, self.parts = self.parts, []
        if not keys:
            return search_shards.Rows.joined([])
        where = np.array([self.where[key] for key in keys], dtype=np.int64)
        segment, place = where[:, 0], where[:, 1]
        runs = np.flatnonzero((np.diff(segment) != 0) | (np.diff(place) != 1)) + 1  # where a run of papers starts
        if len(runs) > max(RUNS, len(keys) // RUN_PAPERS):  # papers all over the segments
            firsts = np.cumsum([0, *(len(part.counts) for part in parts)])
            return search_shards.Rows.joined(parts).take(firsts[segment] + place)
        bounds = [0, *runs.tolist(), len(keys)]
        return search_shards.Rows.joined([parts[int(segment[a])].slice(int(place[a]), int(place[a]) + b - a)
                                          for a, b in zip(bounds, bounds[1:])])

    def records(self, keys: Sequence[bytes], card_keys: Sequence[bytes], rows: search_shards.Rows) -> dict:
        """The records to keep: every segment and string, or, when the segments hold more papers
        no longer here (removed, or edited) than papers here, or are more than SEGMENTS, the
        rows of these papers alone (``rows``) in new segments, their strings numbered anew; and
        the result files of this build."""
        stored = sum(len(keys) for _, _, keys in self.segments) // KEY_BYTES
        segments = self.segments
        if stored - len(keys) > max(len(keys), RENUMBER_AFTER) or len(segments) > SEGMENTS:
            strings, renumbered = _renumbered(rows, self.strings.texts)
            segments = [[renumbered.take(np.arange(start, min(start + CHUNK, len(keys)))).packed(),
                         strings if not start else [], b"".join(keys[start:start + CHUNK])]
                        for start in range(0, len(keys), CHUNK)]
        return {
            "context": self.context,
            "segments": {str(i): [packed.result() if isinstance(packed, Future) else packed, *rest]
                         for i, (packed, *rest) in enumerate(segments)},
            "cards": {key.hex(): self.cards[key] for key in card_keys},
        }


def _split(joined: bytes) -> list[bytes]:
    """The paper keys of a segment, from their bytes one after the other."""
    if type(joined) is not bytes or len(joined) % KEY_BYTES:
        raise ValueError("not paper keys")
    return [joined[i:i + KEY_BYTES] for i in range(0, len(joined), KEY_BYTES)]


RUNS = 64  # runs of papers in order in a segment taken as slices at least (Kept.rows)
RUN_PAPERS = 32  # and at most one run for that many papers (else each paper's rows are taken)
RENUMBER_AFTER = 1000  # papers no longer here in the kept segments at least before they are made anew
SEGMENTS = 40  # kept segments at most (a build that adds papers adds one)


def _renumbered(rows: search_shards.Rows, strings: list[str]) -> tuple[list[str], search_shards.Rows]:
    """The strings ``rows`` use, and the rows with their numbers in those."""
    numbers = rows.rows[:, :2]
    used = np.unique(numbers[numbers >= 0])
    new = np.full(len(strings) + 1, -1, dtype=np.int32)  # (new[-1]: a word that is its term stays -1)
    new[used] = np.arange(len(used), dtype=np.int32)
    renumbered = rows.rows.copy()
    renumbered[:, :2] = new[numbers]
    return [strings[i] for i in used.tolist()], search_shards.Rows(renumbered, rows.counts, rows.lengths)


def in_build_folder(files: dict[str, bytes], shared: dict[str, bytes] | None = None) -> tuple[str, dict[str, bytes]]:
    """The files moved from ``FOLDER`` into ``FOLDER/BUILD/``, where BUILD hashes their paths and
    bytes and those of the ``shared`` files (the result files, which stay in their groups'
    folders: a build whose cards alone changed is another build), and BUILD. A page that read one build's ``meta.json`` (a tab left open across a deploy,
    or ``meta.json`` kept by the browser's cache, for ten minutes on GitHub Pages) asks for files of
    its build only: once they are gone it gets "not found" and reads ``meta.json`` again, where a
    shared folder gave it the next build's files, in which its terms and refs are not where its
    ``meta.json`` says (a search found nothing, or the wrong papers)."""
    every = {**(shared or {}), **files}
    digest = hashlib.sha256()
    for path in sorted(every):
        digest.update(path.encode() + b"\0" + hashlib.sha256(every[path]).digest())
    build = digest.hexdigest()[:BUILD_ID]
    return build, {f"{FOLDER}{build}/{path.removeprefix(FOLDER)}": data for path, data in files.items()}


def _chunk(start: int, papers: Sequence[Paper], urls: Sequence[str], topic_names: dict[str, str],
           main: frozenset[str], digest_dates: dict[str, str], new_papers: Sequence[bool],
           new_cards: Sequence[bool]) -> tuple[search_shards.ChunkWords | None, list[tuple[str, bytes]]]:
    """In a worker: the words of the new papers among the CHUNK papers from ``start`` (None when
    there are none), and their new result files (gzipped)."""
    chosen = [p for p, new in zip(papers[start:start + CHUNK], new_papers[start:start + CHUNK]) if new]
    words = search_shards.chunk_words(search_index.search_documents(chosen, topic_names)) if chosen else None
    return words, _result_files(start, papers, urls, main, digest_dates, new_cards)


def _drained(items: list) -> Iterator:
    """The items of a list in order, each dropped from it once given (freed once used)."""
    items.reverse()
    while items:
        yield items.pop()


def _result_files(start: int, papers: Sequence[Paper], urls: Sequence[str], main: frozenset[str],
                  digest_dates: dict[str, str], new_cards: Sequence[bool]) -> list[tuple[str, bytes]]:
    """The new result files whose newest paper is one of the CHUNK papers from ``start`` (refs,
    newest first), gzipped, in the order of those papers: each file once over all chunks."""
    n = len(papers)
    files = []
    for ref in range(start, min(start + CHUNK, n)):
        if ref and (n - ref) % DOCS_PER_FILE:  # not a file's newest paper
            continue
        if not new_cards[_card_number(ref, n)]:
            continue
        first = (n - 1 - ref) // DOCS_PER_FILE * DOCS_PER_FILE  # its oldest paper's place, from the oldest
        refs = [n - 1 - place for place in range(first, min(first + DOCS_PER_FILE, n))]
        files.append((f"{FOLDER}c/{first // DOCS_PER_FILE}.json.gz",
                      gzipped(_json([_result(papers[r], urls[r], main, digest_dates) for r in refs]), GZIP_LEVEL)))
    return files


def _card_number(ref: int, n: int) -> int:
    """The place, in :func:`_card_keys`, of the result file holding ref ``ref`` of ``n`` papers."""
    return -(-n // DOCS_PER_FILE) - 1 - (n - 1 - ref) // DOCS_PER_FILE


def card_groups(card_keys: Sequence[bytes]) -> list[str]:
    """The name of each group of ``CARD_GROUP`` result files (oldest first; ``card_keys``, the
    files' keys, newest file first): a hash of its files' keys, which say what each is made of,
    and of the files' format. Adding papers changes the last group alone; a group of a paper
    edited gets another name, so that a page of the last build never reads its new files."""
    keys = list(reversed(card_keys))
    return [_hash(b"%d\0" % VERSION + b"".join(keys[start:start + CARD_GROUP])).hex()[:BUILD_ID]
            for start in range(0, len(keys), CARD_GROUP)]


def _card_keys(keys: Sequence[bytes]) -> list[bytes]:
    """The key of each result file, from the keys of its papers (refs, newest first), newest file first."""
    n = len(keys)
    files = -(-n // DOCS_PER_FILE)
    return [_hash(b"".join(keys[n - 1 - place] for place in range(first, min(first + DOCS_PER_FILE, n))))
            for first in range((files - 1) * DOCS_PER_FILE, -1, -DOCS_PER_FILE)]


def _paper_keys(paper: Paper, url: str, digest_dates: dict[str, str], topic_names: dict[str, str],
                main: frozenset[str]) -> tuple[bytes, bytes]:
    """Two hashes of a paper: of everything of it that its words in the index are made of, with
    its topics' names (searched in the topics field) but not their numbers (a facet's); and of
    everything its result card is made of, with the topics the card shows (:func:`_card_topics`)
    by slug. Topics added elsewhere (a topic past LISTING_LIMIT papers gets suggested subtopics:
    at 10,000 papers, 7 topics more, numbered among the others) thus leave the words of the
    papers they do not touch, where a hash of every topic's name and place made the whole cache
    stale: every paper split again, 3 s of CPU beside the render and export stages. And a paper
    given a subtopic keeps its card, which shows no subtopic: when the words' hash keyed the
    cards, the digest that gave a topic of 505 papers its subtopics made anew every result file
    but 5 of 1,257, each the same as before, and put all of them in new folders."""
    date = paper.date or digest_dates.get(paper.digests[0], "")
    topics = [m.topic for m in paper.topics]
    own = [f"{len(paper.authors)}{'+' * paper.et_al} {len(paper.categories)} {len(paper.extra_urls)} {len(paper.links)}",
           paper.title_text, paper.abstract_text, paper.summary, paper.id, paper.url, url, date, *paper.authors,
           *paper.categories, *paper.extra_urls, *(part for link in paper.links for part in (link.kind, link.url))]
    words = [*own, f"{len(topics)}", *topics, " ".join(topic_names.get(t, t) for t in topics)]  # (as search_index.search_documents writes them)
    return _texts_hash(words), _texts_hash([*own, *_card_topics(paper, main)])


def _texts_hash(texts: list[str]) -> bytes:
    """A hash of texts, none of which can pass for two (each after its length, when one holds the separator)."""
    text = "\0".join(texts)
    if text.count("\0") != len(texts) - 1:
        text = "".join(f"{len(t)}:{t}" for t in texts)
    return _hash(text.encode("utf-8", "surrogatepass"))


def _card_topics(paper: Paper, main: frozenset[str]) -> list[str]:
    """The topics a paper's card shows (its best ones of the site's topics, ``main``: no subtopic,
    as on a digest's page), by slug: a topic added elsewhere (a topic past LISTING_LIMIT papers
    gets suggested subtopics) leaves the card as it was, where the topics' numbers made every
    result file anew (and, in groups, put all of them in new folders)."""
    return [m.topic for m in paper.topics if m.topic in main][:CARD_TOPICS]


def _hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=KEY_BYTES).digest()


CONTEXT = "keys with topic names; cards keyed apart"  # what the kept records hold (the code's version: the cache's header)


def _result(paper: Paper, url: str, main: frozenset[str], digest_dates: dict[str, str]) -> dict:
    authors, more = shown_authors(paper.authors, paper.et_al)  # as listing cards show them, each name isolated (search.js)
    return {
        "t": paper.title_text,
        "u": url,
        "a": list(authors),
        **({"e": 1} if more else {}),  # "et al."
        "d": shown_date(paper, digest_dates),
        "s": paper.summary,
        "b": paper.abstract_text,
        "c": _card_topics(paper, main),
        "l": [[b.kind, b.label, b.url] for b in badges(paper) if b.kind != "pdf"],
        **({"g": languages} if (languages := _languages(paper)) else {}),
    }


def _languages(paper: Paper) -> dict[str, str]:
    """The language of each of the card's texts whose script is not Latin (languages.py), by its
    key: {"t": "ja"} for a Japanese title, which search.js gives the title's element as its lang."""
    found = {"t": script_language(paper.title_text), "a": names_language(paper.authors, paper.title_text),
             "s": script_language(paper.summary), "b": script_language(paper.abstract_text)}
    return {key: language for key, language in found.items() if language}


def date_number(date: str) -> int:
    """The date a card shows as the search page sorts and filters by it (``search.js``'s
    ``dateNumber``): ``render.date_order``'s date as YYYYMMDD ("2024" is 20240101), 0 for none."""
    ordered = date_order(date)
    return int(ordered.replace("-", "")) if _DAY.fullmatch(ordered) else 0


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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
