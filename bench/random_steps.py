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
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

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
        inline = [i for i, line in enumerate(lines) if line.strip().startswith("keywords: [")]
        word = rng.choice(KEYWORDS)
        if inline:  # (as the file is written by hand)
            at = rng.choice(inline)
            if word not in lines[at]:
                lines[at] = lines[at].replace("keywords: [", f"keywords: [{word}, ", 1)
                path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:  # (as maintain's "topic" writes it)
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            keywords = rng.choice(data["topics"])["keywords"]
            if word not in keywords:
                keywords.insert(0, word)
                path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


TEMPLATES = ("pages/paper.md.j2", "pages/digest.md.j2", "pages/topic.md.j2", "pages/home.md.j2",
             "pages/archive.md.j2", "theme/partials/ds-meta.html")


def maintain(root: Path, rng: random.Random, kind: str) -> None:
    """A maintainer's change that brings no digest: settings, a template, a page of their own,
    ``mkdocs.yml``, a takedown, a topic added or renamed, a digest edited or renamed."""
    digests = sorted((root / "content/digests").glob("*.jsonl"))
    if kind == "settings":  # one setting of collection.yml changed
        path = root / "content/collection.yml"
        settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        key = rng.choice(["related", "sort", "feed_size", "listing_size", "title", "exclude"])
        settings[key] = {"related": lambda: rng.randrange(2, 7), "sort": lambda: rng.choice(["digest", "date", "title"]),
                         "feed_size": lambda: rng.randrange(20, 90), "listing_size": lambda: rng.randrange(5, 40),
                         "title": lambda: f"Papers, edition {rng.randrange(100)}",
                         "exclude": lambda: {"keywords": [rng.choice(["quantum", "protein", "galaxy", "traffic"])]}}[key]()
        path.write_text(yaml.safe_dump(settings, sort_keys=True), encoding="utf-8")
    elif kind == "takedown":  # a paper taken down by its title
        path = root / "content/collection.yml"
        settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        title = rng.choice(records(rng.choice(digests)))["title"]
        exclude = settings.setdefault("exclude", {})
        exclude["papers"] = [*exclude.get("papers", []), title]
        path.write_text(yaml.safe_dump(settings, sort_keys=True), encoding="utf-8")
    elif kind == "template":  # a template edited: text of its own on every page it makes
        path = root / "site_templates" / rng.choice(TEMPLATES)
        path.write_text(path.read_text(encoding="utf-8") + f"\n<!-- edited {rng.randrange(10**6)} -->\n",
                        encoding="utf-8")
    elif kind == "page":  # an owner's own page added or edited
        path = root / "content/pages/about.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"# About\n\nEdition {rng.randrange(10**6)} of [the topics](topics/index.md).\n", encoding="utf-8")
    elif kind == "mkdocs":  # the site's name in mkdocs.yml
        path = root / "mkdocs.yml"
        lines = path.read_text(encoding="utf-8").splitlines()
        lines = [f"site_name: Reading list {rng.randrange(1000)}" if line.startswith("site_name:") else line for line in lines]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "topic" and (root / "content/topics.yml").is_file():  # a topic added, or one renamed
        path = root / "content/topics.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if rng.random() < 0.5:
            words = rng.sample(KEYWORDS, 2)
            data["topics"].append({"name": f"{words[0].capitalize()} {rng.randrange(100)}",
                                   "description": f"Papers on {words[0]} and {words[1]}.", "keywords": words})
        else:
            topic = rng.choice(data["topics"])
            topic["name"] = f"{topic['name']} (renamed {rng.randrange(100)})"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    elif kind == "redigest" and len(digests) > 1:  # a digest edited in place: a paper dropped, a title fixed
        path = rng.choice(digests)
        rows = records(path)
        if len(rows) > 2:
            rows.pop(rng.randrange(len(rows)))
            rows[rng.randrange(len(rows))]["title"] += " (corrected)"
            write(path, rows)
    elif kind == "rename" and len(digests) > 1:  # a digest's file renamed (its page moves)
        path = rng.choice(digests)
        path.rename(path.with_name(path.name.replace(".jsonl", f"-r{rng.randrange(100)}.jsonl")))


def mishap(root: Path, rng: random.Random, kind: str) -> None:
    """What happens to a project's folders between builds: files touched, the build cache damaged,
    the site or docs folder lost."""
    if kind == "touch":  # every input's modification time moved, no byte changed
        for path in (root / "content").rglob("*"):
            if path.is_file():
                stat = path.stat()
                os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9 * rng.randrange(1, 100)))
    elif kind == "corrupt":  # one file of the build cache cut short, overwritten or deleted
        files = sorted(path for path in (root / ".digest-site").rglob("*") if path.is_file())
        if files:
            path = rng.choice(files)
            how = rng.choice(["cut", "garbage", "delete"])
            if how == "delete":
                path.unlink()
            else:
                data = path.read_bytes()
                path.write_bytes(data[: len(data) // 2] if how == "cut" else bytes(rng.randrange(256) for _ in range(64)))
    elif kind == "lose":  # the site or the docs folder gone (a fresh runner that kept the cache only)
        for name in rng.choice([["site"], ["build"], ["site", "build"]]):
            shutil.rmtree(root / name, ignore_errors=True)


DIGESTS = ["new", "new", "edit", "mix", "remove"]
MAINTAIN = ["settings", "takedown", "template", "page", "mkdocs", "topic", "redigest", "rename"]
MISHAPS = ["touch", "corrupt", "lose"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--papers", type=int, default=1500)
    parser.add_argument("--no-topics", action="store_true", help="delete topics.yml: the topics are suggested")
    parser.add_argument("--maintain", action="store_true",
                        help="also a maintainer's changes (settings, templates, pages, topics, digests edited or "
                             "renamed) and mishaps between builds (files touched, the cache damaged, folders lost)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    root = synth.make_project(WORK / f"seed{args.seed}", args.papers, seed=args.seed)
    kinds = list(DIGESTS)
    if args.no_topics:
        (root / "content/topics.yml").unlink()
    else:
        kinds.append("topics")
    if args.maintain:
        kinds += [*MAINTAIN, *MISHAPS]
    build(root, full=False)
    made = args.papers
    for step in range(args.steps):
        kind = rng.choice(kinds)
        if kind in MAINTAIN:
            maintain(root, rng, kind)
        elif kind in MISHAPS:
            mishap(root, rng, kind)
        else:
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
