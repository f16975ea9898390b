import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Loaded here, once: with gunicorn's preload_app the master does it and every forked worker starts warm.
from complaints.warm import warm  # noqa: E402 — needs the app registry get_wsgi_application() set up

warm()
