from django.db import migrations, models
from django.utils import timezone

import journal.fields


def fill_days(apps, schema_editor):
    """The day of each existing entry and session, in the site's time zone."""
    for name, source in (("PainEntry", "recorded_at"), ("Session", "started_at")):
        model = apps.get_model("journal", name)
        rows = list(model.objects.only("pk", source))
        for row in rows:
            row.day = timezone.localdate(getattr(row, source))
        model.objects.bulk_update(rows, ["day"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("journal", "0004_session_plan_signature"),
    ]

    operations = [
        migrations.AddField(
            model_name="painentry",
            name="day",
            field=models.DateField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="session",
            name="day",
            field=models.DateField(null=True, editable=False),
        ),
        migrations.RunPython(fill_days, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="painentry",
            name="day",
            field=journal.fields.LocalDateField(
                help_text="The day of the entry, in the site's time.", of="recorded_at"
            ),
        ),
        migrations.AlterField(
            model_name="session",
            name="day",
            field=journal.fields.LocalDateField(
                help_text="The day it was played, in the site's time.", of="started_at"
            ),
        ),
        migrations.AddIndex(
            model_name="painentry",
            index=models.Index(fields=["user", "day"], name="pain_user_day"),
        ),
        migrations.AddIndex(
            model_name="session",
            index=models.Index(fields=["user", "day"], name="session_user_day"),
        ),
    ]
