"""Problems found in input, the exception that carries them to the CLI, and how messages show them."""

from __future__ import annotations

import re
import reprlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# Why an input that is a symbolic link is refused: a pull request can add one, and the build
# would read, and publish, whatever file of the machine it points to
LINK = "a symbolic link, which could publish any file of this machine: copy the file in instead"


NO_LINE = 0  # the line of a problem of no line: a folder's, a missing file's


@dataclass(frozen=True)
class Problem:
    """A problem in an input file, reported as ``path:line: level: message``."""

    path: str
    line: int  # NO_LINE: none (the path is a folder, or a file that is missing)
    message: str
    level: str = "error"  # "error" | "warning" | "note" (for the log: nothing is wrong)

    def __str__(self) -> str:
        return f"{self.where}: {self.level}: {self.message}"

    @property
    def where(self) -> str:
        """``path:line``, or the folder's path alone (a folder has no lines: "content/digests:1" was read as a file's line)."""
        return f"{self.path}:{self.line}" if self.line != NO_LINE else self.path

    @property
    def is_error(self) -> bool:
        return self.level == "error"


class DigestSiteError(Exception):
    """An error the CLI shows as a message (never a traceback) and exits non-zero on."""


class InputError(DigestSiteError):
    """Input that cannot be built; carries every problem found, not just the first. ``skippable``:
    every error is a digest's, which ``--skip-invalid`` would leave out and go on (the CLI says so:
    a newcomer whose export had one bad record among hundreds read "nothing was changed" and no way on)."""

    def __init__(self, problems: list[Problem], skippable: bool = False):
        self.problems, self.skippable = list(problems), skippable
        super().__init__("\n".join(str(p) for p in self.problems))


_OPENED = {"while parsing a flow mapping": "the {…} mapping", "while parsing a flow sequence": "the […] list",
           "while scanning a quoted scalar": "the quoted text"}


def yaml_message(exc: BaseException) -> str:
    """PyYAML's message for ``exc``, and where an unclosed ``{``, ``[`` or quote opened when PyYAML
    noticed it lines later (at the end of the file, say, where nothing is wrong)."""
    problem = getattr(exc, "problem", None) or exc
    opened, start, at = _OPENED.get(getattr(exc, "context", None) or ""), getattr(exc, "context_mark", None), \
        getattr(exc, "problem_mark", None)
    if opened and start and at and start.line != at.line:
        return f"{problem} (in {opened} that opens at line {start.line + 1}: is its end missing?)"
    return str(problem)


# "line 12", "1,102", a quoted date ('03/04/2023', '2023-05'): what two messages of one kind may
# differ in; not a digit of a name ("col1", "2023-09-21-s2.json" stay as written, or the summed-up
# line no longer said which file)
_NUMBER = re.compile(r"(?<![\w/.\\-])\d+(?:[,./-]\d+)*(?![\w/\\-]|\.\w)")
REPEATS_SHOWN = 3  # of the same warning or note in one file, before the rest are summed up on one line
FILES_SHOWN = 3  # files whose lines of one kind of warning or note are shown, before the others' are summed up


def shown_problems(problems: list[Problem]) -> list[str]:
    """The lines that report ``problems``: every error; of a warning or note that one file repeats
    (a JSON export without abstracts warns for each paper; an arXiv listing names each
    cross-listed paper's first line), the first REPEATS_SHOWN, then one line with how many more
    and their lines; of one that many files give, the lines of the first FILES_SHOWN files, then
    one line for the others (:func:`_across_files`). Messages that differ only in their numbers
    are the same warning."""
    kept = _across_files(problems)
    shown = []
    for problem, line in zip(problems, _in_each_file(problems)):
        mark = kept.get(problem)
        if isinstance(mark, str) or (mark and line):
            shown.append(mark if isinstance(mark, str) else line)
    return shown


def _in_each_file(problems: list[Problem]) -> list[str]:
    """Each problem's line (``""``: summed up on an earlier one's), a file's repeats summed up."""
    keys = [(p.path, p.level, _NUMBER.sub("…", p.message)) for p in problems]
    lines_of: dict[tuple[str, str, str], list[Problem]] = {}
    for problem, key in zip(problems, keys):
        if not problem.is_error:
            lines_of.setdefault(key, []).append(problem)
    seen: Counter[tuple[str, str, str]] = Counter()
    shown = []
    for problem, key in zip(problems, keys):
        seen[key] += 1
        found = lines_of.get(key, [])
        if problem.is_error or len(found) <= REPEATS_SHOWN + 1 or seen[key] <= REPEATS_SHOWN:
            shown.append(str(problem))
        elif seen[key] == REPEATS_SHOWN + 1:
            rest = found[REPEATS_SHOWN:]
            alike = len({p.message for p in found}) == 1
            lines = list(dict.fromkeys(p.line if alike else _with_numbers(p) for p in rest))  # each line once: a
            listed = ", ".join(map(str, lines[:10])) + (", …" if len(lines) > 10 else "")  # one-line JSON's are line 1
            at = f"at line {listed}" if len(lines) == 1 else f"at lines {listed}"
            shown.append(f"{problem.path}: {problem.level}: {problem.message if alike else key[2]}: {len(rest)} more, {at}")
        else:
            shown.append("")
    return shown


def _with_numbers(problem: Problem) -> str:
    """A summed-up problem's line with what its message's "…" stands for: "104 (… is 4)" (a summed-up
    "duplicate of the paper at line …" said of none which paper it repeats)."""
    return f"{problem.line} (… is {', '.join(_NUMBER.findall(problem.message))})"


def _across_files(problems: list[Problem]) -> dict[Problem, bool | str]:
    """Of a warning or note that more than FILES_SHOWN + 1 files give (each build prints the
    problems of every digest: at 700 daily digests, 230 lines of one old warning buried the
    newest digest's), the problems of the first FILES_SHOWN files (True); the others' newest one,
    with how many it stands for (its line); the rest are left out (not in the mapping). An error
    is always shown."""
    files: dict[tuple[str, str], dict[str, list[Problem]]] = {}
    for problem in problems:
        if not problem.is_error:
            files.setdefault((problem.level, _NUMBER.sub("…", problem.message)), {}).setdefault(
                problem.path, []).append(problem)
    kept: dict[Problem, bool | str] = {p: True for p in problems}
    for (level, message), found in files.items():
        if len(found) <= FILES_SHOWN + 1:
            continue
        hidden = [p for path in list(found)[FILES_SHOWN:] for p in found[path]]
        for problem in hidden:
            kept.pop(problem, None)
        newest = hidden[-1]
        said = newest.message if len({p.message for p in hidden}) == 1 else message
        kept[newest] = (f"{newest.where}: {level}: {said} (the last of {len(hidden):,} in "
                        f"{len(found) - FILES_SHOWN:,} more files from {hidden[0].path} on: "
                        "`digest-site check` lists each)")
    return kept


def clipped(text: str, limit: int = 80) -> str:
    """The start of a long title or value, for a message, marked as cut ("…"): cut without a mark, a title of
    81 characters read as another paper's whole title."""
    return text if len(text) <= limit else text[:limit] + "…"


def brief(value: object) -> str:
    """``repr(value)`` cut short, for a message about a value of a file: its first items and
    characters (an alias bomb's value, shown whole, was hundreds of megabytes)."""
    return _BRIEF.repr(value)


_BRIEF = reprlib.Repr()
_BRIEF.maxlevel, _BRIEF.maxlist, _BRIEF.maxdict, _BRIEF.maxstring, _BRIEF.maxother = 2, 4, 4, 60, 60


def plural(count: int, noun: str) -> str:
    """"1 paper", "2,000 papers" (for messages and page descriptions)."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def printable(line: str) -> str:
    """A line of output (a file's name, a message naming one) with its control characters but the
    tab (and Unicode's line and paragraph separators) written as escapes, ``\\n``. A digest's name
    may hold a line break, and what followed it, printed as it is, was a line of its own in a CI
    log: there ``::warning file=…::…`` is a workflow command GitHub's runner obeys, which a pull
    request's digest name could write."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], line)


# (a tab stays: it ends no line, and a CI annotation names the file "a\tb" as it is)
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def display_path(path: Path) -> str:
    """A path as messages name it: from the working folder when it is below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
