"""TeX in the text of exports, as readers show it: ``Bal{\\'a}zs`` -> "Balázs", ``{LHC}`` -> "LHC".

``pylatexenc`` decodes accents, braces and macros; math stays as it is written (``$x^2$``), since
the site renders it. Its defaults drop what they do not know: TeX's logos ("The {\\TeX}book" read
"The book"), and the text symbols Zotero writes for ``<``, ``>``, ``|`` and ``"`` ("p
{\\textless} 0.05" read "p 0.05"), which are added here. A bare ``%`` or ``&`` is the character
(a title's "90% of R&D"), never a TeX comment or column: pylatexenc's reading cut the text at the
``%`` and dropped the ``&``.
"""

from __future__ import annotations

import re

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from generator.texmath import accented


def _cited(node, l2tobj) -> str:
    """A citation's keys in brackets, "[a, b]", as ``texmath`` reads them (its page's text)."""
    args = node.nodeargd.argnlist if node.nodeargd else []
    keys = l2tobj.nodelist_to_text([args[-1]]) if args and args[-1] is not None else ""
    return "[" + ", ".join(key.strip() for key in keys.split(",") if key.strip()) + "]"


_CITES = ("cite", "citep", "citet", "citealp", "citealt")  # (the parser's own, with their "[…]" options)
_KEYED = ("label", "index", "nocite")
_LOGOS = ("TeX", "LaTeX", "BibTeX", "XeTeX", "XeLaTeX", "LuaTeX", "LuaLaTeX", "pdfTeX", "pdfLaTeX", "ConTeXt", "METAFONT")
_CONTEXT = get_default_latex_context_db()
_SYMBOLS = {"textless": "<", "textgreater": ">", "textbar": "|", "textquotedbl": '"', "textunderscore": "_",
            "textbraceleft": "{", "textbraceright": "}", "textasciicircum": "^", "textperiodcentered": "\u00b7",
            # (pylatexenc drops these: "\\S 3" read "3", "\\copyright{} 2020" read " 2020")
            "S": "\u00a7", "P": "\u00b6", "copyright": "\u00a9", "pounds": "\u00a3", "euro": "\u20ac",
            "degree": "\u00b0", "checkmark": "\u2713"}
_CONTEXT.add_context_category("logos", prepend=True, macros=[
    *(MacroTextSpec(logo, simplify_repl=logo) for logo in _LOGOS), MacroTextSpec("LaTeXe", simplify_repl="LaTeX2e"),
    *(MacroTextSpec(name, simplify_repl=symbol) for name, symbol in _SYMBOLS.items())])
# A text command pylatexenc parses but has no text for (``\\texttt{torch}``, ``\\textsf``, ``\\mbox``,
# ``\\textup``) was dropped with its argument: "The \\texttt{transformers} Library" read "The
# Library". Unknown commands keep their arguments' text; one without arguments is still dropped, as
# are those whose argument is a key, no text ("\\label{sec:intro}", "\\index{…}")
_CONTEXT.set_unknown_macro_spec(MacroTextSpec("", discard=False))
_CONTEXT.add_context_category("keys", prepend=True, macros=[MacroTextSpec(name, discard=True) for name in _KEYED])
# "\\cite{a,b}" as the page reads it in any other source (texmath's "[a, b]"), not pylatexenc's "<cit.>";
# "\\url{…}" as its address, not "<…>"
_CONTEXT.add_context_category("references", prepend=True, macros=[
    *(MacroTextSpec(name, simplify_repl=_cited) for name in _CITES),
    MacroTextSpec("url", simplify_repl="%s")])
_DECODER = LatexNodes2Text(math_mode="verbatim", latex_context=_CONTEXT)
# pylatexenc's text of "\href{URL}{text}" reads two arguments its parser does not give it (an
# IndexError that stopped the build): the parser is told of them here
_PARSER = latexwalker.get_default_latex_context_db()
_PARSER.add_context_category("links", prepend=True, macros=[macrospec.std_macro("href", False, 2),
                                                             *(macrospec.std_macro(name, False, 1) for name in _KEYED)])


# What pylatexenc reads as other than itself: a macro, a group, math, a comment, and its
# specials ("&", "~", and the ligatures "--", "''", "``", "!`", "?`").
_TEX = re.compile(r"[\\{}$%&~`]|--|''")


def decode_tex(text: str) -> str:
    """``text`` with its TeX accents, braces and macros decoded. A text with none of them is its
    own decoding (tested on random text against pylatexenc), and is returned as it is: pylatexenc
    takes about a microsecond per character, and most titles and names have no TeX."""
    if not _TEX.search(text):
        return text
    try:
        return _DECODER.latex_to_text(prepared(text), latex_context=_PARSER)
    except Exception:  # pylatexenc fails on a command without its arguments ("\sqrt", "\href" at the end)
        return accented(text)  # the text as written, its accented letters decoded


_BARE = re.compile(r"(?<!\\)((?:\\\\)*)([%&])")  # "%" or "&" after no backslash, or a line break ("\\"): itself
# A tilde or circumflex accent over nothing, "\~{}" and "\^{}": the character itself, as TeX prints it
# (Mendeley writes "~10" and "x^2" so): pylatexenc read "{\~{}}10" as "10"
_EMPTY_ACCENT = re.compile(r"\\([~^])\{\}")


def prepared(text: str) -> str:
    """``text`` as pylatexenc is given it: a bare "%" or "&" escaped, an accent over nothing its character."""
    return _EMPTY_ACCENT.sub(lambda m: r"\textasciitilde{}" if m.group(1) == "~" else r"\textasciicircum{}",
                             _BARE.sub(r"\1\\\2", text))


def decode_name(name: str) -> str:
    """An author's name with TeX decoded when it has any (a backslash or a brace): feeds and
    arXiv's metadata write ``D\\'iaz``; a plain name is returned as it is."""
    return " ".join(decode_tex(name).split()) if "\\" in name or "{" in name else name
