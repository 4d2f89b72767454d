"""The collection's topics: reading ``content/topics.yml`` and giving each paper 1 to 3 topics.

A topic is matched against a paper in the shared TF-IDF space (:mod:`generator.vectors`,
title weighted above abstract), never by bare substring. The topic's query is its keywords
(a keyword of several words counts as a phrase), name and description; it is widened by
the distinctive centroid of the papers that match it best, so a paper that shares the
topic's vocabulary but not its exact keywords still finds it, and (for records that have
categories) papers filed where the topic's best papers are filed lean towards it.

Each paper gets its best topic, and up to two more that score at least half as well and
whose keyword phrases it actually uses. Every match records its score and matched terms.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import yaml

from . import texmath
from .collect import RESERVED, paper_finder
from .errors import InputError, Problem
from .model import Digest, Paper, Topic, TopicMatch, new_paper, replaced
from .options import text_problem
from .slugs import MAX_TOPIC_SLUG, slugify
from .vectors import Vectors, category_matrix, model_vectors, normalize, paper_vectors
from .yaml_files import compose

MAX_TOPICS = 3
SECONDARY = 0.5  # a further topic needs this share of the paper's best score
MIN_SCORE = 0.05  # and at least this score
KEYWORD_WEIGHT, NAME_WEIGHT, DESCRIPTION_WEIGHT = 1.0, 0.5, 0.3
CENTROID_WEIGHT = 0.5  # weight of the centroid of a topic's best papers next to its query
BACKGROUND = 1.0  # how much of the collection's mean paper a centroid drops
CATEGORY_WEIGHT = 0.2  # bonus at most, for sharing the categories of a topic's best papers
MAX_TERMS = 5  # matched terms recorded per topic of a paper
TOPIC_KEYS = ("name", "slug", "description", "keywords", "papers", "aliases", "subtopics")
SUBTOPIC_KEYS = TOPIC_KEYS[:-1]  # subtopics have no subtopics of their own
STR = "tag:yaml.org,2002:str"
BOOL = "tag:yaml.org,2002:bool"


# --- loading ---------------------------------------------------------------------------

def load_topics(path: Path) -> tuple[Topic, ...]:
    """The topics of a ``topics.yml``; raises InputError listing every problem found."""
    return load_topics_file(path)[0]


def load_topics_file(path: Path) -> tuple[tuple[Topic, ...], bool]:
    """The topics of a ``topics.yml``, and whether it says they are suggested, not curated
    (``suggested: true``, as ``topics suggest`` and ``new`` write it); raises InputError listing
    every problem found."""
    where = str(path)
    root = compose(Path(path))
    problems: list[Problem] = []
    topics, suggested = _read_root(root, where, problems)
    if problems:
        raise InputError(problems)
    return tuple(topics), suggested


def _read_root(root: yaml.Node | None, where: str, problems: list[Problem]) -> tuple[list[Topic], bool]:
    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else 1
        problems.append(Problem(where, line, "expected a mapping with a 'topics' list"))
        return [], False
    fields = _mapping(root, where, problems, ("suggested", "topics"))
    suggested = _flag(fields.get("suggested"), where, problems)
    items = fields.get("topics")
    if not isinstance(items, yaml.SequenceNode) or not items.value:
        line = (items or root).start_mark.line + 1
        problems.append(Problem(where, line, "'topics' must be a non-empty list of topics"))
        return [], suggested
    topics: list[Topic] = []
    first_line: dict[str, int] = {}  # slugs are unique over topics and subtopics: they name pages
    for item in items.value:
        topic, subtopics = _read_topic(item, where, problems)
        for node, found in [(item, topic), *subtopics]:
            _add_unique(node, found, first_line, topics, where, problems)
    problems += _aliases_taken(topics, first_line, where)
    return topics, suggested


def _aliases_taken(topics: list[Topic], slugs: dict[str, int], where: str) -> list[Problem]:
    """An error at each alias that is a topic's slug (its page is that topic's) or another alias
    (one address, two pages to send readers to)."""
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for topic in topics:
        for alias, line in topic.aliases:
            if alias in slugs:
                problems.append(Problem(where, line, f"the alias '{alias}' is the slug of the topic at line "
                                                     f"{slugs[alias]}: an alias is an address no topic has now"))
            elif alias in first:
                problems.append(Problem(where, line, f"the alias '{alias}' is given twice (first at line {first[alias]})"))
            first.setdefault(alias, line)
    return problems


def _flag(node: yaml.Node | None, where: str, problems: list[Problem]) -> bool:
    """``suggested: true`` or ``false``; absent is false."""
    if node is None:
        return False
    if isinstance(node, yaml.ScalarNode) and node.tag == BOOL:
        return node.value.lower() in ("true", "yes", "on")
    problems.append(Problem(where, node.start_mark.line + 1, "'suggested' must be true or false"))
    return False


def _add_unique(node: yaml.Node, found: tuple[str, Topic | None], first_line: dict[str, int],
                topics: list[Topic], where: str, problems: list[Problem]) -> None:
    slug, topic = found
    line = node.start_mark.line + 1
    if slug in first_line:
        problems.append(Problem(where, line, f"duplicate topic slug '{slug}' "
                                             f"(first used at line {first_line[slug]})"))
    elif slug:
        first_line[slug] = line
        topics += [topic] if topic else []


def _read_topic(node: yaml.Node, where: str, problems: list[Problem], parent: str | None = None
                ) -> tuple[tuple[str, Topic | None], list[tuple[yaml.Node, tuple[str, Topic | None]]]]:
    """The topic's slug (when it has one) and the topic (None when it has problems), and the
    same for each of its subtopics with their nodes (none when ``parent`` is given: a subtopic)."""
    line = node.start_mark.line + 1
    kind = "a subtopic" if parent is not None else "a topic"
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(where, line, f"{kind} must be a mapping with name, description, keywords"))
        return ("", None), []
    before = len(problems)
    fields = _mapping(node, where, problems, TOPIC_KEYS if parent is None else SUBTOPIC_KEYS)
    name = _text(fields.get("name"), "name", where, problems, required=True, at=line)
    description = _text(fields.get("description"), "description", where, problems)
    keywords = _keywords(fields.get("keywords"), where, problems)
    papers = _papers(fields.get("papers"), where, problems)
    aliases = _aliases(fields.get("aliases"), where, problems)
    slug = _slug(fields.get("slug"), name, where, problems, line)
    subtopics = _subtopics(fields.get("subtopics"), slug, where, problems)
    if len(problems) > before or not name or not slug:
        return (slug, None), subtopics
    return (slug, Topic(slug=slug, name=name, description=description, keywords=keywords,
                        parent=parent or "", papers=papers, aliases=aliases)), subtopics


def _subtopics(node: yaml.Node | None, parent: str, where: str, problems: list[Problem]
               ) -> list[tuple[yaml.Node, tuple[str, Topic | None]]]:
    """A topic's ``subtopics``: a list of mappings like a topic's, without subtopics of their own."""
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problems.append(Problem(where, node.start_mark.line + 1,
                                "'subtopics' must be a non-empty list of subtopics (name, description, keywords)"))
        return []
    return [(item, _read_topic(item, where, problems, parent)[0]) for item in node.value]


def main_topics(topics: Sequence[Topic]) -> tuple[Topic, ...]:
    """The topics, without their subtopics."""
    return tuple(t for t in topics if not t.parent)


def _mapping(node: yaml.MappingNode, where: str, problems: list[Problem],
             allowed: tuple[str, ...]) -> dict[str, yaml.Node]:
    fields: dict[str, yaml.Node] = {}
    for key, value in node.value:
        line = key.start_mark.line + 1
        if key.value == "subtopics" and key.value not in allowed:
            problems.append(Problem(where, line, "a subtopic has no subtopics of its own (topics have two levels)"))
        elif key.value not in allowed:
            problems.append(Problem(where, line, f"unknown key '{key.value}' "
                                                 f"(expected {', '.join(allowed)})"))
        elif key.value in fields:
            problems.append(Problem(where, line, f"duplicate key '{key.value}'"))
        else:
            fields[key.value] = value
    return fields


def _text(node: yaml.Node | None, key: str, where: str, problems: list[Problem],
          required: bool = False, at: int = 0) -> str:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag != STR and node.value == ""):
        if required:
            problems.append(Problem(where, at, f"topic has no '{key}'"))
        return ""
    if not isinstance(node, yaml.ScalarNode) or node.tag != STR:
        problems.append(Problem(where, node.start_mark.line + 1, f"'{key}' must be text" + _quote_hint(node)))
        return ""
    value = " ".join(node.value.split())
    if required and not value:
        problems.append(Problem(where, node.start_mark.line + 1, f"'{key}' is empty"))
    if wrong := text_problem(value):  # (a page's head and a feed can hold neither)
        problems.append(Problem(where, node.start_mark.line + 1, f"'{key}': {wrong}"))
    return value


YAML_KINDS = {"tag:yaml.org,2002:bool": "a YAML boolean", "tag:yaml.org,2002:int": "a YAML number",
              "tag:yaml.org,2002:float": "a YAML number", "tag:yaml.org,2002:null": "YAML's null",
              "tag:yaml.org,2002:timestamp": "a YAML date"}


def _quote_hint(node: yaml.Node) -> str:
    """Why a plain word is not text to YAML (``yes``, ``360``, ``null``), and how to make it text."""
    kind = YAML_KINDS.get(node.tag) if isinstance(node, yaml.ScalarNode) and node.value.strip() else None
    return f": {node.value!r} is {kind}, put it in quotes (\"{node.value}\") to mean the text" if kind else ""


def _keywords(node: yaml.Node | None, where: str, problems: list[Problem]) -> tuple[str, ...]:
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        problems.append(Problem(where, node.start_mark.line + 1, "'keywords' must be a list of strings"))
        return ()
    keywords: dict[str, str] = {}
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or item.tag != STR or not item.value.strip():
            problems.append(Problem(where, item.start_mark.line + 1,
                                    "each keyword must be a non-empty string" + _quote_hint(item)))
            continue
        keyword = " ".join(item.value.split())
        keywords.setdefault(keyword.casefold(), keyword)
    return tuple(keywords.values())


def _papers(node: yaml.Node | None, where: str, problems: list[Problem]) -> tuple[tuple[str, int], ...]:
    """A topic's ``papers``: ids (any form: ``2309.12345``, an arXiv or DOI address) or titles,
    each with its line; an id is read as written (YAML would read ``2309.10100`` as a number)."""
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        problems.append(Problem(where, node.start_mark.line + 1, "'papers' must be a list of paper ids or titles"))
        return ()
    papers = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or not item.value.strip() or item.tag == BOOL:
            problems.append(Problem(where, item.start_mark.line + 1, "each of 'papers' must be a paper's id or title"))
            continue
        papers.append((" ".join(item.value.split()), item.start_mark.line + 1))
    return tuple(papers)


def _aliases(node: yaml.Node | None, where: str, problems: list[Problem]) -> tuple[tuple[str, int], ...]:
    """A topic's ``aliases``: the slugs its earlier pages had (a topic renamed, or topics merged
    into it), each with its line."""
    if node is None:
        return ()
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    aliases = []
    for item in items:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.ScalarNode) or item.tag != STR or slugify(item.value) != item.value or not item.value:
            # (an empty one made pages topics/1/, topics/2/, …; a bad one was not named: three alike on a line)
            named = f" ({item.value!r} is not)" if isinstance(item, yaml.ScalarNode) and item.tag == STR else ""
            problems.append(Problem(where, line, "each of 'aliases' must be an earlier slug of the topic: lowercase "
                                                 f"letters, digits and hyphens{named}" + _quote_hint(item)))
        elif item.value in RESERVED or item.value == "index" or len(item.value) > MAX_TOPIC_SLUG:
            problems.append(Problem(where, line, f"the alias '{item.value}' cannot be a topic page's slug"))
        else:
            aliases.append((item.value, line))
    return tuple(aliases)


def pin_papers(papers: Sequence[Paper], topics: Sequence[Topic], where: str,
               every: Sequence[Topic] = ()) -> tuple[list[Paper], list[Problem]]:
    """The papers with the topics whose ``papers`` name them instead of their matched ones (a
    subtopic brings its topic; a pinned topic keeps the paper's subtopic of it, if it has one,
    among ``every`` topic, suggested subtopics too), and a warning for each name that is no
    paper's (at ``where``, the topics file, its line)."""
    pins = [(topic, text, line) for topic in topics for text, line in topic.papers]
    if not pins:
        return list(papers), []
    find = paper_finder(papers)
    chosen: dict[int, list[str]] = {}
    problems = []
    for topic, text, line in pins:
        i = find(text)
        if i is None:
            problems.append(Problem(where, line, f"no paper of the collection has the id, title or slug {text!r} "
                                                 f"(listed under '{topic.slug}')", "warning"))
        else:
            chosen.setdefault(i, []).extend([topic.parent, topic.slug] if topic.parent else [topic.slug])
    parents = {t.slug: t.parent for t in [*topics, *every]}
    result = list(papers)
    for i, slugs in chosen.items():
        narrowed = {parents[slug] for slug in slugs if parents.get(slug)}  # topics a subtopic of which is pinned
        kept = [m.topic for m in papers[i].topics  # the subtopic it matched of a topic pinned alone
                if parents.get(m.topic) in slugs and parents[m.topic] not in narrowed]
        wanted = list(dict.fromkeys(slugs + kept))
        order = sorted(wanted, key=lambda slug: bool(parents.get(slug)))  # topics, then subtopics
        result[i] = replaced(papers[i], topics=tuple(TopicMatch(slug, 1.0) for slug in order))
    return result, problems


def _slug(node: yaml.Node | None, name: str, where: str, problems: list[Problem], at: int) -> str:
    if node is not None and (not isinstance(node, yaml.ScalarNode) or node.tag != STR
                             or slugify(node.value) != node.value):
        problems.append(Problem(where, node.start_mark.line + 1,
                                "'slug' must be lowercase letters, digits and hyphens" + _quote_hint(node)))
        return ""
    slug = slugify(name) if node is None else node.value
    if name and (not slug or slug in RESERVED or slug == "index" or len(slug) > MAX_TOPIC_SLUG):  # the topic's folder of the site
        reason = ("the slug 'index' is the topics page's" if slug == "index" else
                  f"the slug is {len(slug):,} characters long (at most {MAX_TOPIC_SLUG})" if len(slug) > MAX_TOPIC_SLUG else
                  f"the slug '{slug}' is reserved on Windows" if slug else
                  "the name gives no slug" if node is None else "'slug' is empty")
        problems.append(Problem(where, at if node is None else node.start_mark.line + 1,
                                f"{reason}: give the topic a 'slug' of its own"))
        return ""
    return slug


# --- assignment ------------------------------------------------------------------------

def assign_topics(papers: Sequence[Paper], topics: Sequence[Topic],
                  model: Sequence[Paper] | None = None) -> list[Paper]:
    """Papers with ``topics``: 1 to 3 TopicMatch each, best first (none if no topics).

    The topic model (the TF-IDF weights and the topics' widened queries) is fitted on ``model``
    (records as the oldest digests gave them; default: the papers themselves), and every paper
    is then scored on its own in it: papers outside ``model`` never move the topics of others."""
    return assign_with_model(papers, topics, model)[0]


def assign_with_model(papers: Sequence[Paper], topics: Sequence[Topic], model: Sequence[Paper] | None = None,
                      model_rows: bool = False, everyone: Sequence[Paper] = (),
                      space: Vectors | None = None) -> tuple[list[Paper], list[Paper]]:
    """``assign_topics``, and with ``model_rows`` the model's records with their own topics too:
    the matches ``assign_topics`` gives a paper of the same text, read off the rows the model is
    fitted on (each row is scored on its own: fitting the space again for them, as a second
    ``assign_topics`` did, gives the same numbers at twice the cost).

    ``everyone``: with a model, the whole collection, of which ``papers`` are some: the space is
    fitted on all of it, as a full build fits it (a paper's row is the same in either space), and
    related papers use that fit again (:func:`generator.related.relate`) instead of making one;
    ``space``: that fit, when known (asked for by the key of its 16,500 texts at 10,000 papers, it is
    found again at the cost of a tenth of the papers' scoring). The model's rows weigh the topics;
    they are scored only with ``model_rows`` (a new digest's 50 papers were scored beside 6,800
    records: 0.10 s CPU at 10,000 papers, 0.055 s now)."""
    if not topics or not papers:
        return list(papers), []
    if model is None:
        rows, vectors, order = papers, paper_vectors(papers), _slug_order(papers)
    else:
        fit = [replaced(p, slug=f"{MODEL_ROW}{i}") for i, p in enumerate(model)]
        rows = [*papers, *fit]
        fitted = [*everyone, *fit] if everyone else rows
        vectors = space or model_vectors(fitted, {p.slug for p in fit},
                                         [text for t in topics for text in (t.name, t.description, *t.keywords)])
        if everyone:  # the rows of ``papers`` and of the model, as a fit of them alone has them
            position = {p.slug: i for i, p in enumerate(everyone)}
            picked = np.array([position[p.slug] for p in papers] + list(range(len(everyone), len(fitted))), dtype=np.int64)
            vectors = dataclasses.replace(vectors, matrix=vectors.matrix[picked])
        order = np.arange(len(papers), len(rows), dtype=np.int64)
    categories = category_matrix(rows)
    queries, fields = topic_weights(vectors, topics, order, categories)
    scored = rows if model is not None and model_rows else papers
    if len(scored) < len(rows):  # the model's rows weigh the topics, and need no scores of their own
        vectors = dataclasses.replace(vectors, matrix=vectors.matrix[: len(scored)])
    scores = weighted_scores(vectors.matrix, categories[: len(scored)], queries, fields)
    hits = keyword_hits(vectors, topics)
    chosen = choose(scores, [t.slug for t in topics], hits.found(scores.shape))
    terms = matched_terms(vectors, queries, chosen, hits)
    slugs = [t.slug for t in topics]
    matched = [replaced(p, topics=tuple(
                   TopicMatch(slugs[t], round(float(scores[i, t]), 3), terms[i, t]) for t in row))
               for i, (p, row) in enumerate(zip(scored, chosen))]
    return matched[: len(papers)], matched[len(papers):]


MODEL_ROW = "\x00model:"  # slugs of the model's own rows, never a paper's


def model_records(digests: Sequence[Digest], enriched: Sequence[Paper] = ()) -> list[Paper]:
    """What the topic model is fitted on: every record of the oldest 2**k digests (the largest
    power of two not above the number of digests), as those digests gave it. The model so
    depends on those files alone: a new digest changes no earlier paper's topics (not even when
    it brings a newer text of a paper) until the count of digests reaches 2, 4, 8, …, and a
    full and an incremental build give the same topics.

    ``enriched``: papers as :func:`generator.enrich.enrich` made them, whose plain title and
    abstract are those of a record of the same TeX (most records are the text of a paper): read
    off them, not made again (at 10,000 papers, 13,000 texts each build)."""
    titles = {p.title: p.title_text for p in enriched}
    abstracts = {p.abstract: p.abstract_text for p in enriched}

    def title_text(title: str) -> str:
        found = titles.get(title)
        return " ".join(texmath.to_text(title).split()) if found is None else found

    def abstract_text(abstract: str) -> str:
        found = abstracts.get(abstract)
        return texmath.to_text(abstract) if found is None else found

    return [new_paper(key="", slug="", title=e.title, abstract=e.abstract, source=e.source, categories=e.categories,
                  title_text=title_text(e.title), abstract_text=abstract_text(e.abstract))
            for d in model_digests(digests) for e in d.entries]


def model_digests(digests: Sequence[Digest]) -> list[Digest]:
    """The oldest 2**k digests (the largest power of two not above their number): the model's."""
    oldest = sorted(digests, key=lambda d: (d.date or "9999", d.name))
    return oldest[: 1 << (len(oldest).bit_length() - 1)] if oldest else []


def topic_queries(vectors: Vectors, topics: Sequence[Topic]) -> sp.csr_matrix:
    """One unit row per topic: its keywords, name and description, weighted."""
    keywords = _keyword_queries(vectors, topics)
    names = vectors.transform([t.name for t in topics])
    descriptions = vectors.transform([t.description for t in topics])
    query = KEYWORD_WEIGHT * keywords + NAME_WEIGHT * names + DESCRIPTION_WEIGHT * descriptions
    return normalize(query).tocsr()


def _keyword_queries(vectors: Vectors, topics: Sequence[Topic]) -> sp.csr_matrix:
    """Per topic: the sum of its keywords' phrase counts, TF-IDF weighted, unit length."""
    phrases = vectors.phrases([k for t in topics for k in t.keywords])
    owner = [i for i, t in enumerate(topics) for _ in t.keywords]
    summed = sp.csr_matrix((np.ones(len(owner), np.float32), (owner, np.arange(len(owner)))),
                           shape=(len(topics), len(owner))) @ phrases
    return normalize(vectors.idf.transform(summed)).astype(np.float32)


def topic_scores(vectors: Vectors, topics: Sequence[Topic], order: np.ndarray,
                 categories: sp.csr_matrix) -> tuple[np.ndarray, sp.csr_matrix]:
    """Papers x topics: cosine with each topic's query widened by its centroid, plus (when
    records have categories) a bonus for the categories its best papers are filed under."""
    widened, fields = topic_weights(vectors, topics, order, categories)
    return weighted_scores(vectors.matrix, categories, widened, fields), widened


def topic_weights(vectors: Vectors, topics: Sequence[Topic], order: np.ndarray,
                  categories: sp.csr_matrix) -> tuple[sp.csr_matrix, sp.csr_matrix | None]:
    """What :func:`topic_scores` reads of the rows ``order`` (the records the model is fitted
    on): each topic's query widened by its centroid, and the categories its best records are
    filed under (None when no row has a category). A paper's scores are its row's products
    with them alone (:func:`weighted_scores`), so the papers of a topic can be scored apart."""
    matrix = vectors.matrix[order]
    queries = topic_queries(vectors, topics)
    first = (matrix @ queries.T).toarray()
    best = first.argmax(axis=1)
    weight = np.where(first.max(axis=1) >= MIN_SCORE, first.max(axis=1), 0.0)
    members = sp.csr_matrix((weight, (best, np.arange(len(order)))), shape=(len(topics), len(order)))
    centroids = distinctive_centroids(members, matrix)
    widened = normalize(queries + CENTROID_WEIGHT * centroids).tocsr()
    fields = normalize(members @ categories[order]) if categories.shape[1] else None
    return widened, fields


def weighted_scores(matrix: sp.csr_matrix, categories: sp.csr_matrix, widened: sp.csr_matrix,
                    fields: sp.csr_matrix | None) -> np.ndarray:
    """Rows x topics: the scores of :func:`topic_weights`' queries and categories."""
    scores = (matrix @ widened.T).toarray()
    if fields is not None:
        scores += CATEGORY_WEIGHT * (categories @ fields.T).toarray()
    return scores


def distinctive_centroids(members: sp.csr_matrix, matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Unit rows: each topic's weighted mean paper, less the collection's mean paper, so that
    what every paper says ("multi-agent", "interactive") does not pull papers in."""
    totals = np.asarray(members.sum(axis=1)).ravel()
    means = (members @ matrix).tocoo()  # sparse: a dense topics x terms array is GBs at 100,000 papers
    background = np.asarray(matrix.mean(axis=0)).ravel()
    values = means.data / np.maximum(totals, 1e-9)[means.row] - BACKGROUND * background[means.col]
    kept = values > 0  # the clip at zero: a term the topic's papers use less than the collection
    return normalize(sp.csr_matrix((values[kept], (means.row[kept], means.col[kept])), shape=means.shape))


def choose(scores: np.ndarray, slugs: Sequence[str], found: np.ndarray) -> list[list[int]]:
    """Per paper: its best topic, then up to two more that score nearly as well and whose
    keywords the paper actually uses (``found``; similarity alone places a paper, but does
    not spread it over topics). Ties go to the topic slug first in order."""
    by_slug = np.argsort(np.argsort(np.array(slugs, dtype=object)))
    order = np.lexsort((np.broadcast_to(by_slug, scores.shape), -scores), axis=1)
    ranked = np.take_along_axis(scores, order, axis=1)
    floor = np.maximum(MIN_SCORE, SECONDARY * ranked[:, :1])
    keep = (ranked >= floor) & np.take_along_axis(found, order, axis=1)
    keep[:, 0] = True
    keep &= np.cumsum(keep, axis=1) <= MAX_TOPICS
    rows, ranks = np.nonzero(keep)
    picked = order[rows, ranks]
    return [chunk.tolist() for chunk in np.split(picked, np.cumsum(keep.sum(axis=1))[:-1])]


@dataclasses.dataclass(frozen=True)
class KeywordHits:
    """Topic keywords found in papers (every term of the keyword occurs in the paper), as
    parallel arrays sorted by paper, then by the keyword's weight in the paper."""

    paper: np.ndarray
    topic: np.ndarray
    text: tuple[str, ...]

    def found(self, shape: tuple[int, int]) -> np.ndarray:
        """Papers x topics: whether the paper uses any keyword of the topic."""
        found = np.zeros(shape, dtype=bool)
        found[self.paper, self.topic] = True
        return found


def keyword_hits(vectors: Vectors, topics: Sequence[Topic]) -> KeywordHits:
    owned = [(t, keyword) for t, topic in enumerate(topics) for keyword in topic.keywords]
    columns = vectors.columns([keyword for _, keyword in owned]) if owned else []
    flat = [(t, keyword, cols) for (t, keyword), cols in zip(owned, columns)]
    flat = [entry for entry in flat if entry[2]]
    if not flat:
        return KeywordHits(np.zeros(0, int), np.zeros(0, int), ())
    rows = [r for r, (_, _, cols) in enumerate(flat) for _ in cols]
    cols = [c for _, _, cs in flat for c in cs]
    keywords = sp.csr_matrix((np.ones(len(cols), np.float32), (rows, cols)),
                             shape=(len(flat), vectors.matrix.shape[1]))
    occurs = vectors.matrix.copy()
    occurs.data[:] = 1
    hits = (occurs @ keywords.T).tocsr()
    weight = (vectors.matrix @ keywords.T).tocsr()  # the same sparsity as hits
    hits.sort_indices()
    weight.sort_indices()
    needed = np.array([len(cols) for _, _, cols in flat])
    paper = np.repeat(np.arange(hits.shape[0]), np.diff(hits.indptr))
    full = hits.data >= needed[hits.indices]
    paper, keyword, strength = paper[full], hits.indices[full], weight.data[full]
    order = np.lexsort((keyword, -strength, paper))
    owner = np.array([t for t, _, _ in flat])
    texts = [text for _, text, _ in flat]
    return KeywordHits(paper[order], owner[keyword[order]], tuple(texts[k] for k in keyword[order]))


def matched_terms(vectors: Vectors, queries: sp.csr_matrix, chosen: list[list[int]],
                  hits: KeywordHits) -> dict[tuple[int, int], tuple[str, ...]]:
    """Why each paper got each topic: the topic's keywords it uses (strongest first), else
    the terms that contribute most to its score."""
    wanted = {(i, t) for i, row in enumerate(chosen) for t in row}
    found: dict[tuple[int, int], list[str]] = {}
    for paper, topic, text in zip(hits.paper.tolist(), hits.topic.tolist(), hits.text):
        if (paper, topic) in wanted:
            found.setdefault((paper, topic), []).append(text)
    terms = {pair: tuple(words[:MAX_TERMS]) for pair, words in found.items()}
    unexplained: dict[int, list[int]] = {}
    for paper, topic in sorted(wanted - found.keys()):
        unexplained.setdefault(topic, []).append(paper)
    for topic, papers in unexplained.items():
        contribution = vectors.matrix[papers].multiply(queries[topic]).tocsr()
        for paper, strongest in zip(papers, _strongest(vectors, contribution)):
            terms[paper, topic] = strongest
    return terms


def _strongest(vectors: Vectors, contribution: sp.csr_matrix, count: int = 3) -> list[tuple[str, ...]]:
    """Per row: the terms of its ``count`` largest entries."""
    rows = np.repeat(np.arange(contribution.shape[0]), np.diff(contribution.indptr))
    order = np.lexsort((contribution.indices, -contribution.data, rows))
    rank = np.arange(len(order)) - contribution.indptr[rows[order]]
    top = order[rank < count]
    result: list[list[str]] = [[] for _ in range(contribution.shape[0])]
    for row, column in zip(rows[top].tolist(), contribution.indices[top].tolist()):
        result[row].append(vectors.term(column))
    return [tuple(terms) for terms in result]


def _slug_order(papers: Sequence[Paper]) -> np.ndarray:
    return np.array(sorted(range(len(papers)), key=lambda i: papers[i].slug), dtype=np.int64)
