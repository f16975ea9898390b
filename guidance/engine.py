"""The plan engine: a case file (`zhirao-case/1`, already checked by guidance.schema) in, an action plan
(`zhirao-plan/1` of ../shared/spec/facts.md) out. Pure: no database, no request; the only outside input is
the clock, and only when neither the caller nor the case file says what day it is.

What each action needs, how long to wait and why all come from the reviewed ladder (guidance/ladders);
this module only applies it to one case.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools

from guidance import clock, law, vocabulary
from guidance import ladder as ladders
from guidance.analysis import analyse_log, collector_numbers, merge_harassment
from guidance.phones import CARRIER_HOTLINES, CARRIER_NAMES_EN, phone_info

PLAN_SPEC = "zhirao-plan/1"


# Actions addressed to one carrier of the collector's numbers at a time: with numbers on several carriers, each
# carrier is its own entry under `targets`, and a step recorded for one carrier (steps_taken[].target) completes
# the action for that carrier only.
PER_CARRIER_ACTIONS = ("complain_carrier", "appeal_miit")
# The action the case's own evidence moves forward: kept files and confirmed log entries (facts.md `log`,
# `evidence_held`) are evidence kept, whether or not she also recorded the step.
EVIDENCE_ACTION = "preserve_evidence"
# Which of several carriers' statuses the action as a whole shows: the one that asks the most of the borrower now.
STATUS_URGENCY = ("do_now", "waiting", "later", "done", "not_applicable")


def plan(case: dict, *, today: dt.date | None = None, ladder: ladders.Ladder | None = None) -> dict:
    """The action plan for a checked case file: every action of the ladder once, in order, with its status."""
    ladder = ladder or ladders.load()
    case = with_log_facts(case)
    today = today or _today_of(case)
    # The collector's numbers and their operator, worked out once: every carrier's own entries name the same ones.
    numbers = collector_numbers(case)
    carrier = _carrier_addressee(case, numbers)
    entries = _entries(case, today, ladder, carrier)
    carriers = _carriers_of(numbers)
    if len(carriers) > 1:
        _split_by_carrier(entries, case, today, ladder, carriers, numbers, carrier)
    urgent = [entry["action"] for entry in entries if entry["status"] == "do_now" and ladder.action(entry["action"]).urgent]
    next_action = next((entry["action"] for entry in entries if entry["status"] == "do_now" and entry["action"] not in urgent), None)
    result = {
        "spec": PLAN_SPEC,
        "tree": {"id": ladder.id, "version": ladder.version},
        "today": today.isoformat(),
        "urgent": urgent,
        "next": next_action,
        "actions": entries,
    }
    court = _court_deadline(case, ladder)
    if court:
        result["court_deadline"] = court
    return result


def _court_deadline(case: dict, ladder) -> dict | None:
    """The period that court papers she received start (facts.md `court_papers`), dated from the day she got them;
    `verified` says whether she confirmed with the court that they are genuine (until then the date is conditional)."""
    papers = case.get("court_papers") or {}
    period = ladder.court_periods.get(papers.get("kind"))
    if period is None or not papers.get("received_on"):
        return None
    received = dt.date.fromisoformat(papers["received_on"])
    return {"kind": papers["kind"], "title": period.title.zh, "title_en": period.title.en, "received_on": received.isoformat(),
            "until": period.until(received).isoformat(), "verified": bool(papers.get("verified")),
            "why": period.why.zh, "why_en": period.why.en, "citations": _citation_refs(period.citations),
            **({"for_legal_workers": period.for_legal_workers.zh, "for_legal_workers_en": period.for_legal_workers.en}
               if period.for_legal_workers else {})}


def _result_words(step: dict) -> tuple[str, str]:
    """A step's result as the plan's sentences say it, in Chinese and in English (lower case: it stands mid-sentence)."""
    term = vocabulary.term("STEP_RESULTS", step.get("result")) or vocabulary.NO_RESULT
    return term.zh, term.en[:1].lower() + term.en[1:]


def _today_of(case: dict) -> dt.date:
    return dt.date.fromisoformat(case["today"]) if case.get("today") else clock.today()


def _entries(case: dict, today: dt.date, ladder, carrier: dict | None = None) -> list[dict]:
    """Every action's entry; `carrier`: the case's _carrier_addressee when the caller worked it out already."""
    latest = _latest_steps(case)
    resolved_by = _resolving_step(case)
    carrier = carrier if carrier is not None else _carrier_addressee(case)
    statuses: dict[str, str] = {}
    entries = []
    for action in ladder.actions:
        entry = _entry(action, case, today, latest, resolved_by, statuses, ladder, carrier)
        statuses[action.id] = entry["status"]
        entries.append(entry)
    return entries


def _for_target(case: dict, target: str) -> dict:
    """The case as seen by one addressee: steps recorded for another target left out."""
    steps = [step for step in case.get("steps_taken", ()) if step.get("target", "") in ("", target)]
    return {**case, "steps_taken": steps}


def _split_by_carrier(entries: list[dict], case: dict, today: dt.date, ladder, carriers: list[str], collector: list[str],
                      addressee: dict) -> None:
    """Give each per-carrier action its `targets` (one per carrier, with its own status) and show, as the action's
    own status, the carrier's that asks the most now. `collector`: the case's collector_numbers; `addressee`: its
    _carrier_addressee."""
    by_carrier = {carrier: {entry["action"]: entry for entry in _entries(_for_target(case, carrier), today, ladder, addressee)}
                  for carrier in carriers}
    numbers = {carrier: [number for number in collector if phone_info(number).carrier == carrier] for carrier in carriers}
    for position, entry in enumerate(entries):
        if entry["action"] not in PER_CARRIER_ACTIONS:
            continue
        own = [by_carrier[carrier][entry["action"]] for carrier in carriers]
        leading = min(own, key=lambda item: STATUS_URGENCY.index(item["status"]))
        merged = {**leading, "addressee": entry["addressee"]}
        merged["targets"] = []
        for carrier, item in zip(carriers, own, strict=True):
            target = {"target": carrier, "numbers": numbers[carrier], "status": item["status"]}
            for key in ("until", "needs"):
                if key in item:
                    target[key] = item[key]
            merged["targets"].append(target)
        entries[position] = merged


def action_status(case: dict, action_id: str, *, target: str = "", today: dt.date | None = None,
                  ladder: ladders.Ladder | None = None) -> dict:
    """One action's plan entry as seen for one addressee where an action has several (`target`, e.g. one carrier of
    the collector's numbers): steps recorded for another target do not count, as facts.md says of steps_taken[].target."""
    if not target:
        return next(entry for entry in plan(case, today=today, ladder=ladder)["actions"] if entry["action"] == action_id)
    case = with_log_facts(_for_target(case, target))
    entries = _entries(case, today or _today_of(case), ladder or ladders.load())
    return next(entry for entry in entries if entry["action"] == action_id)


def with_log_facts(case: dict) -> dict:
    """The case with what its `log` proves (channels, targets, night contact…) added to `harassment`,
    as facts.md allows; nothing the borrower stated is dropped."""
    if not case.get("log"):
        return case
    derived = analyse_log(case["log"]).harassment_summary()
    return {**case, "harassment": merge_harassment(case.get("harassment", {}), derived)}


def evidence_held(case: dict) -> dict:
    """{"files", "log_entries"}: the evidence a case holds (`evidence_held`, which the app counts from what it
    stores), or, in a case file without it, its own log entries."""
    held = case.get("evidence_held") or {}
    return {"files": held.get("files", 0), "log_entries": held.get("log_entries", len(case.get("log") or ()))}


def _latest_steps(case: dict) -> dict[str, dict]:
    """The most recent step per action (a later entry wins a tie: it was recorded later)."""
    latest: dict[str, dict] = {}
    for step in case.get("steps_taken", ()):
        known = latest.get(step["action"])
        if known is None or step["on"] >= known["on"]:
            latest[step["action"]] = step
    return latest


def _resolving_step(case: dict) -> dict | None:
    """The most recent step of all, if it resolved the matter: then further escalation is not needed."""
    steps = case.get("steps_taken", ())
    if not steps:
        return None
    last = max(enumerate(steps), key=lambda pair: (pair[1]["on"], pair[0]))[1]
    return last if last.get("result") == "resolved" else None


def _entry(action, case, today, latest, resolved_by, statuses, ladder, carrier) -> dict:
    citations = list(action.citations)
    extra_zh, extra_en = [], []
    legal = [action.for_legal_workers]  # shown beside the texts they belong to, in a fold of their own
    for note in action.notes:
        if note.when(case):
            extra_zh.append(note.text.zh)
            extra_en.append(note.text.en)
            citations.extend(note.citations)
            legal.append(note.for_legal_workers)
    entry = {"action": action.id, "title": action.title.zh, "title_en": action.title.en}
    step = latest.get(action.id)

    if not action.applies_when(case):
        status, lead_zh, lead_en = "not_applicable", action.not_applicable_why.zh, action.not_applicable_why.en
        extra_zh, extra_en, legal = [], [], []
    elif action.urgent:
        status, lead_zh, lead_en = "do_now", "", ""
    elif step is not None:
        zh_result, en_result = _result_words(step)
        status = "done"
        lead_zh = f"你已在{clock.chinese_date(dt.date.fromisoformat(step['on']))}做了这一步（结果：{zh_result}）。"
        lead_en = f"You did this on {step['on']} (result: {en_result})."
    elif action.id == EVIDENCE_ACTION and any(evidence_held(case).values()):
        held = evidence_held(case)
        status = "done"
        lead_zh = f"你已经保存了{held['files']}份证据文件和{held['log_entries']}条骚扰记录。以后每有新的催收联系，继续保存下来。"
        lead_en = (f"You have kept {held['files']} evidence file(s) and {held['log_entries']} logged contact(s). "
                   "Keep saving each new contact from the collector.")
    elif resolved_by is not None and action.stops_when_resolved:
        title = ladder.action(resolved_by["action"]).title
        status = "not_applicable"
        lead_zh = (f"你在{clock.chinese_date(dt.date.fromisoformat(resolved_by['on']))}记录的“{title.zh}”已经解决了问题，暂时不需要这一步；"
                   "如果骚扰再次出现，请更新你的情况，计划会重新安排。")
        lead_en = f"“{title.en}” on {resolved_by['on']} resolved the matter, so this step is not needed for now; if the harassment starts again, update your case."
        extra_zh, extra_en, legal = [], [], []
    else:
        status, lead_zh, lead_en, until, missing, used, need_legal = _from_needs(action, case, today, latest, statuses, ladder)
        citations.extend(used)
        legal = need_legal + legal
        if status == "waiting":
            entry["until"] = until.isoformat()
        if status == "later":
            entry["needs"] = missing

    entry["status"] = status
    entry["why"] = "".join(part for part in (lead_zh, action.why.zh if status != "not_applicable" else "", *extra_zh) if part)
    entry["why_en"] = " ".join(part for part in (lead_en, action.why.en if status != "not_applicable" else "", *extra_en) if part)
    legal = [text for text in legal if text is not None]
    if legal:
        entry["for_legal_workers"] = "".join(text.zh for text in legal)
        entry["for_legal_workers_en"] = " ".join(text.en for text in legal)
    entry["citations"] = _citation_refs(citations)
    entry["letter"] = action.letter
    entry["addressee"] = _addressee(action.addressee, case, ladder, carrier)
    return entry


def _from_needs(action, case, today, latest, statuses, ladder):
    """do_now / waiting / later / not_applicable for an action that is not done, from its prerequisites."""
    missing, waits, used, legal = [], [], [], []
    lead_zh, lead_en = [], []
    for need in action.needs:
        if not need.when(case) or (statuses.get(need.action) == "not_applicable" and need.action not in latest):
            continue
        used.extend(need.citations)
        needed_title = ladder.action(need.action).title
        step = latest.get(need.action)
        if step is None and statuses.get(need.action) == "done":  # done without a recorded step: evidence kept
            continue
        if step is None:
            missing.append(need.action)
            lead_zh.append(f"需要先完成“{needed_title.zh}”：{need.why.zh}")
            lead_en.append(f"First: “{needed_title.en}”. {need.why.en}")
            legal.append(need.for_legal_workers)
            continue
        if step.get("result") == "resolved":
            # Only reached when a later step shows the harassment came back (otherwise the plan already
            # treats the matter as resolved): the earlier answer no longer holds, so nothing to wait for.
            lead_zh.append(f"“{needed_title.zh}”曾在{clock.chinese_date(dt.date.fromisoformat(step['on']))}解决了问题，但之后骚扰又出现了，现在可以做这一步。")
            lead_en.append(f"“{needed_title.en}” resolved the matter on {step['on']}, but the harassment came back; you can take this step now.")
            continue
        wait = need.wait
        if wait is None:
            continue
        if step.get("result") not in (wait.after_results | {None}):
            zh_result, en_result = _result_words(step)
            lead_zh.append(f"“{needed_title.zh}”的结果是{zh_result}（{clock.chinese_date(dt.date.fromisoformat(step['on']))}），不必等待答复期限，现在可以做这一步。")
            lead_en.append(f"“{needed_title.en}” was {en_result} ({step['on']}): no need to wait for the answer period; you can take this step now.")
            continue
        used.extend(wait.citations)
        started = dt.date.fromisoformat(step["on"])
        until = wait.until(started)
        if today <= until:
            waits.append(until)
            lead_zh.append(f"你在{clock.chinese_date(started)}已经“{needed_title.zh}”，对方的答复期限到{clock.chinese_date(until)}（含当天）。{wait.why.zh}期满仍未解决，再做这一步。")
            lead_en.append(f"You took “{needed_title.en}” on {started}; the answer is due by {until} (inclusive). {wait.why.en} If nothing is resolved by then, take this step.")
            legal.append(wait.for_legal_workers)
        else:
            lead_zh.append(f"“{needed_title.zh}”的{wait.days}日答复期限已于{clock.chinese_date(until)}届满，现在可以做这一步。")
            lead_en.append(f"The {wait.days}-day answer period for “{needed_title.en}” ended on {until}; you can take this step now.")
    if missing:
        return "later", "".join(lead_zh), " ".join(lead_en), None, missing, used, legal
    if waits:
        return "waiting", "".join(lead_zh), " ".join(lead_en), max(waits), [], used, legal
    return "do_now", "".join(lead_zh), " ".join(lead_en), None, [], used, legal


@functools.cache
def _is_secondary_citation(stem: str, label: str) -> bool:
    return law.is_secondary(stem) or not law.has_article(stem, label)


def _citation_refs(citations) -> list[dict]:
    refs, seen = [], set()
    for citation in citations:
        key = (citation.law, citation.article)
        if key in seen:
            continue
        seen.add(key)
        ref = {"law": citation.law, "article": citation.article}
        if _is_secondary_citation(*key):
            ref["secondary"] = True
        refs.append(ref)
    return refs


def _named(entry: dict) -> dict:
    result = {"name": entry["name"].zh, "name_en": entry["name"].en, "hotline": entry["hotline"]}
    if entry["alternatives"]:
        result["alternatives"] = [{"name": alt["name"].zh, "name_en": alt["name"].en, "hotline": alt["hotline"],
                                   "when": alt["when"].zh, "when_en": alt["when"].en} for alt in entry["alternatives"]]
    return result


def _addressee(rule: str, case: dict, ladder, carrier: dict) -> dict | None:
    if rule == "none":
        return None
    if rule == "collector":
        collector = case.get("collector", {})
        return {"name": collector.get("name") or "催收方", "name_en": collector.get("name") or "The collector", "hotline": None,
                "numbers": list(collector.get("numbers", ()))}
    if rule == "lender":
        lender = case.get("lender", {})
        name = lender.get("name") or lender.get("app_name") or "放贷机构"
        result = {"name": name, "name_en": lender.get("name") or lender.get("app_name") or "The lender", "hotline": None,
                  "channel": "放贷机构公布的投诉电话、App内的投诉入口或通讯地址",
                  "channel_en": "The lender's published complaint line, the complaint entry in its app, or its postal address"}
        if lender.get("app_name"):
            result["app_name"] = lender["app_name"]
        return result
    if rule == "carrier_of_collector_numbers":
        return copy.deepcopy(carrier)  # each entry its own, as every other addressee
    if rule == "regulator_by_lender_kind":
        kind = case.get("lender", {}).get("kind") or "unknown"
        return _named(ladder.regulator_addressees[ladder.regulators[kind]])
    return _named(ladder.addressees[rule])


def collector_carriers(case: dict) -> list[str]:
    """The carriers whose ranges the collector's numbers are in, each once, in the order their numbers come."""
    return _carriers_of(collector_numbers(case))


def _carriers_of(numbers: list[str]) -> list[str]:
    carriers = [phone_info(number).carrier for number in numbers]
    return list(dict.fromkeys(carrier for carrier in carriers if carrier in CARRIER_HOTLINES))


def _carrier_addressee(case: dict, numbers: list[str] | None = None) -> dict:
    """The operator of the collector's numbers (the first one known leads; others are listed); `numbers`: the
    case's collector_numbers when the caller has them."""
    numbers = numbers if numbers is not None else collector_numbers(case)
    if not numbers:
        return {"name": "骚扰号码所属的运营商", "name_en": "The operator of the harassing number", "hotline": None,
                "note": "请补充骚扰你的号码，才能确定向哪家运营商投诉。",
                "note_en": "Add the harassing numbers so that the right operator can be named."}
    by_carrier: dict[str, list[str]] = {}
    unknown, caveats = [], []
    for number in numbers:
        info = phone_info(number)
        # Each caveat carries its own English, so note_en always says what note says.
        for caveat in info.caveat_texts:
            if caveat not in caveats:
                caveats.append(caveat)
        if info.carrier in CARRIER_HOTLINES:
            by_carrier.setdefault(info.carrier, []).append(number)
        else:
            unknown.append(number)
    note = _caveat_note(caveats)
    if not by_carrier:
        note = note or {"note": "可向你自己手机号所属的运营商投诉，并向12321举报。",
                        "note_en": "You can complain to the operator of your own mobile number and report to 12321."}
        return {"name": "无法从号码判断所属运营商", "name_en": "The operator cannot be told from the number", "hotline": None,
                "numbers": unknown, **note}
    (first, first_numbers), *others = by_carrier.items()
    result = {"name": first, "name_en": CARRIER_NAMES_EN[first], "hotline": CARRIER_HOTLINES[first], "numbers": first_numbers}
    if others:
        result["others"] = [{"name": name, "name_en": CARRIER_NAMES_EN[name], "hotline": CARRIER_HOTLINES[name], "numbers": nums}
                            for name, nums in others]
    if unknown:
        result["unknown_numbers"] = unknown
    result.update(note)
    return result


def _caveat_note(caveats) -> dict:
    """The numbers' caveats as the addressee's note, in Chinese and in the same words in English; {} when none."""
    if not caveats:
        return {}
    return {"note": "".join(caveat.zh for caveat in caveats), "note_en": " ".join(caveat.en for caveat in caveats)}
