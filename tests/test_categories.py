"""Readable names of source categories (generator/categories.py)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from generator.build import build
from generator.categories import ARXIV, arxiv_category, category_label, category_name
from generator.model import Paper, Source
from generator.search_index import fold, search_documents, words
from generator.config import load_project
from htmltext import element_text

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


def test_a_listing_label_and_a_zotero_tag_are_read_as_the_arxiv_code_and_others_as_they_are():
    for spelt in ("cs.LG", "Machine Learning (cs.LG)", "Computer Science - Machine Learning", " Computer  Science -\nMachine Learning"):
        assert arxiv_category(spelt) == "cs.LG", spelt
    assert arxiv_category("Statistics - Machine Learning") == "stat.ML"
    assert arxiv_category("Electrical Engineering and Systems Science - Systems and Control") == "eess.SY"
    assert arxiv_category("Quantum Physics") == "quant-ph"  # Zotero's tag of an archive without subject classes
    assert arxiv_category("High Energy Physics - Theory (hep-th)") == "hep-th"
    for kept in ("Machine Learning", "Machine learning", "Astrophysics", "Economics", "RLHF",  # cs.LG's or stat.ML's?
                 "Numerical Methods (zz.NM)", "zz.NM", "Computer Science - Deep Learning"):
        assert arxiv_category(kept) == kept, kept


def test_a_collection_of_an_atom_a_zotero_bibtex_and_an_arxiv_listing_has_one_category(project):
    """Zotero writes arXiv's categories as "Computer Science - Machine Learning", the arXiv API
    "cs.LG" and the arXiv-day CSV "Machine Learning (cs.LG)": the site listed three categories in
    its search filters and on the pages of papers of each. The readers keep the code of all
    three, and collection.yml's include still matches each spelling."""
    abstract = "We study how networks learn representations of graphs from few labelled examples at scale."
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id>'
            f'<title>Graph learning</title><summary>{abstract}</summary><author><name>Ann Lee</name></author>'
            '<category term="cs.LG"/><category term="cs.AI"/></entry></feed>\n')
    bib = ("@misc{lee_2024,\n  title = {Few-shot graphs},\n  eprint = {2401.00002},\n"
           f"  abstract = {{{abstract}}},\n  keywords = {{Computer Science - Machine Learning, Computer Science - "
           "Artificial Intelligence, graphs},\n}\n")
    csv = f'paper_id,title,abstract,subjects\n2401.00003,Graph nets,{abstract},"Machine Learning (cs.LG); Robotics (cs.RO)"\n'
    folder = project({"2024-01-01-api.atom": atom, "2024-01-02-zotero.bib": bib, "2024-01-03-day.csv": csv})
    collection = folder / "content/collection.yml"
    collection.write_text(collection.read_text() + "include: {categories: [Computer Science - Machine Learning]}\n")
    build(load_project(folder))
    meta = json.loads((folder / "site/assets/digest-site/search/meta.json").read_text())
    assert meta["papers"] == 3 and meta["categories"] == ["cs.AI", "cs.LG", "cs.RO", "graphs"]
    # shown as arXiv shows them, name then code (the filters' values stay the codes: ?cat=cs.LG)
    assert meta["categoryNames"] == ["Artificial Intelligence (cs.AI)", "Machine Learning (cs.LG)", "Robotics (cs.RO)", "graphs"]
    source = element_text((folder / "site/papers/2401.00002/index.html").read_text(), "ds-paper__source")
    assert source.endswith(" · Machine Learning (cs.LG); Artificial Intelligence (cs.AI); graphs"), source


def test_an_arxiv_category_is_labelled_by_its_name_and_searched_by_it_and_its_code():
    assert category_label("cs.CL") == "Computation and Language (cs.CL)"
    assert category_label("hep-th") == "High Energy Physics - Theory (hep-th)"  # an archive that is a category
    assert [category_label(c) for c in ("math", "graphs", "zz.NM", "Machine learning")] == [
        "math", "graphs", "zz.NM", "Machine learning"]  # an archive alone, a tag, an unknown code: as they are
    # the arXiv API gives an author's ACM and MSC classes as categories beside arXiv's
    assert [category_label(c) for c in ("I.2.7", "H.3", "D.2.m", "68T50", "05Cxx", "I.27", "1234", "A.B")] == [
        "ACM I.2.7", "ACM H.3", "ACM D.2.m", "MSC 68T50", "MSC 05Cxx", "I.27", "1234", "A.B"]
    papers = [Paper(key="k", slug="p", title="T", abstract="A", source=Source("d.csv", 2), categories=("cs.CL", "graphs"))]
    (document,) = search_documents(papers, {})
    assert words(document["categories"]) == words(fold("Computation and Language cs.CL graphs"))
