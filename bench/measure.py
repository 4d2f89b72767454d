"""One measured build, run in a fresh process so its peak memory is its own.

    python -m bench.measure full PROJECT OUT.json [--profile OUT.pstats]
    python -m bench.measure bare PROJECT OUT.json

``full`` runs ``generator.build.build`` (every generator stage, the docs folder write and the
MkDocs render, exactly as ``digest-site build`` does); ``bare`` runs MkDocs alone on a project.
Both write wall time (after imports), peak RSS and, for ``full``, each stage's time, the
highest RSS seen while it ran, and the peak RSS and CPU time of the worker processes the build
started (the search index is built in one beside the page rendering).
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import threading
import time
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss(pid: int | str = "self") -> int:
    """Resident set size of a process (this one by default), in bytes; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def children_rss() -> int:
    """RSS of the processes this process's main thread started and that still run."""
    try:
        with open(f"/proc/self/task/{os.getpid()}/children", "rb") as handle:
            return sum(rss(int(pid)) for pid in handle.read().split())
    except OSError:
        return 0


def peak_rss() -> int:
    """Peak RSS of this process. (Not used for workers: a child's ru_maxrss counts the parent's
    pages it shared before exec, so workers are sampled from /proc instead.)"""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def children_cpu() -> float:
    """CPU seconds of the worker processes the build started and reaped (the search index)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class StageMemory:
    """The highest RSS seen during each stage (sampled every ``interval`` s and at each stage
    start) and the CPU time of each stage (CPU time is what the machine's other load disturbs least)."""

    def __init__(self, interval: float = 0.01):
        self.stage = "setup"
        self.peaks: dict[str, int] = {}
        self.cpu: dict[str, float] = {}
        self._cpu_mark = time.process_time()
        self.combined = 0  # the highest RSS of this process and its workers together
        self.workers = 0  # the highest RSS of its workers
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> StageMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.enter("done")

    def enter(self, stage: str) -> None:
        self.sample()
        now = time.process_time()
        self.cpu[self.stage] = self.cpu.get(self.stage, 0.0) + now - self._cpu_mark
        self.stage, self._cpu_mark = stage, now
        self.sample()

    def sample(self) -> None:
        own, workers = rss(), children_rss()
        self.peaks[self.stage] = max(self.peaks.get(self.stage, 0), own)
        self.combined = max(self.combined, own + workers)
        self.workers = max(self.workers, workers)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()


def full(root: Path, profile: Path | None) -> dict:
    started = time.perf_counter()
    from generator.build import BuildReport, build
    from generator.config import load_project
    import mkdocs.commands.build, mkdocs.config  # noqa: F401,E401  imported before the clock, as in bare()

    imports = time.perf_counter() - started
    project = load_project(root)
    before = rss()
    with StageMemory() as memory:
        report = BuildReport(announce=memory.enter)
        memory.enter("setup")
        start, cpu = time.perf_counter(), time.process_time()
        if profile:
            import cProfile

            with cProfile.Profile() as prof:
                build(project, report=report)
            prof.dump_stats(profile)
        else:
            build(project, report=report)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"wall": wall, "cpu": cpu, "stage_cpu": memory.cpu, "imports": imports, "rss_before": before, "peak_rss": peak_rss(),
            "worker_peak_rss": memory.workers, "worker_cpu": children_cpu(),
            "combined_peak_rss": max(memory.combined, peak_rss()),
            "timings": report.timings, "stage_peak_rss": memory.peaks, "papers": report.papers,
            "digests": report.digests, "topics": report.topics, "problems": len(report.problems),
            "topics_suggested": report.topics_suggested}


def bare(root: Path) -> dict:
    started = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    imports = time.perf_counter() - started
    before = rss()
    start, cpu = time.perf_counter(), time.process_time()
    build(load_config(str(root / "mkdocs.yml")))
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"wall": wall, "cpu": cpu, "imports": imports, "rss_before": before, "peak_rss": peak_rss()}


def main(argv: list[str]) -> None:
    mode, root, out = argv[0], Path(argv[1]).resolve(), Path(argv[2]).resolve()
    profile = Path(argv[argv.index("--profile") + 1]).resolve() if "--profile" in argv else None
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    os.chdir(root)  # as a user runs `digest-site build` in the project folder
    result = full(root, profile) if mode == "full" else bare(root)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
