"""Search at 1,000, 10,000 and 100,000 papers: ours against Material's built-in search and Pagefind.

    python -m bench.search                       # 1,000 and 10,000 papers, all three engines, full builds
    python -m bench.search --sizes 1000          # one size
    python -m bench.search --sizes 10000 --ours-only --baselines     # no MkDocs build of the collection
    python -m bench.search --sizes 100000 --ours-only --baselines

For each size, in one run on the same synthetic collection (``bench/synth.py``):

1. **ours**: ``digest-site build`` of the project; the index build (``search_site.search_files``)
   is timed on its own in a fresh process (``index_child``: best of 3, wall and CPU, with the load
   average and a calibration loop);
2. **Material**: the same generated docs folder built by ``mkdocs build`` with Material's own
   theme and its ``search`` plugin on (its ``search_index.json``, lunr in a web worker), queried
   with ``?q=`` on the home page;
3. **Pagefind**: ``python -m pagefind --site`` over our built site (every HTML page), queried by
   a page that imports ``pagefind.js`` and shows the first 20 results' titles.

With ``--ours-only`` (where a full MkDocs build is too long for a shared machine) the collection
goes through the generator's own stages up to the search stage, without those the search files do
not read (``search_inputs``: subtopics, related papers, Markdown pages; papers keep their main
topics), and its search files are served in a copy of a 1,000-paper site built now: the search
page and its scripts are the same at any size, the data is the one measured. ``--baselines``
then queries the Material and Pagefind sites a full run built for the same collection, when there
are some; otherwise Pagefind indexes a plain page per paper (title, authors, abstract), and
Material is left out.

Each query is a cold load in a new browser context (no cache) of the engine's search page with
the query in the URL, served gzip-compressed from 127.0.0.1. "first result" is the time from
navigation start to the first result element in the page (a MutationObserver in the page);
"bytes" counts every response of the load (HTML, CSS, scripts, index), as transferred (gzip),
until the network is idle after the first result, and "search bytes" only the search's own files.
"""

from __future__ import annotations

import argparse
import gzip
import html
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
    "ours": "#ds-search-results > li",
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


def search_inputs(root: Path):
    """What the search stage reads, made by the generator's own stages up to it, without those the
    search files do not read (subtopics, related papers, Markdown pages): ``(collection, urls,
    directory_urls)``. Papers get their main topics only (the topics field and facet hold those)."""
    from generator import build, render
    from generator.cache import enrich_all
    from generator.collect import collect
    from generator.config import load_project
    from generator.topics import assign_topics, main_topics, model_records

    project = load_project(root)
    report = build.BuildReport()
    with build.no_cycle_collection():
        digests = build.select_papers(project, build.read_digests(project.digests_dir, report, False,
                                                                  project.settings.field_map), report)
        papers, _ = collect(digests)
        papers = enrich_all(papers, None)
        model = model_records(digests)
        topics = main_topics(build.choose_topics(project, papers, model, report, None))
        papers = build.display_order(assign_topics(papers, topics, model), digests,
                                     project.settings.sort)
    digests = tuple(sorted(digests, key=lambda d: (d.date, d.name), reverse=True))
    collection = render.Collection(project.site_name, project.settings, tuple(papers), topics, digests,
                                   project.site_url)
    return collection, build.paper_urls(collection, project.directory_urls), project.directory_urls


def index_child(root: Path, out: Path | None) -> None:
    """In a fresh process: the search stage alone (``search_site.search_files``) as the build runs
    it (cycle collector off), timed, wall and CPU (its threads' and worker processes' included),
    best of ``INDEX_RUNS``; its files written under ``out`` when given."""
    from bench.measure import children_cpu
    from generator import build, search_site

    inputs = search_inputs(root)
    runs = []
    for _ in range(INDEX_RUNS):
        with build.no_cycle_collection():
            wall, cpu = time.perf_counter(), time.process_time() + children_cpu()
            files = search_site.search_files(*inputs)
            runs.append((time.perf_counter() - wall, time.process_time() + children_cpu() - cpu))
    wall, cpu = min(runs)  # the fastest run (wall time: the target), with its CPU time
    if out:
        for path, data in files.items():
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_bytes(data)
    print(json.dumps({"wall": wall, "cpu": cpu, "files": len(files), "bytes": sum(map(len, files.values())),
                      "load": os.getloadavg()[0], "calibration_ms": calibration_ms()}))


INDEX_RUNS = 3  # the index build is timed three times in one process: the fastest is reported


def calibration_ms() -> float:
    """How fast this machine runs Python right now: the best of 5 ``sum(range(10**6))``, in ms
    (20 ms at the quietest moment of a shared day, load about 7): a loaded machine shows here."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        sum(range(10**6))
        best = min(best, time.perf_counter() - start)
    return best * 1000


def measure_index(root: Path, out: Path | None = None) -> dict:
    args = [sys.executable, "-m", "bench.search", "index", str(root)] + ([str(out)] if out else [])
    result = subprocess.run(args, cwd=REPO, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"index build failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def project(n: int) -> Path:
    """The synthetic project of ``n`` papers: its digests made once (the same ``n`` always gives the
    same bytes), its configuration and templates the repository's current ones."""
    folder = WORK / f"search-n{n}"
    if not any((folder / "content/digests").glob("*.jsonl")):
        return synth.make_project(folder, n)
    for name in synth.PROJECT_FILES:
        shutil.copyfile(REPO / name, folder / name)
    for name in synth.PROJECT_DIRS:
        shutil.rmtree(folder / name)
        shutil.copytree(REPO / name, folder / name)
    return folder


def build_all(n: int, log, baselines: bool) -> dict:
    """Our site (``digest-site build``) and, with ``baselines``, Material's and Pagefind's; a
    baseline site already built for this collection is used as it is."""
    root = project(n)
    sites = {}
    log(f"[{n:,}] building")
    run([sys.executable, "-m", "generator", "build"], root, log)
    sites["ours"] = root / "site"
    if baselines:
        sites.update(baseline_sites(root, root / "site", log))
    return sites


def baseline_sites(root: Path, ours: Path, log) -> dict:
    material, pagefind = root / "material", root / "pagefind-site"
    if not (material / "site/search/search_index.json").is_file():
        shutil.rmtree(material, ignore_errors=True)
        material.mkdir()
        (material / "mkdocs.yml").write_text(MATERIAL.format(docs=root / "build/docs"), encoding="utf-8")
        run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(material / "site")], material, log)
    if not (pagefind / "pagefind/pagefind.js").is_file():
        shutil.rmtree(pagefind, ignore_errors=True)
        shutil.copytree(ours, pagefind)
        run([sys.executable, "-m", "pagefind", "--site", str(pagefind)], root, log)
    (pagefind / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    return {"material": material / "site", "pagefind": pagefind}


def ours_only(n: int, page_site: Path, log, keep_index: bool = False) -> dict:
    """Our search files for ``n`` papers (``search_inputs``: no MkDocs build of the collection),
    served in a copy of ``page_site``: the search page and its scripts are the same at any size.
    With ``keep_index``, the files and figures of an earlier run are used when there are some."""
    root = project(n)
    files, figures = root / "search-files", root / "search-index.json"
    if keep_index and figures.is_file() and (files / "assets/digest-site/search/meta.json").is_file():
        index = json.loads(figures.read_text())
    else:
        shutil.rmtree(files, ignore_errors=True)
        log(f"[{n:,}] search files (no MkDocs)")
        index = measure_index(root, files)
        figures.write_text(json.dumps(index))
    site = root / "search-site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(page_site, site)
    shutil.rmtree(site / "assets/digest-site/search")
    shutil.copytree(files / "assets/digest-site/search", site / "assets/digest-site/search")
    return {"ours": site, "index": index}


def pagefind_child(root: Path, out: Path) -> None:
    """In a fresh process: a page per paper (title, authors, abstract) under ``out``, where no site
    of the collection was built, and Pagefind's index of them (its CLI; its Python API's records
    took 107 s for 1,000 papers here, mostly waiting)."""
    collection, urls, _ = search_inputs(root)
    shutil.rmtree(out, ignore_errors=True)
    for paper, url in zip(collection.papers, urls):
        page = out / url / "index.html" if url.endswith("/") or not url else out / url
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(RECORD_PAGE.format(title=html.escape(paper.title_text), authors=html.escape(", ".join(paper.authors)),
                                           abstract=html.escape(paper.abstract_text)), encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out)], check=True, capture_output=True)
    print(json.dumps({"wall": time.perf_counter() - started}))


RECORD_PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>{title}</title>
<main><h1>{title}</h1><p>{authors}</p><p>{abstract}</p></main></html>
"""


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
        stored = path.suffix == ".gz"  # gzipped already (our search files): sent as they are, as GitHub Pages does
        if key not in self.cache:
            self.cache[key] = path.read_bytes() if stored else gzip.compress(path.read_bytes(), 6, mtime=0)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip" if stored else
                         mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        if not stored:
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
            page.wait_for_function("window.__first !== null", timeout=900_000)  # Material at 10,000: minutes on a busy machine
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
    lines = ["| papers | engine | first result, median (max) | bytes per query, median (max), gzip | of which search files, median (max) | index build: wall, CPU (load, calibration) |",
             "|---:|---|---:|---:|---:|---|"]
    for n, by_engine in results.items():
        for engine in ("ours", "material", "pagefind"):
            if engine not in by_engine:
                continue
            s = by_engine[engine]["summary"]
            build = by_engine.get("index", {}) if engine == "ours" else {}
            built = (f"{build['wall']:.2f} s, {build['cpu']:.2f} s ({build.get('load', 0):.1f}, "
                     f"{build.get('calibration_ms', 0):.0f} ms)") if build else ""
            asked = len(by_engine[engine]["rows"])
            lines.append(f"| {int(n):,} | {engine} ({asked} queries) | {s['first_ms']['median']:.0f} ms ({s['first_ms']['max']:.0f} ms) | "
                         f"{s['bytes']['median'] / 1024:.0f} KB ({s['bytes']['max'] / 1024:.0f} KB) | "
                         f"{s['search_bytes']['median'] / 1024:.0f} KB ({s['search_bytes']['max'] / 1024:.0f} KB) | {built} |")
        ours = by_engine.get("ours", {}).get("summary")
        for engine in ("material", "pagefind"):
            if ours and engine in by_engine:
                other = by_engine[engine]["summary"]
                lines.append(f"| {int(n):,} | ratio ours / {engine} | {ours['first_ms']['median'] / other['first_ms']['median']:.2f} | "
                             f"{ours['bytes']['median'] / other['bytes']['median']:.3f} | | |")
    return "\n".join(lines)


def sites_of(n: int, args, log) -> tuple[dict, dict]:
    """The sites to query at ``n`` papers and our index build's figures."""
    if not args.ours_only:
        sites = build_all(n, log, baselines=True)
        return sites, measure_index(project(n))
    sites = ours_only(n, args.page_site, log, args.keep_index)
    index = sites.pop("index")
    if args.baselines:
        root = project(n)
        material = root / "material/site"
        if (material / "search/search_index.json").is_file():
            sites["material"] = material
        else:
            log(f"[{n:,}] Material: no site built for this collection (a full run builds it): left out")
        pagefind = root / "pagefind-site"
        if not (pagefind / "pagefind/pagefind.js").is_file():
            pagefind = root / "pagefind-pages"
            if not (pagefind / "pagefind/pagefind.js").is_file():
                log(f"[{n:,}] Pagefind over a plain page per paper")
                result = subprocess.run([sys.executable, "-m", "bench.search", "pagefind", str(root), str(pagefind)],
                                        cwd=REPO, capture_output=True, text=True)
                if result.returncode:
                    raise SystemExit(f"Pagefind failed:\n{result.stderr[-3000:]}")
        (pagefind / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
        sites["pagefind"] = pagefind
    return sites, index


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["index"]:  # the child processes
        return index_child(Path(argv[1]), Path(argv[2]) if len(argv) > 2 else None)
    if argv[:1] == ["pagefind"]:
        return pagefind_child(Path(argv[1]), Path(argv[2]))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--ours-only", action="store_true",
                        help="our search files without a MkDocs build of the collection (for 100,000), "
                             "served in the 1,000-paper site")
    parser.add_argument("--baselines", action="store_true",
                        help="with --ours-only: Material and Pagefind from sites an earlier full run built for "
                             "the same collection; else Pagefind over a plain page per paper")
    parser.add_argument("--keep-index", action="store_true",
                        help="with --ours-only: use the search files and index figures of an earlier run")
    parser.add_argument("--keep-page", action="store_true",
                        help="with --ours-only: serve in the 1,000-paper site an earlier run built")
    parser.add_argument("--queries", type=int, default=len(QUERIES))
    parser.add_argument("--material-queries", type=int, default=len(QUERIES),
                        help="queries for Material's built-in search, the first N of --queries (at 10,000 papers "
                             "each takes a minute or more: it builds its lunr index in the browser)")
    parser.add_argument("--out", default=str(RESULTS / "search.json"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    log = partial(print, flush=True)
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.is_file() else {}
    queries = QUERIES[: args.queries]
    if args.ours_only:  # the page our search files are served in: a 1,000-paper site, built now
        page_site = WORK / "search-n1000/site"
        args.page_site = page_site if args.keep_page and page_site.is_dir() else build_all(1000, log, baselines=False)["ours"]
    for n in (int(s) for s in args.sizes.split(",")):
        sites, index = sites_of(n, args, log)
        log(f"[{n:,}] index build: {index['wall']:.2f} s wall, {index['cpu']:.2f} s CPU, {index['files']} files, "
            f"load {index['load']:.1f}, calibration {index['calibration_ms']:.0f} ms")
        entry = {"index": index, "load_before": os.getloadavg()}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for engine, site in sites.items():
                asked = queries[: args.material_queries] if engine == "material" else queries
                rows = measure_queries(browser, engine, site, asked, log)
                entry[engine] = {"rows": rows, "summary": summary(rows)}
            browser.close()
        entry["load_after"] = os.getloadavg()
        results[str(n)] = entry
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=1))
    report = table(results)
    (out.with_suffix(".md")).write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
