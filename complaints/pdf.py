"""HTML -> PDF with WeasyPrint, fetching nothing but the app's own static files and data: URLs.

Letters carry text a borrower typed (and, through them, text a collector sent), so the HTML
we render is untrusted: an <img> or <link rel=attachment> pointing at a local file or an
internal address must fetch nothing and attach nothing. Fonts come from the system's
fontconfig (Debian's fonts-noto-cjk), never through the fetcher.
"""

import base64
import logging
import mimetypes
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

from complaints.pdf_fonts import compact_fonts_finisher

logger = logging.getLogger("zhirao.pdf")

# The base stylesheet every document gets: A4, Noto CJK, sizes a post-office clerk can read.
BASE_CSS = """
@page { size: A4; margin: 22mm 20mm 20mm 20mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #444; } }
html { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 12pt; line-height: 1.7; }
body { margin: 0; overflow-wrap: anywhere; }
h1 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 18pt; text-align: center; margin: 0 0 12pt; }
h2 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 13pt; margin: 14pt 0 6pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #333; padding: 3pt 5pt; vertical-align: top; text-align: left; }
"""


class RefusedURL(ValueError):
    """The document asked for something outside the app's static files."""


class StaticOnlyURLFetcher(URLFetcher):
    """Serves `data:` URLs and files under the static directories; refuses everything else.

    `file:` URLs are resolved (symlinks and `..` included) and must land inside one of
    `allowed_roots`; http(s), ftp and every other scheme are refused before any connection
    is made, so there are no redirects to follow either.
    """

    def __init__(self, allowed_roots=None):
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, timeout=1)
        roots = allowed_roots if allowed_roots is not None else static_roots()
        self.allowed_roots = [Path(root).resolve() for root in roots]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return _data_response(url)
        if scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in self.allowed_roots):
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})
        self.refused.append(url)
        logger.info("PDF renderer refused %s", url[:200])
        raise RefusedURL(f"refused: {url[:200]}")


def _data_response(url: str) -> URLFetcherResponse:
    header, _, payload = url[len("data:"):].partition(",")
    media_type, *params = header.split(";")
    body = base64.b64decode(payload) if "base64" in params else unquote(payload).encode("utf-8")
    return URLFetcherResponse(url[:64], body, {"Content-Type": media_type or "text/plain"})


def static_roots() -> list[Path]:
    roots = [Path(directory) for directory in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return roots


def html_to_pdf(html: str, *, stylesheets: tuple[str, ...] = (), fetcher: StaticOnlyURLFetcher | None = None,
                pdf_variant: str | None = None, attachments=None, compact_fonts: bool = False) -> bytes:
    """Render one HTML document to PDF bytes.

    `base_url` is the static directory, so `<img src="img/x.png">` finds the app's own images;
    `pdf_variant="pdf/a-3b"` gives an archival PDF. `attachments` are weasyprint.Attachment
    objects made by the caller from trusted bytes (the borrower's own evidence), never from URLs
    found in the HTML. `compact_fonts` shrinks the embedded CJK fonts (complaints.pdf_fonts) without
    changing how any page renders.
    """
    fetcher = fetcher or StaticOnlyURLFetcher()
    base_url = (static_roots()[0].resolve().as_uri() + "/") if static_roots() else None
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    css = [weasyprint.CSS(string=BASE_CSS, url_fetcher=fetcher)]
    css += [weasyprint.CSS(string=sheet, url_fetcher=fetcher) for sheet in stylesheets]
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    finisher = compact_fonts_finisher if compact_fonts else None
    started = time.perf_counter()
    pdf = document.write_pdf(stylesheets=css, attachments=attachments or [], finisher=finisher, **options)
    logger.info("pdf rendered", extra={"event": "pdf.render", "bytes": len(pdf),
                                       "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
    return pdf
