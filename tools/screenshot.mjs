#!/usr/bin/env node
// screenshot.mjs — look at the app as a user would.
//   node tools/screenshot.mjs <url> <out.png> [width height dpr] [area-id]
import { launch, waitReady, click } from '../tests/e2e/lib.mjs';

const [url, out, w = '1280', h = '800', dpr = '1', area] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: +w, height: +h }, deviceScaleFactor: +dpr });
page.on('console', (m) => console.log('console:', m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await waitReady(page);
if (area) await click(page, area);
await page.waitForTimeout(300);
await page.screenshot({ path: out });
await browser.close();
