from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User

from rounds.models import (
    Article,
    Company,
    FundingRound,
    Investment,
    Investor,
    RoundProposal,
    RoundSource,
    SavedSearch,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def group(self, create: bool, name: str | None, **kwargs: object) -> None:
        if create and name:
            self.groups.add(Group.objects.get(name=name))


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")


class InvestorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Investor

    name = factory.Sequence(lambda n: f"Investor {n}")


class FundingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingRound

    company = factory.SubFactory(CompanyFactory)
    round_type = "series_a"
    amount = Decimal("10000000")
    currency = "USD"
    amount_qualifier = "exact"
    announced_on = dt.date(2024, 3, 1)


class InvestmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Investment

    round = factory.SubFactory(FundingRoundFactory)
    investor = factory.SubFactory(InvestorFactory)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    url = factory.Sequence(lambda n: f"https://news.example/story-{n}")
    title = factory.Sequence(lambda n: f"Story {n}")
    text = factory.Sequence(
        lambda n: f"Invented story number {n} about a funding round."
    )
    content_hash = factory.LazyAttribute(
        lambda article: Article.hash_text(article.text)
    )


class RoundProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundProposal

    article = factory.SubFactory(ArticleFactory)
    fingerprint = factory.Sequence(lambda n: f"company-{n}|series_a|10000000")
    candidate = factory.LazyAttribute(
        lambda proposal: {"company": proposal.fingerprint.split("|")[0]}
    )
    confidence = 0.8


class RoundSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundSource

    round = factory.SubFactory(FundingRoundFactory)
    article = factory.SubFactory(ArticleFactory)


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedSearch

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Search {n}")
    query = factory.Sequence(lambda n: f"q=company+{n}")
