"""Proper names in phrases: "Berlin-based fintech Acme Pay" -> "Acme Pay", lists of investors."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rounds.extraction import cues

Name = tuple[str, int, int]

_TOKEN = r"(?:[A-Z0-9][\w&.'’+-]*|[a-z]{1,3}[A-Z][\w.'’-]*)"
_JOINER = r"(?:of|for|de|du|la|van|von|der|del|di|da|&|and\sCo\.?)"
# "led by Acme Capital in May 2023": a date after "in" ends the name
_DATE_TOKEN = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?|(?:19|20)\d\d|Q[1-4]|H[12])(?![\w&'’+-])"
)
_DATE_RUN_RE = re.compile(
    rf"{_DATE_TOKEN}(?:,?[ \t]+(?:{_DATE_TOKEN}|\d{{1,2}}(?:st|nd|rd|th)?))*"
)
_RUN_RE = re.compile(
    rf"{_TOKEN}(?:[ \t]+(?:{_JOINER}[ \t]+|in[ \t]+(?!{_DATE_TOKEN}))?{_TOKEN})*"
)
_DESCRIPTORS = (
    "startup|start-up|company|firm|platform|app|maker|developer|provider|operator|marketplace|"
    "service|specialist|manufacturer|retailer|lender|insurer|fintech|insurtech|proptech|edtech|"
    "healthtech|medtech|biotech|aggregator|portal|producer|supplier|brand|label|\\w+maker|"
    "outfit|unicorn|conglomerate|giant|chain|player|website|investor|"
    "creator|pioneer|advisor|adviser|manager|entrepreneur|angel|unternehmen|firma|plattform|"
    "anbieter|hersteller|entwickler|betreiber|spezialist|versicherer|dienstleister"
)
_ADVERB_RE = re.compile(
    r"[a-z]{2,}ly|now|then|again|just|still|already|once|soon|since|first|later|earlier|itself"
)
_DESCRIPTOR_RE = re.compile(rf"\b(?:{_DESCRIPTORS})s?\b[ \t]+(?=\S)", re.IGNORECASE)
_LIST_SPLIT_RE = re.compile(
    r"\s*,\s*(?:and\s+|und\s+)?|\s+(?:and|und|sowie|as\swell\sas|plus)\s+"
)
_ITEM_PREFIX_RE = re.compile(
    r"^(?:(?:other|existing|new|early|current|its|their|the|seed|incoming|returning|several|strategic|"
    r"financial|prominent|institutional|individual|angel|die|den|der)\s+)*"
    r"(?:investors?|backers?|shareholders?|angels?|VCs?|Bestandsinvestoren|Investoren|Altgesellschaftern?)?"
    r"\s*(?:such\s+as|like|including|include|includes|wie|namely|[-–:])?\s*",
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
    r"\b(?:who|which|that|to|at|with|as\spart|among|amongst|through|using|via|while|whereas|but|"
    r"has|have|had|will|were|was|is|are|said|says|reports|reported|told|tells|too|also|participated|"
    r"joined|invested|led|include|included|includes|according|aus|bei|in\s+(?:the|this|a|an|its)\b)\b|\s\d[\d.,]*\s(?i:millionen|milliarden|million|billion|mio|mrd|crore)\b|\.(?=\s+[A-ZÀ-ÖØ-Þ]|\s*$)|[;()“”\"]|\s[-–—]\s",
)
_CLAUSE_VERB_RE = re.compile(
    r"(?:said|says|reports|reported|told|tells|according|too|also|has|have|had|will|were|was|is|are|participated|joined|invested)\b"
)
STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "its",
        "it's",
        "this",
        "that",
        "these",
        "those",
        "they",
        "their",
        "them",
        "we",
        "our",
        "he",
        "she",
        "his",
        "her",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "and",
        "but",
        "or",
        "if",
        "when",
        "while",
        "after",
        "before",
        "since",
        "according",
        "last",
        "earlier",
        "today",
        "yesterday",
        "also",
        "however",
        "meanwhile",
        "other",
        "existing",
        "new",
        "mr",
        "ms",
        "mrs",
        "dr",
        "ceo",
        "cfo",
        "cto",
        "coo",
        "chief",
        "executive",
        "officer",
        "founder",
        "co-founder",
        "cofounder",
        "president",
        "chairman",
        "partner",
        *cues.WEEKDAYS,
        *cues.MONTHS,
        *cues.MONTH_ABBREVIATIONS,
        "series",
        "seed",
        "round",
        "funding",
        "financing",
        "investment",
        "investors",
        "update",
        "read",
        "more",
        "photo",
        "source",
        "advertisement",
        "share",
        "click",
        "subscribe",
        "newsletter",
        "here",
        "there",
        "what",
        "why",
        "how",
        "details",
        "deals",
        "note",
        "notably",
        "specifically",
        "interestingly",
        "so",
        "together",
        "both",
        "all",
        "some",
        "many",
        "several",
        "first",
        "second",
        "third",
        "per",
        "via",
        "ipo",
        "rs",
        "inr",
        "usd",
        "eur",
        "gbp",
        "cny",
        "jpy",
        "krw",
        "rmb",
        "der",
        "die",
        "das",
        "ein",
        "eine",
        "to",
        "though",
        "people",
        "others",
        "weekly",
        "daily",
        "monthly",
        "two",
        "three",
        "four",
        "five",
        "six",
        "several",
        "many",
        "inc",
        "ltd",
        "llc",
        "corp",
        "gmbh",
        "plc",
        "rival",
        "rivals",
        "competitor",
        "peer",
        "fellow",
        "startups",
        "companies",
        "firms",
        "founders",
        "co-founders",
        "headquarters",
        "vc",
        "vcs",
        "leadinvestor",
        "why",
        "who",
        "where",
        "because",
        "despite",
        "during",
        "und",
        "mit",
        "von",
        "für",
        "im",
        "am",
        "bei",
        "nach",
        "seit",
        "über",
        "laut",
        "quelle",
        "investor",
        "investoren",
        "runde",
    ]
)
_TRAILING_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "for",
        "said",
        "says",
        "in",
        "on",
        "at",
        *cues.WEEKDAYS,
        *cues.MONTHS,
    ]
)
_DEMONYM_RE = re.compile(
    r"chinese|indian|german|french|british|japanese|korean|swiss|swedish|italian|spanish|dutch|belgian|"
    r"nigerian|african|canadian|australian|american|european|asian|israeli|indonesian|danish|norwegian|"
    r"finnish|austrian|polish|irish|brazilian|mexican|kenyan|egyptian|singaporean|vietnamese|thai|"
    r"malaysian|taiwanese|russian|us|u\.s|uk|u\.k|eu|uae"
)
PLACES = frozenset(
    [
        "china",
        "chinese",
        "india",
        "indian",
        "us",
        "u.s.",
        "usa",
        "america",
        "american",
        "europe",
        "european",
        "germany",
        "german",
        "berlin",
        "munich",
        "hamburg",
        "france",
        "french",
        "paris",
        "uk",
        "british",
        "britain",
        "london",
        "japan",
        "japanese",
        "tokyo",
        "korea",
        "korean",
        "seoul",
        "singapore",
        "indonesia",
        "indonesian",
        "jakarta",
        "israel",
        "israeli",
        "israeli",
        "swiss",
        "switzerland",
        "zurich",
        "sweden",
        "swedish",
        "stockholm",
        "italy",
        "italian",
        "milan",
        "spain",
        "spanish",
        "madrid",
        "netherlands",
        "dutch",
        "amsterdam",
        "belgium",
        "belgian",
        "brussels",
        "nigeria",
        "nigerian",
        "africa",
        "african",
        "kenya",
        "egypt",
        "brazil",
        "mexico",
        "canada",
        "canadian",
        "toronto",
        "australia",
        "australian",
        "sydney",
        "beijing",
        "shanghai",
        "shenzhen",
        "hangzhou",
        "bengaluru",
        "bangalore",
        "mumbai",
        "delhi",
        "california",
        "texas",
        "boston",
        "seattle",
        "asia",
        "asian",
        "southeast",
        "dubai",
        "uae",
        "saudi",
        "arabia",
        "vietnam",
        "thailand",
        "malaysia",
        "philippines",
        "taiwan",
        "russia",
        "washington",
        "vancouver",
        "melbourne",
        "chicago",
        "florida",
        "massachusetts",
        "cambridge",
        "oakland",
        "pittsburgh",
        "noida",
        "gurugram",
        "gurgaon",
        "hyderabad",
        "chennai",
        "pune",
        "lagos",
        "nairobi",
        "cairo",
        "istanbul",
        "warsaw",
        "vienna",
        "copenhagen",
        "oslo",
        "helsinki",
        "dublin",
        "lisbon",
        "prague",
        "budapest",
        "geneva",
        "lausanne",
        "cologne",
        "frankfurt",
        "danish",
        "norwegian",
        "finnish",
        "austrian",
        "polish",
        "irish",
        "u.s",
        "u.k",
        "eu",
        "uae",
    ]
)


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
            and re.search(r"[A-Z][\w.-]*\s$", phrase[: descriptor.start()])
            and not re.search(
                r"\b(?:[Dd]as|[Dd]er|[Dd]ie|[Ee]in|[Ee]ine)\s+\S+\s$",
                phrase[: descriptor.start()],
            )
        ):
            continue
        tail = phrase[tail_start:]
        if (
            re.fullmatch(r"[a-z][\w.-]{1,30}", tail)
            and tail.lower() not in STOPWORDS
            and not re.fullmatch(rf"(?:{_DESCRIPTORS})s?", tail)
            # "The company previously raised": an adverb, not a lower-case brand
            and not _ADVERB_RE.fullmatch(tail)
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

    >>> [n for n, _, _ in names_in_list("Acme Capital, a Paris firm, Bolt VC and others, the people said")]
    ['Acme Capital', 'Bolt VC']
    """
    stop = _STOP_LIST_RE.search(text)
    text = text[: stop.start()] if stop else text
    if (
        stop
        and _CLAUSE_VERB_RE.match(stop.group(0))
        and "," in text
        and not re.match(r"\s*(?:and|und)\s", text[text.rfind(",") + 1 :])
    ):
        # "led by A, B too participated": after the last comma a new clause begins
        text = text[: text.rfind(",")]
    names: list[Name] = []
    position = 0
    for item_match in re.finditer(r"[^,]+", text):
        item_start = item_match.start()
        item = item_match.group(0)
        # "Lilly Ventures, the venture arm of Eli Lilly,": a description of the previous name
        described = re.match(r"\s*the\s+[a-z]", item) and names
        if (
            _APPOSITIVE_RE.match(item.strip())
            or described
            or re.match(r"\s*(?:advised|managed|represented|owned)\sby\b", item)
        ):
            continue
        for piece in _LIST_SPLIT_RE.split(item_match.group(0)):
            piece_start = text.find(piece, max(item_start, position)) if piece else -1
            if piece_start < 0:
                continue
            position = piece_start + len(piece)
            name = _name_of_item(piece)
            if name is not None:
                names.append((name[0], name[1] + piece_start, name[2] + piece_start))
    return tuple(names)


@lru_cache(maxsize=8192)
def is_valid_name(name: str) -> bool:
    if not name[:1].isalpha() or re.match(r"(?:EUR|USD|GBP|INR|CNY|US|Rs)\$?\d", name):
        return False
    words = name.lower().replace("’", "'").split()
    if not words or len(words) > 7 or len(name) < 2:
        return False
    if all(w.strip(".,") in STOPWORDS or w.strip(".,") in PLACES for w in words):
        return False
    if _DATE_RUN_RE.fullmatch(name):
        return False
    return not re.fullmatch(r"[\d.,%$€£]+", name)


def _name_of_item(item: str) -> Name | None:
    stripped = item.strip()
    if not stripped:
        return None
    offset = item.find(stripped)
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
    possessive = re.search(r"['’]s\s+", stripped)
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
    if runs and re.match(r"\s+[a-zäöü]+\s+[a-zäöü]", stripped[runs[0][2] :]):
        # "Acme Ventures stemmten die Hälfte": the name ends where the verb phrase begins
        stripped = stripped[: runs[0][2]]
    found = name_in_phrase(stripped)
    if found is None or not is_valid_name(found[0]) or found[0][0].islower():
        return None
    return (found[0], found[1] + offset, found[2] + offset)


def _trim_run(phrase: str, start: int, end: int) -> Name | None:
    text = phrase[start:end]
    # "Orrin Corp.'s venture arm" names Orrin Corp.; in "Ana Ruiz's Quillpay" the name is Quillpay
    possessive = re.search(r"['’]s?(?=\s|$)", text)
    if possessive and text[possessive.end() :].strip():
        start += (
            possessive.end()
            + len(text[possessive.end() :])
            - len(text[possessive.end() :].lstrip())
        )
        text = text[possessive.end() :].strip()
    elif possessive:
        text = text[: possessive.start()]
    text = re.sub(r"[\s.,:;'’-]+$", "", text)
    if re.search(r"\b(?:Inc|Corp|Ltd|Co|Bhd)$", text):
        text += "."
    words = text.split()
    # "IAN Group-backed BioAngels": what precedes "-backed" describes the name
    for index in range(len(words) - 1, 0, -1):
        if (
            words[index - 1]
            .lower()
            .endswith(("-based", "-listed", "-owned", "-backed", "-led"))
        ):
            start = phrase.find(words[index], start)
            words = words[index:]
            break
    while words and (
        _is_stop(words[0])
        or words[0]
        .lower()
        .endswith(("-based", "-listed", "-headquartered", "-owned", "-backed"))
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


def _is_stop(word: str) -> bool:
    bare = word.lower().strip(".,:;")
    # "Chinese AI startup" loses "Chinese"; "Cambridge Innovation Capital" keeps its city
    return (
        bare in STOPWORDS
        or _DEMONYM_RE.fullmatch(bare) is not None
        or bare in ("and", "of", "for", "&")
    )


# Legal forms and filler words that do not tell two organisations apart.
# Legal forms and group words that end a company's name; "The" may start one.
_LEGAL_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "corp",
        "corporation", "co", "company", "plc", "gmbh", "ag", "sa", "sas", "sarl",
        "bv", "nv", "pte", "pvt", "private", "holding", "holdings", "group", "srl",
        "spa", "ltda", "ab", "asa", "oy", "oyj", "kk", "bhd", "sdn", "ооо", "оао",
        "зао", "пао", "ао",
    }
)  # fmt: skip
# Scripts written without spaces put the legal form at the end of the word itself:
_LEGAL_ENDINGS = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "株式会社",
    "有限会社",
    "集团",
    "公司",
)


@lru_cache(maxsize=65_536)
def normalize_name(name: str) -> str:
    """Return the comparison key of an organisation's name: "" when it has no letter or digit.

    Letters of every script are kept (NFKC, case-folded); accents on Latin letters are dropped,
    because English news often drops them; punctuation, symbols and invisible characters go,
    and so do a leading "The" and the legal form at the end, unless the name is nothing else.

    >>> normalize_name("Alibaba Group Holding Ltd.")
    'alibaba'
    >>> normalize_name("Zürich Ventures & Co")
    'zurich ventures'
    >>> normalize_name("Сбер Венчурс"), normalize_name("字节跳动")
    ('сбер венчурс', '字节跳动')
    >>> normalize_name("\u200b\u200d")
    ''
    """
    text = unicodedata.normalize("NFKC", name)
    if not text.isascii():
        text = _without_latin_accents(text)
    text = text.casefold().replace("&", " and ")
    words = "".join(map(_key_char, text)).split()
    return " ".join(_without_legal_form(words) or words)


def _without_legal_form(words: list[str]) -> list[str]:
    core = words[1:] if words[:1] == ["the"] else list(words)
    while core and (core[-1] in _LEGAL_SUFFIXES or core[-1] == "and"):
        core.pop()
    if core:
        last = core[-1]
        for ending in _LEGAL_ENDINGS:
            if last.endswith(ending) and len(last) > len(ending):
                core[-1] = last[: -len(ending)]
                break
    return core


def _without_latin_accents(text: str) -> str:
    # Only marks on a Latin base letter: on kana or Cyrillic they tell different letters apart.
    decomposed = unicodedata.normalize("NFD", text)
    kept = [
        char
        for index, char in enumerate(decomposed)
        if not (
            unicodedata.category(char) == "Mn"
            and index
            and decomposed[index - 1].isascii()
        )
    ]
    return unicodedata.normalize("NFC", "".join(kept))


def _key_char(char: str) -> str:
    category = unicodedata.category(char)
    if category[0] in "LMN":
        return char
    # Zero-width joiners and other format characters are invisible: they join, never split.
    return "" if category == "Cf" else " "
