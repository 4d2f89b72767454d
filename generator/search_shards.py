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

import json
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from lunr.stemmer import porter_stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.trimmer import full_re as TRIM

from .search_index import B, FIELDS, K1, SEPARATOR, idf_of

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
    """lunr's postings and BM25 weights of ``documents`` (``ref`` is each document's position)."""
    names = [f["field_name"] for f in FIELDS]
    term_of = WordTerms()
    numbers: dict[str, int] = {}  # term → lunr _index: order of first use
    tid, fld, ref, tf = array("i"), array("b"), array("i"), array("i")
    lengths = np.zeros((len(names), max(1, len(documents))), dtype=np.float64)
    for r, doc in enumerate(documents):
        for f, name in enumerate(names):
            text = doc[name]
            if not text:
                continue
            counts: dict[str, int] = {}
            length = 0
            for word, count in Counter(SEPARATOR.split(text.lower())).items():
                term = term_of[word]
                if term:
                    counts[term] = counts.get(term, 0) + count
                    length += count
            lengths[f, r] = length
            tid.extend([numbers.setdefault(term, len(numbers)) for term in counts])
            tf.extend(counts.values())
            fld.extend([f] * len(counts))
            ref.extend([r] * len(counts))
    return _weigh(list(numbers), np.frombuffer(tid, np.int32), np.frombuffer(fld, np.int8),
                  np.frombuffer(ref, np.int32), np.frombuffer(tf, np.int32), lengths, len(documents),
                  {t: w for t, w in term_of.words.items() if w != t})


class WordTerms(dict):
    """lowercased word → its index term ("" for none), by lunr.py's indexing pipeline: its trimmer,
    stop-word filter and Porter stemmer, called as functions of strings (lunr.py's ``Pipeline``
    wraps every word in a ``Token`` first; the tests check the terms are the same). The words of a
    text are counted before they go through it, so each distinct word is looked up once per field;
    terms are met in the order of their first word, as lunr meets them."""

    def __init__(self):
        super().__init__()
        self.words: dict[str, str] = {}  # term → the first word that gave it (for suggestions)

    def __missing__(self, word: str) -> str:
        kept = trimmed(word)
        term = self[word] = porter_stemmer.stem(kept) if word and kept not in STOP_WORDS else ""
        if term and term not in self.words:
            self.words[term] = kept
        return term


def trimmed(word: str) -> str:
    """lunr.py's trimmer: a word between non-word characters, else the token as it is."""
    match = TRIM.match(word)
    return match.group(1) if match else word


def _weigh(by_number: list[str], tid, fld, ref, tf, lengths: np.ndarray, n: int, words: dict[str, str]) -> Postings:
    """lunr.py's weight expression, in its own operation order, so the doubles are the same."""
    counts = np.bincount(tid, minlength=len(by_number))
    idf = np.array([idf_of(int(c), n) for c in counts], dtype=np.float64)
    average = lengths.sum(axis=1) / max(1, n)
    boost = np.array([f["boost"] for f in FIELDS], dtype=np.float64)[fld]
    with np.errstate(divide="ignore", invalid="ignore"):
        norm = K1 * (1 - B + B * (lengths[fld, ref] / average[fld]))
    tfs = tf.astype(np.float64)
    weight = idf[tid] * ((K1 + 1) * tfs) / (norm + tfs) * boost
    order_of = sorted(range(len(by_number)), key=lambda t: utf16(by_number[t]))
    rank = np.empty(len(by_number), dtype=np.int64)
    rank[order_of] = np.arange(len(by_number))
    order = np.lexsort((ref, fld, rank[tid]))
    starts = np.searchsorted(rank[tid][order], np.arange(len(by_number) + 1))
    return Postings([by_number[t] for t in order_of], order_of, starts, fld[order], ref[order],
                    _thousandths(weight[order]), words)


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
    sizes = np.diff(post.starts)
    dict_entries = ((term, json.dumps([term, int(size), *([post.words[term]] if term in post.words else [])],
                                      ensure_ascii=False)) for term, size in zip(post.terms, sizes))
    dict_firsts = _split(dict_entries, DICT_TARGET, f"{prefix}d/", files, as_list=True)
    return files, post_firsts, dict_firsts


def _term_entries(post: Postings):
    """``(term, '"term":[index,[field,[ref deltas],[weights]],…]')`` in term order."""
    ref, field, weight = post.ref, post.field, post.weight
    delta = np.diff(ref, prepend=0)
    new_group = np.ones(len(ref), dtype=bool)
    new_group[1:] = field[1:] != field[:-1]
    new_group[post.starts[:-1][np.diff(post.starts) > 0]] = True  # and where a term starts
    delta[new_group] = ref[new_group]  # each (term, field) list starts with an absolute ref
    group_starts = np.flatnonzero(new_group)
    deltas, weights, fields = delta.tolist(), weight.tolist(), field.tolist()
    g = 0
    for t, term in enumerate(post.terms):
        end = int(post.starts[t + 1])
        parts = []
        while g < len(group_starts) and group_starts[g] < end:
            a = int(group_starts[g])
            b = int(group_starts[g + 1]) if g + 1 < len(group_starts) and group_starts[g + 1] < end else end
            parts.append(f"[{fields[a]},[{','.join(map(str, deltas[a:b]))}],[{','.join(map(str, weights[a:b]))}]]")
            g += 1
        yield term, f"{json.dumps(term, ensure_ascii=False)}:[{post.lunr_index[t]},{','.join(parts)}]"


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
