from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from rounds.api import views
from rounds.views import api_docs

app_name = "api"

router = SimpleRouter()
router.register("rounds", views.RoundViewSet, basename="round")
router.register("companies", views.CompanyViewSet, basename="company")
router.register("investors", views.InvestorViewSet, basename="investor")
router.register("sectors", views.SectorViewSet, basename="sector")

urlpatterns = [
    path("", api_docs.api_docs, name="docs"),
    path(
        "schema/",
        login_not_required(SpectacularJSONAPIView.as_view()),
        name="schema",
    ),
    *router.urls,
]
