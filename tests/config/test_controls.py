"""`{% control %}` draws the same HTML as Django's widget templates, only faster."""

import pytest
from django import forms
from django.template import Context, Template

from routines.forms import RoutineItemForm
from tests.factories import RoutineItemFactory, StretchFactory

pytestmark = pytest.mark.django_db


def drawn(field) -> str:
    return Template("{% load controls %}{% control field %}").render(Context({"field": field}))


@pytest.mark.parametrize("per_side", [True, False])
def test_item_controls_are_drawn_as_django_draws_them(per_side):
    item = RoutineItemFactory(stretch=StretchFactory(per_side=per_side))
    prefix = f"item-{item.pk}"
    fresh = RoutineItemForm(instance=item, prefix=prefix)
    broken = RoutineItemForm(
        {f"{prefix}-hold_seconds": "999", f"{prefix}-sets": "x", f"{prefix}-sides": "up"},
        instance=item,
        prefix=prefix,
    )
    broken.is_valid()

    for form in (fresh, broken):
        for field in form:
            assert drawn(field) == str(field), field.name


def test_a_select_with_groups_and_quotes_is_drawn_as_django_draws_it():
    class Form(forms.Form):
        pick = forms.ChoiceField(
            choices=[("", "Any"), ("Sides", [('a"b', "A & B"), ("c", "<C>")])], initial='a"b'
        )
        words = forms.CharField(max_length=5, required=False)

    form = Form()

    assert drawn(form["pick"]) == str(form["pick"])
    assert drawn(form["words"]) == str(form["words"])


def test_other_widgets_are_left_to_django():
    class Form(forms.Form):
        note = forms.CharField(widget=forms.Textarea)

    field = Form()["note"]

    assert drawn(field) == str(field)


def test_radio_buttons_are_drawn_as_django_draws_them():
    from journal.forms import QuickPainForm, StartForm

    checked = StartForm({"pain_before": "3"})
    checked.is_valid()
    fields = [QuickPainForm()["level"], checked["pain_before"]]

    for field in fields:
        for choice in field:
            html = Template("{% load controls %}{% choice_input c %}").render(
                Context({"c": choice})
            )
            assert html == choice.tag()
