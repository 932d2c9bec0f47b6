"""In Chromium: no payload of the hostile article runs on any page, the admin's included, and no
page breaks the Content-Security-Policy (so the admin needs no exemption)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import CompanyFactory
from tests.security.hostile import make_hostile
from tests.security.test_hostile_input import _admin_urls, _pages

pytestmark = pytest.mark.django_db(transaction=True)

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def staff_page(open_page, staff):
    page = open_page(staff, init_script=WATCH)
    page.dialogs = []
    page.on(
        "dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss())
    )
    return page


def _visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("load")
    # Focus and hover run the handlers a payload could have attached:
    page.keyboard.press("Tab")
    page.mouse.move(200, 300)
    return (
        response.status,
        page.evaluate("window.__pwned === undefined ? null : String(window.__pwned)"),
        page.evaluate("window.__violations"),
    )


def test_no_hostile_script_runs_and_no_page_breaks_the_policy(staff_page, editor):
    hostile = make_hostile(editor)
    urls = {
        name: url
        for name, url in _pages(hostile).items()
        if not name.startswith(
            (
                "rounds:ingest-",
                "rounds:feed-",
                "rounds:article-retry",
                "rounds:article-add",
            )
        )
        and not name.endswith(("-approve", "-merge", "-reject", "-undo", "-correct"))
    }
    urls |= {f"admin {name}": url for name, url in _admin_urls(hostile).items()}
    urls["admin index"] = reverse("admin:index")

    results = {name: _visit(staff_page, url) for name, url in urls.items()}

    assert results == {name: (200, None, []) for name in urls}
    assert staff_page.dialogs == []


def test_htmx_swaps_keep_hostile_text_inert(staff_page, editor):
    make_hostile(editor)
    staff_page.goto("/")

    staff_page.locator("#id_q").fill("HYPERLINK")
    staff_page.wait_for_url("**q=HYPERLINK**")
    staff_page.wait_for_function(
        "document.querySelectorAll('#deal-table tbody tr').length === 1"
    )

    company = staff_page.locator("#deal-table td.company").first.inner_text()
    assert company.startswith('=HYPERLINK("https://evil.example/","Acme")<script>')
    assert staff_page.evaluate("window.__pwned === undefined")
    assert staff_page.evaluate("window.__violations") == []
    assert staff_page.dialogs == []


def test_admin_forms_work_under_the_policy(staff_page, editor):
    # The admin's own scripts (inlines, autocomplete, calendars) load from static files:
    hostile = make_hostile(editor)
    staff_page.goto(
        reverse("admin:rounds_fundinground_change", args=[hostile.round.pk])
    )

    staff_page.locator(".add-row a").first.click()
    staff_page.locator(".datetimeshortcuts a").first.click()

    assert staff_page.locator("#investments-group tr.form-row").count() >= 2
    assert staff_page.locator("#id_announced_on").input_value() != ""
    assert staff_page.evaluate("window.__violations") == []


def test_admin_merge_confirmation_works_under_the_policy(staff_page, editor):
    hostile = make_hostile(editor)
    CompanyFactory(name="Acme duplicate")
    staff_page.goto(reverse("admin:rounds_company_changelist"))

    staff_page.locator("#action-toggle").check()
    staff_page.locator("select[name=action]").select_option("merge_selected")
    staff_page.locator("button[name=index]").click()
    staff_page.wait_for_load_state("load")

    assert "Merge companies" in staff_page.content()
    assert hostile.company.name in staff_page.locator("#content").inner_text()
    assert staff_page.evaluate("window.__pwned === undefined")
    assert staff_page.evaluate("window.__violations") == []
