"""The borrower's step-by-step flow: a few questions per screen (the tree's `screen`s), then the review, then the plan.

Every screen is a normal page and every answer a normal form post followed by a redirect, so the flow
works without JavaScript. With htmx, the same views return only the question region (`#question`) and
tell the browser the new URL, so back and forward still land on the right question.
"""

from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url

from guidance import clock, engine, presentation
from guidance import tree as trees
from guidance.answers import clean_answer, display_input
from guidance.flow import Flow
from guidance.schema import parse_case_file


def _question_url(node_id: str, *, back_to_review: bool = False) -> str:
    url = reverse("guidance:question", args=[node_id])
    return url + "?return=review" if back_to_review else url


def _destination(flow: Flow, node_id: str, *, back_to_review: bool) -> str:
    if node_id == trees.PLAN:
        return reverse("guidance:review")
    return _question_url(flow.screen_start(node_id), back_to_review=back_to_review)


def start_links(guide) -> dict:
    """Where the home page's start goes: the first screen of questions, or on to the first one still open."""
    flow = Flow(guide)
    return {
        "first_url": _question_url(flow.tree.start),
        "continue_url": _destination(flow, flow.stop, back_to_review=False) if flow.started else None,
    }


def start(request):
    return render(request, "guidance/start.html", {**start_links(request.guide), "tree": Flow(request.guide).tree})


@require_POST
def restart(request):
    Flow(request.guide).reset()
    return redirect(_question_url(Flow(request.guide).tree.start))


def _posted_for(node, posted: QueryDict) -> QueryDict:
    """One question's part of a screen's form: its fields are named "<node id>-<field>" (several share a page)."""
    prefix = f"{node.id}-"
    data = QueryDict(mutable=True)
    for key in posted:
        if key.startswith(prefix):
            data.setlist(key[len(prefix):], posted.getlist(key))
    return data


def _node_context(flow: Flow, node, language: str, *, posted=None, errors=None) -> dict:
    answer = flow.answers.get(node.id) or {}
    chosen = set(posted.getlist("choice")) if posted is not None else set(answer.get("choices", [answer.get("choice")]))
    inputs = []
    for item in node.inputs:
        if posted is not None:
            value = posted.get(item.id, "")
        else:
            value = display_input(item, (answer.get("values") or {}).get(item.id))
        inputs.append({"item": item, "label": item.label.get(language), "help": item.help.get(language) if item.help else "",
                       "value": value, "error": (errors or {}).get(item.id), "multiline": item.type == "phone_list",
                       "type": item.type, "id": f"{node.id}-{item.id}"})
    return {
        "node": node,
        "prefix": node.id,
        "text": node.text.get(language),
        "why": node.why.get(language),
        "choices": [{"value": c.value, "label": c.label.get(language), "checked": c.value in chosen} for c in node.choices],
        "inputs": inputs,
        "choice_error": (errors or {}).get("choice"),
        "errors": errors or {},
        "citations": [presentation.citation_view(citation) for citation in node.citations],
    }


def _question_context(request, flow: Flow, nodes, *, posted=None, errors=None, back_to_review=False):
    """The page for one screen: its questions (`nodes`), with what was posted and its errors when it is shown again."""
    language = get_language() or "zh-hans"
    first = nodes[0]
    position, total = flow.progress(first.id)
    previous = flow.previous(first.id)
    questions = [
        _node_context(flow, node, language, posted=_posted_for(node, posted) if posted is not None else None,
                      errors=(errors or {}).get(node.id))
        for node in nodes
    ]
    title = flow.tree.screen_title(first.screen) if len(nodes) > 1 else None
    return {
        "questions": questions,
        "single": questions[0] if len(questions) == 1 else None,
        "title": title.get(language) if title else questions[0]["text"],
        "has_errors": bool(errors),
        "is_notice": first.kind == "notice",
        "call": first.call,
        "position": position,
        "total": total,
        "action_url": _question_url(first.id, back_to_review=back_to_review),
        "back_to_review": back_to_review,
        "previous_url": _question_url(previous) if previous else reverse("home"),
        "previous_is_question": previous is not None,
        "review_url": reverse("guidance:review"),
        "swapped": bool(request.htmx) and not request.htmx.history_restore_request,
        "today": clock.today(),
    }


def _render_question(request, context, *, status=200):
    if context["swapped"]:
        response = render(request, "guidance/question.html#question", context, status=200)
    else:
        response = render(request, "guidance/question.html", context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_http_methods(["GET", "POST"])
def question(request, node_id):
    flow = Flow(request.guide)
    node = flow.tree.nodes.get(node_id)
    if node is None:
        raise Http404
    if not flow.can_show(node_id):
        # Questions come in order: someone who follows an old link lands on the first one still open.
        return redirect(_destination(flow, flow.stop, back_to_review=False))
    back_to_review = request.GET.get("return") == "review"
    nodes = flow.screen(node_id)
    if nodes[0].id != node_id:
        # A screen has one address, its first question's (a link to a later one on it lands there).
        return redirect(_question_url(nodes[0].id, back_to_review=back_to_review))
    if request.method == "GET":
        return _render_question(request, _question_context(request, flow, nodes, back_to_review=back_to_review))

    answers, errors = {}, {}
    for node in nodes:
        answers[node.id], node_errors = clean_answer(node, _posted_for(node, request.POST))
        if node_errors:
            errors[node.id] = node_errors
    if errors:
        context = _question_context(request, flow, nodes, posted=request.POST, errors=errors, back_to_review=back_to_review)
        return _render_question(request, context, status=422)
    flow.save_answers(answers)
    last = nodes[-1]
    destination = flow.after_answer(last, answers[last.id], back_to_review=back_to_review)
    url = _destination(flow, destination, back_to_review=back_to_review)
    if not request.htmx:
        return redirect(url)
    if destination == trees.PLAN:
        return HttpResponseClientRedirect(url)
    next_nodes = flow.screen(destination)
    response = _render_question(request, _question_context(request, flow, next_nodes, back_to_review=back_to_review))
    return push_url(response, url)


def review(request):
    flow = Flow(request.guide)
    stop = flow.stop
    if stop != trees.PLAN:
        return redirect(_destination(flow, stop, back_to_review=False))
    rows = [{**row, "change_url": _question_url(flow.screen_start(row["node"].id), back_to_review=True) + f"#q-{row['node'].id}"}
            for row in flow.review_rows()]
    return render(request, "guidance/review.html", {"rows": rows, "tree": flow.tree})


def plan(request):
    flow = Flow(request.guide)
    stop = flow.stop
    if stop != trees.PLAN:
        return redirect(_destination(flow, stop, back_to_review=False))
    today = clock.today()
    # The case file saved with these answers, which is also what saving the case stores (cases:create_from_guidance).
    case = parse_case_file(flow.answered_case or flow.case(), today=today)
    result = engine.plan(case)
    language = get_language() or "zh-hans"
    context = {
        "plan": result,
        "sections": presentation.plan_sections(result, today, language),
        "today": today,
        "tree": flow.tree,
        "in_danger": bool(case.get("safety", {}).get("in_danger_now")),
    }
    return render(request, "guidance/plan.html", context)

