from django.apps import AppConfig


class SharedConfig(AppConfig):
    name = "config.shared"
    verbose_name = "Backstretch"

    def ready(self) -> None:
        # Before any URLconf is read: every app's urls.py writes whole numbers as <id:…>.
        from config.shared import converters

        converters.register()
