"""One measured build, run in a fresh process so its peak memory is its own.

    python -m bench.measure full PROJECT OUT.json [--profile OUT.pstats]
    python -m bench.measure bare PROJECT OUT.json
    python -m bench.measure mkdocs PROJECT OUT.json   # MkDocs alone on a built project's docs

``full`` runs ``generator.build.build`` (every generator stage, the docs folder write and the
MkDocs render, exactly as ``digest-site build`` does); ``bare`` runs MkDocs alone on a project.
Both write wall time (after imports), peak RSS and, for ``full``, each stage's time, the
highest RSS seen while it ran, its CPU time (workers included), and the peak memory of the build
and its workers together (forked workers counted by PSS, so shared pages count once).
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


def children() -> list[int]:
    """The processes this process's main thread started and that still run."""
    try:
        with open(f"/proc/self/task/{os.getpid()}/children", "rb") as handle:
            return [int(pid) for pid in handle.read().split()]
    except OSError:
        return []


def pss(pid: int | str = "self") -> int:
    """Proportional set size: a page shared by k processes counts 1/k in each, so the build and
    its forked workers (which share its pages until written) add up to the real total. Costly to
    read, so sampled only while there are workers."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def peak_rss() -> int:
    """Peak RSS of this process. (Not used for workers: a child's ru_maxrss counts the parent's
    pages it shared before exec, so workers are sampled from /proc instead.)"""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def children_cpu() -> float:
    """CPU seconds of the worker processes this process started and reaped."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class StageMemory:
    """The highest RSS seen during each stage (sampled every ``interval`` s and at each stage
    start), the highest memory of the build and its workers together, and the CPU time of each
    stage: this process's, plus that of the workers reaped during the stage. CPU time is what the
    machine's other load disturbs least."""

    def __init__(self, interval: float = 0.01, pss_interval: float = 0.2):
        self.stage = "setup"
        self.peaks: dict[str, int] = {}
        self.cpu: dict[str, float] = {}
        self._cpu_mark = time.process_time()
        self._children_mark = children_cpu()
        self.combined = 0  # the highest memory of this process and its workers together
        self.combined_by_stage: dict[str, int] = {}  # the same, during each stage
        self.interval, self.pss_interval = interval, pss_interval
        self._last_pss = 0.0
        self._lock = threading.Lock()
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
        now, reaped = time.process_time(), children_cpu()
        self.cpu[self.stage] = self.cpu.get(self.stage, 0.0) + now - self._cpu_mark + reaped - self._children_mark
        self.stage, self._cpu_mark, self._children_mark = stage, now, reaped
        self.sample()

    def sample(self) -> None:
        with self._lock:
            own, pids = rss(), children()
            self.peaks[self.stage] = max(self.peaks.get(self.stage, 0), own)
            if not pids:
                together = own
            elif time.perf_counter() - self._last_pss >= self.pss_interval:
                self._last_pss = time.perf_counter()
                together = pss() + sum(pss(pid) for pid in pids)
            else:
                return
            self.combined = max(self.combined, together)
            self.combined_by_stage[self.stage] = max(self.combined_by_stage.get(self.stage, 0), together)

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
        start, cpu = time.perf_counter(), time.process_time() + children_cpu()
        if profile:
            import cProfile

            with cProfile.Profile() as prof:
                build(project, report=report)
            prof.dump_stats(profile)
        else:
            build(project, report=report)
        wall, cpu = time.perf_counter() - start, time.process_time() + children_cpu() - cpu
    return {"wall": wall, "cpu": cpu, "stage_cpu": memory.cpu, "imports": imports, "rss_before": before, "peak_rss": peak_rss(),
            "combined_peak_rss": max(memory.combined, peak_rss()),
            "timings": report.timings, "stage_peak_rss": memory.peaks, "stage_peak_combined": memory.combined_by_stage, "papers": report.papers,
            "digests": report.digests, "topics": report.topics, "problems": len(report.problems),
            "topics_suggested": report.topics_suggested}


def bare(root: Path, site_dir: str | None = None) -> dict:
    """MkDocs alone on a project: the bare baseline, or (``site_dir`` given) the full project's
    generated docs rendered again without the generator, into ``site_dir``."""
    started = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    imports = time.perf_counter() - started
    before = rss()
    start, cpu = time.perf_counter(), time.process_time()
    build(load_config(str(root / "mkdocs.yml"), **({"site_dir": site_dir} if site_dir else {})))
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"wall": wall, "cpu": cpu, "imports": imports, "rss_before": before, "peak_rss": peak_rss()}


def main(argv: list[str]) -> None:
    mode, root, out = argv[0], Path(argv[1]).resolve(), Path(argv[2]).resolve()
    profile = Path(argv[argv.index("--profile") + 1]).resolve() if "--profile" in argv else None
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    os.chdir(root)  # as a user runs `digest-site build` in the project folder
    if mode == "full":
        result = full(root, profile)
    else:
        result = bare(root, str(out.with_suffix(".site")) if mode == "mkdocs" else None)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
