from __future__ import annotations

import feedparser
import pytest
from django.test import Client

from rounds.models import FeedKey
from rounds.watchlists import searches
from tests.factories import FundingRoundFactory, InvestmentFactory, SavedSearchFactory

pytestmark = pytest.mark.django_db


def test_the_feed_lists_the_new_rounds_of_the_search():
    search = SavedSearchFactory(name="Seed in Ελλάδα", query="round_type=seed")
    FundingRoundFactory(company__name="Not Seed", round_type="series_b")
    round = FundingRoundFactory(company__name="Αθηνά Ρομποτική", round_type="seed")
    InvestmentFactory(round=round, investor__name="東京キャピタル", is_lead=True)
    url = searches.feed_url(search, searches.feed_key_of(search.user))

    response = Client().get(url)  # no session: the address is the key

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.feed.title == "Dealflow: Seed in Ελλάδα"
    assert [entry.title for entry in feed.entries] == ["Αθηνά Ρομποτική: Seed"]
    [entry] = feed.entries
    assert entry.link == f"http://testserver/rounds/{round.pk}/"
    assert entry.summary == "Seed, $10M, 1 Mar 2024, led by 東京キャピタル"


def test_the_feed_with_a_wrong_key_is_not_found():
    search = SavedSearchFactory()
    searches.feed_key_of(search.user)

    response = Client().get(searches.feed_url(search, FeedKey(key="wrong")))

    assert response.status_code == 404


def test_the_feed_of_another_users_search_with_my_key_is_not_found():
    mine, theirs = SavedSearchFactory(), SavedSearchFactory()
    my_key = searches.feed_key_of(mine.user)
    searches.feed_key_of(theirs.user)

    response = Client().get(searches.feed_url(theirs, my_key))

    assert response.status_code == 404


def test_the_feed_reads_in_a_fixed_number_of_queries(django_assert_num_queries):
    search = SavedSearchFactory(query="")
    for round in FundingRoundFactory.create_batch(3):
        InvestmentFactory(round=round, is_lead=True)
    url = searches.feed_url(search, searches.feed_key_of(search.user))

    # The search with its owner's key, the rounds, their leads:
    with django_assert_num_queries(3):
        Client().get(url)


def test_the_feed_keeps_a_hostile_name_as_text():
    search = SavedSearchFactory(name="<script>alert(1)</script>", query="")
    FundingRoundFactory(company__name="<b>Bold</b> & Co")
    url = searches.feed_url(search, searches.feed_key_of(search.user))

    response = Client().get(url)

    assert b"<script>" not in response.content
    assert b"<b>" not in response.content
    assert feedparser.parse(response.content).feed.title == (
        "Dealflow: <script>alert(1)</script>"
    )
