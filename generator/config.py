"""The collection's configuration: ``content/collection.yml`` plus what the build needs of ``mkdocs.yml``.

``collection.yml``'s options are declared once, as the fields of :class:`Settings` (type,
default, allowed range and a comment saying what each does); adding an option is adding a field.
Loading reports every problem at once (``file:line: error: …``) and unknown keys as warnings.

``mkdocs.yml`` is read by MkDocs' own loader and schema (so ``!ENV``, ``!relative`` and
``INHERIT`` work as in ``mkdocs build``); its errors are reported with the line of the key.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
import shlex
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable

import yaml

from . import options, templates, yaml_files
from .errors import NO_LINE, LINK, DigestSiteError, InputError, Problem, brief, display_path
from .select import Filter

log = logging.getLogger("digest_site")
DESCRIPTION = "Research papers, collected digest by digest."  # a site's description when none is set


def option(default, low: int | None = None, high: int | None = None):
    """A declared option of ``collection.yml``: its default and, for numbers, the allowed range."""
    return field(default=default, metadata={"range": (low, high)})


@dataclass(frozen=True)
class Settings:
    """Options of ``content/collection.yml``."""

    title: str = option("")  # the site's title: header, browser tab, feeds ("" keeps mkdocs.yml's site_name)
    description: str = option("")  # home page, feeds, meta description ("" keeps mkdocs.yml's site_description)
    author: str = option("")  # the pages' author metadata
    site_url: str = option("")  # where the site is published, https://… ("" keeps mkdocs.yml's site_url)
    colours: tuple[tuple[str, str], ...] = option(())  # Material colour names: {primary: teal, accent: pink}
    logo: str = option("")  # an image file shown in the header, relative to the project folder
    topics: str = option("content/topics.yml")  # the taxonomy file, relative to the project folder
    include: Filter = option(Filter())  # only papers matching one of its keywords or categories enter
    exclude: Filter = option(Filter())  # papers matching one of its keywords or categories are left out
    sort: str = option("digest")  # papers within a digest: "digest" (the file's order), "date" or "title"
    feed_size: int | None = option(None, 1, 10_000)  # papers in each feed (unset: the newest digest's, 50 to 1,000)
    related: int = option(3, 0, 50)  # related papers shown on each paper page (and listed in papers.json)
    listing_size: int = option(20, 1, 1000)  # papers of the latest digest shown on the home page
    fields: tuple[tuple[str, str], ...] = option(())  # (field, dotted path) for JSON, JSONL and CSV digests
    aliases: tuple[tuple[str, str, int], ...] = option(())  # (earlier address as a docs path, its paper or digest, line)

    @property
    def field_map(self) -> dict[str, str]:
        return dict(self.fields)


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
    palette: tuple = ()  # mkdocs.yml's theme.palette (its schemes, as MkDocs read them)
    theme_dir: str | None = None  # mkdocs.yml's theme.custom_dir
    language: str = "en"  # mkdocs.yml's theme.language: the pages' lang, the feeds' language
    site_url_option: bool = False  # site_url is build --site-url's (neither file sets one)

    @property
    def digests_dir(self) -> Path:
        return self.content_dir / "digests"

    @property
    def pages_dir(self) -> Path:
        """The owner's own pages (an About page) and their files, copied into the docs folder."""
        return self.content_dir / "pages"

    @property
    def topics_file(self) -> Path:
        return self.root / self.settings.topics

    @property
    def settings_file(self) -> Path:
        return self.content_dir / "collection.yml"


def load_project(root: Path, site_dir: Path | None = None, site_url: str | None = None) -> Project:
    """Read ``mkdocs.yml`` and ``content/collection.yml`` of the project in ``root``; ``site_url``
    is the site's address when neither sets one (``build --site-url``)."""
    try:
        mkdocs = load_mkdocs(root / "mkdocs.yml")
    except InputError as exc:  # with collection.yml's: every setting's problem at once, not file by file
        raise InputError(exc.problems + _problems_of(load_settings, root / "content" / "collection.yml")) from None
    if unsafe := _templating_plugins(root / "mkdocs.yml", mkdocs):
        raise InputError(unsafe)
    content_dir = root / "content"
    if content_dir.is_symlink():  # (every digest, page and setting would be read from wherever it points)
        raise InputError([Problem(display_path(content_dir), NO_LINE, f"the folder is {LINK}")])
    settings = load_settings(content_dir / "collection.yml")
    site_url_option = bool(site_url and not (settings.site_url or mkdocs["site_url"]))
    if site_url_option:
        url = options.checked_site_url(site_url)
        if url is None:
            raise DigestSiteError(f"--site-url: {options.SITE_URL_EXPECTED}, got {site_url!r}")
        settings = dataclasses.replace(settings, site_url=url)
    # one description for every page and feed: a 404 page and a paper page without an abstract
    # showed mkdocs.yml's site_description as their meta description, every other page collection.yml's
    settings = dataclasses.replace(settings, description=settings.description
                                   or str(mkdocs["site_description"] or "") or DESCRIPTION)
    project = Project(
        root=root,
        content_dir=content_dir,
        docs_dir=Path(mkdocs["docs_dir"]),
        site_dir=site_dir or Path(mkdocs["site_dir"]),
        templates_dir=root / "site_templates",
        site_name=settings.title or str(mkdocs["site_name"] or "Paper digests"),
        site_url=settings.site_url or str(mkdocs["site_url"] or ""),
        directory_urls=directory_urls(mkdocs),
        settings=settings,
        palette=_schemes(mkdocs["theme"].get("palette")),
        theme_dir=mkdocs["theme"].custom_dir,
        language=str(mkdocs["theme"].get("language") or "en"),
        site_url_option=site_url_option,
    )
    check_outputs(project)
    if linked := templates.links([project.templates_dir, *([Path(project.theme_dir)] if project.theme_dir else [])]):
        raise InputError([Problem(display_path(path), NO_LINE if path.is_dir() else 1, f"the {'folder' if path.is_dir() else 'template'} is {LINK}")
                          for path in linked])
    if unreadable := templates.undecodable(project.templates_dir, Path(project.theme_dir) if project.theme_dir else None):
        raise InputError([Problem(display_path(path), line, why) for path, line, why in unreadable])
    for problem in [*_palette_problems(root / "mkdocs.yml", project.palette, dict(settings.colours)),
                    *_ignored_options(root / "mkdocs.yml", mkdocs)]:
        # (named from the working folder, as other problems are: an absolute path in the pull
        # request check's output made an annotation GitHub could not place on mkdocs.yml)
        log.warning("%s", dataclasses.replace(problem, path=display_path(Path(problem.path))))
    return project


def _problems_of(load: Callable[[Path], object], path: Path) -> list[Problem]:
    """The problems ``load(path)`` raises, or none."""
    try:
        load(path)
    except InputError as exc:
        return exc.problems
    return []


# Options of Material's own page that digest-site's page (site_templates/theme/ds-base.html, which
# replaces it) does not show: set, they did nothing, without a word
IGNORED = {
    "repo_url": "no repository link is shown",
    "edit_uri": "no edit link is shown",
    "extra.analytics": "no analytics tag is added: put your provider's script in a file of extra_javascript",
    "extra.social": "no social links are shown",
    "extra.consent": "no cookie consent is asked",
    "extra.alternate": "no language switch is shown",
    "theme.features": "Material's features (instant loading, tabs, …) are not used",
    "theme.font": "no Google font is loaded: the pages use the system's fonts (set font-family in a stylesheet "
                  "of extra_css)",
    "theme.icon": "Material's icons are not shown (collection.yml's logo is the header's)",
}
# Options MkDocs or the theme set when mkdocs.yml names none (MkDocs' edit_uri beside a GitHub
# repo_url, Material's Roboto): a warning only when the file names them
DEFAULTED = {"edit_uri", "font"}
SEARCH_PLUGINS = ("search", "material/search")
# The search page's stylesheet, which collections made before it became part of digest-site.css
# list in mkdocs.yml's extra_css: no build writes it, and a theme that links every extra_css
# (an earlier version's page shell, copied into site_templates/theme/main.html) links a 404
RETIRED_CSS = "assets/digest-site/search.css"


def _ignored_options(path: Path, mkdocs) -> list[Problem]:
    """A warning at the line of each option of ``mkdocs.yml`` that the site's page does not use
    (:data:`IGNORED`), for Material's search plugin, for the one Markdown extension that rewrites
    digest text inside the pages' HTML (CriticMarkup), and for a ``theme.language`` other than
    English (the page's words stay English: only its ``lang`` and direction, and the feeds'
    language, follow it)."""
    found = []
    for option, why in IGNORED.items():
        section, _, key = option.rpartition(".")
        holder = mkdocs[section] if section in ("theme", "extra") else mkdocs
        value = (holder.get(key) if hasattr(holder, "get") else None) if section else mkdocs[option]
        if value:
            found.append((key, f"{option} is set, but digest-site's page does not use it: {why} (remove it from mkdocs.yml)"))
    found += _search_plugin(path, mkdocs)
    if RETIRED_CSS in map(str, mkdocs["extra_css"]):
        found.append((RETIRED_CSS, f"extra_css lists {RETIRED_CSS}, which earlier versions wrote: its rules are part of "
                                   "assets/digest-site/digest-site.css now, and no build writes it (a theme that links "
                                   "every extra_css file links a missing one) (remove it from mkdocs.yml)"))
    if "pymdownx.critic" in mkdocs["markdown_extensions"]:
        found.append(("pymdownx.critic", "markdown_extensions: pymdownx.critic reads CriticMarkup ({++ ++}, {-- --}, …) "
                                         "in every page before anything else, digest text included: a title holding such "
                                         "marks is shown as an edit, or loses its words, not as written (remove it from "
                                         "mkdocs.yml's markdown_extensions)"))
    language = mkdocs["theme"].get("language")
    if language and str(language).lower() not in ("en", "en-us", "en-gb"):
        found.append(("language", f"theme.language is {language!r}, but digest-site's page words (buttons, labels, "
                                  "dates) are English: only the pages' lang attribute and direction, and the feeds' "
                                  "language, follow it"))
    if not found:
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    return [Problem(str(path), key_line(text, key) or 1, message, "warning")  # (1: set in an INHERITed file)
            for key, message in found if key_line(text, key) or key not in DEFAULTED]


def key_line(text: str, key: str) -> int | None:
    """The line of a settings file's ``text`` (``mkdocs.yml``'s, ``collection.yml``'s) that names ``key`` (an option, or an item of a list)."""
    at = re.search(rf"^[ \t]*(?:-[ \t]+)?([\"']?){re.escape(key)}\1[ \t]*(?::|$)", text, re.MULTILINE) \
        or re.search(rf"\b{re.escape(key)}\s*:", text)
    return text.count("\n", 0, at.start()) + 1 if at else None


# MkDocs plugins that render every page's Markdown as a Jinja template, with the option that
# leaves out the pages that do not ask for it (None: no such option): digest text in the
# generated pages ("{{ … }}" in a title) ran as a template, and through it as Python, in the build
TEMPLATING_PLUGINS = {"macros": "render_by_default", "markdownextradata": None}
FORCED_PATHS = "force_render_paths"  # macros' pages rendered whatever render_by_default says


def _templating_plugins(path: Path, mkdocs) -> list[Problem]:
    """An error at each plugin of :data:`TEMPLATING_PLUGINS` that would render the generated pages."""
    found = []
    for name, option in TEMPLATING_PLUGINS.items():
        if (plugin := mkdocs["plugins"].get(name)) is None:
            continue
        forced = bool(option and plugin.config.get(FORCED_PATHS))
        if forced or not (option and plugin.config.get(option) is False):
            found.append((name, option, forced))
    text = path.read_text(encoding="utf-8", errors="replace") if found else ""  # (read for a problem's line only)
    problems = []
    for name, option, forced in found:
        # (its force_render_paths renders the pages it matches whatever render_by_default says:
        # "digests/**" ran a title's "{{ … os.popen(…) }}" in the build)
        fix = (f"remove its {FORCED_PATHS}, and set render_macros: true in the front matter of your own pages that use it"
               if forced else
               f"set its {option}: false, and render_macros: true in the front matter of your own pages that use it"
               if option else "remove it from mkdocs.yml's plugins: it renders every page")
        problems.append(Problem(str(path), key_line(text, name) or 1,
                                f"plugins: {name} renders every page's Markdown as a Jinja template, the pages of "
                                f"digest text too: a title holding '{{{{ … }}}}' would run, as Python, in the build ({fix})"))
    return problems


def _search_plugin(path: Path, mkdocs) -> list[tuple[str, str]]:
    """Material's search plugin, which the page does not use (it has its own search), as
    ``(key to find the line of, message)``: named in ``plugins``, or run as MkDocs' default
    when ``mkdocs.yml`` names no plugins."""
    names = [name for name in SEARCH_PLUGINS if name in mkdocs["plugins"]]
    if not names:
        return []
    why = ("digest-site's page has its own search: Material's writes its whole index, search/search_index.json, "
           "which no page reads, and MkDocs renders every page in one process with a plugin")
    if not re.search(r"^plugins[ \t]*:", path.read_text(encoding="utf-8", errors="replace"), re.MULTILINE):
        return [("plugins", f"mkdocs.yml names no plugins, so MkDocs runs its search plugin, but {why} "
                            "(add 'plugins: []' to mkdocs.yml)")]
    return [("plugins", f"plugins: {names[0]} is set, but {why} (remove it from mkdocs.yml's plugins)")]


# --- mkdocs.yml ------------------------------------------------------------------------------

def directory_urls(mkdocs) -> bool:
    """``use_directory_urls`` as MkDocs will render with it: Material's offline plugin (made for a
    site opened from the file system) turns it off when MkDocs runs it, after the generator has
    written every link of the pages; the generator must write ``papers/SLUG.html`` then too."""
    if not mkdocs["use_directory_urls"]:
        return False
    return not any(type(plugin).__module__.startswith("material.plugins.offline") and plugin.config.get("enabled", True)
                   for plugin in mkdocs["plugins"].values())


def _palette_problems(path: Path, palette: tuple, chosen: dict) -> list[Problem]:
    """A colour of mkdocs.yml's palette that the palette partial does not know (a typo, a hex
    value, Material's ``custom``) gives indigo: a warning at its line, as collection.yml's
    ``colours`` gives an error (its ``chosen`` colours replace mkdocs.yml's: no warning for those)."""
    problems, text = [], None
    for scheme in palette:
        for key in ("primary", "accent"):
            value = scheme.get(key) if isinstance(scheme, dict) else None
            if value is None or key in chosen or str(value).replace(" ", "-") in options.COLOURS:
                continue
            text = text if text is not None else path.read_text(encoding="utf-8", errors="replace")
            found = re.search(rf"^\s*(?:-\s+)?{key}\s*:\s*['\"]?{re.escape(str(value))}", text, re.MULTILINE)
            line = text.count("\n", 0, found.start()) + 1 if found else 1
            problems.append(Problem(str(path), line, f"theme.palette {key}: {str(value)!r} is not a colour name digest-site "
                                    f"knows ({', '.join(options.COLOURS)}): the site uses indigo; another colour "
                                    f"is set as --ds-{'primary' if key == 'primary' else 'accent'} in a stylesheet of extra_css",
                                    "warning"))
    return problems


def _schemes(palette) -> tuple:
    """theme.palette as a tuple of schemes: MkDocs takes one mapping or a list of them."""
    if not palette:
        return ()
    return tuple(palette) if isinstance(palette, list) else (palette,)


def _below(folder: Path) -> str:
    """A hint naming the collections in ``folder``'s subfolders: `digest-site new my-digest` ends
    with "next: cd my-digest", and a command run before that `cd` should say where to go."""
    try:
        below = sorted(sub for sub in folder.iterdir()
                       if sub.is_dir() and (sub / "mkdocs.yml").is_file() and (sub / "content").is_dir())
    except OSError:
        return ""
    if not below:
        return ""
    here = folder.resolve() == Path.cwd().resolve()
    names = [sub.name if here else str(sub) for sub in below[:3]]
    if len(below) == 1:
        return f" ({names[0]} has one: cd {shlex.quote(names[0])}, or give -C {shlex.quote(names[0])})"
    return f" ({', '.join(names)}{', …' if len(below) > 3 else ''} have one: cd into one, or give -C FOLDER)"


def load_mkdocs(path: Path):
    """``mkdocs.yml`` loaded and validated by MkDocs (a ``MkDocsConfig``), as ``mkdocs build`` does,
    except that ``docs_dir`` need not exist yet: the build generates it. Raises :class:`InputError`."""
    from mkdocs.config import config_options
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import ConfigurationError

    class Schema(MkDocsConfig):
        docs_dir = config_options.DocsDir(default="docs", exists=False)

    if not path.is_file():
        above = next((folder for folder in path.parent.resolve().parents if (folder / "mkdocs.yml").is_file()), None)
        hint = f" ({above} has one: run it there, or give -C {shlex.quote(str(above))})" if above else _below(path.parent)
        raise InputError([Problem(str(path), 1, f"no mkdocs.yml here: run digest-site in the project folder{hint}")])
    config = Schema(config_file_path=str(path))
    try:
        with open(path, "rb") as handle:
            config.load_file(handle)
        errors, _ = config.validate()  # warnings are MkDocs' to give, when it renders
    except ConfigurationError as exc:
        raise InputError([yaml_files.yaml_problem(path, exc.__context__ or exc)]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError([yaml_files.yaml_problem(path, exc)]) from None
    text = path.read_text(encoding="utf-8", errors="replace")
    errors = list(errors) + _empty_folder_options(text)
    if errors:
        raise InputError([_mkdocs_problem(path, text, key, str(error)) for key, error in errors])
    return config


FOLDER_DEFAULTS = {"docs_dir": "docs", "site_dir": "site"}


def _empty_folder_options(text: str) -> list[tuple[str, str]]:
    """MkDocs reads `site_dir:` or `site_dir: null` as its default folder; more likely a value went
    missing, and the build replaces the folder it names: an error, as for any other bad value."""
    return [(key, f"empty (null): give a folder, or remove the line for the default {default!r}")
            for key, default in FOLDER_DEFAULTS.items()
            if re.search(rf"^{key}\s*:[ \t]*(?:null|Null|NULL|~)?[ \t]*(?:#.*)?$", text, re.MULTILINE)]


def _mkdocs_problem(path: Path, text: str, key: str, error: str) -> Problem:
    """MkDocs' message for an option, at the line that sets it (line 1 if inherited)."""
    found = re.search(rf"^{re.escape(key)}\s*:[ \t]*(.*?)[ \t]*(?:#.*)?$", text, re.MULTILINE)
    line = text.count("\n", 0, found.start()) + 1 if found else 1
    hint = _boolean_hint(found.group(1)) if found and "bool" in error else ""
    return Problem(str(path), line, f"option '{key}': {error}{hint}")


# YAML 1.1 reads these words as true/false, where a name or path was meant.
YAML_BOOLEANS = frozenset("y n yes no on off true false".split())


def _boolean_hint(raw: str) -> str:
    word = raw.strip().strip("'\"")
    if word.lower() not in YAML_BOOLEANS or raw.strip()[:1] in "'\"":
        return ""
    return f" ({word!r} is a YAML boolean: put it in quotes, \"{word}\", to mean the word)"


# --- collection.yml -------------------------------------------------------------------------

def load_settings(path: Path) -> Settings:
    """Validate ``collection.yml``; a missing file means all defaults."""
    if not path.is_file():
        return Settings()
    node = yaml_files.compose(path)
    if node is None:
        return Settings()
    if not isinstance(node, yaml.MappingNode):
        raise InputError([Problem(str(path), node.start_mark.line + 1, "expected a mapping of options")])
    values, problems = _read_options(path, node)
    if any(p.is_error for p in problems):
        raise InputError(problems)
    for problem in problems:  # (from the working folder, as errors are: see load_project)
        log.warning("%s", dataclasses.replace(problem, path=display_path(Path(problem.path))))
    return Settings(**values)


ALIASES = {"colors": "colours"}  # the other spelling people write


def _read_options(path: Path, node: yaml.MappingNode) -> tuple[dict, list[Problem]]:
    declared = {f.name: f for f in fields(Settings)}
    values, problems, first_line = {}, [], {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key = ALIASES.get(key_node.value, key_node.value) if isinstance(key_node, yaml.ScalarNode) else None
        if key not in declared:  # (None: a name written as a list or mapping, "? [a, b]")
            name = repr(key) if key is not None else "written as a list or mapping"
            problems.append(Problem(str(path), line, f"unknown option {name} (known: {', '.join(declared)})", "warning"))
            continue
        if key in first_line:
            problems.append(Problem(str(path), line, f"option {key!r} is given twice (first at line {first_line[key]})"))
            continue
        first_line[key] = line
        twice = _repeated_keys(list(_nodes(value_node)))  # each at its line; the value's other problems too
        problems += [Problem(str(path), at, f"option {key!r}: {message}") for at, message in twice]
        value, problem = _value(value_node, check_repeats=False)
        if not problem and key in options.CHECKS:  # the options with a structure: colours, filters, …
            value, found = options.check(key, value, value_node)
            problems += [Problem(str(path), at, f"option {key!r}: {message}") for at, message in found]
            values.update({} if found else {key: value})
            continue
        problem = problem or _check(value, value_node, declared[key]) or (
            options.text_problem(value) if isinstance(value, str) else None)
        if problem:
            problems.append(Problem(str(path), value_node.start_mark.line + 1, f"option {key!r}: {problem}"))
        else:
            values[key] = value
    return values, sorted(problems + _missing_files(path, node, values), key=lambda p: p.line)


def _missing_files(path: Path, node: yaml.MappingNode, values: dict) -> list[Problem]:
    """The logo and a taxonomy file other than the default must exist (paths from the project folder)."""
    root, lines = path.parent.parent, {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    problems = [Problem(str(path), lines[key], f"option {key!r}: {values[key]} does not exist in {root}")
                for key in ("logo", "topics") if values.get(key) and not (root / values[key]).is_file()]
    problems += [Problem(str(path), lines[key], f"option {key!r}: {values[key]} is a symbolic link, which could "
                                                "publish any file of this machine: copy the file in instead")
                 for key in ("logo", "topics") if values.get(key) and _linked(root, values[key])]
    if not problems and values.get("logo") and (kind := _not_an_image(root / values["logo"])):
        problems.append(Problem(str(path), lines["logo"], f"option 'logo': {values['logo']} is not {kind} image "
                                                          "(its bytes say otherwise): the header would show a broken image"))
    return problems


# How each kind of image file begins (an SVG: its <svg element within its first KB, after any XML
# declaration, comment or doctype)
_IMAGE_STARTS = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
                 ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",)}


def _not_an_image(file: Path) -> str:
    """"" when ``file`` holds an image of the kind its suffix names, else that kind ("a PNG")."""
    suffix = file.suffix.lower()
    try:
        with open(file, "rb") as handle:
            head = handle.read(1024)
    except OSError:
        return ""  # (a file that cannot be read is the build's error, when it copies it)
    if suffix == ".svg":
        return "" if b"<svg" in head.lower() else "an SVG"
    ok = any(head.startswith(start) for start in _IMAGE_STARTS.get(suffix, (b"",)))
    if suffix == ".webp":
        ok = ok and head[8:12] == b"WEBP"
    return "" if ok else ("a JPEG" if suffix in (".jpg", ".jpeg") else f"a {suffix[1:].upper()}")


def _linked(root: Path, relative: str) -> bool:
    """Whether the path, or a folder on the way to it inside ``root``, is a symbolic link."""
    path = root
    for part in Path(relative).parts:
        path = path / part
        if path.is_symlink():
            return True
    return False


def _value(node: yaml.Node, check_repeats: bool = True) -> tuple[object, str | None]:
    """The plain value of a node; YAML tags such as ``!include`` are not run. ``check_repeats``:
    a key given twice is the problem (else the caller tells each, :func:`_repeated_keys`)."""
    nodes = list(_nodes(node))
    local = [n.tag for n in nodes if n.tag.startswith("!")]
    if local:
        return None, f"YAML tags such as {local[0]} are not supported here: write the value itself"
    if check_repeats and (twice := _repeated_keys(nodes)):
        return None, twice[0][1]
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True), None
    except yaml.YAMLError as exc:
        return None, f"not a plain value: {getattr(exc, 'problem', None) or exc}"
    except ValueError as exc:  # a whole number of over 4,300 digits; a date that is no day, 2023-02-30
        return None, f"not a plain value: {str(exc).split(';')[0]} (put it in quotes to mean the text)"


def _repeated_keys(nodes: list[yaml.Node]) -> list[tuple[int, str]]:
    """Each key that a mapping among ``nodes`` gives again, which YAML reads as the last one given
    (``colours: {primary: teal, primary: pink}`` was pink, without a word): its line and a message.
    (The first alone was told, at the option's line, and the option's other problems were not.)"""
    found = []
    for node in nodes:
        first: dict[str, int] = {}
        for key, _ in node.value if isinstance(node, yaml.MappingNode) else ():
            if isinstance(key, yaml.ScalarNode) and key.value in first:
                again = key.start_mark.line + 1
                found.append((again, f"{key.value!r} is given twice" + (f" (lines {first[key.value]} and {again})"
                                                                         if again != first[key.value] else "")))
            first.setdefault(str(key.value), key.start_mark.line + 1)
    return found


def _nodes(node: yaml.Node):
    yield node
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _nodes(child)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _nodes(key)
            yield from _nodes(value)


def _check(value, node: yaml.Node, declared) -> str | None:
    """What is wrong with ``value`` for a declared option, or None."""
    kind = "boolean" if isinstance(value, bool) else "date" if isinstance(value, datetime.date) else ""
    got = (f"the YAML {kind} {node.value!r} (put it in quotes to mean the {'word' if kind == 'boolean' else 'text'})"
           if kind and isinstance(node, yaml.ScalarNode) else brief(value))
    if declared.type == "str":
        return None if isinstance(value, str) else f"expected text, got {got}"
    if not isinstance(value, int) or isinstance(value, bool):
        return f"expected a whole number, got {got}"
    low, high = declared.metadata["range"]
    return None if low <= value <= high else f"expected {low} to {high}, got {value}"


# --- the build's output folders ------------------------------------------------------------

OUTPUTS = {"docs_dir": "removes every file of docs_dir it did not generate",
           "site_dir": "replaces the whole site_dir"}


def check_outputs(project: Project) -> None:
    """The build owns docs_dir and site_dir: neither may hold the project folder, overlap one of its
    input folders, or overlap the other; site_dir may not be a file (or a link to one), nor a folder
    of other files: only an empty folder or a site that a build wrote is replaced."""
    root = project.root.resolve()
    inputs = {"content": project.content_dir, "site_templates": project.templates_dir}
    for name, given, others in (("docs_dir", project.docs_dir, inputs),
                                ("site_dir", project.site_dir, {**inputs, "docs_dir": project.docs_dir})):
        output = given.resolve()
        if output == root or output in root.parents:
            raise _output_error(name, output, "holds the project folder")
        for other, folder in others.items():
            folder = folder.resolve()
            if output == folder or output in folder.parents or folder in output.parents:
                raise _output_error(name, output, f"overlaps {other} ({folder})")
        if output.exists() and not output.is_dir():
            link = f" (through the link {given})" if given.is_symlink() else ""
            raise _output_error(name, output, f"is a file{link}")
        if name == "site_dir" and not _replaceable_site(output):
            raise _output_error(name, output, "holds files that no build wrote (it has neither "
                                f"{' nor '.join(SITE_MARKS)})")


SITE_MARKS = ("assets/digest-site/", "sitemap.xml.gz")  # what every site of ours, or of MkDocs, holds


def _replaceable_site(folder: Path) -> bool:
    """A site_dir may be replaced when it is missing or empty (but for hidden entries, which a build
    leaves: a gh-pages worktree's ``.git``), or is a site digest-site or MkDocs built."""
    if not folder.is_dir():
        return True
    return (all(entry.name.startswith(".") for entry in folder.iterdir())
            or any((folder / mark).exists() for mark in SITE_MARKS))


def _output_error(name: str, folder: Path, problem: str) -> DigestSiteError:
    example = "build/docs" if name == "docs_dir" else "site"
    return DigestSiteError(f"{name} {folder} {problem}, and the build {OUTPUTS[name]}: "
                           f"choose a folder of its own, such as {example}")
