"""The exports people have: arXiv API and announcement feeds, BibTeX, Hugging Face, CSL-JSON, mapped fields.

Every fixture in ``tests/data/sources`` was written for these tests, in the shape each source exports.
"""

from __future__ import annotations

import json
import pathlib
from html import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.readers import read_digest
from generator.readers.records import resolve, valid_path

SOURCES = pathlib.Path(__file__).parent / "data" / "sources"


def read(name: str, field_map=None):
    return read_digest(SOURCES / name, display_path=name, field_map=field_map)


def write(tmp_path: pathlib.Path, name: str, text: str, field_map=None):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return read_digest(tmp_path / name, display_path=name, field_map=field_map)


def test_arxiv_api_atom():
    digest, problems = read("arxiv-api-retrieval.atom")
    assert problems == []
    first = digest.entries[0]
    assert first.id == "2405.01234"  # from http://arxiv.org/abs/2405.01234v2: no version, no URL
    assert first.title == "Dense Passage Retrieval with Late Interaction for Long-Context Question Answering"
    assert first.authors == ("Marta Kowalska", "Jürgen Weiß", "Aiko Tanaka")
    assert first.categories == ("cs.CL", "cs.IR")
    assert first.date == "2024-05-02"
    assert first.url == "http://arxiv.org/abs/2405.01234v2"
    assert first.extra_urls == ("http://arxiv.org/pdf/2405.01234v2", "http://dx.doi.org/10.18653/v1/2024.acl-long.101")
    assert first.abstract.startswith("Retrieval-augmented generation depends on finding the few passages that answer")
    assert str(first.source) == "arxiv-api-retrieval.atom:10"  # the line of its <entry>
    assert [e.source.line for e in digest.entries] == [10, 43, 68, 96]
    assert digest.entries[2].title == "Sparse Lexical Expansion for Multilingual Retrieval in Low-Resource Languages"


def test_an_arxiv_api_answer_holding_a_page_of_its_results_says_so(tmp_path):
    """The arXiv API answers 10 entries unless asked for more: an ``id_list`` of 150 ids saved
    without ``max_results`` gave 10 papers, and nothing said the 140 others were left out."""
    def answer(total, start, entries):
        return ('<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">\n'
                f'<opensearch:totalResults>{total}</opensearch:totalResults>\n'
                f'<opensearch:startIndex>{start}</opensearch:startIndex>\n'
                + "".join(f'<entry><id>http://arxiv.org/abs/2401.{n:05d}v1</id><title>T{n}</title>'
                          f'<summary>An abstract.</summary></entry>\n' for n in range(entries)) + '</feed>\n')
    digest, problems = write(tmp_path, "query.atom", answer(150, 0, 10))
    assert len(digest.entries) == 10
    assert [(p.line, p.level, p.message[:58]) for p in problems] == [
        (2, "note", "this answer holds results 1 to 10 of the 150 its query fou")]
    digest, problems = write(tmp_path, "query.atom", answer(150, 140, 10))
    assert problems == [] and len(digest.entries) == 10  # the last page: nothing left out
    assert write(tmp_path, "query.atom", answer(10, 0, 10))[1] == []
    assert read("arxiv-api-retrieval.atom")[1] == []
    rss = ('<rss version="2.0"><channel><title>cs.CL updates on arXiv.org</title><link>http://rss.arxiv.org/rss/cs.CL'
           '</link></channel></rss>\n')  # a feed of a day nothing was announced: why, not only "no papers found"
    assert [(p.line, p.message[:24]) for p in write(tmp_path, "cs.CL.rss", rss)[1]] == [(1, "the feed holds no entrie")]
    digest, problems = write(tmp_path, "query.atom", answer(0, 0, 0))  # a query that found nothing: why, not
    assert [(p.line, p.level, p.message[:61]) for p in problems] == [  # only "no papers found"
        (2, "error", "the query of this API answer found no papers (totalResults is")]


def test_arxiv_announcement_rss_and_atom_agree():
    rss, rss_problems = read("arxiv-announce-cs.CL.rss")
    atom, atom_problems = read("arxiv-announce-cs.CL.atom")
    assert rss_problems == atom_problems == []
    assert [e.id for e in rss.entries] == ["2405.07001", "2405.07113"]
    assert rss.entries[1].authors == ("Jan Novák", "Ingrid Solberg", "Pierre Dubois")  # "A, B and C"
    for entry in (rss.entries[0], atom.entries[0]):
        assert entry.id == "2405.07001"
        assert entry.authors == ("Hannah Becker", "Tomás Ruiz", "Mei Lin")
        assert entry.abstract.startswith("We train 60 small language models")  # "arXiv:… Announce Type" removed
        assert entry.categories == ("cs.CL", "cs.LG")
        assert entry.date == "2024-05-14"
    assert "&" in rss.entries[0].abstract  # the entity is decoded once, as text


def test_arxiv_announcements_of_replaced_versions_and_their_dois(tmp_path):
    """arXiv's feeds date an entry by its announcement: a paper of May 2023 whose new version was
    announced on 2 January 2024 was dated 2024-01-02, shown and sorted as new (its id's month is
    shown instead, as for a record without a date). A replaced version's ``<arxiv:DOI>`` (the
    published version, beside its ``<arxiv:journal_reference>``) was not read: no DOI link."""
    def item(number, kind):
        return (f"<item><title>T{number}</title><link>https://arxiv.org/abs/{number}</link><description>arXiv:{number}v3 "
                f"Announce Type: {kind} \nAbstract: An abstract.</description><guid isPermaLink=\"false\">oai:arXiv.org:{number}v3"
                f"</guid><pubDate>Tue, 02 Jan 2024 00:00:00 -0500</pubDate><dc:creator>Ann Lee</dc:creator>"
                f"<arxiv:announce_type>{kind}</arxiv:announce_type><arxiv:journal_reference>ACL 2024</arxiv:journal_reference>"
                f"<arxiv:DOI>10.18653/v1/2024.acl-long.{number[-1]}</arxiv:DOI></item>")
    rss = ('<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">'
           f'<channel>{item("2401.00001", "new")}{item("2305.00003", "replace")}{item("2305.00004", "replace-cross")}'
           f'{item("2312.00005", "cross")}</channel></rss>')
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"><entry>'
            '<id>oai:arXiv.org:2305.00003v3</id><title>T</title><link href="https://arxiv.org/abs/2305.00003" rel="alternate"/>'
            '<summary>arXiv:2305.00003v3 Announce Type: replace \nAbstract: An abstract.</summary>'
            '<published>2024-01-02T00:00:00-05:00</published><author><name>Ann Lee</name></author>'
            '<arxiv:DOI>https://doi.org/10.18653/v1/2024.acl-long.3</arxiv:DOI></entry></feed>')
    for name, text in (("cs.CL.rss", rss), ("cs.CL.atom", atom)):
        digest, problems = write(tmp_path, name, text)
        assert problems == []
        assert all(e.abstract == "An abstract." for e in digest.entries)
        for entry in digest.entries:
            assert entry.date == ("2024-01-02" if entry.id in ("2401.00001", "2312.00005") else "")
            assert entry.extra_urls == (f"https://doi.org/10.18653/v1/2024.acl-long.{entry.id[-1]}",)
    assert main(["new", str(tmp_path / "c"), "--from", str(tmp_path / "cs.CL.rss")]) == 0
    assert main(["-C", str(tmp_path / "c"), "generate"]) == 0
    papers = json.loads((tmp_path / "c/build/docs/papers.json").read_text(encoding="utf-8"))
    assert {p["id"]: p["date"] for p in papers} == {"2401.00001": "2024-01-02", "2305.00003": "2023-05",
                                                     "2305.00004": "2023-05", "2312.00005": "2024-01-02"}


def test_a_digest_site_feed_s_no_abstract_is_no_abstract(tmp_path):
    """Another collection's feed says "(no abstract)" for a paper without one: read back (a
    collection following another's feed.xml), it was that paper's abstract, shown on its page."""
    feed = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:digest-site:paper:x</id><title>T</title>'
            '<summary>(no abstract)</summary></entry><entry><id>urn:digest-site:paper:y</id><title>U</title>'
            '<summary>(No abstract yet, see the PDF)</summary></entry></feed>')
    digest, problems = write(tmp_path, "feed.xml", feed)
    assert problems == []
    assert [e.abstract for e in digest.entries] == ["", "(No abstract yet, see the PDF)"]


def test_arxiv_rss1_html_is_text():
    digest, problems = read("arxiv-cs.CL-rss1.xml")
    assert problems == []
    (entry,) = digest.entries
    assert entry.title == "Chain-of-Verification Reduces Hallucination in Large Language Models"  # "(arXiv:… [cs.CL] UPDATED)" gone
    assert entry.id == "2309.11495"
    assert entry.authors == ("Shehzaad Dhuliawala", "Mojtaba Komeili", "Jing Xu")  # out of their <a> links
    assert entry.abstract.startswith("Generation of plausible yet incorrect") and "<p>" not in entry.abstract
    assert entry.source.line == 25


def test_rss_creators_one_per_element_or_all_in_one(tmp_path):
    items = ["<dc:creator>Yau, Shing-Tung</dc:creator>",  # one name, "Last, First"
             "<dc:creator>Smith, John</dc:creator><dc:creator>Doe, Jane</dc:creator>",  # a journal's TOC
             "<dc:creator>Shing-Tung Yau, Jane Doe</dc:creator>",  # arXiv's: every author in one
             "<dc:creator>Smith, J., Doe, A. and Lee, K.</dc:creator>"]
    text = ('<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            + "".join(f"<item><title>T{i}</title>{item}</item>" for i, item in enumerate(items)) + "</channel></rss>")
    digest, problems = write(tmp_path, "toc.rss", text)
    assert problems == []
    assert [e.authors for e in digest.entries] == [
        ("Shing-Tung Yau",), ("John Smith", "Jane Doe"), ("Shing-Tung Yau", "Jane Doe"), ("J. Smith", "A. Doe", "K. Lee")
    ]


def test_rss2_author_elements_name_the_authors(tmp_path):
    """RSS 2.0's own <author> (an address and the name in parentheses, "ann@example.org (Ann Lee)",
    or a name alone, as journals' and blogs' feeds write it) was not read: the papers had no authors."""
    items = ["<author>ann@example.org (Ann Lee)</author><author>bo@example.org (Chen, Bo)</author>",
             "<author>Cy Dee</author>", "<author>noreply@example.org</author>",
             "<author>x@example.org (X)</author><dc:creator>Dee, Cy</dc:creator>"]  # dc:creator first
    text = ('<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            + "".join(f"<item><title>T{i}</title>{item}</item>" for i, item in enumerate(items)) + "</channel></rss>")
    digest, problems = write(tmp_path, "journal.rss", text)
    assert problems == []
    assert [e.authors for e in digest.entries] == [("Ann Lee", "Bo Chen"), ("Cy Dee",), (), ("Cy Dee",)]


def test_an_arxiv_api_abstract_keeps_its_paragraphs_and_a_pretty_printed_one_is_one(tmp_path):
    """The arXiv API's abstracts are wrapped, a paragraph starting on an indented line or after a
    blank one (as elsewhere, see "arxiv_unwrapped"): its summaries were run together into one
    paragraph. A summary whose every line is indented alike (pretty-printed XML) is one paragraph."""
    api = "\n  We present X. It wraps\nhere and here.\n  A second paragraph\nwraps too.\n\nA third.\n"
    pretty = "\n      One paragraph that\n      wraps in its XML.\n    "
    text = ('<feed xmlns="http://www.w3.org/2005/Atom">'
            + "".join(f"<entry><id>urn:{i}</id><title>T{i}</title><summary>{summary}</summary></entry>"
                      for i, summary in enumerate([api, pretty])) + "</feed>")
    digest, problems = write(tmp_path, "query.atom", text)
    assert problems == [] and [e.abstract for e in digest.entries] == [
        "We present X. It wraps here and here.\n\nA second paragraph wraps too.\n\nA third.",
        "One paragraph that wraps in its XML."]
    # The text is read as the element chosen says, not as either of the two: an HTML excerpt beside
    # the whole abstract as text keeps its paragraphs; a text excerpt beside HTML reads as HTML
    both = [(f'<summary type="html">&lt;p&gt;We present X.&lt;/p&gt;</summary><content type="text">{api}</content>'),
            ('<summary type="text">We present X.</summary><content type="html">&lt;p&gt;We present X. It is'
             '&lt;/p&gt;\n&lt;p&gt;good.&lt;/p&gt;</content>')]
    text = ('<feed xmlns="http://www.w3.org/2005/Atom">'
            + "".join(f"<entry><id>urn:{i}</id><title>T{i}</title>{entry}</entry>" for i, entry in enumerate(both))
            + "</feed>")
    digest, problems = write(tmp_path, "both.atom", text)
    assert problems == [] and [e.abstract for e in digest.entries] == [
        "We present X. It wraps here and here.\n\nA second paragraph wraps too.\n\nA third.", "We present X. It is good."]


def test_atom_html_text_is_plain_text_and_content_is_the_abstract_without_a_summary(tmp_path):
    entries = [
        '<title type="html">&lt;i&gt;In vivo&lt;/i&gt; imaging &amp;amp; more</title>'
        '<summary type="html">&lt;p&gt;See &lt;a href="https://x.org"&gt;our code&lt;/a&gt;.&lt;/p&gt;</summary>',
        '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><b>Bold</b> &amp; plain</div></title>'
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Only in content &amp;lt;3.</p></div></content>',
        '<title type="text">Text &lt;b&gt; stays</title><content type="text">An abstract in content.</content>',
    ]
    text = ('<feed xmlns="http://www.w3.org/2005/Atom">'
            + "".join(f"<entry><id>urn:{i}</id>{entry}</entry>" for i, entry in enumerate(entries)) + "</feed>")
    digest, problems = write(tmp_path, "blog.atom", text)
    assert problems == []
    assert [(e.title, e.abstract) for e in digest.entries] == [
        ("In vivo imaging & more", "See our code."),  # entities decoded once: the site escapes the text
        ("Bold & plain", "Only in content &lt;3."),
        ("Text <b> stays", "An abstract in content."),
    ]


def test_atom_xhtml_content_keeps_its_paragraphs_and_lines_apart(tmp_path):
    """An Atom entry's ``type="xhtml"`` content was read as its elements' text run together:
    "<p>First para.</p><p>Second para.</p>" became "First para.Second para." (and "one<br/>two"
    "onetwo"); its blocks are kept apart as in ``type="html"``, and its sub- and superscripts read
    alike. Deeply nested markup is read without recursion."""
    xhtml = ('<div xmlns="http://www.w3.org/1999/xhtml"><p>First <b>para</b>.</p><p>Second &amp; para,'
             'line one<br/>line two.</p>H<sub>2</sub>O</div>')
    html = xhtml.replace('<div xmlns="http://www.w3.org/1999/xhtml">', "<div>").replace("<br/>", "<br>")
    deep = '<div xmlns="http://www.w3.org/1999/xhtml">' + "<span>" * 5000 + "x" + "</span>" * 5000 + "</div>"
    entries = [f'<title>X</title><content type="xhtml">{xhtml}</content>',
               f'<title>H</title><content type="html">{escape(html)}</content>',
               f'<title>D</title><content type="xhtml">{deep}</content>']
    text = ('<feed xmlns="http://www.w3.org/2005/Atom">'
            + "".join(f"<entry><id>urn:{i}</id>{entry}</entry>" for i, entry in enumerate(entries)) + "</feed>")
    digest, problems = write(tmp_path, "blog.atom", text)
    assert problems == [] and digest.entries[0].abstract == digest.entries[1].abstract
    assert digest.entries[0].abstract.split() == "First para. Second & para,line one line two. H₂O".split()
    assert digest.entries[2].abstract == "x"


def test_the_css_and_scripts_of_an_html_description_are_no_text(tmp_path):
    """A blog's RSS description with WordPress' gallery style (``<style type='text/css'>#gallery-1
    { margin: auto; }</style>``) or an embedded post's script had that code read into the abstract."""
    description = ("<style type='text/css'>#gallery-1 { margin: auto; }</style><p>We release a dataset.</p>"
                   "<script>window.twttr = {};</script><p>It is large.</p>")
    text = (f"<rss><channel><item><title>T</title><description>{escape(description)}</description>"
            "</item></channel></rss>")
    digest, problems = write(tmp_path, "blog.rss", text)
    assert problems == [] and digest.entries[0].abstract == "We release a dataset. It is large."


def test_a_company_s_name_with_a_comma_stays_whole(tmp_path):
    """BibTeX's own example of a braced name, ``{Barnes and Noble, Inc.}``, read "Inc. Barnes and
    Noble" (the list of names was turned as "Last, First" names are), and so did "Google, Inc." in a
    CSV, and in the JSONL that ``add --skip-invalid`` writes, which then read back otherwise."""
    bib = "@techreport{r,\n  title = {T},\n  author = {{Barnes and Noble, Inc.} and {Google, Inc.}},\n  year = 2023\n}\n"
    digest, problems = write(tmp_path, "r.bib", bib)
    assert problems == [] and digest.entries[0].authors == ("Barnes and Noble, Inc.", "Google, Inc.")
    digest, problems = write(tmp_path, "r.csv", 'title,abstract,authors\nT,A,"Google, Inc."\n')
    assert problems == [] and digest.entries[0].authors == ("Google, Inc.",)
    digest, problems = write(tmp_path, "r.jsonl", '{"title": "T", "abstract": "A", "authors": ["Acme Widgets, Ltd."]}\n')
    assert problems == [] and digest.entries[0].authors == ("Acme Widgets, Ltd.",)


def test_bibtex_months_written_with_a_period_are_read(tmp_path):
    """IEEE Xplore's BibTeX writes ``month={Sep.}`` (and others ``{Sept.}``, ``{Sept}``): the month
    was dropped without a word and the paper dated by its year alone."""
    months = ["{Sep.}", "{Sept.}", "{sept}", "{Jan.}", "{June}", "{Mar.--Apr.}"]
    bib = "".join(f"@inproceedings{{k{i},\n  title = {{T{i}}},\n  year = {{2021}},\n  month = {month},\n}}\n"
                  for i, month in enumerate(months))
    digest, problems = write(tmp_path, "ieee.bib", bib)
    assert problems == [] and [e.date for e in digest.entries] == [
        "2021-09", "2021-09", "2021-09", "2021-01", "2021-06", "2021"]  # (a range is no one month)


def test_bibtex_decodes_tex_and_finds_ids():
    digest, problems = read("zotero-reading-list.bib")
    assert problems == []
    lhc, survey, verification = digest.entries
    assert lhc.title == "Precision Measurements at the LHC with Machine-Learned Jet Taggers"
    assert lhc.authors == ("Péter Balázs", "Jörg Müller", "Jan van der Berg", "The ATLAS Collaboration")
    assert lhc.id == "2309.12345" and lhc.date == "2023-09"
    assert lhc.categories == ("hep-ex", "jet tagging", "graph neural networks")
    assert lhc.extra_urls == ("https://doi.org/10.1103/PhysRevD.108.052001",)
    assert r"$t\bar{t}$" in lhc.abstract and "30% lower" in lhc.abstract  # math kept for the pipeline, \% decoded
    assert survey.authors == ("María Núñez", "John Smith Jr.")
    assert survey.id == "10.18653/v1/2024.acl-long.777" and survey.date == "2024"
    assert survey.url == "https://aclanthology.org/2024.acl-long.777"
    assert verification.id == "2309.11495"  # from the arXiv DOI
    assert [e.source.line for e in digest.entries] == [4, 21, 33]


def test_bibtex_keeps_texs_logos_and_reads_and_others_as_et_al(tmp_path):
    text = ("@book{knuth, title={The {\\TeX}book}, author={Knuth, Donald E.}, year=1984}\n"
            "@article{big, title={\\LaTeX\\ and \\BibTeX{} at Scale}, author={Doe, Jane and others}, year=2020}\n")
    digest, problems = write(tmp_path, "logos.bib", text)
    assert problems == []
    assert [(e.title, e.authors) for e in digest.entries] == [
        ("The TeXbook", ("Donald E. Knuth",)), ("LaTeX and BibTeX at Scale", ("Jane Doe",))]


def test_bibtex_text_commands_keep_their_text_and_citations_read_as_on_other_pages(tmp_path):
    # pylatexenc drops a command it parses but has no text for with its argument: "\\texttt{torch}"
    # was read as nothing ("The  Library"); a citation was "<cit.>", a "\\url" "<https://…>"
    text = ("@article{t, title={The \\texttt{transformers} Library in \\textsf{Python} and \\mbox{C++}},\n"
            "  abstract={As in \\cite{vaswani, devlin} and~\\citep[p.~3]{radford}.\\label{abs} Code: \\url{https://github.com/o/r}.},\n"
            "  author={Wolf, Thomas}, year={2020}}\n")
    digest, problems = write(tmp_path, "hand.bib", text)
    assert problems == []
    assert [(e.title, e.abstract) for e in digest.entries] == [
        ("The transformers Library in Python and C++",
         "As in [vaswani, devlin] and [radford]. Code: https://github.com/o/r.")]


def test_bibtex_as_zotero_writes_symbols_and_bare_percent_and_ampersand_are_text(tmp_path):
    text = ("@article{z, title={Effects of {\\textless}10 mg: p {\\textless} 0.05 {\\textbar} n {\\textgreater} 100},\n"
            "  abstract={Achieving 90% accuracy with R&D, 50\\% of {\\textquotedbl}it{\\textquotedbl}. This stays.},\n"
            "  author={Smith, Jane}, year={2023}}\n")
    digest, problems = write(tmp_path, "zotero.bib", text)
    assert problems == []
    assert [(e.title, e.abstract) for e in digest.entries] == [
        ("Effects of <10 mg: p < 0.05 | n > 100", 'Achieving 90% accuracy with R&D, 50% of "it". This stays.')]


def test_bibtex_abstract_markup_zotero_kept_from_the_publisher_is_text(tmp_path):
    # Zotero keeps an abstract of an item added by its DOI as Crossref gives it (JATS), or with <i>,
    # and its BibTeX export writes the tags as {\\textless}…{\\textgreater}: the page showed them
    jats = ("{\\textless}jats:title{\\textgreater}Abstract{\\textless}/jats:title{\\textgreater}{\\textless}jats:p"
            "{\\textgreater}We grow {\\textless}jats:italic{\\textgreater}E. coli{\\textless}/jats:italic{\\textgreater} "
            "fast.{\\textless}/jats:p{\\textgreater}")
    text = (f"@article{{a, title={{Growth}}, author={{Smith, Jane}}, year={{2023}}, abstract={{{jats}}}}}\n"
            "@article{b, title={Speed}, author={Smith, Jane}, year={2023}, abstract={We study {\\textless}i{\\textgreater}"
            "E. coli{\\textless}/i{\\textgreater}: p {\\textless} 0.01.}}\n")
    digest, problems = write(tmp_path, "zotero.bib", text)
    assert problems == []
    assert [e.abstract for e in digest.entries] == ["We grow E. coli fast.", "We study E. coli: p < 0.01."]


def test_an_abstract_in_crossrefs_jats_is_text_in_zotero_s_csv_and_any_json(tmp_path):
    # Zotero's CSV export writes an item's abstract as it keeps it: Crossref's JATS for one added by DOI
    jats = "<jats:title>Abstract</jats:title><jats:p>We grow <jats:italic>E. coli</jats:italic> fast.</jats:p>"
    table = f'"Key","Item Type","Publication Year","Author","Title","Abstract Note"\n"A1","journalArticle","2023",' \
            f'"Smith, Jane","Growth","{jats}"\n'
    assert [e.abstract for e in write(tmp_path, "zotero.csv", table)[0].entries] == ["We grow E. coli fast."]
    records = [{"title": "Growth", "abstract": jats}, {"title": "Kept", "abstract": "<b>Kept</b> as written, <jats:p>"}]
    assert [e.abstract for e in write(tmp_path, "papers.json", json.dumps(records))[0].entries] == [
        "We grow E. coli fast.", "<b>Kept</b> as written, <jats:p>"]  # (no JATS that parses: as it is)


def test_bibtex_abstract_wrapped_by_the_exporter_reads_as_bibtex_reads_it(tmp_path):
    # Paperpile writes long fields wrapped and indented under the "=": a line break is a space to
    # BibTeX and TeX, a blank line a paragraph's end (the page keeps an abstract's line breaks)
    text = ('@ARTICLE{Vaswani2017-ab,\n  title         = "Attention is all you need",\n'
            '  abstract      = "The dominant sequence transduction models are based on\n'
            '                   complex recurrent networks.\n\n   We propose the\n'
            '                   Transformer.",\n  year          =  2017\n}\n')
    digest, problems = write(tmp_path, "paperpile.bib", text)
    assert problems == []
    assert [e.abstract for e in digest.entries] == [
        "The dominant sequence transduction models are based on complex recurrent networks.\n\n"
        "We propose the Transformer."]


def test_bibtex_from_dblp_names_authors_without_dblps_homonym_numbers(tmp_path):
    text = ("@article{DBLP:journals/corr/abs-2309-12345,\n"
            "  author       = {Wei Zhang 0001 and\n                  Jos{\\'{e}} Garc{\\'{\\i}}a and\n"
            "                  Li Wang 0042},\n"
            "  title        = {Graph Retrieval},\n  journal      = {CoRR},\n  volume       = {abs/2309.12345},\n"
            "  year         = {2023},\n  biburl       = {https://dblp.org/rec/journals/corr/abs-2309-12345.bib},\n"
            "  bibsource    = {dblp computer science bibliography, https://dblp.org}\n}\n"
            "@misc{other, title = {A Team}, author = {{Team 2023} and Doe, Jane}, year = 2023}\n")
    digest, problems = write(tmp_path, "dblp.bib", text)
    assert problems == []
    assert [e.authors for e in digest.entries] == [("Wei Zhang", "José García", "Li Wang"), ("Team 2023", "Jane Doe")]


def test_bibtex_from_the_acm_digital_library_reads_its_character_references(tmp_path):
    text = ("@inproceedings{10.1145/3442188.3445922,\nauthor = {Bender, Emily M. and Gebru, Timnit},\n"
            "title = {On the Dangers of Stochastic Parrots: Can Language Models Be Too Big? \\&\\#x1f99c;},\n"
            "year = {2021},\nabstract = {Caf&#233; &#xD800; and R\\&D stay.},\n}\n")
    (entry,) = write(tmp_path, "acm.bib", text)[0].entries
    assert entry.title == "On the Dangers of Stochastic Parrots: Can Language Models Be Too Big? \U0001f99c"
    assert entry.abstract == "Café &#xD800; and R&D stay."


def test_bibtex_arxiv_id_of_a_howpublished_url(tmp_path):
    text = "@misc{k, title={T}, howpublished={\\url{https://arxiv.org/pdf/2301.00001v1.pdf}}}\n"
    assert [e.id for e in write(tmp_path, "misc.bib", text)[0].entries] == ["2301.00001"]


def test_bibtex_concatenation_crossref_and_a_key_used_twice(tmp_path):
    text = ('@string{conf = "Proc. of "}\n'
            '@inproceedings{roe, title = "Concatenated " # {title}, author = {Roe, Richard}, year = 2023,\n'
            '  booktitle = conf # "ACL", abstract = "Part one, " # "part two.", note = {A # B is {not} one}}\n'
            "@inproceedings{kid, title = {Child}, author = {Kid, Alice}, crossref = {parent}}\n"
            "@proceedings{parent, title = {Proceedings of the Parent Conference}, year = {2019}, month = jun}\n"
            "@article{roe, title = {Another paper, the same key}, author = {Roe, Richard}, year = 2023}\n")
    digest, problems = write(tmp_path, "mixed.bib", text)
    assert [(e.title, e.abstract, e.date, e.source.line) for e in digest.entries] == [
        ("Concatenated title", "Part one, part two.", "2023", 2),
        ("Child", "", "2019-06", 4),  # its proceedings' date; the proceedings are no paper
        ("Another paper, the same key", "", "2023", 6)]
    assert [(p.line, p.level) for p in problems] == [(6, "warning")] and "read as another paper" in problems[0].message


def test_bibtex_authors_joined_with_strings_and_accents_opening_any_surname(tmp_path):
    # an author list joined with "#" gave 'knuth # "' and 'Jane" Doe'; a surname after the first
    # that opened with an accent lost it ("Lee, Ann and \v{S}koda, Petr": "Petr Skoda"); an accent
    # on an accent, or written with a space, split the name ("Nguy ên", "Fran ̧ cois")
    text = ('@string{knuth = "Knuth, Donald E."}\n'
            '@article{a, author = knuth # " and Doe, Jane", title = {A}, year = 1969}\n'
            '@article{b, author = "Lee, Ann and " # knuth, title = {B}, year = 1969}\n'
            "@article{c, author = {Lee, Ann and \\v{S}koda, Petr and \\'Emile, Zola and \\AA{}str\\\"{o}m, K. and \\.{I}nan, Ali},"
            " title = {C}, year = 2020}\n"
            "@article{d, author = {Nguy\\~{\\^e}n, Van and Tr{\\`\\u a}n, Thi and Fran\\c cois, Paul and Nguy{\\~\\^e}n, B.},"
            " title = {D}, year = 2020}\n"
            "@article{e, author = {{Barnes and Noble} AND Smith, J. and\n    Ng,\n    Andrew and others}, title = {E}, year = 2020}\n")
    digest, problems = write(tmp_path, "names.bib", text)
    assert problems == []
    assert [e.authors for e in digest.entries] == [
        ("Donald E. Knuth", "Jane Doe"), ("Ann Lee", "Donald E. Knuth"),
        ("Ann Lee", "Petr Škoda", "Zola Émile", "K. Åström", "Ali İnan"),
        ("Van Nguyễn", "Thi Trằn", "Paul François", "B. Nguyễn"),
        ("Barnes and Noble", "J. Smith", "Andrew Ng")]
    assert digest.entries[-1].et_al
    _, undefined = write(tmp_path, "undefined.bib", '@article{a, author = nobody # " and Doe, Jane", title = {A}}\n')
    assert [(p.line, p.level) for p in undefined] == [(1, "warning")] and "'nobody' is no @string" in undefined[0].message


def test_a_bibtex_value_with_doubled_quotes_is_read_with_a_warning(tmp_path):
    # a spreadsheet's "" inside a quoted value was read silently, the title shown as
    # '"Bad ""quote"" title"'; a value BibTeX cannot read at all said nothing either
    text = ('@article{q, title = "Bad ""quote"" title", author = {A, B}, year = 2020}\n'
            "@article{r, title = {Fine}, author = {A, B},\n  year = 2020 2021}\n")
    digest, problems = write(tmp_path, "quotes.bib", text)
    assert [e.title for e in digest.entries] == ['Bad "quote" title', "Fine"]
    assert [(p.line, p.level, p.message.split(":")[0]) for p in problems] == [(1, "warning", "title"), (3, "warning", "year")]
    assert "written twice" in problems[0].message and "not a value BibTeX reads ('2020 2021')" in problems[1].message


def test_a_copied_listings_subjects_line_ends_its_paper(tmp_path):
    # a title whose "Subjects: …" line stood where its abstract would took the next paper's title
    # for its abstract, and that paper had no page, without a word
    text = ("Spatial Coded Modulation\nSubjects: Information Theory (cs.IT)\n\n"
            "On the Compressive Power of Boolean Threshold Autoencoders\nSubjects: Machine Learning (cs.LG)\n\n"
            "Learning to Infer Unseen Attribute-Object Compositions\n"
            "The composition recognition of unseen attribute-object is critical to make machines learn.\n\n"
            "Minimum Processing Near-end Listening Enhancement\n"
            "The intelligibility and quality of speech from a mobile phone are often degraded.\n"
            "Subjects: Sound (cs.SD)\n")
    digest, problems = write(tmp_path, "listing.txt", text)
    assert [(e.title, e.abstract[:20]) for e in digest.entries] == [
        ("Spatial Coded Modulation", ""), ("On the Compressive Power of Boolean Threshold Autoencoders", ""),
        ("Learning to Infer Unseen Attribute-Object Compositions", "The composition reco"),
        ("Minimum Processing Near-end Listening Enhancement", "The intelligibility ")]
    assert [(p.line, p.message) for p in problems] == [(1, "title has no abstract"), (4, "title has no abstract")]


def test_an_arxiv_rss_announcements_abstract_is_text_whatever_it_holds(tmp_path):
    # arXiv's RSS escapes an abstract's "<think>" as &lt;think&gt;: read as HTML, it was dropped as a
    # tag ("emit a block before the answer"), and after a "<script>" every word was lost
    text = ("<?xml version='1.0' encoding='UTF-8'?>\n<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version=\"2.0\">"
            "<channel><title>cs.CL updates on arXiv.org</title>\n<item><title>Thinking Tokens</title>\n"
            "<link>https://arxiv.org/abs/2401.00001</link>\n<description>arXiv:2401.00001v1 Announce Type: new \n"
            "Abstract: Models emit a &lt;think&gt; block. If $x &lt; y$ then &lt;script&gt;x()&lt;/script&gt; &amp; more.</description>\n"
            "<dc:creator>Ann Lee</dc:creator></item></channel></rss>\n")
    digest, problems = write(tmp_path, "cs.CL.rss", text)
    assert problems == []
    assert digest.entries[0].abstract == "Models emit a <think> block. If $x < y$ then <script>x()</script> & more."


def test_mendeleys_bibtex_escapes_in_addresses_and_text_are_read(tmp_path):
    # Mendeley writes "_" in a URL as {\_}: the page linked "forum?id=B1", the code badge the wrong
    # repository, and the DOI was "10.1000/abc%7B%5C_%7Ddef"; its "{\~{}}10" read "10", "x{\^{}}2" "x2"
    text = ("@article{Kim2023,\n"
            "abstract = {Around {\\~{}}10{\\%} of H{\\_}2O; x{\\^{}}2 at {\\textasciitilde}3 GPUs.},\n"
            "author = {Kim, Ann},\ntitle = {{Attention {\\~{}} study}},\nyear = {2023},\n"
            "doi = {10.1000/abc{\\_}def},\n"
            "url = {https://openreview.net/forum?id=B1{\\_}xYz3qK https://github.com/kim/attn{\\_}study},\n"
            "mendeley-tags = {attention},\nfile = {:C$\\backslash$:/Users/kim/attn.pdf:pdf}\n}\n")
    digest, problems = write(tmp_path, "mendeley.bib", text)
    entry = digest.entries[0]
    assert (entry.title, entry.abstract) == ("Attention ~ study", "Around ~10% of H_2O; x^2 at ~3 GPUs.")
    assert (entry.id, entry.url) == ("10.1000/abc_def", "https://openreview.net/forum?id=B1_xYz3qK")
    assert "https://github.com/kim/attn_study" in entry.extra_urls and "https://doi.org/10.1000/abc_def" in entry.extra_urls


def test_a_ris_abstract_over_several_ab_lines_is_read_whole(tmp_path):
    # EndNote writes a structured abstract as one AB line a section: every section after the first was lost
    text = ("TY  - JOUR\nTI  - Two AB tags\nAU  - Roe, Rich\nAB  - Background: something.\nAB  - Methods: we did\n"
            "  things.\nAB  - Results: it works.\nKW  - trials\nER  - \n")
    digest, problems = write(tmp_path, "endnote.ris", text)
    assert problems == [] and digest.entries[0].abstract == "Background: something. Methods: we did things. Results: it works."
    enw, problems = write(tmp_path, "endnote.enw", "%0 Journal Article\n%T Two X tags\n%A Roe, Rich\n%X Background: a.\n"
                                                  "%X Methods: b.\n%D 2020\n\n")
    assert problems == [] and enw.entries[0].abstract == "Background: a. Methods: b."


def test_a_null_among_an_apis_papers_is_skipped_with_a_note(tmp_path):
    # Semantic Scholar's /paper/batch answers null for an id it does not know: the whole file was refused
    text = ('[{"paperId": "a", "title": "One", "abstract": "First abstract."},\n null,\n'
            ' {"paperId": "b", "title": "Two", "abstract": "Second abstract."}]\n')
    digest, problems = write(tmp_path, "s2-batch.json", text)
    assert [e.title for e in digest.entries] == ["One", "Two"]
    assert [(p.line, p.level) for p in problems] == [(2, "note")] and "null" in problems[0].message
    _, wrong = write(tmp_path, "numbers.json", '[{"title": "One", "abstract": "A."}, 3]')
    assert [p.level for p in wrong] == ["error"]  # (anything else that is no object is still an error)


def test_an_apa_author_line_under_a_title_is_its_byline(tmp_path):
    # "Karras, T., Aittala, M., Aila, T., & Laine, S." was read as a paper of its own, holding the
    # abstract, and the real title had none
    text = ("Elucidating the Design Space of Diffusion-Based Generative Models\n"
            "Karras, T., Aittala, M., Aila, T., & Laine, S.\n"
            "We argue that the theory and practice of diffusion-based generative models are convoluted.\n"
            "Denoising Diffusion Probabilistic Models\nvan den Oord, A., and Ho, J.\n"
            "We present high quality image synthesis results using diffusion probabilistic models.\n")
    digest, problems = write(tmp_path, "apa.txt", text)
    assert problems == []
    assert [(e.title[:20], e.authors, e.abstract[:10]) for e in digest.entries] == [
        ("Elucidating the Desi", ("T. Karras", "M. Aittala", "T. Aila", "S. Laine"), "We argue t"),
        ("Denoising Diffusion ", ("A. van den Oord", "J. Ho"), "We present")]


def test_chinese_and_japanese_plain_text_reads_its_abstracts_and_bylines(tmp_path):
    # a line without spaces was one "word": no abstract read as prose, so a paper without its abstract
    # made a list of titles, abstracts and bylines among them; "，" and "、" parted no names
    text = ("基于大语言模型的推理能力研究\n本文提出了一个新的基准，用于评估大语言模型的推理能力。实验表明，现有模型在多步推理中的性能明显下降。\n"
            "用于图像生成的扩散模型\n基于强化学习的机器人行走控制\n王小明，李华，张三\n"
            "本文提出了一种利用强化学习控制四足机器人行走的方法，并在仿真和真实机器人上验证了其有效性。\n")
    digest, problems = write(tmp_path, "zh.txt", text)
    assert [(e.title, e.authors, e.abstract[:4]) for e in digest.entries] == [
        ("基于大语言模型的推理能力研究", (), "本文提出"), ("用于图像生成的扩散模型", (), ""),
        ("基于强化学习的机器人行走控制", ("王小明", "李华", "张三"), "本文提出")]
    assert [(p.line, p.message) for p in problems] == [(3, "title has no abstract")]
    ja, problems = write(tmp_path, "ja.txt", "大規模言語モデルによる推論の研究\n山田 太郎、佐藤 花子、鈴木 一郎\n"
                         "本研究では、大規模言語モデルの推論能力を評価する新しいベンチマークを提案する。実験の結果、性能が低下した。\n")
    assert [(e.title[:4], e.authors) for e in ja.entries] == [("大規模言", ("山田 太郎", "佐藤 花子", "鈴木 一郎"))]
    sheet, _ = write(tmp_path, "authors.csv", "title,abstract,authors\n論文二,要約です。,山田太郎、佐藤花子\n")
    assert sheet.entries[0].authors == ("山田太郎", "佐藤花子")


def test_openalex_works_with_their_inverted_abstracts(tmp_path):
    import json
    works = {"meta": {"count": 2}, "results": [
        {"id": "https://openalex.org/W4386", "doi": "https://doi.org/10.48550/arxiv.2309.12345",
         "title": "Graph Nets at Scale", "publication_date": "2023-09-21",
         "primary_location": {"landing_page_url": "https://arxiv.org/abs/2309.12345v2"},
         "authorships": [{"author": {"display_name": "Ana Gómez"}}, {"author": {"display_name": "Li Wei"}}],
         "primary_topic": {"subfield": {"display_name": "Artificial Intelligence"}},
         "abstract_inverted_index": {"We": [0], "scale": [1, 5], "graph": [2], "nets.": [3], "They": [4], "well.": [6]}},
        {"id": "https://openalex.org/W99", "doi": "https://doi.org/10.1103/PhysRevB.1.2", "title": "Journal Paper",
         "publication_date": "2021-01-05", "authorships": [], "abstract_inverted_index": None}], "group_by": []}
    digest, problems = write(tmp_path, "openalex.json", json.dumps(works, indent=1))
    first, second = digest.entries
    assert (first.title, first.abstract, first.authors, first.id, first.date, first.categories) == (
        "Graph Nets at Scale", "We scale graph nets. They scale well.", ("Ana Gómez", "Li Wei"), "2309.12345",
        "2023-09-21", ("Artificial Intelligence",))
    assert first.url == "https://arxiv.org/abs/2309.12345v2"
    assert (second.id, second.abstract) == ("10.1103/physrevb.1.2", "")
    assert [(p.line, p.message) for p in problems] == [(second.source.line, "paper has no abstract")]


def test_europe_pmc_results_with_html_abstracts(tmp_path):
    import json
    answer = {"hitCount": 2, "request": {"queryString": "crispr"}, "resultList": {"result": [
        {"id": "37000001", "source": "MED", "pmid": "37000001", "doi": "10.1000/XYZ1", "title": "CRISPR screens in neurons.",
         "authorString": "Smith J, Doe A.", "authorList": {"author": [
             {"fullName": "Smith J", "firstName": "John", "lastName": "Smith"}, {"fullName": "Doe A"}]},
         "abstractText": "<h4>Background</h4>Screens in <i>vivo</i> &amp; in vitro.<h4>Results</h4>p < 0.05 held.",
         "firstPublicationDate": "2023-09-21", "pubYear": "2023", "keywordList": {"keyword": ["CRISPR", "neurons"]}},
        {"id": "PPR123", "source": "PPR", "title": "Base editing in <i>Drosophila</i>", "authorString": "Lee K.",
         "abstractText": "Editors work; p < 0.05 and a<b and c>d stay as written.", "pubYear": "2023", "pmid": "x"}]}}
    digest, problems = write(tmp_path, "europepmc.json", json.dumps(answer, indent=1))
    first, second = digest.entries
    assert (first.title, first.authors, first.id, first.date, first.categories, first.url) == (
        "CRISPR screens in neurons.", ("John Smith", "Doe A"), "10.1000/xyz1", "2023-09-21", ("CRISPR", "neurons"),
        "https://europepmc.org/article/MED/37000001")
    assert first.abstract == "Background: Screens in vivo & in vitro.\n\nResults: p < 0.05 held."
    assert (second.authors, second.id, second.date, second.url) == (("Lee K",), "", "2023", "https://europepmc.org/article/PPR/PPR123")
    assert second.title == "Base editing in Drosophila"
    assert second.abstract == "Editors work; p < 0.05 and a<b and c>d stay as written."
    assert problems == []


def test_dblp_hits_lose_the_periods_and_homonym_numbers_dblp_adds(tmp_path):
    import json
    answer = {"result": {"query": "attention", "hits": {"@total": "2", "hit": [
        {"@score": "1", "info": {"authors": {"author": [{"@pid": "1", "text": "Ashish Vaswani"},
                                                        {"@pid": "2", "text": "Wei Zhang 0001"}]},
                                 "title": "Attention is All you Need.", "venue": "NIPS", "year": "2017",
                                 "ee": "https://proceedings.neurips.cc/paper/2017/hash/3f5e-Abstract.html"}},
        {"@score": "1", "info": {"authors": {"author": {"@pid": "3", "text": "Solo Author"}}, "title": "Why Not?",
                                 "venue": "CoRR", "volume": "abs/2309.12345", "year": "2023",
                                 "ee": ["https://arxiv.org/abs/2309.12345", "https://doi.org/10.1/x"]}}]}}}
    digest, problems = write(tmp_path, "dblp.json", json.dumps(answer, indent=1))
    first, second = digest.entries
    assert (first.title, first.authors, first.id, first.date) == (
        "Attention is All you Need", ("Ashish Vaswani", "Wei Zhang"), "", "2017")
    assert first.url.startswith("https://proceedings.neurips.cc/")
    assert (second.title, second.authors, second.id, second.url, second.extra_urls) == (
        "Why Not?", ("Solo Author",), "2309.12345", "https://arxiv.org/abs/2309.12345", ("https://doi.org/10.1/x",))
    assert [p.message for p in problems] == ["paper has no abstract"] * 2  # dblp gives none


@pytest.mark.parametrize("wrapped", [True, False], ids=["api2", "api1"])
def test_openreview_notes(tmp_path, wrapped):
    import json

    def value(v):
        return {"value": v} if wrapped else v
    note = {"id": "Xy_1-a", "forum": "Xy_1-a", "cdate": 1695254400000, "pdate": 1695340800000, "content": {
        "title": value("Sparse Attention"), "abstract": value("We study sparse attention."),
        "authors": value(["Ann Lee", "Bo Chen"]), "keywords": value(["attention"]), "pdf": value("/pdf/abc.pdf")}}
    digest, problems = write(tmp_path, "notes.json", json.dumps({"notes": [note], "count": 1}, indent=1))
    (entry,) = digest.entries
    assert (entry.title, entry.abstract, entry.authors, entry.date, entry.categories) == (
        "Sparse Attention", "We study sparse attention.", ("Ann Lee", "Bo Chen"), "2023-09-22", ("attention",))
    assert (entry.url, entry.extra_urls) == ("https://openreview.net/forum?id=Xy_1-a", ("https://openreview.net/pdf/abc.pdf",))
    assert problems == []


def test_pubmed_xml_reads_as_its_medline_record(tmp_path):
    article = """<PubmedArticle><MedlineCitation><PMID Version="1">{pmid}</PMID><Article>
<Journal><JournalIssue><PubDate>{date}</PubDate></JournalIssue></Journal>
<ArticleTitle>CRISPR screens in <i>human</i> neurons.</ArticleTitle>
<Abstract><AbstractText Label="BACKGROUND">Hard to screen.</AbstractText><AbstractText Label="RESULTS">p &lt; 0.05.</AbstractText></Abstract>
<AuthorList><Author><LastName>Smith</LastName><ForeName>John</ForeName></Author><Author><CollectiveName>CRISPR Consortium</CollectiveName></Author></AuthorList>
</Article><KeywordList><Keyword>CRISPR</Keyword></KeywordList></MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId>{doi}</ArticleIdList></PubmedData></PubmedArticle>
"""
    text = ('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2023//EN" '
            '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_230101.dtd">\n<PubmedArticleSet>\n'
            + article.format(pmid="37000001", date="<Year>2023</Year><Month>09</Month><Day>21</Day>",
                             doi='<ArticleId IdType="doi">10.1016/J.CELL.1</ArticleId>')
            + article.format(pmid="37000002", date="<MedlineDate>2023 Sep-Oct</MedlineDate>", doi="")
            + "</PubmedArticleSet>\n")
    digest, problems = write(tmp_path, "pubmed.xml", text)
    first, second = digest.entries
    assert (first.title, first.abstract, first.authors, first.id, first.date, first.categories, first.url) == (
        "CRISPR screens in human neurons.", "BACKGROUND: Hard to screen. RESULTS: p < 0.05.",
        ("John Smith", "CRISPR Consortium"), "10.1016/j.cell.1", "2023-09-21", ("CRISPR",),
        "https://pubmed.ncbi.nlm.nih.gov/37000001/")
    assert (first.source.line, second.source.line) == (4, 11)
    assert (second.id, second.date) == ("PMID:37000002", "2023")
    assert [p.message for p in problems] == ["date 'Sep-Oct 2023' is not a full date: only its year is read"]


def test_pubmed_xml_book_articles_are_read_as_articles_are(tmp_path):
    book = ('<PubmedBookArticle><BookDocument><PMID Version="1">{pmid}</PMID><ArticleIdList>'
            '<ArticleId IdType="bookaccession">NBK1116</ArticleId></ArticleIdList><Book><BookTitle book="gene">'
            'GeneReviews</BookTitle><PubDate><Year>1993</Year></PubDate><AuthorList Type="editors"><Author>'
            '<LastName>Adam</LastName><ForeName>Margaret P</ForeName></Author></AuthorList></Book>{title}<Abstract>'
            '<AbstractText Label="CLINICAL CHARACTERISTICS">CF affects lungs.</AbstractText></Abstract>'
            '<AuthorList Type="authors"><Author><LastName>Ong</LastName><ForeName>Thida</ForeName></Author></AuthorList>'
            '</BookDocument></PubmedBookArticle>\n').format
    text = ('<?xml version="1.0" ?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>1</PMID><Article>'
            "<ArticleTitle>A journal article.</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n"
            + book(pmid="20301295", title='<ArticleTitle book="gene" part="cf">Cystic Fibrosis</ArticleTitle>')
            + book(pmid="20301296", title="") + "</PubmedArticleSet>\n")
    digest, problems = write(tmp_path, "pubmed.xml", text)
    assert [(e.title, e.authors, e.abstract, e.date, e.id, e.source.line) for e in digest.entries] == [
        ("A journal article.", (), "", "", "PMID:1", 3),
        ("Cystic Fibrosis", ("Thida Ong",), "CLINICAL CHARACTERISTICS: CF affects lungs.", "1993", "PMID:20301295", 4),
        ("GeneReviews", ("Thida Ong",), "CLINICAL CHARACTERISTICS: CF affects lungs.", "1993", "PMID:20301296", 5)]


def test_pubmed_xml_keeps_an_authors_suffix(tmp_path):
    author = "<Author><LastName>{}</LastName><ForeName>{}</ForeName>{}</Author>".format
    text = ('<?xml version="1.0" ?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>'
            "<ArticleTitle>Suffixes.</ArticleTitle><AuthorList>" + author("Smith", "John", "<Suffix>Jr</Suffix>")
            + author("King", "Martin L", "<Suffix>3rd</Suffix>") + author("Lee", "Ann", "")
            + "</AuthorList></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>\n")
    (entry,) = write(tmp_path, "pubmed.xml", text)[0].entries
    assert entry.authors == ("John Smith Jr", "Martin L King 3rd", "Ann Lee")


@pytest.mark.parametrize("published, date", [("Sep 21", "2023-09-21"), ("2023/09/21", "2023-09-21"),
                                             ("21 Sep 2023", "2023-09-21"), ("September 21, 2023", "2023-09-21"),
                                             ("09/21/2023", "2023-09-21"), ("Fall", "2023"), ("2022/01/05", "2023")])
def test_endnote_xml_reads_a_whole_pub_date(tmp_path, published, date):
    # EndNote writes the pub-date as the reference gave it: "Sep 21", or a whole date (from a RIS DA, say)
    text = ('<?xml version="1.0" encoding="UTF-8" ?><xml><records><record><titles><title>Graph nets</title></titles>'
            f'<dates><year>2023</year><pub-dates><date>{published}</date></pub-dates></dates>'
            '<abstract>We scale.</abstract></record></records></xml>\n')
    (entry,) = write(tmp_path, "library.xml", text)[0].entries
    assert entry.date == date


@pytest.mark.parametrize("year", ["\\23", "20(23", "(a+)+$"])
def test_an_endnote_year_is_read_as_text_never_as_a_pattern(tmp_path, year):
    """The year was put into a regular expression as written: a year of "\\23" failed the read
    with re's "invalid group reference 23" (found by bench.fuzz, seed 4747), "20(23" with "missing ),
    unterminated subpattern". A year that is no year is still no date: the paper reads, with a warning."""
    text = ('<?xml version="1.0" encoding="UTF-8" ?><xml><records><record><titles><title>Graph nets</title></titles>'
            f'<dates><year>{year}</year><pub-dates><date>Fall 2023</date></pub-dates></dates>'
            '<abstract>We scale.</abstract></record></records></xml>\n')
    digest, problems = write(tmp_path, "library.xml", text)
    (entry,) = digest.entries
    assert entry.title == "Graph nets" and entry.date == "" and not any(p.is_error for p in problems)
    assert [p.message.split(" (")[0] for p in problems] == [f"date {year!r} is not a date"], problems


def test_endnote_xml_joins_its_style_runs(tmp_path):
    style = '<style face="normal" font="default" size="100%">{}</style>'.format
    text = (f'<?xml version="1.0" encoding="UTF-8" ?><xml><records><record><ref-type name="Journal Article">17</ref-type>'
            f'<contributors><authors><author>{style("Smith, John")}</author><author>{style("Müller, Anna")}</author>'
            f'</authors></contributors><titles><title>{style("Sparse coding in ")}<style face="italic">Drosophila</style>'
            f'</title></titles><keywords><keyword>{style("olfaction")}</keyword></keywords><dates><year>{style("2023")}'
            f'</year><pub-dates><date>{style("Sep 21")}</date></pub-dates></dates><electronic-resource-num>'
            f'{style("10.1038/N1")}</electronic-resource-num><abstract>{style("We study flies.")}</abstract></record>\n'
            '<record><titles><title>Graph nets</title></titles><dates><year>2023</year></dates><urls><related-urls>'
            '<url>https://arxiv.org/abs/2309.12345v2</url></related-urls></urls><abstract>We scale.</abstract></record>'
            '</records></xml>\n')
    digest, problems = write(tmp_path, "library.xml", text)
    first, second = digest.entries
    assert (first.title, first.authors, first.id, first.date, first.categories, first.abstract) == (
        "Sparse coding in Drosophila", ("John Smith", "Anna Müller"), "10.1038/n1", "2023-09-21", ("olfaction",),
        "We study flies.")
    assert (second.id, second.url, second.date, second.source.line) == (
        "2309.12345", "https://arxiv.org/abs/2309.12345v2", "2023", 2)
    assert problems == []


def test_bibtex_arxiv_ids_where_scholar_semantic_scholar_and_mendeley_write_them(tmp_path):
    text = ("@article{scholar, title={Graph nets}, author={Lee, Ann}, journal={arXiv preprint arXiv:2309.22222}, year={2023}}\n"
            "@Article{s2, title = {Reward Models}, journal = {ArXiv}, volume = {abs/2309.33333}, year = {2023}}\n"
            "@article{mendeley, title = {{Sparse}}, arxivId = {2309.11111}, year = {2023}}\n"
            "@article{old, title = {Strings}, note = {arXiv:hep-th/9901001}, year = {1999}}\n"
            "@article{journal, title = {A Journal Paper}, journal = {Physical Review B}, volume = {abs/12}, year = {2020}}\n"
            "@article{noted, title = {Noted}, note = {Compare arXiv:2301.00001, another paper}, year = {2023}}\n")
    digest, _ = write(tmp_path, "scholar.bib", text)
    assert [e.id for e in digest.entries] == ["2309.22222", "2309.33333", "2309.11111", "hep-th/9901001", "", ""]
    ris = ("TY  - JOUR\nT1  - Graph nets\nA1  - Lee, Ann\nJO  - arXiv preprint arXiv:2309.22222\nY1  - 2023\nER  - \n\n"
           "TY  - JOUR\nTI  - Notes\nN1  - arXiv: 2309.44444\nER  - \n")
    digest, _ = write(tmp_path, "scholar.ris", ris)
    assert [e.id for e in digest.entries] == ["2309.22222", "2309.44444"]
    pop = ("Cites,Authors,Title,Year,Source,ArticleURL,Abstract\n"  # Publish or Perish, from Google Scholar
           "3,A Lee,Graph nets,2023,arXiv preprint arXiv:2309.22222,https://www.semanticscholar.org/paper/abc,We scale.\n")
    digest, _ = write(tmp_path, "pop.csv", pop)
    assert [e.id for e in digest.entries] == ["2309.22222"]
    import json  # the arxiv Python package's results, dumped: the id is the entry_id's, else a link's
    results = [{"entry_id": "http://arxiv.org/abs/2309.12345v2", "title": "Sparse", "summary": "S.", "authors": ["Ann Lee"]},
               {"title": "Linked", "summary": "L.", "links": ["https://github.com/x/y", "http://arxiv.org/pdf/2309.55555v1"]}]
    digest, _ = write(tmp_path, "results.json", json.dumps(results))
    assert [e.id for e in digest.entries] == ["2309.12345", "2309.55555"]


def test_inspire_ads_and_json_feed_answers(tmp_path):
    import json
    inspire = {"hits": {"total": 1, "hits": [{"id": "2700001", "metadata": {
        "titles": [{"title": "Dark matter at the LHC"}], "abstracts": [{"value": "We search."}],
        "authors": [{"full_name": "Smith, John"}, {"full_name": "Müller, Anna"}],
        "arxiv_eprints": [{"value": "2309.12345", "categories": ["hep-ph"]}], "dois": [{"value": "10.1103/X.1"}],
        "preprint_date": "2023-09-21", "control_number": 2700001}}]}, "links": {}}
    (entry,) = write(tmp_path, "inspire.json", json.dumps(inspire, indent=1))[0].entries
    assert (entry.title, entry.abstract, entry.authors, entry.id, entry.url, entry.date, entry.categories) == (
        "Dark matter at the LHC", "We search.", ("John Smith", "Anna Müller"), "2309.12345",
        "https://inspirehep.net/literature/2700001", "2023-09-21", ("hep-ph",))
    ads = {"responseHeader": {"status": 0}, "response": {"numFound": 2, "docs": [
        {"bibcode": "2023arXiv230912345S", "title": ["Halos"], "abstract": "We simulate H<SUB>2</SUB>O. <P /> Then more.",
         "author": ["Smith, John"],
         "identifier": ["2023arXiv230912345S", "arXiv:2309.12345"], "pubdate": "2023-09-00", "keyword": ["Cosmology"]},
        {"bibcode": "2021PhRvB.1..1S", "title": ["A Journal Paper"], "doi": ["10.1103/Y.2"], "pubdate": "2021-00-00"}]}}
    first, second = write(tmp_path, "ads.json", json.dumps(ads, indent=1))[0].entries
    assert (first.title, first.authors, first.id, first.url, first.date, first.categories) == (
        "Halos", ("John Smith",), "2309.12345", "https://ui.adsabs.harvard.edu/abs/2023arXiv230912345S", "2023-09",
        ("Cosmology",))
    assert first.abstract == "We simulate H₂O.\n\nThen more."
    assert (second.id, second.date) == ("10.1103/y.2", "2021")
    (third,) = write(tmp_path, "ads.csv", "bibcode,title,author,doi,abstract\n2021X,T,\"Smith, John; Doe, Ann\",10.1000/Y,A\n")[0].entries
    assert (third.authors, third.id) == (("John Smith", "Ann Doe"), "10.1000/y")  # ADS' CSV: strings, not lists
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Daily papers", "items": [
        {"id": "https://example.org/p/1", "url": "https://arxiv.org/abs/2309.77777", "title": "Feeds",
         "content_html": "<p>We study <em>feeds</em>.</p>", "date_published": "2023-09-21T10:00:00Z",
         "authors": [{"name": "Ann Lee"}, {"name": "Doe, Jane"}], "tags": ["feeds"]},
        {"id": "tag:example.org,2023:2", "title": "Other", "content_text": "Text.", "author": {"name": "Chen, Bo"}}]}
    first, second = write(tmp_path, "feed.json", json.dumps(feed, indent=1))[0].entries
    assert (first.title, first.abstract, first.id, first.date, first.authors) == (
        "Feeds", "We study feeds.", "2309.77777", "2023-09-21", ("Ann Lee", "Jane Doe"))  # "Last, First" turned
    assert (second.abstract, second.id, second.url, second.authors) == ("Text.", "", "", ("Bo Chen",))


def test_zotero_web_api_items():
    digest, problems = read_digest(SOURCES / "zotero-api-items.json")
    preprint, article = digest.entries
    assert (preprint.title, preprint.authors, preprint.id, preprint.date, preprint.categories) == (
        "Sparse Attention Revisited", ("Ann Lee", "Bo Chen"), "2309.12345", "2023-09-21",
        ("cs.CL",))  # the editor is no author; Zotero's tag "Computer Science - Computation and Language" is arXiv's code
    assert (article.authors, article.id, article.date) == (("The Consortium",), "2101.00001", "2021-09")  # Extra's arXiv line
    assert [p.message for p in problems] == []


def test_a_url_field_of_several_addresses_is_the_paper_s_url_and_links(tmp_path):
    # Mendeley writes all of a paper's URLs into "url", a space apart: the value was no address,
    # and the paper's page and papers.json had no link to it
    text = ("@article{Devlin2018,\nauthor = {Devlin, Jacob},\ntitle = {{BERT}},\nyear = {2018},\n"
            "url = {http://arxiv.org/abs/1810.04805 https://github.com/google-research/bert}\n}\n")
    (entry,) = write(tmp_path, "mendeley.bib", text)[0].entries
    assert (entry.id, entry.url, entry.extra_urls) == (
        "1810.04805", "http://arxiv.org/abs/1810.04805", ("https://github.com/google-research/bert",))
    (entry,) = write(tmp_path, "list.csv", "Title,Abstract,URL\nA,x,see https://example.org/a\n")[0].entries
    assert (entry.url, entry.extra_urls) == ("see https://example.org/a", ())  # not only addresses: as it is


def test_a_url_or_code_value_no_page_can_link_is_told_left_out(tmp_path):
    # a "links" value that is no address was told; a url's or code column's was left out without a word
    digest, problems = write(tmp_path, "u.jsonl", json.dumps({
        "title": "A", "abstract": "x", "url": "https://example.com/p?a=<1>", "code": "javascript:alert(1)"}) + "\n")
    assert [p.message for p in problems] == [
        "url: 'https://example.com/p?a=<1' is no http(s) address a page can link: left out",
        "code: 'javascript:alert(1)' is no http(s) address: left out"]
    assert digest.entries[0].extra_urls == ()
    digest, problems = write(tmp_path, "v.csv", "Title,Abstract,URL,Code\nB,x,N/A,none\n")  # a spreadsheet's "no address"
    assert problems == []


def test_bibtex_bad_block_is_named_and_the_rest_read(tmp_path):
    text = ("@article{ok1, title={First}, author={Doe, Jane}, year=2020}\n"
            "\n"
            "@misc{broken,\n"
            "  title = {never closed\n"
            "@article{ok2, title={Second}, year=2021}\n"
            "@article{notitle, author={X, Y}}\n")
    digest, problems = write(tmp_path, "b.bib", text)
    assert [e.title for e in digest.entries] == ["First", "Second"]
    assert [(p.line, p.level) for p in problems] == [(3, "error"), (6, "error")]
    assert "invalid BibTeX" in problems[0].message and problems[1].message == "paper has no title"


def test_bibtex_comment_lines_between_fields_and_entries_are_comments(tmp_path):
    # A "%" line before a field made it part of the field's name (the title lost: "paper has no
    # title"); an entry commented out line by line was an error that stopped the build, and one
    # commented out on one line a paper. A "%" inside a value, or in a quoted one, is text.
    text = ("% JabRef's header\n@article{kept,\n  % the title was shortened\n  title = {Kept},\n"
            "  % url = {https://example.org/old},\n  abstract = {50\n% of it; \"q\"},\n  author = {Lee, Ann},\n"
            '  note = "a\n% quoted",\n  year = {2020},\n}\n\n'
            "%@article{old,\n%  title = {Old},\n%}\n% @misc{one, title = {Commented on one line}}\n"
            "@misc{after, title={After}, year=2021}\n")
    digest, problems = write(tmp_path, "c.bib", text)
    assert problems == []
    kept, after = digest.entries
    assert (kept.title, kept.url, kept.abstract, kept.authors, kept.source.line) == (
        "Kept", "", "50 % of it; \"q\"", ("Ann Lee",), 2)
    assert (after.title, after.source.line) == ("After", 18)
    # a remark after a value, on the field's line: the next field's name (its value lost), or, before the
    # entry's closing brace, an error that lost the entry
    text = ("@article{t, title = {Trailing}, % the short title\n  author = {Lee, Ann},  % first author only\n"
            "  abstract = {With 50% of it.}, year = {2020}, %% check\n}\n")
    digest, problems = write(tmp_path, "t.bib", text)
    assert problems == [] and [(e.title, e.authors, e.abstract, e.date) for e in digest.entries] == [
        ("Trailing", ("Ann Lee",), "With 50% of it.", "2020")]


def test_bibtex_bad_entry_key_says_what_the_parser_expected_and_logs_nothing_else(tmp_path, caplog):
    text = "@article{Erd{\\H o}s1959, title = {On Random Graphs}, year = 1959}\n@misc{ok, title={Fine}}\n"
    digest, problems = write(tmp_path, "k.bib", text)
    assert [e.title for e in digest.entries] == ["Fine"]
    assert [str(p) for p in problems] == ["k.bib:1: error: invalid BibTeX: Expected comma after entry key, but found {"]
    assert not [r for r in caplog.records if r.name.startswith("bibtexparser")]  # said once, with the file's name


def test_hugging_face_daily_papers():
    digest, problems = read("hf-daily-papers-2024-05-14.json")
    assert problems == []
    first, second = digest.entries
    assert first.title == "Speculative Decoding with Draft Trees for Faster LLM Inference"  # collapsed
    assert first.authors == ("Ravi Shankar", "Elena Petrova")
    assert first.abstract.startswith("Speculative decoding speeds up autoregressive generation by letting")
    assert (first.id, first.date) == ("2405.08707", "2024-05-14")
    assert first.extra_urls == ("https://github.com/example-org/draft-trees",)
    assert second.id == "2405.09215" and second.source.line == 25


def test_better_bibtex_primaryclass_archive_is_no_category_of_its_own(tmp_path):
    """Better BibTeX writes every arXiv preprint's ``primaryclass = {cs}`` (Zotero's "arXiv:…
    [cs]") beside its keywords: each paper showed a category "cs" before its cs.AI and cs.LG."""
    bib = ("@misc{huLoRA2021,\n  title = {{{LoRA}}: {{Low-Rank Adaptation}}},\n  author = {Hu, Edward J. and Shen, Yelong},\n"
           "  year = {2021},\n  eprint = {2106.09685},\n  primaryclass = {cs},\n  archiveprefix = {arXiv},\n"
           "  abstract = {An abstract.},\n"
           "  keywords = {Computer Science - Artificial Intelligence,Computer Science - Machine Learning}\n}\n"
           "@misc{only2021,\n  title = {Only an archive},\n  author = {Lee, Ann},\n  year = {2021},\n"
           "  eprint = {2106.00001},\n  primaryclass = {cs},\n  abstract = {An abstract.}\n}\n"
           "@misc{hep2021,\n  title = {An archive without classes},\n  author = {Lee, Ann},\n  year = {2021},\n"
           "  eprint = {2106.00002},\n  primaryclass = {hep-th},\n  keywords = {String theory},\n  abstract = {An abstract.}\n}\n")
    digest, problems = write(tmp_path, "My Library.bib", bib)
    assert problems == []
    assert [e.categories for e in digest.entries] == [("cs.AI", "cs.LG"), ("cs",), ("hep-th", "String theory")]


def test_biblatex_eprintclass_is_the_arxiv_category(tmp_path):
    """Better BibTeX's biblatex export writes the arXiv class as ``eprintclass`` (biblatex's name
    for BibTeX's ``primaryClass``): it was not read, and a preprint without keywords had no category."""
    bib = ("@online{lee2023,\n  title = {An {{arXiv}} Preprint},\n  author = {Lee, Ann},\n  date = {2023-09-21},\n"
           "  eprint = {2309.00099},\n  eprinttype = {arxiv},\n  eprintclass = {cs.CL},\n  abstract = {Something.},\n}\n")
    (entry,) = write(tmp_path, "My Library.bib", bib)[0].entries
    assert (entry.id, entry.date, entry.categories) == ("2309.00099", "2023-09-21", ("cs.CL",))


def test_csl_json_from_zotero():
    digest, problems = read("zotero-csl.json")
    assert problems == []
    first, second = digest.entries
    assert first.id == "2309.11495"  # the CSL "id" is a Zotero URI, never the paper's id
    assert first.authors == ("Shehzaad Dhuliawala", "Mojtaba Komeili", "Jing Xu")
    assert first.date == "2023-09-20"
    assert second.id == "10.18653/v1/2024.acl-long.777" and second.date == "2024-08"
    assert second.authors == ("María Núñez", "John Smith Jr.", "The BigScience Workshop")
    assert second.title == "Retrieval Augmented Generation for Low-Resource Languages: A Survey"


def test_csl_json_items_without_authors_or_date_and_dois_written_as_links(tmp_path):
    import json
    items = [
        {"id": "openaiGPT4", "type": "report", "title": "GPT-4 Technical Report", "abstract": "We report.",
         "DOI": "10.48550/arXiv.2303.08774", "URL": "https://arxiv.org/abs/2303.08774"},
        {"id": "k1", "type": "article-journal", "title": "A DOI as a link", "DOI": "https://doi.org/10.1000/ABC",
         "author": [{"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"}], "issued": {"date-parts": [[2023]]}},
        {"id": "k2", "type": "article-journal", "title": "A lowercase key", "doi": "doi:10.1000/DEF", "issued": {"date-parts": [[2023]]}}]
    digest, problems = write(tmp_path, "zotero.json", json.dumps(items))
    assert problems == []
    assert [(e.id, e.authors, e.extra_urls) for e in digest.entries] == [
        ("2303.08774", (), ("https://doi.org/10.48550/arXiv.2303.08774",)),  # never the citation key
        ("10.1000/abc", ("Ludwig van Beethoven",), ("https://doi.org/10.1000/ABC",)),
        ("10.1000/def", (), ("https://doi.org/10.1000/DEF",))]


def test_a_bare_csl_item_beside_others_is_one_too(tmp_path):
    """Zotero's standalone note or document ({"id", "type", "title"} alone) holds nothing that tells
    it from any JSON record but its CSL type: its citation key was the paper's id and page address.
    A record of another file keeps its own id."""
    import json
    items = [{"id": "k1", "type": "article-journal", "title": "A paper", "abstract": "We show it.",
              "issued": {"date-parts": [[2023]]}},
             {"id": "note1", "type": "document", "title": "My notes"}]
    digest, problems = write(tmp_path, "zotero.json", json.dumps(items))
    assert problems == [] and [(e.title, e.id) for e in digest.entries] == [("A paper", ""), ("My notes", "")]
    digest, _ = write(tmp_path, "other.json", json.dumps([{"id": "2401.00001", "type": "article", "title": "T",
                                                           "abstract": "A."}]))
    assert [e.id for e in digest.entries] == ["2401.00001"]


def test_csl_json_rich_text_titles_are_text(tmp_path):
    # CSL's titles are rich text (Zotero keeps a species' name in <i>, a formula's <sub>, a word
    # that keeps its case in <span class="nocase">): a page and its feed entry showed the tags
    items = [{"id": "k", "type": "article-journal", "issued": {"date-parts": [[2021, 5]]},
              "title": 'Gut microbes of <i>Drosophila</i>: CO<sub>2</sub> and <span class="nocase">iPSC</span> lines',
              "abstract": "Flies <b>with</b> microbes &amp; without.", "author": [{"family": "Lee", "given": "Ann"}]},
             {"id": "p", "type": "article", "title": "When p < 0.05 and a>b", "abstract": "As written: x<y."}]
    digest, problems = write(tmp_path, "zotero.json", json.dumps(items))
    assert problems == []
    assert [(e.title, e.abstract) for e in digest.entries] == [
        ("Gut microbes of Drosophila: CO\u2082 and iPSC lines", "Flies with microbes & without."),
        ("When p < 0.05 and a>b", "As written: x<y.")]  # no tags: text as it is


def test_csl_json_dates_of_csl_0_8_and_as_text_are_read(tmp_path):
    # pandoc-citeproc and older citeproc-js exports write CSL 0.8's list of date parts, pandoc's
    # YAML references a date as text: their papers had no date, without a word
    items = [{"id": "a", "type": "article-journal", "title": "Listed", "author": [{"family": "Doe", "given": "Jane"}],
              "issued": [{"year": "2020", "month": "5", "day": "1"}], "abstract": "x"},
             {"id": "b", "type": "article-journal", "title": "Year only", "author": [{"family": "Doe", "given": "Jane"}],
              "issued": [{"year": 2019}], "abstract": "x"},
             {"id": "c", "type": "article-journal", "title": "As text", "author": [{"family": "Doe", "given": "Jane"}],
              "issued": "2021-03-15", "abstract": "x"}]
    digest, problems = write(tmp_path, "pandoc.json", json.dumps(items))
    assert problems == []
    assert [e.date for e in digest.entries] == ["2020-05-01", "2019", "2021-03-15"]


def test_csl_citation_items_are_read_as_their_items(tmp_path):
    # Mendeley's CSL-JSON, and the citations Mendeley and Zotero keep in a document, wrap each item
    # in a citation item ({"id", "uris", "itemData"}): "paper has no title", every paper lost
    item = {"id": "ITEM-1", "uris": ["http://www.mendeley.com/documents/?uuid=1"], "itemData": {
        "id": "ITEM-1", "type": "article-journal", "title": "Mendeley item", "abstract": "An abstract.",
        "author": [{"family": "Smith", "given": "John", "dropping-particle": "", "non-dropping-particle": "",
                    "parse-names": False, "suffix": ""}], "issued": {"date-parts": [["2020"]]}, "DOI": "10.1000/ABC"}}
    citation = {"citationID": "x", "properties": {"noteIndex": 0}, "citationItems": [item],
                "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}
    for text in (json.dumps([item]), json.dumps(citation)):
        digest, problems = write(tmp_path, "mendeley.json", text)
        assert problems == []
        assert [(e.title, e.authors, e.id, e.date) for e in digest.entries] == [
            ("Mendeley item", ("John Smith",), "10.1000/abc", "2020")]


def test_csl_json_note_is_zoteros_extra_field(tmp_path):
    """Zotero writes an item's Extra field as CSL's ``note``: a report's or web page's arXiv id
    (``arXiv: 2309.00005``, Zotero has no arXiv field for them) and the code link written there
    were lost, the paper given no id (one paper of two pages beside another export of it)."""
    items = [{"id": "http://zotero.org/users/1/items/A", "type": "report", "title": "A report", "abstract": "We report.",
              "author": [{"family": "Doe", "given": "Jane"}],
              "note": "arXiv: 2309.00005\nCode: https://github.com/example/things\ntex.ids: doe2023"},
             {"id": "k2", "type": "article", "title": "An older export", "abstract": "We report.",
              "note": "arXiv:2309.00006 [cs]", "issued": {"date-parts": [[2023, 9]]}},
             {"id": "k3", "type": "article", "title": "Another paper named", "abstract": "We extend.",
              "note": "Extends arXiv:2301.00001", "issued": {"date-parts": [[2023]]}}]
    digest, problems = write(tmp_path, "zotero.json", json.dumps(items))
    assert problems == []
    assert [(e.id, e.extra_urls) for e in digest.entries] == [
        ("2309.00005", ("https://github.com/example/things",)), ("2309.00006", ()), ("", ())]


def test_arxiv_abstracts_wrapped_at_80_columns_read_as_arxiv_shows_them(tmp_path):
    """arXiv's metadata (the Kaggle snapshot) and Hugging Face's copy of it keep arXiv's line
    wraps, and a page shows an abstract's line breaks: every line ended mid-sentence. A wrap is a
    space; an indented line (arXiv's new paragraph) or a blank one starts a paragraph."""
    wrapped = ("  We present Chameleon, a family of early-fusion token-based mixed-modal models capable of\n"
               "understanding and generating images and text in any arbitrary sequence.\n"
               "  We outline a stable training approach\nfrom inception.\n")
    hf = [{"paper": {"id": "2405.09818", "title": "Chameleon", "summary": wrapped, "authors": [{"name": "Ann Lee"}],
                     "publishedAt": "2024-05-16T17:59:59.000Z"}, "title": "Chameleon"}]
    snapshot = {"id": "2405.09818", "submitter": "Ann Lee", "authors": "Ann Lee", "title": "Chameleon",
                "abstract": wrapped, "categories": "cs.CL", "versions": [{"created": "Thu, 16 May 2024 17:59:59 GMT"}],
                "authors_parsed": [["Lee", "Ann", ""]]}
    expected = ("We present Chameleon, a family of early-fusion token-based mixed-modal models capable of understanding "
                "and generating images and text in any arbitrary sequence.\n\nWe outline a stable training approach from inception.")
    for name, text in (("hf.json", json.dumps(hf)), ("arxiv.jsonl", json.dumps(snapshot) + "\n")):
        (entry,) = write(tmp_path, name, text)[0].entries
        assert entry.abstract == expected
    assert main(["new", str(tmp_path / "c"), "--from", str(tmp_path / "hf.json")]) == 0
    assert main(["-C", str(tmp_path / "c"), "generate"]) == 0
    page = (tmp_path / "c/build/docs/papers/2405.09818.md").read_text(encoding="utf-8")
    assert "capable of understanding and generating" in page and "sequence.&#10;&#10;We outline" in page


def test_arxiv_abstracts_kept_by_other_tools_read_as_arxiv_shows_them(tmp_path):
    """The arxiv package's summary (daily-arXiv-ai-enhanced's JSON Lines) and arxiv-sanity's
    (feedparser's) keep arXiv's 80-column wraps too: their pages broke every line mid-sentence.
    A record of an arXiv paper whose abstract is so wrapped is read as arXiv shows it; a
    paragraph written on one line keeps its line breaks, as does a record of no arXiv paper."""
    wrapped = ("We present NICE-SLAM, a dense SLAM system that incorporates multi-level local\n"
               "information by introducing a hierarchical scene representation.\n  Code is public.")
    records = [{"id": "2112.12130", "title": "A", "summary": wrapped, "authors": ["Zihan Zhu"]},
               {"id": "10.1000/x", "title": "B", "summary": wrapped},
               {"id": "2112.12131", "title": "C", "summary": "First paragraph, written on one line as a spreadsheet's "
                "cell holds it, far longer than any line arXiv wraps its abstracts at, so it is no wrap.\nSecond."}]
    digest, problems = write(tmp_path, "2025-01-01_AI_enhanced_English.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    assert problems == []
    assert [e.abstract for e in digest.entries] == [
        "We present NICE-SLAM, a dense SLAM system that incorporates multi-level local information by introducing "
        "a hierarchical scene representation.\n\nCode is public.", wrapped, records[2]["summary"]]
    sanity, _ = read("arxiv-sanity-papers.json")
    assert all("\n" not in e.abstract for e in sanity.entries)


def test_kaggle_arxiv_snapshot_is_json_lines_under_a_json_name():
    digest, problems = read("arxiv-metadata-oai-snapshot.json")  # the name Kaggle gives it
    assert problems == []
    first, second = digest.entries
    assert first.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert first.authors == ("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan")  # authors_parsed
    assert (first.id, first.url, first.date) == ("0704.0001", "https://arxiv.org/abs/0704.0001", "2007-04-02")
    assert first.categories == ("hep-ph",) and first.extra_urls == ("https://doi.org/10.1103/PhysRevD.76.013009",)
    assert second.categories == ("math.CO", "cs.CG") and second.source.line == 2
    assert second.authors == ("Ileana Streinu", "Louis Theran") and second.date == "2007-03-31"


def test_json_lines_under_a_json_name_name_a_bad_lines_number(tmp_path):
    text = '{"title": "A", "abstract": "a"}\n{"title": "B", "abstract": \n{"title": "C", "abstract": "c"}\n'
    digest, problems = write(tmp_path, "x.json", text)
    assert [e.title for e in digest.entries] == ["A", "C"]
    assert [(p.line, p.level) for p in problems] == [(2, "error")] and "invalid JSON" in problems[0].message
    digest, problems = write(tmp_path, "y.json", '{"title": "A", "abstract": "a"} trailing\n')
    assert digest.entries == () and "invalid JSON: Extra data" in problems[0].message


def test_an_api_answer_is_read_from_the_list_of_papers_it_wraps():
    digest, problems = read("biorxiv-details-2023-09-21.json")  # "collection" beside "messages"
    assert problems == []
    assert [(e.title, e.source.line) for e in digest.entries] == [
        ("A single-cell atlas of the mouse hippocampus", 13), ("Protein folding dynamics in crowded cells", 29)]
    assert digest.entries[0].authors == ("J. Smith", "A. B. Doe", "K. Müller")
    assert (digest.entries[0].id, digest.entries[0].categories) == ("10.1101/2023.09.19.558123", ("neuroscience",))
    digest, problems = read("crossref-works.json")  # {"message": {"items": [...]}}, CSL-JSON-like
    first, second = digest.entries
    assert (first.title, first.abstract) == ("Highly accurate protein structure prediction with AlphaFold",
                                             "Proteins are essential to life.")  # JATS, without its heading
    assert (first.authors, first.id, first.date) == (
        ("John Jumper", "Richard Evans"), "10.1038/s41586-021-03819-2", "2021-07-15")
    assert (second.source.line, second.abstract, problems) == (45, "", [])  # as CSL-JSON: no abstract is no error


def test_arxiv_oai_pmh_in_its_three_metadata_formats():
    digest, problems = read("arxiv-oai-listrecords.xml")  # arXiv, a deleted record, arXivRaw, oai_dc
    assert problems == []
    assert [(e.id, e.title, e.authors, e.date, e.categories, e.source.line) for e in digest.entries] == [
        ("2309.10986", "Retrieval at Scale: Sparse Indexes for $k$-NN Search",
         ("Csaba Balázs", "Martin Luther King Jr", "The ATLAS Collaboration"), "2023-09-19", ("cs.IR", "cs.LG"), 6),
        ("hep-th/9901001", "Strings Without Branes", ("C. Balázs", "E. L. Berger", "C.-P. Yuan"), "1999-01-04",
         ("hep-th", "hep-ph"), 26),
        ("2309.10987", "Graph Things", ("Ann Lee", "Bo Chen"), "2023-09-19", ("cs.LG",), 37)]  # (Zotero's tag's code)
    assert [e.abstract for e in digest.entries] == [
        "We study sparse indexes for $k$-nearest-neighbour search.", "We compute things.", "We study graphs."]
    assert digest.entries[0].url == "https://arxiv.org/abs/2309.10986"


def test_an_oai_pmh_error_is_reported(tmp_path):
    text = ('<?xml version="1.0"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">\n'
            '<error code="noRecordsMatch">No records match</error>\n</OAI-PMH>\n')
    digest, problems = write(tmp_path, "none.xml", text)
    assert [str(p) for p in problems][:1] == ["none.xml:3: error: the OAI-PMH answer is an error: "
                                              "noRecordsMatch No records match"]


def test_web_of_science_keeps_group_authors_and_scopus_its_full_names(tmp_path):
    plain = ("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Li, X\nAF Li, Xin\nCA ATLAS Collaboration\n"
             "TI Higgs Couplings\nPY 2023\nER\n\nEF\n")
    assert [e.authors for e in write(tmp_path, "savedrecs.txt", plain)[0].entries] == [("Xin Li", "ATLAS Collaboration")]
    tab = "PT\tAU\tAF\tCA\tTI\tPY\tUT\nJ\tLi, X\tLi, Xin\tATLAS Collaboration\tHiggs Couplings\t2023\tWOS:1\n"
    assert [e.authors for e in write(tmp_path, "savedrecs-tab.txt", tab)[0].entries] == [("Xin Li", "ATLAS Collaboration")]
    scopus = ('Authors,Author full names,Author(s) ID,Title,Year,Abstract\n"Zhang Y.-H.; Smith J.; García-López M.Á.",'
              '"Zhang, Yu-Hang (57200000001); Smith, John (57200000002); García-López, María Ángeles (57200000003)",'
              '"57200000001; 57200000002; 57200000003",Graph Things,2023,An abstract.\n')
    assert [e.authors for e in write(tmp_path, "scopus.csv", scopus)[0].entries] == [
        ("Yu-Hang Zhang", "John Smith", "María Ángeles García-López")]


def test_nasa_ads_bibtex_keywords_without_thesaurus_numbers_and_its_page_as_the_url(tmp_path):
    text = ("@ARTICLE{2023ApJ...1..1S,\n  author = {{Smith}, Jane},\n  title = \"{Galaxies}\",\n"
            "  keywords = {Astrophysics - Astrophysics of Galaxies, 594, 734, Galaxy evolution},\n  year = 2023,\n"
            "  adsurl = {https://ui.adsabs.harvard.edu/abs/2023ApJ...1..1S},\n}\n")
    (entry,) = write(tmp_path, "ads.bib", text)[0].entries
    assert entry.categories == ("astro-ph.GA", "Galaxy evolution")  # (Zotero's tag "Astrophysics - …" as its code)
    assert entry.url == "https://ui.adsabs.harvard.edu/abs/2023ApJ...1..1S"


def test_a_date_given_as_a_number_is_a_year_or_a_unix_time(tmp_path):
    import json
    records = [{"title": t, "abstract": "x", "date": d} for t, d in
               (("A", 1695300000), ("B", 1695300000123), ("C", 2023), ("D", 12), ("E", True))]
    digest, problems = write(tmp_path, "dated.json", json.dumps(records))
    assert [(e.title, e.date) for e in digest.entries] == [("A", "2023-09-21"), ("B", "2023-09-21"), ("C", "2023")]
    assert [p.message for p in problems] == ["date must be a string, a year or a Unix time, got the number 12",
                                             "date must be a string, got boolean"]


def test_a_title_of_zero_width_characters_is_empty(tmp_path):
    import json
    digest, problems = write(tmp_path, "zw.json", json.dumps([{"title": "\u200b\u200b \u2060", "abstract": "x"},
                                                               {"title": "\u200bVisible", "abstract": "x"}]))
    assert [e.title for e in digest.entries] == ["\u200bVisible"]
    assert [(p.line, p.message) for p in problems] == [(1, "title is empty (it has no visible character)")]


def test_arxiv_codes_with_spaces_between_are_categories_each(tmp_path):
    text = 'title,abstract,categories\nA,x,cs.CL cs.AI stat.ML\nB,x,machine learning\nC,x,hep-th gr-qc\n'
    digest, problems = write(tmp_path, "scraped.csv", text)
    assert [e.categories for e in digest.entries] == [("cs.CL", "cs.AI", "stat.ML"), ("machine learning",),
                                                      ("hep-th", "gr-qc")]


def test_a_scrapers_nested_paper_keeps_its_abstract(tmp_path):
    import json
    records = [{"paper": {"title": "A nested paper", "abstract": "Its abstract."}}, {"paper": {"title": "Bare"}}]
    digest, problems = write(tmp_path, "nested.json", json.dumps(records))
    assert [e.abstract for e in digest.entries] == ["Its abstract.", ""]
    assert [(p.line, p.message) for p in problems] == [(1, "paper has no abstract")]


def test_a_scrapers_nested_paper_keeps_its_date_doi_url_and_categories(tmp_path):
    # the README's own example of a file needing --field title=paper.title: the record looks like a
    # Hugging Face item, whose reader read only Hugging Face's names, so the rest was lost silently
    import json
    records = [{"paper": {"title": "Sparse attention", "abstract": "Its abstract.", "authors": [{"name": "Ada Lovelace"}],
                          "doi": "10.1234/sparse.2023", "url": "https://example.org/sparse", "date": "2023-09-20",
                          "categories": ["cs.CL"]}}]
    mapping = {"title": "paper.title", "authors": "paper.authors[].name"}
    for field_map in (None, mapping):
        digest, problems = write(tmp_path, "nested.json", json.dumps(records), field_map)
        assert problems == []
        assert [(e.id, e.url, e.date, e.categories, e.authors) for e in digest.entries] == [
            ("10.1234/sparse.2023", "https://example.org/sparse", "2023-09-20", ("cs.CL",), ("Ada Lovelace",))]


def test_crossrefs_answer_for_one_work_is_one_paper(tmp_path):
    # api.crossref.org/works/DOI: {"status": "ok", "message-type": "work", "message": {the work}}
    import json
    works = json.loads((SOURCES / "crossref-works.json").read_text(encoding="utf-8"))
    one = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": works["message"]["items"][0]}
    digest, problems = write(tmp_path, "work.json", json.dumps(one, indent=2))
    assert problems == [] and [(e.title, e.id, e.authors, e.source.line) for e in digest.entries] == [
        ("Highly accurate protein structure prediction with AlphaFold", "10.1038/s41586-021-03819-2",
         ("John Jumper", "Richard Evans"), 5)]


def test_a_jats_abstract_is_its_paragraphs_text():
    from generator.readers.services import jats_text

    sections = ("<jats:sec><jats:title>Background</jats:title><jats:p>One.</jats:p></jats:sec>"
                "<jats:sec><jats:title>Results</jats:title><jats:p>Two <jats:italic>in vivo</jats:italic>.</jats:p></jats:sec>")
    assert jats_text(sections) == "One.\n\nTwo in vivo."
    assert jats_text("<jats:p>We bound <mml:math><mml:mi>x</mml:mi></mml:math> well &amp; fast.</jats:p>") == (
        "We bound x well & fast.")  # MathML's prefix is declared as Crossref's is
    unknown = "<jats:p>An &nbsp; entity XML does not define</jats:p>"
    assert jats_text(unknown) == unknown  # not XML: kept as it is, shown escaped
    assert jats_text("Plain <b>text</b>") == "Plain <b>text</b>"


def test_markup_of_services_that_send_it_is_text_and_a_generic_jsons_is_kept(tmp_path):
    import json
    mathml = ('<mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:msup><mml:mi>B</mml:mi><mml:mo>+</mml:mo>'
              '</mml:msup></mml:math>')
    crossref = {"message": {"items": [{"DOI": "10.1103/X.1", "type": "journal-article",
                                       "title": [f"Measurement of {mathml} decays"],
                                       "author": [{"given": "Jane", "family": "Doe"}]}]}}
    (entry,) = write(tmp_path, "crossref.json", json.dumps(crossref))[0].entries
    assert entry.title == "Measurement of B+ decays"
    openalex = {"results": [{"id": "https://openalex.org/W1", "title": "Scaling <i>Laws</i> for CO<sub>2</sub>",
                             "authorships": [], "abstract_inverted_index": {"We": [0], "scale.": [1]}}]}
    (entry,) = write(tmp_path, "openalex.json", json.dumps(openalex))[0].entries
    assert entry.title == "Scaling Laws for CO₂"  # (a subscript kept: CO2 read as a number)
    inspire = {"hits": {"hits": [{"metadata": {"titles": [{"title": "Search for $H\\to\\gamma\\gamma$"}], "abstracts": [
        {"value": "We search for the <b>Higgs</b> boson &amp; its $\\gamma\\gamma$ decay."}]}}]}}
    (entry,) = write(tmp_path, "inspire.json", json.dumps(inspire))[0].entries
    assert (entry.title, entry.abstract) == ("Search for $H\\to\\gamma\\gamma$",
                                             "We search for the Higgs boson & its $\\gamma\\gamma$ decay.")
    generic = [{"title": "CO<sub>2</sub> reduction", "abstract": "<b>Kept</b> as written.", "authors": ["A B"]}]
    (entry,) = write(tmp_path, "papers.json", json.dumps(generic))[0].entries
    assert (entry.title, entry.abstract) == ("CO<sub>2</sub> reduction", "<b>Kept</b> as written.")  # shown escaped


def test_one_paper_object_is_one_paper_not_a_list_of_its_authors(tmp_path):
    import json
    paper = {"title": "Alone", "abstract": "x", "authors": [{"name": "Ann Lee"}, {"name": "Bo Chen"}]}
    digest, problems = write(tmp_path, "one.json", json.dumps(paper))
    assert [(e.title, e.authors) for e in digest.entries] == [("Alone", ("Ann Lee", "Bo Chen"))] and problems == []
    hf = {"id": "2401.02954", "title": "DeepSeek LLM", "summary": "One paper of /api/papers/ID.",
          "authors": [{"name": "Xiao Bi"}], "publishedAt": "2024-01-05T18:59:59.000Z"}  # Hugging Face's one paper
    digest, problems = write(tmp_path, "hf.json", json.dumps(hf, indent=1))
    assert [(e.id, e.abstract, e.source.line) for e in digest.entries] == [("2401.02954", hf["summary"], 1)]


def test_code_and_project_columns_are_the_paper_s_links(tmp_path):
    # Only a "links" column was read: a reading list's "Code" and "Project page", and the
    # "githubRepo" and "projectPage" of a paper Hugging Face gives alone (/api/papers/ID), were lost
    table = ("Title,Abstract,arXiv ID,Code,Project page,GitHub\n"
             "A,x,2401.00001,https://github.com/o/a,https://o.github.io/a/,n/a\nB,x,2401.00002,,,\n")
    digest, problems = write(tmp_path, "list.csv", table)
    assert [e.extra_urls for e in digest.entries] == [("https://github.com/o/a", "https://o.github.io/a/"), ()]
    assert problems == []  # (no note proposing them as the papers' authors: they are read)
    # a spreadsheet's address without its scheme: no link before, and no address in papers.json
    table = "Title,Abstract,Link,Code\nC,x,arxiv.org/abs/2401.00003,github.com/o/c\nD,x,paper.pdf,N/A\n"
    digest, problems = write(tmp_path, "list.csv", table)
    assert [(e.id, e.url, e.extra_urls) for e in digest.entries] == [
        ("2401.00003", "https://arxiv.org/abs/2401.00003", ("https://github.com/o/c",)), ("", "paper.pdf", ())]
    hf = {"id": "2501.12948", "title": "DeepSeek-R1", "summary": "We introduce.", "authors": [{"name": "DeepSeek-AI"}],
          "publishedAt": "2025-01-22T15:19:35.000Z", "githubRepo": "https://github.com/deepseek-ai/DeepSeek-R1",
          "projectPage": "https://deepseek.com/r1", "githubStars": 90000, "ai_keywords": ["reasoning"]}
    for text in (json.dumps(hf), json.dumps([hf])):
        digest, problems = write(tmp_path, "hf.json", text)
        assert [e.extra_urls for e in digest.entries] == [
            ("https://github.com/deepseek-ai/DeepSeek-R1", "https://deepseek.com/r1")] and problems == []


def test_authors_after_an_ampersand_are_names_and_et_al_is_nobody(tmp_path):
    digest, problems = write(tmp_path, "list.csv", 'Title,Abstract,Authors\nA,x,"Alice Smith; Bob Jones; et al."\n'
                                                   'B,x,"Alice Smith, Bob Jones & Carol White"\nC,x,"Lee, Ann and others"\n')
    assert [e.authors for e in digest.entries] == [
        ("Alice Smith", "Bob Jones"), ("Alice Smith", "Bob Jones", "Carol White"), ("Ann Lee",)]
    assert [e.et_al for e in digest.entries] == [True, False, True]  # (the page says "et al.", BibTeX "and others")


def test_arxiv_listings_cut_short_author_lists_name_nobody(tmp_path):
    """arXiv's listings end a long author list with "et al. (22 additional authors not shown)" (the
    arXiv-day CSV of tests/data holds one as a list item): no author, as "et al." is not, in a
    string, a Python list literal, a JSON list or a copied listing page."""
    import json
    cut = "et al. (22 additional authors not shown)"
    digest, problems = write(tmp_path, "list.csv", f'Title,Abstract,Authors\nA,x,"Ann Lee, Bo Chen, {cut}"\n'
                                                   f'B,x,"[\'Ann Lee\', \' {cut}\']"\nC,x,"Ann Lee {cut}"\n')
    assert [e.authors for e in digest.entries] == [("Ann Lee", "Bo Chen"), ("Ann Lee",), ("Ann Lee",)]
    records = [{"title": "D", "abstract": "x", "authors": ["Ann Lee", cut, "Bo Chen"]},
               {"title": "E", "abstract": "x", "authors": [{"name": "Ann Lee"}, {"name": "et al."}]},
               {"title": "G", "abstract": "x", "authors": ["Ann Lee", "Bo Chen (MIT)"]}]
    digest, problems = write(tmp_path, "list.json", json.dumps(records))
    assert [e.authors for e in digest.entries] == [("Ann Lee", "Bo Chen"), ("Ann Lee",), ("Ann Lee", "Bo Chen (MIT)")]
    assert [e.et_al for e in digest.entries] == [True, True, False]
    listing = f"Title: F\nAuthors: Ann Lee, Bo Chen, {cut}\nAbstract: x\n"
    digest, problems = write(tmp_path, "listing.txt", listing)
    assert [(e.authors, e.et_al) for e in digest.entries] == [(("Ann Lee", "Bo Chen"), True)]
    digest, problems = write(tmp_path, "list.csv", 'Title,Abstract,Authors\nA,x,"Ann Lee (1), Bo Chen (1 and 2) ((1) MIT, (2) UCh)"\n')
    assert [(e.authors, e.et_al) for e in digest.entries] == [(("Ann Lee", "Bo Chen"), False)]  # (affiliations: no cut)


def test_zotero_s_standalone_notes_and_files_are_no_papers(tmp_path):
    # Zotero's CSV export lists a collection's standalone notes and files beside its papers: a PDF's
    # name was read as a paper's title, and a note was "title is empty", an error that stopped `new`
    table = ('"Key","Item Type","Publication Year","Author","Title","Abstract Note","Url","Notes"\n'
             '"A1","journalArticle","2023","Smith, Jane","Growth","We grow.","",""\n'
             '"A2","attachment","","","Full Text PDF","","https://example.org/a.pdf",""\n'
             '"A3","note","","","","","","<p>Read again</p>"\n')
    digest, problems = write(tmp_path, "zotero.csv", table)
    assert [e.title for e in digest.entries] == ["Growth"]
    assert [(p.line, p.level, p.message) for p in problems] == [
        (3, "warning", "a Zotero attachment (its item type), not a paper: left out"),
        (4, "warning", "a Zotero note (its item type), not a paper: left out")]
    api = [{"key": "B1", "data": {"itemType": "attachment", "title": "Snapshot", "url": "https://example.org/"}},
           {"key": "B2", "data": {"itemType": "preprint", "title": "Kept", "abstractNote": "x", "creators": []}}]
    assert [e.title for e in write(tmp_path, "zotero.json", json.dumps(api))[0].entries] == ["Kept"]


def test_zotero_csv_extra_gives_the_arxiv_id_and_tex_in_names_is_decoded(tmp_path):
    digest, problems = read("zotero-export.csv")
    assert problems == []
    assert [e.id for e in digest.entries] == ["2309.11111", "2309.22222"]  # URL, then "Extra: arXiv: …"
    import json
    text = json.dumps([{"title": "T", "abstract": "a", "authors": ["Mar{\\'\\i}a D\\'iaz", "Plain O'Neil"]}])
    digest, problems = write(tmp_path, "tex.json", text)
    assert digest.entries[0].authors == ("María Díaz", "Plain O'Neil")


def test_ris_records_are_read_with_their_lines():
    digest, problems = read("endnote-library.ris")
    first, second, third = digest.entries
    assert (first.title, first.authors, first.id, first.date) == (
        "Twisted Bilayer Graphene Beyond the Magic Angle", ("Ana Gómez", "Li Wei"), "2309.10986", "2023-09-21")
    assert first.abstract.endswith("away from the magic angle and find flat bands persist.")  # lines joined
    assert first.categories == ("graphene", "moiré") and first.extra_urls == ("https://doi.org/10.1103/PhysRevB.108.125101",)
    assert (second.title, second.authors, second.date, second.source.line) == (
        "Retrieval Without Indexes", ("Jörg Müller",), "2024", 17)
    assert (third.title, third.date, third.source.line) == ("Cut Short", "2022-05", 29)
    assert [(p.line, p.level, p.message.split(":")[0]) for p in problems] == [
        (24, "error", "paper has no title"), (29, "warning", "RIS record has no 'ER' line")]


def test_ris_text_outside_records_is_reported_and_a_missing_er_ends_at_the_next_record(tmp_path):
    text = "Exported from a library\nTY  - JOUR\nTI  - One\nTY  - JOUR\nTI  - Two\nER  - \n"
    digest, problems = write(tmp_path, "lib.ris", text)
    assert [(e.title, e.source.line) for e in digest.entries] == [("One", 2), ("Two", 4)]
    assert [(p.line, p.level) for p in problems] == [(1, "warning"), (2, "warning")]


def test_ris_tags_with_one_space_before_the_dash_are_read_in_a_file_written_so(tmp_path):
    text = "TY - JOUR\nTI - One space\nAU - Lee, Ann\nAB - We study\n  tags.\nPY - 2023\nER - \n"
    digest, problems = write(tmp_path, "one-space.ris", text)
    assert problems == []
    assert [(e.title, e.authors, e.abstract, e.date, e.source.line) for e in digest.entries] == [
        ("One space", ("Ann Lee",), "We study tags.", "2023", 1)]
    text = "TY  - JOUR\nTI  - Two spaces\nAB  - Firms\nUS - based are studied.\nER  - \n"
    (entry,) = write(tmp_path, "two-space.ris", text)[0].entries
    assert entry.abstract == "Firms US - based are studied."  # a wrapped line, no tag


def test_ris_names_with_a_suffix_after_a_second_comma(tmp_path):
    text = ("TY  - JOUR\nTI  - Suffixes\nAU  - Smith, John, Jr.\nAU  - King, Martin Luther, III\nAU  - Lee, Ann\n"
            "AU  - Smith, Jr.\nER  - \n")
    digest, problems = write(tmp_path, "suffix.ris", text)
    assert digest.entries[0].authors == ("John Smith Jr.", "Martin Luther King III", "Ann Lee", "Smith, Jr.")


def test_web_of_science_plain_text_is_read_as_the_txt_it_is_saved_as():
    digest, problems = read("wos-savedrecs.txt")
    first, second = digest.entries
    assert (first.title, first.authors, first.id, first.date) == (  # full names (AF), PD and PY
        "Twisted Bilayer Graphene Beyond the Magic Angle", ("Ana Gómez", "Li Wei"), "10.1103/physrevb.108.125101",
        "2023-09-21")
    assert first.categories == ("graphene", "moire materials") and first.source.line == 3
    assert (second.title, second.authors, second.date, second.source.line) == (
        "Retrieval Without Indexes", ("J Muller",), "2024", 22)
    assert [(p.line, p.message) for p in problems] == [(28, "paper has no title")]  # FN, VR and EF are the file's


def test_web_of_science_early_access_records_are_dated_by_ea(tmp_path):
    text = ("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAF Zhang, Yi\nTI Early access\nEA SEP 2023\nER\n\n"
            "PT J\nTI Published\nPD OCT 2\nPY 2023\nEA SEP 2023\nER\n\nEF\n")
    digest, problems = write(tmp_path, "savedrecs.txt", text)
    assert [(e.title, e.date) for e in digest.entries] == [("Early access", "2023-09"), ("Published", "2023-10-02")]
    table = "PT\tAF\tTI\tPD\tPY\tEA\tUT\nJ\tZhang, Yi\tEarly access\t\t\tSEP 2023\tWOS:1\n"
    (entry,) = write(tmp_path, "savedrecs-tab.txt", table)[0].entries
    assert entry.date == "2023-09"


def test_pubmed_medline_records_are_read_with_their_lines():
    digest, problems = read("pubmed-set.nbib")
    first, second = digest.entries
    assert (first.title, first.authors, first.id, first.date) == (
        "A single-cell atlas of the mouse hippocampus across the lifespan.", ("Jane Smith", "Karl-Heinz Müller"),
        "10.1016/j.cell.2023.08.001", "2023-09-21")  # lines continued, full names (FAU), the DOI of AID, DP
    assert first.abstract == ("We profile 100,000 cells of the mouse hippocampus at six ages and find that "
                              "microglia change most.")
    assert first.url == "https://pubmed.ncbi.nlm.nih.gov/37735466/"
    assert first.categories == ("hippocampus", "single-cell RNA sequencing")
    assert (second.id, second.date, second.source.line) == ("PMID:37700001", "2023", 22)  # no DOI; "2023 Spring"
    assert [(p.line, p.message) for p in problems] == [(27, "paper has no title")]


def test_group_authors_are_kept_in_their_place(tmp_path):
    import json
    nbib = ("PMID- 1\nTI  - Consortium only.\nCN  - The COVID-19 Genomics UK Consortium\n\n"
            "PMID- 2\nTI  - Mixed.\nFAU - Smith, John\nAU  - Smith J\nCN  - Writing Committee, Human Cell\n"
            "      Atlas Consortium\nFAU - Doe, Ann\nAU  - Doe A\n\n"
            "PMID- 3\nTI  - Short names only.\nAU  - Lee K\nCN  - HCA Group\n")
    digest, problems = write(tmp_path, "groups.nbib", nbib)
    assert [e.authors for e in digest.entries] == [
        ("The COVID-19 Genomics UK Consortium",),
        ("John Smith", "Writing Committee, Human Cell Atlas Consortium", "Ann Doe"),  # CN's line continued
        ("K Lee", "HCA Group")]
    europe_pmc = {"resultList": {"result": [{"title": "Mixed.", "authorString": "Smith J, HCA.", "authorList": {"author": [
        {"firstName": "John", "lastName": "Smith"}, {"collectiveName": "Human Cell Atlas Consortium"}]}}]}}
    (entry,) = write(tmp_path, "europepmc.json", json.dumps(europe_pmc))[0].entries
    assert entry.authors == ("John Smith", "Human Cell Atlas Consortium")
    crossref = {"message": {"items": [{"DOI": "10.1/x", "type": "journal-article", "title": ["Decays"], "author": [
        {"given": "Jane", "family": "Doe"}, {"name": "LHCb Collaboration", "sequence": "additional"}]}]}}
    (entry,) = write(tmp_path, "crossref.json", json.dumps(crossref))[0].entries
    assert entry.authors == ("Jane Doe", "LHCb Collaboration")


def test_web_of_science_tab_delimited_rows_are_read_by_their_tags():
    digest, problems = read("wos-tab-delimited.txt")  # a .txt table whose columns are tags: TI, AF, AB, …
    assert problems == []
    first, second = digest.entries
    assert (first.title, first.authors, first.id, first.date, first.categories) == (
        "Twisted Bilayer Graphene", ("Ana Gómez", "Li Wei"), "10.1103/physrevb.108.125101", "2023-09-21",
        ("graphene", "moire"))
    assert (second.title, second.authors, second.date, second.source.line) == (
        "Retrieval Without Indexes", ("J Muller",), "2024", 3)  # no AF: the short names of AU


def test_web_of_science_tab_delimited_text_is_read_as_written(tmp_path):
    # its header ends without a tab and each row with one ("row has 10 fields but the header has 9"),
    # and it quotes nothing: a title's quotes were read as CSV quoting and dropped
    header = "PT\tAU\tAF\tTI\tSO\tAB\tPY\tDI\tUT\r\n"
    row = ('J\tLiu, NF\tLiu, Nelson F.\t"Lost in the middle": how language models use long contexts\tTACL\t'
           '"Wafer-scale" integration is hard. We measure 12" wafers.\t2024\t10.1162/tacl_a_00638\tWOS:1\t\r\n')
    digest, problems = write(tmp_path, "savedrecs.txt", header + row + row.replace("WOS:1", "WOS:2").replace("Lost", "Found"))
    assert problems == []
    first, second = digest.entries
    assert first.title == '"Lost in the middle": how language models use long contexts'
    assert first.abstract == '"Wafer-scale" integration is hard. We measure 12" wafers.'
    assert (first.authors, second.title[:6]) == (("Nelson F. Liu",), '"Found')


def test_a_delimiter_after_a_rows_last_field_is_no_field_of_its_own(tmp_path):
    digest, problems = write(tmp_path, "sheet.csv", "title,abstract\nA paper,Its abstract here.,\nB paper,More text,,\n")
    assert problems == [] and [e.abstract for e in digest.entries] == ["Its abstract here.", "More text"]
    digest, problems = write(tmp_path, "sheet.csv", "title,abstract\nA paper,Its abstract here.,extra\n")
    assert [p.message for p in problems] == ["row has 3 fields but the header has 2"]


NESTED = {"title": "record.headline", "abstract": "record.text.abstract", "authors": "record.people[].display",
          "id": "record.ids.arxiv", "date": "record.when", "categories": "tags"}


def test_field_mapping_with_dotted_paths():
    digest, problems = read("lab-export-nested.jsonl")  # without a mapping: where its fields are, once
    assert [str(p) for p in problems if p.is_error] == [
        "lab-export-nested.jsonl:1: error: paper has no title (its fields: record.headline, record.text, record.people, "
        "record.ids, record.when, tags; name the title's with --field title=PATH, or under fields: in collection.yml)",
        "lab-export-nested.jsonl:2: error: paper has no title"]
    digest, problems = read("lab-export-nested.jsonl", NESTED)
    assert problems == []
    first, second = digest.entries
    assert first.title == "Graph Transformers for Molecular Property Prediction"
    assert first.authors == ("Ana Costa", "Lars Eriksen")
    assert first.id == "2401.01234"
    assert first.categories == ("chemistry", "graphs")
    assert second.title == "Equivariant Diffusion for 3D Molecule Generation" and second.source.line == 2


def test_field_mapping_names_csv_columns():
    digest, problems = read("spreadsheet-reading-list.csv", {"title": "Paper Title", "id": "arXiv", "date": "Added"})
    assert problems == []
    assert [e.id for e in digest.entries] == ["2405.09673", "2405.10011"]
    assert digest.entries[0].authors == ("Greta Hansen", "Ibrahim Musa")  # "A; B"
    without, _ = read("spreadsheet-reading-list.csv")  # "Paper Title" names a title column too
    assert [e.title for e in without.entries] == [e.title for e in digest.entries]


def test_a_mapping_path_no_record_has_is_a_warning_naming_it():
    typo = {**NESTED, "authors": "record.peeple[].display"}
    digest, problems = read("lab-export-nested.jsonl", typo)
    assert [e.authors for e in digest.entries] == [(), ()]
    assert [str(p) for p in problems] == [
        "lab-export-nested.jsonl:1: warning: the field mapping authors: record.peeple[].display finds nothing in this "
        "file's 2 record(s): that field is read as if unmapped"]
    _, problems = read("spreadsheet-reading-list.csv", {"title": "Paper Title", "date": "Aded"})
    assert [p.message.split(" finds")[0] for p in problems] == ["the field mapping date: Aded"]


def test_dotted_paths():
    record = {"a": {"b": [{"c": 1}, {"c": 2}, {"d": 3}]}, "x.y": "literal"}
    assert resolve(record, "a.b[].c") == [1, 2]
    assert resolve(record, "a.b[1].c") == 2
    assert resolve(record, "x.y") == "literal"
    assert valid_path("paper.authors[].name") and not valid_path("a..b") and not valid_path("")


def test_a_txt_of_ris_or_bibtex_after_a_programs_header_lines_is_read_as_such(tmp_path):
    ris = ("Provider: Elsevier\nDatabase: ScienceDirect\nContent: text/plain; charset=\"UTF-8\"\n\n"
           "TY  - JOUR\nT1  - A study of things\nAU  - Brown, Alice\nAB  - We study things.\nER  - \n")
    digest, problems = write(tmp_path, "sciencedirect.txt", ris)
    assert [(e.title, e.authors) for e in digest.entries] == [("A study of things", ("Alice Brown",))]
    assert [p.level for p in problems] == ["warning"]  # the header: text outside a record, ignored
    bib = "This file was created with JabRef 2.10.\nEncoding: UTF8\n\n@ARTICLE{a,\n  title = {Bib in txt}\n}\n"
    assert [e.title for e in write(tmp_path, "jabref.txt", bib)[0].entries] == ["Bib in txt"]


def test_scopus_csv_names_placeholder_abstract_and_a_scripts_list_cells(tmp_path):
    text = ('Authors,Title,Abstract,Year,Categories\n'
            '"Li X.; Zhang Y.-H.; van der Berg J.",Graph Things,"[No abstract available]",2023,"[\'cs.CL\', \'cs.AI\']"\n')
    digest, problems = write(tmp_path, "scopus.csv", text)
    (entry,) = digest.entries
    assert entry.authors == ("X. Li", "Y.-H. Zhang", "J. van der Berg")  # Scopus writes initials after the surname
    assert entry.abstract == "" and entry.categories == ("cs.CL", "cs.AI")
    assert [(p.line, p.message) for p in problems] == [(2, "paper has no abstract")]  # as an empty cell, or JSON's


def test_review_cases_a_lone_initial_v_a_collection_object_and_a_braced_hash(tmp_path):
    import json
    from generator.readers.values import first_last

    assert first_last("Kumar, V") == "V Kumar" and first_last("Smith, John, V") == "John Smith V"  # an initial; a suffix
    assert first_last("Jane Doe, PhD") == "Jane Doe, PhD" and first_last("Rahman, Md") == "Md Rahman"  # a degree; a name
    collection = {"title": "My favourite papers", "items": [{"title": "Real paper", "abstract": "a"},
                                                            {"title": "Two", "abstract": "b"}]}
    digest, problems = write(tmp_path, "collection.json", json.dumps(collection))
    assert [e.title for e in digest.entries] == ["Real paper", "Two"] and problems == []  # not one paper "My favourite…"
    (one,) = write(tmp_path, "one.json", json.dumps({"Title": "A", "Abstract": "B"}))[0].entries  # any case of "title"
    assert one.title == "A"
    text = '@misc{k, title = {1 # 2}, abstract = "x" # "y", note = {Sep # Oct}}\n'
    (entry,) = write(tmp_path, "hash.bib", text)[0].entries
    assert (entry.title, entry.abstract) == ("1 # 2", "xy")  # a braced value is never joined


def test_content_decides_not_the_suffix(tmp_path):
    rss = (SOURCES / "arxiv-announce-cs.CL.rss").read_text(encoding="utf-8")
    atom = (SOURCES / "arxiv-api-retrieval.atom").read_text(encoding="utf-8")
    assert [e.id for e in write(tmp_path, "feed.xml", rss)[0].entries] == ["2405.07001", "2405.07113"]
    assert len(write(tmp_path, "api.rss", atom)[0].entries) == 4
    csl = (SOURCES / "zotero-csl.json").read_text(encoding="utf-8")
    assert write(tmp_path, "lines.jsonl", csl.replace("\n", " ").strip()[1:-1].replace("},   {", "}\n{"))[1] == []


@pytest.mark.parametrize("source", ["zotero-reading-list.bib", "endnote-library.ris", "pubmed-set.nbib",
                                    "arxiv-api-retrieval.atom", "arxiv-announce-cs.CL.rss",
                                    "hf-daily-papers-2024-05-14.json", "arxiv-metadata-oai-snapshot.json",
                                    "zotero-export.csv", "spreadsheet-reading-list.csv", "pubmed-efetch.xml",
                                    "endnote-library.xml"])
def test_an_export_saved_as_txt_is_read_as_what_it_holds(tmp_path, source):
    text = (SOURCES / source).read_text(encoding="utf-8")
    field_map = {"title": "Paper Title"} if source.startswith("spreadsheet") else None
    if source.startswith("spreadsheet"):
        text = text.replace(",", "\t")  # "Text (Tab delimited)": its cells hold no comma
    as_txt, problems = write(tmp_path, "export.txt", text, field_map)
    named = "export.tsv" if source.startswith("spreadsheet") else "export" + pathlib.Path(source).suffix
    as_named, named_problems = write(tmp_path, named, text, field_map)
    assert as_txt.entries and [(e.title, e.id, e.authors) for e in as_txt.entries] == [
        (e.title, e.id, e.authors) for e in as_named.entries]
    assert [(p.line, p.message) for p in problems] == [(p.line, p.message) for p in named_problems]


def test_plain_text_that_looks_like_another_format_stays_plain_text(tmp_path):
    text = ("[Re] Reproducing Sparse Attention\nWe reproduce it.\n"
            "{Braces} in a Title, Abstract and More\nAn abstract.\n")
    digest, problems = write(tmp_path, "plain.txt", text)
    assert [e.title for e in digest.entries] == ["[Re] Reproducing Sparse Attention", "{Braces} in a Title, Abstract and More"]
    digest, _ = write(tmp_path, "at.txt", "@Home (2020): Robots in Kitchens\nWe cook.\n")  # not "@type{key,"
    assert [e.title for e in digest.entries] == ["@Home (2020): Robots in Kitchens"]
    digest, _ = write(tmp_path, "one.txt", "[1]\nA numbered title's abstract.\n[2] Second\nAnother abstract.\n")
    assert [e.title for e in digest.entries] == ["[1]", "[2] Second"]  # "[1]" parses, but is no JSON Lines record
    digest, _ = write(tmp_path, "title.txt", "Title\nAn abstract about titles.\n")  # one column: not a table
    assert [(e.title, e.abstract) for e in digest.entries] == [("Title", "An abstract about titles.")]


def test_xml_problems_name_their_line(tmp_path):
    _, problems = write(tmp_path, "bad.xml", "<feed xmlns='http://www.w3.org/2005/Atom'>\n<entry>\n</feed>\n")
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(3, "invalid XML")]
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;">\n]>\n'
            "<rss><channel><item><title>&b;</title></item></channel></rss>\n")
    digest, problems = write(tmp_path, "bomb.rss", bomb)
    assert digest.entries == () and problems[0].message.startswith("refused: the XML declares entities ('a', which can expand")
    _, problems = write(tmp_path, "page.xml", "<html>\n<body/></html>")
    assert str(problems[0]) == "page.xml:1: error: not an Atom or RSS feed, PubMed XML, EndNote XML or arXiv's OAI-PMH (the root element is <html>)"
    error_feed = ("<feed xmlns='http://www.w3.org/2005/Atom'>\n<entry>\n<id>http://arxiv.org/api/errors#incorrect_id</id>\n"
                  "<summary>incorrect id format for 1234.xyz</summary>\n</entry>\n</feed>")
    _, problems = write(tmp_path, "err.atom", error_feed)
    assert str(problems[0]) == "err.atom:2: error: the arXiv API answered with an error: incorrect id format for 1234.xyz"


@pytest.mark.parametrize("name, feed", [
    ("blog.rss", '<rss version="2.0"><channel><title>Blog&nbsp;feed</title>\n<item>{}</item>\n</channel></rss>'),
    ("blog.atom", '<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog&nbsp;feed</title>\n<entry>{}</entry>\n</feed>'),
])
def test_html_named_entities_in_a_feed_are_read_as_their_characters(tmp_path, name, feed):
    """A feed using HTML's named entities (&nbsp;, &eacute;, &mdash;: many blogs' and journals'
    feeds do, and feed readers read them) was refused: "invalid XML: undefined entity". XML's own
    entities mean what they meant, and a CDATA section's or a comment's text is its text."""
    item = ("<title>Caf&eacute; &mdash; na&iuml;ve&nbsp;R&amp;D &lt;3</title><!-- &copy; -->"
            "<summary>&Auml;rger &hellip; done.</summary><description>&Auml;rger &hellip; done.</description>")
    digest, problems = write(tmp_path, name, '<?xml version="1.0"?>\n' + feed.format(item))
    assert problems == [] and [(e.title, e.abstract) for e in digest.entries] == [("Café — naïve R&D <3", "Ärger … done.")]
    cdata = "<title><![CDATA[Fish &chips; &copy; &amp;]]></title>"  # (an RSS title is text: "&copy;" as written)
    digest, problems = write(tmp_path, name, feed.format(cdata))
    assert problems == [] and [e.title for e in digest.entries] == ["Fish &chips; &copy; &amp;"]


def test_an_entity_neither_xml_nor_html_names_is_still_an_error_at_its_line(tmp_path):
    text = "<rss><channel>\n<item><title>Caf&eacute;</title></item>\n<item><title>A &bogus; one</title></item>\n</channel></rss>"
    digest, problems = write(tmp_path, "r.rss", text)
    assert digest.entries == () and [(p.line, p.message.split(":")[:2]) for p in problems] == [
        (3, ["invalid XML", " undefined entity"])]


@pytest.mark.parametrize("declared", ['<!ENTITY nbsp "&#160;&#160;">', "<!ENTITY nbsp SYSTEM '{secret}'>"])
def test_a_feed_declaring_an_entity_of_an_html_name_is_still_refused(tmp_path, declared):
    """HTML's names are read as characters without any declaration: one declared is refused as
    every declaration is (it could read a file or expand to gigabytes), its use never read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FILE-CONTENT\n", encoding="utf-8")
    text = (f"<?xml version='1.0'?>\n<!DOCTYPE rss [\n{declared.format(secret=secret.as_uri())}\n]>\n"
            "<rss><channel><item><title>Leak&nbsp;here</title></item></channel></rss>\n")
    digest, problems = write(tmp_path, "r.rss", text)
    assert digest.entries == () and [(p.line, p.level) for p in problems] == [(3, "error")]
    assert problems[0].message.startswith("refused: the XML declares entities ('nbsp', which can expand")


def test_feed_entry_without_title_is_an_error_at_its_line(tmp_path):
    text = "<rss><channel>\n<item><title>Kept</title></item>\n<item>\n<description>x</description></item>\n</channel></rss>"
    digest, problems = write(tmp_path, "r.rss", text)
    assert [e.title for e in digest.entries] == ["Kept"]
    assert str(problems[0]) == "r.rss:3: error: title is empty"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
       suffix=st.sampled_from([".bib", ".xml", ".ris", ".nbib", ".txt"]))
def test_never_raises(tmp_path, text, suffix):
    prefix = {".bib": "@article{k, title={", ".xml": "<rss><channel><item><title>", ".ris": "TY  - JOUR\nTI  - ",
              ".nbib": "PMID- 1\nTI  - ",
              ".txt": "FN Clarivate Analytics Web of Science\nPT J\nAU "}[suffix]
    for content in (text, prefix + text):
        digest, problems = write(tmp_path, "p" + suffix, content)
        assert problems or digest.entries
        assert all(p.line >= 1 for p in problems)


values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                      max_leaves=12)
shaped = st.fixed_dictionaries({}, optional={
    "paper": st.dictionaries(st.sampled_from(["id", "title", "summary", "authors", "publishedAt", "githubRepo"]),
                             values, max_size=6) | values,
    "type": values, "title": values, "author": values, "issued": values, "DOI": values, "URL": values,
    "number": values, "keyword": values, "abstract": values})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(shaped, min_size=1, max_size=3))
def test_json_exports_never_raise(tmp_path, records):
    import json

    digest, problems = write(tmp_path, "r.json", json.dumps(records), NESTED)
    assert problems or digest.entries


def test_an_arxiv_url_whose_id_lost_its_zero_is_the_papers_page(tmp_path):
    # the arXiv-day CSV's scraper wrote ids as numbers: "2309.1089" and "…/abs/2309.1089" for 2309.10890
    text = "title,abstract,paper_id,url\nA,x,2309.1089,https://arxiv.org/abs/2309.1089\nB,x,,https://arxiv.org/abs/2309.1089\n" \
           "C,x,2309.10891,https://arxiv.org/pdf/2309.10891v2.pdf\n"
    digest, _ = write(tmp_path, "day.csv", text)
    assert [(e.id, e.url) for e in digest.entries] == [
        ("2309.10890", "https://arxiv.org/abs/2309.10890"), ("2309.10890", "https://arxiv.org/abs/2309.10890"),
        ("2309.10891", "https://arxiv.org/pdf/2309.10891v2.pdf")]


def test_a_semantic_scholar_paper_known_to_pubmed_alone_gets_its_pmid(tmp_path):
    import json
    data = {"data": [{"paperId": "abc", "title": "Cells", "abstract": "x", "externalIds": {"PubMed": "37000001"}},
                     {"paperId": "def", "title": "Rays", "abstract": "x", "externalIds": {"PubMed": "1", "DOI": "10.1/x"}}]}
    digest, _ = write(tmp_path, "s2.json", json.dumps(data))
    assert [e.id for e in digest.entries] == ["PMID:37000001", "10.1/x"]


def test_a_mapping_for_another_export_is_one_note_and_a_missing_path_a_warning(tmp_path):
    # a collection of several exports: collection.yml's fields map one of them; every other file
    # warned once per mapped field at every build
    mapping = {"title": "paper.title", "authors": "paper.authors[].name"}
    _, problems = write(tmp_path, "plain.csv", "title,abstract\nA,x\n", field_map=mapping)
    assert [(p.level, p.message) for p in problems] == [
        ("note", "the field mapping finds none of its 2 paths in this file: it is read as if unmapped "
                 "(the mapping is another export's)")]
    _, problems = write(tmp_path, "half.jsonl", '{"paper": {"title": "A", "abstract": "x"}}\n', field_map=mapping)
    assert [(p.level, "paper.authors[].name" in p.message) for p in problems] == [("warning", True)]


def test_openalex_works_csv_reads_authors_ids_and_subfields(tmp_path):
    """OpenAlex's web export of works as CSV joins a list's values with "|" in columns named by
    their path: its authors were lost and its OpenAlex address, taken as the id, made a second page
    for a paper an arXiv digest has."""
    (first, second, third) = write(tmp_path, "2023-09-21-openalex.csv", (
        "id,doi,title,display_name,publication_date,authorships.author.display_name,"
        "primary_topic.subfield.display_name,primary_location.landing_page_url\n"
        "https://openalex.org/W4386976785,https://doi.org/10.48550/arxiv.2309.11495,Chain-of-Verification,"
        "Chain-of-Verification,2023-09-20,Shehzaad Dhuliawala|Mojtaba Komeili,Artificial Intelligence,"
        "https://arxiv.org/abs/2309.11495\n"
        "https://openalex.org/W1,https://doi.org/10.1103/physrevb.1.1,A journal paper,A journal paper,2021-05-01,"
        "Ann Lee,Condensed Matter Physics,\n"
        "https://openalex.org/W3,,A work without a DOI,A work without a DOI,2020-01-01,Bo Chen,,\n"))[0].entries
    assert (first.authors, first.id, first.url, first.date, first.categories) == (
        ("Shehzaad Dhuliawala", "Mojtaba Komeili"), "2309.11495", "https://arxiv.org/abs/2309.11495", "2023-09-20",
        ("Artificial Intelligence",))
    assert (second.authors, second.id, second.url) == (("Ann Lee",), "10.1103/physrevb.1.1", "https://doi.org/10.1103/physrevb.1.1")
    assert (third.id, third.url) == ("", "https://openalex.org/W3")  # no id from OpenAlex's own address, as from its JSON


def test_feed_reader_exports_feedly_and_inoreader_are_read(tmp_path):
    """Feedly's and Inoreader's exports (Google Reader's stream format) were refused ("abstract must
    be a string, got object"), and mapped by hand they took the reader's item id as the paper's id
    (a second page beside the arXiv one), kept arXiv's "Announce Type" prefix, and the starred state as a category."""
    import json
    feedly = {"id": "user/x/category/global.all", "items": [
        {"id": "abc0", "originId": "oai:arXiv.org:2309.11040v1", "title": "Sparse &amp; Dense Graphs",
         "summary": {"content": "arXiv:2309.11040v1 Announce Type: new \nAbstract: We study <b>graphs</b>.", "direction": "ltr"},
         "author": "Ann Lee, Bo Chen", "published": 1695283200000,
         "alternate": [{"href": "https://arxiv.org/abs/2309.11040", "type": "text/html"}],
         "categories": [{"id": "user/x/category/ML", "label": "ML"}]}]}
    inoreader = {"items": [
        {"id": "tag:google.com,2005:reader/item/0000000000000007", "title": "Dense Graphs", "published": 1695283200,
         "canonical": [{"href": "https://arxiv.org/abs/2309.11041"}], "author": "Cy Kim",
         "summary": {"direction": "ltr", "content": "<p>We study more graphs.</p>"},
         "categories": ["user/1005/state/com.google/reading-list", "user/1005/state/com.google/starred", "user/1005/label/Graphs"]}]}
    (first,) = write(tmp_path, "feedly.json", json.dumps(feedly))[0].entries
    (second,) = write(tmp_path, "inoreader.json", json.dumps(inoreader))[0].entries
    assert (first.title, first.authors, first.id, first.url, first.date, first.categories, first.abstract) == (
        "Sparse & Dense Graphs", ("Ann Lee", "Bo Chen"), "2309.11040", "https://arxiv.org/abs/2309.11040", "2023-09-21",
        ("ML",), "We study graphs.")
    assert (second.id, second.date, second.categories, second.abstract) == ("2309.11041", "2023-09-21", ("Graphs",),
                                                                             "We study more graphs.")


def test_feedparser_tags_and_links_as_arxiv_sanity_keeps_them_are_read(tmp_path):
    # tags [{"term": "cs.IT"}] were lost without a word, and links [{"href": …}] warned "links must be
    # a URL or a list of URLs, got list"
    import json
    record = {"id": "http://arxiv.org/abs/2309.11040v1", "title": "Sparse Graphs", "summary": "We study graphs.",
              "authors": [{"name": "Ann Lee"}], "published": "2023-09-20T17:59:58Z",
              "links": [{"href": "http://arxiv.org/abs/2309.11040v1", "rel": "alternate"},
                        {"href": "https://github.com/lab/sparse", "rel": "related"}],
              "tags": [{"term": "cs.IT", "scheme": "http://arxiv.org/schemas/atom"}, {"term": "math.IT"}]}
    digest, problems = write(tmp_path, "sanity.json", json.dumps([record]))
    (entry,) = digest.entries
    assert problems == [] and entry.categories == ("cs.IT", "math.IT") and entry.id == "2309.11040"
    assert "https://github.com/lab/sparse" in entry.extra_urls


def test_a_daily_arxiv_record_with_abs_and_pdf_links_is_linked_to_its_abstract_page(tmp_path):
    # daily-arXiv generators keep "abs" and "pdf" URLs: the paper's source link was the PDF
    import json
    record = {"id": "2309.10986", "title": "A paper", "summary": "Text.", "authors": ["Ann Lee"],
              "pdf": "https://arxiv.org/pdf/2309.10986", "abs": "https://arxiv.org/abs/2309.10986"}
    (entry,) = write(tmp_path, "daily.jsonl", json.dumps(record) + "\n")[0].entries
    assert entry.url == "https://arxiv.org/abs/2309.10986"


def test_et_al_without_a_space_is_nobody(tmp_path):
    """The daily-arXiv generators (cv-arxiv-daily and its forks) write "Shumon Koga et.al.": the
    first author, not an author named "Koga et.al."; "et. al." is nobody too."""
    digest, problems = write(tmp_path, "list.csv", 'Title,Abstract,Authors\nA,x,Shumon Koga et.al.\n'
                                                   'B,x,"Ann Lee, et. al."\nC,x,"Ann Lee; et.al."\nD,x,Metal Ali\n')
    assert [e.authors for e in digest.entries] == [("Shumon Koga",), ("Ann Lee",), ("Ann Lee",), ("Metal Ali",)]


def test_papers_keyed_by_id_are_read_as_a_list(tmp_path):
    """arxiv-sanity keeps its papers in a table keyed by arXiv id; dumped with ``json.dump`` it is an
    object of feedparser entries: each is a paper at the line where its value starts. A key that is
    an arXiv id or a DOI is the id of a record that gives none."""
    import json
    digest, problems = read("arxiv-sanity-papers.json")
    assert problems == []
    assert [(e.id, e.source.line) for e in digest.entries] == [("2112.12130", 2), ("2405.02019", 93),
                                                                 ("2510.09983", 171)]
    first = digest.entries[0]
    assert first.title == "NICE-SLAM: Neural Implicit Scalable Encoding for SLAM"
    assert first.authors[:2] == ("Zihan Zhu", "Songyou Peng") and first.categories == ("cs.CV",)
    assert first.date == "2021-12-22" and first.url == "http://arxiv.org/abs/2112.12130v2"
    keyed = {"2309.12345": {"title": "A", "abstract": "x"}, "10.1000/XYZ": {"title": "B", "abstract": "y"},
             "note-1": {"title": "C", "abstract": "z"}, "2309.54321": {"title": "D", "abstract": "w", "doi": "10.1145/3580305"}}
    digest, problems = write(tmp_path, "keyed.json", json.dumps(keyed))
    assert [(e.title, e.id) for e in digest.entries] == [("A", "2309.12345"), ("B", "10.1000/xyz"), ("C", ""),
                                                         ("D", "10.1145/3580305")]
    digest, problems = write(tmp_path, "settings.json", json.dumps({"user": {"theme": "dark"}, "tags": {"a": {}}}))
    assert digest.entries == () and "expected a list of papers" in problems[0].message


def test_daily_arxiv_generator_json_reads_its_table_rows():
    """cv-arxiv-daily and its forks keep, for each topic, each paper's Markdown table row by arXiv
    id (their README's tables are made of these rows), written on one line: a paper per id with the
    row's date, title, first author, arXiv link and code link, its topics as categories. The rows
    have no abstracts: a note says where to get them. A fork's further cells of text are not read,
    which a note says (they were lost with no word)."""
    digest, problems = read("cv-arxiv-daily.json")
    assert [(e.id, e.date, e.authors, e.categories, e.extra_urls) for e in digest.entries] == [
        ("2112.12130", "2021-12-22", ("Zihan Zhu",), ("SLAM", "Neural Rendering"), ("https://github.com/cvg/nice-slam",)),
        ("2110.07546", "2021-10-14", ("Shumon Koga",), ("SLAM",), ()),
        ("2308.04079", "2023-08-08", ("Bernhard Kerbl",), ("Neural Rendering",),
         ("https://github.com/graphdeco-inria/gaussian-splatting",))]
    first = digest.entries[0]
    assert first.title == "NICE-SLAM: Neural Implicit Scalable Encoding for SLAM" and first.abstract == ""
    assert digest.entries[1].url == "http://arxiv.org/abs/2110.07546v1"
    assert problems[0].level == "note" and "id_list=" in problems[0].message
    assert (problems[1].level, problems[1].message) == (
        "note", "1 row(s) have further cells of text, which are not read (a fork's comment or summary: "
                "'Accepted to SIGGRAPH 2023')")
    assert {p.message.split(" (")[0] for p in problems[2:]} == {"paper has no abstract"}
    assert [p.level for p in problems[2:]] == ["warning"] * 3


def test_a_daily_arxiv_value_that_is_no_row_is_an_error_at_its_line(tmp_path):
    """A value of a daily-arXiv generator's JSON that is no table row (an emptied one, a number, a
    key given twice, whose first value ``json.loads`` drops but the walk meets) is an error at its
    line; the other rows are read. A config's ``{"sep": "|"}`` is no such file (it was read as papers)."""
    row = "|**2024-01-02**|**Kept**|Ann Lee et.al.|[2401.00002](http://arxiv.org/abs/2401.00002)|null|"
    text = f'{{"T": {{\n"2401.00001": "",\n"2401.00002": "{row}"}},\n"U": 5,\n"U": {{"2401.00003": 7, "2401.00003": "{row}"}}}}'
    digest, problems = write(tmp_path, "rows.json", text)
    assert [e.title for e in digest.entries] == ["Kept", "Kept"]
    errors = [(p.line, p.message) for p in problems if p.level == "error"]
    assert errors == [(2, "paper '2401.00001': expected a Markdown table row (|date|title|first author|arXiv link|…|), got ''"),
                      (4, "topic 'U': expected its papers' table rows by arXiv id, got number"),
                      (5, "paper '2401.00003': expected a Markdown table row (|date|title|first author|arXiv link|…|), got number")]
    digest, problems = write(tmp_path, "keyed.json", '{"2401.00001": 5, "2401.00001": {"title": "A", "abstract": "x"}}')
    assert [e.title for e in digest.entries] == ["A"] and problems[0].message == "paper must be an object, got number"
    digest, problems = write(tmp_path, "settings.json", '{"format": {"sep": "|", "row": "| a | b |"}}')
    assert digest.entries == () and "expected a list of papers" in problems[0].message


def test_a_daily_arxiv_title_with_a_pipe_keeps_its_cells(tmp_path):
    """The daily-arXiv generators write a title's "|" as it is (or a fork as "\\|"): the title was cut
    there, its rest read as the authors and the arXiv link as a code link. The arXiv link's cell says
    where the title ends."""
    import json
    rows = {"2401.00001": "|**2024-01-01**|**P(X|Y) for | all**|Ann Lee et.al.|[2401.00001](http://arxiv.org/abs/2401.00001)|null|\n",
            "2401.00002": "|**2024-01-01**|**The \\|V\\| bound**|Bo Li et.al.|[2401.00002](http://arxiv.org/abs/2401.00002)|"
                          "**[link](https://github.com/a/b)**|\n"}
    digest, problems = write(tmp_path, "daily.json", json.dumps({"T": rows}))
    assert [(e.title, e.authors, e.url, e.extra_urls) for e in digest.entries] == [
        ("P(X|Y) for | all", ("Ann Lee",), "http://arxiv.org/abs/2401.00001", ()),
        ("The |V| bound", ("Bo Li",), "http://arxiv.org/abs/2401.00002", ("https://github.com/a/b",))]
    assert not any("further cells" in p.message for p in problems)  # "null" and a link are no text unread


def test_an_object_wrapping_a_titled_list_is_not_papers_keyed_by_id(tmp_path):
    """An answer wrapped in an object with a title of its own (a search's, a reading list's) was read
    as its list of papers before papers keyed by their ids were read: its papers are still read
    (their titles under another name too, as a field mapping says), not one paper titled "Search
    results". Keys that are ids are papers whatever their lists hold."""
    import json
    docs = [{"title": "P1", "abstract": "a"}, {"title": "P2", "abstract": "b"}]
    digest, problems = write(tmp_path, "answer.json", json.dumps({"response": {"title": "Search results", "docs": docs}}))
    assert [e.title for e in digest.entries] == ["P1", "P2"] and problems == []
    hits = [{"name": "P1", "abstract": "a"}]
    digest, problems = write(tmp_path, "hits.json", json.dumps({"search": {"title": "Export", "hits": hits}}),
                             field_map={"title": "name"})
    assert [e.title for e in digest.entries] == ["P1"]
    links = [{"title": "pdf", "href": "http://arxiv.org/pdf/2401.00001v1"}]
    digest, problems = write(tmp_path, "one.json", json.dumps({"2401.00001": {"title": "A", "summary": "x", "links": links}}))
    assert [(e.id, e.title) for e in digest.entries] == [("2401.00001", "A")]


def test_a_daily_arxiv_generators_web_json_names_the_file_to_read(tmp_path):
    """cv-arxiv-daily writes its papers twice more beside the table rows it is read from: as Markdown
    list items for its web page and WeChat (``cv-arxiv-daily-web.json``). Given that file, the error
    names the one to read."""
    import json
    item = ("- 2021-12-22, **NICE-SLAM**, Zihan Zhu et.al., Paper: [http://arxiv.org/abs/2112.12130]"
            "(http://arxiv.org/abs/2112.12130)\n")
    digest, problems = write(tmp_path, "cv-arxiv-daily-web.json", json.dumps({"SLAM": {"2112.12130": item}}))
    assert digest.entries == () and "read its JSON of table rows, cv-arxiv-daily.json" in problems[0].message


def test_settings_with_titles_are_not_papers_keyed_by_id(tmp_path):
    """A site's settings or translations are objects of objects with titles too: unless the keys
    are ids, a paper keyed so has another of a paper's fields beside its title (they were read as
    papers "Home" and "Accueil", with no error)."""
    import json
    i18n = {"en": {"title": "Home", "theme": "Theme"}, "fr": {"title": "Accueil", "theme": "Thème"}}
    digest, problems = write(tmp_path, "i18n.json", json.dumps(i18n))
    assert digest.entries == () and "expected a list of papers" in problems[0].message
    keyed = {"paper-1": {"title": "A", "summary": "x"}, "paper-2": {"title": "B", "date": "2024-01-02"}}
    assert [e.title for e in write(tmp_path, "keyed.json", json.dumps(keyed))[0].entries] == ["A", "B"]
    titles = {"2401.00001": {"title": "A"}, "10.1000/x": {"title": "B"}}  # ids: titles are enough
    assert [e.title for e in write(tmp_path, "ids.json", json.dumps(titles))[0].entries] == ["A", "B"]


def test_papers_keyed_so_with_one_untitled_are_read_and_its_authors_are_no_papers(tmp_path):
    """Papers keyed by id, or by other keys, where one record has no title but has authors as
    objects: that record is the error, at its line, and the others are read. Its list of authors
    was taken for the file's paper list: the valid paper was lost (even with --skip-invalid) and
    the error named the author's fields."""
    for keys in (("2401.00001", "2401.00002"), ("p1", "p2")):
        text = (f'{{\n"{keys[0]}": {{"title": "A good paper", "abstract": "Some words."}},\n'
                f'"{keys[1]}": {{"abstract": "No title here.", "authors": [{{"name": "Ann Lee"}}]}}\n}}')
        digest, problems = write(tmp_path, "keyed.json", text)
        assert [e.title for e in digest.entries] == ["A good paper"], keys
        errors = [(p.line, p.message.split(" (")[0]) for p in problems if p.level == "error"]
        assert errors == [(3, "paper has no title")], keys
        assert "authors" in [p for p in problems if p.level == "error"][0].message
    digest, problems = write(tmp_path, "counts.json", '{"2401.00001": {"views": 5}, "2401.00002": {"views": 7}}')
    assert digest.entries == () and "expected a list of papers" in problems[0].message  # no paper's fields


ATOM_COMMENT = """<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry>
    <id>http://arxiv.org/abs/2402.09353v6</id>
    <title>DoRA: Weight-Decomposed Low-Rank Adaptation</title>
    <summary>We present DoRA, which decomposes the pre-trained weight into magnitude and direction.</summary>
    <author><name>Shih-Yang Liu</name></author>
    <arxiv:comment>ICML2024(Oral). Code:
  https://github.com/NVlabs/DoRA. Website: https://nbasyl.github.io/DoRA-project-page/ (extends https://arxiv.org/abs/2106.09685)</arxiv:comment>
    <arxiv:journal_ref>ICML 2024</arxiv:journal_ref>
    <category term="cs.CL"/>
  </entry>
</feed>
"""
COMMENT_LINKS = ("https://github.com/NVlabs/DoRA", "https://nbasyl.github.io/DoRA-project-page/")  # (no other paper's)


def test_links_of_a_comment_are_the_paper_s_in_every_reader_of_one(tmp_path):
    """arXiv's comment gives a paper's code or project page ("Code: https://github.com/NVlabs/DoRA")
    that its abstract often does not: the readers ignored <arxiv:comment> and "comments", and the
    links were lost. Each reader of one reads its links (after the record's own), never its text
    as the abstract, and neither a link nor an id of another paper it names (as here)."""
    digest, problems = write(tmp_path, "api.atom", ATOM_COMMENT)
    (entry,) = digest.entries
    assert problems == [] and entry.id == "2402.09353" and "ICML" not in entry.abstract
    assert entry.extra_urls == COMMENT_LINKS
    comment = "ICML2024(Oral). Code: https://github.com/NVlabs/DoRA. Website: " \
              "https://nbasyl.github.io/DoRA-project-page/ (extends https://arxiv.org/abs/2106.09685)"
    kaggle = {"id": "2402.09353", "submitter": "S", "title": "DoRA", "abstract": "We present DoRA.", "comments": comment,
              "authors_parsed": [["Liu", "Shih-Yang", ""]], "versions": [{"created": "Wed, 14 Feb 2024 17:59:34 GMT"}]}
    others = {
        "listing.txt": "arXiv:2402.09353\nTitle: DoRA\nAuthors: Shih-Yang Liu\nComments: ICML2024(Oral). Code:\n"
                       "  https://github.com/NVlabs/DoRA. Website: https://nbasyl.github.io/DoRA-project-page/\n"
                       "  (extends https://arxiv.org/abs/2106.09685)\nSubjects: Computation and Language (cs.CL)\n"
                       "We present DoRA.\n",
        "day.csv": f'paper_id,title,abstract,comments\n2402.09353,DoRA,We present DoRA.,"{comment}"\n',
        "snapshot.json": json.dumps(kaggle) + "\n",
        "oai.xml": '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><metadata>'
                   '<arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>2402.09353</id><title>DoRA</title>'
                   f'<abstract>We present DoRA.</abstract><comments>{escape(comment)}</comments></arXiv>'
                   '</metadata></record></ListRecords></OAI-PMH>\n',
        "refs.bib": "@misc{liu2024dora,\n  title = {DoRA},\n  eprint = {2402.09353},\n  abstract = {We present DoRA.},\n"
                    "  note = {Code: \\url{https://github.com/NVlabs/DoRA}. Website: https://nbasyl.github.io/DoRA-project-page/"
                    " (extends https://arxiv.org/abs/2106.09685)},\n}\n",
    }
    for name, text in others.items():
        digest, problems = write(tmp_path, name, text)
        (entry,) = digest.entries
        assert (name, problems, entry.id, entry.abstract) == (name, [], "2402.09353", "We present DoRA."), problems
        assert (name, entry.extra_urls[-2:]) == (name, COMMENT_LINKS)


def test_a_comment_s_code_and_project_page_are_badges_on_the_paper_s_page_and_its_text_is_not(project):
    from generator.build import build
    from generator.config import load_project

    folder = project({"2024-02-15-api.atom": ATOM_COMMENT})
    build(load_project(folder))
    page = (folder / "site/papers/2402.09353/index.html").read_text()
    assert 'class="ds-badge ds-badge--code" href="https://github.com/NVlabs/DoRA"' in page
    assert 'class="ds-badge ds-badge--project" href="https://nbasyl.github.io/DoRA-project-page/"' in page
    assert "ICML2024" not in page and "Website:" not in page  # the comment is no abstract
    assert "2106.09685" not in page  # the paper it extends is no badge of its own


def test_exports_as_tools_write_them_build_pages_without_markup_and_with_their_links(project):
    """A hand-kept JabRef file (a "%" remark above a title, a field and an entry commented out, a
    title's \\texttt, Mendeley's url of two addresses), a paper Hugging Face's /api/papers/ID gives
    alone, and a Zotero CSL-JSON title in rich text, built into pages: each paper's title as text
    and its code and project links as badges."""
    from generator.build import build
    from generator.config import load_project

    csl = [{"id": "k", "type": "article-journal", "title": "Gut microbes of <i>Drosophila</i>",
            "author": [{"family": "Lee", "given": "Ann"}], "issued": [{"year": "2021", "month": "5"}],
            "abstract": "Flies with microbes.", "DOI": "10.1000/fly.1"}]
    folder = project({"2025-01-23-hf.json": (SOURCES / "hf-paper-2501.12948.json").read_bytes(),
                      "2025-01-24-reading.bib": (SOURCES / "jabref-hand-edited.bib").read_bytes(),
                      "2025-01-25-zotero.json": json.dumps(csl)})
    build(load_project(folder))
    papers = {p["id"]: p for p in json.loads((folder / "site/papers.json").read_text())}
    assert sorted(papers) == ["10.1000/fly.1", "1810.04805", "1910.03771", "2501.12948"]  # no commented-out paper
    assert papers["1910.03771"]["title"] == "The transformers Library: State-of-the-Art NLP in Python"
    assert papers["10.1000/fly.1"]["title_text"] == "Gut microbes of Drosophila" and papers["10.1000/fly.1"]["date"] == "2021-05"
    assert papers["1810.04805"]["source_url"] == "http://arxiv.org/abs/1810.04805"
    badges = {paper: (folder / f"site/papers/{paper}/index.html").read_text() for paper in ("2501.12948", "1810.04805")}
    assert 'class="ds-badge ds-badge--code" href="https://github.com/deepseek-ai/DeepSeek-R1"' in badges["2501.12948"]
    assert 'class="ds-badge ds-badge--project" href="https://www.deepseek.com/"' in badges["2501.12948"]
    assert 'class="ds-badge ds-badge--code" href="https://github.com/google-research/bert"' in badges["1810.04805"]
    page = (folder / "site/papers" / papers["10.1000/fly.1"]["slug"] / "index.html").read_text()
    assert "&lt;i&gt;" not in page and "<i>Drosophila" not in page


def test_publishers_markup_in_ieee_and_scopus_exports_is_text(tmp_path):
    # IEEE Xplore's formulas and Scopus' scripts were shown as tags on the page and in its <title>
    ieee = ('"Document Title","Authors","Abstract","Publication Year","Online Date","DOI"\n'
            '"Fast Sorting in <inline-formula><tex-math notation=""LaTeX"">$O(n\\log n)$</tex-math></inline-formula> Time",'
            '"A. Smith","We sort <inline-formula> <tex-math notation=""LaTeX"">k</tex-math> </inline-formula> keys.",'
            '"2023","18 Feb 2022","10.1109/X.1"\n')
    (entry,) = write(tmp_path, "export2023.csv", ieee)[0].entries
    assert (entry.title, entry.abstract) == ("Fast Sorting in $O(n\\log n)$ Time", "We sort $k$ keys.")
    assert entry.date == "2023"  # its volume's year, as it is cited; not the day it went online (2022)
    scopus = ('Authors,Author full names,Title,Year,Abstract,EID\n'
              '"Zhang Y.","Zhang, Yu (1)","Reduction of CO<inf>2</inf> on Cu<sup>+</sup> sites",2023,'
              '"At 10 mA cm<sup>-2</sup>. We reduce CO<inf>2</inf> to ethylene. © 2023 American Chemical Society.",2-s2.0-1\n')
    (entry,) = write(tmp_path, "scopus.csv", scopus)[0].entries
    assert entry.title == "Reduction of CO₂ on Cu⁺ sites"
    assert entry.abstract == "At 10 mA cm⁻². We reduce CO₂ to ethylene. © 2023 American Chemical Society."
    generic = write(tmp_path, "sheet.csv", 'title,abstract\n"CO<sub>2</sub> <inf>x</inf>",a\n')[0].entries
    assert generic[0].title == "CO<sub>2</sub> <inf>x</inf>"  # another table's tags are its text


def test_pubmed_short_names_are_given_names_first_and_a_two_year_issue_its_first_year(tmp_path):
    nbib = ("PMID- 36000001\nTI  - A title.\nAB  - An abstract.\nAU  - Smith JA\nAU  - van der Berg P\n"
            "AU  - Lee S Jr\nDP  - 2023 Dec-2024 Jan\n")
    (entry,) = write(tmp_path, "pubmed.nbib", nbib)[0].entries
    assert (entry.authors, entry.date) == (("JA Smith", "P van der Berg", "S Lee Jr"), "2023")  # (was 2024-12)
    table = ('PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,PMCID,NIHMS ID,DOI\n'
             '36000003,Transformers for ECG.,"Lee S, Kim J, van der Berg P.",Sensors. 2023;23(2):600.,Lee S,Sensors,'
             '2023,2023/01/14,,,10.3390/s23020600\n')
    (entry,) = write(tmp_path, "csv-Transforme-set.csv", table)[0].entries
    assert entry.authors == ("S Lee", "J Kim", "P van der Berg")
    assert entry.url == "https://pubmed.ncbi.nlm.nih.gov/36000003/"


def test_crossref_and_csl_titles_without_tags_have_their_entities_read_too(tmp_path):
    # "Questions &amp; Answers" was shown as written, "&amp;" on the page and "\&amp;" in BibTeX
    import json
    crossref = {"message": {"items": [{"DOI": "10.1/x", "type": "journal-article", "title": ["Questions &amp; Answers: R&amp;D"],
                                       "author": [{"given": "Jane", "family": "Doe"}]}]}}
    (entry,) = write(tmp_path, "crossref.json", json.dumps(crossref))[0].entries
    assert entry.title == "Questions & Answers: R&D"
    csl = [{"id": "a", "type": "article-journal", "title": "3 &lt; 5 &amp; AT&T &copy", "abstract": "An abstract.",
            "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2024]]}}]
    (entry,) = write(tmp_path, "zotero.json", json.dumps(csl))[0].entries
    assert entry.title == "3 < 5 & AT&T &copy"  # (an entity's semicolon marks it: "&copy" alone is text)


def test_a_title_mapped_in_nested_records_names_what_else_they_hold(tmp_path):
    # the README's "a note lists those the records hold beside the mapped title" said nothing of
    # record.text, record.people, record.ids and record.when: the authors, abstract, id and date were lost
    digest, problems = read("lab-export-nested.jsonl", {"title": "record.headline"})
    (note,) = [p for p in problems if p.level == "note"]
    assert ("beside the mapped title the records hold record.text, record.people, record.ids, record.when, which no "
            "field reads") in note.message and "NAME: authors, abstract, date or id" in note.message
    digest, problems = read("lab-export-nested.jsonl", NESTED)
    assert not [p for p in problems if p.level == "note"]  # all mapped: nothing to say
