"""The search index is the one lunr.py builds, byte for byte, so lunr.js loads and ranks it as lunr does."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from lunr import lunr as lunr_py

from conftest import DATA
from generator import search_index
from generator.readers import read_digest


def lunr_py_index(documents: list[dict]) -> str:
    """The reference: lunr.py's own builder, given each field as lunr's tokenizer splits it."""
    split = [{"ref": d["ref"], **{f["field_name"]: search_index.words(d[f["field_name"]]) for f in search_index.FIELDS}}
             for d in documents]
    index = lunr_py(ref="ref", fields=search_index.FIELDS, documents=split)
    return json.dumps(index.serialize(), separators=(",", ":"), ensure_ascii=False)


def documents(rows: list[tuple[str, str, str, str, str]]) -> list[dict]:
    names = [f["field_name"] for f in search_index.FIELDS]
    return [{"ref": str(i), **dict(zip(names, row))} for i, row in enumerate(rows)]


def test_the_seed_digest_indexes_as_lunr_py_does():
    """As the seed is: no authors or ids in any paper (fields empty everywhere)."""
    digest, _ = read_digest(DATA / "seed-digest.txt")
    rows = [(e.title, "", "LLM agents" if i % 3 else "", "", e.abstract[:300]) for i, e in enumerate(digest.entries)]
    assert search_index.build_index(documents(rows)) == lunr_py_index(documents(rows))


def test_repeated_words_stop_words_and_hyphens():
    rows = [("Self-supervised self-supervised learning of the world", "Ana Li; Bo Wu", "Vision", "2401.00001", "the a an"),
            ("The", "", "", "", ""),
            ("World models -- and   \u00a0more", "Bo Wu", "Vision Robots", "id-2", "world world world")]
    assert search_index.build_index(documents(rows)) == lunr_py_index(documents(rows))


words = st.text(alphabet=st.sampled_from("abcdeéß-'. \u00a0Aé1"), max_size=40)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(words, words, words, words, words), min_size=1, max_size=12))
def test_any_text_indexes_as_lunr_py_does(rows):
    assert search_index.build_index(documents(rows)) == lunr_py_index(documents(rows))
