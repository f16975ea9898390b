"""Staff and administrators prove a second factor before any staff page or /admin/ opens.

After django-otp's OTPMiddleware (which marks a session verified once a device accepted a code) and our
PasswordChangeRequiredMiddleware: a signed-in staff account (a clinic member, is_staff or a superuser)
whose session is not verified reaches only the enrolment page (no confirmed authenticator yet), the
verification page, log-out and the language switch. Borrowers are never asked.
STAFF_SECOND_FACTOR_REQUIRED switches it off (the test suite does, except in its own tests).
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from complaints.services.second_factor import user_has_confirmed_totp
from complaints.sessions import SESSION_STAFF_KEY, is_staff_account

_OPEN_URL_NAMES = ("otp_setup", "otp_verify", "otp_recovery_codes", "logout", "healthz", "readyz", "set_language", "password_choose")


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (not settings.STAFF_SECOND_FACTOR_REQUIRED or user is None or not user.is_authenticated
                or user.is_verified() or not self._is_staff(request, user) or self._is_open(request)):
            return self.get_response(request)
        target = reverse("otp_verify" if user_has_confirmed_totp(user) else "otp_setup")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)

    @staticmethod
    def _is_staff(request, user) -> bool:
        staff = request.session.get(SESSION_STAFF_KEY)
        return is_staff_account(user) if staff is None else staff

    @staticmethod
    def _is_open(request) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        return request.path in {reverse(name) for name in _OPEN_URL_NAMES}
