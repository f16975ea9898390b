"""The borrower's side of a walk-in case: enter the claim code the clinic gave them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from complaints.forms.staff import ClaimForm
from complaints.login_guard import attempt_allowed, attempt_failed, lockout_response
from complaints.services.staff import case_claim


@login_required
@require_http_methods(["GET", "POST"])
def claim_case(request):
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Claim codes are guessed like passwords: the same counters and lock-out (complaints.login_guard).
        if not attempt_allowed(request, username=request.user.username):
            return lockout_response(request)
        try:
            case = case_claim(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            attempt_failed(request, username=request.user.username)
            form.add_error("code", error.message_dict["code"])
        else:
            messages.success(request, _("案件 %(reference)s 已转到你的账号。") % {"reference": case.reference})
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "claim/claim.html", {"form": form}, status=400 if form.errors else 200)
