"""Per-paper enrichment: plain text of TeX, links from the abstract, a one-line summary."""

from __future__ import annotations

from dataclasses import replace

from . import texmath
from .links import extract_links
from .model import Paper
from .summary import summarize


def enrich(paper: Paper) -> Paper:
    title_text = " ".join(texmath.to_text(paper.title).split())
    abstract_text = texmath.to_text(paper.abstract)
    return replace(
        paper,
        title_text=title_text,
        abstract_text=abstract_text,
        links=extract_links(paper.abstract),
        summary=summarize(abstract_text),
    )
