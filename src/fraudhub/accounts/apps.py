from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fraudhub.accounts"
    verbose_name = "Sign-in: second factors and API tokens"

    def ready(self) -> None:
        from . import sessions

        sessions.connect()
