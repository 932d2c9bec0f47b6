"""The language-model extractor stays pure: no Django, no HTTP client, in the package or
loaded by importing it; and its docstring examples hold."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HTTP_CLIENTS = (
    "httpx",
    "requests",
    "urllib3",
    "aiohttp",
    "http.client",
    "urllib.request",
)
CHECK = (
    "import sys, {module}; "
    "roots = {clients!r}; "
    "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.') "
    "or any(m == r or m.startswith(r + '.') for r in roots)]; "
    "assert not loaded, loaded"
)


@pytest.mark.parametrize("module", ["rounds.extraction", "rounds.extraction.llm"])
def test_importing_the_extractor_loads_no_django_and_no_http_client(module):
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(module=module, clients=HTTP_CLIENTS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr


def test_no_source_of_the_extraction_package_imports_django_or_httpx():
    sources = (ROOT / "rounds" / "extraction").rglob("*.py")

    offenders = [
        str(path.relative_to(ROOT))
        for path in sources
        for word in ("import django", "from django", "import httpx", "from httpx")
        if word in path.read_text()
    ]

    assert offenders == []


@pytest.mark.parametrize(
    "module",
    ["answer", "fields", "prompt", "protocol", "result", "text"],
)
def test_the_docstring_examples_hold(module):
    tested = importlib.import_module(f"rounds.extraction.llm.{module}")

    assert doctest.testmod(tested).failed == 0
