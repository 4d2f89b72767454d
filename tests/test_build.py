"""One small site with a digest named README and a site_url: URLs by MkDocs' rules, dates from digests."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from conftest import make_project

from generator import search_site
from generator.build import LINK, build
from generator.config import load_project

PAPERS = "First paper title\nWe study one thing. We find another thing.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = make_project(tmp_path_factory.mktemp("small") / "project",
                          {"README.txt": PAPERS, "2026-01-02-later.txt": PAPERS.replace("First", "Second")})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('site_url: ""', "site_url: https://example.org/papers/"),
                      encoding="utf-8")
    build(load_project(folder))
    return folder / "site"


def test_a_digest_named_readme_is_linked_where_mkdocs_puts_it(site):
    """Issue 10: README.md is MkDocs' index of its folder, so the page is digests/index.html;
    the archive linked digests/README/, a 404."""
    archive = (site / "archive" / "index.html").read_text(encoding="utf-8")
    targets = set(re.findall(r'href="\.\./(digests/[^"#]*)"', archive))
    assert targets, archive
    for target in targets:
        assert (site / target / "index.html").is_file() or (site / target).is_file(), target
    assert (site / "digests" / "index.html").is_file()


def test_the_404_page_is_titled_as_one(site):
    """The 404 page (MkDocs renders it with no page) was titled with the site's name alone, as the
    home page is: a screen reader, a tab and the history named a missing page as the home page."""
    page = (site / "404.html").read_text(encoding="utf-8")
    assert re.search(r"<title>Page not found - [^<]+</title>", page), re.search(r"<title>.*?</title>", page)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Page not found" not in home


def test_sitemap_dates_come_from_the_digests_not_the_clock(site):
    """Issue 10, item 9: with site_url set, sitemap.xml held today's date; then every page held the
    newest digest's, no page's own: it has no <lastmod>, and its .gz is dated by the digests."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" in sitemap and "<lastmod>" not in sitemap
    with gzip.open(site / "sitemap.xml.gz") as handle:
        assert handle.read().decode("utf-8") == sitemap
    mtime = int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert mtime == 1767312000  # 2026-01-02T00:00:00Z


def test_a_sitemap_over_the_protocols_limit_becomes_an_index_of_parts(site, tmp_path, monkeypatch):
    """Issue 15: at 100,000 papers MkDocs' sitemap.xml lists over 100,000 pages, and search engines
    reject a sitemap of more than 50,000 URLs. Over the limit (here 3 URLs) sitemap.xml is an index
    of parts that list the same pages in the same order; below it, MkDocs' file is left alone."""
    from xml.etree import ElementTree

    from generator import sitemap
    whole = re.findall(r"<url>.*?</url>", (site / "sitemap.xml").read_text(encoding="utf-8"), re.S)
    assert len(whole) > 3 and "sitemap-1.xml.gz" not in {p.name for p in site.iterdir()}
    folder = make_project(tmp_path / "project", {"README.txt": PAPERS, "2026-01-02-later.txt": PAPERS.replace("First", "Second")})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('site_url: ""', "site_url: https://example.org/papers/"),
                      encoding="utf-8")
    monkeypatch.setattr(sitemap, "MAX_URLS", 3)
    build(load_project(folder))
    split = folder / "site"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.parse(split / "sitemap.xml").getroot()
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert index.tag.endswith("sitemapindex") and parts == [f"https://example.org/papers/sitemap-{i}.xml.gz"
                                                             for i in range(1, len(parts) + 1)]
    entries = []
    for url in parts:  # gzipped (as the protocol allows), dated as the index is
        part_file = split / url.rsplit("/", 1)[1]
        assert int.from_bytes(part_file.read_bytes()[4:8], "little") == 1767312000
        part = gzip.decompress(part_file.read_bytes()).decode("utf-8")
        urls = ElementTree.fromstring(part.encode("utf-8")).findall("s:url", ns)
        assert 1 <= len(urls) <= 3
        entries += re.findall(r"<url>.*?</url>", part, re.S)
    assert entries == whole
    with gzip.open(split / "sitemap.xml.gz") as handle:
        assert handle.read() == (split / "sitemap.xml").read_bytes()
    assert int.from_bytes((split / "sitemap.xml.gz").read_bytes()[4:8], "little") == 1767312000


def test_a_site_at_a_hosts_root_names_its_sitemap_in_robots_txt(site, tmp_path):
    """The site wrote no robots.txt: crawlers found sitemap.xml only when its owner submitted it
    to each search engine. At a host's root (a custom domain) robots.txt names it; under a path
    (``site``: a project's GitHub Pages) none is written, since crawlers read only the host's
    /robots.txt; an owner's own (``content/pages/robots.txt``) is published as it is."""
    assert not (site / "robots.txt").exists()
    folder = make_project(tmp_path / "project", {"2026-01-02-later.txt": PAPERS})
    (folder / "content/collection.yml").write_text('site_url: "https://papers.example.org"\n', encoding="utf-8")
    build(load_project(folder))
    robots = (folder / "site/robots.txt").read_text(encoding="utf-8")
    named = re.findall(r"^Sitemap: (\S+)$", robots, re.M)
    assert named == ["https://papers.example.org/sitemap.xml"] and (folder / "site/sitemap.xml").is_file()
    assert re.search(r"^User-agent: \*\nDisallow:$", robots, re.M)  # everything may be crawled
    own = "User-agent: *\nDisallow: /search/\n"
    (folder / "content/pages").mkdir()
    (folder / "content/pages/robots.txt").write_text(own, encoding="utf-8")
    build(load_project(folder))
    assert (folder / "site/robots.txt").read_text(encoding="utf-8") == own


def test_a_large_collection_links_its_gzipped_bulk_bib_files(tmp_path, monkeypatch):
    """From bibtex.SPLIT_FROM papers on (here 1) the topic, digest and collection .bib files are
    stored gzipped, and the pages link those."""
    from generator import bibtex

    monkeypatch.setattr(bibtex, "SPLIT_FROM", 1)
    folder = make_project(tmp_path / "project", {"2026-01-02-later.txt": PAPERS})
    build(load_project(folder))
    site = folder / "site"
    assert not list(site.rglob("*.bib")) and (site / "papers.bib.gz").is_file()
    linked = 0
    for page in site.rglob("index.html"):
        for target in re.findall(r'href="([^"]*\.bib(?:\.gz)?)"', page.read_text(encoding="utf-8")):
            assert target.endswith(".bib.gz") and (page.parent / target).resolve().is_file(), (page, target)
            linked += 1
    assert linked >= 3  # the home page's papers.bib.gz, a digest's and a topic's
    with gzip.open(site / "digests/2026-01-02-later.bib.gz") as handle:
        assert handle.read().decode("utf-8").startswith("@misc{")


def test_overrides_the_build_never_uses_are_warned_at_their_file(tmp_path):
    """A collection upgraded from a version whose theme loaded search.js (theme/search-page.html)
    kept that template and its copy of pages/search.md.j2: the new build ignored the first and the
    second loaded no search.js, so the search page found nothing, without a word. A stylesheet put
    beside the assets is never published either."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    own = folder / "site_templates"
    (own / "theme" / "search-page.html").write_text('{% extends "main.html" %}\n', encoding="utf-8")
    search = own / "pages" / "search.md.j2"
    search.write_text("\n".join(line for line in search.read_text(encoding="utf-8").splitlines()
                                if "data-search-page" not in line) + "\n", encoding="utf-8")
    (own / "assets" / "lab.css").write_text(".lab { color: red }\n", encoding="utf-8")
    report = build(load_project(folder))
    warnings = {Path(p.path).resolve().relative_to(own.resolve()).as_posix(): p.message for p in report.problems if p.level == "warning"
                and "site_templates" in p.path}
    assert set(warnings) == {"theme/search-page.html", "pages/search.md.j2", "assets/lab.css"}, warnings
    assert "search.js" in warnings["pages/search.md.j2"] and "not published" in warnings["assets/lab.css"]
    assert 'data-search-page' not in (folder / "site" / "search" / "index.html").read_text(encoding="utf-8")


def test_a_copy_of_an_earlier_page_shell_is_warned_at_its_scheme_button(tmp_path):
    """Until the light/dark button was made by digest-site.js, the page shell wrote it, and an owner
    who customised the page copied the whole shell into theme/main.html (main.html could not yet
    extend ds-base.html). Upgraded, every page showed two buttons, the copied one dead, and the
    build said nothing. A copy of today's shell is no warning."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    main = folder / "site_templates" / "theme" / "main.html"
    shell = (folder / "site_templates" / "theme" / "ds-base.html").read_text(encoding="utf-8")
    main.write_text(shell, encoding="utf-8")
    report = build(load_project(folder))
    assert not [p for p in report.problems if "site_templates" in p.path], report.problems
    old = shell.replace("{%- endblock %}\n</header>", '{%- endblock %}\n<button class="ds-scheme" type="button">Dark theme</button>\n</header>')
    assert old != shell
    main.write_text(old, encoding="utf-8")
    report = build(load_project(folder))
    line = old.splitlines().index('<button class="ds-scheme" type="button">Dark theme</button>') + 1
    said = [p for p in report.problems if "site_templates" in p.path]
    assert [(Path(p.path).resolve(), p.line, p.level) for p in said] == [(main.resolve(), line, "warning")], said
    assert "two" in said[0].message and 'extends \"ds-base.html\"' in said[0].message
    page = next((folder / "site" / "papers").glob("*/index.html")).read_text(encoding="utf-8")
    assert page.count('class="ds-scheme"') == 1  # the copy's, beside the one digest-site.js adds


def test_a_copy_of_an_earlier_default_stylesheet_is_warned_at_its_file(tmp_path):
    """An owner who copied digest-site.css to change a colour kept the copy through upgrades: the
    pages' newer parts (here the archive's list of years) went unstyled, and the build said
    nothing. A copy of today's default, and a stylesheet of the owner's own, are no warning."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    sheet = folder / "site_templates" / "assets" / "digest-site.css"
    default = sheet.read_text(encoding="utf-8")
    sheet.write_text(default + ".lab { color: #a00 }\n", encoding="utf-8")
    assert not [p for p in build(load_project(folder)).problems if "site_templates" in p.path]
    older = "".join(line for line in default.splitlines(True) if ".ds-archive" not in line)
    sheet.write_text(older, encoding="utf-8")
    said = [p for p in build(load_project(folder)).problems if "site_templates" in p.path]
    assert [(Path(p.path).resolve(), p.level) for p in said] == [(sheet.resolve(), "warning")], said
    assert ".ds-archive" in said[0].message and "copy the default again" in said[0].message
    assert ".ds-archive__year" not in (folder / "site" / "assets" / "digest-site" / "digest-site.css").read_text(encoding="utf-8")
    sheet.write_text("/* our lab's theme */\n" + older, encoding="utf-8")  # the owner's own: their business
    assert not [p for p in build(load_project(folder)).problems if "site_templates" in p.path]


def test_templates_put_where_the_build_never_reads_them_are_warned_at_their_file(tmp_path):
    """A fork's page template saved at the top of site_templates/ (not in pages/), in a folder of
    another name, or as pages/papers.md.j2 replaced nothing, and the build said nothing. A page
    template of the fork's own that its override includes is read, and not warned about. A file
    added after a build is reported by the next one, which is not "nothing changed"."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    own = folder / "site_templates"
    build(load_project(folder))
    (own / "paper.md.j2").write_text("{{ paper.title }}\n", encoding="utf-8")
    (own / "partials").mkdir()
    (own / "partials" / "ds-meta.html").write_text("<meta>\n", encoding="utf-8")
    (own / "pages" / "papers.md.j2").write_text("{{ paper.title }}\n", encoding="utf-8")
    (own / "pages" / "lab-note.md.j2").write_text("<p>Our lab</p>\n", encoding="utf-8")
    paper = own / "pages" / "paper.md.j2"
    paper.write_text(paper.read_text(encoding="utf-8") + '{% include "lab-note.md.j2" %}\n', encoding="utf-8")
    report = build(load_project(folder))
    assert not report.up_to_date
    warnings = {Path(p.path).resolve().relative_to(own.resolve()).as_posix(): p.message for p in report.problems
                if p.level == "warning" and "site_templates" in p.path}
    assert set(warnings) == {"paper.md.j2", "partials/ds-meta.html", "pages/papers.md.j2"}, warnings
    assert "site_templates/pages/paper.md.j2" in warnings["paper.md.j2"]
    assert "site_templates/theme/partials/ds-meta.html" in warnings["partials/ds-meta.html"]
    assert "did you mean pages/paper.md.j2?" in warnings["pages/papers.md.j2"]
    assert "Our lab" in next((folder / "site" / "papers").glob("*/index.html")).read_text(encoding="utf-8")
    again = build(load_project(folder))  # nothing changed: the same warnings, from the last build's record
    assert again.up_to_date and {p.message for p in again.problems} >= set(warnings.values())


def test_an_override_of_a_material_partial_the_shell_never_includes_is_warned_at_its_file(tmp_path):
    """Material's guide overrides partials/copyright.html (or footer.html, or base.html) to change
    every page's footer; digest-site's shell, ds-base.html, writes its own and includes none of
    them: a fork's copy changed nothing, and the build said nothing. Included by the fork's own
    main.html, the partial is read, and not warned about."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    theme = folder / "site_templates" / "theme"
    (theme / "partials" / "copyright.html").write_text("<p>Our lab</p>\n", encoding="utf-8")
    (theme / "base.html").write_text("<p>Our page</p>\n", encoding="utf-8")
    report = build(load_project(folder))
    warnings = {Path(p.path).resolve().relative_to(theme.resolve()).as_posix(): p.message for p in report.problems
                if p.level == "warning" and "site_templates" in p.path}
    assert set(warnings) == {"partials/copyright.html", "base.html"}, warnings
    assert "Material's partials/copyright.html" in warnings["partials/copyright.html"]
    assert 'extends "ds-base.html"' in warnings["base.html"]
    assert "Our lab" not in (folder / "site" / "index.html").read_text(encoding="utf-8")
    (theme / "main.html").write_text('{% extends "ds-base.html" %}\n'
                                     '{% block footer %}{% include "partials/copyright.html" %}{% endblock %}\n', encoding="utf-8")
    report = build(load_project(folder))
    assert [Path(p.path).name for p in report.problems if "site_templates" in p.path] == ["base.html"]
    assert "Our lab" in (folder / "site" / "index.html").read_text(encoding="utf-8")
    (theme / "base.html").unlink()  # Material's page, made every page's by main.html: its partials are read
    (theme / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    report = build(load_project(folder))
    assert not [p for p in report.problems if "site_templates" in p.path], report.problems
    assert "Our lab" in (folder / "site" / "index.html").read_text(encoding="utf-8")


def test_a_search_script_of_another_format_version_is_warned_at_its_file(tmp_path):
    """A collection that changed its result cards in its own copy of search.js (as README invites)
    kept that copy when the search files moved to a folder per build (version 3): the build passed
    and every search of the site said "the site's search files are of another version than this
    page's script: reload the page", which no reload mends."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    script = folder / "site_templates" / "assets" / "search.js"
    current = search_site.VERSION
    assert f"var VERSION = {current};" in script.read_text(encoding="utf-8")  # the default's copy
    script.write_text(script.read_text(encoding="utf-8").replace(f"var VERSION = {current};", "var VERSION = 2;"), encoding="utf-8")
    report = build(load_project(folder))
    said = [p for p in report.problems if p.path.endswith("search.js")]
    assert len(said) == 1 and said[0].level == "warning", report.problems
    assert "version 2" in said[0].message and f"version {current}" in said[0].message
    assert "var VERSION = 2;" in (folder / "site" / "assets" / "digest-site" / "search.js").read_text(encoding="utf-8")


def test_the_default_templates_get_no_override_warning(site):
    report = build(load_project(site.parent))  # make_project copies every default into site_templates
    assert not [p for p in report.problems if "site_templates" in p.path], report.problems


def test_materials_offline_plugin_gets_links_to_the_files_mkdocs_writes(tmp_path):
    """Material's offline plugin (for a site opened from the file system) turns use_directory_urls
    off when MkDocs runs it: the generator wrote `papers/SLUG/` links all the same, and every card,
    chip and digest link of the site was a 404 (447 on the seed), with the build passing."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins: []", "plugins: [offline]"), encoding="utf-8")
    build(load_project(folder))
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="((?:papers|topics|digests)/[^"#]*)"', home)
    assert links and all((folder / "site" / link).is_file() for link in links), links


def test_a_plugin_that_changes_directory_urls_fails_the_build_with_what_to_set(tmp_path):
    from generator.errors import DigestSiteError

    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    (folder / "hooks.py").write_text("def on_config(config):\n    config.use_directory_urls = False\n", encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks: [hooks.py]\n", encoding="utf-8")
    with pytest.raises(DigestSiteError, match="a plugin turned use_directory_urls off.*'use_directory_urls: false'"):
        build(load_project(folder))
    assert not (folder / "site").exists()


def test_the_header_lists_the_links_and_sections_of_the_nav(tmp_path):
    """A nav entry that is a link (the lab's website) or a section was left out of the header,
    silently: only the nav's top-level pages were shown (then a section's own section)."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - Search: search.md\n",
        "  - Search: search.md\n  - Lab website: https://example.org/lab/\n  - Feeds:\n    - Atom: feed.xml\n"
        "    - More feeds:\n      - BibTeX: papers.bib\n"
        "  - Quote: 'https://example.org/a\"onmouseover=\"alert(2)'\n"), encoding="utf-8")
    build(load_project(folder))
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    header = re.search(r'<nav aria-label="Site">(.*?)</nav>', home, re.S).group(1)
    assert re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', header) == [
        (".", "Home"), ("topics/", "Topics"), ("archive/", "Archive"), ("search/", "Search"),
        ("https://example.org/lab/", "Lab website"), ("feed.xml", "Atom"), ("papers.bib", "BibTeX"),
        ("https://example.org/a&#34;onmouseover=&#34;alert(2)", "Quote")]  # a quote in a URL is escaped


def test_a_nav_of_the_owners_without_the_search_or_archive_page_builds(tmp_path):
    """A fork's own nav (Home and Topics; the header has its search box): the strict build failed,
    "search.md … not included in the nav configuration", and the site's own pages are no owner's."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - Archive: archive.md\n" in text and "  - Search: search.md\n" in text
    config.write_text(text.replace("  - Archive: archive.md\n", "").replace("  - Search: search.md\n", ""), encoding="utf-8")
    build(load_project(folder))
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    header = re.search(r'<nav aria-label="Site">(.*?)</nav>', home, re.S).group(1)
    assert re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', header) == [(".", "Home"), ("topics/", "Topics")]
    assert (folder / "site" / "search" / "index.html").is_file() and (folder / "site" / "archive" / "index.html").is_file()


@pytest.mark.parametrize("strict", [True, False])
def test_an_extra_stylesheet_or_script_the_site_lacks_is_named(tmp_path, caplog, strict):
    """MkDocs links every extra_css and extra_javascript from every page without checking it: a
    stylesheet kept where MkDocs copies nothing from (docs/stylesheets/extra.css, as Material's
    documentation has it, or content/) was a 404 on every page, and the build passed."""
    from generator.errors import DigestSiteError

    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - assets/digest-site/digest-site.css\n",
        "  - assets/digest-site/digest-site.css\n  - assets/digest-site/search.css\n  - lab.css\n"
        "  - stylesheets/extra.css\n  - https://example.org/font.css\nextra_javascript:\n  - js/lab.js\n"), encoding="utf-8")
    (folder / "site_templates" / "theme" / "lab.css").write_text(".lab{}\n", encoding="utf-8")
    (folder / "site_templates" / "theme" / "js").mkdir()
    (folder / "site_templates" / "theme" / "js" / "lab.js").write_text("1;\n", encoding="utf-8")
    expected = "extra_css 'stylesheets/extra.css' is not in the site, but every page links it"
    line = config.read_text().splitlines().index("  - stylesheets/extra.css") + 1  # (it named mkdocs.yml alone)
    if strict:
        with pytest.raises(DigestSiteError) as caught:
            build(load_project(folder))
        assert [(Path(p.path).name, p.line) for p in caught.value.problems] == [("mkdocs.yml", line)]
        assert expected in caught.value.problems[0].message
        assert not (folder / "site").exists()
    else:
        build(load_project(folder), strict=False)
        assert f"mkdocs.yml:{line}: warning: {expected}" in caplog.text
        assert "lab.css" not in caplog.text and "search.css' is not" not in caplog.text
        # (an earlier version's mkdocs.yml listed search.css: mkdocs.yml's line says to remove it)
        assert "mkdocs.yml:" in caplog.text.split("extra_css lists assets/digest-site/search.css")[0].splitlines()[-1]
        assert (folder / "site" / "lab.css").is_file()


@pytest.mark.parametrize("option", ["favicon", "logo"])
def test_a_favicon_or_logo_of_mkdocs_yml_the_site_lacks_is_named(tmp_path, option):
    """Every page links theme.favicon (and the header shows theme.logo): one kept where MkDocs
    copies nothing from (content/, the project's root) was a 404 on every page, and the build
    passed. Kept in site_templates/theme/ or beside the owner's pages, it is published."""
    from generator.errors import DigestSiteError

    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("theme:\n", f"theme:\n  {option}: img/lab.svg\n"), encoding="utf-8")
    with pytest.raises(DigestSiteError) as caught:
        build(load_project(folder))
    assert [(Path(p.path).name, p.line, p.level, p.message) for p in caught.value.problems] == [  # (it named mkdocs.yml alone)
        ("mkdocs.yml", config.read_text().splitlines().index(f"  {option}: img/lab.svg") + 1, "error", f"theme.{option} "
         "'img/lab.svg' is not in the site, but every page links it: put the file in site_templates/theme/ (copied into "
         "the site as it is), or fix the path")]
    assert not (folder / "site").exists()
    (folder / "site_templates" / "theme" / "img").mkdir()
    (folder / "site_templates" / "theme" / "img" / "lab.svg").write_text("<svg/>", encoding="utf-8")
    build(load_project(folder))
    page = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="img/lab.svg"' in page if option == "favicon" else '<img src="img/lab.svg"' in page
    pages = folder / "content" / "pages"
    (pages / "icons").mkdir(parents=True)
    (pages / "icons" / "lab.png").write_bytes(b"\x89PNG")
    config.write_text(text.replace("theme:\n", f"theme:\n  {option}: icons/lab.png\n"), encoding="utf-8")
    build(load_project(folder))
    assert (folder / "site" / "icons" / "lab.png").is_file()


def test_an_own_pages_description_with_quotes_is_its_pages_meta_description(tmp_path):
    """An About page's front matter `description: We read "papers" & more` closed the meta tag's
    attribute at its first quote ("We read "): the generated pages' descriptions are written
    escaped, as themes print them as they are, but the owner's own are not."""
    from html.parser import HTMLParser

    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    (folder / "content/pages").mkdir(parents=True)
    (folder / "content/pages/about.md").write_text("---\ndescription: 'We read \"papers\" & <more>'\n---\n# About\n",
                                                   encoding="utf-8")
    build(load_project(folder))

    class Meta(HTMLParser):
        found: dict[str, str] = {}

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "meta" and "name" in attrs:
                self.found[attrs["name"]] = attrs.get("content")

    def description(rel: str) -> str:
        parser = Meta()
        parser.found = {}
        parser.feed((folder / "site" / rel).read_text(encoding="utf-8"))
        return parser.found["description"]

    assert description("about/index.html") == 'We read "papers" & <more>'
    assert description("index.html") == load_project(folder).settings.description
    paper = next((folder / "site/papers").rglob("index.html")).relative_to(folder / "site").as_posix()
    assert description(paper) == "We study one thing."


def test_own_pages_of_any_markdown_suffix_or_with_wildcards_in_their_names_need_not_be_in_the_nav(tmp_path):
    """MkDocs reads about.markdown as a page too, and not_in_nav is of gitignore patterns: a page
    faq.markdown, or notes[1].md (the pattern of notes1.md), was left out of not_in_nav, and the
    strict build failed on a page "not included in the nav"."""
    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": "A paper on robots\nWe study robots walking.\n"})
    pages = folder / "content/pages"
    pages.mkdir(parents=True)
    for name in ("faq.markdown", "notes[1].md", "draft?.mkd", "#hash.md", "!bang.md"):
        (pages / name).write_text(f"# {name}\n\nText.\n", encoding="utf-8")
    build(load_project(folder))
    for name in ("faq", "notes[1]", "draft?", "#hash", "!bang"):
        assert (folder / "site" / name / "index.html").is_file()


def test_an_own_pages_front_matter_that_is_no_yaml_mapping_is_an_error_at_its_line():
    # MkDocs publishes it as the page's text ("title: [unclosed" as a heading) and says nothing
    from generator.build import _front_matter_problems
    assert [(p.line, p.message.split(",")[0]) for p in _front_matter_problems("about.md", b"---\ntitle: x\nfoo: [1\n---\n# A\n")] == [
        (4, "the front matter (between the --- lines) is not valid YAML")]
    assert [p.line for p in _front_matter_problems("about.md", b"---\r\n- a list\r\n---\r\n# A\r\n")] == [2]
    assert _front_matter_problems("about.md", b"---\ntitle: About us\n---\n# A\n") == []
    assert _front_matter_problems("about.md", b"# A\n\n---\n\nB: [\n---\n") == []  # (a rule, not front matter)
    deep = _front_matter_problems("about.md", b"---\ntitle: " + b"[" * 5000 + b"\n---\n# A\n")  # (MkDocs: a RecursionError)
    assert [(p.line, "nested more than 50 deep" in p.message, p.message.startswith("the front matter")) for p in deep] == [
        (2, True, True)]


def test_the_owners_own_pages_are_rendered_and_may_be_in_the_nav(tmp_path):
    """content/pages/ holds a lab's own pages (an About page) and their images: they go to the
    docs folder's root as they are, MkDocs renders them with the theme and the nav links them; a
    file with the path of one the build makes is refused, nothing changed. (A page put in the docs
    folder was refused as a file digest-site did not write, and content/ was not read.)"""
    from generator.errors import InputError

    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": "A paper on robots\nWe study robots walking.\n"})
    pages = folder / "content/pages"
    (pages / "img").mkdir(parents=True)
    (pages / "about.md").write_text("# About the lab\n\nWe read papers. ![logo](img/logo.png)\n", encoding="utf-8")
    (pages / "img/logo.png").write_bytes(b"\x89PNG")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - Search: search.md\n",
                                                                 "  - Search: search.md\n  - About: about.md\n"), encoding="utf-8")
    build(load_project(folder))
    about = (folder / "site/about/index.html").read_text(encoding="utf-8")
    assert "<title>About - " in about and '<h1 id="about-the-lab">About the lab</h1>' in about
    assert '<img alt="logo" src="../img/logo.png" />' in about and (folder / "site/img/logo.png").read_bytes() == b"\x89PNG"
    assert 'href="about/">About</a>' in (folder / "site/index.html").read_text(encoding="utf-8")
    (pages / "lab/people.md").parent.mkdir()
    (pages / "lab/people.md").write_text("# People\n\nSee [about](../about.md).\n", encoding="utf-8")
    build(load_project(folder))  # not in the nav (strict): linked from another page, or nowhere
    assert '<a href="../../about/">about</a>' in (folder / "site/lab/people/index.html").read_text(encoding="utf-8")
    assert 'href="about/">About</a>' in (folder / "site/index.html").read_text(encoding="utf-8")
    before = (folder / "site/index.html").stat().st_mtime_ns
    for clash in ("Search.md", "papers/mine.md", "papers.json", "search/index.md", "topics.md", "archive/README.md",
                  "README.md", "404.html", "sitemap.xml"):
        path = pages / clash
        path.parent.mkdir(exist_ok=True)
        path.write_text("mine", encoding="utf-8")
        with pytest.raises(InputError) as raised:
            build(load_project(folder))
        assert [(p.path.endswith(clash), p.line) for p in raised.value.problems] == [(True, 1)]
        assert "is a path the build makes" in raised.value.problems[0].message
        path.unlink()
    assert (folder / "site/index.html").stat().st_mtime_ns == before


def test_own_pages_that_are_links_fifos_or_a_generated_pages_html_are_refused(tmp_path):
    """content/pages/ as a symbolic link published the files of the folder it named (a link to a
    file was refused, "could publish any file of this machine"); a FIFO in it made the build wait
    forever; an own search/index.html or archive/index.html was left out without a word (the
    generated page's HTML has that path), and an own index.html failed the build with MkDocs'
    message, which named no file of content/."""
    import os
    import threading
    from generator.errors import InputError

    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": "A paper on robots\nWe study robots walking.\n"})
    build(load_project(folder))
    before = (folder / "site/index.html").stat().st_mtime_ns
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the site", encoding="utf-8")
    pages = folder / "content/pages"
    pages.symlink_to(outside, target_is_directory=True)
    with pytest.raises(InputError) as raised:
        build(load_project(folder))
    assert [(p.path.endswith(os.path.join("content", "pages")), p.message) for p in raised.value.problems] == [
        (True, f"the folder is {LINK}")]
    pages.unlink()
    pages.mkdir()
    os.mkfifo(pages / "pipe.md")
    done = threading.Event()

    def unblock():  # without the fix, the build waits for a writer: give it one, so the test ends
        if not done.wait(20):
            with open(pages / "pipe.md", "w", encoding="utf-8") as pipe:
                pipe.write("# Pipe\n")
    threading.Thread(target=unblock, daemon=True).start()
    try:
        with pytest.raises(InputError) as raised:
            build(load_project(folder))
    finally:
        done.set()
    assert [(p.path.endswith("pipe.md"), p.message) for p in raised.value.problems] == [
        (True, "not a regular file: copy the file in instead")]
    (pages / "pipe.md").unlink()
    for clash in ("index.html", "search/index.html", "Archive/INDEX.html"):
        path = pages / clash
        path.parent.mkdir(exist_ok=True)
        path.write_text("<h1>mine</h1>", encoding="utf-8")
        with pytest.raises(InputError) as raised:
            build(load_project(folder))
        assert [(p.path.endswith(clash.replace("/", os.sep)), p.line) for p in raised.value.problems] == [(True, 1)]
        assert "is a path the build makes" in raised.value.problems[0].message
        path.unlink()
    assert (folder / "site/index.html").stat().st_mtime_ns == before
    assert not (folder / "site/secret.txt").exists()


@pytest.mark.parametrize("language, direction, expected", [
    ("ar", None, ' dir="rtl"'), ("he", "ltr", ""), ("en", "rtl", ' dir="rtl"'), ("de", None, "")])
def test_a_right_to_left_language_or_direction_makes_the_pages_right_to_left(tmp_path, language, direction, expected):
    """Material makes an Arabic, Persian, Hebrew or Urdu site (or one of theme.direction: rtl) right
    to left; digest-site's page set only its lang, so an Arabic lab's header, lists and buttons
    stayed left to right. mkdocs.yml's theme.direction wins over the language's."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  language: en\n", f"  language: {language}\n" + (f"  direction: {direction}\n" if direction else "")),
        encoding="utf-8")
    build(load_project(folder))
    for page in ("index.html", "404.html", "search/index.html"):
        html = (folder / "site" / page).read_text(encoding="utf-8")
        assert f'<html lang="{language}"{expected}>' in html, page


def test_the_feeds_hold_the_newest_digest_whole_and_at_least_feed_size_papers(tmp_path):
    """With the default feed_size of 50, a subscriber to a site of 200-paper daily digests saw 50
    papers of each digest and never the other 150; a feed now holds every paper first seen in
    the newest digest, and feed_size papers when that is fewer."""
    def digest(start: int, count: int) -> str:
        return "".join(f"Paper number {i} on robots\nWe study robot {i} and its motion.\n"
                       for i in range(start, start + count))

    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": digest(0, 70)})
    build(load_project(folder))
    entries = lambda name: (folder / "site" / name).read_text(encoding="utf-8").count("<entry>")
    topic_feeds = sorted((folder / "site/feeds").glob("*.xml"))
    assert entries("feed.xml") == 70 and (folder / "site/rss.xml").read_text(encoding="utf-8").count("<item>") == 70
    assert max(entries(f"feeds/{path.name}") for path in topic_feeds) == 70  # the topic of every paper
    (folder / "content/digests/2026-01-02-b.txt").write_text(digest(70, 5), encoding="utf-8")
    build(load_project(folder))
    assert entries("feed.xml") == 50  # the 5 new papers and 45 of the last digest's
    feed = (folder / "site/feed.xml").read_text(encoding="utf-8")
    assert all(f"Paper number {i} on robots" in feed for i in range(70, 75))


def test_a_topic_feed_holds_the_topics_papers_of_the_newest_digest():
    """Each topic's feed held as many papers as the newest digest had (200 of a daily 200-paper
    digest in each of 600 topic feeds: 75 MB at 100,000 papers, and the site passed 1 GB)."""
    from types import SimpleNamespace

    from generator.build import feed_size

    day = [SimpleNamespace(name="2026-01-02-day", date="2026-01-02")]
    papers = [SimpleNamespace(digests=["2026-01-02-day"])] * 200 + [SimpleNamespace(digests=["2026-01-01-day"])] * 100
    collection = SimpleNamespace(digests=day, papers=papers)
    assert feed_size(None, collection) == 200
    assert feed_size(None, collection, [*range(0, 60), *range(200, 260)]) == 60  # the topic's 60 new papers
    assert feed_size(None, collection, [*range(0, 10), *range(200, 260)]) == 50  # at least 50
    assert feed_size(20, collection, range(10)) == 20  # feed_size as given


def test_the_feeds_hold_every_digest_of_the_newest_day(tmp_path):
    """A site with a digest per field each day: the feed held the papers of the day's last
    digest by name, and the other digest's papers, listed after them, never reached a subscriber."""
    def digest(start: int, count: int) -> str:
        return "".join(f"Paper number {i} on robots\nWe study robot {i} and its motion.\n"
                       for i in range(start, start + count))

    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": digest(0, 60), "2026-01-02-cs.txt": digest(60, 60),
                                                  "2026-01-02-math.txt": digest(120, 55)})
    build(load_project(folder))
    feed = (folder / "site/feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 115 and all(f"Paper number {i} on robots" in feed for i in range(60, 175))


def test_a_feed_holds_at_most_1000_papers_unless_feed_size_says_more():
    """A library of 10,000 papers imported as one digest was a 6.6 MB feed (and 5.5 MB of RSS)."""
    from types import SimpleNamespace

    from generator.build import feed_size

    library = SimpleNamespace(digests=[SimpleNamespace(name="2026-01-01-library", date="2026-01-01")],
                              papers=[SimpleNamespace(digests=["2026-01-01-library"])] * 10_000)
    assert feed_size(None, library) == 1000 and feed_size(5000, library) == 5000

def test_the_feeds_are_in_the_sites_language(tmp_path):
    """A German lab's feeds (theme.language: de) said no language: feed readers group, hyphenate
    and offer translation by it. RSS has <language>, Atom xml:lang."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  language: en\n", "  language: de\n"),
                      encoding="utf-8")
    build(load_project(folder))
    assert '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">' in (folder / "site/feed.xml").read_text("utf-8")
    assert "<language>de</language>" in (folder / "site/rss.xml").read_text(encoding="utf-8")
    assert all('xml:lang="de"' in path.read_text(encoding="utf-8") for path in (folder / "site/feeds").glob("*.xml"))


@pytest.mark.parametrize("collection, expected", [
    ("description: From collection.yml\n", "From collection.yml"), ("related: 3\n", "From mkdocs.yml")])
def test_every_page_and_feed_has_the_one_description_collection_yml_or_else_mkdocs_yml_sets(tmp_path, collection, expected):
    """The 404 page and a paper without an abstract showed mkdocs.yml's site_description as their
    meta description, while the home page, the feeds and the other pages showed collection.yml's
    description (whose setting wins, the README says), or its default even where mkdocs.yml set one."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.jsonl": '{"id": "p1", "title": "A paper on robots"}\n'})
    (folder / "content/collection.yml").write_text(collection, encoding="utf-8")
    described = lambda page: re.search(r'<meta name="description" content="([^"]*)"',
                                       (folder / "site" / page).read_text(encoding="utf-8")).group(1)
    build(load_project(folder))  # then a rebuild, reusing this one's work, after mkdocs.yml changed
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^site_description: \S", config, re.MULTILINE)
    (folder / "mkdocs.yml").write_text(re.sub(r"^site_description: .*$", "site_description: From mkdocs.yml", config,
                                              flags=re.MULTILINE), encoding="utf-8")
    build(load_project(folder))
    assert {described(page) for page in ("index.html", "404.html", "papers/p1/index.html")} == {expected}
    assert f'<p class="ds-home__description">{expected}</p>' in (folder / "site/index.html").read_text(encoding="utf-8")
    assert f"<subtitle>{expected}</subtitle>" in (folder / "site/feed.xml").read_text(encoding="utf-8")


def test_plugins_get_the_startup_and_shutdown_events_mkdocs_build_gives_them(tmp_path):
    """`mkdocs build` tells each plugin that the build starts (`on_startup`) and ends (`on_shutdown`);
    the build did neither, and a plugin that sets itself up in `on_startup` failed the build as an
    internal error: Material's `optimize` plugin ("'OptimizePlugin' object has no attribute 'pool'")."""
    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    (folder / "hooks.py").write_text(
        "import pathlib\nseen = []\n"
        "def on_startup(command, dirty):\n    seen.append(f'startup {command} {dirty}')\n"
        "def on_config(config):\n    seen.append('config')\n"
        "def on_shutdown():\n    seen.append('shutdown')\n"
        "    pathlib.Path(__file__).with_name('events.txt').write_text(' / '.join(seen))\n", encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks: [hooks.py]\n", encoding="utf-8")
    build(load_project(folder))
    assert (folder / "events.txt").read_text(encoding="utf-8") == "startup build False / config / shutdown"
    assert (folder / "site" / "index.html").is_file()


def test_a_main_html_of_the_owners_overrides_the_shells_blocks_and_keeps_the_rest(tmp_path):
    """Material's way to change part of the page, an overrides/main.html that extends the theme's
    page and fills a block, had no page to extend: `{% extends "main.html" %}` in the owner's
    main.html was itself ("internal error: RecursionError"), and `base.html` is Material's page,
    whose stylesheets digest-site does not load. The shell is ds-base.html; main.html extends it."""
    from generator.errors import DigestSiteError

    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    build(load_project(folder))
    default = {path.relative_to(folder / "site"): path.read_text(encoding="utf-8")
               for path in (folder / "site").rglob("*.html")}
    own = folder / "site_templates" / "theme" / "main.html"
    own.write_text('{% extends "ds-base.html" %}\n{% block footer %}<footer class="lab">The lab</footer>{% endblock %}\n'
                   '{% block extrahead %}{{ super() }}\n<meta name="lab" content="1">{% endblock %}\n', encoding="utf-8")
    build(load_project(folder))
    def without_footer(page: str) -> str:
        return re.sub(r"\s*<footer.*?</footer>", "", page, flags=re.S)

    for rel, before in default.items():
        page = (folder / "site" / rel).read_text(encoding="utf-8")
        assert '<footer class="lab">The lab</footer>' in page, rel
        expected = before.replace("\n</head>", '\n<meta name="lab" content="1">\n</head>')
        assert without_footer(page) == without_footer(expected), rel
    own.write_text('{% extends "main.html" %}\n{% block footer %}{% endblock %}\n', encoding="utf-8")
    with pytest.raises(DigestSiteError, match=r"site_templates/theme/main.html extends itself.*ds-base\.html"):
        build(load_project(folder))
    own.unlink()  # Material's place for it, mkdocs.yml's custom_dir
    (folder / "overrides").mkdir()
    (folder / "overrides" / "main.html").write_text('{% extends "main.html" %}\n', encoding="utf-8")
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  custom_dir: site_templates/theme\n" in text
    config.write_text(text.replace("  custom_dir: site_templates/theme\n", "  custom_dir: overrides\n"), encoding="utf-8")
    with pytest.raises(DigestSiteError, match=r"overrides/main.html extends itself"):
        build(load_project(folder))
    assert '<footer class="lab">' in (folder / "site" / "index.html").read_text(encoding="utf-8")  # the last good site


def test_a_mistake_in_the_owners_palette_partial_names_its_file_and_line(tmp_path):
    """theme/partials/ds-palette.html is rendered by digest-site itself, for the stylesheet, not by
    MkDocs: a mistake in an owner's copy stopped the build with "internal error: UndefinedError",
    naming neither the file nor the line."""
    from generator.errors import DigestSiteError
    from generator.templates import DEFAULTS

    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    build(load_project(folder))
    own = folder / "site_templates" / "theme" / "partials" / "ds-palette.html"
    own.parent.mkdir(parents=True, exist_ok=True)
    default = (DEFAULTS / "theme" / "partials" / "ds-palette.html").read_text(encoding="utf-8")
    line = default.count("\n") + 1
    for mistake, message in [("{{ config.theme.colour.name }}", "has no attribute 'colour'"),
                             ("{% if %}", "Expected an expression")]:
        own.write_text(default + mistake + "\n", encoding="utf-8")
        with pytest.raises(DigestSiteError, match=rf"site_templates/theme/partials/ds-palette\.html:{line}: "
                                                  rf"error: template error: .*{message}"):
            build(load_project(folder))
    assert (folder / "site" / "index.html").is_file()  # the last good site


def test_a_theme_template_error_on_one_page_names_the_template_being_rendered(tmp_path):
    """A main.html filling a block with a paper's ``page.meta.citation.title`` is right on every page but
    the 404 page (Material's 404.html, whose ``page`` is none): the error named main.html's
    line alone, which every page renders, and the owner could not tell which page failed."""
    from generator.errors import DigestSiteError

    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    own = folder / "site_templates" / "theme" / "main.html"
    own.write_text('{% extends "ds-base.html" %}\n'
                   '{% block footer %}<footer>{% if page.meta.citation %}{{ page.meta.citation.title|e }}{% endif %}'
                   '</footer>{% endblock %}\n', encoding="utf-8")
    with pytest.raises(DigestSiteError, match=r"site_templates/theme/main\.html:2: error: template error: "
                                              r"'None' has no attribute 'meta' \(rendering 404\.html\)$"):
        build(load_project(folder))


def test_a_page_template_that_extends_itself_is_named(tmp_path):
    """An owner who wrote `{% extends "paper.md.j2" %}` in their paper.md.j2, as Material's
    overrides extend the theme's page, meant the default; it is their own file, and the build
    stopped with "internal error: RecursionError", naming no file. The last good site stays."""
    from generator.errors import DigestSiteError

    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    build(load_project(folder))
    (folder / "site_templates" / "pages" / "paper.md.j2").write_text('{% extends "paper.md.j2" %}\n', encoding="utf-8")
    with pytest.raises(DigestSiteError, match=r"site_templates/pages/paper\.md\.j2 extends or includes itself: .*"
                                              r"copy the default and change the copy"):
        build(load_project(folder))
    assert (folder / "site" / "index.html").is_file()


def test_a_python_error_raised_by_an_owners_template_names_its_file_and_line(tmp_path):
    """A filter called as it is not written (`names(sep=", ")`, README's `names(separator=", ")`),
    or `{{ 1 / 0 }}`, raises a Python error, not a Jinja one, inside the owner's template: the
    build stopped with "internal error: TypeError … please report it", naming no file."""
    from generator.errors import DigestSiteError

    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": PAPERS})
    build(load_project(folder))
    paper = folder / "site_templates" / "pages" / "paper.md.j2"
    default = paper.read_text(encoding="utf-8")
    paper.write_text(default + '<p>{{ paper.authors|names(sep="; ") }}</p>\n', encoding="utf-8")
    line = default.count("\n") + 1
    with pytest.raises(DigestSiteError, match=rf"site_templates/pages/paper\.md\.j2:{line}: error: template error: "
                                              r"TypeError: names\(\) got an unexpected keyword argument 'sep'$"):
        build(load_project(folder))
    paper.write_text(default, encoding="utf-8")
    (folder / "site_templates" / "theme" / "main.html").write_text(
        '{% extends "ds-base.html" %}\n{% block footer %}{{ 1 / 0 }}{% endblock %}\n', encoding="utf-8")
    with pytest.raises(DigestSiteError, match=r"site_templates/theme/main\.html:2: error: template error: "
                                              r"ZeroDivisionError: division by zero"):
        build(load_project(folder))
    assert (folder / "site" / "index.html").is_file()


def test_a_page_template_must_begin_with_its_front_matter(tmp_path):
    """A banner line an owner put above `{{ front_matter }}` in paper.md.j2 moved the front
    matter into the page's text: MkDocs published it as Markdown, with the digest's verbatim
    title in it as HTML, and a title's <script> ran. Without the line, pages were titled by their
    file's name. Either is an error at the template, and the last good site stays."""
    from generator.errors import DigestSiteError

    folder = make_project(tmp_path / "project", {"2026-01-01-a.txt": "Evil <script>alert(1)</script>\nAn abstract.\n"})
    build(load_project(folder))
    good = (folder / "site" / "index.html").read_bytes()
    pages = folder / "site_templates" / "pages"
    paper = pages / "paper.md.j2"
    default = paper.read_text(encoding="utf-8")
    assert default.startswith("{{ front_matter }}\n")
    paper.write_text('<div class="banner">Our lab</div>\n' + default, encoding="utf-8")
    with pytest.raises(DigestSiteError, match=r"site_templates/pages/paper\.md\.j2:2: the pages it makes do not "
                                              r"begin with \{\{ front_matter \}\}"):
        build(load_project(folder))
    paper.write_text(default, encoding="utf-8")
    home = pages / "home.md.j2"
    home.write_text(home.read_text(encoding="utf-8").replace("{{ front_matter }}", ""), encoding="utf-8")
    with pytest.raises(DigestSiteError, match=r"site_templates/pages/home\.md\.j2:1: the pages it makes"):
        build(load_project(folder))
    assert (folder / "site" / "index.html").read_bytes() == good
    assert "<script>alert(1)" not in "".join(p.read_text(encoding="utf-8") for p in (folder / "site").rglob("*.html"))


def test_an_own_page_linking_a_paper_the_build_leaves_out_is_an_error_at_its_line(tmp_path):
    """A takedown (collection.yml's exclude) of a paper an own page links failed MkDocs' strict link
    check, naming no file or line ("Aborted with 1 warnings"), and the paper stayed published."""
    from generator.errors import InputError

    folder = make_project(tmp_path / "p", {"2024-01-01-a.json": json.dumps(
        [{"title": "A paper on robots", "abstract": "We study robots walking.", "id": "2401.00001"},
         {"title": "A paper on graphs", "abstract": "We study graphs.", "id": "2401.00002"}])})
    pages = folder / "content/pages/lab"
    pages.mkdir(parents=True)
    (pages / "notes.md").write_text("# Notes\n\nSee [robots](../papers/2401.00001.md#abstract),\n"
                                    "[graphs](../papers/2401.00002.md) and [the topics](../topics/index.md).\n\n"
                                    "[r]: <../papers/2401.00001.md>\n", encoding="utf-8")
    build(load_project(folder))
    (folder / "content/collection.yml").write_text("exclude:\n  papers: [arXiv:2401.00001v2]\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(load_project(folder))
    assert [(Path(p.path).resolve(), p.line) for p in caught.value.problems] == [
        ((folder / "content/pages/lab/notes.md").resolve(), 3), ((folder / "content/pages/lab/notes.md").resolve(), 6)]
    assert "links ../papers/2401.00001.md, which is no page of this build" in caught.value.problems[0].message
    assert (folder / "site/papers/2401.00001/index.html").exists()  # (nothing changed: the link is to go first)


def test_an_own_page_linking_a_topic_by_its_folder_is_told_the_file_to_link(tmp_path):
    # "[robotics](topics/robotics/index.md)" was told it linked "a paper collection.yml's include or
    # exclude leaves out": a topic's page is made from topics/SLUG.md, which nothing said
    from generator.errors import InputError

    folder = make_project(tmp_path / "p", {"2024-01-01-a.json": json.dumps(
        [{"title": "A paper on robots", "abstract": "We study robots walking.", "id": "2401.00001"}])}, topics=False)
    (folder / "content/topics.yml").write_text("topics:\n- name: Robots\n  keywords: [robots]\n", encoding="utf-8")
    (folder / "content/pages").mkdir(parents=True)
    (folder / "content/pages/about.md").write_text("# About\n\n[robots](topics/robots/index.md) and "
                                                   "[speech](topics/speech.md)\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(load_project(folder))
    first, second = (p.message for p in caught.value.problems)
    assert first == ("links topics/robots/index.md, which is no page: the page at that address is made from "
                     "topics/robots.md; link that")
    assert second.startswith("links topics/speech.md, which is no page of this build: a topic renamed or removed")


def test_an_own_pages_broken_link_is_an_error_at_its_line(tmp_path):
    """A link of an own page to a page or image that is not there failed the build with MkDocs'
    words alone ("Doc file 'about.md' contains a link …", then "Aborted with 2 warnings in strict
    mode!"): no ``content/pages/about.md:LINE`` for a pull request's annotation. Links that work
    (an own page, its image, an anchor, another site) are no error."""
    from generator.errors import InputError

    folder = make_project(tmp_path / "p", {"2024-01-01-a.json": json.dumps(
        [{"title": "A paper on robots", "abstract": "We study robots walking.", "id": "2401.00001"}])})
    pages = folder / "content/pages"
    (pages / "img").mkdir(parents=True)
    (pages / "img/lab.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (pages / "team.md").write_text("# Team\n", encoding="utf-8")
    (pages / "about.md").write_text("# About\n\nOur [team](team.md), ![lab](img/lab.png), [top](#about) and\n"
                                    "[a site](https://example.org/x.md).\n\nSee [the plan](plan.md).\n\n"
                                    "![photo](img/none.png)\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(load_project(folder))
    about = (folder / "content/pages/about.md").resolve()
    assert [(Path(p.path).resolve(), p.line) for p in caught.value.problems] == [(about, 6), (about, 8)]
    assert caught.value.problems[0].message == ("the page contains a link 'plan.md', but the target is neither a "
                                                "file of content/pages/ nor a page the build makes.")
    assert not (folder / "site").exists()  # (nothing published)
    (pages / "about.md").write_text("# About\n\nOur [team](team.md) and ![lab](img/lab.png).\n", encoding="utf-8")
    build(load_project(folder))
    assert (folder / "site/about/index.html").exists()


def test_an_earlier_sites_addresses_kept_by_aliases_send_readers_to_the_papers(tmp_path):
    """A site moved from (a Quarto or MkDocs site's posts/nice-slam/) had an address per paper;
    collection.yml's aliases keep them, as the mkdocs-redirects plugin did (a plugin makes MkDocs
    build in one process), with folder URLs or without: each refresh and canonical link names the
    paper's page, a file of the site. An address the site has a page of its own at is a warning."""
    import posixpath
    import re

    folder = make_project(tmp_path / "p", {"2024-01-01-a.json": json.dumps(
        [{"title": "NICE-SLAM: Neural Implicit Scalable Encoding", "abstract": "We map rooms.", "id": "2112.12130"},
         {"title": "A paper without an id", "abstract": "We study graphs."}])})
    (folder / "content/pages/posts").mkdir(parents=True)
    (folder / "content/pages/posts/about.md").write_text("# About\n", encoding="utf-8")
    (folder / "content/collection.yml").write_text(
        "site_url: https://lab.example.org/papers/\naliases:\n  posts/nice-slam/: arXiv:2112.12130v3\n"
        "  notes/graphs.html: A paper without an id\n  posts/about/: 2112.12130\n  posts/caf%C3%A9/: 2112.12130\n"
        "  index.html: 2112.12130\n",
        encoding="utf-8")
    for directory_urls in (True, False):
        if not directory_urls:
            with open(folder / "mkdocs.yml", "a", encoding="utf-8") as config:
                config.write("use_directory_urls: false\n")
        report = build(load_project(folder))
        site = folder / "site"
        for old in ("posts/nice-slam/index.html", "notes/graphs.html", "posts/café/index.html"):  # (as a server decodes it)
            page = (site / old).read_text(encoding="utf-8")
            url = re.search(r'content="0; url=([^"]+)"', page).group(1)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(old), url))
            assert (site / target / "index.html" if url.endswith("/") else site / target).is_file(), (old, url)
            assert target.startswith("papers/") and "noindex" in page
            assert re.search(r'rel="canonical" href="https://lab\.example\.org/papers/papers/[^"]+"', page)
        assert "url=../../papers/2112.12130" in (site / "posts/nice-slam/index.html").read_text(encoding="utf-8")
        own = (site / "posts/about/index.html" if directory_urls else site / "posts/about.html").read_text(encoding="utf-8")
        assert "<h1" in own and 'http-equiv="refresh"' not in own  # (the owner's page, not the alias's)
        warned = [(p.line, p.message) for p in report.problems if "alias" in p.message]
        assert warned == [(5, "the alias 'posts/about/' makes no page: the site has a page or file of its own there"),
                          (7, "the alias 'index.html' makes no page: the site has a page or file of its own there")]


def test_titles_sort_by_their_letters_whatever_their_accents_and_form():
    # "Über" went after "Zebra", and a title written decomposed elsewhere than the same title composed
    from generator.build import title_order

    titles = ["Zebra models", "U\u0308ber alles", "Ångström units", "éclair", "Apfel", "Eclair", "O\u0308ffnung", "Öl"]
    assert sorted(titles, key=title_order) == [
        "Ångström units", "Apfel", "Eclair", "éclair", "O\u0308ffnung", "Öl", "U\u0308ber alles", "Zebra models"]


def test_a_nav_entry_naming_no_page_is_an_error_at_its_line(tmp_path):
    # a pull request's broken nav failed with "MkDocs failed: Aborted with 1 warnings in strict mode!":
    # no file, no line, no annotation
    import pytest
    from conftest import make_project
    from generator.config import load_project
    from generator.errors import InputError

    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": "A Title\nIts abstract, long enough to read. Two.\n"})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(": search.md", ": nope.md"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(load_project(folder))
    line = config.read_text(encoding="utf-8").split("\n").index("  - Search: nope.md") + 1
    assert [(p.path.endswith("mkdocs.yml"), p.line, p.message.split(",")[0]) for p in caught.value.problems] == [
        (True, line, "the nav names nope.md")]


def test_a_builds_advice_to_map_a_field_names_collection_yml_not_an_option_it_lacks(tmp_path):
    """The build told a collection's owner to "give --field authors=PATH", which `build` refuses
    ("unrecognized arguments"): the build's own advice names `fields:` in collection.yml."""
    folder = make_project(tmp_path / "p", {"2024-01-01-a.jsonl": "".join(
        json.dumps({"title": f"Paper {n}", "blurb": "We study a thing in depth. It works well enough."}) + "\n"
        for n in range(2))})
    said = [p.message for p in build(load_project(folder)).problems if "not read" in p.message]
    assert said == ["no paper in this file has authors, and its keys 'blurb' are not read: to read one of them, give "
                    "fields: {authors: PATH} in content/collection.yml"]


def test_a_broken_link_an_overridden_template_writes_fails_every_build_until_mended(tmp_path):
    """A strict build failed on it; the next one reused the pages rendered then, said nothing, and
    published them (the warnings of pages rendered in the build's own process were not kept)."""
    from generator.errors import DigestSiteError

    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": "A paper\nWe study a thing in depth. It works well.\n"})
    build(load_project(folder))
    before = (folder / "site/papers.json").read_bytes()
    own = folder / "site_templates/pages"
    own.mkdir(parents=True, exist_ok=True)
    shipped = Path(__file__).resolve().parent.parent / "site_templates/pages/paper.md.j2"
    (own / "paper.md.j2").write_text(shipped.read_text() + "\nSee [the guide](../guide.md).\n")
    for _ in range(2):
        with pytest.raises(DigestSiteError, match="strict mode"):
            build(load_project(folder))
    assert "guide" not in "".join(p.read_text() for p in (folder / "site/papers").rglob("*.html"))
    assert (folder / "site/papers.json").read_bytes() == before
    (own / "paper.md.j2").write_text(shipped.read_text())
    build(load_project(folder))
