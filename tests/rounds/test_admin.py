from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.paginator import Paginator
from django.urls import reverse

from rounds.admin import LargeTablePaginator
from rounds.models import (
    ApiToken,
    Company,
    CompanyAlias,
    FeedKey,
    FundingRound,
    Investment,
    Investor,
    InvestorYear,
    LanguageModelAnswer,
    LanguageModelDay,
    LeadRound,
    LeadSummary,
    SavedSearch,
    Sector,
)
from tests.factories import (
    ArticleFactory,
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
    RoundProposalFactory,
)

pytestmark = pytest.mark.django_db

# The language model's records, the investors' summaries and the leads' copies of their
# rounds are the app's (or the database's) to write: no one adds them by hand.
READ_ONLY = {
    LanguageModelAnswer,
    LanguageModelDay,
    InvestorYear,
    LeadSummary,
    LeadRound,
}
# Tokens and saved searches are their users' to create and revoke: staff only look.
VIEW_ONLY = {ApiToken, SavedSearch, FeedKey}


@pytest.fixture
def admin_client_(client, staff):
    client.force_login(staff)
    return client


def rounds_model_admins():
    return [
        model for model in admin.site._registry if model._meta.app_label == "rounds"
    ]


def test_every_rounds_model_has_an_admin_and_its_history_a_page():
    from django.apps import apps

    models = set(apps.get_app_config("rounds").get_models())
    histories = {m for m in models if m.__name__.startswith("Historical")}

    assert set(rounds_model_admins()) == models - histories


@pytest.mark.parametrize("model", rounds_model_admins(), ids=lambda m: m.__name__)
def test_admin_changelist_and_add_pages_render(admin_client_, model):
    InvestmentFactory(is_lead=True)
    RoundProposalFactory()
    info = model._meta.app_label, model._meta.model_name

    changelist = admin_client_.get(
        reverse("admin:{}_{}_changelist".format(*info)), {"q": "a"}
    )
    add = admin_client_.get(reverse("admin:{}_{}_add".format(*info)))

    assert (changelist.status_code, add.status_code) == (
        200,
        403 if model in READ_ONLY | VIEW_ONLY else 200,
    )


def test_api_tokens_are_shown_but_not_changed_in_the_admin(admin_client_, analyst):
    token, key = ApiToken.objects.issue(analyst, "Weekly report")
    url = reverse("admin:rounds_apitoken_change", args=[token.pk])

    page = admin_client_.get(url)
    post = admin_client_.post(url, {"name": "Changed"})
    delete = admin_client_.post(
        reverse("admin:rounds_apitoken_delete", args=[token.pk])
    )

    assert page.status_code == 200
    assert "Weekly report" in page.content.decode()
    assert key not in page.content.decode()
    assert token.key_hash not in page.content.decode()
    assert (post.status_code, delete.status_code) == (403, 403)
    token.refresh_from_db()
    assert token.name == "Weekly report"


def test_round_changelist_queries_do_not_grow_with_rows(
    admin_client_, django_assert_max_num_queries
):
    FundingRoundFactory.create_batch(3)
    url = reverse("admin:rounds_fundinground_changelist")
    with django_assert_max_num_queries(12) as few:
        admin_client_.get(url)
    FundingRoundFactory.create_batch(20)

    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client_.get(url)


def test_round_change_page_says_when_no_ecb_rate_exists(admin_client_):
    round = FundingRoundFactory(currency="NGN")

    response = admin_client_.get(
        reverse("admin:rounds_fundinground_change", args=[round.pk])
    )

    assert "publishes no reference rate for NGN" in response.content.decode()


def test_merge_companies_action_asks_which_to_keep(admin_client_):
    companies = CompanyFactory.create_batch(2)

    response = admin_client_.post(
        reverse("admin:rounds_company_changelist"),
        {"action": "merge_selected", "_selected_action": [c.pk for c in companies]},
    )

    assert response.status_code == 200
    assert response.templates[0].name == "admin/rounds/merge_confirmation.html"
    assert Company.objects.count() == 2


def test_merge_companies_action_merges_into_the_chosen_one(admin_client_):
    first, second = CompanyFactory.create_batch(2)
    round = FundingRoundFactory(company=first)

    admin_client_.post(
        reverse("admin:rounds_company_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [first.pk, second.pk],
            "apply": "1",
            "keep": second.pk,
        },
    )

    round.refresh_from_db()
    assert (list(Company.objects.all()), round.company) == ([second], second)


def test_merge_investors_action_merges_into_the_chosen_one(admin_client_):
    first, second = InvestorFactory.create_batch(2)
    investment = InvestmentFactory(investor=second, is_lead=True)

    admin_client_.post(
        reverse("admin:rounds_investor_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [first.pk, second.pk],
            "apply": "1",
            "keep": first.pk,
        },
    )

    investment.refresh_from_db()
    assert (list(Investor.objects.all()), investment.investor) == ([first], first)


def test_merge_action_needs_two_rows(admin_client_):
    company = CompanyFactory()

    response = admin_client_.post(
        reverse("admin:rounds_company_changelist"),
        {"action": "merge_selected", "_selected_action": [company.pk]},
        follow=True,
    )

    assert "Select at least two to merge." in response.content.decode()


def test_editors_cannot_merge_because_merging_deletes(client, editor):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    companies = CompanyFactory.create_batch(2)

    client.post(
        reverse("admin:rounds_company_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [c.pk for c in companies],
            "apply": "1",
            "keep": companies[0].pk,
        },
    )

    assert Company.objects.count() == 2


def test_article_admin_search_finds_by_url(admin_client_):
    ArticleFactory(url="https://news.example/unique-slug", title="Findable")

    response = admin_client_.get(
        reverse("admin:rounds_article_changelist"), {"q": "unique-slug"}
    )

    assert "Findable" in response.content.decode()


def test_retry_action_requeues_failed_articles_only(
    admin_client_, django_capture_on_commit_callbacks
):
    failed = ArticleFactory(
        url="https://news.example/failed",
        text="",
        content_hash=None,
        status="failed",
        error="404",
    )
    done = ArticleFactory(status="extracted")

    with django_capture_on_commit_callbacks() as callbacks:
        admin_client_.post(
            reverse("admin:rounds_article_changelist"),
            {"action": "retry_failed", "_selected_action": [failed.pk, done.pk]},
        )

    failed.refresh_from_db()
    done.refresh_from_db()
    assert (failed.status, failed.error, done.status, len(callbacks)) == (
        "queued",
        "",
        "extracted",
        1,
    )


def changelist(client, model, **params):
    url = reverse(f"admin:rounds_{model._meta.model_name}_changelist")
    return client.get(url, params)


def test_round_search_finds_rounds_by_a_former_company_name(admin_client_):
    company = CompanyFactory(name="Светлячок Роботикс")
    company.add_alias("Ламповые Системы")
    FundingRoundFactory(company=company, round_label="Series A")
    FundingRoundFactory(round_label="Series Z")

    response = changelist(admin_client_, FundingRound, q="ламповые")

    assert [r.company for r in response.context["cl"].result_list] == [company]


def test_round_search_finds_the_rounds_an_investor_backed_once_each(admin_client_):
    investor = InvestorFactory(name="高瓴资本")
    company = CompanyFactory(name="高瓴 Robotics")
    backed = FundingRoundFactory(company=company)
    InvestmentFactory(round=backed, investor=investor)
    FundingRoundFactory()

    response = changelist(admin_client_, FundingRound, q="高瓴")

    assert list(response.context["cl"].result_list) == [backed]


def test_company_search_finds_by_former_name_and_counts_rounds(admin_client_):
    company = CompanyFactory(name="Zorblex")
    company.add_alias("Старое Имя")
    FundingRoundFactory.create_batch(2, company=company)
    CompanyFactory(name="Другая Компания")

    response = changelist(admin_client_, Company, q="старое")

    [found] = response.context["cl"].result_list
    assert (found, found.round_count) == (company, 2)


def test_investor_search_finds_by_name_in_any_script(admin_client_):
    investor = InvestorFactory(name="Сбер Венчурс")
    InvestorFactory(name="Northwind Capital")

    response = changelist(admin_client_, Investor, q="СБЕР")

    assert list(response.context["cl"].result_list) == [investor]


def test_investment_search_finds_by_company_or_investor(admin_client_):
    by_company = InvestmentFactory(round__company=CompanyFactory(name="Élan Vital"))
    by_investor = InvestmentFactory(investor=InvestorFactory(name="Elan Partners"))
    InvestmentFactory()

    response = changelist(admin_client_, Investment, q="elan")

    assert set(response.context["cl"].result_list) == {by_company, by_investor}


def test_alias_search_folds_case_and_accents(admin_client_):
    company = CompanyFactory(name="Çelik Enerji")

    response = changelist(admin_client_, CompanyAlias, q="CELIK")

    assert [a.company for a in response.context["cl"].result_list] == [company]


def test_changelists_count_filtered_rows_exactly(admin_client_):
    FundingRoundFactory.create_batch(3, status="announced")
    FundingRoundFactory(status="in_progress")

    response = changelist(admin_client_, FundingRound, status__exact="announced")

    assert response.context["cl"].result_count == 3


def test_deep_pages_hold_the_rows_an_offset_would_give():
    for name in ["Ärzte", "Banco", "Ćma", "Дельта", "Echo", "Ζήτα", "高瓴"]:
        CompanyFactory(name=name)
    ordered = Company.objects.order_by("name")
    deep = LargeTablePaginator(ordered, 2)
    deep.DEEP = 1  # every page after the first is found by ids first

    pages = [list(deep.page(n).object_list) for n in deep.page_range]

    assert pages == [list(Paginator(ordered, 2).page(n)) for n in deep.page_range]


def test_company_sectors_are_chosen_with_autocomplete_and_saved(admin_client_):
    company = CompanyFactory(name="Ферма Роботов", website="https://ferma.example")
    robotics = Sector.objects.get(slug="robotics")
    url = reverse("admin:rounds_company_change", args=[company.pk])

    form = admin_client_.get(url).content.decode()
    found = admin_client_.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "rounds",
            "model_name": "company",
            "field_name": "sectors",
            "term": "robot",
        },
    ).json()
    saved = admin_client_.post(
        url,
        {
            "name": company.name,
            "slug": company.slug,
            "website": company.website,
            "country": "",
            "description": "",
            "sectors": [robotics.pk],
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )

    assert 'class="admin-autocomplete' in form
    assert [r["text"] for r in found["results"]] == ["Robotics"]
    assert saved.status_code == 302
    assert list(company.sectors.all()) == [robotics]
