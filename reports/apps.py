from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _commitment_trends(council, data):
    from reports import trends

    made = trends.build_trends(
        council=council, first_year=data["first_year"], last_year=data["last_year"]
    )
    return trends.snapshot(made), made.today


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("회의 결과")

    def ready(self) -> None:
        from council.extensions import (
            CouncilLink,
            MeetingLink,
            SnapshotSource,
            register_council_link,
            register_meeting_link,
            register_point_outcomes,
            register_result_links,
            register_snapshot_source,
        )
        from council.models import Meeting
        from reports import member_results
        from reports.forms import YearRangeForm

        register_meeting_link(
            MeetingLink(
                _("회의 결과 미리보기·공개"), "reports:preview", Meeting.has_result_preview, 90
            )
        )
        register_meeting_link(
            MeetingLink(
                _("부서 검토 협조 요청 공문"), "reports:letters", Meeting.accepts_responses, 35
            )
        )
        register_council_link(
            CouncilLink("meeting_list", _("결과 파일로 가져오기"), "reports:past_import", 10)
        )
        register_snapshot_source(
            SnapshotSource(
                "commitment_trends",
                _("건의사항 추진 추이 첨부"),
                _commitment_trends,
                30,
                form=YearRangeForm,
            )
        )
        register_result_links(member_results.result_links)
        register_point_outcomes(member_results.point_outcomes)
