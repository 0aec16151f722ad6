"""Fixed vocabularies of the national government-service platform's guide elements."""

from __future__ import annotations

from django.db import models


class MatterType(models.TextChoices):
    """事项类型 (权力事项 and 公共服务事项 of the 国家政务服务平台 catalogue)."""

    LICENSING = "licensing", "行政许可"
    PAYMENT = "payment", "行政给付"
    CONFIRMATION = "confirmation", "行政确认"
    LEVY = "levy", "行政征收"
    REWARD = "reward", "行政奖励"
    ADJUDICATION = "adjudication", "行政裁决"
    OTHER_POWER = "other_power", "其他行政权力"
    PUBLIC_SERVICE = "public_service", "公共服务"


class Audience(models.TextChoices):
    """服务对象: drives the 个人办事 / 法人办事 theme listings."""

    PERSON = "person", "自然人"
    LEGAL = "legal", "法人"
    BOTH = "both", "自然人和法人"


class Necessity(models.TextChoices):
    REQUIRED = "required", "必要"
    OPTIONAL = "optional", "非必要"
    DEFERRABLE = "deferrable", "容缺后补"


class MaterialForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"
    EITHER = "either", "纸质或电子"


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", "申请人自备"
    GOVERNMENT = "government", "政府部门核发"
    AGENCY = "agency", "中介机构或法定机构出具"
    OTHER = "other", "其他"


VISIT_CHOICES = [(0, "0次（全程网办）"), (1, "1次"), (2, "2次")]
