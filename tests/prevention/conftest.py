"""Fixtures for the warnings' tests."""

from __future__ import annotations

import pytest

from .outreach_world import Campaign, confirmed_campaign


@pytest.fixture
def campaign(db: None) -> Campaign:
    return confirmed_campaign()
