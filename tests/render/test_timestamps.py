import markdown
import pytest

from desktop.core.model import Stamp
from desktop.core.stamps import find_stamps
from desktop.render.timestamps import TimestampExtension

URL = "https://www.youtube.com/watch?v=chIqmlJA2i0&t=118s"


def stamp(label, seconds, url):
    return Stamp(label=label, seconds=seconds, url=url, context="", start=0, end=0)


def render(src, stamps):
    return markdown.Markdown(extensions=[TimestampExtension(stamps=stamps)]).convert(src)


CHIP = ('<a class="stamp" href="https://www.youtube.com/watch?v=chIqmlJA2i0&amp;t=118s" id="stamp-0" '
        'title="Open the video at 1:58">▶ 1:58</a>')


def test_empty_anchor_becomes_chip_with_the_notes_seconds():
    # The core read 01:58:12 as minutes:seconds:frames; the chip must not re-parse it as 1h58m.
    src = 'Claim <a class="yt-timestamp" data-t="01:58:12"></a>.'
    assert render(src, [stamp("01:58:12", 118, URL)]) == f"<p>Claim {CHIP}.</p>"


def test_attribute_order_and_bracketed_label():
    src = "Claim <a data-t='01:58:12' class='yt-timestamp'>[01:58:12]</a>."
    assert render(src, [stamp("01:58:12", 118, URL)]) == f"<p>Claim {CHIP}.</p>"


def test_stamp_without_video_is_a_plain_label():
    src = 'x <a class="yt-timestamp" data-t="00:06:43">[00:06:43]</a>'
    assert render(src, [stamp("00:06:43", 403, None)]) == '<p>x <span class="stamp nolink" id="stamp-0">00:06:43</span></p>'


def test_repeated_labels_take_stamps_in_order():
    src = 'a <a class="yt-timestamp" data-t="1:00"></a> b <a class="yt-timestamp" data-t="1:00"></a>'
    stamps = [stamp("1:00", 60, "https://y/1"), stamp("1:00", 3600, "https://y/2")]
    assert render(src, stamps) == (
        '<p>a <a class="stamp" href="https://y/1" id="stamp-0" title="Open the video at 1:00">▶ 1:00</a> '
        'b <a class="stamp" href="https://y/2" id="stamp-1" title="Open the video at 1:00:00">▶ 1:00:00</a></p>')


def test_chip_ids_are_the_stamps_index_in_the_note():
    """Ids follow Note.stamps, not text order: the panel's row i scrolls to `#stamp-<i>`."""
    src = 'a <a class="yt-timestamp" data-t="2:00"></a> b <a class="yt-timestamp" data-t="1:00"></a>'
    stamps = [stamp("1:00", 60, "https://y/1"), stamp("2:00", 120, "https://y/2")]
    out = render(src, stamps)
    assert out.index('id="stamp-1"') < out.index('id="stamp-0"')
    assert 'href="https://y/2" id="stamp-1"' in out


def test_no_ids_without_a_prefix():
    md = markdown.Markdown(extensions=[TimestampExtension(stamps=[stamp("01:58:12", 118, URL)], id_prefix="")])
    assert ' id=' not in md.convert('<a class="yt-timestamp" data-t="01:58:12"></a>')


def test_anchor_in_raw_html_block_and_not_in_code():
    src = ('<div class="c">\n<p>x <a class="yt-timestamp" data-t="01:58:12">[01:58:12]</a></p>\n</div>\n\n'
           '`<a class="yt-timestamp" data-t="01:58:12"></a>`')
    assert render(src, [stamp("01:58:12", 118, URL)]) == (
        f'<div class="c">\n<p>x {CHIP}</p>\n</div>\n\n'
        '<p><code>&lt;a class="yt-timestamp" data-t="01:58:12"&gt;&lt;/a&gt;</code></p>')


def test_other_anchors_are_left_alone_and_state_resets():
    md = markdown.Markdown(extensions=[TimestampExtension(stamps=[stamp("01:58:12", 118, URL)])])
    src = '<a class="yt-timestamp" data-t="01:58:12"></a>'
    assert md.convert(src) == f"<p>{CHIP}</p>"
    md.reset()
    assert md.convert(src) == f"<p>{CHIP}</p>"  # reset() hands the stamps out again
    md.reset()
    assert md.convert('<a class="other" href="x">y</a>') == '<p><a class="other" href="x">y</a></p>'


@pytest.mark.parametrize("anchor", [
    '<a class="yt="yt-timestamp" data-t="01:58:12">[01:58:12]</a>',  # a class the model broke
    '<a class="yt-timestamp" data-t="01:58:12]-[01:58:20]</a>',  # a range whose quote was never closed
    '<a class="yt-timestamp" data="01:58:12"></a>',  # no data-t, no label: the time in the tag
    '<a class="yt_timestamp" data-t="01:58:12">[01:58:12]</a>',  # the class misspelt
])
def test_a_broken_anchor_the_core_reads_as_a_stamp_is_that_stamps_chip(anchor):
    # The renderer pairs anchors with the note's stamps by label: it must read each anchor as the core did.
    body = f"Claim {anchor}. More."
    stamps = [Stamp(label=ref.label, seconds=118, url=URL, context="", start=ref.start, end=ref.end)
              for ref in find_stamps(body)]
    assert render(body, stamps) == f"<p>Claim {CHIP}. More.</p>"


def test_an_anchor_whose_text_is_not_its_data_t_gets_the_chip_of_its_stamp():
    # The note's stamp is labelled with the value the core read (data-t), not with the anchor's text.
    body = 'Claim <a class="yt-timestamp" data-t="01:58:12">[1:58]</a>.'
    (ref,) = find_stamps(body)
    assert render(body, [stamp(ref.value, 118, URL)]) == f"<p>Claim {CHIP}.</p>"


def test_a_bracketed_time_in_the_text_is_the_chip_of_its_stamp():
    # as 1,484 notes of the public vault cite their video: no anchor, a time in brackets
    body = "Claim [01:58:12]. Code `[01:58:13]` stays. [[01:58:12]] and [01:58:12](#01:58:12) too."
    assert [ref.value for ref in find_stamps(body, [(body.index("`"), body.rindex("`") + 1)])] == ["01:58:12"] * 3
    stamps = [stamp("01:58:12", 118, URL)] * 3
    assert render(body, stamps) == (f"<p>Claim {CHIP}. Code <code>[01:58:13]</code> stays. "
                                    f"{CHIP.replace('stamp-0', 'stamp-1')} and {CHIP.replace('stamp-0', 'stamp-2')} too.</p>")


def test_an_unclosed_anchor_and_its_bracketed_label_are_one_chip():
    body = 'Claim <a class="yt-timestamp" data-t="01:58:12">[01:58:12] and more.'
    stamps = [stamp(ref.value, 118, URL) for ref in find_stamps(body)]
    assert render(body, stamps) == f"<p>Claim {CHIP} and more.</p>"


def test_a_bracketed_time_the_core_read_no_stamp_of_stays_text():
    # `<a class="yt_timestamp" …>[00:09:28]</a>`: a tag the core does not take for a stamp anchor
    assert render("A classifier [00:09:28].", []) == "<p>A classifier [00:09:28].</p>"


def test_a_time_in_wiki_link_brackets_is_a_chip_in_a_whole_page_not_a_topic_link():
    from desktop.render.body import BodyRenderer
    from desktop.render.linker import AppLinker, LinkTargets

    targets = LinkTargets(linker=AppLinker(), resolve=lambda t: None, is_note=lambda p: False,
                          topic_key=str.lower, current_path="here.md")
    body = "Awareness [[01:58:12]]. A topic [[Flow state]]."
    html, _ = BodyRenderer().render(body, targets, [stamp(ref.value, 118, URL) for ref in find_stamps(body)])
    assert html.startswith(f"<p>Awareness {CHIP}. A topic <a class=\"wikilink topic\"")
    assert "vault://topic/01" not in html
