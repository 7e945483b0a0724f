from django.urls import path

from council import audit_views, meeting_views, opinion_views, roster_views, views

app_name = "council"

M = "meetings/<slug:meeting>/"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("my/", views.my_meetings, name="my_meetings"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("keep-alive/", meeting_views.keep_alive, name="keep_alive"),
    # Roster (staff)
    path("members/", roster_views.roster_list, name="roster"),
    path("members/add/", roster_views.member_add, name="member_add"),
    path("members/<int:member_id>/", roster_views.member_edit, name="member_edit"),
    path("members/<int:member_id>/end-term/", roster_views.member_end_term, name="member_end_term"),
    path(
        "members/<int:member_id>/resend-link/",
        roster_views.member_resend_link,
        name="member_resend_link",
    ),
    # Meetings (staff manage; members read)
    path("meetings/", meeting_views.meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_views.meeting_create, name="meeting_create"),
    path(M, views.meeting_detail, name="meeting_detail"),
    path(M + "edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path(M + "open/", meeting_views.meeting_open, name="meeting_open"),
    path(M + "close/", meeting_views.meeting_close, name="meeting_close"),
    path(M + "agenda/add/", meeting_views.agenda_add, name="agenda_add"),
    path(M + "agenda/<int:item_id>/", meeting_views.agenda_edit, name="agenda_edit"),
    path(M + "agenda/<int:item_id>/move/", meeting_views.agenda_move, name="agenda_move"),
    path(M + "agenda/<int:item_id>/delete/", meeting_views.agenda_delete, name="agenda_delete"),
    path(
        M + "agenda/<int:item_id>/snapshot/", meeting_views.agenda_snapshot, name="agenda_snapshot"
    ),
    path(M + "agenda/<int:item_id>/attach/", meeting_views.attachment_add, name="attachment_add"),
    path(
        M + "files/<int:attachment_id>/",
        meeting_views.attachment_download,
        name="attachment_download",
    ),
    path(
        M + "files/<int:attachment_id>/delete/",
        meeting_views.attachment_delete,
        name="attachment_delete",
    ),
    # Opinions
    path(M + "my-opinion/", opinion_views.my_opinion, name="my_opinion"),
    path(M + "opinions/", opinion_views.tracker, name="tracker"),
    path(M + "opinions/remind/", opinion_views.meeting_remind, name="meeting_remind"),
    path(M + "opinions/<int:opinion_id>/", opinion_views.opinion_detail, name="opinion_detail"),
    path(
        M + "opinions/on-behalf/<int:member_id>/",
        opinion_views.opinion_on_behalf,
        name="opinion_on_behalf",
    ),
]
