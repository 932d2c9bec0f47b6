"""``merge_extractions``: the rules' and the model's candidates of one article made one list,
for ``EXTRACTOR=both``, each value marked with the extractor that proposed it."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from rounds.extraction.llm.fields import (
    GROUPS,
    LIST_FIELDS,
    group_values,
    overall_confidence,
    with_sources,
)
from rounds.extraction.names import normalize_name
from rounds.extraction.types import (
    JSON,
    Evidence,
    FieldSource,
    InvestorHint,
    JSONScalar,
    RoundCandidate,
)

Values = tuple[tuple[str, JSONScalar], ...]

AMOUNT_TOLERANCE = Decimal("0.01")
"""Two amounts within 1 % in the same currency are one figure, as score.py counts them."""
SAME_CODE = frozenset({"company_country", "company_descriptor"})
"""Values both extractors read with the same code (``rules.hints``): alike by construction,
so their agreement is no second reading. So is a date neither read in the text (both fall
back to the article's): agreement raises confidence only where both have evidence."""


def merge_extractions(
    rules: Sequence[RoundCandidate], llm: Sequence[RoundCandidate]
) -> list[RoundCandidate]:
    """One candidate per round that either extractor found, news first.

    1. Pair the candidates of one round: the same company (equal ``normalize_name``, or one
       name the first words of the other), then the best agreement first: close amounts
       +4 (different ones -1), close valuations +2 (-1), equal known round types +2
       (different -2), the same news-or-passing +1 (-1), an investor in common +1. Only
       pairs scoring above 0.
    2. Merge a pair value by value (``FieldSource`` in ``provenance``): a value both give
       alike is "both", and its confidence rises as two independent readings do (odds
       multiply); a value only one gives keeps that one's confidence; where they differ the
       candidate shows the rules' value, its confidence falls (odds divide), and the
       model's value is the ``alternative``, so the editor can pick. Investors are merged
       by name; a name in another list is kept in the rules' list, the model's as the
       alternative.
    3. A candidate without a pair is kept, its values marked with its extractor; of
       candidates with one fingerprint, the first.
    """
    pairs = _pairs(rules, llm)
    merged = [
        _merged(candidate, llm[pairs[index]])
        if index in pairs
        else with_sources(candidate, "rules")
        for index, candidate in enumerate(rules)
    ]
    paired = set(pairs.values())
    merged += [
        with_sources(candidate, "llm")
        for index, candidate in enumerate(llm)
        if index not in paired
    ]
    # One proposal per fingerprint, as the app stores them
    unique: dict[str, RoundCandidate] = {}
    for candidate in merged:
        unique.setdefault(candidate.fingerprint, candidate)
    return sorted(unique.values(), key=lambda candidate: not candidate.primary)


def _pairs(
    rules: Sequence[RoundCandidate], llm: Sequence[RoundCandidate]
) -> dict[int, int]:
    # The best-agreeing pairs first; on a tie, the earlier candidates
    scored = sorted(
        (-score, i, j)
        for i, ours in enumerate(rules)
        for j, theirs in enumerate(llm)
        if (score := _affinity(ours, theirs)) > 0
    )
    pairs: dict[int, int] = {}
    for _, i, j in scored:
        if i not in pairs and j not in pairs.values():
            pairs[i] = j
    return pairs


def _affinity(ours: RoundCandidate, theirs: RoundCandidate) -> int:
    if not _same_name(ours.company, theirs.company):
        return 0
    score = 1 if ours.primary == theirs.primary else -1
    if ours.amount is not None and theirs.amount is not None:
        score += 4 if _close(ours, theirs, "amount", "currency") else -1
    if ours.valuation is not None and theirs.valuation is not None:
        score += 2 if _close(ours, theirs, "valuation", "valuation_currency") else -1
    if "unknown" not in (ours.round_type, theirs.round_type):
        score += 2 if ours.round_type == theirs.round_type else -2
    investors = (*theirs.lead_investors, *theirs.participants)
    if any(_role(ours, name) for name in investors):
        score += 1
    return score


def _merged(ours: RoundCandidate, theirs: RoundCandidate) -> RoundCandidate:
    data = ours.to_json()
    other = theirs.to_json()
    merge = _Merge(ours, theirs)
    for group in GROUPS:
        data.update(
            merge.group(group, group_values(data, group), group_values(other, group))
        )
    for field in LIST_FIELDS:
        data[field] = merge.names(field)
    sectors, kinds = merge.record_hints()
    data.update(
        field_confidence=dict(sorted(merge.confidence.items())),
        confidence=overall_confidence(merge.confidence),
        evidence=[],
        fingerprint="",  # recomputed from the merged values
    )
    candidate = RoundCandidate.from_json(data)
    return dataclasses.replace(
        candidate,
        company_sectors=sectors,
        investor_kinds=kinds,
        evidence=tuple(dict.fromkeys(merge.evidence)),
        provenance=tuple(merge.sources),
    )


class _Merge:
    """The merged values of one pair, with their sources, confidences and evidence."""

    def __init__(self, ours: RoundCandidate, theirs: RoundCandidate) -> None:
        self.ours = ours
        self.theirs = theirs
        self.sources: list[FieldSource] = []
        self.confidence: dict[str, float] = {}
        self.evidence: list[Evidence] = []

    def group(self, group: str, ours: Values, theirs: Values) -> JSON:
        """The group's merged values: the keys to change in the rules' JSON form."""
        ours_confidence = _confidence(self.ours, group)
        theirs_confidence = _confidence(self.theirs, group)
        if ours and theirs and _agree(group, self.ours, self.theirs):
            read_twice = group not in SAME_CODE and all(
                _evidence(candidate, group) for candidate in (self.ours, self.theirs)
            )
            combine = _agreeing if read_twice else _higher
            self._keep(group, "both", combine(ours_confidence, theirs_confidence))
            self.evidence += _evidence(self.theirs, group)
        elif ours and theirs:
            contested = _contested(ours_confidence, theirs_confidence)
            self._keep(group, "rules", contested, alternative=theirs)
        elif ours:
            self._keep(group, "rules", ours_confidence)
        elif theirs:
            self.sources.append(FieldSource(group, "llm"))
            self._set_confidence(group, theirs_confidence)
            self.evidence += _evidence(self.theirs, group)
            return dict(theirs)
        return {}

    def names(self, field: str) -> list[str]:
        """The merged names of one investor list, the rules' first."""
        names = list(getattr(self.ours, field))
        for name in names:
            role = _role(self.theirs, name)
            if role is None or role[0] == field:
                extractor = "rules" if role is None else "both"
                self.sources.append(FieldSource(field, extractor, item=name))
            else:
                self.sources.append(
                    FieldSource(
                        field,
                        "rules",
                        item=name,
                        alternative=(role,),
                        alternative_evidence=_evidence(self.theirs, role[0]),
                    )
                )
        for name in getattr(self.theirs, field):
            if _role(self.ours, name) is None:
                self.sources.append(FieldSource(field, "llm", item=name))
                names.append(name)
        self._set_confidence(field, self._list_confidence(field))
        self.evidence += _evidence(self.ours, field) + _evidence(self.theirs, field)
        return names

    def record_hints(self) -> tuple[tuple[str, ...], tuple[InvestorHint, ...]]:
        """The sectors and investor kinds (read by the same code from the same text): the
        rules' ones, else the model's; the model's for the investors only it names."""
        chosen = self.ours if self.ours.company_sectors else self.theirs
        kinds = self.ours.investor_kinds + tuple(
            hint
            for hint in self.theirs.investor_kinds
            if not any(_same_name(hint.name, k.name) for k in self.ours.investor_kinds)
        )
        spans = {(hint.start, hint.end) for hint in kinds}
        self.evidence += _evidence(chosen, "company_sectors")
        self.evidence += [
            span
            for candidate in (self.ours, self.theirs)
            for span in _evidence(candidate, "investor_kind")
            if (span.start, span.end) in spans
        ]
        return chosen.company_sectors, kinds

    def _list_confidence(self, field: str) -> float | None:
        ours = _confidence(self.ours, field) if getattr(self.ours, field) else None
        theirs = (
            _confidence(self.theirs, field) if getattr(self.theirs, field) else None
        )
        if ours is None or theirs is None:
            return _higher(ours, theirs)
        # Two readings of a list raise its confidence only when they are the same list
        same = {normalize_name(n) for n in getattr(self.ours, field)} == {
            normalize_name(n) for n in getattr(self.theirs, field)
        }
        return _agreeing(ours, theirs) if same else max(ours, theirs)

    def _keep(
        self,
        group: str,
        extractor: str,
        confidence: float | None,
        alternative: Values = (),
    ) -> None:
        self.sources.append(
            FieldSource(
                group,
                extractor,
                alternative=alternative,
                alternative_evidence=_evidence(self.theirs, group)
                if alternative
                else (),
            )
        )
        self._set_confidence(group, confidence)
        self.evidence += _evidence(self.ours, group)

    def _set_confidence(self, field: str, confidence: float | None) -> None:
        if confidence is not None:
            self.confidence[field] = confidence


def _agree(group: str, ours: RoundCandidate, theirs: RoundCandidate) -> bool:
    if group == "company":
        return normalize_name(ours.company) == normalize_name(theirs.company)
    if group == "amount":
        return _close(ours, theirs, "amount", "currency")
    if group == "valuation":
        return _close(ours, theirs, "valuation", "valuation_currency")
    return bool(getattr(ours, group) == getattr(theirs, group))


def _close(
    ours: RoundCandidate, theirs: RoundCandidate, field: str, currency: str
) -> bool:
    a, b = getattr(ours, field), getattr(theirs, field)
    if a is None or b is None or getattr(ours, currency) != getattr(theirs, currency):
        return False
    return bool(abs(a - b) <= AMOUNT_TOLERANCE * max(a, b))


def _same_name(a: str, b: str) -> bool:
    """Equal names, or one the first words of the other ("Acme" and "Acme Robotics")."""
    short, long = sorted(
        (normalize_name(a).split(), normalize_name(b).split()), key=len
    )
    return bool(short) and long[: len(short)] == short


def _role(candidate: RoundCandidate, name: str) -> tuple[str, str] | None:
    """The list the candidate puts an investor of that name in, and its spelling there."""
    for field in LIST_FIELDS:
        for other in getattr(candidate, field):
            if _same_name(name, other):
                return field, other
    return None


def _confidence(candidate: RoundCandidate, field: str) -> float | None:
    return dict(candidate.field_confidence).get(field)


def _evidence(candidate: RoundCandidate, field: str) -> tuple[Evidence, ...]:
    return tuple(span for span in candidate.evidence if span.field == field)


def _agreeing(a: float | None, b: float | None) -> float | None:
    """Two independent readings that agree: their odds multiply (0.8 and 0.8 give 0.94)."""
    if a is None or b is None:
        return _higher(a, b)
    a, b = _bounded(a), _bounded(b)
    return round(a * b / (a * b + (1 - a) * (1 - b)), 2)


def _higher(a: float | None, b: float | None) -> float | None:
    return a if b is None else b if a is None else max(a, b)


def _contested(a: float | None, b: float | None) -> float | None:
    """A reading another one contradicts: its odds divide by the other's (0.9 against 0.8
    gives 0.69; equal confidences give 0.5)."""
    if a is None or b is None:
        return a
    a, b = _bounded(a), _bounded(b)
    return round(a * (1 - b) / (a * (1 - b) + b * (1 - a)), 2)


def _bounded(confidence: float) -> float:
    # Certainty either way would make the odds infinite
    return min(max(confidence, 0.01), 0.99)
