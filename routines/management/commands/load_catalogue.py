from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from routines.services import routine_try_all
from routines.starters import STARTERS_FILE, StarterError, starters_load, starters_read
from stretches.services import CATALOGUE_FILE, CatalogueError, catalogue_load, catalogue_read


class Command(BaseCommand):
    help = (
        "Load the stretch catalogue and the starter routines from their data files. "
        "Safe to run again: it updates and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=CATALOGUE_FILE, help="The catalogue file (TOML)."
        )
        parser.add_argument(
            "--starters", type=Path, default=STARTERS_FILE, help="The starter routines (TOML)."
        )

    def handle(self, *args, file: Path, starters: Path, **options):
        try:
            with transaction.atomic():
                report = catalogue_load(catalogue_read(file))
                routines = starters_load(starters_read(starters))
                tries = routine_try_all()
        except (CatalogueError, StarterError) as error:
            raise CommandError(f"The catalogue was not loaded; nothing changed.\n{error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Catalogue loaded: {report}; {routines} starter routines; "
                f"{tries} stretches ready to try."
            )
        )
