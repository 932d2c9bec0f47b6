"""The Atom feed of a saved search's new rounds, read by feed readers through a secret address."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from rounds.models import FundingRound, SavedSearch
from rounds.watchlists import searches

FEED_ROUNDS = 50


class SavedSearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, pk: int, key: str) -> SavedSearch:
        search = searches.search_for_feed(pk, key)
        if search is None:
            raise Http404("No feed has this address.")
        return search

    def title(self, search: SavedSearch) -> str:
        return f"Dealflow: {search.name}"

    def subtitle(self, search: SavedSearch) -> str:
        return (
            f"The latest funding rounds added to Dealflow that match “{search.name}”."
        )

    def link(self, search: SavedSearch) -> str:
        return searches.deals_url(search)

    def items(self, search: SavedSearch) -> list[FundingRound]:
        return searches.newest_rounds(search, FEED_ROUNDS)

    def item_title(self, round: FundingRound) -> str:
        return f"{round.company.name}: {round.get_round_type_display()}"

    def item_description(self, round: FundingRound) -> str:
        return searches.round_summary(round)

    def item_link(self, round: FundingRound) -> str:
        return reverse("rounds:round-detail", args=[round.pk])

    def item_pubdate(self, round: FundingRound) -> dt.datetime:
        return round.created_at

    def item_updateddate(self, round: FundingRound) -> dt.datetime:
        return round.updated_at
