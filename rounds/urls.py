from __future__ import annotations

from django.urls import path

from rounds import views, views_ingestion, views_review

app_name = "rounds"

urlpatterns = [
    path("", views.deal_list, name="deal-list"),
    path("deals.csv", views.deal_export_csv, name="deal-export-csv"),
    path("api/deals/", views.deal_api, name="deal-api"),
    path("leads/", views.lead_table, name="lead-table"),
    path(
        "investors/autocomplete/",
        views.investor_autocomplete,
        name="investor-autocomplete",
    ),
    path("investors/<slug:slug>/", views.investor_detail, name="investor-detail"),
    path(
        "companies/autocomplete/",
        views.company_autocomplete,
        name="company-autocomplete",
    ),
    path("companies/<slug:slug>/", views.company_detail, name="company-detail"),
    path("ingestion/", views_ingestion.ingestion, name="ingestion"),
    path("ingestion/url/", views_ingestion.ingest_url, name="ingest-url"),
    path("ingestion/text/", views_ingestion.ingest_text, name="ingest-text"),
    path("ingestion/file/", views_ingestion.ingest_file, name="ingest-file"),
    path("ingestion/feeds/", views_ingestion.feed_add, name="feed-add"),
    path("ingestion/feeds/<int:pk>/poll/", views_ingestion.feed_poll, name="feed-poll"),
    path(
        "ingestion/articles/<int:pk>/retry/",
        views_ingestion.article_retry,
        name="article-retry",
    ),
    path("review/", views_review.proposal_list, name="proposal-list"),
    path("review/next/", views_review.proposal_next, name="proposal-next"),
    path(
        "review/reject/", views_review.proposal_bulk_reject, name="proposal-bulk-reject"
    ),
    path("review/money/", views_review.money_preview, name="proposal-money"),
    path("review/<int:pk>/", views_review.proposal_detail, name="proposal-detail"),
    path(
        "review/<int:pk>/approve/",
        views_review.proposal_approve,
        name="proposal-approve",
    ),
    path("review/<int:pk>/merge/", views_review.proposal_merge, name="proposal-merge"),
    path(
        "review/<int:pk>/reject/", views_review.proposal_reject, name="proposal-reject"
    ),
]
