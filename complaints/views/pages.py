"""Pages that belong to no case: home, the clinics' contacts, health and readiness checks, error pages."""

from django.core.files.storage import storages
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from complaints.selectors import clinics_open_for_sharing
from complaints.selectors.access import clinic_ids_for_staff
from guidance.views import start_links


def home(request):
    # Clinic staff start their day at the triage queue (that is where the login lands them).
    if request.user.is_authenticated and clinic_ids_for_staff(request.user):
        return redirect("staff:queue")
    # The home page is the guide's first step: its start opens the first screen of questions.
    return render(request, "home.html", start_links(request.guide))


def clinics(request):
    """Where anyone can find human help: every clinic's phone, address and hours (the help strip links here)."""
    return render(request, "clinics.html", {"clinics": clinics_open_for_sharing()})


@never_cache
def healthz(request):
    """For the process supervisor: 200 while this process answers; touches neither the database nor storage, so
    a database outage does not make every app server look dead and get restarted."""
    return JsonResponse({"status": "ok"})


def _answers(check) -> str:
    try:
        check()
    except Exception as error:  # any failure means not ready, whatever its class; only the class is said
        return type(error).__name__
    return "ok"


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _storage_answers() -> None:
    # A lookup of a name nothing is ever saved under: the store must answer, whatever the answer.
    storages["default"].exists("readyz-probe")


@never_cache
def readyz(request):
    """For the load balancer: 200 when the database and the evidence storage answer, 503 (naming which failed,
    by the error's class only) when either does not, so traffic goes to the app servers that can serve it."""
    checks = {"database": _answers(_database_answers), "storage": _answers(_storage_answers)}
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse({"status": "ok" if ready else "error", **checks}, status=200 if ready else 503)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


@requires_csrf_token
def server_error(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)
