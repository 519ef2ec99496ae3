"""Admin for staff, professions and competences."""

from django.contrib import admin

from hverdag.staff.models import Competence, Employee


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin[Competence]):
    list_display = ["name", "code"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin[Employee]):
    list_display = [
        "last_name",
        "first_name",
        "profession",
        "team",
        "provider",
        "employment_percent",
        "transport_mode",
        "active",
    ]
    list_filter = ["profession", "team", "provider", "transport_mode", "active"]
    search_fields = ["first_name", "last_name"]
    filter_horizontal = ["competences"]
    raw_id_fields = ["user"]
