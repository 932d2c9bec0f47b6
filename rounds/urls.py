from __future__ import annotations

from django.urls import path, register_converter

from rounds.views import (
    account,
    articles,
    deals,
    directory,
    exports,
    ingestion,
    review,
    watchlists,
)


class UnicodeSlugConverter:
    """A slug in any script ("зорвекс-роботикс"), as companies and investors have."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "rounds"

urlpatterns = [
    path("", deals.deal_list, name="deal-list"),
    path("deals.csv", exports.deal_export_csv, name="deal-export-csv"),
    path("api/deals/", exports.deal_api, name="deal-api"),
    path("leads/", deals.lead_table, name="lead-table"),
    path("settings/density/", deals.table_density, name="table-density"),
    path(
        "investors/autocomplete/",
        directory.investor_autocomplete,
        name="investor-autocomplete",
    ),
    path("investors/<uslug:slug>/", directory.investor_detail, name="investor-detail"),
    path(
        "companies/autocomplete/",
        directory.company_autocomplete,
        name="company-autocomplete",
    ),
    path("companies/<uslug:slug>/", directory.company_detail, name="company-detail"),
    path("rounds/<int:pk>/", directory.round_detail, name="round-detail"),
    path("rounds/<int:pk>/correct/", directory.round_correct, name="round-correct"),
    path(
        "rounds/<int:pk>/evidence/<str:field>/",
        directory.round_evidence,
        name="round-evidence",
    ),
    path("settings/tokens/", account.token_list, name="token-list"),
    path("settings/tokens/<int:pk>/revoke/", account.token_revoke, name="token-revoke"),
    path("saved/", watchlists.saved_search_list, name="saved-search-list"),
    path("saved/new/", watchlists.saved_search_save, name="saved-search-save"),
    path("saved/<int:pk>/", watchlists.saved_search_update, name="saved-search-update"),
    path(
        "saved/<int:pk>/delete/",
        watchlists.saved_search_delete,
        name="saved-search-delete",
    ),
    path(
        "saved/<int:pk>/feed/<str:key>/",
        watchlists.saved_search_feed,
        name="saved-search-feed",
    ),
    path("saved/feed-key/", watchlists.feed_key_regenerate, name="feed-key-regenerate"),
    path("ingestion/", ingestion.ingestion, name="ingestion"),
    path("ingestion/url/", ingestion.ingest_url, name="ingest-url"),
    path("ingestion/text/", ingestion.ingest_text, name="ingest-text"),
    path("ingestion/file/", ingestion.ingest_file, name="ingest-file"),
    path("ingestion/feeds/", ingestion.feed_add, name="feed-add"),
    path("ingestion/feeds/<int:pk>/poll/", ingestion.feed_poll, name="feed-poll"),
    path(
        "ingestion/articles/<int:pk>/retry/",
        ingestion.article_retry,
        name="article-retry",
    ),
    path("articles/<int:pk>/", articles.article_detail, name="article-detail"),
    path(
        "articles/<int:pk>/rounds/",
        articles.article_add_round,
        name="article-add-round",
    ),
    path("review/", review.proposal_list, name="proposal-list"),
    path("review/next/", review.proposal_next, name="proposal-next"),
    path("review/stats/", review.review_stats, name="review-stats"),
    path("review/reject/", review.proposal_bulk_reject, name="proposal-bulk-reject"),
    path("review/approve/", review.proposal_bulk_approve, name="proposal-bulk-approve"),
    path("review/money/", review.money_preview, name="proposal-money"),
    path("review/<int:pk>/", review.proposal_detail, name="proposal-detail"),
    path(
        "review/<int:pk>/approve/",
        review.proposal_approve,
        name="proposal-approve",
    ),
    path("review/<int:pk>/merge/", review.proposal_merge, name="proposal-merge"),
    path("review/<int:pk>/correct/", review.proposal_correct, name="proposal-correct"),
    path("review/<int:pk>/reject/", review.proposal_reject, name="proposal-reject"),
    path("review/<int:pk>/undo/", review.proposal_undo, name="proposal-undo"),
]
