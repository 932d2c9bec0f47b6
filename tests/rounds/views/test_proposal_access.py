"""Who may use the review pages: editors; analysts get 403, anonymous users the login page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rounds.enums import ProposalStatus
from rounds.urls import urlpatterns
from tests.rounds.review.test_decisions import STORY
from tests.rounds.views.test_proposal_approve import proposals_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def lumora():
    [proposal] = proposals_for(STORY)
    return proposal


# Every review URL and action, with the method it takes:
def review_urls(pk: int) -> list[tuple[str, str]]:
    return [
        ("get", reverse("rounds:proposal-list")),
        ("get", reverse("rounds:proposal-next")),
        ("get", reverse("rounds:proposal-money") + "?field=amount&amount=1bn"),
        ("post", reverse("rounds:proposal-bulk-reject")),
        ("post", reverse("rounds:proposal-bulk-approve")),
        ("get", reverse("rounds:proposal-detail", args=[pk])),
        ("post", reverse("rounds:proposal-approve", args=[pk])),
        ("post", reverse("rounds:proposal-merge", args=[pk])),
        ("post", reverse("rounds:proposal-reject", args=[pk])),
        ("post", reverse("rounds:proposal-undo", args=[pk])),
        ("post", reverse("rounds:proposal-correct", args=[pk])),
    ]


def test_every_review_url_is_covered():
    names = {p.name for p in urlpatterns if p.name and p.name.startswith("proposal-")}

    assert names == {
        "proposal-list",
        "proposal-next",
        "proposal-money",
        "proposal-bulk-reject",
        "proposal-bulk-approve",
        "proposal-detail",
        "proposal-approve",
        "proposal-merge",
        "proposal-reject",
        "proposal-undo",
        "proposal-correct",
    }


def test_analyst_gets_403_on_every_review_url_and_action(client, analyst, lumora):
    client.force_login(analyst)

    statuses = {
        url: getattr(client, method)(url).status_code
        for method, url in review_urls(lumora.pk)
    }

    assert set(statuses.values()) == {403}
    lumora.refresh_from_db()
    assert lumora.status == ProposalStatus.PENDING


def test_anonymous_user_is_sent_to_the_login_page_from_every_review_url(client, lumora):
    responses = [getattr(client, m)(url) for m, url in review_urls(lumora.pk)]

    assert {r.status_code for r in responses} == {302}
    assert all(r.url.startswith(reverse("login")) for r in responses)


def test_actions_need_the_csrf_token(editor, lumora):

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-reject", args=[lumora.pk]), {"reason": "x"}
    )

    assert response.status_code == 403
    lumora.refresh_from_db()
    assert lumora.status == ProposalStatus.PENDING


def test_actions_refuse_get(client, editor, lumora):
    client.force_login(editor)

    response = client.get(reverse("rounds:proposal-approve", args=[lumora.pk]))

    assert response.status_code == 405


def test_only_editors_see_the_review_link(client, analyst, editor):
    link = f'href="{reverse("rounds:proposal-list")}"'

    client.force_login(analyst)
    analyst_page = client.get(reverse("rounds:deal-list")).content.decode()
    client.force_login(editor)
    editor_page = client.get(reverse("rounds:deal-list")).content.decode()

    assert link not in analyst_page
    assert link in editor_page
