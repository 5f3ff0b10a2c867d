"""A render the reader no longer wants stops part way (`stop_when`): the window's page render frees its core
once the reader has gone elsewhere, the next render on that thread is whole, and a thread waiting on the
given-up render of the same page does the work itself."""

from __future__ import annotations

import threading

import pytest

from desktop.render.body import RenderCancelled, body_renderer, stop_when
from desktop.render.linker import AppLinker, LinkTargets
from desktop.render.page_source import OneAtATime


def _targets() -> LinkTargets:
    return LinkTargets(linker=AppLinker(), resolve=lambda t: None, is_note=lambda p: True, topic_key=str.lower,
                       current_path="here.md")


BODY = "\n\n".join(f"Paragraph {i} with [[a link]] and *emphasis* and a [x](y.md)." for i in range(200))


def test_a_render_stops_soon_after_it_is_unwanted_and_the_next_one_is_whole():
    whole, _ = body_renderer().render(BODY, _targets())
    asked = 0

    def unwanted() -> bool:
        nonlocal asked
        asked += 1
        return asked > 5  # the reader leaves while the render is at its start

    with stop_when(unwanted), pytest.raises(RenderCancelled):
        body_renderer().render(BODY, _targets())
    assert asked == 6  # it stopped at the first question answered yes, not at the note's 200th paragraph
    again, _ = body_renderer().render(BODY, _targets())
    assert again == whole


def test_a_render_still_wanted_is_whole():
    whole, _ = body_renderer().render(BODY, _targets())
    with stop_when(lambda: False):
        assert body_renderer().render(BODY, _targets())[0] == whole


def test_a_thread_waiting_on_a_given_up_render_does_it_itself(monkeypatch):
    from concurrent.futures import Future

    once, started, release, waiting = OneAtATime(), threading.Event(), threading.Event(), threading.Event()
    real_result = Future.result

    def result(self, timeout=None):  # the second asker waits on the first one's answer
        waiting.set()
        return real_result(self, timeout)

    monkeypatch.setattr(Future, "result", result)

    def given_up() -> str:
        started.set()
        release.wait()
        raise RenderCancelled

    first: list[BaseException] = []

    def ask_first() -> None:
        try:
            once(("page", "a"), given_up)
        except RenderCancelled as error:
            first.append(error)

    asker = threading.Thread(target=ask_first)
    asker.start()
    started.wait()
    answer: list[str] = []
    waiter = threading.Thread(target=lambda: answer.append(once(("page", "a"), lambda: "page a")))
    waiter.start()
    assert waiting.wait(60)  # it asked for the first one's answer while that render was still on
    release.set()
    asker.join()
    waiter.join()
    assert first and answer == ["page a"]
