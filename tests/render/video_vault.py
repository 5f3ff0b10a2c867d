"""A small vault of two videos for the tests of video pages in the app and the export."""

from __future__ import annotations

from pathlib import Path

from desktop.core.index import VaultIndex
from tests.core.core_helpers import stamp, write

VID = "AAAAAAAAAAA"  # two notes made from it, titled by the channel note
OTHER = "BBBBBBBBBBB"  # one note, no title anywhere: shown by its id


def write_video_vault(root: Path) -> Path:
    write(root, "chan/chan.md", "---\ntitle: The Channel\n---\n"
                                f"### [A talk &amp; more](https://www.youtube.com/watch?v={VID})\n- [[first]]\n")
    write(root, "chan/first.md", f"---\ntitle: First note\nvideoId: {VID}\n---\n"
                                 f"Opening {stamp('00:00:10')}. Second point {stamp('00:00:20')}. "
                                 f"Closing {stamp('00:09:00')}.\n")
    write(root, "chan/second.md", f"---\ntitle: Second note\nvideoId: {VID}\n---\n"
                                  f"In between {stamp('00:05:00')}. Later {stamp('00:06:00')}.\n")
    write(root, "else/quoting.md", f"---\ntitle: Quoting note\nvideoId: {OTHER}\n---\n"
                                   f"Own point {stamp('00:01:00')}. Quoted [0:15](https://youtu.be/{VID}?t=15).\n")
    write(root, "plain.md", "---\ntitle: Plain\n---\nNo video here. [[first]]\n")
    return root


def video_index(root: Path) -> VaultIndex:
    return VaultIndex.build(write_video_vault(root), workers=1)
