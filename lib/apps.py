from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "lib"
    verbose_name = "공용 도구"
