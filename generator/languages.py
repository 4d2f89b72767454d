"""The language a screen reader should read a digest's text in, guessed from its script.

The pages are ``lang="en"`` (mkdocs.yml's ``theme.language``), and a screen reader reads all of a
page's text in that language's voice unless an element says otherwise: a Japanese title, a Greek
abstract or Chinese authors' names were read by an English voice, letter by letter or not at all.
Digests do not say which language a paper is in, but its script tells a voice that can read it:
each script is given the language most written in it (Cyrillic is read as Russian, Arabic script
as Arabic), which reads a Ukrainian or Persian text far better than an English voice does. Latin
text, most papers, gets no attribute (and costs no byte): it is read in the page's language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup

# (language, the letters of its script), the most written language of each script; Japanese
# first: text with kana is Japanese, and its Han characters (kanji) count for it
SCRIPTS = (
    ("ja", "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\U0001aff0-\U0001b16f"),  # hiragana, katakana (their half-width and archaic forms)
    ("zh", "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f\U00030000-\U0003134f"),  # Han
    ("ko", "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff"),  # Hangul
    ("ar", "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefc"),
    ("he", "\u0590-\u05ff\ufb1d-\ufb4f"),
    ("ru", "\u0400-\u052f\u1c80-\u1c8f\ua640-\ua69f"),  # Cyrillic
    ("el", "\u0370-\u03ff\u1f00-\u1fff"),  # Greek
    ("hi", "\u0900-\u097f\ua8e0-\ua8ff"),  # Devanagari
    ("bn", "\u0980-\u09ff"),  # Bengali
    ("ta", "\u0b80-\u0bff"),  # Tamil
    ("th", "\u0e00-\u0e7f"),
    ("ka", "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f"),  # Georgian
    ("hy", "\u0530-\u058f\ufb13-\ufb17"),  # Armenian
)
LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
LETTERS = {language: re.compile(f"[{letters}]") for language, letters in SCRIPTS}


def script_language(text: str | Sequence[str]) -> str:
    """The language of the script most of ``text``'s letters (or these names') are in ("ja", "ru",
    …), or "" when that is Latin (or the text has no letters): the page's own language reads it.
    Han characters with kana among them are Japanese ("大規模言語モデル"), without any Chinese."""
    text = text if isinstance(text, str) else " ".join(text)
    if text.isascii():
        return ""
    counts = {language: len(letters.findall(text)) for language, letters in LETTERS.items()}
    if counts["ja"]:
        counts["ja"] += counts.pop("zh")
    language = max(counts, key=counts.__getitem__)  # the first of equals: SCRIPTS' order
    return language if counts[language] > len(LATIN.findall(text)) else ""


def lang_attribute(text: str | Sequence[str], beside: str = "") -> Markup:
    """`` lang="ja"`` for an element holding ``text`` (or these names) in another script than
    Latin (:func:`script_language`), else nothing; ``beside``: the title of the paper of these
    names (:func:`names_language`)."""
    language = names_language(text, beside) if beside else script_language(text)
    return Markup(f' lang="{language}"' if language else "")


def names_language(names: str | Sequence[str], title: str) -> str:
    """The language of a paper's ``names``: Japanese names written in kanji alone ("山田 太郎") are
    Han characters, "zh" by their script, and a screen reader read them in Mandarin; of a paper
    whose ``title`` is Japanese, they are Japanese."""
    language = script_language(names)
    return "ja" if language == "zh" and script_language(title) == "ja" else language
