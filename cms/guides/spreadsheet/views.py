"""Admin views of the guide spreadsheet: export and import."""

from __future__ import annotations

from django.http import HttpResponse
from django.views import View


def export_guides(request) -> HttpResponse:
    raise NotImplementedError


class ImportGuidesView(View):
    pass
