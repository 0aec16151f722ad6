"""Public pages of the notice-and-commitment lists (/zwfw/gzcn/).

Rules:
- only published items are shown (draft and stopped items answer 404);
- the list is searchable (``q`` in the name, legal basis and replaced certificate) and filterable
  by department, 20 items a page;
- each item shows its commitment letter, printable (the print style shows the letter only) and
  downloadable as .docx (国办发〔2020〕42号: each authority publishes its list and letter template);
- public pages never show a case or an applicant: the statistics are counts by department.
"""

from __future__ import annotations

from urllib.parse import quote

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Page

from cms.core.pagination import page_or_404
from cms.departments.models import Department

from .choices import ItemStatus
from .letter import build_letter, letter_filename, letter_sections
from .models import CommitmentItem
from .statistics import department_figures

PER_PAGE = 20
MAX_QUERY = 50
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _section() -> Page | None:
    """The 政务服务 section, for the breadcrumbs."""
    return Page.objects.filter(slug="zwfw", depth=3).live().first()


def _published():
    return CommitmentItem.objects.published().select_related("department")


def item_list(request: HttpRequest) -> HttpResponse:
    q = " ".join((request.GET.get("q") or "").split())[:MAX_QUERY]
    items = _published()
    if q:
        for word in q.split(" "):
            items = items.filter(Q(name__icontains=word) | Q(legal_basis__icontains=word)
                                 | Q(replaced__icontains=word))
    slug = request.GET.get("department") or ""
    department = None
    if slug:
        department = Department.objects.filter(slug=slug).first()
        if department is None:
            raise Http404("没有这个部门")
        items = items.filter(department=department)
    page_obj = page_or_404(request, items.order_by("department__order", "department__name", "name"), PER_PAGE)
    departments = (
        Department.objects.filter(commitment_items__status=ItemStatus.PUBLISHED)
        .annotate(item_count=Count("commitment_items", filter=Q(commitment_items__status=ItemStatus.PUBLISHED)))
        .order_by("order", "name")
    )
    context = {
        "page_obj": page_obj, "q": q, "department": department, "departments": departments,
        "section": _section(), "total": page_obj.paginator.count,
    }
    return TemplateResponse(request, "commitments/item_list.html", context)


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_published().select_related("guide"), pk=pk)
    guide = item.guide if item.guide_id and item.guide.live else None
    context = {"item": item, "sections": letter_sections(item), "guide": guide, "section": _section()}
    return TemplateResponse(request, "commitments/item_detail.html", context)


def item_letter(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_published(), pk=pk)
    response = HttpResponse(build_letter(item), content_type=DOCX_TYPE)
    filename = letter_filename(item)
    response["Content-Disposition"] = f"attachment; filename=\"letter-{item.pk}.docx\"; filename*=UTF-8''{quote(filename)}"
    return response


def statistics(request: HttpRequest) -> HttpResponse:
    rows, total = department_figures(published_only=True)
    return TemplateResponse(request, "commitments/statistics.html",
                            {"rows": rows, "total": total, "section": _section()})
