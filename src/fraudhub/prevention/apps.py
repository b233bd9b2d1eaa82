from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "fraudhub.prevention"
    verbose_name = "Prevention"

    def ready(self) -> None:
        from fraudhub.prevention import receivers  # noqa: F401 (connects the listeners)
