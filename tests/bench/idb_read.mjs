#!/usr/bin/env node
// idb_read.mjs — how fast Chromium's IndexedDB hands back a county-sized store, with nothing else running.
//
//   node tests/bench/idb_read.mjs [record KB, comma-separated = 384,60] [total MB = 40]
//
// For each record size: a fresh persistent profile is filled with <total> MB
// of byte arrays under keys like the ledger's buckets ("ledger/snap/…"), the
// browser is closed, then reopened three times; each time the page opens the
// database and reads every record with getAll over ranges of ~3 MB, as
// web/pre.js does. Prints the time to open, to the first batch and to all of it.
// Compare with tests/bench/county.mjs, where the app's registry (18 MB of it)
// arrives much later: the difference is not IndexedDB's own reading.
import { rmSync } from 'node:fs';
import { launchPersistent, startServer, tempDir } from '../e2e/lib.mjs';

const sizes = (process.argv[2] || '384,60').split(',').map((kb) => Number(kb) * 1024);
const totalMb = Number(process.argv[3] || 40);
const server = startServer();

async function fill(page, size) {
  await page.evaluate(async ([size, totalMb]) => {
    const n = Math.ceil(totalMb * 1048576 / size);
    const db = await new Promise((res) => { const o = indexedDB.open('bench', 1); o.onupgradeneeded = () => o.result.createObjectStore('kv'); o.onsuccess = () => res(o.result); });
    const line = '4a2b3c.5d\t张三丰\t女\t2015-03-01\t430422201503011234\t13807301234\t石桥村三组\t留守\n';
    const text = line.repeat(Math.ceil(size / line.length));
    const bytes = new TextEncoder().encode(text).slice(0, size);
    await new Promise((res) => {
      const tx = db.transaction('kv', 'readwrite');
      for (let i = 0; i < n; i++) tx.objectStore('kv').put(bytes.slice(), 'ledger/snap/student/' + String(i).padStart(4, '0'));
      tx.oncomplete = res;
    });
    db.close();
  }, [size, totalMb]);
}

async function read(page, size) {
  return page.evaluate(async (size) => {
    const t0 = performance.now();
    const db = await new Promise((res) => { const o = indexedDB.open('bench', 1); o.onsuccess = () => res(o.result); });
    const opened = performance.now() - t0;
    let first = 0;
    const bytes = await new Promise((res) => {
      const kv = db.transaction('kv', 'readonly').objectStore('kv');
      const keys = kv.getAllKeys();
      keys.onsuccess = () => {
        const names = keys.result, per = Math.max(1, Math.round(3 * 1048576 / size));
        let total = 0, left = 0;
        for (let i = 0; i < names.length; i += per) {
          left++;
          const got = kv.getAll(IDBKeyRange.bound(names[i], names[Math.min(names.length, i + per) - 1]));
          got.onsuccess = () => {
            if (!first) first = performance.now() - t0;
            for (const v of got.result) total += v.byteLength;
            if (--left === 0) res(total);
          };
        }
      };
    });
    return { opened, first, all: performance.now() - t0, mb: bytes / 1048576 };
  }, size);
}

for (const size of sizes) {
  const profile = tempDir('gongyu-idb-');
  let context = await launchPersistent(profile);
  let page = await context.newPage();
  await page.goto(server.url + 'embed.js');  // any page of the app's origin
  await fill(page, size);
  await context.close();
  for (let run = 0; run < 3; run++) {
    context = await launchPersistent(profile);
    page = await context.newPage();
    await page.goto(server.url + 'embed.js');
    const r = await read(page, size);
    console.log(`records of ${String(size / 1024).padStart(3)} KB, reopened (${run + 1}): open ${r.opened.toFixed(0)} ms, ` +
      `first batch ${r.first.toFixed(0)} ms, all ${r.mb.toFixed(1)} MB in ${r.all.toFixed(0)} ms`);
    await context.close();
  }
  rmSync(profile, { recursive: true, force: true });
}
server.stop();
