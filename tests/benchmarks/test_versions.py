from __future__ import annotations

import re

from django.conf import settings
from django.db import connection
from django.test import override_settings

from benchmarks.versions import main
from tests.factories import FundingRoundFactory, InvestmentFactory, UserFactory


def test_versions_times_each_server_and_the_cpu_it_spends(
    live_server, transactional_db, on_postgresql, capsys
):
    user = UserFactory(username="bench", is_superuser=True)
    user.set_password("bench-password")
    user.save()
    round = FundingRoundFactory(company__name="Ørbital Works")
    lead = InvestmentFactory(round=round, is_lead=True).investor
    server = f"{live_server.url}/{connection.settings_dict['NAME']}"
    postgres = settings.DATABASES["default"]

    # The live server is plain http, so its cookies must be too:
    with override_settings(SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False):
        code = main(
            [
                "--server", f"one={server}",
                "--server", f"two={server}",
                "--lead", lead.slug,
                "--user", "bench", "--password", "bench-password",
                "--repeat", "2",
                "--postgres", f"postgresql://{postgres['USER']}@{postgres['HOST']}:"
                f"{postgres['PORT']}/postgres",
            ]
        )  # fmt: skip

    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if line.startswith("request "))
    assert header.split() == [
        "request", "one", "wall", "cpu", "two", "wall", "cpu", "Δ", "cpu",
    ]  # fmt: skip
    rows = [line for line in lines if line.startswith(("Deals", "League"))]
    assert len(rows) == 7
    cpu = [[float(n) for n in re.findall(r"\d+\.\d+", row[52:])][2::3] for row in rows]
    # The server's processes were found and measured (a single short request may read as
    # 0.0 ms: Linux brings a running thread's time up to date at its next switch or tick):
    assert sum(one for one, _ in cpu) > 0
    assert sum(two for _, two in cpu) > 0
