"""The player dock's own page: app code (not note content) that drives YouTube's IFrame API.

The page is handed to the dock's web view with `setHtml` under an https base URL of the app's (`PAGE_BASE`):
the embed YouTube makes then has an https origin and referrer to play under, and nothing is fetched until the
page asks for the IFrame API script (`API_URL`, on the user's first play). Tests pass their own script (a fake
`YT.Player` with a clock they drive) as a `data:` URL instead, so no test reaches the network.

The page keeps one `YT.Player` and answers the dock through a small object, `noteReader`:
- `noteReader.play(id, seconds)`: the open video seeks there (`seekTo`), another one is loaded in the same
  player (`loadVideoById`); before the player is ready the request waits for `onReady`;
- `noteReader.status()`: `{ready, error, video, time, state, events}`; `time` and `state` come from
  `getCurrentTime()`/`getPlayerState()`, `events` are the `onReady`/`onStateChange`/`onError` events since the
  last call (the dock polls it: see `desktop.ui.player_dock`).
"""

from __future__ import annotations

import json

API_URL = "https://www.youtube.com/iframe_api"
PLAYER_HOST = "https://www.youtube-nocookie.com"  # the privacy-enhanced embed: no cookies until play
PAGE_BASE = "https://player.note-reader.invalid/"  # the page's origin; never fetched (the page comes by setHtml)

# IFrame API player states (YT.PlayerState), as getPlayerState() and onStateChange report them
UNSTARTED, ENDED, PLAYING, PAUSED, BUFFERING, CUED = -1, 0, 1, 2, 3, 5

_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Video</title>
<style>html, body { margin: 0; height: 100%; background: #000; overflow: hidden; }
#player { width: 100%; height: 100%; border: 0; display: block; }</style>
</head><body><div id="player"></div>
<script>
var noteReader = (function () {
  var state = {ready: false, error: null, video: __VIDEO__, start: __START__, pending: false, events: []};
  var player = null;
  function note(name, data) { state.events.push([name, data === undefined ? null : data]); }
  window.onYouTubeIframeAPIReady = function () {
    try {
      player = new YT.Player('player', {
        host: __HOST__, videoId: state.video, width: '100%', height: '100%',
        playerVars: {start: state.start, autoplay: 1, playsinline: 1, rel: 0, enablejsapi: 1,
                     origin: window.location.origin},
        events: {
          onReady: function () {
            state.ready = true;
            note('ready');
            if (state.pending) {
              state.pending = false;
              player.loadVideoById({videoId: state.video, startSeconds: state.start});
            } else if (player.playVideo) {
              player.playVideo();
            }
          },
          onStateChange: function (event) { note('state', event.data); },
          onError: function (event) { state.error = 'player ' + event.data; note('error', event.data); }
        }
      });
    } catch (err) {
      state.error = 'api';
    }
  };
  return {
    apiFailed: function () { state.error = 'api'; },
    play: function (video, seconds) {
      if (!state.ready) {
        state.pending = player !== null && video !== state.video;
        state.video = video; state.start = seconds;
        return 'waiting';
      }
      if (video === state.video) {
        player.seekTo(seconds, true);
        player.playVideo();
        return 'sought';
      }
      state.video = video; state.start = seconds; state.error = null;
      player.loadVideoById({videoId: video, startSeconds: seconds});
      return 'loaded';
    },
    status: function () {
      var answer = {ready: state.ready, error: state.error, video: state.video, time: null, state: null,
                    events: state.events.splice(0, state.events.length)};
      if (state.ready) {
        answer.time = player.getCurrentTime();
        answer.state = player.getPlayerState();
      }
      return answer;
    }
  };
})();
</script>
<script src=__API__ onerror="noteReader.apiFailed()"></script>
</body></html>
"""


def player_page_html(video_id: str, seconds: int, *, api_url: str = API_URL, host: str = PLAYER_HOST) -> str:
    """The player page, set to start `video_id` at `seconds` once the IFrame API (from `api_url`) is in."""
    values = {"__VIDEO__": _js(video_id), "__START__": str(max(0, int(seconds))),
              "__HOST__": _js(host), "__API__": _attribute(api_url)}
    page = _PAGE
    for key, value in values.items():
        page = page.replace(key, value)
    return page


def _js(value: str) -> str:
    """A JavaScript string literal that cannot end the script element it sits in."""
    return json.dumps(value).replace("<", "\\u003c")


def _attribute(value: str) -> str:
    """A double-quoted HTML attribute value."""
    return '"' + value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;") + '"'


PLAY_JS = "noteReader.play(%s, %d)"
STATUS_JS = "JSON.stringify(noteReader.status())"  # a string: the dock parses it


def play_call(video_id: str, seconds: int) -> str:
    """The script that asks the open page to play `video_id` from `seconds` (seek or load)."""
    return PLAY_JS % (_js(video_id), max(0, int(seconds)))
