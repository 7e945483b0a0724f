from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from facilities import models as facility_models
from facilities.models import Facility, FacilityFigures, FacilityKindOption


class FiguresInline(admin.TabularInline):
    model = FacilityFigures
    extra = 0


@admin.register(Facility)
class FacilityAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "dong", "status"]
    list_filter = ["council", "kind", "status"]
    inlines = [FiguresInline]


admin.site.register(
    facility_models.GapSettings,
    list_display=["council", "age_from", "age_to", "margin", "min_places"],
)
admin.site.register(
    facility_models.PopulationDataset,
    list_display=["council", "month", "region_name", "source_name", "imported_at"],
)
admin.site.register(
    facility_models.FacilitySource,
    list_display=["facility", "format", "data_date", "provider_name", "hours_unparsed"],
    list_filter=["format", "hours_unparsed"],
)
admin.site.register(FacilityKindOption, list_display=["council", "name"], list_filter=["council"])
