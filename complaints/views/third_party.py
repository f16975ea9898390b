"""Evidence from third parties: the borrower's links page and her decision on each upload, and the page the link opens.

The borrower's views reach the case through complaints.selectors.access (CaseAs.EDITOR: a link and an accepted file
add to her records). The link's page has no account: the link's secret is the permission
(access.evidence_link_by_token), and the page shows nothing of the case, not even whose it is.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from complaints.evidence_types import EvidenceRefused
from complaints.forms.third_party import EvidenceLinkForm, ThirdPartyUploadForm
from complaints.login_guard import client_address
from complaints.selectors import evidence_total_bytes
from complaints.selectors.access import (
    CaseAs,
    case_access,
    evidence_link_access,
    evidence_link_by_token,
    third_party_upload_access,
)
from complaints.services.evidence import EvidenceIntegrityError
from complaints.services.screenshots import screenshot_reading_queue, screenshot_reading_wanted
from complaints.services.third_party import (
    LinkClosed,
    evidence_accept,
    evidence_reject,
    link_create,
    link_full_message,
    link_revoke,
    third_party_upload,
    third_party_upload_open,
)
from complaints.uploads import EvidenceLimitHandler
from guidance import consent

CONSENT_PURPOSE = "third_party"
THROTTLE_WINDOW = 3600  # seconds: the settings give uploads per hour


def _links_page(request, case, form, *, new_link_url="", status=200):
    return render(request, "evidence/third_party_links.html", {
        "case": case, "form": form, "links": case.evidence_links.all(), "new_link_url": new_link_url,
        "max_files": settings.THIRD_PARTY_LINK_MAX_FILES, "max_bytes": settings.THIRD_PARTY_LINK_MAX_BYTES,
    }, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def evidence_links(request, case_id):
    """The borrower's links: make one (its address is shown this once: only its hash is kept), see and withdraw them."""
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.EDITOR)
    if request.method == "GET":
        return _links_page(request, case, EvidenceLinkForm())
    form = EvidenceLinkForm(request.POST)
    if not form.is_valid():
        return _links_page(request, case, form, status=400)
    new = link_create(actor=request.user, case=case, days=form.cleaned_data["days"], label=form.cleaned_data["label"])
    url = request.build_absolute_uri(reverse("third_party:upload", kwargs={"token": new.token}))
    return _links_page(request, case, EvidenceLinkForm(), new_link_url=url)


@login_required
@require_POST
def evidence_link_revoke(request, case_id, link_id):
    link = evidence_link_access(user=request.user, case_id=case_id, link_id=link_id)
    link_revoke(actor=request.user, link=link)
    messages.success(request, _("链接已撤回，现在起打开它只会看到“链接已失效”。"))
    return redirect("evidence:third_party_links", case_id=case_id)


@login_required
def third_party_pending_download(request, case_id, upload_id):
    """A waiting file, for the borrower to look at before she accepts or rejects it (as a download, never inline)."""
    upload = third_party_upload_access(user=request.user, case_id=case_id, upload_id=upload_id)
    try:
        stored = third_party_upload_open(actor=request.user, upload=upload)
    except EvidenceIntegrityError:
        return render(request, "evidence/integrity_failed.html", {"case": upload.case, "evidence": upload}, status=409)
    response = FileResponse(stored, as_attachment=True, filename=upload.original_name, content_type=upload.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return _private(response)


@login_required
@require_POST
def third_party_accept(request, case_id, upload_id):
    upload = third_party_upload_access(user=request.user, case_id=case_id, upload_id=upload_id)
    evidence = evidence_accept(actor=request.user, upload=upload)
    messages.success(request, _("已采纳%(name)s提供的“%(file)s”，它现在在证据列表里。")
                     % {"name": upload.uploader_name, "file": upload.original_name})
    if screenshot_reading_wanted(evidence):
        screenshot_reading_queue(actor=request.user, evidence=evidence)
        messages.info(request, _("截图中的消息正在读取。读出的内容不会直接记入，请在“截图读出的消息”页逐条确认、修改或丢弃。"))
    return redirect("evidence:list", case_id=case_id)


@login_required
@require_POST
def third_party_reject(request, case_id, upload_id):
    upload = third_party_upload_access(user=request.user, case_id=case_id, upload_id=upload_id)
    evidence_reject(actor=request.user, upload=upload)
    messages.success(request, _("已拒收“%(file)s”，文件已删除。") % {"file": upload.original_name})
    return redirect("evidence:list", case_id=case_id)


def _over_limit(key: str, limit: int) -> bool:
    """Count one request under `key` in Django's cache for THROTTLE_WINDOW; True once past `limit`."""
    cache.add(key, 0, timeout=THROTTLE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # the count expired between add and incr
        cache.set(key, 1, timeout=THROTTLE_WINDOW)
        count = 1
    return count > limit


def _throttled(request, link) -> bool:
    by_link = _over_limit(f"third-party:link:{link.pk}", settings.THIRD_PARTY_POSTS_PER_HOUR_PER_LINK)
    by_address = _over_limit(f"third-party:address:{client_address(request)}", settings.THIRD_PARTY_POSTS_PER_HOUR_PER_ADDRESS)
    return by_link or by_address


def _private(response):
    response["Cache-Control"] = "private, no-store"
    # The link's secret is in its address: never sent to another site ("no-referrer" would make browsers send
    # `Origin: null` with the form, which the CSRF check rightly refuses).
    response["Referrer-Policy"] = "same-origin"
    return response


def _closed(request):
    return _private(render(request, "third_party/closed.html", status=410))


def _upload_page(request, form, *, refused=(), status=200):
    text = consent.current(CONSENT_PURPOSE).text(translation.get_language() or "")
    return _private(render(request, "third_party/upload.html", {
        "form": form, "refused": refused, "consent_text": text, "max_file_bytes": settings.EVIDENCE_MAX_FILE_BYTES,
    }, status=status))


@csrf_exempt  # only so the body is not read before the limits are in place; _upload_post checks the token
@require_http_methods(["GET", "POST"])
def third_party_upload_page(request, token):
    link = evidence_link_by_token(token=token)
    if not link.usable:
        return _closed(request)
    if request.method == "GET":
        return _upload_page(request, ThirdPartyUploadForm())
    if _throttled(request, link):
        return _private(render(request, "third_party/throttled.html", status=429))
    room = min(settings.EVIDENCE_MAX_CASE_BYTES - evidence_total_bytes(case=link.case), link.max_bytes - link.bytes_received)
    limits = EvidenceLimitHandler(request, max_file=settings.EVIDENCE_MAX_FILE_BYTES, room=room,
                                  max_case=settings.EVIDENCE_MAX_CASE_BYTES, room_message=link_full_message())
    request.upload_handlers.insert(0, limits)
    return _upload_post(request, link, limits)


@csrf_protect
def _upload_post(request, link, limits: EvidenceLimitHandler):
    form = ThirdPartyUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, refused=limits.refused, status=400)
    version = consent.current(CONSENT_PURPOSE).version
    refused, received = list(limits.refused), 0
    for uploaded in form.cleaned_data["files"]:
        try:
            third_party_upload(link=link, uploaded=uploaded, uploader_name=form.cleaned_data["uploader_name"],
                               relation=form.cleaned_data["relation"], consent_version=version)
        except EvidenceRefused as refusal:
            refused.append({"name": uploaded.name, "message": refusal.message})
            continue
        except LinkClosed:
            return _closed(request)
        received += 1
    if refused:
        return _upload_page(request, ThirdPartyUploadForm(initial={"uploader_name": form.cleaned_data["uploader_name"],
                                                                   "relation": form.cleaned_data["relation"]}),
                            refused=refused, status=200 if received else 400)
    return _private(render(request, "third_party/received.html", {"count": received, "again": request.path}))
