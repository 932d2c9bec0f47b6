from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from rounds.enums import ArticleStatus
from rounds.models import Article, RoundProposal

pytestmark = pytest.mark.django_db(transaction=True)

STORY = (
    "Orbital Kitchens raises $8 million\n\n"
    "Orbital Kitchens, a London food-robotics startup, has raised $8 million in a seed round led by "
    "Harbor Lane Ventures, the company said on Monday."
)


def test_ingest_file_stores_and_extracts_a_text_file(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(STORY)

    call_command("ingest_file", str(path))

    article = Article.objects.get()
    assert (article.title, article.status) == (
        "Orbital Kitchens raises $8 million",
        ArticleStatus.EXTRACTED,
    )
    assert RoundProposal.objects.get().candidate["company"] == "Orbital Kitchens"
    assert "extraction queued" in capsys.readouterr().out


def test_ingest_file_reads_html(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(
        f"<html><head><title>Deal</title></head><body><article><p>{STORY}</p></article></body></html>"
    )

    call_command("ingest_file", str(path))

    assert "Harbor Lane Ventures" in Article.objects.get().text


def test_ingest_file_twice_stores_once(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(STORY)
    call_command("ingest_file", str(path))

    call_command("ingest_file", str(path))

    assert (Article.objects.count(), RoundProposal.objects.count()) == (1, 1)
    assert "already stored" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("story.pdf", b"%PDF-1.4", "only .txt and .html files"),
        ("story.txt", b"\xff\xfe\x00binary", "not UTF-8 text"),
        ("story.txt", b"   \n", "the file is empty"),
        (
            "story.html",
            b"<html><body><nav>Home</nav></body></html>",
            "no article text found",
        ),
    ],
)
def test_ingest_file_refuses_bad_files_with_a_reason_and_keeps_going(
    tmp_path, capsys, name, content, reason
):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(STORY)

    with pytest.raises(CommandError, match="1 of 2 files could not be ingested"):
        call_command("ingest_file", str(bad), str(good))

    assert reason in capsys.readouterr().err
    assert Article.objects.count() == 1


def test_ingest_file_missing_path_is_an_error(tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("ingest_file", str(tmp_path / "nope.txt"))

    assert "No such file" in capsys.readouterr().err
