"""What a page must not contain for scraped text to stay text: a structural scan of its HTML."""

from __future__ import annotations

from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
ACTIVE_TAGS = {"iframe", "object", "embed", "base", "frame"}


class PageScan(HTMLParser):
    """Collects the problems of one page and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if (
                name in URL_ATTRIBUTES
                and value
                and "".join(value.split())
                .lower()
                .startswith(("javascript:", "vbscript:"))
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in ACTIVE_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "script":
            attributes = dict(attrs)
            kind = attributes.get("type") or "text/javascript"
            src = attributes.get("src") or ""
            if kind == "application/json":
                self._script = "data"
            elif src.startswith("/") and not src.startswith("//"):
                # Same origin: static files, and the admin's /admin/jsi18n/.
                self._script = "ours"
            else:
                self.problems.append(f"<script {attributes!r}>")
                self._script = "inline"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script == "ours" and data.strip():
            self.problems.append(f"script body {data[:80]!r}")
        elif self._script is None:
            self.text.append(data)

    @property
    def visible_text(self) -> str:
        return "".join(self.text)


def scan(html: str) -> PageScan:
    page = PageScan()
    page.feed(html)
    page.close()
    return page
