from __future__ import annotations

from django.urls import path

from rounds import views

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
]
