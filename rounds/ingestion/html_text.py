"""Main text and metadata of a web page, without navigation, share buttons or footers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import trafilatura
from w3lib.encoding import html_to_unicode

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


def decode_page(body: bytes, *, charset: str = "", html: bool = True) -> str:
    """The text of a page's bytes, in the encoding a browser would pick.

    A byte-order mark first, then the charset of the Content-Type header, then (HTML only) a
    <meta charset> or http-equiv declaration; without any, UTF-8 when the bytes are valid
    UTF-8, else Windows-1252, the web's default for undeclared pages.
    """
    if not html:
        body = body.removeprefix(b"\xef\xbb\xbf")
        try:
            return body.decode(charset or "utf-8")
        except (UnicodeDecodeError, LookupError):
            return body.decode("cp1252", errors="replace")
    content_type = f"text/html; charset={charset}" if charset else None
    _, text = html_to_unicode(content_type, body, auto_detect_fun=_undeclared_encoding)
    return text


def _undeclared_encoding(body: bytes) -> str:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


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
