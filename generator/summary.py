"""A one-sentence summary of an abstract for listings: the sentence that states the contribution.

Abstracts usually open with context ("Recent advances in ... However, ...") and state what the
paper does a sentence or three later ("We propose ...", "This paper introduces ..."). The
summary is the first sentence with the strongest such statement, else the first sentence
that is not merely context, cut to a sane length at a word boundary.

A listing shows the summary alone, so it must make sense alone: boilerplate openings ("In this
paper, ", "To address this gap, ", "To this end, ") are dropped, and a sentence that points to
text the reader cannot see ("this gap", "these challenges", a leading "It" or "They") is chosen
only when no other sentence states as much (bench/summaries.py counts both on the seed and the
arXiv day).
"""

from __future__ import annotations

import re

MAX_CHARS = 300
STRONGEST = 3  # _strength of a sentence that plainly states the contribution
ELLIPSIS = "…"
# Words that end with a period without ending the sentence (compared lowercased, no period).
ABBREVIATIONS = frozenset("""
    e.g i.e et al vs cf etc fig figs eq eqs approx resp no nos dr mr mrs ms prof inc ltd sec
    ref refs viz w.r.t a.k.a u.s ph.d st vol pp ca est""".split())
# A sentence ends at . ! ? (Arabic's ؟, Devanagari's ।; and closing quotes or brackets) before
# a space and a letter that is not lowercase (a capital, or a letter of a script without case:
# Arabic, Hebrew, Devanagari…), a digit or an opening quote/bracket; or, in text that lost its
# spaces, between a lowercase word and a capitalised one ("incentives.In order"); or at the
# full stop, ! or ? of Chinese and Japanese (。！？), which no space follows.
# The match starts at the sentence's last character (matching from it is the fast way round).
BOUNDARY = re.compile(r"""[.!?؟।](?:["'”’)\]]*\s+(?=["'“‘(\[«]?[^\W_]|©)|(?<=[a-z]{3}[.!?])(?=[A-Z][a-z]))"""
                      r"""|[。！？][」』”’）)]*\s*(?=\S)""")
OPENING_MARKS = "\"'“‘([«"

_VERB = r"(?:\w+(?:ly)?\s+){0,2}"  # up to two words between subject and verb: "we further propose"
_SUBJECT = (r"(?:\bwe\b|\bthis (?:\w+ )?(?:paper|work|study|article|report|survey|thesis)\b|"
            r"\bour (?:work|paper|approach|method|framework|system|model|study)\b|\bhere,? we\b)")
STRONG = re.compile(rf"{_SUBJECT}\s+{_VERB}(?:propose|present|introduce|develop|design|build|"
                    r"create|construct|contribute|release|describe|offer|devise|formulate|"
                    r"put forward|make|envision|fill|unveil)|\b(?:is|are) (?:proposed|presented|introduced)\b",
                    re.IGNORECASE)
MEDIUM = re.compile(rf"{_SUBJECT}\s+{_VERB}(?:stud|investigat|explor|analy[sz]|examin|address|"
                    r"tackl|consider|evaluat|apply|train|leverag|establish|provid|report|seek|aim|"
                    r"focus|argu|tak|use|employ|benchmark|measur|quantif|identif|survey|review|"
                    r"integrat|extend|bridg|test|deploy|ask|explain|summari[sz]|examin)"
                    r"|\bthis (?:paper|work|study|article|report|survey)\b|\bin this (?:paper|work|study)\b",
                    re.IGNORECASE)
WEAK = re.compile(rf"{_SUBJECT}\s+{_VERB}(?:show|demonstrat|find|found|observ|reveal|discover|obtain|achiev)",
                  re.IGNORECASE)
# A sentence that gives the code, data or models away ("We release our code at …", "Code and data are
# available …"): no statement of the contribution, though "release" and "make" are STRONG verbs.
# Not "We release BigBench, a benchmark of …", which names what it releases.
RELEASES = re.compile(
    r"^(?:we\s+(?:\w+\s+){0,2}?(?:release|open[- ]?source|publish|make|provide|share)\s+(?:all\s+|publicly\s+)?(?:of\s+)?"
    r"(?:our\s+|the\s+|all\s+)?(?:source\s+)?(?:code|data|datasets?|models?|weights|checkpoints|implementations?|demos?)\b"
    r"|(?:all\s+|the\s+|our\s+)?(?:source\s+)?(?:code|data|datasets?|models?|weights|checkpoints|implementations?|demos?|videos?|"
    r"project\s+page|website|supplementary\s+materials?)\b.{0,80}?\b(?:available|released|open[- ]?sourced|accessible)\b)",
    re.IGNORECASE)
# A publisher's line at an abstract's end (Scopus' "© 2023 American Chemical Society.", Elsevier's
# "Published by Elsevier B.V."): no statement of the paper's, though it was the card's summary
PUBLISHER_LINE = re.compile(r"^(?:©|\(c\)\s|copyright\b|published by\b)|\ball rights reserved\b", re.IGNORECASE)
# Every STRONG, MEDIUM and WEAK match holds one of these words: a cheap test before them.
SUBJECT_OR_PASSIVE = re.compile(r"\b(?:we|this|our|here|proposed|presented|introduced)\b", re.IGNORECASE)
CONTEXT = re.compile(r"^(?:however|although|though|while|whereas|despite|recent|recently|in recent|"
                     r"existing|prior|previous|traditional|current|conventional|many|most|"
                     r"over the past|in the last|nowadays|today|yet|but|unlike|as)\b", re.IGNORECASE)


# Openings that say nothing once the sentence stands alone: removed, repeatedly, from its start.
# "To address/tackle/… X," goes too: what it refers to is in the sentences the listing hides.
OPENING = re.compile(
    r"^(?:(?:in this (?:paper|work|study|article|report|letter|thesis|survey|note)|here(?:in)?)(?:,\s*|\s+(?=we\b|our\b))"
    r"|(?:to (?:this|that) end|in response|in this context|in light of (?:this|these)|as such|as a result|therefore|"
    r"thus|hence|consequently|accordingly|moreover|furthermore|additionally|in addition|specifically|concretely|"
    r"finally|overall|instead|however|besides|notably|importantly|motivated by (?:this|these|such)[^,]{0,80}|"
    r"to (?:address|tackle|overcome|solve|bridge|fill|mitigate|resolve|alleviate|handle|remedy|close|fix|meet|"
    r"answer|circumvent|avoid)\b[^,]{0,160}),\s*)",
    re.IGNORECASE)
# What leans on unseen text: "this gap", "these challenges", "such issues", "the above …", or a
# sentence opening with a pronoun ("It", "They", "This enables …"; not "This paper …").
_UNSEEN = (r"gaps?|issues?|problems?|challenges?|limitations?|shortcomings?|drawbacks?|questions?|needs?|"
           r"bottlenecks?|difficult(?:y|ies)|observations?|insights?|findings?|phenomen(?:on|a)|concerns?|"
           r"obstacles?|barriers?|deficienc(?:y|ies)|weakness(?:es)?|trade-?offs?|discrepanc(?:y|ies)|"
           r"end|line of (?:work|research)|paradigm|idea|setting|scenario")
LEANS_ON_CONTEXT = re.compile(
    rf"\b(?:this|these|those|such|the (?:above|aforementioned))\s+(?:[\w-]+\s+){{0,2}}?(?:{_UNSEEN})\b"
    r"|^(?:it|they|these|such|both|thus|this(?!\s+(?:paper|work|study|article|report|survey|thesis|letter|note)\b))\b",
    re.IGNORECASE)
CONTEXT_PENALTY = 4  # a sentence that leans on unseen text ranks below any that does not


def summarize(abstract: str) -> str:
    """One sentence of ``abstract`` for listings ("" for an empty abstract)."""
    best, best_rank = "", None
    for sentence in split_sentences(abstract):  # the first of the strongest
        sentence = drop_opening(sentence)
        strength = _strength(sentence)
        rank = strength - (CONTEXT_PENALTY if LEANS_ON_CONTEXT.search(sentence) else 0)
        if best_rank is None or rank > best_rank:
            best, best_rank = sentence, rank
            if rank == STRONGEST:
                break
    return shorten(best)


def drop_opening(sentence: str) -> str:
    """``sentence`` without its boilerplate openings, starting with a capital."""
    start = sentence
    while (match := OPENING.match(sentence)) and match.end() < len(sentence):
        sentence = sentence[match.end():]
    return sentence if sentence is start else sentence[:1].upper() + sentence[1:]


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``; abbreviations, decimals and URLs do not end one."""
    text = " ".join(text.split())
    sentences: list[str] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        if text[match.end():match.end() + 2].lstrip(OPENING_MARKS)[:1].islower():
            continue  # "e.g. the", "т. е. мы": a lowercase word goes on with the sentence
        candidate = text[start:match.start() + 1]
        if _ends_sentence(candidate):
            sentences.append(candidate.strip())
            start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def _ends_sentence(candidate: str) -> bool:
    tail = candidate[-80:].rsplit(None, 1)
    if not tail:
        return False
    if candidate.count("(") > candidate.count(")"):
        return False  # inside parentheses: (e.g., "The can is empty.")
    word = tail[-1].rstrip(".!?\"'”’)]").lstrip("(\"'“‘[").lower()
    return word not in ABBREVIATIONS and not word.endswith("et al")


def _strength(sentence: str) -> int:
    """How plainly a sentence states the contribution: 3 strong .. 0 none, -1 only context (or
    what is released: RELEASES)."""
    if RELEASES.match(sentence) or PUBLISHER_LINE.search(sentence):
        return -1
    if SUBJECT_OR_PASSIVE.search(sentence):
        for strength, pattern in ((3, STRONG), (2, MEDIUM), (1, WEAK)):
            if pattern.search(sentence):
                return strength
    return -1 if CONTEXT.match(sentence) or sentence.endswith("?") else 0


def shorten(sentence: str, limit: int = MAX_CHARS) -> str:
    """``sentence`` cut at a word boundary to at most ``limit`` characters, marked by an ellipsis."""
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - len(ELLIPSIS)].rsplit(" ", 1)[0].rstrip(" ,;:-–—(")
    return cut + ELLIPSIS
