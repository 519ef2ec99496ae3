"""The demo commands on a database without the demo."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from hverdag.org.models import Municipality


@pytest.mark.django_db
def test_demo_logins_on_an_empty_database_says_to_load_the_demo() -> None:
    out = io.StringIO()

    call_command("demo_logins", stdout=out)

    assert "load_demo" in out.getvalue()
    assert not Municipality.objects.exists()
