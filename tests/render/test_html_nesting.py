"""Raw HTML containers nested past `MAX_HTML_DEPTH` are flattened before the sanitizer, with a notice; a page
of many containers that do not nest that deep is left as it is."""

from __future__ import annotations

import re

from desktop.render.body import BodyRenderer
from desktop.render.linker import AppLinker, LinkTargets
from desktop.render.nesting import HTML_NOTICE, MAX_HTML_DEPTH, cap_html_depth
from desktop.render.sanitize import sanitize_html

SCHEMES = AppLinker.url_schemes


def targets() -> LinkTargets:
    return LinkTargets(linker=AppLinker(), resolve=lambda t: None, is_note=lambda p: True, topic_key=str.lower)


def page_body(body: str) -> str:
    html, _headings = BodyRenderer().render_sanitized(
        body, targets(), url_schemes=SCHEMES, sanitize=lambda raw: sanitize_html(raw, url_schemes=SCHEMES))
    return html


def deepest(html: str) -> int:
    depth = most = 0
    for m in re.finditer(r"<(/?)(?:div|blockquote)\b[^>]*>", html):
        depth += -1 if m.group(1) else 1
        most = max(most, depth)
    return most


def test_containers_nested_past_the_limit_are_flattened_with_a_notice_and_their_text_kept():
    body = "".join(f"<div>level {i} " for i in range(3 * MAX_HTML_DEPTH)) + "deepest"
    html = page_body(body)
    assert html.startswith(f'<p class="render-notice">{HTML_NOTICE}</p>\n')
    assert deepest(html) == MAX_HTML_DEPTH
    assert all(f"level {i} " in html for i in range(3 * MAX_HTML_DEPTH)) and "deepest" in html


def test_many_containers_side_by_side_or_as_deep_as_the_limit_are_left_as_they_are():
    side_by_side = "<div>\n" + "<blockquote>x</blockquote>\n" * (2 * MAX_HTML_DEPTH) + "</div>"
    deep = "<div>" * MAX_HTML_DEPTH + "x" + "</div>" * MAX_HTML_DEPTH
    for body in (side_by_side, deep):
        assert cap_html_depth(body) == (body, False)
        assert HTML_NOTICE not in page_body(body)


def test_end_tags_of_left_out_containers_go_with_them():
    html, capped = cap_html_depth("<div><div><ul>a</ul>b</div>c</div>d", limit=1)
    assert capped and html == "<div>abc</div>d"  # the last `</div>` closes the `<div>` kept
