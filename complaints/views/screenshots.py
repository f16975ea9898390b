"""Messages read from screenshots, waiting for the borrower: confirm (as read or edited), or discard, each with the
crop of the screenshot it came from. Every view reaches the case through complaints.selectors.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.forms.log import ScreenshotProposalForm
from complaints.selectors.access import CaseAs, case_access, case_may_rewrite
from complaints.selectors.screenshots import (
    screenshot_proposal_get,
    screenshot_proposals_pending,
    screenshot_readings_unfinished,
)
from complaints.services.screenshots import ProposalDecided, screenshot_proposal_confirm, screenshot_proposal_discard

CONFIRM, DISCARD = "confirm", "discard"


def _review_url(case, anchor: str = "") -> str:
    return reverse("log:screenshots", kwargs={"case_id": case.pk}) + (f"#{anchor}" if anchor else "")


def _render(request, case, *, bound=None, status=200):
    """The review page; `bound` is a submitted form with errors, shown in place of its proposal's fresh form."""
    rows = []
    for proposal in screenshot_proposals_pending(case=case):
        form = bound if bound is not None and bound.prefix == f"p{proposal.pk}" else ScreenshotProposalForm(case=case, proposal=proposal)
        rows.append({"proposal": proposal, "form": form})
    return render(request, "log/screenshots.html", {
        "case": case, "rows": rows, "unfinished": list(screenshot_readings_unfinished(case=case)),
        "may_rewrite": case_may_rewrite(user=request.user, case=case),
    }, status=status)


@login_required
def review(request, case_id):
    case = case_access(user=request.user, case_id=case_id)
    return _render(request, case)


@login_required
@require_POST
def decide(request, case_id, proposal_id):
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.EDITOR)
    proposal = screenshot_proposal_get(case=case, proposal_id=proposal_id)
    action = request.POST.get("action")
    try:
        if action == DISCARD:
            screenshot_proposal_discard(actor=request.user, proposal=proposal)
            messages.success(request, _("已丢弃这条消息，没有记入骚扰记录。"))
            return redirect(_review_url(case))
        if action != CONFIRM:
            messages.error(request, _("请求无效，请重新选择。"))
            return redirect(_review_url(case))
        form = ScreenshotProposalForm(request.POST, case=case, proposal=proposal)
        if not form.is_valid():
            return _render(request, case, bound=form, status=400)
        data = form.cleaned_data
        screenshot_proposal_confirm(actor=request.user, proposal=proposal, at=data["at"], channel=data["channel"],
                                    from_number=data["from_number"], target=data["target"], text=data["text"],
                                    content=data["content"])
    except ProposalDecided:
        messages.info(request, _("这条消息已经处理过了。"))
        return redirect(_review_url(case))
    messages.success(request, _("已确认，加入骚扰记录。"))
    return redirect(_review_url(case))
