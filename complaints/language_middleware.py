"""Simplified Chinese first: the page language is Chinese unless the person chose English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a borrower whose phone (or a borrowed
one, or a kiosk) is set to English would land on English pages without asking. Zhirao is Chinese first: the
language switch (Django's set_language view and its cookie) is the only way to English, and the choice stays.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        known = {code for code, _name in settings.LANGUAGES}
        translation.activate(chosen if chosen in known else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
