"""The report card page, for editors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rounds.review import decisions
from tests.rounds.review.test_stats import lumora

pytestmark = pytest.mark.django_db


def test_the_report_card_shows_what_editors_did_per_field_and_extractor(client, editor):
    decisions.approve_proposal(lumora(), editor=editor)
    decisions.reject_proposal(lumora("Quorva"), editor=editor, reason="Not a round")
    client.force_login(editor)

    response = client.get(reverse("rounds:review-stats"))

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<tr id="rules-amount"><th scope="row">Amount</th><td class="num">1</td>'
        in html
    )
    assert '<td>not a round</td><td class="num">1</td>' in html
    assert '<th scope="row">rules</th><td class="num">2</td>' in html


def test_the_report_card_shows_each_week_and_source_with_its_share_rejected(
    client, editor
):
    decisions.reject_proposal(lumora("Quorva"), editor=editor, reason="Not a round")
    decisions.approve_proposal(lumora(), editor=editor)
    client.force_login(editor)

    html = client.get(reverse("rounds:review-stats")).content.decode()

    assert '<table class="changes" id="by-week">' in html
    assert (
        '<th scope="row">Pasted text</th><td class="num">2</td><td class="num">1</td>'
        '<td class="num">1</td><td class="num">50%</td>'
    ) in html


def test_analysts_may_not_see_the_report_card(client, analyst):
    client.force_login(analyst)

    assert client.get(reverse("rounds:review-stats")).status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_the_report_card_makes_the_same_queries_however_many_decisions(
    client, editor, count, django_assert_num_queries
):
    for name in ["Quorva", "Ymbrel", "Zanthic"][:count]:
        decisions.approve_proposal(lumora(name), editor=editor)
    client.force_login(editor)

    # Session, user, its permissions, the decided proposals, those added by hand:
    with django_assert_num_queries(5):
        client.get(reverse("rounds:review-stats"))
