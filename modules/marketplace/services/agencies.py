"""Agencies: registration, the operator's review, qualifications, and who may bid.

Rules (DESIGN "Agency-services marketplace", issue 5 point 1):
- an agency registers once (统一社会信用代码 with its check character, 营业执照 file, legal
  representative, authorised contact, service categories, qualifications, staff); it waits as
  待审核 and the operator reviews it by ``review_due`` = 2 Chinese working days after the day of
  submission (``cms.workdays``: weekends, holidays and 调休 counted);
- the operator approves, or rejects with a reason; approving a registration approves the
  qualifications submitted with it that have not expired;
- a new or changed qualification goes back to review (待审核, its own 2-working-day due date):
  until approved the agency may not bid in that category;
- an agency may bid in a category on a day (``may_bid``) when it is approved, no suspension or
  blacklisting is active that day, and it holds an approved qualification of that category not
  expired that day (and at the project's required level, when one is set);
- a blacklisted agency is delisted (``is_listed`` False: hidden from the public directory).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from cms.core.models import local_today
from cms.workdays.calendar import add_working_days

from ..models import (
    Agency,
    AgencyStatus,
    Qualification,
    QualificationStatus,
    Sanction,
    SanctionKind,
    ServiceCategory,
    StaffMember,
)
from ..uploads import check_upload
from .audit import record
from .errors import MarketplaceError

REVIEW_WORKING_DAYS = 2
#: Fields of the registration a person may send (the rest is set by the services).
AGENCY_FIELDS = ("name", "credit_code", "legal_representative", "contact_name", "contact_phone", "contact_email",
                 "address", "introduction")
#: Changing one of these (or the licence) sends an approved agency back to review.
REVIEWED_FIELDS = ("name", "legal_representative")
QUALIFICATION_FIELDS = ("category", "name", "certificate_number", "level", "expires_on")
STAFF_FIELDS = ("name", "title", "certificate_number")
#: Grades of Chinese qualification levels, best first; a level satisfies a requirement of its own or a lower grade.
LEVEL_GRADES = (("特级",), ("甲级", "一级", "壹级"), ("乙级", "二级", "贰级"), ("丙级", "三级", "叁级"),
                ("丁级", "四级", "肆级"))


def review_due_from(day: datetime.date) -> datetime.date:
    """The review deadline of something submitted on ``day``: 2 working days later."""
    return add_working_days(day, REVIEW_WORKING_DAYS)


@transaction.atomic
def register_agency(*, user: Any, data: dict, categories, licence, qualifications: list[dict],
                    staff: list[dict], now: datetime.datetime | None = None) -> Agency:
    """Register ``user``'s agency as 待审核 with its qualifications (待审核) and staff.

    Raises ``ValidationError`` (field messages in Chinese) for bad data or files.
    """
    if user is None or not getattr(user, "pk", None):
        raise ValidationError("请先创建机构账号再提交入驻申请。")
    if Agency.objects.filter(user=user).exists():
        raise ValidationError("该账号已提交过入驻申请，请在机构专区修改资料。")
    categories = list(categories or [])
    if not categories:
        raise ValidationError({"categories": "请至少选择一个服务类型。"})
    if not qualifications:
        raise ValidationError({"qualifications": "请至少填写一项资质。"})
    check_upload(licence)
    today = _today(now)
    agency = Agency(user=user, licence=licence, status=AgencyStatus.PENDING, review_due=review_due_from(today),
                    staff_count=len(staff))
    for field in AGENCY_FIELDS:
        value = data.get(field, "")
        setattr(agency, field, value.strip() if isinstance(value, str) else value)
    agency.credit_code = agency.credit_code.upper()
    agency.full_clean(exclude=["user", "categories"])
    agency.save()
    agency.categories.set(categories)
    for row in qualifications:
        _new_qualification(agency, row, row.get("certificate"), today)
    set_staff(agency, staff)
    record(agency, "register", f"{agency.name}提交入驻申请，审核期限 {agency.review_due:%Y-%m-%d}", user=user,
           review_due=agency.review_due, qualifications=len(qualifications), staff=len(staff))
    return agency


def _today(now: datetime.datetime | None) -> datetime.date:
    return timezone.localtime(now).date() if now else local_today()


def _clean_qualification_row(row: dict, today: datetime.date) -> dict:
    values = {f: row.get(f) for f in QUALIFICATION_FIELDS}
    for f in ("name", "certificate_number", "level"):
        values[f] = (values[f] or "").strip()
    if not isinstance(values["category"], ServiceCategory):
        values["category"] = ServiceCategory.objects.filter(pk=values["category"]).first()
    if values["category"] is None:
        raise ValidationError("请选择资质对应的服务类型。")
    if not values["name"] or not values["certificate_number"]:
        raise ValidationError("请填写资质名称和证书编号。")
    expires = values["expires_on"]
    if not isinstance(expires, datetime.date):
        raise ValidationError(f"请填写资质“{values['name']}”的有效期。")
    if expires < today:
        raise ValidationError(f"资质“{values['name']}”已于 {expires:%Y-%m-%d} 过期，不能提交。")
    return values


def _new_qualification(agency: Agency, row: dict, certificate, today: datetime.date) -> Qualification:
    values = _clean_qualification_row(row, today)
    check_upload(certificate)
    if agency.qualifications.filter(category=values["category"],
                                    certificate_number=values["certificate_number"]).exists():
        raise ValidationError(f"证书编号 {values['certificate_number']} 已经登记。")
    qualification = Qualification(agency=agency, certificate=certificate, status=QualificationStatus.PENDING,
                                  review_due=review_due_from(today), **values)
    qualification.full_clean(exclude=["agency"])
    qualification.save()
    agency.categories.add(values["category"])
    return qualification


def set_staff(agency: Agency, staff: list[dict]) -> None:
    """Replace the agency's list of practitioners (从业人员); the count follows."""
    rows = []
    for row in staff:
        member = StaffMember(agency=agency, **{f: (row.get(f) or "").strip() for f in STAFF_FIELDS})
        if not member.name:
            raise ValidationError("从业人员的姓名不能为空。")
        member.full_clean(exclude=["agency"])
        rows.append(member)
    agency.staff.all().delete()
    StaffMember.objects.bulk_create(rows)
    Agency.objects.filter(pk=agency.pk).update(staff_count=len(rows))
    agency.staff_count = len(rows)


@transaction.atomic
def update_profile(agency: Agency, data: dict, *, licence=None, categories=None, user: Any = None) -> Agency:
    """Change the agency's own profile; a changed name, legal representative or licence, or any
    change of a rejected agency, sends it back to review (待审核, a new due date)."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    changed = []
    for field in AGENCY_FIELDS:
        if field == "credit_code" or field not in data:
            continue
        value = data[field].strip() if isinstance(data[field], str) else data[field]
        if getattr(agency, field) != value:
            setattr(agency, field, value)
            changed.append(field)
    if licence:
        check_upload(licence)
        agency.licence = licence
        changed.append("licence")
    agency.full_clean(exclude=["user", "categories"])
    review = agency.status == AgencyStatus.REJECTED or (
        agency.status == AgencyStatus.APPROVED and any(f in changed for f in (*REVIEWED_FIELDS, "licence")))
    if review:
        agency.status = AgencyStatus.PENDING
        agency.review_due = review_due_from(local_today())
    agency.save()
    if categories is not None:
        if not list(categories):
            raise ValidationError({"categories": "请至少选择一个服务类型。"})
        agency.categories.set(categories)
        changed.append("categories")
    if changed or review:
        summary = f"{agency.name}修改机构资料" + ("，重新提交审核" if review else "")
        record(agency, "resubmit" if review else "update", summary, user=user, fields=changed)
    return agency


def _operator_user(user: Any) -> Any:
    from ..roles import is_operator

    if not is_operator(user):
        raise MarketplaceError("只有中介超市运营方可以审核。")
    return user


@transaction.atomic
def approve_agency(agency: Agency, user: Any) -> Agency:
    """Approve a 待审核 registration and the unexpired qualifications submitted with it."""
    _operator_user(user)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.status != AgencyStatus.PENDING:
        raise MarketplaceError(f"该机构当前为“{agency.get_status_display()}”，只有待审核的机构可以审核。")
    today = local_today()
    agency.status = AgencyStatus.APPROVED
    agency.reviewed_at, agency.reviewed_by, agency.review_note = timezone.now(), user, ""
    agency.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    pending = list(agency.qualifications.filter(status=QualificationStatus.PENDING, expires_on__gte=today))
    for qualification in pending:
        qualification.status, qualification.review_note = QualificationStatus.APPROVED, ""
        qualification.save(update_fields=["status", "review_note", "updated_at"])
        record(qualification, "approve", f"{agency.name}的资质“{qualification.name}”审核通过", user=user)
    record(agency, "approve", f"{agency.name}入驻审核通过", user=user,
           on_time=today <= agency.review_due, qualifications=len(pending))
    return agency


@transaction.atomic
def reject_agency(agency: Agency, user: Any, reason: str) -> Agency:
    """Return a 待审核 registration with the reason the agency must fix."""
    _operator_user(user)
    reason = (reason or "").strip()
    if not reason:
        raise MarketplaceError("退回入驻申请必须填写理由。")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.status != AgencyStatus.PENDING:
        raise MarketplaceError(f"该机构当前为“{agency.get_status_display()}”，只有待审核的机构可以退回。")
    agency.status = AgencyStatus.REJECTED
    agency.reviewed_at, agency.reviewed_by, agency.review_note = timezone.now(), user, reason
    agency.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    record(agency, "reject", f"{agency.name}入驻申请被退回：{reason}", user=user, reason=reason,
           on_time=local_today() <= agency.review_due)
    return agency


@transaction.atomic
def submit_qualification(agency: Agency, data: dict, certificate, *, qualification: Qualification | None = None,
                         user: Any = None, now: datetime.datetime | None = None) -> Qualification:
    """Add a qualification, or change ``qualification``; either way it goes back to review."""
    today = _today(now)
    if qualification is None:
        created = _new_qualification(agency, data, certificate, today)
        record(created, "submit", f"{agency.name}新增资质“{created.name}”，待审核", user=user,
               review_due=created.review_due)
        return created
    qualification = Qualification.objects.select_for_update().get(pk=qualification.pk, agency=agency)
    values = _clean_qualification_row({**{f: getattr(qualification, f) for f in QUALIFICATION_FIELDS}, **data}, today)
    duplicate = agency.qualifications.exclude(pk=qualification.pk).filter(
        category=values["category"], certificate_number=values["certificate_number"])
    if duplicate.exists():
        raise ValidationError(f"证书编号 {values['certificate_number']} 已经登记。")
    for field, value in values.items():
        setattr(qualification, field, value)
    if certificate:
        check_upload(certificate)
        qualification.certificate = certificate
    qualification.status = QualificationStatus.PENDING
    qualification.review_due, qualification.review_note = review_due_from(today), ""
    qualification.full_clean(exclude=["agency"])
    qualification.save()
    agency.categories.add(values["category"])
    record(qualification, "change", f"{agency.name}变更资质“{qualification.name}”，重新审核", user=user,
           review_due=qualification.review_due)
    return qualification


@transaction.atomic
def approve_qualification(q: Qualification, user: Any) -> Qualification:
    _operator_user(user)
    q = Qualification.objects.select_for_update().select_related("agency").get(pk=q.pk)
    if q.status != QualificationStatus.PENDING:
        raise MarketplaceError("只有待审核的资质可以审核。")
    if q.expires_on < local_today():
        raise MarketplaceError(f"该资质已于 {q.expires_on:%Y-%m-%d} 过期，不能通过。")
    q.status, q.review_note = QualificationStatus.APPROVED, ""
    q.save(update_fields=["status", "review_note", "updated_at"])
    record(q, "approve", f"{q.agency.name}的资质“{q.name}”审核通过", user=user)
    return q


@transaction.atomic
def reject_qualification(q: Qualification, user: Any, reason: str) -> Qualification:
    _operator_user(user)
    reason = (reason or "").strip()
    if not reason:
        raise MarketplaceError("退回资质必须填写理由。")
    q = Qualification.objects.select_for_update().select_related("agency").get(pk=q.pk)
    if q.status != QualificationStatus.PENDING:
        raise MarketplaceError("只有待审核的资质可以退回。")
    q.status, q.review_note = QualificationStatus.REJECTED, reason
    q.save(update_fields=["status", "review_note", "updated_at"])
    record(q, "reject", f"{q.agency.name}的资质“{q.name}”未通过：{reason}", user=user, reason=reason)
    return q


def active_sanction(agency: Agency, day: datetime.date) -> Sanction | None:
    """The sanction in force on ``day`` (a blacklisting before a suspension), or None."""
    active = [s for s in agency.sanctions.filter(lifted_at=None, starts_on__lte=day, ends_on__gte=day)]
    active.sort(key=lambda s: (s.kind != SanctionKind.BLACKLIST, s.starts_on))
    return active[0] if active else None


def is_listed(agency: Agency, day: datetime.date | None = None) -> bool:
    """False while a blacklisting is in force (the agency is delisted)."""
    day = day or local_today()
    return not agency.sanctions.filter(kind=SanctionKind.BLACKLIST, lifted_at=None, starts_on__lte=day,
                                       ends_on__gte=day).exists()


def listed_agencies(day: datetime.date | None = None) -> QuerySet[Agency]:
    """Approved agencies not blacklisted on ``day``, best rated first (the public directory)."""
    day = day or local_today()
    blacklisted = Sanction.objects.filter(agency=OuterRef("pk"), kind=SanctionKind.BLACKLIST, lifted_at=None,
                                          starts_on__lte=day, ends_on__gte=day)
    return (Agency.objects.filter(status=AgencyStatus.APPROVED).exclude(Exists(blacklisted))
            .order_by(F("rating").desc(nulls_last=True), "name"))


def level_satisfies(level: str, required: str) -> bool:
    """Does a qualification of ``level`` meet ``required``? (甲级 meets 乙级; unknown levels must match)."""
    required, level = (required or "").strip(), (level or "").strip()
    if not required:
        return True
    rank = {name: i for i, names in enumerate(LEVEL_GRADES) for name in names}
    if required in rank and level in rank:
        return rank[level] <= rank[required]
    return level == required


def valid_qualifications(agency: Agency, category: ServiceCategory, day: datetime.date,
                         required_level: str = "") -> list[Qualification]:
    """The agency's approved qualifications of ``category`` valid on ``day`` at ``required_level``."""
    found = agency.qualifications.filter(category=category, status=QualificationStatus.APPROVED,
                                         expires_on__gte=day)
    return [q for q in found if level_satisfies(q.level, required_level)]


def may_bid(agency: Agency, category: ServiceCategory, day: datetime.date, *,
            required_level: str = "") -> tuple[bool, str]:
    """Whether ``agency`` may sign up in ``category`` on ``day``, and if not, why (Chinese)."""
    if agency.status != AgencyStatus.APPROVED:
        return False, f"机构入驻状态为“{agency.get_status_display()}”，审核通过后才能报名。"
    sanction = active_sanction(agency, day)
    if sanction is not None:
        return False, (f"机构被{sanction.get_kind_display()}（{sanction.starts_on:%Y-%m-%d} 至 "
                       f"{sanction.ends_on:%Y-%m-%d}），期间不能报名。")
    qualifications = agency.qualifications.filter(category=category)
    if valid_qualifications(agency, category, day, required_level):
        return True, ""
    if not qualifications.exists():
        return False, f"机构没有“{category.name}”类的资质。"
    if qualifications.filter(status=QualificationStatus.PENDING).exists() and not qualifications.filter(
            Q(status=QualificationStatus.APPROVED) & Q(expires_on__gte=day)).exists():
        return False, f"机构“{category.name}”类的资质正在审核，审核通过后才能报名。"
    if not qualifications.filter(status=QualificationStatus.APPROVED, expires_on__gte=day).exists():
        return False, f"机构“{category.name}”类的资质已过期或未通过审核。"
    return False, f"机构“{category.name}”类的资质等级低于项目要求的{required_level}。"
