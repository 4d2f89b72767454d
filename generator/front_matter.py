"""YAML front matter written and read fast, with the bytes and values of PyYAML's.

Every generated page starts with its front matter: PyYAML's ``yaml.dump`` writes it (its
representer, in Python, was about a fifth of the render stage) and MkDocs' ``get_data`` reads it
back with ``yaml.load`` (its constructor, in Python, a fifth of MkDocs' time per page). The
front matter is always the same simple shape: a mapping of plain keys to text, numbers, lists and
mappings, on one line each. :func:`dump` writes that shape as libyaml's emitter does (plain
scalars where the emitter would write them plain, else single-quoted) and :func:`load` reads
only that shape; anything else (a tab, a line break or a character libyaml escapes, an anchor, a
comment, a multi-line scalar, a double-quoted one, …) goes to PyYAML itself, so both always
give what PyYAML gives. Tested against PyYAML on the seed site and on random data and text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml
from yaml.nodes import ScalarNode

try:  # libyaml's emitter and parser, as MkDocs and yaml.dump use them when present
    from yaml import CSafeDumper as Dumper
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as Dumper
    from yaml import SafeLoader as Loader

STR = "tag:yaml.org,2002:str"
# The characters libyaml writes as they are (its IS_PRINTABLE, allow_unicode) less line breaks
# (\n, NEL, U+2028, U+2029): any other makes it choose double quotes, left to PyYAML.
UNPLAIN = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
UNPLAIN_LINES = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# What libyaml's analysis forbids in a plain scalar in block context, for one line of printable
# characters: a space first or last, "---" or "..." first, an indicator first ("-", "?" and ":"
# only before a space or the end), ": " or a ":" last, " #".
NOT_PLAIN = re.compile(r"\A(?:[ #,\[\]{}&*!|>'\"%@`]|[-?:](?: |\Z)|---|\.\.\.)|: | #| \Z|:\Z")
LONGEST = 10_000  # longer scalars go to PyYAML (its emitter folds lines past the width given it)
SCALARS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
           "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}

_resolver = yaml.resolver.Resolver()  # the implicit types of plain scalars: what makes "1.5" a float
# Its implicit resolvers by first character, when it has no others (as PyYAML ships it): then
# text whose first character has none is a string without a look at any pattern.
_IMPLICIT = (None if None in _resolver.yaml_implicit_resolvers or _resolver.yaml_path_resolvers
             else dict(_resolver.yaml_implicit_resolvers))
_keys: dict[str, bool] = {}  # key → whether it may be written plain (the few keys of front matter)
_constructor = yaml.constructor.SafeConstructor()
# Scalars of this length or less are remembered (text → line, line → value): topic slugs, terms,
# names and dates repeat on every page, each a few regular expressions to write or read again.
SHORT = 100
MEMO = 100_000  # entries per memo


class Unsupported(Exception):
    """Not the simple shape: PyYAML does it."""


def dump(data: dict) -> str:
    """``yaml.dump(data, Dumper=CSafeDumper, allow_unicode=True, sort_keys=False, width=1_000_000)``."""
    try:
        return _dump(data)
    except Unsupported:
        return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def _dump(data: dict) -> str:
    if type(data) is not dict or not data:
        raise Unsupported
    lines: list[str] = []
    _dump_mapping(data, 0, lines, None, set())
    return "\n".join(lines) + "\n"


def _dump_mapping(data: dict, indent: int, lines: list[str], first: str | None, seen: set[int]) -> None:
    _once(data, seen)
    for i, (key, value) in enumerate(data.items()):
        if not _plain_key(key):
            raise Unsupported
        line = (first if i == 0 and first is not None else " " * indent) + key + ":"
        if type(value) is dict:
            if not value:
                lines.append(line + " {}")
            else:
                lines.append(line)
                _dump_mapping(value, indent + 2, lines, None, seen)
        elif type(value) is list:
            if not value:
                lines.append(line + " []")
            else:
                lines.append(line)
                _dump_sequence(value, indent, lines, seen)  # libyaml indents no sequence in a mapping
        else:
            lines.append(line + " " + _scalar(value))


def _dump_sequence(items: list, indent: int, lines: list[str], seen: set[int]) -> None:
    _once(items, seen)
    for item in items:
        if type(item) is dict and item:
            _dump_mapping(item, indent + 2, lines, " " * indent + "- ", seen)
        elif type(item) in (dict, list):
            raise Unsupported
        else:
            lines.append(" " * indent + "- " + _scalar(item))


def _once(container: object, seen: set[int]) -> None:
    """A list or mapping met twice gets an anchor and an alias from PyYAML."""
    if id(container) in seen:
        raise Unsupported
    seen.add(id(container))


def _scalar(value: Any) -> str:
    """A scalar as libyaml writes it in block context: plain when it may and reads back as the same
    type, else single-quoted (other cases raise :class:`Unsupported`). Short text is remembered."""
    if type(value) is not str or len(value) > SHORT:  # (only text: 1 and True are one key to a cache)
        return _scalar_text(value)
    return _short_text(value)


@lru_cache(maxsize=MEMO)
def _short_text(value: str) -> str:
    return _scalar_text(value)


def _scalar_text(value: Any) -> str:
    kind = type(value)
    if kind is str:
        text, tag = value, STR
    elif kind is float:
        text, tag = _float(value), "tag:yaml.org,2002:float"
    elif kind is int:
        text, tag = str(value), "tag:yaml.org,2002:int"
    elif kind is bool:
        text, tag = ("true" if value else "false"), "tag:yaml.org,2002:bool"
    elif value is None:
        text, tag = "null", "tag:yaml.org,2002:null"
    else:
        raise Unsupported
    if len(text) > LONGEST or UNPLAIN.search(text):
        raise Unsupported
    if plain_allowed(text) and _tag(text) == tag:
        return text
    if tag != STR:  # it would need an explicit tag
        raise Unsupported
    return "'" + text.replace("'", "''") + "'"


def _float(value: float) -> str:
    """SafeRepresenter.represent_float's text."""
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text


def plain_allowed(text: str) -> bool:
    """libyaml's ``block_plain_allowed`` for one line of printable characters."""
    return bool(text) and not NOT_PLAIN.search(text)


def _tag(plain: str) -> str:
    """The type PyYAML gives ``plain`` written as a plain scalar."""
    if _IMPLICIT is None or not plain:
        return _resolver.resolve(ScalarNode, plain, (True, False))
    for tag, pattern in _IMPLICIT.get(plain[0], ()):
        if pattern.match(plain):
            return tag
    return STR


def _plain_key(key: object) -> bool:
    """Whether a mapping key is one this module writes and reads: a name that reads back as text."""
    known = _keys.get(key)  # type: ignore[arg-type]
    if known is None:
        known = type(key) is str and bool(KEY.fullmatch(key)) and _tag(key) == STR
        if len(_keys) < 1000:
            _keys[key] = known  # type: ignore[index]
    return known


def load(text: str) -> Any:
    """``yaml.load(text, CSafeLoader)``."""
    try:
        return _load(text)
    except Unsupported:
        return yaml.load(text, Loader)


def _load(text: str) -> dict:
    if not text.endswith("\n") or UNPLAIN_LINES.search(text):
        raise Unsupported
    lines = [(len(line) - len(rest), rest) for line in text[:-1].split("\n") for rest in (line.lstrip(" "),)]
    data, end = _load_mapping(lines, 0, 0, None)
    if end != len(lines):
        raise Unsupported
    return data


Lines = list[tuple[int, str]]  # each line's indentation and the text after it


def _load_mapping(lines: Lines, start: int, indent: int, first: str | None) -> tuple[dict, int]:
    """The mapping whose keys stand at column ``indent`` from line ``start`` (whose text after a
    sequence's ``- `` is ``first``, for a mapping in a sequence); its value and the next line."""
    data: dict = {}
    i = start
    while i < len(lines):
        if i == start and first is not None:
            rest = first
        else:
            level, rest = lines[i]
            if level < indent:
                break
            if level > indent:
                raise Unsupported
        key, colon, value = rest.partition(":")
        if not colon or key in data or not _plain_key(key):
            raise Unsupported
        i += 1
        if not value:
            data[key], i = _load_block(lines, i, indent)
        elif value[0] == " ":
            data[key] = _load_scalar(value[1:])
        else:
            raise Unsupported
    if not data:
        raise Unsupported
    return data, i


def _load_block(lines: Lines, i: int, indent: int) -> tuple[Any, int]:
    """The value of a key at column ``indent`` written on the lines after it: a sequence at the
    same column or a mapping two columns in."""
    level, rest = lines[i] if i < len(lines) else (-1, "")
    if level == indent and rest.startswith("- "):
        return _load_sequence(lines, i, indent)
    if level == indent + 2:
        return _load_mapping(lines, i, indent + 2, None)
    raise Unsupported  # null, or not the simple shape


def _load_sequence(lines: Lines, i: int, indent: int) -> tuple[list, int]:
    items = []
    while i < len(lines):
        level, rest = lines[i]
        if level != indent or not rest.startswith("- "):
            break
        rest = rest[2:]
        key, colon, value = rest.partition(":")
        if colon and value[:1] in ("", " ") and KEY.fullmatch(key):
            item, i = _load_mapping(lines, i, indent + 2, rest)
        else:
            item, i = _load_scalar(rest), i + 1
        items.append(item)
    if i < len(lines) and lines[i][0] > indent:
        raise Unsupported  # deeper than its items, yet none of them
    return items, i


def _load_scalar(text: str) -> Any:
    """A one-line scalar: ``[]``, ``{}``, single-quoted, or plain of a type PyYAML resolves it to.
    Short ones are remembered, but for the two containers (a new one each time)."""
    if len(text) > SHORT or text in ("[]", "{}"):
        return _scalar_value(text)
    return _short_value(text)


@lru_cache(maxsize=MEMO)
def _short_value(text: str) -> Any:
    return _scalar_value(text)


def _scalar_value(text: str) -> Any:
    if text == "[]":
        return []
    if text == "{}":
        return {}
    if text.startswith("'"):
        inner = text[1:-1]
        if len(text) < 2 or not text.endswith("'") or inner.replace("''", "").count("'"):
            raise Unsupported
        return inner.replace("''", "'")
    if not plain_allowed(text):
        raise Unsupported
    tag = _tag(text)
    if tag not in SCALARS:
        raise Unsupported  # a timestamp, a merge key, …
    return text if tag == STR else _constructor.yaml_constructors[tag](_constructor, ScalarNode(tag, text))


YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)  # MkDocs' own


def get_data(doc: str) -> tuple[str, dict[str, Any]]:
    """``mkdocs.utils.meta.get_data``: the document without its front matter, and the front
    matter's data, read by :func:`load`."""
    from mkdocs.utils import meta

    match = YAML_RE.match(doc)
    if not match:
        return meta.get_data(doc)  # MultiMarkdown-style meta data, or none
    try:
        data = load(match.group(1))
    except Exception:
        return doc, {}
    if not isinstance(data, dict):
        return doc, {}
    return doc[match.end():].lstrip("\n"), data
