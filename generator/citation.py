"""What a reader needs to cite a paper: its arXiv and DOI links and the metadata reference
managers read (Highwire ``citation_*`` tags, used by Zotero's connector and Google Scholar)."""

from __future__ import annotations

from dataclasses import dataclass

from .ids import DOI_LINK, arxiv_id, doi_url, normalize_id
from .links import checked_url
from .model import Link, Paper
from .readers.values import suffixed


LABELS = {"arxiv": "arXiv", "pdf": "PDF", "doi": "DOI"}  # link kind → its badge's label


@dataclass(frozen=True)
class Identifiers:
    arxiv: str = ""  # versionless arXiv id
    doi: str = ""  # lowercased DOI

    @property
    def links(self) -> tuple[Link, ...]:
        """The arXiv abstract and PDF, and the DOI's resolver, as links of the paper page."""
        found = []
        if self.arxiv:
            found += [Link(f"https://arxiv.org/abs/{self.arxiv}", "arxiv"), Link(self.pdf, "pdf")]
        if self.doi:
            found.append(Link(doi_url(self.doi), "doi"))
        return tuple(found)

    @property
    def pdf(self) -> str:
        return f"https://arxiv.org/pdf/{self.arxiv}" if self.arxiv else ""


def identifiers(paper: Paper) -> Identifiers:
    """The arXiv id and DOI of a paper, from its id or, failing that, its source URL; the DOI also
    from a doi.org link its record gives (an arXiv preprint's published version: arXiv's
    ``<arxiv:doi>``, a BibTeX ``doi`` beside its ``eprint``)."""
    arxiv = arxiv_id(paper.id) or arxiv_id(paper.url) or ""
    given = (url for url in paper.extra_urls if DOI_LINK.match(url))
    doi = next((d for d in (normalize_id(text) for text in (paper.id, paper.url, *given)) if d.startswith("10.")), "")
    return Identifiers(arxiv, "" if arxiv and doi.startswith("10.48550/") else doi)


def _cited(name: str) -> str:
    """A citation_author: a name ending with a suffix inverted, "Smith Jr., John" (Zotero and
    Google Scholar read "John Smith Jr." as the surname "Jr."; Zotero's ``cleanAuthor`` keeps two
    parts of "Smith, John, Jr.", and lost the suffix); any other name as it is."""
    parts = suffixed(name)
    return f"{parts[1]} {parts[2]}, {parts[0]}" if parts else name


def meta(paper: Paper, date: str) -> dict:
    """What the page's head shows reference managers, in the page's front matter: Highwire
    tags and OpenGraph (see ``site_templates/theme/partials/ds-meta.html``). ``date`` is the
    paper's own date, or "" (no ``citation_publication_date``: the date it was collected is not
    when it was published). ``public_url`` is the paper's own address, which Zotero saves as the
    item's URL (without it, Zotero took og:url, the digest's page, where the BibTeX entry cites
    the paper's source)."""
    ids = identifiers(paper)
    data = {"title": paper.title_text, "authors": [_cited(name) for name in paper.authors]}
    own = checked_url(paper.url)  # the BibTeX entry's url: the paper's source
    # Google Scholar reads a whole date ("2023/09/21") or a year alone: a month without its day is its year
    cited_date = date.replace("-", "/") if len(date) == 10 else date[:4]
    for name, value in (("date", cited_date), ("arxiv_id", ids.arxiv), ("doi", ids.doi), ("pdf_url", ids.pdf),
                        ("public_url", own)):
        if value:
            data[name] = value
    return data
