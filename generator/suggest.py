"""Bootstrapping a taxonomy: cluster any collection into topics a curator can edit.

Papers are clustered with k-means on a low-rank (LSA) view of the shared TF-IDF space, joined
with the papers' subject categories when the records have them (arXiv listings do: they
are the field a paper was filed under, so they keep clusters to fields rather than surface
words). Clusters that are too small are folded into their nearest neighbour and clusters
holding more than a quarter of the collection are split. Each cluster is named from the
phrases that most distinguish it from the rest, which also become its keywords.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
import yaml
from slugify import slugify
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

from .model import Paper, Topic
from .related import ranked_entries, similarity_space
from .vectors import Vectors, paper_vectors

MAX_COUNT = 25
MIN_SIZE = 3  # papers a topic needs
MAX_SHARE = 0.25  # of the collection, for any one topic
DIMENSIONS = 100  # of the LSA view
CATEGORY_WEIGHT = 0.8  # of the categories next to the text
KEYWORDS = 12
SEED = 0
CODE = re.compile(r"\(([A-Za-z-]+(?:\.[A-Za-z-]+)?)\)\s*$")
HEADER = """\
# Topics suggested by `digest-site topics suggest` from the papers themselves.
#
# Edit freely: rename topics, merge or split them, sharpen keywords (specific phrases beat
# single common words). Papers are matched to topics on their title (weighted most) and
# abstract against each topic's keywords, name and description.
"""


def suggest_topics(papers: Sequence[Paper], count: int | None = None) -> tuple[Topic, ...]:
    """About ``count`` topics (default: from the collection's size) that cover ``papers``."""
    if not papers:
        return ()
    count = default_count(len(papers)) if count is None else max(1, min(count, len(papers)))
    vectors = paper_vectors(papers)
    labels = cluster(features(vectors, papers), count)
    return name_clusters(vectors, labels)


def default_count(n: int) -> int:
    """About the square root of the collection's size, so a topic lists a few dozen papers."""
    return max(1, min(MAX_COUNT, round(math.sqrt(n)), n // MIN_SIZE))


def features(vectors: Vectors, papers: Sequence[Paper]) -> np.ndarray:
    """Unit rows: the LSA view of each paper's text, joined with its categories if any."""
    space = similarity_space(vectors.matrix, ranked_entries(vectors.matrix))
    dimensions = min(DIMENSIONS, space.shape[0] - 1, space.shape[1] - 1)
    if dimensions >= 2:
        text = TruncatedSVD(dimensions, algorithm="randomized", n_iter=4, random_state=SEED).fit_transform(space)
    else:
        text = space.toarray()
    text = normalize(text)
    categories = category_matrix(papers)
    if categories.shape[1] == 0:
        return text
    return normalize(np.hstack([text, CATEGORY_WEIGHT * categories.toarray()]))


def category_matrix(papers: Sequence[Paper]) -> sp.csr_matrix:
    """Unit rows of the papers' categories: the first (primary) one counts double, and each
    code's archive (``cs`` of ``cs.CV``) counts half."""
    weights = [_category_weights(p.categories) for p in papers]
    names = sorted({name for w in weights for name in w})
    column = {name: i for i, name in enumerate(names)}
    rows = [i for i, w in enumerate(weights) for _ in w]
    cols = [column[name] for w in weights for name in w]
    data = [value for w in weights for value in w.values()]
    matrix = sp.csr_matrix((np.array(data, np.float32), (rows, cols)), shape=(len(papers), len(names)))
    return normalize(matrix) if names else matrix


def _category_weights(categories: Sequence[str]) -> dict[str, float]:
    weights: Counter[str] = Counter()
    for position, category in enumerate(c for c in categories if c.strip()):
        match = CODE.search(category)
        code = match.group(1) if match else category.strip()
        weights[code] += 2.0 if position == 0 else 1.0
        if "." in code:
            weights[code.split(".")[0]] += 0.5
    return dict(weights)


def cluster(points: np.ndarray, count: int) -> np.ndarray:
    """Cluster labels 0..k-1: k-means, then small clusters folded in, large ones split."""
    n = len(points)
    if count <= 1 or n <= count:
        return np.zeros(n, dtype=int) if count <= 1 else np.arange(n)
    labels = KMeans(count, n_init=4, random_state=SEED).fit_predict(points)
    labels = _split_large(points, labels, max(MIN_SIZE * 2, int(MAX_SHARE * n)))
    return _fold_small(points, labels, min(MIN_SIZE, n))


def _split_large(points: np.ndarray, labels: np.ndarray, limit: int) -> np.ndarray:
    labels = labels.copy()
    for _ in range(MAX_COUNT):
        sizes = np.bincount(labels)
        big = int(sizes.argmax())
        if sizes[big] <= limit:
            break
        members = np.flatnonzero(labels == big)
        halves = KMeans(2, n_init=4, random_state=SEED).fit_predict(points[members])
        if halves.min() == halves.max():
            break
        labels[members[halves == 1]] = labels.max() + 1
    return labels


def _fold_small(points: np.ndarray, labels: np.ndarray, minimum: int) -> np.ndarray:
    labels = labels.copy()
    while True:
        sizes = np.bincount(labels)
        alive = np.flatnonzero(sizes)
        small = [c for c in alive if sizes[c] < minimum]
        if not small or len(alive) == 1:
            break
        victim = min(small, key=lambda c: (sizes[c], c))
        centroids = normalize(np.vstack([points[labels == c].mean(axis=0) for c in alive]))
        members = np.flatnonzero(labels == victim)
        affinity = points[members] @ centroids.T
        affinity[:, list(alive).index(victim)] = -np.inf
        labels[members] = alive[affinity.sum(axis=0).argmax()]
    _, labels = np.unique(labels, return_inverse=True)
    return labels.ravel()


def name_clusters(vectors: Vectors, labels: np.ndarray) -> tuple[Topic, ...]:
    """A Topic per cluster, largest first: named from its most distinctive phrases."""
    scores = distinctive_terms(vectors.matrix, labels)
    sizes = np.bincount(labels)
    topics: list[Topic] = []
    taken: set[str] = set()
    for c in sorted(range(len(sizes)), key=lambda c: (-sizes[c], c)):
        terms = _top_terms(vectors, scores[c], KEYWORDS)
        name = _name(terms, taken)
        taken.add(slugify(name))
        description = f"Papers on {_join(terms[:4])}."
        topics.append(Topic(slug=slugify(name), name=name, description=description, keywords=tuple(terms)))
    return tuple(topics)


def distinctive_terms(matrix: sp.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """Clusters x terms: how much a term marks a cluster (its mean weight there, times how
    concentrated in the cluster the term's weight is)."""
    k = labels.max() + 1
    membership = sp.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))),
                               shape=(k, len(labels)))
    totals = np.asarray((membership @ matrix).todense())
    sizes = np.bincount(labels, minlength=k)[:, None]
    share = totals / np.maximum(totals.sum(axis=0, keepdims=True), 1e-9)
    docs = np.asarray((membership @ (matrix > 0).astype(np.float32)).todense()) / sizes
    return (totals / sizes) * share * np.minimum(1.0, 3 * docs)


def _top_terms(vectors: Vectors, scores: np.ndarray, count: int) -> list[str]:
    """The best terms, phrases before the words they contain, no repeated words."""
    order = np.lexsort((np.arange(len(scores)), -scores))[: count * 4]
    terms = [vectors.term(int(c)) for c in order if scores[c] > 0]
    kept: list[str] = []
    words: set[str] = set()
    for term in terms:
        parts = term.split(" ")
        if all(part in words for part in parts):
            continue
        kept.append(term)
        words.update(parts)
        if len(kept) == count:
            break
    return kept


def _name(terms: list[str], taken: set[str]) -> str:
    for size in (2, 3, 4):
        name = _join(terms[:size])
        name = name[:1].upper() + name[1:] if name else "Other papers"
        if slugify(name) not in taken:
            return name
    index = 2
    while slugify(f"{name} {index}") in taken:
        index += 1
    return f"{name} {index}"


def _join(terms: Sequence[str]) -> str:
    if len(terms) <= 1:
        return "".join(terms)
    return ", ".join(terms[:-1]) + " and " + terms[-1]


def topics_yaml(topics: Sequence[Topic]) -> str:
    """A ``topics.yml`` text for ``topics``, with a header comment, for a curator to edit."""
    entries = []
    for topic in topics:
        entry = {"name": topic.name}
        if topic.slug != slugify(topic.name):
            entry["slug"] = topic.slug
        entry["description"] = topic.description
        entry["keywords"] = list(topic.keywords)
        entries.append(entry)
    body = yaml.safe_dump({"topics": entries}, sort_keys=False, allow_unicode=True,
                          default_flow_style=None, width=100)
    return HEADER + "\n" + body
