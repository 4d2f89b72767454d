"""The export stage's reuse of the last build's BibTeX entries and gzipped files (export.Reuse):
the same bytes as made afresh, whatever the cache and the docs folder hold."""

from __future__ import annotations

import dataclasses
import gzip
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
    assert set(reuse.files) == set(made)
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
