"""Competences services may require; installed by a data migration, editable in admin."""

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
