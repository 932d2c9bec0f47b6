"""Roundups: one deal per line, a bullet, a numbered item or a table row, read without a verb.

Digests list deals as "- Acme (Berlin, fintech): $5M seed from Foo Capital", "Acme — €3M —
Series A — Foo, Bar" or as table rows "Acme | Fintech | $5M | Series A | Foo Capital". Such
a line names its company first and needs no verb: every line with an amount or a round type
is a round. Their prose lists deals too: "four Series C deals: These included A, B and C",
"with A and B raising rounds".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rounds.extraction.amounts import MoneySpan, find_money
from rounds.extraction.rules import money_roles
from rounds.extraction.rules.investors import read_investors
from rounds.extraction.rules.orgs import Name, name_runs, names_in_list
from rounds.extraction.rules.stages import StageSpan, find_stages

_BULLET_RE = re.compile(r"[ \t]*(?:[-–—•*·▪►✓➤]|\d{1,2}[.)]|\(\d{1,2}\))[ \t]+")
# The company's name, then what separates it from the deal: "Acme:", "Acme —", "Acme (Berlin)"
_HEADWORD_RE = re.compile(
    r"(?P<name>[^\s:|–—(,][^:|–—(,]{0,60}?)[ \t]*(?P<sep>:|\||–|—|\s-\s|\(|,)"
)
_CELL_RE = re.compile(r"[ \t]*(?:\||\t)[ \t]*")
_HEADER_WORDS = {
    "company": ("company", "startup", "start-up", "name", "entreprise", "société", "empresa", "firma", "unternehmen"),
    "amount": ("amount", "raised", "size", "montant", "monto", "valor", "betrag", "summe", "funding"),
    "round": ("round", "stage", "series", "type", "tour", "série", "serie", "ronda", "rodada", "runde"),
    "investors": ("investors", "investor", "lead", "backers", "investisseurs", "inversores", "investidores", "investoren", "geldgeber"),
}  # fmt: skip
_INVESTOR_CELL_RE = re.compile(r"\b(?:led\sby|from|with|auprès\sd)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Listing:
    """One deal read from a line: its company, amount, round type and investors."""

    company: Name
    amount: MoneySpan | None
    stage: StageSpan | None
    leads: list[Name]
    participants: list[Name]


def header_columns(line: str) -> dict[str, int] | None:
    """The columns of a table's header row ("Company | Amount | Round | Investors"), or None.

    >>> header_columns("Startup | Sector | Amount | Round | Investors")
    {'company': 0, 'amount': 2, 'round': 3, 'investors': 4}
    """
    cells = _cells(line)
    if len(cells) < 3 or find_money(line):
        return None
    columns: dict[str, int] = {}
    for index, (_, cell) in enumerate(cells):
        key = cell.strip().lower()
        for column, words in _HEADER_WORDS.items():
            if column not in columns and any(key.startswith(w) for w in words):
                columns[column] = index
                break
    return columns if "company" in columns and len(columns) >= 2 else None


def read_listing(
    line: str, offset: int, columns: dict[str, int] | None
) -> Listing | None:
    """The deal a roundup line states, its spans offset by ``offset``; None if it states none.

    >>> found = read_listing("- Acme: $12M Series A led by Foo Ventures", 0, None)
    >>> found.company, found.amount.money.amount, found.stage.value, found.leads
    (('Acme', 2, 6), Decimal('12000000'), 'series_a', [('Foo Ventures', 29, 41)])
    """
    cells = _cells(line)
    if len(cells) >= 3:
        return _read_row(line, offset, cells, columns)
    bullet = _BULLET_RE.match(line)
    start = bullet.end() if bullet else 0
    head = _HEADWORD_RE.match(line, start)
    if head is None:
        return None
    company = _company(line, head.start("name"), head.end("name"))
    if company is None:
        return None
    rest = head.start("sep")
    amount, stage = _terms(line, rest)
    if amount is None and stage is None:
        return None
    leads, participants, _ = read_investors(line[rest:], rest, lambda: None)
    if not leads and not participants:
        participants = _bare_investors(line, rest, company)
    return _shifted(Listing(company, amount, stage, leads, participants), offset)


def _read_row(
    line: str, offset: int, cells: list[tuple[int, str]], columns: dict[str, int] | None
) -> Listing | None:
    columns = columns or {"company": 0}
    at, text = (
        cells[columns["company"]] if columns["company"] < len(cells) else cells[0]
    )
    company = _company(line, at, at + len(text.rstrip()))
    if company is None:
        return None
    amount, stage = _terms(line, cells[1][0] if len(cells) > 1 else at)
    if amount is None and stage is None:
        return None
    participants: list[Name] = []
    leads: list[Name] = []
    investors = columns.get("investors")
    wanted = (
        [cells[investors]]
        if investors is not None and investors < len(cells)
        else cells[1:]
    )
    for cell_start, cell in wanted:
        if find_money(cell) or find_stages(cell):
            continue
        found_leads, found, _ = read_investors(cell, cell_start, lambda: None)
        leads += found_leads
        if not found_leads and not found:
            found = [
                (n, s + cell_start, e + cell_start) for n, s, e in names_in_list(cell)
            ]
        participants += found
    return _shifted(Listing(company, amount, stage, leads, participants), offset)


def _cells(line: str) -> list[tuple[int, str]]:
    cells, start = [], 0
    for match in _CELL_RE.finditer(line):
        cells.append((start, line[start : match.start()]))
        start = match.end()
    cells.append((start, line[start:]))
    return [(s, c) for s, c in cells if c.strip()]


def _company(line: str, start: int, end: int) -> Name | None:
    runs = name_runs(line[start:end])
    if not runs or runs[0][1] > 1:
        return None
    name, run_start, run_end = runs[0]
    # The whole headword is the name: "Acme Robotics:" but not "This week's deals:"
    if line[start + run_end : end].strip():
        return None
    return (name, start + run_start, start + run_end)


# A table cell holding only a round type: "Seed", "Growth"
_STAGE_CELLS = {
    "seed": "seed", "pre-seed": "pre_seed", "angel": "seed", "growth": "growth",
    "debt": "debt", "grant": "grant", "strategic": "strategic", "convertible": "convertible",
}  # fmt: skip
_STAGE_CELL_RE = re.compile(
    r"(?:^|[|\t])[ \t]*(pre-seed|seed|angel|growth|debt|grant|strategic|convertible)[ \t]*(?=[|\t]|$)",
    re.IGNORECASE,
)


def _terms(line: str, start: int) -> tuple[MoneySpan | None, StageSpan | None]:
    monies = [money_roles.shift(m, start) for m in find_money(line[start:])]
    kinds = money_roles.money_roles(line, monies, total=False) if monies else []
    amount = next(
        (
            m
            for m, kind in zip(monies, kinds, strict=True)
            if kind in ("amount", "round_amount")
        ),
        None,
    )
    stages = find_stages(line[start:])
    stage = stages[0] if stages else None
    if stage is not None:
        stage = StageSpan(
            stage.value, stage.label, stage.start + start, stage.end + start
        )
    elif (cell := _STAGE_CELL_RE.search(line, start)) is not None:
        label = cell.group(1)
        stage = StageSpan(
            _STAGE_CELLS[label.lower()], label, cell.start(1), cell.end(1)
        )
    return amount, stage


def _bare_investors(line: str, start: int, company: Name) -> list[Name]:
    # "Acme — $5M — Series A — Foo, Bar" or "Acme: $5M seed (Foo, Bar)": names beside the
    # terms, in a parenthesis or the last dash-separated part, are the investors
    parts = re.split(r"[ \t]+[–—-][ \t]+|\(|\)", line[start:])
    for part in reversed(parts):
        if find_money(part) or find_stages(part) or not part.strip():
            continue
        at = line.find(part, start)
        found = [(n, s + at, e + at) for n, s, e in names_in_list(part)]
        found = [n for n in found if n[1] > company[2]]
        if found:
            return found
    return []


def _shifted(listing: Listing, offset: int) -> Listing:
    def shift(name: Name) -> Name:
        return (name[0], name[1] + offset, name[2] + offset)

    return Listing(
        shift(listing.company),
        money_roles.shift(listing.amount, offset) if listing.amount else None,
        StageSpan(
            listing.stage.value,
            listing.stage.label,
            listing.stage.start + offset,
            listing.stage.end + offset,
        )
        if listing.stage
        else None,
        [shift(n) for n in listing.leads],
        [shift(n) for n in listing.participants],
    )


# "These included Chennai-based startup A, B and C": the companies of the deals just counted
_THESE_INCLUDED_RE = re.compile(
    r"(?:These|They|The\s(?:deals|rounds|companies|startups))\s(?:also\s)?(?:included|include|were|are)\s+(?P<names>.+?)[.]?$"
)
# "with A and B raising a round", "with A picking up hefty rounds"
_WITH_RAISING_RE = re.compile(
    r"\bwith\s(?P<names>(?:[\w’'&.-]+\s){1,14}?)(?:raising|picking\sup|closing|securing|landing|bagging)\s"
    r"(?:(?:a|an|hefty|new|big|large|fresh|their|its)\s)*(?:rounds?|funding|investments?)\b"
)
_COUNTED_DEALS_RE = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s(?P<stage>(?:Series\s[A-Z]|seed|pre-seed|growth))\s"
    r"(?:deals|rounds)\b"
)


def deals_in_prose(sentence: str, before: str) -> tuple[list[Name], StageSpan | None]:
    """The companies a digest's sentence lists as having raised (offsets in ``sentence``),
    and the round type the sentence ``before`` gives them ("four Series C deals:", offsets
    in ``before``).

    >>> names, stage = deals_in_prose(
    ...     "These included Lisbon-based startup Acme and robotics maker Bolt.",
    ...     "The week saw two Series C deals:",
    ... )
    >>> [n for n, _, _ in names], stage.value
    (['Acme', 'Bolt'], 'series_c')
    """
    listed = _THESE_INCLUDED_RE.match(sentence) or (
        _WITH_RAISING_RE.search(sentence) if "with" in sentence else None
    )
    if listed is None:
        return [], None
    at = listed.start("names")
    names = [(n, s + at, e + at) for n, s, e in names_in_list(listed.group("names"))]
    stage = None
    counted = (
        _COUNTED_DEALS_RE.search(before) if listed.re is _THESE_INCLUDED_RE else None
    )
    if counted is not None:
        found = find_stages(counted.group("stage") + " round")
        if found:
            label = counted.group("stage")
            stage = StageSpan(
                found[0].value, label, counted.start("stage"), counted.end("stage")
            )
    return names, stage
