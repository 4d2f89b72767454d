"""The export stage's reuse of the last build's BibTeX entries and gzipped files (export.Reuse):
the same bytes as made afresh, whatever the cache and the docs folder hold."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os

from generator import export
from generator.bibtex import bib_files, entry, entry_key
from generator.cache import BuildCache
from generator.model import Paper, Source


def paper(i: int, **fields) -> Paper:
    base = {"key": f"title:{i}", "slug": f"p{i}", "title": f"Title {i}", "abstract": "", "source": Source("d.txt", 1),
            "authors": (f"Ann Lee{i}",), "date": "2024-01-02", "digests": ("d1",)}
    return Paper(**{**base, **fields})


def build(papers, tmp_path, full=False):
    """``bib_files`` of ``papers`` (gzipped) with the cache and docs folder of tmp_path, as a
    build does: the files written to the docs folder after, the cache saved."""
    cache = BuildCache(tmp_path / "cache", read=not full)
    reuse = export.Reuse.load(cache, tmp_path / "docs")
    files = bib_files(papers, [""] * len(papers), {"t": [0, 1]}, compress_from=1, reuse=reuse)
    reuse.save(cache, [reuse.made])
    for path, data in files.items():
        (tmp_path / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / path).write_bytes(data)
    return files, reuse


def test_reused_entries_and_files_are_those_made_afresh(tmp_path):
    papers = [paper(i) for i in range(4)]
    first, _ = build(papers, tmp_path)
    assert first == bib_files(papers, [""] * 4, {"t": [0, 1]}, compress_from=1)
    changed = [*papers[:3], dataclasses.replace(papers[3], title="Another title"), paper(4, digests=("d2",))]
    again, reuse = build(changed, tmp_path)
    assert again == bib_files(changed, [""] * 5, {"t": [0, 1]}, compress_from=1)
    assert reuse.entries[entry_key(papers[0])] == entry(papers[0])  # the last build's entries were read
    assert b"Another title" in gzip.decompress(again["papers.bib.gz"])


def test_a_docs_file_changed_since_is_made_again(tmp_path):
    papers = [paper(i) for i in range(3)]
    made, _ = build(papers, tmp_path)
    (tmp_path / "docs/topics/t.bib.gz").write_bytes(gzip.compress(b"@misc{edited,\n}\n"))  # edited by hand
    (tmp_path / "docs/digests/d1.bib.gz").unlink()
    os.mkfifo(tmp_path / "docs/papers.bib.gz.fifo")
    (tmp_path / "docs/papers.bib.gz").unlink()
    (tmp_path / "docs/papers.bib.gz").symlink_to(tmp_path / "docs/papers.bib.gz.fifo")  # read, it would block
    reuse = export.Reuse.load(BuildCache(tmp_path / "cache"), tmp_path / "docs")
    assert set(reuse.parts) == set(made)
    assert bib_files(papers, [""] * 3, {"t": [0, 1]}, compress_from=1, reuse=reuse) == made


def test_records_of_another_zlib_or_a_damaged_file_are_ignored(tmp_path):
    papers = [paper(i) for i in range(2)]
    build(papers, tmp_path)
    cache = BuildCache(tmp_path / "cache")
    assert export.Reuse.load(cache, None).entries
    records = cache.load(export.REUSED)
    cache.save(export.REUSED, {**records, "context": "zlib 0.0, level 6"})
    assert export.Reuse.load(BuildCache(tmp_path / "cache"), None).entries == {}
    path = tmp_path / "cache" / f"{export.REUSED}.json"
    path.write_bytes(path.read_bytes().replace(b"Title", b"Tytle"))
    assert export.Reuse.load(BuildCache(tmp_path / "cache"), None).entries == {}
    assert export.Reuse.load(BuildCache(tmp_path / "cache", read=False), None).entries == {}  # --full


def test_a_feed_is_made_again_only_when_what_it_shows_changed(tmp_path):
    """Reuse.made_of: the docs folder's feed when its key is the last build's and its bytes are
    those made; a changed key or a file changed since makes it again."""
    (tmp_path / "docs").mkdir()
    calls = []

    def feed(papers, key):
        def make():
            calls.append(key)
            atom, _ = export.feed("Site", "", "", "feeds/t.xml", papers, ["p.html"] * len(papers), ["2024-01-02"] * len(papers))
            return {"feeds/t.xml": atom}
        cache = BuildCache(tmp_path / "cache")
        reuse = export.Reuse.load(cache, tmp_path / "docs")
        made = reuse.made_of(export.feed_key("Site", papers=papers), make, ["feeds/t.xml"])
        reuse.save(cache, [reuse.made])
        (tmp_path / "docs/feeds").mkdir(exist_ok=True)
        (tmp_path / "docs/feeds/t.xml").write_bytes(made["feeds/t.xml"])
        return made["feeds/t.xml"]

    papers = [paper(i) for i in range(3)]
    first = feed(papers, "first")
    assert feed(papers, "same") == first and calls == ["first"]
    retitled = [*papers[:2], dataclasses.replace(papers[2], title_text="Another title")]
    assert b"Another title" in feed(retitled, "retitled") and calls == ["first", "retitled"]
    (tmp_path / "docs/feeds/t.xml").write_bytes(first.replace(b"Title 0", b"Title 9"))  # edited by hand
    assert feed(retitled, "edited") != first and calls[-1] == "edited"


def parts(papers, tmp_path, full=False):
    """``papers_export`` of ``papers`` (split from 2 papers, one month) with the cache and docs
    folder of tmp_path, as a build does; the files, and the records and segments it took up."""
    cache = BuildCache(tmp_path / "cache", read=not full)
    reuse = export.Reuse.load(cache, tmp_path / "docs")
    taken = []
    last_part = reuse._last_part
    reuse._last_part = lambda path: taken.append(last_part(path)) or taken[-1]
    urls = [f"papers/{p.slug}/" for p in papers]
    files = export.papers_export(papers, {}, urls, ["2024-01-02"] * len(papers), split_from=2, reuse=reuse)
    reuse.save(cache, [reuse.made])
    for path, data in files.items():
        (tmp_path / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / path).write_bytes(data)
    assert files == export.papers_export(papers, {}, urls, ["2024-01-02"] * len(papers), split_from=2)
    return files, taken[0]


def test_papers_json_parts_take_up_the_last_builds_records_and_segments(tmp_path):
    """A part is one gzip stream of segments: the same bytes whether its records and segments
    are the last build's or made afresh, and a record of a changed paper is made again."""
    papers = [paper(i, abstract="An abstract about graphs " * (i % 7)) for i in range(200)]
    first, (records, held) = parts(papers, tmp_path)
    assert records == {} and held == {}
    data = gzip.decompress(first["export/papers-2024-01.json.gz"])
    assert data == export.papers_json(papers, {}, [f"papers/{p.slug}/" for p in papers]).encode()
    changed = [paper(200), *papers[:50], dataclasses.replace(papers[50], title="Another title"), *papers[51:]]
    again, (records, held) = parts(changed, tmp_path)
    assert len(records) == 200 and len(held) > 10  # the 199 unchanged records were read back, not made
    assert [r["title"] for r in json.loads(gzip.decompress(again["export/papers-2024-01.json.gz"]))][:2] == ["Title 200", "Title 0"]
    assert b"Another title" in gzip.decompress(again["export/papers-2024-01.json.gz"])


def test_a_papers_json_part_changed_since_or_its_damaged_records_are_not_taken_up(tmp_path):
    papers = [paper(i) for i in range(40)]
    made, _ = parts(papers, tmp_path)
    path = tmp_path / "docs/export/papers-2024-01.json.gz"
    path.write_bytes(gzip.compress(gzip.decompress(made["export/papers-2024-01.json.gz"]).replace(b"Title 3", b"Title 9")))
    again, (records, held) = parts(papers, tmp_path)  # edited by hand: its lines are not taken for records
    assert records == {} and held == {} and again == made
    cache = BuildCache(tmp_path / "cache")
    saved = json.loads(json.dumps(cache.load(export.REUSED)))  # (load shares what it read)
    saved["parts"]["export/papers-2024-01.json.gz"]["keys"].pop()  # (a record of a part of other papers)
    cache.save(export.REUSED, saved)
    again, (records, held) = parts(papers, tmp_path)
    assert records == {} and held == {} and again == made
    _, (records, _) = parts(papers, tmp_path, full=True)  # --full reads nothing
    assert records == {}


def test_a_feed_made_again_takes_up_the_entries_of_its_last_file_and_is_the_same(tmp_path):
    """Reuse.feed: a feed whose key changed is given the entries of the docs folder's last file
    of it (Atom's and RSS's), and feedgen writes only the others; the bytes are those of a feed
    made whole, whatever the texts (lines that look like the feed's own), and an entry of a file
    changed since, or of a record whose keys do not match the file, is not taken up."""
    (tmp_path / "docs").mkdir()
    paths = ["feed.xml", "rss.xml"]
    odd = ["  <entry>\n", "</feed>\n", "    <item>\n  </channel>\n</rss>\n", "Ünïcode & <b>", "a\tb\r\nc"]

    def paper_of(i):
        return paper(i, title=odd[i % 5] + str(i), title_text=odd[(i + 1) % 5] + str(i), summary=odd[(i + 2) % 5],
                     authors=(odd[(i + 3) % 5], f"Ann {i}"), date=f"2024-01-{1 + i % 9:02}")

    def feed(papers, site_url=""):
        urls, dates = [f"papers/p{i}/" for i in range(len(papers))], [p.date for p in papers]
        cache = BuildCache(tmp_path / "cache")
        reuse = export.Reuse.load(cache, tmp_path / "docs")
        keys = export.entry_keys(papers, urls, dates, export.feed_base(site_url, "feed.xml"))
        taken = []

        def make(held):
            taken.append(sum(map(len, held)))
            return dict(zip(paths, export.feed("Site", "", site_url, "feed.xml", papers, urls, dates, keys=keys, held=held)))
        made = reuse.feed(export.feed_key("Site", site_url, urls, dates, papers=papers), lambda: keys, make, paths)
        assert made == dict(zip(paths, export.feed("Site", "", site_url, "feed.xml", papers, urls, dates)))
        reuse.save(cache, [reuse.made])
        for path in paths:
            (tmp_path / "docs" / path).write_bytes(made[path])
        return made, taken

    papers = [paper_of(i) for i in range(12)]
    first, taken = feed(papers)
    assert taken == [0]
    again, taken = feed([paper_of(12), *papers[:5], dataclasses.replace(papers[5], summary="Another"), *papers[6:]])
    assert taken == [2 * 12] and b"Another" in again["rss.xml"]
    feed(papers, "https://example.org/")
    (tmp_path / "docs/feed.xml").write_bytes(first["feed.xml"].replace(b"Ann 3", b"Ann 4"))  # edited by hand
    _, taken = feed(papers[1:], "https://example.org/")
    assert taken == [12]  # the RSS file's entries only
    cache = BuildCache(tmp_path / "cache")
    records = cache.load(export.REUSED)
    key, digest, entries = records["files"]["rss.xml"]
    records["files"] = {**records["files"], "rss.xml": [key, digest, entries[:-1]]}  # a key fewer than the file's entries
    cache.save(export.REUSED, records)
    _, taken = feed(papers[2:], "https://example.org/")
    assert taken == [11]  # the Atom file's entries only


def test_a_record_of_a_topic_named_otherwise_is_made_again(tmp_path):
    """A record names its paper's topics: a part whose records are taken up is made again where a
    topic's name changed (or a topic gained one), not elsewhere."""
    from generator.model import TopicMatch
    papers = [paper(i, topics=(TopicMatch("t" if i % 3 else "u", 0.5),)) for i in range(60)]
    urls = [f"papers/{p.slug}/" for p in papers]

    def part(names):
        cache = BuildCache(tmp_path / "cache")
        reuse = export.Reuse.load(cache, tmp_path / "docs")
        files = export.papers_export(papers, names, urls, ["2024-01-02"] * 60, split_from=2, reuse=reuse)
        assert files == export.papers_export(papers, names, urls, ["2024-01-02"] * 60, split_from=2)
        reuse.save(cache, [reuse.made])
        for path, data in files.items():
            (tmp_path / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "docs" / path).write_bytes(data)
        return gzip.decompress(files["export/papers-2024-01.json.gz"])

    assert b'"Topic T"' in part({"t": "Topic T"})
    assert b'"Topic T"' not in part({"t": "Renamed"}) and b'"u"' in part({"t": "Renamed"})
    assert b'"Topic U"' in part({"t": "Renamed", "u": "Topic U"})
