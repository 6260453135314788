/* Clipshare player: native <video> with the MP4, or HLS (hls.js from this server, or the browser's own). */
(function () {
  'use strict';
  var configElement = document.getElementById('clipshare-config');
  var video = document.getElementById('clipshare-video');
  if (!configElement || !video) { return; }
  var config = JSON.parse(configElement.textContent);
  var start = typeof config.start === 'number' && config.start > 0 ? config.start : 0;

  function seekToStart() {
    if (start > 0 && isFinite(video.duration)) {
      video.currentTime = Math.min(start, Math.max(0, video.duration - 0.05));
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

  if (config.title && 'mediaSession' in navigator && window.MediaMetadata) {
    try { navigator.mediaSession.metadata = new window.MediaMetadata({ title: config.title }); } catch (e) { /* optional */ }
  }
}());
