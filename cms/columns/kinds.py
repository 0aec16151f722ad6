"""Column kinds (栏目类型) and the standard disclosure column set of a department.

The kind drives the monthly column checks: per 《政府网站与政务新媒体检查指标》
(国办秘函〔2019〕19号), 动态/要闻 columns go stale after 2 weeks, 通知公告 and 政策文件
columns after 6 months, and 人事/规划计划 columns after 1 year (2015 rules).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class ColumnKind(models.TextChoices):
    NEWS = "news", "要闻动态"
    NOTICE = "notice", "通知公告"
    POLICY = "policy", "政策文件"
    INTERPRETATION = "interpretation", "政策解读"
    PERSONNEL = "personnel", "人事信息"
    PLANNING = "planning", "规划计划"
    BUDGET = "budget", "财政预决算"
    ANNUAL_REPORT = "annual_report", "年报"
    SERVICE_GUIDE = "service_guide", "办事指南"
    OTHER = "other", "其他"


@dataclass(frozen=True)
class StandardColumn:
    """One column of the standard set every department and township receives."""

    title: str
    slug: str
    kind: str


STANDARD_COLUMNS: tuple[StandardColumn, ...] = (
    StandardColumn("机构职能", "jgzn", ColumnKind.OTHER),
    StandardColumn("领导信息", "ldxx", ColumnKind.OTHER),
    StandardColumn("政策文件", "zcwj", ColumnKind.POLICY),
    StandardColumn("政策解读", "zcjd", ColumnKind.INTERPRETATION),
    StandardColumn("规划计划", "ghjh", ColumnKind.PLANNING),
    StandardColumn("财政预决算", "czyjs", ColumnKind.BUDGET),
    StandardColumn("人事信息", "rsxx", ColumnKind.PERSONNEL),
    StandardColumn("工作动态", "gzdt", ColumnKind.NEWS),
    StandardColumn("通知公告", "tzgg", ColumnKind.NOTICE),
    StandardColumn("政府信息公开年报", "ndbg", ColumnKind.ANNUAL_REPORT),
    StandardColumn("其他", "qt", ColumnKind.OTHER),
)
