from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from rounds.analytics import charts


def test_bar_chart_is_accessible_svg_with_a_mark_per_value():
    svg = charts.bar_chart(
        "Rounds <led> by year",
        ["2022", "2023"],
        [
            charts.Series("Led", [3, 0], "series-1"),
            charts.Series("Joined", [1, 2], "series-2"),
        ],
        y_label="Rounds",
    )

    assert svg.startswith('<svg class="chart"')
    assert 'role="img"' in svg
    title_id, desc_id = re.search(r'aria-labelledby="(\S+) (\S+)"', svg).groups()
    assert f'<title id="{title_id}">Rounds &lt;led&gt; by year</title>' in svg
    assert (
        f'<desc id="{desc_id}">2022: 3 led, 1 joined; 2023: 0 led, 2 joined</desc>'
        in svg
    )
    bars = re.findall(r'<rect class="(series-\d)"[^>]*><title>', svg)
    assert bars == ["series-1", "series-2", "series-2"]  # no bar for a zero
    assert "<title>2023: 2 joined</title>" in svg
    assert "<script" not in svg and "style=" not in svg


def test_bar_chart_axis_ends_at_a_round_number():
    svg = charts.bar_chart(
        "t", ["2024"], [charts.Series("Led", [43], "series-1")], y_label="Rounds"
    )

    assert ">50</text>" in svg


def test_time_chart_draws_each_series_with_money_labels():
    svg = charts.time_chart(
        "Moonshot",
        [
            charts.TimeSeries(
                "Valuation",
                [
                    (dt.date(2022, 1, 1), Decimal(1e9)),
                    (dt.date(2024, 1, 1), Decimal(2.5e9)),
                ],
                "series-1",
            ),
            charts.TimeSeries(
                "Amount", [(dt.date(2024, 1, 1), Decimal(6e8))], "series-2"
            ),
        ],
        y_label="US dollars",
    )

    assert svg.count("<polyline") == 1  # one point alone is not a line
    assert svg.count("<circle") == 3
    assert "<title>Valuation 2024-01-01: $2.5B</title>" in svg
    assert ">$5B</text>" in svg  # the axis top
    assert ">2022</text>" in svg and ">2024</text>" in svg


def test_time_chart_without_points_says_so():
    assert "No figures to draw." in charts.time_chart("Empty", [], y_label="US dollars")


def test_nice_ceiling():
    assert [charts.nice_ceiling(v) for v in (0, 1, 7, 43, 100, 101)] == [
        1,
        1,
        10,
        50,
        100,
        200,
    ]
