"""Readable names of source categories (generator/categories.py)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from generator.categories import ARXIV, category_name

ROOT = Path(__file__).resolve().parent.parent
LISTED = re.compile(r"(.+) \(([a-z-]+(?:\.[A-Za-z-]+)?)\)$")  # "Computation and Language (cs.CL)"


def test_the_names_are_those_of_the_arxiv_listing_in_tests_data():
    listed: dict[str, str] = {}
    with (ROOT / "tests/data/arxiv-2023-09-21.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for subject in row["subjects"].split("; "):
                match = LISTED.fullmatch(subject.strip())
                if match:
                    listed[match.group(2)] = match.group(1)
    assert len(listed) > 100
    assert {code: ARXIV.get(code) for code in listed} == listed


def test_a_code_a_listing_label_and_a_zotero_tag_give_the_same_name():
    for category in ("cs.CL", "Computation and Language (cs.CL)", "Computer Science - Computation and Language"):
        assert category_name(category) == "Computation and Language", category
    assert category_name("hep-th") == "High Energy Physics - Theory"
    assert category_name("High Energy Physics - Theory") == "High Energy Physics - Theory"  # a name, not a tag
    assert category_name("Statistics - Machine Learning") == "Machine Learning"


def test_plain_keywords_stay_and_what_names_nothing_is_dropped():
    assert category_name("jet tagging") == "jet tagging"
    assert category_name("multi-agent") == "multi-agent"
    assert category_name("Numerical Methods (zz.NM)") == "Numerical Methods"  # the listing's own name
    assert category_name("zz.NM") == ""  # an unknown bare code reads as nothing
    assert category_name("Journal-ref: Entropy 24, 405") == ""
    assert category_name("   ") == ""
