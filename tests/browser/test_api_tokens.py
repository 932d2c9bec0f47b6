"""An analyst makes an API token on the settings page, and a program reads the deals with it."""

from __future__ import annotations

import pytest

from tests.factories import FundingRoundFactory, InvestmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_analyst_creates_a_token_calls_the_api_and_revokes_it(
    signed_in_page, browser, live_server
):
    round = FundingRoundFactory(company__name="Ørsted Søberg")
    InvestmentFactory(round=round, investor__name="山田キャピタル", is_lead=True)
    page = signed_in_page
    page.goto("/")

    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("What is it for?").fill("Weekly report")
    page.get_by_role("button", name="Create token").click()
    key = page.get_by_role("textbox", name="Token").input_value()

    program = browser.new_context(
        base_url=live_server.url
    )  # no session: the token alone
    headers = {"Authorization": f"Bearer {key}"}
    answer = program.request.get("/api/rounds/?page_size=500", headers=headers)
    assert answer.status == 200
    assert [r["company"]["name"] for r in answer.json()["results"]] == ["Ørsted Søberg"]
    assert answer.json()["results"][0]["lead_investors"][0]["name"] == "山田キャピタル"
    assert program.request.get("/api/rounds/").status == 401

    page.get_by_role("button", name="Revoke Weekly report").click()
    page.get_by_text("The token is revoked").wait_for()
    assert program.request.get("/api/rounds/", headers=headers).status == 401
    program.close()

    page.get_by_role("link", name="API", exact=True).click()
    page.get_by_role("heading", name="GET /api/rounds/", exact=True).wait_for()
