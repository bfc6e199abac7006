"""The site's URLs. In every app's urls.py, write a whole number in a pattern as
`<id:name>`, never `<int:name>`: `id` (config/shared/converters.py) answers a number past the
database's largest id with a 404 rather than a 500, and tests/test_url_permissions.py
fails on a pattern that uses `int`. Each new URL also needs a row in that test's TABLE.
"""

from django.contrib import admin
from django.urls import include, path

from config.pages import pwa, views

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
    # Before Django's own: a password reset limited per address and e-mail, and a password
    # change whose wrong passwords count with wrong sign-ins.
    path("accounts/password_reset/", views.password_reset, name="password_reset"),
    path("accounts/password_change/", views.password_change, name="password_change"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("favicon.ico", views.favicon),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/", pwa.offline, name="offline"),
    path("admin/", admin.site.urls),
]

# The site's own error pages (config/pages/errors.py). A root URLconf that includes this one
# (bench/urls.py) imports these names too.
handler400 = "config.pages.errors.bad_request"
handler403 = "config.pages.errors.permission_denied"
handler404 = "config.pages.errors.page_not_found"
handler500 = "config.pages.errors.server_error"
