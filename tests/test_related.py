"""Related papers (content similarity plus shared topics) and search keywords."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml

from generator.model import Paper, Source, TopicMatch
from generator.related import relate

ROOT = Path(__file__).resolve().parent.parent
CLUSTERS = yaml.safe_load((ROOT / "tests/fixtures/quality/clusters.yml").read_text(encoding="utf-8"))["papers"]


def paper(slug: str, title: str, abstract: str = "", **fields) -> Paper:
    return Paper(key=slug, slug=slug, title=title, abstract=abstract, source=Source("test.txt", 1), **fields)


def cluster_papers() -> list[Paper]:
    return [paper(f"{p['cluster']}-{i}", p["title"], p["abstract"]) for i, p in enumerate(CLUSTERS)]


def cluster(slug: str) -> str:
    return slug.split("-")[0]


def with_topics(papers: list[Paper]) -> list[Paper]:
    return [replace(p, topics=(TopicMatch(cluster(p.slug), 0.4, ()),)) for p in papers]


def test_the_most_similar_paper_is_from_the_same_field():
    for p in relate(cluster_papers()):
        assert cluster(p.related[0]) == cluster(p.slug), p.title


def test_with_topics_all_three_nearest_are_from_the_same_field():
    # "Market Manipulation" shares a title word with "Dexterous Manipulation": the shared
    # topic keeps the robot paper's neighbours among the robot papers.
    for p in relate(with_topics(cluster_papers())):
        assert [cluster(s) for s in p.related[:3]] == [cluster(p.slug)] * 3, p.title


@pytest.mark.parametrize("k", [0, 1, 3, 5, 11, 20])
def test_exactly_min_k_n_minus_one_related_never_itself(k):
    papers = cluster_papers()
    for p in relate(papers, k=k):
        assert len(p.related) == min(k, len(papers) - 1)
        assert p.slug not in p.related and len(set(p.related)) == len(p.related)


def test_tiny_collections():
    one = [paper("a", "Robot grasping")]
    assert relate(one)[0].related == ()
    two = relate([paper("a", "Robot grasping"), paper("b", "Protein folding")])
    assert [p.related for p in two] == [("b",), ("a",)]
    assert relate([]) == []


def test_papers_sharing_no_words_still_get_k_related_in_slug_order():
    papers = [paper(s, t) for s, t in [("d", "Sonnets"), ("c", "Glaciers"), ("b", "Volcanoes"), ("a", "Tides")]]
    related = {p.slug: p.related for p in relate(papers, k=2)}
    assert related == {"d": ("a", "b"), "c": ("a", "b"), "b": ("a", "c"), "a": ("b", "c")}


def test_papers_without_any_content_word():
    blank = [paper("b", ""), paper("a", "The and of"), paper("c", "123 $x$")]
    assert {p.slug: p.related for p in relate(blank, k=1)} == {"b": ("a",), "a": ("b",), "c": ("a",)}
    assert all(p.keywords == () for p in relate(blank))


def test_ties_are_broken_by_slug():
    twins = [paper(s, "Protein folding pathways", "Proteins fold along pathways.") for s in ("z", "m", "b", "q")]
    related = {p.slug: p.related for p in relate(twins, k=2)}
    assert related == {"z": ("b", "m"), "m": ("b", "q"), "b": ("m", "q"), "q": ("b", "m")}


def test_deterministic_and_independent_of_input_order():
    papers = cluster_papers()
    first = {p.slug: (p.related, p.keywords) for p in relate(papers)}
    shuffled = papers[:]
    random.Random(3).shuffle(shuffled)
    assert {p.slug: (p.related, p.keywords) for p in relate(shuffled)} == first


def test_shared_topics_lift_a_paper_among_similar_ones():
    base = paper("a", "Protein structure prediction", "We predict protein structure.")
    same_words = paper("b", "Protein structure databases", "A database of protein structure files.")
    same_topic = paper("c", "Protein structure design", "We design protein structure with generative models.")
    topic = (TopicMatch("proteins", 0.5, ("protein",)),)
    plain = {p.slug: p.related for p in relate([base, same_words, same_topic], k=1)}
    tagged = [replace(base, topics=topic), same_words, replace(same_topic, topics=topic)]
    lifted = {p.slug: p.related for p in relate(tagged, k=1)}
    assert lifted["a"] == ("c",)
    assert plain["a"] in {("b",), ("c",)}


def test_keywords_are_the_papers_own_strongest_terms():
    for p in relate(cluster_papers()):
        assert 1 <= len(p.keywords) <= 12
        text = f"{p.title} {p.abstract}".lower()
        for keyword in p.keywords:
            assert all(word[:4] in text for word in keyword.split()), (keyword, p.title)
    grasping = next(p for p in relate(cluster_papers()) if p.title.startswith("Teleoperation"))
    assert "teleoperation" in grasping.keywords
    assert not {"the", "we", "and", "from"} & set(grasping.keywords)


def test_plain_text_is_preferred_to_tex():
    papers = [paper("a", r"$\alpha$-Folding", title_text="Alpha protein folding"),
              paper("b", "Protein folding"), paper("c", "Stock markets")]
    assert relate(papers, k=1)[0].related == ("b",)


def test_the_index_keeps_the_strongest_papers_of_each_term():
    import numpy as np
    import scipy.sparse as sp

    from generator.related import strongest_postings
    matrix = sp.csr_matrix(np.array([[0.9, 0.1], [0.5, 0.0], [0.7, 0.3], [0.5, 0.2]], dtype=np.float32))
    kept = strongest_postings(matrix, 2).toarray()
    assert kept[:, 0].tolist() == pytest.approx([0.9, 0.0, 0.7, 0.0])  # the two strongest
    assert kept[:, 1].tolist() == pytest.approx([0.0, 0.0, 0.3, 0.2])
    ties = strongest_postings(sp.csr_matrix(np.ones((4, 1), np.float32)), 2).toarray().ravel()
    assert ties.tolist() == [1, 1, 0, 0]  # ties: the first rows


def test_candidates_are_bounded_by_the_index_not_by_the_collection():
    # 60 papers on one topic, all sharing its words: all pairs would give each row 59 scores;
    # with 8 postings per term and topic a paper is only compared with the lists it is in.
    import numpy as np

    from generator import related
    papers = [paper(f"p{i:02d}", f"Protein folding study {i}", "Proteins fold along pathways.",
                    topics=(TopicMatch("proteins", 0.5, ()),)) for i in range(60)]
    vectors = related.paper_vectors(papers)
    terms = related.similarity_space(vectors.matrix, related.ranked_entries(vectors.matrix))
    space = related.side_by_side(terms, related.topic_matrix(papers))
    postings = related.strongest_postings(space, 8)
    assert np.diff(postings.tocsc().indptr).max() <= 8
    scored = np.diff((space @ postings.T).tocsr().indptr)
    assert scored.max() <= 8 * np.diff(space.indptr).max() < len(papers) - 1
    assert (np.diff((space @ space.T).tocsr().indptr) == len(papers)).all()  # all pairs, without it
    indexed = related.relate(papers, k=3, postings=8)
    assert all(len(p.related) == 3 and p.slug not in p.related for p in indexed)


def test_an_index_as_large_as_the_collection_is_the_exact_product():
    papers = with_topics(cluster_papers())
    assert [p.related for p in relate(papers)] == [p.related for p in relate(papers, postings=len(papers))]


def test_without_topics_related_papers_are_at_least_as_good_as_plain_tf_idf():
    # The hand-labelled quality fixture (bench.quality): precision@3 of the related lists of
    # papers without topics (a collection without topics.yml, before its suggested topics)
    # against scikit-learn's plain TfidfVectorizer cosine. With each paper cut to its 64
    # strongest terms it was below (0.336 against 0.349).
    from bench.quality import SEED, baseline_related, load_labels, load_papers, precision_at
    papers = load_papers(SEED)
    groups, _ = load_labels(papers)
    ours = precision_at({p.slug: list(p.related) for p in relate(papers)}, groups)
    assert ours >= precision_at(baseline_related(papers), groups)


def test_a_few_shared_title_words_do_not_outweigh_a_shared_abstract():
    # Paper a's abstract is about protein folding, its title ("Sparse attention") is not. Paper b
    # shares only that title; paper c shares "proteins" and "molecular dynamics" of the abstract.
    # With the weights as they are (the title's few terms weigh most), b came first.
    filler = [paper(f"z{i}", f"Unrelated study {i} of weather", f"Rainfall and wind measured at station {i} over decades.")
              for i in range(10)]
    a = paper("a", "Sparse attention", "We fold proteins with molecular dynamics, sampling energy landscapes of "
                                       "folding pathways and contact maps.")
    b = paper("b", "Sparse attention for long documents", "Summaries of legal contracts and court rulings are "
                                                          "produced by language models.")
    c = paper("c", "Simulations of chain molecules", "We study proteins, molecular dynamics of polymers in solvent.")
    assert relate([a, b, c, *filler], k=2)[0].related == ("c", "b")


def test_related_papers_of_the_arxiv_day_beat_plain_tf_idf():
    # The second labelled set of bench.quality (the arXiv day, categories hidden, labels: primary
    # category): precision@3 0.301, plain TF-IDF 0.278; 0.277 before the weights were flattened
    # (related.WEIGHT_POWER), on a par with plain TF-IDF.
    from bench.quality import ARXIV, arxiv_labels, baseline_related, load_papers, precision_at
    papers = [replace(p, categories=()) for p in load_papers(ARXIV)]
    groups, _ = arxiv_labels(load_papers(ARXIV))
    ours = precision_at({p.slug: list(p.related) for p in relate(papers)}, groups)
    assert ours >= precision_at(baseline_related(papers), groups) + 0.015


def test_with_a_topic_model_new_papers_change_only_the_lists_they_enter():
    """Weighted by the topic model's records (as the build does), adding papers leaves every
    earlier paper's list as it was unless a new paper took a place in it; weighted by the whole
    collection, the weights move and so do lists the new papers are not in (checked)."""
    from bench.quality import SEED, load_papers
    papers = load_papers(SEED)
    model = [replace(p, key="", slug="") for p in papers[: len(papers) // 2]]
    added = {p.slug for p in papers[-20:]}

    def changed(**model_given) -> list[str]:
        before = {p.slug: p.related for p in relate(papers[:-20], **model_given)}
        after = {p.slug: p.related for p in relate(papers, **model_given)}
        return [slug for slug, found in before.items() if after[slug] != found and not added & set(after[slug])]

    assert changed(model=model) == []
    assert changed() != []


def test_a_new_paper_joins_the_index_and_evicts_nobody(monkeypatch):
    """With short posting lists (4 papers a term, so that the seed's terms overflow them), a
    term's list is cut at the weight of the model's 4th strongest record: new papers change only
    the lists they enter. Cut at each term's 4 strongest papers, as the index was, a new paper
    pushes one out, and lists without any new paper change (checked)."""
    from bench.quality import SEED, load_papers
    from generator import related
    papers = load_papers(SEED)
    model = [replace(p, key="", slug="") for p in papers[: len(papers) // 2]]
    added = {p.slug for p in papers[-20:]}

    def changed() -> list[str]:
        before = {p.slug: p.related for p in relate(papers[:-20], model=model, postings=4)}
        after = {p.slug: p.related for p in relate(papers, model=model, postings=4)}
        return [slug for slug, found in before.items() if after[slug] != found and not added & set(after[slug])]

    assert changed() == []
    monkeypatch.setattr(related, "cut_postings", lambda space, floor, postings:
                        related.strongest_postings(space, postings))
    assert changed() != []


def test_a_new_paper_joins_the_topics_lists_and_evicts_nobody():
    """The same for the topics' lists: cut at the weight of the 4th strongest paper that appeared
    in one of the model's digests (``settled``), a new paper joins them and evicts nobody; with
    every paper as the reference (the new ones too), new papers push earlier ones out (checked)."""
    from bench.quality import SEED, TOPICS, load_papers
    from generator.topics import assign_topics, load_topics
    papers = load_papers(SEED)
    half = len(papers) // 2
    model = [replace(p, key="", slug="") for p in papers[:half]]
    papers = [replace(p, digests=("old" if i < half else "new",))
              for i, p in enumerate(assign_topics(papers, load_topics(TOPICS), model))]
    added = {p.slug for p in papers[-20:]}

    def changed(settled) -> list[str]:
        before = {p.slug: p.related for p in relate(papers[:-20], model=model, postings=4, settled=settled)}
        after = {p.slug: p.related for p in relate(papers, model=model, postings=4, settled=settled)}
        return [slug for slug, found in before.items() if after[slug] != found and not added & set(after[slug])]

    assert changed({"old"}) == []
    # The lists themselves: the earlier papers' entries are the same with the new papers or
    # without them; with every paper as the reference, new papers push earlier ones out.
    from generator.related import floor_postings, topic_matrix
    topics = topic_matrix(papers)  # the columns of all papers' topics, before and after
    settled = topics[:half]
    kept = floor_postings(topics, settled, 4)[:-20].toarray()
    assert (floor_postings(topics[:-20], settled, 4).toarray() == kept).all()
    everyone = floor_postings(topics, topics, 4)[:-20].toarray()
    assert (floor_postings(topics[:-20], topics[:-20], 4).toarray() != everyone).any()


def test_a_terms_posting_list_is_cut_at_the_references_weight():
    import numpy as np
    import scipy.sparse as sp

    from generator.related import MAX_POSTINGS, column_floors, floor_postings
    reference = sp.csr_matrix(np.array([[0.9, 0.1], [0.5, 0.0], [0.7, 0.0]], dtype=np.float32))
    assert column_floors(reference, 2).tolist() == pytest.approx([0.7, 0.0])  # 2nd largest; fewer: 0
    space = sp.csr_matrix(np.array([[0.8, 0.2], [0.6, 0.3], [0.7, 0.0], [0.75, 0.1]], dtype=np.float32))
    kept = floor_postings(space, reference, 2).toarray()
    assert kept[:, 0].tolist() == pytest.approx([0.8, 0.0, 0.7, 0.75])  # every row at or above 0.7
    assert kept[:, 1].tolist() == pytest.approx([0.2, 0.3, 0.0, 0.1])  # every row
    crowded = sp.csr_matrix(np.linspace(0.5, 0.6, 300, dtype=np.float32).reshape(-1, 1))  # all above the floor
    kept = floor_postings(crowded, sp.csr_matrix(np.array([[0.4], [0.3]], dtype=np.float32)), 2).toarray().ravel()
    assert np.count_nonzero(kept) == MAX_POSTINGS and kept[-MAX_POSTINGS:].all()  # the strongest, no more


def test_related_papers_found_on_every_core_are_those_one_loop_finds(monkeypatch):
    """Rows of the similarity product split between worker processes give the lists one loop gives."""
    from generator import parallel, related

    papers = with_topics(cluster_papers())
    monkeypatch.setattr(parallel, "worker_count", lambda items, min_items=None: 1)
    one_loop = [p.related for p in relate(papers)]
    monkeypatch.undo()
    monkeypatch.setattr(related, "CHUNK", 2)
    assert len(papers) > 4 * 2
    assert [p.related for p in relate(papers)] == one_loop


@settings(deadline=None, max_examples=60)
@given(st.integers(1, 9), st.integers(1, 6), st.integers(1, 4), st.data())
def test_strongest_postings_are_the_columns_ranked_by_weight_then_row(n_rows, n_cols, postings, data):
    """The index's posting lists, against their definition: per column, the ``postings`` largest
    entries, ties to the first rows (weights drawn from few values, so ties are common)."""
    import numpy as np
    import scipy.sparse as sp

    from generator.related import strongest_postings
    values = data.draw(st.lists(st.sampled_from([0.0, 0.0, 0.25, 0.5, 0.5, 1.0, 3e-8]),
                                min_size=n_rows * n_cols, max_size=n_rows * n_cols))
    dense = np.array(values, dtype=np.float32).reshape(n_rows, n_cols)
    kept = strongest_postings(sp.csr_matrix(dense), postings).toarray()
    for col in range(n_cols):
        ranked = sorted((r for r in range(n_rows) if dense[r, col]), key=lambda r: (-dense[r, col], r))[:postings]
        assert np.flatnonzero(kept[:, col]).tolist() == sorted(ranked)
        assert kept[ranked, col].tolist() == dense[ranked, col].tolist()
    wide = strongest_postings(sp.csr_matrix(dense.astype(np.float64)), postings).toarray()
    assert (wide == kept).all()  # the lexsort path (not float32) keeps the same entries


def test_related_papers_use_the_topic_models_space_again_and_list_the_same_papers(monkeypatch):
    # The build hands relate the topics' own words: the space the topics were scored in (papers
    # and the model's records, its vocabulary holding those words) is used again, not fitted a
    # second time. Words no paper has add columns no paper touches: the lists are the same.
    from generator import topics as topics_module, vectors
    from generator.model import Topic
    from generator.topic_memo import topic_words

    papers = with_topics(cluster_papers())
    model = [replace(p, slug="", key="") for p in papers[: len(papers) // 2]]
    chosen = (Topic("robots", "Robot manipulation", "Grasping and dexterous hands", ("grasping", "quantum lattice")),
              Topic("markets", "Market microstructure", "Order books and trading", ("limit order book",)))
    words = topic_words(chosen)
    vectors.forget()
    fitted = []
    real = vectors._fitted

    def recorded(*key):
        fitted.append(len(key[0]))
        return real(*key)

    recorded.cache_clear = real.cache_clear
    monkeypatch.setattr(vectors, "_fitted", recorded)
    topics_module.assign_with_model(papers, chosen, model)
    for start in range(0, 9, 3):  # smaller spaces between (the subtopics'), more than the cache holds
        vectors.paper_vectors(papers[start:start + 3])
    found = relate(papers, model=model, words=words)
    assert fitted == [len(papers) + len(model), 3, 3, 3]  # one fit of the whole, for both
    vectors.forget()
    plain = relate(papers, model=model)
    assert fitted == [len(papers) + len(model), 3, 3, 3, len(papers) + len(model)]
    assert [(p.related, p.keywords) for p in found] == [(p.related, p.keywords) for p in plain]


def test_suggested_topics_give_no_bonus_unless_the_papers_have_categories():
    from generator.related import topic_bonus
    plain = [paper("a", "A"), paper("b", "B")]
    filed = [paper("a", "A", categories=("cs.CL",)), paper("b", "B")]
    assert topic_bonus(plain, suggested=False) and topic_bonus(filed, suggested=True)
    assert not topic_bonus(plain, suggested=True)  # topics from the same words would repeat their mistakes
    papers = [replace(p, topics=(TopicMatch("t", 0.9, ()),) if i % 2 else ()) for i, p in enumerate(cluster_papers())]
    without = relate(papers, k=3, topic_bonus=False)
    assert [p.related for p in without] == [p.related for p in relate([replace(p, topics=()) for p in papers], k=3)]
    assert [p.related for p in without] != [p.related for p in relate(papers, k=3)]


def test_a_paper_filed_under_a_topic_it_scores_nothing_on_gets_no_topic_bonus():
    """A paper sharing no word with the topics is filed under the first topic with score 0: its
    related papers were that topic's (each got the whole topic bonus), not the papers it shares words with."""
    filed = paper("x", "Seasonal meltwater runoff", "We measure glacier runoff, snowpack density, albedo "
                  "feedback, moraine sediment and crevasse formation over twelve summers in the Alps.")
    alike = paper("y", "Volcanic ash deposits", "Ash layers on a glacier in Iceland: tephra chemistry, eruption "
                  "dating and lava flows.")
    geometry = [paper(f"g{i}", f"Algebraic curves {i}", "Moduli of algebraic curves.") for i in range(3)]
    topic = (TopicMatch("algebraic-geometry", 0.6, ("algebraic",)),)
    papers = [replace(filed, topics=(TopicMatch("algebraic-geometry", 0.0, ()),)), alike,
              *(replace(g, topics=topic) for g in geometry)]
    related = {p.slug: p.related for p in relate(papers, k=1)}
    assert related["x"] == ("y",)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0, 1e-7, 3e-7]), min_size=0, max_size=12),
                min_size=1, max_size=8), st.integers(1, 6))
def test_the_strongest_entries_are_those_of_the_ranking(rows, count):
    """related.strongest_entries and similarity_rows (which sort only the long rows' keys) give
    the entries and rows of ranked_entries and similarity_space, ties (equal weights) by column."""
    import numpy as np
    import scipy.sparse as sp

    from generator import related
    width = max(len(r) for r in rows) or 1
    matrix = sp.csr_matrix(np.array([r + [0.0] * (width - len(r)) for r in rows], dtype=np.float32))
    order, rank = related.ranked_entries(matrix)
    assert related.strongest_entries(matrix, count).tolist() == order[rank < count].tolist()
    expected = related.similarity_space(matrix, (order, rank), count)
    found = related.similarity_rows(matrix, count)
    assert (found.indptr.tolist(), found.indices.tolist(), found.data.tolist()) == \
           (expected.indptr.tolist(), expected.indices.tolist(), expected.data.tolist())
