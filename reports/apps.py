from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("회의 결과")

    def ready(self) -> None:
        from council.extensions import MeetingLink, register_meeting_link
        from council.models import Meeting

        register_meeting_link(
            MeetingLink(_("회의 결과 미리보기·공개"), "reports:preview", lambda m: True, 90)
        )
        register_meeting_link(
            MeetingLink(
                _("부서 검토 협조 요청 공문"), "reports:letters", Meeting.accepts_responses, 35
            )
        )
