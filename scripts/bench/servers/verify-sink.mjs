// Many remote "hosts" on loopback: one HTTP server per port, each answering POSTs to its inboxes
// only after checking the draft-cavage signature (Digest, Date window, signing string, RSA-SHA256)
// as a receiving server must. The sender's key is fetched from the instance on first sight and
// cached as a KeyObject. Usage: verify-sink.mjs <ports> <instancePort> <portsFile>; prints READY.
// GET /__stats on any port: verified/failed counts and per-activity arrival times (wall ms).
import { createServer, request } from 'node:http';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const count = Number(process.argv[2] ?? 100);
const instancePort = Number(process.argv[3]);
const portsFile = process.argv[4];
const wallMs = () => performance.timeOrigin + performance.now();

const keys = new Map(); // keyId -> Promise<KeyObject>
const stats = { verified: 0, failed: 0, failures: {}, byActivity: {} };

/** The keyId's document from the instance (by its path; Host names the instance's domain). */
function fetchKey(keyId) {
  const url = new URL(keyId);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: instancePort, path: url.pathname, headers: { host: url.host, accept: 'application/activity+json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        try {
          const doc = JSON.parse(body);
          const pem = doc.publicKey?.id === keyId ? doc.publicKey.publicKeyPem : undefined;
          if (!pem) throw new Error(`no key ${keyId} in ${body.slice(0, 200)}`);
          resolve(createPublicKey(pem));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function keyFor(keyId) {
  let k = keys.get(keyId);
  if (!k) {
    k = fetchKey(keyId);
    k.catch(() => keys.delete(keyId));
    keys.set(keyId, k);
  }
  return k;
}

const PARAM = /(\w+)="([^"]*)"/g;

/** Returns null when the request is properly signed, else the reason. */
async function check(req, body) {
  const header = req.headers.signature;
  if (typeof header !== 'string') return 'no signature';
  const p = {};
  for (const m of header.matchAll(PARAM)) p[m[1]] = m[2];
  if (!p.keyId || !p.signature || !p.headers) return 'incomplete signature';
  const names = p.headers.split(' ');
  for (const required of ['(request-target)', 'host', 'date', 'digest']) if (!names.includes(required)) return `${required} not signed`;
  const date = Date.parse(req.headers.date ?? '');
  if (!(Math.abs(Date.now() - date) < 300_000)) return 'date outside the window';
  if (req.headers.digest !== `SHA-256=${createHash('sha256').update(body).digest('base64')}`) return 'digest mismatch';
  const signingString = names.map((n) => (n === '(request-target)' ? `${n}: ${req.method.toLowerCase()} ${req.url}` : `${n}: ${req.headers[n]}`)).join('\n');
  const key = await keyFor(p.keyId);
  return verify('sha256', Buffer.from(signingString), key, Buffer.from(p.signature, 'base64')) ? null : 'bad signature';
}

async function onRequest(req, res) {
  if (req.method === 'GET' && req.url === '/__stats') {
    const body = JSON.stringify(stats);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  if (req.method === 'POST' && req.url === '/__reset') {
    Object.assign(stats, { verified: 0, failed: 0, failures: {}, byActivity: {} });
    res.writeHead(204).end();
    return;
  }
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  if (req.method !== 'POST' || !/\/inbox$/.test(req.url)) {
    res.writeHead(404, { 'content-length': '0' }).end();
    return;
  }
  let reason;
  try {
    reason = await check(req, body);
  } catch (e) {
    reason = `key fetch failed: ${e.message}`;
  }
  if (reason) {
    stats.failed++;
    stats.failures[reason] = (stats.failures[reason] ?? 0) + 1;
    res.writeHead(401, { 'content-length': '0' }).end();
    return;
  }
  stats.verified++;
  const id = JSON.parse(body.toString('utf8')).id;
  const at = wallMs();
  const a = (stats.byActivity[id] ??= { count: 0, first: at, last: at });
  a.count++;
  a.last = at;
  res.writeHead(202, { 'content-length': '0' }).end();
}

const ports = [];
for (let i = 0; i < count; i++) {
  const server = createServer((req, res) => void onRequest(req, res));
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  ports.push(server.address().port);
}
writeFileSync(portsFile, JSON.stringify(ports));
process.stdout.write(`READY ${ports[0]}\n`);
process.on('SIGTERM', () => process.exit(0));
