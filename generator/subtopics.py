"""The second level of topics: each paper of a topic with subtopics gets its best subtopic.

A topic's papers are scored against its subtopics exactly as all papers are against the topics
(:mod:`generator.topics`), in the same TF-IDF space, restricted to the topic's papers: the
subtopic's query is widened by the centroid of its best papers, and a paper gets its best
subtopic of each of its topics (one: a paper is listed once per topic). The matches follow the paper's topic
matches in ``Paper.topics``, so pages, feeds, search and related papers see them like topics.

A large topic without curated subtopics (more than ``LISTING_LIMIT`` papers) gets subtopics
suggested from its papers (:func:`generator.suggest.suggest_subtopics`), so that no topic
listing offers thousands of papers with no way to narrow it: its page links its subtopics.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence

import numpy as np

from .model import Paper, Topic, TopicMatch
from .topics import choose, keyword_hits, matched_terms, topic_scores
from .vectors import category_matrix, paper_vectors

log = logging.getLogger("digest_site")
LISTING_LIMIT = 500  # papers a topic may list without subtopics to narrow it (the bound)


def assign_subtopics(papers: Sequence[Paper], topics: Sequence[Topic]) -> list[Paper]:
    """Papers with the subtopics of their topics appended to ``topics`` (best first)."""
    children: dict[str, list[Topic]] = {}
    for topic in topics:
        if topic.parent:
            children.setdefault(topic.parent, []).append(topic)
    if not children or not papers:
        return list(papers)
    vectors = paper_vectors(papers)
    categories = category_matrix(papers)
    added: dict[int, list[TopicMatch]] = {}
    for parent, subtopics in children.items():
        members = np.array([i for i, p in enumerate(papers) if any(m.topic == parent for m in p.topics)],
                           dtype=np.int64)
        if len(members):
            for i, matches in zip(members.tolist(), _matches(vectors, categories, papers, members, subtopics)):
                added.setdefault(i, []).extend(matches)
    return [dataclasses.replace(p, topics=p.topics + tuple(added[i])) if i in added else p
            for i, p in enumerate(papers)]


def _matches(vectors, categories, papers: Sequence[Paper], members: np.ndarray,
             subtopics: Sequence[Topic]) -> list[tuple[TopicMatch, ...]]:
    """Each member's subtopic matches, as ``assign_topics`` gives topics."""
    space = dataclasses.replace(vectors, matrix=vectors.matrix[members])
    order = np.array(sorted(range(len(members)), key=lambda i: papers[members[i]].slug), dtype=np.int64)
    scores, queries = topic_scores(space, subtopics, order, categories[members])
    hits = keyword_hits(space, subtopics)
    chosen = choose(scores, [t.slug for t in subtopics], hits.found(scores.shape))
    terms = matched_terms(space, queries, chosen, hits)
    return [tuple(TopicMatch(subtopics[t].slug, round(float(scores[i, t]), 3), terms[i, t]) for t in row[:1])
            for i, row in enumerate(chosen)]


def complete_subtopics(papers: Sequence[Paper], topics: Sequence[Topic]) -> tuple[Topic, ...]:
    """``topics`` with subtopics suggested for each topic of more than LISTING_LIMIT papers
    that has none (after it: a topic's subtopics follow it)."""
    from .suggest import suggest_subtopics

    has_children = {t.parent for t in topics if t.parent}
    counts: dict[str, int] = {}
    for paper in papers:
        for match in paper.topics:
            counts[match.topic] = counts.get(match.topic, 0) + 1
    result: list[Topic] = []
    taken = {t.slug for t in topics}
    for topic in topics:
        result.append(topic)
        if topic.parent or topic.slug in has_children or counts.get(topic.slug, 0) <= LISTING_LIMIT:
            continue
        members = [i for i, p in enumerate(papers) if any(m.topic == topic.slug for m in p.topics)]
        suggested = suggest_subtopics(papers, members, topic, taken)
        log.warning("topic '%s' has %d papers and no subtopics: using %d suggested ones "
                    "(see `digest-site topics suggest`)", topic.slug, len(members), len(suggested))
        taken |= {t.slug for t in suggested}
        result += suggested
    return tuple(result)
