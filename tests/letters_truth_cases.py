"""Case files for the letters acceptance suite (issue 13: letters that tell the truth), and the one adapter that
turns a case file and a letter kind into the text a reader sees in the PDF.

Each case is written by hand from a readable spec: who the borrower is, what she states (`harassment`), what she
logged (her own SMS, calls and screenshots, in a collector's own words), what she has done (`steps_taken`, with
the ticket numbers she was given), and what she would type into the letter forms (`inputs`, per kind). Nothing
is random: names, numbers, dates and texts differ from case to case on purpose, so a facts paragraph shared by two
letters can only come from a template.

When the letters API changes, `render_pdf` is the one place to fix.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache

# Every letter kind facts.md names (the action table), in the plan's order.
ALL_KINDS = (
    "collector_cease", "lender_complaint", "pipl_request", "repayment_proposal", "carrier_complaint",
    "report_12321", "miit_appeal", "regulator_complaint", "police_report", "civil_complaint",
    "consumer_association_complaint",
)
PER_CARRIER_KINDS = ("carrier_complaint", "miit_appeal")
# The action each kind serves (facts.md, "Actions").
KIND_ACTION = {
    "collector_cease": "demand_collector_stop", "lender_complaint": "complain_lender", "pipl_request": "pipl_request",
    "repayment_proposal": "negotiate_repayment", "carrier_complaint": "complain_carrier", "report_12321": "report_12321",
    "miit_appeal": "appeal_miit", "regulator_complaint": "complain_regulator", "police_report": "report_police",
    "civil_complaint": "sue_in_court", "consumer_association_complaint": "complain_consumer_association",
}
LICENSED = ("bank", "consumer_finance", "microloan", "online_platform")
THIRD_PARTIES = ("family", "contacts", "employer", "other_third_party")


# --- building blocks of a readable case spec ------------------------------------------------------------------

# Evidence files the borrower uploaded, by SHA-256 (of the file name: deterministic, never random).
EVIDENCE_FILES: dict[str, dict] = {}

_CONTENT_TYPES = {"jpg": ("image", "image/jpeg"), "png": ("image", "image/png"), "m4a": ("audio", "audio/mp4"),
                  "mp3": ("audio", "audio/mpeg"), "xml": ("sms_export", "application/xml"), "mp4": ("video", "video/mp4")}


def evidence(name: str, description: str, received: str, proves: str = "") -> str:
    """Register one uploaded file and return its `sha256:` reference for a log entry."""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()
    kind, content_type = _CONTENT_TYPES[name.rsplit(".", 1)[1]]
    EVIDENCE_FILES[digest] = {"file": name, "original_name": name, "description": description, "proves": proves,
                              "kind": kind, "content_type": content_type, "size": 40000 + len(name) * 731,
                              "received_at": received, "sha256": digest}
    return f"sha256:{digest}"


def _at(moment: str) -> str:
    """'2026-02-03 22:15' -> ISO with +08:00, as facts.md writes log times."""
    return dt.datetime.strptime(moment, "%Y-%m-%d %H:%M").isoformat() + "+08:00"


def sms(moment, number, text, target="self", shot=None, note=""):
    entry = {"at": _at(moment), "channel": "sms", "from_number": number, "target": target, "text": text}
    if shot:
        entry["evidence"] = [evidence(shot, note or f"{moment[5:]}短信截图", _at(moment))]
    return entry


def call(moment, number, text="", target="self", recording=None, note=""):
    entry = {"at": _at(moment), "channel": "call", "from_number": number, "target": target, "text": text}
    if recording:
        entry["evidence"] = [evidence(recording, note or f"{moment[5:]}通话录音", _at(moment))]
    return entry


def wechat(moment, text, target="self", shot=None, note=""):
    entry = {"at": _at(moment), "channel": "wechat", "target": target, "text": text}
    if shot:
        entry["evidence"] = [evidence(shot, note or f"{moment[5:]}微信聊天截图", _at(moment))]
    return entry


def bomb(moment, port, text, shot=None, note=""):
    """One verification-code SMS of a flood (验证码短信轰炸): sent by a site's port, not by the collector."""
    entry = {"at": _at(moment), "channel": "verification_code_bombing", "from_number": port, "target": "self", "text": text}
    if shot:
        entry["evidence"] = [evidence(shot, note or f"{moment[5:]}验证码短信截图", _at(moment))]
    return entry


def addr(province, city, district, street, postcode):
    return {"province": province, "city": city, "district": district, "street": street, "postcode": postcode}


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(first17: str) -> str:
    """A resident ID number with its check digit (GB 11643)."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def forms(*, court, police, gender, birth, ethnicity="汉族", occupation, employer, compensation="", mental_harm="",
          witnesses="", regulator=None, miit=None, carriers=None, association=None, repayment=None, narrative="") -> dict:
    """What the borrower types on each letter's form (the case file does not hold these), by kind."""
    inputs = {
        "police_report": {"police_station": police},
        "civil_complaint": {"court_name": court, "gender": gender, "birth_date": birth, "ethnicity": ethnicity,
                            "occupation": occupation, "employer": employer},
    }
    if compensation:  # the form asks for the amount and for the harm that supports it (民法典 第一千一百八十三条)
        inputs["civil_complaint"]["compensation_amount"] = compensation
        inputs["civil_complaint"]["mental_harm"] = mental_harm
    if witnesses:
        inputs["civil_complaint"]["witnesses"] = witnesses
    if regulator:
        name, address, postcode = regulator[:3]
        inputs["regulator_complaint"] = {"addressee_name": name, "addressee_address": address, "addressee_postcode": postcode}
        if len(regulator) > 3:
            inputs["regulator_complaint"]["regulator"] = regulator[3]
    if miit:
        name, address, postcode = miit
        inputs["miit_appeal"] = {"addressee_name": name, "addressee_address": address, "addressee_postcode": postcode}
    for carrier, (address, postcode) in (carriers or {}).items():
        inputs[f"carrier_complaint:{carrier}"] = {"addressee_address": address, "addressee_postcode": postcode}
        inputs.setdefault(f"miit_appeal:{carrier}", {})["carrier_address"] = address
    if association:
        name, address, postcode = association
        inputs["consumer_association_complaint"] = {"addressee_name": name, "addressee_address": address,
                                                    "addressee_postcode": postcode}
    if repayment:
        hardship, monthly, installments, first = repayment
        inputs["repayment_proposal"] = {"hardship": hardship, "monthly_amount": monthly, "installments": installments,
                                        "first_payment_date": first}
    if narrative:
        inputs["narrative"] = narrative
    return inputs


@dataclass
class TruthCase:
    id: str
    about: str
    file: dict  # the case file, zhirao-case/1
    inputs: dict  # what the borrower types, by kind (or kind:carrier); "narrative" is her own account
    carriers: tuple = ()  # the carriers of the collector's numbers she complains to (one letter and appeal each)
    tags: frozenset = field(default_factory=frozenset)

    @property
    def today(self) -> dt.date:
        return dt.date.fromisoformat(self.file["today"])

    def inputs_for(self, kind: str, target: str = "") -> dict:
        merged = dict(self.inputs.get(kind, {}))
        if target:
            merged.update(self.inputs.get(f"{kind}:{target}", {}))
        if self.inputs.get("narrative"):
            merged["narrative"] = self.inputs["narrative"]
        return merged


def _case(**parts) -> dict:
    return {"spec": "zhirao-case/1", **parts}


# --- the cases ----------------------------------------------------------------------------------------------

CASES: list[TruthCase] = []


def add(case: TruthCase) -> None:
    CASES.append(case)


# 1. Verification-code bombing only: 106/1069 ports of abused sites, stated peak 300 a day, nothing else.
add(TruthCase(
    id="c01_code_bombing_only", about="code bombing only (106/1069 ports), peak 300 a day", tags=frozenset({"bombing"}),
    file=_case(
        today="2026-03-18",
        borrower={"name": "李静", "phone": "13983451207", "id_number": id_number("50010319920708442"),
                  "address": addr("重庆市", "重庆市", "渝北区", "龙溪街道金紫山路17号3栋1202", "401147")},
        lender={"name": "渝信消费金融股份有限公司", "kind": "consumer_finance", "app_name": "渝信分期",
                "address": addr("重庆市", "重庆市", "江北区", "观音桥步行街9号渝信大厦21层", "400020"),
                "loan_reference": "YX-CL-20250611-0382"},
        collector={"name": "重庆捷达商务信息咨询有限公司", "kind": "outsourced_agency", "numbers": [],
                   "address": addr("重庆市", "重庆市", "沙坪坝区", "三峡广场西路28号1109室", "400030")},
        harassment={"channels": ["verification_code_bombing"], "targets": ["self"], "content": [],
                    "night_contact": False, "max_per_day": 300, "first_seen": "2026-02-09"},
        log=[
            bomb("2026-02-09 10:02", "1069012345678901", "【驿站优选】您的注册验证码为482913，5分钟内有效，请勿泄露。",
                 shot="Screenshot_20260209-100245.jpg"),
            bomb("2026-02-09 10:02", "10655021001234", "【快借宝】验证码：730158，您正在注册快借宝账号。"),
            bomb("2026-02-12 14:37", "106980095566", "【易租车】您的登录验证码是 551904，如非本人操作请忽略。",
                 shot="Screenshot_20260212-143711.jpg"),
            bomb("2026-03-02 11:15", "1069012345678901", "【驿站优选】您的注册验证码为007316，5分钟内有效，请勿泄露。"),
        ],
        steps_taken=[],
        wants=["stop_harassment"],
    ),
    inputs=forms(court="重庆市渝北区人民法院", police="重庆市公安局渝北区分局龙溪派出所", gender="女", birth="1992-07-08",
                 occupation="仓库管理员", employer="重庆顺畅物流有限公司",
                 regulator=("国家金融监督管理总局重庆监管局", "重庆市渝中区民族路188号", "400010"),
                 association=("重庆市消费者权益保护委员会", "重庆市渝中区人民路256号", "400015")),
))

# 2. Contacts blasted (爆通讯录) by an online platform's agency: threats of exposure, debt disclosed, insults, night.
add(TruthCase(
    id="c02_contacts_blasted", about="爆通讯录: contacts and family told of the debt, insults, night SMS",
    carriers=("中国联通", "中国移动"), tags=frozenset({"contacts"}),
    file=_case(
        today="2026-04-22",
        borrower={"name": "周晓梅", "phone": "15867239014", "id_number": id_number("33010619930412152"),
                  "address": addr("浙江省", "杭州市", "西湖区", "文三路478号华星时代广场B座1703", "310013")},
        lender={"name": "杭州云汇网络科技有限公司", "kind": "online_platform", "app_name": "云汇花",
                "address": addr("浙江省", "杭州市", "滨江区", "网商路699号4号楼", "310052"), "loan_reference": "YH2025112300871"},
        collector={"name": "浙江诚信达资产管理有限公司", "kind": "outsourced_agency", "numbers": ["17188776655", "16512345678"],
                   "address": addr("浙江省", "宁波市", "鄞州区", "天童南路588号宁波商会国贸中心A座2208", "315100")},
        harassment={"channels": ["sms", "call"], "targets": ["self", "contacts", "family"],
                    "content": ["threat_exposure", "disclose_debt", "insult"], "night_contact": True, "max_per_day": 25,
                    "first_seen": "2026-03-27"},
        log=[
            sms("2026-03-27 09:40", "17188776655", "周晓梅，你在云汇花的借款已逾期12天，今天18点前不处理，我们将启动通讯录联系程序。",
                shot="IMG_20260327_094102.jpg"),
            sms("2026-03-29 22:51", "17188776655", "装死是吧？你通讯录里187个人明天都会知道你是个什么东西。"),
            sms("2026-03-30 10:05", "16512345678", "您好，您的好友周晓梅在我司借款逾期不还，麻烦转告她尽快处理，否则后果自负。",
                target="contacts", shot="微信图片_20260330_friend.jpg", note="朋友转来的催收短信截图"),
            call("2026-03-31 16:20", "16512345678", "你女儿欠钱不还，你们当父母的管不管？", target="family",
                 recording="通话录音_16512345678_20260331.m4a", note="母亲接到的催收电话录音"),
            sms("2026-04-02 23:30", "17188776655", "老赖，不要脸的东西，钱借了就不还？"),
        ],
        steps_taken=[],
        wants=["stop_harassment", "delete_my_data", "compensation"],
    ),
    inputs=forms(court="杭州市西湖区人民法院", police="杭州市公安局西湖区分局文新派出所", gender="女", birth="1993-04-12",
                 occupation="会计", employer="杭州青禾财务咨询有限公司", compensation="10000",
                 mental_harm="父母和通讯录里的朋友都接到了催收电话和短信，被告知欠钱不还。此后长期失眠、焦虑，不敢接听陌生来电，2026年4月到医院心理科就诊",
                 regulator=("浙江省地方金融管理局", "浙江省杭州市上城区省府路8号", "310025", "local"),
                 carriers={"中国联通": ("浙江省杭州市滨江区江南大道1288号", "310051"),
                           "中国移动": ("浙江省杭州市上城区解放东路19号", "310016")},
                 association=("浙江省消费者权益保护委员会", "浙江省杭州市西湖区文二路391号", "310012")),
))

# 3. Violence threatened by an unlicensed lender (砍头息); no collector address; she must not post her home address.
add(TruthCase(
    id="c03_violence_unlicensed", about="threat of violence, unlicensed lender, no collector address",
    carriers=("中国联通",), tags=frozenset({"danger", "no_collector_address"}),
    file=_case(
        today="2026-05-09",
        borrower={"name": "陈建华", "phone": "13602487715", "id_number": id_number("44010619880915301"),
                  "address": addr("广东省", "广州市", "天河区", "棠下村东二巷14号302房", "510665")},
        lender={"name": "速融借款（微信群“速融周转”）", "kind": "unlicensed", "illegal_debt_signs": True},
        collector={"name": "自称“速融”催收组的“阿强”", "kind": "lender_itself", "numbers": ["16733445566"]},
        harassment={"channels": ["call", "wechat", "sms"], "targets": ["self"], "content": ["threat_violence"],
                    "night_contact": True, "max_per_day": 18, "first_seen": "2026-04-20"},
        log=[
            wechat("2026-04-20 21:48", "借3000到手2100，7天还3000，今天到期了，别跟我玩失踪。", shot="微信截图_20260420_2148.png"),
            call("2026-04-23 23:12", "16733445566", "明天不把钱打过来，我带兄弟去棠下找你，打断你的腿。",
                 recording="录音_16733445566_20260423_2312.m4a", note="4月23日深夜威胁电话录音"),
            sms("2026-04-25 07:35", "16733445566", "我们知道你住哪栋楼，别逼我们上门。", shot="Screenshot_20260425-073544.jpg"),
        ],
        steps_taken=[],
        wants=["stop_harassment"],
    ),
    inputs=forms(court="广州市天河区人民法院", police="广州市公安局天河区分局棠下派出所", gender="男", birth="1988-09-15",
                 occupation="外卖骑手", employer="无",
                 carriers={"中国联通": ("广东省广州市天河区天河路广州联通大厦", "510620")}),
))

# 4. A bank's credit card collection: bank, daytime calls to the borrower and her employer, loan reference.
add(TruthCase(
    id="c04_bank", about="bank credit card, employer called, daytime only", carriers=("中国电信",),
    tags=frozenset({"employer"}),
    file=_case(
        today="2026-06-15",
        borrower={"name": "王立新", "phone": "18911024477", "id_number": id_number("11010519850302461"),
                  "address": addr("北京市", "北京市", "朝阳区", "望京西园三区311号楼5单元602", "100102")},
        lender={"name": "华北商业银行股份有限公司信用卡中心", "kind": "bank", "app_name": "华北银行信用卡",
                "address": addr("北京市", "北京市", "西城区", "金融大街12号", "100033"), "loan_reference": "信用卡尾号6621"},
        collector={"name": "北京安信汇通信息咨询有限公司", "kind": "outsourced_agency", "numbers": ["13322223333", "18933334444"],
                   "address": addr("河北省", "廊坊市", "广阳区", "新华路66号创业大厦12层", "065000")},
        harassment={"channels": ["call"], "targets": ["self", "employer"], "content": ["disclose_debt"],
                    "night_contact": False, "max_per_day": 12, "first_seen": "2026-05-18"},
        log=[
            call("2026-05-18 10:15", "13322223333", "王先生，您尾号6621的信用卡已逾期45天，欠款38650元，请今天内还最低还款额。"),
            call("2026-05-26 14:02", "18933334444", "你们公司的王立新信用卡欠款三万多一直不还，请你们领导督促他。",
                 target="employer", recording="同事转述录音_20260526.m4a", note="同事转述单位前台接到的催收电话"),
            call("2026-06-03 11:47", "13322223333", "再不还我们就联系你单位人事部门，让大家都知道。"),
        ],
        steps_taken=[],
        wants=["stop_harassment", "negotiate_repayment"],
    ),
    inputs=forms(court="北京市朝阳区人民法院", police="北京市公安局朝阳分局望京派出所", gender="男", birth="1985-03-02",
                 occupation="销售", employer="北京远景建材贸易有限公司",
                 regulator=("国家金融监督管理总局北京监管局", "北京市西城区金融大街15号", "100033"),
                 carriers={"中国电信": ("北京市西城区金融大街31号", "100033")},
                 association=("北京市消费者协会", "北京市西城区阜成门外大街2号", "100037"),
                 repayment=("本人2026年4月被公司降薪一半，目前月收入4800元，需要赡养母亲", "1200", "36", "2026-07-10")),
))

# 5. A consumer-finance company: fake court threats ("已立案", "传票"), employer contacted.
add(TruthCase(
    id="c05_consumer_finance_fake_court", about="consumer finance, fake court threats, employer contacted",
    carriers=("中国移动",), tags=frozenset({"employer", "fake_court"}),
    file=_case(
        today="2026-04-09",
        borrower={"name": "刘芳", "phone": "13751640928", "id_number": id_number("44030419950221642"),
                  "address": addr("广东省", "深圳市", "福田区", "梅林街道梅华路105号梅林一村18栋501", "518049")},
        lender={"name": "南粤消费金融有限公司", "kind": "consumer_finance", "app_name": "南粤钱包",
                "address": addr("广东省", "广州市", "越秀区", "东风中路437号越秀城市广场南塔30层", "510030"),
                "loan_reference": "NYXF-2025-08-114592"},
        collector={"name": "广州明诚企业管理咨询有限公司", "kind": "outsourced_agency", "numbers": ["13812345678"],
                   "address": addr("广东省", "佛山市", "南海区", "桂城街道海八路10号1506", "528200")},
        harassment={"channels": ["sms", "call"], "targets": ["self", "employer"], "content": ["false_legal_threat"],
                    "night_contact": False, "max_per_day": 9, "first_seen": "2026-03-12"},
        log=[
            sms("2026-03-12 09:05", "13812345678", "【南粤钱包】刘芳，你的案件已提交福田区法院立案，传票将于三日内送达你单位。",
                shot="Screenshot_20260312-090533.jpg"),
            call("2026-03-19 15:30", "13812345678", "我是法院执行局的，你再不还款明天就冻结你的工资卡。"),
            call("2026-03-20 10:12", "13812345678", "你们单位的刘芳涉嫌恶意逃废债，法院马上要来单位调查。", target="employer"),
        ],
        steps_taken=[],
        wants=["stop_harassment"],
    ),
    inputs=forms(court="深圳市福田区人民法院", police="深圳市公安局福田分局梅林派出所", gender="女", birth="1995-02-21",
                 occupation="行政专员", employer="深圳瑞丰电子科技有限公司",
                 regulator=("国家金融监督管理总局深圳监管局", "广东省深圳市福田区益田路6003号", "518038"),
                 carriers={"中国移动": ("广东省深圳市福田区深南中路2018号", "518033")},
                 association=("深圳市消费者委员会", "广东省深圳市福田区福中三路1006号", "518048")),
))

# 6. A microloan company: family only as third party, insults.
add(TruthCase(
    id="c06_microloan_family_only", about="microloan, only the family contacted, insults", carriers=("中国联通",),
    tags=frozenset({"family_only"}),
    file=_case(
        today="2026-07-03",
        borrower={"name": "赵磊", "phone": "18672214590", "id_number": id_number("42010619900517231"),
                  "address": addr("湖北省", "武汉市", "洪山区", "珞喻路1037号华中小区9栋2单元401", "430074")},
        lender={"name": "荆楚网络小额贷款有限公司", "kind": "microloan", "app_name": "荆楚易贷",
                "address": addr("湖北省", "武汉市", "江汉区", "建设大道568号新世界国贸大厦I座33层", "430022"),
                "loan_reference": "JCXD20251009-55321"},
        collector={"name": "荆楚网络小额贷款有限公司催收部", "kind": "lender_itself", "numbers": ["15655556666"],
                   "address": addr("湖北省", "武汉市", "江汉区", "建设大道568号新世界国贸大厦I座33层", "430022")},
        harassment={"channels": ["call", "sms"], "targets": ["self", "family"], "content": ["insult"],
                    "night_contact": False, "max_per_day": 15, "first_seen": "2026-06-01"},
        log=[
            call("2026-06-01 13:22", "15655556666", "赵磊你个废物，借钱的时候怎么不说没钱？"),
            sms("2026-06-08 11:06", "15655556666", "赵磊爸爸，你儿子在荆楚易贷欠款6800元，你们家人要为他负责。", target="family",
                shot="父亲手机截图_20260608.jpg", note="父亲收到的催收短信截图"),
            call("2026-06-15 17:45", "15655556666", "你妈都被我们打电话打烦了，你还要不要脸？"),
        ],
        steps_taken=[],
        wants=["stop_harassment", "negotiate_repayment"],
    ),
    inputs=forms(court="武汉市洪山区人民法院", police="武汉市公安局洪山区分局珞南派出所", gender="男", birth="1990-05-17",
                 occupation="装修工", employer="无",
                 regulator=("湖北省地方金融管理局", "湖北省武汉市武昌区水果湖路268号", "430071"),
                 carriers={"中国联通": ("湖北省武汉市江汉区新华路218号", "430022")},
                 association=("湖北省消费者委员会", "湖北省武汉市武昌区中北路56号", "430077"),
                 repayment=("本人3月起工地停工，只能打零工，每月收入约3000元", "500", "14", "2026-08-01")),
))

# 7. An online platform; the collector impersonates the police.
add(TruthCase(
    id="c07_online_platform_impersonation", about="online platform, collector claims to be police",
    carriers=("中国电信",), tags=frozenset({"impersonation"}),
    file=_case(
        today="2026-05-28",
        borrower={"name": "孙悦", "phone": "13065218843", "id_number": id_number("32010219970930282"),
                  "address": addr("江苏省", "南京市", "鼓楼区", "中山北路219号1幢702室", "210009")},
        lender={"name": "金陵速达信息技术有限公司", "kind": "online_platform", "app_name": "速达借",
                "address": addr("江苏省", "南京市", "建邺区", "江东中路359号国睿大厦2号楼15层", "210019"),
                "loan_reference": "SDJ-0026637810"},
        collector={"name": "江苏恒信资产管理有限公司", "kind": "outsourced_agency", "numbers": ["17766667777"],
                   "address": addr("江苏省", "苏州市", "工业园区", "星湖街328号创意产业园12幢503", "215123")},
        harassment={"channels": ["call", "sms"], "targets": ["self"], "content": ["impersonating_officials"],
                    "night_contact": False, "max_per_day": 7, "first_seen": "2026-05-06"},
        log=[
            call("2026-05-06 10:40", "17766667777", "我是鼓楼公安分局经侦大队的李警官，你涉嫌恶意透支，请配合调查。",
                 recording="录音_17766667777_0506.mp3"),
            sms("2026-05-11 16:18", "17766667777", "孙悦，公安机关已对你的逾期行为备案，今天不结清将上门传唤。",
                shot="Screenshot_20260511-161802.jpg"),
        ],
        steps_taken=[],
        wants=["stop_harassment"],
    ),
    inputs=forms(court="南京市鼓楼区人民法院", police="南京市公安局鼓楼分局宁海路派出所", gender="女", birth="1997-09-30",
                 occupation="设计师", employer="南京拾光文化传媒有限公司",
                 regulator=("江苏省地方金融管理局", "江苏省南京市北京西路70号", "210024", "local"),
                 carriers={"中国电信": ("江苏省南京市鼓楼区虎踞路99号", "210013")},
                 association=("江苏省消费者权益保护委员会", "江苏省南京市鼓楼区北京西路30号", "210008")),
))

# 8. A log shorter than her statements: "since 1 February, up to 300 a day"; she imported three SMS only.
add(TruthCase(
    id="c08_log_shorter_than_statements", about="stated since 1 Feb up to 300 a day, 3 SMS imported",
    carriers=("中国移动",), tags=frozenset({"short_log"}),
    file=_case(
        today="2026-03-10",
        borrower={"name": "黄雅琴", "phone": "15902873361", "id_number": id_number("51010719910314362"),
                  "address": addr("四川省", "成都市", "武侯区", "科华北路62号力宝大厦北楼1908", "610041")},
        lender={"name": "天府消费金融股份有限公司", "kind": "consumer_finance", "app_name": "天府好借",
                "address": addr("四川省", "成都市", "高新区", "天府大道中段1388号美年广场A座22层", "610041"),
                "loan_reference": "TF2025HJ0918772"},
        collector={"name": "成都汇智商务服务有限公司", "kind": "outsourced_agency", "numbers": ["15911112222", "18299990000"],
                   "address": addr("四川省", "成都市", "金牛区", "一环路北三段1号天府商城1602", "610081")},
        harassment={"channels": ["sms", "call"], "targets": ["self"], "content": ["threat_exposure"],
                    "night_contact": False, "max_per_day": 300, "first_seen": "2026-02-01"},
        log=[
            sms("2026-03-02 09:12", "15911112222", "黄雅琴，逾期第29天，今日再不还款，我们将把你的逾期情况发到你朋友圈和单位群。"),
            sms("2026-03-04 12:40", "18299990000", "别以为换个号就找不到你，今天不处理明天全公司都会收到你的欠款通知。"),
            sms("2026-03-06 16:55", "15911112222", "最后通知：18点前还清天府好借欠款4126元，否则后果自负。"),
        ],
        steps_taken=[],
        wants=["stop_harassment"],
    ),
    inputs=forms(court="成都市武侯区人民法院", police="成都市公安局武侯区分局玉林派出所", gender="女", birth="1991-03-14",
                 occupation="导购", employer="成都春熙百货有限公司",
                 regulator=("国家金融监督管理总局四川监管局", "四川省成都市青羊区东城根上街95号", "610015"),
                 carriers={"中国移动": ("四川省成都市高新区交子大道77号", "610041")},
                 association=("四川省保护消费者权益委员会", "四川省成都市青羊区八宝街88号", "610031")),
))


def _carrier_step_case(number: int, result: str, *, name, phone, idno, address, number_called, carrier, today, on,
                       reference, lender, collector, texts, court, police, gender, birth, occupation, employer,
                       carrier_address, regulator, miit, association, night=False, content=()):
    moments, wording = texts
    log = [sms(moment, number_called, text, shot=shot) for (moment, shot), text in zip(moments, wording, strict=True)]
    return TruthCase(
        id=f"c{number:02d}_carrier_{result}", about=f"carrier complaint to {carrier}: {result}", carriers=(carrier,),
        tags=frozenset({f"carrier_{result}"}),
        file=_case(
            today=today, borrower={"name": name, "phone": phone, "id_number": idno, "address": address},
            lender=lender, collector=collector,
            harassment={"channels": ["sms", "call"], "targets": ["self"], "content": list(content), "night_contact": night,
                        "max_per_day": 6 + number, "first_seen": moments[0][0][:10]},
            log=log,
            steps_taken=[{"action": "complain_carrier", "on": on, "result": result, "reference": reference, "target": carrier}],
            wants=["stop_harassment"],
        ),
        inputs=forms(court=court, police=police, gender=gender, birth=birth, occupation=occupation, employer=employer,
                     regulator=regulator, miit=miit, carriers={carrier: carrier_address}, association=association),
    )


# 9-12. Each result of a carrier complaint (no_reply after 20 days, continued, refused, resolved), with its ticket number.
add(_carrier_step_case(
    9, "no_reply", name="马文博", phone="13526148830", idno=id_number("41010519870611253"),
    address=addr("河南省", "郑州市", "金水区", "农业路东段28号院6号楼1单元801", "450008"),
    number_called="13812345678", carrier="中国移动", today="2026-08-20", on="2026-07-28", reference="HN20260728114502",
    lender={"name": "中原消费金融有限公司", "kind": "consumer_finance", "app_name": "中原分期",
            "address": addr("河南省", "郑州市", "郑东新区", "商务外环路20号海联大厦16层", "450018"), "loan_reference": "ZY-FQ-7712094"},
    collector={"name": "河南宏远信息咨询有限公司", "kind": "outsourced_agency", "numbers": ["13812345678"],
               "address": addr("河南省", "洛阳市", "洛龙区", "开元大道218号1幢1703", "471000")},
    texts=([("2026-07-20 10:30", "Screenshot_20260720-103011.jpg"), ("2026-07-24 15:02", None)],
           ["马文博，中原分期欠款2750元已逾期，今日务必处理。", "你不接电话我们只能换别的方式找你了，你自己掂量。"]),
    court="郑州市金水区人民法院", police="郑州市公安局金水区分局花园路派出所", gender="男", birth="1987-06-11",
    occupation="司机", employer="郑州通达客运有限公司", carrier_address=("河南省郑州市金水区经三路北段99号", "450008"),
    regulator=("国家金融监督管理总局河南监管局", "河南省郑州市郑东新区商务外环路6号", "450018"),
    miit=("河南省通信管理局电信用户申诉受理中心", "河南省郑州市金水区花园路98号", "450008"),
    association=("河南省消费者协会", "河南省郑州市金水区经五路2号", "450008"), content=("threat_exposure",),
))
add(_carrier_step_case(
    10, "continued", name="吴婷婷", phone="18876430219", idno=id_number("46010619960825102"),
    address=addr("海南省", "海口市", "龙华区", "金贸西路18号东方世贸中心1512", "570125"),
    number_called="18612345678", carrier="中国联通", today="2026-09-14", on="2026-09-11", reference="LT-HI-0911-88231",
    lender={"name": "南海网络小额贷款有限公司", "kind": "microloan", "app_name": "椰风贷",
            "address": addr("海南省", "海口市", "美兰区", "国兴大道5号海南大厦26层", "570203"), "loan_reference": "YF2026031188"},
    collector={"name": "海南速通商务咨询有限公司", "kind": "outsourced_agency", "numbers": ["18612345678"],
               "address": addr("海南省", "三亚市", "吉阳区", "迎宾路360号1103", "572000")},
    texts=([("2026-08-30 21:40", "Screenshot_20260830-214055.jpg"), ("2026-09-12 08:15", None)],
           ["吴婷婷，椰风贷3100元今晚必须还上，明天开始我们天天找你。", "投诉运营商有什么用？号码多的是，照样打到你还钱为止。"]),
    court="海口市龙华区人民法院", police="海口市公安局龙华分局金贸派出所", gender="女", birth="1996-08-25",
    occupation="酒店前台", employer="海口椰林酒店管理有限公司", carrier_address=("海南省海口市龙华区滨海大道32号", "570105"),
    regulator=("海南省地方金融管理局", "海南省海口市美兰区国兴大道9号", "570203"),
    miit=("海南省通信管理局电信用户申诉受理中心", "海南省海口市龙华区滨海大道105号", "570105"),
    association=("海南省消费者委员会", "海南省海口市美兰区海府路59号", "570203"), night=True,
))
add(_carrier_step_case(
    11, "refused", name="郑国强", phone="13373192284", idno=id_number("37010219840103541"),
    address=addr("山东省", "济南市", "历下区", "泉城路180号齐鲁国际大厦2302", "250011"),
    number_called="17001234567", carrier="中国电信", today="2026-10-12", on="2026-10-09", reference="SD-DX-20261009-3318",
    lender={"name": "齐鲁银行股份有限公司零售信贷部", "kind": "bank", "app_name": "齐鲁e贷",
            "address": addr("山东省", "济南市", "市中区", "经七路176号", "250001"), "loan_reference": "QLED-2024-0631-229"},
    collector={"name": "山东信达通商务服务有限公司", "kind": "outsourced_agency", "numbers": ["17001234567"],
               "address": addr("山东省", "淄博市", "张店区", "人民西路230号金融大厦9层", "255000")},
    texts=([("2026-09-25 11:20", "Screenshot_20260925-112014.jpg"), ("2026-10-03 14:45", None)],
           ["郑国强，你的齐鲁e贷已逾期60天，欠款52300元，请立即还款。", "别以为不接电话就没事，每天都会有人打给你直到你还。"]),
    court="济南市历下区人民法院", police="济南市公安局历下区分局泉城路派出所", gender="男", birth="1984-01-03",
    occupation="个体经营者", employer="无", carrier_address=("山东省济南市历下区经十路9777号", "250014"),
    regulator=("国家金融监督管理总局山东监管局", "山东省济南市市中区经七路纬二路", "250001"),
    miit=("山东省通信管理局电信用户申诉受理中心", "山东省济南市历下区经十路14号", "250014"),
    association=("山东省消费者协会", "山东省济南市历下区解放路30号", "250013"),
))
add(_carrier_step_case(
    12, "resolved", name="林佳怡", phone="13959287746", idno=id_number("35020319990707372"),
    address=addr("福建省", "厦门市", "思明区", "湖滨南路388号国贸大厦1106", "361004"),
    number_called="17045678901", carrier="中国联通", today="2026-06-30", on="2026-06-18", reference="FJ-LT-618-00923",
    lender={"name": "鹭岛消费金融有限公司", "kind": "consumer_finance", "app_name": "鹭岛花",
            "address": addr("福建省", "厦门市", "湖里区", "象屿路93号厦门国际航运中心C栋8层", "361006"), "loan_reference": "LDH-88710023"},
    collector={"name": "福建正元资产管理有限公司", "kind": "outsourced_agency", "numbers": ["17045678901"],
               "address": addr("福建省", "福州市", "鼓楼区", "五四路158号环球广场2005", "350003")},
    texts=([("2026-06-05 10:10", "Screenshot_20260605-101022.jpg"), ("2026-06-12 16:35", None)],
           ["林佳怡，鹭岛花账单已逾期，欠款1890元，请于今日18点前处理。", "再拖下去会影响你的征信，别怪我们没提醒你。"]),
    court="厦门市思明区人民法院", police="厦门市公安局思明分局中华派出所", gender="女", birth="1999-07-07",
    occupation="教师", employer="厦门市思明区某培训学校", carrier_address=("福建省厦门市思明区鹭江道8号", "361001"),
    regulator=("国家金融监督管理总局厦门监管局", "福建省厦门市思明区鹭江道98号", "361001"),
    miit=("福建省通信管理局电信用户申诉受理中心", "福建省福州市鼓楼区东街33号", "350001"),
    association=("厦门市消费者委员会", "福建省厦门市思明区湖滨北路31号", "361012"),
))


def _lender_step_case(number: int, result: str, *, name, phone, idno, address, today, on, reference, lender, collector,
                      log, court, police, gender, birth, occupation, employer, regulator, association, targets=("self",),
                      content=(), night=False, carriers=None):
    return TruthCase(
        id=f"c{number:02d}_lender_{result}", about=f"lender complaint: {result}", carriers=tuple(carriers or {}),
        tags=frozenset({f"lender_{result}"}),
        file=_case(
            today=today, borrower={"name": name, "phone": phone, "id_number": idno, "address": address},
            lender=lender, collector=collector,
            harassment={"channels": sorted({entry["channel"] for entry in log}), "targets": list(targets),
                        "content": list(content), "night_contact": night, "max_per_day": 4 + number,
                        "first_seen": log[0]["at"][:10]},
            log=log,
            steps_taken=[{"action": "demand_collector_stop", "on": log[1]["at"][:10], "result": "continued"},
                         {"action": "complain_lender", "on": on, "result": result, "reference": reference}],
            wants=["stop_harassment"],
        ),
        inputs=forms(court=court, police=police, gender=gender, birth=birth, occupation=occupation, employer=employer,
                     regulator=regulator, carriers=carriers, association=association),
    )


# 13-16. Each result of a complaint to the lender, with its acceptance number.
add(_lender_step_case(
    13, "no_reply", name="何志远", phone="13807315562", idno=id_number("43010319860729131"),
    address=addr("湖南省", "长沙市", "岳麓区", "麓山南路932号桃子湖小区3栋601", "410006"),
    today="2026-08-05", on="2026-07-10", reference="TSBH20260710-0042",
    lender={"name": "潇湘消费金融有限公司", "kind": "consumer_finance", "app_name": "潇湘贷",
            "address": addr("湖南省", "长沙市", "天心区", "湘江中路二段36号华远国际中心41层", "410002"), "loan_reference": "XX-LN-20250302-7781"},
    collector={"name": "湖南鑫诚信息服务有限公司", "kind": "outsourced_agency", "numbers": ["13277778888"],
               "address": addr("湖南省", "株洲市", "天元区", "黄河南路99号科技大厦1203", "412007")},
    log=[call("2026-06-22 09:50", "13277778888", "何志远，潇湘贷欠款已逾期40天，今天给个还款时间。"),
         sms("2026-06-29 13:14", "13277778888", "何先生，您的欠款已转入我司处理，请今日内联系我们协商，否则将上报。",
             shot="Screenshot_20260629-131420.jpg"),
         call("2026-07-20 10:05", "13277778888", "投诉也没用，该还的钱一分不能少。")],
    court="长沙市岳麓区人民法院", police="长沙市公安局岳麓分局望月湖派出所", gender="男", birth="1986-07-29",
    occupation="工程师", employer="长沙中建设计院有限公司",
    regulator=("国家金融监督管理总局湖南监管局", "湖南省长沙市天心区湘江中路二段36号", "410002"),
    association=("湖南省消费者权益保护委员会", "湖南省长沙市开福区湘江中路一段6号", "410005"),
    carriers={"中国联通": ("湖南省长沙市芙蓉区五一大道368号", "410011")},
))
add(_lender_step_case(
    14, "continued", name="罗秀英", phone="18798452216", idno=id_number("52010219830416102"),
    address=addr("贵州省", "贵阳市", "南明区", "遵义路58号花果园R2区7栋2208", "550002"),
    today="2026-09-02", on="2026-08-28", reference="GZWD-TS-260828-117",
    lender={"name": "黔城网络小额贷款有限公司", "kind": "microloan", "app_name": "黔城快贷",
            "address": addr("贵州省", "贵阳市", "观山湖区", "林城西路95号贵阳国际金融中心2号楼18层", "550081"),
            "loan_reference": "QCKD-9022817"},
    collector={"name": "黔城网络小额贷款有限公司贷后管理部", "kind": "lender_itself", "numbers": ["18299990000"],
               "address": addr("贵州省", "贵阳市", "观山湖区", "林城西路95号贵阳国际金融中心2号楼18层", "550081")},
    log=[sms("2026-08-10 20:30", "18299990000", "罗秀英，黔城快贷本息合计2460元，今天不还明天开始联系你的紧急联系人。",
             shot="Screenshot_20260810-203055.jpg"),
         call("2026-08-16 12:25", "18299990000", "你儿子的电话我们已经拿到了，你看着办。"),
         call("2026-08-31 09:35", "18299990000", "你投诉到公司也没用，还是我们在跟你的案子。")],
    content=("threat_exposure",),
    court="贵阳市南明区人民法院", police="贵阳市公安局南明分局花果园派出所", gender="女", birth="1983-04-16",
    occupation="保洁员", employer="贵阳洁亮物业服务有限公司",
    regulator=("贵州省地方金融管理局", "贵州省贵阳市观山湖区长岭北路行政中心", "550081"),
    association=("贵州省消费者协会", "贵州省贵阳市云岩区北京路9号", "550004"),
))
add(_lender_step_case(
    15, "refused", name="高鹏", phone="15524671093", idno=id_number("21010219891120273"),
    address=addr("辽宁省", "沈阳市", "和平区", "南京北街206号华府天地3号楼1101", "110001"),
    today="2026-10-20", on="2026-10-01", reference="SJYH-KF-20261001-5561",
    lender={"name": "盛京商业银行股份有限公司", "kind": "bank", "app_name": "盛京银行手机银行",
            "address": addr("辽宁省", "沈阳市", "沈河区", "北站路109号", "110013"), "loan_reference": "SJ-XD-2023-118842"},
    collector={"name": "辽宁金盾商务咨询有限公司", "kind": "outsourced_agency", "numbers": ["15655556666"],
               "address": addr("辽宁省", "大连市", "中山区", "人民路23号虹源大厦15层", "116001")},
    log=[call("2026-09-08 10:00", "15655556666", "高先生，您在盛京银行的消费贷已逾期，请尽快安排还款。"),
         call("2026-09-15 11:30", "15655556666", "你同事小张我们已经联系了，让他转告你。", target="employer"),
         sms("2026-09-22 16:40", "15655556666", "高鹏，你单位的电话我们都有，今天不还就天天打到你单位。",
             shot="Screenshot_20260922-164012.jpg")],
    targets=("self", "employer"), content=("threat_exposure",),
    court="沈阳市和平区人民法院", police="沈阳市公安局和平分局南市场派出所", gender="男", birth="1989-11-20",
    occupation="仓储主管", employer="沈阳东方物流有限公司",
    regulator=("国家金融监督管理总局辽宁监管局", "辽宁省沈阳市沈河区北京街17号", "110013"),
    association=("辽宁省消费者协会", "辽宁省沈阳市和平区南京北街50号", "110001"),
    carriers={"中国联通": ("辽宁省沈阳市和平区中华路42号", "110001")},
))
add(_lender_step_case(
    16, "resolved", name="曹丽娟", phone="13991057742", idno=id_number("61010319940602224"),
    address=addr("陕西省", "西安市", "碑林区", "南大街118号南门国际公寓901", "710001"),
    today="2026-11-16", on="2026-10-30", reference="CAXF-20261030-00917",
    lender={"name": "长安消费金融有限公司", "kind": "consumer_finance", "app_name": "长安易借",
            "address": addr("陕西省", "西安市", "雁塔区", "高新路52号高科大厦20层", "710075"), "loan_reference": "CAYJ-20240519-6630"},
    collector={"name": "西安恒泰信息咨询有限公司", "kind": "outsourced_agency", "numbers": ["18933334444"],
               "address": addr("陕西省", "咸阳市", "秦都区", "人民西路18号金泰大厦707", "712000")},
    log=[call("2026-10-12 14:20", "18933334444", "曹女士，您长安易借的账单逾期了，今天能还吗？"),
         sms("2026-10-19 10:45", "18933334444", "曹丽娟，逾期费用每天都在增加，请尽快处理，别让事情闹大。",
             shot="Screenshot_20261019-104532.jpg"),
         call("2026-11-10 19:10", "18933334444", "上次的事算了，现在换我们组跟你的账，还是得还钱。")],
    court="西安市碑林区人民法院", police="西安市公安局碑林分局南院门派出所", gender="女", birth="1994-06-02",
    occupation="护士", employer="西安市某社区卫生服务中心",
    regulator=("国家金融监督管理总局陕西监管局", "陕西省西安市新城区西一路108号", "710004"),
    association=("陕西省消费者权益保护委员会", "陕西省西安市莲湖区西华门1号", "710003"),
))

# 17. Two carriers: a 170 number on China Telecom's network and a 171 number on China Unicom's.
add(TruthCase(
    id="c17_two_carriers_170_171", about="170 (China Telecom network) and 171 (China Unicom network)",
    carriers=("中国电信", "中国联通"), tags=frozenset({"two_carriers"}),
    file=_case(
        today="2026-05-20",
        borrower={"name": "杨帆", "phone": "13622907751", "id_number": id_number("45010319930818111"),
                  "address": addr("广西壮族自治区", "南宁市", "青秀区", "民族大道136号华润大厦C座1605", "530028")},
        lender={"name": "八桂消费金融有限公司", "kind": "consumer_finance", "app_name": "八桂贷",
                "address": addr("广西壮族自治区", "南宁市", "良庆区", "五象大道401号五象航洋城1号楼19层", "530200"),
                "loan_reference": "BGD-2025-12-30118"},
        collector={"name": "广西鼎力商务服务有限公司", "kind": "outsourced_agency", "numbers": ["17012345678", "17198765432"],
                   "address": addr("广西壮族自治区", "柳州市", "城中区", "五一路8号柳州大厦1508", "545001")},
        harassment={"channels": ["sms", "call"], "targets": ["self", "contacts"], "content": ["threat_exposure"],
                    "night_contact": True, "max_per_day": 40, "first_seen": "2026-04-18"},
        log=[
            sms("2026-04-18 08:02", "17012345678", "杨帆，八桂贷欠款3580元已逾期，今天中午12点前还款。", shot="Screenshot_20260418-080211.jpg"),
            call("2026-04-26 22:18", "17198765432", "你不还我们就把你通讯录全部打一遍，你自己选。"),
            sms("2026-05-01 10:30", "17198765432", "您好，杨帆欠款不还，您作为其联系人请督促其还款。", target="contacts",
                shot="朋友转发截图_20260501.jpg", note="朋友转来的催收短信截图"),
        ],
        steps_taken=[{"action": "complain_carrier", "on": "2026-05-06", "result": "continued", "reference": "GXDX0506-7735",
                      "target": "中国电信"}],
        wants=["stop_harassment", "delete_my_data"],
    ),
    inputs=forms(court="南宁市青秀区人民法院", police="南宁市公安局青秀分局新竹派出所", gender="男", birth="1993-08-18",
                 occupation="电工", employer="南宁恒光机电工程有限公司",
                 regulator=("国家金融监督管理总局广西监管局", "广西壮族自治区南宁市青秀区金浦路22号", "530022"),
                 miit=("广西壮族自治区通信管理局电信用户申诉受理中心", "广西壮族自治区南宁市青秀区民族大道85号", "530022"),
                 carriers={"中国电信": ("广西壮族自治区南宁市青秀区民族大道147号", "530028"),
                           "中国联通": ("广西壮族自治区南宁市青秀区东葛路18号", "530022")},
                 association=("广西壮族自治区消费者权益保护委员会", "广西壮族自治区南宁市青秀区竹溪大道39号", "530023")),
))

# 18. Two carriers: a 138 China Mobile number and a 186 China Unicom number; China Mobile refused (with ticket).
add(TruthCase(
    id="c18_two_carriers_138_186", about="138 China Mobile and 186 China Unicom; China Mobile refused",
    carriers=("中国移动", "中国联通"), tags=frozenset({"two_carriers"}),
    file=_case(
        today="2026-07-21",
        borrower={"name": "徐海燕", "phone": "13512267734", "id_number": id_number("12010119870511422"),
                  "address": addr("天津市", "天津市", "南开区", "鞍山西道286号金融街中心1203", "300193")},
        lender={"name": "渤海网络小额贷款有限公司", "kind": "microloan", "app_name": "渤海随借",
                "address": addr("天津市", "天津市", "和平区", "南京路189号津汇广场2座28层", "300051"), "loan_reference": "BHSJ-2026-0001734"},
        collector={"name": "天津安达信商务咨询有限公司", "kind": "outsourced_agency", "numbers": ["13812345678", "18612345678"],
                   "address": addr("天津市", "天津市", "河西区", "友谊路35号城市大厦18层", "300061")},
        harassment={"channels": ["sms", "call"], "targets": ["self", "family"], "content": ["insult", "threat_exposure"],
                    "night_contact": False, "max_per_day": 22, "first_seen": "2026-06-11"},
        log=[
            call("2026-06-11 11:00", "13812345678", "徐海燕，渤海随借4200元还不还？不还你就是个骗子。"),
            sms("2026-06-17 15:42", "18612345678", "徐女士的丈夫您好，您妻子欠款不还，您是否替她还？", target="family",
                shot="丈夫手机截图_20260617.jpg", note="丈夫收到的催收短信截图"),
            sms("2026-06-24 09:26", "13812345678", "臭不要脸的，再不还就把你欠钱的事发到你小区业主群。", shot="Screenshot_20260624-092611.jpg"),
        ],
        steps_taken=[{"action": "complain_carrier", "on": "2026-07-02", "result": "refused", "reference": "TJYD20260702-9918",
                      "target": "中国移动"}],
        wants=["stop_harassment", "compensation"],
    ),
    inputs=forms(court="天津市南开区人民法院", police="天津市公安局南开分局学府派出所", gender="女", birth="1987-05-11",
                 occupation="超市收银员", employer="天津家乐购超市有限公司", compensation="6000",
                 mental_harm="丈夫收到催收短信后家里多次争吵，又被威胁要把欠款的事发到小区业主群，连续多日失眠，上班时精神恍惚",
                 regulator=("天津市地方金融管理局", "天津市河西区友谊路30号", "300061"),
                 miit=("天津市通信管理局电信用户申诉受理中心", "天津市和平区南京路105号", "300041"),
                 association=("天津市消费者协会", "天津市和平区曲阜道80号", "300042"),
                 carriers={"中国移动": ("天津市河西区围堤道125号", "300074"), "中国联通": ("天津市和平区南京路181号", "300051")}),
))

# 19. Night contact shown by the log only (she did not tick it); nothing else unusual.
add(TruthCase(
    id="c19_night_by_log", about="night contact from the log only", carriers=("中国移动",), tags=frozenset({"night"}),
    file=_case(
        today="2026-04-30",
        borrower={"name": "宋雨晴", "phone": "18601239967", "id_number": id_number("13010219980103242"),
                  "address": addr("河北省", "石家庄市", "长安区", "中山东路326号万达广场公寓B座1702", "050011")},
        lender={"name": "燕赵消费金融有限公司", "kind": "consumer_finance", "app_name": "燕赵易分期",
                "address": addr("河北省", "石家庄市", "桥西区", "中华南大街60号河北金融中心22层", "050051"),
                "loan_reference": "YZYFQ-20251120-3345"},
        collector={"name": "河北盛华商务信息咨询有限公司", "kind": "outsourced_agency", "numbers": ["15911112222"],
                   "address": addr("河北省", "保定市", "竞秀区", "朝阳北大街688号1208", "071051")},
        harassment={"channels": ["call", "sms"], "targets": ["self"], "content": [], "max_per_day": 8,
                    "first_seen": "2026-04-06"},
        log=[
            call("2026-04-06 23:41", "15911112222", "宋雨晴，燕赵易分期欠款什么时候还？"),
            sms("2026-04-09 06:12", "15911112222", "早上好，今天是还款最后期限，欠款1530元请于中午前结清。",
                shot="Screenshot_20260409-061245.jpg"),
            call("2026-04-15 22:07", "15911112222", "这么晚打给你是因为白天你不接。"),
        ],
        steps_taken=[],
        wants=["stop_harassment"],
    ),
    inputs=forms(court="石家庄市长安区人民法院", police="石家庄市公安局长安分局建北派出所", gender="女", birth="1998-01-03",
                 occupation="文员", employer="石家庄恒远商贸有限公司",
                 regulator=("国家金融监督管理总局河北监管局", "河北省石家庄市桥西区自强路35号", "050051"),
                 carriers={"中国移动": ("河北省石家庄市桥西区中华南大街172号", "050051")},
                 association=("河北省消费者权益保护委员会", "河北省石家庄市长安区广安大街36号", "050011")),
))

# 20. Polite but relentless: daytime calls to her only, no insults, no threats, no third parties, no night.
add(TruthCase(
    id="c20_daytime_only_no_insults", about="daytime calls to her only: no night, insult, threat or third party",
    carriers=("中国电信",), tags=frozenset({"plain"}),
    file=_case(
        today="2026-06-08",
        borrower={"name": "钱伟", "phone": "13151826604", "id_number": id_number("32050219920219351"),
                  "address": addr("江苏省", "苏州市", "姑苏区", "人民路1568号苏州商厦公寓807", "215005")},
        lender={"name": "姑苏银行股份有限公司", "kind": "bank", "app_name": "姑苏银行",
                "address": addr("江苏省", "苏州市", "工业园区", "钟园路728号", "215028"), "loan_reference": "GSYH-GXD-20250915-204"},
        collector={"name": "苏州立信企业管理咨询有限公司", "kind": "outsourced_agency", "numbers": ["19912345678"],
                   "address": addr("江苏省", "无锡市", "梁溪区", "中山路333号无锡国际大厦1801", "214001")},
        harassment={"channels": ["call"], "targets": ["self"], "content": [], "night_contact": False, "max_per_day": 35,
                    "first_seen": "2026-05-11"},
        log=[
            call("2026-05-11 09:03", "19912345678", "钱先生您好，这里是姑苏银行委托的贷后服务，您的个人贷款已逾期，请问今天能处理吗？",
                 recording="录音_19912345678_0511.m4a"),
            call("2026-05-11 09:26", "19912345678", "钱先生，刚才电话没说完，麻烦您给个还款日期。"),
            call("2026-05-20 14:40", "19912345678", "钱先生，今天第28通电话了，请您接一下。"),
        ],
        steps_taken=[],
        wants=["stop_harassment", "negotiate_repayment"],
    ),
    inputs=forms(court="苏州市姑苏区人民法院", police="苏州市公安局姑苏分局观前派出所", gender="男", birth="1992-02-19",
                 occupation="厨师", employer="苏州松鹤楼餐饮有限公司",
                 regulator=("国家金融监督管理总局苏州监管分局", "江苏省苏州市工业园区苏州大道东265号", "215028"),
                 carriers={"中国电信": ("江苏省苏州市姑苏区人民路1599号", "215005")},
                 association=("苏州市消费者协会", "江苏省苏州市姑苏区三香路120号", "215004"),
                 repayment=("本人所在餐厅2026年4月起停业装修，收入中断三个月", "1500", "24", "2026-07-01")),
))

# 21. Impersonating officials AND fake court threats, unlicensed-looking "法务部".
add(TruthCase(
    id="c21_officials_and_fake_court", about="impersonates court staff, fake 传票 and arrest threats",
    carriers=("中国移动",), tags=frozenset({"impersonation", "fake_court"}),
    file=_case(
        today="2026-08-27",
        borrower={"name": "邓晓东", "phone": "17384210065", "id_number": id_number("53010219910412153"),
                  "address": addr("云南省", "昆明市", "五华区", "东风西路118号春城公寓5栋303", "650031")},
        lender={"name": "滇池网络小额贷款有限公司", "kind": "microloan", "app_name": "滇池快借",
                "address": addr("云南省", "昆明市", "盘龙区", "北京路1079号云南新闻出版大厦27层", "650051"),
                "loan_reference": "DCKJ-202507-04471"},
        collector={"name": "昆明信合法务咨询有限公司", "kind": "outsourced_agency", "numbers": ["15911112222"],
                   "address": addr("云南省", "昆明市", "西山区", "滇池路569号润城第二大道1506", "650228")},
        harassment={"channels": ["call", "sms"], "targets": ["self"], "content": ["impersonating_officials", "false_legal_threat"],
                    "night_contact": False, "max_per_day": 11, "first_seen": "2026-08-03"},
        log=[
            sms("2026-08-03 10:21", "15911112222", "【五华区人民法院】邓晓东，你涉嫌借贷纠纷一案已立案，传票编号(2026)云0102民初第8812号，请速联系承办人。",
                shot="Screenshot_20260803-102155.jpg"),
            call("2026-08-10 16:05", "15911112222", "我是法院的王书记员，你今天不还明天就拘留你。", recording="录音_15911112222_0810.m4a"),
        ],
        steps_taken=[],
        wants=["stop_harassment"],
    ),
    inputs=forms(court="昆明市五华区人民法院", police="昆明市公安局五华分局护国派出所", gender="男", birth="1991-04-12",
                 occupation="快递员", employer="昆明顺捷快递服务有限公司",
                 regulator=("云南省地方金融管理局", "云南省昆明市西山区广福路8号", "650228"),
                 carriers={"中国移动": ("云南省昆明市五华区东风西路156号", "650031")},
                 association=("云南省消费者协会", "云南省昆明市五华区三市街6号", "650021")),
))

# 22. Employer contacted: HR and colleagues, threat to tell the company, disclose the debt.
add(TruthCase(
    id="c22_employer_contacted", about="HR and colleagues told of the debt", carriers=("中国联通",),
    tags=frozenset({"employer"}),
    file=_case(
        today="2026-09-25",
        borrower={"name": "韩冰", "phone": "13804521397", "id_number": id_number("23010219880725412"),
                  "address": addr("黑龙江省", "哈尔滨市", "南岗区", "西大直街118号学府公寓4单元502", "150001")},
        lender={"name": "龙江消费金融有限公司", "kind": "consumer_finance", "app_name": "龙江分期乐",
                "address": addr("黑龙江省", "哈尔滨市", "道里区", "友谊路200号龙江金融大厦15层", "150010"),
                "loan_reference": "LJFQL-2025-000918"},
        collector={"name": "黑龙江正通商务咨询有限公司", "kind": "outsourced_agency", "numbers": ["13025252525"],
                   "address": addr("黑龙江省", "大庆市", "萨尔图区", "东风路22号东方大厦901", "163311")},
        harassment={"channels": ["call", "sms"], "targets": ["self", "employer"], "content": ["disclose_debt", "threat_exposure"],
                    "night_contact": False, "max_per_day": 14, "first_seen": "2026-09-01"},
        log=[
            call("2026-09-01 09:30", "13025252525", "韩冰，龙江分期乐欠款5200元，你打算拖到什么时候？"),
            call("2026-09-08 14:10", "13025252525", "请问是人事部吗？你们员工韩冰欠我们公司钱不还，麻烦通知她处理。", target="employer",
                 recording="人事部录音_20260908.m4a", note="单位人事部提供的通话录音"),
            sms("2026-09-12 11:55", "13025252525", "韩冰，你们公司财务、人事我们都打过了，下一步就是你们老板。",
                shot="Screenshot_20260912-115503.jpg"),
        ],
        steps_taken=[],
        wants=["stop_harassment", "compensation"],
    ),
    inputs=forms(court="哈尔滨市南岗区人民法院", police="哈尔滨市公安局南岗分局大直派出所", gender="女", birth="1988-07-25",
                 occupation="人力资源专员", employer="哈尔滨北方电气设备有限公司", compensation="8000",
                 mental_harm="单位人事部、财务和同事都接到了催收电话，被领导约谈，在单位抬不起头；此后夜里失眠，2026年9月到医院就诊",
                 witnesses="孟凡，哈尔滨北方电气设备有限公司人事部经理，住哈尔滨市南岗区红军街15号",
                 regulator=("国家金融监督管理总局黑龙江监管局", "黑龙江省哈尔滨市南岗区红军街2号", "150001"),
                 carriers={"中国联通": ("黑龙江省哈尔滨市南岗区长江路366号", "150090")},
                 association=("黑龙江省消费者协会", "黑龙江省哈尔滨市南岗区果戈里大街300号", "150001")),
))

# 23. Family only: the collector calls her parents and brother, never her colleagues or contacts.
add(TruthCase(
    id="c23_family_only", about="parents and brother called; no one else", carriers=("中国电信",),
    tags=frozenset({"family_only"}),
    file=_case(
        today="2026-10-30",
        borrower={"name": "唐敏", "phone": "15184407723", "id_number": id_number("36010219960307184"),
                  "address": addr("江西省", "南昌市", "东湖区", "八一大道357号财富广场A座1011", "330006")},
        lender={"name": "赣鄱网络小额贷款有限公司", "kind": "microloan", "app_name": "赣鄱好借",
                "address": addr("江西省", "南昌市", "红谷滩区", "赣江中大道1218号新地中心2号楼12层", "330038"),
                "loan_reference": "GPHJ-20260211-3307"},
        collector={"name": "江西信诺商务服务有限公司", "kind": "outsourced_agency", "numbers": ["13322223333"],
                   "address": addr("江西省", "九江市", "浔阳区", "浔阳东路88号1402", "332000")},
        harassment={"channels": ["call"], "targets": ["self", "family"], "content": ["threat_exposure"],
                    "night_contact": False, "max_per_day": 6, "first_seen": "2026-10-05"},
        log=[
            call("2026-10-05 10:00", "13322223333", "唐敏，赣鄱好借欠款1980元已逾期，今天能不能还？"),
            call("2026-10-11 18:30", "13322223333", "阿姨，您女儿唐敏欠钱不还，您当妈的要不要帮她还？", target="family",
                 recording="母亲手机录音_20261011.m4a", note="母亲接到的催收电话录音"),
            call("2026-10-17 12:15", "13322223333", "你弟弟的电话我们也有，再不还就让全家都知道。"),
        ],
        steps_taken=[],
        wants=["stop_harassment"],
    ),
    inputs=forms(court="南昌市东湖区人民法院", police="南昌市公安局东湖分局八一桥派出所", gender="女", birth="1996-03-07",
                 occupation="美容师", employer="南昌悦容美容有限公司",
                 regulator=("江西省地方金融管理局", "江西省南昌市红谷滩区卧龙路999号", "330038"),
                 carriers={"中国电信": ("江西省南昌市东湖区阳明路115号", "330006")},
                 association=("江西省消费者权益保护委员会", "江西省南昌市红谷滩区丰和中大道1266号", "330038")),
))

# 24. No third party at all, but insults to her.
add(TruthCase(
    id="c24_no_third_parties_insults", about="no third party contacted; insults to her", carriers=("中国移动",),
    tags=frozenset({"self_only"}),
    file=_case(
        today="2026-11-05",
        borrower={"name": "冯晓光", "phone": "13636520018", "id_number": id_number("31010419900908231"),
                  "address": addr("上海市", "上海市", "徐汇区", "漕溪北路88号圣爱大厦2103", "200030")},
        lender={"name": "浦江消费金融有限公司", "kind": "consumer_finance", "app_name": "浦江借呗",
                "address": addr("上海市", "上海市", "浦东新区", "陆家嘴环路1000号恒生银行大厦36层", "200120"),
                "loan_reference": "PJJB-202506-119035"},
        collector={"name": "上海汇讯企业咨询有限公司", "kind": "outsourced_agency", "numbers": ["18299990000"],
                   "address": addr("上海市", "上海市", "闵行区", "七莘路1839号1208室", "201101")},
        harassment={"channels": ["call", "sms"], "targets": ["self"], "content": ["insult"], "night_contact": False,
                    "max_per_day": 10, "first_seen": "2026-10-14"},
        log=[
            sms("2026-10-14 12:00", "18299990000", "冯晓光你这种人渣也配借钱？赶紧把3650元还上。", shot="Screenshot_20261014-120012.jpg"),
            call("2026-10-21 15:48", "18299990000", "你是不是脑子有病，欠钱不还还敢挂电话？", recording="录音_18299990000_1021.m4a"),
        ],
        steps_taken=[],
        wants=["stop_harassment", "compensation"],
    ),
    inputs=forms(court="上海市徐汇区人民法院", police="上海市公安局徐汇分局漕河泾派出所", gender="男", birth="1990-09-08",
                 occupation="网约车司机", employer="无", compensation="3000",
                 mental_harm="被反复在电话和短信里辱骂，精神紧张、睡不好觉，开车时不敢接听电话，接单减少、收入下降",
                 regulator=("国家金融监督管理总局上海监管局", "上海市浦东新区陆家嘴东路166号", "200120"),
                 carriers={"中国移动": ("上海市长寿路200号", "200060")},
                 association=("上海市消费者权益保护委员会", "上海市长乐路1331号", "200031")),
))

# 25. Known agency without a known address; debt disclosed to her contacts.
add(TruthCase(
    id="c25_no_collector_address", about="agency's address unknown", carriers=("中国联通",),
    tags=frozenset({"no_collector_address", "contacts"}),
    file=_case(
        today="2026-07-14",
        borrower={"name": "谢婉清", "phone": "18520937746", "id_number": id_number("44190019940505182"),
                  "address": addr("广东省", "东莞市", "南城街道", "鸿福路200号海德广场2栋1502", "523071")},
        lender={"name": "岭南消费金融有限公司", "kind": "consumer_finance", "app_name": "岭南随心借",
                "address": addr("广东省", "广州市", "海珠区", "阅江西路222号广州塔南广场1号楼26层", "510310"),
                "loan_reference": "LNSXJ-2025-0415-882"},
        collector={"name": "东莞百信商务咨询服务有限公司", "kind": "outsourced_agency", "numbers": ["13277778888"]},
        harassment={"channels": ["sms"], "targets": ["self", "contacts"], "content": ["disclose_debt"],
                    "night_contact": False, "max_per_day": 16, "first_seen": "2026-06-20"},
        log=[
            sms("2026-06-20 10:33", "13277778888", "谢婉清，岭南随心借逾期款项2980元，请今日处理。"),
            sms("2026-06-27 14:09", "13277778888", "您好，您的朋友谢婉清在岭南随心借有一笔欠款未还，请提醒她联系我们。", target="contacts",
                shot="同学转发截图_20260627.jpg", note="同学转来的催收短信截图"),
        ],
        steps_taken=[],
        wants=["stop_harassment", "delete_my_data"],
    ),
    inputs=forms(court="东莞市第一人民法院", police="东莞市公安局南城分局", gender="女", birth="1994-05-05",
                 occupation="跟单员", employer="东莞华丰电子有限公司",
                 regulator=("国家金融监督管理总局广东监管局", "广东省广州市天河区珠江新城华夏路16号", "510623"),
                 carriers={"中国联通": ("广东省东莞市南城区鸿福路106号", "523071")},
                 association=("东莞市消费者委员会", "广东省东莞市南城街道宏伟路2号", "523071")),
))

# 26. Violence threatened by a licensed lender's agency; she gives a legal-aid clinic as her contact address.
add(TruthCase(
    id="c26_violence_contact_address", about="violence threat by an agency; contact address of a legal-aid clinic",
    carriers=("中国移动",), tags=frozenset({"danger", "contact_address"}),
    file=_case(
        today="2026-06-24",
        borrower={"name": "彭丽", "phone": "13874412208", "id_number": id_number("43060219891230342"),
                  "address": addr("湖南省", "岳阳市", "岳阳楼区", "南湖大道72号南湖花园8栋306", "414000"),
                  "contact_address": addr("湖南省", "岳阳市", "岳阳楼区", "五里牌路16号岳阳市法律援助中心转", "414000")},
        lender={"name": "洞庭消费金融有限公司", "kind": "consumer_finance", "app_name": "洞庭e借",
                "address": addr("湖南省", "长沙市", "开福区", "芙蓉中路一段478号运达国际广场32层", "410005"),
                "loan_reference": "DTEJ-20250808-5106"},
        collector={"name": "湖南威信商务咨询有限公司", "kind": "outsourced_agency", "numbers": ["18299990000"],
                   "address": addr("湖南省", "衡阳市", "蒸湘区", "解放西路18号华源大厦11层", "421001")},
        harassment={"channels": ["call", "sms"], "targets": ["self"], "content": ["threat_violence"],
                    "night_contact": True, "max_per_day": 20, "first_seen": "2026-06-02"},
        log=[
            call("2026-06-02 21:55", "18299990000", "彭丽，我们知道你在南湖花园，哪天碰上了别怪我们不客气。",
                 recording="录音_18299990000_0602.m4a", note="6月2日夜间威胁电话录音"),
            sms("2026-06-09 13:20", "18299990000", "钱不还，你出门小心点，车也看好了。", shot="Screenshot_20260609-132047.jpg"),
        ],
        steps_taken=[],
        wants=["stop_harassment", "delete_my_data"],
    ),
    inputs=forms(court="岳阳市岳阳楼区人民法院", police="岳阳市公安局岳阳楼分局南湖派出所", gender="女", birth="1989-12-30",
                 occupation="小学教师", employer="岳阳市某小学",
                 regulator=("国家金融监督管理总局湖南监管局", "湖南省长沙市天心区湘江中路二段36号", "410002"),
                 carriers={"中国移动": ("湖南省岳阳市岳阳楼区巴陵中路188号", "414000")},
                 association=("岳阳市消费者权益保护委员会", "湖南省岳阳市岳阳楼区金鹗中路128号", "414000")),
))

# 27. Letters already sent today: the cease letter, the lender complaint and the carrier complaint are recorded as steps
#     dated the letters' own date (a letter must not cite itself as an earlier step).
add(TruthCase(
    id="c27_steps_recorded_today", about="own steps recorded on the letter date", carriers=("中国联通",),
    tags=frozenset({"own_step_today"}),
    file=_case(
        today="2026-08-12",
        borrower={"name": "蒋文", "phone": "13408865512", "id_number": id_number("51030219920119271"),
                  "address": addr("四川省", "自贡市", "自流井区", "五星街88号盐都花园2栋701", "643000")},
        lender={"name": "巴蜀消费金融有限公司", "kind": "consumer_finance", "app_name": "巴蜀借",
                "address": addr("四川省", "成都市", "锦江区", "红星路三段1号国际金融中心2号楼39层", "610021"),
                "loan_reference": "BSJ-2025-11-77820"},
        collector={"name": "四川远信商务咨询有限公司", "kind": "outsourced_agency", "numbers": ["15655556666"],
                   "address": addr("四川省", "绵阳市", "涪城区", "临园路东段66号1701", "621000")},
        harassment={"channels": ["call", "sms"], "targets": ["self"], "content": ["threat_exposure"],
                    "night_contact": False, "max_per_day": 13, "first_seen": "2026-07-22"},
        log=[
            sms("2026-07-22 11:11", "15655556666", "蒋文，巴蜀借欠款3320元，再拖就通知你的家人和单位。", shot="Screenshot_20260722-111104.jpg"),
            call("2026-08-01 16:27", "15655556666", "别以为躲得掉，我们有你全部的资料。"),
        ],
        steps_taken=[
            {"action": "demand_collector_stop", "on": "2026-08-12"},
            {"action": "complain_lender", "on": "2026-08-12"},
            {"action": "complain_carrier", "on": "2026-08-12", "target": "中国联通"},
        ],
        wants=["stop_harassment"],
    ),
    inputs=forms(court="自贡市自流井区人民法院", police="自贡市公安局自流井区分局五星街派出所", gender="男", birth="1992-01-19",
                 occupation="化工厂操作工", employer="自贡鸿鹤化工股份有限公司",
                 regulator=("国家金融监督管理总局四川监管局", "四川省成都市青羊区东城根上街95号", "610015"),
                 carriers={"中国联通": ("四川省自贡市自流井区交通路22号", "643000")},
                 association=("自贡市消费者协会", "四川省自贡市自流井区丹桂大街118号", "643000")),
))

# 28. Code bombing AND contacts blasted; she also typed two of the ports into the collector's numbers.
add(TruthCase(
    id="c28_bombing_and_contacts", about="code bombing plus contacts blasted; ports listed among the numbers",
    carriers=("中国移动",), tags=frozenset({"bombing", "contacts"}),
    file=_case(
        today="2026-09-30",
        borrower={"name": "许晨", "phone": "18710924455", "id_number": id_number("61011319950227331"),
                  "address": addr("陕西省", "西安市", "雁塔区", "小寨西路26号赛格国际公寓1908", "710061")},
        lender={"name": "秦川网络科技有限公司", "kind": "online_platform", "app_name": "秦川分期",
                "address": addr("陕西省", "西安市", "高新区", "锦业路1号都市之门B座21层", "710065"), "loan_reference": "QCFQ-20260317-2290"},
        collector={"name": "陕西利达商务信息咨询有限公司", "kind": "outsourced_agency",
                   "numbers": ["15911112222", "10690123456789", "106980095555"],
                   "address": addr("陕西省", "宝鸡市", "渭滨区", "经二路118号华厦大厦1006", "721000")},
        harassment={"channels": ["sms", "call", "verification_code_bombing"], "targets": ["self", "contacts"],
                    "content": ["threat_exposure", "disclose_debt"], "night_contact": True, "max_per_day": 500,
                    "first_seen": "2026-09-03"},
        log=[
            sms("2026-09-03 10:00", "15911112222", "许晨，秦川分期欠款不还，从今天开始让你的手机响个不停。", shot="Screenshot_20260903-100002.jpg"),
            bomb("2026-09-03 23:48", "10690123456789", "【鲜果到家】验证码 662081，用于手机号注册，10分钟内有效。",
                 shot="Screenshot_20260903-234810.jpg"),
            bomb("2026-09-03 23:48", "106980095555", "【智行出行】您正在登录，验证码为 319450。"),
            sms("2026-09-07 13:30", "15911112222", "你好，你通讯录里的许晨欠我们平台钱不还，看到请转告他。", target="contacts",
                shot="表姐转发截图_20260907.jpg", note="表姐转来的催收短信截图"),
        ],
        steps_taken=[],
        wants=["stop_harassment", "delete_my_data", "compensation"],
    ),
    inputs=forms(court="西安市雁塔区人民法院", police="西安市公安局雁塔分局小寨路派出所", gender="男", birth="1995-02-27",
                 occupation="程序员", employer="西安云启软件有限公司", compensation="12000",
                 mental_harm="手机整夜收到验证码短信，无法正常使用和休息，表姐等亲戚也收到了催收短信；连续多日失眠，工作中多次出错",
                 regulator=("陕西省地方金融管理局", "陕西省西安市新城区新城大院", "710004", "local"),
                 carriers={"中国移动": ("陕西省西安市雁塔区长安南路197号", "710061")},
                 association=("陕西省消费者权益保护委员会", "陕西省西安市莲湖区西华门1号", "710003")),
))

# 29. Unlicensed lender with a contact address (a relative's shop): no violence, but the PIPL letter goes to them.
add(TruthCase(
    id="c29_unlicensed_contact_address", about="unlicensed lender (套路贷 signs); contact address of a relative",
    carriers=("中国电信",), tags=frozenset({"danger", "contact_address"}),
    file=_case(
        today="2026-05-15",
        borrower={"name": "郭子豪", "phone": "13599208831", "id_number": id_number("35010219970814211"),
                  "address": addr("福建省", "福州市", "仓山区", "金山大道618号橘园洲小区12座802", "350007"),
                  "contact_address": addr("福建省", "福州市", "鼓楼区", "杨桥东路17号郭记五金店转", "350001")},
        lender={"name": "闪贷（应用“闪电口袋”，运营方不明）", "kind": "unlicensed", "app_name": "闪电口袋",
                "illegal_debt_signs": True},
        collector={"name": "“闪电口袋”催收人员", "kind": "lender_itself", "numbers": ["16212344321"]},
        harassment={"channels": ["sms", "call"], "targets": ["self", "contacts"], "content": ["threat_exposure", "disclose_debt"],
                    "night_contact": False, "max_per_day": 30, "first_seen": "2026-04-28"},
        log=[
            sms("2026-04-28 09:15", "16212344321", "借款1500到账1050，6天后应还1800，已逾期请立即还款。", shot="Screenshot_20260428-091512.jpg"),
            sms("2026-05-02 12:30", "16212344321", "您好，郭子豪借款逾期不还，已将您列为其担保人，请督促还款。", target="contacts"),
        ],
        steps_taken=[],
        wants=["stop_harassment", "delete_my_data"],
    ),
    inputs=forms(court="福州市仓山区人民法院", police="福州市公安局仓山分局金山派出所", gender="男", birth="1997-08-14",
                 occupation="汽修学徒", employer="福州鑫达汽车维修有限公司",
                 carriers={"中国电信": ("福建省福州市鼓楼区五四路268号", "350003")}),
))

# 30. A 传票 sent by text by a microloan's agency (fake court), with obscene pictures threatened; no third parties.
add(TruthCase(
    id="c30_fake_summons_obscene", about="fake 传票 by SMS, obscene messages", carriers=("中国联通",),
    tags=frozenset({"fake_court"}),
    file=_case(
        today="2026-10-08",
        borrower={"name": "白雪", "phone": "15044017263", "id_number": id_number("15010219980616202"),
                  "address": addr("内蒙古自治区", "呼和浩特市", "赛罕区", "新华东街85号万达广场公寓A座1206", "010020")},
        lender={"name": "草原网络小额贷款有限公司", "kind": "microloan", "app_name": "草原速借",
                "address": addr("内蒙古自治区", "呼和浩特市", "新城区", "新华大街63号金融大厦17层", "010050"),
                "loan_reference": "CYSJ-2026-0617-0039"},
        collector={"name": "内蒙古恒达商务咨询有限公司", "kind": "outsourced_agency", "numbers": ["18612345678"],
                   "address": addr("内蒙古自治区", "包头市", "昆都仑区", "钢铁大街66号包商大厦808", "014010")},
        harassment={"channels": ["sms"], "targets": ["self"], "content": ["false_legal_threat", "obscene"],
                    "night_contact": False, "max_per_day": 8, "first_seen": "2026-09-16"},
        log=[
            sms("2026-09-16 10:40", "18612345678", "【赛罕区法院传票】白雪，因你拖欠草原速借借款，定于9月30日开庭，逾期不到庭将缺席判决并列入失信名单。",
                shot="Screenshot_20260916-104011.jpg"),
            sms("2026-09-21 15:05", "18612345678", "不还钱就把你的照片P成裸照发到网上，你自己想清楚。", shot="Screenshot_20260921-150533.jpg"),
        ],
        steps_taken=[],
        wants=["stop_harassment"],
    ),
    inputs=forms(court="呼和浩特市赛罕区人民法院", police="呼和浩特市公安局赛罕区分局大学路派出所", gender="女", birth="1998-06-16",
                 occupation="奶茶店店员", employer="呼和浩特茶语餐饮店",
                 regulator=("内蒙古自治区地方金融管理局", "内蒙古自治区呼和浩特市新城区新华大街1号", "010055"),
                 carriers={"中国联通": ("内蒙古自治区呼和浩特市新城区新华大街19号", "010050")},
                 association=("内蒙古自治区消费者协会", "内蒙古自治区呼和浩特市新城区中山东路8号", "010020")),
))

# 31. Defamation to her contacts ("诈骗犯"), statements only for the contacts, log for herself; repayment wanted.
add(TruthCase(
    id="c31_defamation_contacts", about="defamation sent to contacts", carriers=("中国电信",),
    tags=frozenset({"contacts"}),
    file=_case(
        today="2026-11-20",
        borrower={"name": "方静怡", "phone": "13721468850", "id_number": id_number("34010219930301122"),
                  "address": addr("安徽省", "合肥市", "蜀山区", "长江西路189号之心城公寓B座1101", "230031")},
        lender={"name": "徽商消费金融有限公司", "kind": "consumer_finance", "app_name": "徽商好借",
                "address": addr("安徽省", "合肥市", "庐阳区", "长江中路436号金城大厦28层", "230061"),
                "loan_reference": "HSHJ-2024-1203-6618"},
        collector={"name": "安徽鼎信资产管理有限公司", "kind": "outsourced_agency", "numbers": ["15388886666"],
                   "address": addr("安徽省", "芜湖市", "镜湖区", "北京中路7号金鹰大厦1502", "241000")},
        harassment={"channels": ["sms", "call"], "targets": ["self", "contacts"], "content": ["defamation", "disclose_debt"],
                    "night_contact": False, "max_per_day": 19, "first_seen": "2026-10-25"},
        log=[
            sms("2026-10-25 09:20", "15388886666", "方静怡，徽商好借欠款6400元已逾期，请尽快还款。"),
            sms("2026-11-02 11:48", "15388886666", "各位好，方静怡是诈骗犯，骗了我们公司的钱跑路了，大家小心她。", target="contacts",
                shot="朋友截图_20261102.jpg", note="朋友转来的诽谤短信截图"),
        ],
        steps_taken=[],
        wants=["stop_harassment", "compensation", "negotiate_repayment"],
    ),
    inputs=forms(court="合肥市蜀山区人民法院", police="合肥市公安局蜀山分局三里庵派出所", gender="女", birth="1993-03-01",
                 occupation="药剂师", employer="合肥同仁药房有限公司", compensation="15000",
                 mental_harm="朋友们收到称其为“诈骗犯”的短信后纷纷来电询问，正值产假期间，情绪低落、失眠，担心影响回单位工作",
                 regulator=("国家金融监督管理总局安徽监管局", "安徽省合肥市蜀山区怀宁路1639号", "230022"),
                 carriers={"中国电信": ("安徽省合肥市庐阳区长江中路199号", "230001")},
                 association=("安徽省消费者权益保护委员会", "安徽省合肥市包河区徽州大道4000号", "230051"),
                 repayment=("本人2026年9月生育后休产假，收入减少一半", "800", "10", "2026-12-15")),
))

# 32. Statements only, no log: she tells her story in her own words (the narrative the form asks for).
add(TruthCase(
    id="c32_statements_only", about="no log; stated facts and her own account", carriers=("中国移动",),
    tags=frozenset({"no_log", "employer"}),
    file=_case(
        today="2026-04-16",
        borrower={"name": "袁博", "phone": "13910234476", "id_number": id_number("37020219860919153"),
                  "address": addr("山东省", "青岛市", "市南区", "香港中路76号颐和国际公寓A座2106", "266071")},
        lender={"name": "琴岛消费金融有限公司", "kind": "consumer_finance", "app_name": "琴岛易借",
                "address": addr("山东省", "青岛市", "崂山区", "海尔路61号天宝国际大厦15层", "266061"),
                "loan_reference": "QDYJ-20250121-4432"},
        collector={"name": "青岛海信达商务咨询有限公司", "kind": "outsourced_agency", "numbers": ["17876543210"],
                   "address": addr("山东省", "青岛市", "李沧区", "九水东路628号1104", "266100")},
        harassment={"channels": ["call", "sms"], "targets": ["self", "employer"], "content": ["threat_exposure"],
                    "night_contact": True, "max_per_day": 50, "first_seen": "2026-03-09"},
        steps_taken=[],
        wants=["stop_harassment"],
    ),
    inputs=forms(court="青岛市市南区人民法院", police="青岛市公安局市南分局香港中路派出所", gender="男", birth="1986-09-19",
                 occupation="船舶维修技师", employer="青岛远洋船舶修造有限公司",
                 regulator=("国家金融监督管理总局青岛监管局", "山东省青岛市市南区山东路2号", "266071"),
                 carriers={"中国移动": ("山东省青岛市市南区东海西路21号", "266071")},
                 association=("青岛市消费者协会", "山东省青岛市市南区福州南路12号", "266071"),
                 narrative="3月9日起，对方用17876543210每天给我打几十个电话，最多一天打了50个，夜里十一二点还在打。3月20日对方打到我们厂调度室，跟调度员说我欠钱不还，让单位扣我工资。"),
))

# 33. Visits and WeChat: an agency's staff came to her home and posted on her door; threats of violence; no contact address.
add(TruthCase(
    id="c33_visit_wechat_violence", about="home visit and WeChat, threat of violence, bank", carriers=("中国联通",),
    tags=frozenset({"danger"}),
    file=_case(
        today="2026-09-09",
        borrower={"name": "韦秋菊", "phone": "18677120394", "id_number": id_number("45030219900423282"),
                  "address": addr("广西壮族自治区", "桂林市", "七星区", "七星路56号漓江花园3栋402", "541004")},
        lender={"name": "漓江银行股份有限公司", "kind": "bank", "app_name": "漓江银行",
                "address": addr("广西壮族自治区", "桂林市", "秀峰区", "中山中路38号", "541001"), "loan_reference": "LJYH-XYK-0098812"},
        collector={"name": "桂林鼎盛商务服务有限公司", "kind": "outsourced_agency", "numbers": ["13277778888"],
                   "address": addr("广西壮族自治区", "桂林市", "叠彩区", "中山北路120号1305", "541001")},
        harassment={"channels": ["visit", "wechat", "call"], "targets": ["self", "family"], "content": ["threat_violence"],
                    "night_contact": False, "max_per_day": 5, "first_seen": "2026-08-15"},
        log=[
            wechat("2026-08-15 14:10", "韦女士，明天我们两个同事会去漓江花园找你面谈还款的事。", shot="微信截图_20260815_1410.png"),
            {"at": _at("2026-08-16 10:30"), "channel": "visit", "target": "family",
             "text": "两名男子到家门口，对我婆婆说再不还钱就让我们家过不安生，并在门上贴了催款单。",
             "evidence": [evidence("门上催款单_20260816.jpg", "8月16日门上张贴的催款单照片", _at("2026-08-16 10:30"))]},
            call("2026-08-20 12:05", "13277778888", "上次是客气，下次去就不是贴纸这么简单了。"),
        ],
        steps_taken=[],
        wants=["stop_harassment"],
    ),
    inputs=forms(court="桂林市七星区人民法院", police="桂林市公安局七星分局七星派出所", gender="女", birth="1990-04-23",
                 occupation="导游", employer="桂林山水国际旅行社有限公司",
                 regulator=("国家金融监督管理总局广西监管局", "广西壮族自治区南宁市青秀区金浦路22号", "530022"),
                 carriers={"中国联通": ("广西壮族自治区桂林市秀峰区中山中路16号", "541001")},
                 association=("桂林市消费者委员会", "广西壮族自治区桂林市七星区漓江路28号", "541004")),
))

CASES_BY_ID = {case.id: case for case in CASES}


# --- what each case calls for -------------------------------------------------------------------------------

def kinds_for(case: TruthCase) -> list[tuple[str, str]]:
    """Every (kind, target) the case calls for, from facts.md alone (not from today's letters code)."""
    data = case.file
    lender_kind = (data.get("lender") or {}).get("kind", "unknown")
    wants = set(data.get("wants") or [])
    today = case.today
    result = [("collector_cease", "")]
    if lender_kind != "unlicensed":
        result.append(("lender_complaint", ""))
    result.append(("pipl_request", ""))
    if "negotiate_repayment" in wants:
        result.append(("repayment_proposal", ""))
    result += [("carrier_complaint", carrier) for carrier in case.carriers]
    if numbers_of(case):
        result.append(("report_12321", ""))
    for carrier in case.carriers:
        for step in data.get("steps_taken") or []:
            if step["action"] != "complain_carrier" or step.get("target", carrier) != carrier:
                continue
            on = dt.date.fromisoformat(step["on"])
            if step.get("result") in ("continued", "refused") or (step.get("result") == "no_reply" and today > on + dt.timedelta(days=15)):
                result.append(("miit_appeal", carrier))
                break
    if lender_kind in LICENSED:
        result.append(("regulator_complaint", ""))
    result.append(("police_report", ""))
    # A 起诉状 names the defendant's 住所 (民事诉讼法 第一百二十四条): only where she knows it.
    if (data.get("collector") or {}).get("address") or ((data.get("collector") or {}).get("kind") == "lender_itself"
                                                        and (data.get("lender") or {}).get("address")):
        result.append(("civil_complaint", ""))
    if lender_kind in LICENSED:
        result.append(("consumer_association_complaint", ""))
    return result


# Ten varied cases whose cease letters and lender complaints must share no facts paragraph.
TEN_CASES = ("c02_contacts_blasted", "c04_bank", "c05_consumer_finance_fake_court", "c06_microloan_family_only",
             "c08_log_shorter_than_statements", "c13_lender_no_reply", "c17_two_carriers_170_171",
             "c20_daytime_only_no_insults", "c22_employer_contacted", "c31_defamation_contacts")

# Which kinds a case's variation is about: rendered for every case that calls for them with that variation. Every other
# (case, kind) is rendered for every other case in turn, so the suite renders each PDF kind for many cases while
# staying within a few minutes on two shared cores (ZHIRAO_TRUTH_FULL=1 renders every letter of every case).
_FOCUS = {
    "collector_cease": lambda case: True,
    "lender_complaint": lambda case: case.id in TEN_CASES or case.tags & {"bombing", "contact_address", "own_step_today"}
    or any(t.startswith("lender_") for t in case.tags),
    "pipl_request": lambda case: case.tags & {"danger", "contact_address", "contacts", "bombing"},
    "repayment_proposal": lambda case: True,
    "carrier_complaint": lambda case: case.tags & {"two_carriers", "own_step_today", "bombing"}
    or any(t.startswith("carrier_") for t in case.tags) or content_of(case) & {"insult", "defamation"},
    "report_12321": lambda case: case.tags & {"bombing"} or content_of(case) & {"insult", "defamation"},
    "miit_appeal": lambda case: True,
    "regulator_complaint": lambda case: case.tags & {"contact_address", "bombing"} or any(t.startswith("lender_") for t in case.tags),
    "police_report": lambda case: case.tags & {"bombing", "danger", "impersonation", "fake_court"},
    "civil_complaint": lambda case: case.tags & {"bombing", "contacts", "self_only"} or "compensation" in case.file.get("wants", []),
    "consumer_association_complaint": lambda case: False,
}


def combos(full: bool | None = None) -> list[tuple[str, str, str]]:
    """The (case, kind, target) letters the suite renders: all the case calls for in its focus, the rest in turn."""
    import os

    full = os.environ.get("ZHIRAO_TRUTH_FULL") == "1" if full is None else full
    chosen = []
    for index, case in enumerate(CASES):
        for kind, target in kinds_for(case):
            if full or _FOCUS[kind](case) or index % 3 == 0:
                chosen.append((case.id, kind, target))
    return chosen


def combo_id(combo) -> str:
    case_id, kind, target = combo
    return f"{case_id}-{kind}" + (f"-{target}" if target else "")


# --- facts of a case, as the checks read them -----------------------------------------------------------------

def national(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def numbers_of(case: TruthCase) -> list[str]:
    data = case.file
    found = [national(n) for n in (data.get("collector") or {}).get("numbers") or []]
    found += [national(entry["from_number"]) for entry in data.get("log") or [] if entry.get("from_number")]
    return list(dict.fromkeys(found))


def channels_of(case: TruthCase) -> set[str]:
    data = case.file
    return set((data.get("harassment") or {}).get("channels") or []) | {e.get("channel") for e in data.get("log") or []}


def targets_of(case: TruthCase) -> set[str]:
    data = case.file
    return set((data.get("harassment") or {}).get("targets") or []) | {e.get("target", "self") for e in data.get("log") or []}


def content_of(case: TruthCase) -> set[str]:
    return set((case.file.get("harassment") or {}).get("content") or [])


def has_third_parties(case: TruthCase) -> bool:
    return bool(targets_of(case) & set(THIRD_PARTIES))


def has_bombing(case: TruthCase) -> bool:
    return "verification_code_bombing" in channels_of(case)


def bombing_ports(case: TruthCase) -> list[str]:
    """The 106 ports the flood came from: in bombing log entries, and 106 numbers she listed for a bombing case."""
    if not has_bombing(case):
        return []
    data = case.file
    ports = [national(e["from_number"]) for e in data.get("log") or []
             if e.get("channel") == "verification_code_bombing" and national(e.get("from_number", "")).startswith("106")]
    ports += [national(n) for n in (data.get("collector") or {}).get("numbers") or [] if national(n).startswith("106")]
    return list(dict.fromkeys(ports))


def has_night_contact(case: TruthCase) -> bool:
    data = case.file
    if (data.get("harassment") or {}).get("night_contact"):
        return True
    for entry in data.get("log") or []:
        hour = dt.datetime.fromisoformat(entry["at"]).astimezone(dt.timezone(dt.timedelta(hours=8))).hour
        if hour >= 21 or hour < 8:
            return True
    return False


def in_danger(case: TruthCase) -> bool:
    """Threatened with violence, or dealing with an unlicensed lender (issue 13, Safety)."""
    data = case.file
    lender = data.get("lender") or {}
    return "threat_violence" in content_of(case) or lender.get("kind") == "unlicensed"


def chinese_date(day) -> str:
    day = dt.date.fromisoformat(day[:10]) if isinstance(day, str) else day
    return f"{day.year}年{day.month}月{day.day}日"


def case_dates(case: TruthCase) -> list[str]:
    data = case.file
    dates = [(data.get("harassment") or {}).get("first_seen")]
    dates += [dt.datetime.fromisoformat(e["at"]).date().isoformat() for e in data.get("log") or []]
    dates += [s["on"] for s in data.get("steps_taken") or []]
    return list(dict.fromkeys(chinese_date(d) for d in dates if d))


def own_words(case: TruthCase) -> list[str]:
    """Her log texts and her narrative: what she (or the collector, in the messages she logged) wrote."""
    words = [e["text"] for e in case.file.get("log") or [] if e.get("text")]
    if case.inputs.get("narrative"):
        words.append(case.inputs["narrative"])
    return words


def address_line(address: dict) -> str:
    parts = [address.get(k, "") for k in ("province", "city", "district", "street")]
    if parts[0] == parts[1]:
        parts[1] = ""
    return "".join(parts)


def evidence_hashes(case: TruthCase) -> list[str]:
    return list(dict.fromkeys(ref.split(":", 1)[1] for e in case.file.get("log") or [] for ref in e.get("evidence") or []))


def case_strings(case: TruthCase) -> list[str]:
    """Every string value of the case file and its inputs (names, references, app names...)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.append(node)
    walk(case.file)
    walk(case.inputs)
    return found


# --- the adapter: the one place that knows the letters API ------------------------------------------------------

class RenderFailed(Exception):
    pass


def parsed(case: TruthCase) -> dict:
    """The case file as the app holds it (facts.md parser; numbers in E.164)."""
    from guidance.schema import parse_case_file

    return parse_case_file(copy.deepcopy(case.file))


def _evidence_rows(case_file: dict):
    from complaints.evidence_rows import rows_from_manifest

    hashes = list(dict.fromkeys(ref.split(":", 1)[1] for e in case_file.get("log") or [] for ref in e.get("evidence") or []))
    return rows_from_manifest([EVIDENCE_FILES[digest] for digest in hashes if digest in EVIDENCE_FILES])


def render_pdf(case_file: dict, kind: str, target: str, inputs: dict, today: dt.date) -> bytes:
    """compose + render_html + PDF, as the app renders a letter from a case file and the borrower's form inputs.
    `inputs["narrative"]` is her own account (the form's free text); the evidence list is her uploaded files."""
    from complaints.letters.compose import compose, render_html
    from complaints.letters.output import letter_pdf

    inputs = dict(inputs)
    narrative = inputs.pop("narrative", "")
    draft = compose(case_file, kind, today=today, target=target, inputs=inputs, narrative=narrative,
                    evidence_list=_evidence_rows(case_file))
    return letter_pdf(render_html(draft))


def pdf_to_text(pdf: bytes) -> str:
    from tests.pdf_tools import pdf_text

    return pdf_text(pdf)


def render_text(case_file: dict, kind: str, target: str, inputs: dict, today: dt.date) -> str:
    """The letter's text as a reader sees it (pdftotext -layout; pages separated by form feeds)."""
    return pdf_to_text(render_pdf(case_file, kind, target, inputs, today))


@cache
def letter_text(case_id: str, kind: str, target: str = "") -> str:
    """Rendered once per test session. Raises RenderFailed (with the reason) when no letter could be made."""
    case = CASES_BY_ID[case_id]
    try:
        return render_text(parsed(case), kind, target, case.inputs_for(kind, target), case.today)
    except Exception as error:  # the suite reports why a letter the case calls for cannot be made
        raise RenderFailed(f"{type(error).__name__}: {error}") from error


# --- reading the text ---------------------------------------------------------------------------------------

PAGE_FOOTER = re.compile(r"^\s*\d+\s*/\s*\d+\s*$")
SECTION_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、\s*\S{2,16}|诉讼请求|事实与理由|事实和理由|法律依据|证据和证据来源|证据目录|附件|附件：\S*|附：|此致)$"
)


def lines_of(text: str) -> list[str]:
    """The text's lines without page footers ("2 / 3") and form feeds."""
    return [line.replace("\f", "") for line in text.split("\n") if not PAGE_FOOTER.match(line.replace("\f", ""))]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _section(text: str, is_heading) -> str:
    lines = lines_of(text)
    for index, line in enumerate(lines):
        stripped = line.strip()
        if SECTION_HEADING.match(stripped) and is_heading(stripped):
            body = []
            for following in lines[index + 1:]:
                if SECTION_HEADING.match(following.strip()):
                    break
                body.append(following)
            return "\n".join(body)
    return ""


def facts_section(text: str) -> str:
    """The letter's facts section (事实经过, 事实与理由, 事实根据和理由, 案件事实, ...情况), '' when it has none."""
    return _section(text, lambda heading: "事实" in heading or "情况" in heading)


def demands_section(text: str) -> str:
    """The letter's demands (请求事项, 诉讼请求, 申诉要求, 报案请求, 举报请求), '' when it has none."""
    return _section(text, lambda heading: "请求" in heading or "要求" in heading)


def letter_body(text: str) -> str:
    """The letter without the evidence list that follows it."""
    lines = lines_of(text)
    for index, line in enumerate(lines):
        if re.fullmatch(r"\s*(附件：)?证据目录\s*", line):
            return "\n".join(lines[:index])
    return "\n".join(lines)


def evidence_list_section(text: str) -> str:
    lines = lines_of(text)
    for index, line in enumerate(lines):
        if re.fullmatch(r"\s*(附件：)?证据目录\s*", line):
            return "\n".join(lines[index:])
    return ""
