/* Clipshare notice pages: times in the viewer's own clock, and a processing clip's live progress. */
(function () {
  'use strict';
  var until = document.getElementById('clipshare-until');
  if (until) {
    var at = new Date(until.getAttribute('datetime'));
    if (!isNaN(at.getTime())) {
      until.textContent = at.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
      until.title = at.toLocaleString();
      until.dataset.local = 'true';
    }
  }

  var box = document.getElementById('clipshare-progress');
  if (!box) { return; }
  var bar = box.querySelector('progress');
  var text = document.getElementById('clipshare-progress-text');
  var delay = 2000;

  function show(percent) {
    bar.value = percent;
    text.textContent = percent + ' % done';
  }

  // fetches the page again and puts its player in place of this notice: no reload, no lost place
  function switchToPlayer() {
    fetch(window.location.href, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var main = doc.querySelector('main.share');
        var config = doc.getElementById('clipshare-config');
        var player = doc.querySelector('script[src*="/assets/player.js"]');
        if (!main || !config || !player) { window.location.reload(); return; }
        document.title = doc.title;
        document.querySelector('main').replaceWith(document.importNode(main, true));
        document.body.insertBefore(document.importNode(config, true), document.body.lastElementChild);
        var script = document.createElement('script');
        script.src = player.getAttribute('src');
        document.body.appendChild(script);
      })
      .catch(function () { window.setTimeout(switchToPlayer, delay); });
  }

  function poll() {
    fetch(box.dataset.status, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.status === 'processing') {
          if (typeof s.progress === 'number') { show(s.progress); }
          window.setTimeout(poll, delay);
        } else if (s.status === 'rate_limited' || s.status === 'unavailable') {
          window.setTimeout(poll, Math.max(delay, (s.retry_after || 5) * 1000));
        } else if (s.status === 'ok') {
          show(100);
          switchToPlayer();
        } else {
          window.location.reload(); // failed, expired, revoked…: the page says which
        }
      })
      .catch(function () { window.setTimeout(poll, delay * 2); });
  }
  window.setTimeout(poll, delay);
}());
