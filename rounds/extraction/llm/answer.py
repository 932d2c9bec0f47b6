"""The model's answer read and checked against the article, value by value.

The model proposes; the code decides. A value survives only with a quote that is found in
the article (or its headline); a company or investor only when its name is inside that
quote, spelt then as the article spells it; an amount or valuation only when the project's
money parser reads that figure inside the quote, and then the parser's reading is the value
(number, currency, qualifier, range); a date only when the rules' date reader gets that day
from the quote; a round type only when the quote names no other. Everything refused is
kept as a ``Dropped`` with its reason.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from collections.abc import Iterable, Iterator

from rounds.extraction.amounts import MoneyError, MoneySpan, find_money, parse_money
from rounds.extraction.llm.fields import overall_confidence, with_sources
from rounds.extraction.llm.prompt import BASES, MAX_QUOTE_CHARS, ROUND_TYPES, STATUSES
from rounds.extraction.llm.result import Dropped
from rounds.extraction.llm.text import FoldedText, Span
from rounds.extraction.names import normalize_name
from rounds.extraction.rules.dates import read_date, read_month
from rounds.extraction.rules.hints import company_hints, investor_hints, sector_hints
from rounds.extraction.rules.stages import find_stages
from rounds.extraction.types import Evidence, Money, RoundCandidate

FIELD_CONFIDENCE = {
    "company": 0.8,
    "round_type": 0.85,
    "amount": 0.85,
    "valuation": 0.8,
    "valuation_basis": 0.75,
    "lead_investors": 0.8,
    "participants": 0.75,
    "status": 0.8,
    "date": 0.85,
    "company_country": 0.7,
    "company_descriptor": 0.7,
}
"""The confidence of a value that passed its check; figures and dates, which the code read
itself from the quote, rank with the round type above the model's judgements of roles."""
KNOWN_COMPANY_BONUS = 0.1
"""A company the database already holds is more likely a company."""
PUBLISHED_DATE_CONFIDENCE = 0.7
"""A news round the text gives no date for is dated by the article, as the rules do."""
UNSUPPORTED_STATUS_CONFIDENCE = 0.5
"""A status without a found quote falls back to "announced", the candidate's default."""

_FENCE_RE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)


def parse_answer(content: str) -> list[object] | None:
    """The list of rounds in the model's answer; None when it holds no such JSON.

    The answer may be bare JSON, a fenced block, or JSON inside prose (models wrap it
    whatever the format asked); ``{"rounds": [...]}`` and a bare list are both read.

    >>> parse_answer('Here it is: ```json\\n{"rounds": []}\\n```')
    []
    >>> parse_answer('{"rounds": [') is None
    True
    """
    for piece in _json_pieces(content):
        try:
            data = json.loads(piece)
        except (ValueError, RecursionError):
            continue
        rounds = data.get("rounds") if isinstance(data, dict) else data
        if isinstance(rounds, list):
            return rounds
    return None


def _json_pieces(content: str) -> Iterator[str]:
    yield content
    for match in _FENCE_RE.finditer(content):
        yield match.group(1)
    start, end = content.find("{"), content.rfind("}")
    if 0 <= start < end:
        yield content[start : end + 1]


@dataclasses.dataclass(frozen=True)
class _Quote:
    """A quote found in the body or the headline: where, and its evidence span if any."""

    place: FoldedText
    span: Span
    in_body: bool

    @property
    def text(self) -> str:
        return self.place.text[self.span[0] : self.span[1]]


class AnswerChecker:
    """Checks the rounds of answers about one article."""

    def __init__(
        self,
        text: str,
        published: datetime.date | None,
        *,
        title: str = "",
        known_companies: Iterable[str] = (),
    ) -> None:
        self.body = FoldedText(text)
        self.head = FoldedText(" ".join(title.split()))
        self.published = published
        self.known_companies = {normalize_name(name) for name in known_companies}
        self.body_money = find_money(text)
        self.head_money = find_money(self.head.text)
        self.companies_named: list[str] = []

    def check(self, rounds: list[object]) -> tuple[list[RoundCandidate], list[Dropped]]:
        """The candidates the text supports, news first, and the values dropped."""
        candidates: list[RoundCandidate] = []
        dropped: list[Dropped] = []
        seen: set[str] = set()
        for index, raw in enumerate(rounds):
            check = _RoundCheck(self, index, raw)
            candidate = check.candidate()
            dropped += check.dropped
            if check.model_company:
                self.companies_named.append(check.model_company)
            if candidate is not None and candidate.fingerprint not in seen:
                seen.add(candidate.fingerprint)
                candidates.append(candidate)
        return sorted(candidates, key=lambda c: not c.primary), dropped

    def about_this_article(self) -> bool:
        """Whether the answers checked are about this article: False when they name
        companies and the article mentions none of them (a misdirected or stale answer)."""
        return not self.companies_named or any(
            place.find_name(name) is not None
            for name in self.companies_named
            for place in (self.body, self.head)
        )

    def locate(self, quote: str) -> _Quote | None:
        """Where the quote is: the body first, else the headline."""
        for place, in_body in ((self.body, True), (self.head, False)):
            span = place.find(quote)
            if span is not None:
                return _Quote(place, span, in_body)
        return None

    def money_in(self, quote: _Quote) -> list[MoneySpan]:
        """The amounts the money parser reads inside the quote (read in the whole text, so
        "nearly" before the quote still qualifies a figure in it)."""
        start, end = quote.span
        spans = self.body_money if quote.in_body else self.head_money
        return [span for span in spans if start <= span.start and span.end <= end]


class _RoundCheck:
    """One round of the answer, checked field by field."""

    def __init__(self, checker: AnswerChecker, index: int, raw: object) -> None:
        self.checker = checker
        self.index = index
        self.original = raw
        self.raw = raw if isinstance(raw, dict) else {}
        company = self.raw.get("company")
        model_name = company.get("value") if isinstance(company, dict) else company
        self.model_company = model_name if isinstance(model_name, str) else ""
        self.dropped: list[Dropped] = []
        self.confidence: dict[str, float] = {}
        self.evidence: list[Evidence] = []

    def candidate(self) -> RoundCandidate | None:
        if not self.raw:
            self._drop("round", self.original, "", "invalid_value")
            return None
        company = self._company()
        if company is None:
            return None
        round_type, label = self._round_type()
        amount = self._money("amount")
        valuation = self._money("valuation")
        basis = self._basis(valuation is not None)
        leads = self._names("lead_investors", company, set())
        participants = self._names(
            "participants", company, {normalize_name(n) for n in leads}
        )
        if not (
            amount or valuation or round_type != "unknown" or leads or participants
        ):
            self._drop("round", company, "", "no_supported_fact")
            return None
        primary = self.raw.get("primary") is not False
        status = self._status()
        date, precision = self._date(primary)
        country, descriptor = company_hints(self.checker.body.text, company)
        for field, hint in (
            ("company_country", country),
            ("company_descriptor", descriptor),
        ):
            if hint is not None:
                self._support(field, (hint.start, hint.end))
        text = self.checker.body.text
        sectors = sector_hints(text, descriptor)
        kinds = investor_hints(text, [*leads, *participants])
        self.evidence += [Evidence("company_sectors", h.start, h.end) for h in sectors]
        self.evidence += [Evidence("investor_kind", h.start, h.end) for h in kinds]
        candidate = RoundCandidate(
            company=company,
            round_type=round_type,
            amount=amount.amount if amount else None,
            currency=amount.currency if amount else None,
            amount_qualifier=amount.qualifier if amount else None,
            valuation=valuation.amount if valuation else None,
            valuation_currency=valuation.currency if valuation else None,
            valuation_qualifier=valuation.qualifier if valuation else None,
            valuation_basis=basis,
            lead_investors=tuple(leads),
            participants=tuple(participants),
            status=status,
            date=date,
            date_precision=precision,
            confidence=overall_confidence(self.confidence),
            field_confidence=tuple(sorted(self.confidence.items())),
            company_country=country.value if country else None,
            company_descriptor=descriptor.value if descriptor else None,
            company_sectors=tuple(h.value for h in sectors),
            investor_kinds=kinds,
            evidence=tuple(self.evidence),
            round_label=label,
            primary=primary,
        )
        return with_sources(candidate, "llm")

    # Fields, each checked against its quote:

    def _company(self) -> str | None:
        found = self._quoted("company", self.raw.get("company"))
        if found is None:
            if not self.model_company:
                self._drop("company", "", "", "invalid_value")
            return None
        value, quote = found
        name = self._name_in("company", value, quote)
        if name is None:
            return None
        known = normalize_name(name) in self.checker.known_companies
        self._support(
            "company",
            quote,
            FIELD_CONFIDENCE["company"] + KNOWN_COMPANY_BONUS * known,
        )
        return name

    def _round_type(self) -> tuple[str, str | None]:
        found = self._quoted("round_type", self.raw.get("round_type"))
        if found is None:
            return "unknown", None
        value, quote = found
        if value not in ROUND_TYPES:
            self._drop("round_type", value, quote.text, "invalid_value")
            return "unknown", None
        stages = find_stages(quote.text)
        if stages and value not in {stage.value for stage in stages}:
            self._drop("round_type", value, quote.text, "round_type_not_in_quote")
            return "unknown", None
        if value == "unknown":
            return "unknown", None
        self._support("round_type", quote)
        return value, next((s.label for s in stages if s.value == value), None)

    def _money(self, field: str) -> Money | None:
        found = self._quoted(field, self.raw.get(field))
        if found is None:
            return None
        value, quote = found
        wanted = _money_of(value)
        if wanted is None:
            self._drop(field, value, quote.text, "invalid_value")
            return None
        for span in self.checker.money_in(quote):
            if _same_figure(span.money, wanted):
                self._support(field, quote)
                return span.money
        self._drop(field, value, quote.text, "figure_not_in_quote")
        return None

    def _basis(self, has_valuation: bool) -> str | None:
        found = self._quoted("valuation_basis", self.raw.get("valuation_basis"))
        if found is None:
            return None
        value, quote = found
        if not has_valuation:
            self._drop("valuation_basis", value, quote.text, "no_valuation")
            return None
        if value not in BASES:
            self._drop("valuation_basis", value, quote.text, "invalid_value")
            return None
        self._support("valuation_basis", quote)
        return str(value)

    def _names(self, field: str, company: str, taken: set[str]) -> list[str]:
        items = self.raw.get(field)
        names: list[str] = []
        for item in items if isinstance(items, list) else []:
            found = self._quoted(field, item)
            if found is None:
                continue
            value, quote = found
            name = self._name_in(field, value, quote)
            if name is None:
                continue
            key = normalize_name(name)
            if key == normalize_name(company):
                self._drop(field, value, quote.text, "investor_is_company")
                continue
            if key in taken:
                continue  # named twice, or a lead listed again as a participant
            taken.add(key)
            names.append(name)
            self._support(field, quote)
        return names

    def _status(self) -> str:
        found = self._quoted("status", self.raw.get("status"))
        if found is not None and found[0] not in STATUSES:
            self._drop("status", found[0], found[1].text, "invalid_value")
            found = None
        if found is None:
            self.confidence["status"] = UNSUPPORTED_STATUS_CONFIDENCE
            return "announced"
        self._support("status", found[1])
        return str(found[0])

    def _date(self, primary: bool) -> tuple[datetime.date | None, str | None]:
        found = self._quoted("date", self.raw.get("date"))
        if found is not None:
            value, quote = found
            published = self.checker.published
            day, _ = read_date(quote.text, 0, published)
            month = None if primary else read_month(quote.text, 0, published)
            if day is not None and value == day.isoformat():
                self._support("date", quote)
                return day, "day"
            if month is not None and value in (
                month[0].isoformat()[:7],
                month[0].isoformat(),
            ):
                self._support("date", quote)
                return month[0], "month"
            self._drop("date", value, quote.text, "date_not_in_quote")
        if primary and self.checker.published is not None:
            self.confidence["date"] = PUBLISHED_DATE_CONFIDENCE
            return self.checker.published, "day"
        return None, None

    # Quotes, names and the record of what was kept and dropped:

    def _quoted(self, field: str, raw: object) -> tuple[str, _Quote] | None:
        """The value and its found quote; None, with the drop recorded, when the quote is
        missing or not in the text (and None without a drop when there is no value)."""
        value, quote = (
            (raw.get("value"), raw.get("quote"))
            if isinstance(raw, dict)
            else (raw, None)
        )
        if value is None or value == "" or value == []:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # a bare number for a figure; the quote still decides
        if not isinstance(value, str):
            self._drop(field, _raw_text(value), _raw_text(quote), "invalid_value")
            return None
        if not isinstance(quote, str) or not quote.strip():
            self._drop(field, value, "", "no_quote")
            return None
        if len(quote) > MAX_QUOTE_CHARS:
            self._drop(field, value, quote, "quote_too_long")
            return None
        located = self.checker.locate(quote)
        if located is None:
            self._drop(field, value, quote, "quote_not_found")
            return None
        return value, located

    def _name_in(self, field: str, value: str, quote: _Quote) -> str | None:
        # The name as the article spells it, found inside its quote
        if not normalize_name(value):
            self._drop(field, value, quote.text, "invalid_value")
            return None
        span = quote.place.find_name(value, within=quote.span)
        if span is None:
            self._drop(field, value, quote.text, "name_not_in_quote")
            return None
        return quote.place.text[span[0] : span[1]]

    def _support(
        self, field: str, where: _Quote | Span, confidence: float | None = None
    ) -> None:
        self.confidence[field] = round(
            min(1.0, FIELD_CONFIDENCE[field] if confidence is None else confidence), 2
        )
        if isinstance(where, _Quote):
            if not where.in_body:
                return  # a headline has no offsets in the text, as with the rules
            where = where.span
        self.evidence.append(Evidence(field, where[0], where[1]))

    def _drop(self, field: str, value: object, quote: str, reason: str) -> None:
        self.dropped.append(
            Dropped(
                round=self.index,
                company=self.model_company,
                field=field,
                value=value if isinstance(value, str) else _raw_text(value),
                quote=quote,
                reason=reason,
            )
        )


def _money_of(value: str) -> Money | None:
    """The figure the model wrote ("$30 million", "30000000"): its number, and its currency
    and upper bound when it gives them."""
    try:
        return parse_money(value)
    except MoneyError:
        # "$30 million in cash": the first amount of the words
        found = find_money(value)
        return found[0].money if found else None


def _same_figure(read: Money, wanted: Money) -> bool:
    """Whether the figure the parser read is the one the model meant: the same number, and
    the same currency and upper bound where the model gave them."""
    return (
        read.amount == wanted.amount
        and wanted.currency in (None, read.currency)
        and wanted.high in (None, read.high)
    )


def _raw_text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
