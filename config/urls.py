from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("safety/", views.safety, name="safety"),
    path("theme/", views.theme_set, name="theme"),
    path("stretches/", include("stretches.urls")),
    path("routines/", include("routines.urls")),
    path("", include("journal.urls")),
    path("accounts/sign-up/", views.sign_up, name="sign-up"),
    path("accounts/", views.account, name="account"),
    path("accounts/delete/", views.account_delete, name="account-delete"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
]
