"""Encryption of secrets at rest (key-box codes, digital-lock PINs).

The key comes from HVERDAG_FIELD_ENCRYPTION_KEY (a Fernet key); without it a key is
derived from SECRET_KEY so that the demo works, which settings only allow in DEBUG.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@cache
def _fernet(key: str, secret: str) -> Fernet:
    if key:
        return Fernet(key.encode())
    derived = hashlib.sha256(("hverdag-field-key:" + secret).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def fernet() -> Fernet:
    return _fernet(settings.FIELD_ENCRYPTION_KEY, settings.SECRET_KEY)


def encrypt(plaintext: str) -> str:
    if not plaintext:
        return ""
    return fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a wrong key must never pass silently as empty text
        raise ValueError("Encrypted value cannot be read with the configured key") from exc


def digest(value: str) -> str:
    """Keyed one-way digest for looking up tokens without storing them."""
    return hashlib.sha256((settings.SECRET_KEY + ":" + value).encode()).hexdigest()
