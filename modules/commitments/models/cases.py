"""Cases handled by commitment (办件), their verification, and credit records.

Rules (国办发〔2020〕42号):
- the verification is due ``item.verification_days`` working days after acceptance, counted with
  holidays and 调休 (``cms.workdays``); the due date is fixed when the case is accepted;
- a case still 待核查 after its due date is overdue (逾期未核查); a verification after the due
  date is recorded as late (``verified_on_time = False``);
- a false commitment (核查不实) carries the action taken (终止办理, 责令整改, 撤销决定, 行政处罚)
  and a ``CreditRecord``;
- an applicant with an uncleared credit record cannot commit again until the record is cleared
  (信用修复); they may still apply by submitting the proof (``Mode.PROOF``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from cms.core.models import local_today
from cms.workdays.calendar import add_working_days

from ..choices import CaseState, CreditKind, FalseAction, IdType, ItemStatus, Mode
from ..rules import normalize_id, validate_identifier
from .items import CommitmentItem

EXCLUDED_APPLICANT = "该申请人存在虚假承诺记录，未修复前不适用告知承诺制"


class CommitmentCaseQuerySet(models.QuerySet):
    def overdue(self, today=None) -> CommitmentCaseQuerySet:
        """Cases still 待核查 whose verification due date has passed."""
        return self.filter(state=CaseState.PENDING, due_on__lt=today or local_today())


class CommitmentCase(models.Model):
    """One application handled by commitment (or, at the applicant's choice, with proof)."""

    item = models.ForeignKey(CommitmentItem, verbose_name="事项", on_delete=models.PROTECT, related_name="cases")
    applicant_name = models.CharField("申请人", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, default=IdType.ID_CARD)
    id_number = models.CharField("证件号码", max_length=18, db_index=True)
    mode = models.CharField("办理方式", max_length=12, choices=Mode.choices, default=Mode.COMMITMENT)
    accepted_on = models.DateField("受理日期")
    due_on = models.DateField("核查截止日期", editable=False)
    state = models.CharField("状态", max_length=20, choices=CaseState.choices, default=CaseState.PENDING,
                             editable=False, db_index=True)
    verified_on = models.DateField("核查日期", null=True, blank=True, editable=False)
    verified_on_time = models.BooleanField("按期核查", null=True, blank=True, editable=False)
    verification_note = models.TextField("核查情况", blank=True, editable=False)
    action = models.CharField("处理措施", max_length=20, choices=FalseAction.choices, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核查人", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = CommitmentCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "承诺办件"
        verbose_name_plural = "承诺办件"
        ordering = ["-accepted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.applicant_name}：{self.item.name if self.item_id else ''}（{self.accepted_on}）"

    @property
    def department_id(self) -> int | None:
        return self.item.department_id if self.item_id else None

    @property
    def is_overdue(self) -> bool:
        return self.state == CaseState.PENDING and self.due_on is not None and self.due_on < local_today()

    def clean(self) -> None:
        """The applicant's identifier, the item, the date, and the credit exclusion."""
        super().clean()
        errors: dict[str, list[str]] = {}
        self.applicant_name = (self.applicant_name or "").strip()
        self.id_number = normalize_id(self.id_number)
        try:
            validate_identifier(self.id_type, self.id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages
        if self.accepted_on and self.accepted_on > local_today():
            errors["accepted_on"] = ["受理日期不能晚于今天。"]
        if self.pk is None and self.item_id:
            if self.item.status != ItemStatus.PUBLISHED:
                errors["item"] = ["该事项未发布或已停止实行告知承诺制，不能登记新的承诺办件。"]
        if self.mode == Mode.COMMITMENT and "id_number" not in errors and self.id_number:
            record = blocking_record(self.id_number, exclude_case=self.pk)
            if record is not None:
                errors.setdefault("id_number", []).append(
                    f"{EXCLUDED_APPLICANT}（{record.get_kind_display()}，{record.recorded_on:%Y-%m-%d} 记录）。"
                    "申请人可以选择“提交证明”方式办理。"
                )
        if self.pk is not None and self.state != CaseState.PENDING and self.mode == Mode.COMMITMENT:
            stored = type(self).objects.filter(pk=self.pk).values("accepted_on", "item_id").first()
            if stored and (stored["accepted_on"] != self.accepted_on or stored["item_id"] != self.item_id):
                errors["__all__"] = ["已核查的办件不能修改事项和受理日期。"]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        """Fix the due date at acceptance: recomputed only when the item or the date changes."""
        self.id_number = normalize_id(self.id_number)
        if self.mode == Mode.PROOF and self.state == CaseState.PENDING:
            self.state = CaseState.PROOF
        elif self.mode == Mode.COMMITMENT and self.state == CaseState.PROOF:
            self.state = CaseState.PENDING
        stored = None
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values("accepted_on", "item_id").first()
        if (self.due_on is None or stored is None or stored["accepted_on"] != self.accepted_on
                or stored["item_id"] != self.item_id):
            self.due_on = add_working_days(self.accepted_on, self.item.verification_days)
        super().save(*args, **kwargs)


class CreditRecord(models.Model):
    """A false commitment or a serious bad-credit entry that excludes the applicant from commitment.

    Rule: while ``cleared_on`` is empty the applicant may not commit (``applicant_excluded``);
    clearing (信用修复) records who cleared it, when and why.
    """

    kind = models.CharField("记录类型", max_length=20, choices=CreditKind.choices, default=CreditKind.FALSE_COMMITMENT)
    applicant_name = models.CharField("申请人", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, default=IdType.ID_CARD)
    id_number = models.CharField("证件号码", max_length=18, db_index=True)
    case = models.OneToOneField(
        CommitmentCase, verbose_name="办件", null=True, blank=True, on_delete=models.PROTECT,
        related_name="credit_record", editable=False,
    )
    reason = models.TextField("记录原因")
    recorded_on = models.DateField("记录日期", default=local_today)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    cleared_on = models.DateField("修复日期", null=True, blank=True, editable=False)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修复经办人", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    clear_reason = models.TextField("修复理由", blank=True, editable=False)

    class Meta:
        verbose_name = "信用记录"
        verbose_name_plural = "信用记录"
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.applicant_name}（{self.get_kind_display()}，{self.recorded_on}）"

    @property
    def is_cleared(self) -> bool:
        return self.cleared_on is not None

    @property
    def department_id(self) -> int | None:
        return self.case.item.department_id if self.case_id else None

    def clean(self) -> None:
        super().clean()
        self.id_number = normalize_id(self.id_number)
        self.applicant_name = (self.applicant_name or "").strip()
        try:
            validate_identifier(self.id_type, self.id_number)
        except ValidationError as exc:
            raise ValidationError({"id_number": exc.messages}) from exc
        if self.recorded_on and self.recorded_on > local_today():
            raise ValidationError({"recorded_on": "记录日期不能晚于今天。"})

    def save(self, *args, **kwargs) -> None:
        self.id_number = normalize_id(self.id_number)
        super().save(*args, **kwargs)


def blocking_record(id_number: str, *, exclude_case: int | None = None) -> CreditRecord | None:
    """The applicant's oldest uncleared credit record, if any."""
    records = CreditRecord.objects.filter(id_number=normalize_id(id_number), cleared_on__isnull=True)
    if exclude_case is not None:
        records = records.filter(~Q(case_id=exclude_case) | Q(case_id__isnull=True))
    return records.order_by("recorded_on", "id").first()


def applicant_excluded(id_number: str) -> bool:
    """True when the applicant has an uncleared false-commitment or serious bad-credit record."""
    return bool(id_number) and blocking_record(id_number) is not None
