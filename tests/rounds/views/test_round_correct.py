"""An analyst suggests a correction from the round's page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from rounds.models import Article, RoundProposal
from tests.factories import ArticleFactory, FundingRoundFactory, RoundSourceFactory

pytestmark = pytest.mark.django_db


class FakeResolver:
    """Answers from a table, so that no test looks a name up for real."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers

    def __call__(self, host: str, port: int) -> list[str]:
        return self.answers[host]


@pytest.fixture(autouse=True)
def resolver(monkeypatch, settings):
    settings.FETCH_ALLOW_LOOPBACK = False
    fake = FakeResolver(
        {"news.example": ["93.184.216.34"], "intranet.example": ["10.1.2.3"]}
    )
    monkeypatch.setattr("rounds.ingestion.fetching._system_resolver", fake)
    return fake


@pytest.fixture
def round():
    round = FundingRoundFactory(
        company__name="Quenby Robotics", amount=Decimal("90000000"), currency="USD"
    )
    RoundSourceFactory(round=round, article=ArticleFactory())
    return round


def correct(client, round, **data):
    return client.post(
        reverse("rounds:round-correct", args=[round.pk]),
        {"field": "amount", "value": "$9M", "note": "It was nine, not ninety.", **data},
    )


def test_the_round_page_offers_a_correction(client, analyst, round):
    client.force_login(analyst)

    page = client.get(reverse("rounds:round-detail", args=[round.pk]))

    assert "Suggest a correction" in page.content.decode()
    assert page.context["correction_form"].fields["url"].required is False


def test_a_correction_becomes_a_proposal_and_the_analyst_is_thanked(
    client, analyst, round
):
    client.force_login(analyst)

    response = correct(client, round)

    assert response.status_code == 302
    assert response["Location"].endswith(f"/rounds/{round.pk}/#correction")
    proposal = RoundProposal.objects.get()
    assert (proposal.corrects, proposal.added_by) == (round, analyst)
    assert proposal.extracted.amount == Decimal("9000000")
    page = client.get(response["Location"])
    assert "your correction waits for an editor" in page.content.decode()


def test_an_address_on_a_private_network_is_refused_with_the_reason(
    client, analyst, round
):
    client.force_login(analyst)

    response = correct(client, round, url="http://intranet.example/wiki")

    assert response.status_code == 200
    assert response.context["correction_form"].errors["url"] == [
        "Refused: intranet.example resolves to 10.1.2.3, a private address."
    ]
    assert (RoundProposal.objects.count(), Article.objects.count()) == (0, 1)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8000/admin/", "Refused: 127.0.0.1 is a loopback address."),
        (
            "http://169.254.169.254/latest/",
            "Refused: 169.254.169.254 is a link-local address.",
        ),
    ],
)
def test_a_loopback_or_metadata_address_is_refused(client, analyst, round, url, reason):
    client.force_login(analyst)

    response = correct(client, round, url=url)

    assert response.context["correction_form"].errors["url"] == [reason]


def test_a_public_address_is_queued_for_fetching(
    client, analyst, round, django_capture_on_commit_callbacks
):
    client.force_login(analyst)

    with django_capture_on_commit_callbacks() as callbacks:
        correct(client, round, url="https://news.example/quenby")

    proposal = RoundProposal.objects.get()
    assert proposal.article.url == "https://news.example/quenby"
    assert len(callbacks) == 1


def test_a_round_without_sources_takes_a_correction_without_an_article(client, analyst):
    round = FundingRoundFactory()
    client.force_login(analyst)

    page = client.get(reverse("rounds:round-detail", args=[round.pk]))
    response = correct(client, round)

    url_field = page.context["correction_form"].fields["url"]
    assert (url_field.required, url_field.help_text) == (
        False,
        "This round has no source yet: without an article, the editors check your "
        "correction against your note alone.",
    )
    assert response.status_code == 302
    proposal = RoundProposal.objects.get()
    assert proposal.corrects == round
    assert proposal.article.text.endswith("It was nine, not ninety.")


def test_a_round_without_sources_still_refuses_a_private_address(client, analyst):
    round = FundingRoundFactory()
    client.force_login(analyst)

    response = correct(client, round, url="http://intranet.example/wiki")

    assert response.context["correction_form"].errors["url"] == [
        "Refused: intranet.example resolves to 10.1.2.3, a private address."
    ]
    assert RoundProposal.objects.count() == 0


def test_a_value_that_cannot_be_read_is_refused_and_the_form_kept(
    client, analyst, round
):
    client.force_login(analyst)

    response = correct(client, round, field="round_type", value="Series Z")

    assert response.status_code == 200
    form = response.context["correction_form"]
    assert form.errors["value"][0].startswith("Write one of: Pre-seed, Seed")
    assert form["note"].value() == "It was nine, not ninety."
    assert RoundProposal.objects.count() == 0


def test_the_note_is_required(client, analyst, round):
    client.force_login(analyst)

    response = correct(client, round, note="")

    assert response.context["correction_form"].errors["note"] == [
        "This field is required."
    ]
    assert RoundProposal.objects.count() == 0


def test_sending_it_twice_says_so(client, analyst, round):
    client.force_login(analyst)
    correct(client, round)

    response = correct(client, round)

    assert RoundProposal.objects.count() == 1
    page = client.get(response["Location"])
    assert "You sent this correction already; it is pending." in page.content.decode()


def test_a_correction_needs_read_access(client, round):
    response = correct(client, round)

    assert response.status_code in (302, 403)
    assert RoundProposal.objects.count() == 0


def test_a_correction_of_no_round_is_404(client, analyst):
    client.force_login(analyst)

    response = client.post(reverse("rounds:round-correct", args=[98765]), {})

    assert response.status_code == 404
