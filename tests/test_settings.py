"""Settings come from the environment; production refuses development secrets."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "fraudhub.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_development_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "fraudhub.settings", "DEBUG": "false"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_database_comes_from_database_url() -> None:
    result = run_python(
        "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])",
        DATABASE_URL="postgres://someone@db.example:5432/fraudhub",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "fraudhub"]


@pytest.mark.django_db
def test_migrations_match_the_models() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_fraudhub_command_takes_hyphenated_names() -> None:
    result = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "fraudhub"), "demo-data", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "The same seed gives the same data" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    "setting",
    [
        {"SECRET_KEY": "change-me-to-a-long-random-value"},
        {
            "SECRET_KEY": "a-long-random-value-for-this-test-0123456789abcdefghijklmnop",
            "METRICS_TOKEN": "change-me-to-another-long-random-value",
        },
    ],
)
def test_production_refuses_the_example_files_placeholder_secrets(
    setting: dict[str, str],
) -> None:
    result = run_python("import django; django.setup()", DEBUG="false", **setting)
    assert result.returncode != 0
    assert "placeholder" in result.stderr
