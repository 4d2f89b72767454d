"""Properties over arbitrary Unicode titles and abstracts, through the real generator stages.

A JSON digest of arbitrary records (surrogates, noncharacters, controls, bidi marks, YAML and
Markdown syntax: anything JSON can carry) goes through ``generate()``: nothing crashes; every
record is published or named by a problem; title and abstract come back exactly (after the
readers' documented cleaning) from front matter, the HTML that Python-Markdown makes of the page,
papers.json and the search files; the feeds are well-formed XML; slugs are unique, safe path
segments.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from conftest import make_project, search_json
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from mkdocs.utils import meta

from generator import texmath
from generator.build import BuildReport, generate
from generator.collect import RESERVED, identity, slug_for
from generator.config import load_project
from generator.errors import InputError
from generator.model import Entry, Source
from generator.readers.fields import MAX_TITLE_CHARS
from generator.render import page_meta

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_EXTENSIONS = ["toc", "tables", "fenced_code"]  # what MkDocs enables with no markdown_extensions
SEGMENT = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")
REMOVED = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")  # not text: removed, with a warning
BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1f\x85]+")  # other line and page breaks: a space
FIXTURE = HealthCheck.function_scoped_fixture

# Any code point at all, and a good share of the ones that make trouble.
any_char = st.integers(0, 0x10FFFF).map(chr) | st.characters() | st.sampled_from(
    list("\t\n\r\x00\x07\x1b\x85\u2028\u2029\u200b\u200d\u202e\ufeff\ufffe\uffff\ud800\udfff<>&\"'`$\\{}%#:-|*_[]!")
    + ["---", "...", "{{", "{%", "&amp;", "&#10;", "<script>", "\n# ", "\n---\n", ": ", "- ", "!!python/object"]
)
any_text = st.lists(any_char, max_size=60).map("".join)

SEARCH = "assets/digest-site/search/"


def cleaned(text: str) -> str:
    """The readers' documented rule: LF line ends, other breaks spaces, characters that are not
    text removed, ends stripped."""
    return REMOVED.sub("", BREAKS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))).strip()


def visible(text: str) -> bool:
    """Whether a title has a character to see: one of spaces, format characters (zero-width) and
    controls only is empty, as the readers say."""
    return any(unicodedata.category(c) not in ("Zs", "Zl", "Zp", "Cf", "Cc") for c in text)


def cleaned_title(text: str) -> str:
    """Titles also have their runs of spaces, tabs and line breaks made one space."""
    return re.sub(r"[ \t\n\u2028\u2029]+", " ", cleaned(text))


# --- one project, regenerated for every example --------------------------------------------------


@pytest.fixture(scope="module")
def project_dir(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("properties") / "project")


def generate_digest(folder: Path, records: list[dict]):
    """Write the records as a JSON digest (ASCII escapes: surrogates survive) and generate the site."""
    digest = folder / "content" / "digests" / "2026-01-01-prop.json"
    digest.write_text(json.dumps(records, indent=0), encoding="ascii")
    report = BuildReport()
    try:
        return generate(load_project(folder), report, skip_invalid=True), report
    except InputError as exc:  # every record was invalid
        return None, exc


class Texts(HTMLParser):
    """The text of the elements with a given class (entities decoded, as a browser does)."""

    def __init__(self, css_class: str):
        super().__init__(convert_charrefs=True)
        self.css_class, self.depth, self.found = css_class, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
        elif self.css_class in (dict(attrs).get("class") or "").split():
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag):
        self.depth = max(self.depth - 1, 0)

    def handle_data(self, data):
        if self.depth:
            self.found[-1] += data


def texts(source: str, css_class: str) -> list[str]:
    parser = Texts(css_class)
    parser.feed(source)
    parser.close()
    return parser.found


# --- the properties -------------------------------------------------------------------------------


records_strategy = st.lists(st.fixed_dictionaries({"title": any_text, "abstract": any_text}), min_size=1, max_size=4)


@settings(max_examples=40, deadline=None, report_multiple_bugs=False,
          suppress_health_check=[FIXTURE, HealthCheck.too_slow])
@given(records=records_strategy)
@example(records=[{"title": "\ud800\udc00", "abstract": "\ud800"}])  # an escaped pair decodes to U+10000
def test_any_text_round_trips_through_every_output(project_dir, records):
    generated, report = generate_digest(project_dir, records)
    records = json.loads(json.dumps(records))  # what the file says: an escaped surrogate pair is one character
    valid = [r for r in records if visible(cleaned(r["title"]))]
    if generated is None:
        assert not valid and all(p.is_error for p in report.problems)
        return
    files = generated.files
    exported = json.loads(files["papers.json"])
    by_identity = {identity(Entry(cleaned(r["title"]), "", Source("", 0))): r for r in reversed(valid)}
    assert len(exported) == len(by_identity)  # each valid record once; duplicates merged (with a warning)
    named = {p.line for p in [*report.problems, *report.skipped]}
    assert len(exported) + len(named) >= len(records), "a record vanished without a problem naming it"
    meta = json.loads(files[f"{SEARCH}meta.json"])
    results = [f"{SEARCH}c/{meta['cards'][i // meta['perGroup']]}/{i}.json.gz" for i in range(-(-len(exported) // 8))]
    search_docs = [doc for path in results for doc in search_json(files[path])][::-1]  # numbered from the oldest
    assert len(search_docs) == len(exported)
    for record, doc in zip(exported, search_docs):
        first = by_identity[identity(Entry(record["title"], "", Source("", 0)))]
        assert (record["title"], record["abstract"]) == (cleaned_title(first["title"]), cleaned(first["abstract"]))
        assert doc["t"] == record["title_text"]
        check_page(files[f"papers/{record['slug']}.md"].decode("utf-8"), record)
    for name, data in files.items():
        if name.endswith(".xml"):
            ET.fromstring(data)


def check_page(page: str, record: dict) -> None:
    body, data = meta.get_data(page)
    assert data["paper"]["title"] == record["title"]
    assert data["paper"]["abstract"] == record["abstract"]
    assert data["title"] == page_meta(record["title_text"], "")["title"]  # (quotes too: a theme may print it in an attribute)
    assert html.unescape(data["title"]).removeprefix("\u2068").removesuffix("\u2069") == record["title_text"]
    rendered = markdown.markdown(body, extensions=MKDOCS_EXTENSIONS)
    assert rendered.count('<article class="ds-paper">') == 1
    if texmath.has_math(record["title"]) or texmath.has_math(record["abstract"]):
        return  # shown as MathML; its safety is test_hostile's
    # the text as read (TeX's text markup outside math: test_plain_text_of_any_title_is_one_line)
    assert [" ".join(t.split()) for t in texts(rendered, "ds-paper__title")] == [" ".join(texmath.to_text(record["title"]).split())]
    if record["abstract"]:
        assert texts(rendered, "ds-abstract") == [texmath.to_text(record["abstract"])]


@settings(max_examples=150, deadline=None)
@given(entries=st.lists(st.tuples(any_text, any_text), min_size=1, max_size=12))
def test_slugs_are_unique_safe_path_segments(entries):
    slugs: dict[str, str] = {}
    for raw_title, raw_id in entries:
        title, paper_id = cleaned(raw_title), cleaned(raw_id)
        assume(title)
        entry = Entry(title=title, abstract="", source=Source("d.json", 1), id=paper_id)
        slug = slug_for(entry)
        assert slug == slug_for(entry), "slugs depend only on the entry"
        assert SEGMENT.fullmatch(slug) and ".." not in slug, slug
        assert slug.split(".")[0] not in RESERVED and len(slug) <= 80, slug
        key = identity(entry)
        assert slugs.setdefault(slug, key) == key, f"two papers share the slug {slug}"


@settings(max_examples=100, deadline=None)
@given(title=st.text(min_size=1, max_size=MAX_TITLE_CHARS).map(cleaned).filter(bool))
def test_long_and_odd_titles_make_short_slugs(title):
    slug = slug_for(Entry(title=title, abstract="", source=Source("d.json", 1)))
    assert SEGMENT.fullmatch(slug) and len(slug) <= 80


@settings(max_examples=200, deadline=None)
@given(text=any_text)
def test_plain_text_of_any_title_is_one_line(text):
    title = cleaned(text)
    assume(title)
    plain = " ".join(texmath.to_text(title).split())
    assert "\n" not in plain and plain == plain.strip()
    # the HTML is the plain text, escaped, with no element but the emphasis TeX's markup asks for
    if not texmath.has_math(title):
        assert html.unescape(re.sub(r"</?(?:em|strong)>", "", texmath.to_html(title))) == texmath.to_text(title)
