"""The CLI: help for every command, exit codes, messages instead of tracebacks."""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import NO_SITE_URL, main, parser

COMMANDS = [["build"], ["generate"], ["serve"], ["check"], ["add"], ["new"], ["topics"], ["topics", "suggest"]]


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: digest-site") and len(out.splitlines()) > 3


def test_every_argument_of_every_command_says_what_it_is():
    """`new --help` listed `DIR` and `topics suggest --help` `DIGEST` with no word of what they take."""
    def commands(p):
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, command in action.choices.items():
                    yield from ((f"{name} {inner}".strip(), q) for inner, q in commands(command))
        yield "", p

    bare = [f"{name}: {action.metavar or action.dest}" for name, command in commands(parser())
            for action in command._actions if not action.help and not isinstance(action, argparse._SubParsersAction)]
    assert bare == []


def test_every_subcommand_is_covered_by_the_help_test():
    actions = [a for a in parser()._actions if a.__class__.__name__ == "_SubParsersAction"]
    assert sorted([name] for name in actions[0].choices) == sorted(c for c in COMMANDS if len(c) == 1)


@pytest.mark.parametrize("command", [["build"], ["topics", "suggest"]], ids=" ".join)
def test_a_wrong_option_is_reported_with_the_commands_usage(command, capsys):
    """`digest-site build --bogus` showed the top's usage (`COMMAND ...`) and `digest-site: error:`,
    which says nothing of what `build` takes."""
    with pytest.raises(SystemExit) as exited:
        main([*command, "--bogus"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    name = " ".join(["digest-site", *command])
    assert err.startswith(f"usage: {name} [-h]") and f"{name}: error: unrecognized arguments: --bogus" in err


def test_options_may_come_between_a_commands_files(tmp_path, capsys, monkeypatch):
    """`check a.json --field title=name b.json` (and `add a.bib --force b.ris`) was "unrecognized
    arguments: b.json": every file is read, with the option."""
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text('[{"name": "First", "abstract": "One."}]', encoding="utf-8")
    second.write_text('[{"name": "Second", "abstract": "Two."}]', encoding="utf-8")
    assert main(["check", str(first), "--field", "title=name", str(second)]) == 0
    assert "checked 2 files, 2 papers: 0 error(s)" in capsys.readouterr().err  # (unmapped: no title)
    dashed = tmp_path / "-b.json"  # a file named as an option, after `--`
    dashed.write_bytes(second.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--field", "title=name", "--", "-b.json"]) == 0
    assert "-b.json: 1 paper, 0 error(s)" in capsys.readouterr().out


def test_a_build_without_topics_yml_says_so_once_with_the_command_to_save_them(tmp_path):
    """A collection `new` started empty built with two lines for one fact ("content/topics.yml not
    found: using topics suggested…" and "no content/topics.yml: topics were suggested…"), neither
    giving a command that saves them."""
    from tests.conftest import make_project

    folder = make_project(tmp_path / "project", {"2024-01-01-a.txt": "Robots That Walk\nWe study walking.\n"},
                          topics=False)
    result = run("-C", str(folder), "build")
    assert result.returncode == 0
    said = [line for line in result.stderr.splitlines() if "topics.yml" in line]
    assert len(said) == 1 and "digest-site topics suggest > content/topics.yml" in said[0], result.stderr


MIXED = "Title,Abstract\nRobots That Walk,We study walking robots.\n,An abstract without its title.\n"


def test_a_file_with_no_readable_record_is_not_counted_as_rejected_records(tmp_path, capsys):
    """A spreadsheet's two rows without a title column were "0 new, 0 already known, 1 rejected":
    the one error is the file's, not a record's."""
    from tests.conftest import make_project

    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Paper Name,Summary Text\nOne,An abstract.\nTwo,Another abstract.\n", encoding="utf-8")
    folder = make_project(tmp_path / "project", {})
    assert main(["-C", str(folder), "add", str(sheet), "--skip-invalid"]) == 1
    err = capsys.readouterr().err
    assert "sheet.csv:1: error: no 'title' column" in err and "rejected" not in err
    assert f"digest-site: {sheet}: not added: no record is readable (1 error listed above with why)" in err
    assert list((folder / "content" / "digests").iterdir()) == []


def test_a_bad_record_names_skip_invalid_as_the_way_on(tmp_path, capsys):
    """One record without a title among an export's hundreds: build, new and add said "nothing was
    changed" (or added), and not that --skip-invalid goes on without it; an error of another kind
    (collection.yml's) names no such way."""
    from tests.conftest import make_project

    export = tmp_path / "export.csv"
    export.write_text(MIXED, encoding="utf-8")
    folder = make_project(tmp_path / "project", {"2024-01-01-a.csv": MIXED})
    assert main(["-C", str(folder), "build"]) == 1
    assert "nothing was changed (--skip-invalid leaves out the records at fault)" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "new"), "--from", str(export)]) == 1
    assert "nothing was changed (--skip-invalid leaves out the records at fault)" in capsys.readouterr().err
    (folder / "content" / "digests" / "2024-01-01-a.csv").unlink()
    assert main(["-C", str(folder), "add", str(export)]) == 1
    assert "--skip-invalid adds the others" in capsys.readouterr().err
    (folder / "content" / "collection.yml").write_text("sort: nope\n", encoding="utf-8")
    assert main(["-C", str(folder), "build"]) == 1
    err = capsys.readouterr().err
    assert "option 'sort'" in err and "--skip-invalid" not in err, err


def test_a_project_option_naming_no_folder_says_so(tmp_path, capsys, monkeypatch):
    """`-C lab-paper build` (a typo) said "lab-paper/mkdocs.yml:1: error: no mkdocs.yml here: run
    digest-site in the project folder"; `-C lab new my-digest` made my-digest in the current folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert main(["-C", "lab-paper", "build"]) == 1
    assert capsys.readouterr().err.strip() == "digest-site: error: -C lab-paper: no such folder"
    assert main(["-C", "notes.txt", "check"]) == 1
    assert capsys.readouterr().err.strip() == "digest-site: error: -C notes.txt: not a folder"
    (tmp_path / "lab").mkdir()
    assert main(["-C", "lab", "new", "my-digest"]) == 1
    assert "(digest-site new lab/my-digest)" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lab", "notes.txt"]


@pytest.mark.parametrize("command", [["add"], ["check"], ["new", "lab", "--from"], ["topics", "suggest"]], ids=" ".join)
def test_a_web_address_for_a_file_says_to_save_it_first(command, capsys):
    """`add https://huggingface.co/api/daily_papers` was "https:/huggingface.co/api/daily_papers: no
    such file" (the address read as a path, one slash lost)."""
    address = "https://export.arxiv.org/api/query?search_query=all:retrieval"
    with pytest.raises(SystemExit) as exited:
        main([*command, address])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"{address} is a web address: digest-site reads files, so save what it answers first" in err, err
    assert f"curl -L -o FILE '{address}'" in err, err


def test_a_field_option_without_its_path_says_what_it_takes(tmp_path, capsys):
    """`--field title` (the path forgotten) said "field 'title': '' is not a dotted path"."""
    export = tmp_path / "a.json"
    export.write_text('[{"title": "First", "abstract": "One."}]', encoding="utf-8")
    assert main(["check", str(export), "--field", "title"]) == 1
    assert capsys.readouterr().err.strip() == ("digest-site: error: --field title: expected NAME=PATH, the field and "
                                               "where the records hold it (--field title=paper.title)")


def test_python_m_generator_is_the_cli():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("digest-site ")


def test_check_reports_file_line_and_exits_1(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"title": "ok", "abstract": "fine"},\n {"title": 3}]')
    result = run("check", str(bad))
    assert result.returncode == 1
    assert f"{bad}:2: error:" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_counts_a_note_as_no_warning(tmp_path, capsys):
    """A note (Excel's "sep=;" line above the header) is shown, but says nothing is wrong."""
    table = tmp_path / "table.csv"
    table.write_text("sep=;\nTitle;Abstract\nFirst;One.\n", encoding="utf-8")
    assert main(["check", str(table)]) == 0
    captured = capsys.readouterr()
    assert f"{table}:1: note: line 1 is no header" in captured.err
    assert captured.out.strip() == f"{table}: 1 paper, 0 error(s), 0 warning(s)"


def test_check_warns_of_a_paper_twice_in_one_file_as_the_build_does(tmp_path, capsys):
    twice = tmp_path / "twice.csv"
    twice.write_text("Title,Abstract,URL\nFirst,One.,https://arxiv.org/abs/2401.00001v1\n"
                     "Second,Two.,https://arxiv.org/abs/2401.00001v2\n", encoding="utf-8")
    assert main(["check", str(twice)]) == 0  # a warning, not an error
    assert f"{twice}:3: warning: duplicate of the paper at line 2" in capsys.readouterr().err


def test_check_of_a_digest_in_a_folder_of_the_digests_folder_fails_and_of_a_wrong_type_says_so_once(project, capsys,
                                                                                                      monkeypatch):
    # a pull request's digest in content/digests/sub/ passed its check, and the build left it out;
    # an .xlsx was refused twice at its line (two annotations)
    folder = project({"2024-01-01-x.txt": "A Title\nIts abstract, long enough to read. Two.\n"})
    monkeypatch.chdir(folder)
    (folder / "content/digests/sub").mkdir()
    (folder / "content/digests/sub/2024-01-02-y.txt").write_text("B Title\nAn abstract, long enough to read. Two.\n")
    (folder / "content/digests/2024-01-03-z.xlsx").write_bytes(b"x")
    assert main(["check", "content/digests/sub/2024-01-02-y.txt"]) == 1
    assert capsys.readouterr().err.startswith("content/digests/sub/2024-01-02-y.txt:1: error: in a folder of content/digests: "
                                              "the build reads no digest in folders")
    assert main(["check", "content/digests/2024-01-03-z.xlsx"]) == 1
    assert capsys.readouterr().err.count("content/digests/2024-01-03-z.xlsx:1: error:") == 1


def test_a_warning_of_the_settings_is_said_once_a_command(project, caplog, monkeypatch):
    # `check` read collection.yml and mkdocs.yml twice (and `serve` three times), and said each warning as often
    folder = project({"2024-01-02-b.txt": "A Title\nAn abstract that is long enough. It has two sentences.\n"})
    (folder / "content/collection.yml").write_text("title: Lab\nfoo: 1\n")
    monkeypatch.chdir(folder)
    for command in ("check", "build", "check"):  # (each command says it: the filter is the command's)
        caplog.clear()
        assert main([command]) == 0
        said = [r for r in caplog.records if "unknown option 'foo'" in r.getMessage()]
        assert len(said) == 1 and said[0].getMessage().startswith("content/collection.yml:2: warning:")


def test_check_without_files_checks_the_whole_collection_at_once(project):
    folder = project({"2024-01-01-a.json": '[{"title": "ok", "abstract": "fine"},\n {"title": 3}]',
                      "2024-01-02-b.txt": "A Title\nAn abstract that is long enough. It has two sentences.\n"})
    (folder / "content/collection.yml").write_text("title: Lab\nrelated: 99\n")
    (folder / "content/topics.yml").write_text("topics:\n- name: A\n  keywords: 5\n")
    (folder / "content/digests/notes.md").write_text("mine")
    result = run("check", cwd=folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line.split(": error:")[0] for line in result.stderr.splitlines()] == [
        "content/collection.yml:2", "content/topics.yml:3", "content/digests/notes.md:1",  # all named from here
        "digest-site: checked 3 files, 0 papers: 3 error(s) (in 3 files), 0 warning(s)"]  # (it said "0 error(s)")
    (folder / "content/digests/notes.md").unlink()
    result = run("check", cwd=folder)  # the settings' and topics' errors, then each digest's
    assert result.returncode == 1 and "content/digests/2024-01-01-a.json:2: error:" in result.stderr
    assert result.stderr.splitlines()[-1] == "digest-site: checked 4 files, 2 papers: 3 error(s) (in 3 files), 1 warning(s)"
    assert result.stdout.splitlines() == ["content/digests/2024-01-01-a.json: 1 paper, 1 error(s), 1 warning(s)",
                                          "content/digests/2024-01-02-b.txt: 1 paper, 0 error(s), 0 warning(s)"]
    (folder / "content/collection.yml").write_text("title: Lab\n")
    (folder / "content/topics.yml").unlink()
    (folder / "content/digests/2024-01-01-a.json").unlink()
    assert run("check", cwd=folder).returncode == 0


def test_check_of_the_whole_collection_says_the_builds_warnings_across_its_digests(project):
    """`check` read each digest alone: a later record taking an earlier paper's id (its title shown
    nowhere) was a warning of the build, never of the check run before it."""
    folder = project({"2024-01-01-a.json": '[{"title": "Dense Retrieval at Scale", "abstract": "We retrieve.", "id": "2401.00001"}]',
                      "2024-01-02-b.json": '[{"title": "Protein Folding with Graphs", "abstract": "", "id": "2401.00001"},\n'
                                           ' {"title": "Sparse", "abstract": "x y.", "id": "2401.00002"},\n'
                                           ' {"title": "Sparse", "abstract": "x y.", "id": "2401.00002"}]'})
    result = run("check", cwd=folder)
    assert result.returncode == 0
    assert ("content/digests/2024-01-02-b.json:1: warning: this record's id is that of content/digests/2024-01-01-a.json:1"
            in result.stderr), result.stderr
    assert "content/digests/2024-01-02-b.json:3: warning: duplicate of the paper at line 2" in result.stderr
    assert "content/digests/2024-01-02-b.json: 3 papers, 0 error(s), 3 warning(s)" in result.stdout


def test_check_of_many_digests_ends_with_what_it_found_in_all(project):
    # a collection of 700 daily digests: 700 lines, and whether any file had an error was
    # only in the exit code, or in a line somewhere among them
    folder = project({f"2024-01-{day:02d}-d.txt": "A Title\nAn abstract that is long enough.\n" for day in range(1, 6)}
                     | {"2024-01-06-d.json": '[{"title": "ok", "abstract": "fine"},\n {"title": 3}]',
                        "2024-01-07-d.txt": "A title without its abstract\n"})
    result = run("check", cwd=folder)
    assert result.returncode == 1 and len(result.stdout.splitlines()) == 7
    assert result.stderr.splitlines()[-1] == ("digest-site: checked 7 files, 7 papers: 1 error(s) (in 1 file), "
                                              "2 warning(s)")
    one = run("check", "content/digests/2024-01-01-d.txt", cwd=folder)  # one file: its own line says it all
    assert one.returncode == 0 and "checked" not in one.stderr


def test_check_passes_the_seed():
    from conftest import DATA

    result = run("check", str(DATA / "seed-digest.txt"))
    assert result.returncode == 0, result.stderr
    assert "205 papers, 0 error(s)" in result.stdout


def test_missing_project_is_a_message(tmp_path):
    result = run("-C", str(tmp_path), "build")
    assert result.returncode == 1
    assert "mkdocs.yml" in result.stderr and "Traceback" not in result.stderr


def test_a_build_in_a_projects_subfolder_names_the_project(project):
    folder = project()
    result = run("-C", str(folder / "content"), "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"({folder.resolve()} has one: run it there, or give -C {folder.resolve()})" in result.stderr


def test_a_command_before_cd_into_the_new_collection_names_it(tmp_path):
    """`new my-digest` ends with "next: cd my-digest && digest-site build"; a command run without
    that cd said only "run digest-site in the project folder"."""
    made = run("new", "my-digest", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    for command in (["build"], ["add", "notes.txt"], ["check"]):
        result = run(*command, cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "(my-digest has one: cd my-digest, or give -C my-digest)" in result.stderr, result.stderr
        assert "no digests folder" not in result.stderr, result.stderr  # `add` would not make one there


def test_two_collections_below_are_both_named_with_the_option_to_give(tmp_path):
    for name in ("lab", "tracker"):
        assert run("new", name, cwd=tmp_path).returncode == 0
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "(lab, tracker have one: cd into one, or give -C FOLDER)" in result.stderr, result.stderr


def test_a_collection_folder_named_with_a_space_is_named_as_a_shell_takes_it(tmp_path):
    """"(my digest has one: cd my digest, or give -C my digest)", pasted, was two arguments."""
    assert run("new", "my digest", cwd=tmp_path).returncode == 0
    result = run("check", cwd=tmp_path)
    assert "(my digest has one: cd 'my digest', or give -C 'my digest')" in result.stderr, result.stderr


def test_add_names_a_digest_in_ascii_as_urls_want(project, tmp_path):
    folder = project()
    digest = tmp_path / "Lecturas Ünïcode (2) 2024-05-06.txt"
    digest.write_text("A Title\nAn abstract that is long enough to be an abstract. It has two sentences.\n")
    added = run("-C", str(folder), "add", str(digest))
    assert added.returncode == 0
    assert [p.name for p in (folder / "content/digests").iterdir()] == ["2024-05-06-Lecturas-Unicode-2.txt"]
    assert "its name is written in ASCII letters, as URLs are: 2024-05-06-Lecturas-Unicode-2" in added.stderr


def test_a_spaced_dash_in_a_file_name_is_one_dash_in_a_new_digest_s_name(project, tmp_path):
    """Google Sheets downloads "Reading list - Sheet1.csv": its digest was "…-Reading-list---Sheet1",
    three dashes in its URL. A new digest's name has one dash there (add and new --from); a digest
    already named by the rule before keeps its name (its URL), so adding the file again finds it."""
    sheet = tmp_path / "Reading list - Sheet1.csv"
    sheet.write_text("Title,Abstract\nA Title,An abstract that is long enough to be an abstract.\n")
    folder = project()
    assert run("-C", str(folder), "add", "--date", "2024-01-08", str(sheet)).returncode == 0
    assert sorted(p.name for p in (folder / "content/digests").iterdir()) == ["2024-01-08-Reading-list-Sheet1.csv"]
    made = run("new", str(tmp_path / "lab"), "--from", str(sheet), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert [p.name[10:] for p in (tmp_path / "lab/content/digests").iterdir()] == ["-Reading-list-Sheet1.csv"]
    digests = folder / "content/digests"  # as a collection made before has it: named by the rule before
    (digests / "2024-01-08-Reading-list-Sheet1.csv").rename(digests / "2024-01-08-Reading-list---Sheet1.csv")
    again = run("-C", str(folder), "add", "--date", "2024-01-08", str(sheet))
    assert again.returncode == 1 and "2024-01-08-Reading-list---Sheet1.csv exists already" in again.stderr
    assert run("-C", str(folder), "add", "--force", "--date", "2024-01-08", str(sheet)).returncode == 0
    assert sorted(p.name for p in digests.iterdir()) == ["2024-01-08-Reading-list---Sheet1.csv"]


def test_add_never_dates_a_digest_of_old_papers_before_the_collection_s_digests(project, tmp_path):
    # a reading list of 2017 papers dated 2017 would become the first sighting of the papers it
    # shares with published digests, and their first record (here without an id) their URL
    import json

    from generator.build import build
    from generator.config import load_project

    abstract = "An abstract that is long enough to be an abstract. It has two sentences."
    folder = project({"2024-05-06-scholar.json": json.dumps([{"title": "Attention is all you need", "abstract": abstract}])})
    build(load_project(folder))
    before = sorted(p.name for p in (folder / "site/papers").iterdir() if p.is_dir())
    reading = tmp_path / "reading.json"
    reading.write_text(json.dumps([{"title": "Attention Is All You Need", "abstract": abstract, "id": "1706.03762",
                                    "date": "2017-06-12"}]))
    added = run("-C", str(folder), "add", str(reading))
    assert added.returncode == 0, added.stderr
    names = sorted(p.name for p in (folder / "content/digests").iterdir())
    assert names[0] == "2024-05-06-scholar.json" and names[1][:10] > "2024-05-06"  # today's date, not 2017's
    build(load_project(folder))
    assert sorted(p.name for p in (folder / "site/papers").iterdir() if p.is_dir()) == before
    old = tmp_path / "old.json"
    old.write_text(reading.read_text())
    dated = run("-C", str(folder), "add", "--date", "2017-06-12", str(old))  # asked for: said what it does
    assert dated.returncode == 0 and "it moves the 1 page of papers it shares (attention-is-all-you-need-" in dated.stderr


def test_add_dates_a_digest_by_its_papers_unless_that_moves_a_page(project, tmp_path):
    # today's date is for a digest that, dated by its papers, would move pages: a backfilled day
    # that shares no paper keeps its papers' date, and one of the same NAME as the collection's
    # digests (a daily collection's are all DATE-daily) is no exception to the rule
    import json

    from generator.build import build
    from generator.config import load_project

    abstract = "An abstract that is long enough to be an abstract. It has two sentences."
    folder = project({"2024-05-01-daily.json": json.dumps([{"title": "Robots Walk", "abstract": abstract}]),
                      "2024-05-03-daily.json": json.dumps([{"title": "Robots Run", "abstract": abstract}])})
    build(load_project(folder))
    scraped = tmp_path / "scrape.json"
    scraped.write_text(json.dumps([{"title": "Robots Jump", "abstract": abstract, "date": "2024-05-02"}]))
    assert run("-C", str(folder), "add", str(scraped)).returncode == 0
    assert "2024-05-02-scrape.json" in [p.name for p in (folder / "content/digests").iterdir()]  # not today's
    (folder / "content/digests/2024-05-02-scrape.json").unlink()
    backfill = tmp_path / "daily.json"
    backfill.write_text(json.dumps([{"title": "Robots Run", "abstract": abstract, "id": "2405.00001",
                                     "date": "2024-05-02"}]))  # its id would give the paper another URL
    added = run("-C", str(folder), "add", str(backfill))
    assert added.returncode == 0 and "not by its newest paper (2024-05-02)" in added.stderr, added.stderr
    names = sorted(p.name for p in (folder / "content/digests").iterdir())
    assert names[:2] == ["2024-05-01-daily.json", "2024-05-03-daily.json"] and names[2][:10] > "2024-05-03"
    report = build(load_project(folder))
    assert not [p for p in report.problems if "moved" in p.message]


def test_add_dated_today_after_a_digest_of_today_moves_no_page(project, tmp_path):
    # `new my-list --from reading.txt` dates its undated digest today; an `add rl.bib` the same day,
    # of a paper it listed without an id, was dated today too: as "TODAY-rl" it sorted before
    # "TODAY-zotero" (digests of one day go by name), became the paper's first sighting and moved its
    # page, under the message "dated TODAY, not by its newest paper (TODAY)"
    import json

    from generator.build import build
    from generator.config import load_project
    from generator.scaffold import today

    abstract = "An abstract that is long enough to be an abstract. It has two sentences."
    folder = project({f"{today()}-zotero.json": json.dumps([{"title": "Attention is all you need",
                                                             "abstract": abstract}])})
    build(load_project(folder))
    before = sorted(p.name for p in (folder / "site/papers").iterdir() if p.is_dir())
    reading = tmp_path / "rl.json"
    reading.write_text(json.dumps([{"title": "Attention Is All You Need", "abstract": abstract, "id": "1706.03762",
                                    "date": "2017-06"}]))  # (a month: no day to date the file by)
    added = run("-C", str(folder), "add", str(reading))
    assert added.returncode == 0, added.stderr
    assert f"not by its newest paper ({today()})" not in added.stderr, added.stderr
    name = next(p.name for p in (folder / "content/digests").iterdir() if p.name.endswith("-rl.json"))
    assert name[:10] > today() and f"dated {name[:10]}" in added.stderr, (name, added.stderr)
    report = build(load_project(folder))
    assert not [p for p in report.problems if "moved" in p.message], report.problems
    assert sorted(p.name for p in (folder / "site/papers").iterdir() if p.is_dir()) == before


def test_add_of_a_file_whose_name_holds_no_real_date_names_the_file_not_date(project, tmp_path):
    # "digest-site: error: --date: expected YYYY-MM-DD, got '2023-02-30'", to a command given no --date
    folder = project()
    source = tmp_path / "2023-02-30-weekly.csv"
    source.write_text("id,title,abstract\n2309.20041,Quantum Kernels Revisited,We revisit quantum kernels.\n")
    result = run("-C", str(folder), "add", str(source))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"digest-site: error: {source}: 2023-02-30 in its name is no date: rename the "
                                     "file, or give the digest's date with --date YYYY-MM-DD"), result.stderr
    assert run("-C", str(folder), "add", "--date", "2023-03-02", str(source)).returncode == 0
    assert (folder / "content/digests/2023-03-02-weekly.csv").is_file()
    wrong = run("-C", str(folder), "add", "--date", "2023-02-31", str(source))
    assert "digest-site: error: --date: expected YYYY-MM-DD, got '2023-02-31'" in wrong.stderr
    # a day or month of one digit (strptime reads it): the file was added as 2023-9-1-weekly.csv, or today's
    # 2023-9-26-weekly.csv, and the build said "2023-9-1 in the file name is no date" and dated it otherwise
    from generator.errors import DigestSiteError
    from generator.scaffold import digest_file_name
    with pytest.raises(DigestSiteError, match=r"^--date: expected YYYY-MM-DD, got '2023-9-1'$"):
        digest_file_name(source, None, "2023-9-1")
    with pytest.raises(DigestSiteError, match=r"2023-9-26-weekly.csv: 2023-9-26 in its name is no date"):
        digest_file_name(tmp_path / "2023-9-26-weekly.csv", None, None)
    assert digest_file_name(tmp_path / "2023-9-26-weekly.csv", None, "2023-09-26") == "2023-09-26-weekly"
    with pytest.raises(DigestSiteError, match=r"^--date: expected YYYY-MM-DD, got ''$"):  # (it was today's date)
        digest_file_name(source, None, "")


def test_a_name_given_with_a_date_is_read_as_a_file_name_is(tmp_path):
    """``add --name 2024-05-01-arxiv`` was added as TODAY-2024-05-01-arxiv (the date in the name
    kept, another put before it), and ``--name 2024-13-45-x`` as TODAY-2024-13-45-x, without a
    word: a name's date is now the digest's date, as a file name's is, and one that is no date an error."""
    from generator.errors import DigestSiteError
    from generator.scaffold import digest_file_name

    source = tmp_path / "2023-09-26-weekly.csv"
    assert digest_file_name(source, "2024-05-01-arxiv", None) == "2024-05-01-arxiv"
    assert digest_file_name(tmp_path / "export.csv", "arxiv-2024-05-01", None) == "2024-05-01-arxiv"
    assert digest_file_name(source, "2024-05-01-arxiv", "2024-06-01") == "2024-06-01-arxiv"  # (--date wins)
    assert digest_file_name(source, "lab", None) == "2023-09-26-lab"  # (a name without one: the file's date)
    with pytest.raises(DigestSiteError, match=r"^--name: 2024-13-45 in it is no date: give the name without it, "
                                              r"and the digest's date with --date YYYY-MM-DD$"):
        digest_file_name(source, "2024-13-45-x", None)


def test_add_copies_and_never_overwrites(project, tmp_path):
    folder = project()
    digest = tmp_path / "2024-05-06-weekly.txt"
    digest.write_text("A Title\nAn abstract that is long enough to be an abstract. It has two sentences.\n")
    first = run("-C", str(folder), "add", str(digest))
    assert first.returncode == 0, first.stderr
    target = folder / "content" / "digests" / "2024-05-06-weekly.txt"
    assert target.read_bytes() == digest.read_bytes()
    digest.write_text("Other Title\nAnother abstract that is long enough to be one. It has two sentences.\n")
    again = run("-C", str(folder), "add", str(digest))
    assert again.returncode == 1 and "exists already" in again.stderr
    assert "A Title" in target.read_text()
    forced = run("-C", str(folder), "add", "--force", str(digest))
    assert forced.returncode == 0 and "Other Title" in target.read_text()


def test_add_warns_of_a_digest_listing_the_very_papers_of_an_earlier_one(project, tmp_path):
    # a daily job run twice, or a feed unchanged over a weekend, gave "0 new, 2 already known" and
    # a second page of the same papers, without a word
    two = ("A Title\nAn abstract that is long enough to be an abstract. It has two sentences.\n"
           "Other Title\nAnother abstract that is long enough to be one. It has two sentences.\n")
    folder = project({"2024-05-06-daily.txt": two})
    again = tmp_path / "2024-05-07-daily.txt"
    again.write_text(two)
    result = run("-C", str(folder), "add", str(again))
    assert result.returncode == 0 and (folder / "content/digests/2024-05-07-daily.txt").is_file()
    warned = [line for line in result.stderr.splitlines() if line.startswith(f"{again}:1: warning: ")]
    assert len(warned) == 1 and re.fullmatch(
        r".*: it lists the same 2 papers as \S*content/digests/2024-05-06-daily\.txt, no more and no fewer: "
        r"the same list fetched twice\? Its page would repeat that digest's", warned[0])
    fewer = tmp_path / "2024-05-08-daily.txt"  # a day that lists some of them again is no repeat
    fewer.write_text(two.split("Other")[0])
    more = tmp_path / "2024-05-09-daily.txt"
    more.write_text(two + "Third Title\nA third abstract that is long enough to be one. It has two.\n")
    result = run("-C", str(folder), "add", str(fewer), str(more))
    assert result.returncode == 0 and "same" not in result.stderr, result.stderr


def test_add_warns_of_a_new_paper_with_an_earlier_papers_abstract(project, tmp_path):
    # a title corrected in a later digest ("Behaviour", a word added) made a second page of one
    # paper, and `add` counted it as new without a word
    abstract = ("Generative modeling of complex behaviors from labeled datasets has been a longstanding problem "
                "in decision making. Unlike language or image generation, decision making requires modeling "
                "actions, which are continuous-valued vectors that are multimodal in their distribution.")
    folder = project({"2024-05-06-daily.txt": f"Behavior Generation with Latent Actions\n{abstract}\n"})
    later = tmp_path / "2024-05-07-daily.txt"
    later.write_text(f"Other Title\n{abstract[:150]} Short.\nBehaviour Generation with Latent Action Codes\n"
                     f"{abstract.upper()}\n")
    result = run("-C", str(folder), "add", str(later))
    assert result.returncode == 0 and "2 new, 0 already known" in result.stderr, result.stderr
    warned = [line for line in result.stderr.splitlines() if "word for word" in line]
    assert warned == [f"{later}:3: warning: its abstract is word for word that of "
                      f"{folder / 'content/digests/2024-05-06-daily.txt'}:1 ('Behavior Generation with Latent Actions'), a paper "
                      "of another title or id: if they are one paper, give both records one title or one id, or the "
                      "site lists it twice"]
    checked = run("-C", str(folder), "check", str(folder / "content/digests/2024-05-07-daily.txt"))
    assert checked.returncode == 0 and "word for word" in checked.stdout + checked.stderr


def test_add_takes_several_files_all_of_them_or_none(project, tmp_path):
    from conftest import DATA

    folder = project()
    atom, rss = DATA / "sources/arxiv-announce-cs.CL.atom", DATA / "sources/arxiv-announce-cs.CL.rss"
    bad = tmp_path / "2024-05-20-bad.json"
    bad.write_text('[{"title": "ok", "abstract": "fine"},\n {"title": 3}]')
    refused = run("-C", str(folder), "add", str(atom), str(bad))
    assert refused.returncode == 1 and f"{bad}:2: error:" in refused.stderr
    assert "nothing was added (all files or none)" in refused.stderr
    assert list((folder / "content/digests").iterdir()) == []
    added = run("-C", str(folder), "add", str(atom), str(rss))  # one feed saved twice: one name, then NAME-2
    assert added.returncode == 0, added.stderr
    assert sorted(p.name for p in (folder / "content/digests").iterdir()) == [
        "2024-05-14-arxiv-announce-cs.CL-2.rss", "2024-05-14-arxiv-announce-cs.CL.atom"]
    lines = [line for line in added.stderr.splitlines() if line.startswith("digest-site: added")]
    assert [line.split(": ")[-1] for line in lines] == [  # the second file's papers are known from the first
        "1 new, 0 already known, 0 rejected", "1 new, 1 already known, 0 rejected"]
    named = run("-C", str(folder), "add", "--name", "x", str(atom), str(rss))
    assert named.returncode == 1 and "--name names one digest" in named.stderr


def small_files_only(limit: int):
    """In the child before exec: a write past ``limit`` bytes fails (EFBIG), as on a full disk."""
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the write kills the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limited


def test_add_that_cannot_write_a_file_adds_none_and_leaves_nothing_half_written(project, tmp_path):
    """A full disk cut the second file short in the digests folder, the first one added: the next
    build read a digest of fewer papers, and adding it again was refused as a digest that exists."""
    folder = project()
    small, large = tmp_path / "2024-05-06-small.txt", tmp_path / "2024-05-07-large.txt"
    small.write_text("A Title\nAn abstract that is long enough to be an abstract. It has two sentences.\n")
    large.write_text("".join(f"Title {i}\nAbstract {i} that is long enough to be an abstract. It has two "
                             f"sentences.\n\n" for i in range(2000)))
    failed = subprocess.run([sys.executable, "-m", "generator", "-C", str(folder), "add", str(small), str(large)],
                            capture_output=True, text=True, preexec_fn=small_files_only(large.stat().st_size // 2))
    assert failed.returncode == 1 and "File too large" in failed.stderr, failed.stderr
    assert "added" not in failed.stderr and "Traceback" not in failed.stderr
    assert os.listdir(folder / "content/digests") == []
    added = run("-C", str(folder), "add", str(small), str(large))
    assert added.returncode == 0, added.stderr
    assert (folder / "content/digests/2024-05-07-large.txt").read_bytes() == large.read_bytes()


def test_add_rejects_a_bad_digest_and_adds_nothing(project, tmp_path):
    folder = project()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,other\nx,y\n")
    result = run("-C", str(folder), "add", "--date", "2024-01-01", str(bad))
    assert result.returncode == 1 and f"{bad}:1: error:" in result.stderr
    assert list((folder / "content" / "digests").iterdir()) == []


def test_add_skip_invalid_adds_the_readable_records_as_json_lines_that_read_back_alike(project, tmp_path):
    from generator.readers import read_digest

    folder = project()
    source = tmp_path / "library.bib"
    source.write_text("@article{a, title={M{\\\"u}ller's {LHC} Taggers}, author={M{\\\"u}ller, J{\\\"o}rg and others},\n"
                      "  abstract={Costs drop to $O(n)$ \\& more.}, eprint={2309.12345v2}, doi={10.1103/X.1}, year=2023,\n"
                      "  month=sep, keywords={jets, ml}}\n"
                      "@misc{note, author={Nobody, A.}, year=2021}\n"
                      "@book{knuth, title={The {\\TeX}book}, author={Knuth, Donald E.}, year=1984}\n", encoding="utf-8")
    refused = run("-C", str(folder), "add", "--date", "2024-01-01", str(source))
    assert refused.returncode == 1 and f"{source}:4: error: paper has no title" in refused.stderr
    assert list((folder / "content" / "digests").iterdir()) == []
    added = run("-C", str(folder), "add", "--date", "2024-01-01", "--skip-invalid", str(source))
    assert added.returncode == 0, added.stderr
    assert f"{source}:4: error: paper has no title" in added.stderr and "2 new, 0 already known, 1 rejected" in added.stderr
    (written,) = (folder / "content" / "digests").iterdir()
    assert written.name == "2024-01-01-library.jsonl"
    original, _ = read_digest(source)
    copy, problems = read_digest(written)
    assert problems == []
    fields = ("title", "abstract", "authors", "id", "url", "date", "categories", "extra_urls", "et_al")
    assert [[getattr(e, f) for f in fields] for e in copy.entries] == [[getattr(e, f) for f in fields]
                                                                       for e in original.entries]
    assert copy.entries[0].title == "Müller's LHC Taggers" and copy.entries[0].id == "2309.12345"
    assert copy.entries[0].authors == ("Jörg Müller",) and copy.entries[0].et_al  # "and others" kept as such


def run_in_terminal(args: list[str], cwd) -> str:
    """What ``digest-site ARGS`` writes to stderr when stderr is a terminal (a pseudo-terminal)."""
    import os
    import pty

    main_fd, child_fd = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, stderr=child_fd,
                               stdout=subprocess.DEVNULL)
    os.close(child_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main_fd)
    assert process.wait() == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_shows_stages_and_counts_on_a_terminal_only(project):
    """Issue 10: long builds show the stage and the papers and pages done on a terminal."""
    from conftest import DATA

    folder = project({"2026-11-24-trending.txt": (DATA / "seed-digest.txt").read_bytes()})
    shown = run_in_terminal(["build"], folder)
    assert "converting TeX, links and topics… 205/205" in shown and re.search(r"rendering Markdown pages… \d+/\d+", shown), shown
    assert re.search(r"rendering HTML with MkDocs… \d[\d,]*/\d[\d,]*", shown), shown
    piped = run("build", "--full", cwd=folder)
    assert piped.returncode == 0 and "\r" not in piped.stderr, piped.stderr
    assert piped.stderr.splitlines() == [NO_SITE_URL, piped.stderr.splitlines()[-1]], piped.stderr  # no progress
    assert piped.stderr.splitlines()[-1].startswith("digest-site: built 205 papers"), piped.stderr
    again = run("build", cwd=folder)  # nothing changed
    assert again.returncode == 0 and again.stderr.startswith(
        "digest-site: nothing changed since the last build: site is up to date (205 papers"), again.stderr


def test_check_of_a_collections_digest_applies_the_builds_rule_for_names(project, tmp_path):
    folder = project({"2024-01-01-my list.txt": "A Title\nAn abstract that is long enough.\n"})
    result = run("check", "content/digests/2024-01-01-my list.txt", cwd=folder)
    assert result.returncode == 1
    assert "content/digests/2024-01-01-my list.txt:1: error: digest file names may hold only" in result.stderr
    elsewhere = tmp_path / "my list.txt"  # a file about to be added: `add` names it
    elsewhere.write_text("A Title\nAn abstract that is long enough.\n")
    assert run("check", str(elsewhere), cwd=folder).returncode == 0


def test_check_of_a_collections_digest_refuses_a_name_another_digest_has_as_the_build_does(project):
    # a pull request adding "2024-03-08-list.jsonl" beside "2024-03-08-list.json": its check
    # passed ("0 error(s)") and the build that followed refused the pair
    known = '[{"title": "Chain-of-Verification Reduces Hallucination", "abstract": "We verify drafts.", "id": "2309.11495"}]'
    folder = project({"2024-03-08-list.json": known})
    (folder / "content/digests/2024-03-08-List.jsonl").write_text(
        '{"title": "Sparse Experts for Speech Recognition", "abstract": "We route frames.", "id": "2311.00001"}\n')
    result = run("check", "content/digests/2024-03-08-List.jsonl", cwd=folder)
    assert result.returncode == 1
    assert ("content/digests/2024-03-08-List.jsonl:1: error: the digest name is taken by 2024-03-08-list.json "
            "(names become URLs, compared ignoring case): rename one") in result.stderr, result.stderr
    assert run("build", cwd=folder).returncode == 1
    assert run("check", "content/digests/2024-03-08-list.json", cwd=folder).returncode == 1  # either one of the pair


def test_digests_moved_into_a_folder_are_named_by_check_and_build(project):
    # a year's digests moved into content/digests/2024/ left the site without them, and without a word
    known = '[{"title": "Chain-of-Verification Reduces Hallucination", "abstract": "We verify drafts.", "id": "2309.11495"}]'
    folder = project({"2024-03-08-list.json": known})
    (folder / "content/digests/2024").mkdir()
    (folder / "content/digests/2024/2024-01-02-old.json").write_text(known.replace("2309.11495", "2309.11496"))
    warning = "content/digests/2024: warning: a folder: digests in folders are not read; move its files into content/digests"
    for command in ("check", "build"):
        result = run(command, cwd=folder)
        assert result.returncode == 0 and warning in result.stderr, (command, result.stderr)
    (folder / "content/digests/2024/2024-01-02-old.json").rename(folder / "content/digests/2024-01-02-old.json")
    (folder / "content/digests/2024").rmdir()
    result = run("build", cwd=folder)
    assert result.returncode == 0 and "folder" not in result.stderr and "2 digests" in result.stderr, result.stderr


def test_add_and_check_read_the_collections_digests_as_the_last_build_read_them(project, tmp_path, monkeypatch):
    # at 700 daily digests `add` read every digest file again (24 MB, seconds) where the build
    # cache held each one's reading: now only files the cache does not hold are read
    from generator import additions

    known = '[{"title": "Chain-of-Verification Reduces Hallucination", "abstract": "We verify drafts.", "id": "2309.11495"}]'
    folder = project({"2024-03-08-a.json": known, "2024-03-09-b.json": known.replace("2309.11495", "2309.11496")})
    assert main(["-C", str(folder), "build"]) == 0
    read = []
    real = additions.read_digest
    monkeypatch.setattr(additions, "read_digest", lambda path, *a, **k: read.append(path.name) or real(path, *a, **k))
    new = tmp_path / "new.json"
    new.write_text(known.replace("2309.11495", "2309.11497"))
    assert main(["-C", str(folder), "add", str(new)]) == 0
    assert main(["-C", str(folder), "check", str(folder / "content/digests/2024-03-09-b.json")]) == 0
    built = {"2024-03-08-a.json", "2024-03-09-b.json"}
    assert read and not built & set(read)  # (only the file added since the build: check reads it)
    (folder / "content/digests/2024-03-08-a.json").write_text(known.replace("2309.11495", "2309.11498"))  # since built
    read.clear()
    assert main(["-C", str(folder), "check", str(folder / "content/digests/2024-03-09-b.json")]) == 0
    assert built & set(read) == {"2024-03-08-a.json"}


def test_build_site_url_is_the_address_when_the_collection_sets_none(project, tmp_path):
    # the publishing workflow passes GitHub Pages' address: without it, a project site's 404 page
    # linked /assets/… at the host's root, the sitemap was empty and the feeds' links relative
    text = "A Title\nAn abstract that is long enough to be an abstract. It has two sentences.\n"
    folder = project({"2024-05-06-a.txt": text})
    alone = run("-C", str(folder), "build")
    assert alone.returncode == 0 and "note: no site_url: the feeds link" in alone.stderr, alone.stderr
    done = run("-C", str(folder), "build", "--site-url", "https://owner.github.io/repo/")
    assert done.returncode == 0, done.stderr
    assert "no site_url" not in done.stderr
    assert "<loc>https://owner.github.io/repo/</loc>" in (folder / "site/sitemap.xml").read_text()
    assert '<script src="/repo/assets/digest-site/digest-site.js"' in (folder / "site/404.html").read_text()
    bad = run("-C", str(folder), "build", "--site-url", "owner.github.io/repo")
    assert bad.returncode != 0 and "--site-url: expected an http(s) URL" in bad.stderr
    (folder / "content/collection.yml").write_text("site_url: https://example.org/papers/\n")
    assert run("-C", str(folder), "build", "--site-url", "https://owner.github.io/repo/").returncode == 0
    assert "<loc>https://example.org/papers/</loc>" in (folder / "site/sitemap.xml").read_text()  # the owner's wins


def test_topics_suggest_proposes_topics_for_the_papers_the_filters_let_in(project, capsys):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO((Path(__file__).parent / "data/arxiv-2023-09-21.csv").read_text(encoding="utf-8"))))
    maths = [r for r in rows if "(math." in r["subjects"]][:80]
    computing = [r for r in rows if "(cs.CV)" in r["subjects"] and "(math." not in r["subjects"]][:80]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["title", "abstract", "subjects", "paper_id"], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(maths + computing)
    folder = project({"2024-01-01-day.csv": out.getvalue()}, topics=False)
    (folder / "content/collection.yml").write_text("title: Maths\ninclude: {categories: [math]}\n", encoding="utf-8")
    assert main(["-C", str(folder), "topics", "suggest", "--count", "4"]) == 0
    proposed = yaml.safe_load(capsys.readouterr().out)
    names = [t["name"] for t in proposed["topics"]]
    assert "Computer Vision and Pattern Recognition" not in names  # the filter leaves those papers out of the site


def test_add_says_what_the_build_will_warn_of_its_records_a_wrong_id_and_a_paper_twice(project, tmp_path):
    """`add` reported a record whose id is another paper's as "already known", and a paper twice
    in the file not at all: only the build said that its text replaces the other paper's."""
    known = '[{"title": "Chain-of-Verification Reduces Hallucination", "abstract": "We verify drafts.", "id": "2309.11495"}]'
    folder = project({"2024-03-01-week.json": known})
    source = tmp_path / "reading-list.json"
    source.write_text('[{"title": "Sparse Experts for Speech Recognition", "abstract": "We route frames.", "id": "2309.11495"},\n'
                      ' {"title": "Graph Transformers for Molecules", "abstract": "We predict.", "id": "2311.00002"},\n'
                      ' {"title": "Graph Transformers for Molecules", "abstract": "We predict.", "id": "2311.00002"}]')
    added = run("-C", str(folder), "add", "--date", "2024-03-08", str(source))
    assert added.returncode == 0, added.stderr
    assert "1 new, 1 already known, 0 rejected" in added.stderr
    assert (f"{source}:1: warning: this record's id is that of {folder / 'content/digests/2024-03-01-week.json'}:1, "
            "a paper of another title ('Chain-of-Verification Reduces Hallucination')") in added.stderr, added.stderr
    assert f"{source}:3: warning: duplicate of the paper at line 2" in added.stderr, added.stderr


def test_add_counts_the_papers_the_collection_s_filters_leave_out_as_such(project, tmp_path):
    """With `exclude: {keywords: [survey]}` in collection.yml, `add` of three papers, one a survey,
    said "3 new" and the site got two; a paper the filters left out of the site counted as "already
    known" when a digest listed it before. The report counts the papers as the build has them."""
    from generator.build import build
    from generator.config import load_project

    known = ('[{"title": "A Survey of Retrieval", "abstract": "We survey retrieval.", "id": "2309.00001"},\n'
             ' {"title": "Dense Retrieval", "abstract": "We retrieve densely.", "id": "2309.00002"}]')
    folder = project({"2024-03-01-week.json": known})
    (folder / "content/collection.yml").write_text("title: Lab\nexclude: {keywords: [survey]}\n")
    source = tmp_path / "reading.json"
    source.write_text('[{"title": "A Survey of Retrieval", "abstract": "We survey retrieval.", "id": "2309.00001"},\n'
                      ' {"title": "Dense Retrieval", "abstract": "We retrieve densely.", "id": "2309.00002"},\n'
                      ' {"title": "Sparse Retrieval", "abstract": "We retrieve sparsely.", "id": "2309.00003"},\n'
                      ' {"title": "Another Survey", "abstract": "A survey of surveys.", "id": "2309.00004"}]')
    added = run("-C", str(folder), "add", "--date", "2024-03-08", str(source))
    assert added.returncode == 0, added.stderr
    assert ("1 new, 1 already known, 0 rejected; 2 left out by collection.yml's include/exclude filters"
            in added.stderr), added.stderr
    assert (folder / "content/digests/2024-03-08-reading.json").read_text() == source.read_text()  # as it is
    report = build(load_project(folder))
    assert report.papers == 2


def test_warnings_about_papers_the_filters_leave_out_are_not_said(project, tmp_path):
    """With `include: {categories: [cs.CL]}`, an arXiv day's math paper without an abstract said
    "paper has no abstract" in every build, check and add, of a paper the site never holds."""
    from generator.build import build
    from generator.config import load_project

    table = ('title,abstract,categories\n"Chart Parsing","We parse sentences in linear time.",cs.CL\n'
             '"Graph Colourings",,math.CO\n"Tagging Words",,cs.CL\n')
    folder = project({"2024-03-01-day.csv": table})
    (folder / "content/collection.yml").write_text("title: Lab\ninclude: {categories: [cs.CL]}\n")
    kept_warning = "content/digests/2024-03-01-day.csv:4: warning: paper has no abstract"
    report = build(load_project(folder))
    assert report.papers == 2 and [p.line for p in report.problems if "abstract" in p.message] == [4]
    checked = run("-C", str(folder), "check")
    assert kept_warning in checked.stderr and ":3:" not in checked.stderr, checked.stderr
    checked = run("-C", str(folder), "check", str(folder / "content/digests/2024-03-01-day.csv"))
    assert "day.csv:4: warning: paper has no abstract" in checked.stderr and ":3:" not in checked.stderr, checked.stderr
    source = tmp_path / "day.csv"
    source.write_text(table)
    added = run("-C", str(folder), "add", "--date", "2024-03-02", str(source))
    assert f"{source}:4: warning: paper has no abstract" in added.stderr and ":3:" not in added.stderr, added.stderr
    (folder / "content/collection.yml").write_text("title: Lab\n")  # without the filter, both are said
    assert ":3: warning: paper has no abstract" in run("-C", str(folder), "check").stderr


def test_add_with_a_mistyped_file_name_says_there_is_no_such_file(project, tmp_path):
    """A missing file was "0 new, 0 already known, 1 rejected (the rejected records are listed above
    with why; no record is readable)", as if it held a record."""
    folder = project()
    good = tmp_path / "zotero-library.bib"
    good.write_text("@misc{a, title={A Title}, abstract={An abstract.}, year=2024}\n")
    result = run("-C", str(folder), "add", str(good), str(tmp_path / "zotero-libary.bib"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"digest-site: error: {tmp_path / 'zotero-libary.bib'}: no such file; nothing was added"
    assert list((folder / "content" / "digests").iterdir()) == []


def test_check_of_a_collections_digest_says_what_the_build_will_of_its_records(project):
    # a pull request adding a digest whose record takes another paper's id: its check said
    # "0 warning(s)" and the merge put the other paper's page out of the site
    known = '[{"title": "Chain-of-Verification Reduces Hallucination", "abstract": "We verify drafts.", "id": "2309.11495"}]'
    slip = '[{"title": "Sparse Experts for Speech Recognition", "abstract": "We route frames.", "id": "2309.11495"}]'
    folder = project({"2024-03-01-week.json": known, "2024-03-08-list.json": slip})
    result = run("check", "content/digests/2024-03-08-list.json", cwd=folder)
    assert ("content/digests/2024-03-08-list.json:1: warning: this record's id is that of "
            "content/digests/2024-03-01-week.json:1,") in result.stderr, result.stderr  # as the build names it (not /home/…)
    assert result.stdout.strip().endswith("1 paper, 0 error(s), 1 warning(s)")


def test_check_of_a_backfilled_digest_that_moves_a_page_warns(project):
    """A pull request's digest dated before one that listed a paper without an id, giving it its
    id, moves its published page: the build warned, the check step (the one with annotations) did not."""
    folder = project({"2024-02-01-list.txt": "Learning robot soccer from egocentric vision\nWe train robots to play.\n"})
    (folder / "content/digests/2024-01-03-backfill.json").write_text(
        '[{"title": "Learning Robot Soccer from Egocentric Vision", "abstract": "We train robots to play.", "id": "2312.09999"}]')
    result = run("check", "content/digests/2024-01-03-backfill.json", cwd=folder)
    assert "content/digests/2024-01-03-backfill.json:1: warning: this digest moves the page of papers it shares " \
           "with earlier digests (papers/learning-robot-soccer-from-egocentric-vision-" in result.stderr, result.stderr
    assert result.stdout.strip().endswith("1 paper, 0 error(s), 1 warning(s)")


def test_check_of_a_backfilled_digest_moves_no_page_the_filters_leave_out(project):
    """With `exclude: {keywords: [survey]}`, the site has no page of an id-less survey; a pull
    request's earlier digest giving the survey an id was warned of as moving
    papers/a-survey-of-graphs-…/, a page never published (the build said nothing)."""
    from generator.build import build
    from generator.config import load_project

    folder = project({"2024-02-01-list.txt": "A Survey of Graphs\nWe survey graphs.\nDense Graphs\nWe densify graphs.\n"})
    (folder / "content/collection.yml").write_text("title: Lab\nexclude: {keywords: [survey]}\n")
    (folder / "content/digests/2024-01-03-backfill.json").write_text(
        '[{"title": "A Survey of Graphs", "abstract": "We survey graphs.", "id": "2312.09999"}]')
    result = run("check", "content/digests/2024-01-03-backfill.json", cwd=folder)
    assert "moves the page" not in result.stderr, result.stderr
    assert result.stdout.strip().endswith("1 paper, 0 error(s), 0 warning(s)"), result.stdout
    assert not [p for p in build(load_project(folder)).problems if p.level == "warning"]  # as the build says


def test_add_with_field_adds_the_records_as_mapped_as_json_lines(project, tmp_path):
    """`add` had no --field, though its "paper has no title" error said to give one: a collection
    could not hold two exports that each need a mapping of their own."""
    from generator.readers import read_digest

    folder = project()
    osf = tmp_path / "2024-05-06-osf.json"
    osf.write_text(json.dumps({"data": [{"id": "abcd1", "attributes": {
        "title": "Mapped title", "description": "An abstract long enough to be one. It has two sentences.",
        "date_published": "2024-05-01T10:00:00"}}]}), encoding="utf-8")
    refused = run("-C", str(folder), "add", str(osf))
    assert refused.returncode == 1 and "--field" in refused.stderr
    added = run("-C", str(folder), "add", str(osf), "--field", "title=attributes.title",
                "--field", "abstract=attributes.description", "--field", "date=attributes.date_published")
    assert added.returncode == 0, added.stderr
    target = folder / "content/digests/2024-05-06-osf.jsonl"
    assert "as --field read them are in 2024-05-06-osf.jsonl" in added.stderr
    digest, problems = read_digest(target)
    assert problems == [] and [(e.title, e.date) for e in digest.entries] == [("Mapped title", "2024-05-01")]
    assert run("-C", str(folder), "build").returncode == 0


@pytest.mark.parametrize("name", ["-notes.txt", "_notes.txt", "2024-01-01-" + "x" * 111 + ".txt"])
def test_a_digest_name_of_allowed_characters_says_why_it_is_refused(project, name):
    # "-notes.txt" was told it "may hold only ASCII letters and digits, '.', '-' and '_'", which it does
    folder = project({name: "A Title\nAn abstract that is long enough.\n"})
    result = run("check", cwd=folder)
    assert result.returncode == 1
    assert "start with a letter or a digit and have at most 121 characters before the extension" in result.stderr


def test_build_says_every_problem_of_the_settings_and_topics_at_once(project):
    # topics.yml's error was told only once collection.yml's were mended (`check` said all three)
    folder = project({"2024-01-02-b.txt": "A Title\nAn abstract that is long enough. It has two sentences.\n"})
    (folder / "content/collection.yml").write_text("title: Lab\nsort: x\nrelated: -1\n")
    (folder / "content/topics.yml").write_text("topics:\n- name: A\n  keywords: x\n")
    result = run("build", cwd=folder)
    assert result.returncode == 1 and not (folder / "site").exists()
    assert [line.split(": error:")[0] for line in result.stderr.splitlines()] == [
        "content/collection.yml:2", "content/collection.yml:3", "content/topics.yml:3", "digest-site: 3 error(s); nothing was changed"]


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_error_in_mkdocs_yml_does_not_hide_those_of_collection_yml(project, command):
    # mkdocs.yml's error was told alone; collection.yml's only once it was mended
    folder = project({"2024-01-02-b.txt": "A Title\nAn abstract that is long enough. It has two sentences.\n"})
    (folder / "content/collection.yml").write_text("title: Lab\nsort: newest\n")
    (folder / "mkdocs.yml").write_text((folder / "mkdocs.yml").read_text() + "use_directory_urls: maybe\n")
    result = run(command, cwd=folder)
    assert result.returncode == 1
    errors = [line.split(": error:")[0] for line in result.stderr.splitlines() if ": error:" in line]
    assert errors[0].startswith("mkdocs.yml:") and errors[1:] == ["content/collection.yml:2"]


def test_add_says_when_a_digest_goes_before_one_that_listed_its_papers_first(project, tmp_path):
    # the published 2024-02-04-zz lost its "new" marks to a 2024-02-04-aa added after it, without a word
    rows = "id,title,abstract,date\n2309.10986,Paper one,About markets.,2024-02-04\n2309.11189,Paper two,About robots.,2024-02-04\n"
    folder = project({"2024-02-04-zz.csv": rows})
    (tmp_path / "2024-02-04-aa.csv").write_text(rows + "2309.11394,Paper three,About ethereum.,2024-02-04\n")
    result = run("add", str(tmp_path / "2024-02-04-aa.csv"), cwd=folder)
    assert result.returncode == 0, result.stderr
    assert ("1 new, 2 already known, 0 rejected; it goes before 2024-02-04-zz (by date, then by name), so 2 papers "
            "listed there first will be marked new in it, no longer there") in result.stderr
    (tmp_path / "2024-02-05-b.csv").write_text(rows.replace("2024-02-04", "2024-02-05"))
    result = run("add", str(tmp_path / "2024-02-05-b.csv"), cwd=folder)
    assert "0 new, 2 already known, 0 rejected\n" in result.stderr  # after it: nothing moves


def test_a_template_error_is_told_as_every_other_files_error_and_once(project):
    # "digest-site: error: site_templates/theme/main.html:2: template error: …", after MkDocs' own
    # "Error building page 'index.md': …": the pull request check's annotations matched neither
    folder = project({"2024-01-02-b.txt": "A Title\nAn abstract that is long enough. It has two sentences.\n"})
    theme = folder / "site_templates/theme"
    theme.mkdir(parents=True, exist_ok=True)
    (theme / "main.html").write_text('{% extends "ds-base.html" %}\n{% block footer %}{{ page.meta.nosuch.attr }}{% endblock %}\n')
    result = run("build", cwd=folder)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("site_templates/theme/main.html:2: error: template error: ")
    assert "Error building page" not in result.stderr and result.stderr.endswith("nothing was changed\n")


def test_every_problem_of_the_field_options_is_told_at_once(project, tmp_path):
    folder = project({"2024-01-02-b.txt": "A Title\nAn abstract that is long enough. It has two sentences.\n"})
    (tmp_path / "x.json").write_text('[{"paper": {"title": "T", "abstract": "A"}}]')
    result = run("check", str(tmp_path / "x.json"), "--field", "nosuch=paper.x", "--field", "title=paper..title",
                 "--field", "abstract", cwd=folder)
    assert result.returncode == 1
    for said in ("abstract: expected NAME=PATH", "unknown field 'nosuch'", "field 'title': 'paper..title' is not a dotted path"):
        assert said in result.stderr  # (the first alone was told)


def test_add_with_a_date_says_nothing_of_the_date_its_file_name_lacks(project, tmp_path):
    # "2023-02-30 in the file name is no date: the digest is dated by its newest paper instead",
    # of a file added as 2023-02-28-x.json, the --date given
    folder = project({"2024-01-02-b.txt": "A Title\nAn abstract that is long enough. It has two sentences.\n"})
    (tmp_path / "2023-02-30-x.json").write_text('[{"title": "A paper", "abstract": "Its abstract.", "date": "2024-08-01"}]')
    result = run("add", str(tmp_path / "2023-02-30-x.json"), "--date", "2023-02-28", cwd=folder)
    assert result.returncode == 0 and "no date" not in result.stderr
    assert (folder / "content/digests/2023-02-28-x.json").is_file()


def test_an_editors_backup_files_in_the_digests_folder_are_not_read(project):
    """Emacs' `x.txt~` beside a digest was "not a digest" and "the digest name is taken", and
    `check` stopped there, before the other digests' errors; the build refused to run."""
    folder = project({"2024-01-02-b.txt": "A Title\nAn abstract that is long enough. It has two sentences.\n"})
    digests = folder / "content/digests"
    for name in ("2024-01-02-b.txt~", "#2024-01-02-b.txt#", "2024-01-02-b.txt.bak", "2024-01-02-b.txt.orig"):
        (digests / name).write_text("Old Title\nAn older abstract, long enough. It has two sentences.\n")
    (digests / "2024-01-03-c.json").write_text('[{"title": 3, "abstract": "x"}]')
    result = run("check", cwd=folder)
    assert [line.split(": error:")[0] for line in result.stderr.splitlines()] == [
        "content/digests/2024-01-03-c.json:1", "digest-site: checked 2 files, 1 paper: 1 error(s) (in 1 file), 0 warning(s)"]
    (digests / "2024-01-03-c.json").unlink()
    pages = folder / "content/pages"
    pages.mkdir(exist_ok=True)
    (pages / "about.md").write_text("# About\n\nOurs.\n")
    (pages / "about.md~").write_text("# About\n\nA draft not to publish.\n")  # (it was published as it was)
    assert run("check", cwd=folder).returncode == 0 and run("build", cwd=folder).returncode == 0
    assert "Old Title" not in (folder / "site/papers.json").read_text()
    assert (folder / "site/about/index.html").is_file() and not list((folder / "site").rglob("*~"))


# POSIX zones of their own (no zone files: a fresh machine may have none), 26 hours apart: UTC's date is never both's
@pytest.mark.parametrize("zone, hours", [("WEST+12", -12), ("EAST-14", 14)])
def test_new_and_add_date_a_file_by_the_computers_day(zone, hours, monkeypatch):
    """Files were dated by UTC's day: `add` at 5:30 pm in California named its digest tomorrow."""
    import datetime
    import time

    from generator.scaffold import today

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        local = datetime.timezone(datetime.timedelta(hours=hours))
        assert today() == datetime.datetime.now(local).date().isoformat()
    finally:
        monkeypatch.undo()
        time.tzset()


def test_add_after_a_digest_of_the_last_day_there_is_is_an_error_not_a_crash(project, tmp_path):
    """A newest digest dated 9999-12-31 (a typo the build takes) made `add` of a file that needs the
    day after it an internal error (OverflowError)."""
    abstract = "We study sparse attention for very long documents and report large gains on several benchmarks."
    folder = project({"9999-12-31-a.txt": f"Sparse attention for very long documents\n{abstract}\n"})
    source = tmp_path / "b.jsonl"
    source.write_text(json.dumps({"title": "Sparse attention for very long documents", "id": "2401.00001",
                                  "abstract": abstract}) + "\n")
    added = run("-C", str(folder), "add", str(source))
    assert added.returncode == 1 and "internal error" not in added.stderr, added.stderr
    assert "no day comes after 9999-12-31, the collection's newest digest's date" in added.stderr, added.stderr


def test_add_of_a_backfilled_day_says_its_new_papers_may_not_reach_the_feeds(project, tmp_path):
    """Ten new papers added under an earlier date were in no feed (the feeds hold the newest
    papers), and `add` said only "10 new"."""
    abstract = "An abstract that is long enough to be an abstract. It has two sentences."
    folder = project({"2024-03-30-a.txt": f"A paper of the day\n{abstract}\n"})
    late = tmp_path / "late.jsonl"
    late.write_text("".join(json.dumps({"title": f"Late paper {n}", "abstract": abstract}) + "\n" for n in range(3)))
    added = run("-C", str(folder), "add", str(late), "--date", "2024-03-20")
    assert added.returncode == 0, added.stderr
    assert ("3 new, 0 already known, 0 rejected; dated 2024-03-20, before the newest digest (2024-03-30), its new "
            "papers are listed under that date: the feeds, newest first, may not show them, and among the oldest digests, "
            "which the topic model is fitted on, it may move earlier papers' topics") in added.stderr, added.stderr
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"title": "Later paper", "abstract": abstract}) + "\n")
    added = run("-C", str(folder), "add", str(later), "--date", "2024-03-31")
    assert added.returncode == 0 and "feeds" not in added.stderr, added.stderr
