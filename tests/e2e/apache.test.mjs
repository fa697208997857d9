// 同步 through Apache: the app comes from nginx, the sync store is a real
// Apache 2.4 with mod_dav on another origin (CORS, preflights for PROPFIND,
// PUT and MKCOL), configured as the README tells a county. Two devices set up
// and join the township's key, each adds a child, both rename one offline:
// both end with every edit and the later rename, and Apache holds only sealed files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  launchPersistent, startServer, startApache, tempDir, openSyncDevice, syncNow, addChild, search, click, syncTownship,
  concurrentRenamesConverge,
  townshipPassphrase, deviceFolders,
} from './lib.mjs';

let server, apache;
before(() => { server = startServer(); apache = startApache(); });
after(() => { apache.dispose(); server.dispose(); });

test('two devices sync through Apache mod_dav on another origin: keys, additions on each, offline renames converge', async () => {
  const profiles = [tempDir(), tempDir()];
  const contexts = await Promise.all(profiles.map((p) => launchPersistent(p, { viewport: { width: 1280, height: 800 } })));
  const a = await openSyncDevice(contexts[0], server.url, syncTownship, apache.url);  // sets the key up: PUT → 409 → MKCOL
  const b = await openSyncDevice(contexts[1], server.url, syncTownship, apache.url);  // joins: GET of the key file
  const store = join(apache.run, 'store', syncTownship);
  assert.ok(!readFileSync(join(store, 'keys', 'township.gyk')).includes(townshipPassphrase));

  await addChild(a, '吉𠮷');
  assert.equal(await syncNow(a), 0);
  const devices = deviceFolders(join(store, 'changes'));
  assert.equal(devices.length, 1, 'one device folder on Apache: ' + devices);
  for (const f of readdirSync(join(store, 'changes', devices[0]))) {
    const bytes = readFileSync(join(store, 'changes', devices[0], f));
    assert.ok(!bytes.includes('吉𠮷') && !bytes.includes('student'), 'sealed change file ' + f);
  }
  assert.equal(await syncNow(b), 1, 'B lists A\'s folder by PROPFIND and fetches the commit');
  await click(b, 'nav.registry');
  assert.equal(await search(b, '吉𠮷'), 1);

  await addChild(b, '石磊');
  assert.equal(await syncNow(b), 0);
  assert.equal(await syncNow(a), 1);
  await click(a, 'nav.registry');
  assert.equal(await search(a, '石磊'), 1);

  await concurrentRenamesConverge(contexts, a, b, '吉𠮷');
  for (const page of [a, b]) assert.equal(await search(page, '石磊'), 1);

  // What Apache saw: listings by PROPFIND, folders made by MKCOL, nothing deleted;
  // and nothing went to nginx's own store.
  const log = readFileSync(join(apache.run, 'apache', 'access.log'), 'utf8');
  assert.match(log, / PROPFIND \/gongyu-store\/430422105\/changes\/ 207 /);
  assert.match(log, / MKCOL \/gongyu-store\/430422105\/ 201 /);
  assert.match(log, / PUT \/gongyu-store\/430422105\/keys\/township.gyk 409 /);
  assert.match(log, / OPTIONS \/gongyu-store\/430422105\/changes\/ 200 /, 'the browser asked before PROPFIND (CORS preflight)');
  assert.doesNotMatch(log, / (DELETE|MOVE|LOCK) /);
  assert.ok(!existsSync(join(server.run, 'store', syncTownship)), 'nginx\'s store stayed empty');

  for (const c of contexts) await c.close();
  for (const p of profiles) rmSync(p, { recursive: true, force: true, maxRetries: 5 });
});
