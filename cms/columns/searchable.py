"""Columns (栏目) in the site search, so a citizen typing 人事信息 lands on the column."""

from search.registry import register

from .models import ColumnPage

register(
    "column", ColumnPage, label="栏目", group="网站栏目",
    body=("intro",), department="department.name", date="last_published_at",
    select_related=("department",),
)
