from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from council import models


@admin.register(models.Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "slug"]
    prepopulated_fields = {"slug": ["district"]}


admin.site.register(
    models.Dong, list_display=["name", "code", "council", "order"], list_filter=["council"]
)
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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit and login records: shown, never added, changed or deleted here (no bulk
    delete either); only the retention command removes them (council.audit)."""

    def get_actions(self, request):
        return {}

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "user", "action", "target", "ip_address"]


@admin.register(models.LoginRecord)
class LoginRecordAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "username", "success", "ip_address"]


@admin.register(models.AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    list_display = ["chain", "seq", "at", "removed"]


def _axes_read_only() -> None:
    """django-axes' login records (attempts, successes, failures): read-only too;
    a lock is lifted from the roster with a reason (council.lockout)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        registered = admin.site._registry.get(model)
        if registered is None:
            continue
        admin.site.unregister(model)
        admin.site.register(
            model,
            type(
                f"ReadOnly{model.__name__}Admin",
                (ReadOnlyAdmin, type(registered)),
                {},
            ),
        )


_axes_read_only()
