// fault_proxy.mjs — an HTTP proxy in front of the test's nginx that breaks the
// sync store's traffic on purpose, the way a township's line and a county's
// server do: connections dropped, answers lost after the server acted, bodies
// cut mid-way in either direction, 500/503, and slow answers.
//
// Everything is forwarded (the app's files too, so the page, its service worker
// and its store share one origin, as in production); faults are injected only
// on requests under /store/, chosen per request from a mix set at runtime:
//
//   const proxy = await startFaultProxy(server.url);
//   proxy.setFaults({ drop: 0.1, cut: 0.1, status503: 0.1, slow: 0.1 });
//   ... proxy.counts.cut ...
//   proxy.clear();
//
// Kinds (each a probability; at most one fault per request, rolled in this order):
//   drop       the connection is closed before the request reaches nginx: no answer
//   lose       nginx does the request (a PUT is stored), then the answer is lost
//   cut        nginx answers, the client gets the headers with the real
//              Content-Length and half the body, then the connection closes
//   cutPut     a PUT's body is cut on its way to nginx: the first half is sent,
//              then the upstream request is aborted; the client gets no answer
//              (only PUTs with a body; other requests skip this roll). nginx
//              stores nothing then: it writes a PUT to a temporary file and
//              renames it only when the whole body came.
//   partialPut a PUT stores only the first half of its body, and the answer is
//              lost: what a server without atomic PUT leaves after a cut line
//              (nginx is told the shorter length, so it keeps the part)
//   status500  answered 500 without asking nginx
//   status503  answered 503 (with Retry-After) without asking nginx
//   slow       forwarded normally after a delay of slowMs[0]..slowMs[1] ms
//
// node:http only: no dependency beyond what the tests already use.
import http from 'node:http';

export const faultKinds = ['drop', 'lose', 'cut', 'cutPut', 'partialPut', 'status500', 'status503', 'slow'];

// A small deterministic generator, so a failing run can be replayed with its seed.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function endToEndHeaders(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers)) if (!hopByHop.has(k.toLowerCase())) out[k] = v;
  return out;
}

// target: the nginx base URL ("http://127.0.0.1:18080/"). Resolves once listening.
export async function startFaultProxy(target, { seed = Date.now() & 0xffffffff, slowMs = [2000, 5000], storePrefix = '/store/' } = {}) {
  const upstream = new URL(target);
  const random = mulberry32(seed);
  let mix = {};
  const counts = Object.fromEntries([...faultKinds, 'storeRequests', 'forwarded'].map((k) => [k, 0]));
  const log = [];  // every injected fault: { kind, method, path }
  const sockets = new Set();

  // Each kind of the mix is met at least once, whatever the seed: the first request it fits gets it.
  function choose(req, hasBody) {
    const fits = (kind) => !((kind === 'cutPut' || kind === 'partialPut') && !(req.method === 'PUT' && hasBody));
    const unmet = faultKinds.find((kind) => (mix[kind] || 0) > 0 && counts[kind] === 0 && fits(kind));
    if (unmet) return unmet;
    let r = random();
    for (const kind of faultKinds) {
      if (!fits(kind)) continue;
      const p = mix[kind] || 0;
      if (r < p) return kind;
      r -= p;
    }
    return null;
  }

  function inject(kind, req) {
    counts[kind]++;
    log.push({ kind, method: req.method, path: req.url });
  }

  // Sends the request on to nginx; resolves with its whole answer.
  function forward(req, body) {
    return new Promise((resolve, reject) => {
      const headers = endToEndHeaders(req.headers);
      headers.host = upstream.host;
      if (body.length || req.method === 'PUT') headers['content-length'] = String(body.length);
      const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: endToEndHeaders(res.headers), body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });
  }

  // Half of the body reaches nginx, then the upstream connection is aborted.
  // Resolves once the abort happened (nginx then drops what it had buffered).
  function forwardCut(req, body) {
    return new Promise((resolve) => {
      const headers = endToEndHeaders(req.headers);
      headers.host = upstream.host;
      headers['content-length'] = String(body.length);  // the real length: nginx waits for the rest
      const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers });
      up.on('error', () => {});  // the abort itself
      up.flushHeaders();
      up.write(body.subarray(0, Math.floor(body.length / 2)), () => {
        // Give nginx a moment to read the part, so it really holds a partial body when the line dies.
        setTimeout(() => { up.destroy(); resolve(); }, 50);
      });
    });
  }

  function answer(res, { status, headers, body }) {
    res.writeHead(status, { ...headers, 'content-length': String(body.length) });
    res.end(body);
  }

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const isStore = req.url.startsWith(storePrefix);
    const kind = isStore ? choose(req, body.length > 0) : null;
    if (isStore) counts.storeRequests++;
    if (process.env.GONGYU_PROXY_TRACE && isStore) {
      const t0 = Date.now();
      res.on('close', () => console.log(`proxy ${new Date(t0).toISOString().slice(11, 23)} ${req.method} ${req.url} ${kind || '-'} ${Date.now() - t0} ms`));
    }
    try {
      switch (kind) {
        case 'drop':
          inject(kind, req);
          return req.socket.destroy();
        case 'status500':
        case 'status503':
          inject(kind, req);
          return answer(res, {
            status: kind === 'status500' ? 500 : 503,
            headers: { 'content-type': 'text/plain', ...(kind === 'status503' ? { 'retry-after': '2' } : {}) },
            body: Buffer.from(kind === 'status500' ? 'injected 500\n' : 'injected 503\n'),
          });
        case 'cutPut':
          inject(kind, req);
          await forwardCut(req, body);
          return req.socket.destroy();
        case 'partialPut':
          inject(kind, req);
          await forward(req, body.subarray(0, Math.floor(body.length / 2))).catch(() => {});
          return req.socket.destroy();
        case 'slow':
          inject(kind, req);
          await new Promise((r) => setTimeout(r, slowMs[0] + random() * (slowMs[1] - slowMs[0])));
          break;
        default:
          break;
      }
      const got = await forward(req, body);
      counts.forwarded++;
      if (kind === 'lose' || (kind === 'cut' && got.body.length < 2)) {
        // A cut needs a body to cut; without one the answer is simply lost.
        inject('lose', req);
        return req.socket.destroy();
      }
      if (kind === 'cut') {
        inject(kind, req);
        res.writeHead(got.status, { ...got.headers, 'content-length': String(got.body.length) });
        res.write(got.body.subarray(0, Math.floor(got.body.length / 2)), () => req.socket.destroy());
        return;
      }
      answer(res, got);
    } catch (e) {
      // nginx itself failed us (it should not): tell the client plainly.
      if (!res.headersSent) answer(res, { status: 502, headers: { 'content-type': 'text/plain' }, body: Buffer.from(String(e)) });
      else req.socket.destroy();
    }
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}/`,
    seed,
    counts,
    log,
    setFaults(m) {
      for (const k of Object.keys(m)) if (!faultKinds.includes(k)) throw new Error(`unknown fault ${k}`);
      mix = { ...m };
    },
    clear() { mix = {}; },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
