from __future__ import annotations

from decimal import Decimal

import pytest

from rounds.extraction.rules.listings import header_columns, read_listing


def deal(line, columns=None):
    found = read_listing(line, 0, columns)
    assert found is not None
    return (
        found.company[0],
        found.amount.money.amount if found.amount else None,
        found.stage.value if found.stage else None,
        [n for n, _, _ in found.leads],
        [n for n, _, _ in found.participants],
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "- Ostara: $12M Series A led by Brekke Ventures, with Quill Partners",
            (
                "Ostara",
                Decimal("12000000"),
                "series_a",
                ["Brekke Ventures"],
                ["Quill Partners"],
            ),
        ),
        (
            "• Pellio — $3.5 million — pre-seed — Arden Angels, Lumen VC",
            (
                "Pellio",
                Decimal("3500000"),
                "pre_seed",
                [],
                ["Arden Angels", "Lumen VC"],
            ),
        ),
        (
            "Tamsin, a Lisbon logistics startup, $20M Series B (Halden Capital, Ostara Ventures)",
            (
                "Tamsin",
                Decimal("20000000"),
                "series_b",
                [],
                ["Halden Capital", "Ostara Ventures"],
            ),
        ),
        (
            "Ostara : 12 millions d'euros en série A auprès de Brekke Ventures et Quill Partners",
            (
                "Ostara",
                Decimal("12000000"),
                "series_a",
                [],
                ["Brekke Ventures", "Quill Partners"],
            ),
        ),
    ],
    ids=["colon", "dashes", "apposition-parenthesis", "french"],
)
def test_a_roundup_line_names_its_company_first_and_needs_no_verb(line, expected):
    assert deal(line) == expected


def test_a_table_row_is_read_by_its_header():
    columns = header_columns("Company | Sector | Amount | Round | Investors")

    assert deal("Vantora | Fintech | $5M | Seed | Halden Capital, Ostara", columns) == (
        "Vantora",
        Decimal("5000000"),
        "seed",
        [],
        ["Halden Capital", "Ostara"],
    )


def test_a_heading_is_no_deal():
    assert read_listing("This week's deals: $500M in total", 0, None) is None
