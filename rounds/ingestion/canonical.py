"""Canonical article URLs, so the same story reached through two links is stored once."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say how a reader arrived, never which page it is.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "at_")
_TRACKING_NAMES = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ocid", "cmpid",
        "ref", "ref_src", "ref_url", "src", "source", "share", "smid", "cid",
        "guccounter", "guce_referrer", "guce_referrer_sig", "_ga", "_gl", "mkt_tok",
    }
)  # fmt: skip


def canonical_url(url: str) -> str:
    """Return the URL without tracking parameters, fragment, default port or `www.`.

    >>> canonical_url("HTTPS://www.News.example:443/a/b/?utm_source=x&id=7&fbclid=1#top")
    'https://news.example/a/b?id=7'
    >>> canonical_url("http://news.example")
    'http://news.example/'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    default_port = {"http": 80, "https": 443}.get(scheme)
    netloc = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name.lower() not in _TRACKING_NAMES
        and not name.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))
