from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_import_extraction_does_not_import_django():
    code = (
        "import rounds.extraction, sys; "
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr


def test_extraction_sources_do_not_mention_django_imports():
    sources = (ROOT / "rounds" / "extraction").glob("*.py")

    offenders = [
        p.name
        for p in sources
        if "import django" in p.read_text() or "from django" in p.read_text()
    ]

    assert offenders == []
