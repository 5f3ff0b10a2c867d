"""The item models stay valid Qt models through loading and filtering (pytest-qt's model tester)."""

from __future__ import annotations

from desktop.ui.tree_model import PATH_ROLE, NoteTreeModel, TopicTableModel


def test_note_tree_model_is_a_valid_model(qapp, qtmodeltester, vault_index):
    model = NoteTreeModel()
    model.set_index(vault_index)
    qtmodeltester.check(model)
    assert model.note_count() == 3
    model.set_filter("beta")
    qtmodeltester.check(model)
    assert model.note_count() == 1
    index = model.index_of_path("folder/beta.md")
    assert index.data() == "Beta Thoughts" and index.data(PATH_ROLE) == "folder/beta.md"
    assert model.parent(index).data() == "folder"
    model.set_filter("")
    assert model.note_count() == 3


def test_topic_model_is_a_valid_model(qapp, qtmodeltester, vault_index):
    model = TopicTableModel()
    model.set_index(vault_index)
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Some Topic", "Other Topic"]
    assert model.index(0, 1).data() == 2
    model.set_filter("other")
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_the_note_tree_is_kept_when_a_new_index_names_the_same_notes(qapp, vault_index):
    import copy

    model = NoteTreeModel()
    model.set_index(vault_index)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    same = copy.deepcopy(vault_index)  # stage two after stage one: other objects, the same names
    model.set_index(same)
    assert resets == [] and model.index_of_path("folder/beta.md").data() == "Beta Thoughts"
    renamed = copy.deepcopy(vault_index)
    renamed.notes["folder/beta.md"].title = "Beta, Retitled"
    model.set_index(renamed)
    assert resets == [1] and model.index_of_path("folder/beta.md").data() == "Beta, Retitled"


def test_the_note_tree_keeps_nothing_of_an_index_it_no_longer_shows(qapp, vault_index):
    """It compared the next index's names with a list of (path, title, aliases) of the last one, which held the
    names stage's alias lists (21k of them at the public vault) after that stage was gone."""
    import copy
    import sys

    names_stage = copy.deepcopy(vault_index)
    aliases = [note.aliases for note in names_stage.notes.values()]
    model = NoteTreeModel()
    model.set_index(names_stage)
    model.set_index(copy.deepcopy(vault_index))
    del names_stage
    assert all(sys.getrefcount(names) == 3 for names in aliases)  # the list above and the call's argument


def test_video_model_is_a_valid_model_over_the_pure_groups(qapp, qtmodeltester, tmp_path):
    from desktop.core.video_tree import VideoShelf, video_groups
    from desktop.render.video_catalog import build_video_catalog
    from desktop.ui.tree_model import VIDEO_ROLE, VideoTreeModel
    from tests.render.video_vault import OTHER, VID, video_index

    videos = build_video_catalog(video_index(tmp_path))
    model = VideoTreeModel()
    qtmodeltester.check(model)  # empty, before the catalog is built
    model.set_shelf(VideoShelf(videos))
    qtmodeltester.check(model)
    groups = video_groups(videos)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [g.name for g in groups] \
        == ["chan", "else"]
    chan = model.index(0, 0)
    rows = [(model.index(r, 0, chan).data(), model.index(r, 1, chan).data(), model.index(r, 2, chan).data(),
             model.index(r, 0, chan).data(VIDEO_ROLE)) for r in range(model.rowCount(chan))]
    assert rows == [("A talk & more", 3, 6, VID)]  # two notes of its own and one quoting it
    assert chan.data(VIDEO_ROLE) is None
    assert model.parent(model.index_of_video(OTHER)).data() == "else"
    model.set_filter("bbbb")
    qtmodeltester.check(model)
    assert model.rowCount() == 1 and model.first_video() == OTHER
    assert not model.index_of_video(VID).isValid()
