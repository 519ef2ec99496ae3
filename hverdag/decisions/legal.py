"""Every legal reference a decision or its letter cites, kept as data in one place.

A new forvaltningslov with new section numbers is on its way (see
/work/shared/domain/vedtak.md), so nothing else in the code spells out a section: the
letter content copies these strings when it is made, which keeps old letters
reproducible after this module changes.
"""

from __future__ import annotations

from typing import Final

HOL: Final = "helse- og omsorgstjenesteloven"
PBRL: Final = "pasient- og brukerrettighetsloven"
FVL: Final = "forvaltningsloven"

# Keyed by decisions.models.ServiceCategory values; plain strings so models can import this.
SERVICE_BASIS: Final[dict[str, str]] = {
    "health_care": f"{HOL} § 3-2 første ledd nr. 6 bokstav a",
    "personal_care": f"{HOL} § 3-2 første ledd nr. 6 bokstav b",
    "household": f"{HOL} § 3-2 første ledd nr. 6 bokstav b",
    "additional": "",
}
RIGHT_TO_SERVICES: Final = f"{PBRL} § 2-1 a andre ledd"
REASONS: Final = f"{FVL} §§ 24 og 25"
ACCESS_TO_DOCUMENTS: Final = f"{FVL} § 18"
COMPLAINT_RIGHT: Final = f"{PBRL} § 7-2"
COMPLAINT_DEADLINE: Final = f"{PBRL} § 7-5"
COMPLAINT_DEADLINE_WEEKS: Final = 4
COPAYMENT_REGULATION: Final = "forskrift om egenandel for kommunale helse- og omsorgstjenester"
COPAYMENT_COMPLAINT_DEADLINE: Final = f"{FVL} § 29"
COPAYMENT_COMPLAINT_DEADLINE_WEEKS: Final = 3
COMPLAINT_BODY: Final = "Statsforvalteren"
OMBUD: Final = "pasient- og brukerombudet"
# Weeks the client has to choose a provider under free choice before the municipal
# service delivers by default (Flekkefjord's practice; the municipality may change it).
FREE_CHOICE_DEADLINE_WEEKS: Final = 2
