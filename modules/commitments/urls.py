"""Public URLs of the notice-and-commitment lists (under 政务服务: /zwfw/gzcn/)."""

from django.urls import path  # noqa: F401

app_name = "commitments"
urlpatterns: list = []
