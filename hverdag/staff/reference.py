"""Competences services may require; installed by a data migration, editable in admin."""

from typing import Any

COMPETENCES: list[tuple[str, str]] = [
    ("medication_administration", "Legemiddelhåndtering"),
    ("injections", "Injeksjoner"),
    ("wound_care", "Sårbehandling"),
    ("catheter_care", "Kateterstell"),
    ("physiotherapy", "Fysioterapi"),
    ("occupational_therapy", "Ergoterapi / hjelpemidler"),
    ("welfare_technology", "Velferdsteknologi"),
    ("nutrition", "Ernæring"),
    ("personal_care", "Personlig stell"),
    ("household", "Praktisk bistand i hjemmet"),
    ("patient_lift", "Bruk av personløfter"),
]


def install_competences(competence_model: Any) -> None:
    """Idempotent; takes the model so the migration can pass its historical one."""
    for code, name in COMPETENCES:
        competence_model.objects.get_or_create(code=code, defaults={"name": name})
