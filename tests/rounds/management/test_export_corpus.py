"""`manage.py export_corpus DIR` on the demo data, then ../shared/eval/score.py on what it wrote."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from rounds.review import corpus

pytestmark = pytest.mark.django_db

SCORE = Path(settings.BASE_DIR).parent / "shared" / "eval" / "score.py"


@pytest.fixture
def demo(groups):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())


def test_export_corpus_of_the_demo_validates_and_score_py_scores_it(
    demo, tmp_path, capsys
):
    call_command("export_corpus", str(tmp_path))

    files = sorted(tmp_path.glob("*.json"))
    assert len(files) == 8
    validator = jsonschema.Draft202012Validator(
        corpus.SCHEMA, format_checker=jsonschema.FormatChecker()
    )
    for path in files:
        assert list(validator.iter_errors(json.loads(path.read_text()))) == []
    assert capsys.readouterr().out.startswith(
        f"8 articles with 10 approved rounds written to {tmp_path}"
    )
    if not SCORE.exists():
        pytest.skip(f"scoring needs the evaluation script at {SCORE}")
    scored = subprocess.run(
        [sys.executable, str(SCORE), "--corpus", str(tmp_path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    last = scored.stdout.strip().splitlines()[-1]
    assert last.startswith("slot F1 0.")
    assert last.endswith("on 8 articles")


def test_export_corpus_refuses_a_file_for_a_folder(tmp_path):
    (tmp_path / "taken").write_text("")

    with pytest.raises(CommandError, match="is a file, not a folder"):
        call_command("export_corpus", str(tmp_path / "taken"))
