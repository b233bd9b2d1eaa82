from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GovernanceConfig(AppConfig):
    name = "fraudhub.governance"
    verbose_name = "Governance: organisations, staff and audit"

    def ready(self) -> None:
        from .permissions import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="fraudhub.sync_roles")
