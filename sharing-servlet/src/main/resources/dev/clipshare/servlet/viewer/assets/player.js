/* Clipshare player: native <video> with the MP4, or HLS (hls.js from this server, or the browser's own). */
(function () {
  'use strict';
  var configElement = document.getElementById('clipshare-config');
  var video = document.getElementById('clipshare-video');
  if (!configElement || !video) { return; }
  var config = JSON.parse(configElement.textContent);
  var start = typeof config.start === 'number' && config.start > 0 ? config.start : 0;

  function seekToStart() {
    // a start at or past the end would open on the last frame with nothing to play: start from 0
    if (start > 0 && isFinite(video.duration) && start < video.duration) {
      video.currentTime = start;
    }
  }
  video.addEventListener('loadedmetadata', seekToStart, { once: true });

  function useMp4() {
    video.dataset.engine = 'mp4';
    if (!video.getAttribute('src')) { video.src = config.mp4; }
  }

  function useHlsJs() {
    var script = document.createElement('script');
    script.src = config.hlsJs;
    script.onload = function () {
      if (!window.Hls || !window.Hls.isSupported()) { useNativeHlsOrMp4(); return; }
      var hls = new window.Hls({ enableWorker: false, startPosition: start > 0 ? start : -1 });
      hls.on(window.Hls.Events.ERROR, function (event, data) {
        if (data && data.fatal) { hls.destroy(); video.removeAttribute('src'); useMp4(); }
      });
      video.dataset.engine = 'hls.js';
      hls.loadSource(config.hls);
      hls.attachMedia(video);
    };
    script.onerror = useNativeHlsOrMp4;
    document.head.appendChild(script);
  }

  function useNativeHlsOrMp4() {
    if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.dataset.engine = 'native-hls';
      video.src = config.hls;
    } else {
      useMp4();
    }
  }

  if (config.hls && config.preferHls) {
    if (window.MediaSource || window.ManagedMediaSource) { useHlsJs(); } else { useNativeHlsOrMp4(); }
  } else {
    useMp4();
  }

  // the large play button over the poster; the native controls take over once playing
  var play = document.getElementById('clipshare-play');
  if (play) {
    play.hidden = false;
    play.addEventListener('click', function () {
      var p = video.play();
      if (p && p.catch) { p.catch(function () { play.hidden = false; }); }
    });
    video.addEventListener('play', function () { play.hidden = true; });
    video.addEventListener('pause', function () { if (video.currentTime === 0) { play.hidden = false; } });
  }

  if (config.title && 'mediaSession' in navigator && window.MediaMetadata) {
    try { navigator.mediaSession.metadata = new window.MediaMetadata({ title: config.title }); } catch (e) { /* optional */ }
  }
}());
