// Idle costs nothing: no frame is drawn while nothing changes; input and data wake the loop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, startServer, waitReady, framesRendered, click, itemCenter, waitValue } from './lib.mjs';

let server, browser;
before(async () => { server = startServer(); browser = await launch(); });
after(async () => { await browser.close(); server.dispose(); });

test('no frames over 5 s of idle; mouse, keyboard and storage completions wake it', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  await page.waitForTimeout(1500);  // let the UI settle (first backend probe answers)
  const settled = await framesRendered(page);
  await page.waitForTimeout(5000);
  const afterIdle = await framesRendered(page);
  console.log(`frames: ${settled} at settle, ${afterIdle - settled} during 5 s idle`);
  assert.equal(afterIdle - settled, 0, 'idle frames');

  const p = await itemCenter(page, 'nav.settings');
  await page.mouse.move(p.x, p.y);
  await page.waitForTimeout(300);
  const afterMove = await framesRendered(page);
  assert.ok(afterMove > afterIdle, 'mouse movement draws frames');

  await click(page, 'nav.settings');
  await click(page, 'settings.device_name');
  await page.keyboard.type('Office PC');
  await page.waitForTimeout(300);
  const typed = await framesRendered(page);
  await page.keyboard.press('Enter');
  // The IndexedDB commit arrives later, as data: it must wake the loop to show 已保存.
  await waitValue(page, 'save_state', '已保存');
  assert.ok((await framesRendered(page)) > typed);

  await page.waitForTimeout(1000);
  const quiet = await framesRendered(page);
  await page.waitForTimeout(3000);
  assert.equal(await framesRendered(page), quiet, 'idle again after the edit');
  await page.close();
});
