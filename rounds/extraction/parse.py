"""Funding rounds in news text: ``extract_rounds(text, published=None)``.

The steps: split the text into sentences; read each sentence for a funding event (who raised,
how much, at what valuation, which round, who led and who joined, in talks or done); attach
sentences that only add investors or terms to the round they continue; merge mentions of one
round; keep only rounds with a named company and a concrete fact.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from rounds.extraction.amounts import MoneySpan, find_money
from rounds.extraction.names import (
    Name,
    is_valid_name,
    name_in_phrase,
    name_runs,
    names_in_list,
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
    "millionen", "milliard", "eingesammelt", "bekommen", "kapital", "investor", "geldgeber", "progress", "joined", "joins", "committed",
)  # fmt: skip
_FOCUS = (
    "",
    -1,
    -1,
)  # a pronoun or a description that means the company the text is about

_RAISE_VERB = (
    r"raises|raised|raising|raise|secures|secured|securing|(?-i:secure)|closes|closed|lands|landed|bags|bagged|"
    r"pockets|pocketed|snaps(?:\sup)?|snapped(?:\sup)?|nabs|nabbed|gets|got|receives|received|"
    r"attracts|attracted|draws|drew|drawn|picks\sup|picked\sup|obtains|obtained|seals|sealed|"
    r"completes|completed|scores|scored|collects|collected|garners|garnered|rakes\sin|raked\sin|"
    r"hauls|hauled|seeks|seeking|sought|eyes|eyeing|mops\sup|mopped\sup|accepts|accepted|"
    r"announce[sd]?(?=(?:\s[\w’'$€£.,-]+){0,6}?\s(?:round|funding|financing|closing|close|completion|series|seed|\$|€|£))|"
    r"eingesammelt|einsammeln|sammelt|bekommen|bekommt|erhalten|erhält|abgeschlossen|anstrebt|strebt"
)
_RAISE_RE = re.compile(rf"\b(?:{_RAISE_VERB})\b", re.IGNORECASE)
_ROUND_NOUN_RE = re.compile(
    r"\b(?:round|funding|financing|fundraise|fundraising|fund-raising|investment|backing|"
    r"tranche|close|Finanzierungsrunde|Finanzierung|Runde|[\w-]+-Runde|Investment)\b",
    re.IGNORECASE,
)
_STRONG_ROUND_RE = re.compile(
    r"\b(?:round|Runde|[\w-]+-Runde|Finanzierungsrunde)\b", re.IGNORECASE
)
_INVEST_RE = re.compile(
    r"\b(?:led|leads|leading|co-led|co-leads|co-leading|spearheaded|spearheading|anchored|invest|"
    r"invested|invests|investing|participated|participates|joined|joins|backed|backs|committed|"
    r"took\spart|takes\spart|contributed|pumped|injected|poured|put\sin|agreed\sto\s(?:invest|inject|pump))\b",
    re.IGNORECASE,
)
_INVESTOR_SUBJECT_RE = re.compile(
    r"\b(?:led|co-led|leads|leading|spearheaded|anchored|invested|invests|participated|joined|joins|backed|backs|committed|put\sin|contributed)\b(?!\s+by)"
)
_TARGET_RE = re.compile(r"\b(?:in|into|for)\s+", re.IGNORECASE)
_NP_END_RE = re.compile(
    r"[,.;:()]|\s(?:at|to|that|which|who|with|as|from|by|on|after|boosting|valuing|in\s(?:a|an|the|its|\d)|for\s(?:a|an|the|its))(?=\s)|\s[-–—]\s"
)
_REPORTING = r"said|says|announced|announces|told|tells|confirmed|confirms|disclosed|revealed|stated|added|reported|mitteilte|teilte"
_REPORT_TAIL_RE = re.compile(
    rf"\b(?:{_REPORTING})\b[^.;]{{0,60}}?\s*(?:that\s*)?$", re.IGNORECASE
)
_TRAILING_AUX_RE = re.compile(
    r"(?:[\s,]*\b(?:has|have|had|is|are|was|were|will|would|also|now|just|recently|reportedly|"
    r"successfully|finally|already|officially|today|yesterday|earlier|then|again|first|jointly|quietly|"
    r"on\s(?:mon|tues|wednes|thurs|fri|satur|sun)day|in\sa\sstatement|last\s(?:week|month)|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|hat|haben|offenbar|zumindest)\b)+[\s,]*$",
    re.IGNORECASE,
)
_PRONOUN_END_RE = re.compile(
    r"\b(?:it|they|we|the\s(?:[\w-]+\s){0,4}?(?:company|startup|start-up|firm|business|platform|retailer|maker|developer|group|outfit|aggregator|provider|operator|app))\s*$",
    re.IGNORECASE,
)
_PASSIVE_BY_RE = re.compile(
    r"\w+\s+by\s+([A-Z][^,.;]{0,60}?)(?=\s(?:is|was|has|were|are)\b|[,.;]|$)"
)
_DESCRIPTION_END_RE = re.compile(
    r"(?:^|[,.]\s*)[A-Za-z-]+(?:\s[a-z-]+){0,4}\s(?:startup|start-up|company|firm|platform|app|maker|developer|provider|operator|marketplace|retailer|lender|fintech|biotech)\s*$"
)
_RELATIVE_END_RE = re.compile(r"\b(?:which|that|who)\s*$", re.IGNORECASE)
_COMPLEMENTIZER_RE = re.compile(
    rf"\b(?:(?:{_REPORTING})\b[^.;,]{{0,40}}?\sthat|dass)\b,?\s*", re.IGNORECASE
)
_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z .,]{2,40}\s?[-–—:]+\s|.{0,30}?\([A-Z][A-Za-z ]{1,20}\)\s*[-–—]+\s*)"
)
_LEADING_ADVERBIAL_RE = re.compile(
    r"^(?:led\sby|backed\sby|in|on|at|last|earlier|later|according|after|before|since|despite|following|today|"
    r"yesterday|the\ssame|meanwhile|also|this|as|with|amid|over|during|separately|elsewhere|now|to|"
    r"a\s(?:month|year|week|day|couple)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s\d)\b",
    re.IGNORECASE,
)
# "Revving up its push, Acme ...": an opening participle clause is not the subject
_OPENING_CLAUSE_RE = re.compile(
    r"^[A-Z][a-z]{2,}ing\s(?=[^A-Z]*$)(?:up|on|off|out|down|into|[a-z]+(?:ed|ing|s)?\s[a-z])"
)
_DESCRIPTOR_NAME_RE = re.compile(
    r"\b(?:startup|start-up|company|firm|platform|app|maker|developer|provider|operator|marketplace|service|"
    r"specialist|manufacturer|retailer|lender|fintech|biotech|unicorn)\s+[A-Za-z]"
)
_OWNER_RE = re.compile(r"^\s*(?:which|that)\s(?:runs|operates|owns)\s", re.IGNORECASE)
_POSSESSIVE_RE = re.compile(
    r"([A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*){0,3})['’]s\s+(?:[\w$€£.,-]+\s+){0,4}?(?:round|funding|fundraise|fundraising|financing|series\s[A-Z])\b"
)
_VALUED_SUBJECT_RE = re.compile(
    r"([A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*){0,3})\s(?:was|is|has\sbeen|had\sbeen)\s(?:\w+\s)?valued\b"
)

_LEAD_BY_RE = re.compile(
    r"\b(?:co-?led|jointly\sled|led|spearheaded|anchored|headed)\s+(?:jointly\s+)?by\s+",
    re.IGNORECASE,
)
_LEAD_SUBJECT_RE = re.compile(
    r"(?<!-)\b(?:led|co-led|co-leads|spearheaded|anchored|leads|is\s(?:co-)?leading|are\s(?:co-)?leading|"
    r"will\slead|is\sset\sto\slead|is\slooking\sto\slead|are\slooking\sto\slead|has\sled|have\sled)\b(?!\s+by)"
)
_LEAD_INVESTOR_RE = re.compile(
    r"(?<!round\s)\blead\sinvestors?\s+(?:is\s+|was\s+|were\s+|are\s+)?|\bLeadinvestor\s(?:der\s[\w-]+\s)?ist\s+"
)
_LEAD_AFTER_RE = re.compile(
    r"\s(?:identified\s)?as\s(?:the\s)?(?:sole\s)?lead\sinvestors?|\s(?:was|is)\sthe\slead\sinvestor"
)
_GERMAN_LEAD_RE = re.compile(
    r"\bvo(?:m|n\sder|n)\s+([^.]{0,80}?)\s+angeführt|[Aa]ngeführt\s(?:wird|wurde)\s(?:die\s)?(?:\w+\s)?[\w-]*Runde\svon\s+([^.,]{0,80})"
)
_LED_SUFFIX_RE = re.compile(r"([A-Z][\w.&]*(?:\s[A-Z][\w.&]*){0,3})-led\b")
_PARTICIPATION_RE = re.compile(
    r"\b(?:with\s(?:the\s)?participation\s(?:from|of|by)|participation\sfrom|"
    r"(?:participated|joined|invested|took\spart|co-invested)\b[^.;]{0,60}?\s(?:together\swith|alongside|as\swell\sas)|"
    r"among\sthe\sparticipants\s(?:were|are)|(?:other\s|co-?)investors\s(?:in\s(?:the|this)\s(?:\w+\s)?round\s)?(?:include|included|includes|were|are)|"
    r"investors\sin\s(?:the|this)\s(?:\w+\s)?round\s(?:include|included|includes|were|are)|"
    r"(?:round|financing|funding|close)\s(?:also\s)?(?:included|includes|featured|features|drew|attracted)(?:\sinvestors)?|"
    r"beteiligten\ssich|investierten(?:\sunter\sanderem)?|Bestandsinvestoren|kommt\svon|(?-i:^INVESTORS?)|^investors?\s*:|"
    r"(?-i:^Investors)\s(?:in\sthe\sround\s)?(?:include|included|are|were))\s*[-–:]?\s*",
    re.IGNORECASE,
)
_PARTICIPATE_SUBJECT_RE = re.compile(
    r"\b(?:also\s)?(?:participated|participate|participates|joined|joins|took\spart|invested|"
    r"contributed|committed|chipped\sin|came\sin|put\sin|poured\sin|agreed\sto\s(?:invest|inject|pump))\b"
)
_WITH_PARTICIPATING_RE = re.compile(
    r"\bwith\s([A-Z][^.;]{0,150}?)\s(?:also\s)?(?:participating|joining|investing)\b"
)
_INVESTED_IN_RE = re.compile(r"\s+(?:in|into)\s+([A-Z][\w.-]*(?:\s[A-Z][\w.-]*){0,3})")
_FROM_RE = re.compile(r"\bfrom\s+", re.IGNORECASE)
_INVESTOR_CONTEXT_RE = re.compile(
    r"\b(?:round|funding|financing|investment|invest\w*|investors?|particip\w*|joined|series|seed|backers?|rais\w*|close|tranche|committed|commit|Kapital|Geldgeber|beteilig\w*|Runde|\w+-Runde)\b",
    re.IGNORECASE,
)

_IN_PROGRESS_RE = re.compile(
    r"\b(?:in\s(?:advanced\s|final\s|early\s)?(?:talks|discussions|negotiations)|in\sthe\s(?:final\s)?stages?\sof|is\sraising|are\sraising|"
    r"is\sseeking|seeks|seeking|is\slooking\sto|are\slooking\sto|looking\sto\sraise|plans\sto\sraise|planning\sto\sraise|"
    r"announced\splans|is\sset\sto|set\sto\sraise|aims\sto\sraise|in\sthe\sprocess\sof|is\s(?:co-)?leading|are\s(?:co-)?leading|"
    r"could\sstill\schange|remains\sin\sprogress|is\sin\sprogress|has\sa\starget|target\ssize|is\sexpected\sto\sclose|"
    r"eyes|eyeing|anstrebt|strebt|möchte|will\sraise|would\sraise|is\splanning)\b",
    re.IGNORECASE,
)
_IN_TALKS_RE = re.compile(
    r"\b(?:in\s(?:advanced\s|final\s)?talks|looking\sto\sraise|seeking|seeks|is\sin\sdiscussions?|potential|possible|"
    r"considering|may\sparticipate|planning|plans\sto|sought|failed|fell\sthrough)\b",
    re.IGNORECASE,
)
_PASSING_RE = re.compile(
    r"\b(?:(?<!\bit\s)had\s(?:raised|secured|closed|received|bagged|landed)|previously|earlier|last\s(?:year|raised|round|month|funding)|previous|prior|"
    r"in\s(?:19|20)\d\d|since\sits|ago|in\srecent\smonths|later|the\ssame\smonth|"
    r"in\s(?:january|february|march|april|may|june|july|august|september|october|november|december)\b)",
    re.IGNORECASE,
)
_SPECULATIVE_RE = re.compile(
    r"\b(?:could|might|may)\s(?:co-)?lead\b|\bpotential\sinvestors?\b", re.IGNORECASE
)
_EXCLUDED_BEFORE_RE = re.compile(
    r"(?:revenues?|sales|loss|losses|profit|income|turnover|GMV|deposits|advances|net\sworth|share\scapital|"
    r"market\scap|price|priced|burn|spend|acquired|acquire|acquisition|bought|buying|buy|sold|sell|buyout|"
    r"takeover|IPO|listing|fund\sof|total\sfund\scount\sto|Umsatz|Gesamtfinanzierung|insgesamt|combined|"
    r"bought\sback|total\ssum|total(?:\sraised|\sfunding|\scapital)?\sto|brings?\s\S+\stotal|closed\s(?:its|their)\s(?:\w+\s)?fund\sat)\b[^$€£¥₹`\d]{0,40}$",
    re.IGNORECASE,
)
_EXCLUDED_AFTER_RE = re.compile(
    r"^\s*(?:\([^)]{0,30}\)\s*)?(?:in\s(?:annual\s)?(?:revenue|revenues|sales|orders|losses|gmv|deposits)|of\s(?:revenue|sales)|revenue|"
    r"(?:[\w-]+\s){0,2}funds?\b|(?:[\w-]+\s){0,4}(?:to\sdate|so\sfar)|since\s(?:its\s)?(?:founding|inception|launch)|"
    r"each|per\sshare|a\sshare|apiece|worth\sof|in\s(?:the\s)?bank|in\scapital\sexpenditure)",
    re.IGNORECASE,
)
_TOTAL_SENTENCE_RE = re.compile(
    r"\b(?:globally|worldwide|(?:raised|received|secured)\b[^.;]{0,60}\b(?:to\sdate|so\sfar)|including\sa\stotal\sof|including\sthis\s(?:funding\s)?round|in\stotal\sfunding|total\sfunding|since\s(?:its\s)?(?:founding|inception|launch)|seit\sder\sgründung|bislang\sinsgesamt|in\sthe\spast\s\w+\syears)\b",
    re.IGNORECASE,
)
_VALUATION_BEFORE_RE = re.compile(
    r"(?:valuation|valued|valuing|values?|Bewertung|bewertet|(?:is|was|be|now)\sworth)\b[^$€£¥₹`]{0,45}$",
    re.IGNORECASE,
)
_VALUATION_AFTER_RE = re.compile(
    r"^\s*(?:\([^)]{0,30}\)\s*)?(?:post-money\s|pre-money\s|post-investment\s)?(?:valuation|Bewertung)|"
    r"^\s*(?:it|the\scompany|the\sstartup|the\sfirm)?\s*(?:was|is|were)\s(?:reportedly\s)?(?:worth|valued)",
    re.IGNORECASE,
)
_ROUND_AMOUNT_BEFORE_RE = re.compile(
    r"(?:round|financing|funding|raise|target(?:\ssize)?|investment|tranche)\s(?:of|worth|sized\sat|totall?ing)\s*$",
    re.IGNORECASE,
)
_ROUND_AMOUNT_AFTER_RE = re.compile(
    r"^\s*(?:\([^)]{0,30}\)\s*)?(?:[\w-]+\s){0,2}(?:round|funding|financing|investment|series|seed|Finanzierungsrunde)",
    re.IGNORECASE,
)
_CONTRIBUTION_BEFORE_RE = re.compile(
    r"\b(?:invested|invest|inject|injected|pump\sin|put\sin|infusion\sof|contributed|with)\s*$",
    re.IGNORECASE,
)
_QUALIFIER_TAIL_RE = re.compile(
    r"(?:at\sleast|more\sthan|over|about|around|up\sto|nearly|roughly|approximately|some|almost|just\sunder)\s*$",
    re.IGNORECASE,
)
_CONVERSION_RE = re.compile(
    r"\b(?:umgerechnet|converted|equivalent\sto)\s*$", re.IGNORECASE
)
_ALTERNATIVE_GAP_RE = re.compile(
    r"\s*(?:\(\s*(?:approximately|approx\.|about|around|roughly|or|~|i\.e\.)?\s*|,?\s*or\s*)"
)
_BASIS_POST_RE = re.compile(
    r"post[-\s]money|post-investment|including\sthe\snew\smoney", re.IGNORECASE
)
_BASIS_PRE_RE = re.compile(
    r"pre[-\s]money|before\sthe\sinvestment|excluding\sthe\snew\smoney", re.IGNORECASE
)
_NEGATIVE_SENTENCE_RE = re.compile(
    r"\b(?:initial\spublic\soffering|went\spublic|market\sdebut|stock\s(?:rose|fell|jumped)|acquires|acquired|"
    r"buyout|takeover|layoffs?|lay\soff|buy\sback|bought\sback|secondary\s(?:stake|share|sale|transaction)|"
    r"agreed\sto\s(?:buy|acquire)|to\sacquire|acquisition\sof|merger\swith|(?<!pre-)IPO)\b",
    re.IGNORECASE,
)
_STAGE_AS_MODIFIER_RE = re.compile(
    r"\s*(?:round\s+)?(?:lead\s+)?investors?\b", re.IGNORECASE
)
_PART_OF_ROUND_RE = re.compile(r"\b(?:round|tranche|part\sof|Runde)\b", re.IGNORECASE)
_SECONDARY_RE = re.compile(
    r"\bsecondary\s(?:stake|share|sale|transaction|deal)", re.IGNORECASE
)
_FUND_RAISE_RE = re.compile(
    r"\b(?:closed|launched|launches|raised|raises|creates|created|announced)\s(?:(?:its|their|a|an|the)\s)?(?:new\s|first\s|second\s|third\s|debut\s)?(?:[\w$€£.-]+\s){0,3}fund\b",
    re.IGNORECASE,
)
_STATUS_WORDS_RE = re.compile(
    r"\b(?:round|funding|financing|fundraise|fundraising|terms|talks|negotiations|deal)\b",
    re.IGNORECASE,
)
_ANAPHOR_RE = re.compile(
    r"\b(?:the\s(?:company|startup|start-up|firm|business)|it|its)\b", re.IGNORECASE
)
_WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DAY_RE = re.compile(
    r"\b(?:on\s)?(today|yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|"
    r"\b("
    + "|".join(_MONTHS)
    + r")\s(\d{1,2}),?\s(\d{4})\b|\bon\sthe\s(\d{1,2})(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)
_NAME_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "corp",
        "corporation",
        "co",
        "holding",
        "holdings",
        "group",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "bv",
        "nv",
        "pvt",
        "the",
    ]
)
_INVESTOR_WORDS_RE = re.compile(
    r"\b(?:Fund|Ventures|Capital\sPartners|Investors|Fonds)$"
)


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
        self.known_companies = {_key(n) for n in known_companies}
        self.known_investors = {_key(n) for n in known_investors}
        self.rounds: list[_Round] = []
        self.pending: list[_Mention] = []
        self.focus: Name | None = None
        self.sentences: list[tuple[int, int]] = []
        self.index = 0

        self.subjects: dict[int, Name | None] = {}
        self.targets: dict[int, str] = {}

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
            key = _key(subject[0])
            counts[key] += 1
            first.setdefault(key, subject)
        for key, count in counts.most_common(1):
            if count >= 2:
                return first[key]
        return None

    # Sentences

    def _subject(self, start: int, end: int) -> Name | None:
        if start not in self.subjects:
            self.subjects[start] = _sentence_subject(self.text[start:end])
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
            self._read_event(sentence, start, end, self._subject_name(index))

    def _previous_subject(self) -> Name | None:
        for index in range(self.index - 1, max(-1, self.index - 6), -1):
            subject = self._subject_name(index)
            if subject is not None and not re.match(
                r"(?:it|they)\b", subject[0], re.IGNORECASE
            ):
                return subject
        return None

    def _read_event(
        self, sentence: str, start: int, end: int, subject: Name | None
    ) -> None:
        has_raise = _RAISE_RE.search(sentence) is not None
        has_round = _ROUND_NOUN_RE.search(sentence) is not None
        if _NEGATIVE_SENTENCE_RE.search(sentence) and not (has_raise and has_round):
            return
        if _SECONDARY_RE.search(sentence):
            return
        if _FUND_RAISE_RE.search(sentence):
            return
        monies = [_shift(m, start) for m in find_money(sentence)]
        roles = _money_roles(
            self.text, monies, total=_TOTAL_SENTENCE_RE.search(sentence) is not None
        )
        amounts = [
            m
            for m, role in zip(monies, roles, strict=True)
            if role in ("amount", "round_amount")
        ]
        round_amounts = [
            m for m, role in zip(monies, roles, strict=True) if role == "round_amount"
        ]
        valuations = [
            m for m, role in zip(monies, roles, strict=True) if role == "valuation"
        ]
        stages = [
            s
            for s in find_stages(sentence)
            if not _STAGE_AS_MODIFIER_RE.match(sentence, s.end)
        ]
        has_invest = _INVEST_RE.search(sentence) is not None
        leads, participants = self._investors(sentence, start)
        eventful = bool(amounts or stages) and (has_raise or has_round or has_invest)
        if not eventful and not leads and not participants and not valuations:
            self._read_status_only(sentence, start)
            return

        company, anaphoric, strong = self._company(
            sentence, start, subject, monies, stages
        )
        mention = _Mention(company=company, sentence=(start, end), anaphoric=anaphoric)
        if strong and (verb := _RAISE_RE.search(sentence)) is not None:
            mention.verb_span = (verb.start() + start, verb.end() + start)
        mention.via_investor = (
            company is not None
            and not strong
            and bool(_INVESTOR_SUBJECT_RE.search(sentence))
        )
        if mention.via_investor and (
            round_amounts or _PART_OF_ROUND_RE.search(sentence)
        ):
            # "A invested $10m in Acme as part of a $50m round": the investor's cheque is not the round
            amounts = round_amounts
        elif mention.via_investor and monies and roles[0] == "contribution":
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
            mention.basis = _basis(self.text, valuations[0])
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
        status = _IN_PROGRESS_RE.search(sentence)
        if status:
            mention.in_progress = True
            mention.status_span = (status.start() + start, status.end() + start)
        mention.passing = not mention.in_progress and (
            bool(_PASSING_RE.search(sentence)) or self._older_year(sentence)
        )
        mention.date, mention.date_span = self._date(sentence, start)
        self._add(mention, eventful=eventful, strong=strong)

    def _read_status_only(self, sentence: str, start: int) -> None:
        # "The terms could still change", "talks could close in two months": the current round
        if not self.rounds or not _STATUS_WORDS_RE.search(sentence):
            return
        status = _IN_PROGRESS_RE.search(sentence)
        if status is None or _PASSING_RE.search(sentence):
            return
        target = self._current_round(passing=False)
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
        subject: Name | None,
        monies: list[MoneySpan],
        stages: list[StageSpan],
    ) -> tuple[Name | None, bool, bool]:
        """The funded company of a sentence, whether it was only a pronoun, whether a raise verb named it."""
        relative_subject = (
            (subject[0], subject[1] - start, subject[2] - start) if subject else None
        )
        found = None
        strong = False
        for verb in _RAISE_RE.finditer(sentence):
            found = self._subject_of(sentence, verb.start(), relative_subject)
            if found is not None:
                strong = True
                break
        if found is None:
            possessive = _POSSESSIVE_RE.search(sentence)
            if possessive:
                found = _name_of_possessor(possessive)
        if found is None:
            found = _object_company(sentence)
        if found is None:
            valued = _VALUED_SUBJECT_RE.search(sentence)
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
            and _STRONG_ROUND_RE.search(sentence)
            and not _INVESTOR_SUBJECT_RE.search(sentence)
            and not _RAISE_RE.search(sentence)
        ):
            found = relative_subject
        if (
            found is None
            and (monies or stages)
            and _ANAPHOR_RE.search(sentence)
            and _STRONG_ROUND_RE.search(sentence)
        ):
            found = _FOCUS
        if found == _FOCUS:
            return self._resolve_focus(), True, strong
        if found is None:
            return None, False, False
        name = (found[0], found[1] + start, found[2] + start)
        if self._is_investor_name(name[0]) or (
            _INVESTOR_WORDS_RE.search(name[0])
            and _key(name[0]) not in self.known_companies
        ):
            return None, False, False
        return name, False, strong

    def _resolve_focus(self) -> Name | None:
        if self.focus is not None:
            return self.focus
        previous = self._previous_company()
        if previous is not None and self.text.count(previous[0]) >= 2:
            best = previous
        elif (salient := self._salient_name(self.sentences)) is not None:
            best = salient
        else:
            return None
        self.focus = best
        return best

    def _previous_company(self) -> Name | None:
        previous = self._previous_subject()
        if (
            previous is None
            or self._is_investor_name(previous[0])
            or _INVESTOR_WORDS_RE.search(previous[0])
        ):
            return None
        return previous

    def _subject_of(
        self, sentence: str, verb_start: int, subject: Name | None
    ) -> Name | None:
        """The company doing the raising before a verb, or _FOCUS for a pronoun."""
        passive = _PASSIVE_BY_RE.match(sentence, verb_start)
        if passive is not None:
            found = name_in_phrase(passive.group(1))
            if found is not None:
                return (
                    found[0],
                    found[1] + passive.start(1),
                    found[2] + passive.start(1),
                )
        left = _DATELINE_RE.sub(lambda m: " " * len(m.group(0)), sentence[:verb_start])
        for _ in range(3):
            left = _TRAILING_AUX_RE.sub("", left)
            relative = _RELATIVE_END_RE.search(left)
            if relative is not None:
                return _antecedent(left[: relative.start()])
            pronoun = _PRONOUN_END_RE.search(left)
            if pronoun is None:
                break
            before = left[: pronoun.start()]
            report = _REPORT_TAIL_RE.search(before)
            if report is None:
                if re.search(r"[,;]\s*(?:and|but)\s*$", before) and subject is not None:
                    return subject
                return _FOCUS
            left = before[: report.start()]
        complementizers = list(_COMPLEMENTIZER_RE.finditer(left))
        if complementizers:
            tail_start = complementizers[-1].end()
            found = _name_of_subject(left[tail_start:])
            return (
                (found[0], found[1] + tail_start, found[2] + tail_start)
                if found
                else None
            )
        if not left.strip():
            return None
        found = _name_of_subject(left)
        if found is None and (
            re.match(
                r"\s*(?:it|the\s(?:company|startup|firm))\b(?:[^,;]*\band|\s*,[^,]*,?)?\s*$",
                left,
                re.IGNORECASE,
            )
            or _DESCRIPTION_END_RE.search(left)
        ):
            return _FOCUS
        return found

    def _investors(self, sentence: str, start: int) -> tuple[list[Name], list[Name]]:
        if not _INVESTOR_CONTEXT_RE.search(sentence):
            return [], []
        leads: list[Name] = []
        participants: list[Name] = []
        lowered = sentence.lower()
        for match in _iter_if("by " in lowered, _LEAD_BY_RE, sentence):
            leads += _shifted_list(sentence, match.end())
        for match in _iter_if(
            "le" in lowered or "spearhead" in lowered or "anchor" in lowered,
            _LEAD_SUBJECT_RE,
            sentence,
        ):
            left = _clause_before(sentence, match.start())
            if re.search(r"\b(?:it|they)\s*$", left, re.IGNORECASE):
                previous = self._previous_subject()
                if previous is not None:
                    leads.append(
                        (previous[0], previous[1] - start, previous[2] - start)
                    )
                continue
            if _RELATIVE_END_RE.search(left):
                continue
            leads += _shifted_list(sentence, match.start() - len(left), limit=len(left))
        for match in _iter_if("lead" in lowered, _LEAD_INVESTOR_RE, sentence):
            leads += _shifted_list(sentence, match.end())[:1]
        for match in _iter_if("lead" in lowered, _LEAD_AFTER_RE, sentence):
            left = _clause_before(sentence, match.start())
            found = name_in_phrase(left)
            if found:
                offset = match.start() - len(left)
                leads.append((found[0], found[1] + offset, found[2] + offset))
        for match in _iter_if("angeführt" in lowered, _GERMAN_LEAD_RE, sentence):
            group = 1 if match.group(1) else 2
            found = name_in_phrase(match.group(group))
            if found:
                offset = match.start(group)
                leads.append((found[0], found[1] + offset, found[2] + offset))
        for match in _iter_if("-led" in lowered, _LED_SUFFIX_RE, sentence):
            if is_valid_name(match.group(1)):
                leads.append((match.group(1), match.start(1), match.end(1)))
        if _IN_TALKS_RE.search(sentence) is None:
            for match in _PARTICIPATION_RE.finditer(sentence):
                participants += _shifted_list(sentence, match.end())
            for match in _iter_if(
                "with " in lowered and "ing" in lowered,
                _WITH_PARTICIPATING_RE,
                sentence,
            ):
                participants += _shifted_list(
                    sentence, match.start(1), limit=len(match.group(1))
                )
            for match in _PARTICIPATE_SUBJECT_RE.finditer(sentence):
                left = _clause_before(sentence, match.start())
                if re.search(r"\b(?:it|they|which|who)\s*$", left, re.IGNORECASE):
                    continue
                named = _shifted_list(
                    sentence, match.start() - len(left), limit=len(left)
                )
                target = _INVESTED_IN_RE.match(sentence, match.end())
                if target is not None:
                    # "A and B have invested in Parentco": investors of another company
                    for name in named:
                        self.targets[name[1] + start] = target.group(1)
                participants += named
            raise_verb = _RAISE_RE.search(sentence)
            if raise_verb:
                for match in _FROM_RE.finditer(sentence, raise_verb.end()):
                    participants += _shifted_list(sentence, match.end())
                    break
        if _SPECULATIVE_RE.search(sentence):
            leads = []
        return _shift_names(_unique(leads), start), _shift_names(
            _unique(participants), start
        )

    def _is_investor_name(self, name: str) -> bool:
        return _key(name) in self.known_investors

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
            or (strong and (mention.leads or mention.participants))
            or valuation_only
        )
        if not creates:
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

    def _attach(self, mention: _Mention) -> None:
        # A sentence that names no company adds investors or terms to the round it continues
        target = self._current_round(passing=mention.passing)
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
            and _STRONG_ROUND_RE.search(sentence)
            and not any(_close(mention.amount.money, m) for m in target.monies())
        ):
            # "a $220 million round was led by X": another round of the company in focus
            mention.company = target.company
            mention.anaphoric = True
            self.rounds.append(_Round(company=target.company, mentions=[mention]))
            return
        if mention.amount is not None and (
            target.amount is not None or not _RAISE_RE.search(sentence)
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
            if mention.amount is not None and candidate.amount is not None:
                mine = [mention.amount.money, *mention.alternatives]
                if not any(_close(a, b) for a in mine for b in candidate.monies()):
                    continue
                return candidate
            if stage != "unknown" and candidate.stage not in ("unknown", stage):
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
            dated = next((m for m in found.mentions if m.date is not None), None)
            if dated is not None and dated.date_span is not None:
                date = dated.date
                evidence.append(Evidence("date", *dated.date_span))
            else:
                date = self.published
        money = amount.money if amount else None
        confidence = (
            0.4
            + 0.2 * (money is not None)
            + 0.1 * (stage is not None)
            + 0.1 * bool(leads or participants)
        )
        confidence += (
            0.1 * (_key(company[0]) in self.known_companies)
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

    def _display_name(self, found: _Round) -> Name:
        # "Acme Market" and "Acme" name one company: show the form the text uses most
        names = [m.company for m in found.mentions if m.company is not None]
        names.append(found.company)
        counts = Counter(n[0] for n in names)
        best = max(
            names, key=lambda n: (counts[n[0]] + self.text.count(n[0]) / 100, -n[1])
        )
        return best

    # Dates

    def _date(
        self, sentence: str, start: int
    ) -> tuple[datetime.date | None, tuple[int, int] | None]:
        match = _DAY_RE.search(sentence)
        if match is None:
            return None, None
        span = (match.start() + start, match.end() + start)
        if match.group(2):
            try:
                month = _MONTHS.index(match.group(2).lower()) + 1
                return datetime.date(
                    int(match.group(4)), month, int(match.group(3))
                ), span
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
            return self.published - datetime.timedelta(days=1), span
        back = (self.published.weekday() - _WEEKDAYS.index(word)) % 7
        return self.published - datetime.timedelta(days=back), span

    def _older_year(self, sentence: str) -> bool:
        if self.published is None:
            return False
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", sentence)]
        return any(y < self.published.year for y in years)


# Sentence helpers


def _sentence_subject(sentence: str) -> Name | None:
    """The name a sentence is about, read from its first noun phrase."""
    head_start = 0
    dateline = _DATELINE_RE.match(sentence)
    if dateline:
        head_start = dateline.end()
    segments = sentence[head_start:].split(",")
    while len(segments) > 1 and (
        _LEADING_ADVERBIAL_RE.match(segments[0].strip())
        or _OPENING_CLAUSE_RE.match(segments[0].strip())
    ):
        head_start += len(segments[0]) + 1
        segments = segments[1:]
    head = sentence[head_start:]
    verb = re.search(
        r"\s(?:is|are|was|were|has|have|had|said|says|announced|announces|will|would|can|could|did|does|plans|"
        r"led|leads|joins|joined|invested|raised|raises|secured|closed|tells|told|reports|reported|hat|ist|wurde)\s|,|\s[—–-]+\s",
        head,
    )
    phrase = head[: verb.start()] if verb else head[:80]
    raise_verb = _RAISE_RE.search(phrase)
    if raise_verb:
        phrase = phrase[: raise_verb.start()]
    found = name_in_phrase(phrase, first=True)
    if found is None:
        return None
    return (found[0], found[1] + head_start, found[2] + head_start)


def _name_of_subject(left: str) -> Name | None:
    """The subject's name in the text before a verb: appositives and leading adverbials skipped."""
    pieces: list[tuple[int, str]] = []
    position = 0
    left = re.sub(
        r"—[^—]{0,160}—|\s–\s[^–]{0,160}\s–\s", lambda m: " " * len(m.group(0)), left
    )
    for piece in re.split(r",|\s[—–]\s|—", left):
        offset = left.find(piece, position)
        pieces.append((offset, piece))
        position = offset + len(piece)
    while len(pieces) > 1 and (
        _LEADING_ADVERBIAL_RE.match(pieces[0][1].strip())
        or _OPENING_CLAUSE_RE.match(pieces[0][1].strip())
    ):
        pieces = pieces[1:]
    for offset, piece in pieces[1:]:
        if _OWNER_RE.match(piece):
            found = name_in_phrase(piece)
            if found:
                return (found[0], found[1] + offset, found[2] + offset)
    # The subject is the last piece that is not an appositive ("Acme, the maker of X, has")
    for appositives in (
        r"(?:a|an|the|which|who|whose|one\sof|formerly|based|founded|of|hat|haben|ist|wird|wurde|eine?|einer)\b",
        r"(?:a|an|which|who|whose|one\sof|formerly|based|founded|of|hat|haben|ist|wird|wurde|eine?|einer)\b",
    ):
        for offset, piece in reversed(pieces):
            stripped = piece.strip()
            if (
                not stripped
                or re.match(appositives, stripped)
                or _LEADING_ADVERBIAL_RE.match(stripped)
            ):
                continue
            found = name_in_phrase(piece, first=True)
            if found is not None and is_valid_name(found[0]):
                return (found[0], found[1] + offset, found[2] + offset)
    return None


def _name_of_possessor(match: re.Match[str]) -> Name | None:
    # "Decoding Acme's Series C": a sentence-initial gerund is not part of the name
    runs = name_runs(match.group(1))
    if not runs:
        return None
    name, start, end = runs[-1]
    words = name.split()
    if len(words) > 1 and re.fullmatch(r"[A-Z][a-z]{3,}ing", words[0]) and start == 0:
        name = " ".join(words[1:])
        start = end - len(name)
    if not is_valid_name(name):
        return None
    return (name, start + match.start(1), end + match.start(1))


def _antecedent(left: str) -> Name | None:
    # "... from Acme, a security startup that raised": the name before the appositive
    left = left.rstrip(" ,")
    appositive = re.search(r",\s*(?:a|an|the)\s[^,]*$", left)
    if appositive:
        left = left[: appositive.start()]
    runs = name_runs(left)
    return runs[-1] if runs else None


def _object_company(sentence: str) -> Name | None:
    # "A led a $50M round in Acme", "invested $100m in Indonesia-based platform Acme"
    anchors = [
        m.start()
        for m in (_INVEST_RE.search(sentence), _ROUND_NOUN_RE.search(sentence))
        if m
    ]
    if not anchors:
        return None
    for match in _TARGET_RE.finditer(sentence, min(anchors)):
        rest = sentence[match.end() :]
        if re.match(
            r"(?:a|an|the|its|their|this|that|which|recent|exchange|return|order|part|total|\d)\b",
            rest,
            re.IGNORECASE,
        ):
            if re.match(
                r"the\s(?:company|startup|firm|business)\b", rest, re.IGNORECASE
            ):
                return _FOCUS
            continue
        end = _NP_END_RE.search(rest)
        phrase = rest[: end.start()] if end else rest[:80]
        if not phrase[:1].isupper() and not _DESCRIPTOR_NAME_RE.search(phrase):
            continue
        after_comma = end is not None and rest[end.start()] == ","
        found = name_in_phrase(phrase)
        appositive = after_comma and (
            found is None
            and re.search(
                r"(?:platform|startup|company|firm|rival|app|service)\s*$", phrase
            )
            or found is not None
            and re.match(r"['’]s?\b", phrase[found[2] : found[2] + 2])
        )
        if appositive and end is not None:
            runs = name_runs(rest[end.end() : end.end() + 60])
            if runs and runs[0][1] <= 2:
                base = match.end() + end.end()
                return (runs[0][0], runs[0][1] + base, runs[0][2] + base)
        if found is None or found[0].lower() in _MONTHS:
            continue
        return (found[0], found[1] + match.end(), found[2] + match.end())
    return None


def _clause_before(sentence: str, position: int) -> str:
    # The subject of a verb: back to the clause start ("In July, A and B led" -> "A and B")
    left = sentence[:position]
    cuts = [
        left.rfind(word) + len(word)
        for word in (
            "; ",
            " but ",
            " while ",
            " whereas ",
            " that ",
            " dass ",
            " when ",
            " after ",
        )
        if word in left
    ]
    amount_and = list(
        re.finditer(
            r"(?:million|billion|crore|lakh|won|yen|yuan|euros?|dollars|\d[MmBbKk]n?)\s+(?:and|while|whereas)\s",
            left,
        )
    )
    if amount_and:
        cuts.append(amount_and[-1].end())
    cut = max(c for c in cuts) if cuts else -1
    if cut > 0:
        left = left[cut:]
    segments = left.split(",")
    while len(segments) > 1 and (
        _LEADING_ADVERBIAL_RE.match(segments[0].strip())
        or _OPENING_CLAUSE_RE.match(segments[0].strip())
    ):
        segments = segments[1:]
    left = ",".join(segments)
    return re.sub(
        r"(?:\s*\b(?:has|have|had|is|are|was|were|also|both|all|will|would|too)\b)+\s*$",
        lambda match: " " * len(match.group(0)),
        left,
    )


def _iter_if(
    condition: bool, pattern: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    # A cheap substring test first: most sentences cannot match the pattern at all
    return pattern.finditer(text) if condition else iter(())


def _shifted_list(sentence: str, offset: int, limit: int | None = None) -> list[Name]:
    segment = (
        sentence[offset : offset + limit] if limit is not None else sentence[offset:]
    )
    return [(n, s + offset, e + offset) for n, s, e in names_in_list(segment)]


def _shift_names(names: list[Name], offset: int) -> list[Name]:
    return [(n, s + offset, e + offset) for n, s, e in names]


# Money helpers


def _money_roles(text: str, monies: list[MoneySpan], *, total: bool) -> list[str]:
    """Each amount's role: round_amount, amount, valuation, contribution, alternative or excluded."""
    roles = []
    for index, span in enumerate(monies):
        before = text[max(0, span.start - 60) : span.start]
        after = text[span.end : span.end + 60]
        previous = monies[index - 1] if index else None
        if previous is not None and _ALTERNATIVE_GAP_RE.fullmatch(
            text[previous.end : span.start]
        ):
            roles.append("alternative")
        elif not span.scaled and span.money.amount < 10000:
            roles.append("excluded")
        elif _VALUATION_BEFORE_RE.search(before) or _VALUATION_AFTER_RE.search(after):
            roles.append("valuation")
        elif (
            total
            or _EXCLUDED_BEFORE_RE.search(before)
            or _EXCLUDED_AFTER_RE.search(after)
        ):
            roles.append("excluded")
        elif _CONTRIBUTION_BEFORE_RE.search(before[-25:]) and index + 1 < len(monies):
            roles.append("contribution")
        elif _ROUND_AMOUNT_BEFORE_RE.search(
            _QUALIFIER_TAIL_RE.sub("", before).rstrip()
        ) or _ROUND_AMOUNT_AFTER_RE.search(after):
            roles.append("round_amount")
        else:
            roles.append("amount")
    # "valuation rose from $1 billion to $1.8 billion": the new figure counts
    for index in range(len(monies) - 1):
        window = text[max(0, monies[index].start - 30) : monies[index].start]
        if roles[index] == roles[index + 1] == "valuation" and re.search(
            r"\bfrom\s*$", _QUALIFIER_TAIL_RE.sub("", window).rstrip() + " "
        ):
            roles[index] = "excluded"
    # "umgerechnet 73 Millionen Euro (80 Millionen US-Dollar)": the original currency counts
    for index in range(len(monies) - 1):
        if roles[index + 1] == "alternative" and _CONVERSION_RE.search(
            text[max(0, monies[index].start - 20) : monies[index].start]
        ):
            monies[index], monies[index + 1] = monies[index + 1], monies[index]
    return roles


def _basis(text: str, valuation: MoneySpan) -> str | None:
    window = text[max(0, valuation.start - 40) : valuation.end + 30]
    if _BASIS_POST_RE.search(window):
        return "post"
    if _BASIS_PRE_RE.search(window):
        return "pre"
    return None


def _close(a: Money, b: Money) -> bool:
    # "nearly $1 billion" in a headline and "$960 million" in the body are one figure
    vague = a.qualifier != "exact" or b.qualifier != "exact"
    tolerance = Decimal("0.1") if vague else Decimal("0.02")
    return a.currency == b.currency and abs(a.amount - b.amount) <= tolerance * max(
        a.amount, b.amount
    )


def _shift(span: MoneySpan, offset: int) -> MoneySpan:
    return MoneySpan(span.money, span.start + offset, span.end + offset, span.scaled)


# Names


def _key(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", name.lower())
    core = [w for w in words if w not in _NAME_SUFFIXES]
    return " ".join(core or words)


def _same_company(a: str, b: str) -> bool:
    x, y = _key(a).split(), _key(b).split()
    if not x or not y:
        return False
    shorter = min(len(x), len(y))
    return x[:shorter] == y[:shorter] or x[-shorter:] == y[-shorter:]


def _is_company_itself(investor: str, company: str) -> bool:
    # A parent such as "Acme Holdings" backing "Acme" is an investor, not the company itself
    x, y = _key(investor).split(), _key(company).split()
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
