"""Topic and subtopic matches of earlier builds, reused paper by paper.

With a topic model (:func:`generator.topics.model_records`), each paper is scored on its own in a
space weighted by the model's records alone (:func:`generator.topics.assign_topics`): a paper's
topic matches are a function of its own text and categories, the model's records and the topics.
Its subtopic matches are a function of the same, its topic matches and the subtopics, as long as
the model holds records of its topics (else its topic's papers are scored in a space of their own:
such matches are never stored). The suggested subtopics are a function of the model's records,
the topics and which topics are large enough to get them (:func:`generator.subtopics.crowded_topics`).

So the build cache keeps, under a fingerprint of the code, the model's records and the topics
(``topics.json``, ``model-topics.json``, ``subtopics.json``, ``suggested.json``), each paper's
matches keyed by the SHA-256 of what the scoring reads of it, and the suggested subtopics keyed by
the large topics. A build scores only the papers whose text (or topics) it has not seen: a new
digest costs one fit of the model with its papers, not of the whole collection. A cache of
another code, model or topics version is ignored; a damaged one too (:class:`BuildCache`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .cache import BuildCache, code_fingerprint, sha256
from .model import Paper, Topic, TopicMatch
from .subtopics import assign_subtopics, complete_subtopics, crowded_topics, report_suggested
from .topics import MODEL_ROW, assign_topics, main_topics

Assign = Callable[[list[Paper]], list[Paper]]


def match_topics(papers: Sequence[Paper], topics: Sequence[Topic], model: Sequence[Paper],
                 cache: BuildCache | None) -> tuple[list[Paper], tuple[Topic, ...]]:
    """Papers with their topic and subtopic matches, and the topics with the suggested subtopics
    (``assign_topics``, ``complete_subtopics``, ``assign_subtopics``), reusing the cache's."""
    main = main_topics(topics)
    if cache is None or not model or not main:
        papers = assign_topics(papers, main, model)
        topics = complete_subtopics(papers, topics, model)
        return assign_subtopics(papers, topics, model), topics
    memo = TopicMemo(cache, _model_hash(model))
    papers = memo.matches("topics", papers, main, lambda todo: assign_topics(todo, main, model))
    named = [dataclasses.replace(p, slug=f"{MODEL_ROW}row:{i}") for i, p in enumerate(model)]
    fitted = memo.matches("model-topics", named, main, lambda todo: assign_topics(todo, main, model))
    topics = memo.suggested(papers, topics, lambda: complete_subtopics(papers, topics, model, fitted))
    modelled = {m.topic for p in fitted for m in p.topics}  # topics the model holds records of
    parents = {t.parent for t in topics if t.parent}
    papers = memo.matches("subtopics", papers, topics, lambda todo: assign_subtopics(todo, topics, model, fitted),
                          storable=lambda p: all(m.topic in modelled for m in p.topics if m.topic in parents))
    return papers, topics


@dataclass(frozen=True)
class TopicMemo:
    cache: BuildCache
    model: str  # the SHA-256 of the model's records

    def base(self, topics: Sequence[Topic]) -> str:
        return sha256(f"{code_fingerprint()}\0{self.model}\0{tuple(topics)!r}".encode("utf-8", "surrogatepass"))

    def _load(self, name: str, base: str) -> dict:
        found = self.cache.load(name)
        return found.get("entries", {}) if found.get("base") == base else {}

    def matches(self, name: str, papers: Sequence[Paper], topics: Sequence[Topic], assign: Assign,
                storable: Callable[[Paper], bool] = lambda p: True) -> list[Paper]:
        """``assign(papers)``, computed only for the papers whose matches the cache does not hold."""
        base = self.base(topics)
        stored = self._load(name, base)
        keys = [paper_key(p) for p in papers]
        todo = {key: p for p, key in zip(papers, keys) if key not in stored}  # the same text once
        fresh = dict(zip(todo, assign(list(todo.values())))) if todo else {}
        result = [dataclasses.replace(p, topics=fresh[key].topics) if key in fresh
                  else dataclasses.replace(p, topics=_matches(stored[key])) for p, key in zip(papers, keys)]
        records = {key: stored[key] if key in stored else _json(fresh[key].topics)
                   for key, p in zip(keys, result) if key in stored or storable(p)}
        if records != stored:
            self.cache.save(name, {"base": base, "entries": records})
        return result

    def suggested(self, papers: Sequence[Paper], topics: Sequence[Topic],
                  complete: Callable[[], tuple[Topic, ...]]) -> tuple[Topic, ...]:
        """``complete()`` (the topics with suggested subtopics), or the cache's result for the
        same model, topics and large topics."""
        large = crowded_topics(papers, topics)
        base = sha256(f"{self.base(topics)}\0{list(large)!r}".encode())
        stored = self._load("suggested", base)
        if "topics" in stored:
            result = tuple(Topic(slug, name, description, tuple(keywords), parent)
                           for slug, name, description, keywords, parent in stored["topics"])
            for topic in topics:
                if topic.slug in large:
                    report_suggested(topic, large[topic.slug], [t for t in result if t.parent == topic.slug])
            return result
        result = complete()
        self.cache.save("suggested", {"base": base, "entries": {"topics": [
            [t.slug, t.name, t.description, list(t.keywords), t.parent] for t in result]}})
        return result


def paper_key(paper: Paper) -> str:
    """What topic and subtopic scoring read of a paper: its texts, categories and matches so far."""
    return sha256(json.dumps([paper.title, paper.abstract, paper.title_text, paper.abstract_text,
                              list(paper.categories), _json(paper.topics)]).encode("utf-8", "surrogatepass"))


def _model_hash(model: Sequence[Paper]) -> str:
    digest = hashlib.sha256()
    for record in model:
        digest.update(repr(record).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _json(matches: Sequence[TopicMatch]) -> list:
    return [[m.topic, m.score, list(m.terms)] for m in matches]


def _matches(data: list) -> tuple[TopicMatch, ...]:
    return tuple(TopicMatch(topic, score, tuple(terms)) for topic, score, terms in data)
