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
