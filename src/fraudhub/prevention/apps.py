from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "fraudhub.prevention"
    verbose_name = "Prevention"
