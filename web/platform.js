// platform.js — the JavaScript half of src/platform/web.cpp (an Emscripten --js-library).
//
// Storage writes (IndexedDB, one strict-durability transaction each), backend
// probes, timers, canvas size, and glyphs drawn with the browser's own fonts.
// Completions call back into the wasm exports gongyu_*.

var LibraryGongyu = {
  $GY: {
    fontFamily: 'system-ui, "Segoe UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif',
    glyphContext: null,
    glyphSide: 0,

    write: function (operation, request) {
      var finished = false;
      function done(ok) {
        if (finished) return;
        finished = true;
        Module['_gongyu_store_done'](request, ok ? 1 : 0);
      }
      var db = Module['gongyuDB'];
      if (!db) { setTimeout(function () { done(false); }, 0); return; }
      try {
        var tx = db.transaction('kv', 'readwrite', { durability: 'strict' });
        operation(tx.objectStore('kv'));
        tx.oncomplete = function () { done(true); };
        tx.onerror = function () { done(false); };
        tx.onabort = function () { done(false); };
      } catch (e) {
        setTimeout(function () { done(false); }, 0);
      }
    },

    context: function (side) {
      if (!GY.glyphContext || GY.glyphSide < side) {
        GY.glyphSide = Math.max(side, 64);
        var canvas = typeof OffscreenCanvas !== 'undefined'
          ? new OffscreenCanvas(GY.glyphSide, GY.glyphSide)
          : document.createElement('canvas');
        canvas.width = canvas.height = GY.glyphSide;
        GY.glyphContext = canvas.getContext('2d', { willReadFrequently: true });
      }
      return GY.glyphContext;
    },
  },

  gy_launch_attributes_json: function () {
    return allocateUTF8(JSON.stringify(Module['gongyuConfig'] || {}));
  },

  gy_store_preload_json: function () {
    return allocateUTF8(JSON.stringify(Module['gongyuStore'] || { ok: false, error: 'not loaded' }));
  },

  gy_store_put__deps: ['$GY'],
  gy_store_put: function (key, value, request) {
    var k = UTF8ToString(key), v = UTF8ToString(value);
    GY.write(function (store) { store.put(v, k); }, request);
  },

  gy_store_remove__deps: ['$GY'],
  gy_store_remove: function (key, request) {
    var k = UTF8ToString(key);
    GY.write(function (store) { store.delete(k); }, request);
  },

  gy_probe: function (url, request) {
    var target = UTF8ToString(url);
    var controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, 15000);
    function done(ok) {
      clearTimeout(timer);
      Module['_gongyu_probe_done'](request, ok ? 1 : 0);
    }
    fetch(target, { method: 'HEAD', cache: 'no-store', signal: controller ? controller.signal : undefined })
      .then(function () { done(true); }, function () { done(false); });
  },

  gy_wake_after: function (delay) {
    setTimeout(function () { Module['_gongyu_wake'](); }, delay);
  },

  // "#canvas" means this instance's canvas; SDL's keyboard handlers go to an
  // element that never gets events (keys come through the text agent instead).
  gy_bind_canvas__deps: ['$specialHTMLTargets'],
  gy_bind_canvas: function () {
    specialHTMLTargets['#canvas'] = Module['canvas'];
    specialHTMLTargets['!gongyu-no-keys'] = document.createElement('div');
  },

  // The text agent: a hidden textarea at the caret that takes focus while an
  // ImGui text field is active (IME, on-screen keyboards), and the keyboard
  // handler for both it and the canvas.
  gy_text_agent_install__deps: ['$GY'],
  gy_text_agent_install: function () {
    var canvas = Module['canvas'];
    var ta = document.createElement('textarea');
    GY.textarea = ta;
    ta.setAttribute('autocomplete', 'off');
    ta.setAttribute('autocorrect', 'off');
    ta.setAttribute('autocapitalize', 'off');
    ta.setAttribute('spellcheck', 'false');
    ta.setAttribute('aria-label', '输入');
    ta.className = 'gongyu-text-agent';
    ta.style.cssText = 'position:absolute;left:0;top:0;width:2px;height:16px;padding:0;border:0;margin:0;' +
      'opacity:0;resize:none;overflow:hidden;white-space:pre;font-size:16px;pointer-events:none;z-index:1';
    canvas.parentNode.appendChild(ta);

    var send = function (fn, text) {
      var ptr = allocateUTF8(text);
      Module[fn](ptr);
      _free(ptr);
      Module['_gongyu_wake']();
    };
    var key = function (e, down) {
      var k = allocateUTF8(e.key || ''), c = allocateUTF8(e.code || '');
      var used = Module['_gongyu_key'](k, c, down ? 1 : 0, e.ctrlKey || e.metaKey ? 1 : 0, e.shiftKey ? 1 : 0, e.altKey ? 1 : 0);
      _free(k); _free(c);
      Module['_gongyu_wake']();
      return used;
    };
    var press = function (name) { key({ key: name, code: name }, true); key({ key: name, code: name }, false); };
    var onKey = function (down) {
      return function (e) {
        if (e.isComposing || e.keyCode === 229) return;  // the IME's keys
        var command = e.ctrlKey || e.metaKey;
        var clipboard = command && (e.code === 'KeyC' || e.code === 'KeyX' || e.code === 'KeyV');
        if (down && command && e.code === 'KeyV') GY.pastePending = true;
        // Printable keys reach ImGui as text through 'input'; clipboard keys must
        // keep their default so the browser fires copy/cut/paste.
        if (key(e, down) && !clipboard && (command || e.key.length > 1)) e.preventDefault();
      };
    };
    [canvas, ta].forEach(function (el) {
      el.addEventListener('keydown', onKey(true));
      el.addEventListener('keyup', onKey(false));
      el.addEventListener('paste', function (e) {
        var text = (e.clipboardData || window.clipboardData).getData('text/plain') || '';
        e.preventDefault();
        send('_gongyu_paste', text);
        if (!GY.pastePending) send('_gongyu_text', text);  // pasted from a menu, not Ctrl+V
        GY.pastePending = false;
      });
    });
    ta.addEventListener('input', function (e) {
      if (e.isComposing) return;
      var text = ta.value;
      ta.value = '';
      if (e.inputType === 'deleteContentBackward' && !text) { press('Backspace'); return; }  // phones
      if (text === '\n') { press('Enter'); return; }
      if (text) send('_gongyu_text', text);
    });
    ta.addEventListener('compositionstart', function () { send('_gongyu_composition', ''); });
    ta.addEventListener('compositionupdate', function (e) { send('_gongyu_composition', e.data || ''); });
    ta.addEventListener('compositionend', function (e) {
      var text = e.data || ta.value;
      ta.value = '';
      send('_gongyu_composition', '');
      if (text) send('_gongyu_text', text);
    });
  },

  gy_text_agent_place__deps: ['$GY'],
  gy_text_agent_place: function (want, x, y, height) {
    var ta = GY.textarea, canvas = Module['canvas'];
    if (!ta) return;
    ta.style.left = x + 'px';
    ta.style.top = y + 'px';
    ta.style.height = Math.max(height, 8) + 'px';
    // Only ever move focus within the app: never take it from the page around it.
    if (want && document.activeElement === canvas) ta.focus({ preventScroll: true });
    if (!want && document.activeElement === ta) canvas.focus({ preventScroll: true });
  },

  gy_clipboard_write__deps: ['$GY'],
  gy_clipboard_write: function (ptr) {
    var text = UTF8ToString(ptr);
    var fallback = function () {  // plain-HTTP county servers have no navigator.clipboard
      var ta = GY.textarea;
      if (!ta) return;
      ta.value = text;
      ta.select();
      try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
      ta.value = '';
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(fallback);
    else fallback();
  },

  gy_canvas_css_size: function (width, height) {
    var canvas = Module['canvas'];
    HEAPF64[width >> 3] = canvas.clientWidth;
    HEAPF64[height >> 3] = canvas.clientHeight;
  },

  gy_first_frame: function () {
    if (Module['gongyuOnFirstFrame']) Module['gongyuOnFirstFrame']();
  },

  gy_font_metrics__deps: ['$GY'],
  gy_font_metrics: function (px, ascent, descent) {
    var ctx = GY.context(Math.ceil(px * 2) + 8);
    ctx.font = px + 'px ' + GY.fontFamily;
    var m = ctx.measureText('中Hg');
    HEAPF32[ascent >> 2] = m.fontBoundingBoxAscent !== undefined ? m.fontBoundingBoxAscent : px * 0.88;
    HEAPF32[descent >> 2] = m.fontBoundingBoxDescent !== undefined ? m.fontBoundingBoxDescent : px * 0.24;
  },

  // Draws one code point; writes its alpha into `alpha` (row pitch = width) and
  // [width, height, x0, y0, advance] into `box`. Returns 0 when it has no ink.
  gy_glyph_raster__deps: ['$GY'],
  gy_glyph_raster: function (codepoint, px, alpha, capacity, box) {
    var ch = String.fromCodePoint(codepoint);
    var ctx = GY.context(Math.ceil(px * 2) + 8);
    ctx.font = px + 'px ' + GY.fontFamily;
    var m = ctx.measureText(ch);
    var left = Math.ceil(m.actualBoundingBoxLeft), right = Math.ceil(m.actualBoundingBoxRight);
    var top = Math.ceil(m.actualBoundingBoxAscent), bottom = Math.ceil(m.actualBoundingBoxDescent);
    var w = left + right + 2, h = top + bottom + 2;  // one pixel of room for antialiasing
    var out = box >> 2;
    HEAPF32[out + 4] = m.width;
    if (left + right <= 0 || top + bottom <= 0 || w * h > capacity || w > GY.glyphSide || h > GY.glyphSide) return 0;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = '#fff';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(ch, left + 1, top + 1);
    var rgba = ctx.getImageData(0, 0, w, h).data;
    for (var i = 0, n = w * h; i < n; i++) HEAPU8[alpha + i] = rgba[i * 4 + 3];
    HEAPF32[out] = w;
    HEAPF32[out + 1] = h;
    HEAPF32[out + 2] = -(left + 1);
    HEAPF32[out + 3] = -(top + 1);
    return 1;
  },
};

autoAddDeps(LibraryGongyu, '$GY');
mergeInto(LibraryManager.library, LibraryGongyu);
