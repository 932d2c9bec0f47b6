"""Places and their countries: country names, demonyms and cities, with ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import re

# Countries: (ISO code, names and demonyms in English and in the languages the extractor reads)
_COUNTRIES = {
    "US": "us u.s. u.s usa united states america american américain américaine amerikanische estadounidense norte-americana états-unis estados unidos",
    "GB": "uk u.k. u.k britain great britain united kingdom british england english scottish scotland wales welsh britische britannique royaume-uni reino unido",
    "CN": "china chinese chinois chinoise chinesische chino china's chine",
    "IN": "india indian indien indienne indische inde",
    "DE": "germany german deutschland deutsche deutscher deutsches allemand allemande alemán alemana allemagne alemania",
    "FR": "france french français française französische francés francesa frankreich francia",
    "JP": "japan japanese japonais japonaise japanische japonés japon japón",
    "KR": "korea south korea korean sud-coréen coréen coréenne koreanische",
    "SG": "singapore singaporean singapur",
    "ID": "indonesia indonesian indonésien indonésienne",
    "IL": "israel israeli israélien israélienne israelische",
    "CH": "switzerland swiss suisse schweiz schweizer",
    "SE": "sweden swedish suédois suédoise schwedische",
    "IT": "italy italian italien italienne italienische italiano italiana italia italie",
    "ES": "spain spanish espagnol espagnole spanische española español españa espagne spanien",
    "NL": "netherlands the netherlands dutch holland néerlandais néerlandaise niederländische",
    "BE": "belgium belgian belge belgische",
    "NG": "nigeria nigerian nigérian nigériane",
    "KE": "kenya kenyan kényan",
    "EG": "egypt egyptian égyptien",
    "ZA": "south africa south african",
    "BR": "brazil brazilian brésilien brésilienne brasileira brasileiro brasil brasileño brasileña",
    "MX": "mexico mexican mexicain mexicaine mexicana mexicano méxico",
    "CA": "canada canadian canadien canadienne kanadische",
    "AU": "australia australian australien australienne australische",
    "AE": "uae united arab emirates emirati",
    "SA": "saudi arabia saudi",
    "VN": "vietnam viet nam vietnamese vietnamien",
    "TH": "thailand thai",
    "MY": "malaysia malaysian",
    "PH": "philippines filipino philippine",
    "TW": "taiwan taiwanese",
    "RU": "russia russian russe russische",
    "AT": "austria austrian österreich österreichische autrichien autrichienne",
    "DK": "denmark danish danois danoise dänische",
    "NO": "norway norwegian norvégien norvégienne norwegische",
    "FI": "finland finnish finlandais finlandaise finnische",
    "PL": "poland polish polonais polonaise polnische",
    "IE": "ireland irish irlandais irlandaise irische",
    "PT": "portugal portuguese portugais portugaise portuguesa português",
    "TR": "turkey turkish türkiye turc turque",
    "PK": "pakistan pakistani",
    "BD": "bangladesh bangladeshi",
    "EE": "estonia estonian",
    "SK": "slovakia slovak slovaque",
    "CZ": "czech republic czechia czech",
    "HU": "hungary hungarian",
    "RO": "romania romanian",
    "UA": "ukraine ukrainian",
    "LT": "lithuania lithuanian",
    "GR": "greece greek",
    "AR": "argentina argentine argentinian argentino argentin",
    "CL": "chile chilean chileno chilena chilien chilienne",
    "CO": "colombia colombian colombiano colombiana colombien colombienne",
    "PE": "peru peruvian perú peruano peruana péruvien péruvienne",
    "NZ": "new zealand",
    "HK": "hong kong",
    "LU": "luxembourg",
    "RW": "rwanda rwandan",
    "GH": "ghana ghanaian",
    "SN": "senegal senegalese sénégalais sénégalaise",
    "CI": "ivory coast côte d'ivoire ivoirien ivoirienne",
    "MA": "morocco moroccan marocain marocaine",
    "TN": "tunisia tunisian tunisien tunisienne",
    "QA": "qatar qatari",
}
# Cities, states and regions where startups are based, by country
_REGIONS = {
    "US": "new york san francisco silicon valley palo alto menlo park mountain view los angeles boston seattle austin chicago miami denver atlanta washington california texas florida massachusetts oakland pittsburgh san diego san jose brooklyn manhattan utah colorado",
    "GB": "london manchester cambridge oxford edinburgh bristol",
    "CN": "beijing shanghai shenzhen hangzhou guangzhou chengdu nanjing wuhan suzhou tianjin xi'an",
    "IN": "bengaluru bangalore mumbai delhi new delhi gurugram gurgaon noida hyderabad chennai pune kolkata ahmedabad jaipur",
    "DE": "berlin munich münchen hamburg cologne köln frankfurt düsseldorf stuttgart leipzig dresden",
    "FR": "paris lyon marseille toulouse bordeaux nantes lille grenoble montpellier",
    "JP": "tokyo osaka kyoto",
    "KR": "seoul busan",
    "ID": "jakarta",
    "IL": "tel aviv jerusalem",
    "CH": "zurich zürich geneva genève lausanne basel",
    "SE": "stockholm gothenburg",
    "IT": "milan milano rome roma turin",
    "ES": "madrid barcelona valencia",
    "NL": "amsterdam rotterdam",
    "BE": "brussels bruxelles antwerp",
    "NG": "lagos abuja",
    "KE": "nairobi",
    "EG": "cairo",
    "BR": "são paulo sao paulo rio de janeiro",
    "MX": "mexico city ciudad de méxico",
    "CA": "toronto vancouver montreal montréal",
    "AU": "sydney melbourne",
    "AE": "dubai abu dhabi",
    "SA": "riyadh",
    "VN": "hanoi ho chi minh city",
    "TR": "istanbul",
    "AT": "vienna wien",
    "DK": "copenhagen",
    "NO": "oslo",
    "FI": "helsinki",
    "PL": "warsaw",
    "IE": "dublin",
    "PT": "lisbon lisboa",
    "CZ": "prague",
    "HU": "budapest",
    "EE": "tallinn",
    "RW": "kigali",
}
# Multi-word entries are written with their spaces; single words are split on spaces
_MULTI_WORD = re.compile(
    r"new york|san francisco|silicon valley|palo alto|menlo park|mountain view|los angeles|san diego|"
    r"san jose|new delhi|tel aviv|são paulo|sao paulo|rio de janeiro|mexico city|ciudad de méxico|"
    r"abu dhabi|ho chi minh city|united states|great britain|united kingdom|south korea|"
    r"the netherlands|south africa|south african|united arab emirates|saudi arabia|viet nam|"
    r"czech republic|new zealand|hong kong|ivory coast|côte d'ivoire|estados unidos|reino unido"
)


def _entries(table: dict[str, str]) -> dict[str, str]:
    entries: dict[str, str] = {}
    for code, words in table.items():
        multi = _MULTI_WORD.findall(words)
        single = _MULTI_WORD.sub(" ", words).split()
        for word in (*multi, *single):
            entries.setdefault(word, code)
    return entries


COUNTRY_OF: dict[str, str] = {**_entries(_REGIONS), **_entries(_COUNTRIES)}
"""Lower-case place name or demonym -> ISO 3166-1 alpha-2 code."""

# Regions and the compass words that make regions of places ("Eastern Africa")
_REGION_WORDS = """asia asian europe european africa african america american latin eu mena
asean apac emea latam gulf nordic nordics scandinavia scandinavian baltic balkan balkans
caribbean oceania north south east west northern southern eastern western central southeast
northeast southwest northwest middle sub saharan"""
_WORDS_OF_PLACES = frozenset(
    word for entry in COUNTRY_OF for word in entry.replace("-", " ").split()
) | frozenset(_REGION_WORDS.split())
PLACE_WORDS = _WORDS_OF_PLACES | frozenset(word + "s" for word in _WORDS_OF_PLACES)
"""Every word of a place name or region, and its plural as French and Spanish adjectives
take it ("françaises"): a name made only of these is a place, not an organisation."""

_PLACE_PATTERN = "|".join(
    sorted((re.escape(entry) for entry in COUNTRY_OF), key=len, reverse=True)
)
PLACE_RE = re.compile(rf"(?<![\w-])(?i:{_PLACE_PATTERN})(?![\w])")
"""A place name or demonym, whole words only."""


def country_of(words: str) -> str | None:
    """The ISO code of a place name or demonym.

    >>> country_of("Berlin"), country_of("Chinese"), country_of("the US"), country_of("Acme")
    ('DE', 'CN', 'US', None)
    """
    key = words.strip().lower()
    key = key.removeprefix("the ").strip()
    return COUNTRY_OF.get(key)
