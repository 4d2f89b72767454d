"""The command line: a thin layer that turns library results and exceptions into messages and exit codes."""

from __future__ import annotations

import argparse
import dataclasses
import errno
import gc
import logging
import os
import re
import shlex
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from . import __version__
from .errors import DigestSiteError, InputError, Problem, display_path, plural, printable, shown_problems

log = logging.getLogger("digest_site")
MAX_WARNINGS = 20  # `new` shows this many lines of its digests' warnings; `check` shows them all
FILE_FORMATS = (".txt (titles and abstracts, or Title:/Abstract: blocks), .json, .jsonl, .csv, .tsv, "
             ".bib, .ris, .nbib, .xml, .atom or .rss, as Zotero, arXiv, Hugging Face, PubMed, Semantic Scholar, "
             "OpenAlex, Crossref, spreadsheets and most reference managers export them (README: Digest formats)")
STAGE_LABELS = {
    "read": "reading digests", "enrich": "converting TeX, links and topics", "related": "finding related papers",
    "render": "rendering Markdown pages", "search": "building the search index", "export": "writing papers.json and feeds",
    "write": "updating the docs folder", "mkdocs": "rendering HTML with MkDocs",
    "last build": "comparing with the last build",
}


def run(argv: list[str] | None = None) -> int:
    """The ``digest-site`` command (and ``python -m generator``): :func:`main`, ready to exit."""
    if argv is None:
        in_utf8_mode()
    code = main(argv)
    exit_quickly()
    return code


def in_utf8_mode() -> None:
    """Start the command again in Python's UTF-8 mode when this process decodes file names by
    another encoding: under a locale of another (``tr_TR.ISO-8859-9``, say) a page
    ``content/pages/über.md`` was read as ``Ã¼ber.md``, and the site of the same files linked it as
    ``%C3%83%C2%BCber/``. The files themselves are read as UTF-8 whatever the locale. (Python on
    Windows, and in a UTF-8 locale, decodes file names as UTF-8 already.)"""
    if os.name == "posix" and not sys.flags.utf8_mode and sys.getfilesystemencoding() != "utf-8":
        os.execv(sys.executable, [sys.executable, "-X", "utf8", *sys.orig_argv[1:]])


def exit_quickly() -> None:
    """Before a command's process exits: every object alive is put out of reach of the cycle
    collector (``gc.freeze``), which Python's exit runs over the whole heap once more, to free
    nothing the exit would not free anyway. After a build of 10,000 papers, the process took
    0.47-0.8 s from the build's end to its exit, 0.055 s with this (measured); atexit handlers,
    flushing the standard streams and freeing objects still happen as before. Not for a process
    that goes on (a test's): a cycle made before it is never collected."""
    gc.freeze()


def _told_again(record: logging.LogRecord) -> bool:
    """False for MkDocs' "Error building page 'index.md': …": the error it stops with is told
    after it, at the template's file and line (a pull request's check annotated neither line)."""
    return not (record.levelno >= logging.ERROR and str(record.msg).startswith("Error building page"))


def _left(args: argparse.Namespace) -> str:
    """What an interrupted command left: ``new``, ``add`` and ``check`` touch no site (``new`` said
    "the published site was left as it was" of a collection that had none)."""
    if args.run in (cmd_new, cmd_add, cmd_check, cmd_topics_suggest):
        return "nothing was changed"
    return "the published site was left as it was"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(message)s", stream=sys.stderr)
    logging.getLogger("mkdocs").setLevel(logging.INFO if args.verbose else logging.WARNING)
    logging.getLogger("mkdocs").addFilter(_told_again)
    once = _OnceEach()  # (this command's: a test runs many in one process)
    log.addFilter(once)
    try:
        with _sigterm_as_ctrl_c():
            _check_project_option(args)
            return args.run(args)
    except InputError as exc:
        _print(exc.problems)
        errors = sum(p.is_error for p in exc.problems)
        way_on = " (--skip-invalid leaves out the records at fault)" if exc.skippable and _can_skip(args) else ""
        print(f"digest-site: {errors} error(s); nothing was changed{way_on}", file=sys.stderr)
        return 1
    except DigestSiteError as exc:
        print(printable(f"digest-site: error: {exc}"), file=sys.stderr)  # (it may name a file)
        return 1
    except Terminated:  # 143 and 130: 128 + the signal's number, as a shell shows a process it ended
        print(f"digest-site: interrupted (SIGTERM); {_left(args)}", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print(f"digest-site: interrupted; {_left(args)}", file=sys.stderr)
        return 130
    except OSError as exc:
        print(printable(f"digest-site: error: {os_error(exc)}"), file=sys.stderr)
        return 1
    except MemoryError as exc:  # (a worker killed for memory: parallel says so)
        from .parallel import WORKERS_VARIABLE

        print(f"digest-site: error: out of memory{f' ({exc})' if str(exc) else ''}: nothing was changed; to use "
              f"less memory, run it with fewer worker processes: {WORKERS_VARIABLE}=1 renders everything in one "
              "process", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: say so plainly; --debug shows the traceback
        if args.debug:
            raise
        print(printable(f"digest-site: internal error: {type(exc).__name__}: {exc} (run with --debug for details, "
                        "and please report it)"), file=sys.stderr)
        return 2
    finally:
        log.removeFilter(once)


class _OnceEach(logging.Filter):
    """Each warning of the settings once a command: ``check`` and ``serve`` read collection.yml and
    mkdocs.yml two and three times, and said each warning of them as often."""

    def __init__(self):
        super().__init__()
        self.said: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING:
            return True
        told = record.getMessage() in self.said
        self.said.add(record.getMessage())
        return not told


class Terminated(KeyboardInterrupt):
    """SIGTERM: what `kill`, `timeout`, container runtimes and CI cancelling a job send."""


@contextmanager
def _sigterm_as_ctrl_c() -> Iterator[None]:
    """SIGTERM stops a command as Ctrl-C does (:class:`Terminated` is a ``KeyboardInterrupt``):
    by default it ended the process at once, which left the site half updated in place, a staging
    folder, `serve`'s rendered site in the temporary folder and `new`'s half-made collection, and
    said nothing. Left alone where it is ignored or handled already (as Python leaves SIGINT)."""
    if signal.getsignal(signal.SIGTERM) != signal.SIG_DFL or threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _terminate(signum, frame) -> None:
    raise Terminated


FULL = (errno.ENOSPC, errno.EDQUOT)  # a full disk, a used-up quota
DENIED = (errno.EACCES, errno.EPERM, errno.EROFS)  # a folder this user may not write, a read-only file system


CACHE_ROOT = ".digest-site"  # cache.FOLDER's first folder (not imported: a command's start would import the cache's modules)


def os_error(exc: OSError) -> str:
    """What failed and on which files (both of a copy or a rename: a full disk is the target's,
    where shutil names the source first), and for a full disk what to do: a write's error names
    no file at all."""
    files = " -> ".join(str(name) for name in (exc.filename, exc.filename2) if name is not None)
    message = f"{exc.strerror or exc}: {files}" if files else str(exc.strerror or exc)
    if exc.errno in FULL:
        message += " (the disk is full: free some space, then run the command again)"
    elif exc.errno in DENIED and any(f"{os.sep}{CACHE_ROOT}{os.sep}" in str(name) for name in (exc.filename, exc.filename2)):
        message += (f" (the build cache, {CACHE_ROOT}{os.sep}, cannot be written: make it writable for this user, or "
                    "delete it, which the next build makes again; a cache restored by CI as another user is one such)")
    return message


class CommandParser(argparse.ArgumentParser):
    """A command's parser. Its options may come between its files (``add a.bib --force b.ris``,
    ``check a.json --field title=t b.json``): the file after the option was "unrecognized" at the
    top, as argparse reads a command's positionals in one run. A wrong argument is reported with
    the command's own usage and name (``digest-site build: error: …``), not the top's."""

    _parsing = False  # inside parse_known_intermixed_args, which calls parse_known_args itself

    def parse_known_args(self, args=None, namespace=None):
        if self._parsing:
            return super().parse_known_args(args, namespace)
        self._parsing = True
        try:
            # (a command with commands of its own, `topics`, cannot be parsed intermixed; nor, in Python
            # 3.11, a file after `--`: `check -- -notes.bib` lost it)
            plain = self._subparsers or args is None or "--" in args
            parse = super().parse_known_args if plain else self.parse_known_intermixed_args
            namespace, extras = parse(args, namespace)
        finally:
            self._parsing = False
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras


def digest_file(text: str) -> Path:
    """A FILE argument: a web address is refused, saying to save it first. Read as a path,
    `add https://huggingface.co/api/daily_papers` was "https:/huggingface.co/api/daily_papers: no
    such file", and `check` an arXiv API query "unsupported file type ''"."""
    if re.match(r"[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        raise argparse.ArgumentTypeError(
            f"{text} is a web address: digest-site reads files, so save what it answers first (curl -L -o "
            f"FILE {shlex.quote(text)}, naming FILE with its format's extension: .json, .atom, .bib, …)")
    return Path(text)


def _check_project_option(args) -> None:
    """``-C DIR`` names a folder that is there: a typo in it was "DIR/mkdocs.yml:1: no mkdocs.yml
    here: run digest-site in the project folder". ``new`` makes a project rather than working on
    one, and went on in the current folder, leaving ``-C`` unsaid: it is refused there."""
    folder = args.project
    if args.run is cmd_new:
        if folder != Path("."):
            raise DigestSiteError(f"-C {folder}: `new` creates its project at DIR instead "
                                  f"(digest-site new {shlex.quote(str(folder / 'my-digest'))})")
    elif not folder.is_dir():
        raise DigestSiteError(f"-C {folder}: {'not a folder' if folder.exists() else 'no such folder'}")


def _can_skip(args) -> bool:
    """Whether the command has ``--skip-invalid`` and it was not given."""
    return getattr(args, "skip_invalid", True) is False


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="digest-site", description="Publish research-paper digests as a static website (MkDocs + Material).")
    top.add_argument("--version", action="version", version=f"digest-site {__version__}")
    top.add_argument("-C", "--project", type=Path, default=Path("."), metavar="DIR",
                     help="the project folder holding mkdocs.yml and content/ (default: the current folder)")
    top.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' own messages too")
    top.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    sub = top.add_subparsers(title="commands", metavar="COMMAND", required=True, parser_class=CommandParser)
    _build_parser(sub)
    _generate_parser(sub)
    _serve_parser(sub)
    _check_parser(sub)
    _add_parser(sub)
    _new_parser(sub)
    _topics_parser(sub)
    return top


def _build_parser(sub) -> None:
    p = sub.add_parser("build", help="build the site from content/ into site/",
                       description="Read every digest in content/digests, generate the Markdown site and render it "
                                   "with MkDocs. The site is built beside site/ and swapped in only on success.")
    p.add_argument("--site-dir", type=Path, help="publish here instead of mkdocs.yml's site_dir")
    p.add_argument("--site-url", metavar="URL", help="where the site is published, when neither collection.yml nor "
                                                     "mkdocs.yml sets site_url (the publishing workflow gives GitHub "
                                                     "Pages' address)")
    p.add_argument("--skip-invalid", action="store_true",
                   help="build without records that have errors (each one is listed) instead of stopping")
    p.add_argument("--no-strict", dest="strict", action="store_false", help="do not treat MkDocs warnings as errors")
    p.add_argument("--full", action="store_true",
                   help="ignore the build cache (.digest-site/cache) and redo every step; the cache is written afresh")
    p.set_defaults(run=cmd_build)


def _generate_parser(sub) -> None:
    p = sub.add_parser("generate", help="only generate the Markdown site (for `mkdocs build` or Zensical)",
                       description="Write the generated Markdown pages, search index, feeds and papers.json into "
                                   "mkdocs.yml's docs_dir, without rendering HTML.")
    p.add_argument("--skip-invalid", action="store_true", help="leave out records that have errors, listing each")
    p.set_defaults(run=cmd_generate)


def _serve_parser(sub) -> None:
    p = sub.add_parser("serve", help="live preview that regenerates when content or templates change",
                       description="Serve the site on a local address with live reload. Changing a digest, "
                                   "topics.yml, collection.yml, mkdocs.yml or a template regenerates the affected "
                                   "pages. Ctrl-C stops it.")
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                   help="address to serve on (default: 127.0.0.1:8000)")
    p.set_defaults(run=cmd_serve)


def _check_parser(sub) -> None:
    p = sub.add_parser("check", help="validate digest files (default: the whole collection) without building",
                       description="Read each digest file and report every problem as file:line. Without FILE, "
                                   "check the collection: mkdocs.yml, content/collection.yml, the topics file and "
                                   "every digest of content/digests. Exits 1 if anything has an error.")
    p.add_argument("files", nargs="*", type=digest_file, metavar="FILE", help=f"a digest file: {FILE_FORMATS}")
    _field_argument(p)
    p.set_defaults(run=cmd_check)


def _add_parser(sub) -> None:
    p = sub.add_parser("add", help="validate digests and add them to content/digests",
                       description="Copy digest files into content/digests as DATE-NAME.EXT after checking them: "
                                   "all of them, or none if one has an error. An existing digest is never "
                                   "overwritten unless --force is given.")
    p.add_argument("files", nargs="+", type=digest_file, metavar="FILE", help=f"a digest file: {FILE_FORMATS}")
    p.add_argument("--name", help="name of the digest (default: the file's name without a date; a date in it is "
                                   "the digest's date; one FILE only)")
    p.add_argument("--date", help="date of the digest, YYYY-MM-DD (default: the date in the file name, else the "
                                  "newest paper's date unless that date would move pages of the collection, else today)")
    p.add_argument("--force", action="store_true", help="replace a digest of the same name")
    p.add_argument("--skip-invalid", action="store_true",
                   help="add the file's readable records without those that have errors (each one is listed), "
                        "as NAME.jsonl; without it, a file with an error is not added")
    _field_argument(p)
    p.set_defaults(run=cmd_add)


def _new_parser(sub) -> None:
    p = sub.add_parser("new", help="create a new collection that builds at once",
                       usage="%(prog)s [-h] DIR [--title TITLE] [--from FILE [FILE ...]] [--skip-invalid] [--field NAME=PATH]",
                       description="Create DIR (absent or empty) with mkdocs.yml, content/ holding the given digests, "
                                   "a topics.yml suggested from them, content/collection.yml for your settings, a "
                                   "GitHub Pages workflow and a README. Nothing outside DIR is changed.")
    p.add_argument("folder", type=Path, metavar="DIR", nargs="?",  # (required: cmd_new says how when it is missing)
                   help="the folder to create, absent or empty (its name gives the default title)")
    p.add_argument("--title", help="the site's title (default: from DIR's name)")
    p.add_argument("--from", dest="sources", nargs="+", action="extend", type=digest_file, default=[], metavar="FILE",
                   help=f"digest files to start with: {FILE_FORMATS}")
    p.add_argument("--skip-invalid", action="store_true",
                   help="start with the readable records of a file that has records with errors (each one is "
                        "listed), as NAME.jsonl; without it, nothing is created")
    _field_argument(p)
    p.set_defaults(run=cmd_new, usage_of=p)


def _field_argument(p) -> None:
    p.add_argument("--field", action="append", default=[], metavar="NAME=PATH",
                   help="read JSON, JSONL or CSV field NAME (title, abstract, authors, id, url, date, categories, "
                        "links) from PATH, a dotted path such as paper.authors[].name (repeatable; `new` saves them "
                        "in collection.yml; `add` adds the file's records so read, as NAME.jsonl)")


def _topics_parser(sub) -> None:
    p = sub.add_parser("topics", help="work with the topic taxonomy", description="Work with content/topics.yml.")
    tsub = p.add_subparsers(title="commands", metavar="COMMAND", required=True)
    s = tsub.add_parser("suggest", help="print a proposed topics.yml for a collection",
                        description="Cluster the papers and print a topics.yml with readable names, keywords and "
                                    "descriptions for a curator to edit. Reads content/digests unless DIGEST files are given.")
    s.add_argument("digests", nargs="*", type=digest_file, metavar="DIGEST",
                   help="digest files to suggest topics for (default: every digest of content/digests)")
    s.add_argument("--count", type=int, help="how many topics (default: chosen from the collection's size)")
    s.set_defaults(run=cmd_topics_suggest)


NO_SITE_URL = ("digest-site: note: no site_url: the feeds link to the pages by relative addresses, which feed "
               "readers may not follow, the sitemap lists no page (its addresses must be whole), and pages have no "
               "canonical address (set site_url in content/collection.yml, or build with --site-url URL)")


def cmd_build(args) -> int:
    from .build import BuildReport, build, undo_killed_update
    from .config import load_project

    try:
        project = load_project(args.project.resolve(), site_dir=args.site_dir.resolve() if args.site_dir else None,
                               site_url=args.site_url)
    except InputError as exc:  # every problem at once: topics.yml's were told only once collection.yml's were mended
        undo_killed_update(args.project.resolve(), args.site_dir.resolve() if args.site_dir else None)
        found = _collection_problems(args.project.resolve())[1]
        raise InputError(exc.problems + [p for p in found if p not in exc.problems], exc.skippable) from None
    started = time.perf_counter()
    with _terminal_progress() as announce:
        report = build(project, skip_invalid=args.skip_invalid, strict=args.strict, full=args.full,
                       report=BuildReport(announce=announce))
    _print_problems(report)
    if report.papers and not project.site_url and not report.up_to_date:
        print(NO_SITE_URL, file=sys.stderr)
    counts = f"{plural(report.papers, 'paper')}, {plural(report.topics, 'topic')} and {plural(report.digests, 'digest')}"
    took = time.perf_counter() - started
    if report.up_to_date:
        print(f"digest-site: nothing changed since the last build: {_shown(project.site_dir)} is up to date "
              f"({counts}; checked in {took:.1f} s)", file=sys.stderr)
    else:
        print(f"digest-site: built {counts} into {_shown(project.site_dir)} in {took:.1f} s", file=sys.stderr)
    return 0


def cmd_generate(args) -> int:
    from .build import BuildReport, generate_docs
    from .config import load_project

    project = load_project(args.project.resolve())
    report = BuildReport()
    with _terminal_progress() as announce:
        report.announce = announce
        stats = generate_docs(project, report, skip_invalid=args.skip_invalid)
    _print_problems(report)
    print(f"digest-site: generated {plural(report.papers, 'paper')} into {_shown(project.docs_dir)} "
          f"({stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed)", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from .config import load_project
    from .serve import serve

    serve(load_project(args.project.resolve()), args.dev_addr)
    return 0


def cmd_check(args) -> int:
    from .additions import classify, existing_digests, moved_pages
    from .cache import BuildCache
    from .collect import collect
    from .errors import Problem
    from .select import about_kept, select

    if args.files:
        files, settings, field_map = args.files, [], project_fields(args.project)
    else:
        files, settings, field_map = _collection_files(args.project.resolve())
    failed = any(p.is_error for p in settings)
    field_map |= field_options(args.field)
    digests_dir = _digests_folder(args.project) if args.files else None
    mine = [path for path in files if digests_dir and path.absolute().parent.resolve() == digests_dir]
    # the collection's other digests, for what the build says of a FILE of it among them (a pull
    # request's new digest whose record takes another paper's id); read once, for FILEs given only
    others = existing_digests(digests_dir, {path.stem for path in mine}, field_map,
                              BuildCache.of(args.project.resolve())) if mine else []
    # as the build has them, after collection.yml's include and exclude: with `exclude: {keywords:
    # [survey]}`, a backfilled day giving an id-less survey its id "moved" a page never published
    whole = not args.files and not failed  # the whole collection, as the build has it (its settings read)
    kept = partial(select, **_filters(args.project)) if mine or whole else None
    others = kept(others)[0] if kept else others
    tally = CheckTally()
    tally.add_problems(settings)  # (collection.yml's and topics.yml's: a failed check said "0 error(s)")
    readings = [(path, *_read_checked(path, field_map, mine)) for path in files]
    digests = [digest for _, digest, _ in readings]
    # what the build keeps of each digest of the collection (a FILE's, or every digest's at once)
    shown = kept(digests)[0] if whole else [kept([d])[0][0] if path in mine else d for path, d, _ in readings]
    # the whole collection: the build's warnings about its records among all of its digests (a
    # record whose id is another paper's, in a later digest), not only each file's own
    across = _warnings_across(shown) if whole else None
    for (path, digest, problems), chosen in zip(readings, shown):
        if whole or path in mine:  # a digest of the collection: nothing of what the filters leave out
            problems = about_kept(problems, [digest], [chosen])
        if path in mine:  # the build's rule for its name, and its warnings about its records among the collection's
            problems = _name_problems(path, problems) + problems
            found = classify(others, chosen, problems)
            problems += list(found.warnings)
            if moving := moved_pages(others, found):  # a backfilled day giving an id-less paper its id, say
                problems.append(Problem(str(path), 1, f"this digest moves {'the page' if len(moving) == 1 else f'{len(moving):,} pages'} of papers it "
                                        f"shares with earlier digests ({', '.join(f'papers/{slug}/' for slug in moving[:3])}"
                                        f"{', …' if len(moving) > 3 else ''}): their published URLs would change "
                                        "(date it after them, or leave out the ids that move them)", "warning"))
        elif across is not None:
            problems += across.get(str(path), [])
        elif digests_dir and digests_dir in path.absolute().resolve().parents:  # in a folder of the digests folder
            problems.append(Problem(str(path), 1, f"in a folder of {display_path(digests_dir)}: the build reads no digest "
                                                  f"in folders, so it would leave this one out; move it into "
                                                  f"{display_path(digests_dir)}"))
        else:  # a paper twice in the file, as the build says
            problems += [p for p in collect([digest])[1] if p.level == "warning"]
        _print(problems)
        errors = sum(p.is_error for p in problems)
        failed |= errors > 0
        warnings = sum(p.level == "warning" for p in problems)  # (a note says nothing is wrong)
        print(f"{printable(str(path))}: {plural(len(digest.entries), 'paper')}, {errors} error(s), {warnings} warning(s)")
        tally.add(len(digest.entries), errors, warnings)
    if len(files) > 1 or settings:  # (and one file's problems beside those of the settings: what they add up to)
        print(tally.summary(), file=sys.stderr)
    return 1 if failed else 0


@dataclasses.dataclass
class CheckTally:
    """What `check` found over its files: a collection of 700 daily digests printed 700 lines, the
    errors among them, and nothing to say whether any file had one without scrolling back."""

    files: int = 0
    records: int = 0
    errors: int = 0
    warnings: int = 0
    failed_files: int = 0

    def add(self, records: int, errors: int, warnings: int) -> None:
        self.files, self.records = self.files + 1, self.records + records
        self.errors, self.warnings = self.errors + errors, self.warnings + warnings
        self.failed_files += errors > 0

    def add_problems(self, problems: list) -> None:
        """The problems of files that hold no papers (the settings, the topics), each file counted once."""
        self.files += len({p.path for p in problems})
        self.errors += sum(p.is_error for p in problems)
        self.warnings += sum(p.level == "warning" for p in problems)
        self.failed_files += len({p.path for p in problems if p.is_error})

    def summary(self) -> str:
        where = f" (in {plural(self.failed_files, 'file')})" if self.errors else ""
        return (f"digest-site: checked {plural(self.files, 'file')}, {plural(self.records, 'paper')}: "
                f"{self.errors} error(s){where}, {self.warnings} warning(s)")


def _digests_folder(folder: Path) -> Path | None:
    """The digests folder of the project in ``folder``, resolved, when there is a project."""
    from .config import load_project

    if not (folder / "mkdocs.yml").is_file():
        return None
    try:
        return load_project(folder.resolve()).digests_dir.resolve()
    except InputError:  # the settings' own errors are the build's (and `check` without FILE) to say
        return None


def _warnings_across(digests: list) -> dict[str, list]:
    """The build's warnings about the records of ``digests`` among each other (a paper twice in a
    file, a record whose id is another paper's), by file."""
    from .collect import collect

    found: dict[str, list] = {}
    for problem in collect(digests)[1]:
        if problem.level == "warning":
            found.setdefault(problem.path, []).append(problem)
    return found


def _read_checked(path: Path, field_map, mine: list[Path]):
    """The digest in ``path`` and its problems, as ``check`` reads it; a digest of the collection
    that is a symbolic link is not read (its name's error says why): read, the file it pointed to,
    anywhere on the machine, had its columns listed in the pull request check's public log."""
    from .model import Digest
    from .readers import read_digest

    if path in mine and path.is_symlink():
        return Digest(name=path.stem, path=str(path), date="", entries=()), []
    return read_digest(path, field_map=field_map)


def _name_problems(path: Path, problems: list) -> list:
    """A FILE given to `check` that is one of the collection's digests gets the build's rule for
    digest file names (they become URLs): a file a pull request adds by hand, as
    "2024-01-01-my list.csv", fails its check as it would fail the build."""
    from .build import _bad_name
    from .errors import Problem
    from .readers import NOT_DIGEST_TYPE, UNREAD_TYPE, set_aside

    reason = _bad_name(path)
    if reason is not None and not any(p.message == reason or p.message.startswith(UNREAD_TYPE) and reason.startswith(
            NOT_DIGEST_TYPE) for p in problems):  # (a type the reader refused: said once, not twice at one line)
        return [Problem(str(path), 1, reason)]
    # another file of the folder with its name ("2024-01-01-week.jsonl" beside "2024-01-01-week.csv"):
    # the build refuses the pair, and the collection `check` reads beside FILE leaves that file out
    clash = sorted(other.name for other in path.absolute().parent.iterdir()
                   if other.stem.casefold() == path.stem.casefold() and other.name != path.name
                   and not set_aside(other.name) and (other.is_symlink() or not other.is_dir()))
    return [Problem(str(path), 1, f"the digest name is taken by {clash[0]} "
                                  "(names become URLs, compared ignoring case): rename one")] if clash else []


def _collection_files(folder: Path) -> tuple[list[Path], list, dict[str, str]]:
    """:func:`_collection_problems`, its problems printed: all of them, not the first file's alone."""
    files, problems, field_map = _collection_problems(folder)
    _print(problems)
    return files, problems, field_map


def _collection_problems(folder: Path) -> tuple[list[Path], list, dict[str, str]]:
    """The digests of the collection in ``folder`` to check, the problems of its settings, topics
    and folders, and its field mapping."""
    from .build import _display, digest_paths, folders_in
    from .config import load_project
    from .topics import load_topics

    problems: list = []
    digests, topics, field_map = folder / "content" / "digests", folder / "content" / "topics.yml", {}
    try:
        project = load_project(folder)
        digests, topics, field_map = project.digests_dir, project.topics_file, dict(project.settings.field_map)
    except InputError as exc:
        problems += exc.problems
    if not (folder / "mkdocs.yml").is_file():  # no project here: its digests folder is no problem to add to it
        problems = problems or [Problem(str(folder / "mkdocs.yml"), 1, "no mkdocs.yml here: run digest-site in the project folder")]
        return [], problems, field_map
    try:
        if topics.is_file():
            load_topics(topics)
    except InputError as exc:
        problems += exc.problems
    try:
        files = [Path(_display(path)) for path in digest_paths(digests)]  # named as the build names them
        problems += folders_in(digests)
    except InputError as exc:
        problems, files = problems + exc.problems, []
    return files, problems, field_map


def cmd_add(args) -> int:
    from .additions import classify, existing_digests, moved_pages, renamed
    from .cache import BuildCache
    from .config import load_project
    from .readers import NO_DATE_IN_NAME, not_a_digest, read_digest, set_aside
    from .scaffold import dated_by_papers, day_after, digest_file, digest_names, newest_other, today
    from .select import about_kept, select
    from .writer import add_files, same_digests

    project = load_project(args.project.resolve())
    sources: list[Path] = args.files
    if args.name and len(sources) > 1:
        raise DigestSiteError("--name names one digest: give it with one FILE")
    for source in sources:
        if not source.exists():  # a typo: no record was "rejected"
            raise DigestSiteError(f"{source}: no such file; nothing was added")
        if reason := not_a_digest(source):
            raise DigestSiteError(f"{source}: {reason}")
    mapped = field_options(args.field)  # this file's own mapping: its records are added as read, as JSON Lines
    read = [read_digest(source, field_map=mapped or project.settings.field_map) for source in sources]
    present = sorted(path.name for path in project.digests_dir.iterdir()
                     if not set_aside(path.name)) if project.digests_dir.is_dir() else []
    names = digest_names(sources, [digest for digest, _ in read], name=args.name, date=args.date, present=present)
    existing = existing_digests(project.digests_dir, {name for name, _ in names}, project.settings.field_map,
                                BuildCache.of(project.root))
    # the papers as the build has them, after collection.yml's include and exclude: with `exclude:
    # {keywords: [survey]}`, a file of three papers, one a survey, said "3 new" and the site got two
    # (and a survey an earlier digest listed, which the site never showed, counted as known)
    kept = partial(select, include=project.settings.include, exclude=project.settings.exclude)
    existing, added, failed = kept(existing)[0], [], False
    for (digest, problems), (name, source) in zip(read, names):
        if args.date:  # (named by --date: its file name's date, no date, dates nothing; it said "dated by its newest paper")
            problems = [p for p in problems if NO_DATE_IN_NAME not in p.message]
        read_date = digest.date  # its newest paper's (a month alone dated the file today: no paper's day)
        whole, ((shown,), left_out) = digest, kept([digest])  # (the file is added whole: filters may change)
        digest, before = renamed(shown, name), [*existing, *(d for d, *_ in added)]
        found, dating = classify(before, digest, problems), ""
        if moving := moved_pages(before, found):  # dated before a digest that gave a paper its URL
            pages = f"the {plural(len(moving), 'page')} of papers it shares"
            if dated_by_papers(source, args.date):  # (a reading list of old papers): today, which moves none
                by_papers, first = name[:10], max(today(), newest_other(present, name))
                newest = max((d.date for d in before if d.date), default=first)
                # today, else the day after the newest digest, which is after every one: digests of one
                # day go by name, so "TODAY-rl" (a `new` digest dated today, then an `add rl.bib`) came
                # before "TODAY-zotero" and still moved its papers
                for day in (first, day_after(max(newest, first))):
                    name = f"{day}{name[10:]}"
                    digest = renamed(digest, name)
                    found = classify(before, digest, problems)
                    if not moved_pages(before, found):
                        break
                dated = f"not by its newest paper ({by_papers})" if by_papers == read_date else f"not today ({by_papers})"
                dating = (f"; dated {name[:10]}, {dated}: on or before the collection's newest digest it would "
                          f"move {pages}")
            else:
                dating = (f"; dated before the collection's newest digest ({newest_other(present, name)}), it moves "
                          f"{pages} ({', '.join(moving[:3])}{', …' if len(moving) > 3 else ''})")
        counts = f"{len(found.new)} new, {len(found.known)} already known, {len(found.rejected)} rejected" + dating
        counts += _first_listed_here(found, digest.name)
        if found.new and not dating and name[:10] < (newest := max((d.date for d in before if d.date), default="")):
            # (a backfilled day: its new papers were in no feed, and nothing said so)
            counts += (f"; dated {name[:10]}, before the newest digest ({newest}), its new papers are listed under that "
                       "date: the feeds, newest first, may not show them, and among the oldest digests, which the topic "
                       "model is fitted on, it may move earlier papers' topics")
        if left_out:
            counts += f"; {left_out} left out by collection.yml's include/exclude filters"
        if not (args.name or source.stem).isascii():
            counts += f"; its name is written in ASCII letters, as URLs are: {name}"
        _print([*about_kept(problems, [whole], [shown]), *found.warnings])  # the build's warnings too: a paper twice in it, a wrong id
        if found.rejected and not whole.entries:  # (a file-wide error, such as no title column, is no record:
            errors = len(found.rejected)          # "1 rejected" was said of a table of two rows)
            print(f"digest-site: {source}: not added: no record is readable ({errors} error{'s' * (errors > 1)} "
                  "listed above with why)", file=sys.stderr)
            failed = True
            continue
        if found.rejected and not args.skip_invalid:
            print(f"digest-site: {source}: not added: {counts} (the rejected records are listed above with why"
                  "; --skip-invalid adds the others)", file=sys.stderr)
            failed = True
            continue
        suffix, data = digest_file(source, whole, partial=bool(found.rejected or mapped))  # as JSON Lines:
        target = project.digests_dir / (name + suffix)  # --skip-invalid's records, or those --field read
        if found.rejected:
            counts += f"; the other records are in {target.name}, as JSON Lines"
        elif mapped:
            counts += f"; its records as --field read them are in {target.name}, as JSON Lines"
        added.append((digest, target, data, counts))
    if failed:
        print(f"digest-site: nothing was added{' (all files or none)' if len(sources) > 1 else ''}", file=sys.stderr)
        return 1
    taken = [] if args.force else [path for _, target, _, _ in added for path in same_digests(target)]
    if taken:
        raise DigestSiteError(f"{_shown(taken[0])} exists already; give --force to replace it, "
                              "or --name to add it under another name")
    add_files([(target, data) for _, target, data, _ in added], force=args.force)
    for _, target, _, counts in added:
        print(f"digest-site: added {_shown(target)}: {counts}", file=sys.stderr)
    return 0


def _first_listed_here(found, name: str) -> str:
    """A note when the digest goes before published digests that listed some of its known papers
    first (one of an earlier day, or of the same day and a name before theirs): its page marks them
    new, theirs no longer does."""
    taken = [p for p in found.known if p.digests[0] == name]
    if not taken:
        return ""
    later = sorted({p.digests[1] for p in taken})
    return (f"; it goes before {', '.join(later[:3])}{', …' if len(later) > 3 else ''} (by date, then by name), so "
            f"{plural(len(taken), 'paper')} listed there first will be marked new in it, no longer there "
            f"(added under a --name after theirs, or a later --date, it would not)")


def cmd_new(args) -> int:
    from .scaffold import new_collection
    from .writer import create_tree

    if args.folder is None:  # `new --from a.bib my-digest`: --from took the folder for a file
        last = args.sources[-1] if args.sources else None
        hint = (f": it comes before --from (digest-site new {last} --from "
                f"{' '.join(map(str, args.sources[:-1]))})") if last and not last.exists() and args.sources[:-1] else ""
        args.usage_of.error(f"give the folder DIR to create{hint}")  # (its usage, and exit 2, as a wrong command line's)
    folder: Path = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):  # said before the files are read
        raise _taken(folder)
    title = args.title or folder.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "Paper digests"
    sources, seen = [], set()  # each file once: `--from a.bib a.bib` made the digests a and a-2 of the same papers
    for source in args.sources:
        if source.resolve() in seen:
            print(f"digest-site: note: {source} is given twice: it is read once", file=sys.stderr)
        else:
            seen.add(source.resolve())
            sources.append(source)
    made = new_collection(title, sources, field_options(args.field), skip_invalid=args.skip_invalid)
    skipped = [p for p in made.warnings if p.is_error]  # --skip-invalid: every record left out is listed
    warnings = shown_problems([p for p in made.warnings if not p.is_error])  # a repeated one summed up
    for line in [*map(str, skipped), *warnings[:MAX_WARNINGS]]:
        print(line, file=sys.stderr)
    if len(warnings) > MAX_WARNINGS:
        print(f"… and {len(warnings) - MAX_WARNINGS} more lines of warnings: `digest-site check FILE` lists them all",
              file=sys.stderr)
    try:
        create_tree(folder, made.files)
    except FileExistsError:
        raise _taken(folder) from None
    except FileNotFoundError:
        raise DigestSiteError(f"{folder.parent} does not exist: create it first") from None
    for note in made.notes:  # on the new collection's own files: named in its folder
        print(dataclasses.replace(note, path=str(Path(_shown(folder), note.path))), file=sys.stderr)
    step = "digest-site build" if made.papers else "digest-site add FILE (no digests yet), then digest-site build"
    print(f"digest-site: created {_shown(folder)} with {plural(made.papers, 'paper')} and "
          f"{plural(made.topics, 'suggested topic')}; "
          f"next: cd {shlex.quote(_shown(folder))} && {step}", file=sys.stderr)  # ("my digest": a command to paste)
    return 0


def _taken(folder: Path) -> DigestSiteError:
    if folder.is_file():  # `new export.bib`: the folder forgotten, the file taken for it
        return DigestSiteError(f"{folder} is a file: give the folder to create first, then the files "
                               f"(digest-site new my-digest --from {shlex.quote(str(folder))})")
    return DigestSiteError(f"{folder} is not an empty folder: `digest-site new` only writes into a new or empty "
                           "one, so nothing of yours is overwritten")


def field_options(options: list[str]) -> dict[str, str]:
    """``--field NAME=PATH`` options as a field mapping, checked like collection.yml's ``fields``. A
    field given two paths is an error (``--field title=a --field title=b`` read b alone, without a word)."""
    from .options import field_problem

    problems = [f"--field {bare}: expected NAME=PATH, the field and where the records hold it (--field {bare}=paper.{bare})"
                for bare in options if "=" not in bare]  # (it said "'' is not a dotted path")
    given = [option.partition("=")[::2] for option in options if "=" in option]
    pairs = dict(given)
    problems += [f"--field: field {name!r} is mapped twice ({', '.join(dict.fromkeys(p for n, p in given if n == name))}): "
                 "give it once" for name in pairs if len({p for n, p in given if n == name}) > 1]
    problems += [f"--field: {problem}" for name, path in pairs.items() if (problem := field_problem(name, path))]
    if problems:  # every one at once, as collection.yml's are
        raise DigestSiteError("; ".join(problems))
    return pairs


def _filters(folder: Path) -> dict:
    """The ``include`` and ``exclude`` filters of the project in ``folder`` (one :func:`_digests_folder`
    found, so its settings load)."""
    from .config import load_project

    settings = load_project(folder.resolve()).settings
    return {"include": settings.include, "exclude": settings.exclude}


def project_fields(folder: Path) -> dict[str, str]:
    """The field mapping of the project in ``folder``, when there is one."""
    from .config import load_project

    if not (folder / "mkdocs.yml").is_file():
        return {}
    return dict(load_project(folder.resolve()).settings.field_map)


def cmd_topics_suggest(args) -> int:
    from .build import BuildReport, read_digests, select_papers
    from .collect import collect
    from .config import load_project
    from .enrich import enrich
    from .readers import read_digest
    from .suggest import suggest_topics, topics_yaml

    if args.count is not None and not 2 <= args.count <= 200:
        raise DigestSiteError(f"--count: expected 2 to 200, got {args.count}")
    if args.digests:
        digests = []
        field_map = project_fields(args.project)
        for path in args.digests:
            digest, problems = read_digest(path, field_map=field_map)
            if any(p.is_error for p in problems):
                raise InputError(problems)
            digests.append(digest)
    else:
        project = load_project(args.project.resolve())
        report = BuildReport()
        digests = read_digests(project.digests_dir, report, skip_invalid=False,
                               field_map=project.settings.field_map)
        digests = select_papers(project, digests, report)  # the papers the site holds, as the build has them
    papers, _ = collect(digests)
    topics = suggest_topics([enrich(p) for p in papers], args.count)
    sys.stdout.write(topics_yaml(topics))
    return 0


@contextmanager
def _terminal_progress():
    """On a terminal: one line, rewritten in place, with the stage and the papers or pages done
    (``rendering HTML with MkDocs… 1,200/10,401``); yields the stage announcer for the report.
    Not on a terminal (a pipe, a log file, CI): nothing, and yields None."""
    from . import parallel

    if not sys.stderr.isatty():
        yield None
        return
    label = ""

    def show(text: str) -> None:
        sys.stderr.write(f"\r\x1b[K  {text}")
        sys.stderr.flush()

    def stage(name: str) -> None:
        nonlocal label
        label = STAGE_LABELS.get(name, name) + "…"
        show(label)

    parallel.progress = lambda done, total: show(f"{label} {done:,}/{total:,}")
    try:
        yield stage
    finally:
        parallel.progress = None
        show("")
        sys.stderr.write("\r")


def _print(problems) -> None:
    """Problems on stderr, a warning that a file repeats summed up (``errors.shown_problems``),
    each file named from the current folder when it is inside it (as digests are named)."""
    named = [dataclasses.replace(p, path=_shown(Path(p.path))) if os.path.isabs(p.path) else p for p in problems]
    for line in shown_problems(named):
        print(printable(line), file=sys.stderr)  # (a file's name in a message too: "taken by NAME")


def _print_problems(report) -> None:
    _print(report.problems)
    for problem in report.skipped:
        print(printable(f"skipped: {problem}"), file=sys.stderr)
    if report.skipped:
        print(f"digest-site: skipped {len(report.skipped)} invalid record(s) listed above", file=sys.stderr)
    if report.topics_suggested:
        from .build import TOPICS_SUGGESTED
        print(TOPICS_SUGGESTED, file=sys.stderr)


def _shown(path: Path) -> str:
    try:
        return printable(str(path.relative_to(Path.cwd())))
    except ValueError:
        return printable(str(path))
