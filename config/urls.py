from django.contrib import admin
from django.urls import include, path

from config import pwa, views

urlpatterns = [
    path("", views.home, name="home"),
    path("safety/", views.safety, name="safety"),
    path("theme/", views.theme_set, name="theme"),
    path("stretches/", include("stretches.urls")),
    path("routines/", include("routines.urls")),
    path("", include("journal.urls")),
    path("accounts/sign-up/", views.sign_up, name="sign-up"),
    path("accounts/welcome/", views.welcome, name="welcome"),
    path("accounts/login/", views.sign_in, name="login"),
    path("accounts/", views.account, name="account"),
    path("accounts/delete/", views.account_delete, name="account-delete"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("favicon.ico", views.favicon),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/", pwa.offline, name="offline"),
    path("admin/", admin.site.urls),
]
