from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _facility_status(council, data):
    from facilities.reports import status_report, status_tables

    as_of = data["as_of"]
    return status_tables(status_report(council=council, as_of=as_of)), as_of


def _care_gaps(council, data):
    from facilities.gaps import gap_report, gap_tables

    as_of = data["as_of"]
    return gap_tables(gap_report(council=council, as_of=as_of)), as_of


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = _("돌봄시설")

    def ready(self) -> None:
        from council.extensions import (
            ScheduledJob,
            SnapshotSource,
            register_scheduled_job,
            register_snapshot_source,
        )
        from facilities import notices

        register_scheduled_job(ScheduledJob("corrections_digest", notices.digest_job, 70))

        register_snapshot_source(
            SnapshotSource("facility_status", _("기관별 현황 첨부"), _facility_status, 10)
        )
        register_snapshot_source(
            SnapshotSource("care_gaps", _("돌봄 공백 현황 첨부"), _care_gaps, 20)
        )
