"""Two editors approving at once: pairs of proposals that name the same new company, approved by
two editor sessions at the same instant through gunicorn as shipped, on PostgreSQL
(python -m benchmarks.approval_race --pairs 50).

Half the pairs spell the company alike, half differ by a legal suffix ("X Robotics" and
"X Robotics Inc."); a third of the names are in Cyrillic. Prints the HTTP answers and how many
pairs ended on one company.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
from collections import Counter

import httpx

from benchmarks.stack import Stack, fresh_database

SUFFIXES = ("", " Inc.")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=50, help="of each kind")
    parser.add_argument(
        "--database", default="dealflow_bench_race", help="dropped and created again"
    )
    args = parser.parse_args()
    stack = Stack(fresh_database(args.database))
    try:
        stack.setup_django()
        stack.web()
        return _run(stack, args.pairs)
    finally:
        stack.stop()


def _company(n: int) -> str:
    """A made-up name of two words unlike every other pair's (review holds back a new name
    close to a stored one until the editor chooses), in Cyrillic for a third of the pairs."""
    rng = random.Random(n)
    letters = "абвгдежзиклмнопрстуфхц" if n % 3 == 0 else "abcdefghiklmnoprstuvwz"
    return " ".join(
        "".join(rng.choice(letters) for _ in range(rng.randint(6, 9))).capitalize()
        for _ in range(2)
    )


def _proposal(company: str, n: int, side: int):  # noqa: ANN202 -- a RoundProposal
    """A proposal as the pipeline stores it, for a candidate that names `company`."""
    from decimal import Decimal

    from rounds.extraction import RoundCandidate
    from rounds.ingestion import matching, pipeline

    article, _ = pipeline.store_text(
        f"{company} raised ${n + 5} million (story {n}-{side})."
    )
    candidate = RoundCandidate(
        company=company,
        round_type="series_a",
        amount=Decimal(n + 5) * 10**6,
        currency="USD",
        amount_qualifier="exact",
        lead_investors=("Harbor Lane Ventures",),
    )
    [proposal] = matching.propose_rounds(article, [candidate])
    return proposal


def _form(proposal) -> dict[str, str]:  # noqa: ANN001 -- a RoundProposal
    draft = proposal.draft()
    data = {
        "company_name": draft.company_name,
        "company_choice": "",
        "round_type": draft.round_type,
        "round_label": draft.round_label,
        "status": draft.status,
        "amount": f"{draft.currency} {draft.amount}" if draft.amount else "",
        "currency": draft.currency,
        "amount_qualifier": draft.amount_qualifier,
        "announced_on": draft.announced_on.isoformat() if draft.announced_on else "",
        "date_precision": draft.date_precision,
        "investors-TOTAL_FORMS": str(len(draft.investors)),
        "investors-INITIAL_FORMS": str(len(draft.investors)),
    }
    for i, choice in enumerate(draft.investors):
        data[f"investors-{i}-name"] = choice.name
        if choice.is_lead:
            data[f"investors-{i}-is_lead"] = "on"
    return data


def _editor(stack: Stack, name: str) -> httpx.Client:
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(name, password=f"{name}-password")
    user.groups.add(Group.objects.get(name="Editors"))
    client = httpx.Client(base_url=stack.web_url, timeout=60)
    client.get("/accounts/login/")
    client.post(
        "/accounts/login/",
        data={
            "username": name,
            "password": f"{name}-password",
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
    )
    return client


def _approve_at_once(editors: list[httpx.Client], proposals: list) -> list[int]:
    barrier = threading.Barrier(len(editors))
    codes: list[int] = []

    def approve(client: httpx.Client, proposal) -> None:  # noqa: ANN001
        data = _form(proposal)
        barrier.wait(timeout=30)
        response = client.post(
            f"/review/{proposal.pk}/approve/",
            data=data,
            headers={"X-CSRFToken": client.cookies["csrftoken"]},
        )
        codes.append(response.status_code)

    threads = [
        threading.Thread(target=approve, args=pair)
        for pair in zip(editors, proposals, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def _run(stack: Stack, pairs: int) -> int:
    from rounds.models import Company, FundingRound, Investor

    editors = [_editor(stack, "bench-editor-1"), _editor(stack, "bench-editor-2")]
    answers: Counter[int] = Counter()
    one_company = dict.fromkeys(SUFFIXES, 0)
    for n in range(pairs * len(SUFFIXES)):
        suffix = SUFFIXES[n % len(SUFFIXES)]
        company = _company(n)
        proposals = [_proposal(company, n, 0), _proposal(company + suffix, n, 1)]
        answers.update(_approve_at_once(editors, proposals))
        rows = Company.objects.named(company).count()
        rounds = FundingRound.objects.filter(company__in=Company.objects.named(company))
        one_company[suffix] += rows == 1 and rounds.count() == 2
    print(
        f"{pairs} pairs alike and {pairs} differing by a suffix, two editors at once:"
    )
    print(
        "  HTTP answers: "
        + ", ".join(f"{code}: {n}" for code, n in sorted(answers.items()))
    )
    for suffix, count in one_company.items():
        kind = "alike" if not suffix else f"with “{suffix.strip()}”"
        print(
            f"  {kind}: {count} of {pairs} pairs ended on one company with both rounds"
        )
    companies, investors = Company.objects.count(), Investor.objects.count()
    print(f"  companies stored: {companies} for {pairs * len(SUFFIXES)} names")
    print(f"  investors stored: {investors} (every round names one lead)")
    # An approval answers with where to go next (a redirect), or 200 with what is wrong:
    ok = set(answers) == {302} and all(c == pairs for c in one_company.values())
    return 0 if ok and companies == pairs * len(SUFFIXES) and investors == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
