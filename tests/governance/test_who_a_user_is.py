"""Who a request is for (governance.access): an anonymous user counts as nobody, a login
counts as itself whether or not it is switched off, and a login works for the organisation
of its staff profile."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User

from fraudhub.governance.access import organisation_of, signed_in, works_for_hub
from fraudhub.governance.models import Organisation

from ..factories import hub, staff_user, unattached_user

pytestmark = pytest.mark.django_db


def test_no_user_and_an_anonymous_user_are_nobody() -> None:
    assert signed_in(None) is None
    assert signed_in(AnonymousUser()) is None


def test_a_signed_in_login_is_itself(manager: User) -> None:
    assert signed_in(manager) is manager


def test_a_switched_off_login_is_still_itself(manager: User) -> None:
    manager.is_active = False
    assert signed_in(manager) is manager


def test_staff_work_for_the_organisation_of_their_profile(
    partner: User, partner_org: Organisation
) -> None:
    assert organisation_of(partner) == partner_org


def test_the_public_the_system_and_a_login_without_a_profile_work_for_no_organisation() -> None:
    assert organisation_of(None) is None
    assert organisation_of(AnonymousUser()) is None
    assert organisation_of(unattached_user()) is None


def test_only_staff_of_the_fraud_hub_work_for_the_hub(partner: User) -> None:
    assert works_for_hub(staff_user("hub-analyst", role="Analyst", organisation=hub()))
    assert not works_for_hub(partner)
    assert not works_for_hub(unattached_user())
    assert not works_for_hub(AnonymousUser())
    assert not works_for_hub(None)
