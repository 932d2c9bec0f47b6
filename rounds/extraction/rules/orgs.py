"""Organisation names in phrases: "Berlin-based fintech Acme Pay" -> "Acme Pay", lists of investors."""

from __future__ import annotations

import re
from functools import lru_cache

from rounds.extraction import patterns
from rounds.extraction.names import normalize_name
from rounds.extraction.rules import lexicon
from rounds.extraction.rules.places import PLACE_WORDS

Name = tuple[str, int, int]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def word_spans(word: str, text: str, start: int = 0, joiners: str = "-") -> list[int]:
    """Where ``word`` stands in ``text`` as a whole word (not inside a longer one), without
    compiling a pattern for it; ``joiners`` are the characters that continue a word.

    >>> word_spans("Acme", "Acme, Acmes and Acme-Bio; Acme.")
    [0, 26]
    """
    found: list[int] = []
    size = len(word)
    if not size:
        return found
    at = text.find(word, start)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + size] if at + size < len(text) else " "
        if not (before.isalnum() or before in joiners) and not (
            after.isalnum() or after in joiners or after == "_"
        ):
            found.append(at)
        at = text.find(word, at + 1)
    return found


_TOKEN = r"(?:[A-Z0-9][\w&.'’+-]*|[a-z]{1,3}[A-Z][\w.'’-]*)"
# "\x00\x00\x00" is an "and" known to be inside a name (see ``_joined_by_acronym``)
_JOINER = r"(?:of|for|de|du|la|van|von|der|del|di|da|&|and\sCo\.?|\x00{3})"
# "led by Acme Capital in May 2023": a date after "in" ends the name
_DATE_TOKEN = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Januar|Februar|März|Mai|Juni|Juli|Oktober|Dezember|"
    r"Janvier|Février|Mars|Avril|Juin|Juillet|Août|Septembre|Octobre|Novembre|Décembre|Enero|Febrero|"
    r"Marzo|Abril|Mayo|Junio|Julio|Agosto|Septiembre|Octubre|Noviembre|Diciembre)\.?|(?:19|20)\d\d|Q[1-4]|H[12])"
    r"(?![\w&'’+-])"
)
_DATE_RUN_RE = re.compile(
    rf"{_DATE_TOKEN}(?:,?[ \t]+(?:{_DATE_TOKEN}|\d{{1,2}}(?:st|nd|rd|th)?))*"
)
_RUN_RE = re.compile(
    rf"{_TOKEN}(?:[ \t]+(?:{_JOINER}[ \t]+|in[ \t]+(?!{_DATE_TOKEN}))?{_TOKEN})*"
)
# Every pattern follows a descriptor with "s?\\b" (or matches it whole), so it matches a whole
# word whichever alternative reads it: the words that any word may end in come last, together
_DESCRIPTORS = (
    "startup|start-up|company|firm|platform|app|maker|developer|provider|operator|marketplace|"
    "service|specialist|manufacturer|retailer|lender|insurer|fintech|insurtech|proptech|edtech|"
    "healthtech|medtech|biotech|aggregator|portal|producer|supplier|brand|label|"
    "outfit|unicorn|conglomerate|giant|chain|player|website|investor|"
    "creator|pioneer|advisor|adviser|manager|entrepreneur|angel|unternehmen|firma|plattform|"
    "anbieter|hersteller|entwickler|betreiber|spezialist|versicherer|dienstleister|marktplatz|"
    "jungunternehmen|betreiberfirma|muttergesellschaft|gesellschaft|société|entreprise|jeune\\spousse|"
    "plateforme|fonds|empresa|compañía|plataforma|fundo|"
    "\\w+maker|\\w*(?:finanzierer|geldgeber|kapitalgeber)"
)
_PERSON_DESCRIPTOR_RE = re.compile(
    r"(?:investor|creator|pioneer|advisor|adviser|manager|entrepreneur|angel)s?\b",
    re.IGNORECASE,
)
_ADVERB_RE = re.compile(
    r"[a-z]{2,}ly|now|then|again|just|still|already|once|soon|since|first|later|earlier|itself"
)
_DESCRIPTOR_RE = re.compile(
    rf"\b(?:{patterns.by_first_letter(_DESCRIPTORS)})s?\b[ \t]+(?=\S)", re.IGNORECASE
)
DESCRIPTION_AFTER_RE = re.compile(
    rf"(?:[ \t]+[a-z][\w-]*){{0,4}}[ \t]+"
    rf"(?:{patterns.by_first_letter(_DESCRIPTORS, ignorecase=False)})s?\b(?![ \t]+[A-Z])"
)
"""Lower-case words that end in a descriptor noun: the words after "Financial" in
"Financial software provider to SMEs" make it a description, not a name."""
_LIST_SPLIT_RE = re.compile(
    r"\s*,\s*(?:and\s+|und\s+|et\s+|y\s+|e\s+)?|\s+(?:and|und|oder|sowie|as\swell\sas|along\swith|together\swith|"
    r"alongside|plus|et|ainsi\sque|y|e)\s+"
)
_ITEM_PREFIX_RE = re.compile(
    r"^(?:(?:along\s+with|together\s+with|alongside|as\s+well\s+as|plus|including|comprising|such\s+as|"
    r"dont|notamment|incluyendo|incluindo|darunter)\s+)?"
    r"(?:(?:other|existing|new|early|current|its|their|the|seed|incoming|returning|several|strategic|"
    r"financial|prominent|institutional|individual|angel|die|den|der)\s+)*"
    r"(?:investors?|backers?|shareholders?|angels?|VCs?|Bestandsinvestoren|Investoren|Altgesellschaftern?)?"
    r"\s*(?:such\s+as|like|including|include|includes|wie|namely|comprising|[-–:])?\s*",
    re.IGNORECASE,
)
_APPOSITIVE_RE = re.compile(
    r"^(?:a|an|one\sof|formerly|previously|now|which|who|whose|based|founded|headquartered|known)\b",
    re.IGNORECASE,
)
_OF_RE = re.compile(
    r"^(?:a|an|the|its)\s+(?:[\w-]+\s+){0,2}(?:subsidiary|subsidiaries|unit|arm|arms|division|affiliate|vehicle)\s+of\s+",
    re.IGNORECASE,
)
_STOP_LIST_RE = re.compile(
    r"\b(?:who|which|that|to|at|(?<!along\s)(?<!together\s)with|as\spart|among|amongst|through|using|via|while|whereas|but|"
    r"has|have|had|will|were|was|is|are|said|says|reports|reported|told|tells|too|also|participated|"
    r"joined|invested|led|include|included|includes|according|aus|bei|in\s+(?:the|this|a|an|its)|"
    r"saw|drew|attracted|featured|features|brought|received|got|"
    r"(?<=\s)(?:com|con|avec|pour|para|qui|que|em|na|no|entre\sautres|entre\sotros))\b|\s\d[\d.,]*\s(?i:millionen|milliarden|million|billion|mio|mrd|crore)\b|(?<!\b[A-Z])\.(?=\s+[A-ZÀ-ÖØ-Þ]|\s*$)|[;“”\"]|\s[-–—]\s",
)
_CLAUSE_VERB_RE = re.compile(
    r"(?:said|says|reports|reported|told|tells|according|too|also|has|have|had|will|were|was|is|are|participated|joined|invested)\b"
)
STOPWORDS = frozenset(
    [
        "the", "a", "an", "it", "its", "it's", "this", "that", "these", "those", "they", "their",
        "them", "we", "our", "he", "she", "his", "her", "in", "on", "at", "for", "with", "by",
        "from", "as", "and", "but", "or", "if", "when", "while", "after", "before", "since",
        "according", "last", "earlier", "today", "yesterday", "also", "however", "meanwhile",
        "other", "existing", "new", "mr", "ms", "mrs", "dr", "ceo", "cfo", "cto", "coo", "chief",
        "executive", "officer", "founder", "co-founder", "cofounder", "president", "chairman",
        "partner", *lexicon.WEEKDAYS, *lexicon.MONTHS, *lexicon.MONTH_ABBREVIATIONS, "series",
        "seed", "round", "funding", "financing", "investment", "investors", "update", "read",
        "more", "photo", "source", "advertisement", "share", "click", "subscribe", "newsletter",
        "here", "there", "what", "why", "how", "details", "deals", "note", "notably",
        "specifically", "interestingly", "so", "together", "both", "all", "some", "many", "several",
        "first", "second", "third", "per", "via", "ipo", "rs", "inr", "usd", "eur", "gbp", "cny",
        "jpy", "krw", "rmb", "der", "die", "das", "ein", "eine", "to", "though", "people", "others",
        "weekly", "daily", "monthly", "two", "three", "four", "five", "six", "inc", "ltd", "llc",
        "corp", "gmbh", "plc", "rival", "rivals", "competitor", "peer", "fellow", "startups",
        "companies", "firms", "founders", "co-founders", "headquarters", "vc", "vcs",
        "leadinvestor", "höhe", "roundup", "exclusive", "digest", "recap", "ticker", "briefing",
        "breaking", "opinion", "analysis", "explainer", "who", "where", "because", "despite", "during", "und", "mit", "von", "für",
        "im", "am", "bei", "nach", "seit", "über", "laut", "quelle", "investor", "investoren",
        "runde"
    ]
)  # fmt: skip
_TRAILING_STOP = frozenset(
    [
        "the", "a", "an", "and", "of", "for", "said", "says", "in", "on", "at", *lexicon.WEEKDAYS,
        *lexicon.MONTHS
    ]
)  # fmt: skip
_DEMONYM_RE = re.compile(
    r"chinese|indian|german|french|british|japanese|korean|swiss|swedish|italian|spanish|dutch|belgian|"
    r"nigerian|african|canadian|australian|american|european|asian|israeli|indonesian|danish|norwegian|"
    r"finnish|austrian|polish|irish|brazilian|mexican|kenyan|egyptian|singaporean|vietnamese|thai|"
    r"malaysian|taiwanese|russian|us|u\.s|uk|u\.k|eu|uae|"
    r"français|française|allemand|allemande|espagnol|espagnole|española|español|brasileira|brasileiro|"
    r"mexicana|mexicano|nigérian|nigériane|britannique|américain|américaine|chinois|chinoise|indien|"
    r"indienne|berliner|wiener|münchner|hamburger|kölner|frankfurter|pariser|londoner|zürcher|schweizer|"
    r"deutsche|deutscher|österreichische|österreichischer"
)
PLACES = PLACE_WORDS


@lru_cache(maxsize=8192)
def name_runs(phrase: str) -> tuple[Name, ...]:
    """Runs of capitalized words in ``phrase`` with their offsets, stopwords trimmed.

    >>> name_runs("led by Acme Ventures and The Foo Fund")
    (('Acme Ventures', 7, 20), ('Foo Fund', 29, 37))
    """
    runs = []
    for match in _RUN_RE.finditer(phrase):
        run = _trim_run(phrase, match.start(), match.end())
        if run is not None:
            runs.append(run)
    return tuple(runs)


_CAPITAL_WORD_END_RE = re.compile(r"[A-Z][\w.-]*\s$")
_GERMAN_ARTICLE_END_RE = re.compile(
    r"\b(?:[Dd]as|[Dd]er|[Dd]ie|[Ee]in|[Ee]ine)\s+\S+\s$"
)
_LOWER_BRAND_RE = re.compile(r"[a-z][\w.-]{1,30}")
_DESCRIPTOR_WORD_RE = re.compile(
    rf"(?:{patterns.by_first_letter(_DESCRIPTORS, ignorecase=False)})s?"
)
_CURRENCY_START_RE = re.compile(r"(?:EUR|USD|GBP|INR|CNY|US|Rs)\$?\d")
_FIGURE_RE = re.compile(r"[\d.,%$€£]+")
_POSSESSIVE_SPACE_RE = re.compile(r"['’]s\s+")
_LOWER_WORDS_AFTER_RE = re.compile(r"\s+[a-zäöü]+\s+[a-zäöü]")
_POSSESSIVE_RE = re.compile(r"['’]s?(?=\s|$)")
_TRAILING_PUNCTUATION_RE = re.compile(r"[\s.,:;'’-]+$")
_LEGAL_FORM_END_RE = re.compile(r"\b(?:Inc|Corp|Ltd|Co|Bhd)$")
_DESCRIBING_THE_RE = re.compile(r"\s*the\s+[a-z]")
_ADVISED_BY_RE = re.compile(r"\s*(?:advised|managed|represented)\sby\b")
# Lower-case words after a descriptor that are no brand: "the unicorn club", "the startup scene"
_GENERIC_NOUNS = _words(
    """club market space sector industry ecosystem segment world country city region scene economy
    landscape business model deal round funding money can will may has is was space race"""
)


@lru_cache(maxsize=8192)
def name_in_phrase(phrase: str, *, first: bool = False) -> Name | None:
    """The name a noun phrase refers to: after a descriptor noun, else its last name run.

    >>> name_in_phrase("Berlin-based payments platform acmepay")
    ('acmepay', 31, 38)
    >>> name_in_phrase("Chinese AI startup Nova Labs")
    ('Nova Labs', 19, 28)
    >>> name_in_phrase("the company") is None
    True
    """
    phrase = phrase.rstrip(" ,.;:")
    descriptors = list(_DESCRIPTOR_RE.finditer(phrase + " x"))
    for descriptor in descriptors:
        tail_start = descriptor.end()
        if (
            descriptor.group(0)[0].isupper()
            and _CAPITAL_WORD_END_RE.search(phrase[: descriptor.start()])
            and not _GERMAN_ARTICLE_END_RE.search(phrase[: descriptor.start()])
        ):
            continue
        tail = phrase[tail_start:]
        if (
            _LOWER_BRAND_RE.fullmatch(tail)
            and tail.lower() not in STOPWORDS
            and tail not in _GENERIC_NOUNS
            and not _DESCRIPTOR_WORD_RE.fullmatch(tail)
            # "The company previously raised": an adverb, not a lower-case brand
            and not _ADVERB_RE.fullmatch(tail)
            # "les start-up françaises": a Romance adjective after the noun
            and tail.lower() not in PLACES
            # "investor sentiment": a lower-case brand follows a company noun, not a person's
            and not _PERSON_DESCRIPTOR_RE.match(descriptor.group(0))
        ):
            return (tail, tail_start, len(phrase))
        leading = [r for r in name_runs(tail) if r[1] == 0]
        if leading:
            name, start, end = leading[0]
            return (name, start + tail_start, end + tail_start)
    if (
        descriptors
        and descriptors[-1].end() > len(phrase)
        and descriptors[-1].group(0)[0].islower()
    ):
        return None
    runs = name_runs(phrase)
    if not runs:
        return None
    return runs[0] if first else runs[-1]


@lru_cache(maxsize=4096)
def names_in_list(text: str) -> tuple[Name, ...]:
    """The names in an enumeration such as "A, B's fund C and D, among others".

    The list runs to the end of its clause; "and", "as well as", "alongside" and
    parentheses do not end it. "X and Y (XY)" and "X Development and Investment" are one name.

    >>> [n for n, _, _ in names_in_list("Acme Capital, a Paris firm, Bolt VC and others, the people said")]
    ['Acme Capital', 'Bolt VC']
    >>> [n for n, _, _ in names_in_list("Orbit Capital and Incubator Group (OCIG), along with Lumen")]
    ['Orbit Capital and Incubator Group', 'Lumen']
    """
    text = _PARENTHESES_RE.sub(
        lambda m: " " * len(m.group(0)), _joined_by_acronym(text)
    )
    stop = _STOP_LIST_RE.search(text)
    text = text[: stop.start()] if stop else text
    if (
        stop
        and _CLAUSE_VERB_RE.match(stop.group(0))
        and "," in text
        and not _CONNECTOR_RE.match(text, text.rfind(",") + 1)
    ):
        # "led by A, B too participated": after the last comma a new clause begins
        text = text[: text.rfind(",")]
    names: list[Name] = []
    for item_start, item in _pieces(text, _ITEM_SPLIT_RE):
        # "Lilly Ventures, the venture arm of Eli Lilly,": a description of the previous name
        if names and (
            _APPOSITIVE_RE.match(item.strip()) or _DESCRIBING_THE_RE.match(item)
        ):
            continue
        if _ADVISED_BY_RE.match(item):
            continue
        for piece_start, piece in _pieces(item, _LIST_SPLIT_RE):
            name = _name_of_item(piece)
            if name is not None:
                offset = item_start + piece_start
                spelled = name[0].replace(_JOIN * 3, "and")
                names.append((spelled, name[1] + offset, name[2] + offset))
    return tuple(names)


_ITEM_SPLIT_RE = re.compile(r",")
_INTRODUCER_RE = re.compile(
    r"^[a-z][\w\s'’-]{0,60}?\s(?:comprising|including|such\sas|namely|made\sup\sof|consisting\sof|dont|notamment)\s+"
    r"|^(?:an?|the)\s[\w\s-]{0,60}?\s(?:comprising|including|such\sas|namely|made\sup\sof|consisting\sof)\s+",
    re.IGNORECASE,
)
_OWNED_BY_RE = re.compile(
    r"^(?:an?|the|its)\s(?:[\w-]+\s){0,3}(?:unit|arm|subsidiary|affiliate|vehicle|fund|entity)\s"
    r"(?:owned|run|managed|controlled|backed)\sby\s"
)
_CONNECTOR_RE = re.compile(
    r"\s*(?:and|und|et|y|e|along\swith|together\swith|as\swell\sas|alongside|plus|including)\s"
)
_PARENTHESES_RE = re.compile(r"\([^()]{0,60}\)")
# The words of an organisation's name that can follow "and" inside it: "Smith and Partners"
_NAME_TAIL_WORDS = (
    r"Investment|Investments|Development|Partners|Associates|Company|Co\.?|Sons|Research|Technology|"
    r"Technologies|Industries|Industry|Trading|Finance|Innovation|Innovations|Capital|Ventures"
)
_AND_TAIL_RE = re.compile(rf"\s+and\s+(?=(?:{_NAME_TAIL_WORDS})\b(?!\s+[A-Z]))")
_ACRONYM_RE = re.compile(
    r"((?:[A-Z][\w.&-]*\s+){0,4}[A-Z][\w.&-]*)\s+and\s+((?:[A-Z][\w.&-]*\s+){0,4}[A-Z][\w.&-]*)\s+\(([A-Z]{2,8})\)"
)
_JOIN = "\x00"  # stands in for the "and" inside a name, one character for each


def _joined_by_acronym(text: str) -> str:
    # "Orbit Capital and Incubator Group (OCIG)": the acronym spells one name with "and" in it
    def join(match: re.Match[str]) -> str:
        words = f"{match.group(1)} {match.group(2)}".split()
        initials = "".join(w[0] for w in words)
        if match.group(3) not in (initials, initials.replace("&", "")):
            return match.group(0)
        whole = match.group(0)
        at = whole.index("and", len(match.group(1)))
        return whole[:at] + _JOIN * 3 + whole[at + 3 :]

    if " and " in text and "(" in text:
        text = _ACRONYM_RE.sub(join, text)
    return _AND_TAIL_RE.sub(lambda m: m.group(0).replace("and", _JOIN * 3), text)


def _pieces(text: str, separator: re.Pattern[str]) -> list[tuple[int, str]]:
    """The parts of ``text`` between separators, each with its offset."""
    pieces, start = [], 0
    for match in separator.finditer(text):
        pieces.append((start, text[start : match.start()]))
        start = match.end()
    pieces.append((start, text[start:]))
    return [(offset, piece) for offset, piece in pieces if piece]


# "SMEs", "VCs", "LPs": plural acronyms are kinds of organisation, not names
_PLURAL_ACRONYM_RE = re.compile(r"[A-Z]{2,5}s")


@lru_cache(maxsize=8192)
def is_valid_name(name: str) -> bool:
    if not name[:1].isalpha() or _CURRENCY_START_RE.match(name):
        return False
    words = name.lower().replace("’", "'").split()
    if not words or len(words) > 7 or len(name) < 2:
        return False
    if all(w.strip(".,") in STOPWORDS or w.strip(".,") in PLACES for w in words):
        return False
    if _DATE_RUN_RE.fullmatch(name) or _PLURAL_ACRONYM_RE.fullmatch(name):
        return False
    # "Die Betreiberfirma hat ... eingesammelt": a descriptor alone names nothing
    if _DESCRIPTOR_WORD_RE.fullmatch(name.lower()):
        return False
    # "Meditations-App", "Internet-Marktplatz": a compound ending in a descriptor describes
    if (
        "-" in name
        and " " not in name
        and _DESCRIPTOR_RE.fullmatch(name.rsplit("-", 1)[1] + " ")
    ):
        return False
    return not _FIGURE_RE.fullmatch(name)


def _name_of_item(item: str) -> Name | None:
    stripped = item.strip()
    if not stripped:
        return None
    offset = item.find(stripped)
    # "an investment unit owned by Acme": the owner names the investor
    owner = _OWNED_BY_RE.search(stripped)
    if owner is not None:
        offset += owner.end()
        stripped = stripped[owner.end() :]
    # "an investment cooperative comprising Acme": the names follow the description
    introduced = _INTRODUCER_RE.search(stripped)
    if introduced is not None:
        offset += introduced.end()
        stripped = stripped[introduced.end() :]
    of_match = _OF_RE.match(stripped)
    if not of_match and _APPOSITIVE_RE.match(stripped):
        return None
    if of_match:
        offset += of_match.end()
        stripped = stripped[of_match.end() :]
    prefix = _ITEM_PREFIX_RE.match(stripped)
    if prefix and prefix.end():
        offset += prefix.end()
        stripped = stripped[prefix.end() :]
    possessive = _POSSESSIVE_SPACE_RE.search(stripped)
    if possessive:
        after = stripped[possessive.end() :]
        runs = name_runs(after)
        if runs:
            name, start, end = runs[-1]
            return (
                name,
                start + offset + possessive.end(),
                end + offset + possessive.end(),
            )
        stripped = stripped[: possessive.start()]
    runs = name_runs(stripped)
    if runs and _LOWER_WORDS_AFTER_RE.match(stripped[runs[0][2] :]):
        # "Acme Ventures stemmten die Hälfte": the name ends where the verb phrase begins
        stripped = stripped[: runs[0][2]]
    found = name_in_phrase(stripped)
    if found is None or not is_valid_name(found[0]) or found[0][0].islower():
        return None
    return (found[0], found[1] + offset, found[2] + offset)


# "Berlin-based", "Stripe-subsidiary", "SoftBank-backed": a word that describes the name after it
_DESCRIBING_ENDINGS = (
    "-based", "-listed", "-headquartered", "-owned", "-backed", "-led", "-subsidiary", "-born",
    "-founded", "-focused", "-registered", "-funded",
)  # fmt: skip


def _trim_run(phrase: str, start: int, end: int) -> Name | None:
    text = phrase[start:end]
    # "Orrin Corp.'s venture arm" names Orrin Corp.; in "Ana Ruiz's Quillpay" the name is Quillpay
    possessive = _POSSESSIVE_RE.search(text)
    if possessive and text[possessive.end() :].strip():
        start += (
            possessive.end()
            + len(text[possessive.end() :])
            - len(text[possessive.end() :].lstrip())
        )
        text = text[possessive.end() :].strip()
    elif possessive:
        text = text[: possessive.start()]
    text = _TRAILING_PUNCTUATION_RE.sub("", text)
    if _LEGAL_FORM_END_RE.search(text):
        text += "."
    words = text.split()
    # "IAN Group-backed BioAngels": what precedes "-backed" describes the name
    for index in range(len(words) - 1, 0, -1):
        if words[index - 1].lower().endswith(_DESCRIBING_ENDINGS):
            start = phrase.find(words[index], start)
            words = words[index:]
            break
    while words and (
        (_is_stop(words[0]) and not _institution_of(words))
        or words[0].lower().endswith(_DESCRIBING_ENDINGS)
        or words[0].lower().startswith("series")
    ):
        start = phrase.find(words[1], start + len(words[0])) if len(words) > 1 else end
        words = words[1:]
    while words and words[-1].lower().strip(".,:;") in _TRAILING_STOP:
        words = words[:-1]
    if not words:
        return None
    name = " ".join(words)
    if not is_valid_name(name):
        return None
    return (name, start, start + len(name))


# "the Chinese Academy of Sciences", "the German Development Bank": a demonym that an
# institution's name begins with is part of it
_INSTITUTIONS = _words(
    "academy university institute bank ministry council association society federation agency "
    "foundation development"
)


def _institution_of(words: list[str]) -> bool:
    return (
        len(words) > 1
        and _DEMONYM_RE.fullmatch(words[0].lower()) is not None
        and words[1].lower() in _INSTITUTIONS
    )


def _is_stop(word: str) -> bool:
    bare = word.lower().strip(".,:;")
    # "Chinese AI startup" loses "Chinese"; "Cambridge Innovation Capital" keeps its city
    return (
        bare in STOPWORDS
        or _DEMONYM_RE.fullmatch(bare) is not None
        or bare in ("and", "of", "for", "&")
    )


def same_company(a: str, b: str) -> bool:
    """Whether two names can be one company: "Acme" and "Acme Robotics Inc.", "Lumo" and
    "Market Lumo", "Vexa" and "Shanghai Vexa Intelligent Technology Co."."""
    x, y = normalize_name(a).split(), normalize_name(b).split()
    if not x or not y:
        return False
    shorter = min(len(x), len(y))
    if x[:shorter] == y[:shorter] or x[-shorter:] == y[-shorter:]:
        return True
    # "Acme Pharma" and "Acme Pharmaceuticals": the same first word, then abbreviations
    if (
        len(x) == len(y)
        and x[0] == y[0]
        and len(x[0]) >= 4
        and all(
            a.startswith(b) or b.startswith(a)
            for a, b in zip(x[1:], y[1:], strict=True)
        )
    ):
        return True
    # A distinctive one-word name inside a longer formal name
    short, long = (x, y) if len(x) < len(y) else (y, x)
    return len(short) == 1 and len(short[0]) >= 4 and short[0] in long


def is_company_itself(investor: str, company: str) -> bool:
    """Whether an investor's name is the company's own (a parent "Acme Holdings" is not)."""
    x, y = normalize_name(investor).split(), normalize_name(company).split()
    return x == y or (len(x) > 1 and len(y) > 1 and same_company(investor, company))


def unique_names(names: list[Name]) -> list[Name]:
    """The names, each company once (the first mention kept)."""
    result: list[Name] = []
    for name in names:
        if not any(same_company(name[0], kept[0]) for kept in result):
            result.append(name)
    return result


# People: a name beside a job title, after "said" or in a byline is a person, not a company
_PERSON_WORD = r"[A-Z][a-zà-ÿ'’]*[a-zà-ÿ](?:-[A-Z][a-zà-ÿ]+|[A-Z][a-zà-ÿ]+)?"
_PERSON = rf"{_PERSON_WORD}(?:[ ](?:[A-Z]\.[ ])?(?:(?:van|von|de|da|di|del|le|la|bin|al|dos)[ ])?{_PERSON_WORD}){{1,2}}"
_TITLES = (
    r"CEO|CFO|CTO|COO|CPO|CMO|CIO|founder|co-?founder|chief\s(?:executive|financial|technology|operating|investment)"
    r"(?:\sofficer)?|president|chairman|chairwoman|chairperson|managing\s(?:director|partner)|general\spartner|"
    r"partner|principal|director|analyst|spokes(?:person|man|woman)|professor|head\sof\s[\w\s]{1,20}?|"
    r"Mr|Mrs|Ms|Dr|PDG|Chef|Chefin|Gründer(?:in)?|Mitgründer(?:in)?|Geschäftsführer(?:in)?|Vorstand|fondateur|"
    r"fondatrice|cofondateur|directeur|directrice|fundador(?:a)?|cofundador(?:a)?|presidente|sócio|sócia"
)
# "CEO Jane Doe", "founder and CEO of Acme Jane Doe", "said Jane Doe": a cue just before
_CUE_BEFORE_RE = patterns.starting(
    "_CUE_BEFORE_RE",
    "acdefghmnpstvACDFGHMPSV",
    rf"\b(?:(?i:{_TITLES})\.?(?:\s(?:and|&|et|und|y|e)\s(?i:{_TITLES}))?(?:\s(?:of|at|d['’]|de|von|bei)\s?[A-Z][\w.&-]*)?"
    rf"|(?:said|says|told|added|explained|noted|according\sto|a\sdéclaré|sagte|dijo|disse))[\s,]+$",
)
# "Jane Doe, the company's chief executive", "Jane Doe said": a cue just after
_CUE_AFTER_RE = re.compile(
    rf",\s(?:the\s|its\s|a\s|an\s|who\sis\s)?(?:[\w’'-]+\s){{0,4}}?(?i:{_TITLES})\b"
    r"|\s(?:said|says|told|added|explained|noted|sagte|a\sdéclaré)\b"
)
_BYLINE_RE = re.compile(r"(?:^|[.!?]\s+)(?:By|Par|Von|Por|Autor:?)\s+$")
_PERSON_RE = re.compile(_PERSON)
_GIVEN_NAME_RE = re.compile(rf"{_PERSON_WORD}[ ]$")
# Words that make a name an organisation's, whatever stands around it
_ORGANISATION_WORDS = _words(
    """capital ventures venture partners group holdings holding fund funds bank investments investment
    management labs lab technologies technology tech ai inc ltd llc corp corporation co company gmbh ag
    sa sas plc limited university institute foundation associates advisors securities asset assets
    global international systems software media health therapeutics pharma pharmaceuticals bio
    robotics energy motors networks solutions services studio studios games finance financial
    equity growth investors"""
)


def names_a_person(text: str, name: str) -> bool:
    """Whether ``text`` names ``name`` as a person: beside a job title, as a quote's speaker,
    in a byline; a surname alone is a person when the full name is.

    >>> text = "Acme raised $5m, said Jane Doe, its chief executive. Doe added that Acme grew."
    >>> names_a_person(text, "Jane Doe"), names_a_person(text, "Doe"), names_a_person(text, "Acme")
    (True, True, False)
    """
    words = name.split()
    if len(words) > 3 or any(
        w.lower().strip(".,") in _ORGANISATION_WORDS
        or w.lower() in STOPWORDS
        or w.lower() in PLACES
        for w in words
    ):
        return False
    spans = []
    for at in word_spans(name, text):
        if len(words) > 1:
            spans.append((at, at + len(name)))
            continue
        # "Doe" alone: where the text gives a full name ending in it, "Jane Doe"
        given = _GIVEN_NAME_RE.search(text, max(0, at - 25), at)
        if given is not None:
            spans.append((given.start(), at + len(name)))
    for start, end in spans:
        if not _PERSON_RE.fullmatch(text, start, end):
            continue
        line_start = text.rfind("\n", 0, start) + 1
        if (
            _CUE_BEFORE_RE.search(text, max(0, start - 80), start)
            or _CUE_AFTER_RE.match(text, end)
            or _BYLINE_RE.search(text, max(line_start, start - 40), start)
        ):
            return True
    return False


# Ordinary words that open sentences: capitalised there, they name nothing
COMMON_OPENERS = _words(
    """a about above according across after afterwards again against ahead all almost along already also
    although always among amid an and another any anyone anything apart around as at back based because
    before behind being below beside besides between beyond both but by can could currently despite
    did do does doing down during each earlier either else elsewhere even eventually ever every
    everyone everything except far few finally first following for from further furthermore given had
    has have having he her here hers him his how however if in including indeed instead into is it its
    just last late lately later least less let like likewise many may maybe meanwhile might more
    moreover most much must my near nearly neither never nevertheless new next no none nor not nothing
    now of off often on once one only or other others otherwise our out over overall own per perhaps
    plus previously prior rather really recently regardless reportedly reports report right same
    several she should similarly since so some someone something sometimes soon still subsequently such
    than that the their them then there therefore these they this those though through throughout thus
    to today together too toward towards typically under unless unlike until up upon us usually very
    via was we well were what whatever when where whereas whether which while who whom whose why will
    with within without would yet yesterday you your sources analysts experts investors data industry
    market markets startups companies firms funding investment investments this year
    we've we're it's that's there's here's they're i'm i've let's don't can't won't isn't
    having getting making taking seeing looking raising going coming using building
    founded established launched started headquartered incorporated backed created
    fondée fondé créée créé lancée lancé fundada fundado criada criado gegründet
    le la les l'on un une des du de ce cette ces il elle ils elles nous on mais et ou donc ni car
    après avant depuis pendant selon aujourd'hui hier côté en au aux dans pour par sur avec sans
    el los las una este esta estos también además así pero sin con para por desde hasta durante
    mientras cuando como donde hoy ayer ahora ya según segundo antes después más
    der die das dem den des ein eine einer auch nach vor seit laut heute gestern außerdem dabei
    zudem im am um für mit zum zur bei so wie
    o os as um uma também após hoje ontem já mas com pelo pela no na nos nas do da dos"""
)


def is_common_opener(word: str) -> bool:
    """Whether a capitalised word at the start of a sentence is an ordinary word there.

    >>> is_common_opener("Reports"), is_common_opener("We’ve"), is_common_opener("Quillpay")
    (True, True, False)
    """
    return word.lower().replace("’", "'") in COMMON_OPENERS
