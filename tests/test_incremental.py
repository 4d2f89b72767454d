"""Incremental builds: the build cache gives the same bytes as a full build from scratch.

A collection grows digest by digest; after each change (a new digest, an edited topics.yml,
an edited template, a damaged cache) the incremental build's site is compared file by file
with a full build (``full=True``) of a copy of the project made without any cache.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tarfile
from pathlib import Path

import pytest

from conftest import DATA, make_project, search_build
from generator.build import build
from generator.cache import FOLDER, BuildCache
from generator.config import load_project
from generator.readers import read_digest
from generator.stylesheet import STYLESHEET
from test_determinism import assert_same_tree
from test_workflows import cached_paths


def seed_entries() -> list:
    digest, _ = read_digest(DATA / "seed-digest.txt")
    return list(digest.entries)


def jsonl(entries, ids: dict[int, str] | None = None) -> str:
    ids = ids or {}
    return "".join(json.dumps({"title": e.title, "abstract": e.abstract, **({"id": ids[i]} if i in ids else {})}) + "\n"
                   for i, e in enumerate(entries))


def full_build(folder: Path, tmp: Path, skip_invalid: bool = False) -> Path:
    """A full build of a copy of ``folder`` without its cache, docs or site: the reference."""
    copy = tmp / "reference"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(".digest-site", "build", "site"))
    build(load_project(copy), skip_invalid=skip_invalid, full=True)
    return copy / "site"


def reused(caplog) -> int:
    found = [r.args for r in caplog.records if r.getMessage().startswith("MkDocs: ") and "reused" in r.getMessage()]
    return found[-1][0] if found else -1


def assert_html_kept_is_what_pages_json_lists(cache: Path) -> None:
    body = BuildCache(cache).load("pages")
    listed = {entry[1][0] for entry in body["pages"].values()}
    assert {p.name for p in (cache / "html").rglob("*") if p.is_file()} == listed


@pytest.fixture
def growing(tmp_path):
    entries = seed_entries()
    return make_project(tmp_path / "project", {"2026-11-01-first.jsonl": jsonl(entries[:30])}), entries


@pytest.mark.slow
def test_a_cache_made_by_another_python_release_is_ignored(growing, tmp_path, caplog, monkeypatch, request):
    """The workflow's cache key names the OS and constraints.txt, not the Python: a workflow moved
    from 3.11 to 3.13 restores 3.11's cache, whose records are marshal's bytes of 3.11. Every
    records file names the Python that wrote it (the code fingerprint), and another's is ignored:
    nothing is reused, and the site is a full build's."""
    import sys

    import generator.cache

    folder, entries = growing
    build(load_project(folder))
    monkeypatch.setattr(sys, "version", "3.99.0 (another release)")
    generator.cache.code_fingerprint.cache_clear()
    request.addfinalizer(generator.cache.code_fingerprint.cache_clear)  # (before sys.version is restored)
    (folder / "content/digests/2026-11-02-second.jsonl").write_text(jsonl(entries[25:50]))
    caplog.set_level(logging.INFO, logger="digest_site")
    build(load_project(folder))
    assert reused(caplog) == 0 and "enrich: 0 of" in caplog.text and "read: 0 of" in caplog.text
    assert_same_tree(folder / "site", full_build(folder, tmp_path))


@pytest.mark.slow
def test_incremental_builds_are_byte_identical_to_full_builds(growing, tmp_path, caplog):
    folder, entries = growing
    caplog.set_level(logging.INFO, logger="digest_site")
    build(load_project(folder))
    assert (folder / FOLDER / "pages.json").is_file()

    # a new digest, overlapping the first
    (folder / "content/digests/2026-11-02-second.jsonl").write_text(jsonl(entries[25:50]))
    caplog.clear()
    build(load_project(folder))
    assert reused(caplog) > 0, "nothing was reused"
    assert_same_tree(folder / "site", full_build(folder, tmp_path))
    assert_html_kept_is_what_pages_json_lists(folder / FOLDER)

    # a digest sharing no paper with the others: the last one's page (its papers unchanged) links to it
    (folder / "content/digests/2026-11-03-third.jsonl").write_text(jsonl(entries[50:55]))
    build(load_project(folder))
    assert "2026-11-03-third/" in (folder / "site/digests/2026-11-02-second/index.html").read_text(encoding="utf-8")
    assert_same_tree(folder / "site", full_build(folder, tmp_path))

    # topics.yml edited: a topic gone
    topics = folder / "content/topics.yml"
    text = topics.read_text()
    start = text.index("  - name:", text.index("  - name:") + 1)
    end = text.index("  - name:", start + 1)
    topics.write_text(text[:start] + text[end:])
    build(load_project(folder))
    assert_same_tree(folder / "site", full_build(folder, tmp_path))
    assert_html_kept_is_what_pages_json_lists(folder / FOLDER)  # the pages that changed: their old HTML removed

    # topics.yml: a curator files a paper under the first topic (`papers:`, the matches kept in the cache)
    text = topics.read_text()
    first = text.index("\n", text.index("  - name:")) + 1
    topics.write_text(text[:first] + f"    papers: [{json.dumps(entries[30].title)}]\n" + text[first:])
    build(load_project(folder))
    assert_same_tree(folder / "site", full_build(folder, tmp_path))

    # collection.yml: the theme's colours (set on MkDocs' configuration, not in mkdocs.yml)
    settings = folder / "content/collection.yml"
    palette = folder / "site" / STYLESHEET
    before = palette.read_bytes()
    settings.write_text(settings.read_text() + "\ncolours:\n  primary: red\n")
    build(load_project(folder))
    assert palette.read_bytes() != before  # every page's stylesheet, with the colours
    assert_same_tree(folder / "site", full_build(folder, tmp_path))

    # a page template and the theme edited
    paper = folder / "site_templates/pages/paper.md.j2"
    assert ">Abstract</h2>" in paper.read_text()
    paper.write_text(paper.read_text().replace(">Abstract</h2>", ">Summary of the paper</h2>"))
    theme = folder / "site_templates/theme/ds-base.html"
    assert "{%- block footer %}" in theme.read_text()
    theme.write_text(theme.read_text().replace("{%- block footer %}", "{%- block footer %}<p>edited</p>"))
    caplog.clear()
    build(load_project(folder))
    assert reused(caplog) == 0
    site = (folder / "site/papers").rglob("index.html")
    page = next(site).read_text()
    assert "Summary of the paper" in page and "<p>edited</p>" in page
    assert_same_tree(folder / "site", full_build(folder, tmp_path))


def rendered_reused(caplog) -> int:
    found = [r.args for r in caplog.records if r.getMessage().startswith("render: ") and "reused" in r.getMessage()]
    return found[-1][0] if found else -1


@pytest.mark.slow
def test_a_ci_run_that_restores_the_workflows_cached_folders_reuses_pages_and_matches_a_full_build(growing, tmp_path,
                                                                                                     caplog):
    # As the workflow runs on a fresh runner: the repository checked out, then the folders of its
    # actions/cache step restored from one archive (hard links kept, inodes new), then a build.
    folder, entries = growing
    build(load_project(folder))
    archive = tmp_path / "cache.tar"
    with tarfile.open(archive, "w") as tar:
        for rel in cached_paths("build"):
            tar.add(folder / rel, arcname=rel)
    for rel in (".digest-site", "build", "site"):  # a fresh runner, its checkout at the same path
        shutil.rmtree(folder / rel)
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="tar")
    assert (folder / "site/index.html").stat().st_nlink == 1
    assert max(p.stat().st_nlink for p in (folder / "site/papers").rglob("index.html")) == 2  # linked to the cache

    (folder / "content/digests/2026-11-02-second.jsonl").write_text(jsonl(entries[25:50]))
    caplog.set_level(logging.INFO, logger="digest_site")
    caplog.clear()
    build(load_project(folder))
    assert rendered_reused(caplog) > 0, "no Markdown page was reused"
    assert reused(caplog) > 0, "no HTML page was reused"
    assert_same_tree(folder / "site", full_build(folder, tmp_path))


@pytest.mark.slow
def test_a_damaged_cache_is_ignored(growing, tmp_path, caplog):
    folder, entries = growing
    build(load_project(folder))
    cache = folder / FOLDER
    blobs = sorted((cache / "html").rglob("*"))
    blobs = [b for b in blobs if b.is_file()]
    damaged = blobs[0]
    data = damaged.read_bytes()
    damaged.unlink()  # a hard link to the site's page: write a new file, as a bad restore would
    damaged.write_bytes(data.replace(b"<h1", b"<h1 class=wrong", 1) if b"<h1" in data else b"junk" + data)
    enrich = cache / "enrich.json"
    enrich.write_bytes(enrich.read_bytes().replace(b'"summary', b'"wrong', 1)[:-10] + b"damaged!!!")
    (folder / "content/digests/2026-11-02-second.jsonl").write_text(jsonl(entries[25:40]))
    build(load_project(folder))
    assert_same_tree(folder / "site", full_build(folder, tmp_path))

    (cache / "pages.json").write_text("not json")
    build(load_project(folder))
    assert_same_tree(folder / "site", full_build(folder, tmp_path))


@pytest.mark.slow
def test_full_ignores_the_cache(growing, caplog):
    folder, _ = growing
    build(load_project(folder))
    caplog.set_level(logging.INFO, logger="digest_site")
    caplog.clear()
    build(load_project(folder), full=True)
    assert reused(caplog) == 0
    caplog.clear()
    (folder / "site/index.html").unlink()  # so that the build runs (with nothing changed it does nothing)
    build(load_project(folder))
    assert reused(caplog) > 0


def site_text(site: Path) -> str:
    """Every file of the site as text, gzipped ones unzipped (papers.json's parts, .bib.gz, search)."""
    import gzip

    return "\n".join((gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()).decode("utf-8", "replace")
                     for p in sorted(site.rglob("*")) if p.is_file())


@pytest.mark.slow
def test_a_paper_taken_down_by_collection_yml_leaves_every_file_of_the_site(growing, tmp_path, caplog):
    """``exclude: {papers: [...]}`` (README, "Taking a paper down"): the paper, listed by two digests,
    leaves its page, the listings, feeds, search, BibTeX files, papers.json, the sitemap and the
    other papers' related lists, and the rebuild is the full build's site byte for byte."""
    folder, entries = growing
    (folder / "content/digests/2026-11-02-second.jsonl").write_text(jsonl(entries[25:50]))
    build(load_project(folder))
    papers = json.loads((folder / "site/papers.json").read_text())
    gone = next(p for p in papers if p["related"] and len(p["digests"]) == 2)
    assert gone["slug"] in site_text(folder / "site") and (folder / "site/papers" / gone["slug"]).is_dir()
    with open(folder / "content/collection.yml", "a") as settings:
        settings.write(f"exclude:\n  papers:\n    - {json.dumps(gone['title'])}\n    - 2401.99999\n")
    caplog.set_level(logging.INFO, logger="digest_site")
    report = build(load_project(folder))
    text = site_text(folder / "site")
    assert gone["slug"] not in text and gone["title"] not in text
    assert len(json.loads((folder / "site/papers.json").read_text())) == len(papers) - 1
    assert [(p.line, p.level) for p in report.problems if "collection.yml" in p.path] == [(7, "note")]  # 2401.99999
    assert any(f"papers/{gone['slug']}/" in p.message and p.level == "note" for p in report.problems)
    assert_same_tree(folder / "site", full_build(folder, tmp_path))


@pytest.mark.slow
def test_a_renamed_and_a_merged_topic_keep_their_addresses_through_aliases(growing, tmp_path, caplog):
    """topics.yml's ``aliases`` (README, "Renaming, merging, splitting and removing topics"): the
    old addresses of a renamed topic and of one merged into another get a page that sends readers
    on (noindex, canonical, no sitemap entry) and the topic's feed; the rebuild is the full
    build's site byte for byte, and no page is noted gone until an alias is dropped."""
    folder, _ = growing
    build(load_project(folder))
    topics = folder / "content/topics.yml"
    original = topics.read_text()
    before = {p.name for p in (folder / "site/topics").iterdir() if p.is_dir()}
    assert {"robot-manipulation", "multi-agent-reinforcement-learning", "llm-agents"} <= before
    merged = original[original.index("  - name: Multi-agent reinforcement learning"):]
    merged = merged[:merged.index("\n\n") + 2]
    topics.write_text(original.replace(merged, "").replace(
        "  - name: Robot manipulation\n", "  - name: Robotic manipulation\n    aliases: [robot-manipulation]\n").replace(
        "    slug: llm-agents\n", "    slug: llm-agents\n    aliases: [multi-agent-reinforcement-learning]\n"))
    report = build(load_project(folder))
    assert not [p for p in report.problems if "gone" in p.message]
    site = folder / "site"
    for old, new, name in [("robot-manipulation", "robotic-manipulation", "Robotic manipulation"),
                           ("multi-agent-reinforcement-learning", "llm-agents", "LLM agents and multi-agent frameworks")]:
        page = (site / "topics" / old / "index.html").read_text()
        assert f'<meta http-equiv="refresh" content="0; url=../{new}/">' in page
        assert f'<a href="../{new}/">{name}</a>' in page and '<meta name="robots" content="noindex">' in page
        assert f'<link rel="canonical" href="../{new}/">' in page  # no site_url: the address as linked
        assert (site / "feeds" / f"{old}.xml").read_bytes() == (site / "feeds" / f"{new}.xml").read_bytes()
        assert (site / "topics" / f"{old}.bib").read_bytes() == (site / "topics" / f"{new}.bib").read_bytes()  # (was gone)
        assert f"topics/{old}/" not in (site / "sitemap.xml").read_text()
    assert_same_tree(site, full_build(folder, tmp_path))

    topics.write_text(topics.read_text().replace("    aliases: [robot-manipulation]\n", ""))
    report = build(load_project(folder))
    assert [p.message.split(" (")[1] for p in report.problems if "gone" in p.message] == ["topics/robot-manipulation/), with its feed"]
    assert not (site / "topics/robot-manipulation").exists() and (site / "topics/multi-agent-reinforcement-learning").is_dir()
    assert_same_tree(site, full_build(folder, tmp_path))


def test_a_site_url_given_on_the_command_line_or_taken_away_is_said_where_it_is_set(project):
    """`build --site-url` on a collection without one was noted at collection.yml's commented-out
    line, as if the file set it; a site_url taken out of collection.yml was noted at `mkdocs.yml:1`,
    a comment. Both are at collection.yml, the option named beside the address it gave."""
    folder = project({"2024-01-01-a.txt": "Robots That Walk\nWe study walking robots in depth and show it works.\n"})
    settings = folder / "content/collection.yml"
    build(load_project(folder))
    given = [p for p in build(load_project(folder, site_url="https://example.org/")).problems if "id changed" in p.message]
    assert [(Path(p.path).name, p.level) for p in given] == [("collection.yml", "note")]
    assert "site_url is https://example.org/ (--site-url), not set in the last build" in given[0].message
    settings.write_text(settings.read_text() + "site_url: https://example.org/lab/\n")
    build(load_project(folder))
    settings.write_text(settings.read_text().replace("site_url: https://example.org/lab/\n", ""))
    gone = [p for p in build(load_project(folder)).problems if "id changed" in p.message]
    assert [(Path(p.path).name, p.level) for p in gone] == [("collection.yml", "note")]
    assert "site_url is not set, https://example.org/lab/ in the last build" in gone[0].message


@pytest.mark.slow
def test_a_moved_site_is_said_and_every_absolute_address_follows_as_in_a_full_build(growing, tmp_path):
    """site_url set, then changed (a custom domain), the title changed, and use_directory_urls
    turned off: each rebuild is the full build's site, no file names the old address, and a change
    of every page's address is said at the file that made it (a site_url set where there was
    none changes no link, but the feeds' entries' ids: a note of that alone)."""
    folder, _ = growing
    settings, config = folder / "content/collection.yml", folder / "mkdocs.yml"
    build(load_project(folder))
    settings.write_text(settings.read_text() + "site_url: https://owner.github.io/lab/\n")
    said = build(load_project(folder)).problems
    assert not [p for p in said if "address changed" in p.message]
    # but its feed entries' ids, which were names of their own ("urn:digest-site:paper:SLUG"), are the addresses now
    assert [(Path(p.path).name, p.level, p.message.split(":")[0]) for p in said if "id changed" in p.message] == [
        ("collection.yml", "note", "every feed entry's id changed")]
    settings.write_text(settings.read_text().replace("https://owner.github.io/lab/", "https://papers.example.org/")
                        + "title: Lab papers\n")
    moved = [p for p in build(load_project(folder)).problems if "address changed" in p.message]
    line = settings.read_text().splitlines().index("site_url: https://papers.example.org/") + 1
    assert [(Path(p.path).name, p.line, p.level) for p in moved] == [("collection.yml", line, "note")]
    assert "site_url is https://papers.example.org/, https://owner.github.io/lab/ in the last build" in moved[0].message
    settings.write_text(settings.read_text().replace("https://papers.example.org/", "https://papers.example.org"))
    assert not [p for p in build(load_project(folder)).problems if "address changed" in p.message]  # (a slash less)
    settings.write_text(settings.read_text().replace("https://papers.example.org", "https://papers.example.org/"))
    build(load_project(folder))
    text = site_text(folder / "site")
    assert "owner.github.io" not in text and "https://papers.example.org/papers/" in text
    assert_same_tree(folder / "site", full_build(folder, tmp_path))
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    moved = [p for p in build(load_project(folder)).problems if "address changed" in p.message]
    assert [(Path(p.path).name, p.line, p.level) for p in moved] == [("mkdocs.yml", config.read_text().count("\n"), "warning")]
    assert "pages are files now (papers/SLUG.html), folders in the last build" in moved[0].message
    assert "https://papers.example.org/papers/" in (text := site_text(folder / "site"))
    assert not re.search(r"https://papers\.example\.org/papers/[^\s\"'<>{}]+/[\"'<\s}]", text)  # no folder address left
    assert_same_tree(folder / "site", full_build(folder, tmp_path))


@pytest.mark.slow
def test_a_topic_given_subtopics_makes_again_its_own_listing_alone(growing, tmp_path, monkeypatch):
    """A card names a subtopic only on its topic's pages: a topic given subtopics changes its papers'
    topics and its own pages, but no digest page's cards, nor those of another topic's pages that list
    its papers, and those pages are reused."""
    from collections import Counter

    import frontmatter
    import yaml

    from generator import render
    from generator.topics import load_topics_file

    folder, entries = growing
    (folder / "content/digests/2026-11-02-second.jsonl").write_text(jsonl(entries[30:]))
    build(load_project(folder))

    def topics_of_papers() -> dict[str, list[str]]:
        return {p.stem: [t["topic"] for t in frontmatter.loads(p.read_text())["paper"]["topics"]]
                for p in (folder / "build/docs/papers").glob("*.md")}

    shared = Counter((a, b) for found in topics_of_papers().values() for a in found for b in found if a != b)
    (first, second), count = shared.most_common(1)[0]
    assert count >= 2
    topics = folder / "content/topics.yml"

    def give_subtopics(slug: str) -> list[str]:
        """Two subtopics for the topic ``slug``, of its keywords' two halves; their slugs."""
        data = yaml.safe_load(topics.read_text())
        main = [t for t in load_topics_file(topics)[0] if not t.parent]
        entry = data["topics"][[t.slug for t in main].index(slug)]
        half = len(entry["keywords"]) // 2
        entry["subtopics"] = [{"name": f"{slug} part {i}", "keywords": words}
                              for i, words in enumerate((entry["keywords"][:half], entry["keywords"][half:]))]
        topics.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        return [f"{slug}-part-{i}" for i in range(2)]

    made: list[str] = []
    real = render._made
    monkeypatch.setattr(render, "_made", lambda page, *rest: made.append(page.path) or real(page, *rest))
    for slug, other in ((first, None), (second, first)):
        before = topics_of_papers()
        subtopics = give_subtopics(slug)
        made.clear()
        build(load_project(folder))
        now = topics_of_papers()
        moved = [paper for paper, found in now.items() if set(subtopics) & set(found)]
        assert moved and all(before[paper] != now[paper] for paper in moved), "no paper was given a subtopic"
        listed = "".join(page.read_text() for page in (folder / "build/docs/digests").rglob("*.md"))
        assert any(f"papers/{paper}/" in listed for paper in moved)  # (a digest's page lists a paper given a subtopic)
        assert f"topics/{slug}.md" in made
        assert not [path for path in made if path.startswith("digests/")]
        if other:  # the first topic's pages list papers now given the second's subtopics, and are not made again
            assert [paper for paper in moved if other in now[paper]]
            assert not [path for path in made if path.startswith(f"topics/{other}")]
        assert_same_tree(folder / "site", full_build(folder, tmp_path))


def test_a_new_digest_leaves_earlier_papers_topics_alone(growing):
    """Topics come from a model fitted on the oldest 2**k digests: with two digests already,
    a third one changes no earlier paper's topics or scores (related papers may change)."""
    import frontmatter

    folder, entries = growing
    (folder / "content/digests/2026-11-02-second.jsonl").write_text(jsonl(entries[30:60]))
    build(load_project(folder))

    def topics() -> dict[str, list]:
        return {p.stem: frontmatter.loads(p.read_text())["paper"]["topics"]
                for p in (folder / "build/docs/papers").glob("*.md")}

    before = topics()
    changed = entries[0]  # a newer record of an earlier paper, with another abstract
    newer = json.dumps({"title": changed.title, "abstract": entries[100].abstract}) + "\n"
    (folder / "content/digests/2026-11-03-third.jsonl").write_text(jsonl(entries[60:140]) + newer)
    build(load_project(folder))
    after = topics()
    assert len(after) == len(before) + 80
    moved = [slug for slug in before if slug not in after or after[slug] != before[slug]]
    assert len(moved) <= 1  # only the paper whose text changed may move


@pytest.mark.slow
def test_without_topics_yml_a_new_digest_moves_no_suggested_topic(tmp_path, caplog):
    """Without topics.yml the topics are suggested from the model's records (the oldest 2**k
    digests), not from every paper: a third digest keeps every topic, and every earlier paper's
    topics (their scores too), and a digest that brings no new text takes the suggestion from the
    cache. Suggested from every paper, each digest made other topics, and every page changed. A
    damaged record is made again."""
    import frontmatter

    entries = seed_entries()
    folder = make_project(tmp_path / "project", {"2026-11-01-first.jsonl": jsonl(entries[:70]),
                                                 "2026-11-02-second.jsonl": jsonl(entries[70:140])}, topics=False)
    build(load_project(folder))

    def topics() -> tuple[list, dict[str, list]]:
        listed = [p.name for p in (folder / "build/docs/topics").glob("*.md")]  # (a topic's later pages in a folder)
        return sorted(listed), {p.stem: [(m["topic"], m["score"]) for m in frontmatter.loads(p.read_text())["paper"]["topics"]]
                                for p in (folder / "build/docs/papers").glob("*.md")}  # (terms: spelled as the texts write them)

    before = topics()
    third = folder / "content/digests/2026-11-03-third.jsonl"
    third.write_text(jsonl(entries[140:]))
    build(load_project(folder))
    after = topics()
    assert after[0] == before[0] and len(after[1]) == len(before[1]) + len(entries) - 140
    assert all(after[1][slug] == found for slug, found in before[1].items())
    assert_same_tree(folder / "site", full_build(folder, tmp_path))

    def suggested() -> bool:
        return any(r.getMessage().startswith("topics: ") and "suggested from" in r.getMessage() for r in caplog.records)

    caplog.set_level(logging.INFO, logger="digest_site")
    caplog.clear()
    third.write_text(jsonl(entries[140:]) + jsonl(entries[:3]))  # known papers: no new text, the same model
    build(load_project(folder))
    assert not suggested()
    record = folder / FOLDER / "suggested-topics.json"
    record.write_bytes(record.read_bytes()[:-40] + b"x" * 40)  # damaged: ignored, and made again
    third.write_text(jsonl(entries[140:]) + jsonl(entries[:5]))
    caplog.clear()
    build(load_project(folder))
    assert suggested()
    assert_same_tree(folder / "site", full_build(folder, tmp_path))


def test_each_build_s_search_files_are_in_a_folder_of_their_own(growing):
    """A page that read one build's meta.json asks for that build's files only: a new digest puts
    the search files in a new folder (named by their hash) and removes the last one, so that a tab
    left open across a deploy gets "not found" (and reads meta.json again) instead of the next
    build's files, where its terms and refs are elsewhere; a build of the same content keeps it."""
    folder, entries = growing
    (folder / "content/digests/2026-11-02-second.jsonl").write_text(jsonl(entries[30:61]))
    build(load_project(folder))
    search = folder / "site/assets/digest-site/search"
    first = search_build(search)
    assert sorted(p.name for p in search.iterdir()) == sorted(["meta.json", first.name, "c"])
    build(load_project(folder), full=True)
    assert search_build(search) == first
    (folder / "content/digests/2026-11-03-third.jsonl").write_text(jsonl(entries[61:90]))
    build(load_project(folder))
    second = search_build(search)
    assert second != first and not first.exists()
    assert sorted(p.name for p in search.iterdir()) == sorted(["meta.json", second.name, "c"])
    groups = json.loads((search / "meta.json").read_bytes())["cards"]  # (the result files: their groups' folders)
    assert sorted(p.name for p in (search / "c").iterdir()) == sorted(groups)
    assert sum(len(list((search / "c" / group).iterdir())) for group in groups) == -(-90 // 8)


def test_a_moved_project_keeps_its_cached_pages(growing, tmp_path, caplog):
    """The cache holds no absolute path: a project moved (another runner's workspace, a renamed
    folder) reuses its pages and builds the site a full build gives."""
    folder, entries = growing
    build(load_project(folder))
    moved = folder.rename(tmp_path / "moved")
    (moved / "content/digests/2026-11-02-second.jsonl").write_text(jsonl(entries[30:40]))
    caplog.set_level(logging.INFO, logger="digest_site")
    build(load_project(moved))
    assert reused(caplog) > 0  # all pages rendered again, until the fingerprint named the folder by its place
    assert_same_tree(moved / "site", full_build(moved, tmp_path))


def test_enrich_results_are_kept_per_paper_text_and_links_given_beside_it(tmp_path):
    # The enrich cache's key holds everything enrich reads: two records of the same title,
    # abstract and id whose code links differ keep their own links, in one build and from the cache.
    from generator.cache import BuildCache, enrich_all
    from generator.model import Paper, Source

    def paper(slug: str, *urls: str) -> Paper:
        return Paper(key=slug, slug=slug, title="One $x^2$ title", abstract="The same abstract.",
                     source=Source("a.jsonl", 1), extra_urls=urls)

    papers = [paper("a", "https://github.com/lab/one"), paper("b", "https://github.com/lab/two"), paper("c")]
    links = [[link.url for link in p.links] for p in enrich_all(papers, None)]
    assert links == [["https://github.com/lab/one"], ["https://github.com/lab/two"], []]
    cache = BuildCache(tmp_path / "cache")
    assert [[link.url for link in p.links] for p in enrich_all(papers, cache)] == links  # made and stored
    assert [[link.url for link in p.links] for p in enrich_all(papers, cache)] == links  # read back
    assert enrich_all(papers, cache) == enrich_all(papers, None)


def test_plain_texts_come_back_from_the_enrich_cache(tmp_path, monkeypatch):
    # paper_text of a paper the enrich cache holds is the one the build that enriched it made:
    # the same texts, its addresses not searched for again.
    from generator import vectors
    from generator.cache import BuildCache, enrich_all
    from generator.model import Paper, Source

    papers = [Paper(key=slug, slug=slug, title=title, abstract=abstract, source=Source("a.jsonl", i + 1))
              for i, (slug, title, abstract) in enumerate([
                  ("a", "Schr\\\"odinger bridges", "Code at https://github.com/lab/one. See doi:10.1234/abc."),
                  ("b", "Plain title", "A plain abstract, no address."),
                  ("c", "Mail", "Write to someone@example.org for the data.")])]
    expected = [vectors.paper_text(p) for p in enrich_all(papers, None)]
    assert expected[0] == ("Schrödinger bridges", "Code at  , . See  , .")
    cache = BuildCache(tmp_path / "cache")
    enrich_all(papers, cache)  # made and stored
    vectors.forget()

    def searched(text: str) -> str:
        raise AssertionError(f"addresses searched again in {text!r}")

    with monkeypatch.context() as patched:
        patched.setattr(vectors, "without_addresses", searched)
        assert [vectors.paper_text(p) for p in enrich_all(papers, cache)] == expected  # read back
    vectors.forget()
    monkeypatch.setattr(vectors, "without_addresses", searched)
    with pytest.raises(AssertionError, match="searched again"):  # (forgotten: made again)
        vectors.paper_text(enrich_all(papers, None)[0])


def test_papers_moved_to_other_topics_are_said_once(project):
    """Topics fitted again (or a topics file edited) moved papers of the last build into other
    topics, whose feeds showed them as new, and the build said nothing of it."""
    abstract = "We study {} in depth, and we show that our method for {} works well in every test."
    folder = project({"2024-01-01-a.txt": "".join(f"{title}\n{abstract.format(word, word)}\n" for title, word in [
        ("Robots that walk", "legged robot locomotion"), ("Robots that grasp", "robot grasping"),
        ("Language models that reason", "language model reasoning"), ("Speech models", "speech recognition")])})
    topics = folder / "content/topics.yml"
    topics.write_text("topics:\n- name: Robots\n  keywords: [robot]\n- name: Language\n  keywords: [language, speech]\n")
    build(load_project(folder))
    (folder / "content/digests/2024-01-02-b.txt").write_text(f"Robots that swim\n{abstract.format('robot swimming', 'robot')}\n")
    assert not [p for p in build(load_project(folder)).problems if "other topics" in p.message]  # (a digest moves none)
    topics.write_text(topics.read_text().replace("[language, speech]", "[language]").replace("[robot]", "[robot, speech]"))
    said = [p for p in build(load_project(folder)).problems if "other topics" in p.message]
    assert [(Path(p.path).name, p.line, p.level) for p in said] == [("topics.yml", 1, "note")]
    assert said[0].message.startswith("1 paper of the last build is in other topics now (papers/speech-models-")
    assert not [p for p in build(load_project(folder)).problems if "other topics" in p.message]  # (nothing changed)
    # a topic under a new slug, its old one an alias: its papers are where they were (it said they moved)
    topics.write_text(topics.read_text().replace("- name: Language\n", "- name: Language\n  slug: languages\n  aliases: [language]\n"))
    assert not [p for p in build(load_project(folder)).problems if "other topics" in p.message]
