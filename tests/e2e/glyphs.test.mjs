// Every character renders from the browser's fonts: rare name characters,
// Extension A and B, and a visible box for a character no font has.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, startServer, waitReady, click, stats, root } from './lib.mjs';

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
  } while ((after.glyphs - before.glyphs < 2900 || after.last_frame_ms > 30) && Date.now() - started < 30000);
  return { page, before, after, longest };
}

test('3,000 distinct characters on one screen: batched, no long stall, atlas figure', async () => {
  const { page, before, after, longest } = await paste3000();
  const drawn = after.glyphs - before.glyphs;
  console.log(`3000 characters: ${drawn} glyphs in ${after.glyph_batches - before.glyph_batches} batch(es); ` +
    `longest frame ${longest.toFixed(0)} ms; atlas ${after.atlas_width}x${after.atlas_height} = ${(after.atlas_bytes / 1048576).toFixed(1)} MB`);
  assert.ok(drawn >= 2900, 'nearly all new (a few appear in the UI already)');
  assert.ok(after.glyph_batches - before.glyph_batches <= drawn / 100, 'glyphs are drawn in batches, not one read-back each');
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'glyphs-3000.png') });
  await page.close();
});
