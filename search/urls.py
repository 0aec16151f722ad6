"""Public URLs of the site search; included by ``portal.urls`` before Wagtail's page URLs."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("api/search", views.api_search, name="api"),
    path("api/search/suggest", views.api_suggest, name="suggest"),
    path("api/search/click", views.api_click, name="click"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
]
