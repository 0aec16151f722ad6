"""Public listings of the service guides: by department, by theme (个人/法人) and A–Z.

Each listing is one paginated query of live guides with their department joined, so the
number of queries per page does not grow with the number of guides.
"""

from __future__ import annotations

import string

from django.db.models import Count, Q
from django.http import Http404
from django.template.response import TemplateResponse

from cms.core.pagination import page_or_404
from cms.departments.models import Department

from .choices import Audience
from .models import GuideFolderPage, ServiceGuideIndexPage, ServiceGuidePage, ServiceTheme

PER_PAGE = 20
LETTERS = list(string.ascii_uppercase)
TABS = {"department": "按部门", "person": "个人办事", "legal": "法人办事", "letter": "按字母"}


def _live_guides():
    return (
        ServiceGuidePage.objects.live().public().select_related("department")
        .only("id", "title", "url_path", "path", "depth", "matter_type", "is_online", "visits",
              "promised_time_limit", "department__name", "department__short_name", "initial", "locale_id")
        .order_by("initial", "title", "id")
    )


def _audience_filter(audience: str) -> Q:
    return Q(audience=audience) | Q(audience=Audience.BOTH)


def guide_index(request, page: ServiceGuideIndexPage):
    """办事指南 home: one tab chosen by ``by`` (department / person / legal / letter)."""
    tab = request.GET.get("by", "department")
    if tab not in TABS:
        tab = "department"
    guides = _live_guides()
    context = {"page": page, "self": page, "tab": tab, "tabs": TABS, "letters": LETTERS, "selected": None}
    if tab == "department":
        slug = request.GET.get("department", "")
        context["departments"] = (
            Department.objects.filter(service_guides__live=True)
            .annotate(guide_count=Count("service_guides", filter=Q(service_guides__live=True)))
            .order_by("order", "name")
        )
        if slug:
            department = Department.objects.filter(slug=slug).first()
            if department is None:
                raise Http404("没有这个部门")
            context["selected"] = department.name
            guides = guides.filter(department=department)
        else:
            guides = guides.none()
    elif tab in ("person", "legal"):
        audience = Audience.PERSON if tab == "person" else Audience.LEGAL
        context["themes"] = ServiceTheme.objects.filter(audience=audience)
        guides = guides.filter(_audience_filter(audience))
        theme_id = request.GET.get("theme", "")
        if theme_id:
            theme = ServiceTheme.objects.filter(audience=audience, pk=theme_id if theme_id.isdigit() else 0).first()
            if theme is None:
                raise Http404("没有这个主题")
            context["selected"] = theme.name
            guides = guides.filter(themes=theme)
    else:
        letter = request.GET.get("letter", "A").upper()
        if letter not in LETTERS and letter != "#":
            raise Http404("没有这个字母")
        context["selected"] = letter
        guides = guides.filter(initial=letter)
    context["page_obj"] = page_or_404(request, guides, PER_PAGE)
    return TemplateResponse(request, "guides/service_guide_index_page.html", context)


def guide_folder(request, folder: GuideFolderPage):
    """One department's guides (the 部门办事指南 page)."""
    guides = _live_guides().filter(department_id=folder.department_id)
    context = {"page": folder, "self": folder, "page_obj": page_or_404(request, guides, PER_PAGE)}
    return TemplateResponse(request, "guides/guide_folder_page.html", context)
