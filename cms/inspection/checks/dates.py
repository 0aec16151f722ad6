"""The date an item counts as published for the update rules.

Rule: an item counts from the earlier of its 发布日期 and the day it was first published on
the portal.  Items imported from an older site keep their original 发布日期 (first published
there), and a 发布日期 moved into the future cannot make a column look fresh (a future date is
itself a finding: 发布日期异常).
"""

from __future__ import annotations

import datetime

from django.db.models import DateField, F, Func
from django.db.models.functions import Coalesce, Least, TruncDate


def effective_date_expression():
    """SQL expression of an item's effective publication date (both databases)."""
    first = TruncDate("first_published_at")
    return Least(Coalesce(F("publish_date"), first), Coalesce(first, F("publish_date")), output_field=DateField())


def days_since(day: datetime.date | None, today: datetime.date) -> int | None:
    return None if day is None else (today - day).days


__all__ = ["Func", "days_since", "effective_date_expression"]
