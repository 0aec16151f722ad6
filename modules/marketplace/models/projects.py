"""Projects (中介服务项目) and their notices: the fields of the 项目公告, the state machine, sign-ups
and sealed quotes.

States (DESIGN): 报名中 → 选取中 → 已选取 / 无效 (no qualified sign-up) → 服务中 → 服务完成 / 中止.
The moves at 报名截止 and 选取时间 are made by django-q2 schedules, not by a person.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .agencies import Agency
from .catalogue import ServiceCategory


class ProjectState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SIGNUP = "signup", "报名中"
    SELECTING = "selecting", "选取中"
    SELECTED = "selected", "已选取"
    VOID = "void", "无效"
    IN_SERVICE = "in_service", "服务中"
    COMPLETED = "completed", "服务完成"
    TERMINATED = "terminated", "中止"


#: Allowed moves of the state machine.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProjectState.DRAFT: (ProjectState.SIGNUP,),
    ProjectState.SIGNUP: (ProjectState.SELECTING, ProjectState.VOID, ProjectState.TERMINATED),
    ProjectState.SELECTING: (ProjectState.SELECTED, ProjectState.VOID, ProjectState.TERMINATED),
    ProjectState.SELECTED: (ProjectState.IN_SERVICE, ProjectState.TERMINATED),
    ProjectState.IN_SERVICE: (ProjectState.COMPLETED, ProjectState.TERMINATED),
    ProjectState.VOID: (),
    ProjectState.COMPLETED: (),
    ProjectState.TERMINATED: (),
}
PUBLIC_STATES = tuple(s for s in ProjectState.values if s != ProjectState.DRAFT)


class QuoteMethod(models.TextChoices):
    AMOUNT = "amount", "报价金额"
    RATE = "rate", "下浮率"


class SelectionMethod(models.TextChoices):
    DIRECT = "direct", "直接选取"
    LOTTERY = "lottery", "随机抽取"
    BIDDING = "bidding", "竞价选取"
    MERIT = "merit", "择优选取"


class Project(models.Model):
    """An intermediary-service project of an owner department, with its public notice."""

    # Given at publication (ZJ2026-0001); drafts have none, so any number of drafts may exist.
    number = models.CharField("项目编号", max_length=30, unique=True, null=True, blank=True, editable=False)
    title = models.CharField("项目名称", max_length=150)
    owner = models.ForeignKey("departments.Department", verbose_name="业主单位", on_delete=models.PROTECT,
                              related_name="marketplace_projects")
    category = models.ForeignKey(ServiceCategory, verbose_name="服务类型", on_delete=models.PROTECT,
                                 related_name="projects")
    budget = models.DecimalField("预算金额（元）", max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    max_price = models.DecimalField("最高限价（元）", max_digits=12, decimal_places=2, null=True, blank=True,
                                    validators=[MinValueValidator(0)])
    quote_method = models.CharField("报价方式", max_length=10, choices=QuoteMethod.choices, default=QuoteMethod.AMOUNT)
    qualification_requirement = models.CharField("资质要求", max_length=300)
    required_level = models.CharField("最低资质等级", max_length=30, blank=True)
    signup_deadline = models.DateTimeField("报名截止时间")
    selection_at = models.DateTimeField("选取时间")
    method = models.CharField("选取方式", max_length=10, choices=SelectionMethod.choices)
    avoidance = models.TextField("回避要求", blank=True)
    content = models.TextField("服务内容")
    service_period = models.CharField("服务时限", max_length=100)
    complaint_phone = models.CharField("投诉电话", max_length=30)
    contact = models.CharField("业主联系人及电话", max_length=100)
    publicity_days = models.PositiveSmallIntegerField("公示期（工作日）", default=3,
                                                      validators=[MinValueValidator(1), MaxValueValidator(15)])
    state = models.CharField("状态", max_length=12, choices=ProjectState.choices, default=ProjectState.DRAFT)
    void_reason = models.CharField("无效或中止原因", max_length=300, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    # 服务完成: the owner's 180 days to evaluate run from here; reminders at most every 30 days.
    completed_at = models.DateTimeField("服务完成时间", null=True, blank=True, editable=False)
    evaluation_reminded_at = models.DateTimeField("最近一次评价提醒时间", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    # 随机抽取: the commitment (SHA-256 of a secret value) is published with the notice, the value
    # itself at the draw, so anyone can check it was fixed before the sign-ups were known.
    lottery_commitment = models.CharField("抽取随机值承诺（SHA-256）", max_length=64, blank=True, editable=False)
    lottery_secret = models.CharField("抽取随机值", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "中介服务项目"
        verbose_name_plural = "中介服务项目"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "signup_deadline"], name="project_state_deadline"),
            models.Index(fields=["state", "selection_at"], name="project_state_selection"),
            models.Index(fields=["owner", "state"], name="project_owner_state"),
        ]
        permissions = [("operate_marketplace", "运营中介服务超市（审核机构、处理投诉、信用管理）")]

    def __str__(self) -> str:
        return f"{self.number or '（草稿）'} {self.title}"

    @property
    def is_public(self) -> bool:
        return self.state != ProjectState.DRAFT

    def may_move_to(self, state: str) -> bool:
        return state in TRANSITIONS[self.state]


class SignUp(models.Model):
    """An agency's sign-up (报名) for a project, with its sealed quote."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="signups")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="signups")
    created_at = models.DateTimeField("报名时间", auto_now_add=True)
    qualified = models.BooleanField("资格审查合格", null=True, help_text="报名截止时审查。")
    disqualified_reason = models.CharField("不合格原因", max_length=200, blank=True)
    # The quote is stored encrypted (Fernet) and decrypted only after the deadline: it cannot be
    # read before through any page, API, admin screen, export or database dump.
    sealed_quote = models.TextField("密封报价", blank=True, editable=False)
    quoted_at = models.DateTimeField("报价时间", null=True, blank=True)
    opened_quote = models.DecimalField("开启后的报价", max_digits=12, decimal_places=4, null=True, blank=True,
                                       editable=False)

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "agency"], name="signup_once_per_project")]

    def __str__(self) -> str:
        return f"{self.agency} → {self.project.number}"
