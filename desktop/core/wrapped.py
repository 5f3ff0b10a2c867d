"""A note whose whole body the generator wrapped in a ```markdown fence, read as the Markdown it is.

163 notes of the public vault are written `From: [[channel]] <br/>`, then a "```markdown" line, the note, and
"```" as the last line. Read by the letter that is one code block: its links dead, its stamps plain text, the
note missing from every topic it names. The two fence lines are blanked instead (spaces, the same length, so
every offset into the body stays) and the index, search and the page read the note inside. Only a body with
exactly those two fence lines, the second its last line, is read so: any other fence could pair differently.
"""

from __future__ import annotations

import re

from desktop.core.links import has_fence

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$", re.MULTILINE)
_MARKDOWN_INFO = re.compile(r"[ \t]*(?:markdown|md)[ \t]*", re.IGNORECASE)


def unwrapped(body: str) -> str:
    """`body` with the fence lines blanked when a ```markdown fence wraps the rest of it, else `body`."""
    if not has_fence(body):  # most notes: a scan for one character (one for three took 8 µs a note)
        return body
    fences = list(_FENCE.finditer(body))
    if len(fences) != 2:
        return body
    opening, closing = fences
    if _MARKDOWN_INFO.fullmatch(opening.group(2)) is None or closing.group(2).strip():
        return body
    if closing.group(1)[0] != opening.group(1)[0] or len(closing.group(1)) < len(opening.group(1)):
        return body
    if body[closing.end():].strip():  # text after the closing fence: not a wrapper
        return body
    return "".join((body[:opening.start()], " " * (opening.end() - opening.start()),
                    body[opening.end():closing.start()], " " * (closing.end() - closing.start()),
                    body[closing.end():]))
