"""`manage.py load_starters`: the starter routines from their data file
(routines/data/starter_routines.toml), and a ready-to-try routine for each stretch, over
the stretches already loaded. Safe to run again: it updates and never duplicates.
`load_catalogue` loads the stretches first."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from routines.services import routine_try_all
from routines.starters import STARTERS_FILE, StarterError, starters_load, starters_read


class Command(BaseCommand):
    help = "Load the starter routines and make every stretch ready to try."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=STARTERS_FILE, help="The starter routines (TOML)."
        )

    def handle(self, *args, file: Path, **options):
        try:
            with transaction.atomic():
                routines = starters_load(starters_read(file))
                tries = routine_try_all()
        except StarterError as error:
            raise CommandError(
                f"The starter routines were not loaded; nothing changed.\n{error}"
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Starter routines loaded: {routines}; {tries} stretches ready to try."
            )
        )
