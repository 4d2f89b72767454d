"""Build speed and memory at 205, 1,000 and 10,000 papers, against MkDocs' own floor.

    python -m bench.run                      # sizes 205,1000,10000 (a few minutes on 2 cores)
    python -m bench.run --quick              # sizes 205,1000
    python -m bench.run --sizes 500,2000
    python -m bench.run --profile 10000      # cProfile one full build: bench/results/profile-10000.txt

For each size: a synthetic project (``bench/synth.py``) is built by ``generator.build.build`` in
a fresh process (``bench/measure.py``), then the same paper pages are built by a bare Material
project (paper pages not in nav, built-in search off) in another fresh process. The table goes to
stdout and ``bench/results/latest.md``; raw numbers to ``bench/results/latest.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

from bench import synth
from generator import hosting

REPO = synth.REPO
RESULTS = REPO / "bench/results"
WORK = RESULTS / "work"
SIZES = (205, 1000, 10_000)
QUICK = (205, 1000)
GENERATOR_STAGES = ("read", "enrich", "related", "render", "search", "export", "write")
LABELS = {
    "read": "read (digests, collect)", "enrich": "enrich (TeX, links, summary, topics)",
    "related": "related papers", "render": "render Markdown", "search": "search index",
    "export": "feeds and export", "write": "write docs folder", "mkdocs": "MkDocs render (in workers from 1,000 pages)",
}
SUPERLINEAR = 1.5  # per-paper cost growing more than this between the two largest sizes is flagged
TARGETS = {"ratio": 1.25, "rate": 2000, "rss_mb": 1024, "page_kb": 40}
BARE_MKDOCS = """\
# A bare Material build of the same paper pages: the floor the full build is compared with.
site_name: Bare Material baseline
site_url: ""
theme:
  name: material
  font: false
  language: en
plugins: []
nav:
  - Home: index.md
not_in_nav: |
  /papers/
validation:
  nav: {omitted_files: info, not_found: info, absolute_links: info}
  links: {not_found: info, anchors: info, absolute_links: info, unrecognized_links: info}
"""


# --- measuring ----------------------------------------------------------------------------------

def measure(n: int, repeat: int = 1, log=print) -> dict:
    """Full build and bare baseline of ``n`` synthetic papers, each in a fresh process.

    With ``repeat`` > 1 the two alternate and the fastest run of each is kept (the machine's
    noise only ever adds time); every run's wall time is kept in ``walls``.
    """
    from generator.config import load_project

    root = synth.make_project(WORK / f"n{n}", n)
    project = load_project(root)
    fulls, bares, alones = [], [], []
    for attempt in range(1, repeat + 1):
        shutil.rmtree(project.site_dir, ignore_errors=True)
        shutil.rmtree(project.docs_dir, ignore_errors=True)
        fulls.append(child("full", root, WORK / f"n{n}-full.json"))
        log(f"[{n:,}] run {attempt}/{repeat}: full build {fulls[-1]['wall']:.1f} s")
        bare_root = bare_project(project.docs_dir, WORK / f"n{n}-bare")
        bares.append(child("bare", bare_root, WORK / f"n{n}-bare.json"))
        log(f"[{n:,}] run {attempt}/{repeat}: bare Material baseline {bares[-1]['wall']:.1f} s")
        alones.append(child("mkdocs", root, WORK / f"n{n}-mkdocs.json"))
        shutil.rmtree(WORK / f"n{n}-mkdocs.site", ignore_errors=True)
        log(f"[{n:,}] run {attempt}/{repeat}: MkDocs alone on the generated docs {alones[-1]['wall']:.1f} s")
    full, bare, alone = (min(runs, key=lambda r: r["wall"]) for runs in (fulls, bares, alones))
    full["walls"], bare["walls"] = [r["wall"] for r in fulls], [r["wall"] for r in bares]
    return {"n": n, "repeat": repeat, "full": full, "bare": bare, "mkdocs_alone": alone,
            "site": site_stats(project.site_dir), "bare_site": site_stats(bare_root / "site")}


def child(mode: str, root: Path, out: Path, profile: Path | None = None) -> dict:
    command = [sys.executable, "-m", "bench.measure", mode, str(root), str(out)]
    command += ["--profile", str(profile)] if profile else []
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"bench: {mode} build of {root} failed:\n{done.stderr[-4000:]}")
    result = json.loads(out.read_text(encoding="utf-8"))
    result["process_wall"] = time.perf_counter() - start
    result["log_lines"] = len(done.stderr.splitlines())
    return result


def bare_project(docs_dir: Path, folder: Path) -> Path:
    """A minimal Material project holding the generated paper pages and a one-line home page."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(docs_dir / "papers", folder / "docs/papers")
    (folder / "docs/index.md").write_text("# Papers\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(BARE_MKDOCS, encoding="utf-8")
    return folder


def site_stats(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = sorted(p for p in (site / "papers").rglob("*.html"))
    sizes = sorted(p.stat().st_size for p in pages)
    median = pages[[p.stat().st_size for p in pages].index(sizes[len(sizes) // 2])] if pages else None
    return {
        "bytes": sum(p.stat().st_size for p in files), "files": len(files), "paper_pages": len(pages),
        "page_median": statistics.median(sizes) if sizes else 0, "page_max": max(sizes, default=0),
        "nav_items": median.read_text(encoding="utf-8").count('class="md-nav__item') if median else 0,
        "pages_archive": hosting.archive_size((p.relative_to(site).as_posix(), p.stat().st_size) for p in files),
    }


def profile(n: int) -> Path:
    """cProfile one full build of ``n`` papers; the top functions go to ``profile-N.txt``."""
    root = synth.make_project(WORK / f"n{n}", n)
    stats_file = RESULTS / f"profile-{n}.pstats"
    child("full", root, WORK / f"n{n}-profile.json", profile=stats_file)
    text = RESULTS / f"profile-{n}.txt"
    with text.open("w", encoding="utf-8") as handle:
        stats = pstats.Stats(str(stats_file), stream=handle).strip_dirs()
        for order in ("tottime", "cumulative"):
            handle.write(f"\n==== by {order} ====\n")
            stats.sort_stats(order).print_stats(45)
    return text


# --- reporting ----------------------------------------------------------------------------------

def seconds(t: float) -> str:
    return f"{t:.2f} s" if t < 100 else f"{t:.0f} s"


def rate(n: int, t: float) -> str:
    per_second = n / t if t > 0 else float("inf")
    return f"{per_second / 1000:,.1f}k/s" if per_second >= 1000 else f"{per_second:,.0f}/s"


def mb(b: float) -> str:
    return f"{b / 2**20:,.0f} MB"


def kb(b: float) -> str:
    return f"{b / 1024:,.1f} KB"


def stage_cost(r: dict, stage: str) -> float:
    """A stage's CPU time (what the machine's other load disturbs least), plus for the search
    index the CPU time of the worker that built it (the stage itself only waits for it)."""
    return r["full"]["stage_cpu"].get(stage, 0.0)


def generator_cpu(r: dict) -> float:
    """CPU time of the build and its workers outside the MkDocs render."""
    return r["full"]["cpu"] - r["full"]["stage_cpu"].get("mkdocs", 0.0)


def generator_time(r: dict) -> float:
    """Everything but MkDocs: the timed generator stages plus the untimed glue between them."""
    return r["full"]["wall"] - r["full"]["timings"].get("mkdocs", 0.0)


def other_time(r: dict) -> float:
    return r["full"]["wall"] - sum(r["full"]["timings"].values())


def stage_memory(r: dict, stage: str) -> float:
    """The highest RSS during ``stage``, above the RSS just before the build started."""
    peak = r["full"]["stage_peak_rss"].get(stage, r["full"]["rss_before"])
    return max(0, peak - r["full"]["rss_before"])


def growth(rows: list[dict], value) -> str:
    """Per-paper cost at the largest size over the next largest (×1.0 is linear)."""
    if len(rows) < 2:
        return ""
    small, big = rows[-2], rows[-1]
    a, b = value(small) / small["n"], value(big) / big["n"]
    if a <= 0:
        return "–"
    ratio = b / a
    return f"×{ratio:.2f}" + (" ⚠ superlinear" if ratio > SUPERLINEAR else "")


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def main_table(rows: list[dict]) -> str:
    growth_head = f"per paper {rows[-2]['n']:,}→{rows[-1]['n']:,}" if len(rows) > 1 else "growth"
    header = ["measure"] + [f"{r['n']:,} papers" for r in rows] + [growth_head]
    out = []

    def add(label, cell, value=None):
        out.append([label] + [cell(r) for r in rows] + [growth(rows, value) if value else ""])

    for stage in GENERATOR_STAGES:
        add(LABELS[stage], lambda r, s=stage: _stage_cell(r, s), lambda r, s=stage: stage_cost(r, s))
    add("untimed glue (order, staging, publish)", lambda r: seconds(other_time(r)))
    add("**generator, all but MkDocs**", lambda r: f"**{seconds(generator_time(r))} · {rate(r['n'], generator_time(r))}**",
        lambda r: generator_cpu(r))
    add(LABELS["mkdocs"], lambda r: seconds(r["full"]["timings"]["mkdocs"]), lambda r: stage_cost(r, "mkdocs"))
    add("**full build, wall**", lambda r: f"**{seconds(r['full']['wall'])}**", lambda r: r["full"]["cpu"])
    add("bare Material baseline, wall", lambda r: seconds(r["bare"]["wall"]), lambda r: r["bare"]["cpu"])
    add("**full / baseline, wall**", lambda r: f"**{r['full']['wall'] / r['bare']['wall']:.2f}**")
    add("each full build / the baseline built after it", lambda r: ", ".join(
        f"{f / b:.2f}" for f, b in zip(r["full"]["walls"], r["bare"]["walls"])))
    add("`mkdocs build` alone on the generated docs, one process, wall", lambda r: seconds(r["mkdocs_alone"]["wall"]),
        lambda r: r["mkdocs_alone"]["cpu"])
    add("`mkdocs build` alone / baseline, wall · CPU", lambda r: f"{r['mkdocs_alone']['wall'] / r['bare']['wall']:.2f} · "
        f"{r['mkdocs_alone']['cpu'] / r['bare']['cpu']:.2f}")
    add("CPU: generator (workers included) · MkDocs", lambda r: f"{seconds(generator_cpu(r))} · "
        f"{seconds(r['full']['stage_cpu'].get('mkdocs', 0))}")
    add("CPU: generator papers per CPU-second", lambda r: rate(r["n"], generator_cpu(r)))
    add("CPU: full build and workers / bare baseline", lambda r: f"{seconds(r['full']['cpu'])} / {seconds(r['bare']['cpu'])} = "
        f"{r['full']['cpu'] / r['bare']['cpu']:.2f}")
    add("process wall incl. start-up: full / bare",
        lambda r: f"{seconds(r['full']['process_wall'])} / {seconds(r['bare']['process_wall'])}")
    add("**peak RSS, full build**", lambda r: f"**{mb(r['full']['peak_rss'])}**",
        lambda r: r["full"]["peak_rss"] - r["full"]["rss_before"])
    add("**peak memory, build and workers together**", lambda r: f"**{mb(r['full']['combined_peak_rss'])}**",
        lambda r: r["full"]["combined_peak_rss"] - r["full"]["rss_before"])
    add("peak RSS, bare baseline", lambda r: mb(r["bare"]["peak_rss"]),
        lambda r: r["bare"]["peak_rss"] - r["bare"]["rss_before"])
    add("site size (files)", lambda r: f"{mb(r['site']['bytes'])} ({r['site']['files']:,})", lambda r: r["site"]["bytes"])
    add("paper page HTML, median / max", lambda r: f"{kb(r['site']['page_median'])} / {kb(r['site']['page_max'])}")
    add("bare paper page HTML, median", lambda r: kb(r["bare_site"]["page_median"]))
    add("nav items on a paper page (full / bare)", lambda r: f"{r['site']['nav_items']} / {r['bare_site']['nav_items']}")
    add("papers, digests, topics", lambda r: f"{r['full']['papers']:,}, {r['full']['digests']}, {r['full']['topics']}")
    return table(header, out)


def memory_table(rows: list[dict]) -> str:
    growth_head = f"per paper {rows[-2]['n']:,}→{rows[-1]['n']:,}" if len(rows) > 1 else "growth"
    header = ["stage: peak RSS above the pre-build RSS"] + [f"{r['n']:,} papers" for r in rows] + [growth_head]
    out = [[LABELS[s]] + [mb(stage_memory(r, s)) for r in rows] + [growth(rows, lambda r, s=s: stage_memory(r, s))]
           for s in (*GENERATOR_STAGES, "mkdocs")]
    return table(header, out)


def _stage_cell(r: dict, stage: str) -> str:
    t = r["full"]["timings"].get(stage, 0.0)
    cell = f"{seconds(t)} · {rate(r['n'], t)}"
    return cell


def targets_table(r: dict) -> str:
    ratio, cpu_ratio = r["full"]["wall"] / r["bare"]["wall"], r["full"]["cpu"] / r["bare"]["cpu"]
    gen_rate, cpu_rate = r["n"] / generator_time(r), r["n"] / generator_cpu(r)
    rss_mb = r["full"]["combined_peak_rss"] / 2**20
    page_kb = r["site"]["page_max"] / 1024
    out = [
        [f"full build ≤ {TARGETS['ratio']} × bare baseline", f"{ratio:.2f} ×", f"{cpu_ratio:.2f} ×",
         _met(ratio <= TARGETS["ratio"])],
        ["  `mkdocs build` alone on the generated docs, one process (no generator)",
         f"{r['mkdocs_alone']['wall'] / r['bare']['wall']:.2f} ×", f"{r['mkdocs_alone']['cpu'] / r['bare']['cpu']:.2f} ×", ""],
        [f"generator (all but MkDocs) ≥ {TARGETS['rate']:,} papers/s", f"{gen_rate:,.0f} papers/s",
         f"{cpu_rate:,.0f} papers/s", _met(gen_rate >= TARGETS["rate"])],
        ["peak memory < 1 GB (build and workers together)", f"{rss_mb:,.0f} MB", "", _met(rss_mb < TARGETS["rss_mb"])],
        [f"paper page HTML < {TARGETS['page_kb']} KB (largest)", f"{page_kb:.1f} KB", "", _met(page_kb < TARGETS["page_kb"])],
    ]
    return table([f"target at {r['n']:,} papers", "measured (wall)", "by CPU time", "met (wall)"], out)


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def superlinear(rows: list[dict]) -> list[str]:
    if len(rows) < 2:
        return []
    found = []
    checks = {f"time of {LABELS[s]}": (lambda r, s=s: stage_cost(r, s)) for s in (*GENERATOR_STAGES, "mkdocs")}
    checks |= {f"memory of {LABELS[s]}": (lambda r, s=s: stage_memory(r, s)) for s in (*GENERATOR_STAGES, "mkdocs")}
    for name, value in checks.items():
        if "superlinear" in growth(rows, value):
            found.append(f"{name} ({growth(rows, value).split()[0]} per paper)")
    return found


def environment() -> str:
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    return (f"{os.cpu_count()} CPUs, Python {platform.python_version()}, mkdocs {version('mkdocs')}, "
            f"mkdocs-material {version('mkdocs-material')}, lunr {version('lunr')}, commit {commit or 'unknown'}")


def report(rows: list[dict]) -> str:
    flagged = superlinear(rows)
    parts = [
        "# digest-site build benchmark", "",
        f"`python -m bench.run --sizes {','.join(str(r['n']) for r in rows)} --repeat {rows[0].get('repeat', 1)}` · "
        f"{environment()}", "",
        "Stage cells: wall seconds · papers per second. Wall times are in-process (after imports), the fastest of "
        "`--repeat` runs; "
        "the full build is `generator.build.build` (strict, as `digest-site build`), the baseline a bare "
        "Material build of the same paper pages (not in nav, search off). From 1,000 papers on, enrich and "
        "render run in forked worker processes, one per core, and so does MkDocs' rendering of the pages outside "
        "the nav (the baseline and *`mkdocs build` alone* run MkDocs' own one-process build); CPU times include "
        "the workers'. Memory of the build and its workers together counts forked workers by PSS (shared "
        "pages once). Growth: the per-paper CPU time "
        f"(memory: RSS) at the largest size over the next largest; above ×{SUPERLINEAR} is flagged. The machine is "
        "shared, so wall times carry other processes' load; CPU times much less so. *`mkdocs build` alone* renders the full "
        "build's generated docs again in a fresh process with no generator stage: what the site's own pages and "
        "theme cost MkDocs beyond the bare paper pages.", "",
        main_table(rows), "", memory_table(rows), "", targets_table(rows[-1]), "",
        "Superlinear: " + ("; ".join(flagged) if flagged else "none (every stage's time and memory grow at most "
                           f"×{SUPERLINEAR} per paper)") + ".",
    ]
    return "\n".join(parts) + "\n"


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default=",".join(map(str, SIZES)),
                   help="comma-separated collection sizes (default: %(default)s)")
    p.add_argument("--quick", action="store_true", help=f"only sizes {','.join(map(str, QUICK))}")
    p.add_argument("--repeat", type=int, default=1, metavar="K",
                   help="build each size K times, alternating full and bare, and keep the fastest of each")
    p.add_argument("--out", type=Path, default=RESULTS / "latest.md", help="the Markdown table (default: %(default)s)")
    p.add_argument("--profile", type=int, metavar="N", help="instead: cProfile one full build of N papers")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    if args.profile:
        print(f"profile written to {profile(args.profile)}")
        return
    sizes = QUICK if args.quick else tuple(int(s.replace("_", "")) for s in args.sizes.split(","))
    rows = [measure(n, args.repeat, log=lambda m: print(m, file=sys.stderr, flush=True)) for n in sorted(sizes)]
    text = report(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(text)
    print(f"written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
