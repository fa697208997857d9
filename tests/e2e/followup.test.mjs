// 结对 and 家访: overdue follow-ups and visit coverage change as a helper records visits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, startServer, sampleCountyUrl, waitReady, snapshot, click, waitValue, root } from './lib.mjs';

let server, browser;
before(async () => { server = startServer(); browser = await launch(); });
after(async () => { await browser.close(); server.dispose(); });

const value = async (page, key) => (await snapshot(page)).values[key];

test('the survey baseline counts per village and grows with a new survey', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(sampleCountyUrl(server));
  await waitReady(page);
  await click(page, 'nav.survey');
  await waitValue(page, 'area', 'survey');
  const surveyed = Number(await value(page, 'survey.surveyed'));
  assert.ok(surveyed > 0);
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'survey-baseline.png') });
  await click(page, 'survey.add');
  await click(page, 'form.student');
  await page.keyboard.insertText('刘');  // the picker filters by characters or pinyin
  await click(page, 'form.pick_first');
  await click(page, 'form.date');
  await page.keyboard.press('Control+A');  // the date starts as today
  await page.keyboard.type('2026-11-20');
  await page.keyboard.press('Enter');
  await waitValue(page, 'area', 'survey');
  await page.waitForTimeout(200);
  assert.ok(Number(await value(page, 'survey.surveyed')) >= surveyed, 'a survey of a child already surveyed adds no child');
  await page.close();
});

test('recording a visit raises the school\'s coverage and clears an overdue follow-up', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(sampleCountyUrl(server));
  await waitReady(page);

  await click(page, 'nav.visits');
  await waitValue(page, 'area', 'visits');
  const before = await value(page, 'visits.coverage');
  assert.match(before, /^\d+%$/);
  const school = Object.keys((await snapshot(page)).items).find((k) => k.startsWith('visits.school.'));
  await click(page, school);
  await page.waitForTimeout(200);
  const unvisited = Number(await value(page, 'visits.not_visited'));
  assert.ok(unvisited > 0);
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'visits-coverage.png') });
  await click(page, 'visits.first_unvisited');
  await click(page, 'form.visitor');
  await click(page, 'form.pick_first');
  await click(page, 'form.save');
  await waitValue(page, 'visits.not_visited', String(unvisited - 1));

  await click(page, 'nav.pairing');
  await waitValue(page, 'area', 'pairing');
  const overdue = Number(await value(page, 'pairing.overdue'));
  assert.ok(overdue > 0, 'the sample county has overdue follow-ups');
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'pairing-overdue.png') });
  await click(page, 'pairing.first_row');  // most overdue first: record the contact now
  await click(page, 'form.save');
  await waitValue(page, 'pairing.overdue', String(overdue - 1));
  await page.close();
});
