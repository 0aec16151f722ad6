"""URL configuration of the portal."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import views

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Embedded profile: Django serves uploaded media itself; scale-out serves them elsewhere.
    from django.views.static import serve

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve,
                            {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [
    path("zwfw/gzcn/", include("modules.commitments.urls")),  # 告知承诺制
    path("zwfw/kstb/", include("modules.crossprovince.urls")),  # 跨省通办
    path("marketplace/", include("modules.marketplace.urls")),  # 网上中介服务超市
    path("", include("search.urls")),  # /search/, /api/search…, /opensearch.xml: before the page catch-all
    path("", include(wagtail_urls)),
]
