"""E-mail digests of saved searches: the rounds added since the last one, one mail per user."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from rounds.enums import DigestFrequency
from rounds.models import FundingRound, SavedSearch
from rounds.watchlists.searches import (
    deals_url,
    matching_rounds,
    round_summary,
    with_leads,
)

logger = logging.getLogger(__name__)

# A digest lists this many rounds of each search, then links to the rest:
DIGEST_ROUNDS = 20


def send_digests(frequency: DigestFrequency) -> int:
    """Mail each user the rounds added since their last digest to their searches of `frequency`.

    Steps, for each user with such a search and an e-mail address:
    1. lock their searches of that frequency, so a second run at the same time waits for this one;
    2. find each search's rounds created after its watermark;
    3. send one mail for all of them, then move each watermark to the newest round it mailed.
    A run that fails before committing keeps the watermarks, so the next run sends again; a run
    after a complete one finds nothing new and sends nothing. Returns how many mails were sent.
    """
    searches = SavedSearch.objects.filter(
        digest=frequency, user__is_active=True
    ).exclude(user__email="")
    user_ids = list(searches.values_list("user", flat=True).distinct().order_by())
    sent = 0
    for user_id in user_ids:
        with transaction.atomic():
            locked = (
                searches.filter(user=user_id)
                .select_for_update(of=("self",))
                .select_related("user")
            )
            sections = [(search, _unmailed(search)) for search in locked]
            sections = [(search, rounds) for search, rounds in sections if rounds]
            if not sections:
                continue
            _mail(sections)
            for search, rounds in sections:
                search.digested_until = rounds[0].created_at
                search.save(update_fields=["digested_until"])
        sent += 1
    return sent


def _unmailed(search: SavedSearch) -> list[FundingRound]:
    """The newest rounds created after the watermark, one more than a digest lists."""
    rounds = matching_rounds(search).filter(created_at__gt=search.digested_until)
    return list(with_leads(rounds).order_by("-created_at", "-id")[: DIGEST_ROUNDS + 1])


def _mail(sections: list[tuple[SavedSearch, list[FundingRound]]]) -> None:
    user = sections[0][0].user
    site = settings.SITE_URL.rstrip("/")
    listed = [(search, rounds[:DIGEST_ROUNDS], rounds) for search, rounds in sections]
    context = {
        "sections": [
            {
                "name": search.name,
                "url": site + deals_url(search),
                "more": len(rounds) > len(shown),
                "rounds": [
                    {
                        "company": round.company.name,
                        "summary": round_summary(round),
                        "url": site + reverse("rounds:round-detail", args=[round.pk]),
                    }
                    for round in shown
                ],
            }
            for search, shown, rounds in listed
        ],
        "settings_url": site + reverse("rounds:saved-search-list"),
    }
    count = sum(len(shown) for _, shown, _ in listed)
    names = ", ".join(search.name for search, _ in sections)
    subject = f"Dealflow: {count} new round{'s' if count != 1 else ''} for {names}"
    send_mail(
        subject=subject[:200],
        message=render_to_string("rounds/email/digest.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
    logger.info("digest of %s rounds sent to user %s", count, user.pk)
