"""The portal's URLs with uploads served by Django, as the embedded profile does (``SERVE_MEDIA``).

The peer check serves the portal on a real server; its uploaded images must be reachable there,
as a web server in front of the portal makes them reachable in production.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from portal.urls import handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *portal_urlpatterns,
]
