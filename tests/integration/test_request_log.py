"""Structured logs (complaints.request_log, complaints.log_privacy.JsonFormatter): one JSON line per request with
its id, role, status and duration, PDF render and upload timings, and never personal data."""

import io
import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.log_privacy import JsonFormatter, PrivateFormatter
from tests.factories import CaseFactory, ClinicFactory, StaffFactory

pytestmark = pytest.mark.django_db

PHONE, ID_NUMBER, MESSAGE = "+8617012345678", "11010519491231002X", "再不还钱就去你单位找你领导"


@pytest.fixture
def json_lines():
    """Every line the app's loggers write during the test, as the production JSON formatter writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    app_logger = logging.getLogger("zhirao")
    app_logger.addHandler(handler)
    previous_level = app_logger.level
    app_logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    app_logger.removeHandler(handler)
    app_logger.setLevel(previous_level)


def test_each_request_is_one_line_with_its_id_route_role_status_and_duration(client, json_lines):
    response = client.get(reverse("guidance:start"), headers={"X-Request-ID": "lb-7f3a9c21"})
    assert response["X-Request-ID"] == "lb-7f3a9c21"
    [line] = [line for line in json_lines() if line.get("event") == "request"]
    assert line["request_id"] == "lb-7f3a9c21"
    assert (line["method"], line["route"], line["status"], line["role"]) == ("GET", "/guide/", 200, "anonymous")
    assert line["duration_ms"] > 0 and line["cpu_ms"] >= 0


def test_a_request_id_that_is_not_a_plain_token_is_replaced(client, json_lines):
    response = client.get(reverse("home"), headers={"X-Request-ID": "x\n{\"forged\": 1}"})
    assert response["X-Request-ID"] != "x\n{\"forged\": 1}" and len(response["X-Request-ID"]) == 32


def test_borrower_and_staff_work_leaves_no_phone_id_number_or_message_text_in_the_log(client, json_lines):
    clinic = ClinicFactory()
    case = CaseFactory(shared_with=clinic, borrower_name="王小明", borrower_phone="+8613900139000")
    client.force_login(case.owner)
    created = client.post(reverse("log:entry_create", kwargs={"case_id": case.pk}), {
        "at": "2026-03-14T22:41", "channel": "sms", "from_number": PHONE, "target": "self",
        "text": f"{MESSAGE} 身份证{ID_NUMBER}"})
    assert created.status_code == 302
    uploaded = client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {"files": [
        SimpleUploadedFile(f"{PHONE}.txt", f"{MESSAGE}\n{ID_NUMBER}\n".encode(), content_type="text/plain")]})
    assert uploaded.status_code == 302
    client.get(reverse("cases:detail", kwargs={"case_id": case.pk}) + f"?q={PHONE}")
    client.force_login(StaffFactory(clinic=clinic))
    assert client.get(reverse("staff:case", kwargs={"case_id": case.pk})).status_code == 200
    client.get(reverse("staff:queue") + f"?q={PHONE}")

    lines = json_lines()
    roles = {line["role"] for line in lines if line.get("event") == "request"}
    assert roles == {"borrower", "staff"}
    assert any(line.get("event") == "storage.evidence_saved" and line["bytes"] > 0 for line in lines)
    written = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    for personal in (PHONE, PHONE[3:], "13900139000", ID_NUMBER, MESSAGE, "王小明", case.owner.username):
        assert personal not in written


def test_extra_fields_outside_the_allowed_list_never_reach_the_line(json_lines):
    logging.getLogger("zhirao.test").info("call from %s", PHONE, extra={"event": "test", "phone": PHONE, "bytes": 12})
    [line] = json_lines()
    assert line["message"] == "call from [redacted]" and line["bytes"] == 12 and "phone" not in line


def test_the_text_format_keeps_the_time_and_fields_and_blanks_numbers_in_the_message():
    formatter = PrivateFormatter("%(asctime)s %(levelname)s %(message)s")
    record = logging.LogRecord("zhirao.test", logging.INFO, __file__, 1, "call from %s", (PHONE,), None)
    record.duration_ms, record.route = 12.5, "/cases/<int:case_id>/"
    line = formatter.format(record)
    assert "[redacted]" in line and PHONE not in line
    assert line.startswith(formatter.formatTime(record)) and line.endswith(" route=/cases/<int:case_id>/ duration_ms=12.5")


def test_an_exception_is_logged_by_its_class_and_frames_never_its_message(json_lines):
    try:
        raise ValueError(f"could not parse {PHONE} in {MESSAGE}")
    except ValueError:
        logging.getLogger("zhirao.test").exception("import failed", extra={"event": "job.error"})
    [line] = json_lines()
    assert "builtins.ValueError: (message withheld)" in line["exception"] and "test_request_log.py" in line["exception"]
    assert PHONE not in json.dumps(line, ensure_ascii=False) and MESSAGE not in json.dumps(line, ensure_ascii=False)
