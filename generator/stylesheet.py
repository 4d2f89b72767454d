"""The site's one stylesheet, ``assets/digest-site/digest-site.css``: every page links it alone.

It is made once per build from the collection's own ``site_templates/assets/digest-site.css`` and
``search.css`` (else the packaged ones), followed by the palette's colours: the CSS variables of
``:root`` that the theme partial ``partials/ds-palette.html`` makes from mkdocs.yml's
``theme.palette`` and collection.yml's ``colours`` (looked up as MkDocs looks up theme templates:
mkdocs.yml's ``custom_dir``, the collection's ``site_templates/theme``, the packaged theme). One
file instead of three is one request per page instead of three, and one ``<link>`` in every page.
"""

from __future__ import annotations

import jinja2

from . import site_settings, templates
from .config import Project

STYLESHEET = "assets/digest-site/digest-site.css"  # its path in the docs folder and the site
SOURCES = ("digest-site.css", "search.css")  # of site_templates/assets, in this order
PALETTE = "partials/ds-palette.html"  # a theme partial: the palette's CSS variables


def stylesheet(project: Project) -> bytes:
    """The stylesheet's bytes: the sources, then ``:root{…}`` of the palette."""
    sources = [templates.find(project.templates_dir, "assets", name).read_text(encoding="utf-8") for name in SOURCES]
    return "".join(text if text.endswith("\n") else text + "\n" for text in [*sources, palette_css(project)]).encode("utf-8")


def palette_css(project: Project) -> str:
    """``:root{…}`` with the palette's colours, rendered as MkDocs renders theme templates
    (no autoescape; ``config.theme.palette`` is what MkDocs' configuration would hold)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(
        templates.theme_dirs([], project.theme_dir, project.templates_dir)), auto_reload=False)
    config = {"theme": {"palette": site_settings.palette(project)}}
    return ":root{" + env.get_template(PALETTE).render(config=config) + "}"
