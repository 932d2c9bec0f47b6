"""A user's own settings: the API tokens they create and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from rounds.api.forms import ApiTokenForm
from rounds.models import ApiToken


@require_http_methods(["GET", "POST"])
@permission_required("rounds.view_fundinground", raise_exception=True)
@never_cache  # the page that shows a new key once must not be kept by any cache
def token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None, user=request.user)
    key = ""
    if form.is_valid():
        token, key = ApiToken.objects.issue(request.user, form.cleaned_data["name"])
        form = ApiTokenForm(user=request.user)
    context = {
        "form": form,
        "key": key,
        "tokens": ApiToken.objects.filter(user=request.user),
        "tab": "tokens",
    }
    return render(request, "rounds/apitoken_list.html", context)


@require_POST
@permission_required("rounds.view_fundinground", raise_exception=True)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not ApiToken.objects.revoke(request.user, pk):
        raise Http404("No token of yours in use has this number.")
    messages.success(request, "The token is revoked: calls made with it are refused.")
    return redirect("rounds:token-list")
