"""A round among its company's rounds: the previous and next one, and whether the valuation went
up, down or stayed flat since the previous priced round (post-money to post-money, as PitchBook
compares them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rounds.enums import ValuationBasis
from rounds.models import FundingRound


@dataclass(frozen=True)
class PostMoney:
    value: Decimal
    currency: str
    usd: Decimal | None


def post_money(round: FundingRound) -> PostMoney | None:
    """The valuation after the money came in, when the round says enough to know it.

    A post-money valuation, or one whose basis is unstated (the press's "valued at" is post-money),
    is taken as it is; a pre-money one gets the amount added when both are in one currency.
    """
    if round.valuation is None:
        return None
    if round.valuation_basis != ValuationBasis.PRE:
        return PostMoney(round.valuation, round.valuation_currency, round.valuation_usd)
    if round.amount is None or round.currency != round.valuation_currency:
        return None
    usd = (
        round.valuation_usd + round.amount_usd
        if round.valuation_usd is not None and round.amount_usd is not None
        else None
    )
    return PostMoney(round.valuation + round.amount, round.currency, usd)


@dataclass(frozen=True)
class Step:
    """The change in post-money valuation since an earlier priced round."""

    direction: str  # "up", "down" or "flat"
    previous: FundingRound
    ratio: Decimal  # this valuation over the previous one


def _ratio(now: PostMoney, before: PostMoney) -> Decimal | None:
    # In the currency both were announced in, else in US dollars at each round's own rate:
    if now.currency == before.currency and before.value:
        return now.value / before.value
    if now.usd is not None and before.usd:
        return now.usd / before.usd
    return None


def _order(round: FundingRound) -> tuple[bool, dt.date, int]:
    # Undated rounds last, as the company page lists them:
    return (round.announced_on is None, round.announced_on or dt.date.min, round.pk)


@dataclass(frozen=True)
class Neighbours:
    previous: FundingRound | None
    next: FundingRound | None
    step: Step | None


def neighbours(
    round: FundingRound, company_rounds: Sequence[FundingRound]
) -> Neighbours:
    """The rounds of the company just before and after `round`, and its valuation step."""
    ordered = sorted(company_rounds, key=_order)
    at = next(i for i, r in enumerate(ordered) if r.pk == round.pk)
    earlier = ordered[:at]
    return Neighbours(
        previous=earlier[-1] if earlier else None,
        next=ordered[at + 1] if at + 1 < len(ordered) else None,
        step=_step(round, earlier),
    )


def _step(round: FundingRound, earlier: Sequence[FundingRound]) -> Step | None:
    now = post_money(round)
    if now is None:
        return None
    for previous in reversed(earlier):
        before = post_money(previous)
        if before is None:
            continue
        ratio = _ratio(now, before)
        if ratio is None:
            return None
        direction = "up" if ratio > 1 else "down" if ratio < 1 else "flat"
        return Step(direction, previous, ratio)
    return None
