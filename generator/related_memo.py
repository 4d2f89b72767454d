"""Related papers and keywords of the last build, reused: a new digest's papers are compared with
the collection, the collection with them, and nothing else.

With a topic model (:func:`generator.related.relate`), a paper's row is a function of its own
text and the model's records, and its place in a posting list a function of its row and the
model's: so while the model, the topics' words and the settings hold, an earlier paper's scores
with the other earlier papers are those of the last build. Its list then changes only when a new
paper scores above its k-th (the scores and the slug order decide, as in :func:`generator.related._top_k`),
and that is all that is computed of it: one sparse product of every row with the new papers'
postings. The exception is a posting list as long as a list may be (``MAX_POSTINGS``): a new paper
in it may have pushed an earlier one out, and every paper with that term or topic is compared
again. So are the papers whose last list was short (filled by slug order).

The build cache's ``related.json`` keeps, under a hash of the code, the settings, the model's
records, the topics' words and the model's digests (``base``), each paper's neighbours with their
exact scores, its keywords, and how every word of them was spelled (:func:`generator.vectors.spelled`
spells a word by every text of the build); and ``check``, a hash of what each paper's results
read of it: its slug, text, topic row and whether the model's digests hold it, in order. A build
whose earlier papers hash so (the new ones may come anywhere: only the earlier papers' order
must hold) reuses them; any other (a paper removed or edited, topics moved, another model, a
missing or damaged file) computes everything, as ``relate`` does. At 10,000 papers and a new
digest of 50, the stage took 1.1 s and now about ... (measured)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
from collections.abc import Collection, Sequence

import numpy as np
import scipy.sparse as sp

from .cache import BuildCache, code_fingerprint
from .model import Paper
from .related import POSTINGS, Neighbourhood, Prepared, keywords, nearest, nearest_of, prepare, with_related
from .vectors import recorded_spellings, spelled_alike

log = logging.getLogger("digest_site")
RELATED = "related"  # the build cache's file
CHUNK = 4096  # texts encoded at a time
Near = tuple[list[int], list[float]]  # a row's neighbours, best first, and the scores of those scored


def related_papers(papers: Sequence[Paper], cache: BuildCache | None, k: int = 5, postings: int = POSTINGS,
                   model: Sequence[Paper] | None = None, words: Sequence[str] = (),
                   settled: Collection[str] | None = None, topic_bonus: bool = True) -> list[Paper]:
    """:func:`generator.related.relate` (the same arguments), reusing the last build's lists."""
    if not papers:
        return []
    found = prepare(papers, k, postings, model, words, settled, topic_bonus)
    if cache is None or not model or found.hood.k < k:  # (without a model, every weight moves)
        return with_related(papers, [near for near, _ in nearest(found.hood)], keywords(found))
    base = _base(k, postings, model, words, settled, topic_bonus)
    stored = _stored(cache.load(RELATED), base)
    old = _earlier(stored, papers)
    checks = _checks(papers, found, old)
    if old is not None and checks[0] == stored["check"] and not found.settled[_others(old, len(papers))].any():
        near, terms, spellings = _renewed(found, stored, old, k)
        log.info("related: %d of %d papers' lists reused from the cache", len(old), len(papers))
    else:
        log.info("related: every list computed (%s)", "no lists of this model, topics and settings" if stored is None
                 else "a paper of the last build gone or moved" if old is None else "a paper of the last build changed")
        near = nearest(found.hood)
        with recorded_spellings() as spellings:
            terms = keywords(found)
    slugs = [p.slug for p in papers]
    cache.save(RELATED, _record(base, checks[1], slugs, near, terms, spellings))
    return with_related(papers, [best for best, _ in near], terms)


def _base(k: int, postings: int, model: Sequence[Paper], words: Sequence[str], settled: Collection[str] | None,
          topic_bonus: bool) -> str:
    """What every paper's results depend on besides its own row."""
    digest = hashlib.sha256(f"{code_fingerprint()}\0{k}\0{postings}\0{topic_bonus}\0".encode())
    digest.update(_texts([text for p in model for text in (p.title_text or p.title, p.abstract_text or p.abstract)]))
    digest.update(_texts(list(words)))
    digest.update(_texts(sorted(settled) if settled is not None else ["\0every paper"]))
    return digest.hexdigest()


def _texts(texts: list[str], first: int | None = None):
    """The SHA-256 of ``texts`` and of their lengths (no two lists give the same bytes); with
    ``first``, that of the ``first`` texts too, found on the way (a pair). Encoded a chunk at a
    time: at 100,000 papers, their texts at once would be 250 MB more at the stage's peak."""
    joined, lengths, part = hashlib.sha256(), [], None
    for start in range(0, len(texts), CHUNK):
        data = [text.encode("utf-8", "surrogatepass") for text in texts[start:start + CHUNK]]
        lengths += map(len, data)
        if first is not None and start <= first < start + CHUNK:
            joined.update(b"".join(data[:first - start]))
            part = _with_lengths(joined, lengths[:first])
            data = data[first - start:]
        joined.update(b"".join(data))
    if first is not None and part is None:  # (first == len(texts))
        part = _with_lengths(joined, lengths[:first])
    whole = _with_lengths(joined, lengths)
    return whole if first is None else (part, whole)


def _with_lengths(joined, lengths: list[int]) -> bytes:
    return hashlib.sha256(np.array(lengths, dtype=np.int64).tobytes() + joined.digest()).digest()


def _stored(found: dict, base: str) -> dict | None:
    """The cache's records when they are of this ``base`` and whole, else None."""
    try:
        if found.get("base") != base:
            return None
        slugs = found["papers"].split("\n") if found["papers"] else []
        counts, near = (_array(found[name], np.int32).astype(np.int64) for name in ("counts", "near"))
        scores = _array(found["scores"], np.float32)
        terms = found["keywords"].split("\n")
        if not (len(slugs) == len(counts) == len(terms) and (counts >= 0).all()
                and int(counts.sum()) == len(near) == len(scores)
                and (near < len(slugs)).all() and (near >= 0).all() and isinstance(found["spelled"], dict)
                and isinstance(found["check"], str)):
            return None
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error):
        return None
    return {"check": found["check"], "papers": slugs, "counts": counts, "near": near, "scores": scores,
            "keywords": terms, "spelled": found["spelled"]}


def _earlier(stored: dict | None, papers: Sequence[Paper]) -> np.ndarray | None:
    """The rows of the stored papers, in their stored order; None unless every one of them is
    still here, in that order among the others."""
    if stored is None:
        return None
    position = {p.slug: i for i, p in enumerate(papers)}
    if len(position) != len(papers):
        return None
    rows = np.fromiter((position.get(slug, -1) for slug in stored["papers"]), dtype=np.int64,
                       count=len(stored["papers"]))
    return rows if (rows >= 0).all() and (np.diff(rows) > 0).all() else None


def _others(rows: np.ndarray | None, n: int) -> np.ndarray:
    """The rows of ``range(n)`` not in ``rows``."""
    if rows is None:
        return np.arange(n)
    mask = np.ones(n, dtype=bool)
    mask[rows] = False
    return np.flatnonzero(mask)


def _checks(papers: Sequence[Paper], found: Prepared, old: np.ndarray | None) -> tuple[str, str]:
    """The hash of what the results of the papers of rows ``old`` read of them (see the module's
    docstring), and of every paper: the first is compared with the last build's second."""
    texts = [text for p in papers for text in (p.slug, p.title_text or p.title, p.abstract_text or p.abstract)]
    every = np.arange(len(papers))
    if old is None:
        return "", _rows_hash(_texts(texts), found, every)
    if len(old) and old[-1] == len(old) - 1:  # the earlier papers first (a new digest's come last): one pass
        earlier, whole = _texts(texts, 3 * len(old))
    else:
        earlier, whole = _texts([texts[3 * i + j] for i in old.tolist() for j in range(3)]), _texts(texts)
    return _rows_hash(earlier, found, old), _rows_hash(whole, found, every)


def _rows_hash(texts: bytes, found: Prepared, rows: np.ndarray) -> str:
    """The hash of ``texts`` (the SHA-256 of the rows' slugs and texts) and of the rows' topics,
    each by its slug, and whether the model's digests hold them."""
    topics = found.topics[rows] if len(rows) != found.topics.shape[0] else found.topics
    used = np.flatnonzero(np.bincount(topics.indices, minlength=topics.shape[1]))
    digest = hashlib.sha256(texts)
    digest.update(_texts([found.topic_slugs[i] for i in used.tolist()]))
    for array in (np.diff(topics.indptr), np.searchsorted(used, topics.indices), topics.data, found.settled[rows]):
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def _renewed(found: Prepared, stored: dict, old: np.ndarray,
             k: int) -> tuple[list[Near], list[tuple[str, ...]], dict[str, str]]:
    """Every row's neighbours and keywords: the stored ones of the earlier papers, brought up to date."""
    hood = found.hood
    n = hood.both.shape[0]
    new = _others(old, n)
    offsets = np.concatenate([[0], np.cumsum(stored["counts"])])
    near = old[stored["near"]]  # as rows of this build
    scores = stored["scores"]
    redo = np.zeros(n, dtype=bool)
    redo[new] = True
    redo[old[stored["counts"] < k]] = True  # filled by slug order: compared again
    fresh = hood.index[new]
    entered = np.zeros(hood.index.shape[1], dtype=bool)
    entered[fresh.indices] = True
    if (entered & hood.full).any():  # a new paper may have pushed an earlier one out of these lists
        owner = np.repeat(np.arange(n), np.diff(hood.both.indptr))
        redo[owner[(entered & hood.full)[hood.both.indices]]] = True
    result: list[Near | None] = [None] * n
    bounds, near_list, score_list = offsets.tolist(), near.tolist(), scores.tolist()
    for t, row in enumerate(old.tolist()):
        if not redo[row]:
            result[row] = (near_list[bounds[t]:bounds[t + 1]], score_list[bounds[t]:bounds[t + 1]])
    whole = stored["counts"] == k
    ends = offsets[1:][whole] - 1
    last = np.full(n, np.inf, dtype=np.float32)  # each earlier row's k-th score, and its slug rank
    last[old[whole]] = scores[ends]
    last_rank = np.zeros(n, dtype=np.int64)
    last_rank[old[whole]] = hood.ranks[near[ends]]
    for row, merged in _merged(hood, fresh, new, result, redo, last, last_rank, k).items():
        result[row] = merged
    redone = np.flatnonzero(redo)
    for row, computed in zip(redone.tolist(), nearest_of(hood, redone)):
        result[row] = computed
    terms: list[tuple[str, ...] | None] = [None] * n
    spellings = dict(stored["spelled"])
    if spelled_alike(spellings):
        for row, line in zip(old.tolist(), stored["keywords"]):
            terms[row] = tuple(line.split("\t")) if line else ()
        todo = new
    else:
        spellings, todo = {}, np.arange(n)
    with recorded_spellings() as spelled:
        for row, made in zip(todo.tolist(), keywords(found, todo)):
            terms[row] = made
    spellings.update(spelled)
    return result, terms, spellings


def _merged(hood: Neighbourhood, fresh: sp.csr_matrix, new: np.ndarray, result: list, redo: np.ndarray,
            last: np.ndarray, last_rank: np.ndarray, k: int) -> dict[int, Near]:
    """The lists of the earlier rows (not ``redo``) that a new paper enters: the new papers'
    scores with every row (the product of :func:`generator.related.nearest`, with the new papers'
    postings alone: each sum is made of the same terms in the same order), merged into the
    row's stored list where one beats its k-th (``last``, and ``last_rank`` its slug rank)."""
    if not len(new):
        return {}
    scores = (hood.both @ fresh.T).tocoo()
    rows, columns, values = scores.row, scores.col, scores.data
    keep = ~redo[rows]
    rows, columns, values = rows[keep], new[scores.col[keep]], values[keep]
    beats = (values > last[rows]) | ((values == last[rows]) & (hood.ranks[columns] < last_rank[rows]))
    merged = {}
    order = np.argsort(rows, kind="stable")
    rows, columns, values = rows[order], columns[order], values[order]
    for row in np.unique(rows[beats[order]]).tolist():
        best, found = result[row]
        at = slice(np.searchsorted(rows, row), np.searchsorted(rows, row, side="right"))
        candidates = [*zip(found, best), *zip(values[at].tolist(), columns[at].tolist())]
        candidates.sort(key=lambda c: (-c[0], hood.ranks[c[1]]))
        merged[row] = ([j for _, j in candidates[:k]], [s for s, _ in candidates[:k]])
    return merged


def _record(base: str, check: str, slugs: list[str], near: Sequence[Near], terms: Sequence[tuple[str, ...]],
            spellings: dict[str, str]) -> dict:
    """The records of :func:`_stored`: the arrays as the Base64 of their bytes (parsed in a
    millisecond; as JSON numbers, 20 ms at 10,000 papers)."""
    counts = [len(scores) for _, scores in near]
    return {"base": base, "check": check, "papers": "\n".join(slugs), "counts": _text(counts, np.int32),
            "near": _text([j for best, scores in near for j in best[:len(scores)]], np.int32),
            "scores": _text([s for _, scores in near for s in scores], np.float32),
            "keywords": "\n".join("\t".join(t) for t in terms), "spelled": spellings}


def _text(values: list, dtype: type) -> str:
    return base64.b64encode(np.array(values, dtype=dtype).astype(np.dtype(dtype).newbyteorder("<")).tobytes()).decode()


def _array(text: str, dtype: type) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text, validate=True), dtype=np.dtype(dtype).newbyteorder("<")).astype(dtype)
