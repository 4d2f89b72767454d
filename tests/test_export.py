from __future__ import annotations

import dataclasses
import html
import json
import xml.etree.ElementTree as ET

from generator import export
from generator.readers import values
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


def test_papers_json_says_when_the_authors_are_not_all_and_reads_it_back(tmp_path):
    from generator.readers import read_digest
    papers = [paper("a", et_al=True), paper("b")]
    text = export.papers_json(papers, {}, ["papers/a/", "papers/b/"])
    assert [record.get("et_al") for record in json.loads(text)] == [True, None]  # (only when set)
    (tmp_path / "papers.json").write_text(text, encoding="utf-8")
    digest, problems = read_digest(tmp_path / "papers.json")
    assert [(e.authors, e.et_al) for e in digest.entries] == [(("Ann",), True), (("Ann",), False)] and problems == []


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


def test_a_feed_dates_a_month_or_a_year_by_its_first_day_not_the_epoch():
    # a digest named without a date (zotero.bib) has its newest paper's, "2024" or "2024-05":
    # every entry of the feed, and the feed itself, said 1970-01-01
    atom, rss = export.feed("Site", "About", "", "feed.xml", [paper("a"), paper("b")], ["papers/a/", "papers/b/"],
                            ["2024-05", "2023"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(atom)
    assert root.find("a:updated", ns).text == "2024-05-01T00:00:00+00:00"
    assert [e.find("a:published", ns).text[:10] for e in root.findall("a:entry", ns)] == ["2024-05-01", "2023-01-01"]
    assert b"<lastBuildDate>Wed, 01 May 2024" in rss and b"1970" not in atom + rss


def test_a_topic_feed_without_the_sites_address_links_from_its_own_folder():
    # feeds/x.xml linked papers/a/, which a reader resolves to feeds/papers/a/ (and "./", feeds/)
    atom, _ = export.feed("Site: T", "About T", "", "feeds/t.xml", [paper("a")], ["papers/a/"], ["2024-01-02"], "topics/t/")
    root = ET.fromstring(atom)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)] == ["../papers/a/"]
    assert [link.get("href") for link in root.findall("a:link", ns) if link.get("rel") == "alternate"] == ["../topics/t/"]
    site, _ = export.feed("Site", "About", "", "feed.xml", [paper("a")], ["papers/a/"], ["2024-01-02"])
    assert b'href="papers/a/"' in site and b'href="./"' in site


def test_a_small_collection_gets_one_papers_json():
    files = export.papers_export([paper("a")], {}, ["papers/a/"], ["2024-01-02"], split_from=2)
    assert list(files) == ["papers.json"] and export.export_path(1, split_from=2) == "papers.json"


def test_a_large_collection_gets_an_index_and_a_gzipped_part_per_month():
    import gzip
    import hashlib
    papers = [paper(s) for s in "abcd"]
    urls = [f"papers/{s}/" for s in "abcd"]
    dates = ["2024-02-03", "2024-01-31", "2024-02-01", ""]
    files = export.papers_export(papers, {}, urls, dates, split_from=2)
    assert export.export_path(4, split_from=2) == "papers-index.json"
    assert "papers.json" not in files
    index = json.loads(files["papers-index.json"])
    assert index["papers"] == 4
    assert [(s["month"], s["path"], s["papers"]) for s in index["shards"]] == [
        ("", "export/papers-undated.json.gz", 1), ("2024-02", "export/papers-2024-02.json.gz", 2),
        ("2024-01", "export/papers-2024-01.json.gz", 1)]
    records = {}
    for shard in index["shards"]:
        data = files[shard["path"]]
        assert shard["bytes"] == len(data) and shard["sha256"] == hashlib.sha256(data).hexdigest()
        records[shard["month"]] = json.loads(gzip.decompress(data))
    assert [r["slug"] for r in records["2024-02"]] == ["a", "c"]  # display order within a month
    whole = json.loads(export.papers_json(papers, {}, urls))
    assert sorted(r["slug"] for rs in records.values() for r in rs) == ["a", "b", "c", "d"]
    assert records["2024-01"] == [whole[1]]  # the same records as papers.json
    assert files == export.papers_export(papers, {}, urls, dates, split_from=2)  # same bytes (no gzip time)


def test_rss_descriptions_are_escaped_html_and_atom_summaries_plain_text():
    # RSS readers read <description> as HTML: "k<n" and "<code>" would be tags there, and lost
    p = dataclasses.replace(paper("a"), summary="Holds when k<n and m>0, with <code> & <img src=x onerror=alert(1)>.")
    atom, rss = export.feed("Site", "About", "", "feed.xml", [p], ["papers/a/"], ["2024-01-02"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert ET.fromstring(atom).find("a:entry/a:summary", ns).text == p.summary
    description = ET.fromstring(rss).find("channel/item/description").text
    assert html.unescape(description) == p.summary and "<" not in description
    assert values.html_to_text(description) == p.summary  # as the tool's own RSS reader reads it back


def test_rss_items_name_their_authors_as_atom_entries_do():
    """RSS's <author> is an e-mail address: feedgen wrote none for a name, and no RSS reader showed an author."""
    p = dataclasses.replace(paper("a"), authors=tuple(f"Author {i}" for i in range(25)))
    atom, rss = export.feed("Site", "About", "", "feed.xml", [p], ["papers/a/"], ["2024-01-02"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    named = [a.text for a in ET.fromstring(atom).findall("a:entry/a:author/a:name", ns)]
    creators = [c.text for c in ET.fromstring(rss).findall("channel/item/{http://purl.org/dc/elements/1.1/}creator")]
    assert creators == named == [f"Author {i}" for i in range(20)]
    assert b"purl.org/dc" not in atom


def test_a_feed_entry_holds_the_whole_abstract_as_escaped_html():
    """A feed entry gave one sentence of the abstract: a reader deciding from the feed alone (as
    arXiv's and bioRxiv's feeds allow) had to open every page."""
    abstract = "We prove k<n bounds for <code> & more.\n\nA second paragraph, <img src=x onerror=alert(1)>."
    p = dataclasses.replace(paper("a"), summary="We prove k<n bounds.", abstract_text=abstract)
    atom, rss = export.feed("Site", "About", "", "feed.xml", [p, paper("b")], ["papers/a/", "papers/b/"],
                            ["2024-01-02", "2024-01-02"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(atom).findall("a:entry", ns)
    content = entries[0].find("a:content", ns)
    assert content.get("type") == "html" and entries[0].find("a:summary", ns).text == p.summary
    assert content.text == ("<p>We prove k&lt;n bounds for &lt;code&gt; &amp; more.</p>"
                            "<p>A second paragraph, &lt;img src=x onerror=alert(1)&gt;.</p>")
    assert values.html_to_text(content.text).split() == abstract.split()  # as the tool's own feed reader reads it back
    assert entries[1].find("a:content", ns) is None  # (an abstract that is its summary: said once)
    item = ET.fromstring(rss).find("channel/item")
    assert item.find("{http://purl.org/rss/1.0/modules/content/}encoded").text == content.text
    assert html.unescape(item.find("description").text) == p.summary


def test_a_feed_of_this_tool_reads_back_with_whole_abstracts(tmp_path):
    """Another collection adding this one's feed got each paper's one-sentence summary as its abstract."""
    from generator.readers import read_digest
    abstract = "In this work, we prove k<n bounds for sorting. It holds for all inputs we tried."
    p = dataclasses.replace(paper("a"), summary="We prove k<n bounds for sorting.", abstract_text=abstract)
    atom, rss = export.feed("Site", "About", "https://example.org/", "feed.xml", [p], ["papers/a/"], ["2024-01-02"])
    for name, data in (("feed.atom", atom), ("feed.rss", rss)):
        (tmp_path / name).write_bytes(data)
        digest, problems = read_digest(tmp_path / name)
        assert [e.abstract for e in digest.entries] == [abstract] and problems == [], name


def test_a_large_collection_s_export_read_back_by_its_parts(tmp_path):
    """A collection merging a large one's export: its papers-index.json said only "expected a list
    of papers, got number"; it now names the parts to add, and each part, decompressed, reads back
    as its papers (the paper's own address from ``source_url``, never that site's page)."""
    import gzip
    from generator.readers import read_digest
    papers = [dataclasses.replace(paper(s), id=f"2401.0000{i}", url=f"https://arxiv.org/abs/2401.0000{i}")
              for i, s in enumerate("abc")]
    files = export.papers_export(papers, {}, [f"papers/{s}/" for s in "abc"], ["2024-02-03", "2024-01-31", "2024-02-01"],
                                 split_from=2)
    (tmp_path / "papers-index.json").write_bytes(files["papers-index.json"])
    _, (problem,) = read_digest(tmp_path / "papers-index.json", display_path="papers-index.json")
    assert problem.message.endswith("(the index of a digest-site export, whose papers are in its 2 parts: decompress "
                                    "export/papers-2024-02.json.gz, export/papers-2024-01.json.gz and add those)")
    (tmp_path / "papers-2024-02.json").write_bytes(gzip.decompress(files["export/papers-2024-02.json.gz"]))
    digest, problems = read_digest(tmp_path / "papers-2024-02.json")
    assert problems == []
    assert [(e.id, e.url, e.title, e.authors) for e in digest.entries] == [
        ("2401.00000", "https://arxiv.org/abs/2401.00000", "T a", ("Ann",)),
        ("2401.00002", "https://arxiv.org/abs/2401.00002", "T c", ("Ann",))]


def test_papers_json_gives_only_an_http_source_url():
    urls = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "https://arxiv.org/abs/2401.00001"]
    records = json.loads(export.papers_json([dataclasses.replace(paper(str(i)), url=u) for i, u in enumerate(urls)], {},
                                            ["papers/0/", "papers/1/", "papers/2/"]))
    assert [r["source_url"] for r in records] == ["", "", "https://arxiv.org/abs/2401.00001"]


def test_feeds_name_an_author_and_link_themselves():
    # RFC 4287 4.1.1: a feed names an author unless every entry does; a paper of the daily
    # email has no authors, and the W3C validator rejected the feed ("Missing entry element: author")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    nameless = dataclasses.replace(paper("a"), authors=())
    atom, rss = export.feed("Site", "About", "https://example.org/digest/", "feed.xml", [nameless], ["papers/a/"],
                            ["2024-01-02"], author="The Lab")
    root = ET.fromstring(atom)
    assert [a.findtext("a:name", namespaces=ns) for a in root.findall("a:author", ns)] == ["The Lab"]
    links = {link.get("rel"): link.get("href") for link in root.findall("a:link", ns)}
    assert links == {"alternate": "https://example.org/digest/", "self": "https://example.org/digest/feed.xml"}
    channel = ET.fromstring(rss).find("channel")
    assert channel.findtext("link") == "https://example.org/digest/"
    [self_link] = channel.findall("{http://www.w3.org/2005/Atom}link")
    assert (self_link.get("rel"), self_link.get("href")) == ("self", "https://example.org/digest/rss.xml")
    untitled, _ = export.feed("Site", "About", "", "feeds/t.xml", [nameless], ["papers/a/"], ["2024-01-02"], "topics/t/")
    root = ET.fromstring(untitled)
    assert [a.findtext("a:name", namespaces=ns) for a in root.findall("a:author", ns)] == ["Site"]
    assert [link.get("rel") for link in root.findall("a:link", ns)] == ["alternate"]  # no address: no self link


def test_an_old_style_arxiv_id_gives_its_arxiv_page_as_the_source_url():
    # hep-th/9901001 had no source_url in papers.json, and its BibTeX url was the site's page,
    # though its page links https://arxiv.org/abs/hep-th/9901001 as it does for 2401.00001
    from generator import enrich
    papers = [enrich.enrich(dataclasses.replace(paper(s), id=i, url="")) for s, i in
              (("a", "hep-th/9901001"), ("b", "2401.00001"), ("c", "10.1145/3580305.3599999"), ("d", "PMID:1"))]
    records = json.loads(export.papers_json(papers, {}, ["papers/a/", "papers/b/", "papers/c/", "papers/d/"]))
    assert [r["source_url"] for r in records] == ["https://arxiv.org/abs/hep-th/9901001", "https://arxiv.org/abs/2401.00001", "", ""]


def test_gzipped_files_are_the_same_bytes_on_every_python(monkeypatch):
    """Python 3.13's gzip.compress names no operating system in its header (255) where 3.11 and
    3.12 named Unix (3): a site built on 3.13 (Debian trixie's Python) differed from 3.11's in
    every gzipped search file, and in the search folder named by their hash. The site's gzip
    bytes are those 3.11 wrote (zlib's own gzip wrapper, on Unix), whatever gzip.compress does."""
    import gzip
    import zlib

    data = "Robot grasping with language models. ".encode() * 300
    as_python_3_13 = gzip.compress

    def compress(data, compresslevel=9, *, mtime=None):
        made = as_python_3_13(data, compresslevel, mtime=mtime)
        return made[:9] + b"\xff" + made[10:]

    monkeypatch.setattr(gzip, "compress", compress)
    for level in (1, 4, 6, 9):
        made = export.gzipped(data, level)
        assert made == zlib.compress(data, level, wbits=31), level  # (mtime 0, the level's flags, Unix)
        assert gzip.decompress(made) == data
