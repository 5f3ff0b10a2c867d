// A stand-in for https://www.youtube.com/iframe_api in the tests: the few parts of the YouTube IFrame API the
// player page uses (YT.Player with onReady/onStateChange/onError, loadVideoById, seekTo, playVideo,
// pauseVideo, getCurrentTime, getPlayerState), no network and no media. Its clock moves only when the test
// says so: fakeYT.setTime(s), fakeYT.advance(s), fakeYT.pause(), fakeYT.fail(code). fakeYT.calls lists the API
// calls the page made, for the test to assert (e.g. a stamp of the open video seeks, it does not load).
(function () {
  var PLAYING = 1, PAUSED = 2, UNSTARTED = -1;
  var fake = window.fakeYT = {calls: [], player: null};

  function Player(elementId, options) {
    var self = this;
    var box = document.getElementById(elementId);
    var screen = document.createElement('div');
    screen.id = elementId;
    screen.className = 'fake-player';
    screen.style.cssText = 'width:100%;height:100%;display:flex;align-items:center;justify-content:center;' +
      'background:#202020;color:#e0e0e0;font:16px sans-serif';
    box.parentNode.replaceChild(screen, box);
    this.screen = screen;
    this.events = options.events || {};
    this.video = options.videoId;
    this.time = (options.playerVars && options.playerVars.start) || 0;
    this.state = UNSTARTED;
    fake.player = this;
    fake.calls.push(['new', options.videoId, this.time, options.host || null]);
    this.draw();
    setTimeout(function () {
      if (self.events.onReady) { self.events.onReady({target: self}); }
    }, 0);
  }

  Player.prototype.draw = function () {
    var s = Math.floor(this.time), m = Math.floor(s / 60);
    this.screen.textContent = '\u25b6 fake player \u00b7 ' + this.video + ' \u00b7 ' + m + ':' +
      ('0' + (s % 60)).slice(-2);
  };
  Player.prototype.setState = function (state) {
    if (state === this.state) { return; }
    this.state = state;
    if (this.events.onStateChange) { this.events.onStateChange({target: this, data: state}); }
  };
  Player.prototype.loadVideoById = function (what, start) {
    var id = typeof what === 'object' ? what.videoId : what;
    var seconds = typeof what === 'object' ? (what.startSeconds || 0) : (start || 0);
    fake.calls.push(['loadVideoById', id, seconds]);
    this.video = id;
    this.time = seconds;
    this.state = UNSTARTED;
    this.draw();
    this.setState(PLAYING);
  };
  Player.prototype.seekTo = function (seconds) {
    fake.calls.push(['seekTo', seconds]);
    this.time = seconds;
    this.draw();
  };
  Player.prototype.playVideo = function () { fake.calls.push(['playVideo']); this.setState(PLAYING); };
  Player.prototype.pauseVideo = function () { fake.calls.push(['pauseVideo']); this.setState(PAUSED); };
  Player.prototype.getCurrentTime = function () { return this.time; };
  Player.prototype.getPlayerState = function () { return this.state; };

  fake.setTime = function (seconds) { fake.player.time = seconds; fake.player.draw(); };
  fake.advance = function (seconds) { fake.setTime(fake.player.time + seconds); };
  fake.pause = function () { fake.player.pauseVideo(); };
  fake.fail = function (code) {
    if (fake.player.events.onError) { fake.player.events.onError({target: fake.player, data: code}); }
  };

  window.YT = {Player: Player, PlayerState: {UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5}};
  setTimeout(function () { window.onYouTubeIframeAPIReady(); }, 0);
})();
