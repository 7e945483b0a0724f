from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from proposals.models import Department, DepartmentResponse, Proposal, Reviewer

admin.site.register(Department, list_display=["name", "council"])
admin.site.register(Reviewer, list_display=["name", "department", "user"])


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "number", "headline", "category", "department"]
    list_filter = ["meeting__council"]


@admin.register(DepartmentResponse)
class DepartmentResponseAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "department", "status", "state"]
