from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site on top of every app: the staff dashboard and the demo builder."""

    name = "portal"
    verbose_name = _("포털")
