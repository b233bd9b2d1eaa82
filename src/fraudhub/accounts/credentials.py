"""Making and reading secrets people copy: API tokens and recovery codes. Pure functions."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_START = "fh_"  # noqa: S105 - a marker, not a secret
TOKEN_PREFIX_LENGTH = 10
# Letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10
RECOVERY_CODE_COUNT = 10


def new_api_token() -> str:
    """A token with 256 random bits, marked as Fraud Hub's so secret scanners can spot it."""
    return TOKEN_START + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored for a token. A plain SHA-256 is enough for 256 random bits: there is
    nothing to guess, so no slow hash is needed (unlike a password)."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_prefix(token: str) -> str:
    return token[:TOKEN_PREFIX_LENGTH]


def new_recovery_code() -> str:
    """Ten characters (about 50 random bits), shown as two groups of five: "k7mfq-2xw9d"."""
    code = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return f"{code[:5]}-{code[5:]}"


def normalise_recovery_code(typed: str) -> str:
    """A code as typed, in any case, with or without its hyphen or spaces."""
    return "".join(ch for ch in typed.lower() if ch not in " -\t\n")


def group_key(key: str, size: int = 4) -> str:
    """A base32 key in groups of four, easier to read out and type."""
    return " ".join(key[i : i + size] for i in range(0, len(key), size))
