"""Everything a request would otherwise load on first use, loaded before the first request.

gunicorn imports the app once in its master (`preload_app`, config/gunicorn.conf.py) and forks the workers
from it, so whatever this loads is already in every worker's memory: without it, the first request to each
new worker paid 2–4 s reading the reviewed YAML, checking it against the law texts, compiling templates and
importing WeasyPrint. Nothing here touches the database: a connection opened in the master would be shared
by every forked worker.
"""

import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.template import engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger("zhirao.startup")


def _template_names() -> list[str]:
    """Every template of the project's folder (not Django's admin's, which staff rarely open)."""
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    return sorted({str(path.relative_to(folder)) for folder in folders if folder.is_dir()
                   for path in folder.rglob("*.html")})


def warm() -> None:
    started = time.perf_counter()
    # Reviewed data: the ladder, the question tree and the letters, each checked against the law texts on load.
    from guidance import ladder, law, letter_data, tree, vocabulary

    ladder.load()
    for version in tree.versions("escalation"):  # cases answered under an older tree keep theirs
        tree.load("escalation", version).screen_chains  # noqa: B018 — the cached property works out every screen
    tree.load().screen_chains  # noqa: B018
    letter_data.all_kinds()
    letter_data.conditions()
    letter_data.wording()
    law.law_stems()
    for list_name in vocabulary.LISTS:
        vocabulary.terms(list_name)
    # Every view module (and so WeasyPrint, through the letters' views) is imported by resolving the URLs.
    get_resolver().url_patterns  # noqa: B018 — the property imports every URLconf and view on first access
    # Translation catalogues are read on first activation of each language.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("止扰")
    # An S3 storage builds its client (botocore reads the whole S3 API description, ~0.3 s of CPU) on first use.
    # It opens no connection until a request, so the client made here is safe to inherit across the fork.
    storage = storages["default"]
    for layer in (storage, getattr(storage, "inner", None)):
        if hasattr(layer, "connection"):
            layer.connection  # noqa: B018 — the property builds and keeps the client
    # The cached template loader compiles each template once per process: do it here, before the fork.
    django_engine = engines["django"]
    for name in _template_names():
        django_engine.get_template(name)
    logger.info("warm", extra={"event": "warm", "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
