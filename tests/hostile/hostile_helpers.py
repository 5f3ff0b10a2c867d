"""A hostile vault: every kind of file a careless tool or an attacker could leave.

The vault sits in `<base>/vault`; `<base>` also holds files that must never leak into the app or an export
(`secret.md`, `secret.png`, `outside/`), reachable only through crafted links and symlinks.
"""

from __future__ import annotations

import os
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path


SECRET = "TOP-SECRET-7f3a9c"
VIDEO = "dQw4w9WgXcQ"
NFC_NAME = unicodedata.normalize("NFC", "Zoë café")
NFD_NAME = unicodedata.normalize("NFD", "Renée naïve")
ODD_NAME = "odd [x] #hash %pct ?q &amp"

BILLION_LAUGHS = "---\n" + "\n".join(
    ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    + ["title: Laughs"]
) + "\n---\nThe body of the laughing note.\n"

HOSTILE_HTML = f"""---
title: "XSS <script>alert('title')</script>"
videoId: {VIDEO}
---
# Hostile HTML

<script>alert(1)</script>
<iframe src="https://evil.example/frame"></iframe>
<object data="evil.swf"></object>
<embed src="evil.swf">
<svg onload="alert(2)"><circle r="5"/></svg>
<meta http-equiv="refresh" content="0; url=https://evil.example/">
<style>body {{ display: none }}</style>
<img src=x onerror="alert(3)">
<img src="https://tracker.example/pixel.gif" width="1" height="1">
<form action="https://evil.example/"><input name=q></form>
<a href="javascript:alert(4)">js raw</a> <a href="jav&#x61;script:alert(5)">js entity</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==">data raw</a>
<a href="file:///etc/passwd">file raw</a> <a href="vbscript:msgbox(1)">vb</a>
<div onclick="alert(7)" style="background:url(javascript:alert(8))">div with handler</div>

[js md](javascript:alert(9)) [data md](data:text/html,<script>alert(10)</script>) [file md](file:///etc/passwd)
![pixel](https://tracker.example/pixel2.gif) ![proto](//tracker.example/pixel3.gif)
<IMG SRC="HTTPS://tracker.example/pixel4.gif"> <img srcset="https://tracker.example/p5.gif 1x">
[[Normal|<img src=x onerror=alert(11)>]] [[<script>alert(12)</script>]] [[javascript:alert(13)]]

Stamp with handlers <a class="yt-timestamp" data-t="00:01:00" onclick="alert(14)" href="javascript:x">[00:01:00]</a>.
Another <a href="javascript:y" onmouseover=alert(15) class='yt-timestamp' data-t='00:02:00'>[00:02:00]</a>.

<div>Raw block <a class="yt-timestamp" data-t="00:03:00" onclick="alert(16)">[00:03:00]</a></div>
"""

TRAVERSAL = """---
title: Traversal
---
Wiki: [[../secret]] [[../secret.md]] [[../../etc/passwd]] [[/etc/passwd]] [[C:\\\\Windows\\\\win.ini]]
[[%2e%2e/secret]] [[..%2fsecret]] [[%2E%2E%2Fsecret.md]] [[outside_dir/secret]] [[secret_link]]

Markdown: [a](../secret.md) [b](/etc/passwd) [c](C:/Windows/win.ini) [d](C:\\Windows\\win.ini)
[e](%2e%2e/secret.md) [f](..%2Fsecret.md) [g](sub/../../secret.md) [h](./../secret.md)
[i](<../secret.md>) [j](file:///etc/passwd) [k](\\\\server\\share\\secret.md)

![[../secret.png]] ![img](../secret.png) ![img2](%2e%2e/secret.png) ![[outside_dir/secret.png]]

![[../secret]]
![[../secret.md]]
"""


def _w(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def build_hostile_vault(base: Path) -> Path:
    """Write the hostile vault under `base/vault` (and the secrets beside it); return the vault folder."""
    vault = base / "vault"
    vault.mkdir(parents=True)
    _w(base / "secret.md", f"---\ntitle: Secret\n---\n{SECRET}\n")
    _w(base / "secret.png", b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    _w(base / "outside" / "secret.md", f"{SECRET}\n")
    _w(base / "outside" / "secret.png", b"\x89PNG\r\n\x1a\n" + SECRET.encode())

    _w(vault / "Normal.md", f"---\ntitle: Normal\nvideoId: {VIDEO}\n---\n"
                            'A normal claim <a class="yt-timestamp" data-t="00:00:30">[00:00:30]</a>.\n')
    # YAML
    _w(vault / "yaml" / "broken.md", "---\ntitle: [unclosed\nvideoId: : :\n---\nBroken YAML body [[Normal]].\n")
    _w(vault / "yaml" / "laughs.md", BILLION_LAUGHS)
    _w(vault / "yaml" / "title_list.md", "---\ntitle: [a, b]\n---\nTitle list body.\n")
    _w(vault / "yaml" / "title_dict.md", "---\ntitle: {a: 1}\n---\n# Heading Title\n")
    _w(vault / "yaml" / "videoid_list.md", f"---\nvideoId: [{VIDEO}, x]\n---\n"
                                           'Stamp <a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>.\n')
    _w(vault / "yaml" / "not_mapping.md", "---\n- just\n- a list\n---\nBody.\n")
    _w(vault / "yaml" / "unclosed.md", "---\ntitle: never closed\nBody without a closing fence.\n")
    # encodings and odd bytes
    _w(vault / "enc" / "cp1252.md", b"---\ntitle: Caf\xe9\n---\n\x93Quoted\x94 na\xefve text \x81 [[Normal]].\n")
    _w(vault / "enc" / "bom.md", b"\xef\xbb\xbf---\ntitle: BOM title\n---\nBOM body.\n")
    _w(vault / "enc" / "utf16.md", "\ufeff---\ntitle: Wide\n---\nUTF-16 body.\n".encode("utf-16-le"))
    _w(vault / "enc" / "crlf.md", b"---\r\ntitle: CRLF title\r\n---\r\nLine one [[Normal]].\r\nLine two.\r\n")
    _w(vault / "enc" / "cr_only.md", b"---\rtitle: CR title\r---\rOld Mac body.\r")
    _w(vault / "enc" / "nul.md", b"---\ntitle: Binary\n---\nabc\x00def\n")
    _w(vault / "enc" / "empty.md", b"")
    _w(vault / "enc" / "frontmatter_only.md", "---\ntitle: Only frontmatter\n---\n")
    _w(vault / "enc" / "dashes.md", "---")
    # deep nesting
    _w(vault / "deep" / "quotes.md", ">" * 5000 + " deep quote\n\n" + "> " * 5000 + "spaced quote\n")
    _w(vault / "deep" / "lists.md", "- " * 5000 + "deep bullet\n\n" + "1. " * 5000 + "deep number\n\n"
                                    + "> - " * 2500 + "mixed\n\n"
                                    + "".join("    " * i + f"- level {i}\n" for i in range(600)))
    # stamps and ids
    _w(vault / "stamps" / "bad_id.md", "---\nvideoId: short\n---\n"
                                       'Bad id <a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>.\n')
    _w(vault / "stamps" / "garbage.md", f"---\nvideoId: {VIDEO}\n---\n"
                                        'A <a class="yt-timestamp" data-t="banana">[banana]</a>.\n'
                                        'B <a class="yt-timestamp" data-t="99:99:99:99">[x]</a>.\n'
                                        'C <a class="yt-timestamp" data-t="-5">[-5]</a>.\n'
                                        'D <a class="yt-timestamp" data-t="">[]</a>.\n'
                                        'E <a class="yt-timestamp" data-t="1e9">[1e9]</a>.\n'
                                        'F <a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>.\n')
    _w(vault / "html" / "hostile.md", HOSTILE_HTML)
    _w(vault / "links" / "traversal.md", TRAVERSAL)
    # odd names
    _w(vault / "names" / "with spaces.md", "Spaces note.\n")
    _w(vault / "names" / f"{ODD_NAME}.md", "Odd note.\n")
    _w(vault / "names" / f"{NFC_NAME}.md", "NFC note.\n")
    _w(vault / "names" / f"{NFD_NAME}.md", "NFD note.\n")
    _w(vault / "names" / "Case.md", "Upper case note.\n")
    _w(vault / "names" / "case.md", "Lower case note.\n")
    odd_href = "odd%20%5Bx%5D%20%23hash%20%25pct%20%3Fq%20%26amp.md"
    _w(vault / "names" / "index_of_names.md",
       "---\ntitle: Names\n---\n"
       "[[with spaces]] [with spaces](with%20spaces.md) [odd](" + odd_href + ") "
       f"[[{unicodedata.normalize('NFD', NFC_NAME)}]] [[{unicodedata.normalize('NFC', NFD_NAME)}]] "
       "[[Case]] [[case]] [[names/Case.md]] [[names/case.md]]\n")
    # symlinks
    os.symlink("..", vault / "names" / "loop_up")  # points at the vault itself
    os.symlink(".", vault / "deep" / "loop_self")
    os.symlink(base / "outside", vault / "outside_dir")
    os.symlink(base / "secret.md", vault / "secret_link.md")
    os.symlink(base / "secret.png", vault / "secret_img.png")
    os.symlink("missing-target.md", vault / "dangling.md")
    (vault / "links" / "a").mkdir()
    (vault / "links" / "b").mkdir()
    os.symlink("../b", vault / "links" / "a" / "to_b")
    os.symlink("../a", vault / "links" / "b" / "to_a")
    return vault


# --------------------------------------------------------------------------- checking HTML

ALLOWED_SCHEMES = {"http", "https", "mailto", "vault"}
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "form", "input", "frame", "frameset",
                  "applet", "base", "button", "textarea", "select"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "background", "srcset", "xlink:href"}


OUR_SVG = {"class", "xmlns", "height", "role", "aria-label"}


def _our_timeline(tag: str, attrs) -> bool:
    """The app's own drawn timeline or strip (render/timeline.py), never a note's SVG: exactly its attributes."""
    names = {name for name, _ in attrs}
    return tag == "svg" and dict(attrs).get("class") in ("timeline", "strip") and names <= OUR_SVG


class _Audit(HTMLParser):
    def __init__(self, allow_remote_images: bool):
        super().__init__(convert_charrefs=True)
        self.allow_remote_images = allow_remote_images
        self.problems: list[str] = []
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        if tag in FORBIDDEN_TAGS and not _our_timeline(tag, attrs):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and any(k == "http-equiv" for k, _ in attrs):
            self.problems.append("<meta http-equiv>")
        if tag in ("style", "link") and not self.in_head:
            self.problems.append(f"<{tag}> in body")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=>")
            if name == "style" and ("url(" in value or "expression" in value):
                self.problems.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRS:
                self._check_url(tag, name, value)

    def _check_url(self, tag: str, name: str, value: str) -> None:
        # As browsers read a URL (WHATWG): tabs and newlines vanish anywhere, controls and spaces at the ends.
        url = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(33)))).lower()
        scheme_match = re.match(r"([a-z][a-z0-9+.\-]*):", url)
        scheme = scheme_match.group(1) if scheme_match else ""
        if scheme and scheme not in ALLOWED_SCHEMES:
            self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and not self.allow_remote_images and (scheme in ("http", "https") or url.startswith("//")):
            self.problems.append(f"remote image {value!r}")
        if name == "srcset":
            self.problems.append(f"<{tag} srcset>")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def html_problems(document: str, *, allow_remote_images: bool = False) -> list[str]:
    """Everything unsafe in an HTML document or fragment: active tags, handlers, bad URL schemes, pixels."""
    audit = _Audit(allow_remote_images)
    audit.feed(document)
    audit.close()
    return audit.problems


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def start_tags(document: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag of a document as a browser would parse it: (tag, [(attribute, value)])."""
    parser = _Tags()
    parser.feed(document)
    parser.close()
    return parser.tags
