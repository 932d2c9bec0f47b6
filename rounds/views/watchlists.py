"""An analyst's saved searches: saving a filter, renaming, digests, deleting, the feed key."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from rounds.http import HtmxHttpRequest
from rounds.models import SavedSearch
from rounds.watchlists import forms, searches
from rounds.watchlists.feeds import SavedSearchFeed

VIEW_DEALS = "rounds.view_fundinground"


def _taken(name: str) -> str:
    return f"You have a search named “{name}” already: choose another name."


@require_GET
@permission_required(VIEW_DEALS, raise_exception=True)
@never_cache  # the page shows the secret feed addresses
def saved_search_list(request: HttpRequest) -> HttpResponse:
    key = searches.feed_key_of(request.user)
    rows = [
        (
            search,
            forms.SearchSettingsForm(
                initial={"name": search.name, "digest": search.digest},
                prefix=f"s{search.pk}",
            ),
            searches.feed_url(search, key),
        )
        for search in SavedSearch.objects.filter(user=request.user)
    ]
    context = {"rows": rows, "key": key, "tab": "saved"}
    return render(request, "rounds/savedsearch_list.html", context)


@require_POST
@permission_required(VIEW_DEALS, raise_exception=True)
def saved_search_save(request: HtmxHttpRequest) -> HttpResponse:
    form = forms.SaveSearchForm(request.POST, prefix="save")
    search = None
    if form.is_valid():
        try:
            search, created = searches.save_search(request.user, **form.cleaned_data)
        except searches.NameTaken:
            form.add_error("name", _taken(form.cleaned_data["name"]))
    if request.htmx:
        key = searches.feed_key_of(request.user) if search else None
        context = {
            "save_form": form,
            "saved": search,
            "feed_url": search and searches.feed_url(search, key),
        }
        return render(request, "rounds/_save_search.html", context)
    if search is None:
        messages.error(
            request, " ".join(e for errors in form.errors.values() for e in errors)
        )
    else:
        messages.success(
            request, f"Saved as “{search.name}”: its new rounds come in its feed."
        )
    return redirect("rounds:saved-search-list")


@require_POST
@permission_required(VIEW_DEALS, raise_exception=True)
def saved_search_update(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    form = forms.SearchSettingsForm(request.POST, prefix=f"s{search.pk}")
    if not form.is_valid():
        messages.error(
            request, " ".join(e for errors in form.errors.values() for e in errors)
        )
        return redirect("rounds:saved-search-list")
    try:
        searches.update_search(search, **form.cleaned_data)
    except searches.NameTaken:
        messages.error(request, _taken(form.cleaned_data["name"]))
    else:
        messages.success(request, f"“{search.name}” is saved.")
    return redirect("rounds:saved-search-list")


@require_POST
@permission_required(VIEW_DEALS, raise_exception=True)
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    search.delete()
    messages.success(request, f"“{search.name}” is deleted, and its feed with it.")
    return redirect("rounds:saved-search-list")


@require_POST
@permission_required(VIEW_DEALS, raise_exception=True)
def feed_key_regenerate(request: HttpRequest) -> HttpResponse:
    searches.regenerate_feed_key(request.user)
    messages.success(
        request, "Your feeds have new addresses: the old ones no longer work."
    )
    return redirect("rounds:saved-search-list")


# No session: the secret in the address is the feed reader's key.
saved_search_feed = login_not_required(require_GET(SavedSearchFeed()))
