// pre.js — runs inside the Emscripten module factory (--pre-js), once per embedded instance.
//
// Opens this township's IndexedDB store at once, in parallel with the wasm
// download, and reads it in batches: first every record but the ledger's
// snapshot and the photos (settings, keys, the ledger's meta and log: small), which main()
// waits for (web/platform.js gy_store_preload hands them to the wasm side);
// then the snapshot's buckets, a few dozen at a time, which the app loads
// while the next are read (gy_store_take_arrived). Also wires the canvas's DOM
// events to the idle-aware main loop (wake, resize, focus).

(function () {
  var config = Module['gongyuConfig'] || {};
  var dbName = 'gongyu:' + (config['township'] || 'default');
  var BUCKETS_PER_BATCH = 32;  // ~3 MB at county scale
  // What came after the first batch, for gy_store_take_arrived; came counts records handed to the wasm side.
  var read = Module['gongyuStoreRead'] = { batches: [], came: 0, total: 0, failed: false };
  var wake = function () { if (runtimeInitialized) Module['_gongyu_wake'](); };

  // The snapshot's keys: from 'ledger/snap/' up to, not with, 'ledger/snap0' (kLateRecordsPrefix in core/storage.h).
  var SNAP_FIRST = 'ledger/snap/', SNAP_END = 'ledger/snap0';
  // Photos, never read here: one at a time when shown (kOnDemandPrefix, gy_store_get).
  var PHOTO_FIRST = 'photo/', PHOTO_END = 'photo0';

  // Requests in one transaction complete in the order they were made.
  function readInBatches(kv, settle) {
    var snapshot = IDBKeyRange.bound(SNAP_FIRST, SNAP_END, false, true);
    var first = { keys: [], values: [] };
    [IDBKeyRange.upperBound(SNAP_FIRST, true), IDBKeyRange.bound(SNAP_END, PHOTO_FIRST, false, true),
      IDBKeyRange.lowerBound(PHOTO_END)].forEach(function (range) {
      var keys = kv.getAllKeys(range), values = kv.getAll(range);
      values.onsuccess = function () {
        first.keys = first.keys.concat(keys.result);
        first.values = first.values.concat(values.result);
      };
    });
    var buckets = kv.getAllKeys(snapshot);
    buckets.onsuccess = function () {
      var names = buckets.result;
      read.total = first.keys.length + names.length;
      settle({ ok: true, keys: first.keys, values: first.values });
      batchesFirstFirst(names, metaFirst(first)).forEach(function (batch) {
        var values = kv.getAll(IDBKeyRange.bound(batch[0], batch[batch.length - 1]));
        values.onsuccess = function () { read.batches.push({ keys: batch, values: values.result }); wake(); };
      });
    };
  }

  // The buckets the ledger's meta names as "first" (the registry's kinds, core/ledger_store.h): the
  // app opens once they are in, so they are asked for first. Any other order loads the same ledger.
  function metaFirst(first) {
    var i = first.keys.indexOf('ledger/meta');
    if (i < 0) return {};
    try {
      var meta = first.values[i];
      var names = JSON.parse(typeof meta === 'string' ? meta : new TextDecoder().decode(meta))['first'] || [];
      var set = {};
      names.forEach(function (name) { set[name] = true; });
      return set;
    } catch (e) {
      return {};  // the app reports a damaged meta; the order only costs time
    }
  }

  // Batches of keys next to each other (each is one key range), those named first before the others.
  function batchesFirstFirst(names, first) {
    var early = [], late = [], batch = null;
    names.forEach(function (name, i) {
      var isFirst = !!first[name];
      if (!batch || batch.length === BUCKETS_PER_BATCH || isFirst !== !!first[names[i - 1]]) {
        batch = [];
        (isFirst ? early : late).push(batch);
      }
      batch.push(name);
    });
    return early.concat(late);
  }

  performance.mark('gongyu-store-open');
  var storeReady = new Promise(function (resolve) {
    var settled = false;
    var settle = function (value) {
      if (settled) {  // a later batch failed: the app stops reading and writes nothing
        read.failed = !value.ok;
        return wake();
      }
      settled = true;
      performance.mark('gongyu-store-read');
      resolve(value);
    };
    try {
      var open = indexedDB.open(dbName, 1);
      open.onupgradeneeded = function () { open.result.createObjectStore('kv'); };
      open.onerror = function () { settle({ ok: false, error: String(open.error) }); };
      open.onblocked = function () { settle({ ok: false, error: 'blocked' }); };
      open.onsuccess = function () {
        var db = open.result;
        Module['gongyuDB'] = db;
        try {
          var tx = db.transaction('kv', 'readonly');
          tx.onerror = function (e) { settle({ ok: false, error: String(e.target.error) }); };
          tx.onabort = function () { settle({ ok: false, error: String(tx.error) }); };
          readInBatches(tx.objectStore('kv'), settle);
        } catch (e) {
          settle({ ok: false, error: String(e) });
        }
      };
    } catch (e) {
      settle({ ok: false, error: String(e) });
    }
  });

  Module['preRun'] = [].concat(Module['preRun'] || [], [function () {
    performance.mark('gongyu-wasm-ready');
    addRunDependency('gongyu-store');
    storeReady.then(function (store) {
      Module['gongyuStore'] = store;
      removeRunDependency('gongyu-store');
    });
  }]);

  Module['postRun'] = [].concat(Module['postRun'] || [], [function () {
    var canvas = Module['canvas'];
    ['pointerdown', 'pointermove', 'pointerup', 'wheel', 'keydown', 'keyup', 'touchstart', 'touchmove', 'touchend']
      .forEach(function (type) { canvas.addEventListener(type, wake, { passive: true }); });
    window.addEventListener('pointerup', wake, { passive: true });
    // A click or tap that ends is worked through at once (gongyu_input_now). These
    // listeners run after SDL's, which queued the release: its mouseup listener is on
    // the document (a window listener comes later), its touchend on the canvas (added first).
    var inputNow = function () { Module['_gongyu_input_now'](); };
    window.addEventListener('mouseup', inputNow, { passive: true });
    canvas.addEventListener('touchend', inputNow, { passive: true });
    // SDL prevents the default of mousedown, which would keep the canvas from taking focus.
    // While the text agent has focus it keeps it: the app moves it back when the field closes.
    var agent = canvas.parentNode.querySelector('.gongyu-text-agent');
    canvas.addEventListener('pointerdown', function () {
      if (document.activeElement !== agent) canvas.focus({ preventScroll: true });
    });
    var ownsFocus = function () { return document.activeElement === canvas || document.activeElement === agent; };
    [canvas, agent].forEach(function (el) {
      el.addEventListener('focus', function () { Module['_gongyu_focus'](1); });
      el.addEventListener('blur', function () {
        setTimeout(function () { if (!ownsFocus() && !Module['gongyuKeepFocus']) Module['_gongyu_focus'](0); }, 0);
      });
    });
    if (Module['gongyuKeepFocus']) Module['_gongyu_focus'](1);

    // One finger dragging scrolls (ImGui has no touch scrolling of its own).
    var touch = null;
    canvas.addEventListener('touchstart', function (e) {
      touch = e.touches.length === 1 ? { x: e.touches[0].clientX, y: e.touches[0].clientY } : null;
    }, { passive: true });
    canvas.addEventListener('touchmove', function (e) {
      if (!touch || e.touches.length !== 1) return;
      var t = e.touches[0];
      Module['_gongyu_touch_scroll'](t.clientX - touch.x, t.clientY - touch.y);
      touch = { x: t.clientX, y: t.clientY };
    }, { passive: true });
    canvas.addEventListener('touchend', function () { touch = null; }, { passive: true });

    var resize = function () { Module['_gongyu_resize'](); };
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(resize).observe(canvas);
    var watchRatio = function () {
      var query = window.matchMedia('(resolution: ' + devicePixelRatio + 'dppx)');
      query.addEventListener('change', function () { resize(); watchRatio(); }, { once: true });
    };
    watchRatio();
  }]);
})();
