"""The colour theme: the pure rules (config/shared/theme.py), the stylesheet that carries both
sets of colours, and the setting's view and the pages it changes (tests/browser/test_theme.py
looks at them in a real browser)."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from config.shared.theme import THEME_COLOURS, Theme, theme_from_cookie
from journal.charts import pain_chart
from journal.insights import DayPain
from stretches.figures import render_figure
from tests.factories import SIMPLE_POSE, UserFactory

APP_CSS = Path(settings.BASE_DIR) / "static" / "css" / "app.css"
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")


def css_variables() -> dict[str, tuple[str, str]]:
    """Each colour variable of app.css as (light, dark)."""
    pairs = re.findall(r"(--[\w-]+):\s*light-dark\((#\w+),\s*(#\w+)\)", APP_CSS.read_text())
    return {name: (light, dark) for name, light, dark in pairs}


# --- The rules, without HTTP ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cookie", "choice"),
    [
        ("light", "light"),
        ("dark", "dark"),
        ("system", "system"),
        (None, "system"),
        ("", "system"),
        ("Dark", "system"),
        ("blue", "system"),
        ("dark; light", "system"),
    ],
)
def test_a_cookie_chooses_light_or_dark_and_anything_else_follows_the_system(cookie, choice):
    assert theme_from_cookie(cookie).choice == choice


def test_following_the_system_offers_both_schemes_each_with_its_own_bar_colour():
    theme = Theme("system")

    assert theme.data_theme == ""
    assert theme.color_scheme == "light dark"
    assert [(c.colour, c.media) for c in theme.theme_colours] == [
        (THEME_COLOURS["light"], "(prefers-color-scheme: light)"),
        (THEME_COLOURS["dark"], "(prefers-color-scheme: dark)"),
    ]


@pytest.mark.parametrize("choice", ["light", "dark"])
def test_a_chosen_theme_fixes_the_scheme_and_has_one_bar_colour(choice):
    theme = Theme(choice)

    assert theme.data_theme == choice
    assert theme.color_scheme == choice
    assert [(c.colour, c.media) for c in theme.theme_colours] == [(THEME_COLOURS[choice], "")]
    assert theme.as_event() == {
        "theme": choice,
        "scheme": choice,
        "colours": [{"colour": THEME_COLOURS[choice], "media": ""}],
    }


def test_browsers_without_light_dark_get_the_same_light_colours():
    assert fallback_variables() == {name: light for name, (light, _) in css_variables().items()}


def test_the_bar_colours_are_the_stylesheets_brand_in_light_and_header_in_dark():
    variables = css_variables()

    assert THEME_COLOURS["light"] == variables["--brand"][0]
    assert THEME_COLOURS["dark"] == variables["--card"][1]


FALLBACK = "@supports not (color: light-dark(#000, #fff))"


def fallback_variables() -> dict[str, str]:
    """The light values repeated for browsers without light-dark()."""
    block = APP_CSS.read_text().split(FALLBACK, 1)[1].split("}\n}", 1)[0]
    return dict(re.findall(r"(--[\w-]+):\s*(#\w+);", block))


def test_every_colour_of_the_stylesheet_is_a_variable_with_a_light_and_a_dark_value():
    before, after = APP_CSS.read_text().split(FALLBACK, 1)
    text = before + after.split("}\n}", 1)[1]
    declared = set(re.findall(r"^\s*(--[\w-]+):", text, flags=re.M))
    outside_variables = [
        line.strip()
        for line in text.splitlines()
        if HEX.search(line) and not re.match(r"\s*--[\w-]+:\s*light-dark\(#\w+, #\w+\);", line)
    ]

    assert outside_variables == []
    assert not re.search(r"\b(?:rgb|rgba|hsl)\(|:\s*(?:white|black)\b", text)
    assert set(re.findall(r"var\((--[\w-]+)\)", text)) <= declared
    assert len(css_variables()) >= 12  # the twelve the house began with, and more


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", [0, 1], ids=["light", "dark"])
def test_text_and_controls_meet_wcag_aa_in_both_themes(scheme):
    v = {name: pair[scheme] for name, pair in css_variables().items()}
    text_pairs = [
        ("--ink", "--paper"),
        ("--ink", "--card"),
        ("--muted", "--paper"),
        ("--muted", "--card"),
        ("--muted", "--chip"),
        ("--brand", "--paper"),
        ("--brand", "--card"),
        ("--brand-dark", "--brand-soft"),
        ("--on-brand", "--brand"),
        ("--on-brand", "--brand-dark"),
        ("--on-brand", "--danger"),
        ("--warn", "--warn-soft"),
        ("--danger", "--paper"),
        ("--danger", "--card"),
        ("--danger", "--danger-soft"),
        ("--ink", "--chip"),
        *[("--ink", f"--pain-{level}") for level in ("low", "mild", "moderate", "high")],
    ]
    too_low = [(a, b) for a, b in text_pairs if contrast(v[a], v[b]) < 4.5]
    # Non-text: the focus ring and the edge of a form field (WCAG 1.4.11, 3:1).
    too_low += [
        (a, b)
        for a, b in [("--focus", "--paper"), ("--focus", "--card"), ("--field-line", "--card")]
        if contrast(v[a], v[b]) < 3
    ]

    assert too_low == []


def test_the_dark_page_is_near_black_and_its_largest_areas_stay_dim():
    dark = {name: pair[1] for name, pair in css_variables().items()}

    for name in ("--paper", "--card", "--brand-soft", "--chip", "--warn-soft", "--danger-soft"):
        assert relative_luminance(dark[name]) < 0.05, name


def test_the_chart_draws_in_current_colour_for_the_stylesheet_to_theme():
    days = [
        DayPain(
            day=dt.date(2026, 11, 1) + dt.timedelta(days=i),
            total=level,
            count=1,
            low=level,
            high=level,
        )
        for i, level in enumerate([6, 5, 7, 3, 4, 2])
    ]
    chart = pain_chart(
        days,
        start=dt.date(2026, 11, 1),
        end=dt.date(2026, 11, 28),
        rolling={days[-1].day: 4.0},
        session_days=[dt.date(2026, 11, 2)],
    )

    assert not HEX.search(chart)
    assert "currentColor" in chart
    for kind in ("range", "average", "rolling", "session", "grid", "label"):
        assert f"chart-{kind}" in chart
        assert f".chart .chart-{kind}" in APP_CSS.read_text()


def test_the_figures_draw_in_current_colour():
    assert not HEX.search(render_figure(SIMPLE_POSE, title="A pose"))


def test_the_logo_takes_its_colours_from_the_stylesheet():
    logo = (Path(settings.BASE_DIR) / "templates" / "_logo.svg").read_text()

    assert not HEX.search(logo)
    assert "logo-mark" in logo
    assert "logo-dot" in logo


# --- The setting and the pages --------------------------------------------------------------


def html_head(response) -> str:
    return response.content.decode().split("</head>", 1)[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cookie", "html", "scheme", "metas"),
    [
        (
            None,
            '<html lang="en-GB">',
            "light dark",
            [
                '<meta name="theme-color" content="#0f5e5a" media="(prefers-color-scheme: light)">',
                '<meta name="theme-color" content="#141c1f" media="(prefers-color-scheme: dark)">',
            ],
        ),
        (
            "light",
            '<html lang="en-GB" data-theme="light">',
            "light",
            ['<meta name="theme-color" content="#0f5e5a">'],
        ),
        (
            "dark",
            '<html lang="en-GB" data-theme="dark">',
            "dark",
            ['<meta name="theme-color" content="#141c1f">'],
        ),
        (
            "<script>",
            '<html lang="en-GB">',
            "light dark",
            [
                '<meta name="theme-color" content="#0f5e5a" media="(prefers-color-scheme: light)">',
                '<meta name="theme-color" content="#141c1f" media="(prefers-color-scheme: dark)">',
            ],
        ),
    ],
    ids=["system", "light", "dark", "unknown"],
)
@pytest.mark.parametrize("name", ["home", "stretches:stretch-list", "theme", "safety"])
def test_each_choice_is_in_the_first_html_the_browser_reads(
    client, name, cookie, html, scheme, metas
):
    if cookie is not None:
        client.cookies["theme"] = cookie

    head = html_head(client.get(reverse(name)))

    assert html in head
    assert f'<meta name="color-scheme" content="{scheme}">' in head
    assert re.findall(r"<meta name=\"theme-color\"[^>]*>", head) == metas


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["system", "light", "dark"])
def test_the_account_page_offers_the_setting_with_this_devices_choice_ticked(client, choice):
    client.force_login(UserFactory())
    client.cookies["theme"] = choice

    page = client.get(reverse("account")).content.decode()

    assert f'action="{reverse("theme")}"' in page
    assert f'<input type="radio" name="theme" value="{choice}" checked>' in page
    ticked = re.findall(r'<input type="radio" name="theme" value="(\w+)" checked>', page)
    assert ticked == [choice]
    assert f'name="next" value="{reverse("account")}"' in page


@pytest.mark.django_db
def test_the_theme_page_lets_a_signed_out_person_choose_and_go_back(client):
    response = client.get(reverse("theme"), {"next": "/stretches/?in_bed=on"})

    page = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'<input type="radio" name="theme" value="(\w+)" checked>', page) == [
        "system"
    ]
    assert 'name="next" value="/stretches/?in_bed=on"' in page
    assert '<a href="/stretches/?in_bed=on">Back</a>' in page


@pytest.mark.django_db
def test_every_page_links_to_the_setting_and_back(client):
    page = client.get(reverse("stretches:stretch-list"), {"in_bed": "on"}).content.decode()

    assert f'href="{reverse("theme")}?next=/stretches/%3Fin_bed%3Don"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["light", "dark"])
def test_choosing_a_theme_keeps_it_in_a_cookie_and_goes_back(client, choice):
    response = client.post(reverse("theme"), {"theme": choice, "next": "/stretches/?in_bed=on"})

    assert response.status_code == 302
    assert response["Location"] == "/stretches/?in_bed=on"
    cookie = response.cookies["theme"]
    assert cookie.value == choice
    assert cookie["max-age"] >= 365 * 24 * 60 * 60
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert html_head(client.get(reverse("home"))).startswith(
        f'<!doctype html>\n<html lang="en-GB" data-theme="{choice}">'
    )


@pytest.mark.django_db
def test_choosing_the_system_forgets_the_cookie(client):
    client.cookies["theme"] = "dark"

    response = client.post(reverse("theme"), {"theme": "system", "next": "/safety/"})

    assert response.status_code == 302
    assert response["Location"] == "/safety/"
    assert response.cookies["theme"].value == ""
    assert response.cookies["theme"]["max-age"] == 0
    assert "data-theme" not in html_head(client.get(reverse("home")))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "home", "", None],
)
def test_a_next_address_off_this_site_goes_home_instead(client, next_url):
    data = {"theme": "dark"} if next_url is None else {"theme": "dark", "next": next_url}

    response = client.post(reverse("theme"), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"theme": ""},
        {"theme": "blue"},
        {"theme": "Dark"},
        {"theme": ["dark", "x" * 5000]},
        {"theme": "dark\x00"},
    ],
    ids=["missing", "empty", "unknown", "capitalised", "long", "nul"],
)
def test_anything_but_system_light_or_dark_is_refused_and_nothing_is_kept(client, data):
    client.cookies["theme"] = "light"

    response = client.post(reverse("theme"), {**data, "next": "/stretches/"})

    assert response.status_code == 400
    assert "theme" not in response.cookies
    page = response.content.decode()
    assert "Please choose System, Light or Dark." in page
    assert re.findall(r'<input type="radio" name="theme" value="(\w+)" checked>', page) == ["light"]


@pytest.mark.django_db
def test_an_htmx_choice_is_applied_at_once_without_a_page(client):
    response = client.post(reverse("theme"), {"theme": "dark", "next": "/"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert response.content == b""
    assert response.cookies["theme"].value == "dark"
    assert json.loads(response["HX-Trigger"]) == {"theme-changed": Theme("dark").as_event()}


@pytest.mark.django_db
def test_the_setting_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("theme")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    refused = client.post(reverse("theme"), {"theme": "dark"})
    accepted = client.post(reverse("theme"), {"theme": "dark", "csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert "theme" not in refused.cookies
    assert accepted.status_code == 302
    assert accepted.cookies["theme"].value == "dark"


@pytest.mark.django_db
def test_the_setting_asks_nothing_of_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.post(reverse("theme"), {"theme": "dark"})
        client.post(reverse("theme"), {"theme": "dark"}, HTTP_HX_REQUEST="true")


@pytest.mark.django_db
def test_reading_the_theme_costs_a_page_no_query(client, django_assert_num_queries):
    client.get(reverse("safety"))
    with django_assert_num_queries(0):
        client.get(reverse("safety"))
    client.cookies["theme"] = "dark"
    with django_assert_num_queries(0):
        client.get(reverse("safety"))


@pytest.mark.django_db
def test_sign_up_is_in_the_header_for_a_signed_out_person(client):
    header = client.get(reverse("home")).content.decode().split("</header>", 1)[0]

    assert f'<a class="nav-cta" href="{reverse("sign-up")}">Sign up</a>' in header
