"""Malformed digests: every reader fed mutants of the real exports in ``tests/data/sources``.

    python -m bench.fuzz                      # 5,000 mutants, seed 1
    python -m bench.fuzz --count 20000 --seed 7

Each mutant is a fixture with one to five random edits, the kinds a file meets between an export
and a build: cut short, bytes inserted, a line dropped, doubled or moved, a NUL, a BOM in the
middle, line ends turned to CR, a quote, bracket, brace, backslash, ampersand, ``@`` or tab put
in. It keeps its fixture's name (so it goes to that format's reader) and is read by
:func:`generator.readers.read_digest`, as ``digest-site check`` and the build read a digest. The
promise checked: a digest gives papers and problems (errors among them for what the build
refuses), every problem naming the file, never an exception but :class:`InputError` and never a
hang (10 s a file). Deterministic: the same
seed gives the same mutants. ``tests/test_bad_input.py`` runs a few thousand in CI.
"""

from __future__ import annotations

import argparse
import collections
import random
import signal
import sys
import tempfile
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.errors import InputError  # noqa: E402
from generator.readers import read_digest  # noqa: E402

SOURCES = ROOT / "tests" / "data" / "sources"
PUNCTUATION = (b'"', b"<", b"{", b"}", b"[", b"\\", b"&", b"@", b",", b"\t", b"%")
TIMEOUT = 10  # seconds a mutant may take to read (the fixtures are a few KB)


def mutants(seed: int, count: int, sources: list[Path]) -> Iterator[tuple[Path, bytes, str]]:
    """``count`` mutants of ``sources``: (the fixture, its mutated bytes, the edits made)."""
    rng = random.Random(seed)
    texts = {path: path.read_bytes() for path in sources}
    for _ in range(count):
        path = rng.choice(sources)
        data, kinds = texts[path], []
        for _ in range(rng.randrange(1, 6)):
            data, kind = mutate(rng, data)
            kinds.append(kind)
        yield path, data, "+".join(kinds)


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """One random edit of ``data`` and its name."""
    at = rng.randrange(len(data) + 1)
    lines = data.split(b"\n")
    line = rng.randrange(len(lines))
    kind = rng.choice(("cut", "bytes", "drop", "move", "double", "nul", "cr", "punctuation", "bom"))
    if kind == "cut":
        return data[:at], kind
    if kind == "bytes":
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8))) + data[at:], kind
    if kind == "drop":
        return b"\n".join(lines[:line] + lines[line + 1:]), kind
    if kind == "move":
        other = rng.randrange(len(lines))
        lines[line], lines[other] = lines[other], lines[line]
        return b"\n".join(lines), kind
    if kind == "double":
        return b"\n".join(lines[:line + 1] + lines[line:]), kind
    if kind == "nul":
        return data[:at] + b"\x00" + data[at:], kind
    if kind == "cr":
        return data.replace(b"\n", b"\r"), kind
    if kind == "punctuation":
        return data[:at] + rng.choice(PUNCTUATION) + data[at:], kind
    return data[:at] + "\ufeff".encode() + data[at:], kind


@dataclass
class Outcome:
    read: int = 0  # mutants read without an error (warnings maybe)
    papers: int = 0  # the papers they gave
    refused: int = 0  # mutants with errors (what the build refuses, or skips with --skip-invalid)
    failures: list = None  # (fixture, edits, what went wrong)

    def __post_init__(self):
        self.failures = self.failures or []


def run(seed: int, count: int, folder: Path, sources: list[Path] | None = None) -> Outcome:
    """Read ``count`` mutants (written in ``folder``) and sort out what happened."""
    outcome = Outcome()
    signal.signal(signal.SIGALRM, _timed_out)
    for source, data, kinds in mutants(seed, count, sources or sorted(SOURCES.iterdir())):
        path = folder / source.name
        path.write_bytes(data)
        signal.alarm(TIMEOUT)
        try:
            digest, problems = read_digest(path, display_path=str(path))
            if any(p.is_error for p in problems):
                outcome.refused += 1
            else:
                outcome.read += 1
                outcome.papers += len(digest.entries)
            unnamed = [p for p in problems if p.path != str(path)]
        except InputError as error:
            outcome.refused += 1
            unnamed = [p for p in error.problems if p.path != str(path)]
        except Exception as error:  # noqa: BLE001 - what the promise rules out
            where = traceback.extract_tb(error.__traceback__)[-1]
            unnamed = []
            outcome.failures.append((source.name, kinds, f"{type(error).__name__} at "
                                     f"{Path(where.filename).name}:{where.lineno}: {str(error)[:200]}"))
        finally:
            signal.alarm(0)
        if unnamed:
            outcome.failures.append((source.name, kinds, f"a problem names another file: {unnamed[0]}"))
    return outcome


def _timed_out(*_) -> None:
    raise TimeoutError(f"read for over {TIMEOUT} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=5000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        outcome = run(args.seed, args.count, Path(folder))
    kinds = collections.Counter(why.split(":")[0] for _, _, why in outcome.failures)
    print(f"{args.count:,} mutants of {len(list(SOURCES.iterdir()))} fixtures (seed {args.seed}): "
          f"{outcome.read:,} read ({outcome.papers:,} papers), {outcome.refused:,} with errors, "
          f"{len(outcome.failures)} failures {dict(kinds)}")
    for name, edits, why in outcome.failures[:20]:
        print(f"  {name} ({edits}): {why}")
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
