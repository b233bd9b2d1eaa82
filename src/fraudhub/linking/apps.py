from django.apps import AppConfig


class LinkingConfig(AppConfig):
    name = "fraudhub.linking"
    verbose_name = "Linking"

    def ready(self) -> None:
        from . import (
            handlers,  # noqa: F401  (links every stored report)
            panels,  # noqa: F401  (the campaign on the staff report page)
        )
