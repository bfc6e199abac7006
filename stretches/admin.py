from django.contrib import admin

from stretches.models import BodyArea, SpineMovement, Step, Stretch, Variation


class StepInline(admin.TabularInline):
    model = Step
    extra = 1
    ordering = ["number"]


class VariationInline(admin.TabularInline):
    model = Variation
    fk_name = "stretch"
    extra = 0
    autocomplete_fields = ["target"]


@admin.register(Stretch)
class StretchAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "kind", "intensity", "duration_seconds", "rank"]
    list_filter = [
        "body_areas",
        "position",
        "equipment",
        "kind",
        "intensity",
        "spine_movements",
        "per_side",
        "in_bed",
        "at_desk",
    ]
    search_fields = ["name", "summary", "steps__text"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["body_areas", "spine_movements"]
    readonly_fields = ["duration_seconds", "updated_at"]
    inlines = [StepInline, VariationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "rank"]}),
        (
            "How it is done",
            {
                "fields": [
                    "position",
                    "equipment",
                    "kind",
                    "intensity",
                    ("hold_seconds", "repetitions", "sets", "seconds_per_repetition"),
                    ("per_side", "in_bed", "at_desk"),
                    "duration_seconds",
                    "how_often",
                ]
            },
        ),
        ("What it works", {"fields": ["body_areas", "spine_movements"]}),
        ("Guidance", {"fields": ["breathing", "feel", "mistakes", "cautions"]}),
        ("Figure", {"fields": ["figure"], "classes": ["collapse"]}),
        (None, {"fields": ["updated_at"]}),
    ]


@admin.register(BodyArea, SpineMovement)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "rank"]
