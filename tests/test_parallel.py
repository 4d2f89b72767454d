"""Worker processes change nothing but speed: same results, same order, same errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, make_project, tree_hash
from generator import build, parallel, writer
from generator.config import load_project
from generator.errors import DigestSiteError, InputError
from generator.lock import project_lock

pytestmark = pytest.mark.skipif(parallel.worker_count(10**6) < 2, reason="needs 2 cores and fork")


@pytest.fixture
def always_parallel(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)


def square_in_worker(item: int) -> tuple[int, int]:
    return item * item + 1, os.getpid()


def test_results_come_back_in_order_from_workers(always_parallel):
    results = parallel.map_items(square_in_worker, range(500))
    assert [r for r, _ in results] == [i * i + 1 for i in range(500)]
    forked = {pid for _, pid in results} - {os.getpid()}
    assert len(forked) == parallel.worker_count(500) - 1  # this process is the Nth: it works too,
    assert os.getpid() in {pid for _, pid in results}  # on the last chunks, while the workers start


def test_every_chunk_runs_once_with_more_workers_than_cores(always_parallel, monkeypatch):
    """The build's own process and the workers claim chunks from opposite ends: with many
    workers racing for few cores, no chunk is run twice or lost."""
    monkeypatch.setattr(parallel, "worker_count", lambda items, min_items=None: 8)
    for _ in range(10):
        results = parallel.map_items(square_in_worker, range(1000))
        assert [r for r, _ in results] == [i * i + 1 for i in range(1000)]


def fail_on_seven(item: int) -> int:
    if item == 7:
        raise ValueError(f"bad item {item}")
    return item


def test_an_error_in_a_worker_is_raised_as_the_loop_raises_it(always_parallel):
    with pytest.raises(ValueError, match="bad item 7"):
        parallel.map_items(fail_on_seven, range(100))


def test_a_template_error_in_a_worker_names_the_template_line(always_parallel, tmp_path):
    root = make_project(tmp_path / "p", {"2024-01-01-a.txt": (ROOT / "tests/data/seed-digest.txt").read_bytes()})
    template = root / "site_templates/pages/paper.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ paper.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"paper\.md\.j2:\d+: error: template error"):
        build.generate_docs(load_project(root), build.BuildReport())


def test_workers_generate_the_same_docs_as_the_plain_loop(tmp_path, monkeypatch):
    digests = {"2024-01-01-a.txt": (ROOT / "tests/data/seed-digest.txt").read_bytes()}
    hashes = []
    for name, threshold in (("loop", 10**9), ("workers", 1)):
        monkeypatch.setattr(parallel, "MIN_ITEMS", threshold)
        monkeypatch.setattr(build, "EXPORT_IN_WORKERS", threshold)  # the exports, BibTeX files and feeds too
        project = load_project(make_project(tmp_path / name, digests))
        build.generate_docs(project, build.BuildReport())
        hashes.append(tree_hash(project.docs_dir))
    assert hashes[0] == hashes[1]


def test_pages_the_workers_write_to_disk_are_the_pages_generated_in_memory(always_parallel, tmp_path):
    project = load_project(make_project(tmp_path / "p", {"2024-01-01-a.txt": (ROOT / "tests/data/seed-digest.txt").read_bytes()}))
    build.generate_docs(project, build.BuildReport())  # the pages go through a spool folder
    docs = project.docs_dir
    written = {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*")
               if p.is_file() and p.name != writer.MANIFEST}
    assert written == build.generate(project, build.BuildReport()).files  # in memory, no spool
    assert sorted(os.listdir(docs.parent)) == [docs.name]  # the spool is gone


def die_on_three(item: int) -> int:
    if item == 3:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return item


@pytest.mark.parametrize("workers", [None, 8])
@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # the pool's own thread failed
def test_a_killed_worker_fails_the_build_instead_of_hanging_it(always_parallel, monkeypatch, workers):
    """Every time: the worker can die while chunks are still being handed out (its exit code was
    then once unknown, 1 run in 20), or while the build's own process runs the last chunks."""
    if workers:
        monkeypatch.setattr(parallel, "worker_count", lambda items, min_items=None: workers)
    signal.alarm(120)  # a hang fails the test instead of the whole run
    try:
        for _ in range(20):
            with pytest.raises(DigestSiteError) as raised:
                parallel.map_items(die_on_three, range(100))
            message = str(raised.value)
            assert "killed (SIGKILL)" in message and "ran out of memory" in message, message
            assert "nothing was changed" in message
            assert f"DIGEST_SITE_WORKERS={max(1, parallel.worker_count(100) // 2)} digest-site build" in message
    finally:
        signal.alarm(0)



def die_on_three_big(item: int) -> str:
    """Results too big for a pipe's buffer (rendered pages), and a worker killed while the
    others are busy: the pool stops them with SIGTERM, which they ignore."""
    if item == 3:
        time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.005)
    return "x" * 100_000


def failure_of(fn, items) -> str:
    """The message of the build error ``map_items(fn, items)`` raises; a hang fails the test
    (SIGALRM) instead of the whole run."""
    signal.alarm(120)
    try:
        with pytest.raises(DigestSiteError) as raised:
            parallel.map_items(fn, items)
    finally:
        signal.alarm(0)
    return str(raised.value)


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_killed_worker_fails_the_build_while_the_others_are_busy(always_parallel, monkeypatch):
    """The others ignore SIGTERM (see the test below): the pool's SIGTERM left one writing a
    chunk's results that no one read any more, and the build waited for it forever."""
    monkeypatch.setattr(parallel, "worker_count", lambda items, min_items=None: 6)
    message = failure_of(die_on_three_big, range(300))
    assert "killed (SIGKILL)" in message and "ran out of memory" in message, message


PARENT = os.getpid()  # the test's process; forked workers inherit the number


def terminated_in_a_worker(item: int) -> tuple[int, int]:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGTERM)  # as `kill` (or CI, or `timeout`) sent to the build's process group
        os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C in a terminal
    return os.getpid(), item


def test_workers_ignore_sigterm_as_they_ignore_ctrl_c(always_parallel):
    """The build's own process stops on both and stops its workers; a worker ended by SIGTERM
    failed the build as one that "stopped unexpectedly … perhaps for lack of memory"."""
    results = parallel.map_items(terminated_in_a_worker, range(200))
    assert [item for _, item in results] == list(range(200))
    assert {pid for pid, _ in results} - {os.getpid()}, "no worker ran a chunk"
    with parallel.beside(lambda: terminated_in_a_worker(7)) as result:
        there = result()
    assert there[1] == 7 and there[0] != os.getpid()  # not redone here after its process died


def exit_on_three(item: int) -> int:
    if item == 3:
        os._exit(3)
    return item


def test_a_worker_that_exits_is_reported_with_its_exit_code(always_parallel):
    message = failure_of(exit_on_three, range(100))
    assert "stopped unexpectedly (exit codes [" in message and "3]" in message, message
    assert "SIGKILL" not in message and "DIGEST_SITE_WORKERS=" in message


def test_digest_site_workers_caps_the_workers(always_parallel, monkeypatch):
    monkeypatch.setenv("DIGEST_SITE_WORKERS", "1")
    assert {pid for _, pid in parallel.map_items(square_in_worker, range(50))} == {os.getpid()}
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv("DIGEST_SITE_WORKERS", bad)
        with pytest.raises(DigestSiteError, match="DIGEST_SITE_WORKERS=.*expected a whole number"):
            parallel.map_items(square_in_worker, range(50))


def test_off_the_main_thread_the_plain_loop_runs(always_parallel):
    """``digest-site serve`` regenerates in a watcher thread: no fork beside the server's threads."""
    import threading

    found = []
    thread = threading.Thread(target=lambda: found.extend(parallel.map_items(square_in_worker, range(50))))
    thread.start()
    thread.join()
    assert {pid for _, pid in found} == {os.getpid()}


def _resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(parallel._malloc_trim is None, reason="not glibc: the C allocator keeps what is freed")
def test_memory_a_stage_freed_is_given_back_before_the_next():
    # Freed blocks between blocks still alive stay resident until trimmed: a stage's garbage
    # would otherwise be counted (and inherited by forked workers) for the rest of the build.
    blocks = [bytes(4000) + bytes([i % 256]) for i in range(50_000)]  # 200 MB of malloc'ed blocks
    kept = blocks[::64]
    del blocks
    before = _resident_bytes()
    parallel.release_freed_memory()
    given_back = before - _resident_bytes()
    assert len(kept) == 782
    assert given_back > 100 * 2**20, f"only {given_back / 2**20:.0f} MB of about 197 MB given back"


def test_digests_read_by_workers_are_the_digests_read_here(tmp_path, monkeypatch):
    # Large collections read their digest files in workers: the same papers, the same problems
    # (file:line), in the same order, and a broken file still stops the build.
    seed = (ROOT / "tests/data/seed-digest.txt").read_text(encoding="utf-8")
    digests = {"2024-01-01-a.txt": seed, "2024-01-02-b.jsonl": '{"title": "Only a title", "abstract": "An abstract."}\n{"title": ""}\n',
               "2024-01-03-c.csv": "title,abstract\nA CSV paper,Its abstract.\n", "2024-01-04-d.txt": seed[: len(seed) // 3]}
    folder = make_project(tmp_path / "p", digests) / "content/digests"
    read, map_items = [], parallel.map_items
    for threshold in (10**12, 0):  # the build's process alone, then workers
        monkeypatch.setattr(build, "READ_IN_WORKERS", threshold)
        workers = []
        monkeypatch.setattr(parallel, "map_items", lambda fn, items, min_items=None, real=map_items: (
            workers.append(parallel.worker_count(len(items), min_items)), real(fn, items, min_items))[1])
        report = build.BuildReport()
        read.append((build.read_digests(folder, report, True), report.problems, report.skipped))
        assert workers == [1] if threshold else len(workers) == 1 and workers[0] >= 2
    assert read[0] == read[1]
    assert [str(p) for p in read[1][2]] and all(":" in str(p) for p in read[1][2])
    with pytest.raises(InputError, match=r"2024-01-02-b.jsonl:2"):
        build.read_digests(folder, build.BuildReport(), False)


def pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value


def test_beside_computes_in_another_process_while_this_one_goes_on():
    with parallel.beside(lambda: pid_and(41)) as result:
        here = pid_and(1)
        there = result()
    assert there[1] == 41 and here[1] == 1
    assert there[0] != os.getpid()


def test_beside_raises_an_error_of_its_work_as_a_plain_call_raises_it():
    with pytest.raises(ValueError, match="bad item 7"):
        with parallel.beside(lambda: fail_on_seven(7)) as result:
            result()


def test_beside_redoes_here_the_work_of_a_killed_process(tmp_path):
    def work() -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer stops a process
        return 6 * 7

    parent = os.getpid()
    with parallel.beside(work) as result:
        assert result() == 42


def test_beside_stops_its_process_when_the_block_fails(tmp_path):
    started = tmp_path / "pid"

    def slow() -> int:
        started.write_text(str(os.getpid()))
        signal.pause()  # until killed
        return 0

    with pytest.raises(RuntimeError, match="render failed"):
        with parallel.beside(slow):
            while not started.exists() or not started.read_text():
                pass
            raise RuntimeError("render failed")
    with pytest.raises(ProcessLookupError):  # stopped and reaped: no process, not even a zombie
        os.kill(int(started.read_text()), 0)


def test_beside_runs_here_with_one_worker_allowed_and_forks_no_workers_of_its_own(always_parallel, monkeypatch):
    with parallel.beside(lambda: {pid for _, pid in parallel.map_items(square_in_worker, range(50))}) as result:
        pids = result()
    assert len(pids) == 1 and os.getpid() not in pids  # its own loop, in its own process
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")
    with parallel.beside(lambda: pid_and(0)) as result:
        assert result()[0] == os.getpid()


KILLED_BUILD = """
import os, sys, time
from pathlib import Path
from generator import parallel
from generator.lock import project_lock

def wait(item):
    os.write(1, f"{os.getpid()}\\n".encode())  # it has started (one write: the processes share the pipe)
    time.sleep(3600)

parallel.MIN_ITEMS = 1
with project_lock(Path(sys.argv[1])):
    parallel.map_items(wait, range(64))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_workers_of_a_killed_build_end_with_it_and_free_the_project_lock(tmp_path):
    """A build killed while its workers run (SIGKILL, or SIGTERM, as `kill` and CI send): they
    waited forever, holding the build lock they inherited, and every later build waited for them."""
    build = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(tmp_path)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    try:
        workers = {int(build.stdout.readline()) for _ in range(2)} - {build.pid}  # this process runs chunks too
    finally:
        build.kill()
        build.wait()
    assert workers
    signal.alarm(120)  # a hang fails the test: the lock was never freed
    try:
        with project_lock(tmp_path):
            pass
        while not all(map(ended, workers)):
            time.sleep(0.1)
    finally:
        signal.alarm(0)


def ended(pid: int) -> bool:
    """Whether process ``pid`` is gone or a zombie (a container's init may never reap it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] in "ZX"
    except FileNotFoundError:
        return True
