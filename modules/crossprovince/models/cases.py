"""Cases handled for other regions (异地代收代办件) and their dated steps.

Rule (国办发〔2020〕35号, 异地代收代办): the window here receives the application (收件), checks
it (初审), posts it to the competent authority (寄递, with the 快递单号), receives the result
(收到办理结果) and delivers it (送达/办结).  Steps happen in this order, none skipped, none
dated before the previous step.  Each step has a time limit in working days counted from the
previous step (``CrossItem.stage_limits``); a step not done by its due date is overdue.

``stage``, ``next_due`` and ``late_steps`` are derived from the step dates on every save
(one working-day calendar read per save), so list filters (逾期) run in the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from cms.core.models import local_today
from cms.workdays.calendar import WorkdayCalendar

from .items import CrossItem, Mode


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    field: str


STEPS: tuple[Step, ...] = (
    Step("received", "收件", "received_at"),
    Step("checked", "初审", "checked_at"),
    Step("posted", "寄递", "posted_at"),
    Step("result", "收到办理结果", "result_received_at"),
    Step("delivered", "送达办结", "delivered_at"),
)
STEP_BY_KEY = {step.key: step for step in STEPS}


class Stage(models.TextChoices):
    RECEIVED = "received", "已收件"
    CHECKED = "checked", "已初审"
    POSTED = "posted", "已寄递"
    RESULT = "result", "已收到结果"
    DELIVERED = "delivered", "已办结"


class Direction(models.TextChoices):
    OUTBOUND = "outbound", "本地收件转外地"
    INBOUND = "inbound", "外地收件转本地"


class ProxyCase(models.Model):
    """A 代收代办件: an application for an 异地代收代办 item, followed step by step."""

    number = models.CharField("办件编号", max_length=30, unique=True, editable=False, blank=True)
    item = models.ForeignKey(
        CrossItem, verbose_name="事项", on_delete=models.PROTECT, related_name="cases",
        limit_choices_to={"mode": Mode.PROXY},
    )
    direction = models.CharField("办理方向", max_length=10, choices=Direction.choices, default=Direction.OUTBOUND)
    applicant = models.CharField("申请人", max_length=100)
    applicant_phone = models.CharField("申请人联系电话", max_length=30, blank=True)
    received_at = models.DateField("收件日期")
    checked_at = models.DateField("初审日期", null=True, blank=True, editable=False)
    posted_at = models.DateField("寄递日期", null=True, blank=True, editable=False)
    tracking_number = models.CharField("快递单号", max_length=40, blank=True, editable=False)
    result_received_at = models.DateField("收到办理结果日期", null=True, blank=True, editable=False)
    delivered_at = models.DateField("送达办结日期", null=True, blank=True, editable=False)
    stage = models.CharField("办理环节", max_length=10, choices=Stage.choices, default=Stage.RECEIVED, editable=False)
    next_due = models.DateField("下一环节期限", null=True, blank=True, editable=False)
    late_steps = models.PositiveSmallIntegerField("逾期环节数", default=0, editable=False)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("item"), FieldPanel("direction"),
             FieldRowPanel([FieldPanel("applicant"), FieldPanel("applicant_phone")]), FieldPanel("received_at")],
            heading="收件登记",
        ),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = "代收代办件"
        verbose_name_plural = "代收代办件"
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["stage", "next_due"], name="crossprov_case_due_idx")]

    def __str__(self) -> str:
        return f"{self.number or '新办件'} {self.item.name if self.item_id else ''}".strip()

    # --- steps -----------------------------------------------------------------------------

    def step_date(self, step: Step) -> datetime.date | None:
        return getattr(self, step.field)

    def done_steps(self) -> list[Step]:
        return [step for step in STEPS if self.step_date(step) is not None]

    def next_step(self) -> Step | None:
        for step in STEPS:
            if self.step_date(step) is None:
                return step
        return None

    @property
    def is_completed(self) -> bool:
        return self.delivered_at is not None

    @property
    def is_overdue(self) -> bool:
        """The next step is not done and its due date has passed."""
        return not self.is_completed and self.next_due is not None and self.next_due < local_today()

    def overdue_label(self) -> str:
        if self.is_overdue:
            return "逾期"
        if self.late_steps:
            return "逾期办结" if self.is_completed else "曾逾期"
        return ""

    overdue_label.short_description = "逾期"  # type: ignore[attr-defined]

    def schedule(self, calendar: WorkdayCalendar | None = None) -> list[dict]:
        """Each step with its date, due date and whether it was (or is) late."""
        calendar = calendar or WorkdayCalendar()
        limits = self.item.stage_limits()
        today = local_today()
        rows, previous = [], None
        for step in STEPS:
            done = self.step_date(step)
            due = calendar.add_working_days(previous, limits[step.key]) if previous and step.key in limits else None
            late = bool(due and ((done and done > due) or (not done and today > due)))
            rows.append({"step": step, "date": done, "due": due, "limit": limits.get(step.key), "late": late})
            if done is None:
                break
            previous = done
        return rows

    def order_errors(self) -> dict[str, str]:
        """Steps out of order: one after a missing step, or dated before the previous one."""
        errors: dict[str, str] = {}
        previous: Step | None = None
        today = local_today()
        for step in STEPS:
            done = self.step_date(step)
            if done is not None and done > today:
                errors[step.field] = f"“{step.label}”日期不能晚于今天。"
            if previous is not None:
                before = self.step_date(previous)
                if done is not None and before is None:
                    errors[step.field] = f"尚未“{previous.label}”，不能办理“{step.label}”。"
                elif done is not None and done < before:
                    errors[step.field] = (
                        f"“{step.label}”日期（{done:%Y-%m-%d}）不能早于“{previous.label}”日期（{before:%Y-%m-%d}）。"
                    )
            previous = step
        if self.posted_at is not None and not (self.tracking_number or "").strip():
            errors["tracking_number"] = "寄递时必须填写快递单号。"
        return errors

    def clean(self) -> None:
        errors = self.order_errors()
        if self.item_id and self.item.mode != Mode.PROXY:
            errors["item"] = "只有“异地代收代办”模式的事项才能登记代收代办件。"
        self.applicant = (self.applicant or "").strip()
        if not self.applicant:
            errors["applicant"] = "请填写申请人。"
        if errors:
            raise ValidationError(errors)

    def refresh_derived(self, calendar: WorkdayCalendar | None = None) -> None:
        """Recompute ``stage``, ``next_due`` and ``late_steps`` from the step dates."""
        rows = self.schedule(calendar)
        done = [row for row in rows if row["date"] is not None]
        self.stage = done[-1]["step"].key if done else Stage.RECEIVED
        pending = [row for row in rows if row["date"] is None]
        self.next_due = pending[0]["due"] if pending else None
        self.late_steps = sum(1 for row in done if row["late"])

    def save(self, *args, **kwargs):
        if self.item_id and self.received_at:
            self.refresh_derived()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if not self.number:
                self.number = f"KS{self.received_at:%Y}{self.pk:06d}"
                type(self).objects.filter(pk=self.pk).update(number=self.number)
