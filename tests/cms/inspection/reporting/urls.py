"""The portal's URLs with the column-check admin URLs and the report views mounted where the admin
mounts them (/admin/inspection/, namespace "inspection"), whether or not ``admin_urls`` includes
the report views yet (this namespace shadows the one Wagtail's hook registers)."""

from django.urls import include, path

from cms.inspection import admin_urls
from cms.inspection.reporting.views import urlpatterns as report_urlpatterns
from portal.urls import urlpatterns as portal_urlpatterns

_mounted = {pattern.name for pattern in admin_urls.urlpatterns}
inspection_urlpatterns = [*admin_urls.urlpatterns, *(p for p in report_urlpatterns if p.name not in _mounted)]

urlpatterns = [
    path("admin/inspection/", include((inspection_urlpatterns, "inspection"), namespace="inspection")),
    *portal_urlpatterns,
]
