"""Problems found in input, and the exception that carries them to the CLI."""

from __future__ import annotations

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
