"""Two real processes on one project (issue 10, items 5 and 6): the second waits for the first,
says so, and each site published is the content of one moment, never old and new pages mixed."""

from __future__ import annotations

import json
import subprocess
import sys
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil
import pytest

from conftest import make_project
from test_interrupt import DIGESTS, SMALL, build_in_process, start_big_build, wait_for_mkdocs_writing

CHANGED = "CHANGEDTEXT"


def change_every_abstract(folder: Path) -> None:
    path = folder / DIGESTS / "2026-01-02-big.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("".join(json.dumps({**r, "abstract": f"{CHANGED} {r['abstract']}"}) + "\n" for r in records),
                    encoding="utf-8")


def pages_with(folder: Path, text: str) -> tuple[int, int]:
    """(pages holding ``text``, paper pages) under ``folder``."""
    pages = sorted(folder.glob("papers/*/index.html")) or sorted(folder.glob("papers/*.md"))
    return sum(text in p.read_text(encoding="utf-8") for p in pages), len(pages)


@contextmanager
def paused(process: subprocess.Popen):
    """The process and its workers stopped (SIGSTOP) while inside, so a second process surely
    arrives while the first is in its MkDocs stage, however slow the machine."""
    stopped = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    for proc in stopped:
        proc.suspend()
    try:
        yield
    finally:
        for proc in stopped:
            with suppress(psutil.NoSuchProcess):
                proc.resume()


def run(folder: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=folder,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def project(tmp_path):
    folder = make_project(tmp_path / "project", {"2026-01-01-small.txt": SMALL})
    build_in_process(folder)
    return folder


@pytest.mark.slow
def test_generate_during_a_build_waits_and_the_site_is_not_mixed(project):
    first = start_big_build(project)
    wait_for_mkdocs_writing(project, first)
    with paused(first):
        change_every_abstract(project)
        second = run(project, "generate")
        said = second.stderr.readline()  # old main: "generated …", having rewritten the docs meanwhile
    _, first_err = first.communicate(timeout=600)
    _, second_err = second.communicate(timeout=600)
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    assert said == f"digest-site: another build of this project is running (process {first.pid}); waiting for it to finish\n"
    changed, total = pages_with(project / "site", CHANGED)
    assert (changed, total) == (0, 401)  # the first build's content only
    assert pages_with(project / "build" / "docs", CHANGED) == (400, 401)


@pytest.mark.slow
def test_two_builds_with_changed_content_both_succeed_and_the_last_one_is_published(project):
    first = start_big_build(project)
    wait_for_mkdocs_writing(project, first)
    with paused(first):
        change_every_abstract(project)
        second = run(project, "build")
        said = second.stderr.readline()
    _, first_err = first.communicate(timeout=600)
    _, second_err = second.communicate(timeout=600)
    assert (first.returncode, second.returncode) == (0, 0), first_err + second_err
    assert said.endswith("waiting for it to finish\n"), said + second_err
    assert pages_with(project / "site", CHANGED) == (400, 401)
    assert not list(project.glob(".site.*"))


def test_the_lock_file_is_removed_as_each_holder_leaves_and_still_excludes(tmp_path):
    # each project left a lock file in the temporary folder (the test suite, 22,000 of them); a
    # holder now removes it while it holds it, and one waiting on the removed file locks the new one
    import threading
    import time

    from generator.lock import lock_path, project_lock

    docs = tmp_path / "docs"
    inside, most, waits = [0], [0], []

    def hold() -> None:
        with project_lock(docs, waiting=waits.append):
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            time.sleep(0.05)
            inside[0] -= 1

    threads = [threading.Thread(target=hold) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # (and none said it waited for "another build": each holder is this very process, as serve's render is)
    assert most == [1] and not waits and not lock_path(docs).exists()


def test_a_link_at_the_lock_files_path_is_refused_and_its_target_left_alone(tmp_path):
    # the temporary folder is every user's and the lock's name is a hash of the docs folder's path:
    # another user's link there made the build empty the file it pointed to and write its pid there
    from generator.lock import lock_path

    folder = make_project(tmp_path / "project", {"2026-01-01-small.txt": SMALL})
    victim = tmp_path / "bashrc"
    victim.write_text("export KEEP=1\n", encoding="utf-8")
    lock = lock_path(folder / "build/docs")
    lock.symlink_to(victim)
    try:
        result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=folder, capture_output=True,
                                text=True, timeout=300)
    finally:
        lock.unlink()
    assert result.returncode == 1 and "the build's lock file is a symbolic link" in result.stderr, result.stderr
    assert victim.read_text(encoding="utf-8") == "export KEEP=1\n" and not (folder / "site").exists()
