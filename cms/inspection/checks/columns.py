"""Stale and blank columns (不更新栏目、空白栏目) and the home page.

Rules (《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号):
- a column with no live item is blank (空白栏目) unless an override allows it;
- a column whose newest live item is older than its interval (the override's, else its kind's)
  is stale (栏目不更新); a blank column is not also counted stale;
- the home page is stale when neither its 要闻 nor its 通知公告 column got an item within the
  home-page interval (2 weeks).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Max
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from cms.columns.kinds import ColumnKind
from cms.columns.models import ColumnPage
from cms.core.models import ContentItemPage

from ..models import ColumnOverride, InspectionSettings, KindInterval, RuleCode
from ..recording import Defect
from .dates import effective_date_expression
from .paths import public_path


def column_latest(columns) -> dict[int, tuple]:
    """``{column id: (live item count, newest effective date)}`` of the ``columns`` queryset, in one
    grouped query."""
    by_path = {path: pk for pk, path in columns.values_list("pk", "path")}
    if not by_path:
        return {}
    items = ContentItemPage.objects.live().annotate(parent=Substr("path", 1, Length("path") - Page.steplen))
    items = items.filter(parent__in=list(by_path))
    rows = items.order_by().values("parent").annotate(n=Count("pk"), latest=Max(effective_date_expression()))
    found = {by_path[row["parent"]]: (row["n"], _as_date(row["latest"])) for row in rows}
    return {pk: found.get(pk, (0, None)) for pk in by_path.values()}


def _as_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.datetime):
        return value.date()
    return datetime.date.fromisoformat(str(value)[:10])


def intervals() -> dict[str, int | None]:
    return dict(KindInterval.objects.values_list("kind", "days"))


def column_defects(department_id: int | None, today: datetime.date) -> list[Defect]:
    """Blank and stale columns of one department (``None``: the county's own columns)."""
    columns = list(ColumnPage.objects.live().filter(department_id=department_id).order_by("path"))
    overrides = {o.column_id: o for o in ColumnOverride.objects.filter(column__in=columns)}
    by_kind = intervals()
    latest = column_latest(ColumnPage.objects.live().filter(department_id=department_id))
    defects = []
    for column in columns:
        count, newest = latest.get(column.pk, (0, None))
        override = overrides.get(column.pk)
        base = dict(department_id=department_id, column_id=column.pk, page_id=column.pk,
                    page_title=column.title, url=public_path(column.url_path))
        if count == 0:
            if not (override and override.blank_allowed):
                defects.append(Defect(RuleCode.COLUMN_BLANK, evidence=f"栏目「{column.title}」没有任何已发布的信息。",
                                      detail={"kind": column.kind}, **base))
            continue
        days = _interval(column, override, by_kind)
        if days is not None and newest is not None and (today - newest).days > days:
            defects.append(Defect(
                RuleCode.COLUMN_STALE, **base,
                evidence=f"栏目「{column.title}」最近一条信息发布于 {newest:%Y-%m-%d}，已超过 {days} 天未更新。",
                detail={"kind": column.kind, "days": days, "latest": newest.isoformat(),
                        "idle_days": (today - newest).days},
            ))
    return defects


def _interval(column: ColumnPage, override: ColumnOverride | None, by_kind: dict) -> int | None:
    if override is not None:
        if override.no_update_required:
            return None
        if override.days:
            return override.days
    return by_kind.get(column.kind)


def home_defects(today: datetime.date) -> list[Defect]:
    """The home page stale (单项否决) when its 要闻 and 通知公告 columns got nothing lately."""
    from cms.home.models import HomePage

    home_settings = InspectionSettings.current()
    defects = []
    for home in HomePage.objects.live():
        column_ids = [pk for pk in (home.news_column_id, home.notice_column_id) if pk]
        if not column_ids:
            continue
        dates = [newest for _, newest in column_latest(ColumnPage.objects.live().filter(pk__in=column_ids)).values()
                 if newest]
        newest = max(dates) if dates else None
        limit = home_settings.home_interval_days
        if newest is None or (today - newest).days > limit:
            shown = f"{newest:%Y-%m-%d}" if newest else "从未"
            defects.append(Defect(
                RuleCode.HOME_STALE, department_id=None, page_id=home.pk, page_title=home.title, url=public_path(home.url_path),
                evidence=f"首页要闻、通知公告最近更新：{shown}，超过 {limit} 天未更新。",
                detail={"latest": newest.isoformat() if newest else None, "days": limit},
            ))
    return defects


def stale_kind_counts(defects_by_kind: dict[str, int]) -> int:
    """Stale columns counted by the combined single-veto rule (动态, 通知公告, 政策文件)."""
    return sum(defects_by_kind.get(kind, 0) for kind in (ColumnKind.NEWS, ColumnKind.NOTICE, ColumnKind.POLICY))
