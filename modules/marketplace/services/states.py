"""The project state machine: every move goes through ``move`` (checked against ``TRANSITIONS``, logged).

States (DESIGN): 草稿 → 报名中 → 选取中 → 已选取 / 无效 → 服务中 → 服务完成 / 中止.
A move not in ``TRANSITIONS`` raises ``MarketplaceError``; each move writes an audit entry
(action ``state_<new state>``) with the previous and the new state.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from ..models import Project, ProjectState
from .audit import record
from .errors import MarketplaceError


def now_or(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def local_day(moment: datetime.datetime) -> datetime.date:
    """The calendar day of ``moment`` in the portal's time zone."""
    return timezone.localtime(moment).date()


def label(state: str) -> str:
    return ProjectState(state).label


def move(project: Project, state: str, *, user: Any = None, summary: str = "", fields: tuple[str, ...] = (),
         **data: Any) -> Project:
    """Move ``project`` to ``state`` (saving ``fields`` too) and log it; refuse a move not allowed."""
    if not project.may_move_to(state):
        raise MarketplaceError(f"项目当前为“{label(project.state)}”，不能变为“{label(state)}”。")
    previous = project.state
    project.state = state
    project.save(update_fields=["state", "updated_at", *fields])
    record(project, f"state_{state}", summary or f"项目 {project.number} 由“{label(previous)}”变为“{label(state)}”",
           user=user, from_state=previous, to_state=state, **data)
    return project


def require_owner(user: Any, project: Project, what: str) -> None:
    """Only the owner's people (or a superuser) may ``what``."""
    from ..roles import may_manage_project

    if not may_manage_project(user, project):
        raise MarketplaceError(f"只有业主单位（{project.owner}）的工作人员可以{what}。")


def locked(project: Project) -> Project:
    """``project`` re-read under a row lock (``select_for_update``) inside the current transaction."""
    return Project.objects.select_for_update().get(pk=project.pk)
