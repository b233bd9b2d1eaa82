from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "fraudhub.intake"
    verbose_name = "Intake: the ways reports come in"
