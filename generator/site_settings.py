"""What ``collection.yml`` tells MkDocs: the title, description, author, site URL, colours and
logo, and where the theme templates come from (the collection's own, then the defaults).

``overrides`` go to MkDocs' ``load_config`` as command-line options do; ``apply`` sets the theme
options that have no such override, on the loaded configuration. ``digest-site build`` and
``serve`` (both through ``build.run_mkdocs``) use them, so the owner sets everything in one file.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.utils import is_markdown_file
from pathspec.gitignore import GitIgnoreSpec

from . import templates
from .render import SIMPLE_PAGES
from .config import Project

LOGO_PATH = "assets/digest-site/logo"  # + the logo file's suffix, in the docs folder
OLD_PALETTE = "assets/digest-site/palette.css"  # the palette's stylesheet until it joined digest-site.css


def overrides(project: Project) -> dict[str, str]:
    """MkDocs options that ``collection.yml`` sets, by MkDocs' names."""
    settings = project.settings
    chosen = {"site_name": settings.title, "site_author": settings.author, "site_url": settings.site_url,
              "site_description": settings.description}
    return {name: value for name, value in chosen.items() if value}


def apply(config, project: Project) -> None:
    """Theme folders (their templates read without BOMs), colours and logo of ``project`` on a loaded
    MkDocs configuration."""
    theme = config.theme
    theme.dirs = templates.theme_dirs(theme.dirs, theme.custom_dir, project.templates_dir)
    theme.get_env = templates.without_boms(theme.get_env)  # (MkDocs' own keeps a template's BOM in its pages)
    theme.static_templates.discard(OLD_PALETTE)  # an older mkdocs.yml may name it: it no longer exists
    if project.settings.colours:
        theme["palette"] = palette(project)
    if project.settings.logo:
        theme["logo"] = logo_path(project)
    # each page by its own path, of any of MkDocs' Markdown suffixes (about.markdown), and its name's
    # wildcard characters escaped ("notes[1].md" is not the pattern of "notes1.md")
    own = sorted("/" + _GLOB.sub(r"\\\1", path.relative_to(project.pages_dir).as_posix())
                 for path in project.pages_dir.rglob("*") if is_markdown_file(path.name))
    # The owner's own pages need not be in the nav (linked from another page, or nowhere), nor the
    # site's home, archive and search pages (the header links them): a nav of the owner's without
    # "Search" failed the build, "search.md … not included in the nav" in strict mode
    config["not_in_nav"] = GitIgnoreSpec([*(config.get("not_in_nav") or GitIgnoreSpec([])).patterns,
                                          *GitIgnoreSpec.from_lines([*(f"/{page}" for page in SIMPLE_PAGES), *own]).patterns])


_GLOB = re.compile(r"([\\*?\[\]!#])")  # gitignore's wildcards, escapes, negation and comment


def palette(project: Project) -> list[dict]:
    """mkdocs.yml's palette schemes with the colours of collection.yml (``primary``, ``accent``) in each."""
    colours = dict(project.settings.colours)
    return [{**scheme, **colours} for scheme in project.palette or ({},)] if colours else list(project.palette)


def logo_path(project: Project) -> str:
    """Where the build puts the logo in the docs folder (and so in the site)."""
    return LOGO_PATH + Path(project.settings.logo).suffix.lower()


def logo_file(project: Project) -> dict[str, bytes]:
    """The logo as a generated file, when collection.yml names one."""
    if not project.settings.logo:
        return {}
    return {logo_path(project): (project.root / project.settings.logo).read_bytes()}
