"""How often listing summaries open with boilerplate or lean on text the reader cannot see.

    python -m bench.summaries            # counts on the seed digest and the arXiv day
    python -m bench.summaries --examples # and the summaries that still match

The detectors here are deliberately independent of generator/summary.py's own patterns: they
are the openings and references the issue counted ("To address…", "In this paper…", "this gap")
plus the usual connectives, so that the summarizer is not graded by its own rules. Run it on two
versions of the summarizer to compare (e.g. before and after a change, with PYTHONPATH).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.readers import read_digest  # noqa: E402
from generator.summary import summarize  # noqa: E402

SOURCES = {"seed": ROOT / "tests/data/seed-digest.txt", "arXiv day": ROOT / "tests/data/arxiv-2023-09-21.csv"}
BOILERPLATE = re.compile(
    r"^(?:in this (?:paper|work|study|article|report)|here,? we|herein|to (?:this|that) end|"
    r"to (?:address|tackle|overcome|bridge|solve|mitigate|alleviate|fill|resolve|handle)\b|in response|"
    r"therefore|thus|hence|however|moreover|furthermore|additionally|consequently|motivated by)", re.IGNORECASE)
UNSEEN = re.compile(
    r"\b(?:this|these|those|such) (?:\w+ )?(?:gap|gaps|issue|issues|problem|problems|challenge|challenges|"
    r"limitation|limitations|shortcoming|shortcomings|drawback|drawbacks|question|questions|bottleneck|"
    r"difficulty|difficulties|end|observation|insight|setting)\b|^(?:it|they|these|this (?!paper|work|study|article))\b",
    re.IGNORECASE)


def abstracts(path: Path) -> list[str]:
    if path.suffix == ".csv":  # read_digest would also work; the CSV is read plainly to stay independent
        with path.open(encoding="utf-8", newline="") as handle:
            return [row["abstract"] for row in csv.DictReader(handle)]
    digest, _ = read_digest(path, display_path=path.name)
    return [entry.abstract for entry in digest.entries]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", action="store_true", help="print the summaries that still match")
    args = parser.parse_args()
    print("| data | papers | boilerplate opening | leans on unseen text |\n|---|---:|---:|---:|")
    for name, path in SOURCES.items():
        summaries = [summarize(a) for a in abstracts(path) if a.strip()]
        opening = [s for s in summaries if BOILERPLATE.search(s)]
        unseen = [s for s in summaries if UNSEEN.search(s)]
        print(f"| {name} | {len(summaries)} | {len(opening)} | {len(unseen)} |")
        if args.examples:
            for s in opening + unseen:
                print("   ", s[:160])


if __name__ == "__main__":
    main()
