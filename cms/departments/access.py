"""Who belongs to which department: the one place views ask before showing department data.

Rule: a department's people (its 信息员 and 审核员 groups) reach only their own department's
records; portal editors, service-centre staff (where a module says so) and superusers reach all.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Department


def departments_of(user) -> QuerySet[Department]:
    """The departments whose contributor or reviewer group ``user`` is in."""
    if not getattr(user, "is_authenticated", False):
        return Department.objects.none()
    groups = user.groups.all()
    return Department.objects.filter(Q(contributors__in=groups) | Q(reviewers__in=groups)).distinct()


def group_names(user) -> frozenset[str]:
    """Names of ``user``'s groups, read once per user object (one query per request)."""
    cached = getattr(user, "_gongkai_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._gongkai_group_names = cached
    return cached


def in_group(user, name: str) -> bool:
    """True for a superuser or a member of the group called ``name``."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or name in group_names(user)


def may_manage_department(user, department_id: int | None, *, all_groups: tuple[str, ...]) -> bool:
    """True when ``user`` may manage records of ``department_id``.

    Members of any group in ``all_groups`` (and superusers) manage every department's records;
    anyone else only their own department's.
    """
    if any(in_group(user, name) for name in all_groups):
        return True
    return department_id is not None and departments_of(user).filter(pk=department_id).exists()
