"""The case file in the words a borrower reads: what the hub page shows for each section."""

from django.utils.translation import gettext as _

from guidance import vocabulary
from guidance.analysis import collector_numbers


def _address(address: dict | None) -> str:
    address = address or {}
    line = "".join(address.get(part, "") for part in ("province", "city", "district", "street"))
    if address.get("postcode"):
        line = f"{line}（{_('邮编')} {address['postcode']}）"
    return line


def _rows(*pairs) -> list[tuple[str, str]]:
    return [(label, value) for label, value in pairs if value not in ("", None)]


def case_summary(case) -> dict[str, list[tuple[str, str]]]:
    """Section name -> (label, value) rows of what is filled in; empty sections give an empty list."""
    data = case.data
    borrower, lender, collector = data.get("borrower") or {}, data.get("lender") or {}, data.get("collector") or {}
    harassment, safety, papers = data.get("harassment") or {}, data.get("safety") or {}, data.get("court_papers") or {}
    night = harassment.get("night_contact")
    return {
        "borrower": _rows(
            (_("姓名"), borrower.get("name")), (_("手机号"), borrower.get("phone")),
            (_("身份证号"), borrower.get("id_number") and borrower["id_number"][:6] + "********" + borrower["id_number"][-4:]),
            (_("地址"), _address(borrower.get("address"))), (_("收信地址"), _address(borrower.get("contact_address"))),
        ),
        "lender": _rows(
            (_("名称"), lender.get("name")), (_("类型"), lender.get("kind") and vocabulary.label("LENDER_KINDS", lender["kind"], hint=True)),
            (_("借款 App"), lender.get("app_name")), (_("合同编号"), lender.get("loan_reference")),
            (_("地址"), _address(lender.get("address"))),
            (_("违法放贷迹象"), _("有") if lender.get("illegal_debt_signs") else ""),
        ),
        "collector": _rows(
            (_("名称"), collector.get("name")),
            (_("类型"), collector.get("kind") and vocabulary.label("COLLECTOR_KINDS", collector["kind"], hint=True)),
            (_("号码"), "、".join(collector_numbers(data))), (_("地址"), _address(collector.get("address"))),
        ),
        "safety": _rows((_("人身危险"), {True: _("现在有危险"), False: _("目前没有")}.get(safety.get("in_danger_now")))),
        "harassment": _rows(
            (_("方式"), vocabulary.labels("CHANNELS", harassment.get("channels"), hint=True)),
            (_("联系了谁"), vocabulary.labels("TARGETS", harassment.get("targets"), hint=True)),
            (_("内容"), vocabulary.labels("CONTENTS", harassment.get("content"), hint=True)),
            (_("夜间联系"), {True: _("有"), False: _("没有")}.get(night)),
            (_("一天最多"), (harassment.get("max_per_day") is not None and _("%(count)s 次/天") % {"count": harassment["max_per_day"]}) or ""),
            (_("开始日期"), harassment.get("first_seen")),
        ),
        "steps_taken": _rows(*(
            (step.get("on", ""), vocabulary.label("ACTIONS", step.get("action"))
             + (f" · {step['target']}" if step.get("target") else "")
             + (f"（{vocabulary.label('STEP_RESULTS', step['result'])}）" if step.get("result") else "")
             + (" · " + _("编号 %(reference)s") % {"reference": step["reference"]} if step.get("reference") else ""))
            for step in data.get("steps_taken") or []
        )),
        "wants": _rows((_("希望"), vocabulary.labels("WANTS", data.get("wants")))),
        "court_papers": _rows(
            (_("收到的文书"), papers.get("kind") and vocabulary.label("COURT_PAPER_KINDS", papers["kind"], hint=True)),
            (_("收到日期"), papers.get("received_on")),
            (_("是否核实"), papers.get("kind") and (_("已向法院核实") if papers.get("verified") else _("尚未核实"))),
        ),
    }
