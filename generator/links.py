"""Find the http(s) links in an abstract, clean them, and say what each points to.

Abstracts are scraped text, so URLs arrive messy: followed by sentence punctuation, wrapped
in parentheses, inside LaTeX (``\\url{…}``, ``\\href{…}{…}``), followed by ``{github}`` or a
duplicated ``{https://…`` tail, glued to a label (``Page:https://…``), or cut off by the
scraper (``https://sites.``). Cleaning works in two steps:

1. :func:`extract_links` takes each run of text that starts with ``http://`` or ``https://``
   and stops at whitespace or at a character no URL holds unescaped (quotes, ``<>``, braces,
   backslash). That alone handles the LaTeX, ``{github}`` and ``{https://…`` forms.
2. :func:`safe_url` trims trailing punctuation and unbalanced closing brackets (balanced ones,
   as in ``…/wiki/Python_(programming_language)``, stay), then accepts the URL only if it is
   http(s), has a domain-name host with a letter TLD and no user info, and holds no
   whitespace, control characters, quotes, ``<``, ``>``, braces or backslash. Non-ASCII is
   made ASCII: the host by IDNA (UTS 46, as browsers do), everything else by percent-encoding. The result is safe in
   an ``href`` once HTML-escaped, and ``safe_url(safe_url(u)) == safe_url(u)``.

Anything that is not http(s) (``javascript:``, ``data:``, obfuscated or entity-encoded
forms) never becomes a link.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

import idna

from generator.model import Link

# A URL ends at whitespace, control characters, or characters never left unescaped in one.
_CANDIDATE = re.compile(r"""https?://[^\s\x00-\x1f\x7f"'`<>{}\\“”‘’«»]+""", re.IGNORECASE)
_FORBIDDEN = re.compile(r"""[\s\x00-\x1f\x7f"'`<>{}\\]""")
_TRAILING = ".,;:!?\"'”’»"
_OPENER = {")": "(", "]": "["}
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]+)")
# RFC 3986 reserved and unreserved characters (less the quote) plus '%' for existing escapes.
_URL_SAFE = "!#$%&()*+,-./:;=?@[]_~"

# (kind, host, path prefix): the first rule whose host is the URL's host or a parent domain
# of it, and whose prefix starts the path, decides. Hugging Face Spaces are hosted demos, so
# they count as project pages; its other pages (models, datasets) are code. Papers with Code
# and anonymous.4open.science (double-blind mirrors of repositories) point to code, as do the
# other public forges: Gitee (where Chinese labs publish, with or instead of GitHub: the
# arXiv day's Gold-YOLO code was a "Project page"), Gitea and SourceHut.
_RULES = (
    ("notebook", "colab.research.google.com", "/"),
    ("notebook", "nbviewer.org", "/"),
    ("project", "huggingface.co", "/spaces/"),
    ("paper", "huggingface.co", "/papers/"),
    ("code", "huggingface.co", "/"),
    ("code", "github.com", "/"),
    ("code", "gitlab.com", "/"),
    ("code", "bitbucket.org", "/"),
    ("code", "codeberg.org", "/"),
    ("code", "gitee.com", "/"),
    ("code", "gitea.com", "/"),
    ("code", "git.sr.ht", "/"),
    ("code", "sourceforge.net", "/"),
    ("code", "paperswithcode.com", "/"),
    ("code", "anonymous.4open.science", "/"),
    ("video", "youtube.com", "/"),
    ("video", "youtu.be", "/"),
    ("video", "vimeo.com", "/"),
    ("video", "bilibili.com", "/"),
    ("paper", "arxiv.org", "/"),
    ("paper", "openreview.net", "/"),
    ("paper", "doi.org", "/"),
    ("paper", "aclanthology.org", "/"),
)


def extract_links(text: str) -> tuple[Link, ...]:
    """The cleaned http(s) links of ``text``, each once, in order of first occurrence."""
    urls = (safe_url(match.group()) for match in _CANDIDATE.finditer(text))
    unique = dict.fromkeys(url for url in urls if url)
    return tuple(Link(url=url, kind=classify(url)) for url in unique)


def checked_url(url: str) -> str:
    """``url`` as a record gave it when it is an http(s) URL safe to link (:func:`safe_url`), else "":
    a paper's source as ``papers.json``, its BibTeX entry and its citation tags give it."""
    return url if url and safe_url(url) else ""


def safe_url(url: str) -> str | None:
    """The cleaned ``url`` if it is an http(s) URL safe to put in an ``href``, else None."""
    url = _trim(url.strip())
    if _FORBIDDEN.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
        host = _ascii_host(parts.hostname or "")
        path, query, fragment = (quote(p, safe=_URL_SAFE) for p in parts[2:])
    except (ValueError, UnicodeError):  # bad port or IPv6 brackets, bad IDNA label, surrogate
        return None
    if parts.scheme not in ("http", "https") or not _HOST.fullmatch(host):
        return None
    if parts.username is not None or parts.password is not None:
        return None
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((parts.scheme, netloc, path, query, fragment))


def _ascii_host(host: str) -> str:
    """The host as it goes on the wire: IDNA by UTS 46 (``faß.de`` is ``xn--fa-hia.de``, not the
    different domain ``fass.de`` that Python's IDNA 2003 codec gives). Raises UnicodeError."""
    return host.lower() if host.isascii() else idna.encode(host, uts46=True).decode("ascii")


def classify(url: str) -> str:
    """What ``url`` points to: "code", "notebook", "video", "project" or "paper"."""
    try:
        parts = urlsplit(url)
    except ValueError:  # unbalanced IPv6 brackets
        return "project"
    host, path = (parts.hostname or ""), (parts.path or "/")
    if path.lower().endswith(".ipynb"):
        return "notebook"
    for kind, domain, prefix in _RULES:
        if (host == domain or host.endswith("." + domain)) and path.startswith(prefix):
            return kind
    return "project"


def _trim(url: str) -> str:
    """``url`` without trailing punctuation and unbalanced closing brackets."""
    surplus = {close: url.count(close) - url.count(open_) for close, open_ in _OPENER.items()}
    end = len(url)
    while end:
        last = url[end - 1]
        if surplus.get(last, 0) > 0:
            surplus[last] -= 1
        elif last not in _TRAILING:
            break
        end -= 1
    return url[:end]
