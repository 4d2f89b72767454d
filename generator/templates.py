"""Where templates come from: the collection's own ``site_templates/`` first, then the defaults.

The defaults ship inside the installed package (``digest_site_templates``, built from the
repository's ``site_templates/``), so a collection made by ``digest-site new`` needs no copy of
them. A file of the same path in the collection's own folder replaces the default one:

- ``pages/*.md.j2``: the generated Markdown pages (Jinja, autoescaped);
- ``theme/**``: MkDocs/Material theme templates and partials, ahead of Material's own;
- ``assets/*``: the stylesheet and the search script.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

DEFAULTS = Path(str(importlib.resources.files("digest_site_templates")))


PARTS = ("pages", "theme", "assets")  # the kinds of template a collection may override
# Templates an earlier digest-site read and this one does not: a collection's override of one is
# said to do nothing (path → what to do instead)
RETIRED = {
    "theme/search-page.html": "the search page loads search.js from pages/search.md.j2 now: "
                              "move what this file adds into your own pages/search.md.j2, then delete it",
}


def retired(own: Path) -> list[tuple[Path, str]]:
    """The collection's overrides of templates no longer read (:data:`RETIRED`), with what to do."""
    return [(own / path, advice) for path, advice in RETIRED.items() if (own / path).is_file()]


def layers(own: Path, part: str) -> list[Path]:
    """The folders ``part`` (one of ``PARTS``) is looked up in, the collection's first."""
    folders = [own / part, DEFAULTS / part]
    unique = {folder.resolve(): folder for folder in folders if folder.is_dir()}
    return list(unique.values())


def find(own: Path, part: str, name: str) -> Path:
    """The file ``part/name`` of the first layer holding it (the default one when none does)."""
    return next((folder / name for folder in layers(own, part) if (folder / name).is_file()), DEFAULTS / part / name)


def theme_dirs(dirs: list[str], custom_dir: str | None, own: Path) -> list[str]:
    """MkDocs' theme folders with ours inserted: ``custom_dir`` (if mkdocs.yml sets one), the
    collection's ``site_templates/theme``, the default theme overrides, then the theme's own."""
    ours = [custom_dir] if custom_dir else []
    ours += [str(folder) for folder in layers(own, "theme")]
    rest = [d for d in dirs if d != custom_dir]
    return list({str(Path(d).resolve()): d for d in ours + rest}.values())
