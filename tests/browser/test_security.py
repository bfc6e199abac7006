import pytest
from django.urls import reverse

from stretches.models import Stretch
from tests.browser.conftest import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("live_catalogue")


def test_the_admin_works_under_the_content_security_policy(live_server, page, console_errors):
    """The site's pages are checked by every browser test; the admin, Django's own, here."""
    admin = UserFactory(is_staff=True, is_superuser=True)
    sign_in(page, live_server, admin)
    stretch = Stretch.objects.get(slug="childs-pose")

    for url in [
        reverse("admin:index"),
        reverse("admin:stretches_stretch_changelist") + "?kind__exact=hold",
        reverse("admin:stretches_stretch_change", args=[stretch.pk]),
        reverse("admin:routines_routine_changelist"),
    ]:
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")

    assert [error for error in console_errors if "Content Security Policy" in error] == []
