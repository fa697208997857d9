#!/usr/bin/env node
// atlas.mjs — the glyph atlas under load: a screen of 3,000 new characters,
// then every page of the glyph screen, then a county's student table scrolled
// from top to bottom.
//
//   node tests/bench/atlas.mjs [percent=100] [every=10000]   (after tools/build.sh)
//   DPR=1 or DPR=2 for one pixel ratio (default both); SKIP_COUNTY=1 for parts 1 and 2 only, SKIP_PAGES=1 for part 3.
//
// 1. test=1&bench-glyphs=3000, 1900x1400: going from the empty page 0 to
//    page 1 shows 3,000 characters no frame has drawn (the most common ones
//    of a county's names and the rare ones, 䶮 𠮷 …). Prints the time of the
//    first frame that shows them, the worst frame until all are drawn, the
//    frames that took, and the atlas: texture size in pixels and bytes, the
//    glyphs in it, compactions.
// 2. Every further page (about 27,500 distinct characters in all), then back
//    to page 1: the atlas after each.
// 3. test=1&sample-county=<percent> (123,000 students at 100 %), 1280x900:
//    the student table scrolled with the mouse wheel less than a screen at a
//    time, so every row passes; every <every> rows the atlas figures.
//
// The bound (web_fonts.cpp): the texture never passes 2048x2048, the largest
// size every WebGL 2 device must support, at one byte a pixel = 4 MB (8 MB on
// the GPU as LUMINANCE_ALPHA); while scrolling it is compacted before it
// would pass 2048x1024 = 2 MB.
import { loadavg, cpus } from 'node:os';
import { launch, startServer, waitReady, waitValue, snapshot, stats, itemCenter, turnGlyphPage } from '../e2e/lib.mjs';

const percent = Number(process.argv[2] || 100);
const every = Number(process.argv[3] || 10000);
const server = startServer();
const browser = await launch();
const MB = 1048576;
const bound = 2048 * 2048;  // one byte a pixel (web_fonts.cpp); twice that on the GPU

// Frame times depend on what else the machine is doing: say so with them.
console.log(`${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the start`);
const atlas = (s) => `${s.atlas_width}x${s.atlas_height} = ${(s.atlas_bytes / MB).toFixed(1)} MB, ${s.atlas_glyphs} glyphs in it, ` +
  `${s.atlas_compactions} compactions (${s.atlas_resets} resets)`;

let worstBytes = 0;
const check = (s) => { worstBytes = Math.max(worstBytes, s.atlas_bytes); };

for (const dpr of (process.env.SKIP_PAGES ? [] : process.env.DPR ? [Number(process.env.DPR)] : [1, 2])) {
  const page = await browser.newPage({ viewport: { width: 1900, height: 1400 }, deviceScaleFactor: dpr });
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto(`${server.url}?test=1&bench-glyphs=3000`);
  await waitReady(page, '[data-gongyu]', 120000);
  await page.waitForTimeout(500);
  console.log(`\n== 3,000 new characters on one screen, devicePixelRatio ${dpr}`);
  const start = await stats(page);
  console.log(`before:           atlas ${atlas(start)}`);
  const first = await turnGlyphPage(page);
  check(first.stats);
  console.log(`page 1:           ${first.count} characters; first frame showing them ${first.first_ms.toFixed(0)} ms, ` +
    `worst ${first.worst_ms.toFixed(0)} ms, ${first.frames.length} frames until all drawn ` +
    `(${first.frames.map(([, ms]) => ms.toFixed(0)).join(' ')})`);
  console.log(`                  of which measuring glyphs ${first.frames.map((f) => f[2].toFixed(0)).join(' ')}; ` +
    `drawing them on the canvas and into the atlas ${first.frames.map((f) => f[3].toFixed(0)).join(' ')} ms`);
  console.log(`                  atlas ${atlas(first.stats)}`);
  let worstFirst = 0;
  for (;;) {
    const v = (await snapshot(page)).values;
    if (v['bench.glyphs.page'] === v['bench.glyphs.pages']) break;
    const r = await turnGlyphPage(page);
    check(r.stats);
    worstFirst = Math.max(worstFirst, r.worst_ms);
    console.log(`page ${String(r.page).padEnd(2)} (${String(r.count).padStart(4)}): worst frame ${r.worst_ms.toFixed(0).padStart(4)} ms; atlas ${atlas(r.stats)}`);
  }
  let back;
  while (Number((await snapshot(page)).values['bench.glyphs.page']) > 1) back = await turnGlyphPage(page, 'bench.glyphs.prev');
  check(back.stats);
  console.log(`back on page 1:   atlas ${atlas(back.stats)}`);
  console.log(`every page:       worst frame ${Math.max(worstFirst, first.worst_ms).toFixed(0)} ms; ${back.stats.glyphs} glyphs drawn, ` +
    `${back.stats.missing_glyphs} as boxes (no font has them), ${back.stats.atlas_overflows} frames whose screen did not fit`);
  await page.close();
}

if (!process.env.SKIP_COUNTY) {
  for (const dpr of (process.env.DPR ? [Number(process.env.DPR)] : [1, 2])) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: dpr });
    page.on('pageerror', (e) => console.log('page error:', e.message));
    const started = Date.now();
    await page.goto(`${server.url}?test=1&sample-county=${percent}&township=atlas-${dpr}`);
    await waitReady(page, '[data-gongyu]', 300000);
    await waitValue(page, 'registry.save_state', 'saved', undefined, 600000);
    const rows = Number((await snapshot(page)).values['registry.rows']);
    console.log(`\n== the county's student table scrolled end to end, devicePixelRatio ${dpr}: ${rows} rows ` +
      `(generated and stored in ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    const top = await itemCenter(page, 'registry.first_row');
    const rowHeight = (await snapshot(page)).items['registry.first_row'][3];
    const screenRows = Math.floor((900 - top.y) / rowHeight) - 1;
    const at = { x: top.x, y: top.y + rowHeight * 2 };
    await page.mouse.move(at.x, at.y);
    // Steps of `notches` wheel notches inside the page (a round trip per step would take hours on a loaded
    // machine): each step waits until the app has drawn a frame, so every scroll position is drawn.
    const steps = (count, notches) => page.evaluate(async ([count, notches, at]) => {
      const m = await document.querySelector('[data-gongyu]').__gongyu;
      const read = (f) => JSON.parse(m.UTF8ToString(f()));
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const out = [];
      for (let i = 0; i < count; i++) {
        const drawn = m._gongyu_frames_rendered();
        m.canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: 100 * notches, deltaMode: 0, clientX: at.x, clientY: at.y, bubbles: true, cancelable: true }));
        for (let t = 0; t < 200 && m._gongyu_frames_rendered() === drawn; t++) await frame();
        const s = read(m._gongyu_stats);
        delete s.recent_frames;
        const scroll = Number(read(m._gongyu_test_snapshot).values['registry.scroll']);
        out.push({ scroll, ...s });
        if (scroll >= 0.9999) break;
      }
      return out;
    }, [count, notches, at]);
    // How far one notch moves the table, to move a little less than a screen each step.
    const perNotch = Math.max(1, (await steps(1, 1))[0].scroll * rows);
    const notches = Math.max(1, Math.floor(0.8 * screenRows / perNotch));
    console.log(`wheel: ${perNotch.toFixed(1)} rows a notch, ${screenRows} rows on screen; ${notches} notches a step`);
    const begin = await stats(page);
    console.log(`${'row'.padStart(7)}  ${'glyphs drawn'.padStart(12)}  longest frame  atlas`);
    let next = 0, longest = 0, s = begin, done = 0;
    const t0 = Date.now();
    while (!s.scroll || s.scroll < 0.9999) {
      for (s of await steps(50, notches)) {
        done++;
        check(s);
        longest = Math.max(longest, s.longest_frame_ms);
        if (s.scroll * rows >= next || s.scroll >= 0.9999) {
          console.log(`${String(Math.round(s.scroll * rows)).padStart(7)}  ${String(s.glyphs - begin.glyphs).padStart(12)}  ` +
            `${longest.toFixed(0).padStart(10)} ms  ${atlas(s)}`);
          next += every;
          longest = 0;
        }
      }
    }
    console.log(`scrolled ${rows} rows in ${done} steps, ${((Date.now() - t0) / 1000).toFixed(0)} s; ` +
      `${s.glyphs - begin.glyphs} glyphs drawn (re-draws after resets included), ${s.atlas_overflows} frames whose screen did not fit, ` +
      `wasm heap ${(s.wasm_heap_bytes / MB).toFixed(0)} MB`);
    await page.close();
  }
}

console.log(`\nload average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
console.log(`largest atlas texture seen: ${(worstBytes / MB).toFixed(1)} MB (bound ${(bound / MB).toFixed(0)} MB: 2048x2048, one byte a pixel)` +
  (worstBytes > bound ? ' — OVER THE BOUND' : ''));
await browser.close();
server.dispose();
