#!/usr/bin/env node
// sync_frames.mjs — does a sync round freeze the app? Two browsers and the real nginx.
//
//   node tests/bench/sync_frames.mjs [students = 1000]     (after tools/build.sh)
//
// The office PC imports an .xlsx of <students> new pupils (written by
// openpyxl) through 导入 and syncs them up; a second device, already holding
// the township's key, then receives them in one round. For each round this
// prints how long it took, the frames the app drew meanwhile and the longest
// of them (its own CPU time, gongyu_stats), and the longest task the browser
// saw on the page's main thread (PerformanceObserver 'longtask': anything
// over 50 ms, frames or not: a merge run from a network callback counts too).
// A frame or task over 100 ms is a stutter a user notices; the design's
// budget is that sync never freezes the UI.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  launchPersistent, startServer, tempDir, openSyncDevice, openSampleCampus, click, waitValue, snapshot, stats, syncNow,
} from '../e2e/lib.mjs';

const students = Number(process.argv[2] || 1000);
const server = startServer();
const profiles = [tempDir(), tempDir()];
const contexts = [];
const value = async (page, key) => (await snapshot(page)).values[key];

// Long tasks from now on, gathered in the page.
const watchLongTasks = (page) => page.evaluate(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
});
const longTasks = (page) => page.evaluate(() => window.__longTasks);

async function measuredRound(page, label) {
  await click(page, 'nav.sync');
  await page.waitForTimeout(500);
  await watchLongTasks(page);
  const before = (await stats(page)).frames;  // (reading restarts the longest-frame count)
  const t0 = Date.now();
  const received = await syncNow(page, 600000);
  const ms = Date.now() - t0;
  await page.waitForTimeout(300);  // the frame after the round
  const s = await stats(page);
  const tasks = await longTasks(page);
  const longest = tasks.length ? Math.max(...tasks) : 0;
  console.log(`${label.padEnd(34)} ${String(ms).padStart(6)} ms, received ${String(received).padStart(5)}; ` +
    `${s.frames - before} frames, longest ${s.longest_frame_ms.toFixed(0)} ms; ` +
    `${tasks.length} tasks over 50 ms on the main thread, longest ${longest.toFixed(0)} ms`);
}

try {
  for (const p of profiles) contexts.push(await launchPersistent(p, { viewport: { width: 1280, height: 800 } }));
  const office = await openSyncDevice(contexts[0], server.url);
  const phone = await openSyncDevice(contexts[1], server.url);
  await syncNow(office, 120000);
  await syncNow(phone, 120000);

  await click(office, 'nav.registry');
  const before = Number(await value(office, 'registry.students'));
  await openSampleCampus(office);
  const file = join(profiles[0], '新生名单.xlsx');
  execFileSync('/usr/bin/python3', ['-c', `
import datetime, sys, openpyxl
surnames, given = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', '子涵浩然欣怡梓轩雨桐宇航思源一诺佳怡俊杰'
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '新生'
ws.append(['学生姓名', '性别', '身份证号码', '所在班级', '出生日期'])
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
for i in range(int(sys.argv[2])):
    born = datetime.date(2016, 1, 1) + datetime.timedelta(days=i % 700)
    first17 = '430422' + born.strftime('%Y%m%d') + '%03d' % (i % 1000)
    idn = first17 + '10X98765432'[sum(int(d) * w[k] for k, d in enumerate(first17)) % 11]
    name = surnames[i % len(surnames)] + given[(i * 7) % len(given)] + given[(i * 3 + 1) % len(given)]
    ws.append([name, '男' if int(first17[16]) % 2 else '女', idn, '1年级1班', born])
wb.save(sys.argv[1])
`, file, String(students)]);
  const chooser = office.waitForEvent('filechooser');
  await click(office, 'registry.import');
  await (await chooser).setFiles(file);
  await waitValue(office, 'import.valid', String(students), undefined, 120000);
  await click(office, 'import.accept');
  const settled = async (page) => {  // the registry's count once it stops moving
    for (let last = -1; ;) {
      await page.waitForTimeout(1000);
      const now = Number(await value(page, 'registry.students'));
      if (now === last && now > before) return now;
      last = now;
    }
  };
  const after = await settled(office);
  console.log(`${after - before} of ${students} rows imported on the office PC (the rest matched pupils already there)`);

  await measuredRound(office, 'office PC sends them');
  await measuredRound(phone, 'second device receives them');
  await click(phone, 'nav.registry');
  await waitValue(phone, 'registry.students', String(after), undefined, 60000);
} finally {
  for (const c of contexts) await c.close();
  server.dispose();
  for (const p of profiles) rmSync(p, { recursive: true, force: true, maxRetries: 5 });
}
