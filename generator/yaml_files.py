"""The owner's YAML files (``collection.yml``, the topics file) read into PyYAML's node tree.

Every way the reading fails is an :class:`InputError` naming ``file:line``: bytes that are not
UTF-8 (or UTF-16 with its mark), a character YAML refuses, invalid YAML, lists and mappings nested
deeper than any such file needs (PyYAML composes and constructs them by recursion, and Python's
stack ends at a thousand calls), and aliases that expand to more than any such file holds (an
"alias bomb": each ``*name`` a list of nine of the one before, a billion values in ten lines).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from .errors import LINK, InputError, Problem, yaml_message
from .readers.decoding import DecodeError, line_and_column, read_text

# Lists and mappings within each other, aliases followed: a topics file nests five deep (topics, a
# topic, its subtopics, one, its keywords); PyYAML and the checks after it take three or four
# Python calls a level, and a deeper file (a line of 10,000 "[") ended in a RecursionError.
MAX_DEPTH = 50
# Values and characters a file may hold beyond twice its own length, its aliases counted each time
# they are used (a file without aliases never comes near): an alias bomb in collection.yml, nine
# lists of nine, took 139 s and 770 MB to be refused, and its message was the expanded list.
MAX_EXPANDED = 1_000_000


def compose(path: Path) -> yaml.Node | None:
    """The node tree of the YAML file ``path`` (None when it is empty); raises :class:`InputError`.
    A link is refused: ``content/topics.yml`` linked to a file outside the project (a pull request
    can add one) published that file's text as topic names."""
    if path.is_symlink():
        raise InputError([Problem(str(path), 1, f"the file is {LINK}")])
    try:
        text = read_text(path)
    except DecodeError as err:
        raise InputError([Problem(str(path), err.line, err.message)]) from None
    return compose_text(text, str(path))


def compose_text(text: str, where: str, first_line: int = 1) -> yaml.Node | None:
    """The node tree of the YAML ``text`` (None when it is empty), read from ``where``, where its
    first line is line ``first_line`` (a page's front matter: 2); raises :class:`InputError`."""
    limit = 2 * len(text) + MAX_EXPANDED
    if _FastLoader is not None:
        try:
            return yaml.compose(text, Loader=lambda stream: _FastLoader(stream, limit))
        except yaml.YAMLError:
            pass  # PyYAML's own reading says what is wrong, in the words the messages are made of
    try:
        return yaml.compose(text, Loader=lambda stream: _Loader(stream, limit))
    except yaml.reader.ReaderError as exc:  # its message says "position 8", over two lines
        line = line_and_column(text, exc.position)[0] if exc.position is not None else 1
        raise InputError([Problem(where, line + first_line - 1, f"not valid YAML: the character U+{exc.character:04X} "
                                                                "is not allowed in YAML: remove it")]) from None
    except yaml.YAMLError as exc:
        for mark in (getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)):
            if mark:
                mark.line += first_line - 1  # (the lines of ``where``, which its message names too)
        raise InputError([yaml_problem(Path(where), exc)]) from None


def yaml_problem(path: Path, exc: BaseException) -> Problem:
    """PyYAML's error ``exc`` as a problem at its line."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else 1
    return Problem(str(path), line, f"not valid YAML: {yaml_message(exc)}")


_TOO_DEEP = f"values nested more than {MAX_DEPTH} deep (lists and mappings within each other)"


class _Measuring(Composer):
    """PyYAML's composer that measures each node as it composes it: its depth and its size
    expanded (a scalar's characters, a collection's values), a node an alias names measured once
    where its anchor is; a node past :data:`MAX_DEPTH` or past ``limit``, or an alias inside the
    node it names, ends the reading."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit
        self.measures: dict[int, tuple[int, int]] = {}  # id(node): (depth, size)
        self.open = 0  # nodes being composed around this one

    def compose_node(self, parent, index):
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            node = super().compose_node(parent, index)
            if id(node) not in self.measures:  # its anchor's node is still open: it would hold itself
                raise ComposerError(None, None, "an alias (*name) inside the value it names: write the values out", mark)
            return node
        self.open += 1
        if self.open > MAX_DEPTH:  # (said before PyYAML goes deeper)
            raise ComposerError(None, None, _TOO_DEEP, mark)
        node = super().compose_node(parent, index)
        self.open -= 1
        depth, size = self._measure(node)
        if depth > MAX_DEPTH:  # aliases of nested lists, in nested lists
            raise ComposerError(None, None, _TOO_DEEP, mark)
        if size > self.limit:
            raise ComposerError(None, None, "the aliases (*name) here expand to over a million values and characters "
                                            "(an alias bomb?): write the values out", mark)
        self.measures[id(node)] = depth, size
        return node

    def _measure(self, node: yaml.Node) -> tuple[int, int]:
        if isinstance(node, yaml.ScalarNode):
            return 1, 1 + len(node.value)
        children = node.value if isinstance(node, yaml.SequenceNode) else [part for pair in node.value for part in pair]
        found = [self.measures[id(child)] for child in children]
        return 1 + max((depth for depth, _ in found), default=0), 1 + sum(size for _, size in found)


class _Loader(Reader, Scanner, Parser, _Measuring, SafeConstructor, Resolver):
    """PyYAML's safe loader, measuring (:class:`_Measuring`)."""

    def __init__(self, stream: str, limit: int):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Measuring.__init__(self, limit)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


if yaml.__with_libyaml__:
    from yaml.cyaml import CParser

    class _FastLoader(_Measuring, CParser, SafeConstructor, Resolver):
        """:class:`_Loader` with libyaml's parser: its events in C, the nodes still composed and measured
        here. A topics file of 14 kB took 0.04 s to read (0.12 s profiled, a fifth of a small collection's
        build, and of each rebuild of ``serve``); under 0.01 s so. A file it refuses is read again by :class:`_Loader`,
        whose messages the errors are made of (libyaml's words differ)."""

        def __init__(self, stream: str, limit: int):
            CParser.__init__(self, stream)
            _Measuring.__init__(self, limit)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
else:  # PyYAML built without libyaml
    _FastLoader = None
