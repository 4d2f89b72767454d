"""The TF-IDF space: tokenizing in chunks (to bound memory) or reusing the tokens of texts met
before (a build fits many spaces over the same texts) changes nothing."""

from __future__ import annotations

import dataclasses
import random
import unicodedata

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import vectors
from generator.model import Paper, Source

TEXTS = ["Graph neural networks, for robots.", "", "Robots learn: graph search!", "", "x", "Neural fields", "A b c"]


def test_tokenizing_in_chunks_gives_the_ids_and_rows_of_one_pass(monkeypatch):
    vectors.forget()
    whole = vectors._tokenize(TEXTS)
    for chunk in (1, 2, 3):
        vectors.forget()  # nothing known: every text is split again, a chunk at a time
        monkeypatch.setattr(vectors, "TOKENIZE_CHUNK", chunk)
        ids, words, rows = vectors._tokenize(TEXTS)
        assert words == whole[1]
        assert np.array_equal(ids, whole[0]) and np.array_equal(rows, whole[2])
    assert rows.max() == len(TEXTS) - 1  # one row per text, the empty ones too


def _papers(texts: list[tuple[str, str]]) -> list[Paper]:
    return [Paper(key=str(i), slug=f"p{i}", title=title, abstract=abstract, source=Source("d.txt", i + 1))
            for i, (title, abstract) in enumerate(texts)]


def _same(a: vectors.Vectors, b: vectors.Vectors) -> bool:
    return (a.words == b.words and np.array_equal(a.bigram_codes, b.bigram_codes)
            and np.array_equal(a.matrix.indices, b.matrix.indices) and np.array_equal(a.matrix.data, b.matrix.data)
            and np.array_equal(a.matrix.indptr, b.matrix.indptr))


def assert_same_space(made: vectors.Vectors, fitted: vectors.Vectors, extra: list[str]) -> None:
    """Every array of ``made`` is the one ``fitted`` (a fit from scratch) has, bit for bit."""
    assert made.words == fitted.words and made.word_ids == fitted.word_ids
    for name in ("bigram_codes", "columns_of", "column_features"):
        assert np.array_equal(getattr(made, name), getattr(fitted, name)), name
    assert made.idf.idf_.dtype == fitted.idf.idf_.dtype and np.array_equal(made.idf.idf_, fitted.idf.idf_)
    assert made.matrix.dtype == fitted.matrix.dtype and _same(made, fitted)
    assert np.array_equal(made.transform(extra).toarray(), fitted.transform(extra).toarray())


def test_a_fit_is_the_same_whatever_texts_were_tokenized_before():
    papers = _papers([("Graph neural networks", "Message passing on graphs. Robots plan paths."),
                      ("Robot path planning", "Sampling planners for robots; graph search."),
                      ("Neural radiance fields", "View synthesis with neural fields."),
                      ("Graph transformers", "Attention over graph nodes and message passing.")])
    vectors.forget()
    fresh = vectors._fitted.__wrapped__(tuple((p.slug, p.title, p.abstract, True) for p in papers[1:3]))
    vectors.forget()
    vectors.paper_vectors(papers[::-1])  # every text met before, in another order and company
    vectors._tokenize(["Unrelated words: protein folding, galaxies."])
    again = vectors._fitted.__wrapped__(tuple((p.slug, p.title, p.abstract, True) for p in papers[1:3]))
    assert _same(fresh, again)


def test_no_bigram_spans_two_texts():
    vectors.forget()
    space = vectors.paper_vectors(_papers([("Deep", "learning graph"), ("Neural", "network models")]))
    terms = {space.term(c) for c in range(space.matrix.shape[1])}
    # a term is spelled as the texts the process has read spell it most ("models" or "model")
    assert "learning graph" in terms and terms & {"network models", "network model"}
    assert not terms & {"deep learning", "graph neural", "neural network"}


def test_nested_spelling_recorders_each_get_what_is_spelled_inside_them():
    vectors.fold_texts(["Zqgraphs of zqgraphs", "Zqtrees", "Zqleaves"])
    with vectors.recorded_spellings() as outer:
        with vectors.recorded_spellings() as inner:  # equal to ``outer`` when it ends
            vectors.spelled("zqtree")
        vectors.spelled("zqgraph")
    assert list(inner) == ["zqtree"] and list(outer) == ["zqtree", "zqgraph"] and vectors._RECORDERS == []


def _words(text: str) -> list[str]:
    return [word for raw in vectors._raw_tokens(text) if (word := vectors.fold(raw))]


def test_decomposed_accents_full_width_marks_and_turkish_capital_i_are_words():
    """A word written with combining accents (NFD), beside full-width punctuation, or with
    Turkish "İ" is the word its plain spelling is: before, each was no word at all, so such a
    paper matched no topic keyword and no related paper by it."""
    nfd = unicodedata.normalize("NFD", "Réseaux de mémoire")
    assert _words(nfd) == ["réseaux", "mémoire"]  # ("de" is a stop word)
    assert _words("transformers（ViT）for retrieval：a study") == ["transformer", "vit", "retrieval", "study"]
    assert _words("İstanbul'da trafik") == ["istanbul", "trafik"]
    vectors.forget()
    space = vectors.paper_vectors(_papers([(nfd, "Mémoire des réseaux récurrents."),
                                           ("Réseaux de mémoire", "Des réseaux de mémoire."),
                                           ("İstanbul trafik", "İstanbul verisi."), ("Graphs", "Graph search.")]))
    for word, papers in (("mémoire", [0, 1]), ("istanbul", [2])):
        column = list(space.columns([word])[0])
        assert np.flatnonzero(space.matrix[:, column].toarray().ravel()).tolist() == papers


def test_ligatures_of_text_copied_from_a_pdf_are_their_letters():
    """"classiﬁcation" (a PDF's "ﬁ" ligature) is "classification": NFC keeps the ligature, and a
    paper pasted from a PDF no longer matched the keyword "image classification"."""
    assert _words("Image classiﬁcation with eﬃcient ﬁne-tuning, ﬂows") == _words(
        "Image classification with efficient fine-tuning, flows")
    assert _words("a 5 µm film") == _words("a 5 μm film")  # (the micro sign, and the Greek mu)


def test_chinese_and_japanese_are_read_in_pairs_of_characters():
    """A run of Chinese or Japanese characters was one word: a topic keyword "深度学习" never matched
    "基于深度学习的推荐系统" (17 of 32 such papers went to the first topic by slug, at score 0).
    Read as overlapping pairs, the keyword's pairs are all in the title."""
    assert _words("基于深度学习的推荐系统") == ["基于", "于深", "深度", "度学", "学习", "习的", "的推", "推荐", "荐系", "系统"]
    assert set(_words("深度学习")) <= set(_words("基于深度学习的推荐系统"))
    assert _words("GPT模型と要約") == ["gpt", "模型", "型と", "と要", "要約"]


def test_formulas_variables_are_no_words_but_chemistry_and_units_are():
    # TeX's plain text keeps a formula's variables ("xᵢ", "ℓₚ", "ℝ"): read as words, they moved
    # topics; "CO₂", "H₂O" and "km²" are words, as typed ("CO2 emissions" matched none)
    assert [vectors.normal_form(w) for w in ("xᵢ", "ℓₚ", "ℝ", "l²", "f₁", "co₂", "h₂o", "km²")] == [
        "", "", "", "", "", "co2", "h2o", "km2"]


def test_the_addresses_an_abstract_cites_are_no_terms():
    """URLs, DOIs, arXiv ids and e-mail addresses in an abstract gave terms of their pieces: on six
    arXiv results ending "Code is available at https://github.com/…", "https" was a suggested
    topic's keyword. The words around them stay, with no phrase across one; the paper keeps its
    abstract as written (its page shows the links)."""
    papers = _papers([
        ("Low-rank adapters", "We fine-tune adapters. Code is available at https://github.com/zqlab/zqlora."),
        ("Adapter merging", "Adapters merge (see github.com/zquser/zqmerge/tree/main) with weights."),
        ("Adapter data", "Data: doi:10.5281/zenodo.5430155, and arXiv:2106.09685v2; www.zqsite.de holds it."),
        ("Adapter survey", "Write to zqauthor@zquni.edu or visit zqlab.github.io for adapters."),
    ])
    vectors.forget()
    space = vectors.paper_vectors(papers)
    terms = {space.term(c) for c in range(space.matrix.shape[1])}
    pieces = {"https", "github", "com", "zqlab", "zqlora", "zquser", "zqmerge", "tree", "main", "doi", "zenodo",
              "arxiv", "www", "zqsite", "zqauthor", "zquni", "edu", "io"}
    assert not set(space.words) & pieces and not {word for term in terms for word in term.split()} & pieces
    assert {"adapter", "weight", "data", "visit"} <= set(space.words) and "available merge" not in terms
    assert papers[0].abstract.endswith("https://github.com/zqlab/zqlora.")
    assert vectors.without_addresses("A 10.5% gain at 3 km/s (Recall@10)") == "A 10.5% gain at 3 km/s (Recall@10)"


def test_addresses_are_found_around_their_marks_as_over_the_whole_text():
    """without_addresses tries ADDRESS only on the words around each mark ("://", "@", "doi" and
    arXiv prefixes spanning two words, hosts): the same result as over the whole text, also for
    words longer than its first look back, spaces of every kind, and marks side by side."""
    rng = random.Random(7)
    pieces = ["https://", "@", "www.", "arXiv: ", "ArXiv:", "doi:", "doi: ", "10.1234/", ".com", ".org/", " ", "  ",
              "\n", "\t", "\u00a0", "a", "b.", "/", ")", ".", ",", "2401.00001", "hep-th/9901001", "x", "e@f.io", "y" * 300]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    texts += ["w " * 200 + "q" * 700 + " doi: 10.1234/x" + " z" * 50, "see " + "l" * 1200 + " arXiv:  2401.00001v2."]
    whole = vectors.ADDRESS.sub
    changed = 0
    for text in texts:
        found = vectors.without_addresses(text)
        assert found in (text, whole(" , ", text)) and (found == text) == (whole(" , ", text) == text), text
        changed += found != text
    assert changed > 1000


def _random_papers(rng, count: int, start: int, vocabulary: list[str]) -> list[Paper]:
    def text(words: int) -> str:
        chosen = rng.choices(vocabulary, k=words)
        return " ".join(w + rng.choice(["", "", "", ",", ".", "s"]) for w in chosen)
    return [Paper(key=str(i), slug=f"p{i}", title=text(6), abstract=text(40), source=Source("d.txt", i + 1))
            for i in range(start, start + count)]


def test_a_space_grown_by_papers_is_the_fit_of_them_all():
    """A topic's space of its model records, kept from an earlier build, is grown by the new papers
    (``vectors.grown``): every array is the one a fit of the papers and the records together gives,
    bit for bit, with words, bigrams and terms only the papers have, and terms too common to count."""
    import random

    rng = random.Random(7)
    common = ["robot", "learning", "model", "the", "colour", "behaviour", "optimisation"]
    rare = [f"w{rng.randrange(10**6):x}q" for _ in range(300)]
    records = [Paper(key="", slug=f"\x00model:{i}", title=p.title, abstract=p.abstract, source=p.source)
               for i, p in enumerate(_random_papers(rng, 40, 0, common * 20 + rare))]
    extra = ["Robot arms", "Colour constancy and the grasping of objects", "graspings"]
    slugs = {p.slug for p in records}
    base = vectors.model_vectors(records, slugs, extra)
    for papers in ([], _random_papers(rng, 1, 100, ["grasping", "unseen", "robot"]),
                   _random_papers(rng, 30, 200, common + rare + [f"new{i}" for i in range(50)])):
        grown = vectors.grown(base, len(records), papers)
        whole = vectors._fitted.__wrapped__(tuple((p.slug, *vectors.paper_text(p), p.slug in slugs)
                                                  for p in [*papers, *records]), tuple(extra))
        assert_same_space(grown, whole, extra)
        alone = vectors.grown(base, len(records), papers, records=False)  # (a subtopic's papers)
        assert_same_space(alone, dataclasses.replace(whole, matrix=whole.matrix[: len(papers)]), extra)


def test_the_codes_missing_from_sorted_ones_are_those_setdiff1d_gives():
    rng = np.random.default_rng(3)
    for size, known in ((0, 0), (5, 0), (0, 5), (50, 400), (400, 50)):
        codes, kept = np.unique(rng.integers(0, 300, size)), np.unique(rng.integers(0, 300, known))
        assert np.array_equal(vectors._missing(codes, kept), np.setdiff1d(codes, kept))


def test_a_space_less_some_papers_is_the_fit_of_the_others():
    """The space of the collection kept from an earlier build, less the papers gone or edited
    (``vectors.shrunk``): every array is the one a fit of the others gives, bit for bit, though
    words, bigrams and terms only the papers dropped had, or that only the topics' words have too."""
    import random

    rng = random.Random(11)
    common = ["robot", "learning", "model", "the", "colour", "behaviour", "optimisation"]
    rare = [f"w{rng.randrange(10**6):x}q" for _ in range(300)]
    records = [Paper(key="", slug=f"\x00model:{i}", title=p.title, abstract=p.abstract, source=p.source)
               for i, p in enumerate(_random_papers(rng, 40, 0, common * 20 + rare))]
    papers = _random_papers(rng, 30, 200, common + rare + [f"new{i}" for i in range(50)])
    extra = ["Robot arms", "Colour constancy and the grasping of objects", "graspings", "new3 new4"]
    slugs = {p.slug for p in records}

    def fit(papers: list[Paper]) -> vectors.Vectors:
        return vectors._fitted.__wrapped__(tuple((p.slug, *vectors.paper_text(p), p.slug in slugs)
                                                 for p in [*papers, *records]), tuple(extra))

    whole = fit(papers)
    for kept in (list(range(30)), list(range(0, 30, 2)), [3], []):
        rows = np.array(kept + list(range(30, 70)), dtype=np.int64)
        shrunk, others = vectors.shrunk(whole, rows, extra), fit([papers[i] for i in kept])
        assert_same_space(shrunk, others, extra)


def test_a_space_read_back_from_its_arrays_is_the_same(tmp_path):
    papers = _papers([("Graph neural networks", "Message passing on graphs. Robots plan paths."),
                      ("Robot path planning", "Sampling planners for robots; graph search.")])
    space = vectors.paper_vectors(papers)
    np.savez(tmp_path / "space.npz", **vectors.space_arrays(space))
    with np.load(tmp_path / "space.npz", allow_pickle=False) as arrays:
        again = vectors.space_of(arrays)
    assert _same(space, again) and again.word_ids == space.word_ids
    for name in ("columns_of", "column_features"):
        assert np.array_equal(getattr(again, name), getattr(space, name))
    assert np.array_equal(again.idf.idf_, space.idf.idf_)
    assert np.array_equal(again.transform(["graph robots"]).toarray(), space.transform(["graph robots"]).toarray())


# --- scikit-learn's numbers without importing it ------------------------------------------

def _counts(seed: int, dtype=np.float32):
    import scipy.sparse as sp

    counts = sp.random(300, 500, density=0.03, format="csr", dtype=dtype, random_state=seed)
    counts.data = np.ceil(counts.data * 5).astype(dtype)  # counts 1-5, and a few empty rows
    kept = np.ones(counts.shape[0], dtype=dtype)
    kept[::37] = 0
    counts = (sp.diags(kept) @ counts).tocsr()
    counts.eliminate_zeros()
    return counts


def test_idf_weights_and_unit_rows_are_scikit_learns_to_the_bit():
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.preprocessing import normalize

    for seed in range(3):
        counts = _counts(seed)
        theirs = TfidfTransformer(sublinear_tf=True).fit(counts)
        ours = vectors.Idf.fit(counts)
        assert ours.idf_.dtype == theirs.idf_.dtype and np.array_equal(ours.idf_, theirs.idf_)
        other = _counts(seed + 10)
        expected, got = theirs.transform(other), ours.transform(other)
        assert got.dtype == expected.dtype == np.float32
        assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
        assert np.array_equal(got.data, expected.data)
        mixed = (other * 0.7 + counts).astype(np.float32)  # sums, as the title and abstract rows are added
        assert np.array_equal(vectors.normalize(mixed).data, normalize(mixed).data)
        assert vectors.normalize(mixed) is not mixed and not np.array_equal(mixed.data, normalize(mixed).data)


def test_dense_unit_rows_are_scikit_learns_to_the_bit():
    from sklearn.preprocessing import normalize

    rng = np.random.default_rng(7)
    for dtype in (np.float64, np.float32, np.int64):
        points = (rng.normal(size=(40, 23)) * 5).astype(dtype)
        points[3] = 0
        points[5] = 0
        if dtype != np.int64:
            points[5, 2] = 1e-17  # shorter than ten epsilons: left as it is
        got, expected = vectors.unit_rows(points), normalize(points)
        assert got.dtype == expected.dtype and np.array_equal(got, expected)
        assert got is not points and not np.array_equal(got, points)
    sparse = sp.csr_matrix(rng.normal(size=(9, 5)).astype(np.float32))
    assert np.array_equal(vectors.unit_rows(sparse).toarray(), normalize(sparse).toarray())


def test_the_stop_words_are_scikit_learns():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert vectors.english_stop_words() == frozenset(ENGLISH_STOP_WORDS)


def test_a_build_imports_no_scikit_learn_until_it_suggests_topics():
    """Importing scikit-learn takes about a second (it loads SciPy's statistics): every command
    paid it at start, though only topic suggestions need it."""
    import subprocess
    import sys

    code = ("import sys, generator.build, generator.cli, generator.topic_memo, generator.subtopics;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# Letters case-blind matching takes for ASCII ones (Python's re): a mark written with them is a mark
_ALIKE = {"i": ["\u0130", "\u0131"], "s": ["\u017f"], "k": ["\u212a"]}


def _written_any_case(word: str):
    return st.tuples(*(st.sampled_from([c, c.upper(), *_ALIKE.get(c, [])]) for c in word)).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=6), st.sampled_from([" ", "\n", "\u1e9e", "\u2160", "\u0345", "\u0130"]),
                          *(_written_any_case(w) for w in ("https://", "www.", "arxiv:", "10.1234/", ".com", ".info",
                                                            ".io", ".ai", "x@y.edu", "sk"))), max_size=30))
def test_addresses_are_found_in_any_case_as_case_blind_matching_finds_them(pieces):
    """The marks of addresses are looked for in a lowercased copy of the text (vectors._marks):
    the same places as case-blind matching of the text itself gives, whatever its letters."""
    text = "".join(pieces)
    assert [m.span() for m in vectors._marks(text)] == [m.span() for m in vectors._MARK.finditer(text)]


def test_aka_is_no_term():
    """"aka" named a suggested subtopic ("Computer Science: aka") of an arXiv day's papers."""
    from generator.vectors import fold

    assert fold("aka") == "" and fold("robots") != ""
