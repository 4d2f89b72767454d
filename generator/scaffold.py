"""A new collection's files (``digest-site new``), and the name a digest file gets in one.

:func:`new_collection` reads the given digests, suggests topics from them and returns every file
of the new collection, in memory; ``writer.create_tree`` writes them. Nothing is written when a
digest has an error (unless ``skip_invalid``: then its readable records are).
"""

from __future__ import annotations

import importlib.metadata
import json
import urllib.parse
import urllib.request
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import jinja2
from text_unidecode import unidecode

from .build import BESIDE_PAGE
from .collect import collect
from .config import DESCRIPTION
from .enrich import enrich
from .errors import DigestSiteError, InputError, Problem
from .readers.fields import CONTROL
from .model import Digest
from .readers import DATE_LIKE, digest_date, not_a_digest, read_digest
from .readers.jsonfile import entries_jsonl
from .readers.records import FieldMap
from .suggest import suggest_topics, topics_yaml

FILES = Path(__file__).with_name("scaffold")
MAX_NAME = 100  # with its date, a digest name must fit the build's 121 characters
WORKFLOW = ".github/workflows/digest-site.yml"
WORKFLOW_INSTALL = "  DIGEST_SITE: "  # the workflow's line naming what to install


@dataclass(frozen=True)
class NewCollection:
    files: dict[str, bytes]  # path in the new folder → content
    papers: int
    topics: int
    warnings: tuple[Problem, ...]
    notes: tuple[Problem, ...] = ()  # on the collection's own files (paths in the new folder)


def new_collection(title: str, sources: Sequence[Path], field_map: FieldMap | None = None,
                   skip_invalid: bool = False) -> NewCollection:
    """Every file of a collection titled ``title`` holding the digests ``sources``; with
    ``skip_invalid``, a file with records that have errors gives its other records, as JSON
    Lines (``entries_jsonl``), and the errors are listed with the warnings."""
    digests, warnings, partial = read_sources(sources, field_map, skip_invalid)
    added = [digest_file(source, digest, source in partial) for source, digest in zip(sources, digests)]
    names = digest_names(sources, digests, [suffix for suffix, _ in added])
    # The digests as the build reads them: named and dated by their files (which record of a
    # paper is the newer, and wins, is what the build will say)
    built = [replace(digest, name=stem, date=digest_date(stem, list(digest.entries)))
             for digest, stem in zip(digests, (Path(name).stem for name, _ in names))]
    papers, duplicates = collect(built)
    topics = suggest_topics([enrich(p) for p in papers]) if papers else ()
    files = {f"content/digests/{name}": data for (name, _), (_, data) in zip(names, added)}
    version, origin = installed()
    files.update(project_files(title, field_map, requirement(version, origin), local_source(origin)))
    if not sources:
        files["content/digests/.gitkeep"] = b""  # the folder `digest-site add` fills, kept by git
    if topics:
        files["content/topics.yml"] = topics_yaml(topics).encode("utf-8")
    return NewCollection(files, len(papers), len(topics), tuple(warnings + duplicates),
                         workflow_notes(files[WORKFLOW], version, origin))


def read_sources(sources: Sequence[Path], field_map: FieldMap | None,
                 skip_invalid: bool = False) -> tuple[list[Digest], list[Problem], set[Path]]:
    """The digests, their problems, and the sources whose records with errors are left out
    (``skip_invalid``, when a source has readable records too). Otherwise an error raises, as
    an :class:`InputError` holding every error of every file."""
    digests, problems, partial, readable = [], [], set(), set()
    for source in sources:
        if reason := not_a_digest(source):
            problems.append(Problem(str(source), 1, reason))
            continue
        digest, found = read_digest(source, field_map=field_map)
        digests.append(digest)
        problems += found
        if digest.entries:
            readable.add(str(source))
        if skip_invalid and digest.entries and any(p.is_error for p in found):
            partial.add(source)
    errors = [p for p in problems if p.is_error]
    if any(p.path not in {str(source) for source in partial} for p in errors):
        raise InputError(errors, skippable=all(p.path in readable for p in errors))
    return digests, problems, partial


def digest_file(source: Path, digest: Digest, partial: bool) -> tuple[str, bytes]:
    """The suffix and bytes a digest is added with: the file as it is, or (``partial``: its
    records with errors left out) its readable records as JSON Lines, which read back as the
    same papers."""
    if partial:
        return ".jsonl", entries_jsonl(digest.entries)
    return source.suffix.lower(), source.read_bytes()


def digest_names(sources: Sequence[Path], digests: Sequence[Digest], suffixes: Sequence[str] = (),
                 name: str | None = None, date: str | None = None, present: Sequence[str] = ()) -> list[tuple[str, Path]]:
    """Each source's file name in ``content/digests``: ``DATE-NAME.ext`` (``name`` and ``date`` as
    given, else from the file; ``.ext`` from ``suffixes``, else none), with ``-2``, ``-3``, … after
    a name an earlier source has (ignoring case: names become URLs), as an arXiv feed saved both
    as ``.atom`` and ``.rss`` would. ``present``: the file names already in ``content/digests``."""
    names, taken = [], set()
    for source, digest, suffix in zip(sources, digests, suffixes or [""] * len(sources)):
        stem = base = digest_file_name(source, name, date, digest.date, present)
        number = 2
        while stem.casefold() in taken:
            stem, number = f"{base}-{number}", number + 1
        taken.add(stem.casefold())
        names.append((stem + suffix, source))
    return names


def digest_file_name(source: Path, name: str | None, date: str | None, newest: str = "",
                     present: Sequence[str] = ()) -> str:
    """``DATE-NAME``: the date given, in the file name, of the newest paper, else today's (``add``
    dates a digest today instead of by its newest paper when that date would move pages:
    :func:`generator.additions.moved_pages`). NAME is the name given, else the file's, in the
    letters a URL holds (:func:`url_name`); a digest of ``present`` (the files already in
    ``content/digests``) named by the rule before it keeps its name, which is its URL."""
    # A name given with a date in it is read as the file's own name is: --name 2024-05-01-arxiv was
    # added as TODAY-2024-05-01-arxiv, and --name 2024-13-45-x as TODAY-2024-13-45-x, without a word
    own = DATE_LIKE.search(name) if name else None
    found = own or DATE_LIKE.search(source.stem)  # (2023-9-26 too: the build takes it for no date, and says so)
    full = newest if FULL_DATE.fullmatch(newest) else ""
    given = date is not None  # (--date "", a script's empty variable, was taken as no --date: today's)
    date = date if given else (found.group(0) if found else full or today())
    try:
        if not FULL_DATE.fullmatch(date):  # (strptime reads 2023-9-1: a name the build takes for no date)
            raise ValueError(date)
        datetime.strptime(date, "%Y-%m-%d")
    except ValueError:
        if not given and own:
            raise DigestSiteError(f"--name: {date} in it is no date: give the name without it, and the digest's "
                                  "date with --date YYYY-MM-DD") from None
        if not given:  # the file's own name
            raise DigestSiteError(f"{source}: {date} in its name is no date: rename the file, "
                                  "or give the digest's date with --date YYYY-MM-DD") from None
        raise DigestSiteError(f"--date: expected YYYY-MM-DD, got {date!r}") from None
    stem = unidecode(DATE_LIKE.sub("", name or source.stem))  # "Ü" → "U"
    named, before = f"{date}-{url_name(stem)}".rstrip("-"), f"{date}-{url_name(stem, _OTHER_CHARS)}".rstrip("-")
    stems = {Path(file).stem.casefold() for file in present}
    return before if before.casefold() in stems and named.casefold() not in stems else named


FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # YYYY-MM-DD, as a digest's name must begin (DATE_LIKE: 2023-9-1 too)
_NOT_IN_URLS = re.compile(r"[^A-Za-z0-9._]*[^A-Za-z0-9._-][^A-Za-z0-9._]*")  # with the dashes beside it: " - " is "-"
_OTHER_CHARS = re.compile(r"[^A-Za-z0-9._-]+")  # the rule before (digests named by it keep their names): "list---Sheet1"


def url_name(text: str, unsafe: re.Pattern = _NOT_IN_URLS) -> str:
    """``text`` (ASCII) as a digest name: each run of what a URL does not hold, with the dashes
    beside it, one dash (Google Sheets' "Reading list - Sheet1" is "Reading-list-Sheet1", not
    "Reading-list---Sheet1"); no dot, dash or underscore at either end; at most MAX_NAME characters;
    not ending as the BibTeX file beside a digest's page does (``refs.bib.json``'s "refs.bib" is
    "refs-bib": :data:`generator.build.BESIDE_PAGE`)."""
    name = unsafe.sub("-", text).strip("-._")[:MAX_NAME].rstrip("-._")
    ending = next((suffix for suffix in BESIDE_PAGE if name.lower().endswith(suffix)), "")
    return name[:len(name) - len(ending)] + ending.replace(".", "-")


def today() -> str:
    """The computer's date, as its owner reads it: UTC's dated a digest added at 5:30 pm in
    California the next day."""
    return datetime.now().date().isoformat()


def day_after(date: str) -> str:
    """The day after ``date`` (YYYY-MM-DD), which a digest of 9999-12-31 has none of."""
    try:
        return (datetime.strptime(date, "%Y-%m-%d") + timedelta(days=1)).date().isoformat()
    except OverflowError:  # (it was an internal error)
        raise DigestSiteError(f"no day comes after {date}, the collection's newest digest's date: is that date a "
                              "typo? Rename that digest, or give this file's date with --date") from None


def dated_by_papers(source: Path, date: str | None) -> bool:
    """Whether :func:`digest_file_name` dated ``source`` by its papers (or today): no date given,
    none in its name."""
    return not date and not FULL_DATE.search(source.stem)


def newest_other(existing: Sequence[str], name: str) -> str:
    """The newest date of the digest file names ``existing`` but the file of ``name`` (a whole
    DATE-NAME, which ``add --force`` replaces), or ``""``. (Digests of the same NAME and another
    date are other digests: a daily collection's are all ``DATE-arxiv``.)"""
    stems = (Path(file).stem for file in existing)
    return max((digest_date(stem, []) for stem in stems if stem.casefold() != name.casefold()), default="")


def project_files(title: str, field_map: FieldMap | None, requirement: str, here: str = "") -> dict[str, bytes]:
    """mkdocs.yml, collection.yml, the publishing workflow and its constraints, README and .gitignore.

    The workflow and ``constraints.txt`` are the repository's own (kept equal by a test); only the
    workflow's ``DIGEST_SITE`` changes, from this repository (".") to ``requirement``, the digest-site to install.
    ``here``: the folder digest-site was installed from on this machine, which the README names
    beside its install line (``requirement``, a version no index may have), not in it: the README is
    the repository's, read on other computers."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(FILES), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["quoted"] = quoted
    title = " ".join(CONTROL.sub(" ", title).split())  # no control character (a page's head cannot hold one)
    values = {"title": title, "description": DESCRIPTION, "fields": sorted((field_map or {}).items()),
              "requirement": requirement, "here": here}
    rendered = {
        "mkdocs.yml": env.get_template("mkdocs.yml.j2").render(values),
        "content/collection.yml": env.get_template("collection.yml.j2").render(values),
        "README.md": env.get_template("README.md.j2").render(values),
        WORKFLOW: workflow(requirement),
    }
    files = {path: text.encode("utf-8") for path, text in rendered.items()}
    files["constraints.txt"] = own_text("constraints.txt", OWN_CONSTRAINTS, COLLECTION_CONSTRAINTS).encode("utf-8")
    files[".gitignore"] = (FILES / "gitignore").read_bytes()
    return files


def quoted(text: str) -> str:
    """``text`` as a double-quoted string, as JSON writes it, which YAML (and a shell, for the README's
    requirement) reads back as it is. Not Jinja's ``tojson``: made for HTML, it writes ``'``, ``&``,
    ``<`` and ``>`` as escapes (the title "Jane's reading list" was ``"Jane\\u0027s reading list"`` in
    the owner's collection.yml); nor JSON's ASCII escapes, which YAML reads back from an emoji's as two
    broken characters."""
    return json.dumps(text, ensure_ascii=False)


# The comments of the repository's workflow and constraints on what they install, and a collection's: its
# files said "this repository" of the collection, and "pip install ." there, where there is nothing to install.
OWN_WORKFLOW = """\
  # What to install: this repository with its pinned versions (the same versions give the
  # same site, byte for byte). A collection that is not the tool's own repository sets
  # DIGEST_SITE to a released version, e.g. "digest-site==0.1.0".
"""
COLLECTION_WORKFLOW = """\
  # What to install: digest-site, as `digest-site new` found it installed, with the pinned versions
  # of constraints.txt (the same versions give the same site, byte for byte). To upgrade, set the
  # newer digest-site here and write constraints.txt again as its first lines say.
"""
OWN_CONSTRAINTS = """\
# (pip install -c constraints.txt .). The same versions give the same site, byte for byte.
# Regenerate in a fresh venv: pip install . && pip freeze --exclude-editable | grep -v '^digest-site'
"""
COLLECTION_CONSTRAINTS = """\
# (pip install -c constraints.txt "$DIGEST_SITE"). The same versions give the same site, byte for byte.
# Write again in a fresh venv: pip install "$DIGEST_SITE" && pip freeze | grep -v '^digest-site'
"""


def workflow(requirement: str) -> str:
    """The repository's publishing workflow, installing ``requirement`` instead of the checkout."""
    text = own_text("digest-site.yml", OWN_WORKFLOW, COLLECTION_WORKFLOW)
    return text.replace(f"{install_line('.')}\n", f"{install_line(requirement)}\n", 1)


def own_text(name: str, own: str, collection: str) -> str:
    """A file of the repository's own, its comment ``own`` made a collection's."""
    return (FILES / name).read_text(encoding="utf-8").replace(own, collection, 1)


def install_line(requirement: str) -> str:
    """The workflow's line naming what it installs (``DIGEST_SITE``)."""
    return f"{WORKFLOW_INSTALL}{json.dumps(requirement)}"


def installed() -> tuple[str, dict]:
    """The installed digest-site's version ("" when it is not installed, as in a bare checkout) and
    where pip installed it from: its ``direct_url.json`` (PEP 610), ``{}`` from an index such as PyPI."""
    try:
        dist = importlib.metadata.distribution("digest-site")
    except importlib.metadata.PackageNotFoundError:
        return "", {}
    return dist.version, json.loads(dist.read_text("direct_url.json") or "{}")


def requirement(version: str, origin: dict) -> str:
    """How the collection's CI installs digest-site: the git repository and commit it was
    installed from, when pip recorded one the runner can reach, else this version (to edit if
    digest-site is not on PyPI: :func:`workflow_notes`)."""
    vcs = origin.get("vcs_info")
    if vcs and vcs.get("vcs") == "git" and not local(origin):
        return f"digest-site @ git+{over_https(origin['url'])}@{vcs.get('commit_id', '')}".rstrip("@")
    return f"digest-site=={version}" if version else "digest-site"


def over_https(url: str) -> str:
    """A git address as a runner reaches it: ``ssh://git@github.com/o/r.git`` (pip's record of a
    ``git+ssh://`` install) as ``https://github.com/o/r.git``; a runner has no SSH key of its owner
    (the workflow's install failed: "Permission denied (publickey)")."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "ssh" or not parts.hostname:
        return url
    return urllib.parse.urlunsplit(("https", parts.hostname, parts.path, "", ""))


def local(origin: dict) -> bool:
    """Whether digest-site came from this machine's files (a folder, a wheel, a git+file: clone):
    an address GitHub's runners cannot reach."""
    return origin.get("url", "").startswith("file:")


def local_source(origin: dict) -> str:
    """The folder on this machine digest-site was installed from ("" when it came from elsewhere)."""
    if not local(origin):
        return ""
    return urllib.request.url2pathname(urllib.parse.urlsplit(origin["url"]).path)


def workflow_notes(workflow_text: bytes, version: str, origin: dict) -> tuple[Problem, ...]:
    """A note at the workflow's DIGEST_SITE line when digest-site was installed from this machine:
    the workflow installs this version from PyPI instead, which the owner learnt only from a
    failed run after pushing (`pip install .` of a clone: 0.1.0 is on no index)."""
    if not local(origin):
        return ()
    installs = requirement(version, origin)
    line = workflow_text.decode("utf-8").split("\n").index(install_line(installs)) + 1
    return (Problem(WORKFLOW, line, f"digest-site was installed from {origin['url']}, which GitHub's runners cannot "
                    f"reach: this workflow installs {installs} from PyPI; if PyPI has no such "
                    "version, set DIGEST_SITE to the repository digest-site comes from "
                    '("digest-site @ git+https://github.com/OWNER/digest-site")', "note"),)
