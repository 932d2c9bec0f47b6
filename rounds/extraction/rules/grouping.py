"""Rounds grouped across sentences: each frame starts a round or adds to the one it continues."""

from __future__ import annotations

from dataclasses import dataclass, field

from rounds.extraction.amounts import MoneySpan
from rounds.extraction.rules import dates, lexicon, money_roles
from rounds.extraction.rules.document import Document
from rounds.extraction.rules.frames import Frame, StatusNote
from rounds.extraction.rules.orgs import Name, same_company
from rounds.extraction.types import Money


@dataclass
class Round:
    """The frames of one round, in the order of the text."""

    company: Name
    mentions: list[Frame] = field(default_factory=list)

    @property
    def amount(self) -> MoneySpan | None:
        # An extended round's stated total wins over the first tranche's figure
        totals = [
            m.amount for m in self.mentions if m.amount is not None and m.round_total
        ]
        if totals:
            return totals[-1]
        return next((m.amount for m in self.mentions if m.amount is not None), None)

    @property
    def stage(self) -> str:
        return next(
            (
                m.stage.value
                for m in self.mentions
                if m.stage and m.stage.value != "unknown"
            ),
            "unknown",
        )

    @property
    def passing(self) -> bool:
        return self.mentions[0].passing

    def monies(self) -> list[Money]:
        found = []
        for mention in self.mentions:
            if mention.amount is not None:
                found.append(mention.amount.money)
            found += mention.alternatives
        return found


class Rounds:
    """The rounds of one document so far, and the company the text is about."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.rounds: list[Round] = []
        self.pending: list[Frame] = []
        self.recent: list[Round] = []
        self.focus: Name | None = None

    def invests(self, name: str) -> bool:
        """Whether an earlier sentence named ``name`` as an investor."""
        return any(
            same_company(name, investor[0])
            for found in self.rounds
            for mention in found.mentions
            for investor in (*mention.leads, *mention.participants)
        )

    def note_status(self, note: StatusNote, index: int) -> None:
        """A sentence that says only that a round is in progress marks the current one."""
        if not self.rounds:
            return
        target = self._current_round(passing=False)
        subject = self.doc.subject(index)
        if subject is not None and not same_company(
            subject[0], target.company[0] if target else ""
        ):
            return  # "Rival Acme is in talks for a round": another company's status
        if target is not None:
            mention = Frame(company=None, sentence=note.sentence, in_progress=True)
            mention.status_span = note.status_span
            target.mentions.append(mention)

    def add(self, mention: Frame) -> None:
        """Start a round with the frame, or add it to the round it continues."""
        eventful, strong = mention.eventful, mention.strong
        company = mention.company
        # "Acme was valued at $80m in 2022", "Acme is seeking a $1bn valuation": a round told
        # by its valuation alone
        valuation_only = (
            mention.valuation is not None
            and (mention.passing or mention.in_progress)
            and (not mention.anaphoric or mention.earlier)
        )
        stage_only = (
            mention.amount is None
            and mention.valuation is None
            and not (mention.leads or mention.participants)
        )
        # "Foo Capital invests in Acme": an investor named with the company it funds
        invested = (
            mention.via_investor
            and bool(mention.leads or mention.participants)
            and lexicon.INVESTS_NOW_RE.search(
                self.doc.text[mention.sentence[0] : mention.sentence[1]]
            )
            is not None
        )
        creates = company is not None and (
            (eventful and (strong or not stage_only))
            or (strong and (mention.leads or mention.participants or mention.valuation))
            or valuation_only
            or invested
        )
        if not creates:
            own = company and next(
                (
                    r
                    for r in reversed(self.rounds)
                    if same_company(r.company[0], company[0])
                ),
                None,
            )
            if own:
                # "Acme's valuation doubled": the latest round of the company named
                self._attach(mention, target=own)
            else:
                self._attach(mention)
            return
        assert company is not None
        if not mention.anaphoric:
            self.focus = company
        existing = self._matching_round(mention)
        if mention.round_total:
            # "bringing the round's total to $80m": the total of the company's last round
            existing = next(
                (
                    r
                    for r in reversed(self.rounds)
                    if same_company(r.company[0], company[0])
                ),
                existing,
            )
        if existing is None and mention.via_investor and not mention.passing:
            # "B invested $30m in Acme" beside Acme's round: B's share of that round
            existing = next(
                (
                    r
                    for r in self.rounds
                    if not r.passing and same_company(r.company[0], company[0])
                ),
                None,
            )
            if existing is not None:
                mention.amount = None
        if (
            existing is None
            and mention.amount is not None
            and lexicon.PART_OF_ROUND_RE.search(
                self.doc.text[mention.sentence[0] : mention.sentence[1]]
            )
            and lexicon.TRANCHE_RE.search(
                self.doc.text[mention.sentence[0] : mention.sentence[1]]
            )
        ):
            # "an initial $15m first tranche" of a round whose total the text gives
            existing = next(
                (
                    r
                    for r in self.rounds
                    if same_company(r.company[0], company[0])
                    and r.amount is not None
                    and r.amount.money.currency == mention.amount.money.currency
                    and r.amount.money.amount > mention.amount.money.amount
                ),
                None,
            )
            if existing is not None:
                mention.amount = None
        if existing is not None:
            existing.mentions.append(mention)
            self._touch(existing)
            return
        if (
            mention.amount is None
            and mention.stage is None
            and mention.valuation is None
        ) and not (mention.leads or mention.participants or mention.listed):
            return
        pending = self.pending if not mention.passing else []
        self.rounds.append(Round(company=company, mentions=[*pending, mention]))
        self._touch(self.rounds[-1])
        if pending:
            self.pending = []

    def _attach(self, mention: Frame, target: Round | None = None) -> None:
        # A sentence that names no new round adds investors or terms to the round it continues
        target = target or self._current_round(passing=mention.passing)
        if target is None:
            if not self.rounds and len(self.pending) < 3 and not mention.passing:
                mention.amount = None
                self.pending.append(mention)
            return
        sentence = self.doc.text[mention.sentence[0] : mention.sentence[1]]
        if mention.passing and not target.passing:
            # An earlier round's terms are not the news round's
            mention.valuation = None
            mention.stage = None
        if (
            mention.amount is not None
            and mention.names_round
            and not mention.round_total
            and target.amount is not None
            and mention.stage is None
            and lexicon.STRONG_ROUND_RE.search(sentence)
            and not any(
                money_roles.close(mention.amount.money, m) for m in target.monies()
            )
        ):
            # "a $220 million round was led by X": another round of the company in focus
            mention.company = target.company
            mention.anaphoric = True
            self.rounds.append(Round(company=target.company, mentions=[mention]))
            self._touch(self.rounds[-1])
            return
        # "Acme wants as much as $20 million": the figure of a round that had none
        states_amount = bool(lexicon.raise_verbs(sentence)) or (
            mention.in_progress and target.mentions[0].in_progress
        )
        if (
            mention.amount is not None
            and not mention.round_total
            and (target.amount is not None or not states_amount)
        ):
            mention.amount = None
        if (
            mention.stage
            and mention.stage.value not in ("unknown", target.stage)
            and target.stage != "unknown"
        ):
            return
        target.mentions.append(mention)
        self._touch(target)

    def _matching_round(self, mention: Frame) -> Round | None:
        assert mention.company is not None
        best = None
        stage = mention.stage.value if mention.stage else "unknown"
        sentence = self.doc.text[mention.sentence[0] : mention.sentence[1]]
        earlier = mention.passing and dates.older_year(sentence, self.doc.published)
        for candidate in self.rounds:
            if not same_company(candidate.company[0], mention.company[0]):
                continue
            if earlier and not candidate.passing:
                continue  # "raised a $100m Series A in 2017": not this year's round
            if stage != "unknown" and candidate.stage not in ("unknown", stage):
                continue
            if mention.amount is not None and candidate.amount is not None:
                mine = [mention.amount.money, *mention.alternatives]
                if not any(
                    money_roles.close(a, b) for a in mine for b in candidate.monies()
                ):
                    continue
                return candidate
            if (
                mention.amount is not None
                and candidate.amount is None
                and mention.passing != candidate.passing
                and not (stage != "unknown" and candidate.stage == stage)
            ):
                # "Acme was valued at $80m in 2022." then "Acme said it had raised $25m":
                # the news is not the earlier mention's round
                continue
            if (
                mention.amount is None
                and mention.passing != candidate.passing
                and candidate.amount is not None
            ) and (candidate.stage != stage or stage == "unknown"):
                continue
            best = candidate
        return best

    def _touch(self, found: Round) -> None:
        # The round a sentence last spoke of is the one the next sentence continues
        self.recent = [r for r in self.recent if r is not found] + [found]

    def _current_round(self, *, passing: bool) -> Round | None:
        if not self.recent:
            return None
        if not passing:
            for candidate in reversed(self.recent):
                if not candidate.passing:
                    return candidate
        return self.recent[-1]
