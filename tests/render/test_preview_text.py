"""Hover previews: the text each kind of link yields, without Qt."""

from __future__ import annotations

from pathlib import Path

from desktop.core.index import VaultIndex
from desktop.core.loader import complete_note
from desktop.core.youtube import watch_url
from desktop.render.linker import AppLinker
from desktop.render.previews import first_paragraph, preview_for
from desktop.render.video_catalog import build_video_catalog
from tests.core.core_helpers import stamp, write
from tests.render.video_vault import VID, video_index


def _topic_vault(root: Path) -> VaultIndex:
    write(root, "a.md", "---\ntitle: Alpha\nvideoId: AAAAAAAAAAA\n---\n# Alpha\n\n"
                        "First words of **Alpha**, about [[Gamma Rays|gamma]] and more.\nStill the first paragraph.\n\n"
                        f"Second paragraph on [[Gamma Rays]] {stamp('00:01:05')}.\n")
    write(root, "b.md", "---\ntitle: Beta\n---\n```\ncode first\n```\n\n"
                        f"Beta on [[Gamma Rays]] at once {stamp('00:02:10')}. [[Alpha]]\n")
    write(root, "c.md", "---\ntitle: Gamma note\n---\nAnd [[Gamma Rays]] once more.\n")
    write(root, "d.md", "---\ntitle: Empty\n---\n# Only a heading\n")
    return VaultIndex.build(root, workers=1)


def test_a_note_link_previews_its_title_and_first_paragraph(tmp_path: Path) -> None:
    index = _topic_vault(tmp_path)
    preview = preview_for(AppLinker().note_href("a.md"), index, None, None)
    assert preview.title == "Alpha"
    assert preview.kind == "Note"
    assert preview.lines == ("First words of Alpha, about gamma and more. Still the first paragraph.",)


def test_a_note_link_to_a_heading_names_it_and_code_is_skipped(tmp_path: Path) -> None:
    index = _topic_vault(tmp_path)
    preview = preview_for(AppLinker().note_href("b.md", "Part"), index, None, None)
    assert preview.kind == "Note · § part"
    assert preview.lines == ("Beta on Gamma Rays at once. Alpha",)
    assert "code first" not in preview.lines[0]
    assert preview_for(AppLinker().note_href("d.md"), index, None, None).lines == ("(no text)",)


def test_a_topic_link_previews_its_name_count_and_first_mentions_with_times(tmp_path: Path) -> None:
    index = _topic_vault(tmp_path)
    key = index.topic_key("Gamma Rays")
    preview = preview_for(AppLinker().topic_href(key), index, None, None)
    assert preview.title == index.topics[key].name
    assert preview.kind == "Topic · 4 mentions in 3 notes"
    assert len(preview.lines) == 3
    assert preview.lines[0].endswith("— Alpha") and "gamma" in preview.lines[0]
    assert preview.lines[1].startswith("▶ 1:05  Second paragraph on Gamma Rays")
    assert preview.lines[2].startswith("▶ 2:10  Beta on Gamma Rays") and preview.lines[2].endswith("— Beta")


def test_a_stamp_previews_its_time_and_sentence_from_the_shown_note(tmp_path: Path) -> None:
    index = video_index(tmp_path)
    videos = build_video_catalog(index)
    preview = preview_for(watch_url(VID, 20), index, videos, complete_note(index, "chan/first.md"))
    assert preview.title == "▶ 0:20"
    assert preview.kind == "Stamp · A talk & more"
    assert preview.lines == ("Second point",)
    elsewhere = preview_for(watch_url(VID, 20), index, videos, complete_note(index, "plain.md"))
    assert elsewhere.title == "▶ 0:20" and elsewhere.lines == ("Second point",)  # from the video's outline
    unsaid = preview_for(watch_url(VID, 21), index, videos, complete_note(index, "plain.md"))
    assert unsaid.title == "▶ 0:21" and unsaid.lines == ()  # no note says anything at 0:21


def test_a_stamp_on_a_video_page_or_a_topic_page_previews_the_sentence_said_there(tmp_path: Path) -> None:
    """QA: a video page's timeline marks and a topic page's chips previewed no sentence (no note is shown)."""
    index = video_index(tmp_path)
    videos = build_video_catalog(index)
    preview = preview_for(watch_url(VID, 300), index, videos, None)
    assert preview.title == "▶ 5:00" and preview.lines == ("In between",)


def test_a_video_link_previews_its_title_and_counts(tmp_path: Path) -> None:
    index = video_index(tmp_path)
    videos = build_video_catalog(index)
    preview = preview_for(AppLinker().video_href(VID), index, videos, None)
    assert preview.title == "A talk & more"
    assert preview.kind == "Video · 3 notes · 6 stamps"
    assert preview_for(AppLinker().video_href(VID), index, None, None) is None  # no catalog yet


def test_links_with_nothing_to_preview_give_none(tmp_path: Path) -> None:
    index = _topic_vault(tmp_path)
    assert preview_for("https://example.org/", index, None, None) is None
    assert preview_for(AppLinker().note_href("missing.md"), index, None, None) is None
    assert preview_for(AppLinker().file_href("img/x.png"), index, None, None) is None
    assert preview_for("", index, None, None) is None


def test_a_short_from_line_gives_way_to_the_prose_after_it() -> None:
    body = "From: [[channel]] <br/>\n\nThis article explores the likelihood of [[Vladimir Putin|Putin's]] removal.\n"
    assert first_paragraph(body) == "This article explores the likelihood of Putin's removal."
    assert first_paragraph("Just a line.\n\n# Heading\n") == "Just a line."


def test_first_paragraph_is_cut_on_a_word() -> None:
    text = first_paragraph("word " * 200, limit=50)
    assert text.endswith(" …") and len(text) <= 52 and "wor …" not in text


def test_a_list_previews_as_its_items_apart_not_one_run_on_sentence():
    """Seen on a channel note: "Hamas attacks on Israel Netanyahus declaration of war Ukraines support…"."""
    from desktop.render.previews import first_paragraph

    body = "# Channel\n\n- [[hamas_attacks | Hamas attacks on Israel]]\n- [[war | Netanyahus declaration of war]]\n"
    assert first_paragraph(body) == "Hamas attacks on Israel · Netanyahus declaration of war"
