from __future__ import annotations

import pytest
from django.urls import reverse

from rounds.models import SavedSearch
from rounds.watchlists import searches
from tests.factories import CompanyFactory, InvestorFactory, SavedSearchFactory

pytestmark = pytest.mark.django_db


def test_deal_list_offers_to_save_its_filter(client, analyst):
    client.force_login(analyst)

    response = client.get(
        reverse("rounds:deal-list"), {"round_type": "seed", "cursor": ""}
    )

    page = response.content.decode()
    assert "Save this search" in page
    assert (
        '<input type="hidden" name="save-query" id="id_save-query" '
        'value="round_type=seed&amp;cursor=">'
    ) in page


def test_saved_search_save_from_htmx_answers_with_the_feed_link(client, analyst):
    client.force_login(analyst)

    response = client.post(
        reverse("rounds:saved-search-save"),
        {
            "save-name": "Seed 中国",
            "save-query": "round_type=seed&sort=-amount&cursor=x",
        },
        HTTP_HX_REQUEST="true",
    )

    search = SavedSearch.objects.get()
    assert (search.user, search.name, search.query) == (
        analyst,
        "Seed 中国",
        "round_type=seed",
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "Saved as “Seed 中国”" in page
    assert f"/saved/{search.pk}/feed/" in page


def test_saved_search_save_refuses_a_filter_in_error(client, analyst):
    client.force_login(analyst)

    response = client.post(
        reverse("rounds:saved-search-save"),
        {"save-name": "Broken", "save-query": "amount_min=lots"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "This search has filters in error" in response.content.decode()
    assert SavedSearch.objects.count() == 0


def test_saved_search_save_refuses_a_name_in_use(client, analyst):
    SavedSearchFactory(user=analyst, name="Seed", query="round_type=seed")
    client.force_login(analyst)

    response = client.post(
        reverse("rounds:saved-search-save"),
        {"save-name": "Seed", "save-query": "round_type=series_a"},
        HTTP_HX_REQUEST="true",
    )

    assert "You have a search named “Seed” already" in response.content.decode()
    assert SavedSearch.objects.count() == 1


def test_saved_search_save_refuses_an_empty_name(client, analyst):
    client.force_login(analyst)

    response = client.post(
        reverse("rounds:saved-search-save"),
        {"save-name": " ", "save-query": ""},
        HTTP_HX_REQUEST="true",
    )

    assert "This field is required." in response.content.decode()
    assert SavedSearch.objects.count() == 0


def test_watch_on_an_investor_page_saves_its_search(client, analyst):
    investor = InvestorFactory(name="Kraków Kapitał")
    query = searches.canonical_query({"lead": investor.slug})
    client.force_login(analyst)
    page = client.get(reverse("rounds:investor-detail", args=[investor.slug]))
    assert "Watch the rounds it leads" in page.content.decode()
    assert f'name="save-query" value="{query}"' in page.content.decode()

    response = client.post(
        reverse("rounds:saved-search-save"),
        {"save-name": "Led by Kraków Kapitał", "save-query": query},
        follow=True,
    )

    assert "Saved as “Led by Kraków Kapitał”" in response.content.decode()
    assert SavedSearch.objects.get().query == query
    again = client.get(reverse("rounds:investor-detail", args=[investor.slug]))
    assert "Watching “Led by Kraków Kapitał”" in again.content.decode()


def test_saved_search_save_needs_the_analysts_permission(client, django_user_model):
    client.force_login(django_user_model.objects.create(username="nobody"))

    response = client.post(
        reverse("rounds:saved-search-save"), {"save-name": "X", "save-query": ""}
    )

    assert response.status_code == 403


def test_watch_on_a_company_page_saves_its_search(client, analyst):
    company = CompanyFactory(name="Ü-Bahn Mobilität")
    query = searches.canonical_query({"company": company.slug})
    client.force_login(analyst)
    page = client.get(reverse("rounds:company-detail", args=[company.slug]))
    assert f'name="save-query" value="{query}"' in page.content.decode()

    client.post(
        reverse("rounds:saved-search-save"),
        {"save-name": "Ü-Bahn Mobilität", "save-query": query},
    )

    again = client.get(reverse("rounds:company-detail", args=[company.slug]))
    assert "Watching “Ü-Bahn Mobilität”" in again.content.decode()
