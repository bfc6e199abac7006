"""The app's own settings, plus a bare view to measure every page against."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
