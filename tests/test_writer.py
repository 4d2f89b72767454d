import os

import pytest

from generator import writer
from generator.errors import DigestSiteError


def test_sync_writes_only_changes_and_removes_stale(tmp_path):
    dest = tmp_path / "docs"
    assert writer.sync_tree(dest, {"a.md": b"A", "sub/b.md": b"B"}) == writer.SyncStats(2, 0, 0)
    mtime = (dest / "a.md").stat().st_mtime_ns
    stats = writer.sync_tree(dest, {"a.md": b"A", "c.md": b"C"})
    assert stats == writer.SyncStats(1, 1, 1)
    assert (dest / "a.md").stat().st_mtime_ns == mtime
    assert sorted(p.name for p in dest.rglob("*")) == [writer.MANIFEST, "a.md", "c.md"]


def test_a_docs_folder_with_files_the_tool_did_not_write_is_refused_and_kept(tmp_path):
    dest = tmp_path / "docs"
    (dest / "guide").mkdir(parents=True)
    (dest / "guide" / "intro.md").write_text("hi")
    with pytest.raises(writer.NotOwned, match=r"guide/intro.md"):
        writer.sync_tree(dest, {"index.md": b"I"})
    assert sorted(p.name for p in dest.rglob("*")) == ["guide", "intro.md"]


def test_a_file_added_to_an_owned_docs_folder_is_refused_never_removed(tmp_path):
    dest = tmp_path / "docs"
    writer.sync_tree(dest, {"index.md": b"I", "papers/a.md": b"A"})
    (dest / "papers" / "mine.md").write_text("mine")
    with pytest.raises(writer.NotOwned, match=r"papers/mine.md"):
        writer.sync_tree(dest, {"index.md": b"I"})
    assert (dest / "papers" / "mine.md").read_text() == "mine" and (dest / "papers" / "a.md").exists()


def test_a_docs_folder_from_before_the_manifest_is_taken_over_when_all_its_files_are_generated(tmp_path):
    dest = tmp_path / "docs"
    dest.mkdir()
    (dest / "index.md").write_text("old")
    assert writer.sync_tree(dest, {"index.md": b"new", "a.md": b"A"}) == writer.SyncStats(2, 0, 0)
    assert writer.sync_tree(dest, {"a.md": b"A"}) == writer.SyncStats(0, 1, 1)


def test_what_a_killed_write_left_is_removed_and_not_a_stranger(tmp_path):
    dest = tmp_path / "docs"
    writer.sync_tree(dest, {"a.md": b"A"})
    (dest / ".a.md.tmp-999999999").write_text("half")
    writer.sync_tree(dest, {"a.md": b"B"})
    assert sorted(p.name for p in dest.iterdir()) == [writer.MANIFEST, "a.md"]


def test_sync_refuses_paths_outside(tmp_path):
    for bad in ("../x", "/etc/passwd", "a/../../x"):
        with pytest.raises(ValueError):
            writer.sync_tree(tmp_path / "docs", {bad: b""})


def test_failed_build_leaves_published_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    with pytest.raises(RuntimeError):
        with writer.staging(site) as staged:
            (staged / "index.html").write_text("new")
            raise RuntimeError("boom")
    assert (site / "index.html").read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_publish_swaps_in_the_new_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")
    with writer.staging(site) as staged:
        (staged / "new.html").write_text("new")
        writer.publish(staged, site)
    assert sorted(os.listdir(site)) == ["new.html"]
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_add_file_never_overwrites_without_force(tmp_path):
    target = tmp_path / "d" / "x.txt"
    writer.add_file(target, b"one")
    with pytest.raises(FileExistsError):
        writer.add_file(target, b"two")
    assert target.read_bytes() == b"one"
    writer.add_file(target, b"two", force=True)
    assert target.read_bytes() == b"two"


def test_spooled_files_move_into_place_and_the_spool_goes(tmp_path):
    dest = tmp_path / "docs"
    writer.sync_tree(dest, {"a.md": b"A", "old.md": b"O"})
    mtime = (dest / "a.md").stat().st_mtime_ns
    with writer.spool(dest) as spool:
        files = {"a.md": spool.put("a.md", b"A"), "b/c.md": spool.put("b/c.md", b"C")}
        assert writer.sync_tree(dest, files) == writer.SyncStats(1, 1, 1)
    assert (dest / "a.md").stat().st_mtime_ns == mtime  # the same bytes: left as it was
    assert (dest / "b/c.md").read_bytes() == b"C"
    assert sorted(os.listdir(tmp_path)) == ["docs"]


def test_a_file_the_docs_folder_holds_byte_for_byte_is_not_spooled_again(tmp_path):
    dest = tmp_path / "docs"
    writer.sync_tree(dest, {"a.md": b"A", "b.md": b"B", "c.md": b"C"})
    before = {name: os.stat(dest / name).st_ino for name in ("a.md", "b.md")}
    with writer.spool(dest) as spool:
        files = {"a.md": spool.put("a.md", b"A"), "b.md": spool.put("b.md", b"b"), "c.md": spool.put("c.md", b"CC")}
        assert files["a.md"] == writer.Kept(1)  # the same bytes: nothing written
        assert isinstance(files["b.md"], writer.Spooled) and isinstance(files["c.md"], writer.Spooled)
        assert len(list(spool.folder.iterdir())) == 2
        assert writer.sync_tree(dest, files, spool) == writer.SyncStats(2, 1, 0)
    assert os.stat(dest / "a.md").st_ino == before["a.md"] and os.stat(dest / "b.md").st_ino != before["b.md"]
    assert [(dest / n).read_bytes() for n in ("a.md", "b.md", "c.md")] == [b"A", b"b", b"CC"]


@pytest.mark.parametrize("empty_folder", [False, True], ids=["absent", "empty"])
def test_a_docs_folder_not_there_yet_is_the_spool_renamed(tmp_path, empty_folder):
    dest = tmp_path / "docs"
    if empty_folder:
        dest.mkdir()
    with writer.spool(dest) as spool:
        files = {"a.md": spool.put("a.md", b"A"), "b/c.md": spool.put("b/c.md", b"C"), "d.json": b"D"}
        folder = os.stat(spool.folder).st_ino
        assert writer.sync_tree(dest, files, spool) == writer.SyncStats(3, 0, 0)
    assert os.stat(dest).st_ino == folder  # one rename, no file moved on its own
    found = {p.relative_to(dest).as_posix(): p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    assert found.pop(writer.MANIFEST).decode().splitlines()[1:-1] == ["a.md", "b/c.md", "d.json"]
    assert found == {"a.md": b"A", "b/c.md": b"C", "d.json": b"D"}
    assert sorted(os.listdir(tmp_path)) == ["docs"]
    assert writer.sync_tree(dest, {"a.md": b"A"}) == writer.SyncStats(0, 1, 2)  # its own files, listed


def test_a_spool_beside_a_docs_folder_makes_no_folders(tmp_path):
    """Each folder of the spool took an ``rmdir`` when it went (here 2-3 ms apiece)."""
    dest = tmp_path / "docs"
    writer.sync_tree(dest, {"a.md": b"A"})
    with writer.spool(dest) as spool:
        files = {"a.md": b"A", "papers/b.md": spool.put("papers/b.md", b"B"), "c/1/d.json": spool.put("c/1/d.json", b"D")}
        assert [p.is_file() for p in spool.folder.iterdir()] == [True, True]
        assert writer.sync_tree(dest, files, spool) == writer.SyncStats(2, 1, 0)
        assert list(spool.folder.iterdir()) == []
    found = {p.relative_to(dest).as_posix(): p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    assert found.keys() - {writer.MANIFEST} == {"a.md", "papers/b.md", "c/1/d.json"} and found["c/1/d.json"] == b"D"
    assert sorted(os.listdir(tmp_path)) == ["docs"]


def test_a_spool_never_writes_outside_itself(tmp_path):
    with writer.spool(tmp_path / "docs") as spool:
        for bad in ("../x.md", "/etc/x.md", "a/../../x.md"):
            with pytest.raises(ValueError):
                spool.put(bad, b"")
    assert sorted(os.listdir(tmp_path)) == []


def test_a_failed_build_leaves_no_spool_and_the_docs_folder_as_it_was(tmp_path):
    dest = tmp_path / "docs"
    writer.sync_tree(dest, {"a.md": b"A"})
    with pytest.raises(RuntimeError):
        with writer.spool(dest) as spool:
            spool.put("a.md", b"changed")
            raise RuntimeError("a later stage failed")
    assert (dest / "a.md").read_bytes() == b"A"
    assert sorted(os.listdir(tmp_path)) == ["docs"]


def test_a_cache_file_written_in_pieces_is_its_header_and_the_json_of_its_records(tmp_path, monkeypatch):
    import json
    import marshal

    from generator import cache

    monkeypatch.setattr(cache, "JSON_PIECE", 2)  # dicts of more entries go an entry at a time
    records = {"b": [1, "é\n"], "a": {"y": 1, "x": {"q": 2, "p": [3], "r": 4}}, "c": None}
    stored = cache.BuildCache(tmp_path / "c")
    stored.save("r", records)
    body = marshal.dumps(records, 2)
    assert (tmp_path / "c/r.json").read_bytes() == json.dumps(stored._header(body)).encode() + b"\n" + body
    assert list(cache._marshal_pieces(records))[:3] == [b"{", marshal.dumps("b", 2), marshal.dumps([1, "é\n"], 2)]
    inner = {"k": records["a"]["x"], "j": 1, "i": 2}  # a dict of more entries within: in pieces too
    assert b"".join(cache._marshal_pieces(inner)) == marshal.dumps(inner, 2)
    assert len(list(cache._marshal_pieces(inner))) == 15  # { k { q 2 p [3] r 4 0 j 1 i 2 0
    assert stored.load("r") == records
    history = stored.history()
    history.save("h", records)
    body = json.dumps(records, sort_keys=True, separators=(",", ":")).encode()
    assert (tmp_path / "c/h.json").read_bytes() == json.dumps(history._header(body)).encode() + b"\n" + body
    assert history.load("h") == records
    assert sorted(os.listdir(tmp_path / "c")) == ["h.json", "r.json"]


def test_a_cache_file_or_manifest_cut_short_by_a_full_disk_leaves_no_temporary_file(tmp_path):
    """It held the space it took on the full disk, and the cache's were never removed."""
    import errno

    def pieces():
        yield b"{"
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    (tmp_path / "c").mkdir()
    writer.write_cache_file(tmp_path / "c/r.json", [b"{}"], lambda sha256: b"header\n")
    with pytest.raises(OSError):
        writer.write_cache_file(tmp_path / "c/r.json", pieces(), lambda sha256: b"header\n")
    with pytest.raises(IsADirectoryError):  # the manifest's write, failing at the rename
        writer._write_atomic(tmp_path / "c", b"x")
    assert sorted(os.listdir(tmp_path)) == ["c"]
    assert os.listdir(tmp_path / "c") == ["r.json"] and (tmp_path / "c/r.json").read_bytes() == b"header\n{}"


def test_a_kept_file_is_left_as_it_is_and_one_changed_meanwhile_fails_the_write(tmp_path):
    """``Kept``: the build checked that the docs folder holds the page already."""
    dest = tmp_path / "docs"
    writer.sync_tree(dest, {"a.md": b"abc"})
    assert writer.sync_tree(dest, {"a.md": writer.Kept(3)}) == writer.SyncStats(0, 1, 0)
    assert (dest / "a.md").read_bytes() == b"abc"
    (dest / "a.md").write_bytes(b"abcd")
    with pytest.raises(DigestSiteError, match="changed while the site was built"):
        writer.sync_tree(dest, {"a.md": writer.Kept(3)})


@pytest.mark.parametrize("damage", ["cut", "garbled", "old"])
def test_a_damaged_manifest_is_ours_whole_not_a_stranger(tmp_path, damage):
    # a workflow's cache restored in part leaves the manifest cut short or garbled: the folder was
    # the tool's all the same, and the next build must cost time, not fail naming "strangers"
    dest = tmp_path / "docs"
    writer.sync_tree(dest, {"a.md": b"a", "b/c.md": b"c", "gone.md": b"g"})
    manifest = dest / writer.MANIFEST
    data = manifest.read_bytes()
    manifest.write_bytes({"cut": data[: len(data) // 2], "garbled": data.replace(b"b/c.md", b"b/x.md"),
                          "old": data.rsplit(b"# end", 1)[0]}[damage])
    writer.sync_tree(dest, {"a.md": b"A", "b/c.md": b"c"})
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()) == [
        writer.MANIFEST, "a.md", "b/c.md"]
    assert writer._read_manifest(dest) == {"a.md", "b/c.md"}


def test_the_manifest_is_written_only_when_the_files_it_lists_change(tmp_path, monkeypatch):
    # at 10,000 papers it is 13,000 lines, written twice a build: a build that makes the same files
    # leaves it as it is, one that adds or removes files writes it once, any other manifest is written anew
    dest = tmp_path / "docs"
    manifest = dest / writer.MANIFEST
    writer.sync_tree(dest, {"a.md": b"a", "b/c.md": b"c"})
    writes = []
    real = writer._write_manifest
    monkeypatch.setattr(writer, "_write_manifest", lambda folder, files: (writes.append(set(files)), real(folder, files)))
    writer.sync_tree(dest, {"a.md": b"A", "b/c.md": b"c"})
    assert writes == []
    writer.sync_tree(dest, {"a.md": b"A", "b/c.md": b"c", "d.md": b"d"})  # a file more: listed before it is made
    assert writes == [{"a.md", "b/c.md", "d.md"}]
    writer.sync_tree(dest, {"a.md": b"A", "d.md": b"d"})  # a file fewer: listed until it is removed
    assert writes[1:] == [{"a.md", "d.md"}]
    for lines in ("a.md\nd.md\n", "d.md\na.md\n", "a.md\n\nd.md\n"):  # whole, but not as a build writes it
        body = (writer.MANIFEST_HEADER + "\n" + lines).encode()
        manifest.write_bytes(body + writer._end_line(body) + b"\n")
        writer.sync_tree(dest, {"a.md": b"A", "d.md": b"d"})
        assert manifest.read_bytes() == writer._manifest_bytes({"a.md", "d.md"})


def test_the_sync_gives_the_stamp_of_every_file_it_leaves(tmp_path):
    # the build's later stages take them instead of a stat of each of 13,000 files (up_to_date,
    # the page cache): they must be what a stat gives once the sync is done
    from generator.cache import stamp

    dest = tmp_path / "docs"
    writer.sync_tree(dest, {"a.md": b"a", "b/c.md": b"c", "gone.md": b"g"})
    with writer.spool(dest) as spool:
        files = {"a.md": b"a", "b/c.md": spool.put("b/c.md", b"C"), "d.md": spool.put("d.md", b"d"),
                 "e.md": b"e", "f.md": spool.put("f.md", b"f")}
        stats = writer.sync_tree(dest, files, spool)
    assert stats.stamps == {rel: stamp(dest / rel) for rel in stats.files} and len(stats.stamps) == 6
    stats = writer.sync_tree(dest, {"a.md": b"a", "b/c.md": writer.Kept(1)})
    assert stats.stamps == {rel: stamp(dest / rel) for rel in stats.files} and len(stats.stamps) == 3


def test_an_earlier_version_s_manifest_is_read_as_it_is_and_a_file_put_beside_it_is_never_removed(tmp_path):
    # an upgrade finds the manifest an earlier version wrote (no end line): it lists the tool's
    # files as it always did, so a file the owner put in the folder since is a stranger, refused
    # as that version refused it, not removed as a damaged manifest's folder's files are
    dest = tmp_path / "docs"
    dest.mkdir()
    (dest / "a.md").write_bytes(b"a")
    (dest / "mine.md").write_bytes(b"the owner's")
    (dest / writer.MANIFEST).write_text(writer.OLD_MANIFEST_HEADER + "\na.md\n", encoding="utf-8")
    assert writer._read_manifest(dest) == {"a.md"}
    with pytest.raises(DigestSiteError, match="did not write"):
        writer.sync_tree(dest, {"a.md": b"A"})
    assert (dest / "mine.md").read_bytes() == b"the owner's"
    (dest / "mine.md").unlink()
    writer.sync_tree(dest, {"b.md": b"B"})  # without strangers: its own files replaced, as before
    assert sorted(p.name for p in dest.iterdir()) == sorted([writer.MANIFEST, "b.md"])


def _published(tmp_path, old: dict[str, str], new: dict[str, str], kept: set[str]):
    """A site of ``old`` files updated in place to ``new`` ones and the ``kept`` ones."""
    site = tmp_path / "site"
    for rel, text in old.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    with writer.staging(site) as staged:
        for rel, text in new.items():
            (staged / rel).parent.mkdir(parents=True, exist_ok=True)
            (staged / rel).write_text(text)
        writer.publish(staged, site, {rel: str(site / rel) for rel in kept})
    return site


def test_an_update_in_place_gives_the_stamp_of_every_file_of_the_site(tmp_path):
    # the kept pages' as the build found them (Held), the others' as the update left them:
    # what up_to_date takes instead of a stat of each of the site's files
    from generator.cache import stamp

    site = tmp_path / "site"
    for rel in ("papers/a/index.html", "papers/b/index.html", "feed.xml", "old.xml"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(rel)
    with writer.staging(site) as staged:
        for rel in ("feed.xml", "papers/c/index.html"):
            (staged / rel).parent.mkdir(parents=True, exist_ok=True)
            (staged / rel).write_text("new " + rel)
        kept = {"papers/a/index.html": str(site / "papers/a/index.html"), "papers/b/index.html": ""}
        found = writer.publish(staged, site, writer.Held(kept, {"papers/a/index.html": [1, 2, 3, 4]}))
    assert found == {"papers/a/index.html": [1, 2, 3, 4], "papers/b/index.html": stamp(site / "papers/b/index.html"),
                     "feed.xml": stamp(site / "feed.xml"), "papers/c/index.html": stamp(site / "papers/c/index.html")}


def test_an_update_in_place_removes_the_folders_it_empties_and_keeps_the_others(tmp_path):
    old = {"papers/a/index.html": "a", "papers/b/index.html": "b", "search/1/x.json": "x", "search/1/y/z.json": "z",
           "feed.xml": "old"}
    site = tmp_path / "site"
    (site / "search/1/empty").mkdir(parents=True)  # made by hand: its folder is not empty, and stays
    site = _published(tmp_path, old, {"search/2/x.json": "x2", "feed.xml": "new", "papers/c/d/index.html": "c"},
                      kept={"papers/a/index.html"})
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert files == ["feed.xml", "papers", "papers/a", "papers/a/index.html", "papers/c", "papers/c/d",
                     "papers/c/d/index.html", "search", "search/1", "search/1/empty", "search/2", "search/2/x.json"]
    assert (site / "feed.xml").read_text() == "new"
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_an_update_in_place_lists_each_folder_once_not_once_per_file_removed(tmp_path, monkeypatch):
    """At 10,000 papers a build removes the last build's 1,700 search files from one folder:
    listing the folder after each of them took 0.3-0.5 s."""
    listed = []
    scandir, listdir = os.scandir, os.listdir

    def noted(list_folder):
        def call(path="."):
            if not isinstance(path, int):  # (a folder rmtree opened)
                listed.append(os.fspath(path))
            return list_folder(path)
        return call

    monkeypatch.setattr(os, "scandir", noted(scandir))
    monkeypatch.setattr(os, "listdir", noted(listdir))
    old = {f"search/1/{i}.json": "x" for i in range(50)} | {"index.html": "i"}
    site = _published(tmp_path, old, {"search/2/0.json": "y"}, kept={"index.html"})
    assert sorted(os.listdir(site)) == ["index.html", "search"]
    assert max(listed.count(path) for path in listed) <= 2  # (the site's own folders: once to list, once to empty)


def test_an_update_in_place_never_writes_through_a_link_the_site_holds_for_a_folder(tmp_path):
    """A folder of the site replaced by hand by a link to one elsewhere: the update wrote the new
    pages through the link, outside the site, then removed the link (every page under it was gone)."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "t").mkdir(parents=True)
    (elsewhere / "t/index.html").write_text("old topic")
    site = tmp_path / "site"
    site.mkdir()
    (site / "topics").symlink_to(elsewhere)
    site = _published(tmp_path, {"index.html": "i", "papers/a/index.html": "a"},
                      {"index.html": "i2", "topics/t/index.html": "new topic", "topics/u/index.html": "u"},
                      kept={"papers/a/index.html"})
    assert (site / "topics/t/index.html").read_text() == "new topic" and (site / "topics/u/index.html").is_file()
    assert not (site / "topics").is_symlink() and (site / "papers/a/index.html").read_text() == "a"
    assert sorted(p.relative_to(elsewhere).as_posix() for p in elsewhere.rglob("*")) == ["t", "t/index.html"]
    assert (elsewhere / "t/index.html").read_text() == "old topic"


def _placed(tmp_path, staged, pages: dict[str, str]) -> dict[str, str]:
    """``pages`` written flat into ``staged``'s PLACED folder, as MkDocs writes them for an update."""
    (staged / writer.PLACED).mkdir()
    placed = {}
    for number, (rel, text) in enumerate(pages.items()):
        placed[rel] = str(staged / writer.PLACED / f"{number}.html")
        (staged / writer.PLACED / f"{number}.html").write_text(text)
    return placed


def _tree(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*") if p.is_file()}


def test_pages_placed_outside_the_built_tree_are_published_in_their_places(tmp_path):
    site = tmp_path / "site"
    for rel in ("papers/a/index.html", "papers/b/index.html", "feed.xml"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("old " + rel)
    with writer.staging(site) as staged:
        (staged / "feed.xml").write_text("new feed")
        placed = _placed(tmp_path, staged, {"papers/b/index.html": "new b", "papers/c/index.html": "new c"})
        kept = writer.Held({"papers/a/index.html": str(site / "papers/a/index.html")}, {}, placed)
        found = writer.publish(staged, site, kept)
        assert list((staged / writer.PLACED).iterdir()) == []  # every page moved: no folder of theirs left
    assert _tree(site) == {"papers/a/index.html": "old papers/a/index.html", "papers/b/index.html": "new b",
                           "papers/c/index.html": "new c", "feed.xml": "new feed"}
    assert set(found) == set(_tree(site))
    assert sorted(os.listdir(tmp_path)) == ["site"]


@pytest.mark.parametrize("how", ["nothing kept", "update failed"])
def test_placed_pages_go_into_the_built_tree_when_the_site_is_swapped_in_whole(tmp_path, monkeypatch, how):
    site = tmp_path / "site"
    (site / "papers/a").mkdir(parents=True)
    (site / "papers/a/index.html").write_text("old a")
    (site / "old.xml").write_text("old")
    steps = []

    def failing(journal, kind, rel, source, target):  # the update fails half done: undone, then swapped
        steps.append(rel)
        if len(steps) == 3:
            raise OSError("disk full")
        step(journal, kind, rel, source, target)

    step = writer._step
    monkeypatch.setattr(writer, "_step", failing)
    with writer.staging(site) as staged:
        (staged / "feed.xml").write_text("feed")
        placed = _placed(tmp_path, staged, {"papers/b/index.html": "b", "papers/c/index.html": "c"})
        (staged / "papers/a").mkdir(parents=True)
        (staged / "papers/a/index.html").write_text("new a")
        kept = writer.Held({"papers/a/index.html": str(site / "papers/a/index.html")} if how == "update failed" else {},
                           {}, placed)
        if how == "update failed":
            (staged / "papers/a/index.html").unlink()  # kept instead: the site's own
        writer.publish(staged, site, kept)
    assert _tree(site) == {"papers/a/index.html": "old a" if how == "update failed" else "new a", "papers/b/index.html": "b",
                           "papers/c/index.html": "c", "feed.xml": "feed"}
    assert (len(steps) >= 3) == (how == "update failed")
    assert sorted(os.listdir(tmp_path)) == ["site"]
