from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ChosenLanguageMiddleware:
    """Swedish unless the visitor has chosen English with the language switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language, which
    would show a Swedish officer with an English browser a half-English portal
    and make cached public pages vary by header. Here only the explicit choice
    (the language cookie set by the switch) counts.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if "Cookie" not in response.get("Vary", ""):
            from django.utils.cache import patch_vary_headers

            patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response
