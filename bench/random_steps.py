"""Random changes to a synthetic project, each followed by an incremental build that must equal a
full build of the same inputs, byte for byte.

    python -m bench.random_steps --seed 11 --steps 8 --papers 1500
    python -m bench.random_steps --seed 12 --steps 8 --papers 1200 --no-topics   # topics suggested

The project (``bench/synth.py``) is built once; then each step makes one change, chosen at random:
a digest of new papers; a digest of newer texts of known papers (five of an earlier digest, their
abstracts lengthened); a digest that mixes 30 new papers with 20 known ones; an earlier digest
removed; a keyword added to a topic of ``topics.yml`` (not with ``--no-topics``, which deletes it).
After each change the project is built incrementally, a copy of its inputs is built with
``--full``, and their ``site/`` and ``build/docs`` are compared file by file; the first difference
stops the run with the files that differ. Each build is a ``digest-site build`` in a process of
its own, run in the project's folder as a user runs it. The same seed gives the same steps.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

from bench import incremental, synth

WORK = synth.REPO / "bench/results/random-steps"
KEYWORDS = ("robustness", "distribution shift", "benchmark suite", "sample efficiency", "world model")
CLI = "import sys; from generator.cli import run; sys.exit(run(sys.argv[1:]))"


def build(folder: Path, full: bool) -> None:
    done = subprocess.run([sys.executable, "-c", CLI, "build", *(["--full"] if full else [])], cwd=folder,
                          capture_output=True, text=True)
    if done.returncode or not (folder / "site/index.html").is_file():
        sys.exit(f"random_steps: the build in {folder} failed:\n{done.stderr[-3000:]}")


def files(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), encoding="utf-8")


def next_day(root: Path) -> str:
    last = max(path.name[:10] for path in (root / "content/digests").iterdir())
    return (datetime.date.fromisoformat(last) + datetime.timedelta(days=1)).isoformat()


def change(root: Path, rng: random.Random, kind: str, made: int) -> None:
    digests = sorted((root / "content/digests").glob("*.jsonl"))
    if kind == "new":
        incremental.new_digest(root, made)
    elif kind == "edit":  # newer texts of known papers: the newer record wins
        day = next_day(root)
        chosen = records(rng.choice(digests))
        picked = rng.sample(chosen, min(5, len(chosen)))
        for row in picked:
            row["abstract"] += " We also study robustness under distribution shift."
            if "date" in row:
                row["date"] = day
        write(root / f"content/digests/{day}-edit.jsonl", picked)
    elif kind == "mix":  # known papers beside new ones
        chosen = records(rng.choice(digests))
        known = rng.sample(chosen, min(20, len(chosen)))
        incremental.new_digest(root, made)
        newest = max((root / "content/digests").glob("*-new.jsonl"))
        write(newest, records(newest)[:30] + known)
    elif kind == "remove" and len(digests) > 1:
        rng.choice(digests[:-1]).unlink()
    elif kind == "topics":
        path = root / "content/topics.yml"
        lines = path.read_text(encoding="utf-8").splitlines()
        at = rng.choice([i for i, line in enumerate(lines) if line.strip().startswith("keywords: [")])
        word = rng.choice(KEYWORDS)
        if word not in lines[at]:
            lines[at] = lines[at].replace("keywords: [", f"keywords: [{word}, ", 1)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--papers", type=int, default=1500)
    parser.add_argument("--no-topics", action="store_true", help="delete topics.yml: the topics are suggested")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    root = synth.make_project(WORK / f"seed{args.seed}", args.papers, seed=args.seed)
    kinds = ["new", "new", "edit", "mix", "remove"]
    if args.no_topics:
        (root / "content/topics.yml").unlink()
    else:
        kinds.append("topics")
    build(root, full=False)
    made = args.papers
    for step in range(args.steps):
        kind = rng.choice(kinds)
        change(root, rng, kind, made + rng.randrange(10**6))
        build(root, full=False)
        apart = root.with_name(root.name + "-full")
        shutil.rmtree(apart, ignore_errors=True)
        shutil.copytree(root, apart, ignore=lambda folder, names: [
            name for name in names if Path(folder) == root and (name.startswith(".") or name in ("build", "site"))])
        build(apart, full=True)
        differ = sorted({path for sub in ("site", "build/docs")
                         for path in _differ(files(root / sub), files(apart / sub), sub)})
        print(f"seed {args.seed}, step {step + 1} of {args.steps}, {kind}: "
              f"{'identical' if not differ else 'DIFFERENT'}", flush=True)
        if differ:
            print("\n".join(differ[:20]))
            return 1
    return 0


def _differ(ours: dict[str, str], full: dict[str, str], sub: str) -> list[str]:
    return [f"{sub}/{path}" for path in ours.keys() | full.keys() if ours.get(path) != full.get(path)]


if __name__ == "__main__":
    sys.exit(main())
