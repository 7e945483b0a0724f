"""Authentication backend that loads a user together with their role in one query."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from council.access import role_select_related


class RoleAwareModelBackend(ModelBackend):
    """Django's ModelBackend, but `get_user` joins the role records.

    Every page asks for the user's role (`council.access.role_of`), which
    probes each registered role relation in turn: a query per role without
    this join, one in all with it.
    """

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related(*role_select_related()).get(
                pk=user_id
            )
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
