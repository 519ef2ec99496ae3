"""The test suite's settings: production's (debug off) with test-only secrets.

hverdag.settings fails closed, so the suite gives it what an installation must give: a secret
key and a field encryption key, both throwaway, and leave to accept the synthetic identity
numbers the factories make. A variable already set in the environment wins.
"""

from __future__ import annotations

import os

os.environ.setdefault("HVERDAG_SECRET_KEY", "test-only-insecure-secret-key")
# A fixed test-only Fernet key (32 bytes, url-safe base64): the same in every process.
os.environ.setdefault(
    "HVERDAG_FIELD_ENCRYPTION_KEY", "dGVzdC1vbmx5LWZpZWxkLWtleS0zMi1ieXRlcyEhISE="
)
os.environ.setdefault("HVERDAG_ACCEPT_SYNTHETIC_IDS", "true")

from hverdag.settings import *  # noqa: F403
