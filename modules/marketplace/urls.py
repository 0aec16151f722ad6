"""Public and agency-area URLs of the marketplace (/marketplace/)."""

from django.urls import include, path  # noqa: F401

app_name = "marketplace"

urlpatterns: list = [
    # Public pages and OCDS (modules/marketplace/public/urls.py): notices, results, agencies, statistics.
    path("", include("modules.marketplace.public.urls")),
    # The agency area (modules/marketplace/agency/urls.py): registration, login, sign-ups, quotes, contracts.
    path("agency/", include("modules.marketplace.agency.urls")),
]
