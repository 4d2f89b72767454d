"""Reading one digest file of N papers: one-file JSON (one line, and indented) against JSONL.

    python -m bench.read                 # 10,000 papers
    python -m bench.read --papers 3000

The same synthetic papers (``bench/synth.py``) are written as JSONL (one object a line, the
baseline), as a JSON list on one line and as an indented JSON list; ``read_digest`` (what
``digest-site check`` and the build's read stage run) reads each. The fastest of ``--repeat``
runs is kept; the table gives each format's time and its ratio to JSONL read in the same run.
A reader that rescans the text for every record's line number is quadratic: its ratio grows
with N (issue 10 measured 60× at 3,000 papers and about 1,000× at 10,000).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench import synth
from generator.readers import read_digest

WORK = synth.REPO / "bench/results/work/read"
TARGET_RATIO = 3.0  # one-file JSON parses each record twice (json.loads, then raw_decode for its line)


def files(n: int) -> dict[str, Path]:
    records = [r for rs in synth.digests(n).values() for r in rs][:n]
    WORK.mkdir(parents=True, exist_ok=True)
    texts = {
        "JSONL (baseline)": ("papers.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"),
        "JSON, one line": ("papers-line.json", json.dumps(records, ensure_ascii=False)),
        "JSON, indented": ("papers-indented.json", json.dumps(records, ensure_ascii=False, indent=2)),
    }
    out = {}
    for label, (name, text) in texts.items():
        (WORK / name).write_text(text, encoding="utf-8")
        out[label] = WORK / name
    return out


def fastest(path: Path, repeat: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        digest, _ = read_digest(path)
        times.append(time.perf_counter() - start)
        count = len(digest.entries)
    return min(times), count


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--papers", type=int, default=10_000)
    args.add_argument("--repeat", type=int, default=3)
    options = args.parse_args()
    rows, baseline = [], None
    for label, path in files(options.papers).items():
        seconds, count = fastest(path, options.repeat)
        baseline = baseline or seconds
        rows.append(f"| {label} | {count:,} | {seconds:.2f} s | {seconds / baseline:.2f} |")
    print(f"Reading one digest of {options.papers:,} papers (fastest of {options.repeat}; target: JSON ≤ "
          f"{TARGET_RATIO}× JSONL)\n\n| format | papers read | time | / JSONL |\n|---|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
