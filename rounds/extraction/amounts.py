"""Money in text: "$600 million", "US$1.2bn", "€25m", "Rs 150 crore", "1.2 billion yuan".

``parse_money`` reads one value, as an editor or analyst types it in a form, and refuses with a
``MoneyError`` that says why anything it cannot read exactly; ``find_money`` finds every amount
in an article with its span. A bare number with a scale but no currency ("1.2bn") gets
``currency=None``: guessing a currency would silently turn euros into dollars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rounds.extraction import patterns
from rounds.extraction.types import Money

_SCALES = {
    "thousand": 3, "k": 3,
    "million": 6, "millions": 6, "mn": 6, "mln": 6, "m": 6, "mio": 6, "mio.": 6, "millionen": 6,
    "billion": 9, "billions": 9, "bn": 9, "bln": 9, "b": 9, "milliarde": 9, "milliarden": 9,
    "mrd": 9, "mrd.": 9,
    "trillion": 12, "tn": 12, "trn": 12, "t": 12,
    "crore": 7, "crores": 7, "cr": 7, "cr.": 7,
    "lakh": 5, "lakhs": 5, "lac": 5,
    # French, Spanish, Portuguese and Indonesian scales: "15 millions d'euros", "R$ 3 milhões"
    "milliard": 9, "milliards": 9, "md": 9, "mds": 9, "millones": 6, "millón": 6, "millon": 6,
    "mil millones": 9, "milhão": 6, "milhao": 6, "milhões": 6, "milhoes": 6, "bilhão": 9,
    "bilhao": 9, "bilhões": 9, "bilhoes": 9, "juta": 6, "miliar": 9, "triliun": 12,
}  # fmt: skip

_PREFIX_CURRENCIES = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "usd": "USD", "hk$": "HKD", "s$": "SGD",
    "a$": "AUD", "c$": "CAD", "nz$": "NZD", "r$": "BRL", "€": "EUR", "eur": "EUR",
    "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "cny": "CNY", "rmb": "CNY",
    "₹": "INR", "rs": "INR", "rs.": "INR", "inr": "INR", "`": "INR", "₩": "KRW", "krw": "KRW",
    "chf": "CHF", "sek": "SEK", "sgd": "SGD", "brl": "BRL", "idr": "IDR", "rp": "IDR",
    "rp.": "IDR",
}  # fmt: skip

_SUFFIX_CURRENCIES = {
    "dollar": "USD", "dollars": "USD", "us dollars": "USD", "us dollar": "USD",
    "us-dollar": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "pounds sterling": "GBP", "gbp": "GBP",
    "yuan": "CNY", "chinese yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY",
    "yen": "JPY", "japanese yen": "JPY", "jpy": "JPY", "won": "KRW", "korean won": "KRW",
    "krw": "KRW", "rupee": "INR", "rupees": "INR", "inr": "INR", "rupiah": "IDR",
    "franc": "CHF", "francs": "CHF", "swiss francs": "CHF", "franken": "CHF", "chf": "CHF",
    "dólares": "USD", "dolares": "USD", "dollars américains": "USD", "reais": "BRL",
    "real": "BRL", "brl": "BRL", "yuans": "CNY", "€": "EUR", "$": "USD", "£": "GBP",
}  # fmt: skip

_PREFIX = r"(?:US\s?\$|U\.S\.\s?\$|HK\$|S\$|A\$|C\$|NZ\$|R\$|\$|€|£|¥|₹|₩|`|(?<![A-Za-z])(?:USD|EUR|GBP|JPY|CNY|RMB|INR|KRW|CHF|SEK|SGD|BRL|IDR|Rs\.?|Rp\.?)(?![A-Za-z]))"
_NUMBER = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
# "T" only as a capital: "$1T" is a trillion, "$5 t" nothing.
_SCALE = (
    r"(?:(?i:thousand|millions?|billions?|trillion|milliarden|milliarde|millionen|mio\.?|mrd\.?|"
    r"crores?|lakhs?|lac|milliards?|mil\smillones|millones|mill[oó]n|milh(?:ão|ao|ões|oes)|"
    r"bilh(?:ão|ao|ões|oes)|juta|miliar|triliun|mds?|mn|mln|bn|bln|trn|tn|cr\.?|m|b|k)|T)"
    r"(?![A-Za-z0-9])"
)
_SUFFIX = r"(?i:(?:of\s|d['’]\s?|de\s)?(?:US[\s-]dollars?|dollars?(?:\saméricains)?|d[óo]lares|reais|real|brl|yuans?|euros?|pounds(?:\ssterling)?|pound|(?:chinese\s)?yuan|renminbi|rmb|cny|(?:japanese\s)?yen|(?:korean\s)?won|rupees?|rupiah|(?:swiss\s)?francs?|franken|usd|eur|gbp|inr|jpy|krw|chf))(?![A-Za-z])"


def _range(group: str) -> str:
    return rf"(?:\s?[-–]\s?(?P<{group}high>{_NUMBER}))?"


_MONEY_RE = patterns.starting(
    "_MONEY_RE",
    "$€£¥₹₩`ABCEGHIJKNORSUuoO",
    rf"(?P<pre>{_PREFIX})\s?(?P<anum>{_NUMBER}){_range('a')}(?:\s?(?P<ascale>{_SCALE}))?(?:\s(?P<asuf>{_SUFFIX}))?"
    rf"|(?<![\w.,])(?P<bnum>{_NUMBER}|(?i:un|one)(?=\s)){_range('b')}(?:\s?(?P<bscale>{_SCALE}))?\s(?P<bsuf>{_SUFFIX})"
    # "15 M€", "3 Mio. €": a currency sign after the scale
    rf"|(?<![\w.,])(?P<cnum>{_NUMBER})\s?(?P<cscale>{_SCALE})\s?(?P<csuf>[€$£])",
    classes=r"\d",
)
_DOTTED_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")
# Every amount has a digit, or is "un million" / "one million": other texts are not searched
_DIGIT_RE = re.compile(r"\d")
_WORD_NUMBER_RE = re.compile(r"(?i:un|one)\s(?i:milli)")
_BARE_RE = re.compile(rf"(?P<num>{_NUMBER})\s?(?P<scale>{_SCALE})?")

_QUALIFIER_PATTERNS = (
    ("about", r"just\sunder|nearly|almost|near|around|roughly|about|some|approximately|approx\.|an\sestimated|estimated|close\sto|circa|knapp|rund|etwa|ungefähr|ca\.|près\sde|environ|quelque|cerca\sde|alrededor\sde|unos|aproximadamente|quase"),
    ("more_than", r"more\sthan|over|north\sof|upwards\sof|beyond|in\sexcess\sof|über|mehr\sals|plus\sde|más\sde|mais\sde"),
    ("at_least", r"at\sleast|at\sor\sabove|mindestens|au\smoins|al\smenos|pelo\smenos"),
    ("up_to", r"up\sto|as\smuch\sas|bis\szu|jusqu['’]à|hasta|até"),
)  # fmt: skip
_QUALIFIER_RES = tuple(
    (
        name,
        patterns.starting(
            f"_QUALIFIER_RES {name}",
            "".join(dict.fromkeys(word[0] for word in words.split("|"))),
            rf"(?<![A-Za-z])(?:{patterns.by_first_letter(words)})\s{{0,2}}$",
            re.IGNORECASE,
        ),
    )
    for name, words in _QUALIFIER_PATTERNS
)
_RANGE_JOIN_RE = re.compile(r"\s?(?:-|–|to)\s?$")
_AND_OR_TO_RE = re.compile(r"\s(?:and|to)\s")
_BETWEEN_END_RE = re.compile(r"\bbetween\s+$")
_FROM_END_RE = re.compile(r"\bfrom\s+$")
_SPACE_RE = re.compile(r"\s")
_SPACES_RE = re.compile(r"\s+")
_SUFFIX_PREPOSITION_RE = re.compile(r"^(?:of\s|d['’]\s?|de\s)")
# "1,5" (German) is a decimal comma; "1,500" groups thousands
_DECIMAL_COMMA_RE = re.compile(r"\d+,\d{1,2}")


@dataclass(frozen=True)
class MoneySpan:
    """An amount found in a text, with its span (qualifier words excluded)."""

    money: Money
    start: int
    end: int
    scaled: bool


MAX_AMOUNT = Decimal(10) ** 15
"""No funding amount reaches 10^15 units of any currency (a quadrillion rupiah is $60 billion),
and converted to US dollars it still fits the database's 18 digits."""

# One amount as people type it: "more than $2.5B", "USD 600M", "€25 million", "1,500,000 SEK".
_TYPED_QUALIFIER = "|".join(pattern for _, pattern in _QUALIFIER_PATTERNS)
_TYPED_RE = re.compile(
    rf"""\s*
    (?P<qualifier>(?i:{_TYPED_QUALIFIER})(?=[\s$€£¥₹₩`\d])|>=|≥|>|~|≈|<=|≤)?\s*
    (?P<sign>[-−–]|(?i:minus|negative)\s)?\s*
    (?P<pre>{_PREFIX}|[A-Z]{{3}}(?=[\s\d]))?\s*
    (?P<sign_after>[-−–])?\s*
    (?P<number>[\d.,]*\d(?:[eE][+-]?\d+)?)
    (?:\s?(?:-|–|to)\s?(?P<high>[\d.,]*\d))?
    \s*(?P<scale>{_SCALE})?
    (?:\s*(?P<suffix>{_SUFFIX}|[A-Z]{{3}}))?
    \s*\.?\s*""",
    re.VERBOSE,
)
_SYMBOL_QUALIFIERS = {">=": "at_least", "≥": "at_least", ">": "more_than", "~": "about"}
_SYMBOL_QUALIFIERS |= {"≈": "about", "<=": "up_to", "≤": "up_to"}
_WESTERN_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_INDIAN_GROUPS = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?")
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?|\d+,\d{1,2}")
EXAMPLES = "Write it as in the news: $600M, 1.2bn, €25 million, USD 40M."


class MoneyError(ValueError):
    """Text that is not exactly one amount; the message says why, in words for an editor."""


def parse_money(text: str) -> Money | None:
    """Read one amount as an editor types it: None for empty text, else Money or MoneyError.

    >>> parse_money("$600M")
    Money(amount=Decimal('600000000'), currency='USD', qualifier='exact', high=None)
    >>> parse_money("Rs 150 crore").amount
    Decimal('1500000000')
    >>> parse_money("more than €25 million").qualifier
    'more_than'
    >>> parse_money("1.2bn")
    Money(amount=Decimal('1200000000'), currency=None, qualifier='exact', high=None)
    >>> parse_money("$1T").amount
    Decimal('1000000000000')
    >>> parse_money("-$5M")
    Traceback (most recent call last):
    ...
    rounds.extraction.amounts.MoneyError: “-$5M”: an amount cannot be negative.
    """
    text = text.strip()
    if not text:
        return None
    shown = text if len(text) <= 40 else text[:40] + "…"
    if len(text) > 100:
        raise MoneyError(f"“{shown}” is too long to be one amount. {EXAMPLES}")
    match = _TYPED_RE.fullmatch(text)
    if match is None:
        raise MoneyError(f"“{shown}” is not an amount. {EXAMPLES}")
    if match["sign"] or match["sign_after"]:
        raise MoneyError(f"“{shown}”: an amount cannot be negative.")
    amount = _typed_number(match["number"], match["scale"], shown)
    high = (
        _typed_number(match["high"], match["scale"], shown) if match["high"] else None
    )
    currency = _typed_currency(match["pre"], match["suffix"], shown)
    qualifier = _typed_qualifier(match["qualifier"])
    if high is not None and high > amount:
        return Money(amount, currency, "at_least", high)
    return Money(amount, currency, qualifier)


def _typed_number(number: str, scale: str | None, shown: str) -> Decimal:
    if "e" in number.lower():
        raise MoneyError(
            f"“{shown}”: write the amount without an exponent, like 1.5bn."
        )
    if number.count(".") > 1:
        raise MoneyError(f"“{shown}”: a number has at most one decimal point.")
    if "," in number and not (
        _WESTERN_GROUPS.fullmatch(number)
        or _INDIAN_GROUPS.fullmatch(number)
        or _PLAIN_NUMBER.fullmatch(number)
    ):
        raise MoneyError(
            f"“{shown}”: the digit groups are malformed; write 1,200,000 or 1.2M."
        )
    amount = _scaled(number, scale)
    if amount is None:
        raise MoneyError(f"“{shown}” is not an amount. {EXAMPLES}")
    if amount >= MAX_AMOUNT:
        raise MoneyError(
            f"“{shown}” is larger than any funding amount (less than 10^15): "
            "check the zeros and the scale."
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise MoneyError(f"“{shown}”: an amount is kept to the cent at most.")
    return amount


def _typed_currency(prefix: str | None, suffix: str | None, shown: str) -> str | None:
    currencies = set()
    if prefix:
        key = _SPACE_RE.sub("", prefix)
        currencies.add(_PREFIX_CURRENCIES.get(key.lower(), key.upper()))
    if suffix:
        currencies.add(_suffix_currency(suffix) or suffix.upper())
    if len(currencies) > 1 and currencies != {"JPY", "CNY"}:
        raise MoneyError(f"“{shown}” names two currencies: keep one.")
    # "¥" alone is the yen; "¥1 billion yuan" is renminbi.
    return "CNY" if currencies == {"JPY", "CNY"} else next(iter(currencies), None)


def _typed_qualifier(qualifier: str | None) -> str:
    if not qualifier:
        return "exact"
    if qualifier in _SYMBOL_QUALIFIERS:
        return _SYMBOL_QUALIFIERS[qualifier]
    return qualifier_before(qualifier, len(qualifier)) or "exact"


def find_money(text: str) -> list[MoneySpan]:
    """Every amount with a currency in ``text``, in order.

    >>> [(s.money.amount, s.money.currency) for s in find_money("raised 50 million euros and $3bn")]
    [(Decimal('50000000'), 'EUR'), (Decimal('3000000000'), 'USD')]
    >>> find_money("a $7-8 billion valuation")[0].money
    Money(amount=Decimal('7000000000'), currency='USD', qualifier='at_least', high=Decimal('8000000000'))
    """
    spans: list[MoneySpan] = []
    if not _DIGIT_RE.search(text) and not _WORD_NUMBER_RE.search(text):
        return spans
    for match in _MONEY_RE.finditer(text):
        span = _span_from_match(text, match)
        if span is None:
            continue
        previous = spans[-1] if spans else None
        if previous is not None and _joins_range(text, previous, span):
            low, high = previous.money, span.money
            spans[-1] = MoneySpan(
                Money(low.amount, low.currency, "at_least", high.amount),
                previous.start,
                span.end,
                scaled=True,
            )
            continue
        spans.append(span)
    return spans


def qualifier_before(text: str, start: int) -> str | None:
    """The qualifier ("at least", "nearly" ...) written just before ``start``, if any."""
    window = text[max(0, start - 24) : start]
    for name, pattern in _QUALIFIER_RES:
        if pattern.search(window):
            return name
    return None


def _span_from_match(text: str, match: re.Match[str]) -> MoneySpan | None:
    prefixed = match["pre"] is not None
    kind = "a" if prefixed else ("b" if match["bnum"] else "c")
    number = match[f"{kind}num"]
    if not number[0].isdigit():
        number = "1"  # "un million d'euros", "one million dollars"
    elif match[f"{kind}scale"] and _DOTTED_THOUSANDS_RE.fullmatch(number):
        number = number.replace(".", "")  # "4.000 millones de dólares" is four billion
    high_number = match["ahigh"] if prefixed else match["bhigh"]
    scale = match[f"{kind}scale"]
    suffix = match[f"{kind}suf"]
    if prefixed:
        currency = _PREFIX_CURRENCIES.get(_SPACE_RE.sub("", match["pre"]).lower())
        if suffix and currency in (None, "JPY"):
            currency = _suffix_currency(suffix) or currency
    else:
        currency = _suffix_currency(suffix)
    amount = _scaled(number, scale)
    if amount is None or currency is None:
        return None
    qualifier = qualifier_before(text, match.start()) or "exact"
    high = _scaled(high_number, scale) if high_number else None
    if high is not None and high > amount:
        return MoneySpan(
            Money(amount, currency, "at_least", high), match.start(), match.end(), True
        )
    return MoneySpan(
        Money(amount, currency, qualifier),
        match.start(),
        match.end(),
        scale is not None,
    )


def _suffix_currency(suffix: str | None) -> str | None:
    if not suffix:
        return None
    words = _SUFFIX_PREPOSITION_RE.sub("", suffix.lower())
    return _SUFFIX_CURRENCIES.get(_SPACES_RE.sub(" ", words))


def _joins_range(text: str, low: MoneySpan, high: MoneySpan) -> bool:
    # "$60 billion to $70 billion", "$5-6 million": one range, not two amounts
    between = text[low.end : high.start]
    # "between $30 million and $40 million" joins with "and"
    joined_by_and = _AND_OR_TO_RE.fullmatch(
        between
    ) is not None and _BETWEEN_END_RE.search(text[max(0, low.start - 10) : low.start])
    if not joined_by_and and (len(between) > 5 or not _RANGE_JOIN_RE.search(between)):
        return False
    if _FROM_END_RE.search(text[max(0, low.start - 12) : low.start]):
        return False
    same_currency = low.money.currency == high.money.currency
    return (
        same_currency
        and low.money.high is None
        and high.money.amount > low.money.amount
    )


def _scaled(number: str, scale: str | None) -> Decimal | None:
    value = _number(number)
    if value is None:
        return None
    exponent = _SCALES.get(scale.lower(), 0) if scale else 0
    return (value * Decimal(10) ** exponent).normalize() + Decimal(0)


def _number(number: str) -> Decimal | None:
    # "1,500" and "2,52,305" group thousands; "1,5" (German) is a decimal comma
    if _DECIMAL_COMMA_RE.fullmatch(number):
        number = number.replace(",", ".")
    else:
        number = number.replace(",", "")
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
