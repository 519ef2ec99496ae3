"""What the tests of the record's parts send: one valid body per part."""

from __future__ import annotations

import datetime as dt
from typing import Any

TODAY = dt.date.today()
ASSESSMENT: dict[str, Any] = {
    "assessed_on": str(TODAY),
    "what_matters": "Å klare morgenstellet selv",
    "manages_self": "Spiser selv, kler på seg med litt hjelp",
    "resources": "Datter Hege kommer i helgene",
    "scores": {"dressing": 3, "personal_hygiene": 4},
    "goals": [
        {
            "kind": "reablement",
            "description": "Dusje selv",
            "follow_up_on": str(TODAY + dt.timedelta(days=30)),
        }
    ],
}
HOME_NOTES: dict[str, Any] = {"entry_method": "key_box", "entry_code": "4711", "pets": "Katt"}
RESOURCE_PERSON: dict[str, Any] = {
    "name": "Hege Hansen",
    "relation": "child",
    "phone": "+47 922 33 444",
    "has_proxy": True,
    "consent_to_information": True,
}
DEVICE: dict[str, Any] = {
    "kind": "safety_alarm",
    "serial_number": "TX-2231",
    "supplier": "Trygghetspakken AS",
    "installed_on": str(TODAY),
}
