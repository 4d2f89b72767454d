"""Malformed digests: every reader fed mutants of the real exports in ``tests/data/sources``.

    python -m bench.fuzz                      # 5,000 mutants, seed 1
    python -m bench.fuzz --count 20000 --seed 7
    python -m bench.fuzz --fields             # each field of each fixture given each odd value

Each mutant is a fixture with one to five random edits, the kinds a file meets between an export
and a build: cut short, bytes inserted, a line dropped, doubled or moved, a NUL, a BOM in the
middle, line ends turned to CR, a quote, bracket, brace, backslash, ampersand, ``@`` or tab put
in. With ``--fields``, a mutant is a fixture still well formed with one field's value replaced by
one of ODD_VALUES (a backslash and digits, a pattern's brackets, a template, an empty string,
"nan", 20,000 letters, …), field by field: each JSON value, XML element's text
and attribute, CSV cell, BibTeX field and tagged line (RIS, PubMed, Web of Science), up to
FIELDS_PER_FILE of each fixture. (An EndNote year was put into a regular expression as written:
"\\23" failed the read; random edits found it once in 100,000 mutants.)
A mutant keeps its fixture's name (so it goes to that format's reader) and is read by
:func:`generator.readers.read_digest`, as ``digest-site check`` and the build read a digest. The
promise checked: a digest gives papers and problems (errors among them for what the build
refuses), every problem naming the file, never an exception but :class:`InputError` and never a
hang (10 s a file). Deterministic: the same
seed gives the same mutants. ``tests/test_bad_input.py`` runs a few thousand in CI.
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import json
import random
import re
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.errors import InputError  # noqa: E402
from generator.readers import read_digest  # noqa: E402

SOURCES = ROOT / "tests" / "data" / "sources"
PUNCTUATION = (b'"', b"<", b"{", b"}", b"[", b"\\", b"&", b"@", b",", b"\t", b"%")
TIMEOUT = 10  # seconds a mutant may take to read (the fixtures are a few KB)
ODD_VALUES = ("\\23", "20(23", "(a+)+$", "[", "{{ x }}", "{0}", "%(x)s", "", " ", "nan", "1e309", "-1", "0000-00-00",
              "2023-02-30", "9999-99-99", "\u202e\u200b", "\U0001F600" * 3, "a" * 20000, "<b>x</b>&amp;", "http://",
              "10.", "arXiv:", "https://arxiv.org/abs/", "null", "../../x", "$$", "\\", "'\"", "%", "~")
FIELDS_PER_FILE = 60  # fields of a fixture given each odd value
XML_SUFFIXES = (".xml", ".atom", ".rss")
Replace = Callable[[str], bytes]  # a fixture's bytes with one field's value replaced by the one given
# a BibTeX field on a line of its own; a tagged line of RIS, PubMed (nbib) or Web of Science
_BIB_FIELD = re.compile(r"^(\s*\w+\s*=\s*[{\"])(.*?)([}\"],?\s*)$")
_TAGGED = re.compile(r"^([A-Z][A-Z0-9]{1,3}\s*-\s?|[A-Z][A-Z0-9] )(.*?)(\s*)$")


def mutants(seed: int, count: int, sources: list[Path]) -> Iterator[tuple[Path, bytes, str]]:
    """``count`` mutants of ``sources``: (the fixture, its mutated bytes, the edits made)."""
    rng = random.Random(seed)
    texts = {path: path.read_bytes() for path in sources}
    for _ in range(count):
        path = rng.choice(sources)
        data, kinds = texts[path], []
        for _ in range(rng.randrange(1, 6)):
            data, kind = mutate(rng, data)
            kinds.append(kind)
        yield path, data, "+".join(kinds)


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """One random edit of ``data`` and its name."""
    at = rng.randrange(len(data) + 1)
    lines = data.split(b"\n")
    line = rng.randrange(len(lines))
    kind = rng.choice(("cut", "bytes", "drop", "move", "double", "nul", "cr", "punctuation", "bom"))
    if kind == "cut":
        return data[:at], kind
    if kind == "bytes":
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8))) + data[at:], kind
    if kind == "drop":
        return b"\n".join(lines[:line] + lines[line + 1:]), kind
    if kind == "move":
        other = rng.randrange(len(lines))
        lines[line], lines[other] = lines[other], lines[line]
        return b"\n".join(lines), kind
    if kind == "double":
        return b"\n".join(lines[:line + 1] + lines[line:]), kind
    if kind == "nul":
        return data[:at] + b"\x00" + data[at:], kind
    if kind == "cr":
        return data.replace(b"\n", b"\r"), kind
    if kind == "punctuation":
        return data[:at] + rng.choice(PUNCTUATION) + data[at:], kind
    return data[:at] + "\ufeff".encode() + data[at:], kind


@dataclass
class Outcome:
    read: int = 0  # mutants read without an error (warnings maybe)
    papers: int = 0  # the papers they gave
    refused: int = 0  # mutants with errors (what the build refuses, or skips with --skip-invalid)
    failures: list = None  # (fixture, edits, what went wrong)

    def __post_init__(self):
        self.failures = self.failures or []


def field_mutants(sources: list[Path], values: Iterable[str] = ODD_VALUES,
                  per_file: int = FIELDS_PER_FILE) -> Iterator[tuple[Path, bytes, str]]:
    """Each of ``sources`` with one field's value replaced by each of ``values``, for up to
    ``per_file`` fields of it (see the module's docstring): (the fixture, its bytes, what was replaced)."""
    values = list(values)
    for path in sources:
        data = path.read_bytes()
        fields = (_json_fields if path.suffix in (".json", ".jsonl") else _xml_fields if path.suffix in XML_SUFFIXES
                  else _csv_fields if path.suffix == ".csv" else _line_fields)
        replacing = fields(data, path.suffix)
        for where, replace in list(replacing)[:per_file]:
            for value in values:
                yield path, replace(value), f"{where} = {value[:20]!r}"


def _json_fields(data: bytes, _suffix: str) -> Iterator[tuple[str, Replace]]:
    try:
        documents, lines = [json.loads(data)], False
    except ValueError:  # JSON Lines (arXiv's metadata snapshot is one, as .json)
        documents, lines = [json.loads(line) for line in data.splitlines() if line.strip()], True

    def leaves(value: object, at: tuple = ()) -> Iterator[tuple]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from leaves(item, (*at, key))
        elif isinstance(value, list):
            for i, item in enumerate(value[:3]):
                yield from leaves(item, (*at, i))
        else:
            yield at

    def replaced(number: int, at: tuple, value: str) -> bytes:
        copy = json.loads(json.dumps(documents))
        holder = copy[number]
        for step in at[:-1]:
            holder = holder[step]
        holder[at[-1]] = value
        return ("\n".join(json.dumps(d) for d in copy) if lines else json.dumps(copy[0])).encode()

    for number, document in enumerate(documents[:2]):
        for at in leaves(document):
            if at:
                yield "/".join(map(str, at)), lambda value, number=number, at=at: replaced(number, at, value)


def _xml_fields(data: bytes, _suffix: str) -> Iterator[tuple[str, Replace]]:
    def fields(root: ElementTree.Element) -> list[ElementTree.Element]:
        return [e for e in root.iter() if (e.text and e.text.strip()) or e.attrib]

    def replaced(index: int, value: str) -> bytes:
        element = fields(root := ElementTree.fromstring(data))[index]
        if element.text and element.text.strip():
            element.text = value
        for key in list(element.attrib)[:1]:
            element.attrib[key] = value
        return ElementTree.tostring(root, encoding="utf-8")

    try:
        found = fields(ElementTree.fromstring(data))
    except ElementTree.ParseError:
        return
    for index, element in enumerate(found):
        yield element.tag.rsplit("}", 1)[-1], lambda value, index=index: replaced(index, value)


def _csv_fields(data: bytes, _suffix: str) -> Iterator[tuple[str, Replace]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))

    def replaced(row: int, column: int, value: str) -> bytes:
        copy = [list(r) for r in rows]
        copy[row][column] = value
        written = io.StringIO()
        csv.writer(written).writerows(copy)
        return written.getvalue().encode()

    for row in range(1, min(3, len(rows))):
        for column in range(len(rows[row])):
            name = rows[0][column] if column < len(rows[0]) else column
            yield f"row {row} {name}", lambda value, row=row, column=column: replaced(row, column, value)


def _line_fields(data: bytes, suffix: str) -> Iterator[tuple[str, Replace]]:
    pattern = _BIB_FIELD if suffix == ".bib" else _TAGGED
    lines = data.decode("utf-8", "replace").splitlines(keepends=True)

    def replaced(number: int, value: str) -> bytes:
        match = pattern.match(lines[number])
        return "".join([*lines[:number], match.group(1) + " ".join(value.split("\n")) + match.group(3),
                        *lines[number + 1:]]).encode()

    if suffix in (".bib", ".ris", ".nbib") or _TAGGED.match(lines[0] if lines else ""):
        for number, line in enumerate(lines):
            if pattern.match(line):
                yield f"line {number + 1} {line[:12].strip()}", lambda value, number=number: replaced(number, value)


def run(seed: int, count: int, folder: Path, sources: list[Path] | None = None) -> Outcome:
    """Read ``count`` mutants (written in ``folder``) and sort out what happened."""
    return check(mutants(seed, count, sources or sorted(SOURCES.iterdir())), folder)


def check(found: Iterable[tuple[Path, bytes, str]], folder: Path) -> Outcome:
    """Read each of ``found``'s mutants (written in ``folder``) and sort out what happened."""
    outcome = Outcome()
    signal.signal(signal.SIGALRM, _timed_out)
    for source, data, kinds in found:
        path = folder / source.name
        path.write_bytes(data)
        signal.alarm(TIMEOUT)
        try:
            digest, problems = read_digest(path, display_path=str(path))
            if any(p.is_error for p in problems):
                outcome.refused += 1
            else:
                outcome.read += 1
                outcome.papers += len(digest.entries)
            unnamed = [p for p in problems if p.path != str(path)]
        except InputError as error:
            outcome.refused += 1
            unnamed = [p for p in error.problems if p.path != str(path)]
        except Exception as error:  # noqa: BLE001 - what the promise rules out
            where = traceback.extract_tb(error.__traceback__)[-1]
            unnamed = []
            outcome.failures.append((source.name, kinds, f"{type(error).__name__} at "
                                     f"{Path(where.filename).name}:{where.lineno}: {str(error)[:200]}"))
        finally:
            signal.alarm(0)
        if unnamed:
            outcome.failures.append((source.name, kinds, f"a problem names another file: {unnamed[0]}"))
    return outcome


def _timed_out(*_) -> None:
    raise TimeoutError(f"read for over {TIMEOUT} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--fields", action="store_true", help="each field of each fixture given each odd value")
    args = parser.parse_args(argv)
    counted = collections.Counter()

    def counting(found: Iterable[tuple[Path, bytes, str]]) -> Iterator[tuple[Path, bytes, str]]:
        for mutant in found:
            counted["made"] += 1
            yield mutant

    with tempfile.TemporaryDirectory() as folder:
        if args.fields:
            outcome = check(counting(field_mutants(sorted(SOURCES.iterdir()))), Path(folder))
        else:
            outcome = run(args.seed, args.count, Path(folder))
    kinds = collections.Counter(why.split(":")[0] for _, _, why in outcome.failures)
    made = f"{counted['made']:,} field mutants" if args.fields else f"{args.count:,} mutants"
    print(f"{made} of {len(list(SOURCES.iterdir()))} fixtures{'' if args.fields else f' (seed {args.seed})'}: "
          f"{outcome.read:,} read ({outcome.papers:,} papers), {outcome.refused:,} with errors, "
          f"{len(outcome.failures)} failures {dict(kinds)}")
    for name, edits, why in outcome.failures[:20]:
        print(f"  {name} ({edits}): {why}")
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
