"""How long a signed-in session lasts.

Staff see many people's debts and contacts, often at a shared desk: their session ends 30 minutes
after their last request and, whatever they do, a working day after they logged in. A borrower's
session ends when the browser closes, unless she ticked "remember this phone" at log-in.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

from complaints.models import ClinicMembership

# Set at log-in (complaints.views.accounts.LoginView): when the session started, and whether it is staff's.
SESSION_STARTED_KEY = "session_started"
SESSION_STAFF_KEY = "session_staff"
SESSION_RENEWED_KEY = "session_renewed"
SESSION_RENEW_EVERY = 60  # seconds


def is_staff_account(user) -> bool:
    return bool(user.is_staff or user.is_superuser or ClinicMembership.objects.filter(user=user).exists())


def session_start(request, user, *, remember: bool = False) -> None:
    """Call right after login(): fixes the session's lifetime for who signed in."""
    staff = is_staff_account(user)
    request.session[SESSION_STARTED_KEY] = request.session[SESSION_RENEWED_KEY] = int(time.time())
    request.session[SESSION_STAFF_KEY] = staff
    if staff:
        request.session.set_expiry(settings.STAFF_SESSION_IDLE)
    elif remember:
        request.session.set_expiry(settings.BORROWER_REMEMBER_AGE)
    else:
        request.session.set_expiry(0)  # ends with the browser


class SessionLifetimeMiddleware:
    """Ends a staff session past a working day; every request renews its 30 idle minutes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            staff = request.session.get(SESSION_STAFF_KEY)
            if staff is None:  # a session from before these rules, or made by the admin's own login
                session_start(request, user)
                staff = request.session[SESSION_STAFF_KEY]
            if staff:
                started = request.session.get(SESSION_STARTED_KEY, 0)
                if time.time() - started > settings.STAFF_SESSION_MAX_AGE:
                    logout(request)
                    return redirect_to_login(request.get_full_path())
                # Touching the expiry makes Django save the session, so the idle clock restarts; at most once a
                # minute, so that a page does not write the session on every request.
                now = int(time.time())
                if now - request.session.get(SESSION_RENEWED_KEY, 0) >= SESSION_RENEW_EVERY:
                    request.session[SESSION_RENEWED_KEY] = now
                    request.session.set_expiry(settings.STAFF_SESSION_IDLE)
        return self.get_response(request)
