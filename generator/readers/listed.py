"""What a hand-made list puts on and between a paper's lines: its number or bullet ("1. Title",
"- Title"), its link or id after the title ("Title (https://arxiv.org/abs/1706.03762)",
"Title - arXiv:2005.14165"), a line holding only its link or id, under its title or its
abstract ("https://arxiv.org/abs/2502.09992", "arXiv:2502.13130"), or over its title as a paper's
page on Hugging Face puts it ("arxiv:2502.09992"), and a labelled link under its abstract
("Code: https://github.com/…"; right under a title, such a line is the paper's abstract, as written).

Read as text, a number or a link became part of the title ("1. Attention Is All You Need"), and a
link line was taken for a title (an error) or for the abstract (the pairs after it shifted). Here
they are taken off the lines and kept by line number; :mod:`generator.readers.plaintext` gives them
to the paper whose title or abstract is that line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.ids import arxiv_id_of_page
from generator.readers.values import paper_id

Line = tuple[int, str]  # (1-based line number, text)

# A line that is only a link or a paper id ("https://arxiv.org/abs/…", "arXiv:2309.10986", a DOI).
# (an arXiv id may have its archive or category after it, as arXiv's pages print it: "arXiv:2502.09992 (cs)")
LINK_ONLY = re.compile(r"https?://\S+|(?:arxiv:\s*)?\d{4}\.\d{4,5}(?:v\d+)?(?:\s+[(\[][\w.-]+[)\]])?|"
                       r"(?:doi:\s*)?10\.\d{4,9}/\S+", re.IGNORECASE)
# A labelled link under an abstract: "Code: https://github.com/…", "Project page: https://…"
_LABELLED = re.compile(r"[A-Z][\w-]*(?: [\w-]+){0,2}:\s*(?P<link>https?://\S+)")
# A paper's link or id after its title: "Title (https://arxiv.org/abs/…)", "Title - arXiv:…", "Title [doi:10.…]"
_TRAILING = re.compile(r"(?P<title>.*?\S)\s*(?:[-–—|:]\s+|\s)?[(\[<]?(?P<link>https?://\S+?|arxiv:\s*\d{4}\.\d{4,5}"
                       r"(?:v\d+)?|doi:\s*10\.\d{4,9}/\S+?)[)\]>]?[.,;]?", re.IGNORECASE)
# A list's marks: "1. ", "2) ", "[3] ", "- ", "* ", "• "
_MARK = re.compile(r"(?:\d{1,4}[.)]|\[\d{1,4}\]|[-*•])\s+(?=\S)")
MIN_MARKED = 2  # one line starting "1. " or "- " is no list


_ARCHIVE = re.compile(r"\s+[(\[][\w.-]+[)\]]$")  # "(cs)" or "[cs.CL]" after an arXiv id


def identifies(link: str) -> str:
    """The paper id a link or id names (arXiv's, a DOI, a Hugging Face or alphaXiv page's), or ""."""
    link = _ARCHIVE.sub("", link)
    return paper_id(link) or arxiv_id_of_page(link) or ""


def unmarked(lines: Sequence[Line]) -> tuple[list[Line], list[Line]]:
    """The lines without a list's numbers or bullets, when two lines or more are so marked, and the
    lines above the first marked one when every line from it on is marked (the list's heading,
    "Papers to read this week"), left out. Notes bulleted under titles leave every title."""
    marked = [i for i, (_, text) in enumerate(lines) if _MARK.match(text)]
    if len(marked) < MIN_MARKED:
        return list(lines), []
    start = marked[0] if len(marked) == len(lines) - marked[0] else 0  # a heading only above a list of items alone
    listed = [(number, _MARK.sub("", text, count=1) if _MARK.match(text) else text) for number, text in lines[start:]]
    return listed, list(lines[:start])


def without_links(lines: Sequence[Line], reads_as_prose, reads_as_title) -> tuple[list[Line], dict[int, list[str]]]:
    """The lines without the links and ids that are a paper's, and those by the number of the
    paper's line: a link after what ``reads_as_title`` (not after an abstract's last words), a
    link line under a paper's line, a labelled link line under what ``reads_as_prose``, or one
    link line over the file's first title. Other link lines stay, to be reported (a list of
    links is no digest)."""
    kept: list[Line] = []
    links: dict[int, list[str]] = {}
    for i, (number, text) in enumerate(lines):
        if LINK_ONLY.fullmatch(text) and kept and not LINK_ONLY.fullmatch(kept[-1][1]) and _takes(
                links.get(kept[-1][0], []), text):
            links.setdefault(kept[-1][0], []).append(text)
        elif (label := _LABELLED.fullmatch(text)) and kept and reads_as_prose(kept[-1][1]):
            links.setdefault(kept[-1][0], []).append(label.group("link"))
        elif LINK_ONLY.fullmatch(text) and not kept and i + 1 < len(lines) and not LINK_ONLY.fullmatch(lines[i + 1][1]):
            links.setdefault(lines[i + 1][0], []).append(text)
        elif _may_end_with_link(text) and (peeled := _TRAILING.fullmatch(text)) and identifies(peeled.group("link")) and len(
                peeled.group("title").split()) >= 2 and reads_as_title(peeled.group("title")):
            kept.append((number, peeled.group("title").rstrip(" -–—|:")))
            links.setdefault(number, []).append(peeled.group("link"))
        else:
            kept.append((number, text))
    return kept, links


TITLE_MAX_WORDS = 40  # a title with a link after it; a longer line is an abstract, not searched for one
TITLE_MAX_CHARS = 600  # (the same, in characters: a title of 40 long words and a long link)


def _may_end_with_link(text: str) -> bool:
    """A quick test before the slower one: a line short enough for a title, naming a link or id."""
    if len(text) > TITLE_MAX_CHARS:
        return False
    lowered = text.lower()
    return ("://" in text or "arxiv:" in lowered or "doi:" in lowered) and len(text.split(None, TITLE_MAX_WORDS)) <= TITLE_MAX_WORDS


def _takes(held: list[str], link: str) -> bool:
    """Whether a paper holding the links ``held`` takes ``link`` too: one id per paper (a second
    is another paper's, a list of links)."""
    return not (identifies(link) and any(identifies(h) for h in held))
