"""TeX in titles and abstracts: plain text for <title>, listings and search; MathML for pages.

The ``$…$`` and ``\\(…\\)`` segments are math. Outside them, arXiv's metadata is TeX source too,
and the markup it holds is read as the paper's PDF shows it (:func:`text_runs`): accents on a
letter (``Schr\\"odinger``, as arXiv's pages show it), escaped characters (``90\\%``), emphasis
(``\\emph{…}``, ``{\\it …}``), ``\\url{…}``, ``\\footnote{…}``, ``\\cite{…}``, dashes
(``Navier--Stokes``), ties (``Fig.~3``) and TeX's quotes (two backquotes, two apostrophes). Anything
else stays as written: a "%" or a "~" alone is the character ("~5%" is "about 5%"), and a command
of the author's own (``\\datasetname``) is shown rather than lost.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import lru_cache

from latex2mathml.converter import convert as latex_to_mathml
from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

_DISPLAY = "(?:equation|align|gather|multline|eqnarray|displaymath)"  # TeX's display math environments
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
                  r"|(?<![\\$])\$[ \t]*((?=[^$\n]{0,400}[\\_^{])[^$\s][^$\n]{0,400}?)[ \t]*\$(?!\d)"
                  # a display environment without dollars, which arXiv's pages render as MathJax does
                  rf"|(\\begin\{{{_DISPLAY}\*?\}}(?:.|\n(?![ \t]*\n)){{1,800}}?\\end\{{{_DISPLAY}\*?\}})")
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


def _last_argument(node, l2tobj) -> str:
    """The text of a command's last argument: ``\\operatorname*{cyc}``'s name, ``\\href``'s text."""
    args = node.nodeargd.argnlist if node.nodeargd else []
    return l2tobj.nodelist_to_text([args[-1]]) if args and args[-1] is not None else ""


def _code_point(node, l2tobj) -> str:
    """``\\unicode{x2013}``'s character (hexadecimal after "x", else decimal); "" for none."""
    number = _last_argument(node, l2tobj).strip()
    try:
        return chr(int(number[1:], 16) if number[:1] in "xX" else int(number))
    except ValueError:
        return ""


# What pylatexenc does not know, or reads otherwise: "\tfrac12" read "12" (½ as twelve), "\|x\|" read
# "x" (a norm lost), "\Re(s)" read "(s)", "\widetilde{X}" and "\widehat{f}" read "X" and "f" (a
# knockoff copy of X read as X itself: they take the marks of "\tilde" and "\hat"); the operator
# names it lacks ("\gcd(a,b)" read "(a,b)"), "\mbox{Res}" (read ""), "\colon" (lost), "\binom{n}{k}"
# (read "nk"), "\unicode{x2013}" (read "x2013"), "\operatorname*{cyc}" (read "*cyc") and
# "\href{URL}{text}" (its text: the parser did not know its two arguments, and the TeX was shown)
_OPERATORS = ("arg", "coth", "csc", "deg", "det", "dim", "gcd", "hom", "ker", "lcm", "Pr", "sec", "argmax", "argmin")
# and the symbols it drops ("a \ne b" read "a  b")
_SYMBOLS = {"ne": "\u2260", "gets": "\u2190", "iff": "\u27fa", "implies": "\u27f9", "impliedby": "\u27f8", "land": "\u2227",
            "lor": "\u2228", "neg": "\u00ac", "owns": "\u220b", "bot": "\u22a5", "models": "\u22a8", "coloneqq": "\u2254",
            "triangle": "\u25b3", "Box": "\u25a1", "Diamond": "\u25c7", "checkmark": "\u2713", "ddagger": "\u2021",
            "S": "\u00a7", "P": "\u00b6", "pounds": "\u00a3", "imath": "\u0131", "jmath": "\u0237"}
_MATH_TEXT = get_default_latex_context_db()
_MATH_TEXT.add_context_category("math", prepend=True, macros=[
    MacroTextSpec("tfrac", "%s/%s"), MacroTextSpec("dfrac", "%s/%s"), MacroTextSpec("|", "\u2016"),
    MacroTextSpec("Re", "\u211c"), MacroTextSpec("Im", "\u2111"), MacroTextSpec("sqrt", simplify_repl=_root),
    MacroTextSpec("widetilde", simplify_repl=_MATH_TEXT.get_macro_spec("tilde").simplify_repl),
    MacroTextSpec("widehat", simplify_repl=_MATH_TEXT.get_macro_spec("hat").simplify_repl),
    *(MacroTextSpec(name, name) for name in _OPERATORS), *(MacroTextSpec(name, char) for name, char in _SYMBOLS.items()),
    MacroTextSpec("bmod", "mod"), MacroTextSpec("pmod", "(mod %s)"),
    MacroTextSpec("colon", ":"), MacroTextSpec("mbox", "%s"),
    *(MacroTextSpec(name, simplify_repl=_last_argument) for name in ("operatorname", "href")),
    *(MacroTextSpec(name, "C(%s,%s)") for name in ("binom", "dbinom", "tbinom")),
    MacroTextSpec("unicode", simplify_repl=_code_point)])
_MATH_PARSER = latexwalker.get_default_latex_context_db()
_MATH_PARSER.add_context_category("math", prepend=True, macros=[
    macrospec.std_macro("tfrac", False, 2), macrospec.std_macro("dfrac", False, 2), macrospec.std_macro("pmod", False, 1),
    *(macrospec.std_macro(name, False, 2) for name in ("binom", "dbinom", "tbinom", "href")),
    macrospec.std_macro("unicode", False, 1), macrospec.MacroSpec("operatorname", "*{")])


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
    return "$" in text or "\\(" in text or "\\[" in text or "\\begin{" in text


def math_to_text(text: str) -> str:
    """``text`` with its math as plain text and the rest as written: what a paper's slug is made
    of, which stays as it was when the reading of text outside math improves (a published page's
    address never changes)."""
    if not _may_have_math(text):
        return text
    return MATH.sub(lambda m: _math_text(_tex(m)), text)


def to_text(text: str) -> str:
    """Plain readable text: ``GA-S$^3$`` → ``GA-S³``, ``Schr\\"odinger`` → "Schrödinger"."""
    if not _may_have_tex(text):
        return text
    return "".join(_math_text(_percent(_tex(piece))) if isinstance(piece, re.Match) else read_text(piece)
                   for piece in _pieces(text))


def to_html(text: str) -> str:
    """Escaped HTML with each TeX segment as inline MathML, its TeX kept as the annotation, and
    the text's emphasis as ``<em>`` and ``<strong>``."""
    if not _may_have_tex(text):
        return html.escape(text)
    return "".join(_math_html(_percent(_tex(piece)), piece.group(0)) if isinstance(piece, re.Match)
                   else _runs_html(text_runs(piece)) for piece in _pieces(text))


# A "%" that TeX would read as a comment's start: in a digest's math it is the character ("Top-$5%$"
# read "Top-5", "$x%y$ rest" "x rest"). Not in a slug's text (:func:`math_to_text`): addresses stay
_LONE_PERCENT = re.compile(r"(?<!\\)%")


def _percent(tex: str) -> str:
    return _LONE_PERCENT.sub(r"\\%", tex) if "%" in tex else tex


def _pieces(text: str) -> Iterator[str | re.Match]:
    """The text between math segments (strings, maybe empty) and the segments' matches, in order."""
    last = 0
    if _may_have_math(text):
        for m in MATH.finditer(text):
            yield text[last:m.start()]
            yield m
            last = m.end()
    yield text[last:]


def _runs_html(runs: list[tuple[str, str]]) -> str:
    return "".join(f"<{style}>{html.escape(run)}</{style}>" if style else html.escape(run) for style, run in runs)


# --- TeX's markup outside math ----------------------------------------------------------------

# What the text-mode reading could change: most texts have none of it, and the test is cheap
_MAY_HAVE_MARKUP = re.compile(r"[\\~`]|--")
# The font commands of a text without braces inside ("\emph{new}", "{\it et al}"): the HTML element
# each stands for ("" for none: "\texttt{x}" is x). "{\emnon-…}" (a command of another name) stays
_FONTS = {"emph": "em", "textit": "em", "textsl": "em", "it": "em", "em": "em", "sl": "em", "textbf": "strong",
          "bf": "strong", "textrm": "", "texttt": "", "textsf": "", "textsc": "", "textup": "", "textnormal": "",
          "text": "", "mbox": "", "underline": "", "rm": "", "tt": "", "sf": "", "sc": ""}
_FONT = re.compile(r"\\(emph|textit|textsl|textbf|textrm|texttt|textsf|textsc|textup|textnormal|text|mbox|underline)"
                   r"\s*\{([^{}]*)\}|\{\\(em|it|sl|bf|rm|tt|sf|sc)(?![A-Za-z])\s*([^{}]*)\}")
# "\url{…}" (its URL), then "\footnote{…}" (its text in parentheses), which may hold one
_URL_COMMAND = re.compile(r"\\url\s*\{([^{}]*)\}")
_FOOTNOTE = re.compile(r"\\footnote\s*\{([^{}]*)\}")
# A URL, whose characters are its own ("…/a--b", "…/~user"): read as the rest of the text is not
_URL = re.compile(r"https?://[^\s\"'<>{}\\]+", re.IGNORECASE)
# "\cite{a,b}" (and "\citep", "\citet"), with the tie before it: "[a, b]", the keys the author gave
_CITE = re.compile(r"~?\\cite[pt]?\s*\{([^{}]*)\}")
_ESCAPED = re.compile(r"(?<!\\)\\([%&#_$ ])")  # "90\%", "R\&D", "vs.\ a": the character
# The abbreviations of the CVPR, ICCV and ECCV templates ("\ie, detection"), a period after one
# taken as its own, as the templates' "\@onedot" does ("\etc." is "etc.")
_ABBREVIATIONS = {"eg": "e.g.", "Eg": "E.g.", "ie": "i.e.", "Ie": "I.e.", "cf": "cf.", "Cf": "Cf.", "etc": "etc.",
                  "vs": "vs.", "wrt": "w.r.t.", "dof": "d.o.f.", "etal": "et al."}
_ABBREVIATION = re.compile(r"\\(eg|Eg|ie|Ie|cf|Cf|etc|vs|wrt|dof|etal)(?![A-Za-z])(?:\{\})?\.?")
# "--" and "---" between two letters or digits ("Navier--Stokes", "701--709") or between spaces
# ("models -- such as"): TeX's en and em dashes; "--flag" and "x--;" stay
_DASH = re.compile(r"(?<=[^\W_])(---?)(?=[^\W_])|(?<= )(---?)(?= )")
_DASHES = {"--": "\u2013", "---": "\u2014"}
# "~" tying a word, an abbreviation's period or a closing bracket to what follows ("Fig.~3",
# "(i)~they", "models~(LLMs)"), or a number to its unit ("5~sec"): a space. "~5%" and "5~10" stay
_TIE = re.compile(r"(?:(?<=[^\W\d_])|(?<=[.,;:)\]]))~(?=[^\s~])|(?<=\d)~(?=[^\W\d_])")
_QUOTES = re.compile(r"``(?=\S)([^`\n]{1,300}?)(?<=\S)(?:''|\")")  # ``TeX's quotes'' (closed by '' or ")


def _may_have_tex(text: str) -> bool:
    return _may_have_math(text) or _MAY_HAVE_MARKUP.search(text) is not None


def read_text(text: str) -> str:
    """``text`` (outside math) read as TeX's text, as plain text (:func:`text_runs`)."""
    return "".join(run for _, run in text_runs(text))


def text_runs(text: str) -> list[tuple[str, str]]:
    """``text`` (outside math) read as TeX's text: (style, text) runs, style "em", "strong" or ""."""
    if _MAY_HAVE_MARKUP.search(text) is None:
        return [("", text)]
    text = accented(text)
    if "\\" in text:
        text = _FOOTNOTE.sub(r" (\1)", _URL_COMMAND.sub(r"\1", text))
    runs, last = [], 0
    for m in _FONT.finditer(text):
        runs += [("", text[last:m.start()]), (_FONTS[m[1] or m[3]], m[2] if m[1] else m[4])]
        last = m.end()
    runs.append(("", text[last:]))
    return [(style, _plain(run)) for style, run in runs if run]


def _plain(text: str) -> str:
    """``text`` with TeX's citations, abbreviations, escaped characters, dashes, ties and quotes
    read; its URLs as written."""
    pieces, urls = _URL.split(text), _URL.findall(text)
    return "".join(_read(piece) + url for piece, url in zip(pieces, [*urls, ""]))


def _read(text: str) -> str:
    text = _abbreviated(_CITE.sub(_cite, text))
    text = _DASH.sub(_dash, _ESCAPED.sub(r"\1", text))
    return _QUOTES.sub("\u201c\\1\u201d", _TIE.sub(" ", text))


def _abbreviated(text: str) -> str:
    return _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m[1]], text) if "\\" in text else text


def _cite(m: re.Match) -> str:
    keys = ", ".join(key.strip() for key in m[1].split(",") if key.strip())
    return f" [{keys}]" if m.group(0).startswith("~") else f"[{keys}]"


def _dash(m: re.Match) -> str:
    return _DASHES[m[1] or m[2]]


# TeX's accent commands → the combining mark each puts on its letter
_MARKS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
          ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328", "r": "\u030a"}
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
            "aa": "å", "AA": "Å", "i": "ı"}
# {\"o}, \"o, \"{o}, \c{c}, \c c; {\ss}, {\o}, \ss{} (a letter command needs braces or "{}" after it,
# so that "\o" of a path stays as written)
_ACCENT = re.compile(r"\{?\\(?:([\"'`^~=.])\s*\{?([A-Za-z]|\\i)\}?|([cvuHkr])(?:\{([A-Za-z]|\\i)\}| ([A-Za-z])))\}?"
                     r"|\{\\(ss|o|O|l|L|ae|AE|oe|OE|aa|AA|i)\}|\\(ss|o|O|l|L|ae|AE|oe|OE|aa|AA)\{\}")


# An escaped quote that accents nothing ("\\'different\\', \\'similar\\'": a record escaped for a program,
# not TeX): such a text's "\\'d" opens a quotation, never an accented d
_QUOTING = re.compile(r"\\([\"'`])(?![A-Za-z{\\\s])")


def accented(text: str) -> str:
    """``text`` with TeX's accented letters as Unicode letters (``Schr\\"odinger`` → "Schrödinger"),
    and its escaped quotes as quotes where it escapes them (``\\'different\\'`` → "'different'")."""
    if "\\" not in text:
        return text
    quoting = set(_QUOTING.findall(text))
    if quoting:
        text = re.sub(rf"\\([{re.escape(''.join(quoting))}])", r"\1", text)
    return _ACCENT.sub(_accent, text)


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


# An operator's name written right after a letter or a digit: TeX sets it apart, the text ran the
# two together ("O(n\log n)" read "O(nlog n)", "a\sin x" "asin x")
_NAMED_OPERATOR = re.compile(r"(?<=[A-Za-z0-9])(?=\\(?:log|ln|lg|exp|sin|cos|tan|cot|sinh|cosh|tanh|arcsin|arccos|"
                             r"arctan|max|min|sup|inf|lim|limsup|liminf|det|dim|ker|arg|deg|gcd|lcm|Pr|sec|csc|coth|hom|"
                             r"argmax|argmin|mod|bmod)(?![A-Za-z]))")


@lru_cache(maxsize=4096)
def _math_text(tex: str) -> str:
    try:
        scripted = SCRIPT.sub(_script, COMMAND_SCRIPT.sub(r"\1{}", _NAMED_OPERATOR.sub(" ", tex)))
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


# "\\bigl" and its kin before a delimiter written as a command ("\\Bigl\\{", "\\bigr\\rangle"): latex2mathml
# shows that delimiter's TeX ("E\\{…\\}"), so the delimiter goes unsized
_SIZED_DELIMITER = re.compile(r"\\[Bb]igg?[lrm]?(?![A-Za-z])\s*(?=\\[A-Za-z{}|])")


@lru_cache(maxsize=4096)
def _math_html(tex: str, source: str) -> str:
    display = "block" if source.startswith(("$$", "\\[", "\\begin")) else "inline"  # TeX's display math on a line of its own
    try:
        mathml = _sanitize(latex_to_mathml(_SIZED_DELIMITER.sub("", tex), display=display))
    except Exception:  # latex2mathml and the XML parser raise on broken TeX: show the source
        return html.escape(source)
    opening, _, rest = mathml.partition(">")
    body = rest.rpartition("</math>")[0]
    annotation = f'<annotation encoding="application/x-tex">{html.escape(tex)}</annotation>'
    return f"{opening}><semantics>{body}{annotation}</semantics></math>"
