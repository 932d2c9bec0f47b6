from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.signals import post_save

from rounds.enums import ProposalStatus
from rounds.ingestion import pipeline
from rounds.models import (
    Company,
    FundingRound,
    Investment,
    Investor,
    InvestorAlias,
    RoundProposal,
)
from rounds.review import decisions, drafts
from tests.factories import (
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
    RoundProposalFactory,
)

SEED_STORY = (
    "Alibaba is leading a financing round of at least $600 million for the Chinese AI startup "
    "MiniMax, valuing it at more than $2.5 billion, according to people who know the deal. "
    "HongShan, formerly Sequoia China, has also committed money, and the terms could still change "
    "while talks with other investors go on. Tencent and IDG Capital are among MiniMax's earlier "
    "backers. Alibaba led a $1 billion round in Moonshot AI earlier this year, a deal that valued "
    "that startup at about $2.5 billion."
)
STORY = (
    "Lumora Health, a Berlin clinical-software startup, has raised $25 million in a Series A "
    "round led by Brightwater Capital, with participation from Tidewell Ventures."
)


def proposals_for(
    text: str, published: dt.date = dt.date(2024, 3, 5)
) -> list[RoundProposal]:
    article, _ = pipeline.store_text(text, published_on=published)
    pipeline.process_article(article)
    return list(article.proposals.order_by("pk"))


@pytest.mark.django_db
def test_approving_the_seed_story_gives_the_round_editors_expect(editor):
    minimax = next(
        p for p in proposals_for(SEED_STORY) if p.candidate["company"] == "MiniMax"
    )

    round = decisions.approve_proposal(minimax, editor=editor)

    assert (round.company.name, round.status) == ("MiniMax", "in_progress")
    assert (round.amount, round.currency, round.amount_qualifier) == (
        Decimal("600000000"),
        "USD",
        "at_least",
    )
    assert (round.valuation, round.valuation_qualifier) == (
        Decimal("2500000000"),
        "more_than",
    )
    assert ([i.name for i in round.leads], [i.name for i in round.participants]) == (
        ["Alibaba"],
        ["HongShan"],
    )
    source = round.round_sources.get()
    assert source.article == minimax.article and source.evidence == minimax.evidence
    lead = Investment.objects.get(round=round, is_lead=True)
    assert {SEED_STORY[s["start"] : s["end"]] for s in lead.evidence} == {"Alibaba"}


@pytest.mark.django_db
def test_approve_records_who_and_when(editor):
    [proposal] = proposals_for(STORY)

    round = decisions.approve_proposal(proposal, editor=editor, note="checked")

    proposal.refresh_from_db()
    assert (proposal.status, proposal.round, proposal.reviewed_by, proposal.note) == (
        ProposalStatus.APPROVED,
        round,
        editor,
        "checked",
    )
    assert proposal.reviewed_at is not None and proposal.changes == {}


@pytest.mark.django_db
def test_approve_with_edits_records_what_changed(editor):
    [proposal] = proposals_for(STORY)
    draft = proposal.draft()
    fixed = dataclasses.replace(
        draft,
        amount=Decimal("26000000"),
        investors=(
            *draft.investors,
            drafts.InvestorChoice(name="Northvane Partners", is_lead=False),
        ),
    )

    round = decisions.approve_proposal(proposal, editor=editor, draft=fixed)

    proposal.refresh_from_db()
    assert round.amount == Decimal("26000000")
    assert sorted(proposal.changes) == ["amount", "investors"]
    assert proposal.changes["amount"] == {
        "extracted": "25000000",
        "approved": "26000000",
    }


@pytest.mark.django_db
def test_approve_uses_known_companies_and_investors_by_alias(editor):
    company = CompanyFactory(name="Lumora Health")
    brightwater = InvestorFactory(name="Brightwater")
    InvestorAlias.objects.create(investor=brightwater, name="Brightwater Capital")
    [proposal] = proposals_for(STORY)

    round = decisions.approve_proposal(proposal, editor=editor)

    assert round.company == company
    assert round.leads == [brightwater]
    assert (Company.objects.count(), Investor.objects.count()) == (1, 2)


@pytest.mark.django_db
def test_approve_with_a_chosen_existing_investor_links_it(editor):
    chosen = InvestorFactory(name="Brightwater Capital Management")
    [proposal] = proposals_for(STORY)
    draft = proposal.draft()
    lead = dataclasses.replace(draft.investors[0], investor_id=chosen.pk)

    round = decisions.approve_proposal(
        proposal,
        editor=editor,
        draft=dataclasses.replace(draft, investors=(lead, *draft.investors[1:])),
    )

    assert round.leads == [chosen]


@pytest.mark.django_db
def test_approving_twice_raises_and_creates_one_round(editor):
    [proposal] = proposals_for(STORY)
    decisions.approve_proposal(proposal, editor=editor)

    with pytest.raises(decisions.ProposalAlreadyDecided):
        decisions.approve_proposal(
            RoundProposal.objects.get(pk=proposal.pk), editor=editor
        )

    assert FundingRound.objects.count() == 1


@pytest.mark.django_db
def test_reject_records_the_reason_and_creates_nothing(editor):
    [proposal] = proposals_for(STORY)

    decisions.reject_proposal(proposal, editor=editor, reason="Not a new round")

    proposal.refresh_from_db()
    assert (proposal.status, proposal.note, proposal.reviewed_by) == (
        ProposalStatus.REJECTED,
        "Not a new round",
        editor,
    )
    assert FundingRound.objects.count() == 0


@pytest.mark.django_db
def test_merge_adds_the_source_fills_empty_fields_and_keeps_conflicts(editor):
    round = FundingRoundFactory(
        company=CompanyFactory(name="Lumora Health"), round_type="unknown",
        amount=Decimal("24000000"), announced_on=dt.date(2024, 3, 4),
    )  # fmt: skip
    [proposal] = proposals_for(STORY)

    merged = decisions.merge_proposal(proposal, round, editor=editor)

    proposal.refresh_from_db()
    assert (merged.pk, merged.round_type, merged.amount) == (
        round.pk,
        "series_a",
        Decimal("24000000"),
    )
    assert (proposal.status, proposal.round) == (ProposalStatus.MERGED, round)
    assert sorted(i.name for i in merged.investors.all()) == [
        "Brightwater Capital",
        "Tidewell Ventures",
    ]
    assert merged.round_sources.get().article == proposal.article
    assert FundingRound.objects.count() == 1


@pytest.mark.django_db
def test_merge_takes_the_fields_the_editor_chose_from_the_proposal(editor):
    round = FundingRoundFactory(
        company=CompanyFactory(name="Lumora Health"), amount=Decimal("24000000")
    )
    [proposal] = proposals_for(STORY)

    merged = decisions.merge_proposal(
        proposal, round, editor=editor, take_from_proposal=frozenset({"amount"})
    )

    assert merged.amount == Decimal("25000000")


@pytest.mark.django_db
def test_merge_makes_an_existing_participant_a_lead_when_the_proposal_says_so(editor):
    round = FundingRoundFactory(company=CompanyFactory(name="Lumora Health"))
    brightwater = InvestorFactory(name="Brightwater Capital")
    Investment.objects.create(round=round, investor=brightwater, is_lead=False)
    [proposal] = proposals_for(STORY)

    decisions.merge_proposal(proposal, round, editor=editor)

    assert Investment.objects.get(round=round, investor=brightwater).is_lead


@pytest.mark.django_db(transaction=True)
def test_two_editors_approving_at_once_create_one_round(on_postgresql, editor):
    [proposal] = proposals_for(STORY)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve() -> None:
        try:
            barrier.wait(timeout=10)
            decisions.approve_proposal(
                RoundProposal.objects.get(pk=proposal.pk), editor=editor
            )
            outcomes.append("approved")
        except decisions.ProposalAlreadyDecided:
            outcomes.append("already decided")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already decided", "approved"]
    assert FundingRound.objects.count() == 1


def proposal_naming(company: str, *investors: str) -> RoundProposal:
    return RoundProposalFactory(
        candidate={"company": company, "participants": list(investors)}
    )


@pytest.mark.django_db
def test_names_in_other_scripts_are_three_companies_and_two_investors(editor):
    first = proposal_naming("Яндекс", "高瓴资本")
    second = proposal_naming("Сбербанк", "Сбер Венчурс")
    third = proposal_naming("字节跳动", "高瓴资本")

    rounds = [
        decisions.approve_proposal(p, editor=editor) for p in (first, second, third)
    ]

    assert [r.company.name for r in rounds] == ["Яндекс", "Сбербанк", "字节跳动"]
    assert sorted(Investor.objects.values_list("name", flat=True)) == [
        "Сбер Венчурс",
        "高瓴资本",
    ]


@pytest.mark.django_db
def test_a_name_made_of_invisible_characters_is_refused_and_absorbs_nothing(editor):
    decisions.approve_proposal(proposal_naming("Сбербанк"), editor=editor)

    with pytest.raises(ValidationError, match="no letter or digit"):
        decisions.approve_proposal(proposal_naming("\u200b\u200d"), editor=editor)

    assert list(Company.objects.values_list("name", flat=True)) == ["Сбербанк"]


@pytest.mark.django_db
def test_a_legal_suffix_resolves_to_the_company_already_stored(editor):
    first = decisions.approve_proposal(
        proposal_naming("Quillmoss Robotics"), editor=editor
    )
    second = decisions.approve_proposal(
        proposal_naming("Quillmoss Robotics Inc."), editor=editor
    )

    assert second.company == first.company
    assert Company.objects.count() == 1


def approve_at_once(proposals: list[RoundProposal], editor) -> list[str]:
    """Approve each proposal in its own thread and connection, all starting together."""
    barrier = threading.Barrier(len(proposals))
    outcomes = []

    def approve(proposal: RoundProposal) -> None:
        try:
            barrier.wait(timeout=10)
            decisions.approve_proposal(proposal, editor=editor)
            outcomes.append("approved")
        except Exception as error:  # noqa: BLE001 -- the test reports any failure
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(p,)) for p in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "names",
    [
        ("Quillmoss Robotics", "Quillmoss Robotics"),
        ("Quillmoss Robotics", "Quillmoss Robotics Inc."),
        ("Сбер Лабс", "СБЕР ЛАБС ООО"),
    ],
)
def test_two_editors_approving_one_new_company_at_once_end_on_one_row(
    on_postgresql, editor, names
):
    pair = [proposal_naming(name, "Tidewell Ventures") for name in names]

    for _ in range(5):
        outcomes = approve_at_once(pair, editor)
        assert outcomes == ["approved", "approved"]
        pair = [proposal_naming(name, "Tidewell Ventures") for name in names]

    assert Company.objects.count() == 1
    assert Investor.objects.count() == 1
    assert FundingRound.objects.filter(company=Company.objects.get()).count() == 10


@pytest.mark.parametrize(
    ("text", "name", "former"),
    [
        (
            "HongShan, formerly Sequoia China, has also committed",
            "HongShan",
            "Sequoia China",
        ),
        ("Meta (formerly known as Facebook) led", "Meta", "Facebook"),
        ("HongShan has also committed", "HongShan", ""),
        ("anything", "", ""),
    ],
)
def test_former_name_reads_the_earlier_name_from_the_article(text, name, former):
    assert drafts.former_name(text, name) == former


@pytest.mark.django_db(transaction=True)
def test_two_editors_approving_rounds_of_one_investor_at_once_count_both(
    on_postgresql, editor
):
    for _ in range(5):
        pair = [
            proposal_naming(name, "Tidewell Ventures")
            for name in ("Lumora Health", "Фабрика Данных")
        ]
        assert approve_at_once(pair, editor) == ["approved", "approved"]

    investor = Investor.objects.get()
    counted = sum(row.rounds_led + row.rounds_joined for row in investor.years.all())
    assert counted == investor.investments.count() == 10


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        # A transaction sees one snapshot of the activity unless it asks for a new one:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_an_approval_changing_a_companys_country_and_one_naming_its_leads_both_go_through(
    on_postgresql, editor
):
    # The first approval moves a stored company to another country, which recounts the lead of
    # its earlier round; the second names that lead and the first approval's investor. Each
    # locks both investors, in one order, however the two interleave.
    first_lead = InvestorFactory(name="Brightwater Capital")
    earlier_lead = InvestorFactory(name="Tidewell Ventures")
    company = CompanyFactory(name="Quillmoss Robotics", country="AT")
    InvestmentFactory(round__company=company, investor=earlier_lead, is_lead=True)
    moving = RoundProposalFactory(
        candidate={"company": company.name, "lead_investors": [first_lead.name]}
    )
    naming_both = RoundProposalFactory(
        candidate={
            "company": "Marrowfield Energy",
            "lead_investors": [first_lead.name, earlier_lead.name],
        }
    )
    recounted, waited, outcomes = threading.Event(), threading.Event(), {}

    def hold_the_recount(sender, instance, **kwargs):
        # The country's recount is done (its investors locked): let the second approval run
        # into those locks before the first goes on.
        if threading.current_thread().name == "moving" and not recounted.is_set():
            recounted.set()
            for _ in range(100):
                if _waiting_for_a_lock():
                    waited.set()
                    break
                time.sleep(0.05)

    def approve(proposal, draft=None) -> None:
        try:
            if proposal is naming_both:
                recounted.wait(timeout=10)
            decisions.approve_proposal(proposal, editor=editor, draft=draft)
            outcomes[threading.current_thread().name] = "approved"
        except Exception as error:  # noqa: BLE001 -- the test reports any failure
            outcomes[threading.current_thread().name] = repr(error)
        finally:
            connection.close()

    post_save.connect(hold_the_recount, sender=Company)
    try:
        threads = [
            threading.Thread(
                target=approve,
                args=(
                    moving,
                    dataclasses.replace(moving.draft(), company_country="DE"),
                ),
                name="moving",
            ),
            threading.Thread(target=approve, args=(naming_both,), name="naming both"),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        post_save.disconnect(hold_the_recount, sender=Company)

    assert outcomes == {"moving": "approved", "naming both": "approved"}
    assert waited.is_set()
    company.refresh_from_db()
    assert company.country == "DE"
