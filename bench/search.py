"""Search at 1,000, 10,000 and 100,000 papers: ours against Material's built-in search and Pagefind.

    python -m bench.search                       # 1,000 and 10,000 papers, all three engines
    python -m bench.search --sizes 1000          # one size
    python -m bench.search --sizes 100000 --ours-only

For each size, in one run on the same synthetic collection (``bench/synth.py``):

1. **ours**: ``digest-site build`` of the project (the index build is timed on its own, wall and
   CPU, in this process after the build: ``search_site.search_files``);
2. **Material**: the same generated docs folder built by ``mkdocs build`` with Material's own
   theme and its ``search`` plugin on (its ``search_index.json``, lunr in a web worker), queried
   with ``?q=`` on the home page;
3. **Pagefind**: ``python -m pagefind --site`` over our built site (every HTML page), queried by
   a page that imports ``pagefind.js`` and shows the first 20 results' titles.

With ``--ours-only`` (the 100,000-paper run, where a full MkDocs build is too long for a shared
machine) the generator runs without MkDocs, and the search page of a small built site is served
with the 100,000-paper search files: the page is the same at any size, the data is the one
measured.

Each query is a cold load in a new browser context (no cache) of the engine's search page with
the query in the URL, served gzip-compressed from 127.0.0.1. "first result" is the time from
navigation start to the first result element in the page (a MutationObserver in the page);
"bytes" counts every response of the load (HTML, CSS, scripts, index), as transferred (gzip),
until the network is idle after the first result, and "search bytes" only the search's own files.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from bench import synth

REPO = synth.REPO
RESULTS = REPO / "bench/results"
WORK = RESULTS / "work"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUERIES = [
    "diffusion", "transformer", "hallucination", "curriculum", "reinforcement learning", "language model",
    "robot", "benchmark", "graph", "segmentation", "video generation", "reasoning", "policy optimization",
    "dataset", "attention", "3d reconstruction", "agents", "retrieval", "point cloud", "neural network",
]
FIRST = {  # the first result element of each engine's page
    "ours": "#ds-search-results .ds-card",
    "material": ".md-search-result__item",
    "pagefind": "#pf-results li",
}
SEARCH_FILES = {  # what counts as the search's own bytes
    "ours": ("/assets/digest-site/search", "/assets/digest-site/lunr.js"),
    "material": ("/search/", "/assets/javascripts/workers/"),
    "pagefind": ("/pagefind/", "/pagefind-bench"),
}
WATCH = """
window.__first = null;
new MutationObserver((_, observer) => {
  if (document.querySelector(%s)) { window.__first = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""
MATERIAL = """\
# Material's own theme and built-in search over the same generated pages.
site_name: Material search baseline
site_url: ""
docs_dir: {docs}
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - Home: index.md
  - Topics: topics/index.md
  - Archive: archive.md
not_in_nav: |
  /papers/
  /topics/
  /digests/
exclude_docs: |
  /search.md
validation:
  nav: {{omitted_files: info, not_found: info, absolute_links: info}}
  links: {{not_found: info, anchors: info, absolute_links: info, unrecognized_links: info}}
"""
PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>Pagefind</title>
<ol id="pf-results"></ol>
<script type="module">
const q = new URLSearchParams(location.search).get("q");
const pagefind = await import("./pagefind/pagefind.js");
const found = await pagefind.search(q);
const data = await Promise.all(found.results.slice(0, 20).map(r => r.data()));
const list = document.getElementById("pf-results");
for (const d of data) { const li = document.createElement("li"); li.textContent = d.meta.title; list.appendChild(li); }
</script>
"""


# --- building -------------------------------------------------------------------------------------

def run(args: list[str], cwd: Path, log) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    took = time.perf_counter() - start
    log(f"  {' '.join(args[:4])}: {took:.1f} s")
    return took


def index_build(root: Path) -> dict:
    """The search stage alone, after the rest of the generator, in a fresh process: wall and CPU."""
    code = (
        "import json, sys, time\n"
        "from pathlib import Path\n"
        "from generator import build, search_site\n"
        "from generator.config import load_project\n"
        "seen = {}\n"
        "real = search_site.search_files\n"
        "search_site.search_files = lambda *a: seen.setdefault('args', a) and {}\n"
        "project = load_project(Path(sys.argv[1]))\n"
        "generated = build.generate(project, build.BuildReport())\n"
        "wall, cpu = time.perf_counter(), time.process_time()\n"
        "files = real(*seen['args'])\n"
        "wall, cpu = time.perf_counter() - wall, time.process_time() - cpu\n"
        "size = sum(len(v) for v in files.values())\n"
        "print(json.dumps({'wall': wall, 'cpu': cpu, 'files': len(files), 'bytes': size}))\n"
        "if len(sys.argv) > 2:\n"
        "    out = Path(sys.argv[2])\n"
        "    for path, data in files.items():\n"
        "        (out / path).parent.mkdir(parents=True, exist_ok=True)\n"
        "        (out / path).write_bytes(data)\n"
    )
    return code


def measure_index(root: Path, out: Path | None = None) -> dict:
    args = [sys.executable, "-c", index_build(root), str(root)] + ([str(out)] if out else [])
    result = subprocess.run(args, cwd=REPO, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"index build failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def build_all(n: int, log, baselines: bool) -> dict:
    root = synth.make_project(WORK / f"search-n{n}", n)
    sites = {}
    log(f"[{n:,}] building")
    run([sys.executable, "-m", "generator", "build"], root, log)
    sites["ours"] = root / "site"
    if baselines:
        material = root / "material"
        material.mkdir()
        (material / "mkdocs.yml").write_text(MATERIAL.format(docs=root / "build/docs"), encoding="utf-8")
        run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(material / "site")], material, log)
        sites["material"] = material / "site"
        pagefind = root / "pagefind-site"
        shutil.copytree(root / "site", pagefind)
        run([sys.executable, "-m", "pagefind", "--site", str(pagefind)], root, log)
        (pagefind / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
        sites["pagefind"] = pagefind
    return sites


def ours_only(n: int, log) -> dict:
    """The generator at ``n`` papers without MkDocs; its search files served with a small site's page."""
    small = WORK / "search-n1000" / "site"
    if not small.is_dir():
        build_all(1000, log, baselines=False)
    root = synth.make_project(WORK / f"search-n{n}", n)
    site = root / "site"
    shutil.copytree(small, site)
    shutil.rmtree(site / "assets/digest-site/search")
    log(f"[{n:,}] generating (no MkDocs)")
    stats = measure_index(root, site)
    return {"ours": site, "index": stats}


# --- serving and measuring --------------------------------------------------------------------------

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it (as any production server would)."""

    cache: dict[str, bytes] = {}

    def do_GET(self) -> None:
        path = Path(self.directory) / unquote(urlsplit(self.path).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), 6, mtime=0)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def page_url(engine: str, base: str, query: str) -> str:
    if engine == "pagefind":
        return f"{base}pagefind-bench.html?q={quote(query)}"
    if engine == "material":
        return f"{base}?q={quote(query)}"
    return f"{base}search/?q={quote(query)}"


def measure_queries(browser, engine: str, site: Path, queries: list[str], log) -> list[dict]:
    server, base = serve(site)
    rows = []
    try:
        for query in queries:
            context = browser.new_context()
            context.add_init_script(WATCH % json.dumps(FIRST[engine]))
            page = context.new_page()
            responses = []
            page.on("requestfinished", lambda request: responses.append(request))
            page.goto(page_url(engine, base, query))
            page.wait_for_function("window.__first !== null", timeout=180_000)
            first = page.evaluate("window.__first")
            page.wait_for_load_state("networkidle")
            sizes = [(r.url, r.sizes()) for r in responses]
            total = sum(s["responseBodySize"] + s["responseHeadersSize"] for _, s in sizes)
            own = sum(s["responseBodySize"] + s["responseHeadersSize"] for url, s in sizes
                      if any(part in urlsplit(url).path for part in SEARCH_FILES[engine]))
            rows.append({"query": query, "first_ms": first, "bytes": total, "search_bytes": own, "requests": len(sizes)})
            context.close()
        log(f"  {engine}: median first result {statistics.median(r['first_ms'] for r in rows):.0f} ms, "
            f"median {statistics.median(r['bytes'] for r in rows) / 1024:.0f} KB")
    finally:
        server.shutdown()
    return rows


def summary(rows: list[dict]) -> dict:
    def pick(key):
        values = sorted(r[key] for r in rows)
        return {"median": statistics.median(values), "max": values[-1]}
    return {"first_ms": pick("first_ms"), "bytes": pick("bytes"), "search_bytes": pick("search_bytes")}


# --- the report ---------------------------------------------------------------------------------

def table(results: dict) -> str:
    lines = ["| papers | engine | first result, median (max) | bytes per query, median (max), gzip | of which search files, median (max) | index build |",
             "|---:|---|---:|---:|---:|---|"]
    for n, by_engine in results.items():
        for engine in ("ours", "material", "pagefind"):
            if engine not in by_engine:
                continue
            s = by_engine[engine]["summary"]
            build = by_engine.get("index", {}) if engine == "ours" else {}
            built = f"{build['wall']:.2f} s wall, {build['cpu']:.2f} s CPU" if build else ""
            lines.append(f"| {int(n):,} | {engine} | {s['first_ms']['median']:.0f} ms ({s['first_ms']['max']:.0f} ms) | "
                         f"{s['bytes']['median'] / 1024:.0f} KB ({s['bytes']['max'] / 1024:.0f} KB) | "
                         f"{s['search_bytes']['median'] / 1024:.0f} KB ({s['search_bytes']['max'] / 1024:.0f} KB) | {built} |")
        if "ours" in by_engine and "material" in by_engine:
            o, m, p = (by_engine[e]["summary"] for e in ("ours", "material", "pagefind"))
            lines.append(f"| {int(n):,} | ratios ours/Material, ours/Pagefind | "
                         f"{o['first_ms']['median'] / m['first_ms']['median']:.2f}, {o['first_ms']['median'] / p['first_ms']['median']:.2f} | "
                         f"{o['bytes']['median'] / m['bytes']['median']:.3f}, {o['bytes']['median'] / p['bytes']['median']:.2f} | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--ours-only", action="store_true", help="no baselines, no MkDocs build (for 100,000)")
    parser.add_argument("--queries", type=int, default=len(QUERIES))
    parser.add_argument("--out", default=str(RESULTS / "search.json"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    log = partial(print, flush=True)
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.is_file() else {}
    queries = QUERIES[: args.queries]
    for n in (int(s) for s in args.sizes.split(",")):
        if args.ours_only:
            sites = ours_only(n, log)
            index = sites.pop("index")
        else:
            sites = build_all(n, log, baselines=True)
            index = measure_index(WORK / f"search-n{n}")
        log(f"[{n:,}] index build: {index['wall']:.2f} s wall, {index['cpu']:.2f} s CPU, {index['files']} files")
        entry = {"index": index}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for engine, site in sites.items():
                rows = measure_queries(browser, engine, site, queries, log)
                entry[engine] = {"rows": rows, "summary": summary(rows)}
            browser.close()
        results[str(n)] = entry
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=1))
    report = table(results)
    (out.with_suffix(".md")).write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
