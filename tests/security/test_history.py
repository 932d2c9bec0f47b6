"""The history: every change to a round, investment, company, investor or alias is recorded with
who made it and why, whatever path wrote it (review, merges, the admin, the shell).

Also: the pipeline never deletes a round, and deleting one in the admin asks first and is recorded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db.models.signals import pre_delete
from django.urls import reverse

from rounds.ingestion import pipeline
from rounds.models import (
    Company,
    CompanyAlias,
    FundingRound,
    Investment,
    Investor,
    InvestorAlias,
    RoundSource,
    Sector,
    with_history,
)
from rounds.review import decisions, merging
from tests.factories import (
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
)

pytestmark = pytest.mark.django_db

STORY = (
    "Lumora Health, a Berlin clinical-software startup, has raised $25 million in a Series A "
    "round led by Brightwater Capital, with participation from Tidewell Ventures."
)
LATER = (
    "Lumora Health's $25 million Series A round, led by Brightwater Capital, values the company "
    "at $120 million. Harbor Lane Partners also joined the round."
)
HISTORIES = (FundingRound, Investment, Company, Investor, CompanyAlias, InvestorAlias)


def _proposal(text, published=dt.date(2024, 3, 5)):
    article, _ = pipeline.store_text(text, published_on=published)
    pipeline.process_article(article)
    return article.proposals.order_by("pk").first()


def _entries(model):
    return sorted(
        (
            entry.history_type,
            str(entry.history_user or ""),
            entry.history_change_reason or "",
        )
        for entry in model.history.all()
    )


@pytest.fixture
def admin_client_(client, staff):
    client.force_login(staff)
    return client


def test_approving_records_every_row_written_with_the_editor_and_the_proposal(editor):
    proposal = _proposal(STORY)

    decisions.approve_proposal(proposal, editor=editor)

    reason = f"Approved proposal {proposal.pk} (decision 1)"
    created = ("+", editor.username, reason)
    assert _entries(FundingRound) == [created]
    assert _entries(Investment) == [created, created]
    # the company, then its sectors (the article's "clinical-software startup": health care)
    assert _entries(Company) == [created, ("~", editor.username, reason)]
    assert _entries(Investor) == [created, created]
    assert _entries(CompanyAlias) == [created]
    assert _entries(InvestorAlias) == [created, created]
    assert _entries(RoundSource) == [created]


def test_merging_a_proposal_records_what_it_changed(editor):
    round = decisions.approve_proposal(_proposal(STORY), editor=editor)
    later = _proposal(LATER, dt.date(2024, 3, 12))

    decisions.merge_proposal(later, round, editor=editor)

    change = round.history.latest()
    assert (change.history_type, change.history_user, change.valuation) == (
        "~",
        editor,
        120_000_000,
    )
    assert change.history_change_reason == f"Merged proposal {later.pk} (decision 1)"
    assert "valuation" in change.diff_against(change.prev_record).changed_fields
    assert Investment.history.filter(
        round_id=round.pk, investor__name="Harbor Lane Partners", history_type="+"
    ).exists()


def test_merging_companies_records_the_moved_rounds_and_names_and_the_deletion(staff):
    keep, duplicate = CompanyFactory(name="Acme"), CompanyFactory(name="Akme Labs")
    round = FundingRoundFactory(company=duplicate)
    reason = f"Merged company {duplicate.pk} into {keep.pk}"
    duplicate_id = duplicate.pk

    merging.merge_companies(keep, [duplicate], user=staff)

    moved = round.history.latest()
    assert (moved.company_id, moved.history_user, moved.history_change_reason) == (
        keep.pk,
        staff,
        reason,
    )
    assert CompanyAlias.history.filter(
        name="Akme Labs", company_id=keep.pk, history_change_reason=reason
    ).exists()
    deleted = Company.history.get(id=duplicate_id, history_type="-")
    assert (deleted.history_user, deleted.history_change_reason) == (staff, reason)


def test_merging_investors_records_the_moved_and_the_joined_investments(staff):
    keep, duplicate = InvestorFactory(name="Redwood"), InvestorFactory(name="Redwud")
    both = FundingRoundFactory()
    InvestmentFactory(round=both, investor=keep)
    InvestmentFactory(round=both, investor=duplicate, is_lead=True)
    moved = InvestmentFactory(investor=duplicate)

    merging.merge_investors(keep, [duplicate], user=staff)

    assert Investment.history.filter(
        id=moved.pk, investor_id=keep.pk, history_type="~", history_user=staff
    ).exists()
    joined = Investment.history.filter(round_id=both.pk, investor_id=keep.pk).latest()
    assert (joined.is_lead, joined.history_user) == (True, staff)


def test_admin_merge_action_records_the_admin_user(admin_client_, staff):
    keep, duplicate = CompanyFactory(name="Acme"), CompanyFactory(name="Akme Labs")
    duplicate_id = duplicate.pk

    admin_client_.post(
        reverse("admin:rounds_company_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, duplicate.pk],
            "apply": "1",
            "keep": keep.pk,
        },
    )

    assert Company.history.get(id=duplicate_id, history_type="-").history_user == staff


def _round_form(round, **changes):
    data = {
        "company": round.company_id,
        "round_type": round.round_type,
        "round_label": round.round_label,
        "status": round.status,
        "amount": round.amount,
        "currency": round.currency,
        "amount_qualifier": round.amount_qualifier,
        "valuation": "",
        "valuation_currency": "",
        "valuation_qualifier": "",
        "valuation_basis": "",
        "announced_on": round.announced_on,
        "date_precision": round.date_precision,
        "closed_on": "",
        "investments-TOTAL_FORMS": 1,
        "investments-INITIAL_FORMS": 0,
        "investments-0-investor": "",
        "round_sources-TOTAL_FORMS": 0,
        "round_sources-INITIAL_FORMS": 0,
    }
    return {**data, **changes}


def test_admin_change_records_the_fields_and_the_inline_investors(admin_client_, staff):
    round = FundingRoundFactory()
    investor = InvestorFactory(name="Brightwater Capital")

    response = admin_client_.post(
        reverse("admin:rounds_fundinground_change", args=[round.pk]),
        _round_form(
            round,
            amount="30000000",
            **{"investments-0-investor": investor.pk, "investments-0-is_lead": "on"},
        ),
    )

    assert response.status_code == 302
    change = round.history.latest()
    assert (change.history_type, change.history_user, change.amount) == (
        "~",
        staff,
        30_000_000,
    )
    assert Investment.history.get(round_id=round.pk).history_user == staff


def test_admin_delete_asks_first_then_records_the_deletion(admin_client_, staff):
    round = FundingRoundFactory()
    url = reverse("admin:rounds_fundinground_delete", args=[round.pk])

    confirmation = admin_client_.get(url)
    assert "Are you sure" in confirmation.content.decode()
    assert FundingRound.objects.filter(pk=round.pk).exists()

    admin_client_.post(url, {"post": "yes"})

    assert not FundingRound.objects.filter(pk=round.pk).exists()
    deleted = FundingRound.history.get(id=round.pk, history_type="-")
    assert (deleted.history_user, deleted.amount) == (staff, 10_000_000)


def test_admin_alias_added_on_its_own_page_is_recorded(admin_client_, staff):
    company = CompanyFactory(name="HongShan")

    admin_client_.post(
        reverse("admin:rounds_companyalias_add"),
        {"company": company.pk, "name": "Sequoia China"},
    )

    alias = CompanyAlias.history.get(name="Sequoia China")
    assert (alias.history_type, alias.history_user, alias.company_id) == (
        "+",
        staff,
        company.pk,
    )


def test_a_change_in_the_shell_is_recorded_too():
    round = FundingRoundFactory()

    round.amount = 12_000_000
    round.save()

    assert [entry.history_type for entry in round.history.all()] == ["~", "+"]


def test_every_history_has_an_admin_page_that_shows_who_and_why(admin_client_, editor):
    round = decisions.approve_proposal(_proposal(STORY), editor=editor)

    page = admin_client_.get(
        reverse("admin:rounds_fundinground_history", args=[round.pk])
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert editor.username in html and "Approved proposal" in html


def test_the_pipeline_never_deletes_a_round(editor, staff):
    deleted = []

    def count(sender, instance, **kwargs):
        deleted.append(instance.pk)

    pre_delete.connect(count, sender=FundingRound)
    try:
        # Ingest, extract, approve; the same story again; a follow-up merged into the round;
        # companies and investors merged; a rejected proposal; processing everything again.
        round = decisions.approve_proposal(_proposal(STORY), editor=editor)
        _proposal(STORY)
        later = _proposal(LATER, dt.date(2024, 3, 12))
        decisions.merge_proposal(later, round, editor=editor)
        second = _proposal(STORY.replace("Lumora Health", "Lumora"))
        other = decisions.approve_proposal(
            second,
            editor=editor,
            # "Lumora" is close to "Lumora Health": the editor insists on a new company.
            draft=dataclasses.replace(second.draft(), company_new=True),
        )
        merging.merge_companies(round.company, [other.company], user=staff)
        dup = Investor.objects.create(name="Brightwater")
        merging.merge_investors(Investor.objects.get(name="Brightwater Capital"), [dup])
        rejected = _proposal(STORY.replace("$25 million", "$26 million"))
        decisions.reject_proposal(rejected, editor=editor, reason="same round")
        for article in round.sources.all():
            pipeline.process_article(article)
    finally:
        pre_delete.disconnect(count, sender=FundingRound)

    assert deleted == []
    assert FundingRound.objects.count() == 2
    assert Company.objects.count() == 1


def test_admin_cannot_delete_a_company_that_has_rounds(admin_client_):
    round = FundingRoundFactory()
    url = reverse("admin:rounds_company_delete", args=[round.company_id])

    confirmation = admin_client_.get(url)
    admin_client_.post(url, {"post": "yes"})

    assert "would require deleting the following protected" in (
        confirmation.content.decode()
    )
    assert FundingRound.objects.filter(pk=round.pk).exists()
    assert not Company.history.filter(history_type="-").exists()


@pytest.mark.parametrize("model", HISTORIES, ids=lambda m: m.__name__)
def test_each_recorded_model_keeps_a_history(model):
    assert model.history.model.__name__ == f"Historical{model.__name__}"


def _sectors_in_history(company):
    return [
        sorted(entry.sectors.values_list("sector__slug", flat=True))
        for entry in company.history.order_by("history_date", "history_id")
    ]


def test_sectors_changed_from_a_sectors_side_are_recorded_in_each_companys_history(
    staff,
):
    acme, akme = CompanyFactory(name="Acme"), CompanyFactory(name="Akme Labs")
    fintech = Sector.objects.get(slug="fintech")
    with_history(fintech, staff, "Fintech, as the editors read it")

    fintech.companies.add(acme, akme)
    fintech.companies.remove(akme)
    fintech.companies.set([akme])
    fintech.companies.clear()

    assert _sectors_in_history(acme) == [[], ["fintech"], []]
    assert _sectors_in_history(akme) == [[], ["fintech"], [], ["fintech"], []]
    changes = {
        (entry.history_user, entry.history_change_reason)
        for entry in Company.history.filter(history_type="~")
    }
    assert changes == {(staff, "Fintech, as the editors read it")}


def test_sectors_changed_from_a_companys_side_are_recorded_with_who_and_why(staff):
    company = CompanyFactory()
    fintech, robotics = Sector.objects.filter(slug__in=["fintech", "robotics"])
    with_history(company, staff, "Its robots are for banks")

    company.sectors.set([fintech, robotics])
    company.sectors.remove(fintech)
    company.sectors.clear()

    assert _sectors_in_history(company) == [
        [],
        ["fintech", "robotics"],
        ["robotics"],
        [],
    ]
    assert company.history.latest().history_user == staff


def test_sectors_changed_in_the_admin_are_recorded_with_the_admin_user(
    admin_client_, staff
):
    company = CompanyFactory(name="Acme")
    fintech = Sector.objects.get(slug="fintech")

    response = admin_client_.post(
        reverse("admin:rounds_company_change", args=[company.pk]),
        {
            "name": company.name,
            "slug": company.slug,
            "website": "",
            "country": "",
            "description": "",
            "sectors": [fintech.pk],
            "aliases-TOTAL_FORMS": 0,
            "aliases-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302
    assert _sectors_in_history(company)[-1] == ["fintech"]
    assert company.history.latest().history_user == staff
