"""The fetcher refuses every address class of design.md "Fetching safely" after a redirect too.

tests/rounds/test_fetching.py checks each class on the first request and a private address and
DNS rebinding after a redirect; here every class is reached through a redirect from a real local
server, by a name (fake resolver) and by a literal address. Loopback itself is where the local
server runs, so tests/rounds/test_fetching.py checks that class with loopback refused.
"""

from __future__ import annotations

import ipaddress

import pytest

from rounds.ingestion.fetching import PermanentFetchError, fetch
from tests.rounds.ingestion import test_fetching
from tests.rounds.ingestion.test_fetching import BLOCKED, FakeResolver

# The local news site and the guard that refuses any connection but loopback (autouse):
site = test_fetching.site
connections = test_fetching.connections

THROUGH_REDIRECT = [(a, label) for a, label in BLOCKED if label != "a loopback address"]


@pytest.mark.parametrize(("address", "label"), THROUGH_REDIRECT)
def test_redirect_to_a_name_in_each_non_public_class_is_refused(
    site, connections, address, label
):
    resolver = FakeResolver({"inside.example.test": [address]})

    with pytest.raises(PermanentFetchError) as error:
        fetch(site.url("/go?to=http://inside.example.test/admin"), resolver=resolver)

    shown = ipaddress.ip_address(address)
    assert (
        error.value.reason
        == f"Refused: inside.example.test resolves to {shown}, {label}."
    )
    assert connections == [("127.0.0.1", site.port)]


@pytest.mark.parametrize(("address", "label"), THROUGH_REDIRECT)
def test_redirect_to_a_literal_address_in_each_non_public_class_is_refused(
    site, connections, address, label
):
    host = f"[{address}]" if ":" in address else address

    with pytest.raises(PermanentFetchError, match="Refused"):
        fetch(site.url(f"/go?to=http://{host}/latest/meta-data/"))

    assert connections == [("127.0.0.1", site.port)]


@pytest.mark.parametrize(
    "spelling",
    ["167772165", "0xa000005", "012.0.0.05", "10.5", "0x0a.0x00.0x00.0x05"],
    ids=["decimal", "hex", "octal", "short", "dotted-hex"],
)
def test_redirect_to_a_numeric_spelling_of_a_private_address_is_refused(
    site, connections, spelling
):
    # Each is 10.0.0.5 to a C resolver (inet_aton):
    with pytest.raises(PermanentFetchError, match="Refused"):
        fetch(site.url(f"/go?to=http://{spelling}/"))

    assert connections == [("127.0.0.1", site.port)]
