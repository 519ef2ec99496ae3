"""Admin for the service catalogue only.

Decisions, letters and client records are health information: they are read through the
pages and the API, which check the care relationship and write the access log. The admin
does neither, so it does not show them.
"""

from django.contrib import admin

from hverdag.decisions.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    list_display = [
        "name",
        "code",
        "category",
        "kpr_code",
        "required_competence",
        "default_minutes",
        "chargeable",
        "part_of_decision",
        "active",
    ]
    list_filter = ["category", "chargeable", "active", "municipality"]
    readonly_fields = ["chargeable"]
