from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "fraudhub.rights"
    verbose_name = "People's rights and retention"
