from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("건의사항")

    def ready(self) -> None:
        from council.access import Role, RoleBinding, register_role

        register_role(
            RoleBinding(
                Role.REVIEWER,
                "reviewer",
                "reviewer__department__council",
                lambda reviewer: reviewer.department.council,
            )
        )
        from council.extensions import MeetingLink, register_meeting_link
        from council.models import Meeting

        register_meeting_link(
            MeetingLink(_("의견 취합"), "proposals:aggregate", Meeting.accepts_responses, 20)
        )
        register_meeting_link(
            MeetingLink(
                _("부서 검토 의견"), "proposals:response_list", Meeting.accepts_responses, 30
            )
        )
        register_meeting_link(
            MeetingLink(
                _("건의사항 입력 (지난 회의 기록)"),
                "proposals:proposal_new",
                lambda m: m.recorded and m.allows_aggregation(),
                15,
            )
        )
        from council.extensions import (
            MemberNotesProvider,
            ScheduledJob,
            register_member_notes,
            register_scheduled_job,
        )
        from proposals import commitment_services, member_notes, notices

        register_scheduled_job(
            ScheduledJob(
                "commitment_reminders",
                commitment_services.reminders_job,
                50,
            )
        )
        register_scheduled_job(ScheduledJob("proposals_routed", notices.routed_job, 60))
        register_member_notes(
            MemberNotesProvider(
                "commitments",
                member_notes.notes_for,
                _("건의사항 추진 현황·알림 설정"),
                "proposals:member_follow_ups",
            )
        )
