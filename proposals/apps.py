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
