// embed.js — puts Gongyu into any element of any page.
//
//   <div data-gongyu data-backend="https://county.example/gongyu-store/"
//        data-township="430422105" data-role="clerk" style="height:600px"></div>
//   <script src="https://county.example/gongyu/embed.js" async></script>
//
// The app fills its container and follows its size; it takes keyboard and
// wheel input only after the user clicks into it. The only global is
// window.Gongyu (plus the module factories GongyuModule and, once a file is
// first exported, imported or synced, GongyuFilesModule).
(function () {
  'use strict';

  var APP_JS = '__GONGYU_APP_JS__';      // hashed names, filled in by tools/package.mjs
  var APP_WASM = '__GONGYU_APP_WASM__';
  var FILES_JS = '__GONGYU_FILES_JS__';    // the files module (.xlsx, sealed sync files), fetched by the app on first use
  var FILES_WASM = '__GONGYU_FILES_WASM__';
  var VERSION = '__GONGYU_VERSION__';
  // Words shown before the app's own string table (src/ui/strings.h) is loaded.
  var TEXT = {
    loading: '正在加载共育…',
    noWebGL2: '您的浏览器不支持 WebGL2，无法显示共育。请使用新版的 Chrome、Edge、Firefox，或 360/QQ 浏览器的“极速模式”。',
    failed: '共育加载失败，请检查网络后刷新页面。',
  };

  var script = document.currentScript;
  var base = new URL('.', script ? script.src : location.href).href;
  var factory = null;

  function loadFactory() {
    if (!factory) {
      factory = new Promise(function (resolve, reject) {
        if (window.GongyuModule) { resolve(window.GongyuModule); return; }
        var s = document.createElement('script');
        s.src = base + APP_JS;
        s.async = true;
        s.onload = function () { resolve(window.GongyuModule); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return factory;
  }

  function supportsWebGL2() {
    try { return !!document.createElement('canvas').getContext('webgl2'); } catch (e) { return false; }
  }

  function message(container, text, kind) {
    var box = document.createElement('div');
    box.className = 'gongyu-message';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-gongyu-message', kind);
    box.style.cssText = 'padding:1em;font:16px/1.6 sans-serif;color:#7a2e00;background:#fff6e5;border:1px solid #f0c36d';
    box.textContent = text;
    container.appendChild(box);
  }

  function progress(container) {
    var existing = container.querySelector('.gongyu-progress');
    if (existing) return existing;
    var p = document.createElement('div');
    p.className = 'gongyu-progress';
    p.setAttribute('role', 'status');
    p.style.cssText = 'position:absolute;inset:0;display:flex;align-items:center;justify-content:center;font:16px sans-serif;color:#444';
    p.textContent = TEXT.loading;
    container.appendChild(p);
    return p;
  }

  // data-* attributes, and for a standalone page (data-gongyu-query) the URL's query too.
  function readConfig(container) {
    var config = {};
    ['backend', 's3-region', 'township', 'role', 'county-key', 'test'].forEach(function (key) {
      var v = container.getAttribute('data-' + key);
      if (v !== null) config[key] = v;
    });
    if (container.hasAttribute('data-gongyu-query')) {
      new URLSearchParams(location.search).forEach(function (v, k) { config[k] = v; });
    }
    if (config.backend) config.backend = new URL(config.backend, document.baseURI).href;
    return config;
  }

  function registerServiceWorker() {
    // Only a page served from the app's own folder can be controlled by its worker.
    if (!('serviceWorker' in navigator) || new URL(base).origin !== location.origin) return;
    if (location.href.indexOf(base) !== 0) return;
    // Look for a new build on every visit; a found one serves the next visit.
    navigator.serviceWorker.register(base + 'sw.js', { scope: base })
      .then(function (registration) { return registration.update(); })
      .catch(function () {});
  }

  function mount(container) {
    if (container.__gongyu) return container.__gongyu;
    if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
    if (!supportsWebGL2()) {
      var p0 = container.querySelector('.gongyu-progress');
      if (p0) p0.remove();
      message(container, TEXT.noWebGL2, 'no-webgl2');
      return (container.__gongyu = Promise.reject(new Error('WebGL2 unavailable')));
    }
    var shown = progress(container);
    performance.mark('gongyu-progress');
    var canvas = document.createElement('canvas');
    canvas.tabIndex = 0;
    canvas.setAttribute('aria-label', '共育');
    canvas.style.cssText = 'display:block;width:100%;height:100%;outline:none;touch-action:none';
    canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
    container.appendChild(canvas);
    // A page of its own takes keyboard and wheel at once; inside a portal (div or
    // iframe) the app waits until the user clicks into it.
    var standalone = container.hasAttribute('data-gongyu-query') && window.top === window;

    container.__gongyu = loadFactory().then(function (GongyuModule) {
      return new Promise(function (resolve) {
        GongyuModule({
          canvas: canvas,
          gongyuConfig: readConfig(container),
          gongyuKeepFocus: standalone,
          gongyuFiles: { js: base + FILES_JS, wasm: base + FILES_WASM },
          locateFile: function (path) { return path.slice(-5) === '.wasm' ? base + APP_WASM : base + path; },
          // The first frame may show the load's progress (a county's store takes a moment); ready is the loaded app.
          gongyuOnFirstFrame: function () {
            shown.remove();
            performance.mark('gongyu-first-frame');
          },
          gongyuOnReady: function () {
            performance.mark('gongyu-ready');
            container.setAttribute('data-gongyu-ready', '');
            if (standalone) canvas.focus({ preventScroll: true });
            container.dispatchEvent(new CustomEvent('gongyu-ready', { bubbles: true }));
          },
        }).then(function (instance) { resolve(instance); });
      });
    }).catch(function (error) {
      shown.remove();
      message(container, TEXT.failed, 'failed');
      throw error;
    });
    return container.__gongyu;
  }

  function mountAll() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-gongyu]'), function (c) {
      mount(c).catch(function () {});
    });
  }

  window.Gongyu = { mount: mount, version: VERSION };
  registerServiceWorker();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
})();
