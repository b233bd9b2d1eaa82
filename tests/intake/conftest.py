from __future__ import annotations

import pytest

from fraudhub.governance.models import Organisation
from tests.factories import OrganisationFactory


@pytest.fixture
def org(db: None) -> Organisation:
    """The partner whose files and referrals a test imports."""
    return OrganisationFactory(slug="trading-standards", name="Trading Standards")
