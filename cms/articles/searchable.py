"""Articles (新闻动态, 通知公告) in the site search."""

from search.registry import register

from .models import ArticlePage

register(
    "article", ArticlePage, label="新闻动态", group="政府信息",
    body=("summary", "body"), department="department.name", date="publish_date",
    select_related=("department",),
)
