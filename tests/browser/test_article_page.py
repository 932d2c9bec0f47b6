"""The article page in the browser: select the words of a missed round, or type them, and review
the proposal the extractor makes of them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rounds.models import FundingRound, RoundProposal
from tests.factories import ArticleFactory, UserFactory
from tests.rounds.review.test_missed import PASSAGE, TEXT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor_page(open_page, groups):
    return open_page(UserFactory(group="Editors"))


SELECT = """([text, passage]) => {
  const node = document.querySelector("#article-text").firstChild;
  const start = text.indexOf(passage);
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, start + passage.length);
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def test_editor_selects_a_missed_round_and_approves_it(editor_page):
    page = editor_page
    article = ArticleFactory(text=TEXT, title="Health news of the week")

    page.goto(f"/articles/{article.pk}/")
    page.evaluate(SELECT, [TEXT, PASSAGE])
    expect(page.locator("#id_quote")).to_have_value(PASSAGE)
    page.locator("#add-round-button").click()

    expect(page.locator("#id_company_name")).to_have_value("Quorva Diagnostics")
    expect(page.locator("#id_amount")).to_have_value("EUR 4M")
    expect(page.locator("#article-text mark.f-selection").first).to_be_visible()
    page.keyboard.press("a")
    expect(page.locator(".flash")).to_contain_text("Approved Quorva Diagnostics")
    assert FundingRound.objects.get().company.name == "Quorva Diagnostics"
    assert RoundProposal.objects.get().evidence[-1] == {
        "field": "selection",
        "start": TEXT.index(PASSAGE),
        "end": len(TEXT),
    }


def test_editor_adds_a_missed_round_with_the_keyboard_alone(editor_page):
    page = editor_page
    article = ArticleFactory(text=TEXT, title="Health news of the week")

    page.goto(f"/articles/{article.pk}/")
    page.locator("#id_quote").focus()
    page.keyboard.type(PASSAGE.replace("closed a", "closed  a"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_contain_text("Quorva Diagnostics")
    expect(page.locator("#id_amount")).to_have_value("EUR 4M")
