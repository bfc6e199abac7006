from django.apps import AppConfig


class ConfigConfig(AppConfig):
    name = "config"
    verbose_name = "Backstretch"

    def ready(self) -> None:
        # Before any URLconf is read: every app's urls.py writes whole numbers as <id:…>.
        from config import converters

        converters.register()
