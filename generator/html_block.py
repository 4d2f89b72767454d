"""A page whose Markdown is one HTML block is its own HTML: no Python-Markdown needed.

Every paper, topic and digest page the generator writes is, below its front matter, one HTML
element (``<article>`` or ``<div>``) with escaped text. Python-Markdown passes such a block
through unchanged (its HTML parser stashes it and puts it back), but parsing it costs most of
MkDocs' time per page, and MkDocs parses it a second time to list its ``id`` attributes (the
anchors other pages may link to). :func:`render` gives the page what ``Page.render`` would:
the block as its content, an empty table of contents, no title from the content, its anchors
and no links, after checking with one regular expression that the block is one Python-Markdown
would pass through as it is: text without ``<``, complete entities, tags with lower-case names
and double-quoted attribute values, every line starting with a tag, one outer block element
closed at the very end, and no Markdown extension but MkDocs' own. Any other page (a user's
Markdown, a theme override's odd markup) is converted by ``Page.render``.
``tests/test_html_block.py`` compares the two on the seed site's pages and on hostile input.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator

from markdown import Markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

# MkDocs' built-in extensions (toc, tables, fenced_code) touch no HTML block: toc and tables
# work on the parsed tree, and a code fence must start a line, where a block has a tag.
EXTENSIONS = frozenset({"toc", "tables", "fenced_code"})
# Elements whose content the HTML parser reads as plain text (or which end a document): their
# text might hold something that looks like a tag.
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                      "noscript", "plaintext", "template", "html", "body", "head"})
BLOCK_LEVEL = frozenset(Markdown().block_level_elements) - {"hr"}  # hr is an empty block tag

_NAME = r"[a-z][a-z0-9-]*"
_ATTRIBUTE = r" [a-z][a-z0-9_:.-]*(?:=\"[^\"<>\x00-\x1f]*\")?"
_TAG = rf"<{_NAME}(?:{_ATTRIBUTE})*+/?>"
_BODY = re.compile(  # text, entities, tags, end tags; a line starts with a tag (or is empty)
    rf"(?:[^<&\n\x00-\x09\x0b-\x1f]++|\n(?=<|\n|\Z)|&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);"
    rf"|{_TAG}|</{_NAME}>)*+")
_START = re.compile(rf"<({_NAME})[ />]")
_TAGS = re.compile(rf"<({_NAME})((?:{_ATTRIBUTE})*+)/?>")
_ATTRIBUTES = re.compile(r" ([a-z][a-z0-9_:.-]*)(?:=\"([^\"]*)\")?")
log = logging.getLogger("mkdocs.structure.pages")  # Page.render's logger: its level decides links_to_anchors


def render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """``page.render(config, files)``, without Python-Markdown when the page is one HTML block."""
    content = block(page.markdown or "") if plain_extensions(config) else None
    if content is None:
        Page.render(page, config, files)
        return
    page.content = content
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = anchors(content)
    if log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = {}


def plain_extensions(config: MkDocsConfig) -> bool:
    return all(isinstance(name, str) and name in EXTENSIONS for name in config.markdown_extensions)


def block(markdown: str) -> str | None:
    """The HTML Python-Markdown makes of ``markdown`` if it is one HTML block it passes through
    unchanged, else None."""
    text = markdown.strip("\n")
    first = _START.match(text)
    if not first or first[1] not in BLOCK_LEVEL or not _BODY.fullmatch(text):
        return None
    names = _START.findall(text)  # the start tags
    end = f"</{first[1]}>"  # the outer element closes at the end and nowhere else:
    if not text.endswith(end) or text.count(end) != 1 or names.count(first[1]) != 1 or RAW_TEXT.intersection(names):
        return None
    return text


def anchors(content: str) -> set[str | None]:
    """The ids of the block's elements and the names of its links, unescaped, as MkDocs'
    ``_RawHTMLPreprocessor`` finds them."""
    found: set[str | None] = set()
    for tag in _tags_with(content, (" id", " name")):
        for attribute in _ATTRIBUTES.finditer(tag[2]):
            key, value = attribute.groups()
            if key == "id" or (key == "name" and tag[1] == "a"):
                found.add(None if value is None else html.unescape(value))
    return found


def _tags_with(content: str, needles: tuple[str, ...]) -> Iterator[re.Match]:
    """The tags of ``content`` (one HTML block: text holds no ``<``, nor do attribute values) in
    which one of ``needles`` occurs, in order: each found from an occurrence of a needle and
    the last ``<`` before it, instead of matching every tag of the page."""
    tags: dict[int, re.Match | None] = {}  # start → the tag there (None: no tag, or the needle outside it)
    for needle in needles:
        at = content.find(needle)
        while at != -1:
            start = content.rfind("<", 0, at)
            if start != -1 and start not in tags:
                tag = _TAGS.match(content, start)
                tags[start] = tag if tag and tag.end() > at else None
            at = content.find(needle, at + 1)
    yield from (tags[start] for start in sorted(tags) if tags[start])
