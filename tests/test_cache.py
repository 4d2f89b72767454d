"""The build cache's records files: a full segment, then patches appended build by build."""

from __future__ import annotations

import hashlib
import json
import os

from generator.cache import PATCHES, BuildCache


def segments(path) -> list[dict]:
    return [header for header, _ in bodies(path)]


def bodies(path) -> list[tuple[dict, object]]:
    """Each segment's header and records, as the file holds them."""
    found = []
    with open(path, "rb") as handle:
        while line := handle.readline():
            header = json.loads(line)
            found.append((header, BuildCache._decoded(BuildCache._body(handle, header))))
    return found


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
    body = bodies(tmp_path / "memo.json")[1][1]
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
    path.write_bytes(good.replace(b"b2", b"b3"))
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


def read_here(paths, calls):
    from generator.readers import read_digest

    calls.extend(path.name for path in paths)
    return [read_digest(path, display_path=f"content/digests/{path.name}") for path in paths]


def test_digest_files_are_read_again_only_when_their_bytes_shown_path_or_mapping_change(tmp_path):
    from generator.cache import read_all

    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "2024-01-01-a.jsonl").write_text('{"title": "A paper", "abstract": "An abstract."}\n{"title": ""}\n')
    (folder / "2024-01-02-b.txt").write_text("Only a title\n\nAnother title\nIts abstract.\n")
    paths = sorted(folder.iterdir())
    shown = lambda path: f"content/digests/{path.name}"  # noqa: E731
    calls = []
    cache = BuildCache(tmp_path / "cache")
    first = read_all(paths, lambda todo: read_here(todo, calls), shown, {}, cache)
    assert calls == ["2024-01-01-a.jsonl", "2024-01-02-b.txt"]
    assert first == read_here(paths, [])
    assert any(p.line == 2 for p in first[0][1])  # its problems, with their lines, come back too
    calls.clear()
    again = read_all(paths, lambda todo: read_here(todo, calls), shown, {}, BuildCache(tmp_path / "cache"))
    assert calls == [] and again == first
    (folder / "2024-01-02-b.txt").write_text("Only a title\n\nAnother title\nIts new abstract.\n")
    changed = read_all(paths, lambda todo: read_here(todo, calls), shown, {}, BuildCache(tmp_path / "cache"))
    assert calls == ["2024-01-02-b.txt"] and changed[1][0].entries[-1].abstract == "Its new abstract."
    calls.clear()
    read_all(paths, lambda todo: read_here(todo, calls), lambda path: path.name, {}, BuildCache(tmp_path / "cache"))
    read_all(paths, lambda todo: read_here(todo, calls), shown, {"title": "name"}, BuildCache(tmp_path / "cache"))
    read_all(paths, lambda todo: read_here(todo, calls), shown, {}, BuildCache(tmp_path / "cache", read=False))
    assert len(calls) == 6  # another shown path, another mapping, and --full: every file read again


def test_a_damaged_digests_cache_file_is_ignored_and_rewritten(tmp_path):
    from generator.cache import DIGESTS, read_all

    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "2024-01-01-a.txt").write_text("A title\nIts abstract.\n")
    paths = list(folder.iterdir())
    calls = []
    first = read_all(paths, lambda todo: read_here(todo, calls), str, {}, BuildCache(tmp_path / "cache"))
    stored = tmp_path / "cache" / f"{DIGESTS}.json"
    stored.write_bytes(stored.read_bytes().replace(b"Its abstract", b"Xts abstract"))
    again = read_all(paths, lambda todo: read_here(todo, calls), str, {}, BuildCache(tmp_path / "cache"))
    assert calls == ["2024-01-01-a.txt"] * 2 and again == first
    assert BuildCache(tmp_path / "cache").load(DIGESTS)  # written afresh


def test_a_digest_file_changed_while_it_is_read_is_not_stored(tmp_path):
    from generator.cache import read_all

    folder = tmp_path / "digests"
    folder.mkdir()
    path = folder / "2024-01-01-a.txt"
    path.write_text("A title\nIts abstract.\n")
    calls = []

    def edited_meanwhile(todo):
        path.write_text("A title\nIts abstract, edited while the build read it.\n")
        return read_here(todo, calls)

    read_all([path], edited_meanwhile, str, {}, BuildCache(tmp_path / "cache"))
    path.write_text("A title\nIts abstract.\n")  # the bytes it was keyed by, back
    again = read_all([path], lambda todo: read_here(todo, calls), str, {}, BuildCache(tmp_path / "cache"))
    assert calls == ["2024-01-01-a.txt"] * 2  # read again: the edited reading was not kept under the first bytes' key
    assert again[0][0].entries[0].abstract == "Its abstract."


def test_file_sha256_of_small_and_large_files(tmp_path, monkeypatch):
    import hashlib

    from generator import cache as cache_module

    monkeypatch.setattr(cache_module, "SMALL_FILE", 10)
    for size in (0, 10, 11, 300_000):
        path = tmp_path / f"f{size}"
        path.write_bytes(bytes(range(256)) * (size // 256) + bytes(size % 256))
        assert cache_module.file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_records_read_back_as_their_json_would_be(tmp_path):
    """What callers saved as tuples, or keyed by numbers, they compare with lists and texts."""
    saved = {"a": (1, ("x", None)), "b": {1: [2.5, True]}, "c": [[]], "d": {"e": ("f",)},
             "g": [os.stat_result(range(10))]}  # (a named tuple)
    BuildCache(tmp_path).save("memo", saved)
    assert BuildCache(tmp_path).load("memo") == json.loads(json.dumps(saved))
    many = {f"k{i}": (i, {"x": (i,)}) for i in range(2000)}  # written an entry at a time
    BuildCache(tmp_path).save("many", many)
    assert BuildCache(tmp_path).load("many") == json.loads(json.dumps(many))


def test_a_file_of_another_format_size_or_hash_is_ignored(tmp_path):
    BuildCache(tmp_path).save("memo", records(10))
    path = tmp_path / "memo.json"
    good = path.read_bytes()
    header, body = good.split(b"\n", 1)
    fields = json.loads(header)
    for changed in ({**fields, "format": "digest-site-cache 3"}, {**fields, "size": f"{len(body) - 1:012d}"},
                    {**fields, "size": 5}, {**fields, "sha256": "0" * 64}, {**fields, "size": f"{10 ** 11:012d}"}):
        path.write_bytes(json.dumps(changed).encode() + b"\n" + body)
        assert BuildCache(tmp_path).load("memo") == {}
    old = json.dumps(records(10), sort_keys=True, separators=(",", ":")).encode()  # a file of the last format
    path.write_bytes(json.dumps({"format": "digest-site-cache 3", "code": fields["code"],
                                 "sha256": hashlib.sha256(old).hexdigest()}).encode() + b"\n" + old)
    assert BuildCache(tmp_path).load("memo") == {}
    path.write_bytes(good + b"trailing")
    assert BuildCache(tmp_path).load("memo") == {}
    path.write_bytes(good)
    assert BuildCache(tmp_path).load("memo") == records(10)


def test_the_history_is_a_line_of_json_that_names_no_code(tmp_path):
    BuildCache(tmp_path).history().save("published", records(3))
    header, body = (tmp_path / "published.json").read_bytes().split(b"\n")
    assert json.loads(header) == {"format": "digest-site-cache 3", "sha256": hashlib.sha256(body).hexdigest()}
    assert json.loads(body) == records(3)
    assert BuildCache(tmp_path).history().load("published") == records(3)
