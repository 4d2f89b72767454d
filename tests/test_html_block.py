"""A page of one HTML block gets, without Python-Markdown, what ``Page.render`` gives it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from generator import html_block


def rendered(markdown: str, config, files: Files, file: File) -> Page:
    """The page as MkDocs' own ``Page.render`` makes it."""
    page = Page(None, file, config)
    page.markdown = markdown
    Page.render(page, config, files)
    return page


def assert_same(markdown: str, config, files: Files, file: File) -> bool:
    """Whether the shortcut took ``markdown``; where it did, its HTML and anchors are MkDocs'."""
    content = html_block.block(markdown)
    if content is not None:
        page = rendered(markdown, config, files, file)
        assert (content, html_block.anchors(content)) == (page.content, page.present_anchor_ids)
        assert not page.toc.items and page._title_from_render is None and not page.links_to_anchors
    return content is not None


def test_every_generated_page_outside_the_nav_is_one_block_as_python_markdown_makes_it(seed_site: Path):
    config = load_config(str(seed_site / "mkdocs.yml"))
    files = get_files(config)
    taken = {}
    for file in files.documentation_pages():
        markdown, _ = meta.get_data(Path(file.abs_src_path).read_text(encoding="utf-8"))
        taken[file.src_uri] = assert_same(markdown, config, files, file)
    outside = [uri for uri in taken if uri.startswith(("papers/", "topics/", "digests/")) and uri != "topics/index.md"]
    assert len(outside) > 200 and all(taken[uri] for uri in outside)
    assert html_block.plain_extensions(config)


def test_markdown_extensions_beyond_mkdocs_own_get_python_markdown(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: S\nmarkdown_extensions: [md_in_html]\n", encoding="utf-8")
    assert not html_block.plain_extensions(load_config(str(tmp_path / "mkdocs.yml")))


@pytest.mark.parametrize("markdown", [
    "<div>a</div>\n\n<div>b</div>",  # two blocks
    "<div>a</div>\ntext after",
    "# Title\n\n<div>a</div>",
    "<span>inline</span>",
    "<div>a < b</div>",
    "<div>AT&T</div>",  # an entity without its semicolon
    "<DIV>a</DIV>",
    "<div>\n```\ncode\n```\n</div>",  # a line that does not start with a tag
    "<div><script>if (a<b) x()</script></div>",
    "<div><!-- a comment --></div>",
    "<div title='single quotes'>a</div>",
    "<div>a\tb</div>",
    "<div><div>inner</div></div>",  # the outer tag again inside
])
def test_what_is_not_plainly_one_block_goes_to_python_markdown(markdown: str):
    assert html_block.block(markdown) is None


FRAGMENTS = st.sampled_from([
    "<div>", "</div>", "<p class=\"x\">", "</p>", "<a href=\"../b/#c\" name=\"n&amp;m\">", "</a>",
    "<section id=\"s\">", "</section>", "<span id=\"\">", "<span id>", "</span>", "<br>", "<hr>", "<br/>",
    "<math><mi>x</mi></math>", "<code>", "</code>", "<pre>", "</pre>", "text", " ", "\n", "\n\n", "&amp;",
    "&#10;", "&#x1F600;", "&lt;", "&", "<", ">", "\"", "'", "```", "~~~", "    ", "\t", "\r", "\x02", "*a*",
    "[l](x.md#y)", "# h", "id=\"t\"", "<!-- c -->", "<script>", "</script>", "<DIV>", "<p\nid=\"q\">",
    "<div title=\"a\nb\">", "<article>", "</article>", "\u2028", "\x85", "<table>", "</table>",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30), st.sampled_from(["div", "article", "section", "p", "ol", "pre"]))
def test_any_markup_the_shortcut_takes_is_what_python_markdown_makes_of_it(tmp_path_factory, fragments, outer):
    folder = tmp_path_factory.getbasetemp() / "html-block"
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text("site_name: S\n", encoding="utf-8")
    config = load_config(str(folder / "mkdocs.yml"))
    file = File("a.md", str(folder / "docs"), str(folder / "site"), use_directory_urls=True)
    markdown = f"<{outer} class=\"o\">" + "".join(fragments) + f"</{outer}>\n"
    assert_same(markdown, config, Files([file]), file)
