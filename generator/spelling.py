"""British spellings as American ones, for every comparison of words: topics and related papers
(:func:`generator.vectors.normal_form`) and search, in the index and in queries alike (meta.json
carries the table to ``search.js``): "optimisation" is "optimization", "behaviour" "behavior".

A word is looked up whole, then by a prefix (its inflections), then by a suffix that leaves four
letters at least (so "rise" and "noise" stay; "promise" becomes "promize" on both sides of a
comparison, which is harmless). Pages always show words as they are written.
"""

from __future__ import annotations

SPELLING = {
    "words": {
        "centre": "center", "centres": "centers", "centred": "centered", "metre": "meter", "metres": "meters",
        "litre": "liter", "litres": "liters", "fibre": "fiber", "fibres": "fibers", "theatre": "theater",
        "programme": "program", "programmes": "programs", "catalogue": "catalog", "catalogues": "catalogs",
        "dialogue": "dialog", "dialogues": "dialogs", "analogue": "analog", "analogues": "analogs",
        "defence": "defense", "defences": "defenses", "licence": "license", "offence": "offense", "grey": "gray",
        "ageing": "aging", "modelling": "modeling", "modelled": "modeled", "labelling": "labeling",
        "labelled": "labeled", "travelling": "traveling", "travelled": "traveled", "signalling": "signaling",
        "signalled": "signaled", "cancelled": "canceled", "cancelling": "canceling", "tunnelling": "tunneling",
        "fulfil": "fulfill", "skilful": "skillful", "aluminium": "aluminum", "manoeuvre": "maneuver", "manoeuvres": "maneuvers",
    },
    "prefixes": [[british, british.replace("our", "or")] for british in (
        "behaviour", "colour", "neighbour", "favour", "labour", "honour", "humour", "vapour", "flavour", "harbour",
        "rumour", "tumour", "endeavour", "odour", "armour", "rigour", "vigour", "savour", "fervour")]
    + [["haemo", "hemo"], ["anaem", "anem"], ["paediatric", "pediatric"], ["oesophag", "esophag"], ["oestrogen", "estrogen"]],
    "suffixes": [["isations", "izations"], ["isation", "ization"], ["ising", "izing"], ["isers", "izers"],
                 ["iser", "izer"], ["ised", "ized"], ["ises", "izes"], ["ise", "ize"], ["ysing", "yzing"],
                 ["ysed", "yzed"], ["yse", "yze"]],
}
_WORDS, _PREFIXES, _SUFFIXES = SPELLING["words"], SPELLING["prefixes"], SPELLING["suffixes"]
# every prefix and suffix, tried at once (in C) before the one that matches is looked for: nearly
# no word has one, and trying each in turn took 1.3 s of a 10,000-paper build (221,000 words)
_ANY_PREFIX = tuple(british for british, _ in _PREFIXES)
_ANY_SUFFIX = tuple(british for british, _ in _SUFFIXES)


def american(word: str) -> str:
    """A lowercase word in American spelling (:data:`SPELLING`; search.js's ``american``)."""
    if word in _WORDS:
        return _WORDS[word]
    if word.startswith(_ANY_PREFIX):
        for british, us in _PREFIXES:
            if word.startswith(british):
                return us + word[len(british):]
    if word.endswith(_ANY_SUFFIX):
        for british, us in _SUFFIXES:
            if word.endswith(british) and len(word) - len(british) >= 4:
                return word[:-len(british)] + us
    return word
