from django.urls import path

from proposals.views import (
    aggregation,
    commitment_sheets,
    commitments,
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
    path(
        "meetings/<slug:meeting>/proposals/new/", proposal_pages.proposal_new, name="proposal_new"
    ),
    path(PROPOSAL, proposal_pages.proposal_detail, name="proposal_detail"),
    path(PROPOSAL + "edit/", proposal_pages.proposal_edit, name="proposal_edit"),
    path(PROPOSAL + "move/", proposal_pages.proposal_move, name="proposal_move"),
    path(PROPOSAL + "delete/", proposal_pages.proposal_delete, name="proposal_delete"),
    path(PROPOSAL + "history/", proposal_pages.proposal_history, name="proposal_history"),
    path(PROPOSAL + "response/", responses.response_edit, name="response_edit"),
    path(PROPOSAL + "response/return/", responses.response_return, name="response_return"),
    # Follow-up commitments between meetings
    path("commitments/", commitments.commitment_board, name="commitment_board"),
    path("commitments/<int:commitment>/", commitments.commitment_detail, name="commitment_detail"),
    path(
        "commitments/<int:commitment>/plan/",
        commitments.commitment_plan,
        name="commitment_plan",
    ),
    path(
        "commitments/<int:commitment>/notes/<int:note>/file/",
        commitments.note_file,
        name="note_file",
    ),
    path(
        "commitments/export/<int:department>/",
        commitment_sheets.commitment_export,
        name="commitment_export",
    ),
    path("commitments/import/", commitment_sheets.commitment_import, name="commitment_import"),
    path(
        "commitments/import/apply/",
        commitment_sheets.commitment_import_apply,
        name="commitment_import_apply",
    ),
    path("commitment-statuses/", commitments.commitment_statuses, name="commitment_statuses"),
    path(
        "commitment-statuses/<int:status>/edit/",
        commitments.commitment_status_edit,
        name="commitment_status_edit",
    ),
    path(
        "commitment-statuses/<int:status>/move/",
        commitments.commitment_status_move,
        name="commitment_status_move",
    ),
    path("my/follow-ups/", commitments.member_follow_ups, name="member_follow_ups"),
]
