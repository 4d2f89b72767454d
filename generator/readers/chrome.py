"""Page chrome in copied paper lists: the lines a web page puts around each paper that are no
title or abstract.

Copying Hugging Face's daily or trending papers, a paper's page there or on arXiv, Papers with
Code, alphaXiv or a Google Scholar alert gives, between the papers, lines such as "Upvote", "145",
"· 27 authors", "Submitted by" and its user, "Published on Feb 14, 2025", "GitHub", "1.2k",
"arXiv Page", "8.27 stars / hour", "Computer Science > Computation and Language", "[Submitted on
14 Feb 2025]" and the site's own menu. Read as papers, they made titles such
as "Models" with the abstract "Datasets", and shifted every pair after them. They are known by
their shape (a count, a date, a lone dot) or, for words, by being the sites' own labels, each
the whole line: a title that merely contains "Code" or "Paper" stays a title.
"""

from __future__ import annotations

import re

# arXiv's groups, as its breadcrumb names them ("Computer Science > Computation and Language")
ARXIV_GROUPS = ("Computer Science", "Mathematics", "Physics", "Statistics", "Quantitative Biology", "Quantitative Finance",
                "Electrical Engineering and Systems Science", "Economics", "Astrophysics", "Condensed Matter",
                "General Relativity and Quantum Cosmology", "High Energy Physics", "Mathematical Physics",
                "Nonlinear Sciences", "Nuclear Experiment", "Nuclear Theory", "Quantum Physics")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = rf"(?:\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?|{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
_DATED = re.compile(rf"(?:(?:Published|Submitted|Posted|Updated|Added)(?: on)?\s+)?(?P<day>\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|"
                    rf"{_MONTH}\s+\d{{1,2}},\s*\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})", re.IGNORECASE)
_COUNT = r"\d[\d,.]*\s*[kKmM]?\+?"
# What a count counts, on the sites above: "· 27 authors", "3 comments", "8.27 stars / hour"
_COUNTED = r"(?:authors?|comments?|upvotes?|stars?|likes?|views?|forks?|citations?|versions?|papers?)"

CHROME_SHAPES = (
    re.compile(rf"[#№]?{_COUNT}"),  # an upvote, star or comment count: "145", "1.2k", "1,234"
    re.compile(rf"[·•|]?\s*{_COUNT}\s+{_COUNTED}(?:\s*/\s*(?:hour|day|week))?", re.IGNORECASE),
    re.compile(r"[·•|,]"),  # what sits between a card's items, alone on a line
    re.compile(rf"(?:(?:Published|Submitted|Posted|Updated|Added)(?: on)?\s+|on\s+)?{_DAY}", re.IGNORECASE),
    re.compile(r"#\d+ Papers? of the (?:day|week|month)", re.IGNORECASE),  # Hugging Face's ranking badge
    re.compile(r"#[^\W\d][\w-]*(?:\s+#[^\W\d][\w-]*)*"),  # alphaXiv's topic tags: "#diffusion-models"
    re.compile(r"[^·]{2,80}\s·\s\d{4}"),  # Semantic Scholar's venue and year: "arXiv.org · 2025"
    re.compile(r"This message was sent by Google Scholar .*|\[\s*\d+\s+new results?\s*\]"),  # an alert's footer, header
    re.compile(r"(?!10\.\d)[\w.-]{2,}/[\w.-]{2,}"),  # Papers with Code's repository under a title: "ml-gsai/llada" (no DOI)
    re.compile(rf"(?:{'|'.join(ARXIV_GROUPS)}) > .+"),  # an arXiv page's breadcrumb: "Computer Science > Computation and Language"
    re.compile(r"\[Submitted on .+\]|\[v\d+\] .+|From: .+\[view email\]"),  # its dates and submitter
    re.compile(r"\(or arXiv:\S+ \[[\w.-]+\] for this version\)|<\s*prev\s*\|\s*next\s*>|new \| recent \| [\d-]+"),
    re.compile(r"(?:cs|math|stat|physics|q-bio|q-fin|eess|econ|astro-ph|cond-mat|gr-qc|hep-[a-z]+|math-ph|nlin|nucl-[a-z]+|"
               r"quant-ph)(?:\.[A-Za-z-]+)?"),  # its category links: "cs", "cs.LG"
    re.compile(r"Submitted by \S+"),  # Hugging Face's submitter, when the copy keeps it on one line
    # Google Scholar's buttons under a result ("Save Cite Cited by 12 Related articles All 3 versions")
    re.compile(r"(?:(?:Save|Cite|Cited by \d+|Related articles|All \d+ versions|Import into BibTeX|View as HTML|Twitter|"
               r"LinkedIn|Facebook|Share)\s*)+", re.IGNORECASE),
    re.compile(r"\[(?:PDF|HTML)\]\s+[\w-]+(?:\.[\w-]+)+"),  # a search result's file link: "[PDF] arxiv.org"
)
CHROME_MAX_CHARS = 200  # the longest chrome line, Scholar's footer, has about 120 characters; an abstract is longer
# The sites' own labels and menus, each a whole line: Hugging Face (daily, trending and a paper's
# page), Papers with Code, alphaXiv, Semantic Scholar and Google Scholar.
CHROME_WORDS = frozenset({
    "Upvote", "Upvoted", "Submitted by", "Submitted", "GitHub", "arXiv Page", "View arXiv page", "View PDF",
    "Project page", "Add to collection", "Code", "Paper", "Add Code", "Previous", "Next", "Comment", "Comments",
    "Share", "Save", "Cite", "Bookmark", "PDF", "HTML", "Star", "Follow", "Read more", "Show more", "Show less",
    "Authors", "Abstract", "TL;DR", "Expand", "Collapse", "Blog", "Likes", "Views",
    "Hugging Face's logo", "Hugging Face", "Models", "Datasets", "Spaces", "Community", "Docs", "Enterprise",
    "Pricing", "Log In", "Login", "Sign Up", "Posts", "Papers", "Daily Papers", "Trending Papers",
    "by AK and the research community", "Search any paper with AI", "Submit a paper", "Day", "Week", "Month",
    "Trending Research", "Subscribe to the PwC Newsletter", "Read previous issues", "Join the community", "Latest",
    "Greatest", "Browse State-of-the-Art", "Methods", "More", "Newsletter", "Contact us", "Trending", "Hot", "New",
    "Top", "Explore", "alphaXiv", "Google Scholar", "Semantic Scholar", "Scholar Alert", "Google Scholar Alerts",
    "View PDF", "HTML (experimental)", "View PDF HTML (experimental)", "TeX Source", "Other Formats", "Download PDF",
    "Access Paper:", "view license", "Submission history", "Current browse context:", "Bibliographic Tools",
    "Focus to learn more", "Change to browse by:", "References & Citations", "NASA ADS", "INSPIRE HEP", "DBLP",
    "export BibTeX citation", "Bibliographic and Citation Tools", "Code, Data, Media", "Demos", "Related Papers",
    "About arXivLabs",
    "TLDR", "Twitter", "LinkedIn", "Facebook", "List alerts", "Cancel alert", "Create alert", "New articles", "New citations", "New results",
    "Stay informed on the latest trending ML papers with code, research developments, libraries, methods, and datasets.",
})
# A label whose next line, when one word, is the site's user name: "Submitted by" / "akhaliq"
# What Google Scholar writes before a title it links to a file: "[PDF] Large Language Diffusion Models"
TAGGED = re.compile(r"\[(?:PDF|HTML|BOOK|B|CITATION|C|DOC|PS)\]\s+(?=\S)")
NAMES_NEXT = frozenset({"Submitted by", "Submitted"})


def is_chrome(line: str) -> bool:
    """Whether the whole ``line`` (stripped) is page chrome, never a paper's text."""
    return line in CHROME_WORDS or len(line) <= CHROME_MAX_CHARS and any(shape.fullmatch(line) for shape in CHROME_SHAPES)


def dated(line: str) -> str:
    """The day a chrome line gives in full, with its year ("Published on Feb 14, 2025" -> "Feb 14,
    2025"), or "": a card's date, the paper's (the page's own, "Feb 17", names no year)."""
    day = _DATED.fullmatch(line)
    return day.group("day") if day else ""


def untagged(line: str) -> str:
    """``line`` without Google Scholar's file tag ("[PDF] Title" -> "Title")."""
    return TAGGED.sub("", line, count=1) if TAGGED.match(line) else line


# An arXiv abstract page's fields under its abstract, in plain text (labelled text reads them: its
# test sees them first)
ARXIV_FIELD = re.compile(r"(?:Subjects|Cite as|Comments|Journal reference|Related DOI|MSC classes|ACM classes|"
                         r"Report number):\s.*")
# An arXiv abstract page's "Abstract:" glued to its abstract (copied: "Abstract:Autoregressive models …")
ABSTRACT_LABEL = re.compile(r"Abstract:\s*(?=\S)")


def labelled_abstract(line: str) -> bool:
    return bool(ABSTRACT_LABEL.match(line))


def unlabelled(line: str) -> str:
    """``line`` without its "Abstract:" label."""
    label = ABSTRACT_LABEL.match(line)
    return line[label.end():] if label else line


def names_user(label: str, line: str) -> bool:
    """Whether ``line`` is the user name that the chrome line ``label`` announces."""
    return label in NAMES_NEXT and bool(line) and len(line.split()) == 1 and not line[-1:] in ".!?"
