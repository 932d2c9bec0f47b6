from __future__ import annotations

from typing import Any

from django.db.models import Model
from rest_framework.permissions import DjangoModelPermissions

from rounds.models import Company


class CanView(DjangoModelPermissions):
    """Reading needs the model's view permission, as on the analysts' pages (Analysts, Editors).

    Every other method is refused: the API only reads.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class CanViewCompanies(CanView):
    """Sectors are a part of what a company is: whoever reads companies reads them."""

    def get_required_permissions(self, method: str, model_cls: type[Model]) -> Any:
        return super().get_required_permissions(method, Company)
