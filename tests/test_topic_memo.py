"""Topic and subtopic matches of earlier builds reused paper by paper (generator/topic_memo.py)."""

from __future__ import annotations

import functools
import logging
import random
import string
from dataclasses import replace

import numpy as np

from generator import parallel, subtopics, suggest, topic_memo
from generator.cache import BuildCache
from generator.model import Paper, Source
from generator.topic_memo import match_topics
from generator.topics import load_topics
from test_subtopics import papers, write

TOPICS = "topics:\n  - name: Everything\n    keywords: [robot, protein, stock]\n  - name: Markets\n    keywords: [stock]\n"


def counting(monkeypatch, name: str) -> list[int]:
    """How many papers each call of topic_memo's ``name`` got (its first argument)."""
    sizes: list[int] = []
    real = getattr(topic_memo, name)
    monkeypatch.setattr(topic_memo, name, lambda *a, **k: sizes.append(len(a[0])) or real(*a, **k))
    return sizes


def test_only_new_papers_are_scored_and_the_result_is_that_of_a_fresh_computation(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(subtopics, "LISTING_LIMIT", 6)  # "Everything" gets suggested subtopics
    topics = load_topics(write(tmp_path, TOPICS))
    every = papers()
    model = [replace(p, key="", slug="") for p in every[:10]]
    scored, refit, subscored, completed = (counting(monkeypatch, name) for name in
                                           ("assign_with_model", "assign_topics", "assign_subtopics", "complete_subtopics"))
    cache = BuildCache(tmp_path / "cache")

    with caplog.at_level(logging.WARNING, "digest_site"):
        first = match_topics(every[:-2], topics, model, cache)
    warned = [r.getMessage() for r in caplog.records]
    assert len(first[1]) > len(topics) and any("suggested" in w for w in warned)
    assert first == match_topics(every[:-2], topics, model, None)
    assert scored == [len(every) - 2] * 2 and len(completed) == 2
    assert refit == []  # the model's records' topics are read off the papers' fit: no fit of their own
    scored.clear(), subscored.clear(), caplog.clear()

    with caplog.at_level(logging.WARNING, "digest_site"):
        assert match_topics(every[:-2], topics, model, cache) == first
    assert scored == subscored == [] and len(completed) == 2  # nothing scored, nothing suggested again
    # the same topics, said in one line (each build said each large topic's subtopics again)
    (again,) = [r.getMessage() for r in caplog.records]
    assert again.startswith("1 topic with the last build's suggested subtopics: everything (") and again not in warned
    assert f"papers, {len(first[1]) - len(topics)})" in again

    added = match_topics(every, topics, model, cache)  # two more papers: only they are scored
    assert scored == [2] and refit == [] and subscored in ([2], []) and len(completed) == 2
    assert added == match_topics(every, topics, model, None)

    edited = [replace(every[0], abstract=every[0].abstract + " Stock markets."), *every[1:]]
    for changed in [(edited, topics, model), (every, topics[:1], model), (every, topics, model[:8])]:
        assert match_topics(*changed, cache) == match_topics(*changed, None)

    for name in ("topic-matches", "subtopic-matches", "suggested"):  # damaged: ignored, computed again
        path = tmp_path / "cache" / f"{name}.json"
        path.write_bytes(path.read_bytes().replace(b"0.", b"1."))
    scored.clear()
    assert match_topics(every, topics, model, cache) == match_topics(every, topics, model, None)
    assert scored[0] == len(every)


def test_a_topic_newly_large_is_clustered_alone_and_the_others_suggestions_are_reused(tmp_path, monkeypatch):
    """Given the topic model, a large topic's clusters are a function of the model and the topics,
    and its names of those and the slugs taken before it: kept, a topic passing the limit is the
    only one clustered (at 10,000 papers, 0.65 s of the digest that did it), and named with those
    after it."""
    monkeypatch.setattr(subtopics, "LISTING_LIMIT", 3)
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")  # every clustering counted here, in this process
    topics = load_topics(write(tmp_path, TOPICS))
    every = papers()
    fewer = [p for p in every if p is not [p for p in every if p.slug.startswith("markets")][-1]]
    model = [replace(p, key="", slug="") for p in every[:10]]
    clustered: list[int] = []
    real = suggest.subtopic_clusters
    monkeypatch.setattr(suggest, "subtopic_clusters",
                        lambda source, members, vectors: clustered.append(len(members)) or real(source, members, vectors))
    named: list[str] = []
    naming = suggest.suggest_subtopics
    monkeypatch.setattr(suggest, "suggest_subtopics", lambda *a: named.append(a[2].slug) or naming(*a))
    cache = BuildCache(tmp_path / "cache")

    first = match_topics(fewer, topics, model, cache)
    assert [t.parent for t in first[1] if t.parent] and clustered == [8]  # "Everything" alone is large
    clustered.clear()
    named.clear()
    added = match_topics(every, topics, model, cache)  # one more paper of markets: "Markets" is large too
    assert clustered and 8 not in clustered  # "Markets" (2 of the model's records) alone is clustered
    assert named == ["markets"]  # and named: "Everything", before it, took the same slugs
    clustered.clear()
    assert added == match_topics(every, topics, model, None)
    assert 8 in clustered  # (computed afresh: both)

    path = tmp_path / "cache" / f"{topic_memo.KEPT}.json"  # damaged: ignored, clustered again
    path.write_bytes(path.read_bytes().replace(b"1", b"0"))
    (tmp_path / "cache" / "suggested.json").unlink()
    clustered.clear()
    assert match_topics(every, topics, model, cache) == added and 8 in clustered


def test_the_space_the_suggestions_read_is_kept_and_one_damaged_is_fitted_again(tmp_path, monkeypatch):
    """The space of the model's records that clustering and naming read is a function of them
    alone: kept in the cache, a topic newly large is suggested subtopics without fitting it again
    (1-2 s at 10,000 papers); a damaged file is not read."""
    monkeypatch.setattr(subtopics, "LISTING_LIMIT", 3)
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")
    topics = load_topics(write(tmp_path, TOPICS))
    every = papers()
    fewer = [p for p in every if p is not [p for p in every if p.slug.startswith("markets")][-1]]
    model = [replace(p, key="", slug="") for p in every[:10]]
    cache = BuildCache(tmp_path / "cache")
    fits: list[int] = []
    real = subtopics.paper_vectors
    monkeypatch.setattr(subtopics, "paper_vectors", lambda rows: fits.append(len(rows)) or real(rows))
    match_topics(fewer, topics, model, cache)
    assert fits == [10]
    fits.clear()
    added = match_topics(every, topics, model, cache)  # "Markets" newly large: suggested from the kept space
    assert fits == [] and added == match_topics(every, topics, model, None)
    fits.clear()
    path = tmp_path / "cache" / f"{topic_memo.KEPT}.npz"
    path.write_bytes(path.read_bytes()[:-10] + b"0" * 10)
    (tmp_path / "cache" / "suggested.json").unlink()
    assert match_topics(every, topics, model, cache) == added and fits == [10]


def test_a_topic_given_subtopics_has_its_papers_alone_scored_against_them(tmp_path, monkeypatch):
    """A paper's subtopic matches and a topic's space are keyed by its own topics' subtopics: when
    "Financial markets" gets subtopics (as a topic newly large gets suggested ones), the papers of
    "Life and machines" alone are not scored again, nor its space fitted again (at 10,000 papers,
    a digest that took a topic past 500 papers fitted 21 topics' spaces and scored 9,000 papers)."""
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")  # every fit counted here, in this process
    from test_subtopics import TOPICS as CURATED

    every = papers()
    model = [replace(p, key="", slug="") for p in every[:12]]
    cache = BuildCache(tmp_path / "cache")
    match_topics(every, load_topics(write(tmp_path, CURATED)), model, cache)
    topics = load_topics(write(tmp_path, CURATED + "    subtopics:\n      - name: Stocks\n        keywords: [stock]\n"
                                                   "      - name: Portfolios\n        keywords: [portfolio]\n"))
    subscored = counting(monkeypatch, "assign_subtopics")
    fits: list[int] = []
    real_fit = subtopics.model_vectors
    monkeypatch.setattr(subtopics, "model_vectors", lambda rows, *a: fits.append(len(rows)) or real_fit(rows, *a))
    found, _ = match_topics(every, topics, model, cache)
    markets = [p for p in found if any(m.topic == "financial-markets" for m in p.topics)]
    assert 0 < len(markets) < len(every) and subscored == [len(markets)]  # its papers alone
    assert len(fits) == 1  # the space of "Financial markets" alone
    assert (found, _) == match_topics(every, topics, model, None)


def test_a_match_whose_words_are_now_spelled_otherwise_is_computed_again(tmp_path, monkeypatch):
    """A matched term is spelled as the texts of the build write its words: a new paper that writes
    "…lite" where every earlier text wrote "…lites" changes an earlier paper's terms."""
    word = "zq" + "".join(random.choices(string.ascii_lowercase, k=8)) + "lite"  # met by no other test
    topics = load_topics(write(tmp_path, "topics:\n  - name: Machines\n    keywords: [robot arm]\n"
                                         "  - name: Markets\n    keywords: [stock]\n"))
    source = Source("t.csv", 2)
    known = [Paper(key="m", slug="m", title=f"Machines of {word}s", abstract=f"Machines and {word}s with a robot arm.",
                   source=source),
             Paper(key="o", slug="o", title=f"{word.title()}s in the wild", abstract=f"We count {word}s and more {word}s.",
                   source=source), *papers()]
    model = [replace(p, key="", slug="") for p in known]
    cache = BuildCache(tmp_path / "cache")
    before = match_topics(known, topics, model, cache)[0]
    assert before[1].topics[0].terms == (f"{word}s",)

    scored = counting(monkeypatch, "assign_with_model")
    new = Paper(key="n", slug="n", title="One more", abstract=f"A {word} in a stock market.", source=source)
    after = match_topics([*known, new], topics, model, cache)
    assert after == match_topics([*known, new], topics, model, None)
    assert after[0][1].topics[0].terms == (word,)
    assert scored[0] >= 2  # the new paper, and the earlier one whose term is now spelled otherwise


def test_a_topics_space_is_kept_and_one_damaged_or_of_other_records_is_fitted_again(tmp_path, monkeypatch):
    """Each topic's space of its model records (and its subtopics' words) is kept in the cache:
    papers are scored in it grown by them, as in a fit of them all. A damaged file, a missing one,
    or one of other records (another model) is not read: the space is fitted again."""
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")  # every fit counted here, in this process
    from test_subtopics import TOPICS as CURATED

    topics = load_topics(write(tmp_path, CURATED))
    every = papers()
    model = [replace(p, key="", slug="") for p in every[:12]]
    fits, grown = [], []
    real_fit, real_grown = subtopics.model_vectors, subtopics.grown
    monkeypatch.setattr(subtopics, "model_vectors", lambda rows, *a: fits.append(len(rows)) or real_fit(rows, *a))
    monkeypatch.setattr(subtopics, "grown", lambda base, n, rows, **k: grown.append(len(rows)) or real_grown(base, n, rows, **k))
    cache = BuildCache(tmp_path / "cache")
    folder = tmp_path / "cache" / topic_memo.SPACES

    def scored_again(model: list[Paper]) -> tuple[list[int], list[int]]:
        """The subtopics' fits and grown spaces of a build that scores every paper's subtopics again."""
        (tmp_path / "cache" / "subtopic-matches.json").unlink(missing_ok=True)
        fits.clear(), grown.clear()
        assert match_topics(every, topics, model, cache) == match_topics(every, topics, model, None)
        return fits[:-1], grown[:-1]  # (the last fit and growth: the fresh computation's)

    assert scored_again(model) == ([8], [8])  # "Life and machines": 8 of the records, grown by its 8 papers
    assert len(list(folder.iterdir())) == 1
    assert scored_again(model) == ([], [8])  # its space kept: grown by them, no fit

    (space,) = folder.iterdir()
    space.write_bytes(space.read_bytes()[:-10] + b"0" * 10)
    assert scored_again(model) == ([8], [8])  # damaged: fitted again
    space.unlink()
    assert scored_again(model)[0] == [8]
    assert scored_again(model[:-1])[0]  # the space of other records: fitted
    assert len(list(folder.iterdir())) == 1  # that of the last build's, and no other


def test_the_space_of_the_papers_is_grown_by_new_ones_less_those_gone_and_fitted_again_when_damaged(tmp_path, monkeypatch):
    """The space of the collection and the model's records (topics', and related papers') is kept:
    a build grows it by the papers added (or edited: their new text) less those gone (or edited:
    their old text), and folds the new texts alone; it is then the very space a fit of them all
    gives, and every word is spelled as in a build that folds every text, though a word's only
    spelling left with a paper gone. The file damaged: folded and fitted again."""
    from generator import vectors
    from generator.topics import MODEL_ROW

    topics = load_topics(write(tmp_path, TOPICS))
    every = papers()
    model = [replace(p, key="", slug="") for p in every[:10]]
    folded = counting(monkeypatch, "fold_rows")
    cache = BuildCache(tmp_path / "cache")
    words = topic_memo.topic_words(topics)
    fit = [replace(p, slug=f"{MODEL_ROW}{i}") for i, p in enumerate(model)]

    def space(papers: list[Paper]) -> vectors.Vectors:
        return vectors.model_vectors([*papers, *fit], {p.slug for p in fit}, words)

    fitting = vectors._fitted.__wrapped__
    fits: list[int] = []
    counted = functools.lru_cache(maxsize=vectors.CACHE_SIZE)(lambda key, extra=(): fits.append(len(key)) or fitting(key, extra))
    monkeypatch.setattr(vectors, "_fitted", counted)

    def fresh(papers: list[Paper]) -> vectors.Vectors:
        return fitting(tuple((p.slug, *vectors.paper_text(p), p.slug in {f.slug for f in fit})
                                                 for p in [*papers, *fit]), tuple(words))

    def new_process() -> None:  # a build of its own: no text folded yet
        vectors.forget()
        vectors._SPELLINGS.clear()
        vectors.fold.cache_clear()

    def spellings(papers: list[Paper]) -> dict:
        return {normal: vectors.spelled(normal) for normal in sorted(vectors._SPELLINGS)}

    def full(papers: list[Paper]) -> tuple:
        new_process()
        found = match_topics(papers, topics, model, None)
        return found, spellings(papers)

    odd = replace(every[-1], slug="odd", abstract="Grasping with a Sprocketx of robots, whose sprocketxes spin.")
    match_topics([*every[:-3], odd], topics, model, cache)
    assert folded[:2] == [2 * (len(every) - 3 + 1), 2 * len(model)]  # every text
    chosen = every[:-3]
    edited = replace(every[0], abstract=every[0].abstract + " Stock markets.")
    # two papers added and "odd" gone (its sprocketx spelled no more), one more, one edited, one gone
    for new, gone in ((every[-3:-1], odd), (every[-1:], None), ([edited], every[0]), ([], every[1])):
        chosen = [*new, *(p for p in chosen if p != gone)]
        folded.clear(), fits.clear()
        new_process()
        found = match_topics(chosen, topics, model, cache)
        assert folded[0] == 2 * len(new)  # the new texts alone
        assert len(chosen) + len(fit) not in fits  # the space of them all: grown, not fitted
        grown, whole = space(chosen), fresh(chosen)
        assert grown.words == whole.words and np.array_equal(grown.columns_of, whole.columns_of)
        assert np.array_equal(grown.bigram_codes, whole.bigram_codes)
        assert np.array_equal(grown.column_features, whole.column_features)
        assert np.array_equal(grown.matrix.toarray(), whole.matrix.toarray())
        assert np.array_equal(grown.idf.idf_, whole.idf.idf_)
        spelled = spellings(chosen)
        assert (found, spelled) == full(chosen)
        assert ("sprocketx" in spelled) == (odd in chosen)
    every = chosen

    path = tmp_path / "cache" / f"{topic_memo.WHOLE}.npz"
    copy = path.with_name("copy.npz")
    copy.write_bytes(path.read_bytes())
    copy.replace(path)  # the file as a restored cache has it: another stamp, checked by its bytes
    folded.clear()
    new_process()
    assert match_topics(every, topics, model, cache) == match_topics(every, topics, model, None)
    assert folded[0] == 0  # grown by no paper

    folded.clear()
    path.write_bytes(path.read_bytes()[:-20] + b"0" * 20)
    new_process()
    assert match_topics(every, topics, model, cache) == match_topics(every, topics, model, None)
    assert folded[:2] == [2 * len(every), 2 * len(model)]  # every text again


def test_the_words_a_matches_file_spells_are_checked_at_once_and_a_wrong_list_is_not_trusted(tmp_path, monkeypatch):
    """A matches file lists how every word its entries spell is spelled: while each is still
    spelled so, no entry is checked on its own. A list that does not hold (here: made wrong) has
    every entry checked, the result is still that of a fresh computation, and the list is made again."""
    topics = load_topics(write(tmp_path, TOPICS))
    every = papers()
    model = [replace(p, key="", slug="") for p in every[:12]]
    cache = BuildCache(tmp_path / "cache")
    first = match_topics(every, topics, model, cache)
    stored = BuildCache(tmp_path / "cache").load("topic-matches")
    spelled = [entry[1] for entry in stored["entries"].values()]
    assert any(spelled) and all(stored["spelled"][normal] == word for entry in spelled for normal, word in entry.items())

    checks = []
    real = topic_memo.spelled_alike
    monkeypatch.setattr(topic_memo, "spelled_alike", lambda found, memo=None: checks.append(found) or real(found, memo))
    assert match_topics(every, topics, model, cache) == first
    assert 0 < len(checks) <= 3  # the lists of topic-matches, model-matches and suggested; no entry

    wrong = BuildCache(tmp_path / "cache")
    stored = wrong.load("topic-matches")
    normal = next(iter(stored["spelled"]))
    wrong.save("topic-matches", {**stored, "spelled": {**stored["spelled"], normal: normal + "x"}})
    checks.clear()
    assert match_topics(every, topics, model, cache) == first == match_topics(every, topics, model, None)
    assert len(checks) > len(every) // 2  # the entries, one by one
    assert BuildCache(tmp_path / "cache").load("topic-matches")["spelled"][normal] != normal + "x"
