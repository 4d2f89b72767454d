"""Paper ids, in one place: every form a source gives becomes one canonical text.

    normalize_id("https://arxiv.org/abs/2401.00001v2")  # "2401.00001"
    normalize_id("arXiv:hep-th/9901001")                # "hep-th/9901001"
    normalize_id(2401.1)                                # "2401.10000" (a number lost its zeros)
    normalize_id("https://doi.org/10.1145/ABC.1")       # "10.1145/abc.1"
    arxiv_id("https://example.org/x")                   # None

The readers store canonical ids in :attr:`Entry.id` and ``collect`` keys papers on them, so one
paper given in several forms is one page. Rules:

- **arXiv** (bare, ``arXiv:``-prefixed, arXiv's OAI identifier ``oai:arXiv.org:…`` (the
  ``<guid>`` of its RSS feeds, which feed readers such as Feedly keep as ``originId``), an ``arxiv.org/abs|pdf|html`` URL
  (with or without its scheme, as an address typed into a spreadsheet), or the arXiv DOI
  ``10.48550/arXiv.…``): the id without its version, ``YYMM.NNNNN`` or old-style
  ``archive/YYMMNNN`` (a subject class such as ``math.GT/…`` is dropped, as arXiv does).
  A new-style id with too few digits is one that a number format (a JSON number, a spreadsheet
  cell) shortened: ``2401.1`` and ``2401.10000`` are both the JSON number 2401.1, and
  ``704.0001`` is ``0704.0001``; the zeros are put back.
- **DOI** (bare, ``doi:``-prefixed or a ``doi.org`` URL, with or without its scheme): ``10.…/…``,
  lowercased (DOIs are case-insensitive).
- anything else: the text with its ends stripped.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from urllib.parse import quote, unquote

__all__ = ["arxiv_id", "arxiv_id_of_page", "arxiv_month", "bare_doi", "normalize_id"]

# The month arXiv's ids went from four digits after the dot to five (1501 = January 2015).
FIVE_DIGITS_FROM = 1501
FIRST_NEW_STYLE = 704  # April 2007, the first YYMM.NNNN id

_NEW_STYLE = re.compile(r"(\d{3,4})\.(\d{1,5})(?:[vV]\d+)?", re.ASCII)
# hep-th/9901001, math.GT/0309136, cond-mat/0102536v2
_OLD_STYLE = re.compile(r"([a-z]+(?:-[a-z]+)*)(?:\.[a-z]{2})?/(\d{7})(?:v\d+)?", re.ASCII | re.IGNORECASE)
_ARXIV_PREFIX = re.compile(
    r"(?:oai:arxiv\.org:|arxiv(?::\s*|\s+)|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/|"
    r"(?:doi:|(?:https?://)?(?:dx\.|www\.)?doi\.org/)?10\.48550/arxiv\.)",
    re.IGNORECASE)
_URL_TAIL = re.compile(r"(?:\.pdf)?/?(?:[?#].*)?$", re.IGNORECASE)
_LISTING_TAIL = re.compile(r"\s*\[[^\]]*\]$")  # "arXiv:2401.00001 [cs.LG]", as arXiv listings print it
# arXiv's archives (a category's code is one, or one's subject class: "cs.CL"), with their names
ARXIV_ARCHIVES = {
    "astro-ph": "Astrophysics", "cond-mat": "Condensed Matter", "cs": "Computer Science",
    "econ": "Economics", "eess": "Electrical Engineering and Systems Science", "gr-qc":
    "General Relativity and Quantum Cosmology", "hep-ex": "High Energy Physics - Experiment",
    "hep-lat": "High Energy Physics - Lattice", "hep-ph": "High Energy Physics - Phenomenology",
    "hep-th": "High Energy Physics - Theory", "math": "Mathematics", "math-ph": "Mathematical Physics",
    "nlin": "Nonlinear Sciences", "nucl-ex": "Nuclear Experiment", "nucl-th": "Nuclear Theory",
    "physics": "Physics", "q-bio": "Quantitative Biology", "q-fin": "Quantitative Finance",
    "quant-ph": "Quantum Physics", "stat": "Statistics",
}
DOI_LINK = re.compile(r"https?://(?:dx\.)?doi\.org/10\.", re.IGNORECASE)  # a link to a DOI
# (a doi.org link with its scheme or without, as a spreadsheet's cell holds it: "doi.org/10.1038/…" was an
# id of its own, the paper a second page beside its DOI's)
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/)", re.IGNORECASE)
_DOI = re.compile(r"10\.\d{4,9}/\S+", re.ASCII)


def normalize_id(raw: str | int | float | None) -> str:
    """The canonical form of a paper id (see the module's rules); ``""`` for no id."""
    text = _text(raw)
    return arxiv_id(text) or _doi(text) or text


def arxiv_id(raw: str | int | float | None) -> str | None:
    """The versionless arXiv id that ``raw`` names, in any form a source gives; else ``None``."""
    return _arxiv_id_of_text(raw) if type(raw) is str else _arxiv_id(raw)


@lru_cache(maxsize=1 << 18)
def _arxiv_id_of_text(raw: str) -> str | None:
    """Remembered: a page and each listing card of a paper ask for its id again (ten times a paper)."""
    return _arxiv_id(raw)


def _arxiv_id(raw: str | int | float | None) -> str | None:
    text = _LISTING_TAIL.sub("", _text(raw))
    prefix = _ARXIV_PREFIX.match(text)
    rest = _URL_TAIL.sub("", text[prefix.end():]) if prefix else text
    return _new_style(rest) or _old_style(rest)


def arxiv_id_of_page(url: object) -> str | None:
    """The arXiv id of a paper's page on a site that names papers by it (Hugging Face's daily papers,
    ``huggingface.co/papers/2401.00020``; alphaXiv's ``alphaxiv.org/abs/2401.00020``), else None.
    For a record's own address only (a spreadsheet of Hugging Face links had no ids, so the same
    paper given by its arXiv id elsewhere was a second page): a link to such a page in a paper's
    abstract may be another paper's, and a badge to it is no arXiv link."""
    found = _ARXIV_PAGE.fullmatch(url.strip()) if isinstance(url, str) else None
    return arxiv_id(found.group(1)) if found else None


_ARXIV_PAGE = re.compile(r"(?:https?://)?(?:www\.)?(?:huggingface\.co/papers|alphaxiv\.org/(?:abs|overview))/"
                         r"([^/?#\s]+)/?(?:[?#]\S*)?", re.IGNORECASE)


def bare_doi(raw: object) -> str:
    """A DOI as written (its case kept), without the ``doi:`` or ``https://doi.org/`` before it; a
    link's escapes undone (``%3C`` is "<"), since a link is the DOI encoded (``doi_url``)."""
    if not isinstance(raw, str):
        return ""
    text = raw.strip()
    link = _DOI_LINK_PREFIX.match(text)
    return unquote(text[link.end():]) if link else _DOI_PREFIX.sub("", text, count=1)


_DOI_LINK_PREFIX = re.compile(r"(?:https?://)?(?:dx\.|www\.)?doi\.org/", re.IGNORECASE)
# What the DOI Handbook ("DOI Name Encoding Rules for URL Presentation") leaves as it is: its
# mandatory rules encode % " # SPACE ?, its recommended ones < > { } ^ [ ] ` | \ +; quote() encodes
# those and anything else outside these characters (non-ASCII as UTF-8).
_DOI_SAFE = "/:;(),._-~!$&'*=@"


def doi_url(doi: str) -> str:
    """The DOI's resolver link, the DOI encoded as the DOI Handbook says: an old SICI DOI's "<" and
    ">" ("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O") cut the link at the "<" (a
    second DOI badge led nowhere), and a "%" (a DOI may hold one) was kept as it was, an invalid
    escape ("…%%23…"); "/./" and "/../" keep a browser from dropping a part (the Handbook's note)."""
    path = quote(doi, safe=_DOI_SAFE)
    return "https://doi.org/" + path.replace("/./", "/.%2F").replace("/../", "/..%2F")


def arxiv_month(paper_id: str) -> str:
    """``YYYY-MM`` of an arXiv id's submission (``2309.12345`` → ``2023-09``, ``hep-th/9901001`` →
    ``1999-01``: arXiv's ids begin with it), else ""."""
    found = arxiv_id(paper_id)
    if not found:
        return ""
    yymm = found.split("/")[-1][:4]
    century = "19" if "/" in found and int(yymm[:2]) >= 91 else "20"  # old-style ids began in 1991
    return f"{century}{yymm[:2]}-{yymm[2:]}"


def _text(raw: str | int | float | None) -> str:
    """Text of an id as a source gave it; a number is written as Python writes it (``2401.1``)."""
    if raw is None or isinstance(raw, bool):
        return ""
    if isinstance(raw, float):
        return repr(raw) if math.isfinite(raw) else ""
    return str(raw).strip()


def _new_style(text: str) -> str | None:
    match = _NEW_STYLE.fullmatch(text)
    if not match:
        return None
    yymm, number = match.group(1).zfill(4), match.group(2)
    if not 1 <= int(yymm[2:]) <= 12 or int(yymm) < FIRST_NEW_STYLE:
        return None
    width = 5 if int(yymm) >= FIVE_DIGITS_FROM else 4
    return f"{yymm}.{number.ljust(width, '0')}" if len(number) <= width else None


def _old_style(text: str) -> str | None:
    match = _OLD_STYLE.fullmatch(text)
    return f"{match.group(1).lower()}/{match.group(2)}" if match else None


def _doi(text: str) -> str | None:
    prefix = _DOI_PREFIX.match(text)
    rest = unquote(text[prefix.end():]) if prefix else text
    return rest.lower() if _DOI.fullmatch(rest) else None
