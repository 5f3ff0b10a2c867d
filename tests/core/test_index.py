"""The whole-vault index: links resolved, topics and backlinks gathered, and the --inspect JSON."""

import json
import subprocess
import sys
from pathlib import Path

from desktop.cli import main
from desktop.core.index import VaultIndex
from desktop.core.inspect import index_json_chunks, index_to_json
from core_helpers import stamp, write

SEED = Path(__file__).resolve().parents[2] / "seeds"


def small_vault(root: Path) -> Path:
    write(root, "talks/flow_state.md", "---\ntitle: Flow State\nvideoId: abcdefghijk\n---\n"
          f"Flow is a state of focus {stamp('00:01:00')}. It links [[deep work]] here {stamp('00:02:30')}.\n")
    write(root, "talks/a1b2c3.md", "---\ntitle: Working Deeply\nvideoId: ABCDEFGHIJK\naliases: [Deep Work]\n---\n"
          f"Being in [[flow_state | flow]] matters {stamp('00:00:10')}. Sleep and [[Recovery]] too "
          f"{stamp('00:00:20')}.\n")
    write(root, "other.md", f"# Other note\nSee [[recovery]] and [[Flow State]] {stamp('1:05')}.\n")
    write(root, "img/pic.png", "not really a png")
    return root


def test_links_resolve_by_stem_title_alias_and_slug(tmp_path):
    index = VaultIndex.build(small_vault(tmp_path))
    by_target = {(l.target, p): l.resolved for p, n in index.notes.items() for l in n.links}
    assert by_target[("flow_state", "talks/a1b2c3.md")] == "talks/flow_state.md"
    assert by_target[("deep work", "talks/flow_state.md")] == "talks/a1b2c3.md"  # alias
    assert by_target[("Flow State", "other.md")] == "talks/flow_state.md"  # title
    assert by_target[("Recovery", "talks/a1b2c3.md")] is None


def test_topics_gather_mentions_across_spellings(tmp_path):
    index = VaultIndex.build(small_vault(tmp_path))
    assert list(index.topics) == ["recovery"]
    topic = index.topics["recovery"]
    assert topic.name in ("Recovery", "recovery")
    assert sorted(m.source for m in topic.mentions) == ["other.md", "talks/a1b2c3.md"]
    mention = next(m for m in topic.mentions if m.source == "talks/a1b2c3.md")
    assert mention.context == "Sleep and Recovery too"
    assert mention.seconds == 20
    assert mention.url == "https://www.youtube.com/watch?v=ABCDEFGHIJK&t=20s"


def test_backlinks_carry_sentence_and_stamp(tmp_path):
    index = VaultIndex.build(small_vault(tmp_path))
    back = index.backlinks["talks/flow_state.md"]
    assert [(m.source, m.context, m.seconds) for m in back] == [
        ("other.md", "See recovery and Flow State", 65),
        ("talks/a1b2c3.md", "Being in flow matters", 10),
    ]


def test_find_by_path_stem_title_then_topic(tmp_path):
    index = VaultIndex.build(small_vault(tmp_path))
    assert index.find("talks/a1b2c3.md") == ("note", "talks/a1b2c3.md")
    assert index.find("Working Deeply") == ("note", "talks/a1b2c3.md")
    assert index.find("other") == ("note", "other.md")
    assert index.find("RECOVERY") == ("topic", "recovery")
    assert index.find("nothing at all") is None


def test_inspect_json_shape_on_seed():
    data = index_to_json(VaultIndex.build(SEED))
    assert data["timestamp_format"] == "msf"
    note = data["notes"][0]
    assert note["path"] == "000_c7e1bab3a6e96006.txt"
    assert note["title"] == "Moral and political implications for Russian leadership"
    first = note["timestamps"][0]
    assert first["label"] == "01:58:12"
    assert first["seconds"] == 118
    assert first["url"] == "https://www.youtube.com/watch?v=chIqmlJA2i0&t=118s"
    assert first["context"].startswith("The withdrawal of Russian troops from Kherson")
    assert max(s["seconds"] for s in note["timestamps"]) == 1164  # the last stamp, "19:24:43": M:SS:ff (19 min 24 s), not 19 hours
    assert note["links"][1] == {"target": "historical_and_current_political_implications_in_russia",
                                "heading": None, "alias": "strategic turning point", "embed": False,
                                "resolved": None}
    top = data["unresolved"][0]
    # 10 links in 9 sentences: "…for the [[…| Russian leadership]] and the [[…| Russian establishment]]" is one
    assert top == {"target": "potential_political_consequences_for_putin_and_russian_establishment",
                   "mentions": 9}


def test_unreadable_files_are_listed_with_why(tmp_path):
    small_vault(tmp_path)
    (tmp_path / "binary.md").write_bytes(b"abc\x00def")
    data = index_to_json(VaultIndex.build(tmp_path))
    assert [w["path"] for w in data["warnings"]] == ["binary.md"]
    assert "NUL" in data["warnings"][0]["message"]
    assert "binary.md" not in [n["path"] for n in data["notes"]]


def test_cli_inspect_prints_utf8_json(tmp_path):
    write(tmp_path, "ünï.md", "# Café\ntext")
    out = subprocess.run([sys.executable, "-m", "desktop", str(tmp_path), "--inspect"],
                         capture_output=True, check=True)
    data = json.loads(out.stdout.decode("utf-8"))
    assert data["notes"][0]["title"] == "Café"
    assert data["vault"] == str(tmp_path.resolve())


def test_streamed_inspect_json_is_the_whole_document_a_note_a_line(tmp_path):
    """`--inspect` writes note by note the document `index_to_json` makes, each note on a line of its own."""
    for index in (VaultIndex.build(SEED), VaultIndex.build(small_vault(tmp_path / "small")),
                  VaultIndex.build(tmp_path / "small" / "img")):  # no notes at all
        streamed = "".join(index_json_chunks(index))
        document = index_to_json(index)
        assert json.loads(streamed) == document
        lines = streamed.split("\n")
        assert [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith('  {"path": ')] \
            == document["notes"]
        assert lines[:3] == ["{", f' "vault": {json.dumps(str(index.root))},',
                             f' "timestamp_format": "{document["timestamp_format"]}",']


def test_streamed_inspect_leaves_no_stamps_decoded_on_the_notes(tmp_path, monkeypatch):
    from desktop.core.loader import load_vault

    cache = tmp_path / "cache"
    load_vault(small_vault(tmp_path / "v"), cache=cache)
    index = load_vault(tmp_path / "v", cache=cache)  # stamps as the cache keeps them
    chunks = list(index_json_chunks(index))
    assert any('"seconds": 150' in chunk for chunk in chunks)
    assert not any(isinstance(note.stamps_data, list) for note in index.notes.values())


def test_cli_inspect_reads_the_cache_and_lists_videos(tmp_path, monkeypatch):
    from desktop.core import loader

    vault = small_vault(tmp_path / "v")
    first = tmp_path / "first.json"
    with first.open("w") as out:
        subprocess.run([sys.executable, "-m", "desktop", str(vault), "--inspect"], stdout=out, check=True)
    data = json.loads(first.read_text("utf-8"))
    assert [v["id"] for v in data["videos"]] == ["ABCDEFGHIJK", "abcdefghijk"]
    assert data["videos"][1] == {"id": "abcdefghijk", "title": None, "notes": ["talks/flow_state.md"],
                                 "stamps": 2, "last_second": 150}
    read: list[str] = []
    real = loader.map_chunks
    def parsed_for_the_store(work, files, *a, **k):  # the stamps are read from the vault (the cache keeps none)
        if getattr(work, "func", work) is loader._parse_for_store:
            read.extend(f.path for f in files)
        return real(work, files, *a, **k)

    monkeypatch.setattr(loader, "map_chunks", parsed_for_the_store)
    import contextlib
    import io

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with contextlib.redirect_stdout(out):
        assert main([str(vault), "--inspect"]) == 0
    out.flush()
    assert read == []  # the first run's cache served every note (no note parsed again for the index)
    assert json.loads(out.buffer.getvalue().decode("utf-8")) == data


def test_cli_inspect_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    for i in range(200):  # far more JSON than a pipe holds
        write(tmp_path, f"n{i}.md", "# N\n" + " ".join(f"Claim {j} {stamp(f'0:{j:02d}')}." for j in range(40)))
    process = subprocess.Popen([sys.executable, "-m", "desktop", str(tmp_path), "--inspect"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.read(100).startswith(b"{")
    process.stdout.close()  # as `| head -c 100` does
    with process.stderr:
        err = process.stderr.read().decode()
    assert process.wait() == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_cli_missing_vault_exits_2(tmp_path, capsys):
    assert main([str(tmp_path / "nope"), "--inspect"]) == 2
    assert "no vault folder" in capsys.readouterr().err
    file = tmp_path / "file.md"
    file.write_text("x")
    assert main([str(file), "--inspect"]) == 2


def test_cli_export_writes_site_and_refuses_inside_vault(tmp_path, capsys):
    vault = small_vault(tmp_path / "vault")
    out = tmp_path / "site"
    assert main([str(vault), "--export-html", str(out)]) == 0
    assert "exported 3 notes, 1 topics" in capsys.readouterr().err
    assert (out / "index.html").is_file()
    assert main([str(vault), "--export-html", str(vault / "site")]) == 2
    assert "inside the vault" in capsys.readouterr().err
    assert not (vault / "site").exists()


def test_reading_falls_back_to_one_process_when_workers_break(tmp_path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from desktop.core import index as index_module
    from desktop.core.vault import scan_vault

    for i in range(450):
        write(tmp_path, f"n{i:03d}.md", f"# Note {i}\nsee [[n000]] {stamp('0:10')}.\n")

    class Broken:
        def __init__(self, *args, **kwargs):
            raise BrokenProcessPool("no workers here")

    monkeypatch.setattr(index_module, "ProcessPoolExecutor", Broken)
    files = [f for f in scan_vault(tmp_path)[0] if f.is_note]
    notes = index_module.read_notes(files, workers=2)
    assert len(notes) == 450 and notes[449].title == "Note 449"


def test_mention_url_follows_a_stamp_that_cites_another_video(tmp_path):
    write(tmp_path, "a.md", "---\nvideoId: abcdefghijk\n---\n"
          "Own video [[topic one]] " + stamp("0:30") + ". Other talk on [[topic two]] "
          "[1:00](https://youtu.be/ZYXWVUTSRQP?t=60).\n")
    index = VaultIndex.build(tmp_path)
    one, two = index.topics["topicone"].mentions[0], index.topics["topictwo"].mentions[0]
    assert one.url == "https://www.youtube.com/watch?v=abcdefghijk&t=30s"
    assert two.url == "https://www.youtube.com/watch?v=ZYXWVUTSRQP&t=60s"


def test_a_sentence_with_two_links_to_one_topic_or_note_is_one_mention(tmp_path):
    write(tmp_path, "target.md", "# Target\n")
    write(tmp_path, "a.md",
          f"For the [[topic_x|leadership]] and the [[topic_x|establishment]] {stamp('00:02:26')}.\n\n"
          f"Again [[topic_x]] {stamp('00:03:00')}.\n\n"
          "Both [[Target]] and [[Target#Part|its part]].\n")
    index = VaultIndex.build(tmp_path, workers=1)
    mentions = index.mentions_of("topic", "topicx")
    assert [(m.context, m.seconds, m.alias, m.other_aliases, m.anchor) for m in mentions] == [
        ("For the leadership and the establishment", 146, "leadership", ("establishment",), "link-0"),
        ("Again topic x", 180, None, (), "link-2"),
    ]
    (back,) = index.mentions_of("note", "target.md")
    assert (back.context, back.alias, back.other_aliases, back.anchor) == (
        "Both Target and its part.", None, ("its part",), "link-3")


def test_a_mention_with_no_words_around_it_says_what_it_links(tmp_path):
    write(tmp_path, "target.md", "# Target\n\nA block. ^b1\n")
    write(tmp_path, "a.md", "![[Target]]\n\n![[Target#^b1]]\n\n| [[Target\\|the target]] |\n|---|\n")
    index = VaultIndex.build(tmp_path, workers=1)
    assert [m.context for m in index.mentions_of("note", "target.md")] == ["Target", "the target"]


def test_a_picture_the_vault_lacks_is_no_topic(tmp_path):
    write(tmp_path, "a.md", "---\ntitle: A\n---\nSee ![[Missing picture.png]] and ![](lost.png) and [[Real topic]].\n"
                            "And ![[here.png]].\n")
    (tmp_path / "here.png").write_bytes(b"\x89PNG")
    index = VaultIndex.build(tmp_path, workers=1)
    assert [topic.name for topic in index.topics.values()] == ["Real topic"]
    assert {link.target: link.resolved for link in index.notes["a.md"].links if link.embed} == {
        "Missing picture.png": None, "lost.png": None, "here.png": "here.png"}


def test_parse_stamps_gives_the_stamps_of_the_whole_parse():
    """What a note loaded from the cache reads when it is shown equals the stamps of its full parse."""
    from desktop.core.index import parse_note, parse_stamps

    text = ("---\ntitle: T\nvideoId: abcdefghijk\ntimestamp_format: msf\n---\n# T\nIntro "
            '<a class="yt-timestamp" data-t="01:58:12"></a>. Other [12:34](https://youtu.be/ABCDEFGHIJK?t=754).\n\n'
            '`<a class="yt-timestamp" data-t="00:00:01"></a>` in code, then <a class="yt-timestamp" data-t="02:01:00">[x]</a>\n')
    stamps = parse_stamps(text)
    assert stamps == parse_note("a.md", text).stamps
    assert [(s.seconds, s.url) for s in stamps] == [
        (118, "https://www.youtube.com/watch?v=abcdefghijk&t=118s"),
        (754, "https://www.youtube.com/watch?v=ABCDEFGHIJK&t=754s"),
        (121, "https://www.youtube.com/watch?v=abcdefghijk&t=121s")]


def test_each_field_of_a_parsed_link_is_its_own():
    """The parse makes each `Link` by position (faster): every field gets what the link says."""
    from desktop.core.index import parse_note
    from desktop.core.model import Link

    body = ("---\nvideoId: aaaaaaaaaaa\n---\nSee ![[Target#Part|Shown]] here "
            "[0:10](https://youtu.be/bbbbbbbbbbb?t=10).\n")
    [link] = parse_note("n.md", body).links
    start = body.split("---\n", 2)[2].index("!")
    assert link == Link(target="Target", heading="Part", alias="Shown", embed=True, resolved=None, start=start,
                        end=start + len("![[Target#Part|Shown]]"), context="See here", seconds=10,
                        markdown=False, stamp_url="https://www.youtube.com/watch?v=bbbbbbbbbbb&t=10s")


def test_the_stores_parse_gives_the_rows_of_the_full_parses_links(tmp_path):
    """The parse the store keeps makes each link's row directly (no `Link` object): the same fields as the
    `Link`s of the full parse, for wiki-links, embeds, Markdown links and a stamp citing another video."""
    from desktop.core.index import read_note
    from desktop.core.store import link_row
    from desktop.core.vault import scan_vault

    root = tmp_path / "v"
    write(root, "a.md", "---\nvideoId: abcdefghijk\n---\nSee [[b|the B note]] and ![[pic.png]] "
                        f"{stamp('00:01:05')}. Then [c](c.md#Part) and [[d#Head]] said "
                        "[12:34](https://youtu.be/ABCDEFGHIJK?t=754). Last [[b]].\n")
    write(root, "seed.md", next(SEED.glob("*.txt")).read_text(encoding="utf-8"))
    for file in scan_vault(root)[0]:
        full = read_note(file)
        note, _passages, rows = read_note(file, passages=True)
        assert len(rows) == len(full.links) > 3
        assert rows == [tuple(link_row(link)) for link in full.links]
        assert any(row[-1] for row in rows) or file.path == "seed.md"  # a link cited by the other video's stamp
