"""Tests for generator.readers: the reference files, every kind of bad input, properties."""

from __future__ import annotations

import codecs
import csv
import io
import json
import pathlib
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.ids import arxiv_id
from generator.readers import SUPPORTED_SUFFIXES, read_digest
from generator.readers.plaintext import PAGE_CHROME, looks_like_abstract

DATA = pathlib.Path(__file__).parent / "data"
SEED = DATA / "seed-digest.txt"
ARXIV = DATA / "arxiv-2023-09-21.csv"

ABSTRACT = "We study a hard problem. We find that a simple method solves it well."
ABSTRACT_2 = "Second paper abstract sentence. It has another sentence here."


def read(tmp_path: pathlib.Path, name: str, content: str | bytes):
    """Write ``content`` to ``tmp_path/name`` and read it, shown as ``name``."""
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return read_digest(path, display_path=name)


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def titles(digest) -> list[str]:
    return [entry.title for entry in digest.entries]


# --- the reference files ------------------------------------------------------------------


def test_seed_reads_205_papers_without_problems():
    digest, problems = read_digest(SEED)
    assert problems == []
    assert len(digest.entries) == 205
    assert digest.name == "seed-digest" and digest.date == ""
    assert digest.entries[0].title == "Behavior Generation with Latent Actions"
    assert str(digest.entries[0].source) == f"{SEED}:3"
    assert str(digest.entries[-1].source) == f"{SEED}:411"


def test_seed_texts_are_exact():
    entries = read_digest(SEED)[0].entries
    assert entries[1].title == "Learning Robot Soccer from Egocentric Vision with Deep Reinforcement Learning"
    assert entries[185].title == "LLMs Simulate Big Five Personality Traits: Further Evidence"
    assert entries[185].abstract == (
        "An empirical investigation into the simulation of the Big Five personality traits by "
        "large language models (LLMs), namely Llama2, GPT4, and Mixtral, is presented. We "
        "analyze the personality traits simulated by these models and their stability. This "
        "contributes to the broader understanding of the capabilities of LLMs to simulate "
        "personality traits and the respective implications for personalized human-computer "
        "interaction."
    )
    assert entries[0].abstract.endswith("Videos and code can be found https://sjlee.cc/vq-bet")
    assert entries[-1].title == (
        "Is Curiosity All You Need? On the Utility of Emergent Behaviours from Curious Exploration"
    )


def test_seed_has_no_chrome_left():
    for entry in read_digest(SEED)[0].entries:
        assert "Subscribe" not in entry.title
        assert "trending papers" not in entry.title + entry.abstract
        assert entry.abstract and not looks_like_abstract(entry.title)


def test_seed_titles_and_abstracts_match_the_file_line_by_line():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for entry in read_digest(SEED)[0].entries:
        assert lines[entry.source.line - 1].endswith(entry.title)
        assert lines[entry.source.line] == entry.abstract


def test_a_plain_text_list_of_links_is_an_error_that_says_what_a_digest_needs(tmp_path):
    text = "https://arxiv.org/abs/2309.10986\narXiv:2309.11495v2\n10.1145/3292500.3330701\nA Real Title\nIts abstract.\n"
    digest, problems = read(tmp_path, "links.txt", text)
    assert titles(digest) == ["A Real Title"]  # the links paired as title and abstract: one error each
    errors = [p for p in problems if p.is_error]
    assert [p.line for p in errors] == [1, 3]
    assert all(p.message.startswith("a link or an id, not a title: a digest gives each paper's title and abstract")
               and "export.arxiv.org/api/query?id_list=" in p.message for p in errors)


def test_arxiv_csv_reads_1102_papers():
    digest, problems = read_digest(ARXIV, display_path="arxiv.csv")
    assert len(digest.entries) == 1102
    assert {p.level for p in problems} == {"warning"}
    assert all("shifted row" in p.message for p in problems) and len(problems) == 65
    assert digest.name == "arxiv-2023-09-21" and digest.date == "2023-09-21"


def test_arxiv_csv_first_row():
    entry = read_digest(ARXIV, display_path="arxiv.csv")[0].entries[0]
    assert entry.id == "2309.10986"
    assert entry.url == "https://arxiv.org/abs/2309.10986"
    assert entry.date == "2023-09-21"
    assert entry.authors[:2] == ("Shanyi Zhou", "Ning Yan") and len(entry.authors) == 10
    assert entry.categories == ("math.NA", "econ.GN")  # "Numerical Analysis (math.NA)": the code, as feeds give it
    # the export wraps titles with two spaces ("in  Enterprises"): whitespace inside titles is collapsed
    assert entry.title.startswith("Research on the Impact of Executive Shareholding on New Investment in Enterprises")
    assert entry.abstract.startswith("Based on principal-agent theory")
    assert str(entry.source) == "arxiv.csv:2"


def test_arxiv_csv_every_row_is_complete():
    for entry in read_digest(ARXIV)[0].entries:
        assert entry.id and arxiv_id(entry.url) == entry.id and entry.authors and entry.categories
        assert len(entry.date) == 10 and entry.date[4] == entry.date[7] == "-"


# --- whole-file problems -------------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_empty_file_has_no_papers(tmp_path, suffix):
    digest, problems = read(tmp_path, f"e{suffix}", "")
    assert digest.entries == ()
    assert messages(problems) == [f"e{suffix}:1: error: no papers found"]


@pytest.mark.parametrize("content", ["[]", '{"papers": []}', "\n\n"])
def test_empty_json_has_no_papers(tmp_path, content):
    assert messages(read(tmp_path, "e.json", content)[1]) == ["e.json:1: error: no papers found"]


def test_only_page_chrome_has_no_papers(tmp_path):
    text = "Get trending papers in your email inbox once a day!\n\nGet trending papers in your email inbox!\nSubscribe\n"
    digest, problems = read(tmp_path, "c.txt", text)
    assert digest.entries == ()
    assert messages(problems) == ["c.txt:1: error: no papers found"]


def test_binary_file_with_nul(tmp_path):
    digest, problems = read(tmp_path, "b.txt", b"Title\nab\x00cd\xff\n")
    assert digest.entries == ()
    assert messages(problems) == ["b.txt:2: error: binary data, not text (NUL byte at column 3)"]


def test_invalid_utf8_names_line_and_column(tmp_path):
    content = "".join(f"Line {n}\n" for n in range(1, 17)).encode() + b"abcd\xff rest\n"
    digest, problems = read(tmp_path, "u.txt", content)
    assert digest.entries == ()
    assert messages(problems) == ["u.txt:17: error: invalid UTF-8 (byte 0xff at column 5): save the file as UTF-8 (it may be Windows-1252 or Latin-1, "
                                  "'ÿ' in Windows-1252; in Excel, File → Save As → CSV UTF-8)"]


def test_invalid_utf8_after_lone_cr_counts_lines(tmp_path):
    problems = read(tmp_path, "u.csv", b"title\rA\r\nB\xc3(\n")[1]
    assert messages(problems) == ["u.csv:3: error: invalid UTF-8 (byte 0xc3 at column 2): save the file as UTF-8 (it may be Windows-1252 or Latin-1, "
                                  "'Ã' in Windows-1252; in Excel, File → Save As → CSV UTF-8)"]


def test_the_excel_advice_is_for_tables_only(tmp_path):
    problems = read(tmp_path, "w.ris", b"TY  - JOUR\nTI  - Caf\xe9\nER  - \n")[1]
    assert "Windows-1252" in problems[0].message and "Excel" not in problems[0].message


@pytest.mark.parametrize("bom,codec", [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_byte_order_marks(tmp_path, bom, codec):
    text = f"Título ☃ one\r\n{ABSTRACT}\r\n"
    digest, problems = read(tmp_path, "bom.txt", bom + text.encode(codec))
    assert problems == []
    assert titles(digest) == ["Título ☃ one"] and digest.entries[0].abstract == ABSTRACT


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_as_utf16(tmp_path, codec):
    text = f"Title\tAbstract\nTítulo ☃ one\t{ABSTRACT}\n"  # a spreadsheet's "Unicode text"
    digest, problems = read(tmp_path, "sheet.csv", text.encode(codec))
    assert problems == [] and titles(digest) == ["Título ☃ one"]
    assert read(tmp_path, "bin.csv", b"Ti\x00\x00tle")[1][0].message.startswith("binary data")
    # rows of Japanese under the ASCII header: "binary data" (nine characters in ten were to be ASCII)
    rows = "".join(f"大規模言語モデルによる推論の研究その{i}\t本研究では大規模言語モデルの推論能力を評価する新しいベンチマークを提案する。"
                   "実験の結果、既存のモデルは多段階推論で性能が低下することが分かった。\n" for i in range(3))
    digest, problems = read(tmp_path, "japanese.csv", f"title\tabstract\n{rows}".encode(codec))
    assert problems == [] and titles(digest)[0] == "大規模言語モデルによる推論の研究その0"


def test_a_tab_separated_text_file_without_a_title_column_is_a_table_not_plain_text(tmp_path):
    # Excel's "Unicode Text" .txt whose columns named no title was one paper: "Paper Writers", abstract "U1\tJane Doe"
    digest, problems = read(tmp_path, "unicode.txt", "Paper\tWriters\r\nU1\tJane Doe\r\nU2\tBo Chen\r\n".encode("utf-16"))
    assert digest.entries == () and [(p.line, p.message.split(" (")[0]) for p in problems] == [(1, "no 'title' column")]
    plain, problems = read(tmp_path, "notes.txt", "A Title\tWith a Tab\nIts abstract, which is long enough to read. It is.\n".encode())
    assert [e.title for e in plain.entries] == ["A Title With a Tab"]  # (one tab is no table)


def test_invalid_utf16(tmp_path):
    content = codecs.BOM_UTF16_LE + "T\nx".encode("utf-16-le") + b"\x00\xd8" + "y".encode("utf-16-le")  # lone surrogate
    problems = read(tmp_path, "w.txt", content)[1]
    assert messages(problems) == ["w.txt:2: error: invalid UTF-16 (byte 0x00 at column 2)"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings(tmp_path, newline):
    text = newline.join(["Title One  ", ABSTRACT + "  ", "", "Title Two", ABSTRACT_2, ""])
    digest, problems = read(tmp_path, "n.txt", text)
    assert problems == []
    assert titles(digest) == ["Title One", "Title Two"]
    assert [entry.abstract for entry in digest.entries] == [ABSTRACT, ABSTRACT_2]
    assert [entry.source.line for entry in digest.entries] == [1, 4]


def test_missing_file_is_a_problem(tmp_path):
    digest, problems = read_digest(tmp_path / "gone.txt", display_path="gone.txt")
    assert digest.entries == () and digest.name == "gone"
    assert messages(problems) == ["gone.txt:1: error: cannot read file: No such file or directory"]


def test_unsupported_suffix(tmp_path):
    problems = read(tmp_path, "d.yaml", "a: 1")[1]
    assert messages(problems) == [
        "d.yaml:1: error: unsupported file type '.yaml' (supported: .txt, .json, .jsonl, .csv, .tsv, .xml, .atom, .rss, .bib, .ris, .enw, .nbib)"
    ]
    (problem,) = read(tmp_path, "reading-list.md", "- [A paper](https://arxiv.org/abs/1706.03762)")[1]
    assert problem.message.endswith(": a document; copy each title and its abstract into a .txt (a title line, then "
                                    "its abstract), or export the papers from your reference manager (BibTeX, RIS or CSV)")
    (problem,) = read(tmp_path, "zotero.rdf", "<rdf:RDF/>")[1]
    assert "export the collection as BibTeX or CSL JSON" in problem.message
    (problem,) = read(tmp_path, "Papers.XLSX", "PK")[1]  # what to do instead, for a spreadsheet
    assert problem.message.endswith("save it as CSV (in Excel, File → Save As → CSV UTF-8) and use the .csv")
    # a large collection's papers.json comes in gzipped parts (export/papers-2025-01.json.gz): said only "unsupported"
    (problem,) = read(tmp_path, "papers-2025-01.json.gz", "\x1f\x8b")[1]
    assert ": a compressed file; decompress it first (gunzip FILE, or unzip) and use the file inside" in problem.message
    # `curl -o daily_papers https://huggingface.co/api/daily_papers` saves no extension: said only "unsupported file type ''"
    (problem,) = read(tmp_path, "daily_papers", "[]")[1]
    assert ": it has no extension" in problem.message and ".json for JSON" in problem.message
    # a folder given to add or check was "it has no extension", and one named x.json "not a regular file"
    from generator.readers import not_a_digest
    (tmp_path / "exports").mkdir()
    (problem,) = read_digest(tmp_path / "exports")[1]
    assert problem.message == not_a_digest(tmp_path / "exports") and "a folder; give its digest files" in problem.message


def test_endnote_tagged_export_is_read(tmp_path):
    # EndNote's "EndNote Export" style saves .txt or .enw, and Google Scholar's "EndNote" link gives
    # a .enw: read as plain text, its lines were paired into papers titled "%0 Journal Article"
    text = ("%0 Journal Article\r\n%T Sparse Graphs\r\n%A Lee, Ann\r\n%A Chen, Bo\r\n%D 2023\r\n"
            "%X We study graphs.\r\n%R 10.1000/x\r\n%F lee2023\r\n\r\n%0 Conference Proceedings\r\n%T Dense Graphs\r\n"
            "%A Kim, Cy\r\n%8 2023/09/21\r\n%X We study more graphs\r\nover two lines.\r\n%U https://arxiv.org/abs/2309.00001\r\n")
    for name in ("endnote.txt", "scholar.enw"):
        digest, problems = read(tmp_path, name, text)
        assert problems == []
        assert [(e.title, e.authors, e.abstract, e.id, e.source.line) for e in digest.entries] == [
            ("Sparse Graphs", ("Ann Lee", "Bo Chen"), "We study graphs.", "10.1000/x", 1),
            ("Dense Graphs", ("Cy Kim",), "We study more graphs over two lines.", "2309.00001", 10)]
    digest, problems = read(tmp_path, "d.txt", f"%0 of errors in a title\n{ABSTRACT}\n")  # one %0 line is a title
    assert titles(digest) == ["%0 of errors in a title"] and problems == []


def test_endnote_tagged_date_without_a_year_takes_the_year(tmp_path):
    # EndNote's %8 (Date) is usually "Sep 21" beside "%D 2023": it was "not a date" and the paper undated
    records = [("Sep 21", "2023", "2023-09-21"), ("September 21", "2023", "2023-09-21"),
               ("2023-09-21", "2024", "2023-09-21"), ("Spring", "2023", "2023"), ("Sep 21", "", "")]
    text = "\n".join(f"%0 Journal Article\n%T Paper {i}\n%A Lee, Ann\n%D {year}\n%8 {day}\n%X Text.\n"
                     for i, (day, year, _) in enumerate(records))
    digest, problems = read(tmp_path, "dates.enw", text)
    assert [e.date for e in digest.entries] == [date for *_, date in records]
    assert messages(problems) == ["dates.enw:29: warning: date 'Sep 21' is not a date (write it as YYYY-MM-DD, "
                                  "YYYY-MM or YYYY); ignored"]


def test_json_on_one_line_names_the_paper_of_a_problem(tmp_path):
    # an API's answer saved as it came (OpenAlex, Semantic Scholar): every paper is on line 1
    papers = [{"title": f"Paper {n}", "abstract": ABSTRACT} for n in range(20)] + [{"title": "", "abstract": ABSTRACT}]
    text = json.dumps({"results": papers})
    digest, problems = read(tmp_path, "works.json", text)
    column = text.index('{"title": ""') + 1
    assert len(digest.entries) == 20
    assert messages(problems) == [f"works.json:1: error: title is empty (paper 21 of the list, at column {column:,})"]
    digest, problems = read(tmp_path, "works.json", json.dumps(papers, indent=1))  # a line each: the line says it
    assert messages(problems) == ["works.json:82: error: title is empty"]
    digest, problems = read(tmp_path, "works.json", json.dumps(papers[11:]))  # a few on a line: found at a glance
    assert messages(problems) == ["works.json:1: error: title is empty"]


def test_file_over_50_mb(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024 + 1)  # sparse: nothing is written
    problems = read_digest(path, display_path="big.txt")[1]
    assert messages(problems) == [
        "big.txt:1: error: file is too large (52,428,801 bytes; the limit is 50 MB)"
    ]


def test_display_path_defaults_to_path(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text(f"Title\n{ABSTRACT}\n", encoding="utf-8")
    digest = read_digest(path)[0]
    assert digest.path == str(path) and digest.entries[0].source.path == str(path)


# --- long lines ----------------------------------------------------------------------------


def test_single_10_mb_line_without_spaces_is_an_error(tmp_path):
    digest, problems = read(tmp_path, "x.txt", "x" * 10_000_000)
    assert digest.entries == ()
    assert messages(problems) == [
        "x.txt:1: error: title is too long (10,000,000 characters; the limit is 2,000)",
        "x.txt:1: warning: title has no abstract",
    ]


def test_single_10_mb_line_of_words_is_an_error(tmp_path):
    digest, problems = read(tmp_path, "x.txt", "word. " * 2_000_000)
    assert messages(problems) == ["x.txt:1: error: abstract has no title"]


def test_10_mb_abstract_in_jsonl_and_txt(tmp_path):
    big = "word " * 2_000_000
    problems = read(tmp_path, "x.jsonl", json.dumps({"title": "T", "abstract": big}))[1]
    assert messages(problems) == [
        "x.jsonl:1: error: abstract is too long (9,999,999 characters; the limit is 200,000)"
    ]
    digest, problems = read(tmp_path, "x.txt", f"Title\n{big}\nNext Title\n{ABSTRACT}\n")
    assert titles(digest) == ["Next Title"]
    assert messages(problems) == [
        "x.txt:2: error: abstract is too long (9,999,999 characters; the limit is 200,000)"
    ]


def test_extremely_long_title(tmp_path):
    long_title = "Long" * 501
    digest, problems = read(tmp_path, "t.txt", f"{long_title}\n{ABSTRACT}\nFine\n{ABSTRACT_2}\n")
    assert titles(digest) == ["Fine"]
    assert messages(problems) == [
        "t.txt:1: error: title is too long (2,004 characters; the limit is 2,000)"
    ]
    record = json.dumps({"title": "word " * 600, "abstract": "a"})
    problems = read(tmp_path, "t.json", f"[\n{record}\n]")[1]
    assert messages(problems) == [
        "t.json:2: error: title is too long (2,999 characters; the limit is 2,000)"
    ]


# --- plain text: titles and abstracts ------------------------------------------------------


def test_title_without_abstract_at_end_is_kept_with_warning(tmp_path):
    digest, problems = read(tmp_path, "t.txt", f"One\n{ABSTRACT}\n\nLonely Title\n")
    assert titles(digest) == ["One", "Lonely Title"]
    assert digest.entries[1].abstract == ""
    assert messages(problems) == ["t.txt:4: warning: title has no abstract"]


def test_title_without_abstract_is_not_paired_with_next_title(tmp_path):
    text = f"First Title\nSecond Title: A Study\n{ABSTRACT}\n"
    digest, problems = read(tmp_path, "t.txt", text)
    assert [(e.title, e.abstract) for e in digest.entries] == [
        ("First Title", ""), ("Second Title: A Study", ABSTRACT)
    ]
    assert messages(problems) == ["t.txt:1: warning: title has no abstract"]


def test_abstract_without_title(tmp_path):
    text = f"{ABSTRACT}\nA Title\n{ABSTRACT}\n{ABSTRACT_2}\nLast\n{ABSTRACT}\n"
    digest, problems = read(tmp_path, "a.txt", text)
    assert titles(digest) == ["A Title", "Last"]
    assert messages(problems) == [
        "a.txt:1: error: abstract has no title",
        "a.txt:4: error: abstract has no title",
    ]


def test_same_title_twice_gives_two_entries(tmp_path):
    digest, problems = read(tmp_path, "d.txt", f"Same\n{ABSTRACT}\nSame\n{ABSTRACT_2}\n")
    assert problems == []
    assert [(e.title, e.source.line) for e in digest.entries] == [("Same", 1), ("Same", 3)]


def test_subscribe_is_cut_only_when_glued_after_chrome(tmp_path):
    text = (
        "Get trending papers in your email inbox!\nSubscribeBehavior Generation\n"
        f"{ABSTRACT}\nSubscribe to Nothing: A Title\n{ABSTRACT}\nSubscribeNet Is a Title\n{ABSTRACT}\n"
    )
    digest, problems = read(tmp_path, "s.txt", text)
    assert problems == []
    assert titles(digest) == [
        "Behavior Generation", "Subscribe to Nothing: A Title", "SubscribeNet Is a Title"
    ]


def test_page_chrome_patterns_are_declared():
    assert PAGE_CHROME[0].fullmatch("Get trending papers in your email inbox once a day!")
    assert PAGE_CHROME[0].fullmatch("Get trending papers in your email inbox!")


@pytest.mark.parametrize("line", [
    ABSTRACT,
    "We propose a new method for learning robot policies from very few examples.",
    " ".join(["word"] * 41),
])
def test_abstract_like_lines(line):
    assert looks_like_abstract(line)


@pytest.mark.parametrize("line", [
    "Behavior Generation with Latent Actions",
    "Is Curiosity All You Need? On the Utility of Emergent Behaviours from Curious Exploration",
    "How Far are LLMs from Being Our Digital Twins? A Benchmark for Persona-Based Behavior Chain Simulation",
    "Attention Is All You Need.",
    "GA-S$^3$: Comprehensive Social Network Simulation with Group Agents",
    "x" * 5000,
])
def test_title_like_lines(line):
    assert not looks_like_abstract(line)


# --- verbatim text -------------------------------------------------------------------------


HOSTILE = [
    "<script>alert('x')</script> &amp; &lt;b&gt;",
    "{{ x }} {% raw %} ${HOME} $(rm -rf /)",
    "---",
    ": #",
    "$\\alpha$ **bold** [link](http://x) | a | b |",
    "Emoji 🧪👩‍🔬 zero\u200bwidth \u200fمرحبا\u202e RTL \u2028sep",
]


@pytest.mark.parametrize("title", [t for t in HOSTILE if t != "---"])  # in plain text, a rule between papers
def test_hostile_titles_are_verbatim_in_txt(tmp_path, title):
    digest, problems = read(tmp_path, "h.txt", f"{title}\n{ABSTRACT} {title}\n")
    assert problems == []
    assert titles(digest) == [one_line(title)]
    assert digest.entries[0].abstract == f"{ABSTRACT} {title}"


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_text_is_verbatim_in_json_and_csv(tmp_path, title):
    record = {"title": title, "abstract": f"{title}\n{title}"}
    digest = read(tmp_path, "h.json", json.dumps([record]))[0]
    assert [(e.title, e.abstract) for e in digest.entries] == [(one_line(title), f"{title}\n{title}")]
    quoted = title.replace('"', '""')
    digest = read(tmp_path, "h.csv", f'title,abstract\n"{quoted}","{quoted}"\n')[0]
    assert [(e.title, e.abstract) for e in digest.entries] == [(one_line(title), title)]


def one_line(title: str) -> str:
    """A title as the readers keep it: its line breaks (U+2028 too) and the spaces around them one space."""
    return re.sub(r"[ \t\n\u2028\u2029]+", " ", title)


def test_control_characters_are_removed_with_a_warning(tmp_path):
    text = f"Bell\x07 and\tTab\n{ABSTRACT}\x1b\x85\n"
    digest, problems = read(tmp_path, "c.txt", text)
    assert [(e.title, e.abstract) for e in digest.entries] == [("Bell and Tab", ABSTRACT)]  # a tab in a title: a space
    assert messages(problems) == [
        "c.txt:1: warning: line: removed control characters (U+0007)",
        "c.txt:2: warning: line: removed control characters (U+001B)",
    ]
    problems = read(tmp_path, "c.jsonl", '\n{"title": "T\\u0007", "abstract": "a"}')[1]
    assert messages(problems) == ["c.jsonl:2: warning: title: removed control characters (U+0007)"]


@pytest.mark.parametrize("raw_id", ["../../etc/passwd", "CON", "nul.txt", "a/b\\c"])
def test_ids_are_verbatim_text(tmp_path, raw_id):
    record = {"title": "T", "abstract": "A", "id": f"  {raw_id} "}
    entry = read(tmp_path, "i.jsonl", json.dumps(record))[0].entries[0]
    assert entry.id == raw_id


# --- JSON and JSONL ------------------------------------------------------------------------


def test_json_list_with_every_field(tmp_path):
    records = [
        {"Title": "One", "Summary": "S1", "AUTHORS": ["A B", " C D "], "arxiv_id": "2309.1",
         "published": "2023-09-21T10:00:00Z", "categories": ["cs.LG", "cs.AI"], "extra": {}},
        {"title": "Two", "abstract": "S2", "authors": "E F, G H and I J", "id": 42,
         "url": "https://arxiv.org/pdf/2309.11189v2.pdf", "subjects": "cs.CL; cs.AI"},
    ]
    digest, problems = read(tmp_path, "all.json", json.dumps(records, indent=2))
    assert problems == []
    one, two = digest.entries
    assert (one.title, one.abstract, one.authors, one.id) == ("One", "S1", ("A B", "C D"), "2309.10000")
    assert (one.date, one.categories, one.source.line) == ("2023-09-21", ("cs.LG", "cs.AI"), 2)
    assert (two.authors, two.id, two.categories) == (("E F", "G H", "I J"), "42", ("cs.CL", "cs.AI"))
    assert two.source.line == 17
    assert digest.date == "2023-09-21"


def test_json_papers_object(tmp_path):
    text = '{"meta": [{"title": "no"}],\n "papers": [\n  {"title": "Yes", "abstract": "A"}]}'
    digest, problems = read(tmp_path, "p.json", text)
    assert problems == []
    assert titles(digest) == ["Yes"] and digest.entries[0].source.line == 3


NOT_A_LIST = 'error: expected a list of papers, or an object with a "papers" list (or with one list of papers), got'


@pytest.mark.parametrize("text,message", [
    ('{"name": "T"}', f"p.json:1: {NOT_A_LIST} object"),
    ('\n\n"papers"', f"p.json:3: {NOT_A_LIST} string"),
    ('{"papers":\n 7}', f"p.json:2: {NOT_A_LIST} number"),
    ('[\n{"title": "T",\n "abstract": "A"\n', "p.json:4: error: invalid JSON: Expecting ',' delimiter (column 1)"),
    ("[" * 100_000, "p.json:1: error: invalid JSON: nested too deeply"),
])
def test_json_that_is_not_a_paper_list(tmp_path, text, message):
    digest, problems = read(tmp_path, "p.json", text)
    assert digest.entries == () and messages(problems) == [message]


@pytest.mark.parametrize("text,message", [
    ('[{"title": "T",\n "abstract": "A",\n}]', "p.json:2: error: invalid JSON: a comma before the closing } (column 17): remove it"),
    ('[{"title": "T", "abstract": "A"},\n]', "p.json:1: error: invalid JSON: a comma before the closing ] (column 33): remove it"),
    ('[{"title": "T", "abstract": "A"}\n\t, ]', "p.json:2: error: invalid JSON: a comma before the closing ] (column 2): remove it"),
])
def test_a_trailing_comma_is_named_at_the_comma_on_every_python(tmp_path, text, message):
    """Python 3.11 and 3.12 said "Expecting property name enclosed in double quotes" (or
    "Expecting value") at the closing bracket, often on the next line; 3.13 says "Illegal
    trailing comma" at the comma: the same file was an error at another line on each."""
    digest, problems = read(tmp_path, "p.json", text)
    assert digest.entries == () and messages(problems) == [message]


def test_a_jsonl_that_is_one_json_document_is_read_and_a_comma_after_a_record_is_named(tmp_path):
    # A list written with indents (json.dump(…, indent=2), jq) saved as .jsonl was an error at every
    # line; a record with a comma after it (a list's brackets taken off) was "Extra data"
    pretty = json.dumps([{"title": "A", "abstract": "x"}, {"title": "B", "abstract": "y"}], indent=2)
    digest, problems = read(tmp_path, "p.jsonl", pretty)
    assert [e.title for e in digest.entries] == ["A", "B"] and problems == []
    digest, problems = read(tmp_path, "c.jsonl", '{"title": "A", "abstract": "x"},\n\n{"title": "B", "abstract": "y"}\n')
    assert [e.title for e in digest.entries] == ["B"]
    assert messages(problems) == ["c.jsonl:1: error: invalid JSON: a comma after the record (column 32): JSON Lines "
                                  "holds one object a line, with nothing after it; remove it"]


def test_where_each_python_puts_a_trailing_comma_error_is_the_comma():
    """Both places Pythons point at (the comma: 3.13; the bracket after it: 3.11, 3.12) give the
    comma; a comma after no value is another error."""
    from generator.readers.jsonfile import _trailing_comma

    doc = '{"a": 1 ,\n }'
    assert _trailing_comma(doc, doc.index(",")) == _trailing_comma(doc, doc.index("}")) == doc.index(",")
    for other in ('{"a": ,}', "[,]", "[1,,]", '[1, 2]'):
        assert all(_trailing_comma(other, at) is None for at in range(len(other))), other


def test_json_wrong_types_name_the_object_line(tmp_path):
    text = """[
  {"title": "Good", "abstract": "A"},
  "just a string",
  {"title": 5, "abstract": "A"},
  {
    "title": "T", "abstract": "A", "authors": 3},
  {"title": "T", "abstract": ["A"]},
  {"title": "T", "abstract": "A", "id": {"n": 1}, "url": false, "categories": [1]},
  {"abstract": "A"},
  {"title": "  ", "abstract": "A"},
  {"title": "T"},
  {"title": "T", "abstract": "A", "date": "next Tuesday"}
]"""
    digest, problems = read(tmp_path, "w.json", text)
    assert [(e.title, e.source.line) for e in digest.entries] == [("Good", 2), ("T", 11), ("T", 12)]
    assert messages(problems) == [
        "w.json:3: error: paper must be an object, got string",
        "w.json:4: error: title must be a string, got number",
        "w.json:5: error: authors must be a list of strings or a string, got number",
        "w.json:7: error: abstract must be a string, got list",
        "w.json:8: error: url must be a string, got boolean",
        "w.json:8: error: id must be a string or a number, got object",
        "w.json:8: error: categories must be a list of strings or a string, got a list of numbers",
        "w.json:9: error: paper has no title (its fields: abstract; name the title's with --field title=PATH, "
        "or under fields: in collection.yml)",
        "w.json:10: error: title is empty",
        "w.json:11: warning: paper has no abstract",
        "w.json:12: warning: date 'next Tuesday' is not a date (write it as YYYY-MM-DD, YYYY-MM or YYYY); ignored",
    ]


def test_jsonl_lines(tmp_path):
    text = '{"title": "One", "abstract": "A"}\n\n{"title": "Two"\n[1]\n{"title": "Three", "abstract": "C"}\n'
    digest, problems = read(tmp_path, "l.jsonl", text)
    assert [(e.title, e.source.line) for e in digest.entries] == [("One", 1), ("Three", 5)]
    assert messages(problems) == [
        "l.jsonl:3: error: invalid JSON: Expecting ',' delimiter (column 16)",
        "l.jsonl:4: error: paper must be an object, got list",
    ]


@pytest.mark.parametrize("url,expected", [
    ("https://arxiv.org/abs/2309.10986", "2309.10986"),
    ("http://arxiv.org/pdf/2309.10986v3", "2309.10986"),
    ("https://arxiv.org/abs/2309.10986?context=cs#x", "2309.10986"),
    ("https://export.arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001"),
    ("https://example.org/abs/2309.10986", ""),
])
def test_id_derived_from_arxiv_url(tmp_path, url, expected):
    entry = read(tmp_path, "u.jsonl", json.dumps({"title": "T", "abstract": "A", "url": url}))[0].entries[0]
    assert (entry.id, entry.url) == (expected, url)


def test_digest_date_from_name_or_entries(tmp_path):
    records = [{"title": "T", "abstract": "A", "date": d} for d in ("2024-01-05", "2024-03-01", "")]
    assert read(tmp_path, "2026-11-24-digest.json", json.dumps(records))[0].date == "2026-11-24"
    assert read(tmp_path, "digest-2024-02-30.json", json.dumps(records))[0].date == "2024-03-01"
    assert read(tmp_path, "2026-11-24.txt", f"T\n{ABSTRACT}")[0].date == "2026-11-24"


# --- CSV -----------------------------------------------------------------------------------


def test_csv_missing_title_column(tmp_path):
    digest, problems = read(tmp_path, "m.csv", "headline,abstract\nX,Y\n")
    assert digest.entries == ()
    assert messages(problems) == ["m.csv:1: error: no 'title' column (columns found: 'headline', 'abstract')" + MAP_TITLE]
    digest, problems = read(tmp_path, "a.csv", "Name,Affiliation\nAnn Lee,MIT\n")  # people, not papers
    assert digest.entries == () and "no 'title' column" in problems[0].message


def test_csv_title_columns_of_databases_and_publishers(tmp_path):
    # Notion's and Airtable's first column is "Name": a title when the table has abstracts
    digest, problems = read(tmp_path, "notion.csv", "Name,Abstract,Tags\nReward Models,We study rewards.,\"RLHF, Alignment\"\n")
    assert [(e.title, e.categories) for e in digest.entries] == [("Reward Models", ("RLHF", "Alignment"))]
    assert problems == []
    # IEEE Xplore's "Document Title", Springer's "Item Title" and "Item DOI", Lens' "Author/s"
    digest, _ = read(tmp_path, "ieee.csv", "Document Title,Authors,Abstract,DOI\nRadar Nets,A. Smith; B. Jones,We apply.,10.1109/X.1\n")
    assert [(e.title, e.authors, e.id) for e in digest.entries] == [("Radar Nets", ("A. Smith", "B. Jones"), "10.1109/x.1")]
    digest, _ = read(tmp_path, "springer.csv", "Item Title,Item DOI,Authors\nRanking,10.1007/s1,Ann Lee\n")
    assert [(e.title, e.id) for e in digest.entries] == [("Ranking", "10.1007/s1")]
    digest, _ = read(tmp_path, "lens.csv", "Title,Author/s,Abstract\nGraphs,Ann Lee; Bo Chen,We scale.\n")
    assert digest.entries[0].authors == ("Ann Lee", "Bo Chen")
    # an arXiv category's name keeps its commas; PubMed's author list ends with a period
    digest, _ = read(tmp_path, "c.csv", "title,abstract,subjects,authors\nT,A,\"Computational Engineering, Finance, and "
                                        "Science (cs.CE)\",\"Smith J, Doe AB.\"\n")
    assert digest.entries[0].categories == ("cs.CE",)  # one category, its name's commas included
    assert digest.entries[0].authors == ("J Smith", "AB Doe")  # (surname first, BibTeX's .bib read "Smith" as a given name)
    # PubMed's CSV export names a consortium after the people, after a ";"
    digest, _ = read(tmp_path, "csv-Set.csv", "PMID,Title,Authors\n1,T,\"Papi A, Ison MG, van der Berg JW; "
                                              "AReSVi-006 Study Group; RSV Trial Network.\"\n2,U,Lee A; Chen B\n")
    assert [e.authors for e in digest.entries] == [
        ("A Papi", "MG Ison", "JW van der Berg", "AReSVi-006 Study Group", "RSV Trial Network"), ("Lee A", "Chen B")]


def test_csv_author_columns_as_spreadsheets_name_them(tmp_path):
    """A spreadsheet's "Author(s)" (or "Authors list", "Author names", "Creator") was no column read:
    every paper had no authors, without a word, while Lens' "Author/s" was read. A plural written
    "(s)" or "/s" is the plural, so "Keyword(s)" gives categories too."""
    for column in ("Author(s)", "Author (s)", "AUTHOR/S", "Authors list", "Author List", "Author names", "Creator",
                   "Creators"):
        digest, problems = read(tmp_path, "s.csv", f"Title,{column},Abstract\nGraphs,Ann Lee; Bo Chen,We scale.\n")
        assert (column, digest.entries[0].authors, problems) == (column, ("Ann Lee", "Bo Chen"), [])
    digest, _ = read(tmp_path, "k.csv", "Title,Abstract,Keyword(s),Pub Date,Paper Link\nGraphs,We scale.,graphs; scaling,"
                                        "2023-09-21,https://arxiv.org/abs/2309.12345\n")
    entry = digest.entries[0]
    assert (entry.categories, entry.date, entry.id) == (("graphs", "scaling"), "2023-09-21", "2309.12345")


def test_columns_not_read_are_named_when_a_field_is_in_no_record(tmp_path):
    """A column of authors under a name not read ("Writers") lost every author without a word: when
    a field is in no record of a CSV or JSON file, a note names the columns or keys not read, once."""
    text = "Title,Abstract,Writers,Venue,Notes,,arXiv Number\nA,B,Ann Lee,NeurIPS,,1,\nC,D,Bo Chen,ICML,,2,2401.00020\n"
    digest, problems = read(tmp_path, "w.csv", text)
    assert len(digest.entries) == 2 and messages(problems) == [
        "w.csv:1: note: no paper in this file has authors or an id, and its columns 'Writers', 'Venue', 'arXiv Number' "
        "are not read: to read one of them, give --field NAME=COLUMN (NAME: authors or id)"]
    # a column empty in every row is not named ("Notes"), nor one without a name (pandas' index); an id or
    # a date is missed only when a column holds one (no date here; "Cites" holds no id)
    digest, problems = read(tmp_path, "c.csv", "Title,Abstract,Authors,Cites\nA,B,Ann Lee,12\n")
    assert problems == []
    records = [{"title": "A", "abstract": "B", "date": "2023", "id": "2309.12345", "writers": ["Ann Lee"]},
               {"title": "C", "abstract": "", "date": "2024", "id": "2309.12346", "writers": ["Bo Chen"]}]
    digest, problems = read(tmp_path, "w.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    assert [p.message for p in problems if p.level == "note"] == [
        "no paper in this file has authors, and its keys 'writers' are not read: to read one of them, "
        "give --field authors=PATH"]
    digest, problems = read(tmp_path, "w.json", json.dumps(records))
    assert [(p.line, p.level) for p in problems if p.level == "note"] == [(1, "note")]
    # no note when the field is mapped, found in some record, or the record is a service's (its own keys)
    digest, problems = read_digest(tmp_path / "w.json", field_map={"authors": "writers"})
    assert [p for p in problems if p.level == "note"] == [] and digest.entries[0].authors == ("Ann Lee",)
    records[1]["authors"] = ["Bo Chen"]
    assert [p for p in read(tmp_path, "x.json", json.dumps(records))[1] if p.level == "note"] == []
    hugging_face = [{"paper": {"id": "2405.00002", "title": "B", "summary": "S", "upvotes": 3}, "numComments": 2}]
    assert read(tmp_path, "hf.json", json.dumps(hugging_face))[1] == []


def test_the_note_proposes_no_column_that_is_no_paper_s_date(tmp_path):
    """A Google Sheets reading list ("Title,Author(s),Abstract,Link,Date Added,Notes") had the note
    "its columns 'Date Added', 'Notes' are not read: to read one of them, give --field date=COLUMN":
    followed, it dated Attention Is All You Need 2024-01-08, the day the list took it, not 2017-06
    (its arXiv id's month). The note names only columns that could give a missing field, and a
    column of the day a paper was added, modified, accessed or read gives no paper's date."""
    text = ("Title,Author(s),Abstract,Link,Date Added,Date Modified,Access Date,Last Updated,Timestamp,Notes\n"
            "Attention Is All You Need,Ashish Vaswani,We propose the Transformer.,https://arxiv.org/abs/1706.03762,"
            "2024-01-08,2024-01-09,2024-01-10,2024-01-11,2024-01-12,\"Classic; re-read section 3.2\"\n")
    digest, problems = read(tmp_path, "Reading list - Sheet1.csv", text)
    assert problems == [] and digest.entries[0].date == ""
    digest, problems = read(tmp_path, "list.csv", text.replace("Date Added", "Paper Date", 1))
    assert messages(problems) == ["list.csv:1: note: no paper in this file has a date, and its columns 'Paper Date' are "
                                  "not read: to read one of them, give --field date=COLUMN"]


def test_excel_s_text_forcing_cells_are_read_as_their_text(tmp_path):
    """Excel keeps a number as text (an arXiv id, losing no zero) by writing the cell ="2401.00020"; it
    reaches the CSV as that or quoted, its quotes doubled, and was kept as the id itself, a paper of its own.
    Any cell of exactly that form is its inner text, as Excel shows it; other text with "= is as it is."""
    text = ('id,title,abstract,date\n="2401.00020",T one,A,="2023-09-21"\n"=""2401.00021""",T two,A,2023\n'
            '2401.00022,"=""a"" b",="x" y,2023\n')
    digest, problems = read(tmp_path, "excel.csv", text)
    assert problems == []
    assert [(e.id, e.title, e.abstract, e.date) for e in digest.entries] == [
        ("2401.00020", "T one", "A", "2023-09-21"), ("2401.00021", "T two", "A", "2023"),
        ("2401.00022", '="a" b', '="x" y', "2023")]


def test_a_hugging_face_or_alphaxiv_address_gives_the_arxiv_id(tmp_path):
    """A reading list of Hugging Face (or alphaXiv) paper links gave papers without ids: the same
    paper given by its arXiv id in another digest was a second page. The record's own address
    names the arXiv id; a link in its abstract does not (it may be another paper's)."""
    text = ("title,url,abstract\nT one,https://huggingface.co/papers/2401.00020,A\n"
            "T two,huggingface.co/papers/2401.00021v2?utm=x,A\nT three,https://www.alphaxiv.org/abs/2401.00022,A\n"
            "T four,https://example.org/x,See https://huggingface.co/papers/2401.00023\n"
            "T five,https://huggingface.co/papers/trending,A\n")
    digest, problems = read(tmp_path, "reading-list.csv", text)
    assert problems == []
    assert [e.id for e in digest.entries] == ["2401.00020", "2401.00021", "2401.00022", "", ""]
    assert digest.entries[0].url == "https://huggingface.co/papers/2401.00020"  # (its page, as given)


def test_csv_with_a_note_above_its_header_is_read_from_line_2(tmp_path):
    """Dimensions' CSV export starts with an "About the data" line (export date, criteria,
    copyright) above its header: every file was refused with "no 'title' column"."""
    text = ('"About the data: Exported on Dec 01, 2026. Criteria: Publication Type is Preprint.",'
            '"© 2026 Digital Science & Research Solutions Inc.","https://app.dimensions.ai/discover/publication"\n'
            'Rank,Publication ID,DOI,arXiv ID,Title,Abstract,Publication Date,Authors\n'
            '1,pub.1,10.31223/x5abc1,arXiv:2309.10986,A title,An abstract.,2023-09-21,"Lee, Ann; Chen, Bo"\n')
    digest, problems = read(tmp_path, "Dimensions-Publication-2026-12-01_11-00-00.csv", text)
    assert [(p.line, p.level) for p in problems] == [(1, "note")]
    entry = digest.entries[0]
    assert (entry.title, entry.id, entry.authors, entry.source.line) == ("A title", "2309.10986", ("Ann Lee", "Bo Chen"), 3)


def test_csv_with_a_sheet_title_and_a_blank_row_above_its_header(tmp_path):
    """A sheet with its title in the first row and a blank row under it (a report's layout, saved
    as CSV by Excel or Google Sheets) was refused: "no 'title' column (columns found: 'Reading list')"."""
    text = ("Reading list (exported 2023-09-25),,,\r\n,,,\r\nTitle,Authors,Abstract,arXiv ID\r\n"
            'ReAct,"Yao, Shunyu and Zhao, Jeffrey","An abstract, with a comma.",2210.03629\r\n')
    digest, problems = read(tmp_path, "Reading list - Sheet1.csv", text)
    assert [(p.line, p.level, p.message[-20:]) for p in problems] == [(1, "note", "the header is line 3")]
    assert problems[0].message.startswith("lines 1 to 2 are no header")
    (entry,) = digest.entries
    assert (entry.title, entry.authors, entry.id, entry.source.line) == ("ReAct", ("Shunyu Yao", "Jeffrey Zhao"), "2210.03629", 4)
    too_deep = "Notes\n" * 6 + "Title,Abstract\nT,A\n"  # no table starts so far down
    assert messages(read(tmp_path, "deep.csv", too_deep)[1]) == ["deep.csv:1: error: no 'title' column (columns found: 'Notes')"
                                                                 + MAP_TITLE]


MAP_TITLE = "; name the column holding the titles with --field title=COLUMN (and the others as --field abstract=COLUMN …)"


def test_csv_whose_title_column_has_another_name_says_how_to_map_it(tmp_path):
    """A sheet naming its title column otherwise (a hand-made reading list's "Paper", a German
    Excel's "Titel;Autoren;Zusammenfassung;Datum") was refused without a word of what reads it."""
    text = "Titel;Autoren;Zusammenfassung;Datum\nÜber Modelle;Müller, Jürgen;Wir untersuchen.;21.09.2023\n"
    (problem,) = read(tmp_path, "liste.csv", text)[1]
    assert problem.message.endswith(MAP_TITLE)
    # its columns as --field names them (the header was one column, "Titel;Autoren;Zusammenfassung;Datum")
    assert problem.message.startswith("no 'title' column (columns found: 'Titel', 'Autoren', 'Zusammenfassung', 'Datum')")
    (problem,) = read(tmp_path, "t.csv", "Titel\tAutor\nA\tB\n")[1]
    assert problem.message.startswith("no 'title' column (columns found: 'Titel', 'Autor')")
    mapping = {"title": "Titel", "abstract": "Zusammenfassung", "authors": "Autoren", "date": "Datum"}
    (tmp_path / "liste.csv").write_text(text, encoding="utf-8")
    digest, problems = read_digest(tmp_path / "liste.csv", field_map=mapping)
    assert problems == []
    assert [(e.title, e.authors, e.date) for e in digest.entries] == [("Über Modelle", ("Jürgen Müller",), "2023-09-21")]


def test_csv_holding_another_format_says_so_briefly(tmp_path):
    # a JSON export saved as .csv: its one line is a "header" of thousands of "columns", once printed whole
    papers = [{"title": f"Paper {n}", "abstract": ABSTRACT, "authors": ["Ann Lee", "Bo Chen"]} for n in range(2000)]
    (problem,) = read(tmp_path, "papers.csv", json.dumps(papers))[1]
    assert len(str(problem)) < 1000
    assert str(problem).startswith("papers.csv:1: error: no 'title' column (columns found: '[{\"title\": \"Paper 0\"'")
    assert problem.message.endswith(", … (7,988 more)); the file holds JSON: name it .json (or .jsonl for one "
                                    "object per line)")
    (problem,) = read(tmp_path, "refs.csv", "TY  - JOUR\nTI  - A\nER  - \n")[1]
    assert problem.message == "no 'title' column (columns found: 'TY  - JOUR'); the file holds RIS: name it .ris"
    (problem,) = read(tmp_path, "t.csv", "Name,Year\nA,2023\n")[1]  # a table without a title: as before
    assert problem.message == "no 'title' column (columns found: 'Name', 'Year')" + MAP_TITLE


def test_csv_missing_abstract_column_warns_once(tmp_path):
    digest, problems = read(tmp_path, "m.csv", "Title,Authors\nX,A\nY,B\n")
    assert [(e.title, e.abstract, e.authors) for e in digest.entries] == [("X", "", ("A",)), ("Y", "", ("B",))]
    assert messages(problems) == ["m.csv:1: warning: no 'abstract' column; abstracts are empty"]


def test_an_empty_abstract_warns_as_a_missing_one_does(tmp_path):
    """A record whose abstract is given empty said nothing, while one without it was a warning at
    its line: both are a paper without an abstract (in a CSV with an abstract column, at its row)."""
    missing, empty = (json.dumps([{"paper": {"id": "2405.00002", "title": "B", **summary}}]) for summary in ({}, {"summary": ""}))
    assert messages(read(tmp_path, "hf.json", missing)[1]) == ["hf.json:1: warning: paper has no abstract"]
    assert messages(read(tmp_path, "hf.json", empty)[1]) == ["hf.json:1: warning: paper has no abstract"]
    records = [{"title": "A", "abstract": "Text."}, {"title": "B", "abstract": "  "}]
    assert messages(read(tmp_path, "p.jsonl", "".join(json.dumps(r) + "\n" for r in records))[1]) == [
        "p.jsonl:2: warning: paper has no abstract"]
    digest, problems = read(tmp_path, "e.csv", "title,abstract\nT one,\nT two,Text.\n\nT three,\n")
    assert len(digest.entries) == 3 and messages(problems) == [
        "e.csv:2: warning: paper has no abstract", "e.csv:5: warning: paper has no abstract"]
    # without an abstract column, the header's warning says it once
    assert messages(read(tmp_path, "n.csv", "title\nT one\n")[1]) == ["n.csv:1: warning: no 'abstract' column; abstracts are empty"]


def test_csv_extra_columns_are_ignored(tmp_path):
    digest, problems = read(tmp_path, "e.csv", ",title,stars,abstract,notes\n0,X,5,Y,z\n")
    assert messages(problems) == ["e.csv:1: note: no paper in this file has authors, and its columns 'notes' "
                                  "are not read: to read one of them, give --field authors=COLUMN"]  # ('stars' holds 5)
    assert [(e.title, e.abstract) for e in digest.entries] == [("X", "Y")]


def test_csv_ragged_rows_name_their_lines(tmp_path):
    text = 'title,abstract\n"Multi\nline title","Abs\r\ntract"\nshort\n\nA,B,C\nOK,Fine\n'
    digest, problems = read(tmp_path, "r.csv", text)
    assert [(e.title, e.abstract, e.source.line) for e in digest.entries] == [
        ("Multi line title", "Abs\ntract", 2), ("OK", "Fine", 8)
    ]
    assert messages(problems) == [  # the row at line 2 spans lines 2-4
        "r.csv:5: error: row has 1 fields but the header has 2",
        "r.csv:7: error: row has 3 fields but the header has 2",
    ]


def test_excels_rows_without_their_empty_last_cells_are_read(tmp_path):
    # after a sheet's first rows Excel leaves out the delimiters of empty last cells (KB77295): those
    # rows were refused, and the whole file with them; a row short of a column that holds text elsewhere still is
    rows = [f"Paper {i},Jane Doe,An abstract {i}.,cs.LG" + ("," if i <= 3 else "") for i in range(1, 6)]
    digest, problems = read(tmp_path, "excel.csv", "Title,Authors,Abstract,Tags,Notes\r\n" + "\r\n".join(rows) + "\r\n")
    assert problems == [] and [(e.title, e.categories) for e in digest.entries][-1] == ("Paper 5", ("cs.LG",))
    _, problems = read(tmp_path, "short.csv", "Title,Abstract,Notes\nA,An abstract.,x\nB,Another.\n")
    assert [m for m in messages(problems) if "error" in m] == ["short.csv:3: error: row has 2 fields but the header has 3"]


def test_csv_rows_of_only_delimiters_are_blank_lines(tmp_path):
    # Excel saves a blank row as ";;;;;" (its own width, or another), and a row of spaces is as blank
    text = "\ufeffTitle;Abstract;Authors;;\r\nA paper;An abstract.;Doe, Jane;;\r\n;;;;\r\n;;\r\n ; ;;;\r\nB;C;;;\r\n"
    digest, problems = read(tmp_path, "x.csv", text)
    assert problems == []
    assert [(e.title, e.authors, e.source.line) for e in digest.entries] == [("A paper", ("Jane Doe",), 2), ("B", (), 6)]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_saved_with_another_delimiter_is_read(tmp_path, delimiter):
    # A spreadsheet where the decimal mark is a comma saves "CSV" with semicolons, with a BOM
    # and CRLF line ends (Excel); tabs and bars are found the same way: by the header.
    row = delimiter.join(['"A title, with commas; and semicolons"', "Ann One, Bob Two", "An abstract, 1,5 %"])
    text = "\ufeff" + delimiter.join(["Title", "Authors", "Abstract"]) + "\r\n" + row + "\r\n"
    digest, problems = read(tmp_path, "s.csv", text)
    assert problems == []
    assert [(e.title, e.authors, e.abstract, e.source.line) for e in digest.entries] == [
        ("A title, with commas; and semicolons", ("Ann One", "Bob Two"), "An abstract, 1,5 %", 2)]


def test_a_spreadsheets_column_names_and_dates_are_read(tmp_path):
    # Column names as people write them: case, spaces and hyphens do not matter, and a link,
    # a published date and an arXiv id are found under the names spreadsheets give them.
    text = ("\ufeffTitle;Abstract;Author;Published Date;arXiv ID;Link\r\n"
            'Deep Nets;One.;"Smith, J.; Doe, J.";21/09/2023;arXiv:2309.00002v2;https://example.org/a\r\n'
            "Other;Two.;Ann Lee;Sep 3, 2023;;\r\n"
            "Third;Three.;Bo Li;05/06/2023;;\r\n")
    digest, problems = read(tmp_path, "sheet.csv", text)
    assert [(e.title, e.authors, e.date, e.id, e.url) for e in digest.entries] == [
        ("Deep Nets", ("J. Smith", "J. Doe"), "2023-09-21", "2309.00002", "https://example.org/a"),
        ("Other", ("Ann Lee",), "2023-09-03", "", ""),
        ("Third", ("Bo Li",), "2023-06-05", "", ""),  # a spreadsheet writes a column's dates one way: 21/09 is day first
    ]
    assert messages(problems) == []
    us = "Title,Abstract,Date\nOne,One.,12/25/2023\nTwo,Two.,03/02/2024\nThree,Three.,2024-05-01\n"
    assert [e.date for e in read(tmp_path, "us.csv", us)[0].entries] == ["2023-12-25", "2024-03-02", "2024-05-01"]
    alone = "Title,Abstract,Date\nOne,One.,05/06/2023\nTwo,Two.,13/02/2024\nThree,Three.,02/13/2024\n"
    digest, problems = read(tmp_path, "mixed.csv", alone)  # (days over 12 on both sides: nothing to go by)
    assert [e.date for e in digest.entries] == ["2023", "2024-02-13", "2024-02-13"]
    assert messages(problems) == [  # 05/06 is the 5th of June or May the 6th: not guessed
        "mixed.csv:2: warning: date '05/06/2023' could be day/month or month/day: only its year is read "
        "(write it as YYYY-MM-DD)"]


@pytest.mark.parametrize("column", ["arXiv URL", "arXiv link", "arxiv_url", "Abs URL", "PDF", "pdf_url", "Link", "Source"])
def test_csv_url_columns_of_reading_lists_give_the_url_and_its_id(tmp_path, column):
    url = "https://arxiv.org/pdf/2309.12345v2" if "pdf" in column.lower() else "https://arxiv.org/abs/2309.12345v2"
    digest, problems = read(tmp_path, "r.csv", f"Title,Abstract,{column}\nA paper,An abstract.,{url}\n")
    assert problems == []
    assert [(e.url, e.id) for e in digest.entries] == [(url, "2309.12345")]


def test_csv_source_and_pdf_columns_are_a_url_only_when_they_hold_one(tmp_path):
    # Publish or Perish's "Source" is a venue; a "PDF" column may hold a file's path
    text = "Title,Abstract,Source,PDF\nA paper,An abstract.,Nature,C:\\papers\\a.pdf\n"
    digest, problems = read(tmp_path, "r.csv", text)
    assert problems == []
    assert [(e.url, e.id) for e in digest.entries] == [("", "")]


def test_zoteros_csv_export_is_read(tmp_path):
    header = ('"Key","Item Type","Publication Year","Author","Title","Publication Title","DOI","Url",'
              '"Abstract Note","Date","Date Added","Manual Tags","Automatic Tags","Extra"')
    row = ('"ABCD1234","preprint","2023","Gómez, Ana; Wei, Li","Twisted Graphene","","10.48550/arXiv.2309.10986",'
           '"http://arxiv.org/abs/2309.10986","We study electrons.","2023-09-20","2023-10-01 10:00:00",'
           '"graphene; transport","","arXiv:2309.10986"')
    digest, problems = read(tmp_path, "zotero.csv", header + "\n" + row + "\n")
    assert problems == []
    (entry,) = digest.entries
    assert (entry.title, entry.abstract, entry.authors, entry.id, entry.date, entry.url, entry.categories) == (
        "Twisted Graphene", "We study electrons.", ("Ana Gómez", "Li Wei"), "2309.10986", "2023-09-20",
        "http://arxiv.org/abs/2309.10986", ("graphene", "transport"))


def test_scopus_and_publish_or_perish_csv_exports_are_read(tmp_path):
    scopus = ('"Authors","Author full names","Title","Year","Source title","DOI","Link","Abstract","Author Keywords",'
              '"Index Keywords","Document Type","EID"\n'
              '"Smith J.; Doe A.B.","Smith, John (1); Doe, Anne B. (2)","Crop Yields","2023","Agri","10.1016/J.X.1",'
              '"https://www.scopus.com/inward/record.uri?eid=2","We predict.","crop yield; deep learning",'
              '"Agriculture","Article","2-s2.0-1"\n')
    digest, problems = read(tmp_path, "scopus.csv", scopus)
    (entry,) = digest.entries
    assert problems == []
    assert (entry.title, entry.authors, entry.id, entry.date, entry.categories) == (
        "Crop Yields", ("John Smith", "Anne B. Doe"), "10.1016/j.x.1", "2023", ("crop yield", "deep learning"))
    pop = ("Cites,Authors,Title,Year,Source,Publisher,ArticleURL,CitesURL,GSRank,Abstract\n"
           '7,"A Vaswani, N Shazeer",Attention is all you need,2017,NeurIPS,neurips.cc,https://papers.nips.cc/p/1,'
           "https://scholar.google.com/s?cites=1,1,The dominant models.\n")
    digest, problems = read(tmp_path, "pop.csv", pop)
    assert problems == []
    assert [(e.authors, e.url, e.date) for e in digest.entries] == [
        (("A Vaswani", "N Shazeer"), "https://papers.nips.cc/p/1", "2017")]


def test_other_exports_names_are_taken_only_as_text(tmp_path):
    # A JSON whose "tags" are objects and whose "link" is a list (other schemas' shapes) reads as
    # it did before those names were known: they are not the paper's categories or URL.
    text = json.dumps([{"title": "T", "abstract": "A", "tags": [{"tag": "x", "type": 1}],
                        "link": [{"href": "https://e.org"}], "year": 2021},
                       {"title": "U", "abstract": "B", "keywords": ["k1", "k2"], "doi": "10.1234/ABC"}])
    digest, problems = read(tmp_path, "o.json", text)
    assert problems == []
    assert [(e.categories, e.url, e.date, e.id) for e in digest.entries] == [
        ((), "", "2021", ""), (("k1", "k2"), "", "", "10.1234/abc")]


def test_an_apis_wrapped_result_list_is_read_with_its_lines(tmp_path):
    # Semantic Scholar's search wraps its papers in "data" beside counts; OpenAlex's in "results"
    # beside an empty "group_by" list: an object with one list of objects holds the papers.
    text = json.dumps({"total": 2, "offset": 0, "data": [
        {"paperId": "abc", "title": "S2 Paper", "abstract": "An abstract.", "year": 2023, "publicationDate": "2023-09-21",
         "authors": [{"authorId": "1", "name": "Ann Lee"}], "externalIds": {"ArXiv": "2309.00001"}},
        {"paperId": "def", "title": "Second", "abstract": None, "year": 2022, "publicationDate": None, "authors": [],
         "externalIds": {"DOI": "10.1000/XYZ", "CorpusId": 7}, "fieldsOfStudy": ["Physics"]}],
        "group_by": []}, indent=1)
    digest, problems = read(tmp_path, "s2.json", text)
    # the id is the arXiv id or DOI of "externalIds", never "paperId" (Semantic Scholar's own hash)
    assert [(e.title, e.authors, e.date, e.source.line, e.id, e.categories) for e in digest.entries] == [
        ("S2 Paper", ("Ann Lee",), "2023-09-21", 5, "2309.00001", ()),
        ("Second", (), "2022", 21, "10.1000/xyz", ("Physics",))]
    assert messages(problems) == ["s2.json:21: warning: paper has no abstract"]
    _, problems = read(tmp_path, "two.json", json.dumps({"a": [{"title": "T"}], "b": [{"title": "U"}]}))
    assert messages(problems) == ['two.json:1: error: expected a list of papers, or an object with a "papers" list '
                                  '(or with one list of papers), got object']


@pytest.mark.parametrize("written, iso", [
    ("2023-09-21T10:00:00Z", "2023-09-21"), ("2023/09/21", "2023-09-21"), ("2023-9-1", "2023-09-01"),
    ("21/09/2023", "2023-09-21"), ("9/21/2023", "2023-09-21"), ("07.07.2023", "2023-07-07"),
    # a European spreadsheet's dotted date is day first: 6 October, not "day or month?" (its year alone)
    ("06.10.2022", "2022-10-06"), ("1.2.2023", "2023-02-01"), ("09.21.2023", "2023-09-21"), ("06/10/2022", "2022?"),
    ("Sep 21, 2023", "2023-09-21"), ("21 September 2023", "2023-09-21"), ("Sept. 3rd, 2023", "2023-09-03"),
    ("September 2023", "2023-09"), ("Thu, 21 Sep 2023 10:00:00 GMT", "2023-09-21"), ("2023", "2023"),
    ("21-Sep-2023", "2023-09-21"), ("1-Jan-2020", "2020-01-01"), ("Sep-2023", "2023-09"),  # Excel's d-mmm-yyyy
    ("20230921", "2023-09-21"), (20230921, "2023-09-21"), ("20230231", "?"), ("2023092", "?"),
    ("31/02/2023", "2023?"), ("Spring 2022", "2022?"), ("c. 1990", "1990?"), ("2022-2023", "?"), ("soon", "?"),
])
def test_dates_in_the_forms_spreadsheets_and_feeds_write(tmp_path, written, iso):
    # "?": a warning; what is not a date gives its one year, if it names one
    digest, problems = read(tmp_path, "d.jsonl", json.dumps({"title": "T", "abstract": "A", "date": written}) + "\n")
    assert digest.entries[0].date == iso.rstrip("?")
    assert bool(problems) == iso.endswith("?")


def test_csv_whose_header_names_no_title_on_any_delimiter_is_split_where_it_has_most_columns(tmp_path):
    _, problems = read(tmp_path, "n.csv", "headline;abstract\nX;Y\n")
    assert messages(problems) == ["n.csv:1: error: no 'title' column (columns found: 'headline', 'abstract')" + MAP_TITLE]
    _, problems = read(tmp_path, "o.csv", "headline\nX\n")  # one column: as a comma splits it
    assert messages(problems) == ["o.csv:1: error: no 'title' column (columns found: 'headline')" + MAP_TITLE]


def test_csv_authors_that_are_not_a_list_literal(tmp_path):
    text = "title,abstract,authors\nT,A,\"['A B', 'C D']\"\nT,A,\"A B, C D and E F\"\nT,A,\"[1, 2\"\nT,A,\n"
    digest = read(tmp_path, "a.csv", text)[0]
    assert [e.authors for e in digest.entries] == [
        ("A B", "C D"), ("A B", "C D", "E F"), ("[1", "2"), ()
    ]


def test_csv_authors_one_a_line_in_their_cell(tmp_path):
    """A spreadsheet's author cell with a name a line (Alt+Enter between them, saved as a quoted
    multi-line cell) was one author, "Ashish Vaswani Noam Shazeer Niki Parmar"."""
    cells = ["Ashish Vaswani\nNoam Shazeer\nNiki Parmar", "Vaswani, Ashish\r\nShazeer, Noam\r\n",
             "Ann Lee, Bo Chen,\nCy Dee and Ed Fox",  # a list wrapped over lines, as before
             "Ann Lee, Bo\nChen, Cy Dee"]  # wrapped after a given name: no "Last, First" lines
    text = "title,abstract,authors\r\n" + "".join(f'T,A,"{cell}"\r\n' for cell in cells)
    digest, problems = read(tmp_path, "a.csv", text)
    assert problems == []
    assert [e.authors for e in digest.entries] == [
        ("Ashish Vaswani", "Noam Shazeer", "Niki Parmar"), ("Ashish Vaswani", "Noam Shazeer"),
        ("Ann Lee", "Bo Chen", "Cy Dee", "Ed Fox"), ("Ann Lee", "Bo Chen", "Cy Dee")]


def test_csv_authors_as_surnames_and_initials(tmp_path):
    text = 'title,abstract,authors\nT,A,"Smith, J., Doe, A. and Lee, K."\nT,A,"Smith, J.-P., and Doe, A. B."\nT,A,"Smith, J., Ann Doe"\n'
    digest = read(tmp_path, "a.csv", text)[0]
    assert [e.authors for e in digest.entries] == [
        ("J. Smith", "A. Doe", "K. Lee"), ("J.-P. Smith", "A. B. Doe"), ("Smith", "J.", "Ann Doe")
    ]


# --- properties ----------------------------------------------------------------------------

FIXTURE_HEALTH_CHECK = HealthCheck.function_scoped_fixture  # tmp_path is reused: files overwritten

# Text the readers keep exactly: no surrogates, no control characters except tab and newline
# (the readers remove the others), with nothing at the ends that str.strip() would remove.
kept_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n"), max_size=200
).map(str.strip)


@settings(max_examples=150, deadline=None, suppress_health_check=[FIXTURE_HEALTH_CHECK])
@given(papers=st.lists(st.tuples(kept_text.filter(lambda t: any(unicodedata.category(c)[0] not in "ZC" for c in t)),
                                  kept_text), min_size=1, max_size=5))
def test_jsonl_round_trips_exactly(tmp_path, papers):  # (a title of format characters alone is empty: an error)
    lines = [json.dumps({"title": t, "abstract": a}, ensure_ascii=False) for t, a in papers]
    digest, problems = read(tmp_path, "p.jsonl", "\n".join(lines))
    assert [p for p in problems if p.is_error] == []
    # titles: runs of spaces, tabs and line breaks become one space; everything else is kept
    assert [(e.title, e.abstract) for e in digest.entries] == [(re.sub(r"[ \t\n]+", " ", t), a) for t, a in papers]


@settings(max_examples=150, deadline=None, suppress_health_check=[FIXTURE_HEALTH_CHECK])
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_txt_never_crashes(tmp_path, text):
    digest, problems = read(tmp_path, "p.txt", text)
    line_count = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    assert all(1 <= p.line <= line_count and p.path == "p.txt" for p in problems)
    assert all(e.title and "\n" not in e.title + e.abstract for e in digest.entries)
    assert problems or digest.entries


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["title", "Abstract", "authors", "id", "url", "date",
                                       "categories", "papers", "other"]), inner, max_size=6),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[FIXTURE_HEALTH_CHECK])
@given(value=json_values)
def test_any_json_value_gives_entries_or_problems(tmp_path, value):
    for name, text in [("v.json", json.dumps(value, indent=1)), ("v.jsonl", json.dumps(value))]:
        digest, problems = read(tmp_path, name, text)
        assert problems or digest.entries
        assert all(p.line >= 1 for p in problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[FIXTURE_HEALTH_CHECK])
@given(data=st.binary(max_size=300), suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_any_bytes_give_entries_or_problems(tmp_path, data, suffix):
    digest, problems = read(tmp_path, f"b{suffix}", data)
    assert problems or digest.entries
    assert all(p.line >= 1 and p.level in ("error", "warning", "note") for p in problems)


csv_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\0")


@settings(max_examples=150, deadline=None, suppress_health_check=[FIXTURE_HEALTH_CHECK])
@given(rows=st.lists(st.lists(st.text(csv_chars, max_size=30), max_size=4), max_size=6))
def test_every_csv_row_gives_an_entry_or_an_error(tmp_path, rows):
    out = io.StringIO()
    csv.writer(out).writerows([["title", "abstract"], *rows])
    digest, problems = read(tmp_path, "r.csv", out.getvalue())
    error_lines = {p.line for p in problems if p.is_error}
    filled = sum(1 for row in rows if any(field.strip() for field in row))  # others are blank lines
    if filled:
        assert len(digest.entries) + len(error_lines) == filled


def test_arxiv_rows_with_shifted_columns_keep_their_subjects(tmp_path):
    from generator.readers import read_digest

    path = tmp_path / "2023-09-21-arxiv.csv"
    path.write_text(
        "paper_id,title,subjects,abstract\n"
        '2309.11022,Information Leakage,"Journal-ref: Proc. AISec \'23","Subjects: Machine Learning (cs.LG); Cryptography and Security (cs.CR)"\n',
        encoding="utf-8")
    digest, problems = read_digest(path)
    [entry] = digest.entries
    assert entry.abstract == ""
    assert entry.categories == ("cs.LG", "cs.CR")
    assert [p.line for p in problems] == [2] and "shifted row" in problems[0].message


def test_ids_in_every_form_are_canonical_in_json_jsonl_and_csv(tmp_path):
    records = [{"title": "A", "abstract": "x", "arxiv_id": 2401.00001},
               {"title": "B", "abstract": "x", "arxiv_id": 2401.10000},
               {"title": "C", "abstract": "x", "id": "https://arxiv.org/abs/2401.00003v2"},
               {"title": "D", "abstract": "x", "id": "https://doi.org/10.1145/ABC"},
               {"title": "E", "abstract": "x", "url": "http://arxiv.org/pdf/2401.00005v3"}]
    expected = ("2401.00001", "2401.10000", "2401.00003", "10.1145/abc", "2401.00005")
    for name, text in (("j.json", json.dumps(records)), ("j.jsonl", "\n".join(json.dumps(r) for r in records))):
        digest, problems = read(tmp_path, name, text)
        assert problems == [] and tuple(e.id for e in digest.entries) == expected
    rows = "title,abstract,arxiv_id\nA,x,2401.00001\nB,x,2401.1\nC,x,arXiv:2401.00003v2\n"
    assert tuple(e.id for e in read(tmp_path, "c.csv", rows)[0].entries) == ("2401.00001", "2401.10000", "2401.00003")


# --- plain text: alternation is the rule (issue 10, item 4) ---------------------------------

TEN_PAPERS = [
    ("Scaling Laws for Sparse Mixtures", "Abstract not available."),
    ("A Study of Robot Grasping", "We propose X."),
    ("Benchmarks Considered Harmful", "N/A"),
    ("Learning to Plan with Language Models in Long-Horizon Household Tasks Across Many Environments.",
     "We study planning. We find that language models plan well when given feedback."),
    ("Diffusion Policies", "Short."),
    ("On the Limits of In-Context Learning for Tabular Data and What Can Be Done About It.",
     "Tabular data is everywhere. Models struggle with it; we show why."),
    ("GA-S$^3$: Comprehensive Social Network Simulation with Group Agents", "TBD"),
    ("Graph Transformers", "We propose a graph transformer. It is fast."),
    ("Vision Language Action Models", "Code: https://example.org/vla"),
    ("Why Do Agents Fail?", "We analyse failures of agents in detail. Most come from planning."),
]


def test_alternating_lines_pair_up_whatever_they_look_like(tmp_path):
    text = "\n".join(f"{t}\n{a}" for t, a in TEN_PAPERS) + "\n"
    digest, problems = read(tmp_path, "ten.txt", text)
    assert problems == []
    assert [(e.title, e.abstract) for e in digest.entries] == TEN_PAPERS


@pytest.mark.parametrize("missing", range(len(TEN_PAPERS)))
def test_a_title_without_abstract_is_found_named_and_the_rest_still_pairs(tmp_path, missing):
    lines = [line for pair in TEN_PAPERS for line in pair]
    del lines[2 * missing + 1]
    digest, problems = read(tmp_path, "ten.txt", "\n".join(lines) + "\n")
    expected = [*TEN_PAPERS[:missing], (TEN_PAPERS[missing][0], ""), *TEN_PAPERS[missing + 1:]]
    assert [(e.title, e.abstract) for e in digest.entries] == expected
    assert messages(problems) == [f"ten.txt:{2 * missing + 1}: warning: title has no abstract"]


# Papers 1, 4 and 8 are left out: their abstracts ("We propose X.", "Short.", "Code: https://…")
# read as well as titles, and without their title they are taken for a title without abstract
# (a warning at the same line).
@pytest.mark.parametrize("missing", [0, 2, 3, 5, 6, 7, 9])
def test_an_abstract_without_title_is_an_error_at_its_line(tmp_path, missing):
    lines = [line for pair in TEN_PAPERS for line in pair]
    del lines[2 * missing]
    digest, problems = read(tmp_path, "ten.txt", "\n".join(lines) + "\n")
    assert [(e.title, e.abstract) for e in digest.entries] == TEN_PAPERS[:missing] + TEN_PAPERS[missing + 1:]
    assert messages(problems) == [f"ten.txt:{2 * missing + 1}: error: abstract has no title"]


# --- not regular files, linear JSON (issue 10, items 10 and 11) ------------------------------


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    digest, problems = read_digest(tmp_path / "pipe.txt", display_path="pipe.txt")
    assert digest.entries == ()
    assert messages(problems) == ["pipe.txt:1: error: not a regular file (a FIFO): a digest must be a file"]


def test_json_lines_are_counted_once_not_per_record(tmp_path, monkeypatch):
    """Issue 10, item 10: every record's line was found by rescanning the text from its start."""
    import generator.readers.decoding as decoding
    import generator.readers.jsonfile as jsonfile

    calls = []
    for module in (decoding, jsonfile):
        monkeypatch.setattr(module, "line_and_column", lambda *a, real=decoding.line_and_column: calls.append(a) or real(*a))
    records = [{"title": f"T{i}", "abstract": "A"} for i in range(500)]
    text = "[\n" + ",\n\n".join(json.dumps(r) for r in records) + "]"
    digest, problems = read(tmp_path, "many.json", text)
    assert problems == [] and [e.source.line for e in digest.entries] == [2 + 2 * i for i in range(500)]
    assert len(calls) <= 1


@pytest.mark.parametrize("authors, expected", [
    ("Ann Lee; Bo Chen", ("Ann Lee", "Bo Chen")),
    ("Lee, Ann and Chen, Bo", ("Ann Lee", "Bo Chen")),
    ("Lee, Ann; Chen, Bo", ("Ann Lee", "Bo Chen")),
    ("Lee, Ann", ("Ann Lee",)),
    ("Terekhov, Andrew V.", ("Andrew V. Terekhov",)),  # Zotero's CSV: a paper's only author
    ("Nguyen, Son The", ("Son The Nguyen",)),
    ("van der Berg, Jan", ("Jan van der Berg",)),
    ("van der Berg, Jan and Lee, A.", ("Jan van der Berg", "A. Lee")),
    ("Ann Lee, Bo Chen and Cy Dee", ("Ann Lee", "Bo Chen", "Cy Dee")),
    ("Ann Lee, Bo Chen, and Cy Dee", ("Ann Lee", "Bo Chen", "Cy Dee")),
    ("Ann Lee and Bo Chen", ("Ann Lee", "Bo Chen")),
    ("['Ann Lee', 'Bo Chen']", ("Ann Lee", "Bo Chen")),
])
def test_csv_author_separators_and_last_first_names(tmp_path, authors, expected):
    """Issue 10, item 8."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["title", "abstract", "authors"], ["T", "A", authors]])
    digest, problems = read(tmp_path, "a.csv", buffer.getvalue())
    assert problems == [] and digest.entries[0].authors == expected


@pytest.mark.parametrize("authors, expected", [
    ("Smith, John, Jr.", ("John Smith Jr.",)),  # Zotero's CSV: a paper's only author, with a suffix
    ("Lee, Ann and Smith, John, Jr.", ("Ann Lee", "John Smith Jr.")),
    ("John Smith, Jr., Ann Lee", ("John Smith Jr.", "Ann Lee")),  # a feed's dc:creator
    ("Ann Lee, John Smith, III", ("Ann Lee", "John Smith III")),
    ("Lee, Ann and Kumar, V", ("Ann Lee", "V Kumar")),  # an initial V, no suffix
    ("Smith, J., Doe, A.", ("J. Smith", "A. Doe")),
])
def test_a_suffix_after_a_comma_ends_its_name_and_is_no_author(tmp_path, authors, expected):
    """"Smith, John, Jr." was three authors, "Smith", "John" and "Jr.", and "John Smith, Jr., Ann
    Lee" had an author "Jr.": a suffix between commas belongs to the name before it, as RIS's
    "Smith, John, Jr." is "John Smith Jr."."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["title", "abstract", "authors"], ["T", "A", authors]])
    digest, problems = read(tmp_path, "a.csv", buffer.getvalue())
    assert problems == [] and digest.entries[0].authors == expected


@pytest.mark.parametrize("authors", [["Lee, Ann", "Chen, Bo"], [{"name": "Lee, Ann"}, {"name": "Chen, Bo"}],
                                     "['Lee, Ann', 'Chen, Bo']"])
def test_a_list_of_last_first_names_is_read_as_first_last(tmp_path, authors):
    """A JSON list of "Last, First" names (a reading-list export) reads as a string of them does."""
    record = {"title": "T", "abstract": "A", "authors": authors}
    digest, problems = read(tmp_path, "a.jsonl", json.dumps(record) + "\n")
    assert problems == [] and digest.entries[0].authors == ("Ann Lee", "Bo Chen")


@pytest.mark.parametrize("authors", [["Terekhov, Andrew V."], [{"name": "Terekhov, Andrew V."}]])
def test_a_list_of_one_last_first_name_is_read_as_first_last(tmp_path, authors):
    """CORE's API lists a paper's only author as {"name": "Terekhov, Andrew V."}."""
    record = {"title": "T", "abstract": "A", "authors": authors}
    digest, problems = read(tmp_path, "a.jsonl", json.dumps(record) + "\n")
    assert problems == [] and digest.entries[0].authors == ("Andrew V. Terekhov",)


# --- labelled plain text (arXiv listings and mailings) ---------------------------------------

MAILING = r"""Submissions to: Computation and Language
received from  Wed 20 Sep 23 18:00:00 GMT  to  Thu 21 Sep 23 18:00:00 GMT
------------------------------------------------------------------------------
\\
arXiv:2309.12345
Date: Thu, 21 Sep 2023 17:59:59 GMT   (1234kb)

Title: Sparse Attention
  Revisited
Authors: Ann Lee, Bo Chen and Cy Dee
Categories: cs.CL cs.LG
Comments: 10 pages,
  3 figures
\\
  We revisit sparse attention and show it matches dense attention on long
documents.

  A second paragraph.
\\ ( https://arxiv.org/abs/2309.12345 ,  1234kb)
------------------------------------------------------------------------------
\\
arXiv:2308.00001
replaced with revised version Thu, 21 Sep 2023 12:00:00 GMT   (99kb)

Title: An Older Paper
Authors: Dee Eff
Categories: math.PR
\\ ( https://arxiv.org/abs/2308.00001 ,  99kb)
------------------------------------------------------------------------------
"""


def test_arxiv_mailing_is_read_paper_by_paper(tmp_path):
    digest, problems = read(tmp_path, "mailing.txt", MAILING)
    first, second = digest.entries
    assert (first.title, first.authors, first.id, first.date, first.categories, first.url) == (
        "Sparse Attention Revisited", ("Ann Lee", "Bo Chen", "Cy Dee"), "2309.12345", "2023-09-21", ("cs.CL", "cs.LG"),
        "https://arxiv.org/abs/2309.12345")
    assert first.abstract == ("We revisit sparse attention and show it matches dense attention on long documents.\n\n"
                              "A second paragraph.")
    assert (second.title, second.id, second.abstract, second.categories) == ("An Older Paper", "2308.00001", "", ("math.PR",))
    assert messages(problems) == [
        "mailing.txt:1: warning: text outside a labelled paper (a paper starts with 'Title:'): ignored",
        "mailing.txt:25: warning: paper has no abstract"]  # a replaced paper's entry has none


def test_a_copied_arxiv_listing_s_cross_lists_and_replacements_keep_their_ids(tmp_path):
    """arXiv's /new listing marks a cross-list "(cross-list from cs.AI)" and a replacement
    "(replaced)" between the id and the links: the line was "text outside a labelled paper" and
    those papers were read without their ids."""
    listing = ("[1]  arXiv:2309.12345 [pdf, html, other]\nTitle: Sparse\nAuthors: Ann Lee\n"
               "Subjects: Machine Learning (cs.LG)\nWe show things.\n\n"
               "[2]  arXiv:2309.22222 (cross-list from cs.AI) [pdf, html, other]\nTitle: Graphs\nAuthors: Bo Chen\n"
               "Subjects: Robotics (cs.RO)\nRobots move.\n\n"
               "[3]  arXiv:2309.33333 (replaced) [pdf]\nTitle: Old\nAuthors: Cy Dee\nSubjects: Robotics (cs.RO)\n")
    digest, problems = read(tmp_path, "new.txt", listing)
    assert [(e.id, e.title) for e in digest.entries] == [("2309.12345", "Sparse"), ("2309.22222", "Graphs"),
                                                         ("2309.33333", "Old")]
    assert messages(problems) == ["new.txt:14: warning: paper has no abstract"]


def test_a_copied_arxiv_listing_and_hand_written_blocks(tmp_path):
    listing = ("arXiv:2309.12345 [pdf, other]\nTitle: Sparse Attention Revisited\nAuthors: Ann Lee, Bo Chen\n"
               "Comments: 10 pages\nSubjects: Computation and Language (cs.CL); Machine Learning (cs.LG)\n"
               "Abstract: We revisit sparse attention.\n\narXiv:2309.22222 [pdf, ps, other]\nTitle: Graph Nets\n"
               "Authors: Cy Dee\nSubjects: Machine Learning (cs.LG)\nAbstract: We scale graph nets.\n")
    digest, problems = read(tmp_path, "listing.txt", listing)
    assert [(e.title, e.id, e.authors, e.categories, e.abstract) for e in digest.entries] == [
        ("Sparse Attention Revisited", "2309.12345", ("Ann Lee", "Bo Chen"),
         ("cs.CL", "cs.LG"), "We revisit sparse attention."),
        ("Graph Nets", "2309.22222", ("Cy Dee",), ("cs.LG",), "We scale graph nets.")]
    assert problems == []
    blocks = ("Title: A Paper on Things\nKeywords: deep learning\n\nAbstract: We study things,\nover two lines.\nDOI: 10.1000/ABC\n\n"
              "title: <b>Second</b> paper\nabstract: {{ not Jinja }}\n")
    digest, problems = read(tmp_path, "blocks.txt", blocks)
    assert [(e.title, e.abstract, e.id) for e in digest.entries] == [
        ("A Paper on Things", "We study things, over two lines.", "10.1000/abc"), ("<b>Second</b> paper", "{{ not Jinja }}", "")]
    assert digest.entries[0].categories == ("deep learning",)  # words, not arXiv codes: one keyword
    # arXiv's /new listing: numbered id lines, and each abstract unlabelled after Subjects:
    new = ("[1]  arXiv:2309.12345 [pdf, html, other]\nTitle: Sparse\nAuthors: Ann Lee\nComments: 5 pages\n"
           "Subjects: Machine Learning (cs.LG)\nWe show things,\nover two lines.\n\n"
           "[2]  arXiv:2309.22222 [pdf, other]\nTitle: Graphs\nAuthors: Bo Chen\nSubjects: Robotics (cs.RO)\n\n"
           "Robots move.\n")
    digest, problems = read(tmp_path, "new.txt", new)
    assert [(e.id, e.title, e.categories, e.abstract) for e in digest.entries] == [
        ("2309.12345", "Sparse", ("cs.LG",), "We show things, over two lines."),
        ("2309.22222", "Graphs", ("cs.RO",), "Robots move.")]
    assert problems == []
    # any other label marks labelled papers too: a reading list of titles and links
    digest, problems = read(tmp_path, "links.txt", "Title: Sparse\nLink: https://arxiv.org/abs/2309.12345\n\n"
                                                   "Title: Graphs\nLink: https://arxiv.org/abs/2309.22222v2\n")
    assert [(e.title, e.id) for e in digest.entries] == [("Sparse", "2309.12345"), ("Graphs", "2309.22222")]
    assert messages(problems) == ["links.txt:1: warning: paper has no abstract", "links.txt:4: warning: paper has no abstract"]
    # a plain digest whose title starts with "Title:" is still a plain digest
    digest, _ = read(tmp_path, "plain.txt", f"Title: A Study of Titles\n{ABSTRACT}\n")
    assert [e.title for e in digest.entries] == ["Title: A Study of Titles"]


@settings(max_examples=150, deadline=None, suppress_health_check=[FIXTURE_HEALTH_CHECK])
@given(lines=st.lists(st.sampled_from(["Title: T", "Authors: A, B", "Abstract: X.", "\\\\", "", "-----", "arXiv:2309.12345",
                                       "Date: Thu, 21 Sep 2023 17:59:59 GMT", "wrapped", "Comments: c",
                                       "\\\\ ( https://arxiv.org/abs/2309.12345 , 1kb)", "Categories: cs.CL"]),
                      max_size=30))
def test_labelled_text_never_crashes(tmp_path, lines):
    text = "\n".join(["Title: First", "Abstract: First.", *lines])
    digest, problems = read(tmp_path, "l.txt", text)
    assert all(1 <= p.line <= len(text.split("\n")) for p in problems)
    assert digest.entries[0].title == "First" and all(e.title for e in digest.entries)


_TEX_ALPHABET = st.sampled_from([*"abcXYZ019 .,;:!?'\"-()[]<>@#^_*/+=|\n\r\t\u00a0éü–—“”", "\\", "{", "}", "$", "%",
                                 "&", "~", "`", "--", "''", "``", "!`", "?`", "\\'a", "{\\\"o}", "$x^2$", "\\TeX"])


@given(st.lists(_TEX_ALPHABET, max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_decode_tex_is_pylatexenc_on_any_text(text):
    # decode_tex returns a text with nothing TeX would read as it is, unparsed: the same result
    # (a bare "%" or "&" is the character, never a TeX comment or column).
    from generator.readers import tex

    assert tex.decode_tex(text) == tex._DECODER.latex_to_text(tex.prepared(text))


def test_tex_text_symbols_pylatexenc_drops_are_read():
    # "\S 3" read "3" and "\copyright{} 2020" read " 2020": the symbol was lost
    from generator.readers.tex import decode_tex

    assert decode_tex(r"See \S 3 and \P 2; \copyright{} 2020; \pounds 5, \euro 5; 30\degree; \checkmark") == (
        "See §3 and ¶2; © 2020; £5, €5; 30°; ✓")


def test_bibtex_read_with_the_plain_text_shortcut_is_read_as_pylatexenc_reads_it(monkeypatch):
    path = DATA / "sources/zotero-reading-list.bib"
    fast = read_digest(path)
    from generator.readers import tex

    monkeypatch.setattr(tex, "_TEX", re.compile(""))  # every text through pylatexenc
    assert read_digest(path) == fast


def test_bibtex_with_an_href_is_read(tmp_path):
    """An abstract's "\\href{URL}{text}" (as arXiv abstracts link their code) was an internal error
    (IndexError in pylatexenc) that stopped `new`, `add` and the build; a text pylatexenc cannot
    read (a command without its arguments) is kept as written, its accents decoded."""
    bib = tmp_path / "2023-01-10-a.bib"
    bib.write_text("@misc{a, title={Fast {\\'e}tudes on \\sqrt}, author={Smith, John}, year={2023},\n"
                   " abstract={Code is at \\href{https://github.com/smith/fsr}{this https URL}.}}\n",
                   encoding="utf-8")
    entry = read_digest(bib)[0].entries[0]
    assert entry.title == "Fast \u00e9tudes on \\sqrt"
    assert entry.abstract == "Code is at this https URL <https://github.com/smith/fsr>."


def test_chinese_japanese_and_korean_names_keep_the_family_name_first(tmp_path):
    """"王, 小明" is 王小明 to a reader, not "小明 王" (BibTeX and RIS, read as "Last, First"); names
    in Latin letters are turned as before."""
    bib = tmp_path / "2024-01-01-a.bib"
    bib.write_text("@article{a, title={T one}, author={王, 小明 and 李, 华 and Smith, John and 김, 민수}, year={2024}}\n",
                   encoding="utf-8")
    ris = tmp_path / "2024-01-01-b.ris"
    ris.write_text("TY  - JOUR\nTI  - T two\nAU  - 田中, 健\nAU  - Lee, Ann\nER  - \n", encoding="utf-8")
    assert read_digest(bib)[0].entries[0].authors == ("王小明", "李华", "John Smith", "김민수")
    assert read_digest(ris)[0].entries[0].authors == ("田中健", "Ann Lee")


def test_superscripts_and_subscripts_of_html_and_xml_keep_their_meaning():
    """PubMed's "10<sup>6</sup> cells", Crossref's JATS "10<jats:sup>−3</jats:sup>" and "CO<sub>2</sub>"
    lost their tags and read 106, 10−3 and CO2: a number changed."""
    from xml.etree.ElementTree import fromstring

    from generator.readers.values import html_to_text
    from generator.readers.xmlexports import _text

    assert html_to_text("10<sup>6</sup> cells, H<sub>2</sub>O") == "10⁶ cells, H₂O"
    assert html_to_text("10<jats:sup>−3</jats:sup> Ω at 2<jats:sup>8</jats:sup> K") == "10⁻³ Ω at 2⁸ K"
    assert html_to_text("the 1<sup>st</sup> T<sub>c</sub> and 10<sup>-3.5</sup>") == "the 1st Tc and 10^-3.5"
    assert _text(fromstring("<t>At 10<sup>6</sup> cells, CO<sub>2</sub><!-- a note --> and <i>in vivo</i></t>")) == \
        "At 10⁶ cells, CO₂ and in vivo"


def test_a_file_name_whose_date_is_no_date_is_a_warning(tmp_path):
    """2023-02-30 and 2023-9-26 in a name were passed over without a word: the digest was dated by
    its newest paper, or undated, and titled with its raw name."""
    for name, dated in (("2023-02-30-weekly.jsonl", "dated by its newest paper instead (2023-09-20)"),
                        ("2023-9-26-weekly.jsonl", "dated by its newest paper instead (2023-09-20)")):
        path = tmp_path / name
        path.write_text('{"title": "A paper", "abstract": "Text.", "date": "2023-09-20"}\n', encoding="utf-8")
        _, problems = read_digest(path, display_path=name)
        assert [(p.path, p.line, p.level) for p in problems] == [(name, 1, "warning")]
        assert problems[0].message.startswith(name[:name.index("-w")] + " in the file name is no date") and dated in problems[0].message
    path = tmp_path / "2023-09-26-weekly.txt"
    path.write_text("A paper\nText of it.\n", encoding="utf-8")
    assert read_digest(path)[1] == []


def test_a_csv_quote_left_open_is_named_as_such(tmp_path):
    """A missing closing quote swallowed the rest of the file, and the message counted fields of a
    line that visibly has them all."""
    path = tmp_path / "2023-09-25-x.csv"
    path.write_text('id,title,authors,abstract,date\n2309.20001,A title,Ann Lee,Some text.,2023-09-25\n'
                    '2309.20002,"Dense Retrieval, Revisited",Carla Diaz,"We revisit ""hard"" negatives.,2023-09-25\n'
                    '2309.20003,Another,Bo Chen,More text.,2023-09-25\n', encoding="utf-8")
    _, problems = read_digest(path)
    assert [(p.line, p.level) for p in problems] == [(3, "error")]
    assert "never closed: it runs to the end of the file (line 4)" in problems[0].message
    assert "is its closing quote missing?" in problems[0].message
    # left open in the last field: every row after it fitted the header, and was read into it without a word
    path.write_text('Title,Authors,Abstract\r\nQ1,Jane Doe,"unclosed abstract\r\nQ2,John Smith,abs\r\nQ3,Ann Lee,abs\r\n')
    digest, problems = read_digest(path)
    assert [(p.line, p.level) for p in problems] == [(2, "error")] and digest.entries == ()
    assert "never closed: it runs to the end of the file (line 4)" in problems[0].message


def test_a_csv_field_that_begins_with_a_quote_but_is_not_quoted_is_a_warning(tmp_path):
    # '"Attention" is all you need' lost its quotes without a word
    digest, problems = read(tmp_path, "q.csv", 'Title,Authors,Abstract\n"Attention" is all you need,Jane Doe,An abstract.\n'
                                              'Plain,Jane Doe,"fine ""quoted"" one"\n')
    assert [e.title for e in digest.entries] == ["Attention is all you need", "Plain"]
    assert messages(problems) == ["q.csv:2: warning: a field that begins with a quote is read as a quoted one: its 'Title' is "
                                  "read as 'Attention is all you need'; write the whole field in quotes, its own quotes "
                                  'doubled: """Attention"" is all you need"']


def test_a_csv_quote_not_doubled_inside_a_quoted_field_is_a_warning(tmp_path):
    """CSV reads "Bad "quote" paper as it can (Bad quote" paper): the title changed without a word.
    Spaces after a closing quote are kept, and no warning."""
    path = tmp_path / "2023-09-25-x.csv"
    path.write_text('title,abstract,authors\n"Good ""quoted"" paper",An abstract.,Ann Lee\n'
                    '"Bad "quote" paper,Another abstract.,Bob Roe\n"Spaced"  ,Third abstract.,Cy Doe\n', encoding="utf-8")
    digest, problems = read_digest(path)
    assert [e.title for e in digest.entries][:2] == ['Good "quoted" paper', 'Bad quote" paper']
    assert [(p.line, p.level) for p in problems] == [(3, "warning")]
    assert "its 'title' is read as 'Bad quote\" paper'" in problems[0].message and '""' in problems[0].message


def test_records_of_another_format_pasted_into_a_bibtex_file_are_a_warning(tmp_path):
    """`cat refs.bib more.ris > all.bib`: BibTeX reads the RIS records as a comment, and they were
    lost without a word."""
    path = tmp_path / "2024-01-01-all.bib"
    path.write_text("@article{a, title={A paper}, abstract={Text.}, year={2024}}\n\n"
                    "TY  - JOUR\nTI  - A pasted paper\nER  - \n\nTY  - JOUR\nTI  - Another\nER  - \n", encoding="utf-8")
    digest, problems = read_digest(path)
    assert [e.title for e in digest.entries] == ["A paper"]
    assert [(p.line, p.level) for p in problems] == [(3, "warning")]
    assert problems[0].message.startswith("2 RIS records between the BibTeX entries")


def test_fields_a_brace_too_many_leaves_outside_their_bibtex_entry_are_a_warning(tmp_path):
    """``title = {A {B} title}}``: the extra "}" ends the entry, BibTeX skips what follows up to the
    next "@" as a comment, and the abstract was lost without a word. Text after the "}}" on its
    line is the entry's error (test_a_bibtex_entry_a_stray_brace_closes_early_…), and only that;
    fields on the lines after, a warning. A commented field, in an @comment or after a %, is no such loss."""
    text = ("@article{a,\n  title = {A {B} title}}\n  ,author = {Lee, Ann},\n  abstract = {Lost text.},\n}\n\n"
            "% note = {x}\n@comment{ abstract = {left out on purpose} }\n@article{b, title={B}, abstract={Kept.}}\n")
    digest, problems = read(tmp_path, "refs.bib", text)
    assert [(e.title, e.abstract) for e in digest.entries] == [("A B title", ""), ("B", "Kept.")]
    assert messages(problems) == ["refs.bib:4: warning: 'abstract = …' is outside any entry, where BibTeX skips text: "
                                  "a '}' too many in the entry before it ends that entry early, and its fields from "
                                  "here are not read"]
    digest, problems = read(tmp_path, "refs.bib", text.replace("}}\n  ,author", "}},\n  author"))
    assert [e.title for e in digest.entries] == ["B"]
    assert [(p.line, p.level) for p in problems] == [(1, "error")]


def test_endnote_tagged_blank_line_inside_an_abstract_goes_on_with_it(tmp_path):
    # a blank line ended the record: the abstract's second paragraph and the keywords were dropped
    text = "%0 Journal Article\n%T Two paragraphs\n%A Lee, Ann\n%X First paragraph.\n\nSecond paragraph.\n%K graphs\n\n%0 Journal Article\n%T Next\n%X Text.\n"
    digest, problems = read(tmp_path, "p.enw", text)
    assert problems == []
    assert [(e.title, e.source.line) for e in digest.entries] == [("Two paragraphs", 1), ("Next", 9)]
    assert "Second paragraph." in digest.entries[0].abstract and digest.entries[0].categories == ("graphs",)


def test_endnote_records_pasted_without_a_blank_line_read_without_a_warning(tmp_path):
    # several Scholar .enw files pasted together: each record warned "EndNote record has no 'ER'
    # line", which an EndNote file never has; a stray line said "a EndNote record … starts with 'TY'"
    text = "stray\n%0 Journal Article\n%T One\n%X Text.\n%0 Journal Article\n%T Two\n%X More.\n"
    digest, problems = read(tmp_path, "p.enw", text)
    assert [(e.title, e.source.line) for e in digest.entries] == [("One", 2), ("Two", 5)]
    assert [(p.line, p.message) for p in problems] == [
        (1, "text outside an EndNote record (a record starts with '%0'): ignored")]


@pytest.mark.parametrize("row_id", ["1", "recA1b2C3d4"])
def test_a_row_id_beside_an_arxiv_id_or_doi_column_is_not_the_papers_id(tmp_path, row_id):
    """A database's export numbers its rows ("id,arxiv_id,title,…"): two such files would give two
    papers the id "1", and the newer one's text would replace the other's."""
    text = f"id,arxiv_id,doi,title,abstract\n{row_id},2309.10986,,T,A\n{row_id},,10.1000/XYZ,U,B\n"
    digest, problems = read(tmp_path, "rows.csv", text)
    assert problems == [] and [e.id for e in digest.entries] == ["2309.10986", "10.1000/xyz"]


def test_core_api_numeric_id_gives_way_to_its_arxiv_id(tmp_path):
    record = {"id": 140000000, "arxivId": "2309.10986", "doi": None, "title": "T", "abstract": "A"}
    digest, problems = read(tmp_path, "core.json", json.dumps({"results": [record]}))
    assert problems == [] and digest.entries[0].id == "2309.10986"


def test_core_api_dates_are_read(tmp_path):
    """CORE's "publishedDate" and "yearPublished" were no date: every CORE paper was undated."""
    records = [{"id": 1, "doi": "10.1/a", "title": "T", "abstract": "A", "publishedDate": "2023-10-27T00:00:00",
                "yearPublished": 2023},
               {"id": 2, "doi": "10.1/b", "title": "U", "abstract": "B", "publishedDate": None, "yearPublished": 2022}]
    digest, problems = read(tmp_path, "core.json", json.dumps({"totalHits": 2, "results": records}))
    assert problems == [] and [e.date for e in digest.entries] == ["2023-10-27", "2022"]


def test_a_mapped_id_is_kept_beside_an_arxiv_id_column(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("id,arxiv_id,title,abstract\nhal-04212000,2309.10986,T,A\n", encoding="utf-8")
    digest, problems = read_digest(path, field_map={"id": "id"})
    assert problems == [] and digest.entries[0].id == "hal-04212000"


def test_another_exports_id_mapping_leaves_cores_numeric_id_giving_way(tmp_path):
    """A collection's mapping of another export (ChemRxiv's item.doi) is read as if unmapped in a
    CORE answer: its own numeric id gave way to nothing and became the paper's id."""
    record = {"id": 140000000, "arxivId": "2309.10986", "doi": None, "title": "T", "abstract": "A"}
    path = tmp_path / "core.json"
    path.write_text(json.dumps({"results": [record]}), encoding="utf-8")
    digest, _ = read_digest(path, field_map={"title": "item.title", "id": "item.doi"})
    assert digest.entries[0].id == "2309.10986"


@pytest.mark.parametrize("authors, expected", [
    ("Ann Lee (1), Bo Chen (1 and 2), Cy Dee (2) ((1) MIT, (2) Universidad de Chile)", ("Ann Lee", "Bo Chen", "Cy Dee")),
    ("Dan Eve (MIT, USA), Fay Gee (Stanford)", ("Dan Eve", "Fay Gee")),
    ("Robert (Bob) Smith, Ann Lee", ("Robert (Bob) Smith", "Ann Lee")),
])
def test_arxiv_style_affiliations_after_names_are_no_authors(tmp_path, authors, expected):
    """arXiv asks for affiliations in parentheses after the names; its arXivRaw records, listings
    and mailings keep them: split on commas, "(1 and 2)" and "((1) MIT, (2) …)" made five authors of three."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["title", "abstract", "authors"], ["T", "A", authors]])
    digest, problems = read(tmp_path, "a.csv", buffer.getvalue())
    assert problems == [] and digest.entries[0].authors == expected


def test_arxiv_raw_authors_with_affiliations(tmp_path):
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>\n'
            '<record><header><identifier>oai:arXiv.org:2309.10986</identifier><datestamp>2023-09-22</datestamp></header>'
            '<metadata><arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/"><id>2309.10986</id><version version="v1">'
            '<date>Tue, 19 Sep 2023 16:00:04 GMT</date></version><title>T</title>'
            "<authors>Ann Lee (1), Jos\\'e Garc\\'ia (1 and 2) ((1) MIT, (2) Universidad de Chile)</authors>"
            '<categories>cs.CL</categories><abstract>  A.\n</abstract></arXivRaw></metadata></record>\n</ListRecords></OAI-PMH>\n')
    digest, problems = read(tmp_path, "oai.xml", text)
    assert problems == [] and digest.entries[0].authors == ("Ann Lee", "José García")


def test_alphaxiv_records_take_their_arxiv_id_and_first_publication_date(tmp_path):
    """alphaXiv's own id ("6650a0000") made a second page beside the same paper's arXiv one."""
    record = {"id": "6650a0000", "universal_paper_id": "2309.10986", "title": "T", "abstract": "A",
              "first_publication_date": "2023-09-19T16:00:04.000Z"}
    digest, problems = read(tmp_path, "alphaxiv.json", json.dumps([record]))
    assert problems == [] and (digest.entries[0].id, digest.entries[0].date) == ("2309.10986", "2023-09-19")


def test_ieee_rows_are_dated_by_their_online_date_not_the_year(tmp_path):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["Document Title", "Abstract", "Publication Year", "Online Date", "DOI"],
                                  ["T", "A", "2023", "2023-09-21", "10.1109/X.2023.1"]])
    digest, problems = read(tmp_path, "ieee.csv", buffer.getvalue())
    assert problems == [] and digest.entries[0].date == "2023-09-21"


def test_core_links_objects_give_their_urls(tmp_path):
    record = {"title": "T", "abstract": "A", "links": [{"type": "download", "url": "https://core.ac.uk/download/1.pdf"}]}
    digest, problems = read(tmp_path, "core.jsonl", json.dumps(record) + "\n")
    assert problems == [] and digest.entries[0].extra_urls == ("https://core.ac.uk/download/1.pdf",)


def test_links_of_other_objects_say_what_the_list_holds(tmp_path):
    record = {"title": "T", "abstract": "A", "links": [{"rel": "x"}]}
    digest, problems = read(tmp_path, "x.jsonl", json.dumps(record) + "\n")
    assert [p.message for p in problems] == [
        'links: 1 item neither a URL nor an object with one in "url" or "href" ({\'rel\': \'x\'}): left out']
    # a list of URLs and objects lost every link, "got a list of objects"
    record["links"] = ["https://a.org/x", {"url": "https://b.org/y", "kind": "code"}, {"href": "https://c.org/z"}, 7]
    digest, problems = read(tmp_path, "x.jsonl", json.dumps(record) + "\n")
    assert digest.entries[0].extra_urls == ("https://a.org/x", "https://b.org/y", "https://c.org/z")
    assert [p.message for p in problems] == ['links: 1 item neither a URL nor an object with one in "url" or "href" (7): left out']


def test_a_sici_doi_s_link_holds_the_whole_doi(tmp_path):
    """An old SICI DOI holds "<" and ">": its link was cut at the "<" (a second DOI badge, leading nowhere)."""
    from generator.citation import Identifiers
    from generator.ids import doi_url
    doi = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O"
    whole = "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-O"
    assert doi_url(doi) == whole and doi_url("10.1000/a%3Cb") == "https://doi.org/10.1000/a%253Cb"
    text = f"@article{{k,\n  title = {{T}},\n  doi = {{{doi}}},\n  abstract = {{A}}\n}}\n"
    digest, problems = read(tmp_path, "s.bib", text)
    assert problems == [] and digest.entries[0].extra_urls == (whole,)
    assert [link.url for link in Identifiers(doi=doi.lower()).links] == [whole.lower().replace("%3c", "%3C").replace("%3e", "%3E")]


@pytest.mark.parametrize("rule", ["---", "* * *", "====", "———"])
def test_rules_between_papers_are_no_titles_or_abstracts(tmp_path, rule):
    """Notes put a rule between papers: "---" was read as a title, and every pair after it went wrong."""
    text = (f"A study of cats\nWe show that cats are good pets.\n\n{rule}\n\nA study of dogs\n"
            f"We show that dogs are good pets.\n{rule}\nA study of birds\nWe show that birds are good pets.\n")
    digest, problems = read(tmp_path, "notes.txt", text)
    assert problems == [] and [(e.title, e.abstract) for e in digest.entries] == [
        (f"A study of {a}", f"We show that {a} are good pets.") for a in ("cats", "dogs", "birds")]


def test_markdown_section_headings_are_no_papers(tmp_path):
    """A reading list in Markdown heads its weeks with "## Week 1": each was a paper of that title
    and no abstract. A heading over an abstract is the paper's own title (notes in Markdown),
    verbatim as every title."""
    text = ("# Reading list\n\n## Week 1\nA study of cats\nWe show that cats are good pets.\n\n"
            "### Week 2 ###\nA study of dogs\nWe show that dogs are good pets.\n## Week 3\n")
    digest, problems = read(tmp_path, "notes.txt", text)
    assert [(e.title, e.abstract) for e in digest.entries] == [
        (f"A study of {a}", f"We show that {a} are good pets.") for a in ("cats", "dogs")]
    assert [(p.line, p.level) for p in problems] == [(1, "note"), (3, "note"), (7, "note"), (10, "note")]
    assert "'## Week 1' ignored" in problems[1].message
    text = "## A study of cats\nWe show that cats are good pets.\n# A study of #dogs #\nWe show that dogs are good pets.\n"
    digest, problems = read(tmp_path, "titles.txt", text)
    assert problems == [] and [e.title for e in digest.entries] == ["## A study of cats", "# A study of #dogs #"]


@pytest.mark.parametrize("name, text", [
    ("vt.txt", "Attention\x0bis all you need\nWe propose the Transformer.\x0cIt is good.\n"),
    ("vt.jsonl", json.dumps({"title": "Attention\x0bis all you need", "abstract": "We propose the Transformer.\x85It is good."})),
    ("vt.csv", "title,abstract\nAttention\x1cis all you\u2028need,We propose the Transformer.\x0cIt is good.\n"),
])
def test_line_and_page_breaks_of_other_kinds_are_spaces(tmp_path, name, text):
    """Word's manual line break (VT), pdftotext's page break (FF), NEL and the separators joined
    the words around them ("Attentionis all you need"); U+2028 stayed inside a title."""
    digest, problems = read(tmp_path, name, text)
    assert problems == [] and [(e.title, e.abstract) for e in digest.entries] == [
        ("Attention is all you need", "We propose the Transformer. It is good.")]


@pytest.mark.parametrize("name", ["u.jsonl", "u.csv", "u.txt"])
def test_other_white_space_beside_a_space_is_one_space_and_a_lone_one_stays(tmp_path, name):
    """A no-break, thin or ideographic space beside an ordinary one showed as a double space on
    the page ("Deep \u00a0Learning"); alone between two words it is the author's ("Fig.\u00a01")."""
    title = "Deep \u00a0Learning\u2009 for\u3000 \u3000Cats in Fig.\u00a01 and 10\u2009km"
    abstract = "We show that cats are good pets."
    text = {"u.jsonl": json.dumps({"title": title, "abstract": abstract}) + "\n",
            "u.csv": f"title,abstract\n{title},{abstract}\n", "u.txt": f"{title}\n{abstract}\n"}[name]
    digest, problems = read(tmp_path, name, text)
    assert problems == [] and [e.title for e in digest.entries] == [
        "Deep Learning for Cats in Fig.\u00a01 and 10\u2009km"]


def test_a_bibtex_name_list_with_an_empty_name_or_a_written_et_al_keeps_its_names(tmp_path):
    """"Doe, Jane and  and Smith, John" gave "John and Smith" (the empty name between two "and"s
    joined the next), and "Doe, J. et al." the name "J. et al. Doe" (BibTeX's way is "and others")."""
    text = ("@article{a,\n  title = {First},\n  author = {Doe, Jane and  and Smith, John},\n  abstract = {A.}\n}\n"
            "@article{b,\n  title = {Second},\n  author = {Doe, J. et al.},\n  abstract = {B.}\n}\n")
    digest, problems = read(tmp_path, "d.bib", text)
    assert [(e.authors, e.et_al) for e in digest.entries] == [(("Jane Doe", "John Smith"), False), (("J. Doe",), True)]
    assert messages(problems) == ["d.bib:3: warning: author: an empty name between two \"and\"s is skipped "
                                  "('Doe, Jane and and Smith, John'): is a name missing?"]  # (at its field's line)


def test_a_bibtex_entry_a_stray_brace_closes_early_is_an_error_and_the_others_are_read(tmp_path):
    """A "}" too many in a field ends the entry there, for BibTeX and its parser alike: the title
    was read as "The " and the abstract, authors and year after it were lost without a word (the
    parser takes the rest for a comment). An entry made a comment on purpose, its "@" taken off,
    is still a comment."""
    text = ("@article{k1,\n  title = {The {GPT}} model},\n  author = {Lee, Ann},\n  abstract = {Lost.},\n}\n\n"
            "article{off,\n  title = {Left out on purpose},\n}\n\n"
            "@article{k2,\n  title = {Second},\n  abstract = {Kept.}\n}} % a remark\n")
    digest, problems = read(tmp_path, "d.bib", text)
    assert [(e.title, e.abstract) for e in digest.entries] == [("Second", "Kept.")]
    assert messages(problems) == ["d.bib:1: error: the entry 'k1' ends early, at line 2: a '}' too many closes it "
                                  "there, and what follows, its other fields, would be lost (count the braces of its fields)"]


def test_a_bibtex_field_given_twice_reads_the_first_with_a_warning(tmp_path):
    """bibtexparser's "Duplicate field keys … available as `failed_block.ignore_error_block`" was
    the error, and the paper was lost."""
    text = "@article{k,\n  title = {First},\n  title = {Second},\n  abstract = {A}\n}\n"
    digest, problems = read(tmp_path, "d.bib", text)
    assert [(e.title, e.abstract, e.source.line) for e in digest.entries] == [("First", "A", 1)]
    assert messages(problems) == ["d.bib:1: warning: entry 'k' gives 'title' twice: the first is read, as BibTeX reads it"]



def test_a_bibtex_entry_with_a_field_given_twice_is_read_as_any_other(tmp_path):
    """Its authors were read letter by letter ("L", "e", "e", ","), its year kept its braces
    (a false warning), its month and @string macros were left out."""
    text = ("@string{jmlr = {Journal of Machine Learning Research}}\n"
            "@article{lee2022,\n  title = {Graph networks for {PDE}s},\n  author = {Lee, Ann and M{\\\"u}ller, Bo},\n"
            "  journal = jmlr,\n  year = {2022},\n  month = mar,\n  year = {2023},\n  abstract = {A}\n}\n")
    digest, problems = read(tmp_path, "d.bib", text)
    assert [(e.title, e.authors, e.date, e.source.line) for e in digest.entries] == [
        ("Graph networks for PDEs", ("Ann Lee", "Bo Müller"), "2022-03", 2)]
    assert messages(problems) == ["d.bib:2: warning: entry 'lee2022' gives 'year' twice: the first is read, as BibTeX reads it"]

def test_bibtex_strings_that_join_strings_are_joined_all_the_way(tmp_path):
    """A @string joining others was joined one level only: the title read "first # first and {…}"."""
    text = ('@string{both = first # " and " # second}\n'  # (defined before what it names: BibTeX would not)
            '@string{first = "Graph"}\n@string{second = first # {s}}\n@string{sharp = {C# and {F#}}}\n'
            "@article{k,\n  title = both # { in } # sharp,\n  abstract = {A}\n}\n"
            "@article{j,\n  title = both,\n  abstract = {A}\n}\n")
    digest, problems = read(tmp_path, "m.bib", text)
    assert problems == [] and titles(digest) == ["Graph and Graphs in C# and F#", "Graph and Graphs"]


def test_an_undefined_bibtex_string_is_a_warning_at_its_field(tmp_path):
    """The title was "undefinedmacro # suffix", without a word of warning."""
    text = "@article{k,\n  abstract = {A},\n  title = undefinedmacro # { suffix},\n  month = jun # {~2},\n}\n"
    digest, problems = read(tmp_path, "u.bib", text)
    assert titles(digest) == ["undefinedmacro suffix"]
    assert messages(problems) == ["u.bib:3: warning: title: 'undefinedmacro' is no @string of this file: kept as "
                                  "written; define it (@string{undefinedmacro = {…}}) or put the text in braces"]


def test_a_bibtex_string_defined_through_itself_is_an_error_at_its_line(tmp_path):
    text = ('@string{a = {x}}\n@string{b = c # "1"}\n@string{c = a # b}\n'
            "@article{k,\n  title = b # { t},\n  abstract = {A}\n}\n")
    digest, problems = read(tmp_path, "c.bib", text)
    assert len(digest.entries) == 1 and [(p.line, p.level) for p in problems] == [(2, "error")]
    assert "@string 'b' is defined through itself (b → c → b)" in problems[0].message


def test_a_bibtex_string_doubled_again_and_again_is_an_error_at_its_line(tmp_path):
    """Each @string joining the one before twice: the 40th would be a terabyte."""
    strings = ['@string{s0 = "ab"}'] + [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, 41)]
    text = "\n".join(strings) + "\n@article{k,\n  title = s40 # {Title},\n  abstract = {A}\n}\n"
    digest, problems = read(tmp_path, "g.bib", text)
    assert [(p.line, p.level) for p in problems] == [(17, "error")]  # s16: 2 × 2^16 characters
    assert "@string 's16' joins @strings to more than" in problems[0].message
    assert titles(digest) == ["Title"]


@pytest.mark.parametrize("raw, said", [("1e400", "inf"), ("Infinity", "inf"), ("NaN", "nan")])
def test_an_id_that_is_no_finite_number_says_so(tmp_path, raw, said):
    problems = read(tmp_path, "n.jsonl", '{"title": "T", "abstract": "A", "id": %s}\n' % raw)[1]
    assert messages(problems) == [f"n.jsonl:1: error: id must be a string or a number, got {said} (not a finite number)"]


def test_a_byte_order_mark_inside_json_lines_is_no_error(tmp_path):
    """Two JSONL exports joined with cat: the second's BOM starts a line ("Unexpected UTF-8 BOM")."""
    text = '{"title": "One", "abstract": "A"}\n\ufeff{"title": "Two", "abstract": "B"}\n'
    digest, problems = read(tmp_path, "j.jsonl", text)
    assert problems == [] and [e.title for e in digest.entries] == ["One", "Two"]


def test_a_column_named_twice_reads_the_first_with_a_warning(tmp_path):
    digest, problems = read(tmp_path, "t.csv", "id,title,title,abstract\n2309.10986,First,Second,A\n")
    assert [(e.title, e.abstract, e.id) for e in digest.entries] == [("First", "A", "2309.10986")]
    assert messages(problems) == ["t.csv:1: warning: the header names 'title' twice: the first column is read"]


def test_springer_link_s_run_together_authors_are_apart(tmp_path):
    """Springer Link's CSV writes its authors with nothing between them: one bogus author."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([
        ["Item Title", "Publication Title", "Item DOI", "Authors", "Publication Year", "URL", "Content Type"],
        ["T", "J", "10.1007/x1", "Son The NguyenTheja TulabandhulaDuy Nguyen", "2023", "https://link.springer.com/x1", "Article"],
        ["U", "J", "10.1007/x2", "Ann McDonaldYann LeCunBo MacKay", "2023", "https://link.springer.com/x2", "Article"],
        ["V", "J", "10.1007/x3", "Ann Lee, Bo Chen", "2023", "https://link.springer.com/x3", "Article"]])
    digest = read(tmp_path, "springer.csv", buffer.getvalue())[0]
    assert [e.authors for e in digest.entries] == [("Son The Nguyen", "Theja Tulabandhula", "Duy Nguyen"),
                                                   ("Ann McDonald", "Yann LeCun", "Bo MacKay"), ("Ann Lee", "Bo Chen")]


def test_a_mapped_field_holding_a_list_says_how_to_read_its_first_item(tmp_path):
    """HAL's API gives titles as lists ("title_s": ["…"]): the error said only "got list"."""
    path = tmp_path / "hal.json"
    path.write_text(json.dumps({"response": {"docs": [{"title_s": ["T"], "abstract_s": ["A"]}]}}), encoding="utf-8")
    problems = read_digest(path, field_map={"title": "title_s", "abstract": "abstract_s"})[1]
    assert [p.message for p in problems] == [
        "title must be a string, got list; to read its first item, map it with [0] (--field title=title_s[0])",
        "abstract must be a string, got list; to read its first item, map it with [0] (--field abstract=abstract_s[0])"]
    digest, problems = read_digest(path, field_map={"title": "title_s[0]", "abstract": "abstract_s[0]"})
    assert problems == [] and [(e.title, e.abstract) for e in digest.entries] == [("T", "A")]


def test_the_first_item_hint_of_a_path_through_a_list_names_a_path_that_reads_it(tmp_path):
    """DataCite's titles are [{"title": …}]: the hint said attributes.titles[].title[0], still a list."""
    path = tmp_path / "datacite.json"
    path.write_text(json.dumps({"data": [{"attributes": {"titles": [{"title": "T"}], "descriptions": [
        {"description": "A", "descriptionType": "Abstract"}]}}]}), encoding="utf-8")
    problems = read_digest(path, field_map={"title": "attributes.titles[].title",
                                            "abstract": "attributes.descriptions[0].description"})[1]
    assert [p.message for p in problems] == [
        "title must be a string, got list; to read its first item, map it with [0] (--field title=attributes.titles[0].title)"]
    digest, problems = read_digest(path, field_map={"title": "attributes.titles[0].title",
                                                    "abstract": "attributes.descriptions[0].description"})
    assert problems == [] and [(e.title, e.abstract) for e in digest.entries] == [("T", "A")]


def test_a_path_through_nested_lists_reads_every_item(tmp_path):
    """OSF's subjects are a list of lists of {"text"}: subjects[][].text was a list of lists, refused."""
    record = {"attributes": {"title": "T", "description": "A",
                             "subjects": [[{"text": "Psychology"}, {"text": "Social Psychology"}], [{"text": "Education"}]]}}
    path = tmp_path / "osf.json"
    path.write_text(json.dumps({"data": [record]}), encoding="utf-8")
    digest, problems = read_digest(path, field_map={"title": "attributes.title", "abstract": "attributes.description",
                                                    "categories": "attributes.subjects[][].text"})
    assert problems == [] and digest.entries[0].categories == ("Psychology", "Social Psychology", "Education")


def test_authors_as_objects_without_a_name_say_which_keys_they_have(tmp_path):
    """Authors as [{"orcid", "affiliation"}]: "must be a list of strings or a string, got list"
    told nothing (it is a list)."""
    record = {"title": "T", "abstract": "A", "authors": [{"orcid": "0000-0001", "affiliation": "MIT"}]}
    problems = read(tmp_path, "lens.json", json.dumps({"data": [record]}))[1]
    assert [p.message for p in problems] == [
        "authors must be a list of strings or a string, got a list of objects (with orcid, affiliation): "
        "map the one holding the text with --field authors=PATH[].KEY"]


@pytest.mark.parametrize("name, record", [
    ("s2.json", {"paperId": "649def34", "externalIds": {"ArXiv": "2309.10986", "DOI": "10.31234/osf.io/abcde"},
                 "title": "T", "abstract": "A"}),
    ("core.json", {"id": 140000000, "arxivId": "2309.10986", "doi": "10.31234/OSF.IO/ABCDE", "title": "T", "abstract": "A"}),
])
def test_the_doi_beside_an_arxiv_id_is_kept_as_a_link(tmp_path, name, record):
    """Semantic Scholar and CORE give both ids: the DOI was dropped, so a Scopus or Crossref record
    of the same preprint (by its DOI only) became a second page of the paper."""
    digest, problems = read(tmp_path, name, json.dumps({"data": [record]}))
    entry = digest.entries[0]
    assert problems == [] and entry.id == "2309.10986" and entry.extra_urls == ("https://doi.org/10.31234/osf.io/abcde",)


def test_springer_link_s_names_with_a_capital_inside_are_one_name(tmp_path):
    """A lone "Jake VanderPlas" was read as two people, "Jake Vander" and "Plas"."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [["Item Title", "Publication Title", "Item DOI", "Authors", "Publication Year", "URL", "Content Type"]]
        + [[f"T{i}", "J", f"10.1007/x{i}", names, "2023", f"https://link.springer.com/x{i}", "Article"]
           for i, names in enumerate(["Jake VanderPlas", "Neil deGrasse Tyson", "OpenAI", "JoAnn Smith",
                                      "Ann LeeJake VanderPlasBo Chen", "Gerald FitzGeraldAnn Lee"])])
    digest = read(tmp_path, "springer.csv", buffer.getvalue())[0]
    assert [e.authors for e in digest.entries] == [
        ("Jake VanderPlas",), ("Neil deGrasse Tyson",), ("OpenAI",), ("JoAnn Smith",),
        ("Ann Lee", "Jake VanderPlas", "Bo Chen"), ("Gerald FitzGerald", "Ann Lee")]


@pytest.mark.parametrize("written, names", [
    ("Mausam and Daniel S. Weld", ("Mausam", "Daniel S. Weld")),
    ("OpenAI & Josh Achiam", ("OpenAI", "Josh Achiam")),
    ("Terekhov, Andrew V.", ("Andrew V. Terekhov",)),
    ("van der Berg, Jan Willem", ("Jan Willem van der Berg",))])
def test_a_one_word_name_and_another_are_two_people(tmp_path, written, names):
    """"Mausam and Daniel S. Weld" was read as one person of that name (as "Last, First Middle")."""
    digest = read(tmp_path, "a.json", json.dumps([{"title": "T", "abstract": "A", "authors": written}]))[0]
    assert digest.entries[0].authors == names


@pytest.mark.parametrize("written, names", [
    ("Mausam, Daniel S. Weld", ("Mausam", "Daniel S. Weld")),
    ("Terekhov, Andrew V.", ("Andrew V. Terekhov",)),
    ("Dupont, Jean-Pierre", ("Jean-Pierre Dupont",)),
    ("Martin, J.-P.", ("J.-P. Martin",)),
    ("王, 小明", ("王小明",)),
    ("王小明, 李华", ("王小明", "李华")),
])
def test_a_one_word_name_then_a_full_name_are_two_people(tmp_path, written, names):
    """"Last, First Middle" is one person, unless what follows the comma is a full name (an initial
    before a word): "Mausam, Daniel S. Weld" was read as one person, "Daniel S. Weld Mausam"."""
    for authors, expected in ((written, names), ([written], names if len(names) == 1 else (written,))):
        digest = read(tmp_path, "a.json", json.dumps([{"title": "T", "abstract": "A", "authors": authors}]))[0]
        assert digest.entries[0].authors == expected  # (a list's one item is one name, or kept as written)


def test_springer_link_s_names_ending_le_or_du_and_surnames_with_capitals_inside(tmp_path):
    """"Le" and "Du" end many names (Vietnamese, Chinese): "Quoc V. LeSimon S. Du" stayed one bogus
    author; a surname with a capital inside ("VanderPlas") was two names."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([
        ["Item Title", "Item DOI", "Authors", "Publication Year", "URL", "Content Type"],
        ["T", "10.1007/x1", "Quoc V. LeSimon S. DuYilun Du", "2019", "https://link.springer.com/x1", "Article"],
        ["U", "10.1007/x2", "Jake VanderPlasPaweł KowalskiŁukasz NowakF. Scott FitzGerald", "2019",
         "https://link.springer.com/x2", "Article"]])
    digest = read(tmp_path, "springer.csv", buffer.getvalue())[0]
    assert [e.authors for e in digest.entries] == [("Quoc V. Le", "Simon S. Du", "Yilun Du"),
                                                   ("Jake VanderPlas", "Paweł Kowalski", "Łukasz Nowak", "F. Scott FitzGerald")]


@pytest.mark.parametrize("authors", [
    [{"firstName": "Ann", "lastName": "Lee"}, {"firstName": "Bo", "lastName": "Chen", "orcid": "0000"}],  # ChemRxiv
    [{"first_name": "Ann", "last_name": "Lee"}, {"first_name": "Bo", "last_name": "Chen"}],  # Lens
    [{"given_name": "Ann", "family_name": "Lee"}, {"full_name": "Bo Chen", "given_name": "B."}],  # OSF
])
def test_authors_as_objects_of_given_and_family_names_are_read(tmp_path, authors):
    """A path names one key, so such authors were refused, or mapped to their surnames alone."""
    digest, problems = read(tmp_path, "p.jsonl", json.dumps({"title": "T", "abstract": "A", "authors": authors}) + "\n")
    assert problems == [] and digest.entries[0].authors == ("Ann Lee", "Bo Chen")


def test_authors_as_objects_of_chinese_names_keep_the_family_name_first(tmp_path):
    record = {"title": "T", "abstract": "A", "authors": [{"firstName": "小明", "lastName": "王"}]}
    digest, problems = read(tmp_path, "p.jsonl", json.dumps(record) + "\n")
    assert problems == [] and digest.entries[0].authors == ("王小明",)


def test_json_lines_add_wrote_read_back_alike_through_a_collection_s_mapping_of_another_export(tmp_path):
    """`add --field` and `add --skip-invalid` write a file's records as JSON Lines; the build reads
    them with collection.yml's mapping, whose "authors[].name" (for objects) read the written list of
    names as no author at all."""
    from generator.readers.jsonfile import entries_jsonl

    source = tmp_path / "2024-05-06-osf.json"
    source.write_text(json.dumps([{"ref": "2405.00001", "heading": "Mapped title", "people": ["Ann Lee", "Bo Chen"],
                                   "blurb": "An abstract long enough to be one. It has two sentences.",
                                   "tags": ["cs.LG"], "when": "2024-05-01"}]), encoding="utf-8")
    digest, problems = read_digest(source, field_map={"title": "heading", "abstract": "blurb", "authors": "people",
                                                      "id": "ref", "date": "when", "categories": "tags"})
    assert problems == [] and digest.entries[0].authors == ("Ann Lee", "Bo Chen")
    written = tmp_path / "2024-05-06-osf.jsonl"
    written.write_bytes(entries_jsonl(digest.entries))
    collection_map = {"abstract": "summary", "authors": "authors[].name", "categories": "tags[].term"}
    again, problems = read_digest(written, field_map=collection_map)
    assert problems == []
    assert [(e.title, e.abstract, e.authors, e.id, e.date, e.categories) for e in again.entries] == [
        (e.title, e.abstract, e.authors, e.id, e.date, e.categories) for e in digest.entries]


def test_authors_as_objects_keep_a_suffix_and_read_a_group_s_literal_name(tmp_path):
    authors = [{"given": "A.", "family": "Lee", "suffix": "Jr."}, {"literal": "World Health Organization"}]
    digest, problems = read(tmp_path, "p.jsonl", json.dumps({"title": "T", "abstract": "A", "authors": authors}) + "\n")
    assert problems == [] and digest.entries[0].authors == ("A. Lee Jr.", "World Health Organization")


def test_links_given_as_named_urls_are_read_but_an_api_s_own(tmp_path):
    """OSF's JSON:API records hold "links": {"self", "html", "preprint_doi"}: every record warned
    "links must be a URL or a list of URLs, got object"."""
    links = {"self": "https://api.osf.io/v2/preprints/abcd1/", "html": "https://osf.io/preprints/psyarxiv/abcd1",
             "preprint_doi": "https://doi.org/10.31234/osf.io/abcd1",
             "files": "https://zenodo.org/api/records/10612345/files"}  # (Zenodo's API addresses: not the paper's)
    record = {"title": "T", "abstract": "A", "links": links}
    digest, problems = read(tmp_path, "osf.jsonl", json.dumps(record) + "\n")
    assert problems == [] and digest.entries[0].extra_urls == (links["html"], links["preprint_doi"])


def test_an_author_object_with_a_blank_name_is_no_author_not_a_refused_paper(tmp_path):
    """Semantic Scholar lists a nameless author as {"authorId": null, "name": ""}: it was dropped
    (a name is a string), until objects were read for their given and family names too, when
    the whole paper was refused ("got a list of objects (with authorId, name)")."""
    authors = [{"authorId": "1", "name": "Ann Lee"}, {"authorId": None, "name": ""}, {"name": " "}]
    digest, problems = read(tmp_path, "p.jsonl", json.dumps({"title": "T", "abstract": "A", "authors": authors}) + "\n")
    assert problems == [] and digest.entries[0].authors == ("Ann Lee",)


def test_listed_names_have_their_runs_of_spaces_and_line_breaks_collapsed(tmp_path):
    """A name of a JSON list kept its line break and runs of spaces ("Alice\n  Zhang", as a
    scraper's HTML gives it): the page, the feed's <name> and the front matter showed it so, and
    the same author written "Alice Zhang" in another digest was another name. A string of names
    was split on whitespace already; a listed name or category is one line as well."""
    record = {"title": "T", "abstract": "A", "authors": ["Alice\n  Zhang", " Bob \t Lee "],
              "categories": ["machine\n learning"]}
    digest, problems = read(tmp_path, "p.json", json.dumps([record]))
    assert problems == [] and digest.entries[0].authors == ("Alice Zhang", "Bob Lee")
    assert digest.entries[0].categories == ("machine learning",)


def test_author_objects_keep_their_particles_and_middle_names(tmp_path):
    """CSL-JSON mapped with --field (inside another export's wrapper) gave "Jan Berg" and "Ludwig
    Beethoven" for Jan van der Berg and Ludwig van Beethoven, as the CSL reader gives them."""
    authors = [{"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
               {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"},
               {"given_name": "John", "middle_names": "Q.", "family_name": "Public"},
               # an export giving the particle twice, in the family name too ("Piet van der van der Berg")
               {"family": "van der Berg", "given": "Piet", "non-dropping-particle": "van der"},
               {"family": "de la Cruz", "given": "Ana", "dropping-particle": "de", "non-dropping-particle": "la"},
               {"family": "Vandermonde", "given": "A.", "non-dropping-particle": "van"}]  # (not a particle repeated)
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"item": {"title": "T", "abstract": "A", "author": authors}}) + "\n", encoding="utf-8")
    digest, problems = read_digest(path, field_map={"title": "item.title", "abstract": "item.abstract",
                                                    "authors": "item.author"})
    names = ("Jan van der Berg", "Ludwig van Beethoven", "John Q. Public", "Piet van der Berg", "Ana de la Cruz",
             "A. van Vandermonde")
    assert problems == [] and digest.entries[0].authors == names
    from generator.readers.services import csl_name  # (CSL-JSON's own reader)
    assert tuple(map(csl_name, [a for a in authors if "given_name" not in a])) == names[:2] + names[3:]


def test_the_doi_beside_an_arxiv_id_is_linked_only_when_it_is_one_doi(tmp_path):
    """A field of two DOIs became one link to neither ("…1.8;%2010.1103/…"), the paper's citation_doi."""
    records = [{"title": "T", "abstract": "A", "id": "2401.00001", "doi": "10.1103/PhysRevD.1.7"},
               {"title": "U", "abstract": "A", "id": "2401.00002", "doi": "10.1103/PhysRevD.1.8; 10.1103/PhysRevD.1.9"},
               {"title": "V", "abstract": "A", "id": "2401.00003", "doi": "https://doi.org/10.1103/PhysRevD.2.1",
                "links": ["https://doi.org/10.1103/physrevd.2.1"]}]
    digest, problems = read(tmp_path, "p.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    assert problems == []
    assert [e.extra_urls for e in digest.entries] == [
        ("https://doi.org/10.1103/physrevd.1.7",), (), ("https://doi.org/10.1103/physrevd.2.1",)]


def test_a_header_under_a_note_is_named_by_its_own_line(tmp_path):
    """The header's warnings said line 1, the note's line, for a header on line 2."""
    text = ('"About the data: Exported on Dec 01, 2026. Criteria: Researcher is Ann Lee."\n'
            'Rank,Publication ID,DOI,Title,Source title,Title,Authors\n'
            '1,pub.1,10.31223/x5abc1,A title,A journal,A title,"Lee, Ann"\n')
    digest, problems = read(tmp_path, "Dimensions-Publication-2026-12-01_11-00-00.csv", text)
    assert [(p.line, p.level, p.message[:24]) for p in problems] == [
        (1, "note", "line 1 is no header but "), (2, "warning", "no 'abstract' column; ab"),
        (2, "warning", "the header names 'Title'")]
    assert digest.entries[0].source.line == 3


def test_fields_beside_a_mapped_title_are_named_in_a_note(tmp_path):
    """ChemRxiv's answer nests each paper in "item": mapped by its title alone, its abstract,
    DOI and date were dropped without a word. They are not read (a field beside the title may be
    of any shape: OSF's subjects are lists of lists), but a note names the mapping that reads them."""
    item = {"id": "65a1", "doi": "10.26434/chemrxiv-2024-abc", "title": "T", "abstract": "A",
            "publishedDate": "2024-01-12T10:00:00Z", "subjects": [[{"text": "Chemistry"}]]}
    path = tmp_path / "chemrxiv.json"
    path.write_text(json.dumps({"totalCount": 1, "itemHits": [{"item": item}]}), encoding="utf-8")
    digest, problems = read_digest(path, field_map={"title": "item.title", "abstract": "item.abstract"})
    assert digest.entries[0].title == "T" and [(p.level, p.message) for p in problems] == [(
        "note", "beside the mapped title, the records hold fields a mapping would read: --field id=item.doi "
                "--field date=item.publishedDate --field categories=item.subjects (a field not mapped is read "
                "only at a record's top level)")]


def test_the_note_beside_a_mapped_title_names_no_mapped_path_nor_text_as_a_url(tmp_path):
    """A lab's JSONL with its abstract under "abs", every field mapped, got the note "the records
    hold fields a mapping would read: --field url=item.meta.abs": the abstract's own path, already
    read, and no URL ("abs" is a reading list's abstract-page link only when it holds one)."""
    record = {"item": {"meta": {"title": "T", "abs": "An abstract."}}}
    path = tmp_path / "lab.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    digest, problems = read_digest(path, field_map={"title": "item.meta.title", "abstract": "item.meta.abs"})
    assert digest.entries[0].abstract == "An abstract." and problems == []
    digest, problems = read_digest(path, field_map={"title": "item.meta.title"})
    assert [p.level for p in problems] == ["warning", "note"] and problems[0].message == "paper has no abstract"
    assert "the records hold item.meta.abs, which no field reads" in problems[1].message  # (the abstract's, to map)


def test_a_file_of_the_written_names_with_objects_in_them_is_read_through_its_mapping(tmp_path):
    """A file of one's own with exactly the names add writes, its categories feedparser's objects:
    the error asks for --field categories=categories[].term, which was then ignored (read as written)."""
    record = {"title": "T", "abstract": "A", "authors": ["Ann Lee"], "id": "2309.11111",
              "url": "https://arxiv.org/abs/2309.11111", "date": "2023-09-21",
              "categories": [{"term": "cs.CL", "scheme": "http://arxiv.org/schemas/atom"}], "links": []}
    path = tmp_path / "own.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    digest, problems = read_digest(path, field_map={"categories": "categories[].term"})
    assert problems == [] and [e.categories for e in digest.entries] == [("cs.CL",)]


def test_punctuation_after_an_html_paragraph_ends_it_not_a_paragraph_of_its_own(tmp_path):
    """Zotero's BibTeX writes an HTML abstract as {\\textless}p{\\textgreater}…{\\textless}/p{\\textgreater}.:
    its last "." was a paragraph of its own on the page. Every character stays."""
    from generator.readers import read_digest
    from generator.readers.values import html_to_text

    path = tmp_path / "zotero.bib"
    path.write_text("@article{lee2024,\n  title = {Sparse Attention},\n  author = {Lee, Ann},\n  year = {2024},\n"
                    "  abstract = {{\\textless}p{\\textgreater}We study sparse attention.{\\textless}/p{\\textgreater}. "
                    "{\\textless}p{\\textgreater}It is fast.{\\textless}/p{\\textgreater}},\n}\n", encoding="utf-8")
    (digest, *_) = read_digest(path)
    assert digest.entries[0].abstract == "We study sparse attention..\n\nIt is fast."
    assert html_to_text("<p>A</p>; <p>B</p>").split() == ["A;", "B"]
    assert html_to_text("<p>A</p>.x").split() == ["A", ".x"]  # (text, not punctuation alone)


def test_a_link_cell_of_addresses_parted_by_commas_or_semicolons_gives_each(tmp_path):
    # "https://arxiv.org/abs/2407.00002, https://github.com/o/r3" was the URL ".../2407.00002," and no id
    text = ('Title,Authors,Abstract,Link\nL2,Jane Doe,An abstract.,"https://arxiv.org/abs/2407.00002, https://github.com/o/r3"\n'
            "L3,Jane Doe,An abstract.,https://arxiv.org/abs/2407.00003;https://github.com/o/r4\n"
            "L4,Jane Doe,An abstract.,<https://arxiv.org/abs/2407.00004>\n")
    digest, problems = read(tmp_path, "links.csv", text)
    assert [(e.id, e.url, e.extra_urls) for e in digest.entries] == [
        ("2407.00002", "https://arxiv.org/abs/2407.00002", ("https://github.com/o/r3",)),
        ("2407.00003", "https://arxiv.org/abs/2407.00003", ("https://github.com/o/r4",)),
        ("2407.00004", "https://arxiv.org/abs/2407.00004", ())]


def test_last_first_names_between_commas_are_paired():
    # a spreadsheet's "Doe, Jane, Smith, John" was four authors, "Doe", "Jane", "Smith" and "John"
    from generator.readers.fields import author_names

    assert author_names("Doe, Jane, Smith, John")[0] == ("Jane Doe", "John Smith")
    assert author_names("Doe, Jane, Smith, John, and Lee, Ann")[0] == ("Jane Doe", "John Smith", "Ann Lee")
    assert author_names("Ann Lee, Bo Chen, Cy Dee, Di Eve")[0] == ("Ann Lee", "Bo Chen", "Cy Dee", "Di Eve")
    assert author_names("Alice, Bob, Carol")[0] == ("Alice", "Bob", "Carol")  # (an odd count: no pairs)


def test_excels_dates_are_read():
    # a date cell saved as its number (45355), "4-Mar-24" (Excel's d-mmm-yy), "Mar-24" and "12/25/23" were no dates
    from generator.readers.fields import written_date

    assert [written_date(t) for t in ("45355", "45355.5", "4-Mar-24", "Mar-24", "12/25/23", "Dec-99", "12345")] == [
        "2024-03-04", "2024-03-04", "2024-03-04", "2024-03", "2023-12-25", "1999-12", ""]


def test_byte_order_marks_of_files_joined_by_cat_are_no_text(tmp_path):
    """Two exports, each opening with a byte-order mark, joined with `cat`: the second RIS record
    was "text outside a RIS record" and lost, the second MEDLINE record glued to the first (its
    title and id gone, its abstract the first's), and a plain-text title began with U+FEFF, no
    duplicate of its twin."""
    bom = "\ufeff"
    ris = "".join(f"{bom}TY  - JOUR\nTI  - {name} RIS paper\nAB  - {name} abstract.\nER  - \n\n" for name in ("Alpha", "Beta"))
    digest, problems = read(tmp_path, "ab.ris", ris)
    assert titles(digest) == ["Alpha RIS paper", "Beta RIS paper"] and problems == []
    nbib = "".join(f"{bom}PMID- {pmid}\nTI  - {name} nbib paper\nAB  - {name} abstract.\n\n"
                   for pmid, name in (("111", "Alpha"), ("222", "Beta")))
    digest, problems = read(tmp_path, "ab.nbib", nbib)
    assert titles(digest) == ["Alpha nbib paper", "Beta nbib paper"] and problems == []
    assert [e.abstract for e in digest.entries] == ["Alpha abstract.", "Beta abstract."]
    digest, _ = read(tmp_path, "aa.txt", f"{bom}Alpha Paper Title\n{ABSTRACT}\n" * 2)
    assert titles(digest) == ["Alpha Paper Title", "Alpha Paper Title"]


def test_a_csv_header_row_again_is_no_paper(tmp_path):
    """Two CSV exports joined with `cat`: the second's header row was a paper titled "Title"."""
    digest, problems = read(tmp_path, "two.csv", f"Title,Authors,Abstract\nA paper,Jane Doe,{ABSTRACT}\n"
                                                 f"\ufeffTitle,Authors,Abstract\nB paper,John Roe,{ABSTRACT_2}\n")
    assert titles(digest) == ["A paper", "B paper"]
    assert messages(problems) == ["two.csv:3: warning: the header row again (two files joined?): not a paper, left out"]


@pytest.mark.parametrize("end", ["", "\n"])
def test_a_csv_cut_short_inside_a_quoted_field_of_its_last_line_is_an_error(tmp_path, end):
    """A file cut in its last row's quoted abstract passed with its cut abstract (a warning that
    advised quoting the field), or was "row has 2 fields but the header has 3" when the cut fell
    in a middle column."""
    digest, problems = read(tmp_path, "cut.csv", f'title,abstract\nAlpha paper,"{ABSTRACT}"\nBeta paper,"We propose a new meth{end}')
    assert titles(digest) == ["Alpha paper"] and [(p.line, p.level) for p in problems] == [(3, "error")]
    assert "never closed: the file ends inside it; is the file cut short" in problems[0].message
    digest, problems = read(tmp_path, "cut.csv", f'title,abstract,x\nAlpha paper,"{ABSTRACT}",1\nBeta paper,"abs b is cut{end}')
    assert [(p.line, p.level) for p in problems] == [(3, "error")] and "file cut short" in problems[0].message


def test_a_key_given_twice_in_json_is_a_warning_at_its_paper(tmp_path):
    """JSON keeps a key's last value: `{"papers": […], "papers": […]}` lost its first list, and a
    record's first title, without a word (BibTeX and CSV said so of theirs)."""
    digest, problems = read(tmp_path, "wrap.json", '{"papers": [{"title": "A one", "abstract": "x"}],\n'
                                                   ' "papers": [{"title": "B two", "abstract": "y"}]}')
    assert titles(digest) == ["B two"]
    assert messages(problems) == ["wrap.json:1: warning: an object gives 'papers' twice: the last is read (as every JSON "
                                  "reader reads it), the first's value is not"]
    digest, problems = read(tmp_path, "list.json", f'[\n {{"title": "One", "abstract": "{ABSTRACT}"}},\n'
                                                   f' {{"title": "First", "abstract": "{ABSTRACT_2}", "title": "Second"}}\n]\n')
    assert titles(digest) == ["One", "Second"]
    assert messages(problems) == ["list.json:3: warning: the paper gives 'title' twice: the last is read (as every JSON "
                                  "reader reads it)"]
    digest, problems = read(tmp_path, "keyed.json", '{"2301.00001": {"title": "T1", "abstract": "a", "abstract": "b"},\n'
                                                    ' "2301.00002": {"title": "T2", "abstract": "c"}}')
    assert [e.abstract for e in digest.entries] == ["b", "c"]
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(1, "the paper gives 'abstract' twice")]
    digest, problems = read(tmp_path, "lines.jsonl", f'{{"title": "One", "abstract": "{ABSTRACT}"}}\n'
                                                     f'{{"title": "Two", "abstract": "x", "authors": [{{"name": "A", "name": "B"}}]}}\n')
    assert [e.authors for e in digest.entries] == [(), ("B",)]
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(2, "an object of the paper gives 'name' twice")]
    # an object inside a paper of a JSON document is told at the paper's line, not the file's first
    _, problems = read(tmp_path, "authors.json", f'[\n {{"title": "One", "abstract": "{ABSTRACT}"}},\n'
                                                 f' {{"title": "Two", "abstract": "{ABSTRACT}",\n'
                                                 '  "authors": [{"name": "A", "name": "B"}]}\n]\n')
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(3, "an object of the paper gives 'name' twice")]
    _, problems = read(tmp_path, "two.json", "[\n" + ",\n".join(  # (alike in two papers: told of each, not once)
        f' {{"title": "P{n}", "abstract": "{ABSTRACT}", "authors": [{{"name": "A", "name": "B"}}]}}' for n in range(2)) + "\n]\n")
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(2, "an object of the paper gives 'name' twice"),
                                                                     (3, "an object of the paper gives 'name' twice")]


def test_a_file_cut_inside_a_character_is_said_to_be_cut_short(tmp_path):
    """A UTF-8 file cut in a character's middle was told to be saved as UTF-8 ("it may be
    Windows-1252 or Latin-1"), which it was."""
    _, problems = read(tmp_path, "cut.txt", "Café Paper Title\nAbstract of caf".encode() + b"\xc3")
    assert messages(problems) == ["cut.txt:2: error: invalid UTF-8 (byte 0xc3 at column 16): the file ends inside a "
                                  "character; is it cut short?"]
    _, problems = read(tmp_path, "cut16.txt", b"\xff\xfeA\x00b\x00\n")
    assert [p.message.split(": ")[1] for p in problems] == ["the file ends inside a character; is it cut short?"]
    # a lone last byte of a file of ASCII else is Windows-1252's "é" as likely: that advice stays
    _, problems = read(tmp_path, "l1.csv", b"title,abstract\nPaper Z,abstract about caf\xe9")
    assert "save the file as UTF-8 (it may be Windows-1252 or Latin-1, 'é' in Windows-1252" in problems[0].message


def test_a_date_of_day_zero_is_its_month(tmp_path):
    """ADS writes a paper's month as "2023-09-00": only its year was read, with a warning."""
    digest, problems = read(tmp_path, "ads.jsonl", "".join(
        json.dumps({"title": f"Paper {n}", "abstract": ABSTRACT, "date": date}) + "\n"
        for n, date in enumerate(["2023-09-00", "2023-00-00"])))
    assert [e.date for e in digest.entries] == ["2023-09", "2023"] and problems == []


def test_a_link_without_its_scheme_is_read_with_https(tmp_path):
    """A `links` value "github.com/o/r" was left out without a word (a `url` or `Code` cell's was
    read with https://), as was one that is no address at all."""
    digest, problems = read(tmp_path, "l.csv", "title,links,abstract\nScheme-less,github.com/o/r,abs\nWeb,www.example.org/x,abs\n")
    assert [e.extra_urls for e in digest.entries] == [("https://github.com/o/r",), ("https://www.example.org/x",)]
    digest, problems = read(tmp_path, "l.jsonl", json.dumps({"title": "T", "abstract": "a",
                                                             "links": ["github.com/o/r", "not a url"]}) + "\n")
    assert digest.entries[0].extra_urls == ("https://github.com/o/r",)
    assert messages(problems) == ["l.jsonl:1: warning: links: 'not a url' is no http(s) address: left out"]
    digest, problems = read(tmp_path, "l.jsonl", json.dumps({"title": "T", "abstract": "a", "links": [
        "not a url", "mailto:a@b.c", "ftp://x.org/f", "10.1234/abc", "github.com/o/r"]}) + "\n")  # (each one left out is named)
    assert messages(problems) == ["l.jsonl:1: warning: links: 'not a url', 'mailto:a@b.c', 'ftp://x.org/f' and 1 more "
                                  "are no http(s) addresses: left out"]


def test_a_mapping_of_a_fields_own_key_leaves_a_recognised_exports_reading_alone(tmp_path):
    """`fields: {id: id}` (OpenReview's note id) gave Zotero's CSL-JSON papers its item address
    or citation key as their id, and their pages those addresses."""
    source = DATA / "sources" / "zotero-csl.json"
    unmapped = [e.id for e in read_digest(source)[0].entries]
    assert unmapped == ["2309.11495", "10.18653/v1/2024.acl-long.777"]
    assert [e.id for e in read_digest(source, field_map={"title": "content.title.value", "id": "id"})[0].entries] == unmapped
    # an export no reader knows still reads its own "id" so mapped
    digest, _ = read(tmp_path, "notes.json", json.dumps([{"id": "Hk3x9", "content": {"title": {"value": "A note"}}}]))
    assert [e.id for e in read_digest(tmp_path / "notes.json", field_map={"title": "content.title.value", "id": "id"})[0].entries] == ["Hk3x9"]


def test_a_mapped_path_reaches_a_key_with_dots_of_its_own_inside_another(tmp_path):
    """DSpace's Dublin Core, `{"metadata": {"dc.title": …}}`: `metadata.dc.title`, the path the
    error itself offered, found nothing."""
    path = tmp_path / "dc.json"
    path.write_text(json.dumps([{"metadata": {"dc.title": "Nested dotted key paper", "dc.date.issued": "2023-05-01",
                                              "dc.description.abstract": ABSTRACT}}]))
    digest, problems = read_digest(path, field_map={"title": "metadata.dc.title", "date": "metadata.dc.date.issued",
                                                    "abstract": "metadata.dc.description.abstract"})
    assert [(e.title, e.date, e.abstract) for e in digest.entries] == [("Nested dotted key paper", "2023-05-01", ABSTRACT)]
    assert problems == []


def test_a_last_first_name_in_a_list_is_turned_round_beside_other_names(tmp_path):
    """["Lovelace, Ada", "Li Na"] kept "Lovelace, Ada" as written (a list's names were turned round
    only when every one had a comma), though "Lovelace, Ada; Li Na" read "Ada Lovelace"."""
    lines = [{"title": "One", "abstract": ABSTRACT, "authors": ["Lovelace, Ada", "Li Na"]},
             {"title": "Two", "abstract": ABSTRACT, "authors": ["Doe, Jane", "OpenAI"]},
             {"title": "Three", "abstract": ABSTRACT, "authors": ["Google, Inc.", "Ann Lee"]}]
    digest, _ = read(tmp_path, "a.jsonl", "".join(json.dumps(line) + "\n" for line in lines))
    assert [e.authors for e in digest.entries] == [("Ada Lovelace", "Li Na"), ("Jane Doe", "OpenAI"), ("Google, Inc.", "Ann Lee")]
    # and in one string of names parted by "and": "Curie, Marie and Albert Einstein" was "Curie", "Marie", "Albert Einstein"
    lines = [{"title": "Four", "abstract": ABSTRACT, "authors": "Curie, Marie and Albert Einstein"},
             {"title": "Five", "abstract": ABSTRACT, "authors": "van der Berg, Jan and Maria Rossi"},
             {"title": "Six", "abstract": ABSTRACT, "authors": "Ann Lee, Bo Chen and Cy Dee"}]
    digest, _ = read(tmp_path, "b.jsonl", "".join(json.dumps(line) + "\n" for line in lines))
    assert [e.authors for e in digest.entries] == [("Marie Curie", "Albert Einstein"), ("Jan van der Berg", "Maria Rossi"),
                                                   ("Ann Lee", "Bo Chen", "Cy Dee")]


@pytest.mark.parametrize("name, source, said", [
    ("sheet.json", "spreadsheet-reading-list.csv", "the file holds a table: name it .csv"),
    ("query.json", "arxiv-api-retrieval.atom", "the file holds XML: name it .xml"),
    ("zotero.atom", "zotero-reading-list.bib", "the file holds BibTeX: name it .bib"),
    ("pubmed.ris", "pubmed-set.nbib", "the file holds PubMed's MEDLINE format: name it .nbib")])
def test_a_file_of_another_format_than_its_name_says_is_told_how_to_name_it(tmp_path, name, source, said):
    """A CSV named .json was "invalid JSON: Extra data", BibTeX named .atom "invalid XML: syntax
    error", PubMed's records named .ris "no papers found": nothing said what the file holds."""
    _, problems = read(tmp_path, name, (DATA / "sources" / source).read_bytes())
    assert [p.line for p in problems if p.is_error] == [1]
    assert said in next(p.message for p in problems if p.is_error)


def test_a_plain_text_title_of_many_words_between_abstracts_is_a_title(tmp_path):
    """A title of more than 40 words (a survey's) read as prose that can never be a title: in a
    file alternating title and abstract, its paper was lost, both lines "abstract has no title".
    A long line without a sentence's full stop is a title where the lines around it say so; an
    abstract of as many words, or one trailing off, is still no title."""
    title = ("A Comprehensive Survey and Empirical Evaluation of Retrieval Augmented Generation Methods for Open "
             "Domain Question Answering Across Multilingual Low Resource Settings with Applications to Biomedical, "
             "Legal, Financial and Scientific Document Understanding Tasks Under Realistic Compute Budgets, Privacy "
             "Constraints, Annotation Scarcity and Evolving Knowledge Sources: Lessons Learned")
    assert len(title.split()) > 40

    def abstract(n):
        return "We study a problem of interest and propose a method. " * 3 + f"Paper {n} reports results."
    digest, problems = read(tmp_path, "2024-01-01-long.txt", "\n".join(
        ["Short Title One", abstract(1), title, abstract(2), "Short Title Three", abstract(3)]) + "\n")
    assert [(e.title, e.source.line) for e in digest.entries] == [("Short Title One", 1), (title, 3),
                                                                  ("Short Title Three", 5)]
    assert problems == []
    rambling = " ".join(["we study a problem of interest and propose a method"] * 5)  # 50 words, no full stop
    digest, problems = read(tmp_path, "2024-01-01-two.txt", "\n".join(
        ["Short Title One", abstract(1) + " " + rambling, "Short Title Two", rambling + " …"]) + "\n")
    assert [e.title for e in digest.entries] == ["Short Title One", "Short Title Two"] and problems == []
