import pytest

from stretches.models import AvoidedMovement
from stretches.services import movement_avoid_clear, movement_avoid_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_clearing_the_movements_a_person_avoids_leaves_other_peoples():
    person, other = UserFactory(), UserFactory()
    for user in (person, other):
        movement_avoid_set(user=user, movement="forward-bending", avoid=True)

    movement_avoid_clear(user=person)

    assert not AvoidedMovement.objects.filter(user=person).exists()
    assert AvoidedMovement.objects.filter(user=other).count() == 1
