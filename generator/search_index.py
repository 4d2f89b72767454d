"""The client-side search index, prebuilt with lunr.py so the browser only loads it.

What is indexed is a design choice for scale: title, authors, topics, id and the paper's top
TF-IDF key terms — not the full abstract, which would make a 10,000-paper index about 38 MB.
Results show the plain title, the topics and the one-sentence summary from ``search-docs.json``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from lunr import lunr

from .model import Paper

FIELDS = [
    {"field_name": "title", "boost": 10},
    {"field_name": "authors", "boost": 3},
    {"field_name": "topics", "boost": 2},
    {"field_name": "id", "boost": 5},
    {"field_name": "keywords", "boost": 1},
]


def search_documents(papers: Sequence[Paper], topic_names: Mapping[str, str]) -> list[dict]:
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


def build_index(documents: list[dict]) -> str:
    """Serialized lunr index (lunr.js 2.3.9 loads it with ``lunr.Index.load``)."""
    index = lunr(ref="ref", fields=FIELDS, documents=documents)
    return json.dumps(index.serialize(), separators=(",", ":"), ensure_ascii=False)


def result_documents(papers: Sequence[Paper], topic_names: Mapping[str, str], urls: Sequence[str]) -> str:
    """What a result shows, by ref: plain title, page URL from the site root, topics, summary."""
    docs = [
        {"t": p.title_text, "u": url, "c": [topic_names.get(m.topic, m.topic) for m in p.topics], "s": p.summary}
        for p, url in zip(papers, urls)
    ]
    return json.dumps({"docs": docs}, separators=(",", ":"), ensure_ascii=False)
