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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain
from json.encoder import encode_basestring

import numpy as np

from lunr.stemmer import porter_stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.trimmer import full_re as TRIM

from . import parallel
from .search_index import B, FIELDS, K1, idf_of, words

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

    Each field's text is split by lunr's tokenizer into words; every word becomes a number (one
    dictionary lookup per word, in C), each distinct word goes through lunr's pipeline once, and
    the (field, document, term) counts are counted by numpy. ``stems`` (trimmed word → term,
    from an earlier build) saves running the stemmer on the words it holds."""
    names = [f["field_name"] for f in FIELDS]
    vocabulary = _Numbers()  # lowercased word → its number, in order of first use
    word_ids, sizes = _numbered(documents, names, vocabulary)
    term_of_word, terms, words, met = _terms(list(vocabulary), stems or {})
    del vocabulary
    term, fld, ref, tf, lengths = _counted(word_ids, sizes, term_of_word, len(terms), len(names), len(documents))
    return replace(_weigh(terms, term, fld, ref, tf, lengths, len(documents), words), stems=met)


def _counted(word_ids: np.ndarray, sizes: np.ndarray, term_of_word: np.ndarray, terms: int, fields: int,
             documents: int) -> tuple[np.ndarray, ...]:
    """Each (term, field, document) met and how often (term, field, ref, tf, in that order), and
    each field's length in words per document. Every array with an entry per word is freed as
    soon as it is used (at 100,000 papers each is 70 to 150 MB)."""
    segment = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)  # each word's (document, field)
    token_terms = term_of_word[word_ids]
    kept = token_terms >= 0
    token_terms, segment = token_terms[kept], segment[kept]
    del kept
    lengths = np.zeros((fields, max(1, documents)))
    lengths[:, :documents] = np.bincount(segment, minlength=len(sizes)).reshape(-1, fields).T
    pairs = segment.astype(np.int64)
    del segment
    pairs *= terms
    pairs += token_terms
    del token_terms
    pair_term, tf = np.unique(pairs, return_counts=True)
    del pairs
    pair, term = np.divmod(pair_term, max(1, terms))
    del pair_term
    ref, fld = np.divmod(pair, fields)
    return term, fld.astype(np.int8), ref.astype(np.int32), tf.astype(np.int32), lengths


CHUNK = 1_000  # documents split at a time: their words as strings are held only for one chunk


class _Numbers(dict):
    def __missing__(self, key: str) -> int:
        number = self[key] = len(self)
        return number


def _numbered(documents: Sequence[Mapping[str, str]], names: list[str], vocabulary: _Numbers) -> tuple[np.ndarray, np.ndarray]:
    """The number of every word of the documents' fields, in lunr's order (document, field, word),
    and how many words each (document, field) has. Chunks of documents are split on every core,
    each numbering its own words; their numbers then become the collection's, in order of first
    use as if one loop had split them all."""
    chunks = [documents[start:start + CHUNK] for start in range(0, len(documents), CHUNK)]
    ids, sizes = [np.zeros(0, np.int32)], [np.zeros(0, np.int64)]
    for chunk_words, chunk_ids, chunk_sizes in parallel.map_items(partial(_chunk_numbered, names=names), chunks, 2):
        numbers = np.fromiter(map(vocabulary.__getitem__, chunk_words), dtype=np.int32, count=len(chunk_words))
        ids.append(numbers[chunk_ids])
        sizes.append(chunk_sizes)
    return np.concatenate(ids), np.concatenate(sizes)


def _chunk_numbered(documents: Sequence[Mapping[str, str]], names: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The distinct words of the documents in order of first use, the number of every word among
    them and the words of each (document, field). lunr lowercases the text, then splits it."""
    numbers = _Numbers()
    split = [words(doc[name].lower()) for doc in documents for name in names]
    sizes = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
    ids = np.fromiter(map(numbers.__getitem__, chain.from_iterable(split)), dtype=np.int32, count=int(sizes.sum()))
    return list(numbers), ids, sizes


def _terms(vocabulary: list[str], known: Mapping[str, str]) -> tuple[np.ndarray, list[str], dict[str, str], dict[str, str]]:
    """Each word's term number (-1 when lunr's pipeline drops it), the terms in order of first use
    (lunr's ``_index``: the words come in order of first use), for each term the first word
    (trimmed) that gave it when it is not the term itself (for suggestions), and the stem of each
    trimmed word (from ``known`` when it is there; the others are stemmed on every core)."""
    kept_words = [trimmed(word) if word else "" for word in vocabulary]
    stems = {kept: known[kept] for kept in kept_words if kept in known}
    new = [kept for kept in dict.fromkeys(kept_words) if kept and kept not in stems and kept not in STOP_WORDS]
    stems.update(zip(new, parallel.map_items(porter_stemmer.stem, new)))
    numbers: dict[str, int] = {}
    words: dict[str, str] = {}
    out = np.empty(len(vocabulary), dtype=np.int32)
    for i, kept in enumerate(kept_words):
        if not kept or kept in STOP_WORDS:
            out[i] = -1
            continue
        term = stems[kept]
        if term not in numbers:
            numbers[term] = len(numbers)
            if term != kept:
                words[term] = kept
        out[i] = numbers[term]
    return out, list(numbers), words, stems


def trimmed(word: str) -> str:
    """lunr.py's trimmer: a word between non-word characters, else the token as it is."""
    match = TRIM.match(word)
    return match.group(1) if match else word


def _weigh(by_number: list[str], tid, fld, ref, tf, lengths: np.ndarray, n: int, words: dict[str, str]) -> Postings:
    """lunr.py's weight expression, in its own operation order, so the doubles are the same."""
    counts, inverse = np.unique(np.bincount(tid, minlength=len(by_number)), return_inverse=True)
    idf = np.array([idf_of(int(c), n) for c in counts], dtype=np.float64)[inverse]  # once per count
    average = lengths.sum(axis=1) / max(1, n)
    boost = np.array([f["boost"] for f in FIELDS], dtype=np.float64)[fld]
    with np.errstate(divide="ignore", invalid="ignore"):
        norm = K1 * (1 - B + B * (lengths[fld, ref] / average[fld]))
    tfs = tf.astype(np.float64)
    weight = idf[tid] * ((K1 + 1) * tfs) / (norm + tfs) * boost
    del boost, norm, tfs  # arrays of a number per posting, as most here: free each once used
    order_of = sorted(range(len(by_number)), key=lambda t: utf16(by_number[t]))
    rank = np.empty(len(by_number), dtype=np.int64)
    rank[order_of] = np.arange(len(by_number))
    term_rank = rank[tid]
    order = np.lexsort((ref, fld, term_rank))
    term_rank = term_rank[order]
    starts = np.searchsorted(term_rank, np.arange(len(by_number) + 1))
    del term_rank
    weight = _thousandths(weight[order])
    return Postings([by_number[t] for t in order_of], order_of, starts, fld[order], ref[order], weight, words, {})


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
    files: dict[str, bytes] = {}
    post_firsts = _split(_term_entries(post), POSTINGS_TARGET, f"{prefix}p/", files)
    sizes = np.diff(post.starts).tolist()
    dict_entries = ((term, f"[{quoted(term)},{size}{',' + quoted(post.words[term]) if term in post.words else ''}]")
                    for term, size in zip(post.terms, sizes))
    dict_firsts = _split(dict_entries, DICT_TARGET, f"{prefix}d/", files, as_list=True)
    return files, post_firsts, dict_firsts


quoted = encode_basestring  # a str as JSON, non-ASCII kept (json.dumps(s, ensure_ascii=False), at C speed)


BLOCK = 200_000  # postings made text at a time: their numbers as Python objects are held for one block only


def _term_entries(post: Postings):
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


def _split(entries, target: int, folder: str, files: dict[str, bytes], as_list: bool = False) -> list[str]:
    """Pack serialized entries into files of about ``target`` bytes; the first term of each."""
    firsts: list[str] = []
    chunk: list[str] = []
    size = 0

    def flush() -> None:
        body = ",".join(chunk)
        text = f"[{body}]" if as_list else f"{{{body}}}"
        files[f"{folder}{len(firsts) - 1}.json"] = text.encode("utf-8")

    for term, text in entries:
        if not chunk or size + len(text) > target:
            if chunk:
                flush()
            firsts.append(term)
            chunk, size = [], 0
        chunk.append(text)
        size += len(text) + 1
    if chunk:
        flush()
    return firsts
