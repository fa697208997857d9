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
  start();
  return {
    url: `http://127.0.0.1:${port}/`,
    run,
    stop: () => execFileSync(serve, ['stop', join(run, 'nginx')]),
    restart: start,
    dispose() { this.stop(); rmSync(run, { recursive: true, force: true }); },
  };
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
