"""Incremental builds against full builds, measured in the same run.

    python -m bench.incremental                  # 1,000 and 10,000 papers
    python -m bench.incremental --sizes 1000     # one size

For each size N, in a synthetic project (``bench/synth.py``), each build in a fresh process:

1. a full build of N papers (``--full``): it also fills the build cache;
2. a rebuild with nothing changed;
3. a new 50-paper digest, then an incremental rebuild;
4. the same rebuild as GitHub Actions runs it with the workflow's cache (``ci``): the folders
   its ``actions/cache`` step keeps (``.github/workflows/digest-site.yml``: the build cache, the
   docs folder and the site), as they were before the new digest, taken through one tar archive
   as that step takes them (GNU tar, POSIX format: hard links and nanosecond times kept, every
   inode new) into the project with everything else of theirs removed;
   and, for comparison, with the build cache alone (``cache only``: what the workflow kept until
   the tenth session);
5. a full build (``--full``) of the same N + 50 papers, in a copy of the project's inputs (its
   cache and site are not the project's): the baseline of steps 3 and 4;
6. a second new digest, the incremental rebuild, and a full build of those N + 100 papers (the
   first digest after the first full build may be unusual: at 10,000 papers it takes a topic
   past 500 papers, which then gets suggested subtopics, and so moves 550 earlier papers);
7. each incremental site compared with the full one, file by file (they must be identical);
8. for each new digest, how many of the docs folder's Markdown pages are new or changed: what the
   build rendered again (the rest it reused), which explains most of the difference between digests.

Ratios are to the full build of the same content in the same run; the builds' own times, and
(``whole processes``) each process's, with Python's start and the imports a command pays too. The machine may be shared:
compare ratios, not seconds, and repeat (``--repeat``) to see the spread.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bench import synth

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench/results/incremental"
NEW_PAPERS = 50


def new_digest(folder: Path, n: int) -> None:
    """A digest of 50 papers the collection has not seen, dated the day after its last."""
    last = max(p.name[:10] for p in (folder / "content/digests").iterdir())
    date = (datetime.date.fromisoformat(last) + datetime.timedelta(days=1)).isoformat()
    maker = synth.Synth(seed=n + 1)
    maker.titles = known_titles(folder)  # so that its titles are new ones, not the collection's
    records = [maker.paper(n + i, date) for i in range(NEW_PAPERS)]
    lines = (json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records)
    (folder / f"content/digests/{date}-new.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def known_titles(folder: Path) -> set[str]:
    """The titles of every record in the synthetic project's digests (JSONL files)."""
    return {json.loads(line)["title"] for path in (folder / "content/digests").glob("*.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines() if line}


# Builds run as an installed digest-site runs: from compiled bytecode. A machine whose environment
# says not to write it (PYTHONDONTWRITEBYTECODE, as this workplace's does) compiled the modules
# a build imports on its way (the readers, the topic stages) in every build, full or not: 67 modules,
# 0.38 s of compiling in one incremental build of 10,000 papers under cProfile.
AS_INSTALLED = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed_build(root: Path, site: str, full: bool) -> dict:
    """One build in a fresh process; wall and per-stage times measured inside it, after imports,
    and the whole process's wall (``process``: Python's start and the imports too, as a
    ``digest-site build`` command pays them)."""
    code = ("import json, sys, time; from pathlib import Path; from generator.build import build, BuildReport;"
            "from generator.config import load_project; import mkdocs.commands.build;"
            "p = load_project(Path(sys.argv[1]), site_dir=Path(sys.argv[2])); t = time.perf_counter();"
            "r = build(p, full=sys.argv[3] == '1', report=BuildReport());"
            "print(json.dumps({'wall': time.perf_counter() - t, 'stages': r.timings}), flush=True);"
            "from generator.cli import exit_quickly; exit_quickly()")  # (as the command exits)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, str(root), str(root / site), "1" if full else "0"],
                          cwd=REPO, capture_output=True, text=True, env=AS_INSTALLED)
    process = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"bench: build of {root} failed:\n{done.stderr[-4000:]}")
    return {**json.loads(done.stdout.splitlines()[-1]), "process": process}


def docs_pages(root: Path) -> dict[str, bytes]:
    """The SHA-256 of each Markdown page of the project's docs folder, by path."""
    docs = root / "build/docs"
    return {path.relative_to(docs).as_posix(): hashlib.sha256(path.read_bytes()).digest() for path in docs.rglob("*.md")}


def changed_pages(before: dict[str, bytes], root: Path) -> tuple[int, int]:
    """How many of the docs folder's pages are new or other than ``before``, and how many it holds:
    what a new digest made the build render again (the rest it reused)."""
    after = docs_pages(root)
    return sum(before.get(path) != digest for path, digest in after.items()), len(after)


def tree(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def measure(n: int, log=print) -> dict:
    compileall.compile_dir(REPO / "generator", quiet=1)  # (see AS_INSTALLED)
    root = synth.make_project(WORK / f"n{n}", n)
    shutil.rmtree(root / ".digest-site", ignore_errors=True)
    first = timed_build(root, "site", full=True)
    log(f"[{n:,}] full build {first['wall']:.1f} s")
    unchanged = timed_build(root, "site", full=False)
    log(f"[{n:,}] rebuild, nothing changed {unchanged['wall']:.1f} s")
    archive = WORK / f"n{n}-ci-cache.tar"
    kept = ci_cache(root, archive)
    pages = docs_pages(root)
    new_digest(root, n)
    incremental = timed_build(root, "site", full=False)
    incremental["pages"] = changed_pages(pages, root)
    log(f"[{n:,}] rebuild after a {NEW_PAPERS}-paper digest {incremental['wall']:.1f} s "
        f"({incremental['pages'][0]:,} of {incremental['pages'][1]:,} pages new or changed)")
    sites = {"incremental": tree(root / "site")}
    ci = {}
    for name, paths in (("ci", kept), ("cache only", kept[:1])):
        restore(root, archive, paths, kept)
        ci[name] = timed_build(root, "site", full=False)
        sites[name] = tree(root / "site")
        log(f"[{n:,}] the same in CI, {name} ({', '.join(paths)}) {ci[name]['wall']:.1f} s")
    size = archive.stat().st_size
    log(f"[{n:,}] the workflow's cache: {size / 2**20:.0f} MB as one tar archive (uncompressed)")
    archive.unlink()
    full, reference = full_build_apart(root)
    log(f"[{n:,}] full build of the same {n + NEW_PAPERS:,} papers {full['wall']:.1f} s")
    identical = all(digest == reference for digest in sites.values())
    pages = docs_pages(root)
    new_digest(root, n + NEW_PAPERS)  # the next day's: no longer the first digest after the first full build
    second = timed_build(root, "site", full=False)
    second["pages"] = changed_pages(pages, root)
    log(f"[{n:,}] rebuild after a second {NEW_PAPERS}-paper digest {second['wall']:.1f} s "
        f"({second['pages'][0]:,} of {second['pages'][1]:,} pages new or changed)")
    second_full, reference = full_build_apart(root)
    log(f"[{n:,}] full build of the same {n + 2 * NEW_PAPERS:,} papers {second_full['wall']:.1f} s")
    identical &= tree(root / "site") == reference
    return {"n": n, "first_full": first, "unchanged": unchanged, "incremental": incremental, "full": full,
            "ci": ci["ci"], "cache_only": ci["cache only"], "second": second, "second_full": second_full,
            "kept": kept, "archive_bytes": size, "identical": identical}


def full_build_apart(root: Path) -> tuple[dict, str]:
    """A full build of a copy of the project's inputs in a folder of its own (so that it leaves
    the project's build cache and site as the incremental builds left them), and its site's hash."""
    apart = root.with_name(root.name + "-full")
    shutil.rmtree(apart, ignore_errors=True)
    shutil.copytree(root, apart, ignore=lambda folder, names: [
        name for name in names if Path(folder) == root and (name.startswith(".") or name in ("build", "site"))])
    timed = timed_build(apart, "site", full=True)
    return timed, tree(apart / "site")


def ci_cache(root: Path, archive: Path) -> list[str]:
    """The folders the workflow's ``actions/cache`` step keeps, stored in ``archive`` as that step
    stores them on Linux: GNU tar in POSIX format (modification times to the nanosecond), one
    archive (a file linked twice is stored once and restored as a link)."""
    workflow = yaml.safe_load((REPO / ".github/workflows/digest-site.yml").read_text(encoding="utf-8"))
    step = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/cache"))
    kept = step["with"]["path"].split()
    subprocess.run(["tar", "--posix", "-cf", str(archive), "-P", "-C", str(root), *kept], check=True)
    return kept


def restore(root: Path, archive: Path, paths: list[str], every: list[str]) -> None:
    """A fresh runner's project: ``every`` cached folder removed, then ``paths`` of them
    extracted, as ``actions/cache`` extracts them (every inode new)."""
    for rel in every:
        shutil.rmtree(root / rel, ignore_errors=True)
    # (the first folder's files are stored whole, the others' links to them as links)
    subprocess.run(["tar", "-xf", str(archive), "-P", "-C", str(root), *paths], check=True)


def table(results: list[dict]) -> str:
    rows = ["| papers | full build | nothing changed | + 50-paper digest | + digest in CI | + digest in CI, cache only | "
            "full build, same papers | nothing changed / full | + digest / full | in CI / full | cache only / full | "
            "+ a second digest / its full build | + digest / full, whole processes | pages new or changed, first / "
            "second digest | identical to full |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|"]
    for r in results:
        full, unchanged, inc = r["full"]["wall"], r["unchanged"]["wall"], r["incremental"]["wall"]
        ci, cache_only = r["ci"]["wall"], r["cache_only"]["wall"]
        second, second_full = r["second"]["wall"], r["second_full"]["wall"]
        rows.append(f"| {r['n']:,} | {r['first_full']['wall']:.1f} s | {unchanged:.1f} s | {inc:.1f} s | {ci:.1f} s | "
                    f"{cache_only:.1f} s | {full:.1f} s | {unchanged / full:.1%} | {inc / full:.1%} | {ci / full:.1%} | "
                    f"{cache_only / full:.1%} | {second:.1f} / {second_full:.1f} s = {second / second_full:.1%} | "
                    f"{_process(r, 'incremental')} / {_process(r, 'full')} s = "
                    f"{r['incremental'].get('process', 0) / max(r['full'].get('process', 0), 1e-9):.1%} | "
                    f"{_pages(r, 'incremental')} / {_pages(r, 'second')} | {'yes' if r['identical'] else 'NO'} |")
    stages = sorted({s for r in results for s in r["incremental"]["stages"]}, key=list(results[0]["full"]["stages"]).index)
    rows += ["", "| stage (seconds) | " + " | ".join(f"{r['n']:,} incremental | {r['n']:,} in CI | {r['n']:,} full"
                                                   for r in results) + " |",
             "|---|" + "---:|" * (3 * len(results))]
    for stage in stages:
        cells = " | ".join(" | ".join(f"{r[kind]['stages'].get(stage, 0):.2f}" for kind in ("incremental", "ci", "full"))
                           for r in results)
        rows.append(f"| {stage} | {cells} |")
    return "\n".join(rows) + "\n"


def _pages(result: dict, kind: str) -> str:
    made, total = result[kind].get("pages", (0, 0))
    return f"{made:,} of {total:,}"


def _process(result: dict, kind: str) -> str:
    return f"{result[kind].get('process', 0):.1f}"


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
