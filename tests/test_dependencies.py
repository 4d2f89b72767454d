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


def test_ci_installs_what_a_fresh_machine_lacks_and_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.+?)\n```", readme)
    build, tests = blocks[0], blocks[1]  # README starts with the two commands: build, then test
    assert "digest-site build" in build and "pytest" in tests
    run = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert run.rstrip().splitlines()[-1] == tests  # the test command as README writes it, run last
    for package in ("chromium", "python3", "python3-venv", "nodejs npm"):  # what a fresh Debian lacks
        assert f"apt-get install -y -qq {package} >" in run


def test_the_python_releases_named_are_those_from_the_least_one_on():
    """pyproject.toml named no Python release but its least (a user on Ubuntu 24.04's 3.12 or
    Debian 13's 3.13 could not tell whether digest-site runs there): its classifiers name each
    release tested, from requires-python's least one on, as README's install step does, and the
    workflows a collection gets build with that least one."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    least = re.fullmatch(r">=3\.(\d+)", project["requires-python"]).group(1)
    minors = [int(m) for c in project["classifiers"] for m in re.findall(r"^Programming Language :: Python :: 3\.(\d+)$", c)]
    assert minors and minors == list(range(int(least), int(least) + len(minors))), minors
    named = ", ".join(f"3.{m}" for m in minors[:-1]) + f" and 3.{minors[-1]}"
    assert f"(Python 3.{least}+: tested on {named})" in (ROOT / "README.md").read_text(encoding="utf-8")
    for workflow in (ROOT / ".github/workflows/digest-site.yml", ROOT / "generator/scaffold/digest-site.yml"):
        assert set(re.findall(r'python-version: "([^"]+)"', workflow.read_text(encoding="utf-8"))) == {f"3.{least}"}
