"""The check-in question's answer: one POST from the case hub, 我的案件 or the clinic's deadlines page.

With htmx the answered box replaces the question in place; without JavaScript the form posts and the page the
question was on is shown again (its `next`), with the answer confirmed in a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from complaints.presenters.case_plan import case_plan_sections
from complaints.selectors.access import case_access, case_visible_to_staff
from complaints.services.check_ins import check_in_answer_checked
from guidance import clock
from guidance import ladder as ladders


def _next_url(request, case):
    # A URL, never a view name: returned through HttpResponseRedirect, since redirect() would try to reverse
    # a `next` such as "a:b" and fail with a 500 (tests/integration/test_security_fuzz.py).
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("cases:detail", kwargs={"case_id": case.pk})


def _next_step(case, recorded) -> dict | None:
    """The step the answer opened: a do_now action of the ladder that needs an answered one, else the first do_now
    action with a letter that comes after the answered ones in the ladder's order, else the plan's next. Its card
    (title, letter link) from the case hub's plan; where the step goes to several addressees (one appeal per
    carrier), the link goes straight to the letter for the addressee the answer was about."""
    plan = case_plan_sections(case)
    if not plan:
        return None
    ladder = ladders.load()
    answered = {row.action for row in recorded}
    targets = {row.target for row in recorded if row.target}
    for card in plan["do_now"]:
        if any(need.action in answered for need in ladder.action(card["id"]).needs):
            own = next((target["letter_url"] for target in card["targets"] if target["target"] in targets and target.get("letter_url")), "")
            return {**card, "letter_url": own} if own else card
    order = [action.id for action in ladder.actions]
    last = max((order.index(action) for action in answered if action in order), default=-1)
    return next((card for card in plan["do_now"] if order.index(card["id"]) > last and ladder.action(card["id"]).letter),
                plan.get("next"))


@login_required
def check_in(request, case_id):
    case = case_access(user=request.user, case_id=case_id)  # a 404 before the method: nothing to learn
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    by_staff = case_visible_to_staff(user=request.user, case=case)
    answer = request.POST.get("answer", "")
    try:
        recorded = check_in_answer_checked(case=case, answer=answer, actor=request.user, by_staff=by_staff)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(_next_url(request, case))
    case.refresh_from_db()
    context = {"case": case, "answer": answer, "recorded": bool(recorded), "by_staff": by_staff,
               "next_step": _next_step(case, recorded) if answer != "stopped" else None, "ask_again_on": case.check_in_due_on,
               "today": clock.today()}
    if request.htmx:
        return render(request, "cases/_check_in_answered.html", context)
    if not recorded:
        messages.info(request, _("这个回访问题已经回答过了。"))
    elif answer == "stopped":
        messages.success(request, _("已记下：骚扰停止了。%(date)s 我们会再问一次；如果在这之前又开始了，请在骚扰记录里记下来。")
                         % {"date": clock.chinese_date(case.check_in_due_on) if case.check_in_due_on else ""})
    else:
        step = context["next_step"]
        text = _("已记下：骚扰还在继续。不必再等，计划已经前进到下一步：%(step)s。") % {"step": step["title"] if step else _("请看行动计划")}
        if step and step.get("letter_url"):  # the message links the letter, as the answered box does with JavaScript
            text = format_html('{} <a href="{}">{}</a>', text, step["letter_url"], _("准备这一步的文书"))
        messages.success(request, text)
    return HttpResponseRedirect(_next_url(request, case))
