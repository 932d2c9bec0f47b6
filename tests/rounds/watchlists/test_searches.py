from __future__ import annotations

import pytest

from rounds.enums import DigestFrequency
from rounds.models import SavedSearch
from rounds.watchlists import searches
from tests.factories import (
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
    SavedSearchFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_canonical_query_keeps_the_filters_in_one_order():
    first = searches.canonical_query(
        {"round_type": "seed", "lead": "Акме 資本", "sort": "-amount", "cursor": "x"}
    )
    second = searches.canonical_query(
        {"lead": " Акме 資本 ", "q": "", "round_type": "seed"}
    )

    assert (
        first
        == second
        == "lead=%D0%90%D0%BA%D0%BC%D0%B5+%E8%B3%87%E6%9C%AC&round_type=seed"
    )


def test_save_search_saves_one_filter_once():
    user = UserFactory()

    first, created = searches.save_search(
        user, name="Séries A", query="round_type=series_a"
    )
    again, created_again = searches.save_search(
        user, name="Other name", query="round_type=series_a"
    )

    assert (created, created_again) == (True, False)
    assert again == first
    assert again.name == "Séries A"


def test_save_search_refuses_a_name_the_user_has():
    user = UserFactory()
    searches.save_search(user, name="Seed", query="round_type=seed")

    with pytest.raises(searches.NameTaken):
        searches.save_search(user, name="Seed", query="round_type=series_a")

    assert SavedSearch.objects.count() == 1


def test_two_users_may_save_one_filter_under_one_name():
    searches.save_search(UserFactory(), name="Seed", query="round_type=seed")
    searches.save_search(UserFactory(), name="Seed", query="round_type=seed")

    assert SavedSearch.objects.count() == 2


def test_update_search_turning_a_digest_on_starts_after_the_rounds_of_today():
    search = SavedSearchFactory()
    FundingRoundFactory()

    searches.update_search(search, name="Renamed 名前", digest=DigestFrequency.DAILY)

    search.refresh_from_db()
    assert (search.name, search.digest) == ("Renamed 名前", "daily")
    assert (
        list(
            searches.matching_rounds(search).filter(
                created_at__gt=search.digested_until
            )
        )
        == []
    )


def test_matching_rounds_follow_the_filter_by_name_or_slug():
    investor = InvestorFactory(name="Økonomi Kapital")
    led = InvestmentFactory(investor=investor, is_lead=True).round
    InvestmentFactory(investor=investor, is_lead=False)
    FundingRoundFactory()
    by_name = SavedSearchFactory(
        query=searches.canonical_query({"lead": "Økonomi Kapital"})
    )
    by_slug = SavedSearchFactory(
        query=searches.canonical_query({"lead": investor.slug})
    )

    assert list(searches.matching_rounds(by_name)) == [led]
    assert list(searches.matching_rounds(by_slug)) == [led]


def test_matching_rounds_of_a_filter_that_no_longer_holds_are_none():
    FundingRoundFactory()
    search = SavedSearchFactory(query="lead=an-investor-deleted-since")

    assert list(searches.matching_rounds(search)) == []


def test_newest_rounds_come_newest_first():
    older, newer = FundingRoundFactory(), FundingRoundFactory()
    search = SavedSearchFactory(query="")

    assert searches.newest_rounds(search, 10) == [newer, older]
    assert searches.newest_rounds(search, 1) == [newer]


def test_round_summary_names_type_amount_date_and_leads():
    round = FundingRoundFactory(amount=12_500_000, currency="USD")
    InvestmentFactory(round=round, investor__name="Яндекс Венчур", is_lead=True)
    InvestmentFactory(round=round, investor__name="Not a lead")
    round = searches.newest_rounds(SavedSearchFactory(query=""), 1)[0]

    assert (
        searches.round_summary(round)
        == "Series A, $12.5M, 1 Mar 2024, led by Яндекс Венчур"
    )


def test_search_for_feed_needs_the_owners_key():
    search = SavedSearchFactory()
    key = searches.feed_key_of(search.user)
    other_key = searches.feed_key_of(UserFactory())

    assert searches.search_for_feed(search.pk, key.key) == search
    assert searches.search_for_feed(search.pk, other_key.key) is None
    assert searches.search_for_feed(search.pk, "guess") is None
    assert searches.search_for_feed(search.pk + 1, key.key) is None


def test_a_new_feed_key_ends_the_old_addresses():
    search = SavedSearchFactory()
    old = searches.feed_key_of(search.user).key

    new = searches.regenerate_feed_key(search.user).key

    assert new != old
    assert searches.search_for_feed(search.pk, old) is None
    assert searches.search_for_feed(search.pk, new) == search


def test_a_deactivated_users_feed_is_closed():
    search = SavedSearchFactory()
    key = searches.feed_key_of(search.user).key
    search.user.is_active = False
    search.user.save()

    assert searches.search_for_feed(search.pk, key) is None


def test_investor_watches_mark_what_the_user_watches():
    user = UserFactory()
    investor = InvestorFactory(name="北京资本")
    query = searches.canonical_query({"investor": investor.slug})
    searches.save_search(user, name="北京资本", query=query)

    watches = searches.investor_watches(user, investor)

    assert [(w.name, w.watching) for w in watches] == [
        ("Led by 北京资本", False),
        ("北京资本", True),
    ]
