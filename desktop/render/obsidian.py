"""Obsidian's small syntax: `==highlight==`, hidden `%%comments%%`, `#tags` as chips, `- [ ]` task lists."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor, SimpleTagInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

HIGHLIGHT_RE = r"(==)(?!=)(.+?)(?<!=)=="
# A tag: `#` not inside a word, URL or entity, then letters/digits/_/-// with at least one non-digit.
TAG_RE = r"(?<![\w/&#\]\)])#((?=[\w/-]*[^\W\d])[\w][\w/-]*)"
COMMENT_RE = re.compile(r"%%.*?%%", re.DOTALL)
TASK_RE = re.compile(r"^\[([ xX])\][ \t]+")
# A list item line that may interrupt a paragraph (as in Obsidian and CommonMark: bullets, or `1.`).
LIST_START_RE = re.compile(r"^[ ]{0,3}(?:[*+-]|1[.)])[ \t]+\S")


def break_before_lists(lines: list[str]) -> list[str]:
    """Put a blank line between a paragraph and a list that follows it without one.

    Python-Markdown wants the blank line; notes written for Obsidian rarely have it.
    """
    out: list[str] = []
    in_list = False
    for line in lines:
        if not line.strip():
            in_list = False
        elif LIST_START_RE.match(line):
            if out and out[-1].strip() and not in_list:
                out.append("")
            in_list = True
        out.append(line)
    return out


class ListBreakPreprocessor(Preprocessor):
    def run(self, lines):
        return break_before_lists(lines)


class CommentPreprocessor(Preprocessor):
    """Drop `%%…%%` comments, also across lines (code blocks are stashed by then and keep theirs)."""

    def run(self, lines):
        text = "\n".join(lines)
        if "%%" not in text:
            return lines
        # A comment spanning lines leaves its line breaks, so blocks around it stay apart.
        text = COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        return text.split("\n")


class TagInlineProcessor(InlineProcessor):
    def handleMatch(self, m, data):
        el = etree.Element("span")
        el.set("class", "tag")
        el.text = AtomicString("#" + m.group(1))
        return el, m.start(0), m.end(0)


class TaskListTreeprocessor(Treeprocessor):
    """`- [ ] task` / `- [x] done` list items: a ☐/☑ glyph and classes `task` / `task done`."""

    def run(self, root):
        for lst in list(root.iter()):
            if lst.tag not in ("ul", "ol"):
                continue
            for li in lst:
                if li.tag == "li" and self._mark_task(li):
                    lst.set("class", "tasks")

    @staticmethod
    def _mark_task(li: etree.Element) -> bool:
        holder = li
        if not (li.text or "").strip() and len(li) and li[0].tag == "p":
            holder = li[0]  # a loose list wraps item text in <p>
        m = TASK_RE.match(holder.text or "")
        if not m:
            return False
        done = m.group(1) != " "
        box = etree.Element("span")
        box.set("class", "task-box")
        box.text = "☑" if done else "☐"
        box.tail = " " + holder.text[m.end():]
        holder.text = ""
        holder.insert(0, box)
        li.set("class", "task done" if done else "task")
        return True


class ObsidianExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "highlight": [True, "==text== as <mark>"],
            "comments": [True, "hide %%comments%%"],
            "tags": [True, "#tags as chips"],
            "tasks": [True, "task list items as ☐/☑"],
            "list_breaks": [True, "a list may follow a paragraph line without a blank line"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        if self.getConfig("comments"):
            # After fenced code (25) and raw HTML blocks (20) were stashed.
            md.preprocessors.register(CommentPreprocessor(md), "obsidian_comments", 15)
        if self.getConfig("list_breaks"):
            md.preprocessors.register(ListBreakPreprocessor(md), "obsidian_list_breaks", 14)
        if self.getConfig("highlight"):
            md.inlinePatterns.register(SimpleTagInlineProcessor(HIGHLIGHT_RE, "mark"), "highlight", 65)
        if self.getConfig("tags"):
            md.inlinePatterns.register(TagInlineProcessor(TAG_RE), "obsidian_tag", 75)
        if self.getConfig("tasks"):
            md.treeprocessors.register(TaskListTreeprocessor(md), "tasklist", 18)


def makeExtension(**kwargs):
    return ObsidianExtension(**kwargs)
