from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fraudhub.reports"
    verbose_name = "Reports: the core records"
