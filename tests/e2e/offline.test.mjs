// Offline shell: after one visit the app opens with the server gone; a new build is picked up on a later visit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launch, startServer, tempDir, waitReady, waitUntil, click, waitValue, root } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function firstVisit(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await waitReady(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  return page;
}

test('after one visit the app opens and works with the server stopped', async () => {
  const server = startServer();
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await firstVisit(context, server.url + '?test=1');
  server.stop();
  await assert.rejects(fetch(server.url), 'the server is really gone');

  const started = Date.now();
  await page.reload();
  await waitReady(page);
  console.log(`offline reload to first usable frame: ${Date.now() - started} ms`);
  await click(page, 'nav.settings');
  await waitValue(page, 'area', 'settings');
  await waitValue(page, 'backend', 'offline');
  await click(page, 'settings.device_name');
  await page.keyboard.type('Offline edit');
  await page.keyboard.press('Enter');
  await waitValue(page, 'save_state', '已保存');
  await context.close();
  server.dispose();
});

test('a new build is used on a later visit without clearing any cache', async () => {
  const server = startServer();
  const port = new URL(server.url).port;
  const context = await browser.newContext();
  const page = await firstVisit(context, server.url);
  const oldVersion = await page.evaluate(() => window.Gongyu.version);

  // Deploy a second build at the same address.
  const dist2 = tempDir('gongyu-dist2-');
  execFileSync('node', [join(root, 'tools/package.mjs'), join(root, 'build/web'), dist2],
    { env: { ...process.env, GONGYU_BUILD_LABEL: 'update-test' } });
  const newVersion = JSON.parse(readFileSync(join(dist2, 'build.json'), 'utf8')).version;
  assert.notEqual(newVersion, oldVersion);
  server.stop();
  const server2 = startServer({ folder: dist2, port: Number(port) });

  await page.reload();  // served from the cache at once; the browser checks sw.js meanwhile
  await waitReady(page);
  await waitUntil(page, async (v) => {
    const keys = await caches.keys();
    const registration = await navigator.serviceWorker.getRegistration();
    return keys.includes('gongyu-shell-' + v) && keys.length === 1 && registration.active.state === 'activated';
  }, newVersion);
  await page.reload();
  await waitReady(page);
  assert.equal(await page.evaluate(() => window.Gongyu.version), newVersion);
  await context.close();
  server2.dispose();
  server.dispose();
  rmSync(dist2, { recursive: true, force: true });
});
