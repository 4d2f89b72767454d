"""The site's one stylesheet, ``assets/digest-site/digest-site.css``: every page links it alone.

It is made once per build from the collection's own ``site_templates/assets/digest-site.css`` and
``search.css`` (else the packaged ones), followed by the palette's colours: the CSS variables of
``:root`` that the theme partial ``partials/ds-palette.html`` makes from mkdocs.yml's
``theme.palette`` and collection.yml's ``colours`` (looked up as MkDocs looks up theme templates:
mkdocs.yml's ``custom_dir``, the collection's ``site_templates/theme``, the packaged theme). One
file instead of three is one request per page instead of three, and one ``<link>`` in every page.

Its colours are ``light-dark()`` values, which Safari before 17.5 (iOS 15 to 17.4), Chrome before
123 (109 is Windows 7's last) and Firefox before 120 do not know: there every colour variable was
invalid, and the header lost its colour, links theirs, fields and buttons their borders and
backgrounds. A last block, for those browsers alone, gives each variable its light value, and its
dark one where the page is dark (:func:`fallback`).
"""

from __future__ import annotations

import re

import jinja2

from . import site_settings, templates
from .config import Project

STYLESHEET = "assets/digest-site/digest-site.css"  # its path in the docs folder and the site
SOURCES = ("digest-site.css", "search.css")  # of site_templates/assets, in this order
PALETTE = "partials/ds-palette.html"  # a theme partial: the palette's CSS variables


def stylesheet(project: Project) -> bytes:
    """The stylesheet's bytes: the sources, then ``:root{…}`` of the palette, then the colours'
    fallback for browsers without ``light-dark()``."""
    sources = [templates.find(project.templates_dir, "assets", name).read_text(encoding=templates.ENCODING) for name in SOURCES]
    texts = [*sources, palette_css(project)]
    texts.append(fallback("".join(texts)))
    return "".join(text if text.endswith("\n") or not text else text + "\n" for text in texts).encode("utf-8")


# a comment, or a CSS string (its quotes included), read from the left: a string's "/*" opens no
# comment (content: "/*" hid every rule up to the next comment's end), a comment's quote no string
QUOTED = re.compile(r"""/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""", re.S)
LIGHT_DARK = re.compile(r"^light-dark\(\s*([^(),]+?)\s*,\s*([^(),]+?)\s*\)$")


def fallback(css: str) -> str:
    """For browsers without ``light-dark()``: each custom property that a top-level ``:root`` rule
    last sets to ``light-dark(light, dark)``, as ``light`` and, where the page is dark (the
    system's scheme unless the scheme button chose light, or the button's dark), as ``dark``;
    "" when there is none. The same choice of scheme as ``color-scheme`` in digest-site.css."""
    values: dict[str, tuple[str, str] | None] = {}
    css = QUOTED.sub(lambda m: "" if m.group().startswith("/*") else '""', css)  # a "}" in content: "}" closes nothing
    blocks, start = [], 0  # blocks: the open blocks' selectors
    for match in re.finditer(r"[{}]", css):
        if match.group() == "{":
            blocks.append(css[start:match.start()].strip())
        elif blocks and blocks.pop() == ":root" and not blocks:
            for declaration in css[start:match.start()].split(";"):
                name, _, value = (part.strip() for part in declaration.partition(":"))
                if name.startswith("--"):
                    pair = LIGHT_DARK.match(value)
                    values[name] = pair.groups() if pair else None
        start = match.end()
    pairs = {name: pair for name, pair in values.items() if pair}
    if not pairs:
        return ""
    light = ";".join(f"{name}:{pair[0]}" for name, pair in pairs.items())
    dark = ";".join(f"{name}:{pair[1]}" for name, pair in pairs.items())
    return ("@supports not (color: light-dark(#000, #fff)) {\n"
            f":root{{{light}}}\n"
            f":root[data-scheme=\"dark\"]{{{dark}}}\n"
            f"@media screen and (prefers-color-scheme: dark) {{ :root:not([data-scheme=\"light\"]){{{dark}}} }}\n"
            "}\n")


def palette_css(project: Project) -> str:
    """``:root{…}`` with the palette's colours, rendered as MkDocs renders theme templates
    (no autoescape; ``config.theme.palette`` is what MkDocs' configuration would hold)."""
    env = jinja2.Environment(loader=templates.loader(
        templates.theme_dirs([], project.theme_dir, project.templates_dir)), auto_reload=False,
        bytecode_cache=templates.InProcess())
    config = {"theme": {"palette": site_settings.palette(project)}}
    return ":root{" + env.get_template(PALETTE).render(config=config) + "}"
