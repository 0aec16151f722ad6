"""Choices of the notice-and-commitment module: areas, states, modes, actions.

The excluded areas are those that 国办发〔2020〕42号 keeps out of 告知承诺制: matters that
directly concern national security, state secrets, public safety, prudential financial
supervision and ecological and environmental protection, matters that directly bear on
health, life and property, and important foreign affairs.
"""

from __future__ import annotations

from django.db import models

#: The document every exclusion message cites.
POLICY_DOCUMENT = "《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）"
POLICY_SHORT = "国办发〔2020〕42号"


class ExcludedArea(models.TextChoices):
    """领域 in which 告知承诺制 does not apply (国办发〔2020〕42号)."""

    NATIONAL_SECURITY = "national_security", "国家安全"
    STATE_SECRETS = "state_secrets", "国家秘密"
    PUBLIC_SAFETY = "public_safety", "公共安全"
    FINANCIAL_PRUDENTIAL = "financial_prudential", "金融业审慎监管"
    ECOLOGY = "ecology", "生态环境保护"
    HEALTH_LIFE_PROPERTY = "health_life_property", "直接关系人身健康、生命财产安全"
    FOREIGN_AFFAIRS = "foreign_affairs", "重要涉外"


class Area(models.TextChoices):
    """The item's 领域.  The last seven are the excluded ones (see ``EXCLUDED_AREAS``)."""

    MARKET = "market", "市场监管"
    FOOD_DRUG = "food_drug", "食品药品经营"
    TRANSPORT = "transport", "交通运输"
    CONSTRUCTION = "construction", "住房城乡建设"
    HEALTH_SERVICES = "health_services", "卫生健康服务"
    EDUCATION = "education", "教育"
    HUMAN_RESOURCES = "human_resources", "人力资源社会保障"
    CIVIL_AFFAIRS = "civil_affairs", "民政"
    HOUSEHOLD = "household", "户籍管理"
    CULTURE = "culture", "文化旅游"
    AGRICULTURE = "agriculture", "农业农村"
    COMMERCE = "commerce", "商务"
    NATURAL_RESOURCES = "natural_resources", "自然资源"
    WATER = "water", "水利"
    OTHER = "other", "其他"
    NATIONAL_SECURITY = ExcludedArea.NATIONAL_SECURITY.value, "国家安全（不适用）"
    STATE_SECRETS = ExcludedArea.STATE_SECRETS.value, "国家秘密（不适用）"
    PUBLIC_SAFETY = ExcludedArea.PUBLIC_SAFETY.value, "公共安全（不适用）"
    FINANCIAL_PRUDENTIAL = ExcludedArea.FINANCIAL_PRUDENTIAL.value, "金融业审慎监管（不适用）"
    ECOLOGY = ExcludedArea.ECOLOGY.value, "生态环境保护（不适用）"
    HEALTH_LIFE_PROPERTY = ExcludedArea.HEALTH_LIFE_PROPERTY.value, "直接关系人身健康、生命财产安全（不适用）"
    FOREIGN_AFFAIRS = ExcludedArea.FOREIGN_AFFAIRS.value, "重要涉外（不适用）"


#: Codes of the areas excluded from 告知承诺制, with their names as the document puts them.
EXCLUDED_AREAS: dict[str, str] = {choice.value: choice.label for choice in ExcludedArea}


class ItemStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    STOPPED = "stopped", "已停止"


class IdType(models.TextChoices):
    ID_CARD = "id_card", "居民身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"


class Mode(models.TextChoices):
    """国办发〔2020〕42号: the applicant chooses to commit, or to submit the proof instead."""

    COMMITMENT = "commitment", "告知承诺"
    PROOF = "proof", "提交证明"


class CaseState(models.TextChoices):
    """待核查 → 核查属实 / 核查不实; a case handled with proof needs no verification."""

    PENDING = "pending", "待核查"
    VERIFIED_TRUE = "verified_true", "核查属实"
    VERIFIED_FALSE = "verified_false", "核查不实"
    PROOF = "proof", "已提交证明"


class FalseAction(models.TextChoices):
    """What the authority does on a false commitment (国办发〔2020〕42号)."""

    TERMINATED = "terminated", "终止办理"
    RECTIFY = "rectify", "责令整改"
    REVOKED = "revoked", "撤销决定"
    PENALTY = "penalty", "行政处罚"


class CreditKind(models.TextChoices):
    FALSE_COMMITMENT = "false_commitment", "虚假承诺"
    SERIOUS_BAD_CREDIT = "serious_bad_credit", "严重失信"
