"""The Markdown cache of paper pages: a page is reused only while everything it read is unchanged."""

from __future__ import annotations

import marshal
import os
import shutil
from dataclasses import fields, replace
from pathlib import Path

import pytest

from conftest import ROOT
from generator import render, render_cache, templates, texmath, writer
from generator.cache import BuildCache
from generator.config import Settings
from generator.model import Digest, Entry, Link, Paper, Source, Topic, TopicMatch
from generator.render_cache import ATTRS, LOOKUP, OWN, MarkdownCache, Reads, encode

DIGEST = Digest("2024-01-01-a", "x", "2024-01-01", ())
CACHED = 8  # six paper pages, the topic's and the digest's (home, topics, archive and search are always made)


def papers() -> list[Paper]:
    made = [Paper(key=f"k{i}", slug=f"p-{i}", title=f"Paper {i}", abstract=f"About {i}.", source=Source("d.txt", i + 1),
                  title_text=f"Paper {i}", digests=(DIGEST.name,), topics=(TopicMatch("t", 0.5, ("x",)),),
                  related=tuple(f"p-{j}" for j in range(6) if j != i)[:2]) for i in range(6)]
    return [replace(p, title_html=texmath.to_html(p.title), abstract_html=texmath.to_html(p.abstract)) for p in made]


def render_site(folder: Path, chosen: list[Paper], *, topic_name: str = "T", cached: bool = True,
                digest: Digest = DIGEST) -> dict[str, str]:
    """Every page, as ``build`` makes them: rendered (reusing the cache), then written to the docs folder."""
    collection = render.Collection(site_name="S", settings=Settings(), papers=tuple(chosen),
                                   topics=(Topic("t", topic_name, "About T"),), digests=(digest,))
    memo = MarkdownCache(BuildCache(folder / "cache"), folder / "docs",
                         tuple(templates.layers(ROOT / "site_templates", "pages"))) if cached else None
    pages = dict(render.render_pages(collection, render.environment(ROOT / "site_templates"), True, memo=memo))
    writer.sync_tree(folder / "docs", {path: text.encode() for path, text in pages.items()})
    return pages


def reused(caplog) -> int:
    return [r.args[0] for r in caplog.records if r.getMessage().startswith("render: ")][-1]


def test_pages_are_reused_until_a_paper_they_show_changes(tmp_path, caplog):
    caplog.set_level("INFO", logger="digest_site")
    first = papers()
    render_site(tmp_path, first)
    assert render_site(tmp_path, first) == render_site(tmp_path / "plain", first, cached=False)
    assert reused(caplog) == CACHED

    renamed = [replace(p, title_text="Renamed <b>two</b>") if p.slug == "p-2" else p for p in first]
    pages = render_site(tmp_path, renamed)
    assert pages == render_site(tmp_path / "plain", renamed, cached=False)
    assert "Renamed &lt;b&gt;two&lt;/b&gt;" in pages["papers/p-0.md"]  # p-0 lists p-2 as related
    showing = [p.slug for p in renamed if "p-2" in p.related or p.slug in ("p-1", "p-2", "p-3")]  # and neighbours
    assert reused(caplog) == CACHED - len(set(showing)) - 2  # and the topic's and the digest's listings


def test_a_lookup_entry_read_by_a_page_renders_it_again(tmp_path, caplog):
    caplog.set_level("INFO", logger="digest_site")
    render_site(tmp_path, papers())
    pages = render_site(tmp_path, papers(), topic_name="Renamed topic")
    assert reused(caplog) == 0  # every page names its topic
    assert pages == render_site(tmp_path / "plain", papers(), topic_name="Renamed topic", cached=False)
    assert "Renamed topic" in pages["papers/p-0.md"]


def test_an_edited_page_or_a_damaged_record_is_rendered_again(tmp_path, caplog):
    caplog.set_level("INFO", logger="digest_site")
    expected = render_site(tmp_path, papers())
    page = tmp_path / "docs/papers/p-0.md"
    page.write_text(page.read_text().replace("Paper 0", "Edited"))
    stored = tmp_path / "cache/markdown.json"
    header, body = stored.read_bytes().split(b"\n", 1)
    record = marshal.loads(body)
    record["pages"]["papers/p-1.md"][2] = "0" * 64  # its Markdown's hash, but the file's own hash no longer matches
    stored.write_bytes(header + b"\n" + marshal.dumps(record, 2))
    assert render_site(tmp_path, papers()) == expected
    assert reused(caplog) == 0  # the whole file is distrusted, and p-0's bytes are not those recorded
    page.write_text(page.read_text().replace("Paper 0", "Edited"))
    render_site(tmp_path, papers())
    assert reused(caplog) == CACHED - 1  # p-0's bytes are not those recorded
    assert page.read_text() == expected["papers/p-0.md"]


@pytest.mark.parametrize("subtopics", [None, "s", [["s"]], [1]])
def test_a_record_of_subtopics_that_is_no_list_of_slugs_is_distrusted(tmp_path, caplog, subtopics):
    caplog.set_level("INFO", logger="digest_site")
    expected = render_site(tmp_path, papers())
    record = BuildCache(tmp_path / "cache").load(render_cache.NAME)
    assert record["subtopics"] == []
    BuildCache(tmp_path / "cache").save(render_cache.NAME, {**record, "subtopics": subtopics})  # (a file sound but for that)
    assert render_site(tmp_path, papers()) == expected
    assert reused(caplog) == 0


def test_older_pages_of_a_topic_that_gains_a_paper_are_reused(tmp_path, monkeypatch):
    """A new paper changes the total of the topic's listing and every page's place in it; the
    pages after the first show neither, so those with the same papers are kept as they were."""
    made = [replace(papers()[i % 6], key=f"k{i}", slug=f"p-{i}", title=f"Paper {i}", title_text=f"Paper {i}", related=())
            for i in range(121)]  # newest first
    seen: dict[str, bool] = {}
    check = MarkdownCache.reused

    def noting(self, path, *args):
        result = check(self, path, *args)
        seen[path] = result is not None
        return result

    monkeypatch.setattr(MarkdownCache, "reused", noting)
    render_site(tmp_path, made[1:])
    pages = render_site(tmp_path, made)
    assert pages == render_site(tmp_path / "plain", made, cached=False)
    older = sorted(path for path in pages if path.startswith("topics/t/"))
    assert older == ["topics/t/1.md", "topics/t/2.md"]  # 50 papers each; the newest 21 on topics/t.md
    assert all(seen[path] for path in older) and not seen["topics/t.md"]  # its count is read and changed
    assert "121 papers" in pages["topics/t.md"]


def test_reads_record_keys_attributes_and_whole_lookups():
    reads = Reads()
    lookups = reads.lookups({"names": {"a": 1, "b": 2}, "site": "S"})
    assert lookups["names"]["a"] == 1 and lookups["names"].get("zz") is None and lookups["site"] == "S"
    seen = reads.paper(papers()[0])
    assert seen.title_text == "Paper 0" and str(seen) == str(papers()[0])
    assert reads.sorted() == [["key", "names", "a"], ["key", "names", "zz"], ["paper", "p-0", "*"],
                              ["paper", "p-0", "title_text"]]
    list(lookups["names"])
    assert ["all", "names"] in reads.sorted()


def render_spooled(folder: Path, chosen: list[Paper], digest: Digest = DIGEST) -> dict[str, bytes]:
    """Every page, as ``build`` makes them through a spool: a page whose docs file's stamp vouches
    for its bytes is not read (``unread``); the docs folder's files."""
    collection = render.Collection(site_name="S", settings=Settings(), papers=tuple(chosen),
                                   topics=(Topic("t", "T", "About T"),), digests=(digest,))
    memo = MarkdownCache(BuildCache(folder / "cache"), folder / "docs",
                         tuple(templates.layers(ROOT / "site_templates", "pages")), unread=True)
    with writer.spool(folder / "docs") as spool:
        def keep(path: str, text: str, reused: bool) -> writer.Spooled | writer.Kept:
            data = text.encode()
            return writer.Kept(len(data)) if reused else spool.put(path, data)

        files = dict(render.render_pages(collection, render.environment(ROOT / "site_templates"), True, keep, memo))
        writer.sync_tree(folder / "docs", files, spool)
    return {path: (folder / "docs" / path).read_bytes() for path in files}


def test_a_docs_file_is_trusted_by_its_stamp_until_it_changes(tmp_path, caplog, monkeypatch):
    caplog.set_level("INFO", logger="digest_site")
    expected = render_spooled(tmp_path / "a", papers())
    assert expected == {path: text.encode() for path, text in render_site(tmp_path / "plain", papers(), cached=False).items()}
    shutil.copytree(tmp_path / "a", tmp_path / "b")  # a copy (new inodes) keeps the files' times

    def no_reading(*args, **kwargs):
        raise AssertionError("a docs file was read")

    with monkeypatch.context() as patched:
        patched.setattr(render_cache, "open", no_reading, raising=False)
        assert render_spooled(tmp_path / "b", papers()) == expected
    assert reused(caplog) == CACHED

    shorter = tmp_path / "b/docs/papers/p-0.md"  # damaged: another size
    shorter.write_bytes(shorter.read_bytes().replace(b"Paper 0", b"Edited"))
    same_size = tmp_path / "b/docs/papers/p-1.md"  # damaged to the same size, at another time
    found = same_size.stat()
    same_size.write_bytes(same_size.read_bytes().replace(b"Paper 1", b"Paper X"))
    os.utime(same_size, ns=(found.st_atime_ns, found.st_mtime_ns + 1_000_000_000))
    assert render_spooled(tmp_path / "b", papers()) == expected
    assert reused(caplog) == CACHED - 2
    assert render_spooled(tmp_path / "b", papers()) == expected
    assert reused(caplog) == CACHED


def test_a_paper_given_new_related_papers_changes_its_own_page_only(tmp_path, caplog):
    """The pages that link to it or list it read its title and card fields, not its related papers."""
    caplog.set_level("INFO", logger="digest_site")
    render_spooled(tmp_path, papers())
    changed = [replace(p, related=("p-5", "p-4")) if p.slug == "p-3" else p for p in papers()]
    assert render_spooled(tmp_path, changed) == {
        path: text.encode() for path, text in render_site(tmp_path / "plain", changed, cached=False).items()}
    assert reused(caplog) == CACHED - 1


def test_a_digest_page_is_made_again_when_what_it_shows_of_its_digest_changes(tmp_path, caplog):
    caplog.set_level("INFO", logger="digest_site")
    render_spooled(tmp_path, papers())
    entries = replace(DIGEST, entries=(Entry("A title", "An abstract.", Source("x", 1)),))  # no page shows them
    render_spooled(tmp_path, papers(), entries)
    assert reused(caplog) == CACHED
    moved = replace(DIGEST, path="elsewhere")
    dated = replace(DIGEST, date="2024-01-02")  # its page shows its date; paper pages the digests' dates
    for digest in (moved, dated):
        chosen = [replace(p, date=digest.date) for p in papers()]
        pages = render_spooled(tmp_path, chosen, digest)
        plain = render_site(tmp_path / "plain", chosen, cached=False, digest=digest)
        assert pages == {path: text.encode() for path, text in plain.items()}
    assert "2024-01-02" in plain["digests/2024-01-01-a.md"]
    assert reused(caplog) == 0


def test_a_papers_main_topics_are_its_topics_that_are_no_subtopic():
    """A paper given a subtopic changes its ``topics`` field, not its ``main_topics``."""
    width = render_cache.FIELD_HASH
    paper = replace(papers()[0], topics=(TopicMatch("t", 0.5), TopicMatch("u", 0.5)))
    for topics, subtopics, differ in [(("t", "s", "u"), {"s"}, ["topics"]), (("t", "u", "s"), {"s", "x"}, ["topics"]),
                                      (("t", "s", "u"), set(), ["topics", "main_topics"]),
                                      (("u", "t"), {"s"}, ["topics", "main_topics"]),
                                      (("t", "u"), {"u"}, ["main_topics"])]:
        other = replace(paper, topics=tuple(TopicMatch(t, 0.5) for t in topics))
        before, now = render_cache.field_hashes(paper, {"s"}), render_cache.field_hashes(other, subtopics)
        assert [render_cache.FIELDS[i] for i in range(len(render_cache.FIELDS))
                if now[i * width:(i + 1) * width] != before[i * width:(i + 1) * width]] == differ, topics
    assert render_cache.main_topics(replace(paper, topics=(TopicMatch("s", 1), *paper.topics)), {"s"}) == ("t", "u")


def test_every_field_of_a_paper_counts_in_its_hashes():
    paper = papers()[0]
    hashes = render_cache.field_hashes(paper)
    width = render_cache.FIELD_HASH
    changes = {str: "else", int: 99, tuple: ("else",), Source: Source("e.txt", 7), bool: True}
    records = {"links": (Link("https://a.example", "code"),), "topics": (TopicMatch("u", 0.1),)}
    nested = [replace(paper, links=(Link("https://a.example", "code"),)), replace(paper, topics=(TopicMatch("u", 0.1),))]
    for name in render_cache.PAPER_FIELDS:
        value = getattr(paper, name)
        other = replace(paper, **{name: records.get(name) or changes[type(value)]})
        assert render_cache.paper_hashes([other]) != render_cache.paper_hashes([paper]), name
        now = render_cache.field_hashes(other)
        differ = [render_cache.FIELDS[i] for i in range(len(render_cache.FIELDS))
                  if now[i * width:(i + 1) * width] != hashes[i * width:(i + 1) * width]]
        assert differ == [name, *(["main_topics"] if name == "topics" else [])]
    for base in nested:
        for record in (*base.links, *base.topics):
            for inner in fields(record):
                value = getattr(record, inner.name)
                changed = replace(record, **{inner.name: value + 1 if isinstance(value, float) else value + ("x",)
                                             if isinstance(value, tuple) else value + "x"})
                other = replace(base, links=(changed,)) if record in base.links else replace(base, topics=(changed,))
                assert render_cache.paper_hashes([other]) != render_cache.paper_hashes([base]), inner.name


def test_reads_are_kept_as_tokens_unless_a_name_makes_them_ambiguous():
    reads = {("paper", "p-1", "title_text"), ("paper", "p-1", "slug"), ("paper", "p-2", "slug"),
             ("key", "topic_names", "t"), ("all", "subtopics"), ("own", "total")}
    assert encode(reads, {"total": 3}).split("\n") == [
        OWN + "total" + OWN + "3", LOOKUP + "subtopics", LOOKUP + "topic_names" + LOOKUP + "t",
        ATTRS + "slug", "p-2", ATTRS + "slug,title_text", "p-1"]
    for odd in [("paper", "\x1fp", "slug"), ("paper", "", "slug"), ("key", "topic_names", "a\nb"),
                ("paper", "p-1", "a,b"), ("key", "a\x1fb", "c")]:
        assert encode({odd}) is None, odd
    assert encode({("own", "total")}, {"total": "a\nb"}) is not None  # repr keeps a line end escaped


def test_compiled_templates_are_taken_up_by_a_project_moved_and_name_its_path(tmp_path, monkeypatch):
    import jinja2
    import pytest
    from generator.build import template_error
    folder, moved = tmp_path / "cache", tmp_path / "moved"
    (tmp_path / "first" / "pages").mkdir(parents=True)
    (tmp_path / "first" / "pages" / "broken.md.j2").write_text("{% macro m() %}{{ missing.x }}{% endmacro %}\n\n{{ m() }}\n")
    for name in ("topic.md.j2", "broken.md.j2"):
        render.environment(tmp_path / "first", render_cache.Compiled(folder)).get_template(name)
    shutil.copytree(tmp_path / "first", moved)
    with monkeypatch.context() as patched:  # read back in the other folder: nothing is compiled
        patched.setattr("jinja2.Environment.compile", lambda *a, **k: 1 / 0)
        env = render.environment(moved, render_cache.Compiled(folder))
        broken = env.get_template("broken.md.j2")
        assert broken.filename == str(moved / "pages" / "broken.md.j2")
        with pytest.raises(jinja2.TemplateError) as raised:
            broken.render()
    assert str(template_error(raised.value)).endswith(f"{os.sep}moved{os.sep}pages{os.sep}broken.md.j2:1: "
                                                      "error: template error: 'missing' is undefined")
    assert env.get_template("topic.md.j2").filename == str(templates.DEFAULTS / "pages" / "topic.md.j2")


def test_compiled_templates_are_kept_and_a_damaged_one_is_compiled_again(tmp_path, monkeypatch):
    from generator.templates import InProcess

    def afresh():  # a new process: none compiled in it yet (the cache's files are what is tested; the
        monkeypatch.setattr(InProcess, "_codes", {})  # process's own, which a test before filled, is not)

    folder = tmp_path / "cache"
    expected = render.environment(ROOT / "site_templates").get_template("topic.md.j2")
    afresh()
    render.environment(ROOT / "site_templates", render_cache.Compiled(folder)).get_template("topic.md.j2")
    files = sorted((folder / "templates").iterdir())
    assert len(files) == 1  # (its macros are loaded as it renders)
    kept = {f: f.read_bytes() for f in files}
    afresh()
    with monkeypatch.context() as patched:  # read back: nothing is compiled
        patched.setattr("jinja2.Environment.compile", lambda *a, **k: 1 / 0)
        loaded = render.environment(ROOT / "site_templates", render_cache.Compiled(folder)).get_template("topic.md.j2")
        assert loaded.filename == expected.filename
        assert render.environment(ROOT / "site_templates", render_cache.Compiled(folder, read=False)) is not None
    files[0].write_bytes(kept[files[0]][:-8] + b"\0" * 8)  # damaged: its hash no longer matches
    afresh()
    render.environment(ROOT / "site_templates", render_cache.Compiled(folder)).get_template("topic.md.j2")
    assert {f: f.read_bytes() for f in files} == kept  # compiled again, and stored again
