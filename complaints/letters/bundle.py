"""All of a case's letters in one download: which go in and why the others do not, and the ZIP itself. Pure (no
database): complaints.services.letter_bundle generates the letters and stores the ZIP.

A ZIP of the stored PDFs rather than one merged PDF: each letter goes to its own addressee, and each file is byte for
byte the letter kept with its SHA-256 (letters are stored as rendered), so the list inside lets anyone check it.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class BundledFile:
    name: str  # its name inside the ZIP
    title: str  # what the list says it is
    data: bytes
    sha256: str
    addressee: str = ""


def left_out_reason(*, status: str, until: str, missing: list[str]) -> str | None:
    """Why a letter the plan names is not generated now (None: it is). In the language active; `missing` holds the
    labels of the facts the draft lacks (compose.LetterDraft.missing, Chinese source strings)."""
    if status == "done":
        return _("这一步你已经做过了。")
    if status == "later":
        return _("按计划，要先完成前面的步骤，再寄出这一封。")
    if status == "waiting":
        return _("按计划，等到 %(until)s 之后再寄出这一封。") % {"until": until}
    if missing:
        return _("还缺少这些信息：%(items)s。请在这封文书的页面补充。") % {"items": "、".join(_(label) for label in missing)}
    return None


_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def bundled_name(number: int, label: str) -> str:
    """`01-致中国电信的投诉信.pdf`: numbered in the plan's order, no character a file system refuses."""
    return f"{number:02d}-{_UNSAFE_IN_NAME.sub('_', label).strip('_')}.pdf"


def bundle_list(*, reference: str, made_at: str, files: list[BundledFile], left_out: list[dict]) -> str:
    """The text file inside the ZIP: each file with its addressee and SHA-256, then the letters left out and why."""
    lines = [_("止扰 Zhirao：案件 %(reference)s 的文书，%(made_at)s 生成。") % {"reference": reference, "made_at": made_at},
             _("每个 PDF 与系统中保存的文书完全相同，可以用下面的 SHA-256 校验值核对。"), ""]
    for item in files:
        lines.append(f"{item.name}  {item.title}")
        if item.addressee:
            lines.append("    " + _("收件人：%(name)s") % {"name": item.addressee})
        lines.append(f"    SHA-256: {item.sha256}")
    if left_out:
        lines += ["", _("没有放入的文书：")]
        lines += [f"- {item['label']}：{item['reason']}" for item in left_out]
    return "\r\n".join(lines) + "\r\n"  # CRLF: Notepad on a clinic's Windows PC shows the lines too


def bundle_zip(*, files: list[BundledFile], list_name: str, list_text: str) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            archive.writestr(item.name, item.data)
        archive.writestr(list_name, list_text.encode("utf-8-sig"))  # the BOM: Windows reads it as UTF-8
    return output.getvalue()
