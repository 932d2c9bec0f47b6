from __future__ import annotations

from django.urls import path

from rounds import views

app_name = "rounds"

urlpatterns = [
    path("", views.deal_list, name="deal-list"),
]
