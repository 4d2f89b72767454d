"""Related papers and search keywords, from the shared TF-IDF space.

Similarity is the cosine of the papers' TF-IDF vectors, each cut to its strongest terms
(the weak, common terms make every pair overlap a little and the product dense), plus a
bonus for shared topics (the cosine of the papers' topic scores).

Candidates come from an index, never from all pairs: each term and each topic keeps a posting
list of the papers it weighs most in, and a paper is compared with the papers of those lists
that share one of its terms or topics. A paper's row of scores thus has a bounded number of
entries per term it has, so the cost grows linearly with the collection (all pairs sharing a
topic made it quadratic: 25 topics of 4,000 papers at 100,000). Below ``POSTINGS`` papers per
term the scores are exactly the cosines of before. Rows are compared a chunk at a time as
sparse products, and the top k of each row is picked without ever holding an N x N matrix.

A list is cut at a weight, not at a count: it keeps the papers weighing at least what the
``POSTINGS``-th strongest row of its reference weighs, every paper when the reference has fewer,
and never more than ``MAX_POSTINGS``. A term's reference is the topic model's records (when
there is a model; else the papers); a topic's, the papers that appeared in the model's digests.
A paper's place in a list is then a function of its own row and the model's, as its weights are:
a new paper joins the lists and evicts nobody. With each list cut at its 64 strongest papers, a
new paper pushed one out, and every paper scored through that term or topic scored the evicted
one lower: at 10,000 papers, a 50-paper digest changed 651 earlier lists, 414 of them with no
new paper in them (each paper's topics held as they were); cut at the references' weights, 263,
every one with a new paper in it (an exact product, without an index: 237).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from collections.abc import Collection, Sequence
from functools import cached_property, partial

import numpy as np
import scipy.sparse as sp

from . import parallel
from .model import Paper, replaced
from .topics import MODEL_ROW
from .vectors import Vectors, model_vectors, normalize, paper_vectors

# Terms per paper used for similarity. Precision@3 (bench.quality), 64 -> 128 terms: the quality
# fixture without topics.yml 0.336 -> 0.366 (with the suggested topics 0.333 -> 0.359, plain TF-IDF
# 0.349), with topics.yml 0.611 -> 0.641; the arXiv day, categories hidden, 0.259 -> 0.279 (0.278
# -> 0.284 with suggested topics; plain TF-IDF 0.278). 192 or all terms gained at most 0.004 more.
# The cost, on bench.quality's synthetic papers (shared machine): relate() at 30,000 papers took
# 10.7 s of CPU instead of 5.7 (0.36 ms per paper instead of 0.19; a build spends about 24), with
# no higher peak memory; candidates per row at 10,000 papers: 2,405 instead of 612.
STRONGEST_TERMS = 128
# Weights raised to this power before the rows are renormalised: a paper's few strongest terms
# (its title's words: the title's unit vector is added at 0.7 to the abstract's) outweighed the
# rest of its abstract in the cosine; flatter weights let more of its terms count. Precision@3
# without topics.yml, 1.0 -> 0.6 (bench.quality): the arXiv day, categories hidden, 0.277 -> 0.301
# (chosen there: 0.5 gave 0.297, 0.7 0.300); its cs papers 0.401 -> 0.419, its math papers 0.323
# -> 0.359; the seed, held out, 0.366 -> 0.379; with the seed's topics.yml 0.641 -> 0.653; the
# arXiv day with its categories (and suggested topics) 0.533 -> 0.547. (Topic suggestions keep the
# plain weights: with these, k-means on the arXiv day's text and categories lost precision@3,
# 0.533 -> 0.514.)
WEIGHT_POWER = 0.6
TOPIC_WEIGHT = 0.2  # bonus for the cosine of two papers' topic scores
KEYWORDS = 12
CHUNK = 1000  # rows per sparse product
# Papers kept per term and per topic (those it weighs most in): each paper's candidates are at
# most POSTINGS per term and topic it has, so the cost is linear. On the quality fixture 64
# gives the precision@3 of the exact product (0.611; 32 gave 0.609). Candidates per row on
# bench.quality's synthetic papers, measured: 372 (10,000 papers) and 469 (30,000) with 32,
# 919 and 1,380 with 128 (all with 64 terms per paper; with 128 terms, 64 postings give 0.641
# against the exact product's 0.639).
POSTINGS = 64
MAX_POSTINGS = 4 * POSTINGS  # papers a list keeps at most: a word may be rare in the model and common later


def relate(papers: Sequence[Paper], k: int = 5, postings: int = POSTINGS,
           model: Sequence[Paper] | None = None, words: Sequence[str] = (),
           settled: Collection[str] | None = None, topic_bonus: bool = True) -> list[Paper]:
    """Papers with ``related`` (slugs of the k most similar, best first) and ``keywords``.

    With ``model`` (the topic model's records, :func:`generator.topics.model_records`), the
    TF-IDF weights come from those records alone, as topics' do: the similarity of two papers
    then stays as it was when papers are added, and an earlier paper's list changes only when a
    new paper is among its closest (or takes a place in the index's postings), not because every
    weight moved a little (at 10,000 papers, that changed thousands of paper pages per digest).

    ``words``: the topics' own words (:func:`generator.topic_memo.topic_words` of the main
    topics), which the topic model's space also holds: that space, fitted for the topics, is then
    used again instead of fitted anew. Words no paper has add columns no paper row touches, and
    keep the order of the others: the lists are the same with or without them.

    ``settled``: the names of the model's digests. The papers that appeared in one are the
    reference of the topics' posting lists, as the model's records are of the terms' (see
    :func:`nearest`); default: every paper.

    ``topic_bonus``: whether the topics' bonus counts (:func:`topic_bonus`)."""
    if not papers:
        return []
    found = prepare(papers, k, postings, model, words, settled, topic_bonus)
    return with_related(papers, [near for near, _ in nearest(found.hood)], keywords(found))


@dataclass(frozen=True)
class Prepared:
    """What :func:`relate` compares the papers in: their TF-IDF rows (then the model's), and the
    rows and index :func:`nearest` uses."""

    vectors: Vectors
    hood: Neighbourhood
    topics: sp.csr_matrix  # the papers' topic rows (:func:`topic_matrix`)
    topic_slugs: list[str]  # the topic of each of its columns
    settled: np.ndarray  # per paper: whether it appeared in one of the model's digests
    topic_floors: dict[str, float]  # the weight each topic's posting list is cut at (:func:`floor_postings`)
    term_floors: np.ndarray  # the weight each term's posting list is cut at, per column of ``vectors``


def prepare(papers: Sequence[Paper], k: int, postings: int, model: Sequence[Paper] | None, words: Sequence[str],
            settled: Collection[str] | None, topic_bonus: bool,
            known_floors: TermFloors | None = None) -> Prepared:
    """The spaces and index of :func:`relate` (its arguments). ``known_floors``: the terms' floors
    (:func:`column_floors` of the model's rows) as an earlier build of the same model, topics'
    words and settings found them (:mod:`generator.related_memo`); then the model's rows are not
    made into similarity rows at all, only the papers' (a row depends on its own weights alone).
    At 10,000 papers the model's 6,800 rows were 40% of :func:`similarity_rows` (63 ms of CPU
    against 36 without them, warm; 80-200 ms in a build, whose fresh memory costs more)."""
    vectors = model_space(papers, model, words) if model else paper_vectors(papers)
    n = len(papers)  # the papers' rows, then (with a model) its records'
    floors = known_floors.columns(vectors) if model and known_floors is not None else None
    if floors is not None:
        space = similarity_rows(vectors.matrix[:n], power=WEIGHT_POWER)
    else:
        space = similarity_rows(vectors.matrix, power=WEIGHT_POWER)
        floors = column_floors(space[n:] if model else space, postings)  # (the reference: the model's rows)
        space = space[:n] if model else space
    topics, columns = topic_columns(papers) if topic_bonus else (sp.csr_matrix((n, 0), dtype=np.float32), [])
    modelled = np.ones(n, dtype=bool) if settled is None else \
        np.fromiter((any(d in settled for d in p.digests) for p in papers), dtype=bool, count=n)
    hood = neighbourhood(space, topics, slug_ranks(papers), k, postings, floors, topics[modelled])
    topic_floors = column_floors(np.float32(np.sqrt(TOPIC_WEIGHT)) * topics[modelled].astype(np.float32), postings)
    return Prepared(vectors, hood, topics, columns, modelled, dict(zip(columns, topic_floors.tolist())), floors)


@dataclass(frozen=True)
class TermFloors:
    """The terms' floors (:attr:`Prepared.term_floors`) named by their terms, not by their columns:
    a new paper's new words add columns between the others. Each nonzero floor's term is its
    word (``second`` empty) or its bigram's two words, as the space folds them (``Vectors.words``);
    a term left out has a floor of 0 (its list, fewer than ``postings`` of the model's rows)."""

    first: tuple[str, ...]
    second: tuple[str, ...]
    floors: np.ndarray  # float32

    @classmethod
    def of(cls, vectors: Vectors, floors: np.ndarray) -> TermFloors:
        columns = np.flatnonzero(floors)
        words, count = vectors.words, len(vectors.words)
        first, second = [], []
        for feature in vectors.column_features[columns].tolist():
            if feature < count:
                first.append(words[feature])
                second.append("")
            else:
                code = int(vectors.bigram_codes[feature - count])
                first.append(words[code // count])
                second.append(words[code % count])
        return cls(tuple(first), tuple(second), floors[columns].astype(np.float32))

    def columns(self, vectors: Vectors) -> np.ndarray | None:
        """The floor of each column of ``vectors``; None when a term is not one of its columns
        (then these are not its model's floors)."""
        count, ids = len(vectors.words), vectors.word_ids
        if not (len(self.first) == len(self.second) == len(self.floors)):
            return None
        try:
            first = np.array([ids[word] for word in self.first], dtype=np.int64)
            second = np.array([ids[word] if word else -1 for word in self.second], dtype=np.int64)
        except KeyError:
            return None
        bigram = second >= 0
        codes = first[bigram] * count + second[bigram]
        ranks = np.searchsorted(vectors.bigram_codes, codes)
        if (ranks >= len(vectors.bigram_codes)).any() or (vectors.bigram_codes[ranks] != codes).any():
            return None
        features = first.copy()
        features[bigram] = count + ranks
        columns = vectors.columns_of[features] if len(features) else features
        if (columns < 0).any() or len(np.unique(columns)) != len(columns):
            return None
        floors = np.zeros(vectors.matrix.shape[1], dtype=np.float32)
        floors[columns] = self.floors
        return floors


def keywords(found: Prepared, rows: np.ndarray | None = None) -> list[tuple[str, ...]]:
    """The search keywords of every paper (:func:`top_terms`), or of the papers of ``rows``."""
    matrix = found.vectors.matrix
    chosen = matrix[:found.hood.both.shape[0]] if rows is None else matrix[rows]
    return top_terms(dataclasses.replace(found.vectors, matrix=chosen), KEYWORDS)


def with_related(papers: Sequence[Paper], neighbours: Sequence[Sequence[int]],
                 keywords: Sequence[tuple[str, ...]]) -> list[Paper]:
    """The papers with their related papers (``neighbours``: indices into ``papers``) and keywords."""
    slugs = [p.slug for p in papers]
    return [replaced(p, related=tuple([slugs[j] for j in near]), keywords=words)
            for p, near, words in zip(papers, neighbours, keywords)]


def topic_bonus(papers: Sequence[Paper], suggested: bool) -> bool:
    """Whether related papers count the bonus of shared topics: unless the topics were suggested
    (no topics.yml, or one that says ``suggested: true``) from papers that mostly have no
    categories. Such topics come from the same words as the terms' cosine, so their bonus repeats
    the words' mistakes instead of adding what a curator (or a source's categories) knows.
    Precision@3 (bench.quality): the seed without topics.yml 0.361 with the bonus and 0.379 without;
    the arXiv day with categories hidden 0.283 and 0.301. (Before WEIGHT_POWER: 0.354 and 0.366,
    0.277 and 0.279; with the arXiv day's categories, 0.553 and 0.279; with the seed's topics.yml,
    0.641 and 0.366.)"""
    return not suggested or 2 * sum(bool(p.categories) for p in papers) >= len(papers)


def model_space(papers: Sequence[Paper], model: Sequence[Paper], words: Sequence[str] = ()) -> Vectors:
    """The rows of the papers, then of the ``model``'s records, in a TF-IDF space weighted by
    those records alone (whose vocabulary holds ``words`` too)."""
    fit = [replaced(p, slug=f"{MODEL_ROW}{i}") for i, p in enumerate(model)]
    return model_vectors([*papers, *fit], {p.slug for p in fit}, words)


def ranked_entries(matrix: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``matrix.data`` row by row, strongest first (ties by column), and the
    rank of each within its row."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.argsort(rows * 4.0 - matrix.data, kind="stable")  # data in (0, 1]
    return order, np.arange(len(order)) - matrix.indptr[rows]


def similarity_space(matrix: sp.csr_matrix, ranked: tuple[np.ndarray, np.ndarray],
                     strongest: int = STRONGEST_TERMS, power: float = 1.0) -> sp.csr_matrix:
    """Each row cut to its ``strongest`` weights, raised to ``power`` (related papers use
    WEIGHT_POWER) and renormalised. A row depends on the paper's own row alone."""
    order, rank = ranked
    return _pruned(matrix, np.sort(order[rank < strongest]), power)


def similarity_rows(matrix: sp.csr_matrix, strongest: int = STRONGEST_TERMS, power: float = 1.0) -> sp.csr_matrix:
    """``similarity_space(matrix, ranked_entries(matrix), strongest, power)``, without ranking every entry."""
    return _pruned(matrix, np.flatnonzero(_strongest(matrix, strongest)), power)


def _pruned(matrix: sp.csr_matrix, kept: np.ndarray, power: float) -> sp.csr_matrix:
    """``matrix`` with only the entries at the positions ``kept`` (in order), their weights
    raised to ``power``, each row renormalised."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))[kept]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=matrix.shape[0]))])
    data = matrix.data[kept]  # a copy: ``matrix`` is shared
    if power != 1:
        np.power(data, data.dtype.type(power), out=data)  # weights > 0; in place: no second copy at 100,000 papers
    pruned = sp.csr_matrix((data, matrix.indices[kept], indptr), shape=matrix.shape)
    return normalize(pruned).astype(np.float32)


def strongest_entries(matrix: sp.csr_matrix, count: int) -> np.ndarray:
    """The positions in ``matrix.data`` of each row's ``count`` strongest entries, row by row,
    strongest first (ties by column): those of rank below ``count`` in :func:`ranked_entries`."""
    selected = np.flatnonzero(_strongest(matrix, count))
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))[selected]
    return selected[np.argsort(rows * 4.0 - matrix.data[selected], kind="stable")]


def _strongest(matrix: sp.csr_matrix, count: int) -> np.ndarray:
    """Per entry of ``matrix``: whether it is among its row's ``count`` strongest in the order of
    :func:`ranked_entries` (by the same keys). Only the rows longer than that are sorted, and
    only their keys (not their positions): a fifth of the time of ``ranked_entries`` at 10,000
    papers. A row keeps its entries below its ``count``-th key, and of those equal to it, the
    first by column."""
    lengths = np.diff(matrix.indptr)
    long = np.flatnonzero(lengths > count)
    kept = np.ones(matrix.nnz, dtype=bool)
    if not len(long):
        return kept
    sizes = lengths[long]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])  # of each long row, among the long rows' entries
    at = np.repeat(matrix.indptr[long] - starts, sizes) + np.arange(int(sizes.sum()))  # those entries
    rows = np.repeat(long, sizes)
    key = rows * 4.0 - matrix.data[at]  # data in (0, 1]
    threshold = np.repeat(np.sort(key)[starts + count - 1], sizes)  # each long row's count-th key
    below = key < threshold
    equal = key == threshold
    before = np.concatenate([[0], np.cumsum(equal)])  # equal keys before each entry
    room = count - np.add.reduceat(below, starts)  # places left for the equal ones
    kept[at] = below | (equal & (before[:-1] - np.repeat(before[starts], sizes) < np.repeat(room, sizes)))
    return kept


def topic_matrix(papers: Sequence[Paper]) -> sp.csr_matrix:
    """Unit rows of the papers' topic scores (empty rows for papers without topics, and for papers
    filed under a topic though they score nothing on any: a paper sharing no word with the topics,
    such as one in another language, is filed under the first topic, and every such paper got
    that topic's papers as its related ones)."""
    return topic_columns(papers)[0]


def topic_columns(papers: Sequence[Paper]) -> tuple[sp.csr_matrix, list[str]]:
    """:func:`topic_matrix`, and the topic of each of its columns."""
    rows, topics, scores = [], [], []
    for i, p in enumerate(papers):
        if any(m.score > 0 for m in p.topics):
            for m in p.topics:
                rows.append(i)
                topics.append(m.topic)
                scores.append(max(m.score, 1e-3))
    slugs = sorted(set(topics))
    column = {slug: i for i, slug in enumerate(slugs)}
    cols = [column[topic] for topic in topics]
    matrix = sp.csr_matrix((np.array(scores, np.float32), (rows, cols)), shape=(len(papers), len(slugs)))
    return (normalize(matrix) if slugs else matrix), slugs


def slug_ranks(papers: Sequence[Paper]) -> np.ndarray:
    """Each paper's position in slug order: the tie-breaker."""
    order = sorted(range(len(papers)), key=lambda i: papers[i].slug)
    ranks = np.empty(len(papers), dtype=np.int64)
    ranks[order] = np.arange(len(papers))
    return ranks


@dataclass(frozen=True)
class Neighbourhood:
    """What :func:`nearest` compares: each row's terms and topics side by side, and the index."""

    both: sp.csr_matrix  # the rows (:func:`side_by_side`)
    index: sp.csr_matrix  # ``both`` cut to each column's posting list (:func:`floor_postings`)
    full: np.ndarray  # per column: its list is as long as a list may be (a new row may have pushed one out)
    ranks: np.ndarray  # each row's slug rank: the tie-breaker
    k: int

    @cached_property
    def transposed(self) -> sp.csr_matrix:
        return self.index.T.tocsr()


def neighbourhood(space: sp.csr_matrix, topics: sp.csr_matrix, ranks: np.ndarray, k: int, postings: int,
                  term_floors: np.ndarray, topics_reference: sp.csr_matrix) -> Neighbourhood:
    """The rows' terms and topics, and the index of their posting lists (:func:`floor_postings`:
    cut at ``term_floors``, the weight of the ``postings``-th strongest row of the terms'
    reference (:func:`column_floors`), or of ``topics_reference`` for the topics)."""
    both = side_by_side(space, topics)
    scale = np.float32(np.sqrt(TOPIC_WEIGHT))  # of the topics in ``both``: their reference's too
    index = sp.hstack([cut_postings(space, term_floors, postings),
                       floor_postings(both[:, space.shape[1]:], scale * topics_reference.astype(np.float32), postings)],
                      format="csr")
    full = np.bincount(index.indices, minlength=index.shape[1]) >= max(MAX_POSTINGS, postings)
    return Neighbourhood(both, index, full, ranks, min(k, space.shape[0] - 1))


def nearest(hood: Neighbourhood) -> list[tuple[list[int], list[float]]]:
    """For each row, the indices of the k most similar other rows, best first, and their scores
    (fewer when fewer rows share anything: :func:`_top_k`): the dot product of their terms plus
    TOPIC_WEIGHT times that of their topics (one product of the two side by side), over each
    term's and topic's posting list."""
    n = hood.both.shape[0]
    if hood.k <= 0:
        return [([], []) for _ in range(n)]
    rows = partial(_nearest_rows, hood=hood, by_slug=np.argsort(hood.ranks))
    hood.transposed  # noqa: B018 (made before the workers fork, which inherit it)
    return [near for part in parallel.map_items(rows, [np.arange(start, min(start + CHUNK, n))
                                                       for start in range(0, n, CHUNK)], 2) for near in part]


def nearest_of(hood: Neighbourhood, rows: Sequence[int]) -> list[tuple[list[int], list[float]]]:
    """:func:`nearest` of the given rows alone, computed as it computes them."""
    if hood.k <= 0:
        return [([], []) for _ in rows]
    by_slug = np.argsort(hood.ranks)
    rows = np.asarray(rows, dtype=np.int64)
    return [near for start in range(0, len(rows), CHUNK)
            for near in _nearest_rows(rows[start:start + CHUNK], hood, by_slug)]


def _nearest_rows(rows: np.ndarray, hood: Neighbourhood, by_slug: np.ndarray) -> list[tuple[list[int], list[float]]]:
    """``nearest`` of ``rows`` (in a worker: it inherits the matrices)."""
    return _top_k((hood.both[rows] @ hood.transposed).tocsr(), rows, hood.ranks, hood.k, by_slug)


def side_by_side(space: sp.csr_matrix, topics: sp.csr_matrix) -> sp.csr_matrix:
    """Terms and topics as the columns of one space: the dot product of two rows is their
    similarity."""
    return sp.hstack([space, np.sqrt(TOPIC_WEIGHT) * topics], format="csr", dtype=np.float32)


def floor_postings(space: sp.csr_matrix, reference: sp.csr_matrix, postings: int) -> sp.csr_matrix:
    """``space`` with each column cut to the rows weighing at least the ``postings``-th largest
    weight of ``reference``'s column (every row when it has fewer), and to at most
    max(MAX_POSTINGS, postings) rows: the index's posting lists."""
    return cut_postings(space, column_floors(reference, postings), postings)


def cut_postings(space: sp.csr_matrix, floor: np.ndarray, postings: int) -> sp.csr_matrix:
    """:func:`floor_postings` with the floors given (``column_floors(reference, postings)``)."""
    if space.has_canonical_format:  # (its entries masked are the matrix rebuilt from them)
        keep = space.data >= floor[space.indices]
        indptr = np.concatenate([[0], np.cumsum(keep)])[space.indptr]
        kept = sp.csr_matrix((space.data[keep], space.indices[keep], indptr), shape=space.shape, dtype=space.dtype)
    else:
        coo = space.tocoo()
        keep = coo.data >= floor[coo.col]
        kept = sp.csr_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=space.shape, dtype=space.dtype)
    return strongest_postings(kept, max(MAX_POSTINGS, postings))


def column_floors(matrix: sp.csr_matrix, rank: int) -> np.ndarray:
    """Per column of ``matrix`` (weights >= 0): its ``rank``-th largest entry, 0 when it has fewer."""
    if matrix.data.dtype == np.float32 and not (matrix.data < 0).any():
        # The keys of _by_column, sorted as they are (no positions): a third of the time
        cols = matrix.tocsr().indices.astype(np.int64)
        weight = (matrix.tocsr().data.view(np.uint32) & np.uint32(0x7FFFFFFF)).astype(np.int64)
        keys = np.sort((cols << 32) | (0x7FFFFFFF - weight))
        counts = np.bincount(cols, minlength=matrix.shape[1])
        full = np.flatnonzero(counts >= rank)
        at = keys[np.concatenate([[0], np.cumsum(counts)])[full] + rank - 1]
        floor = np.zeros(matrix.shape[1], dtype=np.float32)
        floor[full] = (0x7FFFFFFF - (at & 0xFFFFFFFF)).astype(np.uint32).view(np.float32)
        return floor
    csc, cols, order, starts = _by_column(matrix)
    at = order[np.arange(len(order)) - starts[cols[order]] == rank - 1]
    floor = np.zeros(matrix.shape[1], dtype=csc.data.dtype)
    floor[cols[at]] = csc.data[at]
    return floor


def strongest_postings(matrix: sp.csr_matrix, postings: int) -> sp.csr_matrix:
    """``matrix`` with each column cut to its ``postings`` largest entries (ties: the first
    rows): the index's posting lists."""
    if not (np.bincount(matrix.indices, minlength=matrix.shape[1]) > postings).any():
        return matrix  # (as it would be made again: no list is longer)
    csc, cols, order, starts = _by_column(matrix)
    keep = order[np.arange(len(order)) - starts[cols[order]] < postings]
    return sp.csr_matrix((csc.data[keep], (csc.indices[keep], cols[keep])), shape=matrix.shape)


def _by_column(matrix: sp.csr_matrix) -> tuple[sp.csc_matrix, np.ndarray, np.ndarray, np.ndarray]:
    """``matrix`` as CSC (rows sorted), the column of each of its entries, the entries in
    order of column then weight, largest first (ties: the first rows), and where each column
    starts in that order."""
    csc = matrix.tocsc()
    csc.sort_indices()  # each column's rows in order: the ties' order
    data, rows = csc.data, csc.indices
    cols = np.repeat(np.arange(matrix.shape[1], dtype=np.int64), np.diff(csc.indptr))
    if data.dtype == np.float32 and not (data < 0).any():
        # One stable sort of one int64 key: the column, then the weight's bits inverted (the bits of
        # a float32 >= 0 order as its value). Three keys in np.lexsort took 8 s at 100,000 papers.
        weight = (data.view(np.uint32) & np.uint32(0x7FFFFFFF)).astype(np.int64)
        order = np.argsort((cols << 32) | (0x7FFFFFFF - weight), kind="stable")
    else:
        order = np.lexsort((rows, -data, cols))
    return csc, cols, order, np.searchsorted(cols[order], np.arange(matrix.shape[1]))


def _top_k(scores: sp.csr_matrix, rows: np.ndarray, ranks: np.ndarray, k: int,
           by_slug: np.ndarray) -> list[tuple[list[int], list[float]]]:
    """Top k per row of the scores of ``rows`` (self excluded), with their scores; ties by slug;
    short rows filled by slug (the fillers have no score)."""
    out = []
    for row in range(scores.shape[0]):
        a, b = scores.indptr[row], scores.indptr[row + 1]
        columns, values = scores.indices[a:b], scores.data[a:b]
        other = columns != rows[row]
        columns, values = columns[other], values[other]
        if len(values) > k:
            threshold = np.partition(values, len(values) - k)[len(values) - k]
            keep = values >= threshold
            columns, values = columns[keep], values[keep]
        order = np.lexsort((ranks[columns], -values))[:k]
        best = columns[order].tolist()
        out.append((best if len(best) == k else _fill(best, int(rows[row]), by_slug, k), values[order].tolist()))
    return out


def _fill(best: list[int], self_index: int, by_slug: np.ndarray, k: int) -> list[int]:
    """Complete a short list with the first papers in slug order (nothing shared at all)."""
    taken = set(best) | {self_index}
    best.extend(int(i) for i in by_slug[: k + len(taken)] if int(i) not in taken)
    return best[:k]


def top_terms(vectors: Vectors, count: int) -> list[tuple[str, ...]]:
    """Each paper's ``count`` strongest terms, a word left out when a stronger phrase has it."""
    matrix = vectors.matrix
    top = strongest_entries(matrix, count + count // 2)
    columns = matrix.indices[top]
    unique, inverse = np.unique(columns, return_inverse=True)
    names = np.array([vectors.term(int(c)) for c in unique], dtype=object)[inverse.ravel()]
    bounds = np.cumsum(np.minimum(np.diff(matrix.indptr), count + count // 2))[:-1]
    return [_distinct(row, count) for row in np.split(names, bounds)]


def _distinct(terms: np.ndarray, count: int) -> tuple[str, ...]:
    kept: list[str] = []
    in_phrases: set[str] = set()
    for term in terms.tolist():
        if " " in term:
            in_phrases.update(term.split(" "))
        elif term in in_phrases:
            continue
        kept.append(term)
    return tuple(kept[:count])
