from django.contrib import admin

from reports.models import PublishedResult


@admin.register(PublishedResult)
class PublishedResultAdmin(admin.ModelAdmin):
    list_display = ["meeting", "version", "published_at", "pdf_sha256"]
    readonly_fields = ["pdf_sha256", "xlsx_sha256", "hwpx_sha256"]
