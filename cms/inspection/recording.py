"""Recording what a check saw: one open finding per defect, one observation per run.

Rules:
- a defect is identified by its fingerprint (department, rule, page or column, target); while a
  finding with that fingerprint is open, a run that sees the defect again adds an observation to
  it (the unique constraints make a retried chunk harmless);
- a defect seen again after its finding was closed starts a new finding;
- a finding marked fixed by its department but seen again returns to 待整改 (复查未通过);
- the deadline is ``rectification_working_days`` Chinese working days after the day it was
  first seen (holidays and 调休 from ``cms.workdays``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from cms.workdays.calendar import WorkdayCalendar

from .models import CheckRun, Finding, FindingEvent, FindingStatus, Observation, Rule, RuleCode


@dataclass(frozen=True)
class Defect:
    """What a check found, before it is recorded."""

    rule: str
    department_id: int | None
    target: str = ""
    evidence: str = ""
    page_id: int | None = None
    page_title: str = ""
    url: str = ""
    column_id: int | None = None
    detail: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def fingerprint(self) -> str:
        anchor = self.page_id or (f"c{self.column_id}" if self.column_id else "")
        raw = f"{self.department_id or ''}|{self.rule}|{anchor}|{self.target}"
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()


class Recorder:
    """Writes a chunk's defects for one run (call inside the chunk's transaction)."""

    def __init__(self, run: CheckRun, *, calendar: WorkdayCalendar | None = None) -> None:
        from .models import InspectionSettings

        self.run = run
        self.today = run.checked_on
        self.rules = {r.code: r for r in Rule.objects.all()}
        self.calendar = calendar or WorkdayCalendar()
        self.settings = InspectionSettings.current()
        self._deadline = None

    @property
    def deadline(self):
        if self._deadline is None:
            self._deadline = self.calendar.add_working_days(
                self.today, self.settings.rectification_working_days
            )
        return self._deadline

    def enabled(self, rule: str) -> bool:
        found = self.rules.get(rule)
        return found is None or found.enabled

    def severity(self, rule: str) -> str:
        from .models.rules import RULE_DEFAULTS

        found = self.rules.get(rule)
        return found.severity if found else RULE_DEFAULTS[RuleCode(rule)][0]

    def record_all(self, defects) -> int:
        """Record every defect of an enabled rule; returns how many were recorded."""
        count = 0
        for defect in defects:
            if self.enabled(defect.rule):
                self.record(defect)
                count += 1
        return count

    def record(self, defect: Defect) -> Finding:
        fingerprint = defect.fingerprint
        finding = Finding.objects.filter(fingerprint=fingerprint).exclude(status=FindingStatus.CLOSED).first()
        if finding is None:
            finding = self._create(defect, fingerprint)
        else:
            self._seen_again(finding, defect)
        Observation.objects.get_or_create(
            run=self.run, finding=finding,
            defaults={"department_id": defect.department_id, "rule": defect.rule, "severity": finding.severity},
        )
        return finding

    def _create(self, defect: Defect, fingerprint: str) -> Finding:
        try:
            with transaction.atomic():
                finding = Finding.objects.create(
                    fingerprint=fingerprint, department_id=defect.department_id, column_id=defect.column_id,
                    page_id=defect.page_id, page_title=defect.page_title[:255], url=defect.url[:500],
                    rule=defect.rule, severity=self.severity(defect.rule), target=defect.target,
                    evidence=defect.evidence, detail=defect.detail, first_seen_run=self.run,
                    last_seen_run=self.run, first_seen=self.today, last_seen=self.today, deadline=self.deadline,
                )
        except IntegrityError:  # another chunk recorded the same defect a moment ago
            return Finding.objects.filter(fingerprint=fingerprint).exclude(status=FindingStatus.CLOSED).get()
        earlier = Finding.objects.filter(fingerprint=fingerprint, status=FindingStatus.CLOSED).exists()
        FindingEvent.objects.create(
            finding=finding, run=self.run,
            action=FindingEvent.Action.REOPENED if earlier else FindingEvent.Action.FOUND,
            note=defect.evidence[:500],
        )
        return finding

    def _seen_again(self, finding: Finding, defect: Defect) -> None:
        if finding.last_seen_run_id == self.run.pk:
            return
        changes = {"last_seen_run": self.run, "last_seen": self.today, "evidence": defect.evidence,
                   "detail": defect.detail, "severity": self.severity(defect.rule)}
        if finding.status == FindingStatus.FIXED:
            changes["status"] = FindingStatus.OPEN
            FindingEvent.objects.create(
                finding=finding, run=self.run, action=FindingEvent.Action.RECHECK_FAILED,
                note="复查时问题仍然存在：" + defect.evidence[:400],
            )
        for name, value in changes.items():
            setattr(finding, name, value)
        finding.save(update_fields=[*changes.keys()])
