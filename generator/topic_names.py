"""Names and descriptions of suggested topics, as a curator would write them.

A cluster's best terms (``suggest.distinctive_terms``) are lowercase normal forms: "reward
function", "monte carlo", "generalized". A name is the first of them that reads as one, written
as the cluster's own titles and abstracts write it:

- in the number the titles use ("Reasoning models"), with the capitals of proper names
  ("Monte Carlo", not "Monte carlo"; not those spelling out an acronym, as in "Model
  Predictive Control (MPC)") and the hyphens most uses have ("Multi-agent");
- with the words that follow it in most uses ("Scaling laws", "Chain-of-thought");
- never a fragment of a longer phrase ("Deep reinforcement"), an adjective ("Generalized",
  "Context-aware") or a verb ("Identify") when a better term is there.

Only NAMED_FROM titles and abstracts of a cluster are read: enough to see how a term is
written, and a 10,000-paper build names about 150 subtopics.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from .slugs import slugify
from .vectors import STOP_WORDS, cjk_written

# Words that do not begin or end a name a curator would write: fragments of longer phrases
# ("deep reinforcement", "open ended", "large language") and words of every field ("task",
# "framework", "diverse application"). A phrase with one at either end is named only when
# the cluster has nothing better; its keywords keep it.
FRAGMENTS = frozenset("""
    based driven deep open ended large diverse fundamental prior future data level scale wide
    range high low long short real complex general specific multi end state task tasks
    approach method methods framework problem problems performance application
    applications challenge challenges able unified versatile improving implicit explicit
    information just number output focus individual million scalable understand required
    investigate impact reveal dimensional supervised unsupervised like human make makes
    learning learn learned efficient robust simple strong better good project page code source
    technique techniques struggle ensure""".split())
ENDS_A_NAME = frozenset({"learning"})  # "Reinforcement learning", but not "Learning framework"
NAME_FROM = 2  # a phrase among a cluster's two best terms names it before a single word
EXTEND_SHARE = 0.5  # of a term's uses followed by one word, to name a cluster by both ("Scaling laws")
MODIFIER_SHARE = 0.8  # of a word's uses qualifying the next word: it names nothing alone ("Generalized")
LONGEST_NAME = 4  # words a name is extended to
NAMED_FROM = 40  # titles, and abstracts, of a cluster read to write its name
CAPITALS_SHARE = 0.9  # of a word's uses mid-sentence keeping a capital (two at least), for a name to keep it
ACRONYM_AFTER = re.compile(r"(?:[\s-]+[A-Z][\w-]*)*\s*\(\s*[A-Z]")  # "… Predictive Control (MPC)": capitals for the acronym
VERB_SHARE = 0.4  # of a word's uses after one of BEFORE_VERBS: a verb, not a name ("Identify")
BEFORE_VERBS = frozenset("we to can could may might will would should must cannot also often then "
                          "is are was were be been being has have had".split())
# Acronyms as a curator writes them, for names ("AI agents", not "Ai agent").
ACRONYMS = {w.lower(): w for w in "AI LLM LLMs RL GPT NLP VLM VLA GNN CNN RAG ML 3D 2D QA".split()}
DESCRIBED = 4  # terms a topic's description names
SEPARATOR = "[\\s\\-\u2010]+"
SEPARATES = re.compile(SEPARATOR)
NEXT_WORD = re.compile(rf"{SEPARATOR}(?P<of>of{SEPARATOR})?(?P<next>[^\W\d_][\w']*)", re.IGNORECASE)
PUNCTUATION = string.punctuation + "\u2010\u2013\u2014\u201c\u201d\u2018\u2019"


class Written:
    """A cluster's texts by kind (titles, abstracts), NAMED_FROM of each at most (enough to
    see how a term is written), each also in lowercase: most texts do not hold a given word,
    and a search for it skips them."""

    def __init__(self, *kinds: Sequence[str]) -> None:
        self.kinds = [[(text, text.lower()) for text in kind[:NAMED_FROM]] for kind in kinds]
        self.uses: dict[tuple[tuple[str, ...], ...], list[_Use]] = {}  # by phrase (``_uses``)

    def holding(self, kind: int, positions: Sequence[Sequence[str]]) -> Iterator[tuple[str, str]]:
        """The texts of a kind, each with its lowercase form, holding, for each of ``positions``,
        one of its words (lowercase)."""
        return ((text, lowered) for text, lowered in self.kinds[kind]
                if all(any(form in lowered for form in forms) for forms in positions))


def name(terms: list[str], taken: set[str], field: str = "", texts: Written | None = None) -> str:
    """The field's name if free; else the cluster's most distinctive phrase ("Legged
    locomotion"; a phrase of two or more words before a single word), after the field when
    there is one ("Robotics: grasping"; never a term the field's name already says), written
    as the cluster's ``texts`` write it (see the module's docstring).
    Never two terms joined by "and": two frequent words side by side ("Function and
    operator") say nothing a curator would."""
    if field and slugify(field) not in taken:
        return field
    in_field = set(field.lower().split())
    texts = texts or Written()
    whole = [t for t in terms if not _fragment(t) and not set(t.split()) <= in_field and not _compound_tail(t, texts)]
    phrase = next((t for t in whole[:NAME_FROM] if " " in t), None)
    ranked = [phrase] * bool(phrase) + whole + [t for t in terms if t not in whole] or ["other papers"]
    names = (_spelled(t, field, texts) for t in dict.fromkeys(ranked))  # lazily: spelling reads the texts
    free = next((candidate for candidate in names if candidate and slugify(candidate) not in taken), None)
    if free:
        return free
    first = _spelled(ranked[0], field, texts) or _spelled(ranked[0], field, Written())
    if slugify(first) not in taken:  # nothing better than an adjective
        return first
    index = 2
    while slugify(f"{first} {index}") in taken:
        index += 1
    return f"{first} {index}"


def description(terms: Sequence[str], texts: Written) -> str:
    """"Papers on" the cluster's first DESCRIBED terms but single words used as adjectives or
    verbs, and none twice (``_apart``), as its texts write them (in number, capitals and hyphens:
    "Papers on rewards, multi-agent systems and Monte Carlo.")."""
    if not terms:
        return "Papers without shared terms."
    candidates = [t for t in terms if " " in t or not _adjective_or_verb(t, texts)]
    merged = _apart(candidates[:DESCRIBED], texts)
    described = [t for t in merged if " " not in t or _names_something(t, texts)]
    for count in range(DESCRIBED + 1, len(candidates) + 1):  # a term more for each phrase left out
        if len(described) >= len(merged):
            break
        described = [t for t in _apart(candidates[:count], texts) if " " not in t or _names_something(t, texts)]
    described = [_with_head(t, texts) for t in described[:len(merged)]]
    return f"Papers on {_join([_as_written(t, texts) or t for t in described or terms[:1]])}."


def _with_head(phrase: str, texts: Written) -> str:
    """``phrase`` after the word that comes before most of its uses in ``texts``, when one does
    (EXTEND_SHARE of them, two at least) and it is a word that may begin a name: the words split
    a longer name's head off (the arXiv day's "component analysis" of "principal component
    analysis"). A single word stays itself (its word before is most often an adjective)."""
    if " " not in phrase:
        return phrase
    *head, last = phrase.split()
    uses = _uses([(word,) for word in head] + [_numbers(last)], texts)
    before = Counter(u.previous for u in uses)
    if not before:
        return phrase
    word, count = min(before.items(), key=lambda item: (-item[1], item[0]))
    if (count < max(2, EXTEND_SHARE * len(uses)) or not word.isalpha() or word in STOP_WORDS or word in BEFORE_VERBS
            or _fragment(word) or (word.endswith("ly") and len(word) > 5)):
        return phrase
    return f"{word} {phrase}"


def _apart(terms: Sequence[str], texts: Written) -> list[str]:
    """``terms`` less each saying again what one before it says: the same words but for their
    endings ("fine tune" after "fine tuning"), or within it ("fine tuning" after "efficient
    finetuning"; a single word gives way to a phrase holding it: "diffusion models" for
    "diffusion"); and less a phrase going on from one before it, or into it, when most of its
    uses are the longer phrase so made, which replaces the one before when most of that one's
    uses are it too ("resolution image", "high resolution": "high-resolution image"; "fine
    tuning", "full fine": "fine tuning"; but "complex reasoning" and "reasoning tasks" both).
    As keywords, "fine tuning" and "fine tune" find other papers; a description listing both
    said one thing twice ("Papers on fine-tuning, dataset, fine-tune")."""
    kept: list[str] = []
    for term in terms:
        within = next((i for i, before in enumerate(kept) if _within(before, term)), None)
        chained = next(((i, joined) for i, before in enumerate(kept) if (joined := _chained(before, term))), None)
        if within is not None:  # said already (a phrase says more than a word of it)
            if " " not in kept[within] and " " in term:
                kept[within] = term
        elif chained and _mostly(chained[1], term, texts):  # a piece of a longer phrase
            if _mostly(chained[1], kept[chained[0]], texts):
                kept[chained[0]] = chained[1]
        else:
            kept.append(term)
    return list(dict.fromkeys(kept))


def _within(a: str, b: str) -> bool:
    """Whether one of two terms is the other, or a run of its words, but for the words' endings
    and the spaces between them ("fine tune" and "efficient finetuning")."""
    runs_a, runs_b = _runs(a), _runs(b)
    return runs_a[-1] in runs_b or runs_b[-1] in runs_a


def _runs(term: str) -> list[str]:
    """Each run of a term's words joined without spaces, its last word stemmed (``_stem``:
    "fine tuning" is "finetun", as "finetuning" is); the whole term last."""
    words = term.split()
    return sorted(("".join(words[i:j - 1]) + _stem(words[j - 1]) for i in range(len(words))
                   for j in range(i + 1, len(words) + 1)), key=len)


def _stem(word: str) -> str:
    """A word less the ending of its verb forms and plural ("tuning", "tune", "tuned": "tun")."""
    for ending in ("ing", "ed", "es", "e", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            return word[:-len(ending)]
    return word


def _chained(first: str, second: str) -> str | None:
    """The phrase of two phrases one of which goes on from the other's last word ("low rank",
    "rank adaptation": "low rank adaptation"); else None."""
    a, b = first.split(), second.split()
    for head, tail in ((a, b), (b, a)):
        if len(head) > 1 and len(tail) > 1 and head[-1] == tail[0]:
            return " ".join(head + tail[1:])
    return None


def _mostly(phrase: str, part: str, texts: Written) -> bool:
    """Whether ``texts`` use ``phrase`` in EXTEND_SHARE of the uses of ``part``, a phrase within it."""
    used = len(_term_uses(phrase, texts))
    return used > 0 and used >= EXTEND_SHARE * len(_term_uses(part, texts))


def _term_uses(term: str, texts: Written) -> list[_Use]:
    """The uses of ``term`` in ``texts`` (its last word in either number)."""
    *head, last = term.split()
    return _uses([(word,) for word in head] + [_numbers(last)], texts)


def _adjective_or_verb(word: str, texts: Written) -> bool:
    """Whether ``texts`` use ``word`` as an adjective or a verb (``_names_nothing``)."""
    forms = _numbers(word)
    uses = _uses([forms], texts)
    return bool(uses) and _names_nothing(uses, forms)


def _spelled(term: str, field: str, texts: Written) -> str | None:
    """A name of ``term`` as ``texts`` write it (``_as_written``), after the field if any;
    None when the texts use it only as an adjective or a verb."""
    written = _as_written(term, texts, as_name=True)
    if written is None:
        return None
    return f"{field}: {written}" if field else written[:1].upper() + written[1:]


def _as_written(term: str, texts: Written, as_name: bool = False) -> str | None:
    """``term`` (words in their normal form, lowercase) as the cluster's ``texts`` (titles,
    then abstracts) write it: its last word in the number the first of ``texts`` that uses
    it writes most ("reasoning models"), each word with the capitals it keeps mid-sentence
    ("Monte Carlo") or as an acronym ("AI"), joined by hyphens where they are ("multi-agent").

    ``as_name``:

    - with the words that follow it in most of its uses, when a title uses them too ("scaling"
      → "scaling laws", "grammatical error" → "grammatical error correction", "chain" →
      "chain-of-thought"; never an adverb: "paths concurrently");
    - None for a single word used as an adjective or a verb (``_names_nothing``:
      "generalized", "context-aware", "identify"): not a name a curator would write.

    Without a use in ``texts``, ``term`` with its acronyms in capitals. Chinese and Japanese,
    read as overlapping pairs of characters, are written as the run of characters they come
    from (:func:`generator.vectors.cjk_written`: "方法 法研 研究" is "方法研究")."""
    if (written := cjk_written(term)) != term:
        return written
    *head, last = term.split()
    positions = [(word,) for word in head] + [_numbers(last)]
    uses = _uses(positions, texts)
    if not uses:
        return " ".join(ACRONYMS.get(w, w) for w in term.split())
    while as_name and len(positions) < LONGEST_NAME and (longer := _extension(uses)):
        extended = _uses(positions + longer, texts)
        if not any(use.kind == 0 for use in extended):  # a name is a phrase some title uses
            break
        positions, uses = positions + longer, extended
    if as_name and len(positions) == 1 and _adjective_or_verb(term, texts):
        return None
    return _spelling(positions, uses, texts)


class _Use(NamedTuple):  # (a tuple: thousands are made for each name)
    kind: int  # index in the texts: 0 titles, 1 abstracts
    words: tuple[str, ...]  # as written
    separators: tuple[str, ...]
    glued: bool  # the end of a hyphenated word ("context-aware")
    mid_sentence: bool
    next: str  # the word after it, lowercase ("of thought" for "of" and the word after), or ""
    previous: str  # the word before it, lowercase, or ""
    before_acronym: bool  # capitals for an acronym after it: "Model Predictive Control (MPC)"


def _numbers(word: str) -> tuple[str, ...]:
    """A word in its singular normal form, and its plural."""
    if word.endswith(("s", "x", "ch", "sh")):
        return (word,)
    return word, word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def _uses(positions: Sequence[Sequence[str]], texts: Written) -> list[_Use]:
    """Every use in ``texts`` of a phrase of one of ``positions``' words after another."""
    key = tuple(tuple(p) for p in positions)
    if key not in texts.uses:
        texts.uses[key] = _find_uses(key, texts)
    return texts.uses[key]


def _find_uses(positions: tuple[tuple[str, ...], ...], texts: Written) -> list[_Use]:
    pattern = _phrase_pattern(positions)
    found = []
    for kind in range(len(texts.kinds)):
        for text, lowered in texts.holding(kind, positions):
            # Found in the lowercase text (a faster search), read in the text: the same offsets,
            # unless lowercasing changed a length ("İ"), when the text is searched ignoring case.
            same = len(lowered) == len(text)
            for match in (pattern.finditer(lowered) if same else _ignoring_case(pattern).finditer(text)):
                start, end = match.span()
                window = text[max(0, start - 40):start]
                glued = start >= 2 and text[start - 1] in "-\u2010" and text[start - 2].isalnum()
                phrase, tail = text[start:end], NEXT_WORD.match(text, end)
                after = tail.group("next").lower() if tail else ""
                following = "" if not after or after in STOP_WORDS else "of " * bool(tail.group("of")) + after
                stripped = window.rstrip()
                previous = stripped.rsplit(None, 1)[-1].strip(PUNCTUATION) if stripped else ""
                found.append(_Use(kind, tuple(SEPARATES.split(phrase)), tuple(SEPARATES.findall(phrase)), glued,
                                  bool(stripped) and stripped[-1] not in ".!?:", following, previous.lower(),
                                  "(" in text[end:end + 80] and bool(ACRONYM_AFTER.match(text, end))))
    return found


@lru_cache(maxsize=256)
def _phrase_pattern(positions: tuple[tuple[str, ...], ...]) -> re.Pattern:
    words = SEPARATOR.join("(?:" + "|".join(map(re.escape, sorted(p, key=len, reverse=True))) + ")" for p in positions)
    return re.compile(rf"(?<!\w){words}(?!\w)")


@lru_cache(maxsize=16)
def _ignoring_case(pattern: re.Pattern) -> re.Pattern:
    return re.compile(pattern.pattern, re.IGNORECASE)


def _extension(uses: Sequence[_Use]) -> list[tuple[str, ...]]:
    """The words (as positions) that follow most uses of a phrase, or none."""
    groups: Counter[str] = Counter(_singular(u.next) for u in uses if u.next)
    if not groups:
        return []
    key = _most(groups)
    count, (*joint, word) = groups[key], key.split()
    if (count < max(2, EXTEND_SHARE * len(uses)) or (_fragment(word) and word not in ENDS_A_NAME)
            or word.endswith("ly") or word in BEFORE_VERBS):  # "paths concurrently", "models can"
        return []
    forms = tuple(sorted({u.next.split()[-1] for u in uses if u.next and _singular(u.next) == key}))
    return [(w,) for w in joint] + [forms]


def _singular(words: str) -> str:
    return words[:-1] if len(words) > 3 and words.endswith("s") and not words.endswith("ss") else words


def _capitals(word: str, texts: Written) -> str:
    """``word`` with the capitals nearly all its uses in the abstracts keep mid-sentence (a
    name such as "Carlo" or "Bayesian", an acronym), else in lowercase. A capital before an
    acronym ("Model Predictive Control (MPC)") does not count."""
    written = _mid_sentence(word, texts)
    capitalised = Counter(use for use in written if use != use.lower())
    if sum(capitalised.values()) < max(2, CAPITALS_SHARE * len(written)):
        return word
    return _most(capitalised)


def _after_lowercase(uses: Sequence[_Use], i: int) -> bool:
    """Whether most uses of a phrase, in the abstracts mid-sentence, write its ``i``-th word
    with a capital after a word in lowercase ("local Voronoi", "graph Laplacian")."""
    written = [u.words for u in uses if u.kind and u.mid_sentence and not u.before_acronym]
    return 2 * sum(w[i - 1].islower() and w[i][:1].isupper() for w in written) > len(written)


def _mid_sentence(word: str, texts: Written) -> list[str]:
    """``word`` as the abstracts write it mid-sentence, but before an acronym."""
    return [u.words[0] for u in _uses([(word,)], texts) if u.kind and u.mid_sentence and not u.before_acronym]


def _names_something(phrase: str, texts: Written) -> bool:
    """Whether a ``phrase`` may be said in a description: not a compound's tail or a verb's
    (:func:`_compound_tail`), nor words none of which names a subject ("project page", "open
    ended", "low dimensional")."""
    return not _compound_tail(phrase, texts) and not all(word in FRAGMENTS for word in phrase.split())


def _compound_tail(term: str, texts: Written) -> bool:
    """Whether ``term`` is a phrase that names nothing as ``texts`` use it: half of its uses (or
    more) end a hyphenated word, the rest of a compound the words split ("based agents" of
    "LLM-based agents", "time compute" of "test-time compute", "thought prompting" of
    "chain-of-thought prompting", "world driving" of "real-world driving"); or it begins with a
    verb ("to discover diverse", "we acquire complex": as for a single word, ``_names_nothing``)
    or an adverb ("increasingly complex", "efficiently learn")."""
    if " " not in term:
        return False  # (a single word: _names_nothing)
    *head, last = term.split()
    uses = _uses([(word,) for word in head] + [_numbers(last)], texts)
    adverb = head[0].endswith("ly") and len(head[0]) > 5  # (not "early", "daily")
    return bool(uses) and (adverb or 2 * sum(u.glued for u in uses) >= len(uses)
                           or sum(u.previous in BEFORE_VERBS for u in uses) >= VERB_SHARE * len(uses))


def _names_nothing(uses: Sequence[_Use], forms: Sequence[str]) -> bool:
    """Whether a word (``forms``: singular, plural) is used as an adjective: it mostly
    qualifies the next word or ends a hyphenated one, and never in the plural (a noun such as
    "protein" qualifies words too); or half its uses end a hyphenated word ("context-aware",
    "goal-conditioned"); or it is mostly a verb ("we identify", "to discover", "is developed");
    or it ends in "-ly" and is never plural: an adverb or an adjective ("finally", "early"; a
    noun such as "anomaly" has "anomalies")."""
    plural = any(u.words[0].lower() in forms[1:] for u in uses)
    adverb = forms[0].endswith("ly") and len(forms[0]) > 4
    return (not plural and (adverb or sum(bool(u.next) or u.glued for u in uses) >= MODIFIER_SHARE * len(uses))
            or 2 * sum(u.glued for u in uses) >= len(uses)
            or sum(u.previous in BEFORE_VERBS for u in uses) >= VERB_SHARE * len(uses))


def _spelling(positions: Sequence[Sequence[str]], uses: Sequence[_Use], texts: Written) -> str:
    """The words of ``positions`` in the number ``uses`` write most (the last word's: in the
    first kind of text using it); capitals as ``_capitals`` says, a word's first one only
    after a capitalised word, or where most uses of the phrase write it so ("Monte Carlo",
    "local Voronoi", but not "artificial Intelligence"); hyphens where most uses have them."""
    first_kind = min(u.kind for u in uses)
    words: list[str] = []
    for i, forms in enumerate(positions):
        counted = uses if i < len(positions) - 1 else [u for u in uses if u.kind == first_kind]
        number = Counter(u.words[i].lower() for u in counted)
        form = min(forms, key=lambda f: (-number[f], len(f), f))  # a tie: the singular
        capitalised = any(u.words[i] != form for u in uses if u.kind and u.mid_sentence and not u.before_acronym)
        cased = ACRONYMS.get(form) or (_capitals(form, texts) if capitalised else form)
        acronym = any(c.isupper() for c in cased[1:]) or form in ACRONYMS
        words.append(cased if acronym or not words or words[-1][:1].isupper() or _after_lowercase(uses, i) else form)
    separators = [Counter("-" if "-" in u.separators[i] or "\u2010" in u.separators[i] else " " for u in uses)
                  for i in range(len(positions) - 1)]
    joined = words[0]
    for word, counted in zip(words[1:], separators):
        joined += _most(counted) + word
    return joined


def _most(counts: Counter[str]) -> str:
    """The most common of ``counts``; of equals, the first in order."""
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def _fragment(term: str) -> bool:
    """Whether ``term`` begins or ends with a word that does not begin or end a name."""
    words = term.split()
    return words[0] in FRAGMENTS or (words[-1] in FRAGMENTS and not (len(words) > 1 and words[-1] in ENDS_A_NAME))


def _join(terms: Sequence[str]) -> str:
    if len(terms) <= 1:
        return "".join(terms)
    return ", ".join(terms[:-1]) + " and " + terms[-1]
