"""Pages that belong to no case: home, the clinics' contacts, health check, error pages."""

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
    return render(request, "home.html", start_links(request.session))


def clinics(request):
    """Where anyone can find human help: every clinic's phone, address and hours (the help strip links here)."""
    return render(request, "clinics.html", {"clinics": clinics_open_for_sharing()})


@never_cache
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means unhealthy, whatever its class
        return JsonResponse({"status": "error", "database": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


@requires_csrf_token
def server_error(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)
