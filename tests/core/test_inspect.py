"""The `--inspect` document written from stamps read ahead as their text in it (`stamps_json`)."""

import json
from pathlib import Path

from desktop.core import loader
from desktop.core.index import VaultIndex, parse_stamps, stamp_rows
from desktop.core.inspect import index_json_bytes, index_json_chunks, index_to_json, stamp_items, \
    timestamps_json
from desktop.core.loader import load_vault
from core_helpers import stamp, write

SEED = Path(__file__).resolve().parents[2] / "seeds"


def stamped_vault(root: Path) -> Path:
    """Notes with what the text of a stamp may hold: other scripts, quotes, a stamp citing another video, a
    value that is no time, a note with no stamps, a name that wants escaping."""
    write(root, "talks/café.md", "---\ntitle: Café \"Noir\"\nvideoId: abcdefghijk\n---\n"
          f"Crème brûlée, «quoted» and 日本語 {stamp('00:01:00')}. A \\ backslash and a\ttab "
          f"{stamp('00:02:30')}.\n\n"
          f"- Another [[Topic]] item [12:34](https://youtu.be/ABCDEFGHIJK?t=754) then more.\n"
          f"- Nonsense {stamp('not a time')}.\n")
    write(root, "plain.md", "# Plain\nNo stamps here, only [[talks/café]].\n")
    write(root, "msf.md", "---\ntitle: Frames\nvideoId: ABCDEFGHIJK\n---\n"
          f"One {stamp('01:02:00')}. Two {stamp('03:04:00')}. Three {stamp('05:06:00')}.\n")
    return root


def test_stamp_rows_are_what_the_stamps_read_say(tmp_path):
    vault = stamped_vault(tmp_path)
    for text in [path.read_text("utf-8") for path in sorted(vault.rglob("*.md"))] + \
            [next(SEED.iterdir()).read_text("utf-8")]:
        stamps = parse_stamps(text)
        assert stamp_rows(text) == [(s.label, s.seconds, s.url, s.context) for s in stamps]
        assert json.loads(timestamps_json(stamp_rows(text))) == \
            [{"label": s.label, "seconds": s.seconds, "url": s.url, "context": s.context} for s in stamps]


def test_a_notes_stamps_as_text_are_what_the_encoder_writes_of_them():
    """`timestamps_json` writes each stamp into a template: byte for byte what the document's encoder gives,
    whatever the strings hold."""
    rows = [("1:02:03", 3723, "https://www.youtube.com/watch?v=abc&t=3723s", "plain words"),
            ('a "quoted" \\ label', None, None, "tab\tnew line\nNUL\x00 line sep\u2028 é 日本 \U0001f600"),
            ("x", 0, "u", "a lone \ud800 surrogate"), ("", 12, None, "")]
    expected = json.dumps(stamp_items(rows), ensure_ascii=False, separators=(", ", ": "))
    assert timestamps_json(rows) == expected.encode("utf-8", "backslashreplace")
    assert timestamps_json([]) == b"[]"
    assert json.loads(timestamps_json(rows[:2]))[1]["label"] == 'a "quoted" \\ label'


def test_stamps_read_ahead_as_text_make_the_same_document(tmp_path):
    """Each note's stamps read ahead as their text in the document are spliced into its line as they are: the
    document is byte for byte the one written from the stamps decoded, and is `index_to_json`'s."""
    vault = stamped_vault(tmp_path / "v")
    cache = tmp_path / "cache"
    decoded = "".join(index_json_chunks(load_vault(vault, cache=cache)))

    def ahead(root: Path) -> VaultIndex:
        index = load_vault(root, cache=cache, every_page=True, stamps_json=True, workers=1)
        assert all(isinstance(note.stamps_data, loader._AheadStamps) for note in index.notes.values())
        return index

    assert "".join(index_json_chunks(ahead(vault))) == decoded
    assert b"".join(index_json_bytes(ahead(vault))) == decoded.encode("utf-8")  # what `--inspect` prints
    for root in (vault, SEED):
        assert json.loads("".join(index_json_chunks(ahead(root)))) == index_to_json(VaultIndex.build(root, workers=1))
    assert '"label": "754", "seconds": 754, "url": "https://www.youtube.com/watch?v=ABCDEFGHIJK&t=754s", ' \
        '"context": "Another Topic item"}, {"label": "not a time", "seconds": null, "url": null' in decoded


def test_stamps_read_ahead_as_text_are_given_once_and_kept_by_no_one(tmp_path):
    """The pass takes each note's text (the reader holds none once it is written); a note asked again, or
    asked for its stamps as objects, reads them as it otherwise would."""
    vault = stamped_vault(tmp_path / "v")
    index = load_vault(vault, cache=tmp_path / "cache", every_page=True, stamps_json=True, workers=1)
    note = index.notes["msf.md"]
    text = note.stamps_data.timestamps_json()
    assert [s["seconds"] for s in json.loads(text)] == [62, 184, 306]  # read as M:SS:ff, as the note says
    assert note.stamps_data.timestamps_json() is None
    assert note.stamps_data.ahead.found.keys() == {"plain.md", "talks/café.md"}
    assert note.peek_stamps() == VaultIndex.build(vault, workers=1).notes["msf.md"].stamps
    "".join(index_json_chunks(index))
    assert not note.stamps_data.ahead.found


def test_stamps_read_ahead_as_text_on_worker_processes(tmp_path):
    """Many notes: read on the worker processes, each chunk's text handed back as it is."""
    vault = tmp_path / "v"
    for i in range(420):
        write(vault, f"n{i:03}.md", f"---\ntitle: N {i}\nvideoId: abcdefghijk\n---\n"
              f"Said «{i}» {stamp(f'00:{i % 60:02}:{i % 50:02}')}. Then [[n{(i + 1) % 420:03}]] {stamp('1:02:03')}.\n")
    cache = tmp_path / "cache"
    decoded = "".join(index_json_chunks(load_vault(vault, cache=cache, workers=2)))
    spliced = "".join(index_json_chunks(load_vault(vault, cache=cache, every_page=True, stamps_json=True,
                                                    workers=2)))
    assert spliced == decoded
    assert json.loads(spliced)["notes"][7]["timestamps"][0]["seconds"] == 7 * 60 + 7
