"""What prevention announces, so its parts stay apart: publishing an alert does not need
to know how subscribers are told."""

from django.dispatch import Signal

# keyword arguments: alert (the Alert just published; sent after the commit)
alert_published = Signal()
