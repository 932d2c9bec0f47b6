from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

# Logging in and out and changing one's password; no reset by e-mail (staff set new passwords
# in the admin), so no page sends mail to an address someone typed.
account_patterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    # Browsers ask for it on every page that names none, such as a CSV or JSON export:
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include(account_patterns)),
    path("api/", include("rounds.api.urls")),
    path("", include("rounds.urls")),
]

# A body too large to read is answered 413 with its page (Django's own handler would say 400):
handler400 = "rounds.views.errors.bad_request"
