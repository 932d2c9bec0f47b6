"""The words and patterns of funding news: verbs of raising and leading, round nouns, cues
for status, passing mentions, exclusions and valuations.

Every pattern is linear in the length of its input: bounded repetitions only, no nested
unbounded quantifiers, so that a long run of garbage cannot make a search backtrack.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rounds.extraction.patterns import by_first_letter, starting

# Raising, investing and round words
RAISE_VERB = (
    r"raises|raised|raising|raise|secures|secured|securing|closes|closed|lands|landed|bags|bagged|"
    r"pockets|pocketed|snaps(?:\sup)?|snapped(?:\sup)?|nabs|nabbed|gets|got|receives|received|"
    r"attracts|attracted|draws|drew|drawn|picks\sup|picked\sup|obtains|obtained|seals|sealed|"
    r"completes|completed|scores|scored|collects|collected|garners|garnered|rakes\sin|raked\sin|"
    r"hauls|hauled|wants|add(?:s|ed|ing)(?=\s(?:[\w$€£.,“”'-]+\s){0,5}?(?:to\s(?:its|the|a)\s|funding|capital))|looking\sfor(?=\s(?:fresh\s|new\s|more\s|additional\s)?(?:funding|capital|investment|money|investors|financing))|bring\sin|brings\sin|bringing\sin|seeks|seeking|sought|eyes|eyeing|mops\sup|mopped\sup|accepts|accepted|"
    r"announce[sd]?(?=(?:\s[\w’'$€£.,-]+){0,6}?\s(?:round|funding|financing|closing|close|completion|series|seed|\$|€|£))|"
    r"eingesammelt|einsammeln|sammelt|bekommen|bekommt|erhalten|erhält|abgeschlossen|anstrebt|strebt|"
    # French, Spanish and Portuguese: "lève 5 millions d'euros", "capta €50M", "recebeu R$ 3 milhões"
    r"lève|lèvent|levé|lever|boucle|bouclé|obtient|obtenu|décroche|décroché|récolte|récolté|"
    r"réalise|réalisé|annonce|annoncé|finalise|finalisé|"
    r"capta|captó|captado|levanta|levantó|levantado|recauda|recaudó|recaudado|consigue|consiguió|"
    r"obtiene|obtuvo|cierra|cerró|asegura|aseguró|captou|levantou|recebe|recebeu|arrecada|"
    r"arrecadou|anuncia|anunciou|fecha|fechou|conclui|concluiu|"
    # "anunció el cierre de una ronda": the announcement of a closing is the raise
    r"anunci(?:ó|aron)(?=(?:\s[\w’'$€£.,-]+){0,6}?\s(?:cierre|ronda|financiaci[óo]n|inversi[óo]n))|"
    # Lower case only ("Secure" opens names). Last, so that the words above group as one trie:
    # no other word matches where it does, so its place changes no match
    r"(?-i:secure)"
)
PERSON_APPOSITIVE_RE = re.compile(
    r"\s*,\s*(?:the\s|its\s|a\s)?(?:[\w’'-]+\s){0,4}?(?:co-?\s?founder|founder|chief|ceo|cfo|cto|president|chairman|chairwoman|partner|director)\b",
    re.IGNORECASE,
)
PAST_RAISE_RE = re.compile(
    r"raised|secured|closed|landed|bagged|pocketed|got|received|attracted|drew|obtained|completed|collected|garnered",
    re.IGNORECASE,
)
RAISE_RE = starting(
    "RAISE_RE",
    "abcdefghilmnoprsw",
    rf"\b(?:{by_first_letter(RAISE_VERB)})\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def raise_verbs(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the raise verbs in ``text`` (read once per sentence, asked many times)."""
    return tuple(m.span() for m in RAISE_RE.finditer(text))


ROUND_NOUN_RE = starting(
    "ROUND_NOUN_RE",
    "abcefgilrt",
    r"\b(?:"
    + by_first_letter(
        r"round|funding|financing|fundraise|fundraising|fund-raising|investment|backing|"
        r"add-on|extension|top-up|addition\sto\s(?:its|the|their)|"
        r"tranche|close|grant|Finanzierungsrunde|Finanzierung|Runde|Investment|"
        r"levée|tour\sde\stable|financement|ronda|financiación|inversión|rodada|aporte|investimento"
    )
    + r")\b",
    re.IGNORECASE,
)
STRONG_ROUND_RE = re.compile(
    r"\b(?:round|Runde|[\w-]+-Runde|Finanzierungsrunde|levée\sde\sfonds|tour\sde\stable|ronda|rodada)\b",
    re.IGNORECASE,
)
INVEST_RE = starting(
    "INVEST_RE",
    "abcijlpst",
    r"\b(?:"
    + by_first_letter(
        r"led|leads|leading|co-led|co-leads|co-leading|spearheaded|spearheading|anchored|invest|pump|pumps|"
        r"invested|invests|investing|participated|participates|joined|joins|backed|backs|committed|"
        r"took\spart|takes\spart|contributed|pumped|injected|poured|put\sin|agreed\sto\s(?:invest|inject|pump)"
    )
    + r")\b",
    re.IGNORECASE,
)
INVESTOR_SUBJECT_RE = starting(
    "INVESTOR_SUBJECT_RE",
    "abcijlps",
    r"\b(?:"
    + by_first_letter(
        r"led|co-led|leads|leading|spearheaded|anchored|invested|invests|participated|joined|joins|"
        r"backed|backs|committed|put\sin|contributed",
        ignorecase=False,
    )
    + r")\b(?!\s+by)",
)

# "Foo invests in Acme", "Foo to invest in Acme", "Foo is buying a stake in Acme": an
# investment told as news (the past tense may be history)
STAKE_RE = re.compile(r"\bstake\s(?:in|of)\b", re.IGNORECASE)
INVESTS_NOW_RE = re.compile(
    r"\b(?:invests|(?:is|are)\sinvesting|to\sinvest|will\sinvest|backs|leads|(?:is|are)\sleading|"
    r"(?:buys|is\sbuying|takes|is\staking)\sa\s(?:[\w%]+\s){0,2}stake)\b",
    re.IGNORECASE,
)

# Subjects, objects and clause boundaries
# "invested in Acme", "a round for Acme", "backs Acme", "a stake in Acme": where the funded
# company follows
TARGET_RE = re.compile(
    r"\b(?:in|into|for|to\sback|backs|backed(?=\s[A-Z])|funds|funded(?=\s[A-Z]))\s+",
    re.IGNORECASE,
)
# "in the Chinese AI startup Acme", "for a Berlin-based fintech called Acme", "in a robotics maker, Acme":
# a described object whose name follows its description
DESCRIBED_OBJECT_RE = re.compile(
    r"(?:[Tt]he|[Aa]n?)\s(?:[\w’'&.-]+\s){0,5}?"
    r"(?:startup|start-up|company|firm|platform|app|[a-z-]*maker|developer|provider|operator|marketplace|"
    r"specialist|manufacturer|retailer|lender|fintech|biotech|insurtech|insurer|unicorn|studio|business|outfit)"
    r"(?:\s(?:called|named|dubbed))?,?\s(?=[A-Z])"
)
# "..., Acme said": the name before a verb is the subject of a clause of its own
CLAUSE_VERB_RE = re.compile(
    r"\s(?:said|says|is|was|are|were|has|had|have|will|would|announced|told|confirmed)\b"
)
NP_END_RE = re.compile(
    r"[,.;:()]|\s(?:at|to|that|which|who|with|as|from|by|on|after|boosting|valuing|in\s(?:a|an|the|its|\d)|for\s(?:a|an|the|its))(?=\s)|\s[-–—]\s"
)
REPORTING = r"said|says|announced|announces|told|tells|confirmed|confirms|disclosed|revealed|stated|added|reported|mitteilte|teilte"
REPORT_TAIL_RE = re.compile(
    rf"\b(?:{REPORTING})\b[^.;]{{0,60}}?\s*(?:that\s*)?$", re.IGNORECASE
)
TRAILING_AUX_RE = re.compile(
    r"(?<![\s,])(?:[\s,]*+\b(?:has|have|had|is|are|was|were|will|would|also|now|just|recently|previously|initially|originally|reportedly|"
    r"successfully|finally|already|officially|today|yesterday|earlier|then|again|first|jointly|quietly|"
    r"on\s(?:[Mm]on|[Tt]ues|[Ww]ednes|[Tt]hurs|[Ff]ri|[Ss]atur|[Ss]un)day|in\sa\sstatement|last\s(?:week|month)|"
    r"(?:[Mm]on|[Tt]ues|[Ww]ednes|[Tt]hurs|[Ff]ri|[Ss]atur|[Ss]un)day|hat|haben|offenbar|zumindest|"
    # French, Spanish, Portuguese: "Acme a réussi récemment à lever", "Acme ha cerrado"
    r"a|ont|avait|est|va|vient\sde|réussi|à|a\sannoncé|annoncé|récemment|ce\s(?:lundi|mardi|mercredi|jeudi|vendredi)|"
    r"(?:lundi|mardi|mercredi|jeudi|vendredi)|quant\sà\s(?:elle|lui)|de\sson\scôté|pour\ssa\spart|également|aussi|"
    r"désormais|ha|han|había|acaba\sde|recientemente|tem|têm|acabou\sde|foi|recentemente)\b)+[\s,]*+$",
)
PRONOUN_END_RE = re.compile(
    r"\b(?:it|they|we|the\s(?:[\w-]+\s){0,4}?(?:company|startup|start-up|firm|business|platform|retailer|maker|developer|group|outfit|"
    r"aggregator|provider|operator|app|unicorn|marketplace|fintech|biotech|healthtech|edtech|lender|insurer|brand|chain|major|giant))\s*$",
    re.IGNORECASE,
)
# "... was raised by Acme", "raised by online marketplace — Acme": the raiser after "by"
PASSIVE_BY_RE = re.compile(
    r"(?<!\w)\w++\s+by\s+((?:[a-z][\w-]*\s+){0,5}?(?:[—–-]\s+)?[A-Z][^,.;]{0,60}?)"
    r"(?=\s(?:is|was|has|were|are)\b|[,.;]|$)"
)
# "Another startup that closed its Series C was Berlin-based fintech Acme.": the company
# the sentence ends by naming
COPULA_NAME_RE = re.compile(
    r"^(?:The|Another|One)\s[^.;]{0,80}?\b(?:startup|start-up|company|companies|firm|business)\b"
    r"[^.;]{0,80}?\s(?:was|is)\s((?:[\w-]+\s){0,5}?[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*){0,3})[ .]*$"
)
DESCRIPTION_END_RE = re.compile(
    r"(?:^|[,.]\s*)[A-Za-z-]+(?:\s[a-z-]+){0,4}\s(?:startup|start-up|company|firm|platform|app|maker|developer|provider|operator|marketplace|retailer|lender|fintech|biotech)\s*$"
)
RELATIVE_END_RE = re.compile(r"\b(?:which|that|who)\s*$", re.IGNORECASE)
COMPLEMENTIZER_RE = re.compile(
    rf"\b(?:(?:{REPORTING})\b[^.;,]{{0,40}}?\sthat|dass|"
    r"(?:anunció|anuncia|informó|dijo|afirmó|confirmó|annonce|indique|explique|précise|anunciou|"
    r"informou|disse|afirmou|confirmou|a\sannoncé|a\sindiqué|a\sexpliqué|a\sprécisé)\b[^.;,]{0,40}?\s(?:que|qu['’]))\b,?\s*",
    re.IGNORECASE,
)
DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z .,]{2,40}\s?[-–—:]+\s|.{0,30}?\([A-Z][A-Za-z ]{1,20}\)\s*[-–—]+\s*|.{0,60}?/[A-Za-z ]{2,30}/\s*[-–—]+\s*)"
)
_DASH_OR_COLON_RE = re.compile(r"[-–—:/)]")


def dateline(sentence: str) -> re.Match[str] | None:
    """The dateline opening a sentence ("BERLIN (Reuters) -"), if any."""
    if not _DASH_OR_COLON_RE.search(sentence, 0, 75):
        return None
    return DATELINE_RE.match(sentence)


LEADING_ADVERBIAL_RE = re.compile(
    r"^(?:led\sby|backed\sby|in|on|at|last|earlier|later|according|after|before|since|despite|following|today|"
    r"yesterday|the\ssame|meanwhile|also|this|as|with|amid|over|during|separately|elsewhere|now|to|"
    r"a\s(?:month|year|week|day|couple)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s\d)\b",
    re.IGNORECASE,
)
# "Revving up its push, Acme ...": an opening participle clause is not the subject
OPENING_CLAUSE_RE = re.compile(
    r"^[A-Z][a-z]{2,}ing\s(?=[^A-Z]*$)(?:up|on|off|out|down|into|[a-z]+(?:ed|ing|s)?\s[a-z])"
)
DESCRIPTOR_NAME_RE = re.compile(
    r"\b(?:startup|start-up|company|firm|platform|app|maker|developer|provider|operator|marketplace|service|"
    r"specialist|manufacturer|retailer|lender|fintech|biotech|unicorn)\s+[A-Za-z]"
)
OWNER_RE = re.compile(r"^\s*(?:which|that)\s(?:runs|operates|owns)\s", re.IGNORECASE)
POSSESSIVE_RE = re.compile(
    r"(?<![\w.&-])([A-Z][\w.&-]*+(?:\s[A-Z][\w.&-]*+){0,3})(?:['’]s|(?<=s)['’])\s+(?:[\w$€£.,-]+\s+){0,6}?(?:round|funding|fundraise|fundraising|financing|valuation|[Ss]eries\s[A-Z]|add-on|addition|extension|top-up)\b"
)
# "Acme's Series B round is expected to raise $50m": the round is the subject, its owner
# the company
ROUND_OWNER_RE = re.compile(
    r"(?<![\w.&-])([A-Z][\w.&-]*+(?:\s[A-Z][\w.&-]*+){0,3})(?:['’]s|(?<=s)['’])\s+(?:[\w+$€£.,-]+\s+){0,5}?"
    r"(?:round|fundraise|fundraising|financing)(?:\s+[a-z]+){0,4}\s*$"
)
VALUED_SUBJECT_RE = re.compile(
    r"(?<![\w.&-])([A-Z][\w.&-]*+(?:\s[A-Z][\w.&-]*+){0,3})\s(?:was|is|has\sbeen|had\sbeen)\s(?:\w+\s)?valued\b"
)


# Leads and participants
# Existing backers taking part again: "A returned for the new round", "B re-upped"
RETURN_VERB = (
    r"(?:returned|came\sback)(?=\s(?:for|to\s(?:invest|back|the\s(?:new\s)?round|this\sround)|as\s(?:an?\s)?investor|"
    r"in\s(?:the|this)\s(?:new\s)?round)|,)|re-?upped|doubled\sdown|followed\son|re-?invested"
)
LEAD_BY_RE = starting(
    "LEAD_BY_RE",
    "acceghfjlmpsu",
    r"\b(?:co-?led|jointly\sled|led|spearheaded|anchored|headed)\s+(?:jointly\s+)?by\s+|"
    r"\b(?:angeführt|geführt|unter\s(?:der\s)?(?:Führung|Leitung))\s+von\s+|"
    # "Federführend investiert haben A und B": the leads follow the verb
    r"\bfederführend\s(?:(?:investiert|beteiligt|sind|ist|war|waren|haben|hat|hätten|hatten|sich)\s){1,3}|"
    r"\b(?:co-?)?(?:menée?s?|conduite?s?|pilotée?s?|emmenée?s?)\s+par\s+|"
    r"\b(?:co-?)?(?:liderad[ao]s?|encabezad[ao]s?|capitanead[ao]s?)\s+(?:por|pel[oa]s?)\s+",
    re.IGNORECASE,
)
LEAD_SUBJECT_RE = starting(
    "LEAD_SUBJECT_RE",
    "acehilsw",
    r"(?<!-)\b(?:"
    + by_first_letter(
        r"led|co-led|co-leads|spearheaded|anchored|leads|is\s(?:co-)?leading|are\s(?:co-)?leading|"
        r"will\slead|is\sset\sto\slead|is\slooking\sto\slead|are\slooking\sto\slead|(?:is|are)\sexpected\sto\s(?:co-)?lead|"
        r"has\sled|have\sled|(?:has\s|have\s)?exclusively\s(?:invested|funded|backed)",
        ignorecase=False,
    )
    + r")\b(?!\s+by)",
)
LEAD_INVESTOR_RE = re.compile(
    r"(?<!round\s)\blead\sinvestors?\s+(?:is\s+|was\s+|were\s+|are\s+)?|\bLeadinvestor\s(?:der\s[\w-]+\s)?ist\s+"
)
LEAD_AFTER_RE = re.compile(
    r"\s(?:identified\s)?as\s(?:the\s)?(?:sole\s)?lead\sinvestors?|\s(?:was|is)\sthe\slead\sinvestor"
)
GERMAN_LEAD_RE = re.compile(
    r"\bvo(?:m|n\sder|n)\s+([^.]{0,80}?)\s+angeführt|[Aa]ngeführt\s(?:wird|wurde)\s(?:die\s)?(?:\w+\s)?[\w-]*Runde\svon\s+([^.,]{0,80})"
)
# "A co-led the round with B" (not "co-led by A and B, with participation from C")
CO_LED_WITH_RE = re.compile(
    r"\bco-led\b(?!\s+(?:jointly\s+)?by\b)[^.;]{0,160}?\swith\s+(?!(?:the\s+)?(?:participation|support|backing|contributions?)\b)"
)
# "led by A and B, with C and D": after the leads, "with" lists the other investors
LED_BY_WITH_RE = re.compile(
    r"\b(?:co-?led|jointly\sled|led)\s+(?:jointly\s+)?by\s+[^;]{0,160}?,\s+with\s+"
    r"(?=(?:(?:existing|other|new|returning|previous|earlier)\s+)?(?:(?:investors?|backers?|shareholders?)\s+)?[A-Z])"
    r"(?![^.;]{0,100}\b(?:advis\w*|agents?|arrang\w*|counsel|underwrit\w*|bookrunners?)\b)"
)
TRANCHE_RE = re.compile(
    r"\b(?:tranche|first\sclose|initial|extension)\b", re.IGNORECASE
)
LED_SUFFIX_RE = re.compile(r"(?<![\w.&])([A-Z][\w.&]*+(?:\s[A-Z][\w.&]*+){0,3})-led\b")
PARTICIPATION_RE = starting(
    "PARTICIPATION_RE",
    "abcdfgijkmoprtuvw",
    r"\b(?:"
    + by_first_letter(
        rf"with\s(?:the\s)?participation\s(?:from|of|by)|participation\sfrom|"
        rf"(?:participated|joined|invested|took\spart|co-invested|{RETURN_VERB})\b[^.;]{{0,60}}?\s(?:together\swith|along\swith|alongside|as\swell\sas)|"
        rf"among\sthe\sparticipants\s(?:were|are)|(?:other\s(?:[\w-]+\s){{0,2}}?|co-?)investors\s(?:in\s(?:the|this)\s(?:\w+\s)?round\s)?(?:include|included|includes|were|are)|"
        rf"and\s(?:also\s)?(?:included|includes|featured)|(?:investors|backers|participants)\sin\s(?:the|this)\s(?:\w+\s)?round\s(?:include|included|includes|were|are)|"
        rf"(?:round|financing|funding|close)\s(?:also\s)?(?:included|includes|featured|features|drew|attracted)(?:\sinvestors)?|"
        rf"(?-i:joined\s(?=[A-Z]))|(?:funding|investment|round|financing)\sfrom|beteiligten\ssich|mit\s(?:der\s)?Beteiligung\svon|mit\sdabei\s(?:sind|waren)|investierten(?:\sunter\sanderem)?|Bestandsinvestoren|kommt\svon|(?-i:^INVESTORS?)|^investors?\s*:|"
        rf"(?-i:^Investors)\s(?:in\sthe\sround\s)?(?:include|included|are|were)|"
        # "joined by A", "the other participants were A", "investors ... including A"
        rf"(?:and\s)?joined\sby|(?:the\s)?(?:other\s)?participants\s(?:were|are|include|included|includes)|"
        rf"(?:round|funding|financing|investment)\s(?:was\s|is\s)?(?:also\s)?backed\sby|"
        rf"(?:include|included|includes|including|drew|attracted)\s(?:investments?|money|capital|participation)\sfrom|"
        rf"(?:other\s)?(?:investors|backers)\s(?:in|of)\s(?:the|this)\s[^.;]{{0,60}}?\bincluding|"
        rf"avec\sla\sparticipation\sd(?:e|u|es|['’])|auprès\sd(?:e|u|es|['’])|aux\scôtés\sd(?:e|u|es|['’])|"
        rf"unter\sBeteiligung\svon|con\s(?:la\s)?participación\sde|com\s(?:a\s)?participação\sd[eoa]s?|"
        rf"(?:vu|a\svu|avec)\sla\sparticipation\sd(?:e|u|es|['’])|avec\sl['’]appui\sd(?:e|u|es|['’])|ainsi\squ['’]avec|"
        # "bestehende Investoren wie A, B oder C", "neue Geldgeber – A, B und C – sind dabei"
        rf"(?:Investoren|Investorinnen|Geldgeber|Kapitalgeber)\s(?:wie|darunter|um|[–—])\s(?:der|die|das|den)?\s?|"
        # "its existing investors — they include A, B and C — are taking part"
        rf"(?:investors|backers)(?:\s[—–]|,|\s\()\s?(?:they|which|who)\s(?:include|included|are|were)|"
        # "Rounding out the syndicate was A", "a group coordinated by A"
        rf"rounding\sout\sthe\s(?:syndicate|round|investors)\s(?:was|were|are|is)|(?:a\s)?group\scoordinated\sby"
    )
    + r")\s*[-–:]?\s*",
    re.IGNORECASE,
)
PARTICIPATE_SUBJECT_RE = starting(
    "PARTICIPATE_SUBJECT_RE",
    "abcdfijprtw",
    r"\b(?:also\s)?(?:"
    + by_first_letter(
        r"participated|participate|participates|joined|joins|took\spart|invested|invests|"
        r"(?:is|are|will|to)\sinvest(?:ing)?|backs|backed(?=\s[A-Z])|buys\sa\s(?:[\w%]+\s){0,2}stake|"
        r"(?:is\s)?buying\sa\s(?:[\w%]+\s){0,2}stake|bought\sa\s(?:[\w%]+\s){0,2}stake|takes\sa\s(?:[\w%]+\s){0,2}stake|"
        r"took\sa\s(?:[\w%]+\s){0,2}stake|"
        rf"contributed|committed|chipped\sin|came\sin|put\sin|poured|pumped|injected|infused|ploughed|plowed|"
        rf"pumps?\sin|pours?\sin|injects?|infuses?|"
        rf"agreed\sto\s(?:invest|inject|pump)|(?:is|are)\s(?:also\s)?(?:expected|set)\sto\s(?:join|participate|invest)|"
        rf"{RETURN_VERB}",
        ignorecase=False,
    )
    + r")\b(?!\s+by\b)",
)
WITH_PARTICIPATING_RE = re.compile(
    r"\bwith\s([A-Z][^.;]{0,150}?)\s(?:also\s)?(?:participating|joining|investing|taking\spart|chipping\sin)\b"
)
# "A, which led the seed round, returned": the round type of an earlier round
EARLIER_ROLE_RE = re.compile(
    r",\s(?:which|who)\s(?:(?:had|has|have|also|previously|earlier|first|originally|already)\s){0,2}"
    r"(?:co-)?(?:led|backed|anchored|invested\sin|participated\sin|joined)\b[^,;]{0,80}"
)
# "A, which previously led": the subject of a relative clause, not of the sentence
RELATIVE_ADVERB_END_RE = re.compile(
    r"\b(?:which|that|who)\s+(?:(?:had|has|have|also|previously|earlier|first|originally|already|[a-z]+ly)\s+){0,2}$",
    re.IGNORECASE,
)
INVESTED_IN_RE = re.compile(r"\s+(?:in|into)\s+([A-Z][\w.-]*(?:\s[A-Z][\w.-]*){0,3})")
FROM_RE = re.compile(r"\bfrom\s+", re.IGNORECASE)
INVESTOR_CONTEXT_RE = starting(
    "INVESTOR_CONTEXT_RE",
    "abcdfgijklmprst",
    r"\b(?:"
    + by_first_letter(
        r"round|funding|financing|investment|invest\w*|poured|pumped|pumps?|injected|injects?|infused|infuses?|lève|levée|levé|"
        r"tour\sde\stable|financement|ronda|rodada|capta|aporte|auprès|menée?|liderad[ao]|inversores|investidores|"
        r"investors?|particip\w*|joined|series|seed|stake|syndicate|backers?|backs|backed|backing|rais\w*|secur\w*|facility|loan|close|tranche|committed|commit|re-?upped|Kapital|Geldgeber|beteilig\w*|Finanzierung\w*|dabei|Runde"
    )
    + r")\b",
    re.IGNORECASE,
)


# Status, passing mentions and dates
IN_PROGRESS_RE = starting(
    "IN_PROGRESS_RE",
    "acehilmnprstw",
    r"\b(?:"
    + by_first_letter(
        r"in\s(?:advanced\s|final\s|early\s)?(?:talks|discussions|negotiations)|in\sthe\s(?:final\s)?stages?\sof|is\sraising|are\sraising|"
        r"is\sseeking|seeks|seeking|is\slooking\sto|(?:is|are)\slooking\sfor|are\slooking\sto|looking\sto\sraise|plans\sto\sraise|planning\sto\sraise|"
        r"announced\splans|is\sset\sto|(?:is|are)\s(?:reportedly|said\sto\sbe|now|currently)\sraising|set\sto\sraise|aims\sto\sraise|in\sthe\sprocess\sof|is\s(?:co-)?leading|are\s(?:co-)?leading|"
        r"could\sstill\schange|remains\sin\sprogress|is\sin\sprogress|has\sa\starget|target\ssize|(?:is|are)\sexpected\sto\s(?:close|raise|bring\sin)|"
        r"eyes|eyeing|anstrebt|strebt|möchte|will\sraise|would\sraise|is\splanning|is\sexploring|exploring\sa|"
        r"nearing|in\sfundraising\smode|(?:has\s)?targeted|(?:is|are)\slooking\sat\sa\s(?:\w+\s)?valuation|is\stargeting|trying\sto\sraise|negotiating|"
        r"en\sdiscussions?|en\snégociations?|en\sconversaciones|em\snegociaç(?:ão|ões)|in\sGesprächen|(?:is|are)\s(?:reportedly\s)?close\sto\s(?:raising|closing|securing)|closing\sin\son"
    )
    + r")\b",
    re.IGNORECASE,
)
# A role told in the progressive, which news uses of closed rounds as well
PROGRESSIVE_ROLE_RE = re.compile(r"(?:is|are)\s(?:co-)?leading", re.IGNORECASE)
IN_TALKS_RE = starting(
    "IN_TALKS_RE",
    "cefilmps",
    r"\b(?:"
    + by_first_letter(
        r"in\s(?:advanced\s|final\s)?talks|in\s(?:the\s)?(?:advanced|final|early)\s(?:stages?\s)?of\stalks|looking\sto\sraise|seeking|seeks|eyes|eyeing|is\sin\sdiscussions?|potential|possible|"
        r"considering|may\sparticipate|planning|plans\sto|sought|failed|fell\sthrough"
    )
    + r")\b",
    re.IGNORECASE,
)
PASSING_RE = starting(
    "PASSING_RE",
    "aehilmpstwy",
    r"\b(?:"
    + by_first_letter(
        r"(?<!\bit\s)had\s(?:raised|secured|closed|received|bagged|landed)|previously|earlier|last\s(?:year|raised|round|month|funding)|previous|prior|"
        r"in\s(?:19|20)\d\d|since\sits|ago|(?:months?|years?|weeks?)\sback|in\srecent\smonths|later|the\ssame\smonth|"
        r"in\s(?:january|february|march|april|may|june|july|august|september|october|november|december)\b"
    )
    + ")",
    re.IGNORECASE,
)
# "Acme said on Tuesday that the company had raised": reported speech, the news itself
REPORTED_BEFORE_RE = re.compile(rf"\b(?:{REPORTING})\b[^.;]{{0,60}}$", re.IGNORECASE)


def is_passing(sentence: str) -> bool:
    """Whether a sentence speaks of an earlier round ("previously", "had raised", "in 2021")."""
    for match in PASSING_RE.finditer(sentence):
        if match.group(0)[:4].lower() == "had " and REPORTED_BEFORE_RE.search(
            sentence, max(0, match.start() - 80), match.start()
        ):
            continue
        return True
    return False


SPECULATIVE_RE = starting(
    "SPECULATIVE_RE",
    "cmp",
    r"\b(?:"
    + by_first_letter(r"(?:could|might|may)\s(?:co-)?lead|potential\sinvestors?")
    + r")\b",
    re.IGNORECASE,
)

# What an amount is: the round, a valuation, a share of it, or something else
EXCLUDED_BEFORE_RE = starting(
    "EXCLUDED_BEFORE_RE",
    "abcdfgilmnprstuvef",
    r"\b(?:"
    + by_first_letter(
        r"revenues?|sales|loss|losses|profit|income|turnover|GMV|deposits|advances|net\sworth|share\scapital|"
        r"market\scap|price|priced|burn|spend|acquired|acquire|acquisition|bought|buying|buy|sold|sell|buyout|"
        r"takeover|IPO|listing|fund\sof|total\sfund\scount\sto|Umsatz|Gesamtfinanzierung|insgesamt|combined|"
        r"bought\sback|total\ssum|total(?:\sraised|\sfunding|\scapital)?\sto|brings?\s\S+\stotal|closed\s(?:its|their)\s(?:\w+\s)?fund\sat|"
        # the same in French, Spanish, Portuguese and German: losses, revenue, sales
        r"pertes|perte|chiffre\sd['’]affaires|revenus|pérdidas|ingresos|facturación|ventas|prejuízo|receita|"
        r"faturamento|Verlust|Verluste|Erlöse"
    )
    + r")\b[^$€£¥₹`\d]{0,40}$",
    re.IGNORECASE,
)
EXCLUDED_AFTER_RE = re.compile(
    r"^\s*(?:\([^)]{0,30}\)\s*)?(?:in\s(?:annual\s)?(?:revenue|revenues|sales|orders|losses|gmv|deposits)|of\s(?:revenue|sales)|revenue|"
    r"(?:[\w-]+\s){0,2}funds?\b|(?:for|in|into|to)\s(?:its|a|the|their|a\snew)\s(?:[\w-]+\s){0,3}funds?\b|(?:[\w-]+\s){0,4}(?:to\sdate|so\sfar)|since\s(?:its\s)?(?:founding|inception|launch)|"
    r"each|per\sshare|a\sshare|apiece|worth\sof|in\s(?:the\s)?bank|in\scapital\sexpenditure|or\s(?:more|above|higher)|"
    r"de\s(?:pertes|pérdidas|chiffre|revenus|ingresos|ventas|prejuízo|receita|faturamento)|"
    r"(?:[\w-]+\s){0,3}(?:jusqu['’]ici|jusqu['’]à\sprésent|à\sce\sjour|au\stotal|hasta\sahora|hasta\sla\sfecha|en\stotal|"
    r"até\sagora|no\stotal|bislang|bisher|insgesamt))",
    re.IGNORECASE,
)
TOTAL_SENTENCE_RE = starting(
    "TOTAL_SENTENCE_RE",
    "abcdghijmrstwà",
    r"\b(?:"
    + by_first_letter(
        r"globally|worldwide|average|median|typical(?:ly)?|in\s(?:the\s(?:past|last)\s)?\d+\s(?:months|years)|(?:raised|received|secured)\b[^.;]{0,60}\b(?:to\sdate|so\sfar)|including\sa\stotal\sof|including\sthis\s(?:funding\s)?round|in\stotal\sfunding|total\sfunding|since\s(?:its\s)?(?:founding|inception|launch)|seit\sder\sgründung|bislang\sinsgesamt|in\sthe\spast\s\w+\syears|"
        r"desde\ssu\sfundación|depuis\ssa\scréation|desde\ssua\sfundação|seit\sGründung|"
        r"total\samount\sof|amount\sof\s[^.;]{0,40}\shas\sreached|cumulative|in\stotal|all\stold|"
        r"jusqu['’]ici|à\sce\sjour|au\stotal|hasta\sahora|hasta\sla\sfecha|até\sagora|bisher"
    )
    + r")\b",
    re.IGNORECASE,
)
# The patterns searched in the words before or after an amount, one position after another:
# a lookahead on their first letters rejects most positions at once
VALUATION_BEFORE_RE = starting(
    "VALUATION_BEFORE_RE",
    "abivnw",
    r"\b(?:"
    + by_first_letter(
        r"valuation|valued|valuing|values?|Bewertung|bewertet|(?:is|was|be|now)\sworth|valoris[ée]e?s?|"
        r"valorisation|valorad[ao]|valuad[ao]|valoración|avaliad[ao]|avaliação|valutat[ao]"
    )
    + r")\b[^$€£¥₹`]{0,45}$",
    re.IGNORECASE,
)
ROUND_WORTH_BEFORE_RE = starting(
    "ROUND_WORTH_BEFORE_RE",
    "dfir",
    r"\b(?:"
    + by_first_letter(r"funding|round|deal|investment|financing|raise")
    + r")\s(?:[\w-]+\s){0,4}?(?:was|is|were)\sworth\s*$",
    re.IGNORECASE,
)
VALUATION_AFTER_RE = re.compile(
    r"^\s*(?:\([^)]{0,30}\)\s*)?(?:post-money\s|pre-money\s|post-investment\s)?(?:valuation|Bewertung|de\svalorisation)|"
    r"^\s*(?:it|the\scompany|the\sstartup|the\sfirm)?\s*(?:was|is|were)\s(?:reportedly\s)?(?:worth|valued)",
    re.IGNORECASE,
)
ROUND_AMOUNT_BEFORE_RE = starting(
    "ROUND_AMOUNT_BEFORE_RE",
    "bfinrstue",
    r"\b(?:"
    + by_first_letter(
        r"(?:round|financing|funding|raise|target(?:\ssize)?|investment|tranche)\s(?:of|worth|sized\sat|totall?ing)|"
        r"(?:now\s)?stands\sat|(?:brings?|bringing|takes?|taking)\s(?:the\s)?(?:round|total\sround\ssize|round['’]s\s(?:total|size))\sto|"
        r"upsized\sto|extended\sto|expanded\sto|increased\sto|(?:total|size)\sof\sthe\sround\sto"
    )
    + r")\s*$",
    re.IGNORECASE,
)
# "brings the round's total to $80m", "upsized to", "final close at": the total of an extended round
ROUND_TOTAL_BEFORE_RE = starting(
    "ROUND_TOTAL_BEFORE_RE",
    "betuifsr",
    r"(?:"
    + by_first_letter(
        r"(?:brings?|bringing|takes?|taking)\s(?:the\s)?(?:round|total\sround\ssize|round['’]s\s(?:total|size)|"
        r"(?:total|size)\sof\sthe\sround)\sto|upsized\sto|extended\sto|expanded\sto|increased\sto|"
        r"(?:final|second)\sclose\s(?:at|of)|(?:round|extension)\stotal(?:ling|ing)?"
    )
    + r")\s*(?:[\w-]+\s){0,2}$",
    re.IGNORECASE,
)
ROUND_AMOUNT_AFTER_RE = re.compile(
    r"^\s*(?:\([^)]{0,30}\)\s*)?(?:[\w-]+\s){0,2}(?:round|funding|financing|investment|series|seed|Finanzierungsrunde)",
    re.IGNORECASE,
)
CONTRIBUTION_BEFORE_RE = starting(
    "CONTRIBUTION_BEFORE_RE",
    "ipcw",
    r"\b(?:"
    + by_first_letter(
        r"invested|invest|inject|injected|pump\sin|put\sin|infusion\sof|contributed|with"
    )
    + r")\s*$",
    re.IGNORECASE,
)
QUALIFIER_TAIL_RE = starting(
    "QUALIFIER_TAIL_RE",
    "amounrsj",
    r"\b(?:"
    + by_first_letter(
        r"at\sleast|more\sthan|over|about|around|up\sto|nearly|roughly|approximately|some|almost|just\sunder"
    )
    + r")\s*$",
    re.IGNORECASE,
)
CONVERSION_RE = re.compile(
    r"\b(?:umgerechnet|converted|equivalent\sto)\s*$", re.IGNORECASE
)
ALTERNATIVE_GAP_RE = re.compile(
    r"\s*(?:\(\s*(?:approximately|approx\.|about|around|roughly|or|~|i\.e\.)?\s*|,?\s*or\s*)"
)
BASIS_POST_RE = re.compile(
    r"post[-\s]money|post-investment|including\sthe\snew\smoney", re.IGNORECASE
)
BASIS_PRE_RE = re.compile(
    r"pre[-\s]money|before\sthe\sinvestment|excluding\sthe\snew\smoney", re.IGNORECASE
)

# Sentences that are not about a company's round
NEGATIVE_SENTENCE_RE = starting(
    "NEGATIVE_SENTENCE_RE",
    "abdilmrstw",
    r"\b(?:"
    + by_first_letter(
        r"initial\spublic\soffering|went\spublic|market\sdebut|stock\s(?:rose|fell|jumped)|acquires|acquired|"
        r"buyout|takeover|layoffs?|lay\soff|buy\sback|bought\sback|secondary\s(?:stake|share|sale|transaction)|"
        r"agreed\sto\s(?:buy|acquire)|to\sacquire|acquisition\sof|merger\swith|"
        r"denies|denied|dismisses|dismissed|refutes|refuted|"
        # last, so that the words above group as one trie (no other word matches where it does)
        r"(?<!pre-)IPO"
    )
    + r")\b",
    re.IGNORECASE,
)
STAGE_AS_MODIFIER_RE = re.compile(
    r"\s*(?:round\s+)?(?:lead\s+)?investors?\b", re.IGNORECASE
)
PART_OF_ROUND_RE = re.compile(r"\b(?:round|tranche|part\sof|Runde)\b", re.IGNORECASE)
RUNNING_TOTAL_RE = re.compile(
    r"\b(?:which|that|who)\s+(?:has|have)\s+(?:so\s+far\s+|now\s+)?raised\b"
)
SECONDARY_RE = re.compile(
    r"\bsecondary\s(?:stake|share|sale|transaction|deal)", re.IGNORECASE
)
FUND_RAISE_RE = re.compile(
    r"\bfund\b[^.]{0,40}\b(?:first|final)\sclose|\bthe\sfund\s(?:aims|plans|seeks|is\sseeking|has\sraised|raised)|"
    r"\b(?:closed|launched|launches|raised|raises|raise|raising|creates|created|announced|close\sof)\s(?:(?:its|their|his|her|a|an|the)\s)?(?:own\s)?(?:new\s|first\s|second\s|third\s|debut\s)?(?:[\w$€£.-]+\s){0,3}fund\b",
    re.IGNORECASE,
)
STATUS_WORDS_RE = starting(
    "STATUS_WORDS_RE",
    "dfnrt",
    r"\b(?:"
    + by_first_letter(
        r"round|funding|financing|fundraise|fundraising|terms|talks|negotiations|deal"
    )
    + r")\b",
    re.IGNORECASE,
)
ANAPHOR_RE = re.compile(
    r"\b(?:the\s(?:company|startup|start-up|firm|business|bank|lender|insurer|platform|app|"
    r"retailer|maker|unicorn|fintech|biotech)|it|its)\b",
    re.IGNORECASE,
)
VALUATION_WORD_RE = re.compile(
    r"\b(?:valuation|valued|valuing|Bewertung|bewertet|valoris\w+|valorad[ao]|valuad[ao]|valoración|"
    r"avaliad[ao]|avaliação)\b",
    re.IGNORECASE,
)

# Dates
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
MONTHS = [
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
MONTH_ABBREVIATIONS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
)
DAY_RE = starting(
    "DAY_RE",
    "adfjmnostwy",
    r"\b(?:on\s)?(today|yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|"
    r"\b("
    + by_first_letter("|".join(MONTHS))
    + r")\.?\s(\d{1,2})(?:,?\s(\d{4}))?\b|\bon\sthe\s(\d{1,2})(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)
INVESTOR_WORDS_RE = re.compile(
    r"\b(?:Fund|Ventures|Capital\sPartners|Investors|Fonds)$"
)
