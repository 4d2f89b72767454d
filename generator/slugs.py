"""Slugs, with one transliteration whatever is installed.

python-slugify turns non-ASCII into ASCII with Unidecode when that package happens to be
installed, else with text-unidecode, and the two differ (``"Ö"`` → ``"O"`` or ``"Oe"`` in some
tables; many CJK and symbol mappings differ). Slugs are permanent URLs, so the backend is named:
text-unidecode, python-slugify's own dependency, declared in pyproject.toml.
"""

from __future__ import annotations

from slugify import slugify as _slugify

BACKEND = "text-unidecode"
# The longest topic slug: it names the topic's folder and files (feeds/SLUG.xml, SLUG.bib), and a
# file name holds 255 bytes; a topic named by a paragraph (a curator's, or a 400-character category
# a suggested topic took its name from) failed the build, "File name too long", naming no line.
MAX_TOPIC_SLUG = 200


def slugify(text: str, **options) -> str:
    """python-slugify's ``slugify`` with the transliteration backend fixed to :data:`BACKEND`."""
    return _slugify(text, backend=BACKEND, **options)
