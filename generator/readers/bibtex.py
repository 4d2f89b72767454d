"""BibTeX (``.bib``), as reference managers export it (Zotero, Better BibTeX, JabRef, arXiv).

``bibtexparser`` (2.x) splits the file into entries and knows each one's line; ``pylatexenc``
decodes TeX in the values: ``Bal{\\'a}zs`` becomes "Balázs", ``{LHC}`` becomes "LHC", while
``$…$`` math is kept for the pipeline to render. Names are split before they are decoded, so a
braced corporate author (``{The ATLAS Collaboration}``) stays whole; each becomes its display
form, "First von Last, Jr." → "First von Last Jr."; "and others" (et al.) names nobody.

The id is the arXiv id of ``eprint`` (or Mendeley's ``arxivId``, of an ``arXiv:…`` in ``journal``
or ``note`` as Google Scholar writes it, of ``volume = {abs/…}`` as Semantic Scholar and dblp
write it, or of the DOI or URL), else the DOI; the date is ``date``,
else ``year`` and ``month`` (``2023`` or ``2023-09``). A block the parser cannot read is an error
at its line, as is an entry a "}" too many closes early; the entries around it are still read.

What the parser leaves to its user: a value joined with ``#`` (``conf # " 2023"``) is joined here,
through ``@string`` values that join others (a name no ``@string`` defines is a warning at its line);
an entry's ``crossref`` gives it the date it lacks, and the entry it names (the proceedings or book)
is no paper of its own; an entry whose key an earlier one has is read as the paper it is, with a warning.
"""

from __future__ import annotations

import logging
import re
from graphlib import CycleError, TopologicalSorter

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.middlewares.names import InvalidNameError, NameParts, parse_single_name_into_parts
from bibtexparser.model import (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry as BibEntry, ImplicitComment,
                                ParsingFailedBlock, String)

from generator.errors import Problem, clipped
from generator.ids import bare_doi, doi_url
from generator.model import Entry
from generator.readers.fields import entries_of, without_cut_mark
from generator.readers.services import html_text, jats_text
from generator.readers.values import arxiv_mentions, family_first, paper_id
from generator.readers.tex import decode_tex

Result = tuple[list[Entry], list[Problem]]
# The parser logs each block it cannot read, without the file's name: read_bibtex reports it as
# a problem at its file:line instead. (It still logs errors: those are its own bugs.)
logging.getLogger("bibtexparser").setLevel(logging.ERROR)
_DECODED = ("title", "abstract", "keywords", "primaryclass", "eprintclass")
_URL_MACRO = re.compile(r"\\url\{([^{}]*)\}")  # howpublished = {\url{https://arxiv.org/abs/…}}


def read_bibtex(text: str, path: str) -> Result:
    """Entries of a BibTeX file (entries with errors left out) and the problems."""
    try:
        library = _parse(uncommented(text))
        blocks = [(block.start_line + 1, block) for block in library.entries]
        for twin in library.failed_blocks:  # an entry whose key another took: read on its own
            if isinstance(twin, DuplicateBlockKeyBlock):
                blocks += [(twin.start_line + 1 + block.start_line, block) for block in _parse(twin.raw).entries]
            elif isinstance(twin, DuplicateFieldKeyBlock):  # a field given twice: the first, as BibTeX reads it
                blocks.append((twin.start_line + 1, _first_fields(twin.ignore_error_block, library)))
    except Exception as err:  # noqa: BLE001 - a parser bug must not end the build without a file:line
        return [], [Problem(path, 1, f"could not read BibTeX: {err}")]
    problems = [_failed(block, path) for block in library.failed_blocks] + _pasted(library, path)
    cut = _closed_early(library, path)
    problems += [*cut.values(), *_cut_short(library, path, cut)]
    blocks = [(line, block) for line, block in blocks if id(block) not in cut]
    macros, found = _macros(library.strings, path)
    problems += found + _macro_problems(library.strings, macros, path) + _field_problems(blocks, macros, path)
    by_key = {block.key.lower(): block for block in library.entries}
    parents = {_crossref(block) for _, block in blocks} & set(by_key)
    entries = entries_of(((line, bib_record(block, macros, by_key.get(_crossref(block))))
                          for line, block in sorted(blocks, key=lambda found: found[0])
                          if block.key.lower() not in parents), path, problems)
    return entries, problems


def uncommented(text: str) -> str:
    """``text`` without its ``%`` comments, each line keeping its number: one between an entry's
    fields (a field commented out, a remark on a line of its own or after a value: ``year = 2020, %
    check``), which the parser took for the start of the next field's name ("% remark\\n title" is
    no title: "paper has no title"; one before the closing brace, an error that lost the entry), and
    a line outside the entries that holds an "@" (an entry commented out, ``%@article{old,``: read
    as a paper, or an error that stopped the build). Biber and JabRef read them as comments; a "%"
    inside a value is text."""
    if "%" not in text:  # (many files: nothing to scan)
        return text
    lines, depth, quoted = text.splitlines(keepends=True), 0, False
    for at, line in enumerate(lines):
        if depth == 0 and line.lstrip().startswith("%") and "@" in line:
            lines[at] = line[len(line.rstrip("\r\n")):]
            continue
        lines[at], depth, quoted = _uncommented_line(line, depth, quoted)
    return "".join(lines)


def _uncommented_line(line: str, depth: int, quoted: bool) -> tuple[str, int, bool]:
    """The line without a comment between fields (from its "%" to the line's end), the brace depth
    after it, and whether a quoted value (``title = "…"``) is still open."""
    for found in _SPECIAL.finditer(line):
        char = found.group(0)
        if char == "%" and depth == 1 and not quoted:
            return line[:found.start()].rstrip(" \t") + line[len(line.rstrip("\r\n")):], depth, quoted
        if char == '"':
            quoted = quoted != (depth == 1)
        elif char in "{}":
            depth = max(0, depth + (1 if char == "{" else -1))
            quoted = quoted and depth > 0
    return line, depth, quoted


_SPECIAL = re.compile(r'\\.|[{}"%]')  # (an escaped character, "\\{", '\\"' or "\\%", is none of them)


# Records of other formats, as text between BibTeX entries (BibTeX skips it as a comment): an
# export pasted after a .bib ("cat refs.bib more.ris > all.bib") was left out without a word
_OTHER_RECORDS = (("RIS", re.compile(r"^TY {1,2}- ", re.MULTILINE)), ("MEDLINE", re.compile(r"^PMID- ", re.MULTILINE)),
                  ("EndNote", re.compile(r"^%0 ", re.MULTILINE)), ("Web of Science", re.compile(r"^PT [A-Z]\s*$", re.MULTILINE)))


def _pasted(library: bibtexparser.Library, path: str) -> list[Problem]:
    """A warning at each stretch of text between entries that holds records of another format."""
    problems = []
    for comment in library.comments:
        text = getattr(comment, "comment", "")
        for name, start in _OTHER_RECORDS:
            if isinstance(text, str) and (found := start.search(text)):
                count = len(start.findall(text))
                problems.append(Problem(path, comment.start_line + 1 + text.count("\n", 0, found.start()),
                                        f"{count} {name} record{'s' if count != 1 else ''} between the BibTeX entries "
                                        "(text outside an @entry is a comment to BibTeX): not read; put them in a file "
                                        "of their own, with their format's extension", "warning"))
                break
    return problems


def _closed_early(library: bibtexparser.Library, path: str) -> dict[int, Problem]:
    """An error, by the entry's ``id``, for each entry a "}" too many in a field closed early
    (``title = {The {GPT}} model},``, a typo of a hand-written file): BibTeX and the parser end the
    entry there and take the rest, its other fields too, for a comment, which begins on the line
    the entry ended on. Text there that is not a ``%`` remark nor more "}" is that rest (an entry
    commented out by taking off its "@" starts on a line of its own)."""
    found = {}
    for before, block in zip(library.blocks, library.blocks[1:]):
        text, raw = getattr(block, "comment", None), getattr(before, "raw", None)
        if not (isinstance(before, BibEntry) and isinstance(block, ImplicitComment) and isinstance(text, str)
                and isinstance(raw, str) and block.start_line == before.start_line + raw.count("\n")):
            continue
        rest = text.split("\n", 1)[0].lstrip("} \t")
        if rest and not rest.startswith("%"):
            found[id(before)] = Problem(path, before.start_line + 1, f"the entry {before.key!r} ends early, at line "
                                        f"{block.start_line + 1}: a '}}' too many closes it there, and what follows, "
                                        "its other fields, would be lost (count the braces of its fields)")
    return found


# A field between the entries ("  abstract = {…},"): a "}" too many in a value of the entry before
# it (title = {A {B} title}}) ends that entry there, and BibTeX skips the rest of its fields as a
# comment: its abstract was left out without a word
_STRAY_FIELD = re.compile(r"^[ \t]*([A-Za-z][\w:.-]*)[ \t]*=[ \t]*[{\"0-9]", re.MULTILINE)


def _cut_short(library: bibtexparser.Library, path: str, cut: dict[int, Problem]) -> list[Problem]:
    """A warning at the first field of each stretch of text between entries that holds fields,
    but after an entry ``cut`` holds an error for (:func:`_closed_early`: that error says it)."""
    problems = []
    after = {id(block): before for before, block in zip(library.blocks, library.blocks[1:])}
    for comment in library.comments:
        text = comment.comment if isinstance(comment, ImplicitComment) else None  # (not an @comment{…})
        if id(after.get(id(comment))) in cut:
            continue
        if isinstance(text, str) and (found := _STRAY_FIELD.search(text)):
            problems.append(Problem(path, comment.start_line + 1 + text.count("\n", 0, found.start()),
                                    f"'{found.group(1)} = …' is outside any entry, where BibTeX skips text: a '}}' "
                                    "too many in the entry before it ends that entry early, and its fields from "
                                    "here are not read", "warning"))
    return problems


def _parse(text: str) -> bibtexparser.Library:
    return bibtexparser.parse_string(text, append_middleware=[  # (names are split by _authors)
        middlewares.NormalizeFieldKeys(), middlewares.MonthIntMiddleware(allow_inplace_modification=True)])


def _crossref(entry: BibEntry) -> str:
    return str(entry.fields_dict.get("crossref", _NoField).value or "").strip().lower()


def bib_record(entry: BibEntry, macros: dict[str, str] | None = None, parent: BibEntry | None = None) -> dict[str, object]:
    """The entry under the shared field names (``macros``: the file's ``@string`` values, by
    lowercase name). An entry's ``crossref`` (its proceedings or book, left out as a paper:
    :func:`read_bibtex`) gives it the date it lacks, as BibTeX gives it the fields it lacks. Markup
    a reference manager kept from the publisher (Zotero's abstracts of items added by DOI hold
    Crossref's JATS, ``<jats:p>``, or ``<i>``, written ``{\\textless}i{\\textgreater}``) is read as
    text: a page showed the tags."""
    values = {key: _characters(decode_tex(value)) if key in _DECODED else unescaped(value) if key in _ADDRESSES else value
              for key, value in _strings(entry, macros or {}).items()}
    dated = entry
    if parent is not None and not (values.get("date") or values.get("year")):
        dated, values = parent, {**values, **{key: value for key, value in _strings(parent, macros or {}).items()
                                              if key in ("date", "year")}}
    doi = bare_doi(values.get("doi", ""))
    dblp = _from_dblp(entry, values)
    return {
        "title": html_text(values.get("title")),
        "abstract": unwrapped(html_text(jats_text(values.get("abstract", "")))),
        "authors": [_HOMONYM.sub("", shown) if dblp else shown  # ("and others" stays: et al., no name)
                    for shown in map(display_name, _authors(entry, macros or {}))],
        "id": paper_id(values.get("eprint"), values.get("arxivid"), *_arxiv_mentions(values), doi, values.get("url"),
                       *_URL_MACRO.findall(values.get("howpublished", ""))),
        "url": values.get("url") or values.get("adsurl", ""),  # NASA ADS' own page of the paper
        "date": values.get("date") or _year_month(values.get("year", ""), dated),
        "categories": _categories(values),
        "links": [doi_url(doi)] if doi else [],
        "comments": values.get("note", ""),  # note = {Code: \url{https://github.com/…}}: its links
    }


def unescaped(address: str) -> str:
    """An address (a URL, a DOI, an id) without the TeX escapes reference managers write into it:
    Mendeley's ``forum?id=B1{\\_}xY`` and ``10.1000/abc{\\_}def`` (the links went to
    ``…forum?id=B1``, the DOI ``abc%7B%5C_%7Ddef``), ``\\%``, ``\\&``, ``\\#``, and its ``{\\~{}}``."""
    if "\\" not in address and "{" not in address:
        return address
    address = _TILDE.sub("~", address)
    return _ESCAPED.sub(r"\1", address).replace("{", "").replace("}", "")


_ADDRESSES = ("url", "doi", "eprint", "arxivid", "adsurl")  # (not howpublished: its \url{…} is read as such)
_TILDE = re.compile(r"\{?\\(?:textasciitilde|~)\s*(?:\{\})?\}?")
_ESCAPED = re.compile(r"\\([_%&#$])")


def _characters(text: str) -> str:
    """``text`` with HTML's numeric character references as their characters: the ACM Digital
    Library writes a title's emoji so (``Too Big? \\&\\#x1f99c;``, the parrot)."""
    return _CHARACTER.sub(_character, text) if "&#" in text else text


_CHARACTER = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")


def _character(found: re.Match) -> str:
    code = int(found.group(1), 16) if found.group(1) else int(found.group(2))
    return chr(code) if 0x20 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else found.group(0)


def _from_dblp(entry: BibEntry, values: dict[str, str]) -> bool:
    """Whether dblp exported the entry (its key ``DBLP:…``, its ``bibsource`` or ``biburl``): dblp
    writes its homonym numbers into the names ("Wei Zhang 0001"), as in its search results."""
    return (entry.key.startswith("DBLP:") or "dblp" in values.get("bibsource", "").lower()
            or "dblp.org" in values.get("biburl", ""))


_HOMONYM = re.compile(r"\s+\d{4}$")


def unwrapped(text: str) -> str:
    """A value's text as BibTeX and TeX read it: a line break and the indentation after it are a
    space (Paperpile, bibtool and Emacs wrap long fields at 60 to 80 columns), a blank line ends a
    paragraph (kept as one blank line)."""
    return "\n\n".join(" ".join(part.split()) for part in _PARAGRAPH.split(text.strip()))


_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")


def _arxiv_mentions(values: dict[str, str]) -> list[str]:
    """arXiv ids written where exports put them: Google Scholar's ``journal={arXiv preprint
    arXiv:2309.12345}``, NASA ADS' ``eid = {arXiv:2309.12345}``, a ``note``; Semantic Scholar's and
    dblp's ``volume = {abs/2309.12345}`` beside ``journal = {ArXiv}`` (or ``CoRR``)."""
    found = arxiv_mentions(values.get(key, "") for key in ("journal", "eid", "note", "howpublished", "pages"))
    volume = values.get("volume", "")
    if volume.startswith("abs/") and values.get("journal", "").strip().lower() in ("arxiv", "corr"):
        found.append(volume[4:])
    return found


def display_name(name: object) -> str:
    """A split name (``NameParts``) as "First von Last Jr.", TeX decoded."""
    if isinstance(name, str):
        return " ".join(decode_tex(name).split())
    first, last = (" ".join(decode_tex(part) for part in parts) for parts in (name.first, name.last))
    if not name.von and not name.jr and family_first(last, first):  # "王, 小明" is 王小明
        return last + first
    parts = [*name.first, *name.von, *name.last, *name.jr]
    return " ".join(" ".join(decode_tex(part) for part in parts).split())


def _authors(entry: BibEntry, macros: dict[str, str]) -> list[NameParts | str]:
    """The entry's authors, each split into its parts (a name bibtexparser cannot split: as
    written), from the field joined as any other (``knuth # " and Doe, Jane"``)."""
    field = entry.fields_dict.get("author")
    if field is None or field.value is None:
        return []
    value = _joined(str(field.value), macros) if field.enclosing == "no-enclosing" else str(field.value)
    names: list[NameParts | str] = []
    for name in split_names(value):
        try:
            names.append(parse_single_name_into_parts(_ACCENT.sub(r"{\g<0>}", name)))
        except InvalidNameError:
            names.append(name)
    return names


def split_names(value: str) -> list[str]:
    """The names of a BibTeX name list: split at each "and" between spaces outside braces. (Not
    bibtexparser's splitter: it drops the command a name after the first begins with, so
    ``Lee, Ann and \\v{S}koda, Petr`` gave "Petr Skoda".) An empty name is skipped
    (:func:`_field_problems` warns of it)."""
    names = [name.strip() for name in _name_pieces(value) if name.strip()]  # ("A and  and B": no name between)
    last, cut = without_cut_mark(names[-1]) if names else ("", False)
    if cut and last:  # "Doe, J. et al." was the name "J. et al. Doe": the list cut short, as "and others" says
        names[-1:] = [last, "others"]
    return names


def _name_pieces(value: str) -> list[str]:
    """What is between the "and"s of a BibTeX name list (outside braces), as written."""
    masked, depth, escaped = [], 0, False
    for char in value:  # the value with what braces hold, and escaped characters, masked
        if escaped or char == "\\":
            escaped = not escaped and char == "\\"
            masked.append("x")
            continue
        depth += (char == "{") - (char == "}" and depth > 0)
        masked.append(char if depth == 0 and char not in "{}" else "x")
    names, start = [], 0
    for found in _AND.finditer("".join(masked)):
        names.append(value[start:found.start()])
        start = found.end()
    names.append(value[start:])
    return names


_AND = re.compile(r"\s+and(?=\s)", re.IGNORECASE)  # (not eating the space before the next "and")
# An accent and its letter, braced before a name is split into its words: the splitter takes the
# "~" of "Nguy\\~{\\^e}n" for a tie and the space of "Fran\\c cois" for one between words ("Nguy ên")
_ACCENT = re.compile(r"\\(?:[`'^\"~=.]\s*|[uvHtcdbrk](?:\s+|(?=\{)))(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\\[ij](?![A-Za-z])|[A-Za-z])")


def _strings(entry: BibEntry, macros: dict[str, str]) -> dict[str, str]:
    """The fields but the authors, as text; a value the parser left as written (its enclosing
    "no-enclosing": a concatenation or a name) joined, never a braced or quoted one (``{1 # 2}``)."""
    return {field.key: _joined(str(field.value), macros) if field.enclosing == "no-enclosing" else str(field.value)
            for field in entry.fields if field.key != "author"}


def _joined(value: str, macros: dict[str, str]) -> str:
    """A value written as a concatenation (``"Part one, " # "part two"``, ``conf # "ACL"``), which
    the parser leaves as written, joined: quoted and braced pieces, numbers, and ``@string``
    names (``macros``, lowercase, expanded: :func:`_macros`) or months; a name the file does not
    define is kept as written (:func:`_value_problems` warns of it). Any other value (one a ``#`` is
    part of), or one that would join to more than ``MAX_JOINED`` characters, is itself."""
    pieces = _pieces(value)
    if pieces is None and _DOUBLED.fullmatch(value.strip()):  # "a ""quoted"" word", as a spreadsheet escapes it
        return value.strip()[1:-1].replace('""', '"')
    text = _join(pieces, macros) if pieces else None
    return value if text is None else text


_DOUBLED = re.compile(r'"(?:[^"]|"")*"')


def _join(pieces: list[str], macros: dict[str, str]) -> str | None:
    """The pieces' text, None if it is longer than ``MAX_JOINED``."""
    texts = [_piece_text(piece, macros) for piece in pieces]
    return "".join(texts) if sum(map(len, texts)) <= MAX_JOINED else None


# The longest text a value may join to from @strings: far past any real field (an abstract is a
# few thousand characters), and reached in 17 doublings (@string{s2 = s1 # s1}, …), long before
# a file of them fills the memory (40 would make a terabyte)
MAX_JOINED = 100_000


def _pieces(value: str) -> list[str] | None:
    """The pieces of a value written as a concatenation, as written (``{…}``, ``"…"``, a number, a
    name); None for a value that is none."""
    pieces, at = [], 0
    while True:
        at = _skip_space(value, at)
        end = _piece_end(value, at)
        if end is None or value[at].isdigit() and not value[at:end].isdigit():  # (a name starts with no digit)
            return None
        pieces.append(value[at:end])
        at = _skip_space(value, end)
        if at == len(value):
            return pieces
        if value[at] != "#":
            return None
        at += 1


def _is_name(piece: str) -> bool:
    return piece[0] not in "\"{" and not piece.isdigit()


def _piece_text(piece: str, macros: dict[str, str]) -> str:
    if not _is_name(piece):
        return piece if piece.isdigit() else piece[1:-1]
    return macros.get(piece.lower(), _MONTHS.get(piece.lower(), piece))


def _macros(strings: list[String], path: str) -> tuple[dict[str, str], list[Problem]]:
    """The file's ``@string`` values by lowercase name (a later definition wins, as in BibTeX), each
    as its text: one joining others (``@string{both = one # " and " # two}``) was joined one level
    only, its text a garble of names and "#" (a title that used it too). Each is joined after those
    it names, in any order; one defined through itself is an error at its line, kept as written,
    and one joining to more than MAX_JOINED characters is empty (its error: :func:`_value_problems`)."""
    written = {string.key.lower(): string for string in strings}
    names = {name: _named(string) for name, string in written.items()}
    problems, broken = [], set()
    while True:
        try:
            order = list(TopologicalSorter(names).static_order())
            break
        except CycleError as err:
            cycle = _from_first(err.args[1][:0:-1], written)  # (graphlib's is backwards, its first name twice)
            problems.append(Problem(path, written[cycle[0]].start_line + 1, f"@string {written[cycle[0]].key!r} is "
                                    f"defined through itself ({' → '.join(written[n].key for n in cycle)}): "
                                    "it is kept as written; define it with text"))
            names[cycle[0]], broken = set(), {*broken, cycle[0]}
    macros: dict[str, str] = {}
    for name in (name for name in order if name in written):
        value = str(written[name].value)
        pieces = _pieces(value) if written[name].enclosing == "no-enclosing" and name not in broken else None
        text = _join(pieces, macros) if pieces else value
        macros[name] = "" if text is None else text  # (too long: empty, or each @string joining it would be too)
    return macros, problems


def _from_first(cycle: list[str], written: dict[str, String]) -> list[str]:
    """The names of a cycle (each naming the next), from the one the file defines first, and back to it."""
    at = min(range(len(cycle)), key=lambda i: written[cycle[i]].start_line)
    return [*cycle[at:], *cycle[:at], cycle[at]]


def _named(string: String) -> set[str]:
    """The names a ``@string`` joins (none if it is braced or quoted text, ``{C# in {a} # b}``)."""
    pieces = _pieces(str(string.value)) if string.enclosing == "no-enclosing" else None
    return {piece.lower() for piece in pieces or () if _is_name(piece)}


def _value_problems(what: str, value: str, macros: dict[str, str]) -> list[tuple[str, str]]:
    """(level, message) of a concatenation's names the file does not define (BibTeX reads them as
    empty: a typo's title was "undefinedmacro # suffix" without a word), and of one that joins to
    more than MAX_JOINED characters (``@string{s20 = s19 # s19}``)."""
    pieces = _pieces(value)
    if pieces is None:
        return [("warning", f"{what}: a quote inside a quoted value is written twice, as a spreadsheet writes it "
                            '(BibTeX writes {"}): read as one' if _DOUBLED.fullmatch(value.strip()) else
                            f"{what}: not a value BibTeX reads ({clipped(value, 60)!r}): kept as written; put the text in braces")]
    unknown = [piece for piece in pieces if _is_name(piece) and piece.lower() not in macros
               and piece.lower() not in _MONTHS]
    found = [("warning", f"{what}: {name!r} is no @string of this file: kept as written; define it "
                         f"(@string{{{name} = {{…}}}}) or put the text in braces") for name in unknown]
    if sum(len(_piece_text(piece, macros)) for piece in pieces) > MAX_JOINED:
        found.append(("error", f"{what} joins @strings to more than {MAX_JOINED:,} characters (is a @string "
                               "joined to itself again and again?): not joined"))
    return found


def _macro_problems(strings: list[String], macros: dict[str, str], path: str) -> list[Problem]:
    """The problems of the ``@string`` values (:func:`_value_problems`), each at its line."""
    return [Problem(path, string.start_line + 1, message, level) for string in strings
            if string.enclosing == "no-enclosing"
            for level, message in _value_problems(f"@string {string.key!r}", str(string.value), macros)]


def _field_problems(blocks: list[tuple[int, BibEntry]], macros: dict[str, str], path: str) -> list[Problem]:
    """The problems of the fields written as concatenations or names (:func:`_value_problems`),
    and of author lists with an empty name (:func:`_empty_names`), each at its field's line
    (``line``: the entry's)."""
    def said(field) -> list[tuple[str, str]]:
        written = _value_problems(field.key, str(field.value), macros) if field.enclosing == "no-enclosing" else []
        return written + (_empty_names(field.key, str(field.value)) if field.key.lower() == "author" else [])

    return [Problem(path, line + (field.start_line or block.start_line) - block.start_line, message, level)
            for line, block in blocks for field in block.fields for level, message in said(field)]


def _empty_names(what: str, value: str) -> list[tuple[str, str]]:
    """A warning when a name list has an empty name (``Doe, Jane and  and Smith, John``): skipped, as
    if it were not there, where a name an export lost may have been."""
    pieces = _name_pieces(value)
    if len(pieces) < 2 or all(piece.strip() for piece in pieces):
        return []
    return [("warning", f"{what}: an empty name between two \"and\"s is skipped "
                        f"({clipped(' '.join(value.split()), 60)!r}): is a name missing?")]


_MONTHS = dict(zip("jan feb mar apr may jun jul aug sep oct nov dec".split(),
                   "January February March April May June July August September October November December".split()))


def _skip_space(value: str, at: int) -> int:
    while at < len(value) and value[at].isspace():
        at += 1
    return at


def _piece_end(value: str, at: int) -> int | None:
    """Where the piece of a concatenation starting at ``at`` ends (None: no piece there)."""
    if at >= len(value):
        return None
    if value[at] in "\"{":
        depth, i = 0, at + (value[at] == '"')
        while i < len(value):
            char = value[i]
            if char == "\\":
                i += 2
                continue
            depth += (char == "{") - (char == "}")
            if depth < 0:
                return None
            if depth == 0 and (char == '"' if value[at] == '"' else char == "}"):
                return i + 1
            i += 1
        return None
    end = at
    while end < len(value) and (value[end].isalnum() or value[end] in "_-:.+/"):
        end += 1
    return end if end > at else None


_ABBREVIATED_MONTHS = {**{short: number for number, short in enumerate(_MONTHS, 1)}, "sept": 9}


def _year_month(year: str, entry: BibEntry) -> str:
    month = entry.fields_dict.get("month", _NoField).value
    if not year.strip().isdigit():
        return year
    if isinstance(month, str):  # IEEE Xplore's "Sep." (the parser reads "sep", "9" and "September" as 9)
        month = _ABBREVIATED_MONTHS.get(month.strip().rstrip(".").lower(), month)
    return f"{year.strip()}-{month:02d}" if isinstance(month, int) and 1 <= month <= 12 else year.strip()


def _categories(values: dict[str, str]) -> list[str]:
    """The arXiv class (BibTeX's ``primaryClass``, biblatex's ``eprintclass``, as Better BibTeX's
    biblatex export writes it) and the keywords, less numbers (NASA ADS adds the Unified Astronomy
    Thesaurus' concept numbers, "594", among them)."""
    arxiv_class = values.get("primaryclass") or values.get("eprintclass", "")
    listed = [arxiv_class] + values.get("keywords", "").replace(";", ",").split(",")
    return list(dict.fromkeys(c.strip() for c in listed if c.strip() and not c.strip().isdigit()))


def _failed(block: ParsingFailedBlock, path: str) -> Problem:
    line = (block.start_line or 0) + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        return Problem(path, line, f"the entry key {block.key!r} is an earlier entry's too: "
                                   "this one is read as another paper", "warning")
    if isinstance(block, DuplicateFieldKeyBlock):
        fields, key = ", ".join(repr(name) for name in sorted(block.duplicate_keys)), block.ignore_error_block.key
        return Problem(path, line, f"entry {key!r} gives {fields} twice: the first is read, as BibTeX reads it", "warning")
    said = getattr(block.error, "abort_reason", None) or str(block.error or "")
    reason = next(iter(said.strip().splitlines()), "") or "unreadable entry"
    return Problem(path, line, f"invalid BibTeX: {reason}")


def _first_fields(entry: BibEntry, library: bibtexparser.Library) -> BibEntry:
    """The entry with the first of each field given more than once, read as every other entry is:
    the failed block's fields are as written (braces kept, "mar" and @string names unresolved, the
    authors one string, which was read letter by letter as names)."""
    first = {}
    for field in entry.fields:
        first.setdefault(field.key.lower(), field)
    text = "".join(f"{string.raw}\n" for string in library.strings if isinstance(getattr(string, "raw", None), str))
    text += f"@{entry.entry_type}{{{entry.key},\n" + ",\n".join(f"  {f.key} = {f.value}" for f in first.values()) + "\n}\n"
    reread = _parse(text).entries
    return reread[0] if reread else BibEntry(entry.entry_type, entry.key, list(first.values()), entry.start_line, entry.raw)


class _NoField:
    value = None
