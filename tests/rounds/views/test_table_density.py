from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rounds.views.deals import DENSITY_COOKIE
from tests.factories import InvestmentFactory

pytestmark = pytest.mark.django_db


def _toggle(client, **data):
    return client.post(reverse("rounds:table-density"), data)


def test_compact_rows_are_remembered_in_a_cookie_and_the_page_comes_back(
    client, analyst
):
    client.force_login(analyst)

    response = _toggle(client, compact="on", next="/?round_type=seed&sort=-amount")

    assert response.status_code == 302
    assert response["Location"] == "/?round_type=seed&sort=-amount"
    cookie = response.cookies[DENSITY_COOKIE]
    assert cookie.value == "compact"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"


def test_comfortable_rows_forget_the_cookie(client, analyst):
    client.force_login(analyst)
    client.cookies[DENSITY_COOKIE] = "compact"

    response = _toggle(client, compact="", next="/leads/")

    assert response["Location"] == "/leads/"
    assert response.cookies[DENSITY_COOKIE].value == ""
    assert response.cookies[DENSITY_COOKIE]["max-age"] == 0


@pytest.mark.parametrize(
    "next", ["https://elsewhere.example/", "//elsewhere.example/", "", "javascript:x"]
)
def test_density_goes_back_only_to_this_site(client, analyst, next):
    client.force_login(analyst)

    response = _toggle(client, compact="on", next=next)

    assert response["Location"] == reverse("rounds:deal-list")


def test_density_is_changed_by_post_only(client, analyst):
    client.force_login(analyst)

    assert client.get(reverse("rounds:table-density")).status_code == 405


@pytest.mark.parametrize("url_name", ["rounds:deal-list", "rounds:lead-table"])
def test_tables_are_dense_with_the_cookie_and_the_toggle_says_so(
    client, analyst, url_name
):
    InvestmentFactory(is_lead=True)
    client.force_login(analyst)

    plain = client.get(reverse(url_name)).content.decode()
    client.cookies[DENSITY_COOKIE] = "compact"
    dense = client.get(reverse(url_name)).content.decode()

    assert 'class="deals dense' not in plain
    assert 'value="on" aria-pressed="false">Compact rows</button>' in plain
    assert re.search(r'<table class="deals( league)? dense">', dense)
    assert 'value="" aria-pressed="true">Compact rows</button>' in dense
