"""Shared test helpers: fixed link targets, a one-extension Markdown, and a tiny vault on disk."""

from __future__ import annotations

from pathlib import Path

import markdown

from desktop.render.linker import AppLinker, LinkTargets

NOTES = {"alpha": "alpha.md", "beta": "sub/beta.md", "pic.png": "img/pic.png", "doc.pdf": "doc.pdf"}


def fixed_targets(linker=None) -> LinkTargets:
    return LinkTargets(linker=linker or AppLinker(), resolve=lambda t: NOTES.get(t.strip().lower()),
                       is_note=lambda p: p.endswith(".md"), topic_key=lambda t: t.strip().lower().replace(" ", "_"))


def convert(src: str, *extensions) -> str:
    return markdown.Markdown(extensions=list(extensions)).convert(src)


VAULT = {
    "alpha.md": (
        "---\ntitle: Alpha note\nvideoId: abcdefghijk\n---\n"
        "# Alpha note\n\n"
        "Alpha talks about [[Beta]] first <a class=\"yt-timestamp\" data-t=\"00:01:05\"></a>.\n"
        "Then [[Some Topic|a topic]] appears <a class=\"yt-timestamp\" data-t=\"00:02:10\">[00:02:10]</a>.\n\n"
        "## Section Two\n\n![[img/pic.png]]\n\n![[beta]]\n"
    ),
    "sub/beta.md": (
        "---\ntitle: Beta\nvideoId: bcdefghijkl\n---\n"
        "Beta links back to [[alpha#Section Two|alpha's second part]] <a class=\"yt-timestamp\" data-t=\"00:00:30\"></a>.\n\n"
        "More on [[Some Topic]] here <a class=\"yt-timestamp\" data-t=\"00:03:00\"></a>.\n\n![[alpha]]\n"
    ),
    "weird name %?.md": "---\ntitle: Weird\n---\nA note with an odd name, about [[Some Topic]] and [[Other Thing]].\n",
}


def write_vault(root: Path) -> Path:
    for rel, text in VAULT.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "img").mkdir(exist_ok=True)
    (root / "img" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n fake")
    return root
