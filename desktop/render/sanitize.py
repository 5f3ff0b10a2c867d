"""The allowlist every rendered note body passes through before it is shown or exported (nh3/ammonia).

Only plain document markup survives: no scripts, styles, frames, forms or event attributes, and URLs only
with the schemes we allow. Remote images lose their `src` unless remote content is allowed (the renderer
already replaced the ones it saw with a placeholder; this catches those written as raw HTML).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import nh3

from desktop.render.linker import APP_SCHEME

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
# Removed together with everything inside them.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "svg", "math", "template", "iframe", "object", "embed", "noscript", "title",
    "textarea", "select", "option", "frameset", "frame", "applet", "noembed", "xmp", "head",
})
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "style", "scope"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "abbr": {},
    "col": {"span"},
    "colgroup": {"span"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", APP_SCHEME})


def is_remote(url: str) -> bool:
    """Whether a browser would fetch `url` from the network: `http(s):` in any case, or a scheme-relative
    `//host` (also written with backslashes, which browsers read as slashes). The one test of the renderer's
    placeholders and of the sanitizer's last check."""
    url = url.strip().lower()
    return url.startswith(("http:", "https:", "//", "\\\\", "/\\", "\\/"))


def _keep_local_images(tag: str, attr: str, value: str) -> str | None:
    if tag == "img" and attr == "src" and is_remote(value):
        return None
    return value


def sanitize_html(html: str, *, allow_remote: bool = False, url_schemes=URL_SCHEMES) -> str:
    """`html` reduced to the allowlist; with `allow_remote=False` no image can load from the network.

    `url_schemes` are the schemes links may use (an export leaves out the app's own `vault:`).
    """
    # The filter is a Python call for every attribute of the page; it only ever drops an `img`'s `src`.
    # An element is an `img` only when its tag is written `<img` or `<image` (which HTML parsing turns
    # into `img`), in any case: a page without `<im` has none, and the filter changes nothing.
    keep_local = not allow_remote and "<im" in html.lower()
    return _cleaner(keep_local, frozenset(url_schemes))(html)


@lru_cache(maxsize=16)
def _cleaner(keep_local_images: bool, url_schemes: frozenset[str]) -> Callable[[str], str]:
    """The allowlist as a function of the HTML: one nh3 `Cleaner` built once (an export cleans forty thousand
    pages with the same rules), or `nh3.clean` with them where nh3 is older than its `Cleaner`."""
    rules = dict(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_local_images if keep_local_images else None,
        url_schemes=set(url_schemes),
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )
    cleaner_class = getattr(nh3, "Cleaner", None)
    if cleaner_class is not None:
        return cleaner_class(**rules).clean
    return lambda html: nh3.clean(html, **rules)
