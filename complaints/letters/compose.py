"""A case file (facts.md) + a letter kind's reviewed data -> a letter draft, then its HTML.

A draft lists what is `missing` instead of guessing: a letter with anything missing is never rendered.
Every date is computed here from `today`; every legal quote comes from ../shared/law at render time.
"""

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from complaints.letters import facts as f
from complaints.letters.registry import KIND_ORDER, LetterKind, get_kind
from guidance import engine, letter_data, negotiation
from guidance import ladder as ladders
from guidance.analysis import LogAnalysis
from guidance.clock import chinese_date
from guidance.law import article_text, is_secondary, law_title

PER_CARRIER_KINDS = ("carrier_complaint", "miit_appeal")
NARRATIVE_MAX_CHARS = 2000
DEMAND_MAX_CHARS = 300
DEMANDS_MAX = 10
# The largest whole number a letter's `integer` input takes (the instalments of a repayment offer: ten years monthly).
INTEGER_INPUT_MAX = 120
# A kind's reviewed attachments name the evidence list with this field; the letter then carries the list as its last pages.
EVIDENCE_LIST_FIELD = "{evidence_list}"
# Addressees whose letters print lender.loan_reference (facts.md: letters to the lender and regulators print it).
LOAN_REFERENCE_ADDRESSEES = ("lender", "regulator", "consumer_association")
# Letters sent to the collector or the lender directly: where the borrower is threatened with violence or the lender
# is unlicensed they never carry her home address (borrower.contact_address or no address at all).
HOME_ADDRESS_WITHHELD_KINDS = ("collector_cease", "pipl_request")
# Papers that state where she lives (报案材料 住址, 民事起诉状 住所): the home address, never the contact address.
HOME_ADDRESS_ADDRESSEES = ("police", "court")
# facts.md lender kinds that hold a licence to lend: such a lender is sued beside the collector it hired.
LICENSED_LENDER_KINDS = ("bank", "consumer_finance", "microloan")

FIELD_LABELS = {
    "borrower.name": "你的姓名",
    "borrower.phone": "你的手机号码",
    "borrower.address": "你的通讯地址（省、市、区县和街道门牌）",
    "borrower.postcode": "你的邮政编码",
    "borrower.id_number": "你的身份证号码",
    "collector.name": "催收方（催收公司或个人）的名称",
    "collector.address": "催收方的通讯地址（省、市、区县和街道门牌）",
    "lender.name": "放贷机构的名称",
    "lender.address": "放贷机构的通讯地址（省、市、区县和街道门牌）",
    "carrier.name": "被投诉运营商的名称",
    "carrier.numbers": "骚扰你的电话号码",
    "steps.complain_carrier": "向运营商投诉的日期和结果（行动计划显示可以申诉后才能申诉；请在案件中记下投诉这一步）",
    "regulator.route": "投诉的监管部门（放贷机构的类型不明，请选择）",
    "defendant.name": "被告（催收方或放贷机构）的名称",
    "defendant.address": "被告的住所地址（省、市、区县和街道门牌）",
    "co_defendant.address": "放贷机构（共同被告）的住所地址（省、市、区县和街道门牌）",
}


class LetterIncomplete(ValueError):
    def __init__(self, kind: str, missing: list[str]):
        self.kind = kind
        self.missing = missing
        super().__init__(f"{kind}: 缺少 " + "；".join(missing))


@dataclass
class Party:
    name: str = ""
    address: str = ""
    postcode: str = ""
    phone: str = ""
    hotline: str = ""
    id_number: str = ""


@dataclass
class Citation:
    law: str
    article: str
    law_title: str
    text: str
    secondary: bool

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n")


@dataclass
class LetterDraft:
    spec: LetterKind
    target: str
    today: dt.date
    sender: Party
    addressee: Party
    copy_to: Party | None
    facts: list[str]
    narrative: str
    demands: list[str]
    citations: list[Citation]
    attachments: list[str]
    intro: str
    closing: str
    reply_by: dt.date | None
    missing: list[str]
    # The same items as paths of the case file (defendant.* and co_defendant.* as the party they are) or input.<name>,
    # in the same order: what the preview page asks for in its forms.
    missing_paths: list[str] = field(default_factory=list)
    numbers: list[f.NumberSummary] = field(default_factory=list)
    plaintiff: dict = field(default_factory=dict)
    evidence_lines: list[str] = field(default_factory=list)
    respondent: Party | None = None
    evidence_list: list = field(default_factory=list)  # complaints.evidence_rows.EvidenceRow, printed after the letter
    show_id_number: bool = False  # the addressee's rules ask for her ID (a PBOC complaint: 第四十一条)
    prefilled: dict = field(default_factory=dict)  # inputs the case answered (not typed): the preview form shows them

    @property
    def evidence_list_meta(self) -> list[tuple[str, str]]:
        """The lines above the evidence list that follows the letter: nothing in them changes from day to day."""
        return [("提交人", self.sender.name), ("证据数量", f"{len(self.evidence_list)} 份"),
                ("随附文书", f"{self.title}（{self.date_text}）")]

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def words(self) -> dict:
        """The fixed wording of the letter page (reviewed data: guidance/letters/wording)."""
        return letter_data.wording().document

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def date_text(self) -> str:
        return chinese_date(self.today)

    @property
    def postal(self) -> bool:
        """A letter goes by post (and gets an envelope) when its addressee has a postal address."""
        return self.spec.postal != "none" and bool(self.addressee.address)


def carries_evidence_list(spec: LetterKind) -> bool:
    return any(EVIDENCE_LIST_FIELD in item["text"] for item in spec.attachments)


def evidence_list_attachment(count: int) -> str:
    """How the attachments list names the evidence list: with the number of files when the letter carries it."""
    return f.say("evidence_list_attached", count=count)


def letter_targets(case: dict | f.LetterCase) -> list[tuple[str, str]]:
    """Every (kind, target) the case can have: one carrier letter and appeal per carrier of a number the collector
    used (the ports of sites abused for code bombing are not the collector's lines)."""
    carriers = sorted({number.carrier for number in f.collector_numbers(case)})
    result = []
    for kind in KIND_ORDER:
        if kind in PER_CARRIER_KINDS:
            result += [(kind, carrier) for carrier in carriers]
        else:
            result.append((kind, ""))
    return result


def _address(party: dict | None, key: str = "address") -> tuple[str, str]:
    party = party or {}
    address = party.get(key) or {}
    if not (address.get("street") and (address.get("city") or address.get("province"))):
        return "", str(address.get("postcode") or "")
    return f.address_line(address), str(address.get("postcode") or "")


def _sender_address(spec: LetterKind, borrower: dict, found: set[str]) -> tuple[str, str]:  # found: condition names that hold
    """borrower.contact_address when she gave one; else her home address, except in a letter to the collector or the
    lender of a borrower threatened with violence or dealing with an unlicensed lender (then no address at all).
    A police report's 住址 and a civil complaint's 住所 are her home: they never take the contact address."""
    if spec.addressee in HOME_ADDRESS_ADDRESSEES:
        return _address(borrower)
    contact = _address(borrower, "contact_address")
    if contact[0]:
        return contact
    if spec.kind in HOME_ADDRESS_WITHHELD_KINDS and "home_address_unsafe" in found:
        return "", ""
    return _address(borrower)


def _regulator(case: dict, inputs: dict) -> tuple[str, dict | None]:
    """(route, addressee) of complain_regulator, from the ladder's regulators and regulator_addressees; a route the
    borrower chose (`regulator` input) wins. The PBOC is one of the ladder's alternatives for a bank's regulator."""
    ladder = ladders.load()
    chosen = inputs.get("regulator") or ""
    if chosen == "pboc":
        for entry in ladder.regulator_addressees.values():
            for alternative in entry["alternatives"]:
                if "人民银行" in alternative["name"].zh:
                    return "pboc", {"name": alternative["name"].zh, "hotline": alternative["hotline"] or ""}
        return "", None
    route = {"nfra": "nfra", "local": "local_financial_regulator"}.get(chosen) or ladder.regulators.get(
        (case.get("lender") or {}).get("kind") or "unknown", "")
    entry = ladder.regulator_addressees.get(route)
    if route not in ("nfra", "local_financial_regulator") or entry is None:
        return "", None  # the actual lender is not known: the borrower picks the regulator
    return ("nfra" if route == "nfra" else "local"), {"name": entry["name"].zh, "hotline": entry["hotline"] or ""}


def _applies(item: dict, facts: dict) -> bool:
    """An item of the letter data applies when its compiled `when` / `unless` (guidance.letter_data) holds."""
    return item["test"](facts)


def _defendants(case: dict) -> tuple[dict, dict | None]:
    """(defendant, co-defendant): the collector that acted, with the licensed lender it collected for as co-defendant
    (民法典 第一千一百九十三条 in the letter data); the lender alone when it collected itself or no collector is named."""
    collector = case.get("collector") or {}
    lender = case.get("lender") or {}
    if collector.get("name") and collector.get("kind") != "lender_itself":
        if collector.get("kind") == "outsourced_agency" and lender.get("kind") in LICENSED_LENDER_KINDS and lender.get("name"):
            return collector, lender
        return collector, None
    return lender, None


def _answer_period(spec: LetterKind, case: dict) -> tuple[int, str]:
    """(days, laws) of the answer period the ladder gives this letter's addressee, `laws` naming its articles
    (the reviewed wording `reply_law_note` says how they are introduced); (0, '') where it gives none."""
    wait = ladders.load().answer_period(spec.action, case)
    if wait is None:
        return 0, ""
    articles = []
    for citation in wait.citations:
        label = f"《{_quoted_title(citation.law)}》"
        part = (label, citation.article)
        if part not in articles:
            articles.append(part)
    by_law: dict[str, list[str]] = {}
    for label, article in articles:
        by_law.setdefault(label, []).append(article)
    return wait.days, "，".join(label + "、".join(items) for label, items in by_law.items())


def _reply(spec: LetterKind, facts: dict, case: dict, today: dt.date) -> tuple[dt.date | None, str, str]:
    """(reply_by, reply_within, reply_note). An answer period the ladder gives (`ladder: true`) runs from the
    addressee's receipt of the letter, so no date is computed for it; a period that is only the borrower's choice
    (`days:`) gives a date and says that it is her choice, not law."""
    for rule in spec.reply:
        if not _applies(rule, facts):
            continue
        if rule.get("ladder"):
            days, note = _answer_period(spec, case)
            if days:
                return None, f.say("reply_from_receipt", days=days), f.say("reply_law_note", laws=note)
            continue
        reply_by = today + dt.timedelta(days=rule["days"])
        return reply_by, f.say("reply_by_date", date=chinese_date(reply_by)), f.say("reasonable_note")
    return None, "", ""


def _format(text: str, values: dict) -> str:
    return text.format_map(values)


def _required_value(path: str, case: dict, inputs: dict, context: dict) -> bool:
    scope, _, name = path.partition(".")
    if scope == "input":
        return bool(str(inputs.get(name) or "").strip())
    return bool(context.get(path))


def _latest_step(case: dict, action: str, target: str) -> dict | None:
    steps = [step for step in case.get("steps_taken") or []
             if step.get("action") == action and step.get("on") and step.get("target", "") in ("", target)]
    return max(steps, key=lambda step: step["on"]) if steps else None


def _appeal_open(case: dict, target: str, today: dt.date) -> bool:
    """The plan's own answer: may the borrower appeal about this carrier today (no second rule here)."""
    if not target:
        return False
    return engine.action_status(case, "appeal_miit", target=target, today=today)["status"] in ("do_now", "done")


def _has_screenshots(evidence_list: list) -> bool:
    return any((row.content_type or "").startswith("image/") for row in evidence_list)


def letter_case(case: dict, *, stored: dict | None = None, analysis: LogAnalysis | None = None,
                evidence_files: int = 0) -> f.LetterCase:
    """The case file as every draft of one request reads it: user text neutralised and the log analysed once. A case
    file without its log comes with what the case stored of it instead (f.StoredLetterCase): `stored`, the letters'
    part of the summary, `analysis`, the whole log's, and `evidence_files`, the files its entries link to."""
    if stored is None:
        return f.LetterCase(neutralise(case))
    return f.StoredLetterCase(neutralise(case), analysis=analysis, stored=neutralise(stored), evidence_files=evidence_files)


def compose(case: dict | f.LetterCase, kind: str, *, today: dt.date, target: str = "", inputs: dict | None = None,
            demands: list[str] | None = None, narrative: str = "", evidence_lines: list[str] | None = None,
            evidence_list: list | None = None) -> LetterDraft:
    """The draft of one letter; `inputs`, `demands` and `narrative` are the borrower's edits (already validated).

    `evidence_list`: the rows of the case's evidence list (complaints.evidence_rows); a kind whose attachments
    name it carries it after the letter, and its attachments line says how many files it lists. `case`: the case
    file, or its letter_case when the caller composes several drafts of it.
    """
    spec = get_kind(kind)
    read = case if isinstance(case, f.LetterCase) else letter_case(case)
    case = read.file
    inputs, demands, narrative = neutralise(inputs or {}), neutralise(demands), neutralise(narrative)
    inputs = {key: str(value).strip() for key, value in (inputs or {}).items() if value is not None}
    for item in spec.inputs:
        if item.default and not inputs.get(item.name):
            inputs[item.name] = item.default
    prefilled = {name: value for name, value in _case_inputs(spec, case).items() if not inputs.get(name)}
    inputs.update(prefilled)
    borrower = case.get("borrower") or {}
    lender = case.get("lender") or {}
    collector = case.get("collector") or {}
    route, regulator = _regulator(case, inputs) if spec.addressee == "regulator" else ("", None)
    defendant, co_defendant = _defendants(case) if spec.addressee == "court" else ({}, None)
    facts = f.letter_facts(read, regulator=route, has_screenshots=_has_screenshots(evidence_list or []),
                           co_defendant_lender=bool(co_defendant))
    found = {name for name, test in letter_data.conditions().items() if test(facts)}
    evidence_list = [
        dataclasses.replace(row, title=neutralise(row.title), original_name=neutralise(row.original_name), proves=neutralise(row.proves))
        for row in evidence_list or []
    ] if carries_evidence_list(spec) else []

    borrower_address, borrower_postcode = _sender_address(spec, borrower, found)
    sender = Party(name=borrower.get("name") or "", address=borrower_address, postcode=borrower_postcode,
                   phone=f.display_number(borrower.get("phone") or ""), id_number=borrower.get("id_number") or "")
    if spec.kind in PER_CARRIER_KINDS:
        numbers = [number for number in f.collector_numbers(read) if number.carrier == target]
    else:
        numbers = f.harassing_numbers(read)
    carrier_name = inputs.get("carrier_name") or target
    defendant_address, _postcode = _address(defendant)
    co_defendant_address, _postcode = _address(co_defendant)
    collector_address, collector_postcode = _address(collector)
    lender_address, lender_postcode = _address(lender)

    addressee = _addressee(spec, inputs=inputs, regulator=regulator, collector=collector, lender=lender, carrier_name=carrier_name,
                           collector_address=(collector_address, collector_postcode), lender_address=(lender_address, lender_postcode))
    copy_to = None
    if spec.copy_to == "lender" and lender.get("name") and collector.get("kind") != "lender_itself":
        copy_to = Party(name=lender["name"], address=lender_address, postcode=lender_postcode)
    elif spec.copy_to == "collector" and collector.get("name") and collector.get("kind") != "lender_itself":
        copy_to = Party(name=collector["name"], address=collector_address, postcode=collector_postcode)

    context = {
        "borrower.name": sender.name, "borrower.phone": sender.phone, "borrower.address": sender.address,
        "borrower.postcode": sender.postcode, "borrower.id_number": sender.id_number,
        "collector.name": collector.get("name") or (addressee.name if spec.addressee == "collector" else ""),
        "collector.address": collector_address,
        "lender.name": lender.get("name"), "lender.address": lender_address,
        "carrier.name": carrier_name, "carrier.numbers": bool(numbers),
        "steps.complain_carrier": spec.kind == "miit_appeal" and _appeal_open(case, target, today),
        "regulator.route": route,
        "defendant.name": defendant.get("name"), "defendant.address": defendant_address,
        "co_defendant.address": co_defendant_address if co_defendant else "-",
    }
    required = list(spec.required)
    for condition, paths in spec.required_when.items():
        if condition in found:
            required += paths
    missing, missing_paths = [], []
    for path in required:
        if not _required_value(path, case, inputs, context):
            label = FIELD_LABELS.get(path) or (spec.input(path.partition(".")[2]).label if spec.input(path.partition(".")[2]) else path)
            if label not in missing:
                missing.append(label)
                missing_paths.append(_case_path(path, collector))

    reply_by, reply_within, reply_note = _reply(spec, facts, case, today)
    values = _values(spec, read, inputs, found, today=today, target=target, numbers=numbers, carrier_name=carrier_name,
                     sender=sender, regulator=regulator, co_defendant=co_defendant)
    values.update(reply_by=chinese_date(reply_by) if reply_by else "", reply_within=reply_within, reply_note=reply_note,
                  evidence_list=evidence_list_attachment(len(evidence_list)))
    computed = [_format(item["text"], values) for item in spec.demands if _applies(item, facts)]
    citations = [
        Citation(law=item["law"], article=item["article"], law_title=_quoted_title(item["law"]),
                 text=article_text(item["law"], item["article"]), secondary=is_secondary(item["law"]))
        for item in spec.citations if _applies(item, facts)
    ]
    attachments = [_format(item["text"], values) for item in spec.attachments if _applies(item, facts)]
    if not evidence_list:
        attachments = [item for item in attachments if not item.startswith("证据目录")]
    me = _voice(spec)
    party = f.say(("party_first_defendant" if co_defendant else "party_defendant") if spec.kind == "civil_complaint" else "party_collector")
    facts = f.facts_paragraphs(read, party=party, me=me, own_action=spec.action,
                               loan_reference=spec.addressee in LOAN_REFERENCE_ADDRESSEES,
                               roles={"lender": f.say("party_second_defendant"), "collector": f.say("party_first_defendant")}
                               if co_defendant else ({"lender": f.say("party_defendant")}
                                                     if spec.kind == "civil_complaint" and defendant is lender else {}))
    if spec.kind == "civil_complaint" and inputs.get("mental_harm") and "wants_compensation" in found:
        facts.append(f.say("mental_harm", harm=inputs["mental_harm"].rstrip("。")))
    plaintiff = {}
    if spec.kind == "civil_complaint":
        plaintiff = {
            "gender": inputs.get("gender", ""), "age": _age(inputs.get("birth_date"), today),
            "ethnicity": inputs.get("ethnicity", ""), "occupation": inputs.get("occupation", ""),
            "employer": inputs.get("employer", ""), "witnesses": inputs.get("witnesses", ""),
            "defendant_name": defendant.get("name") or "", "defendant_address": defendant_address,
            "co_defendant_name": (co_defendant or {}).get("name") or "", "co_defendant_address": co_defendant_address,
        }
    return LetterDraft(
        spec=spec, target=target, today=today, sender=sender, addressee=addressee, copy_to=copy_to,
        facts=facts,
        narrative=narrative.strip(), demands=[d.strip() for d in demands if d.strip()] if demands else computed,
        citations=citations, attachments=attachments, intro=_format(spec.intro, values),
        closing=_format(spec.closing, values), reply_by=reply_by, missing=missing, missing_paths=missing_paths, numbers=numbers,
        respondent=Party(name=carrier_name, address=inputs.get("carrier_address", "")) if spec.addressee == "miit" else None,
        plaintiff=plaintiff,
        evidence_lines=evidence_lines if evidence_lines is not None else f.log_evidence_lines(read, me=me),
        evidence_list=evidence_list, show_id_number="borrower.id_number" in required, prefilled=prefilled,
    )


def _case_path(path: str, collector: dict) -> str:
    """Where in the case file a required item lives: the civil complaint's defendant is the named collector, else
    the lender (_defendants); its co-defendant is always the lender."""
    scope, _, name = path.partition(".")
    if scope == "defendant":
        named_collector = collector.get("name") and collector.get("kind") != "lender_itself"
        return f"{'collector' if named_collector else 'lender'}.{name}"
    if scope == "co_defendant":
        return f"lender.{name}"
    return path


def _case_inputs(spec: LetterKind, case: dict) -> dict:
    """The inputs of a letter that the case file already answers, as text: the repayment letter's monthly amount and
    instalments from the offer her own `negotiation` figures give (guidance.negotiation). Nothing without those
    figures, or when nothing is left to offer: then she types the amount herself (the letter never guesses it)."""
    if spec.action != "negotiate_repayment":
        return {}
    offer = negotiation.offer_for_case(case)
    if offer is None or not offer.monthly:
        return {}
    values = {"monthly_amount": str(offer.monthly)}
    if offer.instalments and offer.instalments <= INTEGER_INPUT_MAX:
        values["installments"] = str(offer.instalments)
    return {name: value for name, value in values.items() if spec.input(name)}


def _offender(collector: dict, lender: dict) -> str:
    """Whom a report names as having acted: the collector, or the lender only when it collected itself."""
    if collector.get("name"):
        return collector["name"]
    if collector.get("kind") == "lender_itself" and lender.get("name"):
        return lender["name"]
    return f.say("collector_of_lender", lender=lender["name"]) if lender.get("name") else f.say("unknown_collector")


def _quoted_title(stem: str) -> str:
    """A law's title to print inside 《》: a title quoted within it takes 〈〉, as Chinese nesting requires."""
    return law_title(stem).replace("《", "〈").replace("》", "〉")


def _voice(spec: LetterKind) -> str:
    """Who tells the facts: the 原告 of a civil complaint, the 报案人 of a police report, else 本人."""
    return f.say({"court": "voice_plaintiff", "police": "voice_reporter"}.get(spec.addressee, "voice_borrower"))


def _values(spec, read, inputs, found, *, today, target, numbers, carrier_name, sender, regulator, co_defendant) -> dict:
    """The named slots the reviewed texts may use, each computed from the case (never a fact it does not hold)."""
    case = read.file
    lender = case.get("lender") or {}
    collector = case.get("collector") or {}
    harassment = read.merged_harassment
    me = _voice(spec)
    third = f._third_labels(harassment.get("targets") or [], me)
    channels = [f.label("channels", item) for item in harassment.get("channels") or []
                if item not in (f.BOMBING, "visit", "post")]
    stop = [f.label("stop", item) for item in harassment.get("content") or [] if f.label("stop", item)]
    outsourced = collector.get("name") and collector.get("kind") == "outsourced_agency"
    lender_name = lender.get("name") or f.say("unnamed_lender")
    step = _latest_step(case, "complain_carrier", target)
    carrier_days, _note = _answer_period(get_kind("carrier_complaint"), case) if spec.kind == "carrier_complaint" else (0, "")
    return {
        "today": chinese_date(today),
        "numbers": f.joined(f.display_number(number.number) for number in numbers),
        "collector_numbers": f.joined(f.display_number(number.number) for number in numbers if not number.bombing_port),
        "bombing_ports": f.joined(f.display_number(number.number) for number in numbers if number.bombing_port),
        "lender": lender_name,
        "lender_and_collector": (f.say("lender_and_agency", collector=collector["name"]) if outsourced
                                 else f.say("lender_self") if collector.get("kind") == "lender_itself" else f.say("lender_and_collectors")),
        "lender_and_its_collector": (f.say("named_lender_and_agency", lender=lender_name, collector=collector["name"]) if outsourced
                                     else lender_name),
        "carrier": carrier_name or "被申诉运营商",
        "carrier_days": carrier_days or "",
        "offender": _offender(collector, lender),
        "borrower_phone": sender.phone,
        "me_and_others": f.whom(harassment.get("targets") or [], third, me),
        "third_parties": f.joined(third),
        "contact_means": f.say("contact_means", channels=f.joined(channels)) if channels else "",
        "stop_list": f.joined(stop),
        "regulator_name": (regulator or {}).get("name", ""),
        "defendant": f.say("party_first_defendant" if co_defendant else "party_defendant"),
        "defendants": f.say("party_both_defendants" if co_defendant else "party_defendant"),
        "carrier_step_date": chinese_date(dt.date.fromisoformat(step["on"])) if step else "",
        "carrier_step_reference": f.say("step_reference_bracketed", reference=step["reference"]) if step and step.get("reference") else "",
        "carrier_step_result": f.say(f"appeal_result_{step.get('result') or 'no_reply'}") if step else "",
        "first_payment_date": _date_text(inputs.get("first_payment_date")),
        "monthly_amount": inputs.get("monthly_amount", ""),
        "hardship": inputs.get("hardship", "").rstrip("。；，,.; "),
        "installments_clause": f.say("installments", count=inputs["installments"]) if inputs.get("installments") else "",
        "compensation_amount": inputs.get("compensation_amount", ""),
    }


def _addressee(spec: LetterKind, *, inputs, regulator, collector, lender, carrier_name, collector_address, lender_address) -> Party:
    typed_address = inputs.get("addressee_address", "")
    typed_postcode = inputs.get("addressee_postcode", "")
    if spec.addressee == "collector":
        name = collector.get("name") or (lender.get("name") if collector.get("kind") == "lender_itself" else "") or (
            f.say("collector_of_lender", lender=lender["name"]) if lender.get("name") else "")
        return Party(name=name, address=collector_address[0], postcode=collector_address[1])
    if spec.addressee == "lender":
        return Party(name=lender.get("name") or "", address=lender_address[0], postcode=lender_address[1])
    if spec.addressee == "carrier":
        return Party(name=carrier_name, address=typed_address, postcode=typed_postcode)
    if spec.addressee == "regulator":
        regulator = regulator or {}
        return Party(name=inputs.get("addressee_name") or regulator.get("name", ""), address=typed_address,
                     postcode=typed_postcode, hotline=regulator.get("hotline", ""))
    if spec.addressee in ("miit", "consumer_association"):
        return Party(name=inputs.get("addressee_name", ""), address=typed_address, postcode=typed_postcode)
    if spec.addressee == "police":
        return Party(name=inputs.get("police_station", ""))
    if spec.addressee == "court":
        return Party(name=inputs.get("court_name", ""))
    centre = ladders.load().addressees["report_12321"]  # the 12321 centre as the ladder names it
    return Party(name=centre["name"].zh, hotline=centre["hotline"] or "")


def _date_text(value: str | None) -> str:
    if not value:
        return ""
    try:
        return chinese_date(dt.date.fromisoformat(value))
    except ValueError:
        return ""


def _age(birth_date: str | None, today: dt.date) -> str:
    if not birth_date:
        return ""
    try:
        born = dt.date.fromisoformat(birth_date)
    except ValueError:
        return ""
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return f"{years}岁（{chinese_date(born)}出生）"


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{%|%\}|《》")
_TEMPLATE_SYNTAX = re.compile(r"([{%}])(?=[{%}])")


def neutralise(value):
    """User text with template-like brace pairs split (`{{` -> `{ {`), so no output ever shows `{{` or an empty 《》."""
    if isinstance(value, str):
        return _TEMPLATE_SYNTAX.sub(r"\1 ", value).replace("《》", "《 》")
    if isinstance(value, dict):
        return {key: neutralise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [neutralise(item) for item in value]
    return value


def render_html(draft: LetterDraft, *, embedded: bool = False) -> str:
    """The complete HTML document of a letter, with the evidence list as its last pages when the draft carries it;
    refuses a draft with missing fields. `embedded`: the PDF/A-3b variant, whose evidence list says the originals are inside.
    """
    if draft.missing:
        raise LetterIncomplete(draft.kind, draft.missing)
    html = render_to_string("letters/document.html", {"letter": draft, "embedded": embedded and bool(draft.evidence_list)})
    leftover = _PLACEHOLDER.search(html)
    if leftover:
        raise ValueError(f"{draft.kind}: rendered letter contains placeholder text {leftover.group(0)!r}")
    return html


def _number_text(item: f.NumberSummary) -> str:
    parts = [item.role] if item.role else []
    parts.append(f.say("text_number_logged", count=item.count) if item.count else f.say("text_number_stated"))
    return f"{f.display_number(item.number)}（{'，'.join(parts)}）"


def plain_text(draft: LetterDraft) -> str:
    """The letter as plain text, for forms and channels that take text only: the 12321 report form, an appeal made
    online or by phone, a notice to a collector sent by SMS, e-mail or the lender app's message box."""
    words = draft.words
    lines = [draft.title]
    if draft.addressee.name and draft.spec.addressee != "report_12321":
        lines.append(f"{words['party_to']}{draft.addressee.name}")
    lines += [f"{draft.sender.name}，{words['party_phone']}{draft.sender.phone}", "", draft.intro, "", words["text_demands"]]
    lines += [f"{number}. {demand}" for number, demand in enumerate(draft.demands, start=1)]
    lines += ["", words["text_facts"], *draft.facts]
    if draft.narrative:
        lines += [words["narrative"] + draft.narrative]
    if draft.numbers:
        lines += ["", words["text_numbers"] + f.joined(_number_text(item) for item in draft.numbers)]
    if draft.closing:
        lines += ["", draft.closing]
    lines += ["", draft.sender.name, draft.date_text]
    return "\n".join(lines)
