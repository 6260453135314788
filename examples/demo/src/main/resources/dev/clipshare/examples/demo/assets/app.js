/*
 * Clipshare demo: the host app's front end. Plain JavaScript, no build step.
 *
 * Everything about links, exports and the sharing switch goes through Clipshare's management API
 * (/api, see /api/openapi.json); moments are the host's own data (/app). Every POST, PUT and PATCH
 * sends Content-Type: application/json, which is the API's CSRF guard.
 */
(function () {
  'use strict';

  var dataElement = document.getElementById('page-data');
  var page = dataElement ? JSON.parse(dataElement.textContent) : {};

  // ------------------------------------------------------------------ helpers

  function $(id) { return document.getElementById(id); }

  /** Builds an element: el('span', {className: 'x', text: 'hi'}, [children]). Text is never parsed as HTML. */
  function el(tag, props, children) {
    var e = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      var v = props[k];
      if (v === undefined || v === null || v === false) { return; }
      if (k === 'text') { e.textContent = v; }
      else if (k === 'className') { e.className = v; }
      else if (k === 'dataset') { Object.keys(v).forEach(function (d) { e.dataset[d] = v[d]; }); }
      else if (k.indexOf('on') === 0) { e.addEventListener(k.substring(2), v); }
      else if (v === true) { e.setAttribute(k, ''); }
      else { e.setAttribute(k, v); }
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined && c !== false) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); }
    });
    return e;
  }

  /** Calls a JSON endpoint; resolves with the parsed body, rejects with an Error carrying status and problem. */
  function api(method, path, body) {
    var options = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
    if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body || {});
    }
    return fetch(path, options).then(function (res) {
      if (res.status === 204) { return null; }
      return res.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (!res.ok) {
          var err = new Error((json && (json.detail || json.title)) || ('The server answered ' + res.status + '.'));
          err.status = res.status;
          err.problem = json;
          throw err;
        }
        return json;
      });
    });
  }

  function showError(element, err) {
    if (!element) { return; }
    element.textContent = typeof err === 'string' ? err : (err && err.message) || 'Something went wrong.';
    element.hidden = false;
  }

  function hideError(element) { if (element) { element.hidden = true; element.textContent = ''; } }

  /** 61250 as "1:01.3" */
  function clock(ms) {
    var tenths = Math.round(ms / 100);
    var minutes = Math.floor(tenths / 600);
    var seconds = (tenths % 600) / 10;
    return minutes + ':' + (seconds < 10 ? '0' : '') + seconds.toFixed(1);
  }

  var dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  var timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
  function when(iso) { return iso ? dateTime.format(new Date(iso)) : ''; }

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  /** A button that asks for a second click before doing something that cannot be undone. */
  function confirmButton(label, confirmLabel, className, action) {
    var armed = null;
    var b = el('button', { type: 'button', className: 'btn btn-small ' + className, text: label });
    b.addEventListener('click', function () {
      if (!armed) {
        b.textContent = confirmLabel;
        b.classList.add('btn-confirm');
        armed = setTimeout(function () { armed = null; b.textContent = label; b.classList.remove('btn-confirm'); }, 4000);
        return;
      }
      clearTimeout(armed);
      armed = null;
      b.disabled = true;
      action(b);
    });
    return b;
  }

  function copyText(text, input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(input); });
    }
    return Promise.resolve(legacyCopy(input));
  }

  function legacyCopy(input) {
    input.focus();
    input.select();
    try { document.execCommand('copy'); } catch (e) { /* the text stays selected for Ctrl+C */ }
  }

  // ------------------------------------------------------------------ library page

  function initLibrary() {
    // While the sample video is being made, watch it and reload once it is ready.
    var preparing = document.querySelector('.video-card[data-status="preparing"]');
    if (preparing) {
      var id = preparing.dataset.video;
      var timer = setInterval(function () {
        api('GET', '/app/videos/' + encodeURIComponent(id)).then(function (v) {
          if (v.status !== 'preparing') { clearInterval(timer); location.reload(); }
        }).catch(function () { /* try again on the next tick */ });
      }, 1500);
    }
    var form = $('upload-form');
    if (form) {
      form.addEventListener('submit', function (event) {
        var file = $('upload-file').files[0];
        var error = $('upload-client-error');
        hideError(error);
        if (file && page.uploadMaxBytes && file.size > page.uploadMaxBytes) {
          event.preventDefault();
          showError(error, 'That file is too large: uploads may be at most ' + Math.round(page.uploadMaxBytes / 1048576) + ' MB.');
          return;
        }
        $('upload-submit').disabled = true;
        $('upload-submit').textContent = 'Uploading\u2026';
      });
    }
  }

  // ------------------------------------------------------------------ settings page

  function initSettings() {
    var toggle = $('sharing-switch');
    if (!toggle) { return; }
    var state = $('sharing-state');
    var error = $('sharing-error');
    var path = '/api/libraries/' + encodeURIComponent(page.library.id) + '/sharing';

    function show(enabled) {
      toggle.checked = enabled;
      state.textContent = enabled ? 'Sharing is on' : 'Sharing is off';
      toggle.setAttribute('aria-checked', enabled ? 'true' : 'false');
      document.body.dataset.sharing = enabled ? 'on' : 'off';
    }

    api('GET', path).then(function (s) {
      show(s.sharing_enabled);
      toggle.disabled = !page.canManage;
    }).catch(function (err) { showError(error, err); });

    toggle.addEventListener('change', function () {
      var wanted = toggle.checked;
      toggle.disabled = true;
      hideError(error);
      api('PUT', path, { sharing_enabled: wanted }).then(function (s) {
        show(s.sharing_enabled);
      }).catch(function (err) {
        show(!wanted);
        showError(error, err);
      }).then(function () { toggle.disabled = !page.canManage; });
    });
  }

  // ------------------------------------------------------------------ video page

  function initVideo() {
    var video = page.video;
    if (video.status !== 'ready') {
      var timer = setInterval(function () {
        api('GET', '/app/videos/' + encodeURIComponent(video.id)).then(function (v) {
          if (v.status !== 'preparing') { clearInterval(timer); location.reload(); }
        }).catch(function () { /* next tick */ });
      }, 1500);
      $('moments').replaceChildren(el('li', { className: 'muted', text: 'Moments can be marked once the video is ready.' }));
      return;
    }
    var player = $('player');
    var moments = [];
    var tracking = {};   // moment id -> timer of a running export poll

    // ---- marking a moment
    if ($('mark')) {
      var start = $('mark-start');
      var end = $('mark-end');
      var name = $('mark-name');
      var length = $('mark-length');
      var error = $('mark-error');
      var updateLength = function () {
        var s = parseFloat(start.value);
        var e = parseFloat(end.value);
        length.textContent = isFinite(s) && isFinite(e) && e > s ? clock(s * 1000) + ' \u2013 ' + clock(e * 1000) + ' (' + (e - s).toFixed(1) + ' s)' : '';
      };
      $('set-start').addEventListener('click', function () { start.value = player.currentTime.toFixed(1); updateLength(); });
      $('set-end').addEventListener('click', function () { end.value = player.currentTime.toFixed(1); updateLength(); });
      start.addEventListener('input', updateLength);
      end.addEventListener('input', updateLength);
      $('save-moment').addEventListener('click', function () {
        hideError(error);
        var s = Math.round(parseFloat(start.value) * 1000);
        var e = Math.round(parseFloat(end.value) * 1000);
        if (!name.value.trim()) { showError(error, 'Give the moment a name.'); name.focus(); return; }
        if (!isFinite(s) || !isFinite(e)) { showError(error, 'Set a start and an end.'); return; }
        $('save-moment').disabled = true;
        api('POST', '/app/videos/' + encodeURIComponent(video.id) + '/moments', { name: name.value.trim(), start_ms: s, end_ms: e })
          .then(function (m) {
            name.value = '';
            end.value = '';
            length.textContent = '';
            return loadMoments().then(function () {
              var li = $('moment-' + m.id);
              if (li) { li.classList.add('highlight'); li.scrollIntoView({ block: 'nearest' }); }
            });
          })
          .catch(function (err) { showError(error, err); })
          .then(function () { $('save-moment').disabled = false; });
      });
    }

    // ---- moments and their exports
    function loadMoments() {
      return api('GET', '/app/videos/' + encodeURIComponent(video.id) + '/moments').then(function (list) {
        moments = list.data;
        var ul = $('moments');
        if (!moments.length) {
          ul.replaceChildren(el('li', { className: 'muted', text: page.canEdit
            ? 'No moments yet. Mark one with the player on the left.' : 'No moments yet. Editors can mark them.' }));
          return;
        }
        ul.replaceChildren.apply(ul, moments.map(momentItem));
        moments.forEach(function (m) { refreshExport(m); });
        if (location.hash) {
          var target = document.getElementById(location.hash.substring(1));
          if (target) { target.classList.add('highlight'); }
        }
      });
    }

    function momentItem(m) {
      var li = el('li', { className: 'moment', id: 'moment-' + m.id, dataset: { moment: m.id, exportStatus: 'none' } }, [
        el('div', { className: 'moment-head' }, [
          el('strong', { className: 'moment-name', text: m.name }),
          el('span', { className: 'moment-range', text: clock(m.start_ms) + ' \u2013 ' + clock(m.end_ms) + ' \u00b7 ' + ((m.end_ms - m.start_ms) / 1000).toFixed(1) + ' s' })
        ]),
        el('div', { className: 'export-state' }, [
          el('div', { className: 'bar' }, [el('div', { className: 'bar-fill' })]),
          el('span', { className: 'export-label', text: 'Checking export\u2026' })
        ]),
        el('div', { className: 'moment-actions' }, [
          el('button', { type: 'button', className: 'btn btn-small', text: 'Play', dataset: { action: 'play' }, onclick: function () {
            player.currentTime = m.start_ms / 1000;
            player.play().catch(function () { /* the user can press play */ });
          } }),
          page.canEdit ? el('button', { type: 'button', className: 'btn btn-small', text: 'Export', dataset: { action: 'export' }, onclick: function (ev) {
            startExport(m, ev.currentTarget);
          } }) : null,
          el('button', { type: 'button', className: 'btn btn-small btn-primary', text: 'Share\u2026', dataset: { action: 'share' }, onclick: function () {
            openShare(m);
          } })
        ])
      ]);
      return li;
    }

    function showExport(m, exp) {
      var li = $('moment-' + m.id);
      if (!li) { return; }
      var fill = li.querySelector('.bar-fill');
      var label = li.querySelector('.export-label');
      if (!exp) {
        li.dataset.exportStatus = 'none';
        li.dataset.progress = '0';
        fill.style.width = '0';
        label.textContent = 'Not exported yet. Exporting makes the clip that links play.';
        return;
      }
      var progress = exp.status === 'completed' ? 100 : exp.progress;
      li.dataset.exportStatus = exp.status;
      li.dataset.progress = String(progress);
      fill.style.width = progress + '%';
      if (exp.status === 'pending') {
        label.textContent = 'Waiting for the exporter\u2026 ' + progress + ' %';
      } else if (exp.status === 'processing') {
        label.textContent = 'Exporting\u2026 ' + progress + ' %';
      } else if (exp.status === 'completed') {
        var a = exp.artifacts;
        label.textContent = 'Exported \u00b7 100 % \u00b7 version ' + exp.version
          + (a ? ' \u00b7 ' + a.width + '\u00d7' + a.height + ' \u00b7 ' + (a.duration_ms / 1000).toFixed(1) + ' s' : '');
      } else {
        label.textContent = 'Export failed: ' + (exp.failure_reason || 'unknown reason');
      }
    }

    function refreshExport(m) {
      return api('GET', '/api/exports/latest?source_id=' + encodeURIComponent(video.id) + '&segment_id=' + encodeURIComponent(m.id))
        .then(function (exp) { track(m, exp); })
        .catch(function (err) { if (err.status === 404) { showExport(m, null); } });
    }

    function track(m, exp) {
      clearTimeout(tracking[m.id]);
      showExport(m, exp);
      if (exp && (exp.status === 'pending' || exp.status === 'processing')) {
        tracking[m.id] = setTimeout(function () {
          api('GET', '/api/exports/' + encodeURIComponent(exp.id)).then(function (next) { track(m, next); })
            .catch(function () { tracking[m.id] = setTimeout(function () { refreshExport(m); }, 2000); });
        }, 400);
      }
    }

    function startExport(m, button) {
      button.disabled = true;
      api('POST', '/api/exports', { source_id: video.id, segment_id: m.id, range: { start_ms: m.start_ms, end_ms: m.end_ms } })
        .then(function (exp) { track(m, exp); })
        .catch(function (err) {
          var li = $('moment-' + m.id);
          if (li) { li.querySelector('.export-label').textContent = 'Cannot export: ' + err.message; }
        })
        .then(function () { button.disabled = false; });
    }

    // ---- the Share dialog
    var dialog = $('share-dialog');
    var current = null;      // the moment the dialog is for
    var refresher = null;

    $('share-close').addEventListener('click', function () { dialog.close(); });
    dialog.addEventListener('close', function () { clearInterval(refresher); current = null; });
    dialog.addEventListener('click', function (event) { if (event.target === dialog) { dialog.close(); } });

    var form = $('share-form');
    if (form) {
      $('share-expiry').addEventListener('change', function () {
        $('share-expires-at').hidden = $('share-expiry').value !== 'date';
      });
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        if (!current) { return; }
        var error = $('share-error');
        hideError(error);
        var body = editing ? {} : {
          source_id: video.id,
          segment_id: current.id,
          range: { start_ms: current.start_ms, end_ms: current.end_ms },
          visibility: $('share-visibility').value
        };
        body.title = $('share-title').value.trim() || null;
        body.allow_download = $('share-download').checked;
        var password = $('share-password').value;
        if (editing && $('share-password-remove').checked) { body.password = null; }
        else if (password) { body.password = password; }
        var expiry = $('share-expiry').value;
        if (expiry === 'date') {
          var at = $('share-expires-at').value;
          if (!at) { showError(error, 'Pick the date and time the link should stop working.'); return; }
          body.expires_at = new Date(at).toISOString();
        } else if (expiry === 'keep') {
          // editing, expiry unchanged: left out of the patch
        } else if (expiry) {
          body.expires_in_days = parseInt(expiry, 10);
        } else if (editing) {
          body.expires_at = null;   // "Never": the patch removes the expiry
        }
        var button = $('share-create');
        button.disabled = true;
        var moment = current;
        var call = editing ? api('PATCH', '/api/shares/' + encodeURIComponent(editing.id), body) : api('POST', '/api/shares', body);
        call.then(function (share) {
          resetForm(moment);   // the next link starts from the moment's defaults, not from this one
          return loadLinks(moment, share.id, false).then(function () { refreshExport(moment); });
        }).catch(function (err) {
          if (err.problem && err.problem.type === 'https://clipshare.dev/problems/sharing-disabled') {
            $('share-disabled').hidden = false;
          }
          showError(error, err);
        }).then(function () { button.disabled = false; });
      });
      $('share-cancel-edit').addEventListener('click', function () { if (current) { resetForm(current); } });
    }

    var editing = null;      // the link the form edits, or null when it creates one

    /** The form as for a new link of moment m. */
    function resetForm(m) {
      if (!form) { return; }
      editing = null;
      form.reset();
      var keep = $('share-expiry').querySelector('option[value="keep"]');
      if (keep) { keep.remove(); }
      $('share-expires-at').hidden = true;
      $('share-title').value = m.name;
      $('share-visibility').disabled = false;
      $('share-password').placeholder = '';
      $('share-password-remove-field').hidden = true;
      $('share-editing').hidden = true;
      $('share-cancel-edit').hidden = true;
      $('share-create').textContent = 'Create link';
      hideError($('share-error'));
    }

    /** The form filled with link s, to change its title, password, expiry and download switch. */
    function editLink(m, s) {
      resetForm(m);
      editing = s;
      $('share-title').value = s.title || '';
      $('share-visibility').value = s.visibility;
      $('share-visibility').disabled = true;   // a link's visibility never changes
      $('share-download').checked = !!s.allow_download;
      var keep = el('option', { value: 'keep', text: 'Unchanged (' + (s.expires_at ? when(s.expires_at) : 'never') + ')' });
      $('share-expiry').insertBefore(keep, $('share-expiry').firstChild);
      $('share-expiry').value = 'keep';
      $('share-password').placeholder = s.has_password ? 'Leave empty to keep it' : '';
      $('share-password-remove-field').hidden = !s.has_password;
      $('share-editing').textContent = 'Editing \u201c' + (s.title || 'Untitled link') + '\u201d';
      $('share-editing').hidden = false;
      $('share-cancel-edit').hidden = false;
      $('share-create').textContent = 'Save changes';
      $('share-title').focus();
    }

    function openShare(m) {
      current = m;
      $('share-heading').textContent = 'Share \u201c' + m.name + '\u201d';
      $('share-subtitle').textContent = video.title + ' \u00b7 ' + clock(m.start_ms) + ' \u2013 ' + clock(m.end_ms);
      resetForm(m);
      $('share-links').replaceChildren(el('li', { className: 'muted', text: 'Loading links\u2026' }));
      api('GET', '/api/libraries/' + encodeURIComponent(page.library.id) + '/sharing').then(function (s) {
        $('share-disabled').hidden = s.sharing_enabled;
        if (form) { $('share-create').disabled = !s.sharing_enabled; }
      }).catch(function () { /* the create call will say */ });
      shownLinks = null;
      loadLinks(m, null, false);
      clearInterval(refresher);
      refresher = setInterval(function () { if (current === m) { loadLinks(m, null, true); } }, 3000);
      if (!dialog.open) { dialog.showModal(); }
    }

    var shownLinks = null;   // what the list shows, to redraw only when a link changed

    function loadLinks(m, highlightId, background) {
      var q = '?source_id=' + encodeURIComponent(video.id) + '&segment_id=' + encodeURIComponent(m.id) + '&include_revoked=true&limit=100';
      return api('GET', '/api/shares' + q).then(function (list) {
        if (current !== m) { return; }
        var ul = $('share-links');
        var key = JSON.stringify(list.data.map(function (s) {
          return [s.id, s.status, s.view_count, s.locked_until, s.expired, s.expires_at, s.has_password, s.allow_download, s.title];
        }));
        if (background) {
          var busy = (document.activeElement && ul.contains(document.activeElement)) || ul.querySelector('.btn-confirm');
          if (key === shownLinks || busy) { return; }   // nothing new, or the user is in the middle of something
        }
        shownLinks = key;
        if (!list.data.length) {
          ul.replaceChildren(el('li', { className: 'muted', text: page.canEdit ? 'No links yet. Create the first one above.' : 'No links yet.' }));
          return;
        }
        ul.replaceChildren.apply(ul, list.data.map(function (s) { return linkItem(m, s, s.id === highlightId); }));
      }).catch(function (err) {
        if (!background) {
          $('share-links').replaceChildren(el('li', { className: 'error', text: 'Cannot load the links: ' + err.message }));
        }
      });
    }

    function statusOf(s) {
      if (s.status === 'revoked') { return ['revoked', 'Revoked']; }
      if (s.expired) { return ['expired', 'Expired']; }
      if (s.locked_until && new Date(s.locked_until) > new Date()) { return ['locked', 'Locked']; }
      return [s.status, { pending: 'Preparing clip', processing: 'Preparing clip', completed: 'Live', failed: 'Export failed' }[s.status] || s.status];
    }

    function linkItem(m, s, isNew) {
      var st = statusOf(s);
      var locked = s.locked_until && new Date(s.locked_until) > new Date() && s.status !== 'revoked';
      var urlInput = s.share_url ? el('input', { type: 'text', readonly: true, value: s.share_url, 'aria-label': 'Link', className: 'link-url-input' }) : null;
      var copied = el('span', { className: 'copied', hidden: true, text: 'Copied' });
      var meta = [
        el('span', { className: 'views', text: plural(s.view_count, 'view', 'views') }),
        el('span', { className: 'flag', text: s.visibility === 'private' ? 'Private' : 'Public' }),
        s.has_password ? el('span', { className: 'flag flag-password', text: 'Password' }) : null,
        s.allow_download ? el('span', { className: 'flag flag-download', text: 'Download' }) : null,
        s.revoked_at ? el('span', { className: 'revoked-at', text: 'Revoked ' + when(s.revoked_at) })
          : el('span', { className: 'expiry', text: s.expires_at ? (s.expired ? 'Expired ' : 'Expires ') + when(s.expires_at) : 'Never expires' }),
        el('span', { text: 'by ' + s.created_by.name + ' \u00b7 ' + when(s.created_at) })
      ];
      var actions = [];
      if (page.canEdit && s.status !== 'revoked' && form) {
        actions.push(el('button', { type: 'button', className: 'btn btn-small', text: 'Edit', dataset: { action: 'edit' },
          onclick: function () { editLink(m, s); } }));
      }
      if (page.canEdit && s.status !== 'revoked') {
        actions.push(confirmButton('Revoke', 'Click again to revoke', 'btn-revoke', function (b) {
          api('POST', '/api/shares/' + encodeURIComponent(s.id) + '/revoke', {}).then(function () { return loadLinks(m, null, false); })
            .catch(function (err) { b.disabled = false; alert(err.message); });
        }));
      }
      if (page.canEdit) {
        actions.push(confirmButton('Delete', 'Click again to delete', 'btn-danger btn-delete', function (b) {
          api('DELETE', '/api/shares/' + encodeURIComponent(s.id)).then(function () { return loadLinks(m, null, false); })
            .catch(function (err) { b.disabled = false; alert(err.message); });
        }));
      }
      return el('li', { className: 'link' + (s.status === 'revoked' ? ' revoked' : '') + (isNew ? ' link-new' : ''),
                        dataset: { share: s.id, status: st[0] } }, [
        el('div', { className: 'link-top' }, [
          el('span', { className: 'pill status-' + st[0], text: st[1] }),
          el('strong', { text: s.title || 'Untitled link' }),
          copied
        ]),
        urlInput ? el('div', { className: 'link-url' }, [
          urlInput,
          el('button', { type: 'button', className: 'btn btn-small', text: 'Copy', dataset: { action: 'copy' }, onclick: function () {
            copyText(s.share_url, urlInput).then(function () {
              copied.hidden = false;
              setTimeout(function () { copied.hidden = true; }, 1500);
            });
          } }),
          el('a', { className: 'btn btn-small', href: s.share_url, target: '_blank', rel: 'noopener', text: 'Open' })
        ]) : null,
        el('div', { className: 'link-meta' }, meta),
        locked ? el('div', { className: 'link-lock' }, [
          el('span', { text: 'Locked after too many wrong passwords until ' + timeOnly.format(new Date(s.locked_until)) + '.' }),
          page.canManage ? el('button', { type: 'button', className: 'btn btn-small', text: 'Clear lock', dataset: { action: 'clear-lockout' }, onclick: function (ev) {
            ev.currentTarget.disabled = true;
            api('POST', '/api/shares/' + encodeURIComponent(s.id) + '/clear-lockout', {}).then(function () { return loadLinks(m, null, false); })
              .catch(function (err) { alert(err.message); });
          } }) : el('span', { text: 'The owner can clear it.' })
        ]) : null,
        actions.length ? el('div', { className: 'link-actions' }, actions) : null
      ]);
    }

    loadMoments().then(function () {
      // Arriving from a share page's "Open in the library" (#moment id): open that moment's links.
      var id = location.hash ? decodeURIComponent(location.hash.substring(1)).replace(/^moment-/, '') : null;
      var m = moments.filter(function (x) { return x.id === id; })[0];
      if (m) { $('moment-' + m.id).scrollIntoView({ block: 'nearest' }); }
    }).catch(function (err) {
      $('moments').replaceChildren(el('li', { className: 'error', text: 'Cannot load the moments: ' + err.message }));
    });
  }

  var pageName = document.body.dataset.page;
  if (pageName === 'library') { initLibrary(); }
  if (pageName === 'settings') { initSettings(); }
  if (pageName === 'video') { initVideo(); }
}());
