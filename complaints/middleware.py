"""Someone whose password a clinic admin set (User.must_change_password) reaches only the page that
replaces it, until they have: the admin knows that password, so it must work for one login only.

Placed after AuthenticationMiddleware (it needs request.user) and after HtmxMiddleware (an htmx request
is sent to the page with HX-Redirect, so htmx loads the whole page instead of swapping it into a region).
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

# URL names that stay open: the page itself, leaving, the health check, switching language.
_OPEN_URL_NAMES = ("password_choose", "logout", "healthz", "readyz", "set_language")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # The flag first: everyone else passes without the open pages' URLs being looked up on each request.
        if user is None or not user.is_authenticated or not user.must_change_password or self._is_open(request):
            return self.get_response(request)
        target = reverse("password_choose")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)

    @staticmethod
    def _is_open(request) -> bool:
        if request.path_info.startswith(settings.STATIC_URL) or request.path.startswith(settings.STATIC_URL):
            return True
        return request.path in {reverse(name) for name in _OPEN_URL_NAMES}


class NoStoreForSignedInMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in person (and on every log-in form).

    What a signed-in person sees is her case, her log, her letters, a clinic's queue: personal data that
    no browser cache (a clinic laptop, a shared phone) or proxy may keep. Responses that already say
    how to be cached get no-store and private added to what they say.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.method == "POST":
            add_never_cache_headers(response)
        return response
