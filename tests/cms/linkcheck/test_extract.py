"""scan_html: the links a browser follows or loads, anchors, alt-text defects, main text and title."""

from __future__ import annotations

from cms.linkcheck.extract import Link, is_ignored, scan_html

PAGE = "http://www.yunxi.gov.cn/xwzx/ywdt/tongzhi/"


def urls(html: str, page_url: str = PAGE) -> list[str]:
    return [link.url for link in scan_html(html, page_url).links]


def test_every_followed_or_loaded_url_is_a_link_resolved_against_the_page():
    html = """<html><head>
      <link rel="stylesheet" href="/static/a.css"><link rel="icon" href="fav.svg">
      <link rel="alternate" type="application/rss+xml" href="../rss/">
      <link rel="dns-prefetch" href="//cdn.example.cn"><link rel="preconnect" href="https://fonts.example.cn">
      <script src="/static/a.js"></script><meta http-equiv="refresh" content="30; url=/new/">
    </head><body>
      <a href="b.html">乙</a><map><area href="/area/" alt="区域"></map>
      <img src="/media/x.png" alt="图" srcset="/media/x-2.png 2x, /media/x-3.png 3x">
      <iframe src="https://map.example.cn/embed"></iframe>
      <video src="/media/v.mp4" poster="/media/p.jpg"><source src="/media/v.webm"><track src="/media/v.vtt"></video>
      <object data="/media/o.pdf"></object><embed src="/media/e.swf">
      <form action="/search/"><input name="q"></form>
    </body></html>"""
    found = urls(html)
    assert found == [
        "http://www.yunxi.gov.cn/static/a.css",
        "http://www.yunxi.gov.cn/xwzx/ywdt/tongzhi/fav.svg",
        "http://www.yunxi.gov.cn/xwzx/ywdt/rss/",
        "http://www.yunxi.gov.cn/static/a.js",
        "http://www.yunxi.gov.cn/new/",
        "http://www.yunxi.gov.cn/xwzx/ywdt/tongzhi/b.html",
        "http://www.yunxi.gov.cn/area/",
        "http://www.yunxi.gov.cn/media/x.png",
        "http://www.yunxi.gov.cn/media/x-2.png",
        "http://www.yunxi.gov.cn/media/x-3.png",
        "https://map.example.cn/embed",
        "http://www.yunxi.gov.cn/media/v.mp4",
        "http://www.yunxi.gov.cn/media/p.jpg",
        "http://www.yunxi.gov.cn/media/v.webm",
        "http://www.yunxi.gov.cn/media/v.vtt",
        "http://www.yunxi.gov.cn/media/o.pdf",
        "http://www.yunxi.gov.cn/media/e.swf",
    ]
    assert "http://www.yunxi.gov.cn/search/" not in found  # a form is submitted, not followed


def test_link_records_tag_attribute_and_text():
    scan = scan_html('<a href="/a/"> 关于 <b>招生</b>\n工作 </a><a href="/b/" title="说明"></a>'
                     '<img src="/i.png" alt="县徽">', PAGE)
    assert scan.links == [
        Link("http://www.yunxi.gov.cn/a/", "a", "href", "关于 招生 工作"),
        Link("http://www.yunxi.gov.cn/b/", "a", "href", "说明"),
        Link("http://www.yunxi.gov.cn/i.png", "img", "src", "县徽"),
    ]


def test_base_href_decides_how_relative_links_resolve():
    html = '<head><base href="/zwgk/"></head><body><a href="ml/">目录</a><img src="x.png" alt=""></body>'
    assert urls(html) == ["http://www.yunxi.gov.cn/zwgk/ml/", "http://www.yunxi.gov.cn/zwgk/x.png"]
    absolute = '<head><base href="https://other.gov.cn/a/"></head><body><a href="b">乙</a></body>'
    assert urls(absolute) == ["https://other.gov.cn/a/b"]


def test_mail_phone_script_and_data_urls_are_never_links():
    html = """<a href="mailto:zwgk@yunxi.gov.cn">信箱</a><a href="tel:0763-1234000">电话</a>
      <a href="javascript:void(0)">打印</a><a href=" JavaScript:alert(1)">x</a><img alt="" src="data:image/png;base64,AAAA">
      <a href="sms:12345">短信</a><a href="">本页</a><a>无链接</a><a href="  /ok/ \n">正常</a>"""
    assert urls(html) == ["http://www.yunxi.gov.cn/ok/"]
    assert is_ignored("MAILTO:a@b.cn") and is_ignored("data:,x") and not is_ignored("/mailto/")


def test_same_url_twice_from_one_tag_is_one_link_but_different_tags_are_kept():
    html = '<a href="/a/">一</a><a href="/a/">二</a><img src="/a/" alt="">'
    scan = scan_html(html, PAGE)
    assert [(link.tag, link.url) for link in scan.links] == [
        ("a", "http://www.yunxi.gov.cn/a/"), ("img", "http://www.yunxi.gov.cn/a/"),
    ]


def test_fragment_links_keep_their_fragment_and_ids_include_named_anchors():
    scan = scan_html('<h2 id="di-yi">一</h2><a name="jiu-mao">旧锚点</a><p id="x"><a href="#di-yi">跳</a></p>', PAGE)
    assert scan.links[0].url == PAGE + "#di-yi"
    assert scan.ids == {"di-yi", "jiu-mao", "x"}


def test_a_missing_alt_attribute_is_the_defect_and_empty_alt_marks_a_decorative_image():
    html = """<img src="/a.png"><img src="/b.png" alt=""><img src="/c.png" alt="" role="presentation">
      <img src="/d.png" alt="县政府大楼"><img src="/e.png" alt="   "><img src="/f.png" ALT="大写属性">"""
    assert scan_html(html, PAGE).images_without_alt == ["http://www.yunxi.gov.cn/a.png"]


def test_content_text_is_the_visible_text_of_main_and_title_is_read():
    html = """<html><head><title> 关于招生的通知 - 云溪县人民政府 </title><style>p{}</style></head><body>
      <header>导航 首页</header>
      <main><h1>关于招生的通知</h1><script>var x = "不可见";</script><p>各学校：</p>
        <div hidden>隐藏内容</div><template><p>模板</p></template><p>特此通知。</p></main>
      <footer>主办单位</footer></body></html>"""
    scan = scan_html(html, PAGE)
    assert scan.content_text == "关于招生的通知 各学校： 特此通知。"
    assert scan.title == "关于招生的通知 - 云溪县人民政府"


def test_without_main_the_whole_body_is_the_content_and_a_page_without_title_has_an_empty_one():
    scan = scan_html("<body><p>第一段</p><p>第二段</p><script>x()</script></body>", PAGE)
    assert scan.content_text == "第一段 第二段"
    assert scan.title == ""


def test_links_outside_main_are_still_links():
    html = '<header><a href="/">首页</a></header><main><a href="/a/">甲</a></main><footer><a href="/b/">乙</a></footer>'
    assert urls(html) == ["http://www.yunxi.gov.cn/", "http://www.yunxi.gov.cn/a/", "http://www.yunxi.gov.cn/b/"]


def test_a_malformed_url_is_kept_as_written():
    scan = scan_html('<a href="http://[::1/x">坏地址</a><img src="http://[bad/x.png">', PAGE)
    assert [link.url for link in scan.links] == ["http://[::1/x", "http://[bad/x.png"]
    assert scan.images_without_alt == ["http://[bad/x.png"]
