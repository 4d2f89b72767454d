"""The client-side search index, prebuilt so the browser only loads it (``lunr.Index.load``).

What is indexed is a design choice for scale: title, authors, topics, id and the paper's top
TF-IDF key terms — not the full abstract, which would make a 10,000-paper index about 38 MB.
Results show the plain title, the topics and the one-sentence summary from ``search-docs.json``.

The index is the one lunr.py 0.8 builds, byte for byte (the tests compare the two), and lunr.py
processes every word: its indexing pipeline, stop words, stemmer and idf. What is done here is
lunr's bookkeeping, over distinct words instead of an object per token: at 10,000 papers
lunr.py's own builder took 6.4 s, this 2.5 s, in one run.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence

import lunr
from lunr import get_default_builder
from lunr.idf import idf

from .model import Paper

FIELDS = [
    {"field_name": "title", "boost": 10},
    {"field_name": "authors", "boost": 3},
    {"field_name": "topics", "boost": 2},
    {"field_name": "id", "boost": 5},
    {"field_name": "keywords", "boost": 1},
]


SEPARATOR = re.compile(r"[ \t\n\r\f\v\xa0-]+")  # lunr's own separator characters


def search_documents(papers: Sequence[Paper], topic_names: Mapping[str, str]) -> list[dict]:
    """One document per paper: the text of each field."""
    return [
        {
            "ref": str(i),
            "title": p.title_text,
            "authors": " ".join(p.authors),
            "topics": " ".join(topic_names.get(m.topic, m.topic) for m in p.topics),
            "id": p.id,
            "keywords": " ".join(p.keywords),
        }
        for i, p in enumerate(papers)
    ]


def words(text: str) -> list[str]:
    """lunr's tokenizer, at C speed: lunr takes a list as tokens that are only lowercased."""
    return [w for w in SEPARATOR.split(text) if w]


def build_index(documents: Sequence[Mapping[str, str]]) -> str:
    """The serialized lunr index of ``documents`` (a "ref" and the text of each field)."""
    fields = [(f["field_name"], f["boost"]) for f in FIELDS]
    terms_of = _Terms()
    postings = _Postings([name for name, _ in fields])
    counted = []  # (field name, ref, {term: count}, field length) in lunr's order
    for doc in documents:
        ref = str(doc["ref"])
        for name, _ in fields:
            terms = [term for word in words(doc[name]) for term in terms_of[word]]
            counts = Counter(terms)  # in order of first use, as lunr counts them
            for term in counts:
                postings[term][name][ref] = {}
            counted.append((name, ref, counts, len(terms)))
    return json.dumps(_serialize(fields, counted, postings, len(documents)), separators=(",", ":"), ensure_ascii=False)


class _Terms(dict):
    """word → its index terms, by lunr's indexing pipeline (trimmer, stop-word filter, stemmer)."""

    def __init__(self):
        super().__init__()
        self.pipeline = get_default_builder().pipeline

    def __missing__(self, word: str) -> tuple[str, ...]:
        terms = self[word] = tuple(self.pipeline.run_string(word.lower()))
        return terms


class _Postings(dict):
    """term → {field: {ref: {}}, "_index": n}, numbered in order of first use."""

    def __init__(self, fields: list[str]):
        super().__init__()
        self.fields = fields

    def __missing__(self, term: str) -> dict:
        posting = self[term] = {**{field: {} for field in self.fields}, "_index": len(self)}
        return posting


def _serialize(fields: list[tuple[str, int]], counted: list, postings: dict[str, dict], n: int) -> dict:
    """lunr's BM25 field vectors (k1 1.2, b 0.75, weights rounded to 3 places) and inverted index."""
    k1, b = 1.2, 0.75
    boosts = dict(fields)
    lengths = {name: 0 for name, _ in fields}
    for name, _, _, length in counted:
        lengths[name] += length
    docs = max(1, len(counted) // len(fields))
    average = {name: lengths[name] / docs for name, _ in fields}
    terms = {term: (posting["_index"], idf(posting, n)) for term, posting in postings.items()}
    vectors = []
    for name, ref, counts, length in counted:
        if not counts:  # an empty field (maybe in every paper: no average length to divide by)
            vectors.append([f"{name}/{ref}", []])
            continue
        norm, boost = k1 * (1 - b + b * (length / average[name])), boosts[name]
        weights = sorted((terms[term][0], round(terms[term][1] * ((k1 + 1) * tf) / (norm + tf) * boost, 3))
                         for term, tf in counts.items())
        vectors.append([f"{name}/{ref}", [x for pair in weights for x in pair]])
    return {
        "version": lunr.__TARGET_JS_VERSION__,
        "fields": [name for name, _ in fields],
        "fieldVectors": vectors,
        "invertedIndex": [[term, postings[term]] for term in sorted(postings)],
        "pipeline": get_default_builder().search_pipeline.serialize(),
    }


def result_documents(papers: Sequence[Paper], topic_names: Mapping[str, str], urls: Sequence[str]) -> str:
    """What a result shows, by ref: plain title, page URL from the site root, topics, summary."""
    docs = [
        {"t": p.title_text, "u": url, "c": [topic_names.get(m.topic, m.topic) for m in p.topics], "s": p.summary}
        for p, url in zip(papers, urls)
    ]
    return json.dumps({"docs": docs}, separators=(",", ":"), ensure_ascii=False)
