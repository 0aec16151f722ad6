"""The initial 主题分类: the top-level subject classification of State Council documents."""

from __future__ import annotations

TOPICS: tuple[str, ...] = (
    "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源", "农业、林业、水利",
    "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护", "科技、教育",
    "文化、广电、新闻出版", "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察",
    "公安、安全、司法", "民政、扶贫、救灾", "民族、宗教", "对外事务", "港澳台侨工作", "国防", "其他",
)


def ensure_default_topics(topic_model) -> None:
    """Create the default topics that are missing (idempotent; editors may add more)."""
    if topic_model.objects.exists():
        return
    for order, name in enumerate(TOPICS, start=1):
        topic_model.objects.get_or_create(name=name, parent=None, defaults={"order": order * 10})
