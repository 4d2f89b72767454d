"""The search index: lunr.py's own index (the reference), and the shards the site ships, which
hold the same terms, postings and BM25 weights, number for number."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr import get_default_builder
from lunr import lunr as lunr_py
from lunr.index import Index
from lunr.query import QueryPresence

from conftest import DATA
from generator import build, parallel, search_index, search_shards, search_site
from generator.build import BuildReport, generate
from generator.cache import BuildCache
from generator.config import load_project
from generator.model import Paper, Source, TopicMatch
from generator.readers import read_digest

NAMES = search_index.FIELD_NAMES


def lunr_py_index(documents: list[dict]) -> str:
    """The reference: lunr.py's own builder, with its own tokenizer, on the text with what the index
    adds to lunr's separators (possessive endings dropped, "/", "<" and ">" a space) done first, and its
    pipeline with the index's American spelling (a registered pipeline function) after the trimmer."""
    def prepared(text: str) -> str:
        return search_index.POSSESSIVE.sub("", text).replace("/", " ").replace("<", " ").replace(">", " ")

    documents = [{key: prepared(value) if key in NAMES else value for key, value in doc.items()} for doc in documents]
    builder = get_default_builder()  # with American spelling after the trimmer, as the index spells words
    builder.pipeline = search_index.indexing_pipeline()
    index = lunr_py(ref="ref", fields=search_index.FIELDS, documents=documents, builder=builder)
    return json.dumps(index.serialize(), separators=(",", ":"), ensure_ascii=False)


def documents(rows: list[tuple[str, ...]]) -> list[dict]:
    return [{"ref": str(i), **dict(zip(NAMES, row))} for i, row in enumerate(rows)]


def seed_rows() -> list[tuple[str, ...]]:
    """As the seed is: no authors, ids or categories in any paper (fields empty everywhere)."""
    digest, _ = read_digest(DATA / "seed-digest.txt")
    return [(e.title, e.abstract, "", "LLM agents" if i % 3 else "", "", "") for i, e in enumerate(digest.entries)]


def shard_postings(files: dict[str, bytes]) -> dict[str, tuple[int, dict]]:
    """term → (lunr _index, {(field name, ref): weight}) read back from the shard files."""
    out = {}
    for path, data in files.items():
        if not path.startswith("p/"):
            continue
        for term, (index, *groups) in json.loads(data).items():
            weights = {}
            for field, deltas, thousandths in groups:
                ref = 0
                for delta, w in zip(deltas, thousandths):
                    ref += delta
                    weights[(NAMES[field], str(ref))] = w / 1000
            out[term] = (index, weights)
    return out


def index_postings(serialized: str) -> dict[str, tuple[int, dict]]:
    """The same, from lunr's serialized index: inverted index and field vectors."""
    index = json.loads(serialized)
    by_index = {posting["_index"]: term for term, posting in index["invertedIndex"]}
    out = {term: (posting["_index"], {}) for term, posting in index["invertedIndex"]}
    for field_ref, vector in index["fieldVectors"]:
        field, ref = field_ref.split("/", 1)
        for i in range(0, len(vector), 2):
            out[by_index[vector[i]]][1][(field, ref)] = vector[i + 1]
    return out


def assert_shards_hold_the_index(rows) -> None:
    docs = documents(rows)
    reference = lunr_py_index(docs)
    assert search_index.build_index(docs) == reference
    files, post_firsts, dict_firsts = search_shards.shard_files(search_shards.postings(docs), "")
    assert shard_postings(files) == index_postings(reference)
    terms = [term for path, data in sorted(files.items(), key=lambda kv: int(kv[0][2:-5])) if path.startswith("d/")
             for term, *_ in json.loads(data)]
    assert terms == sorted(terms, key=search_shards.utf16) == sorted(shard_postings(files), key=search_shards.utf16)
    for firsts, folder in ((post_firsts, "p/"), (dict_firsts, "d/")):
        for i, first in enumerate(firsts):  # each file starts with the term meta names
            data = json.loads(files[f"{folder}{i}.json"])
            assert (next(iter(data)) if isinstance(data, dict) else data[0][0]) == first
            # compact JSON, as json.dumps writes it (the postings files are made of pieces, not by json)
            assert files[f"{folder}{i}.json"] == json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    assert_packed(files, post_firsts, "p/", search_shards.POSTINGS_TARGET)


def assert_packed(files: dict[str, bytes], firsts: list[str], folder: str, target: int) -> None:
    """Each file holds as many terms as fit in ``target`` characters (the next file's first would not)."""
    entries = [[json.dumps({term: value}, separators=(",", ":"), ensure_ascii=False)[1:-1]
                for term, value in json.loads(files[f"{folder}{i}.json"]).items()] for i in range(len(firsts))]
    for here, after in zip(entries, entries[1:]):
        assert sum(len(e) + 1 for e in here) + len(after[0]) > target
        assert sum(len(e) + 1 for e in here[:-1]) + len(here[-1]) <= target or len(here) == 1


def test_the_seed_digest_indexes_as_lunr_py_does():
    assert_shards_hold_the_index(seed_rows())


def test_repeated_words_stop_words_hyphens_and_tex():
    rows = [("Self-supervised self-supervised learning of the world", "We learn. The world, again: world!",
             "Ana Li; Bo Wu", "Vision", "2401.00001", "Computer Vision (cs.CV)"),
            ("The", "", "", "", "", ""),
            ("GA-S3 and rStar2-Agent", "World models -- and   \u00a0more", "Bo Wu", "Vision Robots", "id-2", "cs.LG"),
            ("A Force/Torque Sensor's Guide", "Bird\u2019s eye view, DT/PT: it's Ross's.", "O'Brien", "", "10.1/x", ""),
            ("Optimisation of behaviour", "Colourful centres: we optimise, analyse and (haemoglobin) rise.", "", "", "",
             "Optimization of behavior")]
    assert_shards_hold_the_index(rows)


def test_shard_files_are_small_and_deterministic():
    docs = documents(seed_rows())
    files, firsts, _ = search_shards.shard_files(search_shards.postings(docs), "")
    again, _, _ = search_shards.shard_files(search_shards.postings(docs), "")
    assert files == again
    assert len(firsts) > 3
    for path, data in files.items():  # a file over the target holds one term only
        if path.startswith("p/") and len(data) > search_shards.POSTINGS_TARGET + 2:
            assert len(json.loads(data)) == 1, path


def test_postings_made_text_a_block_at_a_time_are_those_made_at_once(monkeypatch):
    docs = documents(seed_rows())
    post = search_shards.postings(docs)
    at_once = search_shards.shard_files(post, "")
    for block in (1, 7, 500):  # a block holds one term at least, however small
        monkeypatch.setattr(search_shards, "BLOCK", block)
        assert search_shards.shard_files(post, "") == at_once


@pytest.mark.parametrize("target", [1, 60, 700, 5000])
def test_postings_files_made_of_pieces_are_those_written_a_term_at_a_time(monkeypatch, target):
    """The postings files (made of pieces by NumPy) are those a plain loop writes, term by term."""
    rows = [*seed_rows(), ("Ünïcode títle 中文医学 \u2028 \\ \"q\"", "x" * 50, "", "", "", "")]
    post = search_shards.postings(documents(rows))
    monkeypatch.setattr(search_shards, "POSTINGS_TARGET", target)
    for block in (1, 100, 10 ** 6):
        monkeypatch.setattr(search_shards, "BLOCK", block)
        firsts: list[str] = []
        files = dict(search_shards._postings_files(post, "p/", firsts))
        expected_firsts: list[str] = []
        assert files == dict(split_plainly(postings_entries(post), target, "p/", expected_firsts))
        assert firsts == expected_firsts


def split_plainly(entries, target: int, folder: str, firsts: list[str]):
    """Entries packed into files of about ``target`` characters, one at a time."""
    chunk: list[str] = []
    size = 0
    for term, text in entries:
        if not chunk or size + len(text) > target:
            if chunk:
                yield f"{folder}{len(firsts) - 1}.json", ("{" + ",".join(chunk) + "}").encode()
            firsts.append(term)
            chunk, size = [], 0
        chunk.append(text)
        size += len(text) + 1
    if chunk:
        yield f"{folder}{len(firsts) - 1}.json", ("{" + ",".join(chunk) + "}").encode()


def postings_entries(post):
    """``(term, '"term":[index,[field,[ref deltas],[weights]],…]')`` by term, written plainly."""
    for t, term in enumerate(post.terms):
        a, b = int(post.starts[t]), int(post.starts[t + 1])
        lists: dict[int, list[int]] = {}
        for i in range(a, b):
            lists.setdefault(int(post.field[i]), []).append(i)
        texts = []
        for field, at in lists.items():
            refs = [int(post.ref[i]) for i in at]
            deltas = [refs[0], *(y - x for x, y in zip(refs, refs[1:]))]
            texts.append(f"[{field},[{','.join(map(str, deltas))}],[{','.join(str(int(post.weight[i])) for i in at)}]]")
        yield term, f"{json.dumps(term, ensure_ascii=False)}:[{post.lunr_index[t]},{','.join(texts)}]"


def test_postings_made_on_every_core_are_those_made_in_one_loop(monkeypatch):
    """Chunks of documents split by worker processes, and words stemmed by them, number the
    terms in the same order of first use as one loop does."""
    docs = documents(seed_rows())
    monkeypatch.setattr(parallel, "worker_count", lambda items, min_items=None: 1)
    one_loop = search_shards.shard_files(search_shards.postings(docs), "")
    monkeypatch.undo()
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    for chunk in (7, 50):
        monkeypatch.setattr(search_shards, "CHUNK", chunk)
        assert search_shards.shard_files(search_shards.postings(docs), "") == one_loop


def test_a_word_in_tags_is_a_word_of_its_own():
    # "<i>Drosophila</i>" was the word "i>drosophila</i", which no query found
    assert search_index.words("Why <i>Drosophila</i> flies, <think>x") == ["Why", "i", "Drosophila", "i", "flies,", "think", "x"]
    assert search_index.words("Why <i>Drosophila</i>\u2003") == [w for w in search_index.SEPARATOR.split("Why <i>Drosophila</i>\u2003") if w]


def test_tex_titles_are_folded_for_search():
    assert search_index.fold("GA-S³: ﬁne") == "GA-S3: fine"


# lunr's separators, and characters Python's str.split() splits on but lunr does not
words = st.text(alphabet=st.sampled_from("abcdeéß-'. \u00a0Aé1³\t\n\x1c\x85\u2003\u3000<>"), max_size=40)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(words, words, words, words, words, words), min_size=1, max_size=12))
def test_any_text_indexes_as_lunr_py_does(rows):
    assert_shards_hold_the_index(rows)


def test_idf_is_lunrs():
    from lunr.idf import idf
    for postings, documents in ((0, 0), (1, 1), (3, 10), (10, 10), (12, 10), (997, 100_003)):
        assert search_index.idf_of(postings, documents) == idf({"f": dict.fromkeys(range(postings))}, documents)


def test_postings_sorted_without_packing_are_those_sorted_packed(monkeypatch):
    """Term, field and ref packed with tf in one integer when they fit, else arg-sorted."""
    docs = documents(seed_rows())
    packed = search_shards.shard_files(search_shards.postings(docs), "")
    monkeypatch.setattr(search_shards, "PACKED_BITS", 0)
    assert search_shards.shard_files(search_shards.postings(docs), "") == packed


def seed_search_inputs(seed_site, monkeypatch) -> tuple:
    """The collection and the other arguments the build gave ``search_files`` for the seed site."""
    seen = []
    real = search_site.search_files
    monkeypatch.setattr(search_site, "search_files", lambda collection, *rest: seen.append((collection, rest)) or real(collection, *rest))
    monkeypatch.setattr(build, "SEARCH_BESIDE_UP_TO", -1)  # in this process, where ``seen`` is
    generate(load_project(seed_site), BuildReport())
    monkeypatch.undo()
    collection, (urls, directory_urls, _) = seen[0]
    return collection, list(urls), directory_urls


def changed(collection, urls: list, papers: list[int], title: str = "") -> tuple:
    """The collection (and URLs) with only the papers at ``papers``, the first retitled when ``title``."""
    chosen = [replace(collection.papers[i], title_text=title) if title and n == 0 else collection.papers[i]
              for n, i in enumerate(papers)]
    return replace(collection, papers=tuple(chosen)), [urls[i] for i in papers]


@pytest.mark.parametrize("slices", [True, False])
def test_search_files_made_from_the_cache_are_those_made_afresh(seed_site, monkeypatch, tmp_path, slices):
    """A build keeps each paper's rows and each result file; the next one makes the same files
    from them as a build without a cache, whatever changed: papers added (newest first, or older
    ones: a backfilled digest), removed or edited, a topic renamed (its name is searched). The
    kept rows are taken as slices of runs of papers, or paper by paper (``slices``)."""
    collection, urls, directory_urls = seed_search_inputs(seed_site, monkeypatch)
    monkeypatch.setattr(search_site, "RUNS", 10 ** 9 if slices else -1)
    monkeypatch.setattr(search_site, "RUN_PAPERS", 1 if slices else 10 ** 9)
    n = len(collection.papers)
    cache = BuildCache(tmp_path)
    steps = [list(range(10, n)), list(range(n)), list(range(0, n, 2)) + list(range(1, n, 2)), list(range(5, n)),
             list(range(n)), list(range(n)), list(range(n))]
    for step, papers in enumerate(steps):
        now, now_urls = changed(collection, urls, papers, title="Renamed paper" if step == 3 else "")
        if step == 4:
            now = replace(now, topics=tuple(replace(t, name=t.name + " renamed") for t in now.topics))
        if step >= 5:  # a topic put first (every card's topic numbers shift), then one renamed among others
            new = replace(now.topics[-1], slug="a-new-topic", name="A new topic")
            now = replace(now, topics=(new, *now.topics[:2], replace(now.topics[2], name="Other name"), *now.topics[3:]))
        fresh = search_site.search_files(now, now_urls, directory_urls)
        assert search_site.search_files(now, now_urls, directory_urls, BuildCache(tmp_path)) == fresh, step
        assert shards_of(fresh) == search_shards.shard_files(
            search_shards.postings(search_index.search_documents(now.papers, now.topic_names)), "")[0]
    assert cache.load(search_site.KEPT)["segments"]
    for et_al in (False, True):  # a list of authors found cut short: the same names, "et al." after them
        cut = replace(collection, papers=(replace(collection.papers[0], authors=("Ann Lee",), et_al=et_al),
                                          *collection.papers[1:]))
        fresh = search_site.search_files(cut, urls, directory_urls)
        assert search_site.search_files(cut, urls, directory_urls, BuildCache(tmp_path)) == fresh, et_al
        assert any(b'"a":["Ann Lee"],"e":1' in gzip.decompress(data) for path, data in fresh.items()
                   if path.endswith(".gz")) is et_al


def test_result_files_keep_their_paths_in_their_groups_folders(seed_site, monkeypatch):
    """The result files are outside the build's folder, in their group's: papers added leave every
    earlier group's files at their paths (and bytes), while the build's folder moves; a paper
    edited gives its group another folder (a page of the last build finds its files gone), and
    only that one; the same papers give the same folders."""
    collection, urls, directory_urls = seed_search_inputs(seed_site, monkeypatch)
    monkeypatch.setattr(search_site, "CARD_GROUP", 2)
    n = len(collection.papers)

    def cards(files: dict) -> tuple[dict, str, list]:
        meta = json.loads(files[f"{search_site.FOLDER}{search_site.META}"])
        return ({path: data for path, data in files.items() if path.startswith(f"{search_site.FOLDER}c/")},
                meta["build"], meta["cards"])

    before, build_before, groups_before = cards(search_site.search_files(*changed(collection, urls, list(range(20, n))),
                                                                           directory_urls))
    after, build_after, groups_after = cards(search_site.search_files(collection, urls, directory_urls))
    assert build_after != build_before and len(groups_after) == -(-n // search_site.DOCS_PER_FILE // 2)
    full = (n - 20) // search_site.DOCS_PER_FILE // 2  # the groups of full files before the papers were added
    assert full > 5 and groups_after[:full] == groups_before[:full]
    kept = {path: data for path, data in before.items() if path.split("/")[-2] in groups_before[:full]}
    assert len(kept) == 2 * full and kept.items() <= after.items()
    oldest = n - 1  # the oldest paper, in file 0 (group 0)
    edited = changed(collection, urls, list(range(n)))[0]
    edited = replace(edited, papers=(*edited.papers[:oldest], replace(edited.papers[oldest], summary="Edited.")))
    _, build_edited, groups_edited = cards(search_site.search_files(edited, urls, directory_urls))
    assert build_edited != build_after and groups_edited[0] != groups_after[0] and groups_edited[1:] == groups_after[1:]
    assert cards(search_site.search_files(collection, urls, directory_urls))[1:] == (build_after, groups_after)
    assert all(path.split("/")[-2] == groups_after[int(path.split("/")[-1].split(".")[0]) // 2] for path in after)


def test_a_topic_added_keeps_the_words_of_papers_it_does_not_touch(seed_site, monkeypatch, tmp_path):
    """Topics added (a topic past LISTING_LIMIT papers gets suggested subtopics) leave the kept
    words of the other papers, and their result files; topics numbered anew leave every paper's
    words and result files; a subtopic given to a paper leaves its result file and group."""
    collection, urls, directory_urls = seed_search_inputs(seed_site, monkeypatch)
    search_site.search_files(collection, urls, directory_urls, BuildCache(tmp_path))
    split: list[int] = []
    real = search_shards.chunk_words
    monkeypatch.setattr(search_shards, "chunk_words", lambda documents: split.append(len(documents)) or real(documents))
    made: list[int] = []
    real_result = search_site._result
    monkeypatch.setattr(search_site, "_result", lambda *args: made.append(1) or real_result(*args))
    named = {m.topic for m in collection.papers[0].topics}
    now = replace(collection, topics=(*collection.topics, replace(collection.topics[0], slug="added", name="Added")),
                  papers=(replace(collection.papers[0], topics=(*collection.papers[0].topics, TopicMatch("added", 0.5))),
                          *collection.papers[1:]))
    assert named and "added" not in named
    files = search_site.search_files(now, urls, directory_urls, BuildCache(tmp_path))
    assert split == [1] and len(made) <= search_site.DOCS_PER_FILE  # the paper given the topic, and its file
    assert files == search_site.search_files(now, urls, directory_urls)
    split.clear()
    made.clear()
    first = replace(now, topics=(now.topics[-1], *now.topics[:-1]))  # every topic's number shifts
    files = search_site.search_files(first, urls, directory_urls, BuildCache(tmp_path))
    assert split == [] and made == []  # the cards name their topics by slug: every result file as it was
    assert files == search_site.search_files(first, urls, directory_urls)
    split.clear()
    made.clear()
    groups = json.loads(files[f"{search_site.FOLDER}{search_site.META}"])["cards"]
    parent = collection.papers[1].topics[0].topic
    sub = replace(collection.topics[0], slug="a-subtopic", name="A subtopic", parent=parent)
    given = replace(first, topics=(*first.topics, sub),  # a paper given a subtopic, which no card shows
                    papers=(first.papers[0], replace(first.papers[1], topics=(*first.papers[1].topics, TopicMatch(sub.slug, 0.5))),
                            *first.papers[2:]))
    files = search_site.search_files(given, urls, directory_urls, BuildCache(tmp_path))
    assert split == [1] and made == []  # its words name the subtopic: split again; its card is as it was
    assert json.loads(files[f"{search_site.FOLDER}{search_site.META}"])["cards"] == groups  # and so its group's folder
    assert files == search_site.search_files(given, urls, directory_urls)


def shards_of(files: dict[str, bytes]) -> dict[str, bytes]:
    """The postings and dictionary files among the search files, unzipped, by path in the build's folder."""
    build = json.loads(files[f"{search_site.FOLDER}{search_site.META}"])["build"]
    prefix = f"{search_site.FOLDER}{build}/"
    return {path.removeprefix(prefix).removesuffix(".gz"): gzip.decompress(data) for path, data in files.items()
            if path.startswith((f"{prefix}p/", f"{prefix}d/"))}


def test_search_files_cache_damaged_or_inconsistent_is_ignored(seed_site, monkeypatch, tmp_path):
    collection, urls, directory_urls = seed_search_inputs(seed_site, monkeypatch)
    fresh = search_site.search_files(collection, urls, directory_urls)
    search_site.search_files(collection, urls, directory_urls, BuildCache(tmp_path))
    path = tmp_path / f"{search_site.KEPT}.json"
    kept = path.read_bytes()
    path.write_bytes(kept.replace(b"context", b"kontext"))  # its hash no longer matches
    assert BuildCache(tmp_path).load(search_site.KEPT) == {}
    assert search_site.search_files(collection, urls, directory_urls, BuildCache(tmp_path)) == fresh
    path.write_bytes(kept)
    records = BuildCache(tmp_path).load(search_site.KEPT)
    records["segments"]["0"][1] = records["segments"]["0"][1][:5]  # rows that number strings not kept
    BuildCache(tmp_path).save(search_site.KEPT, records)
    assert BuildCache(tmp_path).load(search_site.KEPT) == records
    assert not search_site.Kept(records, records["context"]).where
    assert search_site.search_files(collection, urls, directory_urls, BuildCache(tmp_path)) == fresh
    records = BuildCache(tmp_path).load(search_site.KEPT)
    assert search_site.Kept(records, records["context"]).where
    for damage in ({**records, "segments": {"0": [*records["segments"]["0"][:2], records["segments"]["0"][2][:-1]]}},
                   {**records, "cards": {key: data.hex() for key, data in records["cards"].items()}}):
        assert not search_site.Kept(damage, records["context"]).where  # keys cut short; result files as texts


def test_kept_rows_are_made_anew_when_many_papers_are_gone(seed_site, monkeypatch, tmp_path):
    """Segments holding more papers no longer here than papers here, or too many segments, are
    written anew (their strings numbered anew); the files made from them are the same."""
    collection, urls, directory_urls = seed_search_inputs(seed_site, monkeypatch)
    n = len(collection.papers)
    monkeypatch.setattr(search_site, "RENUMBER_AFTER", 0)
    monkeypatch.setattr(search_site, "CHUNK", 3 * search_site.DOCS_PER_FILE)
    for step, papers in enumerate((list(range(n)), list(range(0, n, 3)), list(range(1, n, 3)))):
        now, now_urls = changed(collection, urls, papers)
        fresh = search_site.search_files(now, now_urls, directory_urls)
        assert search_site.search_files(now, now_urls, directory_urls, BuildCache(tmp_path)) == fresh
        records = BuildCache(tmp_path).load(search_site.KEPT)
        if step == 1:  # two thirds gone
            assert sum(len(keys) for _, _, keys in records["segments"].values()) == len(papers) * search_site.KEY_BYTES  # none but these
    monkeypatch.setattr(search_site, "SEGMENTS", 1)
    search_site.search_files(collection, urls, directory_urls, BuildCache(tmp_path))
    assert len(BuildCache(tmp_path).load(search_site.KEPT)["segments"]) == -(-n // search_site.CHUNK)


def test_search_files_made_on_every_core_are_those_made_in_one_loop(seed_site, monkeypatch):
    """The search stage's chunks of papers (their words and result files) split between worker
    processes give the files one loop gives, in the same order."""
    collection, urls, directory_urls = seed_search_inputs(seed_site, monkeypatch)
    rest = (urls, directory_urls, None)  # no build cache, as the build gave it
    monkeypatch.setattr(parallel, "worker_count", lambda items, min_items=None: 1)
    one_loop = search_site.search_files(collection, *rest)
    monkeypatch.undo()
    monkeypatch.setattr(search_site, "CHUNK", 3 * search_site.DOCS_PER_FILE)
    on_every_core = search_site.search_files(collection, *rest)
    assert list(on_every_core) == list(one_loop)
    assert on_every_core == one_loop


def test_a_preprints_published_doi_is_searched_with_its_id():
    """The DOI a paper page links and cites beside an arXiv id (arXiv's <arxiv:doi>, a BibTeX doi
    beside its eprint) is in the id field, as the page shows it; a DOI that is the id is there once."""
    from generator.model import Paper, Source

    def paper(**fields) -> Paper:
        return Paper(**{"key": "k", "slug": "s", "title": "T", "abstract": "", "source": Source("d.txt", 1), **fields})

    published = paper(id="2309.12345", extra_urls=("http://dx.doi.org/10.1103/PhysRevD.108.052001",))
    journal = paper(id="10.1038/S41586-021-03819-2", url="https://doi.org/10.1038/s41586-021-03819-2")
    plain = paper(id="2309.11495")
    ids = [d["id"] for d in search_index.search_documents([published, journal, plain], {})]
    assert ids == ["2309.12345 10.1103/physrevd.108.052001", "10.1038/S41586-021-03819-2", "2309.11495"]
    index = json.loads(search_index.build_index(search_index.search_documents([published, journal, plain], {})))
    terms = {term for term, _ in index["invertedIndex"]}
    assert {"10.1103", "physrevd.108.052001"} <= terms  # as search.js reads the pasted DOI (two words)


def test_british_spellings_are_searched_as_american_ones():
    american = search_index.american
    assert [american(w) for w in ("optimisation", "optimisations", "optimised", "behaviour", "behavioural",
                                  "neighbourhood", "centre", "analyse", "haemoglobin", "rise", "noise", "four",
                                  "hour", "optimization", "surprise")] == [
        "optimization", "optimizations", "optimized", "behavior", "behavioral", "neighborhood", "center", "analyze",
        "hemoglobin", "rise", "noise", "four", "hour", "optimization", "surprize"]
    terms = search_index.Terms()
    assert terms.of("Optimisation of neural behaviour") == terms.of("optimization of neural behavior")


def test_chinese_japanese_and_korean_are_indexed_as_pairs_of_characters_and_single_ones():
    """Written without spaces, a Chinese or Japanese title was one word: "医学" did not find
    "基于大语言模型的中文医学问答系统", only the title typed whole did. Each run of their characters is
    indexed as its overlapping pairs, so a word inside it is found (its pairs are all there)."""
    title = "基于大语言模型的中文医学问答系统"
    papers = [Paper(key=t, slug=f"p{i}", title=t, title_text=t, abstract="", source=Source("d.txt", i + 1))
              for i, t in enumerate((title, "深層強化学習によるロボット制御", "GPT模型 for 医", "강화학습을 위한 모델의 성능"))]
    index = Index.load(json.loads(search_index.build_index(search_index.search_documents(papers, {}))))

    def found(text: str) -> list[str]:
        query = index.create_query()
        for word in search_index.words(search_index.fold(text)):
            query.term(word.lower(), presence=QueryPresence.REQUIRED)
        return sorted(r["ref"] for r in index.query(query))

    assert found("医学") == ["0"] and found("问答系统") == ["0"] and found("强化学习") == [] and found("強化学習") == ["1"]
    assert found("模型") == ["0", "2"] and found("GPT") == ["2"]
    assert found("학습") == found("모델") == ["3"]  # Korean joins particles and compounds to words
    assert found("医") == ["0", "2"] and found("模") == ["0", "2"]  # one character: its papers, as single characters
    assert search_index.fold("ディープ・ラーニング") == search_index.fold("ディープラーニング")  # (the middle dot joins)
    assert search_index.words(search_index.fold("强化学习。")) == ["强化", "化学", "学习", "强", "化", "学", "习"]  # no "。"


def test_a_long_run_of_punctuation_is_folded_in_linear_time():
    """The pattern of a run of Chinese, Japanese or Korean characters with the punctuation beside
    it tried the punctuation from each of its characters: a paper's abstract with a row of 20,000
    "=" (and one accented letter, so that it is folded) took 3 s to index, 80,000 a build of 90 s."""
    import time
    started = time.perf_counter()
    assert search_index.fold("Gödel " + "=" * 50_000) == "Godel " + "=" * 50_000
    assert search_index.fold("x" + "。" * 20_000 + "é") == "x" + "。" * 20_000 + "e"
    assert time.perf_counter() - started < 1  # (about 25 s before)
    for text in ("a。中文、b", "（中）(文)", "中!!中", "!!!中", "中!!!", "x = 中 = y", "=é中="):
        assert search_index.cjk_terms(text) == _cjk_terms_before(text)


def _cjk_terms_before(text: str) -> str:
    """cjk_terms as it was, with the pattern that took quadratic time (for short texts)."""
    import re
    run = re.compile(rf"[^\w\s]*({search_index.CJK_CHARS}+)[^\w\s]*")
    return run.sub(lambda m: " " + " ".join([*(m[1][i:i + 2] for i in range(len(m[1]) - 1)), *m[1]]) + " ",
                   text.replace("\u30fb", ""))


def test_topic_names_are_folded_as_queries_are():
    """A topic's name was indexed as written while a query is folded (search.js): a Chinese topic
    name, one word in the index, was searched as its pairs and found none of the topic's papers,
    and "reseaux" (or "réseaux", folded so) did not find the topic "Réseaux de neurones"."""
    papers = [Paper(key="a", slug="a", title="Robots", title_text="Robots", abstract="", source=Source("d.txt", 1),
                    topics=(TopicMatch("ji-qi-ren-xue", 0.5),)),
              Paper(key="b", slug="b", title="Graphs", title_text="Graphs", abstract="", source=Source("d.txt", 2),
                    topics=(TopicMatch("reseaux", 0.5),))]
    names = {"ji-qi-ren-xue": "机器人学", "reseaux": "Réseaux de neurones"}
    index = Index.load(json.loads(search_index.build_index(search_index.search_documents(papers, names))))

    def found(text: str) -> list[str]:
        query = index.create_query()
        for word in search_index.words(search_index.fold(text)):
            query.term(word.lower(), presence=QueryPresence.REQUIRED)
        return sorted(r["ref"] for r in index.query(query))

    assert found("机器人学") == ["0"] and found("réseaux") == ["1"] and found("reseaux") == ["1"]


def test_latin_letters_with_a_stroke_are_searched_as_plain_letters():
    """Unicode decomposes "é" but not "ø", "ł" or "ı": "Ostergaard" did not find "Østergaard",
    nor "isik" "Işık" (search.js folds a query by the same table: tests/browser/test_search.py)."""
    assert search_index.fold("Søren Østergaard, Łukasz Işık, Straße") == "Soren Ostergaard, Lukasz Isik, Strasse"
    assert search_index.fold("Gómez") == "Gomez" and search_index.fold("plain") == "plain"


def test_unicode_dashes_separate_words_as_hyphens_do():
    """BibTeX's "--" is an en dash: "Stokes" did not find "Navier–Stokes", nor "Einstein" "Kähler–Einstein"."""
    assert search_index.words(search_index.fold("Navier–Stokes, Kähler—Einstein A‐B")) == [
        "Navier", "Stokes,", "Kahler", "Einstein", "A", "B"]


def test_a_hyphenated_word_is_indexed_joined_too():
    """lunr splits "pre-training" at its hyphen, so "pretraining" (as others write it) missed it:
    the title and abstract also hold each word of two to four hyphenated parts joined, but a
    number range ("2-3") or a longer chain; the other fields are as written."""
    text = "Pre-training GPT-4 agents (multi-agent), state-of-the-art, 2-3 times, a-b-c-d-e, x--y."
    assert search_index.with_compounds(text) == f"{text} Pretraining GPT4 multiagent stateoftheart"
    assert search_index.with_compounds("no hyphen") == "no hyphen"
    paper = Paper(key="a", slug="a", title="Fine-tuning", title_text="Fine-tuning", abstract="Zero-shot.",
                  abstract_text="Zero-shot.", source=Source("d.txt", 1), authors=("Jean-Pierre Serre",))
    (document,) = search_index.search_documents([paper], {})
    assert (document["title"], document["abstract"], document["authors"]) == (
        "Fine-tuning Finetuning", "Zero-shot. Zeroshot", "Jean-Pierre Serre")
    index = Index.load(json.loads(search_index.build_index([document])))
    assert [r["ref"] for r in index.search("finetuning")] == [r["ref"] for r in index.search("zeroshot")] == ["0"]


def test_typographic_apostrophes_are_searched_as_the_typewriters():
    # "They’re" (a phone's, or an export's "Don’t") found no "They're", and the other way round
    assert search_index.fold("They\u2019re O\u2018Neill D\u02bcAmico") == "They're O'Neill D'Amico"


def test_characters_that_show_nothing_are_left_out_of_searched_words():
    # "representation" found no "rep\u00adresentation", "zerowidth" no "Zero\u200bwidth", "مدلهای" no "مدل\u200cهای"
    assert search_index.fold("rep\u00adresen\u00adtation Zero\u200bwidth \u200fמודל\u200f مدل\u200cهای") == (
        "representation Zerowidth מודל مدلهای")
