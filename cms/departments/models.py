"""Departments and townships (部门、乡镇、街道) that publish into their own columns."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .credit_code import validate_credit_code


class DepartmentKind(models.TextChoices):
    DEPARTMENT = "department", "部门"
    TOWNSHIP = "township", "乡镇"
    SUBDISTRICT = "subdistrict", "街道"


class Department(index.Indexed, models.Model):
    """A department or township with its own disclosure subtree, groups and workflow.

    ``issuer_code`` is the prefix of its 索引号 (``<issuer code>/<year>-<serial>``); it is
    the 统一社会信用代码 unless the county assigned another code.  It cannot change once an
    index number was issued with it, because 索引号 are never changed.
    """

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="所属站点", on_delete=models.PROTECT, related_name="departments",
        null=True, blank=True,
    )
    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30)
    slug = models.SlugField(
        "网址标识", max_length=50, unique=True, allow_unicode=False,
        help_text="用于网址和用户组名，只能使用小写字母、数字和连字符，例如 jyj。",
    )
    kind = models.CharField("类型", max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.DEPARTMENT)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code],
    )
    issuer_code = models.CharField(
        "索引号前缀", max_length=30, blank=True,
        validators=[RegexValidator(r"^[0-9A-Z-]+$", "索引号前缀只能由数字、大写字母和连字符组成。")],
        help_text="生成索引号时使用的机构代码，留空则使用统一社会信用代码。",
    )
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    order = models.PositiveIntegerField("排序", default=100, help_text="数字小的排在前面。")
    contributors = models.OneToOneField(
        Group, verbose_name="信息员用户组", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="contributing_department",
    )
    reviewers = models.OneToOneField(
        Group, verbose_name="审核员用户组", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="reviewing_department",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection", verbose_name="附件库", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="department",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldRowPanel([FieldPanel("short_name"), FieldPanel("slug")]),
             FieldRowPanel([FieldPanel("kind"), FieldPanel("order")]), FieldPanel("site")],
            heading="基本信息",
        ),
        MultiFieldPanel([FieldPanel("credit_code"), FieldPanel("issuer_code")], heading="机构代码"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("office_hours")], heading="联系方式"
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("short_name")]

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门和乡镇"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def index_prefix(self) -> str:
        """The issuer part of this department's 索引号."""
        return self.issuer_code or self.credit_code

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from cms.disclosure.models import IndexSerial

        self.credit_code = (self.credit_code or "").strip().upper()
        self.issuer_code = (self.issuer_code or "").strip().upper()
        if not self.pk:
            return
        previous = Department.objects.filter(pk=self.pk).values("credit_code", "issuer_code").first()
        old_prefix = (previous["issuer_code"] or previous["credit_code"]) if previous else self.index_prefix
        if old_prefix != self.index_prefix and IndexSerial.objects.filter(issuer_code=old_prefix).exists():
            raise ValidationError({"issuer_code": "该部门已生成过索引号，索引号前缀不能再修改。"})
