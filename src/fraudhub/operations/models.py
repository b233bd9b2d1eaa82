"""What the scheduler and the worker write so that operators (and /readyz/) can tell the
service is running: no personal data."""

from __future__ import annotations

from django.db import models


class ScheduledRun(models.Model):
    """A daily job booked for one day. The pair is unique, so however many schedulers run,
    the first to claim the day books the job and the others find the row taken."""

    job = models.CharField(max_length=64)
    day = models.DateField(help_text="The day (UTC) the job was booked for.")
    booked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="one_run_a_day")]

    def __str__(self) -> str:
        return f"{self.job} on {self.day}"


class WorkerHeartbeat(models.Model):
    """When a background worker last ran the heartbeat task: proof that the queue moves."""

    name = models.CharField(max_length=64, primary_key=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at}"
