"""The ingestion page in the browser: each form's labels lead to its own boxes, and a paste
longer than the limit is kept whole and said to be too long."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rounds.ingestion.forms import MAX_PASTE_CHARS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor_page(open_page, groups):
    return open_page(UserFactory(group="Editors"))


def test_each_url_label_focuses_its_own_box(editor_page):
    page = editor_page
    page.goto("/ingestion/")

    page.get_by_text("Feed URL", exact=True).click()
    expect(page.get_by_role("textbox", name="Feed URL")).to_be_focused()
    page.get_by_text("Article URL", exact=True).click()
    expect(page.get_by_role("textbox", name="Article URL")).to_be_focused()


def test_a_paste_over_the_limit_is_kept_whole_and_said_to_be_too_long(editor_page):
    page = editor_page
    page.goto("/ingestion/")
    box = page.get_by_role("textbox", name="Article text")
    expect(page.locator("#id_text_count")).to_have_text("0 of 200,000 characters.")

    box.fill("word " * (MAX_PASTE_CHARS // 5) + "more")

    assert box.evaluate("box => box.value.length") == MAX_PASTE_CHARS + 4
    expect(page.locator("#id_text_count")).to_have_text(
        "Too long: 200,004 characters, 4 more than the 200,000 a paste may hold."
    )
