// 登记: the student table over a sample county, the keyboard-first form with the
// IME, Chinese messages for bad values, saving, reloading, undo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { launchPersistent, startServer, tempDir, sampleCountyUrl, waitReady, snapshot, click, waitValue, itemCenter, root, withCheck, openSampleCampus, search } from './lib.mjs';

let server;
before(() => { server = startServer(); });
after(() => server.dispose());

const url = (profile) => sampleCountyUrl(server, basename(profile));
const value = async (page, key) => (await snapshot(page)).values[key];



test('a clerk adds a child with a rare name through the IME; bad ID numbers are refused in Chinese; it survives a reload', async () => {
  const profile = tempDir();
  let context = await launchPersistent(profile, { viewport: { width: 1280, height: 800 } });
  let page = await context.newPage();
  await page.goto(url(profile));
  await waitReady(page);
  const total = Number(await value(page, 'registry.rows'));
  assert.ok(total > 1000, `sample county has ${total} students`);
  const zs = await search(page, 'zs');
  assert.ok(zs > 0 && zs < total, `zs finds ${zs} of ${total}`);
  assert.equal(await search(page, ''), total);

  await click(page, 'registry.add');
  await click(page, 'form.name');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'liu', selectionStart: 3, selectionEnd: 3 });
  await cdp.send('Input.insertText', { text: '刘䶮' });
  await click(page, 'form.sex');
  await click(page, 'form.sex.m');
  await click(page, 'form.class');
  await click(page, 'form.pick_first');
  await click(page, 'form.id_number');
  await page.keyboard.type('430422201506071230');  // one digit wrong: the check character fails
  await page.keyboard.press('Enter');
  await waitValue(page, 'problem.id_number', '身份证号校验位不对，可能有一位输错了');
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'registry-form-problem.png') });
  assert.equal(Number(await value(page, 'registry.students')), total, 'nothing was saved');

  await click(page, 'form.id_number');
  await page.keyboard.press('Control+A');
  const id = withCheck('43042220150607123');
  await page.keyboard.type(id);
  await page.keyboard.press('Enter');
  await waitValue(page, 'registry.save_state', 'saved');
  assert.ok(await search(page, 'liuyan') >= 1);
  assert.equal(await search(page, id), 1);
  assert.equal(await value(page, 'registry.first'), '刘䶮');

  await context.close();
  context = await launchPersistent(profile, { viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  await page.goto(url(profile));
  await waitReady(page);
  assert.equal(Number(await value(page, 'registry.rows')), total + 1, 'the sample county was not generated twice');
  assert.equal(await search(page, id), 1);
  assert.equal(await value(page, 'registry.first'), '刘䶮');
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'registry-found.png') });
  await context.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
});

// Extension B's pinyin is not in the first download (core/pinyin.h): it comes with the files module the
// first time a name needs it, and the table then sorts and searches that name by its pinyin.
test('a name with an Extension B character is found by its pinyin once its reading has come with the files module', async () => {
  const profile = tempDir();
  const context = await launchPersistent(profile, { viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(url(profile));
  await waitReady(page);
  const filesModule = () => requested.some((u) => /gongyu_files\.[0-9a-f]+\.wasm$/.test(u));
  assert.ok(!filesModule(), 'no name needed Extension B yet: the files module was not fetched');
  await click(page, 'registry.add');
  await click(page, 'form.name');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.insertText', { text: '𠮷祥' });
  await click(page, 'form.sex');
  await click(page, 'form.sex.f');
  await click(page, 'form.class');
  await click(page, 'form.pick_first');
  await click(page, 'form.id_number');
  await page.keyboard.type(withCheck('43042220160304152'));
  await page.keyboard.press('Enter');
  await waitValue(page, 'registry.save_state', 'saved');
  let found = 0;
  for (const started = Date.now(); found === 0 && Date.now() - started < 20000;) found = await search(page, 'jixiang');
  assert.equal(found, 1, '𠮷祥 is found as jixiang');
  assert.ok(filesModule(), 'the reading came with the files module');
  assert.equal(await value(page, 'registry.first'), '𠮷祥');
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'registry-extension-b.png') });
  await context.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
});

test('undo puts back the last edit; categories filter the table', async () => {
  const profile = tempDir();
  const context = await launchPersistent(profile, { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(url(profile));
  await waitReady(page);
  const total = Number(await value(page, 'registry.rows'));
  await click(page, 'registry.category');
  await click(page, 'registry.category.left_behind');
  await page.waitForTimeout(150);
  const leftBehind = Number(await value(page, 'registry.rows'));
  assert.ok(leftBehind > 0 && leftBehind < total / 4, `${leftBehind} left-behind of ${total}`);

  // The filtered table downloads as a CSV that Excel and WPS open: BOM, Chinese headers.
  const download = page.waitForEvent('download');
  await click(page, 'registry.export');
  const file = await download;
  assert.match(file.suggestedFilename(), /^学生名单-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync(await file.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
  assert.equal(lines.length, leftBehind + 1);
  assert.ok(lines[0].startsWith('姓名,性别,身份证号'), lines[0]);
  assert.ok(lines.slice(1).every((l) => l.includes('留守')));

  const before = await value(page, 'registry.first');
  await click(page, 'registry.first_row');
  await click(page, 'form.name');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('阿阿');  // "a a": first in pinyin order
  await page.keyboard.press('Enter');
  await waitValue(page, 'registry.first', '阿阿');
  await click(page, 'registry.undo');
  await waitValue(page, 'registry.first', before);
  await context.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
});

test('import: a CSV in GB18030 as WPS writes it; bad rows listed with row, column and reason; only good rows written', async () => {
  const { writeFileSync } = await import('node:fs');
  const profile = tempDir();
  const context = await launchPersistent(profile, { viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url(profile));
  await waitReady(page);
  const total = Number(await value(page, 'registry.students'));
  await openSampleCampus(page);
  // 欧阳𠮷 (𠮷 a four-byte GB18030 sequence) and a row with a wrong check digit, as GB18030 bytes.
  const file = join(profile, '名单.csv');
  writeFileSync(file, Buffer.from('d1a7c9fad0d5c3fb2cd0d4b1f02cc9edb7ddd6a4bac5c2eb2ccbf9d4dab0e0bcb60d0ac5b7d1f49534b2352cc5ae2c3433303432323230313730383135313234342c31c4eabcb631b0e00d0ac0eecbc42cc4d02c3433303432323230313730383135313234302c31c4eabcb631b0e00d0a', 'hex'));
  const chooser = page.waitForEvent('filechooser');
  await click(page, 'registry.import');
  await (await chooser).setFiles(file);
  await waitValue(page, 'import.valid', '1');
  assert.equal(await value(page, 'import.first_problem'), '第 3 行 身份证号校验位不对，可能有一位输错了（430422201708151240）');
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'registry-import.png') });
  await click(page, 'import.accept');
  await waitValue(page, 'registry.students', String(total + 1));
  await search(page, '430422201708151244');
  assert.equal(await value(page, 'registry.first'), '欧阳𠮷');
  await context.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
});
