from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "fraudhub.casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from . import handlers  # noqa: F401  (connects triage to stored reports)
