"""Agencies (中介机构): registration, the operator's review, qualifications and staff.

Rules (DESIGN "Agency-services marketplace"):
- an agency registers once with its 营业执照 (统一社会信用代码 with its check character), legal
  representative, authorised contact (业务授权人), service categories, qualifications and staff;
- the operator checks the formal requirements within 2 working days (``review_due``) and approves
  or rejects with a reason; a change of qualifications goes back through review;
- an agency may sign up for a project only while approved, not suspended or blacklisted, and with
  an approved, unexpired qualification in the project's category.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from ..storage import private_storage

from cms.departments.credit_code import validate_credit_code

from .catalogue import ServiceCategory


class AgencyStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已入驻"
    REJECTED = "rejected", "已退回"


class Agency(models.Model):
    """A registered intermediary-service agency and its account."""

    name = models.CharField("机构名称", max_length=120)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code])
    legal_representative = models.CharField("法定代表人", max_length=50)
    contact_name = models.CharField("业务授权人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=30)
    contact_email = models.EmailField("电子邮箱")
    address = models.CharField("办公地址", max_length=200)
    introduction = models.TextField("机构简介", blank=True)
    categories = models.ManyToManyField(ServiceCategory, verbose_name="服务类型", related_name="agencies")
    staff_count = models.PositiveIntegerField("从业人员数", default=0)
    licence = models.FileField("营业执照", upload_to="marketplace/licences/%Y/", storage=private_storage)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="机构账号", on_delete=models.PROTECT, related_name="agency",
    )
    status = models.CharField("入驻状态", max_length=10, choices=AgencyStatus.choices, default=AgencyStatus.PENDING)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    review_due = models.DateField("审核期限", help_text="提交后 2 个工作日内审核。")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    review_note = models.TextField("审核意见", blank=True)
    rating = models.DecimalField("信用星级", max_digits=3, decimal_places=2, null=True, blank=True,
                                 help_text="业主、监管部门、服务中心评价按 5:3:2 加权，满分 5 星。")

    class Meta:
        verbose_name = "中介机构"
        verbose_name_plural = "中介机构"
        ordering = ["-rating", "name"]
        indexes = [models.Index(fields=["status", "review_due"], name="agency_status_due")]

    def __str__(self) -> str:
        return self.name


class QualificationStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"


class Qualification(models.Model):
    """A qualification certificate (资质) of an agency in one service category."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="qualifications")
    category = models.ForeignKey(ServiceCategory, verbose_name="服务类型", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("资质名称", max_length=100)
    certificate_number = models.CharField("证书编号", max_length=60)
    level = models.CharField("资质等级", max_length=30, blank=True)
    expires_on = models.DateField("有效期至")
    certificate = models.FileField("证书扫描件", upload_to="marketplace/certificates/%Y/", storage=private_storage)
    status = models.CharField("审核状态", max_length=10, choices=QualificationStatus.choices,
                              default=QualificationStatus.PENDING)
    review_due = models.DateField("审核期限", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "资质"
        verbose_name_plural = "资质"
        ordering = ["category__order", "expires_on"]
        constraints = [models.UniqueConstraint(fields=["agency", "category", "certificate_number"],
                                               name="qualification_unique_certificate")]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"

    def valid_on(self, day: datetime.date) -> bool:
        """Approved and not expired on ``day`` (an expired qualification stops bidding)."""
        return self.status == QualificationStatus.APPROVED and self.expires_on >= day


class StaffMember(models.Model):
    """A practitioner (从业人员) of an agency."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField("姓名", max_length=50)
    title = models.CharField("职称或执业资格", max_length=80, blank=True)
    certificate_number = models.CharField("证书编号", max_length=60, blank=True)

    class Meta:
        verbose_name = "从业人员"
        verbose_name_plural = "从业人员"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
