#!/usr/bin/env node
// package.mjs — turns the Emscripten output into the folder nginx serves.
//
//   node tools/package.mjs <build/web> <dist>
//
// Content-hashed names for the app code (cached for a year), stable names for
// the page, the embed script and the service worker (revalidated on each
// visit), and brotli + gzip copies of everything for nginx's *_static.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const [buildDir, distDir] = process.argv.slice(2);
if (!buildDir || !distDir) {
  console.error('usage: package.mjs <emscripten build dir> <dist dir>');
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const label = process.env.GONGYU_BUILD_LABEL || '';  // lets tests make a distinguishable second build

const hash = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 10);
};

const wasm = readFileSync(join(buildDir, 'gongyu.wasm'));
const appJs = readFileSync(join(buildDir, 'gongyu.js'));
const codeHash = hash(wasm, appJs);
const names = { js: `gongyu.${codeHash}.js`, wasm: `gongyu.${codeHash}.wasm` };
// The files module (.xlsx in and out, sealing sync files): not loaded on the first visit, fetched on first use
// (the first export, import or sync round) and cached by sw.js for offline use.
const filesWasm = readFileSync(join(buildDir, 'gongyu_files.wasm'));
const filesJs = readFileSync(join(buildDir, 'gongyu_files.js'));
const filesHash = hash(filesWasm, filesJs);
names.filesJs = `gongyu_files.${filesHash}.js`;
names.filesWasm = `gongyu_files.${filesHash}.wasm`;

const fill = (text, version) => text
  .replaceAll('__GONGYU_APP_JS__', names.js)
  .replaceAll('__GONGYU_APP_WASM__', names.wasm)
  .replaceAll('__GONGYU_FILES_JS__', names.filesJs)
  .replaceAll('__GONGYU_FILES_WASM__', names.filesWasm)
  .replaceAll('__GONGYU_VERSION__', version);

const embedSource = readFileSync(join(root, 'web/embed.js'), 'utf8');
const indexSource = readFileSync(join(root, 'index.html'), 'utf8');
const version = hash(codeHash, filesHash, embedSource, indexSource, label);

const files = new Map([
  [names.wasm, wasm],
  [names.js, appJs],
  [names.filesWasm, filesWasm],
  [names.filesJs, filesJs],
  ['embed.js', Buffer.from(fill(embedSource, version) + (label ? `\n// build ${label}\n` : ''))],
  ['index.html', Buffer.from(fill(indexSource, version))],
]);
const shell = ['./', ...files.keys()];
const sw = fill(readFileSync(join(root, 'web/sw.js'), 'utf8'), version)
  .replace('__GONGYU_ASSETS__', JSON.stringify(shell));
files.set('sw.js', Buffer.from(sw));

rmSync(distDir, { recursive: true, force: true });
mkdirSync(distDir, { recursive: true });
const rows = [];
for (const [name, data] of files) {
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  const gz = gzipSync(data, { level: 9 });
  writeFileSync(join(distDir, name), data);
  writeFileSync(join(distDir, name + '.br'), br);
  writeFileSync(join(distDir, name + '.gz'), gz);
  rows.push([name, data.length, gz.length, br.length]);
}
writeFileSync(join(distDir, 'build.json'), JSON.stringify({ version, files: [...files.keys()] }, null, 1));

const kb = (n) => (n / 1024).toFixed(1).padStart(8);
console.log(`packaged ${version} into ${distDir}`);
console.log('  file                          raw KB  gzip KB  brotli KB');
for (const [name, raw, gz, br] of rows) console.log(`  ${name.padEnd(28)}${kb(raw)}${kb(gz)}${kb(br)}`);
const total = rows.reduce((a, r) => [a[0] + r[1], a[1] + r[2], a[2] + r[3]], [0, 0, 0]);
console.log(`  ${'total'.padEnd(28)}${kb(total[0])}${kb(total[1])}${kb(total[2])}`);
// What a first visit downloads: everything but the files module and the service worker's own copy.
const firstVisit = rows.filter(([name]) => !name.startsWith('gongyu_files.') && name !== 'sw.js');
const lazy = rows.filter(([name]) => name.startsWith('gongyu_files.'));
const sum = (list) => list.reduce((a, r) => a + r[3], 0);
console.log(`  first visit (brotli): ${(sum(firstVisit) / 1024).toFixed(1)} KB; files module on first use: ${(sum(lazy) / 1024).toFixed(1)} KB`);
