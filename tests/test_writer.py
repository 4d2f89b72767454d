import os

import pytest

from generator import writer


def test_sync_writes_only_changes_and_removes_stale(tmp_path):
    dest = tmp_path / "docs"
    assert writer.sync_tree(dest, {"a.md": b"A", "sub/b.md": b"B"}) == writer.SyncStats(2, 0, 0)
    mtime = (dest / "a.md").stat().st_mtime_ns
    stats = writer.sync_tree(dest, {"a.md": b"A", "c.md": b"C"})
    assert stats == writer.SyncStats(1, 1, 1)
    assert (dest / "a.md").stat().st_mtime_ns == mtime
    assert sorted(p.name for p in dest.rglob("*")) == ["a.md", "c.md"]


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
