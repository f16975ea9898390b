"""Evidence screens: the list with the upload form, one file's page, download, preview, delete, the evidence list PDF.

Every view reaches the case through complaints.selectors.access.case_access (a stranger gets 404).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from complaints.evidence_list import PDF_A3B, evidence_list_pdf
from complaints.evidence_types import FORMAT_NAMES, EvidenceRefused, image_thumbnail
from complaints.forms.evidence import EvidenceDescribeForm, EvidenceUploadForm
from complaints.presenters.row_urls import row_url
from complaints.selectors import evidence_for_case, evidence_number, evidence_total_bytes, third_party_pending_for_case
from complaints.selectors.access import case_access, case_may_rewrite, case_visible_to_staff, evidence_access
from complaints.selectors.screenshots import screenshot_proposal_get
from complaints.services.evidence import (
    EvidenceIntegrityError,
    evidence_delete,
    evidence_open_verified,
    evidence_update,
    evidence_upload,
)
from complaints.services.screenshots import screenshot_reading_queue, screenshot_reading_wanted
from complaints.uploads import EvidenceLimitHandler

PRIVATE = "private, no-store"
# Where a refused upload's explanations wait for the list page it redirects to (post/redirect/get: reloading the
# page shows the list again, it does not send the files again), with what she typed about the files.
REFUSED_SESSION_KEY = "evidence_refused"


def _render_list(request, case, form, *, refused=(), status=200):
    detail_url = row_url("evidence:detail", case_id=case.pk, each="evidence_id")
    download_url = row_url("evidence:download", case_id=case.pk, each="evidence_id")
    rows = [
        {"number": number, "evidence": evidence, "format_name": FORMAT_NAMES.get(evidence.content_type, ""),
         "detail_url": detail_url(evidence.pk), "download_url": download_url(evidence.pk)}
        for number, evidence in enumerate(evidence_for_case(case=case), start=1)
    ]
    return render(request, "evidence/list.html", {
        "case": case, "rows": rows, "form": form, "refused": refused,
        "used_bytes": evidence_total_bytes(case=case), "may_rewrite": case_may_rewrite(user=request.user, case=case),
        "pending": third_party_pending_for_case(case=case), "pending_kept_days": settings.RETENTION_UPLOAD_LINKS.days,
        "max_file_bytes": settings.EVIDENCE_MAX_FILE_BYTES, "max_case_bytes": settings.EVIDENCE_MAX_CASE_BYTES,
    }, status=status)


@login_required
def evidence_list(request, case_id):
    case = case_access(user=request.user, case_id=case_id)
    kept = request.session.pop(REFUSED_SESSION_KEY, None)
    if kept and kept["case"] == case.pk:
        return _render_list(request, case, EvidenceUploadForm(initial={"proves": kept["proves"]}), refused=kept["refused"])
    return _render_list(request, case, EvidenceUploadForm())


@csrf_exempt  # only so the body is not read before the limits are in place; _evidence_upload checks the token
@login_required
@require_POST
def evidence_upload_view(request, case_id):
    case = case_access(user=request.user, case_id=case_id)
    limits = EvidenceLimitHandler(request, max_file=settings.EVIDENCE_MAX_FILE_BYTES, max_case=settings.EVIDENCE_MAX_CASE_BYTES,
                                  room=settings.EVIDENCE_MAX_CASE_BYTES - evidence_total_bytes(case=case))
    request.upload_handlers.insert(0, limits)
    return _evidence_upload(request, case, limits)


@csrf_protect
def _evidence_upload(request, case, limits: EvidenceLimitHandler):
    form = EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid() and not limits.refused:
        return _render_list(request, case, form, status=400)
    refused = [{"name": item["name"], "message": str(item["message"])} for item in limits.refused]
    read = 0
    proves = form.cleaned_data["proves"] if form.is_valid() else request.POST.get("proves", "")
    for uploaded in form.cleaned_data["files"] if form.is_valid() else []:
        try:
            outcome = evidence_upload(actor=request.user, case=case, uploaded=uploaded, proves=proves)
        except EvidenceRefused as refusal:
            refused.append({"name": uploaded.name, "message": str(refusal.message)})
            continue
        number = evidence_number(evidence=outcome.evidence)
        if outcome.created and screenshot_reading_wanted(outcome.evidence):
            screenshot_reading_queue(actor=request.user, evidence=outcome.evidence)
            read += 1
        if outcome.created:
            messages.success(request, _("已保存“%(name)s”，编号为证据%(number)s。") % {"name": uploaded.name, "number": number})
        else:
            messages.info(request, _("“%(name)s”与已上传的证据%(number)s内容完全相同，没有重复保存。")
                          % {"name": uploaded.name, "number": number})
    if read:
        messages.info(request, _("截图中的消息正在读取。读出的内容不会直接记入，请在“截图读出的消息”页逐条确认、修改或丢弃。"))
    if refused:
        request.session[REFUSED_SESSION_KEY] = {"case": case.pk, "refused": refused, "proves": proves}
    return redirect("evidence:list", case_id=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_detail(request, case_id, evidence_id):
    evidence = evidence_access(user=request.user, case_id=case_id, evidence_id=evidence_id)
    may_rewrite = case_may_rewrite(user=request.user, case=evidence.case)
    if request.method == "POST" and not may_rewrite:
        raise PermissionDenied  # the borrower's description of her evidence is hers to rewrite
    form = EvidenceDescribeForm(request.POST or None, instance=evidence)
    if request.method == "POST" and form.is_valid():
        evidence_update(actor=request.user, evidence=evidence, description=form.cleaned_data["description"],
                        proves=form.cleaned_data["proves"])
        messages.success(request, _("说明已保存。"))
        return redirect("evidence:detail", case_id=case_id, evidence_id=evidence.pk)
    if request.method == "POST":
        evidence.refresh_from_db(fields=["description", "proves"])
    return render(request, "evidence/detail.html", {
        "case": evidence.case, "evidence": evidence, "number": evidence_number(evidence=evidence), "form": form,
        "format_name": FORMAT_NAMES.get(evidence.content_type, ""), "can_delete": _may_delete(request.user, evidence.case),
        "may_rewrite": may_rewrite,
    }, status=400 if form.errors else 200)


def _integrity_failed(request, evidence):
    return render(request, "evidence/integrity_failed.html", {"case": evidence.case, "evidence": evidence}, status=409)


@login_required
def evidence_download(request, case_id, evidence_id):
    evidence = evidence_access(user=request.user, case_id=case_id, evidence_id=evidence_id)
    try:
        stored = evidence_open_verified(actor=request.user, evidence=evidence, purpose="downloaded")
    except EvidenceIntegrityError:
        return _integrity_failed(request, evidence)
    response = FileResponse(stored, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PRIVATE
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Evidence-SHA256"] = evidence.sha256
    return response


@login_required
def evidence_preview(request, case_id, evidence_id):
    """A re-encoded JPEG thumbnail of an image (never the original bytes inline)."""
    evidence = evidence_access(user=request.user, case_id=case_id, evidence_id=evidence_id)
    if evidence.kind != evidence.Kind.IMAGE:
        return render(request, "errors/404.html", status=404)
    return _thumbnail_response(request, evidence)


@login_required
def evidence_message_crop(request, case_id, evidence_id, proposal_id):
    """The part of a screenshot a proposed message was read from, re-encoded like the preview (and audited as one)."""
    evidence = evidence_access(user=request.user, case_id=case_id, evidence_id=evidence_id)
    proposal = screenshot_proposal_get(case=evidence.case, proposal_id=proposal_id, evidence_id=evidence.pk)
    return _thumbnail_response(request, evidence, box=proposal.crop_box)


def _thumbnail_response(request, evidence, *, box=None):
    """A re-encoded JPEG of the image (or of the part `box` names), audited as a preview; never the original bytes."""
    try:
        with evidence_open_verified(actor=request.user, evidence=evidence, purpose="previewed") as stored:
            thumbnail = image_thumbnail(stored, box=box)
    except EvidenceIntegrityError:
        return _integrity_failed(request, evidence)
    response = HttpResponse(thumbnail, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PRIVATE
    return response


def _may_delete(user, case) -> bool:
    """The borrower deletes their own files; staff only on a walk-in case no borrower has claimed yet."""
    return not case_visible_to_staff(user=user, case=case) or case.owner_id is None


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete_view(request, case_id, evidence_id):
    evidence = evidence_access(user=request.user, case_id=case_id, evidence_id=evidence_id)
    if not _may_delete(request.user, evidence.case):
        raise PermissionDenied
    if request.method == "POST":
        name = evidence.original_name
        evidence_delete(actor=request.user, evidence=evidence)
        messages.success(request, _("已删除“%(name)s”。") % {"name": name})
        return redirect("evidence:list", case_id=case_id)
    return render(request, "evidence/delete.html", {"case": evidence.case, "evidence": evidence})


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PRIVATE
    return response


@login_required
def evidence_list_pdf_view(request, case_id):
    case = case_access(user=request.user, case_id=case_id)
    return _pdf_response(evidence_list_pdf(case=case, actor=request.user), f"证据目录-{case.reference}.pdf")


@login_required
def evidence_archive_pdf_view(request, case_id):
    case = case_access(user=request.user, case_id=case_id)
    try:
        pdf = evidence_list_pdf(case=case, variant=PDF_A3B, actor=request.user)
    except EvidenceIntegrityError as failure:
        return _integrity_failed(request, failure.evidence)
    return _pdf_response(pdf, f"证据目录及原件-{case.reference}.pdf")
