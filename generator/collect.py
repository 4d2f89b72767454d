"""Merge the entries of every digest into one paper per identity, each with a stable slug."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import string
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence


from . import texmath
from .cache import BuildCache
from .errors import NO_LINE, Problem, clipped, plural
from .ids import DOI_LINK, arxiv_id, arxiv_month, normalize_id
from .model import Digest, Entry, Paper, Topic, new_paper
from .readers.tex import decode_tex
from .slugs import slugify

SAFE_ID = re.compile(r"[a-z0-9](?:[a-z0-9.]{0,62}[a-z0-9])?")
RESERVED = frozenset("con prn aux nul com1 com2 com3 com4 com5 com6 com7 com8 com9 lpt1 lpt2 lpt3 lpt4 lpt5 lpt6 lpt7 lpt8 lpt9".split())
SLUG_WORDS = 60


def identity(entry: Entry) -> str:
    """A paper's identity: its canonical id when it has one, else its title folded for case and spacing."""
    if entry.id:
        return "id:" + normalize_id(entry.id).casefold()
    return title_identity(entry)


def title_identity(entry: Entry) -> str:
    return title_key(entry.title)


def slug_for(entry: Entry, bases: SlugBases | None = None) -> str:
    """A readable, path-safe slug that depends only on the entry itself.

    A plain lowercase id such as ``2309.10986`` is used as it is. Anything else is slugified
    and suffixed with a hash of the identity, so titles differing only in case, punctuation or
    TeX never collide and a paper's slug never changes when other papers are added.
    """
    key, canonical = identity(entry), normalize_id(entry.id)
    # (not a name reserved on Windows, nor "index": papers/index.md would be the page of papers/)
    if canonical and SAFE_ID.fullmatch(canonical) and canonical.split(".")[0] not in {*RESERVED, "index"}:
        return canonical
    readable = canonical or texmath.math_to_text(entry.title)
    base = bases(readable) if bases is not None else slug_base(readable)
    return f"{base}-{identity_hash(key)}"


def identity_hash(key: str) -> str:
    """The 8 hex digits a slug made of a title or id ends with: a hash of the paper's identity."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def name_forms(text: str) -> tuple[str, str, str]:
    """What a name of a paper in the owner's files (``topics.yml``'s and ``collection.yml``'s
    ``papers``) is looked up as: a slug as written, an id in any form, a title ignoring case and spacing."""
    return text, "id:" + normalize_id(text).casefold(), title_key(text)


def paper_finder(papers: Sequence[Paper]) -> Callable[[str], int | None]:
    """The position among ``papers`` of the paper that a name of the owner's files names
    (:func:`name_forms`: its slug, its id in any form, or its title ignoring case and spacing), or None."""
    found: dict[str, int] = {}
    for i, p in enumerate(papers):
        for key in (p.slug, p.id and "id:" + normalize_id(p.id).casefold(), title_key(p.title)):
            if key:
                found.setdefault(key, i)
    return lambda text: next((found[k] for k in name_forms(text) if k in found), None)


def slug_base(readable: str) -> str:
    return slugify(readable, max_length=SLUG_WORDS, word_boundary=True) or "paper"


class SlugBases:
    """:func:`slug_base` of each text, as earlier builds found it (the build cache's ``slugs.json``,
    valid for the code and library versions in its header): python-slugify takes 20 µs a title,
    0.1 s of every build at 10,000 papers, half of them without a plain id. Only this build's
    texts are saved."""

    def __init__(self, cache: BuildCache | None):
        self.cache = cache
        self.known = cache.load(SLUGS) if cache else {}
        self.used: dict[str, str] = {}

    def __call__(self, readable: str) -> str:
        base = self.known.get(readable)
        if not isinstance(base, str):
            base = slug_base(readable)
        self.used[readable] = base
        return base

    def save(self) -> None:
        if self.cache is not None and self.used != self.known:
            self.cache.save(SLUGS, self.used)


SLUGS = "slugs"  # the build cache's file: SlugBases


def collect(digests: Sequence[Digest], cache: BuildCache | None = None) -> tuple[list[Paper], list[Problem]]:
    """One Paper per identity, in order of first appearance; later digests update the text.

    An entry without an id joins the paper with an id whose title it shares (the first seen, when
    several have it: :func:`identities`). The oldest sighting gives the slug, so a paper keeps the URL it was first
    published under when a later digest adds its id. The ``cache`` keeps the slugs' slugified
    texts (:class:`SlugBases`).
    """
    ordered = in_order(digests)
    keys = identities([e for d in ordered for e in d.entries])
    merged: dict[str, list[tuple[Digest, Entry]]] = {}
    problems: list[Problem] = []
    for digest in ordered:
        seen: dict[str, Entry] = {}
        for entry in digest.entries:
            key = keys[id(entry)]
            if key in seen:
                problems.append(_duplicate(entry, seen[key]))
                first = seen[key]  # its links are the paper's too: Papers with Code's file gives a row a repository
                links = _links([*first.extra_urls, *(url for url in entry.extra_urls if url != first.url)])
                if links != first.extra_urls:  # (each once, as a paper's records' links are: _links)
                    seen[key] = dataclasses.replace(first, extra_urls=links)
                    merged[key][-1] = (digest, seen[key])
                continue
            seen[key] = entry
            merged.setdefault(key, []).append((digest, entry))
    bases = SlugBases(cache)
    papers = [_paper(key, sightings, bases) if len(sightings) > 1 else _paper_seen_once(key, *sightings[0], bases)
              for key, sightings in merged.items()]
    bases.save()
    again = [sightings for sightings in merged.values() if len(sightings) > 1]  # (one record replaces nothing)
    return papers, problems + [note for sightings in again if (note := _replaced(sightings))] + [
        warning for sightings in again for warning in _unshown(sightings)]


def identities(entries: Sequence[Entry]) -> dict[int, str]:
    """Each entry's identity (by ``id()`` of the entry; ``entries`` oldest first: :func:`in_order`),
    id-less entries joined to an id by title, and a record whose id is the DOI another record gives
    as its published version's (arXiv's ``<arxiv:doi>``, a DOI link beside an abstract) joined to
    that record: a preprint and its journal version are one paper. A DOI that records of two ids
    name (a proceedings volume's, a wrong one in CORE or Dimensions) joins neither: the DOI's record
    was the first one's, and its title replaced that paper's.

    An id-less entry whose title papers of several ids have joins the one seen first when it came
    before the second: it was that one's before the other came (a paper first seen without an id
    took its URL from that entry, and a second paper of its title split the two, moving the page
    without a word); one that came after both is guessed to be neither's. A journal version is its
    preprint's paper, no second id."""
    published: dict[str, set[str]] = {}  # "id:" + a DOI → the identities of the records that name it so
    own: dict[int, str] = {}  # each entry with an id: its identity (worked out once: it normalizes the id)
    for entry in entries:
        if entry.id:
            own[id(entry)] = key = identity(entry)
            for url in entry.extra_urls:
                if DOI_LINK.match(url) and (doi := "id:" + normalize_id(url).casefold()) != key:
                    published.setdefault(doi, set()).add(key)

    def joined(key: str) -> str:
        named = published.get(key, ())
        return next(iter(named)) if len(named) == 1 else key

    titled = _TitleKeys(len(own) < len(entries))
    ids_by_title: dict[str, dict[str, int]] = {}  # title → its papers' identities, each at its first sighting
    for at, entry in enumerate(entries):
        if entry.id:
            ids_by_title.setdefault(titled(entry), {}).setdefault(joined(own[id(entry)]), at)
        else:
            titled(entry)
    keys = {}
    for at, entry in enumerate(entries):
        key = own.get(id(entry))
        if key is None:  # (an entry without an id: its identity is its title's)
            key = titled(entry)
            found = list(ids_by_title.get(key, {}).items())
            key = found[0][0] if len(found) == 1 or found and at < found[1][1] else key
        keys[id(entry)] = joined(key)
    return keys


class _TitleKeys:
    """Each entry's title key, that of the first entry (oldest first) whose title reads the same
    with its TeX outside math decoded: a title written in TeX in one source (``Schr\\"odinger …
    Navier--Stokes``) and decoded in another (BibTeX's are, as read: "Schrödinger … Navier–Stokes")
    is one paper's, which was two. Math stays as written (``GA-S$^3$`` is not "GA-S3"). A paper
    keeps the key, and so the slug, of its oldest record; a title without TeX keeps its key.
    Worked out only where an entry has no id (``needed``: titles join papers by no other kind of
    entry), and decoded only for titles whose letters (:func:`_letters`) another title's are too:
    pylatexenc reads a title in about half a millisecond, and 1 in 20 of arXiv's titles has TeX
    (56 of the arXiv day's 1,102)."""

    def __init__(self, needed: bool):
        self.needed = needed
        # a title's letters → each title key with them → (its title, the first key that reads the same)
        self.alike: dict[str, dict[str, tuple[str, str]]] = {}
        self.known: dict[int, str] = {}  # an entry (its id()) → its key, worked out once

    def __call__(self, entry: Entry) -> str:
        if (found := self.known.get(id(entry))) is not None:
            return found
        key = title_identity(entry)
        if not self.needed:
            return key
        keys = self.alike.setdefault(_letters(key), {})
        if not keys:  # (most titles share their letters with no other title)
            keys[key] = entry.title, key
        elif key not in keys:
            plain = _decoded_key(entry.title)
            keys[key] = entry.title, next((first for title, first in keys.values() if _decoded_key(title) == plain), key)
        found = self.known[id(entry)] = keys[key][1]
        return found


def _letters(key: str) -> str:
    """The letters and digits of a title's key (:func:`title_key`: folded already), without
    accents: what a title in TeX and the same title decoded share (``Schr\\"odinger`` and
    "Schrödinger": "schrodinger")."""
    if key.isascii():
        return key.translate(_ASCII_NOT_LETTERS)
    return _NOT_LETTERS.sub("", "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c)))


_NOT_LETTERS = re.compile(r"[\W_]+")
_ASCII_NOT_LETTERS = str.maketrans("", "", string.punctuation + string.whitespace)  # (twice as fast, most titles)


@functools.lru_cache(maxsize=1024)
def _decoded_key(title: str) -> str:
    """The key (:func:`title_key`) of ``title`` with its TeX outside math decoded (:func:`decode_tex`)."""
    return title_key(decode_tex(title))


def in_order(digests: Sequence[Digest]) -> list[Digest]:
    """The digests oldest first, a day's by name: the order papers are seen in."""
    return sorted(digests, key=lambda d: (d.date or "9999", d.name))


def _duplicate(entry: Entry, first: Entry) -> Problem:
    """A warning of a record of a paper its digest gave already; of another title, it names the id they share
    (ids are compared ignoring case: "rJ4km2R5t7" and "rj4KM2r5T7", OpenReview's ids of two papers, were
    "a duplicate (its abstract differs)", and the second paper was left out with no more word)."""
    if normalize_id(entry.id) != normalize_id(first.id) and _unlike(entry.title, first.title):  # (by case alone)
        return Problem(entry.source.path, entry.source.line,
                       f"left out: its id ({clipped(entry.id)!r}) is that of the paper at line {first.source.line} "
                       f"({clipped(first.title)!r}), whose title is another (ids are compared ignoring case): "
                       "check the ids", "warning")
    same = unicodedata.normalize("NFC", entry.abstract) == unicodedata.normalize("NFC", first.abstract)  # (NFD: the same text)
    detail = "" if same else " (its abstract differs; the first one is kept)"
    return Problem(entry.source.path, entry.source.line,
                   f"duplicate of the paper at line {first.source.line}{detail}", "warning")


def _replaced(sightings: list[tuple[Digest, Entry]]) -> Problem | None:
    """A note when a newer record of a paper changes its title or abstract: the newer text wins."""
    chosen = _text_from(sightings)
    before = [e for _, e in sightings[:next(i for i, (_, e) in enumerate(sightings) if e is chosen)]]
    # (a record without an abstract, of the same title, had nothing replaced: dblp's entry was "replaced")
    older = [e for e in before if (e.title, e.abstract) != (chosen.title, chosen.abstract)
             and (e.abstract or e.title != chosen.title)]
    if not older:
        return None
    # one id, two papers: a wrong id in one of the files (not a preprint and its journal version,
    # joined by the DOI the preprint names: a journal may retitle a paper)
    if _unlike(older[-1].title, chosen.title) and identity(older[-1]) == identity(chosen):
        return Problem(chosen.source.path, chosen.source.line,
                       f"this record's id is that of {older[-1].source}, a paper of another title "
                       f"({clipped(older[-1].title)!r}): its text replaces that paper's; check the ids", "warning")
    if not chosen.id and _unlike_abstracts(older[-1].abstract, chosen.abstract):  # joined by its title alone
        return Problem(chosen.source.path, chosen.source.line,
                       f"this record, of no id, has the title of {older[-1].source} but an abstract that shares "
                       "almost no word with its: its text replaces that paper's; two papers of one title? give "
                       "this one its id", "warning")
    return Problem(chosen.source.path, chosen.source.line,
                   f"this newer record's text replaces that of {older[-1].source} (the newer record wins)", "note")


UNLIKE_ABSTRACT_WORDS = 10  # words of five letters or more: an abstract of fewer says too little to tell


def _unlike_abstracts(one: str, other: str) -> bool:
    """Whether two abstracts of some length share under a tenth of their words of five letters or
    more (not "the", "we", "that"): not one paper's versions ("Attention Is All You Need" of a study
    of children's attention took a Transformer paper's page, authors and links with a note alone)."""
    a, b = _words(one, 5), _words(other, 5)
    return min(len(a), len(b)) >= UNLIKE_ABSTRACT_WORDS and len(a & b) * 10 < len(a | b)


def _unshown(sightings: list[tuple[Digest, Entry]]) -> list[Problem]:
    """A warning for each record newer than the one giving the text, without an abstract (a reading
    list's), whose title is another paper's: one id, two papers, and this one's title is shown nowhere."""
    chosen = _text_from(sightings)
    after = [e for _, e in sightings[next(i for i, (_, e) in enumerate(sightings) if e is chosen) + 1:]]
    return [Problem(e.source.path, e.source.line,
                    f"this record's id is that of {chosen.source}, a paper of another title ({clipped(chosen.title)!r}), "
                    "whose text is shown (this record has no abstract): check the ids", "warning")
            for e in after if _unlike(e.title, chosen.title) and identity(e) == identity(chosen)]


def _unlike(one: str, other: str) -> bool:
    """Whether two titles share under a third of their words: no version's rewording of a title."""
    a, b = _words(one), _words(other)
    return bool(a and b) and len(a & b) * 3 < len(a | b)


def _words(text: str, least: int = 1) -> set[str]:
    """The words of ``text`` of ``least`` letters or more, compared whatever their case (NFKC: a
    title with combining accents, NFD, is the same title, not one of other words)."""
    return set(re.findall(rf"\w{{{least},}}", unicodedata.normalize("NFKC", text).casefold()))


def _text_from(sightings: list[tuple[Digest, Entry]]) -> Entry:
    """The newest record with an abstract, else the newest."""
    return next((e for _, e in reversed(sightings) if e.abstract), sightings[-1][1])


def _paper(key: str, sightings: list[tuple[Digest, Entry]], bases: SlugBases | None = None) -> Paper:
    """The paper of these records (the newest first for each field; its links are every record's,
    so that a daily-arXiv row's code link stays when the arXiv API's record gives the abstract).
    Its date is a record's, else its arXiv id's month, else none: never its digest's (a citation
    would date it to the day it was collected; pages show the digest's date as such)."""
    text_from = _text_from(sightings)
    own = [e.id for _, e in reversed(sightings) if e.id and identity(e) == key]  # (not a journal version's DOI)
    paper_id = normalize_id(own[0] if own else _first(e.id for _, e in reversed(sightings)))
    named_by = text_from if text_from.authors else _first((e for _, e in reversed(sightings) if e.authors), text_from)
    return new_paper(
        key=key,
        slug=slug_for(sightings[0][1], bases),
        title=text_from.title,
        abstract=text_from.abstract,
        source=text_from.source,
        # the authors of the record that gives the text: a newer record without an abstract (a
        # reading list's "Smith et al.", an export's "Smith J") does not replace its full names
        authors=named_by.authors,
        et_al=named_by.et_al,  # (that record's: whether it named them all)
        id=paper_id,
        url=_first(e.url for _, e in reversed(sightings)),
        date=_date([e.date for _, e in reversed(sightings) if e.date]) or arxiv_month(paper_id),
        categories=_first((e.categories for _, e in reversed(sightings)), ()),
        extra_urls=_links([url for _, e in reversed(sightings) for url in e.extra_urls]),
        digests=tuple(d.name for d, _ in sightings),
        lines=tuple(e.source.line for _, e in sightings),
    )


def _links(urls: Sequence[str]) -> tuple[str, ...]:
    """The links of a paper's records (newest first), each once: a DOI in either case (Crossref's
    10.1000/JML.1 beside arXiv's 10.1000/jml.1 was two links), an arXiv PDF of each version, and
    arXiv's own DOI of the paper (10.48550/arXiv.ID, its abstract page's), as the newest record gives them."""
    kept: dict[str, str] = {}
    for url in urls:
        kept.setdefault(_link_key(url), url)
    return tuple(kept.values())


def _link_key(url: str) -> str:
    if not DOI_LINK.match(url) and "arxiv.org/" not in url:
        return url
    found = normalize_id(url)
    if arxiv_id(found):
        return f"arxiv:{found}:{'pdf' if '/pdf/' in url else 'page'}"
    return f"doi:{found.casefold()}" if DOI_LINK.match(url) else url


def _paper_seen_once(key: str, digest: Digest, entry: Entry, bases: SlugBases | None = None) -> Paper:
    """:func:`_paper` of a paper of one record, as most are: the same fields, without the passes
    over its records (at 10,000 papers, a third of the read stage's time went to them)."""
    paper_id = normalize_id(entry.id)
    return new_paper(key=key, slug=slug_for(entry, bases), title=entry.title, abstract=entry.abstract, source=entry.source,
                 authors=entry.authors or (), et_al=entry.et_al, id=paper_id, url=entry.url or "", date=entry.date or arxiv_month(paper_id),
                 categories=entry.categories or (), extra_urls=tuple(dict.fromkeys(entry.extra_urls)),
                 digests=(digest.name,), lines=(entry.source.line,))


def _date(dates: list[str]) -> str:
    """The newest record's date (``dates`` newest first), made as precise as an older record that
    agrees with it: a Zotero export's "2023-09" after arXiv's "2023-09-21" keeps the day (a
    newer record with less to say is no correction)."""
    date = dates[0] if dates else ""
    for older in dates[1:]:
        if len(older) > len(date) and older.startswith(date + "-"):
            date = older
    return date


def _first(values: Iterable, default=""):
    """The first non-empty value (sightings are passed newest first)."""
    return next((v for v in values if v), default)


def published(papers: Sequence[Paper]) -> dict[str, list[str] | str]:
    """Each paper's slug → what finds the paper again in a later build (:func:`moved`): digests of
    its identity and of its title's; and each digest page's path (``digests/NAME``: no slug holds
    a ``/``) → a digest of its papers' identities, which finds a renamed digest again
    (:func:`digests_moved`)."""
    pages: dict[str, list[str] | str] = {p.slug: [_digest(p.key), _digest(title_key(p.title))] for p in papers}
    return pages | {f"{DIGEST_PAGES}{name}": _digest("\n".join(sorted(keys))) for name, keys in _keys_by_digest(papers)}


DIGEST_PAGES = "digests/"  # a digest's page is digests/NAME/
TOPIC_PAGES = "topics/"  # a topic's page is topics/SLUG/, its feed feeds/SLUG.xml


def published_addresses(site_url: str, directory_urls: bool) -> dict[str, str]:
    """What every page's address is made of (no slug holds an ``@``), for :func:`addresses_moved`."""
    return {ADDRESSES: f"{site_url} {'folders' if directory_urls else 'files'}"}


def addresses_moved(now: dict, before: dict, where: Callable[[str], tuple[str, int]], given: str = "") -> list[Problem]:
    """A warning when every page's address changed since the last build: ``use_directory_urls``
    turned off or on (``papers/SLUG/`` became ``papers/SLUG.html``: links from elsewhere broke, and
    nothing said so), or ``site_url`` changed (from one address to another: a build without one
    changes no link; a slash added at its end or taken off changes none), or was set or taken
    away (a note: the feeds' entries' ids change). ``where(key)``: the file
    and line that set ``site_url`` or ``use_directory_urls``; ``given``: the command's option that
    set ``site_url`` (``--site-url``), named beside it."""
    if not isinstance(before.get(ADDRESSES), str):  # (an earlier version's record)
        return []
    (old_url, old_kind), (new_url, new_kind) = before[ADDRESSES].split(" "), now[ADDRESSES].split(" ")
    shown = f"{new_url} ({given})" if given and new_url else new_url
    problems = []
    if old_kind != new_kind:
        problems.append(Problem(*where("use_directory_urls"), f"every page's address changed: pages are {new_kind} now "
                                f"({'papers/SLUG/' if new_kind == 'folders' else 'papers/SLUG.html'}), {old_kind} in the "
                                "last build (use_directory_urls): links to the old addresses break, and feed readers "
                                "show every entry again as new", "warning"))
    if old_url and new_url and old_url.rstrip("/") != new_url.rstrip("/"):
        problems.append(Problem(*where("site_url"), f"every page's address changed: site_url is {shown}, "
                                f"{old_url} in the last build: feed readers show every entry again as new, and links "
                                "to the old addresses break unless the old host sends them on (GitHub Pages does, from "
                                "OWNER.github.io to a custom domain)", "note"))
    elif bool(old_url) != bool(new_url):  # a feed entry's id is its page's address, else a name of its own
        problems.append(Problem(*where("site_url"), f"every feed entry's id changed: site_url is {shown or 'not set'}, "
                                f"{old_url or 'not set'} in the last build: feed readers show every entry again as new",
                                "note"))
    return problems


ADDRESSES = "@addresses"  # published()'s key of the site's address and kind of URLs


def missing_records(before: dict) -> list[str]:
    """What a record of an earlier version's build (``before``, :func:`published` and the others)
    lacks of what this version's holds, named as a note says it; none of a collection without papers."""
    if not before:
        return []
    kinds = [(isinstance(before.get(ADDRESSES), str), "address"),
             (any(page.startswith(DIGEST_PAGES) for page in before), "digest pages"),
             (isinstance(before.get(PAPER_TOPICS), dict), "papers' topics")]
    return [name for present, name in kinds if not present]


def published_topics(topics: Sequence[Topic]) -> dict[str, str]:
    """Each topic page's path (``topics/SLUG``), for :func:`topics_gone` of a later build."""
    return {f"{TOPIC_PAGES}{t.slug}": "" for t in topics}


def topics_gone(now: dict, before: dict, topics_file: str, digests: str = "") -> list[Problem]:
    """A note of the topic pages ``before`` (:func:`published` of the last build) that this build
    (``now``) no longer has, with their feeds, at the ``topics_file`` (at the ``digests`` folder when
    there is none, the topics all suggested): suggested subtopics are made again when the topic
    model is refitted (a digest of its oldest ones removed or renamed, the number of digests past
    a power of two), and at 700 daily digests removing one replaced 86 of 202 topic pages, and
    the feeds readers subscribed to, without a word."""
    gone = sorted(page for page, found in before.items() if page.startswith(TOPIC_PAGES) and page not in now
                  and isinstance(found, str))
    if not gone:
        return []
    slugs = [page.removeprefix(TOPIC_PAGES) for page in gone]
    pages = ", ".join(f"{page}/" for page in gone[:3]) + (", …" if len(gone) > 3 else "")
    feeds = ", ".join(f"feeds/{slug}.xml" for slug in slugs[:3]) + (", …" if len(gone) > 3 else "")
    why = ("a topic renamed or removed, or suggested subtopics made again (the topic model was refitted); links and "
           "feed subscriptions to them break: a topic's 'aliases' in the topics file keep its earlier addresses "
           "(subtopics named in the topics file keep their pages)") if not digests else (
           f"without a topics file ({topics_file}), topics are suggested from the papers, and the topic model was "
           "fitted again (the papers of its digests changed); links and feed subscriptions to them break: a topics file keeps "
           f"topics and their addresses ('digest-site topics suggest > {topics_file}' writes one to curate)")
    return [Problem(digests or topics_file, NO_LINE if digests else 1,
                    f"{plural(len(gone), 'topic page')} of the last build gone ({pages}), with "
                    f"{'its feed' if len(gone) == 1 else 'their feeds'} ({feeds}) and BibTeX "
                    f"{'file' if len(gone) == 1 else 'files'}: {why}", "note")]


PAPER_TOPICS = "@paper-topics"  # published_paper_topics()'s key in the last build's record


def published_paper_topics(papers: Sequence[Paper], topics: Sequence[Topic]) -> dict[str, dict[str, str]]:
    """Each paper's topics (its slug → a digest of its text, then their slugs), for
    :func:`topics_moved` of a later build; not its subtopics (a topic newly large gets them, which
    moves no paper out of it)."""
    main = {t.slug for t in topics if not t.parent}
    return {PAPER_TOPICS: {p.slug: " ".join([_digest(f"{p.title}\n{p.abstract}\n{p.categories!r}"),
                                             *sorted(m.topic for m in p.topics if m.topic in main)]) for p in papers}}


def topics_moved(now: dict, before: dict, topics_file: str, digests: str = "",
                 renamed: Mapping[str, str] | None = None) -> list[Problem]:
    """A note of the papers of the last build (``before``) whose topics are others now (``now``),
    at the ``topics_file`` (at the ``digests`` folder when there is none): the suggested topics
    fitted again moved 268 of 489 papers, and their topic feeds showed old papers as new, without
    a word (a note came only of the topic pages gone). ``renamed``: each alias's slug → its topic's:
    a topic under a new slug, its old one an alias, keeps its papers (its feed too)."""
    old, new = before.get(PAPER_TOPICS), now.get(PAPER_TOPICS)
    if not isinstance(old, dict) or not isinstance(new, dict):  # (an earlier version's record)
        return []

    def now_named(record: str) -> str:
        text, *slugs = record.split(" ")
        return " ".join([text, *sorted((renamed or {}).get(slug, slug) for slug in slugs)])

    changed = sorted(slug for slug, found in new.items()  # (a paper of another text moves of itself)
                     if isinstance(was := old.get(slug), str) and was != found and was[:16] == found[:16]
                     and now_named(was) != found)
    if not changed:
        return []
    shown = ", ".join(f"papers/{slug}/" for slug in changed[:3]) + (", …" if len(changed) > 3 else "")
    why = ("the topics file changed, or the topic model was fitted again (on the oldest digests: their number passed "
           "a power of two, or a digest dated before others joined them)" if not digests else
           "without a topics file, topics are suggested from the papers, and the topic model was fitted again; a topics "
           f"file keeps them ('digest-site topics suggest > {topics_file}' writes one to curate)")
    return [Problem(digests or topics_file, NO_LINE if digests else 1, f"{plural(len(changed), 'paper')} of the last build {'is' if len(changed) == 1 else 'are'} "
                                               f"in other topics now ({shown}): their topics' pages and feeds list them "
                                               f"anew, where a feed reader shows them as new: {why}", "note")]


def _keys_by_digest(papers: Sequence[Paper]) -> list[tuple[str, list[str]]]:
    found: dict[str, list[str]] = {}
    for paper in papers:
        for name in paper.digests:
            found.setdefault(name, []).append(paper.key)
    return sorted(found.items())


def digests_moved(now: dict, before: dict, digests: Sequence[Digest], folder: str,
                  kept: Collection[str] = ()) -> list[Problem]:
    """What became of the digest pages ``before`` (:func:`published` of the last build) that this
    build (``now``: its) no longer has: a digest whose file was renamed (the same papers under
    another name) is a warning at its file, with both addresses; the pages of digests removed
    are one note, at the digests ``folder``. A maintainer renaming or removing a digest months
    later saw the paper pages it took along named, and not its own page, which feeds, bookmarks
    and other sites link. ``kept``: the names of the pages collection.yml's ``aliases`` keep, said nothing of."""
    gone = sorted(page for page, found in before.items() if page.startswith(DIGEST_PAGES) and page not in now
                  and isinstance(found, str) and page[len(DIGEST_PAGES):] not in kept)
    if not gone:
        return []
    new = {found: page for page, found in now.items() if page.startswith(DIGEST_PAGES) and page not in before}
    path = {f"{DIGEST_PAGES}{d.name}": d.path for d in digests}
    problems, left = [], []
    for page in gone:
        if (renamed := new.get(before[page])) is not None:
            problems.append(Problem(path.get(renamed, renamed), 1, f"this digest's page moved from {page}/ to "
                                    f"{renamed}/ (its file's name gives its URL): links to the old address break; to "
                                    f"keep it, add '{page}/: {renamed[len(DIGEST_PAGES):]}' under 'aliases:' in "
                                    "collection.yml", "warning"))
        else:
            left.append(f"{page}/")
    if left:
        shown = ", ".join(left[:3]) + (", …" if len(left) > 3 else "")
        which = "its digest was" if len(left) == 1 else "their digests were"
        problems.append(Problem(folder, NO_LINE, f"{plural(len(left), 'digest page')} of the last build gone ({shown}): "
                                           f"{which} removed, or renamed and changed; links to "
                                           f"{'it' if len(left) == 1 else 'them'} break", "note"))
    return problems


def moved(papers: Sequence[Paper], now: dict[str, list[str]], before: dict, digests: Sequence[Digest],
          folder: str, kept: Collection[str] = ()) -> list[Problem]:
    """What became of the pages ``before`` (:func:`published` of the last build) that ``papers``
    (``now``: theirs) no longer have. A paper now at another URL (a digest dated before its first one was added, or
    its first one removed: the first record gives the slug) is a warning at its first record, which
    says how to keep the old address (``kept``: the slugs collection.yml's ``aliases`` keep, said
    nothing of); the pages of papers that left the collection are one note, at the digests ``folder``."""
    gone = sorted(slug for slug, found in before.items() if slug not in now and isinstance(found, list)
                  and slug not in kept)
    if not gone:
        return []
    by_slug = {p.slug: p for p in papers}
    found_by: dict[str, Paper] = {}
    for slug, found in now.items():
        for key in found if isinstance(found, list) else ():  # (a digest page's is a string)
            found_by.setdefault(key, by_slug[slug])
    path = {d.name: d.path for d in digests}
    problems, left = [], []
    for slug in gone:
        paper = next((found_by[key] for key in before[slug] if key in found_by), None)
        if paper is None:
            left.append(f"papers/{slug}/")
        else:
            problems.append(Problem(path.get(paper.digests[0], paper.digests[0]), paper.lines[0],
                                    f"this paper's page moved from papers/{slug}/ to papers/{paper.slug}/ (its first "
                                    "record gives its URL): links to the old address break; to keep it, add "
                                    f"'papers/{slug}/: {paper.slug}' under 'aliases:' in collection.yml", "warning"))
    if left:
        shown = ", ".join(left[:3]) + (", …" if len(left) > 3 else "")
        problems.append(Problem(folder, NO_LINE, f"{plural(len(left), 'paper page')} of the last build gone ({shown}): "
                                           "their papers left the collection, or a title without an id changed (keep "
                                           "such a page's address for its paper under 'aliases:' in collection.yml)", "note"))
    return problems


def title_key(title: str) -> str:
    return "title:" + " ".join(unicodedata.normalize("NFKC", title).casefold().split())


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
