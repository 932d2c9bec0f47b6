from __future__ import annotations

from django import template

from rounds.formatting import short_money

register = template.Library()


@register.simple_tag
def money(amount: object, currency: str = "", qualifier: str = "") -> str:
    return short_money(amount, currency, qualifier)  # type: ignore[arg-type]  -- Decimal from the model
