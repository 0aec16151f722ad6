"""What a run covers: its departments, their pages, in chunks small enough to retry cheaply."""

from __future__ import annotations

from django.conf import settings

from cms.columns.models import ColumnPage
from cms.core.models import ContentItemPage
from cms.departments.models import Department

from .models import CheckRun

#: Pages per chunk: small enough that a lost chunk costs seconds (setting INSPECTION_PAGES_PER_CHUNK).
PAGES_PER_CHUNK = 100
URLS_PER_CHUNK = 50


def pages_per_chunk() -> int:
    return max(1, int(getattr(settings, "INSPECTION_PAGES_PER_CHUNK", PAGES_PER_CHUNK)))


def departments_of_run(run: CheckRun) -> list[int]:
    if run.department_id:
        return [run.department_id]
    return list(Department.objects.order_by("order", "name").values_list("pk", flat=True))


def department_page_ids(department_id: int | None) -> list[int]:
    """Live public pages a department answers for: its disclosure page, its columns, their
    items, and its service guides, in tree order.  ``None`` stands for the county's own pages
    (the portal editors'): columns without a department, their items, the section pages and the
    disclosure guide."""
    from cms.disclosure.models import DepartmentDisclosurePage, DisclosureGuidePage
    from cms.guides.models import ServiceGuidePage
    from cms.home.models import SectionPage

    ids: list[tuple[str, int]] = []
    if department_id is None:
        ids += SectionPage.objects.live().values_list("path", "pk")
        ids += DisclosureGuidePage.objects.live().values_list("path", "pk")
    ids += DepartmentDisclosurePage.objects.live().filter(department_id=department_id).values_list("path", "pk")
    ids += ColumnPage.objects.live().filter(department_id=department_id).values_list("path", "pk")
    ids += ContentItemPage.objects.live().filter(department_id=department_id).values_list("path", "pk")
    ids += ServiceGuidePage.objects.live().filter(department_id=department_id).values_list("path", "pk")
    return [pk for _, pk in sorted(set(ids))]


def column_paths(department_id: int | None) -> dict[str, int]:
    columns = ColumnPage.objects.all() if department_id is None else ColumnPage.objects.filter(
        department_id=department_id)
    return dict(columns.values_list("path", "pk"))


def batches(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]
