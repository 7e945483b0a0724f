from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("협의체")

    def ready(self) -> None:
        from council.access import Role, RoleBinding, register_role

        register_role(
            RoleBinding(Role.STAFF, "staff", "staff__council", lambda staff: staff.council)
        )
        register_role(
            RoleBinding(Role.MEMBER, "member", "member__council", lambda member: member.council)
        )
