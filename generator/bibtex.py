"""BibTeX entries of papers, for reference managers.

Every entry is ``@misc`` (what arXiv itself exports for preprints, and valid without authors),
keyed by the paper's slug: unique in the collection (it is the page's URL) and never changed
once published. Text is escaped for BibTeX: outside TeX math the characters BibTeX and LaTeX
treat specially are escaped; the ``$…$`` and ``\\(…\\)`` segments the site renders as math are
kept as TeX when their braces balance and every command in them is math (a citing document runs
them: ``\\input`` or ``\\write`` would read or write its files). Titles are double-braced so
styles keep their case. Of more than 50 authors, the first 10 are named, then "and others"; a
list its source cut short ("et al.") ends in "and others" too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor

from latex2mathml import commands as latex_commands, symbols_parser

from .citation import identifiers
from .export import SPLIT_FROM, Reuse, cuts, read_hash, segment_ends
from .parallel import cores
from .ids import ARXIV_ARCHIVES
from .links import checked_url
from .model import Paper
from .readers.values import suffixed
from .render_cache import paper_hashes
from .texmath import MATH, read_text
from .categories import category_code

SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$",
           "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A consortium's thousands of authors: its first ten "and others", as INSPIRE's BibTeX does (every
# name is in the page's citation_author tags, which reference managers read). A list its source
# cut short ("et al.": Paper.et_al) ends in "and others" too.
MANY_AUTHORS, AUTHORS_NAMED = 50, 10  # up to 50 authors are all named, as arXiv exports them


def entry(paper: Paper, page_url: str = "") -> str:
    """The BibTeX entry of one paper; ``page_url`` is its page on the site, when the site's
    address is known: the entry's ``url`` when the paper has no address of its own (a citation
    points at the paper's source, not at the digest that listed it; the site's address in every
    entry took 0.33 KB per paper over the .bib files)."""
    fields = [("title", "{" + escape(paper.title) + "}")]
    if paper.authors:
        named = paper.authors if len(paper.authors) <= MANY_AUTHORS else paper.authors[:AUTHORS_NAMED]
        others = " and others" if len(named) < len(paper.authors) or paper.et_al else ""
        fields.append(("author", " and ".join(_author(a) for a in named) + others))
    if len(paper.date) >= 4:
        fields.append(("year", paper.date[:4]))
    ids = identifiers(paper)
    if ids.arxiv:
        fields += [("eprint", ids.arxiv), ("archiveprefix", "arXiv")]
        primary = category_code(paper.categories[0]) if paper.categories else ""
        if primary.split(".")[0] in ARXIV_ARCHIVES:  # not a reference manager's tag ("graphene")
            fields.append(("primaryclass", escape(primary)))
    if ids.doi:
        fields.append(("doi", _url(ids.doi)))  # verbatim, as Zotero and arXiv write it (biblatex: a verbatim field)
    url = checked_url(paper.url) or page_url  # http(s) only, as on the page
    if url:
        fields.append(("url", _url(url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key(paper)},\n{body}\n}}\n"


def entry_key(paper: Paper, page_url: str = "", whole: str | None = None) -> str:
    """A hash of what :func:`entry` reads (the code is the build cache's to know): the paper,
    by ``whole``, the hash of all its fields (:func:`generator.render_cache.paper_hashes`, made
    once a build for the render stage), and ``page_url``."""
    return read_hash((paper_hashes([paper])[0] if whole is None else whole, page_url)).hex()


def bib_files(papers: Sequence[Paper], page_urls: Sequence[str], members: dict[str, list[int]],
              compress_from: int | None = None, reuse: Reuse | None = None,
              hashes: Sequence[str] | None = None) -> dict[str, bytes]:
    """``papers.bib`` with every paper, and one ``.bib`` per topic and per digest, papers in
    display order; ``page_urls`` are the papers' full addresses ("" when unknown) and
    ``members`` the indexes of each topic's papers. From ``compress_from`` papers on (where
    ``papers.json`` is split by month) every one is stored gzipped (``papers.bib.gz``, …): at
    100,000 papers they are 70 to 100 MB of text (each paper is in its digest's file, its
    topics' and ``papers.bib``), a tenth of the site, and a quarter of that gzipped. A paper's
    own entry is on its page either way. With ``reuse``, the entries and compressed segments of the
    last build are taken up again where their papers and texts are the same: a digest puts a
    few entries in before the others in ``papers.bib`` and a few dozen topics' files, and
    gzipped whole, ``papers.bib.gz`` alone took 65 ms at 10,000 papers. ``hashes``: the papers'
    :func:`generator.render_cache.paper_hashes`, when known."""
    bib = _entries(papers, page_urls, reuse, hashes) if reuse else [entry(p, url) for p, url in zip(papers, page_urls)]
    by_digest: dict[str, list[int]] = {}
    for i, paper in enumerate(papers):
        for name in paper.digests:
            by_digest.setdefault(name, []).append(i)
    files: dict[str, Sequence[int]] = {"papers": range(len(papers))}
    files |= {f"topics/{slug}": chosen for slug, chosen in members.items()}
    files |= {f"digests/{name}": chosen for name, chosen in by_digest.items()}
    if suffix(len(papers), compress_from) == ".bib":
        return {f"{path}.bib": "\n".join(bib[i] for i in chosen).encode("utf-8") for path, chosen in files.items()}
    encoded = [text.encode("utf-8") for text in bib]
    after = cuts(papers, SEGMENT)
    reuse = reuse if reuse is not None else Reuse()
    with ThreadPoolExecutor(cores()) as pool:
        return {f"{path}.bib.gz": reuse.packed(f"{path}.bib.gz", *_joined(encoded, after, chosen), pool)
                for path, chosen in files.items()}


SEGMENT = 32  # entries a compressed segment of a .bib.gz file holds, on average (about 8 KB)


def _joined(encoded: Sequence[bytes], after: Sequence[bool], chosen: Sequence[int]) -> tuple[bytes, list[int]]:
    """The entries ``chosen`` of ``encoded``, a blank line between two, and where its segments
    end (:func:`generator.export.segment_ends`): after each entry whose ``after`` is true, so that
    a new paper's entry, put in before the others, leaves the segments after it as they were."""
    data = b"\n".join(encoded[i] for i in chosen)
    return data, segment_ends([len(encoded[i]) for i in chosen], (after[i] for i in chosen), 0, 1, len(data)) if data else []


def _entries(papers: Sequence[Paper], page_urls: Sequence[str], reuse: Reuse,
             hashes: Sequence[str] | None = None) -> list[str]:
    """Each paper's entry, the last build's where it is made of the same. Noted in ``reuse.made``:
    each new entry, and None for each one taken up (a worker process sends back no copy of it)."""
    stored, made = reuse.entries, reuse.made["bib"]
    bib = []
    for paper, url, whole in zip(papers, page_urls, paper_hashes(papers) if hashes is None else hashes):
        key = entry_key(paper, url, whole)
        text = stored.get(key)
        if isinstance(text, str):
            made[key] = None
        else:
            text = made[key] = entry(paper, url)
        bib.append(text)
    return bib


def suffix(papers: int, compress_from: int | None = None) -> str:
    """How the bulk files of a collection of ``papers`` papers end: ``.bib``, or ``.bib.gz`` from
    ``compress_from`` (default SPLIT_FROM) papers on."""
    return ".bib" if papers < (SPLIT_FROM if compress_from is None else compress_from) else ".bib.gz"


def key(paper: Paper) -> str:
    """The paper's slug: lowercase letters, digits, '.' and '-', all valid in a BibTeX key."""
    return paper.slug


def escape(text: str) -> str:
    """``text`` for a BibTeX field: math kept as TeX; outside it, the text as the page reads it
    (``Erd\\H{o}s`` is "Erdős", ``90\\%`` "90%": :func:`generator.texmath.read_text`), its specials
    escaped (the TeX itself was escaped: a reference manager showed "Erd\\H\\{o\\}s")."""
    # composed (NFC): pdfLaTeX's UTF-8 input knows "é", not "e" and a combining accent
    text = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", text)).split())
    parts, last = [], 0
    for match in MATH.finditer(text):
        parts.append(_plain(read_text(text[last:match.start()])))
        tex = match.group(0)
        parts.append(tex if _balanced(tex) and _math_only(tex) else _plain(tex))
        last = match.end()
    parts.append(_plain(read_text(text[last:])))
    return "".join(parts)


def _plain(text: str) -> str:
    """Specials escaped, braces as ``\\{`` and ``\\}``, which pandoc reads back and LaTeX prints
    (``\\textbraceleft{}`` was dropped by pandoc: "Open-{Software, Hardware}" lost its braces).
    BibTeX counts those braces too, so a brace without its pair is written as Zotero writes it,
    ``\\{\\vphantom{\\}}``, which holds its own pair."""
    paired, opened = set(), []
    for i, char in enumerate(text):
        if char == "{":
            opened.append(i)
        elif char == "}" and opened:
            paired |= {opened.pop(), i}
    return "".join(_BRACES[char, i in paired] if char in "{}" else SPECIAL.get(char, char) for i, char in enumerate(text))


_BRACES = {("{", True): r"\{", ("}", True): r"\}", ("{", False): r"\{\vphantom{\}}", ("}", False): r"\vphantom{\{}\}"}


def _math_only(tex: str) -> bool:
    """Whether every command of ``tex`` is math that the pages' renderer knows (:data:`MATH_COMMANDS`),
    each environment too (``\\begin{pmatrix}``), and it holds no ``^^`` (TeX reads ``^^5c`` as a
    backslash). A title's ``$\\input{/etc/passwd}$`` was kept as TeX: LaTeX, citing the paper,
    read that file into the citing document (``\\write``, ``\\openout`` and ``\\def`` ran as well)."""
    environments = _ENVIRONMENT.findall(tex)
    return ("^^" not in tex and not _LONE_SPECIAL.search(tex) and len(environments) == len(_BEGIN_END.findall(tex))
            and all(f"\\{name}" in MATH_COMMANDS for name in environments)
            and all(command in MATH_COMMANDS for command in _COMMAND.findall(tex)))


# A "%" or "#" not escaped: in the citing document the first comments out the rest of the line
# (its "$" and braces unclosed), the second is an error in math; such math is written as text
_LONE_SPECIAL = re.compile(r"(?<!\\)[%#]")


def _math_commands() -> frozenset[str]:
    """The commands latex2mathml renders (its symbols and its commands' names), less those that
    define commands or make links, which are no math of a title."""
    names = set(symbols_parser.SYMBOLS)
    for value in (getattr(latex_commands, name) for name in dir(latex_commands) if name.isupper()):
        names.update([value] if isinstance(value, str) else value if isinstance(value, Collection) else ())
    return frozenset(n for n in names if isinstance(n, str) and n.startswith("\\")) - DEFINING


# kept out of MATH_COMMANDS: latex2mathml reads them, but in a citing document they define
# commands (a "\\def" could redefine \\alpha) or are links and verbatim text, no math of a title
DEFINING = {"\\def", "\\newcommand", "\\newenvironment", "\\DeclareMathOperator", "\\href", "\\verb",
            "\\class", "\\style"}
MATH_COMMANDS = _math_commands()  # the commands of a math segment a .bib file keeps as TeX
_COMMAND = re.compile(r"\\[A-Za-z]+")
_BEGIN_END = re.compile(r"\\(?:begin|end)(?![A-Za-z])")
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{\s*([A-Za-z]+\*?)\s*\}")


def _balanced(tex: str) -> bool:
    """Whether the braces balance, counting escaped ones too, as BibTeX does."""
    depth = 0
    for char in tex:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _author(name: str) -> str:
    """One name as BibTeX reads it: a group's name (or one holding the word "and" or a comma, as a
    company's "Google, Inc.") braced whole, so BibTeX takes no word of it for a surname ("{The ATLAS
    Collaboration}"); a name ending with a suffix as "Last, Jr., First" ("John Smith Jr." would read
    "Jr." as the surname)."""
    if parts := suffixed(name):
        first, last, suffix = parts
        return f"{_letters(escape(last))}, {escape(suffix)}, {_letters(escape(first))}"
    shown = _letters(escape(name))
    return "{" + shown + "}" if _GROUP.search(name) or "," in name or _SEPARATOR.search(name) else shown


# What BibTeX reads as the end of a name in an author list: the word "and" anywhere in a name, at its
# start or end too ("Smith and" made "Smith and and Eve": "Smith", then "and Eve"), and a name that
# is only "others" ("and others" is et al.)
_SEPARATOR = re.compile(r"(?:^|\s)and(?:\s|$)|^\s*others\s*$", re.IGNORECASE)


# Accented Latin letters of a name as TeX's accent commands, "{\\'E}mile": BibTeX reads bytes, so it took
# the first byte of "Émile" for the initial (abbrv, IEEEtran, alpha's labels: pdflatex stopped on
# "Invalid UTF-8 byte sequence") and read "Ørsted" as a lowercase "von" part. A letter written
# {\\'E} is one character to BibTeX, and biber, pandoc and reference managers read it back as É.
# Only these: pylatexenc's encoder wrote Greek names as math ("{\\ensuremath{\\Gamma}}", and Ι, Ο as
# Latin I, O), Cyrillic ones as T2A commands ("{\\CYRI}", which pandoc dropped), "Ű" as "Ú" and
# "í" as "{\\'\\i}", a dotless ı to pandoc. Other letters (ð, đ, Greek, Cyrillic, CJK) stay as they are.
_MARKS = {"\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0307": ".", "\u0308": '"',
          "\u0306": "u ", "\u030a": "r ", "\u030b": "H ", "\u030c": "v ", "\u0323": "d ", "\u0327": "c ", "\u0328": "k "}
_OWN = {"ø": r"\o", "Ø": r"\O", "ł": r"\l", "Ł": r"\L", "ß": r"\ss", "æ": r"\ae", "Æ": r"\AE", "œ": r"\oe", "Œ": r"\OE",
        "å": r"\aa", "Å": r"\AA", "ı": r"\i"}  # {\r A} read back as " ̊A" in bibtexparser 1


def _letters(text: str) -> str:
    """Accented Latin letters as ``{\\'e}`` (a decomposed one too); other characters as they are."""
    return "".join(_letter(char) if ord(char) > 127 else char for char in unicodedata.normalize("NFC", text))


def _letter(char: str) -> str:
    if char in _OWN:
        return "{" + _OWN[char] + "}"
    base, *marks = unicodedata.normalize("NFD", char)
    if len(marks) == 1 and marks[0] in _MARKS and base.isascii() and base.isalpha():
        return "{\\" + _MARKS[marks[0]] + base + "}"
    return char


_GROUP = re.compile(r"(?<![\w-])(?:Collaboration|Consortium|Group|Team|Project|Initiative|Committee|Society|"
                    r"Association|Institute|Laboratory|Network|Alliance|Organi[sz]ation|Workshop|Council|Foundation|"
                    r"Investigators|Research|Labs?|University|Department|Inc|Ltd|Corporation|Company)(?![\w-])|^The\s",
                    re.IGNORECASE)  # (CSL-JSON's "literal" names: "OpenAI Research", "Stanford University")


def _url(url: str) -> str:
    """URLs and DOIs go verbatim (``\\url`` style), but braces and spaces, which would break the
    field: a DOI's "_" written "\\_" was a wrong DOI in biblatex, which prints its doi field as it
    is, and in JabRef."""
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20").replace("\\", "%5C")
