"""Prevention's parts listening to each other: a published alert goes to its subscribers."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from fraudhub.prevention.events import alert_published
from fraudhub.prevention.models import Alert
from fraudhub.prevention.services.sending import queue_alert


@receiver(alert_published, dispatch_uid="prevention.send_to_subscribers")
def send_to_subscribers(sender: Any, *, alert: Alert, **kwargs: Any) -> None:
    queue_alert(alert=alert)
