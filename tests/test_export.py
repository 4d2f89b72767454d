from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from generator import export
from generator.model import Link, Paper, Source, TopicMatch


def paper(slug: str, **kw) -> Paper:
    return Paper(key=slug, slug=slug, title=f"T {slug}", abstract="A.", source=Source("d", 1), title_text=f"T {slug}",
                 summary="S.", authors=("Ann",), digests=("2024-01-02-x",), **kw)


def test_papers_json_fields():
    p = paper("a", links=(Link("https://x.org", "project"),), topics=(TopicMatch("rl", 0.4),), related=("b",))
    [record] = json.loads(export.papers_json([p], {"rl": "Reinforcement learning"}, ["papers/a/"]))
    assert record["url"] == "papers/a/" and record["topics"] == ["Reinforcement learning"]
    assert record["topic_slugs"] == ["rl"] and record["links"] == [{"url": "https://x.org", "kind": "project"}]
    assert record["related"] == ["b"] and record["digests"] == ["2024-01-02-x"]


def test_feeds_use_digest_dates_not_the_clock():
    args = ("Site", "About", "https://example.org/digest/", "feed.xml", [paper("a"), paper("b")],
            ["papers/a/", "papers/b/"], ["2024-01-02", "2024-01-01"])
    atom, rss = export.feed(*args)
    assert (atom, rss) == export.feed(*args)
    root = ET.fromstring(atom)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.find("a:updated", ns).text.startswith("2024-01-02")
    links = [e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)]
    assert links == ["https://example.org/digest/papers/a/", "https://example.org/digest/papers/b/"]
    assert b"<lastBuildDate>Tue, 02 Jan 2024" in rss
