// 同步 through a bad line: a fault-injecting proxy (fault_proxy.mjs) between
// two devices and nginx drops connections, loses answers after nginx acted,
// cuts bodies in both directions, answers 500/503 and stalls. The app must go
// on working (every edit 已保存, the 同步 screen saying in Chinese what went
// wrong instead of hanging), and once the line is good again the two devices
// must converge: every edit on both, none lost, none twice, the later rename
// winning, and only whole files on the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import http from 'node:http';
import {
  launchPersistent, startServer, tempDir, openSyncDevice, syncNow, syncAttempt, addChild, search, rename,
  framesRendered, click, root, syncTownship, deviceFolders,
} from './lib.mjs';
import { startFaultProxy, faultKinds } from './fault_proxy.mjs';

let server, proxy;
before(async () => {
  server = startServer();
  // GONGYU_FAULT_SEED=<seed> replays the fault sequence of a failing run (as far as the requests come in the same order).
  const seed = process.env.GONGYU_FAULT_SEED;
  proxy = await startFaultProxy(server.url, { seed: seed ? Number(seed) : undefined });
  console.log(`fault proxy seed ${proxy.seed}`);
});
after(async () => {
  await proxy.close();
  server.dispose();
});

// One request through the proxy, with no retry of any kind (agent: false),
// answering what the client saw: a status and body, or the error.
function request(method, path, body) {
  return new Promise((resolve) => {
    const req = http.request(new URL(path, proxy.url), { method, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on('aborted', () => resolve({ status: res.statusCode, cut: true, got: Buffer.concat(chunks).length }));
    });
    req.on('error', (e) => resolve({ error: e.code || e.message }));
    req.end(body);
  });
}

const storeFile = (...parts) => join(server.run, 'store', ...parts);

test('the fault proxy injects each fault it is asked for; nginx keeps nothing of a PUT cut on its way and half of one told the shorter length', async () => {
  const file = (n) => `/store/proxytest/f${n}.gyc`;
  const body = 'line\n'.repeat(20000);  // 100 KB: several TCP segments, so a cut really lands mid-body

  proxy.clear();
  assert.equal((await request('PUT', file(1), body)).status, 201);
  assert.equal((await request('GET', file(1))).body, body, 'without faults the proxy passes bytes unchanged');

  proxy.setFaults({ drop: 1 });
  assert.equal((await request('GET', file(1))).error, 'ECONNRESET');

  proxy.setFaults({ cut: 1 });
  const cut = await request('GET', file(1));
  assert.ok(cut.cut && cut.status === 200 && cut.got > 0 && cut.got < body.length, 'headers and part of the body, then nothing: ' + JSON.stringify(cut));

  proxy.setFaults({ status500: 1 });
  assert.equal((await request('GET', file(1))).status, 500);
  proxy.setFaults({ status503: 1 });
  assert.equal((await request('GET', file(1))).status, 503);

  proxy.setFaults({ slow: 1 });
  const started = Date.now();
  assert.equal((await request('GET', file(1))).status, 200);
  assert.ok(Date.now() - started >= 2000, 'a slow answer takes at least 2 s');

  // The answer of a PUT lost after nginx stored it.
  proxy.setFaults({ lose: 1 });
  assert.equal((await request('PUT', file(2), body)).error, 'ECONNRESET');
  assert.equal(readFileSync(storeFile('proxytest', 'f2.gyc'), 'utf8'), body);

  // A PUT whose body is cut on its way: nginx buffers a PUT in a temporary
  // file and renames it into place only once the whole body came, so nothing
  // is stored (not even an empty or half file).
  proxy.setFaults({ cutPut: 1 });
  assert.equal((await request('PUT', file(3), body)).error, 'ECONNRESET');
  // nginx notices the closed connection a moment later; wait for its access-log line of that request.
  const logged = () => readFileSync(join(server.run, 'nginx', 'access.log'), 'utf8').includes('PUT /store/proxytest/f3.gyc');
  for (const deadline = Date.now() + 5000; !logged() && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
  assert.ok(logged(), 'nginx saw the cut PUT');
  assert.ok(!existsSync(storeFile('proxytest', 'f3.gyc')), 'a PUT cut on its way leaves no file on nginx');
  assert.deepEqual(readdirSync(join(server.run, 'nginx', 'client_body')), [], 'nor a temporary file');

  // A server without atomic PUT keeps what came: simulated by telling nginx the shorter length.
  proxy.setFaults({ partialPut: 1 });
  assert.equal((await request('PUT', file(4), body)).error, 'ECONNRESET');
  assert.equal(readFileSync(storeFile('proxytest', 'f4.gyc'), 'utf8'), body.slice(0, body.length / 2));

  // Only the store is faulted: the app's own files always come.
  proxy.setFaults({ drop: 1 });
  assert.equal((await request('GET', '/')).status, 200);
  proxy.clear();
  for (const kind of faultKinds) assert.ok(proxy.counts[kind] >= 1, `${kind} injected`);
  for (const kind of faultKinds) proxy.counts[kind] = 0;  // the next test counts its own
  rmSync(storeFile('proxytest'), { recursive: true, force: true });
});

// Every change file on the server is whole: a sealed file (core/seal.h) whose
// Ed25519 signature, by the key it names, holds over its bytes and its path —
// a file cut short or stored in part would fail it.
function checkStoreFilesWhole() {
  const changes = storeFile(syncTownship, 'changes');
  const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');  // DER header of a raw Ed25519 public key
  let files = 0;
  for (const device of deviceFolders(changes)) {
    for (const name of readdirSync(join(changes, device))) {
      const bytes = readFileSync(join(changes, device, name));
      assert.equal(bytes.subarray(0, 4).toString(), 'GYS1', `${device}/${name} is sealed`);
      const key = createPublicKey({ key: Buffer.concat([spkiPrefix, bytes.subarray(4, 36)]), format: 'der', type: 'spki' });
      const signed = Buffer.concat([bytes.subarray(0, bytes.length - 64), Buffer.from(`changes/${device}/${name}`)]);
      assert.ok(verify(null, signed, key, bytes.subarray(bytes.length - 64)), `${device}/${name} is whole (its signature holds)`);
      files++;
    }
  }
  return files;
}

// What the 同步 screen says about problems is the app's Chinese sentences:
// each line starts with Chinese text; what follows may name an HTTP status or a file.
function assertChineseProblems(lines) {
  for (const line of lines) {
    assert.match(line, /^[\u4e00-\u9fff]{2,}/u, 'a problem in Chinese: ' + line);
    assert.doesNotMatch(line, /拒绝.*HTTP 5/, 'a 500 or 503 is the server\'s trouble, not a refusal: ' + line);
  }
}

test('under heavy faults the app keeps working and says so in Chinese; once the faults stop two devices converge with nothing lost or doubled', async () => {
  const started = Date.now();
  const profiles = [tempDir(), tempDir()];
  const contexts = await Promise.all(profiles.map((p) => launchPersistent(p, { viewport: { width: 1280, height: 800 } })));
  // Both devices load the app and the sample county through the proxy (its files are never faulted).
  const a = await openSyncDevice(contexts[0], proxy.url);
  const b = await openSyncDevice(contexts[1], proxy.url);
  const devices = [['A', a], ['B', b]];

  // A child both devices know before the line goes bad, so both can rename her during the faults.
  proxy.clear();
  await addChild(a, '晴岚');
  await syncNow(a);
  assert.equal(await syncNow(b), 1);

  // Two mixes of faults take turns, cycle by cycle. A bad line fails most
  // requests, so few rounds get as far as an upload; the second mix lets the
  // listings through and cuts the uploads, so the PUT-only faults are met too.
  const mixes = [
    { drop: 0.12, lose: 0.08, cut: 0.12, status500: 0.1, status503: 0.1, slow: 0.1 },  // a bad line
    { lose: 0.1, cutPut: 0.35, partialPut: 0.35, status503: 0.05 },                     // uploads cut
  ];
  // Each device adds a child a cycle under its own stem (甲, 乙, …): the
  // names share no prefix with one another or the sample county.
  const stems = { A: '鸥', B: '鹭' };
  const cycles = '甲乙丙丁戊己';
  const added = [];
  const outcomes = [];
  let shot = 0;  // lines (title and problems) on the screenshot taken
  for (let cycle = 0; cycle < cycles.length; cycle++) {
    proxy.setFaults(mixes[cycle % mixes.length]);
    for (const [d, page] of devices) {
      const framesBefore = await framesRendered(page);
      const name = stems[d] + cycles[cycle];
      await addChild(page, name);  // waits for 已保存: saving on the device never waits on the line
      added.push(name);
      if (cycle === 1) {
        // Each renames its own first child, and both rename the shared one; B's is the later edit.
        await rename(page, stems[d] + '甲', (d === 'A' ? '鸦' : '鹊') + '甲');
        // (B may not have A's rename yet: 晴岚 finds her under either name.)
        await rename(page, '晴岚', d === 'A' ? '晴岚甲' : '晴岚乙');
      }
      for (let attempt = 0; attempt < 2; attempt++) {
        const outcome = await syncAttempt(page);  // ends: a round that ran, or a probe that failed; never hangs
        outcomes.push(outcome);
        if (outcome.started) {
          assert.ok(['failed', 'synced', 'pending'].includes(outcome['sync.state']), JSON.stringify(outcome));
          assert.equal(outcome['sync.state'] === 'failed', outcome['sync.problems'] !== '0', 'a round with problems says 同步未完成');
        }
        const lines = outcome['sync.problem_lines'].split('\n').filter(Boolean);
        assertChineseProblems(lines);
        // A round that lost the server says it stopped, not that the rest went on.
        if (lines.length) assert.equal(lines[0].includes('中途断开'), lines.some((l) => l.startsWith('无法连接服务器')), lines.join(' / '));
        // The 同步 screen of a failed round, for a person to look at: the one listing the most problems.
        if (outcome['sync.state'] === 'failed' && lines.length > shot) {
          mkdirSync(join(root, 'build', 'screenshots'), { recursive: true });
          await page.screenshot({ path: join(root, 'build', 'screenshots', 'sync-faults.png') });
          shot = lines.length;
        }
      }
      assert.ok(await framesRendered(page) > framesBefore, 'frames are still drawn');
    }
    // Both mixes at least once, and on until each kind of fault has been met.
    if (cycle >= mixes.length - 1 && faultKinds.every((k) => proxy.counts[k] > 0)) break;
  }
  const counts = { ...proxy.counts };
  console.log('faults injected:', JSON.stringify(counts));
  console.log('attempts:', outcomes.map((o) => (o.started ? o['sync.state'] : 'no-link')).join(' '));
  for (const kind of faultKinds) assert.ok(counts[kind] > 0, `${kind} was injected: ${JSON.stringify(counts)}`);
  assert.ok(outcomes.some((o) => o['sync.state'] === 'failed'), 'the faults showed as 同步未完成');
  assert.ok(shot > 0, 'a failed round was on screen');

  // The line is good again: a few rounds on each device and both hold everything.
  proxy.clear();
  const faultless = Date.now();
  // A half-stored file stays on the server, and the other device skips it as
  // damaged, until its owner's next round sends it again: so one round on
  // each first, then rounds that must come out clean.
  for (const page of [a, b]) await syncAttempt(page);
  for (const page of [a, b, a]) await syncNow(page, 30000);
  const convergeMs = Date.now() - faultless;
  const renamed = { 鸥甲: '鸦甲', 鹭甲: '鹊甲' };
  const finalNames = [...added.map((n) => renamed[n] || n), '晴岚乙'];
  const rows = [];
  for (const [d, page] of devices) {
    await click(page, 'nav.registry');
    for (const name of finalNames) assert.equal(await search(page, name), 1, `${name} once on ${d}`);
    for (const gone of [...Object.keys(renamed), '晴岚甲']) assert.equal(await search(page, gone), 0, `${gone} renamed on ${d}`);
    rows.push(await search(page, ''));
  }
  assert.equal(rows[0], rows[1], 'both devices show the same number of rows');
  const files = checkStoreFilesWhole();
  assert.ok(files >= 2, 'both devices have files on the server');
  console.log(`${added.length} children added, converged in ${convergeMs} ms after the faults stopped; ${files} whole files on the server; test ${Date.now() - started} ms`);

  for (const c of contexts) await c.close();
  for (const p of profiles) rmSync(p, { recursive: true, force: true, maxRetries: 5 });
});
