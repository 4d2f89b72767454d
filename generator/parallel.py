"""Per-paper work spread over the machine's cores, with the same result as a plain loop.

Worker processes are forked once the inputs exist, so they inherit the collection instead of
receiving it: only chunk bounds go out, and each chunk's results come back in order. A chunk
that fails in a worker is run again here, so errors surface exactly as a plain loop raises them
(with their tracebacks, which name template lines). Small inputs, one core, and platforms
without ``fork`` use the plain loop.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 1000  # below this, starting workers costs more than they save
CHUNKS_PER_WORKER = 16  # smaller chunks even out uneven papers; each costs one round trip

_job: tuple[Callable[[Any, Any], Any], Sequence[Any], Any] | None = None  # inherited by forked workers


def map_items(fn: Callable[[T, Any], R], items: Sequence[T], shared: Any = None) -> list[R]:
    """``[fn(item, shared) for item in items]``, computed by worker processes when that pays.

    ``fn`` must be pure: it runs in another process, and its side effects stay there.
    """
    workers = worker_count(len(items))
    if workers < 2:
        return [fn(item, shared) for item in items]
    global _job
    _job = (fn, items, shared)
    try:
        size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
        bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
        with _pool(workers) as pool:
            parts = pool.map(_run_chunk, bounds, chunksize=1)
    finally:
        _job = None
    results: list[R] = []
    for (start, stop), part in zip(bounds, parts):
        results += part if part is not None else [fn(item, shared) for item in items[start:stop]]
    return results


def worker_count(items: int) -> int:
    if items < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return min(cores, 8)


@contextmanager
def _pool(workers: int) -> Iterator[multiprocessing.pool.Pool]:
    """Forked workers, stopped on leaving. A Ctrl-C while they are forked is noted and raised
    once they are: raised during the fork, it would be lost in the interpreter's after-fork handlers."""
    noted: list[int] = []
    main = threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is not None
    previous = signal.signal(signal.SIGINT, lambda signum, frame: noted.append(signum)) if main else None
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_ctrl_c)
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
    with pool:
        if noted:
            raise KeyboardInterrupt
        yield pool


def _ignore_ctrl_c() -> None:
    """Ctrl-C reaches every process of the terminal: the parent stops the workers and reports it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_chunk(bounds: tuple[int, int]) -> list | None:
    fn, items, shared = _job
    try:
        return [fn(item, shared) for item in items[bounds[0]:bounds[1]]]
    except Exception:  # redone by the parent, which raises it with its traceback
        return None
