"""Forms of the agency area: registration, profile, staff, qualifications, quotes, contracts, results.

Rules enforced here (input checks; the marketplace rules themselves live in ``services``):
- 统一社会信用代码: 18 characters with the GB 32100-2015 check character, stored upper case,
  registered once (a second registration with the same code is refused);
- uploaded files (营业执照, 资质证书, 合同, 服务成果) are checked by their real type and size
  (``uploads.check_upload``: PDF, JPG or PNG, at most 10 MB) before anything is written;
- the account: a free user name, a password that passes Django's password validators (messages
  in Chinese), typed twice;
- qualifications: at least one at registration, unexpired, in one of the agency's service
  categories, one certificate number per category;
- a sealed quote is typed twice (it cannot be read back before the deadline) and must be valid by
  the rule the selection applies (``services.bidding.quote_problem``: a positive amount not above
  the 最高限价 (or the budget), or a 下浮率 from 0 to 100 %).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from cms.departments.credit_code import validate_credit_code

from ..models import Agency, Contract, Project, QuoteMethod, ServiceCategory, ServiceResult
from ..services.bidding import quote_problem
from ..services.projects import ceiling
from ..uploads import check_upload

PHONE = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$",
    "请填写 11 位手机号码或带区号的固定电话，例如 13800000000 或 0870-5120000。",
)
MAX_QUALIFICATIONS = 20
MAX_STAFF = 50

#: Chinese messages of Django's password validators, by error code (some are untranslated).
PASSWORD_MESSAGES = {
    "password_too_short": "密码太短，至少需要 8 个字符。",
    "password_too_similar": "密码与用户名或联系人信息太相似。",
    "password_too_common": "这个密码太常见了，请换一个。",
    "password_entirely_numeric": "密码不能全部是数字。",
}


def active_categories():
    return ServiceCategory.objects.filter(active=True).order_by("order", "name")


def _checked_file(uploaded):
    """``uploaded`` after the type-and-size check (PDF, JPG or PNG, at most 10 MB)."""
    if uploaded:
        check_upload(uploaded)
    return uploaded


def normalise_credit_code(value: str) -> str:
    """Upper case without spaces: ``91350100m000100y43`` → ``91350100M000100Y43``."""
    return "".join((value or "").split()).upper()


class ClearRequiredMessages:
    """Each required field's message names it: 请填写机构名称。 / 请选择服务类型。 / 请上传营业执照。"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = forms.Field.default_error_messages["required"]
        for field in self.fields.values():
            if str(field.error_messages.get("required")) != str(default):
                continue  # a message of its own
            label = str(field.label or "此项").split("（")[0]
            if isinstance(field, forms.FileField):
                field.error_messages["required"] = f"请上传{label}。"
            elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                field.error_messages["required"] = f"请选择{label}。"
            else:
                field.error_messages["required"] = f"请填写{label}。"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AgencyForm(ClearRequiredMessages, forms.ModelForm):
    """The agency's organisation data, as registered or corrected after a rejection."""

    categories = forms.ModelMultipleChoiceField(
        label="服务类型", queryset=ServiceCategory.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个服务类型。"},
    )

    class Meta:
        model = Agency
        fields = ["name", "credit_code", "legal_representative", "contact_name", "contact_phone",
                  "contact_email", "address", "introduction", "categories", "licence"]
        help_texts = {
            "credit_code": "18 位，见营业执照。",
            "contact_name": "代表机构办理报名、报价和合同备案的人员。",
            "licence": "营业执照扫描件：PDF、JPG 或 PNG，不超过 10 MB。",
        }
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = active_categories()
        self.fields["contact_phone"].validators.append(PHONE)
        if "credit_code" in self.fields:
            self.fields["credit_code"].widget.attrs.update(maxlength=18, autocomplete="off", spellcheck="false")
        self.fields["contact_phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["contact_email"].widget.attrs.update(autocomplete="email")
        self.fields["contact_email"].error_messages["invalid"] = "请填写有效的电子邮箱地址，例如 name@example.cn。"
        self.fields["licence"].widget = forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})
        if self.instance.pk:
            self.fields["licence"].required = False
            self.fields["licence"].help_text = "已上传的营业执照保留不变；需要更换时重新选择文件。"

    def clean_credit_code(self) -> str:
        code = normalise_credit_code(self.cleaned_data.get("credit_code", ""))
        validate_credit_code(code)
        taken = Agency.objects.filter(credit_code=code).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError("该统一社会信用代码已经注册。请使用原机构账号登录；忘记账号或密码请联系运营方。")
        return code

    def clean_licence(self):
        uploaded = self.cleaned_data.get("licence")
        if "licence" in self.changed_data:
            _checked_file(uploaded)
        return uploaded

    def validate_unique(self):
        """Nothing more: the credit code is checked, with a clearer message, in clean_credit_code."""

    def details(self) -> dict:
        """The agency fields for ``register_agency`` (without categories and licence)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("categories", "licence")
                and k in self._meta.fields}


class RegistrationForm(AgencyForm):
    """A new agency: its organisation data and its account."""

    username = forms.CharField(
        label="登录账号", max_length=30, validators=[UnicodeUsernameValidator()],
        help_text="字母、数字或 @ . + - _，不超过 30 个字符。",
        error_messages={"invalid": "登录账号只能包含字母、数字和 @ . + - _ 符号。"},
    )
    password1 = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text="至少 8 个字符，不能全是数字，不能与账号或联系人信息相似。")
    password2 = forms.CharField(label="确认密码", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", spellcheck="false")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("该登录账号已被使用，请换一个。")
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "两次输入的密码不一致。")
        elif password1:
            user = get_user_model()(username=cleaned.get("username", ""), email=cleaned.get("contact_email", ""),
                                    first_name=cleaned.get("contact_name", ""))
            try:
                password_validation.validate_password(password1, user)
            except ValidationError as exc:
                self.add_error("password1", [PASSWORD_MESSAGES.get(e.code, e.messages[0]) for e in exc.error_list])
        return cleaned

    def account(self) -> tuple[str, str]:
        return self.cleaned_data["username"], self.cleaned_data["password1"]


class ProfileForm(AgencyForm):
    """The profile of a registered agency (the credit code is its identity and does not change).

    ``services.agencies.update_profile`` decides what needs review: a new name, legal
    representative or licence sends an approved agency back to review, and any change of a
    rejected agency resubmits it.
    """

    class Meta(AgencyForm.Meta):
        fields = ["name", "legal_representative", "contact_name", "contact_phone", "contact_email", "address",
                  "introduction", "categories", "licence"]

    def details(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("categories", "licence")}


class StaffForm(ClearRequiredMessages, forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    title = forms.CharField(label="职称或执业资格", max_length=80, required=False)
    certificate_number = forms.CharField(label="证书编号", max_length=60, required=False)


class StaffFormSet(forms.BaseFormSet):
    """从业人员: any number of rows up to 50; empty rows are ignored."""

    def rows(self) -> list[dict]:
        return [{k: form.cleaned_data.get(k, "") for k in ("name", "title", "certificate_number")}
                for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def staff_formset(data=None, *, initial=None, extra: int = 3):
    factory = forms.formset_factory(StaffForm, formset=StaffFormSet, extra=extra, max_num=MAX_STAFF,
                                    validate_max=True, absolute_max=MAX_STAFF, can_delete=initial is not None)
    return factory(data, initial=initial, prefix="staff")


class QualificationForm(ClearRequiredMessages, forms.Form):
    """One qualification certificate (资质) with its scanned certificate."""

    category = forms.ModelChoiceField(label="服务类型", queryset=ServiceCategory.objects.none(),
                                      empty_label="请选择")
    name = forms.CharField(label="资质名称", max_length=100)
    certificate_number = forms.CharField(label="证书编号", max_length=60)
    level = forms.CharField(label="资质等级", max_length=30, required=False)
    expires_on = forms.DateField(label="有效期至", widget=DateInput(),
                                 error_messages={"invalid": "请按 2026-12-31 的格式填写日期。"})
    certificate = forms.FileField(label="证书扫描件", help_text="PDF、JPG 或 PNG，不超过 10 MB。",
                                  widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()

    def clean_certificate_number(self) -> str:
        return self.cleaned_data["certificate_number"].strip()

    def clean_expires_on(self) -> datetime.date:
        expires_on = self.cleaned_data["expires_on"]
        if expires_on < timezone.localdate():
            raise ValidationError("证书已过期，请上传有效期内的证书。")
        return expires_on

    def clean_certificate(self):
        return _checked_file(self.cleaned_data.get("certificate"))

    def data_dict(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("category", "name", "certificate_number", "level", "expires_on")}


class QualificationFormSet(forms.BaseFormSet):
    """资质 at registration: at least one, one certificate number per category."""

    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": "请至少填写一项资质。",
        "too_many_forms": "资质最多填写 %(num)d 项。",
    }

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data:
                continue
            key = (data["category"].pk, data["certificate_number"].upper())
            if key in seen:
                raise ValidationError("同一服务类型下的证书编号重复：%(number)s。",
                                      params={"number": data["certificate_number"]})
            seen.add(key)

    def rows(self) -> list[tuple[dict, object]]:
        """``(data, certificate file)`` of every filled-in row."""
        return [(form.data_dict(), form.cleaned_data["certificate"]) for form in self.forms if form.cleaned_data]


def qualification_formset(data=None, files=None, *, extra: int = 2):
    factory = forms.formset_factory(QualificationForm, formset=QualificationFormSet, extra=extra, min_num=1,
                                    validate_min=True, max_num=MAX_QUALIFICATIONS, validate_max=True,
                                    absolute_max=MAX_QUALIFICATIONS)
    return factory(data, files, prefix="qualifications")


class QuoteForm(ClearRequiredMessages, forms.Form):
    """A sealed quote: an amount in yuan or a 下浮率 in percent, typed twice."""

    value = forms.DecimalField(max_digits=12, decimal_places=2)
    confirm = forms.DecimalField(max_digits=12, decimal_places=2)

    def __init__(self, project: Project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        if project.quote_method == QuoteMethod.RATE:
            self.fields["value"].label = "下浮率（%）"
            self.fields["value"].help_text = "相对预算金额的下浮比例，0 至 100 之间，最多两位小数。"
        else:
            self.fields["value"].label = "报价金额（元）"
            what = "最高限价" if project.max_price is not None else "预算金额"
            self.fields["value"].help_text = f"大于 0，不得高于{what} {ceiling(project):,.2f} 元。"
        self.fields["confirm"].label = "再次输入" + self.fields["value"].label
        self.fields["confirm"].help_text = "报价提交后即密封，报名截止前任何人（包括本机构）都无法查看，请仔细核对。"
        for name in ("value", "confirm"):
            self.fields[name].widget.attrs.update(inputmode="decimal", autocomplete="off", step="0.01")
            self.fields[name].error_messages.update(
                invalid="请输入数字。", max_digits="数字太长。", max_decimal_places="最多两位小数。",
                required="请填写" + self.fields[name].label.split("（")[0] + "。",
            )

    def clean_value(self) -> Decimal:
        value = self.cleaned_data["value"]
        problem = quote_problem(value, self.project.quote_method, ceiling(self.project))
        if problem:
            raise ValidationError("报价无效：%(problem)s。", params={"problem": problem})
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("value") is not None and cleaned.get("confirm") is not None \
                and cleaned["value"] != cleaned["confirm"]:
            self.add_error("confirm", "两次输入的报价不一致。")
        return cleaned


class ContractForm(ClearRequiredMessages, forms.ModelForm):
    """合同备案: number, amount, period and the signed contract."""

    class Meta:
        model = Contract
        fields = ["number", "amount", "starts_on", "ends_on", "signed_file"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(),
                   "signed_file": forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})}
        help_texts = {"signed_file": "双方签章的合同扫描件：PDF、JPG 或 PNG，不超过 10 MB。"}

    def __init__(self, project: Project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        for name in ("starts_on", "ends_on"):
            self.fields[name].error_messages["invalid"] = "请按 2026-12-31 的格式填写日期。"
        if self.instance.pk:
            self.fields["signed_file"].help_text = "已上传的合同扫描件保留不变；需要更换时重新选择文件。"

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise ValidationError("合同金额应大于 0。")
        limit = ceiling(self.project)
        if amount > limit:
            raise ValidationError("合同金额不能超过%(what)s %(limit)s 元。",
                                  params={"what": "最高限价" if self.project.max_price is not None else "预算金额",
                                          "limit": f"{limit:,.2f}"})
        return amount

    def clean_signed_file(self):
        uploaded = self.cleaned_data.get("signed_file")
        if "signed_file" in self.changed_data:
            _checked_file(uploaded)
        return uploaded

    def new_file(self):
        """The newly uploaded signed contract, or None when the recorded one is kept."""
        return self.cleaned_data["signed_file"] if "signed_file" in self.changed_data else None

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "服务结束日期不能早于开始日期。")
        return cleaned

    def data_dict(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("number", "amount", "starts_on", "ends_on")}


class ResultForm(ClearRequiredMessages, forms.ModelForm):
    """服务成果: a title, the file and a note."""

    class Meta:
        model = ServiceResult
        fields = ["title", "file", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3}),
                   "file": forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})}
        help_texts = {"file": "PDF、JPG 或 PNG，不超过 10 MB。"}

    def clean_file(self):
        return _checked_file(self.cleaned_data.get("file"))
