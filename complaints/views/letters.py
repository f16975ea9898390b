"""Letters of a case: list, preview and edit, generate, download, envelope, record the mailing and the reply. Thin: reads through
complaints.selectors.letters after the access gate, writes through complaints.services.letters."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints.forms.accounts import validation_error_to_form
from complaints.forms.letter_facts import LEGENDS, LetterFactsForm
from complaints.forms.letters import LetterEditForm, MailingForm, ReplyForm
from complaints.letters.compose import LetterIncomplete, letter_targets, plain_text
from complaints.letters.labels import letter_label
from complaints.letters.output import envelope_missing, envelope_pdf
from complaints.letters.registry import get_kind
from complaints.models import Job, Letter
from complaints.presenters.negotiation import offer_context, warning_text
from complaints.selectors.access import case_access, case_may_rewrite, case_visible_to_staff
from complaints.selectors.letters import draft_for, letter_case_for, letter_edit_for, letters_for_case, planned_letters
from complaints.services.cases import case_sections_fill
from complaints.services.evidence import EvidenceIntegrityError
from complaints.services.jobs import job_start
from complaints.services.letters import (
    LetterIntegrityError,
    letter_edit_save,
    letter_generate,
    letter_pdf_bytes,
    letter_record_mailing,
    letter_record_reply,
    letter_staff_view_record,
)
from guidance import ladder as ladders

# Letters that also go as plain text: the 12321 form; a notice to a collector whose postal address is unknown (SMS,
# e-mail, the lender app's message box); an appeal made by phone or online.
TEXT_KINDS = ("report_12321", "collector_cease", "pipl_request", "miit_appeal")


def _kind_and_target(case_file, kind: str, target: str):
    """The letter kind, if the case has a letter of that kind for that target; 404 otherwise."""
    if (kind, target) not in letter_targets(case_file):
        raise Http404
    return get_kind(kind)


def _negotiates(kind: str) -> bool:
    """A letter that offers repayment: its pages show the offer and the warning against paid services."""
    return get_kind(kind).action == "negotiate_repayment"


def preview_url(case_id: int, kind: str, target: str) -> str:
    url = reverse("letters:preview", args=[case_id, kind])
    return f"{url}?{urlencode({'to': target})}" if target else url


def _record_staff_read(request, case, what: str, letter=None) -> None:
    if case_visible_to_staff(user=request.user, case=case):
        letter_staff_view_record(actor=request.user, case=case, letter=letter, what=what)


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def index(request, case_id):
    case = case_access(user=request.user, case_id=case_id)
    sent = list(letters_for_case(case))
    rows = [{"draft": planned.draft, "label": planned.label, "plan": planned.plan,
             "url": preview_url(case.pk, planned.plan.kind, planned.plan.target),
             "letters": [letter for letter in sent if letter.kind == planned.plan.kind and letter.target == planned.plan.target]}
            for planned in planned_letters(case)]
    return render(request, "letters/pages/index.html", {"case": case, "rows": rows})


@require_POST
def bundle(request, case_id):
    """Every letter the plan calls for now, generated and packed in one ZIP as background work (complaints.tasks):
    its page shows progress, then what went in, what could not and why, and the download. Staff of a clinic the case
    is shared with may start it too: generating uses the borrower's inputs as she saved them, never rewrites them."""
    case = case_access(user=request.user, case_id=case_id)
    job = job_start(actor=request.user, kind=Job.Kind.LETTER_BUNDLE, case=case, arguments={}, total=1)
    return redirect("jobs:status", job_id=job.pk)


@require_http_methods(["GET", "POST"])
def preview(request, case_id, kind):
    case = case_access(user=request.user, case_id=case_id)
    # A letter's inputs are the borrower's words: staff of a clinic the case is shared with read, generate and
    # download the letter, but a POST of theirs is refused (403, with the page saying why) and saves nothing.
    may_rewrite = case_may_rewrite(user=request.user, case=case)
    target = (request.POST if request.method == "POST" else request.GET).get("to", "")
    case_file = letter_case_for(case)  # read once: the check, the form's draft and the preview all use it
    spec = _kind_and_target(case_file, kind, target)
    edit = letter_edit_for(case, kind, target)
    form, facts_form, status = None, None, 200
    if request.method == "POST" and not may_rewrite:
        status = 403
    elif request.method == "POST" and "facts" in request.POST:
        facts_form = _facts_form(case, draft_for(case, kind, target, edit=edit, case_file=case_file), request.POST,
                                 may_rewrite=may_rewrite)
        if facts_form is None:  # filled in meanwhile (another tab): nothing left to ask
            return redirect(preview_url(case.pk, kind, target))
        if facts_form.is_valid():
            try:
                case_sections_fill(case=case, sections=facts_form.sections(), actor=request.user)
            except ValidationError as error:
                validation_error_to_form(facts_form, error)
            else:
                messages.success(request, _("已保存到案件信息，以后的文书也会用到。"))
                return redirect(preview_url(case.pk, kind, target) + "#preview")
        status = 400
    elif request.method == "POST":
        form = LetterEditForm(request.POST, spec=spec)
        if form.is_valid():
            letter_edit_save(actor=request.user, case=case, kind=kind, target=target, **form.edits())
            return redirect(preview_url(case.pk, kind, target) + "#preview")
        status = 400
    if request.method == "GET" or not may_rewrite:  # the refused POST shows the letter too
        _record_staff_read(request, case, f"preview {kind} {target}".strip())
    draft = draft_for(case, kind, target, edit=edit, case_file=case_file)
    if form is None and may_rewrite:
        form = LetterEditForm(spec=spec, initial=LetterEditForm.initial_for(edit, draft))
    context = {
        "case": case, "draft": draft, "form": form, "target": target, "may_rewrite": may_rewrite,
        "label": letter_label(kind, target, case_file.file),
        "facts_form": facts_form or _facts_form(case, draft, may_rewrite=may_rewrite),
        "missing": _missing_items(case, draft, may_rewrite=may_rewrite),
        "text_to_copy": plain_text(draft) if kind in TEXT_KINDS and not draft.missing else "",
        "appeal_hotline": ladders.load().addressees["telecom_appeal_body"]["hotline"] if kind == "miit_appeal" else "",
        "sent": [letter for letter in letters_for_case(case) if letter.kind == kind and letter.target == target],
        "negotiation": offer_context(case.data) if _negotiates(kind) else None,
    }
    return render(request, "letters/pages/preview.html", context, status=status)


def _facts_form(case, draft, data=None, *, may_rewrite: bool) -> LetterFactsForm | None:
    """The form for the case-file facts the letter lacks (and the collector's address it can do without), for who
    may change the case; None for anyone else, or when there is nothing to ask."""
    if not may_rewrite:
        return None
    optional = ["collector.address"] if draft.spec.addressee == "collector" and not draft.addressee.address else []
    form = LetterFactsForm(data, case_data=case.data, missing=draft.missing_paths, optional=optional)
    return form if form.groups else None


def _missing_items(case, draft, *, may_rewrite: bool) -> list[dict]:
    """What the letter still lacks, each saying where it is filled in: the facts form or the letter's own form
    below (`below`), or a page of the case (`url`)."""
    pages = {"steps.complain_carrier": reverse("cases:steps", args=[case.pk]),
             "carrier.numbers": reverse("cases:edit_section", args=[case.pk, "collector"])}
    return [{"label": LEGENDS.get(path) or _(label), "url": pages.get(path, "") if may_rewrite else "",
             "below": may_rewrite and path not in pages}
            for label, path in zip(draft.missing, draft.missing_paths, strict=True)]


@require_POST
def generate(request, case_id, kind):
    case = case_access(user=request.user, case_id=case_id)
    target = request.POST.get("to", "")
    _kind_and_target(letter_case_for(case), kind, target)
    try:
        letter, _created = letter_generate(actor=request.user, case=case, kind=kind, target=target,
                                           archival=request.POST.get("archival") == "1")
    except LetterIncomplete:
        return redirect(preview_url(case.pk, kind, target))
    except EvidenceIntegrityError as failure:  # PDF/A-3b: an evidence file to embed no longer matches its hash
        return render(request, "evidence/integrity_failed.html", {"case": case, "evidence": failure.evidence}, status=409)
    return redirect("letters:sent", case.pk, letter.pk)


@require_GET
def sent(request, case_id, letter_id):
    case = case_access(user=request.user, case_id=case_id)
    letter = get_object_or_404(Letter, pk=letter_id, case=case)
    _record_staff_read(request, case, "letter", letter)
    return render(request, "letters/pages/sent.html", _sent_context(case, letter, MailingForm(initial={"method": Letter.MailMethod.REGISTERED})))


def _sent_context(case, letter, form, reply_form=None) -> dict:
    spec = get_kind(letter.kind)
    return {"case": case, "letter": letter, "form": form, "reply_form": reply_form or ReplyForm(letter=letter), "postal": spec.postal != "none" and bool(letter.addressee.get("address")),
            "envelope_missing": envelope_missing(letter.addressee, letter.sender),
            "preview_url": preview_url(case.pk, letter.kind, letter.target),
            "warning": warning_text() if _negotiates(letter.kind) else ""}


@require_GET
def download(request, case_id, letter_id):
    case = case_access(user=request.user, case_id=case_id)
    letter = get_object_or_404(Letter, pk=letter_id, case=case)
    _record_staff_read(request, case, "pdf", letter)
    suffix = "-pdfa" if letter.archival else ""
    try:
        data = letter_pdf_bytes(letter)
    except LetterIntegrityError:
        return render(request, "letters/pages/integrity_failed.html", {"case": case, "letter": letter}, status=409)
    return _pdf_response(data, f"{letter.kind}-{letter.pdf_sha256[:8]}{suffix}.pdf")


@require_GET
def envelope(request, case_id, letter_id):
    case = case_access(user=request.user, case_id=case_id)
    letter = get_object_or_404(Letter, pk=letter_id, case=case)
    if get_kind(letter.kind).postal == "none" or envelope_missing(letter.addressee, letter.sender):
        raise Http404
    _record_staff_read(request, case, "envelope", letter)
    return _pdf_response(envelope_pdf(letter.addressee, letter.sender), f"{letter.kind}-envelope.pdf")


@require_POST
def mailing(request, case_id, letter_id):
    case = case_access(user=request.user, case_id=case_id)
    letter = get_object_or_404(Letter, pk=letter_id, case=case)
    form = MailingForm(request.POST)
    if not form.is_valid():
        return render(request, "letters/pages/sent.html", _sent_context(case, letter, form), status=400)
    letter_record_mailing(actor=request.user, letter=letter, mailed_on=form.cleaned_data["mailed_on"],
                          method=form.cleaned_data["method"], tracking_number=form.cleaned_data["tracking_number"])
    return redirect("letters:sent", case.pk, letter.pk)


# Where a reply form sends the user back to: the page it was on (the borrower's or the staff case page, or the letter).
_REPLY_BACK = {"case": "cases:detail", "staff": "staff:case"}


@require_POST
def reply(request, case_id, letter_id):
    case = case_access(user=request.user, case_id=case_id)
    letter = get_object_or_404(Letter, pk=letter_id, case=case)
    form = ReplyForm(request.POST, letter=letter)
    if form.is_valid():
        try:
            letter_record_reply(actor=request.user, letter=letter, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            back = _REPLY_BACK.get(request.POST.get("back", ""))
            return redirect(back, case.pk) if back else redirect(f"{reverse('letters:sent', args=[case.pk, letter.pk])}#reply")
    letter.refresh_from_db()
    return render(request, "letters/pages/sent.html",
                  _sent_context(case, letter, MailingForm(initial={"method": letter.mail_method}), reply_form=form), status=400)
