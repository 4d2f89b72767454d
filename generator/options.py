"""The structured options of ``collection.yml``: colours, filters, sort, field mappings, paths, URL.

Each checker takes the option's plain value and its YAML node (for line numbers) and returns the
value to keep (hashable: tuples, not lists or dicts) and every problem found, each with the line
of the key or item it is about. ``config`` declares the options and calls :func:`check` for those
named in :data:`CHECKS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import yaml

from .errors import brief
from .readers.fields import CONTROL
from .readers.records import MAPPABLE, valid_path
from .select import Filter

# Material's colour names, which the theme's palette partial knows.
COLOURS = ("red", "pink", "purple", "deep-purple", "indigo", "blue", "light-blue", "cyan", "teal", "green",
           "light-green", "lime", "yellow", "amber", "orange", "deep-orange", "brown", "grey", "blue-grey",
           "black", "white")
SORTS = ("digest", "date", "title")
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")

Problems = list[tuple[int, str]]


def check(key: str, value: object, node: yaml.Node) -> tuple[object, Problems]:
    """The value of option ``key`` to keep, and its problems (``(line, message)``)."""
    return CHECKS[key](value, node)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _items(value: object, node: yaml.Node, example: str) -> tuple[list[tuple[str, object, int]], Problems]:
    """(key, value, line of the key) of a mapping; a problem when it is not one."""
    if not isinstance(value, dict) or not isinstance(node, yaml.MappingNode):
        return [], [(_line(node), f"expected a mapping such as {example}, got {brief(value)}")]
    lines = {str(k.value): _line(k) for k, _ in node.value}
    return [(str(k), v, lines.get(str(k), _line(node))) for k, v in value.items()], []


def site_url(value: object, node: yaml.Node) -> tuple[str, Problems]:
    """An http(s) address with no space, quote or angle bracket (it is written into every page's
    head), and no query or fragment (the pages' addresses are made by appending to it)."""
    url = checked_site_url(value) if isinstance(value, str) and value else None
    if value == "" or url:
        return url or "", []
    return "", [(_line(node), f"{SITE_URL_EXPECTED}, got {brief(value)}")]


SITE_URL_EXPECTED = ("expected an http(s) URL such as https://owner.github.io/repo/ (no spaces, quotes, '<', '>', '?' "
                     "or '#', no user or password, a port up to 65535)")


def checked_site_url(value: str) -> str | None:
    """``value`` as a site's address (``HTTPS://…`` as ``https://…``), or None when it is none. A
    host's letters beyond ASCII are written as IDNA, a path's as UTF-8 escapes ("/café/" as
    "/caf%C3%A9/"): sitemaps and feeds take URIs, and a citing document's URL field ASCII."""
    if not _SITE_URL.fullmatch(value) or _LONE_PERCENT.search(value):
        return None
    scheme, _, rest = value.partition("://")
    host, slash, path = rest.partition("/")
    try:  # (a user and password were written into every page's address; a port of 99999 too)
        parts = urlsplit(value)
        if "@" in host or not parts.hostname or parts.port == 0:
            return None
    except ValueError:  # a port that is no number, or past 65535
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return f"{scheme.lower()}://{host}{slash}{_NON_ASCII.sub(lambda m: quote(m.group(0)), path)}"


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


_SITE_URL = re.compile(r"(?i:https?)://[^\s\"'<>?#\\]+")
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")  # a % that starts no escape (/a%/)


def text_problem(value: str) -> str | None:
    """What is wrong with a line of text (the title, description, author): a control character
    or half of one (a lone surrogate), which neither a page's head nor a feed can hold."""
    if found := CONTROL.search(value):
        what = "half of a character (a lone surrogate: write the character itself" if "\ud800" <= found.group() <= "\udfff" \
            else "the control character (remove it"
        return f"the text holds {what}, U+{ord(found.group()):04X})"
    return None


def relative_path(suffixes: tuple[str, ...] = ()) -> Callable[[object, yaml.Node], tuple[str, Problems]]:
    """A path inside the project folder (that it exists is checked by ``config``)."""
    def checker(value: object, node: yaml.Node) -> tuple[str, Problems]:
        path = PurePosixPath(value) if isinstance(value, str) else None
        if path is None or path.is_absolute() or ".." in path.parts:
            return "", [(_line(node), f"expected a path inside the project folder, such as content/x, got {brief(value)}")]
        if value and suffixes and path.suffix.lower() not in suffixes:
            return "", [(_line(node), f"expected an image file ({', '.join(suffixes)}), got {brief(value)}")]
        return value, []
    return checker


def colours(value: object, node: yaml.Node) -> tuple[tuple[tuple[str, str], ...], Problems]:
    items, problems = _items(value, node, "{primary: indigo, accent: teal}")
    chosen = {}
    for key, colour, line in items:
        if key not in ("primary", "accent"):
            problems.append((line, f"unknown colour {key!r} (known: primary, accent)"))
        elif colour not in COLOURS:
            problems.append((line, f"colour {key!r}: expected one of {', '.join(COLOURS)}, got {colour!r}"))
        else:
            chosen[key] = colour
    return tuple(sorted(chosen.items())), problems


def paper_filter(value: object, node: yaml.Node) -> tuple[Filter, Problems]:
    items, problems = _items(value, node, "{keywords: [retrieval], categories: [cs.CL], papers: [2401.00001]}")
    lists: dict[str, tuple] = {}
    for key, words, line in items:
        words = [words] if isinstance(words, str) else words
        if key == "papers":
            lists[key], found = named_papers(next(v for k, v in node.value if k.value == key))
            problems += found
        elif key not in ("keywords", "categories"):
            problems.append((line, f"unknown filter {key!r} (known: keywords, categories, papers)"))
        elif not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            problems.append((line, f"{key}: expected a list of words or phrases, got {brief(words)}"))
        else:
            lists[key] = tuple(w.strip() for w in words)
    return Filter(**lists), problems


def named_papers(node: yaml.Node) -> tuple[tuple[tuple[str, int], ...], Problems]:
    """A filter's ``papers``: ids (any form), titles or slugs, each with its line, read as written
    (YAML would read the id ``2401.10010`` as the number 2401.1001)."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if not all(isinstance(item, yaml.ScalarNode) and item.value.strip() and item.tag != "tag:yaml.org,2002:bool"
               for item in items):
        return (), [(_line(node), "papers: expected a list of paper ids, titles or slugs, such as [2401.00001]")]
    return tuple((" ".join(item.value.split()), _line(item)) for item in items), []


# A paper's or digest's page address as a reader or a build's warning writes it: papers/SLUG/ (or its file's name)
_PAGE_ADDRESS = re.compile(r"(papers|digests)/([^/]+?)(?:/|/index\.html|\.html|\.md)?")
_ADDRESS = re.compile(r"[^\s?#\\]+")  # an earlier site's page, from its root: no query, fragment or backslash
BUILDS_FOLDERS = ("topics", "assets")  # (and papers/ and digests/, whose pages' addresses are kept: _PAGE_ADDRESS)
ALIASES_EXAMPLE = "{papers/old-slug/: 2401.00001, posts/nice-slam/: 2112.12130}"  # (digests/OLD/: NEW too)


def earlier_addresses(value: object, node: yaml.Node) -> tuple[tuple[tuple[str, str, int], ...], Problems]:
    """``aliases``: an earlier address of a paper's page → the paper it sends readers on to (its id
    in any form, its title or its slug, read as written: YAML would read the id ``2401.10010`` as
    the number 2401.1001), or of a digest's page → the digest (its name), as (the address, the
    name, line of the address). The address is a page of this site, ``papers/OLD/`` or
    ``digests/OLD/``, as ``papers/OLD.md`` (written where MkDocs puts that page, as
    ``use_directory_urls`` says), or an earlier site's page of a paper, as the file that answers
    it: ``posts/nice-slam/`` (or ``posts/nice-slam``) as ``posts/nice-slam/index.html``,
    ``notes/x.html`` as it is."""
    if not isinstance(node, yaml.MappingNode):
        return (), [(_line(node), f"expected a mapping such as {ALIASES_EXAMPLE}, got {brief(value)}")]
    found, problems = [], []
    first: dict[str, tuple[str, int]] = {}  # an address's page → the alias that named it first
    for key, target in node.value:
        written = key.value.strip() if isinstance(key, yaml.ScalarNode) else None
        old, problem = _earlier_page(written) if written else (None, None)
        if old in first:  # ("posts/x" and "posts/x/": one file; the later sent its readers on, the other lost)
            before, line = first[old]
            problems.append((_line(key), f"{written} is the address of {before!r} (line {line}) again: one address "
                                         "sends its readers on to one page; keep one of them"))
        elif old is None:
            problems.append((_line(key), problem or "expected an earlier address of a paper's or a digest's page, "
                                                    f"such as papers/old-slug/ or posts/nice-slam/, got {brief(key.value)}"))
        elif not (isinstance(target, yaml.ScalarNode) and target.value.strip() and target.tag != "tag:yaml.org,2002:bool"):
            problems.append((_line(key), f"{written}: expected the id, title or slug of the paper it sends readers to, "
                                         "such as 2401.00001 (for a digest's address, the digest's name)"))
        else:
            name = " ".join(target.value.split())
            if old.startswith("digests/"):  # a digest's name, written as its page's address too
                name = name.removeprefix("/").removeprefix("digests/").removesuffix("/").removesuffix(".md")
            found.append((old, name, _line(key)))
            first[old] = written, _line(key)
    return tuple(found), problems


def _earlier_page(written: str) -> tuple[str | None, str | None]:
    """The docs path of an alias's address (see :func:`earlier_addresses`), or None and why not."""
    parts = urlsplit(written)
    if parts.scheme or parts.netloc:
        return None, f"expected an address of this site from its root, such as posts/nice-slam/, got {written!r}"
    if not _ADDRESS.fullmatch(written):
        return None, None
    path = unquote(written.lstrip("/"))  # (the file a server answers "caf%C3%A9/" with is café/index.html)
    segments = path.rstrip("/").split("/")
    if any(s in ("", ".", "..") for s in segments) or CONTROL.search(path) or "\\" in path:
        return None, None
    if match := _PAGE_ADDRESS.fullmatch(path):
        return f"{match.group(1)}/{match.group(2)}.md", None
    if segments[0].casefold() in (*BUILDS_FOLDERS, "papers", "digests"):
        return None, (f"{written!r} is in {segments[0]}/, which the build fills: a paper's or a digest's earlier "
                      "address is papers/SLUG/ or digests/NAME/, and a topic's is kept by topics.yml's aliases")
    if path.endswith("/"):
        return path + "index.html", None
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in (".html", ".htm"):
        return path, None
    if not suffix or not suffix[1:].isalpha():  # ("v1.2" is a name, not a kind of file)
        return path + "/index.html", None
    return None, (f"{written!r} is a {suffix} file: a page that sends readers on is an HTML file (an address ending "
                  "in /, .html or none)")


def sort(value: object, node: yaml.Node) -> tuple[str, Problems]:
    if value in SORTS:
        return value, []
    got = f"the YAML boolean {node.value!r}" if isinstance(value, bool) else brief(value)  # ("sort: on" said "got True")
    return "digest", [(_line(node), f"expected one of {', '.join(SORTS)}, got {got}")]


def field_map(value: object, node: yaml.Node) -> tuple[tuple[tuple[str, str], ...], Problems]:
    items, problems = _items(value, node, "{title: paper.title, authors: 'paper.authors[].name'}")
    chosen = {}
    for key, path, line in items:
        message = field_problem(key, path)
        if message:
            problems.append((line, message))
        else:
            chosen[key] = path
    return tuple(sorted(chosen.items())), problems


def field_problem(name: str, path: object) -> str | None:
    """What is wrong with mapping field ``name`` to ``path``, or None."""
    if name not in MAPPABLE:
        return f"unknown field {name!r} (known: {', '.join(MAPPABLE)})"
    if path is None or path == "":
        return f"field {name!r}: no path given (write one such as paper.authors[].name, or a column's name)"
    if not isinstance(path, str) or not valid_path(path) and not _column_name(path):
        return f"field {name!r}: {path!r} is not a dotted path such as paper.authors[].name, nor a column's name"
    return None


def _column_name(path: str) -> bool:
    """Whether ``path``, no dotted path, may be a column's (or a key's) name as written: "Pub. Date",
    "Abstr.", "Authors [all]" (a CSV's columns could not be mapped, though a note offered them);
    not one a dotted path was meant to be, with an empty step ("paper..name", ".title")."""
    return bool(path.strip()) and path == path.strip() and ".." not in path and not path.startswith(".") \
        and not CONTROL.search(path)


CHECKS: dict[str, Callable[[object, yaml.Node], tuple[object, Problems]]] = {
    "site_url": site_url,
    "logo": relative_path(LOGO_TYPES),
    "topics": relative_path(),
    "colours": colours,
    "include": paper_filter,
    "exclude": paper_filter,
    "sort": sort,
    "fields": field_map,
    "aliases": earlier_addresses,
}
