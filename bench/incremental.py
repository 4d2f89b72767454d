"""Incremental builds against full builds, measured in the same run.

    python -m bench.incremental                  # 1,000 and 10,000 papers
    python -m bench.incremental --sizes 1000     # one size

For each size N, in a synthetic project (``bench/synth.py``), each build in a fresh process:

1. a full build of N papers (``--full``): it also fills the build cache;
2. a rebuild with nothing changed;
3. a new 50-paper digest, then an incremental rebuild;
4. a full build (``--full``) of the same N + 50 papers: the baseline of step 3;
5. the incremental site compared with the full one, file by file (they must be identical).

Ratios are to the full build of the same content in the same run. The machine may be shared:
compare ratios, not seconds, and repeat (``--repeat``) to see the spread.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import synth

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench/results/incremental"
NEW_PAPERS = 50


def new_digest(folder: Path, n: int) -> None:
    """A digest of 50 papers the collection has not seen, dated the day after its last."""
    last = max(p.name[:10] for p in (folder / "content/digests").iterdir())
    date = (datetime.date.fromisoformat(last) + datetime.timedelta(days=1)).isoformat()
    maker = synth.Synth(seed=n + 1)
    records = [maker.paper(n + i, date) for i in range(NEW_PAPERS)]
    lines = (json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records)
    (folder / f"content/digests/{date}-new.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed_build(root: Path, site: str, full: bool) -> dict:
    """One build in a fresh process; wall and per-stage times measured inside it, after imports."""
    code = ("import json, sys, time; from pathlib import Path; from generator.build import build, BuildReport;"
            "from generator.config import load_project; import mkdocs.commands.build;"
            "p = load_project(Path(sys.argv[1]), site_dir=Path(sys.argv[2])); t = time.perf_counter();"
            "r = build(p, full=sys.argv[3] == '1', report=BuildReport());"
            "print(json.dumps({'wall': time.perf_counter() - t, 'stages': r.timings}))")
    done = subprocess.run([sys.executable, "-c", code, str(root), str(root / site), "1" if full else "0"],
                          cwd=REPO, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"bench: build of {root} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def tree(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def measure(n: int, log=print) -> dict:
    root = synth.make_project(WORK / f"n{n}", n)
    shutil.rmtree(root / ".digest-site", ignore_errors=True)
    first = timed_build(root, "site", full=True)
    log(f"[{n:,}] full build {first['wall']:.1f} s")
    unchanged = timed_build(root, "site", full=False)
    log(f"[{n:,}] rebuild, nothing changed {unchanged['wall']:.1f} s")
    new_digest(root, n)
    incremental = timed_build(root, "site", full=False)
    log(f"[{n:,}] rebuild after a {NEW_PAPERS}-paper digest {incremental['wall']:.1f} s")
    full = timed_build(root, "site-full", full=True)
    log(f"[{n:,}] full build of the same {n + NEW_PAPERS:,} papers {full['wall']:.1f} s")
    return {"n": n, "first_full": first, "unchanged": unchanged, "incremental": incremental, "full": full,
            "identical": tree(root / "site") == tree(root / "site-full")}


def table(results: list[dict]) -> str:
    rows = ["| papers | full build | nothing changed | + 50-paper digest | full build, same papers | "
            "nothing changed / full | + digest / full | identical to full |",
            "|---:|---:|---:|---:|---:|---:|---:|:---:|"]
    for r in results:
        full, unchanged, inc = r["full"]["wall"], r["unchanged"]["wall"], r["incremental"]["wall"]
        rows.append(f"| {r['n']:,} | {r['first_full']['wall']:.1f} s | {unchanged:.1f} s | {inc:.1f} s | {full:.1f} s | "
                    f"{unchanged / full:.1%} | {inc / full:.1%} | {'yes' if r['identical'] else 'NO'} |")
    stages = sorted({s for r in results for s in r["incremental"]["stages"]}, key=list(results[0]["full"]["stages"]).index)
    rows += ["", "| stage (seconds) | " + " | ".join(f"{r['n']:,} incremental | {r['n']:,} full" for r in results) + " |",
             "|---|" + "---:|" * (2 * len(results))]
    for stage in stages:
        cells = " | ".join(f"{r['incremental']['stages'].get(stage, 0):.2f} | {r['full']['stages'].get(stage, 0):.2f}"
                           for r in results)
        rows.append(f"| {stage} | {cells} |")
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated paper counts")
    parser.add_argument("--repeat", type=int, default=1, help="measure each size this many times")
    args = parser.parse_args(argv)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    results = [measure(int(n)) for _ in range(args.repeat) for n in args.sizes.split(",")]
    text = f"Incremental builds, measured {started} (shared machine: compare the ratios)\n\n" + table(results)
    print(text)
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK.parent / "incremental.md").write_text(text, encoding="utf-8")
    (WORK.parent / "incremental.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0 if all(r["identical"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
