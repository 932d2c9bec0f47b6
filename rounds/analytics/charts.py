"""Charts as inline SVG, drawn on the server: readable without JavaScript, no chart library, no CDN.

Each chart is an `<svg role="img">` with a <title> and a <desc> that screen readers announce, a
<title> on every mark (the tooltip), labelled axes, and colours from CSS classes in app.css.
Pages show the same numbers in a table next to the chart.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from rounds.money import short_money

_ids = itertools.count(1)

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | Decimal | None]
    css_class: str  # "series-1", "series-2": colours live in app.css


@dataclass(frozen=True)
class TimeSeries:
    name: str
    points: Sequence[tuple[dt.date, Decimal]]
    css_class: str


def nice_ceiling(value: float) -> float:
    """The round number an axis should end at.

    >>> nice_ceiling(0), nice_ceiling(7), nice_ceiling(43), nice_ceiling(2_600_000_000)
    (1, 10, 50, 5000000000)
    """
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover -- the loop always returns


def _f(number: float) -> str:
    return f"{number:.1f}"


def _svg(title: str, description: str, body: SafeString) -> SafeString:
    number = next(_ids)
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-{}-title chart-{}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-{}-title">{}</title><desc id="chart-{}-desc">{}</desc>{}</svg>',
        WIDTH,
        HEIGHT,
        number,
        number,
        number,
        title,
        number,
        description,
        body,
    )


def _y_axis(top_value: float, label: str, money: bool) -> SafeString:
    plot_height = HEIGHT - TOP - BOTTOM
    parts = []
    for step in range(5):
        value = top_value * step / 4
        y = TOP + plot_height * (1 - step / 4)
        text = short_money(Decimal(value), "USD") if money else f"{value:g}"
        parts.append(
            format_html(
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _f(y),
                _f(y),
                LEFT - 6,
                _f(y + 4),
                text or "0",
            )
        )
    parts.append(
        format_html(
            '<text class="axis-label" transform="translate(12 {}) rotate(-90)" text-anchor="middle">{}</text>',
            TOP + plot_height / 2,
            label,
        )
    )
    return mark_safe("".join(parts))  # noqa: S308 -- every part comes from format_html


def _legend(series: Sequence[Series | TimeSeries]) -> SafeString:
    return format_html_join(
        "",
        '<rect class="{}" x="{}" y="{}" width="10" height="10"/>'
        '<text class="legend" x="{}" y="{}">{}</text>',
        (
            (
                s.css_class,
                LEFT + 140 * i,
                HEIGHT - 14,
                LEFT + 140 * i + 14,
                HEIGHT - 5,
                s.name,
            )
            for i, s in enumerate(series)
        ),
    )


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    y_label: str,
    money: bool = False,
) -> SafeString:
    """Stacked bars, one per category (a year), one segment per series."""
    totals = [
        sum(float(s.values[i] or 0) for s in series) for i in range(len(categories))
    ]
    top_value = nice_ceiling(max(totals, default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(categories), 1)
    bar = max(slot * 0.7, 1)
    label_every = max(1, math.ceil(len(categories) / 12))
    marks = []
    for i, category in enumerate(categories):
        x = LEFT + slot * i + (slot - bar) / 2
        base = 0.0
        for s in series:
            value = float(s.values[i] or 0)
            if value:
                height = plot_height * value / top_value
                y = TOP + plot_height * (1 - (base + value) / top_value)
                marks.append(
                    format_html(
                        '<rect class="{}" x="{}" y="{}" width="{}" height="{}">'
                        "<title>{}: {} {}</title></rect>",
                        s.css_class,
                        _f(x),
                        _f(y),
                        _f(bar),
                        _f(height),
                        category,
                        short_money(Decimal(value), "USD") if money else f"{value:g}",
                        s.name.lower(),
                    )
                )
                base += value
        if i % label_every == 0:
            marks.append(
                format_html(
                    '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                    _f(x + bar / 2),
                    HEIGHT - BOTTOM + 14,
                    category,
                )
            )
    description = "; ".join(
        f"{category}: "
        + ", ".join(f"{s.values[i] or 0:g} {s.name.lower()}" for s in series)
        for i, category in enumerate(categories)
    )
    body = mark_safe(  # noqa: S308 -- parts come from format_html
        _y_axis(top_value, y_label, money) + "".join(marks) + _legend(series)
    )
    return _svg(title, description, body)


def time_chart(title: str, series: Sequence[TimeSeries], *, y_label: str) -> SafeString:
    """Dated money figures as points joined by lines, on a shared time axis."""
    points = [p for s in series for p in s.points]
    if not points:
        return _svg(title, "No figures to draw.", mark_safe(""))
    first = min(d for d, _ in points)
    last = max(d for d, _ in points)
    span = max((last - first).days, 1)
    top_value = nice_ceiling(float(max(v for _, v in points)))
    plot_width, plot_height = WIDTH - LEFT - RIGHT - 20, HEIGHT - TOP - BOTTOM

    def xy(day: dt.date, value: Decimal) -> tuple[float, float]:
        x = (
            LEFT
            + 10
            + plot_width * ((day - first).days / span if first != last else 0.5)
        )
        return x, TOP + plot_height * (1 - float(value) / top_value)

    marks = []
    for s in series:
        coordinates = [xy(day, value) for day, value in sorted(s.points)]
        if len(coordinates) > 1:
            marks.append(
                format_html(
                    '<polyline class="line {}" points="{}"/>',
                    s.css_class,
                    " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates),
                )
            )
        for (day, value), (x, y) in zip(sorted(s.points), coordinates, strict=True):
            marks.append(
                format_html(
                    '<circle class="dot {}" cx="{}" cy="{}" r="4">'
                    "<title>{} {}: {}</title></circle>",
                    s.css_class,
                    _f(x),
                    _f(y),
                    s.name,
                    day.isoformat(),
                    short_money(value, "USD"),
                )
            )
    label_every = max(1, math.ceil((last.year - first.year + 1) / 10))
    for year in range(first.year, last.year + 1):
        day = dt.date(year, 1, 1)
        if year % label_every:
            continue
        if first <= day <= last or first.year == last.year:
            x, _ = xy(max(day, first), Decimal(0))
            marks.append(
                format_html(
                    '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                    _f(x),
                    HEIGHT - BOTTOM + 14,
                    year,
                )
            )
    description = "; ".join(
        f"{s.name} {day.isoformat()}: {short_money(value, 'USD')}"
        for s in series
        for day, value in sorted(s.points)
    )
    body = mark_safe(  # noqa: S308 -- parts come from format_html
        _y_axis(top_value, y_label, True) + "".join(marks) + _legend(series)
    )
    return _svg(title, description, body)
