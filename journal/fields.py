from django.db import models
from django.utils import timezone


class LocalDateField(models.DateField):
    """The day, in the site's time zone, of another date-and-time field of the same row:
    the day of the journal a pain entry or a session belongs to.

    Set whenever the row is saved, as `auto_now` is (`bulk_create` too), so that the
    journal groups and filters by an indexed date instead of converting every time in the
    query (on SQLite, a Python function called for each row)."""

    def __init__(self, *args, of: str, **kwargs):
        self.of = of
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = self.of
        if kwargs.get("editable") is False:
            del kwargs["editable"]
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool):
        moment = getattr(model_instance, self.of)
        value = timezone.localdate(moment) if moment is not None else None
        setattr(model_instance, self.attname, value)
        return value
