"""Rectification (整改) of findings by their department.

Rules:
- only the finding's department (its 信息员 and 审核员) and the portal editors act on it;
- 确认整改 (acknowledge) and 标记已整改 (mark fixed, with a note) are the department's steps;
  marking fixed does not close the finding;
- a finding closes (销号) only when a check no longer sees it: the next run, or a re-check of
  that one item (复查), which runs the same check on the same page or column now;
- every step is written to the finding's audit trail (``FindingEvent``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cms.departments.access import may_manage_department
from cms.workflows.roles import PORTAL_EDITORS

from .models import Finding, FindingEvent, FindingStatus, RuleCode

PAGE_RULES = (RuleCode.BROKEN_LINK, RuleCode.WRONG_WORD, RuleCode.OUTDATED_NAME, RuleCode.BANNED_WORD,
              RuleCode.IMAGE_ALT)
METADATA_RULES = (RuleCode.METADATA_MISSING, RuleCode.FALSIFIED_DATE, RuleCode.INTERPRETATION_MISSING)
COLUMN_RULES = (RuleCode.COLUMN_BLANK, RuleCode.COLUMN_STALE)


def may_act(user, finding: Finding) -> bool:
    """The finding's department's people and the portal editors may act on it."""
    return may_manage_department(user, finding.department_id, all_groups=(PORTAL_EDITORS,))


def _check(user, finding: Finding) -> None:
    if not may_act(user, finding):
        raise PermissionDenied("您无权处理其他部门的问题。")
    if finding.status == FindingStatus.CLOSED:
        raise ValidationError("该问题已销号。")


@transaction.atomic
def acknowledge(finding: Finding, user, note: str = "") -> Finding:
    _check(user, finding)
    if finding.status != FindingStatus.OPEN:
        raise ValidationError("只有待整改的问题可以确认。")
    finding.status = FindingStatus.ACKNOWLEDGED
    finding.save(update_fields=["status"])
    FindingEvent.objects.create(finding=finding, action=FindingEvent.Action.ACKNOWLEDGED, user=user, note=note.strip())
    return finding


@transaction.atomic
def mark_fixed(finding: Finding, user, note: str) -> Finding:
    _check(user, finding)
    note = (note or "").strip()
    if not note:
        raise ValidationError("请填写整改说明。")
    if len(note) > 2000:
        raise ValidationError("整改说明不能超过 2000 字。")
    finding.status = FindingStatus.FIXED
    finding.fix_note = note
    finding.save(update_fields=["status", "fix_note"])
    FindingEvent.objects.create(finding=finding, action=FindingEvent.Action.FIXED, user=user, note=note)
    return finding


def recheck(finding: Finding, user) -> bool:
    """Run the finding's own check again now; close it when it passes.  Returns True if closed."""
    _check(user, finding)
    still_there = finding.fingerprint in current_fingerprints(finding)
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        if locked.status == FindingStatus.CLOSED:
            return True
        if still_there:
            locked.status = FindingStatus.OPEN if locked.status == FindingStatus.FIXED else locked.status
            locked.save(update_fields=["status"])
            FindingEvent.objects.create(finding=locked, action=FindingEvent.Action.RECHECK_FAILED, user=user,
                                        note="复查时问题仍然存在。")
        else:
            locked.status, locked.closed_at = FindingStatus.CLOSED, timezone.now()
            locked.save(update_fields=["status", "closed_at"])
            FindingEvent.objects.create(finding=locked, action=FindingEvent.Action.CLOSED, user=user,
                                        note="复查通过。")
        finding.refresh_from_db()
    return not still_there


def current_fingerprints(finding: Finding) -> set[str]:
    """Fingerprints the finding's check sees now, on the finding's page, column or department."""
    from django.utils.timezone import localdate

    today = localdate()
    rule = finding.rule
    if rule in PAGE_RULES:
        return {d.fingerprint for d in _page_defects(finding)}
    if rule in COLUMN_RULES:
        from .checks.columns import column_defects

        return {d.fingerprint for d in column_defects(finding.department_id, today)}
    if rule in METADATA_RULES:
        from .checks.metadata import metadata_defects

        return {d.fingerprint for d in metadata_defects(finding.department_id, today)}
    if rule == RuleCode.GUIDE_INCOMPLETE:
        from .checks.guides import guide_defects

        return {d.fingerprint for d in guide_defects(finding.department_id)}
    if rule == RuleCode.HOME_STALE:
        from .checks.columns import home_defects

        return {d.fingerprint for d in home_defects(today)}
    # single-veto counts are re-judged by the next full check of the department
    return {finding.fingerprint}


def _page_defects(finding: Finding) -> list:
    from wagtail.models import Page

    from cms.linkcheck.external import ExternalChecker

    from .checks.pages import PageChecker, PageResult, broken_link_defect
    from .planning import column_paths

    page = Page.objects.live().filter(pk=finding.page_id).specific().first()
    if page is None:
        return []  # the page is gone or unpublished: nothing of it is shown any more
    result = PageResult()
    columns = column_paths(finding.department_id)
    column_id = columns.get(page.path) or columns.get(page.path[: -Page.steplen])
    PageChecker().check_page(page, finding.department_id, column_id, result, whole_page=finding.department_id is None)
    defects = list(result.defects)
    if finding.rule == RuleCode.BROKEN_LINK:
        wanted = [link for link in result.external if link.url == finding.target]
        if wanted:
            answers = ExternalChecker().check_many([finding.target])
            answer = answers[finding.target]
            if not answer.ok:
                base = dict(department_id=finding.department_id, page_id=page.pk, page_title=page.title,
                            url=finding.url, column_id=column_id)
                defects.append(broken_link_defect(finding.target, wanted[0].text, answer, base))
    return defects
