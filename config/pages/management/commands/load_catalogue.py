"""`manage.py load_catalogue`: everything the app ships with, in one transaction: the
stretches (`load_stretches`, stretches/), then the starter routines and a ready-to-try
routine for each stretch (`load_starters`, routines/). Safe to run again: it updates and
never duplicates; on an error in either file nothing changes."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from routines.starters import STARTERS_FILE
from stretches.services import CATALOGUE_FILE


class Command(BaseCommand):
    help = "Load the stretches, then the starter routines, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=CATALOGUE_FILE, help="The catalogue file (TOML)."
        )
        parser.add_argument(
            "--starters", type=Path, default=STARTERS_FILE, help="The starter routines (TOML)."
        )

    def handle(self, *args, file: Path, starters: Path, **options):
        with transaction.atomic():
            call_command("load_stretches", file=file, stdout=self.stdout)
            call_command("load_starters", file=starters, stdout=self.stdout)
