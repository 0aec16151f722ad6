"""Public and agency-area URLs of the marketplace (/marketplace/)."""

from django.urls import include, path  # noqa: F401

app_name = "marketplace"

urlpatterns: list = [
    # The agency area (modules/marketplace/agency/urls.py): registration, login, sign-ups, quotes, contracts.
    path("agency/", include("modules.marketplace.agency.urls")),
]
