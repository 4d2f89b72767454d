"""BibTeX entries: valid for a real BibTeX parser (pybtex), escaped, TeX kept, stable keys."""

from __future__ import annotations

import gzip

from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from generator.bibtex import bib_files, entry, escape, suffix
from generator.model import Paper, Source


def paper(**fields) -> Paper:
    base = {"key": "title:x", "slug": "x-1234abcd", "title": "A title", "abstract": "", "source": Source("d.txt", 1)}
    return Paper(**{**base, **fields})


def parsed(text: str):
    return parse_string(text, "bibtex").entries


def test_an_arxiv_paper_with_tex_and_specials():
    p = paper(slug="2309.10986", id="2309.10986", title="GA-S$^3$: 50% of {R&D} #1 a_b ~c",
              authors=("Ann Lee", "Bo Chen"), date="2023-09-21", categories=("Robotics (cs.RO)",))
    found = parsed(entry(p))["2309.10986"]
    assert found.type == "misc"
    assert found.fields["title"] == r"{GA-S$^3$: 50\% of \{R\&D\} \#1 a\_b \textasciitilde{}c}"
    assert [str(a) for a in found.persons["author"]] == ["Lee, Ann", "Chen, Bo"]
    assert found.fields["eprint"] == "2309.10986" and found.fields["archiveprefix"] == "arXiv"
    assert found.fields["primaryclass"] == "cs.RO" and found.fields["year"] == "2023"


def test_a_title_in_tex_is_cited_as_its_page_reads_it():
    # arXiv's titles are TeX: "Erd\\H{o}s" was escaped as it stood, and a reference manager showed "Erd\\H\\{o\\}s"
    p = paper(slug="2309.10950", id="2309.10950", title=r"Sets of Erd\H{o}s type -- $x^2$ in 90\% of \emph{cases}")
    found = parsed(entry(p))["2309.10950"]
    assert found.fields["title"] == r"{Sets of Erdős type – $x^2$ in 90\% of cases}"


def test_a_paper_without_authors_is_a_valid_misc_and_a_doi_is_kept():
    found = parsed(entry(paper(id="https://doi.org/10.1145/ABC.1")))["x-1234abcd"]
    assert found.type == "misc" and "author" not in found.persons
    assert found.fields["doi"] == "10.1145/abc.1"


def test_a_doi_is_written_verbatim_as_reference_managers_write_it():
    # "10.1000/a_b" was written "10.1000/a\\_b": a wrong DOI where the field is verbatim (biblatex, JabRef)
    found = parsed(entry(paper(id="10.1000/a_b%c#d")))["x-1234abcd"]
    assert found.fields["doi"] == "10.1000/a_b%c#d"


def test_an_arxiv_preprints_published_doi_is_kept_beside_its_eprint():
    # arXiv's <arxiv:doi>, or a BibTeX doi beside its eprint, is a link of the record: cite both
    found = parsed(entry(paper(id="0704.0001", slug="0704.0001",
                               extra_urls=("https://github.com/a/b", "https://doi.org/10.1103/PhysRevD.76.013009"))))
    assert found["0704.0001"].fields["eprint"] == "0704.0001"
    assert found["0704.0001"].fields["doi"] == "10.1103/physrevd.76.013009"
    assert "doi" not in parsed(entry(paper(id="0704.0001", slug="0704.0001", extra_urls=("https://x.org/doi.org/10.1/x",))))[
        "0704.0001"].fields


def test_unbalanced_tex_is_escaped_and_names_with_and_stay_one_author():
    found = parsed(entry(paper(title="Bad $x^{2$ math", authors=("Smith and Sons Lab", "Eve"))))["x-1234abcd"]
    assert found.fields["title"] == r"{Bad \$x\textasciicircum{}\{\vphantom{\}}2\$ math}"  # a lone brace holds its pair
    assert len(found.persons["author"]) == 2


def test_a_name_that_begins_or_ends_with_and_or_is_others_stays_one_author():
    # BibTeX splits an author list at every " and ": a name ending with the word ("Smith and", as a
    # list cut at its last name gives it) made "Smith and and Eve", read as "Smith", "and Eve"
    names = ("Smith and", "and Jones", "AND", "others", "Eve")
    found = parsed(entry(paper(authors=names)))["x-1234abcd"]
    assert [str(p) for p in found.persons["author"]] == ["{Smith and}", "{and Jones}", "{AND}", "{others}", "Eve"]


def test_keys_are_slugs_and_bulk_files_hold_every_paper():
    papers = [paper(slug=f"p{i}", key=f"title:{i}", title=f"T {i}", digests=("d1",) if i % 2 else ("d1", "d2"))
              for i in range(5)]
    files = bib_files(papers, ["https://example.org/papers/p%d/" % i for i in range(5)], {"t": [0, 2]})
    assert list(parsed(files["papers.bib"].decode())) == [f"p{i}" for i in range(5)]
    assert list(parsed(files["topics/t.bib"].decode())) == ["p0", "p2"]
    assert len(parsed(files["digests/d1.bib"].decode())) == 5 and len(parsed(files["digests/d2.bib"].decode())) == 3
    assert parsed(files["papers.bib"].decode())["p1"].fields["url"] == "https://example.org/papers/p1/"


@settings(deadline=None)  # no time limits in tests: pybtex's first parse took 448 ms on the shared machine
@given(st.text(max_size=80), st.lists(st.text(max_size=20), max_size=3))
def test_any_text_gives_one_valid_entry(title, authors):
    p = paper(title=title, authors=tuple(a for a in authors if a.strip()))
    found = parsed(entry(p))
    assert list(found) == ["x-1234abcd"]
    assert found["x-1234abcd"].fields["title"] == "{" + escape(title) + "}"


def test_a_large_collection_stores_its_bulk_files_gzipped():
    papers = [paper(slug=f"p{i}", key=f"title:{i}", title=f"T {i}", digests=("d1",)) for i in range(4)]
    small = bib_files(papers, [""] * 4, {"t": [1, 3]}, compress_from=5)
    large = bib_files(papers, [""] * 4, {"t": [1, 3]}, compress_from=4)
    assert sorted(small) == ["digests/d1.bib", "papers.bib", "topics/t.bib"] and suffix(4, 5) == ".bib"
    assert sorted(large) == ["digests/d1.bib.gz", "papers.bib.gz", "topics/t.bib.gz"] and suffix(4, 4) == ".bib.gz"
    for path, data in small.items():
        assert gzip.decompress(large[f"{path}.gz"]) == data
    assert large == bib_files(papers, [""] * 4, {"t": [1, 3]}, compress_from=4)  # no gzip time: the same bytes
    assert small["digests/d1.bib"] == small["papers.bib"] and list(parsed(small["topics/t.bib"].decode())) == ["p1", "p3"]


def test_the_url_is_the_papers_own_and_the_sites_page_only_without_one():
    page = "https://example.org/papers/x-1234abcd/"
    own = parsed(entry(paper(url="https://arxiv.org/abs/2401.00001"), page))["x-1234abcd"].fields
    assert own["url"] == "https://arxiv.org/abs/2401.00001" and page not in str(dict(own))
    assert parsed(entry(paper(), page))["x-1234abcd"].fields["url"] == page


def test_a_consortiums_entry_names_ten_authors_and_others():
    many = entry(paper(authors=tuple(f"Author {i}" for i in range(3000))))
    assert "author = {Author 0 and Author 1 and" in many and "Author 9 and others}" in many and "Author 10 " not in many
    (parsed_entry,) = parsed(many).values()
    assert len(parsed_entry.persons["author"]) == 11  # pybtex reads "others" as one more person: BibTeX's et al.
    fifty = entry(paper(authors=tuple(f"Author {i}" for i in range(50))))  # a large team, not a consortium
    assert "Author 49}" in fifty and "others" not in fifty
    cut = entry(paper(authors=("Ann Lee", "Bo Chen"), et_al=True))  # "Ann Lee, Bo Chen et al." in its source
    assert "author = {Lee, Ann and Chen, Bo and others}" in cut or "author = {Ann Lee and Bo Chen and others}" in cut
    assert len(parsed(cut)["x-1234abcd"].persons["author"]) == 3


def test_names_read_back_as_written_a_suffix_and_a_group(tmp_path):
    # "John Smith Jr." read "Jr." as the surname; "The ATLAS Collaboration" had the surname "Collaboration"
    import bibtexparser
    from bibtexparser import middlewares

    p = paper(id="2309.12345", authors=("John Smith Jr.", "The ATLAS Collaboration", "Ana Group-Leader",
                                        "OpenAI Research", "Stanford University"), categories=("graphene",))
    text = entry(p)
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()])
    names = library.entries[0]["author"]
    assert [(n.last, n.jr) for n in names] == [(["Smith"], ["Jr."]), (["{The ATLAS Collaboration}"], []), (["Group-Leader"], []),
                                               (["{OpenAI Research}"], []), (["{Stanford University}"], [])]
    assert "eprint = {2309.12345}" in text and "primaryclass" not in text  # a reference manager's tag is no arXiv category


def test_a_name_with_a_comma_is_braced_whole():
    # "Google, Inc." (a company, which the readers keep as written) was written bare: BibTeX read
    # the surname "Google" and the first name "Inc.", and cited "Inc. Google"
    from generator.readers.bibtex import read_bibtex

    text = entry(paper(id="2309.12345", authors=("Google, Inc.", "Ann Lee", "John Smith Jr.")))
    assert "author = {{Google, Inc.} and Ann Lee and Smith, Jr., John}" in text
    entries, problems = read_bibtex(text, "back.bib")
    assert problems == [] and entries[0].authors == ("Google, Inc.", "Ann Lee", "John Smith Jr.")


def test_a_url_the_page_would_not_link_is_not_cited():
    # javascript: and data: URLs of a digest are never links on the page; a reference manager links a .bib's url too
    page = "https://example.org/papers/x-1234abcd/"
    for bad in ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", " JavaScript:alert(1)"):
        fields = parsed(entry(paper(url=bad), page))["x-1234abcd"].fields
        assert fields["url"] == page
        assert "url" not in parsed(entry(paper(url=bad)))["x-1234abcd"].fields


def test_a_page_cites_a_suffixed_name_inverted_for_reference_managers():
    # Zotero's translator and Google Scholar take the last word of "John Smith Jr." for the surname
    from generator.citation import meta

    cited = meta(paper(authors=("John Smith Jr.", "Ann Lee", "The ATLAS Collaboration", "Martin Luther King, III")), "")
    # and Zotero's cleanAuthor splits "Last, First" on commas and keeps two parts: "Smith, John, Jr." lost "Jr."
    assert cited["authors"] == ["Smith Jr., John", "Ann Lee", "The ATLAS Collaboration", "King III, Martin Luther"]


def test_accented_names_are_one_character_each_to_bibtex():
    # BibTeX reads bytes: abbrv's initial of "Émile" was half of "É" (pdflatex: "Invalid UTF-8 byte
    # sequence") and "Ørsted" a lowercase "von" part; TeX's accents are one character each
    p = paper(authors=("Émile Borel", "Ørjan Ørsted", "Miguel Á. Carreira-Perpiñán", "李小龙", "Åsa Šimon"))
    text = entry(p)
    assert (r"author = {{\'E}mile Borel and {\O}rjan {\O}rsted and Miguel {\'A}. Carreira-Perpi{\~n}{\'a}n and 李小龙"
            r" and {\AA}sa {\v S}imon}") in text
    names = parsed(text)["x-1234abcd"].persons["author"]
    assert [(n.first_names, n.last_names) for n in names[:2]] == [([r"{\'E}mile"], ["Borel"]), ([r"{\O}rjan"], [r"{\O}rsted"])]


def test_only_accented_latin_letters_of_names_are_written_as_tex():
    # pylatexenc's encoder wrote "Γιώργος" as math ("{\ensuremath{\Gamma}}", its omicron a Latin o),
    # "Иван" as "{\CYRI}{\cyrv}…" (pandoc dropped the name), "Ű" as "Ú", and "í" as "{\'\i}", which
    # pandoc reads as a dotless ı with an accent
    from generator.readers.bibtex import read_bibtex

    names = ("Γιώργος Παπαδόπουλος", "Иван Петров", "Ι. Ν. Παππάς", "Győző Űrgés", "María Ðorđević", "Jose\u0301 Garci\u0301a")
    text = entry(paper(authors=names))
    assert (r"author = {Γιώργος Παπαδόπουλος and Иван Петров and Ι. Ν. Παππάς and Gy{\H o}z{\H o} {\H U}rg{\'e}s"
            r" and Mar{\'i}a Ðorđevi{\'c} and Jos{\'e} Garc{\'i}a}") in text
    (read,), _ = read_bibtex(text, "x.bib")
    assert read.authors == (*names[:5], "José García")


def test_bibtex_abbreviates_accented_names_to_valid_utf8(tmp_path):
    import shutil
    import subprocess

    import pytest

    if not shutil.which("bibtex"):
        pytest.skip("bibtex is not installed (Debian: texlive-binaries)")
    (tmp_path / "refs.bib").write_text(entry(paper(authors=("Émile Borel", "Łukasz Kaiser"))), encoding="utf-8")
    (tmp_path / "t.aux").write_text("\\citation{*}\n\\bibstyle{abbrv}\n\\bibdata{refs}\n", encoding="utf-8")
    subprocess.run(["bibtex", "t"], cwd=tmp_path, capture_output=True, check=True)
    bbl = (tmp_path / "t.bbl").read_bytes().decode("utf-8")  # the half letter was no UTF-8
    assert r"{\'E}.~Borel and {\L}.~Kaiser" in bbl


def test_a_page_cites_a_date_as_google_scholar_reads_it():
    # "2023/09" is neither of Google Scholar's forms (a whole date, or a year alone)
    from generator.citation import meta

    assert [meta(paper(), date).get("date") for date in ("2023-09-21", "2023-09", "2023", "")] == [
        "2023/09/21", "2023", "2023", None]


def test_a_page_gives_zotero_the_papers_own_url_as_its_bibtex_does():
    # without citation_public_url Zotero saved og:url, the digest's page, as the item's URL
    from generator.citation import meta

    assert meta(paper(url="https://arxiv.org/abs/2401.00001"), "")["public_url"] == "https://arxiv.org/abs/2401.00001"
    assert "public_url" not in meta(paper(url="javascript:alert(1)"), "") and "public_url" not in meta(paper(), "")


def test_braces_of_a_title_read_back_in_pandoc():
    # pandoc dropped \textbraceleft{}: "Open-{Software, Hardware}" was cited as "Open-Software, Hardware"
    import json
    import shutil
    import subprocess

    import pytest

    assert escape("Open-{Software, Hardware} {") == r"Open-\{Software, Hardware\} \{\vphantom{\}}"
    assert escape("} a") == r"\vphantom{\{}\} a"  # Zotero's own writing of a lone brace
    if not shutil.which("pandoc"):
        pytest.skip("pandoc is not installed")
    text = entry(paper(title="Open-{Software, Hardware} x { y } z"))
    found = subprocess.run(["pandoc", "-f", "bibtex", "-t", "csljson"], input=text, capture_output=True, text=True, check=True)
    assert json.loads(found.stdout)[0]["title"] == "Open-{Software, Hardware} x { y } z"


def test_math_with_a_lone_percent_or_hash_is_written_as_text():
    # "%" in a citing document's math commented out the rest of the line, "$" and braces unclosed;
    # "#" in math is an error
    assert escape("Percent $x%y$ rest and $#1$ arg") == r"Percent \$x\%y\$ rest and \$\#1\$ arg"
    assert escape(r"Kept $5\%$ and $x^2$") == r"Kept $5\%$ and $x^2$"


def test_a_title_written_decomposed_is_written_composed():
    # "Cafe\u0301": pdfLaTeX's UTF-8 input defines no combining accent
    assert escape("Cafe\u0301 re\u0301sume\u0301") == "Caf\u00e9 r\u00e9sum\u00e9"
