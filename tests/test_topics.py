"""Topics: loading and validating topics.yml, and assigning 1 to 3 topics per paper."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from generator.errors import InputError
from generator.model import Paper, Source, Topic
from generator.topics import assign_topics, load_topics

ROOT = Path(__file__).resolve().parent.parent
CLUSTERS = yaml.safe_load((ROOT / "tests/fixtures/quality/clusters.yml").read_text(encoding="utf-8"))
TOPIC_OF = {"grasping": "robot-grasping", "proteins": "proteins", "markets": "financial-markets"}


def paper(title: str, abstract: str = "", slug: str | None = None, **fields) -> Paper:
    slug = slug or title.lower().replace(" ", "-")
    return Paper(key=slug, slug=slug, title=title, abstract=abstract, source=Source("test.txt", 1), **fields)


def cluster_papers() -> list[Paper]:
    return [paper(p["title"], p["abstract"], slug=f"{p['cluster']}-{i}")
            for i, p in enumerate(CLUSTERS["papers"])]


@pytest.fixture
def topics(tmp_path) -> tuple[Topic, ...]:
    path = tmp_path / "topics.yml"
    path.write_text(CLUSTERS["topics"], encoding="utf-8")
    return load_topics(path)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.yml"
    path.write_text(text, encoding="utf-8")
    return path


# --- loading ---------------------------------------------------------------------------

def test_load_topics_reads_names_slugs_descriptions_keywords(topics):
    assert [t.slug for t in topics] == ["robot-grasping", "proteins", "financial-markets"]
    assert topics[0] == Topic("robot-grasping", "Robot grasping",
                              "Robots that pick up and hold objects with grippers and hands.",
                              ("grasping", "gripper", "robot arm", "tactile", "pick-and-place"))


def test_slug_is_made_from_the_name_with_python_slugify(tmp_path):
    topics = load_topics(write(tmp_path, "topics:\n  - name: LLM-driven Social Simulation & Games\n"))
    assert topics[0].slug == "llm-driven-social-simulation-games"
    assert topics[0].keywords == () and topics[0].description == ""


def test_every_problem_is_reported_at_once_with_its_line(tmp_path):
    text = (
        "topics:\n"                                  # 1
        "  - description: no name here\n"            # 2
        "  - name: Robots\n"                          # 3
        "    keywords: robots, arms\n"                # 4
        "  - name: Robots\n"                          # 5
        "  - name: Proteins\n"                        # 6
        "    keywords: [protein, 42, '']\n"           # 7
        "    colour: blue\n"                          # 8
        "  - name: Markets\n"                         # 9
        "    slug: Not A Slug\n"                      # 10
    )
    with pytest.raises(InputError) as raised:
        load_topics(write(tmp_path, text))
    found = [(p.line, p.message) for p in raised.value.problems]
    path = str(tmp_path / "topics.yml")
    assert all(p.path == path and p.level == "error" for p in raised.value.problems)
    assert (2, "topic has no 'name'") in found
    assert (4, "'keywords' must be a list of strings") in found
    assert (5, "duplicate topic slug 'robots' (first used at line 3)") in found
    assert (7, "each keyword must be a non-empty string") in found
    assert sum(line == 7 for line, _ in found) == 2  # both 42 and ''
    assert any(line == 8 and "unknown key 'colour'" in message for line, message in found)
    assert (10, "'slug' must be lowercase letters, digits and hyphens") in found


def test_a_word_yaml_reads_as_a_boolean_or_number_is_named_with_how_to_quote_it(tmp_path):
    text = (
        "topics:\n"                                      # 1
        "  - name: Video\n"                               # 2
        "    keywords: [360-degree video, 360, yes]\n"     # 3
        "  - name: 2048\n"                                # 4
        "  - name: Year\n"                                # 5
        "    slug: 2024\n"                                # 6
    )
    with pytest.raises(InputError) as raised:
        load_topics(write(tmp_path, text))
    found = [(p.line, p.message) for p in raised.value.problems]
    assert (3, "each keyword must be a non-empty string: '360' is a YAML number, "
               "put it in quotes (\"360\") to mean the text") in found
    assert (3, "each keyword must be a non-empty string: 'yes' is a YAML boolean, "
               "put it in quotes (\"yes\") to mean the text") in found
    assert (4, "'name' must be text: '2048' is a YAML number, put it in quotes (\"2048\") to mean the text") in found
    assert any(line == 6 and "'2024' is a YAML number" in message for line, message in found)
    quoted = load_topics(write(tmp_path, 'topics:\n  - name: "2048"\n    keywords: ["360", "yes"]\n'))
    assert quoted[0].keywords == ("360", "yes") and quoted[0].name == "2048"


def test_invalid_yaml_names_the_line(tmp_path):
    with pytest.raises(InputError) as raised:
        load_topics(write(tmp_path, "topics:\n  - name: A\n    keywords: [a, b\n  - name: B\n"))
    (problem,) = raised.value.problems
    assert problem.line >= 3 and "not valid YAML" in problem.message


@pytest.mark.parametrize("text", ["", "just text\n", "topics: []\n", "topics: {a: 1}\n", "- name: A\n"])
def test_a_file_without_a_topic_list_is_an_error(tmp_path, text):
    with pytest.raises(InputError) as raised:
        load_topics(write(tmp_path, text))
    assert raised.value.problems[0].line >= 1


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read file: No such file"):
        load_topics(tmp_path / "nope.yml")


def test_duplicate_keywords_are_kept_once(tmp_path):
    topics = load_topics(write(tmp_path, "topics:\n  - name: A\n    keywords: [Robot arm, robot  arm, gripper]\n"))
    assert topics[0].keywords == ("Robot arm", "gripper")


# --- assignment ------------------------------------------------------------------------

def test_each_paper_gets_its_clusters_topic_first(topics):
    for p in assign_topics(cluster_papers(), topics):
        assert p.topics[0].topic == TOPIC_OF[p.slug.split("-")[0]], p.title


def test_one_to_three_topics_with_rounded_scores_and_matched_terms(topics):
    for p in assign_topics(cluster_papers(), topics):
        assert 1 <= len(p.topics) <= 3
        assert len({m.topic for m in p.topics}) == len(p.topics)
        assert [m.score for m in p.topics] == sorted((m.score for m in p.topics), reverse=True)
        for match in p.topics:
            assert match.score == round(match.score, 3) and match.terms


def test_matched_terms_are_the_topic_keywords_found_in_the_paper(topics):
    grasp = next(p for p in assign_topics(cluster_papers(), topics) if p.title.startswith("Teleoperation"))
    assert set(grasp.topics[0].terms) <= {"grasping", "gripper", "robot arm"}
    assert "grasping" in grasp.topics[0].terms


def test_assignment_is_deterministic_and_independent_of_input_order(topics):
    papers = cluster_papers()
    first = {p.slug: p.topics for p in assign_topics(papers, topics)}
    shuffled = papers[:]
    random.Random(7).shuffle(shuffled)
    assert {p.slug: p.topics for p in assign_topics(shuffled, topics)} == first
    assert {p.slug: p.topics for p in assign_topics(papers, topics)} == first


def test_papers_scored_without_the_models_rows_get_the_matches_of_a_scoring_of_them_all(topics):
    """Given a model, the model's rows weigh the topics; unless asked for (``model_rows``), they
    are not scored themselves: a new digest's 50 papers were scored beside 6,800 records (0.05 s
    of every build at 10,000 papers). Each paper's matches are those of the scoring of every row."""
    from dataclasses import replace

    from generator.topics import assign_with_model

    every = cluster_papers()
    model = [replace(p, key="", slug="") for p in every[::2]]
    for chosen in (every[:3], every[-1:], every):
        found, rows = assign_with_model(chosen, topics, model, model_rows=True)
        assert len(rows) == len(model) and assign_with_model(chosen, topics, model) == (found, [])
        assert found == assign_with_model(chosen, topics, model, everyone=every)[0]


def test_the_title_weighs_more_than_the_abstract(topics):
    mixed = paper("Volatility of Stock Markets",
                  "We study how protein folding research funding relates to stock market volatility.")
    result = assign_topics(cluster_papers() + [mixed], topics)[-1]
    assert result.topics[0].topic == "financial-markets"


def test_a_bare_word_of_a_phrase_does_not_make_a_topic(tmp_path):
    topics = load_topics(write(tmp_path, (
        "topics:\n"
        "  - name: LLM agents\n    keywords: [LLM agents, language model agents, tool use]\n"
        "  - name: Reinforcement learning\n    keywords: [reinforcement learning, policy gradient, reward]\n")))
    rl_agent = paper("A Policy Gradient Agent for Atari",
                     "The agent learns a policy gradient from reward; each agent explores the game.")
    llm = paper("Tool Use for LLM Agents", "LLM agents call tools; tool use lets language model agents act.")
    results = {p.slug: [m.topic for m in p.topics] for p in assign_topics([rl_agent, llm], topics)}
    assert results[rl_agent.slug] == ["reinforcement-learning"]
    assert results[llm.slug][0] == "llm-agents"


def test_every_paper_gets_a_topic_even_without_matching_words(topics):
    odd = [paper("Untitled"), paper("On Medieval Poetry", "Sonnets and ballads of the fourteenth century.")]
    for p in assign_topics(cluster_papers() + odd, topics):
        assert 1 <= len(p.topics) <= 3


def test_a_collection_without_any_content_word_still_gets_topics(topics):
    blank = [paper("", slug="a"), paper("The and of", slug="b")]
    assert [[m.topic for m in p.topics] for p in assign_topics(blank, topics)] == [["financial-markets"]] * 2


def test_plain_text_fields_are_used_when_present(topics):
    tex = paper(r"$\mathcal{P}$rotein F\"olding", "", title_text="Protein Folding",
                abstract_text="Amino acid sequences fold into a protein structure.")
    assert assign_topics(cluster_papers() + [tex], topics)[-1].topics[0].topic == "proteins"


def test_no_topics_or_no_papers_leave_papers_unchanged(topics):
    papers = cluster_papers()
    assert assign_topics(papers, ()) == papers
    assert assign_topics([], topics) == []


# --- the seed with the curated taxonomy ------------------------------------------------

def seed_papers() -> list[Paper]:
    from generator.collect import collect
    from generator.enrich import enrich
    from generator.readers import read_digest

    digest, _ = read_digest(ROOT / "tests/data/seed-digest.txt")
    papers, _ = collect([digest])
    return [enrich(p) for p in papers]


def test_seed_taxonomy_gives_every_paper_one_to_three_topics_and_no_topic_is_a_catch_all():
    topics = load_topics(ROOT / "content/topics.yml")
    papers = assign_topics(seed_papers(), topics)
    assert len(papers) == 205 and 12 <= len(topics) <= 25
    assert all(1 <= len(p.topics) <= 3 for p in papers)
    sizes = {t.slug: sum(any(m.topic == t.slug for m in p.topics) for p in papers) for t in topics}
    assert min(sizes.values()) >= 3, sizes
    assert max(sizes.values()) <= 0.25 * len(papers), sizes


@pytest.mark.slow
def test_the_models_records_read_off_the_papers_fit_have_the_topics_a_fit_of_their_own_gives(tmp_path):
    """The subtopic steps need the topic model's records with their topics. They are read off the
    rows the papers' fit is made on, instead of a second fit over the records: the same matches,
    scores and terms, on real data (the seed and a real arXiv day, categories included)."""
    from conftest import DATA, make_project
    from generator import build
    from generator.cache import enrich_all
    from generator.collect import collect
    from generator.config import load_project
    from generator.subtopics import named_records
    from generator.topics import assign_with_model, main_topics, model_records

    folder = make_project(tmp_path / "p", {"2023-09-21-arxiv.csv": (DATA / "arxiv-2023-09-21.csv").read_bytes(),
                                           "2026-11-24-trending.txt": (DATA / "seed-digest.txt").read_bytes()})
    project = load_project(folder)
    report = build.BuildReport()
    digests = build.select_papers(project, build.read_digests(project.digests_dir, report, False,
                                                              project.settings.field_map), report)
    papers = enrich_all(collect(digests)[0], None)
    model = model_records(digests)
    main = main_topics(build.choose_topics(project, papers, model, report, None))
    assert len(model) > 1000 and any(p.categories for p in model)
    assert model_records(digests, papers) == model  # the records' plain texts read off the enriched papers
    assert sum(p.abstract_text != p.abstract for p in model) > 50  # (TeX made text: not the same strings)
    found, rows = assign_with_model(papers, main, model, model_rows=True)
    assert found == assign_topics(papers, main, model)
    alone = assign_topics(named_records(model), main, model)
    assert [r.topics for r in rows] == [p.topics for p in alone]
    assert len({r.topics for r in rows}) > 20


@pytest.mark.parametrize("line, suggested", [("", False), ("suggested: true\n", True), ("suggested: false\n", False)])
def test_a_topics_file_may_say_its_topics_are_suggested(tmp_path, line, suggested):
    from generator.topics import load_topics_file
    path = tmp_path / "topics.yml"
    path.write_text(f"{line}topics:\n  - name: Robots\n    keywords: [robot]\n")
    assert load_topics_file(path)[1] is suggested
    path.write_text("suggested: maybe\ntopics:\n  - name: Robots\n    keywords: [robot]\n")
    with pytest.raises(InputError) as error:
        load_topics_file(path)
    assert [str(p) for p in error.value.problems] == [f"{path}:1: error: 'suggested' must be true or false"]


def test_a_topic_slug_index_and_half_an_emoji_are_errors(tmp_path):
    # "index" took the topics page's place; a lone surrogate crashed the build
    from generator.errors import InputError
    from generator.topics import load_topics_file

    path = tmp_path / "topics.yml"
    path.write_text('topics:\n  - name: Index\n    keywords: [x]\n  - name: "Bot \\ud83e"\n    keywords: [robot]\n')
    with pytest.raises(InputError) as caught:
        load_topics_file(path)
    assert [(p.line, "index" in p.message) for p in caught.value.problems] == [(2, True), (4, False)]
    assert "'name': the text holds half of a character" in caught.value.problems[1].message
    assert "U+D83E" in caught.value.problems[1].message


def test_an_empty_slug_is_said_to_be_empty(tmp_path):
    # `slug: ""` was "the name gives no slug", though the name "Eps" gives one
    with pytest.raises(InputError) as caught:
        load_topics(write(tmp_path, 'topics:\n  - name: Eps\n    slug: ""\n    keywords: [x]\n  - name: "!!"\n    keywords: [y]\n'))
    assert [(p.line, p.message.split(":")[0]) for p in caught.value.problems] == [
        (3, "'slug' is empty"), (5, "the name gives no slug")]


def test_a_topic_s_aliases_are_earlier_slugs_no_topic_has_now(tmp_path):
    from generator.errors import InputError
    from generator.topics import load_topics_file

    path = tmp_path / "topics.yml"
    path.write_text("topics:\n  - name: Robotic manipulation\n    aliases: [robot-manipulation, manipulation]\n"
                    "    subtopics:\n      - name: Grasping\n        aliases: old-grasping\n")
    topics, _ = load_topics_file(path)
    assert [t.aliases for t in topics] == [(("robot-manipulation", 3), ("manipulation", 3)), (("old-grasping", 6),)]
    path.write_text("topics:\n  - name: Robots\n    aliases: [Old Robots, 2024, index]\n"
                    "  - name: Agents\n    aliases:\n      - robots\n      - bots\n      - bots\n")
    with pytest.raises(InputError) as caught:
        load_topics_file(path)
    assert [(p.line, p.message.split(":")[0]) for p in caught.value.problems] == [
        (3, "each of 'aliases' must be an earlier slug of the topic"),  # Old Robots
        (3, "each of 'aliases' must be an earlier slug of the topic"),  # 2024, a YAML number: quote it
        (3, "the alias 'index' cannot be a topic page's slug"),
        (6, "the alias 'robots' is the slug of the topic at line 2"), (8, "the alias 'bots' is given twice (first at line 7)")]
    assert "put it in quotes" in caught.value.problems[1].message
    assert "lowercase letters, digits and hyphens ('Old Robots' is not)" in caught.value.problems[0].message  # (named)
    path.write_text('topics:\n  - name: Robots\n    aliases: [""]\n')  # (it made pages topics/1/, topics/2/, …)
    with pytest.raises(InputError) as caught:
        load_topics_file(path)
    assert [(p.line, p.message.split(":")[0]) for p in caught.value.problems] == [
        (3, "each of 'aliases' must be an earlier slug of the topic")]


def test_an_alias_whose_address_a_suggested_subtopic_took_or_whose_topic_has_no_page_makes_no_page():
    from generator.aliases import Alias, aliases

    robots = Topic("robots", "Robots", "", aliases=(("old-robots", 3), ("robots-other", 4)))
    empty = Topic("empty", "Empty", "", aliases=(("vacant", 9),))
    other = Topic("robots-other", "Other papers in Robots", "", parent="robots")  # made at build time
    found, problems = aliases([robots, empty], [robots, other], "topics.yml")
    assert found == [Alias("old-robots", robots)]
    assert [(p.line, p.level) for p in problems] == [(4, "warning"), (9, "warning")]
    assert "topics/robots-other/ is the page of 'Other papers in Robots'" in problems[0].message
    assert "'Empty' has no page" in problems[1].message


def test_a_curator_files_a_paper_under_a_topic_by_id_or_title(tmp_path):
    """topics.yml's `papers:` moves a paper whatever it matches: by an id in any form or its
    title; a subtopic brings its topic; a name that is no paper's is a warning at its line."""
    import json

    from conftest import make_project
    from generator.build import build
    from generator.config import load_project

    robots = "Legged robots walk on rough ground with learned gaits. Quadruped control works outdoors."
    records = [{"title": "Quadruped Walking Policies", "abstract": robots, "id": "2401.00001"},
               {"title": "Humanoid Balance Control", "abstract": robots.replace("Quadruped", "Humanoid")},
               {"title": "Language Models Write Poems", "abstract": "Large language models write poems and stories."}]
    folder = make_project(tmp_path / "p", {"2024-01-02-a.jsonl": "".join(json.dumps(r) + "\n" for r in records)})
    (folder / "content/topics.yml").write_text(
        "topics:\n"
        "  - name: Robotics\n    description: Robots.\n    keywords: [legged robot, quadruped, humanoid]\n"
        "  - name: Language models\n    description: LLMs.\n    keywords: [language model]\n"
        "    papers:\n      - https://arxiv.org/abs/2401.00001v2\n      - 2401.99999\n"
        "    subtopics:\n      - name: Writing\n        description: Text.\n        keywords: [poem]\n"
        "        papers: [humanoid balance CONTROL]\n", encoding="utf-8")
    report = build(load_project(folder))
    exported = {r["title"]: r["topic_slugs"] for r in json.loads((folder / "site/papers.json").read_text())}
    assert exported["Quadruped Walking Policies"] == ["language-models", "language-models-other"]  # fits no subtopic
    assert exported["Humanoid Balance Control"] == ["language-models", "writing"]
    assert exported["Language Models Write Poems"][0] == "language-models"
    warned = [(p.line, p.level, p.message) for p in report.problems if p.path.endswith("topics.yml")]
    assert warned == [(10, "warning", "no paper of the collection has the id, title or slug '2401.99999' "
                                     "(listed under 'language-models')")]
    robotics = (folder / "site/topics/robotics/index.html").read_text(encoding="utf-8")
    assert "Quadruped Walking Policies" not in robotics and "Humanoid Balance Control" not in robotics


def test_tex_accents_and_british_spellings_match_a_topic_as_written_otherwise():
    # arXiv writes Schr\"odinger: its words were "schr" and "odinger" ("odinger equation" was a
    # suggested keyword), and a topic keyword "Schrödinger equation" missed the paper
    from generator.enrich import enrich
    from generator.vectors import fold_texts, paper_text

    rows = [('Solving the Schr\\"odinger equation', 'We solve the nonlinear Schr\\"{o}dinger equation numerically.'),
            ("Schrödinger equation in 3D", "The Schrödinger equation in three dimensions."),
            ("Optimisation of robot behaviour", "We optimise how robots behave."),
            ("Graph neural networks", "We study message passing graph networks.")]
    papers = [enrich(Paper(key=str(i), slug=f"s{i}", title=t, abstract=a, source=Source("d.txt", 1)))
              for i, (t, a) in enumerate(rows)]
    topics = (Topic("q", "Quantum", "Quantum physics.", ("Schrödinger equation",)),
              Topic("r", "Robots", "Robots.", ("robot behavior", "optimization")),
              Topic("g", "Graphs", "Graphs.", ("graph neural network",)))
    fold_texts([t for p in papers for t in paper_text(p)] + [w for t in topics for w in (t.name, t.description, *t.keywords)])
    found = [[(m.topic, m.terms) for m in p.topics] for p in assign_topics(papers, topics, None)]
    assert found[0] == found[1][:1] == [("q", ("Schrödinger equation",))]
    assert found[2][0][0] == "r" and "robot behavior" in found[2][0][1]  # "behaviour" matches "behavior"


def test_topics_file_problems_name_it_as_digests_are_named_and_a_third_level_says_so(tmp_path, monkeypatch, capsys):
    from generator.cli import main

    folder = tmp_path / "c"
    (folder / "content/digests").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("site_name: C\ndocs_dir: build/docs\n")
    (folder / "content/digests/2024-01-01-a.txt").write_text("A title\nAn abstract of the paper.\n")
    (folder / "content/topics.yml").write_text(
        "topics:\n  - name: A\n    subtopics:\n      - name: B\n        subtopics:\n          - name: C\n")
    monkeypatch.chdir(folder)
    assert main(["check"]) == 1
    said = capsys.readouterr().err
    assert "content/topics.yml:5: error: a subtopic has no subtopics of its own (topics have two levels)" in said
    assert str(folder) not in said  # named from where the command runs, as digests are


def test_invalid_yaml_names_the_line_of_an_unclosed_list(tmp_path):
    with pytest.raises(InputError) as raised:
        load_topics(write(tmp_path, "topics:\n  - name: A\n    keywords: [a, b\n  - name: B\n    keywords: [c]\n"))
    (problem,) = raised.value.problems
    assert problem.line == 4 and problem.message == (
        "not valid YAML: expected ',' or ']', but got ':' (in the […] list that opens at line 3: is its end missing?)")


def test_an_alias_keeps_every_numbered_page_of_its_topic_s_listing(tmp_path):
    """A renamed topic's listing pages (topics/OLD/2/, …) were linked too: each numbered page of
    the topic gets one at the alias's address, sending its reader to the same page of the topic
    (numbered pages always hold the same papers), and no other."""
    import json
    import re
    from urllib.parse import urljoin

    from conftest import make_project
    from generator.build import build
    from generator.config import load_project

    records = [{"title": f"Legged Robot Walking Study {i}", "id": f"2401.{i:05d}",
                "abstract": f"Legged robots walk on rough ground; study {i} tunes quadruped gaits outdoors."}
               for i in range(1, 124)]
    folder = make_project(tmp_path / "p", {"2024-01-02-a.jsonl": "".join(json.dumps(r) + "\n" for r in records)})
    (folder / "content/topics.yml").write_text(
        "topics:\n  - name: Legged robots\n    description: Robots that walk.\n    keywords: [legged robot, quadruped]\n"
        "    aliases: [walking-robots]\n", encoding="utf-8")
    build(load_project(folder))
    site = folder / "site/topics"
    numbered = sorted(int(p.name) for p in (site / "legged-robots").iterdir() if p.name.isdigit())
    assert numbered == [1, 2]  # 123 papers: two full pages of 50, the newest 23 on the topic's landing page
    assert sorted(p.name for p in (site / "walking-robots").iterdir()) == ["1", "2", "index.html"]
    for n in numbered:
        page = (site / "walking-robots" / str(n) / "index.html").read_text(encoding="utf-8")
        (target,) = re.findall(r'content="0; url=([^"]+)"', page)
        assert urljoin(f"https://x.org/topics/walking-robots/{n}/", target) == f"https://x.org/topics/legged-robots/{n}/"
        assert '<meta name="robots" content="noindex">' in page
    landing = (site / "walking-robots/index.html").read_text(encoding="utf-8")
    assert re.findall(r'content="0; url=([^"]+)"', landing) == ["../legged-robots/"]
