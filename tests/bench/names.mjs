#!/usr/bin/env node
// names.mjs — a county's names in the browser: load, pinyin search, scrolling, memory.
//
//   node tests/bench/names.mjs [count=123000]     (after tools/build.sh)
//
// Opens the app's name-list test screen (test=1&bench-names=N: synthetic names,
// sorted by pinyin, searchable, in a virtualized table) in headless Chromium,
// prints the time to build it, the time of pinyin searches on the full list,
// the frame times while scrolling it end to end, and the glyph atlas and wasm
// heap sizes. Budgets (design.md): search ≤ 16 ms, memory ≤ 300 MB.
import { launch, startServer, waitReady, snapshot, stats, click, itemCenter } from '../e2e/lib.mjs';

const count = Number(process.argv[2] || 123000);
const server = startServer();
const browser = await launch();

async function value(page, key) { return (await snapshot(page)).values[key]; }

for (const dpr of (process.env.DPR ? [Number(process.env.DPR)] : [1, 2])) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: dpr });
  page.on('crash', () => console.log('the page crashed'));
  page.on('pageerror', (e) => console.log('page error:', e.message));
  const started = Date.now();
  await page.goto(`${server.url}?test=1&bench-names=${count}`);
  await waitReady(page, '[data-gongyu]', 120000);
  console.log(`\n== ${count} names, devicePixelRatio ${dpr}`);
  console.log(`page open to first frame:  ${Date.now() - started} ms (generate + index + sort: ${Number(await value(page, 'bench.load_ms')).toFixed(0)} ms)`);
  await click(page, 'bench.query');
  const cdp = await page.context().newCDPSession(page);
  for (const q of ['zs', 'lzh', 'liuzihan', 'ouyang', '张', 'l']) {
    await page.keyboard.press('Control+A');
    await cdp.send('Input.insertText', { text: q });
    let rows;
    for (let i = 0; i < 100; i++) {
      await page.waitForTimeout(20);
      if ((await snapshot(page)).values['bench.rows'] !== rows && i > 2) break;
    }
    rows = await value(page, 'bench.rows');
    console.log(`search ${q.padEnd(9)} ${Number(await value(page, 'bench.search_ms')).toFixed(2).padStart(7)} ms  ${rows} names`);
  }
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.waitForTimeout(300);

  const table = await itemCenter(page, 'bench.table');
  await page.mouse.move(table.x, table.y);
  await stats(page);  // restart the longest-frame count
  let longest = 0, frames = 0, largestAtlas = 0;
  const before = await stats(page);
  for (let i = 0; i < 6000 && Number(await value(page, 'bench.scroll')) < 0.999; i++) {
    await page.mouse.wheel(0, 2500);  // about a screen at a time: every name passes by
    await page.waitForTimeout(16);
    const s = await stats(page);
    longest = Math.max(longest, s.longest_frame_ms);
    largestAtlas = Math.max(largestAtlas, s.atlas_bytes);
  }
  const after = await stats(page);
  frames = after.frames - before.frames;
  console.log(`scrolled to the end:       ${frames} frames, longest ${longest.toFixed(1)} ms, scroll ${Number(await value(page, 'bench.scroll')).toFixed(3)}`);
  console.log(`glyph atlas:               ${after.atlas_width}x${after.atlas_height} = ${(after.atlas_bytes / 1048576).toFixed(1)} MB now, ` +
    `largest ${(largestAtlas / 1048576).toFixed(0)} MB; ${after.glyphs} glyphs drawn`);
  console.log(`wasm heap:                 ${(after.wasm_heap_bytes / 1048576).toFixed(0)} MB`);
  const js = await page.evaluate(() => performance.memory ? performance.memory.usedJSHeapSize : 0);
  console.log(`JS heap used:              ${(js / 1048576).toFixed(0)} MB`);
  await page.close();
}
await browser.close();
server.dispose();
