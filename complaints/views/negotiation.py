"""Negotiating repayment: the borrower's monthly figures (kept in her case only) and the affordable offer they give
(guidance.negotiation), with the ladder's warning against paid debt "optimisation" services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from complaints.forms.accounts import validation_error_to_form
from complaints.forms.negotiation import NegotiationForm
from complaints.presenters.negotiation import offer_context
from complaints.selectors.access import case_access
from complaints.services.cases import case_section_update


@login_required
@require_http_methods(["GET", "POST"])
def case_negotiation(request, case_id):
    case = case_access(user=request.user, case_id=case_id)
    if request.method == "POST" and request.POST.get("clear"):
        case_section_update(case=case, section="negotiation", value=None, actor=request.user)
        messages.success(request, _("已删除你填写的收入和开支。"))
        return redirect("cases:negotiation", case_id=case.pk)
    form = NegotiationForm(request.POST or None, initial=NegotiationForm.initial_from(case.data.get("negotiation")))
    if request.method == "POST" and form.is_valid():
        try:
            case = case_section_update(case=case, section="negotiation", value=form.section_value(), actor=request.user)
        except ValidationError as error:
            validation_error_to_form(form, error)
        else:
            messages.success(request, _("已保存。下面是按你填写的数字算出的还款建议。"))
            return redirect("cases:negotiation", case_id=case.pk)
    return render(request, "cases/negotiation.html", {
        "case": case, "form": form, "figures": case.data.get("negotiation") or {}, **offer_context(case.data),
    })
