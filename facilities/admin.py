from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from facilities.models import Facility, FacilityFigures


class FiguresInline(admin.TabularInline):
    model = FacilityFigures
    extra = 0


@admin.register(Facility)
class FacilityAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "dong", "status"]
    list_filter = ["council", "kind", "status"]
    inlines = [FiguresInline]
