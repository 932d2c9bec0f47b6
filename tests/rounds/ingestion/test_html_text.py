from __future__ import annotations

import datetime as dt

import pytest

from rounds.ingestion.html_text import NoMainText, decode_page, read_page

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


LATIN_1_PAGE = (
    '<html><head><meta charset="iso-8859-1"><title>Café Müller lève 5 M€</title></head>'
    "<body><p>Le café munichois Müller a levé des fonds.</p></body></html>"
).replace("€", "EUR")


@pytest.mark.parametrize(
    ("body", "charset", "text"),
    [
        (LATIN_1_PAGE.encode("latin-1"), "", "Café Müller lève"),
        (LATIN_1_PAGE.replace("iso-8859-1", "utf-8").encode(), "", "Café Müller lève"),
        ("<p>Café</p>".encode("latin-1"), "", "Café"),
        ("\ufeff<p>Café</p>".encode(), "", "Café"),
        ('<meta charset="utf-8"><p>Café</p>'.encode("latin-1"), "iso-8859-1", "Café"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
            "<p>Привет</p>".encode("cp1251"),
            "",
            "Привет",
        ),
    ],
)
def test_decode_page_picks_the_encoding_a_browser_would(body, charset, text):
    decoded = decode_page(body, charset=charset)

    assert text in decoded
    assert "\ufffd" not in decoded


def test_decode_page_reads_plain_text_in_the_declared_charset():
    assert (
        decode_page("Müller".encode("latin-1"), charset="iso-8859-1", html=False)
        == "Müller"
    )
    assert decode_page("Müller".encode(), html=False) == "Müller"
