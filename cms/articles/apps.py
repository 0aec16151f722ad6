"""Articles: news and notices."""

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "cms.articles"
    label = "articles"
    verbose_name = "新闻与公告"
    default_auto_field = "django.db.models.BigAutoField"
