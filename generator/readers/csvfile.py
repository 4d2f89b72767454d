"""CSV digests: a header row naming the columns, then one paper per row.

Column names are matched as ``field_key`` writes them (see ``FIELD_NAMES``); others are ignored.
A row's line is where it starts, which quoted fields spanning lines push further down; a blank
row, or one of only delimiters (a spreadsheet's blank row), is skipped as a blank line is.
Fields are separated by commas, or by what else the header row is split on to name a title
column: semicolons (a spreadsheet saving CSV where the decimal mark is a comma), tabs or bars.
A cell Excel forces to be text, ``="2401.00020"``, is read as the text it shows.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Sequence

from generator.errors import Problem, clipped
from generator.model import Entry
from generator.readers.decoding import MAX_FILE_BYTES
from generator.readers.fields import dates_in_order, entry_from_record, field_key, names_of
from generator.readers.records import FieldMap, MappingUse
from generator.readers.ris import WOS_COLUMNS, wos_row

Result = tuple[list[Entry], list[Problem]]


def read_csv(text: str, path: str, field_map: FieldMap | None = None) -> Result:
    """Entries of a CSV digest (entries with errors left out) and the problems."""
    _allow_long_fields()
    delimiter = _delimiter(text, field_map or {})
    # Web of Science's tab-delimited export quotes nothing: a title's "Lost in the middle" keeps its quotes
    plain = delimiter == "\t" and WOS_COLUMNS <= set(_header(_first_line(text), delimiter))
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=csv.QUOTE_NONE if plain else csv.QUOTE_MINIMAL)
    try:
        header = next(rows, [])
        problems = _check_header(header, path, field_map or {})
        below = _header_below(text, field_map or {}) if any(p.is_error for p in problems) and rows.line_num == 1 else None
        if below:  # notes above the header: Dimensions' "About the data: Exported on …" line, a sheet's title
            delimiter, line = below
            rows = csv.reader(io.StringIO("\n" * (line - 1) + text.split("\n", line - 1)[-1], newline=""),
                              delimiter=delimiter)
            header = next((row for row in rows if row), [])
            lines = "line 1 is" if line == 2 else f"lines 1 to {line - 1} are"
            problems = [Problem(path, 1, f"{lines} no header but a note above the table (as Dimensions' "
                                         f"\"About the data\", Excel's \"sep=;\" or a sheet's title): the header is line {line}",
                                "note")]
            problems += _check_header(header, path, field_map or {}, line=line)
        if any(p.is_error for p in problems):
            return [], problems
        entries, row_problems = _read_rows(rows, header, path, field_map, text.split("\n"))
    except csv.Error as err:
        return [], [Problem(path, rows.line_num, f"invalid CSV: {err}")]
    return entries, problems + row_problems


def _allow_long_fields() -> None:
    """Let fields be as long as a file may be, so our own length checks report them."""
    if csv.field_size_limit() < MAX_FILE_BYTES:
        csv.field_size_limit(MAX_FILE_BYTES)


DELIMITERS = (",", ";", "\t", "|")  # tried in this order


def _delimiter(text: str, field_map: FieldMap) -> str:
    """The first of DELIMITERS that splits the header row into a title column, else the first that
    splits it into the most columns: the error then lists the columns of a header of other names
    (Excel's "Titel;Autoren;…", saved in a German locale, was one column), as ``--field`` names them."""
    return _title_delimiter(text, field_map) or max(DELIMITERS, key=lambda d: len(_header(_first_line(text), d)))


def _first_line(text: str) -> str:
    end = text.find("\n")
    return (text if end < 0 else text[:end]).rstrip("\r")  # not a copy of the whole file


def _header(line: str, delimiter: str) -> list[str]:
    """The columns of a header row ``line`` split by ``delimiter`` (none when it cannot be read so)."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def is_table(text: str, field_map: FieldMap | None = None) -> bool:
    """Whether ``text`` starts with a header row of two columns or more, one of them a title (by
    name, or as ``field_map`` names it), split by one of DELIMITERS (a spreadsheet saved as "Text
    (Tab delimited)" or CSV, in a ``.txt``)."""
    return _title_delimiter(text, field_map or {}, columns=2) is not None


def tab_separated(text: str, rows: int = 20) -> bool:
    """Whether ``text`` is a table of tab-separated columns (a spreadsheet saved as "Text (Tab
    delimited)" or "Unicode Text") whatever its header names: two columns or more, and its first
    ``rows`` rows of as many fields as its header, four in five. A plain-text digest's lines hold
    no tab; such a table whose columns named no title was read as one: its header a paper's title,
    its first row that paper's abstract."""
    if "\t" not in _first_line(text):
        return False
    read = [row for row in itertools.islice(csv.reader(io.StringIO(text[:MAX_SNIFFED], newline=""), delimiter="\t"),
                                             rows + 1) if any(row)]
    return len(read) >= 2 and len(read[0]) >= 2 and sum(len(row) == len(read[0]) for row in read[1:]) >= 0.8 * (len(read) - 1)


MAX_SNIFFED = 1 << 16  # characters of a file read to tell whether it is a table


def _title_delimiter(text: str, field_map: FieldMap, columns: int = 1) -> str | None:
    """The first of DELIMITERS that splits the header row into ``columns`` or more, one a title."""
    first = _first_line(text)
    for delimiter in DELIMITERS:
        header = _header(first, delimiter)
        if len(header) >= columns and _has_title(header, field_map):
            return delimiter
    return None


NOTE_LINES = 5  # lines of notes above a header: an export's "About the data", a sheet's title, a blank row or two


def _header_below(text: str, field_map: FieldMap) -> tuple[str, int] | None:
    """The delimiter and line of a header row under lines that are no header (up to NOTE_LINES)."""
    lines = text.split("\n", NOTE_LINES + 1)
    for line in range(2, min(len(lines), NOTE_LINES + 1) + 1):
        if delimiter := _title_delimiter(lines[line - 1], field_map, columns=2):
            return delimiter, line
    return None


def _has_title(header: list[str], field_map: FieldMap) -> bool:
    return (field_map.get("title") in header or bool({field_key(name) for name in header} & set(names_of("title")))
            or WOS_COLUMNS <= set(header) or _name_column(header) is not None)


def _name_column(header: list[str]) -> str | None:
    """The "Name" column read as the title, in a table with no title column but an abstract column:
    the first column of a Notion or Airtable database is its "Name"."""
    names = {field_key(name): name for name in header}
    if names.keys() & set(names_of("title")) or not names.keys() & set(names_of("abstract")):
        return None
    return names.get("name")


_SHOWN_COLUMNS = 12  # a JSON document saved as .csv is one "header" of thousands of "columns"
OTHER_FORMATS = (  # the first line of another export saved as .csv: what to do instead
    (re.compile(r"\s*[\[{]"), "; the file holds JSON: name it .json (or .jsonl for one object per line)"),
    (re.compile(r"\s*@[a-zA-Z]+\s*[{(]"), "; the file holds BibTeX: name it .bib"),
    (re.compile(r"\s*TY {1,2}- "), "; the file holds RIS: name it .ris"),
    (re.compile(r"\s*PMID- "), "; the file holds PubMed's MEDLINE format: name it .nbib"),
    (re.compile(r"\s*<"), "; the file holds XML: name it .xml"),
)


def held_instead(text: str, own: str) -> str:
    """How to name a file that holds another format than its name says (CSV named ``.json``, BibTeX
    named ``.atom``: "invalid JSON: Extra data", "invalid XML: syntax error"), for an error of its
    reader's, whose ``own`` format is not suggested ("json" or "xml"); or ""."""
    first = _COMMENTS.sub("", text[:2000])[:200]  # (BibTeX's "% Exported from Zotero" first)
    found = next((hint for start, hint in OTHER_FORMATS if start.match(first) and f"name it .{own}" not in hint), "")
    return found or ("; the file holds a table: name it .csv (or .tsv when tabs part its columns)"
                     if own != "csv" and is_table(text) else "")


_COMMENTS = re.compile(r"\A(?:\ufeff|\s|%[^\n]*\n)*")


# A header naming its columns otherwise ("Paper", a German sheet's "Titel;Autoren;…"): how to read it
_MAP_TITLE = "; name the column holding the titles with --field title=COLUMN (and the others as --field abstract=COLUMN …)"


def _check_header(header: list[str], path: str, field_map: FieldMap, line: int = 1) -> list[Problem]:
    names = {field_key(name) for name in header}
    if field_map.get("title") in header or WOS_COLUMNS <= set(header) or _name_column(header):
        return []
    if not names & set(names_of("title")):
        shown = [repr(name if len(name) <= 60 else name[:60] + "…") for name in header[:_SHOWN_COLUMNS]]
        more = f", … ({len(header) - _SHOWN_COLUMNS:,} more)" if len(header) > _SHOWN_COLUMNS else ""
        other = next((kind for start, kind in OTHER_FORMATS if start.match(",".join(header))), "")
        found = ", ".join(shown) + more or "none"
        return [Problem(path, line, f"no 'title' column (columns found: {found})" + (other or _MAP_TITLE))]
    if not names & set(names_of("abstract")):
        return [Problem(path, line, "no 'abstract' column; abstracts are empty", "warning")]
    return []


def _read_rows(rows, header: list[str], path: str, field_map: FieldMap | None, lines: Sequence[str]) -> Result:
    """The entries of the rows after the header, and the problems; ``lines``: the file's (a row's own
    lines are read again when they hold a quote, see :func:`_stray_quotes`)."""
    entries, problems, use = [], [], MappingUse(field_map, "columns")
    start = rows.line_num + 1
    written = [name.strip() for name in header]  # (a row the same is the header again: see below)
    wos = WOS_COLUMNS <= set(header)  # Web of Science's tab-delimited export: its columns are tags
    alias = None if wos or (field_map or {}).get("title") in header else _name_column(header)
    header = ["title" if name == alias else name for name in header]
    # a row's empty abstract is a warning at its line, as a JSON record's is; a table without an
    # abstract column is one warning at its header (and Web of Science's references, as its plain text's, none)
    abstracts = not wos and ("abstract" in (field_map or {}) or bool({field_key(name) for name in header}
                                                                     & set(names_of("abstract"))))
    twice = sorted({name for name, count in Counter(header).items() if count > 1 and name})
    if twice:  # "id,title,title,abstract": the first column, as a spreadsheet's lookup finds it (the last was read)
        problems.append(Problem(path, start - 1, f"the header names {', '.join(map(repr, twice))} twice: the first column is read",
                                "warning"))
    read = [(row, rows.line_num) for row in rows]  # (all first: a table's dates tell which comes first, day or month)
    delimiter = rows.dialect.delimiter
    last = len(lines) - (lines[-1] == "")  # the file's last line (the row that reaches it may be cut short)
    shortest = len(header) - _empty_last_columns([row for row, _ in read if len(row) == len(header)])
    with dates_in_order(cell for row, _ in read for cell in row):
        for row, ended in read:
            if len(row) > len(header) and not any(row[len(header):]):  # a delimiter after the last field
                row = row[:len(header)]  # (Web of Science ends each row with a tab, not its header)
            elif shortest <= len(row) < len(header):  # Excel's rows without their empty last cells
                row = row + [""] * (len(header) - len(row))
            if _is_blank(row):
                pass
            elif [field.strip() for field in row] == written:  # two exports joined by `cat`: it was a paper "Title"
                problems.append(Problem(path, start, "the header row again (two files joined?): not a paper, left out",
                                        "warning"))
            elif ended >= last and _open_at_end(lines[start - 1:], delimiter):
                problems.append(Problem(path, start, f"a quoted field that begins on this line is never closed: it runs "
                                                     f"to the end of the file (line {ended}), and every line after it "
                                                     'is read into it; is its closing quote missing? (a quote inside a '
                                                     'quoted field is written "")' if ended > start else
                                        "a quoted field on this line is never closed: the file ends inside it; is the "
                                        "file cut short, or its closing quote missing? (a quote inside a quoted field "
                                        'is written "")'))
            elif len(row) != len(header):
                message = f"row has {len(row)} fields but the header has {len(header)}"
                if ended > start and any("\n" in field for field in row):  # a quote left open runs on
                    message += (f": a quoted field that begins on this line runs on to line {ended}; is its "
                                'closing quote missing? (a quote inside a quoted field is written "")')
                problems.append(Problem(path, start, message))
            else:
                problems += [] if wos else _stray_quotes(lines[start - 1:ended], row, header, delimiter, path, start)
                row = [_shown_text(field) for field in row] if '="' in "".join(row) else row
                record = dict(zip(header[::-1], row[::-1])) if twice else dict(zip(header, row))  # (the first wins)
                record = wos_row(record) if wos else record
                use.seen(record)
                entry, found = entry_from_record(record, path, start, warn_no_abstract=abstracts, field_map=field_map)
                problems += found
                entries += [entry] if entry else []
            start = ended + 1
    return entries, problems + use.problems(path, entries=entries)


def _empty_last_columns(full: Sequence[list[str]]) -> int:
    """How many of the last columns are empty in every row of ``full`` (rows as long as the
    header; none when there is no such row). Excel leaves the delimiters of a row's empty last
    cells out after the sheet's first rows (Microsoft's KB77295): those rows were refused ("row
    has 6 fields but the header has 7"), and with them the whole file."""
    if not full:
        return 0
    width = len(full[0])
    count = 0
    while count < width - 1 and not any(row[width - 1 - count].strip() for row in full):
        count += 1
    return count


def _opened_by_a_quote(raw: Sequence[str], row: list[str], header: list[str], delimiter: str) -> list[tuple[str, str, str]]:
    """The fields of a row (its lines ``raw``) written with a quote first but not quoted whole
    (``"Attention" is all you need``, ``"A 12" screen``): CSV reads the quote as a quoted field's,
    and drops it, and the text changed without a word."""
    if len(raw) != 1:
        return []
    written = next(csv.reader([raw[0]], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])
    if len(written) != len(row):
        return []
    return [(name, value, text.strip()) for name, value, text in zip(header, row, written)
            if text.strip().startswith('"') and not text.strip().endswith('"') and value != text.strip()]


def _open_at_end(raw: Sequence[str], delimiter: str) -> bool:
    """Whether the lines ``raw`` (a row's, to the file's end) end inside a quoted field: CSV reads
    the rest of the file into it, and the papers of those lines were lost without a word."""
    return "end of data" in (_strict_error(raw, delimiter) or "")


def _strict_error(raw: Sequence[str], delimiter: str) -> str | None:
    """What CSV's strict reading finds wrong with the lines ``raw`` (a quote where none may be, a
    quoted field left open), or None."""
    try:
        for _ in csv.reader(io.StringIO("\n".join(raw), newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as err:
        return str(err)
    return None


def _stray_quotes(raw: Sequence[str], row: list[str], header: list[str], delimiter: str, path: str,
                  line: int) -> list[Problem]:
    """A warning when a quoted field of the row's lines (``raw``) holds a quote not doubled
    (``"Bad "quote" paper"``): CSV reads it as best it can, a quote less and one left over
    (``Bad quote" paper"``), and the title changed without a word."""
    if not any('"' in text for text in raw) or _strict_error(raw, delimiter) is None:
        return []
    changed = [(name, value) for name, value in zip(header, row) if '"' in value]
    if not changed and (opened := _opened_by_a_quote(raw, row, header, delimiter)):
        name, value, text = opened[0]
        quoted = '"' + text.replace('"', '""') + '"'
        return [Problem(path, line, f"a field that begins with a quote is read as a quoted one: its {name!r} is read as "
                                    f"{clipped(value)!r}; write the whole field in quotes, its own quotes doubled: "
                                    f"{clipped(quoted)}", "warning")]
    if not changed:  # (spaces after a closing quote: only they are kept)
        return []
    name, value = changed[0]
    return [Problem(path, line, f"a quoted field holds a quote that is not doubled: its {name!r} is read as {clipped(value)!r}; "
                                'inside a quoted field, write a quote as ""', "warning")]


# Excel's cell forced to be text, ="2401.00020" (a number kept whole: an arXiv id's last zero, a
# DOI-like code), written so or quoted with its quotes doubled: the text Excel shows is inside
_FORCED_TEXT = re.compile(r'="([^"]*)"')


def _shown_text(field: str) -> str:
    """A field as Excel shows it: ``="2401.00020"`` is 2401.00020 (it was the id, a paper of its own);
    any other field as it is."""
    forced = _FORCED_TEXT.fullmatch(field) if field.startswith('="') else None
    return forced.group(1) if forced else field


def _is_blank(row: list[str]) -> bool:
    """Whether a row is a blank line, or only delimiters (Excel saves a blank row as ";;;;;")."""
    return not any(field.strip() for field in row)
