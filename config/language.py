"""Which interface language a request gets.

Korean, unless the visitor chose another language with the switch on the
public finder (Django's language cookie). The browser's Accept-Language is
honoured only on the public finder pages, for parents whose browser asks for
English: staff with an English browser still get the Korean portal they work in
(only the finder has an English catalogue).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# The public finder's addresses (facilities.public_urls and the short links).
BROWSER_LANGUAGE_PATHS = re.compile(r"^/(c/[^/]+/find/|f/)")


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in supported:
            language = chosen
        elif BROWSER_LANGUAGE_PATHS.match(request.path_info):
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
