"""`manage.py load_stretches`: the stretches from the catalogue's data file
(stretches/data/catalogue.toml). Safe to run again: it updates and never duplicates.
`load_catalogue` loads the starter routines with them."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stretches.services import CATALOGUE_FILE, CatalogueError, catalogue_load, catalogue_read


class Command(BaseCommand):
    help = "Load the stretches from the catalogue's data file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=CATALOGUE_FILE, help="The catalogue file (TOML)."
        )

    def handle(self, *args, file: Path, **options):
        try:
            report = catalogue_load(catalogue_read(file))
        except CatalogueError as error:
            raise CommandError(f"The catalogue was not loaded; nothing changed.\n{error}") from None
        self.stdout.write(self.style.SUCCESS(f"Catalogue loaded: {report}."))
