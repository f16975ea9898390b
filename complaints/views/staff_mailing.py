"""Mailing day: the clinic's letters ready to post, printed as one PDF (each letter followed by its envelope,
in address order), a mailing list to fill in tracking numbers, and recording them (each case's step moves on)."""

import csv
import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints.csv_safe import csv_cell_unescaped, csv_writer
from complaints.forms.letters import MailingForm
from complaints.models import Job, Letter
from complaints.selectors.staff_mailing import letters_ready_to_mail
from complaints.services.jobs import job_start
from complaints.services.mailing import mailing_day_record
from complaints.views.staff import staff_view

CSV_COLUMNS = ["letter_id", "案件编号", "文书", "收件人", "收件地址", "邮政编码", "邮寄方式", "邮件单号", "寄出日期"]


def _selected(query, clinic) -> list[Letter]:
    """The ready letters the form names (letter=…), in address order; others' letters are never included."""
    wanted = set(query.getlist("letter"))
    return [letter for letter in letters_ready_to_mail(clinic_ids=[clinic.pk]) if str(letter.pk) in wanted]


@require_GET
@staff_view
def mailing(request, clinic):
    letters = letters_ready_to_mail(clinic_ids=[clinic.pk])
    return render(request, "staff/mailing.html", {"letters": letters, "today": timezone.localdate(),
                                                  "methods": Letter.MailMethod.choices})


@require_POST
@staff_view
def mailing_pdf(request, clinic):
    """Rendering dozens of letters and envelopes is background work (complaints.tasks): its page shows progress and
    then the merged PDF to download. With no worker configured it has already run: straight to the download."""
    letters = _selected(request.POST, clinic)
    if not letters:
        messages.error(request, _("请先勾选要打印的文书。"))
        return redirect("staff:mailing")
    job = job_start(actor=request.user, kind=Job.Kind.MAILING_PDF, clinic=clinic,
                    arguments={"letters": [letter.pk for letter in letters]}, total=len(letters))
    if job.status == Job.Status.DONE:
        return redirect("jobs:download", job_id=job.pk)
    return redirect("jobs:status", job_id=job.pk)


@require_GET
@staff_view
def mailing_csv(request, clinic):
    letters = _selected(request.GET, clinic)
    if not letters:
        messages.error(request, _("请先勾选要列入邮寄清单的文书。"))
        return redirect("staff:mailing")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mailing-list.csv"'
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow(CSV_COLUMNS)
    today = timezone.localdate().isoformat()
    for letter in letters:
        writer.writerow([letter.pk, letter.case.reference, letter.title, letter.addressee.get("name", ""),
                         letter.addressee.get("address", ""), letter.addressee.get("postcode", ""),
                         Letter.MailMethod.REGISTERED.value, "", today])
    return response


def _rows_from_request(request) -> list[dict]:
    """Rows to record, from the uploaded mailing list or from the form's tracking_<id> fields."""
    upload = request.FILES.get("mailing_list")
    if upload is not None:
        text = upload.read().decode("utf-8-sig", errors="replace")
        return [{"letter_id": csv_cell_unescaped(row.get("letter_id") or ""),
                 "tracking_number": csv_cell_unescaped(row.get("邮件单号") or ""),
                 "method": csv_cell_unescaped(row.get("邮寄方式") or ""), "mailed_on": csv_cell_unescaped(row.get("寄出日期") or "")}
                for row in csv.DictReader(io.StringIO(text))]
    return [{"letter_id": key.removeprefix("tracking_"), "tracking_number": value,
             "method": request.POST.get("method", ""), "mailed_on": request.POST.get("mailed_on", "")}
            for key, value in request.POST.items() if key.startswith("tracking_")]


@require_POST
@staff_view
def mailing_record(request, clinic):
    """All rows or none: a bad row is reported in Chinese and nothing is recorded, so a corrected list can be sent again."""
    ready = {str(letter.pk): letter for letter in letters_ready_to_mail(clinic_ids=[clinic.pk])}
    rows = [row for row in _rows_from_request(request) if row["tracking_number"].strip()]
    errors, valid = [], []
    for row in rows:
        letter = ready.get(str(row["letter_id"]).strip())
        if letter is None:
            errors.append(_("第 %(id)s 号文书不在待寄清单中（可能已登记过）。") % {"id": row["letter_id"]})
            continue
        form = MailingForm({"mailed_on": row["mailed_on"], "method": row["method"], "tracking_number": row["tracking_number"]})
        if not form.is_valid():
            problems = "；".join(str(error) for field_errors in form.errors.values() for error in field_errors)
            errors.append(_("%(reference)s %(title)s：%(problems)s") % {"reference": letter.case.reference, "title": letter.title, "problems": problems})
            continue
        valid.append((letter, form.cleaned_data["mailed_on"], form.cleaned_data["method"], form.cleaned_data["tracking_number"]))
    if not rows:
        errors.append(_("没有填写任何邮件单号。"))
    if errors:
        letters = letters_ready_to_mail(clinic_ids=[clinic.pk])
        return render(request, "staff/mailing.html", {"letters": letters, "today": timezone.localdate(), "errors": errors,
                                                      "methods": Letter.MailMethod.choices}, status=400)
    recorded = mailing_day_record(actor=request.user, mailings=valid)
    messages.success(request, _("已登记 %(count)s 封文书的邮件单号。") % {"count": recorded})
    return redirect("staff:mailing")
