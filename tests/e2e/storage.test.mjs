// Local persistence: a value the app reported as saved survives a reload and a killed browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { launchPersistent, spawnBrowser, startServer, tempDir, waitReady, snapshot, click, waitValue, addChild, unlockTownship } from './lib.mjs';

let server;
before(() => { server = startServer(); });
after(() => server.dispose());

async function saveDeviceName(page, name) {
  await click(page, 'nav.settings');
  await click(page, 'settings.device_name');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await waitValue(page, 'save_state', '已保存');
}

test('saved settings survive a reload', async () => {
  const profile = tempDir();
  const context = await launchPersistent(profile);
  const page = await context.newPage();
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  await saveDeviceName(page, 'Datang office PC');
  await page.reload();
  await waitReady(page);
  await click(page, 'nav.settings');
  await waitValue(page, 'settings.device_name', 'Datang office PC');
  await context.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
});

test('saved settings survive the browser being killed right after "已保存"', async () => {
  const profile = tempDir();
  let chrome = await spawnBrowser(profile);
  let page = await chrome.context.newPage();
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  await saveDeviceName(page, 'Village phone 7');
  // No clean shutdown: SIGKILL the browser process, as a crash or a pulled plug would.
  await chrome.kill();

  chrome = await spawnBrowser(profile);
  page = await chrome.context.newPage();
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  await click(page, 'nav.settings');
  await waitValue(page, 'settings.device_name', 'Village phone 7');
  await chrome.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
});

test('a child saved in the ledger survives the browser being killed right after "已保存", and is still sent to the server', async () => {
  const profile = tempDir();
  const url = server.url + '?test=1&sample-county=1&township=kill-test';
  let chrome = await spawnBrowser(profile);
  let page = await chrome.context.newPage();
  await page.goto(url);
  await waitReady(page);
  await chrome.context.setOffline(true);  // nothing leaves the device before the crash
  await addChild(page, '吉𠮷');
  await chrome.kill();  // SIGKILL right after 已保存, as a crash or a pulled plug would

  chrome = await spawnBrowser(profile);
  page = await chrome.context.newPage();
  await page.goto(url);
  await waitReady(page);
  await click(page, 'registry.search');
  await page.keyboard.insertText('吉𠮷');
  await waitValue(page, 'registry.rows', '1');
  // The edit made offline before the crash reaches the server once the link is
  // back (and the township's key is set up: nothing leaves the device unsealed).
  await unlockTownship(page, { first: true });
  const deadline = Date.now() + 30000;
  while ((await snapshot(page)).values['sync.state'] !== 'synced') {
    assert.ok(Date.now() < deadline, 'the pending edit was sent');
    await page.waitForTimeout(200);
  }
  assert.equal((await snapshot(page)).values['sync.pending'], '0');
  await chrome.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
});
