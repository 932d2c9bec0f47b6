"""Accounts: login throttling (django-axes, the admin's login too), password change, cookies."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _log_in(client, user, password, url_name="login"):
    return client.post(
        reverse(url_name), {"username": user.username, "password": password}
    )


def test_login_throttle_locks_after_the_configured_failures(client, analyst):
    limit = settings.AXES_FAILURE_LIMIT

    before = [_log_in(client, analyst, "wrong").status_code for _ in range(limit - 1)]
    locking = _log_in(client, analyst, "wrong")
    right_password = _log_in(client, analyst, PASSWORD)

    assert before == [200] * (limit - 1)
    assert (locking.status_code, right_password.status_code) == (429, 429)
    assert "_auth_user_id" not in client.session
    assert "Too many failed logins" in right_password.content.decode()
    assert (
        f"After {limit} wrong passwords, this account cannot log in from here for 15 minutes."
        in right_password.content.decode()
    )


def test_lockout_ends_after_the_cool_off(client, analyst):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, analyst, "wrong")
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC)
        - settings.AXES_COOLOFF_TIME
        - dt.timedelta(seconds=1)
    )

    response = _log_in(client, analyst, PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("rounds:deal-list")


def test_admin_login_is_throttled_too(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, staff, "wrong", "admin:login")

    response = _log_in(client, staff, PASSWORD, "admin:login")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_users_failures_do_not_lock_another_user(client, analyst):
    other = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, analyst, "wrong")

    assert _log_in(client, other, PASSWORD).status_code == 302


def test_throttle_settings_come_from_the_environment_with_a_cool_off():
    # The default cool-off of django-axes is "locked until an admin resets it":
    assert dt.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_password_change_page_is_styled_like_the_app_and_works(client, analyst):
    client.force_login(analyst)

    page = client.get(reverse("password_change"))
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a much longer new secret 42",
            "new_password2": "a much longer new secret 42",
        },
    )
    done = client.get(reverse("password_change_done"))

    assert 'class="topbar"' in page.content.decode()
    assert "Change your password" in page.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert "Password changed" in done.content.decode()
    analyst.refresh_from_db()
    assert analyst.check_password("a much longer new secret 42")


def test_password_change_refuses_a_wrong_old_password(client, analyst):
    client.force_login(analyst)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a much longer new secret 42",
            "new_password2": "a much longer new secret 42",
        },
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()


def test_no_password_reset_by_email():
    from django.urls import NoReverseMatch  # noqa: PLC0415 -- only this test needs it

    with pytest.raises(NoReverseMatch):
        reverse("password_reset")


def test_cookies_are_http_only_and_same_site():
    assert (settings.SESSION_COOKIE_HTTPONLY, settings.CSRF_COOKIE_HTTPONLY) == (
        True,
        True,
    )
    assert (settings.SESSION_COOKIE_SAMESITE, settings.CSRF_COOKIE_SAMESITE) == (
        "Lax",
        "Lax",
    )


def test_every_page_links_to_the_password_change(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("rounds:deal-list"))

    assert f'href="{reverse("password_change")}"' in response.content.decode()
