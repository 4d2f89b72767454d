"""TeX in titles and abstracts: plain text for <title>, listings and search; MathML for pages.

Only ``$…$`` and ``\\(…\\)`` segments are treated as TeX; everything else is verbatim text
(a "%" or "~" outside math is just a character). Search reads TeX's accents on a letter, which
arXiv's metadata writes in plain text (``Schr\\"odinger``), as the letters (:func:`accented`).
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
import xml.etree.ElementTree as ET
from functools import lru_cache

from latex2mathml.converter import convert as latex_to_mathml
from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

# $…$ (no space inside its dollars, so that "$5 and $10" stays text), \(…\), $$…$$, "$ \nu $"
# (spaces inside, but a TeX command first: no price starts so; nor "US$5 million … US$10": a
# digit after the dollars that would close it), \[…\] (display math, as $$…$$, when it holds a
# command, a script or a relation: Markdown escapes a citation "[12]" as "\[12\]"),
# and "$g_i $" (spaces inside, but
# TeX that holds a command, a script or a brace); $…$ and \(…\) over a line break too, never a
# blank line: arXiv's metadata (its OAI records, the Kaggle snapshot) wraps abstracts
MATH = re.compile(r"(?<![\\$])\$(?![\s$])(?!\d[^$]{0,400}\$\d)((?:[^$\n]|\n(?![ \t]*\n)){1,400}?)(?<![\s\\])\$"
                  r"|\\\(((?:.|\n(?![ \t]*\n)){1,400}?)\\\)|(?<!\\)\\\[(?=(?:(?!\\\])(?:.|\n(?![ \t]*\n))){0,800}?(?:\\[A-Za-z]|[\^_=<>+|]))((?:.|\n(?![ \t]*\n)){1,800}?)\\\]"
                  r"|(?<![\\$])\$\$([^$]{1,800}?)\$\$|(?<![\\$])\$[ \t]+(\\[^$\n]{1,400}?)[ \t]*\$"
                  # spaces inside the dollars around TeX that holds a command, a script or a brace, as
                  # arXiv writes "$g_i $" and "$ b \geq 2 $" (and renders them), never "$5 and $10", nor
                  # "$5 per run_id, or $10" (a dollar before a digit opens a price, never closes math)
                  r"|(?<![\\$])\$[ \t]*((?=[^$\n]{0,400}[\\_^{])[^$\s][^$\n]{0,400}?)[ \t]*\$(?!\d)")
# The characters with a Unicode superscript and subscript, and those: a script of others stays TeX
# ("e^π"). search.js reads a query's "G_2" and "R^2" by them (meta.json's "scripts")
SUPERSCRIPTS = ("0123456789+-=()nio", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵒ")
SUBSCRIPTS = ("0123456789+-=()aeioxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₒₓₕₖₗₘₙₚₛₜ")
SUPERSCRIPT = str.maketrans(*SUPERSCRIPTS)
SUBSCRIPT = str.maketrans(*SUBSCRIPTS)
SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|(\S))")
# a script that reads as one term after "^" or "_" without parentheses: a signed word or number
# ("n^-s", "a_ij", "n^1.5"), one command ("e^\\alpha", "x_\\rm max"), or a group in brackets ("x^(k)")
ONE_TERM = re.compile(r"[+-]?(?:[^\W_]+(?:\.[^\W_]+)?|\\[A-Za-z]+(?: ?[^\W_]+)?)|\(.*\)|\[.*\]|")
# a command right before a script: "\psi_t" would read "\psiₜ", one unknown command ("ₜ" is a
# letter to pylatexenc), and lose the ψ; "{}" ends the command's name
COMMAND_SCRIPT = re.compile(r"(\\[A-Za-z]+)(?=[\^_])")


def _root(node, l2tobj) -> str:
    """``\\sqrt[3]{x}`` as "∛(x)": pylatexenc's "√(x)" dropped the degree (a cube root read as a
    square root)."""
    args = node.nodeargd.argnlist if node.nodeargd else []
    degree = l2tobj.nodelist_to_text([args[0]]).strip() if len(args) > 1 and args[0] is not None else ""
    body = l2tobj.nodelist_to_text([args[-1]]) if args and args[-1] is not None else ""
    return ({"": "√", "2": "√", "3": "∛", "4": "∜"}.get(degree) or degree.translate(SUPERSCRIPT) + "√") + f"({body})"


# What pylatexenc does not know, or reads otherwise: "\tfrac12" read "12" (½ as twelve), "\|x\|" read
# "x" (a norm lost), "\Re(s)" read "(s)", "\widetilde{X}" and "\widehat{f}" read "X" and "f" (a
# knockoff copy of X read as X itself: they take the marks of "\tilde" and "\hat")
_MATH_TEXT = get_default_latex_context_db()
_MATH_TEXT.add_context_category("math", prepend=True, macros=[
    MacroTextSpec("tfrac", "%s/%s"), MacroTextSpec("dfrac", "%s/%s"), MacroTextSpec("|", "\u2016"),
    MacroTextSpec("Re", "\u211c"), MacroTextSpec("Im", "\u2111"), MacroTextSpec("sqrt", simplify_repl=_root),
    MacroTextSpec("widetilde", simplify_repl=_MATH_TEXT.get_macro_spec("tilde").simplify_repl),
    MacroTextSpec("widehat", simplify_repl=_MATH_TEXT.get_macro_spec("hat").simplify_repl)])
_MATH_PARSER = latexwalker.get_default_latex_context_db()
_MATH_PARSER.add_context_category("math", prepend=True, macros=[
    macrospec.std_macro("tfrac", False, 2), macrospec.std_macro("dfrac", False, 2)])
# Spaces as the source has them: TeX drops the one after a command, and "n \log n" read "n logn";
# and those between two constructs, which "based-on-source" drops ("\frac{1}{2} \log n" read "1/2log n",
# "\mathbf{x} \in R" "𝐱∈ R")
_SPACES = {"between-macro-and-chars": False, "between-latex-constructs": True, "after-comment": False, "in-equations": None}
_TO_TEXT = LatexNodes2Text(math_mode="text", strict_latex_spaces=_SPACES, latex_context=_MATH_TEXT)
logging.getLogger("pylatexenc").setLevel(logging.ERROR)

NS = "{http://www.w3.org/1998/Math/MathML}"
MATHML_TAGS = frozenset(
    "math semantics annotation mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt mroot"
    " mover munder munderover mtable mtr mtd mstyle mpadded mphantom menclose merror mfenced".split()
)
MATHML_ATTRS = frozenset(
    "display mathvariant stretchy fence separator lspace rspace accent accentunder movablelimits"
    " linethickness columnalign rowspacing columnspacing scriptlevel displaystyle width height"
    " depth notation form largeop minsize maxsize symmetric".split()
)


def has_math(text: str) -> bool:
    return _may_have_math(text) and MATH.search(text) is not None


def _may_have_math(text: str) -> bool:
    """Whether ``MATH`` could match: most texts have no TeX, and this test is 50x cheaper."""
    return "$" in text or "\\(" in text or "\\[" in text


def to_text(text: str) -> str:
    """Plain readable text: ``GA-S$^3$`` → ``GA-S³``."""
    if not _may_have_math(text):
        return text
    return MATH.sub(lambda m: _math_text(_tex(m)), text)


def to_html(text: str) -> str:
    """Escaped HTML with each TeX segment as inline MathML, its TeX kept as the annotation."""
    if not _may_have_math(text):
        return html.escape(text)
    parts, last = [], 0
    for m in MATH.finditer(text):
        parts.append(html.escape(text[last : m.start()]))
        parts.append(_math_html(_tex(m), m.group(0)))
        last = m.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


# TeX's accent commands → the combining mark each puts on its letter
_MARKS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
          ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328", "r": "\u030a"}
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
            "aa": "å", "AA": "Å", "i": "ı"}
# {\"o}, \"o, \"{o}, \c{c}, \c c; {\ss}, {\o}, \ss{} (a letter command needs braces or "{}" after it,
# so that "\o" of a path stays as written)
_ACCENT = re.compile(r"\{?\\(?:([\"'`^~=.])\s*\{?([A-Za-z]|\\i)\}?|([cvuHkr])(?:\{([A-Za-z]|\\i)\}| ([A-Za-z])))\}?"
                     r"|\{\\(ss|o|O|l|L|ae|AE|oe|OE|aa|AA|i)\}|\\(ss|o|O|l|L|ae|AE|oe|OE|aa|AA)\{\}")


def accented(text: str) -> str:
    """``text`` with TeX's accented letters as Unicode letters (``Schr\\"odinger`` → "Schrödinger")."""
    return _ACCENT.sub(_accent, text) if "\\" in text else text


def _accent(m: re.Match) -> str:
    if m.group(6) or m.group(7):
        return _LETTERS[m.group(6) or m.group(7)]
    mark = _MARKS[m.group(1) or m.group(3)]
    letter = m.group(2) or m.group(4) or m.group(5)
    letter = "i" if letter == "\\i" else letter  # a dotless i under an accent: the accented i
    return unicodedata.normalize("NFC", letter + mark)


def _tex(m: re.Match) -> str:
    """The TeX of a ``MATH`` match, whichever of its forms."""
    return next(group for group in m.groups() if group is not None).strip()


@lru_cache(maxsize=4096)
def _math_text(tex: str) -> str:
    try:
        scripted = SCRIPT.sub(_script, COMMAND_SCRIPT.sub(r"\1{}", tex))
        plain = _TO_TEXT.latex_to_text(scripted, latex_context=_MATH_PARSER)
    except Exception:  # pylatexenc raises assorted errors on broken TeX; keep the source
        return tex
    if "%s" in plain and "%s" not in tex:  # pylatexenc's placeholder for a macro it could not fill
        return tex
    return plain.strip()


def _script(m: re.Match) -> str:
    """A script in Unicode's super- or subscript characters when it has them all ("xⁿ⁺¹"), else
    after "^" or "_", in parentheses when it is more than one term: its braces are TeX's alone, and
    "\\mathbb{R}^{n\\times n}" and "O(T^{2/3})" read "ℝ^n× n" and "O(T^2/3)", another meaning."""
    body = m.group(2) if m.group(2) is not None else m.group(3)
    table = SUPERSCRIPT if m.group(1) == "^" else SUBSCRIPT
    converted = body.translate(table)
    if any(ch == orig for ch, orig in zip(converted, body)):  # a character has no Unicode super/subscript
        braced = m.group(2) is not None and not ONE_TERM.fullmatch(body.strip())
        return f"{m.group(1)}{{({body.strip()})}}" if braced else m.group(0)
    return converted


def _sanitize(mathml: str) -> str:
    """Rebuild latex2mathml's output keeping only MathML elements and presentational attributes.

    latex2mathml passes ``\\text{<script>}`` and ``\\href{javascript:…}`` through, so its
    output is never trusted: other elements are unwrapped to their text, other attributes dropped.
    """
    root = ET.fromstring(mathml)
    return _element_html(root)


def _element_html(el: ET.Element) -> str:
    tag = el.tag.removeprefix(NS)
    inner = html.escape(el.text or "") + "".join(
        _element_html(child) + html.escape(child.tail or "") for child in el
    )
    if tag not in MATHML_TAGS:
        return inner
    attrs = "".join(
        f' {k}="{html.escape(v, quote=True)}"' for k, v in sorted(el.attrib.items()) if k in MATHML_ATTRS
    )
    xmlns = ' xmlns="http://www.w3.org/1998/Math/MathML"' if tag == "math" else ""
    return f"<{tag}{xmlns}{attrs}>{inner}</{tag}>"


@lru_cache(maxsize=4096)
def _math_html(tex: str, source: str) -> str:
    display = "block" if source.startswith(("$$", "\\[")) else "inline"  # TeX's display math on a line of its own
    try:
        mathml = _sanitize(latex_to_mathml(tex, display=display))
    except Exception:  # latex2mathml and the XML parser raise on broken TeX: show the source
        return html.escape(source)
    opening, _, rest = mathml.partition(">")
    body = rest.rpartition("</math>")[0]
    annotation = f'<annotation encoding="application/x-tex">{html.escape(tex)}</annotation>'
    return f"{opening}><semantics>{body}{annotation}</semantics></math>"
