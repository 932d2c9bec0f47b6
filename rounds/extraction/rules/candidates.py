"""Candidates with evidence: one ``RoundCandidate`` per round, its values chosen across frames."""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter

from rounds.extraction.amounts import MoneySpan
from rounds.extraction.rules import lexicon, money_roles
from rounds.extraction.rules.document import Document
from rounds.extraction.rules.grouping import Round, Rounds
from rounds.extraction.rules.hints import company_hints, investor_hints, sector_hints
from rounds.extraction.rules.orgs import (
    Name,
    is_company_itself,
    same_company,
    unique_names,
    word_spans,
)
from rounds.extraction.rules.stages import StageSpan
from rounds.extraction.types import Evidence, Money, RoundCandidate


class CandidateBuilder:
    """Turns the rounds of one document into candidates."""

    def __init__(self, doc: Document, rounds: Rounds) -> None:
        self.doc = doc
        self.rounds = rounds

    def candidates(self) -> list[RoundCandidate]:
        """One candidate per round that names a concrete fact, duplicates dropped: the
        article's news first, then the rounds it mentions in passing, each in text order."""
        candidates = []
        seen: set[str] = set()
        for found in self.rounds.rounds:
            candidate = self._candidate(found)
            if candidate is None or candidate.fingerprint in seen:
                continue
            seen.add(candidate.fingerprint)
            candidates.append(candidate)
        return sorted(candidates, key=lambda c: not c.primary)

    def _candidate(self, found: Round) -> RoundCandidate | None:
        company = self._display_name(found)
        leads, participants = self._investors(found, company)
        valuation_mention = next(
            (m for m in found.mentions if m.valuation is not None), None
        )
        stage_mention = next(
            (m for m in found.mentions if m.stage and m.stage.value != "unknown"), None
        )
        amount = found.amount
        listed = any(m.listed for m in found.mentions)
        if not (
            amount
            or valuation_mention
            or stage_mention
            or leads
            or participants
            or listed
        ):
            return None
        values = _Values()
        values.add("company", _company_confidence(self.doc, found, company), company)
        money = None
        if amount is not None:
            money = amount.money
            if self.doc.in_headline(amount.end):
                money = _with_qualifier(
                    amount.money, [m.amount.money for m in found.mentions if m.amount]
                )
            if values.add("amount", _amount_confidence(found, amount), amount) is None:
                money = None
        valuation = None
        if valuation_mention is not None and valuation_mention.valuation is not None:
            span = valuation_mention.valuation
            valuation = span.money
            if self.doc.in_headline(span.end):
                valuation = _with_qualifier(
                    span.money,
                    [m.valuation.money for m in found.mentions if m.valuation],
                )
            values.add("valuation", 0.8, span)
        stage = stage_mention.stage if stage_mention else None
        if stage is not None:
            values.add("round_type", 0.95 if "series" in stage.value else 0.85, stage)
        for name in leads:
            values.add("lead_investors", 0.85, name)
        for name in participants:
            values.add("participants", 0.75, name)
        in_progress = next((m for m in found.mentions if m.in_progress), None)
        verb = next((m.verb_span for m in found.mentions if m.verb_span), None)
        if in_progress is not None and self._completed(found):
            in_progress = None
        if in_progress is not None and in_progress.status_span is not None:
            values.add("status", 0.85, in_progress.status_span)
        elif verb is not None:
            values.add("status", 0.85, verb)
        else:
            values.confidence["status"] = 0.6
        date, precision = self._date(found, values)
        country, descriptor = company_hints(self.doc.text, company[0])
        if country is not None:
            values.add("company_country", 0.7, (country.start, country.end))
        if descriptor is not None:
            values.add("company_descriptor", 0.7, (descriptor.start, descriptor.end))
        # Suggestions for the company and investor records, not values of the round: evidence
        # without a confidence of their own
        sectors = sector_hints(self.doc.text, descriptor)
        kinds = investor_hints(self.doc.text, [n[0] for n in (*leads, *participants)])
        values.evidence += [
            Evidence("company_sectors", h.start, h.end) for h in sectors
        ]
        values.evidence += [Evidence("investor_kind", h.start, h.end) for h in kinds]
        return RoundCandidate(
            company=company[0],
            round_type=stage.value if stage else "unknown",
            amount=money.amount if money else None,
            currency=money.currency if money else None,
            amount_qualifier=money.qualifier if money else None,
            valuation=valuation.amount if valuation else None,
            valuation_currency=valuation.currency if valuation else None,
            valuation_qualifier=valuation.qualifier if valuation else None,
            valuation_basis=valuation_mention.basis if valuation_mention else None,
            lead_investors=tuple(n[0] for n in leads),
            participants=tuple(n[0] for n in participants),
            status="in_progress" if in_progress else "announced",
            date=date,
            date_precision=precision,
            confidence=values.overall(),
            field_confidence=tuple(sorted(values.confidence.items())),
            company_country=country.value if country else None,
            company_descriptor=descriptor.value if descriptor else None,
            company_sectors=tuple(h.value for h in sectors),
            investor_kinds=kinds,
            evidence=tuple(values.evidence),
            round_label=stage.label if stage else None,
            primary=not found.passing,
        )

    def _investors(self, found: Round, company: Name) -> tuple[list[Name], list[Name]]:
        leads: list[Name] = []
        participants: list[Name] = []
        targets: dict[int, str] = {}
        for mention in found.mentions:
            targets.update(mention.targets)
            leads += mention.leads
            participants += mention.participants
        leads = [n for n in unique_names(leads) if not same_company(n[0], company[0])]
        participants = [
            n
            for n in unique_names(participants)
            if not any(same_company(n[0], lead[0]) for lead in leads)
            and not is_company_itself(n[0], company[0])
            and same_company(targets.get(n[1], company[0]), company[0])
        ]
        # Names in the order the text gives them
        return sorted(leads, key=lambda n: n[1]), sorted(
            participants, key=lambda n: n[1]
        )

    def _completed(self, found: Round) -> bool:
        """Whether the round's only cues of progress are roles in the progressive ("B is
        leading the round") beside a sentence that tells the raise as done ("Acme has raised
        $50m"): the news then writes of a closed round."""
        for mention in found.mentions:
            span = mention.status_span
            if mention.in_progress and (
                span is None
                or not lexicon.PROGRESSIVE_ROLE_RE.fullmatch(
                    self.doc.text[span[0] : span[1]]
                )
            ):
                return False
        return any(
            not mention.in_progress
            and not mention.passing
            and mention.verb_span is not None
            and lexicon.PAST_RAISE_RE.fullmatch(
                self.doc.text[mention.verb_span[0] : mention.verb_span[1]]
            )
            for mention in found.mentions
        )

    def _date(
        self, found: Round, values: _Values
    ) -> tuple[datetime.date | None, str | None]:
        """The day of the news (the text's, else the article's); for a round mentioned in
        passing, only the month the text gives, never the article's day."""
        if found.passing:
            month = next((m.month for m in found.mentions if m.month), None)
            if month is None:
                return None, None
            values.add("date", 0.6, month[1])
            return month[0], "month"
        # A date in a sentence about earlier events is not this round's date
        dated = next(
            (m for m in found.mentions if m.date is not None and not m.passing), None
        )
        if dated is not None and dated.date_span is not None:
            values.add("date", 0.9, dated.date_span)
            return dated.date, "day"
        if self.doc.published is None:
            return None, None
        values.confidence["date"] = 0.7
        return self.doc.published, "day"

    def _display_name(self, found: Round) -> Name:
        # "Acme Market" and "Acme" name one company: show the form the text uses most, a
        # form the body uses before one only the headline abbreviates
        names = [m.company for m in found.mentions if m.company is not None]
        names.append(found.company)
        counts = Counter(n[0] for n in names)
        body = self.doc.text[self.doc.headline_end :]
        in_body = {name: self._mentions(name, body) for name in counts}
        best = max(
            names,
            key=lambda n: (
                in_body[n[0]] > 0,
                counts[n[0]] + in_body[n[0]] / 100,
                -n[1],
            ),
        )
        return self._fuller_name(best, names)

    @staticmethod
    def _mentions(name: str, text: str) -> int:
        return len(word_spans(name, text))

    def _fuller_name(self, best: Name, names: list[Name]) -> Name:
        # "Lumo raises $5M" over a body about "Lumo Health": the body's fuller name
        words = best[0].split()
        headline_end = self.doc.text.find("\n")
        if self.doc.text[:headline_end].rstrip().endswith((".", "!", "?", '"', "”")):
            headline_end = -1  # the first line is a sentence of the body
        fuller = [
            n
            for n in (*names, *self.doc.subjects_found())
            if n[1] > headline_end
            and len(words) < len(n[0].split()) <= len(words) + 3
            and n[0].split()[: len(words)] == words
            and not self.doc.is_investor(n[0])
            and not lexicon.INVESTOR_WORDS_RE.search(n[0])
            and not self.rounds.invests(n[0])
        ]
        if not fuller:
            return best
        # ... when the body introduces the company by it: "Lumo Health, a Berlin startup"
        first = word_spans(best[0], self.doc.text, headline_end + 1, joiners="&.-")
        if not first:
            return best
        at = first[0]
        introduced = [n for n in fuller if self.doc.text.startswith(n[0], at)]
        if not introduced:
            return best
        name = max(introduced, key=lambda n: len(n[0]))[0]
        return (name, at, at + len(name))


def _with_qualifier(money: Money, others: list[Money]) -> Money:
    # A headline drops "about" or "more than"; the body's qualified figure is the better reading
    if money.qualifier != "exact":
        return money
    for other in others:
        if (
            other.qualifier != "exact"
            and other.high is None
            and money_roles.close(money, other)
        ):
            return dataclasses.replace(money, qualifier=other.qualifier)
    return money


FIELD_THRESHOLD = 0.5
"""A value read with less confidence than this is left empty, not guessed."""


class _Values:
    """The confidence of each field of a candidate and the evidence of its values."""

    def __init__(self) -> None:
        self.confidence: dict[str, float] = {}
        self.evidence: list[Evidence] = []

    def add(
        self,
        field: str,
        confidence: float,
        span: Name | MoneySpan | StageSpan | tuple[int, int],
    ) -> float | None:
        """Record a value's span; None (and nothing recorded) when it is too doubtful."""
        if confidence < FIELD_THRESHOLD:
            return None
        start, end = _span(span)
        self.confidence[field] = round(min(1.0, confidence), 2)
        self.evidence.append(Evidence(field, start, end))
        return confidence

    def overall(self) -> float:
        """The candidate's confidence: its company's, times the mean of its other fields'."""
        others = [c for f, c in self.confidence.items() if f != "company"]
        mean = sum(others) / len(others) if others else 0.5
        return round(self.confidence.get("company", 0.5) * (0.5 + mean / 2), 2)


def _span(value: Name | MoneySpan | StageSpan | tuple[int, int]) -> tuple[int, int]:
    if isinstance(value, MoneySpan | StageSpan):
        return value.start, value.end
    if len(value) == 3:
        return value[1], value[2]
    return value[0], value[1]


def _company_confidence(doc: Document, found: Round, company: Name) -> float:
    # Named by a raise verb or a roundup line: sure; named otherwise: likely; only "the
    # company" standing for it: doubtful
    if any(m.strong and not m.anaphoric for m in found.mentions):
        confidence = 0.9
    elif any(m.company is not None and not m.anaphoric for m in found.mentions):
        confidence = 0.75
    else:
        confidence = 0.6
    return confidence + 0.1 * doc.is_company(company[0])


def _amount_confidence(found: Round, amount: MoneySpan) -> float:
    # An amount its sentence ties to a round or a raise is the round's; one only told near
    # a pronoun, with neither, may be anything
    mention = next(m for m in found.mentions if m.amount is amount)
    if mention.names_round or mention.strong or mention.round_total:
        return 0.9
    if mention.eventful or mention.via_investor:
        return 0.7
    return 0.45
