"""The ingestion page in the browser: each form's labels lead to its own boxes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

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
