"""Problems found in input, the exception that carries them to the CLI, and how messages show them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A problem in an input file, reported as ``path:line: level: message``."""

    path: str
    line: int
    message: str
    level: str = "error"  # "error" | "warning" | "note" (for the log: nothing is wrong)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.level == "error"


class DigestSiteError(Exception):
    """An error the CLI shows as a message (never a traceback) and exits non-zero on."""


class InputError(DigestSiteError):
    """Input that cannot be built; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


REPEATS_SHOWN = 3  # of the same warning or note in one file, before the rest are summed up on one line


def shown_problems(problems: list[Problem]) -> list[str]:
    """The lines that report ``problems``: every error; of a warning or note that one file repeats
    (a JSON export without abstracts warns for each paper), the first REPEATS_SHOWN, then one line
    with how many more and their lines."""
    lines_of: dict[tuple[str, str, str], list[int]] = {}
    for problem in problems:
        if not problem.is_error:
            lines_of.setdefault((problem.path, problem.level, problem.message), []).append(problem.line)
    seen: Counter[tuple[str, str, str]] = Counter()
    shown = []
    for problem in problems:
        key = (problem.path, problem.level, problem.message)
        seen[key] += 1
        found = lines_of.get(key, [])
        if problem.is_error or len(found) <= REPEATS_SHOWN + 1 or seen[key] <= REPEATS_SHOWN:
            shown.append(str(problem))
        elif seen[key] == REPEATS_SHOWN + 1:
            rest = found[REPEATS_SHOWN:]
            listed = ", ".join(map(str, rest[:10])) + (", …" if len(rest) > 10 else "")
            shown.append(f"{problem.path}: {problem.level}: {problem.message}: {len(rest)} more, at lines {listed}")
    return shown


def plural(count: int, noun: str) -> str:
    """"1 paper", "2,000 papers" (for messages and page descriptions)."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")
