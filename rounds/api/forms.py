from __future__ import annotations

from typing import Any

from django import forms

from rounds.models import ApiToken

MAX_ACTIVE_TOKENS = 10


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="What is it for?",
        max_length=100,
        help_text="For instance “Weekly report script”. You see it in this list only.",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        if (
            ApiToken.objects.active().filter(user=self.user).count()
            >= MAX_ACTIVE_TOKENS
        ):
            raise forms.ValidationError(
                f"You have {MAX_ACTIVE_TOKENS} tokens in use, the most one person may have: "
                "revoke one you no longer need first."
            )
        return super().clean()
