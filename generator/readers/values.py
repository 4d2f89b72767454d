"""Values every reader needs from a record: an id among candidates, names as "First Last", the
text of HTML, and plain lists of what JSON gives as anything."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser

from generator.ids import arxiv_id, normalize_id


def first_last(name: str) -> str:
    """``"Lee, Ann"`` -> ``"Ann Lee"``, and ``"Smith, John, Jr."`` -> ``"John Smith Jr."`` (RIS and
    Web of Science write a suffix after a second comma); a name without one comma besides a
    suffix's stays as it is."""
    suffix = _SUFFIX.search(name)
    if suffix and suffix.group(1) == "V" and "," not in name[:suffix.start()]:
        suffix = None  # "Kumar, V" is a surname and an initial; "Smith, John, V" a suffix
    last, comma, first = name[:suffix.start()].partition(",") if suffix else name.partition(",")
    if not comma or not first.strip() or "," in first or _DEGREE.fullmatch(first.strip()) or _COMPANY.fullmatch(first.strip()):
        return name  # (and "Jane Doe, PhD": a name and a degree; "Google, Inc.", a company)
    if family_first(last.strip(), first.strip()):
        return last.strip() + first.strip()
    return " ".join([first.strip(), last.strip(), *([suffix.group(1)] if suffix else [])])


def initials_first(name: str) -> str:
    """PubMed's short form of a name, the surname then undotted initials (``"Smith JA"``,
    ``"van der Berg P"``, ``"Smith JA Jr"``), as ``"JA Smith"``: as written, BibTeX read "Smith" as
    the given name; any other name as it is."""
    match = _PUBMED_NAME.fullmatch(name.strip())
    return " ".join(filter(None, (match[2], match[1], match[3]))) if match else name


_PUBMED_NAME = re.compile(r"([^\W\d][^,;.]*?)\s+([A-Z]{1,4})(?:\s+(Jr|Sr|2nd|3rd|II|III|IV))?")


# Chinese, Japanese and Korean names are written family name first, Chinese and Japanese ones
# without a space: "王, 小明" is 王小明 (not "小明 王"), "田中, 健" 田中健
_EAST_ASIAN = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
                         "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]+")


def family_first(family: str, given: str) -> bool:
    """Whether a name of these parts is written family name first, with no space (both parts in
    Chinese or Japanese characters, or both in Hangul, which Korean writes so too)."""
    return bool(family and given and _EAST_ASIAN.fullmatch(family) and _EAST_ASIAN.fullmatch(given))


_DEGREE = re.compile(r"PhD|Ph\.\s?D\.|MD|M\.D\.|MSc|BSc|MPH|MBA|DPhil")  # as written (a given name "Md" is none)
_COMPANY = re.compile(r"Inc\.?|Ltd\.?|LLC|Corp\.?|Co\.|GmbH|plc|PLC")  # BibTeX's {Barnes and Noble, Inc.}
NAME_SUFFIX = r"(?:Jr|Sr)\.?|II|III|IV|V|2nd|3rd"  # a name's suffix, as exports write it
_SUFFIX = re.compile(r",\s*(" + NAME_SUFFIX + r")\s*$")  # PubMed XML's <Suffix> too
_ENDING_SUFFIX = re.compile(r",?\s+(" + NAME_SUFFIX + ")$")


def suffixed(name: str) -> tuple[str, str, str] | None:
    """A displayed name that ends with a suffix as (given names, surname, suffix): "John Smith Jr."
    is ("John", "Smith", "Jr."); None for any other name. A reader taking the last word for the
    surname would take the suffix (BibTeX, and Zotero reading a page's citation_author)."""
    found = _ENDING_SUFFIX.search(name)
    if not found or " " not in name[:found.start()].strip():
        return None
    first, _, last = name[:found.start()].strip().rpartition(" ")
    return first, last, found.group(1)


def paper_id(*candidates: object) -> str:
    """The arXiv id any candidate names, else the first DOI, else ""."""
    texts = [c for c in candidates if isinstance(c, str) and c.strip()]
    for text in texts:
        if found := arxiv_id(text):
            return found
    dois = (normalize_id(t) for t in texts)
    return next((d for d in dois if d.startswith("10.")), "")


def arxiv_mentions(texts: Iterable[object]) -> list[str]:
    """The arXiv ids that ``texts`` (strings, or lists of them) start with as ``arXiv:…`` (Zotero's
    BibTeX note "arXiv:2309.12345 [cs]", Google Scholar's journal "arXiv preprint
    arXiv:2309.12345"), for :func:`paper_id`. An id later in a text (a note's "compare
    arXiv:2301.00001") is another paper's, not this one's."""
    flat = [t for text in texts for t in (text if isinstance(text, list) else [text]) if isinstance(t, str)]
    return [m.group(1) for text in flat if (m := _ARXIV_MENTION.match(text))]


_ARXIV_MENTION = re.compile(r"\s*(?:arxiv\s+preprint\s+)?arxiv:\s*([\w./-]+)", re.IGNORECASE)


def as_list(value: object) -> list:
    """``value`` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def as_mapping(value: object) -> Mapping:
    """``value`` if it is an object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def name_list(authors: object) -> list[str] | None:
    """Names of a list of strings or of ``{"name": …}`` objects; None for anything but a list."""
    if not isinstance(authors, list):
        return None
    return [a["name"] if isinstance(a, Mapping) else a for a in authors
            if isinstance(a, str) or isinstance(a, Mapping) and isinstance(a.get("name"), str)]


def strings(value: object) -> list[str] | None:
    """The strings of a list (None when it holds none, or is no list)."""
    return [v for v in value if isinstance(v, str)] or None if isinstance(value, list) else None


def split_text(text: object) -> list[str] | None:
    """A string's parts between commas and semicolons; None for anything but a string."""
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()] if isinstance(text, str) else None


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment (RSS descriptions, Europe PMC's and ADS' abstracts): tags
    dropped, entities decoded, a blank line around each block (``<p>``, ``<br>``, a heading),
    and ": " after a heading ("Background: …"); a ``<script>``'s or ``<style>``'s code is no text
    (a blog's description holds WordPress' gallery CSS, an embedded post's script). Punctuation
    alone after a block ends the block before it, not a paragraph of its own (Zotero's BibTeX
    writes an abstract ``{\\textless}p{\\textgreater}…{\\textless}/p{\\textgreater}.``: its "."
    was a paragraph)."""
    if "<" not in markup and "&" not in markup:
        return markup
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return _LONE_PUNCTUATION.sub(r"\1\2", "".join(parser.parts))


_LONE_PUNCTUATION = re.compile(r"(\S)[ \t]*(?:\n[ \t]*){2,}([.,;:!?]+)[ \t]*(?=\n|$)")  # a paragraph of punctuation alone


SCRIPTS = ("sup", "sub")
_RAISED = str.maketrans("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ")
_LOWERED = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")


def scripted(text: str, tag: str) -> str:
    """The text of a ``<sup>`` or ``<sub>`` as plain text: Unicode's superscript or subscript
    characters where it has them all ("10<sup>6</sup>" is 10⁶, "H<sub>2</sub>O" H₂O; dropping the
    tag read them 106 and H2O), else a superscript after "^" ("10<sup>−3.5</sup>" is 10^−3.5),
    and letters as they are ("1<sup>st</sup>", "T<sub>c</sub>")."""
    table = _RAISED if tag == "sup" else _LOWERED
    plain = text.strip()
    if plain and all(ord(c) in table for c in plain):
        return plain.translate(table)
    if tag == "sup" and plain and not plain.isalpha():
        return "^" + plain
    return text


# Publishers' markup in the plain text of an export's fields: IEEE Xplore's formulas
# (<inline-formula><tex-math notation="LaTeX">$O(n\log n)$</tex-math></inline-formula>) and
# Scopus' scripts (CO<inf>2</inf>, cm<sup>-2</sup>), shown as tags on the page
_FORMULA = re.compile(r"<(inline|disp)-formula>\s*<tex-math[^<>]*>(.*?)</tex-math>\s*</\1-formula>", re.DOTALL)
_SCRIPT = re.compile(r"<(inf|sub|sup)>([^<>]{1,40})</\1>")


def publisher_markup(text: str) -> str:
    """``text`` with IEEE's formulas as their TeX (``$…$``, as TeX is written elsewhere) and
    Scopus' ``<inf>``, ``<sub>`` and ``<sup>`` as the text :func:`scripted` makes of them."""
    if "<" not in text:
        return text
    text = _FORMULA.sub(lambda m: m[2].strip() if m[2].strip().startswith("$") else f"${m[2].strip()}$", text)
    return _SCRIPT.sub(lambda m: scripted(m[2], "sub" if m[1] == "inf" else m[1]), text)


_BREAKS = frozenset("p div br h1 h2 h3 h4 h5 h6".split())
_CODE = frozenset(("script", "style"))
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.scripts: list[tuple[str, int]] = []  # the <sup> and <sub> open, and where their text starts
        self.code = ""  # the <script> or <style> open, whose code is no text

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _CODE:
            self.code = tag
        elif tag in _BREAKS:
            self.parts.append("\n\n")
        elif (name := tag.rpartition(":")[2]) in SCRIPTS:  # (Crossref's JATS: <jats:sup>)
            self.scripts.append((name, len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag == self.code:
            self.code = ""
        elif tag in _HEADINGS:
            self.parts.append(": ")
        elif tag in _BREAKS:
            self.parts.append("\n\n")
        elif self.scripts and self.scripts[-1][0] == tag.rpartition(":")[2]:
            name, start = self.scripts.pop()
            self.parts[start:] = [scripted("".join(self.parts[start:]), name)]

    def handle_data(self, data: str) -> None:
        if not self.code:  # (HTMLParser gives a script's or style's code as data)
            self.parts.append(data)


_ANNOUNCE = re.compile(r"^\s*arXiv:\S+\s+Announce Type:\s*\S+\s*(?:Abstract:\s*)?", re.IGNORECASE)


# arXiv's abstracts are wrapped at about 80 columns; a line that starts indented, or follows a
# blank one, starts a paragraph (as arXiv's abstract pages show them)
_ARXIV_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*|\n[ \t]+")


def arxiv_unwrapped(text: object) -> object:
    """An abstract as arXiv keeps it (its metadata, and Hugging Face's copy) without its line wraps:
    the page shows an abstract's line breaks, and every line ended mid-sentence ("models capable of
    / understanding and generating…"); paragraphs are kept, a blank line apart."""
    if not isinstance(text, str) or "\n" not in text.strip():
        return text.strip() if isinstance(text, str) else text
    return "\n\n".join(" ".join(part.split()) for part in _ARXIV_PARAGRAPH.split(text.strip()) if part.strip())


ARXIV_COLUMNS = 100  # arXiv wraps an abstract's lines at about 80 columns; room for a word or address past it


def arxiv_wrapped(text: object) -> bool:
    """Whether an abstract is wrapped as arXiv wraps them (its lines at most ARXIV_COLUMNS long, a
    line break among them): what the ``arxiv`` package, arxiv-sanity and the daily-arXiv tools
    keep of arXiv's API, read here as plain records (a paragraph written on one line, as a
    spreadsheet's abstract is, runs far longer)."""
    if not isinstance(text, str) or "\n" not in text.strip():
        return False
    return all(len(line.strip()) <= ARXIV_COLUMNS for line in text.strip().splitlines())


# A replaced version's announcement ("Announce Type: replace" or "replace-cross"): a paper of an
# earlier day, announced again with its new version
_REPLACED = re.compile(r"^\s*arXiv:\S+\s+Announce Type:\s*replace", re.IGNORECASE)


def announced_date(summary: object, date: object) -> object:
    """An announcement's date as the paper's, or "" for a replaced version's: arXiv's feeds date
    each entry by the day of the announcement, and a paper of 2023 replaced today was dated today
    (a card and ``sort: date`` showed it as new); without one, its arXiv id's month is shown."""
    return "" if isinstance(summary, str) and _REPLACED.match(summary) else date


def announcement(text: str) -> bool:
    """Whether a feed entry's summary is an arXiv announcement's ("arXiv:… Announce Type: new
    Abstract: …"): text, whatever it holds, not HTML (its abstract's "<think>" is the abstract's)."""
    return bool(_ANNOUNCE.match(text))


def announced_summary(text: str) -> str:
    """An arXiv announcement's summary without its "arXiv:… Announce Type: new Abstract:" prefix,
    lines re-joined (arXiv's feeds, and feed readers' copies of them)."""
    return " ".join(_ANNOUNCE.sub("", text).split())


def wrapped_summary(text: str) -> str:
    """An Atom entry's text summary (the arXiv API's) as :func:`announced_summary`, its paragraphs
    kept as arXiv's (:func:`arxiv_unwrapped`: the API's abstracts lost theirs). The indent every
    line shares (a summary pretty-printed in its XML) is no paragraph's."""
    unwrapped = arxiv_unwrapped(textwrap.dedent(_ANNOUNCE.sub("", text).strip("\n")))
    return unwrapped if "\n" in unwrapped else " ".join(unwrapped.split())  # (one line, which it leaves as written)
