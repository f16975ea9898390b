import http.server
import threading

import pytest

from complaints.pdf import StaticOnlyURLFetcher, html_to_pdf
from tests.pdf_tools import a4_pages, pdf_attachment_names, pdf_fonts, pdf_text

pytestmark = pytest.mark.pdf

CHINESE_DOCUMENT = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>
<h1>停止违规催收通知函</h1>
<p>致：某某信息咨询有限公司</p>
<p>自2026年3月1日起，贵司多次在夜间拨打我的电话，并向我的家人和同事发送短信。</p>
</body></html>"""


def test_chinese_text_extracts_from_the_real_pdf():
    pdf = html_to_pdf(CHINESE_DOCUMENT)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "停止违规催收通知函" in text
    assert "某某信息咨询有限公司" in text
    assert "2026年3月1日" in text


def test_every_font_is_embedded_and_cjk():
    fonts = pdf_fonts(html_to_pdf(CHINESE_DOCUMENT))
    assert fonts, "the PDF has no fonts at all"
    assert all(font.embedded for font in fonts), fonts
    assert any("CJK" in font.name for font in fonts), fonts


def test_pages_are_a4():
    assert a4_pages(html_to_pdf(CHINESE_DOCUMENT))


def test_the_apps_own_static_file_and_data_urls_are_served():
    fetcher = StaticOnlyURLFetcher()
    png_1x1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    html = f'<html lang="zh-CN"><head><link rel="stylesheet" href="css/zhirao.css"></head><body><img src="data:image/png;base64,{png_1x1}"><p>图片</p></body></html>'
    html_to_pdf(html, fetcher=fetcher)
    assert fetcher.refused == []


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        _RecordingHandler.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    _RecordingHandler.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_hostile_urls_fetch_nothing_and_attach_nothing(loopback_server):
    fetcher = StaticOnlyURLFetcher()
    hostile = f"""<html lang="zh-CN"><head>
      <link rel="attachment" href="file:///etc/passwd" title="passwd">
      <link rel="stylesheet" href="{loopback_server}/evil.css">
    </head><body>
      <p>恶意内容测试</p>
      <img src="file:///etc/passwd">
      <img src="{loopback_server}/tracker.png">
      <img src="file:///proc/self/environ">
      <img src="../../../../etc/passwd">
      <a rel="attachment" href="file:///etc/hostname">附件</a>
      <object data="file:///etc/passwd"></object>
    </body></html>"""
    pdf = html_to_pdf(hostile, fetcher=fetcher)

    assert _RecordingHandler.requests == [], "the renderer connected to a loopback server"
    assert pdf_attachment_names(pdf) == []
    assert b"root:" not in pdf
    refused = " ".join(fetcher.refused)
    assert "file:///etc/passwd" in refused
    assert loopback_server in refused
    assert "恶意内容测试" in pdf_text(pdf)


def test_a_static_path_that_escapes_through_dotdot_is_refused(tmp_path):
    root = tmp_path / "static"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    fetcher = StaticOnlyURLFetcher(allowed_roots=[root])
    with pytest.raises(ValueError):
        fetcher.fetch((root / ".." / "secret.txt").as_uri())
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/")
    with pytest.raises(ValueError):
        fetcher.fetch("ftp://127.0.0.1/x")
