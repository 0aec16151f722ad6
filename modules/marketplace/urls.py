"""Public and agency-area URLs of the marketplace (/marketplace/)."""

from django.urls import path  # noqa: F401

app_name = "marketplace"

urlpatterns: list = []
