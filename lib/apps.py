from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "lib"
    verbose_name = "공용 도구"

    def ready(self) -> None:
        # Every form's text fields drop noncharacters and control characters, and
        # one-line fields refuse line breaks (lib/text.py).
        from lib.text import install

        install()
