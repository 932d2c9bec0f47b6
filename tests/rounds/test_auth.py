from __future__ import annotations

import pytest
from django.contrib.auth import backends as django_backends
from django.contrib.auth.models import Permission, User

from rounds.auth import ModelBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no permission cached on the instance


def test_a_users_permissions_are_its_own_and_its_groups_read_in_one_query(
    groups, django_assert_num_queries
):
    user = UserFactory(group="Analysts")
    user.user_permissions.add(Permission.objects.get(codename="add_feed"))
    user = _fresh(user)

    with django_assert_num_queries(1):
        permissions = ModelBackend().get_all_permissions(user)
        assert user.has_perm("rounds.add_feed")
        assert user.has_perm("rounds.view_fundinground")

    assert permissions == django_backends.ModelBackend().get_all_permissions(
        _fresh(user)
    )
    assert "rounds.add_feed" in permissions
    assert not user.has_perm("rounds.change_fundinground")


def test_a_superuser_has_every_permission_and_an_inactive_user_none(groups):
    superuser = UserFactory(is_superuser=True)
    inactive = UserFactory(group="Editors", is_active=False)

    assert (
        len(ModelBackend().get_all_permissions(superuser)) == Permission.objects.count()
    )
    assert ModelBackend().get_all_permissions(inactive) == set()
