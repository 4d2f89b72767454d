"""Scale: the full build at large sizes, stage by stage per paper, and what takes the site's space.

    python -m bench.scale                        # 10,000, 30,000 and 100,000 papers (long)
    python -m bench.scale --sizes 2000,6000      # any sizes
    python -m bench.scale --sizes 10000 --arxiv 1    # every paper arXiv-style (id, authors, categories)

Each size is a synthetic project (``bench/synth.py``) built by ``generator.build.build`` in a
fresh process (``bench/measure.py``, the same measurement as ``bench.run``'s full build: stage
timings, CPU with the workers', peak memory of the build and its workers by PSS). No baselines
are built (``bench.run`` compares with MkDocs' own cost): at 100,000 papers each would take as
long as the build. The load average is recorded before and after each build, since the machine
may be shared. Per-paper ratios between sizes come from one run. The table goes to stdout and
``bench/results/scale.md``, the raw numbers to ``bench/results/scale.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from bench import run, synth

SIZES = (10_000, 30_000, 100_000)
TARGETS = {"minutes": 10, "memory_gb": 3, "site_gb": 1}
# What takes the space, by the first matching prefix of a file's path in the site (.bib and
# .bib.gz files apart: they are a part of their own wherever they are).
BIBTEX = "BibTeX files (papers.bib, per topic and digest)"
PARTS = (
    ("paper pages", ("papers/",)),
    ("topic listings", ("topics/",)),
    ("digest listings, archive, home", ("digests/", "archive/", "index.html")),
    ("search (index, result documents, page)", ("search/", "assets/digest-site/search/", "assets/digest-site/search-")),
    ("exports (papers.json or its parts)", ("papers.json", "papers-index.json", "export/")),
    (BIBTEX, ()),
    ("feeds", ("feeds/", "feed.xml", "rss.xml")),
    ("sitemap", ("sitemap.xml",)),
    ("theme, scripts, other", ("",)),
)


def site_parts(site: Path) -> dict[str, list[int]]:
    """Bytes and files of each part of the site."""
    parts = {name: [0, 0] for name, _ in PARTS}
    for path in site.rglob("*"):
        if path.is_file():
            relative = path.relative_to(site).as_posix()
            name = BIBTEX if relative.endswith((".bib", ".bib.gz")) else next(
                name for name, prefixes in PARTS if prefixes and relative.startswith(prefixes))
            parts[name][0] += path.stat().st_size
            parts[name][1] += 1
    return parts


def measure(n: int, log, arxiv: float | None = None) -> dict:
    """One size; ``arxiv``: the share of arXiv-style papers (default: synth.ARXIV_STYLE)."""
    if arxiv is not None:
        synth.ARXIV_STYLE = arxiv
    root = synth.make_project(run.WORK / (f"scale-n{n}" if arxiv is None else f"scale-n{n}-arxiv{arxiv:g}"), n)
    for folder in ("site", "build", ".digest-site"):  # a cold build: no earlier build's cache either
        shutil.rmtree(root / folder, ignore_errors=True)
    load_before = os.getloadavg()
    full = run.child("full", root, run.WORK / f"{root.name}.json")
    load_after = os.getloadavg()
    log(f"[{n:,}] full build {full['wall']:.1f} s, load average {load_before[0]:.1f} → {load_after[0]:.1f}")
    return {"n": n, "arxiv": synth.ARXIV_STYLE, "full": full, "load": [load_before, load_after],
            "site": run.site_stats(root / "site"), "parts": site_parts(root / "site")}


def stage_table(rows: list[dict]) -> str:
    header = ["stage: ms per paper (wall · CPU with workers)"] + [f"{r['n']:,} papers" for r in rows]
    header += [f"wall per paper {a['n'] // 1000}k→{b['n'] // 1000}k" for a, b in zip(rows, rows[1:])]
    out = []
    for stage in (*run.GENERATOR_STAGES, "mkdocs"):
        wall = [r["full"]["timings"].get(stage, 0.0) / r["n"] for r in rows]
        cpu = [r["full"]["stage_cpu"].get(stage, 0.0) / r["n"] for r in rows]
        out.append([run.LABELS[stage]] + [f"{w * 1000:.2f} · {c * 1000:.2f}" for w, c in zip(wall, cpu)]
                   + [f"×{b / a:.2f}" if a else "" for a, b in zip(wall, wall[1:])])
    totals = [r["full"]["wall"] / r["n"] for r in rows]
    out.append(["**full build**"] + [f"**{t * 1000:.2f} · {r['full']['cpu'] / r['n'] * 1000:.2f}**"
                                     for t, r in zip(totals, rows)]
               + [f"**×{b / a:.2f}**" for a, b in zip(totals, totals[1:])])
    return run.table(header, out)


def totals_table(rows: list[dict]) -> str:
    header = ["measure"] + [f"{r['n']:,} papers" for r in rows]
    out = [
        ["full build, wall (CPU with workers)"] + [f"{run.seconds(r['full']['wall'])} ({run.seconds(r['full']['cpu'])})"
                                                   for r in rows],
        ["load average (1 min) before → after"] + [f"{r['load'][0][0]:.1f} → {r['load'][1][0]:.1f}" for r in rows],
        ["peak memory, build and workers (PSS)"] + [run.mb(r["full"]["combined_peak_rss"]) for r in rows],
        ["peak RSS of the build process"] + [run.mb(r["full"]["peak_rss"]) for r in rows],
        ["site on disk (files)"] + [f"{run.mb(r['site']['bytes'])} ({r['site']['files']:,})" for r in rows],
        ["GitHub Pages' count: the site's tar archive"] + [run.mb(r["site"].get("pages_archive", 0)) for r in rows],
        ["site per paper, all in"] + [run.kb(r["site"]["bytes"] / r["n"]) for r in rows],
        ["paper page HTML, median / max"] + [f"{run.kb(r['site']['page_median'])} / {run.kb(r['site']['page_max'])}"
                                             for r in rows],
        ["papers, digests, topics (with subtopics)"] + [
            f"{r['full']['papers']:,}, {r['full']['digests']}, {r['full']['topics']}" for r in rows],
    ]
    return run.table(header, out)


def parts_table(rows: list[dict]) -> str:
    header = ["what takes the space: MB (share) · KB per paper"] + [f"{r['n']:,} papers" for r in rows]
    out = []
    for name, _ in PARTS:
        cells = []
        for r in rows:
            size, files = r["parts"][name]
            cells.append(f"{size / 2**20:,.1f} ({size / r['site']['bytes']:.0%}) · {size / r['n'] / 1024:.2f} · "
                         f"{files:,} files")
        out.append([name] + cells)
    return run.table(header, out)


def targets(r: dict) -> str:
    minutes, memory, site = r["full"]["wall"] / 60, r["full"]["combined_peak_rss"] / 2**30, r["site"]["bytes"] / 2**30
    out = [[f"cold build ≤ {TARGETS['minutes']} minutes on 2 cores", f"{minutes:.1f} min", run._met(minutes <= TARGETS["minutes"])],
           [f"peak memory ≤ {TARGETS['memory_gb']} GB, all processes", f"{memory:.2f} GB", run._met(memory <= TARGETS["memory_gb"])],
           [f"site ≤ {TARGETS['site_gb']} GB", f"{site:.2f} GB", run._met(site <= TARGETS["site_gb"])]]
    return run.table([f"target at {r['n']:,} papers", "measured", "met"], out)


def report(rows: list[dict]) -> str:
    return "\n".join([
        "# digest-site at scale", "",
        f"`python -m bench.scale --sizes {','.join(str(r['n']) for r in rows)}` · {run.environment()} · "
        f"{rows[-1].get('arxiv', synth.ARXIV_STYLE):.0%} of the papers arXiv-style · "
        "the machine is shared: see the load averages", "",
        stage_table(rows), "", totals_table(rows), "", parts_table(rows), "", targets(rows[-1]), ""])


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated sizes (default: %(default)s)")
    p.add_argument("--out", type=Path, default=run.RESULTS / "scale.md", help="the Markdown table (default: %(default)s)")
    p.add_argument("--arxiv", type=float, help=f"share of arXiv-style papers, 0 to 1 (default: {synth.ARXIV_STYLE}): "
                   "those have an id, authors and categories, and larger pages")
    args = p.parse_args(argv)
    run.WORK.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in sorted(int(s.replace("_", "")) for s in args.sizes.split(",")):
        rows.append(measure(n, log=lambda m: print(m, file=sys.stderr, flush=True), arxiv=args.arxiv))
        text = report(rows)  # written after each size: the largest may not finish
        args.out.write_text(text, encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
