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

import dataclasses
import hashlib
import io
import itertools
import logging
import os
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from . import writer
from .cache import BuildCache, code_fingerprint, encoded, file_sha256, sha256, stamp, texts_digest, with_rest
from .model import Paper, Source, Topic, TopicMatch, replaced
from .subtopics import (Kept, RecordSpace, Scorer, assign_subtopics, complete_subtopics, crowded_topics, named_records,
                        other_slugs, report_kept)
from .topics import MODEL_ROW, assign_topics, assign_with_model, main_topics
from .vectors import (Vectors, Written, add_spellings, fold_rows, fold_texts, grown, model_vectors, paper_text,
                      recorded_spellings, remember, shrunk, space_arrays, space_of, spelled_alike, spellings_of,
                      written_of)

Assign = Callable[[list[Paper]], list[Paper]]
log = logging.getLogger("digest_site")


def match_topics(papers: Sequence[Paper], topics: Sequence[Topic], model: Sequence[Paper],
                 cache: BuildCache | None) -> tuple[list[Paper], tuple[Topic, ...]]:
    """Papers with their topic and subtopic matches, and the topics with the suggested subtopics
    (``assign_topics``, ``complete_subtopics``, ``assign_subtopics``), reusing the cache's."""
    main = main_topics(topics)
    named = named_records(model)
    if cache is None or not model or not main:
        fold_texts([*texts_of(papers), *texts_of(model), *topic_words(topics)])
        papers, rows = assign_with_model(papers, main, model, model_rows=bool(model))
        fitted = [replaced(p, topics=row.topics) for p, row in zip(named, rows)] if model and main else None
        topics = complete_subtopics(papers, topics, model, fitted)
        fold_texts(topic_words(topics))
        return assign_subtopics(papers, topics, model, fitted), topics
    memo = TopicMemo(cache, _model_hash(model))
    texts = [texts_of_paper(p) for p in papers]  # (the papers' keys differ by their matches alone)
    whole = WholeSpace(cache, memo.base(main))
    written = whole.grow(papers, texts, model, topic_words(main))
    if written is None:
        written = fold_rows(texts_of(papers)).stacked(fold_rows(texts_of(model)).joined())
    fold_texts(topic_words(topics))
    rows: list[Paper] = []  # the model's records with their topics, when the papers' fit gave them

    def assign_papers(todo: list[Paper]) -> list[Paper]:  # the records' topics too when none are stored
        found, rows[:] = assign_with_model(todo, main, model, model_rows=not memo.holds("model-matches", main),
                                           everyone=papers, space=whole.grown[1] if whole.grown else None)
        return found

    def assign_named(todo: list[Paper]) -> list[Paper]:
        if not rows:
            return assign_topics(todo, main, model)
        position = {p.slug: i for i, p in enumerate(named)}
        return [replaced(p, topics=rows[position[p.slug]].topics) for p in todo]

    papers = memo.matches("topic-matches", papers, main, assign_papers, keys=[paper_key(p, t) for p, t in zip(papers, texts)])
    fitted = memo.matches("model-matches", named, main, assign_named, keys=[p.slug for p in named])  # (of the model)
    topics = memo.suggested(papers, topics, lambda kept: complete_subtopics(papers, topics, model, fitted, kept))
    fold_texts(topic_words(topics))
    modelled = {m.topic for p in fitted for m in p.topics}  # topics the model holds records of
    parents = {t.parent for t in topics if t.parent}
    if parents:
        narrowed = subtopic_keys(topics)
        spaces = SubtopicSpaces(cache, memo.base(main), narrowed)
        papers = memo.matches("subtopic-matches", papers, main,
                              lambda todo: assign_subtopics(todo, topics, model, fitted, spaces),
                              storable=lambda p: all(m.topic in modelled for m in p.topics if m.topic in parents),
                              keys=[paper_key(p, t, narrowed) for p, t in zip(papers, texts)], appends=True)
        spaces.save(topics)
    whole.save(papers, texts, model, topic_words(main), written)
    return papers, topics


WHOLE = "whole-space"  # the record of the space of the last build's papers and model (WholeSpace), and its file


@dataclass
class WholeSpace:
    """The space of the collection and the model's records that topics are scored in and related
    papers use again (:func:`generator.topics.assign_with_model`), kept from the last build with
    the spellings of those texts (:func:`generator.vectors.fold_texts`), in the cache folder's
    ``whole-space.npz``, listed in ``whole-space.json`` with its SHA-256 and
    :func:`generator.cache.stamp` under ``key`` (the code, the model and the topics:
    :meth:`TopicMemo.base`) and each row's paper (slug, texts and categories).

    The space is that one less the rows of the papers gone or edited
    (:func:`generator.vectors.shrunk`), grown by the new papers and the edited ones' new texts
    (:func:`generator.vectors.grown`): the same numbers as a fit, and only their texts are
    folded. At 10,000 papers, the collection's 20,000 texts were split, folded and fitted again
    for every digest, and then (1.5 CPU s more) for each digest with a paper gone or edited (a
    digest that brings an earlier paper's newer text). The spellings of the rows' texts are kept
    with the rows that hold each (:class:`generator.vectors.Written`; the model's records, never
    dropped, as one row): a spelling only a row dropped had is spelled no more, as in a fit.
    Else (other topics, another model, a file missing or damaged) everything is folded and
    fitted as in a full build."""

    cache: BuildCache
    key: str
    rows: list[str] | None = None  # each stored row's paper (row_key), when read
    grown: tuple[list[str], Vectors] | None = None  # the rows and space grow made: those save keeps

    @property
    def path(self) -> Path:
        return self.cache.folder / f"{WHOLE}.npz"

    def grow(self, papers: Sequence[Paper], texts: Sequence, model: Sequence[Paper],
             words: Sequence[str]) -> Written | None:
        """Make the stored space, less the papers gone and grown by those it lacks, the space of
        ``papers`` and the ``model``'s records (``words``: the main topics'), and the spellings of
        their texts known; those spellings, or None when there is nothing stored to grow (then
        nothing is done)."""
        found = self.cache.load(WHOLE)
        if found.get("key") != self.key or not isinstance(found.get("sha256"), str):
            return None
        try:
            if found.get("stamp") != stamp(self.path) and file_sha256(self.path) != found["sha256"]:
                raise ValueError("damaged")  # (a file as written is trusted, as stored pages are: 25 MB not hashed)
            with np.load(self.path, allow_pickle=False) as arrays:
                stored = arrays["rows"].tobytes().decode().split("\n")
                written = written_of(arrays)
                base = space_of(arrays)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            log.info("ignoring the cached space of the papers: %s", exc)
            return None
        keys = [row_key(p, t) for p, t in zip(papers, texts)]
        place = {key: i for i, key in enumerate(stored)}
        before = [place.get(key, -1) for key in keys]
        kept = len(stored) - len(model)  # the last build's papers, then the model's records
        still = sorted(i for i in before if i >= 0)  # (a paper's key is never a record's name)
        if (len(place) != len(stored) or stored[kept:] != _record_names(model) or len(set(still)) != len(still)
                or base.matrix.shape[0] != len(stored) or written.held.shape[0] != kept + 1):
            return None
        if len(still) < kept:  # papers gone or edited: their rows, and what they alone had, dropped
            picked = np.array(still + list(range(kept, len(stored))), dtype=np.int64)
            base = shrunk(base, picked, words)
            if base is None:
                return None
            written = written.take(picked[: len(still) + 1])
            now = {old: i for i, old in enumerate(still)}
            before = [now[i] if i >= 0 else -1 for i in before]
        new = [p for p, i in zip(papers, before) if i < 0]
        fit = _fit_records(model)
        space = grown(base, len(model), new)
        if space is None:
            return None
        count = itertools.count()
        order = [next(count) if i < 0 else len(new) + i for i in before]
        order += range(len(new) + len(still), len(new) + len(still) + len(model))  # the model's rows, last
        order = np.array(order, dtype=np.int64)
        space = dataclasses.replace(space, matrix=space.matrix[order])
        written = fold_rows(texts_of(new)).stacked(written).take(order[: len(papers) + 1])  # (folds the new texts)
        add_spellings(written.table())
        remember([*papers, *fit], {p.slug for p in fit}, words, space)
        self.rows, self.grown = stored, (keys + stored[kept:], space)
        log.info("topics: the space of %d papers grown by %d new ones, less %d gone", kept, len(new), kept - len(still))
        return written

    def save(self, papers: Sequence[Paper], texts: Sequence, model: Sequence[Paper], words: Sequence[str],
             written: Written) -> None:
        """Keep the space of ``papers`` and ``model`` (made this build, or made now) and the spellings
        of their rows (``papers``, ``texts``, ``model`` and ``words``: those :meth:`grow` was given, if called)."""
        rows, space = self.grown or ([row_key(p, t) for p, t in zip(papers, texts)] + _record_names(model), None)
        if rows == self.rows:
            return
        if space is None:
            fit = _fit_records(model)
            space = model_vectors([*papers, *fit], {p.slug for p in fit}, words)
        arrays = {**space_arrays(space), "rows": np.frombuffer("\n".join(rows).encode(), dtype=np.uint8),
                  **written.arrays()}
        self.cache.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        try:
            with open(tmp, "wb") as handle:  # (given a name, savez would add ".npz" to it)
                np.savez(handle, **arrays)
            digest = file_sha256(tmp)
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
        self.cache.save(WHOLE, {"key": self.key, "sha256": digest, "stamp": stamp(self.path)})


def row_key(paper: Paper, texts) -> str:
    """What a paper's row of the space reads of it: its slug and texts (and categories: no matter)."""
    return with_rest(texts, ("row", paper.slug))


def _fit_records(model: Sequence[Paper]) -> list[Paper]:
    """The model's records as :func:`generator.topics.assign_with_model` names them in its space."""
    return [replaced(p, slug=name) for p, name in zip(model, _record_names(model))]


def _record_names(model: Sequence[Paper]) -> list[str]:
    return [f"{MODEL_ROW}{i}" for i in range(len(model))]


def texts_of(papers: Sequence[Paper]) -> list[str]:
    return [text for p in papers for text in paper_text(p)]


def topic_words(topics: Sequence[Topic]) -> list[str]:
    return [text for t in topics for text in (t.name, t.description, *t.keywords)]


@dataclass(frozen=True)
class TopicMemo:
    cache: BuildCache
    model: str  # the SHA-256 of the model's records
    read: dict = field(default_factory=dict, compare=False, repr=False)  # name → a file :meth:`holds` read

    def base(self, topics: Sequence[Topic]) -> str:
        return sha256(f"{code_fingerprint()}\0{self.model}\0{tuple(topics)!r}".encode("utf-8", "surrogatepass"))

    def _load(self, name: str, base: str) -> dict:
        found = self.cache.load(name)
        return found.get("entries", {}) if found.get("base") == base else {}

    def holds(self, name: str, topics: Sequence[Topic]) -> bool:
        """Whether the cache holds matches under ``name`` for this model and ``topics`` (the file
        read is kept for :meth:`matches`, which reads it next: not decoded twice)."""
        found = self.read[name] = self.cache.load(name)
        return found.get("base") == self.base(topics) and bool(found.get("entries"))

    def matches(self, name: str, papers: Sequence[Paper], topics: Sequence[Topic], assign: Assign,
                storable: Callable[[Paper], bool] = lambda p: True, keys: Sequence[str] | None = None,
                appends: bool = False) -> list[Paper]:
        """``assign(papers)``, computed only for the papers whose matches the cache does not hold
        (or holds with a word now spelled otherwise); ``keys``: the papers' :func:`paper_key`, or
        names that stand for what the scoring reads of them given the model (the model's records').
        ``appends``: ``assign`` adds matches after a paper's own, which its key holds, so a stored
        entry begins with them: only the matches after them are made again (subtopics: a third).

        The file also holds the spelling of every word its entries spell (``spelled``: they agree,
        as each was checked or made in a build where every other was): while each of those is
        spelled so, no entry need be checked (10,000 of them, for a digest that spells no word anew)."""
        base = self.base(topics)
        found = self.read.pop(name, None) or self.cache.load(name)
        stored, table = (found.get("entries", {}), found.get("spelled")) if found.get("base") == base else ({}, None)
        keys = [paper_key(p) for p in papers] if keys is None else keys
        now: dict[str, str] = {}  # normal form → its spelling (no text is folded meanwhile)
        trusted = isinstance(table, dict) and spelled_alike(table, now)  # then so is every entry's
        valid = {key for key in dict.fromkeys(keys) if key in stored and (trusted or spelled_alike(stored[key][1], now))}
        todo = {key: p for p, key in zip(papers, keys) if key not in valid}  # the same text once
        fresh = dict(zip(todo, assign(list(todo.values())))) if todo else {}
        result = [replaced(p, topics=fresh[key].topics) if key in fresh
                  else replaced(p, topics=p.topics + _matches(stored[key][0][len(p.topics):])) if appends
                  else replaced(p, topics=_matches(stored[key][0])) for p, key in zip(papers, keys)]
        spellings: dict[str, tuple[str, bool]] = {}  # word → its normal form, and whether spelled so
        records = {key: stored[key] if key in valid else _record(p.topics, spellings)
                   for key, p in zip(keys, result) if key in valid or storable(p)}
        spelled = dict(table) if trusted else {}
        for key in records.keys() - valid if trusted else records:
            spelled.update(records[key][1])
        if records != stored or spelled != table:
            self.cache.save(name, {"base": base, "entries": records, "spelled": spelled})
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
            result = tuple(map(Topic.of_stored, stored["topics"]))
            report_kept(large, result)
            return result
        stored_kept = self._load(KEPT, self.base(topics))  # a function of the model and topics (see Kept)
        space = self._space(stored_kept.get("space"))
        kept = Kept({slug: None if labels is None else np.array(labels, dtype=int)
                     for slug, labels in stored_kept.get("clusters", {}).items()}, stored_kept.get("names", {}), space)
        with recorded_spellings() as spellings:
            result = complete(kept)
        clusters = {slug: None if labels is None else labels.tolist() for slug, labels in kept.clusters.items()}
        entries = {"clusters": clusters, "names": kept.names,
                   "space": stored_kept.get("space") if space is not None else None}
        if kept.space is not None and space is None:
            entries["space"] = self._keep_space(kept.space)
        if entries != stored_kept:
            self.cache.save(KEPT, {"base": self.base(topics), "entries": entries})
        self.cache.save("suggested", {"base": base, "entries": {"spellings": spellings,
                                                                "topics": [t.stored() for t in result]}})
        return result


    def _space(self, digest: object) -> Vectors | None:
        """The space of the model's records the suggestions read (:class:`Kept`), from the cache
        folder's ``subtopic-suggestions.npz``: None unless its SHA-256 is ``digest``."""
        if not isinstance(digest, str):
            return None
        try:
            data = (self.cache.folder / f"{KEPT}.npz").read_bytes()
            if sha256(data) != digest:
                raise ValueError("damaged")
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                return space_of(arrays)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            log.info("ignoring the cached space of the subtopic suggestions: %s", exc)
            return None

    def _keep_space(self, space: Vectors) -> str:
        """Write ``space`` where :meth:`_space` reads it; the SHA-256 of its bytes."""
        buffer = io.BytesIO()
        np.savez(buffer, **space_arrays(space))
        data = buffer.getvalue()
        writer.write_cache_file(self.cache.folder / f"{KEPT}.npz", [data], lambda _: b"")
        return sha256(data)


KEPT = "subtopic-suggestions"  # each large topic's clusters and named subtopics (subtopics.Kept), and their space
SPACES = "subtopic-spaces"  # the list of topics' spaces (SubtopicSpaces), and the folder of their files


@dataclass
class SubtopicSpaces:
    """Each topic's space of its model records and its subtopics' words, kept between builds
    (:func:`generator.subtopics.assign_subtopics`): NumPy files in the cache's folder
    ``subtopic-spaces/``, listed with the SHA-256 of their bytes in ``subtopic-spaces.json`` under
    a key of what the space depends on: the code, the model's records and the main topics (``base``:
    :meth:`TopicMemo.base`), the topic, its subtopics (:func:`subtopic_keys`) and which records are its. A file listed under another
    key, missing, or whose bytes do not match is not read: the space is fitted again. About 1 MB
    per topic at 10,000 papers (6,530 model records)."""

    cache: BuildCache
    base: str
    narrowed: dict[str, str] = field(default_factory=dict)  # each topic's subtopics (:func:`subtopic_keys`)
    stored: dict = field(default_factory=dict)  # topic → [key, SHA-256 of the file], as the cache lists them
    made: dict = field(default_factory=dict)  # the same, of the spaces put meanwhile

    def __post_init__(self) -> None:
        found = self.cache.load(SPACES)
        self.stored = {topic: entry for topic, entry in found.items()
                       if isinstance(entry, list) and len(entry) == 2 and all(isinstance(e, str) for e in entry)}

    def key(self, topic: str, fit: np.ndarray) -> str:
        return sha256(f"{self.base}\0{topic}\0{self.narrowed.get(topic, '')}\0".encode("utf-8", "surrogatepass")
                      + np.asarray(fit, np.int64).tobytes())

    def get(self, topic: str, fit: np.ndarray) -> RecordSpace | None:
        key = self.key(topic, fit)
        if self.stored.get(topic, [None])[0] != key:
            return None
        try:
            data = (self.cache.folder / SPACES / f"{key}.npz").read_bytes()
            if sha256(data) != self.stored[topic][1]:
                raise ValueError("damaged")
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                return space_of(arrays), _scorer_of(arrays)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            log.info("ignoring the cached space of topic %s: %s", topic, exc)
            return None

    def put(self, topic: str, fit: np.ndarray, space: RecordSpace) -> None:
        key = self.key(topic, fit)
        buffer = io.BytesIO()
        np.savez(buffer, **space_arrays(space[0]), **_scorer_arrays(space[1]))
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


def _scorer_arrays(scorer: Scorer) -> dict[str, np.ndarray]:
    """A topic's :class:`generator.subtopics.Scorer` as arrays, beside its space's."""
    arrays = {f"widened_{name}": value for name, value in _sparse_arrays(scorer.widened).items()}
    if scorer.fields is not None:
        arrays |= {f"fields_{name}": value for name, value in _sparse_arrays(scorer.fields).items()}
    names = "\n".join(scorer.names).encode("utf-8", "surrogatepass")  # (no category name holds a newline)
    return arrays | {"names": np.frombuffer(names, dtype=np.uint8), "named": np.array(len(scorer.names))}


def _scorer_of(arrays) -> Scorer:
    names = arrays["names"].tobytes().decode("utf-8", "surrogatepass").split("\n") if int(arrays["named"]) else []
    fields = _sparse_of(arrays, "fields_") if "fields_data" in arrays else None
    return Scorer(_sparse_of(arrays, "widened_"), fields, tuple(names))


def _sparse_arrays(matrix) -> dict[str, np.ndarray]:
    return {"data": matrix.data, "indices": matrix.indices, "indptr": matrix.indptr,
            "shape": np.array(matrix.shape, dtype=np.int64)}


def _sparse_of(arrays, prefix: str) -> sp.csr_matrix:
    return sp.csr_matrix((arrays[f"{prefix}data"], arrays[f"{prefix}indices"], arrays[f"{prefix}indptr"]),
                         shape=tuple(arrays[f"{prefix}shape"]))


def subtopic_keys(topics: Sequence[Topic]) -> dict[str, str]:
    """Each topic with subtopics → the SHA-256 of what scoring its papers against them reads
    besides the model and the main topics: its subtopics and the slug of its "Other papers". A
    paper's subtopic matches, and a topic's space, are keyed by those of its topics alone: a
    topic newly large (its subtopics suggested) has the others' matches and spaces reused (at
    10,000 papers, 21 topics' spaces were fitted again and 9,000 papers scored: 3-4 s)."""
    others = other_slugs(topics)
    return {parent: sha256(repr((parent, [t for t in topics if t.parent == parent], others[parent]))
                           .encode("utf-8", "surrogatepass")) for parent in others}


def paper_key(paper: Paper, texts=None, narrowed: dict[str, str] | None = None) -> str:
    """What topic and subtopic scoring read of a paper: its texts, categories and matches so far
    (``texts``: :func:`texts_of_paper`, when known), and for subtopics (``narrowed``:
    :func:`subtopic_keys`) those of its topics. The matches as :func:`generator.cache.encoded`
    gives them (``marshal``: a third of the time of their ``repr``, 10,000 papers twice a build)."""
    rest = (len(paper.categories), _json(paper.topics))
    if narrowed is not None:
        rest += ([narrowed.get(m.topic, "") for m in paper.topics],)
    digest = (texts_of_paper(paper) if texts is None else texts).copy()
    digest.update(encoded(rest))
    return digest.hexdigest()


def texts_of_paper(paper: Paper):
    """The hash of a paper's texts and categories, of which :func:`paper_key` is made: the same
    for its topic and subtopic matches."""
    return texts_digest([*paper_text(paper), *paper.categories])


def _model_hash(model: Sequence[Paper]) -> str:
    """The SHA-256 of the model's records, every field: as :func:`generator.cache.encoded` gives
    their values (a fifth of the time of their ``repr``: 0.1 s at 10,000 papers, every build)."""
    digest = hashlib.sha256()
    for record in model:
        data = encoded(tuple((v.path, v.line) if isinstance(v, Source) else v for v in vars(record).values()))
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def _json(matches: Sequence[TopicMatch]) -> list:
    return [[m.topic, m.score, list(m.terms)] for m in matches]


def _record(matches: Sequence[TopicMatch], memo: dict[str, tuple[str, bool]] | None = None) -> list:
    """The matches, and how the words of their terms are spelled now."""
    return [_json(matches), spellings_of([term for m in matches for term in m.terms], memo)]


def _matches(data: list) -> tuple[TopicMatch, ...]:
    """The matches of a stored record, made as :func:`generator.model.replaced` copies a record
    (its fields set, no ``__init__``): the build makes 60,000 of them at 10,000 papers, and a
    frozen dataclass's ``__init__`` took half of that time."""
    found = []
    for topic, score, terms in data:
        match = _new(TopicMatch)
        fields = vars(match)
        fields["topic"], fields["score"], fields["terms"] = topic, score, tuple(terms)
        found.append(match)
    return tuple(found)


_new = object.__new__


SUGGESTED = "suggested-topics"  # the cache's record of the topics a build without topics.yml suggested


def suggested_topics(papers: Sequence[Paper], model: Sequence[Paper], cache: BuildCache | None) -> tuple[Topic, ...]:
    """The topics of a build without ``topics.yml``: suggested from the model's records (the
    oldest 2**k digests: :func:`generator.topics.model_records`), each text once, so that a new
    digest moves no topic until the count of digests reaches 2, 4, 8, … (suggested from every
    paper, every digest made new topics: every page changed, and an incremental build at 5,000
    papers cost more than a full one). Kept in the cache for the same records while every word
    they spelled is spelled alike. Every text of the ``papers`` is folded first, as the topics'
    matches fold them: a name is spelled as the collection writes it, in a full build and here
    alike (:func:`generator.vectors.spelled`)."""
    from .suggest import suggest_topics

    seen: dict[tuple[str, str], Paper] = {}
    for record in model:
        seen.setdefault((record.title_text, record.abstract_text), record)
    records = [replaced(p, slug=f"record-{i:07d}") for i, p in enumerate(seen.values())]
    fold_texts([*texts_of(papers), *texts_of(records)])
    if cache is None:
        return suggest_topics(records)
    base = sha256(f"{code_fingerprint()}\0{_model_hash(records)}".encode())
    stored = cache.load(SUGGESTED)
    try:
        if stored.get("base") == base and spelled_alike(stored["spellings"]):
            return tuple(map(Topic.of_stored, stored["topics"]))
    except (AttributeError, KeyError, TypeError, ValueError):  # a record of another shape: made again
        pass
    with recorded_spellings() as spellings:
        topics = suggest_topics(records)
    log.info("topics: %d suggested from the %d records of the oldest digests", len(topics), len(records))
    cache.save(SUGGESTED, {"base": base, "spellings": spellings, "topics": [t.stored() for t in topics]})
    return topics
