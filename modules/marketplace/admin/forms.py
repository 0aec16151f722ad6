"""Forms of the marketplace admin: the project notice, its merit criteria and the owners' and
operator's decisions.

Rules enforced here (the services enforce the state machine again):
- a project notice: the owner is one of the user's own departments, the category an active one;
  报名截止 lies in the future, 选取时间 after 报名截止, 最高限价 ≤ 预算金额, a budget above 0,
  a usable 投诉电话; 择优选取 needs at least one published criterion with points above 0, and only
  择优选取 has criteria;
- 直接选取 picks one of the qualified sign-ups and states a reason;
- merit scores are given by a named scorer for every qualified sign-up and criterion, from 0 to
  the criterion's points;
- the owner's evaluation gives 1–5 on each of 服务质量, 时效, 态度, 收费, 规范, with a comment;
- rejecting, terminating, sanctioning and answering always carry a written reason or answer.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import (
    Agency,
    CreditRating,
    MeritCriterion,
    Project,
    RatingSource,
    Sanction,
    ServiceCategory,
    SignUp,
)
from .permissions import owner_departments

PHONE = re.compile(r"^[0-9０-９\-－—()（）+＋\s转、,，/]+$")
MIN_REASON = 5


def _text(value: str | None) -> str:
    return (value or "").strip()


def required_text(value: str | None, message: str, minimum: int = 1) -> str:
    text = _text(value)
    if len(text) < minimum:
        raise forms.ValidationError(message)
    return text


class ProjectForm(WagtailAdminModelForm):
    """The project notice (项目公告) as the owner department fills it in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "owner" in self.fields and user is not None:
            departments = owner_departments(user).order_by("order", "name")
            field = self.fields["owner"]
            field.widget = forms.Select()  # not the snippet chooser: it would offer every department
            field.queryset = departments
            field.empty_label = "请选择业主单位"
            if not self.instance.pk and departments.count() == 1:
                field.initial = departments.first().pk
        if "category" in self.fields:
            active = Q(active=True)
            if self.instance.pk and self.instance.category_id:
                active |= Q(pk=self.instance.category_id)
            self.fields["category"].widget = forms.Select()  # active categories only, no chooser
            self.fields["category"].queryset = ServiceCategory.objects.filter(active).order_by("order", "name")
            self.fields["category"].empty_label = "请选择服务类型"

    def clean_title(self) -> str:
        return required_text(self.cleaned_data.get("title"), "请填写项目名称。")

    def clean_budget(self):
        budget = self.cleaned_data.get("budget")
        if budget is not None and budget <= 0:
            raise forms.ValidationError("预算金额必须大于 0。")
        return budget

    def clean_complaint_phone(self) -> str:
        phone = _text(self.cleaned_data.get("complaint_phone"))
        digits = sum(ch.isdigit() for ch in phone)
        if not PHONE.match(phone or "x") or digits < 5:
            raise forms.ValidationError("请填写有效的投诉电话，例如 0871-12345678 或 12345。")
        return phone

    def clean(self):
        data = super().clean()
        deadline, selection_at = data.get("signup_deadline"), data.get("selection_at")
        if deadline is not None and deadline <= timezone.now():
            self.add_error("signup_deadline", "报名截止时间必须晚于当前时间。")
        if deadline is not None and selection_at is not None and selection_at <= deadline:
            self.add_error("selection_at", "选取时间必须晚于报名截止时间。")
        budget, max_price = data.get("budget"), data.get("max_price")
        if budget is not None and max_price is not None and max_price > budget:
            self.add_error("max_price", "最高限价不能高于预算金额。")
        return data


class CriterionFormSetBase(BaseInlineFormSet):
    """The published criteria of a 择优选取 project: named, unique, with points above 0."""

    def clean(self):
        super().clean()
        names: set[str] = set()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            name = _text(form.cleaned_data.get("name"))
            points = form.cleaned_data.get("max_points")
            if points is not None and points <= 0:
                form.add_error("max_points", "分值必须大于 0。")
            if name in names:
                form.add_error("name", "评分项名称重复。")
            names.add(name)

    def kept_forms(self) -> list[forms.Form]:
        """The criteria that stay after saving: existing or newly filled in, not marked for deletion."""
        return [form for form in self.forms
                if not self._should_delete_form(form) and (form.instance.pk or form.has_changed())]


CriterionFormSet = inlineformset_factory(
    Project, MeritCriterion, formset=CriterionFormSetBase, fields=("name", "description", "max_points"),
    extra=3, can_delete=True,
    widgets={"description": forms.TextInput(attrs={"placeholder": "例如：每项业绩 2 分"})},
)


def signup_label(signup: SignUp) -> str:
    return f"{signup.agency.name}（{signup.agency.credit_code}）"


class DirectSelectionForm(forms.Form):
    """直接选取: one of the qualified sign-ups, and the reason."""

    signup = forms.ModelChoiceField(label="选取的中介机构", queryset=SignUp.objects.none(), empty_label="请选择",
                                    widget=forms.RadioSelect,
                                    error_messages={"required": "请选择一家资格审查合格的中介机构。",
                                                    "invalid_choice": "只能在资格审查合格的报名机构中选取。"})
    reason = forms.CharField(label="选取理由", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                             help_text="直接选取须写明理由，理由随中选结果公示。",
                             error_messages={"required": "请写明直接选取的理由。"})

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["signup"]
        field.queryset = project.signups.filter(qualified=True).select_related("agency").order_by("created_at")
        field.label_from_instance = signup_label

    def clean_reason(self) -> str:
        return required_text(self.cleaned_data.get("reason"), f"请写明直接选取的理由（不少于 {MIN_REASON} 个字）。",
                             MIN_REASON)


def score_field_name(signup: SignUp, criterion: MeritCriterion) -> str:
    return f"score_{signup.pk}_{criterion.pk}"


class MeritScoreForm(forms.Form):
    """One named scorer's points: every qualified sign-up on every published criterion."""

    scorer = forms.CharField(label="评分人", max_length=50, help_text="评分人姓名，随评分结果留档。",
                             error_messages={"required": "请填写评分人姓名。"})

    def __init__(self, *args, signups: list[SignUp], criteria: list[MeritCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.signups, self.criteria = signups, criteria
        for signup in signups:
            for criterion in criteria:
                self.fields[score_field_name(signup, criterion)] = forms.DecimalField(
                    label=f"{signup.agency.name}：{criterion.name}", min_value=Decimal("0"),
                    max_value=criterion.max_points, decimal_places=1, max_digits=5,
                    error_messages={
                        "required": f"请给“{signup.agency.name}”的“{criterion.name}”打分。",
                        "min_value": "得分不能小于 0。",
                        "max_value": f"“{criterion.name}”满分 {criterion.max_points} 分，得分不能超过满分。",
                        "invalid": "得分须为数字，最多一位小数。",
                        "max_decimal_places": "得分最多保留一位小数。",
                    },
                    widget=forms.NumberInput(attrs={"step": "0.1", "min": "0", "max": str(criterion.max_points)}),
                )

    def clean_scorer(self) -> str:
        return required_text(self.cleaned_data.get("scorer"), "请填写评分人姓名。")

    def rows(self) -> list[dict]:
        """The grid for the template: one row per sign-up, one bound field per criterion."""
        return [{"signup": signup, "fields": [self[score_field_name(signup, c)] for c in self.criteria]}
                for signup in self.signups]

    def scores(self):
        for signup in self.signups:
            for criterion in self.criteria:
                yield signup, criterion, self.cleaned_data[score_field_name(signup, criterion)]


class ReasonForm(forms.Form):
    """A written reason: rejecting a registration or qualification, terminating a project."""

    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 4}), max_length=300,
                             error_messages={"required": "请填写理由。", "max_length": "理由不能超过 300 个字。"})

    def clean_reason(self) -> str:
        return required_text(self.cleaned_data.get("reason"), f"请写明理由（不少于 {MIN_REASON} 个字）。", MIN_REASON)


STARS = [(str(n), f"{n} 星") for n in range(5, 0, -1)]
EVALUATION_FIELDS = (("quality", "服务质量"), ("timeliness", "时效"), ("attitude", "态度"), ("fees", "收费"),
                     ("conduct", "规范"))


class EvaluationForm(forms.Form):
    """The owner's evaluation: 1–5 on each of the five aspects, and a comment."""

    comment = forms.CharField(label="评价意见", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                              error_messages={"required": "请填写评价意见。"})

    field_order = [name for name, _ in EVALUATION_FIELDS] + ["comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in EVALUATION_FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=STARS, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": f"请给“{label}”评 1～5 星。",
                                "invalid_choice": f"“{label}”只能评 1～5 星。"},
            )
        self.order_fields(self.field_order)

    def clean_comment(self) -> str:
        return required_text(self.cleaned_data.get("comment"), "请填写评价意见。")

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, _ in EVALUATION_FIELDS}


class SanctionForm(forms.ModelForm):
    """暂停入驻 or 列入黑名单, with reason, level and period."""

    class Meta:
        model = Sanction
        fields = ["agency", "kind", "level", "reason", "starts_on", "ends_on"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4}), "starts_on": forms.DateInput(attrs={"type": "date"}),
                   "ends_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.order_by("name")
        self.fields["agency"].empty_label = "请选择中介机构"

    def clean_reason(self) -> str:
        return required_text(self.cleaned_data.get("reason"), f"请写明处理理由（不少于 {MIN_REASON} 个字）。",
                             MIN_REASON)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "结束日期不能早于开始日期。")
        return data


class RatingForm(forms.ModelForm):
    """A regulator's or the centre's rating of an agency (owners rate through their evaluation)."""

    source = forms.ChoiceField(label="评价来源", choices=[(RatingSource.REGULATOR.value, RatingSource.REGULATOR.label),
                                                      (RatingSource.CENTRE.value, RatingSource.CENTRE.label)],
                               help_text="业主评价来自业主单位的服务评价，不在此录入。")
    stars = forms.DecimalField(label="星级", min_value=Decimal("1"), max_value=Decimal("5"), decimal_places=2,
                               max_digits=3, help_text="1～5 星，可保留两位小数。",
                               error_messages={"min_value": "星级不能低于 1 星。", "max_value": "星级不能高于 5 星。",
                                               "required": "请填写星级。", "invalid": "星级须为 1～5 之间的数字。",
                                               "max_decimal_places": "星级最多保留两位小数。"})

    class Meta:
        model = CreditRating
        fields = ["agency", "source", "stars", "project", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.order_by("name")
        self.fields["agency"].empty_label = "请选择中介机构"
        self.fields["project"].queryset = Project.objects.exclude(state="draft").order_by("-published_at")
        self.fields["project"].empty_label = "（不针对具体项目）"
        self.fields["note"].required = True
        self.fields["note"].error_messages["required"] = "请填写评价说明。"

    def clean_note(self) -> str:
        return required_text(self.cleaned_data.get("note"), "请填写评价说明。")


class AnswerForm(forms.Form):
    """The answer to an objection or complaint."""

    answer = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 6}), max_length=4000,
                             error_messages={"required": "请填写答复内容。"})

    def clean_answer(self) -> str:
        return required_text(self.cleaned_data.get("answer"), f"请填写答复内容（不少于 {MIN_REASON} 个字）。",
                             MIN_REASON)
