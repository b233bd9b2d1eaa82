from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "fraudhub.insight"
    verbose_name = "Insight"
