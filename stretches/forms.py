from urllib.parse import urlencode

from django import forms

from stretches import vocabulary
from stretches.selectors import StretchFilters

MAX_MINUTES_CHOICES = [
    ("", "Any length"),
    (1, "Up to 1 minute"),
    (2, "Up to 2 minutes"),
    (3, "Up to 3 minutes"),
    (5, "Up to 5 minutes"),
]


def _any(label: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", label), *choices]


class StretchFilterForm(forms.Form):
    """Parses the catalogue's filters from the query string.

    A value the form does not know is reported as an error and left out; the
    other filters still apply.
    """

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": "Try knee or neck"}),
    )
    area = forms.ChoiceField(
        label="Body area",
        required=False,
        choices=_any("Any area", vocabulary.BodyArea.choices),
    )
    position = forms.ChoiceField(
        required=False, choices=_any("Any position", vocabulary.Position.choices)
    )
    equipment = forms.ChoiceField(
        label="You need",
        required=False,
        choices=_any("Anything", vocabulary.Equipment.choices),
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=_any("Any kind", vocabulary.Kind.choices)
    )
    intensity = forms.ChoiceField(
        required=False, choices=_any("Any intensity", vocabulary.Intensity.choices)
    )
    max_minutes = forms.TypedChoiceField(
        label="Time",
        required=False,
        choices=MAX_MINUTES_CHOICES,
        coerce=int,
        empty_value=None,
    )
    no_forward_bending = forms.BooleanField(label="Avoid forward bending", required=False)
    in_bed = forms.BooleanField(label="Can be done in bed", required=False)
    at_desk = forms.BooleanField(label="Can be done at a desk", required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def filters(self) -> StretchFilters:
        """The valid filters; none at all for an unbound form."""
        if not self.is_bound:
            return StretchFilters()
        if not hasattr(self, "_filters"):  # asked for several times a request: made once
            self.is_valid()
            self._filters = StretchFilters(**self.cleaned_data)
        return self._filters

    @property
    def active_count(self) -> int:
        """How many filters, not counting the search words, are in use."""
        return len(self.filters_on)

    def query(self, *, leave_out: str = "") -> str:
        """The valid filters as a query string, in the form's order, without the empty
        ones (nor `leave_out`): the address of these results."""
        pairs = []
        for name, value in vars(self.filters()).items():
            if name == leave_out or value in ("", None, False):
                continue
            pairs.append((name, "on" if value is True else value))
        return urlencode(pairs)

    @property
    def query_without_search(self) -> str:
        """The address of "Clear the search": the same filters, no words."""
        return self.query(leave_out="q")

    @property
    def query_without_filters(self) -> str:
        """The address of "Clear the filters": the same words, no filters."""
        q = self.filters().q
        return urlencode({"q": q}) if q else ""

    @property
    def cacheable(self) -> bool:
        """Whether these results may be cached: not with search words (anything may be
        typed, and each would be an entry of its own) nor with filters not understood (their
        errors repeat what was sent). The other filters are choices, a bounded set."""
        filters = self.filters()
        return not filters.q and not self.errors

    def cleaned_filters(self) -> dict[str, object]:
        """The valid filters but the search words, by name: part of these results' key."""
        return {name: value for name, value in vars(self.filters()).items() if name != "q"}

    @property
    def filters_on(self) -> list[str]:
        """The filters in use, besides the search words, as people read them."""
        filters = self.filters()
        labels = []
        for name, value in vars(filters).items():
            if name == "q" or value in ("", None, False):
                continue
            label = self[name].label
            if value is True:
                labels.append(label)
            else:
                labels.append(f"{label}: {dict(self.fields[name].choices)[value]}")
        return labels

    @property
    def meanings(self) -> list[tuple[str, vocabulary.SearchMeaning]]:
        """What the searched words mean in the catalogue, besides their own text."""
        words = vocabulary.search_words(self.filters().q)
        return [(word, meaning) for word in words if (meaning := vocabulary.search_meaning(word))]


class PreferencesForm(forms.Form):
    avoid_forward_bending = forms.BooleanField(
        label="Bending forward makes my pain worse",
        required=False,
        help_text=(
            "Stretches that bend your back forward then carry a caution, "
            "and you can hide them in the catalogue."
        ),
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_avoid_forward_bending_helptext"}),
    )

    @classmethod
    def for_person(cls, avoided: frozenset[str], data=None) -> "PreferencesForm":
        """The form as the person last saved it."""
        forward = vocabulary.SpineMovement.FORWARD_BENDING in avoided
        return cls(data, initial={"avoid_forward_bending": forward})
