"""Topic and subtopic matches of earlier builds, reused paper by paper.

With a topic model (:func:`generator.topics.model_records`), each paper is scored on its own in a
space weighted by the model's records alone (:func:`generator.topics.assign_topics`): a paper's
topic matches are a function of its own text and categories, the model's records and the topics,
and of one thing more: the terms that explain a match are spelled as the words are written
across every text the build folded (:func:`generator.vectors.spelled`). Its subtopic matches are
a function of the same and its topic matches, as long as the model holds records of its topics
(else a topic's papers are scored in a space of their own: such matches are never stored). The
suggested subtopics are a function of the model's records, the topics, which topics are large
enough to get them (:func:`generator.subtopics.crowded_topics`) and spellings.

So every build first folds every text it will compare (the papers, the model's records, the
topics' words), the same in a full and an incremental build, and the build cache keeps, under a
fingerprint of the code, the model's records and the topics (``topic-matches.json``,
``model-matches.json``, ``subtopic-matches.json``, ``suggested.json``, ``subtopic-suggestions.json``),
each paper's matches keyed by the SHA-256 of what the scoring reads of it (each of the model's
records by its place: the model's hash is part of the key of the whole file), with the spelling of
every word of their terms; the suggested subtopics keyed by the large topics, with every spelling
the suggestion read; and each large topic's clusters and named subtopics
(:class:`generator.subtopics.Kept`), so that a topic newly large is the only one clustered. An
entry is reused only when those words are still spelled so: a new digest that writes a word in a
new way recomputes the matches it spells. A build scores only the papers it cannot
reuse, in the space a full build fits (the whole collection's rows, weighted by the model's
records alone), which related papers then use again. Fitted with the new papers alone, it left
related papers a fit of their own to make: at 10,000 papers, with a new digest, related papers
now take 0.4-0.5 s less, and this stage 0.1-0.4 s more (measured). Subtopics are scored in each
topic's space of its model records, kept in the cache too (:class:`SubtopicSpaces`) and grown by
the papers scored (:func:`generator.vectors.grown`), not fitted again.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import writer
from .cache import BuildCache, code_fingerprint, sha256, texts_digest, with_rest
from .model import Paper, Topic, TopicMatch, replaced
from .subtopics import Kept, assign_subtopics, complete_subtopics, crowded_topics, named_records, report_suggested
from .topics import assign_topics, assign_with_model, main_topics
from .vectors import (Vectors, fold_texts, paper_text, recorded_spellings, space_arrays, space_of, spelled_alike,
                      spellings_of)

Assign = Callable[[list[Paper]], list[Paper]]
log = logging.getLogger("digest_site")


def match_topics(papers: Sequence[Paper], topics: Sequence[Topic], model: Sequence[Paper],
                 cache: BuildCache | None) -> tuple[list[Paper], tuple[Topic, ...]]:
    """Papers with their topic and subtopic matches, and the topics with the suggested subtopics
    (``assign_topics``, ``complete_subtopics``, ``assign_subtopics``), reusing the cache's."""
    main = main_topics(topics)
    fold_texts([*texts_of(papers), *texts_of(model), *topic_words(topics)])
    named = named_records(model)
    if cache is None or not model or not main:
        papers, rows = assign_with_model(papers, main, model, model_rows=bool(model))
        fitted = [replaced(p, topics=row.topics) for p, row in zip(named, rows)] if model and main else None
        topics = complete_subtopics(papers, topics, model, fitted)
        fold_texts(topic_words(topics))
        return assign_subtopics(papers, topics, model, fitted), topics
    memo = TopicMemo(cache, _model_hash(model))
    rows: list[Paper] = []  # the model's records with their topics, when the papers' fit gave them

    def assign_papers(todo: list[Paper]) -> list[Paper]:  # the records' topics too when none are stored
        found, rows[:] = assign_with_model(todo, main, model, model_rows=not memo.holds("model-matches", main),
                                           everyone=papers)
        return found

    def assign_named(todo: list[Paper]) -> list[Paper]:
        if not rows:
            return assign_topics(todo, main, model)
        position = {p.slug: i for i, p in enumerate(named)}
        return [replaced(p, topics=rows[position[p.slug]].topics) for p in todo]

    texts = [texts_of_paper(p) for p in papers]  # (the papers' keys differ by their matches alone)
    papers = memo.matches("topic-matches", papers, main, assign_papers, keys=[paper_key(p, t) for p, t in zip(papers, texts)])
    fitted = memo.matches("model-matches", named, main, assign_named, keys=[p.slug for p in named])  # (of the model)
    topics = memo.suggested(papers, topics, lambda kept: complete_subtopics(papers, topics, model, fitted, kept))
    fold_texts(topic_words(topics))
    modelled = {m.topic for p in fitted for m in p.topics}  # topics the model holds records of
    parents = {t.parent for t in topics if t.parent}
    if parents:
        spaces = SubtopicSpaces(cache, memo.base(topics))
        papers = memo.matches("subtopic-matches", papers, topics,
                              lambda todo: assign_subtopics(todo, topics, model, fitted, spaces),
                              storable=lambda p: all(m.topic in modelled for m in p.topics if m.topic in parents),
                              keys=[paper_key(p, t) for p, t in zip(papers, texts)])
        spaces.save(topics)
    return papers, topics


def texts_of(papers: Sequence[Paper]) -> list[str]:
    return [text for p in papers for text in paper_text(p)]


def topic_words(topics: Sequence[Topic]) -> list[str]:
    return [text for t in topics for text in (t.name, t.description, *t.keywords)]


@dataclass(frozen=True)
class TopicMemo:
    cache: BuildCache
    model: str  # the SHA-256 of the model's records

    def base(self, topics: Sequence[Topic]) -> str:
        return sha256(f"{code_fingerprint()}\0{self.model}\0{tuple(topics)!r}".encode("utf-8", "surrogatepass"))

    def _load(self, name: str, base: str) -> dict:
        found = self.cache.load(name)
        return found.get("entries", {}) if found.get("base") == base else {}

    def holds(self, name: str, topics: Sequence[Topic]) -> bool:
        """Whether the cache holds matches under ``name`` for this model and ``topics``."""
        return bool(self._load(name, self.base(topics)))

    def matches(self, name: str, papers: Sequence[Paper], topics: Sequence[Topic], assign: Assign,
                storable: Callable[[Paper], bool] = lambda p: True, keys: Sequence[str] | None = None) -> list[Paper]:
        """``assign(papers)``, computed only for the papers whose matches the cache does not hold
        (or holds with a word now spelled otherwise); ``keys``: the papers' :func:`paper_key`, or
        names that stand for what the scoring reads of them given the model (the model's records')."""
        base = self.base(topics)
        stored = self._load(name, base)
        keys = [paper_key(p) for p in papers] if keys is None else keys
        now: dict[str, str] = {}  # normal form → its spelling (no text is folded meanwhile)
        valid = {key for key in dict.fromkeys(keys) if key in stored and spelled_alike(stored[key][1], now)}
        todo = {key: p for p, key in zip(papers, keys) if key not in valid}  # the same text once
        fresh = dict(zip(todo, assign(list(todo.values())))) if todo else {}
        result = [replaced(p, topics=fresh[key].topics) if key in fresh
                  else replaced(p, topics=_matches(stored[key][0])) for p, key in zip(papers, keys)]
        spellings: dict[str, tuple[str, bool]] = {}  # word → its normal form, and whether spelled so
        records = {key: stored[key] if key in valid else _record(p.topics, spellings)
                   for key, p in zip(keys, result) if key in valid or storable(p)}
        if records != stored:
            self.cache.save(name, {"base": base, "entries": records})
        return result

    def suggested(self, papers: Sequence[Paper], topics: Sequence[Topic],
                  complete: Callable[[Kept], tuple[Topic, ...]]) -> tuple[Topic, ...]:
        """``complete(kept)`` (the topics with suggested subtopics; ``kept``: what earlier
        suggestions made of each large topic, which it brings up to date), or the cache's result
        for the same model, topics and large topics when every word it spelled is spelled alike."""
        large = crowded_topics(papers, topics)
        base = sha256(f"{self.base(topics)}\0{list(large)!r}".encode())
        stored = self._load("suggested", base)
        if "topics" in stored and spelled_alike(stored["spellings"]):
            result = tuple(Topic(slug, name, description, tuple(keywords), parent)
                           for slug, name, description, keywords, parent in stored["topics"])
            for topic in topics:
                if topic.slug in large:
                    report_suggested(topic, large[topic.slug], [t for t in result if t.parent == topic.slug])
            return result
        stored_kept = self._load(KEPT, self.base(topics))  # a function of the model and topics (see Kept)
        kept = Kept({slug: None if labels is None else np.array(labels, dtype=int)
                     for slug, labels in stored_kept.get("clusters", {}).items()}, stored_kept.get("names", {}))
        with recorded_spellings() as spellings:
            result = complete(kept)
        clusters = {slug: None if labels is None else labels.tolist() for slug, labels in kept.clusters.items()}
        if {"clusters": clusters, "names": kept.names} != stored_kept:
            self.cache.save(KEPT, {"base": self.base(topics), "entries": {"clusters": clusters, "names": kept.names}})
        self.cache.save("suggested", {"base": base, "entries": {"spellings": spellings, "topics": [
            [t.slug, t.name, t.description, list(t.keywords), t.parent] for t in result]}})
        return result


KEPT = "subtopic-suggestions"  # each large topic's clusters and named subtopics (subtopics.Kept)
SPACES = "subtopic-spaces"  # the list of topics' spaces (SubtopicSpaces), and the folder of their files


@dataclass
class SubtopicSpaces:
    """Each topic's space of its model records and its subtopics' words, kept between builds
    (:func:`generator.subtopics.assign_subtopics`): NumPy files in the cache's folder
    ``subtopic-spaces/``, listed with the SHA-256 of their bytes in ``subtopic-spaces.json`` under
    a key of what the space depends on: the code, the model's records and the topics (``base``:
    :meth:`TopicMemo.base`), the topic and which records are its. A file listed under another
    key, missing, or whose bytes do not match is not read: the space is fitted again. About 1 MB
    per topic at 10,000 papers (6,530 model records)."""

    cache: BuildCache
    base: str
    stored: dict = field(default_factory=dict)  # topic → [key, SHA-256 of the file], as the cache lists them
    made: dict = field(default_factory=dict)  # the same, of the spaces put meanwhile

    def __post_init__(self) -> None:
        found = self.cache.load(SPACES)
        self.stored = {topic: entry for topic, entry in found.items()
                       if isinstance(entry, list) and len(entry) == 2 and all(isinstance(e, str) for e in entry)}

    def key(self, topic: str, fit: np.ndarray) -> str:
        return sha256(f"{self.base}\0{topic}\0".encode("utf-8", "surrogatepass") + np.asarray(fit, np.int64).tobytes())

    def get(self, topic: str, fit: np.ndarray) -> Vectors | None:
        key = self.key(topic, fit)
        if self.stored.get(topic, [None])[0] != key:
            return None
        try:
            data = (self.cache.folder / SPACES / f"{key}.npz").read_bytes()
            if sha256(data) != self.stored[topic][1]:
                raise ValueError("damaged")
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                return space_of(arrays)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            log.info("ignoring the cached space of topic %s: %s", topic, exc)
            return None

    def put(self, topic: str, fit: np.ndarray, space: Vectors) -> None:
        key = self.key(topic, fit)
        buffer = io.BytesIO()
        np.savez(buffer, **space_arrays(space))
        data = buffer.getvalue()
        writer.write_cache_file(self.cache.folder / SPACES / f"{key}.npz", [data], lambda _: b"")
        self.made[topic] = [key, sha256(data)]

    def save(self, topics: Sequence[Topic]) -> None:
        """List the spaces of the topics that have subtopics, and remove every other file."""
        parents = {t.parent for t in topics if t.parent}
        listed = {topic: entry for topic, entry in {**self.stored, **self.made}.items() if topic in parents}
        if listed != self.stored:
            self.cache.save(SPACES, listed)
        folder = self.cache.folder / SPACES
        if folder.is_dir():
            writer.remove_files_except(folder, {f"{key}.npz" for key, _ in listed.values()})


def paper_key(paper: Paper, texts=None) -> str:
    """What topic and subtopic scoring read of a paper: its texts, categories and matches so far
    (``texts``: :func:`texts_of_paper`, when known)."""
    return with_rest(texts_of_paper(paper) if texts is None else texts, (len(paper.categories), _json(paper.topics)))


def texts_of_paper(paper: Paper):
    """The hash of a paper's texts and categories, of which :func:`paper_key` is made: the same
    for its topic and subtopic matches."""
    return texts_digest([*paper_text(paper), *paper.categories])


def _model_hash(model: Sequence[Paper]) -> str:
    digest = hashlib.sha256()
    for record in model:
        digest.update(repr(record).encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _json(matches: Sequence[TopicMatch]) -> list:
    return [[m.topic, m.score, list(m.terms)] for m in matches]


def _record(matches: Sequence[TopicMatch], memo: dict[str, tuple[str, bool]] | None = None) -> list:
    """The matches, and how the words of their terms are spelled now."""
    return [_json(matches), spellings_of([term for m in matches for term in m.terms], memo)]


def _matches(data: list) -> tuple[TopicMatch, ...]:
    return tuple(TopicMatch(topic, score, tuple(terms)) for topic, score, terms in data)
