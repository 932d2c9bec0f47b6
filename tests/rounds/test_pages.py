from __future__ import annotations

import datetime as dt

import pytest

from rounds.pages import NoMainText, read_page

ARTICLE_HTML = """<html><head><title>Lumora raises $25M | News Example</title>
<meta property="og:site_name" content="News Example"><meta name="date" content="2024-03-05"></head>
<body><nav>Home | Markets | Share on X</nav>
<article><h1>Lumora raises $25M</h1>
<p>Lumora Health, a Berlin clinical-software startup, has raised $25 million in a Series A round led
by Brightwater Capital, with participation from Tidewell Ventures. The company plans to hire engineers
and to open offices in Paris and Madrid this year, its chief executive said.</p>
<p>The startup sells software that turns ward notes into structured records for hospital billing.</p>
</article><footer>Sign up for our newsletter</footer></body></html>"""


def test_read_page_keeps_the_article_and_drops_the_chrome():
    page = read_page(ARTICLE_HTML, url="https://news.example/lumora")

    assert "Series A round led by Brightwater Capital" in " ".join(page.text.split())
    assert "newsletter" not in page.text and "Share on X" not in page.text


def test_read_page_reads_title_date_and_site():
    page = read_page(ARTICLE_HTML)

    assert (page.title, page.published_on, page.site_name) == (
        "Lumora raises $25M",
        dt.date(2024, 3, 5),
        "News Example",
    )


def test_read_page_without_article_text_says_so():
    with pytest.raises(NoMainText):
        read_page("<html><body><nav>Home</nav></body></html>")
