"""Public 跨省通办 pages under 政务服务: the partners, their agreements and items.

Rules: only items of agreements still in force (有效, or signed and not yet started) are shown;
public pages never show cases or applicants, only counts; every list is paginated and costs a
fixed number of queries whatever the number of items.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from cms.core.models import local_today
from cms.core.pagination import page_or_404

from .models import Agreement, CrossItem, Mode, PartnerRegion, current_agreements
from .statistics import partner_statistics

PER_PAGE = 20
MAX_QUERY = 50


def public_items():
    """Items of agreements not yet expired, with what the lists show joined."""
    return (
        CrossItem.objects.filter(batch__agreement__in=Agreement.objects.filter(current_agreements()))
        .select_related("batch__agreement__partner", "department", "guide")
        .order_by("batch__agreement__partner__order", "batch__number", "pk")
    )


def _section():
    from cms.home.models import SectionPage

    return SectionPage.objects.live().filter(slug="zwfw").first()


def _search(items, q: str):
    for word in q.split()[:5]:
        items = items.filter(
            Q(name__icontains=word) | Q(partner_authority__icontains=word) | Q(department__name__icontains=word)
            | Q(batch__agreement__partner__county__icontains=word)
            | Q(batch__agreement__partner__province__icontains=word)
        )
    return items


def _mode(request) -> str:
    mode = request.GET.get("mode", "")
    return mode if mode in Mode.values else ""


def index(request):
    """/zwfw/kstb/: partners with their item counts, item search (``q``), mode filter, summary."""
    q = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    mode = _mode(request)
    stats = partner_statistics(public=True)
    context = {"q": q, "mode": mode, "modes": Mode.choices, "stats": stats, "section": _section(),
               "page_obj": None, "title": "跨省通办"}
    if q or mode:
        items = public_items()
        if q:
            items = _search(items, q)
        if mode:
            items = items.filter(mode=mode)
        context["page_obj"] = page_or_404(request, items, PER_PAGE)
    return TemplateResponse(request, "crossprovince/index.html", context)


def partner(request, slug: str):
    """/zwfw/kstb/<slug>/: the partner, its agreements in force, its items by batch."""
    region = get_object_or_404(PartnerRegion, slug=slug)
    today = local_today()
    agreements = list(
        Agreement.objects.filter(partner=region).filter(current_agreements(today)).select_related("document")
        .order_by("-signed_on")
    )
    mode = _mode(request)
    items = public_items().filter(batch__agreement__partner=region)
    counts = dict(items.values_list("mode").annotate(n=Count("pk")).order_by())
    if mode:
        items = items.filter(mode=mode)
    context = {
        "region": region, "agreements": agreements, "mode": mode, "modes": Mode.choices,
        "mode_counts": [(value, label, counts.get(value, 0)) for value, label in Mode.choices],
        "total": sum(counts.values()), "page_obj": page_or_404(request, items, 30), "section": _section(),
        "title": f"{region.full_name}跨省通办",
    }
    return TemplateResponse(request, "crossprovince/partner.html", context)


def item(request, slug: str, pk: int):
    """/zwfw/kstb/<slug>/<id>/: one item with its mode, departments, time limit and windows."""
    found = get_object_or_404(public_items(), pk=pk, batch__agreement__partner__slug=slug)
    context = {"item": found, "agreement": found.batch.agreement, "region": found.batch.agreement.partner,
               "section": _section(), "title": found.name}
    return TemplateResponse(request, "crossprovince/item.html", context)
