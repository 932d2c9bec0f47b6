from __future__ import annotations

import pytest
from django.urls import reverse

from rounds.models import FeedKey, SavedSearch
from rounds.watchlists import searches
from tests.factories import SavedSearchFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_saved_search_list_shows_the_users_searches_with_their_feed_addresses(
    client, analyst
):
    mine = SavedSearchFactory(
        user=analyst, name="Série A à Paris", query="round_type=series_a"
    )
    SavedSearchFactory(name="Someone else's")
    client.force_login(analyst)

    response = client.get(reverse("rounds:saved-search-list"))

    page = response.content.decode()
    key = FeedKey.objects.get(user=analyst)
    assert "Série A à Paris" in page
    assert "Someone else" not in page
    assert f"http://testserver/saved/{mine.pk}/feed/{key.key}/" in page
    assert 'href="/?round_type=series_a"' in page
    assert "no-store" in response["Cache-Control"]


def test_saved_search_list_needs_the_analysts_permission(client):
    client.force_login(UserFactory())

    assert client.get(reverse("rounds:saved-search-list")).status_code == 403


@pytest.mark.parametrize("item_count", [1, 3])
def test_saved_search_list_query_count_does_not_grow_with_rows(
    client, analyst, django_assert_num_queries, item_count
):
    SavedSearchFactory.create_batch(item_count, user=analyst)
    searches.feed_key_of(analyst)
    client.force_login(analyst)

    # session, user, permissions, the feed key, the searches:
    with django_assert_num_queries(5):
        client.get(reverse("rounds:saved-search-list"))


def test_saved_search_update_renames_and_sets_the_digest(client, analyst):
    search = SavedSearchFactory(user=analyst)
    client.force_login(analyst)

    response = client.post(
        reverse("rounds:saved-search-update", args=[search.pk]),
        {f"s{search.pk}-name": "Ростов seed", f"s{search.pk}-digest": "instant"},
    )

    assert response.status_code == 302
    search.refresh_from_db()
    assert (search.name, search.digest) == ("Ростов seed", "instant")


def test_saved_search_update_refuses_a_name_in_use(client, analyst):
    SavedSearchFactory(user=analyst, name="Taken")
    search = SavedSearchFactory(user=analyst, name="Mine")
    client.force_login(analyst)

    response = client.post(
        reverse("rounds:saved-search-update", args=[search.pk]),
        {f"s{search.pk}-name": "Taken", f"s{search.pk}-digest": "off"},
        follow=True,
    )

    assert "You have a search named “Taken” already" in response.content.decode()
    search.refresh_from_db()
    assert search.name == "Mine"


def test_saved_search_update_refuses_a_line_break_in_the_name(client, analyst):
    search = SavedSearchFactory(user=analyst, name="Mine")
    client.force_login(analyst)

    response = client.post(
        reverse("rounds:saved-search-update", args=[search.pk]),
        {f"s{search.pk}-name": "Two\nlines", f"s{search.pk}-digest": "off"},
        follow=True,
    )

    assert "cannot hold line breaks" in response.content.decode()
    search.refresh_from_db()
    assert search.name == "Mine"


def test_saved_search_delete_deletes_it(client, analyst):
    search = SavedSearchFactory(user=analyst)
    client.force_login(analyst)

    client.post(reverse("rounds:saved-search-delete", args=[search.pk]))

    assert SavedSearch.objects.count() == 0


def test_another_users_search_cannot_be_changed_or_deleted(client, analyst):
    theirs = SavedSearchFactory(name="Theirs")
    client.force_login(analyst)

    update = client.post(
        reverse("rounds:saved-search-update", args=[theirs.pk]),
        {f"s{theirs.pk}-name": "Mine now", f"s{theirs.pk}-digest": "daily"},
    )
    delete = client.post(reverse("rounds:saved-search-delete", args=[theirs.pk]))

    assert (update.status_code, delete.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert (theirs.name, theirs.digest) == ("Theirs", "off")


def test_feed_key_regenerate_gives_new_addresses(client, analyst):
    old = searches.feed_key_of(analyst).key
    client.force_login(analyst)

    client.post(reverse("rounds:feed-key-regenerate"))

    assert FeedKey.objects.get(user=analyst).key != old
