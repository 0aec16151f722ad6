"""URLs of the agency area (/marketplace/agency/, namespace ``marketplace:agency``)."""

from django.urls import path

from .views import account, bidding, registration, service

app_name = "agency"
urlpatterns = [
    path("register/", registration.register, name="register"),
    path("register/done/", registration.registered, name="registered"),
    path("login/", account.login, name="login"),
    path("logout/", account.logout, name="logout"),
    path("", account.dashboard, name="dashboard"),
    path("profile/", account.profile, name="profile"),
    path("staff/", account.staff, name="staff"),
    path("qualifications/", account.qualifications, name="qualifications"),
    path("qualifications/add/", account.qualification_form, name="qualification_add"),
    path("qualifications/<int:pk>/change/", account.qualification_form, name="qualification_change"),
    path("files/licence/", account.own_file, {"kind": "licence"}, name="licence_file"),
    path("files/<str:kind>/<int:pk>/", account.own_file, name="file"),
    path("projects/", bidding.projects, name="projects"),
    path("projects/<int:pk>/", bidding.project, name="project"),
    path("projects/<int:pk>/signup/", bidding.sign_up, name="sign_up"),
    path("signups/", bidding.signups, name="signups"),
    path("signups/<int:pk>/", bidding.signup, name="signup"),
    path("signups/<int:pk>/quote/", bidding.quote, name="quote"),
    path("signups/<int:pk>/withdraw/", bidding.withdraw, name="withdraw"),
    path("selections/", service.selections, name="selections"),
    path("selections/<int:pk>/", service.selection, name="selection"),
    path("selections/<int:pk>/contract/", service.contract, name="contract"),
    path("selections/<int:pk>/results/", service.result, name="result"),
    path("evaluations/", service.evaluations, name="evaluations"),
]
