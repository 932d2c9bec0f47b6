"""Sector hints: the industries a company's description names, as slugs of the app's taxonomy.

News says what a company does in a few words ("AI startup", "online tutoring firm", "Berlin-based
fintech", "maker of electric trucks"); the words of that description that name an industry give
its sectors. The slugs are those of migration 0012 (the extractor cannot import the model; a test
holds every slug here to the taxonomy).
"""

from __future__ import annotations

import re

# Each sector with the words that name it in a description, as regular expressions of whole
# words (case-insensitive; "s?" plurals and hyphenated forms written out):
SECTOR_WORDS: tuple[tuple[str, str], ...] = (
    (
        "artificial-intelligence",
        r"AI|A\.I\.|GenAI|artificial[ -]intelligence|machine[ -]learning|deep[ -]learning|"
        r"generative|LLMs?|large[ -]language[ -]models?|computer[ -]vision|chatbots?|"
        r"conversational|voice[ -]assistants?",
    ),
    (
        "developer-tools",
        r"developer(?:[ -]tools?|[ -]platforms?)|dev[ -]?tools|devops|code[ -]review|coding|"
        r"open[ -]source|APIs?|software[ -]testing|low[ -]code|no[ -]code",
    ),
    (
        "data-infrastructure",
        r"data|databases?|cloud(?:[ -]computing)?|analytics|data[ -]cent(?:er|re)s?|"
        r"observability|storage|hosting|GPU[ -]cloud|(?:data|cloud)[ -]infrastructure",
    ),
    (
        "cybersecurity",
        r"cyber(?:[ -]?security)?|security|identity|authentication|encryption|zero[ -]trust|"
        r"anti[ -]fraud|fraud[ -](?:detection|prevention)|privacy",
    ),
    (
        "fintech",
        r"fintech|payments?|banking|neobank|challenger[ -]bank|digital[ -]bank|lending|"
        r"lenders?|banks?|credit|BNPL|buy[ -]now[ ,-]+pay[ -]later|wealth(?:tech)?|wealth[ -]management|"
        r"trading|brokerage|remittances?|money[ -]transfers?|expense(?:[ -]management)?|"
        r"invoicing|accounting|financial|finance|regtech|mortgages?|crowd[ -]?funding|"
        r"crowd[ -]?lending",
    ),
    ("insurance", r"insurance|insurtech|insurers?|reinsurance|reinsurers?"),
    (
        "crypto",
        r"crypto(?:currency|currencies)?|blockchain|web3|DeFi|NFTs?|bitcoin|stablecoins?|"
        r"digital[ -]assets?|tokeni[sz]ation",
    ),
    (
        "health",
        r"health(?:care|tech)?|health[ -]care|digital[ -]health|tele(?:health|medicine)|"
        r"clinical|clinics?|hospitals?|patients?|mental[ -]health|fertility|pharmacy|dental|"
        r"elder[ -]?care|care[ -]homes?|fitness|wellness|nursing",
    ),
    (
        "biotech",
        r"biotech(?:nology)?|biopharma(?:ceutical)?|pharma(?:ceuticals?)?|drugs?|drugmakers?|"
        r"drug[ -]discovery|therapeutics|genomics?|gene[ -](?:therapy|editing)|cell[ -]therapy|"
        r"life[ -]sciences?|vaccines?|antibod(?:y|ies)|synthetic[ -]biology|biology",
    ),
    (
        "medical-devices",
        r"medtech|medical[ -](?:devices?|technology|imaging)|diagnostics?|surgical|"
        r"surgery[ -]robots?|implants?",
    ),
    (
        "e-commerce",
        r"e-?commerce|online[ -](?:retail|retailers?|stores?|shopping)|retail|retailers?|"
        r"shopping|direct-to-consumer|D2C|DTC|fashion|apparel|beauty|cosmetics|"
        r"quick[ -]commerce|q-commerce|social[ -]commerce|resale|second-hand",
    ),
    ("marketplaces", r"marketplaces?|classifieds|two-sided|peer-to-peer"),
    (
        "consumer-apps",
        r"(?:consumer|mobile)[ -]apps?|social[ -](?:media|networks?|networking|apps?)|dating|"
        r"messaging|photo[ -]sharing|super[ -]?apps?",
    ),
    (
        "media",
        r"media|streaming|music|video|news|publishing|publishers?|podcasts?|podcasting|"
        r"entertainment|content|creators?|creator[ -]economy|film|audio|newsletters?",
    ),
    (
        "gaming",
        r"gaming|games?|video[ -]games?|esports|e-sports|game[ -](?:developers?|studios?)",
    ),
    (
        "education",
        r"edtech|education(?:al)?|tutoring|tutors?|e-?learning|learning|schools?|"
        r"universit(?:y|ies)|courses?|language[ -]learning|upskilling|test[ -]prep|bootcamps?",
    ),
    (
        "hr-work",
        r"HR|HR[ -]tech|human[ -]resources|recruit(?:ing|ment)|hiring|jobs?|job[ -]search|"
        r"staffing|payroll|workforce|talent|freelanc(?:e|ers?|ing)|future[ -]of[ -]work|"
        r"remote[ -]work|employee(?:[ -]benefits)?",
    ),
    (
        "marketing-sales",
        r"marketing|martech|adtech|ad[ -]tech|advertising|ads|sales|CRM|"
        r"customer[ -](?:engagement|experience|support|service)|influencers?|loyalty",
    ),
    (
        "legal",
        r"legal(?:tech)?|legal[ -]tech|law|lawyers?|contracts?|contract[ -]management|"
        r"compliance",
    ),
    (
        "real-estate",
        r"real[ -]estate|prop[ -]?tech|property|properties|housing|home[ -]?buying|rentals?|"
        r"construction|contech|homebuilders?|co-?living|co-?working",
    ),
    (
        "mobility",
        r"mobility|micromobility|electric[ -](?:vehicles?|trucks?|cars?|buses|scooters?|motorcycles?)|"
        r"EVs?|cars?|carmakers?|automakers?|"
        r"automotive|ride[ -]?(?:hailing|sharing)|rides?|car[ -]?pool(?:ing)?|car[ -]sharing|parking|"
        r"(?:public[ -])?transit|scooters?|e-?bikes?|bikes?|"
        r"autonomous[ -](?:driving|vehicles?|trucks?)|self-driving|trucks?|buses|"
        r"transport(?:ation)?|vehicles?",
    ),
    (
        "logistics",
        r"logistics|delivery|deliveries|shipping|freight|supply[ -]chains?|warehous(?:e|es|ing)|"
        r"fulfil?ment|last[ -]mile|couriers?|trucking|parcels?|procurement",
    ),
    (
        "energy",
        r"energy|solar|wind|batter(?:y|ies)|power|grids?|hydrogen|nuclear|fusion|oil|gas|"
        r"renewables?|renewable[ -]energy|energy[ -]storage|geothermal|utilit(?:y|ies)|"
        r"EV[ -]charging|charging|heat[ -]pumps?",
    ),
    (
        "climate",
        r"climate(?:[ -]tech)?|cleantech|clean[ -]tech|carbon(?:[ -](?:capture|removal|credits?))?|"
        r"sustainab(?:le|ility)|recycling|circular|green|emissions|net[ -]zero|"
        r"decarboni[sz]ation|water",
    ),
    (
        "food-agriculture",
        r"food(?:tech)?|food[ -](?:delivery|tech)|agri(?:tech|culture|cultural)|agtech|"
        r"farming|farms?|farmers?|restaurants?|meals?|grocer(?:y|ies)|plant-based|seafood|fish|"
        r"alternative[ -]protein|beverages?|drinks|coffee|dairy|meat",
    ),
    (
        "robotics",
        r"robotics|robots?|robotic|drones?|humanoids?|(?:industrial|warehouse)[ -]automation",
    ),
    (
        "semiconductors",
        r"semiconductors?|chips?|chipmakers?|chip[ -](?:designers?|makers?)|hardware|photonics|"
        r"quantum(?:[ -]computing)?|processors?|GPUs?|silicon|sensors?|lidar|electronics",
    ),
    (
        "manufacturing",
        r"manufactur(?:ing|ers?)|industrial|factor(?:y|ies)|3D[ -]printing|materials|steel|"
        r"chemicals?|machinery",
    ),
    (
        "space",
        r"space(?:tech)?|space[ -]tech|satellites?|rockets?|launch[ -]vehicles?|aerospace|orbital|"
        r"aviation|aircraft|air[ -]taxis?|eVTOL|airlines?",
    ),
    (
        "defense",
        r"defen[cs]e(?:[ -]tech)?|military|dual[ -]use|national[ -]security|weapons",
    ),
    (
        "telecom",
        r"telecoms?|telecommunications?|telcos?|connectivity|5G|broadband|mobile[ -]networks?|"
        r"wireless|networking|internet[ -]service",
    ),
    (
        "travel",
        r"travel(?:tech)?|hospitality|hotels?|tourism|booking|vacations?|holidays?|"
        r"short[ -]term[ -]rentals?",
    ),
    (
        "enterprise-software",
        r"software|SaaS|B2B|enterprise|ERP|workflow|productivity|collaboration|"
        r"business[ -]software",
    ),
)
# Words that name no industry unless nothing else in the description does: "a software startup"
# is enterprise software, "an AI software startup" only AI.
_GENERIC = frozenset({"enterprise-software"})
_SECTOR_RES = tuple(
    (slug, re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE))
    for slug, words in SECTOR_WORDS
)


def sectors_in(words: str) -> list[tuple[str, int, int]]:
    """The sectors that a company's description names, each with the span of its words in
    ``words``, in the order the description gives them, each sector once.

    A longer phrase wins over the shorter ones in it ("national security" is defense, not
    cybersecurity); generic words (software) count only when nothing else names a sector.

    >>> sectors_in("online tutoring firm")
    [('education', 7, 15)]
    >>> [slug for slug, _, _ in sectors_in("AI drug discovery startup")]
    ['artificial-intelligence', 'biotech']
    >>> sectors_in("software startup"), sectors_in("payments software startup")[0][0]
    ([('enterprise-software', 0, 8)], 'fintech')
    """
    found = sorted(
        (
            (match.start(), match.end(), slug)
            for slug, pattern in _SECTOR_RES
            for match in pattern.finditer(words)
        ),
        key=lambda m: (m[0] - m[1], m[0]),
    )
    taken: list[tuple[int, int, str]] = []
    for start, end, slug in found:
        if not any(start < t_end and t_start < end for t_start, t_end, _ in taken):
            taken.append((start, end, slug))
    if any(slug not in _GENERIC for _, _, slug in taken):
        taken = [t for t in taken if t[2] not in _GENERIC]
    sectors: dict[str, tuple[str, int, int]] = {}
    for start, end, slug in sorted(taken):
        sectors.setdefault(slug, (slug, start, end))
    return list(sectors.values())
