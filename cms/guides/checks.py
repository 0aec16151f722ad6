"""Live guides that lack a required element: for the monthly column check and the admin report.

A guide cannot be published without its elements, yet a live guide can still lack one: a
guide published before a rule was added, or an old catalogue imported before the check.
The 《政府网站与政务新媒体检查指标》 count such 办事指南要素不全 as a deduction.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .elements import missing_elements
from .models import ServiceGuidePage

CHUNK = 500


@dataclass(frozen=True)
class IncompleteGuide:
    guide_id: int
    title: str
    department_id: int | None
    department: str
    url: str
    missing: tuple[str, ...]


def incomplete_guides(department_ids: list[int] | None = None) -> Iterator[IncompleteGuide]:
    """Every live guide (of ``department_ids``, or all) that lacks a required element."""
    guides = (
        ServiceGuidePage.objects.live().select_related("department")
        .prefetch_related("materials").order_by("department__order", "path")
    )
    if department_ids is not None:
        guides = guides.filter(department_id__in=department_ids)
    for guide in guides.iterator(chunk_size=CHUNK):
        missing = missing_elements(guide)
        if missing:
            yield IncompleteGuide(
                guide.pk, guide.title, guide.department_id,
                guide.department.name if guide.department_id else "", guide.url or "", tuple(missing),
            )
