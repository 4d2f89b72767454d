"""Synthetic collections of N papers, recombined from the real texts in ``tests/data``.

Every paper is built from one real *base* paper and one *donor* of the same source:

- the title is the base title's head joined to the donor title's tail at a natural break
  (``:``, `` for ``, `` with ``, …), so titles read like titles and are all distinct;
- the abstract keeps the base's first sentence and most of its sentences, with about a third
  swapped for the donor's (text stays on the base's subject, so topics and related papers
  spread as they do in real digests); TeX in the texts is kept;
- links in the source texts are removed, then about 30% of papers get a GitHub or project-page
  link (a few get two), each URL unique;
- half the papers are digest-style records (title and abstract, as the daily email gives them),
  half are arXiv-style (unique id, authors, subjects, arXiv URL, date);
- papers go into daily digests of about 205 papers (``YYYY-MM-DD-trending.jsonl``), and about
  4% of a digest's papers reappear in the next one, as trending papers do.

The same ``n`` and ``seed`` give the same bytes.
"""

from __future__ import annotations

import csv
import datetime
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_DIGEST = REPO / "tests/data/seed-digest.txt"
ARXIV_CSV = REPO / "tests/data/arxiv-2023-09-21.csv"
PROJECT_FILES = ("mkdocs.yml", "content/topics.yml", "content/collection.yml")
PROJECT_DIRS = ("site_templates",)

DIGEST_SIZE = 205
REAPPEAR = 0.04
LINK_SHARE = 0.30
ARXIV_STYLE = 0.5
SEED_BASE_SHARE = 0.5  # bases drawn from the trending seed (the rest from the arXiv day)
FIRST_DAY = datetime.date(2025, 1, 6)

URL = re.compile(r"\(?https?://\S+")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9$\\(])")
BREAKS = (": ", " for ", " with ", " via ", " in ", " of ", " from ", " using ", " through ", " and ")
CHROME = ("Get trending papers", "Subscribe")


@dataclass(frozen=True)
class Source:
    """One real paper: its text and, for arXiv rows, authors and subjects."""

    title: str
    sentences: tuple[str, ...]
    authors: tuple[str, ...] = ()
    categories: str = ""
    seed: bool = True


def read_seed(path: Path = SEED_DIGEST) -> list[Source]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith(CHROME[0])]
    lines[0] = lines[0].removeprefix(CHROME[1])
    return [Source(title, sentences(abstract)) for title, abstract in zip(lines[0::2], lines[1::2])]


def read_arxiv(path: Path = ARXIV_CSV) -> list[Source]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [Source(" ".join(row["title"].split()), sentences(row["abstract"]), _authors(row["authors"]),
                   row["subjects"], seed=False) for row in rows if row["abstract"].strip()]


def _authors(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"'([^']+)'", text))


def sentences(abstract: str) -> tuple[str, ...]:
    """The abstract's sentences, without the ones that carry a URL (links are added afresh)."""
    found = [s.strip() for s in SENTENCE.split(" ".join(abstract.split()))]
    kept = [s for s in found if s and not URL.search(s)]
    return tuple(kept or found)


def split_title(title: str) -> tuple[str, str, str] | None:
    """``(head, break, tail)`` at the first natural break past the title's first word."""
    for sep in BREAKS:
        at = title.find(sep, 4)
        if at > 0 and len(title) - at - len(sep) > 6:
            return title[:at], sep, title[at + len(sep):]
    return None


class Synth:
    def __init__(self, seed: int = 20251125):
        self.rng = random.Random(seed)
        self.seed_pool = read_seed()
        self.arxiv_pool = read_arxiv()
        self.authors = sorted({a for s in self.arxiv_pool for a in s.authors})
        self.titles: set[str] = set()

    def base(self) -> Source:
        pool = self.seed_pool if self.rng.random() < SEED_BASE_SHARE else self.arxiv_pool
        return self.rng.choice(pool)

    def donor(self, base: Source) -> Source:
        return self.rng.choice(self.seed_pool if base.seed else self.arxiv_pool)

    def title(self, base: Source) -> str:
        if base.title not in self.titles:
            return base.title
        for _ in range(50):
            donor = self.donor(base)
            head, tail = split_title(base.title), split_title(donor.title)
            if head and tail:
                title = f"{head[0]}{tail[1]}{tail[2]}"
            elif head:
                title = f"{head[0]}{head[1]}{donor.title}"
            else:
                title = f"{base.title} for {(tail or ('', '', donor.title))[2]}"
            if title not in self.titles:
                return title
        return f"{base.title} ({len(self.titles)})"

    def abstract(self, base: Source, number: int) -> str:
        donor = self.donor(base)
        chosen = list(base.sentences)
        for i in range(1, len(chosen)):
            if self.rng.random() < 0.33 and donor.sentences:
                chosen[i] = self.rng.choice(donor.sentences)
        if len(chosen) > 3 and self.rng.random() < 0.5:
            del chosen[self.rng.randrange(1, len(chosen))]
        return " ".join(chosen + self.links(number))

    def links(self, number: int) -> list[str]:
        if self.rng.random() >= LINK_SHARE:
            return []
        user, repo = f"lab{number % 997}", f"project-{number}"
        kind = self.rng.random()
        if kind < 0.65:
            found = [f"Code is available at https://github.com/{user}/{repo}."]
        elif kind < 0.9:
            found = [f"Project page: https://{user}.github.io/{repo}/"]
        else:
            found = [f"Code and videos: https://github.com/{user}/{repo} and https://youtu.be/v{number:09d}"]
        return found

    def paper(self, number: int, date: str) -> dict:
        base = self.base()
        title = self.title(base)
        self.titles.add(title)
        record = {"title": title, "abstract": self.abstract(base, number)}
        if self.rng.random() < ARXIV_STYLE:
            arxiv_id = f"{25 + number // 90000}{1 + number // 7500 % 12:02d}.{number % 90000 + 10000:05d}"
            authors = base.authors or tuple(self.rng.sample(self.authors, self.rng.randint(1, 6)))
            record |= {"id": arxiv_id, "authors": list(authors), "url": f"https://arxiv.org/abs/{arxiv_id}",
                       "date": date, "categories": base.categories or "Computer Vision and Pattern Recognition (cs.CV)"}
        return record


def digests(n: int, seed: int = 20251125) -> dict[str, list[dict]]:
    """``{file name: records}``: ``n`` distinct papers in daily digests of about 205."""
    synth = Synth(seed)
    days = max(1, round(n / DIGEST_SIZE))
    out: dict[str, list[dict]] = {}
    previous: list[dict] = []
    for day in range(days):
        date = (FIRST_DAY + datetime.timedelta(days=day)).isoformat()
        start, stop = n * day // days, n * (day + 1) // days
        fresh = [synth.paper(i, date) for i in range(start, stop)]
        again = synth.rng.sample(previous, int(len(previous) * REAPPEAR)) if previous else []
        out[f"{date}-trending.jsonl"] = fresh + again
        previous = fresh
    return out


def make_project(folder: Path, n: int, seed: int = 20251125) -> Path:
    """A throwaway project in ``folder``: the repo's site config and templates, ``n`` synthetic papers."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "content/digests").mkdir(parents=True)
    for name in PROJECT_FILES:
        if (REPO / name).is_file():
            shutil.copyfile(REPO / name, folder / name)
    for name in PROJECT_DIRS:
        shutil.copytree(REPO / name, folder / name)
    for name, records in digests(n, seed).items():
        lines = (json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records)
        (folder / "content/digests" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


if __name__ == "__main__":  # python -m bench.synth N FOLDER
    import sys

    print(make_project(Path(sys.argv[2]), int(sys.argv[1])))
