"""Read text back out of built HTML pages, the way a reader sees it (MathML as its TeX source)."""

from __future__ import annotations

from html.parser import HTMLParser


class _ElementText(HTMLParser):
    """Collects the text of the first element with a given class; <math> contributes ``$tex$``."""

    def __init__(self, css_class: str):
        super().__init__(convert_charrefs=True)
        self.css_class, self.depth, self.parts = css_class, 0, []
        self.in_math = self.in_annotation = False
        self.done = False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        classes = (dict(attrs).get("class") or "").split()
        if self.depth == 0 and self.css_class in classes:
            self.depth = 1
            return
        if self.depth:
            self.depth += tag not in ("br", "img", "input", "meta", "link", "hr")
            self.in_math |= tag == "math"
            self.in_annotation |= tag == "annotation"

    def handle_endtag(self, tag):
        if not self.depth or self.done:
            return
        if tag == "annotation":
            self.in_annotation = False
        if tag == "math":
            self.in_math = False
        self.depth -= 1
        self.done = self.depth == 0

    def handle_data(self, data):
        if self.depth and not self.done and (not self.in_math or self.in_annotation):
            self.parts.append(f"${data}$" if self.in_annotation else data)


def element_text(html: str, css_class: str) -> str | None:
    parser = _ElementText(css_class)
    parser.feed(html)
    return "".join(parser.parts) if parser.depth or parser.done else None


def shown_text(source: str) -> str:
    """What :func:`element_text` reads of a title or abstract: its math as ``$tex$`` as written,
    the text between read as TeX's text (``generator.texmath.read_text``: "a -- b" is "a – b")."""
    from generator import texmath

    parts, last = [], 0
    for m in texmath.MATH.finditer(source):
        parts += [texmath.read_text(source[last:m.start()]), m.group(0)]
        last = m.end()
    return "".join([*parts, texmath.read_text(source[last:])])


def title_of(html: str) -> str:
    start, end = html.index("<title>") + 7, html.index("</title>")
    from html import unescape

    return unescape(html[start:end])


def card_count(page: str | bytes) -> int:
    """The cards of a listing page: the items of its list of cards (cards carry no class)."""
    text = page.decode("utf-8") if isinstance(page, bytes) else page
    return sum(part.split("</ol>", 1)[0].count("<li>") for part in text.split('<ol class="ds-cards">')[1:])
