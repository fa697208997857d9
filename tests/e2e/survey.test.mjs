// 入户摸底 and 诉求 in the real browser: a household survey filled in by keyboard and
// IME text, read back from the list of surveys; a visit's need turned into a request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { launch, startServer, sampleCountyUrl, waitReady, snapshot, click, waitValue, root, openPhone, framesRendered } from './lib.mjs';

let server, browser;
const shots = join(root, 'build', 'screenshots');
before(async () => { server = startServer(); browser = await launch(); mkdirSync(shots, { recursive: true }); });
after(async () => { await browser.close(); server.dispose(); });

const value = async (page, key) => (await snapshot(page)).values[key];

test('a household survey is filled in by keyboard and reads back field by field', async () => {
  // Tall enough for the whole form: the test clicks real coordinates.
  const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  await page.goto(sampleCountyUrl(server));
  await waitReady(page);
  await click(page, 'nav.settings');
  await click(page, 'settings.operator_name');
  await page.keyboard.insertText('王丽');
  await page.keyboard.press('Enter');
  await waitValue(page, 'settings.operator_name', '王丽');

  await click(page, 'nav.survey');
  await waitValue(page, 'area', 'survey');
  await click(page, 'survey.add');
  await waitValue(page, 'form.recorder', '王丽');
  assert.match(await value(page, 'form.date'), /^\d{4}-\d{2}-\d{2}$/, 'dated today');
  await openPicker(page, 'form.student');
  await page.keyboard.insertText('刘');  // the picker's filter, through the IME path
  await page.keyboard.press('Enter');    // the first match
  const child = await waitFor(page, async () => value(page, 'form.student'));
  assert.ok(await waitFor(page, async () => value(page, 'form.guardian_name')), 'the guardian comes from the registry');

  await click(page, 'form.household_size');
  await page.keyboard.type('4');
  await pressAndSettle(page, 'Tab');  // the caret moves to 家庭成员 (text typed before it lands would be lost, as for a person)
  await page.keyboard.insertText('祖母(68岁)、妹妹(5岁)');
  await pressAndSettle(page, 'Tab');  // the first income checkbox
  await page.keyboard.press('Space');  // 务工收入
  await click(page, 'form.away_place');
  await page.keyboard.insertText('广东东莞');
  await click(page, 'form.guardian_age');
  await page.keyboard.type('68');
  await click(page, 'form.need_kinds.first');
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(shots, 'survey-form.png') });
  await click(page, 'form.guardian_age');
  await page.keyboard.press('Enter');  // saves
  await waitUntilItem(page, 'survey.first_record');

  // The newest survey is listed first; it opens with what was typed.
  await click(page, 'survey.first_record');
  await waitValue(page, 'form.household_size', '4');
  assert.equal(await value(page, 'form.members'), '祖母(68岁)、妹妹(5岁)');
  assert.equal(await value(page, 'form.income'), 'wages');
  assert.equal(await value(page, 'form.away_place'), '广东东莞');
  assert.equal(await value(page, 'form.guardian_age'), '68');
  assert.equal(await value(page, 'form.need_kinds'), 'study');
  assert.equal(await value(page, 'form.student'), child);
  await page.close();
});

// Polls until fn gives something truthy (the app draws frames on its own schedule).
async function waitFor(page, fn, timeout = 10000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const v = await fn();
    if (v) return v;
    await page.waitForTimeout(100);
  }
  assert.fail('timed out');
}

// A key, then a few frames drawn: focus moves a frame or two after Tab.
async function pressAndSettle(page, key) {
  const before = await framesRendered(page);
  await page.keyboard.press(key);
  await waitFor(page, async () => (await framesRendered(page)) >= before + 3);
}

// A reference picker open with the caret in its filter (focus lands a frame or two after it appears).
async function openPicker(page, id) {
  await click(page, id);
  await waitUntilItem(page, 'form.filter');
  await page.waitForTimeout(150);
}

async function waitUntilItem(page, id, timeout = 10000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if ((await snapshot(page)).items[id]) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`${id} did not appear`);
}

test('a need raised at a visit becomes a request, listed under 诉求', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(sampleCountyUrl(server));
  await waitReady(page);
  await click(page, 'nav.visits');
  const school = Object.keys((await snapshot(page)).items).find((k) => k.startsWith('visits.school.'));
  await click(page, school);
  await click(page, 'visits.first_unvisited');
  await openPicker(page, 'form.visitor');
  await page.keyboard.press('Enter');  // the first helper
  await click(page, 'form.needs');
  await page.keyboard.insertText('学习辅导');
  await page.keyboard.press('Enter');  // a new line: a second need
  await page.keyboard.insertText('冬季棉衣');
  await waitValue(page, 'form.need.1', '冬季棉衣');
  await click(page, 'form.need.1');
  await waitValue(page, 'form.need.1', '已转为需求单（待处理）');
  await page.screenshot({ path: join(shots, 'visit-needs.png') });
  await click(page, 'form.cancel');

  await click(page, 'nav.requests');
  await waitValue(page, 'area', 'requests');
  assert.equal(await value(page, 'requests.open'), '1');
  assert.equal(await value(page, 'requests.first'), '冬季棉衣');
  const pending = Number(await value(page, 'requests.pending'));
  assert.ok(pending > 0);
  await click(page, 'requests.pending.first');
  await waitValue(page, 'requests.open', '2');
  await page.screenshot({ path: join(shots, 'requests.png') });
  await page.close();
});

test('the survey form and the requests fit a 360 px phone', async () => {
  const { context, page } = await openPhone(browser, sampleCountyUrl(server), 740);
  await click(page, 'nav.survey');
  await click(page, 'survey.add');
  await openPicker(page, 'form.student');
  await page.keyboard.press('Enter');
  await waitFor(page, async () => value(page, 'form.guardian_name'));
  await page.screenshot({ path: join(shots, 'survey-form-phone.png') });
  const items = (await snapshot(page)).items;
  for (const id of ['form.student', 'form.date', 'form.recorder']) assert.ok(items[id][0] + items[id][2] <= 360, `${id} fits`);
  await click(page, 'form.cancel');
  await click(page, 'nav.requests');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, 'requests-phone.png') });
  await context.close();
});
