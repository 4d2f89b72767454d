"""The build cache's records files: a full segment, then patches appended build by build."""

from __future__ import annotations

import json

from generator.cache import PATCHES, BuildCache


def segments(path) -> list[dict]:
    lines = path.read_bytes().split(b"\n")
    return [json.loads(header) for header in lines[0::2]]


def records(n: int, text: str = "x") -> dict:
    return {"base": "b1", "entries": {f"k{i}": [text, i] for i in range(n)}}


def test_a_build_that_adds_records_appends_them_and_the_next_load_reads_them(tmp_path):
    BuildCache(tmp_path).save("memo", records(100))
    cache = BuildCache(tmp_path)
    loaded = cache.load("memo")
    assert loaded == records(100)
    loaded["entries"]["k100"] = ["new", 100]  # a caller may change what it loaded: the patch is still right
    del loaded["entries"]["k0"]
    cache.save("memo", loaded)
    found = segments(tmp_path / "memo.json")
    assert [h.get("patch", False) for h in found] == [False, True]
    body = json.loads((tmp_path / "memo.json").read_bytes().split(b"\n")[3])
    assert body == {"sub": {"entries": {"del": ["k0"], "set": {"k100": ["new", 100]}}}}
    expected = records(101)
    del expected["entries"]["k0"]
    expected["entries"]["k100"] = ["new", 100]
    assert BuildCache(tmp_path).load("memo") == expected


def test_unchanged_records_write_nothing_and_a_large_change_rewrites_the_file(tmp_path):
    BuildCache(tmp_path).save("memo", records(100))
    before = (tmp_path / "memo.json").read_bytes()
    cache = BuildCache(tmp_path)
    cache.save("memo", cache.load("memo"))
    assert (tmp_path / "memo.json").read_bytes() == before
    cache.load("memo")
    cache.save("memo", records(100, "changed"))  # every record: a patch as large as the file
    assert len(segments(tmp_path / "memo.json")) == 1
    assert BuildCache(tmp_path).load("memo") == records(100, "changed")


def test_after_enough_patches_the_file_is_written_whole(tmp_path):
    BuildCache(tmp_path).save("memo", records(200))
    for n in range(PATCHES + 1):
        cache = BuildCache(tmp_path)
        cache.save("memo", {**cache.load("memo"), "base": f"b{n}"})
    assert len(segments(tmp_path / "memo.json")) == 1
    assert BuildCache(tmp_path).load("memo")["base"] == f"b{PATCHES}"


def test_a_damaged_or_cut_patch_makes_the_whole_file_ignored(tmp_path):
    BuildCache(tmp_path).save("memo", records(100))
    cache = BuildCache(tmp_path)
    cache.save("memo", {**cache.load("memo"), "base": "b2"})
    path = tmp_path / "memo.json"
    good = path.read_bytes()
    path.write_bytes(good.replace(b'"b2"', b'"b3"'))
    assert BuildCache(tmp_path).load("memo") == {}
    path.write_bytes(good[:-3])  # a build killed while appending
    assert BuildCache(tmp_path).load("memo") == {}
    path.write_bytes(good)
    assert BuildCache(tmp_path).load("memo")["base"] == "b2"


def test_a_file_changed_since_it_was_loaded_is_written_whole(tmp_path):
    BuildCache(tmp_path).save("memo", records(100))
    cache = BuildCache(tmp_path)
    loaded = cache.load("memo")
    BuildCache(tmp_path).save("memo", records(50))  # another writer in between
    cache.save("memo", {**loaded, "base": "b2"})
    assert len(segments(tmp_path / "memo.json")) == 1
    assert BuildCache(tmp_path).load("memo") == {**records(100), "base": "b2"}
