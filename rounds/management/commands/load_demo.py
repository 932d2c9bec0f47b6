from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError

from rounds.demo.loading import ingest_demo_articles, load_demo_data

# Development only: the command refuses to run unless DEBUG is on.
DEMO_USERS = [
    ("admin", "dealflow-admin", None),
    ("editor", "dealflow-editor", "Editors"),
    ("analyst", "dealflow-analyst", "Analysts"),
]


class Command(BaseCommand):
    help = "Create the demo users (admin, editor, analyst) and load the demo deals. DEBUG only."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates users with known passwords: it runs only with DEBUG on."
            )
        for username, password, group in DEMO_USERS:
            user, is_new = User.objects.get_or_create(username=username)
            if is_new:
                user.set_password(password)
                user.is_staff = user.is_superuser = group is None
                user.save()
                if group:
                    user.groups.add(Group.objects.get(name=group))
            self.stdout.write(
                f"  user {username:<8} password {password}"
                + ("" if is_new else "  (existing)")
            )
        created = load_demo_data()
        self.stdout.write(
            "Demo data: {companies} companies, {investors} investors, {rounds} rounds created.".format(
                **created
            )
        )
        news = ingest_demo_articles(editor=User.objects.get(username="editor"))
        self.stdout.write(
            self.style.SUCCESS(
                "Demo news: {articles} stories ingested; the editor approved {approved} proposals "
                "and merged {merged}; {waiting} wait for review.".format(**news)
            )
        )
