"""complaints.letters.bundle: which letters go in and why not, their names in the ZIP (a case's folder in a ZIP of
several cases), the list inside, the ZIP."""

import io
import zipfile

from django.utils import translation

from complaints.letters.bundle import (
    BundledFile,
    CaseSection,
    bundle_list,
    bundle_zip,
    bundled_name,
    case_folder,
    cases_bundle_list,
    left_out_reason,
)


def test_a_letter_is_left_out_only_for_a_reason_the_page_gives_too():
    assert left_out_reason(status="do_now", until="", missing=[]) is None
    assert left_out_reason(status="done", until="", missing=[]) == "这一步你已经做过了。"
    assert left_out_reason(status="later", until="", missing=[]) == "按计划，要先完成前面的步骤，再寄出这一封。"
    assert left_out_reason(status="waiting", until="2026-04-01", missing=[]) == "按计划，等到 2026-04-01 之后再寄出这一封。"
    assert left_out_reason(status="do_now", until="", missing=["借款人姓名", "借款人地址"]) == \
        "还缺少这些信息：借款人姓名、借款人地址。请在这封文书的页面补充。"


def test_the_reason_is_in_the_language_of_who_asked():
    with translation.override("en"):
        assert left_out_reason(status="waiting", until="2026-04-01", missing=[]) == "Following the plan, send this one after 2026-04-01."


def test_names_in_the_zip_are_numbered_and_safe_for_any_file_system():
    assert bundled_name(1, "致中国电信的投诉信") == "01-致中国电信的投诉信.pdf"
    assert bundled_name(12, 'To a/b: "x" ') == "12-To_a_b_x.pdf"


def test_a_cases_folder_is_its_case_number_and_never_leaves_the_zip():
    assert case_folder("ZR-ABCD2345") == "ZR-ABCD2345"
    assert case_folder("../ZR 1") == "ZR_1"
    assert case_folder("..") == "case"
    assert "/" not in case_folder("a/b") and "\\" not in case_folder("a\\b")


def test_the_list_names_each_file_with_its_hash_and_each_letter_left_out():
    files = [BundledFile(name="01-a.pdf", title="致某某的停止催收函", data=b"%PDF-a", sha256="ab" * 32, addressee="某某催收公司")]
    text = bundle_list(reference="ZR-1", made_at="2026-03-14 22:41", files=files,
                       left_out=[{"label": "致消费者协会的投诉信", "reason": "这一步你已经做过了。"}])
    assert "案件 ZR-1 的文书，2026-03-14 22:41 生成" in text
    assert "01-a.pdf  致某某的停止催收函\r\n    收件人：某某催收公司\r\n    SHA-256: " + "ab" * 32 in text
    assert "- 致消费者协会的投诉信：这一步你已经做过了。" in text


def test_the_zip_holds_the_files_byte_for_byte_and_the_list_readable_on_windows():
    files = [BundledFile(name="01-a.pdf", title="a", data=b"%PDF-a", sha256="0" * 64)]
    archive = zipfile.ZipFile(io.BytesIO(bundle_zip(files=files, list_name="文书清单.txt", list_text="清单\r\n")))
    assert archive.read("01-a.pdf") == b"%PDF-a"
    assert archive.read("文书清单.txt") == "\ufeff清单\r\n".encode()
    assert archive.testzip() is None


def test_the_list_of_several_cases_gives_per_case_what_went_in_and_what_did_not():
    files = [BundledFile(name="ZR-1/01-a.pdf", title="致某某的停止催收函", data=b"%PDF-a", sha256="ab" * 32, addressee="某某催收公司")]
    text = cases_bundle_list(made_at="2026-03-14 22:41", cases=[
        CaseSection(reference="ZR-1", files=files, left_out=[{"label": "致消费者协会的投诉信", "reason": "这一步你已经做过了。"}]),
        CaseSection(reference="ZR-2", left_out=[{"label": "致某某的停止催收函", "reason": "按计划，要先完成前面的步骤，再寄出这一封。"}]),
        CaseSection(reference="ZR-3", reason="这个案件已不在本机构的队列中（求助人可能撤回了分享），没有生成。"),
    ])
    assert text.startswith("止扰 Zhirao：3 个案件的文书，2026-03-14 22:41 生成。每个案件一个文件夹，以案件编号命名。\r\n")
    first, second, third = text.split("======== ZR-")[1:]
    assert first.startswith("1 ========\r\nZR-1/01-a.pdf  致某某的停止催收函\r\n    收件人：某某催收公司\r\n    SHA-256: " + "ab" * 32)
    assert "- 致消费者协会的投诉信：这一步你已经做过了。" in first
    assert "这个案件现在没有可以生成的文书。" in second and "- 致某某的停止催收函：按计划，要先完成前面的步骤" in second
    assert third == "3 ========\r\n这个案件已不在本机构的队列中（求助人可能撤回了分享），没有生成。\r\n"
    with translation.override("en"):
        english = cases_bundle_list(made_at="2026-03-14 22:41", cases=[CaseSection(reference="ZR-1", files=files)])
    assert english.startswith("Zhirao: the letters of 1 case, generated 2026-03-14 22:41.")


def test_a_zip_of_several_cases_keeps_each_file_in_its_folder():
    files = [BundledFile(name="ZR-1/01-a.pdf", title="a", data=b"%PDF-a", sha256="0" * 64),
             BundledFile(name="ZR-2/01-a.pdf", title="a", data=b"%PDF-b", sha256="1" * 64)]
    archive = zipfile.ZipFile(io.BytesIO(bundle_zip(files=files, list_name="文书清单.txt", list_text="清单\r\n")))
    assert archive.namelist() == ["ZR-1/01-a.pdf", "ZR-2/01-a.pdf", "文书清单.txt"]
    assert (archive.read("ZR-1/01-a.pdf"), archive.read("ZR-2/01-a.pdf")) == (b"%PDF-a", b"%PDF-b")
