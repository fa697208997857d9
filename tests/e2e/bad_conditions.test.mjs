// Bad input and bad conditions: no WebGL2, an unreachable backend, a damaged
// local store, a bad embed attribute. Each gets a clear Chinese message and the
// app still starts; nothing stored is thrown away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, startServer, waitReady, waitUntil, snapshot, click, waitValue } from './lib.mjs';

let server, browser;
before(async () => { server = startServer(); browser = await launch(); });
after(async () => { await browser.close(); server.dispose(); });

test('a browser without WebGL2 gets a Chinese message, not a blank canvas', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return type === 'webgl2' ? null : original.call(this, type, ...rest);
    };
  });
  const page = await context.newPage();
  await page.goto(server.url);
  const message = page.locator('[data-gongyu-message="no-webgl2"]');
  await message.waitFor();
  assert.match(await message.textContent(), /不支持 WebGL2/);
  assert.equal(await page.locator('[data-gongyu] canvas').count(), 0);
  assert.equal(await page.locator('.gongyu-progress').count(), 0, 'no endless "loading"');
  await context.close();
});

test('an unreachable backend leaves the app usable with a visible offline status', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + '?test=1&backend=http://127.0.0.1:9/store/');
  await waitReady(page);
  await waitValue(page, 'backend', 'offline');
  await click(page, 'nav.settings');
  await click(page, 'settings.device_name');
  await page.keyboard.type('Still works');
  await page.keyboard.press('Enter');
  await waitValue(page, 'save_state', '已保存');
  await page.close();
});

test('a damaged local store gets a clear message, the app starts, and the damaged data is kept', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  // Damage the stored settings behind the app's back, as a failing disk or a bad extension might.
  await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('gongyu:default', 1);
    open.onsuccess = () => {
      const tx = open.result.transaction('kv', 'readwrite');
      tx.objectStore('kv').put('{"format":"gongyu.settings","version":1,"device_na\u0000\uFFFD', 'settings');
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }));
  await page.reload();
  await waitReady(page);
  const problem = (await snapshot(page)).values.problem;
  assert.match(problem, /已损坏/);
  assert.match(problem, /另存备份/);
  // Usable: navigate and save.
  await click(page, 'nav.settings');
  await waitValue(page, 'area', 'settings');
  // The damaged bytes were copied aside, not deleted.
  await waitUntil(page, () => new Promise((resolve) => {
    const open = indexedDB.open('gongyu:default', 1);
    open.onsuccess = () => {
      const req = open.result.transaction('kv').objectStore('kv').getAllKeys();
      req.onsuccess = () => { open.result.close(); resolve(req.result.some((k) => k.startsWith('quarantine/settings/'))); };
    };
  }));
  await click(page, 'problem.dismiss');
  await page.waitForTimeout(200);
  assert.equal((await snapshot(page)).values.problem, undefined);
  await context.close();
});

test('a bad embed attribute is reported and the default kept', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + '?test=1&role=superuser');
  await waitReady(page);
  const values = (await snapshot(page)).values;
  assert.match(values.problem, /role/);
  assert.match(values.problem, /无效/);
  assert.equal(values.role, 'clerk');
  await page.close();
});
