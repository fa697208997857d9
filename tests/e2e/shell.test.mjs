// The app shell in a real browser: navigation, honest placeholders, sizing, pixel ratios.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, startServer, waitReady, snapshot, click, waitValue, root } from './lib.mjs';

const shots = join(root, 'build', 'screenshots');
mkdirSync(shots, { recursive: true });
const AREAS = ['registry', 'survey', 'pairing', 'visits', 'activities', 'requests', 'timetable', 'dashboard', 'sync', 'settings'];
const LABELS = ['登记', '摸底', '结对', '家访', '活动', '诉求', '走教排课', '统计', '同步', '设置'];

let server, browser;
before(async () => { server = startServer(); browser = await launch(); });
after(async () => { await browser.close(); server.dispose(); });

test('every area of the mission is in the navigation and can be opened', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  const snap = await snapshot(page);
  for (const a of AREAS) assert.ok(snap.items['nav.' + a], `navigation has ${a}`);
  for (const a of AREAS) {
    await click(page, 'nav.' + a);
    await waitValue(page, 'area', a);
  }
  await page.screenshot({ path: join(shots, 'shell-settings.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('areas not built yet show an honest notice', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  for (const a of AREAS.filter((x) => !['settings', 'sync', 'registry', 'survey', 'pairing', 'visits', 'requests'].includes(x))) {
    await click(page, 'nav.' + a);
    await page.waitForTimeout(100);
    const s = await snapshot(page);
    assert.equal(s.values.area, a);
    assert.ok(s.items['area.not_built'], `${a} says it is not built`);
  }
  await page.close();
});

test('the string table holds every navigation label', async () => {
  const { readFileSync } = await import('node:fs');
  const strings = readFileSync(join(root, 'src/ui/strings.h'), 'utf8');
  for (const label of LABELS) assert.ok(strings.includes(`"${label}"`), label);
});

for (const dpr of [1, 1.5, 2]) {
  test(`canvas fills its container and is sized for devicePixelRatio ${dpr}`, async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 }, deviceScaleFactor: dpr });
    await page.goto(server.url + '?test=1');
    await waitReady(page);
    const size = () => page.evaluate(() => {
      const c = document.querySelector('canvas');
      return { cssW: c.clientWidth, cssH: c.clientHeight, w: c.width, h: c.height };
    });
    let s = await size();
    assert.equal(s.cssW, 1000);
    assert.equal(s.cssH, 700);
    assert.equal(s.w, Math.floor(1000 * dpr));
    assert.equal(s.h, Math.floor(700 * dpr));
    await click(page, 'nav.settings');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(shots, `shell-dpr${dpr}.png`) });

    await page.setViewportSize({ width: 700, height: 500 });
    await page.waitForFunction(() => document.querySelector('canvas').clientWidth === 700);
    await page.waitForTimeout(200);
    s = await size();
    assert.equal(s.w, Math.floor(700 * dpr));
    assert.equal(s.h, Math.floor(500 * dpr));
    // The UI laid itself out for the new size: the navigation is still clickable.
    await click(page, 'nav.registry');
    await page.waitForTimeout(100);
    assert.equal((await snapshot(page)).values.area, 'registry');
    await page.close();
  });
}

test('a phone-width screen gets the compact navigation without horizontal page scroll', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0);
  await page.screenshot({ path: join(shots, 'shell-phone.png') });
  await page.close();
});
