"""Every page of the app asks for a login first; the API answers 401 in JSON instead."""

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
# Programs' endpoints: without credentials they answer 401 in JSON, never the login page; the old
# address of the deals' JSON sends its callers to the API the same way.
API = {
    "api:schema", "api:round-list", "api:round-detail", "api:company-list",
    "api:company-detail", "api:investor-list", "api:investor-detail", "api:sector-list",
    "api:sector-detail", "rounds:deal-api",
}  # fmt: skip
# Feed readers have no session: a secret key in the address opens these, and a wrong one is a 404.
SECRET_ADDRESSES = {"rounds:saved-search-feed"}


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
            isinstance(pattern, URLPattern) and pattern.name and not _arguments(pattern)
        ):
            yield f"{namespace}{pattern.name}"


def _arguments(pattern: URLPattern) -> dict[str, object]:
    """Sample values of the arguments of a URL: path converters, or a regex's named groups."""
    if pattern.pattern.converters:
        return {
            name: SAMPLE_VALUES[type(converter).__name__]
            for name, converter in pattern.pattern.converters.items()
        }
    return {name: REGEX_SAMPLES[name] for name in pattern.pattern.regex.groupindex}


# Sample values for the path converters of URLs that take arguments:
SAMPLE_VALUES = {
    "SlugConverter": "any-slug",
    "UnicodeSlugConverter": "any-slug",
    "IntConverter": 1,
    "StringConverter": "any",
    "PathConverter": "any/path",
    "UUIDConverter": "12345678-1234-5678-1234-567812345678",
}
# and for the named groups of regex URLs (the API's router):
REGEX_SAMPLES = {"pk": 1, "slug": "any-slug"}


def app_urls_with_arguments(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from app_urls_with_arguments(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and _arguments(pattern):
            yield f"{namespace}{pattern.name}", _arguments(pattern)


@pytest.mark.parametrize(
    "name", sorted(set(app_url_names()) - PUBLIC - API - SECRET_ADDRESSES)
)
def test_page_redirects_anonymous_users_to_login(client, name):
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "kwargs"),
    sorted(
        (
            item
            for item in app_urls_with_arguments()
            if item[0] not in PUBLIC | API | SECRET_ADDRESSES
        ),
        key=lambda item: item[0],
    ),
)
def test_page_with_arguments_redirects_anonymous_users_to_login(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def _every_app_url(names=None):
    for name in sorted(set(app_url_names()) - PUBLIC):
        if name in (names or set(app_url_names()) - API - SECRET_ADDRESSES):
            yield reverse(name)
    for name, kwargs in sorted(app_urls_with_arguments(), key=lambda item: item[0]):
        if name not in PUBLIC and name in (names or {name} - API - SECRET_ADDRESSES):
            yield reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("url", list(_every_app_url()))
def test_post_to_any_url_redirects_anonymous_users_to_login(client, url):
    # POST-only actions (approve, reject, ingest, retry, poll, log out) included:
    response = client.post(url, {"url": "https://news.example/a", "text": "x"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", list(_every_app_url(SECRET_ADDRESSES)))
def test_secret_addresses_answer_anonymous_calls_with_a_wrong_key_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", list(_every_app_url(API - {"rounds:deal-api"})))
@pytest.mark.parametrize("method", ["get", "post"])
def test_api_answers_anonymous_calls_401_in_json(client, url, method):
    response = getattr(client, method)(url)

    assert response.status_code == 401
    assert response["Content-Type"].split(";")[0] in {
        "application/json",
        "application/vnd.oai.openapi+json",  # the schema's own type
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {
        "detail": "Authentication credentials were not provided."
    }


def test_old_json_address_sends_anonymous_callers_to_the_api(client):
    response = client.get(reverse("rounds:deal-api") + "?lead=x")

    assert response.status_code == 301
    assert response.url == reverse("api:round-list") + "?lead=x"


def test_every_api_endpoint_is_listed():
    names = set(app_url_names()) | {name for name, _ in app_urls_with_arguments()}

    assert {name for name in names if name.startswith("api:")} - API == {"api:docs"}


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
