"""Access to the agency area: a logged-in user with an agency, and nothing of anyone else's.

Rules:
- an anonymous visitor is sent to the agency login page (``?next=`` back to the page asked for);
- a logged-in user without an agency (a department's staff, an editor) gets 403 with an
  explanation, never another agency's pages;
- the view receives the agency as ``request.agency``; views look records up through it
  (``own_or_404``), so another agency's id answers 404 as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from ..models import Agency


def agency_of(user) -> Agency | None:
    """The agency whose account ``user`` is, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Agency.objects.filter(user=user).first()


def agency_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run ``view`` only for an agency's account; ``request.agency`` is that agency."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("marketplace:agency:login"))
        agency = agency_of(request.user)
        if agency is None:
            return TemplateResponse(request, "marketplace/agency/not_agency.html", {"title": "不是机构账号"},
                                    status=403)
        request.agency = agency
        return view(request, *args, **kwargs)

    return wrapped


def own_or_404(queryset, agency: Agency, *, field: str = "agency", **lookup):
    """The one row of ``queryset`` matching ``lookup`` that belongs to ``agency``; else 404."""
    obj = queryset.filter(**{field: agency}, **lookup).first()
    if obj is None:
        raise Http404("没有找到该记录。")
    return obj
