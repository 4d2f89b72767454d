"""JSON digests (a list of paper objects, or an object holding the list, as APIs wrap their
results) and JSONL. A ``.json`` file of one object per line (the Kaggle arXiv metadata snapshot,
``arxiv-metadata-oai-snapshot.json``) is read as JSON Lines.

A paper's line is the line where its object starts: the document is parsed once to check
it, then the paper list is walked with ``raw_decode`` to learn where each element starts, and
the lines are counted as the walk goes (text read by ``decoding`` has LF line ends only), so
reading stays linear in the file's size.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Sequence
from contextvars import ContextVar

from generator.errors import Problem, clipped
from generator.model import Entry
from generator.readers.decoding import line_and_column
from generator.ids import arxiv_id, normalize_id
from generator.readers.fields import ET_AL, FIELD_NAMES, OTHER_NAMES, entry_from_record, type_name
from generator.readers.records import FieldMap, MappingUse, field_key
from generator.readers.services import CSL_TYPES, is_csl, recognised

_TWICE: ContextVar[list | None] = ContextVar("json_keys_twice", default=None)  # see _pairs


def _pairs(pairs: list[tuple[str, object]]) -> dict:
    """An object's members, as JSON keeps them (a key given twice: its last value), the object and
    its keys given twice noted in ``_TWICE`` (while a file is read): ``{"papers": […], "papers":
    […]}`` lost its first list, and a record's first title, without a word."""
    found = dict(pairs)
    if len(found) != len(pairs) and (noted := _TWICE.get()) is not None:
        noted.append((found, sorted(key for key, count in Counter(key for key, _ in pairs).items() if count > 1)))
    return found


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs)
_WHITESPACE = re.compile(r"[ \t\n\r]*")

Result = tuple[list[Entry], list[Problem]]


def read_json(text: str, path: str, field_map: FieldMap | None = None) -> Result:
    """Entries of a JSON digest (entries with errors left out) and the problems, with a warning
    of each key given twice in one object (:func:`_keys_twice`)."""
    noted = _TWICE.set([])
    try:
        entries, problems = _read_json(text, path, field_map)
        return entries, problems + _keys_twice(path, 1, [])
    finally:
        _TWICE.reset(noted)


def _keys_twice(path: str, line: int | None, records: Sequence[tuple[int, object]]) -> list[Problem]:
    """A warning at the line of each of ``records`` ((line, record) read since the last call) that
    gives a key twice, itself or an object inside it (an author), and at ``line`` one for each other
    object noted that does (the object the paper list is in); ``line`` None: those are kept for a
    later call. A file is read whole, then its papers one by one: an object alike to one told of
    (:func:`_signature`) is that one read again, not told twice."""
    noted, problems, told, rest = _TWICE.get(), [], set(), []
    if not noted:
        return []
    owner = {id(inner): (at, inner is record) for at, record in records for inner in _objects(record)}
    for found, keys in noted:
        if id(found) not in owner:
            rest.append((found, keys))
            continue
        at, whole = owner[id(found)]
        told.add(_signature(found, keys))
        problems.append(Problem(path, at, f"{'the paper' if whole else 'an object of the paper'} gives "
                                          f"{', '.join(map(repr, keys))} twice: the last is read (as every JSON reader "
                                          "reads it)", "warning"))
    rest = [(found, keys) for found, keys in rest if _signature(found, keys) not in told]
    if line is None:
        noted[:] = rest
        return problems
    for found, keys in rest:
        if (signature := _signature(found, keys)) not in told:
            told.add(signature)
            problems.append(Problem(path, line, f"an object gives {', '.join(map(repr, keys))} twice: the last is read "
                                                "(as every JSON reader reads it), the first's value is not", "warning"))
    noted.clear()
    return problems


def _objects(value: object):
    """``value`` when it is an object, and the objects inside it, at any depth."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _signature(found: dict, keys: list[str]) -> str:
    """The keys an object gives twice and the values read of them: alike in each reading of it."""
    return repr([(key, found[key]) for key in keys])


def _read_json(text: str, path: str, field_map: FieldMap | None = None) -> Result:
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except (ValueError, RecursionError) as err:
        if _is_json_lines(text, err):
            return read_jsonl(text, path, field_map)
        from generator.readers.csvfile import held_instead  # (csvfile reads JSON's first line too)

        problem = _invalid(path, err, 1, text)
        return [], [dataclasses.replace(problem, message=problem.message + held_instead(text, "json"))]
    start = _skip(text, 0)
    if _keyed_papers(data):
        return _entries(_keyed_items(text, start), text, path, field_map)
    if _table_rows(data):
        _TWICE.get().clear()  # (the walk reads every member, a topic given twice too)
        records, problems = _row_records(text, start, path)
        entries, found = _entries(records, text, path, field_map)
        return entries, [Problem(path, 1, _NO_ABSTRACTS, "note"), *problems, *found]
    keys, whole = papers_path(data), data
    for key in keys:
        start = _value_offset(text, start, key)
        data = data[key]
    if isinstance(data, dict) and (_has_title(data) or isinstance(data.get("paper"), dict)):
        # one paper (Hugging Face's /api/papers/ID, a CSL item, Crossref's /works/DOI "message")
        return _entries([(start, data)], text, path, field_map)
    if not isinstance(data, list):
        line = line_and_column(text, start)[0]
        expected = 'a list of papers, or an object with a "papers" list (or with one list of papers)'
        hint = _web_rows_hint(data) or _export_index_hint(whole)
        return [], [Problem(path, line, f"expected {expected}, got {type_name(data)}{hint}")]
    return _entries(_array_items(text, start), text, path, field_map)


def _web_rows_hint(data: object) -> str:
    """What to read instead of a daily-arXiv generator's web or WeChat JSON (``cv-arxiv-daily-web.json``:
    each topic's papers as Markdown list items, ``"- 2021-12-22, **NICE-SLAM: …**, Zihan Zhu et.al.,
    Paper: […](…)"``), written beside the JSON of table rows that is read."""
    if (isinstance(data, dict) and data and all(isinstance(rows, dict) for rows in data.values())
            and any(data.values()) and all(isinstance(row, str) and row.startswith("- ")
                                           for rows in data.values() for row in rows.values())):
        return (" (a daily-arXiv generator's web or WeChat JSON, its papers as list items: read its JSON of "
                "table rows, cv-arxiv-daily.json or its fork's name)")
    return ""


def _export_index_hint(data: object) -> str:
    """What to read instead of a large digest-site collection's ``papers-index.json``, which names
    the gzipped parts its papers are in (``export/papers-2024-05.json.gz``)."""
    shards = data.get("shards") if isinstance(data, dict) else None
    parts = [s["path"] for s in (shards if isinstance(shards, list) else [])
             if isinstance(s, dict) and isinstance(s.get("path"), str)]
    if not parts or not all(part.endswith(".json.gz") for part in parts):
        return ""
    more = f", … ({len(parts) - 2:,} more)" if len(parts) > 2 else ""
    return (f" (the index of a digest-site export, whose papers are in its {len(parts):,} parts: decompress "
            f"{', '.join(parts[:2])}{more} and add those)")


def read_jsonl(text: str, path: str, field_map: FieldMap | None = None) -> Result:
    """Entries of a JSON Lines digest: one object per line, blank lines ignored. A file that is one
    JSON document over several lines (a list written with indents, as ``json.dump(…, indent=2)`` and
    ``jq`` write it, saved as ``.jsonl``) is read as the JSON it is: each of its lines was an error."""
    if not starts_json_lines(text) and parses(text):
        return read_json(text, path, field_map)
    entries, problems, hint, use = [], [], _KeysHint(), MappingUse(field_map)
    noted = _TWICE.set([])
    try:
        for number, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line.removeprefix("\ufeff"), object_pairs_hook=_pairs)  # (a BOM: files joined with cat)
            except (ValueError, RecursionError) as err:
                problems.append(_comma_after(path, err, number) or _invalid(path, err, number, line))
                continue
            problems += _keys_twice(path, number, [(number, record)])
            _add_entry(entries, problems, record, path, number, field_map, hint, use)
    finally:
        _TWICE.reset(noted)
    return entries, problems + use.problems(path, entries=entries)


def parses(text: str) -> bool:
    """Whether ``text`` is a JSON document."""
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _comma_after(path: str, err: Exception, line: int) -> Problem | None:
    """The error of a JSON Lines record with a comma after it (``{…},``, a list's records with its
    brackets taken off), which Python calls "Extra data"; None for any other error."""
    if not (isinstance(err, json.JSONDecodeError) and err.msg.startswith("Extra data") and err.doc[err.pos:].strip() == ","):
        return None
    return Problem(path, line, f"invalid JSON: a comma after the record (column {err.colno}): JSON Lines holds one "
                               "object a line, with nothing after it; remove it")


def _entries(items: list[tuple[int, object]], text: str, path: str, field_map: FieldMap | None) -> Result:
    entries, problems, hint, use = [], [], _KeysHint(), MappingUse(field_map)
    # the line of text[counted] and where it starts: items come in order, so each character is counted once
    line, counted, line_start, placed = 1, 0, 0, []
    for offset, record in items:
        newlines = text.count("\n", counted, offset)
        if newlines:
            line_start = text.rfind("\n", counted, offset) + 1
        line, counted = line + newlines, offset
        placed.append((line, offset - line_start + 1, record))
    shared = Counter(line for line, _, _ in placed)  # a line of several papers: an API's answer on one line
    csl_file = any(isinstance(record, dict) and is_csl(record) for _, record in items)
    problems += _keys_twice(path, None, [(line, record) for line, _, record in placed])
    for number, (line, column, record) in enumerate(placed, 1):
        before = len(problems)
        _add_entry(entries, problems, record, path, line, field_map, hint, use, csl_file)
        if shared[line] > _FINDABLE:  # "file.json:1" alone would not say which of its thousands of papers
            problems[before:] = [dataclasses.replace(p, message=f"{p.message} (paper {number} of the list, at column "
                                                                 f"{column:,})") for p in problems[before:]]
    return entries, problems + use.problems(path, entries=entries)


_FINDABLE = 10  # papers on one line that a reader finds without help


def _add_entry(entries, problems, record, path: str, line: int, field_map: FieldMap | None, hint: _KeysHint,
               use: MappingUse, csl_file: bool = False) -> None:
    """``csl_file``: the file holds CSL-JSON items, so an item of a CSL type that holds no field
    telling it (``{"id": "note1", "type": "document", "title": …}``) is one too: its ``id`` is a
    citation key, never the paper's id (it was the paper's id and page address)."""
    if record is None:  # Semantic Scholar's /paper/batch answers null for an id it does not know
        problems.append(Problem(path, line, "null, no paper (an API's answer for an id it did not find): skipped", "note"))
        return
    if not isinstance(record, dict):
        problems.append(Problem(path, line, f"paper must be an object, got {type_name(record)}"))
        return
    written = _as_written(record)  # a record add wrote (entries_jsonl): its empty abstract was told when it was added
    if field_map and written:  # read as written,
        field_map = None  # not through the collection's mapping of another export ("authors[].name" read
    else:  # its list of names as no author at all)
        use.seen(record)
    kind = record.get("type")
    as_csl = csl_file and isinstance(kind, str) and kind in CSL_TYPES and recognised(record) is None
    entry, found = entry_from_record(record, path, line, field_map=field_map, warn_no_abstract=not written,
                                     csl_item=as_csl)
    problems.extend(hint.added(found, record))
    if entry is not None:
        entries.append(entry)


NO_TITLE = "paper has no title"


class _KeysHint:
    """Once a file: a record with no title field at all says where its fields are."""

    def __init__(self) -> None:
        self.given = False

    def added(self, found: list[Problem], record: dict) -> list[Problem]:
        """``found``, its "no title" saying where the record's fields are, the first time."""
        if self.given or not any(p.message == NO_TITLE for p in found) or any(field_key(k) == "title" for k in record):
            return found
        self.given = True
        return [dataclasses.replace(p, message=f"{NO_TITLE} {_keys_hint(record)}") if p.message == NO_TITLE else p
                for p in found]


def _keys_hint(record: dict) -> str:
    """Where a record's fields are, for a mapping: "(its fields: record.headline, record.text, …;
    name the title's with --field title=PATH, or under fields: in collection.yml)"."""
    paths = [f"{key}.{inner}" if isinstance(value, dict) else str(key)
             for key, value in record.items() for inner in (value if isinstance(value, dict) else [None])][:8]
    return (f"(its fields: {', '.join(paths)}{', …' if len(paths) == 8 else ''}; name the title's with "
            "--field title=PATH, or under fields: in collection.yml)")


def _invalid(path: str, err: Exception, line: int = 1, text: str = "") -> Problem:
    """A Problem for a parse error of ``text``, which starts at ``line``; JSONDecodeError knows its line."""
    if isinstance(err, json.JSONDecodeError) and (comma := _trailing_comma(err.doc, err.pos)) is not None:
        at, column = line_and_column(err.doc, comma)
        closing = err.doc[comma + 1:].lstrip(JSON_SPACE)[0]
        return Problem(path, line + at - 1, f"invalid JSON: a comma before the closing {closing} (column {column}): remove it")
    if isinstance(err, json.JSONDecodeError):
        return Problem(path, line + err.lineno - 1, f"invalid JSON: {err.msg} (column {err.colno})")
    if isinstance(err, RecursionError):
        return Problem(path, line, "invalid JSON: nested too deeply")
    if found := _LONG_NUMBER.search(text):  # Python's ValueError names neither line nor column
        at, column = line_and_column(text, found.start())
        return Problem(path, line + at - 1, f"invalid JSON: a whole number of {len(found.group()):,} digits, more than "
                                            f"Python reads (column {column}): put it in quotes")
    return Problem(path, line, f"invalid JSON: {err}")


def _trailing_comma(doc: str, pos: int) -> int | None:
    """Where the comma is in ``doc`` when the JSON error at ``pos`` is a comma before a closing
    bracket (``{"title": "x",}``, as hand-edited files and JavaScript have it), else None.
    Python 3.13 says "Illegal trailing comma" at the comma; 3.11 and 3.12 said "Expecting
    property name enclosed in double quotes" or "Expecting value" at the bracket, often on the
    next line: the same file was an error at another line on each Python, and a puzzling one."""
    comma = pos if doc[pos:pos + 1] == "," else len(doc[:pos].rstrip(JSON_SPACE)) - 1
    if comma < 0 or doc[comma:comma + 1] != "," or doc[comma + 1:].lstrip(JSON_SPACE)[:1] not in ("}", "]") \
            or doc[:comma].rstrip(JSON_SPACE)[-1:] in ("", ":", ",", "[", "{"):  # (after a value only)
        return None
    return comma


JSON_SPACE = " \t\n\r"  # the whitespace JSON allows between values


# A whole number too long for int() (sys.get_int_max_str_digits: 4,300), outside a string or not
_LONG_NUMBER = re.compile(r"(?<![\w.])\d{4301,}(?![\w.])")


def _skip(text: str, index: int) -> int:
    """The index of the first non-whitespace character at or after ``index``."""
    return _WHITESPACE.match(text, index).end()


def _array_items(text: str, index: int) -> list[tuple[int, object]]:
    """(offset, value) of each element of the valid JSON array starting at ``index``."""
    items, index = [], _skip(text, index + 1)
    while text[index] != "]":
        value, end = _DECODER.raw_decode(text, index)
        items.append((index, value))
        index = _skip(text, end)
        index = _skip(text, index + 1) if text[index] == "," else index
    return items


def _keyed_papers(data: object) -> bool:
    """Whether ``data`` is papers keyed by their ids, as a database dumped with ``json.dump`` gives
    them (arxiv-sanity's papers table: ``{"2309.12345": {"title": …}, …}``): an object of objects,
    most of them with a paper's fields (one without a title is a paper in error at its line), that
    has no title itself. Unless its keys are ids, an object wrapping one
    list of objects is read as before, the list its papers: ``{"response": {"title": "Search
    results", "docs": [{"title": …}, …]}}`` is no paper titled "Search results" (nor when its docs'
    titles are under another name, which a field mapping gives). Nor, unless its keys are ids, is
    an object of objects that have a title and none of a paper's other fields: a site's settings
    or translations, ``{"en": {"title": "Home", "theme": …}, "fr": {…}}``, are no papers."""
    if not (isinstance(data, dict) and data and not _has_title(data) and "papers" not in data
            and all(isinstance(value, dict) for value in data.values())):
        return False
    fielded = 2 * sum(_has_paper_field(value) for value in data.values()) > len(data)
    if all(_key_id(key) for key in data):
        return fielded
    return fielded and any(_paper_like(value) for value in data.values()) and not papers_path(data)


_ID_NAMES = frozenset(FIELD_NAMES["id"] + OTHER_NAMES["id"])
_PAPER_NAMES = frozenset(name for names in (FIELD_NAMES, OTHER_NAMES) for field, aliases in names.items()
                         if field != "title" for name in aliases)


def _has_paper_field(record: dict) -> bool:
    """Whether ``record`` has a title or another of a paper's fields: a record without a title is
    still one of the papers beside it (an error at its line, not a reason to read its authors as the papers)."""
    return _has_title(record) or any(field_key(key) in _PAPER_NAMES for key in record)


def _paper_like(record: dict) -> bool:
    """Whether ``record`` has a title and another of a paper's fields (or is Hugging Face's ``{"paper": {…}}``)."""
    return isinstance(record.get("paper"), dict) or (_has_title(record) and any(field_key(key) in _PAPER_NAMES
                                                                                for key in record))
_DOI = re.compile(r"10\.\d{4,9}/\S+")


def _key_id(key: str) -> bool:
    return bool(arxiv_id(key) or _DOI.fullmatch(normalize_id(key)))


def _keyed_items(text: str, index: int) -> list[tuple[int, object]]:
    """(offset, value) of each value of the valid JSON object at ``index``; a value with no id of
    its own gets its key as the id when the key is an arXiv id or a DOI."""
    items = []
    for key, start, value in _members(text, index):
        if isinstance(value, dict) and _key_id(key) and not any(field_key(name) in _ID_NAMES for name in value):
            value = _renamed(value, {"id": key, **value})
        items.append((start, value))
    return items


def _renamed(old: dict, new: dict) -> dict:
    """``new``, noted as ``old`` was of the keys it gives twice (:func:`_pairs`)."""
    noted = _TWICE.get() or []
    noted[:] = [(new if found is old else found, keys) for found, keys in noted]
    return new


def _members(text: str, index: int):
    """(key, offset, value) of each member of the valid JSON object at ``index``."""
    index = _skip(text, index + 1)
    while text[index] != "}":
        key, end = _DECODER.raw_decode(text, index)
        start = _skip(text, _skip(text, end) + 1)  # past the ":"
        value, end = _DECODER.raw_decode(text, start)
        yield key, start, value
        index = _skip(text, end)
        index = _skip(text, index + 1) if text[index] == "," else index


def _table_rows(data: object) -> bool:
    """Whether ``data`` is a daily-arXiv generator's (cv-arxiv-daily and its forks): topics holding
    each paper's Markdown table row by arXiv id, ``{"SLAM": {"2112.12130": "|**2021-12-22**|**NICE-SLAM:
    …**|Zihan Zhu et.al.|[2112.12130](http://arxiv.org/abs/2112.12130)|**[link](https://github.com/…)**|\n"}}``:
    at least half of the values rows of four cells or more (the others are errors at their lines; a
    config's ``{"sep": "|"}`` is none)."""
    if not (isinstance(data, dict) and data and all(isinstance(rows, dict) for rows in data.values())):
        return False
    rows = [row for rows in data.values() for row in rows.values()]
    return bool(rows) and 2 * sum(_is_row(row) and row.count("|") > 4 for row in rows) >= len(rows)


def _is_row(value: object) -> bool:
    return isinstance(value, str) and value.lstrip().startswith("|")


_NO_ABSTRACTS = ("a daily-arXiv generator's table rows: titles, first authors, dates, arXiv and code links, but no "
                 "abstracts (save what the arXiv API answers for their ids, https://export.arxiv.org/api/query?"
                 "id_list=ID1,ID2&max_results=100, and add it too: its records give these papers their abstracts)")
_BOLD = re.compile(r"\*\*(.*)\*\*|__(.*)__", re.DOTALL)
_MD_LINK = re.compile(r"\[[^\]]*\]\((https?://[^)\s]+)\)")


def _row_records(text: str, index: int, path: str) -> tuple[list[tuple[int, object]], list[Problem]]:
    """(offset, record) of each paper of a daily-arXiv generator's JSON (see ``_table_rows``): its
    row's date, title, first author, arXiv link and code links (a fork's further cells of text, a
    summary or a comment, are not read, which a note says), its key as the id and its topics as categories; a paper filed
    under several topics is one record. The rows hold no abstracts. A value that is no row is an
    error at its line (the walk meets a key given twice, which ``json.loads`` kept the last of)."""
    records: dict[str, tuple[int, dict]] = {}
    problems, lines, unread = [], _LineCounter(text), []
    for topic, start, rows in _members(text, index):
        if not isinstance(rows, dict):
            problems.append(Problem(path, lines.at(start), f"topic '{topic}': expected its papers' table rows by "
                                                           f"arXiv id, got {type_name(rows)}"))
            continue
        for key, offset, row in _members(text, start):
            if not _is_row(row):
                got = f"'{row[:40]}'" if isinstance(row, str) else type_name(row)
                problems.append(Problem(path, lines.at(offset), f"paper '{key}': expected a Markdown table row "
                                                                f"(|date|title|first author|arXiv link|…|), got {got}"))
                continue
            if key in records:
                records[key][1]["categories"].append(topic)
                continue
            cells = _cells(row)
            unbold = [next((g for g in match.groups() if g is not None), "") if (match := _BOLD.fullmatch(cell))
                      else cell for cell in cells]
            link = _MD_LINK.search(cells[3])
            records[key] = offset, {"id": key, "date": unbold[0], "title": unbold[1], "authors": unbold[2],
                                    "url": link.group(1) if link else "", "categories": [topic],
                                    "links": [url for cell in cells[4:] for url in _MD_LINK.findall(cell)]}
            unread += [(lines.at(offset), more) for cell in cells[4:]
                       if not _NO_TEXT.fullmatch(more := _ANY_LINK.sub("", cell))][:1]
    if unread:  # not lost with no word
        problems.append(Problem(path, unread[0][0], f"{len(unread):,} row(s) have further cells of text, which are not "
                                                    f"read (a fork's comment or summary: '{clipped(unread[0][1], 60)}')", "note"))
    return list(records.values()), problems


_ANY_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)")
_NO_TEXT = re.compile(r"(?:\W|_|null|none|n/a)*", re.IGNORECASE)  # a cell with nothing but links: "**[link](…)**", "null"


_PIPE = re.compile(r"(?<!\\)\|")  # a cell's own "|" is written "\|"
_ARXIV_LINK = re.compile(r"\[[^\]]*\]\(https?://(?:www\.|export\.)?arxiv\.org/")


def _cells(row: str) -> list[str]:
    """A table row's cells, four at least: a title's own "|" (the generators write it as it is, or
    as "\\|") makes no more cells when the arXiv link's cell says where the authors' cell is."""
    parts = _PIPE.split(row.strip().strip("|"))
    at = next((i for i in range(3, len(parts)) if _ARXIV_LINK.match(parts[i].strip())), 3)
    cells = [cell.strip().replace("\\|", "|") for cell in (parts[0], "|".join(parts[1:at - 1]), *parts[at - 1:])]
    return cells + [""] * (4 - len(cells))


class _LineCounter:
    """The line of each of a text's offsets, given in order: each character is counted once."""

    def __init__(self, text: str) -> None:
        self.text, self.line, self.counted = text, 1, 0

    def at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.counted, offset)
        self.counted = offset
        return self.line


def _is_json_lines(text: str, err: Exception) -> bool:
    """Whether a document that is not JSON is JSON Lines: more data after a first object that ends
    its line."""
    return isinstance(err, json.JSONDecodeError) and err.msg.startswith("Extra data") and starts_json_lines(text)


def starts_json_lines(text: str) -> bool:
    """Whether the first line of ``text`` (after blank space) is a JSON object, as a JSON Lines
    record is (a line ``[1]`` is JSON, but no record)."""
    start = _skip(text, 0)
    end = text.find("\n", start)
    try:
        return isinstance(json.loads(text[start:] if end < 0 else text[start:end]), dict)
    except (ValueError, RecursionError):
        return False


def papers_path(data: object) -> tuple[str, ...]:
    """The keys that lead from a JSON document to its paper list, as APIs wrap their results:
    () for a list; a "papers" key; else the one list of objects, in the object or in one of its
    objects two levels down at most (Semantic Scholar's "data", OpenAlex's "results", Crossref's
    "message"."items"). When there are several, the one whose objects have a title (bioRxiv's
    "collection", beside its "messages"). An object with a title is one paper, but a JSON Feed's and
    one holding a list of titled objects (a collection's); Crossref's answer for one work: its
    "message", the paper."""
    if not isinstance(data, dict):
        return ()
    if "papers" in data:
        return ("papers",)
    if data.get("message-type") == "work" and isinstance(data.get("message"), dict):  # Crossref's one work
        return ("message",)
    found = list(_object_lists(data, (), 3))
    if _has_title(data) and not _is_json_feed(data):  # one paper (its authors are no papers), unless it
        titled = [keys for keys, items in found if any(_has_title(item) for item in items)]  # titles a list
        return titled[0] if len(titled) == 1 else ()  # of papers: a collection's {"title", "items": [...]}
    titled = [keys for keys, items in found if any(_has_title(item) for item in items)]
    chosen = titled if len(titled) == 1 else [keys for keys, _ in found]
    return chosen[0] if len(chosen) == 1 else ()


def _is_json_feed(data: dict) -> bool:
    """A JSON Feed (jsonfeed.org) has a title of its own beside its ``items``."""
    return str(data.get("version", "")).startswith("https://jsonfeed.org/version/") and isinstance(data.get("items"), list)


def _object_lists(data: dict, keys: tuple[str, ...], depth: int):
    """(keys, list) of each non-empty list of objects in ``data``, ``depth`` levels down at most."""
    for key, value in data.items():
        if field_key(key) in _PAPER_NAMES:  # a paper's authors or links are no list of papers
            continue
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            yield (*keys, key), value
        elif isinstance(value, dict) and depth > 1:
            yield from _object_lists(value, (*keys, key), depth - 1)


def _has_title(item: dict) -> bool:
    return any(field_key(key) == "title" for key in item) or isinstance(item.get("paper"), dict)


def _value_offset(text: str, index: int, wanted: str) -> int:
    """Where the value of the (last) ``wanted`` key of the valid JSON object at ``index`` starts."""
    found, index = index, _skip(text, index + 1)
    while text[index] != "}":
        key, end = _DECODER.raw_decode(text, index)
        value_start = _skip(text, _skip(text, end) + 1)  # past the ":"
        found = value_start if key == wanted else found
        index = _skip(text, _DECODER.raw_decode(text, value_start)[1])
        index = _skip(text, index + 1) if text[index] == "," else index
    return found


_WRITTEN_KEYS = {"title", "abstract", "authors", "id", "url", "date", "categories", "links"}  # entries_jsonl's
_WRITTEN_LISTS = ("authors", "categories", "links")


def _as_written(record: dict) -> bool:
    """Whether ``record`` is one entries_jsonl wrote: its keys, with text and lists of text as their
    values. A user's own file of these names with objects in them (categories as feedparser's
    ``[{"term": …}]``) is read through the mapping its error message asked for (it was ignored)."""
    return (record.keys() == _WRITTEN_KEYS
            and all(isinstance(record[key], str) for key in _WRITTEN_KEYS.difference(_WRITTEN_LISTS))
            and all(isinstance(record[key], list) and all(isinstance(v, str) for v in record[key])
                    for key in _WRITTEN_LISTS))


def entries_jsonl(entries: list[Entry] | tuple[Entry, ...]) -> bytes:
    """JSON Lines that read back as ``entries`` (their sources aside): each entry's fields under
    the names this reader knows, in the order of the file they came from (a list of authors cut
    short ends in "et al.", which reads back as ``Entry.et_al``)."""
    lines = (json.dumps({"title": e.title, "abstract": e.abstract, "authors": [*e.authors, *[ET_AL] * e.et_al], "id": e.id,
                         "url": e.url, "date": e.date, "categories": list(e.categories),
                         "links": list(e.extra_urls)}, ensure_ascii=False) for e in entries)
    return "".join(f"{line}\n" for line in lines).encode("utf-8")

