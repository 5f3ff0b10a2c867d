"""A note of thousands of `<` that never close (`<a `, `<http://…`, `</a `, `<?`, `<!x`) renders in linear work:
the raw-HTML extractor takes the rest of the text as text where no `>` follows, instead of the standard
library's parser reading each `<` to the text's end; the HTML is what Python-Markdown's own extractor makes."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown import htmlparser
from markdown.preprocessors import HtmlBlockPreprocessor

from desktop.core.model import Stamp
from desktop.render.body import BodyRenderer
from desktop.render.linker import AppLinker, LinkTargets
from desktop.render.timestamps import MAX_TAG


def _targets() -> LinkTargets:
    return LinkTargets(linker=AppLinker(), resolve=lambda t: None, is_note=lambda p: True, topic_key=str.lower,
                       current_path="here.md")


def _markdown_extractor() -> BodyRenderer:
    renderer = BodyRenderer()
    renderer.md.preprocessors.register(HtmlBlockPreprocessor(renderer.md), "html_block", 20)
    return renderer


class _CountingMatch:
    """The standard library's start-tag regex, counting the characters its matches read."""

    def __init__(self, pattern):
        self.pattern, self.read = pattern, 0

    def match(self, data, pos=0):
        m = self.pattern.match(data, pos)
        if m is not None:
            self.read += m.end() - pos
        return m


@pytest.mark.parametrize("unit", ["<a ", "<http://a ", "<a b=c ", "x <div y"])
def test_unclosed_start_tags_are_read_once_not_each_to_the_end(unit, monkeypatch):
    stdlib = htmlparser.htmlparser  # Python-Markdown's own copy of the standard library's `html.parser`
    counting = _CountingMatch(stdlib.locatestarttagend_tolerant)
    monkeypatch.setattr(stdlib, "locatestarttagend_tolerant", counting)
    body = unit * 2000
    BodyRenderer().render(body, _targets())
    assert counting.read <= 2 * len(body), counting.read  # each `<` read to the end: ~len(body)²/2


@pytest.mark.parametrize("body", [
    "<a " * 50, "</a " * 50, "<?x " * 50, "<!x " * 50, "<http://a " * 50, "a &amp; <a b &#65; <a",
    "<div>block</div> &amp; <a tail", "<div>\nin a block <a &amp;", "<script>\n<a x\n", "text <b>bold</b> <a",
    "<a class=\"yt-timestamp\" data-t=\"00:01:05\">[00:01:05]</a> <a ",
])
def test_a_text_with_unclosed_tags_renders_as_python_markdowns_extractor_renders_it(body):
    stamps = [Stamp(label="00:01:05", seconds=65, url="https://www.youtube.com/watch?v=abcdefghijk&t=65s",
                    context="", start=0, end=0)]
    assert BodyRenderer().render(body, _targets(), stamps) == _markdown_extractor().render(body, _targets(), stamps)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<a>/ &;#\n!?dv=\"x", max_size=50))
@example("&#xa")  # a character reference without its `;`, and no tag: completed, as the extractor does
@example("&#65 <a ")
def test_any_text_of_tags_renders_as_python_markdowns_extractor_renders_it(text):
    body = text + " end"
    assert BodyRenderer().render(body, _targets()) == _markdown_extractor().render(body, _targets())


def test_a_stamp_tag_is_read_up_to_its_bound():
    stamp = Stamp(label="00:01:05", seconds=65, url="https://www.youtube.com/watch?v=abcdefghijk&t=65s",
                  context="", start=0, end=0)
    short = '<a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>'
    long = f'<a class="yt-timestamp" data-t="00:01:05" title="{"x" * MAX_TAG}">[00:01:05]</a>'
    short_html, _ = BodyRenderer().render(f"Said {short}.", _targets(), [stamp])
    long_html, _ = BodyRenderer().render(f"Said {long}.", _targets(), [stamp])
    assert 'class="stamp"' in short_html and 'class="stamp"' not in long_html
