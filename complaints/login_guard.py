"""Throttling of password guessing, through django-axes, for every form that checks a secret.

Axes counts failed log-ins (Django's `user_login_failed` signal, sent by `authenticate()` for the
log-in page and /admin/) per account and per (account, client address) pair; past
`AXES_FAILURE_LIMIT` failures the account is refused for `AXES_COOLOFF_TIME` from every address,
even with the right password. Never per address alone: a clinic's office or a carrier's NAT shares
one, and guessing from there must not lock out everyone else behind it (config/settings.py says
why no address limit is set). The recovery-code form and the claim-code form check secrets of their own: they ask
`attempt_allowed()` first and report a wrong secret with `attempt_failed()`, so the same counters
and the same lock-out apply to them.

A lock-out is written to the audit log (`account.locked_out`) when it is about a real account, and
lifting it (a clinic admin for a member of the clinic, a superuser for anyone) is audited too.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.shortcuts import render

from complaints.models import User
from complaints.services.accounts import login_name


def axes_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the account a try was against, however the number was typed."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username", "")
    return login_name(typed or "")[:150]


def client_address(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the address counted per client.

    Behind our reverse proxy every request comes from the proxy, so the client is the last address
    the proxy appended to X-Forwarded-For (earlier entries are whatever the client sent, and forgeable).
    """
    if settings.CLIENT_ADDRESS_FROM_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1][:64]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """AXES_LOCKOUT_CALLABLE: our own page, in the reader's language, with HTTP 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


def attempt_allowed(request, *, username: str) -> bool:
    """False when this account is locked out (the caller answers with lockout_response)."""
    return AxesProxyHandler.is_allowed(request, {"username": username})


def attempt_failed(request, *, username: str) -> None:
    """Count a wrong secret (recovery code, claim code) like a wrong password."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def login_unlock(*, username: str) -> int:
    """Forget the failed attempts against `username` (its account lock-out ends); returns how many were removed."""
    return reset(username=username)


@receiver(user_locked_out)
def _audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    from complaints.services.audit import audit_record

    user = User.objects.filter(username=username).first() if username else None
    if user is not None:
        # The address is not recorded: the audit log keeps no personal data it does not need.
        audit_record(actor=None, action="account.locked_out", subject=user)
