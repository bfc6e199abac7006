import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import StretchFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_explains_the_app_and_leads_to_the_catalogue(client):
    StretchFactory(name="Bed twist", in_bed=True)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert reverse("stretches:stretch-list").encode() in response.content
    assert b"Bed twist" in response.content


def test_every_page_carries_the_safety_line_and_the_csrf_header(client):
    response = client.get(reverse("home"))

    assert b"Stop if you feel sharp pain, numbness or tingling" in response.content
    assert reverse("safety").encode() in response.content
    assert b'hx-headers=\'{"X-CSRFToken": "' in response.content
    assert b"htmx-2.min.js" in response.content


def test_safety_page_lists_the_urgent_signs_and_says_it_is_not_medical_advice(client):
    response = client.get(reverse("safety"))

    assert response.status_code == 200
    for text in [
        b"pain-free range",
        b"do not bounce",
        b"saddle",
        b"bladder or bowels",
        b"both legs",
        b"fever",
        b"history of cancer",
        b"at night",
        b"after a fall",
        b"not medical advice",
    ]:
        assert text in response.content


def test_sign_up_creates_an_account_and_signs_in(client):
    response = client.post(
        reverse("sign-up"),
        {
            "username": "sam",
            "email": "sam@example.com",
            "password1": "a gentle morning stretch",
            "password2": "a gentle morning stretch",
        },
    )

    assert response.status_code == 302
    assert get_user_model().objects.filter(username="sam").exists()
    assert client.get(reverse("account")).status_code == 200


def test_sign_up_with_mismatched_passwords_shows_the_error_and_creates_nothing(client):
    response = client.post(
        reverse("sign-up"),
        {
            "username": "sam",
            "email": "sam@example.com",
            "password1": "a gentle stretch",
            "password2": "another one",
        },
    )

    assert response.status_code == 422
    assert b"The two passwords are not the same." in response.content
    assert not get_user_model().objects.exists()


def test_signed_in_person_visiting_sign_up_goes_home(client):
    client.force_login(UserFactory())

    assert client.get(reverse("sign-up")).status_code == 302


def test_sign_in_and_sign_out(client):
    UserFactory(username="robin")

    response = client.post(
        reverse("login"), {"username": "robin", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert client.get(reverse("account")).status_code == 200

    client.post(reverse("logout"))
    assert client.get(reverse("account")).status_code == 302


def test_account_page_needs_sign_in(client):
    response = client.get(reverse("account"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "a new calm password",
            "new_password2": "a new calm password",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new calm password")


def test_password_reset_sends_a_link_by_e_mail(client):
    UserFactory(email="kim@example.com")

    response = client.post(reverse("password_reset"), {"email": "kim@example.com"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Reset your Backstretch password"


@pytest.mark.parametrize(
    "name", ["login", "sign-up", "password_reset", "password_reset_done", "safety", "home"]
)
def test_public_pages_render(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_favicon_points_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_admin_is_enabled(client):
    assert client.get("/admin/login/").status_code == 200


def test_an_empty_sign_up_form_is_answered_with_its_errors(client):
    response = client.post(reverse("sign-up"), {})

    assert response.status_code == 422
    assert b"Please choose a name to sign in with." in response.content
    assert b"Please give an e-mail address" in response.content
    assert b"Please choose a password." in response.content
    assert b"This field is required." not in response.content


def test_an_expired_form_gets_a_kind_explanation():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("sign-up"), {})

    assert response.status_code == 403
    assert b"That form has expired" in response.content
    assert b"Nothing was changed" in response.content
