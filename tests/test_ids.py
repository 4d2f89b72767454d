"""Tests for generator.ids: every form of an id a source gives is one canonical id."""

from __future__ import annotations

import json
import re

import pytest

from generator.ids import arxiv_id, normalize_id

ARXIV_FORMS = ["2401.00001", "2401.00001v2", "arXiv:2401.00001", "arxiv:2401.00001v3", "ARXIV:2401.00001V2",
               "https://arxiv.org/abs/2401.00001", "http://arxiv.org/pdf/2401.00001v3",
               "https://arxiv.org/pdf/2401.00001v3.pdf", "https://export.arxiv.org/abs/2401.00001?context=cs",
               "https://www.arxiv.org/abs/2401.00001/", "https://arxiv.org/html/2401.00001v1",
               "10.48550/arXiv.2401.00001", "https://doi.org/10.48550/arXiv.2401.00001",
               "arXiv:2401.00001 [cs.LG]", "  2401.00001\t", 2401.00001,
               "oai:arXiv.org:2401.00001v1"]


@pytest.mark.parametrize("raw", ARXIV_FORMS)
def test_every_arxiv_form_is_one_id(raw):
    assert normalize_id(raw) == arxiv_id(raw) == "2401.00001"


@pytest.mark.parametrize("raw", ["arXiv: 2401.00001", "arXiv:  2401.00001v2 [cs.LG]", "arxiv.org/abs/2401.00001",
                                 "www.arxiv.org/pdf/2401.00001v1", "doi.org/10.48550/arXiv.2401.00001"])
def test_hand_typed_arxiv_forms_are_the_id(raw):
    """A spreadsheet's id column typed by hand: "arXiv: 2401.00001" (a space after the colon, as
    Zotero's Extra line and DOIs' "DOI: 10.…" are read) and an address without its scheme were kept
    as they were, so a digest giving "2401.00001" made a second page of the same paper."""
    assert normalize_id(raw) == arxiv_id(raw) == "2401.00001"


@pytest.mark.parametrize("raw", ["hep-th/9901001", "arXiv:hep-th/9901001v2", "https://arxiv.org/abs/hep-th/9901001",
                                 "HEP-TH/9901001"])
def test_old_style_arxiv_ids(raw):
    assert normalize_id(raw) == "hep-th/9901001"


def test_old_style_subject_class_is_dropped_as_arxiv_does():
    assert normalize_id("math.GT/0309136v1") == "math/0309136"


@pytest.mark.parametrize("number, expected", [
    (2401.1, "2401.10000"),  # the JSON number 2401.10000 is the float 2401.1
    (json.loads("2401.10000"), "2401.10000"),
    (json.loads("1501.00010"), "1501.00010"),  # five digits from January 2015
    (json.loads("1412.0010"), "1412.0010"),  # four digits before
    (704.0001, "0704.0001"),  # a leading zero lost too
    ("2309.114", "2309.11400"),  # as a spreadsheet wrote it (tests/data/arxiv-2023-09-21.csv has these)
])
def test_ids_shortened_by_a_number_format_get_their_zeros_back(number, expected):
    assert normalize_id(number) == expected


def test_short_and_long_floats_are_different_ids():
    assert normalize_id(2401.1) != normalize_id(2401.00001)
    assert normalize_id(2401.00001) == "2401.00001"


@pytest.mark.parametrize("raw", ["1.2", "2413.00001", "2401.123456", "0612.0001", "https://example.org/2401.00001",
                                 "42", "W123", "doi:10.1000/x"])
def test_what_is_not_arxiv(raw):
    assert arxiv_id(raw) is None


@pytest.mark.parametrize("raw", ["10.1145/ABC.1", "doi:10.1145/abc.1", "DOI: 10.1145/Abc.1",
                                 "https://doi.org/10.1145/abc.1", "http://dx.doi.org/10.1145%2Fabc.1",
                                 "doi.org/10.1145/ABC.1", "www.doi.org/10.1145/abc.1"])  # (typed into a sheet)
def test_dois_are_lowercased_without_prefix(raw):
    assert normalize_id(raw) == "10.1145/abc.1"


@pytest.mark.parametrize("raw, expected", [(None, ""), ("", ""), ("  W123 ", "W123"), (42, "42"),
                                           (float("nan"), ""), (True, "")])
def test_other_ids_are_stripped_text(raw, expected):
    assert normalize_id(raw) == expected


@pytest.mark.parametrize("raw", ARXIV_FORMS + ["10.1145/ABC.1", "hep-th/9901001v2", " x "])
def test_normalising_is_idempotent(raw):
    assert normalize_id(normalize_id(raw)) == normalize_id(raw)


# Real DOI shapes: plain; an old SICI one ("<", ">", ";", ":"); ones holding "#", "%", "?", "+",
# "[", "]" (DOIs may hold any printable character); a non-ASCII one; one with "/./" in it.
DOI_SHAPES = ["10.1000/182", "10.1002/(SICI)1097-4636(199812)43:4<448::AID-JBM14>3.0.CO;2-C",
              "10.1002/(SICI)1521-396X(199701)159:1<135::AID-PSSB135>3.0.CO;2-#", "10.1000/456#789",
              "10.1000/a%b", "10.1000/a%#b", "10.1000/50%25off", "10.1000/what?x=1", "10.1000/a+b",
              "10.1641/0006-3568(2002)052[0499:DOTWCT]2.0.CO;2", "10.1000/日本語-ü", "10.1000/a/./b/../c"]


@pytest.mark.parametrize("doi", DOI_SHAPES)
def test_a_doi_link_is_a_valid_url_that_names_the_whole_doi(doi):
    """A "%" was kept as it was (an invalid escape, "…%%23…"), "[", "]" and "+" too: the DOI Handbook
    makes "%" "%25" and recommends encoding the others. The link must hold every character of the
    DOI in its path (no "#" starting a fragment, no "?" a query), escapes must be valid, and the
    link read back as a DOI is the same DOI (a page's badge re-makes the link a reader made)."""
    from urllib.parse import unquote, urlsplit

    from generator.ids import bare_doi, doi_url
    url = doi_url(doi)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("https", "doi.org", "", "")
    assert unquote(parts.path[1:]) == doi
    assert re.fullmatch(r"(?:[A-Za-z0-9/:;(),._\-~!$&'*=@]|%[0-9A-F]{2})+", parts.path)
    assert "/./" not in parts.path and "/../" not in parts.path  # a browser would drop a part
    assert bare_doi(url) == doi and doi_url(bare_doi(url)) == url


def test_a_doi_link_follows_the_handbooks_examples():
    """The DOI Handbook's own example, and its "%" rule (a DOI with "%" was linked with "%" as it was)."""
    from generator.ids import doi_url
    assert doi_url("10.1000/456#789") == "https://doi.org/10.1000/456%23789"
    assert doi_url("10.1000/a%#b") == "https://doi.org/10.1000/a%25%23b"


def test_a_ris_doi_with_a_percent_sign_links_to_that_doi(tmp_path):
    """A DOI given as a doi.org link (escaped) and as a bare DOI holding "%" give the same valid link."""
    from generator.readers import read_digest
    bare = tmp_path / "a.ris"
    bare.write_text("TY  - JOUR\nTI  - A\nAB  - B\nDO  - 10.1000/50%#off\nER  - \n", encoding="utf-8")
    linked = tmp_path / "b.ris"
    linked.write_text("TY  - JOUR\nTI  - A\nAB  - B\nDO  - https://doi.org/10.1000/50%25%23off\nER  - \n",
                      encoding="utf-8")
    urls = [read_digest(path)[0].entries[0].extra_urls for path in (bare, linked)]
    assert urls == [("https://doi.org/10.1000/50%25%23off",)] * 2


def test_an_arxiv_id_after_arxiv_and_a_space_is_the_id():
    # a sheet's "arXiv 2406.00005" was an id of its own, a second page beside 2406.00005's
    assert normalize_id("arXiv 2406.00005") == "2406.00005" and arxiv_id("arXiv  hep-th/9901001v2") == "hep-th/9901001"
