// platform.js — the JavaScript half of src/platform/web.cpp (an Emscripten --js-library).
//
// Storage writes (IndexedDB, one strict-durability transaction each), backend
// probes, timers, canvas size, and glyphs drawn with the browser's own fonts.
// Completions call back into the wasm exports gongyu_*.

var LibraryGongyu = {
  $GY: {
    fontFamily: 'system-ui, "Segoe UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif',
    measureCtx: null,

    // A stored value as UTF-8 bytes: written as Uint8Array, read back as one;
    // strings are what builds before the binary store wrote. null: neither.
    encoder: null,
    utf8: function (value) {
      if (typeof value === 'string') return (GY.encoder = GY.encoder || new TextEncoder()).encode(value);
      if (value instanceof Uint8Array) return value;
      if (value instanceof ArrayBuffer) return new Uint8Array(value);
      return null;
    },
    // Bytes (or an error's text) for gongyu_bytes_done, which frees them.
    answerBytes: function (request, status, bytes) {
      if (typeof bytes === 'string') bytes = (GY.encoder = GY.encoder || new TextEncoder()).encode(bytes);
      var data = 0, length = bytes ? bytes.length : 0;
      if (length) { data = _malloc(length); HEAPU8.set(bytes, data); }
      Module['_gongyu_bytes_done'](request, status, data, length);
    },

    // A malloc'ed, NUL-terminated copy in the wasm heap (the wasm side frees it).
    toHeap: function (bytes) {
      var p = _malloc(bytes.length + 1);
      HEAPU8.set(bytes, p);
      HEAPU8[p + bytes.length] = 0;
      return p;
    },

    takeRecords: function (keys, values) {
      var read = Module['gongyuStoreRead'];
      for (var i = 0; i < keys.length; i++) {
        var key = keys[i], value = GY.utf8(values[i]);
        values[i] = null;
        read.came++;
        if (typeof key !== 'string' || !value) continue;  // not ours: nothing else writes here
        var at = Module['_gongyu_preload_record'](GY.toHeap(GY.utf8(key)), value.length);
        HEAPU8.set(value, at);  // after the call: it may have grown the heap, which replaces HEAPU8
      }
    },

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

    // Characters that rightly draw nothing: spaces, joiners, variation selectors, controls.
    invisible: function (codepoint, ch) {
      return codepoint < 0x20 || (codepoint >= 0x7f && codepoint < 0xa0) ||
        /[\s\u200B-\u200F\u2028-\u202F\u2060-\u206F\uFE00-\uFE0F\uFEFF]/.test(ch) ||
        (codepoint >= 0xE0100 && codepoint <= 0xE01EF);
    },

    batchCanvas: null,
    batchContext: function (width, height) {
      if (!GY.batchCanvas || GY.batchCanvas.width < width || GY.batchCanvas.height < height) {
        GY.batchCanvas = typeof OffscreenCanvas !== 'undefined'
          ? new OffscreenCanvas(width, height) : document.createElement('canvas');
        GY.batchCanvas.width = width;
        GY.batchCanvas.height = height;
        GY.batchCtx = GY.batchCanvas.getContext('2d', { willReadFrequently: true });
      }
      return GY.batchCtx;
    },

    // CJK Unified Ideographs of GBK (U+4E00–U+9FA5) are each as wide as 中 in
    // every Chinese font, their ink inside the font's ascent and descent: a
    // screen of 3,000 new names is laid out without measuring each one
    // (measureText falls back across fonts per character, ~0.2 ms each). The
    // cell per font size; null where no font has 中 (then each is measured).
    ideographCells: {},
    ideographCell: function (ctx, font) {
      if (!(font in GY.ideographCells)) {
        var m = ctx.measureText('\u4e2d');
        var inked = m.actualBoundingBoxLeft + m.actualBoundingBoxRight > 0;
        GY.ideographCells[font] = inked ? {
          advance: m.width,
          top: Math.ceil(Math.max(m.fontBoundingBoxAscent, m.actualBoundingBoxAscent)),
          bottom: Math.ceil(Math.max(m.fontBoundingBoxDescent, m.actualBoundingBoxDescent)),
        } : null;
      }
      return GY.ideographCells[font];
    },

    // A small canvas only ever used to measure text.
    measureContext: function () {
      if (!GY.measureCtx) {
        var canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
        GY.measureCtx = canvas.getContext('2d');
      }
      return GY.measureCtx;
    },
  },

  gy_launch_attributes_json: function () {
    return allocateUTF8(JSON.stringify(Module['gongyuConfig'] || {}));
  },

  // Records from IndexedDB handed to the wasm side one by one (no JSON round
  // trip of a county's 36 MB), each as one copy of its UTF-8 bytes straight
  // into its std::string (gongyu_preload_record), letting go of the JS copy as
  // it goes. The first batch before main(), 1 if the store opened; the rest
  // as they come (web/pre.js), 0 once a batch could not be read.
  gy_store_preload__deps: ['$GY'],
  gy_store_preload: function () {
    var store = Module['gongyuStore'] || { ok: false };
    Module['gongyuStore'] = null;
    if (!store.ok) return 0;
    performance.mark('gongyu-copy-start');
    GY.takeRecords(store.keys, store.values);
    performance.mark('gongyu-copy-end');
    return 1;
  },

  gy_store_take_arrived__deps: ['$GY'],
  gy_store_take_arrived: function (came, total) {
    var read = Module['gongyuStoreRead'];
    while (read.batches.length) {
      var batch = read.batches.shift();
      GY.takeRecords(batch.keys, batch.values);
    }
    HEAP32[came >> 2] = read.came;
    HEAP32[total >> 2] = read.total;
    return read.failed ? 0 : 1;
  },

  gy_store_put__deps: ['$GY'],
  gy_store_put: function (key, value, length, request) {
    var k = UTF8ToString(key), v = HEAPU8.slice(value, value + length);
    GY.write(function (store) { store.put(v, k); }, request);
  },

  // Several keys in one transaction: all written or none (snapshots). keys,
  // values: count pointers each; lengths: count ints (the values' bytes).
  gy_store_put_many__deps: ['$GY'],
  gy_store_put_many: function (count, keys, values, lengths, request) {
    var pairs = [];
    for (var i = 0; i < count; i++) {
      var v = HEAPU32[(values >> 2) + i];
      pairs.push([UTF8ToString(HEAPU32[(keys >> 2) + i]), HEAPU8.slice(v, v + HEAP32[(lengths >> 2) + i])]);
    }
    GY.write(function (store) { for (var i = 0; i < pairs.length; i++) store.put(pairs[i][1], pairs[i][0]); }, request);
  },

  gy_store_remove__deps: ['$GY'],
  gy_store_remove: function (key, request) {
    var k = UTF8ToString(key);
    GY.write(function (store) { store.delete(k); }, request);
  },

  // One record read when asked (photos: core/storage.h kOnDemandPrefix), answered by gongyu_bytes_done.
  gy_store_get__deps: ['$GY'],
  gy_store_get: function (key, request) {
    var k = UTF8ToString(key), db = Module['gongyuDB'];
    function answer(status, bytes) { GY.answerBytes(request, status, bytes); }
    if (!db) { setTimeout(function () { answer(-1, 'no store'); }, 0); return; }
    try {
      var get = db.transaction('kv', 'readonly').objectStore('kv').get(k);
      get.onsuccess = function () { var v = GY.utf8(get.result); answer(v ? 1 : 0, v); };
      get.onerror = function () { answer(-1, String(get.error)); };
    } catch (e) {
      setTimeout(function () { answer(-1, String(e)); }, 0);
    }
  },

  // A data plan, a data saver or a slow line (the Network Information API: Chromium, Android's WebView);
  // where the browser does not say (Safari, Firefox), a touch screen counts as a phone on its data plan.
  gy_link_is_metered: function () {
    var c = navigator.connection;
    if (c && (c.saveData || c.type === 'cellular' || /^(slow-2g|2g|3g)$/.test(c.effectiveType || ''))) return 1;
    if (c && c.type && c.type !== 'unknown') return 0;
    return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches ? 1 : 0;
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

  // One request to the sync store. Never cached; a minute without an answer counts as none.
  gy_http__deps: ['malloc'],
  gy_http: function (method, url, body, length, request) {
    var init = { method: UTF8ToString(method), cache: 'no-store' };
    // WebDAV listings (Apache): a folder and its entries, never the whole tree.
    if (init.method === 'PROPFIND') init.headers = { Depth: '1' };
    if (length > 0) init.body = HEAPU8.slice(body, body + length);
    var controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
    if (controller) init.signal = controller.signal;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, 60000);
    function done(status, bytes) {
      clearTimeout(timer);
      var data = 0;
      if (bytes && bytes.length) { data = _malloc(bytes.length); HEAPU8.set(bytes, data); }
      Module['_gongyu_http_done'](request, status, data, bytes ? bytes.length : 0);
    }
    fetch(UTF8ToString(url), init)
      .then(function (response) {
        return response.arrayBuffer().then(function (buffer) { done(response.status, new Uint8Array(buffer)); });
      })
      .catch(function () { done(0, null); });
  },

  // A download of bytes the app made (exports): a Blob and a temporary link.
  gy_save_file: function (name, mime, bytes, length) {
    var data = HEAPU8.slice(bytes, bytes + length);
    var blob = new Blob([data], { type: UTF8ToString(mime) });
    var link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = UTF8ToString(name);
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  },

  // A printable document (core/print.h) in a new tab opened at #print, where its
  // own script opens the print dialog. The tab must open within the click's user
  // activation (the frame that saw the click calls this). When it cannot open —
  // a popup blocker, or a portal frame sandboxed without allow-popups — a hidden
  // frame in this page prints the document instead. Only the last document's URL
  // is kept: its tab can still be reloaded, earlier ones are freed.
  gy_show_print_view: function (name, html, length) {
    var blob = new Blob([HEAPU8.slice(html, html + length)], { type: 'text/html;charset=utf-8' });
    var state = Module['gyPrint'] || (Module['gyPrint'] = {});
    if (state.url) URL.revokeObjectURL(state.url);
    if (state.frame) state.frame.remove();
    state.frame = null;
    state.url = URL.createObjectURL(blob);
    var tab = null;
    try { tab = window.open(state.url + '#print', '_blank'); } catch (e) { tab = null; }
    if (tab) return;
    var frame = document.createElement('iframe');
    frame.title = UTF8ToString(name);
    frame.setAttribute('aria-hidden', 'true');
    frame.setAttribute('data-gongyu-print', '');
    frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0';
    frame.src = state.url + '#print';
    document.body.appendChild(frame);
    state.frame = frame;
  },

  // A file chooser; the chosen file's bytes go to gongyu_file_opened.
  gy_open_file__deps: ['malloc'],
  gy_open_file: function (accept, request) {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = UTF8ToString(accept);
    input.style.display = 'none';
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      input.remove();
      if (!file) return;
      file.arrayBuffer().then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        var data = _malloc(Math.max(bytes.length, 1));
        HEAPU8.set(bytes, data);
        Module['_gongyu_file_opened'](request, allocateUTF8(file.name), data, bytes.length);
      });
    });
    document.body.appendChild(input);
    input.click();
  },

  // A photo from the camera or the gallery, decoded by the browser (turned upright by its EXIF
  // orientation), scaled to at most side pixels a side and encoded as a JPEG at quality 0.7: a
  // phone's 4 MB picture becomes ~200 KB, which a village link can send.
  gy_choose_photo__deps: ['$GY'],
  gy_choose_photo: function (side, request) {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    input.style.display = 'none';
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      input.remove();
      if (!file) return;
      createImageBitmap(file, { imageOrientation: 'from-image' }).catch(function () {
        return createImageBitmap(file);  // an older browser without the option (JPEGs upright by default there)
      }).then(function (bitmap) {
        var scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
        var canvas = document.createElement('canvas');
        canvas.width = Math.max(1, Math.round(bitmap.width * scale));
        canvas.height = Math.max(1, Math.round(bitmap.height * scale));
        canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        bitmap.close();
        return new Promise(function (resolve, reject) {
          canvas.toBlob(function (blob) { blob ? resolve(blob) : reject(new Error('no JPEG encoder')); }, 'image/jpeg', 0.7);
        });
      }).then(function (blob) {
        return blob.arrayBuffer();
      }).then(function (buffer) {
        GY.answerBytes(request, 1, new Uint8Array(buffer));
      }, function (e) {
        GY.answerBytes(request, -1, String(e && e.message || e));
      });
    });
    document.body.appendChild(input);
    input.click();
  },

  // A JPEG as a WebGL texture of this instance's context, registered as glGenTextures would (GL.textures),
  // so ImGui's renderer binds it by its number. 0 when the browser cannot decode it.
  gy_load_picture__deps: ['$GL'],
  gy_load_picture: function (jpeg, length, request) {
    var blob = new Blob([HEAPU8.slice(jpeg, jpeg + length)], { type: 'image/jpeg' });
    function done(id, w, h) { Module['_gongyu_picture_done'](request, id, w, h); }
    createImageBitmap(blob).then(function (bitmap) {
      var gl = GLctx, texture = gl.createTexture(), previous = gl.getParameter(gl.TEXTURE_BINDING_2D);
      if (!texture) { bitmap.close(); done(0, 0, 0); return; }  // a lost context
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, bitmap);
      gl.bindTexture(gl.TEXTURE_2D, previous);
      var id = GL.getNewId(GL.textures);
      texture.name = id;
      GL.textures[id] = texture;
      done(id, bitmap.width, bitmap.height);
      bitmap.close();
    }, function () { done(0, 0, 0); });
  },

  gy_free_picture__deps: ['$GL'],
  gy_free_picture: function (id) {
    var texture = GL.textures[id];
    if (!texture) return;
    GLctx.deleteTexture(texture);
    GL.textures[id] = null;
  },

  // GB18030/GBK with the browser's own decoder (fatal: a wrong byte is an error, not U+FFFD).
  gy_decode_gb18030: function (bytes, length, ok) {
    try {
      var text = new TextDecoder('gb18030', { fatal: true }).decode(HEAPU8.subarray(bytes, bytes + length));
      HEAP32[ok >> 2] = 1;
      return allocateUTF8(text);
    } catch (e) {
      HEAP32[ok >> 2] = 0;
      return allocateUTF8(String(e && e.message || e));
    }
  },

  // The files module (src/platform/files_module.cpp): a second wasm with the
  // .xlsx reader and writer and libsodium, fetched the first time a user
  // exports or imports an .xlsx or a sync round seals or opens a file (its URLs
  // come from embed.js, Module.gongyuFiles), then kept. Bytes are copied
  // between the two heaps. The work itself is synchronous: a short pause first
  // lets the app draw "正在生成 Excel…" or "正在验证密码…". A failed load is
  // reported and tried again next time.
  $gyFilesModule: function () {
    if (!Module['gongyuFilesPromise']) {
      var urls = Module['gongyuFiles'];
      Module['gongyuFilesPromise'] = new Promise(function (resolve, reject) {
        if (!urls) { reject(new Error('this build has no .xlsx module')); return; }
        function start() {
          window['GongyuFilesModule']({
            locateFile: function (path) { return path.slice(-5) === '.wasm' ? urls.wasm : path; },
          }).then(resolve, reject);
        }
        if (window['GongyuFilesModule']) { start(); return; }
        var s = document.createElement('script');
        s.src = urls.js;
        s.async = true;
        s.onload = function () {
          if (window['GongyuFilesModule']) start(); else reject(new Error('no GongyuFilesModule in ' + urls.js));
        };
        s.onerror = function () { s.remove(); reject(new Error('could not load ' + urls.js)); };
        document.head.appendChild(s);
      }).catch(function (e) { Module['gongyuFilesPromise'] = null; throw e; });
    }
    return Module['gongyuFilesPromise'];
  },
  gy_files_call__deps: ['malloc', '$gyFilesModule'],
  gy_files_call: function (request, length, id) {
    var input = HEAPU8.slice(request, request + length);
    function reply(bytes, loaded) {
      var data = _malloc(Math.max(bytes.length, 1));
      HEAPU8.set(bytes, data);
      Module['_gongyu_files_done'](id, data, bytes.length, loaded ? 1 : 0);
    }
    function failed(e) { reply(new TextEncoder().encode(String(e && e.message || e)), false); }
    gyFilesModule().then(function (x) {
      setTimeout(function () {
        try {  // a module that aborts (out of memory) must still answer, or the app waits for ever
          var at = x['_malloc'](Math.max(input.length, 1));
          x['HEAPU8'].set(input, at);
          var lengthAt = x['_malloc'](4);
          var out = x['_gongyu_files_run'](at, input.length, lengthAt);  // frees the request
          var bytes = x['HEAPU8'].slice(out, out + x['HEAP32'][lengthAt >> 2]);
          x['_free'](out);
          x['_free'](lengthAt);
          reply(bytes, true);
        } catch (e) {
          Module['gongyuFilesPromise'] = null;  // load it afresh next time
          failed(e);
        }
      }, 50);
    }, failed);
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
        // Printable keys reach ImGui as text through the textarea's 'input'; clipboard
        // keys must keep their default so the browser fires copy/cut/paste.
        if (key(e, down) && !clipboard && (command || e.key.length > 1)) e.preventDefault();
        // Typed in the instant between a click on a field and the field opening,
        // while the canvas still has focus: the canvas has no 'input', pass it on.
        if (down && e.target === canvas && !command && !e.altKey && [...e.key].length === 1) send('_gongyu_text', e.key);
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

  // A named point in the start-up, for tests/bench/county.mjs (performance.getEntriesByType('mark')).
  gy_mark: function (name) {
    performance.mark(UTF8ToString(name));
  },

  gy_first_frame: function () {
    if (Module['gongyuOnFirstFrame']) Module['gongyuOnFirstFrame']();
  },

  gy_app_ready: function () {
    if (Module['gongyuOnReady']) Module['gongyuOnReady']();
  },

  gy_font_metrics__deps: ['$GY'],
  gy_font_metrics: function (px, ascent, descent) {
    var ctx = GY.measureContext();
    ctx.font = GY.measureFont = px + 'px ' + GY.fontFamily;
    var m = ctx.measureText('中Hg');
    HEAPF32[ascent >> 2] = m.fontBoundingBoxAscent !== undefined ? m.fontBoundingBoxAscent : px * 0.88;
    HEAPF32[descent >> 2] = m.fontBoundingBoxDescent !== undefined ? m.fontBoundingBoxDescent : px * 0.24;
  },

  // Measures one code point. box = [width, height, x0, y0, advance] in pixels,
  // x0/y0 from the pen on the baseline. Returns 0 for no ink (spaces), 1 for a
  // glyph, 2 for a character no font has (drawn as a box, never as nothing).
  gy_glyph_measure__deps: ['$GY'],
  gy_glyph_measure: function (codepoint, px, box) {
    var ctx = GY.measureContext();
    var font = px + 'px ' + GY.fontFamily;
    if (GY.measureFont !== font) ctx.font = GY.measureFont = font;  // parsing the font string costs as much as measuring
    var out = box >> 2;
    var cell = codepoint >= 0x4e00 && codepoint <= 0x9fa5 ? GY.ideographCell(ctx, font) : null;
    if (cell) {
      HEAPF32[out] = Math.ceil(cell.advance) + 2;
      HEAPF32[out + 1] = cell.top + cell.bottom + 2;
      HEAPF32[out + 2] = -1;
      HEAPF32[out + 3] = -(cell.top + 1);
      HEAPF32[out + 4] = cell.advance;
      return 1;
    }
    var ch = String.fromCodePoint(codepoint);
    var m = ctx.measureText(ch);
    var left = Math.ceil(m.actualBoundingBoxLeft), right = Math.ceil(m.actualBoundingBoxRight);
    var top = Math.ceil(m.actualBoundingBoxAscent), bottom = Math.ceil(m.actualBoundingBoxDescent);
    HEAPF32[out + 4] = m.width;
    if (left + right > 0 && top + bottom > 0) {
      HEAPF32[out] = left + right + 2;  // one pixel of room for antialiasing
      HEAPF32[out + 1] = top + bottom + 2;
      HEAPF32[out + 2] = -(left + 1);
      HEAPF32[out + 3] = -(top + 1);
      return 1;
    }
    if (GY.invisible(codepoint, ch)) return 0;
    var w = Math.max(4, Math.round(px * 0.6)), h = Math.max(6, Math.round(px * 0.8));
    HEAPF32[out] = w;
    HEAPF32[out + 1] = h;
    HEAPF32[out + 2] = Math.round(px * 0.1);
    HEAPF32[out + 3] = -h;
    if (!(m.width > 0)) HEAPF32[out + 4] = Math.round(px * 0.8);
    return 2;
  },

  // Draws a batch of measured glyphs on one canvas and reads it back once.
  gy_glyph_draw_batch__deps: ['$GY'],
  gy_glyph_draw_batch: function (codepoints, sizes, kinds, cells, count, width, height, out) {
    var ctx = GY.batchContext(width, height);
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = ctx.strokeStyle = '#fff';
    ctx.textBaseline = 'alphabetic';
    var font = '';
    for (var i = 0; i < count; i++) {
      var px = HEAPF32[(sizes >> 2) + i];
      var c = (cells >> 2) + i * 4;
      var x = HEAPF32[c], y = HEAPF32[c + 1], penX = HEAPF32[c + 2], penY = HEAPF32[c + 3];
      if (HEAP32[(kinds >> 2) + i] === 2) {
        var line = Math.max(1, Math.round(px / 16));
        var w = Math.max(4, Math.round(px * 0.6)), h = Math.max(6, Math.round(px * 0.8));
        ctx.lineWidth = line;
        ctx.strokeRect(x + line / 2, y + line / 2, w - line, h - line);
        continue;
      }
      var f = px + 'px ' + GY.fontFamily;
      if (f !== font) ctx.font = font = f;
      ctx.fillText(String.fromCodePoint(HEAPU32[(codepoints >> 2) + i]), x + penX, y + penY);
    }
    var rgba = ctx.getImageData(0, 0, width, height).data;
    for (var p = 0, n = width * height; p < n; p++) HEAPU8[out + p] = rgba[p * 4 + 3];
  },
};

autoAddDeps(LibraryGongyu, '$GY');
mergeInto(LibraryManager.library, LibraryGongyu);
