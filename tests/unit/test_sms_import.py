"""complaints.sms_import: the three export formats, and what it refuses or skips."""

import datetime as dt
from pathlib import Path

import pytest

from complaints.sms_import import SmsExportError, parse_sms_export
from guidance import clock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sms"
SHANGHAI = clock.SHANGHAI


def local(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def test_sms_backup_restore_xml():
    result = parse_sms_export((FIXTURES / "sms-backup-restore.xml").read_bytes())
    assert result.format == "xml"
    assert result.not_received == 1
    assert result.skipped == []
    by_time = sorted(result.messages, key=lambda m: m.at)
    assert [(m.at, m.from_number) for m in by_time] == [
        (local("2026-03-14T20:59:30"), "+8617012345678"),
        (local("2026-03-14T22:41:00"), "+8617012345678"),
        (local("2026-03-15T07:59:00"), "10690000123456"),
        (local("2026-03-15T08:00:00"), "1065902100123"),
        (local("2026-03-15T09:12:00"), "95588"),
        (local("2026-03-15T09:20:00"), "+8616212345678"),  # an MMS: its text part is read
        (local("2026-03-16T23:05:00"), "+8616512345678"),
    ]
    assert by_time[0].text.endswith("😠")  # emoji written as a surrogate pair of references
    assert by_time[5].text == "这是你的借款合同截图，三天内不还款将起诉你"
    assert [m.channel for m in by_time].count("verification_code_bombing") == 1


def test_xml_entities_and_dtds_are_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE smses [<!ENTITY a "xxxxxxxxxx"><!ENTITY b "&a;&a;&a;&a;">]><smses>&b;</smses>'
    with pytest.raises(SmsExportError, match="XML 文件已损坏或不完整"):
        parse_sms_export(bomb)
    external = b'<?xml version="1.0"?><!DOCTYPE smses [<!ENTITY e SYSTEM "file:///etc/passwd">]><smses><sms body="&e;"/></smses>'
    with pytest.raises(SmsExportError):
        parse_sms_export(external)


def test_other_xml_is_not_an_sms_backup():
    with pytest.raises(SmsExportError, match="<smses>"):
        parse_sms_export(b"<?xml version='1.0'?><calls><call number='1'/></calls>")


def test_xml_message_with_a_bad_date_is_reported():
    result = parse_sms_export(b'<smses><sms address="17012345678" date="yesterday" type="1" body="x"/></smses>')
    assert result.messages == []
    assert result.skipped == [("第1条", "时间无法识别")]


def test_a_date_of_more_digits_than_python_reads_as_a_number_is_reported_too():
    huge = b"9" * 5000  # past int()'s 4,300-digit limit
    result = parse_sms_export(b'<smses><sms address="17012345678" date="' + huge + b'" type="1" body="x"/></smses>')
    assert result.messages == []
    assert result.skipped == [("第1条", "时间无法识别")]


def test_csv_with_chinese_header_and_sent_messages():
    result = parse_sms_export((FIXTURES / "sms-export.csv").read_bytes())
    assert result.format == "csv"
    assert [(m.at, m.from_number) for m in result.messages] == [
        (local("2026-03-14T22:41"), "+8617012345678"),
        (local("2026-03-15T07:59"), "+8613800138000"),
    ]
    assert result.not_received == 1
    assert result.skipped == [("第5行", "时间无法识别")]


def test_csv_with_english_header_in_another_column_order_and_epoch_milliseconds():
    data = b"body,address,date,type\n\"pay now, or else\",10690000123456,1773499260000,1\nhello,13800138000,1773499260000,2\n"
    result = parse_sms_export(data)
    assert [(m.at, m.from_number, m.text) for m in result.messages] == [
        (local("2026-03-14T22:41"), "10690000123456", "pay now, or else")
    ]
    assert result.not_received == 1


def test_csv_without_header_is_read_by_content():
    data = "17012345678,2026/3/14 22:41,今晚必须还\n17012345678,2026/3/15 8:05,你家人电话我们有\n".encode()
    result = parse_sms_export(data)
    assert [(m.at, m.text) for m in result.messages] == [
        (local("2026-03-14T22:41"), "今晚必须还"),
        (local("2026-03-15T08:05"), "你家人电话我们有"),
    ]


def test_gbk_encoded_csv_from_excel():
    data = "时间,号码,内容\n2026-03-14 22:41,17012345678,逾期通知\n".encode("gb18030")
    result = parse_sms_export(data)
    assert [m.text for m in result.messages] == ["逾期通知"]


def test_plain_text_lines_in_several_date_styles():
    data = (
        "2026-03-14 22:41 17012345678: 第一条\n"
        "17012345678 2026/3/15 下午3:05 第二条\n"
        "2026年3月16日 晚上11:30 【某某金融】10690000123456 第三条\n"
    ).encode()
    result = parse_sms_export(data)
    assert [(m.at, m.from_number) for m in result.messages] == [
        (local("2026-03-14T22:41"), "+8617012345678"),
        (local("2026-03-15T15:05"), "+8617012345678"),
        (local("2026-03-16T23:30"), "10690000123456"),
    ]
    assert result.messages[0].text == "第一条"


def test_plain_text_report_lines_it_cannot_read():
    result = parse_sms_export((FIXTURES / "sms-export.txt").read_bytes())
    assert result.format == "text"
    assert len(result.messages) == 3
    assert result.skipped == [("第3行", "找不到时间"), ("第5行", "找不到发信号码")]


def test_empty_and_blank_files():
    with pytest.raises(SmsExportError, match="文件是空的"):
        parse_sms_export(b"")
    with pytest.raises(SmsExportError, match="文件是空的"):
        parse_sms_export(b"\n  \n")


def test_binary_garbage_is_refused():
    with pytest.raises(SmsExportError):
        parse_sms_export(bytes(range(256)) * 4)
