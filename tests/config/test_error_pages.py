"""The site's own error pages: 400, 403, 404 and 500, each with the security headers, even
for a form that declares another charset, and even when the database is down."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import Client
from django.urls import include, path, reverse

from config.pages import errors

# The error handlers, for this module as a URLconf (Django looks for them in the root one).
from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


# This module is also the URLconf of the tests marked below: the site, plus two addresses
# that fail on purpose.
urlpatterns = [
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
    path("", include("config.urls")),
]
with_failing_pages = pytest.mark.urls(__name__)

HEADINGS = {
    400: b"We could not read that request",
    403: b"This page is not open to you",
    404: b"We could not find that page",
    500: b"Something went wrong on our side",
}
TOKEN = "a" * 32


def assert_own_page(response, status: int, *, whole: bool = True) -> None:
    assert response.status_code == status
    assert HEADINGS[status] in response.content
    if whole:  # the site's page, with its menu and its stylesheet
        assert b'class="site-nav"' in response.content
        assert b"css/app.css" in response.content
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def posting_client(person=None) -> Client:
    """A client with a CSRF cookie, sending its token as a browser's form would."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if person:
        client.force_login(person)
    client.cookies["csrftoken"] = TOKEN
    return client


FORMS = [
    "login",
    "sign-up",
    "password_reset",
    "journal:pain-create",
    "journal:pain-quick",
    "routines:routine-create",
    "journal:import",
]


@pytest.mark.parametrize("charset", ["latin-1", "iso-8859-1", "utf-16", "ascii", "cp1252"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_a_form_that_declares_another_charset_gets_our_400_page(charset, signed_in):
    client = posting_client(UserFactory() if signed_in else None)
    body = f"csrfmiddlewaretoken={TOKEN}&username=caf%C3%A9&level=3".encode()
    for name in FORMS:
        response = client.generic(
            "POST",
            reverse(name),
            body,
            content_type=f"application/x-www-form-urlencoded; charset={charset}",
        )
        assert_own_page(response, 400)


def test_a_form_in_utf_8_said_out_loud_is_read_as_usual():
    client = posting_client()
    response = client.generic(
        "POST",
        reverse("login"),
        f"csrfmiddlewaretoken={TOKEN}&username=x&password=y".encode(),
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )

    assert response.status_code == 200  # a wrong password, not a bad request


def test_a_missing_page_is_our_404_with_the_menu_of_the_person_signed_in(client):
    client.force_login(UserFactory())

    response = client.get("/no-such-page/")

    assert_own_page(response, 404)
    assert reverse("account").encode() in response.content


@with_failing_pages
def test_a_refusal_is_our_403_page():
    assert_own_page(Client().get("/test-forbidden/"), 403)


@with_failing_pages
def test_a_failure_of_the_app_is_our_500_page():
    assert_own_page(Client(raise_request_exception=False).get("/test-broken/"), 500)


def database_down(execute, sql, params, many, context):
    raise OperationalError("unable to open database file")


@with_failing_pages
@pytest.mark.parametrize("signed_in", [False, True])
def test_the_error_pages_are_drawn_when_the_database_is_down(signed_in):
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(UserFactory())
    bad_charset = posting_client()

    with connection.execute_wrapper(database_down):
        missing = client.get("/no-such-page/")
        needs_the_database = client.get(reverse("journal:dashboard"))
        refused = client.get("/test-forbidden/")
        broken = client.get("/test-broken/")
        unreadable = bad_charset.generic(
            "POST",
            reverse("login"),
            f"csrfmiddlewaretoken={TOKEN}".encode(),
            content_type="application/x-www-form-urlencoded; charset=latin-1",
        )

    assert_own_page(missing, 404)
    if signed_in:
        assert_own_page(needs_the_database, 500)  # the session cannot be read
    else:
        assert needs_the_database.status_code == 302  # to sign in, no database needed
    assert_own_page(refused, 403)
    assert_own_page(broken, 500)
    assert_own_page(unreadable, 400)


def test_when_even_the_templates_fail_a_few_fixed_lines_are_sent(rf, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("no templates")

    monkeypatch.setattr(errors.loader, "render_to_string", fail)

    response = errors.server_error(rf.get("/"))

    assert response.status_code == 500
    assert HEADINGS[500] in response.content
