from __future__ import annotations

import pytest

from rounds.ingestion.canonical import canonical_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://news.example/story", "https://news.example/story"),
        ("https://www.news.example/story/", "https://news.example/story"),
        ("HTTPS://NEWS.example/story#comments", "https://news.example/story"),
        ("https://news.example:443/story", "https://news.example/story"),
        ("http://news.example:8080/story", "http://news.example:8080/story"),
        (
            "https://news.example/story?utm_source=rss&utm_medium=feed",
            "https://news.example/story",
        ),
        (
            "https://news.example/story?fbclid=abc&gclid=def&ocid=x",
            "https://news.example/story",
        ),
        (
            "https://news.example/story?page=2&id=9",
            "https://news.example/story?id=9&page=2",
        ),
        ("https://news.example/Story", "https://news.example/Story"),
        ("https://news.example", "https://news.example/"),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


def test_canonical_url_folds_variants_of_one_story():
    variants = [
        "https://www.news.example/deal?utm_campaign=x",
        "https://news.example/deal/#top",
        "https://news.example/deal?ref=homepage",
    ]

    assert {canonical_url(url) for url in variants} == {"https://news.example/deal"}
