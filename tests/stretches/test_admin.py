import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from stretches.models import Stretch
from tests.factories import StretchFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_lists_stretches_with_filters_and_search(admin_client):
    StretchFactory(name="Knee hug")
    StretchFactory(name="Arm swing", repetitions_kind=True)
    url = reverse("admin:stretches_stretch_changelist")

    filtered = admin_client.get(url, {"kind__exact": "repetitions"})
    searched = admin_client.get(url, {"q": "knee"})

    assert filtered.status_code == searched.status_code == 200
    assert b"Arm swing" in filtered.content
    assert b"Knee hug" not in filtered.content
    assert b"Knee hug" in searched.content
    assert b"Arm swing" not in searched.content
    for name in ["body_areas", "position", "equipment", "intensity", "in_bed", "at_desk"]:
        assert f"{name}".encode() in filtered.content  # each filter is offered


def test_the_admin_form_fills_the_slug_from_the_name_and_edits_steps_inline(admin_client):
    stretch = StretchFactory(steps=["Lie down.", "Hug one knee.", "Breathe."])

    add = admin_client.get(reverse("admin:stretches_stretch_add"))
    change = admin_client.get(reverse("admin:stretches_stretch_change", args=[stretch.pk]))

    assert b"data-prepopulated-fields=" in add.content
    assert b"&quot;#id_slug&quot;" in add.content
    assert b'name="steps-TOTAL_FORMS"' in change.content
    assert b"Hug one knee." in change.content


def test_an_invalid_figure_is_refused_by_the_admins_validation():
    stretch = StretchFactory()
    stretch.figure = {"head": [1, 2]}

    with pytest.raises(ValidationError) as raised:
        stretch.full_clean()

    assert "figure" in raised.value.message_dict


def test_a_stretch_whose_figure_is_broken_still_shows_with_its_words(client):
    """Saved around the loader and the admin (the shell, a migration): no 500."""
    StretchFactory(name="Broken drawing", slug="broken-drawing", in_bed=True)
    Stretch.objects.filter(slug="broken-drawing").update(figure={"head": "nowhere"})

    pages = [
        client.get(reverse("stretches:stretch-list")),
        client.get(reverse("stretches:stretch-detail", args=["broken-drawing"])),
        client.get(reverse("home")),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200]
    assert b'aria-label="Line drawing: broken drawing' in pages[1].content


@pytest.mark.parametrize(
    ("model", "slug", "field"),
    [("bodyarea", "hips", "areas"), ("spinemovement", "rotation", "movements")],
)
def test_renaming_vocabulary_in_the_admin_draws_the_catalogue_anew(
    admin_client, model, slug, field
):
    stretch = StretchFactory(name="Knee hug", **{field: [slug]})
    page = reverse("stretches:stretch-detail", args=[stretch.slug])
    model_class = apps.get_model("stretches", model)
    model_class.objects.filter(slug=slug).update(name="Named before")  # not yet drawn
    assert "<dd>Named before</dd>" in admin_client.get(page).content.decode()  # drawn, kept

    response = admin_client.post(
        reverse(f"admin:stretches_{model}_change", args=[slug]),
        {"slug": slug, "name": "Renamed in the admin", "rank": 0},
    )

    assert response.status_code == 302
    # In the page's facts (the admin's own message names it too).
    assert "<dd>Renamed in the admin</dd>" in admin_client.get(page).content.decode()
