// 同步: two devices (two browser profiles) sync through the real nginx WebDAV
// folder: an added child arrives on the other device; the same name edited
// on both while offline converges to the later edit on both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  launchPersistent, startServer, tempDir, openSyncDevice, syncNow, addChild, search, click, waitValue, waitReady, root, syncTownship,
  concurrentRenamesConverge, snapshot,
  syncUrl, townshipPassphrase, deviceFolders,
} from './lib.mjs';

const syncValue = async (page, key) => (await snapshot(page)).values[key];

let server;
before(() => { server = startServer(); });
after(() => server.dispose());

test('two devices sync through nginx; edits of one name made offline on both converge to the later one; a bundle file carries it all to a third device with no network', async () => {
  const profiles = [tempDir(), tempDir()];
  const contexts = await Promise.all(profiles.map((p) => launchPersistent(p, { viewport: { width: 1280, height: 800 } })));
  const a = await openSyncDevice(contexts[0], server.url);  // sets the township's key up
  const b = await openSyncDevice(contexts[1], server.url);  // joins with the passphrase

  // Device A registers a child with a rare character in her name.
  await addChild(a, '吉𠮷');
  assert.equal(await syncNow(a), 0);
  const changes = join(server.run, 'store', syncTownship, 'changes');
  const files = deviceFolders(changes);
  assert.equal(files.length, 1, 'one device folder on the server: ' + files);
  // What the server holds is sealed: not her name, not even what kind of record.
  for (const f of readdirSync(join(changes, files[0]))) {
    const bytes = readFileSync(join(changes, files[0], f));
    assert.ok(!bytes.includes('吉𠮷') && !bytes.includes('student'), 'sealed change file ' + f);
  }
  assert.ok(!readFileSync(join(server.run, 'store', syncTownship, 'keys', 'township.gyk')).includes(townshipPassphrase));

  // Device B fetches it.
  assert.equal(await syncNow(b), 1);
  await click(b, 'nav.registry');
  assert.equal(await search(b, '吉𠮷'), 1);

  await concurrentRenamesConverge(contexts, a, b, '吉𠮷');
  assert.equal(await search(a, '吉𠮷乙'), 1);
  await click(a, 'registry.first_row');
  await a.waitForTimeout(200);
  await a.screenshot({ path: join(root, 'build', 'screenshots', 'sync-history.png') });
  await click(a, 'nav.sync');
  // 核对修改记录: every change file on nginx read, its signature checked, each commit compared with A's copy.
  await click(a, 'audit.check');
  for (let tries = 0; !(await syncValue(a, 'audit.check_message')).startsWith('核对完毕'); ++tries) {
    assert.ok(tries < 200, 'the check ends: ' + (await syncValue(a, 'audit.check_message')));
    await a.waitForTimeout(100);
  }
  assert.equal(await syncValue(a, 'audit.check_findings'), '0');
  await a.waitForTimeout(200);
  await a.screenshot({ path: join(root, 'build', 'screenshots', 'sync-screen.png') });

  // 导出修改记录: the trail as a real workbook (read by openpyxl), both offline renames in it, each
  // with the device it was made on: the one that lost too.
  const trailDownload = a.waitForEvent('download', { timeout: 60000 });
  await click(a, 'audit.export');
  const trail = await trailDownload;
  assert.match(trail.suggestedFilename(), /^共育修改记录-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const trailPath = join(profiles[0], trail.suggestedFilename());
  await trail.saveAs(trailPath);
  const sheet = JSON.parse(execFileSync('/usr/bin/python3', ['-c', `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(json.dumps({'title': ws.title, 'rows': [[c.value for c in r] for r in ws.iter_rows()]}, ensure_ascii=False))`, trailPath], { encoding: 'utf8' }));
  assert.equal(sheet.title, '修改记录');
  assert.deepEqual(sheet.rows[0], ['时间', '设备', '操作人', '类别', '记录', '字段', '原值', '新值']);
  assert.equal(sheet.rows.length - 1, Number(await syncValue(a, 'audit.rows')), 'every change shown is in the file');
  const renamedOn = (to) => sheet.rows.filter((r) => r[7] === to).map((r) => r[1]);
  assert.equal(renamedOn('吉𠮷甲').length, 1, 'the losing rename is kept');
  assert.equal(renamedOn('吉𠮷乙').length, 1);
  assert.notEqual(renamedOn('吉𠮷甲')[0], renamedOn('吉𠮷乙')[0], 'made on two devices');
  await waitValue(a, 'audit.message', `已导出 ${sheet.rows.length - 1} 条修改记录：${trail.suggestedFilename()}`);

  // No network at all: a third device takes everything from a bundle file.
  const download = a.waitForEvent('download');
  await click(a, 'sync.bundle_export');
  const bundle = join(profiles[0], 'bundle.gysync');
  await (await download).saveAs(bundle);
  const third = tempDir();
  const c = await launchPersistent(third, { viewport: { width: 1280, height: 800 } });
  const page = await c.newPage();  // never reaches the server: no key yet
  await page.goto(syncUrl(server.url));
  await waitReady(page);
  await c.setOffline(true);
  await click(page, 'nav.sync');
  // No network, no key yet: the passphrase opens the key file the bundle carries.
  await click(page, 'keys.passphrase');
  await page.keyboard.insertText(townshipPassphrase);
  const chooser = page.waitForEvent('filechooser');
  await click(page, 'sync.bundle_import');
  await (await chooser).setFiles(bundle);
  await waitValue(page, 'sync.bundle_message', '已导入同步文件：3 条新修改已合并，0 条本机已有。');
  await page.screenshot({ path: join(root, 'build', 'screenshots', 'sync-bundle.png') });
  await click(page, 'nav.registry');
  assert.equal(await search(page, '吉𠮷乙'), 1, 'the bundle converges like the server');
  await c.close();

  for (const c of contexts) await c.close();
  for (const p of [...profiles, third]) rmSync(p, { recursive: true, force: true, maxRetries: 5 });
});
