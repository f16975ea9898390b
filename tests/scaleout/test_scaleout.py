"""The same code on many machines (docs/DEPLOY.md, "Scale-out"): two gunicorn app servers and one `db_worker`, as
separate processes over one PostgreSQL database and one S3-compatible server. A borrower works through server A,
clinic staff through server B, on the same case: evidence uploaded through A comes down through B with its hash
intact, and the mailing-day PDF staff ask B for is made by the worker."""

import datetime as dt
import hashlib
import io
import json
import os
import time

import pypdf
import pytest

from bench.cluster import Browser, Cluster, Database, environment, first, is_postgres
from complaints.management.letter_samples import load_case
from tests.fixtures.evidence import samples

DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.scaleout,
    pytest.mark.skipif(not is_postgres(DATABASE_URL), reason=(
        "the scale-out test needs PostgreSQL, as production: several processes share one database (SQLite is one "
        "file on one machine). Set DATABASE_URL=postgres://…; .ci/run's second `make test` does.")),
]


@pytest.fixture(scope="module")
def cluster(s3_server, tmp_path_factory):
    database = Database(DATABASE_URL).create()
    bucket = s3_server.new_bucket()
    env = environment(database_url=database.url, storage_env=s3_server.environment(bucket),
                      data_dir=tmp_path_factory.mktemp("scaleout-data"))
    running = Cluster(env, app_servers=2, workers=1, log_dir=tmp_path_factory.mktemp("scaleout-logs"))
    try:
        # The servers start (and warm up) while the accounts are made.
        running.migrate().start().seed(staff=1, borrowers=1)
        yield running.wait_ready()
    finally:
        running.stop()
        database.drop()


def _case_file() -> bytes:
    data = {**load_case(), "today": dt.date.today().isoformat(), "steps_taken": [], "log": []}
    return json.dumps(data, ensure_ascii=False).encode()


def test_a_borrower_on_server_a_and_staff_on_server_b_work_the_same_case(cluster):
    a, b = cluster.urls
    photo = samples.jpeg()

    borrower = Browser()
    borrower.log_in(a, "+8613800000000")
    imported = borrower.post(f"{a}/cases/import/", files={"case_file": ("case.json", _case_file(), "application/json")})
    assert imported.status_code == 302, imported.text[:500]
    case_id = first(r"/cases/(\d+)/", imported.headers["Location"])
    shared = borrower.post(f"{a}/cases/{case_id}/share/", {"clinic": cluster.clinic_id, "consent": "on"})
    assert shared.status_code == 302
    uploaded = borrower.post(f"{a}/cases/{case_id}/evidence/upload/", files={"files": ("催收短信截图.jpg", photo, "image/jpeg")})
    assert uploaded.status_code == 302
    generated = borrower.post(f"{a}/cases/{case_id}/letters/collector_cease/generate")
    assert generated.status_code == 302 and "/letters/sent/" in generated.headers["Location"]
    # The session lives in the shared database: the same borrower is signed in on server B too.
    assert borrower.get(f"{b}/cases/{case_id}/").status_code == 200

    staff = Browser()
    staff.log_in(b, "staff0")
    staff.verify_second_factor(b)
    assert staff.get(f"{b}/staff/cases/{case_id}/").status_code == 200
    evidence_page = staff.get(f"{b}/cases/{case_id}/evidence/").text
    download_url = first(rf'href="(/cases/{case_id}/evidence/\d+/download/)"', evidence_page)
    download = staff.get(f"{b}{download_url}")
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == hashlib.sha256(photo).hexdigest() == download.headers["X-Evidence-SHA256"]

    mailing_page = staff.get(f"{b}/staff/mailing/").text
    letter_id = first(r'name="letter" value="(\d+)"', mailing_page)
    started = staff.post(f"{b}/staff/mailing/letters.pdf", {"letter": letter_id})
    assert started.status_code == 302
    job_url = f"{b}{started.headers['Location']}"
    assert "/jobs/" in job_url  # queued for the worker, not made in the request
    deadline = time.monotonic() + 30
    while "mailing-day.pdf" not in (progress := staff.get(job_url, headers={"HX-Request": "true"}).text):
        assert time.monotonic() < deadline, f"the worker did not finish the job:\n{cluster.log('worker0')[-2000:]}"
        time.sleep(0.3)
    pdf_path = first(r'href="(/jobs/\d+/mailing-day.pdf)"', progress)
    pdf = staff.get(f"{b}{pdf_path}")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert len(pypdf.PdfReader(io.BytesIO(pdf.content)).pages) >= 2  # the letter and its envelope

    worker_events = [json.loads(line) for line in cluster.log("worker0").splitlines() if line.startswith("{")]
    assert any(line.get("event") == "job.end" and line.get("outcome") == "done" for line in worker_events)
    app_b_events = [json.loads(line) for line in cluster.log("app1").splitlines() if line.startswith("{")]
    assert {"staff", "borrower"} <= {line.get("role") for line in app_b_events if line.get("event") == "request"}
