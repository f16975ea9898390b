"""How the borrower's pages name one letter: its kind with its addressee ("致中国电信的投诉信", "致某某贷款的投诉信"),
so that no two entries of a case's letters list read the same. Four kinds are all titled 投诉书 in the letter itself
and a carrier's complaint and appeal come once per carrier, so the letter's own title cannot tell them apart.

Only the collector's, the lender's and the carrier's names vary from case to case; every other addressee is one per
kind, named here in the page's language (the letter itself keeps its formal Chinese)."""

from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from guidance.phones import CARRIER_NAMES_EN

# kind -> (label with the addressee's %(name)s, the addressee when the case does not name it)
_NAMED = {
    "collector_cease": (_("致%(name)s的停止催收函"), pgettext_lazy("addressee", "催收方")),
    "lender_complaint": (_("致%(name)s的投诉信"), pgettext_lazy("addressee", "放贷机构")),
    "pipl_request": (_("致%(name)s的个人信息权利请求函"), pgettext_lazy("addressee", "放贷机构")),
    "repayment_proposal": (_("致%(name)s的协商还款申请书"), pgettext_lazy("addressee", "放贷机构")),
    "carrier_complaint": (_("致%(name)s的投诉信"), pgettext_lazy("addressee", "运营商")),
    "miit_appeal": (_("就%(name)s向电信用户申诉受理机构提交的申诉书"), pgettext_lazy("addressee", "运营商")),
}
_CARRIER_KINDS = {"carrier_complaint", "miit_appeal"}
_FIXED = {
    "report_12321": _("向12321举报中心提交的举报内容"),
    "regulator_complaint": _("致金融监管部门的投诉信"),
    "police_report": _("向公安派出所提交的报案材料"),
    "civil_complaint": _("向人民法院提交的民事起诉状"),
    "consumer_association_complaint": _("致消费者协会的投诉信"),
}


def _carrier(name: str) -> str:
    if (get_language() or "").startswith("en"):
        return CARRIER_NAMES_EN.get(name, name)
    return name


def _party(kind: str, case: dict) -> str:
    """The collector's or the lender's own name from the case file ('' when it does not name them)."""
    lender = case.get("lender") or {}
    if kind != "collector_cease":
        return lender.get("name") or ""
    collector = case.get("collector") or {}
    if collector.get("kind") == "lender_itself":
        return collector.get("name") or lender.get("name") or ""
    return collector.get("name") or ""


def letter_label(kind: str, target: str, case: dict) -> str:
    """The name of the letter of `kind` for `target` (a carrier, or '') of a checked case file, in the page's language."""
    if kind in _FIXED:
        return str(_FIXED[kind])
    pattern, unnamed = _NAMED[kind]
    # A carrier's letter is addressed to the carrier even when the number's carrier is unknown: never to the lender.
    name = _carrier(target) if kind in _CARRIER_KINDS else _party(kind, case)
    return str(pattern) % {"name": name or unnamed}
