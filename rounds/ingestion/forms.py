"""Forms of the ingestion page: a URL, pasted text, a file, a feed, and which page of each list."""

from __future__ import annotations

from typing import Any

from django import forms

from rounds.ingestion import pipeline

MAX_PASTE_CHARS = 200_000


class PublicURLField(forms.URLField):
    """A web address, refused when it is given if fetching it would be: not http or https, or
    a host that is, or resolves to, a private, loopback or other non-public address."""

    def clean(self, value: Any) -> str:
        url: str = super().clean(value)
        if url:
            try:
                pipeline.check_given_url(url)
            except pipeline.InvalidURL as refused:
                raise forms.ValidationError(str(refused), code="refused") from None
        return url


class UrlForm(forms.Form):
    url = PublicURLField(
        label="Article URL",
        max_length=2000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://…"}),
    )


class PasteForm(forms.Form):
    title = forms.CharField(max_length=500, required=False)
    # No max_length: its maxlength attribute makes browsers cut a long paste without a word.
    text = forms.CharField(
        label="Article text",
        widget=forms.Textarea(attrs={"rows": 8, "data-max-chars": MAX_PASTE_CHARS}),
        help_text=f"Up to {MAX_PASTE_CHARS:,} characters.",
    )
    published_on = forms.DateField(
        label="Published",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        # Counted as the browser counts it: a line break is one character, not two.
        length = len(text.replace("\r\n", "\n"))
        if length > MAX_PASTE_CHARS:
            raise forms.ValidationError(
                f"The text is {length:,} characters long, {length - MAX_PASTE_CHARS:,} "
                f"more than the {MAX_PASTE_CHARS:,} a paste may hold: paste the article "
                "alone, or upload it as a file."
            )
        if len(text.split()) < 10:
            raise forms.ValidationError(
                "Paste the whole article: this is too short to hold a funding round."
            )
        return text


class UploadForm(forms.Form):
    file = forms.FileField(help_text="A .txt or .html file of at most 5 MB.")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(pipeline.FILE_SUFFIXES):
            raise forms.ValidationError("Only .txt and .html files can be ingested.")
        if upload.size > pipeline.MAX_FILE_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload


class FeedForm(forms.Form):
    url = PublicURLField(label="Feed URL", max_length=2000, assume_scheme="https")
    name = forms.CharField(max_length=200, required=False)
    poll_interval_minutes = forms.IntegerField(
        label="Poll every (minutes)", min_value=5, max_value=10_080, initial=60
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The article URL form on the same page already has id_url; the names stay the same.
        kwargs.setdefault("auto_id", "id_feed_%s")
        super().__init__(*args, **kwargs)


class IngestionPagesForm(forms.Form):
    """Which page of each list the ingestion page shows, and the version the browser has."""

    LISTS = ("failed", "waiting", "feeds", "recent")

    failed_page = forms.IntegerField(min_value=1, required=False)
    waiting_page = forms.IntegerField(min_value=1, required=False)
    feeds_page = forms.IntegerField(min_value=1, required=False)
    recent_page = forms.IntegerField(min_value=1, required=False)
    since = forms.CharField(max_length=200, required=False)

    def _value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None

    def page(self, name: str) -> int:
        return self._value(f"{name}_page") or 1

    def browser_version(self) -> str:
        return self._value("since") or ""

    def current(self) -> dict[str, int]:
        """The page numbers that are not the first, to keep in links and refreshes."""
        return {f"{n}_page": self.page(n) for n in self.LISTS if self.page(n) > 1}
