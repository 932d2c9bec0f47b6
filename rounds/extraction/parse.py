"""Funding rounds in news text: ``extract_rounds(text, published=None)``.

The steps: split the text into sentences; read each sentence for a funding event (who raised,
how much, at what valuation, which round, who led and who joined, in talks or done); attach
sentences that only add investors or terms to the round they continue; merge mentions of one
round; keep only rounds with a named company and a concrete fact.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from rounds.extraction import clauses, cues, roles
from rounds.extraction.amounts import MoneySpan, find_money
from rounds.extraction.names import (
    Name,
    is_valid_name,
    name_in_phrase,
    name_runs,
    normalize_name,
)
from rounds.extraction.sentences import split_sentences
from rounds.extraction.stages import StageSpan, find_stages
from rounds.extraction.types import Evidence, Money, RoundCandidate

MAX_CHARS = 200_000
# A sentence without any of these cannot state a round, its terms or its investors
_KEYWORDS = (
    "$", "€", "£", "¥", "₹", "`", "million", "billion", "crore",
    "lakh", "round", "fund", "financ", "invest", "rais", "led by", "series", "seed", "valu",
    "runde", "secur", "close", "backe", "particip", "stake", "talks", "terms", "negotiat", "tranche",
    "millionen", "milliard", "eingesammelt", "bekommen", "kapital", "investor", "geldgeber", "mit dabei", "progress", "joined", "joins", "committed", "re-upped", "reupped",
)  # fmt: skip


@dataclass
class _Mention:
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
    in_progress: bool = False
    status_span: tuple[int, int] | None = None
    passing: bool = False
    date: datetime.date | None = None
    date_span: tuple[int, int] | None = None
    anaphoric: bool = False
    via_investor: bool = False
    names_round: bool = False
    verb_span: tuple[int, int] | None = None


@dataclass
class _Round:
    company: Name
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def amount(self) -> MoneySpan | None:
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


def extract_rounds(
    text: str,
    published: datetime.date | None = None,
    *,
    known_companies: tuple[str, ...] | list[str] = (),
    known_investors: tuple[str, ...] | list[str] = (),
) -> list[RoundCandidate]:
    """Funding-round candidates supported by ``text``, each value with its evidence span.

    ``known_companies`` and ``known_investors`` are names the database already holds: a
    company or investor named that way is recognised with more confidence.

    >>> [c.company for c in extract_rounds("Acme Robotics has raised $12 million in a Series A round led by Foo Ventures.")]
    ['Acme Robotics']
    >>> extract_rounds("")
    []
    """
    if not isinstance(text, str) or not text.strip() or _looks_binary(text):
        return []
    text = text[:MAX_CHARS]
    return _Reader(text, published, known_companies, known_investors).read()


class _Reader:
    """The state of reading one article: the rounds so far and whom the text is about."""

    def __init__(
        self,
        text: str,
        published: datetime.date | None,
        known_companies: tuple[str, ...] | list[str],
        known_investors: tuple[str, ...] | list[str],
    ) -> None:
        self.text = text
        self.published = published
        self.known_companies = {normalize_name(n) for n in known_companies}
        self.known_investors = {normalize_name(n) for n in known_investors}
        self.rounds: list[_Round] = []
        self.pending: list[_Mention] = []
        self.focus: Name | None = None
        self.sentences: list[tuple[int, int]] = []
        self.index = 0
        self.subjects: dict[int, Name | None] = {}
        self.targets: dict[int, str] = {}
        self.verb_span: tuple[int, int] | None = (
            None  # the raise verb that named the company
        )

    def read(self) -> list[RoundCandidate]:
        self.sentences = split_sentences(self.text)
        for index in range(len(self.sentences)):
            self._read_sentence(index)
        return self._candidates()

    def _salient_name(self, sentences: list[tuple[int, int]]) -> Name | None:
        # The company most sentences are about stands in for "the startup" when nothing else does
        counts: Counter[str] = Counter()
        first: dict[str, Name] = {}
        for index in range(min(40, len(sentences))):
            subject = self._subject_name(index)
            if subject is None or self._is_investor_name(subject[0]):
                continue
            key = normalize_name(subject[0])
            counts[key] += 1
            first.setdefault(key, subject)
        for key, count in counts.most_common(1):
            if count >= 2:
                return first[key]
        return None

    # Sentences

    def _subject(self, start: int, end: int) -> Name | None:
        if start not in self.subjects:
            self.subjects[start] = clauses.sentence_subject(self.text[start:end])
        return self.subjects[start]

    def _subject_name(self, index: int) -> Name | None:
        start, end = self.sentences[index]
        subject = self._subject(start, end)
        return (subject[0], subject[1] + start, subject[2] + start) if subject else None

    def _read_sentence(self, index: int) -> None:
        self.index = index
        start, end = self.sentences[index]
        sentence = self.text[start:end]
        lowered = sentence.lower()
        if any(keyword in lowered for keyword in _KEYWORDS):
            self._read_event(sentence, start, end)

    def _previous_subject(self) -> Name | None:
        for index in range(self.index - 1, max(-1, self.index - 6), -1):
            subject = self._subject_name(index)
            if subject is not None and not re.match(
                r"(?:it|they)\b", subject[0], re.IGNORECASE
            ):
                return subject
        return None

    def _read_event(self, sentence: str, start: int, end: int) -> None:
        # Roles are read within the sentence: a neighbour's "valuation" says nothing here
        local = find_money(sentence)
        total = bool(local) and cues.TOTAL_SENTENCE_RE.search(sentence) is not None
        kinds = roles.money_roles(sentence, local, total=total)
        monies = [roles.shift(m, start) for m in local]
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
                cues.EARLIER_ROLE_RE,
                sentence,
            )
        ]
        stages = [
            s
            for s in find_stages(sentence)
            if not cues.STAGE_AS_MODIFIER_RE.match(sentence, s.end)
            # "A, which led the seed round, returned": an earlier round's type
            and not any(a <= s.start and s.end <= b for a, b in earlier)
        ]
        if not (
            amounts or valuations or stages
        ) and not cues.INVESTOR_CONTEXT_RE.search(sentence):
            self._read_status_only(sentence, start)
            return
        if total and not amounts and not valuations:
            # "The startup raised $50 million in 18 months from A and B": history, not this round
            return
        has_raise = cues.RAISE_RE.search(sentence) is not None
        has_round = cues.ROUND_NOUN_RE.search(sentence) is not None
        if cues.NEGATIVE_SENTENCE_RE.search(sentence) and not (has_raise and has_round):
            return
        lowered = sentence.lower()
        if "secondary" in lowered and cues.SECONDARY_RE.search(sentence):
            return
        if cues.RUNNING_TOTAL_RE.search(sentence) and not (
            stages or cues.ROUND_NOUN_RE.search(sentence)
        ):
            # "Acme, which has raised $90 million from investors, said ...": a total, not a round
            return
        if "fund" in lowered and cues.FUND_RAISE_RE.search(sentence):
            return
        has_invest = cues.INVEST_RE.search(sentence) is not None
        leads, participants = self._investors(sentence, start)
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
            self._read_status_only(sentence, start)
            return

        self.verb_span = None
        company, anaphoric, strong = self._company(sentence, start, monies, stages)
        mention = _Mention(company=company, sentence=(start, end), anaphoric=anaphoric)
        if strong:
            mention.verb_span = self.verb_span
        mention.via_investor = (
            company is not None
            and not strong
            and bool(cues.INVESTOR_SUBJECT_RE.search(sentence))
        )
        if mention.via_investor and (
            round_amounts or cues.PART_OF_ROUND_RE.search(sentence)
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
        if chosen is not None:
            mention.alternatives = [
                m.money
                for m in monies
                if m.start > chosen.end and m.start - chosen.end < 20
            ]
        if valuations:
            mention.valuation = valuations[0]
            mention.basis = roles.basis(sentence, roles.shift(valuations[0], -start))
        elif len(amounts) > 1 and re.search(
            r"post-money|post-investment", sentence, re.IGNORECASE
        ):
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
        passing = cues.is_passing(sentence) or self._older_year(sentence)
        past_verb = mention.verb_span is not None and cues.PAST_RAISE_RE.fullmatch(
            self.text[mention.verb_span[0] : mention.verb_span[1]]
        )
        status = cues.IN_PROGRESS_RE.search(sentence)
        if (
            status is None
            and mention.verb_span
            and sentence[mention.verb_span[0] - start :].startswith("wants")
        ):
            status = cues.RAISE_RE.search(sentence, mention.verb_span[0] - start)
        # "X is seeking more than the $17 billion it got in June": the earlier round is done
        if status and not (passing and past_verb):
            mention.in_progress = True
            mention.status_span = (status.start() + start, status.end() + start)
        mention.passing = passing and not mention.in_progress
        mention.date, mention.date_span = self._date(sentence, start)
        self._add(mention, eventful=eventful, strong=strong)

    def _read_status_only(self, sentence: str, start: int) -> None:
        # "The terms could still change", "talks could close in two months": the current round
        if not self.rounds or not cues.STATUS_WORDS_RE.search(sentence):
            return
        status = cues.IN_PROGRESS_RE.search(sentence)
        if status is None or cues.is_passing(sentence):
            return
        target = self._current_round(passing=False)
        subject = self._subject_name(self.index)
        if subject is not None and not _same_company(
            subject[0], target.company[0] if target else ""
        ):
            return  # "Rival Acme is in talks for a round": another company's status
        if target is not None:
            mention = _Mention(
                company=None, sentence=(start, start + len(sentence)), in_progress=True
            )
            mention.status_span = (status.start() + start, status.end() + start)
            target.mentions.append(mention)

    def _company(
        self,
        sentence: str,
        start: int,
        monies: list[MoneySpan],
        stages: list[StageSpan],
    ) -> tuple[Name | None, bool, bool]:
        """The funded company of a sentence, whether it was only a pronoun, whether a raise verb named it."""
        subject = self._subject_name(self.index)
        relative_subject = (
            (subject[0], subject[1] - start, subject[2] - start) if subject else None
        )
        found = None
        strong = False
        for verb in cues.RAISE_RE.finditer(sentence):
            found = self._subject_of(sentence, verb.start(), relative_subject)
            if (
                found is not None
                and found != clauses.FOCUS
                and cues.PERSON_APPOSITIVE_RE.match(sentence, found[2])
            ):
                # "Jane Doe, the company's chief executive, is seeking": a person, not the company
                found = None
                continue
            if found is not None:
                strong = True
                self.verb_span = (verb.start() + start, verb.end() + start)
                break
        if found is None:
            possessive = cues.POSSESSIVE_RE.search(sentence)
            if possessive:
                found = clauses.name_of_possessor(possessive)
        if found is None:
            found = clauses.object_company(sentence)
        if found is None:
            valued = cues.VALUED_SUBJECT_RE.search(sentence)
            if valued and is_valid_name(valued.group(1)):
                run = name_runs(valued.group(1))
                if run:
                    found = (
                        run[-1][0],
                        run[-1][1] + valued.start(1),
                        run[-1][2] + valued.start(1),
                    )
        # "Acme set a record with a $75m Series A round": no raise verb, the subject is the company
        if (
            found is None
            and relative_subject is not None
            and (monies or stages)
            and cues.STRONG_ROUND_RE.search(sentence)
            and not cues.INVESTOR_SUBJECT_RE.search(sentence)
            and not cues.RAISE_RE.search(sentence)
        ):
            found = relative_subject
        if (
            found is None
            and (monies or stages)
            and cues.ANAPHOR_RE.search(sentence)
            and cues.STRONG_ROUND_RE.search(sentence)
        ):
            found = clauses.FOCUS
        if found == clauses.FOCUS:
            return self._resolve_focus(), True, strong
        if found is None:
            return None, False, False
        name = (found[0], found[1] + start, found[2] + start)
        if self._is_investor_name(name[0]) or (
            cues.INVESTOR_WORDS_RE.search(name[0])
            and normalize_name(name[0]) not in self.known_companies
        ):
            return None, False, False
        return name, False, strong

    def _resolve_focus(self) -> Name | None:
        # "The company" is the company the previous sentence was about, unless that was an
        # investor or a passing name; then the company of the last round, then the main one
        previous = self._previous_company()
        if (
            previous is not None
            and self.text.count(previous[0]) >= 2
            and not self._invests(previous[0])
        ):
            best = previous
        elif self.focus is not None:
            return self.focus
        elif (salient := self._salient_name(self.sentences)) is not None:
            best = salient
        else:
            return None
        self.focus = best
        return best

    def _invests(self, name: str) -> bool:
        return any(
            _same_company(name, investor[0])
            for found in self.rounds
            for mention in found.mentions
            for investor in (*mention.leads, *mention.participants)
        )

    def _previous_company(self) -> Name | None:
        previous = self._previous_subject()
        if (
            previous is None
            or self._is_investor_name(previous[0])
            or cues.INVESTOR_WORDS_RE.search(previous[0])
        ):
            return None
        return previous

    def _subject_of(
        self, sentence: str, verb_start: int, subject: Name | None
    ) -> Name | None:
        """The company doing the raising before a verb, or clauses.FOCUS for a pronoun."""
        passive = cues.PASSIVE_BY_RE.match(sentence, verb_start)
        if passive is not None:
            found = name_in_phrase(passive.group(1))
            if found is not None:
                return (
                    found[0],
                    found[1] + passive.start(1),
                    found[2] + passive.start(1),
                )
        left = cues.DATELINE_RE.sub(
            lambda m: " " * len(m.group(0)), sentence[:verb_start]
        )
        for _ in range(3):
            left = cues.TRAILING_AUX_RE.sub("", left)
            relative = cues.RELATIVE_END_RE.search(left)
            if relative is not None:
                return clauses.antecedent(left[: relative.start()])
            pronoun = cues.PRONOUN_END_RE.search(left)
            if pronoun is None:
                break
            before = left[: pronoun.start()]
            report = cues.REPORT_TAIL_RE.search(before)
            if report is None:
                if re.search(r"[,;]\s*(?:and|but)\s*$", before) and subject is not None:
                    return subject
                return clauses.FOCUS
            left = before[: report.start()]
        complementizers = list(cues.COMPLEMENTIZER_RE.finditer(left))
        if complementizers:
            tail_start = complementizers[-1].end()
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
            re.match(
                r"\s*(?:it|the\s(?:company|startup|firm))\b(?:[^,;]*\band|\s*,[^,]*,?)?\s*$",
                left,
                re.IGNORECASE,
            )
            or cues.DESCRIPTION_END_RE.search(left)
        ):
            return clauses.FOCUS
        return found

    def _investors(self, sentence: str, start: int) -> tuple[list[Name], list[Name]]:
        if not cues.INVESTOR_CONTEXT_RE.search(sentence):
            return [], []
        leads: list[Name] = []
        participants: list[Name] = []
        lowered = sentence.lower()
        for match in clauses.iter_if(
            "by " in lowered or "von " in lowered, cues.LEAD_BY_RE, sentence
        ):
            leads += clauses.shifted_list(sentence, match.end())
        for match in clauses.iter_if(
            "le" in lowered
            or "spearhead" in lowered
            or "anchor" in lowered
            or "exclusive" in lowered,
            cues.LEAD_SUBJECT_RE,
            sentence,
        ):
            left = clauses.clause_before(sentence, match.start())
            if re.search(r"\b(?:it|they)\s*$", left, re.IGNORECASE):
                previous = self._previous_subject()
                if previous is not None:
                    leads.append(
                        (previous[0], previous[1] - start, previous[2] - start)
                    )
                continue
            if cues.RELATIVE_ADVERB_END_RE.search(left):
                continue
            leads += clauses.shifted_list(
                sentence, match.start() - len(left), limit=len(left)
            )
        for match in clauses.iter_if(
            "lead" in lowered, cues.LEAD_INVESTOR_RE, sentence
        ):
            leads += clauses.shifted_list(sentence, match.end())[:1]
        for match in clauses.iter_if("lead" in lowered, cues.LEAD_AFTER_RE, sentence):
            left = clauses.clause_before(sentence, match.start())
            found = name_in_phrase(left)
            if found:
                offset = match.start() - len(left)
                leads.append((found[0], found[1] + offset, found[2] + offset))
        for match in clauses.iter_if(
            "angeführt" in lowered, cues.GERMAN_LEAD_RE, sentence
        ):
            group = 1 if match.group(1) else 2
            found = name_in_phrase(match.group(group))
            if found:
                offset = match.start(group)
                leads.append((found[0], found[1] + offset, found[2] + offset))
        for match in clauses.iter_if(
            "co-led" in lowered, cues.CO_LED_WITH_RE, sentence
        ):
            # "A co-led the round with B": B leads too
            leads += clauses.shifted_list(sentence, match.end())
        for match in clauses.iter_if("-led" in lowered, cues.LED_SUFFIX_RE, sentence):
            if is_valid_name(match.group(1)):
                leads.append((match.group(1), match.start(1), match.end(1)))
        if cues.IN_TALKS_RE.search(sentence) is None:
            for match in clauses.iter_if(
                ", with " in lowered, cues.LED_BY_WITH_RE, sentence
            ):
                participants += clauses.shifted_list(sentence, match.end())
            for match in cues.PARTICIPATION_RE.finditer(sentence):
                participants += clauses.shifted_list(sentence, match.end())
            for match in clauses.iter_if(
                "with " in lowered and "ing" in lowered,
                cues.WITH_PARTICIPATING_RE,
                sentence,
            ):
                participants += clauses.shifted_list(
                    sentence, match.start(1), limit=len(match.group(1))
                )
            for match in cues.PARTICIPATE_SUBJECT_RE.finditer(sentence):
                left = clauses.clause_before(sentence, match.start())
                if re.search(r"\b(?:it|they|which|who)\s*$", left, re.IGNORECASE):
                    continue
                named = clauses.shifted_list(
                    sentence, match.start() - len(left), limit=len(left)
                )
                target = cues.INVESTED_IN_RE.match(sentence, match.end())
                if target is not None:
                    # "A and B have invested in Parentco": investors of another company
                    for name in named:
                        self.targets[name[1] + start] = target.group(1)
                participants += named
            raise_verb = cues.RAISE_RE.search(sentence)
            if raise_verb:
                # "raised $5 million in seed funding from A and B": close to the verb
                for match in cues.FROM_RE.finditer(
                    sentence, raise_verb.end(), raise_verb.end() + 90
                ):
                    participants += clauses.shifted_list(sentence, match.end())
                    break
        if cues.SPECULATIVE_RE.search(sentence):
            leads = []
        return clauses.shift_names(_unique(leads), start), clauses.shift_names(
            _unique(participants), start
        )

    def _is_investor_name(self, name: str) -> bool:
        return normalize_name(name) in self.known_investors

    # Rounds

    def _add(self, mention: _Mention, *, eventful: bool, strong: bool) -> None:
        company = mention.company
        valuation_only = (
            mention.valuation is not None and mention.passing and not mention.anaphoric
        )
        stage_only = (
            mention.amount is None
            and mention.valuation is None
            and not (mention.leads or mention.participants)
        )
        creates = company is not None and (
            (eventful and (strong or not stage_only))
            or (strong and (mention.leads or mention.participants or mention.valuation))
            or valuation_only
        )
        if not creates:
            own = company and next(
                (
                    r
                    for r in reversed(self.rounds)
                    if _same_company(r.company[0], company[0])
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
        if existing is None and mention.via_investor and not mention.passing:
            # "B invested $30m in Acme" beside Acme's round: B's share of that round
            existing = next(
                (
                    r
                    for r in self.rounds
                    if not r.passing and _same_company(r.company[0], company[0])
                ),
                None,
            )
            if existing is not None:
                mention.amount = None
        if (
            existing is None
            and mention.amount is not None
            and cues.PART_OF_ROUND_RE.search(
                self.text[mention.sentence[0] : mention.sentence[1]]
            )
            and cues.TRANCHE_RE.search(
                self.text[mention.sentence[0] : mention.sentence[1]]
            )
        ):
            # "an initial $15m first tranche" of a round whose total the text gives
            existing = next(
                (
                    r
                    for r in self.rounds
                    if _same_company(r.company[0], company[0])
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
            return
        if (
            mention.amount is None
            and mention.stage is None
            and mention.valuation is None
        ) and not (mention.leads or mention.participants):
            return
        pending = self.pending if not mention.passing else []
        self.rounds.append(_Round(company=company, mentions=[*pending, mention]))
        if pending:
            self.pending = []

    def _attach(self, mention: _Mention, target: _Round | None = None) -> None:
        # A sentence that names no new round adds investors or terms to the round it continues
        target = target or self._current_round(passing=mention.passing)
        if target is None:
            if not self.rounds and len(self.pending) < 3 and not mention.passing:
                mention.amount = None
                self.pending.append(mention)
            return
        sentence = self.text[mention.sentence[0] : mention.sentence[1]]
        if mention.passing and not target.passing:
            mention.valuation = None
        if (
            mention.amount is not None
            and mention.names_round
            and target.amount is not None
            and mention.stage is None
            and cues.STRONG_ROUND_RE.search(sentence)
            and not any(roles.close(mention.amount.money, m) for m in target.monies())
        ):
            # "a $220 million round was led by X": another round of the company in focus
            mention.company = target.company
            mention.anaphoric = True
            self.rounds.append(_Round(company=target.company, mentions=[mention]))
            return
        # "Acme wants as much as $20 million": the figure of a round that had none
        states_amount = cues.RAISE_RE.search(sentence) or (
            mention.in_progress and target.mentions[0].in_progress
        )
        if mention.amount is not None and (
            target.amount is not None or not states_amount
        ):
            mention.amount = None
        if (
            mention.stage
            and mention.stage.value not in ("unknown", target.stage)
            and target.stage != "unknown"
        ):
            return
        target.mentions.append(mention)

    def _matching_round(self, mention: _Mention) -> _Round | None:
        assert mention.company is not None
        best = None
        stage = mention.stage.value if mention.stage else "unknown"
        for candidate in self.rounds:
            if not _same_company(candidate.company[0], mention.company[0]):
                continue
            if stage != "unknown" and candidate.stage not in ("unknown", stage):
                continue
            if mention.amount is not None and candidate.amount is not None:
                mine = [mention.amount.money, *mention.alternatives]
                if not any(roles.close(a, b) for a in mine for b in candidate.monies()):
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

    def _current_round(self, *, passing: bool) -> _Round | None:
        if not self.rounds:
            return None
        if not passing:
            for candidate in reversed(self.rounds):
                if not candidate.passing:
                    return candidate
        return self.rounds[-1]

    def _candidates(self) -> list[RoundCandidate]:
        candidates = []
        seen: set[str] = set()
        for found in self.rounds:
            candidate = self._candidate(found)
            if candidate is None or candidate.fingerprint in seen:
                continue
            seen.add(candidate.fingerprint)
            candidates.append(candidate)
        return candidates

    def _candidate(self, found: _Round) -> RoundCandidate | None:
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
        for mention in found.mentions:
            leads += mention.leads
            participants += mention.participants
        leads = [n for n in _unique(leads) if not _same_company(n[0], company[0])]
        participants = [
            n
            for n in _unique(participants)
            if not any(_same_company(n[0], lead[0]) for lead in leads)
            and not _is_company_itself(n[0], company[0])
            and _same_company(self.targets.get(n[1], company[0]), company[0])
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
            if self._in_headline(span):
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
                date = self.published
        money = amount.money if amount else None
        if amount is not None and self._in_headline(amount):
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
            0.1 * (normalize_name(company[0]) in self.known_companies)
            - 0.1 * found.mentions[0].anaphoric
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

    def _in_headline(self, span: MoneySpan) -> bool:
        # Headlines end without a full stop; the body then says "about" or "more than"
        line_end = self.text.find("\n", span.end)
        line = self.text[span.end : line_end if line_end >= 0 else len(self.text)]
        return not line.rstrip().endswith((".", "!", "?", '"', "”"))

    def _display_name(self, found: _Round) -> Name:
        # "Acme Market" and "Acme" name one company: show the form the text uses most
        names = [m.company for m in found.mentions if m.company is not None]
        names.append(found.company)
        counts = Counter(n[0] for n in names)
        best = max(
            names, key=lambda n: (counts[n[0]] + self.text.count(n[0]) / 100, -n[1])
        )
        return self._fuller_name(best, names)

    def _fuller_name(self, best: Name, names: list[Name]) -> Name:
        # "Lumo raises $5M" over a body about "Lumo Health": the body's fuller name
        words = best[0].split()
        headline_end = self.text.find("\n")
        if self.text[:headline_end].rstrip().endswith((".", "!", "?", '"', "”")):
            headline_end = -1  # the first line is a sentence of the body
        fuller = [
            n
            for n in (*names, *(s for s in self._subjects_found() if s is not None))
            if n[1] > headline_end
            and len(words) < len(n[0].split()) <= len(words) + 3
            and n[0].split()[: len(words)] == words
            and not self._is_investor_name(n[0])
            and not cues.INVESTOR_WORDS_RE.search(n[0])
            and not self._invests(n[0])
        ]
        if not fuller:
            return best
        # ... when the body introduces the company by it: "Lumo Health, a Berlin startup"
        first = re.search(
            rf"(?<![\w&.-]){re.escape(best[0])}(?![\w&-])",
            self.text[headline_end + 1 :],
        )
        if first is None:
            return best
        at = first.start() + headline_end + 1
        introduced = [n for n in fuller if self.text.startswith(n[0], at)]
        if not introduced:
            return best
        name = max(introduced, key=lambda n: len(n[0]))[0]
        return (name, at, at + len(name))

    def _subjects_found(self) -> list[Name | None]:
        """The subjects of the sentences read so far, at their places in the text."""
        return [
            (subject[0], subject[1] + start, subject[2] + start)
            if subject is not None
            else None
            for start, subject in self.subjects.items()
        ]

    # Dates

    def _date(
        self, sentence: str, start: int
    ) -> tuple[datetime.date | None, tuple[int, int] | None]:
        match = cues.DAY_RE.search(sentence)
        if match is None:
            return None, None
        span = (match.start() + start, match.end() + start)
        if match.group(2):
            # A day and month without a year take the article's year
            year = match.group(4) or (self.published and self.published.year)
            month = cues.MONTHS.index(match.group(2).lower()) + 1
            try:
                return (
                    (datetime.date(int(year), month, int(match.group(3))), span)
                    if year
                    else (None, None)
                )
            except ValueError:
                return None, None
        if self.published is None:
            return None, None
        if match.group(5):
            day = int(match.group(5))
            if 1 <= day <= self.published.day:
                return self.published.replace(day=day), span
            return None, None
        word = match.group(1).lower()
        if word == "today":
            return self.published, span
        if word == "yesterday":
            back = 1
        else:
            back = (self.published.weekday() - cues.WEEKDAYS.index(word)) % 7
        try:
            return self.published - datetime.timedelta(days=back), span
        except OverflowError:
            # A feed's zero date (0001-01-01) has no day before it:
            return None, None

    def _older_year(self, sentence: str) -> bool:
        if self.published is None:
            return False
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", sentence)]
        return any(y < self.published.year for y in years)


# Names


def _with_qualifier(money: Money, others: list[Money]) -> Money:
    # A headline drops "about" or "more than"; the body's qualified figure is the better reading
    if money.qualifier != "exact":
        return money
    for other in others:
        if (
            other.qualifier != "exact"
            and other.high is None
            and roles.close(money, other)
        ):
            return dataclasses.replace(money, qualifier=other.qualifier)
    return money


def _same_company(a: str, b: str) -> bool:
    """Whether two names can be one company: "Acme" and "Acme Robotics Inc.", "Lumo" and
    "Market Lumo", "Vexa" and "Shanghai Vexa Intelligent Technology Co."."""
    x, y = normalize_name(a).split(), normalize_name(b).split()
    if not x or not y:
        return False
    shorter = min(len(x), len(y))
    if x[:shorter] == y[:shorter] or x[-shorter:] == y[-shorter:]:
        return True
    # A distinctive one-word name inside a longer formal name
    short, long = (x, y) if len(x) < len(y) else (y, x)
    return len(short) == 1 and len(short[0]) >= 4 and short[0] in long


def _is_company_itself(investor: str, company: str) -> bool:
    # A parent such as "Acme Holdings" backing "Acme" is an investor, not the company itself
    x, y = normalize_name(investor).split(), normalize_name(company).split()
    return x == y or (len(x) > 1 and len(y) > 1 and _same_company(investor, company))


def _unique(names: list[Name]) -> list[Name]:
    result: list[Name] = []
    for name in names:
        if not any(_same_company(name[0], kept[0]) for kept in result):
            result.append(name)
    return result


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    control = sum(
        1 for ch in sample if (ch < " " and ch not in "\n\r\t") or ch == "\ufffd"
    )
    return control > len(sample) // 20
