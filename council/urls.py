from django.urls import path

from council import (
    audit_views,
    category_views,
    meeting_views,
    opinion_views,
    roster_views,
    two_factor_views,
    views,
)
from council.notices import views as notice_views

app_name = "council"

MEETING = "meetings/<slug:meeting>/"

urlpatterns = [
    path("my/", views.my_meetings, name="my_meetings"),
    path("my/notices/", notice_views.my_notices, name="my_notices"),
    path("notices/", notice_views.notice_overview, name="notices"),
    path("notices/templates/<slug:event>/", notice_views.notice_template, name="notice_template"),
    path("members/<int:member_id>/notices/", notice_views.member_contact, name="member_contact"),
    path(MEETING + "notices/", notice_views.meeting_notices, name="meeting_notices"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("keep-alive/", meeting_views.keep_alive, name="keep_alive"),
    # Roster (staff)
    path("members/", roster_views.roster_list, name="roster"),
    path("members/add/", roster_views.member_add, name="member_add"),
    path("members/renew/", roster_views.members_renew, name="members_renew"),
    path("members/import/", roster_views.roster_import, name="roster_import"),
    path(
        "members/import/confirm/", roster_views.roster_import_confirm, name="roster_import_confirm"
    ),
    path("members/import/template.xlsx", roster_views.roster_template, name="roster_template"),
    path("members/<int:member_id>/", roster_views.member_edit, name="member_edit"),
    path("members/<int:member_id>/end-term/", roster_views.member_end_term, name="member_end_term"),
    path("members/<int:member_id>/unlock/", roster_views.member_unlock, name="member_unlock"),
    path("accounts/<int:user_id>/unlock/", roster_views.account_unlock, name="account_unlock"),
    path("two-factor/", two_factor_views.accounts, name="two_factor_accounts"),
    path("two-factor/<int:user_id>/reset/", two_factor_views.reset, name="two_factor_reset"),
    path(
        "members/<int:member_id>/resend-link/",
        roster_views.member_resend_link,
        name="member_resend_link",
    ),
    # Categories (staff)
    path("categories/", category_views.categories, name="categories"),
    path("categories/<int:category>/edit/", category_views.category_edit, name="category_edit"),
    path("categories/<int:category>/move/", category_views.category_move, name="category_move"),
    path(
        "categories/<int:category>/delete/",
        category_views.category_delete,
        name="category_delete",
    ),
    # Meetings (staff manage; members read)
    path("meetings/", meeting_views.meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_views.meeting_create, name="meeting_create"),
    path("meetings/record/", meeting_views.meeting_record, name="meeting_record"),
    path(MEETING, views.meeting_detail, name="meeting_detail"),
    path(MEETING + "edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path(MEETING + "open/", meeting_views.meeting_open, name="meeting_open"),
    path(MEETING + "close/", meeting_views.meeting_close, name="meeting_close"),
    path(MEETING + "extend/", meeting_views.meeting_extend, name="meeting_extend"),
    path(MEETING + "attendance/", meeting_views.attendance, name="attendance"),
    path(MEETING + "agenda/add/", meeting_views.agenda_add, name="agenda_add"),
    path(MEETING + "agenda/<int:item_id>/", meeting_views.agenda_edit, name="agenda_edit"),
    path(MEETING + "agenda/<int:item_id>/move/", meeting_views.agenda_move, name="agenda_move"),
    path(
        MEETING + "agenda/<int:item_id>/attach-report/<slug:source>/",
        meeting_views.agenda_snapshot,
        name="agenda_snapshot",
    ),
    path(
        MEETING + "agenda/<int:item_id>/delete/", meeting_views.agenda_delete, name="agenda_delete"
    ),
    path(
        MEETING + "agenda/<int:item_id>/attach/",
        meeting_views.attachment_add,
        name="attachment_add",
    ),
    path(
        MEETING + "files/<int:attachment_id>/",
        meeting_views.attachment_download,
        name="attachment_download",
    ),
    path(
        MEETING + "files/<int:attachment_id>/delete/",
        meeting_views.attachment_delete,
        name="attachment_delete",
    ),
    # Opinions
    path(MEETING + "my-opinion/", opinion_views.my_opinion, name="my_opinion"),
    path(
        MEETING + "my-opinion/receipt/",
        opinion_views.my_opinion_receipt,
        name="my_opinion_receipt",
    ),
    path(
        MEETING + "my-opinion/autosave/",
        opinion_views.my_opinion_autosave,
        name="my_opinion_autosave",
    ),
    path(MEETING + "opinions/", opinion_views.tracker, name="tracker"),
    path(MEETING + "opinions/remind/", opinion_views.meeting_remind, name="meeting_remind"),
    path(
        MEETING + "opinions/<int:opinion_id>/", opinion_views.opinion_detail, name="opinion_detail"
    ),
    path(
        MEETING + "opinions/on-behalf/<int:member_id>/",
        opinion_views.opinion_on_behalf,
        name="opinion_on_behalf",
    ),
]
