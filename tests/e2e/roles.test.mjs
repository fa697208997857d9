// 角色密钥: the clerk issues a joint school's administrator and a helper keys of their own; their devices
// (with no county data of their own) join with the account and receive only what their role may read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  launchPersistent, startServer, tempDir, openSyncDevice, syncNow, addChild, addPair, rename, click, waitReady, snapshot, root, syncTownship, deviceFolders,
} from './lib.mjs';

let server;
before(() => { server = startServer(); });
after(() => server.dispose());

const values = async (page) => (await snapshot(page)).values;

async function issue(clerk, kind, passphrase) {
  await click(clerk, 'nav.sync');
  await click(clerk, kind === 'school' ? 'roles.school' : 'roles.helper');
  await click(clerk, 'roles.record');
  await click(clerk, 'roles.pick_first');
  for (const field of ['roles.passphrase', 'roles.confirm']) {
    await click(clerk, field);
    await clerk.keyboard.press('Control+A');
    await clerk.keyboard.insertText(passphrase);
  }
  await click(clerk, 'roles.issue');
  for (const started = Date.now(); Date.now() - started < 30000; await clerk.waitForTimeout(100)) {
    const v = await values(clerk);
    if (v['roles.account']) return v['roles.account'];
    if (v['roles.message'] && !v['roles.message'].startsWith('本人')) throw new Error(v['roles.message']);
  }
  throw new Error('no role key issued');
}

// A device of the role, opened on the app with nothing of its own, joined with its account.
async function roleDevice(context, account, passphrase) {
  const page = await context.newPage();
  await page.goto(`${server.url}?test=1&township=${syncTownship}`);
  await waitReady(page);
  await click(page, 'nav.sync');
  await click(page, 'keys.account');
  await page.keyboard.insertText(account);
  await click(page, 'keys.passphrase');
  await page.keyboard.insertText(passphrase);
  await click(page, 'keys.join');
  for (const started = Date.now(); (await values(page))['keys.ready'] !== '1'; await page.waitForTimeout(100))
    if (Date.now() - started > 30000) throw new Error('could not join: ' + (await values(page))['keys.message']);
  return page;
}

test('a joint school administrator and a helper join with their own keys and receive only what their role may read', async () => {
  const profiles = [tempDir(), tempDir(), tempDir()];
  const [office, schoolPc, phone] = await Promise.all(profiles.map((p) => launchPersistent(p, { viewport: { width: 1280, height: 900 } })));
  const clerk = await openSyncDevice(office, server.url);
  await addChild(clerk, '王小花');
  await syncNow(clerk);
  const school = await issue(clerk, 'school', '一校联体管理员2026');
  assert.match(school, /^school\.[0-9a-f]{6}\.[0-9a-f]+$/);
  assert.ok(existsSync(join(server.run, 'store', syncTownship, 'keys', `${school}.gyk`)), 'the role key file is on the server');
  await clerk.screenshot({ path: join(root, 'build', 'screenshots', 'roles-issued.png') });
  await click(clerk, 'roles.code_kept');
  const helper = await issue(clerk, 'helper', '帮扶老师密码2026');
  await click(clerk, 'roles.code_kept');
  await syncNow(clerk);  // the roles' streams go up

  const admin = await roleDevice(schoolPc, school, '一校联体管理员2026');
  await admin.screenshot({ path: join(root, 'build', 'screenshots', 'roles-joined.png') });
  await syncNow(admin);
  await click(admin, 'nav.registry');
  const adminView = await values(admin);
  const teacher = await roleDevice(phone, helper, '帮扶老师密码2026');
  await syncNow(teacher);
  await click(teacher, 'nav.registry');
  const teacherView = await values(teacher);
  console.log(`administrator of ${school}: ${adminView['registry.students']} student(s); helper ${helper}: ${teacherView['registry.students']}`);
  assert.equal(adminView['registry.students'], '1', 'the child of the administrator\'s joint school arrived');
  assert.equal(adminView['registry.first'], '王小花');
  assert.equal(teacherView['registry.students'], '0', 'the helper is not paired with her: her record never reached the phone');
  await admin.screenshot({ path: join(root, 'build', 'screenshots', 'roles-school-registry.png') });

  // The clerk's second office PC corrects the pupil's name and is then switched off; the first PC pairs her
  // with the helper. Its round relays the second PC's commit to the helper (core/sync.h, Relays), sealed in
  // the files module as the township: the helper's phone has the corrected name without the second PC
  // syncing again (the first PC's own commits bring her record as it made it).
  const office2Profile = tempDir();
  const office2 = await launchPersistent(office2Profile, { viewport: { width: 1280, height: 900 } });
  const secondPc = await openSyncDevice(office2, server.url);
  await syncNow(secondPc);
  await rename(secondPc, '王小花', '王晓花');
  await syncNow(secondPc);
  await office2.close();
  await syncNow(clerk);
  await addPair(clerk, '王晓花', '2026-11-20');
  await syncNow(clerk);
  await click(clerk, 'nav.sync');
  assert.match((await values(clerk))['sync.problem_lines'], /代其他设备把 1 条修改转给了/);
  await clerk.screenshot({ path: join(root, 'build', 'screenshots', 'roles-relayed.png') });
  const changes = join(server.run, 'store', syncTownship, 'changes');
  const relays = deviceFolders(changes).flatMap((d) => readdirSync(join(changes, d)).filter((f) => f.endsWith('.gyr')));
  assert.equal(relays.length, 1, 'one relay file');
  assert.match(relays[0], /^[0-9a-f]{6}\.\d+\.helper\.[0-9a-f]{6}\.[0-9a-f]+\.gyr$/, 'the second PC\'s commit, for the helper');
  await syncNow(teacher);
  await click(teacher, 'nav.registry');
  const paired = await values(teacher);
  assert.equal(paired['registry.students'], '1', 'the pair brought the pupil to the helper');
  assert.equal(paired['registry.first'], '王晓花', 'the second PC\'s correction came by the relay');

  // What a role may write (core/scopes.h): the administrator's form of its pupil has 保存; the helper
  // may not register children, so its 新增学生 form opens read-only, with no 保存.
  await click(admin, 'registry.first_row');
  const pupil = await snapshot(admin);
  assert.equal(pupil.values['form.read_only'], '0');
  assert.ok('form.save' in pupil.items);
  await click(teacher, 'registry.add');
  const form = await snapshot(teacher);
  assert.equal(form.values['form.read_only'], '1');
  assert.ok(!('form.save' in form.items), 'no 保存 on a form the role may not fill');
  await teacher.screenshot({ path: join(root, 'build', 'screenshots', 'roles-read-only.png') });
  await Promise.all([office, schoolPc, phone].map((c) => c.close()));
  for (const p of [...profiles, office2Profile]) rmSync(p, { recursive: true, force: true, maxRetries: 5 });
});
