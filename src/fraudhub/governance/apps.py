from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GovernanceConfig(AppConfig):
    name = "fraudhub.governance"
    verbose_name = "Governance: organisations, staff and audit"

    def ready(self) -> None:
        from fraudhub import emails

        from .permissions import sync_roles
        from .services import record_email_attempt, record_email_queued

        post_migrate.connect(sync_roles, dispatch_uid="fraudhub.sync_roles")
        # Every email queued and every attempt to send it is kept for staff to see.
        emails.queued.connect(record_email_queued, dispatch_uid="fraudhub.email_queued")
        emails.attempted.connect(record_email_attempt, dispatch_uid="fraudhub.email_attempted")
