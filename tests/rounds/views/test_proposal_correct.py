"""An editor reviews an analyst's correction: the stored round beside it, then apply or reject."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from rounds.models import FundingRound
from rounds.review import corrections
from tests.factories import (
    ArticleFactory,
    FundingRoundFactory,
    InvestmentFactory,
    RoundSourceFactory,
)
from tests.rounds.views.htmx import follow_location
from tests.rounds.views.test_proposal_approve import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def correction(analyst):
    round = FundingRoundFactory(
        company__name="Quenby Robotics",
        round_type="series_b",
        amount=Decimal("90000000"),
        currency="USD",
    )
    InvestmentFactory(round=round, investor__name="Larkspur Partners", is_lead=True)
    RoundSourceFactory(
        round=round,
        article=ArticleFactory(text="Quenby Robotics raised $9 million in a Series B."),
    )
    proposal, _ = corrections.suggest_correction(
        round,
        analyst=analyst,
        field="amount",
        value="$9M",
        changes=corrections.read_value("amount", "$9M", round),
        note="The article says nine million.",
    )
    return proposal


def test_the_review_page_shows_the_stored_round_beside_the_correction(
    client, editor, correction
):
    client.force_login(editor)

    page = client.get(reverse("rounds:proposal-detail", args=[correction.pk]))

    html = page.content.decode()
    assert "A correction of" in html
    assert "The article says nine million." in html
    rows = {row.name: row for row in page.context["comparison"]}
    assert (rows["amount"].round_value, rows["amount"].proposal_value) == (
        "$90M",
        "$9M",
    )
    assert rows["amount"].conflict
    assert [name for name, row in rows.items() if row.conflict] == ["amount"]
    assert "Apply to the round" in html
    assert 'id="approve-next"' not in html


def test_applying_it_changes_the_round_and_opens_the_next_proposal(
    client, editor, analyst, correction
):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-correct", args=[correction.pk]),
        form_data(correction, revision="0"),
        HTTP_HX_REQUEST="true",
    )

    round = FundingRound.objects.get()
    assert round.amount == Decimal("9000000")
    correction.refresh_from_db()
    assert (correction.status, correction.reviewed_by, correction.added_by) == (
        "merged",
        editor,
        analyst,
    )
    assert (
        "Applied the correction to"
        in follow_location(client, response).content.decode()
    )


def test_the_editor_can_change_the_value_before_applying(client, editor, correction):
    client.force_login(editor)

    client.post(
        reverse("rounds:proposal-correct", args=[correction.pk]),
        form_data(correction, amount="$9.5M"),
    )

    assert FundingRound.objects.get().amount == Decimal("9500000")


def test_approving_a_correction_as_a_new_round_is_refused(client, editor, correction):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-approve", args=[correction.pk]), form_data(correction)
    )

    assert "apply it to that round, or reject it" in response.content.decode()
    assert FundingRound.objects.count() == 1


def test_a_rejected_correction_leaves_the_round(client, editor, correction):
    client.force_login(editor)

    client.post(
        reverse("rounds:proposal-reject", args=[correction.pk]),
        {"reason": "The article says ninety.", "revision": "0"},
    )

    correction.refresh_from_db()
    assert correction.status == "rejected"
    assert FundingRound.objects.get().amount == Decimal("90000000")


def test_analysts_cannot_apply_corrections(client, analyst, correction):
    client.force_login(analyst)

    response = client.post(
        reverse("rounds:proposal-correct", args=[correction.pk]), form_data(correction)
    )

    assert response.status_code == 403
    assert FundingRound.objects.get().amount == Decimal("90000000")


def test_the_queue_marks_and_counts_corrections(client, editor, correction):
    client.force_login(editor)

    page = client.get(reverse("rounds:proposal-list"), {"waiting": "correction"})

    assert page.context["counts"]["correction"] == 1
    assert [row.proposal for row in page.context["queue"].rows] == [correction]
    assert '<span class="tag">correction</span>' in page.content.decode()
