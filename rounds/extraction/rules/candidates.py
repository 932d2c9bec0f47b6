"""Candidates with evidence: one ``RoundCandidate`` per round, its values chosen across frames."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from rounds.extraction.rules import lexicon, money_roles
from rounds.extraction.rules.document import Document
from rounds.extraction.rules.grouping import Round, Rounds
from rounds.extraction.rules.orgs import (
    Name,
    is_company_itself,
    same_company,
    unique_names,
)
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
        evidence = [Evidence("company", company[1], company[2])]
        amount = found.amount
        valuation_mention = next(
            (m for m in found.mentions if m.valuation is not None), None
        )
        stage_mention = next(
            (m for m in found.mentions if m.stage and m.stage.value != "unknown"), None
        )
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
        leads.sort(key=lambda n: n[1])
        participants.sort(key=lambda n: n[1])
        if (
            amount is None
            and valuation_mention is None
            and stage_mention is None
            and not leads
            and not participants
        ):
            return None
        if amount is not None:
            evidence.append(Evidence("amount", amount.start, amount.end))
        valuation = None
        if valuation_mention is not None and valuation_mention.valuation is not None:
            span = valuation_mention.valuation
            valuation = span.money
            if self.doc.in_headline(span.end):
                valuation = _with_qualifier(
                    span.money,
                    [m.valuation.money for m in found.mentions if m.valuation],
                )
            evidence.append(Evidence("valuation", span.start, span.end))
        stage = stage_mention.stage if stage_mention else None
        if stage is not None:
            evidence.append(Evidence("round_type", stage.start, stage.end))
        evidence += [Evidence("lead_investors", s, e) for _, s, e in leads]
        evidence += [Evidence("participants", s, e) for _, s, e in participants]
        in_progress = next((m for m in found.mentions if m.in_progress), None)
        if in_progress is not None and in_progress.status_span is not None:
            evidence.append(Evidence("status", *in_progress.status_span))
        elif (
            verb := next((m.verb_span for m in found.mentions if m.verb_span), None)
        ) is not None:
            evidence.append(Evidence("status", *verb))
        date = None
        if not found.passing:
            # A date in a sentence about earlier events is not this round's date
            dated = next(
                (m for m in found.mentions if m.date is not None and not m.passing),
                None,
            )
            if dated is not None and dated.date_span is not None:
                date = dated.date
                evidence.append(Evidence("date", *dated.date_span))
            else:
                date = self.doc.published
        money = amount.money if amount else None
        if amount is not None and self.doc.in_headline(amount.end):
            money = _with_qualifier(
                amount.money, [m.amount.money for m in found.mentions if m.amount]
            )
        confidence = (
            0.4
            + 0.2 * (money is not None)
            + 0.1 * (stage is not None)
            + 0.1 * bool(leads or participants)
        )
        confidence += (
            0.1 * (self.doc.is_company(company[0])) - 0.1 * found.mentions[0].anaphoric
        )
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
            confidence=round(min(1.0, max(0.0, confidence)), 2),
            evidence=tuple(evidence),
            round_label=stage.label if stage else None,
            primary=not found.passing,
        )

    def _display_name(self, found: Round) -> Name:
        # "Acme Market" and "Acme" name one company: show the form the text uses most, a
        # form the body uses before one only the headline abbreviates
        names = [m.company for m in found.mentions if m.company is not None]
        names.append(found.company)
        counts = Counter(n[0] for n in names)
        body = self.doc.text[self.doc.headline_end :]
        in_body = {n[0]: self._mentions(n[0], body) for n in names}
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
        return len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))

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
        first = re.search(
            rf"(?<![\w&.-]){re.escape(best[0])}(?![\w&-])",
            self.doc.text[headline_end + 1 :],
        )
        if first is None:
            return best
        at = first.start() + headline_end + 1
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
