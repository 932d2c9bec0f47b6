from __future__ import annotations

from benchmarks.extraction import generate_corpus, main
from rounds.extraction import extract_rounds


def test_generate_corpus_is_deterministic():
    assert generate_corpus(5) == generate_corpus(5)


def test_generate_corpus_articles_yield_candidates():
    found = [extract_rounds(text) for text in generate_corpus(20)]

    assert sum(1 for candidates in found if candidates) >= 15


def test_main_prints_rates(capsys):
    assert main(["--articles", "20"]) == 0

    assert "articles/s" in capsys.readouterr().out
