"""Rendering pages: relative URLs, front matter that round-trips, escaped bodies."""

from __future__ import annotations

import re
from html import unescape as html_unescape
from dataclasses import replace

import pytest

import frontmatter
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

from conftest import ROOT
from generator import render, texmath
from generator.config import Settings
from generator.model import Digest, Entry, Link, Paper, Source, Topic, TopicMatch


def paper(**kw) -> Paper:
    base = Paper(key="k", slug="p-1", title="GA-S$^3$ <b>bold</b>", abstract="Line one.\n\nLine {{ two }} ---",
                 source=Source("d.txt", 1), title_text="GA-S³ <b>bold</b>", digests=("2024-01-01-a",),
                 links=(Link("https://github.com/a/b", "code"),), topics=(TopicMatch("t", 0.5, ("x",)),))
    return replace(base, **kw)


def pages(*papers: Paper, directory_urls: bool = True, topics: tuple[Topic, ...] = (Topic("t", "T <i>", "About T"),)
          ) -> dict[str, str]:
    papers = tuple(replace(p, title_html=p.title_html or texmath.to_html(p.title),  # as enrich makes them
                           abstract_html=p.abstract_html or texmath.to_html(p.abstract)) for p in papers)
    collection = render.Collection(
        site_name="S & S", settings=Settings(), papers=papers,
        topics=topics, digests=(Digest("2024-01-01-a", "x", "2024-01-01", ()),))
    env = render.environment(ROOT / "site_templates")
    return dict(render.render_pages(collection, env, directory_urls))


def test_relative_urls_with_directory_urls():
    u = render.Urls("papers/x.md", True)
    assert (u.page("index.md"), u.paper("y"), u.topic("t"), u.file("papers.json")) == (
        "../../", "../y/", "../../topics/t/", "../../papers.json")
    assert (u.paper("x"), render.Urls("topics/t/2.md", True).topic("t"), render.Urls("index.md", True).paper("y"),
            render.Urls("topics/t.md", True).page("topics/index.md")) == ("../x/", "../", "papers/y/", "../")


def test_relative_urls_without_directory_urls():
    u = render.Urls("papers/x.md", False)
    assert (u.page("index.md"), u.paper("y"), u.page("topics/index.md")) == ("../index.html", "y.html", "../topics/index.html")


def test_page_urls_are_those_mkdocs_gives():
    names = ["index.md", "papers/2501.00001.md", "papers/a-b_c.md", "papers/x..md", "papers/index.md", "topics/t/2.md",
             "digests/README.md", "digests/Readme.md", "digests/2024 01 a.md", "digests/é.md", "digests/.x.md",
             "digests/index.md", "digests/-x.md", "a/b/c.md", "papers/x.markdown"]
    for name in names:
        for directory_urls in (True, False):
            url = File(name, None, None, directory_urls).url
            assert render.page_url(name, directory_urls) == ("" if url == "./" else url), (name, directory_urls)


def test_site_has_every_kind_of_page():
    assert sorted(pages(paper())) == ["archive.md", "digests/2024-01-01-a.md", "index.md", "papers/p-1.md",
                                      "search.md", "topics/index.md", "topics/t.md"]


def test_front_matter_round_trips_verbatim():
    p = paper(title="title: #x\n---\n- &a !!python/object", abstract="...\n---\nabstract")
    text = pages(p)["papers/p-1.md"]
    post = frontmatter.loads(text)
    assert post["paper"]["title"] == p.title and post["paper"]["abstract"] == p.abstract
    _, meta = get_data(text)  # what MkDocs itself reads
    assert meta["paper"]["title"] == p.title and meta["title"] == "GA-S³ &lt;b&gt;bold&lt;/b&gt;"


def test_body_is_one_escaped_html_block():
    body = pages(paper())["papers/p-1.md"].split("---\n", 2)[2].strip()
    assert body.startswith('<article class="ds-paper">') and body.rstrip().endswith("</article>")
    assert "\n\n" not in body.strip()
    assert "Line one.&#10;&#10;Line {{ two }} ---" in body
    assert "&lt;b&gt;bold&lt;/b&gt;" in body and "<b>" not in body
    assert 'href="https://github.com/a/b"' in body
    assert "T &lt;i&gt;" in body


def test_missing_abstract_is_said():
    assert "The digest gave no abstract" in pages(paper(abstract=""))["papers/p-1.md"]


def test_a_consortiums_authors_are_folded_on_its_page():
    many = tuple(f"<A{i}>" for i in range(3000))
    page = pages(paper(authors=many))["papers/p-1.md"]
    shown = page.split('class="ds-paper__authors">')[1].split("</p>")[0]
    assert shown == ", ".join(f"&lt;A{i}&gt;" for i in range(10)) + " and 2,990 more"
    assert "<summary>All 3,000 authors</summary>" in page and "&lt;A2999&gt;" in page
    few = pages(paper(authors=many[:15]))["papers/p-1.md"]  # a few more than 10 are all shown
    assert "<details" not in few and "&lt;A14&gt;</p>" in few


def test_authors_a_source_cut_short_end_in_et_al_on_the_page_and_its_cards():
    """A record's "Ann Lee, Bo Chen, et al." (Paper.et_al): the page named two authors as if they
    were all, and a citation copied from it was wrong."""
    site = pages(paper(authors=("Ann <Lee>", "Bo Chen"), et_al=True))
    assert '<p class="ds-paper__authors">Ann &lt;Lee&gt;, Bo Chen et al.</p>' in site["papers/p-1.md"]
    assert "<span>Ann &lt;Lee&gt;, Bo Chen et al.</span>" in site["digests/2024-01-01-a.md"]
    whole = pages(paper(authors=("Ann Lee", "Bo Chen")))
    assert "Bo Chen</p>" in whole["papers/p-1.md"] and "<span>Ann Lee, Bo Chen</span>" in whole["digests/2024-01-01-a.md"]
    many = pages(paper(authors=tuple(f"A{i}" for i in range(30)), et_al=True))["papers/p-1.md"]
    assert " and 20 more et al.</p>" in many and "<summary>The 30 authors named</summary>" in many and "A29 et al.</p>" in many


@pytest.mark.parametrize("names", [render.short_authors, render.card_authors])
def test_cards_name_three_authors_then_et_al(names):
    assert names(("A", "B", "C", "D")) == "A, B, C, D"
    assert names(("A", "B", "C", "D", "E")) == "A, B, C et al."
    assert names(()) == ""
    assert names(("A", "B"), True) == "A, B et al."  # a list its source cut short
    assert names(("A", "B", "C", "D", "E"), True) == "A, B, C et al."


def test_bidi_holds_every_character_that_can_reorder_the_text_beside_it():
    """render.BIDI is ranges of code points (a lookup per character of every name was slower): it
    must hold each of bidi classes R, AL and AN and each explicit embedding, override and isolate,
    and no left-to-right letter (a <bdi> there is bytes for nothing)."""
    import sys
    import unicodedata
    moving = {"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
    kinds = {c: unicodedata.bidirectional(chr(c)) for c in range(sys.maxunicode + 1)}
    assert [hex(c) for c, kind in kinds.items() if kind in moving and not render.BIDI.match(chr(c))] == []
    assert [hex(c) for c, kind in kinds.items() if kind == "L" and render.BIDI.match(chr(c))] == []


@pytest.mark.parametrize("name, shown", [("Ann Lee", "Ann Lee"), ("A & <b>", "A &amp; &lt;b&gt;"),
                                         ("Ann\u202e", "<bdi>Ann\u202e</bdi>"), ("سارة\n", "<bdi>سارة&#10;</bdi>"),
                                         ("שרה <i>", "<bdi>שרה &lt;i&gt;</bdi>"), ("x\u2067y", "<bdi>x\u2067y</bdi>")])
def test_a_name_that_can_reorder_its_neighbours_is_isolated_and_escaped(name, shown):
    assert render.isolated(name) == shown


def test_each_name_of_a_list_that_can_reorder_the_rest_has_a_bdi_and_others_none():
    """An author ending in an unclosed right-to-left override reversed the names after it, and a
    card's date; an Arabic or Hebrew one pulled the commas and names beside it in. A pager's title
    reversed its "→", a category the categories after it, a matched term the terms after it."""
    rtl = ("Ann Lee", "Bo\u202e", "سارة أحمد", "Cy Ng", "דנה", "Di Wu")
    first = paper(key="a", slug="a", title="عنوان الورقة", title_text="عنوان الورقة", authors=rtl,
                  categories=("cs.LG", "تعلم\u202e", "cs.AI"), topics=(TopicMatch("t", 0.5, ("x\u202e", "שלום", "y")),))
    second = paper(key="b", slug="b", title="Second \u202eTitle", title_text="Second \u202eTitle", authors=rtl[:1])
    site = pages(first, second)
    isolated = "Ann Lee, <bdi>Bo\u202e</bdi>, <bdi>سارة أحمد</bdi>, Cy Ng, <bdi>דנה</bdi>, Di Wu"
    assert f'<p class="ds-paper__authors">{isolated}</p>' in site["papers/a.md"]
    assert " · Machine Learning (cs.LG); <bdi>تعلم\u202e</bdi>; Artificial Intelligence (cs.AI)</p>" in site["papers/a.md"]
    assert "<span>matched x\u202e, שלום, y</span>" not in site["papers/a.md"]
    assert "<span>matched <bdi>x\u202e</bdi>, <bdi>שלום</bdi>, y</span>" in site["papers/a.md"]
    assert '<a rel="next" href="../b/"><bdi>Second \u202eTitle</bdi>\xa0→</a>' in site["papers/a.md"]
    assert '<a rel="prev" href="../a/" lang="ar">←\xa0<bdi>عنوان الورقة</bdi></a>' in site["papers/b.md"]
    arabic = pages(replace(first, authors=("سارة", "Bo\u202e", "דנה")))["papers/a.md"]  # its first name sets its direction
    assert '<p class="ds-paper__authors" lang="ar">سارة, <bdi>Bo\u202e</bdi>, <bdi>דנה</bdi></p>' in arabic
    digest = site["digests/2024-01-01-a.md"]
    assert "<span>Ann Lee, <bdi>Bo\u202e</bdi>, <bdi>سارة أحمد</bdi> et al.</span>" in digest
    assert "<span>Ann Lee</span>" in digest  # (a card's title and author span: digest-site.css isolates them)


def test_badges_one_per_kind_and_the_arxiv_pdf():
    p = paper(id="2309.10986", links=(Link("https://github.com/a/b", "code"), Link("https://colab.research.google.com/x", "notebook"),
                                      Link("https://youtu.be/x", "video"), Link("https://x.org/", "project")))
    assert [(b.kind, b.url) for b in render.badges(p)] == [
        ("code", "https://github.com/a/b"), ("project", "https://x.org/"), ("video", "https://youtu.be/x"),
        ("pdf", "https://arxiv.org/pdf/2309.10986")]
    assert render.badges(paper(id="not-arxiv", links=())) == []


def test_links_no_badge_shows_and_the_abstract_does_not_link_are_listed_on_the_page():
    """A badge is the first link of its kind: a second repository named in an arXiv comment, or a
    record's list of links, was only in papers.json."""
    links = (Link("https://github.com/a/b", "code"), Link("https://github.com/c/d?x=1&y=2", "code"),
             Link("https://x.org/", "project"), Link("https://github.com/in/abstract", "code"),
             Link("https://arxiv.org/pdf/2309.10986v2", "paper"), Link("https://github.com/c/d?x=1&y=2", "code"))
    p = paper(id="2309.10986", slug="2309.10986", abstract="Code at https://github.com/in/abstract.", links=links)
    assert [b.url for b in render.other_links(p)] == ["https://github.com/c/d?x=1&y=2"]  # once; not the own PDF
    page = pages(p)["papers/2309.10986.md"]
    assert ('<p class="ds-paper__more-links">Also: <a href="https://github.com/c/d?x=1&amp;y=2" rel="nofollow noreferrer">'
            "github.com/c/d?x=1&amp;y=2</a></p>") in page
    assert "ds-paper__more-links" not in pages(paper(links=links[:1]))["papers/p-1.md"]
    doi = "http://dx.doi.org/10.1000/xyz"  # linked by the abstract as written, though its badge is doi.org's
    first = Link("https://doi.org/10.1000/first", "paper")  # the DOI badge's
    assert render.other_links(paper(abstract=f"See {doi}.", links=(first, Link(doi, "paper")))) == []


def test_a_doi_the_record_links_is_one_badge_whatever_its_case():
    doi = "https://doi.org/10.1103/PhysRevD.76.013009"
    page = pages(paper(id="0704.0001", slug="0704.0001", links=(Link(doi, "paper"),), extra_urls=(doi,)))[
        "papers/0704.0001.md"]
    assert page.count("doi.org</span>") == 1 and f'href="{doi}"' in page  # not again as 10.1103/physrevd…
    assert 'href="https://arxiv.org/pdf/0704.0001"' in page


@pytest.mark.parametrize("url, label", [
    ("https://doi.org/10.1038/s41586-021-03819-2", "DOI"), ("https://arxiv.org/pdf/2309.10986v2", "PDF"),
    ("https://openreview.net/pdf?id=abc", "PDF"), ("https://aclanthology.org/2024.acl-long.1.pdf", "PDF"),
    ("https://arxiv.org/abs/2309.10986", "Paper"), ("https://huggingface.co/papers/2309.10986", "Paper"),
])
def test_a_paper_link_is_named_for_what_it_opens(url, label):
    # a DOI or an abstract page is not a PDF (a Crossref record's DOI link read "PDF")
    (badge,) = render.badges(paper(id="10.1/x", links=(Link(url, "paper"),)))
    assert (badge.kind, badge.label, badge.url) == ("doi" if label == "DOI" else "pdf", label, url)


def test_a_doi_link_through_dx_doi_org_is_one_badge_with_the_ids():
    doi = "http://dx.doi.org/10.1103/PhysRevD.108.052001"  # as arXiv's Atom gives a published version's DOI
    page = pages(paper(id="2405.01234", slug="2405.01234", links=(Link(doi, "paper"),), extra_urls=(doi,)))[
        "papers/2405.01234.md"]
    assert page.count("ds-badge--doi") == 1 and 'href="https://doi.org/10.1103/PhysRevD.108.052001"' in page


def test_a_sici_doi_link_a_feed_gives_is_one_whole_badge():
    """arXiv's Atom gives the published version's DOI as a link holding "<" and ">" (XML's "&lt;"): it
    was cut at the "<", a second DOI badge leading nowhere beside the id's."""
    from generator.enrich import enrich
    doi = "http://dx.doi.org/10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O"
    p = enrich(paper(id="2405.01234", slug="2405.01234", abstract="A.", links=(), extra_urls=(doi,)))
    page = pages(p)["papers/2405.01234.md"]
    assert page.count("ds-badge--doi") == 1
    assert 'href="https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-O"' in page


def test_a_link_to_the_papers_own_arxiv_pdf_or_page_is_no_second_badge():
    # an arXiv API entry links its PDF as http://arxiv.org/pdf/ID v1; the id gives https://arxiv.org/pdf/ID
    for url in ("http://arxiv.org/pdf/2405.02288v1", "https://arxiv.org/abs/2405.02288v2"):
        p = paper(id="2405.02288", slug="2405.02288", links=(Link(url, "paper"),), extra_urls=(url,))
        assert [(b.kind, b.url) for b in render.badges(p)] == [("pdf", "https://arxiv.org/pdf/2405.02288")]
        page = pages(p)["papers/2405.02288.md"]
        assert page.count("ds-badge--pdf") == 1 and page.count("ds-badge--arxiv") == 1


@pytest.mark.parametrize("markup, expected", [
    ("See https://x.org/a.", 'See <a href="https://x.org/a" rel="nofollow noreferrer">https://x.org/a</a>.'),
    ("(code: https://github.com/a/b)", '(code: <a href="https://github.com/a/b" rel="nofollow noreferrer">'
                                       'https://github.com/a/b</a>)'),
    ("q https://x.org/?a=1&amp;b=2 end", 'q <a href="https://x.org/?a=1&amp;b=2" rel="nofollow noreferrer">'
                                         'https://x.org/?a=1&amp;b=2</a> end'),
    ("&#39;https://x.org/a&#39;", '&#39;<a href="https://x.org/a" rel="nofollow noreferrer">https://x.org/a</a>&#39;'),
    ("javascript:alert(1) and http://", "javascript:alert(1) and http://"),
    ('<math><mi>https://x.org</mi></math> https://y.org', '<math><mi>https://x.org</mi></math> '
                                                          '<a href="https://y.org" rel="nofollow noreferrer">https://y.org</a>'),
])
def test_urls_in_an_abstract_become_links(markup, expected):
    assert render.linkify(markup) == expected


def test_the_abstract_on_the_page_links_its_urls():
    body = pages(paper(abstract="Code at https://github.com/a/b."))["papers/p-1.md"]
    assert 'Code at <a href="https://github.com/a/b" rel="nofollow noreferrer">https://github.com/a/b</a>.' in body


def test_cards_leave_out_what_their_page_says_once():
    """A paper has a card in several listings: on its topic's page the card has no chip of that
    topic, and "New" and the date are not explained again on every card."""
    both = paper(topics=(TopicMatch("t", 0.5), TopicMatch("u", 0.4)))
    site = pages(both, topics=(Topic("t", "T", "About T"), Topic("u", "U", "About U")))
    topic_page, digest_page = site["topics/t.md"], site["digests/2024-01-01-a.md"]
    assert 'href="../t/"' not in topic_page.split('<ol class="ds-cards">')[1]
    assert 'href="../u/"' in topic_page  # its other topics still are
    assert digest_page.count('href="../../topics/t/"') == 1
    assert '<span class="ds-new">New</span>' in digest_page and "1 new (first seen in this digest)" in digest_page
    assert '<time>2024-01-01</time>' in digest_page


def test_cards_name_at_most_three_other_topics_and_no_pdf_badge():
    """A card's chips are the paper's best three topics that its page is not about (on a subtopic's
    page, neither the subtopic nor its parent), a subtopic only on its topic's pages (a digest's
    page names its papers' topics, not "Other papers in T" beside T); its badges leave the PDF to
    the paper's page, which names the three strongest matched terms of each topic."""
    topics = (Topic("t", "T", "About T"), Topic("s", "S", "About S", parent="t"),
              *(Topic(slug, slug.upper(), "About") for slug in "uvwx"))
    many = paper(id="2309.10986", topics=tuple(TopicMatch(slug, 0.9 - i / 10, ("a", "b", "c", "d <e>"))
                                                for i, slug in enumerate("stuvwx")))
    site = pages(many, topics=topics)

    def chips(page: str) -> list[str]:
        (tags,) = re.findall(r'<p class="ds-tags">(.*?)</p>', page.split('<ol class="ds-cards">')[1])
        assert "ds-badge--pdf" not in tags and "arxiv.org/pdf" not in tags
        assert 'class="ds-badge ds-badge--code" href="https://github.com/a/b"' in tags
        return re.findall(r'<a href="[^"]*?([^/"]+)/">', tags)

    assert chips(site["digests/2024-01-01-a.md"]) == ["t", "u", "v"]
    assert chips(site["index.md"]) == ["t", "u", "v"]
    assert chips(site["topics/t.md"]) == ["s", "u", "v"]
    assert chips(site["topics/s.md"]) == ["u", "v", "w"]
    paper_page = site["papers/p-1.md"]
    assert 'href="https://arxiv.org/pdf/2309.10986"' in paper_page  # the PDF stays on the paper's page
    assert paper_page.count("<span>matched a, b, c</span>") == 6 and "d &lt;e&gt;" not in paper_page


def test_card_summaries_and_pager_titles_stop_at_a_word_break():
    """Cards hold a summary of at most 200 characters and the paper pager titles of at most 60,
    cut at the last word break with "…"; the text up to the cut is the paper's own, escaped."""
    summary = "A <b>&amp;</b> {{ x }} " + " ".join(f"word{i}" for i in range(60))  # 400 characters
    title = "Tiles & <i>Titles</i>: " + " ".join(f"t{i}" for i in range(40))
    first = paper(key="a", slug="a", summary=summary, title=title, title_text=title)
    second = paper(key="b", slug="b", summary="Short & whole.", title="Second", title_text="Second")
    site = pages(first, second)
    (cut, whole) = re.findall(r"</p><p>(.*?)</p>", site["digests/2024-01-01-a.md"].split('<ol class="ds-cards">')[1])
    assert whole == "Short &amp; whole."
    shown = html_unescape(cut)
    assert shown.endswith("…") and len(shown) <= 200 and summary.startswith(shown[:-1]) and summary[len(shown) - 1] == " "
    assert cut.startswith("A &lt;b&gt;&amp;amp;&lt;/b&gt; {{ x }} word0")
    (prev,) = re.findall(r'<a rel="prev" href="../a/">←\xa0(.*?)</a>', site["papers/b.md"])
    shown = html_unescape(prev)
    assert shown.endswith("…") and len(shown) <= 60 and title.startswith(shown[:-1]) and title[len(shown) - 1] == " "
    assert prev.startswith("Tiles &amp; &lt;i&gt;Titles&lt;/i&gt;: t0")
    assert '<a rel="next" href="../b/">Second\xa0→</a>' in site["papers/a.md"]


@pytest.mark.parametrize("sort, expected", [("digest", ["Known", "New b", "New a", "Of a year", "Of its first day"]),
                                            ("date", ["New b", "New a", "Known", "Of a year", "Of its first day"]),
                                            ("title", ["Known", "New a", "New b", "Of a year", "Of its first day"])])
def test_a_digest_page_lists_its_papers_in_the_files_order_or_by_date_or_title(sort, expected):
    # "Known" (first seen in an older digest) is the file's first record: it was listed after the new ones.
    # By date, an undated paper sorts by the date its card shows, its first digest's ("New b" and
    # "Known" were listed last, under "2024-02-01" and "2024-01-01"), and a year alone as its first
    # day (the three of 2024-01-01 tied: the file's order), as search sorts them
    from generator.collect import collect

    older = Digest("2024-01-01-a", "a.txt", "2024-01-01", (Entry("Known", "x", Source("a.txt", 1)),))
    newer = Digest("2024-02-01-b", "b.txt", "2024-02-01", (
        Entry("Known", "x", Source("b.txt", 1)), Entry("New b", "y", Source("b.txt", 2)),
        Entry("New a", "z", Source("b.txt", 3), date="2024-01-31"),
        Entry("Of a year", "w", Source("b.txt", 4), date="2024"),
        Entry("Of its first day", "v", Source("b.txt", 5), date="2024-01-01")))
    papers, _ = collect([older, newer])
    papers = [replace(p, title_text=p.title) for p in papers]
    dates = {d.name: d.date for d in (older, newer)}
    assert [p.title for p in render.digest_order(papers, "2024-02-01-b", sort, dates)] == expected


def test_a_topic_without_papers_is_listed_apart_on_the_topics_page_and_not_on_home():
    # a curated topic no paper matches (strict include filters): it listed "0 papers" beside the others
    shown = pages(paper(), topics=(Topic("t", "Tee", "About T"), Topic("empty", "Nobody", "No paper yet")))
    index = shown["topics/index.md"]
    assert index.count("<dt>") == 1 and "Tee</a>" in index.split("</dl>")[0] and "Nobody" not in index.split("</dl>")[0]
    assert 'No papers yet: <a href="../topics/empty/">Nobody</a></p>' in index
    assert "Nobody" not in shown["index.md"] and "topics/empty.md" in shown  # its page stays (its URL too)


def test_a_site_without_topics_shows_no_empty_topic_list():
    # a new collection built before its first digest: the home page showed a "Topics" heading over
    # an empty list, and the topics page an empty list alone
    collection = render.Collection(site_name="S", settings=Settings(), papers=(), topics=(), digests=())
    shown = dict(render.render_pages(collection, render.environment(ROOT / "site_templates"), True))
    assert "<h2>Topics</h2>" not in shown["index.md"] and "ds-topics" not in shown["index.md"]
    assert "0 papers" in shown["index.md"] and "0 topics" in shown["index.md"]
    assert "<dl" not in shown["topics/index.md"]
    assert '<p class="ds-topic-index__empty">No topics yet.</p>' in shown["topics/index.md"]
    # with topics, both list them as before
    shown = pages(paper(), topics=(Topic("t", "Tee", "About T"),))
    assert '<h2>Topics</h2>\n<ul class="ds-topics">\n<li><a href="topics/t/">Tee</a>' in shown["index.md"]
    assert "No topics yet" not in shown["topics/index.md"] and shown["topics/index.md"].count("<dt>") == 1


def test_the_archive_lists_digests_by_month_with_a_link_to_each_year():
    digests = tuple(Digest(name, "x", name[:10], ()) for name in
                    ("2025-01-02-c", "2024-12-30-b", "2024-12-01-a", "2024-05-06-old"))
    collection = render.Collection(site_name="S", settings=Settings(), papers=(), topics=(), digests=digests)
    archive = dict(render.render_pages(collection, render.environment(ROOT / "site_templates"), True))["archive.md"]
    headings = re.findall(r'<h2 id="([^"]+)">([^<]+)<span class="ds-count">([^<]+)</span>', archive)
    assert headings == [("m-2025-01", "January 2025 ", "1 digest"), ("m-2024-12", "December 2024 ", "2 digests"),
                        ("m-2024-05", "May 2024 ", "1 digest")]
    assert re.findall(r'<a class="ds-archive__year" href="#([^"]+)">(\d{4})</a>', archive) == [
        ("m-2025-01", "2025"), ("m-2024-12", "2024")]
    # three years of daily digests are 1,100 rows: last March's are one link away, beside their year
    rows = re.findall(r"<p>(.*?)</p>", archive.split('aria-label="Years and months">')[1].split("</nav>")[0])
    assert [re.findall(r'href="#([^"]+)"(?: aria-label="([^"]+)")?>(\w+)<', row) for row in rows] == [
        [("m-2025-01", "", "2025"), ("m-2025-01", "Jan 2025", "Jan")],
        [("m-2024-12", "", "2024"), ("m-2024-12", "Dec 2024", "Dec"), ("m-2024-05", "May 2024", "May")]]
    assert archive.index("2024-12-30-b") < archive.index("2024-12-01-a") < archive.index('id="m-2024-05"')
    assert render.archive_months((Digest("x", "x", "", ()),))[0].label == "Undated"


def test_a_digest_page_links_the_digests_before_and_after_it():
    # a daily reader went back to the archive (1,100 rows after three years) for the next day's digest
    names = ("2024-05-08-c", "2024-05-07-b", "2024-05-06-a")  # newest first, as the collection holds them
    collection = render.Collection(site_name="S", settings=Settings(), papers=(), topics=(),
                                   digests=tuple(Digest(name, "x", name[:10], ()) for name in names))
    pages = dict(render.render_pages(collection, render.environment(ROOT / "site_templates"), True))

    def links(name):
        nav = re.search(r'<nav class="ds-pager ds-pager--digest".*?</nav>', pages[f"digests/{name}.md"], re.S)
        return re.findall(r'<a class="ds-pager__(\w+)" href="([^"]+)">([^<]+)</a>', nav.group(0)) if nav else []

    assert links("2024-05-07-b") == [("older", "../2024-05-06-a/", "←\xa02024-05-06 · a"),
                                     ("newer", "../2024-05-08-c/", "2024-05-08 · c\xa0→")]
    assert [link[0] for link in links("2024-05-08-c")] == ["older"]
    assert [link[0] for link in links("2024-05-06-a")] == ["newer"]
    alone = replace(collection, digests=collection.digests[:1])
    assert "ds-pager--digest" not in dict(render.render_pages(alone, render.environment(ROOT / "site_templates"),
                                                              True))["digests/2024-05-08-c.md"]


def test_the_home_page_links_the_digests_before_the_latest():
    # a weekly reader found only the latest digest on the home page, the rest through the archive
    names = [f"2024-05-{day:02d}-d" for day in range(20, 10, -1)]  # newest first, as the collection holds them
    collection = render.Collection(site_name="S", settings=Settings(), papers=(), topics=(),
                                   digests=tuple(Digest(name, "x", name[:10], ()) for name in names))
    home = dict(render.render_pages(collection, render.environment(ROOT / "site_templates"), True))["index.md"]
    earlier = re.search(r'<p class="ds-home__earlier">(.*?)</p>', home).group(1)
    assert re.findall(r'href="([^"]+)"', earlier) == [f"digests/{name}/" for name in names[1:7]] + ["archive/"]
    assert "all 10 digests" in earlier
    # commas between them: a digest's title holds " · " ("2024-05-19 · d"), which read as two digests
    assert re.sub(r"<[^>]+>", "", earlier).startswith("Earlier digests: 2024-05-19 · d, 2024-05-18 · d, ") and "; <a" in earlier
    alone = replace(collection, digests=collection.digests[:1])
    assert "ds-home__earlier" not in dict(render.render_pages(alone, render.environment(ROOT / "site_templates"),
                                                              True))["index.md"]


def test_the_archive_takes_a_digest_dated_by_a_year_alone():
    # a digest whose name has no date is dated by its newest paper, which a BibTeX file dates by
    # its year alone: the archive made the build fail ("invalid literal for int()")
    digests = (Digest("2024-05-06-new", "x", "2024-05-06", ()), Digest("reading-list", "x", "2019", ()))
    assert [(m.anchor, m.label, m.year, m.short) for m in render.archive_months(digests)] == [
        ("m-2024-05", "May 2024", "2024", "May"), ("m-2019", "2019", "2019", "")]


def test_a_title_opening_a_bidi_override_is_isolated_in_the_window_title():
    # "… RTL \u202e title" ran on into the site's own " - Site name" in the <title>, reversed
    from generator.render import page_meta
    assert page_meta("RTL \u202e title", "")["title"] == "\u2068RTL \u202e title\u2069"
    assert page_meta("עברית <b>", "")["title"] == "עברית &lt;b&gt;"  # right-to-left letters alone: as they are
