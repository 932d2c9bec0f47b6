"""One frame per financing statement: what a sentence says about one round.

A frame holds the funded company (or the pronoun standing for it), the amount, valuation and
round type the sentence gives, its lead investors and participants, and whether it reports a
round in progress or one mentioned in passing. A sentence that only says a round is still in
talks gives a ``StatusNote`` instead.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Protocol

from rounds.extraction import patterns
from rounds.extraction.amounts import MoneySpan, find_money
from rounds.extraction.rules import clauses, dates, lexicon, money_roles
from rounds.extraction.rules.document import Document
from rounds.extraction.rules.investors import read_investors
from rounds.extraction.rules.listings import (
    deals_in_prose,
    header_columns,
    read_listing,
)
from rounds.extraction.rules.orgs import (
    Name,
    is_valid_name,
    name_in_phrase,
    name_runs,
)
from rounds.extraction.rules.stages import StageSpan, find_stages
from rounds.extraction.rules.statements import split_statements
from rounds.extraction.types import Money

# A sentence without any of these cannot state a round, its terms or its investors
_KEYWORDS = (
    "$", "€", "£", "¥", "₹", "`", "million", "billion", "crore",
    "lakh", "round", "fund", "financ", "invest", "rais", "led by", "series", "seed", "valu",
    "runde", "secur", "close", "backe", "particip", "stake", "talks", "terms", "negotiat", "tranche",
    "millionen", "milliard", "eingesammelt", "bekommen", "kapital", "investor", "geldgeber", "mit dabei", "progress", "joined", "joins", "committed", "re-upped", "reupped",
    "poured", "pumped", "injected", "lève", "levé", "levée", "boucl", "tour de table", "millions",
    "ronda", "rodada", "capt", "millones", "milh", "bilh", "inversión", "investimento", "aporte",
    "recaud", "arrecad", "m€",
)  # fmt: skip
_KEYWORDS_RE = re.compile(
    patterns.by_first_letter(
        "|".join(re.escape(k) for k in sorted(_KEYWORDS, key=len, reverse=True)),
        ignorecase=False,
    )
)


# "$50m at a $200m post-money valuation": the second amount is the valuation
_POST_MONEY_RE = re.compile(r"post-money|post-investment", re.IGNORECASE)
# "..., it said", "the company, which ..., and": what stands before a verb for the company
_PRONOUN_LEFT_RE = re.compile(
    r"\s*(?:it|the\s(?:company|startup|firm))\b(?:[^,;]*\band|\s*,[^,]*,?)?\s*$",
    re.IGNORECASE,
)

# Between the two parts of one financing: "$5m in equity and $2m in debt", "$5m plus a $2m loan"
_PARTS_RE = re.compile(
    r"\s(?:in\s(?:equity|debt|cash|grants?|loans?)\s)?(?:and|plus)\s(?:an?\s)?",
    re.IGNORECASE,
)


# A roundup's line: a bullet or number, a table row, or a name then ":", "—" or "|"
_LISTING_LINE_RE = re.compile(
    r"[ \t]*(?:[-–—•*·▪►✓➤]|\d{1,2}[.)]|\(\d{1,2}\))[ \t]+|(?P<row>[^|\t\n]*[|\t][^|\t\n]*[|\t])"
    r"|[ \t]*[A-Z][^:|–—\n]{0,60}?[ \t]*(?::|–|—|\|)[ \t]"
)


@dataclass
class Frame:
    """What one sentence says about one round."""

    company: Name | None
    sentence: tuple[int, int]
    amount: MoneySpan | None = None
    alternatives: list[Money] = field(default_factory=list)
    valuation: MoneySpan | None = None
    basis: str | None = None
    stage: StageSpan | None = None
    leads: list[Name] = field(default_factory=list)
    participants: list[Name] = field(default_factory=list)
    # Where a participant is said to invest in another company: its start -> that company
    targets: dict[int, str] = field(default_factory=dict)
    in_progress: bool = False
    status_span: tuple[int, int] | None = None
    passing: bool = False
    date: datetime.date | None = None
    date_span: tuple[int, int] | None = None
    # A month the sentence gives without a day: (its first day, span)
    month: tuple[datetime.date, tuple[int, int]] | None = None
    anaphoric: bool = False
    via_investor: bool = False
    names_round: bool = False
    # The amount is the round's total after an extension ("bringing the round to $80m")
    round_total: bool = False
    # A clause comparing with an earlier round ("less than the $4bn it was valued at in 2022")
    earlier: bool = False
    # A digest lists the company among the week's deals, with no figure ("with A and B
    # raising rounds")
    listed: bool = False
    verb_span: tuple[int, int] | None = None
    # The sentence states a round (an amount or type with a raise, round or invest word) ...
    eventful: bool = False
    # ... and a raise verb named its company
    strong: bool = False


@dataclass(frozen=True)
class StatusNote:
    """A sentence that says only that a round is still in progress ("the terms could change")."""

    sentence: tuple[int, int]
    status_span: tuple[int, int]


class Discourse(Protocol):
    """What earlier sentences established: the company in focus and who invests."""

    focus: Name | None

    def invests(self, name: str) -> bool: ...


def _states_no_round(sentence: str, typed: bool) -> bool:
    """Whether a sentence speaks of money that is no round: a secondary sale, a fund of
    investors, a total raised to date (unless it names a round type, ``typed``)."""
    lowered = sentence.lower()
    if "secondary" in lowered and lexicon.SECONDARY_RE.search(sentence):
        return True
    if (
        "raised" in sentence
        and lexicon.RUNNING_TOTAL_RE.search(sentence)
        and not (typed or lexicon.ROUND_NOUN_RE.search(sentence))
    ):
        # "Acme, which has raised $90 million from investors, said ...": a total, not a round
        return True
    return "fund" in lowered and lexicon.FUND_RAISE_RE.search(sentence) is not None


def _parts_total(text: str, amounts: list[MoneySpan]) -> Money | None:
    """The sum of "$5.75m in equity and $1.3m in debt": the figure a headline gives the whole."""
    if len(amounts) != 2:
        return None
    first, second = amounts
    if first.money.currency != second.money.currency or not _PARTS_RE.fullmatch(
        text, first.end, second.start
    ):
        return None
    return Money(first.money.amount + second.money.amount, first.money.currency)


def _status_note(sentence: str, start: int) -> StatusNote | None:
    # "The terms could still change", "talks could close in two months": the current round
    if not lexicon.STATUS_WORDS_RE.search(sentence):
        return None
    status = lexicon.IN_PROGRESS_RE.search(sentence)
    if status is None or lexicon.is_passing(sentence):
        return None
    return StatusNote(
        (start, start + len(sentence)), (status.start() + start, status.end() + start)
    )


class FrameReader:
    """Reads the sentences of one document into frames, in order."""

    def __init__(self, doc: Document, discourse: Discourse) -> None:
        self.doc = doc
        self.discourse = discourse
        # The raise verb that named the company
        self._verb_span: tuple[int, int] | None = None
        self._columns: dict[str, int] | None = (
            None  # the columns of the table being read
        )

    def _listed_in_prose(
        self, index: int, sentence: str, start: int, end: int
    ) -> list[Frame | StatusNote]:
        # "four Series C deals: These included A, B and C", "with A and B raising rounds"
        before = self.doc.sentence(index - 1) if index else ""
        names, stage = deals_in_prose(sentence, before)
        if stage is not None:
            offset = self.doc.sentences[index - 1][0]
            stage = StageSpan(
                stage.value, stage.label, stage.start + offset, stage.end + offset
            )
        found: list[Frame | StatusNote] = []
        for name in names:
            company = (name[0], name[1] + start, name[2] + start)
            if self.doc.could_be_company(company) and not self.doc.is_investor(
                company[0]
            ):
                found.append(
                    Frame(
                        company=company,
                        sentence=(start, end),
                        stage=stage,
                        eventful=True,
                        strong=True,
                        listed=True,
                    )
                )
        return found

    def _listed(self, line: str, start: int, end: int) -> Frame | None:
        # "- Acme: $5M seed from Foo", "Acme | $5M | Series A | Foo": a roundup's line
        line_start = self.doc.text.rfind("\n", 0, start) + 1
        shape = _LISTING_LINE_RE.match(self.doc.text, line_start)
        if shape is None:
            return None
        found = read_listing(line, start, self._columns)
        if found is None or not self.doc.could_be_company(found.company):
            return None
        if lexicon.NEGATIVE_SENTENCE_RE.search(line) or _states_no_round(
            line, found.stage is not None
        ):
            return None
        # A line of a table under its header may give a bare amount; any other line says
        # that the amount is a round: a round type, a round word, a raise verb, an investor
        tabled = self._columns is not None and shape.group("row") is not None
        if not tabled and not (
            found.stage
            or found.leads
            or found.participants
            or lexicon.ROUND_NOUN_RE.search(line)
            or lexicon.raise_verbs(line)
        ):
            return None
        status = lexicon.IN_PROGRESS_RE.search(line)
        frame = Frame(
            company=found.company,
            sentence=(start, end),
            amount=found.amount,
            stage=found.stage,
            leads=found.leads,
            participants=found.participants,
            eventful=True,
            strong=True,
            in_progress=status is not None,
        )
        if status is not None:
            frame.status_span = (status.start() + start, status.end() + start)
        frame.date, frame.date_span = dates.read_date(line, start, self.doc.published)
        return frame

    def read(self, index: int) -> list[Frame | StatusNote]:
        """The frames of sentence ``index``: one per financing statement it makes."""
        start, end = self.doc.sentences[index]
        sentence = self.doc.text[start:end]
        in_prose = self._listed_in_prose(index, sentence, start, end)
        if in_prose:
            return in_prose
        if not self.doc.is_line(start, end):
            return self._read_sentence(index, sentence, start, end)
        columns = header_columns(sentence)
        if columns is not None:
            self._columns = columns
            return []
        found = self._read_sentence(index, sentence, start, end)
        if any(isinstance(f, Frame) and f.company for f in found):
            # "Exclusive: Acme raises $5M": a line that is a sentence is read as one
            return found
        listed = self._listed(sentence, start, end)
        return [listed] if listed is not None else found

    def _read_sentence(
        self, index: int, sentence: str, start: int, end: int
    ) -> list[Frame | StatusNote]:
        if not _KEYWORDS_RE.search(sentence.lower()):
            return []
        monies = find_money(sentence)
        statements = split_statements(sentence, monies)
        if len(statements) == 1:
            text = statements[0].text
            kept = (
                monies
                if text is sentence
                else [m for m in monies if text[m.start] != " "]
            )
            return [f for f in [self._read_event(index, text, start, end, kept)] if f]
        found = [
            self._read_event(
                index, s.text, start, end, [m for m in monies if s.text[m.start] != " "]
            )
            for s in statements
        ]
        main = next(
            (
                f
                for f, s in zip(found, statements, strict=True)
                if s.kind == "main" and isinstance(f, Frame) and f.company
            ),
            None,
        )
        for frame, statement in zip(found, statements, strict=True):
            if not isinstance(frame, Frame) or statement.kind == "main":
                continue
            if statement.kind == "coordinate":
                # "raised $8m in a Series A and a $2m seed round": the same subject's round
                if frame.company is None and main is not None:
                    frame.company = main.company
                continue
            # "After raising $5m, Acme seeks $20m": the opening clause's subject is Acme's,
            # and its round came before the news
            if frame.company is None and main is not None:
                frame.company = main.company
            if not frame.in_progress:
                frame.passing = True
            frame.earlier = statement.kind == "earlier"
        return [f for f in found if f is not None]

    def _read_event(
        self, index: int, sentence: str, start: int, end: int, local: list[MoneySpan]
    ) -> Frame | StatusNote | None:
        # Roles are read within the sentence: a neighbour's "valuation" says nothing here
        total = bool(local) and lexicon.TOTAL_SENTENCE_RE.search(sentence) is not None
        kinds = money_roles.money_roles(sentence, local, total=total)
        monies = [money_roles.shift(m, start) for m in local]
        amounts = [
            m
            for m, role in zip(monies, kinds, strict=True)
            if role in ("amount", "round_amount")
        ]
        round_amounts = [
            m for m, role in zip(monies, kinds, strict=True) if role == "round_amount"
        ]
        valuations = [
            m for m, role in zip(monies, kinds, strict=True) if role == "valuation"
        ]
        earlier = [
            m.span()
            for m in clauses.iter_if(
                "which" in sentence or "who" in sentence,
                lexicon.EARLIER_ROLE_RE,
                sentence,
            )
        ]
        stages = [
            s
            for s in find_stages(sentence)
            if not lexicon.STAGE_AS_MODIFIER_RE.match(sentence, s.end)
            # "A, which led the seed round, returned": an earlier round's type
            and not any(a <= s.start and s.end <= b for a, b in earlier)
        ]
        if not (
            amounts or valuations or stages
        ) and not lexicon.INVESTOR_CONTEXT_RE.search(sentence):
            return _status_note(sentence, start)
        if total and not amounts and not valuations:
            # "The startup raised $50 million in 18 months from A and B": history, not this round
            return None
        has_raise = bool(lexicon.raise_verbs(sentence))
        has_round = lexicon.ROUND_NOUN_RE.search(sentence) is not None
        if lexicon.NEGATIVE_SENTENCE_RE.search(sentence) and not (
            has_raise and has_round
        ):
            return None
        if _states_no_round(sentence, bool(stages)):
            return None
        has_invest = lexicon.INVEST_RE.search(sentence) is not None
        leads, participants, targets = read_investors(
            sentence, start, lambda: self.doc.previous_subject(index)
        )
        # "Acme Growth Partners led the round": a word inside an investor's name is no round type
        stages = [
            s
            for s in stages
            if not any(
                n[1] - start <= s.start and s.end <= n[2] - start
                for n in (*leads, *participants)
            )
        ]
        eventful = bool(amounts or stages) and (has_raise or has_round or has_invest)
        if not eventful and not leads and not participants and not valuations:
            if has_raise and has_round:
                # "The week's biggest round was raised by Acme.": no figure, but the text is
                # now about Acme
                named, anaphoric, strong = self._company(
                    index, sentence, start, monies, stages, False
                )
                if named is not None and strong and not anaphoric:
                    self.discourse.focus = named
            return _status_note(sentence, start)

        self._verb_span = None
        company, anaphoric, strong = self._company(
            index, sentence, start, monies, stages, bool(valuations)
        )
        mention = Frame(
            company=company,
            sentence=(start, end),
            anaphoric=anaphoric,
            eventful=eventful,
            strong=strong,
        )
        if strong:
            mention.verb_span = self._verb_span
        mention.via_investor = (
            company is not None
            and not strong
            and bool(
                lexicon.INVESTOR_SUBJECT_RE.search(sentence)
                or lexicon.INVESTS_NOW_RE.search(sentence)
            )
        )
        if mention.via_investor and (
            round_amounts or lexicon.PART_OF_ROUND_RE.search(sentence)
        ):
            # "A invested $10m in Acme as part of a $50m round": the investor's cheque is not the round
            amounts = round_amounts
        elif mention.via_investor and monies and kinds[0] == "contribution":
            amounts = [monies[0]]
        chosen = (
            round_amounts[0] if round_amounts else (amounts[0] if amounts else None)
        )
        mention.amount = chosen
        mention.names_round = chosen is not None and chosen in round_amounts
        mention.round_total = chosen is not None and bool(
            lexicon.ROUND_TOTAL_BEFORE_RE.search(
                self.doc.text, max(start, chosen.start - 50), chosen.start
            )
        )
        if chosen is not None:
            mention.alternatives = [
                m.money
                for m in monies
                if m.start > chosen.end and m.start - chosen.end < 20
            ]
            parts = _parts_total(self.doc.text, amounts)
            if parts is not None:
                mention.alternatives.append(parts)
        if valuations:
            mention.valuation = valuations[0]
            mention.basis = money_roles.basis(
                sentence, money_roles.shift(valuations[0], -start)
            )
        elif len(amounts) > 1 and _POST_MONEY_RE.search(sentence):
            mention.valuation = amounts[1]
            mention.basis = "post"
        if stages:
            distinct = {s.value for s in stages}
            stage = stages[0]
            value = stage.value if len(distinct) == 1 else "unknown"
            mention.stage = StageSpan(
                value, stage.label, stage.start + start, stage.end + start
            )
        mention.leads = leads
        mention.participants = participants
        passing = lexicon.is_passing(sentence) or dates.older_year(
            sentence, self.doc.published
        )
        past_verb = mention.verb_span is not None and lexicon.PAST_RAISE_RE.fullmatch(
            self.doc.text[mention.verb_span[0] : mention.verb_span[1]]
        )
        status = lexicon.IN_PROGRESS_RE.search(sentence)
        if (
            status is None
            and mention.verb_span
            and sentence[mention.verb_span[0] - start :].startswith("wants")
        ):
            status = lexicon.RAISE_RE.search(sentence, mention.verb_span[0] - start)
        # "X is seeking more than the $17 billion it got in June": the earlier round is done
        if status and not (passing and past_verb):
            mention.in_progress = True
            mention.status_span = (status.start() + start, status.end() + start)
        # "..., bringing the round's total to $482m": the sentence tells the round's latest state
        older = dates.older_year(sentence, self.doc.published)
        mention.passing = (
            passing
            and not mention.in_progress
            and not (mention.round_total and not older)
        )
        mention.date, mention.date_span = dates.read_date(
            sentence, start, self.doc.published
        )
        mention.month = dates.read_month(sentence, start, self.doc.published)
        mention.targets = targets
        return mention

    def _company(
        self,
        index: int,
        sentence: str,
        start: int,
        monies: list[MoneySpan],
        stages: list[StageSpan],
        states_valuation: bool,
    ) -> tuple[Name | None, bool, bool]:
        """The funded company of a sentence, whether it was only a pronoun, whether a raise verb named it."""
        subject = self.doc.subject(index)
        relative_subject = (
            (subject[0], subject[1] - start, subject[2] - start) if subject else None
        )
        found = None
        strong = False
        for verb_start, verb_end in lexicon.raise_verbs(sentence):
            found = self.doc.known_company_before(
                sentence, verb_start
            ) or self._subject_of(sentence, verb_start, relative_subject)
            if (
                found is not None
                and found != clauses.FOCUS
                and lexicon.PERSON_APPOSITIVE_RE.match(sentence, found[2])
            ):
                # "Jane Doe, the company's chief executive, is seeking": a person, not the company
                found = None
                continue
            if (
                found is not None
                and found != clauses.FOCUS
                and not self.doc.could_be_company(
                    (found[0], found[1] + start, found[2] + start)
                )
            ):
                found = None
                continue
            if found is not None:
                strong = True
                self._verb_span = (verb_start + start, verb_end + start)
                break
        if found is None:
            possessive = lexicon.POSSESSIVE_RE.search(sentence)
            if possessive:
                found = clauses.name_of_possessor(possessive)
        if found is None:
            found = clauses.object_company(sentence)
        if found is None:
            copula = lexicon.COPULA_NAME_RE.search(sentence)
            if copula is not None:
                named = name_in_phrase(copula.group(1))
                if named is not None:
                    strong = True
                    found = (
                        named[0],
                        named[1] + copula.start(1),
                        named[2] + copula.start(1),
                    )
        if found is None:
            valued = lexicon.VALUED_SUBJECT_RE.search(sentence)
            if valued and is_valid_name(valued.group(1)):
                run = name_runs(valued.group(1))
                if run:
                    found = (
                        run[-1][0],
                        run[-1][1] + valued.start(1),
                        run[-1][2] + valued.start(1),
                    )
        # "Acme set a record with a $75m Series A round", "Acme is looking at a valuation of
        # $4bn" (a round sought): no raise verb, the subject is the company
        if (
            found is None
            and relative_subject is not None
            and (monies or stages)
            and (
                lexicon.STRONG_ROUND_RE.search(sentence)
                or (states_valuation and lexicon.IN_PROGRESS_RE.search(sentence))
            )
            and not lexicon.INVESTOR_SUBJECT_RE.search(sentence)
            and not lexicon.raise_verbs(sentence)
        ):
            found = relative_subject
        if (
            found is None
            and (monies or stages)
            and lexicon.ANAPHOR_RE.search(sentence)
            and lexicon.STRONG_ROUND_RE.search(sentence)
        ):
            found = clauses.FOCUS
        if found == clauses.FOCUS:
            return self._resolve_focus(index), True, strong
        if found is None:
            return None, False, False
        name = self.doc.without_opener(
            self.doc.as_the_body_names_it(
                (found[0], found[1] + start, found[2] + start)
            )
        )
        if not self.doc.could_be_company(name):
            return None, False, False
        if self.doc.is_investor(name[0]) or (
            lexicon.INVESTOR_WORDS_RE.search(name[0])
            and not self.doc.is_company(name[0])
        ):
            return None, False, False
        return name, False, strong

    def _resolve_focus(self, index: int) -> Name | None:
        # "The company" is the company the previous sentence was about, unless that was an
        # investor or a passing name; then the company of the last round, then the main one
        previous = self._previous_company(index)
        focus = self.discourse.focus
        if (
            previous is not None
            and self.doc.text.count(previous[0]) >= 2
            and not self.discourse.invests(previous[0])
            # ... unless a later sentence named the company a round is about
            and not (focus is not None and focus[1] > previous[1])
        ):
            best = previous
        elif self.discourse.focus is not None:
            return self.discourse.focus
        elif (salient := self.doc.salient_name()) is not None:
            best = salient
        else:
            return None
        self.discourse.focus = best
        return best

    def _previous_company(self, index: int) -> Name | None:
        previous = self.doc.previous_subject(index)
        if (
            previous is None
            or self.doc.is_investor(previous[0])
            or lexicon.INVESTOR_WORDS_RE.search(previous[0])
            or not self.doc.could_be_company(previous)
        ):
            return None
        return previous

    def _subject_of(
        self, sentence: str, verb_start: int, subject: Name | None
    ) -> Name | None:
        """The company doing the raising before a verb, or clauses.FOCUS for a pronoun."""
        passive = lexicon.PASSIVE_BY_RE.match(sentence, verb_start)
        if passive is not None:
            found = name_in_phrase(passive.group(1).lstrip("—–- "))
            if found is not None:
                return (
                    found[0],
                    found[1] + passive.start(1),
                    found[2] + passive.start(1),
                )
        left = sentence[:verb_start]
        owner = lexicon.ROUND_OWNER_RE.search(left)
        if owner is not None:
            return clauses.name_of_possessor(owner)
        dateline = lexicon.dateline(left)
        if dateline is not None:
            left = " " * dateline.end() + left[dateline.end() :]
        for _ in range(3):
            left = lexicon.TRAILING_AUX_RE.sub("", left)
            relative = lexicon.RELATIVE_END_RE.search(left)
            if relative is not None:
                return clauses.antecedent(left[: relative.start()])
            pronoun = lexicon.PRONOUN_END_RE.search(left)
            if pronoun is None:
                break
            before = left[: pronoun.start()]
            if before.rstrip().endswith(",") and pronoun.group(0)[:3].lower() == "the":
                # "Acme, the US code-review startup, has raised": an apposition, not a pronoun
                named = clauses.name_of_subject(before.rstrip(" ,"))
                if named is not None and named != clauses.FOCUS:
                    return named
            report = lexicon.REPORT_TAIL_RE.search(before)
            if report is None:
                if re.search(r"[,;]\s*(?:and|but)\s*$", before) and subject is not None:
                    return subject
                return clauses.FOCUS
            left = before[: report.start()]
        complementizers = list(lexicon.COMPLEMENTIZER_RE.finditer(left))
        if complementizers:
            tail_start = complementizers[-1].end()
            if not left[tail_start:].strip():
                # "Acme anunció que cerró una ronda": no subject after "que", Acme's own
                left = left[: complementizers[-1].start()]
                found = clauses.name_of_subject(left)
                return found if found is not None and found != clauses.FOCUS else None
            found = clauses.name_of_subject(left[tail_start:])
            return (
                (found[0], found[1] + tail_start, found[2] + tail_start)
                if found
                else None
            )
        if not left.strip():
            return None
        found = clauses.name_of_subject(left)
        if found is None and (
            _PRONOUN_LEFT_RE.match(left) or lexicon.DESCRIPTION_END_RE.search(left)
        ):
            return clauses.FOCUS
        return found
