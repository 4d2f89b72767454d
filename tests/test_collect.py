from dataclasses import replace
import re
import unicodedata

from generator.collect import collect, slug_for
from generator.model import Digest, Entry, Source


def entry(title, abstract="An abstract.", line=1, **kw):
    return Entry(title=title, abstract=abstract, source=Source("d.txt", line), **kw)


def digest(name, date, *entries):
    return Digest(name=name, path=f"{name}.txt", date=date, entries=tuple(entries))


def test_plain_arxiv_ids_are_their_own_slugs():
    assert slug_for(entry("T", id="2309.10986")) == "2309.10986"


def test_title_slugs_are_readable_and_hashed():
    slug = slug_for(entry("Behavior Generation with Latent Actions"))
    assert re.fullmatch(r"behavior-generation-with-latent-actions-[0-9a-f]{8}", slug)


def test_titles_differing_in_punctuation_or_tex_get_distinct_slugs():
    titles = ["GA-S$^3$ Benchmark", "GA-S3 Benchmark", "GA S3: Benchmark", "GA-S3, Benchmark"]
    slugs = {slug_for(entry(t)) for t in titles}
    assert len(slugs) == len(titles)


def test_a_title_slug_reads_its_tex_outside_math_as_it_always_did():
    # the pages read "Schr\\"odinger -- \\emph{x}" as "Schrödinger – x" now; a published page's address stays
    from generator.collect import slug_base

    title = r'Schr\"odinger -- \emph{waves} of $x^2$'
    assert slug_for(entry(title)).startswith(slug_base(r'Schr\"odinger -- \emph{waves} of x²') + "-")


def test_titles_differing_only_in_case_or_compatibility_form_are_one_paper():
    d = digest("2024-01-01", "2024-01-01", entry("GA-S3 Benchmark"), entry("ga-s³  benchmark", line=3))
    papers, problems = collect([d])
    assert len(papers) == 1 and problems[0].line == 3


def test_unsafe_ids_become_safe_segments():
    for unsafe in ("../../etc/passwd", "CON", "nul", "a/b", "x y", "..", "COM1.txt"):
        slug = slug_for(entry("T", id=unsafe))
        assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", slug) and slug.split(".")[0] not in {"con", "nul", "com1"}, slug


def test_slug_does_not_depend_on_other_papers():
    a, b = entry("Alpha paper"), entry("Beta paper", line=3)
    alone, _ = collect([digest("2024-01-01", "2024-01-01", a)])
    together, _ = collect([digest("2024-01-01", "2024-01-01", b, a)])
    assert alone[0].slug == next(p.slug for p in together if p.title == "Alpha paper")


def test_same_paper_in_two_digests_is_merged_with_both_digests():
    old = digest("2024-01-01-a", "2024-01-01", entry("Same Title", "Old abstract."))
    new = digest("2024-02-01-b", "2024-02-01", entry("Same  title", "New abstract."))
    papers, problems = collect([new, old])
    assert len(papers) == 1 and [p.level for p in problems] == ["note"]  # the log says the newer text won
    assert "newer record wins" in problems[0].message and str(old.entries[0].source) in problems[0].message
    assert papers[0].digests == ("2024-01-01-a", "2024-02-01-b")
    assert papers[0].abstract == "New abstract."
    same, problems = collect([digest("2024-02-01-b", "2024-02-01", entry("Same Title", "Old abstract.")), old])
    assert len(same) == 1 and problems == []  # the same text again: nothing to say


def test_duplicate_within_a_digest_is_a_warning_naming_both_lines():
    d = digest("2024-01-01", "2024-01-01", entry("T", "A.", line=1), entry("T", "B.", line=9))
    papers, problems = collect([d])
    assert len(papers) == 1
    assert str(problems[0]) == "d.txt:9: warning: duplicate of the paper at line 1 (its abstract differs; the first one is kept)"
    # the same abstract, one written composed (NFC) and one decomposed (NFD): it was said to differ
    nfd = digest("2024-01-01", "2024-01-01", entry("T", "Café résumé.", line=1),
                 entry("T", unicodedata.normalize("NFD", "Café résumé."), line=9))
    assert [str(p) for p in collect([nfd])[1]] == ["d.txt:9: warning: duplicate of the paper at line 1"]
    # OpenReview's ids of two papers, alike but for their letters' case: "a duplicate (its abstract differs)"
    cased = digest("2024-01-01", "2024-01-01", entry("Vision transformers at scale", "A.", line=1, id="rJ4km2R5t7"),
                   entry("Diffusion for speech", "B.", line=2, id="rj4KM2r5T7"))
    assert [str(p) for p in collect([cased])[1]] == [
        "d.txt:2: warning: left out: its id ('rj4KM2r5T7') is that of the paper at line 1 ('Vision transformers at "
        "scale'), whose title is another (ids are compared ignoring case): check the ids"]


def test_every_form_of_one_arxiv_id_is_one_paper():
    forms = ["2401.00001", "2401.00001v2", "arXiv:2401.00001", "https://arxiv.org/abs/2401.00001"]
    d = digest("2024-01-01", "2024-01-01", *(entry(f"Title {i}", line=i, id=f) for i, f in enumerate(forms, 1)))
    papers, problems = collect([d])
    assert [p.slug for p in papers] == ["2401.00001"] and len(problems) == 3


def test_a_paper_without_id_and_with_one_is_one_paper_keeping_its_first_slug():
    first = digest("2024-01-01-a", "2024-01-01", entry("Same Title", "Old."))
    later = digest("2024-02-01-b", "2024-02-01", entry("Same  title", "New.", id="arXiv:2401.00001v1"))
    alone, _ = collect([first])
    papers, problems = collect([later, first])
    assert len(papers) == 1 and [p.level for p in problems] == ["note"]  # only: the newer text won
    assert papers[0].slug == alone[0].slug  # the URL published before the id came stays
    assert papers[0].id == "2401.00001" and papers[0].digests == ("2024-01-01-a", "2024-02-01-b")
    ided_first, _ = collect([digest("2024-01-01-a", "2024-01-01", entry("T", id="2401.00001")),
                             digest("2024-02-01-b", "2024-02-01", entry("T"))])
    assert [(p.slug, p.id) for p in ided_first] == [("2401.00001", "2401.00001")]


def test_a_paper_twice_in_a_digest_keeps_the_links_of_both_records():
    # Papers with Code's links file gives a row a repository: a paper's second one was dropped
    d = digest("2024-01-01", "2024-01-01",
               entry("Attention", id="1706.03762", extra_urls=("https://github.com/tensorflow/tensor2tensor",)),
               entry("Attention", id="1706.03762", line=2, extra_urls=("https://github.com/jadore801120/attention",
                                                                      "https://github.com/tensorflow/tensor2tensor")),
               entry("Attention", id="1706.03762", line=3, extra_urls=("https://doi.org/10.1/X",)),
               entry("Attention", id="1706.03762", line=4, extra_urls=("https://doi.org/10.1/x",)))  # (one DOI: once)
    papers, problems = collect([d])
    assert [p.extra_urls for p in papers] == [("https://github.com/tensorflow/tensor2tensor",
                                              "https://github.com/jadore801120/attention", "https://doi.org/10.1/X")]
    assert [(p.line, p.level) for p in problems] == [(2, "warning"), (3, "warning"), (4, "warning")]  # (still duplicates, said so)


def test_a_title_shared_by_two_ids_is_not_guessed():
    d = digest("2024-01-01", "2024-01-01", entry("Survey", id="2401.00001"), entry("Survey", id="2401.00002", line=3),
               entry("Survey", line=5))
    papers, _ = collect([d])
    assert len(papers) == 3


def test_a_paper_first_seen_without_an_id_keeps_its_page_when_a_second_id_of_its_title_comes():
    """The id-less record gave the paper its URL; a later paper of another id and the same title
    (or the paper's own journal version, named by its DOI) split them, and the paper moved to a
    new page while its old one showed the id-less record alone, without a word."""
    listed = digest("2024-02-01-list", "2024-02-01", entry("Sparse Routing for Tiny Models"))
    arxiv = digest("2024-02-02-api", "2024-02-02", entry("Sparse Routing for Tiny Models", id="2402.00002",
                                                          extra_urls=("https://doi.org/10.1000/tacl.77",)))
    before = {p.key: p.slug for p in collect([listed, arxiv])[0]}
    for later in (entry("Sparse routing for tiny models", "Another paper.", id="2402.09999"),
                  entry("Sparse Routing for Tiny Models", id="10.1000/tacl.77")):  # (its journal version)
        papers, _ = collect([listed, arxiv, digest("2024-02-03-more", "2024-02-03", later)])
        assert {p.key: p.slug for p in papers if p.key in before} == before
        assert len(papers) == 1 + (later.id != "10.1000/tacl.77")


def test_slugs_do_not_depend_on_whether_unidecode_is_installed(monkeypatch):
    """Issue 10: python-slugify uses Unidecode when it is installed, else text-unidecode."""
    import sys
    import types

    title = entry("Über Straße: 東京 ☃ benchmark")
    before = slug_for(title)
    other = types.ModuleType("unidecode")
    other.unidecode = lambda text: "another transliteration"
    monkeypatch.setitem(sys.modules, "unidecode", other)
    assert slug_for(title) == before == "uber-strasse-dong-jing-benchmark-" + before.rsplit("-", 1)[1]


def test_a_paper_is_dated_by_its_records_else_its_arxiv_id_never_by_its_digest():
    papers, _ = collect([digest("2026-12-01-today", "2026-12-01", entry("Undated"), entry("From arXiv", id="2309.12345v2"),
                                entry("Old arXiv", id="hep-th/9901001"), entry("Dated", date="2021-05", id="2309.99999"))])
    assert [(p.title, p.date) for p in papers] == [
        ("Undated", ""), ("From arXiv", "2023-09"), ("Old arXiv", "1999-01"), ("Dated", "2021-05")]


def test_one_id_on_two_different_papers_is_a_warning_not_a_note():
    old = digest("2024-01-01-a", "2024-01-01", entry("Executive shareholding and firm value", "Old.", id="2309.10986"))
    new = digest("2024-02-01-b", "2024-02-01", entry("Twisted bilayer graphene", "New.", line=4, id="2309.10986v2"))
    papers, problems = collect([old, new])
    assert len(papers) == 1 and [(p.level, p.line) for p in problems] == [("warning", 4)]
    assert "another title" in problems[0].message and "check the ids" in problems[0].message
    long = digest("2024-01-01-a", "2024-01-01", entry("Executive shareholding and firm value: evidence from ninety "
                                                      "countries over three decades", "Old.", id="2309.10986"))
    assert ("another title ('Executive shareholding and firm value: evidence from ninety countries over three…')"
            in collect([long, new])[1][0].message)  # cut short, and said so: it was one of 81 characters
    reworded = digest("2024-02-01-b", "2024-02-01", entry("Executive shareholding and the value of firms", "New.", id="2309.10986"))
    assert [p.level for p in collect([old, reworded])[1]] == ["note"]  # a version's new wording: a note


def test_a_title_in_nfd_and_in_nfc_is_one_paper_with_a_note_not_a_wrong_id_warning():
    # (combining accents, as macOS gives text, split the words: the same title read as another one)
    title, abstract = "Étude de la mémoire à long terme des réseaux récurrents", "Nous étudions la mémoire."
    old = digest("2024-01-01-a", "2024-01-01", entry(title, abstract))
    new = digest("2024-02-01-b", "2024-02-01", entry(unicodedata.normalize("NFD", title),
                                                     unicodedata.normalize("NFD", abstract), line=2))
    papers, problems = collect([old, new])
    assert len(papers) == 1 and [(p.level, p.line) for p in problems] == [("note", 2)]
    assert "check the ids" not in problems[0].message


def test_one_id_on_two_different_papers_is_a_warning_when_the_newer_record_has_no_abstract():
    # a reading list's record with a mistyped id and no abstract: the older paper kept its text, and
    # the title of the paper meant was shown nowhere, without a word from `check` or the build
    old = digest("2024-01-01-a", "2024-01-01", entry("Executive shareholding and firm value", "Old.", id="2309.10986"))
    new = digest("2024-02-01-b", "2024-02-01", entry("Twisted bilayer graphene", "", line=4, id="2309.10986"))
    papers, problems = collect([old, new])
    assert [p.title for p in papers] == ["Executive shareholding and firm value"]
    assert [(p.level, p.path, p.line) for p in problems] == [("warning", "d.txt", 4)]
    assert "another title ('Executive shareholding and firm value')" in problems[0].message
    assert "check the ids" in problems[0].message
    same = digest("2024-02-01-b", "2024-02-01", entry("Executive Shareholding and Firm Value.", "", id="2309.10986"))
    assert collect([old, same])[1] == []  # the same paper, listed again without its abstract


def test_an_id_that_is_index_gets_a_hashed_slug():
    # papers/index.md would be rendered as papers/index.html: the paper's page would be papers/ itself
    for raw in ("index", "INDEX", "index.html"):
        assert re.fullmatch(r"index(-html)?-[0-9a-f]{8}", slug_for(entry("T", id=raw)))


def test_a_newer_record_with_a_less_precise_date_keeps_the_older_records_day():
    csv = digest("2023-09-21-arxiv", "2023-09-21", entry("Ticketing", id="2309.11189", date="2023-09-21"),
                 entry("Moved", id="2309.11190", date="2023-09-21"))
    bib = digest("2023-09-22-zotero", "2023-09-22", entry("Ticketing", id="2309.11189", date="2023-09"),
                 entry("Moved", id="2309.11190", date="2024-01"))
    papers, _ = collect([csv, bib])
    assert [(p.title, p.date) for p in papers] == [("Ticketing", "2023-09-21"), ("Moved", "2024-01")]


def test_a_newer_record_without_an_abstract_keeps_the_authors_of_the_record_giving_the_text():
    full = entry("Dense Retrieval", "The abstract.", id="2405.01234", authors=("Marta Kowalska", "Jürgen Weiß", "Aiko Tanaka"))
    listed = entry("Dense Retrieval", "", id="2405.01234", authors=("Kowalska",), et_al=True)  # a reading list: "Kowalska et al."
    papers, _ = collect([digest("2024-05-07-arxiv", "2024-05-07", full), digest("2024-05-20-list", "2024-05-20", listed)])
    assert papers[0].abstract == "The abstract." and papers[0].authors == ("Marta Kowalska", "Jürgen Weiß", "Aiko Tanaka")
    assert not papers[0].et_al  # (that record named them all)
    papers, _ = collect([digest("2024-05-20-list", "2024-05-20", replace(listed, abstract="Its abstract."))])
    assert papers[0].authors == ("Kowalska",) and papers[0].et_al
    papers, _ = collect([digest("2024-05-07-arxiv", "2024-05-07", full),
                         digest("2024-05-20-list", "2024-05-20", replace(listed, abstract="Its abstract."))])
    assert papers[0].authors == ("Kowalska",) and papers[0].et_al  # the newer text's record, as said
    # a newer record with an abstract and no authors still takes the older record's names
    bare = entry("Dense Retrieval", "Newer abstract.", id="2405.01234")
    papers, _ = collect([digest("2024-05-07-arxiv", "2024-05-07", full), digest("2024-05-21-hf", "2024-05-21", bare)])
    assert papers[0].abstract == "Newer abstract." and papers[0].authors == ("Marta Kowalska", "Jürgen Weiß", "Aiko Tanaka")


def test_a_preprint_and_its_journal_version_are_one_paper():
    # arXiv's <arxiv:doi> names the published version: a later record under that DOI (an ACL
    # Anthology .bib, a Crossref answer) was a second page, and `add` called it new
    preprint = entry("Dense Retrieval", "The abstract.", id="2405.01234",
                     extra_urls=("http://dx.doi.org/10.18653/v1/2024.acl-long.101",))
    journal = entry("Dense Retrieval", "The published abstract.", id="10.18653/V1/2024.ACL-LONG.101")
    for order in ([digest("2024-05-07-a", "2024-05-07", preprint), digest("2024-08-01-b", "2024-08-01", journal)],
                  [digest("2024-05-07-a", "2024-05-07", journal), digest("2024-08-01-b", "2024-08-01", preprint)]):
        papers, _ = collect(order)
        assert [(p.slug, p.id, p.digests) for p in papers] == [
            (slug_for(order[0].entries[0]), "2405.01234", ("2024-05-07-a", "2024-08-01-b"))]
    other = entry("Another Paper", "Its abstract.", id="10.1/other")  # no record names it: its own paper
    assert len(collect([digest("2024-05-07-a", "2024-05-07", preprint, other)])[0]) == 2
    # a journal's own title is no sign of a wrong id ("this record's id is that of …, a paper of another title")
    retitled = replace(journal, title="Dense passage retrieval for open-domain question answering")
    for order in ([preprint, retitled], [retitled, preprint]):
        _, problems = collect([digest("2024-05-07-a", "2024-05-07", order[0]), digest("2024-08-01-b", "2024-08-01", order[1])])
        assert [p.level for p in problems] == ["note"], problems


def test_a_doi_that_two_preprints_name_joins_neither():
    # CORE, Dimensions and Semantic Scholar give a DOI beside an arXiv id; a proceedings volume's
    # DOI (or a wrong one) beside two preprints joined its own record to the first of them, whose
    # title and authors it then replaced ("Sparse attention…" became "Proceedings of ICASSP 2023")
    one = entry("Sparse attention for long documents", id="2309.00001", extra_urls=("https://doi.org/10.1109/icassp.2023",))
    two = entry("Speech enhancement with diffusion", id="2309.00002", extra_urls=("https://doi.org/10.1109/icassp.2023",))
    volume = entry("Proceedings of ICASSP 2023", id="10.1109/ICASSP.2023")
    papers, _ = collect([digest("2023-09-01-s2", "2023-09-01", one, two), digest("2023-09-08-scopus", "2023-09-08", volume)])
    assert [(p.id, p.title) for p in papers] == [("2309.00001", "Sparse attention for long documents"),
                                                  ("2309.00002", "Speech enhancement with diffusion"),
                                                  ("10.1109/icassp.2023", "Proceedings of ICASSP 2023")]


def test_a_newer_record_keeps_the_links_of_the_older_ones():
    """A daily-arXiv generator's row gives a paper's code link and no abstract; the arXiv API's
    record added for the abstract gives its PDF link: the code link was lost, the newest record's
    links replacing all others. Links are each record's, newest first, each once."""
    row = entry("Dense Retrieval", "", id="2405.01234", extra_urls=("https://github.com/a/b",))
    api = entry("Dense Retrieval", "The abstract.", id="2405.01234",
                extra_urls=("http://arxiv.org/pdf/2405.01234v2", "https://github.com/a/b"))
    papers, _ = collect([digest("2024-05-03-daily", "2024-05-03", row), digest("2024-05-07-api", "2024-05-07", api)])
    assert papers[0].extra_urls == ("http://arxiv.org/pdf/2405.01234v2", "https://github.com/a/b")
    api = entry("Dense Retrieval", "The abstract.", id="2405.01234", extra_urls=("http://arxiv.org/pdf/2405.01234v2",))
    papers, _ = collect([digest("2024-05-03-daily", "2024-05-03", row), digest("2024-05-07-api", "2024-05-07", api)])
    assert papers[0].extra_urls == ("http://arxiv.org/pdf/2405.01234v2", "https://github.com/a/b")


def test_slugified_titles_kept_in_the_build_cache_give_the_same_slugs_and_a_damaged_file_is_ignored(tmp_path):
    from generator.cache import BuildCache
    from generator.collect import SLUGS

    cache = BuildCache(tmp_path / "cache")
    first = digest("2024-01-01", "2024-01-01", entry("Behavior Generation"), entry("Ünïcode Títle", line=2),
                   entry("T", id="2309.10986", line=3), entry("A DOI one", id="10.1000/XYZ", line=4))
    plain = [p.slug for p in collect([first])[0]]
    assert [p.slug for p in collect([first], cache)[0]] == plain
    stored = BuildCache(tmp_path / "cache").load(SLUGS)
    assert sorted(stored) == ["10.1000/xyz", "Behavior Generation", "Ünïcode Títle"]
    assert [p.slug for p in collect([first], BuildCache(tmp_path / "cache"))[0]] == plain

    path = tmp_path / "cache" / f"{SLUGS}.json"
    path.write_bytes(path.read_bytes().replace(b"behavior", b"misbehave"))  # damaged: its hash no longer holds
    assert [p.slug for p in collect([first], BuildCache(tmp_path / "cache"))[0]] == plain

    second = digest("2024-01-02", "2024-01-02", entry("Behavior Generation"))
    collect([second], BuildCache(tmp_path / "cache"))
    assert sorted(BuildCache(tmp_path / "cache").load(SLUGS)) == ["Behavior Generation"]  # only the build's own


def test_a_papers_links_are_each_once_whatever_their_records_spell_them():
    # a DOI in two cases was two links ("Also: doi.org/10.1000/jml.1" beside its badge), and each
    # record's arXiv PDF version one more
    arxiv = digest("2024-01-02-api", "2024-01-02", entry("Attention", id="2401.00001", extra_urls=(
        "http://arxiv.org/pdf/2401.00001v3", "https://doi.org/10.1000/jml.2024.001", "https://github.com/t/t")))
    older = digest("2024-01-01-api", "2024-01-01", entry("Attention", id="2401.00001", extra_urls=(
        "http://arxiv.org/pdf/2401.00001v1", "https://doi.org/10.1000/JML.2024.001", "https://doi.org/10.48550/arXiv.2401.00001",
        "https://arxiv.org/abs/2401.00001v1")))
    (paper,), _ = collect([older, arxiv])
    assert paper.extra_urls == ("http://arxiv.org/pdf/2401.00001v3", "https://doi.org/10.1000/jml.2024.001",
                                "https://github.com/t/t", "https://doi.org/10.48550/arXiv.2401.00001")


def test_a_record_joined_by_its_title_alone_with_another_abstract_is_a_warning():
    # a psychology study titled "Attention Is All You Need" took the Transformer paper's page with a note alone
    transformer = ("The dominant sequence transduction models are based on complex recurrent or convolutional neural "
                   "networks that include an encoder and a decoder. We propose a new simple network architecture, the "
                   "Transformer, based solely on attention mechanisms.")
    children = ("A study of attention deficits in primary-school children: we survey 400 teachers about classroom "
                "interventions and find that short breaks during lessons help most, whatever the pupils' ages are.")
    papers, problems = collect([digest("2024-01-01-api", "2024-01-01", entry("Attention Is All You Need", transformer, id="1706.03762")),
                                digest("2024-01-15-psych", "2024-01-15", entry("Attention Is All You Need", children))])
    (warning,) = [p for p in problems if "no id" in p.message]
    assert warning.level == "warning" and "shares almost no word" in warning.message
    revised = transformer.replace("new simple", "simple new") + " It trains in twelve hours."
    _, problems = collect([digest("2024-01-01-api", "2024-01-01", entry("Attention Is All You Need", transformer, id="1706.03762")),
                           digest("2024-01-15-list", "2024-01-15", entry("Attention Is All You Need", revised))])
    assert [p.level for p in problems] == ["note"]  # a version of its text: the newer record wins, as before


def test_a_record_without_an_abstract_is_not_said_to_be_replaced():
    # a dblp entry of the same title and no abstract, between two records of the same text: "this
    # newer record's text replaces that of …dblp.bib:16" when nothing of it was replaced
    api = entry("Sparse Routing", "Its abstract.", id="2403.10000")
    dblp = entry("Sparse Routing", "", id="2403.10000")
    _, problems = collect([digest("2024-03-01-a", "2024-03-01", api), digest("2024-03-02-b", "2024-03-02", dblp),
                           digest("2024-03-03-c", "2024-03-03", api)])
    assert problems == []


def test_add_compares_abstracts_whatever_their_unicode_form():
    # `add` warned of an NFC copy of an earlier abstract, not of its NFD copy
    from generator.additions import _words_of

    assert _words_of("Café  résumé.") == _words_of(unicodedata.normalize("NFD", "CAFÉ RÉSUMÉ."))


def test_a_title_in_tex_and_the_same_title_decoded_are_one_paper_keeping_its_first_slug():
    """BibTeX's titles are decoded as read ("Schrödinger … Navier–Stokes"); another source keeps
    the TeX (``Schr\\"odinger … Navier--Stokes``): the two records without ids were two papers, two
    pages. They are one paper, at the slug its oldest record gave; a record of the decoded title
    without an id joins the id of a TeX-titled record too. A title without TeX keeps its slug."""
    tex, decoded = 'Schr\\"odinger bridges and Navier--Stokes flows', "Schrödinger bridges and Navier–Stokes flows"
    papers, _ = collect([digest("a", "2024-01-01", entry(tex)), digest("b", "2024-01-02", entry(decoded, "Newer."))])
    assert [(p.slug, p.title, p.abstract) for p in papers] == [(slug_for(entry(tex)), decoded, "Newer.")]
    assert papers[0].digests == ("a", "b")
    papers, _ = collect([digest("a", "2024-01-01", entry(decoded)), digest("b", "2024-01-02", entry(tex))])
    assert [p.slug for p in papers] == [slug_for(entry(decoded))]
    papers, _ = collect([digest("a", "2024-01-01", entry(tex, id="2401.00001"), entry("Plain words")),
                         digest("b", "2024-01-02", entry(decoded, "Newer."))])
    assert [(p.slug, p.abstract) for p in papers] == [("2401.00001", "Newer."), (slug_for(entry("Plain words")), "An abstract.")]
    papers, _ = collect([digest("a", "2024-01-01", entry(tex)), digest("b", "2024-01-02", entry("Schrodinger bridges"))])
    assert len(papers) == 2  # (another title)
