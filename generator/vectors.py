"""TF-IDF vectors of the papers, fitted once per collection and shared by every stage.

Topics, related papers, search keywords and topic suggestions compare papers in one space:
word unigrams and bigrams (never across punctuation or a stop word), lightly normalised
(plurals, British spellings), sublinear term frequency, and the title weighted above the
abstract. :func:`paper_vectors` caches the last fits keyed by the papers' text, so
``assign_topics`` and ``relate`` on one collection fit it only once.

Why not ``TfidfVectorizer`` directly: its analyser builds every n-gram as a Python string,
about 2.5 s for 10,000 abstracts. Here text is split by ``str.split`` and n-grams are integer
codes counted with numpy (about 5x faster); scikit-learn still does the TF-IDF weighting.
"""

from __future__ import annotations

import ast
import bisect
import importlib.util
import re
import string
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from . import texmath
from .categories import category_code
from .model import Paper
from .spelling import american

TITLE_WEIGHT = 0.7  # the title's unit vector is added at this weight to the abstract's
MAX_DF = 0.5  # terms in more than half the papers (of 20 or more) carry no topic
CACHE_SIZE = 2
# Texts tokenized at once: only one chunk's token strings exist at a time (the whole collection's
# at once were about 1.5 GB at 100,000 papers); the ids and rows come out the same.
TOKENIZE_CHUNK = 4096
# Academic boilerplate: frequent in every field, so it says nothing about a paper's subject.
BOILERPLATE = frozenset("""
    paper propose proposed present presented introduce introduced result show shown showing
    demonstrate demonstrated novel new using use used via et al also however existing
    recent recently significant significantly furthermore moreover respectively able achieve
    achieved address provide including include various particular particularly different way
    order effective effectively key art prove proved certain given conducted challenging remain remains
    addressing rely relies enable enables enabling leverage leverages leveraging allow allows
    allowing typically especially often let aka""".split())  # ("aka": a suggested subtopic was named "Computer Science: aka")
# scikit-learn's English stop words, less those that name things in research text
# ("dynamical system", "computer vision", "top layer").
KEPT = frozenset("system computer interest fire detail part move front bottom top side full "
                 "empty amount bill name call".split())


def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read off its source file: importing scikit-learn takes
    about a second at each start (it loads SciPy's statistics), and a build needs nothing else
    of it (topic suggestions do: :mod:`generator.suggest` imports it when it suggests). Imported
    the usual way if the file is not where scikit-learn 1.x keeps it."""
    try:
        spec = importlib.util.find_spec("sklearn")
        path = Path(spec.submodule_search_locations[0], "feature_extraction", "_stop_words.py")
        assigned = {target.id: node.value for node in ast.parse(path.read_text(encoding="utf-8")).body
                    if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)}
        return frozenset(ast.literal_eval(assigned["ENGLISH_STOP_WORDS"].args[0]))
    except (AttributeError, IndexError, KeyError, OSError, SyntaxError, TypeError, ValueError):
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
        return frozenset(ENGLISH_STOP_WORDS)


STOP_WORDS = (english_stop_words() - KEPT) | BOILERPLATE
BREAK, SEGMENT = "\x02", "\x01"  # a phrase break (punctuation), a boundary between texts
# Punctuation to a break or a space, as bytes.translate on UTF-8 (str.translate leaves its
# fast path for any non-ASCII text); the few non-ASCII marks are replaced before.
_ASCII = bytes.maketrans(
    "".join([SEGMENT, *string.punctuation.replace("'", "")]).encode(),
    "".join([" ", *(BREAK if c in ".,;:!?()[]{}\"" else " " for c in string.punctuation.replace("'", ""))]).encode())
_MARKS = {"\u2019": "'", "\u2018": "'", "\u201c": BREAK, "\u201d": BREAK, "\u2013": " ",
          "\u2014": BREAK, "\u2026": BREAK, "\u00a0": " "}
# Full-width (CJK) punctuation, written without spaces around it: a break between two words.
_WIDE_MARKS = re.compile("[\uff08\uff09\uff3b\uff3d\uff5b\uff5d\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\u3001\u3002"
                         "\u300c\u300d\u300e\u300f\u3010\u3011\u3008\u3009\u300a\u300b]")
# Chinese and Japanese are written without spaces between words, and Korean joins particles and
# compounds to its words: a run of their characters is read as its overlapping pairs ("大语言模型"
# as "大语 语言 言模 模型"), as Lucene's CJK analyzer reads it, so that a word inside the run
# (语言模型, 학습 in 강화학습) is found: its pairs are all there. (Kana, less the middle dot "・",
# which joins words; CJK ideographs; Hangul syllables.)
CJK_CHARS = "[\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]"
CJK_RUN = re.compile(CJK_CHARS + "{2,}")


def cjk_pairs(text: str) -> str:
    """``text`` with each run of Chinese or Japanese characters as its overlapping pairs, apart."""
    return CJK_RUN.sub(lambda m: " " + " ".join(m[0][i:i + 2] for i in range(len(m[0]) - 1)) + " ", text)


_PAIR = re.compile(CJK_RUN.pattern.replace("{2,}", "{2}"))


def cjk_written(term: str) -> str:
    """A term as written: its overlapping pairs of Chinese or Japanese characters as the run
    they were read from ("方法 法研 研究" is "方法研究", "ディ ィー ープ" "ディープ"); a term of
    other words as it is. The same pairs again (:func:`cjk_pairs`), so a keyword so written
    matches as the term did."""
    words = term.split()
    if len(words) < 2 or not all(_PAIR.fullmatch(w) for w in words):
        return term
    return words[0] + "".join(w[1] if prev[1] == w[0] else " " + w for prev, w in zip(words, words[1:]))


WORD = re.compile(r"[^\W\d_][\w']*")


@dataclass(frozen=True, eq=False)
class Idf:
    """Term weights as scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` makes and applies
    them, the same numbers (tested): a term's weight is ln((1 + n) / (1 + df)) + 1 over the n
    rows it is fitted on, a count c weighs 1 + ln(c) times it, and rows are unit length."""

    idf_: np.ndarray  # (scikit-learn's name: the spaces kept in the cache store it)

    @classmethod
    def fit(cls, counts: sp.csr_matrix) -> Idf:
        dtype = counts.dtype if counts.dtype in (np.float32, np.float64) else np.float64
        df = np.bincount(counts.tocsr().indices, minlength=counts.shape[1]).astype(dtype) + dtype.type(1)
        weights = np.full_like(df, fill_value=counts.shape[0] + 1, dtype=dtype)
        weights /= df
        np.log(weights, out=weights)
        weights += 1.0
        return cls(weights)

    def transform(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        dtype = counts.dtype if counts.dtype in (np.float32, np.float64) else np.float64
        weighted = sp.csr_matrix(counts, dtype=dtype, copy=True)
        np.log(weighted.data, weighted.data)
        weighted.data += 1.0
        weighted.data *= self.idf_[weighted.indices]
        return normalize(weighted)


def normalize(matrix: sp.spmatrix) -> sp.csr_matrix:
    """A sparse matrix's rows scaled to unit length, as scikit-learn's ``preprocessing.normalize``
    scales them (its l2 norm: each row's squares summed as 64-bit floats; float32 rows come out
    the same, tested). Rows of zeros stay so."""
    unit = sp.csr_matrix(matrix, copy=True)
    if unit.dtype not in (np.float32, np.float64):
        unit = unit.astype(np.float64)
    lengths = np.diff(unit.indptr)
    sums = np.zeros(unit.shape[0])
    filled = lengths > 0
    if filled.any():
        sums[filled] = np.add.reduceat((unit.data * unit.data).astype(np.float64), unit.indptr[:-1][filled])
    norms = np.sqrt(sums)
    norms[norms == 0] = 1.0
    unit.data = (unit.data / np.repeat(norms, lengths)).astype(unit.dtype, copy=False)
    return unit


def unit_rows(points: np.ndarray | sp.spmatrix) -> np.ndarray | sp.csr_matrix:
    """Rows scaled to unit length, dense or sparse, as scikit-learn's ``preprocessing.normalize``
    scales them (tested to the bit): importing scikit-learn takes most of a second, and a build
    that clusters a topic newly large for its subtopics needs nothing else of it unless its papers
    have categories. A dense row shorter than ten float epsilons is left as it is, as there."""
    if sp.issparse(points):
        return normalize(points)
    unit = np.array(points, dtype=points.dtype if points.dtype in (np.float32, np.float64) else np.float64)
    norms = np.sqrt(np.einsum("ij,ij->i", unit, unit))
    norms[norms < 10 * np.finfo(norms.dtype).eps] = 1.0
    unit /= norms[:, None]
    return unit


@dataclass(frozen=True, eq=False)
class Vectors:
    """The fitted space: one unit row per paper (in the order given) and its vocabulary."""

    matrix: sp.csr_matrix  # papers x terms, rows l2-normalised, float32
    words: tuple[str, ...]  # unigram id -> normal form
    word_ids: dict[str, int]
    bigram_codes: np.ndarray  # sorted codes a * len(words) + b of the bigrams met
    columns_of: np.ndarray  # feature (unigram id, or len(words) + bigram rank) -> column or -1
    column_features: np.ndarray  # column -> feature
    idf: Idf

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Unit TF-IDF rows for any texts (topic keywords, descriptions) in this space."""
        return normalize(self.idf.transform(self.count(texts))).astype(np.float32).tocsr()

    def count(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Raw term counts of ``texts`` over this space's columns."""
        raw_ids, raw_words, rows = _tokenize(texts)
        tables = _word_ids(raw_words, self.word_ids)
        features, feature_rows = _features(raw_ids, rows, tables, len(self.words))
        bigram = features >= len(self.words)
        ranks = _rank(self.bigram_codes, features[bigram] - len(self.words))
        features[bigram] = np.where(ranks >= 0, len(self.words) + ranks, -1)
        columns = np.where(features >= 0, self.columns_of[features.clip(min=0)], -1)
        known = columns >= 0
        return _matrix(feature_rows[known], columns[known], (len(texts), len(self.column_features)))

    def phrases(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Counts of each text taken as one phrase: its bigrams when it has two or more
        content words (its words alone match too loosely: "agent" of "LLM agents"), else
        its single word."""
        counts = self.count(texts).tocoo()
        several = np.array([sum(1 for w in _raw_tokens(t) if fold(w)) >= 2 for t in texts] or [False])
        bigram = self.column_features[counts.col] >= len(self.words)
        keep = bigram | ~several[counts.row]
        return _matrix(counts.row[keep], counts.col[keep], counts.shape)

    def columns(self, phrases: Sequence[str]) -> list[tuple[int, ...]]:
        """The distinct columns of each phrase (see :meth:`phrases`), counted in one pass: a
        text's counts never depend on the texts beside it."""
        counts = self.phrases(phrases)
        counts.sum_duplicates()  # sorted, distinct columns per row
        return [tuple(counts.indices[start:stop].tolist()) for start, stop in zip(counts.indptr[:-1], counts.indptr[1:])]

    def term(self, column: int) -> str:
        """The term of a column as a reader would write it (``legged locomotion``)."""
        feature, n = int(self.column_features[column]), len(self.words)
        if feature < n:
            return spelled(self.words[feature])
        code = int(self.bigram_codes[feature - n])
        return f"{spelled(self.words[code // n])} {spelled(self.words[code % n])}"


def category_matrix(papers: Sequence[Paper], names: Sequence[str] | None = None) -> sp.csr_matrix:
    """Unit rows of the papers' categories: the first (primary) one counts double, and each
    code's archive (``cs`` of ``cs.CV``) counts half. Its columns: :func:`category_names`, or
    ``names`` (sorted), less the categories of none of them, left out once each row is unit length."""
    return category_columns(papers, names)[0]


def category_columns(papers: Sequence[Paper], names: Sequence[str] | None = None) -> tuple[sp.csr_matrix, list[str]]:
    """:func:`category_matrix`, and its columns' names."""
    weights = [_category_weights(p.categories) for p in papers]
    own = sorted({name for w in weights for name in w})
    column = {name: i for i, name in enumerate(own)}
    rows = [i for i, w in enumerate(weights) for _ in w]
    cols = [column[name] for w in weights for name in w]
    data = [value for w in weights for value in w.values()]
    matrix = sp.csr_matrix((np.array(data, np.float32), (rows, cols)), shape=(len(papers), len(own)))
    matrix = normalize(matrix) if own else matrix
    if names is None:
        return matrix, own
    place = {name: i for i, name in enumerate(names)}
    moved = np.array([place.get(name, -1) for name in own] or [-1], dtype=np.int64)[matrix.indices]
    kept = moved >= 0
    rows = np.repeat(np.arange(len(papers)), np.diff(matrix.indptr))[kept]
    return sp.csr_matrix((matrix.data[kept], (rows, moved[kept])), shape=(len(papers), len(names))), list(names)


def _category_weights(categories: Sequence[str]) -> dict[str, float]:
    weights: Counter[str] = Counter()
    for position, code in enumerate(c for c in map(category_code, categories) if c):
        weights[code] += 2.0 if position == 0 else 1.0
        if "." in code:
            weights[code.split(".")[0]] += 0.5
    return dict(weights)


def paper_text(paper: Paper) -> tuple[str, str]:
    """The plain title and abstract, falling back to the verbatim ones, with TeX's accented letters
    as letters (arXiv's ``Schr\\"odinger`` is "Schrödinger": its words were "Schr" and "odinger",
    and a topic's keyword "Schrödinger equation" missed the paper), as search reads them; the
    abstract without its addresses (:func:`without_addresses`). Those an earlier build made of the
    same texts when the build cache holds them (:func:`remember_plain`)."""
    texts = (paper.title_text or paper.title, paper.abstract_text or paper.abstract)
    return _PLAIN.get(texts) or (texmath.accented(texts[0]), without_addresses(texmath.accented(texts[1])))


# The texts paper_text reads → its result, as the build cache gave them (:func:`remember_plain`)
_PLAIN: dict[tuple[str, str], tuple[str, str]] = {}


def plain_record(paper: Paper) -> list[str] | None:
    """What the build cache keeps of :func:`paper_text` of an enriched paper: None when it gives
    the texts it reads as they are (most papers), else the plain title and abstract."""
    plain = paper_text(paper)
    return None if plain == (paper.title_text or paper.title, paper.abstract_text or paper.abstract) else list(plain)


def remember_plain(paper: Paper, record: list[str] | None) -> None:
    """Take ``record`` (:func:`plain_record` of a paper of the same enriched texts, from the build
    cache) as :func:`paper_text` of ``paper`` until :func:`forget`. At 10,000 papers, finding
    their addresses again took a quarter of a second of every build (measured)."""
    texts = (paper.title_text or paper.title, paper.abstract_text or paper.abstract)
    _PLAIN[texts] = texts if record is None else (record[0], record[1])


# The addresses an abstract cites (its code's URL, a DOI, an arXiv id, an e-mail address): their
# pieces are no words of its subject ("https", "github", a user's name), yet they were terms like
# any other: "https" was a suggested topic's keyword on six arXiv results. A URL ends before the
# punctuation that ends its sentence.
_URL_END = r"""(?=[.,;:!?)\]}'"]*(?:\s|$))"""
_HOSTS = "com|org|net|io|edu|gov|ai|dev|info"  # of hosts written without "https://" ("github.com/…")
ADDRESS = re.compile(rf"(?:\b(?:https?|ftp)://|\bwww\.|\b(?:[a-z0-9-]+\.)+(?:{_HOSTS})/)\S*?{_URL_END}"
                     rf"|\b(?:[a-z0-9-]+\.)+(?:{_HOSTS})\b"
                     r"|[\w.+-]+@(?:[\w-]+\.)+[a-z]{2,}"
                     rf"|\b(?:doi:?\s*)?10\.\d{{4,9}}/\S+?{_URL_END}"
                     r"|\barxiv:\s*(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?", re.IGNORECASE)
# What each address holds (its scheme, "@", "www.", a host's ending, a DOI's "10.NNNN/", "arxiv:"):
# ADDRESS is matched only around these (:func:`without_addresses`)
_MARK = re.compile(rf"://|@|www\.|rxiv:|10\.\d{{4,9}}/|\.(?:{_HOSTS})\b", re.IGNORECASE)
_MARK_LOWERED = re.compile(_MARK.pattern)  # the same, on lowercased text (:func:`_marks`)
_CASE_BLIND = re.compile("[\u0130\u0131\u017f\u212a]")  # letters case-blind matching takes for ASCII ones
_SPACE = re.compile(r"\s+")
_HOST_END = re.compile(rf"\.(?:{_HOSTS})\b", re.IGNORECASE)


@lru_cache(maxsize=1 << 18)
def without_addresses(text: str) -> str:
    """``text`` with each of its addresses (:data:`ADDRESS`) a comma, a break between the words
    around it. Remembered: the stages of a build read each abstract about ten times.

    ADDRESS is tried only on the words around each :data:`_MARK` (the word before, for "doi: 10.…",
    and the word after, for "arXiv: 2401.…"; no address spans more words): over a whole abstract
    it tried every position, 160 µs an abstract (a build reads 17,000 at 10,000 papers, a
    third of them with a link); the same matches, as every address holds a mark. Most abstracts
    hold none of the characters a mark needs, and are not searched at all."""
    if not ("://" in text or "@" in text or "www." in text or ("10." in text and "/" in text)
            or "rxiv:" in text or "rXiv:" in text or "RXIV:" in text or _HOST_END.search(text)):
        return text
    windows: list[list[int]] = []
    for found in _marks(text):
        start, end = _words_around(text, found.start())
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    parts, last = [], 0
    for start, end in windows:
        parts += [text[last:start], ADDRESS.sub(" , ", text[start:end])]
        last = end
    return "".join(parts) + text[last:]


def _marks(text: str) -> Iterator[re.Match]:
    """:data:`_MARK`'s matches in ``text``, at its places. Case-blind matching tried each of its
    choices at every place (80 µs over a 1,200-character abstract: 0.24 s for the 3,000 abstracts
    with a mark among 10,000 papers); a lowercased copy is searched case-sensitively in a quarter of that time. The same
    places: lowering keeps every place when it keeps the length, and no letter that case-blind
    matching takes for one of the mark's ASCII letters is left (İ ı ſ K, :data:`_CASE_BLIND`)."""
    lowered = text.lower()
    if len(lowered) != len(text) or _CASE_BLIND.search(text):
        return _MARK.finditer(text)
    return _MARK_LOWERED.finditer(lowered)


def _words_around(text: str, at: int) -> tuple[int, int]:
    """Where the word before the word holding ``at`` begins, and where the word after it ends
    (the text's ends when there is none): looked for near ``at``, not over the whole text."""
    reach = 256
    while True:  # the two spaces before: in the reversed text just before ``at``
        before = text[max(at - reach, 0):at][::-1]
        spaces = _SPACE.finditer(before)
        _, second = next(spaces, None), next(spaces, None)
        if second is not None:
            start = at - second.start()
            break
        if reach >= at:
            start = 0
            break
        reach *= 4
    after = _SPACE.search(text, at)
    after = _SPACE.search(text, after.end()) if after else None
    return start, after.start() if after else len(text)


def paper_vectors(papers: Sequence[Paper]) -> Vectors:
    """The shared TF-IDF space of ``papers`` (cached on their slugs and text)."""
    return _fit(tuple((p.slug, *paper_text(p), True) for p in papers))


def model_vectors(papers: Sequence[Paper], model: set[str], extra: Sequence[str]) -> Vectors:
    """A space over ``papers`` whose weights (which terms count, and their idf) come from the
    papers whose slugs are in ``model`` alone; the vocabulary also holds every term of
    ``extra`` (the topics' own words). Each paper's row then depends only on its own text and
    on the model's papers, however many other papers there are."""
    return _fit(tuple((p.slug, *paper_text(p), p.slug in model) for p in papers), tuple(extra))


def grown(base: Vectors, counted: int, papers: Sequence[Paper], records: bool = True) -> Vectors | None:
    """What ``model_vectors([*papers, *records], records, extra)`` gives, made from ``base``, the
    space of the ``counted`` records and ``extra`` alone (``model_vectors(records, records,
    extra)``): their words with the papers' added, their columns with the papers' new terms
    between them (a term no record has is always kept, at the weight of a term of no record), the
    records' rows as they were, after the papers' rows. Words and bigrams keep their order when
    words are added, and so the columns, so every sum over a row is made in the same order as in
    a fit of them all: the numbers are the same (tested). Saves the records' fit: a subtopic's
    space was fitted again for every new digest. None for a space of no column (not worth it).
    Without ``records``, the matrix holds the papers' rows alone (the records' would be copied
    only to be sliced off: a subtopic's papers are scored against the records' :class:`Scorer`)."""
    if counted < 1 or (len(base.column_features) == 1 and base.column_features[0] < 0):
        return None
    texts = [text for p in papers for text in paper_text(p)]
    raw_ids, raw_words, rows = _tokenize(texts)
    added = sorted({f for f in map(fold, raw_words) if f and f not in base.word_ids})
    words = tuple(sorted([*base.words, *added])) if added else base.words  # (two sorted runs: merged)
    word_ids = dict(zip(words, range(len(words)))) if added else base.word_ids
    n, m = len(base.words), len(words)
    # id then → now: a word moves up by the number of added words before it (found by bisection
    # of the few added words, not by looking up every word: 10,000s of them in a topic's space)
    places = np.array([bisect.bisect_left(base.words, word) for word in added], dtype=np.int64)
    moved = np.arange(n) + np.searchsorted(places, np.arange(n), side="right")
    codes_before = base.bigram_codes
    recoded = moved[codes_before // n] * m + moved[codes_before % n] if n else codes_before
    features, feature_rows = _features(raw_ids, rows, _word_ids(raw_words, word_ids), m)
    bigram = features >= m
    new_codes = _missing(np.unique(features[bigram] - m), recoded)  # (sorted, distinct)
    bigram_codes = np.insert(recoded, np.searchsorted(recoded, new_codes), new_codes)
    features[bigram] = m + np.searchsorted(bigram_codes, features[bigram] - m)
    feature_of = np.concatenate([moved, m + np.searchsorted(bigram_codes, recoded)])  # the records' features now
    keep = np.ones(m + len(bigram_codes), dtype=bool)
    keep[feature_of] = base.columns_of >= 0
    columns_of = np.where(keep, np.cumsum(keep) - 1, -1)
    column_features = np.flatnonzero(keep)
    column_of = columns_of[feature_of[base.column_features]]  # a records' column → its column now
    unseen = Idf.fit(sp.csr_matrix((counted, 1), dtype=np.float32)).idf_
    weights = np.full(len(column_features), unseen[0], dtype=unseen.dtype)
    weights[column_of] = base.idf.idf_
    idf = Idf(weights)
    counts = _matrix(feature_rows, columns_of[features], (len(texts), len(column_features)), mask=keep[features])
    fresh = _paper_rows(idf, counts) if texts else sp.csr_matrix((0, len(column_features)), dtype=np.float32)
    if not records:
        return Vectors(fresh, words, word_ids, bigram_codes, columns_of, column_features, idf)
    before = base.matrix
    kept = sp.csr_matrix((before.data, column_of[before.indices], before.indptr),
                         shape=(before.shape[0], len(column_features)))
    matrix = sp.vstack([fresh, kept], format="csr").astype(np.float32, copy=False)  # (a copy of 2 M values: 30 ms)
    matrix.sort_indices()
    return Vectors(matrix, words, word_ids, bigram_codes, columns_of, column_features, idf)


def _missing(codes: np.ndarray, known: np.ndarray) -> np.ndarray:
    """The ``codes`` (sorted, distinct) not in ``known`` (sorted): ``np.setdiff1d``, which sorts
    both together, by bisection of the few codes into the many known."""
    if not len(known) or not len(codes):
        return codes
    place = np.searchsorted(known, codes).clip(max=len(known) - 1)
    return codes[known[place] != codes]


def shrunk(base: Vectors, rows: np.ndarray, extra: Sequence[str]) -> Vectors | None:
    """What a fit of the texts of ``rows`` alone gives (of ``base``: a fit or a grown space, whose
    counted records are among them; ``extra``: the texts it was fitted with besides the rows): the
    rows picked, less every word, bigram and column that only the other rows had. Their features
    keep their order, so the columns too, and no number changes (a term's weight is the same in
    every space of the same records); a column no row uses would be no harm to the scores (their
    sums skip it) but would show in the space's shape. A feature with no column is one too common
    among the records to count: the records hold it still. None for a space of no column."""
    if len(base.column_features) == 1 and base.column_features[0] < 0:
        return None
    matrix = base.matrix[rows]
    used = np.zeros(len(base.column_features), dtype=bool)
    used[matrix.indices] = True
    used[base.count(extra).indices] = True
    if not used.any():
        return None
    n = len(base.words)
    kept = np.ones(n + len(base.bigram_codes), dtype=bool)
    kept[base.column_features] = used
    feature = np.cumsum(kept) - 1  # a kept feature → its place now
    words = tuple(np.array(base.words, dtype=object)[kept[:n]].tolist()) if n else ()
    m = len(words)
    codes = base.bigram_codes[kept[n:]]
    bigram_codes = feature[codes // n] * m + feature[codes % n] if n else codes
    column_features = feature[base.column_features[used]]
    columns_of = np.full(m + len(bigram_codes), -1, dtype=np.int64)
    columns_of[column_features] = np.arange(len(column_features))
    column = np.cumsum(used) - 1
    idf = Idf(base.idf.idf_[used])
    matrix = sp.csr_matrix((matrix.data, column[matrix.indices], matrix.indptr), shape=(len(rows), len(column_features)))
    return Vectors(matrix, words, {w: i for i, w in enumerate(words)}, bigram_codes, columns_of, column_features, idf)


def columns_in(base: Vectors, space: Vectors) -> np.ndarray:
    """Each column of ``base``: its column in ``space``, ``base`` grown by some papers (:func:`grown`)."""
    n, m = len(base.words), len(space.words)
    moved = np.arange(n) if space.words is base.words else \
        np.array([space.word_ids[w] for w in base.words] or [0], dtype=np.int64)[:n]
    features = base.column_features
    single = features < n
    found = np.empty(len(features), dtype=np.int64)
    found[single] = space.columns_of[moved[features[single]]]
    codes = base.bigram_codes[features[~single] - n]
    recoded = moved[codes // n] * m + moved[codes % n]
    found[~single] = space.columns_of[m + np.searchsorted(space.bigram_codes, recoded)]
    return found


def space_arrays(vectors: Vectors) -> dict[str, np.ndarray]:
    """A space as arrays, for ``np.savez`` (:func:`space_of` reads them back)."""
    matrix = vectors.matrix
    return {"data": matrix.data, "indices": matrix.indices, "indptr": matrix.indptr,
            "shape": np.array(matrix.shape, dtype=np.int64),
            "words": np.frombuffer("\n".join(vectors.words).encode("utf-8", "surrogatepass"), dtype=np.uint8),
            "bigram_codes": vectors.bigram_codes, "column_features": vectors.column_features,
            "idf": vectors.idf.idf_}


def space_of(arrays) -> Vectors:
    """The space :func:`space_arrays` gave as arrays (a word holds no space: none holds a newline)."""
    text = arrays["words"].tobytes().decode("utf-8", "surrogatepass")
    words = tuple(text.split("\n")) if text else ()
    bigram_codes, column_features = arrays["bigram_codes"], arrays["column_features"]
    columns_of = np.full(len(words) + len(bigram_codes), -1, dtype=np.int64)
    if len(column_features) and column_features[0] >= 0:
        columns_of[column_features] = np.arange(len(column_features))
    idf = Idf(arrays["idf"])
    matrix = sp.csr_matrix((arrays["data"], arrays["indices"], arrays["indptr"]), shape=tuple(arrays["shape"]))
    return Vectors(matrix, words, {w: i for i, w in enumerate(words)}, bigram_codes, columns_of, column_features, idf)


def forget() -> None:
    """Drop the cached fits: after the generator stages they would only hold memory (the
    collection's text and matrix: hundreds of MB at 100,000 papers) through MkDocs' render,
    in every worker it forks."""
    global _TOKENS
    _fitted.cache_clear()
    without_addresses.cache_clear()  # (up to 262,144 abstracts' entries)
    _PLAIN.clear()
    _LARGEST.clear()
    _TOKENS = _TokenStreams()


# The largest fit so far, (key, extra) → Vectors: the whole collection's space, which topics and
# related papers both use, is kept while the subtopics' smaller spaces come and go.
_LARGEST: dict[tuple, Vectors] = {}


def remember(papers: Sequence[Paper], model: set[str], extra: Sequence[str], vectors: Vectors) -> None:
    """Keep ``vectors`` as the space ``model_vectors(papers, model, extra)`` gives (one grown from
    an earlier build's, :func:`grown`): the stages that ask for that space then get it."""
    _LARGEST.clear()
    _LARGEST[tuple((p.slug, *paper_text(p), p.slug in model) for p in papers), tuple(extra)] = vectors


def _fit(key: tuple[tuple[str, str, str, bool], ...], extra: tuple[str, ...] = ()) -> Vectors:
    kept = _LARGEST.get((key, extra))
    if kept is not None:
        return kept
    found = _fitted(key, extra)
    if all(len(other) <= len(key) for other, _ in _LARGEST):
        _LARGEST.clear()
        _LARGEST[key, extra] = found
    return found


@lru_cache(maxsize=CACHE_SIZE)
def _fitted(key: tuple[tuple[str, str, str, bool], ...], extra: tuple[str, ...] = ()) -> Vectors:
    n = len(key)
    texts = [text for _, title, abstract, _ in key for text in (title, abstract)]
    raw_ids, raw_words, rows = _tokenize(texts + list(extra))
    words = tuple(sorted({f for f in map(fold, raw_words) if f}))
    word_ids = {w: i for i, w in enumerate(words)}
    features, feature_rows = _features(raw_ids, rows, _word_ids(raw_words, word_ids), len(words))
    del raw_ids, rows  # the arrays below are each as long as the collection's text: freed as soon as done
    bigram = features >= len(words)
    bigram_codes, rank = np.unique(features[bigram] - len(words), return_inverse=True)
    features[bigram] = len(words) + rank.ravel()
    width = len(words) + len(bigram_codes)
    counted = np.array([c for *_, c in key] + [False] * -(-len(extra) // 2), dtype=bool)
    docs = _matrix(feature_rows // 2, features, (len(counted), width))
    present = np.bincount(docs.indices, minlength=width) > 0
    df = np.bincount(docs.indices[np.repeat(counted, np.diff(docs.indptr))], minlength=width)
    del docs, bigram, rank
    fitted = int(counted.sum())
    keep = present & (df <= (MAX_DF * fitted if fitted >= 20 else fitted))
    columns_of = np.where(keep, np.cumsum(keep) - 1, -1)
    column_features = np.flatnonzero(keep)
    if not len(column_features):  # no paper has a content word: one empty column keeps the space valid
        column_features = np.array([-1])
    counts = _matrix(feature_rows, columns_of[features], (len(texts) + len(extra), len(column_features)),
                     mask=keep[features])[: 2 * n]
    del features, feature_rows
    idf = Idf.fit((counts[0::2] + counts[1::2])[counted[:n]])
    matrix = _paper_rows(idf, counts)
    return Vectors(matrix, words, word_ids, bigram_codes, columns_of, column_features, idf)


def _paper_rows(idf: Idf, counts: sp.csr_matrix) -> sp.csr_matrix:
    """Unit rows of papers from the counts of their titles and abstracts, interleaved."""
    title = normalize(idf.transform(counts[0::2]))
    abstract = normalize(idf.transform(counts[1::2]))
    matrix = normalize(abstract + TITLE_WEIGHT * title).astype(np.float32).tocsr()
    matrix.sort_indices()
    return matrix


_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # "ＧＰＴ" is "GPT", "（" "("
# Latin ligatures of text copied from a PDF ("classiﬁcation", "eﬃcient") as their letters, and
# the micro sign "µ" as the Greek "μ" it stands for, as NFKC read them
_FULL_WIDTH |= {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st",
                0xB5: "\u03bc"}


def _split_marks(text: str) -> str:
    """Lowercased text with punctuation turned into BREAK or space.

    Non-ASCII text is NFC-composed first, and full-width forms are read as the ASCII they stand
    for: an accent written as a combining mark (NFD, as macOS and some PDFs give text) is one
    letter with it, and full-width punctuation ("（", "，") is punctuation; otherwise a word holding
    either was no word at all. A PDF's ligatures ("ﬁ", "ﬃ") are their letters. (Not NFKC: it read math's ℝ, ℓ and 𝒞 as r, l and c, and the arXiv
    day's topics suggested without categories lost pairwise recall, 0.349 to 0.269.) Turkish "İ",
    which lowercases to "i" and a combining dot, is "i". Chinese, Japanese and Korean are read in
    pairs of characters (:func:`cjk_pairs`)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", _WIDE_MARKS.sub(f" {BREAK} ", text)).translate(_FULL_WIDTH)
        for mark, replacement in _MARKS.items():
            if mark in text:
                text = text.replace(mark, replacement)
        text = cjk_pairs(text.lower().replace("i\u0307", "i"))
    else:
        text = text.lower()
    return text.encode("utf-8", "surrogatepass").translate(_ASCII).decode("utf-8", "surrogatepass")


def _raw_tokens(text: str) -> list[str]:
    return _split_marks(text).split()


def _tokenize(texts: Sequence[str]) -> tuple[np.ndarray, list[str], np.ndarray]:
    """All texts as one stream of raw token ids, the raw tokens, and each token's text index.

    A raw token is a lowercased run of non-space characters in which punctuation has become
    BREAK. Each distinct text is split once per build (:data:`_TOKENS`): the stages fit many
    spaces over the same texts (topics, the model's records, each large topic, related papers).
    """
    known = _TOKENS.of_text
    for start in range(0, len(texts), TOKENIZE_CHUNK):  # only one chunk's token strings exist at a time
        _TOKENS.add([t for t in dict.fromkeys(texts[start:start + TOKENIZE_CHUNK]) if t not in known])
    streams = [known[t] for t in texts]
    lengths = np.fromiter(map(len, streams), dtype=np.int64, count=len(streams))
    global_ids = np.concatenate(streams) if streams else np.zeros(0, dtype=np.int32)
    used = np.flatnonzero(np.bincount(global_ids, minlength=len(_TOKENS.words)))
    local = np.zeros(len(_TOKENS.words), dtype=np.int64)
    local[used] = np.arange(len(used))
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    return local[global_ids], [_TOKENS.words[i] for i in used.tolist()], rows


class _TokenStreams:
    """Each text's raw tokens as ids into one growing list of raw tokens."""

    def __init__(self) -> None:
        self.of_text: dict[str, np.ndarray] = {}
        self.index: defaultdict[str, int] = defaultdict()
        self.index.default_factory = self.index.__len__  # a new token gets the next id, in one pass
        self.words: list[str] = []

    def add(self, texts: Sequence[str]) -> None:
        if not texts:
            return
        stream = f" {SEGMENT} ".join([_split_marks(t) for t in texts]).split()
        ids = np.fromiter(map(self.index.__getitem__, stream), dtype=np.int32, count=len(stream))
        self.words.extend(list(self.index)[len(self.words):])
        breaks = np.flatnonzero(ids == self.index[SEGMENT])
        for text, part in zip(texts, np.split(ids, breaks)):
            self.of_text[text] = part[part != self.index[SEGMENT]].copy()


_TOKENS = _TokenStreams()


def _word_ids(raw_words: list[str], word_ids: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Per raw token: its word id (-1: none), and whether a phrase may continue after it."""
    ids = np.array([word_ids.get(fold(w), -1) for w in raw_words] or [-1], dtype=np.int64)
    joins = np.array([not w.endswith(BREAK) for w in raw_words] or [False])
    starts = np.array([not w.startswith(BREAK) for w in raw_words] or [False])
    return ids, joins, starts


def _features(raw_ids: np.ndarray, rows: np.ndarray, tables: tuple[np.ndarray, ...],
              n_words: int) -> tuple[np.ndarray, np.ndarray]:
    """Unigram ids, and bigram codes offset by ``n_words``, with the row of each."""
    word_of_raw, joins, starts = tables
    ids = word_of_raw[raw_ids]
    unigram = ids >= 0
    pair = unigram[:-1] & unigram[1:] & joins[raw_ids[:-1]] & starts[raw_ids[1:]] & (rows[:-1] == rows[1:])
    codes = n_words + ids[:-1][pair] * n_words + ids[1:][pair]
    return (np.concatenate([ids[unigram], codes]),
            np.concatenate([rows[unigram], rows[:-1][pair]]))


def _rank(sorted_codes: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """The index of each code in ``sorted_codes``, or -1 when absent."""
    if not len(sorted_codes):
        return np.full(len(codes), -1, dtype=np.int64)
    rank = np.searchsorted(sorted_codes, codes).clip(max=len(sorted_codes) - 1)
    return np.where(sorted_codes[rank] == codes, rank, -1)


def _matrix(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int],
            mask: np.ndarray | None = None) -> sp.csr_matrix:
    if mask is not None:
        rows, columns = rows[mask], columns[mask]
    matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=shape)
    matrix.sum_duplicates()
    return matrix


@lru_cache(maxsize=None)
def fold(raw: str) -> str:
    """The normal form of a lowercased raw token, or "" for a stop word or non-word."""
    word, written = _written(raw)
    if not word:
        return ""
    _SPELLINGS.setdefault(word, set()).add(written)
    return "" if word in STOP_WORDS or raw.strip(BREAK) in STOP_WORDS else word


def _written(raw: str) -> tuple[str, str]:
    """A raw token's normal form (stop words too; "" for a non-word) and its word as written."""
    parts = [part for part in raw.split(BREAK) if part]
    word = parts[0].split("'")[0] if len(parts) == 1 else ""
    return normal_form(word), word


@lru_cache(maxsize=None)
def normal_form(word: str) -> str:
    """The normal form of a lowercased word (no punctuation), stop words included; "" for a non-word.
    A term's spelled word has the term's own normal form (see :func:`spelled`)."""
    if not WORD.fullmatch(word) or len(word) < 2:
        return ""
    if _NOTATION.search(word):  # a variable ("xᵢ", "ℝ"), or a formula or unit with digits ("CO₂", "km²")
        word = word.translate(_SCRIPT_DIGITS)
        if _NOTATION.search(word) or sum(c.isalpha() for c in word) < 2:
            return ""
    return _singular(american(word))


# Math's notation in plain text (texmath.to_text): scripts ("xᵢ", "ℓₚ", "f₁", "l²"), letterlike
# symbols ("ℝ", "ℓ") and math alphanumerics ("𝒞"): a formula's variables, not a topic's words (read
# as words, they moved the arXiv day's suggested topics: pairwise recall 0.349 to 0.264)
_NOTATION = re.compile("[\u00b2\u00b3\u00b9\u1d2c-\u1d6a\u2070-\u209f\u2100-\u214f\U0001d400-\U0001d7ff]")
# (chemistry's and units' digits: "CO₂", "H₂O" and "km²" are the words co2, h2o and km2, as typed)
_SCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉", "01234567890123456789")


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is", "ous", "ics")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


_SPELLINGS: dict[str, set[str]] = {}  # normal form -> raw spellings met


def spelled(word: str) -> str:
    """A normal form as written: itself when it occurs in text, else its shortest spelling.

    The spelling depends on every text the process has folded (:func:`fold_texts`): a result
    kept from an earlier build holds only while :func:`spelled_alike` says so."""
    spellings = _SPELLINGS.get(word, ())
    result = word if word in spellings or not spellings else min(spellings, key=lambda s: (len(s), s))
    for record in _RECORDERS:
        record[word] = result
    return result


_RECORDERS: list[dict[str, str]] = []


@contextmanager
def recorded_spellings() -> Iterator[dict[str, str]]:
    """Every word :func:`spelled` spells meanwhile (normal form → spelling)."""
    record: dict[str, str] = {}
    _RECORDERS.append(record)
    try:
        yield record
    finally:  # this very dict: recorders nest, and an inner one may equal the outer
        del _RECORDERS[next(i for i, found in enumerate(_RECORDERS) if found is record)]


def fold_texts(texts: Sequence[str]) -> dict[str, set[str]]:
    """Fold every word of ``texts``, so that :func:`spelled` knows their spellings; returns
    those spellings (normal form → the words written so), whatever other texts were folded."""
    spellings: dict[str, set[str]] = {}
    for raw in _tokenize(texts)[1]:
        fold(raw)
        normal, word = _written(raw)
        if normal:
            spellings.setdefault(normal, set()).add(word)
    return spellings


@dataclass(frozen=True, eq=False)
class Written:
    """The spellings of rows of texts (a paper's title and abstract: :func:`fold_rows`), and
    which rows hold each. :func:`spelled` reads every spelling of every text folded: a space kept
    from an earlier build, whose rows' texts are not folded again, keeps their spellings, and a
    row dropped (a paper gone or edited) takes away those no other row holds."""

    pairs: tuple[str, ...]  # "normal written" (neither holds a space)
    held: sp.csr_matrix  # rows x pairs, the pairs each row holds

    def table(self) -> dict[str, set[str]]:
        """Normal form → its spellings that some row holds (:func:`fold_texts`'s result)."""
        table: dict[str, set[str]] = {}
        for i in self.used().tolist():
            normal, word = self.pairs[i].split(" ")
            table.setdefault(normal, set()).add(word)
        return table

    def used(self) -> np.ndarray:
        """The pairs some row holds (by a count: a sort of 1.8 million ids took 0.1 s)."""
        return np.flatnonzero(np.bincount(self.held.indices, minlength=len(self.pairs)))

    def take(self, rows: np.ndarray) -> Written:
        return Written(self.pairs, self.held[rows])

    def joined(self) -> Written:
        """One row holding what these rows hold."""
        indices = self.used().astype(np.int32)
        return Written(self.pairs, sp.csr_matrix((np.ones(len(indices), dtype=bool), indices, [0, len(indices)]),
                                                 shape=(1, len(self.pairs))))

    def stacked(self, other: Written) -> Written:
        """These rows, then ``other``'s."""
        index = {pair: i for i, pair in enumerate(self.pairs)}
        pairs = list(self.pairs)
        moved = np.array([index.setdefault(pair, len(index)) for pair in other.pairs] or [0], dtype=np.int64)
        pairs += list(index)[len(pairs):]
        lower = sp.csr_matrix((other.held.data, moved[other.held.indices], other.held.indptr),
                              shape=(other.held.shape[0], len(pairs)))
        upper = sp.csr_matrix((self.held.data, self.held.indices, self.held.indptr),
                              shape=(self.held.shape[0], len(pairs)))
        return Written(tuple(pairs), sp.vstack([upper, lower], format="csr"))

    def arrays(self) -> dict[str, np.ndarray]:
        """For ``np.savez``, the pairs no row holds left out (:func:`written_of` reads them back)."""
        held = self.used()
        place = np.zeros(len(self.pairs) or 1, dtype=np.int64)
        place[held] = np.arange(len(held))
        text = "\n".join(self.pairs[i] for i in held.tolist()).encode("utf-8", "surrogatepass")
        return {"written": np.frombuffer(text, dtype=np.uint8), "held": place[self.held.indices].astype(np.int32),
                "held_indptr": self.held.indptr.astype(np.int64)}


def written_of(arrays) -> Written:
    text = arrays["written"].tobytes().decode("utf-8", "surrogatepass")
    pairs = tuple(text.split("\n")) if text else ()
    indices, indptr = arrays["held"], arrays["held_indptr"]
    if len(indices) and (indices.min() < 0 or indices.max() >= len(pairs)):
        raise ValueError("damaged spellings")
    held = sp.csr_matrix((np.ones(len(indices), dtype=bool), indices, indptr), shape=(len(indptr) - 1, len(pairs)))
    return Written(pairs, held)


def fold_rows(texts: Sequence[str], width: int = 2) -> Written:
    """:func:`fold_texts`, and which row of ``width`` texts in turn holds each spelling."""
    index: dict[str, int] = {}
    pair_of: dict[str, int] = {}  # a raw token → its pair, or -1
    found: list[np.ndarray] = []  # each chunk's pairs, row by row (int32: 1.1 million at 10,000 papers)
    counts: list[np.ndarray] = []  # and how many of them each row holds
    step = max(width, TOKENIZE_CHUNK - TOKENIZE_CHUNK % width)
    for start in range(0, len(texts), step):
        raw_ids, raw_words, rows = _tokenize(texts[start:start + step])
        for raw in raw_words:
            if raw not in pair_of:
                fold(raw)
                normal, word = _written(raw)
                pair_of[raw] = index.setdefault(f"{normal} {word}", len(index)) if normal else -1
        pairs = np.array([pair_of[raw] for raw in raw_words] or [-1], dtype=np.int64)[raw_ids]
        met = pairs >= 0
        codes = (rows[met] // width << 32) + pairs[met]
        codes.sort(kind="stable")  # (runs of a row each: a tenth of the time of np.unique's sort)
        codes = codes[np.concatenate([[True], codes[1:] != codes[:-1]])] if len(codes) else codes
        found.append((codes & 0xFFFFFFFF).astype(np.int32))
        counts.append(np.bincount(codes >> 32, minlength=-(-min(step, len(texts) - start) // width)))
    indptr = np.concatenate([[0], *counts]).cumsum()
    indices = np.concatenate(found) if found else np.zeros(0, dtype=np.int32)
    held = sp.csr_matrix((np.ones(len(indices), dtype=bool), indices, indptr), shape=(len(indptr) - 1, len(index)))
    return Written(tuple(index), held)


def add_spellings(spellings: dict[str, Sequence[str]]) -> None:
    """Know these spellings (:func:`fold_texts` gave them, of texts not folded now) as if their
    texts were folded."""
    for normal, words in spellings.items():
        _SPELLINGS.setdefault(normal, set()).update(words)


def spellings_of(terms: Sequence[str], memo: dict[str, tuple[str, bool]] | None = None) -> dict[str, str]:
    """The words of ``terms`` that :func:`spelled` would give as they are (normal form → word):
    every word a term got from :func:`spelled`, and maybe a few more. ``memo`` keeps what was
    found of each word across calls while no text is folded (the papers of one build share most
    words)."""
    memo = {} if memo is None else memo
    found: dict[str, str] = {}
    for term in terms:
        for word in term.split(" "):
            known = memo.get(word)
            if known is None:
                normal = normal_form(word)
                known = memo[word] = (normal, bool(normal) and spelled(normal) == word)
            if known[1]:
                found[known[0]] = word
    return found


def spelled_alike(spellings: dict[str, str], memo: dict[str, str] | None = None) -> bool:
    """Whether every word of ``spellings`` (see :func:`spellings_of`) is still spelled so;
    ``memo`` keeps the spellings found across calls while no text is folded."""
    memo = {} if memo is None else memo
    for normal, word in spellings.items():
        now = memo.get(normal)
        if now is None:
            now = memo[normal] = spelled(normal)
        if now != word:
            return False
    return True
