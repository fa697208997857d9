// 同步 through an S3 bucket: the app comes from nginx, the township's folder is
// a key prefix in a bucket on another origin (s3rver, which checks every
// Version 4 signature; tests/e2e/s3_bucket.mjs sets it up as the README tells
// a county). The clerk sets the township up typing the county's access key
// once (a wrong secret is refused and stores nothing); a second device joins
// with the passphrase alone and signs with the key it found in the key file;
// an addition arrives and offline renames converge; the bucket holds only
// sealed objects under the township's prefix, and saw no unsigned request
// beyond the key file and no DELETE. Then the county revokes the key: the
// clerk types the new one while changing the passphrase, and the other
// device, refused once, opens it from the key file and syncs on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  launchPersistent, startServer, tempDir, syncUrl, syncNow, addChild, search, click, snapshot, waitReady,
  ensureTownshipKeys, concurrentRenamesConverge, root, syncTownship, townshipPassphrase,
} from './lib.mjs';
import { startS3Bucket } from './s3_bucket.mjs';

const accessKey = { id: 'LTAI5tGongyu430422105', secret: 'v8Kq2mZ7xP4dN1sW9cH3bT6yR0fJ5uLe' };
const reportingTownship = '430422106';
const reportingKey = { id: 'LTAI5tGongyu430422106', secret: 'Hn3Wq8Zt1Lx6Vb9Rk2Md5Yc7Pf0Sg4Ju' };
const countyKey = { id: 'LTAI5tGongyuCountyView', secret: 'Ce4Tz9Kw2Qm7Xv1Nb6Rh3Ld8Fp5Sy0Ga' };
let server, bucket;
before(async () => {
  server = startServer();
  bucket = await startS3Bucket({
    origin: server.url, townships: { [syncTownship]: accessKey, [reportingTownship]: reportingKey }, county: countyKey });
});
after(async () => { await bucket.dispose(); server.dispose(); });

const region = '&s3-region=oss-cn-changsha';
const bucketUrl = (township = syncTownship) => syncUrl(server.url, township, bucket.url) + region;

async function typeInto(page, id, text) {
  await click(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

// 首次设置 with the passphrase and the access key; the values once it is answered.
// The county's page has no 同步: its key panel is on the first screen.
async function setUp(page, secret, { id = accessKey.id, passphrase = townshipPassphrase, county = false } = {}) {
  if (!county) await click(page, 'nav.sync');
  await typeInto(page, 'keys.passphrase', passphrase);
  await typeInto(page, 'keys.confirm', passphrase);
  await typeInto(page, 'keys.storage_id', id);
  await typeInto(page, 'keys.storage_secret', secret);
  await click(page, 'keys.setup');
  for (const deadline = Date.now() + 30000; Date.now() < deadline; await page.waitForTimeout(100)) {
    const v = (await snapshot(page)).values;
    if (v['keys.ready'] === '1' || (v['keys.busy'] === '0' && v['keys.message'])) return v;
  }
  throw new Error('set-up did not finish');
}

test('two devices sync through an S3 bucket with signed requests: the access key typed once, learnt from the key file, offline renames converge; a revoked key is replaced and the other device takes the new one', async () => {
  const profiles = [tempDir(), tempDir()];
  const contexts = await Promise.all(profiles.map((p) => launchPersistent(p, { viewport: { width: 1280, height: 800 } })));
  const [a, b] = await Promise.all(contexts.map((c) => c.newPage()));
  await a.goto(bucketUrl());
  await waitReady(a);

  // A mistyped secret: the bucket refuses the signature, nothing is kept.
  const refused = await setUp(a, accessKey.secret.slice(0, -1) + 'x');
  assert.notEqual(refused['keys.ready'], '1');
  assert.match(refused['keys.message'], /[\u4e00-\u9fff]/, 'a message in Chinese: ' + refused['keys.message']);
  assert.deepEqual(bucket.objects(), [], 'nothing stored with a wrong signature');
  assert.ok(bucket.requests.some((r) => r.fault === 'SignatureDoesNotMatch'), 'the bucket refused the signature');

  const withTheRightKey = bucket.requests.length;
  const v = await setUp(a, accessKey.secret);
  assert.equal(v['keys.ready'], '1', 'set up: ' + v['keys.message']);
  await click(a, 'keys.code_kept');
  const keyFile = readFileSync(bucket.objectPath(`${syncTownship}/keys/township.gyk`));
  for (const secret of [townshipPassphrase, accessKey.id, accessKey.secret]) assert.ok(!keyFile.includes(secret));

  await b.goto(bucketUrl());
  await waitReady(b);
  await ensureTownshipKeys(b);  // the passphrase only: the access key comes in the key file

  await addChild(a, '吉𠮷');
  assert.equal(await syncNow(a), 0);
  assert.equal(await syncNow(b), 1, 'B lists the prefix (ListObjectsV2) and fetches the commit');
  await click(b, 'nav.registry');
  assert.equal(await search(b, '吉𠮷'), 1);
  await concurrentRenamesConverge(contexts, a, b, '吉𠮷');
  // 核对修改记录 over the bucket: every change file fetched again, its signature checked.
  await click(a, 'nav.sync');
  await click(a, 'audit.check');
  for (let tries = 0; !(await snapshot(a)).values['audit.check_message'].startsWith('核对完毕'); ++tries) {
    assert.ok(tries < 200, 'the check ends');
    await a.waitForTimeout(100);
  }
  assert.equal((await snapshot(a)).values['audit.check_findings'], '0');
  await a.waitForTimeout(200);
  await a.screenshot({ path: join(root, 'build', 'screenshots', 'sync-s3.png') });

  // What the bucket saw and holds.
  const objects = bucket.objects();
  assert.ok(objects.some((k) => k.startsWith(`${syncTownship}/changes/`)), 'change files: ' + objects);
  for (const key of objects) {
    assert.ok(key.startsWith(`${syncTownship}/`), 'under the township\'s prefix: ' + key);
    const bytes = readFileSync(bucket.objectPath(key));
    assert.ok(!bytes.includes('吉𠮷') && !bytes.includes('student'), 'sealed: ' + key);
  }
  // The link probe is an unsigned HEAD of the bucket: any answer, even 403, says the line is up.
  const probe = (r) => r.method === 'HEAD' && r.key === '' && !r.signed;
  const later = bucket.requests.slice(withTheRightKey).filter((r) => !probe(r));
  assert.ok(later.some((r) => r.method === 'GET' && /list-type=2/.test(r.query)), 'listed by ListObjectsV2');
  assert.ok(!later.some((r) => r.method === 'DELETE'), 'nothing deleted');
  const unsigned = later.filter((r) => !r.signed && r.method !== 'OPTIONS');
  assert.ok(unsigned.every((r) => r.key.includes('/keys/')), 'unsigned only for key files: ' + JSON.stringify(unsigned));
  const failed = later.filter((r) => r.status >= 400 && !(r.status === 404 && r.method !== 'PUT'));
  assert.deepEqual(failed, [], 'no request refused once the key was right');
  assert.ok(later.filter((r) => r.signed).length > 10, 'signed requests checked: ' + later.length);

  // The county revokes the key and issues a new one. The clerk types it while changing the
  // passphrase; B, joined long before, is refused once, opens the new key from the key file
  // with the township's key it holds, and syncs on.
  const issued = { id: 'LTAI5tGongyuNew', secret: 'Q3nV7bX1cZ9mK5wR2tY8uH4jL6pD0sFa' };
  bucket.issue(syncTownship, issued);
  await click(a, 'keys.change');
  await typeInto(a, 'keys.passphrase', '大塘镇共育2027');
  await typeInto(a, 'keys.confirm', '大塘镇共育2027');
  await typeInto(a, 'keys.storage_id', issued.id);
  await typeInto(a, 'keys.storage_secret', issued.secret);
  await a.screenshot({ path: join(root, 'build', 'screenshots', 'sync-s3-new-key.png') });
  await click(a, 'keys.change_confirm');
  for (let tries = 0; (await snapshot(a)).values['keys.recovery_code'] === ''; ++tries) {
    assert.ok(tries < 300, 'the change ends: ' + (await snapshot(a)).values['keys.message']);
    await a.waitForTimeout(100);
  }
  assert.match((await snapshot(a)).values['keys.message'], /访问密钥已更换/);
  await click(a, 'keys.code_kept');
  await addChild(a, '石磊');
  assert.equal(await syncNow(a), 0, 'A signs with the new key');
  const refusedBefore = bucket.requests.filter((r) => r.fault).length;
  await click(b, 'nav.sync');
  await click(b, 'sync.now');
  for (let tries = 0; ; ++tries) {
    const v = (await snapshot(b)).values;
    if (v['sync.state'] === 'synced' && v['sync.problems'] === '0' && Number(v['sync.received']) >= 2) break;
    assert.ok(tries < 300, 'B learns the new key and syncs: ' + JSON.stringify(v));
    await b.waitForTimeout(100);
  }
  assert.ok(bucket.requests.filter((r) => r.fault).length > refusedBefore, 'B was refused with the old key first');
  await click(b, 'nav.registry');
  assert.equal(await search(b, '石磊'), 1);

  for (const c of contexts) await c.close();
  for (const p of profiles) rmSync(p, { recursive: true, force: true, maxRetries: 5 });
});

// The county reads from the same bucket with an access key of its own, which the bucket policy
// lets list the townships and read their aggregates/ (and its key file) only. It types it once
// at set-up; a township device whose portal page names the county's public key puts its figures
// up after a sync; a second county PC joins with the passphrase alone and sees them.
test('the county reads every township\'s figures from the bucket with its own access key, typed once and learnt by its other PCs', async () => {
  const contexts = await Promise.all([0, 1, 2].map(() => launchPersistent(tempDir(), { viewport: { width: 1280, height: 800 } })));
  const countyPage = `${server.url}?test=1&role=county&backend=${encodeURIComponent(bucket.url)}${region}`;
  const county = await contexts[0].newPage();
  await county.goto(countyPage);
  await waitReady(county);
  let v = await setUp(county, countyKey.secret, { id: countyKey.id, passphrase: '衡南县教育局2026', county: true });
  assert.equal(v['keys.ready'], '1', 'the county set up: ' + v['keys.message']);
  await click(county, 'keys.code_kept');
  const keyFile = readFileSync(bucket.objectPath('county/county.gyk'));
  assert.ok(!keyFile.includes(countyKey.secret) && !keyFile.includes(countyKey.id), 'the access key sealed in the key file');
  for (let tries = 0; !(v = (await snapshot(county)).values)['county.public_key']; ++tries) {
    assert.ok(tries < 100, 'the public key shown');
    await county.waitForTimeout(100);
  }

  const township = await contexts[1].newPage();
  await township.goto(bucketUrl(reportingTownship) + '&county-key=' + v['county.public_key']);
  await waitReady(township);
  assert.equal((await setUp(township, reportingKey.secret, { id: reportingKey.id }))['keys.ready'], '1');
  await click(township, 'keys.code_kept');
  await addChild(township, '石小禾');
  await syncNow(township);
  for (let tries = 0; !bucket.objects().some((k) => k.startsWith(`${reportingTownship}/aggregates/`)); ++tries) {
    assert.ok(tries < 200, 'figures put up: ' + bucket.objects());
    await township.waitForTimeout(100);
  }

  const second = await contexts[2].newPage();
  await second.goto(countyPage);
  await waitReady(second);
  await typeInto(second, 'keys.passphrase', '衡南县教育局2026');
  await click(second, 'keys.join');
  for (let tries = 0; !((v = (await snapshot(second)).values)['county.table'] || '').includes(reportingTownship); ++tries) {
    assert.ok(tries < 300, 'the figures shown on the second county PC: ' + JSON.stringify(v) + '\nrequests: ' +
      JSON.stringify(bucket.requests.filter((r) => r.accessKey === countyKey.id || r.key.startsWith('county/'))));
    await second.waitForTimeout(100);
  }
  const row = v['county.table'].split('\n').find((line) => line.startsWith(reportingTownship + '\t'));
  assert.ok(Number(row.split('\t')[2]) >= 1, 'a special-group child counted: ' + row);
  assert.equal(v['county.problems'], '', 'every township\'s figures opened');
  await second.waitForTimeout(300);
  await second.screenshot({ path: join(root, 'build', 'screenshots', 'county-s3.png') });

  const byCounty = bucket.requests.filter((r) => r.accessKey === countyKey.id);
  assert.ok(byCounty.some((r) => r.listing && r.key === ''), 'the townships listed at the root');
  assert.ok(byCounty.some((r) => r.method === 'GET' && r.key.startsWith(`${reportingTownship}/aggregates/`)), 'the figures read');
  assert.deepEqual(byCounty.filter((r) => r.fault), [], 'the county\'s key asked only for what its policy allows');
  for (const c of contexts) await c.close();
});
