"""The audit trail: who changed a round, company or investor, what, when, from which proposal.

Also: the pipeline never deletes a round, and deleting one in the admin asks first and is recorded.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models.signals import pre_delete
from django.urls import reverse

from rounds.ingestion import pipeline
from rounds.models import (
    AuditEntry,
    Company,
    FundingRound,
    Investor,
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


def _proposal(text, published=dt.date(2024, 3, 5)):
    article, _ = pipeline.store_text(text, published_on=published)
    pipeline.process_article(article)
    return article.proposals.order_by("pk").first()


def _entries():
    return list(
        AuditEntry.objects.order_by("pk").values_list(
            "object_type", "action", "via", "username"
        )
    )


@pytest.fixture
def admin_client_(client, staff):
    client.force_login(staff)
    return client


def test_approving_records_the_round_company_and_investors_with_the_proposal(editor):
    proposal = _proposal(STORY)

    round = decisions.approve_proposal(proposal, editor=editor)

    u = editor.username
    assert _entries() == [
        ("company", "create", "review", u),
        ("investor", "create", "review", u),
        ("investor", "create", "review", u),
        ("fundinground", "create", "review", u),
    ]
    entry = AuditEntry.objects.get(object_type="fundinground")
    assert (entry.object_id, entry.proposal, entry.user) == (round.pk, proposal, editor)
    assert entry.changes["amount"] == [None, "25000000.00"]
    assert entry.changes["investors"] == [
        None,
        ["Brightwater Capital (lead)", "Tidewell Ventures"],
    ]


def test_merging_a_proposal_records_what_it_changed(editor):
    round = decisions.approve_proposal(_proposal(STORY), editor=editor)
    later = _proposal(LATER, dt.date(2024, 3, 12))

    decisions.merge_proposal(later, round, editor=editor)

    entry = AuditEntry.objects.filter(object_type="fundinground").latest("pk")
    assert (entry.action, entry.proposal, entry.user) == ("change", later, editor)
    assert entry.changes["valuation"] == [None, "120000000.00"]
    assert "Harbor Lane Partners" in entry.changes["investors"][1]


def test_merging_companies_records_the_moved_rounds_and_the_deleted_duplicate(staff):
    keep, duplicate = CompanyFactory(name="Acme"), CompanyFactory(name="Akme Labs")
    round = FundingRoundFactory(company=duplicate)
    duplicate_id = duplicate.pk

    merging.merge_companies(keep, [duplicate], user=staff)

    entries = {
        (e.object_type, e.object_id, e.action): e
        for e in AuditEntry.objects.filter(user=staff)
    }
    assert entries[("fundinground", round.pk, "change")].changes == {
        "company": ["Akme Labs", "Acme"]
    }
    assert ("company", duplicate_id, "delete") in entries
    assert entries[("company", keep.pk, "merge")].changes["aliases"] == [
        [],
        ["Akme Labs"],
    ]


def test_merging_investors_records_the_rounds_whose_investors_changed(staff):
    keep, duplicate = (
        InvestorFactory(name="Sequoia"),
        InvestorFactory(name="Sequoia Cap"),
    )
    investment = InvestmentFactory(investor=duplicate, is_lead=True)

    merging.merge_investors(keep, [duplicate], user=staff)

    entry = AuditEntry.objects.get(
        object_type="fundinground", object_id=investment.round_id
    )
    assert entry.changes == {"investors": [["Sequoia Cap (lead)"], ["Sequoia (lead)"]]}


def test_admin_merge_action_records_the_admin_user(admin_client_, staff):
    keep, duplicate = CompanyFactory(name="Acme"), CompanyFactory(name="Akme Labs")

    admin_client_.post(
        reverse("admin:rounds_company_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, duplicate.pk],
            "apply": "1",
            "keep": keep.pk,
        },
    )

    assert set(_entries()) == {
        ("company", "delete", "merge", staff.username),
        ("company", "merge", "merge", staff.username),
    }


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


def test_admin_change_records_fields_and_inline_investors(admin_client_, staff):
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
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.via, entry.user, entry.object_id) == (
        "change",
        "admin",
        staff,
        round.pk,
    )
    assert entry.changes == {
        "amount": ["10000000.00", "30000000.00"],
        "investors": [[], ["Brightwater Capital (lead)"]],
    }


def test_admin_save_without_changes_records_nothing(admin_client_):
    round = FundingRoundFactory()

    admin_client_.post(
        reverse("admin:rounds_fundinground_change", args=[round.pk]),
        _round_form(round, amount="10000000.00"),
    )

    assert AuditEntry.objects.count() == 0


def test_admin_add_records_a_creation(admin_client_):
    admin_client_.post(
        reverse("admin:rounds_investor_add"),
        {
            "name": "Tidewell Ventures",
            "kind": "venture",
            "aliases-TOTAL_FORMS": 0,
            "aliases-INITIAL_FORMS": 0,
        },
    )

    entry = AuditEntry.objects.get()
    investor = Investor.objects.get()
    assert (entry.object_type, entry.object_id, entry.action) == (
        "investor",
        investor.pk,
        "create",
    )
    assert entry.changes["name"] == [None, "Tidewell Ventures"]


def test_admin_delete_asks_first_then_records_the_deletion(admin_client_, staff):
    round = FundingRoundFactory()
    url = reverse("admin:rounds_fundinground_delete", args=[round.pk])

    confirmation = admin_client_.get(url)
    assert "Are you sure" in confirmation.content.decode()
    assert FundingRound.objects.filter(pk=round.pk).exists()

    admin_client_.post(url, {"post": "yes"})

    assert not FundingRound.objects.filter(pk=round.pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.object_id, entry.action, entry.user) == (round.pk, "delete", staff)
    assert entry.changes["amount"] == ["10000000.00", None]


def test_admin_bulk_delete_records_each_deletion(admin_client_):
    rounds = [FundingRoundFactory(), FundingRoundFactory()]

    admin_client_.post(
        reverse("admin:rounds_fundinground_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [r.pk for r in rounds],
            "post": "yes",
        },
    )

    assert sorted(AuditEntry.objects.values_list("object_id", "action")) == sorted(
        (r.pk, "delete") for r in rounds
    )


def test_audit_trail_is_visible_and_read_only_in_the_admin(admin_client_, editor):
    round = decisions.approve_proposal(_proposal(STORY), editor=editor)
    entry = AuditEntry.objects.get(object_type="fundinground")

    changelist = admin_client_.get(reverse("admin:rounds_auditentry_changelist"))
    page = admin_client_.get(reverse("admin:rounds_auditentry_change", args=[entry.pk]))
    round_page = admin_client_.get(
        reverse("admin:rounds_fundinground_change", args=[round.pk])
    )
    delete = admin_client_.post(
        reverse("admin:rounds_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )

    assert changelist.status_code == page.status_code == 200
    assert "Brightwater Capital (lead)" in page.content.decode()
    assert (
        f"?object_type=fundinground&amp;object_id={round.pk}"
        in round_page.content.decode()
    )
    assert delete.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


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
        other = decisions.approve_proposal(
            _proposal(STORY.replace("Lumora Health", "Lumora")), editor=editor
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


def test_admin_edit_of_an_investment_is_recorded_on_its_round(admin_client_, staff):
    investment = InvestmentFactory(investor__name="Brightwater Capital", is_lead=False)

    admin_client_.post(
        reverse("admin:rounds_investment_change", args=[investment.pk]),
        {
            "round": investment.round_id,
            "investor": investment.investor_id,
            "is_lead": "on",
            "evidence": "[]",
        },
    )
    admin_client_.post(
        reverse("admin:rounds_investment_delete", args=[investment.pk]), {"post": "yes"}
    )

    assert [
        (e.object_type, e.object_id, e.changes)
        for e in AuditEntry.objects.order_by("pk")
    ] == [
        (
            "fundinground",
            investment.round_id,
            {"investors": [["Brightwater Capital"], ["Brightwater Capital (lead)"]]},
        ),
        (
            "fundinground",
            investment.round_id,
            {"investors": [["Brightwater Capital (lead)"], []]},
        ),
    ]


def test_admin_alias_added_on_its_own_page_is_recorded_on_the_company(admin_client_):
    company = CompanyFactory(name="HongShan")

    admin_client_.post(
        reverse("admin:rounds_companyalias_add"),
        {"name": "Sequoia China", "company": company.pk},
    )

    entry = AuditEntry.objects.get()
    assert (entry.object_type, entry.object_id, entry.changes) == (
        "company",
        company.pk,
        {"aliases": [[], ["Sequoia China"]]},
    )


def test_admin_cannot_delete_a_company_that_has_rounds(admin_client_):
    round = FundingRoundFactory()
    url = reverse("admin:rounds_company_delete", args=[round.company_id])

    confirmation = admin_client_.get(url)
    admin_client_.post(url, {"post": "yes"})

    assert "would require deleting the following protected" in (
        confirmation.content.decode()
    )
    assert FundingRound.objects.filter(pk=round.pk).exists()
    assert AuditEntry.objects.count() == 0
