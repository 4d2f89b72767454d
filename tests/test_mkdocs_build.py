"""MkDocs with pages rendered by workers gives what ``mkdocs build`` gives: files and messages."""

from __future__ import annotations

import calendar
import logging
import os
import subprocess
import sys
from hashlib import sha256
from pathlib import Path

import pytest
from mkdocs.commands.build import build as plain_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import DATA, make_project, tree_hash
from generator import build, mkdocs_build, parallel, writer
from generator.cache import BuildCache
from generator.config import load_project

pytestmark = pytest.mark.skipif(parallel.worker_count(10**6) < 2, reason="needs 2 cores and fork")

PAGES = {
    "index.md": "# Home\n\n[A page](pages/a.md)\n",
    "about.md": "# About\n\n[to a missing anchor](pages/b.md#nowhere)\n",
    "pages/a.md": "# A\n\n[B](b.md) and [B's section](b.md#section) <span id=\"raw-anchor\">raw</span>\n",
    "pages/b.md": "# B\n\n## Section\n\n[a missing page](missing.md) and [A's raw anchor](a.md#raw-anchor)\n",
    "pages/c.md": "---\ntitle: C from front matter\n---\n\n[no such anchor](a.md#none)\n",
}


@pytest.fixture
def always_parallel(monkeypatch):
    """Workers for any number of pages; returns how many pages MkDocs gave to workers, per build."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(mkdocs_build, "RENDERED_IN_WORKERS", 1)
    sizes = []
    spread = parallel.map_items

    def recorded(fn, items, min_items=None):
        if getattr(fn, "__module__", None) == mkdocs_build.__name__:
            sizes.append(len(items) if parallel.worker_count(len(items), min_items) > 1 else 0)
        return spread(fn, items, min_items)

    monkeypatch.setattr(parallel, "map_items", recorded)
    return sizes


def small_site(folder: Path, pages: dict[str, str] = PAGES) -> Path:
    for name, text in pages.items():
        (folder / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Small\ntheme: material\nplugins: []\nnav:\n  - index.md\n  - about.md\n"
        "not_in_nav: /pages/\nvalidation:\n  anchors: warn\n", encoding="utf-8")
    return folder / "mkdocs.yml"


def messages(caplog) -> list[tuple[str, int, str]]:
    """MkDocs' messages, the build's duration left out."""
    return [(r.name, r.levelno, r.getMessage()) for r in caplog.records
            if r.name.startswith("mkdocs") and not r.getMessage().startswith("Documentation built in")]


@pytest.mark.parametrize("workers", [True, False], ids=["workers", "one-process"])
def test_the_seed_site_is_byte_for_byte_what_mkdocs_build_makes(always_parallel, monkeypatch, tmp_path, workers):
    if not workers:
        monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
        monkeypatch.setattr(mkdocs_build, "RENDERED_IN_WORKERS", 10**9)
    project = load_project(make_project(tmp_path / "p", {"2024-01-01-a.txt": (DATA / "seed-digest.txt").read_bytes()}))
    build.build(project)
    pages = sum(1 for _ in (project.docs_dir / "papers").iterdir())
    assert always_parallel[0] > pages if workers else always_parallel == [0], always_parallel
    digest_date = str(calendar.timegm((2024, 1, 1, 0, 0, 0)))  # the build dates the sitemap by the digests
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "--site-dir",
                    str(tmp_path / "plain")], cwd=project.root, check=True,
                   env={**os.environ, "SOURCE_DATE_EPOCH": digest_date})
    assert tree_hash(project.site_dir) == tree_hash(tmp_path / "plain")


def test_pages_from_workers_log_what_mkdocs_logs_in_its_order(always_parallel, tmp_path, caplog):
    config_file = small_site(tmp_path)
    caplog.set_level(logging.INFO, logger="mkdocs")
    plain_build(load_config(str(config_file), site_dir=str(tmp_path / "plain")))
    expected = messages(caplog)
    caplog.clear()
    mkdocs_build.build(load_config(str(config_file), site_dir=str(tmp_path / "workers")))
    assert always_parallel == [3]  # pages/a.md, b.md and c.md
    assert messages(caplog) == [m if "Building documentation" not in m[2] else (*m[:2], m[2].replace("plain", "workers"))
                                for m in expected]
    warnings = [text for _, level, text in expected if level == logging.WARNING]
    assert ["missing.md" in warnings[0], "#nowhere" in warnings[1], "#none" in warnings[2]] == [True] * 3
    assert tree_hash(tmp_path / "workers") == tree_hash(tmp_path / "plain")


def test_anchors_of_a_page_of_one_html_block_are_checked_as_mkdocs_checks_them(always_parallel, tmp_path, caplog):
    """Such a page skips Python-Markdown (generator/html_block.py): its ids and link names are
    still the anchors other pages' links are checked against."""
    pages = {**PAGES, "pages/d.md": '<div class="x">\n<h2 id="kept">K</h2>\n<p><a name="n&amp;m">n</a></p>\n</div>\n',
             "pages/a.md": PAGES["pages/a.md"] + "\n[kept](d.md#kept) [named](d.md#n&m) [gone](d.md#gone)\n"}
    config_file = small_site(tmp_path, pages)
    caplog.set_level(logging.INFO, logger="mkdocs")
    plain_build(load_config(str(config_file), site_dir=str(tmp_path / "plain")))
    expected = messages(caplog)
    caplog.clear()
    mkdocs_build.build(load_config(str(config_file), site_dir=str(tmp_path / "workers")))
    assert messages(caplog) == [m if "Building documentation" not in m[2] else (*m[:2], m[2].replace("plain", "workers"))
                                for m in expected]
    about_d = [text for _, _, text in expected if "d.md#" in text]
    assert len(about_d) == 1 and "d.md#gone" in about_d[0]
    assert tree_hash(tmp_path / "workers") == tree_hash(tmp_path / "plain")


def test_strict_mode_counts_the_warnings_of_pages_from_workers(always_parallel, tmp_path):
    config = load_config(str(small_site(tmp_path)), site_dir=str(tmp_path / "site"), strict=True)
    with pytest.raises(Abort, match="Aborted with 3 warnings in strict mode"):
        mkdocs_build.build(config)


def test_a_page_failing_in_a_worker_fails_the_build_as_mkdocs_does(always_parallel, tmp_path, caplog):
    pages = {**PAGES, "pages/b.md": "---\ntemplate: no-such-template.html\n---\n\n# B\n"}
    config = load_config(str(small_site(tmp_path, pages)), site_dir=str(tmp_path / "site"))
    with pytest.raises(Exception, match="no-such-template.html"):
        mkdocs_build.build(config)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1  # the worker's attempt is not shown: the parent's is
    assert errors[0].startswith("Error building page 'pages/b.md': 'no-such-template.html' not found")


def test_plugins_get_mkdocs_own_build(always_parallel, tmp_path, monkeypatch):
    """A plugin's page events may collect data across pages: workers would lose it."""
    config_file = small_site(tmp_path)
    config_file.write_text(config_file.read_text(encoding="utf-8").replace("plugins: []", "plugins: [search]"),
                           encoding="utf-8")
    monkeypatch.setattr(parallel, "map_items", lambda fn, items: pytest.fail("pages went to workers"))
    mkdocs_build.build(load_config(str(config_file), site_dir=str(tmp_path / "site")))
    assert (tmp_path / "site/search/search_index.json").is_file()


def test_another_mkdocs_version_gets_mkdocs_own_build(always_parallel, tmp_path, monkeypatch):
    """Issue 10: the private build steps are those of MkDocs 1.6.1; on another version MkDocs' own
    build runs (and pyproject.toml pins 1.6.1)."""
    import mkdocs
    from mkdocs.commands import build as mkdocs_commands

    config_file = small_site(tmp_path)
    monkeypatch.setattr(mkdocs, "__version__", "1.7.0")
    monkeypatch.setattr(parallel, "map_items", lambda fn, items: pytest.fail("pages went to workers"))
    own = []
    monkeypatch.setattr(mkdocs_commands, "build", lambda config, real=mkdocs_commands.build: own.append(1) or real(config))
    mkdocs_build.build(load_config(str(config_file), site_dir=str(tmp_path / "site")))
    assert own == [1] and (tmp_path / "site/index.html").is_file()


def test_mkdocs_is_pinned_to_the_version_followed():
    import tomllib
    from importlib.metadata import version

    from conftest import ROOT

    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert f"mkdocs=={mkdocs_build.FOLLOWED_VERSION}" in dependencies
    assert version("mkdocs") == mkdocs_build.FOLLOWED_VERSION


def test_the_page_cache_stores_the_hash_of_the_markdown_each_worker_read(always_parallel, tmp_path):
    # A page the cache knows nothing of is hashed by the worker that renders it, from the bytes
    # it renders: a byte-order mark and CR or CRLF line ends read as MkDocs reads them.
    pages = {**PAGES, "pages/bom.md": "\ufeff# Bom\r\n\r\nText with CRLF.\r\n", "pages/cr.md": "# Cr\r\rOld Mac line ends.\r"}
    config_file = small_site(tmp_path, pages)
    cache = BuildCache(tmp_path / "cache")
    mkdocs_build.build(load_config(str(config_file), site_dir=str(tmp_path / "site")), cache)
    plain_build(load_config(str(config_file), site_dir=str(tmp_path / "plain")))
    assert tree_hash(tmp_path / "site") == tree_hash(tmp_path / "plain")
    stored = BuildCache(tmp_path / "cache").load("pages")["pages"]
    outside = [uri for uri in pages if uri.startswith("pages/")]
    assert always_parallel == [len(outside)]
    assert sorted(stored) == sorted(outside)
    for uri in outside:
        assert stored[uri][0] == sha256((tmp_path / "docs" / uri).read_bytes()).hexdigest(), uri

    mkdocs_build.build(load_config(str(config_file), site_dir=str(tmp_path / "again")), cache)
    assert always_parallel[1:] == [0]  # every page reused: nothing left to render
    assert tree_hash(tmp_path / "again") == tree_hash(tmp_path / "plain")


def test_html_a_stopped_build_stored_but_never_listed_is_removed_by_the_next(always_parallel, tmp_path):
    # Workers store each page's HTML as they render it, before pages.json lists it: a mark in the
    # folder says so until the list is saved. A build that stopped in between leaves the mark,
    # and the next build then walks the folder for files no list names.
    config_file = small_site(tmp_path)
    cache = BuildCache(tmp_path / "cache")
    html = tmp_path / "cache" / "html"
    mkdocs_build.build(load_config(str(config_file), site_dir=str(tmp_path / "one")), cache)
    stored = sorted(p for p in html.rglob("*") if p.is_file())
    assert len(stored) == 3 and not (html / ".unlisted").exists()  # pages a, b and c; the mark is gone
    stray = html / "ff" / ("f" * 64)
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"HTML a stopped build stored")
    (html / ".unlisted").touch()
    mkdocs_build.build(load_config(str(config_file), site_dir=str(tmp_path / "two")), cache)
    assert always_parallel == [3, 0]  # every page of the second build reused
    assert sorted(p for p in html.rglob("*") if p.is_file()) == stored
    assert tree_hash(tmp_path / "two") == tree_hash(tmp_path / "one")

    # Without the mark, the cache's list is trusted and the folder is not walked (at 100,000
    # pages a walk is seconds): a file put there by hand stays.
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"put there by hand")
    mkdocs_build.build(load_config(str(config_file), site_dir=str(tmp_path / "three")), cache)
    assert stray.exists() and tree_hash(tmp_path / "three") == tree_hash(tmp_path / "one")


def test_the_docs_folders_static_files_are_linked_into_the_site_and_keep_their_bytes(always_parallel, tmp_path):
    # A static file of the docs folder (search, feed, export) is hard-linked into the site, not
    # copied; the generator replaces a docs file instead of writing into it, so a site built
    # earlier keeps the bytes it was built with. The theme's files are copied.
    pages = {**PAGES, "export/papers.json": '{"papers": 1}\n', "feed.xml": "<rss>one</rss>\n"}
    config_file = small_site(tmp_path, pages)
    docs = tmp_path / "docs"
    writer.sync_tree(docs, {name: text.encode() for name, text in pages.items()})  # the generator's docs folder
    mkdocs_build.build(load_config(str(config_file), site_dir=str(tmp_path / "site")))
    plain_build(load_config(str(config_file), site_dir=str(tmp_path / "plain")))
    assert tree_hash(tmp_path / "site") == tree_hash(tmp_path / "plain")
    for name in ("export/papers.json", "feed.xml"):
        assert os.path.samefile(tmp_path / "site" / name, docs / name), name
    theme = [p for p in (tmp_path / "site" / "assets").rglob("*") if p.is_file()]
    assert theme and all(p.stat().st_nlink == 1 for p in theme)

    writer.sync_tree(docs, {**{name: text.encode() for name, text in pages.items()},
                            "feed.xml": b"<rss>two</rss>\n"})
    assert (docs / "feed.xml").read_bytes() == b"<rss>two</rss>\n"
    assert (tmp_path / "site" / "feed.xml").read_bytes() == b"<rss>one</rss>\n"


def test_the_docs_files_are_those_mkdocs_get_files_lists(tmp_path, caplog):
    names = ["index.md", "README.md", "a/README.md", "a/index.md", "b/README.md", "b/x y.md", "b/ünï.md",
             ".hidden.md", "c/.dot/page.md", "templates/t.md", "pages/p.md", "pages/q.markdown", "img.png",
             "d/index.html", "d/e/f/g.md", "papers/2401.00001.md", "Search.md", "x[1].md", "e/..md", "e/...md",
             "e/.md", "e/README.markdown", "e/f.MD", "e/g.md.txt", "e/h i%.md", "e/index.md.md",
             "f/a.md", "f/index", "f/README.txt", "f/index.tar.gz", "f/indexer.md", "f/.index", "f/READMEs.md"]
    for name in names:
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(f"# {name}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: S\nnot_in_nav: /pages/\nexclude_docs: '*.png'\n"
                                         "draft_docs: b/\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with caplog.at_level(logging.WARNING):
        theirs = [vars(f) | {"url": f.url, "dest_uri": f.dest_uri, "abs_src_path": f.abs_src_path,
                             "abs_dest_path": f.abs_dest_path, "name": f.name} for f in mkdocs_build.get_files(config)]
        warned = [r.getMessage() for r in caplog.records]
        caplog.clear()
        ours = [vars(f) | {"url": f.url, "dest_uri": f.dest_uri, "abs_src_path": f.abs_src_path,
                           "abs_dest_path": f.abs_dest_path, "name": f.name} for f in mkdocs_build._docs_files(config)]
    assert ours == theirs and len(ours) > 20 and [r.getMessage() for r in caplog.records] == warned and warned


def test_pages_outside_the_nav_are_those_mkdocs_get_navigation_makes(tmp_path):
    # made without Page.__init__ (mkdocs_build._add_pages): the same attributes, URLs and dates
    for name in ["index.md", "about.md", "pages/a.md", "pages/b/index.md", "pages/c.md", "other.md"]:
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(f"# {name}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: S\nsite_url: https://example.org/x/\nrepo_url: https://g.org/r/\n"
                                         "edit_uri: edit/main/docs/\nnot_in_nav: /pages/\nnav:\n  - index.md\n"
                                         "  - Named: pages/c.md\n", encoding="utf-8")
    made = []
    for ours in (False, True):
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        files = mkdocs_build._docs_files(config)
        doc_files, listing = files.documentation_pages(), files.documentation_pages
        if ours:
            files.documentation_pages = mkdocs_build._listed(listing, [f for f in doc_files if f.inclusion.is_in_nav()])
        nav = mkdocs_build.get_navigation(files, config)
        if ours:
            files.documentation_pages = listing
            mkdocs_build._add_pages([f for f in doc_files if f.page is None], config)
        made.append(([p.file.src_uri for p in nav.pages],
                     [{**{k: v.file.src_uri if isinstance(v, mkdocs_build.Page) else v for k, v in vars(f.page).items()},
                       "file": f.src_uri, "url": f.page.url, "title": f.page.title, "active": f.page.active}
                      for f in files.documentation_pages()]))
    page = next(page for page in made[1][1] if page["file"] == "pages/a.md")
    assert made[0] == made[1] and len(made[0][1]) == 6 and page["canonical_url"] == "https://example.org/x/pages/a/"
    assert page["edit_url"] == "https://g.org/r/edit/main/docs/pages/a.md" and page["update_date"]


def test_the_theme_files_are_those_mkdocs_adds(tmp_path):
    # the theme folders are listed without their dot folders (Material's 14,000 icons): the files
    # added are MkDocs' own choice, in its order, an own theme folder's dot files left out as there
    theme = tmp_path / "theme"
    for name in ["main.html", "extra.css", "js/x.js", ".icons/a.svg", "img/.hidden.png", "a/.b/c.js", "b.py",
                 "README.md", "fonts/f.woff2", "404.html", "partials/p.html", "z/.y"]:
        (theme / name).parent.mkdir(parents=True, exist_ok=True)
        (theme / name).write_text("x", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: S\ntheme:\n  name: material\n  custom_dir: theme\n",
                                         encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    env = config.theme.get_env()
    theirs, ours = mkdocs_build.Files([]), mkdocs_build.Files([])
    theirs.add_files_from_theme(env, config)
    ours.add_files_from_theme(mkdocs_build._Templates(env), config)
    assert [(f.src_uri, f.abs_src_path) for f in ours] == [(f.src_uri, f.abs_src_path) for f in theirs]
    assert {"extra.css", "js/x.js", "fonts/f.woff2"} <= {f.src_uri for f in ours} and len(ours) > 40


def test_a_published_page_that_is_the_stored_html_is_kept_even_when_the_cache_lost_its_copy(always_parallel, tmp_path):
    # The published site's file of a page whose stamp (size and time) is the one
    # stored for its HTML is that very file: it is kept without a look at the cache's copy. When
    # the cache's copy is gone and the site cannot be updated in place, the site's own file is
    # linked into the new site.
    config_file = small_site(tmp_path)
    cache = BuildCache(tmp_path / "cache")
    site = tmp_path / "site"
    for _ in range(2):
        with writer.staging(site) as staged:
            kept = mkdocs_build.build(load_config(str(config_file), site_dir=str(staged)), cache, site)
            writer.publish(staged, site, kept)
    assert always_parallel == [3, 0] and sum(rel.endswith("index.html") for rel in kept) == 3
    before = tree_hash(site)
    for path in (tmp_path / "cache" / "html").rglob("*"):
        if path.is_file():
            path.unlink()
    real = tmp_path / "real"
    site.rename(real)
    site.symlink_to(real)  # a site that is a link is swapped whole: the kept files are linked in
    with writer.staging(site) as staged:
        kept = mkdocs_build.build(load_config(str(config_file), site_dir=str(staged)), cache, site)
        writer.publish(staged, site, kept)
    assert always_parallel[2:] == [0] and sum(rel.endswith("index.html") for rel in kept) == 3 and not site.is_symlink()
    assert tree_hash(site) == before


def test_files_the_published_site_holds_already_are_kept_not_written_and_the_site_is_the_same(always_parallel, tmp_path):
    # A docs file the site holds as the same file and a theme file of the same bytes are left
    # out of the built folder (each folder holding only such files took an rmdir when it went);
    # pages rendered again and static files changed are written flat; the site ends as a plain
    # build makes it.
    config_file = small_site(tmp_path, {**PAGES, "img/logo.png": "png", "css/x.css": "x"})
    (tmp_path / "mkdocs.yml").write_text((tmp_path / "mkdocs.yml").read_text() + "extra_css:\n  - css/x.css\n")
    cache = BuildCache(tmp_path / "cache")
    site = tmp_path / "site"
    for number in range(3):
        if number == 2:
            (tmp_path / "docs/pages/a.md").write_text("# A changed\n", encoding="utf-8")
            (tmp_path / "docs/css/x.css").unlink()  # (the generator replaces a docs file, never writes into it)
            (tmp_path / "docs/css/x.css").write_text("y", encoding="utf-8")
        with writer.staging(site) as staged:
            config = load_config(str(config_file), site_dir=str(staged))
            kept = mkdocs_build.build(config, cache, site)
            built = {p.relative_to(staged).as_posix() for p in staged.rglob("*") if p.is_file()}
            assert build.missing_extras(config, staged, {*kept, *kept.placed}) == []
            writer.publish(staged, site, kept)
        if number:
            assert "img/logo.png" in kept and any(rel.startswith("assets/javascripts/") for rel in kept)
            assert ("css/x.css" in kept) == (number == 1) and ("css/x.css" in kept.placed) == (number == 2)
            assert not any(rel.startswith(("img/", "css/", "assets/")) for rel in built)
    assert sorted(rel for rel in built if rel.startswith(writer.PLACED)) == [f"{writer.PLACED}/0.html", kept.placed["css/x.css"]
                                                                             .replace(str(staged) + "/", "")]
    plain_build(load_config(str(config_file), site_dir=str(tmp_path / "plain")))
    assert tree_hash(site) == tree_hash(tmp_path / "plain")
