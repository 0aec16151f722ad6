"""The portal's URLs plus a view that fails, to test how a server error of our own site is reported."""

from django.urls import path

from portal.urls import handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns


def failing_view(request):
    raise RuntimeError("测试用的服务器错误")


urlpatterns = [path("guzhang/", failing_view), *portal_urlpatterns]
