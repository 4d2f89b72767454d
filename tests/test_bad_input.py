"""The bad-input matrix, end to end: every case is a clean build showing the text verbatim, or an
error naming ``file:line`` with exit status 1 — never a traceback, and never a changed ``site/``.

Each case runs the real ``digest-site build`` (in-process, through ``generator.cli.main``) on a
throwaway project holding one digest. Also here: partially bad digests (rejected whole, or built
without their bad records under ``--skip-invalid``, each one listed) and ``add``, which never
overwrites a digest.
"""

from __future__ import annotations

import codecs
import html
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import make_project, tree_hash

from generator import cli

ROOT = Path(__file__).resolve().parent.parent
DIGESTS = Path("content") / "digests"
A1 = "We study a hard problem in depth. We find that a simple method solves it well."
A2 = "A second abstract with two sentences. It describes another paper entirely."
A3 = "Third abstract of the set is here. It also has two clear sentences."
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


# --- a throwaway project and the CLI ----------------------------------------------------------



@dataclass
class Run:
    code: int
    out: str
    err: str

    def assert_clean_error(self) -> None:
        assert self.code == 1, self.err
        assert "Traceback" not in self.err and "internal error" not in self.err, self.err
        assert re.search(r"nothing was changed( \(--skip-invalid leaves out the records at fault\))?$",
                         self.err.rstrip()), self.err


@pytest.fixture
def project(tmp_path, monkeypatch):
    """Factory: a project holding the given digests; the current folder, so paths show relative."""
    folder = tmp_path / "project"

    def create(digests: dict[str, bytes | str]) -> Path:
        make_project(folder, digests)
        monkeypatch.chdir(folder)
        return folder

    return create


@pytest.fixture
def run(capsys):
    def invoke(*argv: str) -> Run:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return invoke


def published(folder: Path) -> dict[str, dict]:
    records = json.loads((folder / "site" / "papers.json").read_text(encoding="utf-8"))
    return {r["title"]: r for r in records}


def page_html(folder: Path, record: dict) -> str:
    return (folder / "site" / record["url"] / "index.html").read_text(encoding="utf-8")


def shown(text: str) -> str:
    """How plain text appears in a page's HTML source: escaped, line ends and tabs as entities."""
    return html.escape(text, quote=False).replace("\n", "&#10;").replace("\t", "&#9;")


# --- the matrix -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One digest file; either ``titles`` (a clean build, each title on its own page verbatim) or
    ``errors`` (``file:line: error: …`` lines the build must print before exiting 1)."""

    name: str
    data: bytes
    titles: dict[str, str] = field(default_factory=dict)  # title -> abstract
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def txt(*lines: str, newline: str = "\n") -> bytes:
    return newline.join(lines).encode("utf-8")


BIG_LINE = ("word " * 2_100_000).encode()  # a single 10 MB line
LONG_TITLE = "A " + "very " * 395 + "long title"  # 1,987 characters: under the 2,000 limit
LONG_WORDS = "Poly" + "methylene" * 200 + " and nine more words in a long title"  # 1,940 characters
PATH_IDS = ("../../etc/passwd", "..\\..\\boot.ini", "CON", "nul", "aux.txt", "COM1", "lpt9.2", "/abs/path", "a:b")
UNICODE_TITLE = "Emoji 🧪👩🏽‍🔬, zero\u200bwidth\u200d and \u202eright-to-left\u202c עברית العربية"

CASES = [
    Case("2026-01-01-empty.txt", b"", errors=(":1: error: no papers found",)),
    Case("2026-01-01-empty-json.json", b"", errors=(":1: error: no papers found",)),
    Case("2026-01-01-chrome.txt", txt("Get trending papers in your email inbox once a day!", "Subscribe", ""),
         errors=(":1: error: no papers found",)),
    Case("2026-01-01-binary.txt", txt("Title one", A1, "bin\0ary"), errors=(":3: error: binary data, not text",)),
    Case("2026-01-01-binary-json.json", b'[{"title": "x\0"}]', errors=(":1: error: binary data, not text",)),
    Case("2026-01-01-latin1.txt", txt("Title one", A1) + b"\nCaf\xe9 au lait\n", errors=(":3: error: invalid UTF-8",)),
    Case("2026-01-01-utf16le.txt", codecs.BOM_UTF16_LE + "Titel für Ünïcode ✓\n{}\n".format(A1).encode("utf-16-le"),
         titles={"Titel für Ünïcode ✓": A1}),
    Case("2026-01-01-utf16be.json", codecs.BOM_UTF16_BE + json.dumps([{"title": "Big-endian ✓", "abstract": A1}],
                                                                       ensure_ascii=False).encode("utf-16-be"),
         titles={"Big-endian ✓": A1}),
    Case("2026-01-01-crlf.txt", txt("Title CRLF one", A1, "Title CRLF two", A2, "", newline="\r\n"),
         titles={"Title CRLF one": A1, "Title CRLF two": A2}),
    Case("2026-01-01-cr.txt", txt("Title CR one", A1, "Title CR two", A2, "", newline="\r"),
         titles={"Title CR one": A1, "Title CR two": A2}),
    Case("2026-01-01-crlf-csv.csv", b'title,abstract\r\n"Multi\r\nline title",' + f'"{A1}\r\nsecond line"\r\n'.encode(),
         titles={"Multi line title": f"{A1}\nsecond line"}),  # a title's line breaks become a space
    Case("2026-01-01-bigline.txt", BIG_LINE, errors=(":1: error: abstract has no title",)),
    Case("2026-01-01-bigabstract.txt", b"A title\n" + BIG_LINE, errors=(":2: error: abstract is too long",)),
    Case("2026-01-01-dangling.txt", txt("Title one", A1, "Dangling title at the end"),
         titles={"Title one": A1, "Dangling title at the end": ""}, warnings=(":3: warning: title has no abstract",)),
    Case("2026-01-01-orphan.txt", txt(A1, "Title two", A2), errors=(":1: error: abstract has no title",)),
    Case("2026-01-01-same.txt", txt("Same title", A1, "Same title", A1),
         titles={"Same title": A1}, warnings=(":3: warning: duplicate of the paper at line 1",)),
    Case("2026-01-01-case.txt", txt("Deep Nets for Graphs", A1, "deep nets for graphs", A2),
         titles={"Deep Nets for Graphs": A1}, warnings=(":3: warning: duplicate of the paper at line 1",)),
    Case("2026-01-01-punct.txt", txt("Nets: for graphs", A1, "Nets for graphs", A2, "Nets for graphs?", A3),
         titles={"Nets: for graphs": A1, "Nets for graphs": A2, "Nets for graphs?": A3}),
    Case("2026-01-01-tex.txt", txt("GA-S$^3$ learning", A1, "GA-S3 learning", A2, "GA-S³ learning", A3),
         titles={"GA-S$^3$ learning": A1, "GA-S3 learning": A2},  # "S³" is "S3" in compatibility form
         warnings=(":5: warning: duplicate of the paper at line 3",)),
    Case("2026-01-01-longtitle-json.json", json.dumps([{"title": LONG_TITLE, "abstract": A1}]).encode(),
         titles={LONG_TITLE: A1}),
    Case("2026-01-01-longtitle.txt", txt(LONG_WORDS, A1), titles={LONG_WORDS: A1}),
    # a plain-text line of 400 words reads as an abstract: the title is reported, not guessed
    Case("2026-01-01-prosetitle.txt", txt(LONG_TITLE, A1), errors=(":1: error: abstract has no title",)),
    Case("2026-01-01-toolong.json", json.dumps([{"title": "x" * 2_001, "abstract": A1}]).encode(),
         errors=(":1: error: title is too long",)),
    Case("2026-01-01-unicode.txt", txt(UNICODE_TITLE, A1), titles={UNICODE_TITLE: A1}),
    Case("2026-01-01-nontext.json", b'[{"title": "Lone \\ud800 surrogate \\uffff", "abstract": "Tab\\there. Non \\ufffe."}]',
         titles={"Lone surrogate": "Tab\there. Non ."},  # a title's runs of spaces become one
         warnings=(":1: warning: title: removed control characters (U+D800, U+FFFF)",)),
    Case("2026-01-01-nowords.json", json.dumps([{"title": "The", "abstract": "It is."}, {"title": "!!!"}]).encode(),
         titles={"The": "It is.", "!!!": ""}),
    Case("2026-01-01-notitle.csv", f'abstract,authors\n"{A1}",Ann\n'.encode(), errors=(":1: error: no 'title' column",)),
    Case("2026-01-01-noabstract.csv", b"title,authors\nOnly a title,Ann\n", titles={"Only a title": ""},
         warnings=(":1: warning: no 'abstract' column",)),
    Case("2026-01-01-extra.csv", f'title,abstract,stars,notes\nExtra columns,"{A1}",5,x\n'.encode(),
         titles={"Extra columns": A1}),
    Case("2026-01-01-ragged.csv", f'title,abstract\nGood row,"{A1}"\nToo many,"{A2}",x\nToo few\n'.encode(),
         errors=(":3: error: row has 3 fields but the header has 2", ":4: error: row has 1 fields but the header has 2")),
    Case("2026-01-01-object.json", b'{"name": "Not a list", "abstract": "x"}',
         errors=(':1: error: expected a list of papers, or an object with a "papers" list (or with one list of papers), got object',)),
    Case("2026-01-01-string.json", b'\n"papers"', errors=(":2: error: expected a list of papers",)),
    Case("2026-01-01-types.json", b'[\n{"title": 5, "abstract": "x"},\n{"title": "T", "abstract": ["x"]},\n'
                                  b'{"title": "T", "authors": 3},\n7,\n{"title": "Good", "abstract": "Fine."}\n]',
         errors=(":2: error: title must be a string, got number", ":3: error: abstract must be a string, got list",
                 ":4: error: authors must be a list of strings or a string, got number",
                 ":5: error: paper must be an object, got number")),
    Case("2026-01-01-broken.json", b'[{"title": "x",\n}', errors=(":1: error: invalid JSON: a comma before the closing } (column 15)",)),
    # Python's int() refuses it: "invalid JSON: Exceeds the limit (4300 digits) … use sys.set_int_max_str_digits()", line 1
    Case("2026-01-01-longnumber.json", b'[\n{"title": "A", "abstract": "x"},\n{"title": "B", "year": 1' + b"0" * 5000 + b'}\n]',
         errors=(":3: error: invalid JSON: a whole number of 5,001 digits, more than Python reads (column 24)",)),
    Case("2026-01-01-ids.jsonl", "\n".join(json.dumps({"id": i, "title": f"Paper with id {i}", "abstract": A1})
                                           for i in PATH_IDS).encode(),
         titles={f"Paper with id {i}": A1 for i in PATH_IDS}),
]
BY_NAME = {case.name.removeprefix("2026-01-01-"): case for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=list(BY_NAME))
def test_matrix(case: Case, project, run):
    folder = project({case.name: case.data})
    result = run("build")
    where = f"{DIGESTS / case.name}"
    if case.errors:
        result.assert_clean_error()
        for error in case.errors:
            assert f"{where}{error}" in result.err, result.err
        assert not (folder / "site").exists()
        return
    assert result.code == 0, result.err
    for warning in case.warnings:
        assert f"{where}{warning}" in result.err, result.err
    papers = published(folder)
    assert set(papers) == set(case.titles)
    for title, abstract in case.titles.items():
        assert papers[title]["abstract"] == abstract
        page = page_html(folder, papers[title])
        if "$" not in title:
            assert f'<h1 class="ds-paper__title">{shown(title)}</h1>' in page
        if abstract:
            assert f'<p class="ds-abstract">{shown(abstract)}</p>' in page
        else:
            assert "The digest gave no abstract for this paper." in page


def test_the_matrix_covers_every_case_of_the_issue():
    names = " ".join(case.name for case in CASES)
    for word in ("empty", "chrome", "binary", "latin1", "utf16", "crlf", "cr.", "bigline", "dangling", "orphan",
                 "same", "case", "punct", "tex", "longtitle", "unicode", "notitle", "extra", "ragged", "object",
                 "types", "ids", "nontext", "nowords"):
        assert word in names, word


def test_errors_of_every_file_are_reported_at_once_and_change_nothing(project, run):
    folder = project({"2026-01-01-good.txt": txt("Good title", A1)})
    assert run("build").code == 0
    before = tree_hash(folder / "site")
    for case in CASES:
        if case.errors:
            (folder / DIGESTS / case.name).write_bytes(case.data)
    result = run("build")
    result.assert_clean_error()
    for case in CASES:
        for error in case.errors:
            assert f"{DIGESTS / case.name}{error}" in result.err
    assert tree_hash(folder / "site") == before


def test_an_error_line_is_file_line_level_message(project, run):
    project({"2026-01-01-binary.txt": txt("Title one", A1, "bin\0ary")})
    lines = run("build").err.splitlines()
    assert re.fullmatch(r"content/digests/2026-01-01-binary\.txt:3: error: .+", lines[0]), lines
    assert lines[-1] == "digest-site: 1 error(s); nothing was changed (--skip-invalid leaves out the records at fault)"


def test_check_reports_the_same_errors_without_building(project, run):
    folder = project({})
    for case in CASES:
        path = folder / case.name
        path.write_bytes(case.data)
        result = run("check", case.name)
        assert result.code == (1 if case.errors else 0), (case.name, result.err)
        for error in case.errors:
            assert f"{case.name}{error}" in result.err
        assert "Traceback" not in result.err
    assert not (folder / "site").exists()


# --- file names of digests ----------------------------------------------------------------------


ONE_PAPER = {".txt": txt("Title one", A1), ".csv": f'title,abstract\nTitle one,"{A1}"\n'.encode(),
             ".json": json.dumps([{"title": "Title one", "abstract": A1}]).encode(),
             ".jsonl": json.dumps({"title": "Title one", "abstract": A1}).encode()}


@pytest.mark.parametrize("name", ["con.txt", "NUL.json", "aux.csv", "com1.jsonl", "Lpt9.txt", "prn.x.txt"])
def test_windows_reserved_digest_names_are_an_error(name, project, run):
    project({name: ONE_PAPER[Path(name).suffix]})
    result = run("build")
    result.assert_clean_error()
    assert f"{DIGESTS / name}:1: error: " in result.err and "reserved" in result.err


@pytest.mark.parametrize("name", ["-leading-dash.txt", "spaces in name.txt", "ünï.txt", "a;b.txt", "notes.md"])
def test_digest_names_that_cannot_be_urls_are_an_error(name, project, run):
    project({name: txt("Title one", A1)})
    result = run("build")
    result.assert_clean_error()
    assert f"{DIGESTS / name}:1: error: " in result.err


@pytest.mark.parametrize("names", [("2026-01-01-x.txt", "2026-01-01-x.json"), ("2026-01-01-A.txt", "2026-01-01-a.txt")])
def test_two_digests_with_one_name_are_an_error(names, project, run):
    """A digest's name is its page's URL: two of them would share (or, ignoring case, clash on) one page."""
    folder = project({name: ONE_PAPER[Path(name).suffix] for name in names})
    result = run("build")
    result.assert_clean_error()
    later = sorted(names)[1]
    assert f"{DIGESTS / later}:1: error: " in result.err and sorted(names)[0] in result.err
    assert not (folder / "site").exists()


def test_windows_reserved_ids_never_become_file_names(project, run):
    ids = ["con", "PRN", "Aux", "nul", "com1", "LPT1", "con.1", "nul.tar", "com9.x.y"]
    records = [{"id": i, "title": f"Paper {n}", "abstract": A1} for n, i in enumerate(ids)]
    folder = project({"2026-01-01-reserved.json": json.dumps(records)})
    assert run("build").code == 0
    for path in (folder / "site").rglob("*"):
        for part in path.relative_to(folder / "site").parts:
            assert part.split(".")[0].upper() not in WINDOWS_RESERVED, path
    assert sorted(r["id"] for r in published(folder).values()) == sorted(ids)


def project_of_fields(project, fields: list[str]) -> Path:
    """A project without topics.yml of 24 papers on four subjects, each filed under one of ``fields``."""
    records = [{"title": f"Paper {i} on subject {i % 4}", "abstract": f"We study subject {i % 4} in depth. {A1}",
                "categories": [fields[i % 4]]} for i in range(24)]
    folder = project({"2026-01-01-fields.json": json.dumps(records)})
    (folder / "content" / "topics.yml").unlink()
    return folder


def test_topics_suggested_from_hostile_categories_get_safe_folders(project, run):
    """Without topics.yml, topics are named after the papers' categories: text from the digest."""
    folder = project_of_fields(project, ["CON (cs.XX)", "nul (cs.YY)", "!!! (cs.ZZ)", "Aux (cs.WW)"])
    result = run("build")
    assert result.code == 0, result.err
    for path in (folder / "site").rglob("*"):
        for part in path.relative_to(folder / "site").parts:
            assert part.split(".")[0].upper() not in WINDOWS_RESERVED and not part.startswith("."), path
    slugs = {s for r in published(folder).values() for s in r["topic_slugs"]}
    assert slugs and all((folder / "site" / "topics" / slug / "index.html").is_file() for slug in slugs)


@pytest.mark.parametrize("topic", ["{name: Con, description: x}", "{name: Anything, slug: aux}", "{name: '!!!'}"])
def test_a_curated_topic_whose_folder_cannot_exist_is_an_error(topic, project, run):
    folder = project({"2026-01-01-good.txt": txt("Good title", A1)})
    (folder / "content" / "topics.yml").write_text(f"topics:\n  - {{name: Fine topic}}\n  - {topic}\n",
                                                   encoding="utf-8")
    result = run("build")
    assert result.code == 1 and "content/topics.yml:3: error: " in result.err, result.err
    assert not (folder / "site").exists()


def test_path_like_ids_stay_inside_the_site(project, run, tmp_path):
    folder = project({"2026-01-01-ids.jsonl": BY_NAME["ids.jsonl"].data})
    assert run("build").code == 0
    outside = {p.relative_to(tmp_path) for p in tmp_path.rglob("*")}
    assert all(p.parts[0] == "project" for p in outside)
    for record in published(folder).values():
        assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", record["slug"]), record["slug"]
        assert record["url"] == f"papers/{record['slug']}/"


def test_a_symlinked_digest_is_an_error_and_publishes_nothing(project, run, tmp_path):
    """A pull request can add a symbolic link: it must not publish a file from outside the project."""
    secret = tmp_path / "secret.txt"
    secret.write_text(f"SECRET-TOKEN-123 title\n{A1}\n", encoding="utf-8")
    folder = project({"2026-01-01-good.txt": txt("Good title", A1)})
    (folder / DIGESTS / "2026-01-02-link.txt").symlink_to(secret)
    result = run("build")
    result.assert_clean_error()
    assert f"{DIGESTS / '2026-01-02-link.txt'}:1: error: " in result.err and "link" in result.err
    assert "SECRET" not in result.err
    assert not (folder / "site").exists()
    assert not any("SECRET" in p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_the_digests_folder_is_an_error_not_a_hang_or_ignored(project, run, monkeypatch):
    folder = project({"2026-01-01-good.txt": txt("Good title", A1)})
    os.mkfifo(folder / DIGESTS / "2026-01-02-pipe.txt")
    monkeypatch.chdir(folder)
    result = run("build")
    result.assert_clean_error()
    assert f"{DIGESTS / '2026-01-02-pipe.txt'}:1: error: not a regular file (a FIFO)" in result.err
    assert not (folder / "site").exists()


def test_a_folder_named_like_a_digest_is_a_file_line_error_for_check_add_and_new(project, run, tmp_path):
    # (a download unpacked into "2026-01-02-export.csv/", say): "digest-site: error: Is a
    # directory: 3", from open() on the folder's file descriptor, naming no file; a folder has no line
    folder = project({})
    named = tmp_path / "2026-01-02-export.csv"
    named.mkdir()
    for argv in (("check", str(named)), ("add", str(named)), ("new", str(tmp_path / "fresh"), "--from", str(named))):
        result = run(*argv)
        assert result.code == 1 and "Traceback" not in result.err, result.err
        assert f"{named}: error: not a regular file (a folder)" in result.err, result.err
    assert list((folder / DIGESTS).iterdir()) == [] and not (tmp_path / "fresh").exists()


def test_a_symlinked_digests_folder_is_an_error(project, run, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2026-01-01-x.txt").write_text(f"SECRET title\n{A1}\n", encoding="utf-8")
    folder = project({})
    (folder / DIGESTS).rmdir()
    (folder / DIGESTS).symlink_to(elsewhere, target_is_directory=True)
    result = run("build")
    result.assert_clean_error()
    assert "link" in result.err and not (folder / "site").exists()


# --- partially bad digests ----------------------------------------------------------------------


MIXED = (
    b'[\n{"title": "Good one", "abstract": "Fine."},\n{"title": 5},\n{"title": "Good two", "abstract": "Fine too."},\n'
    b'{"abstract": "no title"},\n"not a paper"\n]'
)
MIXED_ERRORS = (":3: error: title must be a string, got number", ":5: error: paper has no title",
                ":6: error: paper must be an object, got string")


def test_a_partially_bad_digest_is_rejected_whole_by_default(project, run):
    folder = project({"2026-01-01-good.txt": txt("Good title", A1), "2026-01-02-mixed.json": MIXED})
    result = run("build")
    result.assert_clean_error()
    for error in MIXED_ERRORS:
        assert f"{DIGESTS / '2026-01-02-mixed.json'}{error}" in result.err
    assert not (folder / "site").exists()


def test_skip_invalid_builds_the_rest_and_lists_every_skipped_record(project, run):
    folder = project({"2026-01-01-good.txt": txt("Good title", A1), "2026-01-02-mixed.json": MIXED,
                      "2026-01-03-binary.txt": b"\0", "2026-01-04-ragged.csv": BY_NAME["ragged.csv"].data})
    result = run("build", "--skip-invalid")
    assert result.code == 0, result.err
    assert set(published(folder)) == {"Good title", "Good one", "Good two", "Good row"}
    skipped = [line for line in result.err.splitlines() if line.startswith("skipped: ")]
    expected = [f"skipped: {DIGESTS / '2026-01-02-mixed.json'}{e}" for e in MIXED_ERRORS]
    expected += [f"skipped: {DIGESTS / '2026-01-03-binary.txt'}:1: error: binary data, not text (NUL byte at column 1)"]
    expected += [f"skipped: {DIGESTS / '2026-01-04-ragged.csv'}{e}" for e in BY_NAME["ragged.csv"].errors]
    for line in expected:
        assert any(s.startswith(line) for s in skipped), (line, skipped)
    assert len(skipped) == len(expected)
    assert f"digest-site: skipped {len(expected)} invalid record(s) listed above" in result.err


def test_skip_invalid_leaves_out_a_digest_with_nothing_left(project, run):
    """A digest whose every record was skipped gets no page, and is not the home page's latest."""
    folder = project({"2026-01-01-good.txt": txt("Good title", A1), "2026-01-09-broken.txt": b"bin\0"})
    result = run("build", "--skip-invalid")
    assert result.code == 0, result.err
    assert " and 1 digest into " in result.err
    published = sorted((folder / "site" / "digests").iterdir())
    assert [p.name for p in published if p.is_dir()] == ["2026-01-01-good"]  # beside it, its .bib
    assert not any("broken" in p.name for p in published)
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "2026-01-09" not in home and "Good title" in home


def test_skip_invalid_with_nothing_left_is_an_error(project, run):
    folder = project({"2026-01-01-binary.txt": b"\0"})
    result = run("build", "--skip-invalid")
    assert result.code == 1 and "Traceback" not in result.err
    assert "no papers" in result.err
    assert not (folder / "site").exists()


def test_no_record_is_lost_silently(project, run):
    """Every record of a digest is published, or named by a warning or a skipped error."""
    records = [{"title": f"Paper {i}", "abstract": A1} for i in range(8)]
    records[2] = {"title": ""}
    records[4] = {"title": "Paper 1", "abstract": A1}  # a duplicate
    records[6] = {"title": "Paper 6", "abstract": {"x": 1}}
    text = "[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]"
    folder = project({"2026-01-01-mixed.json": text})
    result = run("build", "--skip-invalid")
    assert result.code == 0, result.err
    named = {int(m) for m in re.findall(r"2026-01-01-mixed\.json:(\d+): (?:error|warning)", result.err)}
    published_lines = {records.index({"title": t, "abstract": A1}) + 2 for t in published(folder)}
    assert published_lines | named == set(range(2, 2 + len(records)))


# --- add never overwrites -----------------------------------------------------------------------


def test_add_never_overwrites_an_existing_digest(project, run, tmp_path):
    folder = project({})
    first, second = tmp_path / "2026-03-01-mine.txt", tmp_path / "other" / "2026-03-01-mine.txt"
    second.parent.mkdir()
    first.write_text(f"First title\n{A1}\n", encoding="utf-8")
    second.write_text(f"Second title\n{A2}\n", encoding="utf-8")
    assert run("add", str(first)).code == 0
    target = folder / DIGESTS / "2026-03-01-mine.txt"
    original = target.read_bytes()
    result = run("add", str(second))
    assert result.code == 1 and "exists already" in result.err and "--force" in result.err
    assert "Traceback" not in result.err
    assert target.read_bytes() == original
    assert run("add", "--force", str(second)).code == 0
    assert target.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in (folder / DIGESTS).iterdir()) == ["2026-03-01-mine.txt"]


def test_add_of_a_name_taken_in_another_format_never_overwrites(project, run, tmp_path):
    folder = project({})
    text, data = tmp_path / "2026-03-01-mine.txt", tmp_path / "2026-03-01-MINE.json"
    text.write_text(f"First title\n{A1}\n", encoding="utf-8")
    data.write_text(json.dumps([{"title": "Second title", "abstract": A2}]), encoding="utf-8")
    assert run("add", str(text)).code == 0
    result = run("add", str(data))
    assert result.code == 1 and "2026-03-01-mine.txt exists already" in result.err and "--force" in result.err
    assert sorted(p.name for p in (folder / DIGESTS).iterdir()) == ["2026-03-01-mine.txt"]
    assert run("add", "--force", str(data)).code == 0
    assert sorted(p.name for p in (folder / DIGESTS).iterdir()) == ["2026-03-01-MINE.json"]
    assert run("build").code == 0 and set(published(folder)) == {"Second title"}


def test_add_rejects_bad_input_and_writes_nothing(project, run, tmp_path):
    folder = project({})
    bad = tmp_path / "2026-03-01-bad.txt"
    bad.write_bytes(txt("Title", A1, "x\0"))
    result = run("add", str(bad))
    assert result.code == 1 and f"{bad}:3: error: binary data" in result.err
    assert list((folder / DIGESTS).iterdir()) == []


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", "CON", "a/b\\c", " ", "x" * 150, "x" * 300])
def test_add_names_cannot_escape_the_digests_folder(name, project, run, tmp_path):
    folder = project({})
    source = tmp_path / "paper.txt"
    source.write_text(f"A title\n{A1}\n", encoding="utf-8")
    result = run("add", "--name", name, "--date", "2026-03-01", str(source))
    assert "Traceback" not in result.err
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and folder not in p.parents and p != source]
    assert outside == []
    if result.code == 0:
        added = list((folder / DIGESTS).iterdir())
        assert len(added) == 1 and added[0].name.startswith("2026-03-01")
        assert run("build").code == 0


def test_a_warning_many_files_give_is_summed_up_after_the_first_files_naming_the_newest():
    # every build prints the problems of every digest: at 700 daily digests, one old kind of
    # warning took 230 lines of each build's output, and the newest digest's among them
    from generator.errors import FILES_SHOWN, Problem, shown_problems
    days = [f"content/digests/2025-01-{day:02d}-daily.jsonl" for day in range(1, 11)]
    shifted = "the abstract column holds the subjects (a shifted row)"
    problems = [Problem(path, day + 1, shifted, "warning") for day, path in enumerate(days)]
    problems[4:4] = [Problem(days[3], 40 + n, shifted, "warning") for n in range(5)]  # a file's own repeats
    problems.insert(9, Problem(days[5], 7, "title is empty"))  # an error is always shown
    problems.append(Problem(days[-1], 3, "paper has no abstract", "warning"))  # another kind, in one file
    shown = shown_problems(problems)
    assert shown[:FILES_SHOWN] == [str(p) for p in problems[:FILES_SHOWN]]
    assert shown[FILES_SHOWN:] == [
        f"{days[5]}:7: error: title is empty",
        f"{days[-1]}:10: warning: {shifted} (the last of 12 in 7 more files from {days[3]} on: "
        "`digest-site check` lists each)",
        f"{days[-1]}:3: warning: paper has no abstract"]
    few = [Problem(path, 1, shifted, "warning") for path in days[:FILES_SHOWN + 1]]  # one more file is shown
    assert shown_problems(few) == [str(p) for p in few]


def test_a_warning_repeated_in_one_file_is_summed_up_and_every_error_shown():
    from generator.errors import Problem, shown_problems
    problems = [Problem("d.json", line, "paper has no abstract", "warning") for line in range(1, 40, 2)]
    problems += [Problem("d.json", 50, "title is empty"), Problem("d.json", 52, "title is empty"),
                 Problem("e.json", 3, "paper has no abstract", "warning")]
    shown = shown_problems(problems)
    assert shown[:3] == [f"d.json:{n}: warning: paper has no abstract" for n in (1, 3, 5)]
    assert shown[3] == "d.json: warning: paper has no abstract: 17 more, at lines 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, …"
    assert shown[4:] == ["d.json:50: error: title is empty", "d.json:52: error: title is empty",
                         "e.json:3: warning: paper has no abstract"]
    four = [Problem("f.json", n, "w", "warning") for n in range(4)]  # one more is shown, not summed up
    assert shown_problems(four) == [str(p) for p in four]
    copies = [Problem("g.csv", 100 + n, f"duplicate of the paper at line {n}", "warning") for n in range(1, 8)]
    assert shown_problems(copies)[3:] == ["g.csv: warning: duplicate of the paper at line …: 4 more, at lines "
                                         "104 (… is 4), 105 (… is 5), 106 (… is 6), 107 (… is 7)"]
    named = [Problem("h.json", n, f"this newer record's text replaces that of col1/content/digests/2023-09-21-s2.json:{n}",
                     "note") for n in range(1, 8)]  # the digits of a file's name are no count
    assert shown_problems(named)[3:] == [
        "h.json: note: this newer record's text replaces that of col1/content/digests/2023-09-21-s2.json:…: 4 more, at lines "
        "4 (… is 4), 5 (… is 5), 6 (… is 6), 7 (… is 7)"]
    dates = [Problem("i.csv", n, f"date '{n:02d}/{n + 3:02d}/2023' could be day/month or month/day: only its year is read",
                     "warning") for n in range(1, 8)] + [
        Problem("i.csv", 20 + n, f"date '2023-{n:02d}' is not a full date: only its year is read", "warning") for n in range(1, 8)]
    assert shown_problems(dates)[3] == ("i.csv: warning: date '…' could be day/month or month/day: only its year is read: "
                                        "4 more, at lines 4 (… is 04/07/2023), 5 (… is 05/08/2023), 6 (… is 06/09/2023), "
                                        "7 (… is 07/10/2023)")
    assert shown_problems(dates)[7] == ("i.csv: warning: date '…' is not a full date: only its year is read: 4 more, at lines "
                                         "24 (… is 2023-04), 25 (… is 2023-05), 26 (… is 2023-06), 27 (… is 2023-07)")
    one_line = [Problem("j.json", 1, "paper has no abstract", "warning")] * 6 + [Problem("j.json", 2, "paper has no abstract",
                                                                                       "warning")]
    assert shown_problems(one_line)[3] == "j.json: warning: paper has no abstract: 4 more, at lines 1, 2"  # was "1, 1, 1, 2"
    assert shown_problems(one_line[:6])[3] == "j.json: warning: paper has no abstract: 3 more, at line 1"


# --- the owner's YAML files: collection.yml and topics.yml ------------------------------------


def alias_bomb(levels: int, key: str) -> str:
    """Each alias a list of nine of the one before: 9**levels values from a few lines."""
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + f"\n{key}*a{levels - 1}\n"


COLLECTION_YML = [  # (text, line, what the error says): each was a traceback, a hang or a wrong line
    (alias_bomb(7, "include: {keywords: ").replace("*a6\n", "*a6}\n"), 6, "alias bomb"),
    ("title: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested more than 50 deep"),
    ("title: x\ninclude: &a {keywords: [*a]}\n", 2, "an alias (*name) inside the value it names"),
    ("related: 1" + "0" * 5000 + "\n", 1, "value has 5001 digits (put it in quotes"),
    ("title: Lab\ndescription: 2023-02-30\n", 2, "day is out of range for month (put it in quotes"),
    ("title: Lab\n\ndescription: Caf\xe9\n", 3, "invalid UTF-8 (byte 0xe9 at column 17)"),
    ("title: Lab\ndescription: a\x07b\n", 2, "the character U+0007 is not allowed in YAML"),
    ("colours:\n  primary: teal\n  accent: pink\n  primary: red\n", 4, "'primary' is given twice (lines 2 and 4)"),
    ("title: 2023-09-21\n", 1, "got the YAML date '2023-09-21' (put it in quotes to mean the text)"),
]


@pytest.mark.parametrize("text, line, message", COLLECTION_YML, ids=["bomb", "deep", "recursive", "long-number",
                                                                     "no-day", "latin1", "control", "nested-twice",
                                                                     "date"])
def test_collection_yml_problems_are_file_line_errors(text, line, message, project, run):
    folder = project({"2026-01-01-good.txt": txt("Good title", A1)})
    (folder / "content" / "collection.yml").write_bytes(text.encode("latin-1" if "\xe9" in text else "utf-8"))
    result = run("check")
    assert result.code == 1 and "Traceback" not in result.err and "internal error" not in result.err, result.err[:2000]
    assert f"content/collection.yml:{line}: error: " in result.err and message in result.err, result.err[:2000]
    assert len(result.err) < 2_000  # (the alias bomb's message was the expanded list: hundreds of megabytes)


def test_an_option_named_by_a_list_is_an_unknown_option_not_a_crash(project, run, caplog):
    folder = project({"2026-01-01-good.txt": txt("Good title", A1)})
    (folder / "content" / "collection.yml").write_text("title: Lab\n? [a, b]\n: x\n", encoding="utf-8")
    result = run("check")
    assert result.code == 0, result.err
    assert "content/collection.yml:2: warning: unknown option written as a list or mapping" in caplog.text


def test_an_alias_bomb_in_topics_yml_is_refused_at_its_line_and_the_site_kept(project, run):
    folder = project({"2026-01-01-good.txt": txt("Good title", A1)})
    assert run("build").code == 0
    before = tree_hash(folder / "site")
    (folder / "content" / "topics.yml").write_text(alias_bomb(8, "topics:\n- name: Bomb\n  keywords: "),
                                                   encoding="utf-8")
    result = run("build")
    result.assert_clean_error()
    assert "content/topics.yml:6: error: not valid YAML: the aliases (*name) here expand to over a million" in result.err
    assert tree_hash(folder / "site") == before


def test_a_topics_yml_byte_that_is_not_utf8_is_named_at_its_line(project, run):
    folder = project({"2026-01-01-good.txt": txt("Good title", A1)})
    (folder / "content" / "topics.yml").write_bytes(b"topics:\n  - name: Robots\n  - name: Caf\xe9\n")
    result = run("check")
    assert result.code == 1 and "content/topics.yml:3: error: invalid UTF-8 (byte 0xe9 at column 14)" in result.err


def test_a_topic_whose_slug_is_too_long_for_a_file_name_is_a_check_error(project, run):
    # check passed it; the build ended in "digest-site: error: File name too long: …/topics/xxxx…"
    folder = project({"2026-01-01-good.txt": txt("Good title", A1)})
    (folder / "content" / "topics.yml").write_text(f"topics:\n  - name: Fine\n  - name: {'Word ' * 60}\n",
                                                   encoding="utf-8")
    result = run("check")
    assert result.code == 1, result.err
    assert "content/topics.yml:3: error: the slug is 299 characters long (at most 200)" in result.err


def test_a_category_too_long_to_be_a_folder_does_not_name_a_suggested_topic(project, run):
    # ("Field A verylongword …", as a collection's own categories may be): "File name too long"
    folder = project_of_fields(project, [f"Field {c} " + "verylongword " * 30 + f"(cs.{c}{c})" for c in "ABCD"])
    result = run("build")
    assert result.code == 0, result.err
    slugs = {s for r in published(folder).values() for s in r["topic_slugs"]}
    assert slugs and all(len(slug) <= 200 and (folder / "site" / "topics" / slug / "index.html").is_file()
                         for slug in slugs)


@pytest.mark.parametrize("name, doctype, body", [
    ("2026-01-02-feed.xml", "feed", "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>Leak &x;</title></entry></feed>"),
    ("2026-01-02-feed.txt", "feed", "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>Leak &x;</title></entry></feed>"),
    ("2026-01-02-feed.rss", "rss", "<rss version='2.0'><channel><item><title>Leak &x;</title></item></channel></rss>"),
    ("2026-01-02-pubmed.xml", "PubmedArticleSet", "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>"
     "<Article><ArticleTitle>Leak &x;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"),
    ("2026-01-02-endnote.xml", "xml", "<xml><records><record><titles><title>Leak &x;</title></titles></record></records></xml>"),
])
@pytest.mark.parametrize("entity", ["<!ENTITY x SYSTEM '{secret}'>", "<!ENTITY % p SYSTEM '{secret}'> %p;"])
def test_xml_external_entities_are_refused_at_their_line_and_read_nothing(name, doctype, body, entity, project, run,
                                                                          tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FILE-CONTENT\n", encoding="utf-8")
    folder = project({"2026-01-01-good.txt": txt("Good title", A1)})
    assert run("build").code == 0
    before = tree_hash(folder / "site")
    declared = entity.format(secret=secret.as_uri())
    (folder / DIGESTS / name).write_text(f"<?xml version='1.0'?>\n<!DOCTYPE {doctype} [\n{declared}\n]>\n{body}\n",
                                         encoding="utf-8")
    result = run("build")
    result.assert_clean_error()
    assert re.search(rf"{re.escape(str(DIGESTS / name))}:3: error: refused: the XML declares entities \('[xp]', which "
                     r"can expand to gigabytes or read other files\)", result.err), result.err
    assert tree_hash(folder / "site") == before and "SECRET" not in result.out + result.err
    assert not any(b"SECRET-FILE" in p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_mutants_of_every_export_are_read_or_refused_at_the_file_never_crash(tmp_path):
    """3,000 mutants of the real exports in tests/data/sources (cut short, stray bytes, NULs, BOMs,
    lines dropped, doubled or moved, CR line ends, stray quotes and brackets: ``bench/fuzz.py``)
    each give papers, or errors naming the file at a line, and never another exception or a hang."""
    from bench import fuzz

    outcome = fuzz.run(seed=1, count=3000, folder=tmp_path)
    assert outcome.failures == []
    assert outcome.read > 500 and outcome.refused > 500 and outcome.papers > outcome.read  # both ways taken


def test_every_field_of_every_export_given_an_odd_value_is_read_or_refused_never_crashes(tmp_path):
    """Each field of the real exports (each JSON value, XML text and attribute, CSV cell, BibTeX
    field and tagged line, 60 a file: ``bench/fuzz.py --fields``) given a value a reader may choke
    on: an EndNote year of "\\23" was put into a regular expression and failed the read."""
    from bench import fuzz

    odd = ("\\23", "20(23", "{{ x }}", "", "nan", "a" * 20000, "<b>x</b>&amp;", "../../x", "9999-99-99", "\U0001F600")
    outcome = fuzz.check(fuzz.field_mutants(sorted(fuzz.SOURCES.iterdir()), odd), tmp_path)
    assert outcome.failures == []
    assert outcome.read > 1000 and outcome.refused > 100 and outcome.papers > outcome.read  # both ways taken
