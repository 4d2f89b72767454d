"""Topics and subtopics of the previous build reused when every input is the same (generator/topic_memo.py)."""

from __future__ import annotations

import logging
from dataclasses import replace

from generator import subtopics, topic_memo
from generator.cache import BuildCache
from generator.topic_memo import match_topics
from generator.topics import load_topics
from test_subtopics import papers, write

TOPICS = "topics:\n  - name: Everything\n    keywords: [robot, protein, stock]\n  - name: Markets\n    keywords: [stock]\n"


def test_the_same_inputs_reuse_the_result_and_its_warnings_any_change_computes_it(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(subtopics, "LISTING_LIMIT", 6)  # "Everything" gets suggested subtopics
    topics = load_topics(write(tmp_path, TOPICS))
    every = papers()
    model = [replace(p, key="", slug="") for p in every[:10]]
    calls = []
    monkeypatch.setattr(topic_memo, "assign_topics", lambda *a, real=topic_memo.assign_topics: calls.append(1) or real(*a))
    cache = BuildCache(tmp_path / "cache")

    with caplog.at_level(logging.WARNING, "digest_site"):
        first = match_topics(every, topics, model, cache)
    warned = [r.getMessage() for r in caplog.records]
    assert len(first[1]) > len(topics) and any("suggested" in w for w in warned)
    assert first == match_topics(every, topics, model, None) and len(calls) == 2
    caplog.clear()
    with caplog.at_level(logging.WARNING, "digest_site"):
        assert match_topics(every, topics, model, cache) == first
    assert len(calls) == 2 and [r.getMessage() for r in caplog.records] == warned

    edited = [replace(every[0], abstract=every[0].abstract + " Stock markets."), *every[1:]]
    for changed in [(edited, topics, model), (every, topics[:1], model), (every, topics, model[:8]), (every[:-1], topics, model)]:
        assert match_topics(*changed, cache) == match_topics(*changed, None)
    assert len(calls) == 2 + 2 * 4

    (tmp_path / "cache" / "topics.json").write_bytes((tmp_path / "cache" / "topics.json").read_bytes().replace(b"0.", b"1."))
    assert match_topics(every[:-1], topics, model, cache) == match_topics(every[:-1], topics, model, None)
    assert len(calls) == 2 + 2 * 5
