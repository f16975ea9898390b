"""One structured log line per request, and the request id every other line of that request carries.

The line says what an operator needs to see load and failures across app servers: the request id (taken
from the load balancer's X-Request-ID when it sends a sane one, so its log and ours join), the method, the
URL *pattern* (`cases/<int:case_id>/evidence/`, never the path, the query or a body), the status, the
duration and the role (anonymous, borrower, staff, admin). Never who: no user id, name, phone number,
ID number, message text or client address (complaints.log_privacy writes it, and blanks any digits left).
"""

import logging
import re
import time
import uuid

from complaints.log_privacy import current_request_id
from complaints.sessions import SESSION_STAFF_KEY

logger = logging.getLogger("zhirao.request")

_SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def _role(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    if user.is_superuser:
        return "admin"
    return "staff" if request.session.get(SESSION_STAFF_KEY) else "borrower"


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    return "/" + match.route if match is not None else "(unresolved)"


class RequestLogMiddleware:
    """First in MIDDLEWARE, so its duration covers every other middleware and the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _SANE_ID.fullmatch(offered) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        started, cpu_started = time.perf_counter(), time.thread_time()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            logger.info("request", extra={
                "event": "request", "method": request.method, "route": _route(request), "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "cpu_ms": round((time.thread_time() - cpu_started) * 1000, 1), "role": _role(request),
            })
            return response
        finally:
            current_request_id.reset(token)
