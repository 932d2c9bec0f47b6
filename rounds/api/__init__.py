"""The read-only API for programs (Django REST Framework): rounds, companies, investors and
sectors, the deals filter, keyset pages, tokens and throttles; its OpenAPI schema comes from
drf-spectacular."""
