"""Sign-in pages after the password, under /staff/ (the password page itself is `login`)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/code/", views.enter_code, name="code"),
    path("sign-in/recovery-code/", views.use_recovery_code, name="recovery_code"),
    path("sign-in/set-up/", views.set_up, name="set_up"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("session/", views.session, name="session"),
    path("signed-out/", views.signed_out, name="signed_out"),
]
