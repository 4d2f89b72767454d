"""Lighthouse scores of the seed site's home, paper and search pages, served with gzip.

    (cd bench/lighthouse && npm ci)      # Lighthouse 12.2.3, pinned in bench/lighthouse/package.json
    python -m bench.lighthouse           # builds the seed site, writes bench/LIGHTHOUSE.md
    python -m bench.lighthouse --site DIR --runs 3

Lighthouse runs with its default mobile preset (simulated slow 4G and a 4x slower CPU) in Debian's
Chromium (``CHROME_PATH=/usr/bin/chromium``), against a small static server in this module that
gzips text files as a web host does. Each page is run ``--runs`` times and the median
performance run is kept. These are scores, not a timed test: the machine may be shared, so the
report says what else ran. Targets: performance >= 95; accessibility, best practices and SEO 100.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
REPORT = ROOT / "bench" / "LIGHTHOUSE.md"
CHROME = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index")
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}  # what a host gzips


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it (as GitHub Pages and most hosts do)."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):  # the file's bytes, compressed in memory; directories resolve to index.html
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the standard redirect to the slash URL
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        body = path.read_bytes()
        gzipped = path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(GzipHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build_seed(work: Path) -> Path:
    from generator.build import build
    from generator.config import load_project

    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import DATA, make_project

    shutil.rmtree(work, ignore_errors=True)
    folder = make_project(work, {"2026-11-24-trending.txt": (DATA / "seed-digest.txt").read_bytes()})
    build(load_project(folder))
    return folder / "site"


def first_paper(site: Path) -> str:
    papers = json.loads((site / "papers.json").read_text(encoding="utf-8"))
    return papers[0]["url"]


def lighthouse(url: str, out: Path, cpu: float = 4) -> dict:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}",
               f"--throttling.cpuSlowdownMultiplier={cpu:g}"]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROME}, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def summary(result: dict) -> dict:
    scores = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
    metrics = {m: result["audits"][m]["displayValue"] for m in METRICS}
    failed = sorted(a for a, v in result["audits"].items()
                    if v.get("score") is not None and v["score"] < 1 and v.get("scoreDisplayMode") in ("binary", "numeric")
                    and any(a == r["id"] for c in CATEGORIES if c != "performance"
                            for r in result["categories"][c]["auditRefs"] if r["weight"] > 0))
    return {"scores": scores, "metrics": metrics, "failed": failed,
            "benchmark": round(result["environment"]["benchmarkIndex"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the seed site)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median performance run is kept")
    parser.add_argument("--cpu", default="4,1", help="CPU slowdown multipliers to run: 4 is the mobile preset's; "
                        "Lighthouse calibrates it for a host whose benchmarkIndex is about 1,000 or more")
    parser.add_argument("--out", type=Path, default=REPORT)
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        sys.exit(f"{LIGHTHOUSE} not found: run `npm ci` in bench/lighthouse")
    site = args.site or build_seed(ROOT / "bench" / "results" / "lighthouse" / "project")
    server, base = serve(site)
    pages = {"home": "", "paper": first_paper(site), "search": "search/?q=robot"}
    tables = {}
    with tempfile.TemporaryDirectory() as tmp:
        for cpu in (float(c) for c in args.cpu.split(",")):
            rows = tables[cpu] = {}
            for name, path in pages.items():
                runs = [summary(lighthouse(base + path, Path(tmp) / f"{name}-{i}.json", cpu)) for i in range(args.runs)]
                runs.sort(key=lambda r: r["scores"]["performance"])
                rows[name] = (path, runs[len(runs) // 2], runs)
                print(f"cpu {cpu:g}x", name, rows[name][1]["scores"], [r["scores"]["performance"] for r in runs], flush=True)
    server.shutdown()
    args.out.write_text(report(tables, args.runs) + dated_sections(args.out), encoding="utf-8")
    print(f"wrote {args.out}")


def dated_sections(path: Path) -> str:
    """The sections of an earlier report headed by a date ("## 2026-12-02: …"), kept after the new
    tables: audits of every page type, written by hand, are not lost when the tables are rewritten."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    start = re.search(r"^## \d{4}-\d{2}-\d{2}", old, re.MULTILINE)
    return "\n" + old[start.start():] if start else ""


def report(tables: dict, runs: int) -> str:
    version = json.loads((LIGHTHOUSE.parent.parent / "package.json").read_text())["version"]
    chrome = subprocess.run([CHROME, "--version"], capture_output=True, text=True).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()[0]
    lines = [
        "# Lighthouse scores",
        "",
        f"Written by `python -m bench.lighthouse`: Lighthouse {version}, mobile preset (simulated slow 4G),",
        f"{chrome}, Node {node}, on the seed site served with gzip by the benchmark's static server.",
        f"Median of {runs} runs per page by performance; every run's performance score in brackets.",
        "",
        f"The machine (2 cores) was shared with other engineers' builds and tests: load average {load:.1f} at the end,",
        "and Lighthouse's CPU benchmark index per run is given (Lighthouse calibrates its 4x CPU slowdown for",
        "an index of about 1,000 or more; a phone-like result on a slower host uses a smaller multiplier).",
    ]
    for cpu, rows in tables.items():
        lines += ["", f"## CPU slowdown {cpu:g}x" + (" (the mobile preset)" if cpu == 4 else ""), "",
                  "| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | SI | benchmark index |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for name, (path, run, every) in rows.items():
            s, m = run["scores"], run["metrics"]
            perfs = ", ".join(str(r["scores"]["performance"]) for r in every)
            indexes = ", ".join(str(r["benchmark"]) for r in every)
            lines.append(f"| {name} (`/{path}`) | {s['performance']} ({perfs}) | {s['accessibility']} | "
                         f"{s['best-practices']} | {s['seo']} | " + " | ".join(m[k] for k in METRICS) + f" | {indexes} |")
        missed = {name: run["failed"] for name, (_, run, _) in rows.items() if run["failed"]}
        lines += ["", "Audits not passed (accessibility, best practices, SEO): "
                  + ("; ".join(f"{n}: {', '.join(f)}" for n, f in missed.items()) if missed else "none.")]
    lines += ["", "Targets: " + ", ".join(f"{k} >= {v}" for k, v in TARGETS.items()) + "."]
    return "\n".join(lines).replace("\xa0", " ") + "\n"


if __name__ == "__main__":
    main()
