import os
import tempfile

import pytest
from django.conf import settings as django_settings
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

# Property-based tests (tests/test_hostile_input.py): the same inputs on every run by
# default, so that CI is repeatable and nothing is written to the checkout;
# HYPOTHESIS_PROFILE=explore draws new ones, ten times as many.
set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "backstretch-hypothesis"))
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None, max_examples=60)
hypothesis_settings.register_profile("explore", database=None, max_examples=600)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test in a file, as the app runs, rather than in shared-cache memory.

    In memory, SQLite locks whole tables and fails at once ("database table is locked") when
    the live server is still answering a browser while a test's data are flushed; in a file,
    WAL and the busy timeout from the settings make the two wait for each other instead.
    """
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (the catalogue's drawn parts, sessions)."""
    from config.shared.caching import cache_clear

    cache_clear()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def person(db):
    """Someone signed up, with nothing yet: no routine, no journal."""
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def starter(db):
    """A starter routine of two stretches, anyone's to play or copy."""
    from tests.factories import RoutineFactory, StretchFactory

    return RoutineFactory(
        starter=True, name="Wake-up in bed", stretches=StretchFactory.create_batch(2)
    )


@pytest.fixture
def catalogue(db):
    """The real catalogue, loaded from its data file."""
    from stretches.services import catalogue_load, catalogue_read

    catalogue_load(catalogue_read())


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
