from __future__ import annotations

import pytest

from rounds.extraction.names import normalize_name


@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("Alibaba Group Holding Ltd.", "alibaba"),
        ("  Redwood   China ", "redwood china"),
        ("Zürich Ventures", "zurich ventures"),
        ("Tallow & Bird GmbH", "tallow and bird"),
        ("The Company", "the company"),
    ],
)
def test_normalize_name(name, normalized):
    assert normalize_name(name) == normalized
