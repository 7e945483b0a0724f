from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("협의체")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from council.access import Role, RoleBinding, register_role
        from council.seats import remember_seats

        user_logged_in.connect(remember_seats, dispatch_uid="council.seats.remember_seats")

        register_role(
            RoleBinding(Role.STAFF, "staff", "staff__council", lambda staff: staff.council)
        )
        register_role(
            RoleBinding(Role.MEMBER, "member", "member__council", lambda member: member.council)
        )

        from django.contrib.auth.signals import user_logged_in, user_login_failed

        user_logged_in.connect(_logged_in, dispatch_uid="council.audit.login")
        user_login_failed.connect(_login_failed, dispatch_uid="council.audit.login_failed")


def _logged_in(sender, request, user, **kwargs):
    from council.audit import record_login

    record_login(request, username=user.get_username(), success=True)


def _login_failed(sender, credentials, request=None, **kwargs):
    from council.audit import record_login

    record_login(request, username=str(credentials.get("username", "")), success=False)
