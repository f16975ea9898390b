"""All of a case's letters in one download, or several cases' letters in one download with a folder per case:
which go in and why the others do not, the list inside, and the ZIP itself. Pure (no database):
complaints.services.letter_bundle generates the letters and stores the ZIP.

A ZIP of the stored PDFs rather than one merged PDF: each letter goes to its own addressee, and each file is byte for
byte the letter kept with its SHA-256 (letters are stored as rendered), so the list inside lets anyone check it.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


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
_SAME_AS_STORED = gettext_lazy("每个 PDF 与系统中保存的文书完全相同，可以用下面的 SHA-256 校验值核对。")


def bundled_name(number: int, label: str) -> str:
    """`01-致中国电信的投诉信.pdf`: numbered in the plan's order, no character a file system refuses."""
    return f"{number:02d}-{_UNSAFE_IN_NAME.sub('_', label).strip('_')}.pdf"


def case_folder(reference: str) -> str:
    """The folder of one case in a ZIP of several cases' letters: its case number (`ZR-…`), with no character a file
    system refuses (a case number has none; the check keeps a ZIP path from ever leaving its folder)."""
    return _UNSAFE_IN_NAME.sub("_", reference).strip("_.") or "case"


def _file_lines(files: list[BundledFile], left_out: list[dict]) -> list[str]:
    """Each file with its addressee and SHA-256, then the letters left out and why: one case's part of a list."""
    lines = []
    for item in files:
        lines.append(f"{item.name}  {item.title}")
        if item.addressee:
            lines.append("    " + _("收件人：%(name)s") % {"name": item.addressee})
        lines.append(f"    SHA-256: {item.sha256}")
    if left_out:
        lines += ["", _("没有放入的文书：")]
        lines += [f"- {item['label']}：{item['reason']}" for item in left_out]
    return lines


def _list_text(lines: list[str]) -> str:
    return "\r\n".join(lines) + "\r\n"  # CRLF: Notepad on a clinic's Windows PC shows the lines too


def bundle_list(*, reference: str, made_at: str, files: list[BundledFile], left_out: list[dict]) -> str:
    """The text file inside the ZIP: each file with its addressee and SHA-256, then the letters left out and why."""
    lines = [_("止扰 Zhirao：案件 %(reference)s 的文书，%(made_at)s 生成。") % {"reference": reference, "made_at": made_at},
             str(_SAME_AS_STORED), ""]
    return _list_text(lines + _file_lines(files, left_out))


@dataclass(frozen=True)
class CaseSection:
    """One case's part of the list of a ZIP of several cases: its files (named with their folder) and the letters
    left out, or, for a case left out whole, why."""

    reference: str
    files: list[BundledFile] = field(default_factory=list)
    left_out: list[dict] = field(default_factory=list)
    reason: str = ""


def cases_bundle_list(*, made_at: str, cases: list[CaseSection]) -> str:
    """The text file at the top of a ZIP of several cases' letters: per case, what went in (with each file's SHA-256)
    and what was left out and why; a case left out whole says why."""
    lines = [ngettext("止扰 Zhirao：%(count)s 个案件的文书，%(made_at)s 生成。每个案件一个文件夹，以案件编号命名。",
                      "止扰 Zhirao：%(count)s 个案件的文书，%(made_at)s 生成。每个案件一个文件夹，以案件编号命名。", len(cases))
             % {"count": len(cases), "made_at": made_at}, str(_SAME_AS_STORED)]
    for case in cases:
        lines += ["", "=" * 8 + f" {case.reference} " + "=" * 8]
        if case.reason:
            lines.append(case.reason)
        elif not case.files:
            lines.append(_("这个案件现在没有可以生成的文书。"))
        lines += _file_lines(case.files, case.left_out)
    return _list_text(lines)


def bundle_zip(*, files: list[BundledFile], list_name: str, list_text: str) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            archive.writestr(item.name, item.data)
        archive.writestr(list_name, list_text.encode("utf-8-sig"))  # the BOM: Windows reads it as UTF-8
    return output.getvalue()
