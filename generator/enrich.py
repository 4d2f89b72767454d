"""Per-paper enrichment: TeX as plain text and as MathML, links from the abstract, a one-line summary."""

from __future__ import annotations

import re

from . import ids, texmath
from .links import extract_links
from .model import Paper, replaced
from .summary import summarize

ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?")


def enrich(paper: Paper) -> Paper:
    title_text = " ".join(texmath.to_text(paper.title).split())
    abstract_text = texmath.to_text(paper.abstract)
    return replaced(
        paper,
        title_text=title_text,
        abstract_text=abstract_text,
        title_html=texmath.to_html(paper.title),
        abstract_html=texmath.to_html(paper.abstract),
        links=extract_links(" ".join((paper.abstract, *map(whole_doi_link, paper.extra_urls)))),
        summary=summarize(abstract_text),
        url=paper.url or source_url(paper.id),
    )


def whole_doi_link(url: str) -> str:
    """A doi.org link a record gives, with what a URL cannot hold percent-encoded (``ids.doi_url``):
    an arXiv feed's link to an old SICI DOI ("…49:8<693::AID-ASI4>3.0.CO;2-O") was cut at its "<"
    (a second DOI badge, leading nowhere); any other link as it is."""
    return ids.doi_url(ids.bare_doi(url)) if ids.DOI_LINK.match(url) else url


def source_url(paper_id: str) -> str:
    """The arXiv page of a bare arXiv id, new-style or old (``hep-th/9901001``, whose page the
    paper's page links too); other ids have no known home."""
    if ARXIV_ID.fullmatch(paper_id) or (paper_id and "/" in paper_id and ids.arxiv_id(paper_id) == paper_id):
        return f"https://arxiv.org/abs/{paper_id}"
    return ""
