"""The advice that goes with a phone number's analysis (guidance.phones), in Chinese and in English.

Plans are plain data (no request-time translation), so every caveat carries its own English, saying the same thing.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """One piece of advice in Chinese and in English, saying the same thing in both.

    Plans are plain data (no request-time translation), so every caveat carries its own English.
    """

    zh: str
    en: str

    def fill(self, **values: "str | Text") -> "Text":
        """The text with its {placeholders} filled: a plain string goes into both languages, a Text per language."""
        zh = {key: value.zh if isinstance(value, Text) else value for key, value in values.items()}
        en = {key: value.en if isinstance(value, Text) else value for key, value in values.items()}
        return Text(self.zh.format(**zh), self.en.format(**en))


CAVEAT_PORTED = Text(
    "号码可能已“携号转网”，实际所在运营商可能与号段所属不同；投诉时请说明号码，由运营商核实。",
    "The number may have been moved to another operator (number portability), so its real operator may differ from the"
    " one that holds its range; give the number when you complain and the operator will check.",
)
CAVEAT_VIRTUAL = Text(
    "这是虚拟运营商号段（170/171/162/165/167），号码由租用{host}网络的转售企业经营；"
    "可向{host}（{hotline}）或该转售企业的客服投诉，并可同时向12321举报。",
    "This is a virtual-operator range (170/171/162/165/167): the number is run by a reseller that rents {host}'s network;"
    " you can complain to {host} ({hotline}) or to the reseller's customer service, and also report it to 12321.",
)
CAVEAT_VIRTUAL_UNKNOWN_HOST = Text(
    "这是虚拟运营商号段，号码由租用基础运营商网络的转售企业经营，无法确定所租用的网络；可向12321举报。",
    "This is a virtual-operator range: the number is run by a reseller that rents a basic operator's network, and which"
    " network it rents cannot be told; you can report it to 12321.",
)
CAVEAT_SMS_PORT = Text(
    "106开头的是短信端口号，属于向运营商租用端口的企业（如贷款平台或催收公司），不是个人手机；"
    "短信内容和签名可以帮助查明是哪家企业发送的。",
    "Numbers starting with 106 are SMS ports, held by companies that rent them from an operator (such as a lending"
    " platform or a collection company), not personal mobile phones; the message text and its signature can help show"
    " which company sent it.",
)
CAVEAT_SMS_PORT_NETWORK = Text(
    "端口所属网络是按号段规则推断的（1065后一位表示网络）。",
    "The port's network is inferred from the numbering rules (the digit after 1065 names the network).",
)
CAVEAT_SMS_PORT_CROSS = Text(
    "1069等号段是跨网端口，无法从号码判断运营商；可向自己手机号所属的运营商或12321举报。",
    "1069 and similar ranges are cross-network ports, so the operator cannot be told from the number; you can report it"
    " to the operator of your own mobile number or to 12321.",
)
CAVEAT_SERVICE = Text(
    "这是企业、机构或运营商的服务号码（短号码），号码属于该单位本身。",
    "This is a service number (short code) of a company, an institution or an operator; the number belongs to that"
    " organisation itself.",
)
# Police, fire, ambulance and public hotlines get no addressee: telling people to report them to 12321 is wrong advice.
CAVEAT_EMERGENCY = Text(
    "{digits}是{name}，属于紧急求助号码，不是催收方的号码，无需为它向运营商投诉或举报。",
    "{digits} is the {name}, an emergency number, not the collector's number; there is no need to complain to an"
    " operator or report it.",
)
CAVEAT_PUBLIC_SERVICE = Text(
    "{digits}是政府部门或公共服务机构的公益服务热线（12开头的5位号码），不是催收方的号码，无需为它向运营商投诉或举报。",
    "{digits} is a public-service hotline of a government department or public body (a 5-digit number starting"
    " with 12), not the collector's number; there is no need to complain to an operator or report it.",
)
CAVEAT_SHARED_COST = Text(
    "400/800号码是企业向运营商申请的客服号码，归属某个企业；无法从号码判断运营商。",
    "400/800 numbers are customer-service numbers that a company obtains from an operator, and they belong to that"
    " company; the operator cannot be told from the number.",
)
CAVEAT_LANDLINE = Text("固定电话无法从号码判断所属运营商。", "The operator of a landline cannot be told from its number.")
CAVEAT_LANDLINE_NO_AREA = Text(
    "没有区号的固定电话号码，无法确定所在地区；请补上区号（如010、0755）。",
    "This landline number has no area code, so its area cannot be told; please add the area code (such as 010 or 0755).",
)
CAVEAT_FOREIGN = Text(
    "这是境外号码，不归国内运营商管理；可向12321举报，并保存好通话和短信记录。",
    "This is a number from outside mainland China and is not managed by Chinese operators; you can report it to 12321,"
    " and keep the call and message records.",
)
CAVEATS = (
    CAVEAT_PORTED, CAVEAT_VIRTUAL, CAVEAT_VIRTUAL_UNKNOWN_HOST, CAVEAT_SMS_PORT, CAVEAT_SMS_PORT_NETWORK, CAVEAT_SMS_PORT_CROSS,
    CAVEAT_SERVICE, CAVEAT_EMERGENCY, CAVEAT_PUBLIC_SERVICE, CAVEAT_SHARED_COST, CAVEAT_LANDLINE, CAVEAT_LANDLINE_NO_AREA,
    CAVEAT_FOREIGN,
)
