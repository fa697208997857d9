// 县级汇总 in real browsers through nginx: the county sets up its key pair
// (role=county), a township device whose portal page carries the county's
// public key (data-county-key) syncs and sends its figures sealed for it, and
// a second county browser unlocks the key with the passphrase and sees them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  launchPersistent, startServer, tempDir, ensureTownshipKeys, syncNow, click, snapshot, waitReady, root, syncTownship, syncUrl,
} from './lib.mjs';

const countyPassphrase = '衡南县教育局2026';
let server;
before(() => { server = startServer(); });
after(() => server.dispose());

async function values(page) { return (await snapshot(page)).values; }

async function waitFor(page, what, ok, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await values(page);
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(what + ': ' + JSON.stringify(v));
    await page.waitForTimeout(100);
  }
}

async function openCounty(context) {
  const page = await context.newPage();
  await page.goto(`${server.url}?test=1&role=county`);
  await waitReady(page);
  return page;
}

async function typeInto(page, id, text) {
  await click(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

test('the county sets up its key, a township sends its figures sealed for it, another county browser unlocks and sees them', async () => {
  const contexts = await Promise.all([0, 1, 2].map(() => launchPersistent(tempDir(), { viewport: { width: 1280, height: 800 } })));
  const county = await openCounty(contexts[0]);
  assert.equal((await values(county)).area, 'dashboard');
  await typeInto(county, 'keys.passphrase', countyPassphrase);
  await typeInto(county, 'keys.confirm', countyPassphrase);
  await click(county, 'keys.setup');
  let v = await waitFor(county, 'county key set up', (s) => s['keys.ready'] === '1' && s['county.public_key']);
  assert.match(v['keys.recovery_code'], /^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
  const publicKey = v['county.public_key'];
  assert.match(publicKey, /^[0-9a-f]{64}$/);
  const keyFile = join(server.run, 'store', 'county', 'county.gyk');
  assert.ok(existsSync(keyFile) && !readFileSync(keyFile).includes(countyPassphrase));
  await click(county, 'keys.code_kept');

  // A township device on a portal page that carries the county's public key.
  const township = await contexts[1].newPage();
  await township.goto(`${syncUrl(server.url)}&county-key=${publicKey}`);
  await waitReady(township);
  await ensureTownshipKeys(township);
  await syncNow(township);
  const aggregates = join(server.run, 'store', syncTownship, 'aggregates');
  const deadline = Date.now() + 20000;
  while (!(existsSync(aggregates) && readdirSync(aggregates).length)) {
    if (Date.now() > deadline) throw new Error('no figures sent');
    await township.waitForTimeout(100);
  }
  const sealed = readFileSync(join(aggregates, readdirSync(aggregates)[0]));
  assert.ok(sealed.subarray(0, 4).toString() === 'GYB1' && !sealed.includes('special'), 'figures sealed');

  // Another county PC: a wrong passphrase changes nothing, the right one shows the figures.
  const second = await openCounty(contexts[2]);
  await typeInto(second, 'keys.passphrase', '衡南县教育局2025');
  await click(second, 'keys.join');
  v = await waitFor(second, 'wrong passphrase answered', (s) => s['keys.busy'] === '0' && s['keys.message']);
  assert.equal(v['keys.message'], '密码或恢复码不对，请再试一次。本机数据没有任何改动。');
  assert.equal(v['county.ready'], '0');
  await typeInto(second, 'keys.passphrase', countyPassphrase);
  await click(second, 'keys.join');
  v = await waitFor(second, 'figures shown', (s) => s['county.public_key'] && s['county.table']);
  assert.equal(v['county.public_key'], publicKey);
  assert.equal(v['county.problems'], '');
  const lines = v['county.table'].trim().split('\n');
  assert.equal(lines.length, 3, v['county.table']);
  assert.ok(lines[0].startsWith('乡镇\t截至日期\t特殊群体儿童\t已摸底\t'), lines[0]);
  assert.ok(lines[1].startsWith(syncTownship + '\t20'), lines[1]);
  assert.ok(Number(lines[1].split('\t')[2]) > 0, 'special-group children counted: ' + lines[1]);
  assert.ok(lines[2].startsWith('合计\t'), lines[2]);
  // Below: the last twelve months, one measure at a time, per township and in total.
  let trend = v['county.trend.table'].trim().split('\n').map((line) => line.split('\t'));
  assert.equal(trend.length, 3, v['county.trend.table']);
  assert.equal(trend[0].length, 13, trend[0].join(' '));
  assert.match(trend[0][12], /^\d{4}年\d{1,2}月$/);
  assert.equal(trend[1][0], syncTownship);
  assert.ok(trend[1].slice(1).some((n) => Number(n) > 0), 'visits in some month: ' + trend[1].join(' '));
  assert.deepEqual(trend[2].slice(1), trend[1].slice(1), 'one township: the total is its row');
  await click(second, 'county.measure.2');
  v = await waitFor(second, 'pairs month by month', (s) => s['county.trend.table'] !== trend.map((r) => r.join('\t')).join('\n') + '\n');
  trend = v['county.trend.table'].trim().split('\n').map((line) => line.split('\t'));
  assert.equal(trend[1][12], lines[1].split('\t')[7], 'pairs in force this month are today\'s');
  await second.waitForTimeout(300);
  await second.screenshot({ path: join(root, 'build', 'screenshots', 'county-figures.png') });
  const trendDownload = second.waitForEvent('download');
  await click(second, 'county.trend_export');
  assert.match((await trendDownload).suggestedFilename(), /^共育县级汇总-月末在帮结对数-\d{4}-\d{2}-\d{2}\.xlsx$/);
  // The special-group children at each month's end: this month's is today's count.
  await click(second, 'county.measure.3');
  v = await waitFor(second, 'special-group children month by month', (s) => s['county.trend.table'] !== trend.map((r) => r.join('\t')).join('\n') + '\n');
  trend = v['county.trend.table'].trim().split('\n').map((line) => line.split('\t'));
  assert.equal(trend[1][12], lines[1].split('\t')[2], 'this month\'s special-group children are today\'s');
  assert.ok(trend[1].slice(1).every((n) => /^\d*$/.test(n)), 'a count, or none before the registry began: ' + trend[1].join(' '));
  await second.waitForTimeout(300);
  await second.screenshot({ path: join(root, 'build', 'screenshots', 'county-special.png') });

  // The first county PC refreshes and sees the same; the table goes out as .xlsx.
  await click(county, 'county.refresh');
  v = await waitFor(county, 'refreshed', (s) => s['county.busy'] === '0' && s['county.table']);
  assert.equal(v['county.table'].trim().split('\n')[1], lines[1]);
  const download = county.waitForEvent('download');
  await click(county, 'county.export');
  assert.match((await download).suggestedFilename(), /^共育县级汇总-\d{4}-\d{2}-\d{2}\.xlsx$/);
  for (const c of contexts) await c.close();
});
