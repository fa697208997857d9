// Instant clicks and taps: a mouse-down and -up (or touchstart and touchend)
// that reach the page together, before the app draws a frame — a fast click on a
// slow PC, a tap on a touch screen, a click while the loop is paused — must each
// be one click in Dear ImGui, done by the time the browser has handled it, and a
// form's first field must not swallow the click that follows it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, startServer, sampleCountyUrl, waitReady, snapshot, framesRendered, itemCenter, click, waitValue, waitUntil, openPhone, root } from './lib.mjs';

let server, browser;
before(async () => { server = startServer(); browser = await launch(); });
after(async () => { await browser.close(); server.dispose(); });

// A slow PC: every animation frame comes 250 ms late, so input piles up between frames.
const slowFrames = () => {
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => setTimeout(() => raf(callback), 250);
};

async function open(url, { slow = false, viewport = { width: 1100, height: 760 } } = {}) {
  const page = await browser.newPage({ viewport });
  if (slow) await page.addInitScript(slowFrames);
  await page.goto(url);
  await waitReady(page);
  return page;
}

// Dispatches whole clicks (or taps) at `points` in one task, as the browser does
// for input that arrived while the page was busy: no animation frame can run in between.
async function instantClicks(page, points, { touch = false } = {}) {
  await page.evaluate(({ points, touch }) => {
    const canvas = document.querySelector('[data-gongyu] canvas');
    for (const { x, y } of points) {
      const common = { bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y, view: window };
      const pointer = (type, buttons) => canvas.dispatchEvent(new PointerEvent(type, {
        ...common, pointerId: touch ? 2 : 1, pointerType: touch ? 'touch' : 'mouse', isPrimary: true,
        button: type === 'pointermove' ? -1 : 0, buttons,
      }));
      if (touch) {
        const t = new Touch({ identifier: 7, target: canvas, clientX: x, clientY: y });
        const fire = (type, touches) => canvas.dispatchEvent(new TouchEvent(type, {
          ...common, touches, targetTouches: touches, changedTouches: [t],
        }));
        pointer('pointerdown', 1);
        fire('touchstart', [t]);
        pointer('pointerup', 0);
        fire('touchend', []);
        continue;
      }
      const mouse = (type, buttons) => canvas.dispatchEvent(new MouseEvent(type, { ...common, button: 0, buttons }));
      pointer('pointermove', 0);
      mouse('mousemove', 0);
      pointer('pointerdown', 1);
      mouse('mousedown', 1);
      pointer('pointerup', 0);
      mouse('mouseup', 0);
    }
  }, { points, touch });
}

async function instantClick(page, id, options) {
  await instantClicks(page, [await itemCenter(page, id)], options);
}

// Resolves once no frame was drawn for `quiet` ms: the main loop has paused.
async function waitPaused(page, quiet = 400) {
  let last = await framesRendered(page);
  for (;;) {
    await page.waitForTimeout(quiet);
    const now = await framesRendered(page);
    if (now === last) return;
    last = now;
  }
}

const areas = ['nav.settings', 'nav.registry', 'nav.survey', 'nav.pairing', 'nav.visits'];
const area = async (page) => (await snapshot(page)).values.area;

test('instant clicks switch the area at once, with the loop running or paused', async () => {
  const page = await open(server.url + '?test=1');
  for (let i = 0; i < 20; i++) {
    const id = areas[i % areas.length];
    if (i % 2 === 0) await waitPaused(page);
    await instantClick(page, id);
    assert.equal(await area(page), id.slice(4), `click ${i + 1} on ${id} (loop ${i % 2 === 0 ? 'paused' : 'running'})`);
  }
  await page.close();
});

test('slow PC: each Playwright click on a tab has switched it when the click returns', async () => {
  const page = await open(server.url + '?test=1', { slow: true });
  for (let i = 0; i < 10; i++) {
    const id = areas[i % areas.length];
    await click(page, id);
    assert.equal(await area(page), id.slice(4), `click ${i + 1} on ${id}`);
  }
  await page.close();
});

for (const slow of [false, true]) {
  test(`${slow ? 'slow PC: ' : ''}text sent right after a click on a field reaches the field`, async () => {
    const page = await open(server.url + '?test=1', { slow });
    await click(page, 'nav.settings');
    const cdp = await page.context().newCDPSession(page);
    let expected = '';
    for (let i = 0; i < 16; i++) {
      const id = i % 2 ? 'settings.glyph_check' : 'settings.device_name';
      // Alternately a click in one task and Playwright's own (three CDP input events).
      if (i % 4 < 2) await instantClick(page, id); else await click(page, id);
      if (i % 2 === 0) continue;
      // What an IME commit or a paste does: text for whichever element has the focus now.
      const text = String.fromCodePoint(0x6DFC + i);
      expected += text;
      await cdp.send('Input.insertText', { text });
      await waitValue(page, 'settings.glyph_check', expected, undefined, 3000).catch((e) => {
        throw new Error(`click ${i + 1}: ${e.message}`);
      });
    }
    await page.close();
  });
}

test('keys typed faster than frames are drawn all reach the field, with no input after them', async () => {
  const page = await open(server.url + '?test=1');
  await click(page, 'nav.settings');
  await click(page, 'settings.glyph_check');
  const word = 'abcdefghijklmnopqrstuvwxyz';
  // Each key as the text agent sees it: keydown, the textarea's input, keyup, all in one task.
  // ImGui takes one change per key per frame, so they need many more frames than the loop's few.
  await page.evaluate((word) => {
    const ta = document.activeElement;
    for (const ch of word) {
      const code = 'Key' + ch.toUpperCase();
      ta.dispatchEvent(new KeyboardEvent('keydown', { key: ch, code, bubbles: true, cancelable: true }));
      ta.value = ch;
      ta.dispatchEvent(new InputEvent('input', { data: ch, inputType: 'insertText', bubbles: true }));
      ta.dispatchEvent(new KeyboardEvent('keyup', { key: ch, code, bubbles: true, cancelable: true }));
    }
  }, word);
  await waitValue(page, 'settings.glyph_check', word, undefined, 3000);
  await page.close();
});

test('instant taps on a phone switch the area at once', async () => {
  const { context, page } = await openPhone(browser, server.url + '?test=1');
  for (let i = 0; i < 10; i++) {
    const id = areas[i % areas.length];
    if (i % 2 === 0) await waitPaused(page);
    await instantClick(page, id, { touch: true });
    assert.equal(await area(page), id.slice(4), `tap ${i + 1} on ${id}`);
  }
  await context.close();
});

const agentFocused = (page) => page.evaluate(() => document.activeElement.classList.contains('gongyu-text-agent'));
const formOpen = async (page) => (await snapshot(page)).items['form.sex'] !== undefined;

for (const slow of [false, true]) {
  test(`${slow ? 'slow PC: ' : ''}after a form opens with the caret in its first field, the next click opens a combo box`, async () => {
    const page = await open(sampleCountyUrl(server), { slow, viewport: { width: 1280, height: 800 } });
    for (let i = 0; i < 6; i++) {
      await click(page, 'registry.add');
      await itemCenter(page, 'form.sex');
      if (i % 2 === 0) await waitPaused(page);
      // The caret went to 姓名 by itself (SetKeyboardFocusHere): the text agent has the keyboard.
      await waitUntil(page, () => document.activeElement.classList.contains('gongyu-text-agent'), null, 3000)
        .catch(() => { throw new Error(`form ${i + 1}: the first field did not take the keyboard`); });
      if (i % 3 === 2) await instantClick(page, 'form.sex'); else await click(page, 'form.sex');
      await itemCenter(page, 'form.sex.m', undefined, 3000).catch(() => {
        throw new Error(`form ${i + 1}: the click on 性别 did not open it`);
      });
      await click(page, 'form.sex.m');
      await waitValue(page, 'form.sex', 'm', undefined, 3000);
      assert.equal(await agentFocused(page), false, 'no text field is active: the canvas has the keyboard');
      await click(page, 'form.cancel');
      await waitUntil(page, async () => {
        const m = await document.querySelector('[data-gongyu]').__gongyu;
        return !JSON.parse(m.UTF8ToString(m._gongyu_test_snapshot())).items['form.sex'];
      }, null, 3000).catch(() => { throw new Error(`form ${i + 1}: 取消 did not close it`); });
      assert.equal(await formOpen(page), false);
    }
    // Tab moves the keyboard focus in the next frame; on a slow PC the click on 性别
    // comes right after the frame that took the Tab.
    if (slow) {
      await click(page, 'registry.add');
      await waitUntil(page, () => document.activeElement.classList.contains('gongyu-text-agent'), null, 3000);
      const frames = await framesRendered(page);
      await page.keyboard.press('Tab');
      await waitUntil(page, async (n) => (await document.querySelector('[data-gongyu]').__gongyu)._gongyu_frames_rendered() > n, frames, 3000);
      await instantClick(page, 'form.sex');
      await itemCenter(page, 'form.sex.m', undefined, 3000).catch(() => {
        throw new Error('the click on 性别 right after Tab did not open it');
      });
      await page.keyboard.press('Escape');
      await click(page, 'form.cancel');
    }
    // The click on 性别 arrives together with the one that opens the form, before
    // the form is drawn and its first field takes the caret: it still opens the combo.
    const add = await itemCenter(page, 'registry.add');
    await click(page, 'registry.add');
    const sex = await itemCenter(page, 'form.sex');
    await click(page, 'form.cancel');
    await waitUntil(page, async () => {
      const m = await document.querySelector('[data-gongyu]').__gongyu;
      return !JSON.parse(m.UTF8ToString(m._gongyu_test_snapshot())).items['form.sex'];
    }, null, 3000);
    await instantClicks(page, [add, sex]);
    await itemCenter(page, 'form.sex.m', undefined, 3000).catch(() => {
      throw new Error('the click on 性别 queued behind 新增 did not open it');
    });
    if (!slow) await page.screenshot({ path: join(root, 'build', 'screenshots', 'input-combo-after-add.png') });
    await page.close();
  });
}
