"""Public URLs of the notice-and-commitment lists (under 政务服务: /zwfw/gzcn/)."""

from django.urls import path

from . import views

app_name = "commitments"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/letter.docx", views.item_letter, name="letter"),
]
