from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import InvestmentFactory, InvestorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_investor_autocomplete_suggests_matching_names_biggest_leads_first(
    client, analyst
):
    InvestorFactory(name="Alibaba Small", slug="alibaba-small")
    big = InvestorFactory(name="Alibaba Group", slug="alibaba")
    InvestmentFactory(investor=big, is_lead=True)
    InvestorFactory(name="Tencent")
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:investor-autocomplete"),
        {"lead": "aliba"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER_NAME="lead",
    ).content.decode()

    assert html.index('value="Alibaba Group"') < html.index('value="Alibaba Small"')
    assert "led 1" in html
    assert "Tencent" not in html


def test_investor_autocomplete_without_a_term_suggests_nothing(client, analyst):
    InvestorFactory()
    client.force_login(analyst)

    assert (
        client.get(reverse("rounds:investor-autocomplete")).content.decode().strip()
        == ""
    )


def test_investor_autocomplete_needs_permission(client):
    client.force_login(UserFactory())

    assert (
        client.get(reverse("rounds:investor-autocomplete"), {"q": "a"}).status_code
        == 403
    )


def test_investor_autocomplete_editors_can_read(client, editor):
    client.force_login(editor)

    assert (
        client.get(reverse("rounds:investor-autocomplete"), {"q": "a"}).status_code
        == 200
    )


def test_investor_autocomplete_finds_an_investor_by_a_former_name(client, analyst):
    hongshan = InvestorFactory(name="HongShan", slug="hongshan")
    hongshan.add_alias("Sequoia China")
    InvestorFactory(name="Sequoia Capital", slug="sequoia")
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:investor-autocomplete"), {"q": "sequoia"}
    ).content.decode()

    assert '<option value="HongShan">HongShan (also Sequoia China)</option>' in html
    assert '<option value="Sequoia Capital">Sequoia Capital</option>' in html


def test_investor_autocomplete_finds_names_in_every_script(client, analyst):
    InvestorFactory(name="Сбербанк Инвест", slug="sber")
    InvestorFactory(name="红杉中国", slug="hongshan-cn")
    client.force_login(analyst)

    cyrillic = client.get(reverse("rounds:investor-autocomplete"), {"q": "сбер"})
    chinese = client.get(reverse("rounds:investor-autocomplete"), {"q": "红杉"})

    assert 'value="Сбербанк Инвест"' in cyrillic.content.decode()
    assert 'value="红杉中国"' in chinese.content.decode()


def test_investor_autocomplete_query_count(client, analyst, django_assert_num_queries):
    for name in ("Alpha One", "Alpha Two", "Alpha Three"):
        InvestorFactory(name=name).add_alias(f"{name} Capital")
    client.force_login(analyst)

    # session, user, permissions, the investors with their counts and matched names:
    with django_assert_num_queries(4):
        client.get(reverse("rounds:investor-autocomplete"), {"q": "alpha"})
