"""Related papers and keywords of the last build reused (generator/related_memo.py): always the
lists and keywords :func:`generator.related.relate` gives from scratch."""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
import pytest

from generator import related, related_memo
from generator.cache import BuildCache
from generator.model import TopicMatch
from generator.related import relate
from generator.related_memo import related_papers

REUSED = "lists reused from the cache"


@pytest.fixture(scope="module")
def collection():
    """The seed's papers with topics, the second half in a new digest; the model: the first half."""
    from bench.quality import SEED, TOPICS, load_papers
    from generator.topics import assign_topics, load_topics
    papers = load_papers(SEED)
    half = len(papers) // 2
    model = [replace(p, key="", slug="") for p in papers[:half]]
    papers = [replace(p, digests=("old" if i < half else "new",))
              for i, p in enumerate(assign_topics(papers, load_topics(TOPICS), model))]
    return papers, {"model": model, "settled": {"old"}, "words": ["robot"]}


def computed(monkeypatch) -> list[int]:
    """The rows each build compares with the whole collection (related.nearest_of)."""
    rows: list[int] = []
    real = related_memo.nearest_of
    monkeypatch.setattr(related_memo, "nearest_of", lambda hood, todo: rows.extend(todo.tolist()) or real(hood, todo))
    return rows


def same(found, papers, **arguments) -> bool:
    fresh = relate(papers, **arguments)
    return [(p.slug, p.related, p.keywords) for p in found] == [(p.slug, p.related, p.keywords) for p in fresh]


@pytest.mark.parametrize("among", [False, True])  # new papers after the others, or among them
def test_only_new_papers_are_compared_with_the_collection(collection, tmp_path, monkeypatch, caplog, among):
    papers, arguments = collection
    half = len(papers) // 2
    if among:
        papers = papers[:30] + papers[-10:] + papers[30:-10]
    new = papers[30:40] if among else papers[-20:]
    earlier = [p for p in papers if p not in new]
    assert same(related_papers(earlier, BuildCache(tmp_path), **arguments), earlier, **arguments)
    rows = computed(monkeypatch)
    with caplog.at_level(logging.INFO, "digest_site"):
        found = related_papers(papers, BuildCache(tmp_path), **arguments)
    assert same(found, papers, **arguments)
    assert any(REUSED in r.getMessage() for r in caplog.records)
    assert sorted(rows) == sorted(i for i, p in enumerate(papers) if p in new)  # no earlier list was short
    before = {p.slug: p.related for p in relate(earlier, **arguments)}
    assert any(p.related != before[p.slug] for p in found[:half] if p not in new)  # new papers entered lists


def test_lists_a_new_paper_may_have_pushed_one_out_of_are_computed_again(collection, tmp_path, monkeypatch):
    """With lists of at most 8 papers, the new papers fill some: every paper of their terms
    is compared again, and the lists are still those of a fresh computation."""
    monkeypatch.setattr(related, "MAX_POSTINGS", 8)
    papers, arguments = collection
    related_papers(papers[:-20], BuildCache(tmp_path), postings=4, **arguments)
    rows = computed(monkeypatch)
    assert same(related_papers(papers, BuildCache(tmp_path), postings=4, **arguments), papers, postings=4, **arguments)
    assert len(rows) > 20


def test_short_lists_are_computed_again(collection, tmp_path, monkeypatch):
    papers, arguments = collection
    blank = [replace(p, title="Untitled", abstract="", title_text="", abstract_text="", topics=())
             for p in papers[:3]]  # nothing shared: filled by slug order, which new papers may change
    related_papers(blank + papers[3:-5], BuildCache(tmp_path), **arguments)
    rows = computed(monkeypatch)
    every = blank + papers[3:]
    assert same(related_papers(every, BuildCache(tmp_path), **arguments), every, **arguments)
    assert {0, 1, 2} <= set(rows)


def test_a_changed_paper_is_compared_again_with_the_papers_whose_lists_held_it(collection, tmp_path, monkeypatch,
                                                                                   caplog):
    papers, arguments = collection
    first = related_papers(papers[:-20], BuildCache(tmp_path), **arguments)
    now = list(papers)
    now[-30] = replace(now[-30], abstract_text=now[5].abstract_text, topics=now[5].topics)  # (a later digest's)
    holding = {i for i, p in enumerate(first) if now[-30].slug in p.related}
    rows = computed(monkeypatch)
    with caplog.at_level(logging.INFO, "digest_site"):
        assert same(related_papers(now, BuildCache(tmp_path), **arguments), now, **arguments)
    assert any(REUSED in r.getMessage() for r in caplog.records)
    assert holding and set(rows) == {len(now) - 30, *range(len(now) - 20, len(now)), *holding}


@pytest.mark.parametrize("change", ["text", "topics"])
def test_a_changed_paper_of_the_model_s_digests_is_compared_again_with_the_papers_of_the_lists_it_moved(
        collection, tmp_path, monkeypatch, caplog, change):
    """Such a paper is the reference of the topics' posting lists: when its topics move their cut,
    the papers that have those topics are compared again (the others' lists are reused)."""
    papers, arguments = collection
    arguments = {**arguments, "postings": 4}  # (with 64, no topic has as many papers of the model's digests)
    related_papers(papers[:-20], BuildCache(tmp_path), **arguments)
    now = list(papers)
    if change == "text":
        now[5] = replace(now[5], abstract_text=now[5].abstract_text + " protein folding")
    else:  # 40 of them filed under a later paper's topics
        now[:40] = [replace(p, topics=now[-3].topics) for p in now[:40]]
    rows = computed(monkeypatch)
    with caplog.at_level(logging.INFO, "digest_site"):
        assert same(related_papers(now, BuildCache(tmp_path), **arguments), now, **arguments)
    assert REUSED in " ".join(r.getMessage() for r in caplog.records)
    assert len(rows) < len(now)


def test_papers_given_subtopics_are_compared_again_with_the_papers_of_their_topics(collection, tmp_path,
                                                                                   monkeypatch, caplog):
    """A topic grown past LISTING_LIMIT gets subtopics, and its papers a subtopic match each (a new
    column of the topics' rows): they and the papers sharing their topics are compared again,
    the other lists reused, and every list is the one a fresh computation gives."""
    papers, arguments = collection
    related_papers(papers[:-20], BuildCache(tmp_path), **arguments)
    topic = papers[0].topics[0].topic
    now = [replace(p, topics=p.topics + (TopicMatch(f"{topic}-{i % 3}", 0.1 * (i % 4)),))
           if p.topics and p.topics[0].topic == topic else p for i, p in enumerate(papers)]
    changed = {i for i, (p, q) in enumerate(zip(papers, now)) if p != q}
    rows = computed(monkeypatch)
    with caplog.at_level(logging.INFO, "digest_site"):
        assert same(related_papers(now, BuildCache(tmp_path), **arguments), now, **arguments)
    assert REUSED in " ".join(r.getMessage() for r in caplog.records)
    assert changed <= set(rows) and len(rows) < len(now)


@pytest.mark.parametrize("change", ["removed", "model", "moved", "k"])
def test_any_other_change_computes_everything(collection, tmp_path, monkeypatch, caplog, change):
    papers, arguments = collection
    related_papers(papers[:-20], BuildCache(tmp_path), **arguments)
    now, given = list(papers), dict(arguments)
    if change == "removed":
        del now[5]
    elif change == "model":
        given["model"] = arguments["model"][1:]
    elif change == "moved":
        now[4], now[5] = now[5], now[4]
    else:
        given["k"] = 3
    with caplog.at_level(logging.INFO, "digest_site"):
        found = related_papers(now, BuildCache(tmp_path), **given)
    assert not any(REUSED in r.getMessage() for r in caplog.records)
    assert same(found, now, **given)


def test_a_damaged_or_stale_cache_is_ignored(collection, tmp_path, caplog):
    papers, arguments = collection
    related_papers(papers[:-20], BuildCache(tmp_path), **arguments)
    path = tmp_path / f"{related_memo.RELATED}.json"
    data = bytearray(path.read_bytes())
    data[-20] ^= 1  # a byte of the records: their hash no longer holds
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.INFO, "digest_site"):
        assert same(related_papers(papers, BuildCache(tmp_path), **arguments), papers, **arguments)
    assert not any(REUSED in r.getMessage() for r in caplog.records)
    # Records that hold together but are not what the code made (a neighbour out of range) are ignored too
    records = BuildCache(tmp_path).load(related_memo.RELATED)
    near = related_memo._array(records["near"], np.int32).tolist()
    records["near"] = related_memo._text([10 ** 6, *near[1:]], np.int32)
    BuildCache(tmp_path).save(related_memo.RELATED, records)
    caplog.clear()
    with caplog.at_level(logging.INFO, "digest_site"):
        assert same(related_papers(papers, BuildCache(tmp_path), **arguments), papers, **arguments)
    assert not any(REUSED in r.getMessage() for r in caplog.records)


def test_a_full_build_reads_nothing(collection, tmp_path, caplog):
    papers, arguments = collection
    related_papers(papers[:-20], BuildCache(tmp_path), **arguments)
    with caplog.at_level(logging.INFO, "digest_site"):
        assert same(related_papers(papers, BuildCache(tmp_path, read=False), **arguments), papers, **arguments)
    assert not any(REUSED in r.getMessage() for r in caplog.records)


def test_no_related_papers_asked_for(collection, tmp_path):
    """``related: 0`` (no lists, keywords only): a new digest reuses the keywords (its lists
    had no k-th score to compare with, and the build failed with an IndexError)."""
    papers, arguments = collection
    earlier = papers[:-20]
    assert same(related_papers(earlier, BuildCache(tmp_path), k=0, **arguments), earlier, k=0, **arguments)
    found = related_papers(papers, BuildCache(tmp_path), k=0, **arguments)
    assert same(found, papers, k=0, **arguments) and all(p.related == () for p in found)


def test_the_model_s_floors_are_reused_and_its_rows_left_alone(collection, tmp_path, monkeypatch):
    """A new digest's build takes the terms' floors (the model's rows' weights that cut each
    posting list) from the cache: it makes similarity rows of the papers alone, and the lists
    are those of a fresh computation, with short posting lists (4: many terms cut) too."""
    papers, arguments = collection
    arguments = {**arguments, "postings": 4}
    related_papers(papers[:-20], BuildCache(tmp_path), **arguments)
    sizes = []
    real = related.similarity_rows
    monkeypatch.setattr(related, "similarity_rows", lambda matrix, **given: sizes.append(matrix.shape[0])
                        or real(matrix, **given))
    found = related_papers(papers, BuildCache(tmp_path), **arguments)
    assert sizes == [len(papers)]  # (without the floors: the papers' rows and the model's)
    assert same(found, papers, **arguments)
    floors = related_memo._floors(BuildCache(tmp_path).load(related_memo.RELATED),
                                  related_memo._base(5, 4, arguments["model"], arguments["words"],
                                                     arguments["settled"], True))
    assert floors is not None and len(floors.floors) > 10


def test_floors_named_by_their_terms_follow_the_columns_of_new_words(collection):
    """The floors of a space with new papers' words (new columns between the others) are the same
    floors, by term, as those of the space before them."""
    papers, arguments = collection
    given = dict(k=5, postings=4, model=arguments["model"], words=arguments["words"],
                 settled=arguments["settled"], topic_bonus=True)
    before = related.prepare(papers[:-20], **given)
    now = related.prepare(papers, **given)
    assert before.vectors.matrix.shape[1] < now.vectors.matrix.shape[1]  # (the new papers' words)
    known = related.TermFloors.of(before.vectors, before.term_floors)
    assert (known.columns(now.vectors) == now.term_floors).all()
    reused = related.prepare(papers, **given, known_floors=known)
    for name in ("both", "index", "full"):
        one, other = getattr(reused.hood, name), getattr(now.hood, name)
        assert (one != other).nnz == 0 if hasattr(one, "nnz") else (one == other).all()
    assert (reused.hood.index.data == now.hood.index.data).all()
    assert (reused.hood.index.indices == now.hood.index.indices).all()
    # A term that is not a column of the space: not these floors
    stranger = related.TermFloors(("zzzunknownword", *known.first[1:]), known.second, known.floors)
    assert stranger.columns(now.vectors) is None


def test_damaged_floors_are_computed_again(collection, tmp_path, caplog):
    """Floors whose records hold together but name another term are not used: computed again."""
    papers, arguments = collection
    arguments = {**arguments, "postings": 4}
    related_papers(papers[:-20], BuildCache(tmp_path), **arguments)
    records = BuildCache(tmp_path).load(related_memo.RELATED)
    first = records["floors"]["first"].split("\n")
    records["floors"] = {**records["floors"], "first": "\n".join(["zzzunknownword", *first[1:]])}
    BuildCache(tmp_path).save(related_memo.RELATED, records)
    assert same(related_papers(papers, BuildCache(tmp_path), **arguments), papers, **arguments)
    records["floors"] = {**records["floors"], "floors": related_memo._text([0.5, -1.0], np.float32)}
    BuildCache(tmp_path).save(related_memo.RELATED, records)
    base = related_memo._base(5, 4, arguments["model"], arguments["words"], arguments["settled"], True)
    assert related_memo._floors(BuildCache(tmp_path).load(related_memo.RELATED), base) is None
