"""Two demo evidence files for the demo case: a drawn SMS screenshot and an SMS Backup & Restore export."""

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from complaints.models import Case
from complaints.services.evidence import evidence_update, evidence_upload

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DEMO_SMS_XML = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="2" backup_set="00000000-0000-0000-0000-000000000000" backup_date="1773500711000" type="full">
  <sms protocol="0" address="+8617012345678" date="1773499260000" type="1" subject="null" body="（演示数据）再不还款，明天就把你欠钱的事发到你公司群里。" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="1773499258000" sub_id="1" readable_date="2026年3月14日 22:41:00" contact_name="(Unknown)" />
  <sms protocol="0" address="10690000123456" date="1773499500000" type="1" subject="null" body="【示例借】（演示数据）您的账单已逾期，否则将通知您的紧急联系人。" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="2026年3月14日 22:45:00" contact_name="(Unknown)" />
</smses>
"""


def _demo_screenshot() -> bytes:
    image = Image.new("RGB", (540, 960), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(CJK_FONT), 26) if CJK_FONT.exists() else ImageFont.load_default()
    draw.rectangle((0, 0, 540, 90), fill=(11, 92, 173))
    draw.text((24, 28), "+86 170 1234 5678", fill="white", font=font)
    draw.rounded_rectangle((24, 130, 500, 300), radius=18, fill=(233, 236, 240))
    draw.text((44, 150), "（演示数据）再不还款，明天就把", fill="black", font=font)
    draw.text((44, 190), "你欠钱的事发到你公司群里。", fill="black", font=font)
    draw.text((44, 250), "2026-03-14 22:41", fill=(74, 85, 99), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


DEMO_EVIDENCE = [
    ("Screenshot_20260314-224100.png", _demo_screenshot, "（演示数据）3月14日22:41催收短信截图", "催收方夜间发送威胁曝光的短信"),
    ("sms-20260314230511.xml", lambda: DEMO_SMS_XML.encode("utf-8"), "（演示数据）短信备份（SMS Backup & Restore）", "催收短信的时间、号码和内容"),
]


def demo_evidence_add(case: Case, *, actor) -> int:
    """Add the demo files to `case` unless it already has evidence; returns how many were stored."""
    if case.evidence.exists():
        return 0
    for name, build, description, proves in DEMO_EVIDENCE:
        outcome = evidence_upload(actor=actor, case=case, uploaded=SimpleUploadedFile(name, build()))
        evidence_update(actor=actor, evidence=outcome.evidence, description=description, proves=proves)
    return len(DEMO_EVIDENCE)
