"""Admin forms of items, cases and credit records, and the verification and clearing forms.

Rules:
- a department's staff pick only their own department for an item, and only their own
  department's published items for a case (the service centre picks any);
- the 涉及领域 declaration is a set of check boxes; ticking any of them refuses the item with the
  reason (``CommitmentItem.clean``), as does an excluded 领域 or an excluded word in the name;
- a verified case cannot be edited any more; its result is changed by no form;
- 核查不实 needs the action taken and the facts; clearing a credit record needs a reason.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm

from cms.core.models import local_today

from .choices import CaseState, ExcludedArea, FalseAction
from .models import CommitmentItem
from .permissions import departments_for, is_manager


class CommitmentItemForm(WagtailAdminModelForm):
    involved_areas = forms.MultipleChoiceField(
        label="本事项是否涉及下列领域", choices=ExcludedArea.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="涉及任一领域的事项，依据国办发〔2020〕42号不适用告知承诺制，不能保存。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "department" in self.fields and self.for_user is not None:
            self.fields["department"].queryset = departments_for(self.for_user)
            self.fields["department"].empty_label = "请选择实施部门"

    def clean_name(self) -> str:
        name = (self.cleaned_data.get("name") or "").strip()
        if not name:
            raise forms.ValidationError("请填写事项名称。")
        return name


class CommitmentCaseForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "item" in self.fields:
            allowed = CommitmentItem.objects.published()
            if self.for_user is not None and not is_manager(self.for_user):
                allowed = allowed.filter(department__in=departments_for(self.for_user))
            choosable = Q(pk__in=allowed.values("pk"))
            if self.instance.pk and self.instance.item_id:
                choosable |= Q(pk=self.instance.item_id)
            field = self.fields["item"]
            field.queryset = (CommitmentItem.objects.filter(choosable).select_related("department")
                              .order_by("department__order", "department__name", "name"))
            field.empty_label = "请选择告知承诺事项"
            field.label_from_instance = lambda item: f"{item.department.short_name}｜{item.name}"
            field.widget = forms.Select()
            field.widget.choices = field.choices
        if "id_number" in self.fields:
            self.fields["id_number"].help_text = "居民身份证号码 18 位（末位可为 X），或 18 位统一社会信用代码。"

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.state in (CaseState.VERIFIED_TRUE, CaseState.VERIFIED_FALSE):
            raise forms.ValidationError("该办件已核查，不能再修改。")
        return cleaned


class CreditRecordForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.cleared_on:
            raise forms.ValidationError("已修复的信用记录不能再修改。")
        return cleaned


class VerifyForm(forms.Form):
    """核查: 属实 or 不实; 不实 needs the action and the facts."""

    RESULTS = (("true", "核查属实"), ("false", "核查不实（虚假承诺）"))

    result = forms.ChoiceField(label="核查结果", choices=RESULTS, widget=forms.RadioSelect,
                               error_messages={"required": "请选择核查结果。", "invalid_choice": "核查结果无效。"})
    verified_on = forms.DateField(label="核查日期", initial=local_today,
                                  error_messages={"required": "请填写核查日期。", "invalid": "核查日期格式应为 YYYY-MM-DD。"},
                                  widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.ChoiceField(label="处理措施（核查不实时必选）", required=False,
                               choices=[("", "—— 请选择 ——"), *FalseAction.choices],
                               error_messages={"invalid_choice": "处理措施无效。"})
    note = forms.CharField(label="核查情况", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=2000, error_messages={"max_length": "核查情况不能超过 2000 字。"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("result") == "false":
            if not cleaned.get("action"):
                self.add_error("action", "核查不实的，必须选择处理措施：终止办理、责令整改、撤销决定或行政处罚。")
            if not (cleaned.get("note") or "").strip():
                self.add_error("note", "核查不实的，必须填写核查情况（虚假承诺的具体内容）。")
        elif cleaned.get("result") == "true" and cleaned.get("action"):
            self.add_error("action", "核查属实的办件不需要处理措施。")
        day = cleaned.get("verified_on")
        if day and day > local_today():
            self.add_error("verified_on", "核查日期不能晚于今天。")
        return cleaned


class ClearCreditForm(forms.Form):
    reason = forms.CharField(label="修复理由", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                             error_messages={"required": "请填写修复理由（例如：已完成整改并提交信用修复申请）。",
                                             "max_length": "修复理由不能超过 2000 字。"})


__all__ = ["ClearCreditForm", "CommitmentCaseForm", "CommitmentItemForm", "CreditRecordForm", "VerifyForm"]
