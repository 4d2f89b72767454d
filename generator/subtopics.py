"""The second level of topics: each paper of a topic with subtopics gets its best subtopic.

A topic's papers are scored against its subtopics exactly as all papers are against the topics
(:mod:`generator.topics`), in the same TF-IDF space, restricted to the topic's papers: the
subtopic's query is widened by the centroid of its best papers, and a paper gets its best
subtopic of each of its topics (one: a paper is listed once per topic). The matches follow the paper's topic
matches in ``Paper.topics``, so pages, feeds, search and related papers see them like topics.

A large topic without curated subtopics (more than ``LISTING_LIMIT`` papers) gets subtopics
suggested from its papers (:func:`generator.suggest.suggest_subtopics`), so that no topic
listing offers thousands of papers with no way to narrow it: its page links its subtopics.

Given the topic model's records (:func:`generator.topics.model_records`), both steps are fitted
on them alone, as topics are: subtopics are suggested from the model's records of the topic, and
each paper is scored against its topic's subtopics in a space weighted by those records. A new
digest then changes no earlier paper's subtopic (nor the suggested subtopics) until the topic
model itself changes; only whether a topic is large enough to get suggestions counts every paper.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import scipy.sparse as sp

from . import parallel
from .cache import sha256
from .errors import plural
from .model import Paper, Topic, TopicMatch, replaced
from .topics import (MIN_SCORE, MODEL_ROW, assign_topics, choose, keyword_hits, main_topics, matched_terms, topic_scores,
                     topic_weights, weighted_scores)
from .vectors import (Vectors, category_columns, category_matrix, columns_in, grown, model_vectors, paper_vectors,
                      recorded_spellings, spelled_alike)

log = logging.getLogger("digest_site")
LISTING_LIMIT = 500  # papers a topic may list without subtopics to narrow it (the bound)


def assign_subtopics(papers: Sequence[Paper], topics: Sequence[Topic], model: Sequence[Paper] | None = None,
                     fitted: Sequence[Paper] | None = None, spaces: Spaces | None = None) -> list[Paper]:
    """Papers with the subtopics of their topics appended to ``topics`` (best first); with
    ``model`` (the topic model's records), scored in a space fitted on its records of each topic
    (``fitted``: those records with their topics, when known; see :func:`model_topics`), which
    ``spaces`` keeps from build to build."""
    children: dict[str, list[Topic]] = {}
    for topic in topics:
        if topic.parent:
            children.setdefault(topic.parent, []).append(topic)
    if not children or not papers:
        return list(papers)
    if fitted is None:
        fitted = model_topics(model, topics) if model else []
    members_of, fitted_of = _members(papers), _members(fitted)
    parents = [parent for parent in children if len(members_of.get(parent, NONE))]
    others = other_slugs(topics)

    def matches(parent: str) -> tuple[list[tuple[TopicMatch, ...]], RecordSpace | None]:  # each topic in a worker
        rows = [papers[i] for i in members_of[parent]]
        fit = fitted_of.get(parent, NONE)
        base = spaces.get(parent, fit) if spaces and len(fit) else None
        return _matches(rows, [fitted[i] for i in fit], children[parent], others[parent], base, keep=spaces is not None)

    added: dict[int, list[TopicMatch]] = {}
    for parent, (found, made) in zip(parents, parallel.map_items(matches, parents, 2)):
        if spaces and made is not None:
            spaces.put(parent, fitted_of[parent], made)
        for i, paper_matches in zip(members_of[parent].tolist(), found):
            added.setdefault(i, []).extend(paper_matches)
    return [replaced(p, topics=p.topics + tuple(added[i])) if i in added else p
            for i, p in enumerate(papers)]


def named_records(model: Sequence[Paper]) -> list[Paper]:
    """The topic model's records named ``MODEL_ROW`` + "row:" + their index: never a paper's slug."""
    return [replaced(p, slug=f"{MODEL_ROW}row:{i}") for i, p in enumerate(model)]


def model_topics(model: Sequence[Paper], topics: Sequence[Topic]) -> list[Paper]:
    """The topic model's records (:func:`named_records`) with the topics a paper of the same text
    gets. The build reads them off its papers' fit instead (:func:`generator.topics.assign_with_model`,
    in :func:`generator.topic_memo.match_topics`) and hands them to both steps as ``fitted``."""
    return assign_topics(named_records(model), main_topics(topics), model)


NONE = np.zeros(0, dtype=np.int64)


def _members(papers: Sequence[Paper]) -> dict[str, np.ndarray]:
    """Per topic: the indexes of its papers, in order (one pass over the papers, not one per topic)."""
    members: dict[str, list[int]] = {}
    for i, paper in enumerate(papers):
        for topic in dict.fromkeys(m.topic for m in paper.topics):
            members.setdefault(topic, []).append(i)
    return {topic: np.array(found, dtype=np.int64) for topic, found in members.items()}


def _matches(rows: Sequence[Paper], fit: Sequence[Paper], subtopics: Sequence[Topic], other: str,
             base: RecordSpace | None = None, keep: bool = False
             ) -> tuple[list[tuple[TopicMatch, ...]], RecordSpace | None]:
    """Each of ``rows``' subtopic matches, as ``assign_topics`` gives topics: in a space fitted on
    ``fit`` (the model's records of the topic), or on ``rows`` themselves when there are none. A
    paper that fits none (its best subtopic scores under MIN_SCORE and it uses none of its
    keywords) gets ``other``, the topic's subtopic of such papers: filed under its best one, it
    made the subtopic a curator named a catch-all (59 of 78 papers of "Graph neural networks"
    named no graph). ``base``: the space of ``fit`` alone and its :class:`Scorer` (see
    :func:`_subtopic_space`); those made meanwhile, if ``keep``, come back too."""
    (space, scorer), made = _subtopic_space(rows, fit, subtopics, base, keep)
    if scorer is None:  # (no model records, or no word in them)
        scores, widened = topic_scores(space, subtopics, *_scored_rows(rows, fit, space))
    else:
        widened = scorer.widened
        scores = weighted_scores(space.matrix, category_matrix(rows, scorer.names), widened, scorer.fields)
    hits = keyword_hits(space, subtopics)
    found = hits.found(scores.shape)
    chosen = choose(scores, [t.slug for t in subtopics], found)[: len(rows)]
    terms = matched_terms(space, widened, chosen, hits)
    return [(TopicMatch(subtopics[t].slug, round(float(scores[i, t]), 3), terms[i, t]),)
            if scores[i, t] >= MIN_SCORE or found[i, t] else (TopicMatch(other, 0.0),)
            for i, (t, *_) in enumerate(chosen)], made


def _scored_rows(rows: Sequence[Paper], fit: Sequence[Paper], space: Vectors) -> tuple[np.ndarray, sp.csr_matrix]:
    """The rows a space of ``rows`` (and of ``fit``'s records, after them) is weighted by, and the
    categories of them all."""
    if not fit:
        return np.array(sorted(range(len(rows)), key=lambda i: rows[i].slug), dtype=np.int64), category_matrix(rows)
    return np.arange(len(rows), len(rows) + len(fit), dtype=np.int64), category_matrix([*rows, *fit])


@dataclass(frozen=True, eq=False)
class Scorer:
    """What scoring papers against a topic's subtopics reads of the topic's model records
    (:func:`generator.topics.topic_weights`): the subtopics' queries widened by their centroids,
    and the categories of their best records (``fields``, over the columns ``names``; None: no
    record has a category). A paper's scores are its row's products with them, so only the
    papers are scored: the records, scored again for every new digest, were most of the cost
    (at 10,000 papers, 20 topics of 350-900 records for a digest's 50 papers)."""

    widened: sp.csr_matrix
    fields: sp.csr_matrix | None
    names: tuple[str, ...]

    @classmethod
    def of(cls, base: Vectors, fit: Sequence[Paper], subtopics: Sequence[Topic]) -> Scorer:
        """The scorer of the records ``fit``, whose space alone is ``base``."""
        categories, names = category_columns(fit)
        widened, fields = topic_weights(base, subtopics, np.arange(len(fit), dtype=np.int64), categories)
        return cls(widened, fields, tuple(names))

    def within(self, base: Vectors, space: Vectors) -> Scorer:
        """This scorer of ``base``, in ``space`` (``base`` grown: its columns keep their order)."""
        if space is base:
            return self
        widened = self.widened
        moved = columns_in(base, space)[widened.indices]
        return dataclasses.replace(self, widened=sp.csr_matrix((widened.data, moved, widened.indptr),
                                                               shape=(widened.shape[0], len(space.column_features))))


RecordSpace = tuple[Vectors, Scorer]  # a topic's space of its records, and its scorer


OTHER_NAME = "Other papers in {}"  # the topic's name: a site has one per topic with subtopics, and the
# search facet, the feeds' titles and the pages' <title> show a subtopic's name without its topic's


def other_slugs(topics: Sequence[Topic]) -> dict[str, str]:
    """Each topic with subtopics → the slug of its subtopic of the papers that fit none of them
    (``reward-other``; made a topic by :func:`file_others` when a paper has it)."""
    taken = {t.slug for t in topics}
    slugs = {}
    for parent in dict.fromkeys(t.parent for t in topics if t.parent):
        slug, number = f"{parent}-other", 2
        while slug in taken:
            slug, number = f"{parent}-other-{number}", number + 1
        taken.add(slug)
        slugs[parent] = slug
    return slugs


def file_others(papers: Sequence[Paper], topics: Sequence[Topic]) -> tuple[list[Paper], tuple[Topic, ...]]:
    """The papers, a paper of a topic with subtopics that has none of them given the topic's
    "Other papers" (one pinned there by topics.yml's ``papers:``, :func:`generator.topics.pin_papers`;
    :func:`assign_subtopics` gives the others theirs), and the topics with each "Other papers"
    subtopic a paper has, after its topic's last subtopic: one whose papers were all pinned
    elsewhere is not made (its page would list no paper)."""
    others = other_slugs(topics)
    parent_of = {**{t.slug: t.parent for t in topics if t.parent}, **{slug: parent for parent, slug in others.items()}}
    filed = []
    for p in papers:
        narrowed = {parent_of.get(m.topic) for m in p.topics}  # the topics of which it has a subtopic
        lost = [others[m.topic] for m in p.topics if m.topic in others and m.topic not in narrowed]
        filed.append(replaced(p, topics=p.topics + tuple(TopicMatch(slug, 0.0) for slug in lost)) if lost else p)
    used = {m.topic for p in filed for m in p.topics}
    names = {t.slug: t.name for t in topics}
    made = {parent: Topic(slug, OTHER_NAME.format(names[parent]), f"Papers of {names[parent]} that fit none of its "
                          "subtopics.", parent=parent)
            for parent, slug in others.items() if slug in used}
    result: list[Topic] = []
    for i, topic in enumerate(topics):
        result.append(topic)
        if topic.parent in made and (i + 1 == len(topics) or topics[i + 1].parent != topic.parent):
            result.append(made.pop(topic.parent))
    return filed, tuple(result)


def _subtopic_space(rows: Sequence[Paper], fit: Sequence[Paper], subtopics: Sequence[Topic],
                    base: RecordSpace | None = None, keep: bool = False
                    ) -> tuple[tuple[Vectors, Scorer | None], RecordSpace | None]:
    """The vectors of ``rows`` and the :class:`Scorer` of ``fit``'s records in their space; and,
    if ``keep``, the space of ``fit`` (and the subtopics' words) alone with its scorer. Without
    records, or with none of a word, the space of ``rows`` (and ``fit``'s rows after them) and no scorer.

    That space (``base``, when an earlier build kept it) grown by the rows is the space of them
    all (:func:`generator.vectors.grown`): a new digest's papers are scored without fitting the
    topic's records again (at 10,000 papers, 20 topics' fits of 350-900 records each)."""
    if not fit:
        return (paper_vectors(list(rows)), None), None
    words = [text for t in subtopics for text in (t.name, t.description, *t.keywords)]
    made = None
    if base is None:
        named = _named(fit)
        records = model_vectors(named, {p.slug for p in named}, words)
        base = (records, Scorer.of(records, named, subtopics))
        made = base if keep else None
    records, scorer = base
    vectors = grown(records, len(fit), rows, records=False)  # (the rows alone)
    if vectors is None:
        named = _named(fit)
        return (model_vectors([*rows, *named], {p.slug for p in named}, words), None), made
    return (vectors, scorer.within(records, vectors)), made


def _named(fit: Sequence[Paper]) -> list[Paper]:
    """The records as a space of them names its rows: never a paper's slug (made only when the
    space is: a kept one is grown by the papers alone)."""
    return [replaced(p, slug=f"{MODEL_ROW}{i}") for i, p in enumerate(fit)]


class Spaces(Protocol):
    """Where topics' spaces (:func:`_subtopic_space`) are kept between builds
    (:class:`generator.topic_memo.SubtopicSpaces`)."""

    def get(self, parent: str, fit: np.ndarray) -> RecordSpace | None:
        """The space kept of the topic ``parent``'s records (``fit``: their indexes in ``fitted``)
        and its :class:`Scorer`."""

    def put(self, parent: str, fit: np.ndarray, space: RecordSpace) -> None:
        """Keep ``space``, the space of those records, and its scorer."""


@dataclass
class Kept:
    """What suggesting subtopics made in earlier builds, given the topic model: each large topic's
    clusters (slug → labels) and named subtopics (:func:`names_key` → [the spellings the naming
    read, the subtopics as lists]). Both are functions of the model's records and the topics
    (the names also of the slugs taken before the topic, and of spellings): a topic newly large is
    then the only one clustered, and, with the topics before it, named again (at 10,000 papers,
    the digest that took a topic past 500 papers spent 0.65 s clustering all 21 large ones, 0.45 s naming them)."""

    clusters: dict[str, np.ndarray | None] = field(default_factory=dict)
    names: dict[str, list] = field(default_factory=dict)  # after a suggestion: only those it used
    # The space of the model's records both read (a function of them alone): fitted again, it was
    # 1-2 s of the digest that took a topic past 500 papers at 10,000. None: not known (then made).
    space: Vectors | None = None


def complete_subtopics(papers: Sequence[Paper], topics: Sequence[Topic], model: Sequence[Paper] | None = None,
                       fitted: Sequence[Paper] | None = None, kept: Kept | None = None) -> tuple[Topic, ...]:
    """``topics`` with subtopics suggested for each topic of more than LISTING_LIMIT papers
    that has none (after it: a topic's subtopics follow it); with ``model`` (the topic model's
    records; ``fitted``: with their topics, when known), suggested from the model's records of the
    topic, reusing what ``kept`` holds (which is brought up to date)."""
    from .suggest import subtopic_clusters, suggest_subtopics

    large = crowded_topics(papers, topics)
    result: list[Topic] = []
    taken = {t.slug for t in topics}
    kept = kept if kept is not None and model else Kept()
    earlier, kept.names = kept.names, {}
    if large:
        source = (fitted if fitted is not None else model_topics(model, topics)) if model else papers
        members = _members(source)
        vectors = kept.space if kept.space is not None and model else paper_vectors(source)
        kept.space = vectors if model else None
        todo = [slug for slug in large if slug not in kept.clusters]
        found = parallel.map_items(lambda slug: subtopic_clusters(source, members.get(slug, NONE), vectors), todo, 2)
        kept.clusters.update(zip(todo, found))  # each topic's clusters on every core; named here, in order
    for topic in topics:
        result.append(topic)
        if topic.slug not in large:
            continue
        key = names_key(topic, taken)
        named = earlier.get(key)
        if named is not None and spelled_alike(named[0]):  # (which spells them again, for a recorder)
            suggested = tuple(map(Topic.of_stored, named[1]))
        else:
            with recorded_spellings() as spellings:
                suggested = suggest_subtopics(source, members.get(topic.slug, NONE), topic, taken, vectors,
                                              kept.clusters[topic.slug])
            named = [spellings, [t.stored() for t in suggested]]
        kept.names[key] = named
        report_suggested(topic, large[topic.slug], suggested)
        taken |= {t.slug for t in suggested}
        result += suggested
    return tuple(result)


def names_key(topic: Topic, taken: set[str]) -> str:
    """What naming a topic's subtopics reads besides the model, the topics and spellings."""
    return sha256(repr((topic.slug, sorted(taken))).encode("utf-8", "surrogatepass"))


def crowded_topics(papers: Sequence[Paper], topics: Sequence[Topic]) -> dict[str, int]:
    """The topics that get suggested subtopics (more than LISTING_LIMIT papers and no subtopics
    of their own) → their number of papers, in the order of ``topics``."""
    has_children = {t.parent for t in topics if t.parent}
    counts: dict[str, int] = {}
    for paper in papers:
        for match in paper.topics:
            counts[match.topic] = counts.get(match.topic, 0) + 1
    return {t.slug: counts[t.slug] for t in topics
            if not t.parent and t.slug not in has_children and counts.get(t.slug, 0) > LISTING_LIMIT}


def report_kept(large: dict[str, int], topics: Sequence[Topic]) -> None:
    """One line for the large topics whose suggested subtopics are the last build's (``topics``:
    with them): :func:`report_suggested`'s line for each, every build, was 15 lines of 300
    characters at 700 daily digests; each is said again when its subtopics are made again."""
    counts = Counter(t.parent for t in topics if t.parent in large)
    if counts:
        listed = ", ".join(f"{slug} ({large[slug]:,} papers, {counts[slug]})" for slug in large if counts[slug])
        log.warning("%s with the last build's suggested subtopics: %s (curate your own under their 'subtopics' in "
                    "topics.yml)", plural(len(counts), "topic"), listed)


def report_suggested(topic: Topic, count: int, suggested: Sequence[Topic]) -> None:
    log.warning("topic '%s' has %d papers and no subtopics: using %d suggested ones (%s; curate your own "
                "under its 'subtopics' in topics.yml)", topic.slug, count, len(suggested),
                ", ".join(t.name for t in suggested))
