"""Every page of the app asks for a login first."""

from __future__ import annotations

import pytest
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
)

pytestmark = pytest.mark.django_db

# The one page that must stay reachable without a session, so that people can log in at all
# (there is no password reset by e-mail: staff set new passwords in the admin).
PUBLIC = {"login", "favicon"}


def app_url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from app_url_names(pattern.url_patterns, inner)
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and not pattern.pattern.converters
        ):
            yield f"{namespace}{pattern.name}"


# Sample values for the path converters of URLs that take arguments:
SAMPLE_VALUES = {
    "SlugConverter": "any-slug",
    "UnicodeSlugConverter": "any-slug",
    "IntConverter": 1,
    "StringConverter": "any",
    "PathConverter": "any/path",
    "UUIDConverter": "12345678-1234-5678-1234-567812345678",
}


def app_urls_with_arguments(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from app_urls_with_arguments(pattern.url_patterns, inner)
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and pattern.pattern.converters
        ):
            kwargs = {
                name: SAMPLE_VALUES[type(converter).__name__]
                for name, converter in pattern.pattern.converters.items()
            }
            yield f"{namespace}{pattern.name}", kwargs


@pytest.mark.parametrize("name", sorted(set(app_url_names()) - PUBLIC))
def test_page_redirects_anonymous_users_to_login(client, name):
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "kwargs"),
    sorted(
        (item for item in app_urls_with_arguments() if item[0] not in PUBLIC),
        key=lambda item: item[0],
    ),
)
def test_page_with_arguments_redirects_anonymous_users_to_login(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def _every_app_url():
    for name in sorted(set(app_url_names()) - PUBLIC):
        yield reverse(name)
    for name, kwargs in sorted(app_urls_with_arguments(), key=lambda item: item[0]):
        if name not in PUBLIC:
            yield reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("url", list(_every_app_url()))
def test_post_to_any_url_redirects_anonymous_users_to_login(client, url):
    # POST-only actions (approve, reject, ingest, retry, poll, log out) included:
    response = client.post(url, {"url": "https://news.example/a", "text": "x"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_app_url_enumeration_sees_actions_with_arguments():
    # Guards the enumeration itself: POST-only URLs with an id are among those tested.
    names = {name for name, _ in app_urls_with_arguments()}

    assert {
        "rounds:feed-poll",
        "rounds:article-retry",
        "rounds:company-detail",
    } <= names
    assert {"rounds:ingest-url", "password_change", "logout"} <= set(app_url_names())


ADMIN_SAMPLES = {
    "app_label": "rounds",
    "object_id": "1",
    "content_type_id": 1,
    "url": "x",
}


def admin_urls(patterns=None):
    if patterns is None:
        resolver = next(
            p
            for p in get_resolver().url_patterns
            if isinstance(p, URLResolver) and p.namespace == "admin"
        )
        patterns = resolver.url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from admin_urls(pattern.url_patterns)
        elif pattern.name and pattern.name not in {"login"}:
            kwargs = {
                name: ADMIN_SAMPLES.get(name, "1")
                for name in pattern.pattern.converters
            }
            try:
                yield reverse(f"admin:{pattern.name}", kwargs=kwargs)
            except NoReverseMatch:  # a regex pattern without named groups
                continue


@pytest.mark.parametrize("url", sorted(set(admin_urls())))
def test_every_admin_url_redirects_anonymous_users_to_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith((reverse("login"), reverse("admin:login")))


def test_admin_redirects_anonymous_users_to_login(client):
    response = client.get(reverse("admin:rounds_fundinground_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_public(client):
    assert client.get(reverse("login")).status_code == 200


def test_logging_in_leads_to_the_deals(client, analyst):
    response = client.post(
        reverse("login"),
        {"username": analyst.username, "password": "correct horse battery staple"},
    )

    assert response.status_code == 302
    assert response.url == reverse("rounds:deal-list")
