from __future__ import annotations

import datetime
import json
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rounds.extraction import extract_rounds

PUBLISHED = datetime.date(2024, 3, 6)  # a Wednesday
SAMPLES = Path(__file__).parent / "samples"


def only(text, published=PUBLISHED, **kwargs):
    candidates = extract_rounds(text, published, **kwargs)
    assert len(candidates) == 1, candidates
    return candidates[0]


# Who raised


def test_extract_rounds_company_raises():
    candidate = only("Brightloom raises $40M to automate warehouse picking.")

    assert (candidate.company, candidate.amount, candidate.currency) == (
        "Brightloom",
        Decimal("40000000"),
        "USD",
    )


def test_extract_rounds_company_with_appositive_has_closed():
    text = "Quillpay, a Berlin-based fintech, has closed a €25m Series A round led by Northgate Ventures."

    candidate = only(text)

    assert (candidate.company, candidate.round_type, candidate.lead_investors) == (
        "Quillpay",
        "series_a",
        ("Northgate Ventures",),
    )


def test_extract_rounds_funding_for_descriptor_and_name():
    text = "Harbor Lane Capital is leading a $30 million funding round for Chinese AI startup Tenmoku."

    candidate = only(text)

    assert (candidate.company, candidate.lead_investors, candidate.status) == (
        "Tenmoku",
        ("Harbor Lane Capital",),
        "in_progress",
    )


SEED_CASE = (
    "Alibaba is leading a financing round of at least $600 million for the Chinese AI startup "
    "MiniMax, valuing it at more than $2.5 billion, according to people who know the deal. "
    "HongShan, formerly Sequoia China, has also committed money, and the terms could still change "
    "while talks with other investors go on. Tencent and IDG Capital are among MiniMax's earlier "
    "backers. Alibaba led a $1 billion round in Moonshot AI earlier this year, a deal that valued "
    "that startup at about $2.5 billion."
)


def test_extract_rounds_seed_case_round_for_described_startup():
    candidates = extract_rounds(SEED_CASE, datetime.date(2024, 3, 5))

    summary = [
        (
            c.company,
            c.amount,
            c.currency,
            c.amount_qualifier,
            c.valuation,
            c.valuation_currency,
            c.valuation_qualifier,
            c.lead_investors,
            c.participants,
            c.status,
            c.primary,
        )
        for c in candidates
    ]
    assert summary == [
        (
            "MiniMax",
            Decimal("600000000"),
            "USD",
            "at_least",
            Decimal("2500000000"),
            "USD",
            "more_than",
            ("Alibaba",),
            ("HongShan",),
            "in_progress",
            True,
        ),
        (
            "Moonshot AI",
            Decimal("1000000000"),
            "USD",
            "exact",
            Decimal("2500000000"),
            "USD",
            "about",
            ("Alibaba",),
            (),
            "announced",
            False,
        ),
    ]


@pytest.mark.parametrize(
    ("text", "company", "leads", "participants"),
    [
        (
            "Harbor Lane Capital is leading a $30 million funding round for the Chinese AI "
            "startup Tenmoku.",
            "Tenmoku",
            ("Harbor Lane Capital",),
            (),
        ),
        (
            "Harbor Lane Capital is leading a $30 million round for a Chinese AI startup called "
            "Tenmoku.",
            "Tenmoku",
            ("Harbor Lane Capital",),
            (),
        ),
        (
            "Northgate Ventures led a $12 million round in the Berlin-based fintech Quillpay.",
            "Quillpay",
            ("Northgate Ventures",),
            (),
        ),
        (
            "Northgate Ventures led a $12 million round in Berlin-based startup Quillpay.",
            "Quillpay",
            ("Northgate Ventures",),
            (),
        ),
        (
            "Northgate Ventures led a $12 million round for Quillpay, a Berlin fintech startup.",
            "Quillpay",
            ("Northgate Ventures",),
            (),
        ),
        (
            "Northgate Ventures is leading $12 million in funding for the e-commerce company "
            "Parcelry.",
            "Parcelry",
            ("Northgate Ventures",),
            (),
        ),
        (
            "Northgate Ventures is leading a $12 million round to back Parcelry, a Lisbon "
            "logistics startup.",
            "Parcelry",
            ("Northgate Ventures",),
            (),
        ),
        (
            "Northgate Ventures is leading a $12 million round to back the Lisbon logistics "
            "startup Parcelry.",
            "Parcelry",
            ("Northgate Ventures",),
            (),
        ),
        (
            "Orchard Peak has led an $8 million investment in a Dutch robotics maker, Veltro.",
            "Veltro",
            ("Orchard Peak",),
            (),
        ),
        (
            "Orchard Peak invested $8 million in the Seoul-based gaming studio Kiwon Games.",
            "Kiwon Games",
            (),
            ("Orchard Peak",),
        ),
        (
            "Kestrel Capital led a €15 million investment in the Paris-based insurtech Covera, "
            "with Lindqvist Partners also participating.",
            "Covera",
            ("Kestrel Capital",),
            ("Lindqvist Partners",),
        ),
        (
            "The $12 million round for the startup Parcelry was led by Northgate Ventures.",
            "Parcelry",
            ("Northgate Ventures",),
            (),
        ),
    ],
)
def test_extract_rounds_funded_company_is_object_of_round_noun(
    text, company, leads, participants
):
    candidate = only(text)

    assert (candidate.company, candidate.lead_investors, candidate.participants) == (
        company,
        leads,
        participants,
    )


def test_extract_rounds_described_object_keeps_qualifiers_and_status():
    text = (
        "Harbor Lane Capital is leading a financing round of at least $30 million for the "
        "Chinese AI startup Tenmoku, valuing it at more than $200 million."
    )

    candidate = only(text)

    assert (
        candidate.company,
        candidate.amount_qualifier,
        candidate.valuation,
        candidate.valuation_qualifier,
        candidate.status,
    ) == ("Tenmoku", "at_least", Decimal("200000000"), "more_than", "in_progress")


def test_extract_rounds_company_said_on_weekday_it_had_raised():
    text = "Orchardly said on Tuesday it had raised $12 million in a seed round."

    candidate = only(text)

    assert (candidate.company, candidate.round_type, candidate.date) == (
        "Orchardly",
        "seed",
        datetime.date(2024, 3, 5),
    )


def test_extract_rounds_company_is_not_the_outlet():
    text = (
        "Plinth Robotics has raised $18 million in a Series A round, Techwire reports."
    )

    candidate = only(text)

    assert candidate.company == "Plinth Robotics"


# How much


def test_extract_rounds_reads_other_currencies():
    texts = {
        "Saffronet has raised Rs 150 crore in a Series B round.": (
            Decimal("1500000000"),
            "INR",
        ),
        "Lotus Grid has raised 1.2 billion yuan in a strategic round.": (
            Decimal("1200000000"),
            "CNY",
        ),
        "Fernhill has raised £3.5 million in seed funding.": (
            Decimal("3500000"),
            "GBP",
        ),
        "Veloway has raised 50 million euros in a Series C round.": (
            Decimal("50000000"),
            "EUR",
        ),
    }

    for text, expected in texts.items():
        candidate = only(text)
        assert (candidate.amount, candidate.currency) == expected, text


def test_extract_rounds_keeps_qualifiers():
    candidate = only("Gravel Labs is raising at least $600 million in a new round.")

    assert (candidate.amount_qualifier, candidate.status) == ("at_least", "in_progress")


def test_extract_rounds_vague_amount_gives_no_amount():
    text = (
        "Tallyho has raised a seven-figure sum in seed funding from Ridgeback Ventures."
    )

    candidate = only(text)

    assert (candidate.amount, candidate.round_type, candidate.participants) == (
        None,
        "seed",
        ("Ridgeback Ventures",),
    )


def test_extract_rounds_ignores_revenue_and_totals():
    text = (
        "Marblehead has raised $20 million in a Series B round. The company had $5 million in revenue "
        "last year and has raised $45 million to date."
    )

    candidate = only(text)

    assert candidate.amount == Decimal("20000000")


# Valuation


def test_extract_rounds_reads_valuation_with_qualifier():
    text = (
        "Copperleaf has raised $100 million at a valuation of more than $2.5 billion."
    )

    candidate = only(text)

    assert (
        candidate.valuation,
        candidate.valuation_qualifier,
        candidate.valuation_basis,
    ) == (
        Decimal("2500000000"),
        "more_than",
        None,
    )


def test_extract_rounds_reads_post_money_basis():
    text = "Kettlebell closed a $9 million seed round at a $45 million post-money valuation."

    candidate = only(text)

    assert (candidate.valuation, candidate.valuation_basis) == (
        Decimal("45000000"),
        "post",
    )


def test_extract_rounds_valuing_the_company_at():
    text = "Driftwood has closed a $60 million Series C round, valuing the company at $900 million."

    candidate = only(text)

    assert candidate.valuation == Decimal("900000000")


def test_extract_rounds_unicorn_is_not_a_valuation():
    text = "Pebblestone has raised $150 million, making it a unicorn."

    candidate = only(text)

    assert candidate.valuation is None


# Round type


def test_extract_rounds_extension_keeps_series():
    text = "Nimbusly has raised $15 million as a Series B extension."

    candidate = only(text)

    assert (candidate.round_type, candidate.round_label) == (
        "series_b",
        "Series B extension",
    )


# Investors


def test_extract_rounds_led_by_with_participation_from():
    text = (
        "Tidewater Bio has raised $35 million in a Series A round led by Arclight Partners, "
        "with participation from Cobalt Ventures, Dune Capital and Elmstead Fund."
    )

    candidate = only(text)

    assert (candidate.lead_investors, candidate.participants) == (
        ("Arclight Partners",),
        ("Cobalt Ventures", "Dune Capital", "Elmstead Fund"),
    )


def test_extract_rounds_investor_led_the_round_in_next_sentence():
    text = "Mosswood has raised $9 million in a seed round. Falconer Ventures led the round."

    candidate = only(text)

    assert candidate.lead_investors == ("Falconer Ventures",)


def test_extract_rounds_co_led_by_two_investors():
    text = "Lanternfish has closed a $50 million Series B round co-led by Granite Peak and Sorrel Capital."

    candidate = only(text)

    assert candidate.lead_investors == ("Granite Peak", "Sorrel Capital")


def test_extract_rounds_existing_investors_also_joined():
    text = (
        "Oakvale has raised $22 million in a Series A round led by Beacon Growth. "
        "Existing investors Hollow Creek Ventures and Juniper Seed also joined the round."
    )

    candidate = only(text)

    assert candidate.participants == ("Hollow Creek Ventures", "Juniper Seed")


def test_extract_rounds_formerly_names_one_investor():
    text = (
        "Saltmarsh is raising $80 million led by Pinecrest. Pinecrest and Redwater, formerly Bluefin Asia, "
        "have committed to the financing."
    )

    candidate = only(text)

    assert (candidate.lead_investors, candidate.participants) == (
        ("Pinecrest",),
        ("Redwater",),
    )


def test_extract_rounds_history_backers_are_not_participants():
    text = (
        "Wickerly has raised $30 million in a Series B round led by Meridian Ventures. "
        "Its existing backers include Stonebridge Capital and Thornfield."
    )

    candidate = only(text)

    assert candidate.participants == ()


# Status


def test_extract_rounds_in_talks_is_in_progress():
    text = (
        "Gullwing is in talks to raise $200 million at a valuation of about $1 billion."
    )

    candidate = only(text)

    assert (candidate.status, candidate.valuation_qualifier) == ("in_progress", "about")


def test_extract_rounds_announced_round_is_announced():
    candidate = only("Riverbend announced it has raised $7 million in a seed round.")

    assert candidate.status == "announced"


# Several rounds, and none


def test_extract_rounds_earlier_round_is_a_second_candidate():
    text = (
        "Halcyon Health has raised $45 million in a Series B round led by Crestline Ventures. "
        "The company had raised $10 million in a Series A round in 2021."
    )

    candidates = extract_rounds(text, PUBLISHED)

    assert [(c.company, c.round_type, c.amount, c.primary) for c in candidates] == [
        ("Halcyon Health", "series_b", Decimal("45000000"), True),
        ("Halcyon Health", "series_a", Decimal("10000000"), False),
    ]
    assert candidates[1].date is None


def test_extract_rounds_acquisition_gives_nothing():
    text = "Bramblecorp has acquired the startup Fiddlehead for $80 million in cash, the companies said."

    assert extract_rounds(text, PUBLISHED) == []


def test_extract_rounds_ipo_gives_nothing():
    text = "Shares of Lakeshore Pay jumped 40% in its market debut after the initial public offering priced at $21."

    assert extract_rounds(text, PUBLISHED) == []


def test_extract_rounds_earnings_give_nothing():
    text = "Cindervale reported revenue of $300 million for the quarter, up 12% from a year earlier."

    assert extract_rounds(text, PUBLISHED) == []


def test_extract_rounds_venture_firm_raising_its_own_fund_gives_nothing():
    text = "Larkspur Ventures has closed its third fund at $250 million to back early-stage startups."

    assert extract_rounds(text, PUBLISHED) == []


def test_extract_rounds_explainer_gives_nothing():
    text = (
        "A Series A round usually follows a seed round. Investors in a Series A typically expect a "
        "working product, and the round is often led by a single venture firm."
    )

    assert extract_rounds(text, PUBLISHED) == []


# Noise


def test_extract_rounds_ignores_bylines_and_page_chrome():
    text = (
        "By Jane Doe\nShare on Twitter\nRead more: Five trends in climate tech\n\n"
        "Glasswing has raised $14 million in a Series A round led by Tamarack Partners.\n\n"
        "Subscribe to our newsletter for the latest funding news."
    )

    candidate = only(text)

    assert (candidate.company, candidate.lead_investors) == (
        "Glasswing",
        ("Tamarack Partners",),
    )


# The seed case, in our own words


def test_extract_rounds_seed_case_two_rounds():
    text = (
        "Alibaba is leading a funding round of at least $600 million in MiniMax, the Shanghai AI "
        "developer, which would value it at more than $2.5 billion, people with knowledge of the deal said. "
        "HongShan, formerly Sequoia China, has also committed money, and the terms could still change.\n\n"
        "Alibaba has been busy in the sector. It led a $1 billion round in Moonshot AI earlier, which valued "
        "that startup at about $2.5 billion."
    )

    candidates = extract_rounds(text, PUBLISHED)

    assert [
        (
            c.company,
            c.amount,
            c.amount_qualifier,
            c.valuation,
            c.valuation_qualifier,
            c.lead_investors,
            c.participants,
            c.status,
        )
        for c in candidates
    ] == [
        (
            "MiniMax",
            Decimal("600000000"),
            "at_least",
            Decimal("2500000000"),
            "more_than",
            ("Alibaba",),
            ("HongShan",),
            "in_progress",
        ),
        (
            "Moonshot AI",
            Decimal("1000000000"),
            "exact",
            Decimal("2500000000"),
            "about",
            ("Alibaba",),
            (),
            "announced",
        ),
    ]


# Evidence, fingerprints and known names


def test_extract_rounds_evidence_points_at_values():
    text = "Ashgrove has raised $8 million in a seed round led by Kestrel Fund."

    candidate = only(text)

    spans = {e.field: text[e.start : e.end] for e in candidate.evidence}
    assert spans == {
        "company": "Ashgrove",
        "amount": "$8 million",
        "round_type": "seed round",
        "lead_investors": "Kestrel Fund",
        "status": "raised",
    }


def test_extract_rounds_fingerprint_is_stable_across_runs():
    text = "Ashgrove has raised $8 million in a seed round led by Kestrel Fund."

    first = only(text)
    second = only(text)

    assert first.fingerprint == second.fingerprint == "ashgrove|seed|8000000|USD"


def test_extract_rounds_known_company_raises_confidence():
    text = "Ashgrove has raised $8 million in a seed round."

    plain = only(text)
    known = only(text, known_companies=("Ashgrove",))

    assert known.confidence > plain.confidence


def test_extract_rounds_uses_published_date_for_the_main_round():
    candidate = only("Ashgrove has raised $8 million in a seed round.")

    assert candidate.date == PUBLISHED


# Robustness


def test_extract_rounds_empty_text_gives_nothing():
    assert extract_rounds("") == []
    assert extract_rounds("   \n\n ") == []


def test_extract_rounds_binary_looking_text_gives_nothing():
    text = "".join(chr(i % 32) for i in range(5000)) + "\x00\x01 raised $5 million"

    assert extract_rounds(text) == []


def test_extract_rounds_non_english_text_gives_nothing():
    text = "这家公司今天宣布完成新一轮融资，投资方包括多家机构。" * 50

    assert extract_rounds(text) == []


def test_extract_rounds_huge_text_is_bounded_in_time():
    text = ("lorem ipsum $ 1, 2, 3 million round led by , , , " * 200_000)[:10_000_000]

    start = time.perf_counter()
    candidates = extract_rounds(text)
    seconds = time.perf_counter() - start

    assert candidates == []
    assert seconds < 10


def test_extract_rounds_pathological_punctuation_is_bounded_in_time():
    text = "A" + " ," * 50_000 + "$" + "1," * 50_000 + " led by " + "B and " * 20_000

    start = time.perf_counter()
    extract_rounds(text)

    assert time.perf_counter() - start < 10


def test_extract_rounds_ipo_proceeds_are_not_a_round():
    text = "Crescent Pay raised $243 million in its IPO on Thursday, pricing shares at $16."

    assert extract_rounds(text, PUBLISHED) == []


def test_extract_rounds_market_statistics_give_nothing():
    text = "Startups in Southeast Asia raised $8.2 billion in 2023, down 40% from a year earlier."

    assert extract_rounds(text, PUBLISHED) == []


def test_extract_rounds_acquisition_with_funding_history_gives_nothing():
    text = (
        "Dovetail Group agreed to buy Finchley, a payroll startup that had raised $60 million "
        "from investors, for $500 million."
    )

    assert extract_rounds(text, PUBLISHED) == []


def test_extract_rounds_reads_german_round():
    text = (
        "Der Münchner KI-Anbieter Bergwerk hat in einer Series-A-Runde 15 Millionen Euro eingesammelt. "
        "Angeführt wurde die Runde von Alpen Ventures, außerdem beteiligten sich Isar Capital und Zugspitz VC."
    )

    candidate = only(text)

    assert (
        candidate.company,
        candidate.round_type,
        candidate.amount,
        candidate.currency,
        candidate.lead_investors,
        candidate.participants,
    ) == (
        "Bergwerk",
        "series_a",
        Decimal("15000000"),
        "EUR",
        ("Alpen Ventures",),
        ("Isar Capital", "Zugspitz VC"),
    )


def test_extract_rounds_investor_subject_in_company():
    text = "Orbit Capital invested $20 million in Fintrail, a London-based payments startup."

    candidate = only(text)

    assert (candidate.company, candidate.amount, candidate.participants) == (
        "Fintrail",
        Decimal("20000000"),
        ("Orbit Capital",),
    )


def test_extract_rounds_roundup_gives_one_candidate_per_company():
    text = (
        "Deals\n\n"
        "- Berlin-based logistics platform Kranich has raised €40 million in a Series B round led by Spree Capital.\n"
        "- A new fund is emerging: Ostsee Ventures has closed its first fund at €60 million.\n"
        "- Danish fintech Moleskin has secured €8 million in financing from Nyhavn Partners.\n"
    )

    candidates = extract_rounds(text, PUBLISHED)

    assert [
        (c.company, c.amount, c.lead_investors, c.participants) for c in candidates
    ] == [
        ("Kranich", Decimal("40000000"), ("Spree Capital",), ()),
        ("Moleskin", Decimal("8000000"), (), ("Nyhavn Partners",)),
    ]


def test_extract_rounds_total_raised_is_not_a_round():
    text = (
        "Paywise has raised $30 million in a Series B round led by Andes Capital. "
        "The new funding brings Paywise's total raised to $52 million."
    )

    candidate = only(text)

    assert candidate.amount == Decimal("30000000")


def test_extract_rounds_rival_round_names_the_rival():
    text = "Paywise has raised $30 million. Rival Cobrafy raised $45 million last month from Tiger Mountain."

    candidates = extract_rounds(text, PUBLISHED)

    assert [(c.company, c.amount, c.participants, c.primary) for c in candidates] == [
        ("Paywise", Decimal("30000000"), (), True),
        ("Cobrafy", Decimal("45000000"), ("Tiger Mountain",), False),
    ]


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_extract_rounds_sample_articles(sample):
    expected = json.loads(sample.with_suffix(".json").read_text())

    candidates = extract_rounds(sample.read_text(), PUBLISHED)

    assert [
        {
            "company": c.company,
            "round_type": c.round_type,
            "amount": None if c.amount is None else str(c.amount),
            "currency": c.currency,
            "valuation": None if c.valuation is None else str(c.valuation),
            "lead_investors": list(c.lead_investors),
            "participants": list(c.participants),
            "status": c.status,
            "primary": c.primary,
        }
        for c in candidates
    ] == expected


@given(st.text(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_extract_rounds_never_crashes_on_any_text(text):
    candidates = extract_rounds(text, PUBLISHED)

    assert all(
        0 <= e.start <= e.end <= len(text) for c in candidates for e in c.evidence
    )


_NEWSY = st.lists(
    st.sampled_from(
        [
            "Acme",
            "raised",
            "$5 million",
            "led by",
            "Foo Ventures",
            ",",
            ".",
            "Series A",
            "round",
            "in talks",
            "valuation",
            "of",
            "at",
            "the company",
            "it",
            "and",
            "Bar Capital",
            "€3m",
            "with participation from",
            "formerly",
            "(",
            ")",
            "\n",
            "Rs 40 crore",
            "seed",
            "—",
        ]
    ),
    max_size=80,
).map(" ".join)


@given(_NEWSY)
@settings(max_examples=300, deadline=None)
def test_extract_rounds_never_crashes_on_newsy_word_salad(text):
    for candidate in extract_rounds(text, PUBLISHED):
        assert candidate.company
        assert candidate.amount is None or candidate.amount >= 0


def test_extract_rounds_investors_co_led_the_round_after_series_letter():
    text = "Quillo has raised a $12 million Series A. Andes Ventures and Pampa Capital co-led the round."

    candidate = only(text)

    assert (candidate.round_type, candidate.lead_investors) == (
        "series_a",
        ("Andes Ventures", "Pampa Capital"),
    )


def test_extract_rounds_backers_in_the_round_include():
    text = "Kindling raised $9 million in seed funding. Backers in the round include Ember Fund and Ash Partners."

    candidate = only(text)

    assert candidate.participants == ("Ember Fund", "Ash Partners")


def test_extract_rounds_possessive_round_was_led_by():
    candidate = only("Gildo's $25 million Series B was led by Mint Partners.")

    assert (candidate.company, candidate.amount, candidate.lead_investors) == (
        "Gildo",
        Decimal("25000000"),
        ("Mint Partners",),
    )


def test_extract_rounds_round_for_company_led_and_included():
    candidate = only(
        "The $40 million round for Brisk was led by Tally Ventures and included Ledger Capital."
    )

    assert (candidate.company, candidate.lead_investors, candidate.participants) == (
        "Brisk",
        ("Tally Ventures",),
        ("Ledger Capital",),
    )


def test_extract_rounds_backed_by_history_is_not_a_participant():
    text = "Solace, backed by Quiet Capital, has raised $20 million in a Series B round led by Loud Ventures."

    candidate = only(text)

    assert (candidate.lead_investors, candidate.participants) == (
        ("Loud Ventures",),
        (),
    )


def test_extract_rounds_pre_money_valuation():
    text = "Orbitant, a space logistics company, raised $50 million at a $500 million pre-money valuation."

    candidate = only(text)

    assert (candidate.valuation, candidate.valuation_basis) == (
        Decimal("500000000"),
        "pre",
    )


def test_extract_rounds_headline_figure_takes_qualifier_from_body():
    text = (
        "Vantix in talks for funding at $2 bln valuation\n\n"
        "Vantix is in talks to raise $150 million in a round that would value it at around $2 billion."
    )

    candidate = only(text)

    assert (candidate.valuation, candidate.valuation_qualifier) == (
        Decimal("2000000000"),
        "about",
    )


def test_extract_rounds_noun_phrase_head_is_the_company():
    text = "AI coding assistant Codexa is raising a new round at a $3 billion valuation, a person said."

    candidate = only(text)

    assert (
        candidate.company,
        candidate.amount,
        candidate.valuation,
        candidate.status,
    ) == (
        "Codexa",
        None,
        Decimal("3000000000"),
        "in_progress",
    )


def test_extract_rounds_lender_of_a_facility_is_a_participant():
    text = "EV charging startup Voltway has secured a $100 million credit facility from Meridian Bank."

    candidate = only(text)

    assert (candidate.round_type, candidate.participants) == (
        "debt",
        ("Meridian Bank",),
    )


def test_extract_rounds_reads_indian_shorthand_amounts():
    text = "Bengaluru-based D2C brand Sattva has raised INR 120 Cr in its Series B round led by Kalpa Capital."

    candidate = only(text)

    assert (candidate.company, candidate.amount, candidate.currency) == (
        "Sattva",
        Decimal("1200000000"),
        "INR",
    )


def test_extract_rounds_exclusive_investor_leads():
    candidate = only(
        "Helio Capital exclusively invested $4 million in Lumen, a solar startup."
    )

    assert (candidate.company, candidate.lead_investors, candidate.participants) == (
        "Lumen",
        ("Helio Capital",),
        (),
    )


def test_extract_rounds_exploring_a_raise_is_in_progress():
    candidate = only("Quanta is exploring a $50 million raise, the report said.")

    assert candidate.status == "in_progress"


def test_extract_rounds_day_and_month_take_the_article_year():
    candidate = only("Acme said on March 4 it raised $5 million in a seed round.")

    assert candidate.date == datetime.date(2024, 3, 4)


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_extract_rounds_evidence_spans_spell_the_values(sample):
    text = sample.read_text()

    for candidate in extract_rounds(text, PUBLISHED):
        spans = {(e.field, text[e.start : e.end]) for e in candidate.evidence}
        assert ("company", candidate.company) in spans
        assert {("lead_investors", name) for name in candidate.lead_investors} <= spans
        assert {("participants", name) for name in candidate.participants} <= spans


def test_extract_rounds_german_lead_under_the_direction_of():
    text = (
        "Das Kölner Startup Ruhrwerk hat in einer Finanzierungsrunde unter der Führung von Domblick Ventures "
        "8 Millionen Euro erhalten. Mit dabei waren außerdem Rhein Capital und Eifel Partners."
    )

    candidate = only(text)

    assert (
        candidate.company,
        candidate.amount,
        candidate.lead_investors,
        candidate.participants,
    ) == (
        "Ruhrwerk",
        Decimal("8000000"),
        ("Domblick Ventures",),
        ("Rhein Capital", "Eifel Partners"),
    )


def test_extract_rounds_total_in_relative_clause_is_not_a_round():
    text = "Acme, which has raised $90 million from investors including Foo Ventures, launched an app on Monday."

    assert extract_rounds(text, PUBLISHED) == []


def test_extract_rounds_market_averages_give_nothing():
    text = (
        "According to one data provider, the average Series B round in the U.S. raised around $45 million "
        "last year. A Series B company tends to have a valuation between $30 million and $60 million."
    )

    assert extract_rounds(text, PUBLISHED) == []


def test_extract_rounds_co_led_with_second_lead():
    text = "Orca Fund co-led a $60 million Series C round for Lisbon-based robotics maker Pescada with Atlantic Partners."

    candidate = only(text)

    assert (candidate.company, candidate.lead_investors) == (
        "Pescada",
        ("Orca Fund", "Atlantic Partners"),
    )


def test_extract_rounds_investor_joined_named_co_investors():
    text = (
        "Messaging platform Chirpy said it had received a $50 million round of funding. "
        "Quill Capital invested, as it joined Ferrum, Nordbank and existing investor Tallow Ventures."
    )

    candidate = only(text)

    assert candidate.participants == (
        "Quill Capital",
        "Ferrum",
        "Nordbank",
        "Tallow Ventures",
    )


def test_extract_rounds_grant_awarded_to_company():
    candidate = only(
        "The national science agency awarded Biolume a $1.5 million grant in June."
    )

    assert (candidate.company, candidate.round_type, candidate.amount) == (
        "Biolume",
        "grant",
        Decimal("1500000"),
    )


def test_extract_rounds_first_tranche_belongs_to_the_round_total():
    text = (
        "Harbor Bio Ventures led a $25 million extension to a Series A round for biotech Coralis that now stands at $40 million. "
        "Coralis raised an initial $15 million in a first tranche last year."
    )

    candidate = only(text)

    assert (
        candidate.company,
        candidate.round_type,
        candidate.amount,
        candidate.lead_investors,
    ) == (
        "Coralis",
        "series_a",
        Decimal("40000000"),
        ("Harbor Bio Ventures",),
    )


def test_extract_rounds_founders_in_appositive_are_not_the_company():
    text = (
        "Pallet has raised $30 million in a Series B round. The startup, founded by Ana Ruiz, Li Wei and "
        "Omar Haddad, had raised $8 million from Grove Capital in 2021."
    )

    candidates = extract_rounds(text, PUBLISHED)

    assert [(c.company, c.amount) for c in candidates] == [
        ("Pallet", Decimal("30000000")),
        ("Pallet", Decimal("8000000")),
    ]


def test_extract_rounds_threshold_amounts_are_not_rounds():
    text = "Three companies raised funding of $100 million or more this week, a tracker showed."

    assert extract_rounds(text, PUBLISHED) == []


def test_extract_rounds_company_after_possessive_owner():
    candidate = only(
        "Ana Ruiz's Quillpay also raised $6 million at a valuation of $40 million last month."
    )

    assert (candidate.company, candidate.valuation) == ("Quillpay", Decimal("40000000"))


def test_extract_rounds_person_subject_is_not_the_company():
    text = (
        "Jane Roe, the company's co-founder and chief executive, is seeking a higher valuation than the "
        "$2 billion Vantix got in its $150 million round led by Summit Lake Capital in June."
    )

    candidate = only(text)

    assert (
        candidate.company,
        candidate.amount,
        candidate.lead_investors,
        candidate.status,
    ) == (
        "Vantix",
        Decimal("150000000"),
        ("Summit Lake Capital",),
        "announced",
    )


def test_extract_rounds_short_and_formal_names_are_one_company():
    text = (
        "Chip designer Shanghai Vexa Semiconductor Co. is seeking to raise funds at a valuation of about "
        "10 billion yuan, people said. Vexa wants as much as 1 billion yuan, they said.\n\n"
        "The startup raised 2 billion yuan in 18 months from investors including Jade Capital."
    )

    candidate = only(text)

    assert (
        candidate.amount,
        candidate.amount_qualifier,
        candidate.valuation,
        candidate.participants,
        candidate.status,
    ) == (
        Decimal("1000000000"),
        "up_to",
        Decimal("10000000000"),
        (),
        "in_progress",
    )


def test_extract_rounds_appositive_city_is_not_the_company():
    text = (
        "Ferrowave, the six-year-old, Carson Falls, Nev.-based battery startup founded by former engineer "
        "Jo Blake, has secured a $200 million loan from a state energy agency."
    )

    candidate = only(text)

    assert (candidate.company, candidate.round_type, candidate.amount) == (
        "Ferrowave",
        "debt",
        Decimal("200000000"),
    )


def test_extract_rounds_investor_raising_own_fund_is_not_a_round():
    text = (
        "Boyce, who left a large firm to raise his own $40 million fund, spoke from the perspective "
        "of a solo GP who helps portfolio companies design their next fundraise."
    )

    assert extract_rounds(text, PUBLISHED) == []


def test_extract_rounds_backed_prefix_is_not_part_of_the_lead():
    text = "Dectra has raised ₹4 crore in a round led by Vela Group-backed HealthAngels, with participation from Pad Ventures."

    candidate = only(text)

    assert (
        candidate.amount,
        candidate.currency,
        candidate.lead_investors,
        candidate.participants,
    ) == (
        Decimal("40000000"),
        "INR",
        ("HealthAngels",),
        ("Pad Ventures",),
    )


def test_extract_rounds_fund_first_close_is_not_a_round():
    text = (
        "Linden Partners' consumer fund has achieved its first close at $200 million. "
        "Backed by pension investors, the fund aims to raise up to $400 million."
    )

    assert extract_rounds(text, PUBLISHED) == []


def test_extract_rounds_other_company_talks_do_not_change_status():
    text = (
        "Tamarind raised $27 million in Series C funding from investors like Jade Ventures and Koi Capital. "
        "Fintech player Navio is reportedly in talks for a new funding round."
    )

    candidate = only(text)

    assert (candidate.company, candidate.participants, candidate.status) == (
        "Tamarind",
        ("Jade Ventures", "Koi Capital"),
        "announced",
    )


def test_extract_rounds_investors_a_company_eyes_are_not_participants():
    candidate = only(
        "Zipline Rides eyes $100 million funding from existing backer Orbit Capital and others."
    )

    assert (candidate.amount, candidate.participants, candidate.status) == (
        Decimal("100000000"),
        (),
        "in_progress",
    )


# Co-leads and the investors after them


def test_extract_rounds_co_led_by_then_participation_from():
    candidate = only(
        "Pellucor raised €38M in a Series B co-led by Ashgrove Capital and Tindle Partners, "
        "with participation from Quarrow Ventures and Belmesa Fund."
    )

    assert (candidate.lead_investors, candidate.participants) == (
        ("Ashgrove Capital", "Tindle Partners"),
        ("Quarrow Ventures", "Belmesa Fund"),
    )


def test_extract_rounds_led_by_then_with_names_participants():
    candidate = only(
        "Dovetrail has raised $12 million in a Series A round co-led by Marlin Oak and Sable Fen Capital, "
        "with Kittering Ventures and Pomeroy Angels."
    )

    assert (candidate.lead_investors, candidate.participants) == (
        ("Marlin Oak", "Sable Fen Capital"),
        ("Kittering Ventures", "Pomeroy Angels"),
    )


def test_extract_rounds_co_led_the_round_with_names_another_lead():
    candidate = only(
        "Dovetrail has raised $12 million. Marlin Oak co-led the round with Sable Fen Capital."
    )

    assert candidate.lead_investors == ("Marlin Oak", "Sable Fen Capital")


# Round types


def test_extract_rounds_growth_in_investor_name_is_no_round_type():
    candidate = only(
        "Fernwick Growth Equity is leading a round of at least $90 million for Tallowby, "
        "a freight startup, people familiar with the matter said."
    )

    assert (candidate.company, candidate.round_type, candidate.lead_investors) == (
        "Tallowby",
        "unknown",
        ("Fernwick Growth Equity",),
    )


def test_extract_rounds_growth_round_led_by_growth_named_investor():
    candidate = only(
        "Tallowby has raised $90 million in a growth round led by Fernwick Growth Equity."
    )

    assert (candidate.round_type, candidate.lead_investors) == (
        "growth",
        ("Fernwick Growth Equity",),
    )


# Existing backers returning


@pytest.mark.parametrize(
    "second",
    [
        "Quibble Partners, which led the seed round, returned for the new round, "
        "along with Marrowind Ventures and Ostrava Holdings CVC.",
        "Quibble Partners, which backed its Series A, came back for this round, "
        "along with Marrowind Ventures and Ostrava Holdings CVC.",
        "Quibble Partners re-upped, alongside Marrowind Ventures and Ostrava Holdings CVC.",
        "Quibble Partners, which previously led its seed round, came back for the new round, "
        "along with Marrowind Ventures and Ostrava Holdings CVC.",
        "Quibble Partners, Marrowind Ventures and Ostrava Holdings CVC doubled down on the company in the round.",
    ],
)
def test_extract_rounds_returning_backers_participate(second):
    text = (
        "Zentora has closed a $40 million Series B round led by Harlowe Ventures. "
        + second
    )

    candidate = only(text)

    assert (candidate.round_type, candidate.lead_investors, candidate.participants) == (
        "series_b",
        ("Harlowe Ventures",),
        ("Quibble Partners", "Marrowind Ventures", "Ostrava Holdings CVC"),
    )


def test_extract_rounds_returned_to_profitability_names_no_investor():
    text = (
        "Zentora has closed a $40 million Series B round led by Harlowe Ventures. "
        "Zentora returned to profitability after the round, the company said."
    )

    assert only(text).participants == ()


def test_extract_rounds_date_after_lead_ends_the_name():
    text = (
        "Zentora has closed a $40 million Series B round led by Harlowe Ventures. "
        "The company previously raised $10 million in a Series A led by Brightmoor Capital in May 2023."
    )

    current, earlier = extract_rounds(text, PUBLISHED)

    assert (current.round_type, current.primary, current.date) == (
        "series_b",
        True,
        PUBLISHED,
    )
    assert (
        earlier.company,
        earlier.round_type,
        earlier.lead_investors,
        earlier.primary,
        earlier.date,
        earlier.date_precision,
    ) == (
        "Zentora",
        "series_a",
        ("Brightmoor Capital",),
        False,
        datetime.date(2023, 5, 1),
        "month",
    )


# Reported speech and dates


@pytest.mark.parametrize(
    "reported",
    [
        "said on Tuesday it had raised",
        "said on Tuesday that the company had raised",
        "told investors on Tuesday that it had secured",
    ],
)
def test_extract_rounds_reported_past_perfect_is_the_news(reported):
    candidate = only(
        f"Lumello Health, a Berlin clinical-software startup, {reported} $25 million in a Series A round "
        "led by Brightmoor Capital, with participation from Tidecrest Ventures and Northgale Partners."
    )

    assert (candidate.primary, candidate.date, candidate.participants) == (
        True,
        datetime.date(2024, 3, 5),  # the Tuesday before the Wednesday of publication
        ("Tidecrest Ventures", "Northgale Partners"),
    )


def test_extract_rounds_past_perfect_without_reporting_is_an_earlier_round():
    text = (
        "Lumello Health has raised $25 million in a Series A round led by Brightmoor Capital. "
        "Lumello Health had raised $4 million in a seed round led by Tidecrest Ventures."
    )

    current, earlier = extract_rounds(text, PUBLISHED)

    assert (current.primary, current.date) == (True, PUBLISHED)
    assert (earlier.round_type, earlier.primary, earlier.date) == ("seed", False, None)


def test_extract_rounds_primary_rounds_take_published_date():
    text = (
        "Lumello Health has raised $25 million in a Series A round led by Brightmoor Capital. "
        "Tidecrest Ventures also joined the round."
    )

    assert only(text).date == PUBLISHED
    assert only(text, published=None).date is None


def test_extract_rounds_date_of_an_earlier_event_is_not_the_round_date():
    text = (
        "Zentora has raised $40 million in a Series B round led by Harlowe Ventures. "
        "Quibble Partners, which previously backed the company on January 12, also joined the round."
    )

    candidate = only(text)

    assert (candidate.participants, candidate.date) == (
        ("Quibble Partners",),
        PUBLISHED,
    )


# The company's name


def test_extract_rounds_headline_short_name_gives_way_to_body_name():
    text = (
        "Lumello raises $25M\n\n"
        "Lumello Health, a Berlin clinical-software startup, has raised $25 million in a Series A round "
        "led by Brightmoor Capital. Lumello plans to hire 40 engineers."
    )

    assert only(text).company == "Lumello Health"


def test_extract_rounds_body_introduces_the_fuller_name_in_one_sentence():
    text = (
        "Lumello Health, a Berlin clinical-software startup, said on Tuesday that Lumello had raised "
        "$25 million in a Series A round."
    )

    assert only(text).company == "Lumello Health"


def test_extract_rounds_short_name_stays_when_the_body_uses_it_first():
    text = (
        "Karsk raises $9M\n\n"
        "Karsk has raised $9 million in a seed round led by Brightmoor Capital. "
        "Karsk Norway, its local branch, will hire 20 people."
    )

    assert only(text).company == "Karsk"


def test_extract_rounds_fuller_name_of_an_investor_is_not_the_company():
    text = (
        "Karsk raises $9M\n\n"
        "Karsk Ventures, the venture arm of its parent, led the $9 million seed round in Karsk."
    )

    assert only(text).company == "Karsk"


def test_extract_rounds_led_by_then_with_existing_investors_joining():
    candidate = only(
        "Pellucor raised €38M in a Series B round led by Ashgrove Capital, "
        "with existing investors Quarrow Ventures and Belmesa Fund joining."
    )

    assert (candidate.lead_investors, candidate.participants) == (
        ("Ashgrove Capital",),
        ("Quarrow Ventures", "Belmesa Fund"),
    )


def test_extract_rounds_led_by_then_with_an_adviser_is_no_participant():
    candidate = only(
        "Pellucor raised €38M in a Series B round led by Ashgrove Capital, "
        "with Tindle Securities acting as placement agent."
    )

    assert (candidate.lead_investors, candidate.participants) == (
        ("Ashgrove Capital",),
        (),
    )


def test_extract_rounds_news_after_an_earlier_valuation_is_its_own_primary_round():
    text = (
        "Lumello Health was valued at $80 million in 2022. "
        "Lumello Health, a Berlin clinical-software startup, said on Tuesday it had raised $25 million "
        "in a Series A round led by Brightmoor Capital, with participation from Tidecrest Ventures."
    )

    news = next(c for c in extract_rounds(text, PUBLISHED) if c.amount is not None)

    assert (news.amount, news.primary, news.date, news.participants) == (
        Decimal("25000000"),
        True,
        datetime.date(2024, 3, 5),
        ("Tidecrest Ventures",),
    )


def test_extract_rounds_correction_of_an_earlier_series_merges_with_it():
    text = (
        "A couple of months ago, Karsk secured a Series A from Quarrow Ventures. "
        "Update: the Series A investment obtained by Karsk is $850,000."
    )

    candidate = only(text)

    assert (candidate.round_type, candidate.amount) == ("series_a", Decimal("850000"))


# The funded company: appositions, people, ordinary words


def test_apposition_names_the_funded_company():
    candidate = only(
        "Quillbyte, the US code-review startup, has raised $40 million in a Series B."
    )

    assert (candidate.company, candidate.round_type, candidate.amount) == (
        "Quillbyte",
        "series_b",
        Decimal("40000000"),
    )


def test_an_ordinary_word_opening_a_sentence_is_no_company():
    text = (
        "Less than a year after raising $40 million at a $600 million valuation, food "
        "delivery startup Zentora is looking for fresh funding at a $1 billion valuation."
    )

    found = {(c.company, c.primary, c.status) for c in extract_rounds(text, PUBLISHED)}

    assert found == {("Zentora", True, "in_progress"), ("Zentora", False, "announced")}


def test_a_person_named_by_title_is_no_company():
    text = (
        "Vantora raised $12 million in a seed round. "
        "Chief executive Mira Solberg said the money would fund hiring. "
        "Solberg has raised $3 million before from angels."
    )

    assert {c.company for c in extract_rounds(text, PUBLISHED)} == {"Vantora"}


def test_the_earlier_round_in_an_opening_clause_is_passing():
    text = (
        "Two years after raising $8 million, Pellio has closed a $25 million Series A."
    )

    found = sorted(
        (c.amount, c.primary, c.date) for c in extract_rounds(text, PUBLISHED)
    )

    assert found == [
        (Decimal("8000000"), False, None),
        (Decimal("25000000"), True, PUBLISHED),
    ]


def test_a_sentence_continues_the_round_it_last_spoke_of():
    text = (
        "Orvel raises $9m; Tamsin lands $4m.\n"
        "Orvel, a Lisbon logistics startup, has raised $9 million.\n"
        "Halden Capital joined the round."
    )

    rounds = {c.company: c.participants for c in extract_rounds(text, PUBLISHED)}

    assert rounds == {"Orvel": ("Halden Capital",), "Tamsin": ()}


# Other languages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Vantora lève 15 millions d'euros auprès de Halden Capital et Ostara Ventures.",
            (
                "Vantora",
                Decimal("15000000"),
                "EUR",
                (),
                ("Halden Capital", "Ostara Ventures"),
            ),
        ),
        (
            "La startup española Vantora capta €50M en una ronda liderada por Halden Capital.",
            ("Vantora", Decimal("50000000"), "EUR", ("Halden Capital",), ()),
        ),
        (
            "A startup Vantora recebeu R$ 3 milhões em rodada liderada pela Halden Ventures, "
            "com participação da Ostara.",
            ("Vantora", Decimal("3000000"), "BRL", ("Halden Ventures",), ("Ostara",)),
        ),
        (
            "Das Berliner Startup Vantora hat in einer Finanzierungsrunde 45,4 Millionen Euro "
            "eingesammelt. Angeführt wird die Runde von Halden Capital.",
            ("Vantora", Decimal("45400000"), "EUR", ("Halden Capital",), ()),
        ),
        (
            "Der Wiener Internet-Marktplatz Vantora hat 12 Millionen Euro eingesammelt.",
            ("Vantora", Decimal("12000000"), "EUR", (), ()),
        ),
    ],
    ids=["french", "spanish", "portuguese", "german", "german-compound-descriptor"],
)
def test_announcements_in_other_languages(text, expected):
    candidate = only(text)

    assert (
        candidate.company,
        candidate.amount,
        candidate.currency,
        candidate.lead_investors,
        candidate.participants,
    ) == expected


def test_french_pre_seed_and_participants_after_dont():
    candidate = only(
        "La fintech nigériane Vantora a réussi récemment à lever un montant d’un million USD "
        "en financement de pré-amorçage. Le tour de table a vu la participation de plusieurs "
        "investisseurs, dont Halden, Ostara Ventures et Brekke Fund, entre autres."
    )

    assert (candidate.round_type, candidate.amount, candidate.participants) == (
        "pre_seed",
        Decimal("1000000"),
        ("Halden", "Ostara Ventures", "Brekke Fund"),
    )


def test_a_description_opening_the_sentence_is_no_company():
    candidate = only(
        "Financial software provider to SMEs, Vantora, raises $50m in equity."
    )

    assert candidate.company == "Vantora"


def test_a_word_describing_the_name_is_not_part_of_it():
    candidate = only("Halden-subsidiary Vantora raised $1.3 million in seed funding.")

    assert (candidate.company, candidate.round_type) == ("Vantora", "seed")


def test_the_round_a_new_round_follows_does_not_lend_it_its_amount():
    text = (
        "Vantora has closed a Series B. "
        "The Series B follows a $16 million seed round in March 2022."
    )

    candidate = only(text)

    assert (candidate.round_type, candidate.amount) == ("series_b", None)


# Roundups


def test_every_line_of_a_roundup_is_a_round():
    text = (
        "This week's deals:\n"
        "- Vantora (Berlin, fintech) raised €5M seed from Halden Capital\n"
        "- Ostara: $12M Series A led by Brekke Ventures, with Quill Partners\n"
        "• Pellio — $3.5 million — pre-seed — Arden Angels, Lumen VC\n"
        "* Tamsin, a Lisbon logistics startup, $20M Series B (Halden Capital, Ostara Ventures)\n"
    )

    found = [
        (c.company, c.round_type, c.amount) for c in extract_rounds(text, PUBLISHED)
    ]

    assert found == [
        ("Vantora", "seed", Decimal("5000000")),
        ("Ostara", "series_a", Decimal("12000000")),
        ("Pellio", "pre_seed", Decimal("3500000")),
        ("Tamsin", "series_b", Decimal("20000000")),
    ]


def test_every_row_of_a_deal_table_is_a_round():
    text = (
        "Company | Sector | Amount | Round | Investors\n"
        "Vantora | Fintech | $5M | Seed | Halden Capital\n"
        "Ostara | Health | $12M | Series A | Brekke Ventures, Quill Partners\n"
    )

    found = [
        (c.company, c.round_type, c.participants)
        for c in extract_rounds(text, PUBLISHED)
    ]

    assert found == [
        ("Vantora", "seed", ("Halden Capital",)),
        ("Ostara", "series_a", ("Brekke Ventures", "Quill Partners")),
    ]


def test_every_line_of_a_french_roundup_is_a_round():
    text = (
        "Les levées de la semaine :\n"
        "Vantora lève 5 M€ auprès de Halden Capital\n"
        "Ostara : 12 millions d'euros en série A auprès de Brekke Ventures et Quill Partners\n"
        "Pellio boucle un tour de table de 3 millions d'euros\n"
    )

    found = [(c.company, c.amount, c.currency) for c in extract_rounds(text, PUBLISHED)]

    assert found == [
        ("Vantora", Decimal("5000000"), "EUR"),
        ("Ostara", Decimal("12000000"), "EUR"),
        ("Pellio", Decimal("3000000"), "EUR"),
    ]


def test_a_kicker_before_a_colon_is_no_company():
    found = [
        c.company for c in extract_rounds("Exclusive: Vantora raises $40M", PUBLISHED)
    ]

    assert found == ["Vantora"]


# Valuations, amounts and status


def test_valuations_stated_alone_for_two_companies_in_talks():
    text = (
        "Vantora is looking at a valuation of $4 billion while Lisbon-based Ostara is "
        "eyeing a valuation of $3.1 billion, sources told the paper."
    )

    found = sorted(
        (c.company, c.valuation, c.status) for c in extract_rounds(text, PUBLISHED)
    )

    assert found == [
        ("Ostara", Decimal("3100000000"), "in_progress"),
        ("Vantora", Decimal("4000000000"), "in_progress"),
    ]


def test_the_stated_total_of_an_extended_round_is_its_amount():
    text = (
        "Vantora has closed its latest funding round with an extra $98 million. "
        "The money comes on top of the $385 million it raised in September, bringing the "
        "round's total to $482 million."
    )

    assert only(text).amount == Decimal("482000000")


def test_an_expanded_to_figure_replaces_the_first_one():
    text = (
        "Vantora raised a $40 million Series B. "
        "The round was later expanded to $55 million with Halden Capital joining."
    )

    candidate = only(text)

    assert (candidate.amount, candidate.participants) == (
        Decimal("55000000"),
        ("Halden Capital",),
    )


def test_a_target_in_a_second_clause_is_a_round_in_progress():
    text = (
        "Vantora raised $30 million in angel funding, the report said, and has targeted "
        "a Series A round of $100 million."
    )

    found = sorted(
        (c.round_type, c.amount, c.status) for c in extract_rounds(text, PUBLISHED)
    )

    assert found == [
        ("seed", Decimal("30000000"), "announced"),
        ("series_a", Decimal("100000000"), "in_progress"),
    ]


def test_an_earlier_round_in_a_comparison_is_not_put_on_the_new_one():
    text = (
        "Vantora raised $50 million led by Halden Capital. "
        "Its post-money valuation should now pass $3 billion, "
        "well up from a $2 billion valuation in March last year."
    )

    candidate = only(text)

    assert candidate.valuation == Decimal("3000000000")


@pytest.mark.parametrize(
    "text",
    [
        "Vantora cerró 2024 con €53M de pérdidas netas.",
        "Créée en 2017, Vantora, qui avait jusqu'ici levé 18 millions d'euros, produit des moteurs.",
    ],
    ids=["spanish-losses", "french-total-to-date"],
)
def test_losses_and_totals_to_date_are_no_rounds(text):
    assert extract_rounds(text, PUBLISHED) == []


def test_a_french_valuation():
    text = (
        "Vantora a bouclé une levée de fonds de 470 millions d'euros. "
        "Vantora est désormais valorisée à près de 3 milliards d’euros."
    )

    candidate = only(text)

    assert (candidate.valuation, candidate.valuation_qualifier) == (
        Decimal("3000000000"),
        "about",
    )


# Investor and company roles


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Brightwave Capital invests in Lumora, a Danish robotics maker.", None),
        ("Brightwave Capital to invest $20 million in Lumora.", Decimal("20000000")),
        ("Brightwave Capital backs Lumora with $15 million", Decimal("15000000")),
        (
            "Brightwave Capital is buying a 25% stake in Slovak battery maker Lumora, "
            "the companies said on Thursday.",
            None,
        ),
    ],
    ids=["invests-in", "to-invest-in", "backs", "buys-a-stake"],
)
def test_the_investor_invests_in_the_company(text, amount):
    candidate = only(text)

    assert (candidate.company, candidate.amount, candidate.participants) == (
        "Lumora",
        amount,
        ("Brightwave Capital",),
    )


def test_a_backer_named_in_an_apposition_is_history_not_a_participant():
    candidate = only("Lumora, backed by Brightwave Capital, has raised $20 million.")

    assert (candidate.company, candidate.participants) == ("Lumora", ())


def test_investors_who_invested_in_a_parent_in_the_past_make_no_round():
    text = (
        "Lumora is looking to raise $1 billion. "
        "Ostara and Brekke Global both have invested in Halden, its parent."
    )

    assert [c.company for c in extract_rounds(text, PUBLISHED)] == ["Lumora"]


def test_backers_in_talks_to_invest_are_not_participants():
    text = (
        "Lumora is in talks to raise $50 million. Existing backers including Ostara and "
        "Brekke are among investors in advanced stages of talks to invest in the new round."
    )

    assert only(text).participants == ()


def test_a_title_case_headline_names_the_company_as_the_body_does():
    text = (
        "Precision Robotics Startup Lumora Closes $3.2M Seed Round\n"
        "Lumora, a developer of robots, said on Tuesday it has closed a $3.2 million seed round."
    )

    candidate = only(text)

    assert (candidate.company, candidate.round_type, candidate.date) == (
        "Lumora",
        "seed",
        datetime.date(2024, 3, 5),
    )


def test_a_grant_received_beside_a_round_lends_it_no_investor():
    text = (
        "Lumora said it has closed a $3.2 million seed round and received a $2 million "
        "grant from the National Science Agency. The round was led by Ostara Ventures."
    )

    candidate = only(text)

    assert (candidate.lead_investors, candidate.participants) == (
        ("Ostara Ventures",),
        (),
    )


def test_a_total_to_date_in_a_trailing_clause_keeps_the_rest_of_the_sentence():
    text = (
        "Quorvia has raised $33 million in a Series C led by Halvorsen Partners. "
        "Existing investors Brekke Ventures and Ostara Capital also participated in the "
        "round, which brings Quorvia's total funding to $56 million."
    )

    candidate = only(text)

    assert (candidate.amount, candidate.participants) == (
        Decimal("33000000"),
        ("Brekke Ventures", "Ostara Capital"),
    )


def test_a_list_of_earlier_rounds_gives_each_its_own():
    text = (
        "Medivo has closed a $51.5 million Series B. Medivo had previously raised $8 million "
        "in a Series A round led by Lumen VC in 2021 and a $2.5 million seed round in 2019."
    )

    found = [
        (c.round_type, c.amount, c.primary) for c in extract_rounds(text, PUBLISHED)
    ]

    assert found == [
        ("series_b", Decimal("51500000"), True),
        ("series_a", Decimal("8000000"), False),
        ("seed", Decimal("2500000"), False),
    ]


def test_a_lead_and_participants_expected_to_join_a_round_in_talks():
    text = (
        "Zenvia is in the process of raising a Series A+ round of about $100 million. "
        "Brekke Capital is expected to lead the round, and existing investors including "
        "Ostara Ventures are also expected to join."
    )

    candidate = only(text)

    assert (
        candidate.status,
        candidate.round_type,
        candidate.lead_investors,
        candidate.participants,
    ) == ("in_progress", "series_a", ("Brekke Capital",), ("Ostara Ventures",))


def test_equity_and_debt_together_are_no_debt_round():
    candidate = only(
        "Farmlink has raised $30 million in a round of equity and debt financing led by Halden Bank."
    )

    assert candidate.round_type == "unknown"


def test_a_french_discourse_adverb_does_not_hide_the_subject():
    text = (
        "Cette semaine, Voltaro a levé 25 millions d'euros auprès d'Ostara. La start-up "
        "française Medicura a quant à elle bouclé un tour de table de 7 millions d'euros "
        "mené par Halden Partners."
    )

    found = [
        (c.company, c.amount, c.lead_investors) for c in extract_rounds(text, PUBLISHED)
    ]

    assert found == [
        ("Voltaro", Decimal("25000000"), ()),
        ("Medicura", Decimal("7000000"), ("Halden Partners",)),
    ]


def test_a_spanish_announcement_that_drops_the_subject_after_que():
    text = (
        "La startup mexicana de autos usados Kavoro anunció este martes que cerró una ronda "
        "de inversión de 300 millones de dólares, liderada por el fondo Halvorsen Capital, con "
        "la participación de Brekke Ventures y Ostara Partners. Con esta ronda, Kavoro alcanza "
        "una valoración de 4.000 millones de dólares."
    )

    candidate = only(text)

    assert (
        candidate.company,
        candidate.amount,
        candidate.valuation,
        candidate.lead_investors,
        candidate.participants,
    ) == (
        "Kavoro",
        Decimal("300000000"),
        Decimal("4000000000"),
        ("Halvorsen Capital",),
        ("Brekke Ventures", "Ostara Partners"),
    )


def test_a_round_the_new_one_comes_a_year_after_is_passing():
    text = (
        "Medvora has completed a $51.5 million Series B. The new funding comes just over a "
        "year after Medvora raised $17 million in a Series A round."
    )

    found = [(c.round_type, c.primary) for c in extract_rounds(text, PUBLISHED)]

    assert found == [("series_b", True), ("series_a", False)]


def test_a_round_of_equity_and_a_debt_facility_is_no_debt_round():
    text = (
        "Farmlink has raised $30 million in a round led by Halden Asset Management. "
        "The round comprised $20 million in equity and a $10 million debt facility."
    )

    candidate = only(text)

    assert (candidate.round_type, candidate.amount) == ("unknown", Decimal("30000000"))


def test_reportedly_raising_is_in_progress():
    candidate = only(
        "Zenvia is reportedly raising about $100 million in a Series A+ round."
    )

    assert (candidate.status, candidate.amount_qualifier) == ("in_progress", "about")


def test_the_body_name_wins_over_the_headline_abbreviation():
    text = (
        "Enthera Pharma extends Series A, raises 35 million euros\n"
        "Milan-based Enthera Pharmaceuticals today announced the final closing of its "
        "Series A financing, with a total of 35 million euros."
    )

    assert only(text).company == "Enthera Pharmaceuticals"


def test_an_earlier_rounds_type_is_not_put_on_the_news_round():
    text = (
        "Lumora has closed its latest funding round at £42 million. "
        "Halden Capital led the round after previously co-leading a $40 million extension "
        "to the company’s Series C in February last year."
    )

    candidates = [c for c in extract_rounds(text, PUBLISHED) if c.primary]

    assert [(c.round_type, c.amount, c.lead_investors) for c in candidates] == [
        ("unknown", Decimal("42000000"), ("Halden Capital",))
    ]


# Confidence, hints and dates of each field


def test_the_seed_storys_passing_round_gets_no_day_precision_date():
    moonshot = extract_rounds(SEED_CASE, datetime.date(2024, 3, 5))[1]

    assert (moonshot.company, moonshot.date, moonshot.date_precision) == (
        "Moonshot AI",
        None,
        None,
    )


def test_a_passing_round_gets_the_month_the_text_gives():
    text = (
        "Vantora has raised $40 million in a Series B. "
        "It had raised $10 million in February last year."
    )

    earlier = [c for c in extract_rounds(text, PUBLISHED) if not c.primary][0]

    assert (earlier.date, earlier.date_precision) == (
        datetime.date(2023, 2, 1),
        "month",
    )


def test_the_news_round_gets_the_day_of_the_article_at_day_precision():
    candidate = only("Vantora has raised $40 million in a Series B.")

    assert (candidate.date, candidate.date_precision) == (PUBLISHED, "day")


def test_each_filled_field_has_a_confidence_and_evidence():
    candidate = only(
        "Vantora has raised $40 million in a Series B led by Halden Capital."
    )
    fields = dict(candidate.field_confidence)

    assert set(fields) >= {
        "company",
        "amount",
        "round_type",
        "lead_investors",
        "status",
    }
    assert all(0 < value <= 1 for value in fields.values())
    assert {e.field for e in candidate.evidence} >= set(fields) - {"date"}
    assert candidate.confidence_of("valuation") == 0.0


def test_an_amount_told_beside_a_pronoun_without_a_round_or_raise_is_left_empty():
    text = "Vantora has raised $40 million in a Series B. It employs staff worth $3 million."

    assert only(text).amount == Decimal("40000000")


@pytest.mark.parametrize(
    ("text", "country", "descriptor"),
    [
        ("Chinese AI startup Vantora has raised $40 million.", "CN", "AI startup"),
        ("Berlin-based fintech Vantora has raised €5 million.", "DE", "fintech"),
        (
            "Vantora, the US code-review startup, has raised $40 million.",
            "US",
            "code-review startup",
        ),
        (
            "Vantora, a Lisbon logistics startup, has raised $9 million.",
            "PT",
            "logistics startup",
        ),
        (
            "Vantora, a logistics startup based in Lisbon, has raised $9 million.",
            "PT",
            "logistics startup",
        ),
        (
            "La startup Vantora, con sede en España, cerró una ronda de 5 millones de euros.",
            "ES",
            "startup",
        ),
    ],
)
def test_company_hints_come_with_their_evidence(text, country, descriptor):
    candidate = only(text)
    spans = {e.field: text[e.start : e.end] for e in candidate.evidence}

    assert (candidate.company_country, candidate.company_descriptor) == (
        country,
        descriptor,
    )
    assert spans["company_descriptor"] == descriptor
    assert spans["company_country"] in text


def test_the_sectors_and_investor_kinds_the_text_gives_come_with_their_evidence():
    text = (
        "Norvik, a Tallinn-based maker of electric buses, has raised $14 million in a "
        "Series A led by venture capital firm Aldercrest. Kestrel Bank also joined."
    )

    candidate = only(text)
    spans = [(e.field, text[e.start : e.end]) for e in candidate.evidence]

    assert candidate.company_sectors == ("mobility",)
    assert [
        (h.name, h.kind, text[h.start : h.end]) for h in candidate.investor_kinds
    ] == [
        ("Aldercrest", "venture", "venture capital firm"),
        ("Kestrel Bank", "bank", "Kestrel Bank"),
    ]
    assert ("company_sectors", "electric buses") in spans
    assert ("investor_kind", "venture capital firm") in spans


def test_a_known_company_is_recognised_where_an_ordinary_word_would_not_be():
    text = "Finally raised $50 million in a Series B led by Halden Capital."

    assert extract_rounds(text, PUBLISHED) == []
    assert only(text, known_companies=("Finally",)).company == "Finally"


def test_a_known_investor_is_never_the_funded_company():
    text = "Halden raised $50 million for Vantora in a Series B."

    found = [
        c.company for c in extract_rounds(text, PUBLISHED, known_investors=("Halden",))
    ]

    assert "Halden" not in found


def test_an_investor_with_an_initial_in_a_list():
    text = "Vantora has raised $98 million. Existing investors T. Rowe Price and Fidelity led the Series F round."

    assert only(text).lead_investors == ("T. Rowe Price", "Fidelity")


def test_a_full_stop_without_a_space_still_ends_a_sentence_before_an_ordinary_word():
    text = (
        "Vantora raised 22 billion won in its first round in Korea.An investment group "
        "comprising Halden and Ostara Asset as well as Brekke Holdings participated in the funding."
    )

    assert only(text).participants == ("Halden", "Ostara Asset", "Brekke Holdings")


def test_a_dotted_name_is_one_word():
    assert only("Origin.Bio has raised $15 million.").company == "Origin.Bio"


def test_equity_and_debt_parts_are_the_round_the_headline_totals():
    text = (
        "Vantora raises $7M in seed funding round\n"
        "Vantora, a prop-tech startup, has raised USD 5.75 million in equity and USD 1.3 million "
        "in debt in a seed round of funding.\n"
        "The round saw participation from Halden Ventures and Ostara Capital."
    )

    candidate = only(text)

    assert (candidate.amount, candidate.participants) == (
        Decimal("7000000"),
        ("Halden Ventures", "Ostara Capital"),
    )


def test_an_adverb_looking_name_inside_a_sentence_is_a_name():
    candidate = only(
        "Florida-based fintech Finally has raised $200 million in debt and equity."
    )

    assert candidate.company == "Finally"


@pytest.mark.parametrize(
    ("text", "stage", "amount"),
    [
        (
            "Vantora’s huge $25 million add-on to its Series C closed this week.",
            "series_c",
            "25000000",
        ),
        ("Vantora is adding $2.5 million to its Series B.", "series_b", "2500000"),
        (
            "Vantora has added $8 million of funding to its Series F round.",
            "series_f_plus",
            "8000000",
        ),
    ],
    ids=["possessive-add-on", "adding-to", "added-funding"],
)
def test_an_extension_added_to_a_named_series_is_a_round_of_that_series(
    text, stage, amount
):
    candidate = only(text)

    assert (candidate.company, candidate.round_type, candidate.amount) == (
        "Vantora",
        stage,
        Decimal(amount),
    )


def test_investors_who_pump_money_into_a_company():
    candidate = only(
        "Halden Capital pump in $125 million in Lisbon-based logistics startup Vantora."
    )

    assert (candidate.company, candidate.participants) == (
        "Vantora",
        ("Halden Capital",),
    )


def test_a_round_months_back_is_passing():
    text = "Vantora's last funding round took place eight months back when Halden led $62 million in it."

    assert only(text).primary is False


# Digest prose


def test_a_round_raised_by_a_described_company_after_a_dash():
    text = (
        "The largest round of the week was raised by secondhand bicycle marketplace — Vantora. "
        "The cycling platform raised $450 million led by Halden Global, at a valuation of "
        "$1.84 billion."
    )

    candidate = only(text)

    assert (candidate.company, candidate.amount, candidate.valuation) == (
        "Vantora",
        Decimal("450000000"),
        Decimal("1840000000"),
    )


def test_the_company_a_sentence_ends_by_naming_after_was():
    text = (
        "One more company that closed a Series C round was Lisbon-based payroll startup "
        "Ostara. The startup raised $50 million led by Brekke Co Limited."
    )

    candidate = only(text)

    assert (candidate.company, candidate.round_type, candidate.lead_investors) == (
        "Ostara",
        "series_c",
        ("Brekke Co Limited",),
    )


def test_the_funding_was_worth_is_an_amount_not_a_valuation():
    candidate = only(
        "The highest funding of the week was worth $450 million, raised by Vantora."
    )

    assert (candidate.amount, candidate.valuation) == (Decimal("450000000"), None)


def test_a_lead_list_ends_where_the_round_saw_participation():
    text = (
        "Medvora has completed its Series B funding round worth $51.5 million. The round was "
        "led by Sentosa Capital and saw participation from Arden Ventures, Kestrel Partners, "
        "and existing investors including Lumen VC."
    )

    candidate = only(text)

    assert (candidate.lead_investors, candidate.participants) == (
        ("Sentosa Capital",),
        ("Arden Ventures", "Kestrel Partners", "Lumen VC"),
    )


def test_a_headline_of_two_deals_gives_each_its_terms():
    text = "Weekly Recap: Torvik raises $230M, Pellara lands $235M growth equity"

    found = [
        (c.company, c.round_type, c.amount) for c in extract_rounds(text, PUBLISHED)
    ]

    assert found == [
        ("Torvik", "unknown", Decimal("230000000")),
        ("Pellara", "growth", Decimal("235000000")),
    ]


def test_a_spanish_valuation_in_mil_millones():
    text = (
        "La startup mexicana Kavoro cerró una ronda de 300 millones de dólares. "
        "La empresa, valuada en 4 mil millones de dólares, planea expandirse."
    )

    assert only(text).valuation == Decimal("4000000000")


def test_an_earlier_valuation_a_new_one_is_compared_with_is_a_passing_round():
    text = (
        "Vantora is in talks to raise up to $3 billion at a reduced valuation of $64 billion. "
        "The new valuation would be about a third lower than the $100 billion it was valued at "
        "in a funding round last year."
    )

    found = [
        (c.valuation, c.status, c.primary) for c in extract_rounds(text, PUBLISHED)
    ]

    assert found == [
        (Decimal("64000000000"), "in_progress", True),
        (Decimal("100000000000"), "announced", False),
    ]


def test_a_digest_lists_the_companies_of_the_deals_it_counts():
    text = (
        "Late-stage funding got the most investor attention with three Series C deals: These "
        "included Chennai-based healthcare startup Vantora, Bengaluru-based B2B marketplace "
        "Ostara, and Singapore-based robotics startup Pellio. Ecommerce remained an investor "
        "favourite with Mumbai-based Quorvia and Delhi-based Tamsin raising a round."
    )

    found = [
        (c.company, c.round_type, c.company_country)
        for c in extract_rounds(text, PUBLISHED)
    ]

    assert found == [
        ("Vantora", "series_c", "IN"),
        ("Ostara", "series_c", "IN"),
        ("Pellio", "series_c", "SG"),
        ("Quorvia", "unknown", "IN"),
        ("Tamsin", "unknown", "IN"),
    ]


def test_the_owner_of_a_round_that_is_the_subject_is_the_company():
    text = (
        "Vexor Robotics’ A-plus series funding round is expected to raise $200 million, people "
        "familiar with the matter said."
    )

    candidate = only(text)

    assert (candidate.company, candidate.round_type, candidate.status) == (
        "Vexor Robotics",
        "series_a",
        "in_progress",
    )


def test_a_lead_in_the_progressive_beside_a_done_raise_is_an_announced_round():
    text = (
        "Kelpie has just raised $50 million in a Series B. Oakridge Ventures is leading the "
        "round, and all its existing investors — they include Palmer Capital, Hollis Ventures "
        "and Brightwater — are participating."
    )

    candidate = only(text)

    assert candidate.status == "announced"
    assert candidate.lead_investors == ("Oakridge Ventures",)
    assert candidate.participants == (
        "Palmer Capital",
        "Hollis Ventures",
        "Brightwater",
    )


def test_a_lead_in_the_progressive_alone_is_a_round_in_progress():
    candidate = only("Oakridge Ventures is leading a $50 million round for Kelpie.")

    assert candidate.status == "in_progress"


def test_a_spanish_announcement_of_a_closing_is_the_raise():
    text = (
        "La empresa chilena Pampalu anunció el cierre de una nueva ronda de inversión por 120 "
        "millones de dólares, liderada por Fondo Andino."
    )

    candidate = only(text)

    assert (candidate.company, candidate.amount, candidate.company_country) == (
        "Pampalu",
        Decimal("120000000"),
        "CL",
    )
    assert candidate.lead_investors == ("Fondo Andino",)


def test_the_total_before_its_parts_is_the_round():
    text = (
        "Savanna Greens raised $40 million from Bellwether Partners, including a $30 million "
        "equity investment and $10 million in debt."
    )

    assert only(text).amount == Decimal("40000000")


@pytest.mark.parametrize(
    "text",
    [
        "Eastern Africa has drawn $500 million in venture funding this year.",
        "Les start-up françaises ont levé 2 milliards d'euros au premier trimestre.",
        "Investor sentiment raised hopes of a rebound.",
    ],
)
def test_regions_adjectives_and_ordinary_nouns_raise_no_round(text):
    assert extract_rounds(text, PUBLISHED) == []


@pytest.mark.parametrize(
    "text",
    [
        "Harbor Lane Capital closes $2.5 billion venture fund, its largest yet.",
        "Orbit Partners raised $300 million for its third early-stage fund.",
        "Orbit Partners has put $20 million into a new climate fund.",
    ],
)
def test_money_raised_for_a_fund_is_no_round(text):
    assert extract_rounds(text, PUBLISHED) == []


def test_a_country_named_in_its_own_language_is_no_company():
    text = "España lidera la inversión con 50 millones de euros en la ronda de Kelpo."

    assert [c.company for c in extract_rounds(text, PUBLISHED)] == ["Kelpo"]


def test_an_add_on_to_a_series_is_a_round_of_that_series():
    text = (
        "Some were large, like Kelpo’s $25 million add-on to its Series C, or Zanter’s "
        "$320 million addition to its Series F."
    )

    found = {
        (c.company, c.round_type, c.amount) for c in extract_rounds(text, PUBLISHED)
    }

    assert found == {
        ("Kelpo", "series_c", Decimal("25000000")),
        ("Zanter", "series_f_plus", Decimal("320000000")),
    }
