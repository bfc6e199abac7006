import pytest

from stretches import vocabulary
from stretches.forms import StretchFilterForm
from stretches.selectors import StretchFilters, stretch_search
from tests.factories import StretchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stretches():
    return {
        "twist": StretchFactory(
            name="Lying twist",
            position=vocabulary.Position.LYING_BACK,
            equipment=vocabulary.Equipment.BED,
            in_bed=True,
            areas=["lower-back", "hips"],
            movements=["rotation"],
            hold_seconds=20,
            sets=1,
            per_side=True,
        ),
        "fold": StretchFactory(
            name="Seated fold",
            summary="Fold over your legs.",
            position=vocabulary.Position.SEATED_CHAIR,
            equipment=vocabulary.Equipment.CHAIR,
            at_desk=True,
            areas=["lower-back"],
            movements=["forward-bending"],
            intensity=vocabulary.Intensity.MODERATE,
            hold_seconds=60,
            sets=3,
        ),
        "rolls": StretchFactory(
            name="Shoulder circles",
            position=vocabulary.Position.STANDING,
            equipment=vocabulary.Equipment.NONE,
            kind=vocabulary.Kind.FLOWING,
            repetitions=10,
            seconds_per_repetition=3,
            areas=["shoulders"],
            steps=["Lift your shoulders towards your ears.", "Roll them back and down."],
        ),
    }


def names(filters: StretchFilters) -> set[str]:
    return {stretch.name for stretch in stretch_search(filters)}


def test_no_filters_lists_everything_in_catalogue_order(stretches):
    assert [s.name for s in stretch_search(StretchFilters())] == [
        "Lying twist",
        "Seated fold",
        "Shoulder circles",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (StretchFilters(area="hips"), {"Lying twist"}),
        (StretchFilters(area="lower-back"), {"Lying twist", "Seated fold"}),
        (StretchFilters(position="standing"), {"Shoulder circles"}),
        (StretchFilters(equipment="chair"), {"Seated fold"}),
        (StretchFilters(kind="flowing"), {"Shoulder circles"}),
        (StretchFilters(intensity="moderate"), {"Seated fold"}),
        (StretchFilters(max_minutes=1), {"Lying twist", "Shoulder circles"}),
        (StretchFilters(no_forward_bending=True), {"Lying twist", "Shoulder circles"}),
        (StretchFilters(in_bed=True), {"Lying twist"}),
        (StretchFilters(at_desk=True), {"Seated fold"}),
    ],
)
def test_each_filter_keeps_only_matching_stretches(stretches, filters, expected):
    assert names(filters) == expected


def test_filters_combine_with_and(stretches):
    assert names(StretchFilters(area="lower-back", no_forward_bending=True)) == {"Lying twist"}
    assert names(StretchFilters(area="lower-back", at_desk=True, max_minutes=1)) == set()


def test_search_matches_name_summary_and_steps_ignoring_case(stretches):
    assert names(StretchFilters(q="TWIST")) == {"Lying twist"}
    assert names(StretchFilters(q="fold over")) == {"Seated fold"}
    assert names(StretchFilters(q="ears")) == {"Shoulder circles"}


def test_search_needs_every_word(stretches):
    assert names(StretchFilters(q="shoulder ears")) == {"Shoulder circles"}
    assert names(StretchFilters(q="shoulder twist")) == set()


def test_a_stretch_matching_in_several_steps_is_listed_once(stretches):
    assert [s.name for s in stretch_search(StretchFilters(q="your"))].count("Shoulder circles") == 1


def test_filter_form_turns_the_query_string_into_filters():
    form = StretchFilterForm({"q": " twist ", "area": "hips", "max_minutes": "2", "in_bed": "on"})

    assert form.filters() == StretchFilters(q="twist", area="hips", max_minutes=2, in_bed=True)


def test_filter_form_leaves_out_unknown_values_and_keeps_the_rest():
    form = StretchFilterForm({"area": "elbows", "max_minutes": "999", "position": "standing"})

    assert form.filters() == StretchFilters(position="standing")
    assert set(form.errors) == {"area", "max_minutes"}


def test_unbound_filter_form_filters_nothing():
    assert StretchFilterForm().filters() == StretchFilters()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Knees to chest", ["knees", "chest"]),
        ("  SCIATICA  ", ["sciatica"]),
        ("child's pose", ["child", "pose"]),
        ("knee & | ! :*()'", ["knee"]),
        ("neck neck", ["neck"]),
        ("the and of", []),
        ("", []),
        ("a b c d e f g h i j k l", ["b", "c", "d", "e", "f", "g", "h", "j"]),
    ],
)
def test_search_words_are_plain_words_without_the_commonest(text, words):
    assert vocabulary.search_words(text) == words


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("knees", "knee"),
        ("stretches", "stretch"),
        ("glutes", "glute"),
        ("hips", "hip"),
        ("stiffness", "stiffness"),
        ("abs", "abs"),
        ("neck", "neck"),
    ],
)
def test_singular_is_a_plain_english_singular(word, expected):
    assert vocabulary.singular(word) == expected


@pytest.mark.parametrize(
    ("word", "area"),
    [
        ("sciatica", "hamstrings"),
        ("buttocks", "hips"),
        ("glutes", "hips"),
        ("hips", "hips"),
        ("shoulders", "shoulders"),
        ("hamstrings", "hamstrings"),
    ],
)
def test_words_people_use_map_to_body_areas(word, area):
    assert area in vocabulary.search_meaning(word).areas


def test_words_people_use_map_to_positions_and_settings():
    assert vocabulary.search_meaning("bed").in_bed
    assert vocabulary.search_meaning("morning").in_bed
    assert vocabulary.search_meaning("office").at_desk
    assert vocabulary.search_meaning("desk").at_desk
    assert vocabulary.Position.STANDING in vocabulary.search_meaning("standing").positions
    assert vocabulary.Equipment.WALL in vocabulary.search_meaning("wall").equipment
    assert vocabulary.search_meaning("knee") is None


def test_the_map_is_kept_in_singular_lower_case():
    for word in vocabulary.SEARCH_WORDS:
        assert word == word.lower()
        assert vocabulary.search_words(word) == [word]
