from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("회의 결과")

    def ready(self) -> None:
        from council.extensions import (
            MeetingLink,
            register_meeting_link,
            register_point_outcomes,
            register_result_links,
        )
        from reports import member_results

        register_meeting_link(
            MeetingLink(_("회의 결과 미리보기·공개"), "reports:preview", lambda m: True, 90)
        )
        register_result_links(member_results.result_links)
        register_point_outcomes(member_results.point_outcomes)
