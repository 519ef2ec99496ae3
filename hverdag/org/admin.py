"""Admin for the organisation: edited by system administrators, not health data."""

from django.contrib import admin

from hverdag.org.models import Centre, District, Municipality, Provider, Team, Unit


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["name", "number"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ["name", "municipality", "number", "phone", "email"]
    list_filter = ["municipality"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["name", "district"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "slug", "unit", "municipality"]
    list_filter = ["municipality"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin[Provider]):
    list_display = ["name", "kind", "organisation_number", "contract_from", "contract_to", "active"]
    list_filter = ["kind", "active", "municipality"]


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin[Centre]):
    list_display = ["name", "district", "address"]
