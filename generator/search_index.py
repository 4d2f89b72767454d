"""The client-side search index, prebuilt with lunr.py so the browser only loads it.

What is indexed is a design choice for scale: title, authors, topics, id and the paper's top
TF-IDF key terms — not the full abstract, which would make a 10,000-paper index about 38 MB.
Results show the plain title, the topics and the one-sentence summary from ``search-docs.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import lunr.stemmer
from lunr import lunr as build_lunr

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


def build_index(documents: list[dict]) -> str:
    """Serialized lunr index (lunr.js 2.3.9 loads it with ``lunr.Index.load``)."""
    _memoize_stemmer()
    split = [{"ref": d["ref"], **{f["field_name"]: words(d[f["field_name"]]) for f in FIELDS}} for d in documents]
    index = build_lunr(ref="ref", fields=FIELDS, documents=split)
    return json.dumps(index.serialize(), separators=(",", ":"), ensure_ascii=False)


def _memoize_stemmer() -> None:
    """lunr.py's Porter stemmer is a pure function of the word, and most of the index build's
    time at 10,000 papers: remember its answers (the index is byte-identical)."""
    stemmer = lunr.stemmer.porter_stemmer
    if not hasattr(stemmer, "digest_site_cached"):
        cached = lru_cache(maxsize=200_000)(lunr.stemmer.PorterStemmer().stem)
        stemmer.stem = lambda word, metadata=None: cached(word)
        stemmer.digest_site_cached = True


def result_documents(papers: Sequence[Paper], topic_names: Mapping[str, str], urls: Sequence[str]) -> str:
    """What a result shows, by ref: plain title, page URL from the site root, topics, summary."""
    docs = [
        {"t": p.title_text, "u": url, "c": [topic_names.get(m.topic, m.topic) for m in p.topics], "s": p.summary}
        for p, url in zip(papers, urls)
    ]
    return json.dumps({"docs": docs}, separators=(",", ":"), ensure_ascii=False)
