"""Public URLs of the 跨省通办 pages (under 政务服务: /zwfw/kstb/)."""

from django.urls import path  # noqa: F401

app_name = "crossprovince"
urlpatterns: list = []
