"""The Videos tab's pure model: videos grouped by channel with note and stamp counts, narrowed by the filter."""

from __future__ import annotations

from desktop.core.index import VaultIndex
from desktop.core.video_tree import NO_CHANNEL, video_groups
from desktop.core.videos import VideoCatalog, read_video_links
from tests.core.core_helpers import stamp, write


def catalog(root) -> VideoCatalog:
    write(root, "Alpha Channel/chan.md", "---\ntitle: Alpha Channel\n---\n"
                                         "### [Zebra talk](https://www.youtube.com/watch?v=AAAAAAAAAAA)\n"
                                         "### [apple talk](https://www.youtube.com/watch?v=CCCCCCCCCCC)\n")
    write(root, "Alpha Channel/one.md", f"---\ntitle: One\nvideoId: AAAAAAAAAAA\n---\nA {stamp('00:00:10')}. "
                                        f"B {stamp('00:00:20')}.\n")
    write(root, "Alpha Channel/two.md", f"---\ntitle: Two\nvideoId: AAAAAAAAAAA\n---\nC {stamp('00:00:30')}.\n")
    write(root, "Alpha Channel/three.md", f"---\ntitle: Three\nvideoId: CCCCCCCCCCC\n---\nD {stamp('00:00:30')}.\n")
    write(root, "beta/four.md", f"---\ntitle: Four\nvideoId: BBBBBBBBBBB\n---\nE {stamp('00:01:00')}.\n")
    write(root, "loose.md", f"---\ntitle: Loose\nvideoId: DDDDDDDDDDD\n---\nF {stamp('00:02:00')}.\n")
    index = VaultIndex.build(root, workers=1)
    return VideoCatalog.build(index, read_video_links(index))


def shape(groups):
    return [(g.name, [(v.title, v.notes, v.stamps) for v in g.videos]) for g in groups]


def test_videos_are_grouped_by_channel_with_counts_channels_and_titles_in_order(tmp_path):
    groups = video_groups(catalog(tmp_path))
    assert shape(groups) == [
        ("Alpha Channel", [("apple talk", 1, 1), ("Zebra talk", 2, 3)]),
        ("beta", [("BBBBBBBBBBB", 1, 1)]),  # no title anywhere: its id
        (NO_CHANNEL, [("DDDDDDDDDDD", 1, 1)]),  # a note at the vault's root, linked from nowhere
    ]
    assert (groups[0].notes, groups[0].stamps) == (3, 4)


def test_the_filter_matches_title_id_or_channel_in_any_case_every_word(tmp_path):
    videos = catalog(tmp_path)
    assert shape(video_groups(videos, "ZEBRA")) == [("Alpha Channel", [("Zebra talk", 2, 3)])]
    assert shape(video_groups(videos, "bbbbbbb")) == [("beta", [("BBBBBBBBBBB", 1, 1)])]
    assert [g.name for g in video_groups(videos, "alpha talk")] == ["Alpha Channel"]
    assert len(video_groups(videos, "alpha talk")[0].videos) == 2
    assert video_groups(videos, "alpha zzz") == []
    assert video_groups([], "") == []
