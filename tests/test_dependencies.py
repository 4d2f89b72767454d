"""Every package the generator imports is declared in pyproject.toml (issue 10)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from conftest import ROOT


def imported_top_level_modules() -> set[str]:
    names = set()
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in ("generator", "__future__")}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_import_is_a_declared_dependency():
    declared = {normalised(re.split(r"[<>=!~\[ ;]", d)[0])
                for d in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]}
    distributions = packages_distributions()
    missing = {module: distributions.get(module) for module in imported_top_level_modules()
               if not {normalised(d) for d in distributions.get(module, [module])} & declared}
    assert missing == {}
