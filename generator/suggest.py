"""Bootstrapping a taxonomy: cluster any collection into topics a curator can edit.

Papers are clustered by average linkage on the cosine distance of a low-rank (LSA) view of the
shared TF-IDF space. Both steps are exact (no random start; up to DENSE_ROWS papers the LSA is a
full SVD, where ARPACK's varied from call to call): the topics do not hang on a random
state, as k-means' did (on the quality fixture its pairwise recall went from 0.43 to 0.59 with
the state). When the records have subject categories (arXiv listings do: they are the field a
paper was filed under, so they keep clusters to fields rather than surface words), they are
joined to the text and clustered by k-means, which keeps neighbouring fields apart there.
Clusters that are too small are folded into their nearest neighbour and clusters holding more
than a quarter of the collection are split. The terms that most distinguish a cluster from
the rest become its keywords, and name it as its papers write them (``topic_names``).
"""

from __future__ import annotations

import dataclasses
import importlib
import math
import warnings
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import yaml
from threadpoolctl import ThreadpoolController

from .collect import RESERVED
from .model import Paper, Topic
from .related import ranked_entries, similarity_space
from .slugs import MAX_TOPIC_SLUG, slugify
from . import topic_names
from .categories import ARXIV, category_code, category_name
from .ids import ARXIV_ARCHIVES
from .vectors import Vectors, category_matrix, unit_rows, cjk_written, normal_form, paper_text, paper_vectors

MAX_COUNT = 25
# Fewer, broader topics keep papers of one subject together (chosen with k-means on the seed's
# labels: 10 topics shared a topic for 59% of same-subject pairs, 14 topics for 45%).
COUNT_DIVISOR = 1.4
SUBTOPICS_FROM = 500  # papers of a suggested topic from which it gets subtopics (see subtopics.py)
SUBTOPIC_SIZE = 150  # papers per suggested subtopic, about: a listing worth skimming
MIN_SIZE = 3  # papers a topic needs
MAX_SHARE = 0.25  # of the collection, for any one topic
DIMENSIONS = 100  # of the LSA view
DENSE_ROWS = 2 * DIMENSIONS  # papers up to which the LSA is an exact SVD (ARPACK's is not stable there)
MAX_TERMS = 4000  # most shared terms the LSA is computed on
TERMS_PER_PAPER = 64  # strongest terms of a paper clustered on (128 gave no better topics on bench.quality)
CATEGORY_WEIGHT = 1.5  # of the categories next to the text (both unit vectors)
KEYWORDS = 12
# Words that name no subject alone, in any field: research prose's nouns, adjectives, verbs and
# adverbs, and the first halves of hyphenated words ("non-linear", "fine-tuning"). In a phrase
# they may ("hidden state", "attention layer", "language model"), so they are no stop words
# (those break phrases), but alone none marks a cluster (:func:`distinctive_terms`): no keyword,
# no name. A large collection keeps most of them out by itself (vectors.MAX_DF drops words of
# over half its papers, MIN_LIFT those as common elsewhere); in one of 23 papers, two papers of
# three saying "similar" made it seven times as common there, and a topic was named "Similar".
GENERIC = frozenset(map(normal_form, """
    similar state layer approach method model framework technique task problem performance work
    study case example setting solution application challenge issue aspect factor level range
    number amount type form view perspective direction finding advancement advance addition
    impact scale capability understanding capable highly despite full high low large small
    better good single multiple specific general current previous original common simple
    efficient robust powerful promising remarkable critical relevant useful important potential
    extensive unified versatile implicit explicit individual scalable increasing increase improve
    enhance reduce outperform perform conduct develop investigate understand analyze examine
    explore identify capture create make help need require requiring lack limited focus aim
    reveal ensure struggle information output million fully directly successfully increasingly
    dramatically easily efficiently widely largely non pre multi self semi cross end fine main
    extend far start starting definition outside year area effect pattern experience evidence
    observe observed obtain consider apply related second known overall usually possible previously
    lead required argue hope question""".split()))
FIELD_SHARE = 0.5  # of a cluster's papers filed under one category, to name it after it
MIN_COVERAGE = 0.05  # and used by a twentieth of its papers (two at least)
MIN_LIFT = 3.0  # a name or keyword is at least three times as common in its cluster as overall
LINKAGE_LIMIT = 4000  # papers clustered by linkage (its distances take n^2 / 2 floats); others join the nearest
SEED = 0  # of the SVD's start vector (arpack: the result does not depend on it)
HEADER = """\
# Topics suggested by `digest-site topics suggest` from the papers themselves.
#
# Edit freely: rename topics, merge or split them, sharpen keywords (specific phrases beat
# single common words). Papers are matched to topics on their title (weighted most) and
# abstract against each topic's keywords, name and description.
"""


# Until a curator has read them, related papers count no bonus for these topics (they come from
# the same words as the papers' similarity: generator.related.topic_bonus).
SUGGESTED = """\
# While `suggested: true` is here, related papers count these topics only when most papers have
# source categories (suggested from the papers' own words, they would only repeat the words'
# mistakes). Delete the line once you have curated the topics.
suggested: true
"""


def suggest_topics(papers: Sequence[Paper], count: int | None = None) -> tuple[Topic, ...]:
    """About ``count`` topics (default: from the collection's size) that cover ``papers``,
    each of more than SUBTOPICS_FROM papers followed by the subtopics suggested for it."""
    if not papers:
        return ()
    asked = count is not None  # a count asked for is kept: no large topic is split past it
    count = default_count(len(papers)) if count is None else max(1, min(count, len(papers)))
    vectors = paper_vectors(papers)
    everyone = np.arange(len(papers))
    labels = clusters_of(vectors, papers, everyone, count, split=not asked)
    topics = name_clusters(vectors, labels, [_primary_category(p.categories) for p in papers],
                           archives=[_primary_archive(p.categories) for p in papers],
                           titles=[paper_text(p)[0] for p in papers], abstracts=[paper_text(p)[1] for p in papers])
    taken = {t.slug for t in topics}
    result: list[Topic] = []
    for c, topic in zip(_by_size(labels), topics):
        result.append(topic)
        members = np.flatnonzero(labels == c)
        if len(members) > SUBTOPICS_FROM:
            subtopics = suggest_subtopics(papers, members, topic, taken, vectors)
            taken |= {t.slug for t in subtopics}
            result += subtopics
    return tuple(result)


def suggest_subtopics(papers: Sequence[Paper], members: Sequence[int], topic: Topic,
                      taken: set[str], vectors: Vectors | None = None,
                      labels: np.ndarray | None = None) -> tuple[Topic, ...]:
    """Subtopics of ``topic`` from its papers (``members``, indexes of ``papers``), in the
    collection's TF-IDF space (``vectors``, when the caller has it: ``paper_vectors(papers)``):
    about one for every SUBTOPIC_SIZE papers, named by what marks each among the topic's papers.
    ``labels``: the clusters ``subtopic_clusters`` gives, when the caller made them."""
    members = np.asarray(members, dtype=np.int64)
    vectors = paper_vectors(papers) if vectors is None else vectors
    labels = subtopic_clusters(papers, members, vectors) if labels is None else labels
    if labels is None or labels.max() < 1:
        return ()
    space = dataclasses.replace(vectors, matrix=vectors.matrix[members])
    categories = [_primary_category(papers[i].categories) for i in members]
    named = name_clusters(space, labels, categories, taken=taken | {slugify(topic.name)}, field_names=False,
                          titles=[paper_text(papers[i])[0] for i in members],
                          abstracts=[paper_text(papers[i])[1] for i in members])
    return tuple(dataclasses.replace(t, parent=topic.slug) for t in named)


def subtopic_clusters(papers: Sequence[Paper], members: Sequence[int], vectors: Vectors) -> np.ndarray | None:
    """The cluster of each of a topic's papers (``members``) for its subtopics, or None when it
    has too few papers. Reads no spelling (a pure function of its arguments: it may run in a worker)."""
    members = np.asarray(members, dtype=np.int64)
    if len(members) < 2 * MIN_SIZE:
        return None
    count = max(2, min(MAX_COUNT, round(len(members) / SUBTOPIC_SIZE)))
    space = dataclasses.replace(vectors, matrix=vectors.matrix[members])
    return clusters_of(space, [papers[i] for i in members], np.arange(len(members)), count)


def clusters_of(vectors: Vectors, papers: Sequence[Paper], rows: np.ndarray, count: int,
                split: bool = True) -> np.ndarray:
    """Cluster labels of ``papers`` (rows ``rows`` of ``vectors.matrix``), whatever their order
    (``split``: see :func:`cluster`)."""
    order = np.array(sorted(range(len(papers)), key=lambda i: papers[i].slug), dtype=np.int64)
    with _threads().limit(limits=1), np.errstate(all="ignore"):  # (small matrices: threads only spin against other work)
        sorted_points, filed = features(vectors.matrix[rows[order]], [papers[i] for i in order])
        points = np.empty_like(sorted_points)
        points[order] = sorted_points
        labels = np.empty(len(papers), dtype=int)
        labels[order] = cluster(sorted_points, count, linkage if not filed else k_means, split)
    return dissolve_nameless(dataclasses.replace(vectors, matrix=vectors.matrix[rows]), points, labels)


@lru_cache(maxsize=2)
def _threads(library: str = "scipy.sparse.linalg") -> ThreadpoolController:
    """The numeric libraries' thread pools, looked up once (a lookup reads every loaded library:
    about 25 ms, once per topic clustered) with the module ``library`` loaded: SciPy's linear
    algebra, whose own OpenBLAS ARPACK uses, or scikit-learn's k-means, with its OpenMP pool. A
    pool loaded after its lookup is not limited: ARPACK and k-means then ran on every core in each
    worker, and a full build at 10,000 papers took 3-4 s longer."""
    importlib.import_module(library)
    return ThreadpoolController()


def _by_size(labels: np.ndarray) -> list[int]:
    """Cluster numbers, largest first (the order ``name_clusters`` gives its topics)."""
    sizes = np.bincount(labels)
    return sorted(range(len(sizes)), key=lambda c: (-sizes[c], c))


def default_count(n: int) -> int:
    """About the square root of the collection's size over COUNT_DIVISOR, so a topic lists a
    few dozen papers (a large collection's topics get subtopics)."""
    return max(1, min(MAX_COUNT, round(math.sqrt(n) / COUNT_DIVISOR), n // MIN_SIZE))


def features(matrix: sp.csr_matrix, papers: Sequence[Paper]) -> tuple[np.ndarray, bool]:
    """Unit rows: the LSA view of each paper's TF-IDF row, joined with its categories if any;
    and whether there were any."""
    space = shared_terms(similarity_space(matrix, ranked_entries(matrix), TERMS_PER_PAPER))
    dimensions = min(DIMENSIONS, space.shape[0] - 1, space.shape[1] - 1)
    if dimensions >= 2 and space.nnz and space.shape[0] <= DENSE_ROWS:
        text = _dense_lsa(space.toarray(), dimensions)
    elif dimensions >= 2 and space.nnz:
        text = _sparse_lsa(space, dimensions)
    else:
        text = space.toarray()
    text = unit_rows(text)
    categories = category_matrix(papers)
    if categories.shape[1] == 0:
        return text, False
    return unit_rows(np.hstack([text, CATEGORY_WEIGHT * categories.toarray()])), True


def _dense_lsa(points: np.ndarray, dimensions: int) -> np.ndarray:
    """The LSA view of a few rows by an exact SVD, each component's sign set as scikit-learn's
    ``svd_flip`` sets it (its largest loading positive). ARPACK, asked for nearly as many
    components as there are rows, gave other vectors on every call (a collection of 16 papers got
    2 to 4 topics of other names, build after build)."""
    u, sigma, vt = np.linalg.svd(points, full_matrices=False)
    return _signed(u[:, :dimensions], sigma[:dimensions], vt[:dimensions])


def _sparse_lsa(matrix: sp.csr_matrix, dimensions: int) -> np.ndarray:
    """The LSA view of many rows by ARPACK, as scikit-learn's ``TruncatedSVD(dimensions,
    algorithm="arpack", random_state=SEED)`` makes it (tested to the bit): SciPy's ``svds`` from
    the same start, largest component first. Importing scikit-learn takes 0.6-0.9 s (it loads SciPy's
    statistics), and subtopics of papers without categories need nothing else of it (k-means does)."""
    from scipy.sparse.linalg import svds

    start = np.random.RandomState(SEED).uniform(-1, 1, min(matrix.shape))
    u, sigma, vt = svds(matrix, k=dimensions, tol=0, v0=start)
    return _signed(u[:, ::-1], sigma[::-1], vt[::-1])


def _signed(u: np.ndarray, sigma: np.ndarray, vt: np.ndarray) -> np.ndarray:
    """``u * sigma`` with each component's sign set as ``svd_flip`` sets it (its largest loading
    positive)."""
    signs = np.sign(vt[np.arange(len(vt)), np.abs(vt).argmax(axis=1)])
    signs[signs == 0] = 1
    return (u * signs) * sigma


def shared_terms(matrix: sp.csr_matrix, limit: int = MAX_TERMS) -> sp.csr_matrix:
    """The columns of the ``limit`` terms found in most papers (and in two at least): a term
    of one paper links it to no other, and dropping such terms keeps the LSA cheap."""
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    order = np.lexsort((np.arange(len(df)), -df))[:limit]
    kept = np.sort(order[df[order] >= 2]) if len(order) else order
    return unit_rows(matrix[:, kept]) if len(kept) else matrix


def cluster(points: np.ndarray, count: int, method=None, split: bool = True) -> np.ndarray:
    """Cluster labels 0..k-1 by ``method`` (``linkage`` or ``k_means``; default linkage),
    then small clusters folded in, and (``split``) large ones split: not when the count was
    asked for (`topics suggest --count 3` gave 7 topics)."""
    n, method = len(points), method or linkage
    if count <= 1 or n <= count:
        return np.zeros(n, dtype=int) if count <= 1 else np.arange(n)
    labels = method(points, count)
    if split:
        labels = _split_large(points, labels, max(MIN_SIZE * 2, int(MAX_SHARE * n)), method)
    return _fold_small(points, labels, min(MIN_SIZE, n))


def linkage(points: np.ndarray, count: int) -> np.ndarray:
    """``count`` clusters of unit rows by average linkage on their cosine distance: of every
    row up to LINKAGE_LIMIT rows, else of LINKAGE_LIMIT evenly spaced rows, each other row
    joining the cluster whose centroid is nearest."""
    from scipy.cluster.hierarchy import fcluster, linkage as tree  # (imported when suggesting: a build mostly suggests nothing)
    from scipy.spatial.distance import pdist

    n = len(points)
    sample = points if n <= LINKAGE_LIMIT else points[np.linspace(0, n - 1, LINKAGE_LIMIT).round().astype(int)]
    distances = np.nan_to_num(pdist(sample, "cosine"), nan=1.0)  # a row of zeros (no shared term) is far from all
    labels = fcluster(tree(distances, "average"), min(count, len(sample)), "maxclust") - 1
    if n <= LINKAGE_LIMIT:
        return labels
    centroids = unit_rows(np.vstack([sample[labels == c].mean(axis=0) for c in range(labels.max() + 1)]))
    return (points @ centroids.T).argmax(axis=1)


def k_means(points: np.ndarray, count: int) -> np.ndarray:
    """``count`` clusters by k-means: for papers with categories, whose points gather around
    their categories (weighted above the text), k-means gives balanced field topics where
    average linkage lumps neighbouring fields (see ``linkage``); the random state then moves
    the figures little."""
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    with _threads("sklearn.cluster").limit(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # duplicate papers make fewer distinct clusters than asked
        return KMeans(count, n_init=4, random_state=SEED).fit_predict(points)


def _split_large(points: np.ndarray, labels: np.ndarray, limit: int, method=None) -> np.ndarray:
    labels = labels.copy()
    for _ in range(MAX_COUNT):
        sizes = np.bincount(labels)
        big = int(sizes.argmax())
        if sizes[big] <= limit:
            break
        members = np.flatnonzero(labels == big)
        halves = (method or linkage)(points[members], 2)
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
        centroids = unit_rows(np.vstack([points[labels == c].mean(axis=0) for c in alive]))
        members = np.flatnonzero(labels == victim)
        affinity = points[members] @ centroids.T
        affinity[:, list(alive).index(victim)] = -np.inf
        labels[members] = alive[affinity.sum(axis=0).argmax()]
    _, labels = np.unique(labels, return_inverse=True)
    return labels.ravel()


def dissolve_nameless(vectors: Vectors, points: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Spread the papers of clusters that no term marks (k-means' leftovers from many
    small fields, a catch-all) over the nearest other clusters, one paper at a time; when no
    term marks any cluster, all are one."""
    labels = labels.copy()
    while labels.max() > 0:
        scores = distinctive_terms(vectors, labels)
        sizes = np.bincount(labels)
        marked = np.diff(scores.indptr)  # terms marking each cluster
        nameless = [c for c in range(len(sizes)) if not marked[c]]
        if len(nameless) == len(sizes):  # no term marks any: one cluster (13 papers in as many languages
            return np.zeros_like(labels)  # made two topics of no keywords, and every paper matched the first)
        if not nameless:
            break
        victim = min(nameless, key=lambda c: (-sizes[c], c))
        others = [c for c in range(len(sizes)) if c != victim]
        centroids = unit_rows(np.vstack([points[labels == c].mean(axis=0) for c in others]))
        members = np.flatnonzero(labels == victim)
        labels[members] = np.array(others)[(points[members] @ centroids.T).argmax(axis=1)]
        labels[labels > victim] -= 1
    return labels


def name_clusters(vectors: Vectors, labels: np.ndarray, categories: Sequence[str] = (),
                  taken: set[str] = frozenset(), field_names: bool = True,
                  titles: Sequence[str] = (), abstracts: Sequence[str] = (),
                  archives: Sequence[str] = ()) -> tuple[Topic, ...]:
    """A Topic per cluster, largest first. Its keywords are the cluster's most distinctive
    terms; its name is the name of the category most of its papers were filed under, if
    any (and ``field_names``), else of the arXiv archive most of them were filed under
    (``archives``: a cluster of number theory, geometry and group theory papers is
    "Mathematics", not "Theorem"), else its most distinctive phrase, one its papers' ``titles``
    use first. Slugs in ``taken`` are not used."""
    scores = distinctive_terms(vectors, labels)
    in_titles = _title_shares(vectors, labels, titles)
    sizes = np.bincount(labels)
    topics: list[Topic] = []
    taken = {"", *RESERVED, *taken}  # slugs that cannot name a folder of the site
    for c in sorted(range(len(sizes)), key=lambda c: (-sizes[c], c)):
        terms = _top_terms(vectors, scores[c], KEYWORDS, in_titles[c])
        members = np.flatnonzero(labels == c)
        field = _dominant([categories[i] for i in members] if categories else [])
        field = field or _dominant([archives[i] for i in members] if archives else [])
        field = field if len(slugify(field)) <= MAX_TOPIC_SLUG else ""  # (a paragraph is no name)
        written = topic_names.Written(*([texts[i] for i in members] if len(texts) == len(labels) else [] for texts in (titles, abstracts)))
        name = topic_names.name(terms, taken, field if field_names else "", written)
        taken.add(slugify(name))
        description = topic_names.description(terms, written)
        topics.append(Topic(slug=slugify(name), name=name, description=description, keywords=tuple(map(cjk_written, terms))))
    return tuple(topics)


def _title_shares(vectors: Vectors, labels: np.ndarray, titles: Sequence[str]) -> sp.csr_matrix:
    """Clusters x terms: the share of the cluster's papers whose title uses the term (all
    zero without ``titles``)."""
    k, n = labels.max() + 1, len(labels)
    if len(titles) != n:
        return sp.csr_matrix((k, vectors.matrix.shape[1]))
    used = vectors.count(titles)
    used.data[:] = 1
    membership = sp.csr_matrix((1 / np.bincount(labels, minlength=k)[labels], (labels, np.arange(n))), shape=(k, n))
    return (membership @ used).tocsr()


def _primary_category(categories: Sequence[str]) -> str:
    """The readable name of a paper's first category ("Robotics" of "Robotics (cs.RO)" or of
    "cs.RO"), capitalised as a name."""
    for category in categories:
        name = category_name(category)
        if name:
            return name[:1].upper() + name[1:]
    return ""


def _primary_archive(categories: Sequence[str]) -> str:
    """The name of the arXiv archive of a paper's first category, when that is arXiv's
    ("Mathematics" of "math.NT" or of "Number Theory (math.NT)"); else ""."""
    code = category_code(categories[0]) if categories else ""
    return ARXIV_ARCHIVES.get(code.split(".")[0], "") if code in ARXIV else ""


def _dominant(categories: list[str]) -> str:
    """The category of at least half the papers, if there is one."""
    counts = Counter(c for c in categories if c)
    if not counts:
        return ""
    category, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return category if count >= FIELD_SHARE * len(categories) else ""


def distinctive_terms(vectors: Vectors, labels: np.ndarray) -> sp.csr_matrix:
    """Clusters x terms, sparse: how well a term marks a cluster. Its share of the cluster's
    papers, times the log of (1 +) how much more common it is there than in the collection;
    no entry for a term used by few of its papers or not clearly more common there, nor for a
    GENERIC word alone. Phrases count a half more, being easier to read. (Dense, clusters x
    terms would be GBs at 100,000 papers.)"""
    k, n = labels.max() + 1, len(labels)
    membership = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
    has = (vectors.matrix > 0).astype(np.float32)
    in_cluster = (membership @ has).tocoo()
    rows, cols, used = in_cluster.row, in_cluster.col, in_cluster.data
    sizes = np.bincount(labels, minlength=k)[rows]
    coverage = used / sizes
    overall = np.asarray(has.sum(axis=0)).ravel() / n
    lift = coverage / np.maximum(overall[cols], 1e-9)
    phrase = np.where(vectors.column_features[cols] >= len(vectors.words), 1.5, 1.0)
    enough = np.maximum(2, np.round(MIN_COVERAGE * sizes))  # papers of the cluster using it
    # A term used only in a cluster of a tenth of the papers has a lift of 10: ask a large
    # cluster for at most half of what its size allows.
    marks = (used >= np.minimum(enough, n)) & (lift >= np.minimum(MIN_LIFT, 0.5 * n / sizes))
    marks &= ~np.isin(cols, generic_columns(vectors))
    values = (coverage * np.log1p(lift) * phrase)[marks]
    return sp.csr_matrix((values, (rows[marks], cols[marks])), shape=in_cluster.shape)


def generic_columns(vectors: Vectors) -> np.ndarray:
    """The columns of the GENERIC words, of the phrases of two of them, and of the phrases led by
    one of their adverbs: words that name no subject name none together either, nor what an
    adverb qualifies (suggested subtopics were named "Far largely", of "have so far largely
    focused on", then "Largely encompass"). Other phrases holding one are kept ("hidden state")."""
    ids = np.array(sorted(vectors.word_ids[word] for word in GENERIC if word in vectors.word_ids), dtype=np.int64)
    adverbs = np.array([i for i in ids if vectors.words[i].endswith("ly")], dtype=np.int64)
    n, codes = len(vectors.words), vectors.bigram_codes
    first, second = codes // n, codes % n
    phrases = np.flatnonzero((np.isin(first, ids) & np.isin(second, ids)) | np.isin(first, adverbs))
    columns = vectors.columns_of[np.concatenate([ids, n + phrases])]
    return columns[columns >= 0]


def _top_terms(vectors: Vectors, scores: sp.csr_matrix, count: int,
               in_titles: sp.csr_matrix | None = None) -> list[str]:
    """The best terms of a row of scores, each adding a word not already in a better one.
    Ties (all of a one-paper cluster's terms tie) go to the term in more of the cluster's
    titles (``in_titles``, a row of shares), then to the first column."""
    titled = in_titles[:, scores.indices].toarray().ravel() if in_titles is not None else 0 * scores.data
    order = np.lexsort((scores.indices, -titled, -scores.data))[: count * 4]
    kept: list[str] = []
    words: set[str] = set()
    for term in (vectors.term(int(scores.indices[i])) for i in order if scores.data[i] > 0):
        parts = term.split(" ")
        if all(part in words for part in parts):
            continue
        kept.append(term)
        words.update(parts)
        if len(kept) == count:
            break
    return kept


def topics_yaml(topics: Sequence[Topic]) -> str:
    """A ``topics.yml`` text for ``topics`` (subtopics nested under their topic), with a
    header comment, for a curator to edit."""
    entries: list[dict] = []
    by_slug: dict[str, dict] = {}
    for topic in topics:
        entry = _entry(topic)
        if topic.parent in by_slug:
            by_slug[topic.parent].setdefault("subtopics", []).append(entry)
        else:
            entries.append(entry)
            by_slug[topic.slug] = entry
    body = yaml.safe_dump({"topics": entries}, sort_keys=False, allow_unicode=True,
                          default_flow_style=None, width=100)
    return HEADER + "\n" + SUGGESTED + body


def _entry(topic: Topic) -> dict:
    entry = {"name": topic.name}
    if topic.slug != slugify(topic.name):
        entry["slug"] = topic.slug
    entry["description"] = topic.description
    entry["keywords"] = list(topic.keywords)
    return entry
