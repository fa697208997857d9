// Every character renders from the browser's fonts: rare name characters,
// Extension A and B, and a visible box for a character no font has.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, startServer, waitReady, click, stats, root, snapshot, turnGlyphPage, comparePngs } from './lib.mjs';

let server, browser;
before(async () => { server = startServer(); browser = await launch(); });
after(async () => { await browser.close(); server.dispose(); });

test('rare characters, Ext A, Ext B and an unknown character all draw something', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  await click(page, 'nav.settings');
  await click(page, 'settings.glyph_check');
  const before = await stats(page);
  const cdp = await page.context().newCDPSession(page);
  // The hint above the field already shows 祜 堃 琤 䶮 𠮷; these are new: 淼 犇, 㐀 䶵 (Ext A),
  // 𠀀 𪜶 (Ext B, surrogate pairs in JS), U+30000 (Ext G: no font here has it; drawn as a box).
  await cdp.send('Input.insertText', { text: '淼犇㐀䶵𠀀𪜶\u{30000}' });
  await page.waitForTimeout(300);
  const after = await stats(page);
  assert.equal(after.glyphs - before.glyphs, 7, 'seven new glyphs, each with ink');
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'glyphs-rare.png') });
  await page.close();
});

// Pastes 3,000 new characters into the glyph check field; returns the figures once drawn (or after 30 s).
async function paste3000() {
  const page = await browser.newPage({ viewport: { width: 1900, height: 1400 } });
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  await click(page, 'nav.settings');
  await click(page, 'settings.glyph_check');
  let text = '';
  for (let i = 0; i < 3000; i++) text += String.fromCodePoint(0x4E00 + i * 7) + (i % 100 === 99 ? '\n' : '');
  const cdp = await page.context().newCDPSession(page);
  await stats(page);  // restart the longest-frame count
  const before = await stats(page);
  const started = Date.now();
  await cdp.send('Input.insertText', { text });
  let after, longest = 0;
  do {
    await page.waitForTimeout(50);
    after = await stats(page);
    longest = Math.max(longest, after.longest_frame_ms);
  } while ((after.glyphs - before.glyphs < 2900 || after.glyphs_settling || after.last_frame_ms > 30) && Date.now() - started < 30000);
  return { page, before, after, longest };
}

test('3,000 distinct characters on one screen: batched, no long stall, atlas figure', async () => {
  const { page, before, after, longest } = await paste3000();
  const drawn = after.glyphs - before.glyphs;
  console.log(`3000 characters: ${drawn} glyphs in ${after.glyph_batches - before.glyph_batches} batch(es); ` +
    `longest frame ${longest.toFixed(0)} ms; atlas ${after.atlas_width}x${after.atlas_height} = ${(after.atlas_bytes / 1048576).toFixed(1)} MB`);
  assert.ok(drawn >= 2900, 'nearly all new (a few appear in the UI already)');
  // Batches are sized to a frame budget (web_fonts.cpp), never fewer than 96 glyphs.
  assert.ok(after.glyph_batches - before.glyph_batches <= Math.ceil(drawn / 96), 'glyphs are drawn in batches, not one read-back each');
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'glyphs-3000.png') });
  await page.close();
});

// The atlas is bounded (web_fonts.cpp): at most 2048x2048, one byte a pixel; past its limit every glyph is dropped and the
// screen drawn again. Three pages of 3,000 distinct characters pass that limit at devicePixelRatio 1; page 1,
// shown again after the reset, must look exactly as it did the first time (no blank or foreign glyphs).
test('the atlas stays within 2048x2048 through 9,000 distinct characters; glyphs drawn again after a reset are the same', async () => {
  const page = await browser.newPage({ viewport: { width: 1900, height: 1400 } });
  await page.goto(server.url + '?test=1&bench-glyphs=3000');
  await waitReady(page);
  const shots = join(root, 'build', 'screenshots');
  const within = (s) => {
    assert.ok(s.atlas_width <= 2048 && s.atlas_height <= 2048, `atlas ${s.atlas_width}x${s.atlas_height}`);
    assert.ok(s.atlas_bytes <= 4 * 1048576, `atlas ${s.atlas_bytes} bytes`);
    assert.equal(s.atlas_overflows, 0, 'every screen fitted');
  };
  const first = await turnGlyphPage(page);
  assert.equal(first.count, 3000);
  assert.equal(first.stats.atlas_resets, 0, 'page 1 fits without a reset');
  within(first.stats);
  // The characters only: the status line's clock and the hovered button change meanwhile.
  const items = (await snapshot(page)).items;
  const [top, bottom] = [items['bench.glyphs.first_line'], items['bench.glyphs.last_line']];
  const clip = { x: top[0], y: top[1], width: top[2], height: bottom[1] + bottom[3] - top[1] };
  await page.screenshot({ path: join(shots, 'atlas-page1-before.png') });
  const textBefore = await page.screenshot({ clip });
  let last = first;
  for (let p = 2; p <= 3; p++) {
    last = await turnGlyphPage(page);
    assert.equal(last.page, p);
    within(last.stats);
  }
  assert.ok(last.stats.atlas_resets >= 1, 'the atlas passed its limit and was emptied');
  await page.screenshot({ path: join(shots, 'atlas-page3.png') });
  for (let p = 2; p >= 1; p--) last = await turnGlyphPage(page, 'bench.glyphs.prev');
  within(last.stats);
  assert.ok(last.stats.glyphs - first.stats.glyphs >= 2 * 2900 + 2900, 'page 1 was drawn again, not kept');
  await page.screenshot({ path: join(shots, 'atlas-page1-after.png') });
  const text = await comparePngs(page, textBefore, await page.screenshot({ clip }));
  assert.equal(text.differ, 0, `${text.differ} of ${text.pixels} pixels differ after the reset`);
  assert.ok(text.dark > text.pixels / 20, `the characters have ink: ${text.dark} dark pixels of ${text.pixels}`);
  console.log(`atlas after 9,000 characters and back: ${last.stats.atlas_width}x${last.stats.atlas_height}, ` +
    `${last.stats.atlas_compactions} compactions, ${last.stats.atlas_resets} resets; page 1 identical (${text.pixels} pixels)`);
  await page.close();
});
