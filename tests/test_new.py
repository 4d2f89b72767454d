"""`digest-site new`: a collection that builds at once, written only into its own (new or empty) folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, ROOT, tree_hash
from generator.cli import main

SOURCES = DATA / "sources"
SMALL = [SOURCES / "arxiv-api-retrieval.atom", SOURCES / "zotero-reading-list.bib",
         SOURCES / "hf-daily-papers-2024-05-14.json", SOURCES / "arxiv-announce-cs.CL.rss"]


def test_new_writes_a_whole_collection_and_nothing_else(tmp_path, capsys):
    (tmp_path / "neighbour.txt").write_text("mine")
    before = tree_hash(tmp_path / "neighbour.txt")
    assert main(["new", str(tmp_path / "lab"), "--title", 'Lab "reading" <list>', "--from", *map(str, SMALL)]) == 0
    files = sorted(p.relative_to(tmp_path / "lab").as_posix() for p in (tmp_path / "lab").rglob("*") if p.is_file())
    assert files == [".github/workflows/digest-site.yml", ".gitignore", "README.md", "constraints.txt",
                     "content/collection.yml",
                     "content/digests/2024-05-07-arxiv-api-retrieval.atom",
                     "content/digests/2024-05-14-arxiv-announce-cs.CL.rss",
                     "content/digests/2024-05-14-hf-daily-papers.json",
                     f"content/digests/{files[8][16:26]}-zotero-reading-list.bib",  # no full date inside: today
                     "content/topics.yml", "mkdocs.yml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lab", "neighbour.txt"]
    assert tree_hash(tmp_path / "neighbour.txt") == before
    lab = tmp_path / "lab"
    assert yaml.safe_load((lab / "mkdocs.yml").read_text())["site_name"] == 'Lab "reading" <list>'
    assert yaml.safe_load((lab / "content/collection.yml").read_text())["title"] == 'Lab "reading" <list>'
    topics = yaml.safe_load((lab / "content/topics.yml").read_text())["topics"]
    assert topics and all(t["name"] and t["keywords"] for t in topics)
    assert (lab / "content/digests/2024-05-07-arxiv-api-retrieval.atom").read_bytes() == SMALL[0].read_bytes()
    assert "created" in capsys.readouterr().err
    # a killed build's folders beside the site: "git add -A" committed a copy of the site
    import subprocess
    subprocess.run(["git", "init", "-q", str(lab)], check=True)
    for left in (".site.building-123/index.html", ".site.update-123/journal", "site/index.html"):
        (lab / left).parent.mkdir(parents=True, exist_ok=True)
        (lab / left).write_text("x")
    status = subprocess.run(["git", "-C", str(lab), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert ".site." not in status and "site/" not in status and ".gitignore" in status


def test_new_refuses_a_folder_with_files(tmp_path, capsys):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.md").write_text("keep me")
    before = tree_hash(tmp_path)
    assert main(["new", str(folder), "--from", str(SMALL[0])]) == 1
    assert "is not an empty folder" in capsys.readouterr().err
    assert tree_hash(tmp_path) == before
    assert main(["new", str(folder), "--from", str(DATA / "arxiv-2023-09-21.csv")]) == 1
    said = capsys.readouterr().err
    assert "is not an empty folder" in said and "warning" not in said  # refused before the files are read


def test_new_given_a_file_for_its_folder_says_which_comes_first(tmp_path, capsys):
    """`new export.json` (the folder forgotten) said "export.json is not an empty folder"."""
    export = tmp_path / "export.json"
    export.write_bytes(SMALL[0].read_bytes())
    assert main(["new", str(export)]) == 1
    said = capsys.readouterr().err
    assert f"{export} is a file: give the folder to create first" in said, said
    assert f"(digest-site new my-digest --from {export})" in said, said


def test_new_names_a_folder_with_a_space_as_a_shell_takes_it(tmp_path, capsys, monkeypatch):
    """"next: cd my digest && digest-site build", pasted, was `cd` with two arguments."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "my digest", "--from", str(SMALL[0])]) == 0
    assert "next: cd 'my digest' && digest-site build" in capsys.readouterr().err


def test_new_with_a_bad_digest_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{a, author={X, Y}}\n")
    assert main(["new", str(tmp_path / "c"), "--from", str(SMALL[0]), str(bad)]) == 1
    assert f"{bad}:1: error: paper has no title" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()


def test_new_skip_invalid_starts_with_the_readable_records(tmp_path, capsys):
    mixed = tmp_path / "2023-09-21-library.bib"
    mixed.write_text("@article{a, title={Kept Paper}, author={X, Y}, year=2023}\n@misc{note, author={X, Y}}\n")
    unreadable = tmp_path / "notes.bib"
    unreadable.write_text("@misc{n, author={X, Y}}\n")
    assert main(["new", str(tmp_path / "c"), "--skip-invalid", "--from", str(mixed), str(unreadable)]) == 1
    assert f"{unreadable}:1: error: paper has no title" in capsys.readouterr().err  # no record to start with
    assert not (tmp_path / "c").exists()
    assert main(["new", str(tmp_path / "c"), "--skip-invalid", "--from", str(SMALL[0]), str(mixed)]) == 0
    assert f"{mixed}:2: error: paper has no title" in capsys.readouterr().err  # listed, left out
    digests = sorted(p.name for p in (tmp_path / "c/content/digests").iterdir())
    assert len(digests) == 2 and "2023-09-21-library.jsonl" in digests  # the other as it was
    assert any(d.endswith(SMALL[0].name) and d != SMALL[0].name for d in digests)
    assert (tmp_path / "c/content/digests/2023-09-21-library.jsonl").read_text().count("\n") == 1
    assert main(["-C", str(tmp_path / "c"), "build"]) == 0


def test_new_saves_field_mappings(tmp_path):
    nested = SOURCES / "lab-export-nested.jsonl"
    fields = ["title=record.headline", "abstract=record.text.abstract", "authors=record.people[].display",
              "id=record.ids.arxiv"]
    assert main(["new", str(tmp_path / "c"), "--from", str(nested), *(f"--field={f}" for f in fields)]) == 0
    saved = yaml.safe_load((tmp_path / "c/content/collection.yml").read_text())["fields"]
    assert saved["authors"] == "record.people[].display"
    assert main(["check", "--field", "title=record..x", str(nested)]) == 1  # a bad path is refused


def test_a_field_mapped_twice_is_an_error_before_anything_is_written(tmp_path, capsys):
    """`--field title=a --field title=b` read the title from b alone, without a word (a mapping
    half-edited in a shell's history): on check, add and new it is an error naming the field, and
    nothing is written."""
    nested = SOURCES / "lab-export-nested.jsonl"
    twice = ["--field", "title=record.headline", "--field", "title=record.text.abstract"]
    assert main(["new", str(tmp_path / "c"), "--from", str(nested), *twice]) == 1
    assert not (tmp_path / "c").exists()
    assert "--field: field 'title' is mapped twice (record.headline, record.text.abstract)" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "c"), "--from", str(nested), "--field", "title=record.headline"]) == 0
    digests = sorted((tmp_path / "c/content/digests").iterdir())
    assert main(["-C", str(tmp_path / "c"), "check", str(nested), *twice]) == 1
    assert main(["-C", str(tmp_path / "c"), "add", str(nested), "--name", "again", *twice]) == 1
    assert "field 'title' is mapped twice" in capsys.readouterr().err
    assert sorted((tmp_path / "c/content/digests").iterdir()) == digests
    # the same path twice is no conflict
    assert main(["-C", str(tmp_path / "c"), "check", str(nested), "--field", "title=record.headline",
                 "--field", "title=record.headline"]) == 0


@pytest.mark.slow
def test_new_collection_builds_with_a_non_editable_install(tmp_path):
    """The wheel, installed into a folder of its own, builds a new collection outside the repository:
    the default templates come from the installed package, not from this checkout."""
    target = tmp_path / "installed"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                                str(ROOT)], capture_output=True, text=True)  # builds and installs the wheel
    assert installed.returncode == 0, installed.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = [sys.executable, "-m", "generator"]
    subprocess.run([*run, "new", "coll", "--from", *map(str, SMALL)], cwd=tmp_path, env=env, check=True,
                   capture_output=True)
    where = subprocess.run([sys.executable, "-c", "import generator, digest_site_templates as t; "
                            "print(generator.__file__); print(t.__file__)"],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True).stdout
    assert all(line.startswith(str(target)) for line in where.split())
    built = subprocess.run([*run, "build"], cwd=tmp_path / "coll", env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    site = tmp_path / "coll" / "site"
    stylesheet = (site / "assets/digest-site/digest-site.css").read_text(encoding="utf-8")  # built: both stylesheets, then the colours
    assert stylesheet.startswith((ROOT / "site_templates/assets/digest-site.css").read_text(encoding="utf-8"))
    assert (ROOT / "site_templates/assets/search.css").read_text(encoding="utf-8") in stylesheet
    assert "ds-header-search" in (site / "index.html").read_text()  # the packaged theme override of main.html
    assert (site / "papers/2405.01234/index.html").is_file()


def test_the_wheel_ships_every_default_template():
    """Every file of site_templates/ matches a pattern of pyproject.toml's package data, so an
    installed digest-site has it (theme/sitemap.xml, MkDocs' sitemap written one line per page, was
    left out: an installed digest-site wrote MkDocs' own, 30 bytes more per page)."""
    import fnmatch
    import tomllib
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["digest_site_templates"]
    folder = ROOT / "site_templates"
    files = [path.relative_to(folder).as_posix() for path in folder.rglob("*")
             if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py"]
    assert "theme/sitemap.xml" in files
    # setuptools' "**/" also matches no folder at all
    left_out = [f for f in files if not any(fnmatch.fnmatch(f, p) or fnmatch.fnmatch(f, p.removeprefix("**/"))
                                            for p in patterns)]
    assert left_out == []


def test_new_mkdocs_yml_follows_the_repository_one(tmp_path):
    """A new collection's mkdocs.yml is the repository's, less what collection.yml sets, the
    custom_dir (a collection's site_templates/theme is found without it) and the static template
    of the palette (digest-site build adds it): a change to one is a change to the other."""
    assert main(["new", str(tmp_path / "c"), "--from", str(SMALL[0])]) == 0

    def plumbing(path: Path) -> dict:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("site_name", "site_description", "site_url"):
            config.pop(key, None)
        config["theme"].pop("custom_dir", None)
        config["theme"].pop("static_templates", None)
        for scheme in config["theme"]["palette"]:
            scheme.pop("primary", None), scheme.pop("accent", None)
        return config

    assert plumbing(tmp_path / "c/mkdocs.yml") == plumbing(ROOT / "mkdocs.yml")


def test_new_without_digests_builds_an_empty_site(tmp_path, capsys):
    assert main(["new", str(tmp_path / "empty")]) == 0
    assert "digest-site add FILE" in capsys.readouterr().err
    assert main(["-C", str(tmp_path / "empty"), "build"]) == 0
    assert f"{tmp_path / 'empty/content/digests'}: warning: no digests yet" in capsys.readouterr().err  # no line of a folder
    assert (tmp_path / "empty/site/index.html").is_file() and (tmp_path / "empty/site/feed.xml").is_file()


def test_new_names_two_files_of_one_name_apart_and_builds(tmp_path, capsys):
    # arXiv's announcement feed saved as Atom and as RSS: one name, which is the digest's URL
    feeds = [SOURCES / "arxiv-announce-cs.CL.atom", SOURCES / "arxiv-announce-cs.CL.rss"]
    assert main(["new", str(tmp_path / "lab"), "--from", *map(str, feeds)]) == 0
    assert sorted(p.name for p in (tmp_path / "lab/content/digests").iterdir()) == [
        "2024-05-14-arxiv-announce-cs.CL-2.rss", "2024-05-14-arxiv-announce-cs.CL.atom"]
    assert main(["-C", str(tmp_path / "lab"), "build"]) == 0, capsys.readouterr().err


def test_new_with_from_given_twice_starts_with_every_file(tmp_path, capsys):
    # `--from a.atom --from b.rss` kept only b.rss (argparse's nargs="+" replaces an earlier list):
    # the collection was made without a word about the first file
    feeds = [SOURCES / "arxiv-announce-cs.CL.atom", SOURCES / "hf-daily-papers-2024-05-14.json"]
    assert main(["new", str(tmp_path / "lab"), "--from", str(feeds[0]), "--from", str(feeds[1])]) == 0
    assert sorted(p.name for p in (tmp_path / "lab/content/digests").iterdir()) == [
        "2024-05-14-arxiv-announce-cs.CL.atom", "2024-05-14-hf-daily-papers.json"]


def test_new_reads_a_file_given_twice_once(tmp_path, capsys, monkeypatch):
    # `--from a.bib a.bib` (a shell's glob and the file named again) made the digests a and a-2 of the
    # same papers, without a word
    bib, hf = SOURCES / "zotero-reading-list.bib", SOURCES / "hf-daily-papers-2024-05-14.json"
    monkeypatch.chdir(SOURCES)
    assert main(["new", str(tmp_path / "lab"), "--from", str(bib), str(hf), bib.name, str(bib)]) == 0
    assert sorted(p.name.split("-", 3)[3] for p in (tmp_path / "lab/content/digests").iterdir()) == [
        "hf-daily-papers.json", "zotero-reading-list.bib"]
    err = capsys.readouterr().err
    assert f"digest-site: note: {bib.name} is given twice: it is read once" in err
    assert f"digest-site: note: {bib} is given twice: it is read once" in err


def test_a_collections_own_templates_override_the_defaults_by_file_name(tmp_path):
    """A page template, a theme partial and the stylesheet in the collection's site_templates/
    replace the packaged ones; every other template still comes from the package."""
    assert main(["new", str(tmp_path / "c"), "--from", str(SMALL[0])]) == 0
    own = tmp_path / "c" / "site_templates"
    (own / "pages").mkdir(parents=True)
    paper = (ROOT / "site_templates/pages/paper.md.j2").read_text(encoding="utf-8")
    (own / "pages/paper.md.j2").write_text(paper + '\n<p class="own-paper">{{ paper.title }}</p>\n', encoding="utf-8")
    (own / "theme/partials").mkdir(parents=True)
    (own / "theme/partials/ds-palette.html").write_text("--own-partial:1", encoding="utf-8")
    (own / "assets").mkdir()
    (own / "assets/digest-site.css").write_text("/* own stylesheet */\n", encoding="utf-8")
    assert main(["-C", str(tmp_path / "c"), "build"]) == 0
    site = tmp_path / "c" / "site"
    page = (site / "papers/2405.01234/index.html").read_text(encoding="utf-8")
    assert '<p class="own-paper">Dense Passage Retrieval' in page
    assert "ds-header-search" in page  # default main.html; the one stylesheet: own, default search.css, own palette partial
    search_css = (ROOT / "site_templates/assets/search.css").read_text(encoding="utf-8")
    assert (site / "assets/digest-site/digest-site.css").read_text(encoding="utf-8") == \
        "/* own stylesheet */\n" + search_css + ":root{--own-partial:1}\n"
    assert not (site / "assets/digest-site/palette.css").exists() and not (site / "assets/digest-site/search.css").exists()
    assert (site / "assets/digest-site/search.js").read_bytes() == (ROOT / "site_templates/assets/search.js").read_bytes()


def test_new_collections_publish_with_the_repositorys_workflow(tmp_path):
    """The workflow and constraints of a new collection are the repository's own; only what the
    workflow installs changes, from this checkout to a digest-site release or commit, and their
    comments on it (they said "this repository" of the collection, and "pip install ." there,
    where there is nothing to install)."""
    from generator.scaffold import COLLECTION_CONSTRAINTS, COLLECTION_WORKFLOW
    assert (ROOT / "generator/scaffold/digest-site.yml").read_bytes() == (ROOT / ".github/workflows/digest-site.yml").read_bytes()
    assert (ROOT / "generator/scaffold/constraints.txt").read_bytes() == (ROOT / "constraints.txt").read_bytes()
    assert main(["new", str(tmp_path / "c"), "--from", str(SMALL[0])]) == 0
    ours = (ROOT / ".github/workflows/digest-site.yml").read_text(encoding="utf-8").splitlines()
    theirs = (tmp_path / "c/.github/workflows/digest-site.yml").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(ours, theirs) if a != b and not a.lstrip().startswith("#")]
    assert len(ours) == len(theirs) and len(changed) == 1
    assert changed[0][0] == '  DIGEST_SITE: "."' and changed[0][1].startswith('  DIGEST_SITE: "digest-site')
    assert COLLECTION_WORKFLOW in "\n".join(theirs) + "\n" and "this repository" not in "\n".join(theirs)
    workflow = yaml.safe_load("\n".join(theirs))
    assert workflow["env"]["DIGEST_SITE"].startswith("digest-site")
    constraints = (tmp_path / "c/constraints.txt").read_text(encoding="utf-8")
    assert COLLECTION_CONSTRAINTS in constraints and "pip install ." not in constraints
    assert [line for line in constraints.splitlines() if not line.startswith("#")] == [
        line for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]


GITHUB = {"url": "https://github.com/lab/digest-site", "vcs_info": {"vcs": "git", "commit_id": "ab12"}}
ON_THIS_MACHINE = [{"url": "file:///home/me/digest-site", "dir_info": {}},  # pip install ./digest-site
                   {"url": "file:///home/me/digest-site", "dir_info": {"editable": True}},
                   {"url": "file:///home/me/dist/digest_site-0.1.0-py3-none-any.whl", "archive_info": {}},
                   {"url": "file:///home/me/digest-site", "vcs_info": {"vcs": "git", "commit_id": "ab12"}}]


def test_the_workflow_installs_what_githubs_runners_can_reach():
    from generator.scaffold import local, requirement
    assert requirement("0.1.0", {}) == "digest-site==0.1.0"  # from PyPI
    assert requirement("0.1.0", GITHUB) == "digest-site @ git+https://github.com/lab/digest-site@ab12"
    # pip's record of a git+ssh:// install: a runner has no SSH key ("Permission denied (publickey)")
    over_ssh = {"url": "ssh://git@github.com/lab/digest-site.git", "vcs_info": {"vcs": "git", "commit_id": "ab12"}}
    assert requirement("0.1.0", over_ssh) == "digest-site @ git+https://github.com/lab/digest-site.git@ab12"
    assert not local({}) and not local(GITHUB)
    for origin in ON_THIS_MACHINE:  # a git+file: clone was written as the workflow's DIGEST_SITE
        assert local(origin) and requirement("0.1.0", origin) == "digest-site==0.1.0"


@pytest.mark.parametrize("origin", [GITHUB, *ON_THIS_MACHINE])
def test_new_notes_the_workflow_line_to_change_when_digest_site_came_from_this_machine(tmp_path, capsys, monkeypatch, origin):
    # `pip install ./digest-site` (a clone): the workflow installed digest-site==0.1.0, which no
    # index has, and the owner learnt it from a failed run after pushing
    import generator.scaffold as scaffold
    monkeypatch.setattr(scaffold, "installed", lambda: ("0.1.0", origin))
    monkeypatch.chdir(tmp_path)
    assert main(["new", "lab", "--from", str(SMALL[0])]) == 0
    workflow = (tmp_path / "lab" / scaffold.WORKFLOW).read_text(encoding="utf-8").splitlines()
    wanted = yaml.safe_load("\n".join(workflow))["env"]["DIGEST_SITE"]
    readme = (tmp_path / "lab/README.md").read_text(encoding="utf-8")
    install = next(line for line in readme.splitlines() if line.startswith("pip install"))
    # the line CI runs; a folder of the maker's computer (the line named it) is told beside it, with what to change
    assert f'"{wanted}"' in install and (origin is GITHUB or f"(`{scaffold.local_source(origin)}`)" in readme)
    assert (origin is GITHUB) == ("in the line above and in `DIGEST_SITE` of `.github/workflows/digest-site.yml`" not in
                                  " ".join(readme.split()))
    notes = [line for line in capsys.readouterr().err.splitlines() if "DIGEST_SITE" in line]
    if origin is GITHUB:
        assert wanted == "digest-site @ git+https://github.com/lab/digest-site@ab12" and notes == []
        return
    assert wanted == "digest-site==0.1.0" and len(notes) == 1
    where, line, level, message = notes[0].split(":", 3)
    assert where == "lab/.github/workflows/digest-site.yml" and level == " note"
    assert workflow[int(line) - 1] == '  DIGEST_SITE: "digest-site==0.1.0"'
    assert f"installed from {origin['url']}, which GitHub's runners cannot reach" in message


def test_an_older_mkdocs_yml_naming_the_old_stylesheets_still_builds_strictly(tmp_path):
    """Before the stylesheets were one file, mkdocs.yml named the palette's static template and
    search.css: a collection whose mkdocs.yml still does builds (strict) with one stylesheet link."""
    assert main(["new", str(tmp_path / "c"), "--from", str(SMALL[0])]) == 0
    config = tmp_path / "c/mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  palette:\n", "  static_templates:\n    - assets/digest-site/palette.css\n  palette:\n", 1)
    text = text.replace("  - assets/digest-site/digest-site.css\n",
                        "  - assets/digest-site/digest-site.css\n  - assets/digest-site/search.css\n", 1)
    assert "palette.css" in text and "search.css" in text
    config.write_text(text, encoding="utf-8")
    assert main(["-C", str(tmp_path / "c"), "build"]) == 0
    home = (tmp_path / "c/site/index.html").read_text(encoding="utf-8")
    assert home.count('rel="stylesheet"') == 1 and 'href="assets/digest-site/digest-site.css"' in home


def test_a_new_collections_topics_say_they_are_suggested_until_curated(tmp_path):
    from generator.build import BuildReport, build
    from generator.config import load_project
    from generator.topics import load_topics_file

    assert main(["new", str(tmp_path / "lab"), "--from", *map(str, SMALL)]) == 0
    topics_file = tmp_path / "lab/content/topics.yml"
    topics, suggested = load_topics_file(topics_file)
    assert topics and suggested  # related papers count no bonus for them (related.topic_bonus)
    report = build(load_project(tmp_path / "lab"), report=BuildReport())
    assert not report.topics_curated and not report.topics_suggested  # the file's topics, marked suggested
    topics_file.write_text(topics_file.read_text().replace("suggested: true\n", ""))  # the owner has curated them
    assert load_topics_file(topics_file) == (topics, False)
    assert build(load_project(tmp_path / "lab"), report=BuildReport()).topics_curated


def test_new_sums_up_a_warning_each_paper_repeats(tmp_path, capsys):
    # The arXiv day lists each cross-listed paper again: 223 duplicates, and 65 shifted rows.
    assert main(["new", str(tmp_path / "day"), "--from", str(DATA / "arxiv-2023-09-21.csv")]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) <= 10, lines
    assert any(": warning: duplicate of the paper at line …: 220 more, at lines 457 (… is " in line for line in lines)
    assert any(": warning: the abstract column holds the subjects (a shifted row)" in line and ": 62 more, at lines 289, "
               in line for line in lines)


def test_new_says_which_record_of_a_paper_wins_as_the_build_says_it(tmp_path, capsys):
    # The BibTeX file's record has a year only: its digest is named by today's date, the newest,
    # though it comes first; the Hugging Face export's is named by its paper's date.
    bib = tmp_path / "mine.bib"
    bib.write_text("@misc{k, title={One Paper}, author={Doe, Jane}, year={2024}, abstract={Mine.},"
                   " eprint={2401.00001}}\n", encoding="utf-8")
    hf = tmp_path / "daily.json"
    hf.write_text('[{"paper": {"id": "2401.00001", "title": "One Paper", "summary": "Theirs.",'
                  ' "authors": [{"name": "Jane Doe"}, {"name": "Li Wei"}], "publishedAt": "2024-01-05T00:00:00Z"}}]',
                  encoding="utf-8")
    assert main(["new", str(tmp_path / "c"), "--from", str(bib), str(hf)]) == 0
    said = [line for line in capsys.readouterr().err.splitlines() if ": note: " in line]
    assert main(["-C", str(tmp_path / "c"), "generate"]) == 0
    built = [line for line in capsys.readouterr().err.splitlines() if ": note: " in line]
    assert len(said) == len(built) == 1
    assert said[0].split(":1: note:")[0].endswith("mine.bib") and built[0].split(":1: note:")[0].endswith("mine.bib")


def test_a_title_with_an_emoji_or_a_control_character_gives_a_collection_that_builds(tmp_path, capsys):
    # JSON's escape of an emoji ("\\ud83d\\udcda") read back by YAML as two broken characters: the build crashed
    assert main(["new", str(tmp_path / "c"), "--title", "Papers 📚\x0bweekly", "--from", str(SMALL[0])]) == 0
    assert 'title: "Papers 📚 weekly"' in (tmp_path / "c/content/collection.yml").read_text(encoding="utf-8")
    assert main(["-C", str(tmp_path / "c"), "generate"]) == 0, capsys.readouterr().err


def test_the_owners_title_is_written_as_typed_in_the_files_they_edit(tmp_path, capsys):
    # Jinja's tojson, made for HTML, wrote "Jane\\u0027s reading list" into collection.yml and mkdocs.yml
    title = "Jane's R&D <papers> \"weekly\" \\ 📚"
    assert main(["new", str(tmp_path / "c"), "--title", title, "--from", str(SMALL[0])]) == 0
    for name, key in (("content/collection.yml", "title"), ("mkdocs.yml", "site_name")):
        text = (tmp_path / "c" / name).read_text(encoding="utf-8")
        assert f'{key}: "Jane\'s R&D <papers> \\"weekly\\" \\\\ 📚"\n' in text
        assert yaml.safe_load(text)[key] == title
    assert main(["-C", str(tmp_path / "c"), "generate"]) == 0, capsys.readouterr().err


def test_a_new_collection_generated_renders_with_a_plain_mkdocs_build(tmp_path):
    # the README's `digest-site generate`, then `mkdocs build` (or Zensical): the pages may need no
    # template that only digest-site's theme layers hold (the search page named one, and crashed it)
    folder = tmp_path / "mine"
    assert main(["new", str(folder), "--from", str(SMALL[0])]) == 0
    assert main(["-C", str(folder), "generate"]) == 0
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict"], cwd=folder,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    search = (folder / "site/search/index.html").read_text(encoding="utf-8")
    assert '<script src="../assets/digest-site/search.js" async data-search-page></script>' in search
    assert (folder / "site/assets/digest-site/search/meta.json").is_file()


def test_an_override_of_a_template_no_longer_read_is_a_warning(tmp_path):
    # a fork's theme/search-page.html (read until the search page loaded its script itself) does
    # nothing now: the build says so rather than ignore it
    from generator.build import build
    from generator.config import load_project

    folder = tmp_path / "mine"
    assert main(["new", str(folder), "--from", str(SMALL[0])]) == 0
    (folder / "site_templates/theme").mkdir(parents=True)
    (folder / "site_templates/theme/search-page.html").write_text('{% extends "main.html" %}\n')
    report = build(load_project(folder))
    said = [p for p in report.problems if p.path.endswith("search-page.html")]
    assert [(p.line, p.level) for p in said] == [(1, "warning")]
    assert "no longer used" in said[0].message and "pages/search.md.j2" in said[0].message
    assert not [p for p in report.problems if "site_templates" in p.path and p is not said[0]]


def test_new_with_the_folder_after_from_says_where_it_goes(tmp_path, capsys):
    # `--from` takes every name after it: DIR typed last was taken for a file, and argparse said
    # only "the following arguments are required: DIR"
    with pytest.raises(SystemExit) as exited:  # a wrong command line: its usage, and 2 (it said no usage, and 1)
        main(["new", "--from", str(SMALL[0]), str(tmp_path / "mine")])
    said = capsys.readouterr().err
    assert exited.value.code == 2 and said.startswith("usage: digest-site new [-h] DIR ")
    assert f"it comes before --from (digest-site new {tmp_path / 'mine'} --from {SMALL[0]})" in said
    assert not (tmp_path / "mine").exists()
    with pytest.raises(SystemExit):
        main(["new"])
    assert "give the folder DIR to create" in capsys.readouterr().err


def test_a_fork_of_a_collection_s_papers_json_has_the_same_papers(tmp_path):
    """A collection merging another's ``papers.json`` (``new --from``/``add`` of the export) got
    every paper without its address: the export's ``url`` is that site's page, relative to its
    root, and the paper's own address, ``source_url``, was read by no reader."""
    assert main(["new", str(tmp_path / "a"), "--from", *map(str, SMALL)]) == 0
    assert main(["-C", str(tmp_path / "a"), "generate"]) == 0
    export = tmp_path / "a/build/docs/papers.json"
    assert main(["new", str(tmp_path / "b"), "--from", str(export)]) == 0
    assert main(["-C", str(tmp_path / "b"), "generate"]) == 0
    kept = ("id", "slug", "title", "abstract", "authors", "date", "categories", "source_url", "links")
    papers = [[{k: p[k] for k in kept} for p in json.loads((tmp_path / side / "build/docs/papers.json").read_text())]
              for side in "ab"]
    assert papers[0] == papers[1]
    assert sum(bool(p["source_url"]) for p in papers[0]) >= len(papers[0]) - 1
