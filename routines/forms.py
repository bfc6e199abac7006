from django import forms

from config.shared.text import visible_text
from routines.models import (
    GET_READY_SECONDS,
    REST_SECONDS,
    SWITCH_SECONDS,
    Routine,
    RoutineItem,
)
from stretches.models import HOLD_SECONDS, REPETITIONS, SETS, Stretch

# What each number may be, and how to say so kindly when it is not.
_BOUNDS = {
    "hold_seconds": (HOLD_SECONDS, "Hold for {0} to {1} seconds."),
    "repetitions": (REPETITIONS, "Choose {0} to {1} repetitions."),
    "sets": (SETS, "Choose {0} to {1} sets."),
    "rest_seconds": (REST_SECONDS, "Rest for {0} to {1} seconds."),
    "get_ready_seconds": (GET_READY_SECONDS, "Choose {0} to {1} seconds to get ready."),
    "switch_seconds": (SWITCH_SECONDS, "Choose {0} to {1} seconds to switch sides."),
}


def _bound_numbers(form: forms.BaseForm) -> None:
    """Show each number's limits in the page (min, max) and say them plainly on error.

    The limits themselves are the model fields' validators; the messages replace
    theirs by error code.
    """
    for name, field in form.fields.items():
        if name in _BOUNDS:
            (low, high), message = _BOUNDS[name]
            text = message.format(low, high)
            field.widget.attrs.update({"min": low, "max": high, "inputmode": "numeric"})
            for code in ("min_value", "max_value", "invalid", "required"):
                field.error_messages[code] = text


class RoutineForm(forms.ModelForm):
    """Name, description and the routine-wide pauses."""

    class Meta:
        model = Routine
        fields = ["name", "description", "get_ready_seconds", "rest_seconds", "switch_seconds"]
        labels = {
            "get_ready_seconds": "Get ready (seconds)",
            "rest_seconds": "Rest after each stretch (seconds)",
            "switch_seconds": "Pause to switch sides (seconds)",
        }
        help_texts = {
            "rest_seconds": "Changing it sets the rest after every stretch; "
            "you can still change each one in the list.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bound_numbers(self)
        self.fields["name"].error_messages["required"] = "Give your routine a name."

    def clean_name(self) -> str:
        name = visible_text(self.cleaned_data["name"])
        if not name:  # a zero-width space alone is no name either
            raise forms.ValidationError("Give your routine a name.")
        return name


class RoutineItemForm(forms.ModelForm):
    """One item's numbers, with only what applies to its stretch and place."""

    class Meta:
        model = RoutineItem
        fields = ["hold_seconds", "repetitions", "sets", "sides", "rest_seconds"]
        labels = {
            "hold_seconds": "Hold (seconds)",
            "repetitions": "Repetitions",
            "sets": "Sets",
            "sides": "Sides",
            "rest_seconds": "Rest after (seconds)",
        }

    def __init__(self, *args, is_last: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        if len(item.sides_choices) == 1:
            del self.fields["sides"]  # a symmetric stretch: both sides at once, always
        else:
            self.fields["sides"].choices = item.sides_choices
        # A hold counts seconds; repetitions count times. Show only what applies.
        del self.fields["repetitions" if item.stretch.is_timed_hold else "hold_seconds"]
        if is_last:
            del self.fields["rest_seconds"]  # nothing comes after the last stretch
        _bound_numbers(self)


class ItemMoveForm(forms.Form):
    position = forms.IntegerField(min_value=1)


class ItemAddForm(forms.Form):
    stretch = forms.ModelChoiceField(
        queryset=Stretch.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": "That stretch is not in the catalogue."},
    )
    # The form's own token: the same form sent twice (a double tap) adds the stretch once.
    token = forms.UUIDField(required=False)


def _item_field(name: str) -> forms.Field:
    """An item's form field as the model's field makes it, with the model's limits."""
    model_field = RoutineItem._meta.get_field(name)
    field = model_field.formfield()
    field.validators = [*field.validators, *model_field.validators]
    return field


class ItemRestoreForm(forms.Form):
    """Undo a removal: the stretch, its place and its numbers, as the Undo form carries them.

    A plain form with the model's fields (not a ModelForm, which would ask the database to
    check each constraint: the service and the database do that when the item is made)."""

    stretch = forms.ModelChoiceField(
        queryset=Stretch.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": "That stretch is not in the catalogue."},
    )
    position = forms.IntegerField(min_value=1)
    token = forms.UUIDField(required=False)
    hold_seconds = _item_field("hold_seconds")
    repetitions = _item_field("repetitions")
    sets = _item_field("sets")
    sides = _item_field("sides")
    rest_seconds = _item_field("rest_seconds")

    NUMBERS = ("hold_seconds", "repetitions", "sets", "sides", "rest_seconds")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bound_numbers(self)

    def values(self) -> dict[str, int | str]:
        return {name: self.cleaned_data[name] for name in self.NUMBERS}


class StretchAddForm(forms.Form):
    """Which routine a stretch from the catalogue goes into: one of the person's own (by
    its number: the view looks it up among theirs) or, with NEW, a new one."""

    NEW = "new"

    routine = forms.CharField(
        error_messages={"required": "Choose one of your routines, or a new one."}
    )

    def clean_routine(self) -> int | None:
        """None for a new routine, otherwise the number of the routine chosen."""
        value = self.cleaned_data["routine"].strip()
        if value == self.NEW:
            return None
        if not value.isascii() or not value.isdigit() or len(value) > 18:
            raise forms.ValidationError("Choose one of your routines, or a new one.")
        return int(value)
