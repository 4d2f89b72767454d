"""lunr's postings, weighed as lunr weighs them, split into small files by term range.

A query loads the few files that hold its terms, never the whole index. Each term keeps its
lunr ``_index`` (order of first use) and, per field, the documents that hold it (refs,
delta-encoded) with lunr's BM25 weight (rounded to 3 places, as lunr does, and stored ×1000
as an integer). With these the client computes lunr.js's own score for any query: the dot
product of the query vector with each matching field vector, over the query's magnitude.
The weights are those of ``search_index.build_index`` (lunr.py's), number for number (tested).

Files, all plain JSON, deterministic, each a pure function of the collection:

- ``p/N.json``: the postings of a contiguous range of terms (``meta.post`` lists each
  file's first term); one very common term may make a file larger than the target;
- ``d/N.json``: the term dictionary by range (``meta.dict``): ``[term, postings, word]``, the
  word being one that gives the term (left out when it is the term), for prefix expansion and
  "did you mean" suggestions without loading postings.

Terms are ordered by UTF-16 code units, the order of JavaScript's string comparison.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from json.encoder import encode_basestring

import numpy as np

from lunr.stemmer import porter_stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.trimmer import full_re as TRIM

from . import parallel
from .search_index import B, FIELDS, K1, american, idf_of, words

POSTINGS_TARGET = 24_000  # bytes of JSON per postings file (a file holds at least one term)
DICT_TARGET = 12_000  # bytes of JSON per dictionary file


@dataclass(frozen=True)
class Postings:
    """Every (term, field, document) posting of the collection, sorted by term, field, document."""

    terms: list[str]  # distinct terms, in UTF-16 order
    lunr_index: list[int]  # each term's lunr ``_index``
    starts: np.ndarray  # posting offset of each term's first entry (len(terms) + 1)
    field: np.ndarray
    ref: np.ndarray
    weight: np.ndarray  # lunr's weight × 1000, an integer
    words: dict[str, str]  # term → a word that gives it, when not the term itself


def utf16(term: str) -> bytes:
    return term.encode("utf-16-be")


def postings(documents: Sequence[Mapping[str, str]]) -> Postings:
    """lunr's postings and BM25 weights of ``documents`` (``ref`` is each document's position).
    Chunks of documents are split on every core (``chunk_words``), then merged."""
    chunks = [documents[start:start + CHUNK] for start in range(0, len(documents), CHUNK)]
    strings = Strings()
    rows = Rows.joined([rows_of(words, strings) for words in parallel.map_items(chunk_words, chunks, 2)])
    return postings_of(rows, strings.texts)


CHUNK = 1_000  # documents split at a time: their words as strings are held only for one chunk
NAMES = [f["field_name"] for f in FIELDS]
COLUMNS = 3  # of a row: term, word, tf × fields + field


@dataclass(frozen=True)
class ChunkWords:
    """The words of a chunk of documents: each distinct word (lowercased) in order of first use,
    its trimmed form and its lunr term (None when lunr's pipeline drops it), the number among
    them of every word in lunr's order (document, field, word), and how many words each
    (document, field) has."""

    distinct: list[str]
    kept: list[str]
    terms: list[str | None]
    ids: np.ndarray
    sizes: np.ndarray


class Strings(dict):
    """string → its number, in order of first use (``texts``: the strings by number): the terms
    and words of :class:`Rows`, kept from build to build with the rows that hold their numbers."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []

    def __missing__(self, key: str) -> int:
        number = self[key] = len(self.texts)
        self.texts.append(key)
        return number


class _Numbers(dict):
    def __missing__(self, key: str) -> int:
        number = self[key] = len(self)
        return number


def chunk_words(documents: Sequence[Mapping[str, str]]) -> ChunkWords:
    """lunr's tokenizer and pipeline on a chunk of documents (a pure function: it runs in a
    worker). lunr lowercases the text, splits it, then trims, drops stop words and stems each
    word (spelled as Americans spell it: ``search_index.american``); each distinct word goes
    through the pipeline once."""
    split = [words(doc[name].lower()) for doc in documents for name in NAMES]
    sizes = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
    numbers = _Numbers()
    ids = np.fromiter(map(numbers.__getitem__, chain.from_iterable(split)), dtype=np.int32, count=int(sizes.sum()))
    distinct = list(numbers)
    kept = [word if word.isalnum() else trimmed(word) for word in distinct]  # a word of letters and digits is its own trim
    spelled = map(american, kept)
    terms = [None if not a or a in STOP_WORDS else _stem(a) for a in spelled]
    return ChunkWords(distinct, kept, terms, ids, sizes)


@lru_cache(maxsize=1 << 17)  # a process's words across chunks (and builds, in `digest-site serve`)
def _stem(word: str) -> str:
    return porter_stemmer.stem(word)


@dataclass(frozen=True)
class Rows:
    """Documents' postings before they are weighed (weights follow the whole collection: its
    size and average field lengths), which a build keeps per paper and the next build reuses
    for the papers it still has: for each document, each (field, term) it holds in order of
    first use (field by field, word by word), as ``COLUMNS`` numbers: the term, the word that
    first gave it there (-1: the term itself), and ``tf × fields + field``; with each
    document's count of rows and its fields' lengths in words. Terms and words are numbers of
    a :class:`Strings`."""

    rows: np.ndarray  # int32, (rows, COLUMNS)
    counts: np.ndarray  # int64, rows of each document
    lengths: np.ndarray  # int32, (documents, fields): words kept (not dropped by the pipeline)

    @staticmethod
    def joined(parts: Sequence[Rows]) -> Rows:
        return Rows(np.concatenate([np.zeros((0, COLUMNS), np.int32), *(p.rows for p in parts)]),
                    np.concatenate([np.zeros(0, np.int64), *(p.counts for p in parts)]),
                    np.concatenate([np.zeros((0, len(NAMES)), np.int32), *(p.lengths for p in parts)]))

    def take(self, documents: np.ndarray) -> Rows:
        """The rows of these documents (numbers of documents here), in that order."""
        starts = np.cumsum(self.counts) - self.counts
        counts = self.counts[documents]
        before = np.cumsum(counts) - counts  # each taken document's first row among those taken
        index = np.repeat(starts[documents] - before, counts) + np.arange(int(counts.sum()))
        return Rows(self.rows[index], counts, self.lengths[documents])

    def slice(self, start: int, end: int) -> Rows:
        """The rows of documents ``start`` to ``end`` (a view)."""
        first = int(self.counts[:start].sum())
        return Rows(self.rows[first:first + int(self.counts[start:end].sum())], self.counts[start:end], self.lengths[start:end])

    def packed(self) -> bytes:
        """The rows as bytes (zlib at level 1: a third of their 12 bytes a row, at 100 MB/s):
        the number of documents, their counts of rows and lengths, then the rows (int32)."""
        header = np.concatenate([[len(self.counts)], self.counts, self.lengths.ravel()])
        return zlib.compress(header.astype("<i4").tobytes() + self.rows.astype("<i4").tobytes(), 1)

    @staticmethod
    def unpacked(data: bytes) -> Rows:
        """:meth:`packed` rows; raises ValueError (zlib.error too) unless they are rows."""
        numbers = np.frombuffer(zlib.decompress(data), dtype="<i4")
        documents = int(numbers[0]) if len(numbers) else -1
        counts = numbers[1:documents + 1].astype(np.int64)
        rows = numbers[1 + documents * (1 + len(NAMES)):]
        if documents < 0 or len(counts) != documents or counts.min(initial=0) < 0 or len(rows) != counts.sum() * COLUMNS:
            raise ValueError("not rows")
        lengths = numbers[1 + documents:1 + documents * (1 + len(NAMES))].reshape(documents, len(NAMES))
        return Rows(rows.astype(np.int32).reshape(-1, COLUMNS), counts, lengths.astype(np.int32))

    def numbered_below(self, strings: int) -> bool:
        """Whether every term and word of the rows is one of ``strings`` strings (and every count positive)."""
        rows = self.rows
        return not len(rows) or bool(rows[:, 0].min() >= 0 and rows[:, 1].min() >= -1 and rows[:, :2].max() < strings
                                     and rows[:, 2].min() >= len(NAMES))


NEW = -2  # in rows_of: a string not numbered yet


def rows_of(chunk: ChunkWords, strings: Strings) -> Rows:
    """The rows of a chunk's documents, their terms and words numbered in ``strings``."""
    fields = len(NAMES)
    term_of = np.fromiter(map(strings.get, chunk.terms, repeat(NEW)), dtype=np.int64, count=len(chunk.terms))
    for i in np.flatnonzero(term_of == NEW).tolist():  # a term first met, or none (-1: dropped)
        term = chunk.terms[i]
        term_of[i] = -1 if term is None else strings[term]
    word_of = np.fromiter(map(strings.get, chunk.kept, repeat(NEW)), dtype=np.int64, count=len(chunk.kept))
    word_of[(word_of == term_of) | (term_of < 0)] = -1  # the term itself, or no term
    for i in np.flatnonzero(word_of == NEW).tolist():
        word_of[i] = strings[chunk.kept[i]]
    terms = term_of[chunk.ids]
    segment = np.repeat(np.arange(len(chunk.sizes), dtype=np.int64), chunk.sizes)  # each word's (document, field)
    kept = np.flatnonzero(terms >= 0)
    terms, segment = terms[kept], segment[kept]
    documents = len(chunk.sizes) // fields
    lengths = np.bincount(segment, minlength=len(chunk.sizes)).reshape(documents, fields).astype(np.int32)
    keys, first, tf = _first_uses(segment * max(1, len(strings)) + terms)  # each (document, field, term)
    segment, term = np.divmod(keys, max(1, len(strings)))
    word = word_of[chunk.ids[kept[first]]]
    document, field = np.divmod(segment, fields)
    rows = np.stack([term, word, tf * fields + field], axis=1).astype(np.int32)
    return Rows(rows, np.bincount(document, minlength=documents).astype(np.int64), lengths)


def _first_uses(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct ``keys`` (non-negative) in order of first use, where each is first, and how
    often each is there. Each key is packed with its place in one integer and sorted, when they
    fit (all but absurd texts): three times faster than ``np.unique`` with its index and counts
    (a stable arg-sort) and an arg-sort of those."""
    n = len(keys)
    bits = max(1, n.bit_length())
    if max(int(keys.max(initial=0)).bit_length() + bits, 2 * bits) > PACKED_BITS:
        distinct, first, count = np.unique(keys, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        return distinct[order], first[order], count[order]
    packed = keys << bits
    packed |= np.arange(n)
    packed.sort()
    starts = np.flatnonzero(np.diff(packed >> bits, prepend=-1))  # each key's first place in the sorted ones
    count = np.diff(starts, append=n)
    first = packed[starts] & ((1 << bits) - 1)
    by_first = first << bits  # the keys in order of their first place: packed with their number, sorted
    by_first |= np.arange(len(starts))
    by_first.sort()
    order = by_first & ((1 << bits) - 1)
    return packed[starts[order]] >> bits, first[order], count[order]


def postings_of(rows: Rows, strings: Sequence[str]) -> Postings:
    """The postings of documents from their rows, in order. Terms are numbered in order of
    first use (lunr's ``_index``), as one loop over the documents does."""
    documents = len(rows.counts)
    fields = len(NAMES)
    term, word, code = rows.rows[:, 0], rows.rows[:, 1], rows.rows[:, 2]
    first = np.full(len(strings), len(term), dtype=np.int64)
    np.minimum.at(first, term, np.arange(len(term)))  # each term's first row: its first use
    used = np.flatnonzero(first < len(term))
    first = first[used]
    number = np.empty(len(used), dtype=np.int64)  # of each term in order of first use
    number[np.argsort(first)] = np.arange(len(used))
    texts = [strings[t] for t in used.tolist()]
    order_of = sorted(range(len(used)), key=lambda t: utf16(texts[t]))  # the terms' order in the files
    rank = np.zeros(len(strings), dtype=np.int64)
    rank[used[order_of]] = np.arange(len(used))
    terms = [texts[t] for t in order_of]
    firsts = word[first].tolist()
    words = {texts[t]: strings[firsts[t]] for t in order_of if firsts[t] >= 0}
    ref = np.repeat(np.arange(documents, dtype=np.int64), rows.counts)
    rank, fld, ref, tf = _sorted(rank[term] * fields + code % fields, ref, (code // fields).astype(np.int64), documents, fields)
    lengths = np.zeros((fields, max(1, documents)))
    lengths[:, :documents] = rows.lengths.T
    return _weigh(terms, number[order_of].tolist(), rank, fld.astype(np.int8), ref.astype(np.int32), tf,
                  lengths, documents, words)


PACKED_BITS = 62  # of a signed 64-bit integer, at most, for term rank, field, ref and tf packed


def _sorted(key: np.ndarray, ref: np.ndarray, tf: np.ndarray, documents: int, fields: int) -> tuple[np.ndarray, ...]:
    """(term rank, field, ref, tf) of the rows sorted by term rank, field and ref, from each
    row's ``rank × fields + field``, ref and tf. The three and tf are packed in one integer
    when they fit (all but absurd collections), which sorts (without an index) several times
    faster than arg-sorting."""
    span = max(1, documents)
    tf_bits = int(tf.max(initial=1)).bit_length()
    if ((int(key.max(initial=0)) + 1) * span).bit_length() + tf_bits <= PACKED_BITS:
        packed = key * span + ref
        packed <<= tf_bits
        packed |= tf
        packed.sort()
        tf = packed & ((1 << tf_bits) - 1)
        packed >>= tf_bits
        key, ref = np.divmod(packed, span)
    else:
        order = np.argsort(key * span + ref)  # (each row's (term, field, document) is its own)
        key, ref, tf = key[order], ref[order], tf[order]
    rank, fld = np.divmod(key, fields)
    return rank, fld, ref, tf


def trimmed(word: str) -> str:
    """lunr.py's trimmer: a word between non-word characters, else the token as it is."""
    match = TRIM.match(word)
    return match.group(1) if match else word


def _weigh(terms: list[str], lunr_index: list[int], rank, fld, ref, tf, lengths: np.ndarray, n: int,
           words: dict[str, str]) -> Postings:
    """lunr.py's weight expression, in its own operation order, so the doubles are the same. The
    postings are sorted by term (``rank`` in ``terms``), field and document."""
    counts, inverse = np.unique(np.bincount(rank, minlength=len(terms)), return_inverse=True)
    idf = np.array([idf_of(int(c), n) for c in counts], dtype=np.float64)[inverse]  # once per count
    average = lengths.sum(axis=1) / max(1, n)
    boost = np.array([f["boost"] for f in FIELDS], dtype=np.float64)[fld]
    with np.errstate(divide="ignore", invalid="ignore"):
        norm = K1 * (1 - B + B * (lengths[fld, ref] / average[fld]))
    tfs = tf.astype(np.float64)
    weight = idf[rank] * ((K1 + 1) * tfs) / (norm + tfs) * boost
    del boost, norm, tfs  # arrays of a number per posting, as most here: free each once used
    starts = np.searchsorted(rank, np.arange(len(terms) + 1))
    return Postings(terms, lunr_index, starts, fld, ref, _thousandths(weight), words)


def _thousandths(weight: np.ndarray) -> np.ndarray:
    """``round(w, 3) * 1000`` as Python rounds (correctly, half to even on the decimal value)."""
    scaled = weight * 1000
    out = np.rint(scaled)
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    for i in np.flatnonzero(near_half):
        out[i] = round(round(float(weight[i]), 3) * 1000)
    return out.astype(np.int64)


def shard_files(post: Postings, prefix: str) -> tuple[dict[str, bytes], list[str], list[str]]:
    """``({path: bytes}, first term of each postings file, first term of each dictionary file)``."""
    post_firsts: list[str] = []
    dict_firsts: list[str] = []
    return dict(shard_stream(post, prefix, post_firsts, dict_firsts)), post_firsts, dict_firsts


def shard_stream(post: Postings, prefix: str, post_firsts: list[str], dict_firsts: list[str]) -> Iterator[tuple[str, bytes]]:
    """The postings files then the dictionary files, ``(path, bytes)``, each made as it is asked for,
    and the first term of each appended to ``post_firsts`` or ``dict_firsts``."""
    yield from _postings_files(post, f"{prefix}p/", post_firsts)
    sizes = np.diff(post.starts).tolist()
    words = post.words
    entries = [f"[{quoted(term)},{size},{quoted(words[term])}]" if term in words else f"[{quoted(term)},{size}]"
               for term, size in zip(post.terms, sizes)]
    bounds = _packed_into(list(map(len, entries)), DICT_TARGET)
    for number, (a, b) in enumerate(zip(bounds, bounds[1:])):
        dict_firsts.append(post.terms[a])
        yield _file(f"{prefix}d/", number, entries[a:b], as_list=True)


quoted = encode_basestring  # a str as JSON, non-ASCII kept (json.dumps(s, ensure_ascii=False), at C speed)


BLOCK = 200_000  # postings made bytes at a time: their pieces are held for one block only


def _postings_files(post: Postings, folder: str, firsts: list[str]) -> Iterator[tuple[str, bytes]]:
    """The postings files, ``{"term":[index,[field,[ref deltas],[weights]],…],…}`` by term, each
    ``(term, field)`` list starting with an absolute ref, terms packed into files of about
    POSTINGS_TARGET characters as the dictionary's are; the first term of each appended
    to ``firsts``.

    No posting's text is made one by one: the files are runs of pieces (a term's head, a list's
    opening, a number with or without its comma, closings) taken from tables by NumPy
    (:class:`_Pieces`). At 10,000 papers (1,050,000 postings, all changed by each digest: refs
    shift and weights follow the paper count) a Python join per posting and list took 0.2 s of
    CPU a build, this half as much."""
    ref, field, weight, starts = post.ref, post.field, post.weight, post.starts
    if not post.terms:
        return
    delta = np.diff(ref, prepend=0)
    opens = np.ones(len(ref), dtype=bool)  # where a (term, field) list opens
    opens[1:] = field[1:] != field[:-1]
    opens[starts[:-1]] = True  # (every term has postings)
    delta[opens] = ref[opens]
    lists = np.flatnonzero(opens)
    sizes = np.diff(lists, append=len(ref))  # postings of each list
    term_lists = np.searchsorted(lists, starts)  # each term's first list (and the end)
    heads = [f"{quoted(term)}:[{index}" for term, index in zip(post.terms, post.lunr_index)]
    pieces = _Pieces(int(max(delta.max(initial=0), weight.max(initial=0))), heads)
    if delta.min(initial=0) < 0 or weight.min(initial=0) < 0:
        raise ValueError("negative postings number")
    # each term's entry: its head, its lists (",[f,[", numbers and commas, "],[", "]]", all ASCII), "]"
    width = pieces.width
    list_chars = (np.add.reduceat(width[delta] + width[weight], lists, dtype=np.int64) + 2 * sizes + 3
                  + _OPENING_CHARS[field[lists]])
    rest = np.add.reduceat(list_chars, term_lists[:-1]) + 1
    chars = np.fromiter(map(len, heads), dtype=np.int64, count=len(heads)) + rest
    del heads
    bounds = _packed_into(chars.tolist(), POSTINGS_TARGET)  # each file's first term, and the end
    file_bytes = np.add.reduceat(pieces.heads.bytes + rest, bounds[:-1]) + 1  # (a head's comma, or "{"; and "}")
    first_posting = starts[bounds]
    files = 0
    while files < len(bounds) - 1:  # files of about BLOCK postings at a time (one file at least)
        last = max(files + 1, int(np.searchsorted(first_posting, first_posting[files] + BLOCK, side="right")) - 1)
        data = pieces.files(bounds[files:last + 1], term_lists, lists, sizes, delta, weight, field)
        offsets = np.cumsum([0, *file_bytes[files:last]]).tolist()
        for number, (a, b) in enumerate(zip(offsets, offsets[1:]), files):
            firsts.append(post.terms[bounds[number]])
            yield f"{folder}{number}.json", data[a:b]
        files = last


OPENINGS = [f",[{f},[" for f in range(len(NAMES))]  # a (term, field) list's opening, after the term's head or a list
_OPENING_CHARS = np.array([len(o) for o in OPENINGS], dtype=np.int64)


def _packed_into(chars: list[int], target: int) -> list[int]:
    """Where each file starts, entries of ``chars`` characters packed in order into files of
    about ``target`` characters (a file holds one entry at least), then the number of entries."""
    bounds: list[int] = []
    size = 0
    for i, length in enumerate(chars):
        if not bounds or size + length > target:
            bounds.append(i)
            size = 0
        size += length + 1
    return [*bounds, len(chars)]


WORD = 8  # bytes of a piece (a number of 7 digits and its comma: a ref or a weight of 10 million papers)
LITTLE = np.dtype("<u8")  # a word, its first byte the lowest


class _Pieces:
    """The pieces of the postings files as words of ``WORD`` bytes, padded with zeros: each
    number up to ``largest`` with or without its comma, the lists' openings and closings, and
    each term's head (``"term":[index``) after a comma, in as many words as it takes. A run of
    pieces is their words' bytes with the zeros left out (``bytes.translate``, at C speed: JSON
    holds no zero byte, a string's is written ``\\u0000``)."""

    def __init__(self, largest: int, heads: list[str]):
        numbers = np.arange(largest + 1)
        width = np.ones(len(numbers), dtype=np.int64)  # decimal digits
        for power in (10 ** k for k in range(1, WORD)):
            width += numbers >= power
        if largest >= 10 ** (WORD - 1):
            raise ValueError("a postings number of more than 7 digits")
        digits = np.zeros((len(numbers), WORD), dtype=np.uint8)
        for k in range(int(width.max())):  # digit k of each number, from the left
            has = width > k
            digits[has, k] = ord("0") + numbers[has] // 10 ** (width[has] - 1 - k) % 10
        plain = digits.view(LITTLE).ravel().copy()
        digits[numbers, width] = ord(",")
        self.width = width.astype(np.int8)  # (a byte, gathered for each posting twice)
        self.numbers = np.concatenate([plain, digits.view(LITTLE).ravel()])  # each number, then each with its comma
        self.marks = np.array([_word(mark) for mark in (*OPENINGS, "],[", "]]", "]", "]}")], dtype=LITTLE)
        self.heads = _Words([("," + head).encode() for head in heads])

    def files(self, bounds: list[int], term_lists, lists, sizes, delta, weight, field) -> bytes:
        """The files of terms ``bounds[0]`` to ``bounds[-1]`` (``bounds``: each file's first term,
        then the end), one after the other."""
        t0, t1 = bounds[0], bounds[-1]
        g0, g1 = int(term_lists[t0]), int(term_lists[t1])
        p0 = int(lists[g0])
        terms, count = t1 - t0, g1 - g0
        firsts = term_lists[t0:t1 + 1] - g0  # each term's first list (from the first list here), then the end
        m = sizes[g0:g1]
        # the items in order, each term's head, its lists and its closing: that many words, 2m + 3, 1
        head_item = firsts[:-1] + 2 * np.arange(terms)
        list_item = np.arange(count) + 2 * np.repeat(np.arange(terms), np.diff(firsts)) + 1
        item_words = np.ones(2 * terms + count, dtype=np.int64)
        item_words[head_item] = self.heads.count[t0:t1]
        item_words[list_item] = 2 * m + 3
        at = np.cumsum(item_words) - item_words  # each item's first word
        words = np.zeros(int(item_words.sum()), dtype=LITTLE)
        self.heads.put(words, at[head_item], np.arange(t0, t1))
        file_heads = at[head_item[np.array(bounds[:-1]) - t0]]
        words[file_heads] = words[file_heads] & ~np.uint64(0xFF) | np.uint64(ord("{"))  # a file's first head: "{", not ","
        closing = np.full(terms, len(OPENINGS) + 2)
        closing[np.array(bounds[1:]) - t0 - 1] = len(OPENINGS) + 3  # "]}": a file's last term
        opened = at[list_item]
        words[at[head_item + np.diff(firsts) + 1]] = self.marks[closing]
        words[opened] = self.marks[field[lists[g0:g1]]]
        words[opened + 1 + m] = self.marks[len(OPENINGS)]
        words[opened + 2 + 2 * m] = self.marks[len(OPENINGS) + 1]
        list_start = np.repeat(lists[g0:g1] - p0, m)  # each posting's list's first posting
        comma = np.full(len(list_start), len(self.width))  # where numbers with a comma start, but for a list's last
        comma[np.cumsum(m) - 1] = 0
        at_delta = np.repeat(opened + 1, m) + np.arange(len(list_start)) - list_start
        del list_start
        words[at_delta] = self.numbers[delta[p0:p0 + len(comma)] + comma]
        at_delta += np.repeat(m + 1, m)  # the weights'
        words[at_delta] = self.numbers[weight[p0:p0 + len(comma)] + comma]
        return words.tobytes().translate(None, b"\0")


def _word(text: str) -> np.integer:
    return np.frombuffer(text.encode().ljust(WORD, b"\0"), dtype=LITTLE)[0]


class _Words:
    """Byte strings, each in words of ``WORD`` bytes (its last one padded with zeros)."""

    def __init__(self, texts: list[bytes]):
        self.bytes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.count = -(-self.bytes // WORD)
        self.first = np.cumsum(self.count) - self.count
        self.words = np.frombuffer(b"".join(t.ljust(-(-len(t) // WORD) * WORD, b"\0") for t in texts), dtype=LITTLE)

    def put(self, words: np.ndarray, at: np.ndarray, which: np.ndarray) -> None:
        """Each string of ``which`` into ``words`` from word ``at`` on."""
        count = self.count[which]
        offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
        words[np.repeat(at, count) + offset] = self.words[np.repeat(self.first[which], count) + offset]


def _file(folder: str, number: int, entries: list[str], as_list: bool) -> tuple[str, bytes]:
    body = ",".join(entries)
    return f"{folder}{number}.json", (f"[{body}]" if as_list else f"{{{body}}}").encode("utf-8")
