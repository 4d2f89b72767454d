"""Long listings split into static pages of at most ``PAGE_SIZE`` cards, linked without JavaScript.

Two layouts, both chosen so that adding a digest rewrites as few old pages as possible (the
incremental build re-renders only pages whose Markdown changed):

- :func:`from_start` for a list that never grows (a digest's papers): page 1 is the landing
  page, pages 2… follow in order. A digest's pages change only when that digest changes.
- :func:`from_oldest` for a list that grows at its newest end (a topic's papers, newest first):
  pages are cut from the oldest paper, so numbered page *k* always holds the same papers. The
  landing page shows the newest, still-filling page. Adding papers rewrites the landing page
  and, when a page fills up, the one numbered page whose "newer" link pointed to the landing.

A page is a :class:`ListingPage`: its Markdown path, its items and its neighbours' paths, ready
for the ``pager`` macro of ``site_templates/pages/_macros.md.j2``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Cards per listing page: a card of the seed is about 0.9 KB of HTML (title, authors, summary of
# at most 300 characters, 1–3 chips, badges), so 50 make pages of ~50 KB, a third of the 150 KB
# budget, leaving room for long titles and author lists; and a phone scrolls 50 cards, not 3,000.
PAGE_SIZE = 50


@dataclass(frozen=True)
class ListingPage:
    """One static page of a listing. Paths are Markdown paths (``topics/x/2.md``)."""

    path: str
    number: int  # 1-based, as in the page's URL (the landing page has its own number)
    items: tuple[Any, ...]
    first_item: int  # 1-based position of items[0] in the whole listing, in display order
    total: int  # items in the whole listing
    newer: str | None = None  # from_oldest: the page of newer items
    older: str | None = None  # from_oldest: the page of older items
    previous: str | None = None  # from_start
    next: str | None = None  # from_start
    landing: str = ""  # the listing's first page
    numbered: tuple[tuple[int, str], ...] = ()  # (number, path) of every page, when stable to list


def numbered_path(landing: str, number: int) -> str:
    """``topics/x.md`` → ``topics/x/3.md``: page 3 of the listing whose first page is ``landing``."""
    return f"{landing.removesuffix('.md')}/{number}.md"


def from_start(items: Sequence[Any], landing: str, size: int = PAGE_SIZE) -> list[ListingPage]:
    """Pages of a fixed list in its own order: ``landing`` holds items 1…size, then pages 2, 3, …"""
    chunks = [tuple(items[i:i + size]) for i in range(0, len(items), size)] or [()]
    paths = [landing] + [numbered_path(landing, n) for n in range(2, len(chunks) + 1)]
    numbered = tuple(enumerate(paths, 1)) if len(paths) > 1 else ()
    return [ListingPage(path, n, chunk, (n - 1) * size + 1, len(items),
                        previous=paths[n - 2] if n > 1 else None, next=paths[n] if n < len(paths) else None,
                        landing=landing, numbered=numbered)
            for n, (path, chunk) in enumerate(zip(paths, chunks), 1)]


def from_oldest(newest_first: Sequence[Any], landing: str, size: int = PAGE_SIZE) -> list[ListingPage]:
    """Pages of a growing list shown newest first, cut from its oldest end.

    Numbered page 1 holds the oldest ``size`` items, page 2 the next, …; the landing page holds
    the newest 1…size items (those that would fill the next numbered page). Each page lists its
    items newest first, and links to its newer and older neighbours and to the landing page.
    """
    oldest_first = list(reversed(newest_first))
    chunks = [tuple(reversed(oldest_first[i:i + size])) for i in range(0, len(oldest_first), size)] or [()]
    count = len(chunks)  # numbered pages 1…count-1, then the landing page
    path = [numbered_path(landing, n) for n in range(1, count)] + [landing]
    total = len(newest_first)
    every = tuple(reversed(list(enumerate(path, 1)))) if count > 1 else ()  # listed on the landing page only
    pages = []
    for n, chunk in enumerate(chunks, 1):  # n-th from the oldest
        first_item = total - (n - 1) * size - len(chunk) + 1
        pages.append(ListingPage(path[n - 1], n, chunk, first_item, total,
                                 newer=path[n] if n < count else None, older=path[n - 2] if n > 1 else None,
                                 landing=landing, numbered=every if n == count else ()))
    return pages[::-1]  # the landing page first
