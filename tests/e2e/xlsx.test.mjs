// .xlsx in Chromium: 导出 Excel gives a real workbook (checked with python3-openpyxl:
// Chinese headers, dates as dates, ID numbers as text), loaded as a second wasm
// module only on first use; 导入 takes an .xlsx written by openpyxl through the
// file chooser, lists the bad row, and offers the accepted mapping next time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { launchPersistent, startServer, tempDir, sampleCountyUrl, waitReady, snapshot, click, waitValue, root, withCheck, openSampleCampus } from './lib.mjs';

let server;
before(() => { server = startServer(); });
after(() => server.dispose());

const url = (profile) => sampleCountyUrl(server, basename(profile));
const value = async (page, key) => (await snapshot(page)).values[key];
// Debian's python3 with python3-openpyxl (tools/setup.sh), not whatever python3 is first on PATH.
const python = (script, ...args) => execFileSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' });

async function openPage(profile) {
  const context = await launchPersistent(profile, { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(url(profile));
  await waitReady(page);
  return { context, page, requested };
}

test('导出 Excel: the module loads on first use; the workbook has Chinese headers, real dates, ID numbers as text', async () => {
  const profile = tempDir();
  const { context, page, requested } = await openPage(profile);
  const rows = Number(await value(page, 'registry.rows'));
  assert.ok(!requested.some((u) => u.includes('gongyu_files.')), 'the .xlsx module is not part of the first visit');

  const download = page.waitForEvent('download', { timeout: 60000 });
  await click(page, 'registry.export_xlsx');
  const file = await download;
  assert.match(file.suggestedFilename(), /^学生名单-\d{4}-\d{2}-\d{2}\.xlsx$/);
  assert.ok(requested.some((u) => /gongyu_files\.[0-9a-f]+\.wasm$/.test(u)), 'the .xlsx module was fetched for the export');
  await waitValue(page, 'registry.message', `已导出 ${rows} 人（${file.suggestedFilename()}）`);
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'xlsx-export.png') });

  const saved = join(profile, file.suggestedFilename());  // openpyxl goes by the extension
  await file.saveAs(saved);
  const report = JSON.parse(python(`
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
header = [c.value for c in ws[1]]
col = lambda name: header.index(name) + 1
r2 = lambda name: ws.cell(row=2, column=col(name))
birth, idn = r2('出生日期'), r2('身份证号')
print(json.dumps({
  'title': ws.title, 'rows': ws.max_row, 'header': header, 'freeze': ws.freeze_panes,
  'bold': ws.cell(row=1, column=1).font.b,
  'birth_is_date': birth.is_date, 'birth_format': birth.number_format, 'birth': str(birth.value),
  'id_type': idn.data_type, 'id': idn.value,
  'name_width': ws.column_dimensions['A'].width, 'id_width': ws.column_dimensions[openpyxl.utils.get_column_letter(col('身份证号'))].width,
}, ensure_ascii=False))
`, saved));
  assert.equal(report.title, '学生名单');
  assert.equal(report.rows, rows + 1);
  assert.deepEqual(report.header.slice(0, 3), ['姓名', '性别', '身份证号']);
  assert.equal(report.freeze, 'A2');
  assert.equal(report.bold, true);
  assert.equal(report.birth_is_date, true, `出生日期 is a date cell: ${report.birth}`);
  assert.equal(report.birth_format, 'yyyy-mm-dd');
  assert.equal(report.id_type, 's', 'the ID number is a text cell');
  assert.match(String(report.id), /^\d{6}.*[\dX*]$/);
  assert.ok(report.id_width >= 18, `ID column wide enough: ${report.id_width}`);
  await context.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
});

test('导入 an .xlsx from openpyxl: bad row listed, good row written, the mapping offered again', async () => {
  const profile = tempDir();
  const { context, page } = await openPage(profile);
  const total = Number(await value(page, 'registry.students'));
  await openSampleCampus(page);
  const file = join(profile, '新生名单.xlsx');
  python(`
import datetime, sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '新生'
ws.append(['学生姓名', '性别', '身份证号码', '所在班级', '出生日期'])
ws.append(['刘䶮', '男', sys.argv[2], '1年级1班', datetime.date(2017, 8, 15)])
ws.append(['吉𠮷', '女', '430422201708151240', '1年级1班', datetime.date(2017, 8, 15)])
wb.save(sys.argv[1])
`, file, withCheck('43042220170815127'));

  const choose = async () => {
    const chooser = page.waitForEvent('filechooser');
    await click(page, 'registry.import');
    await (await chooser).setFiles(file);
  };
  await choose();
  await waitValue(page, 'import.valid', '1', undefined, 60000);
  assert.equal(await value(page, 'import.remembered'), '0');
  assert.equal(await value(page, 'import.column.4'), 'birth_date');
  assert.equal(await value(page, 'import.first_problem'), '第 3 行 身份证号校验位不对，可能有一位输错了（430422201708151240）');
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'xlsx-import.png') });
  await click(page, 'import.accept');
  await waitValue(page, 'registry.students', String(total + 1));

  await choose();
  await waitValue(page, 'import.remembered', '1', undefined, 60000);
  assert.equal(await value(page, 'import.column.2'), 'id_number');
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'xlsx-import-remembered.png') });
  await click(page, 'import.cancel');
  await context.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
});

test('after one visit, 导出 Excel works with the server stopped (the service worker keeps the module)', async () => {
  const own = startServer();
  const profile = tempDir();
  const context = await launchPersistent(profile, { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(own.url + '?test=1&sample-county=1');
  await waitReady(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  const cached = await page.evaluate(async () => {
    const names = [];
    for (const key of await caches.keys()) for (const r of await (await caches.open(key)).keys()) names.push(r.url);
    return names;
  });
  assert.ok(cached.some((u) => /gongyu_files\.[0-9a-f]+\.wasm$/.test(u)), 'the .xlsx module is in the offline cache');
  own.stop();
  await page.reload();
  await waitReady(page);
  const download = page.waitForEvent('download', { timeout: 60000 });
  await click(page, 'registry.export_xlsx');
  assert.match((await download).suggestedFilename(), /\.xlsx$/);
  await context.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  own.dispose();
});

test('a failed load of the .xlsx module is said in Chinese, and tried again next time', async () => {
  const profile = tempDir();
  // No service worker: it would fetch (and serve) the module where page.route cannot see it.
  const context = await launchPersistent(profile, { viewport: { width: 1280, height: 800 }, acceptDownloads: true, serviceWorkers: 'block' });
  const page = await context.newPage();
  let block = true;
  await page.route(/gongyu_files\./, (route) => (block ? route.abort() : route.continue()));
  await page.goto(url(profile));
  await waitReady(page);
  await click(page, 'registry.export_xlsx');
  await waitValue(page, 'registry.message', '生成 Excel 失败：Excel 功能加载失败，请检查网络后重试', undefined, 30000);
  block = false;
  const download = page.waitForEvent('download', { timeout: 60000 });
  await click(page, 'registry.export_xlsx');
  assert.match((await download).suggestedFilename(), /\.xlsx$/);
  await context.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
});
