"""Topic and subtopic matches reused from the build cache (generator/topic_cache.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator import subtopics, topic_cache
from generator.cache import BuildCache
from generator.subtopics import assign_subtopics, complete_subtopics
from generator.topic_cache import match_topics
from generator.topics import assign_topics, load_topics, main_topics
from test_subtopics import TOPICS, papers, write


@pytest.fixture
def scored(monkeypatch):
    """Counts the papers each scoring step is asked to score."""
    counts = {"topics": 0, "subtopics": 0, "suggested": 0}

    def counting(name, function):
        def counted(chosen, *args, **kwargs):
            counts[name] += len(chosen) if name != "suggested" else 1
            return function(chosen, *args, **kwargs)
        monkeypatch.setattr(topic_cache, function.__name__, counted)

    counting("topics", assign_topics)
    counting("subtopics", assign_subtopics)
    counting("suggested", complete_subtopics)
    return counts


def uncached(chosen, topics, model):
    assigned = assign_topics(chosen, main_topics(topics), model)
    completed = complete_subtopics(assigned, topics, model)
    return assign_subtopics(assigned, completed, model), completed


@pytest.mark.parametrize("text", [TOPICS, "topics:\n  - name: Everything\n    keywords: [robot, protein, stock]\n"])
def test_cached_matches_equal_a_fresh_scoring_and_only_new_papers_are_scored(tmp_path, monkeypatch, scored, text):
    monkeypatch.setattr(subtopics, "LISTING_LIMIT", 6)  # the second topics.yml gets suggested subtopics
    topics = load_topics(write(tmp_path, text))
    every = papers()
    model = [replace(p, key="", slug="") for p in every[:10]]
    cache = BuildCache(tmp_path / "cache")

    assert match_topics(every[:-3], topics, model, cache) == uncached(every[:-3], topics, model)
    first = dict(scored)
    assert first["topics"] == len(every) - 3 + len(model) and first["suggested"] == 1
    assert match_topics(every[:-3], topics, model, cache) == uncached(every[:-3], topics, model)
    assert scored == first  # nothing scored again

    assert match_topics(every, topics, model, cache) == uncached(every, topics, model)
    assert scored["topics"] == first["topics"] + 3  # the three new papers alone
    assert scored["subtopics"] <= first["subtopics"] + 3

    edited = [replace(every[0], abstract=every[0].abstract + " Stock market volatility."), *every[1:]]
    assert match_topics(edited, topics, model, cache) == uncached(edited, topics, model)
    assert scored["topics"] == first["topics"] + 4


def test_another_model_or_topics_or_a_damaged_cache_scores_everything_again(tmp_path, scored):
    topics = load_topics(write(tmp_path, TOPICS))
    every = papers()
    model = [replace(p, key="", slug="") for p in every[:10]]
    cache = BuildCache(tmp_path / "cache")
    match_topics(every, topics, model, cache)
    before = scored["topics"]

    other = model[:8]
    assert match_topics(every, topics, other, cache) == uncached(every, topics, other)
    assert scored["topics"] == before + len(every) + len(other)

    fewer = topics[:3]
    assert match_topics(every, fewer, other, cache) == uncached(every, fewer, other)
    assert scored["topics"] == before + 2 * (len(every) + len(other))

    for path in (tmp_path / "cache").glob("*.json"):
        data = path.read_bytes()
        path.write_bytes(data.replace(b"robot", b"rabot"))
    assert match_topics(every, fewer, other, cache) == uncached(every, fewer, other)
    assert scored["topics"] == before + 3 * (len(every) + len(other))


def test_matches_of_a_topic_the_model_holds_no_record_of_are_not_stored(tmp_path):
    """Such a topic's papers are scored in a space of their own: their subtopics depend on each other."""
    topics = load_topics(write(tmp_path, TOPICS))
    every = papers()
    model = [replace(p, key="", slug="") for p in every if p.slug.startswith("markets")]
    cache = BuildCache(tmp_path / "cache")
    found, _ = match_topics(every, topics, model, cache)
    assert found == uncached(every, topics, model)[0]
    living = [p for p in found if any(m.topic == "life-and-machines" for m in p.topics)]
    assert living and all(len(p.topics) > 1 for p in living)  # they got subtopics
    stored = cache.load("subtopics")["entries"]
    assert len(stored) == len({topic_cache.paper_key(p) for p in found}) - len(living)
