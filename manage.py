#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # On the command line, a developer's machine unless the environment says otherwise (as
    # `make run` does, and `make serve` and production set DJANGO_DEBUG=0). The web server
    # (config/wsgi.py) has no such default: there, debug is off unless it is turned on.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings)
    except ImproperlyConfigured as error:
        # Said here, in its own words: otherwise some commands go on and fail later with
        # "Models aren't loaded yet", which names neither the variable nor the fix.
        sys.exit(f"Backstretch cannot start: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
