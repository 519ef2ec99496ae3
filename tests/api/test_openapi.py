"""The OpenAPI document is the API's reference; the Swagger page is off (no CDN offline)."""

from __future__ import annotations

from django.test import Client as HttpClient

from tests.api.conftest import BASE


def test_the_openapi_document_is_served_without_credentials(db: None) -> None:
    response = HttpClient().get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["info"]["title"] == "Hverdag API"
    assert doc["info"]["version"] == "1"
    assert "Bearer" in doc["info"]["description"]
    paths = set(doc["paths"])
    assert {
        "/api/v1/clients",
        "/api/v1/clients/{client_id}",
        "/api/v1/clients/{client_id}/assessments",
        "/api/v1/clients/{client_id}/home-notes",
        "/api/v1/clients/{client_id}/resource-persons",
        "/api/v1/clients/{client_id}/welfare-technology",
        "/api/v1/clients/{client_id}/welfare-technology/{device_id}/remove",
        "/api/v1/clients/{client_id}/resource-persons/{person_id}",
        "/api/v1/clients/{client_id}/resource-persons/{person_id}/deactivate",
        "/api/v1/clients/{client_id}/access-log",
        "/api/v1/clients/{client_id}/decisions",
        "/api/v1/decisions/{decision_id}",
        "/api/v1/decisions/{decision_id}/approve",
        "/api/v1/decisions/{decision_id}/send",
        "/api/v1/decisions/{decision_id}/change",
        "/api/v1/decisions/{decision_id}/terminate",
        "/api/v1/decisions/{decision_id}/letters/{letter_id}.pdf",
        "/api/v1/staff",
        "/api/v1/teams",
        "/api/v1/services",
        "/api/v1/providers",
    } <= paths
    assert set(doc["paths"]["/api/v1/clients/{client_id}"]) == {"get", "put", "patch"}
    assert set(doc["paths"]["/api/v1/decisions/{decision_id}"]) == {"get", "put", "delete"}
    pdf = doc["paths"]["/api/v1/decisions/{decision_id}/letters/{letter_id}.pdf"]["get"]
    assert "application/pdf" in pdf["responses"]["200"]["content"]
    schemes = doc["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionUserAuth"]["in"] == "cookie"


def test_no_path_takes_a_database_id_or_an_identity_number(db: None) -> None:
    doc = HttpClient().get(f"{BASE}/openapi.json").json()
    for path, operations in doc["paths"].items():
        for operation in operations.values():
            for param in operation.get("parameters", []):
                if param["in"] == "path":
                    assert param["schema"]["format"] == "uuid", (path, param)
    assert "identity_number" not in doc["components"]["schemas"]["ClientOut"]["properties"]


def test_the_swagger_page_is_not_served(db: None) -> None:
    # It would load its scripts from a CDN, and installations run without network.
    assert HttpClient().get(f"{BASE}/docs").status_code == 404
