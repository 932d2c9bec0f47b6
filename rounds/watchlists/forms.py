"""The forms that save, rename and set the digest of a saved search."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.http import QueryDict

from rounds.analytics.filters import deal_filter
from rounds.enums import DigestFrequency
from rounds.models import SavedSearch
from rounds.watchlists.searches import canonical_query

NAME_MAX = SavedSearch._meta.get_field("name").max_length
QUERY_MAX = SavedSearch._meta.get_field("query").max_length


def _printable(name: str) -> None:
    # A name goes into mail subjects, where a line break is refused, and PostgreSQL refuses NUL:
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise forms.ValidationError(
            "A name cannot hold line breaks, tabs or other control characters."
        )


class SearchNameField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label="Name of this search",
            max_length=NAME_MAX,
            validators=[_printable],
            **kwargs,
        )


class SaveSearchForm(forms.Form):
    """Saves the deals page's filter; `query` is its query string, as the page was shown."""

    name = SearchNameField()
    query = forms.CharField(
        required=False, max_length=QUERY_MAX, widget=forms.HiddenInput
    )

    def clean_query(self) -> str:
        data = QueryDict(self.cleaned_data["query"])
        filterset = deal_filter(data)
        if filterset.is_bound and not filterset.is_valid():
            raise forms.ValidationError(
                "This search has filters in error: fix them on the deals page, then save it."
            )
        query = canonical_query(data)
        if len(query) > QUERY_MAX:
            raise forms.ValidationError("This search is too long to save.")
        return query


class SearchSettingsForm(forms.Form):
    name = SearchNameField()
    digest = forms.ChoiceField(
        label="E-mail me new rounds", choices=DigestFrequency.choices
    )
