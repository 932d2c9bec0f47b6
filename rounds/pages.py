"""Main text and metadata of a web page, without navigation, share buttons or footers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import trafilatura

# Shorter than a two-line news brief: a menu, a cookie banner or an error page, not an article.
MIN_TEXT_CHARS = 100


@dataclass(frozen=True)
class Page:
    title: str
    text: str
    published_on: dt.date | None
    site_name: str


class NoMainText(ValueError):
    """The page has no article text to read (an index page, a login wall, an empty body)."""


def read_page(html: str, *, url: str = "") -> Page:
    """Return the article of an HTML page, or raise NoMainText."""
    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
    )
    if document is None or len((document.text or "").strip()) < MIN_TEXT_CHARS:
        raise NoMainText("The page has no article text.")
    return Page(
        title=document.title or "",
        text=document.text,
        published_on=_parse_date(document.date),
        site_name=document.sitename or "",
    )


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
