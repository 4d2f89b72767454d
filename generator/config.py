"""The collection's configuration: ``content/collection.yml`` plus what the build needs of ``mkdocs.yml``.

Every option is declared once in :data:`OPTIONS` with its type, default and help text. Loading
reports every problem at once (``file:line: error: …``) and unknown keys as warnings.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from .errors import DigestSiteError, InputError, Problem

log = logging.getLogger("digest_site")


@dataclass(frozen=True)
class Settings:
    """Options of ``content/collection.yml``; each field's metadata holds its help text."""

    description: str = "Research papers, collected digest by digest."
    feed_size: int = 50  # papers in the site-wide feeds
    related: int = 5  # related papers shown on each paper page
    listing_size: int = 20  # papers of the latest digest shown on the home page


OPTION_HELP = {
    "description": "One paragraph shown on the home page and in the feeds.",
    "feed_size": "How many of the newest papers the Atom and RSS feeds hold (1 to 10,000).",
    "related": "How many related papers each paper page shows (0 to 50).",
    "listing_size": "How many papers of the latest digest the home page lists (1 to 1,000).",
}
RANGES = {"feed_size": (1, 10_000), "related": (0, 50), "listing_size": (1, 1000)}


@dataclass(frozen=True)
class Project:
    """Paths and site facts of one project folder (the one holding ``mkdocs.yml``)."""

    root: Path
    content_dir: Path
    docs_dir: Path
    site_dir: Path
    templates_dir: Path
    site_name: str
    site_url: str
    directory_urls: bool
    settings: Settings

    @property
    def digests_dir(self) -> Path:
        return self.content_dir / "digests"

    @property
    def topics_file(self) -> Path:
        return self.content_dir / "topics.yml"


def load_project(root: Path, site_dir: Path | None = None) -> Project:
    """Read ``mkdocs.yml`` and ``content/collection.yml`` of the project in ``root``."""
    mkdocs = _load_mkdocs(root / "mkdocs.yml")
    content_dir = root / "content"
    project = Project(
        root=root,
        content_dir=content_dir,
        docs_dir=root / mkdocs.get("docs_dir", "docs"),
        site_dir=site_dir or root / mkdocs.get("site_dir", "site"),
        templates_dir=root / "site_templates",
        site_name=str(mkdocs.get("site_name") or "Paper digests"),
        site_url=str(mkdocs.get("site_url") or ""),
        directory_urls=bool(mkdocs.get("use_directory_urls", True)),
        settings=load_settings(content_dir / "collection.yml"),
    )
    check_outputs(project)
    return project


OUTPUTS = {"docs_dir": "removes every file of docs_dir it did not generate",
           "site_dir": "replaces the whole site_dir"}


def check_outputs(project: Project) -> None:
    """The build owns docs_dir and site_dir: neither may hold the project folder, overlap one of its
    input folders, or overlap the other."""
    root = project.root.resolve()
    inputs = {"content": project.content_dir, "site_templates": project.templates_dir}
    for name, output, others in (("docs_dir", project.docs_dir, inputs),
                                 ("site_dir", project.site_dir, {**inputs, "docs_dir": project.docs_dir})):
        output = output.resolve()
        if output == root or output in root.parents:
            raise _output_error(name, output, "holds the project folder")
        for other, folder in others.items():
            folder = folder.resolve()
            if output == folder or output in folder.parents or folder in output.parents:
                raise _output_error(name, output, f"overlaps {other} ({folder})")


def _output_error(name: str, folder: Path, problem: str) -> DigestSiteError:
    example = "build/docs" if name == "docs_dir" else "site"
    return DigestSiteError(f"{name} {folder} {problem}, and the build {OUTPUTS[name]}: "
                           f"choose a folder of its own, such as {example}")


def _load_mkdocs(path: Path) -> dict:
    if not path.is_file():
        raise InputError([Problem(str(path), 1, "no mkdocs.yml here: run digest-site in the project folder")])
    try:
        # mkdocs.yml may hold !!python/name tags for Markdown extensions: read it without them
        loader = type("Loader", (yaml.SafeLoader,), {})
        loader.add_multi_constructor("", lambda *_: None)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as exc:
        raise InputError([_yaml_problem(path, exc)]) from None
    return data if isinstance(data, dict) else {}


def load_settings(path: Path) -> Settings:
    """Validate ``collection.yml``; a missing file means all defaults."""
    if not path.is_file():
        return Settings()
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError([_yaml_problem(path, exc)]) from None
    if node is None:
        return Settings()
    if not isinstance(node, yaml.MappingNode):
        raise InputError([Problem(str(path), node.start_mark.line + 1, "expected a mapping of options")])
    values, problems = _read_options(path, node)
    if any(p.is_error for p in problems):
        raise InputError(problems)
    for problem in problems:
        log.warning("%s", problem)
    return Settings(**values)


def _read_options(path: Path, node: yaml.MappingNode) -> tuple[dict, list[Problem]]:
    declared = {f.name: f for f in fields(Settings)}
    values, problems = {}, []
    for key_node, value_node in node.value:
        line, key = key_node.start_mark.line + 1, key_node.value
        if key not in declared:
            problems.append(Problem(str(path), line, f"unknown option {key!r} (known: {', '.join(declared)})", "warning"))
            continue
        value = yaml.safe_load(yaml.serialize(value_node))
        problem = _check(key, value, declared[key].type)
        if problem:
            problems.append(Problem(str(path), line, f"option {key!r}: {problem}"))
        else:
            values[key] = value
    return values, problems


def _check(key: str, value, type_name: str) -> str | None:
    if type_name == "str":
        return None if isinstance(value, str) else f"expected text, got {value!r}"
    if not isinstance(value, int) or isinstance(value, bool):
        return f"expected a whole number, got {value!r}"
    low, high = RANGES[key]
    return None if low <= value <= high else f"expected {low} to {high}, got {value}"


def _yaml_problem(path: Path, exc: Exception) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else 1
    return Problem(str(path), line, f"not valid YAML: {getattr(exc, 'problem', None) or exc}")
