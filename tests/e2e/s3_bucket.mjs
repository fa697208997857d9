// s3_bucket.mjs — an S3 bucket for end-to-end tests: npm's s3rver (a fake S3
// in Node that speaks the REST API, ListObjectsV2 and CORS), set up the way
// the README tells a county to set up its bucket:
//
//   * every presigned request's Version 4 signature is checked by signing the
//     request again with AWS's own signer (@smithy/signature-v4, what the AWS
//     SDK for JavaScript presigns with) and comparing; a wrong one is
//     answered 403 SignatureDoesNotMatch, an expired one 403 AccessDenied, as
//     S3 does (s3rver 3.7.1 itself accepts any Version 4 signature);
//   * CORS allows GET, PUT and HEAD from the portal's origin only;
//   * one access key per township, and its requests only under the
//     township's prefix, with no DELETE (s3rver has no IAM: the policy is
//     this file's, checked before s3rver sees the request);
//   * the county's own key (optional) may list the townships (the root) and
//     their aggregates/ folders, GET */aggregates/*, and GET and PUT county/*;
//   * anyone may GET under */keys/* and county/county.gyk (a new device fetches
//     the key file before it knows the access key); everything else needs a signature.
//
//   const bucket = await startS3Bucket({ origin: server.url, townships: { '430422105': key }, county: key });
//   bucket.url          the bucket's URL, path-style: http://127.0.0.1:port/gongyu/
//   bucket.requests     every request: { method, key, query, signed, status }
//   bucket.objects()    the keys stored, from s3rver's folder
//   bucket.issue(owner, key)  the county revokes the township's (or 'county') key and issues this one
//   await bucket.dispose();
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');
const FilesystemStore = require('s3rver/lib/stores/filesystem');

// s3rver 3.7.1 skips the folders beneath a common prefix before looking for objects in them, so a
// delimiter listing leaves out a prefix that holds only deeper keys (the townships' folders at the
// root: "430422106/aggregates/…"), which S3 lists. Such listings are made here without the
// delimiter and grouped as S3 groups them.
const listObjects = FilesystemStore.prototype.listObjects;
FilesystemStore.prototype.listObjects = async function (bucket, options) {
  const { delimiter = '', prefix = '', maxKeys = Infinity } = options;
  if (!delimiter) return listObjects.call(this, bucket, options);
  const all = await listObjects.call(this, bucket, { ...options, delimiter: '', maxKeys: Infinity });
  const prefixes = new Set(), objects = [];
  for (const object of all.objects) {
    const at = object.key.slice(prefix.length).indexOf(delimiter);
    if (at !== -1) prefixes.add(object.key.slice(0, prefix.length + at + 1));
    else objects.push(object);
  }
  return { objects: objects.slice(0, maxKeys), commonPrefixes: [...prefixes].sort(), isTruncated: objects.length > maxKeys };
};

export const bucketName = 'gongyu';
const objectSuffix = '._S3rver_object';  // s3rver keeps each object as <key>._S3rver_object beside its metadata

const corsRule = (origin) => `<CORSConfiguration><CORSRule>
  <AllowedOrigin>${origin}</AllowedOrigin>
  <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
  <MaxAgeSeconds>600</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;

const s3Error = (code, message) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

const presignParams = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'];

const amzDate = (text) =>
  new Date(text.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));

// Why S3 would refuse this presigned request ('' when it would not): the
// request signed again by AWS's signer with the secret of the key it names.
async function signatureFault(ctx, keys) {
  const q = ctx.query;
  const [accessKey, , region, service] = q['X-Amz-Credential'].split('/');
  const key = Object.values(keys).find((k) => k.id === accessKey);
  if (!key) return 'InvalidAccessKeyId';
  const signedAt = amzDate(q['X-Amz-Date']), expires = Number(q['X-Amz-Expires']);
  if (!(Date.now() >= signedAt - 15 * 60e3 && Date.now() <= +signedAt + expires * 1000)) return 'AccessDenied';
  if (q['X-Amz-SignedHeaders'] !== 'host') return 'SignatureDoesNotMatch';
  const signer = new SignatureV4({
    credentials: { accessKeyId: key.id, secretAccessKey: key.secret }, region, service,
    sha256: Hash.bind(null, 'sha256'), uriEscapePath: false,  // S3: the path is signed as sent
  });
  const query = Object.fromEntries(Object.entries(q).filter(([name]) => !presignParams.includes(name)));
  const unsigned = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };  // as the SDK's S3 presigner does
  const again = await signer.presign(
    { method: ctx.method, protocol: 'http:', hostname: ctx.hostname, port: ctx.host.split(':')[1],
      path: ctx.req.url.split('?')[0], query, headers: { host: ctx.host, ...unsigned } },
    { signingDate: signedAt, expiresIn: expires, unsignableHeaders: new Set(Object.keys(unsigned)),
      unhoistableHeaders: new Set(Object.keys(unsigned)) });
  return again.query['X-Amz-Signature'] === q['X-Amz-Signature'] ? '' : 'SignatureDoesNotMatch';
}

// What the county's policy lets `accessKey` do with `key` (the object key, or
// the listing's prefix): the township it was issued for, never DELETE; the
// county's key, the townships' figures and its own folder.
function allowed({ method, key, listing, accessKey }, keys) {
  if (method === 'OPTIONS') return true;
  if (!accessKey) return (method === 'GET' || method === 'HEAD') && /^[^/]+\/keys\/|^county\/county\.gyk$/.test(key);
  const owner = Object.entries(keys).find(([, k]) => k.id === accessKey)?.[0];
  if (owner === 'county') {
    const figures = /^[^/]+\/aggregates\//.test(key);
    if (listing) return key === '' || figures;
    return (method === 'GET' && figures) || ((method === 'GET' || method === 'PUT') && key.startsWith('county/'));
  }
  return owner !== undefined && method !== 'DELETE' && key.startsWith(owner + '/');
}

function describe(ctx) {
  const path = decodeURIComponent(ctx.path);
  const inBucket = path.startsWith(`/${bucketName}/`) ? path.slice(bucketName.length + 2) : null;
  const key = inBucket === '' ? (ctx.query.prefix ?? '') : (inBucket ?? path);
  const credential = ctx.query['X-Amz-Credential'];
  return { method: ctx.method, key, listing: inBucket === '', query: ctx.querystring, signed: !!credential,
           accessKey: credential ? credential.split('/')[0] : '' };
}

export async function startS3Bucket({ origin, townships, county, port = 0 }) {
  const keys = { ...townships, ...(county ? { county } : {}) };
  const directory = mkdtempSync(join(tmpdir(), 'gongyu-s3-'));
  const server = new S3rver({
    port, address: '127.0.0.1', silent: true, directory,
    configureBuckets: [{ name: bucketName, configs: [corsRule(new URL(origin).origin)] }],
  });
  for (const key of Object.values(keys)) AWSAccount.DUMMY_ACCOUNT.createKeyPair(key.id, key.secret);

  const requests = [];
  const policy = async (ctx, next) => {
    const request = describe(ctx);
    requests.push(request);
    try {
      const fault = request.signed && ctx.method !== 'OPTIONS' ? await signatureFault(ctx, keys) : '';
      if (fault || !allowed(request, keys)) {
        ctx.status = 403;
        ctx.set('Access-Control-Allow-Origin', ctx.get('Origin') || '*');
        ctx.type = 'application/xml';
        ctx.body = s3Error(fault || 'AccessDenied', fault ? 'refused by the signature check' : 'not allowed by the bucket policy');
        request.fault = fault || 'policy';
      } else {
        await next();
      }
    } catch (e) {  // s3rver's S3Errors, answered by Koa after this
      request.status = e.status || 500, request.fault = e.code || String(e);
      throw e;
    }
    request.status = ctx.status;
  };
  server.middleware.unshift(policy);  // before s3rver's own: Koa composes them at listen

  const { port: bound } = await server.run();
  return {
    url: `http://127.0.0.1:${bound}/${bucketName}/`,
    requests,
    objects() {
      const root = join(directory, bucketName);
      const walk = (dir) => readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? walk(path) : [relative(root, path)];
      });
      return walk(root).filter((f) => f.endsWith(objectSuffix)).map((f) => f.slice(0, -objectSuffix.length));
    },
    objectPath: (key) => join(directory, bucketName, key + objectSuffix),
    issue(owner, key) {
      AWSAccount.DUMMY_ACCOUNT.revokeAccessKey(keys[owner].id);  // s3rver knows key IDs (not V4 secrets)
      AWSAccount.DUMMY_ACCOUNT.createKeyPair(key.id, key.secret);
      keys[owner] = key;
    },
    async dispose() {
      await server.close();
      for (const key of Object.values(keys)) AWSAccount.DUMMY_ACCOUNT.revokeAccessKey(key.id);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
