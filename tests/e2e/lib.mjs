// lib.mjs — helpers for end-to-end tests: a real nginx, Debian's Chromium, and
// the app's test bridge (item rectangles by ID) to click real coordinates.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = process.env.GONGYU_DIST || join(root, 'build', 'dist');

let nextPort = 18080 + (process.pid % 1000) * 10;

// A fresh nginx serving `folder` (the packaged app by default) and an empty store.
export function startServer({ folder = dist, port = nextPort++ } = {}) {
  const run = mkdtempSync(join(tmpdir(), 'gongyu-e2e-'));
  const serve = join(root, 'tools', 'serve.sh');
  const start = () => execFileSync(serve, ['start', folder, join(run, 'store'), String(port), join(run, 'nginx')]);
  const stop = () => execFileSync(serve, ['stop', join(run, 'nginx')]);
  start();
  process.once('exit', stop);  // even when a test file dies, its nginx does not outlive it
  return {
    url: `http://127.0.0.1:${port}/`,
    run,
    stop,
    restart: start,
    dispose() { stop(); rmSync(run, { recursive: true, force: true }); },
  };
}

// The app over the sample county, in a township of its own. Every device of a
// township syncs through the test file's nginx, so tests that count records
// give each device its own township (a persistent profile: its folder's name,
// so a reload finds its store again) unless they test sync itself.
let ownTownships = 0;
export function sampleCountyUrl(server, township = `test-${process.pid}-${++ownTownships}`) {
  return `${server.url}?test=1&sample-county=1&township=${encodeURIComponent(township)}`;
}

export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch(options = {}) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs, ...options });
}

// A browser whose profile lives on disk, to test what survives a restart or a kill.
export async function launchPersistent(userDataDir, options = {}) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs, ...options,
  });
}

export function tempDir(prefix = 'gongyu-profile-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

// Resolves once the app drew its first usable frame (embed.js marks the container).
export async function waitReady(page, selector = '[data-gongyu]', timeout = 30000) {
  await page.waitForSelector(`${selector}[data-gongyu-ready]`, { state: 'attached', timeout });
}

export async function snapshot(page, selector = '[data-gongyu]') {
  return page.evaluate(async (sel) => {
    const m = await document.querySelector(sel).__gongyu;
    return JSON.parse(m.UTF8ToString(m._gongyu_test_snapshot()));
  }, selector);
}

export async function framesRendered(page, selector = '[data-gongyu]') {
  return page.evaluate(async (sel) => (await document.querySelector(sel).__gongyu)._gongyu_frames_rendered(), selector);
}

// Page coordinates of the centre of an item the app reported, waiting for it to appear.
export async function itemCenter(page, id, selector = '[data-gongyu]', timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const snap = await snapshot(page, selector);
    const r = snap.items[id];
    if (r && r[4]) {
      const box = await page.locator(`${selector} canvas`).boundingBox();
      return { x: box.x + r[0] + r[2] / 2, y: box.y + r[1] + r[3] / 2 };
    }
    if (Date.now() > deadline) throw new Error(`item ${id} not shown; have ${Object.keys(snap.items).join(', ')}`);
    await page.waitForTimeout(50);
  }
}

export async function click(page, id, selector) {
  const p = await itemCenter(page, id, selector);
  await page.mouse.click(p.x, p.y);
}

export async function waitValue(page, key, expected, selector, timeout = 10000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = (await snapshot(page, selector)).values[key];
    if (last === expected) return last;
    if (Date.now() > deadline) throw new Error(`value ${key}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(last)}`);
    await page.waitForTimeout(50);
  }
}

// Chromium started as our own child process (so a test can SIGKILL it like a
// crash), driven over CDP. Returns { browser, context, kill }.
export async function spawnBrowser(userDataDir) {
  const { spawn } = await import('node:child_process');
  const child = spawn('/usr/bin/chromium', [
    '--headless=new', ...chromiumArgs, `--user-data-dir=${userDataDir}`, '--remote-debugging-port=0', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });  // its own process group
  const wsUrl = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error('chromium did not start: ' + err)), 30000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  const browser = await chromium.connectOverCDP(wsUrl);
  const exited = new Promise((r) => child.once('exit', r));
  return {
    browser,
    context: browser.contexts()[0],
    // The whole group at once: browser, renderers and GPU process, as a crash would.
    async kill() { process.kill(-child.pid, 'SIGKILL'); await exited; },
    async close() {
      await browser.close().catch(() => {});
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      await exited;
    },
  };
}

// Polls an async page function until it returns true (page.waitForFunction
// does not await a returned promise).
export async function waitUntil(page, fn, arg, timeout = 20000) {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate(fn, arg))) {
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + fn.toString().slice(0, 120));
    await page.waitForTimeout(100);
  }
}

// Frame and glyph-atlas figures; reading them restarts the longest-frame count.
export async function stats(page, selector = '[data-gongyu]') {
  return page.evaluate(async (sel) => {
    const m = await document.querySelector(sel).__gongyu;
    return JSON.parse(m.UTF8ToString(m._gongyu_stats()));
  }, selector);
}

// A phone (360 px wide, touch, pixel ratio 2) with the app open at `url`.
export async function openPhone(browser, url, height = 740) {
  const context = await browser.newContext({ viewport: { width: 360, height }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(url);
  await waitReady(page);
  return { context, page };
}

export async function tap(page, id) {
  const p = await itemCenter(page, id);
  await page.touchscreen.tap(p.x, p.y);
}

// GB 11643 check character, to type a valid ID number.
export function withCheck(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

// Down the sample county's tree to the campus 云集中心学校 (the arrow opens a node), so class names are unambiguous.
export async function openSampleCampus(page) {
  for (const node of ['tree.云集镇', 'tree.云集镇校联体']) {
    const r = (await snapshot(page)).items[node];
    const box = await page.locator('[data-gongyu] canvas').boundingBox();
    await page.mouse.click(box.x + r[0] + 8, box.y + r[1] + r[3] / 2);
    await page.waitForTimeout(150);
  }
  await click(page, 'tree.云集中心学校');
}

// The township's passphrase in tests. Nothing syncs until a device holds the
// township's key: the first device sets it up, the others join, through the
// 同步 screen as a clerk would (the files module does the Argon2id work).
export const townshipPassphrase = '大塘镇共育2026';
export async function unlockTownship(page, { first = false, passphrase = townshipPassphrase } = {}) {
  await click(page, 'nav.sync');
  await click(page, 'keys.passphrase');
  await page.keyboard.insertText(passphrase);
  if (first) {
    await click(page, 'keys.confirm');
    await page.keyboard.insertText(passphrase);
  }
  await click(page, first ? 'keys.setup' : 'keys.join');
  await waitValue(page, 'keys.ready', '1', undefined, 30000);
  if (first) await click(page, 'keys.code_kept');
}

// The glyph benchmark screen (test=1&bench-glyphs=N): clicks its next or previous page button and waits until
// every glyph of the new page is drawn (the loader draws a batch a frame). Returns the frames drawn meanwhile
// as [ImGui frame, ms, of which measuring glyphs, drawing them, compacting the atlas], the time of the first
// frame that showed the page and of the worst, and the figures.
export async function turnGlyphPage(page, button = 'bench.glyphs.next', timeout = 180000) {
  const from = (await snapshot(page)).values['bench.glyphs.page'];
  await stats(page);  // restart the frame list
  const started = Date.now();
  await click(page, button);
  const frames = [];
  let s, values;
  do {
    if (Date.now() - started > timeout) throw new Error(`page ${from}: glyphs still not drawn after ${timeout} ms`);
    await page.waitForTimeout(50);
    s = await stats(page);
    frames.push(...s.recent_frames);
    values = (await snapshot(page)).values;
  } while (values['bench.glyphs.page'] === from || s.glyphs_pending > 0);
  await page.waitForTimeout(200);  // the frames that settle the screen
  s = await stats(page);
  frames.push(...s.recent_frames);
  const shown = Number(values['bench.glyphs.shown_frame']);
  const after = frames.filter(([frame]) => frame >= shown);
  return {
    page: Number(values['bench.glyphs.page']), count: Number(values['bench.glyphs.count']), frames: after,
    first_ms: after.length ? after[0][1] : NaN, worst_ms: Math.max(...after.map(([, ms]) => ms)), stats: s,
  };
}

// Two PNG screenshots decoded and compared in the page's own canvas: how many pixels differ, and how many of
// the first are dark (text on the app's light background: a blank glyph has none).
export async function comparePngs(page, a, b) {
  return page.evaluate(async ([a, b]) => {
    const pixels = async (base64) => {
      const image = new Image();
      image.src = 'data:image/png;base64,' + base64;
      await image.decode();
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      return context.getImageData(0, 0, image.width, image.height).data;
    };
    const pa = await pixels(a), pb = await pixels(b);
    if (pa.length !== pb.length) return { pixels: pa.length / 4, differ: Infinity, dark: 0 };
    let differ = 0, dark = 0;
    for (let i = 0; i < pa.length; i += 4) {
      if (pa[i] !== pb[i] || pa[i + 1] !== pb[i + 1] || pa[i + 2] !== pb[i + 2]) differ++;
      if (pa[i] + pa[i + 1] + pa[i + 2] < 3 * 128) dark++;
    }
    return { pixels: pa.length / 4, differ, dark };
  }, [a.toString('base64'), b.toString('base64')]);
}
