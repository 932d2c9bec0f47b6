from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from rounds import tasks
from rounds.enums import DigestFrequency
from rounds.watchlists import digests
from tests.factories import (
    FundingRoundFactory,
    InvestmentFactory,
    SavedSearchFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _search(user, name, query, frequency=DigestFrequency.DAILY):
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    return SavedSearchFactory(
        user=user, name=name, query=query, digest=frequency, digested_until=an_hour_ago
    )


def test_send_digests_mails_each_user_the_new_rounds_of_all_their_searches():
    user = UserFactory(email="zoë@example.org")
    seed = FundingRoundFactory(company__name="Čapek Robotika", round_type="seed")
    InvestmentFactory(round=seed, investor__name="Ōkami Ventures", is_lead=True)
    FundingRoundFactory(company__name="Series A Only", round_type="series_a")
    _search(user, "Seed 種子", "round_type=seed")
    _search(user, "Robots", "q=robotika")

    sent = digests.send_digests(DigestFrequency.DAILY)

    assert sent == 1
    [message] = mail.outbox
    assert message.to == ["zoë@example.org"]
    assert message.subject == "Dealflow: 2 new rounds for Robots, Seed 種子"
    assert (
        "Čapek Robotika: Seed, $10M, 1 Mar 2024, led by Ōkami Ventures" in message.body
    )
    assert f"http://127.0.0.1:8000/rounds/{seed.pk}/" in message.body
    assert "Series A Only" not in message.body
    assert "http://127.0.0.1:8000/saved/" in message.body


def test_send_digests_twice_sends_nothing_new():
    user = UserFactory(email="ana@example.org")
    _search(user, "All", "")
    FundingRoundFactory()

    first = digests.send_digests(DigestFrequency.DAILY)
    second = digests.send_digests(DigestFrequency.DAILY)

    assert (first, second, len(mail.outbox)) == (1, 0, 1)


def test_send_digests_sends_only_rounds_created_since_the_last_one():
    user = UserFactory(email="ana@example.org")
    _search(user, "All", "")
    FundingRoundFactory(company__name="First Company")
    digests.send_digests(DigestFrequency.DAILY)
    FundingRoundFactory(company__name="Second Company")

    digests.send_digests(DigestFrequency.DAILY)

    assert len(mail.outbox) == 2
    assert "Second Company" in mail.outbox[1].body
    assert "First Company" not in mail.outbox[1].body


def test_send_digests_of_one_frequency_leaves_the_others():
    user = UserFactory(email="ana@example.org")
    _search(user, "Daily", "", DigestFrequency.DAILY)
    _search(user, "Off", "round_type=seed", DigestFrequency.OFF)
    FundingRoundFactory()

    assert digests.send_digests(DigestFrequency.INSTANT) == 0
    assert mail.outbox == []


def test_send_digests_skips_users_without_an_address():
    _search(UserFactory(email=""), "All", "")
    FundingRoundFactory()

    assert digests.send_digests(DigestFrequency.DAILY) == 0


def test_send_digests_lists_twenty_rounds_then_links_to_the_rest():
    user = UserFactory(email="ana@example.org")
    search = _search(user, "All", "round_type=seed")
    FundingRoundFactory.create_batch(digests.DIGEST_ROUNDS + 1, round_type="seed")

    digests.send_digests(DigestFrequency.DAILY)

    [message] = mail.outbox
    assert message.subject == "Dealflow: 20 new rounds for All"
    assert "and more: http://127.0.0.1:8000/?round_type=seed" in message.body
    search.refresh_from_db()
    assert digests.send_digests(DigestFrequency.DAILY) == 0


def test_send_digests_task_sends_the_digests():
    _search(UserFactory(email="ana@example.org"), "All", "", DigestFrequency.INSTANT)
    FundingRoundFactory()

    tasks.send_digests(frequency="instant")

    assert len(mail.outbox) == 1
