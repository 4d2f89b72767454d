"""Per-paper work spread over the machine's cores, with the same result as a plain loop.

Worker processes are forked once the inputs exist, so they inherit the collection instead of
receiving it: only chunk bounds go out, and each chunk's results come back in order. The build's
own process works too, on the chunks no worker has claimed yet (from the last), instead of
waiting: with N processes at work only N - 1 are forked, and a forked worker ends up with a
private copy of most of what it inherits (reading an object writes its reference count), about
a gigabyte at 100,000 papers. A chunk
that fails in a worker is run again here, so errors surface exactly as a plain loop raises them
(with their tracebacks, which name template lines). A worker that dies (killed for lack of
memory, say) fails the build with a message instead of leaving it waiting. Small inputs, one
core, and platforms without ``fork`` use the plain loop.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

from .errors import DigestSiteError

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 1000  # below this, starting workers costs more than they save
NEVER = sys.maxsize  # as map_items' min_items: the plain loop, whatever the count
WORKERS_VARIABLE = "DIGEST_SITE_WORKERS"  # caps the workers (memory): 1 runs everything in one process
CHUNKS_PER_WORKER = 16  # smaller chunks even out uneven papers; each costs one round trip
PROGRESS_EVERY = 100  # items between two progress reports of the plain loop

# Told (items done, items) as map_items goes, in this process; the CLI sets it on a terminal.
progress: Callable[[int, int], None] | None = None

_job: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # inherited by forked workers
_worker = False  # True in a worker process
_beside_child = False  # True in the process of beside(): it forks no workers of its own
_claims: tuple[Any, Any] | None = None  # per chunk, 1 once a process started it, and its lock: inherited
TAKEN = "taken"  # a worker's result for a chunk the build's own process claimed first
# Ctrl-C, and SIGTERM (`kill`, CI, container runtimes; the CLI stops on it as on Ctrl-C): both reach
# every process of the build when sent to its process group, and the build's own process handles them
STOPS = {signal.SIGINT, signal.SIGTERM}


def map_items(fn: Callable[[T], R], items: Sequence[T], min_items: int | None = None) -> list[R]:
    """``[fn(item) for item in items]``, computed by worker processes when that pays: from
    ``min_items`` items (MIN_ITEMS unless told; fewer for items that each take long).

    ``fn`` must be pure: it runs in another process, and its side effects stay there. It is
    inherited, never pickled, so it may be a closure over the collection.
    """
    workers = worker_count(len(items), min_items)
    if workers < 2:
        return _loop(fn, items)
    global _job
    _job = (fn, items)
    try:
        size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
        bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
        parts = _in_workers(workers, bounds, len(items))
    finally:
        _job = None
    results: list[R] = []
    for (start, stop), part in zip(bounds, parts):
        results += part if part is not None else [fn(item) for item in items[start:stop]]
    return results


def _loop(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    if progress is None:
        return [fn(item) for item in items]
    results = []
    for done, item in enumerate(items, 1):
        results.append(fn(item))
        if done % PROGRESS_EVERY == 0 or done == len(items):
            progress(done, len(items))
    return results


def worker_count(items: int, min_items: int | None = None) -> int:
    """Workers for ``items`` items: 1 (the plain loop) for small inputs, without ``fork``, off
    the main thread (``digest-site serve`` regenerates beside a server's threads, and a fork
    copies whatever locks those hold), and in a process of :func:`beside` (another core is the
    build's own process's)."""
    if (items < (MIN_ITEMS if min_items is None else min_items) or "fork" not in multiprocessing.get_all_start_methods()
            or threading.current_thread() is not threading.main_thread() or _beside_child):
        return 1
    return min(cores(), workers_allowed())


def cores() -> int:
    """The cores this process may run on, 8 at most (more gain little and cost memory)."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        count = os.cpu_count() or 1
    return min(count, 8)


def workers_allowed() -> int:
    """The most workers ``DIGEST_SITE_WORKERS`` allows (each holds a copy of what it touches:
    fewer use less memory; 1 runs everything in the build's own process)."""
    value = os.environ.get(WORKERS_VARIABLE, "").strip()
    if not value:
        return 8
    if not value.isdigit() or int(value) < 1:
        raise DigestSiteError(f"{WORKERS_VARIABLE}={value!r}: expected a whole number of worker processes, 1 or more")
    return int(value)


@contextmanager
def cycle_collection(on: bool) -> Iterator[None]:
    """Python's cycle collector on (or off) during the block, then as it was. Worker processes
    forked in the block inherit the setting."""
    enabled = gc.isenabled()
    _set_collection(on)
    try:
        yield
    finally:
        _set_collection(enabled)


def _set_collection(on: bool) -> None:
    if on:
        gc.enable()
    else:
        gc.disable()


def release_freed_memory() -> None:
    """Give the memory freed so far back to the system (glibc's ``malloc_trim``; nothing elsewhere).

    The stages free much of what they made (an earlier stage's matrices, a worker's results once
    merged), but the C allocator keeps freed pages resident for reuse: measured at 10,000 papers,
    the build's process held 459 MB at the render stage, 289 MB once trimmed. Called before
    workers are forked, and so at every stage that starts them."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def _libc_malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim") if name else None
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to give back this way
        return None


_malloc_trim = _libc_malloc_trim()


def _in_workers(workers: int, bounds: list[tuple[int, int]], total: int) -> list[list | None]:
    """Each chunk's results, from forked workers and this process. On any exception the chunks
    not started are dropped and the workers stopped."""
    global _claims
    release_freed_memory()
    context = multiprocessing.get_context("fork")
    _claims = (context.RawArray("b", len(bounds)), context.Lock())  # inherited by the workers
    executor = ProcessPoolExecutor(workers - 1, mp_context=context, initializer=_start_worker,
                                   initargs=(os.getpid(),))
    processes = vars(executor).get("_processes", {})  # the pool's own dict, filled as it forks: for exit codes
    gc.freeze()  # the workers' cycle collector skips what they inherit: it would write to, and so copy, all of it
    try:
        with _ctrl_c_deferred():  # raised during a fork, it would be lost in the interpreter's after-fork handlers
            futures = [executor.submit(_run_claimed, i, b) for i, b in enumerate(bounds)]  # the workers are forked here
        here = _chunks_here(futures, bounds, workers - 1)
        parts = []
        for i, (future, (_, stop)) in enumerate(zip(futures, bounds)):
            part = future.result()  # TAKEN, promptly, for the chunks run here
            parts.append(here[i] if i in here else part)
            if progress:
                progress(stop, total)
        return parts
    except BrokenProcessPool:
        ended = [process for process in list(processes.values()) if _ended(process)]
        for process in list(processes.values()):  # the pool stops the others by SIGTERM, which workers ignore:
            process.kill()  # one left writing a chunk's results that no one reads would hang the build
        executor.shutdown(wait=True)  # its thread reaps the workers; reaping them here too races it for their exit codes
        raise DigestSiteError(_stopped_message(ended, workers)) from None
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
        _claims = None


def _chunks_here(futures: list, bounds: list[tuple[int, int]], forked: int) -> dict[int, list | None]:
    """The chunks this process runs while the workers run theirs: from the last, each one no
    worker has claimed, until the workers reach it. The first ``forked`` chunks are always the
    workers'."""
    done: dict[int, list | None] = {}
    for i in reversed(range(forked, len(bounds))):
        with _ctrl_c_deferred():  # raised while the lock is held, the workers would wait for it forever
            if not _claim(i, futures[i]):
                break
        done[i] = _run_chunk(bounds[i])
    return done


def _claim(i: int, future: Future | None = None) -> bool:
    """Whether chunk ``i`` is this process's to run: the first process to claim a chunk runs it.
    (Cancelling a chunk's future instead breaks Python 3.11's pool if a worker then dies.) The
    build's own process stops waiting for the lock once the chunk's ``future`` is done: a worker
    has claimed it, or the pool has failed (a worker killed while holding the lock, say)."""
    flags, lock = _claims
    while not lock.acquire(timeout=None if future is None else 0.05):
        if future.done():
            return False
    try:
        first, flags[i] = not flags[i], 1
        return first
    finally:
        lock.release()


def _ended(process) -> bool:
    """Whether ``process`` has ended, without reaping it (the pool's thread does)."""
    return bool(multiprocessing.connection.wait([process.sentinel], timeout=0))


@contextmanager
def _ctrl_c_deferred() -> Iterator[None]:
    """Ctrl-C (or SIGTERM, see :data:`STOPS`) during the block is noted and delivered again once it is done."""
    handlers = {stop: signal.getsignal(stop) for stop in STOPS}
    handlers = {stop: handler for stop, handler in handlers.items() if handler is not None}  # None: not set from Python
    noted: list[int] = []
    for stop in handlers:
        signal.signal(stop, lambda signum, frame: noted.append(signum))
    try:
        yield
    finally:
        for stop, handler in handlers.items():
            signal.signal(stop, handler)
    if noted:
        signal.raise_signal(noted[0])


def _stopped_message(processes: list, workers: int) -> str:
    """Why the build failed when a worker died: SIGKILL is what the kernel's out-of-memory
    killer sends, so then the build ran out of memory, and fewer workers use less."""
    codes = {process.exitcode for process in processes} - {None, 0}  # all known: the pool has joined them
    fewer = (f"to use less memory, build with fewer worker processes: {WORKERS_VARIABLE}={max(1, workers // 2)} "
             f"digest-site build ({WORKERS_VARIABLE}=1 renders everything in one process)")
    if -signal.SIGKILL in codes:
        return ("a worker process of the build was killed (SIGKILL), which is how the system stops a process "
                f"when memory runs out: the build ran out of memory and nothing was changed; {fewer}")
    return (f"a worker process of the build stopped unexpectedly (exit codes {sorted(codes) or 'unknown'}; killed, "
            f"perhaps for lack of memory) and nothing was changed; {fewer}")


def in_worker() -> bool:
    """Whether this runs a chunk beside the workers (in a worker process, or in this one while
    they run theirs): its side effects, log messages say, must go back with its results."""
    return _worker


def _start_worker(parent: int) -> None:
    """Ctrl-C reaches every process of the terminal (and SIGTERM every process of a group it is
    sent to): the parent stops the workers and reports it; a worker ended by it was reported as
    one that stopped unexpectedly, perhaps for lack of memory."""
    global _worker
    _worker = True
    for stop in STOPS:
        signal.signal(stop, signal.SIG_IGN)
    _die_with_parent(parent)


PR_SET_PDEATHSIG = 1  # prctl's option: the signal a process gets when its parent ends (Linux)


def _die_with_parent(parent: int) -> None:
    """In a process forked by ``parent``: be killed when it ends. Else, once the build is
    killed (SIGKILL; SIGTERM, as ``kill`` and CI send) while they run, workers waited forever
    to hand in their results, holding a gigabyte at 100,000 papers and the project's build
    lock (:mod:`generator.lock`, which they inherit): every later build waited for them."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it ended before prctl: nothing would tell this process
        os._exit(1)


def _libc_prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL(None), "prctl")
    except (OSError, AttributeError):
        return None


_prctl = _libc_prctl()


def _run_claimed(i: int, bounds: tuple[int, int]) -> list | str | None:
    """In a worker: chunk ``i``'s results, or TAKEN if the build's own process claimed it first."""
    return _run_chunk(bounds) if _claim(i) else TAKEN


def _run_chunk(bounds: tuple[int, int]) -> list | None:
    global _worker
    fn, items = _job
    was, _worker = _worker, True
    try:
        return [fn(item) for item in items[bounds[0]:bounds[1]]]
    except Exception:  # redone by the parent as a plain loop, which raises it with its traceback
        return None
    finally:
        _worker = was


@contextmanager
def beside(fn: Callable[[], R], when: bool = True) -> Iterator[Callable[[], R]]:
    """``fn()`` computed in a forked process while the block runs; the block gets a function
    that waits for its result. A stage whose work is independent of the next ones (the search
    files of the render and export stages) thus runs on another core: a rebuild after a new
    digest keeps the build's own process busy nearly all the time and another core nearly idle.

    ``fn`` must be pure, as for :func:`map_items` (it is inherited, never pickled; its result is
    pickled back). Where the child fails or dies, ``fn()`` runs again here, so that errors
    surface as a plain call raises them. Without ``fork``, off the main thread, on one core or
    unless ``when``, ``fn()`` runs here when its result is asked for. A child still running when
    the block ends (an error, Ctrl-C) is stopped."""
    if not when or worker_count(NEVER) < 2:
        yield fn
        return
    release_freed_memory()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # else the child's exit could write their buffered text a second time
    read_end, write_end = os.pipe()
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)  # Ctrl-C waits until the fork is done
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: its result down the pipe, then exit, never back into the caller's code
        for stop in STOPS:
            signal.signal(stop, signal.SIG_IGN)  # the parent stops it
        _die_with_parent(parent)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(read_end)
        _run_beside(fn, write_end)
    reaped = False
    open_ends = [read_end, write_end]  # closed here, each once (a number closed twice may be another file's by then)

    def result() -> R:
        nonlocal reaped
        open_ends.remove(read_end)
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        reaped = True
        try:
            done, value = pickle.loads(data)
        except Exception:  # cut short: the child died (killed for memory, say)
            done = False
        return value if done else fn()

    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a Ctrl-C pressed meanwhile arrives here
        open_ends.remove(write_end)
        os.close(write_end)
        yield result
    finally:
        for end in open_ends:
            os.close(end)
        if not reaped:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _run_beside(fn: Callable[[], Any], write_end: int) -> None:
    global _worker, _beside_child, progress
    _worker, _beside_child, progress = True, True, None
    status = 1
    try:
        try:
            data = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # redone by the parent, which raises it with its traceback
            data = pickle.dumps((False, None))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)
