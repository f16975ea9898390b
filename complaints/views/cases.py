"""The borrower's cases: list, create, the case hub, one edit page per case-file section, sharing,
export and delete. Every view reaches a case only through complaints.selectors.access.case_access
(the owner-only pages with as_=CaseAs.OWNER)."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from complaints.forms.accounts import validation_error_to_form
from complaints.forms.cases import SECTION_FORMS, CaseImportForm, StepAddForm
from complaints.forms.sharing import CONSENT_TEXT, JOINT_CONSENT_TEXT, ShareForm
from complaints.letters.compose import letter_targets
from complaints.presenters.case_plan import case_plan_sections
from complaints.presenters.case_summary import case_summary
from complaints.selectors import case_shares_active, cases_owned_by, help_clinic_from_shares
from complaints.selectors.access import CaseAs, case_access, case_may_rewrite, case_visible_to_staff
from complaints.selectors.case_file import case_counts, case_file_stored
from complaints.selectors.case_history import case_changes_by_others
from complaints.selectors.check_ins import check_in_question, check_in_questions
from complaints.selectors.letters import mailed_letters_for_case
from complaints.services.case_transfer import case_import
from complaints.services.cases import (
    case_create,
    case_delete,
    case_section_update,
    case_share_create,
    case_share_joint_consent_give,
    case_share_joint_consent_withdraw,
    case_share_withdraw,
    case_step_add,
    case_step_remove,
)
from complaints.services.evidence_archive import EvidenceArchiveError, evidence_archive_stream
from complaints.services.staff import case_staff_view_record
from complaints.views.letters import preview_url
from guidance import clock, engine, vocabulary
from guidance.flow import Flow

SECTION_TITLES = {
    "borrower": gettext_lazy("我的信息"),
    "lender": gettext_lazy("放贷机构"),
    "collector": gettext_lazy("催收方"),
    "safety": gettext_lazy("人身安全"),
    "harassment": gettext_lazy("骚扰情况"),
    "wants": gettext_lazy("我想要的结果"),
    "court_papers": gettext_lazy("法院文书"),
}
# The other areas of a case, linked from the hub.
AREA_LINKS = (
    ("evidence:list", gettext_lazy("证据")),
    ("log:list", gettext_lazy("骚扰记录")),
    ("letters:list", gettext_lazy("文书")),
)


@login_required
def case_list(request):
    cases = list(cases_owned_by(user=request.user))
    today = clock.today()
    check_ins = [question for question in check_in_questions(cases, today=today) if question]
    return render(request, "cases/list.html", {"cases": cases, "check_ins": check_ins})


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    if request.method == "POST":
        case = case_create(owner=request.user, actor=request.user)
        messages.success(request, _("案件已创建，编号 %(reference)s。先填写你知道的信息，不知道的可以以后再补。") % {"reference": case.reference})
        return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/new.html")


@login_required
@require_http_methods(["GET", "POST"])
def case_import_upload(request):
    form = CaseImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_import(
                case_file=form.cleaned_data["case_file"].read(), owner=request.user, actor=request.user,
                evidence_archive=form.cleaned_data.get("evidence"),
            )
        except ValidationError as error:
            form.add_error("case_file", error.messages)
        except EvidenceArchiveError as error:
            form.add_error("evidence", error.messages)
        else:
            messages.success(request, _("已导入为新案件 %(reference)s。") % {"reference": case.reference})
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/import.html", {"form": form})


def _area_links(case):
    return [{"url": reverse(name, kwargs={"case_id": case.pk}), "label": label} for name, label in AREA_LINKS]


@login_required
def case_detail(request, case_id):
    case = case_access(user=request.user, case_id=case_id)
    if case_visible_to_staff(user=request.user, case=case):
        case_staff_view_record(actor=request.user, case=case)
    may_rewrite = case_may_rewrite(user=request.user, case=case)
    counts = case_counts(case, third_party_pending=may_rewrite)
    shares = list(case_shares_active(case=case))
    is_owner = case.owner_id == request.user.pk
    return render(request, "cases/detail.html", {
        "case": case,
        "sections": _sections(case, may_rewrite=may_rewrite),
        # Files a relative or colleague gave wait for her: the hub says so, as the evidence page does.
        "third_party_pending": counts["third_party_pending"],
        "plan": case_plan_sections(case, evidence=counts["evidence_held"]),
        "area_links": _area_links(case),
        "shares": shares,
        # The help strip's clinic (complaints.context_processors.help_clinic) from the shares read just above.
        "help_clinic": help_clinic_from_shares(user=request.user, case=case, shares=shares),
        "is_owner": is_owner,
        "mailed_letters": mailed_letters_for_case(case),
        # She sees every change clinic staff made to her case (docs/SECURITY.md).
        "changes_by_staff": case_changes_by_others(case=case) if is_owner else [],
        "check_in": check_in_question(case, evidence=counts["evidence_held"]),
    })


def _sections(case, *, may_rewrite: bool):
    """The case file's sections; each links to its form for who may rewrite it (staff of a shared clinic only add steps)."""
    summary = case_summary(case)
    sections = []
    for name, title in [*SECTION_TITLES.items(), ("steps_taken", gettext_lazy("已经采取的行动"))]:
        if name == "steps_taken":
            edit_url = reverse("cases:steps", kwargs={"case_id": case.pk})
        elif may_rewrite:
            edit_url = reverse("cases:edit_section", kwargs={"case_id": case.pk, "section": name})
        else:
            edit_url = ""
        sections.append({"name": name, "title": title, "rows": summary[name], "edit_url": edit_url})
    return sections


@login_required
@require_http_methods(["GET", "POST"])
def case_section_edit(request, case_id, section):
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.EDITOR)
    form_class = SECTION_FORMS.get(section)
    if form_class is None:
        raise Http404
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                case_section_update(case=case, section=section, value=form.section_value(), actor=request.user)
            except ValidationError as error:
                validation_error_to_form(form, error)
            else:
                messages.success(request, _("已保存：%(section)s。") % {"section": SECTION_TITLES[section]})
                return redirect("cases:detail", case_id=case.pk)
    else:
        form = form_class(initial=form_class.initial_from(case.data.get(section)))
    return render(request, "cases/section_edit.html", {"case": case, "form": form, "section": section, "title": SECTION_TITLES[section]})


@login_required
@require_http_methods(["GET", "POST"])
def case_steps(request, case_id):
    case = case_access(user=request.user, case_id=case_id)
    form = StepAddForm(request.POST or None, targets=engine.collector_carriers(case_file_stored(case, with_log=False)))
    if request.method == "POST" and form.is_valid():
        try:
            case_step_add(case=case, step=form.step_value(), actor=request.user)
        except ValidationError as error:
            validation_error_to_form(form, error)
        else:
            messages.success(request, _("已记下这一步。"))
            return redirect("cases:steps", case_id=case.pk)
    steps = [
        {"index": index, "action": vocabulary.label("ACTIONS", step.get("action")), "on": step.get("on"),
         "result": vocabulary.label("STEP_RESULTS", step["result"]) if step.get("result") else "",
         "target": step.get("target", ""), "reference": step.get("reference", "")}
        for index, step in enumerate(case.data.get("steps_taken") or [])
    ]
    return render(request, "cases/steps.html", {"case": case, "form": form, "steps": steps,
                                                "may_rewrite": case_may_rewrite(user=request.user, case=case)})


@login_required
def case_step_delete(request, case_id, index):
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.EDITOR)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        case_step_remove(case=case, index=index, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已删除这一步。"))
    return redirect("cases:steps", case_id=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_share(request, case_id):
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.OWNER)
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_share_create(case=case, clinic=form.cleaned_data["clinic"], consent_text=form.consent_text(), actor=request.user,
                              joint_consent_text=form.joint_consent_text() if form.cleaned_data["joint_consent"] else "")
        except ValidationError as error:
            validation_error_to_form(form, error)
        else:
            messages.success(request, _("已分享给“%(clinic)s”。你可以随时撤回。") % {"clinic": form.cleaned_data["clinic"].name})
            return redirect("cases:share", case_id=case.pk)
    return render(request, "cases/share.html", {
        "case": case, "form": form, "shares": case_shares_active(case=case), "consent_text": CONSENT_TEXT,
        "joint_consent_text": JOINT_CONSENT_TEXT,
    })


@login_required
def case_share_end(request, case_id, share_id):
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.OWNER)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    share = get_object_or_404(case.shares, pk=share_id, withdrawn_at__isnull=True)
    case_share_withdraw(share=share, actor=request.user)
    messages.success(request, _("已撤回，“%(clinic)s”的工作人员不能再看到这个案件。") % {"clinic": share.clinic.name})
    return redirect("cases:share", case_id=case.pk)


def _active_share_of_owned_case(request, case_id, share_id):
    """The owner's active share of their case; a 404 for anyone else (another borrower, clinic staff) and for a
    share already withdrawn."""
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.OWNER)
    return case, get_object_or_404(case.shares.select_related("clinic"), pk=share_id, withdrawn_at__isnull=True)


@login_required
def case_share_joint_consent(request, case_id, share_id):
    """The separate consent to the clinic's joint complaints, given with a button under its text."""
    case, share = _active_share_of_owned_case(request, case_id, share_id)  # a 404 before the method: nothing to learn
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    case_share_joint_consent_give(share=share, consent_text=str(JOINT_CONSENT_TEXT), actor=request.user)
    messages.success(request, _("已同意：“%(clinic)s”可以把你纳入联合投诉材料。你可以随时撤回。") % {"clinic": share.clinic.name})
    return redirect("cases:share", case_id=case.pk)


@login_required
def case_share_joint_consent_end(request, case_id, share_id):
    case, share = _active_share_of_owned_case(request, case_id, share_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    case_share_joint_consent_withdraw(share=share, actor=request.user)
    messages.success(request, _("已撤回：“%(clinic)s”新的联合投诉材料不会再包括你。这个机构仍然可以处理你的案件。")
                     % {"clinic": share.clinic.name})
    return redirect("cases:share", case_id=case.pk)


@never_cache
@login_required
def case_export_json(request, case_id):
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.OWNER)
    body = json.dumps(case_file_stored(case), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}.json"'
    return response


@never_cache
@login_required
def case_export_evidence(request, case_id):
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.OWNER)
    response = StreamingHttpResponse(evidence_archive_stream(case), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-evidence.zip"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_delete_confirm(request, case_id):
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.OWNER)
    if request.method == "POST":
        if request.POST.get("confirm_reference", "").strip().upper() != case.reference:
            return render(request, "cases/delete.html", {"case": case, "error": _("请输入案件编号 %(reference)s 以确认删除。") % {"reference": case.reference}}, status=400)
        reference = case.reference
        case_delete(case=case, actor=request.user)
        messages.success(request, _("案件 %(reference)s 和它的全部证据文件已删除。") % {"reference": reference})
        return redirect("cases:list")
    return render(request, "cases/delete.html", {"case": case})


_GUIDANCE_PENDING = "guidance_save_pending"


@require_http_methods(["GET", "POST"])
def case_create_from_guidance(request):
    """Save the answers of the guidance flow (guidance.flow.Flow) as a case of the logged-in borrower.

    Someone not logged in is sent to sign up (or log in) first; their answers stay in the guide's cookie and
    the case is created when they come back here. A plan's button to prepare a letter posts its kind (and
    carrier, `to`): once the case is saved the borrower lands on that letter, not on the case's page.
    """
    flow = Flow(request.guide)
    case_file = flow.answered_case
    if not case_file:
        messages.error(request, _("没有找到你的回答，请先回答问题。"))
        return redirect("home")
    if not request.user.is_authenticated:
        if request.method == "POST":
            request.session[_GUIDANCE_PENDING] = {"letter": request.POST.get("letter", ""), "to": request.POST.get("to", "")}
        here = reverse("cases:create_from_guidance")
        return redirect(f"{reverse('signup')}?{urlencode({'next': here})}")
    pending = request.session.pop(_GUIDANCE_PENDING, None)
    if request.method == "GET" and not pending:
        return render(request, "cases/from_guidance.html")
    wanted = pending if isinstance(pending, dict) else request.POST
    letter = (wanted.get("letter", ""), wanted.get("to", ""))

    def landing(case_id: int):
        if letter in letter_targets(case_file):
            return redirect(preview_url(case_id, *letter))
        return redirect("cases:detail", case_id=case_id)

    saved = cases_owned_by(user=request.user).filter(pk=flow.saved_case_id).first()
    if saved is not None:
        # Pressing "save" twice, or coming back to this page, must not make a second copy.
        return landing(saved.pk)
    try:
        case = case_import(case_file=case_file, owner=request.user, actor=request.user, tree_version=flow.tree.version)
    except ValidationError as error:
        messages.error(request, _("你的回答里有不能保存的内容：%(problem)s") % {"problem": " ".join(error.messages)})
        return redirect("cases:list")
    flow.mark_saved(case.pk)
    messages.success(request, _("已保存为你的案件 %(reference)s。") % {"reference": case.reference})
    return landing(case.pk)
