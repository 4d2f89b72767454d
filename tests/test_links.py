"""Tests for generator.links: URL extraction, cleaning, safety and classification."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.links import classify, extract_links, safe_url
from generator.model import Link

SEED = (Path(__file__).parent / "data" / "seed-digest.txt").read_text(encoding="utf-8")
# Three lines of page chrome, then title and abstract lines alternate.
SEED_ABSTRACTS = SEED.split("\n")[3::2]

STRICT_URL = re.compile(
    r"https?://[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?"
    r"(/[A-Za-z0-9._~%!$&()*+,;=:@/-]*)?(\?[A-Za-z0-9._~%!$&()*+,;=:@/?\[\]-]*)?(#\S*)?"
)

# Every messy form in the seed, as it appears there (the test checks it does).
SEED_CASES = [
    # trailing full stop (36 of the 60 seed URLs)
    ("at https://github.com/YuanGao-YG/NeuralOM.", ["https://github.com/YuanGao-YG/NeuralOM"]),
    ("at http://evogym.csail.mit.edu.", ["http://evogym.csail.mit.edu"]),
    ("at https://auto-safe.github.io/.", ["https://auto-safe.github.io/"]),
    (
        "website https://sites.google.com/view/vision-soccer .",
        ["https://sites.google.com/view/vision-soccer"],
    ),
    # wrapped in parentheses, then a full stop
    ("web site (https://omniflatten.github.io/).", ["https://omniflatten.github.io/"]),
    # stray {github} suffix
    ("in https://github.com/lime728/MIRAGE{github}.", ["https://github.com/lime728/MIRAGE"]),
    # duplicated {https://… tail
    (
        "at https://yliu1082.github.io/ANUBIS/{https://yliu1082.github.io/ANUBIS/",
        ["https://yliu1082.github.io/ANUBIS/"],
    ),
    # LaTeX \url{…}
    (
        "at \\url{https://github.com/linkseed18612254945/FineRob}",
        ["https://github.com/linkseed18612254945/FineRob"],
    ),
    # label glued to the URL
    (
        "Project Page:https://gemcollector.github.io/HERMES/.",
        ["https://gemcollector.github.io/HERMES/"],
    ),
]

# Forms the seed does not hold but other digests will.
OTHER_CASES = [
    ("see https://a.org/x, https://b.org/y; https://c.org/z: and https://d.org!", [
        "https://a.org/x", "https://b.org/y", "https://c.org/z", "https://d.org",
    ]),
    ("really https://a.org/x? yes", ["https://a.org/x"]),
    ('"https://a.org/x" and “https://b.org/y.”', ["https://a.org/x", "https://b.org/y"]),
    ("[https://a.org/x] and [site](https://b.org/y)", ["https://a.org/x", "https://b.org/y"]),
    (
        "(see https://en.wikipedia.org/wiki/Python_(programming_language)).",
        ["https://en.wikipedia.org/wiki/Python_(programming_language)"],
    ),
    ("\\href{https://a.org/code}{https://a.org/code}", ["https://a.org/code"]),
    ("\\href{https://a.org/code}{our code}", ["https://a.org/code"]),
    ("Code:https://github.com/a/b", ["https://github.com/a/b"]),
    ("page at https://sites.\ngoogle.com/view/x", []),  # cut by the scraper
    ("page at https://localhost:8000/x", []),  # no TLD
    ("HTTPS://Example.ORG/Path", ["https://example.org/Path"]),
    ("https://a.org/x https://a.org/x. (https://a.org/x)", ["https://a.org/x"]),
    ("https://de.wikipedia.org/wiki/Straße", ["https://de.wikipedia.org/wiki/Stra%C3%9Fe"]),
    ("https://bücher.example.org/", ["https://xn--bcher-kva.example.org/"]),
    ("https://faß.de/x", ["https://xn--fa-hia.de/x"]),  # UTS 46; IDNA 2003 gave fass.de, another domain
    ("https://Bücher.DE/", ["https://xn--bcher-kva.de/"]),
    ("no links here, just http and https: words", []),
]


@pytest.mark.parametrize("text, expected", SEED_CASES)
def test_messy_seed_forms_are_cleaned(text: str, expected: list[str]) -> None:
    assert text in SEED
    assert [link.url for link in extract_links(text)] == expected


@pytest.mark.parametrize("text, expected", OTHER_CASES)
def test_other_messy_forms_are_cleaned(text: str, expected: list[str]) -> None:
    assert [link.url for link in extract_links(text)] == expected


def test_links_carry_their_kind() -> None:
    text = "Code: https://github.com/a/b. Demo: https://youtu.be/xyz"
    assert extract_links(text) == (
        Link("https://github.com/a/b", "code"),
        Link("https://youtu.be/xyz", "video"),
    )


@pytest.mark.parametrize(
    "url, kind",
    [
        ("https://github.com/microsoft/rStar", "code"),
        ("https://gist.github.com/a/1", "code"),
        ("https://gitlab.com/a/b", "code"),
        ("https://bitbucket.org/a/b", "code"),
        ("https://codeberg.org/a/b", "code"),
        ("https://gitee.com/mindspore/models/tree/master/research/cv/Gold_YOLO", "code"),  # was "project"
        ("https://gitea.com/a/b", "code"), ("https://git.sr.ht/~a/b", "code"),
        ("https://sourceforge.net/projects/x", "code"),
        ("https://huggingface.co/meta-llama/Llama-2-7b", "code"),
        ("https://huggingface.co/datasets/a/b", "code"),
        ("https://huggingface.co/spaces/a/demo", "project"),
        ("https://huggingface.co/papers/2401.00001", "paper"),
        ("https://paperswithcode.com/paper/x", "code"),
        ("https://anonymous.4open.science/r/judgment-to-noise-947D/README.md", "code"),
        ("https://colab.research.google.com/github/kvfrans/clipdraw", "notebook"),
        ("https://github.com/a/b/blob/main/demo.ipynb", "notebook"),
        ("https://nbviewer.org/github/a/b/x.ipynb", "notebook"),
        ("https://youtu.be/nXBWmzFrj5s", "video"),
        ("https://www.youtube.com/watch?v=x", "video"),
        ("https://vimeo.com/123", "video"),
        ("https://www.bilibili.com/video/BV1", "video"),
        ("https://arxiv.org/abs/2401.00001", "paper"),
        ("https://export.arxiv.org/abs/2401.00001", "paper"),
        ("https://openreview.net/forum?id=x", "paper"),
        ("https://doi.org/10.1000/x", "paper"),
        ("https://aclanthology.org/2023.acl-long.1", "paper"),
        ("https://omniflatten.github.io/", "project"),
        ("https://sites.google.com/view/myodex", "project"),
        ("https://notgithub.com/a/b", "project"),
        ("https://github.com.evil.org/a/b", "project"),
        ("https://[broken/x", "project"),
    ],
)
def test_classify(url: str, kind: str) -> None:
    assert classify(url) == kind


HOSTILE_SCHEMES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&#58;alert(1)",
    "&#x6A;&#x61;vascript&colon;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/x",
    "//example.org/x",
    "https:example.org",
]

UNSAFE_HTTP = [
    "https://user:pass@example.org/",
    "https://example.org@evil.org/",
    'https://example.org/a"onmouseover="alert(1)',
    "https://example.org/'onmouseover='alert(1)",
    "https://example.org/<script>alert(1)</script>",
    "https://example.org/a b",
    "https://example.org/a\x00b",
    "https://example.org:99999/",
    "https://example.org/\udc80",  # lone surrogate
    "https://",
    "",
]


@pytest.mark.parametrize("url", HOSTILE_SCHEMES)
def test_other_schemes_are_rejected(url: str) -> None:
    assert safe_url(url) is None
    assert extract_links(url) == ()
    assert extract_links(f"see {url} now") == ()


@pytest.mark.parametrize("url", UNSAFE_HTTP)
def test_unsafe_http_urls_are_rejected(url: str) -> None:
    assert safe_url(url) is None


def test_safe_url_cleans_and_normalises() -> None:
    assert safe_url("  https://Example.ORG/a/b). ") == "https://example.org/a/b"
    full = "https://example.org:8080/x?q=1&r=2#top"
    assert safe_url(full) == full
    assert safe_url("https://example.org/%E2%9C%93") == "https://example.org/%E2%9C%93"


def test_every_seed_link_is_clean() -> None:
    links = [extract_links(abstract) for abstract in SEED_ABSTRACTS]
    urls = [link.url for found in links for link in found]
    assert len(SEED_ABSTRACTS) == 205
    assert sum(1 for found in links if found) == 60
    assert len(urls) == 60
    for url in urls:
        assert STRICT_URL.fullmatch(url), url
        assert url[-1] not in ".,;:!?'\")]}", url
        assert not set(url) & set("{}\\"), url
    assert Counter(classify(url) for url in urls) == {
        "project": 31, "code": 27, "video": 1, "notebook": 1,
    }


TEXT_PIECES = st.sampled_from([
    "https://", "http://", "HTTPS://", "javascript:", "data:", " ", "\n", "\t", ".", ",", ":",
    "(", ")", "[", "]", "{", "}", "\\url{", "\\href{", '"', "'", "<", ">", "&#58;", "%",
    "a", "github.com", "example.org", "sites.", "/x", "?q=1", "#f", "@", "é", "\x00", "\u200b",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT_PIECES, st.text(max_size=5)), max_size=30).map("".join))
def test_extract_links_is_safe_on_any_text(text: str) -> None:
    for link in extract_links(text):
        assert link.url.startswith(("http://", "https://"))
        assert link.url.isascii() and link.url.isprintable()
        assert not set(link.url) & set(" \"'<>{}\\`")
        assert safe_url(link.url) == link.url
        assert link.kind in {"code", "notebook", "video", "project", "paper"}
