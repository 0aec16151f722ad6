"""Public URLs of the 跨省通办 pages (under 政务服务: /zwfw/kstb/)."""

from django.urls import path

from . import views

app_name = "crossprovince"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.partner, name="partner"),
    path("<slug:slug>/<int:pk>/", views.item, name="item"),
]
