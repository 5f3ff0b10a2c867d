import pytest

from desktop.render.sanitize import sanitize_html

HOSTILE = [
    ("<script>alert(1)</script>ok", "ok"),
    ("<iframe src='https://e.example'></iframe>ok", "ok"),
    ("<object data='x.swf'>o</object>ok", "ok"),
    ("<embed src='x.swf'>ok", "ok"),
    ("<svg onload='alert(1)'><circle r='1'/></svg>ok", "ok"),
    ('<meta http-equiv="refresh" content="0;url=https://e.example">ok', "ok"),
    ("<style>body{display:none}</style>ok", "ok"),
    ("<base href='https://e.example/'>ok", "ok"),
    ("<form action='https://e.example'><input name=q></form>ok", "ok"),
    ('<p onclick="alert(1)" onmouseover="x()">ok</p>', "<p>ok</p>"),
    ('<a href="javascript:alert(1)">j</a>', "<a>j</a>"),
    ('<a href="JaVaScRiPt:alert(1)">j</a>', "<a>j</a>"),
    ('<a href="java&#x09;script:alert(1)">j</a>', "<a>j</a>"),
    ('<a href="vbscript:msgbox(1)">v</a>', "<a>v</a>"),
    ('<a href="data:text/html,<script>alert(1)</script>">d</a>', "<a>d</a>"),
    ('<a href="file:///etc/passwd">f</a>', "<a>f</a>"),
    ('<img src="data:image/png;base64,AAAA">', "<img>"),
    ('<img src="file:///etc/passwd">', "<img>"),
    ('<img src="https://tracker.example/pixel.gif" width="1" height="1">', '<img height="1" width="1">'),
    ('<img src="//tracker.example/pixel.gif">', "<img>"),
    ('<IMG SRC="https://tracker.example/pixel.gif">', "<img>"),  # any case
    ('<image src="https://tracker.example/pixel.gif">', "<img>"),  # HTML parses `<image>` as `<img>`
    ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
    ('<p style="background:url(https://e.example)">s</p>', "<p>s</p>"),
]


@pytest.mark.parametrize(("dirty", "clean"), HOSTILE)
def test_hostile_input_is_neutralised(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_allowed_markup_survives():
    html = ('<p class="x"><a href="vault://note/a.md#h" title="t">a</a> <a href="mailto:a@b.example">m</a> '
            '<a href="../b.html">r</a> <mark>m</mark></p><details open><summary>s</summary></details>'
            '<table><tbody><tr><td style="text-align: right; color: red">1</td></tr></tbody></table>')
    assert sanitize_html(html) == (
        '<p class="x"><a href="vault://note/a.md#h" title="t">a</a> <a href="mailto:a@b.example">m</a> '
        '<a href="../b.html">r</a> <mark>m</mark></p><details open=""><summary>s</summary></details>'
        '<table><tbody><tr><td style="text-align:right">1</td></tr></tbody></table>')


def test_remote_images_allowed_on_request_and_app_scheme_left_out_of_exports():
    assert sanitize_html('<img src="https://x.example/a.png">', allow_remote=True) == (
        '<img src="https://x.example/a.png">')
    assert sanitize_html('<a href="vault://note/a.md">a</a>', url_schemes={"https"}) == "<a>a</a>"
