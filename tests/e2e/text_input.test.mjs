// Text input the way Chinese users type: pinyin IME through CDP, rare characters,
// surrogate pairs, editing by character, the system clipboard, phones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, startServer, waitReady, click, waitValue, openPhone, tap, root } from './lib.mjs';

let server, browser;
before(async () => { server = startServer(); browser = await launch(); });
after(async () => { await browser.close(); server.dispose(); });

const agentFocused = (page) => page.evaluate(() => document.activeElement.classList.contains('gongyu-text-agent'));

async function openField(page, id = 'settings.device_name') {
  await click(page, 'nav.settings');
  await click(page, id);
  await page.waitForFunction(() => document.activeElement.classList.contains('gongyu-text-agent'));
}

async function save(page, expected) {
  await page.keyboard.press('Enter');
  await waitValue(page, 'settings.device_name', expected);
}

test('pinyin IME: composition shows inline, commit inserts rare characters and surrogate pairs', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  await openField(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'liu', selectionStart: 3, selectionEnd: 3 });
  await waitValue(page, 'composition', 'liu');
  await cdp.send('Input.imeSetComposition', { text: '刘', selectionStart: 1, selectionEnd: 1 });
  await waitValue(page, 'composition', '刘');
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'ime-composing.png') });
  await cdp.send('Input.insertText', { text: '刘䶮' });
  await waitValue(page, 'composition', '');
  await cdp.send('Input.imeSetComposition', { text: 'ji', selectionStart: 2, selectionEnd: 2 });
  await waitValue(page, 'composition', 'ji');
  await cdp.send('Input.insertText', { text: '𠮷' });  // the IME commits the candidate
  await save(page, '刘䶮𠮷');
  await page.close();
});

test('keys the IME takes while composing do not reach the field', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  await openField(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.insertText', { text: '王' });
  await cdp.send('Input.imeSetComposition', { text: 'xiao', selectionStart: 4, selectionEnd: 4 });
  await waitValue(page, 'composition', 'xiao');
  // A real IME consumes Backspace, arrows, Enter and Esc while composing; the page
  // sees them as keyCode 229 ("Process"). Had they reached ImGui, Backspace would
  // have eaten 王 and Escape closed the field.
  for (const code of ['Backspace', 'ArrowLeft', 'Enter', 'Escape']) {
    for (const type of ['rawKeyDown', 'keyUp'])
      await cdp.send('Input.dispatchKeyEvent', { type, windowsVirtualKeyCode: 229, key: 'Process', code });
  }
  await cdp.send('Input.imeSetComposition', { text: 'xia', selectionStart: 3, selectionEnd: 3 });
  await waitValue(page, 'composition', 'xia');
  assert.equal(await agentFocused(page), true, 'the field is still open');
  await cdp.send('Input.insertText', { text: '霞' });
  await save(page, '王霞');
  await page.close();
});

test('editing steps over whole characters: Backspace, arrows, Home/End, Ctrl+A', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  await openField(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.insertText', { text: '张𠮷三' });
  await page.keyboard.press('ArrowLeft');   // before 三
  await page.keyboard.press('Backspace');   // removes 𠮷, both UTF-16 halves
  await page.keyboard.press('Home');
  await cdp.send('Input.insertText', { text: '王' });
  await page.keyboard.press('End');
  await cdp.send('Input.insertText', { text: '丰' });
  await save(page, '王张三丰');
  await click(page, 'settings.device_name');  // Enter closed the field; open it again
  await page.keyboard.press('Control+A');
  await cdp.send('Input.insertText', { text: '李四' });
  await save(page, '李四');
  await page.close();
});

test('clipboard: copy out of a field and paste into it, Chinese intact', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  await page.goto(server.url + '?test=1');
  await waitReady(page);
  await openField(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.insertText', { text: '衡南县𠮷村' });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  await page.waitForFunction(async () => true);
  let copied = '';
  for (let i = 0; i < 50 && copied !== '衡南县𠮷村'; i++) {
    copied = await page.evaluate(() => navigator.clipboard.readText());
    await page.waitForTimeout(50);
  }
  assert.equal(copied, '衡南县𠮷村');

  await page.evaluate(() => navigator.clipboard.writeText('祜堃琤䶮'));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await save(page, '祜堃琤䶮');
  await context.close();
});

test('phone: tapping a field focuses the text agent (on-screen keyboard), tapping elsewhere releases it', async () => {
  const { context, page } = await openPhone(browser, server.url + '?test=1');
  await tap(page, 'nav.settings');
  await waitValue(page, 'area', 'settings');
  await tap(page, 'settings.device_name');
  await page.waitForFunction(() => document.activeElement.classList.contains('gongyu-text-agent'));
  await page.keyboard.insertText('村委会手机');
  await page.waitForTimeout(100);
  await tap(page, 'settings.save');
  await waitValue(page, 'settings.device_name', '村委会手机');
  await page.waitForFunction(() => !document.activeElement.classList.contains('gongyu-text-agent'));
  assert.equal(await agentFocused(page), false);
  await context.close();
});
