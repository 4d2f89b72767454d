"""Where templates come from: the collection's own ``site_templates/`` first, then the defaults.

The defaults ship inside the installed package (``digest_site_templates``, built from the
repository's ``site_templates/``), so a collection made by ``digest-site new`` needs no copy of
them. A file of the same path in the collection's own folder replaces the default one:

- ``pages/*.md.j2``: the generated Markdown pages (Jinja, autoescaped);
- ``theme/**``: MkDocs/Material theme templates and partials, ahead of Material's own;
- ``assets/*``: the stylesheet and the search script.
"""

from __future__ import annotations

import codecs
import difflib
import importlib.resources
import re
from collections.abc import Callable
from pathlib import Path
from types import CodeType

import jinja2

DEFAULTS = Path(str(importlib.resources.files("digest_site_templates")))

# Templates are UTF-8, and a BOM at a file's start (Windows Notepad's habit until 2019, Visual
# Studio's still) is no text: kept, a page template's put U+FEFF into every page it made, mid-page
# for an included one (the paper page's "Cite" heading); the theme's main.html and ds-base.html
# two before "<!doctype html>", where browsers then render the page in quirks mode; search.css's
# one broke the stylesheet's rule after digest-site.css. Line ends are Jinja's care: it writes
# the lines of a template saved with CRLF (a Windows checkout, git's core.autocrlf) with LF.
ENCODING = "utf-8-sig"
LINE_END = re.compile(rb"\r\n?")  # CRLF, or a lone CR: a line end of a script saved on Windows (or old Mac OS)


def loader(folders: list[str] | list[Path]) -> jinja2.FileSystemLoader:
    """Jinja's loader of the templates of ``folders`` (the first holding a name wins), BOMs dropped."""
    return jinja2.FileSystemLoader(folders, encoding=ENCODING)


class InProcess(jinja2.BytecodeCache):
    """Templates compiled once a process, for every environment of the same compiling options: a
    build compiled the page and theme templates afresh, a quarter of a second (profiled), a third of
    a 2-paper collection's build and of every rebuild of ``serve`` (and of the tests' builds). A
    template is found by its source's checksum, its name, and what Jinja compiles it with
    (:func:`_options`), not by its file (each project copied into a test's own folder made an entry
    of its own, and past KEPT_COMPILED none was kept): its code is :func:`placed` at the file it is
    loaded from. A subclass may look further (``load_bytecode``) and keep it (``dump_bytecode``)."""

    _codes: dict[tuple, CodeType] = {}  # (one for the process: every build's environments share it)

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        key = (_options(environment, name), name, self.get_source_checksum(source))
        code = self._codes.get(key)
        if code is None:
            bucket = super().get_bucket(environment, name, filename, source)
        else:
            bucket = jinja2.bccache.Bucket(environment, self.get_cache_key(name, filename), key[-1])
            bucket.code = code
        if bucket.code is not None and filename is not None:
            bucket.code = placed(bucket.code, filename)
        bucket.in_process = key
        return bucket

    def set_bucket(self, bucket: jinja2.bccache.Bucket) -> None:
        if len(self._codes) < KEPT_COMPILED:  # (serve's rebuilds of templates being edited: each edit's)
            self._codes[bucket.in_process] = bucket.code
        super().set_bucket(bucket)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        pass

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        pass


KEPT_COMPILED = 1024


def placed(code: CodeType, filename: str) -> CodeType:
    """``code`` (a compiled template's) and the code objects in it as compiled from ``filename``:
    a template's ``filename``, which its errors name, is its code's."""
    if code.co_filename == filename:
        return code
    return code.replace(co_filename=filename, co_consts=tuple(placed(c, filename) if isinstance(c, CodeType) else c
                                                              for c in code.co_consts))


def _options(env: jinja2.Environment, name: str) -> tuple:
    """What Jinja's compiled code of template ``name`` depends on besides its source: the syntax
    and whitespace options, autoescaping, the extensions, and each filter's and test's name and
    what it is passed (a filter's context is an argument the code gives it)."""
    escape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    passed = lambda functions: tuple(sorted((n, str(_passed(f))) for n, f in functions.items()))
    return (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
            env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
            env.is_async, escape, tuple(sorted(env.extensions)), env.finalize is None,
            str(_passed(env.finalize)), passed(env.filters), passed(env.tests))


def _passed(function: object) -> object:
    """What Jinja passes ``function`` first (``@pass_context`` and the like mark it so)."""
    return getattr(function, "jinja_pass_arg", None)


def without_boms(get_env: Callable[[], jinja2.Environment]) -> Callable[[], jinja2.Environment]:
    """MkDocs' ``Theme.get_env``, whose environment reads the theme's templates with their BOMs
    dropped, as :func:`loader` does (MkDocs' own build, for a project with plugins, asks for it too)."""
    def bom_free_env() -> jinja2.Environment:
        env = get_env()
        if type(env.loader) is jinja2.FileSystemLoader:
            env.loader.encoding = ENCODING
        return env
    return bom_free_env


def asset(path: Path) -> bytes:
    """The bytes of an asset (a script) as the site publishes them: without a leading UTF-8 BOM,
    every line ending with LF. A Windows checkout of the collection (git's ``core.autocrlf``)
    published scripts of other bytes than the same commit's LF checkout: another site from the same
    input. A script means the same with either line end (JavaScript reads CRLF, CR and LF alike
    between tokens and in template literals, and allows none in other strings)."""
    return LINE_END.sub(b"\n", path.read_bytes().removeprefix(codecs.BOM_UTF8))



PARTS = ("pages", "theme", "assets")  # the kinds of template a collection may override
# Templates that earlier versions used and this one does not: a collection's override of one is
# never read (what it added is gone from the site without a word, unless the build says so)
RETIRED = {
    "theme/search-page.html": "the search page's template of earlier versions, no longer used: the search page "
                              "loads search.js from pages/search.md.j2 itself; move what this file adds there",
}
# Marks of an earlier version's page shell in a collection's theme templates (a copy of the whole
# shell in theme/main.html, made before main.html could extend ds-base.html): what each breaks now
OUTDATED = {
    re.compile(r"""class=["']?ds-scheme\b"""): (
        "writes the light/dark button, as earlier versions' page shell did: digest-site.js adds that button to the "
        "header itself now, so every page shows two, and this one does nothing; remove it, or make main.html "
        "{% extends \"ds-base.html\" %} and fill only the blocks you change (README: Templates)"),
}
STYLESHEETS = ("digest-site.css", "search.css")  # of assets/: the site's one stylesheet is made of them (stylesheet.py)
STYLED = re.compile(r"\.(ds-[\w-]+)")  # a class of digest-site's pages, as a stylesheet names it
SEARCH_SCRIPT = "data-search-page"  # the mark of the search page's own <script> (pages/search.md.j2)
SCRIPT_VERSION = re.compile(r"\bvar VERSION = (\d+);")  # the search files' format a search.js reads (search_site.VERSION)


def script_version(path: Path) -> str | None:
    """The format version of the search files a ``search.js`` reads, None when it names none."""
    found = SCRIPT_VERSION.search(path.read_text(encoding="utf-8", errors="replace"))
    return found.group(1) if found else None


def unused(own: Path) -> list[tuple[Path, int, str]]:
    """The collection's overrides that the build never reads or that break the page they replace,
    with the line to look at and why (for a warning): a retired template, a file of ``assets/`` other than the defaults
    (only those are copied: another file there is not published), an ``assets/search.js`` copied
    from a version that wrote the search files in another format (it refuses them: the search
    said "reload the page" on every page, and the build passed), and a ``pages/search.md.j2``
    without the search page's script (kept from a version whose theme loaded it: its search page
    found nothing)."""
    found = [(own / name, why) for name, why in RETIRED.items() if (own / name).is_file()]
    assets = own / "assets"
    if assets.is_dir() and assets.resolve() != (DEFAULTS / "assets").resolve():
        defaults = sorted(p.name for p in (DEFAULTS / "assets").iterdir() if p.is_file())
        found += [(path, f"not one of the assets digest-site uses ({', '.join(defaults)}): it is not published")
                  for path in sorted(assets.iterdir()) if path.is_file() and path.name not in defaults]
    script, default = own / "assets" / "search.js", DEFAULTS / "assets" / "search.js"
    if script.is_file() and script.resolve() != default.resolve():
        theirs, ours = script_version(script), script_version(default)
        if ours and theirs != ours:
            found.append((script, f"a search.js copied from another digest-site version (it reads search files of version {theirs or 'none'}, "
                                  f"this build writes version {ours}): every search of the site would say the search is "
                                  "unavailable; copy the default search.js again and make your changes in it"))
    found += stale_stylesheets(own / "assets")
    search = own / "pages" / "search.md.j2"
    if search.is_file() and SEARCH_SCRIPT not in search.read_text(encoding="utf-8", errors="replace"):
        found.append((search, f"loads no search.js (the default's <script {SEARCH_SCRIPT}>): the search page would "
                              "find nothing; copy that line of the default search.md.j2 into it"))
    found += misplaced(own) + unknown_pages(own) + unread_material(own)  # and the files a build never reads at all
    return [(path, 1, why) for path, why in found] + outdated(own / "theme")


def outdated(theme: Path) -> list[tuple[Path, int, str]]:
    """Each line of the collection's theme templates (``theme``) holding a mark of an earlier
    version's page shell (:data:`OUTDATED`), with what it breaks: an owner who copied the whole
    shell into main.html kept it through upgrades, and the page changed under it without a word."""
    found = []
    for path in sorted(theme.rglob("*.html")) if theme.is_dir() and theme.resolve() != (DEFAULTS / "theme").resolve() else []:
        text = path.read_text(encoding="utf-8", errors="replace")
        for mark, why in OUTDATED.items():
            found += [(path, text.count("\n", 0, at.start()) + 1, why) for at in mark.finditer(text)]
    return found


def stale_stylesheets(assets: Path) -> list[tuple[Path, str]]:
    """The collection's copies of the default stylesheets (:data:`STYLESHEETS`; a copy begins
    with the default's first line) that style none of some classes the default styles, with
    them: an owner who copied digest-site.css to change a colour kept it through upgrades, and
    the pages' newer parts (the archive's years, wide formulas, the header's new markup) went
    unstyled without a word. A stylesheet written from scratch is the owner's own business."""
    found = []
    for name in STYLESHEETS if assets.is_dir() and assets.resolve() != (DEFAULTS / "assets").resolve() else ():
        path, default = assets / name, (DEFAULTS / "assets" / name).read_text(encoding="utf-8")
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        if not text.startswith(default.partition("\n")[0]):
            continue
        missing = sorted(set(STYLED.findall(default)) - set(STYLED.findall(text)))
        if missing:
            shown = ", ".join(f".{cls}" for cls in missing[:STYLED_SHOWN]) + (", …" if len(missing) > STYLED_SHOWN else "")
            found.append((path, f"a copy of the default {name} of an earlier version: it styles none of {shown} "
                                f"({len(missing)} {'class' if len(missing) == 1 else 'classes'} the pages use), so those parts of the pages are unstyled; copy "
                                f"the default again ({DEFAULTS / 'assets' / name}) and make your changes in it"))
    return found


STYLED_SHOWN = 5  # classes a warning names (an old copy may lack dozens)


def misplaced(own: Path) -> list[tuple[Path, str]]:
    """The files of the collection's templates folder outside the three parts a build reads
    (``PARTS``), with why: a page template put at its top (``site_templates/paper.md.j2``) or in a
    folder of another name (``templates/``) replaced nothing, without a word. Names beginning with
    a dot or two underscores (``.DS_Store``, a package's ``__init__.py``) are left alone."""
    if not own.is_dir() or own.resolve() == DEFAULTS.resolve():
        return []
    stray = [path for path in sorted(own.iterdir()) if not path.name.startswith((".", "__"))
             and not (path.name in PARTS and path.is_dir())]
    if not stray:  # (every build asks: the defaults are listed only for a file to name)
        return []
    defaults = {path.name: path.relative_to(DEFAULTS).as_posix() for part in PARTS
                for path in sorted((DEFAULTS / part).rglob("*")) if path.is_file()}
    found = []
    for path in stray:
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and not file.name.startswith((".", "__")):
                hint = defaults.get(file.name)
                found.append((file, "never read: a build reads only the templates in site_templates/pages/, theme/ and "
                                    "assets/" + (f"; to replace the default {hint}, move this file to "
                                                 f"site_templates/{hint}" if hint else "")))
    return found


def unknown_pages(own: Path) -> list[tuple[Path, str]]:
    """The collection's page templates that no page is rendered from and no page template
    names (an include or a macro file of its own is named by the template that reads it), with
    the default's name closest to theirs: ``pages/papers.md.j2`` replaced nothing, without a word."""
    pages = own / "pages"
    if not pages.is_dir() or pages.resolve() == (DEFAULTS / "pages").resolve():
        return []
    defaults = sorted(path.name for path in (DEFAULTS / "pages").glob("*.j2"))
    own_files = [path for path in sorted(pages.glob("*")) if path.is_file() and path.name not in defaults
                 and not path.name.startswith((".", "__"))]
    if not own_files:  # (every build asks: the templates are read only for a file of the collection's own)
        return []
    sources = {path: path.read_text(encoding="utf-8", errors="replace") for folder in layers(own, "pages")
               for path in sorted(folder.glob("*.j2"))}
    found = []
    for path in own_files:
        named = re.compile(f"[\"']{re.escape(path.name)}[\"']")  # as Jinja's include, import and extends name it
        if not any(named.search(text) for other, text in sources.items() if other != path):
            close = difflib.get_close_matches(path.name, defaults, n=1)
            found.append((path, "never read: no page is made from it and no template includes or imports it"
                                + (f"; did you mean pages/{close[0]}?" if close else
                                   f" (the page templates: {', '.join(n for n in defaults if not n.startswith('_'))})")))
    return found


def unread_material(own: Path) -> list[tuple[Path, str]]:
    """The collection's theme templates that replace a template of Material's which digest-site's
    page shell never reads (its ``base.html``, a partial such as ``partials/footer.html``) and no
    theme template names: an owner following Material's guide to override its footer or copyright
    changed nothing, without a word. (The shell, ``ds-base.html``, writes its own header and footer.)"""
    theme = own / "theme"
    if not theme.is_dir() or theme.resolve() == (DEFAULTS / "theme").resolve():
        return []
    material = Path(str(importlib.resources.files("material"))) / "templates"
    theirs = [path for path in sorted(theme.rglob("*.html")) if path.is_file()
              and MATERIAL_UNREAD.match(path.relative_to(theme).as_posix())
              and (material / path.relative_to(theme)).is_file()]
    if not theirs:  # (every build asks: the templates are read only for such a file)
        return []
    sources = [path.read_text(encoding="utf-8", errors="replace") for folder in layers(own, "theme")
               for path in sorted(folder.rglob("*.html"))]
    if any(MATERIAL_PAGE.search(text) for text in sources):  # pages are Material's own: its partials are read
        return []
    found = []
    for path in theirs:
        name = path.relative_to(theme).as_posix()
        if not any(re.search(f"[\"']{re.escape(name)}[\"']", text) for text in sources):
            found.append((path, f"never read: it replaces Material's {name}, which digest-site's page shell "
                                "(ds-base.html) does not use; to change that part of every page, make "
                                "theme/main.html {% extends \"ds-base.html\" %} and fill the block you change "
                                "(footer, header, …: README, Templates)"))
    return found


MATERIAL_UNREAD = re.compile(r"base\.html$|partials/")  # Material's templates that only its own page reads
MATERIAL_PAGE = re.compile(r"""\{%-?\s*(?:extends|include)\s+["']base\.html["']""")  # a main.html that makes it the page


def self_extending(theme: Path, pattern: str = "*.html") -> list[Path]:
    """The templates of ``theme`` (the collection's ``site_templates/theme``, or ``pages`` with
    ``pattern`` ``*.j2``) that extend or include the template of their own name, which is themselves."""
    found = []
    for path in sorted(theme.rglob(pattern)) if theme.is_dir() else []:
        name = re.escape(path.relative_to(theme).as_posix())
        if re.search(rf"{{%-?\s*(?:extends|include)\s+[\"']{name}[\"']", path.read_text(encoding="utf-8", errors="replace")):
            found.append(path)
    return found


def links(folders: list[Path]) -> list[Path]:
    """The symbolic links in ``folders`` (the collection's templates folder, mkdocs.yml's
    ``custom_dir``), and those folders that are links: a build reads and publishes what a link
    points to, anywhere on the machine (``assets/search.css`` linked to a file outside the project
    put that file's text into the site's stylesheet)."""
    found = []
    for folder in dict.fromkeys(folders):
        if folder.is_symlink():
            found.append(folder)
        elif folder.is_dir():
            found += [path for path in sorted(folder.rglob("*")) if path.is_symlink()]
    return found


TEXTS = ("pages/**/*", "theme/**/*.html", "theme/**/*.xml", "assets/*.css")  # the templates read as text
THEME_TEXTS = ("**/*.html", "**/*.xml")  # of mkdocs.yml's custom_dir


def undecodable(own: Path, custom_dir: Path | None) -> list[tuple[Path, int, str]]:
    """The templates of the collection (``own``) and of ``custom_dir`` that are not UTF-8, with
    the line of the first byte that is not and why: one saved by an editor as Windows-1252
    ("Café" as the byte 0xe9) stopped the build with "internal error: UnicodeDecodeError",
    naming no file."""
    paths = [path for pattern in TEXTS for path in sorted(own.glob(pattern))]
    paths += [path for pattern in THEME_TEXTS for path in sorted(custom_dir.glob(pattern))] if custom_dir else []
    found = []
    for path in {path.resolve(): path for path in paths if not path.name.startswith((".", "__"))}.values():
        data = path.read_bytes() if path.is_file() else b""  # (custom_dir may be site_templates/theme: once)
        try:
            data.decode(ENCODING)
        except UnicodeDecodeError as exc:
            found.append((path, data.count(b"\n", 0, exc.start) + 1,
                          f"not UTF-8 (the byte 0x{data[exc.start]:02x}, as an editor saving Windows-1252 or "
                          "Latin-1 writes an accented letter): save the template as UTF-8"))
    return found


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
