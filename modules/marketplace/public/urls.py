"""Public URLs of the marketplace, included by ``modules/marketplace/urls.py`` (namespace
``marketplace``) — the notice list is the module's front page, /marketplace/."""

from django.urls import path

from ..ocds import views as ocds_views
from . import views

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/result/", views.project_result, name="project_result"),
    path("projects/<int:pk>/ocds.json", ocds_views.project_package, name="project_ocds"),
    path("ocds.json", ocds_views.package, name="ocds"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("statistics/", views.statistics, name="statistics"),
    path("lottery/", views.lottery_help, name="lottery_help"),
]
