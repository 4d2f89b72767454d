import pytest

from conftest import ROOT, make_project

from generator.config import Settings, load_project, load_settings
from generator.errors import InputError


def test_missing_file_means_defaults(tmp_path):
    assert load_settings(tmp_path / "collection.yml") == Settings()


def test_values_are_read(tmp_path):
    path = tmp_path / "collection.yml"
    path.write_text("description: Hi\nfeed_size: 10\n")
    assert load_settings(path) == Settings(description="Hi", feed_size=10)


def test_every_problem_is_reported_at_once_with_its_line(tmp_path):
    path = tmp_path / "collection.yml"
    path.write_text("description: 3\nfeed_size: lots\nrelated: 99\n")
    with pytest.raises(InputError) as caught:
        load_settings(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: error: option 'description': expected text, got 3",
        f"{path}:2: error: option 'feed_size': expected a whole number, got 'lots'",
        f"{path}:3: error: option 'related': expected 0 to 50, got 99",
    ]


def test_unknown_keys_warn(tmp_path, caplog):
    path = tmp_path / "collection.yml"
    path.write_text("feed_sise: 3\n")
    assert load_settings(path) == Settings()
    assert "unknown option 'feed_sise'" in caplog.text


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "collection.yml"
    path.write_text("description: ok\nfeed_size: [1\n")
    with pytest.raises(InputError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"{path}:")


# --- mkdocs.yml, read by MkDocs' own loader (issue 10, item 12) ------------------------------

def with_option(folder, key, value):
    config = folder / "mkdocs.yml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{key}:")]
    config.write_text("\n".join([f"{key}: {value}", *lines]) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("key, value, message", [
    ("docs_dir", "42", "option 'docs_dir': Expected type: <class 'str'> but received: <class 'int'>"),
    ("site_name", "no", "option 'site_name': Expected type: <class 'str'> but received: <class 'bool'> "
                        "('no' is a YAML boolean: put it in quotes, \"no\", to mean the word)"),
    ("theme", "[", "not valid YAML: expected ',' or ']', but got ':'"),
    ("site_dir", "null", "option 'site_dir': empty (null): give a folder, or remove the line for the default"),
    ("docs_dir", "", "option 'docs_dir': empty (null): give a folder, or remove the line for the default 'docs'"),
])
def test_bad_mkdocs_options_are_file_line_errors_exit_1(project, capsys, monkeypatch, key, value, message):
    from generator.cli import main

    folder = with_option(project(), key, value)
    monkeypatch.chdir(folder)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "mkdocs.yml:" in err and f": error: {message}" in err and "Traceback" not in err, err


def test_env_tags_work_as_in_mkdocs(project, monkeypatch):
    folder = with_option(project(), "docs_dir", "!ENV [DOCS_DIR, build/docs]")
    assert load_project(folder).docs_dir == folder / "build" / "docs"
    monkeypatch.setenv("DOCS_DIR", "elsewhere")
    assert load_project(folder).docs_dir == folder / "elsewhere"


# --- collection.yml ---------------------------------------------------------------------------

def write(tmp_path, text):
    path = tmp_path / "collection.yml"
    path.write_text(text)
    return path


def problems_of(path):
    with pytest.raises(InputError) as caught:
        load_settings(path)
    return [str(p) for p in caught.value.problems]


def test_yaml_booleans_are_named(tmp_path):
    path = write(tmp_path, "description: no\nfeed_size: on\n")
    assert problems_of(path) == [
        f"{path}:1: error: option 'description': expected text, got the YAML boolean 'no' (put it in quotes to mean the word)",
        f"{path}:2: error: option 'feed_size': expected a whole number, got the YAML boolean 'on' (put it in quotes to mean the word)",
    ]


def test_duplicate_keys_are_an_error(tmp_path):
    path = write(tmp_path, "feed_size: 10\nrelated: 3\nfeed_size: 20\n")
    assert problems_of(path) == [f"{path}:3: error: option 'feed_size' is given twice (first at line 1)"]


@pytest.mark.parametrize("text", ["description: !include x\n", "description: [!include x]\n",
                                  "description: !!python/name:os.system\n"])
def test_yaml_tags_are_an_error_not_a_crash(tmp_path, text):
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:1: error: option 'description': ")


def test_colors_is_colours_and_problems_come_in_line_order(tmp_path):
    path = write(tmp_path, "colors: {primary: teal, accent: pink}\n")
    assert dict(load_settings(path).colours) == {"primary": "teal", "accent": "pink"}
    path = write(tmp_path, "colors: {primary: teal}\ncolours: {primary: red}\n")
    assert problems_of(path) == [f"{path}:2: error: option 'colours' is given twice (first at line 1)"]
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "collection.yml"
    path.write_text("logo: missing.png\nrelated: 99\n")  # the logo's check comes after the others'
    assert problems_of(path) == [f"{path}:1: error: option 'logo': missing.png does not exist in {tmp_path}",
                                 f"{path}:2: error: option 'related': expected 0 to 50, got 99"]


def test_an_unclosed_brace_or_quote_names_the_line_it_opens_at(tmp_path):
    """PyYAML notices an unclosed `{` at the end of the file: the error named only that line, where
    nothing is wrong (a comment, say), and not the line of the `{`."""
    text = 'title: "Ours"\ncolours: { primary: teal, accent: pink\n# related: 3\n# sort: date\n'
    assert problems_of(write(tmp_path, text)) == [
        f"{tmp_path / 'collection.yml'}:5: error: not valid YAML: expected ',' or '}}', but got '<stream end>' "
        "(in the {…} mapping that opens at line 2: is its end missing?)"]
    assert problems_of(write(tmp_path, 'title: "Ours\n# related: 3\n')) == [
        f"{tmp_path / 'collection.yml'}:3: error: not valid YAML: found unexpected end of stream "
        "(in the quoted text that opens at line 1: is its end missing?)"]


def test_a_palette_colour_of_mkdocs_yml_is_read_as_material_reads_it_and_an_unknown_one_is_a_warning(tmp_path, caplog):
    """Material takes `primary: deep purple` (its templates put a hyphen for the space): the site
    was indigo instead, as it was for a typo or a hex value, with no word, where the same in
    collection.yml is an error."""
    from generator.stylesheet import palette_css

    folder = make_project(tmp_path / "project")
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("primary: indigo", "primary: deep purple", 1).replace(
        "accent: indigo", 'accent: "#ff0000"', 1)
    config.write_text(text, encoding="utf-8")
    project = load_project(folder)
    assert "--ds-primary:light-dark(#7e56c2," in palette_css(project)
    line = text[:text.index('accent: "#ff0000"')].count("\n") + 1
    assert f"mkdocs.yml:{line}: warning: theme.palette accent: '#ff0000' is not a colour name" in caplog.text
    assert "deep purple" not in caplog.text
    caplog.clear()
    (folder / "content" / "collection.yml").write_text("colours: {accent: teal}\n", encoding="utf-8")
    load_project(folder)
    assert "theme.palette" not in caplog.text


def test_material_options_the_page_does_not_use_are_warnings_at_their_line(tmp_path, caplog):
    """extra.analytics, repo_url or a German theme.language did nothing on digest-site's page
    (which replaces Material's), without a word: a lab collected no analytics unknowingly."""
    import logging

    from conftest import make_project

    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": "A paper\nText.\n"})
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("theme:\n", "repo_url: https://github.com/lab/papers\ntheme:\n", 1)
                      .replace("  language: en\n", "  language: de\n")
                      + "extra:\n  analytics:\n    provider: google\n    property: G-XXXX\n", encoding="utf-8")
    caplog.set_level(logging.WARNING, logger="digest_site")
    load_project(folder)
    lines = config.read_text(encoding="utf-8").splitlines()
    said = {record.getMessage().split(": warning: ")[0]: record.getMessage() for record in caplog.records}
    assert len(said) == 3  # (not edit_uri, which MkDocs sets itself beside a GitHub repo_url)
    for key in ("repo_url", "language", "analytics"):
        line = next(i for i, text in enumerate(lines, 1) if text.strip().startswith(key + ":"))
        assert f"{config}:{line}" in said, (key, said)
    assert "no analytics tag is added" in said[f"{config}:{next(i for i, t in enumerate(lines, 1) if 'analytics:' in t)}"]
    caplog.clear()
    config.write_text(text + "extra: {analytics: {provider: google, property: G-XXXX}}\n", encoding="utf-8")
    load_project(folder)  # flow style: at its line too
    assert [r.getMessage().split(": warning: ")[0] for r in caplog.records] == [f"{config}:{len(text.splitlines()) + 1}"]
    caplog.clear()
    config.write_text(text, encoding="utf-8")
    load_project(folder)
    assert caplog.records == []


@pytest.mark.parametrize("change, line_of, said", [
    (("  font: false", "  font:\n    text: Inter"), "font:", "theme.font is set"),
    (("  language: en\n", "  language: en\n  icon:\n    logo: material/library\n"), "icon:", "theme.icon is set"),
    (("plugins: []", "plugins:\n  - search"), "plugins:", "plugins: material/search is set"),
    (("plugins: []", "plugins: [material/search, tags]"), "plugins:", "plugins: material/search is set"),
    (("plugins: []\n", ""), None, "mkdocs.yml names no plugins"),
    # a collection made before search.css became part of digest-site.css (digest-site new wrote both)
    (("  - assets/digest-site/digest-site.css\n", "  - assets/digest-site/digest-site.css\n  - assets/digest-site/search.css\n"),
     "- assets/digest-site/search.css", "extra_css lists assets/digest-site/search.css"),
    (("  - assets/digest-site/digest-site.css\n", "  - assets/digest-site/digest-site.css\n  - 'assets/digest-site/search.css'\n"),
     "- 'assets/digest-site/search.css'", "no build writes it"),
])
def test_fonts_icons_and_materials_search_plugin_which_the_page_does_not_use_are_warnings(tmp_path, caplog, change,
                                                                                          line_of, said):
    """A Google font (theme.font), Material's icons (theme.icon: the header's logo icon, say) and
    Material's search plugin did nothing on digest-site's page, without a word: the plugin wrote
    its whole index (760 KB on the seed, never read) and sent the build to MkDocs' one-process
    render; a mkdocs.yml without `plugins` runs it too, as MkDocs' default. The font Material sets
    when mkdocs.yml names none is no warning."""
    import logging

    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": "A paper\nText.\n"})
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert change[0] in text
    config.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    caplog.set_level(logging.WARNING, logger="digest_site")
    load_project(folder)
    lines = config.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.strip().startswith(line_of)) if line_of else 1
    assert [r.getMessage().split(": warning: ")[0] for r in caplog.records] == [f"{config}:{line}"]
    assert said in caplog.text
    caplog.clear()
    config.write_text("".join(line for line in text.splitlines(True) if not line.startswith("  font:")), encoding="utf-8")
    load_project(folder)
    assert caplog.records == []


def test_criticmarkup_which_rewrites_digest_text_on_every_page_is_a_warning(tmp_path, caplog):
    """pymdownx.critic reads CriticMarkup before anything else, in HTML blocks too: a title
    "Critic {++added++} {--gone--}" was shown as an edit on its page and cards, and with
    `mode: reject` lost its words, though digest text is shown as written everywhere else."""
    import logging

    from generator.build import build

    title = "Critic {++added++} {--gone--} robots"
    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": f"{title}\nWe study robots walking.\n"})
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "markdown_extensions:\n  - toc\n  - pymdownx.critic:\n      mode: reject\n", encoding="utf-8")
    caplog.set_level(logging.WARNING, logger="digest_site")
    build(load_project(folder), strict=False)
    page = next((folder / "site/papers").rglob("index.html")).read_text(encoding="utf-8")
    assert f'<h1 class="ds-paper__title">{title}</h1>' not in page  # (what the warning is about)
    line = len(text.splitlines()) + 3
    said = [r.getMessage() for r in caplog.records if "pymdownx.critic" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith(f"{config}:{line}: warning: ") and "as written" in said[0], said


def test_warnings_about_mkdocs_yml_name_it_from_the_working_folder(tmp_path, caplog, monkeypatch):
    """As every other problem is named (`mkdocs.yml:12: warning: …`), not by its absolute path,
    which GitHub's annotations of the pull request check cannot place on the file."""
    import logging

    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": "A paper\nText.\n"})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "repo_url: https://github.com/lab/papers\n", encoding="utf-8")
    line = len(config.read_text(encoding="utf-8").splitlines())
    monkeypatch.chdir(folder)
    caplog.set_level(logging.WARNING, logger="digest_site")
    load_project(folder.resolve())
    assert [r.getMessage().split(": warning: ")[0] for r in caplog.records] == [f"mkdocs.yml:{line}"]


def test_browsers_without_light_dark_get_each_colour_variable_s_light_and_dark_value():
    """Safari before 17.5, Chrome before 123 and Firefox before 120 do not know light-dark(): every
    colour variable was invalid there (no header colour, links like text, fields without borders).
    The stylesheet ends with their values for those browsers: the last one a top-level :root rule
    sets (the palette's over the theme's), none set otherwise, nor one of another rule."""
    from generator.stylesheet import fallback

    css = (":root { color-scheme: light dark; --ds-bg: light-dark(#fff, #111); --ds-link: #00f; --ds-mono: monospace; }\n"
           "/* :root { --ds-x: light-dark(#1, #2) } */ .card { --ds-card: light-dark(#eee, #222); }\n"
           "@media print { :root { --ds-print: light-dark(#000, #fff); } }\n"
           ":root{--ds-link:light-dark(#4051b5,#9ca5d9);--ds-bg:#fafafa}")
    assert fallback(css) == (
        "@supports not (color: light-dark(#000, #fff)) {\n"
        ":root{--ds-link:#4051b5}\n"
        ':root[data-scheme="dark"]{--ds-link:#9ca5d9}\n'
        '@media screen and (prefers-color-scheme: dark) { :root:not([data-scheme="light"]){--ds-link:#9ca5d9} }\n'
        "}\n")
    assert fallback(":root { --ds-bg: #fff; }") == ""
    # a fork's stylesheet with a brace in a string (content: "}") failed the build (IndexError)
    quoted = '.open::after { content: "}"; } .x::before { content: \'{\\\'\'; }\n:root { --ds-bg: light-dark(#fff, #111); } }'
    assert ":root{--ds-bg:#fff}" in fallback(quoted)
    # a string's "/*" opened a comment that hid the rules up to the next comment's end, and a comment's quote a string
    assert ":root{--ds-bg:#fff}" in fallback('a::before { content: "/*"; }\n:root { --ds-bg: light-dark(#fff, #111); }\n/* end */')
    assert ":root{--ds-bg:#fff}" in fallback("/* don't */\n:root { --ds-bg: light-dark(#fff, #111); }\n/* 'x */")


def test_every_overflow_wrap_anywhere_has_a_fallback_for_older_safari():
    """Safari before 15.4 (iOS 15.0-15.3) does not know overflow-wrap: anywhere and dropped the
    declaration: a long URL or unbroken word made the page scroll sideways. break-word, before it,
    breaks the same words there."""
    from generator.stylesheet import SOURCES

    for name in SOURCES:
        css = (ROOT / "site_templates/assets" / name).read_text(encoding="utf-8")
        assert css.count("overflow-wrap: anywhere") == css.count("overflow-wrap: break-word; overflow-wrap: anywhere")


def test_a_template_that_is_not_utf8_is_an_error_at_its_line(tmp_path):
    """A template an editor saved as Windows-1252 ("Café" with the byte 0xe9) stopped the build
    with "internal error: UnicodeDecodeError", naming no file; a stylesheet of assets/ too. Each
    such file is named, at the line of its first such byte, and the build does not start."""
    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": "A paper\nText.\n"})
    own = folder / "site_templates"
    home = own / "pages" / "home.md.j2"
    home.write_bytes(home.read_bytes() + b"<p>Our caf\xe9</p>\n")
    line = home.read_bytes().count(b"\n")
    (own / "theme" / "partials" / "ds-search.html").write_bytes("<p>Ünser</p>\n".encode("utf-8") + b"<p>\xe9</p>\n")
    (own / "assets" / "search.css").write_bytes(b"/* caf\xe9 */\n")
    (own / "theme" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff")  # a theme's image is no template
    (own / "pages" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\xff")  # nor is macOS's folder record
    with pytest.raises(InputError) as raised:
        load_project(folder)
    said = sorted(str(p) for p in raised.value.problems)
    wanted = ["site_templates/assets/search.css:1", f"site_templates/pages/home.md.j2:{line}",
              "site_templates/theme/partials/ds-search.html:2"]
    assert len(said) == 3 and all(s.split(": error: ")[0].replace("\\", "/").endswith(w) for s, w in zip(said, wanted)), said
    assert all("not UTF-8 (the byte 0xe9" in s for s in said)


def test_a_key_given_twice_inside_an_option_hides_none_of_its_other_problems(tmp_path):
    """A `categories` given twice under `fields:` was the option's only error, told at its first
    line: its unknown field and its empty path were told only once it was mended."""
    path = write(tmp_path, "fields:\n  title: content.title.value\n  Authors: content.authors.value\n  date:\n"
                           "  categories: content.keywords.value\n  categories: x\n"
                           "include:\n  keywords: [a]\n  keywords: [b]\n  categoriez: [c]\n")
    assert problems_of(path) == [
        f"{path}:3: error: option 'fields': unknown field 'Authors' (known: title, abstract, authors, id, url, date, categories, links)",
        f"{path}:4: error: option 'fields': field 'date': no path given (write one such as paper.authors[].name, or a column's name)",
        f"{path}:6: error: option 'fields': 'categories' is given twice (lines 5 and 6)",
        f"{path}:9: error: option 'include': 'keywords' is given twice (lines 8 and 9)",
        f"{path}:10: error: option 'include': unknown filter 'categoriez' (known: keywords, categories, papers)"]


def test_a_stylesheet_copy_of_an_earlier_version_names_the_classes_it_misses_in_good_english(tmp_path):
    """"it styles none of .ds-new (1 classes the pages use)": a copy missing one class is "1 class"."""
    import re

    from generator.templates import DEFAULTS, stale_stylesheets

    default = (DEFAULTS / "assets" / "digest-site.css").read_text(encoding="utf-8")
    (tmp_path / "digest-site.css").write_text(re.sub(r"\.ds-new\b", ".ds-old", default), encoding="utf-8")
    [(_, message)] = stale_stylesheets(tmp_path)
    assert "it styles none of .ds-new (1 class the pages use)" in message
