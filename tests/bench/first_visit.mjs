#!/usr/bin/env node
// first_visit.mjs — the first visit over a poor link, and the offline warm start.
//
//   node tests/bench/first_visit.mjs        (after tools/build.sh)
//
// Serves build/dist with the project's nginx, loads it in headless Chromium
// with CDP network emulation and prints, per link profile: bytes transferred
// (compressed, as on the wire), time to the first visible progress (first
// contentful paint), time to the first usable frame (the app's first drawn
// frame), and then the warm start with the server stopped (service worker).
import { launch, startServer, waitReady } from '../e2e/lib.mjs';

const PROFILES = [
  { name: '400 kbit/s, 400 ms RTT', kbit: 400, rtt: 400, budget: { bytes: 450 * 1024, progress: 1500, usable: 12000 } },
  { name: '2 Mbit/s, 100 ms RTT', kbit: 2000, rtt: 100, budget: { bytes: 450 * 1024, usable: 3000 } },
];
const WARM_BUDGET_MS = 1000;

async function measure(browser, url, profile) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.rtt,
    downloadThroughput: (profile.kbit * 1000) / 8,
    uploadThroughput: (profile.kbit * 1000) / 8,
  });
  let bytes = 0;
  const files = [];
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    files.push([urls.get(e.requestId), e.encodedDataLength]);
  });
  await page.goto(url, { waitUntil: 'commit' });
  await waitReady(page, '[data-gongyu]', 120000);
  const t = await page.evaluate(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const ready = performance.getEntriesByName('gongyu-ready')[0];
    return { progress: paint ? paint.startTime : NaN, usable: ready.startTime };
  });
  // Let the service worker finish caching the shell (its bytes are not part of the first view).
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120000 });
  const firstViewBytes = bytes;
  return { context, page, cdp, t, firstViewBytes, files };
}

async function warmStart(page, cdp, server) {
  server.stop();
  await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.reload({ waitUntil: 'commit' });
  await waitReady(page, '[data-gongyu]', 30000);
  const ms = await page.evaluate(() => performance.getEntriesByName('gongyu-ready')[0].startTime);
  server.restart();
  return ms;
}

const verdict = (value, budget) => (budget === undefined ? '' : value <= budget ? '  (budget ' + budget + ': ok)' : '  (budget ' + budget + ': MISSED)');

const browser = await launch();
const server = startServer();
let missed = 0;
for (const profile of PROFILES) {
  const r = await measure(browser, server.url, profile);
  const kb = r.firstViewBytes / 1024;
  console.log(`\n== first visit at ${profile.name}`);
  for (const [u, n] of r.files) console.log(`   ${(n / 1024).toFixed(1).padStart(7)} KB  ${new URL(u).pathname}`);
  console.log(`bytes transferred (compressed): ${kb.toFixed(1)} KB${verdict(r.firstViewBytes, profile.budget.bytes).replace(/\d+(?=:)/, (b) => (b / 1024).toFixed(0) + ' KB')}`);
  console.log(`progress visible:               ${r.t.progress.toFixed(0)} ms${verdict(r.t.progress, profile.budget.progress)}`);
  console.log(`first usable frame:             ${r.t.usable.toFixed(0)} ms${verdict(r.t.usable, profile.budget.usable)}`);
  missed += r.firstViewBytes > profile.budget.bytes;
  missed += profile.budget.progress !== undefined && r.t.progress > profile.budget.progress;
  missed += r.t.usable > profile.budget.usable;
  const warm = await warmStart(r.page, r.cdp, server);
  console.log(`offline warm start:             ${warm.toFixed(0)} ms${verdict(warm, WARM_BUDGET_MS)}`);
  missed += warm > WARM_BUDGET_MS;
  await r.context.close();
}
await browser.close();
server.dispose();
console.log(missed ? `\n${missed} figure(s) over budget` : '\nall figures within budget');
