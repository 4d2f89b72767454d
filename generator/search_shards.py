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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial
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
    stems: dict[str, str]  # trimmed word → its term, for every word met (kept between builds)


def utf16(term: str) -> bytes:
    return term.encode("utf-16-be")


def postings(documents: Sequence[Mapping[str, str]], stems: Mapping[str, str] | None = None) -> Postings:
    """lunr's postings and BM25 weights of ``documents`` (``ref`` is each document's position).
    Chunks of documents are split on every core (``chunk_words``), then merged. ``stems``
    (trimmed word → term, from an earlier build) saves running the stemmer on the words it holds."""
    known = stems or {}
    chunks = [documents[start:start + CHUNK] for start in range(0, len(documents), CHUNK)]
    return postings_of(parallel.map_items(partial(chunk_words, known=known), chunks, 2), len(documents))


CHUNK = 1_000  # documents split at a time: their words as strings are held only for one chunk
NAMES = [f["field_name"] for f in FIELDS]


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


class _Numbers(dict):
    def __missing__(self, key: str) -> int:
        number = self[key] = len(self)
        return number


def chunk_words(documents: Sequence[Mapping[str, str]], known: Mapping[str, str]) -> ChunkWords:
    """lunr's tokenizer and pipeline on a chunk of documents (a pure function: it runs in a
    worker). lunr lowercases the text, splits it, then trims, drops stop words and stems each
    word (spelled as Americans spell it: ``search_index.american``); each distinct word goes
    through the pipeline once (``known`` words are not stemmed)."""
    split = [words(doc[name].lower()) for doc in documents for name in NAMES]
    sizes = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
    numbers = _Numbers()
    ids = np.fromiter(map(numbers.__getitem__, chain.from_iterable(split)), dtype=np.int32, count=int(sizes.sum()))
    distinct = list(numbers)
    kept = [word if word.isalnum() else trimmed(word) for word in distinct]  # a word of letters and digits is its own trim
    spelled = map(american, kept)
    terms = [None if not a or a in STOP_WORDS else known.get(k) or _stem(a) for k, a in zip(kept, spelled)]
    return ChunkWords(distinct, kept, terms, ids, sizes)


@lru_cache(maxsize=1 << 17)  # a process's words across chunks (and builds, in `digest-site serve`)
def _stem(word: str) -> str:
    return porter_stemmer.stem(word)


NEW = -2  # in postings_of: a word not met yet (-1: a word lunr's pipeline drops)


def postings_of(chunks: Iterable[ChunkWords], documents: int) -> Postings:
    """The postings of ``documents`` documents from their chunks' words, in order. Terms are
    numbered in order of first use (lunr's ``_index``), as one loop over the documents does."""
    term_of: dict[str, int] = {}  # word → its term's number, -1 when dropped: every word met
    numbers: dict[str, int] = {}  # term → its number, in order of first use
    first_words: dict[str, str] = {}  # term → the first word (trimmed) that gave it, when not the term
    met: dict[str, str] = {}  # trimmed word → its term
    tokens, sizes = [np.zeros(0, np.int32)], [np.zeros(0, np.int64)]
    for chunk in chunks:
        local = np.fromiter(map(term_of.get, chunk.distinct, repeat(NEW)), dtype=np.int32, count=len(chunk.distinct))
        for i in np.flatnonzero(local == NEW).tolist():  # the words no earlier chunk had
            word, kept, term = chunk.distinct[i], chunk.kept[i], chunk.terms[i]
            if term is None:
                number = -1
            else:
                met[kept] = term
                number = numbers.get(term)
                if number is None:
                    number = numbers[term] = len(numbers)
                    if term != kept:
                        first_words[term] = kept
            local[i] = term_of[word] = number
        tokens.append(local[chunk.ids])
        sizes.append(chunk.sizes)
    del term_of
    by_number = list(numbers)
    order_of = sorted(range(len(by_number)), key=lambda t: utf16(by_number[t]))  # the terms' order in the files
    rank = np.empty(len(by_number), dtype=np.int64)
    rank[order_of] = np.arange(len(by_number))
    term, fld, ref, tf, lengths = _counted(np.concatenate(tokens), np.concatenate(sizes), rank, len(NAMES), documents)
    terms = [by_number[t] for t in order_of]
    return replace(_weigh(terms, order_of, term, fld, ref, tf, lengths, documents, first_words), stems=met)


def _counted(token_terms: np.ndarray, sizes: np.ndarray, rank: np.ndarray, fields: int,
             documents: int) -> tuple[np.ndarray, ...]:
    """Each (term, field, document) met and how often, as (term's rank, field, ref, tf) sorted in
    that order (one sort of one key per word), and each field's length in words per document,
    from every word's term number (-1: dropped) and each term number's rank. Every array with an
    entry per word is freed as soon as it is used (at 100,000 papers each is 70 to 150 MB)."""
    segment = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)  # each word's (document, field)
    kept = token_terms >= 0
    token_terms, segment = token_terms[kept], segment[kept]
    del kept
    lengths = np.zeros((fields, max(1, documents)))
    lengths[:, :documents] = np.bincount(segment, minlength=len(sizes)).reshape(-1, fields).T
    keys = rank[token_terms]  # term rank, then field, then document: (rank × fields + field) × documents + ref
    del token_terms
    keys *= fields * max(1, documents)
    fld = segment % fields
    fld *= max(1, documents)  # below 2³¹: fields × documents
    keys += fld
    del fld
    segment //= fields
    keys += segment
    del segment
    keys, tf = np.unique(keys, return_counts=True)
    term_field, ref = np.divmod(keys, max(1, documents))
    del keys
    term, fld = np.divmod(term_field, fields)
    return term, fld.astype(np.int8), ref.astype(np.int32), tf.astype(np.int32), lengths


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
    return Postings(terms, lunr_index, starts, fld, ref, _thousandths(weight), words, {})


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
    yield from _split(_term_entries(post), POSTINGS_TARGET, f"{prefix}p/", post_firsts)
    sizes = np.diff(post.starts).tolist()
    dict_entries = ((term, f"[{quoted(term)},{size}{',' + quoted(post.words[term]) if term in post.words else ''}]")
                    for term, size in zip(post.terms, sizes))
    yield from _split(dict_entries, DICT_TARGET, f"{prefix}d/", dict_firsts, as_list=True)


quoted = encode_basestring  # a str as JSON, non-ASCII kept (json.dumps(s, ensure_ascii=False), at C speed)


BLOCK = 200_000  # postings made text at a time: their numbers as Python objects are held for one block only


def _term_entries(post: Postings) -> Iterator[tuple[str, str]]:
    """``(term, '"term":[index,[field,[ref deltas],[weights]],…]')`` in term order."""
    ref, field, weight, starts = post.ref, post.field, post.weight, post.starts
    delta = np.diff(ref, prepend=0)
    new_group = np.ones(len(ref), dtype=bool)
    new_group[1:] = field[1:] != field[:-1]
    new_group[starts[:-1][np.diff(starts) > 0]] = True  # and where a term starts
    delta[new_group] = ref[new_group]  # each (term, field) list starts with an absolute ref
    delta_text, weight_text = _decimals(delta), _decimals(weight)
    t = 0
    while t < len(post.terms):  # terms t to u - 1: about BLOCK postings (one term at least)
        a = int(starts[t])
        u = max(t + 1, int(np.searchsorted(starts, a + BLOCK, side="right")) - 1)
        b = int(starts[u])
        group_starts = np.flatnonzero(new_group[a:b])
        bounds = [*group_starts.tolist(), b - a]
        deltas = list(map(delta_text.__getitem__, delta[a:b].tolist()))
        weights = list(map(weight_text.__getitem__, weight[a:b].tolist()))
        fields = field[a:b].tolist()
        groups = [f"[{fields[i]},[{','.join(deltas[i:j])}],[{','.join(weights[i:j])}]]" for i, j in zip(bounds, bounds[1:])]
        first = np.searchsorted(group_starts, starts[t:u + 1] - a).tolist()  # term k's groups: first[k - t] to the next
        for k in range(t, u):
            yield post.terms[k], f"{quoted(post.terms[k])}:[{post.lunr_index[k]},{','.join(groups[first[k - t]:first[k - t + 1]])}]"
        t = u


def _decimals(numbers: np.ndarray) -> list[str]:
    """The decimal text of every integer from 0 to the largest of ``numbers`` (non-negative, at
    most a few hundred thousand), to be looked up: each value's text made once (str() of each of
    millions of numbers takes twice as long)."""
    if numbers.min(initial=0) < 0:
        raise ValueError("negative postings number")
    return [str(i) for i in range(int(numbers.max(initial=0)) + 1)]


def _split(entries, target: int, folder: str, firsts: list[str], as_list: bool = False) -> Iterator[tuple[str, bytes]]:
    """Serialized entries packed into files of about ``target`` bytes; the first term of each
    appended to ``firsts``."""
    chunk: list[str] = []
    size = 0
    for term, text in entries:
        if not chunk or size + len(text) > target:
            if chunk:
                yield _file(folder, len(firsts) - 1, chunk, as_list)
            firsts.append(term)
            chunk, size = [], 0
        chunk.append(text)
        size += len(text) + 1
    if chunk:
        yield _file(folder, len(firsts) - 1, chunk, as_list)


def _file(folder: str, number: int, entries: list[str], as_list: bool) -> tuple[str, bytes]:
    body = ",".join(entries)
    return f"{folder}{number}.json", (f"[{body}]" if as_list else f"{{{body}}}").encode("utf-8")
