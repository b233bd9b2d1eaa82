from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "fraudhub.governance"
    verbose_name = "Governance: organisations, staff and audit"
