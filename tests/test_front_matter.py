"""Front matter written and read by ``generator/front_matter.py`` is PyYAML's, byte for byte and
value for value; what it does not write or read itself, PyYAML does."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import meta

from generator import front_matter


def pyyaml_dump(data: object) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def pyyaml_load(text: str) -> object:
    return yaml.load(text, yaml.CSafeLoader)


def front_matters(docs: Path) -> dict[str, str]:
    return {path.relative_to(docs).as_posix(): yaml_re.group(1) for path in sorted(docs.rglob("*.md"))
            if (yaml_re := front_matter.YAML_RE.match(path.read_text(encoding="utf-8")))}


def test_every_generated_front_matter_is_read_and_written_without_pyyaml_as_pyyaml_does(seed_site: Path):
    found = front_matters(seed_site / "build/docs")
    assert len(found) > 200
    for path, text in found.items():
        data = pyyaml_load(text)
        assert front_matter._load(text) == data, path  # read by this module, not handed to PyYAML
        assert front_matter._dump(data) == text == pyyaml_dump(data), path


def test_get_data_gives_what_mkdocs_gives(seed_site: Path):
    for path in [*sorted((seed_site / "build/docs/papers").glob("*.md"))[:20], seed_site / "build/docs/index.md"]:
        source = path.read_text(encoding="utf-8")
        assert front_matter.get_data(source) == meta.get_data(source)
    for source in ("no front matter\n", "title: MultiMarkdown\n\ntext", "---\n- a list\n---\nbody",
                   "---\nkey: [unclosed\n---\nbody", "---\nkey: value\n...\nbody", "---\na: 'x'\n---\n\n\nbody"):
        assert front_matter.get_data(source) == meta.get_data(source), source


TEXT = st.lists(st.sampled_from([
    "a", "Z", "word", " ", "  ", ":", ": ", "#", " #", "-", "- ", "?", "? ", "'", "''", '"', ",", "[", "]", "{", "}",
    "&", "*", "!", "|", ">", "%", "@", "`", "---", "...", "0", "1.5", "1e5", "0x1F", "1_000", "1:20", "true", "no",
    "on", "null", "~", "=", "<<", "2025-01-06", ".inf", ".nan", "é", "中", "\u00a0", "\t", "\n", "\r", "\x85",
    "\u2028", "\ufeff", "\x7f", "\x01", "😀", "𝒳", "&amp;", "https://x.org/a?b=c#d",
]), max_size=8).map("".join)
KEYS = st.sampled_from(["title", "description", "paper", "id", "topics", "score", "terms", "on", "null", "a b", "x:", "k1"])
SCALARS = TEXT | st.floats(allow_nan=False) | st.integers() | st.booleans() | st.none()
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
                      max_leaves=12)


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=5))
def test_random_data_is_written_and_read_back_as_pyyaml_does(data: dict):
    text = pyyaml_dump(data)
    assert front_matter.dump(data) == text
    assert front_matter.load(text) == pyyaml_load(text)


def test_floats_out_of_the_ordinary_are_written_as_pyyaml_writes_them():
    for value in (math.nan, math.inf, -math.inf, 1e17, -0.0, 1e-7):
        text = pyyaml_dump({"score": value})
        assert front_matter.dump({"score": value}) == text
        assert repr(front_matter.load(text)) == repr(pyyaml_load(text))


LINES = st.lists(st.sampled_from([
    "title: a", "title: 'a b'", "title: 'it''s'", "title: ''", "title:", "  sub: x", "    deep: y", "- item", "  - item",
    "- key: v", "  key: v", "title: a # comment", "title: a: b", "title: 'a' b", "title: a ", "title:  a", "title: \"q\"",
    "title: [a]", "title: []", "title: {}", "title: &x a", "title: *x", "title: !!str 1", "score: 1.5", "n: 0x1F",
    "d: 2025-01-06", "b: yes", "title: ~", "<<: x", "  continued", "title: -", "title: - a", "title: ?x", "title: :x",
    "---", "...", "# comment", "", " ", "title: a\tb", "title: é", "? complex", "title: |", "title: >",
]), min_size=1, max_size=7).map(lambda lines: "\n".join(lines) + "\n")


@settings(max_examples=1500, deadline=None)
@given(LINES)
def test_whatever_text_this_module_reads_itself_it_reads_as_pyyaml_does(text: str):
    try:
        mine = front_matter._load(text)
    except front_matter.Unsupported:
        return  # PyYAML reads it
    assert mine == pyyaml_load(text)


def test_what_this_module_does_not_write_pyyaml_writes():
    shared = ["a"]
    for data in ({"a": shared, "b": shared}, {1: "x"}, {"t": "a\tb"}, {"t": "x" * 20_000}, {"t": ("a",)}, {},
                 {"t": [["nested"]]}, {"t": [{}]}):
        with pytest.raises(front_matter.Unsupported):
            front_matter._dump(data)
        assert front_matter.dump(data) == pyyaml_dump(data)
