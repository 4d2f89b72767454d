"""Slugs, with one transliteration whatever is installed.

python-slugify turns non-ASCII into ASCII with Unidecode when that package happens to be
installed, else with text-unidecode, and the two differ (``"Ö"`` → ``"O"`` or ``"Oe"`` in some
tables; many CJK and symbol mappings differ). Slugs are permanent URLs, so the backend is named:
text-unidecode, python-slugify's own dependency, declared in pyproject.toml.
"""

from __future__ import annotations

from slugify import slugify as _slugify

BACKEND = "text-unidecode"


def slugify(text: str, **options) -> str:
    """python-slugify's ``slugify`` with the transliteration backend fixed to :data:`BACKEND`."""
    return _slugify(text, backend=BACKEND, **options)
