"""Listing cards made in Python (render.Cards) in the place of the shipped ``cards`` macro: the same
bytes and the same recorded reads, and only while ``_macros.md.j2`` is the shipped one."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from conftest import ROOT
from generator import render, templates, texmath, writer
from generator.cache import BuildCache
from generator.config import Settings
from generator.model import Digest, Link, Paper, Source, Topic, TopicMatch
from generator.render_cache import MarkdownCache, Reads

A, B = "2024-01-01-a", "2024-01-02-b"
PARENTS = {"s": "t", "w": "u"}  # subtopic → its topic
LONG = "word " * 39 + "a&b <c> \"q\" 'x'\tend of it and more words after the cut"


def odd_papers() -> list[Paper]:
    """Papers with whatever a card treats apart: text to escape, line ends and tabs, no authors or
    many, no date (the digest's then), summaries cut or not, links of every kind, topics to leave out."""
    base = Paper(key="k", slug="p-0", title="T", abstract="A.", source=Source("d.txt", 1), title_text="T",
                 digests=(A,), topics=(TopicMatch("t", 0.5, ("x",)),))
    links = (Link("https://github.com/a/b", "code"), Link("https://arxiv.org/pdf/2401.00001v2", "paper"),
             Link("https://doi.org/10.1/X", "paper"), Link("https://a.org/p", "project"),
             Link("https://youtu.be/x?a=1&b=2", "video"), Link("https://openreview.net/pdf?id=x", "paper"))
    topics = tuple(TopicMatch(t, 0.5, ()) for t in ("t", "u", "v", "w", "s"))
    variants = [
        dict(title_text='A & B <i>x</i> "q" \'s\'\n\tr\r', authors=("A & B", "C<D>")),
        dict(authors=tuple(f"Author {i}" for i in range(5)), date="2023-05-06", summary=LONG),
        dict(authors=tuple(f"Author {i}" for i in range(4)), summary="short & sweet\nline"),
        dict(digests=(B, A), summary=LONG[:200], links=links, id="2401.00001", topics=topics),
        dict(digests=("unknown",), links=links[3:], topics=topics[1:]),
        dict(id="2401.00002", links=links[1:3], topics=()),
        dict(id="10.1/x", links=(), topics=topics[:1], date="2020"),
        dict(title_text="عنوان \u202eT", authors=("Ann\u202e", "سارة", "Bo & Co", "דנה <x>", "E")),  # <bdi>s
        dict(title_text="大規模言語モデルの評価", authors=("山田 太郎", "李 小龙"), summary="Мы оцениваем модели."),  # lang="…"
    ]
    return [replace(base, key=f"k{i}", slug=f"p-{i}", **v) for i, v in enumerate(variants)]


def environment(own: Path) -> jinja2.Environment:
    """The pages' environment, as render_pages uses it."""
    env = render.environment(own)
    render.shipped_cards(env)
    return env


def both(env, papers, page, shown=(), new_in=None, wrapped=False, parents=PARENTS):
    """The macro's cards and :class:`render.Cards`' with their reads, for ``papers`` on ``page``
    (``parents``: the topic_parents lookup, None for a template that passes none)."""
    cards = env.get_template("_macros.md.j2").module.cards
    assert isinstance(cards, render.Cards)
    lookups = {"topic_names": {"t": "T <i>", "u": "U & u", "v": "V", "w": "W", "s": "S\n"},
               "digest_dates": {A: "2024-01-01", B: "2024-01-02"}, "topic_parents": parents or {}}
    made = []
    for call in (cards.macro, cards):
        reads = Reads()
        seen = [reads.paper(p) for p in papers] if wrapped else papers
        given = reads.lookups(lookups) if wrapped else lookups
        made.append((str(call(seen, render.Urls(page, True), given["topic_names"], given["digest_dates"], new_in, shown,
                              None if parents is None else given["topic_parents"])),
                     reads.sorted()))
    return made


@pytest.mark.parametrize("page", ["topics/t.md", "digests/2024-01-01-a/2.md", "index.md"])
@pytest.mark.parametrize("shown, new_in", [((), None), (("t", None), None), (("u", "t"), None), ((), A), ((), B),
                                           (("v", ""), None)])
@pytest.mark.parametrize("wrapped", [False, True])
@pytest.mark.parametrize("parents", [PARENTS, None])
def test_python_cards_are_the_macros_bytes_and_reads(page, shown, new_in, wrapped, parents):
    env = environment(ROOT / "site_templates")
    (macro, macro_reads), (fast, fast_reads) = both(env, odd_papers(), page, shown, new_in, wrapped, parents)
    assert fast == macro
    assert fast_reads == narrower(macro_reads, shown, parents)
    assert "<li>" in fast and "&amp; B &lt;i&gt;" in fast
    assert ' lang="ja">大規模言語モデルの評価</a>' in fast and '<span lang="ja">' in fast and '<p lang="ru">' in fast
    chips = {tuple(line.split('<p class="ds-tags">')[1].split("</p>")[0].count(f'/{t}/"') for t in "stuvw")
             for line in fast.splitlines() if '<p class="ds-tags">' in line}
    if parents is not None:  # a subtopic's chip only on its topic's pages
        assert any(c[0] for c in chips) == ("t" in shown) and any(c[4] for c in chips) == ("u" in shown)


def narrower(reads: list[list[str]], shown: tuple, parents: dict | None) -> list[list[str]]:
    """The macro's reads as the Python cards record them: a card's paper's topics that are no
    subtopic, whether each shown topic has subtopics, and for each that has, the paper's entry of the
    topics its card may name there."""
    if not reads or parents is None:
        return reads
    slugs = [read[1] for read in reads if read[0] == "paper" and read[2] == "topics"]
    main = [["paper", read[1], "main_topics"] if read[0] == "paper" and read[2] == "topics" else read for read in reads]
    having = [t for t in shown if t in parents.values()]
    return sorted(main + [["key", "subtopics", t] for t in shown if t]
                  + [["key", "chip topics", f"{t} {slug}"] for t in having for slug in slugs])


def test_a_papers_parts_made_once_serve_every_card_of_it():
    """One environment for every page, shown topics and New mark, recorded or not (the parts of a
    paper's card are made once: ``Cards.parts``)."""
    env = environment(ROOT / "site_templates")
    papers = odd_papers()
    for wrapped in (True, False, True):
        for page in ("topics/t.md", "digests/2024-01-01-a/2.md"):
            for shown, new_in in [((), None), (("t", None), A), (("u", "t"), B)]:
                (macro, macro_reads), (fast, fast_reads) = both(env, papers, page, shown, new_in, wrapped)
                assert (fast, fast_reads) == (macro, narrower(macro_reads, shown, PARENTS))
    assert len(env.get_template("_macros.md.j2").module.cards.parts) == len(papers)


def test_an_unexpected_call_is_the_macros():
    env = environment(ROOT / "site_templates")
    cards = env.get_template("_macros.md.j2").module.cards
    plain = [SimpleNamespace(slug="x", date="2024", digests=[A], title_text="X", authors=[], summary="",
                             topics=[], links=[], id="")]
    assert str(cards(plain, render.Urls("index.md", True), {}, {})) == str(cards.macro(plain, render.Urls("index.md", True), {}, {}))


FORK_CARD = '<li class="mine"><a href="{{ u.paper(p.slug) }}">{{ p.title_text|t }}</a> ({{ p.authors|length }})</li>\n'


def fork(folder: Path, macros: bool) -> Path:
    """A collection's templates folder overriding topic.md.j2 and, with ``macros``, _macros.md.j2's card."""
    own = folder / "site_templates"
    (own / "pages").mkdir(parents=True)
    topic = (templates.DEFAULTS / "pages/topic.md.j2").read_text(encoding="utf-8")
    (own / "pages/topic.md.j2").write_text(topic.replace('<h1{{', '<h1 class="fork"{{'), encoding="utf-8")
    if macros:
        source = (templates.DEFAULTS / "pages/_macros.md.j2").read_text(encoding="utf-8")
        start, end = source.index("<li>{% if new_in"), source.index("{% endmacro %}")
        (own / "pages/_macros.md.j2").write_text(source[:start] + FORK_CARD + source[end:], encoding="utf-8")
    return own


def site_of(own: Path, folder: Path | None, chosen: list[Paper]) -> dict[str, str]:
    """Every page with the templates of ``own``, through the cache in ``folder`` (None: none)."""
    papers = tuple(replace(p, title_html=texmath.to_html(p.title), abstract_html=texmath.to_html(p.abstract))
                   for p in chosen if p.digests != ("unknown",))  # (a digest the collection holds)
    topics = tuple(Topic(t, t.upper(), "About") for t in ("t", "u", "v", "w", "s"))
    collection = render.Collection(site_name="S", settings=Settings(), papers=papers, topics=topics,
                                   digests=(Digest(B, "x", "2024-01-02", ()), Digest(A, "x", "2024-01-01", ())))
    memo = folder and MarkdownCache(BuildCache(folder / "cache"), folder / "docs", tuple(templates.layers(own, "pages")))
    pages = dict(render.render_pages(collection, render.environment(own), True, memo=memo))
    if folder:
        writer.sync_tree(folder / "docs", {path: text.encode() for path, text in pages.items()})
    return pages


@pytest.mark.parametrize("macros", [True, False])
def test_a_fork_gets_what_plain_rendering_gives_incrementally_and_fully(tmp_path, monkeypatch, macros):
    """A fork that overrides topic.md.j2 (and _macros.md.j2's card) gets exactly the pages of plain
    Jinja rendering, from scratch and from the cache of a build before a change."""
    own = fork(tmp_path, macros)
    papers = odd_papers()
    changed = [replace(papers[0], title_text="Changed & new"), *papers[1:], replace(papers[2], key="k9", slug="p-9")]
    cached = []
    for chosen in (papers, changed):
        cached.append(site_of(own, tmp_path / "build", chosen))
    fast = site_of(own, None, changed)
    assert ('class="mine"' in fast["topics/t.md"]) == macros
    assert '<h1 class="fork">' in fast["topics/t.md"]
    monkeypatch.setattr(render, "shipped_cards", lambda env: None)
    assert site_of(own, None, papers) == cached[0]
    plain = site_of(own, None, changed)
    assert plain == fast == cached[1]
    shutil.rmtree(tmp_path / "build")
    assert site_of(own, tmp_path / "build", papers) == cached[0]


def test_cards_are_made_in_python_only_with_the_shipped_macros(tmp_path):
    shipped = environment(fork(tmp_path / "a", macros=False))
    own = environment(fork(tmp_path / "b", macros=True))
    assert isinstance(shipped.get_template("_macros.md.j2").module.cards, render.Cards)
    assert not isinstance(own.get_template("_macros.md.j2").module.cards, render.Cards)


def test_an_override_of_the_macros_from_before_topic_parents_still_renders(tmp_path):
    """A collection's _macros.md.j2 copied before ``cards`` took ``topic_parents``: the shipped
    page templates pass it, which Jinja refused ("takes no keyword argument"), failing the build
    at digest.md.j2. Its cards are made as before (a subtopic's chip wherever the paper is listed);
    the shipped macros name a subtopic only on its topic's pages."""
    old = tmp_path / "old"
    (old / "pages").mkdir(parents=True)
    source = (templates.DEFAULTS / "pages/_macros.md.j2").read_text(encoding="utf-8")
    before = source.replace(", topic_parents=none", "").replace(", CARD_TOPICS, topic_parents)", ", CARD_TOPICS)") \
        .replace("new_in, shown, topic_parents) }}", "new_in, shown) }}")
    assert "topic_parents" not in before.split("-#}", 1)[1]
    (old / "pages/_macros.md.j2").write_text(before, encoding="utf-8")
    paper = replace(odd_papers()[0], topics=(TopicMatch("t", 0.5, ()), TopicMatch("s", 0.4, ())))
    collection = render.Collection(site_name="S", settings=Settings(), papers=(paper,), digests=(Digest(A, "x", "2024-01-01", ()),),
                                   topics=(Topic("t", "T", "About"), Topic("s", "S", "About", parent="t")))

    def chips(own: Path, page: str) -> list[str]:
        pages = dict(render.render_pages(collection, render.environment(own), True))
        return re.findall(r'<a href="[^"]*?([a-z]+)/">', pages[page].split('class="ds-tags"')[1].split("</p>")[0])

    assert chips(old, f"digests/{A}.md") == ["t", "s"]
    assert chips(ROOT / "site_templates", f"digests/{A}.md") == ["t"]
    assert chips(ROOT / "site_templates", "topics/t.md") == ["s"]
