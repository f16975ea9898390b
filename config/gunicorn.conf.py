"""gunicorn, as production runs it: `gunicorn -c config/gunicorn.conf.py config.wsgi` (docs/DEPLOY.md).

Every value comes from the environment through config/env.py, like the app's own settings.
"""

import gc
import os
import sys
from pathlib import Path

# gunicorn reads this file before it imports the app: make the project importable for config.env.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.env import value

bind = value("ZHIRAO_WEB_BIND")
# Requests are short and mostly CPU (templates, the plan): one worker per core, plus one to keep the cores busy while
# a request waits on the database or storage. On one 2-core machine that also runs PostgreSQL and the task worker, 5
# workers (gunicorn's usual 2 per core + 1) only time-slice the cores: bench/load.py measured the guide's p95 at 33 ms
# with 3 workers against 52 ms with 5 (the plan 50 against 82 ms, an upload 133 against 226 ms). An app server whose
# database and storage are on other hosts waits longer per request and may set ZHIRAO_WEB_WORKERS higher (docs/DEPLOY.md).
workers = value("ZHIRAO_WEB_WORKERS") or (os.cpu_count() or 1) + 1
# Import the app (and warm it: complaints/warm.py) once in the master; workers fork warm and share those pages.
preload_app = True


def pre_fork(server, worker):
    """Just before each worker is forked: what the master loaded goes out of the garbage collector's sight (gc.freeze).

    Those ~200,000 objects live as long as the process; without this every full collection in a worker walks them all
    (tens of ms at once, in the middle of some request) and writes to their pages, which the fork then has to copy.
    Measured with bench/guide_cpu.py: the collector's share of a guide request falls from ~0.25 ms to ~0.06 ms.
    """
    gc.freeze()

timeout = value("ZHIRAO_WEB_TIMEOUT")
graceful_timeout = 30
# nginx in front holds slow clients' uploads and keeps connections to us short.
keepalive = 2
# Workers are replaced now and then (with jitter, never all at once) so no slow leak can grow unbounded.
max_requests = 5000
max_requests_jitter = 500
# The app writes one structured line per request (complaints.request_log); gunicorn's own access log
# would repeat it with the client's address.
accesslog = None
errorlog = "-"
# No control socket: it lives at one path per user, which several app servers on one host would share; systemd
# (or whatever supervises the server) sends the signals that manage it.
control_socket_disable = True
# Behind nginx on the same host: trust its X-Forwarded-* headers only from loopback.
forwarded_allow_ips = "127.0.0.1,::1"
