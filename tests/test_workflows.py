"""The GitHub Actions workflow users copy: valid by GitHub's workflow schema, its pull-request
check really fails with file:line annotations on a broken digest, and it installs pinned versions."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from generator.cache import FOLDER

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github/workflows/digest-site.yml"
BIN = str(Path(sys.executable).parent)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def test_the_workflow_is_valid_for_github():
    done = subprocess.run([f"{BIN}/check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_pushes_build_with_the_cache_and_deploy_with_the_official_pages_actions():
    jobs = workflow()["jobs"]
    uses = [step.get("uses", "").split("@")[0] for step in jobs["build"]["steps"]]
    assert uses.index("actions/cache") < next(i for i, s in enumerate(jobs["build"]["steps"])
                                               if "digest-site build" in s.get("run", ""))
    assert "actions/upload-pages-artifact" in uses and "actions/configure-pages" in uses
    assert [s["uses"].split("@")[0] for s in jobs["deploy"]["steps"]] == ["actions/deploy-pages"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert cached_paths("build") == cached_paths("check") == [FOLDER, *project_outputs()]


def cached_paths(job: str) -> list[str]:
    """The folders a job of the workflow restores from GitHub's cache (and the build job saves)."""
    cache = next(s for s in workflow()["jobs"][job]["steps"] if s.get("uses", "").startswith("actions/cache"))
    return cache["with"]["path"].split()


def project_outputs() -> list[str]:
    """mkdocs.yml's docs folder and site folder: this repository's, and those of the collections
    `digest-site new` makes (the same)."""
    found = [re.findall(r"^(?:docs_dir|site_dir): (\S+)$", (ROOT / name).read_text(), re.M)
             for name in ("mkdocs.yml", "generator/scaffold/mkdocs.yml.j2")]
    assert found[0] == found[1] and len(found[0]) == 2, found
    return found[0]


def test_every_install_is_pinned_by_the_constraints_file():
    runs = [s["run"] for job in workflow()["jobs"].values() for s in job["steps"] if "pip install" in s.get("run", "")]
    assert runs and all("-c constraints.txt" in run for run in runs)
    pins = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().splitlines()
                if line and not line.startswith("#"))
    pinned = {re.sub(r"[-_.]+", "-", name).lower() for name in pins}
    needed = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for requirement in needed:
        name = re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", requirement).group()).lower()
        assert name in pinned, f"{name} has no pinned version in constraints.txt"


def check_script() -> str:
    step = next(s for s in workflow()["jobs"]["check"]["steps"] if s.get("name", "").startswith("Check the digests"))
    assert step["env"]["BASE"] == "${{ github.event.pull_request.base.sha }}"
    return step["run"]


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True).stdout.strip()


def commit(folder: Path, message: str, *options: str) -> None:
    git(folder, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", message, *options)


def check_step(name: str) -> str:
    return next(s for s in workflow()["jobs"]["check"]["steps"] if s.get("name", "").startswith(name))["run"]


def run_check(repo: Path, base: str, script: str | None = None, path: str = BIN) -> subprocess.CompletedProcess:
    """The workflow's check step (or another ``script`` of the check job), run in ``repo`` on what
    changed since ``base``, with the job's environment, as the runner's ``bash -e`` runs it."""
    env = {**os.environ, **workflow()["jobs"]["check"]["env"], "BASE": base, "PATH": path + os.pathsep + os.environ["PATH"]}
    return subprocess.run(["bash", "-e", "-c", script or check_script()], cwd=repo, env=env, capture_output=True, text=True)


def test_a_pull_request_with_a_broken_digest_fails_with_file_line_annotations(tmp_path):
    repo = tmp_path / "collection"
    (repo / "content/digests").mkdir(parents=True)
    (repo / "content/digests/2026-11-01-good.jsonl").write_text('{"title": "A", "abstract": "An abstract."}\n')
    git(repo, "init", "-q")
    commit(repo, "base", "--allow-empty")
    git(repo, "add", "-A")
    commit(repo, "good")
    base = git(repo, "rev-parse", "HEAD")
    (repo / "content/digests/2026-11-02-bad.jsonl").write_text(
        '{"title": "B", "abstract": "Fine."}\n{"abstract": "no title"}\n')
    git(repo, "add", "-A")
    commit(repo, "bad")
    done = run_check(repo, base)
    assert done.returncode != 0
    assert re.search(r"^::error file=content/digests/2026-11-02-bad\.jsonl,line=2::.*title", done.stdout, re.M), done.stdout
    assert "good.jsonl" not in done.stdout  # only the digests the pull request changed

    (repo / "content/digests/2026-11-02-bad.jsonl").write_text('{"title": "B", "abstract": "Fine."}\n')
    commit(repo, "fixed", "-a")
    fixed = run_check(repo, base)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


def empty_collection(tmp_path: Path) -> tuple[Path, str]:
    """A collection's repository with no digest yet, and its first commit (a pull request's base)."""
    repo = tmp_path / "collection"
    (repo / "content/digests").mkdir(parents=True)
    (repo / "mkdocs.yml").write_text("site_name: Lab\ndocs_dir: build/docs\nplugins: []\n")  # (as new writes it: no search plugin)
    git(repo, "init", "-q")
    commit(repo, "base", "--allow-empty")
    return repo, git(repo, "rev-parse", "HEAD")


def test_a_pull_request_adding_a_digest_whose_name_the_build_refuses_fails_its_check(tmp_path):
    # Uploaded by hand (GitHub's "Add file"), as `add` never names them: the check named nothing
    # wrong (git quoted the accented name, and `check FILE` did not apply the rule for names).
    repo, base = empty_collection(tmp_path)
    for name in ("2026-11-02-my list.jsonl", "2026-11-03-été.jsonl"):
        (repo / "content/digests" / name).write_text('{"title": "B", "abstract": "Fine."}\n', encoding="utf-8")
    git(repo, "add", "-A")
    commit(repo, "by hand")
    done = run_check(repo, base)
    assert done.returncode != 0
    for name in ("2026-11-02-my list.jsonl", "2026-11-03-été.jsonl"):
        assert re.search(rf"^::error file=content/digests/{name},line=1::digest file names may hold only", done.stdout,
                         re.M), done.stdout


def test_annotations_escape_what_workflow_commands_read_as_their_syntax(tmp_path):
    """GitHub reads '%' in an annotation as the start of an escape, and ',' and ':' in its file=
    as the end of the property: a digest uploaded as '50% off, v2: draft.jsonl' was annotated on
    'content/digests/2026-11-02-50% off' (no file of the pull request). Both parts are escaped as
    the runner's toolkit escapes them (%25, %0D; %2C and %3A in properties), and read back as given."""
    repo, base = empty_collection(tmp_path)
    name = "2026-11-02-50% off, v2: draft.jsonl"
    (repo / "content/digests" / name).write_text('{"title": "B", "abstract": "Fine.", "date": "100%"}\n')
    git(repo, "add", "-A")
    commit(repo, "by hand")
    done = run_check(repo, base)
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert done.returncode != 0 and annotations, done.stdout
    for line in annotations:
        found = re.fullmatch(r"::(error|warning) file=([^,:]*),line=(\d+)::(.*)", line)
        assert found, line
        assert unescaped(found.group(2), property=True) == f"content/digests/{name}"
        assert "%" not in found.group(4).replace("%25", "").replace("%0D", "").replace("%0A", "")
    checked = subprocess.run([f"{BIN}/digest-site", "check", f"content/digests/{name}"], cwd=repo, capture_output=True, text=True)
    said = [found.group(1) for line in checked.stderr.splitlines() if (found := re.match(r".+:\d+: \w+: (.*)", line))]
    assert len(said) == 2 and [unescaped(line.split("::", 2)[2]) for line in annotations] == said, said
    assert "%25" in annotations[1]  # (the date's warning quotes '100%')
    # a carriage return (no message of digest-site's holds one): what check prints, on its own
    stub = tmp_path / "bin/digest-site"
    stub.parent.mkdir()
    stub.write_text("#!/bin/sh\nprintf 'content/digests/a.jsonl:3: error: one\\rtwo\\n' >&2\nexit 1\n")
    stub.chmod(0o755)
    faked = run_check(repo, base, path=os.pathsep.join((str(stub.parent), BIN)))
    assert faked.stdout.splitlines() == ["::error file=content/digests/a.jsonl,line=3::one%0Dtwo"]


def unescaped(text: str, property: bool = False) -> str:
    """An annotation's message (or property) as the runner reads it (actions/toolkit's command.ts)."""
    pairs = [("%0D", "\r"), ("%0A", "\n"), *([("%3A", ":"), ("%2C", ",")] if property else []), ("%25", "%")]
    for escape, char in pairs:
        text = text.replace(escape, char)
    return text


def test_a_digest_named_with_a_quote_a_backslash_or_a_tab_is_checked_under_its_own_name(tmp_path):
    """git quotes such a name ("content/digests/…\\"hi\\".jsonl") unless asked for names as they are
    (-z): the check read a file that does not exist, and said only "unsupported file type
    '.jsonl\"'", on no file of the pull request. A renamed digest is checked under its new name."""
    repo, base = empty_collection(tmp_path)
    names = ['2026-11-02-say "hi".jsonl', "2026-11-03-tab\tand\\slash.jsonl", "2026-11-04-renamed.jsonl"]
    (repo / "content/digests/2026-11-01-old.jsonl").write_text('{"title": "C", "abstract": "Fine."}\n')
    git(repo, "add", "-A")
    commit(repo, "old")
    base = git(repo, "rev-parse", "HEAD")
    for name in names[:2]:
        (repo / "content/digests" / name).write_text('{"title": "B", "abstract": "Fine."}\n{"abstract": "no title"}\n')
    git(repo, "mv", "content/digests/2026-11-01-old.jsonl", f"content/digests/{names[2]}")
    git(repo, "add", "-A")
    commit(repo, "by hand")
    done = run_check(repo, base)
    found = [(unescaped(m.group(1), property=True), m.group(2), m.group(3)) for line in done.stdout.splitlines()
             if (m := re.fullmatch(r"::error file=([^,]*),line=(\d+)::(.*)", line))]
    assert done.returncode != 0 and "unsupported file type" not in done.stdout, done.stdout
    for name in names[:2]:
        assert (f"content/digests/{name}", "1", "digest file names may hold only") in [(f, n, m[:31]) for f, n, m in found]
        assert any(f == f"content/digests/{name}" and n == "2" and "title" in m for f, n, m in found), found
    assert f"content/digests/{names[2]}: 1 paper" in done.stdout  # renamed: checked as it is now


def test_a_pull_request_that_breaks_topics_yml_gets_its_error_annotated_at_its_line(tmp_path):
    """No digest changed, so the check step has nothing to say; the build step's errors are
    annotated (its warnings are not: those of the pull request's digests are, by the check step)."""
    repo, base = empty_collection(tmp_path)
    (repo / "content/digests/2026-11-01-a.jsonl").write_text('{"title": "Robots walk", "abstract": "Robots walk."}\n')
    (repo / "content/topics.yml").write_text("topics:\n  - name: Robots\n    keywords: [robot]\n")
    git(repo, "add", "-A")
    commit(repo, "a collection")
    base = git(repo, "rev-parse", "HEAD")
    (repo / "content/topics.yml").write_text("topics:\n  - name: Robots\n    keywords: [robot]\n    aliases: [robots]\n")
    commit(repo, "an alias", "-a")
    assert run_check(repo, base).stdout.strip() == "no digest changed"
    built = run_check(repo, base, check_step("Build the site"))
    assert built.returncode != 0
    assert re.search(r"^::error file=content/topics\.yml,line=4::the alias 'robots' is the slug", built.stdout, re.M), built.stdout


def test_a_pull_requests_build_has_the_address_the_default_branchs_site_is_built_with(tmp_path):
    """The pull request's build restores the default branch's cached pages, built with the Pages
    site's address; built without it, every page's canonical link differed and every page was
    rendered again (13-17 s against 5 s at 1,045 papers). Before Pages is on, no address."""
    steps = workflow()["jobs"]["check"]["steps"]
    pages = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/configure-pages"))
    build_at = next(i for i, s in enumerate(steps) if s.get("name", "").startswith("Build the site"))
    assert pages < build_at and steps[pages]["continue-on-error"] is True
    assert steps[build_at]["env"]["PAGES_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert workflow()["jobs"]["check"]["permissions"] == {"contents": "read", "pages": "read"}
    repo, base = empty_collection(tmp_path)
    (repo / "content/digests/2026-11-01-a.jsonl").write_text('{"title": "Robots walk", "abstract": "Robots walk."}\n')
    for address, shown in (("https://owner.github.io/repo", "https://owner.github.io/repo/papers/"), ("", 'href="papers/')):
        env = {**os.environ, **workflow()["jobs"]["check"]["env"], "BASE": base, "PAGES_URL": address,
               "PATH": BIN + os.pathsep + os.environ["PATH"]}
        done = subprocess.run(["bash", "-e", "-c", check_step("Build the site")], cwd=repo, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        assert shown in (repo / "site/feed.xml").read_text(encoding="utf-8")
