"""Views of the agency area (/marketplace/agency/): registration, account, bidding, service."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django.template.response import TemplateResponse


def add_service_errors(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on ``form``: on its fields where named, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, [m for e in errors for m in e.messages])
    else:
        form.add_error(None, exc.messages)


def render(request: HttpRequest, template: str, title: str, nav: str = "", *, status: int = 200,
           **context) -> TemplateResponse:
    """A page of the agency area: ``title`` heads it, ``nav`` marks its menu entry."""
    context.setdefault("agency", getattr(request, "agency", None))
    return TemplateResponse(request, f"marketplace/agency/{template}", {"title": title, "nav": nav, **context},
                            status=status)
