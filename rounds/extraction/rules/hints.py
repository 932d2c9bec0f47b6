"""Company and investor hints: the country, the short description and the sectors a text gives
the funded company, and the kind of each investor.

News introduces a company by what and where it is: "Chinese AI startup Acme", "Berlin-based
fintech Acme", "Acme, the US code-review startup, ...", "Acme, a Lisbon logistics startup".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rounds.extraction import patterns
from rounds.extraction.rules.orgs import word_spans
from rounds.extraction.rules.places import PLACE_RE, country_of
from rounds.extraction.rules.sectors import sectors_in
from rounds.extraction.types import InvestorHint

# The nouns a description of a company ends in
_HEAD = patterns.by_first_letter(
    r"start-?up|company|firm|platform|app|maker|developer|provider|operator|marketplace|"
    r"specialist|manufacturer|retailer|lender|insurer|fintech|insurtech|proptech|edtech|healthtech|"
    r"medtech|biotech|agritech|cleantech|unicorn|business|brand|service|producer|supplier|"
    r"aggregator|chain|group|bank|neobank|scale-?up|player|outfit|studio|[a-z]+maker"
)
_WORDS = r"(?:[\w&'’-]+[ \t]){0,3}?"
# What a maker makes, what a platform is for: "a maker of electric trucks", "a platform for
# independent pharmacies" (up to four words, ending before the clause goes on)
_COMPLEMENT = (
    r"[ \t](?:of|for)(?:[ \t](?!(?:and|or|but|that|which|who|with|has|have|had|is|was|will|"
    r"said|says|raised|raises|in|on|at|from|to|by|led|based|since|after|last)\b)[\w&'’-]+){1,4}"
)
# "Chinese AI startup Acme", "the Berlin-based payments platform Acme", "Indian fintech Acme"
_BEFORE_RE = re.compile(
    rf"(?:(?P<place>(?-i:[A-Z][\w.’'-]*(?:[ \t][A-Z][\w.’'-]*)?))-based[ \t]|(?P<demonym>(?-i:[A-Z][a-z]+))[ \t])?"
    rf"(?P<desc>{_WORDS}(?:{_HEAD})s?)[ \t](?:called[ \t]|named[ \t])?$",
    re.IGNORECASE,
)
# "Mumbai-based Acme": a place right before the name
_BASED_BEFORE_RE = re.compile(
    r"(?P<place>[A-Z][\w.’'-]*(?:[ \t][A-Z][\w.’'-]*)?)-based[ \t]$"
)
# "Acme, the US code-review startup,", "Acme, a Lisbon-based logistics startup,", "Acme, a
# maker of electric trucks,"
_AFTER_RE = re.compile(
    rf",[ \t](?:the|a|an)[ \t](?:(?P<place>(?-i:[A-Z][\w.’'-]*(?:[ \t][A-Z][\w.’'-]*)?))-based[ \t]|"
    rf"(?P<demonym>(?-i:[A-Z][\w.]*))[ \t])?(?P<desc>{_WORDS}(?:{_HEAD})s?(?:{_COMPLEMENT})?)\b",
    re.IGNORECASE,
)
# "La fintech nigériane Acme", "la startup mexicana Acme": the adjective after the noun
# "Acme, a fintech based in Lisbon,", "Acme, con sede en España,", "Acme, basée à Lyon,"
_BASED_IN_AFTER_RE = re.compile(
    r",[ \t](?:[^,.;]{0,50}?[ \t])?(?:based[ \t]in|headquartered[ \t]in|con[ \t]sede[ \t]en|"
    r"basée?[ \t](?:à|en|au)|mit[ \t]Sitz[ \t]in|sediada[ \t]em)[ \t]"
    r"(?P<place>[A-ZÉ][\w.’'-]*(?:[ \t][A-Z][\w.’'-]*)?)"
)
_ROMANCE_RE = re.compile(
    r"(?P<desc>fintech|start-?up|société|entreprise|jeune[ \t]pousse|empresa|plataforma|plateforme)"
    r"[ \t](?P<demonym>[a-zàâçéèêëîïôûùüÿñ]+)[ \t](?P<place>)$",
    re.IGNORECASE,
)
_ENDS_IN_HEAD_RE = re.compile(
    rf"(?:{_HEAD})s?[ \t](?:called[ \t]|named[ \t])?$", re.IGNORECASE
)
_ENDS_IN_DEMONYM_RE = re.compile(r"[a-zàâçéèêëîïôûùüÿñ]+[ \t]$")
_BASED_RE = re.compile(r"([A-Z][\w.’'-]*(?:[ \t][A-Z][\w.’'-]*)?)-based\b")
_ARTICLE_RE = re.compile(
    r"^(?:the|a|an|and|or|of|&|with|by|as|included|including|includes)[ \t]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Hint:
    """One hint and its span in the text."""

    value: str
    start: int
    end: int


def company_hints(
    text: str, name: str, limit: int = 5
) -> tuple[Hint | None, Hint | None]:
    """The country (ISO 3166-1 alpha-2) and the short description the text gives ``name``,
    read around its first ``limit`` mentions.

    >>> country, descriptor = company_hints("Chinese AI startup Acme raised $5m.", "Acme")
    >>> country.value, descriptor.value
    ('CN', 'AI startup')
    >>> country, descriptor = company_hints("Acme, the US code-review startup, has raised $40m.", "Acme")
    >>> country.value, descriptor.value
    ('US', 'code-review startup')
    """
    country: Hint | None = None
    descriptor: Hint | None = None
    for at in word_spans(name, text)[:limit]:
        if country and descriptor:
            break
        line_start = max(text.rfind("\n", 0, at) + 1, at - 80)
        before = romance = None
        # Only a window that ends in a describing noun can describe: search it then
        if _ENDS_IN_HEAD_RE.search(text, max(line_start, at - 30), at):
            before = _BEFORE_RE.search(text, line_start, at)
            romance = _ROMANCE_RE.search(text, line_start, at)
        elif _ENDS_IN_DEMONYM_RE.search(text, max(line_start, at - 30), at):
            romance = _ROMANCE_RE.search(text, line_start, at)
        after = (
            _AFTER_RE.match(text, at + len(name))
            if text.startswith(",", at + len(name))
            else None
        )
        based = _BASED_BEFORE_RE.search(text, max(line_start, at - 40), at)
        if based is None and text.startswith(",", at + len(name)):
            based = _BASED_IN_AFTER_RE.match(text, at + len(name))
        if country is None and based is not None:
            code = country_of(based.group("place"))
            if code is not None:
                country = Hint(code, based.start("place"), based.end("place"))
        for found in (romance, before, after):
            if found is None:
                continue
            if descriptor is None:
                descriptor = _descriptor(found)
            if country is None:
                country = _country(found)
    return country, descriptor


MAX_SECTORS = 3


def sector_hints(text: str, descriptor: Hint | None) -> list[Hint]:
    """The sectors (slugs of the app's taxonomy) that the company's description names, each
    with the span of its words in ``text``; at most MAX_SECTORS.

    >>> text = "Chinese AI startup Acme raised $5m."
    >>> [(h.value, text[h.start : h.end]) for h in sector_hints(text, company_hints(text, "Acme")[1])]
    [('artificial-intelligence', 'AI')]
    """
    if descriptor is None:
        return []
    return [
        Hint(slug, descriptor.start + start, descriptor.start + end)
        for slug, start, end in sectors_in(text[descriptor.start : descriptor.end])
    ][:MAX_SECTORS]


def _descriptor(found: re.Match[str]) -> Hint | None:
    start, end = found.span("desc")
    value = found.group("desc")
    # "included Chennai-based healthcare startup": the description starts after the place
    based = value.rfind("-based ")
    if based >= 0:
        start += based + len("-based ")
        value = value[based + len("-based ") :]
    article = _ARTICLE_RE.match(value)
    if article:
        start += article.end()
        value = value[article.end() :]
    # "the US code-review startup": a place inside the description is the country, not it
    place = PLACE_RE.match(value)
    if place is not None and place.end() < len(value):
        start += place.end() + 1
        value = value[place.end() + 1 :]
    return Hint(value, start, end) if value and len(value) <= 60 else None


def _country(found: re.Match[str]) -> Hint | None:
    for group in ("place", "demonym"):
        words = found.group(group)
        code = country_of(words) if words else None
        if code is not None:
            return Hint(code, found.start(group), found.end(group))
    based = _BASED_RE.search(found.group("desc"))
    if based is not None and (code := country_of(based.group(1))) is not None:
        start = found.start("desc") + based.start(1)
        return Hint(code, start, start + len(based.group(1)))
    place = PLACE_RE.search(found.group("desc"))
    if place is None:
        return None
    code = country_of(place.group(0))
    start = found.start("desc") + place.start()
    return Hint(code, start, start + len(place.group(0))) if code else None


# Investor kinds, as rounds.enums.InvestorKind names them (government bodies and state funds
# are "sovereign", its "Sovereign fund"), and "bank", which the analysts asked for as well.
# Each kind with the descriptions news gives such an investor, tried in this order: "corporate
# venture arm" is corporate before "venture" can read it, "development bank" sovereign before
# "bank" can.
_KIND_DESCRIPTIONS = (
    (
        "corporate",
        r"corporate[ \t]venture(?:[ \t]capital)?(?:[ \t](?:arm|fund|unit))?|"
        r"(?:venture|investment|investing|strategic|corporate)[ \t](?:arm|unit)|CVC|"
        r"strategic[ \t]investor|(?:tech|technology|e-commerce|internet|retail|media|telecoms?|"
        r"pharma|chip|auto|oil|energy|industrial|consumer)[ \t](?:giant|major|conglomerate)|"
        r"conglomerate|carmaker|automaker|chipmaker",
    ),
    (
        "private_equity",
        r"private[ \t-]equity(?:[ \t](?:firm|fund|group|house|investor|giant|major))?|"
        r"buy-?out[ \t](?:firm|fund|group|house)|PE[ \t](?:firm|fund|house|major|giant)",
    ),
    (
        "sovereign",
        r"sovereign(?:[ \t]wealth)?[ \t]fund|state[ \t-](?:owned|backed|run)[ \t](?:fund|investor|bank|firm)|"
        r"government(?:[ \t-](?:backed|owned|run))?[ \t](?:fund|agency|investor)|"
        r"(?:public|national|state)[ \t](?:investment|development)[ \t](?:fund|bank|agency)|"
        r"development[ \t](?:bank|finance[ \t]institution)",
    ),
    (
        "accelerator",
        r"accelerator(?:[ \t]programme|[ \t]program)?|incubator|(?:start-?up|venture)[ \t]studio",
    ),
    ("angel", r"(?:business|super)[ \t]angel|angel(?:[ \t]investor)?"),
    (
        "bank",
        r"(?:investment|commercial|private|merchant|universal)[ \t]bank|bank|banking[ \t]group",
    ),
    (
        "venture",
        r"venture[ \t]capital(?:[ \t](?:firm|fund|investor|house|group|company))?|venture[ \t]capitalist|"
        r"VC(?:[ \t](?:firm|fund|investor|house))?|venture[ \t](?:firm|fund|investor|investment[ \t]firm)|"
        r"(?:early-stage|seed-stage|seed)[ \t](?:investor|fund|firm)",
    ),
)
_KIND_RES = tuple(
    (kind, re.compile(rf"(?:{words})s?", re.IGNORECASE))
    for kind, words in _KIND_DESCRIPTIONS
)
_ANY_KIND = "|".join(words for _, words in _KIND_DESCRIPTIONS)
# "venture capital firm Halden", "Singapore's sovereign wealth fund Tamarind": the
# description right before the name
_KIND_BEFORE_RE = re.compile(
    rf"\b(?P<desc>(?:{_ANY_KIND})s?)(?:[ \t](?:called|named))?,?[ \t]+$", re.IGNORECASE
)
# "Halden, a venture capital firm", "Korvex, the corporate venture arm of Ostrava Motors"
_KIND_AFTER_RE = re.compile(
    rf",?[ \t]+(?:the|a|an|its)[ \t]+(?:[\w.&'’-]+[ \t]+){{0,4}}?(?P<desc>(?:{_ANY_KIND})s?)\b",
    re.IGNORECASE,
)
# The words of an investor's own name that say its kind: "Halden Ventures", "Banco Sul"
_KIND_NAME_WORDS = (
    ("private_equity", r"private[ \t]equity|buy-?outs?"),
    (
        "sovereign",
        r"sovereign|investment[ \t]authority|wealth[ \t]fund|ministry|government",
    ),
    ("accelerator", r"accelerator|incubator"),
    ("angel", r"angels?(?:[ \t]network|[ \t]club)?"),
    ("bank", r"bank|banco|banque|bancorp|sparkasse"),
    ("venture", r"ventures?|venture[ \t]partners|VC|venture[ \t]capital"),
)
_KIND_NAME_RES = tuple(
    (kind, re.compile(rf"\b(?:{words})\b", re.IGNORECASE))
    for kind, words in _KIND_NAME_WORDS
)


def investor_kind(text: str, name: str, limit: int = 5) -> Hint | None:
    """The kind of investor the text says ``name`` is, with its evidence: one of venture,
    corporate, private_equity, sovereign, accelerator, angel and bank.

    The description beside a mention decides ("venture capital firm Halden", "Halden, the
    corporate venture arm of Ostrava Motors"), read around the first ``limit`` mentions; else
    the words of the name itself ("Halden Ventures", its first mention the evidence); else,
    and when the text never names ``name``, None.

    >>> investor_kind("Nimbora raised $5m from venture capital firm Halden.", "Halden").value
    'venture'
    >>> investor_kind("Korvex, the corporate venture arm of Ostrava Motors, led it.", "Korvex").value
    'corporate'
    >>> investor_kind("Halden Angels joined.", "Halden Angels").value
    'angel'
    >>> investor_kind("Halden led the round.", "Halden") is None
    True
    """
    mentions = word_spans(name, text)[:limit]
    for at in mentions:
        line_start = max(text.rfind("\n", 0, at) + 1, at - 80)
        before = _KIND_BEFORE_RE.search(text, line_start, at)
        after = _KIND_AFTER_RE.match(text, at + len(name))
        for found in (before, after):
            if found is not None:
                kind = _kind_of_description(found.group("desc"))
                if kind is not None:
                    return Hint(kind, found.start("desc"), found.end("desc"))
    if not mentions:
        return None
    for kind, pattern in _KIND_NAME_RES:
        if pattern.search(name):
            return Hint(kind, mentions[0], mentions[0] + len(name))
    return None


def investor_hints(text: str, names: Iterable[str]) -> tuple[InvestorHint, ...]:
    """The kind of each investor that the text says (``investor_kind``), with its span.

    >>> investor_hints("Acme raised $5m from venture capital firm Halden and Orvia.", ["Halden", "Orvia"])
    (InvestorHint(name='Halden', kind='venture', start=21, end=41),)
    """
    hints = []
    for name in names:
        hint = investor_kind(text, name)
        if hint is not None:
            hints.append(InvestorHint(name, hint.value, hint.start, hint.end))
    return tuple(hints)


def _kind_of_description(description: str) -> str | None:
    for kind, pattern in _KIND_RES:
        if pattern.fullmatch(description):
            return kind
    return None
