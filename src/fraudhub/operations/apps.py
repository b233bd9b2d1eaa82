from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "fraudhub.operations"
    label = "operations"
    verbose_name = "Operations: health, schedule and heartbeat"
