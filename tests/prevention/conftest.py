from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _alerts_sent_without_waiting(settings) -> None:  # type: ignore[no-untyped-def]
    """Alerts go out as fast as the test runs (no pacing), and a failed message is tried
    again at once (the immediate task backend cannot run anything later)."""
    settings.FRAUDHUB_ALERTS_PER_SECOND = 0
    settings.FRAUDHUB_ALERTS_RETRY_SECONDS = 0
    settings.FRAUDHUB_ALERTS_EMAIL_BACKEND = ""
