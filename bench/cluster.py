"""A small production on loopback: N gunicorn app servers and M `db_worker`s over one PostgreSQL database and one
S3-compatible server (moto's server mode, in a thread on a free loopback port), each a separate process started with
the environment docs/DEPLOY.md gives production. Used by the load bench (bench/load.py) and by the tests: the
object-storage tests and the scale-out test (tests/scaleout)."""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import boto3
import psycopg
import requests
from moto.server import ThreadedMotoServer

from config.storage import s3_storage

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
STAFF_TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, hex
PASSWORD = "correct-horse-battery-staple"  # throwaway accounts in a throwaway database


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


ACCESS_KEY, SECRET_KEY, REGION = "zhirao-test", "zhirao-test-secret", "us-east-1"


class S3Server:
    """An S3 API like production's object store (AWS, MinIO, any S3 service), for tests and benches."""

    def __init__(self, *, own_process: bool = False):
        """In a thread of this process (tests), or in a process of its own (the load bench: its CPU is not the
        load driver's)."""
        self.port = free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen | None = None
        self._server = None if own_process else ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def start(self) -> "S3Server":
        if self._server is not None:
            self._server.start()
            return self
        self._process = subprocess.Popen([str(Path(PYTHON).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(self.port)],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(self.endpoint_url, timeout=2)
                return self
            except requests.ConnectionError:
                if time.monotonic() > deadline or self._process.poll() is not None:
                    raise RuntimeError("the S3 server did not start") from None
                time.sleep(0.2)

    @property
    def pid(self) -> int:
        """The server's own process (started with own_process=True), the leader of its session."""
        assert self._process is not None, "the S3 server runs in a thread of this process"
        return self._process.pid

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
        elif self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=20)

    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name=REGION,
                            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)

    def new_bucket(self) -> str:
        bucket = f"zhirao-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=bucket)
        return bucket

    def storage_settings(self, bucket: str) -> dict:
        """The app's own S3 storage settings (config.storage), pointed at this server."""
        return s3_storage(bucket=bucket, endpoint_url=self.endpoint_url, region=REGION,
                          access_key=ACCESS_KEY, secret_key=SECRET_KEY)

    def environment(self, bucket: str) -> dict[str, str]:
        """The same, as the environment variables an app server or worker process reads."""
        return {"ZHIRAO_STORAGE": "s3", "ZHIRAO_S3_BUCKET": bucket, "ZHIRAO_S3_ENDPOINT_URL": self.endpoint_url,
                "ZHIRAO_S3_REGION": REGION, "ZHIRAO_S3_ACCESS_KEY_ID": ACCESS_KEY, "ZHIRAO_S3_SECRET_ACCESS_KEY": SECRET_KEY}


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


class Database:
    """A fresh PostgreSQL database on the server DATABASE_URL names, dropped afterwards."""

    def __init__(self, server_url: str):
        self.name = f"zhirao_scaleout_{secrets.token_hex(4)}"
        parts = urlsplit(server_url)
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        # Databases are made and dropped from the maintenance database, which every server has.
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))

    def _admin(self):
        return psycopg.connect(self.admin_url, autocommit=True)

    def create(self) -> "Database":
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        return self

    def drop(self) -> None:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def environment(*, database_url: str, storage_env: dict, data_dir: Path) -> dict[str, str]:
    """Production's settings (less HTTPS, which nginx would add) for every process of the cluster."""
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "ZHIRAO_", "DATABASE_URL"))}
    return {**base, **storage_env, "DATABASE_URL": database_url, "ZHIRAO_TASKS_BACKEND": "database",
            "ZHIRAO_DATA_DIR": str(data_dir), "ZHIRAO_LOG_FORMAT": "json", "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECRET_KEY": "scaleout-" + "k9$Fq2!xPz7@Lw3#Nv8^Rt5&Hy1*Bm6(Jc4)Gd0-Ue2+Sa9=Wo3", "PYTHONUNBUFFERED": "1"}


SEED = f"""
import json
from complaints.services.cases import case_create, case_share_create
from django_otp.plugins.otp_totp.models import TOTPDevice
from complaints.models import Clinic, ClinicMembership, User
clinic = Clinic.objects.create(name="负载测试法律援助工作站", phone="020-12345678", address="广东省广州市越秀区示例路1号")
for number in range(int(STAFF)):
    staff = User.objects.create_user(f"staff{{number}}", password="{PASSWORD}")
    ClinicMembership.objects.create(user=staff, clinic=clinic, role=ClinicMembership.Role.STAFF)
    TOTPDevice.objects.create(user=staff, name="app", key="{STAFF_TOTP_KEY}", confirmed=True)
cases = {{}}
for number in range(int(BORROWERS)):
    phone = f"+86138{{number:08d}}"
    borrower = User.objects.create_user(phone, phone=phone, password="{PASSWORD}")
    if WITH_CASES:
        case = case_create(owner=borrower, actor=borrower, data={{"spec": "zhirao-case/1", "borrower": {{"name": f"负载测试{{number}}", "phone": phone}}}})
        case_share_create(case=case, clinic=clinic, consent_text="我同意该机构查看并处理我的案件。", actor=borrower)
        cases[phone] = case.pk
print(json.dumps({{"clinic": clinic.pk, "cases": cases}}))
"""


class Cluster:
    def __init__(self, env: dict[str, str], *, app_servers: int, workers: int, web_workers: int = 1, log_dir: Path,
                 root: Path = ROOT, ready_path: str = "/readyz", worker_poll: tuple[str, ...] = ("--interval", "0.2", "--no-startup-delay")):
        """`root`: the checkout whose code the processes run (another release's, for bench/migrate_while_serving.py);
        `ready_path`: the page that answers 200 once a server is ready (older releases had only /healthz);
        `worker_poll`: how often an idle db_worker looks for work (by default 5 times a second, so a test's job starts
        at once; empty for production's own setting, once a second, as docs/DEPLOY.md runs it)."""
        self.env, self.log_dir, self.root, self.ready_path = env, log_dir, root, ready_path
        self.app_servers, self.workers, self.web_workers, self.worker_poll = app_servers, workers, web_workers, list(worker_poll)
        self.urls: list[str] = []
        self.processes: list[subprocess.Popen] = []
        self.clinic_id = 0

    def manage(self, *args: str, extra_env: dict | None = None, timeout: float = 300) -> str:
        result = subprocess.run([PYTHON, "manage.py", *args], cwd=self.root, env={**self.env, **(extra_env or {})},
                                capture_output=True, text=True, timeout=timeout, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def manage_json(self, *args: str) -> dict:
        """A command (such as `shell -c`) whose last line of output is JSON."""
        return json.loads(self.manage(*args).strip().splitlines()[-1])

    def migrate(self) -> "Cluster":
        self.manage("migrate", "--noinput", "-v", "0")
        return self

    def seed(self, *, staff: int = 1, borrowers: int = 1, with_cases: bool = False) -> dict[str, int]:
        """One clinic, its staff (staff0…, each with a TOTP authenticator) and borrowers (+8613800000000…), each
        with a case shared with the clinic when `with_cases`. Returns the borrowers' case ids by username."""
        seed = (SEED.replace("int(STAFF)", str(staff)).replace("int(BORROWERS)", str(borrowers))
                .replace("WITH_CASES", str(with_cases)))
        seeded = self.manage_json("shell", "-c", seed)
        self.clinic_id = seeded["clinic"]
        return seeded["cases"]

    def _spawn(self, name: str, command: list[str], extra_env: dict | None = None) -> subprocess.Popen:
        log = (self.log_dir / f"{name}.log").open("wb")
        process = subprocess.Popen(command, cwd=self.root, env={**self.env, **(extra_env or {})}, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def _gunicorn_settings(self, port: int) -> list[str]:
        """The release's own gunicorn settings; releases older than config/gunicorn.conf.py were started by flags."""
        if (self.root / "config" / "gunicorn.conf.py").exists():
            return ["-c", "config/gunicorn.conf.py"]
        return ["--bind", f"127.0.0.1:{port}", "--workers", str(self.web_workers)]

    def start(self) -> "Cluster":
        """Start the processes, without waiting for them (see wait_ready)."""
        for number in range(self.app_servers):
            port = free_port()
            self._spawn(f"app{number}", [GUNICORN, *self._gunicorn_settings(port), "config.wsgi"],
                        {"ZHIRAO_WEB_BIND": f"127.0.0.1:{port}", "ZHIRAO_WEB_WORKERS": str(self.web_workers)})
            self.urls.append(f"http://127.0.0.1:{port}")
        for number in range(self.workers):
            self._spawn(f"worker{number}", [PYTHON, "manage.py", "db_worker", *self.worker_poll, "--worker-id", f"worker{number}"])
        return self

    def wait_ready(self, timeout: float = 180) -> "Cluster":
        """Until every app server's /readyz answers 200 (a loaded machine can take a minute to start them)."""
        deadline = time.monotonic() + timeout
        for url in self.urls:
            while True:
                try:
                    if requests.get(f"{url}{self.ready_path}", timeout=2).status_code == 200:
                        break
                except (requests.ConnectionError, requests.Timeout):  # a worker that is still starting
                    pass
                if time.monotonic() > deadline or any(process.poll() is not None for process in self.processes):
                    logs = "\n".join(f"== {path.name}\n{path.read_text(errors='replace')[-1500:]}" for path in self.log_dir.glob("*.log"))
                    raise RuntimeError(f"app server {url} did not become ready:\n{logs}")
                time.sleep(0.2)
        return self

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text(encoding="utf-8", errors="replace")


class Browser:
    """One person's HTTP session (cookies shared by every app server: they are all 127.0.0.1), posting forms with
    their CSRF token as a browser would."""

    def __init__(self):
        self.session = requests.Session()

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.session.get(url, allow_redirects=False, timeout=30, **kwargs)

    def post(self, url: str, data: dict | None = None, files=None, **kwargs) -> requests.Response:
        if "csrftoken" not in self.session.cookies:
            self.get(url)
        form = {**(data or {}), "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}
        return self.session.post(url, data=form, files=files, allow_redirects=False, timeout=60, **kwargs)

    def log_in(self, server: str, username: str) -> None:
        self.get(f"{server}/accounts/login/")
        response = self.post(f"{server}/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.status_code

    def verify_second_factor(self, server: str) -> None:
        from django_otp.oath import totp

        response = self.post(f"{server}/accounts/two-step/", {"code": f"{totp(bytes.fromhex(STAFF_TOTP_KEY)):06d}"})
        assert response.status_code == 302, response.status_code


def first(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    assert found, pattern
    return found.group(1)
