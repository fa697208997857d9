// 入户照片: a photo chosen on one device (a real 2400×1800 JPEG through the browser's file chooser)
// is scaled down to 1280 px, kept, sealed and sent; the other device fetches it when the survey
// is opened, shows it, and prints it in the child's 一生一档 (checked in the A4 PDF's images).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  launch, launchPersistent, startServer, tempDir, openSyncDevice, syncNow, search, click, tap, waitValue, snapshot, root, syncTownship,
  openPhone, sampleCountyUrl,
} from './lib.mjs';

const shots = join(root, 'build', 'screenshots');
const photo = join(root, 'tests', 'data', 'photos', 'household.jpg');
const value = async (page, key) => (await snapshot(page)).values[key];

let server;
before(() => { server = startServer(); });
after(() => server.dispose());

async function waitFor(page, fn, what, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out: ${what}`);
    await page.waitForTimeout(100);
  }
}

test('a household photo taken on one device is sent sealed, opens on another, and prints in the 一生一档', async () => {
  const contexts = await Promise.all([tempDir(), tempDir()].map((p) => launchPersistent(p, { viewport: { width: 1280, height: 1500 } })));
  const [a, b] = [await openSyncDevice(contexts[0], server.url), await openSyncDevice(contexts[1], server.url)];

  // Device A: a new survey of a child, with a photo from the file chooser.
  await click(a, 'nav.survey');
  await click(a, 'survey.add');
  await click(a, 'form.student');
  await waitFor(a, async () => (await snapshot(a)).items['form.filter'], 'the picker');
  await a.keyboard.insertText('刘');
  await a.keyboard.press('Enter');
  const child = await waitFor(a, () => value(a, 'form.student.title'), 'a child chosen');
  const chooser = a.waitForEvent('filechooser');
  await click(a, 'form.photos.add');
  await (await chooser).setFiles(photo);
  await waitValue(a, 'form.photos.count', '1', undefined, 20000);
  await waitValue(a, 'form.photos.0', 'ready', undefined, 20000);
  assert.equal(await value(a, 'form.photos.0.size'), '1280x960', 'scaled to 1280 px on its long side');
  await a.screenshot({ path: join(shots, 'survey-photo.png') });
  await click(a, 'form.save');
  await waitFor(a, async () => !(await snapshot(a)).items['form.save'], 'the form saved and closed');
  assert.equal(await syncNow(a), 0);
  assert.equal(await value(a, 'sync.photos_waiting'), '0');

  // On the server: one photo file, sealed (no JPEG inside to see), the size of the scaled picture.
  const folder = join(server.run, 'store', syncTownship, 'photos');
  const files = readdirSync(folder);
  assert.equal(files.length, 1, files.join());
  assert.match(files[0], /^[0-9a-f]{32}\.gyp$/);
  const sealed = readFileSync(join(folder, files[0]));
  assert.ok(!sealed.includes('JFIF') && !sealed.includes(Buffer.from([0xff, 0xd8, 0xff])), 'sealed');
  assert.ok(sealed.length < readFileSync(photo).length / 2, `${sealed.length} bytes sent for a ${readFileSync(photo).length}-byte photo`);

  // Device B: the survey arrives; its photo is fetched when the survey is opened.
  assert.ok(await syncNow(b) >= 1);
  await click(b, 'nav.survey');
  await click(b, 'survey.first_record');
  await waitValue(b, 'form.student.title', child);
  await waitValue(b, 'form.photos.0', 'ready', undefined, 20000);
  assert.equal(await value(b, 'form.photos.0.size'), '1280x960');
  await click(b, 'form.photos.0');
  await waitFor(b, async () => (await snapshot(b)).items['photo.image'], 'the viewer');
  await b.waitForTimeout(200);
  await b.screenshot({ path: join(shots, 'photo-viewer.png') });
  await click(b, 'photo.close');
  await click(b, 'form.cancel');

  // The child's 一生一档 on B carries the photo. (print() recorded: a dialog would hold the page.)
  await contexts[1].addInitScript(() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; });
  await click(b, 'nav.registry');
  assert.ok(await search(b, child) >= 1);
  await click(b, 'registry.first_row');
  const popup = contexts[1].waitForEvent('page');
  await click(b, 'form.print');
  const view = await popup;
  await view.waitForLoadState('load');
  assert.equal(await view.evaluate(() => window.__printed), 1, 'the print dialog was asked for');
  assert.equal(await view.locator('.photos img').count(), 1);
  assert.ok(await view.locator('.photos img').evaluate((img) => img.complete && img.naturalWidth === 1280), 'the photo decodes at 1280 px');
  const pdf = join(shots, 'child-with-photo.pdf');
  await view.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
  const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
  assert.ok(images.some((l) => /\s1280\s+960\s/.test(l)), 'the PDF holds the 1280×960 picture:\n' + images.join('\n'));
  execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-png', '-r', '60', '-singlefile', pdf, join(shots, 'child-with-photo')]);
  await Promise.all(contexts.map((c) => c.close()));
});

test('on a 360 px phone, photos added to a survey fit the screen; a survey left unsaved lets its photos go', async () => {
  const browser = await launch();
  // Tall: the form's last section is in view without scrolling (taps land on real coordinates).
  const { context, page } = await openPhone(browser, sampleCountyUrl(server), 2200);
  await tap(page, 'nav.survey');
  await tap(page, 'survey.add');
  await tap(page, 'form.student');
  await waitFor(page, async () => (await snapshot(page)).items['form.filter'], 'the picker');
  await page.keyboard.press('Enter');
  await waitFor(page, () => value(page, 'form.student.title'), 'a child chosen');
  for (const n of ['1', '2']) {
    await page.mouse.move(180, 1000);
    await page.mouse.wheel(0, 5000);  // to the form's end, where the photos are
    await waitFor(page, async () => (await snapshot(page)).items['form.photos.add']?.[4], 'the photos section in view');
    const chooser = page.waitForEvent('filechooser');
    await tap(page, 'form.photos.add');
    await (await chooser).setFiles(photo);
    await waitValue(page, 'form.photos.count', n, undefined, 20000);
  }
  await waitValue(page, 'form.photos.1', 'ready', undefined, 20000);
  const items = (await snapshot(page)).items;
  for (const id of ['form.photos.0', 'form.photos.1', 'form.photos.add']) assert.ok(items[id][0] + items[id][2] <= 360, `${id} fits: ${items[id]}`);
  await page.screenshot({ path: join(shots, 'survey-photos-phone.png'), clip: { x: 0, y: 1300, width: 360, height: 900 } });
  await tap(page, 'form.cancel');
  await tap(page, 'nav.sync');
  assert.equal(await value(page, 'sync.photos_waiting'), '0', 'nothing names the photos of a survey never saved');
  await context.close();
  await browser.close();
});
