"""Related papers and keywords of the last build, reused: a new digest's papers are compared with
the collection, the collection with them, and nothing else.

With a topic model (:func:`generator.related.relate`), a paper's row is a function of its own
text and the model's records, and its place in a posting list a function of its row and the
model's: so while the model, the topics' words and the settings hold, an earlier paper's scores
with the other earlier papers are those of the last build. Its list then changes only when a new
paper scores above its k-th (the scores and the slug order decide, as in :func:`generator.related._top_k`),
and that is all that is computed of it: one sparse product of every row with the new papers'
postings. The exception is a posting list as long as a list may be (``MAX_POSTINGS``): a new paper
in it may have pushed an earlier one out, and every paper with that term is compared again (a
topic's list is compared with the last build's, below). So are the papers whose last list was short (filled by slug order).

The build cache's ``related.json`` keeps, under a hash of the code, the settings, the model's
records, the topics' words and the model's digests (``base``), the terms' floors (the weights of
the model's rows that cut the terms' posting lists, named by term: :class:`generator.related.TermFloors`;
reused, the model's 6,800 rows at 10,000 papers are not made into similarity rows: ``prepare``
took 160-175 ms of CPU in a new digest's build instead of 205-215, measured), each paper's neighbours with their
exact scores, its keywords, how every word of them was spelled (:func:`generator.vectors.spelled`
spells a word by every text of the build), two fingerprints of what its results read of it (its slug, text and whether the
model's digests hold it; its topic matches), and each topic's posting list. A paper whose
fingerprint changed (a newer text, or subtopic matches once its topic grew large) is compared
again as a new one, and so is every paper whose list held it; so is an unchanged paper that
entered or left a topic's posting list (a changed paper of the model's digests moved its cut):
its scores are merged like a new paper's, and the lists that held it computed again. While
every earlier paper is still there, in its order among the others, the lists are reused; else
(a paper removed or whose text changed while the index has full lists, another model or
topics' words, a missing or damaged file, ``--full``) every list is computed, as ``relate``
does. The digest that took a topic past 500 papers at 10,000 (538 papers given subtopic
matches) computed every list: now 1,048 of 10,050 (0.9 s instead of 1.8-2.6, one process).
At 10,000 papers and a new digest of 50, the stage took 1.5-1.8 s of CPU, and 0.5 s with
the lists reused (one process, a loaded machine; measured)"""

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
from .related import (POSTINGS, Neighbourhood, Prepared, TermFloors, keywords, nearest, nearest_of, prepare,
                      with_related)
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
    base = _base(k, postings, model, words, settled, topic_bonus) if cache is not None and model else None
    found_records = cache.load(RELATED) if base is not None else {}
    floors = _floors(found_records, base)
    found = prepare(papers, k, postings, model, words, settled, topic_bonus, floors)
    if base is None or found.hood.k < k:  # (without a model, every weight moves)
        return with_related(papers, [near for near, _ in nearest(found.hood)], keywords(found))
    stored = _stored(found_records, base)
    rows = _earlier(stored, papers)
    prints = _fingerprints(papers, found)
    why = "no lists of this model, topics and settings" if stored is None else \
        "a paper of the last build gone or moved" if rows is None else ""
    if rows is not None:
        same = (stored["prints"] == prints[rows]).all(axis=1)
        same_text = (stored["prints"][:, :32] == prints[rows, :32]).all(axis=1)
        if not same_text.all() and found.hood.full.any():
            why = "a paper's text changed, and the index has full lists"
    if not why:
        near, terms, spellings = _renewed(found, stored, rows, same, same_text, k)
        log.info("related: %d of %d papers' lists reused from the cache", int(same.sum()), len(papers))
    else:
        log.info("related: every list computed (%s)", why)
        near = nearest(found.hood)
        with recorded_spellings() as spellings:
            terms = keywords(found)
    slugs = [p.slug for p in papers]
    kept = found_records["floors"] if floors is not None else \
        _floors_record(TermFloors.of(found.vectors, found.term_floors))
    cache.save(RELATED, {**_record(base, prints, slugs, near, terms, spellings), "topics": _topic_lists(found),
                         "floors": kept})
    return with_related(papers, [best for best, _ in near], terms)


def _base(k: int, postings: int, model: Sequence[Paper], words: Sequence[str], settled: Collection[str] | None,
          topic_bonus: bool) -> str:
    """What every paper's results depend on besides its own row."""
    digest = hashlib.sha256(f"{code_fingerprint()}\0{k}\0{postings}\0{topic_bonus}\0".encode())
    digest.update(_texts([text for p in model for text in (p.title_text or p.title, p.abstract_text or p.abstract)]))
    digest.update(_texts(list(words)))
    digest.update(_texts(sorted(settled) if settled is not None else ["\0every paper"]))
    return digest.hexdigest()


def _texts(texts: list[str]) -> bytes:
    """The SHA-256 of ``texts`` and of their lengths (no two lists give the same bytes), encoded
    a chunk at a time (at 100,000 papers, the model's texts at once would be 100 MB more)."""
    joined, lengths = hashlib.sha256(), []
    for start in range(0, len(texts), CHUNK):
        data = [text.encode("utf-8", "surrogatepass") for text in texts[start:start + CHUNK]]
        lengths += map(len, data)
        joined.update(b"".join(data))
    return hashlib.sha256(np.array(lengths, dtype=np.int64).tobytes() + joined.digest()).digest()


def _fingerprints(papers: Sequence[Paper], found: Prepared) -> np.ndarray:
    """Per paper, the SHA-256 of what its terms' row reads of it (its slug and texts, and whether
    the model's digests hold it), then that of its topic matches (its topics' row)."""
    digests = bytearray()
    for p, settled in zip(papers, found.settled.tolist()):
        parts = (p.slug, p.title_text or p.title, p.abstract_text or p.abstract)
        lengths = ",".join([str(len(part)) for part in parts])
        digests += hashlib.sha256(f"{lengths},{settled:d}\0{''.join(parts)}".encode("utf-8", "surrogatepass")).digest()
        topics = "\0".join([f"{m.topic}\0{m.score!r}" for m in p.topics])
        digests += hashlib.sha256(topics.encode("utf-8", "surrogatepass")).digest()
    return np.frombuffer(bytes(digests), dtype=np.uint8).reshape(len(papers), 64)


def _topic_lists(found: Prepared) -> dict[str, str]:
    """Each topic's posting list in the index: its papers' rows (of this build's order)."""
    return {slug: _text(rows, np.int32) for slug, rows in _topic_members(found).items()}


def _topic_members(found: Prepared) -> dict[str, np.ndarray]:
    index = found.hood.index
    lists = index[:, index.shape[1] - len(found.topic_slugs):].tocsc()
    return {slug: np.sort(lists.indices[lists.indptr[i]:lists.indptr[i + 1]])
            for i, slug in enumerate(found.topic_slugs)}


def _floors(found: dict, base: str | None) -> TermFloors | None:
    """The terms' floors the cache's records hold for this ``base`` (its model, topics' words and
    settings: the model's rows, and so their floors, are those of the last build), else None."""
    try:
        if base is None or found.get("base") != base:
            return None
        kept = found["floors"]
        first, second = kept["first"].split("\n"), kept["second"].split("\n")
        floors = _array(kept["floors"], np.float32)
        if not floors.size:
            return TermFloors((), (), floors)
        if not (len(first) == len(second) == len(floors) and np.isfinite(floors).all() and (floors > 0).all()):
            return None
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error):
        return None
    return TermFloors(tuple(first), tuple(second), floors)


def _floors_record(floors: TermFloors) -> dict[str, str] | None:
    """The records of :func:`_floors` (None, not kept, if a word would not come back whole)."""
    if any("\n" in word for words in (floors.first, floors.second) for word in words):
        return None
    return {"first": "\n".join(floors.first), "second": "\n".join(floors.second),
            "floors": _text(floors.floors.tolist(), np.float32)}


def _stored(found: dict, base: str) -> dict | None:
    """The cache's records when they are of this ``base`` and whole, else None."""
    try:
        if found.get("base") != base:
            return None
        slugs = found["papers"].split("\n") if found["papers"] else []
        counts, near = (_array(found[name], np.int32).astype(np.int64) for name in ("counts", "near"))
        scores = _array(found["scores"], np.float32)
        prints = _array(found["prints"], np.uint8)
        topics = {slug: _array(rows, np.int32).astype(np.int64) for slug, rows in found["topics"].items()}
        terms = found["keywords"].split("\n")
        if not (len(slugs) == len(counts) == len(terms) and (counts >= 0).all()
                and int(counts.sum()) == len(near) == len(scores)
                and (near < len(slugs)).all() and (near >= 0).all() and isinstance(found["spelled"], dict)
                and len(prints) == 64 * len(slugs)
                and all(isinstance(slug, str) and ((rows >= 0) & (rows < len(slugs))).all() for slug, rows in topics.items())):
            return None
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error):
        return None
    return {"prints": prints.reshape(len(slugs), 64), "topics": topics, "papers": slugs, "counts": counts, "near": near, "scores": scores,
            "keywords": terms, "spelled": found["spelled"]}


def _earlier(stored: dict | None, papers: Sequence[Paper]) -> np.ndarray | None:
    """The rows of the stored papers, in their stored order; None unless every one of them is
    still here (changed or not), in that order among the others."""
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


def _renewed(found: Prepared, stored: dict, rows: np.ndarray, same: np.ndarray, same_text: np.ndarray,
             k: int) -> tuple[list[Near], list[tuple[str, ...]], dict[str, str]]:
    """Every row's neighbours and keywords: the stored ones of the earlier papers (of ``rows``,
    those the same as they were; ``same_text``: those whose texts are) brought up to date. The
    changed papers are compared as new ones, and so are the papers whose lists held a paper whose
    scores changed (a changed one, or one that entered or left a topic's posting list), or that
    have a term whose full posting list a new paper entered (it may have pushed one out)."""
    hood = found.hood
    n = hood.both.shape[0]
    old = rows[same]
    new = _others(old, n)  # the new papers and the changed ones
    moved = _moved(found, stored, rows, old)
    touched = np.union1d(new, moved)  # the papers whose scores with the others are computed again
    offsets = np.concatenate([[0], np.cumsum(stored["counts"])])
    near = rows[stored["near"]]  # as rows of this build
    scores = stored["scores"]
    redo = np.zeros(n, dtype=bool)
    redo[new] = True
    redo[rows[stored["counts"] < k]] = True  # filled by slug order: compared again
    changed = np.zeros(n, dtype=bool)
    changed[touched] = True
    held = np.repeat(np.arange(len(rows)), stored["counts"])[changed[near]]
    redo[rows[held]] = True  # their score with such a paper is another now
    entered = np.zeros(hood.index.shape[1], dtype=bool)
    entered[hood.index[_others(rows[same_text], n)].indices] = True  # (a changed paper's terms are as they were)
    entered[hood.index.shape[1] - len(found.topic_slugs):] = False  # (the topics' lists: ``moved``)
    if (entered & hood.full).any():  # a new paper may have pushed an earlier one out of these lists
        owner = np.repeat(np.arange(n), np.diff(hood.both.indptr))
        redo[owner[(entered & hood.full)[hood.both.indices]]] = True
    fresh = hood.index[touched]
    result: list[Near | None] = [None] * n
    bounds, near_list, score_list = offsets.tolist(), near.tolist(), scores.tolist()
    for t, row in enumerate(rows.tolist()):
        if not redo[row]:
            result[row] = (near_list[bounds[t]:bounds[t + 1]], score_list[bounds[t]:bounds[t + 1]])
    whole = (stored["counts"] == k) & (stored["counts"] > 0)  # (``related: 0`` keeps keywords alone)
    ends = offsets[1:][whole] - 1
    last = np.full(n, np.inf, dtype=np.float32)  # each earlier row's k-th score, and its slug rank
    last[rows[whole]] = scores[ends]
    last_rank = np.zeros(n, dtype=np.int64)
    last_rank[rows[whole]] = hood.ranks[near[ends]]
    for row, merged in _merged(hood, fresh, touched, result, redo, last, last_rank, k).items():
        result[row] = merged
    redone = np.flatnonzero(redo)
    for row, computed in zip(redone.tolist(), nearest_of(hood, redone)):
        result[row] = computed
    terms: list[tuple[str, ...] | None] = [None] * n
    spellings = dict(stored["spelled"])
    if spelled_alike(spellings):
        for row, line, kept in zip(rows.tolist(), stored["keywords"], same_text.tolist()):
            if kept:  # (keywords read the texts alone)
                terms[row] = tuple(line.split("\t")) if line else ()
        todo = _others(rows[same_text], n)
    else:
        spellings, todo = {}, np.arange(n)
    with recorded_spellings() as spelled:
        for row, made in zip(todo.tolist(), keywords(found, todo)):
            terms[row] = made
    spellings.update(spelled)
    return result, terms, spellings


def _moved(found: Prepared, stored: dict, rows: np.ndarray, old: np.ndarray) -> np.ndarray:
    """The unchanged earlier papers (``old``) that entered or left a topic's posting list (other
    papers' weights moved its cut, or a new paper pushed one out): their rows, sorted. An
    unchanged paper's weights are the same, so the score of two unchanged papers changed only if
    one of them did."""
    kept = np.zeros(found.hood.both.shape[0], dtype=bool)
    kept[old] = True
    none = np.zeros(0, dtype=np.int64)
    moved = [none]
    for slug, now in _topic_members(found).items():
        before = rows[stored["topics"].get(slug, none)]
        moved.append(np.setxor1d(now[kept[now]], before[kept[before]]))
    for slug in stored["topics"].keys() - set(found.topic_slugs):  # (a topic gone: no unchanged paper had it)
        before = rows[stored["topics"][slug]]
        moved.append(before[kept[before]])
    return np.unique(np.concatenate(moved))


def _merged(hood: Neighbourhood, fresh: sp.csr_matrix, touched: np.ndarray, result: list, redo: np.ndarray,
            last: np.ndarray, last_rank: np.ndarray, k: int) -> dict[int, Near]:
    """The lists of the earlier rows (not ``redo``) that a paper of ``touched`` (a new or changed
    one, or one that moved in a topic's posting list; ``fresh``: their rows of the index) enters:
    their scores with every row (the product of :func:`generator.related.nearest`, with their
    postings alone: each sum is made of the same terms in the same order), merged into the row's
    stored list where one beats its k-th (``last``, and ``last_rank`` its slug rank)."""
    if not len(touched):
        return {}
    scores = (hood.both @ fresh.T).tocoo()
    # A score below the row's k-th cannot enter its list: the scores at least as high are few
    # (after a topic crossed its subtopic threshold at 10,000 papers, 600 papers touched made
    # millions of scores, each compared in full before)
    rows = scores.row
    near = np.flatnonzero(scores.data >= last[rows])
    rows, columns, values = rows[near], touched[scores.col[near]], scores.data[near]
    keep = ~redo[rows] & (rows != columns)  # (a paper that moved is not its own neighbour)
    keep &= (values > last[rows]) | (hood.ranks[columns] < last_rank[rows])  # (a tie: the lower slug rank)
    merged = {}
    order = np.argsort(rows[keep], kind="stable")
    rows, columns, values = rows[keep][order], columns[keep][order], values[keep][order]
    for row in np.unique(rows).tolist():
        best, found = result[row]
        at = slice(np.searchsorted(rows, row), np.searchsorted(rows, row, side="right"))
        candidates = [*zip(found, best), *zip(values[at].tolist(), columns[at].tolist())]
        candidates.sort(key=lambda c: (-c[0], hood.ranks[c[1]]))
        merged[row] = ([j for _, j in candidates[:k]], [s for s, _ in candidates[:k]])
    return merged


def _record(base: str, prints: np.ndarray, slugs: list[str], near: Sequence[Near], terms: Sequence[tuple[str, ...]],
            spellings: dict[str, str]) -> dict:
    """The records of :func:`_stored`: the arrays as the Base64 of their bytes (parsed in a
    millisecond; as JSON numbers, 20 ms at 10,000 papers)."""
    counts = [len(scores) for _, scores in near]
    return {"base": base, "prints": base64.b64encode(prints.tobytes()).decode(), "papers": "\n".join(slugs),
            "counts": _text(counts, np.int32),
            "near": _text([j for best, scores in near for j in best[:len(scores)]], np.int32),
            "scores": _text([s for _, scores in near for s in scores], np.float32),
            "keywords": "\n".join("\t".join(t) for t in terms), "spelled": spellings}


def _text(values: list, dtype: type) -> str:
    return base64.b64encode(np.array(values, dtype=dtype).astype(np.dtype(dtype).newbyteorder("<")).tobytes()).decode()


def _array(text: str, dtype: type) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text, validate=True), dtype=np.dtype(dtype).newbyteorder("<")).astype(dtype)
