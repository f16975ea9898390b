"""Phone-number analysis: what a number is, whose network it is on, and whom to complain to.

Pure functions, no database. `phonenumbers` decides validity, type, region and the original range holder;
our own rules cover what it does not know: 106 SMS ports, 95/96 service numbers and other short codes,
the virtual-operator (MVNO) ranges, ranges its carrier data lacks, and the Chinese-specific ways people
write numbers ("86" without a plus, full-width digits, brackets around area codes).
"""

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

import phonenumbers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumberType, carrier, geocoder

from guidance.phone_caveats import (
    CAVEAT_EMERGENCY,
    CAVEAT_FOREIGN,
    CAVEAT_LANDLINE,
    CAVEAT_LANDLINE_NO_AREA,
    CAVEAT_PORTED,
    CAVEAT_PUBLIC_SERVICE,
    CAVEAT_SERVICE,
    CAVEAT_SHARED_COST,
    CAVEAT_SMS_PORT,
    CAVEAT_SMS_PORT_CROSS,
    CAVEAT_SMS_PORT_NETWORK,
    CAVEAT_VIRTUAL,
    CAVEAT_VIRTUAL_UNKNOWN_HOST,
    Text,
)

UNKNOWN = "unknown"

CHINA_MOBILE = "中国移动"
CHINA_UNICOM = "中国联通"
CHINA_TELECOM = "中国电信"
CHINA_BROADNET = "中国广电"
CARRIER_NAMES_EN = {CHINA_MOBILE: "China Mobile", CHINA_UNICOM: "China Unicom", CHINA_TELECOM: "China Telecom", CHINA_BROADNET: "China Broadnet"}

# The four basic operators' customer-service numbers; complaints about a number on their network start here.
CARRIER_HOTLINES = {CHINA_MOBILE: "10086", CHINA_UNICOM: "10010", CHINA_TELECOM: "10000", CHINA_BROADNET: "10099"}

KINDS = ("mobile", "virtual_mobile", "landline", "sms_port", "service_number", "shared_cost", "foreign", "invalid")
KIND_LABELS = {
    "mobile": _("手机号码"),
    "virtual_mobile": _("虚拟运营商手机号码"),
    "landline": _("固定电话"),
    "sms_port": _("短信端口号（106开头）"),
    "service_number": _("服务号码/短号码"),
    "shared_cost": _("400/800 企业号码"),
    "foreign": _("境外号码"),
    "invalid": _("无效号码"),
}

# Mobile ranges by their first three digits, from the MIIT numbering plan; used where phonenumbers' carrier data is silent.
_MOBILE_RANGE_HOLDERS = {
    **dict.fromkeys(["134", "135", "136", "137", "138", "139", "147", "148", "150", "151", "152", "157", "158", "159", "172", "178", "182", "183", "184", "187", "188", "195", "197", "198"], CHINA_MOBILE),
    **dict.fromkeys(["130", "131", "132", "145", "146", "155", "156", "166", "175", "176", "185", "186", "196"], CHINA_UNICOM),
    **dict.fromkeys(["133", "149", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199"], CHINA_TELECOM),
    "192": CHINA_BROADNET,
}

# Virtual operators (转售企业) rent a basic operator's network; the host follows from the range.
_VIRTUAL_HOSTS = {
    **dict.fromkeys(["1700", "1701", "1702"], CHINA_TELECOM),
    **dict.fromkeys(["1703", "1705", "1706"], CHINA_MOBILE),
    **dict.fromkeys(["1704", "1707", "1708", "1709"], CHINA_UNICOM),
    "171": CHINA_UNICOM,
    "162": CHINA_TELECOM,
    "165": CHINA_MOBILE,
    "167": CHINA_UNICOM,
}
_VIRTUAL_PREFIXES = ("170", "171", "162", "165", "167")

# 1065x ports are single-network SP ports whose fifth digit names the network; 1069x ports are cross-network
# (三网) and tell nothing about the operator, nor do the other 106 prefixes: those stay unknown.
_SMS_PORT_NETWORKS = {"10655": CHINA_UNICOM, "10657": CHINA_MOBILE, "10658": CHINA_MOBILE, "10659": CHINA_TELECOM}

# Short codes owned by an operator (its own service line) or by a public body.
_CARRIER_SHORT_CODES = {hotline: name for name, hotline in CARRIER_HOTLINES.items()}


# Emergency numbers, each with the service it reaches named in both languages.
_EMERGENCY_CODES = {
    "110": Text("报警电话", "police line"),
    "119": Text("火警电话", "fire service line"),
    "120": Text("急救电话", "ambulance line"),
    "122": Text("交通事故报警电话", "traffic-accident police line"),
}
# Five-digit 12xxx lines are public-service numbers of public bodies (12345, 12315, 12321 …). The 125xx block holds
# the operators' value-added service lines instead (12580, 12530), so those keep the general short-code advice.
_VALUE_ADDED_PREFIX = "125"


def _english(language: str | None) -> bool:
    return (language or "").startswith("en")


@dataclass(frozen=True)
class Addressee:
    """Whom to complain to about a number: an operator's service line, or the 12321 reporting centre."""

    name: str
    hotline: str
    name_en: str = ""

    @property
    def name_in_language(self) -> str:
        """The name in the active UI language, for pages."""
        return self.name_en if _english(get_language()) and self.name_en else self.name

    def to_dict(self) -> dict:
        return {"name": self.name, "name_en": self.name_en, "hotline": self.hotline}


@lru_cache(maxsize=1)
def miit_12321() -> Addressee:
    """The 12321 reporting centre as the ladder's `report_12321` addressee names it (its one source)."""
    from guidance import ladder  # the ladder's checks read the case-file schema, which reads this module

    entry = ladder.load().addressees["report_12321"]
    return Addressee(entry["name"].zh, entry["hotline"], entry["name"].en)


def __getattr__(name: str):
    if name == "MIIT_12321":
        return miit_12321()
    raise AttributeError(name)


@dataclass(frozen=True)
class PhoneInfo:
    """What Zhirao knows about one number. `normalized` is what to store: E.164, or the digits of a short code or port.

    `complain_to` is None for invalid input and for emergency and public-service numbers, which nobody complains about.
    `caveat_texts` holds each caveat in both languages; `caveats` (Chinese) and `caveats_en` are read from it,
    so the two can never drift apart.
    """

    input: str
    kind: str
    e164: str | None = None
    digits: str = ""
    carrier: str = UNKNOWN
    region: str = ""
    complain_to: Addressee | None = None
    caveat_texts: tuple[Text, ...] = field(default_factory=tuple)

    @property
    def caveats(self) -> tuple[str, ...]:
        return tuple(text.zh for text in self.caveat_texts)

    @property
    def caveats_en(self) -> tuple[str, ...]:
        return tuple(text.en for text in self.caveat_texts)

    @property
    def caveats_in_language(self) -> tuple[str, ...]:
        """The caveats in the active UI language, for pages (plans and PDFs use the fixed fields above)."""
        return self.caveats_en if _english(get_language()) else self.caveats

    @property
    def carrier_in_language(self) -> str:
        """The operator's name in the active UI language, for pages ("unknown" stays as it is)."""
        return CARRIER_NAMES_EN.get(self.carrier, self.carrier) if _english(get_language()) else self.carrier

    @property
    def normalized(self) -> str:
        return self.e164 or self.digits

    @property
    def is_valid(self) -> bool:
        return self.kind != "invalid"

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    def to_dict(self) -> dict:
        return {
            "input": self.input,
            "e164": self.e164,
            "digits": self.digits,
            "normalized": self.normalized,
            "kind": self.kind,
            "kind_label": str(self.kind_label),
            "carrier": self.carrier,
            "region": self.region,
            "complain_to": self.complain_to.to_dict() if self.complain_to else None,
            "caveats": list(self.caveats),
            "caveats_en": list(self.caveats_en),
        }


def _complain_to(carrier_name: str) -> Addressee:
    """The operator's own line where the network is known; otherwise the MIIT 12321 reporting centre."""
    hotline = CARRIER_HOTLINES.get(carrier_name)
    if hotline:
        return Addressee(carrier_name, hotline, CARRIER_NAMES_EN[carrier_name])
    return miit_12321()


# Characters people put between digits: spaces of every width, dashes, dots, slashes, brackets.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−.·/()\[\]（）【】]+")
_TEL_PREFIX = re.compile(r"^(?:tel|TEL|Tel):")


def _clean(text: str) -> str | None:
    """Digits with an optional leading '+', or None when the text holds anything that is not part of a number."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    text = _TEL_PREFIX.sub("", text)
    text = _SEPARATORS.sub("", text)
    if not text:
        return None
    plus = text.startswith("+")
    body = text[1:] if plus else text
    if not body.isdigit() or not body.isascii():
        return None
    return ("+" if plus else "") + body


def _national_digits(cleaned: str) -> tuple[str | None, str | None]:
    """Split into (Chinese national digits, foreign E.164 candidate); exactly one is set."""
    if cleaned.startswith("+"):
        digits = cleaned[1:]
        if digits.startswith("86"):
            return digits[2:], None
        return None, cleaned
    if cleaned.startswith("0086"):
        return cleaned[4:], None
    if cleaned.startswith("00"):
        return None, "+" + cleaned[2:]
    # "86" typed before a mobile number without the plus: 86 138 0013 8000.
    if cleaned.startswith("861") and len(cleaned) == 13:
        return cleaned[2:], None
    return cleaned, None


@lru_cache(maxsize=8192)
def phone_info(text: str) -> PhoneInfo:
    """Classify whatever a person typed as a phone number. Never raises; bad input gives kind 'invalid'."""
    cleaned = _clean(text)
    if cleaned is None:
        return PhoneInfo(input=text, kind="invalid")
    return replace(_classified(*_national_digits(cleaned)), input=text)


@lru_cache(maxsize=8192)
def _classified(national: str | None, foreign: str | None) -> PhoneInfo:
    """phone_info of a number's digits, whichever way they were typed: "170 1234 5678" as typed in an answer and
    "+8617012345678" as stored are classified once (phonenumbers' lookups cost ~50 µs a number)."""
    if foreign is not None:
        return _foreign(foreign, foreign)
    return _chinese(national, national)


def _foreign(text: str, e164: str) -> PhoneInfo:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return PhoneInfo(input=text, kind="invalid", digits=e164.lstrip("+"))
    if not phonenumbers.is_valid_number(number):
        return PhoneInfo(input=text, kind="invalid", digits=e164.lstrip("+"))
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return PhoneInfo(
        input=text,
        kind="foreign",
        e164=e164,
        digits=e164[1:],
        region=geocoder.description_for_number(number, "zh"),
        complain_to=miit_12321(),
        caveat_texts=(CAVEAT_FOREIGN,),
    )


def _chinese(text: str, digits: str) -> PhoneInfo:
    if digits.startswith("106"):
        return _sms_port(text, digits)
    short = _short_code(text, digits)
    if short is not None:
        return short
    if len(digits) == 10 and digits.startswith(("400", "800")):
        return PhoneInfo(
            input=text,
            kind="shared_cost",
            e164="+86" + digits,
            digits=digits,
            complain_to=miit_12321(),
            caveat_texts=(CAVEAT_SHARED_COST,),
        )
    if digits.startswith("1") and len(digits) == 11:
        return _mobile(text, digits)
    if digits.startswith("0"):
        # Also "+86 0755 …": people keep the trunk 0 after the country code.
        return _landline(text, digits)
    if len(digits) in (7, 8) and digits[0] in "23456789":
        return PhoneInfo(
            input=text,
            kind="landline",
            digits=digits,
            complain_to=miit_12321(),
            caveat_texts=(CAVEAT_LANDLINE_NO_AREA, CAVEAT_LANDLINE),
        )
    # Area code without its trunk 0 (+86 10 1234 5678, 755 8888 8888) is a landline if phonenumbers agrees.
    return _landline(text, "0" + digits)


def _sms_port(text: str, digits: str) -> PhoneInfo:
    if not 8 <= len(digits) <= 21:
        return PhoneInfo(input=text, kind="invalid", digits=digits)
    network = _SMS_PORT_NETWORKS.get(digits[:5], UNKNOWN)
    caveats = [CAVEAT_SMS_PORT]
    caveats.append(CAVEAT_SMS_PORT_NETWORK if network != UNKNOWN else CAVEAT_SMS_PORT_CROSS)
    return PhoneInfo(
        input=text, kind="sms_port", digits=digits, carrier=network, complain_to=_complain_to(network), caveat_texts=tuple(caveats)
    )


def _short_code(text: str, digits: str) -> PhoneInfo | None:
    """95xxx/96xxx service lines, the operators' 100xx lines, 1010xxxx, 12xxx public lines, 11x emergency numbers."""
    is_short = (
        (digits.startswith(("95", "96")) and len(digits) in (5, 6))
        or (digits.startswith("100") and len(digits) == 5)
        or (digits.startswith("1010") and len(digits) == 8)
        or (digits.startswith("12") and len(digits) == 5)
        or digits in _EMERGENCY_CODES
    )
    if not is_short:
        return None
    if digits in _EMERGENCY_CODES:
        caveat = CAVEAT_EMERGENCY.fill(digits=digits, name=_EMERGENCY_CODES[digits])
        return PhoneInfo(input=text, kind="service_number", digits=digits, caveat_texts=(caveat,))
    if digits.startswith("12") and not digits.startswith(_VALUE_ADDED_PREFIX):
        return PhoneInfo(input=text, kind="service_number", digits=digits, caveat_texts=(CAVEAT_PUBLIC_SERVICE.fill(digits=digits),))
    owner = _CARRIER_SHORT_CODES.get(digits, UNKNOWN)
    return PhoneInfo(
        input=text, kind="service_number", digits=digits, carrier=owner, complain_to=_complain_to(owner), caveat_texts=(CAVEAT_SERVICE,)
    )


def _parse_cn(digits: str):
    try:
        number = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _mobile(text: str, digits: str) -> PhoneInfo:
    number = _parse_cn(digits) if len(digits) == 11 else None
    if number is None or phonenumbers.number_type(number) not in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return PhoneInfo(input=text, kind="invalid", digits=digits)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    region = _region(number)
    if digits.startswith(_VIRTUAL_PREFIXES):
        host = _VIRTUAL_HOSTS.get(digits[:4]) or _VIRTUAL_HOSTS.get(digits[:3], UNKNOWN)
        if host == UNKNOWN:
            caveats = (CAVEAT_VIRTUAL_UNKNOWN_HOST,)
        else:
            host_name = Text(host, CARRIER_NAMES_EN[host])
            caveats = (CAVEAT_VIRTUAL.fill(host=host_name, hotline=CARRIER_HOTLINES[host]), CAVEAT_PORTED)
        return PhoneInfo(
            input=text,
            kind="virtual_mobile",
            e164=e164,
            digits=digits,
            carrier=host,
            region=region,
            complain_to=_complain_to(host),
            caveat_texts=caveats,
        )
    holder = _range_holder(number, digits)
    return PhoneInfo(
        input=text,
        kind="mobile",
        e164=e164,
        digits=digits,
        carrier=holder,
        region=region,
        complain_to=_complain_to(holder),
        caveat_texts=(CAVEAT_PORTED,),
    )


def _range_holder(number, digits: str) -> str:
    name = carrier.name_for_number(number, "zh")
    if name in CARRIER_HOTLINES:
        return name
    return _MOBILE_RANGE_HOLDERS.get(digits[:3], name or UNKNOWN)


def _landline(text: str, digits: str) -> PhoneInfo:
    number = _parse_cn(digits)
    if number is None:
        return PhoneInfo(input=text, kind="invalid", digits=digits.lstrip("0") if digits.startswith("0") else digits)
    kind = phonenumbers.number_type(number)
    if kind in (PhoneNumberType.SHARED_COST, PhoneNumberType.TOLL_FREE):
        # Answer here: handing the digits back to _chinese looped forever on 10-digit 95… numbers.
        national = str(number.national_number)
        return PhoneInfo(
            input=text,
            kind="shared_cost",
            e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
            digits=national,
            complain_to=miit_12321(),
            caveat_texts=(CAVEAT_SHARED_COST,),
        )
    if kind == PhoneNumberType.MOBILE:
        return _mobile(text, str(number.national_number))
    return PhoneInfo(
        input=text,
        kind="landline",
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        digits="0" + str(number.national_number),
        region=_region(number),
        complain_to=miit_12321(),
        caveat_texts=(CAVEAT_LANDLINE,),
    )


def _region(number) -> str:
    region = geocoder.description_for_number(number, "zh")
    # The whole country is no answer to "where is this number from".
    return "" if region == "中国" else region


def normalize_number(text: str) -> str | None:
    """What to store for a number a person typed: E.164 or short-code digits; None when it is not a number.

    The one check of "is this a phone number" (forms, the case-file contract, the guidance answers, the log,
    the staff search); every stricter check (a mobile number for an account) is made on top of it.
    """
    info = phone_info(text)
    return info.normalized if info.is_valid else None


# The kinds a person can open an account with: numbers that receive text messages on a mainland network.
MOBILE_KINDS = ("mobile", "virtual_mobile")


def mainland_mobile(text: str) -> str | None:
    """E.164 of a mainland China mobile number (virtual-operator ranges included); None for anything else."""
    info = phone_info(text)
    return info.e164 if info.kind in MOBILE_KINDS else None


def dialled_abroad(text: str) -> bool:
    """Whether the text is written with a country code other than China's (+1 …, 00852 …), valid or not."""
    cleaned = _clean(text)
    return cleaned is not None and _national_digits(cleaned)[1] is not None


# What people put between the numbers of a list: new lines, commas, semicolons, the enumeration comma (、).
_LIST_SEPARATORS = re.compile(r"[\n,，、;；]+")


def split_numbers(text: str) -> list[str]:
    """The pieces of a typed list of numbers, stripped, empty ones dropped; each piece is still as typed."""
    return [piece.strip() for piece in _LIST_SEPARATORS.split(text or "") if piece.strip()]


def parse_number_list(text: str) -> tuple[list[str], list[tuple[int, str]]]:
    """(the numbers normalised, each once, in the order typed; (position from 1, piece) of every piece that is no number)."""
    numbers: list[str] = []
    wrong: list[tuple[int, str]] = []
    for position, piece in enumerate(split_numbers(text), 1):
        number = normalize_number(piece)
        if number is None:
            wrong.append((position, piece))
        elif number not in numbers:
            numbers.append(number)
    return numbers, wrong


# Ports, service numbers and operator lines inside a message: a run of digits not glued to other digits,
# and not an amount of money ("95000元").
_SHORT_IN_TEXT = re.compile(
    r"(?<![\d+])(106\d{5,18}|9[56]\d{3,4}|10086|10010|10000|10099|123(?:21|45|15|78|81|63))(?![\d.,]\d|\d|\s*[元块万圆%])"
)


def find_numbers(text: str) -> list[PhoneInfo]:
    """Every phone number in a piece of text (an SMS body, a note), in order, each once, with its analysis."""
    text = unicodedata.normalize("NFKC", text or "")
    found: list[tuple[int, PhoneInfo]] = []
    taken: list[tuple[int, int]] = []
    for match in phonenumbers.PhoneNumberMatcher(text, "CN", leniency=phonenumbers.Leniency.VALID):
        info = phone_info(match.raw_string)
        if info.is_valid:
            found.append((match.start, info))
            taken.append((match.start, match.end))
    for match in _SHORT_IN_TEXT.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        info = phone_info(match.group(1))
        if info.is_valid:
            found.append((match.start(), info))
    found.sort(key=lambda item: item[0])
    seen: set[str] = set()
    result = []
    for _start, info in found:
        if info.normalized not in seen:
            seen.add(info.normalized)
            result.append(info)
    return result
