from __future__ import annotations

import json

from benchmarks.extraction import generate_corpus, main
from rounds.extraction import extract_rounds


def test_generate_corpus_is_deterministic():
    assert generate_corpus(5) == generate_corpus(5)


def test_generate_corpus_articles_yield_candidates():
    found = [extract_rounds(text) for text in generate_corpus(20)]

    assert sum(1 for candidates in found if candidates) >= 15


def test_main_prints_rates(capsys):
    assert main(["--articles", "20"]) == 0

    out = capsys.readouterr().out
    assert "articles/s" in out
    assert "ms CPU per article" in out


def test_main_reads_a_directory_of_articles(tmp_path, capsys):
    (tmp_path / "a.json").write_text(
        json.dumps(
            {
                "text": "Nimbora, a Lisbon-based robotics startup, has raised $12 million.",
                "published": "2024-03-05",
                "title": "Nimbora raises $12M",
            }
        )
    )
    (tmp_path / "b.json").write_text(
        json.dumps({"text": "Борей открыл офис в Казани."})
    )

    assert main(["--corpus", str(tmp_path)]) == 0

    assert capsys.readouterr().out.startswith("2 articles, ")


def test_main_refuses_a_directory_without_articles(tmp_path, capsys):
    assert main(["--corpus", str(tmp_path)]) == 2

    assert "no *.json articles" in capsys.readouterr().err
