"""Every component of docs/design-system.md, drawn with the real stylesheet: accessible, valid, phone-proof."""

import pytest

from tests.browser.conftest import DESK, PHONE, check_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPONENTS = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>组件 · 止扰</title><link rel="stylesheet" href="/static/css/zhirao.css"></head>
<body><main id="main" class="page">
<h1>组件一览</h1>
<p class="lead">说明文字。</p>
<div class="progress">
  <p class="progress__label"><span id="progress-label">第 2 步，共 6 步</span><span>借款和催收方</span></p>
  <progress class="progress__bar" max="6" value="2" aria-labelledby="progress-label">2/6</progress>
  <ol class="progress__steps"><li>安全</li><li aria-current="step">借款和催收方</li><li>骚扰方式</li></ol>
</div>
<div class="alert alert--error" role="alert"><p><strong>有些内容需要修改。</strong></p><ul><li><a href="#id_phone">手机号：请填写手机号</a></li></ul></div>
<div class="alert alert--warning"><p>等待期还剩 5 天。</p></div>
<div class="alert alert--success" role="status"><p>已保存。</p></div>
<div class="alert alert--info"><p>提示。</p></div>
<form action="/" method="post">
  <div class="field field--invalid">
    <label for="id_phone">手机号 <span class="field__required">（必填）</span></label>
    <span class="field__help" id="id_phone_helptext">11 位手机号</span>
    <span class="field__error" id="id_phone_error" role="alert">请填写手机号</span>
    <input type="tel" id="id_phone" name="phone" aria-invalid="true" aria-describedby="id_phone_helptext id_phone_error">
  </div>
  <fieldset class="choices choices--two">
    <legend>催收方联系了谁？</legend>
    <label class="choice"><input type="checkbox" name="targets" value="self"><span class="choice__text"><span class="choice__label">我本人</span><span class="choice__hint">电话、短信、微信</span></span></label>
    <label class="choice"><input type="checkbox" name="targets" value="contacts"><span class="choice__text"><span class="choice__label">通讯录里的人</span><span class="choice__hint">俗称“爆通讯录”</span></span></label>
  </fieldset>
  <div class="actions-row"><button class="button" type="submit">继续</button><a class="button button--secondary" href="/">返回</a><button class="button button--danger" type="button">删除</button><button class="button button--link" type="button">修改</button></div>
</form>
<div class="card card--highlight"><h2>下一步</h2><p><span class="badge badge--do-now">现在就做</span> <span class="badge badge--waiting">等待答复</span> <span class="badge badge--later">以后</span> <span class="badge badge--done">已完成</span> <span class="badge badge--info">提示</span></p></div>
<div class="card card--urgent"><h2>人身安全</h2><p>立即拨打 110。</p></div>
<table class="table table--stack"><caption>骚扰号码</caption>
  <thead><tr><th scope="col">号码</th><th scope="col">运营商</th><th scope="col">次数</th></tr></thead>
  <tbody><tr><td data-label="号码">+86 170 1234 5678</td><td data-label="运营商">中国联通（虚拟运营商）</td><td data-label="次数">42</td></tr>
  <tr><td data-label="号码">10690000123456</td><td data-label="运营商">短信端口</td><td data-label="次数">7</td></tr></tbody>
</table>
<dl class="summary"><dt>放贷机构</dt><dd>某某消费金融有限公司</dd></dl>
<details><summary>为什么问这个</summary><p>依据。</p></details>
</main></body></html>"""


def open_components(live_server, browse, viewport):
    page = browse(viewport=viewport)
    url = live_server.url + "/design-system-components/"
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=COMPONENTS))
    page.goto(url)
    return page


def sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"element => getComputedStyle(element)['{prop}']")


def test_components_on_a_phone(live_server, browse):
    page = open_components(live_server, browse, PHONE)
    check_screen(page, "design-system-phone")
    assert not sideways(page)
    # The table stacks into cards, each value under its label.
    assert style(page, ".table--stack tbody tr", "display") == "block"
    assert page.eval_on_selector(".table--stack td", "cell => getComputedStyle(cell, '::before').content") == '"号码"'
    # Tiles are big, and a chosen tile looks chosen.
    tile = page.locator(".choice").first
    assert tile.bounding_box()["height"] >= 56
    before = style(page, ".choice", "backgroundColor")
    tile.click()
    assert page.locator(".choice input").first.is_checked()
    assert style(page, ".choice", "backgroundColor") != before
    check_screen(page, "design-system-phone-tile-checked")
    for button in page.locator(".actions-row .button").all():
        assert button.bounding_box()["height"] >= 44


def test_focus_is_visible(live_server, browse):
    page = open_components(live_server, browse, PHONE)
    page.locator("#id_phone").focus()
    page.keyboard.press("Tab")  # keyboard focus onto the first tile's checkbox
    assert style(page, ".choice:has(input:focus-visible)", "outlineStyle") == "solid"
    page.locator(".actions-row .button").first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused == "solid"
    check_screen(page)


def test_components_at_200_percent_zoom_and_on_a_desk(live_server, browse):
    zoomed = open_components(live_server, browse, {"width": 180, "height": 370})
    check_screen(zoomed, "design-system-zoom-200")
    assert not sideways(zoomed)
    desk = open_components(live_server, browse, DESK)
    check_screen(desk, "design-system-desk")
    assert style(desk, ".table--stack tbody tr", "display") == "table-row"
    assert style(desk, ".progress__steps", "display") == "flex"


def test_print_leaves_out_the_controls(live_server, browse):
    page = open_components(live_server, browse, DESK)
    check_screen(page)
    page.emulate_media(media="print")
    assert style(page, ".actions-row", "display") == "none"
    assert style(page, ".progress", "display") == "none"
    assert style(page, "body", "backgroundColor") == "rgb(255, 255, 255)"
