"""Letters for several cases of the clinic's queue at once: staff tick cases in the queue (a plain form, no JavaScript
needed) and one background job (complaints.tasks) generates what each case's plan calls for now, into one ZIP with a
folder per case. Its page shows progress, then per case what went in and what was left out, and the download."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from complaints.database_ids import database_id
from complaints.models import Job
from complaints.selectors.staff_queue import queue_selection
from complaints.services.jobs import job_start
from complaints.services.letter_bundle import CASES_LETTERS_MAX
from complaints.views.staff import staff_view


def selected_case_ids(values: list[str]) -> tuple[set[str], list[int]]:
    """The distinct non-empty values ticked, and those of them that can be case ids (any other is no case of the
    clinic's queue, and is counted as such)."""
    ticked = {value.strip() for value in values if value.strip()}
    return ticked, sorted(case_id for value in ticked if (case_id := database_id(value)) is not None)


def _back_to_queue(request):
    """The queue as it was when the form was sent (its filters and page, from the form's `queue` field; only a query
    string, so the redirect never leaves the queue)."""
    query = QueryDict(request.POST.get("queue", "")).urlencode()
    return redirect(reverse("staff:queue") + (f"?{query}" if query else ""))


@require_POST
@staff_view
def cases_letters(request, clinic):
    """Start the letters of the ticked cases. Only cases of the clinic's queue are taken (others are left out and
    counted in a message); none ticked, or more than CASES_LETTERS_MAX, is refused with a message and the queue as it
    was. With no worker configured the job has already run; its page shows the outcome either way."""
    ticked, ids = selected_case_ids(request.POST.getlist("case"))
    if not ticked:
        messages.error(request, _("请先勾选要生成文书的案件。"))
        return _back_to_queue(request)
    if len(ticked) > CASES_LETTERS_MAX:
        messages.error(request, _("一次最多为 %(max)s 个案件生成文书，你勾选了 %(count)s 个。请少选一些，分几次生成。")
                       % {"max": CASES_LETTERS_MAX, "count": len(ticked)})
        return _back_to_queue(request)
    selected = queue_selection(clinic_ids=[clinic.pk], case_ids=ids)
    if not selected:
        messages.error(request, _("勾选的案件都不在本机构的队列中，没有生成文书。"))
        return _back_to_queue(request)
    if len(selected) < len(ticked):
        skipped = len(ticked) - len(selected)
        messages.warning(request, ngettext("%(count)s 个勾选的案件不在本机构的队列中，已略过。",
                                           "%(count)s 个勾选的案件不在本机构的队列中，已略过。", skipped) % {"count": skipped})
    job = job_start(actor=request.user, kind=Job.Kind.CASES_LETTERS, clinic=clinic, arguments={"cases": selected},
                    total=len(selected) + 1)
    return redirect("jobs:status", job_id=job.pk)
