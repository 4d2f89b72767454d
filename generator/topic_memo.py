"""Topics and subtopics of the previous build, reused when every input is the same.

Assigning topics, suggesting subtopics for large topics and assigning subtopics fit TF-IDF spaces
on the whole collection and the topic model: at 10,000 papers, tens of seconds per build. Their
result is a function of the papers (every field), the topics, the topic model's records and the
code, and of nothing else. A paper's result cannot be cached on its own: the terms that explain a
match are spelled as the words are written across every text the build reads. So the build cache
keeps the last result whole (``topics.json``), under the SHA-256 of all those inputs, with the
warnings it logged; a build with the same inputs (nothing changed, or only templates, theme or
configuration) reuses it and logs the same warnings. Any other build computes it again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from .cache import BuildCache, code_fingerprint
from .model import Paper, Topic, TopicMatch
from .subtopics import assign_subtopics, complete_subtopics
from .topics import assign_topics, main_topics

log = logging.getLogger("digest_site")
NAME = "topics"  # the cache file: topics.json


def match_topics(papers: Sequence[Paper], topics: Sequence[Topic], model: Sequence[Paper],
                 cache: BuildCache | None) -> tuple[list[Paper], tuple[Topic, ...]]:
    """Papers with their topic and subtopic matches, and the topics with suggested subtopics."""
    def compute() -> tuple[list[Paper], tuple[Topic, ...]]:
        assigned = assign_topics(papers, main_topics(topics), model)
        completed = complete_subtopics(assigned, topics, model)
        return assign_subtopics(assigned, completed, model), completed

    if cache is None:
        return compute()
    key = inputs_hash(papers, topics, model)
    stored = cache.load(NAME)
    if stored.get("key") == key and len(stored.get("papers", ())) == len(papers):
        for message in stored["warnings"]:
            log.warning("%s", message)
        return ([_with_matches(p, found) for p, found in zip(papers, stored["papers"])],
                tuple(Topic(slug, name, description, tuple(keywords), parent)
                      for slug, name, description, keywords, parent in stored["topics"]))
    with _warnings() as warnings:
        matched, completed = compute()
    cache.save(NAME, {"key": key, "warnings": warnings,
                      "papers": [[[m.topic, m.score, list(m.terms)] for m in p.topics] for p in matched],
                      "topics": [[t.slug, t.name, t.description, list(t.keywords), t.parent] for t in completed]})
    return matched, completed


def inputs_hash(papers: Sequence[Paper], topics: Sequence[Topic], model: Sequence[Paper]) -> str:
    """The SHA-256 of the code, the topics, the model's records and the papers, every field."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in (repr(tuple(topics)), f"model {len(model)}", *map(repr, model), f"papers {len(papers)}",
                 *map(repr, papers)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _with_matches(paper: Paper, found: list) -> Paper:
    return replace(paper, topics=tuple(TopicMatch(topic, score, tuple(terms)) for topic, score, terms in found))


@contextmanager
def _warnings() -> Iterator[list[str]]:
    """The warnings logged meanwhile (as they were logged, too)."""
    found: list[str] = []
    handler = _Collect(found.append)
    log.addHandler(handler)
    try:
        yield found
    finally:
        log.removeHandler(handler)


class _Collect(logging.Handler):
    def __init__(self, keep: Callable[[str], None]):
        super().__init__(logging.WARNING)
        self.keep = keep

    def emit(self, record: logging.LogRecord) -> None:
        self.keep(record.getMessage())
