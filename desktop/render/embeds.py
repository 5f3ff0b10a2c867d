"""Embeds `![[…]]` (vault images, transcluded notes, other files) and local `![](…)`/`[](…)` targets.

Also keeps remote images out: an `http(s)` image becomes a "remote image blocked" placeholder unless
`allow_remote` is set — done on the element tree, before serialization.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from desktop.core.links import is_image, split_wikilink
from desktop.render.anchors import mark_link
from desktop.render.linker import LinkTargets
from desktop.core.stamps import parse_attrs
from desktop.render.sanitize import is_remote
from desktop.render.wikilinks import link_element, link_text

EMBED_RE = r"!\[\[([^\[\]\n]+?)\]\]"
_EMBED_LINE_RE = re.compile(r"^[ ]{0,3}!\[\[([^\[\]\n]+?)\]\][ \t]*$")
_SIZE_RE = re.compile(r"^(\d{1,5})(?:x(\d{1,5}))?$")
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

# transclude(path, heading) -> (title, html) of the note to show, or None when it was already shown.
Transclude = Callable[[str, str | None], "tuple[str, str] | None"]


RESOLVED = "data-resolved"  # marks an <img> made from a vault path, until the tree pass below is through


def missing_file(name: str, text: str) -> etree.Element:
    """The placeholder of a file the vault (or the export) lacks: `<span class="missing-file">`."""
    el = etree.Element("span")
    el.set("class", "missing-file")
    el.set("title", name)
    el.text = AtomicString(text or name)
    return el


def image_element(targets: LinkTargets, path: str, alt: str, size: str | None = None) -> etree.Element:
    """`<img>` of a vault image, or `<span class="missing-file">` when it has nowhere to load from."""
    src = targets.linker.file_href(path)
    if src is None:
        return missing_file(path, alt)
    el = etree.Element("img")
    el.set("src", src)
    el.set("alt", alt)
    el.set(RESOLVED, "")  # its src is final: an export's relative src must not be resolved as a vault path
    if size and (m := _SIZE_RE.match(size)):
        el.set("width", m.group(1))
        if m.group(2):
            el.set("height", m.group(2))
    return el


def remote_image_placeholder(url: str) -> etree.Element:
    el = etree.Element("span")
    el.set("class", "remote-image")
    el.set("title", url)
    el.text = AtomicString("⊘ remote image blocked")  # a sign in every font: 🖼 drew as an empty box
    return el


def embed_inline(targets: LinkTargets, inner: str) -> etree.Element | None:
    """An embed met inside text: an image (a placeholder when the vault lacks it), or a link (notes are
    transcluded only on a line of their own)."""
    target, heading, alias = split_wikilink(inner)
    if not target:
        return None
    path = targets.resolve(target)
    if path is None and is_image(target):
        return missing_file(target, alias if alias and not _SIZE_RE.match(alias) else target)
    if path is not None and not targets.is_note(path) and is_image(path):
        size = alias if alias and _SIZE_RE.match(alias) else None
        alt = alias if alias and not size else path.rsplit("/", 1)[-1]
        el = image_element(targets, path, alt, size)
    else:
        el = link_element(targets, target, heading, link_text(target, heading, alias))
        el.set("class", el.get("class") + " embed-link")
    return el


class EmbedInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, ext: EmbedExtension):
        super().__init__(pattern)
        self.ext = ext

    def handleMatch(self, m, data):
        el = embed_inline(self.ext.getConfig("targets"), m.group(1))
        if el is None:
            return None, None, None
        if el.tag == "a":  # a picture (or its placeholder) has no page a backlink could open: no id
            target, heading, _alias = split_wikilink(m.group(1))
            mark_link(self.md, el, embed=True, markdown=False, target=target, heading=heading)
        return el, m.start(0), m.end(0)


class NoteEmbedBlockProcessor(BlockProcessor):
    """A line `![[other note]]` on its own: the other note shown inside `<div class="embed">`.

    Also when the line ends or splits a paragraph (`text\n![[Credits#^lucide]]` in a callout).
    """

    def __init__(self, parser, ext: EmbedExtension):
        super().__init__(parser)
        self.ext = ext

    def _note_of(self, line: str) -> tuple[str, str | None, str | None] | None:
        m = _EMBED_LINE_RE.match(line)
        if not m:
            return None
        target, heading, _alias = split_wikilink(m.group(1))
        targets: LinkTargets = self.ext.getConfig("targets")
        path = targets.resolve(target) if target else None
        if path is None or not targets.is_note(path):
            return None
        return path, heading, target

    def test(self, parent, block):
        return "![[" in block and any(self._note_of(line) is not None for line in block.split("\n"))

    def run(self, parent, blocks):
        lines = blocks.pop(0).split("\n")
        at = next(i for i, line in enumerate(lines) if self._note_of(line) is not None)
        # Lines around the embed (a paragraph it ends, in a callout say) are blocks of their own, as in Obsidian.
        rest = "\n".join(lines[at + 1:])
        if rest.strip():
            blocks.insert(0, rest)
        if at:
            self.parser.parseBlocks(parent, ["\n".join(lines[:at])])
        first = lines[at]
        path, heading, target = self._note_of(first)
        targets: LinkTargets = self.ext.getConfig("targets")
        transclude = self.ext.getConfig("transclude")
        shown = transclude(path, heading) if callable(transclude) else None
        div = etree.SubElement(parent, "div")
        div.set("class", "embed")
        mark_link(self.parser.md, div, embed=True, markdown=False, target=target, heading=heading)
        title = etree.SubElement(div, "div")
        title.set("class", "embed-title")
        title.append(link_element(targets, target, heading, shown[0] if shown else target))
        if shown is None:
            notice = etree.SubElement(div, "p")
            notice.set("class", "embed-notice")
            notice.text = AtomicString("⟲ already shown above")
        else:
            body = etree.SubElement(div, "div")
            body.set("class", "embed-body")
            body.text = AtomicString(self.parser.md.htmlStash.store(shown[1]))
            self.ext.final_html.add(len(self.parser.md.htmlStash.rawHtmlBlocks) - 1)


class LocalTargetTreeprocessor(Treeprocessor):
    """`![alt](img.png)` and `[text](note.md)` with local paths: resolved in the vault like wiki-links.
    Remote images become placeholders unless remote content is allowed."""

    def __init__(self, md: Markdown, ext: EmbedExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        if next(root.iter("img"), None) is None and all(a.get("class") is not None for a in root.iter("a")):
            return  # nothing below is ours to change: every link is a wiki-link or stamp (they have a class)
        targets: LinkTargets = self.ext.getConfig("targets")
        allow_remote = bool(self.ext.getConfig("allow_remote"))
        for parent in list(root.iter()):
            for i, child in enumerate(list(parent)):
                new = None
                if child.tag == "img" and RESOLVED not in child.attrib:
                    src = child.get("src", "")
                    if is_remote(src):
                        if not allow_remote:
                            new = remote_image_placeholder(src)
                    elif src and not _SCHEME_RE.match(src) and targets:
                        new = self._local_image(targets, child, src)
                elif child.tag == "a" and child.get("class") is None and targets:
                    href = child.get("href", "")
                    if href and not href.startswith(("#", "//")) and not _SCHEME_RE.match(href):
                        new = self._local_link(targets, child, href)
                if new is not None and new is not child:
                    new.tail = child.tail
                    parent[i] = new
                if new is not None and child.tag == "a":
                    parts = urlsplit(child.get("href", ""))
                    mark_link(self.md, new, embed=False, markdown=True, target=unquote(parts.path).strip(),
                              heading=unquote(parts.fragment).strip() or None)
        for img in root.iter("img"):
            img.attrib.pop(RESOLVED, None)

    @staticmethod
    def _local_image(targets: LinkTargets, img: etree.Element, src: str) -> etree.Element:
        path = targets.resolve(unquote(src.split("#", 1)[0]))
        if path is None or targets.is_note(path):
            return missing_file(unquote(src), img.get("alt") or unquote(src))
        el = image_element(targets, path, img.get("alt", ""))
        if img.get("title"):
            el.set("title", img.get("title"))
        return el

    @staticmethod
    def _local_link(targets: LinkTargets, a: etree.Element, href: str) -> etree.Element:
        parts = urlsplit(href)
        target = unquote(parts.path).strip()
        heading = unquote(parts.fragment).strip() or None
        if not target:
            return a
        el = link_element(targets, target, heading, "")
        el.text, el[:] = a.text, list(a)
        if a.get("title"):
            el.set("title", a.get("title"))
        return el


_RAW_IMG_RE = re.compile(r"<(?:img|image)\b([^>]*)>", re.IGNORECASE)  # HTML reads `<image>` as `<img>`


class RawHtmlImagePostprocessor(Postprocessor):
    """`<img src="pic.png">` written as raw HTML: a vault image gets its real address, a missing one the
    missing-file placeholder (never a broken image), a remote one the same "remote image blocked" placeholder
    as `![](https://…)` unless remote content is allowed (the sanitizer would only drop its `src`, leaving
    nothing to see); `data:` and other schemes are left to the sanitizer.

    This rewrites the note's own stashed HTML source before it is put back, not the finished page.
    """

    def __init__(self, md: Markdown, ext: EmbedExtension):
        super().__init__(md)
        self.ext = ext

    def _image(self, m: re.Match[str]) -> str:
        attrs = parse_attrs(m.group(1))
        src = attrs.get("src", "").strip()
        if is_remote(src):
            if self.ext.getConfig("allow_remote"):
                return m.group(0)
            return to_html_string(remote_image_placeholder(src))
        targets: LinkTargets = self.ext.getConfig("targets")
        if not src or not targets or _SCHEME_RE.match(src):
            return m.group(0)
        name = unquote(src.split("#", 1)[0])
        path = targets.resolve(name)
        if path is None or targets.is_note(path):
            el = missing_file(name, attrs.get("alt", ""))
        else:
            el = image_element(targets, path, attrs.get("alt", ""))
            el.attrib.pop(RESOLVED, None)
            for kept in ("width", "height", "title"):
                if attrs.get(kept) and el.tag == "img":
                    el.set(kept, attrs[kept])
        return to_html_string(el)

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for i, block in enumerate(blocks):
            if i in self.ext.final_html:
                continue  # another note's rendered page, or done already (the toc runs this on headings too)
            if isinstance(block, str) and "<im" in block.lower():
                blocks[i] = _RAW_IMG_RE.sub(self._image, block)
            self.ext.final_html.add(i)
        return text


class EmbedExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "targets": ["", "LinkTargets: how link targets resolve and where they point"],
            "transclude": ["", "callable(path, heading) -> (title, html) or None when already shown"],
            "allow_remote": [False, "load http(s) images instead of showing a placeholder"],
        }
        # htmlStash indices whose HTML is final, this render: transcluded notes (their image sources are
        # final, an export's relative), and raw HTML whose images were already resolved once.
        self.final_html: set[int] = set()
        super().__init__(**kwargs)

    def reset(self) -> None:
        self.final_html = set()

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        inline = EmbedInlineProcessor(EMBED_RE, self)
        inline.md = md
        md.inlinePatterns.register(inline, "wikiembed", 186)
        md.parser.blockprocessors.register(NoteEmbedBlockProcessor(md.parser, self), "note_embed", 75)
        md.treeprocessors.register(LocalTargetTreeprocessor(md, self), "local_targets", 15)
        # Before raw HTML is put back (30), beside the stamps' own pass over it (35).
        md.postprocessors.register(RawHtmlImagePostprocessor(md, self), "raw_html_images", 34)


def makeExtension(**kwargs):
    return EmbedExtension(**kwargs)
