"""A small vault written the way people write Obsidian notes (not generated): callouts, embeds of blocks and
headings, block ids, tables, fenced code in callouts and lists, images the vault has and lacks."""

from __future__ import annotations

from pathlib import Path

PEOPLE_VAULT = {
    "Internal links.md": (
        "---\naliases: [Linking notes]\n---\n"
        "Learn how to link notes, attachments and other files from your notes, using _internal links_. "
        "Links make a network of knowledge. ^b15695\n\n"
        "## Supported formats\n\n"
        "| Link | What it does |\n|---|---|\n| [[Embed files\\|Embedding]] | shows a file in a note |\n\n"
        "- A list item with an id ^item-1\n"
        "- Another item\n\n"
        "## Link to a block in a note\n\n"
        "A block is a paragraph, a quote or a list item. Link one with [[Embed files#^quote-of-the-day]] "
        "or see [[#^b15695|the intro]].\n"
    ),
    "Embed files.md": (
        "# Embed files\n\n"
        "To embed a note, put an exclamation mark before an [[Internal links|internal link]].\n\n"
        "The text below is an embedded block:\n\n"
        "![[Internal links#^b15695]]\n\n"
        "And a whole section:\n\n"
        "![[Internal links#Supported formats]]\n\n"
        "> Quotes can be linked too.\n\n"
        "^quote-of-the-day\n\n"
        "![[Engelbart.jpg|200]] and ![[Missing picture.png]]\n\n"
        "![a lost picture](lost.png) and <img src=\"also-lost.png\" alt=\"raw lost\"> and "
        "<img src=\"Engelbart.jpg\" alt=\"raw found\">\n"
    ),
    "Callouts.md": (
        "# Callouts\n\n"
        "> [!tip] Custom callouts\n"
        "> Set the icon with CSS:\n"
        "> ```css\n"
        "> .callout[data-callout=\"custom\"] {\n"
        ">     --callout-icon: lucide-alert-circle;\n"
        "> }\n"
        "> ```\n\n"
        "> [!warning] Note about icon versions\n"
        "> Icons are updated now and then. The current version is below.\n"
        "> ![[Credits#^lucide]]\n\n"
        "1. Install the plugin:\n"
        "   ```sh\n"
        "   pip install thing\n"
        "   ```\n"
        "2. Restart.\n"
    ),
    "Credits.md": (
        "# Credits\n\n"
        "Thanks to everyone who helped.\n\n"
        "- Lucide icons, version 0.446.0\n"
        "- Inter font\n\n"
        "^lucide\n\n"
        "[[Internal links]] has the details and so does [[internal links|Internal links]].\n"
    ),
}


def write_people_vault(root: Path) -> Path:
    """The vault above on disk, with `Engelbart.jpg` (the only picture it has)."""
    for rel, text in PEOPLE_VAULT.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "Engelbart.jpg").write_bytes(b"\xff\xd8\xff\xe0 fake jpeg")
    return root
