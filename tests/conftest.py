from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from hypothesis import settings as hypothesis_settings

from fraudhub import sms
from fraudhub.governance.models import Organisation
from fraudhub.sms import TextMessage

from .factories import OrganisationFactory, hub, sign_in, staff_user

# Property tests are judged on what they find, not on how fast one example runs: on a
# shared machine a single slow example is no failure.
hypothesis_settings.register_profile("fraudhub", deadline=None)
hypothesis_settings.load_profile("fraudhub")


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:  # type: ignore[no-untyped-def]
    """Background tasks run at once in tests; a deployment runs them with `fraudhub db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache (the tracking page's guess counter lives there)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    """Hashing passwords properly is slow on purpose; tests need not pay for it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def sms_outbox(settings) -> list[TextMessage]:  # type: ignore[no-untyped-def]
    """Text messages go to an outbox in memory, emptied for each test, as Django does for email."""
    settings.SMS_BACKEND = "fraudhub.sms.LocmemBackend"
    sms.outbox.clear()
    return sms.outbox


@pytest.fixture
def hub_org(db: None) -> Organisation:
    return hub()


@pytest.fixture
def manager(db: None) -> User:
    return staff_user("manager", role="Case manager")


@pytest.fixture
def partner_org(db: None) -> Organisation:
    return OrganisationFactory(slug="trading-standards", name="Trading Standards")


@pytest.fixture
def partner(partner_org: Organisation) -> User:
    return staff_user("partner", role="Partner user", organisation=partner_org)


@pytest.fixture
def partner_analyst(partner_org: Organisation) -> User:
    """An analyst of a partner (a police analyst, say): sees intelligence, but only through
    the reports their own organisation sent."""
    return staff_user("partner-analyst", role="Analyst", organisation=partner_org)


@pytest.fixture
def manager_client(client: Client, manager: User) -> Client:
    return sign_in(client, manager)
