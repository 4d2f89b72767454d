"""Subtopics: the second level of topics.yml, their assignment, suggestion and pages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from htmltext import card_count
from generator import render, subtopics, suggest, texmath, topic_names
from generator.config import Settings
from generator.errors import InputError
from generator.model import Digest, Paper, Source, Topic
from generator.subtopics import assign_subtopics, complete_subtopics
from generator.topics import assign_topics, load_topics, main_topics

CLUSTERS = yaml.safe_load((ROOT / "tests/fixtures/quality/clusters.yml").read_text(encoding="utf-8"))["papers"]
TOPICS = """\
topics:
  - name: Life and machines
    keywords: [robot, protein, grasping, folding]
    subtopics:
      - name: Robot grasping
        keywords: [grasping, gripper, robot arm, tactile]
      - name: Proteins
        description: Protein structure.
        keywords: [protein, folding, amino acid]
  - name: Financial markets
    keywords: [stock, market, volatility, portfolio]
"""


def papers() -> list[Paper]:
    return [Paper(key=f"k{i}", slug=f"{p['cluster']}-{i:02d}", title=p["title"], abstract=p["abstract"],
                  source=Source("test.csv", i + 2)) for i, p in enumerate(CLUSTERS)]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_subtopics_load_after_their_topic_with_its_slug_as_parent(tmp_path):
    topics = load_topics(write(tmp_path, TOPICS))
    assert [(t.slug, t.parent) for t in topics] == [
        ("life-and-machines", ""), ("robot-grasping", "life-and-machines"), ("proteins", "life-and-machines"),
        ("financial-markets", "")]
    assert topics[2].description == "Protein structure." and topics[2].keywords == ("protein", "folding", "amino acid")
    assert [t.slug for t in main_topics(topics)] == ["life-and-machines", "financial-markets"]


def test_subtopic_problems_are_reported_with_their_lines(tmp_path):
    text = (
        "topics:\n"                          # 1
        "  - name: Robots\n"                 # 2
        "    subtopics:\n"                   # 3
        "      - name: Arms\n"               # 4
        "        subtopics: []\n"            # 5  no third level
        "      - name: Robots\n"             # 6  a slug of the topics' pages, taken
        "      - just text\n"                # 7
        "  - name: Proteins\n"               # 8
        "    subtopics: none\n"              # 9
    )
    with pytest.raises(InputError) as raised:
        load_topics(write(tmp_path, text))
    found = [(p.line, p.message) for p in raised.value.problems]
    assert (5, "a subtopic has no subtopics of its own (topics have two levels)") in found
    assert (6, "duplicate topic slug 'robots' (first used at line 2)") in found
    assert any(line == 7 and message.startswith("a subtopic must be a mapping") for line, message in found)
    assert any(line == 9 and "'subtopics' must be a non-empty list" in message for line, message in found)


def test_each_paper_of_a_topic_gets_its_best_subtopic_after_its_topics(tmp_path):
    topics = load_topics(write(tmp_path, TOPICS))
    assigned = assign_subtopics(assign_topics(papers(), main_topics(topics)), topics)
    for p in assigned:
        field = p.slug.split("-")[0]
        if field == "markets":
            assert [m.topic for m in p.topics] == ["financial-markets"], p.title
        else:
            tops = [m.topic for m in p.topics if m.topic in {"life-and-machines", "financial-markets"}]
            subs = [m.topic for m in p.topics if m.topic not in tops]
            assert tops[0] == "life-and-machines" and p.topics[:len(tops)] == tuple(
                m for m in p.topics if m.topic in tops)
            assert subs == [{"grasping": "robot-grasping", "proteins": "proteins"}[field]], p.title


def test_a_large_topic_without_subtopics_gets_suggested_ones(monkeypatch, tmp_path):
    monkeypatch.setattr(subtopics, "LISTING_LIMIT", 6)
    topics = load_topics(write(tmp_path, "topics:\n  - name: Everything\n    keywords: [robot, protein, stock]\n"))
    assigned = assign_topics(papers(), topics)
    completed = complete_subtopics(assigned, topics)
    assert completed[0] == topics[0] and len(completed) >= 3
    assert all(t.parent == "everything" for t in completed[1:])
    assert len({t.slug for t in completed}) == len(completed)
    final = assign_subtopics(assigned, completed)
    assert all(len(p.topics) == 2 for p in final)  # the topic, then one subtopic
    monkeypatch.setattr(subtopics, "LISTING_LIMIT", 100)
    assert complete_subtopics(assigned, topics) == topics


def test_with_a_topic_model_new_papers_change_no_earlier_subtopic(monkeypatch, tmp_path):
    """Fitted on the model's records (as the build does), suggested subtopics and earlier
    papers' subtopics stay as they were when papers are added; without a model they may move."""
    monkeypatch.setattr(subtopics, "LISTING_LIMIT", 6)
    topics = load_topics(write(tmp_path, "topics:\n  - name: Everything\n    keywords: [robot, protein, stock]\n"))
    every = papers()
    model = [replace(p, key="", slug="") for p in every[:10]]

    def subtopics_of(chosen: list[Paper]) -> tuple[tuple[Topic, ...], dict[str, tuple]]:
        assigned = assign_topics(chosen, topics, model)
        completed = complete_subtopics(assigned, topics, model)
        return completed, {p.slug: p.topics for p in assign_subtopics(assigned, completed, model)}

    earlier, before = subtopics_of(every[:-2])
    later, after = subtopics_of(every)
    assert len(earlier) >= 3 and earlier == later
    assert all(after[slug] == found for slug, found in before.items())
    assert all(len(found) == 2 for found in after.values())  # the topic, then one subtopic


def test_suggestions_for_a_large_collection_nest_subtopics_that_load_back(monkeypatch, tmp_path):
    monkeypatch.setattr(suggest, "SUBTOPICS_FROM", 5)
    monkeypatch.setattr(suggest, "SUBTOPIC_SIZE", 3)
    suggested = suggest.suggest_topics(papers(), count=1)
    assert suggested[0].parent == "" and len(suggested) >= 3
    assert all(t.parent == suggested[0].slug for t in suggested[1:])
    text = suggest.topics_yaml(suggested)
    assert "subtopics:" in text
    assert load_topics(write(tmp_path, text)) == suggested


def test_names_are_never_two_terms_joined_by_and():
    topics = suggest.suggest_topics(papers(), count=3)
    assert all(" and " not in t.name for t in topics)
    assert topic_names.name(["deep reinforcement", "reward", "reward function"], set()) == "Reward function"
    assert topic_names.name(["ai agent", "agent"], set()) == "AI agent"
    assert topic_names.name(["grasping"], {"grasping"}) == "Grasping 2"


def test_topic_pages_show_subtopics_and_a_subtopic_its_topic(monkeypatch):
    from generator import pagination
    monkeypatch.setattr(pagination, "PAGE_SIZE", 2)
    topics = (Topic("t", "Top", "About"), Topic("s", "Sub <i>", "Part", parent="t"))
    base = Paper(key="k", slug="p-1", title="A", abstract="B", source=Source("d.txt", 1), digests=("d",))
    from generator.model import TopicMatch
    listed = tuple(replace(base, key=f"k{i}", slug=f"p-{i}", title_html=texmath.to_html("A"),
                           topics=(TopicMatch("t", 0.5 - i / 10), TopicMatch("s", 0.5)))
                   for i in range(3))
    collection = render.Collection("S", Settings(), listed, topics, (Digest("d", "x", "", ()),))
    pages = dict(render.render_pages(collection, render.environment(ROOT / "site_templates"), True))
    top, sub, index = pages["topics/t.md"], pages["topics/s.md"], pages["topics/index.md"]
    assert 'href="../s/">Sub &lt;i&gt;</a> <span class="ds-count">3 papers' in top
    assert 'A subtopic of <a href="../t/">Top</a>' in sub and "Subtopics" not in sub
    assert card_count(top) == 2 and "The newest 2 papers" in top  # one page: the rest by subtopic
    assert not any(path.startswith("topics/t/") for path in pages)  # the subtopic's pages list them all
    assert card_count(sub) == 3
    assert index.count("<dt>") == 1 and 'Subtopics: <a href="../topics/s/">' in index
    # a topic that got subtopics (past 500 papers, suggested ones) lost its .bib file and the numbered
    # pages of its listing: links to them broke. The .bib stays, and each numbered address of its
    # listing sends its reader to the topic's page
    assert "s.bib" in sub and 'href="../../topics/t.bib" download>BibTeX' in top
    from types import SimpleNamespace

    from generator.aliases import parent_pages
    from generator.build import export_files
    project = SimpleNamespace(site_name="S", site_url="", settings=Settings(), directory_urls=True, language="en")
    files = export_files(project, collection, [f"papers/{p.slug}/" for p in listed])
    assert "topics/s.bib" in files and "topics/t.bib" in files and "feeds/t.xml" in files
    assert files["topics/t.bib"].count(b"@") == 3
    env = render.environment(ROOT / "site_templates")
    kept = parent_pages(topics, collection.topic_members, env, True, "https://x.org/", "en")
    assert list(kept) == ["topics/t/1/index.html"]  # pages of 2: 1 (the oldest two), then the topic's page
    assert b'content="0; url=../"' in kept["topics/t/1/index.html"]
    assert b'<link rel="canonical" href="https://x.org/topics/t/">' in kept["topics/t/1/index.html"]
    assert list(parent_pages(topics, collection.topic_members, env, False, "", "en")) == ["topics/t/1.html"]


def test_subtopics_of_each_topic_matched_on_every_core_are_those_one_loop_matches(monkeypatch, tmp_path):
    """Each topic's papers are matched to its subtopics in a worker process: the same matches."""
    from generator import parallel

    two = TOPICS + """\
    subtopics:
      - name: Volatility
        keywords: [volatility, options]
      - name: Portfolios
        keywords: [portfolio, allocation]
"""
    topics = load_topics(write(tmp_path, two))
    assert len({t.parent for t in topics if t.parent}) == 2
    assigned = assign_topics(papers(), main_topics(topics))
    monkeypatch.setattr(parallel, "worker_count", lambda items, min_items=None: 1)
    one_loop = assign_subtopics(assigned, topics)
    monkeypatch.undo()
    if parallel.worker_count(2, 2) < 2:
        pytest.skip("needs 2 cores and fork")
    assert assign_subtopics(assigned, topics) == one_loop


def test_subtopics_suggested_on_every_core_are_those_one_loop_suggests(monkeypatch, tmp_path):
    """Each large topic's papers are clustered in a worker process, then named here in order:
    the same suggested subtopics."""
    from generator import parallel

    monkeypatch.setattr(subtopics, "LISTING_LIMIT", 3)
    topics = load_topics(write(tmp_path, "topics:\n  - name: Life\n    keywords: [robot, protein]\n"
                                         "  - name: Markets\n    keywords: [stock, market, volatility]\n"))
    assigned = assign_topics(papers(), topics)
    assert len(subtopics.crowded_topics(assigned, topics)) == 2
    with monkeypatch.context() as one:
        one.setattr(parallel, "worker_count", lambda items, min_items=None: 1)
        one_loop = complete_subtopics(assigned, topics)
    if parallel.worker_count(2, 2) < 2:
        pytest.skip("needs 2 cores and fork")
    assert len(one_loop) > len(topics)
    assert complete_subtopics(assigned, topics) == one_loop


def test_a_paper_that_fits_no_subtopic_is_filed_under_other_papers(tmp_path):
    """Filed under its best subtopic, a paper that fits none made the subtopic a curator named a
    catch-all; it goes to the topic's "Other papers" subtopic instead, a page like any other."""
    import json

    from conftest import make_project
    from generator.build import build
    from generator.config import load_project

    records = [("Quadruped Robot Gaits", "A legged quadruped robot walks on rough ground."),
               ("Robot Grasping With Suction", "A robot arm learns to grasp objects with suction cups."),
               ("Robot Swarms Survey Oceans", "Many small robot boats survey the ocean surface together.")]
    folder = make_project(tmp_path / "p", {"2024-01-02-a.jsonl": "".join(
        json.dumps({"title": t, "abstract": a}) + "\n" for t, a in records)})
    (folder / "content/topics.yml").write_text(
        "topics:\n  - name: Robotics\n    description: Robots.\n    keywords: [robot]\n    subtopics:\n"
        "      - name: Legged\n        description: Walking.\n        keywords: [quadruped, legged]\n"
        "      - name: Grasping\n        description: Hands.\n        keywords: [grasp, grasping]\n", encoding="utf-8")
    build(load_project(folder))
    exported = {r["title"]: r["topic_slugs"] for r in json.loads((folder / "site/papers.json").read_text())}
    assert exported == {"Quadruped Robot Gaits": ["robotics", "legged"],
                        "Robot Grasping With Suction": ["robotics", "grasping"],
                        "Robot Swarms Survey Oceans": ["robotics", "robotics-other"]}
    other = (folder / "site/topics/robotics-other/index.html").read_text(encoding="utf-8")
    assert "Other papers" in other and "Robot Swarms Survey Oceans" in other
    # named for its topic: each topic with subtopics may have one, and the search facet, the
    # feeds and the pages' titles show a subtopic's name alone (two read "Other papers")
    assert "<title>Other papers in Robotics - " in other
    assert "<title>Trending Papers Digest: Other papers in Robotics</title>" in (
        folder / "site/feeds/robotics-other.xml").read_text(encoding="utf-8")
    meta = json.loads((folder / "site/assets/digest-site/search/meta.json").read_text(encoding="utf-8"))
    assert ["Other papers in Robotics", "robotics-other", "topics/robotics-other/"] in meta["topics"]
    assert "Other papers" in (folder / "site/topics/robotics/index.html").read_text(encoding="utf-8")


def test_papers_pinned_in_topics_yml_are_filed_under_other_papers_as_matched_ones_are(tmp_path):
    """A paper pinned to a topic with subtopics, none of which it has, is in the topic's "Other
    papers" (it was in no subtopic: the subtopics' counts did not add up to the topic's); an "Other
    papers" subtopic whose every paper was pinned elsewhere is not made (it was, with 0 papers)."""
    import json

    from conftest import make_project
    from generator.build import build
    from generator.config import load_project

    records = [("Quadruped Robot Gaits", "A legged quadruped robot walks on rough ground."),
               ("Robot Grasping With Suction", "A robot arm learns to grasp objects with suction cups."),
               ("Robot Swarms Survey Oceans", "Many small robot boats survey the ocean surface together."),
               ("Coral Reef Census", "Divers count the fish of a coral reef every year.")]
    folder = make_project(tmp_path / "p", {"2024-01-02-a.jsonl": "".join(
        json.dumps({"title": t, "abstract": a}) + "\n" for t, a in records)})
    topics = ("topics:\n  - name: Robotics\n    description: Robots.\n    keywords: [robot]\n{pins}    subtopics:\n"
              "      - name: Legged\n        description: Walking.\n        keywords: [quadruped, legged]\n"
              "        papers: [Robot Swarms Survey Oceans]\n"
              "      - name: Grasping\n        description: Hands.\n        keywords: [grasp, grasping]\n"
              "  - name: Reefs\n    description: Coral reefs.\n    keywords: [reef, coral]\n")

    def built(pins: str) -> dict:
        (folder / "content/topics.yml").write_text(topics.format(pins=pins), encoding="utf-8")
        build(load_project(folder))
        return {r["title"]: r["topic_slugs"] for r in json.loads((folder / "site/papers.json").read_text())}

    exported = built("    papers: [Coral Reef Census]\n")
    assert exported["Coral Reef Census"] == ["robotics", "robotics-other"]
    assert exported["Robot Swarms Survey Oceans"] == ["robotics", "legged"]
    assert "Coral Reef Census" in (folder / "site/topics/robotics-other/index.html").read_text(encoding="utf-8")
    exported = built("")
    assert not any("robotics-other" in slugs for slugs in exported.values())
    assert not (folder / "site/topics/robotics-other").exists()
    assert "Other papers" not in (folder / "site/topics/robotics/index.html").read_text(encoding="utf-8")
