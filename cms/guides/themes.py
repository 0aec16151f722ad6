"""Default 办事主题 of the 个人办事 and 法人办事 listings (national platform's theme set, abridged)."""

from __future__ import annotations

from .choices import Audience

PERSON_THEMES = (
    "生育收养", "户籍办理", "教育科研", "就业创业", "婚姻登记", "社会保障", "医疗卫生", "住房保障",
    "证件办理", "交通出行", "优待抚恤", "规划建设", "司法公证", "死亡殡葬", "其他",
)
LEGAL_THEMES = (
    "设立变更", "准营准办", "资质认证", "年检年审", "税收财务", "人力资源", "投资审批", "农林牧渔",
    "交通运输", "环保绿化", "安全生产", "文体教育", "公用事业", "法人注销", "其他",
)


def ensure_default_themes():
    """Create the default themes that are missing (keeps edited ones)."""
    from .models import ServiceTheme

    for audience, names in ((Audience.PERSON, PERSON_THEMES), (Audience.LEGAL, LEGAL_THEMES)):
        for order, name in enumerate(names, start=1):
            ServiceTheme.objects.get_or_create(audience=audience, name=name, defaults={"order": order * 10})
