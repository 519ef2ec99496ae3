"""Admin for the note templates only.

Notes are health information (or case documents) and are read through the pages and the
API, which check the care relationship and write the access log; the admin does neither.
"""

from django.contrib import admin

from hverdag.notes.models import NoteTemplate


@admin.register(NoteTemplate)
class NoteTemplateAdmin(admin.ModelAdmin[NoteTemplate]):
    list_display = ["title", "service", "category", "order", "active", "municipality"]
    list_filter = ["active", "category", "municipality"]
    search_fields = ["title", "body"]
