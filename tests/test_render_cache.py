"""The Markdown cache of paper pages: a page is reused only while everything it read is unchanged."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from conftest import ROOT
from generator import render, templates, texmath, writer
from generator.cache import BuildCache
from generator.config import Settings
from generator.model import Digest, Paper, Source, Topic, TopicMatch
from generator.render_cache import MarkdownCache, Reads

DIGEST = Digest("2024-01-01-a", "x", "2024-01-01", ())
CACHED = 8  # six paper pages, the topic's and the digest's (home, topics, archive and search are always made)


def papers() -> list[Paper]:
    made = [Paper(key=f"k{i}", slug=f"p-{i}", title=f"Paper {i}", abstract=f"About {i}.", source=Source("d.txt", i + 1),
                  title_text=f"Paper {i}", digests=(DIGEST.name,), topics=(TopicMatch("t", 0.5, ("x",)),),
                  related=tuple(f"p-{j}" for j in range(6) if j != i)[:2]) for i in range(6)]
    return [replace(p, title_html=texmath.to_html(p.title), abstract_html=texmath.to_html(p.abstract)) for p in made]


def render_site(folder: Path, chosen: list[Paper], *, topic_name: str = "T", cached: bool = True) -> dict[str, str]:
    """Every page, as ``build`` makes them: rendered (reusing the cache), then written to the docs folder."""
    collection = render.Collection(site_name="S", settings=Settings(), papers=tuple(chosen),
                                   topics=(Topic("t", topic_name, "About T"),), digests=(DIGEST,))
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
    header, body = stored.read_text().split("\n", 1)
    record = json.loads(body)
    record["pages"]["papers/p-1.md"][2] = "0" * 64  # the values its reads found, but the file's hash no longer matches
    stored.write_text(header + "\n" + json.dumps(record))
    assert render_site(tmp_path, papers()) == expected
    assert reused(caplog) == 0  # the whole file is distrusted, and p-0's bytes are not those recorded
    page.write_text(page.read_text().replace("Paper 0", "Edited"))
    render_site(tmp_path, papers())
    assert reused(caplog) == CACHED - 1  # p-0's bytes are not those recorded
    assert page.read_text() == expected["papers/p-0.md"]


def test_older_pages_of_a_topic_that_gains_a_paper_are_reused(tmp_path, monkeypatch):
    """A new paper changes the total of the topic's listing and every page's place in it; the
    pages after the first show neither, so those with the same papers are kept as they were."""
    made = [replace(papers()[i % 6], key=f"k{i}", slug=f"p-{i}", title=f"Paper {i}", title_text=f"Paper {i}", related=())
            for i in range(121)]  # newest first
    seen: dict[str, bool] = {}
    page = MarkdownCache.page

    def noting(self, path, *args):
        result = page(self, path, *args)
        seen[path] = result[3]
        return result

    monkeypatch.setattr(MarkdownCache, "page", noting)
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
