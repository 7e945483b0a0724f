from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = _("돌봄시설")

    def ready(self) -> None:
        from council.extensions import SnapshotSource, register_snapshot_source

        register_snapshot_source(
            SnapshotSource(
                "facility_status", _("기관별 현황 첨부"), "facilities:agenda_snapshot", 10
            )
        )
