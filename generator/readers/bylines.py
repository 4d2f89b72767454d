"""Author lines ("bylines") in plain-text digests: the line of names under a paper's title.

Newsletters, reading lists and alert e-mails write a paper as its title, a line of its authors,
then its abstract: "Shen Nie, Fengqi Zhu, Zebin You, Chongxuan Li"; Semantic Scholar's alert
"Shen Nie, Fengqi Zhu, +5 authors Chongxuan Li"; Google Scholar's alert "S Nie, F Zhu, Z You… -
arXiv preprint arXiv:2502.09992, 2025", names then the venue. Read as a title or an abstract, such
a line shifted the pairs (a paper titled by its authors). A line is a byline by its shape and its
place: names only, right under a line that is no abstract (see :func:`byline`), or names one a
line between a title and its abstract (:func:`one_a_line`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.ids import arxiv_id
from generator.readers.fields import CJK_LIST_MARKS

_PARTICLES = frozenset("van von der den de da di del della la le du dos das bin ibn al el y".split())
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*\.?")  # Ann, O'Neil, Jean-Pierre, J.
_SCHOLAR_INITIALS = re.compile(r"[A-Z]{1,3}")  # Google Scholar's "JT" of "JT Chiu"
_CUT = re.compile(r"\s*(?:…|\.\.\.)$")  # a list Scholar cut short: "J Zhou…"
_MORE = re.compile(r"\+\s*\d+\s+authors?\s*", re.IGNORECASE)  # Semantic Scholar's "+5 authors"
_ET_AL = re.compile(r"\s*(?:,\s*)?et\.? al\.?$")
_SCHOLAR = re.compile(r"(?P<names>.+?)\s+-\s+(?P<venue>\S.*)")  # names - venue, year
_ARXIV_VENUE = re.compile(r"arXiv:\s*(\d{4}\.\d{4,5})")  # Scholar's "arXiv preprint arXiv:2502.10248, 2025"
# APA's names, family name then initials: "Karras, T., Aittala, M., Aila, T., & Laine, S." (its commas
# parted no names a list of "First Last" names has, and the line was read as a paper of its own)
_APA_NAME = r"[^\W\d_][^\W\d_'’-]*(?: [^\W\d_][^\W\d_'’-]*){0,3}, [^\W\d_]\.(?:[ -]?[^\W\d_]\.)*"
_APA = re.compile(rf"{_APA_NAME}(?:, {_APA_NAME})*(?:,? (?:&|and) {_APA_NAME})?")
_AND = re.compile(r",?\s+(?:and|&)\s+")
# Words a title does not end with: a line ending so goes on on the next ("… Transformers for" /
# "Language Understanding"), as a title wrapped by hand or by a narrow window does; so the next
# line is no byline
DANGLING = frozenset("a an the of for and or in on with to via from by towards toward at into as under "
                     "without through beyond versus vs. is are".split())
MAX_NAME_WORDS = 4  # "Justin T Chiu", "Maria de la Cruz": a longer run of capitals is a title's
MAX_NAME_CHARS = 80  # one person's name, written out in full
SCHOLAR_VENUE_WORDS = 12  # Google Scholar's " - arXiv preprint arXiv:2502.09992, 2025" after the names
MIN_NAMES = 3  # fewer names need the abstract right under them to be taken for a byline


@dataclass(frozen=True)
class Byline:
    """What a byline gives: the names as written (a string every reader splits the same way), and
    an arXiv id when Google Scholar's venue names one in full."""

    authors: str
    id: str = ""
    cut: bool = False  # the list was cut short ("et al.", "…", "+5 authors"): more authors than named


def byline(line: str, above_is_title: bool, below_is_abstract: bool, below_labelled: bool = False) -> Byline | None:
    """The byline ``line`` is, or None. Google Scholar's ("S Nie, F Zhu - venue, 2025") needs a
    title above; a list of names needs a title above and three names or more, or a cut ("et al.",
    "…", "+5 authors"), or two names and the abstract right below, or any names and an abstract
    labelled "Abstract:" right below (an arXiv abstract page's)."""
    if not above_is_title or not few_words(line):
        return None
    scholar = _SCHOLAR.fullmatch(line)
    if scholar and all(map(_scholar_name, _CUT.sub("", scholar.group("names")).split(","))):
        named = _ARXIV_VENUE.search(scholar.group("venue"))
        names = scholar.group("names")
        return Byline(_CUT.sub("", names), arxiv_id(named.group(1)) or "" if named else "", bool(_CUT.search(names)))
    names, cut = _uncut(line)
    if _APA.fullmatch(names):
        return Byline(names, cut=cut) if len(re.findall(_APA_NAME, names)) >= 2 or cut or below_is_abstract else None
    items = _items(names)
    if not all(_is_name(item.split()) for item in items):
        return None
    enough = len(items) >= MIN_NAMES or cut or below_labelled or (len(items) == 2 and below_is_abstract)
    return Byline(names, cut=cut) if enough else None


def few_words(line: str) -> bool:
    """Whether ``line`` has few enough words for its commas to part names: a quick test that keeps
    an abstract (hundreds of words) from the slower ones, and every byline passes."""
    most = MAX_NAME_WORDS * (line.count(",") + line.count(" and ") + 1) + SCHOLAR_VENUE_WORDS
    return len(line.split(None, most)) <= most


def names_only(line: str) -> bool:
    """Whether ``line`` is one name or a list of names, whatever their number (see :func:`byline`)."""
    return few_words(line) and all(_is_name(item.split()) for item in _items(_uncut(line)[0]))


def _items(names: str) -> list[str]:
    """The items of a list of names: "A, B and C" -> A, B, C."""
    # (the marks Chinese and Japanese part names with, "王小明，李华", as every reader reads them: such
    # a line was no byline, and a paper was titled by its authors)
    names = names if names.isascii() else names.translate(CJK_LIST_MARKS)
    return [item.strip() for part in _AND.split(names.replace(";", ",")) for item in part.split(",")]


def one_a_line(names: list[str], below_is_abstract: bool) -> Byline | None:
    """The byline of names written one a line under a title (a paper's page on Hugging Face,
    its ", " lines dropped as chrome): two names or more, and the abstract right below them."""
    if len(names) < 2 or not below_is_abstract or not all(
            len(name) <= MAX_NAME_CHARS and _is_name(name.split()) for name in names):
        return None
    return Byline("; ".join(names))


def _uncut(line: str) -> tuple[str, bool]:
    """The names of ``line`` without the marks of a list cut short, and whether there were any."""
    names = _ET_AL.sub("", _CUT.sub("", _MORE.sub("", line))).strip().rstrip(",")
    return names, names != line.strip()


def _is_name(words: list[str]) -> bool:
    """Whether ``words`` are one person's name: two to four words, capitalised (see :func:`_capitalised`),
    or one word of two to five letters of a script without case ("王小明", "김철수")."""
    if len(words) == 1 and 2 <= len(words[0]) <= UNCASED_NAME_CHARS and words[0].isalpha() and _uncased(words[0]):
        return True
    return 2 <= len(words) <= MAX_NAME_WORDS and _capitalised(words)


UNCASED_NAME_CHARS = 5


def _capitalised(words: list[str]) -> bool:
    """Letters only, each word capitalised or a particle ("van"), the last capitalised; a word of a
    script without case (Chinese, Japanese, Korean: "山田 太郎") counts as capitalised."""
    return (bool(words) and all(_NAME_WORD.fullmatch(w) and (w[0].isupper() or w in _PARTICLES or _uncased(w))
                                for w in words) and (words[-1][0].isupper() or _uncased(words[-1])))


def _uncased(word: str) -> bool:
    return word.upper() == word.lower()


def _scholar_name(item: str) -> bool:
    """Whether ``item`` is a name as Google Scholar writes it: initials, then the family name ("JT Chiu")."""
    words = item.split()
    return 2 <= len(words) <= MAX_NAME_WORDS and bool(_SCHOLAR_INITIALS.fullmatch(words[0])) and _capitalised(words[1:])
