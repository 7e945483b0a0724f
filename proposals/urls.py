from django.urls import path

from proposals.views import (
    aggregation,
    departments,
    proposal_pages,
    response_sheets,
    responses,
    review,
)

app_name = "proposals"

PROPOSAL = "meetings/<slug:meeting>/proposals/<int:number>/"

urlpatterns = [
    path("review/", review.review_home, name="review_home"),
    path("departments/", departments.departments, name="departments"),
    path("departments/<int:department>/edit/", departments.department_edit, name="department_edit"),
    path("meetings/<slug:meeting>/aggregate/", aggregation.aggregate, name="aggregate"),
    path(
        "meetings/<slug:meeting>/aggregate/action/",
        aggregation.aggregate_action,
        name="aggregate_action",
    ),
    path("meetings/<slug:meeting>/responses/", responses.response_list, name="response_list"),
    path(
        "meetings/<slug:meeting>/responses/export/<int:department>/",
        response_sheets.export_xlsx,
        name="export_xlsx",
    ),
    path(
        "meetings/<slug:meeting>/responses/import/", response_sheets.import_xlsx, name="import_xlsx"
    ),
    path(
        "meetings/<slug:meeting>/responses/import/apply/",
        response_sheets.import_apply,
        name="import_apply",
    ),
    path(PROPOSAL, proposal_pages.proposal_detail, name="proposal_detail"),
    path(PROPOSAL + "edit/", proposal_pages.proposal_edit, name="proposal_edit"),
    path(PROPOSAL + "move/", proposal_pages.proposal_move, name="proposal_move"),
    path(PROPOSAL + "delete/", proposal_pages.proposal_delete, name="proposal_delete"),
    path(PROPOSAL + "history/", proposal_pages.proposal_history, name="proposal_history"),
    path(PROPOSAL + "response/", responses.response_edit, name="response_edit"),
    path(PROPOSAL + "response/return/", responses.response_return, name="response_return"),
]
