"""Quality of topics and related papers on the hand-labelled seed, with baselines.

    python -m bench.quality                 # figures on the seed with content/topics.yml
    python -m bench.quality --timing 10000  # also time vectors + topics + related at 10k papers

Labels (tests/fixtures/quality/seed-labels.yml) are groups of papers that clearly belong
together and pairs that clearly do not. Figures:

  pairwise recall   share of same-group pairs that share a topic           (target >= 0.9;
                                                                            0.8 uncurated)
  false merges      share of clearly-unrelated pairs that share a topic    (target <= 0.05)
  precision@3       share of a grouped paper's top 3 related papers that
                    are in one of its groups                               (target >= 0.6)

Each is given with content/topics.yml (curated) and without it (the topics `digest-site new`
and a build without topics.yml suggest), side by side. Baselines measured in the same run:
plain TF-IDF cosine for precision@3 (scikit-learn's TfidfVectorizer with English stop words,
on title + abstract), and k-means topics (as many clusters as topics.yml has topics, on the
same plain TF-IDF) for pairwise recall.

A second labelled set, so that the uncurated figures are not read off one fixture alone: the
arXiv day (tests/data/arxiv-2023-09-21.csv) with each paper's primary category as its label,
the categories hidden from the model. Groups: papers of one primary category (three or more);
unrelated: 2,000 pairs (drawn with a fixed seed) whose categories, cross-lists included, share
no archive (cs, math, hep-th, ...). Categories are coarse next to the seed's groups, so its
recall is lower for any method: compare it with its baselines, not with the targets.

The uncurated figures are also given over five random states of the suggestion (the start
vector of its SVD, and its k-means for records with categories; the build uses the first): mean
(min-max). Text-only records are clustered by average linkage on an exact SVD, so the range is
a single value there; k-means' figures moved by up to 0.16 from state to state on the seed.

A third check, with finer labels: the arXiv day's cs papers and its math papers, each set
apart, categories hidden; groups by primary category, unrelated pairs sharing no category.

Lexical reach, on both sets: the share of same-group pairs of which one paper is among the
other's 10 most similar by words (the TF-IDF space of related papers, all pairs). It says how
far the words alone place a labelled group's papers from each other, whatever topics are made.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import itertools
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import yaml  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from generator.model import Paper, Source  # noqa: E402
from generator.related import relate, topic_bonus  # noqa: E402
from generator.topics import assign_topics, load_topics, main_topics  # noqa: E402

SEED = ROOT / "tests/data/seed-digest.txt"
ARXIV = ROOT / "tests/data/arxiv-2023-09-21.csv"
LABELS = ROOT / "tests/fixtures/quality/seed-labels.yml"
TOPICS = ROOT / "content/topics.yml"


# --- loading ---------------------------------------------------------------------------

def load_papers(path: Path) -> list[Paper]:
    """Papers of a digest through the project's reader, else a minimal parse of the two
    bench files (seed text, arXiv CSV)."""
    try:
        from generator.collect import collect
        from generator.readers import read_digest
    except ImportError:
        return _fallback(path)
    digest, _ = read_digest(path)
    papers, _ = collect([digest])
    return [_plain(p) for p in papers]


def _plain(paper: Paper) -> Paper:
    try:
        from generator.enrich import enrich
    except ImportError:
        return paper
    return enrich(paper)


def _fallback(path: Path) -> list[Paper]:
    from generator.slugs import slugify
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        pairs = [(r["title"], r["abstract"], tuple(r["subjects"].split("; "))) for r in rows]
    else:
        lines = path.read_text(encoding="utf-8").splitlines()[2:]
        lines[0] = lines[0].removeprefix("Subscribe")
        pairs = [(lines[i], lines[i + 1], ()) for i in range(0, len(lines) - 1, 2)]
    seen: dict[str, Paper] = {}
    for i, (title, abstract, categories) in enumerate(pairs):
        title = " ".join(title.split())
        seen.setdefault(title.casefold(), Paper(
            key=title.casefold(), slug=f"{slugify(title, max_length=60)}-{i}", title=title,
            abstract=" ".join(abstract.split()), source=Source(str(path), i + 1), categories=categories))
    return list(seen.values())


def load_labels(papers: list[Paper], path: Path = LABELS) -> tuple[list[set[str]], list[tuple[str, str]]]:
    """Label groups and unrelated pairs as paper slugs (titles must match exactly)."""
    labels = yaml.safe_load(path.read_text(encoding="utf-8"))
    slug = {p.title: p.slug for p in papers}
    missing = {t for g in labels["groups"] for t in g["papers"] if t not in slug}
    missing |= {t for pair in labels["unrelated"] for t in pair if t not in slug}
    if missing:
        raise SystemExit(f"{path}: titles not in the seed: {sorted(missing)}")
    groups = [{slug[t] for t in g["papers"]} for g in labels["groups"]]
    unrelated = [(slug[a], slug[b]) for a, b in labels["unrelated"]]
    return groups, unrelated


# --- figures ---------------------------------------------------------------------------

def same_group_pairs(groups: list[set[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(pair)) for g in groups for pair in itertools.combinations(g, 2)}


def pairwise_recall(labels: dict[str, set], groups: list[set[str]]) -> float:
    """Share of same-group pairs whose label sets intersect."""
    pairs = same_group_pairs(groups)
    return sum(bool(labels[a] & labels[b]) for a, b in pairs) / len(pairs)


def false_merges(labels: dict[str, set], unrelated: list[tuple[str, str]]) -> float:
    return sum(bool(labels[a] & labels[b]) for a, b in unrelated) / len(unrelated)


def precision_at(related: dict[str, list[str]], groups: list[set[str]], n: int = 3) -> float:
    """Mean over grouped papers of the share of their top n related in one of their groups."""
    mates: dict[str, set[str]] = {}
    for g in groups:
        for slug in g:
            mates.setdefault(slug, set()).update(g - {slug})
    return float(np.mean([len(set(related[s][:n]) & mates[s]) / n for s in sorted(mates)]))


def topic_labels(papers: list[Paper]) -> dict[str, set[str]]:
    return {p.slug: {m.topic for m in p.topics} for p in papers}


def topic_sizes(papers: list[Paper]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for p in papers:
        for m in p.topics:
            sizes[m.topic] = sizes.get(m.topic, 0) + 1
    return sizes


# --- baselines -------------------------------------------------------------------------

def plain_tfidf(papers: list[Paper]):
    texts = [f"{p.title_text or p.title} {p.abstract_text or p.abstract}" for p in papers]
    return TfidfVectorizer(stop_words="english").fit_transform(texts)


def baseline_related(papers: list[Paper], n: int = 3) -> dict[str, list[str]]:
    matrix = plain_tfidf(papers)
    sims = (matrix @ matrix.T).toarray()
    np.fill_diagonal(sims, -1)
    return {p.slug: [papers[j].slug for j in np.argsort(-sims[i], kind="stable")[:n]]
            for i, p in enumerate(papers)}


def lexical_reach(papers: list[Paper], groups: list[set[str]], k: int = 10) -> float:
    """Share of same-group pairs of which one paper is among the other's ``k`` most similar in
    the TF-IDF space related papers use (all pairs, exact): how close the labels' pairs are
    by their words alone, before any topic."""
    from generator.related import WEIGHT_POWER, ranked_entries, similarity_space
    from generator.vectors import paper_vectors

    matrix = paper_vectors(papers).matrix
    space = similarity_space(matrix, ranked_entries(matrix), power=WEIGHT_POWER)
    sims = (space @ space.T).toarray()
    np.fill_diagonal(sims, -np.inf)
    near = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    index = {p.slug: i for i, p in enumerate(papers)}
    pairs = same_group_pairs(groups)
    return sum(index[b] in near[index[a]] or index[a] in near[index[b]] for a, b in pairs) / len(pairs)


def baseline_kmeans(papers: list[Paper], k: int) -> dict[str, set[int]]:
    clusters = KMeans(k, n_init=10, random_state=0).fit_predict(plain_tfidf(papers))
    return {p.slug: {int(c)} for p, c in zip(papers, clusters)}


# --- timing ----------------------------------------------------------------------------

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def synthetic(n: int, base: list[Paper]) -> list[Paper]:
    """n papers: real titles, abstracts recombined from sentences of one to three real ones."""
    rnd = random.Random(0)
    sentences = [SENTENCE.split(p.abstract_text or p.abstract) for p in base]
    papers = []
    for i in range(n):
        picks = [rnd.randrange(len(base)) for _ in range(rnd.randint(1, 3))]
        text = [s for j in picks for s in sentences[j]]
        rnd.shuffle(text)
        papers.append(dataclasses.replace(base[picks[0]], key=f"synthetic:{i}", slug=f"p{i:05d}",
                                          abstract=" ".join(text[:9]), abstract_text=" ".join(text[:9]),
                                          topics=(), related=()))
    return papers


def timing(n: int, topics) -> None:
    from generator import vectors
    base = load_papers(SEED) + load_papers(ARXIV)
    papers = synthetic(n, base)
    vectors.forget()
    start = time.perf_counter()
    vectors.paper_vectors(papers)
    fitted = time.perf_counter()
    assigned = assign_topics(papers, topics)
    topics_done = time.perf_counter()
    relate(assigned)
    done = time.perf_counter()
    print(f"\ntiming at {n:,} papers: vectors {fitted - start:.2f} s, topics {topics_done - fitted:.2f} s, "
          f"related {done - topics_done:.2f} s, total {done - start:.2f} s "
          f"({n / (done - start):,.0f} papers/s)")


# --- report ----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topics", type=Path, default=TOPICS)
    parser.add_argument("--timing", type=int, metavar="N", help="also time the stages at N papers")
    args = parser.parse_args(argv)
    papers = load_papers(SEED)
    groups, unrelated = load_labels(papers)
    topics = load_topics(args.topics)
    suggested, chosen = without_topics_yml(papers)
    papers = relate(assign_topics(papers, topics))
    sizes = topic_sizes(papers)
    kmeans = baseline_kmeans(papers, len(topics))
    pairs = len(same_group_pairs(groups))
    print(f"seed: {len(papers)} papers; labels: {len(groups)} groups ({pairs} same-group pairs), "
          f"{len(unrelated)} unrelated pairs; {len(topics)} curated topics (topics.yml), "
          f"{len(main_topics(chosen))} suggested without it\n")
    print(f"{'':34}{'curated':>9}{'target':>9}{'uncurated':>11}{'target':>9}{'baseline':>10}")
    figures = [quality(p, groups, unrelated) for p in (papers, suggested)]
    baselines = (f"{pairwise_recall(kmeans, groups):.3f}  (k-means, k={len(topics)})",
                 f"{false_merges(kmeans, unrelated):.3f}  (k-means)",
                 f"{precision_at(baseline_related(papers), groups):.3f}  (plain TF-IDF cosine)")
    for row, (curated, uncurated), baseline in zip(ROWS, zip(*figures), baselines):
        name, target, target_uncurated = row
        print(f"{name:34}{curated:>9.3f}{target:>9}{uncurated:>11.3f}{target_uncurated:>9}  {baseline}")
    exact = {p.slug: list(p.related) for p in relate(papers, postings=len(papers))}
    print(f"{'  the same over all pairs (no index)':34}{precision_at(exact, groups):>9.3f}"
          f"{'':>29}  (the exact product the index replaces)")
    print(f"  uncurated over random states {STATES.start}-{STATES.stop - 1} of the suggestion: "
          f"{spread(load_papers(SEED), groups, unrelated)}")
    print(f"\nlexical reach: {lexical_reach(papers, groups):.3f} of same-group pairs have one paper among the "
          f"other's 10 most similar by words\n  (TF-IDF, all pairs; the related precision@3 "
          f"without topics.yml rests on these neighbours)")
    counts = [len(p.topics) for p in papers]
    largest = max(sizes.values())
    print(f"\ntopics per paper: min {min(counts)}, max {max(counts)}, mean {np.mean(counts):.2f}; "
          f"papers per topic: min {min(sizes.values())}, max {largest} "
          f"(largest share {largest / len(papers):.1%}); topics without papers: "
          f"{len(topics) - len(sizes)}")
    for topic in topics:
        print(f"  {sizes.get(topic.slug, 0):>4}  {topic.slug}")
    frozen_figures(load_papers(SEED), topics, groups, unrelated)
    suggested_figures(chosen)
    arxiv_figures()
    if args.timing:
        timing(args.timing, topics)
    return 0


def frozen_figures(papers: list[Paper], topics, groups: list[set[str]], unrelated: list[tuple[str, str]]) -> None:
    """Topics as the build assigns them: the model fitted on the papers of the oldest digests
    (here the first share of the seed, as if the rest came in later digests), every paper
    scored on its own in it."""
    print("\ntopic model fitted on the oldest papers only, every paper scored in it (as the build does):")
    for share in (1.0, 0.5, 0.25):
        model = papers[: round(len(papers) * share)]
        labels = topic_labels(assign_topics(papers, topics, model))
        print(f"  fitted on the first {share:>4.0%} ({len(model):>3} papers): pairwise recall "
              f"{pairwise_recall(labels, groups):.3f}, false merges {false_merges(labels, unrelated):.3f}")


ROWS = (("pairwise recall (shared topic)", ">= 0.90", ">= 0.80"),
        ("false merges (unrelated pairs)", "<= 0.05", "<= 0.05"),
        ("related precision@3", ">= 0.60", ">= 0.60"))


def quality(papers: list[Paper], groups: list[set[str]], unrelated: list[tuple[str, str]]) -> tuple[float, ...]:
    """Pairwise recall, false merges and precision@3 of papers with topics and related lists."""
    labels = topic_labels(papers)
    related = {p.slug: list(p.related) for p in papers}
    return pairwise_recall(labels, groups), false_merges(labels, unrelated), precision_at(related, groups)


def without_topics_yml(papers: list[Paper]) -> tuple[list[Paper], tuple]:
    """Papers with the topics a build without topics.yml suggests and assigns, and related
    lists as that build makes them (:func:`generator.related.topic_bonus`); and those topics."""
    from generator.subtopics import assign_subtopics
    from generator.suggest import suggest_topics

    chosen = suggest_topics(papers)
    matched = assign_subtopics(assign_topics(papers, main_topics(chosen)), chosen)
    return relate(matched, topic_bonus=topic_bonus(papers, suggested=True)), chosen


STATES = range(5)  # random states of the suggestion's k-means and SVD, for the spread


def spread(papers: list[Paper], groups: list[set[str]], unrelated: list[tuple[str, str]]) -> str:
    """The uncurated figures over random states STATES of the suggestion (the build uses the
    first): mean (min-max) of each. A figure that one state reaches is not what a collection
    should expect."""
    from generator import suggest

    shipped = suggest.SEED
    try:
        runs = []
        for state in STATES:
            suggest.SEED = state
            runs.append(quality(without_topics_yml(papers)[0], groups, unrelated))
    finally:
        suggest.SEED = shipped
    return "; ".join(f"{name.split(' (')[0]} {np.mean(values):.3f} ({min(values):.3f}-{max(values):.3f})"
                     for (name, _, _), values in zip(ROWS, zip(*runs)))


def suggested_figures(chosen) -> None:
    """The names of the seed's suggested topics, and the arXiv day's topics (categories shown,
    as its records give them) against the papers' primary categories."""
    from collections import Counter

    from generator.suggest import suggest_topics
    from generator.vectors import category_code

    print("\nsuggested topics on the seed (uncurated column): " + "; ".join(t.name for t in chosen))
    arxiv = load_papers(ARXIV)
    topics = suggest_topics(arxiv)
    field = [category_code(p.categories[0]) if p.categories else "" for p in arxiv]
    best = [p.topics[0].topic for p in assign_topics(arxiv, topics)]
    purity = sum(Counter(f for f, b in zip(field, best) if b == t).most_common(1)[0][1] for t in set(best))
    print(f"arXiv day, categories shown: {len(topics)} topics for {len(arxiv)} papers; each paper's best "
          f"topic agrees with its topic's most common primary category for {purity / len(arxiv):.1%} of papers")
    print("  " + "; ".join(t.name for t in topics))


def arxiv_labels(papers: list[Paper], pairs: int = 2000, apart=lambda code: code.split(".")[0]
                 ) -> tuple[list[set[str]], list[tuple[str, str]]]:
    """The second labelled set (see the module's doc): groups by primary category, and
    unrelated pairs sharing nothing ``apart`` gives of their categories (the archive)."""
    from generator.vectors import category_code

    codes = {p.slug: [category_code(c) for c in p.categories if category_code(c)] for p in papers}
    by_primary: dict[str, set[str]] = {}
    for slug, found in codes.items():
        if found:
            by_primary.setdefault(found[0], set()).add(slug)
    groups = [g for _, g in sorted(by_primary.items()) if len(g) >= 3]
    archives = {slug: {apart(c) for c in found} for slug, found in codes.items() if found}
    slugs = sorted(archives)
    rnd = random.Random(0)
    unrelated: list[tuple[str, str]] = []
    while len(unrelated) < pairs:
        a, b = rnd.sample(slugs, 2)
        if not archives[a] & archives[b]:
            unrelated.append((a, b))
    return groups, unrelated


def arxiv_figures() -> None:
    """The arXiv day as a second labelled set, categories hidden from the model."""
    papers = load_papers(ARXIV)
    groups, unrelated = arxiv_labels(papers)
    hidden = [dataclasses.replace(p, categories=()) for p in papers]
    suggested, chosen = without_topics_yml(hidden)
    measured = quality(suggested, groups, unrelated)
    shown = quality(without_topics_yml(papers)[0], groups, unrelated)
    k = len(main_topics(chosen))
    kmeans = baseline_kmeans(hidden, k)
    baselines = (f"{pairwise_recall(kmeans, groups):.3f}  (k-means, k={k})",
                 f"{false_merges(kmeans, unrelated):.3f}  (k-means)",
                 f"{precision_at(baseline_related(hidden), groups):.3f}  (plain TF-IDF cosine)")
    print(f"\nsecond labelled set: the arXiv day, {len(papers)} papers, categories hidden; labels: primary "
          f"category ({len(groups)} groups, {len(same_group_pairs(groups))} same-group pairs), "
          f"{len(unrelated)} pairs sharing no archive; {k} suggested topics")
    print(f"{'':34}{'uncurated':>11}{'baseline':>10}{'categories shown':>24}")
    for (name, _, _), value, baseline, leaked in zip(ROWS, measured, baselines, shown):
        print(f"{name:34}{value:>11.3f}    {baseline:<32}{leaked:.3f}")
    print("  (categories shown: the model sees the categories the labels are made of; for reference only)")
    print(f"  uncurated over random states {STATES.start}-{STATES.stop - 1}: {spread(hidden, groups, unrelated)}")
    print(f"  lexical reach (see above): {lexical_reach(hidden, groups):.3f}")
    print("  " + "; ".join(t.name for t in chosen if not t.parent))
    archive_figures(hidden, papers)


def archive_figures(hidden: list[Paper], papers: list[Paper]) -> None:
    """The arXiv day's cs and math papers apart, categories hidden: finer labels (sub-fields
    sharing much of their vocabulary); unrelated: 1,000 pairs sharing no category."""
    from generator.vectors import category_code

    print("\nwithin one archive (the arXiv day's cs and math papers alone, categories hidden; groups: "
          "primary category; unrelated: 1,000 pairs sharing no category):")
    for archive in ("cs", "math"):
        kept = [i for i, p in enumerate(papers) if p.categories and category_code(p.categories[0]).startswith(f"{archive}.")]
        groups, unrelated = arxiv_labels([papers[i] for i in kept], 1000, apart=lambda code: code)
        subset = [hidden[i] for i in kept]
        suggested, chosen = without_topics_yml(subset)
        kmeans = baseline_kmeans(subset, len(main_topics(chosen)))
        recall, merges, precision = quality(suggested, groups, unrelated)
        print(f"  {archive}: {len(subset)} papers, {len(groups)} groups: pairwise recall {recall:.3f} "
              f"(k-means {pairwise_recall(kmeans, groups):.3f}), false merges {merges:.3f} (k-means "
              f"{false_merges(kmeans, unrelated):.3f}), precision@3 {precision:.3f} (plain TF-IDF "
              f"{precision_at(baseline_related(subset), groups):.3f})")


if __name__ == "__main__":
    sys.exit(main())
