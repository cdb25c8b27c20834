import t from 'tap';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createRestAPIClient, MastoHttpError } from 'masto';
import { testInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';

/**
 * Web Push end to end: the real `masto` client subscribes on a real instance, another account
 * mentions the subscriber, and a receiving endpoint on loopback gets the push. The test decrypts
 * the payload with the subscription's own keys (RFC 8291 aes128gcm, and the aesgcm draft Mastodon
 * apps use), following the RFCs with node:crypto rather than the library that encrypted it, and
 * checks the VAPID signature against the instance's server key.
 */

interface Received { path: string; headers: IncomingMessage['headers']; body: Buffer }

async function receiver(t: { teardown(fn: () => unknown): void }) {
  const got: Received[] = [];
  const answers = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => { if (chunks.length < 64) chunks.push(c); });
    req.on('end', () => {
      if (got.length < 50) got.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = answers.get(req.url ?? '') ?? 201;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { got, answers, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A browser's side of a subscription: a P-256 key pair and an auth secret. */
function browserKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return { ecdh, auth, p256dh: ecdh.getPublicKey().toString('base64url'), authB64: auth.toString('base64url') };
}

const hkdf = (ikm: Buffer, salt: Buffer, info: Buffer, len: number) => Buffer.from(hkdfSync('sha256', ikm, salt, info, len));
const gcm = (key: Buffer, nonce: Buffer, data: Buffer) => {
  const d = createDecipheriv(key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm', key, nonce);
  d.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]);
};

/** RFC 8291 + RFC 8188: one record, the sender's key in the header. */
function decryptAes128gcm(body: Buffer, keys: ReturnType<typeof browserKeys>): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const senderPublic = body.subarray(21, 21 + idlen);
  const secret = keys.ecdh.computeSecret(senderPublic);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), keys.ecdh.getPublicKey(), senderPublic]);
  const ikm = hkdf(secret, keys.auth, info, 32);
  const cek = hkdf(ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12);
  const plain = gcm(cek, nonce, body.subarray(21 + idlen));
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error('no last-record delimiter');
  return plain.subarray(0, end).toString('utf8');
}

/** The aesgcm draft (draft-ietf-webpush-encryption-04): salt and sender key in headers, 2-byte padding length first. */
function decryptAesgcm(r: Received, keys: ReturnType<typeof browserKeys>): string {
  const param = (header: unknown, name: string) => new RegExp(`(?:^|[;,\\s])${name}=([^;,\\s]+)`).exec(String(header))?.[1];
  const salt = Buffer.from(param(r.headers.encryption, 'salt')!, 'base64url');
  const senderPublic = Buffer.from(param(r.headers['crypto-key'], 'dh')!, 'base64url');
  const secret = keys.ecdh.computeSecret(senderPublic);
  const ikm = hkdf(secret, keys.auth, Buffer.from('Content-Encoding: auth\0'), 32);
  const len = (b: Buffer) => { const x = Buffer.alloc(2); x.writeUInt16BE(b.length); return x; };
  const ua = keys.ecdh.getPublicKey();
  const context = Buffer.concat([Buffer.from('P-256\0'), len(ua), ua, len(senderPublic), senderPublic]);
  const cek = hkdf(ikm, salt, Buffer.concat([Buffer.from('Content-Encoding: aesgcm\0'), context]), 16);
  const nonce = hkdf(ikm, salt, Buffer.concat([Buffer.from('Content-Encoding: nonce\0'), context]), 12);
  const plain = gcm(cek, nonce, r.body);
  const pad = plain.readUInt16BE(0);
  return plain.subarray(2 + pad).toString('utf8');
}

/** The VAPID JWT (RFC 8292) verified with the instance's public server key; returns its claims. */
function vapidClaims(jwt: string, serverKey: string): Record<string, unknown> {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const point = Buffer.from(serverKey, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }, format: 'jwk' });
  if (!verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))) throw new Error('bad VAPID signature');
  return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
}

t.test('a mention is pushed, encrypted to the subscription, VAPID-signed; alerts, policy and gone endpoints are honoured', async (t) => {
  const inst = await testInstance(t, 'push');
  const base = `http://${inst.domain}`;
  const deps = inst.it.deps;
  await createAccount(deps, { username: 'anna', password: 'correct horse battery', displayName: 'Anna Berg' });
  await createAccount(deps, { username: 'bo', password: 'correct horse battery', displayName: 'Bo Ek' });
  const annaToken = (await createPersonalToken(deps, 'anna', ['read', 'write', 'push'])).token;
  const anna = createRestAPIClient({ url: base, accessToken: annaToken });
  const bo = createRestAPIClient({ url: base, accessToken: (await createPersonalToken(deps, 'bo', ['read', 'write'])).token });
  const serverKey = (await (await fetch(`${base}/api/v2/instance`)).json() as { configuration: { vapid: { public_key: string } } }).configuration.vapid.public_key;
  t.match(serverKey, /^[A-Za-z0-9_-]{87}$/, 'the instance announces its VAPID key');
  const push = await receiver(t);

  t.equal(((await anna.v1.push.subscription.fetch().catch((e: unknown) => e)) as MastoHttpError).statusCode, 404, 'no subscription yet: 404');
  const bad = await fetch(`${base}/api/v1/push/subscription`, {
    method: 'POST', headers: { authorization: `Bearer ${annaToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subscription: { endpoint: `${push.base}/a`, keys: { p256dh: 'BAAA', auth: 'x' } } }),
  });
  t.equal(bad.status, 422);
  t.match(await bad.json(), { error: /^Validation failed: Key p256dh/ }, 'Mastodon\'s error shape');
  const noScope = await fetch(`${base}/api/v1/push/subscription`, { headers: { authorization: `Bearer ${(await createPersonalToken(deps, 'anna', ['read'])).token}` } });
  t.equal(noScope.status, 403, 'the push scope is needed');

  // Standard (RFC 8291) subscription through masto, keys in plain base64 as masto documents them.
  const k1 = browserKeys();
  const created = await anna.v1.push.subscription.create({
    subscription: { endpoint: `${push.base}/a`, keys: { p256dh: k1.ecdh.getPublicKey().toString('base64'), auth: k1.auth.toString('base64') }, standard: true } as never,
    data: { alerts: { mention: true, follow: true } }, policy: 'all',
  });
  t.match(created, { endpoint: `${push.base}/a`, alerts: { mention: true, follow: true, favourite: false }, policy: 'all', serverKey });
  t.equal((await anna.v1.push.subscription.fetch()).id, created.id);

  const post = await bo.v1.statuses.create({ status: '@anna kan du dele jeres sms-skabelon?', visibility: 'public' });
  const r1 = await eventually('the push arrives', async () => push.got.find((r) => r.path === '/a'), 15_000);
  t.equal(r1.headers['content-encoding'], 'aes128gcm');
  t.ok(Number(r1.headers.ttl) > 0, 'a TTL');
  const [, jwt, k] = /^vapid t=([^,]+), k=(.+)$/.exec(String(r1.headers.authorization)) ?? [];
  t.equal(k, serverKey, 'signed with the announced server key');
  const claims = vapidClaims(jwt!, serverKey);
  t.equal(claims.aud, push.base, 'for the push service\'s origin');
  t.ok(Number(claims.exp) * 1000 > Date.now(), 'not expired');
  t.match(String(claims.sub), /^mailto:|^https:/);
  const payload = JSON.parse(decryptAes128gcm(r1.body, k1)) as Record<string, unknown>;
  const [notification] = await anna.v1.notifications.list({ limit: 1 });
  t.match(payload, {
    access_token: annaToken, notification_id: notification!.id, notification_type: 'mention', preferred_locale: 'en',
    title: 'Bo Ek mentioned you', body: /kan du dele jeres sms-skabelon/,
  });
  t.equal(notification!.status?.id, post.id);

  // Alerts off: nothing is even queued.
  await anna.v1.push.subscription.update({ data: { alerts: { mention: false } } });
  t.equal((await anna.v1.push.subscription.fetch()).alerts.mention, false);
  const queued = await deps.store.jobs.count({ type: 'push' });
  await bo.v1.statuses.create({ status: '@anna og en til', visibility: 'public' });
  await eventually('the mention is stored', async () => (await anna.v1.notifications.list({ limit: 5 })).length >= 2);
  t.equal(await deps.store.jobs.count({ type: 'push' }), queued, 'a muted alert is not pushed');

  // The legacy encoding, a policy, and an endpoint that is gone.
  const k2 = browserKeys();
  const legacyToken = (await createPersonalToken(deps, 'anna', ['read', 'push'])).token;
  const legacy = createRestAPIClient({ url: base, accessToken: legacyToken });
  await legacy.v1.push.subscription.create({ subscription: { endpoint: `${push.base}/b`, keys: { p256dh: k2.p256dh, auth: k2.authB64 } }, data: { alerts: { follow: true, mention: true } }, policy: 'followed' });
  await bo.v1.statuses.create({ status: '@anna nummer tre', visibility: 'public' });
  await eventually('the mention is stored', async () => (await anna.v1.notifications.list({ limit: 5 })).length >= 3);
  // Every push job has run (none pending or running), so an absent request means none was sent.
  await eventually('the push jobs ran', async () => (await deps.store.jobs.count({ type: 'push', state: 'done' })) === (await deps.store.jobs.count({ type: 'push' })), 15_000);
  t.ok((await deps.store.jobs.count({ type: 'push' })) > queued, 'a push job was queued for the legacy subscription');
  t.notOk(push.got.some((r) => r.path === '/b'), 'policy "followed": not from someone anna does not follow');
  const boAccount = await anna.v1.accounts.lookup({ acct: 'bo' });
  await anna.v1.accounts.$select(boAccount.id).follow();
  await bo.v1.statuses.create({ status: '@anna nu følger du mig', visibility: 'public' });
  const r2 = await eventually('the legacy push arrives', async () => push.got.find((r) => r.path === '/b'), 15_000);
  t.equal(r2.headers['content-encoding'], 'aesgcm');
  t.match(String(r2.headers.authorization), /^WebPush /);
  t.match(String(r2.headers['crypto-key']), new RegExp(`p256ecdsa=${serverKey}`));
  t.match(JSON.parse(decryptAesgcm(r2, k2)), { access_token: legacyToken, notification_type: 'mention', body: /nu følger du mig/ });

  push.answers.set('/b', 410);
  await bo.v1.statuses.create({ status: '@anna er du der?', visibility: 'public' });
  await eventually('a gone endpoint ends its subscription', async () => (await deps.store.pushSubscriptions.listByAccount((await deps.store.actors.getByUsername('anna', null))!.id)).length === 1, 15_000);
  t.equal(((await legacy.v1.push.subscription.fetch().catch((e: unknown) => e)) as MastoHttpError).statusCode, 404);

  await anna.v1.push.subscription.remove();
  t.equal(((await anna.v1.push.subscription.fetch().catch((e: unknown) => e)) as MastoHttpError).statusCode, 404, 'removed');
});
