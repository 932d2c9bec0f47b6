from __future__ import annotations

from rest_framework.permissions import DjangoModelPermissions


class CanView(DjangoModelPermissions):
    """Reading needs the model's view permission, as on the analysts' pages (Analysts, Editors).

    Every other method is refused: the API only reads.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }
