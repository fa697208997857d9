// Embedding in a county portal: a div snippet and an iframe, sized to their
// containers, configured by attributes, taking no focus or scroll until clicked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { launch, startServer, tempDir, waitReady, snapshot, itemCenter, dist, root } from './lib.mjs';

const DIV = '#gongyu-div';
let server, browser, page;

before(async () => {
  const site = tempDir('gongyu-portal-');
  symlinkSync(dist, join(site, 'gongyu'));
  copyFileSync(join(root, 'tests/portal/portal.html'), join(site, 'portal.html'));
  server = startServer({ folder: site });
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(server.url + 'portal.html');
  await waitReady(page, DIV);
});
after(async () => { await browser.close(); server.dispose(); });

test('the div snippet reads its data attributes', async () => {
  const values = (await snapshot(page, DIV)).values;
  assert.equal(values.township, '430422105');
  assert.equal(values.role, 'school');
});

test('the app fills its container and follows its size', async () => {
  const size = () => page.evaluate((sel) => {
    const box = document.querySelector(sel), c = box.querySelector('canvas');
    return { boxW: box.clientWidth, boxH: box.clientHeight, cssW: c.clientWidth, cssH: c.clientHeight, w: c.width, h: c.height };
  }, DIV);
  let s = await size();
  assert.equal(s.cssW, s.boxW);
  assert.equal(s.cssH, s.boxH);
  assert.equal(s.w, s.boxW);
  await page.evaluate((sel) => { document.querySelector(sel).style.height = '380px'; }, DIV);
  await page.waitForFunction((sel) => document.querySelector(sel + ' canvas').height === 380, DIV);
  s = await size();
  assert.equal(s.cssH, 380);
});

test('the page keeps keyboard focus and wheel scrolling until the user clicks into the app', async () => {
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'BODY');
  await page.click('#portal-search');
  await page.keyboard.type('家访 abc');
  assert.equal(await page.inputValue('#portal-search'), '家访 abc');

  await page.evaluate((sel) => document.querySelector(sel).scrollIntoView({ block: 'center' }), DIV);
  const box = await page.locator(`${DIV} canvas`).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const before = await page.evaluate(() => scrollY);
  await page.mouse.wheel(0, 200);
  await page.waitForFunction((y) => scrollY > y, before);

  // Now the user clicks into the app: it takes focus and the wheel.
  const nav = await itemCenter(page, 'nav.registry', DIV);
  await page.mouse.click(nav.x, nav.y);
  assert.equal(await page.evaluate((sel) => document.activeElement === document.querySelector(sel + ' canvas'), DIV), true);
  const y0 = await page.evaluate(() => scrollY);
  await page.mouse.wheel(0, 200);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => scrollY), y0, 'wheel over the focused app does not scroll the page');

  // And a click back on the page gives focus back.
  await page.click('#portal-search');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'portal-search');
});

test('the iframe variant reads its URL parameters and does not take focus', async () => {
  const frame = page.frame({ url: /\/gongyu\/index\.html/ });
  assert.ok(frame);
  await waitReady(frame);
  const values = (await snapshot(frame)).values;
  assert.equal(values.township, '430422106');
  assert.equal(values.role, 'teacher');
  assert.notEqual(await page.evaluate(() => document.activeElement.tagName), 'IFRAME');
  const allow = await page.getAttribute('#gongyu-iframe', 'allow');
  assert.match(allow, /clipboard-read/);
});

test('inside the iframe embed, copy and paste reach the system clipboard', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  const portal = await context.newPage();
  await portal.goto(server.url + 'portal.html');
  const frame = portal.frame({ url: /\/gongyu\/index\.html/ });
  await waitReady(frame);
  await portal.evaluate(() => document.querySelector('#gongyu-iframe').scrollIntoView({ block: 'center' }));
  const frameBox = await portal.locator('#gongyu-iframe').boundingBox();
  const at = async (id) => {
    const r = (await snapshot(frame)).items[id];
    const canvas = await frame.locator('canvas').boundingBox();
    return { x: canvas.x + r[0] + r[2] / 2, y: canvas.y + r[1] + r[3] / 2 };
  };
  assert.ok(frameBox);
  let p = await at('nav.settings');
  await portal.mouse.click(p.x, p.y);
  await portal.waitForTimeout(200);
  p = await at('settings.device_name');
  await portal.mouse.click(p.x, p.y);
  await frame.waitForFunction(() => document.activeElement.classList.contains('gongyu-text-agent'));
  await portal.keyboard.insertText('衡南县𠮷村');
  await portal.keyboard.press('Control+A');
  await portal.keyboard.press('Control+C');
  let copied = '';
  for (let i = 0; i < 50 && copied !== '衡南县𠮷村'; i++) {
    copied = await portal.evaluate(() => navigator.clipboard.readText());
    await portal.waitForTimeout(50);
  }
  assert.equal(copied, '衡南县𠮷村');
  await portal.evaluate(() => navigator.clipboard.writeText('祜堃琤'));
  await portal.keyboard.press('Control+A');
  await portal.keyboard.press('Control+V');
  await portal.keyboard.press('Enter');
  for (let i = 0; i < 50 && (await snapshot(frame)).values['settings.device_name'] !== '祜堃琤'; i++) await portal.waitForTimeout(50);
  assert.equal((await snapshot(frame)).values['settings.device_name'], '祜堃琤');
  await context.close();
});
