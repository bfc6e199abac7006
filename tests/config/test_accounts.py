"""Accounts in plain words: a name with spaces, the e-mail address explained, a welcome that
leads to a first routine, and a warning before signing in pauses."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from config.pages.forms import SignUpForm, display_name, validate_display_name
from config.shared.auth import sign_in_tries_left
from tests.factories import RoutineFactory, StretchFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "a gentle morning stretch"
PASSWORD = "correct horse battery staple"  # UserFactory's


def sign_up(client, name: str, **fields):
    data = {
        "username": name,
        "email": "jane@example.com",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    return client.post(reverse("sign-up"), data | fields)


def sign_in(client, username: str, password: str):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="203.0.113.7",
    )


# --- Names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("Jane Smith", "Jane Smith"), ("  Jane   Smith ", "Jane Smith"), ("Ｊane", "Jane")],
)
def test_a_name_is_kept_with_single_spaces_and_the_same_letters(typed, kept):
    assert display_name(typed) == kept


@pytest.mark.parametrize("name", ["Jane Smith", "Siân O'Neill", "kim.lee", "sam_2", "Zoë-Ann"])
def test_names_people_have_are_allowed(name):
    validate_display_name(name)


@pytest.mark.parametrize("name", ["<b>", "Jane\tSmith", "semi;colon", "", "a  b"])
def test_odd_names_are_refused_in_plain_words(name):
    with pytest.raises(ValidationError, match="letters, numbers and spaces"):
        validate_display_name(name)


def test_jane_smith_can_sign_up_lands_on_the_welcome_and_signs_in_again(client):
    response = sign_up(client, "Jane Smith")

    assert response.status_code == 302
    assert response["Location"] == reverse("welcome")
    assert get_user_model().objects.get().username == "Jane Smith"
    client.logout()
    assert sign_in(client, "Jane Smith", GOOD_PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, " Jane  Smith", GOOD_PASSWORD).status_code == 302


def test_a_taken_name_is_said_kindly_whatever_its_capitals(client):
    UserFactory(username="Jane Smith")

    response = sign_up(client, "jane smith")

    assert response.status_code == 422
    assert "Someone already has the name “jane smith”" in response.content.decode()
    assert get_user_model().objects.count() == 1


def test_the_sign_up_page_speaks_plainly_and_explains_the_e_mail(client):
    page = client.get(reverse("sign-up")).content.decode()
    refused = sign_up(client, "<b>").content.decode()

    assert "Spaces are fine, like “Jane Smith”" in page
    assert "So you can reset your password if you forget it." in page
    assert "Letters, digits and @/./+/-/_ only" not in page + refused
    assert "A name can have letters, numbers and spaces" in refused


def test_the_e_mail_address_is_asked_for(client):
    response = sign_up(client, "Jane Smith", email="")

    assert response.status_code == 422
    assert "Please give an e-mail address, so that a forgotten password can be reset." in (
        response.content.decode()
    )
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("password", "said"),
    [
        ("short", "Please use at least 8 characters."),
        ("password", "That password is one of the most common ones"),
        ("4815162342", "Please use more than numbers"),
        ("jane smith", "That password is too like your name or your e-mail address."),
    ],
)
def test_weak_passwords_are_refused_in_plain_words(password, said):
    form = SignUpForm(
        {
            "username": "Jane Smith",
            "email": "jane@example.com",
            "password1": password,
            "password2": password,
        }
    )

    assert not form.is_valid()
    assert said in " ".join(form.errors["password1"])
    assert "password2" not in form.errors


# --- The welcome -------------------------------------------------------------------------


@pytest.fixture
def starters():
    stretch = StretchFactory()
    return [
        RoutineFactory(starter=True, name="Desk break", stretches=[stretch]),
        RoutineFactory(
            starter=True, starter_key="wake-up-in-bed", name="Wake-up in bed", stretches=[stretch]
        ),
    ]


def test_the_welcome_leads_to_playing_a_first_routine_in_one_tap(client, starters):
    desk, wake_up = starters
    sign_up(client, "Jane Smith")

    response = client.get(reverse("welcome"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Welcome, Jane Smith" in content
    play = reverse("journal:player-start", args=[wake_up.pk])
    assert f'<a class="button big" href="{play}">▶ Play Wake-up in bed</a>' in content
    assert f'href="{desk.get_absolute_url()}">Desk break</a>' in content
    assert client.get(play).status_code == 200  # and the player opens


def test_the_welcome_without_starters_points_to_the_routines(client):
    client.force_login(UserFactory())

    content = client.get(reverse("welcome")).content.decode()

    assert "▶ Play" not in content
    assert f'href="{reverse("routines:routine-list")}">routines</a>' in content


@pytest.mark.parametrize("count", [1, 6])
def test_the_welcome_costs_the_same_queries_with_one_starter_or_many(
    client, django_assert_num_queries, count
):
    stretch = StretchFactory()
    for _ in range(count):
        RoutineFactory(starter=True, stretches=[stretch, stretch])
    client.force_login(UserFactory())

    # The session, the person, the starters, their items with their stretches, and the
    # movements of those stretches.
    with django_assert_num_queries(5):
        assert client.get(reverse("welcome")).status_code == 200


# --- Sign-in warns before it pauses --------------------------------------------------------


@pytest.mark.parametrize(
    ("failures", "limit", "left"),
    [(0, 5, None), (1, 5, None), (2, 5, None), (3, 5, 2), (4, 5, 1), (5, 5, None), (1, 3, 2)],
)
def test_tries_left_are_told_once_only_two_or_fewer_remain(failures, limit, left):
    assert sign_in_tries_left(failures, limit=limit) == left


def test_from_the_third_wrong_password_the_page_says_how_many_tries_are_left(client):
    person = UserFactory()
    pages = [sign_in(client, person.username, "wrong").content.decode() for _ in range(4)]

    assert "more tr" not in pages[0] + pages[1]
    assert "That name and password do not match an account." in pages[0]
    assert f"2 more tries</strong> for “{person.username}”" in pages[2]
    assert "then signing in pauses for 15 minutes" in pages[2]
    assert f"1 more try</strong> for “{person.username}”" in pages[3]
    assert sign_in(client, person.username, "wrong").status_code == 429
    assert sign_in(client, person.username, PASSWORD).status_code == 429


def test_the_warning_follows_the_configured_limit(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    person = UserFactory()

    first = sign_in(client, person.username, "wrong").content.decode()

    assert "2 more tries</strong>" in first
