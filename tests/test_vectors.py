"""The TF-IDF space: tokenizing in chunks (to bound memory) changes nothing."""

from __future__ import annotations

import numpy as np

from generator import vectors

TEXTS = ["Graph neural networks, for robots.", "", "Robots learn: graph search!", "", "x", "Neural fields", "A b c"]


def test_tokenizing_in_chunks_gives_the_ids_and_rows_of_one_pass(monkeypatch):
    whole = vectors._tokenize(TEXTS)
    for chunk in (1, 2, 3):
        monkeypatch.setattr(vectors, "TOKENIZE_CHUNK", chunk)
        ids, words, rows = vectors._tokenize(TEXTS)
        assert words == whole[1]
        assert np.array_equal(ids, whole[0]) and np.array_equal(rows, whole[2])
    assert rows.max() == len(TEXTS) - 1  # one row per text, the empty ones too
