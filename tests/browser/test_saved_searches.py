"""An analyst saves a search on the deals page, and a feed reader reads its new rounds."""

from __future__ import annotations

import re

import feedparser
import pytest

from tests.factories import FundingRoundFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_analyst_saves_a_search_and_a_feed_reader_reads_it(
    signed_in_page, browser, live_server
):
    FundingRoundFactory(company__name="Ålesund Ocean Seed", round_type="seed")
    FundingRoundFactory(company__name="Later Stage", round_type="series_b")
    page = signed_in_page
    page.goto("/")

    page.get_by_label("Round type").select_option("seed")
    page.wait_for_url(re.compile(r"round_type=seed"))
    page.get_by_label("Name of this search").fill("Seeds σπόροι")
    page.get_by_role("button", name="Save this search").click()
    page.get_by_text("Saved as “Seeds σπόροι”").wait_for()
    feed_path = page.get_by_role("link", name="Atom feed").get_attribute("href")

    reader = browser.new_context(
        base_url=live_server.url
    )  # no session: the address alone
    answer = reader.request.get(feed_path)
    assert answer.status == 200
    feed = feedparser.parse(answer.body())
    assert feed.feed.title == "Dealflow: Seeds σπόροι"
    assert [entry.title for entry in feed.entries] == ["Ålesund Ocean Seed: Seed"]
    assert reader.request.get(feed_path.replace("/feed/", "/feed/x")).status == 404
    reader.close()

    page.get_by_role("link", name="Saved searches").first.click()
    address = page.get_by_label("Feed address of “Seeds σπόροι”").input_value()
    assert address == live_server.url + feed_path
    page.get_by_label("E-mail for “Seeds σπόροι”").select_option("daily")
    page.get_by_role("button", name="Save changes to Seeds σπόροι").click()
    page.get_by_text("“Seeds σπόροι” is saved.").wait_for()
    page.get_by_role("link", name="Open “Seeds σπόροι”").click()
    page.wait_for_url(re.compile(r"round_type=seed"))
