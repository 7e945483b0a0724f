from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from council import models


@admin.register(models.Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "slug"]
    prepopulated_fields = {"slug": ["district"]}


admin.site.register(models.Dong, list_display=["name", "council", "order"], list_filter=["council"])
admin.site.register(models.Category, list_display=["name", "council", "order"])
admin.site.register(models.Staff, list_display=["name", "council", "user"])


@admin.register(models.Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "council", "role", "affiliation", "term_start", "term_end"]
    list_filter = ["council", "role"]


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "deadline"]
    list_filter = ["council", "status"]


admin.site.register(models.AuditEvent, list_display=["at", "user", "action", "target"])
