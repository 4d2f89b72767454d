"""collection.yml as the one place an owner sets things: every option read, checked and applied."""

from __future__ import annotations

import pytest

from conftest import DATA
from generator.config import Settings, load_settings
from generator.errors import InputError
from generator.model import Digest, Entry, Source
from generator.collect import collect
from generator.select import Filter, select, unnamed

ALL = """\
title: Lab "reading" list
description: What we read.
author: The Lab
site_url: https://lab.example.org/papers/
colours: {primary: teal, accent: pink}
logo: content/logo.svg
topics: content/taxonomy.yml
include:
  keywords: [retrieval, language model]
  categories: [cs.CL, econ]
exclude: {keywords: survey}
sort: date
related: 3
feed_size: 20
fields: {title: paper.title, authors: "paper.authors[].name"}
aliases:
  papers/old-title-1a2b3c4d/: 2401.10010
  /papers/other-5e6f7a8b/index.html: "A paper without an id:  its title"
"""


def write(tmp_path, text: str):
    (tmp_path / "content").mkdir(exist_ok=True)
    path = tmp_path / "content" / "collection.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_option_is_read(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/logo.svg").write_text("<svg/>")
    (tmp_path / "content/taxonomy.yml").write_text("topics: []\n")
    settings = load_settings(write(tmp_path, ALL))
    assert settings == Settings(
        title='Lab "reading" list', description="What we read.", author="The Lab",
        site_url="https://lab.example.org/papers/", colours=(("accent", "pink"), ("primary", "teal")),
        logo="content/logo.svg", topics="content/taxonomy.yml",
        include=Filter(keywords=("retrieval", "language model"), categories=("cs.CL", "econ")),
        exclude=Filter(keywords=("survey",)), sort="date", related=3, feed_size=20,
        fields=(("authors", "paper.authors[].name"), ("title", "paper.title")),
        aliases=(("papers/old-title-1a2b3c4d.md", "2401.10010", 17), ("papers/other-5e6f7a8b.md", "A paper without an id: its title", 18)))
    hash(settings)  # frozen and hashable, as records are


def test_every_problem_at_once_with_the_line_of_what_is_wrong(tmp_path):
    path = write(tmp_path, """\
colours:
  primary: teal
  accent: pinkk
include:
  keywords: [ok]
  categorys: [cs.CL]
sort: newest
site_url: lab.example.org
logo: content/missing.png
fields: {titel: paper.title, authors: "paper..name"}
""")
    with pytest.raises(InputError) as caught:
        load_settings(path)
    assert [(p.line, p.message.split(":")[0]) for p in caught.value.problems] == [
        (3, "option 'colours'"), (6, "option 'include'"), (7, "option 'sort'"), (8, "option 'site_url'"),
        (9, "option 'logo'"), (10, "option 'fields'"), (10, "option 'fields'")]  # in line order
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "got 'pinkk'" in text and "unknown filter 'categorys'" in text and "unknown field 'titel'" in text
    assert "'paper..name' is not a dotted path" in text and "content/missing.png does not exist" in text


def test_an_alias_that_is_no_address_to_keep_or_names_no_paper_is_an_error_at_its_line(tmp_path):
    """An alias's address is a paper page's of this site (papers/OLD/, kept where MkDocs puts such a
    page) or an earlier site's page (kept as the file that answered it); never another site's, a
    folder of the build's own, a file that is no HTML, or a path out of the site."""
    settings = load_settings(write(tmp_path, """\
aliases:
  papers/a-1a2b3c4d/index.html: 2112.12130
  posts/nice-slam/: NICE-SLAM
  /posts/other: 2112.12130
  notes/2021/x.html: 2112.12130
  digests/2024-05-02-daily/: 2024-05-02-arxiv
  posts/caf%C3%A9/: 2112.12130
"""))
    assert settings.aliases == (("papers/a-1a2b3c4d.md", "2112.12130", 2), ("posts/nice-slam/index.html", "NICE-SLAM", 3),
                                ("posts/other/index.html", "2112.12130", 4), ("notes/2021/x.html", "2112.12130", 5),
                                ("digests/2024-05-02-daily.md", "2024-05-02-arxiv", 6),
                                ("posts/café/index.html", "2112.12130", 7))  # (the file a server answers it with)
    path = write(tmp_path, """\
aliases:
  https://old.example.org/posts/x/: 2112.12130
  papers/../x/: 2112.12130
  topics/slam/: 2112.12130
  papers/kept/: 2112.12130
  papers/empty/: ""
  papers/flag/: yes
  posts/x.php: 2112.12130
  posts/%2E%2E/x/: 2112.12130
  posts/dup/: 2112.12130
  /posts/dup: 2024.00001
""")
    with pytest.raises(InputError) as caught:
        load_settings(path)
    assert [(p.line, p.message.removeprefix("option 'aliases': ")) for p in caught.value.problems] == [
        (2, "expected an address of this site from its root, such as posts/nice-slam/, got "
            "'https://old.example.org/posts/x/'"),
        (3, "expected an earlier address of a paper's or a digest's page, such as papers/old-slug/ or posts/nice-slam/, "
            "got 'papers/../x/'"),
        (4, "'topics/slam/' is in topics/, which the build fills: a paper's or a digest's earlier address is "
            "papers/SLUG/ or digests/NAME/, and a topic's is kept by topics.yml's aliases"),
        (6, "papers/empty/: expected the id, title or slug of the paper it sends readers to, such as 2401.00001 (for a "
            "digest's address, the digest's name)"),
        (7, "papers/flag/: expected the id, title or slug of the paper it sends readers to, such as 2401.00001 (for a "
            "digest's address, the digest's name)"),
        (8, "'posts/x.php' is a .php file: a page that sends readers on is an HTML file (an address ending in /, .html "
            "or none)"),
        (9, "expected an earlier address of a paper's or a digest's page, such as papers/old-slug/ or posts/nice-slam/, "
            "got 'posts/%2E%2E/x/'"),
        (11, "/posts/dup is the address of 'posts/dup/' (line 10) again: one address sends its readers on to one page; "
             "keep one of them")]  # (the later one won: the other's readers lost their page without a word)
    with pytest.raises(InputError) as caught:
        load_settings(write(tmp_path, "aliases: [papers/a/]\n"))
    assert "expected a mapping such as {papers/old-slug/: 2401.00001, posts/nice-slam/: 2112.12130}" in \
        caught.value.problems[0].message


def test_text_with_a_control_character_and_an_unsafe_site_url_are_errors(tmp_path):
    # each crashed the build ("internal error"): the feed writer refuses control characters, and the
    # address went unescaped into every page's head
    path = write(tmp_path, 'title: "a\\u0007b"\ndescription: "x\\ud83d\\udcda"\n'
                           'site_url: \'https://x.github.io/a b/"><script>\'\n')
    with pytest.raises(InputError) as caught:
        load_settings(path)
    assert [(p.line, p.message.split(":")[0]) for p in caught.value.problems] == [
        (1, "option 'title'"), (2, "option 'description'"), (3, "option 'site_url'")]
    assert load_settings(write(tmp_path, "site_url: HTTPS://X.ORG/Repo/\n")).site_url == "https://X.ORG/Repo/"
    for bad in ("https://x.org/repo/?q=1", "https://x.org/repo/#top",
                # a user and password went into every canonical link, feed and sitemap entry; so did a port of 99999
                "https://user:pa@x.org/", "https://x.org:99999/", "https://x.org:0/", "https://x.org:x/", "https://x.org/a%/"):
        with pytest.raises(InputError, match="no user or password, a port up to 65535"):
            load_settings(write(tmp_path, f"site_url: {bad}\n"))
    assert load_settings(write(tmp_path, "site_url: https://x.org:8443/a%20b/\n")).site_url == "https://x.org:8443/a%20b/"



def test_a_site_url_beyond_ascii_is_written_as_a_uri(tmp_path):
    # "https://example.org/café/" went as it was into sitemap.xml's <loc>, which must be escaped, RSS's <link> and .bib urls
    assert load_settings(write(tmp_path, "site_url: https://bücher.example/café/\n")).site_url == (
        "https://xn--bcher-kva.example/caf%C3%A9/")


def test_a_logo_that_is_a_symbolic_link_is_refused(tmp_path):
    # a link to /etc/passwd was published as the site's logo
    (tmp_path / "content").mkdir()
    (tmp_path / "content/logo.png").symlink_to("/etc/passwd")
    path = tmp_path / "content/collection.yml"
    path.write_text("logo: content/logo.png\n")
    with pytest.raises(InputError) as caught:
        load_settings(path)
    assert "symbolic link" in caught.value.problems[0].message and caught.value.problems[0].line == 1


def test_a_logo_that_is_no_image_of_its_kind_is_an_error_at_its_line(tmp_path):
    # "not a png" saved as logo.png was published, and the header showed a broken image, without a word
    (tmp_path / "content").mkdir()
    path = tmp_path / "content/collection.yml"
    for name, data, kind in (("fake.png", b"not a png", "a PNG"), ("photo.jpg", b"\x89PNG\r\n\x1a\n", "a JPEG"),
                             ("mark.svg", b"<html>no</html>", "an SVG"), ("anim.webp", b"RIFF\0\0\0\0WAVE", "a WEBP")):
        (tmp_path / "content" / name).write_bytes(data)
        path.write_text(f"title: Lab\nlogo: content/{name}\n")
        with pytest.raises(InputError) as caught:
            load_settings(path)
        assert [(p.line, p.message) for p in caught.value.problems] == [
            (2, f"option 'logo': content/{name} is not {kind} image (its bytes say otherwise): the header would show a broken image")]
    for name, data in (("logo.png", b"\x89PNG\r\n\x1a\n\0"), ("logo.jpeg", b"\xff\xd8\xff\xe0"), ("logo.gif", b"GIF89a"),
                       ("logo.webp", b"RIFF\0\0\0\0WEBPVP8 "), ("logo.svg", b"<?xml version='1.0'?>\n<SVG xmlns='x'/>")):
        (tmp_path / "content" / name).write_bytes(data)
        path.write_text(f"logo: content/{name}\n")
        assert load_settings(path).logo == f"content/{name}"


def entry(title: str, abstract: str = "", categories: tuple[str, ...] = ()) -> Entry:
    return Entry(title=title, abstract=abstract, source=Source("d.csv", 2), categories=categories)


def test_include_and_exclude_filters():
    digest = Digest("d", "d.csv", "2024-01-01", (
        entry("Dense retrieval at scale"),
        entry("A survey of retrieval"),
        entry("Pricing", categories=("General Economics (econ.GN)",)),
        entry("Language  models count", "nothing"),  # a phrase across two spaces, in the plural
        entry("Modeling language", "nothing"),  # not the phrase, nor its words whole
        entry("A new survey method", "nothing"),  # excluded for "survey"; "news" would not take "new"
        entry("Retrievals are not retrieval-free", categories=("cs.CV",)),
        entry("Robots"),
    ))
    chosen, dropped = select([digest], Filter(("retrieval", "language model"), ("econ",)), Filter(("survey",)))
    assert [e.title for e in chosen[0].entries] == [
        "Dense retrieval at scale", "Pricing", "Language  models count", "Retrievals are not retrieval-free"]
    assert dropped == 4
    assert select([digest], Filter(), Filter()) == ([digest], 0)
    assert select([digest], Filter(), Filter(("news",)))[1] == 0  # a keyword is never cut: "news" is no "new"


def test_a_category_with_a_wildcard_is_a_pattern_of_labels_codes_and_archives(tmp_path):
    """``categories: ["cs.*"]``, as a user writes every category of an archive, matched no paper
    (categories were compared whole), and a collection of an arXiv day kept nothing; its build
    failed at collection.yml's line 1, not at the filter's."""
    from conftest import make_project
    from generator.build import BuildReport, generate
    from generator.config import load_project

    digest = Digest("d", "d.csv", "2024-01-01", (
        entry("Parsing", categories=("Computation and Language (cs.CL)",)), entry("Vision", categories=("cs.CV",)),
        entry("Curves", categories=("math.AG",)), entry("Groups", categories=("math.GR", "cs.DM")),
        entry("Primes", categories=("Number Theory (math.NT)",)), entry("No categories")))
    titles = lambda include, exclude=(): [e.title for e in select([digest], Filter((), include), Filter((), exclude))[0][0].entries]
    assert titles(("cs.*",)) == ["Parsing", "Vision", "Groups"]
    assert titles(("math.?T",)) == ["Primes"] and titles(("CS.C?",)) == ["Parsing", "Vision"]
    assert titles(("*language*",)) == ["Parsing"]  # (the full label too)
    assert titles((), ("math.*",)) == ["Parsing", "Vision", "No categories"]
    assert titles(("cs",)) == titles(("cs.*",)) and titles(("cs.",)) == []  # (a code is still matched whole)
    folder = make_project(tmp_path / "p", {"2024-01-01-a.json": '[{"title": "A paper", "abstract": "We study it.", '
                                                               '"categories": ["cs.CL"]}]'})
    (folder / "content/collection.yml").write_text("title: T\n\ninclude:\n  categories: [math.*]\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        generate(load_project(folder), BuildReport())
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (3, "no papers: the include and exclude filters leave out every paper")]


def test_a_filter_s_papers_are_read_as_written_with_their_lines(tmp_path):
    settings = load_settings(write(tmp_path, "exclude:\n  papers:\n    - 2401.10010\n    - \"A  title: of  a paper\"\n"
                                             "include: {papers: arXiv:2401.00001}\n"))
    assert settings.exclude == Filter(papers=(("2401.10010", 3), ("A title: of a paper", 4)))  # not 2401.1001
    assert settings.include == Filter(papers=(("arXiv:2401.00001", 5),))
    with pytest.raises(InputError) as caught:
        load_settings(write(tmp_path, "exclude:\n  papers: [[2401.00001], yes]\ninclude: {papers: }\n"))
    assert [(p.line, "expected a list of paper ids" in p.message) for p in caught.value.problems] == [(2, True), (3, True)]


def test_a_paper_named_by_exclude_leaves_every_digest_whatever_its_records_call_it():
    """A takedown: the paper named by an id in another form, its title or its slug (the last part of
    its page's address) goes from every digest, with its record that has no id (joined to it by
    title, it would otherwise come back as a page of its own)."""
    first = Digest("a", "a.jsonl", "2024-01-01", (
        Entry(title="Taken down", abstract="x", id="2401.00001", source=Source("a.jsonl", 1)),
        Entry(title="No id here", abstract="x", source=Source("a.jsonl", 2)),
        Entry(title="Kept", abstract="x", id="2401.00003", source=Source("a.jsonl", 3))))
    later = Digest("b", "b.jsonl", "2024-01-02", (
        Entry(title="TAKEN  down", abstract="again", source=Source("b.jsonl", 1)),  # no id: the same paper
        Entry(title="No id here", abstract="x", source=Source("b.jsonl", 2))))
    slug = next(p.slug for p in collect([first, later])[0] if p.title == "No id here")
    for names in (["https://arxiv.org/abs/2401.00001v2", slug], ["taken down", "no  ID here"]):
        named = Filter(papers=tuple((name, i) for i, name in enumerate(names)))
        chosen, dropped = select([first, later], Filter(), named)
        assert [[e.title for e in d.entries] for d in chosen] == [["Kept"], []] and dropped == 4
        assert unnamed([first, later], Filter(), named, "c.yml") == []
    kept, _ = select([first, later], Filter(papers=(("2401.00003", 1),)), Filter())
    assert [[e.title for e in d.entries] for d in kept] == [["Kept"], []]
    missing = unnamed([first, later], Filter(papers=(("2401.09999", 4),)), Filter(papers=(("No such", 7),)), "c.yml")
    assert [(p.line, p.level) for p in missing] == [(4, "warning"), (7, "note")]
    assert "'2401.09999'" in missing[0].message and "'No such'" in missing[1].message


@pytest.mark.slow
def test_settings_reach_the_built_site(project):
    """Title, colours, logo, filters, sort and feed size, set in collection.yml only, show in the site."""
    from generator.build import build
    from generator.config import load_project
    from generator.stylesheet import STYLESHEET

    folder = project({"2023-09-21-arxiv.csv": (DATA / "arxiv-2023-09-21.csv").read_bytes()}, topics=False)
    (folder / "content/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (folder / "content/collection.yml").write_text(
        "title: Finance & <Economics>\ncolours: {primary: teal, accent: pink}\nlogo: content/logo.svg\n"
        "include: {categories: [q-fin]}\nexclude: {keywords: [option pricing]}\nsort: title\nfeed_size: 3\n"
        "site_url: https://example.org/fin/\nauthor: Ann <Lee>\n")
    build(load_project(folder))
    site = folder / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Finance &amp; &lt;Economics&gt;</title>" in home
    assert '<meta name="author" content="Ann &lt;Lee&gt;">' in home  # the README's "pages' author metadata"
    stylesheet = (site / STYLESHEET).read_text(encoding="utf-8")  # the one stylesheet every page links, with the colours
    assert "--ds-primary:light-dark(#009485" in stylesheet and home.count('rel="stylesheet"') == 1
    assert f'<link rel="stylesheet" href="{STYLESHEET}">' in home
    assert 'src="assets/digest-site/logo.svg"' in home
    assert (site / "assets/digest-site/logo.svg").is_file()
    import json
    papers = json.loads((site / "papers.json").read_text(encoding="utf-8"))
    assert papers and all(any("q-fin" in c for c in p["categories"]) for p in papers)
    assert not any("option pricing" in (p["title"] + p["abstract"]).lower() for p in papers)
    titles = [p["title_text"].casefold() for p in papers]
    assert titles == sorted(titles)  # one digest: sorted by title
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert len(papers) > 3 and feed.count("<entry>") == 3 and "<id>https://example.org/fin/feed.xml</id>" in feed


def test_a_yaml_boolean_given_as_the_sort_is_named_as_written(tmp_path):
    # "sort: on" was told "got True", a word its owner never wrote
    path = tmp_path / "collection.yml"
    path.write_text("sort: on\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_settings(path)
    assert "expected one of digest, date, title, got the YAML boolean 'on'" in caught.value.problems[0].message


def test_a_column_named_with_dots_or_brackets_may_be_mapped(tmp_path):
    # "Pub. Date", "Abstr." and "Authors [all]" were "not a dotted path": a note offered them, --field refused them
    from generator.options import field_problem

    assert [field_problem(name, path) for name, path in (("date", "Pub. Date"), ("abstract", "Abstr."),
                                                          ("authors", "Authors [all]"))] == [None, None, None]
    assert "is not a dotted path" in field_problem("title", "paper..title")
