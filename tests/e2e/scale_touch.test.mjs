// Older eyes and phones: text size up to 200 %, crisp at every pixel ratio; a finger scrolls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, startServer, waitReady, snapshot, click, itemCenter, waitValue, openPhone, tap, root } from './lib.mjs';

let server, browser;
before(async () => { server = startServer(); browser = await launch(); });
after(async () => { await browser.close(); server.dispose(); });

async function setTextSize(page, percent) {
  await click(page, 'nav.settings');
  const slider = await itemCenter(page, 'settings.text_scale');
  await page.keyboard.down('Control');             // Ctrl+click: type the value
  await page.mouse.click(slider.x, slider.y);
  await page.keyboard.up('Control');
  await page.waitForFunction(() => document.activeElement.classList.contains('gongyu-text-agent'));
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(String(percent));
  await page.keyboard.press('Enter');
  await click(page, 'settings.save');
  await waitValue(page, 'save_state', '已保存');
}

for (const dpr of [1, 1.5, 2]) {
  test(`text size 200 % at devicePixelRatio ${dpr}`, async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, deviceScaleFactor: dpr });
    await page.goto(server.url + '?test=1');
    await waitReady(page);
    const base = Number((await snapshot(page)).values.font_size);
    assert.equal(base, Math.round(16 * dpr));
    await setTextSize(page, 200);
    await waitValue(page, 'font_size', String(Math.round(32 * dpr)));
    await page.screenshot({ path: join(root, 'build', 'screenshots', `text-200-dpr${dpr}.png`) });
    await setTextSize(page, 100);
    await page.close();
  });
}

test('a finger dragged over the content scrolls it (phone)', async () => {
  const { context, page } = await openPhone(browser, server.url + '?test=1', 640);
  await tap(page, 'nav.settings');
  await waitValue(page, 'area', 'settings');
  const before = (await snapshot(page)).items['settings.save'][1];
  const cdp = await context.newCDPSession(page);
  const point = (y) => [{ x: 180, y }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(560) });
  for (let y = 540; y >= 360; y -= 20) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(y) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForTimeout(300);
  const after = (await snapshot(page)).items['settings.save'][1];
  assert.ok(after < before - 100, `content moved up: ${before} -> ${after}`);
  await context.close();
});
