"""Passwords: Argon2 hashes, at least 12 characters, not a common one."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from fraudhub import settings as product


def test_passwords_are_hashed_with_argon2(settings) -> None:  # type: ignore[no-untyped-def]
    # The tests swap in a fast hasher (conftest); put back the product's own list.
    settings.PASSWORD_HASHERS = product.PASSWORD_HASHERS
    assert make_password("a long passphrase here").startswith("argon2$")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pass1", "at least 12 characters"),
        ("password1234", "too common"),
    ],
)
def test_weak_passwords_are_refused_saying_why(password: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted() -> None:
    validate_password("kettle-on-the-hob-again")
