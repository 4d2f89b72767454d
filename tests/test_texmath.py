import html

import pytest

from generator import texmath


def test_superscript_in_title_becomes_readable_text():
    assert texmath.to_text("GA-S$^3$: Comprehensive") == "GA-S³: Comprehensive"


def test_symbols_and_scripts():
    assert texmath.to_text(r"$\alpha$-rank and $O(n^2)$ with $10^{-3}$") == "α-rank and O(n²) with 10⁻³"


def test_text_outside_math_is_verbatim():
    text = r"50% of ~100 cases, 5~10 each, cost $5 and $10 at R&D, C:\old\path \datasetname{} --flag"
    assert texmath.to_text(text) == text
    assert texmath.to_html(text) == text.replace("&", "&amp;")


@pytest.mark.parametrize("tex, text, markup", [
    (r"a \emph{relative Fr\'echet distance} and {\it et al}", "a relative Fréchet distance and et al",
     "a <em>relative Fréchet distance</em> and <em>et al</em>"),
    (r"\textbf{96} (2022) and {\bf 592}, \texttt{x<y}", "96 (2022) and 592, x<y",
     "<strong>96</strong> (2022) and <strong>592</strong>, x&lt;y"),
    (r"about 90\% of R\&D", "about 90% of R&D", "about 90% of R&amp;D"),
    (r"by Weltge~\cite{Kup20} and in \cite{a, b}", "by Weltge [Kup20] and in [a, b]", None),
    (r"Navier--Stokes, pp. 701--709, models -- such as -- and a---b", "Navier–Stokes, pp. 701–709, models – such as – and a—b", None),
    (r"Fig.~3, (i)~they, models~(LLMs), (5~sec)", "Fig. 3, (i) they, models (LLMs), (5 sec)", None),
    ("the ``ADBench'' and ``labor force\" x", "the “ADBench” and “labor force” x", None),
    (r"at \url{https://github.com/a--b/~c_d}.", "at https://github.com/a--b/~c_d.", None),  # a URL as written
    (r"in OIE\footnote{\url{https://github.com/a/b}}.", "in OIE (https://github.com/a/b).", None),
])
def test_tex_markup_outside_math_reads_as_the_pdf_shows_it(tex, text, markup):
    # arXiv's abstracts are TeX: pages, cards, feeds and search showed "\emph{…}", "90\%", "\cite{…}", "--"
    assert texmath.to_text(tex) == text
    assert texmath.to_html(tex) == (markup if markup is not None else html.escape(text, quote=True))


def test_tex_markup_beside_math_and_a_slug_as_before():
    assert texmath.to_text(r"for $x_1$ in \emph{all} cases, 90\%") == "for x₁ in all cases, 90%"
    assert "<em>all</em>" in texmath.to_html(r"for $x_1$ in \emph{all} cases")
    # a paper's slug is made of its title as it always was: a published address never changes
    assert texmath.math_to_text(r"Schr\"odinger's $x^2$ -- \emph{a}") == r"Schr\"odinger's x² -- \emph{a}"


def test_html_has_mathml_with_the_tex_as_annotation():
    html = texmath.to_html("GA-S$^3$")
    assert html.startswith('GA-S<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><semantics>')
    assert '<annotation encoding="application/x-tex">^3</annotation>' in html


def test_text_around_math_is_escaped():
    assert texmath.to_html("<b>$x$</b>").startswith("&lt;b&gt;<math")
    assert texmath.to_html("<b>$x$</b>").endswith("</math>&lt;/b&gt;")


def test_mathml_is_sanitised():
    for tex in (r"$\text{<script>alert(1)</script>}$", r"$\href{javascript:alert(1)}{x}$", r"$\style{color:red}{x}$"):
        html = texmath.to_html(tex)
        assert "<script" not in html and "href=" not in html and "style=" not in html


def test_broken_tex_falls_back_to_its_source():
    assert texmath.to_text(r"$\frac{$") == r"\frac{"
    assert texmath.to_html(r"$\frac{$") == r"$\frac{$"


@pytest.mark.parametrize("tex, shown", [
    ('Schr\\"odinger', "Schrödinger"), ("Erd{\\H o}s, Erd\\H{o}s", "Erdős, Erdős"), ("caf{\\'e}, caf\\'e", "café, café"),
    ("Fran\\c{c}ois", "François"), ('na\\"{\\i}ve', "naïve"), ("Stra{\\ss}e, {\\o}re", "Straße, øre"),
    ("\\~n, \\v{s}", "ñ, š"), ("C:\\old\\path", "C:\\old\\path"),  # no accent: as written
])
def test_tex_accents_in_plain_text_are_searched_and_shown_as_letters(tex, shown):
    # arXiv's metadata writes accents as TeX outside math ("Schr\"odinger"), and arXiv's pages show
    # the letters: pages, cards, feeds and search results showed the TeX (55 of the arXiv day's papers)
    from generator.search_index import fold

    assert texmath.accented(tex) == shown and fold(tex) == fold(shown)
    assert texmath.to_text(tex) == shown and texmath.to_html(tex) == html.escape(shown)


@pytest.mark.parametrize("tex, text", [
    ("$$E = mc^2$$ holds", "E = mc² holds"), ("a $ \\nu $ b", "a ν b"),  # arXiv abstracts write both
    ("cost $5 and $10", "cost $5 and $10"), ("$ 5 $ and $ x $", "$ 5 $ and $ x $"),  # prices and spaced text stay
])
def test_display_math_and_math_spaced_inside_its_dollars(tex, text):
    assert texmath.to_text(tex) == text
    assert ("<math" in texmath.to_html(tex)) is (text != tex)


def test_math_with_a_space_inside_its_dollars_is_math_when_it_holds_tex():
    # arXiv renders "$g_i $" and "$ b \geq 2 $" as math (5 of the arXiv day's 268 abstracts with math)
    assert texmath.to_text("we set $g_i $ on $B_1 (0) \\subset \\mathbb{R}^n $.") == "we set gᵢ on B₁ (0) ⊂ℝⁿ."
    assert texmath.to_text("for $ b \\geq 2 $ only") == "for b ≥ 2 only"
    for text in ("costs $5 and $10 each", "a $ 5 $ fee", "$ y $"):
        assert texmath.to_text(text) == text  # prices and a bare letter stay text


@pytest.mark.parametrize("tex, text", [
    ("based on$\\ell_p$-norm", "based onℓₚ-norm"), ("$\\psi_t$", "ψₜ"), ("$2\\Delta_t$", "2Δₜ"),  # the arXiv day's
    ("$\\sum_{n=1}^\\infty n^{-s}$", "∑ₙ₌₁^∞ n^-s"), ("$\\alpha^n$", "αⁿ"), ("$\\varepsilon_{n-1}$", "εₙ₋₁"),
])
def test_a_command_before_a_script_keeps_its_symbol(tex, text):
    # "\ell_p" became "\ellₚ", one command unknown to pylatexenc, and the plain text lost "ℓₚ"
    assert texmath.to_text(tex) == text


@pytest.mark.parametrize("tex, text", [
    ("$\\mathcal{O}(n \\log n)$", "𝒪(n log n)"), ("$\\sin x$", "sin x"),  # were "n logn" and "sinx"
    ("$x \\to y$", "x → y"), ("$\\alpha = 1$", "α = 1"), ("$\\alpha < \\beta$", "α < β"),  # "x →y", "α= 1", "α< β"
    ("$\\frac{1}{2} \\log n$", "1/2 log n"), ("$\\mathbf{x} \\in R$", "𝐱 ∈ R"),  # "1/2log n", "𝐱∈ R": the space
    ("$\\sqrt{n} \\log n$", "√(n) log n"), ("$\\hat{y} \\to y$", "ŷ → y"),  # after a braced argument
])
def test_the_space_after_a_command_stays_as_the_source_has_it(tex, text):
    # TeX drops the space after a command; in plain text (titles in feeds and papers.json,
    # summaries, the search index) "n \log n" became the word "logn"
    assert texmath.to_text(tex) == text


def test_math_over_a_line_break_is_math():
    # arXiv's metadata wraps abstracts at about 80 columns: a formula over the wrap was shown raw
    wrapped = "Our bound $\\|x-\\hat{x}\\|_2 \\le\n  C\\|x\\|_1$ is optimal, when \\(p > 1\n  + 2/n\\)."
    assert "$" not in texmath.to_text(wrapped) and "\\(" not in texmath.to_text(wrapped)
    assert texmath.to_html(wrapped).count("<math") == 2
    for text in ("costs $5 and\n$10 each", "costs $5\nper run, $10", "a $x\n\n$ b"):
        assert texmath.to_text(text) == text  # prices, and never over a blank line


@pytest.mark.parametrize("text", [
    "It costs $5 per run_id, or $10 per batch.", "$5 per 1M tokens (\\emph{cheap}), vs $30 for GPT-4.",
])
def test_prices_with_tex_between_them_stay_text(text):
    # a TeX command, brace or "_" between two prices made "5 per run_id, or " math, and both dollars were lost
    assert texmath.to_text(text) == text.replace("\\emph{cheap}", "cheap") and "<math" not in texmath.to_html(text)


@pytest.mark.parametrize("tex, text", [
    ("$\\mathbb{R}^{d \\times k}$", "ℝ^(d × k)"), ("$O(T^{2/3})$", "O(T^(2/3))"),  # were "ℝ^d × k", "O(T^2/3)"
    ("$e^{-x^2}$", "e^(-x^2)"), ("$W^{1,p}$", "W^(1,p)"), ("$x^{k+j}$", "x^(k+j)"),  # "e^-x^2", "W^1,p", "x^k+j"
    ("$a_{ij}$", "a_ij"), ("$n^{-s}$", "n^-s"), ("$x_{\\rm max}$", "x_ max"), ("$e^{\\alpha}$", "e^α"),  # one term each
    ("$x^{(k)}$", "x^(k)"), ("$x^{n+1}$", "xⁿ⁺¹"), ("$\\sum_{n=1}^\\infty$", "∑ₙ₌₁^∞"),
])
def test_a_script_of_several_terms_keeps_its_group(tex, text):
    """A script Unicode cannot raise or lower is written after "^" or "_"; its braces, TeX's
    alone, were dropped, and listings, feeds and the page's title read another formula."""
    assert texmath.to_text(tex) == text


@pytest.mark.parametrize("tex, text", [
    ("$\\tfrac{1}{2}$-BPS", "1/2-BPS"), ("$\\dfrac12$", "1/2"),  # was "12-BPS" and "12"
    ("$\\mathbb{E}[\\|\\nabla f\\|^2]$", "𝔼[‖∇ f‖²]"), ("$\\|x\\|_2$", "‖x‖₂"),  # the norm was lost
    ("$\\sqrt[3]{x}$", "∛(x)"), ("$\\sqrt[n]{x}$", "ⁿ√(x)"), ("$\\sqrt{2}$", "√(2)"),  # was "√(x)"
    ("$\\Re(s)>1$", "ℜ(s)>1"),  # was "(s)>1"
    ("$\\widetilde{X}$ a knockoff copy of $X$", "X̃ a knockoff copy of X"),  # was "X a knockoff copy of X"
    ("$\\widehat{f}$", "f̂"), ("$\\widetilde{AB}$", "ÃB̃"),  # were "f" and "AB"
])
def test_plain_text_keeps_the_meaning_of_fractions_norms_and_roots(tex, text):
    assert texmath.to_text(tex) == text


def test_display_math_is_a_block():
    # "$$…$$" was set inline, as "$…$" is, in the middle of the sentence's line
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in texmath.to_html("so $$E = mc^2$$ holds")
    assert 'display="inline"' in texmath.to_html("so $E = mc^2$ holds")


def test_bracketed_display_math_is_math_too():
    # arXiv abstracts write display math as \[…\] too: it was shown raw
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in texmath.to_html(r"so \[ E = mc^2 \] holds")
    assert texmath.to_text(r"so \[ E = mc^2 \] holds") == "so E = mc² holds"
    assert texmath.to_html(r"a list [1], a \\[2pt] break, \[ unclosed") == r"a list [1], a \\[2pt] break, \[ unclosed"


def test_us_dollar_prices_and_markdown_escaped_citations_stay_text():
    # "US$5 million … US$10 million" became a formula between the dollars; "\[12\]" (Markdown's
    # escaped citation) a display formula
    for text in ("The program cost US$5 million in 2020 and\nUS$10 million in 2021.", r"Prior work \[12\] showed"):
        assert not texmath.has_math(text) and texmath.to_text(text) == text
    assert texmath.to_text(r"0.70$\pm$0.34 and $x_1$, a range $1$-$2$") == "0.70±0.34 and x₁, a range 1-2"


def test_bracketed_display_math_whose_first_line_has_no_command_is_math():
    # arXiv wraps abstracts: a "\\[" at a line's end, or on a line of its own, has its command on the
    # next line; the test for a command, script or relation stopped at the line break (shown raw)
    for text in ("we show that \\[\n\\sum_i x_i = 1\n\\] holds", "we show that\n\\[\nE = mc^2\n\\]\nholds"):
        assert texmath.has_math(text) and 'display="block"' in texmath.to_html(text)
    assert not texmath.has_math("a citation \\[12\\]\nand \\[13\\]") and not texmath.has_math("\\[ x\n\n= 1 \\]")


def test_escaped_quotes_are_quotes_not_accents():
    # a record escaped for a program ("\'different\'") read "d́ifferent\'" once accents were read
    text = r"a personality that is \'different\',\'similar\' or \'indifferent\' to theirs"
    assert texmath.to_text(text) == "a personality that is 'different','similar' or 'indifferent' to theirs"
    assert texmath.to_text(r"Poincar\'e's \"Uber") == "Poincaré's Über"  # a real accent still reads as its letter


@pytest.mark.parametrize("tex, text", [
    (r"two sub-tasks, \ie, detection and \etc. with \etal{} here", "two sub-tasks, i.e., detection and etc. with et al. here"),
    (r"\eg\ this, \wrt the \vs that; \iex stays", "e.g. this, w.r.t. the vs. that; \\iex stays"),
])
def test_the_abbreviations_of_the_vision_templates(tex, text):
    # CVPR's, ICCV's and ECCV's templates define \ie, \eg, \etal…: "\ie, detection" was shown so
    assert texmath.to_text(tex) == text


@pytest.mark.parametrize("tex, text", [
    (r"$\Delta_k(x) - \mbox{Res}_{s=1} f$", "Δₖ(x) - Resₛ₌₁ f"),  # was "Δₖ(x) - ₛ₌₁ f": the residue lost
    (r"$\gcd(n_1,n_2)=1$", "gcd(n₁,n₂)=1"), (r"$\det A \ne 0$", "det A ≠ 0"),  # were "(n₁,n₂)=1", "A  0"
    (r"$f\colon V(G)\to \mathbb{Z}_k$", "f: V(G)→ℤₖ"), (r"$13\dbinom{n}{8}$", "13C(n,8)"),  # "f V(G)…", "13n8"
    (r"$a \equiv b \pmod{p}$", "a ≡ b (mod p)"), (r"$\unicode{x2013}\unicode{8212}$", "–—"),  # "a ≡ b p", "x20138212"
    (r"$\operatorname*{cyc}\nolimits_{\ell}$", "cyc_ℓ"), (r"$\operatorname{char}(K)$", "char(K)"),  # "*cyc_ℓ"
    (r"$\href{https://github.com/x/y}{\text{github.com/x/y}}$", "github.com/x/y"),  # was its TeX
])
def test_plain_text_keeps_operators_boxes_and_binomials(tex, text):
    assert texmath.to_text(tex) == text


def test_a_sized_delimiter_written_as_a_command_renders_as_the_delimiter():
    # latex2mathml showed "\{" and "\langle" for "\Bigl\{" and "\bigl\langle": "E\{∏…\}" on the page
    shown = texmath.to_html(r"$E\Bigl\{x\Bigr\} + \bigl\langle y \bigr\rangle + \bigcup_i \big( z\big)$")
    body = shown.split("<annotation")[0]
    assert "\\" not in body and "{" in body and "⟨" in body and "⋃" in body


def test_tex_markup_reads_alike_on_the_page_card_feed_search_and_export(project):
    # the arXiv day's abstracts showed "Erd\H{o}s", "\emph{…}", "90\%", "\cite{…}" on 104 of 879
    # pages, and in their cards, feeds and search results; the reading is one for all of them
    import csv
    import io
    import json
    from xml.etree import ElementTree

    import lxml.html

    from conftest import search_results
    from generator.build import build
    from generator.config import load_project

    abstract = (r"A question of Erd\H{o}s and Moser. We propose the \emph{relative Fr\'echet distance}, "
                r"which beats Kupavskii~\cite{K20} on 90\% of the Navier--Stokes cases.")
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["paper_id", "title", "authors", "subjects", "abstract", "date", "url"])
    writer.writerow(["2309.10950", r"Sumsets of Erd\H{o}s type", "['Ada Lovelace']", "Combinatorics (math.CO)",
                     abstract, "2023-09-21", "https://arxiv.org/abs/2309.10950"])
    folder = project({"2023-09-21-arxiv.csv": rows.getvalue()})
    build(load_project(folder))
    site = folder / "site"
    plain = "We propose the relative Fréchet distance, which beats Kupavskii [K20] on 90% of the Navier–Stokes cases."

    page = lxml.html.parse(str(site / "papers" / "2309.10950" / "index.html")).getroot()
    assert page.xpath("//h1")[0].text_content() == "Sumsets of Erdős type"
    assert page.xpath('//p[contains(@class, "ds-abstract")]')[0].text_content() == "A question of Erdős and Moser. " + plain
    assert page.xpath('//p[contains(@class, "ds-abstract")]//em')[0].text_content() == "relative Fréchet distance"
    assert page.xpath('//meta[@name="description"]')[0].get("content") == plain
    card = lxml.html.parse(str(site / "index.html")).getroot().xpath('//ol[contains(@class, "ds-cards")]/li')[0]
    assert card.xpath(".//a")[0].text_content() == "Sumsets of Erdős type" and plain in card.text_content()
    atom = "{http://www.w3.org/2005/Atom}"
    entry = ElementTree.parse(site / "feed.xml").getroot().find(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == "Sumsets of Erdős type" and entry.findtext(f"{atom}summary") == plain
    [result] = search_results(site / "assets" / "digest-site" / "search")
    assert (result["t"], result["s"], result["b"]) == ("Sumsets of Erdős type", plain, "A question of Erdős and Moser. " + plain)
    [paper] = json.loads((site / "papers.json").read_text(encoding="utf-8"))
    assert (paper["title_text"], paper["summary"]) == ("Sumsets of Erdős type", plain)


def test_a_display_environment_without_dollars_is_display_math():
    # arXiv's pages (MathJax) render "\begin{equation}…\end{equation}" written without dollars: it was raw TeX
    text = r"on the circle, \begin{equation}\partial_t u = \frac{\alpha}{2}\Delta u\end{equation} where u"
    assert texmath.has_math(text) and 'display="block"' in texmath.to_html(text)
    assert texmath.to_text(text) == "on the circle, ∂ₜ u = α/2Δ u where u"
    assert texmath.to_text(r"a \begin{itemize} list \end{itemize}") == r"a \begin{itemize} list \end{itemize}"


def test_an_operators_name_after_a_letter_stays_a_word_of_its_own():
    # "O(n\log n)" read "O(nlog n)" in a page's <title>, its meta tags and the search index
    assert texmath.to_text("Sorting in $O(n\\log n)$ time") == "Sorting in O(n log n) time"
    assert texmath.to_text("$a\\sin x + 2\\exp(y)$") == "a sin x + 2 exp(y)"
    assert texmath.to_text("$(\\log n)$") == "(log n)"


def test_a_percent_sign_in_a_digests_math_is_the_character():
    # TeX reads "%" as a comment: "Top-$5%$ accuracy" read "Top-5 accuracy", "$x%y$ rest" lost "%y"
    assert texmath.to_text("Top-$5%$ accuracy, $x%y$ rest, $5\\%$ kept") == "Top-5% accuracy, x%y rest, 5% kept"
    assert "<mi>%</mi>" in texmath.to_html("Top-$5%$ accuracy")
    assert texmath.math_to_text("Top-$x%y$ rest") == "Top-x rest"  # (what slugs are made of stays: addresses)
