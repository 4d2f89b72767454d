"""Search: what is indexed, and the lunr index of it (the reference the shards must agree with).

Every paper is one document with six fields: title, abstract, authors, topics, id and source
categories. Text goes through lunr.py's pipeline (lunr's tokenizer, trimmer, stop words, Porter
stemmer) and is weighed by lunr's BM25 with field boosts, title first. Text is NFKC-folded first,
so a TeX title ``GA-S$^3$`` (plain text ``GA-S³``) is found by typing ``GA-S3``.

``build_index`` is the whole index exactly as lunr.py builds it (the tests compare the two byte
for byte): the reference that ``lunr.js`` searches in the ranking test. The site ships the same
postings split into small files instead (``search_shards``), so a query loads only what it needs.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence

import lunr
from lunr import get_default_builder
from lunr.idf import idf

from .categories import CODE, category_label
from .citation import identifiers
from .spelling import american
from .model import Paper
from .texmath import accented
from .vectors import CJK_CHARS

FIELDS = [
    {"field_name": "title", "boost": 10},
    {"field_name": "abstract", "boost": 1},
    {"field_name": "authors", "boost": 3},
    {"field_name": "topics", "boost": 2},
    {"field_name": "id", "boost": 5},
    {"field_name": "categories", "boost": 1},
]
FIELD_NAMES = [f["field_name"] for f in FIELDS]
K1, B = 1.2, 0.75  # lunr's BM25 parameters

# lunr's own separator characters, "/" and Unicode's dashes: "Force/Torque" and "DT/PT" are two
# words each (lunr keeps them one, found only as typed whole), a DOI is two words in the index and
# in a query alike, and "Navier–Stokes" (an en dash: BibTeX's "--") is found by "Stokes"; "<" and
# ">" too: a title's "<i>Drosophila</i>" or "<think>" was the word "i>drosophila</i", which no query found
SEPARATOR = re.compile(r"[ \t\n\r\f\v\xa0/<>\u2010-\u2015-]+")
DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015", " "))
# English's possessive ending, dropped before splitting: lunr trims "bird's" to "bird'", which
# "bird" never finds ("Bird's Eye View", "A Practitioner's Guide"); search.js drops it so too
POSSESSIVE = re.compile(r"['\u2019]s(?!\w)", re.IGNORECASE)
# The characters Python's str.split() splits on besides lunr's separators: a text without any is
# split by str.split() (C's whitespace split, several times faster than the regular expression).
OTHER_SPACE = re.compile("[\x1c-\x1f\x85\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def _american_token(token, i=None, tokens=None):
    return token.update(lambda text, metadata=None: american(text))


lunr.pipeline.Pipeline.register_function(_american_token, "american")


def indexing_pipeline():
    """lunr's indexing pipeline (trimmer, stop-word filter, stemmer) with American spelling after the trimmer."""
    pipeline = get_default_builder().pipeline
    pipeline.after(lunr.trimmer.trimmer, _american_token)
    return pipeline


def fold(text: str) -> str:
    """What is indexed of a text: NFKC, so ``S³`` is ``S3`` and ligatures are letters, less the
    accents of Latin letters, so that "Gomez" finds "Gómez" (``search.js`` folds a query so), and
    TeX's accented letters as letters (arXiv's ``Schr\\"odinger`` is found as "Schrödinger"), and
    Chinese, Japanese and Korean as pairs of characters and single ones (:func:`cjk_terms`: "医学"
    is found in "中文医学问答"; ``search.js`` splits a query so)."""
    text = accented(text)
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", _ACCENTS.sub("", unicodedata.normalize("NFKD", _INVISIBLE.sub("", text))))
    return cjk_terms(text.translate(LETTERS) if _LETTERS.search(text) else text)


# A run of Chinese, Japanese or Korean characters with the punctuation beside it ("。", "、", "（"):
# the punctuation before it is tried from where a run of punctuation begins only (the lookbehind),
# since trying it from each of its characters took quadratic time on a long run of punctuation
# without such characters after it (an abstract's 20,000 "=" took 3 s, 80,000 made a build of 90 s)
_CJK_RUN = re.compile(rf"(?:(?<![^\w\s])[^\w\s]+)?({CJK_CHARS}+)[^\w\s]*")


def cjk_terms(text: str) -> str:
    """``text`` with each run of Chinese, Japanese or Korean characters as its overlapping pairs
    (:func:`generator.vectors.cjk_pairs`) and its single characters, which a query of one
    character finds ("医", "学"), and without the punctuation beside it (a term "。" found every
    paper); the middle dot joins ("ディープ・ラーニング" is "ディープラーニング")."""
    if "\u30fb" in text:
        text = text.replace("\u30fb", "")
    return _CJK_RUN.sub(lambda m: " " + " ".join([*(m[1][i:i + 2] for i in range(len(m[1]) - 1)), *m[1]]) + " ", text)


_ACCENTS = re.compile("[\u0300-\u036f]")  # Unicode's combining diacritical marks
# Characters that show nothing inside a word: a soft hyphen ("rep\u00adresentation"), zero-width
# spaces and joiners (Persian writes "مدل‌های" with one, typed "مدلهای"), direction marks, a word
# joiner: "representation" found no "rep\u00adresentation" (search.js drops them from a query too)
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u2060\ufeff]")
# Latin letters with a stroke or a ligature, which Unicode does not decompose: "Ostergaard" finds
# "Østergaard", "Lukasz" "Łukasz", "isik" "Işık" (meta.json gives search.js this table for queries);
# and the typographic apostrophes as the typewriter's: a phone types "They’re" and "O’Neill", which
# found no "They're" (nor an export's "Don’t" a typed "Don't")
STROKED = {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
           "ħ": "h", "Ħ": "H", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th",
           "\u2019": "'", "\u2018": "'", "\u02bc": "'"}
LETTERS = str.maketrans(STROKED)
_LETTERS = re.compile(f"[{''.join(STROKED)}]")


def category_text(category: str) -> str:
    """A category as searched: its name and its code apart ("Computation and Language cs.CL"),
    since lunr's trimmer keeps "(cs.cl)" whole, which the query "cs.CL" never finds."""
    return CODE.sub(r" \1", category)


def id_text(paper: Paper) -> str:
    """A paper's id as searched, with the DOI of its published version beside an arXiv id (the DOI
    its page links and cites: pasted into the search box, it found nothing), and a PubMed id's
    number beside it ("PMID:37700001" is one word: the number PubMed shows found nothing)."""
    doi = identifiers(paper).doi
    pmid = _PMID.fullmatch(paper.id)
    text = f"{paper.id} {pmid.group(1)}" if pmid else paper.id
    return f"{text} {doi}" if doi and doi != paper.id.lower() else text


_PMID = re.compile(r"PMID:([0-9]+)")  # a PubMed paper without a DOI, as the readers give its id


# A word written with hyphens: of two to four parts, one with a letter ("pre-training", "GPT-4",
# "state-of-the-art"; not "2-3")
COMPOUND = re.compile(r"(?<![\w-])\w+(?:-\w+){1,3}(?![\w-])")


def with_compounds(text: str) -> str:
    """``text`` (folded) and, after it, each word it writes with hyphens as one word, its parts
    joined: lunr splits "pre-training" at its hyphen, so "pretraining", as others write it and
    readers type it, missed it (on the arXiv day 92 abstracts write "pre-training" and 28
    "pretraining"; "GPT4" missed "GPT-4", "multiagent" "multi-agent"). ``search.js`` also seeks
    the joined word for a hyphenated word typed, so "fine-tuning" finds "finetuning"."""
    if "-" not in text:
        return text
    joined = ["".join(words(compound)) for compound in COMPOUND.findall(text) if not compound.replace("-", "").isdigit()]
    return f"{text} {' '.join(joined)}" if joined else text


def search_documents(papers: Sequence[Paper], topic_names: Mapping[str, str]) -> list[dict]:
    """One document per paper, ``ref`` its position in display order: the text of each field (the
    title and abstract with their hyphenated words joined too: :func:`with_compounds`)."""
    return [
        {
            "ref": str(i),
            "title": with_compounds(fold(p.title_text)),
            "abstract": with_compounds(fold(p.abstract_text)),
            "authors": fold(" ".join(p.authors)),
            "topics": fold(" ".join(topic_names.get(m.topic, m.topic) for m in p.topics)),
            "id": fold(id_text(p)),
            "categories": fold(" ".join(category_text(category_label(c)) for c in p.categories)),
        }
        for i, p in enumerate(papers)
    ]


def words(text: str) -> list[str]:
    """lunr's tokenizer at C speed: the text's words between the separators (not lowercased),
    less possessive endings."""
    if "'" in text or "\u2019" in text:
        text = POSSESSIVE.sub("", text)
    if OTHER_SPACE.search(text):
        return [w for w in SEPARATOR.split(text) if w]
    if not text.isascii():
        text = text.translate(DASHES)
    if "<" in text or ">" in text:
        text = text.replace("<", " ").replace(">", " ")
    return text.replace("-", " ").replace("/", " ").split()


class Terms(dict):
    """word → its index terms, by lunr's indexing pipeline (trimmer, American spelling, stop-word
    filter, stemmer)."""

    def __init__(self):
        super().__init__()
        self.pipeline = indexing_pipeline()

    def __missing__(self, word: str) -> tuple[str, ...]:
        terms = self[word] = tuple(self.pipeline.run_string(word.lower()))
        return terms

    def of(self, text: str) -> list[str]:
        """The index terms of a field's text, in order, repeats kept."""
        return [term for word in words(text) for term in self[word]]


def idf_of(postings: int, documents: int) -> float:
    """lunr's idf (``lunr.idf.idf``), from the number of (field, document) postings of a term:
    its expression, operation for operation (lunr counts the keys of a dict of the postings:
    made for a term of every paper, that dict took a tenth of the weighing)."""
    return math.log(1 + abs((documents - postings + 0.5) / (postings + 0.5)))


def build_index(documents: Sequence[Mapping[str, str]]) -> str:
    """The serialized lunr index of ``documents`` (a "ref" and the text of each field)."""
    fields = [(f["field_name"], f["boost"]) for f in FIELDS]
    terms_of = Terms()
    postings = _Postings([name for name, _ in fields])
    counted = []  # (field name, ref, {term: count}, field length) in lunr's order
    for doc in documents:
        ref = str(doc["ref"])
        for name, _ in fields:
            terms = terms_of.of(doc[name])
            counts = Counter(terms)  # in order of first use, as lunr counts them
            for term in counts:
                postings[term][name][ref] = {}
            counted.append((name, ref, counts, len(terms)))
    return json.dumps(_serialize(fields, counted, postings, len(documents)), separators=(",", ":"), ensure_ascii=False)


class _Postings(dict):
    """term → {field: {ref: {}}, "_index": n}, numbered in order of first use."""

    def __init__(self, fields: list[str]):
        super().__init__()
        self.fields = fields

    def __missing__(self, term: str) -> dict:
        posting = self[term] = {**{field: {} for field in self.fields}, "_index": len(self)}
        return posting


def _serialize(fields: list[tuple[str, int]], counted: list, postings: dict[str, dict], n: int) -> dict:
    """lunr's BM25 field vectors (k1 1.2, b 0.75, weights rounded to 3 places) and inverted index."""
    boosts = dict(fields)
    lengths = {name: 0 for name, _ in fields}
    for name, _, _, length in counted:
        lengths[name] += length
    docs = max(1, len(counted) // len(fields))
    average = {name: lengths[name] / docs for name, _ in fields}
    terms = {term: (posting["_index"], idf(posting, n)) for term, posting in postings.items()}
    vectors = []
    for name, ref, counts, length in counted:
        if not counts:  # an empty field (maybe in every paper: no average length to divide by)
            vectors.append([f"{name}/{ref}", []])
            continue
        norm, boost = K1 * (1 - B + B * (length / average[name])), boosts[name]
        weights = sorted((terms[term][0], round(terms[term][1] * ((K1 + 1) * tf) / (norm + tf) * boost, 3))
                         for term, tf in counts.items())
        vectors.append([f"{name}/{ref}", [x for pair in weights for x in pair]])
    return {
        "version": lunr.__TARGET_JS_VERSION__,
        "fields": [name for name, _ in fields],
        "fieldVectors": vectors,
        "invertedIndex": [[term, postings[term]] for term in sorted(postings)],
        "pipeline": get_default_builder().search_pipeline.serialize(),
    }
