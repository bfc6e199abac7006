from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import F
from django.forms.models import BaseInlineFormSet

from routines.models import MAX_ITEMS, Routine, RoutineItem
from routines.services import routine_renumber

_OUT_OF_THE_WAY = 1000


class RoutineItemFormSet(BaseInlineFormSet):
    """Positions may be edited freely: they must differ, and are saved without ever
    colliding half-way (two items trading places), then closed up to 1..n."""

    def clean(self) -> None:
        super().clean()
        positions = [
            form.cleaned_data["position"]
            for form in self.forms
            if form.cleaned_data.get("position") and not form.cleaned_data.get("DELETE")
        ]
        if len(positions) != len(set(positions)):
            raise ValidationError("Two stretches have the same position.")

    def save(self, commit: bool = True):
        instances = super().save(commit=False)
        for item in self.deleted_objects:
            item.delete()
        moved = [item for item in instances if item.pk]
        if moved:
            RoutineItem.objects.filter(pk__in=[item.pk for item in moved]).update(
                position=F("position") + _OUT_OF_THE_WAY
            )
        for item in instances:
            item.save()
        self.save_m2m()
        return instances


class RoutineItemInline(admin.TabularInline):
    model = RoutineItem
    formset = RoutineItemFormSet
    extra = 0
    max_num = MAX_ITEMS
    ordering = ["position"]
    autocomplete_fields = ["stretch"]


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "starter_key", "updated_at"]
    list_filter = [("owner", admin.EmptyFieldListFilter)]
    search_fields = ["name", "owner__username", "starter_key"]
    raw_id_fields = ["owner"]
    inlines = [RoutineItemInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        routine_renumber(routine=form.instance)
