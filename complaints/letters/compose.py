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
from guidance.clock import chinese_date
from guidance.law import article_text, is_secondary, law_title

PER_CARRIER_KINDS = ("carrier_complaint", "miit_appeal")
NARRATIVE_MAX_CHARS = 2000
DEMAND_MAX_CHARS = 300
DEMANDS_MAX = 10
REASONABLE_NOTE = "（此期限为本人给出的合理期限，并非法律规定的期限）"
# A kind's reviewed attachments name the evidence list with this field; the letter then carries the list as its last pages.
EVIDENCE_LIST_FIELD = "{evidence_list}"
# As the ladder (guidance/ladders) routes complain_regulator; other kinds: the borrower picks the regulator.
REGULATOR_BY_LENDER_KIND = {"bank": "nfra", "consumer_finance": "nfra", "microloan": "local", "unlicensed": "local"}

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
    "steps.complain_carrier": "向运营商投诉的日期和结果（申诉要在投诉后对处理结果不满意，或者运营商15日内未答复；请在案件中记下这一步）",
    "regulator.route": "投诉的监管部门（放贷机构的类型不明，请选择）",
    "defendant.name": "被告（催收方或放贷机构）的名称",
    "defendant.address": "被告的住所地址（省、市、区县和街道门牌）",
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
    numbers: list[f.NumberSummary] = field(default_factory=list)
    plaintiff: dict = field(default_factory=dict)
    evidence_lines: list[str] = field(default_factory=list)
    respondent: Party | None = None
    evidence_list: list = field(default_factory=list)  # complaints.evidence_rows.EvidenceRow, printed after the letter

    @property
    def evidence_list_meta(self) -> list[tuple[str, str]]:
        """The lines above the evidence list that follows the letter: nothing in them changes from day to day."""
        return [("提交人", self.sender.name), ("证据数量", f"{len(self.evidence_list)} 份"),
                ("随附文书", f"{self.title}（{self.date_text}）")]

    @property
    def kind(self) -> str:
        return self.spec.kind

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
    return any(EVIDENCE_LIST_FIELD in item for item in spec.attachments)


def evidence_list_attachment(count: int) -> str:
    """How the attachments list names the evidence list: with the number of files when the letter carries it."""
    return f"证据目录（共{count}份证据，附于本文书之后）" if count else "证据目录"


def letter_targets(case: dict) -> list[tuple[str, str]]:
    """Every (kind, target) the case can have: one carrier letter and appeal per carrier of a harassing number."""
    carriers = sorted({number.carrier for number in f.harassing_numbers(case)})
    result = []
    for kind in KIND_ORDER:
        if kind in PER_CARRIER_KINDS:
            result += [(kind, carrier) for carrier in carriers]
        else:
            result.append((kind, ""))
    return result


def _address(party: dict | None) -> tuple[str, str]:
    party = party or {}
    address = party.get("address") or {}
    if not (address.get("street") and (address.get("city") or address.get("province"))):
        return "", str(address.get("postcode") or "")
    return f.address_line(address), str(address.get("postcode") or "")


def _regulator_route(case: dict, inputs: dict) -> str:
    chosen = inputs.get("regulator") or ""
    if chosen:
        return chosen
    return REGULATOR_BY_LENDER_KIND.get((case.get("lender") or {}).get("kind") or "", "")


def _applies(item: dict, found: set[str]) -> bool:
    if "when" in item and item["when"] not in found:
        return False
    return not ("unless" in item and item["unless"] in found)


def _defendant(case: dict) -> dict:
    collector = case.get("collector") or {}
    if collector.get("name") and collector.get("kind") != "lender_itself":
        return collector
    return case.get("lender") or {}


def _reply(spec: LetterKind, found: set[str], today: dt.date) -> tuple[dt.date | None, str]:
    """The reply date and the note that says where its period comes from (a statute, or the borrower's own choice)."""
    for rule in spec.reply:
        if not _applies(rule, found):
            continue
        reply_by = today + dt.timedelta(days=rule["days"])
        if "law" not in rule:
            return reply_by, REASONABLE_NOTE
        if rule.get("note"):
            return reply_by, f"（{rule['note']}）"
        counting = rule.get("counting")
        counted = ""
        if counting:
            source = "该办法" if counting["law"] == rule["law"] else f"《{law_title(counting['law'])}》"
            counted = f"；{source}{counting['article']}规定“日”为自然日"
        return reply_by, f"（依照《{law_title(rule['law'])}》{rule['article']}的{rule['days']}日期限，自本函日期起算{counted}）"
    return None, ""


def _format(text: str, values: dict) -> str:
    return text.format_map(values)


def _required_value(path: str, case: dict, inputs: dict, context: dict) -> bool:
    scope, _, name = path.partition(".")
    if scope == "input":
        return bool(str(inputs.get(name) or "").strip())
    return bool(context.get(path))


def compose(case: dict, kind: str, *, today: dt.date, target: str = "", inputs: dict | None = None,
            demands: list[str] | None = None, narrative: str = "", evidence_lines: list[str] | None = None,
            evidence_list: list | None = None) -> LetterDraft:
    """The draft of one letter; `inputs`, `demands` and `narrative` are the borrower's edits (already validated).

    `evidence_list`: the rows of the case's evidence list (complaints.evidence_rows); a kind whose attachments
    name it carries it after the letter, and its attachments line says how many files it lists.
    """
    spec = get_kind(kind)
    case, inputs, demands, narrative = neutralise(case), neutralise(inputs or {}), neutralise(demands), neutralise(narrative)
    inputs = {key: str(value).strip() for key, value in (inputs or {}).items() if value is not None}
    for item in spec.inputs:
        if item.default and not inputs.get(item.name):
            inputs[item.name] = item.default
    borrower = case.get("borrower") or {}
    lender = case.get("lender") or {}
    collector = case.get("collector") or {}
    found = f.conditions(case)
    route = _regulator_route(case, inputs) if spec.addressee == "regulator" else ""
    if route:
        found.add(f"regulator_{route}")

    borrower_address, borrower_postcode = _address(borrower)
    sender = Party(name=borrower.get("name") or "", address=borrower_address, postcode=borrower_postcode,
                   phone=f.display_number(borrower.get("phone") or ""), id_number=borrower.get("id_number") or "")
    numbers = [number for number in f.harassing_numbers(case) if spec.kind not in PER_CARRIER_KINDS or number.carrier == target]
    carrier_name = inputs.get("carrier_name") or target
    defendant = _defendant(case)
    defendant_address, _postcode = _address(defendant)
    collector_address, collector_postcode = _address(collector)
    lender_address, lender_postcode = _address(lender)

    addressee = _addressee(spec, inputs=inputs, route=route, collector=collector, lender=lender, carrier_name=carrier_name,
                           collector_address=(collector_address, collector_postcode), lender_address=(lender_address, lender_postcode))
    copy_to = None
    if spec.copy_to == "lender" and lender.get("name"):
        copy_to = Party(name=lender["name"], address=lender_address, postcode=lender_postcode)
    elif spec.copy_to == "collector" and collector.get("name"):
        copy_to = Party(name=collector["name"], address=collector_address, postcode=collector_postcode)

    context = {
        "borrower.name": sender.name, "borrower.phone": sender.phone, "borrower.address": sender.address,
        "borrower.postcode": sender.postcode, "borrower.id_number": sender.id_number,
        "collector.name": collector.get("name"), "collector.address": collector_address,
        "lender.name": lender.get("name"), "lender.address": lender_address,
        "carrier.name": carrier_name, "carrier.numbers": bool(numbers),
        "steps.complain_carrier": _carrier_complaint_answered_or_overdue(case, today),
        "regulator.route": route,
        "defendant.name": defendant.get("name"), "defendant.address": defendant_address,
    }
    required = list(spec.required)
    for condition, paths in spec.required_when.items():
        if condition in found:
            required += paths
    missing = []
    for path in required:
        if not _required_value(path, case, inputs, context):
            label = FIELD_LABELS.get(path) or (spec.input(path.partition(".")[2]).label if spec.input(path.partition(".")[2]) else path)
            if label not in missing:
                missing.append(label)

    reply_by, reply_note = _reply(spec, found, today)
    route_data = spec.routes.get(route, {}) if route else {}
    values = {
        "reply_by": chinese_date(reply_by) if reply_by else "",
        "reply_note": reply_note,
        "today": chinese_date(today),
        "numbers": f.joined(f.display_number(number.number) for number in numbers),
        "lender": lender.get("name") or "放贷机构",
        "collector_clause": f"（{collector['name']}）" if collector.get("name") and collector.get("kind") != "lender_itself" else "",
        "carrier": carrier_name or "被申诉运营商",
        "offender": collector.get("name") or lender.get("name") or "催收人员",
        "borrower_phone": sender.phone,
        "regulator_action": route_data.get("action", ""),
        "first_payment_date": _date_text(inputs.get("first_payment_date")),
        "monthly_amount": inputs.get("monthly_amount", ""),
        "installments_clause": f"，分{inputs['installments']}期还清" if inputs.get("installments") else "",
        "compensation_amount": inputs.get("compensation_amount", ""),
    }
    evidence_list = [
        dataclasses.replace(row, title=neutralise(row.title), original_name=neutralise(row.original_name), proves=neutralise(row.proves))
        for row in evidence_list or []
    ] if carries_evidence_list(spec) else []
    values["evidence_list"] = evidence_list_attachment(len(evidence_list))
    computed = [_format(item["text"], values) for item in spec.demands if _applies(item, found)]
    citations = [
        Citation(law=item["law"], article=item["article"], law_title=law_title(item["law"]),
                 text=article_text(item["law"], item["article"]), secondary=is_secondary(item["law"]))
        for item in spec.citations if _applies(item, found)
    ]
    plaintiff = {}
    if spec.kind == "civil_complaint":
        plaintiff = {
            "gender": inputs.get("gender", ""), "age": _age(inputs.get("birth_date"), today),
            "ethnicity": inputs.get("ethnicity", ""), "occupation": inputs.get("occupation", ""),
            "employer": inputs.get("employer", ""), "witnesses": inputs.get("witnesses", ""),
            "defendant_name": defendant.get("name") or "", "defendant_address": defendant_address,
        }
    return LetterDraft(
        spec=spec, target=target, today=today, sender=sender, addressee=addressee, copy_to=copy_to,
        facts=f.facts_paragraphs(case, party="被告" if spec.kind == "civil_complaint" else "催收方"),
        narrative=narrative.strip(), demands=[d.strip() for d in demands if d.strip()] if demands else computed,
        citations=citations, attachments=[_format(item, values) for item in spec.attachments], intro=_format(spec.intro, values),
        closing=_format(spec.closing, values), reply_by=reply_by, missing=missing, numbers=numbers,
        respondent=Party(name=carrier_name, address=inputs.get("carrier_address", "")) if spec.addressee == "miit" else None,
        plaintiff=plaintiff, evidence_lines=evidence_lines if evidence_lines is not None else f.log_evidence_lines(case),
        evidence_list=evidence_list,
    )


def _addressee(spec: LetterKind, *, inputs, route, collector, lender, carrier_name, collector_address, lender_address) -> Party:
    typed_address = inputs.get("addressee_address", "")
    typed_postcode = inputs.get("addressee_postcode", "")
    if spec.addressee == "collector":
        return Party(name=collector.get("name") or "", address=collector_address[0], postcode=collector_address[1])
    if spec.addressee == "lender":
        return Party(name=lender.get("name") or "", address=lender_address[0], postcode=lender_address[1])
    if spec.addressee == "carrier":
        return Party(name=carrier_name, address=typed_address, postcode=typed_postcode)
    if spec.addressee == "regulator":
        route_data = spec.routes.get(route, {})
        return Party(name=inputs.get("addressee_name") or route_data.get("name", ""), address=typed_address,
                     postcode=typed_postcode, hotline=route_data.get("hotline", ""))
    if spec.addressee == "miit":
        return Party(name=inputs.get("addressee_name", ""), address=typed_address, postcode=typed_postcode)
    if spec.addressee == "police":
        return Party(name=inputs.get("police_station", ""))
    if spec.addressee == "court":
        return Party(name=inputs.get("court_name", ""))
    return Party(name="12321")


def _carrier_complaint_answered_or_overdue(case: dict, today: dt.date) -> bool:
    """电信用户申诉处理办法 第十条(四): the borrower complained to the carrier and is dissatisfied with its
    handling, or it has not answered within 15 days."""
    for step in case.get("steps_taken") or []:
        if step.get("action") != "complain_carrier" or not step.get("on"):
            continue
        if step.get("result") in ("refused", "continued"):
            return True
        if today >= dt.date.fromisoformat(step["on"]) + dt.timedelta(days=15):
            return True
    return False


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


def plain_text(draft: LetterDraft) -> str:
    """The letter as plain text, for forms that take text only (the 12321 report is pasted into one)."""
    lines = [draft.title, f"{draft.sender.name}，联系电话：{draft.sender.phone}", "", draft.intro, "", "请求："]
    lines += [f"{number}. {demand}" for number, demand in enumerate(draft.demands, start=1)]
    lines += ["", "情况：", *draft.facts]
    if draft.narrative:
        lines += ["补充说明：" + draft.narrative]
    if draft.numbers:
        lines += ["", "号码：" + f.joined(f"{f.display_number(item.number)}（{item.count}次）" if item.count else f.display_number(item.number)
                                       for item in draft.numbers)]
    lines += ["", draft.date_text]
    return "\n".join(lines)
