// A township clerk's day, end to end in one browser (issue 5, point 11):
// import an Excel ledger with bad rows and fix them, add a child whose name has
// a rare character through the IME, survey the household, pair the child with
// a helper, record a visit and see the coverage rise, export to .xlsx (opened
// here and checked cell by cell), open the print view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { launchPersistent, startServer, tempDir, sampleCountyUrl, waitReady, snapshot, click, waitValue, root, withCheck, openSampleCampus, addPair } from './lib.mjs';

let server;
before(() => { server = startServer(); });
after(() => server.dispose());

const value = async (page, key) => (await snapshot(page)).values[key];
const python = (script, ...args) => execFileSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' });

async function importFile(page, file) {
  const chooser = page.waitForEvent('filechooser');
  await click(page, 'registry.import');
  await (await chooser).setFiles(file);
}

async function pick(page, field, text) {
  await click(page, 'form.' + field);
  await page.keyboard.insertText(text);  // the picker filters by characters or pinyin
  await click(page, 'form.pick_first');
}

test('a clerk\'s day: Excel in with bad rows fixed, an IME name, survey, pairing, visit, coverage, Excel out, print', async () => {
  const profile = tempDir();
  const context = await launchPersistent(profile, { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(sampleCountyUrl(server, basename(profile)));
  await waitReady(page);
  const total = Number(await value(page, 'registry.students'));
  await openSampleCampus(page);

  // 1. The school's Excel list: one good row, one wrong check digit, one in a class the campus does not have.
  const goodId = withCheck('43042220170815127'), fixedId = withCheck('43042220170915124');
  const sheet = join(profile, '新生名单.xlsx');
  const write = (rows) => python(`
import datetime, json, sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '新生'
ws.append(['学生姓名', '性别', '身份证号码', '所在班级', '出生日期'])
for r in json.loads(sys.argv[2]):
    ws.append(r[:4] + [datetime.date.fromisoformat(r[4])])
wb.save(sys.argv[1])
`, sheet, JSON.stringify(rows));
  write([['欧阳晨', '男', goodId, '1年级1班', '2017-08-15'],
         ['田甜', '女', fixedId.slice(0, 17) + (fixedId[17] === '0' ? '1' : '0'), '1年级1班', '2017-09-15'],
         ['向东', '男', withCheck('43042220171015123'), '9年级9班', '2017-10-15']]);
  await importFile(page, sheet);
  await waitValue(page, 'import.valid', '1', undefined, 60000);
  assert.match(await value(page, 'import.first_problem'), /^第 3 行 身份证号校验位不对/);
  await click(page, 'import.accept');
  await waitValue(page, 'registry.students', String(total + 1));
  // Fixed in Excel and imported again: the row already in comes back as a merge, the fixed ones are new.
  write([['欧阳晨', '男', goodId, '1年级1班', '2017-08-15'],
         ['田甜', '女', fixedId, '1年级1班', '2017-09-15'],
         ['向东', '男', withCheck('43042220171015123'), '1年级1班', '2017-10-15']]);
  await importFile(page, sheet);
  await waitValue(page, 'import.valid', '3', undefined, 60000);
  assert.equal(await value(page, 'import.remembered'), '1', 'the mapping of the first import is offered again');
  await click(page, 'import.accept');
  await waitValue(page, 'registry.students', String(total + 3));

  // 2. A child whose name has a rare character, typed through the pinyin IME.
  await click(page, 'registry.add');
  await click(page, 'form.name');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'liuyan', selectionStart: 6, selectionEnd: 6 });
  await cdp.send('Input.insertText', { text: '刘䶮' });  // the candidate chosen: the composition is committed
  await click(page, 'form.sex');
  await click(page, 'form.sex.m');
  await click(page, 'form.class');
  await click(page, 'form.pick_first');
  await click(page, 'form.categories.first');  // 留守
  await click(page, 'form.save');
  await waitValue(page, 'registry.students', String(total + 4));

  // 3. Survey the household.
  await click(page, 'nav.survey');
  const surveyed = Number(await value(page, 'survey.surveyed'));
  await click(page, 'survey.add');
  await pick(page, 'student', '刘䶮');
  await click(page, 'form.date');
  await page.keyboard.press('Control+A');  // the date starts as today
  await page.keyboard.type('2026-11-20');
  await click(page, 'form.save');
  await waitValue(page, 'survey.surveyed', String(surveyed + 1));

  // 4. Pair the child with a helper.
  await addPair(page, '刘䶮', '2026-11-20');

  // 5. A home visit: the school's coverage rises.
  await click(page, 'nav.visits');
  const school = Object.keys((await snapshot(page)).items).find((k) => k.startsWith('visits.school.云集'));
  await click(page, school);
  const unvisited = Number(await value(page, 'visits.not_visited'));
  await click(page, 'visits.add');
  await pick(page, 'student', '刘䶮');
  await click(page, 'form.visitor');
  await click(page, 'form.pick_first');
  await click(page, 'form.date');
  await page.keyboard.type('2026年11月21日');
  await click(page, 'form.save');
  await waitValue(page, 'visits.not_visited', String(unvisited - 1));
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'clerk-day-visits.png') });

  // 6. Excel out, opened here: the new child is in it, ID numbers are text, dates are dates.
  await click(page, 'nav.registry');  // the campus chosen in the morning is still chosen
  const download = page.waitForEvent('download', { timeout: 60000 });
  await click(page, 'registry.export_xlsx');
  const saved = join(profile, (await download).suggestedFilename());
  await (await download).saveAs(saved);
  const cells = JSON.parse(python(`
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
header = [c.value for c in ws[1]]
rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
kid, ou = rows.get('刘䶮'), rows.get('欧阳晨')
birth = ou[header.index('出生日期')]
print(json.dumps({'kid': [c.value for c in kid] if kid else None, 'ou_id_type': ou[header.index('身份证号')].data_type,
  'ou_birth_is_date': birth.is_date, 'ou_birth': str(birth.value)[:10], 'header': header}, ensure_ascii=False))
`, saved));
  assert.ok(cells.kid, 'the child typed through the IME is in the workbook');
  assert.equal(cells.kid[cells.header.indexOf('特殊群体类别')], '留守');
  assert.equal(cells.ou_id_type, 's');
  assert.equal(cells.ou_birth_is_date, true);
  assert.equal(cells.ou_birth, '2017-08-15');

  // 7. The print view of the class.
  const campus = (await snapshot(page)).items['tree.云集中心学校'];
  const box = await page.locator('[data-gongyu] canvas').boundingBox();
  await page.mouse.click(box.x + campus[0] + 8, box.y + campus[1] + campus[3] / 2);  // its arrow opens it
  await click(page, 'tree.1年级1班');
  const popup = context.waitForEvent('page');
  await click(page, 'registry.print');
  const view = await popup;
  await view.waitForLoadState();
  const html = await view.content();
  assert.ok(html.includes('刘䶮') && html.includes('欧阳晨') && html.includes('<thead>'), 'the class ledger lists the day\'s children');
  await view.screenshot({ path: join(root, 'build', 'screenshots', 'clerk-day-print.png') });
  await context.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
});
