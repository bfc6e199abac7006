from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The site pages above the apps; installed for its `load_catalogue` command, which loads
    every app's data in one transaction."""

    name = "config.pages"
    label = "pages"
    verbose_name = "Backstretch site pages"
